"""The sources file: a bad file stops a run with one clear line, before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.fetch import FETCHERS
from pipelines.sources import KIND_OPTIONS, SourcesError, load_sources
from tests.conftest import SAMPLE_SOURCES


def test_the_sample_sources_load() -> None:
    sources = load_sources(SAMPLE_SOURCES)
    assert {s.id for s in sources} == {"alwaha", "almarsad", "sada", "thegazette", "gulfwire"}
    wire = next(s for s in sources if s.id == "gulfwire")
    assert wire.kind == "archive" and wire.options["fields"]["text"] == "body"
    assert Path(wire.resolve(wire.options["location"])).is_file()


def test_every_kind_has_a_fetcher() -> None:
    assert FETCHERS.keys() == KIND_OPTIONS.keys()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sources: [\n  - id: x\n    kind: directory\n   bad", "not valid YAML at line"),
        ("nothing: here\n", "non-empty 'sources' list"),
        ("sources:\n  - {id: a, outlet: A, kind: rsss, lang: ar, url: x}\n", "unknown kind 'rsss'"),
        ("sources:\n  - {id: a, outlet: A, kind: directory, lang: ar}\n", "kind 'directory' needs path"),
        ("sources:\n  - {id: a, outlet: A, kind: directory, lang: ar, path: p, colour: red}\n",
         "unknown option(s) colour"),
        ("sources:\n  - {id: a, outlet: A, kind: directory, lang: ar, path: p}\n"
         "  - {id: a, outlet: B, kind: directory, lang: ar, path: q}\n", "duplicate id"),
        ("sources:\n  - {id: Bad Id, outlet: A, kind: directory, lang: ar, path: p}\n", "'id' must be"),
        ("sources:\n  - {id: a, kind: directory, lang: ar, path: p}\n", "'outlet' is required"),
    ],
)
def test_a_bad_sources_file_names_the_file_and_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text


def test_a_run_with_a_bad_sources_file_writes_nothing(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - {id: a, outlet: A, kind: telepathy, lang: ar}\n", encoding="utf-8")
    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["run", "--date", "2026-11-23", "--sources", str(sources),
                                      "--data-dir", str(data)])
    assert result.exit_code == 2
    assert "unknown kind 'telepathy'" in result.output
    assert not data.exists()
