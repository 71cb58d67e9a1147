"""Table contracts: one pandera DataFrameModel per table, used by every stage.

Stages build frames with these columns (``columns_of``), validation checks them (each check
named after the rule it enforces, so a quarantined row says which rule it broke), and the
warehouse migrations create the same columns. Nobody redefines a column elsewhere.

Rows that refer to an article carry two context columns during validation only,
``ctx_text_length`` and ``ctx_published_date`` (from the article they point to; null when that
article is missing or was quarantined), so span and referential checks can run per row.
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from pipelines.extract.model import ENTITY_TYPES, INCIDENT_TYPES, QUOTE_KINDS, SPEAKER_TYPES, STANCES

ID_PATTERN = r"^[0-9a-f]{16}$"
CONTEXT_COLUMNS = ("ctx_text_length", "ctx_published_date")
# Event types beyond the spec's incidents, for the happenings the coverage marts also count.
EVENT_TYPES = (*INCIDENT_TYPES, "meeting", "agreement", "election", "decision", "sports")
FETCH_OUTCOMES = ("ok", "not_modified", "empty", "skipped", "error")
# How far an event's date may sit from its article's publication date and still be believed.
MAX_EVENT_DATE_DISTANCE_DAYS = 3660

Date = pandas_engine.Date
UtcTimestamp = Annotated[pd.DatetimeTZDtype, "ns", "UTC"]


def _unique(series: pd.Series) -> pd.Series:
    """True for the first row with each value; later duplicates fail (and go to quarantine)."""
    return ~series.duplicated(keep="first")


def _span_ok(df: pd.DataFrame, start: str, end: str, *, optional: bool) -> pd.Series:
    """A span is ordered, non-empty and inside the article text; an absent optional span passes."""
    s, e, n = df[start], df[end], df["ctx_text_length"]
    present = s.notna() & e.notna()
    inside = present & (s >= 0) & (s < e) & (e <= n)
    if optional:
        return (s.isna() & e.isna()) | inside.fillna(False)
    return inside.fillna(False)


class _Base(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = "filter"  # drop columns a stage added that are not part of the contract


class ArticleRefMixin(_Base):
    """Columns and checks shared by every table whose rows belong to one article."""

    article_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field(str_length={"min_value": 1})
    run_id: Series[str] = pa.Field()
    ctx_text_length: Series[float] = pa.Field(nullable=True)
    ctx_published_date: Series[Date] = pa.Field(nullable=True)

    @pa.dataframe_check(name="article_exists")
    def article_exists(cls, df: pd.DataFrame) -> pd.Series:
        return df["ctx_text_length"].notna()


class Articles(_Base):
    """One row per article: the cleaned text every span points into, and its metadata."""

    article_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field(str_length={"min_value": 1})
    outlet: Series[str] = pa.Field()
    url: Series[str] = pa.Field()
    canonical_url: Series[str] = pa.Field(str_matches=r"^(https?|file)://")
    title: Series[str] = pa.Field(nullable=True)
    author: Series[str] = pa.Field(nullable=True)
    published_at: Series[UtcTimestamp] = pa.Field(nullable=True)
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2}$")
    text: Series[str] = pa.Field()
    text_hash: Series[str] = pa.Field(str_length=40)
    raw_hash: Series[str] = pa.Field()
    run_id: Series[str] = pa.Field()

    @pa.check("article_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("text", name="text_not_empty")
    def text_not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.strip().str.len() > 0


class Claims(ArticleRefMixin):
    """One row per attributed statement (spec: Claim)."""

    claim_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    cue_start: Series[int] = pa.Field(ge=0)
    cue_end: Series[int] = pa.Field(ge=0)
    cue_text: Series[str] = pa.Field()
    speaker_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    speaker_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    speaker_text: Series[str] = pa.Field(nullable=True)
    speaker_key: Series[str] = pa.Field(nullable=True)
    speaker_entity_id: Series[str] = pa.Field(nullable=True, str_matches=ID_PATTERN)
    speaker_type: Series[str] = pa.Field(isin=SPEAKER_TYPES)
    named: Series[bool] = pa.Field()
    source_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    via_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    via_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    via_text: Series[str] = pa.Field(nullable=True)
    stance: Series[str] = pa.Field(isin=STANCES)
    quote: Series[str] = pa.Field(isin=QUOTE_KINDS)
    content_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    content_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    continues_claim_id: Series[str] = pa.Field(nullable=True)
    parent_claim_id: Series[str] = pa.Field(nullable=True)

    @pa.check("claim_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.dataframe_check(name="cue_span_inside_text")
    def cue_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "cue_start", "cue_end", optional=False)

    @pa.dataframe_check(name="speaker_span_inside_text")
    def speaker_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "speaker_start", "speaker_end", optional=True)

    @pa.dataframe_check(name="via_span_inside_text")
    def via_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "via_start", "via_end", optional=True)

    @pa.dataframe_check(name="content_span_inside_text")
    def content_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "content_start", "content_end", optional=True)

    @pa.dataframe_check(name="named_iff_not_anonymous")
    def named_iff_not_anonymous(cls, df: pd.DataFrame) -> pd.Series:
        return df["named"] == (df["speaker_type"] != "anonymous")

    @pa.dataframe_check(name="source_count_only_for_anonymous")
    def source_count_only_for_anonymous(cls, df: pd.DataFrame) -> pd.Series:
        return df["source_count"].isna() | (df["speaker_type"] == "anonymous")


class EntityMentions(ArticleRefMixin):
    """One row per mention of a person, organization or place."""

    mention_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    text: Series[str] = pa.Field()
    type: Series[str] = pa.Field(isin=ENTITY_TYPES)
    entity_id: Series[str] = pa.Field(str_matches=ID_PATTERN)

    @pa.check("mention_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.dataframe_check(name="span_inside_text")
    def span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "start", "end", optional=False)


class Entities(_Base):
    """The canonical entities mentions resolve to; an id is a hash of type and canonical key."""

    entity_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    type: Series[str] = pa.Field(isin=ENTITY_TYPES)
    canonical_name: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.check("entity_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)


class EventMentions(ArticleRefMixin):
    """One row per incident or other happening per article, with its trigger and figures."""

    event_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    type: Series[str] = pa.Field(isin=EVENT_TYPES)
    trigger_start: Series[int] = pa.Field(ge=0)
    trigger_end: Series[int] = pa.Field(ge=0)
    trigger_text: Series[str] = pa.Field()
    mention_count: Series[int] = pa.Field(ge=1)
    mention_spans: Series[str] = pa.Field()  # JSON list of [start, end]
    event_date: Series[Date] = pa.Field(nullable=True)
    place_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    place_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    place_text: Series[str] = pa.Field(nullable=True)
    killed: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    injured: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    arrested: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    perpetrator_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    perpetrator_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    perpetrator_text: Series[str] = pa.Field(nullable=True)

    @pa.check("event_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.dataframe_check(name="trigger_span_inside_text")
    def trigger_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "trigger_start", "trigger_end", optional=False)

    @pa.dataframe_check(name="place_span_inside_text")
    def place_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "place_start", "place_end", optional=True)

    @pa.dataframe_check(name="perpetrator_span_inside_text")
    def perpetrator_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "perpetrator_start", "perpetrator_end", optional=True)

    @pa.dataframe_check(name="event_date_near_publication")
    def event_date_near_publication(cls, df: pd.DataFrame) -> pd.Series:
        event = pd.to_datetime(df["event_date"])
        published = pd.to_datetime(df["ctx_published_date"])
        distance = (event - published).abs().dt.days
        return event.isna() | published.isna() | (distance <= MAX_EVENT_DATE_DISTANCE_DAYS)


class FetchLog(_Base):
    """Every fetch attempt of a run, failures with their reason."""

    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    url: Series[str] = pa.Field()
    outcome: Series[str] = pa.Field(isin=FETCH_OUTCOMES)
    reason: Series[str] = pa.Field(nullable=True)
    status: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    fetched_at: Series[str] = pa.Field(nullable=True)
    run_id: Series[str] = pa.Field()

    @pa.dataframe_check(name="failure_has_reason")
    def failure_has_reason(cls, df: pd.DataFrame) -> pd.Series:
        return (df["outcome"] != "error") | (df["reason"].fillna("").str.len() > 0)


class Quarantine(_Base):
    """Rows that did not reach the warehouse, with the table, the row and the rules they broke."""

    run_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    stage: Series[str] = pa.Field(isin=("parse", "validate", "load"))
    table_name: Series[str] = pa.Field()
    record_key: Series[str] = pa.Field(nullable=True)
    row_json: Series[str] = pa.Field()
    failed_checks: Series[str] = pa.Field()


class Runs(_Base):
    """One row per pipeline run of a logical date: what it did and how it ended."""

    run_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    started_at: Series[UtcTimestamp] = pa.Field()
    finished_at: Series[UtcTimestamp] = pa.Field()
    status: Series[str] = pa.Field(isin=("success", "partial", "failed"))
    sources_ok: Series[int] = pa.Field(ge=0)
    sources_failed: Series[int] = pa.Field(ge=0)
    articles: Series[int] = pa.Field(ge=0)
    claims: Series[int] = pa.Field(ge=0)
    quarantined: Series[int] = pa.Field(ge=0)
    detail: Series[str] = pa.Field()


# The tables a partition holds, in load order (articles first: the others refer to them).
PARTITION_TABLES: dict[str, type[_Base]] = {
    "articles": Articles,
    "claims": Claims,
    "entity_mentions": EntityMentions,
    "event_mentions": EventMentions,
}
ALL_TABLES: dict[str, type[_Base]] = {
    **PARTITION_TABLES,
    "entities": Entities,
    "fetch_log": FetchLog,
    "quarantine": Quarantine,
    "runs": Runs,
}


def columns_of(model: type[pa.DataFrameModel]) -> list[str]:
    """The contract's columns in order, without the validation-only context columns."""
    return [c for c in model.to_schema().columns if c not in CONTEXT_COLUMNS]


def empty_frame(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the contract's columns and no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns_of(model)})


KEY_COLUMNS: dict[str, str] = {
    "articles": "article_id",
    "claims": "claim_id",
    "entity_mentions": "mention_id",
    "event_mentions": "event_id",
    "entities": "entity_id",
}
