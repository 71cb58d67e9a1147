"""The HTTP client against a real loopback server that misbehaves on purpose.

Each misbehaviour ends as one FetchError with a short reason (what the fetch log records), or as
the right response after the retries the politeness rules allow.
"""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.fetch.http import FetchError, HttpClient
from tests.support.http_server import Reply, RequestInfo, serve, static
from tests.support.news_site import TEST_HTTP

PAGE = b"<html><body><p>ok</p></body></html>"


def client(tmp_path: Path | None = None, **overrides: object) -> HttpClient:
    return HttpClient(replace(TEST_HTTP, **overrides), cache_dir=tmp_path)  # type: ignore[arg-type]


def html(body: bytes = PAGE) -> Reply:
    return Reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


def failure(call: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        call()  # type: ignore[operator]
    return info.value


def test_429_with_retry_after_is_honoured_then_succeeds() -> None:
    def route(request: RequestInfo) -> Reply:
        return Reply(429, b"slow down", {"Retry-After": "1"}) if request.count == 1 else html()

    with serve({"/p": route}) as server:
        started = time.monotonic()
        response = client().get(server.url("/p"))
        waited = time.monotonic() - started
    assert response.status == 200 and response.body == PAGE
    assert server.hits["/p"] == 2
    assert waited >= 0.9  # the server asked for a second; our own backoff alone is 0.01 s


def test_a_server_asking_for_a_longer_pause_than_we_wait_is_not_retried_sooner() -> None:
    with serve({"/p": lambda request: Reply(503, b"", {"Retry-After": "600"})}) as server:
        error = failure(lambda: client().get(server.url("/p")))
    assert (error.reason, error.status) == ("rate_limited", 503)
    assert server.hits["/p"] == 1


def test_500_then_200_is_retried() -> None:
    with serve({"/p": lambda request: Reply(500, b"oops") if request.count == 1 else html()}) as server:
        response = client().get(server.url("/p"))
    assert response.status == 200 and server.hits["/p"] == 2


def test_500_every_time_fails_after_the_retries() -> None:
    with serve({"/p": lambda request: Reply(500, b"oops")}) as server:
        error = failure(lambda: client(retries=2).get(server.url("/p")))
    assert (error.reason, error.status) == ("http_error", 500)
    assert server.hits["/p"] == 3


def test_a_read_that_stalls_times_out_on_every_try() -> None:
    with serve({"/slow": lambda request: Reply(200, PAGE * 50, {"Content-Type": "text/html"}, stall=3.0)}) as server:
        error = failure(lambda: client(read_timeout=0.3).get(server.url("/slow")))
    assert error.reason == "timeout"
    assert server.hits["/slow"] == 2  # the first try and one retry


def test_a_truncated_gzip_body_is_an_error_not_half_a_page() -> None:
    packed = gzip.compress(PAGE * 200)
    cut = packed[: len(packed) // 2]
    reply = Reply(200, cut, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    with serve({"/gz": lambda request: reply, "/ok": lambda request: Reply(200, packed, reply.headers)}) as server:
        error = failure(lambda: client().get(server.url("/gz")))
        whole = client().get(server.url("/ok"))
    assert error.reason == "truncated"
    assert whole.body == PAGE * 200


def test_a_connection_cut_before_content_length_is_truncated() -> None:
    with serve({"/cut": lambda request: Reply(200, PAGE * 20, {"Content-Type": "text/html"}, send_bytes=30)}) as server:
        error = failure(lambda: client().get(server.url("/cut")))
    assert error.reason == "truncated"


def test_bodies_over_the_limit_are_refused_by_length_by_bytes_and_once_decompressed() -> None:
    big = b"<p>" + b"x" * 5000 + b"</p>"
    bomb = gzip.compress(b"a" * 100_000)
    routes = {
        "/declared": lambda request: html(big),
        "/streamed": lambda request: Reply(200, big, {"Content-Type": "text/html"}, no_length=True),
        "/bomb": lambda request: Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    }
    small = client(max_body_bytes=2000)
    with serve(routes) as server:
        for path in routes:
            assert failure(lambda path=path: small.get(server.url(path))).reason == "too_large", path
    assert server.hits["/declared"] == 1  # not retried: a bigger body will not get smaller


def test_redirects_are_followed_hop_by_hop_and_loops_are_named() -> None:
    def to(target: str) -> object:
        return lambda request: Reply(302, b"", {"Location": target})

    routes = {"/old": to("/new"), "/new": lambda request: html(), "/a": to("/b"), "/b": to("/a")}
    routes.update({f"/r{n}": to(f"/r{n + 1}") for n in range(10)})
    with serve(routes) as server:  # type: ignore[arg-type]
        response = client().get(server.url("/old"))
        loop = failure(lambda: client().get(server.url("/a")))
        chain = failure(lambda: client(max_redirects=3).get(server.url("/r0")))
        missing = failure(lambda: client().get(server.url("/nowhere")))
    assert response.final_url == server.url("/new") and response.url == server.url("/old")
    assert loop.reason == "redirect_loop"
    assert chain.reason == "too_many_redirects"
    assert (missing.reason, missing.status) == ("http_error", 404)


def test_only_http_and_https_even_after_a_redirect() -> None:
    with serve({"/go": lambda request: Reply(301, b"", {"Location": "file:///etc/passwd"})}) as server:
        error = failure(lambda: client().get(server.url("/go")))
    assert error.reason == "bad_scheme"
    assert failure(lambda: client().get("ftp://example.org/file")).reason == "bad_scheme"


def test_private_addresses_are_refused_by_default_without_connecting() -> None:
    with serve({"/p": lambda request: html()}) as server:
        error = failure(lambda: client(allow_private_addresses=False).get(server.url("/p")))
    assert error.reason == "private_address"
    assert server.hits == {}


def test_addresses_are_checked_again_after_a_redirect() -> None:
    only_this = ipaddress.ip_address("127.0.0.1")
    with serve({"/go": lambda request: Reply(302, b"", {"Location": "/p"}), "/p": lambda request: html()}) as server:
        port = server.base_url.rsplit(":", 1)[1]
        server.routes["/away"] = lambda request: Reply(302, b"", {"Location": f"http://127.0.0.2:{port}/p"})
        strict = HttpClient(TEST_HTTP, address_allowed=lambda ip: ip == only_this)
        assert strict.get(server.url("/go")).final_url == server.url("/p")
        error = failure(lambda: strict.get(server.url("/away")))
    assert error.reason == "private_address" and "127.0.0.2" in error.detail
    assert server.hits.get("/away") == 1


def test_robots_txt_is_obeyed_and_cached_between_clients(tmp_path: Path) -> None:
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"
    routes = {"/robots.txt": static(robots, "text/plain"), "/private/x": lambda request: html(),
              "/public": lambda request: html()}
    with serve(routes) as server:
        error = failure(lambda: client(tmp_path).get(server.url("/private/x")))
        assert client(tmp_path).get(server.url("/public")).status == 200
    assert error.reason == "robots_disallowed"
    assert "/private/x" not in server.hits
    assert server.hits["/robots.txt"] == 1  # the second client read the cached copy


def test_an_unreachable_robots_txt_means_everything_is_disallowed() -> None:
    routes = {"/robots.txt": lambda request: Reply(503, b""), "/p": lambda request: html()}
    with serve(routes) as server:
        error = failure(lambda: client().get(server.url("/p")))
    assert error.reason == "robots_unavailable"
    assert "/p" not in server.hits


def test_conditional_get_sends_the_validators_and_returns_304() -> None:
    with serve({"/feed": static(b"<rss/>", "application/rss+xml")}) as server:
        first = client().get(server.url("/feed"))
        second = client().get(server.url("/feed"), etag=first.headers["etag"],
                              last_modified=first.headers["last-modified"])
        sent = server.requests[-1]
    assert first.status == 200 and second.status == 304 and second.not_modified and second.body == b""
    assert sent.header("If-None-Match") == first.headers["etag"]
    assert sent.header("User-Agent").startswith("isnad/")


def test_each_host_gets_a_minimum_delay_and_a_concurrency_limit() -> None:
    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(request: RequestInfo) -> Reply:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        time.sleep(0.15)
        with lock:
            active["now"] -= 1
        return html()

    with serve({"/s": slow, "/d": lambda request: html()}) as server:
        limited = client(max_per_host=2)
        threads = [threading.Thread(target=limited.get, args=(server.url("/s"),)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        spaced = client(min_delay=0.2)
        started = time.monotonic()
        for _ in range(3):
            spaced.get(server.url("/d"))
        elapsed = time.monotonic() - started
    assert server.hits["/s"] == 6 and active["max"] == 2
    assert elapsed >= 0.4  # three requests, two gaps of at least 0.2 s (robots.txt came first)
