"""Throughput of the entity and incident stages over one SaudiNewsNet day (one core).

usage: uv run python bench/bench_entities.py [DAY.zip] [--limit N]

Reads a day zip from ../shared/corpora/saudinewsnet (the first one by default), warms the
lexicons up once, then times ``find_entities`` and ``find_incidents`` over every article's
content and prints articles/s for each and together, followed by a cProfile top 10.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.extract.entities import find_entities
from pipelines.extract.events import find_incidents

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "saudinewsnet"


def load(day_zip: Path) -> list[tuple[str, date | None]]:
    with zipfile.ZipFile(day_zip) as z:
        articles = json.loads(z.read(z.namelist()[0]).decode("utf-8"))
    out = []
    for a in articles:
        try:
            published = date.fromisoformat(str(a.get("date_extracted", ""))[:10])
        except ValueError:
            published = None
        out.append((a.get("content") or "", published))
    return out


def run(docs: list[tuple[str, date | None]], entities: bool, incidents: bool) -> float:
    start = time.process_time()  # CPU time: the machine is shared, wall time is not ours alone
    for text, published in docs:
        if entities:
            find_entities(text, "ar")
        if incidents:
            find_incidents(text, "ar", published)
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("zip", nargs="?")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    day = Path(a.zip) if a.zip else sorted(SHARED.glob("*.zip"))[0]
    docs = load(day)
    if a.limit:
        docs = docs[: a.limit]
    find_entities("الرياض", "ar")
    find_incidents("هجوم أمس", "ar", date(2015, 1, 1))  # load and compile the lexicons outside the timing
    n = len(docs)
    t_ent = run(docs, True, False)
    t_inc = run(docs, False, True)
    t_both = run(docs, True, True)
    print(f"{day.name}: {n} articles, {sum(len(t) for t, _ in docs) / max(1, n):.0f} chars on average")
    print(f"entities            {n / t_ent:8.0f} articles/s")
    print(f"incidents           {n / t_inc:8.0f} articles/s")
    print(f"entities+incidents  {n / t_both:8.0f} articles/s")
    profile = cProfile.Profile()
    profile.enable()
    run(docs, True, True)
    profile.disable()
    pstats.Stats(profile).sort_stats("tottime").print_stats(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
