"""Feeds, sitemaps, page lists and archives over real HTTP: selected by date, fetched politely,
kept in the raw store, parsed into articles, and every URL on record with its outcome."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from pipelines.config import Settings, load_settings
from pipelines.fetch import SourceFetchFailed, fetch_source
from pipelines.fetch.store import FetchLogEntry, RawStore
from pipelines.parse.stage import parse_partition
from pipelines.partitions import Partition, read_frame, staged_path
from pipelines.sources import load_sources
from tests.support.http_server import LocalServer, Reply, serve, static
from tests.support.news_site import TEST_HTTP, Story, article_html, atom, gz, rss, sitemap_index, urlset

DAY = date(2025, 6, 2)
TODAY = Story("park", "افتتاح حديقة الحي الشمالي", "2025-06-02T09:00:00+03:00")
TONIGHT = Story("trees", "زراعة ألفي شجرة في الشوارع", "2025-06-02T23:30:00+03:00")  # 20:30 UTC: still D in Riyadh
YESTERDAY = Story("road", "إغلاق طريق الكورنيش للصيانة", "2025-06-01T10:00:00+03:00")
FERRY = Story("ferry", "A new ferry line between the islands", "2025-06-02T08:00:00+00:00", lang="en")


@dataclass
class Outcome:
    log: list[FetchLogEntry]
    articles: pd.DataFrame
    quarantine: pd.DataFrame

    def reasons(self) -> dict[str, str]:
        return {e.url.rsplit("/", 1)[-1]: (e.reason or e.outcome) for e in self.log}


def settings_for(tmp_path: Path, *entries: dict[str, Any]) -> Settings:
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": list(entries)}, allow_unicode=True), encoding="utf-8")
    return replace(load_settings(env={}, data_dir=tmp_path / "data", sources_file=path), http=TEST_HTTP)


def run(settings: Settings, day: date = DAY) -> Outcome:
    source = load_sources(settings.sources_file)[0]
    try:
        fetch_source(settings, source, day)
    finally:
        log = RawStore(settings.raw_dir).read_fetch_log(Partition(day, source.id))
    parse_partition(settings, source, day, "test-run")
    partition = Partition(day, source.id)
    articles = read_frame(staged_path(settings.staged_dir, "parsed", partition, "articles"))
    quarantine = read_frame(staged_path(settings.staged_dir, "parsed", partition, "quarantine"))
    assert articles is not None and quarantine is not None
    return Outcome(log, articles, quarantine)


def page(story: Story, **kwargs: Any) -> Any:
    return static(article_html(story, **kwargs))


def riyadh_feed(server: LocalServer) -> dict[str, Any]:
    return {"id": "testpaper", "outlet": "صحيفة الاختبار", "kind": "rss", "lang": "ar", "timezone": "Asia/Riyadh",
            "url": server.url("/feed.xml")}


def test_an_rss_feed_gives_the_days_articles_and_every_url_its_outcome(tmp_path: Path) -> None:
    routes = {"/news/park": page(TODAY), "/news/trees": page(TONIGHT), "/news/road": page(YESTERDAY),
              "/robots.txt": static(b"User-agent: *\nDisallow: /members/\n", "text/plain"),
              "/members/report": page(Story("members", "تقرير خاص بالمشتركين", TODAY.published)),
              "/files/report": lambda request: Reply(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"}),
              "/news/gone": lambda request: Reply(404, b"not here")}
    with serve(routes) as server:
        def item(path: str, title: str, when: str = "Mon, 02 Jun 2025 06:00:00 GMT") -> tuple[str, str, str]:
            return server.url(path), title, when

        routes["/feed.xml"] = static(rss([
            item("/news/park", TODAY.title),
            item("/news/park?utm_source=rss&utm_medium=feed", TODAY.title),  # the same article again
            item("/news/trees", TONIGHT.title, "Mon, 02 Jun 2025 20:30:00 GMT"),
            item("/news/road", YESTERDAY.title, "Sun, 01 Jun 2025 07:00:00 GMT"),  # another day: not taken
            item("/members/report", "تقرير"),
            item("/files/report", "ملف"),
            item("/files/summary.pdf", "ملخص"),
            item("/news/gone", "خبر محذوف"),
        ]), "application/rss+xml")
        outcome = run(settings_for(tmp_path, riyadh_feed(server)))
    assert sorted(outcome.articles["title"]) == sorted([TODAY.title, TONIGHT.title])
    assert set(outcome.articles["language"]) == {"ar"}
    assert "/news/road" not in server.hits
    reasons = outcome.reasons()
    assert reasons["park?utm_source=rss&utm_medium=feed"] == "duplicate_url"
    assert {e.reason for e in outcome.log if e.url.endswith("/members/report")} == {"robots_disallowed"}
    assert {e.reason for e in outcome.log if e.url.endswith("/files/report")} == {"not_html"}
    assert reasons["summary.pdf"] == "not_html"
    assert reasons["gone"] == "http_error"
    # The feed's date is the article's: 20:30 UTC on the 2nd is 23:30 in Riyadh, still the 2nd.
    published = dict(zip(outcome.articles["title"], outcome.articles["published_at"], strict=True))
    assert published[TONIGHT.title] == pd.Timestamp("2025-06-02T20:30:00Z")
    text = outcome.articles.set_index("title").loc[TODAY.title, "text"]
    assert "بلدية المدينة الساحلية" in text and "الرئيسية" not in text  # the body, not the menu


def test_a_rerun_sends_conditional_gets_and_skips_stored_pages(tmp_path: Path) -> None:
    routes = {"/news/park": page(TODAY), "/news/trees": page(TONIGHT)}
    with serve(routes) as server:
        routes["/feed.xml"] = static(rss([(server.url("/news/park"), TODAY.title, "Mon, 02 Jun 2025 06:00:00 GMT"),
                                          (server.url("/news/trees"), TONIGHT.title, "Mon, 02 Jun 2025 07:00:00 GMT")]),
                                     "application/rss+xml")
        settings = settings_for(tmp_path, riyadh_feed(server))
        first = run(settings)
        second = run(settings)
        feed_requests = [r for r in server.requests if r.path == "/feed.xml"]
    assert server.hits["/news/park"] == 1 and server.hits["/news/trees"] == 1
    assert feed_requests[1].header("If-None-Match") and server.hits["/feed.xml"] == 2
    assert [e.outcome for e in second.log] == ["not_modified", "skipped", "skipped"]
    assert {e.reason for e in second.log[1:]} == {"already_stored"}
    assert first.articles.drop(columns="run_id").equals(second.articles.drop(columns="run_id"))


def test_recheck_pages_asks_with_a_conditional_get_instead_of_skipping(tmp_path: Path) -> None:
    routes = {"/news/park": page(TODAY)}
    with serve(routes) as server:
        routes["/feed.xml"] = static(rss([(server.url("/news/park"), TODAY.title, "Mon, 02 Jun 2025 06:00:00 GMT")]))
        settings = settings_for(tmp_path, {**riyadh_feed(server), "recheck_pages": True})
        run(settings)
        second = run(settings)
    assert server.hits["/news/park"] == 2
    assert [e.outcome for e in second.log] == ["not_modified", "not_modified"]
    assert len(second.articles) == 1


def test_a_partial_failure_keeps_what_it_got_and_the_rerun_fetches_only_the_rest(tmp_path: Path) -> None:
    healthy = {"now": False}
    routes = {"/news/park": page(TODAY), "/news/trees": page(TONIGHT),
              "/news/ferry": lambda request: Reply(200, article_html(TODAY, extra_paragraphs=("فقرة إضافية.",)),
                                                   {"Content-Type": "text/html"}) if healthy["now"]
              else Reply(503, b"busy")}
    with serve(routes) as server:
        stamps = "Mon, 02 Jun 2025 06:00:00 GMT"
        routes["/feed.xml"] = static(rss([(server.url(p), p, stamps) for p in ("/news/park", "/news/trees",
                                                                               "/news/ferry")]))
        settings = settings_for(tmp_path, riyadh_feed(server))
        first = run(settings)
        healthy["now"] = True
        second = run(settings)
    assert len(first.articles) == 2
    assert [(e.url.rsplit("/", 1)[-1], e.reason, e.status) for e in first.log if e.outcome == "error"] == [
        ("ferry", "http_error", 503)]
    assert server.hits["/news/park"] == 1 and server.hits["/news/trees"] == 1
    assert server.hits["/news/ferry"] == 3  # two tries in the first run, one in the second
    assert len(second.articles) == 3


def test_a_malformed_feed_is_recorded_as_bad_feed(tmp_path: Path) -> None:
    routes = {"/feed.xml": static(b"<html><body><h1>Maintenance</h1><p>Back soon", "text/html")}
    with serve(routes) as server:
        settings = settings_for(tmp_path, riyadh_feed(server))
        with pytest.raises(SourceFetchFailed, match="bad_feed"):
            run(settings)
        log = RawStore(settings.raw_dir).read_fetch_log(Partition(DAY, "testpaper"))
    assert [(e.outcome, e.reason) for e in log] == [("error", "bad_feed")]


def test_an_atom_feed_with_updated_dates_only(tmp_path: Path) -> None:
    routes = {"/en/ferry": page(FERRY)}
    with serve(routes) as server:
        routes["/atom.xml"] = static(atom([(server.url("/en/ferry"), FERRY.title, "2025-06-02T08:00:00Z"),
                                           (server.url("/en/old"), "Old", "2025-05-30T08:00:00Z")]),
                                     "application/atom+xml")
        outcome = run(settings_for(tmp_path, {"id": "gazette", "outlet": "Test Gazette", "kind": "atom",
                                              "lang": "en", "url": server.url("/atom.xml")}))
    assert list(outcome.articles["title"]) == [FERRY.title]
    assert list(outcome.articles["language"]) == ["en"]


def test_the_same_article_under_two_urls_is_one_article(tmp_path: Path) -> None:
    canonical = "/news/7-park-opens"
    routes: dict[str, Any] = {}
    with serve(routes) as server:
        # Two listed URLs the listing cannot tell apart, two bodies (the AMP page has other markup),
        # one canonical link: parse makes them one article and records the other.
        routes["/news/7-park-opens"] = page(TODAY, canonical=server.url(canonical))
        routes["/m/7"] = page(TODAY, canonical=server.url(canonical), extra_paragraphs=("نسخة الجوال.",))
        routes["/feed.xml"] = static(rss([(server.url(p), TODAY.title, "Mon, 02 Jun 2025 06:00:00 GMT")
                                          for p in ("/news/7-park-opens", "/m/7", "/news/7-park-opens/amp/")]))
        outcome = run(settings_for(tmp_path, riyadh_feed(server)))
    assert len(outcome.articles) == 1
    assert outcome.articles["canonical_url"].iloc[0] == server.url(canonical)
    amp = [e for e in outcome.log if e.url.endswith("/amp/")]
    assert [(e.outcome, e.reason) for e in amp] == [("skipped", "duplicate_url")]  # it never left the listing
    assert list(outcome.quarantine["failed_checks"].str.split(" ").str[0]) == ["duplicate_article"]
    assert "/news/7-park-opens/amp/" not in server.hits


def test_a_page_with_a_wrong_charset_header_comes_out_as_arabic(tmp_path: Path) -> None:
    routes = {"/cp1256": lambda request: Reply(200, article_html(TODAY, charset="windows-1256"),
                                               {"Content-Type": "text/html; charset=iso-8859-1"}),
              "/iso": lambda request: Reply(200, article_html(TONIGHT, charset="iso-8859-6", declare_charset=False),
                                            {"Content-Type": "text/html; charset=windows-1256"})}
    with serve(routes) as server:
        routes["/feed.xml"] = static(rss([(server.url("/cp1256"), "a", "Mon, 02 Jun 2025 06:00:00 GMT"),
                                          (server.url("/iso"), "b", "Mon, 02 Jun 2025 06:00:00 GMT")]))
        outcome = run(settings_for(tmp_path, riyadh_feed(server)))
    assert sorted(outcome.articles["title"]) == sorted([TODAY.title, TONIGHT.title])
    for text in outcome.articles["text"]:
        assert "وقال مدير المشاريع في البلدية" in text


def test_a_sitemap_index_with_a_gzipped_news_sitemap(tmp_path: Path) -> None:
    routes = {"/news/park": page(TODAY), "/news/trees": page(TONIGHT), "/news/road": page(YESTERDAY),
              "/section/local": page(Story("section", "محليات", TODAY.published))}
    with serve(routes) as server:
        news = urlset([(server.url("/news/park"), "2025-06-02T09:00:00+03:00"),
                       (server.url("/news/trees"), "2025-06-02T23:30:00+03:00"),
                       (server.url("/news/road"), "2025-06-01T10:00:00+03:00"),
                       (server.url("/section/local"), "2025-06-02T10:00:00+03:00")], news=True)
        routes["/sitemap-news.xml.gz"] = static(gz(news), "application/gzip")
        routes["/sitemap-2024.xml"] = static(urlset([(server.url("/news/old"), "2024-01-01")]), "application/xml")
        routes["/sitemap-pages.xml"] = static(urlset([(server.url("/news/undated"), None)]), "application/xml")
        routes["/sitemap.xml"] = static(sitemap_index([(server.url("/sitemap-news.xml.gz"), "2025-06-02"),
                                                       (server.url("/sitemap-2024.xml"), "2024-01-02"),
                                                       (server.url("/sitemap-pages.xml"), None)]),
                                        "application/xml")
        outcome = run(settings_for(tmp_path, {"id": "sitemapped", "outlet": "Sitemapped", "kind": "sitemap",
                                              "lang": "ar", "timezone": "Asia/Riyadh",
                                              "url": server.url("/sitemap.xml"), "url_pattern": "/news/"}))
    assert sorted(outcome.articles["title"]) == sorted([TODAY.title, TONIGHT.title])
    assert "/sitemap-2024.xml" not in server.hits  # last changed before the date: nothing new in it
    assert "/section/local" not in server.hits and "/news/road" not in server.hits
    assert "undated_urls:1" in {e.reason for e in outcome.log}


def test_a_page_list_takes_dated_pages_on_their_day_and_undated_ones_by_their_own_date(tmp_path: Path) -> None:
    undated = article_html(TONIGHT).replace(b'<meta property="article:published_time"', b'<meta name="x"')
    routes = {"/a": page(TODAY), "/b": page(YESTERDAY), "/c": page(FERRY),
              "/d": lambda request: Reply(200, undated.replace(b"2025-06-02", b"xxxx"), {"Content-Type": "text/html"})}
    with serve(routes) as server:
        settings = settings_for(tmp_path, {"id": "picked", "outlet": "Picked", "kind": "pages", "lang": "ar,en",
                                           "timezone": "Asia/Riyadh",
                                           "urls": [{"url": server.url("/a"), "date": "2025-06-02"},
                                                    {"url": server.url("/b"), "date": "2025-06-01"},
                                                    server.url("/c"), server.url("/d")]})
        outcome = run(settings)
    assert sorted(outcome.articles["title"]) == sorted([TODAY.title, FERRY.title])
    assert "/b" not in server.hits
    assert outcome.reasons()["d"] == "no_publication_date"


def test_a_per_day_archive_over_http_a_missing_day_is_empty_and_a_rerun_downloads_nothing(tmp_path: Path) -> None:
    records = "\n".join([
        '{"link": "https://wire.example/1", "body": "أعلنت الهيئة العامة للأرصاد أن درجات الحرارة ستنخفض غدا.", '
        '"stamp": "2025-06-02 10:00:00", "headline": "انخفاض الحرارة"}',
        '{"link": "https://wire.example/2", "body": "", "stamp": "2025-06-02 11:00:00"}',
        '{"link": "https://wire.example/3", "body": "افتتح المعرض الدولي للكتاب أبوابه أمس.", '
        '"stamp": "2025-06-01 23:00:00"}',
    ]).encode()
    with serve({"/dumps/2025-06-02.jsonl": static(records, "application/x-ndjson")}) as server:
        settings = settings_for(tmp_path, {"id": "wire", "outlet": "Wire", "kind": "archive", "lang": "ar",
                                           "timezone": "Asia/Riyadh", "location": server.url("/dumps/{date}.jsonl"),
                                           "fields": {"url": "link", "text": "body", "published": "stamp",
                                                      "title": "headline"}})
        first = run(settings)
        again = run(settings)
        missing = run(settings, date(2025, 6, 3))
    assert list(first.articles["url"]) == ["https://wire.example/1"]
    assert sorted(first.quarantine["failed_checks"]) == ["empty_text", "published_on_other_date:2025-06-01"]
    assert [e.outcome for e in again.log] == ["not_modified"] and again.articles.equals(first.articles)
    assert [(e.outcome, e.reason, e.status) for e in missing.log] == [
        ("empty", "no archive file for this date", 404)]
    assert missing.articles.empty
