"""Validate: every table checked against its contract; failing rows go to quarantine, with reasons.

Validation is lazy (every failing row and every rule it breaks is collected), and nothing is
dropped silently: a row either loads or lands in quarantine with the table name, the row as
JSON, the checks it failed and the run id. A table whose failed share passes the configured
threshold fails the partition loudly, after its quarantine is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from pipelines.config import Settings
from pipelines.partitions import Partition, read_frame, staged_path, write_frame
from pipelines.schemas import (
    KEY_COLUMNS,
    PARTITION_TABLES,
    Entities,
    FetchLog,
    Quarantine,
    columns_of,
    is_context,
)

# Articles and entities first: the other tables' rows refer to them.
VALIDATION_ORDER: dict[str, type[pa.DataFrameModel]] = {
    "articles": PARTITION_TABLES["articles"], "entities": Entities,
    **{name: model for name, model in PARTITION_TABLES.items() if name != "articles"},
}

# A quarantined row can take others with it (a claim that continues it); each pass re-checks the
# survivors, so a chain of references needs as many passes as it is long.
MAX_PASSES = 12


class QuarantineThresholdExceeded(RuntimeError):
    """Too large a share of a table failed validation: something upstream is broken."""


@dataclass
class ValidateSummary:
    partition: Partition
    valid: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)


def validate_frame(
    name: str, model: type[pa.DataFrameModel], frame: pd.DataFrame, *, partition: Partition, run_id: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``frame`` into rows that meet ``model`` (coerced, contract columns only) and quarantine rows."""
    key = KEY_COLUMNS.get(name)
    frame = frame.reset_index(drop=True)
    failures: dict[int, set[str]] = {}
    remaining = frame
    valid: pd.DataFrame
    for _ in range(MAX_PASSES):  # coercion errors hide value errors, and references cascade: re-check
        try:
            valid = model.validate(remaining, lazy=True)
            break
        except pandera.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            rowed = cases[cases["index"].notna()]
            if rowed.empty:  # a missing column, say: the table as a whole fails
                reason = "; ".join(sorted({f"{r.column}:{r.check}" for r in cases.itertuples()}))
                for index in remaining.index:
                    failures.setdefault(int(index), set()).add(reason)
                remaining = remaining.iloc[0:0]
                continue
            # Rows first: a row check that raised on an unreadable value is re-run without that row.
            for row in rowed.drop_duplicates(["index", "check", "column", "schema_context"]).itertuples():
                failures.setdefault(int(row.index), set()).add(
                    _check_name(row.check, row.column, row.schema_context))
            remaining = remaining.drop(index=[i for i in failures if i in remaining.index])
    else:
        for index in remaining.index:
            failures.setdefault(int(index), set()).add("validation did not converge")
        valid = remaining.iloc[0:0]
    quarantine = [
        {
            "run_id": run_id,
            "logical_date": partition.logical_date,
            "source_id": partition.source_id,
            "stage": "validate",
            "table_name": name,
            "record_key": str(frame.at[index, key]) if key and key in frame.columns else None,
            "row_json": _row_json(frame.iloc[index]),
            "failed_checks": "; ".join(sorted(checks)),
        }
        for index, checks in sorted(failures.items())
    ]
    valid = valid.drop(columns=[c for c in valid.columns if is_context(c)])
    return valid.reset_index(drop=True), pd.DataFrame(quarantine, columns=columns_of(Quarantine))


def _check_name(check: Any, column: Any, context: Any) -> str:
    """A row check speaks for itself; a column check (or dtype, nullability) names its column."""
    if context == "DataFrameSchema" and str(check) not in {"column_in_dataframe", "coerce_dtype"}:
        return str(check)
    return f"{column}:{check}" if isinstance(column, str) else str(check)


def _row_json(row: pd.Series) -> str:
    data = {k: (None if _is_missing(v) else v) for k, v in row.items() if not is_context(str(k))}
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def article_context(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article id: its text length, publication day (else logical date), logical date and source."""
    published = pd.to_datetime(articles["published_at"], utc=True).dt.date
    return pd.DataFrame({
        "article_id": articles["article_id"],
        "ctx_text_length": articles["text"].str.len().astype("float64"),
        "ctx_published_date": published.where(published.notna(), articles["logical_date"]),
        "ctx_logical_date": articles["logical_date"],
        "ctx_source_id": articles["source_id"],
    }).drop_duplicates("article_id")


def with_context(frame: pd.DataFrame, model: type[pa.DataFrameModel], articles: pd.DataFrame,
                 known: dict[str, tuple[str, set[str]]] | None = None) -> pd.DataFrame:
    """Attach the ``ctx_*`` columns ``model`` declares: the referenced article's facts (null when it
    is missing or quarantined) and, per ``known`` (context column -> (id column, ids); entries the
    model does not declare are skipped), whether a referenced id is among the rows that load."""
    wanted = [c for c in model.to_schema().columns if is_context(c)]
    frame = frame.drop(columns=[c for c in frame.columns if is_context(c)])
    context = article_context(articles)
    frame = frame.merge(context[["article_id", *[c for c in context.columns if c in wanted]]],
                        on="article_id", how="left")
    for column, (id_column, ids) in (known or {}).items():
        if column in wanted:
            frame[column] = frame[id_column].isin(ids)
    return frame


def validate_partition(settings: Settings, partition: Partition, run_id: str) -> ValidateSummary:
    """Validate a parsed and extracted partition; write ``staged/validated`` and its quarantine.

    Articles and entities go first: the other tables refer to them, and a row whose article or
    entity was quarantined follows it (``article_exists``, ``entity_exists``).
    """
    summary = ValidateSummary(partition)
    quarantines = [read_frame(staged_path(settings.staged_dir, "parsed", partition, "quarantine"))]
    valid: dict[str, pd.DataFrame] = {}
    problems = []
    for name, model in VALIDATION_ORDER.items():
        stage = "parsed" if name == "articles" else "extracted"
        frame = read_frame(staged_path(settings.staged_dir, stage, partition, name))
        if frame is None:
            frame = pd.DataFrame(columns=columns_of(model))
        if name not in ("articles", "entities"):
            entity_ids = set(valid["entities"]["entity_id"])
            frame = with_context(frame, model, valid["articles"],
                                 {"ctx_speaker_entity_known": ("speaker_entity_id", entity_ids),
                                  "ctx_entity_known": ("entity_id", entity_ids)})
        valid[name], quarantined = validate_frame(name, model, frame, partition=partition, run_id=run_id)
        write_frame(valid[name], staged_path(settings.staged_dir, "validated", partition, name))
        quarantines.append(quarantined)
        summary.valid[name], summary.quarantined[name] = len(valid[name]), len(quarantined)
        problem = threshold_problem(name, len(valid[name]), len(quarantined), settings.max_quarantine_share)
        if problem:
            problems.append(problem)
    quarantine = pd.concat([q for q in quarantines if q is not None and not q.empty] or
                           [pd.DataFrame(columns=columns_of(Quarantine))], ignore_index=True)
    write_frame(quarantine, staged_path(settings.staged_dir, "validated", partition, "quarantine"))
    if problems:
        raise QuarantineThresholdExceeded(threshold_message(f"partition {partition.key}", problems,
                                                            settings.max_quarantine_share))
    return summary


def threshold_problem(name: str, valid: int, quarantined: int, max_share: float) -> str | None:
    """A one-line problem when more than ``max_share`` of a table's rows failed, else None."""
    total = valid + quarantined
    if total and quarantined / total > max_share:
        return f"{name}: {quarantined} of {total} rows failed validation"
    return None


def threshold_message(what: str, problems: list[str], max_share: float) -> str:
    return f"{what}: more than {max_share:.0%} of rows quarantined ({'; '.join(problems)})"


def validate_fetch_log(frame: pd.DataFrame, partition: Partition, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fetch log is checked like every other table before it loads."""
    return validate_frame("fetch_log", FetchLog, frame, partition=partition, run_id=run_id)
