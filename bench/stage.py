"""Run one pipeline stage over many dates in this process and report time, rows and peak memory.

``bench.run_bench`` starts one process per stage, so each stage's peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pipelines.config import Settings, load_settings
from pipelines.ledger import RunLedger
from pipelines.load import connect
from pipelines.partitions import Partition, read_frame, staged_path
from pipelines.run import extract_step, fetch_step, load_step, parse_step, story_step, validate_step
from pipelines.sources import load_sources
from pipelines.transform import build_marts, run_dbt

STEPS = {"fetch": fetch_step, "parse": parse_step, "extract": extract_step, "validate": validate_step}


def run_id_for(day: date) -> str:
    return f"bench__{day.isoformat()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stage", choices=[*STEPS, "load", "stories", "dbt", "dbt_parse", "dbt_noop", "replicate"])
    parser.add_argument("--full-refresh", action="store_true", help="dbt: rebuild every model from all history")
    parser.add_argument("--copies", type=int, default=0, help="replicate: copies of the loaded history to add")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--dates", required=True, help="comma-separated YYYY-MM-DD")
    args = parser.parse_args()
    settings = load_settings(env={}, data_dir=args.data_dir, sources_file=args.sources)
    sources = load_sources(settings.sources_file)
    days = [date.fromisoformat(d) for d in args.dates.split(",")]
    started = time.perf_counter()
    failures = []
    story_days: list[float] = []
    for day in days:
        if args.stage in STEPS:
            for source in sources:
                try:
                    STEPS[args.stage](settings, source, day, run_id_for(day))
                except Exception as exc:  # reported, as the pipeline would record it
                    failures.append(f"{day} {source.id}: {type(exc).__name__}: {exc}")
        elif args.stage == "load":
            load_step(settings, [s.id for s in sources], day, run_id_for(day), datetime.now(UTC))
        elif args.stage == "stories":
            # One day's articles against the history before it, as a nightly run assigns them.
            day_started = time.perf_counter()
            story_step(settings, day, run_id_for(day))
            story_days.append(time.perf_counter() - day_started)
    dbt: dict[str, object] = {}
    if story_days:
        dbt["story_day_seconds_max"] = max(story_days)
        dbt["story_day_seconds_last"] = story_days[-1]
    if args.stage == "dbt":
        result = build_marts(settings, run_id_for(days[-1]), full_refresh=args.full_refresh)
        dbt = dbt_figures(result.run_results)
    elif args.stage == "replicate":
        replicate_history(settings, args.copies)
    elif args.stage in ("dbt_noop", "dbt_parse"):
        # dbt_noop: dbt's fixed cost (start, read the parsed project, plan, write artifacts), no node run.
        command = ("build", "--select", "tag:isnad_bench_selects_nothing") if args.stage == "dbt_noop" else ("parse",)
        proc = run_dbt(settings, *command)
        if proc.returncode != 0:
            raise SystemExit(proc.stdout[-2000:])
    seconds = time.perf_counter() - started
    articles = 0
    for day in days:
        for source in sources:
            if RunLedger(settings.data_dir, run_id_for(day)).outcome(source.id).ok or args.stage in STEPS:
                frame = read_frame(staged_path(settings.staged_dir, "parsed", Partition(day, source.id), "articles"))
                articles += 0 if frame is None else len(frame)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": args.stage, "seconds": seconds, "articles": articles, "peak_rss_mb": peak_mb,
                      "failures": failures, **dbt}))


# Columns a copy of the history changes: ids hashed anew, URLs suffixed, dates moved back.
_IDS = ("article_id", "claim_id", "mention_id", "event_id", "continues_claim_id", "parent_claim_id")
_DATES = ("logical_date", "published_at", "event_date")
_HISTORY = ("articles", "claims", "entity_mentions", "event_mentions")


def replicate_history(settings: Settings, copies: int, span_days: int = 30) -> None:
    """Add ``copies`` copies of the loaded history, each ``span_days`` further back, with new ids:
    a longer history for the same extractor output, to see how builds grow with it."""
    con = connect(settings)
    try:
        con.execute("BEGIN TRANSACTION")
        original = con.execute("SELECT min(logical_date) FROM raw.articles").fetchall()[0][0]
        for copy in range(1, copies + 1):
            for table in (*_HISTORY, "load_log"):
                columns = [r[0] for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ? "
                    "ORDER BY ordinal_position", [table]).fetchall()]
                selected = ", ".join(_copied(c, copy, copy * span_days) for c in columns)
                con.execute(f"INSERT INTO raw.{table} SELECT {selected} FROM raw.{table} WHERE logical_date >= ?"
                            + (" AND step = 'partition'" if table == "load_log" else ""), [original])
        con.execute("COMMIT")
    finally:
        con.close()


def _copied(column: str, copy: int, days: int) -> str:
    quoted = f'"{column}"'
    if column in _IDS:
        return f"CASE WHEN {quoted} IS NULL THEN NULL ELSE substr(md5({quoted} || '#{copy}'), 1, 16) END"
    if column in ("url", "canonical_url"):
        return f"{quoted} || '#{copy}'"
    if column in _DATES:
        return f"CAST({quoted} - INTERVAL {days} DAY AS {'DATE' if column != 'published_at' else 'TIMESTAMPTZ'})"
    return quoted


def dbt_figures(run_results: Path) -> dict[str, object]:
    """From dbt's run_results.json: its own elapsed time, and time spent in models and in tests."""
    data = json.loads(run_results.read_text(encoding="utf-8"))
    spent: dict[str, float] = {}
    for result in data["results"]:
        kind = result["unique_id"].split(".")[0]
        spent[kind] = spent.get(kind, 0.0) + result["execution_time"]
    return {"dbt_elapsed_seconds": data["elapsed_time"], "dbt_nodes": len(data["results"]),
            "dbt_model_seconds": spent.get("model", 0.0), "dbt_test_seconds": spent.get("test", 0.0)}


if __name__ == "__main__":
    main()
