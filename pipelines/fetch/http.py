"""HTTP with requests, politely and safely: everything the fetch stage downloads goes through here.

``HttpClient.get`` applies ``Settings.http`` in one place:

- one ``requests.Session`` per host, a clear User-Agent, connect and read timeouts;
- retries with exponential backoff for connection errors, timeouts, 429 and 5xx, honouring
  ``Retry-After`` (a server that asks for a longer pause than ``max_backoff`` is not retried
  sooner: the URL fails as ``rate_limited``);
- per host, at most ``max_per_host`` requests at once and ``min_delay`` seconds between two
  request starts (longer when robots.txt sets a ``Crawl-delay``);
- robots.txt obeyed (see ``robots.py``);
- conditional GET (the caller passes the ``ETag``/``Last-Modified`` it kept; 304 comes back as is);
- redirects followed one hop at a time (at most ``max_redirects``, a loop is named as such), so
  every hop is checked: only ``http``/``https``, robots, and by default no private, loopback or
  link-local address, checked on the resolved addresses before connecting and on the peer
  address once connected;
- a maximum body size, checked on ``Content-Length``, on the bytes received and on the bytes
  after decompression; a gzip body that stops early is an error, never half a page.

Failures raise ``FetchError`` with a short machine-readable ``reason`` that lands in the fetch log.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from pipelines.config import HttpSettings
from pipelines.fetch.robots import RobotsCache, RobotsRules

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
CHUNK = 64 * 1024

AddressPolicy = Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool]


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
    headers: dict[str, str]  # names in lower case
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def public_only(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The default address policy: only globally routable unicast addresses."""
    return ip.is_global and not ip.is_multicast


class HostGate:
    """Per host: at most ``limit`` requests in flight and ``delay`` seconds between two starts."""

    def __init__(self, limit: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, limit))
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.delay = delay

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield

    def pause(self, seconds: float) -> None:
        """Hold every request to this host for ``seconds`` (the host said it is overloaded)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)


@dataclass
class HttpClient:
    settings: HttpSettings
    cache_dir: Path | None = None  # where robots.txt answers are kept between runs
    address_allowed: AddressPolicy | None = None  # default: public_only, or anything when allowed
    _sessions: dict[str, requests.Session] = field(default_factory=dict)
    _gates: dict[str, HostGate] = field(default_factory=dict)
    _robots: RobotsCache | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _origin_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _resolved: dict[tuple[str, int], str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.address_allowed is None and not self.settings.allow_private_addresses:
            self.address_allowed = public_only
        folder = self.cache_dir / "robots" if self.cache_dir is not None else None
        self._robots = RobotsCache(folder, self.settings.robots_cache_seconds)

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()

    # -- per-host state ------------------------------------------------------------------------

    def session_for(self, host: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(host)
            if session is None:
                session = requests.Session()
                # Retries are ours (they must honour Retry-After and read the body); urllib3 makes one try.
                adapter = HTTPAdapter(max_retries=0, pool_maxsize=max(1, self.settings.max_per_host))
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                session.headers.update({"User-Agent": self.settings.user_agent,
                                        "Accept-Encoding": "gzip, deflate"})
                session.trust_env = False  # no proxies or .netrc from the environment
                self._sessions[host] = session
            return session

    def gate_for(self, host: str) -> HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(self.settings.max_per_host, self.settings.min_delay)
            return gate

    # -- the one entry point -------------------------------------------------------------------

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET ``url`` following redirects hop by hop; 304 is returned, other errors raise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, obey_robots=self.settings.obey_robots, max_bytes=self.settings.max_body_bytes)

    def _get(self, url: str, headers: dict[str, str], *, obey_robots: bool, max_bytes: int) -> Response:
        current = url
        seen = {url}
        for _ in range(self.settings.max_redirects + 1):
            parts = self._check_url(current, url)
            if obey_robots:
                self._check_robots(current, parts)
            status, response_headers, body = self._request(current, parts, headers, max_bytes)
            location = response_headers.get("location")
            if status in REDIRECT_STATUSES and location:
                nxt = urljoin(current, location.strip())
                if nxt in seen:
                    raise FetchError(url, "redirect_loop", f"{current} -> {nxt}", status)
                seen.add(nxt)
                current = nxt
                continue
            if status >= 400:
                raise FetchError(url, "http_error", f"HTTP {status}", status)
            return Response(url, current, status, response_headers, body)
        raise FetchError(url, "too_many_redirects", f"more than {self.settings.max_redirects}")

    # -- checks before connecting ---------------------------------------------------------------

    def _check_url(self, current: str, original: str) -> tuple[str, str, int]:
        try:
            parts = urlsplit(current)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(original, "bad_url", str(exc)) from exc
        if parts.scheme not in ("http", "https"):
            raise FetchError(original, "bad_scheme", f"{parts.scheme or 'no'} scheme in {current}")
        host = parts.hostname or ""
        if not host:
            raise FetchError(original, "bad_url", f"no host in {current}")
        if self.address_allowed is not None:
            self._check_host(original, host, port)
        return parts.scheme, host, port

    def _check_host(self, original: str, host: str, port: int) -> None:
        key = (host, port)
        if key not in self._resolved:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(original, "dns_error", f"{host}: {exc}") from exc
            refused = None
            for info in infos:
                address = str(info[4][0]).split("%")[0]
                if not self._allowed(address):
                    refused = address
                    break
            self._resolved[key] = refused
        if self._resolved[key] is not None:
            raise FetchError(original, "private_address", f"{host} resolves to {self._resolved[key]}")

    def _allowed(self, address: str) -> bool:
        assert self.address_allowed is not None
        try:
            return self.address_allowed(ipaddress.ip_address(address))
        except ValueError:
            return False

    def _check_robots(self, url: str, parts: tuple[str, str, int]) -> None:
        scheme, host, port = parts
        origin = f"{scheme}://{host}:{port}"
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        assert self._robots is not None
        with lock:  # one robots.txt request per origin, however many threads ask
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._fetch_robots(origin)
                self._robots.put(origin, rules)
                delay = rules.crawl_delay(self.settings.user_agent)
                if delay is not None:
                    gate = self.gate_for(host)
                    gate.delay = max(gate.delay, min(delay, self.settings.max_backoff))
        if not rules.allows(url, self.settings.user_agent):
            reason = "robots_unavailable" if rules.unreachable else "robots_disallowed"
            raise FetchError(url, reason, f"{origin}/robots.txt")

    def _fetch_robots(self, origin: str) -> RobotsRules:
        try:
            response = self._get(f"{origin}/robots.txt", {}, obey_robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return RobotsRules(exc.status)
            if exc.reason in ("redirect_loop", "too_many_redirects", "bad_scheme", "private_address"):
                return RobotsRules(404)  # RFC 9309: robots.txt that cannot be followed counts as absent
            return RobotsRules(exc.status if exc.status is not None and exc.status >= 500 else None)
        return RobotsRules(response.status, response.body.decode("utf-8", errors="replace"))

    # -- one request, with retries ---------------------------------------------------------------

    def _request(self, url: str, parts: tuple[str, str, int], headers: dict[str, str],
                 max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        _, host, _ = parts
        session, gate = self.session_for(host), self.gate_for(host)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                with gate.slot():
                    status, response_headers, body = self._once(session, url, headers, max_bytes)
            except _Transient as exc:
                if last:
                    raise FetchError(url, exc.reason, exc.detail) from None
                time.sleep(self._backoff(attempt))
                continue
            if status in RETRY_STATUSES and not last:
                pause = self._backoff(attempt)
                asked = _retry_after(response_headers.get("retry-after"))
                if asked is not None:
                    if asked > self.settings.max_backoff:
                        raise FetchError(url, "rate_limited", f"Retry-After {asked:.0f}s", status)
                    pause = max(pause, asked)
                gate.pause(pause)  # the other threads on this host wait too
                time.sleep(pause)
                continue
            return status, response_headers, body
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return float(min(self.settings.max_backoff, self.settings.backoff_factor * (2**attempt)))

    def _once(self, session: requests.Session, url: str, headers: dict[str, str],
              max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            with session.get(url, headers=headers, stream=True, allow_redirects=False, timeout=timeout) as r:
                if self.address_allowed is not None:
                    self._check_peer(url, r)
                response_headers = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code in REDIRECT_STATUSES or r.status_code == 304 or r.status_code >= 400:
                    return r.status_code, response_headers, b""  # bodies of these are never used
                declared = response_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(url, "too_large", f"Content-Length {declared} over {max_bytes} bytes",
                                     r.status_code)
                raw = bytearray()
                for chunk in r.raw.stream(CHUNK, decode_content=False):
                    raw += chunk
                    if len(raw) > max_bytes:
                        raise FetchError(url, "too_large", f"over {max_bytes} bytes", r.status_code)
                body = _decode_content(url, bytes(raw), response_headers.get("content-encoding", ""), max_bytes)
                return r.status_code, response_headers, body
        except (TimeoutError, requests.Timeout, urllib3.exceptions.TimeoutError) as exc:
            raise _Transient("timeout", str(exc)) from exc
        except (urllib3.exceptions.ProtocolError, requests.exceptions.ChunkedEncodingError) as exc:
            raise _Transient("truncated", str(exc)) from exc
        except requests.exceptions.InvalidURL as exc:
            raise FetchError(url, "bad_url", str(exc)) from exc
        except (requests.ConnectionError, urllib3.exceptions.HTTPError) as exc:
            raise _Transient("connection_error", str(exc)) from exc

    def _check_peer(self, url: str, r: requests.Response) -> None:
        """The address actually connected to, so a DNS answer that changed since the check is caught."""
        connection = getattr(r.raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is None:
            return
        try:
            address = str(sock.getpeername()[0]).split("%")[0]
        except OSError:
            return
        if not self._allowed(address):
            raise FetchError(url, "private_address", f"connected to {address}")


class _Transient(Exception):
    """A failure worth another try (timeout, connection reset, truncated body); never escapes the client."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _decode_content(url: str, raw: bytes, encoding: str, max_bytes: int) -> bytes:
    """Undo ``Content-Encoding`` ourselves, capped, and insist the compressed stream is complete."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding in ("gzip", "x-gzip"):
        decoders = [zlib.decompressobj(16 + zlib.MAX_WBITS)]
    elif encoding == "deflate":  # servers send zlib-wrapped or raw deflate under this name
        decoders = [zlib.decompressobj(), zlib.decompressobj(-zlib.MAX_WBITS)]
    else:
        raise FetchError(url, "bad_encoding", f"unsupported Content-Encoding {encoding!r}")
    for number, decoder in enumerate(decoders):
        try:
            body = decoder.decompress(raw, max_bytes + 1)
        except zlib.error as exc:
            if number + 1 < len(decoders):
                continue
            raise FetchError(url, "bad_encoding", f"{encoding}: {exc}") from exc
        if len(body) > max_bytes:
            raise FetchError(url, "too_large", f"over {max_bytes} bytes once decompressed")
        if not decoder.eof:
            raise FetchError(url, "truncated", f"{encoding} stream ends early ({len(raw)} bytes received)")
        return body
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
