"""Throughput of the extractor on one core: claims, entities and incidents over SaudiNewsNet.

CPU time (``time.process_time``) is the one-core figure even on a shared machine; wall time is
printed beside it. ``make bench`` runs this for the days it benchmarks; alone:

    uv run python -m bench.bench_extractor --days 2 [--parts claims,entities] [--bbc] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import pstats
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipelines.extract.claims import find_claims
from pipelines.extract.entities import find_entities
from pipelines.extract.events import find_incidents

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
Doc = tuple[str, str, date | None, str | None]  # text, lang, published, outlet
PARTS: dict[str, Callable[[Doc], object]] = {
    "claims": lambda d: find_claims(d[0], d[1], d[3]),
    "entities": lambda d: find_entities(d[0], d[1]),
    "incidents": lambda d: find_incidents(d[0], d[1], d[2]),
}


def saudinewsnet(days: int) -> list[Doc]:
    docs: list[Doc] = []
    for path in sorted((CORPORA / "saudinewsnet").glob("*.zip"))[:days]:
        day = date.fromisoformat(path.name[:10])
        with zipfile.ZipFile(path) as z:
            for a in json.loads(z.read(z.namelist()[0])):
                if a.get("content", "").strip():
                    docs.append((a["content"].strip(), "ar", day, a.get("source")))
    return docs


def bbc() -> list[Doc]:
    with open(CORPORA / "bbc" / "test.csv", encoding="utf-8", newline="") as f:
        return [(row["text"], "en", None, "bbc") for row in csv.DictReader(f)]


def measure(docs: list[Doc], parts: list[str]) -> dict[str, float]:
    """Seconds of CPU and wall time for ``parts`` over ``docs`` (lexicons compiled beforehand)."""
    calls = [PARTS[p] for p in parts]
    for call in calls:
        call(docs[0])
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in docs:
        for call in calls:
            call(doc)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"articles": len(docs), "cpu_seconds": cpu, "wall_seconds": wall,
            "articles_per_cpu_second": len(docs) / cpu if cpu else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--parts", default="claims,entities;claims,entities,incidents",
                        help="';'-separated combinations of claims, entities, incidents")
    parser.add_argument("--bbc", action="store_true", help="the English BBC test split instead")
    parser.add_argument("--profile", action="store_true", help="print a cProfile top-15 of the last combination")
    parser.add_argument("--json", action="store_true", help="print one JSON line per combination")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"{CORPORA} is missing: the benchmark reads the corpora in ../shared", file=sys.stderr)
        return 2
    docs = bbc() if args.bbc else saudinewsnet(args.days)
    combos = [c.split(",") for c in args.parts.split(";")]
    for parts in combos:
        result = {"parts": "+".join(parts), **measure(docs, parts)}
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{result['parts']:28s} {result['articles']} articles: {result['articles_per_cpu_second']:.0f} "
                  f"articles/s on one core (CPU {result['cpu_seconds']:.1f} s, wall {result['wall_seconds']:.1f} s)")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for doc in docs:
            for part in combos[-1]:
                PARTS[part](doc)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
