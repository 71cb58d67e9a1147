"""Settings: defaults, then the TOML file, then ISNAD_* variables, then arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.config import ConfigError, load_settings


def test_precedence_file_then_environment_then_arguments(tmp_path: Path) -> None:
    config = tmp_path / "isnad.toml"
    config.write_text('data_dir = "from-file"\nmax_quarantine_share = 0.5\n[http]\nmin_delay = 2.5\n',
                      encoding="utf-8")
    settings = load_settings(config, env={"ISNAD_DATA_DIR": "from-env", "ISNAD_HTTP__RETRIES": "7"})
    assert settings.data_dir == Path("from-env")
    assert settings.max_quarantine_share == 0.5
    assert settings.http.min_delay == 2.5 and settings.http.retries == 7
    assert settings.warehouse_path == Path("from-env/isnad.duckdb")
    assert load_settings(config, env={}, data_dir=tmp_path).data_dir == tmp_path


@pytest.mark.parametrize(
    ("env", "message"),
    [({"ISNAD_COLOUR": "red"}, "unknown setting 'colour'"),
     ({"ISNAD_HTTP__RETRIES": "many"}, "wrong type"),
     ({"ISNAD_HTTP__OBEY_ROBOTS": "perhaps"}, "wrong type")],
)
def test_bad_settings_name_their_origin(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(env=env, config_file=None)
    assert next(iter(env)) in str(info.value)


def test_a_missing_or_broken_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml", env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("data_dir = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, env={})
