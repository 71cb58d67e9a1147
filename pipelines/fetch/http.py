"""HTTP with requests: one session per host, retries with backoff, timeouts and a body-size cap.

Everything the fetch stage downloads goes through ``HttpClient.get`` so politeness and safety
limits (``Settings.http``) apply in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pipelines.config import HttpSettings


class FetchError(RuntimeError):
    """A request that did not give a usable body; ``reason`` is a short machine-readable cause."""

    def __init__(self, url: str, reason: str, detail: str = "", status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}{': ' + detail if detail else ''}")
        self.url, self.reason, self.detail, self.status = url, reason, detail, status


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpClient:
    settings: HttpSettings
    _sessions: dict[str, requests.Session] = field(default_factory=dict)

    def session_for(self, host: str) -> requests.Session:
        session = self._sessions.get(host)
        if session is None:
            session = requests.Session()
            retry = Retry(
                total=self.settings.retries,
                backoff_factor=self.settings.backoff_factor,
                backoff_max=self.settings.max_backoff,
                status_forcelist=(429, 500, 502, 503, 504),
                respect_retry_after_header=True,
                allowed_methods=("GET", "HEAD"),
                raise_on_status=False,
            )
            adapter = HTTPAdapter(max_retries=retry)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.max_redirects = self.settings.max_redirects
            session.headers["User-Agent"] = self.settings.user_agent
            self._sessions[host] = session
        return session

    def get(self, url: str) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, "bad_scheme", parts.scheme)
        session = self.session_for(parts.netloc)
        try:
            with session.get(url, stream=True,
                             timeout=(self.settings.connect_timeout, self.settings.read_timeout)) as r:
                body = bytearray()
                for chunk in r.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > self.settings.max_body_bytes:
                        raise FetchError(url, "too_large", f"over {self.settings.max_body_bytes} bytes", r.status_code)
                if r.status_code >= 400:
                    raise FetchError(url, "http_error", f"HTTP {r.status_code}", r.status_code)
                return Response(url, r.url, r.status_code, dict(r.headers), bytes(body))
        except requests.TooManyRedirects as exc:
            raise FetchError(url, "redirect_loop", str(exc)) from exc
        except requests.Timeout as exc:
            raise FetchError(url, "timeout", str(exc)) from exc
        except requests.RequestException as exc:
            raise FetchError(url, "connection_error", str(exc)) from exc
