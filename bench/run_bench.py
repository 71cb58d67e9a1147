"""`make bench`: the pipeline over SaudiNewsNet into a scratch warehouse, stage by stage.

Prints, per stage, articles per second and peak memory, plus the end-to-end time, and writes
the same as JSON under ``bench/results/``. A benchmark, never a timed test.

The warehouse side is measured as it runs in production: every day but the last is loaded, its
articles assigned to stories day by day (``stories``), and the marts built from scratch
(``dbt_full``, a full refresh); then the last day is loaded (``load_next``), assigned to stories
against the history before it (``stories_next``) and the marts built as a nightly run does
(``dbt_incremental``). ``dbt_noop``
is a dbt build that selects nothing: dbt's fixed cost (start, parse, plan), which every build pays.
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
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
# (label, stage, which days, extra arguments); "rest" is every day but the last, "last" the last day.
STAGES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("fetch", "fetch", "all", ()),
    ("parse", "parse", "all", ()),
    ("extract", "extract", "all", ()),
    ("validate", "validate", "all", ()),
    ("load", "load", "rest", ()),
    ("stories", "stories", "rest", ()),
    ("dbt_parse", "dbt_parse", "rest", ()),  # parses the project once, so every build below parses alike
    ("dbt_full", "dbt", "rest", ("--full-refresh",)),
    ("load_next", "load", "last", ()),
    ("stories_next", "stories", "last", ()),  # one new day against the days before it
    ("dbt_incremental", "dbt", "last", ()),
    ("dbt_noop", "dbt_noop", "last", ()),
)


def corpus_days(limit: int) -> list[str]:
    days = sorted(p.name[:10] for p in CORPUS.glob("*.zip"))
    return days[:limit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=18)
    parser.add_argument("--keep", type=Path, help="scratch folder to keep (default: a temporary one)")
    parser.add_argument("--history-copies", type=int, default=0,
                        help="before the marts are built, add N copies of the loaded history (earlier dates, new "
                             "ids): how the full and nightly builds grow with a longer history")
    args = parser.parse_args()
    console = Console()
    if not CORPUS.is_dir():
        console.print(f"[red]{CORPUS} is missing: the benchmark reads SaudiNewsNet from ../shared[/red]")
        raise SystemExit(2)
    days = corpus_days(args.days)
    if len(days) < 2:
        console.print("[red]the bench needs two days at least (the last one is loaded after the full build)[/red]")
        raise SystemExit(2)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="isnad-bench-"))
    results = []
    started = time.perf_counter()
    stages = list(STAGES)
    if args.history_copies:
        before_parse = [label for label, *_ in stages].index("dbt_parse")
        stages.insert(before_parse, ("replicate", "replicate", "rest", ("--copies", str(args.history_copies))))
    for label, stage, which, extra in stages:
        dates = {"all": days, "rest": days[:-1], "last": days[-1:]}[which]
        proc = subprocess.run(
            [sys.executable, "-m", "bench.stage", stage, "--data-dir", str(scratch),
             "--sources", str(ROOT / "bench" / "saudinewsnet.sources.yml"), "--dates", ",".join(dates), *extra],
            cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            console.print(f"[red]stage {label} failed:[/red]\n{proc.stderr[-3000:]}{proc.stdout[-2000:]}")
            raise SystemExit(1)
        result = {**json.loads(proc.stdout.strip().splitlines()[-1]), "stage": label}
        result["articles_per_second"] = result["articles"] / result["seconds"] if result["seconds"] else None
        results.append(result)
        console.print(f"{label:15s} {result['seconds']:8.1f} s  {result['articles']:6d} articles  "
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
    by_label = {r["stage"]: r for r in results}
    console.print(f"story assignment: the last day against {len(days) - 1} days of history in "
                  f"{by_label['stories_next']['story_day_seconds_last']:.1f} s; slowest earlier day "
                  f"{by_label['stories']['story_day_seconds_max']:.1f} s")
    for e in extractor:
        console.print(f"extractor on one core, {e['parts']}: {e['articles_per_cpu_second']:.0f} articles/s "
                      f"({e['articles']} articles, {e['cpu_seconds']:.1f} s CPU)")
    marts = dbt_comparison(results)
    console.print(dbt_table(marts))
    out = ROOT / "bench" / "results" / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps({"days": days, "history_copies": args.history_copies, "stages": results,
                               "end_to_end_seconds": total, "extractor": extractor, "marts": marts,
                               "scratch": str(scratch)}, indent=2), encoding="utf-8")
    console.print(f"wrote {out}")


def dbt_comparison(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The full build beside the nightly one: wall time, dbt's own time, time in models and tests,
    and each less dbt's fixed cost (the no-op build), with the nightly/full ratios."""
    by = {r["stage"]: r for r in results}
    full, nightly, noop = by["dbt_full"], by["dbt_incremental"], by["dbt_noop"]["seconds"]
    figures: dict[str, Any] = {"fixed_seconds": noop}
    for name, r in (("full", full), ("incremental", nightly)):
        figures[name] = {"seconds": r["seconds"], "beyond_fixed_seconds": r["seconds"] - noop,
                         "dbt_elapsed_seconds": r["dbt_elapsed_seconds"], "model_seconds": r["dbt_model_seconds"],
                         "test_seconds": r["dbt_test_seconds"], "nodes": r["dbt_nodes"], "articles": r["articles"]}
    for key in ("seconds", "beyond_fixed_seconds", "dbt_elapsed_seconds", "model_seconds"):
        base = figures["full"][key]
        figures[f"ratio_{key}"] = figures["incremental"][key] / base if base else None
    return figures


def dbt_table(marts: dict[str, Any]) -> Table:
    table = Table("dbt build", "full (all days but one)", "nightly (one more day)", "nightly / full",
                  title=f"marts: full build beside the nightly one (dbt fixed cost {marts['fixed_seconds']:.1f} s)")
    for key, label in (("seconds", "wall seconds"), ("beyond_fixed_seconds", "wall less fixed cost"),
                       ("dbt_elapsed_seconds", "dbt elapsed"), ("model_seconds", "in models"),
                       ("test_seconds", "in tests")):
        full, nightly = marts["full"][key], marts["incremental"][key]
        ratio = marts.get(f"ratio_{key}")
        table.add_row(label, f"{full:.1f}", f"{nightly:.1f}", f"{ratio:.2f}" if ratio is not None else "")
    return table


if __name__ == "__main__":
    main()
