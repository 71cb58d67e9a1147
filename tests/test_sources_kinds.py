"""The source kinds and their options are checked on load, each problem in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.config import HttpSettings
from pipelines.fetch import http_settings_for
from pipelines.sources import KIND_OPTIONS, SourcesError, load_sources

GOOD = """sources:
  - {id: feed, outlet: Feed, kind: rss, lang: ar, timezone: Asia/Riyadh, url: "https://news.example/rss",
     max_pages: 50, politeness: {min_delay: 5, max_per_host: 1}}
  - {id: atomic, outlet: Atomic, kind: atom, lang: en, url: "https://news.example/atom.xml"}
  - {id: mapped, outlet: Mapped, kind: sitemap, lang: "ar, en", url: "https://news.example/sitemap.xml",
     url_pattern: "/news/\\\\d+", max_sitemaps: 5}
  - id: picked
    outlet: Picked
    kind: pages
    lang: ar
    urls: ["https://news.example/a/1", {url: "https://news.example/a/2", date: 2025-06-02}]
  - {id: dump, outlet: Dump, kind: archive, lang: ar, location: "dumps/{date:%Y/%m/%d}.json", records: data.items,
     fields: {url: link, text: body}}
"""


def test_every_kind_loads_with_its_options(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(GOOD, encoding="utf-8")
    sources = {s.id: s for s in load_sources(path)}
    assert {s.kind for s in sources.values()} == set(KIND_OPTIONS) - {"directory"}
    assert sources["mapped"].lang == "ar,en"
    feed = sources["feed"]
    polite = http_settings_for(HttpSettings(), feed)
    assert (polite.min_delay, polite.max_per_host, polite.retries) == (5, 1, HttpSettings().retries)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{id: a, outlet: A, kind: rss, lang: ar}", "kind 'rss' needs url"),
        ("{id: a, outlet: A, kind: rss, lang: ar, url: 'ftp://x.example/feed'}", "option 'url' must be an http(s) URL"),
        ("{id: a, outlet: A, kind: atom, lang: ar, url: 'https://x.example/a', max_pages: 0}",
         "option 'max_pages' must be a positive integer"),
        ("{id: a, outlet: A, kind: sitemap, lang: ar, url: 'https://x.example/s', url_pattern: '(['}",
         "option 'url_pattern' is not a valid regular expression"),
        ("{id: a, outlet: A, kind: pages, lang: ar, urls: []}", "option 'urls' must be a non-empty list"),
        ("{id: a, outlet: A, kind: pages, lang: ar, urls: [{url: 'https://x.example/1', date: soon}]}",
         "entry 1: 'date' must be YYYY-MM-DD"),
        ("{id: a, outlet: A, kind: pages, lang: ar, urls: ['javascript:alert(1)']}", "entry 1: must be an http(s) URL"),
        ("{id: a, outlet: A, kind: archive, lang: ar, location: x.json, fields: {url: u}}",
         "option 'fields' needs text"),
        ("{id: a, outlet: A, kind: archive, lang: ar, location: x.json, fields: {url: u, text: t, colour: c}}",
         "unknown field(s) colour"),
        ("{id: a, outlet: A, kind: archive, lang: ar, location: '{day}.json', fields: {url: u, text: t}}",
         "option 'location' has a bad template"),
        ("{id: a, outlet: A, kind: archive, lang: ar, location: x.json, format: xml, fields: {url: u, text: t}}",
         "option 'format' must be one of json, jsonl, zip"),
        ("{id: a, outlet: A, kind: directory, lang: ar, path: p, recheck_pages: yes please}",
         "unknown option(s) recheck_pages"),
        ("{id: a, outlet: A, kind: rss, lang: arabic, url: 'https://x.example/f'}", "'lang' must be ISO 639-1"),
        ("{id: a, outlet: A, kind: rss, lang: ar, timezone: Mars/Olympus, url: 'https://x.example/f'}",
         "unknown timezone 'Mars/Olympus'"),
        ("{id: a, outlet: A, kind: rss, lang: ar, url: 'https://x.example/f', politeness: {speed: 3}}",
         "unknown politeness setting 'speed'"),
        ("{id: a, outlet: A, kind: rss, lang: ar, url: 'https://x.example/f', politeness: {max_per_host: 1.5}}",
         "politeness setting 'max_per_host' must be a non-negative int"),
    ],
)
def test_a_bad_option_names_the_source_and_the_problem(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(f"sources:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    text = str(info.value)
    assert message in text and str(path) in text and "source 'a'" in text
    assert "\n" not in text
