"""A small fictional news site for fetch tests: article pages, RSS and Atom feeds, sitemaps.

Every sentence here was written for these tests (no corpus or gold text). Pages are long enough
for trafilatura to find the article body; each one says which story it is, so two pages never
share a body by accident.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html import escape

from pipelines.config import HttpSettings

# Small timeouts and backoff so failure tests stay fast; loopback must be allowed here.
TEST_HTTP = HttpSettings(allow_private_addresses=True, retries=1, backoff_factor=0.01, max_backoff=3.0,
                         min_delay=0.0, connect_timeout=2.0, read_timeout=0.5, max_body_bytes=200_000,
                         max_workers=4)

ARABIC_PARAGRAPHS = (
    "أعلنت بلدية المدينة الساحلية أنها ستفتتح حديقة عامة جديدة في الحي الشمالي مطلع الشهر المقبل، "
    "بعد أعمال استمرت أكثر من عام ونصف.",
    "وقال مدير المشاريع في البلدية إن الحديقة تضم مسارات للمشي وملاعب للأطفال ومساحات مظللة للعائلات، "
    "وإن تكلفتها بلغت نحو أربعة ملايين ريال.",
    "وأضاف أن البلدية تعمل على زراعة ألفي شجرة محلية في الحدائق والشوارع خلال العام الجاري، "
    "ضمن خطة لزيادة الغطاء النباتي وتلطيف الأجواء في فصل الصيف.",
    "من جهتهم، رحب عدد من سكان الحي بالمشروع، مؤكدين أن المنطقة كانت تفتقر إلى أماكن مفتوحة "
    "يقضي فيها الأهالي أوقات المساء مع أطفالهم.",
)
ENGLISH_PARAGRAPHS = (
    "The harbour authority said on Monday that a new ferry line will connect the two islands from next "
    "month, cutting the crossing time to under forty minutes.",
    "A spokesperson for the authority told reporters that two vessels had been leased for the first year "
    "and that tickets would go on sale online next week.",
    "Residents of the smaller island have asked for a faster link for years, saying the old boat was "
    "often cancelled in winter when the sea was rough.",
)


@dataclass
class Story:
    slug: str
    title: str
    published: str  # ISO 8601 with offset
    lang: str = "ar"

    def paragraphs(self) -> list[str]:
        base = ARABIC_PARAGRAPHS if self.lang == "ar" else ENGLISH_PARAGRAPHS
        marker = f"({self.title})" if self.lang == "ar" else f"({self.title}.)"
        return [f"{base[0]} {marker}", *base[1:]]


def article_html(story: Story, *, canonical: str | None = None, charset: str = "utf-8",
                 declare_charset: bool = True, extra_paragraphs: tuple[str, ...] = ()) -> bytes:
    meta = f'<meta charset="{charset}">' if declare_charset else ""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    direction = ' dir="rtl"' if story.lang == "ar" else ""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in (*story.paragraphs(), *extra_paragraphs))
    html = (f'<!DOCTYPE html><html lang="{story.lang}"{direction}><head>{meta}<title>{escape(story.title)}</title>'
            f'{link}<meta property="article:published_time" content="{story.published}"></head><body>'
            f'<nav><a href="/">الرئيسية</a> <a href="/local">محليات</a></nav>'
            f'<article><h1>{escape(story.title)}</h1>{paragraphs}</article>'
            f'<footer>صحيفة الاختبار - جميع الحقوق محفوظة</footer></body></html>')
    return html.encode(charset)


def rss(items: list[tuple[str, str, str]], *, title: str = "صحيفة الاختبار") -> bytes:
    """RSS 2.0 from (link, title, RFC 822 date) triples."""
    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{d}</pubDate></item>"
                      for link, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.test/</link><description>أخبار</description>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    """Atom from (link, title, ISO 8601 date) triples; ``updated`` only, as many Atom feeds do."""
    entries = "".join(f'<entry><title>{escape(t)}</title><link rel="alternate" href="{escape(link)}"/>'
                      f"<id>{escape(link)}</id><updated>{d}</updated></entry>" for link, t, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Test Gazette</title><id>urn:test</id><updated>2025-06-02T00:00:00Z</updated>{entries}</feed>"
            ).encode()


def urlset(urls: list[tuple[str, str | None]], *, news: bool = False) -> bytes:
    """A sitemap from (loc, date) pairs: ``news:publication_date`` when ``news``, else ``lastmod``."""
    rows = []
    for loc, day in urls:
        if day is None:
            rows.append(f"<url><loc>{escape(loc)}</loc></url>")
        elif news:
            rows.append(f"<url><loc>{escape(loc)}</loc><news:news><news:publication>"
                        f"<news:name>Test</news:name><news:language>ar</news:language></news:publication>"
                        f"<news:publication_date>{day}</news:publication_date>"
                        f"<news:title>خبر {escape(loc[-8:])}</news:title></news:news></url>")
        else:
            rows.append(f"<url><loc>{escape(loc)}</loc><lastmod>{day}</lastmod></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(rows) + "</urlset>").encode()


def sitemap_index(children: list[tuple[str, str | None]]) -> bytes:
    rows = "".join(f"<sitemap><loc>{escape(loc)}</loc>" + (f"<lastmod>{d}</lastmod>" if d else "") + "</sitemap>"
                   for loc, d in children)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>').encode()


def gz(body: bytes) -> bytes:
    return gzip.compress(body, mtime=0)
