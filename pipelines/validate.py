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
    CONTEXT_COLUMNS,
    KEY_COLUMNS,
    PARTITION_TABLES,
    Entities,
    FetchLog,
    Quarantine,
    columns_of,
)


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
    for _ in range(3):  # coercion errors can hide value errors: re-check what survives
        try:
            valid = model.validate(remaining, lazy=True)
            break
        except pandera.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            rowless = cases[cases["index"].isna()]
            if not rowless.empty:  # a missing column or an uncoercible dtype: the table as a whole
                reason = "; ".join(sorted({f"{r.column}:{r.check}" for r in rowless.itertuples()}))
                for index in remaining.index:
                    failures.setdefault(int(index), set()).add(reason)
                remaining = remaining.iloc[0:0]
                continue
            for row in cases.itertuples():
                failures.setdefault(int(row.index), set()).add(_check_name(row.check, row.column))
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
    valid = valid.drop(columns=[c for c in CONTEXT_COLUMNS if c in valid.columns])
    return valid.reset_index(drop=True), pd.DataFrame(quarantine, columns=columns_of(Quarantine))


def _check_name(check: Any, column: Any) -> str:
    """Named checks speak for themselves; built-in ones (isin, ge) need their column."""
    check = str(check)
    builtin = "(" in check or check in {"coerce_dtype", "not_nullable", "column_in_dataframe"}
    return f"{column}:{check}" if builtin and column is not None else check


def _row_json(row: pd.Series) -> str:
    data = {k: (None if _is_missing(v) else v) for k, v in row.items() if k not in CONTEXT_COLUMNS}
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _with_article_context(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Attach the referenced article's text length and publication date (null when it is missing)."""
    published = pd.to_datetime(articles["published_at"], utc=True).dt.date
    context = pd.DataFrame({
        "article_id": articles["article_id"],
        "ctx_text_length": articles["text"].str.len().astype("float64"),
        "ctx_published_date": published.where(published.notna(), articles["logical_date"]),
    }).drop_duplicates("article_id")
    frame = frame.drop(columns=[c for c in CONTEXT_COLUMNS if c in frame.columns])
    return frame.merge(context, on="article_id", how="left")


def validate_partition(settings: Settings, partition: Partition, run_id: str) -> ValidateSummary:
    """Validate a parsed and extracted partition; write ``staged/validated`` and its quarantine."""
    summary = ValidateSummary(partition)
    quarantines = [read_frame(staged_path(settings.staged_dir, "parsed", partition, "quarantine"))]
    valid_articles: pd.DataFrame | None = None
    problems = []
    tables: list[tuple[str, type[pa.DataFrameModel]]] = [*PARTITION_TABLES.items(), ("entities", Entities)]
    for name, model in tables:
        stage = "parsed" if name == "articles" else "extracted"
        frame = read_frame(staged_path(settings.staged_dir, stage, partition, name))
        if frame is None:
            frame = pd.DataFrame(columns=columns_of(model))
        if name not in ("articles", "entities"):
            assert valid_articles is not None
            frame = _with_article_context(frame, valid_articles)
        valid, quarantined = validate_frame(name, model, frame, partition=partition, run_id=run_id)
        if name == "articles":
            valid_articles = valid
        write_frame(valid, staged_path(settings.staged_dir, "validated", partition, name))
        quarantines.append(quarantined)
        summary.valid[name], summary.quarantined[name] = len(valid), len(quarantined)
        total = len(valid) + len(quarantined)
        if total and len(quarantined) / total > settings.max_quarantine_share:
            problems.append(f"{name}: {len(quarantined)} of {total} rows failed validation")
    quarantine = pd.concat([q for q in quarantines if q is not None and not q.empty] or
                           [pd.DataFrame(columns=columns_of(Quarantine))], ignore_index=True)
    write_frame(quarantine, staged_path(settings.staged_dir, "validated", partition, "quarantine"))
    if problems:
        share = f"{settings.max_quarantine_share:.0%}"
        raise QuarantineThresholdExceeded(
            f"partition {partition.key}: more than {share} of rows quarantined ({'; '.join(problems)})")
    return summary


def validate_fetch_log(frame: pd.DataFrame, partition: Partition, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fetch log is checked like every other table before it loads."""
    return validate_frame("fetch_log", FetchLog, frame, partition=partition, run_id=run_id)
