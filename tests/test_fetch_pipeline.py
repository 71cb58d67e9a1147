"""A feed source through every stage into the warehouse: its articles load, and each URL that did
not make it is a fetch-log row with its reason (the table ``isnad status`` reports)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from pipelines.config import load_settings
from pipelines.load import connect
from pipelines.run import run_dates
from tests.support.http_server import Reply, serve, static
from tests.support.news_site import TEST_HTTP, Story, article_html, rss

DAY = date(2025, 6, 2)
STAMP = "Mon, 02 Jun 2025 06:00:00 GMT"


def test_a_feed_source_loads_its_articles_and_records_every_failure(tmp_path: Path) -> None:
    stories = [Story("park", "افتتاح حديقة الحي الشمالي", "2025-06-02T09:00:00+03:00"),
               Story("trees", "زراعة ألفي شجرة في الشوارع", "2025-06-02T11:00:00+03:00")]
    routes = {"/news/park": static(article_html(stories[0])), "/news/trees": static(article_html(stories[1])),
              "/news/broken": lambda request: Reply(500, b"error"),
              "/robots.txt": static(b"User-agent: isnad\nDisallow: /private/\n", "text/plain")}
    with serve(routes) as server:  # type: ignore[arg-type]
        routes["/feed.xml"] = static(rss([(server.url(p), p, STAMP) for p in
                                          ("/news/park", "/news/trees", "/news/broken", "/private/memo")]))
        routes["/down.xml"] = lambda request: Reply(503, b"")
        sources = tmp_path / "sources.yml"
        sources.write_text(yaml.safe_dump({"sources": [
            {"id": "paper", "outlet": "صحيفة الاختبار", "kind": "rss", "lang": "ar", "timezone": "Asia/Riyadh",
             "url": server.url("/feed.xml")},
            {"id": "down", "outlet": "Down", "kind": "rss", "lang": "ar", "url": server.url("/down.xml")},
        ]}, allow_unicode=True), encoding="utf-8")
        settings = replace(load_settings(env={}, data_dir=tmp_path / "data", sources_file=sources), http=TEST_HTTP)
        result = run_dates(settings, DAY, DAY, build=False)
    assert [(f[1], f[2]) for f in result.failures] == [("down", "fetch")]
    con = connect(settings, read_only=True)
    titles = {r[0] for r in con.execute("SELECT title FROM raw.articles WHERE source_id = 'paper'").fetchall()}
    assert titles == {s.title for s in stories}
    log = con.execute("""SELECT source_id, regexp_extract(url, '[^/]+$'), outcome, reason, status
                         FROM raw.fetch_log WHERE outcome <> 'ok' ORDER BY 1, 2""").fetchall()
    assert log == [("down", "down.xml", "error", "http_error", 503),
                   ("paper", "broken", "error", "http_error", 500),
                   ("paper", "memo", "error", "robots_disallowed", None)]
    status = con.execute("SELECT status, sources_ok, sources_failed FROM raw.runs").fetchone()
    assert status == ("partial", 1, 1)


def test_isnad_run_no_extract_loads_articles_without_claims(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app
    from tests.conftest import SAMPLE_SOURCES, SAMPLE_START, sample_settings

    result = CliRunner().invoke(app, ["run", "--date", SAMPLE_START, "--sources", str(SAMPLE_SOURCES),
                                      "--data-dir", str(tmp_path), "--no-extract", "--no-build"])
    assert result.exit_code == 0, result.output
    con = connect(sample_settings(tmp_path), read_only=True)
    articles, claims = con.execute("SELECT (SELECT count(*) FROM raw.articles), (SELECT count(*) FROM raw.claims)"
                                   ).fetchone()  # type: ignore[misc]
    assert articles > 0 and claims == 0
