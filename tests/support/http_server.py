"""A real HTTP server on loopback for tests: routes are plain functions, so a test can make a
source answer 200, 500, slowly or wrongly, and the code under test talks real HTTP to it.

A route key ending in ``*`` matches every path with that prefix. ``Reply`` can misbehave on
purpose: ``stall`` pauses half way through the body (a read that times out), ``send_bytes``
sends fewer bytes than the declared ``Content-Length`` (a cut connection), ``no_length`` sends
the body without a length until the connection closes. ``static`` serves a fixed body with an
``ETag`` and ``Last-Modified`` and answers conditional GETs with 304.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait after the first half of the body
    send_bytes: int | None = None  # send only this many bytes of the body (Content-Length stays full)
    no_length: bool = False  # no Content-Length: the body ends when the connection closes


Route = Callable[["RequestInfo"], Reply]


@dataclass
class RequestInfo:
    path: str
    headers: dict[str, str]
    count: int  # how many times this path was requested, this one included

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


LAST_MODIFIED = "Mon, 02 Jun 2025 08:00:00 GMT"


def static(body: bytes, content_type: str = "text/html; charset=utf-8", *, etag: str | None = None,
           last_modified: str | None = LAST_MODIFIED, headers: dict[str, str] | None = None) -> Route:
    """A fixed body with validators; a matching ``If-None-Match``/``If-Modified-Since`` gets 304."""
    tag = etag if etag is not None else '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def route(request: RequestInfo) -> Reply:
        validators = {"ETag": tag} if tag else {}
        if last_modified:
            validators["Last-Modified"] = last_modified
        matches_tag = bool(tag) and request.header("If-None-Match") == tag
        matches_date = bool(last_modified) and request.header("If-Modified-Since") == last_modified
        if matches_tag or (matches_date and not request.header("If-None-Match")):
            return Reply(304, b"", validators)
        return Reply(200, body, {"Content-Type": content_type, **validators, **(headers or {})})

    return route


def files(folder: Path, content_type: str = "application/octet-stream") -> Route:
    """Files under ``folder`` by their name (the last path segment), as ``static``; 404 when absent."""

    def route(request: RequestInfo) -> Reply:
        path = folder / request.path.split("?")[0].rsplit("/", 1)[-1]
        if not path.is_file():
            return Reply(404, b"no such file")
        return static(path.read_bytes(), content_type)(request)

    return route


class LocalServer:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}
        self.requests: list[RequestInfo] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route_for(self, path: str) -> Route | None:
        bare = path.split("?")[0]
        if bare in self.routes:
            return self.routes[bare]
        prefixes = [k for k in self.routes if k.endswith("*") and bare.startswith(k[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    info = RequestInfo(path, dict(self.headers), server.hits[path])
                    server.requests.append(info)
                route = server.route_for(path)
                reply = route(info) if route else Reply(404)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in reply.headers and not reply.no_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                body = reply.body if reply.send_bytes is None else reply.body[: reply.send_bytes]
                if reply.stall:
                    half = len(body) // 2
                    self.wfile.write(body[:half])
                    self.wfile.flush()
                    time.sleep(reply.stall)
                    body = body[half:]
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
                return

        return Handler

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[LocalServer]:
    server = LocalServer(routes)
    server.start()
    try:
        yield server
    finally:
        server.stop()
