"""The report page as a reader sees it: Debian's Chromium, headless, opens the file from disk (no
server, no network), every chart must draw an SVG with marks, the console must stay free of
errors, Arabic names must run right to left, and a screenshot is kept in test-output/report.png.

Chromium comes from ``make browser-tools`` (apt). Without it the test skips on a developer's
machine and fails under CI, so CI can never pass by not looking.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipelines.load import connect
from pipelines.report import charts, render_report
from pipelines.report.page import html_document
from tests.conftest import REPORT_SCREENSHOT
from tests.support import chromium
from tests.test_report import CHART_IDS, EMPTY

SCREENSHOT = REPORT_SCREENSHOT
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

CHARTS_STATE = """Array.from(document.querySelectorAll("div.chart")).map(function (element) {
  const svg = element.querySelector("svg");
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {id: element.id, rendered: element.dataset.rendered || "", svg: Boolean(svg),
          width: box.width, height: box.height,
          marks: svg ? svg.querySelectorAll("g.role-mark > *").length : 0};
})"""

# For each SVG text holding the name: x of its first letter and of its last (in logical order).
# Drawn right to left, the first letter is to the right of the last.
LETTER_POSITIONS = """(function (name) {
  return Array.from(document.querySelectorAll("svg text"))
    .filter(function (t) { return t.textContent.replace(/[\\u2068\\u2069]/g, "") === name; })
    .map(function (t) {
      const text = t.textContent, first = text.indexOf(name[0]), last = text.lastIndexOf(name[name.length - 1]);
      return [t.getStartPositionOfChar(first).x, t.getStartPositionOfChar(last).x];
    });
})(%s)"""

CELL_DIRECTIONS = """Array.from(document.querySelectorAll("td[dir=auto]"))
  .map(function (td) { return [td.textContent, getComputedStyle(td).direction]; })"""


@pytest.fixture(scope="module")
def browser() -> Iterator[chromium.Session]:
    executable = chromium.find_chromium()
    if executable is None:
        message = "Chromium is missing: `make browser-tools` (apt-get install chromium) to run the browser test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    session = chromium.start(executable)
    yield session
    session.close()


def write_page(sample_warehouse, path: Path, **period: object) -> Path:  # type: ignore[no-untyped-def]
    con = connect(sample_warehouse, read_only=True)
    try:
        path.write_text(render_report(con, **period).html, encoding="utf-8")  # type: ignore[arg-type]
    finally:
        con.close()
    return path


def open_and_wait(browser: chromium.Session, page: Path) -> float:
    browser.problems.clear()
    browser.requests.clear()
    started = time.monotonic()
    browser.open(page.as_uri())
    browser.wait_for(f"document.readyState === 'complete' && location.href === {page.as_uri()!r} "
                     "&& document.body.dataset.charts === 'done'", timeout=60)
    return time.monotonic() - started


@pytest.mark.timeout(180)
def test_every_chart_renders_in_chromium_without_errors(browser: chromium.Session, sample_warehouse,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    page = write_page(sample_warehouse, tmp_path / "report.html")
    seconds = open_and_wait(browser, page)
    state = browser.evaluate(CHARTS_STATE)
    assert sorted(c["id"] for c in state) == sorted(CHART_IDS)
    for chart in state:
        assert chart["rendered"] == "ok" and chart["svg"], chart
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["marks"] > 0, f"{chart['id']} drew no marks"
    assert browser.problems == [], browser.problems
    assert [url for url in browser.requests if not url.startswith(LOCAL_SCHEMES)] == []

    # Arabic names are drawn right to left in the SVG, and table cells take the direction of their text.
    for name in ("صحيفة الواحة", "وكالة أنباء الخليج"):
        positions = browser.evaluate(LETTER_POSITIONS % repr(name))
        assert positions, f"{name} is not drawn in any chart"
        assert all(first > last for first, last in positions), (name, positions)
    cells = browser.evaluate(CELL_DIRECTIONS)
    assert ["rtl" for text, _ in cells if "سيول" in text] == [d for text, d in cells if "سيول" in text] != []
    assert all(d == "ltr" for text, d in cells if text.isascii())

    shot = browser.screenshot(SCREENSHOT)
    assert shot.stat().st_size > 50_000
    print(f"\nreport rendered in {seconds:.1f} s; screenshot: {shot}")


@pytest.mark.timeout(120)
def test_a_page_without_data_opens_cleanly_and_says_so(browser: chromium.Session, sample_warehouse,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    page = write_page(sample_warehouse, tmp_path / "empty.html", start=EMPTY.start, end=EMPTY.end)
    open_and_wait(browser, page)
    assert browser.evaluate(CHARTS_STATE) == []
    assert "No articles were loaded" in browser.evaluate("document.body.innerText")
    assert browser.problems == []


# Names written for this test: quotes and guillemets at the start, a number at the end. Without the
# isolates SVG text puts the opening quote on the left and the number on the right of the words.
TRICKY_NAMES = ("«صحيفة الغد»", '"النشرة" اليومية', "أخبار المساء 24")

CHAR_POSITIONS = """Array.from(document.querySelectorAll("svg text"))
  .filter(function (t) { return /[\\u0600-\\u06ff]/.test(t.textContent); })
  .map(function (t) {
    const xs = [];
    for (let i = 0; i < t.getNumberOfChars(); i++) { xs.push(t.getStartPositionOfChar(i).x); }
    return [t.textContent, xs];
  })"""


@pytest.mark.timeout(120)
def test_arabic_names_with_quotes_and_numbers_read_right_to_left(browser: chromium.Session, tmp_path: Path) -> None:
    frame = pd.DataFrame({"outlet": list(TRICKY_NAMES), "articles": [4, 5, 6], "claims": [10, 10, 10],
                          "anonymous_claims": [5, 3, 1]})
    frame["anonymous_share"] = frame["anonymous_claims"] / frame["claims"]
    frame["corpus_anonymous_share"] = frame["anonymous_claims"].sum() / frame["claims"].sum()
    page = tmp_path / "names.html"
    page.write_text(html_document("names", "", '<div class="chart" id="names"></div>',
                                  {"names": charts.anonymous_by_outlet(frame)}), encoding="utf-8")
    open_and_wait(browser, page)
    assert browser.problems == []
    drawn = {text.strip("\u2068\u2069"): xs for text, xs in browser.evaluate(CHAR_POSITIONS)}
    assert set(TRICKY_NAMES) <= set(drawn), drawn.keys()
    for name in TRICKY_NAMES:
        text = next(t for t in browser.evaluate(CHAR_POSITIONS) if t[0].strip("\u2068\u2069") == name)[0]
        xs = drawn[name]
        visible = [i for i, ch in enumerate(text) if ch not in "\u2068\u2069"]
        first = visible[0]
        assert xs[first] == max(xs[i] for i in visible), f"{name}: its first character is not drawn rightmost"
        digits = [xs[i] for i in visible if text[i].isdigit()]
        letters = [xs[i] for i in visible if "\u0600" <= text[i] <= "\u06ff"]
        if digits:
            assert max(digits) < min(letters), f"{name}: the trailing number is not drawn on the left"
