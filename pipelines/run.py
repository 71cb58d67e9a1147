"""One code path for a nightly date and a backfill range: every date runs the same stages.

``run_dates`` is what ``isnad run`` calls; the Airflow DAG calls the same stage functions one
task at a time. A source that fails at any stage is recorded with its stage and reason and the
run goes on with the others; the load of each date is one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pipelines.config import Settings
from pipelines.extract.stage import extract_partition
from pipelines.fetch import fetch_source
from pipelines.load import LoadSummary, SourceOutcome, load_date
from pipelines.parse.stage import parse_partition
from pipelines.partitions import Partition, date_range
from pipelines.sources import Source, load_sources
from pipelines.transform import DbtResult, build_marts
from pipelines.validate import validate_partition

STAGES = ("fetch", "parse", "extract", "validate")


@dataclass
class RunResult:
    loads: list[LoadSummary] = field(default_factory=list)
    failures: list[tuple[date, str, str, str]] = field(default_factory=list)  # date, source, stage, reason
    dbt: DbtResult | None = None


def new_run_id(logical_date: date, now: datetime | None = None) -> str:
    """A run id names its logical date and when it ran: ``2026-11-23__20261124T020000__ab12cd``."""
    now = now or datetime.now(UTC)
    return f"{logical_date.isoformat()}__{now:%Y%m%dT%H%M%S}__{uuid.uuid4().hex[:6]}"


def process_source(settings: Settings, source: Source, logical_date: date, run_id: str) -> SourceOutcome:
    """Fetch, parse, extract and validate one source for one date; never raises for a bad source."""
    partition = Partition(logical_date, source.id)
    stage = "fetch"
    try:
        fetched = fetch_source(settings, source, logical_date)
        stage = "parse"
        parsed = parse_partition(settings, source, logical_date, run_id)
        stage = "extract"
        extract_partition(settings, partition)
        stage = "validate"
        validated = validate_partition(settings, partition, run_id)
    except Exception as exc:  # a broken source must not stop the others; the reason is recorded
        return SourceOutcome(ok=False, stage=stage, reason=f"{type(exc).__name__}: {exc}")
    return SourceOutcome(ok=True, counts={"fetched": fetched.items, "fetch_errors": fetched.errors,
                                          "parsed": parsed.articles, "parse_rejected": parsed.quarantined,
                                          **{f"valid_{k}": v for k, v in validated.valid.items()},
                                          "quarantined": sum(validated.quarantined.values())})


def run_dates(
    settings: Settings,
    start: date,
    end: date,
    only: list[str] | None = None,
    build: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> RunResult:
    """Run every date from ``start`` to ``end`` over the configured sources, then build the marts.

    The sources file is checked first, so a bad file stops the run before anything is written.
    """
    sources = load_sources(settings.sources_file)
    if only:
        unknown = sorted(set(only) - {s.id for s in sources})
        if unknown:
            raise ValueError(f"unknown source id(s): {', '.join(unknown)}")
        sources = [s for s in sources if s.id in only]
    result = RunResult()
    run_id = ""
    for day in date_range(start, end):
        started = datetime.now(UTC)
        run_id = new_run_id(day, started)
        outcomes: dict[str, SourceOutcome] = {}
        for source in sources:
            outcomes[source.id] = outcome = process_source(settings, source, day, run_id)
            if not outcome.ok:
                result.failures.append((day, source.id, outcome.stage, outcome.reason))
            if on_step:
                on_step(f"{day} {source.id}")
        result.loads.append(load_date(settings, day, run_id, outcomes, started))
    if build and run_id:
        result.dbt = build_marts(settings, run_id)
    return result
