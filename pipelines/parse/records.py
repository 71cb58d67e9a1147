"""Archive records: read JSON, JSON Lines, or zips of them, and map their fields onto ours.

A source's ``fields`` option maps our names (url, title, text, published, author) to the
record's keys, so a published dump needs no code, only a mapping.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

REQUIRED_FIELDS = ("url", "text")


class ArchiveFormatError(ValueError):
    """The archive's bytes are not in the format the source declares."""


def iter_records(body: bytes, fmt: str | None, name: str, records_key: str | None = None) -> Iterator[dict[str, Any]]:
    """Records of an archive; ``fmt`` is json, jsonl or zip (guessed from ``name`` when absent).

    A JSON document that is an object holds its records under ``records_key`` (a dotted path,
    ``data.items``), or else under its first list-valued key.
    """
    fmt = fmt or _guess_format(name, body)
    if fmt == "zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(body))
        except zipfile.BadZipFile as exc:
            raise ArchiveFormatError(f"{name}: not a zip file ({exc})") from exc
        with archive:
            for member in sorted(archive.namelist()):
                if member.endswith("/"):
                    continue
                yield from iter_records(archive.read(member), None, member, records_key)
        return
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveFormatError(f"{name}: not UTF-8 ({exc})") from exc
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ArchiveFormatError(f"{name}:{number}: not JSON ({exc.msg})") from exc
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveFormatError(f"{name}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    if isinstance(data, dict) and records_key:
        for key in records_key.split("."):
            data = data.get(key) if isinstance(data, dict) else None
        if not isinstance(data, list):
            raise ArchiveFormatError(f"{name}: no list of records under {records_key!r}")
    elif isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    if not isinstance(data, list):
        raise ArchiveFormatError(f"{name}: expected a JSON array of records")
    yield from (r for r in data if isinstance(r, dict))


def _guess_format(name: str, body: bytes) -> str:
    lowered = name.lower().split("?")[0]
    if lowered.endswith(".zip") or body[:4] == b"PK\x03\x04":
        return "zip"
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "json"


def map_record(record: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    """Our field names from the record's, per the source's mapping (missing keys give None)."""
    return {ours: record.get(theirs) for ours, theirs in fields.items()}


def parse_timestamp(value: Any, timezone: str, date_format: str | None = None) -> datetime | None:
    """A record's date as an aware UTC datetime; naive values are read in the source's timezone."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, UTC)
    text = str(value).strip()
    try:
        parsed = datetime.strptime(text, date_format) if date_format else datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar day of ``moment`` where the source publishes: what selects a logical date."""
    return moment.astimezone(ZoneInfo(timezone)).date()
