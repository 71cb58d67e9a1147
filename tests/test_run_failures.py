"""A source that fails at run time is recorded with its reason; the run goes on with the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pipelines.config import HttpSettings
from pipelines.load import connect
from pipelines.run import run_dates
from tests.conftest import REPO_ROOT, sample_settings
from tests.support.http_server import Reply, serve


def _sources(tmp_path: Path, archive_url: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(f"""sources:
  - id: alwaha
    outlet: صحيفة الواحة
    kind: directory
    lang: ar
    path: {REPO_ROOT / 'sample' / 'html' / 'alwaha' / '{date}'}
  - id: brokenwire
    outlet: Broken Wire
    kind: archive
    lang: ar
    location: {archive_url}
    fields: {{url: link, text: body, published: stamp}}
""", encoding="utf-8")
    return path


def test_a_failing_source_is_recorded_and_the_others_load(tmp_path: Path) -> None:
    with serve({"/wire.jsonl": lambda request: Reply(500, b"internal error")}) as server:
        settings = sample_settings(
            tmp_path / "data", sources_file=_sources(tmp_path, server.url("/wire.jsonl")))
        settings = replace(settings, http=HttpSettings(
            allow_private_addresses=True, retries=1, backoff_factor=0.01, min_delay=0.0))
        result = run_dates(settings, date(2026, 11, 23), date(2026, 11, 23))
        assert server.hits["/wire.jsonl"] == 2  # the first try and one retry
    assert [(f[1], f[2]) for f in result.failures] == [("brokenwire", "fetch")]
    assert "http_error" in result.failures[0][3]
    con = connect(settings, read_only=True)
    assert con.execute("SELECT count(*) FROM raw.articles").fetchone()[0] == 1  # type: ignore[index]
    status, failed = con.execute("SELECT status, sources_failed FROM raw.runs").fetchone()  # type: ignore[misc]
    assert (status, failed) == ("partial", 1)
    log = con.execute("SELECT outcome, reason, status FROM raw.fetch_log WHERE source_id = 'brokenwire'").fetchall()
    assert log == [("error", "http_error", 500)]
