"""robots.txt rules, as RFC 9309 reads them: what the fetch stage may ask a host for.

A robots.txt that answers 2xx is obeyed; a 4xx means the host sets no rules; a 5xx or an
unreachable host means "assume everything is disallowed" until it answers again. Definite
answers (2xx, 4xx) are kept on disk for ``HttpSettings.robots_cache_seconds`` so a nightly run
does not ask again for every source on the same host.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.robotparser import RobotFileParser


@dataclass
class RobotsRules:
    status: int | None  # the robots.txt answer's status; None when the host could not be reached
    body: str = ""

    def __post_init__(self) -> None:
        self._parser = RobotFileParser()
        self._parser.parse(self.body.splitlines() if self.status is not None and self.status < 300 else [])

    @property
    def unreachable(self) -> bool:
        return self.status is None or self.status >= 500

    def allows(self, url: str, agent: str) -> bool:
        if self.unreachable:
            return False
        if self.status is not None and self.status >= 400:
            return True
        return self._parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.status is None or self.status >= 300:
            return None
        delay = self._parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


class RobotsCache:
    """Rules per origin (``scheme://host:port``), in memory for a run and on disk across runs."""

    def __init__(self, folder: Path | None, max_age: float) -> None:
        self.folder = folder
        self.max_age = max_age
        self._memory: dict[str, RobotsRules] = {}

    def _path(self, origin: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"{hashlib.sha1(origin.encode()).hexdigest()[:20]}.json"

    def get(self, origin: str) -> RobotsRules | None:
        if origin in self._memory:
            return self._memory[origin]
        path = self._path(origin)
        if path is None or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        if data.get("origin") != origin or time.time() - float(data.get("fetched", 0)) > self.max_age:
            return None
        rules = RobotsRules(data["status"], data.get("body", ""))
        self._memory[origin] = rules
        return rules

    def put(self, origin: str, rules: RobotsRules) -> None:
        self._memory[origin] = rules
        path = self._path(origin)
        if path is None or rules.unreachable:  # an outage is remembered for this run only
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"origin": origin, "status": rules.status, "body": rules.body,
                                   "fetched": time.time()}), encoding="utf-8")
        tmp.replace(path)
