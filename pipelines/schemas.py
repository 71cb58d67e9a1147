"""Table contracts: one pandera DataFrameModel per table, used by every stage.

Stages build frames with these columns (``columns_of``), validation checks them, and the
warehouse migrations create the same columns. Nobody redefines a column elsewhere.

Every rule is a check named after it, so a quarantined row says which rule it broke: a column
check is reported as ``<column>:<rule>`` (``speaker_type:in_enumeration``), a row check by its
name (``cue_span_inside_text``). ``tests/test_validate_checks.py`` breaks every one of them.

Rows that refer to something outside their own table carry validation-only context columns,
named ``ctx_*`` (the referenced article's text length and dates, whether a referenced entity,
claim or article is known); validation attaches them and drops them again, so per-row checks can
enforce spans and referential integrity. A context value is null when the referenced row is
missing or was itself quarantined.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from pipelines.extract.model import ENTITY_TYPES, INCIDENT_TYPES, QUOTE_KINDS, SPEAKER_TYPES, STANCES

ID_PATTERN = r"^[0-9a-f]{16}$"
CONTEXT_PREFIX = "ctx_"
# Event types beyond the spec's incidents, for the happenings the coverage marts also count.
EVENT_TYPES = (*INCIDENT_TYPES, "meeting", "agreement", "election", "decision", "sports")
FETCH_OUTCOMES = ("ok", "not_modified", "empty", "skipped", "error")
QUARANTINE_STAGES = ("parse", "validate", "load")
RUN_STATUSES = ("success", "partial", "failed")
# What a load log row records: a source's partition replaced, a failed source's fetch log and
# quarantine replaced (its rows kept), a date's story assignments replaced.
LOAD_STEPS = ("partition", "failed_source", "stories")
# How far an event's date may sit from its article's publication date and still be believed:
# history is cited (ten years back), plans are announced (a year ahead), nothing beyond.
MAX_EVENT_DAYS_BEFORE = 3660
MAX_EVENT_DAYS_AFTER = 366
# How far a page's own publication date may sit from the day its source listed it: a year back
# (a re-listed item), two days ahead (time zones); outside that the date was misread.
MAX_PUBLISHED_DAYS_BEFORE = 366
MAX_PUBLISHED_DAYS_AFTER = 2

Date = pandas_engine.Date
UtcTimestamp = Annotated[pd.DatetimeTZDtype, "ns", "UTC"]


def is_context(column: str) -> bool:
    """Validation-only columns (``ctx_*``): never written to staged files or the warehouse."""
    return column.startswith(CONTEXT_PREFIX)


def _unique(series: pd.Series) -> pd.Series:
    """True for the first row with each value; later duplicates fail (and go to quarantine)."""
    return ~series.duplicated(keep="first")


def _span_ok(df: pd.DataFrame, start: str, end: str, *, optional: bool) -> pd.Series:
    """A span is ordered, non-empty and inside the article text; an absent optional span passes.
    Without its article the text is unknown: ``article_exists`` reports that row, not this check."""
    s, e, n = df[start], df[end], df["ctx_text_length"]
    present = s.notna() & e.notna()
    inside = (present & (s >= 0) & (s < e) & (e <= n.fillna(float("inf")))).fillna(False).astype(bool)
    if optional:
        return (s.isna() & e.isna()) | inside
    return inside


def _days_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (pd.to_datetime(later) - pd.to_datetime(earlier)).dt.days


def _reference_ok(df: pd.DataFrame, column: str, known: str) -> pd.Series:
    """A null reference passes; a present one must be known (``ctx_*`` flag set by validation)."""
    return df[column].isna() | df[known].fillna(False).astype(bool)


def _spans_json_inside(spans: Any, length: Any) -> bool:
    length = length if pd.notna(length) else float("inf")
    try:
        pairs = json.loads(spans)
        return isinstance(pairs, list) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, int) for v in p)
            and 0 <= p[0] < p[1] <= length for p in pairs)
    except (TypeError, ValueError):
        return False


class _Base(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = "filter"  # drop columns a stage added that are not part of the contract


class ArticleRefMixin(_Base):
    """Columns and checks shared by every table whose rows belong to one article."""

    article_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    run_id: Series[str] = pa.Field()
    ctx_text_length: Series[float] = pa.Field(nullable=True)
    ctx_published_date: Series[Date] = pa.Field(nullable=True)

    # Checks a mixin shares are named exactly as their methods: pandera forgets a ``name=`` the
    # second time an inherited check is turned into a schema. ``id_well_formed`` covers
    # ``article_id`` in each subclass.
    @pa.check("source_id", "run_id", name="not_empty")
    def not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.len() > 0

    @pa.dataframe_check(name="article_exists")
    def article_exists(cls, df: pd.DataFrame) -> pd.Series:
        """Referential integrity: the row's article was loaded with it (not missing, not quarantined)."""
        return df["ctx_text_length"].notna()


class Articles(_Base):
    """One row per article: the cleaned text every span points into, and its metadata."""

    article_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    outlet: Series[str] = pa.Field()
    url: Series[str] = pa.Field()
    canonical_url: Series[str] = pa.Field()
    title: Series[str] = pa.Field(nullable=True)
    author: Series[str] = pa.Field(nullable=True)
    published_at: Series[UtcTimestamp] = pa.Field(nullable=True)
    language: Series[str] = pa.Field()
    text: Series[str] = pa.Field()
    text_hash: Series[str] = pa.Field()
    raw_hash: Series[str] = pa.Field()
    run_id: Series[str] = pa.Field()

    @pa.check("article_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("article_id", name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("text", name="text_not_empty")
    def text_not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.strip().str.len() > 0

    @pa.check("source_id", "outlet", "url", "raw_hash", "run_id", name="not_empty")
    def not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.strip().str.len() > 0

    @pa.check("canonical_url", name="url_absolute")
    def url_absolute(cls, s: pd.Series) -> pd.Series:
        return s.str.match(r"^(https?|file)://")

    @pa.check("language", name="language_code")
    def language_code(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(r"[a-z]{2}")

    @pa.check("text_hash", name="sha1_hex")
    def sha1_hex(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(r"[0-9a-f]{40}")

    @pa.dataframe_check(name="published_near_logical_date")
    def published_near_logical_date(cls, df: pd.DataFrame) -> pd.Series:
        published = pd.to_datetime(df["published_at"], utc=True).dt.tz_localize(None).dt.normalize()
        days = _days_between(published, df["logical_date"])
        return days.isna() | days.between(-MAX_PUBLISHED_DAYS_BEFORE, MAX_PUBLISHED_DAYS_AFTER)


class Claims(ArticleRefMixin):
    """One row per attributed statement (spec: Claim)."""

    claim_id: Series[str] = pa.Field()
    cue_start: Series[int] = pa.Field()
    cue_end: Series[int] = pa.Field()
    cue_text: Series[str] = pa.Field()
    speaker_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    speaker_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    speaker_text: Series[str] = pa.Field(nullable=True)
    speaker_key: Series[str] = pa.Field(nullable=True)
    speaker_entity_id: Series[str] = pa.Field(nullable=True)
    speaker_type: Series[str] = pa.Field()
    named: Series[bool] = pa.Field()
    source_count: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    via_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    via_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    via_text: Series[str] = pa.Field(nullable=True)
    stance: Series[str] = pa.Field()
    quote: Series[str] = pa.Field()
    content_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    content_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    continues_claim_id: Series[str] = pa.Field(nullable=True)
    parent_claim_id: Series[str] = pa.Field(nullable=True)
    ctx_speaker_entity_known: Series[bool] = pa.Field(nullable=True)

    @pa.check("claim_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("claim_id", "article_id", "speaker_entity_id", "continues_claim_id", "parent_claim_id",
              name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("speaker_type", name="in_enumeration")
    def speaker_type_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(SPEAKER_TYPES)

    @pa.check("stance", name="in_enumeration")
    def stance_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(STANCES)

    @pa.check("quote", name="in_enumeration")
    def quote_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(QUOTE_KINDS)

    @pa.check("source_count", name="at_least_one")
    def source_count_positive(cls, s: pd.Series) -> pd.Series:
        return s >= 1

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

    @pa.dataframe_check(name="speaker_entity_exists")
    def speaker_entity_exists(cls, df: pd.DataFrame) -> pd.Series:
        """Referential integrity: a resolved speaker points at an entity loaded with it."""
        return _reference_ok(df, "speaker_entity_id", "ctx_speaker_entity_known")

    @pa.dataframe_check(name="continued_claim_in_article")
    def continued_claim_in_article(cls, df: pd.DataFrame) -> pd.Series:
        """A continuation ("وأضاف") points at a loaded claim of the same article."""
        return _claim_in_article(df, "continues_claim_id")

    @pa.dataframe_check(name="parent_claim_in_article")
    def parent_claim_in_article(cls, df: pd.DataFrame) -> pd.Series:
        """A nested claim points at a loaded claim of the same article."""
        return _claim_in_article(df, "parent_claim_id")


def _claim_in_article(df: pd.DataFrame, column: str) -> pd.Series:
    """Checked against the frame itself: when a claim is quarantined, validation checks the rest
    again, so the claims that refer to it follow it into quarantine."""
    keys = pd.MultiIndex.from_arrays([df["claim_id"], df["article_id"]])
    wanted = pd.MultiIndex.from_arrays([df[column], df["article_id"]])
    return pd.Series(df[column].isna().to_numpy() | wanted.isin(keys), index=df.index)


class EntityMentions(ArticleRefMixin):
    """One row per mention of a person, organization or place."""

    mention_id: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()
    text: Series[str] = pa.Field()
    type: Series[str] = pa.Field()
    entity_id: Series[str] = pa.Field()
    ctx_entity_known: Series[bool] = pa.Field(nullable=True)

    @pa.check("mention_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("mention_id", "article_id", "entity_id", name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("type", name="in_enumeration")
    def type_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(ENTITY_TYPES)

    @pa.dataframe_check(name="span_inside_text")
    def span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "start", "end", optional=False)

    @pa.dataframe_check(name="entity_exists")
    def entity_exists(cls, df: pd.DataFrame) -> pd.Series:
        """Referential integrity: the mention resolves to an entity loaded with it."""
        return _reference_ok(df, "entity_id", "ctx_entity_known")


class Entities(_Base):
    """The canonical entities mentions resolve to; an id is a hash of type and canonical key."""

    entity_id: Series[str] = pa.Field()
    type: Series[str] = pa.Field()
    canonical_name: Series[str] = pa.Field()

    @pa.check("entity_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("entity_id", name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("type", name="in_enumeration")
    def type_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(ENTITY_TYPES)

    @pa.check("canonical_name", name="not_empty")
    def not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.strip().str.len() > 0


class EventMentions(ArticleRefMixin):
    """One row per incident or other happening per article, with its trigger and figures."""

    event_id: Series[str] = pa.Field()
    type: Series[str] = pa.Field()
    trigger_start: Series[int] = pa.Field()
    trigger_end: Series[int] = pa.Field()
    trigger_text: Series[str] = pa.Field()
    mention_count: Series[int] = pa.Field()
    mention_spans: Series[str] = pa.Field()  # JSON list of [start, end]
    event_date: Series[Date] = pa.Field(nullable=True)
    place_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    place_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    place_text: Series[str] = pa.Field(nullable=True)
    killed: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    injured: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    arrested: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    perpetrator_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    perpetrator_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    perpetrator_text: Series[str] = pa.Field(nullable=True)

    @pa.check("event_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("event_id", "article_id", name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("type", name="in_enumeration")
    def type_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(EVENT_TYPES)

    @pa.check("killed", "injured", "arrested", name="non_negative")
    def counts_non_negative(cls, s: pd.Series) -> pd.Series:
        return s >= 0

    @pa.check("mention_count", name="at_least_one")
    def mention_count_positive(cls, s: pd.Series) -> pd.Series:
        return s >= 1

    @pa.dataframe_check(name="trigger_span_inside_text")
    def trigger_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "trigger_start", "trigger_end", optional=False)

    @pa.dataframe_check(name="mention_spans_inside_text")
    def mention_spans_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        ok = [_spans_json_inside(s, n) for s, n in zip(df["mention_spans"], df["ctx_text_length"], strict=True)]
        return pd.Series(ok, index=df.index, dtype=bool)

    @pa.dataframe_check(name="place_span_inside_text")
    def place_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "place_start", "place_end", optional=True)

    @pa.dataframe_check(name="perpetrator_span_inside_text")
    def perpetrator_span_inside_text(cls, df: pd.DataFrame) -> pd.Series:
        return _span_ok(df, "perpetrator_start", "perpetrator_end", optional=True)

    @pa.dataframe_check(name="event_date_near_publication")
    def event_date_near_publication(cls, df: pd.DataFrame) -> pd.Series:
        days = _days_between(df["event_date"], df["ctx_published_date"])
        return days.isna() | days.between(-MAX_EVENT_DAYS_BEFORE, MAX_EVENT_DAYS_AFTER)


class StoryArticles(ArticleRefMixin):
    """One row per article: the story it belongs to and the item it copies, if any.

    Written by the story step after a date's articles are loaded (``pipelines.load.stories``):
    ``story_id`` groups articles about one happening across outlets and days; ``copy_group``
    groups near-identical texts (agency copy) and is null when the article copies nothing and
    nothing copies it; ``copy_of`` is the earlier article it reproduces (null for the group's
    original) and ``copy_overlap`` how much of its text it shares with that article (0..1).
    """

    story_id: Series[str] = pa.Field()
    copy_group: Series[str] = pa.Field(nullable=True)
    copy_of: Series[str] = pa.Field(nullable=True)
    copy_overlap: Series[float] = pa.Field(nullable=True)
    ctx_logical_date: Series[Date] = pa.Field(nullable=True)
    ctx_source_id: Series[str] = pa.Field(nullable=True)
    ctx_copy_of_known: Series[bool] = pa.Field(nullable=True)

    @pa.check("article_id", name="ids_unique")
    def ids_unique(cls, s: pd.Series) -> pd.Series:
        return _unique(s)

    @pa.check("article_id", "story_id", "copy_group", "copy_of", name="id_well_formed")
    def id_well_formed(cls, s: pd.Series) -> pd.Series:
        return s.str.fullmatch(ID_PATTERN)

    @pa.check("copy_overlap", name="share_between_0_and_1")
    def overlap_is_a_share(cls, s: pd.Series) -> pd.Series:
        return s.between(0.0, 1.0)

    @pa.dataframe_check(name="matches_article_partition")
    def matches_article_partition(cls, df: pd.DataFrame) -> pd.Series:
        """The row sits in its article's partition (same logical date and source)."""
        same_day = pd.to_datetime(df["logical_date"]) == pd.to_datetime(df["ctx_logical_date"])
        return df["ctx_logical_date"].isna() | (same_day & (df["source_id"] == df["ctx_source_id"]))

    @pa.dataframe_check(name="copy_of_exists")
    def copy_of_exists(cls, df: pd.DataFrame) -> pd.Series:
        """Referential integrity: the copied article is in the warehouse (any date) or loads now."""
        return _reference_ok(df, "copy_of", "ctx_copy_of_known")

    @pa.dataframe_check(name="copy_of_not_self")
    def copy_of_not_self(cls, df: pd.DataFrame) -> pd.Series:
        return df["copy_of"].isna() | (df["copy_of"] != df["article_id"])

    @pa.dataframe_check(name="copy_has_group_and_overlap")
    def copy_has_group_and_overlap(cls, df: pd.DataFrame) -> pd.Series:
        """A copy names its group and its overlap; an overlap without a copied article means nothing."""
        return (df["copy_of"].isna() | df["copy_group"].notna()) & (df["copy_of"].isna() == df["copy_overlap"].isna())


class FetchLog(_Base):
    """Every fetch attempt of a run, failures with their reason."""

    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    url: Series[str] = pa.Field()
    outcome: Series[str] = pa.Field()
    reason: Series[str] = pa.Field(nullable=True)
    status: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    fetched_at: Series[str] = pa.Field(nullable=True)
    run_id: Series[str] = pa.Field()

    @pa.check("outcome", name="in_enumeration")
    def outcome_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(FETCH_OUTCOMES)

    @pa.check("status", name="http_status")
    def http_status(cls, s: pd.Series) -> pd.Series:
        return s.between(100, 599)

    @pa.check("source_id", "run_id", name="not_empty")
    def not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.len() > 0

    @pa.dataframe_check(name="failure_has_reason")
    def failure_has_reason(cls, df: pd.DataFrame) -> pd.Series:
        return (df["outcome"] != "error") | (df["reason"].fillna("").str.len() > 0)


class Quarantine(_Base):
    """Rows that did not reach the warehouse, with the table, the row and the rules they broke."""

    run_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    stage: Series[str] = pa.Field()
    table_name: Series[str] = pa.Field()
    record_key: Series[str] = pa.Field(nullable=True)
    row_json: Series[str] = pa.Field()
    failed_checks: Series[str] = pa.Field()

    @pa.check("stage", name="in_enumeration")
    def stage_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(QUARANTINE_STAGES)

    @pa.check("table_name", name="in_enumeration")
    def table_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(list(ALL_TABLES))

    @pa.check("failed_checks", name="not_empty")
    def not_empty(cls, s: pd.Series) -> pd.Series:
        return s.str.strip().str.len() > 0

    @pa.check("row_json", name="json_object")
    def json_object(cls, s: pd.Series) -> pd.Series:
        return s.map(_is_json_object).astype(bool)


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (TypeError, ValueError):
        return False


class Runs(_Base):
    """One row per pipeline run of a logical date: what it did and how it ended."""

    run_id: Series[str] = pa.Field()
    logical_date: Series[Date] = pa.Field()
    started_at: Series[UtcTimestamp] = pa.Field()
    finished_at: Series[UtcTimestamp] = pa.Field()
    status: Series[str] = pa.Field()
    sources_ok: Series[int] = pa.Field()
    sources_failed: Series[int] = pa.Field()
    articles: Series[int] = pa.Field()
    claims: Series[int] = pa.Field()
    quarantined: Series[int] = pa.Field()
    detail: Series[str] = pa.Field()

    @pa.check("status", name="in_enumeration")
    def status_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(RUN_STATUSES)

    @pa.check("sources_ok", "sources_failed", "articles", "claims", "quarantined", name="non_negative")
    def counts_non_negative(cls, s: pd.Series) -> pd.Series:
        return s >= 0

    @pa.check("detail", name="json_object")
    def detail_is_json(cls, s: pd.Series) -> pd.Series:
        return s.map(_is_json_object).astype(bool)

    @pa.dataframe_check(name="finished_after_started")
    def finished_after_started(cls, df: pd.DataFrame) -> pd.Series:
        return df["finished_at"] >= df["started_at"]


class LoadLog(_Base):
    """One row per partition a load replaced: what changed when (incremental marts read it)."""

    logical_date: Series[Date] = pa.Field()
    source_id: Series[str] = pa.Field()
    step: Series[str] = pa.Field()
    run_id: Series[str] = pa.Field()
    loaded_at: Series[UtcTimestamp] = pa.Field()
    rows: Series[int] = pa.Field()

    @pa.check("step", name="in_enumeration")
    def step_enumerated(cls, s: pd.Series) -> pd.Series:
        return s.isin(LOAD_STEPS)

    @pa.check("rows", name="non_negative")
    def rows_non_negative(cls, s: pd.Series) -> pd.Series:
        return s >= 0


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
    "story_articles": StoryArticles,
    "fetch_log": FetchLog,
    "quarantine": Quarantine,
    "runs": Runs,
    "load_log": LoadLog,
}


def columns_of(model: type[pa.DataFrameModel]) -> list[str]:
    """The contract's columns in order, without the validation-only context columns."""
    return [c for c in model.to_schema().columns if not is_context(c)]


def empty_frame(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the contract's columns and no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns_of(model)})


KEY_COLUMNS: dict[str, str] = {
    "articles": "article_id",
    "claims": "claim_id",
    "entity_mentions": "mention_id",
    "event_mentions": "event_id",
    "entities": "entity_id",
    "story_articles": "article_id",
}
