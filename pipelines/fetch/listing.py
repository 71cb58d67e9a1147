"""What a feed, sitemap or page list says a source published, and on which logical date.

Feeds and sitemaps list URLs with a date; a run for date D takes the URLs dated D in the
source's timezone (UTC unless the source sets one) and fetches them as pages. Dates come in
ISO 8601 (Atom, sitemaps), RFC 822 (RSS) or whatever feedparser could make of them.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass
class Listed:
    """One article URL as a listing gave it."""

    url: str
    published: datetime | None = None  # aware, when the listing gave a time
    title: str | None = None
    listed_in: str = ""  # the feed or sitemap that listed it
    day: date | None = None  # the listing's date when it gave a day without a time

    def meta(self) -> dict[str, str]:
        data = {"listed_in": self.listed_in}
        if self.published is not None:
            data["published"] = self.published.isoformat()
        if self.title:
            data["title"] = self.title
        if self.day is not None:
            data["listed_date"] = self.day.isoformat()
        return data


def parse_listing_date(value: Any, timezone: str) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 822 text; naive values are read in ``timezone``."""
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            try:
                parsed = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)


def listing_day(moment: datetime, timezone: str) -> date:
    """The calendar day of ``moment`` where the source publishes."""
    return moment.astimezone(ZoneInfo(timezone)).date()
