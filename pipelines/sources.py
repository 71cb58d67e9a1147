"""The sources file: which outlets to read, how, and in which language.

The file is validated as a whole before a run writes anything: a file that does not parse,
a duplicate id, an unknown kind, a missing option or an option of the wrong type (a URL that is
not http(s), a timezone that does not exist, a regex that does not compile, …) stops the run
with one line that names the file, the source and the problem.

Kinds: ``rss``/``atom`` (a feed URL), ``sitemap`` (a sitemap, News sitemap or sitemap index),
``pages`` (a list of article URLs), ``archive`` (a published dump, with a field mapping) and
``directory`` (HTML or JSON files on disk, a folder per date). ``pipelines.fetch.FETCHERS``
implements them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

_LISTING = frozenset({"max_pages", "recheck_pages"})
# Options each kind needs and may take. The fetchers in pipelines.fetch implement these kinds.
KIND_OPTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "directory": (frozenset({"path"}), frozenset({"format", "glob"})),
    "archive": (frozenset({"location", "fields"}), frozenset({"format", "date_format", "records"})),
    "rss": (frozenset({"url"}), _LISTING),
    "atom": (frozenset({"url"}), _LISTING),
    "sitemap": (frozenset({"url"}), _LISTING | {"max_sitemaps", "url_pattern"}),
    "pages": (frozenset({"urls"}), frozenset({"recheck_pages"})),
}
FORMATS = {"directory": ("html", "json"), "archive": ("json", "jsonl", "zip")}
# HTTP settings a source may set for itself (``politeness: {min_delay: 5}``), with their types.
POLITENESS_OPTIONS: dict[str, type] = {"min_delay": float, "max_per_host": int, "retries": int,
                                       "connect_timeout": float, "read_timeout": float,
                                       "max_body_bytes": int, "max_backoff": float}
ARCHIVE_FIELDS = ("url", "title", "text", "published", "author", "outlet")
_COMMON = frozenset({"id", "outlet", "kind", "lang", "timezone", "politeness", "enabled", "agency",
                     "agency_outlets"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2}$")


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Source:
    """One configured source; ``options`` holds the kind-specific settings."""

    id: str
    outlet: str
    kind: str
    lang: str
    timezone: str = "UTC"
    options: dict[str, Any] = field(default_factory=dict)
    politeness: dict[str, Any] = field(default_factory=dict)
    base_dir: Path = Path(".")  # relative paths in options resolve against the sources file's folder
    # Outlets whose items others reproduce (news agencies): the source's own outlet when
    # ``agency: true``; for an archive of many outlets, the ones ``agency_outlets`` names.
    agency_outlets: frozenset[str] = frozenset()

    def resolve(self, location: str) -> str:
        """A path option made absolute against the sources file's folder; URLs pass through."""
        if "://" in location:
            return location
        path = Path(location).expanduser()
        return str(path if path.is_absolute() else self.base_dir / path)


def load_sources(path: Path) -> list[Source]:
    """Read and check every source in ``path``; raise ``SourcesError`` on the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"{path}: sources file not found") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourcesError(f"{path}: not valid YAML{line}: {problem}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise SourcesError(f"{path}: expected a mapping with a non-empty 'sources' list")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["sources"], 1):
        sources.append(_parse_entry(path, number, entry, seen))
    return [s for s, entry in zip(sources, data["sources"], strict=True) if entry.get("enabled", True)]


def _parse_entry(path: Path, number: int, entry: Any, seen: set[str]) -> Source:
    where = f"{path}: source #{number}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a mapping, got {type(entry).__name__}")
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        raise SourcesError(f"{where}: 'id' must be lowercase letters, digits, '-' or '_' (got {source_id!r})")
    where = f"{path}: source {source_id!r}"
    if source_id in seen:
        raise SourcesError(f"{where}: duplicate id")
    seen.add(source_id)
    kind = entry.get("kind")
    if kind not in KIND_OPTIONS:
        raise SourcesError(f"{where}: unknown kind {kind!r} (known: {', '.join(sorted(KIND_OPTIONS))})")
    required, optional = KIND_OPTIONS[kind]
    missing = sorted(required - entry.keys())
    if missing:
        raise SourcesError(f"{where}: kind {kind!r} needs {', '.join(missing)}")
    unknown = sorted(entry.keys() - required - optional - _COMMON)
    if unknown:
        raise SourcesError(f"{where}: unknown option(s) {', '.join(unknown)} for kind {kind!r}")
    for name in ("outlet", "lang"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise SourcesError(f"{where}: '{name}' is required")
    langs = [code.strip() for code in entry["lang"].split(",")]
    if not all(_LANG.match(code) for code in langs):
        raise SourcesError(f"{where}: 'lang' must be ISO 639-1 codes like 'ar' or 'ar,en' (got {entry['lang']!r})")
    timezone = str(entry.get("timezone", "UTC"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SourcesError(f"{where}: unknown timezone {timezone!r}") from exc
    options = {k: v for k, v in entry.items() if k in required | optional}
    for name, value in options.items():
        problem = _OPTION_CHECKS[name](value, kind)
        if problem:
            raise SourcesError(f"{where}: option '{name}' {problem}")
    politeness = entry.get("politeness") or {}
    if not isinstance(politeness, dict):
        raise SourcesError(f"{where}: 'politeness' must be a mapping")
    for name, value in politeness.items():
        wanted = POLITENESS_OPTIONS.get(name)
        if wanted is None:
            known = ", ".join(sorted(POLITENESS_OPTIONS))
            raise SourcesError(f"{where}: unknown politeness setting {name!r} (known: {known})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or \
                (wanted is int and not isinstance(value, int)):
            raise SourcesError(f"{where}: politeness setting {name!r} must be a non-negative {wanted.__name__}")
    agency = entry.get("agency", False)
    if not isinstance(agency, bool):
        raise SourcesError(f"{where}: 'agency' must be true or false (got {agency!r})")
    named = entry.get("agency_outlets", [])
    if not isinstance(named, list) or not all(isinstance(n, str) and n.strip() for n in named):
        raise SourcesError(f"{where}: 'agency_outlets' must be a list of outlet names (got {named!r})")
    return Source(
        agency_outlets=frozenset({n.strip() for n in named} | ({entry["outlet"].strip()} if agency else set())),
        id=source_id,
        outlet=entry["outlet"].strip(),
        kind=kind,
        lang=",".join(langs),
        timezone=timezone,
        options=options,
        politeness=politeness,
        base_dir=path.resolve().parent,
    )


# Each option's check returns what is wrong with a value, or "" when it is fine.
def _http_url(value: Any, kind: str = "") -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value.strip()):
        return f"must be an http(s) URL (got {value!r})"
    return ""


def _text(value: Any, kind: str = "") -> str:
    return "" if isinstance(value, str) and value.strip() else f"must be a non-empty string (got {value!r})"


def _positive_int(value: Any, kind: str = "") -> str:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return "" if ok else f"must be a positive integer (got {value!r})"


def _flag(value: Any, kind: str = "") -> str:
    return "" if isinstance(value, bool) else f"must be true or false (got {value!r})"


def _format(value: Any, kind: str) -> str:
    allowed = FORMATS.get(kind, ())
    return "" if value in allowed else f"must be one of {', '.join(allowed)} (got {value!r})"


def _regex(value: Any, kind: str = "") -> str:
    if not isinstance(value, str):
        return f"must be a regular expression (got {value!r})"
    try:
        re.compile(value)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    return ""


def _fields(value: Any, kind: str = "") -> str:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return "must map our field names to the record's keys, e.g. {url: link, text: body}"
    unknown = sorted(set(value) - set(ARCHIVE_FIELDS))
    if unknown:
        return f"has unknown field(s) {', '.join(unknown)} (known: {', '.join(ARCHIVE_FIELDS)})"
    missing = [name for name in ("url", "text") if name not in value]
    return f"needs {', '.join(missing)}" if missing else ""


def _url_list(value: Any, kind: str = "") -> str:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of URLs or {url, date} mappings"
    for number, entry in enumerate(value, 1):
        url = entry.get("url") if isinstance(entry, dict) else entry
        if _http_url(url):
            return f"entry {number}: must be an http(s) URL (got {url!r})"
        if isinstance(entry, dict):
            extra = sorted(set(entry) - {"url", "date"})
            if extra:
                return f"entry {number}: unknown key(s) {', '.join(extra)}"
            day = entry.get("date")
            if day is not None and not isinstance(day, date) and not re.match(r"^\d{4}-\d{2}-\d{2}", str(day)):
                return f"entry {number}: 'date' must be YYYY-MM-DD (got {day!r})"
    return ""


def _location(value: Any, kind: str = "") -> str:
    if _text(value):
        return _text(value)
    try:
        value.format(date=date(2000, 1, 1))
    except (KeyError, IndexError, ValueError) as exc:
        return f"has a bad template ({exc}); only {{date}} or {{date:%Y/%m/%d}} may be used"
    if "://" in value and not value.startswith(("http://", "https://", "file://")):
        return f"must be a local path or an http(s) URL (got {value!r})"
    return ""


_OPTION_CHECKS: dict[str, Callable[[Any, str], str]] = {
    "url": _http_url, "urls": _url_list, "path": _location, "location": _location, "fields": _fields,
    "format": _format, "glob": _text, "date_format": _text, "records": _text, "max_pages": _positive_int,
    "max_sitemaps": _positive_int, "recheck_pages": _flag, "url_pattern": _regex,
}
assert set(_OPTION_CHECKS) == {o for req, opt in KIND_OPTIONS.values() for o in req | opt}
