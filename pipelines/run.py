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
from pipelines.ledger import RunLedger
from pipelines.load import LoadSummary, SourceOutcome, load_date
from pipelines.load.stories import StoryLoadSummary
from pipelines.parse.stage import parse_partition
from pipelines.partitions import Partition, date_range, staged_path, write_frame
from pipelines.schemas import Claims, Entities, EntityMentions, EventMentions, empty_frame
from pipelines.sources import Source, load_sources
from pipelines.transform import DbtResult, build_marts
from pipelines.validate import validate_partition


@dataclass
class RunResult:
    loads: list[LoadSummary] = field(default_factory=list)
    failures: list[tuple[date, str, str, str]] = field(default_factory=list)  # date, source, stage, reason
    dbt: DbtResult | None = None
    stories: list[StoryLoadSummary] = field(default_factory=list)


def new_run_id(logical_date: date, now: datetime | None = None) -> str:
    """A run id names its logical date and when it ran: ``2026-11-23__20261124T020000__ab12cd``."""
    now = now or datetime.now(UTC)
    return f"{logical_date.isoformat()}__{now:%Y%m%dT%H%M%S}__{uuid.uuid4().hex[:6]}"


# One function per stage, each recording its outcome in the run ledger; the DAG's tasks call these.
def fetch_step(settings: Settings, source: Source, logical_date: date, run_id: str) -> None:
    with RunLedger(settings.data_dir, run_id).stage(source.id, "fetch") as counts:
        fetched = fetch_source(settings, source, logical_date)
        counts.update(fetched=fetched.items, fetch_errors=fetched.errors)


def parse_step(settings: Settings, source: Source, logical_date: date, run_id: str) -> None:
    with RunLedger(settings.data_dir, run_id).stage(source.id, "parse") as counts:
        parsed = parse_partition(settings, source, logical_date, run_id)
        counts.update(parsed=parsed.articles, parse_rejected=parsed.quarantined)


def extract_step(settings: Settings, source: Source, logical_date: date, run_id: str) -> None:
    with RunLedger(settings.data_dir, run_id).stage(source.id, "extract") as counts:
        counts.update(extract_partition(settings, Partition(logical_date, source.id)).counts)


def validate_step(settings: Settings, source: Source, logical_date: date, run_id: str) -> None:
    with RunLedger(settings.data_dir, run_id).stage(source.id, "validate") as counts:
        validated = validate_partition(settings, Partition(logical_date, source.id), run_id)
        counts.update({f"valid_{k}": v for k, v in validated.valid.items()},
                      quarantined=sum(validated.quarantined.values()))


def skip_extract_step(settings: Settings, source: Source, logical_date: date, run_id: str) -> None:
    """Extraction left out on purpose (``isnad run --no-extract``, e.g. a fetch-and-parse backfill):
    the partition's extracted tables are written empty, so articles load without claims and
    nothing from an earlier extraction is loaded beside them."""
    with RunLedger(settings.data_dir, run_id).stage(source.id, "extract") as counts:
        partition = Partition(logical_date, source.id)
        for name, model in EXTRACTED_TABLES.items():
            write_frame(empty_frame(model), staged_path(settings.staged_dir, "extracted", partition, name))
        counts.update(extract_skipped=1)


EXTRACTED_TABLES = {"claims": Claims, "entity_mentions": EntityMentions, "entities": Entities,
                    "event_mentions": EventMentions}
SOURCE_STEPS = (fetch_step, parse_step, extract_step, validate_step)
SOURCE_STEPS_NO_EXTRACT = (fetch_step, parse_step, skip_extract_step, validate_step)


def process_source(settings: Settings, source: Source, logical_date: date, run_id: str,
                   extract: bool = True) -> SourceOutcome:
    """Every per-source stage for one date; a failing source is recorded, never raised."""
    for step in SOURCE_STEPS if extract else SOURCE_STEPS_NO_EXTRACT:
        try:
            step(settings, source, logical_date, run_id)
        except Exception:  # recorded in the ledger with its stage and reason; the other sources go on
            break
    return RunLedger(settings.data_dir, run_id).outcome(source.id)


def load_step(settings: Settings, source_ids: list[str], logical_date: date, run_id: str,
              started_at: datetime) -> LoadSummary:
    """Load what the ledger says succeeded; record what failed."""
    outcomes = RunLedger(settings.data_dir, run_id).outcomes(source_ids)
    return load_date(settings, logical_date, run_id, outcomes, started_at)


def story_step(settings: Settings, logical_date: date, run_id: str) -> StoryLoadSummary:
    """Assign the date's loaded articles to stories and copy groups (a writer step, after the load)."""
    from pipelines.stories.stage import assign_date  # numpy, scipy, datasketch: only when it runs

    return assign_date(settings, load_sources(settings.sources_file), logical_date, run_id)


def run_dates(
    settings: Settings,
    start: date,
    end: date,
    only: list[str] | None = None,
    build: bool = True,
    on_step: Callable[[str], None] | None = None,
    extract: bool = True,
) -> RunResult:
    """Run every date from ``start`` to ``end`` over the configured sources, then build the marts.

    The sources file is checked first, so a bad file stops the run before anything is written.
    ``extract=False`` fetches, parses, validates and loads articles without running the extractor.
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
        for source in sources:
            outcome = process_source(settings, source, day, run_id, extract=extract)
            if not outcome.ok:
                result.failures.append((day, source.id, outcome.stage, outcome.reason))
            if on_step:
                on_step(f"{day} {source.id}")
        result.loads.append(load_step(settings, [s.id for s in sources], day, run_id, started))
        if extract:
            result.stories.append(story_step(settings, day, run_id))
    if build and run_id:
        result.dbt = build_marts(settings, run_id)
    return result
