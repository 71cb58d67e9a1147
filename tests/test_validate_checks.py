"""Every validation rule, broken once: the breaking row lands in quarantine under the rule's name,
with its table, its row as JSON and the run id, and the other rows pass.

``CASES`` holds one row-breaker per rule; ``test_every_rule_has_a_case`` fails when a contract
gains a check that no case breaks. The end-to-end test at the bottom sends bad rows through the
real validate and load stages and shows the rest of the partition loading.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipelines.load import SourceOutcome, connect, load_date
from pipelines.partitions import Partition, staged_path, write_frame
from pipelines.schemas import ALL_TABLES, columns_of
from pipelines.validate import QuarantineThresholdExceeded, validate_frame, validate_partition, with_context
from tests.conftest import sample_settings

DAY = date(2026, 11, 23)
RUN = "2026-11-23__test"
PARTITION = Partition(DAY, "wire")
# Written for these tests: one sentence with a cue, a speaker, an agency and a place.
TEXT = "وقال المتحدث باسم الوزارة لوكالة الأنباء إن ثلاثة أشخاص أصيبوا في حادث سير بمدينة أبها أمس."
ARTICLE_IDS = ["a000000000000001", "a000000000000002", "a000000000000003"]
ENTITY_IDS = ["e000000000000001", "e000000000000002"]


def _hex(prefix: str, n: int) -> str:
    return f"{prefix}{n:015x}"


def article_rows() -> list[dict[str, Any]]:
    return [{
        "article_id": aid, "logical_date": DAY, "source_id": "wire", "outlet": "Wire", "url": f"https://w.example/{n}",
        "canonical_url": f"https://w.example/{n}", "title": "عنوان", "author": None,
        "published_at": pd.Timestamp("2026-11-23 06:00", tz="UTC"), "language": "ar", "text": TEXT,
        "text_hash": "0123456789abcdef0123456789abcdef01234567", "raw_hash": "r" * 8, "run_id": RUN,
    } for n, aid in enumerate(ARTICLE_IDS)]


def _ref(aid: str) -> dict[str, Any]:
    return {"article_id": aid, "logical_date": DAY, "source_id": "wire", "run_id": RUN}


def claim_rows() -> list[dict[str, Any]]:
    rows = []
    for n, aid in enumerate(ARTICLE_IDS):
        rows.append({**_ref(aid), "claim_id": _hex("c", n), "cue_start": 0, "cue_end": 4, "cue_text": "وقال",
                     "speaker_start": 5, "speaker_end": 25, "speaker_text": TEXT[5:25], "speaker_key": "متحدث",
                     "speaker_entity_id": ENTITY_IDS[0], "speaker_type": "person", "named": True, "source_count": None,
                     "via_start": 26, "via_end": 39, "via_text": TEXT[26:39], "stance": "assert", "quote": "indirect",
                     "content_start": 40, "content_end": len(TEXT), "continues_claim_id": None,
                     "parent_claim_id": None})
    rows[1]["continues_claim_id"] = rows[0]["claim_id"]
    rows[1]["article_id"] = rows[0]["article_id"]  # a continuation in the same article
    return rows


def mention_rows() -> list[dict[str, Any]]:
    return [{**_ref(aid), "mention_id": _hex("d", n), "start": 19, "end": 25, "text": TEXT[19:25], "type": "ORG",
             "entity_id": ENTITY_IDS[n % 2]} for n, aid in enumerate(ARTICLE_IDS)]


def entity_rows() -> list[dict[str, Any]]:
    return [{"entity_id": ENTITY_IDS[0], "type": "ORG", "canonical_name": "الوزارة"},
            {"entity_id": ENTITY_IDS[1], "type": "LOC", "canonical_name": "أبها"},
            {"entity_id": _hex("e", 9), "type": "PER", "canonical_name": "متحدث"}]


def event_rows() -> list[dict[str, Any]]:
    return [{**_ref(aid), "event_id": _hex("f", n), "type": "accident", "trigger_start": 66, "trigger_end": 70,
             "trigger_text": TEXT[66:70], "mention_count": 1, "mention_spans": "[[66, 70]]",
             "event_date": date(2026, 11, 22), "place_start": 81, "place_end": 85, "place_text": TEXT[81:85],
             "killed": None, "injured": 3, "arrested": 0, "perpetrator_start": None, "perpetrator_end": None,
             "perpetrator_text": None} for n, aid in enumerate(ARTICLE_IDS)]


def story_rows() -> list[dict[str, Any]]:
    return [{**_ref(ARTICLE_IDS[0]), "story_id": _hex("5", 1), "copy_group": None, "copy_of": None,
             "copy_overlap": None},
            {**_ref(ARTICLE_IDS[1]), "story_id": _hex("5", 1), "copy_group": _hex("9", 1),
             "copy_of": ARTICLE_IDS[0], "copy_overlap": 0.93},
            {**_ref(ARTICLE_IDS[2]), "story_id": _hex("5", 2), "copy_group": None, "copy_of": None,
             "copy_overlap": None}]


def fetch_rows() -> list[dict[str, Any]]:
    return [{"logical_date": DAY, "source_id": "wire", "url": f"https://w.example/{n}", "outcome": outcome,
             "reason": reason, "status": status, "fetched_at": "2026-11-24T02:00:00+00:00", "run_id": RUN}
            for n, (outcome, reason, status) in enumerate(
                [("ok", None, 200), ("not_modified", None, 304), ("error", "http_error", 500)])]


def quarantine_rows() -> list[dict[str, Any]]:
    return [{"run_id": RUN, "logical_date": DAY, "source_id": "wire", "stage": stage, "table_name": "claims",
             "record_key": _hex("c", n), "row_json": json.dumps({"claim_id": _hex("c", n)}),
             "failed_checks": "cue_span_inside_text"} for n, stage in enumerate(["parse", "validate", "load"])]


def run_rows() -> list[dict[str, Any]]:
    started = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    return [{"run_id": f"{RUN}{n}", "logical_date": DAY, "started_at": started,
             "finished_at": started + pd.Timedelta(minutes=5), "status": "success", "sources_ok": 5,
             "sources_failed": 0, "articles": 15, "claims": 46, "quarantined": 2, "detail": "{}"} for n in range(3)]


def load_log_rows() -> list[dict[str, Any]]:
    return [{"logical_date": DAY, "source_id": "wire", "step": step, "run_id": RUN,
             "loaded_at": datetime(2026, 11, 24, 2, 0, tzinfo=UTC), "rows": 3}
            for step in ("partition", "failed_source", "stories")]


FACTORIES: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "articles": article_rows, "claims": claim_rows, "entity_mentions": mention_rows, "entities": entity_rows,
    "event_mentions": event_rows, "story_articles": story_rows, "fetch_log": fetch_rows,
    "quarantine": quarantine_rows, "runs": run_rows, "load_log": load_log_rows,
}


def _with_context(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The context validation attaches in the pipeline: the articles (and entities) that load."""
    model = ALL_TABLES[table]
    if "ctx_text_length" not in model.to_schema().columns:
        return frame
    articles = pd.DataFrame(article_rows())
    known = {"ctx_speaker_entity_known": ("speaker_entity_id", set(ENTITY_IDS)),
             "ctx_entity_known": ("entity_id", set(ENTITY_IDS)),
             "ctx_copy_of_known": ("copy_of", set(ARTICLE_IDS))}
    return with_context(frame, model, articles, known)


def _set(**values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda row: row.update(values)


# (table, the rule as quarantine names it, how to break one row); the row broken is the last one.
CASES: list[tuple[str, str, Callable[[dict[str, Any]], None]]] = [
    ("articles", "article_id:ids_unique", _set(article_id=ARTICLE_IDS[0])),
    ("articles", "article_id:id_well_formed", _set(article_id="not-an-id")),
    ("articles", "text:text_not_empty", _set(text="   ")),
    ("articles", "source_id:not_empty", _set(source_id=" ")),
    ("articles", "outlet:not_empty", _set(outlet="")),
    ("articles", "url:not_empty", _set(url="")),
    ("articles", "raw_hash:not_empty", _set(raw_hash="")),
    ("articles", "run_id:not_empty", _set(run_id="")),
    ("articles", "canonical_url:url_absolute", _set(canonical_url="w.example/2")),
    ("articles", "language:language_code", _set(language="arabic")),
    ("articles", "text_hash:sha1_hex", _set(text_hash="xyz")),
    ("articles", "published_near_logical_date", _set(published_at=pd.Timestamp("1970-01-01", tz="UTC"))),
    ("claims", "article_exists", _set(article_id=_hex("a", 99))),
    ("claims", "article_id:id_well_formed", _set(article_id="A1")),
    ("claims", "source_id:not_empty", _set(source_id="")),
    ("claims", "run_id:not_empty", _set(run_id="")),
    ("claims", "claim_id:ids_unique", _set(claim_id=_hex("c", 0))),
    ("claims", "claim_id:id_well_formed", _set(claim_id="c-2")),
    ("claims", "speaker_entity_id:id_well_formed", _set(speaker_entity_id="minister")),
    ("claims", "continues_claim_id:id_well_formed", _set(continues_claim_id="previous")),
    ("claims", "parent_claim_id:id_well_formed", _set(parent_claim_id="outer")),
    ("claims", "speaker_type:in_enumeration", _set(speaker_type="official")),
    ("claims", "stance:in_enumeration", _set(stance="doubt")),
    ("claims", "quote:in_enumeration", _set(quote="partial")),
    ("claims", "source_count:at_least_one", _set(speaker_type="anonymous", named=False, source_count=0)),
    ("claims", "cue_span_inside_text", _set(cue_start=4, cue_end=4)),
    ("claims", "speaker_span_inside_text", _set(speaker_end=len(TEXT) + 5)),
    ("claims", "via_span_inside_text", _set(via_start=30, via_end=None)),
    ("claims", "content_span_inside_text", _set(content_start=-1)),
    ("claims", "named_iff_not_anonymous", _set(speaker_type="anonymous", named=True)),
    ("claims", "source_count_only_for_anonymous", _set(source_count=2)),
    ("claims", "speaker_entity_exists", _set(speaker_entity_id=_hex("e", 77))),
    ("claims", "continued_claim_in_article", _set(continues_claim_id=_hex("c", 1))),
    ("claims", "parent_claim_in_article", _set(parent_claim_id=_hex("c", 55))),
    ("entity_mentions", "article_exists", _set(article_id=_hex("a", 99))),
    ("entity_mentions", "article_id:id_well_formed", _set(article_id="x")),
    ("entity_mentions", "source_id:not_empty", _set(source_id="")),
    ("entity_mentions", "run_id:not_empty", _set(run_id="")),
    ("entity_mentions", "mention_id:ids_unique", _set(mention_id=_hex("d", 0))),
    ("entity_mentions", "mention_id:id_well_formed", _set(mention_id="m")),
    ("entity_mentions", "entity_id:id_well_formed", _set(entity_id="ministry")),
    ("entity_mentions", "type:in_enumeration", _set(type="MISC")),
    ("entity_mentions", "span_inside_text", _set(start=30, end=20)),
    ("entity_mentions", "entity_exists", _set(entity_id=_hex("e", 77))),
    ("entities", "entity_id:ids_unique", _set(entity_id=ENTITY_IDS[0])),
    ("entities", "entity_id:id_well_formed", _set(entity_id="E9")),
    ("entities", "type:in_enumeration", _set(type="GPE")),
    ("entities", "canonical_name:not_empty", _set(canonical_name=" ")),
    ("event_mentions", "article_exists", _set(article_id=_hex("a", 99))),
    ("event_mentions", "article_id:id_well_formed", _set(article_id="x")),
    ("event_mentions", "source_id:not_empty", _set(source_id="")),
    ("event_mentions", "run_id:not_empty", _set(run_id="")),
    ("event_mentions", "event_id:ids_unique", _set(event_id=_hex("f", 0))),
    ("event_mentions", "event_id:id_well_formed", _set(event_id="f")),
    ("event_mentions", "type:in_enumeration", _set(type="parade")),
    ("event_mentions", "killed:non_negative", _set(killed=-1)),
    ("event_mentions", "injured:non_negative", _set(injured=-3)),
    ("event_mentions", "arrested:non_negative", _set(arrested=-2)),
    ("event_mentions", "mention_count:at_least_one", _set(mention_count=0)),
    ("event_mentions", "trigger_span_inside_text", _set(trigger_start=len(TEXT), trigger_end=len(TEXT) + 4)),
    ("event_mentions", "mention_spans_inside_text", _set(mention_spans="[[66, 700]]")),
    ("event_mentions", "place_span_inside_text", _set(place_start=90, place_end=85)),
    ("event_mentions", "perpetrator_span_inside_text", _set(perpetrator_start=3, perpetrator_end=None)),
    ("event_mentions", "event_date_near_publication", _set(event_date=date(2031, 1, 1))),
    ("story_articles", "article_exists", _set(article_id=_hex("a", 99))),
    ("story_articles", "article_id:ids_unique", _set(article_id=ARTICLE_IDS[0])),
    ("story_articles", "article_id:id_well_formed", _set(article_id="a3")),
    ("story_articles", "source_id:not_empty", _set(source_id="")),
    ("story_articles", "run_id:not_empty", _set(run_id="")),
    ("story_articles", "story_id:id_well_formed", _set(story_id="story-7")),
    ("story_articles", "copy_group:id_well_formed", _set(copy_group="g", copy_of=ARTICLE_IDS[0], copy_overlap=0.8)),
    ("story_articles", "copy_of:id_well_formed", _set(copy_group=_hex("9", 2), copy_of="a1", copy_overlap=0.8)),
    ("story_articles", "copy_overlap:share_between_0_and_1",
     _set(copy_group=_hex("9", 2), copy_of=ARTICLE_IDS[0], copy_overlap=1.5)),
    ("story_articles", "matches_article_partition", _set(source_id="otherwire")),
    ("story_articles", "copy_of_exists", _set(copy_group=_hex("9", 2), copy_of=_hex("a", 98), copy_overlap=0.9)),
    ("story_articles", "copy_of_not_self", _set(copy_group=_hex("9", 2), copy_of=ARTICLE_IDS[2], copy_overlap=1.0)),
    ("story_articles", "copy_has_group_and_overlap", _set(copy_of=ARTICLE_IDS[0])),
    ("fetch_log", "outcome:in_enumeration", _set(outcome="maybe")),
    ("fetch_log", "status:http_status", _set(status=42)),
    ("fetch_log", "source_id:not_empty", _set(source_id="")),
    ("fetch_log", "run_id:not_empty", _set(run_id="")),
    ("fetch_log", "failure_has_reason", _set(reason=None)),
    ("quarantine", "stage:in_enumeration", _set(stage="extract")),
    ("quarantine", "table_name:in_enumeration", _set(table_name="tweets")),
    ("quarantine", "failed_checks:not_empty", _set(failed_checks="")),
    ("quarantine", "row_json:json_object", _set(row_json="{not json")),
    ("runs", "status:in_enumeration", _set(status="done")),
    ("runs", "sources_ok:non_negative", _set(sources_ok=-1)),
    ("runs", "sources_failed:non_negative", _set(sources_failed=-1)),
    ("runs", "articles:non_negative", _set(articles=-1)),
    ("runs", "claims:non_negative", _set(claims=-1)),
    ("runs", "quarantined:non_negative", _set(quarantined=-1)),
    ("runs", "detail:json_object", _set(detail="[1, 2]")),
    ("runs", "finished_after_started", _set(finished_at=datetime(2026, 11, 24, 1, 0, tzinfo=UTC))),
    ("load_log", "step:in_enumeration", _set(step="vacuum")),
    ("load_log", "rows:non_negative", _set(rows=-4)),
]


def _declared_rules(table: str) -> set[str]:
    schema = ALL_TABLES[table].to_schema()
    rules = {str(check.name) for check in schema.checks}
    for column, spec in schema.columns.items():
        rules |= {f"{column}:{check.name}" for check in spec.checks}
    return rules


def test_every_rule_has_a_case() -> None:
    covered = {(table, rule) for table, rule, _ in CASES}
    missing = sorted((table, rule) for table in ALL_TABLES for rule in _declared_rules(table)
                     if (table, rule) not in covered)
    assert not missing, f"rules no test breaks: {missing}"


def test_the_good_rows_pass_every_rule() -> None:
    for table, factory in FACTORIES.items():
        frame = _with_context(table, pd.DataFrame(factory()))
        valid, quarantined = validate_frame(table, ALL_TABLES[table], frame, partition=PARTITION, run_id=RUN)
        assert quarantined.empty, (table, quarantined["failed_checks"].tolist())
        assert len(valid) == len(factory())
        assert sorted(valid.columns) == sorted(columns_of(ALL_TABLES[table]))


@pytest.mark.parametrize(("table", "rule", "breaker"), CASES, ids=[f"{t}-{r}" for t, r, _ in CASES])
def test_a_row_breaking_a_rule_is_quarantined_and_the_rest_pass(
        table: str, rule: str, breaker: Callable[[dict[str, Any]], None]) -> None:
    rows = FACTORIES[table]()
    breaker(rows[-1])
    frame = _with_context(table, pd.DataFrame(rows))
    valid, quarantined = validate_frame(table, ALL_TABLES[table], frame, partition=PARTITION, run_id=RUN)
    assert len(quarantined) == 1, quarantined[["record_key", "failed_checks"]].to_dict("records")
    entry = quarantined.iloc[0]
    assert rule in entry["failed_checks"].split("; ")
    assert (entry["table_name"], entry["run_id"], entry["stage"]) == (table, RUN, "validate")
    row = json.loads(entry["row_json"])
    assert not any(key.startswith("ctx_") for key in row)  # the row as the stage wrote it
    assert len(valid) == len(rows) - 1


def test_quarantine_cascades_to_rows_that_refer_to_a_quarantined_claim() -> None:
    rows = claim_rows()
    rows[0]["cue_end"] = 999  # the continued claim breaks a rule; its continuation must follow it
    valid, quarantined = validate_frame("claims", ALL_TABLES["claims"], _with_context("claims", pd.DataFrame(rows)),
                                        partition=PARTITION, run_id=RUN)
    reasons = dict(zip(quarantined["record_key"], quarantined["failed_checks"], strict=True))
    assert reasons == {_hex("c", 0): "cue_span_inside_text", _hex("c", 1): "continued_claim_in_article"}
    assert valid["claim_id"].tolist() == [_hex("c", 2)]


def _stage_partition(settings: Any, partition: Partition, tables: dict[str, list[dict[str, Any]]]) -> None:
    for name, rows in tables.items():
        stage = "parsed" if name == "articles" else "extracted"
        frame = pd.DataFrame(rows, columns=columns_of(ALL_TABLES[name]))
        write_frame(frame, staged_path(settings.staged_dir, stage, partition, name))


def test_bad_rows_go_to_quarantine_and_the_rest_of_the_partition_loads(tmp_path: Path) -> None:
    """Through the real validate and load stages: one bad row per table, the others in the warehouse."""
    settings = sample_settings(tmp_path)
    articles, claims, mentions, events = article_rows(), claim_rows(), mention_rows(), event_rows()
    entities = entity_rows()
    articles[2]["text"] = ""  # its claim, mention and event must follow it into quarantine
    claims[0]["stance"] = "doubt"  # and claim 1, which continues it
    mentions[1]["type"] = "MISC"
    events[0]["killed"] = -5
    entities[2]["canonical_name"] = ""
    _stage_partition(settings, PARTITION, {"articles": articles, "claims": claims, "entity_mentions": mentions,
                                           "event_mentions": events, "entities": entities})
    write_frame(pd.DataFrame(columns=columns_of(ALL_TABLES["quarantine"])),
                staged_path(settings.staged_dir, "parsed", PARTITION, "quarantine"))
    summary = validate_partition(sample_settings(tmp_path, max_quarantine_share=1.0), PARTITION, RUN)
    assert summary.quarantined == {"articles": 1, "entities": 1, "claims": 3, "entity_mentions": 2,
                                   "event_mentions": 2}
    load_date(settings, DAY, RUN, {"wire": SourceOutcome(ok=True)}, datetime.now(UTC))
    con = connect(settings, read_only=True)
    try:
        loaded = {t: sorted(r[0] for r in con.execute(f"SELECT {k} FROM raw.{t}").fetchall()) for t, k in
                  [("articles", "article_id"), ("claims", "claim_id"), ("entity_mentions", "mention_id"),
                   ("event_mentions", "event_id"), ("entities", "entity_id")]}
        quarantine = con.execute("""SELECT table_name, record_key, failed_checks, run_id FROM raw.quarantine
                                    ORDER BY table_name, record_key""").fetchall()
    finally:
        con.close()
    assert loaded == {"articles": ARTICLE_IDS[:2], "claims": [], "entity_mentions": [_hex("d", 0)],
                      "event_mentions": [_hex("f", 1)], "entities": ENTITY_IDS}
    assert quarantine == [
        ("articles", ARTICLE_IDS[2], "text:text_not_empty", RUN),
        ("claims", _hex("c", 0), "stance:in_enumeration", RUN),
        ("claims", _hex("c", 1), "continued_claim_in_article", RUN),
        ("claims", _hex("c", 2), "article_exists", RUN),
        ("entities", _hex("e", 9), "canonical_name:not_empty", RUN),
        ("entity_mentions", _hex("d", 1), "type:in_enumeration", RUN),
        ("entity_mentions", _hex("d", 2), "article_exists", RUN),
        ("event_mentions", _hex("f", 0), "killed:non_negative", RUN),
        ("event_mentions", _hex("f", 2), "article_exists", RUN),
    ]


def test_a_partition_past_the_threshold_fails_loudly_after_writing_its_quarantine(tmp_path: Path) -> None:
    settings = sample_settings(tmp_path, max_quarantine_share=0.25)
    claims = claim_rows()
    for row in claims[:2]:
        row["quote"] = "partial"
    _stage_partition(settings, PARTITION, {"articles": article_rows(), "claims": claims, "entity_mentions": [],
                                           "event_mentions": [], "entities": entity_rows()})
    with pytest.raises(QuarantineThresholdExceeded, match=r"claims: 2 of 3 rows failed validation"):
        validate_partition(settings, PARTITION, RUN)
    quarantine = pd.read_parquet(staged_path(settings.staged_dir, "validated", PARTITION, "quarantine"))
    assert sorted(quarantine["failed_checks"]) == ["quote:in_enumeration", "quote:in_enumeration"]


@pytest.mark.parametrize(("column", "value", "rule"), [
    ("text", None, "text:not_nullable"),
    ("published_at", "the day before yesterday", "published_at:coerce_dtype"),
    ("logical_date", "someday", "logical_date:coerce_dtype"),
])
def test_a_missing_or_unreadable_value_is_quarantined_with_its_column(column: str, value: Any, rule: str) -> None:
    rows = article_rows()
    rows[-1][column] = value
    valid, quarantined = validate_frame("articles", ALL_TABLES["articles"], pd.DataFrame(rows),
                                        partition=PARTITION, run_id=RUN)
    assert len(valid) == 2
    assert quarantined["failed_checks"].tolist()[0].startswith(rule)
