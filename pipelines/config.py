"""Settings: one explicit object, read from a TOML file and the environment, passed down.

Precedence: built-in defaults < ``isnad.toml`` (or the file ``ISNAD_CONFIG`` names) <
``ISNAD_*`` environment variables < arguments the caller passes. Stages receive a ``Settings``
and never read the environment themselves.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipelines.stories.config import CopyConfig, FeatureConfig, GroupingConfig, StoryConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A settings file or variable that cannot be used; the message names it and the problem."""


@dataclass(frozen=True)
class HttpSettings:
    """Politeness and safety limits for every HTTP request the fetch stage makes."""

    user_agent: str = "isnad/0.1 (+https://github.com/isnad-news/isnad; news-sourcing research crawler)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff_factor: float = 1.0
    max_backoff: float = 60.0
    min_delay: float = 1.0  # seconds between two requests to one host
    max_per_host: int = 2
    max_redirects: int = 5
    max_body_bytes: int = 20 * 1024 * 1024
    allow_private_addresses: bool = False
    obey_robots: bool = True
    robots_cache_seconds: float = 24 * 3600.0  # a fetched robots.txt is trusted this long (kept on disk)
    max_workers: int = 4  # pages fetched at once over all hosts; each host still gets at most max_per_host


@dataclass(frozen=True)
class Settings:
    """Where isnad reads and writes, and the thresholds it applies."""

    data_dir: Path = Path("data")
    warehouse: Path | None = None  # default: <data_dir>/isnad.duckdb
    sources_file: Path = PROJECT_ROOT / "sample" / "sources.yml"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    # A run fails loudly when more than this share of a table's rows lands in quarantine.
    max_quarantine_share: float = 0.25
    http: HttpSettings = field(default_factory=HttpSettings)
    # Story grouping and agency-copy thresholds ([stories.grouping], [stories.copies], [stories.features]).
    stories: StoryConfig = field(default_factory=StoryConfig)

    @property
    def warehouse_path(self) -> Path:
        return self.warehouse if self.warehouse is not None else self.data_dir / "isnad.duckdb"

    @property
    def raw_dir(self) -> Path:
        """Fetched pages and records, compressed, by logical date and source."""
        return self.data_dir / "raw"

    @property
    def staged_dir(self) -> Path:
        """Parquet per table, logical date and source: parsed, extracted and validated rows."""
        return self.data_dir / "staged"

    @property
    def dbt_target_dir(self) -> Path:
        return self.data_dir / "dbt" / "target"


_PATH_FIELDS = {"data_dir", "warehouse", "sources_file", "dbt_project_dir"}


def _coerce(cls: type, name: str, value: Any, origin: str) -> Any:
    kinds = {f.name: f.type for f in fields(cls)}
    if name not in kinds:
        raise ConfigError(f"{origin}: unknown setting {name!r}")
    if name in _PATH_FIELDS:
        return Path(str(value)).expanduser()
    default = getattr(cls(), name)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                if value.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                    raise ValueError(value)
                return value.lower() in {"1", "true", "yes"}
            return bool(value)
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: setting {name!r} has the wrong type: {value!r}") from exc


def _story_config(sections: dict[str, Any], origin: str) -> StoryConfig:
    """``[stories.<part>]`` tables of the TOML file over the measured defaults."""
    config = StoryConfig()
    parts = {"features": FeatureConfig, "copies": CopyConfig, "grouping": GroupingConfig}
    for part, values in sections.items():
        if part not in parts or not isinstance(values, dict):
            raise ConfigError(f"{origin}: unknown section [stories.{part}] (known: {', '.join(parts)})")
        cls = parts[part]
        coerced = {}
        for name, value in values.items():
            if name not in {f.name for f in fields(cls)}:
                raise ConfigError(f"{origin}: unknown setting {name!r} in [stories.{part}]")
            default: Any = getattr(cls(), name)
            coerced[name] = frozenset(value) if isinstance(default, frozenset) else type(default)(value)
        config = replace(config, **{part: replace(getattr(config, part), **coerced)})
    return config


def load_settings(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Defaults, then the TOML file, then ``ISNAD_*`` variables (``ISNAD_HTTP__MIN_DELAY``), then overrides."""
    env = os.environ if env is None else env
    top: dict[str, Any] = {}
    http: dict[str, Any] = {}
    path = config_file or (Path(env["ISNAD_CONFIG"]) if env.get("ISNAD_CONFIG") else Path("isnad.toml"))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        for key, value in data.items():
            if key == "http" and isinstance(value, dict):
                http.update({k: _coerce(HttpSettings, k, v, str(path)) for k, v in value.items()})
            elif key == "stories" and isinstance(value, dict):
                top["stories"] = _story_config(value, str(path))
            else:
                top[key] = _coerce(Settings, key, value, str(path))
    elif config_file is not None:
        raise ConfigError(f"{config_file}: settings file not found")
    for key, value in env.items():
        if not key.startswith("ISNAD_") or key == "ISNAD_CONFIG":
            continue
        name = key[len("ISNAD_") :].lower()
        if name.startswith("http__"):
            http[name[6:]] = _coerce(HttpSettings, name[6:], value, key)
        else:
            top[name] = _coerce(Settings, name, value, key)
    for key, value in overrides.items():
        if value is not None:
            top[key] = _coerce(Settings, key, value, "argument")
    settings = Settings(**top)
    return replace(settings, http=replace(settings.http, **http))
