"""`make bench`: the pipeline over SaudiNewsNet into a scratch warehouse, stage by stage.

Prints, per stage, articles per second and peak memory, plus the end-to-end time, and writes
the same as JSON under ``bench/results/``. A benchmark, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
STAGES = ("fetch", "parse", "extract", "validate", "load", "dbt")


def corpus_days(limit: int) -> list[str]:
    days = sorted(p.name[:10] for p in CORPUS.glob("*.zip"))
    return days[:limit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=18)
    parser.add_argument("--keep", type=Path, help="scratch folder to keep (default: a temporary one)")
    args = parser.parse_args()
    console = Console()
    if not CORPUS.is_dir():
        console.print(f"[red]{CORPUS} is missing: the benchmark reads SaudiNewsNet from ../shared[/red]")
        raise SystemExit(2)
    days = corpus_days(args.days)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="isnad-bench-"))
    results = []
    started = time.perf_counter()
    for stage in STAGES:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.stage", stage, "--data-dir", str(scratch),
             "--sources", str(ROOT / "bench" / "saudinewsnet.sources.yml"), "--dates", ",".join(days)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            console.print(f"[red]stage {stage} failed:[/red]\n{proc.stderr[-3000:]}")
            raise SystemExit(1)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["articles_per_second"] = result["articles"] / result["seconds"] if result["seconds"] else None
        results.append(result)
        console.print(f"{stage:9s} {result['seconds']:8.1f} s  {result['articles']:6d} articles  "
                      f"{result['peak_rss_mb']:7.0f} MB")
    total = time.perf_counter() - started
    # The extractor alone on one core (CPU time), over the same days' texts.
    proc = subprocess.run([sys.executable, "-m", "bench.bench_extractor", "--days", str(len(days)), "--json"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    extractor = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    table = Table("stage", "seconds", "articles/s", "peak MB", title=f"isnad bench: {len(days)} days of SaudiNewsNet")
    for r in results:
        rate = f"{r['articles_per_second']:.0f}" if r["articles_per_second"] else "-"
        table.add_row(r["stage"], f"{r['seconds']:.1f}", rate, f"{r['peak_rss_mb']:.0f}")
    console.print(table)
    console.print(f"end to end: {total:.1f} s for {results[1]['articles']} articles")
    for e in extractor:
        console.print(f"extractor on one core, {e['parts']}: {e['articles_per_cpu_second']:.0f} articles/s "
                      f"({e['articles']} articles, {e['cpu_seconds']:.1f} s CPU)")
    out = ROOT / "bench" / "results" / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps({"days": days, "stages": results, "end_to_end_seconds": total, "extractor": extractor,
                               "scratch": str(scratch)}, indent=2), encoding="utf-8")
    console.print(f"wrote {out}")


if __name__ == "__main__":
    main()
