"""Parse building blocks: charsets, residue cleaning, sentences with offsets, archive records."""

from __future__ import annotations

import json
from datetime import date

from pipelines.parse.clean import clean_text
from pipelines.parse.html import decode
from pipelines.parse.records import iter_records, local_date, parse_timestamp
from pipelines.parse.sentences import split_sentences
from pipelines.parse.urls import article_id, canonical_url

ARABIC = "قال المتحدث إن الاجتماع سيعقد غدا"


def test_windows_1256_pages_decode_by_header_then_meta() -> None:
    body = f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256")
    assert ARABIC in decode(body, "text/html; charset=windows-1256")
    meta = f'<html><head><meta charset="windows-1256"></head><body>{ARABIC}</body></html>'.encode("cp1256")
    assert ARABIC in decode(meta, "text/html")
    iso = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6"></head>' \
          f'<body>{ARABIC}</body></html>'.encode("iso-8859-6")
    assert ARABIC in decode(iso, "")


def test_residue_is_removed_and_reported() -> None:
    raw = "عنوان\nالفقرة الأولى [[system-code:ad:autoads]] تستمر.\nاقرأ أيضا: خبر آخر\nشارك الخبر\nالفقرة الثانية."
    cleaned = clean_text(raw, title="عنوان")
    assert cleaned.text == "الفقرة الأولى تستمر.\nالفقرة الثانية."
    assert "[[system-code:ad:autoads]]" in cleaned.removed
    assert any(r.startswith("اقرأ أيضا") for r in cleaned.removed)


def test_sentences_keep_offsets_and_respect_quotes_and_decimals() -> None:
    text = "قال الوزير: «نحن هنا. وسنبقى». وأضاف أن النمو بلغ 3.5 في المئة؛ ثم غادر\nسطر جديد؟ نعم"
    spans = split_sentences(text)
    pieces = [text[s:e] for s, e in spans]
    assert pieces == ["قال الوزير: «نحن هنا. وسنبقى».", "وأضاف أن النمو بلغ 3.5 في المئة؛", "ثم غادر",
                      "سطر جديد؟", "نعم"]


def test_archive_records_from_json_jsonl_and_zip() -> None:
    import io
    import zipfile

    records = [{"u": "https://x.example/1", "t": "نص"}, {"u": "https://x.example/2", "t": "نص آخر"}]
    as_json = json.dumps(records, ensure_ascii=False).encode()
    as_jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("day.json", as_json)
    for body, name in ((as_json, "a.json"), (as_jsonl, "a.jsonl"), (buffer.getvalue(), "a.zip")):
        assert [r["u"] for r in iter_records(body, None, name)] == ["https://x.example/1", "https://x.example/2"]


def test_naive_timestamps_are_read_in_the_source_timezone() -> None:
    moment = parse_timestamp("2015-07-21 01:30:00", "Asia/Riyadh")
    assert moment is not None and moment.isoformat() == "2015-07-20T22:30:00+00:00"
    assert local_date(moment, "Asia/Riyadh") == date(2015, 7, 21)
    assert local_date(moment, "UTC") == date(2015, 7, 20)
    assert parse_timestamp("not a date", "UTC") is None


def test_one_article_under_two_urls_has_one_id() -> None:
    a = "https://News.example/a/1/?utm_source=rss&id=3#top"
    b = "https://news.example/a/1?id=3"
    assert canonical_url(a) == canonical_url(b) == "https://news.example/a/1?id=3"
    assert article_id(a) == article_id(b)


def test_english_titles_initials_and_acronyms_do_not_end_a_sentence() -> None:
    text = "Mr. Smith said the U.S. economy grew. J. Doe disagreed. He added that"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mr. Smith said the U.S. economy grew.", "J. Doe disagreed.", "He added that"]


def test_character_references_left_in_a_dump_are_decoded() -> None:
    assert clean_text("أعلن &#8220;المركز&#8221; أن &quot;الموسم&quot; بدأ").text == "أعلن “المركز” أن \"الموسم\" بدأ"
