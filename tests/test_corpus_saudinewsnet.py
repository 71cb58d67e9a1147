"""SaudiNewsNet served over loopback HTTP as a per-day archive source: every one of its 31,030
records reaches the warehouse once, or is on record in quarantine with its reason, and a second
run over the same dates changes nothing and downloads nothing.

Accounting: a record whose ``content`` is empty (354 in the corpus), or is only residue, is
quarantined at parse as ``empty_text``; one whose text is not in the source's language (a few
English photo captions and film lists) as ``unexpected_language:<code>``. So
``articles + parse quarantine == 31,030``, with no id in both and none twice. Four dates in the
range have no zip: the server answers 404 and those are empty days, not failures.

The run goes through ``run_dates`` like ``isnad run --no-build --no-extract``: fetch, parse,
validate and load of articles, without the extractor or dbt (they have their own tests).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipelines.config import HttpSettings, load_settings
from pipelines.load import connect
from pipelines.run import run_dates
from tests.conftest import require_shared
from tests.support.http_server import files, serve
from tests.support.news_site import TEST_HTTP

RECORDS = 31_030
START, END = date(2015, 7, 21), date(2015, 8, 11)
NO_ZIP = {"2015-07-28", "2015-07-29", "2015-07-30", "2015-08-05"}


def _sources(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(f"""sources:
  - id: saudinewsnet
    outlet: SaudiNewsNet
    kind: archive
    lang: ar
    timezone: Asia/Riyadh
    location: {base_url}/saudinewsnet/{{date}}.zip
    format: zip
    fields: {{url: url, title: title, text: content, author: author, published: date_extracted, outlet: source}}
""", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.corpus
def test_every_saudinewsnet_record_is_loaded_once_or_on_record(tmp_path: Path) -> None:
    corpus = require_shared("corpora", "saudinewsnet")
    with serve({"/saudinewsnet/*": files(corpus, "application/zip")}) as server:
        settings = load_settings(env={}, data_dir=tmp_path / "data", sources_file=_sources(tmp_path, server.base_url))
        settings = replace(settings, http=replace(TEST_HTTP, max_body_bytes=HttpSettings().max_body_bytes))
        first = run_dates(settings, START, END, build=False, extract=False)
        assert not first.failures, first.failures
        con = connect(settings, read_only=True)
        first_counts = _account(con)
        con.close()
        second = run_dates(settings, START, END, build=False, extract=False)
        assert not second.failures, second.failures
    con = connect(settings, read_only=True)
    assert _account(con) == first_counts
    fetched = con.execute("SELECT outcome, count(*) FROM raw.fetch_log GROUP BY 1 ORDER BY 1").fetchall()
    assert dict(fetched) == {"empty": len(NO_ZIP), "not_modified": 18}  # the second run downloaded nothing
    empty_days = {str(r[0]) for r in con.execute("SELECT logical_date FROM raw.fetch_log WHERE outcome = 'empty'")
                  .fetchall()}
    assert empty_days == NO_ZIP
    assert server.hits["/saudinewsnet/2015-07-21.zip"] == 2  # one download, one conditional GET


def _account(con) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Articles and parse-quarantine rows: together every record, each once."""
    articles = con.execute("SELECT count(*), count(DISTINCT article_id), count(DISTINCT url) FROM raw.articles"
                           ).fetchone()
    assert articles[0] == articles[1] == articles[2]
    rows = con.execute("SELECT record_key, failed_checks, row_json FROM raw.quarantine WHERE stage = 'parse'"
                       ).fetchall()
    held = {key for key, _, _ in rows}
    assert len(held) == len(rows)
    assert not held & {r[0] for r in con.execute("SELECT article_id FROM raw.articles").fetchall()}
    reasons: dict[str, int] = {}
    for _, reason, row in rows:
        reasons[reason.split(":")[0]] = reasons.get(reason.split(":")[0], 0) + 1
        assert json.loads(row)["url"]
    assert set(reasons) <= {"empty_text", "unexpected_language"}
    assert reasons["empty_text"] >= 354  # the records whose content is empty, at least
    other = con.execute("SELECT count(*) FROM raw.quarantine WHERE stage <> 'parse'").fetchone()[0]
    assert other == 0
    assert articles[0] + len(rows) == RECORDS
    return {"articles": articles[0], **reasons}
