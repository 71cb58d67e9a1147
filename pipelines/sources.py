"""The sources file: which outlets to read, how, and in which language.

The file is validated as a whole before a run writes anything: a file that does not parse,
a duplicate id, an unknown kind or a missing option stops the run with one line that names
the file, the source and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Options each kind needs and may take. The fetchers in pipelines.fetch implement these kinds.
KIND_OPTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "directory": (frozenset({"path"}), frozenset({"format", "glob"})),
    "archive": (frozenset({"location", "fields"}), frozenset({"format", "date_format", "records"})),
}
_COMMON = frozenset({"id", "outlet", "kind", "lang", "timezone", "politeness", "enabled"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Source:
    """One configured source; ``options`` holds the kind-specific settings."""

    id: str
    outlet: str
    kind: str
    lang: str
    timezone: str = "UTC"
    options: dict[str, Any] = field(default_factory=dict)
    politeness: dict[str, Any] = field(default_factory=dict)
    base_dir: Path = Path(".")  # relative paths in options resolve against the sources file's folder

    def resolve(self, location: str) -> str:
        """A path option made absolute against the sources file's folder; URLs pass through."""
        if "://" in location:
            return location
        path = Path(location).expanduser()
        return str(path if path.is_absolute() else self.base_dir / path)


def load_sources(path: Path) -> list[Source]:
    """Read and check every source in ``path``; raise ``SourcesError`` on the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"{path}: sources file not found") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourcesError(f"{path}: not valid YAML{line}: {problem}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise SourcesError(f"{path}: expected a mapping with a non-empty 'sources' list")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["sources"], 1):
        sources.append(_parse_entry(path, number, entry, seen))
    return [s for s, entry in zip(sources, data["sources"], strict=True) if entry.get("enabled", True)]


def _parse_entry(path: Path, number: int, entry: Any, seen: set[str]) -> Source:
    where = f"{path}: source #{number}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a mapping, got {type(entry).__name__}")
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        raise SourcesError(f"{where}: 'id' must be lowercase letters, digits, '-' or '_' (got {source_id!r})")
    where = f"{path}: source {source_id!r}"
    if source_id in seen:
        raise SourcesError(f"{where}: duplicate id")
    seen.add(source_id)
    kind = entry.get("kind")
    if kind not in KIND_OPTIONS:
        raise SourcesError(f"{where}: unknown kind {kind!r} (known: {', '.join(sorted(KIND_OPTIONS))})")
    required, optional = KIND_OPTIONS[kind]
    missing = sorted(required - entry.keys())
    if missing:
        raise SourcesError(f"{where}: kind {kind!r} needs {', '.join(missing)}")
    unknown = sorted(entry.keys() - required - optional - _COMMON)
    if unknown:
        raise SourcesError(f"{where}: unknown option(s) {', '.join(unknown)} for kind {kind!r}")
    for name in ("outlet", "lang"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise SourcesError(f"{where}: '{name}' is required")
    politeness = entry.get("politeness") or {}
    if not isinstance(politeness, dict):
        raise SourcesError(f"{where}: 'politeness' must be a mapping")
    return Source(
        id=source_id,
        outlet=entry["outlet"].strip(),
        kind=kind,
        lang=entry["lang"].strip(),
        timezone=str(entry.get("timezone", "UTC")),
        options={k: v for k, v in entry.items() if k in required | optional},
        politeness=politeness,
        base_dir=path.resolve().parent,
    )
