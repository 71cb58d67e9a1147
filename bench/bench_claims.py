"""Throughput of the claim extractor alone over SaudiNewsNet day zips (and the BBC csv).

Standalone: reads the corpora from ``../shared`` beside the repository and prints articles per
second and a cProfile top-10. Usage:

    uv run python bench/bench_claims.py [--days 2] [--profile] [--bbc]

The claims stage has to leave room for entity extraction within the pipeline's budget of 400
articles per second on one core, so the target for claims alone is 1000 articles per second.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract.claims import find_claims  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


def load_days(n: int) -> list[str]:
    texts: list[str] = []
    for z in sorted((SHARED / "saudinewsnet").glob("*.zip"))[:n]:
        with zipfile.ZipFile(z) as f:
            texts += [a["content"] for a in json.loads(f.read(f.namelist()[0])) if a.get("content")]
    return texts


def load_bbc() -> list[str]:
    with open(SHARED / "bbc" / "test.csv", encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f)]


def run(texts: list[str], lang: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, claims); CPU time is the one-core figure on a shared machine."""
    find_claims(texts[0], lang)  # compile the lexicons outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    claims = sum(len(find_claims(t, lang)) for t in texts)
    return time.perf_counter() - wall, time.process_time() - cpu, claims


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=2, help="SaudiNewsNet day zips to read (in date order)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile top-10")
    ap.add_argument("--bbc", action="store_true", help="also time the English BBC test split")
    a = ap.parse_args()
    if not SHARED.exists():
        print(f"{SHARED} is missing", file=sys.stderr)
        return 2
    texts = load_days(a.days)
    chars = sum(len(t) for t in texts)
    wall, cpu, claims = run(texts, "ar")
    print(
        f"ar: {len(texts)} articles, {chars / 1e6:.1f}M chars, {claims} claims; "
        f"CPU {cpu:.2f}s = {len(texts) / cpu:.0f} articles/s (wall {wall:.2f}s = {len(texts) / wall:.0f}/s)"
    )
    if a.bbc:
        bbc = load_bbc()
        wall, cpu, claims = run(bbc, "en")
        print(
            f"en: {len(bbc)} articles, {claims} claims; CPU {cpu:.2f}s = {len(bbc) / cpu:.0f} articles/s "
            f"(wall {wall:.2f}s = {len(bbc) / wall:.0f}/s)"
        )
    if a.profile:
        prof = cProfile.Profile()
        prof.enable()
        for t in texts:
            find_claims(t, "ar")
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
