"""Fetch and parse throughput for HTML pages, over real HTTP on loopback (no network needed).

Serves N generated article pages and a News sitemap listing them from a local server, then runs
the fetch stage (a ``sitemap`` source, politeness delay off so the client itself is measured)
and the parse stage on them, and prints pages per second for each. ``--profile`` prints where
the time goes (cProfile, top functions by cumulative time). A benchmark, never a timed test.

    uv run python -m bench.http_bench --pages 400 [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from pipelines.config import load_settings
from pipelines.fetch import fetch_source
from pipelines.parse.stage import parse_partition
from pipelines.sources import load_sources
from tests.support.http_server import serve, static
from tests.support.news_site import TEST_HTTP, Story, article_html, urlset

DAY = date(2025, 6, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    stories = [Story(f"s{n}", f"خبر رقم {n} عن افتتاح حديقة جديدة", "2025-06-02T09:00:00+03:00")
               for n in range(args.pages)]
    routes = {f"/news/{s.slug}": static(article_html(s)) for s in stories}
    with serve(routes) as server:  # type: ignore[arg-type]
        routes["/sitemap.xml"] = static(urlset([(server.url(f"/news/{s.slug}"), s.published) for s in stories],
                                               news=True), "application/xml")
        scratch = Path(tempfile.mkdtemp(prefix="isnad-http-bench-"))
        sources = scratch / "sources.yml"
        sources.write_text(yaml.safe_dump({"sources": [{
            "id": "bench", "outlet": "Bench", "kind": "sitemap", "lang": "ar", "timezone": "Asia/Riyadh",
            "url": server.url("/sitemap.xml")}]}, allow_unicode=True), encoding="utf-8")
        http = replace(TEST_HTTP, max_per_host=args.workers, max_workers=args.workers, read_timeout=10.0)
        settings = replace(load_settings(env={}, data_dir=scratch / "data", sources_file=sources), http=http)
        source = load_sources(sources)[0]
        for stage, call in (("fetch", lambda: fetch_source(settings, source, DAY)),
                            ("parse", lambda: parse_partition(settings, source, DAY, "bench"))):
            profiler = cProfile.Profile() if args.profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            result = call()
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
            print(f"{stage}: {args.pages} pages in {seconds:.2f} s = {args.pages / seconds:.0f} pages/s ({result})")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


if __name__ == "__main__":
    main()
