"""Headless Chromium driven over the DevTools protocol, for tests that must see a page as a reader does.

Debian's ``chromium`` (installed by ``make browser-tools``) is started with a fresh profile and
``--remote-debugging-port=0``; it writes the port it chose to ``DevToolsActivePort`` in the
profile, and we talk to the page target over a websocket (the ``websockets`` package). No
browser download, no Playwright, no network: everything is loopback or file://.

The session keeps every console message, uncaught exception, log entry and network request it
sees, so a test can assert that a page logged no error and fetched nothing from outside.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--no-default-browser-check", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0")


def find_chromium() -> str | None:
    """The browser to drive: ``ISNAD_CHROMIUM`` when set, else the first Chromium on PATH."""
    configured = os.environ.get("ISNAD_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Problem:
    """Something the page reported: a console error, an uncaught exception or an error log entry."""

    kind: str
    text: str


@dataclass
class Session:
    """One browser and one page; ``problems`` and ``requests`` fill as events arrive."""

    process: subprocess.Popen[bytes]
    socket: ClientConnection
    profile: Path
    problems: list[Problem] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _next_id: int = 0

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        """Send one command and wait for its answer, recording the events that arrive meanwhile."""
        self._next_id += 1
        call_id = self._next_id
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"DevTools: no answer to {method} in {timeout:.0f} s")
            message = json.loads(self.socket.recv(timeout=left))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"DevTools {method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            self.problems.append(Problem("console." + params["type"], text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.problems.append(Problem("exception", text))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            text = f"{entry.get('text')} {entry.get('url', '')}"
            self.problems.append(Problem("log." + entry.get("source", ""), text))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def evaluate(self, expression: str, timeout: float = 30.0) -> Any:
        """The value of a JavaScript expression in the page (promises awaited, results as JSON)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", {"url": url})

    def wait_for(self, expression: str, timeout: float = 60.0, interval: float = 0.1) -> None:
        """Poll until ``expression`` is true in the page; TimeoutError names it otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression, timeout=max(1.0, deadline - time.monotonic())):
                    return
            except RuntimeError:
                pass  # the document is still being replaced by the navigation
            time.sleep(interval)
        raise TimeoutError(f"page never satisfied {expression!r} in {timeout:.0f} s; problems: {self.problems}")

    def screenshot(self, path: Path, width: int | None = None) -> Path:
        """A PNG of the whole page (not just the window) at ``path``."""
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": width or size["width"], "height": size["height"], "scale": 1}
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip},
                         timeout=60.0)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def _page_socket(port: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
                targets = json.loads(response.read())
            pages = [t for t in targets if t.get("type") == "page" and t.get("webSocketDebuggerUrl")]
            if pages:
                return str(pages[0]["webSocketDebuggerUrl"])
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"Chromium on port {port} showed no page target in {timeout:.0f} s")
        time.sleep(0.1)


def start(executable: str, width: int = 1280, height: int = 900, timeout: float = 30.0) -> Session:
    """Start Chromium with a fresh profile and attach to its blank page."""
    profile = Path(tempfile.mkdtemp(prefix="isnad-chromium-"))
    log = (profile / "chromium.log").open("wb")
    process = subprocess.Popen(
        [executable, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while not (port_file.exists() and port_file.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = (profile / "chromium.log").read_text(errors="replace")[-2000:]
            shutil.rmtree(profile, ignore_errors=True)
            raise RuntimeError(f"{executable} did not start (exit {process.returncode}): {output}")
        time.sleep(0.05)
    port = int(port_file.read_text().split()[0])
    try:
        socket = connect(_page_socket(port, timeout), max_size=None, open_timeout=timeout)
    except BaseException:
        process.kill()
        shutil.rmtree(profile, ignore_errors=True)
        raise
    session = Session(process, socket, profile)
    for domain in ("Page", "Runtime", "Log", "Network"):
        session.call(f"{domain}.enable")
    return session
