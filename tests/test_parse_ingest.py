"""Parse details the fetch stage relies on: language by script, residue with its removed spans,
canonical URLs, charsets, listing dates and sitemap documents."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from pipelines.fetch.listing import listing_day, parse_listing_date
from pipelines.fetch.sitemaps import SitemapError, parse_sitemap
from pipelines.parse.clean import clean_text
from pipelines.parse.html import decode, parse_html, same_site_canonical
from pipelines.parse.language import detect_language
from pipelines.parse.urls import article_id, canonical_url
from tests.support.news_site import ARABIC_PARAGRAPHS, ENGLISH_PARAGRAPHS, Story, article_html, gz, urlset

log = logging.getLogger(__name__)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (" ".join(ARABIC_PARAGRAPHS), "ar"),
        ("بلاتر", "ar"),  # one Arabic-script word with no Persian or Urdu letter
        ("ﻛﺸﻔﺖ ﻣﺼﺎﺩﺭ ﻣﻄﻠﻌﺔ ﺃﻥ ﺍﻻﺟﺘﻤﺎﻉ ﺳﻴﻌﻘﺪ ﻏﺪﺍ", "ar"),  # legacy presentation forms
        ("قال الوزير إن التقرير سيصدر غدا، وأضاف: The report will be published tomorrow.", "ar"),
        ("دولت اعلام کرد که برنامه جدید برای کمک به کشاورزان از هفته آینده اجرا می‌شود و همه باید آماده باشند.",
         "fa"),
        ("حکومت نے اعلان کیا ہے کہ کسانوں کی مدد کے لیے نیا منصوبہ اگلے ہفتے سے شروع کیا جائے گا۔", "ur"),
        (" ".join(ENGLISH_PARAGRAPHS), "en"),
        ("Le ministère a annoncé lundi qu'une nouvelle ligne de ferry reliera les deux îles dès le mois prochain.",
         "fr"),
        ("Liman idaresi pazartesi günü iki ada arasında yeni bir feribot hattının gelecek ay açılacağını söyledi.",
         "tr"),
        ("12 345 — 678", None),
    ],
)
def test_language_by_script_with_lingua_only_when_the_script_leaves_it_open(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_residue_is_removed_and_every_removed_span_reported() -> None:
    raw = ("الفقرة الأولى [[system-code:ad:autoads]] تستمر.\n"
           "اقرأ أيضا: عنوان خبر آخر\n"
           "شارك الخبر\n"
           "شارك في المؤتمر وفد من عشرين دولة.\n"
           "تابعونا على تويتر وفيسبوك\n"
           "Share: Facebook | Twitter | WhatsApp\n"
           ".poll ul { padding: 0; } .poll li { margin: 5px; } ما رأيك في القرار؟\n"
           "إعلان\n"
           "الفقرة الثانية.")
    cleaned = clean_text(raw)
    for span in cleaned.removed:
        log.info("residue removed: %r", span)
    assert cleaned.text == ("الفقرة الأولى تستمر.\nشارك في المؤتمر وفد من عشرين دولة.\nما رأيك في القرار؟\n"
                            "الفقرة الثانية.")
    removed = [span.strip() for span in cleaned.removed]
    assert "[[system-code:ad:autoads]]" in removed
    assert "اقرأ أيضا: عنوان خبر آخر" in removed and "شارك الخبر" in removed
    assert "تابعونا على تويتر وفيسبوك" in removed and "Share: Facebook | Twitter | WhatsApp" in removed
    assert any(span.startswith(".poll ul {") for span in removed)
    assert "إعلان" in removed


def test_canonical_urls_fold_tracking_amp_ports_and_encodings_but_keep_real_parameters() -> None:
    assert canonical_url("HTTPS://News.Example:443/a/1/?utm_source=rss&fbclid=x&id=3#top") == \
        "https://news.example/a/1?id=3"
    assert canonical_url("https://news.example/amp/a/1") == canonical_url("https://news.example/a/1/amp/") == \
        canonical_url("https://news.example/a/1?amp=1") == "https://news.example/a/1"
    assert canonical_url("https://news.example/%D8%AE%D8%A8%D8%B1") == "https://news.example/خبر"
    assert canonical_url("https://news.example/a%2Fb") == "https://news.example/a%2Fb"  # %2F is not "/"
    assert canonical_url("https://news.example/Detail.aspx?ArticleId=9") != \
        canonical_url("https://news.example/Detail.aspx?ArticleId=10")
    assert article_id("https://news.example/a/1?ref=home") == article_id("https://news.example/a/1")
    assert canonical_url("https://news.example/a?refid=7") == "https://news.example/a?refid=7"


def test_a_canonical_link_to_another_site_is_not_trusted() -> None:
    page = "https://www.paper.example/news/1"
    assert same_site_canonical("https://paper.example/news/1", page) == "https://paper.example/news/1"
    assert same_site_canonical("https://amp.paper.example/news/1", page) == "https://amp.paper.example/news/1"
    assert same_site_canonical("https://agency.example/wire/77", page) is None
    assert same_site_canonical("javascript:void(0)", page) is None


@pytest.mark.parametrize("charset", ["windows-1256", "iso-8859-6"])
@pytest.mark.parametrize("header", ["text/html; charset=iso-8859-1", "text/html; charset=utf-8", "text/html", ""])
def test_arabic_single_byte_pages_decode_whatever_the_header_says(charset: str, header: str) -> None:
    story = Story("x", "افتتاح حديقة الحي الشمالي", "2025-06-02T09:00:00+03:00")
    for declare in (True, False):
        text = decode(article_html(story, charset=charset, declare_charset=declare), header)
        assert story.title in text and "وقال مدير المشاريع" in text


def test_a_page_gives_title_date_and_text() -> None:
    story = Story("x", "افتتاح حديقة الحي الشمالي", "2025-06-02T09:00:00+03:00")
    page = parse_html(decode(article_html(story, canonical="https://paper.example/news/x")),
                      "https://paper.example/news/x?utm_source=feed")
    assert page.title == story.title
    assert page.published_at is not None and page.published_at.isoformat() == "2025-06-02T06:00:00+00:00"
    assert page.canonical_url == "https://paper.example/news/x"
    assert ARABIC_PARAGRAPHS[1] in page.text and "الرئيسية" not in page.text  # the body, not the menu


def test_listing_dates_in_rfc_822_iso_and_date_only_forms() -> None:
    riyadh = "Asia/Riyadh"
    late = parse_listing_date("Mon, 02 Jun 2025 22:30:00 GMT", riyadh)
    assert late is not None and listing_day(late, riyadh) == date(2025, 6, 3) and listing_day(late, "UTC") == \
        date(2025, 6, 2)
    naive = parse_listing_date("2025-06-02T23:30:00", riyadh)
    assert naive is not None and listing_day(naive, riyadh) == date(2025, 6, 2)
    day_only = parse_listing_date("2025-06-02", riyadh)
    assert day_only is not None and listing_day(day_only, riyadh) == date(2025, 6, 2)
    assert parse_listing_date("yesterday-ish", riyadh) is None


def test_sitemap_documents_gzipped_plain_text_and_broken() -> None:
    news = urlset([("https://paper.example/news/1", "2025-06-02T09:00:00+03:00"),
                   ("https://paper.example/news/2", None)], news=True)
    sitemap = parse_sitemap(gz(news))
    assert sitemap.kind == "urlset"
    assert [(e.loc, e.published) for e in sitemap.entries] == [
        ("https://paper.example/news/1", "2025-06-02T09:00:00+03:00"), ("https://paper.example/news/2", None)]
    assert sitemap.entries[0].title and sitemap.entries[0].title.startswith("خبر")
    listed = parse_sitemap(b"https://paper.example/a\nhttps://paper.example/b\n")
    assert [e.loc for e in listed.entries] == ["https://paper.example/a", "https://paper.example/b"]
    for broken in (b"<html><body>not a sitemap</body></html>", b"\x1f\x8b\x08garbage", b"hello"):
        with pytest.raises(SitemapError):
            parse_sitemap(broken)
    entity = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url></urlset>')
    assert all("root:" not in e.loc for e in parse_sitemap(entity).entries)  # entities are never resolved
