"""Fixture feeds over HTTP for the orchestration tests: archive sources a real server answers.

Two sources, both ``archive`` over HTTP: ``gulfwire`` serves the bundled sample's agency dump
(fictional, one file for every day; parse keeps the logical date's records) and ``harbor`` serves
one JSON Lines file per day of short English items written for these tests. ``fail_days`` makes
harbor answer 500 on those days, so a test can watch one source fail while the other loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.support.http_server import Reply, RequestInfo, Route

DAYS = ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26")

# Fictional items for a fictional port-city paper; every sentence is written for these tests.
_HARBOR_ITEMS = {
    "2026-11-23": [
        ("Ferry service resumes after storm",
         "The port authority said on Monday that the morning ferry to the islands would run again. "
         "\"We inspected every berth overnight,\" harbour master Lena Ortiz told reporters. "
         "Two officials, who asked not to be named, said repairs to the north pier would take a week."),
        ("Council debates fish market rents",
         "The city council met on Monday to discuss rents at the old fish market. "
         "Councillor Tomas Hale said the proposed increase would push small traders out. "
         "A spokesperson for the market association denied that any stall had closed."),
    ],
    "2026-11-24": [
        ("New crane arrives at container terminal",
         "A new crane reached the container terminal on Tuesday, the terminal operator said in a statement. "
         "According to the operator, the crane will double the number of ships unloaded each day."),
    ],
    "2026-11-25": [
        ("Schools close for a day as winds rise",
         "The education office said schools in the harbour district would close on Wednesday. "
         "\"Safety comes first,\" district director Amal Rahman said. "
         "Sources at the weather office said gusts could reach ninety kilometres an hour."),
        ("Lighthouse restoration wins funding",
         "The heritage fund announced money for the restoration of the old lighthouse on Wednesday. "
         "Fund chair Peter Quill said work would begin in the spring."),
    ],
    "2026-11-26": [
        ("Port traffic back to normal",
         "Port traffic returned to normal on Thursday, the port authority said. "
         "Harbour master Lena Ortiz said all berths were open again."),
    ],
}


def harbor_records(day: str) -> list[dict[str, str]]:
    return [{"link": f"https://harbor.example/news/{day}/{n}", "headline": title, "body": body,
             "stamp": f"{day}T0{7 + n}:30:00Z"} for n, (title, body) in enumerate(_HARBOR_ITEMS.get(day, []), 1)]


def harbor_articles(days: Iterable[str]) -> int:
    return sum(len(_HARBOR_ITEMS.get(day, [])) for day in days)


def _jsonl(records: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def routes(fail_days: Iterable[str] = ()) -> dict[str, Route]:
    failing = set(fail_days)
    gulfwire = (REPO_ROOT / "sample" / "archives" / "gulfwire.jsonl").read_bytes()
    table: dict[str, Route] = {
        "/gulfwire.jsonl": lambda request: Reply(200, gulfwire, {"Content-Type": "application/x-ndjson"}),
        "/broken/wire.jsonl": lambda request: Reply(500, b"internal error"),
    }
    for day in DAYS:
        body = _jsonl(harbor_records(day))

        def harbor(request: RequestInfo, body: bytes = body, fail: bool = day in failing) -> Reply:
            return Reply(500, b"internal error") if fail else Reply(200, body, {"Content-Type": "application/x-ndjson"})

        table[f"/harbor/{day}.jsonl"] = harbor
    return table


def write_sources(path: Path, base_url: str, broken: bool = False) -> Path:
    """A sources file for the fixture server at ``base_url``; ``broken`` adds a source that always answers 500."""
    text = f"""sources:
  - id: gulfwire
    outlet: وكالة أنباء الخليج
    kind: archive
    lang: ar
    timezone: Asia/Riyadh
    location: {base_url}/gulfwire.jsonl
    format: jsonl
    fields: {{url: link, title: headline, text: body, published: stamp}}
  - id: harbor
    outlet: The Harbour Courier
    kind: archive
    lang: en
    location: {base_url}/harbor/{{date}}.jsonl
    format: jsonl
    fields: {{url: link, title: headline, text: body, published: stamp}}
"""
    if broken:
        text += f"""  - id: brokenwire
    outlet: Broken Wire
    kind: archive
    lang: en
    location: {base_url}/broken/wire.jsonl
    fields: {{url: link, text: body, published: stamp}}
"""
    path.write_text(text, encoding="utf-8")
    return path


# Settings for every process of a test run (tasks read ISNAD_*): fast, and allowed to reach loopback.
HTTP_ENV = {
    "ISNAD_HTTP__ALLOW_PRIVATE_ADDRESSES": "true",
    "ISNAD_HTTP__MIN_DELAY": "0",
    "ISNAD_HTTP__RETRIES": "1",
    "ISNAD_HTTP__BACKOFF_FACTOR": "0.01",
    "ISNAD_HTTP__CONNECT_TIMEOUT": "5",
    "ISNAD_HTTP__READ_TIMEOUT": "10",
}
