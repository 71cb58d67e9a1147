"""The extract stage: a parsed partition's articles into claim, entity and event tables (Parquet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.config import Settings
from pipelines.extract import extract_article
from pipelines.extract.rows import article_rows
from pipelines.partitions import Partition, read_frame, staged_path, write_frame
from pipelines.schemas import Claims, Entities, EntityMentions, EventMentions, columns_of

_TABLES = {"claims": Claims, "entity_mentions": EntityMentions, "entities": Entities,
           "event_mentions": EventMentions}


@dataclass
class ExtractSummary:
    partition: Partition
    counts: dict[str, int]


def extract_partition(settings: Settings, partition: Partition) -> ExtractSummary:
    """Run the extractor over every parsed article of ``partition``; write one Parquet per table."""
    articles = read_frame(staged_path(settings.staged_dir, "parsed", partition, "articles"))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _TABLES}
    records: list[dict[str, Any]] = articles.to_dict("records") if articles is not None else []  # type: ignore[assignment]
    for article in records:
        published = article["published_at"].date() if pd.notna(article["published_at"]) else article["logical_date"]
        extraction = extract_article(article["text"], article["language"], published, article["outlet"])
        for name, table_rows in article_rows(article, extraction).items():
            rows[name].extend(table_rows)
    for name, model in _TABLES.items():
        frame = pd.DataFrame(rows[name], columns=columns_of(model))
        if name == "entities":  # one row per canonical entity, however many articles mention it
            frame = frame.drop_duplicates("entity_id", ignore_index=True)
        write_frame(frame, staged_path(settings.staged_dir, "extracted", partition, name))
    return ExtractSummary(partition, {name: len(r) for name, r in rows.items()})
