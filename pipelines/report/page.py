"""The report page: the key figures first, then one section per question, each chart with a caption.

The page is one HTML file that opens without a network: the Vega, Vega-Lite and vega-embed
JavaScript comes inlined from the ``vl-convert-python`` package (no CDN), the chart specs sit in a
JSON script tag, and the browser draws them as SVG (so it shapes Arabic text itself). Every chart
element gets ``data-rendered="ok"`` (or ``"error"``) and the body ``data-charts="done"`` once all
are drawn, which is what the browser test waits for.

A period without data, empty marts, or marts not built yet give a page that says so.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from pipelines.report import charts, queries
from pipelines.report.queries import Period

MARTS = ("mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage", "mart_agency_copy")
NO_DATA = "No data for this period."


@dataclass
class Chart:
    """One chart: the element it is drawn into, its spec, and the line saying what it shows and from where."""

    element_id: str
    spec: dict[str, Any] | None  # None: nothing to draw, ``empty`` says why
    caption: str
    empty: str = NO_DATA


@dataclass
class Section:
    section_id: str
    title: str
    charts: list[Chart] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # HTML, already escaped


@dataclass
class Report:
    """What was written: the page and the figures a caller may print."""

    html: str
    period: Period | None
    charts: int  # charts drawn (with data)
    articles: int = 0
    claims: int = 0
    notice: str = ""  # set when the page only says why it has nothing to show


@cache
def vega_javascript() -> str:
    """The vega-embed bundle (Vega, Vega-Lite, vega-embed, tooltips) for the Vega-Lite version altair writes."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    # Without a snippet the bundle sets window.vegaEmbed (the stub marks the argument required; it is not).
    bundle: str = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())  # type: ignore[call-arg]
    return bundle.replace("</script", "<\\/script")  # the bundle sits inside a <script> element


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _bdi(value: object) -> str:
    """A name inside running English text, isolated so Arabic reads right to left without moving its neighbours."""
    return f"<bdi>{_e(value)}</bdi>"


def _pct(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.0%}"


def _count(number: Any, noun: str, plural: str = "") -> str:
    """'1 claim', '3 claims'; a bare '1,234' without a noun."""
    value = int(number)
    if not noun:
        return f"{value:,}"
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"


def _day(value: Any) -> str:
    """A date as YYYY-MM-DD, whether DuckDB gave a date or a timestamp."""
    if value is None or pd.isna(value):
        return ""
    return str(pd.Timestamp(value).date())


def missing_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts the report reads that the warehouse does not have (dbt has not built them yet)."""
    present = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'").fetchall()}
    return [name for name in MARTS if name not in present]


def _table(columns: list[str], rows: list[list[object]], rtl_columns: frozenset[int] = frozenset(),
           numeric_columns: frozenset[int] = frozenset()) -> str:
    """An HTML table; name columns get dir="auto" so each cell takes the direction of its own text."""
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            attrs = ' dir="auto"' if index in rtl_columns else (' class="num"' if index in numeric_columns else "")
            cells.append(f"<td{attrs}>{_e(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _chart(element_id: str, frame: pd.DataFrame, build: Callable[[pd.DataFrame], dict[str, Any]],
           caption: str) -> Chart:
    return Chart(element_id, build(frame) if not frame.empty else None, caption)


def _outlet_order(con: duckdb.DuckDBPyConnection, period: Period) -> list[str]:
    """Every outlet of the period, busiest first: the shared colour domain of all charts."""
    rows = con.execute("""
        SELECT outlet FROM marts.mart_sourcing_daily WHERE day BETWEEN ? AND ?
        GROUP BY outlet ORDER BY sum(articles) DESC, outlet""", period.params).fetchall()
    return [r[0] for r in rows]


def _glance(period: Period, frames: dict[str, pd.DataFrame]) -> str:
    """The key figures and five sentences a reader takes away without reading a chart."""
    head = frames["headline"].iloc[0]
    copy = frames["copy"]
    copied = int(copy["agency_copy_articles"].sum()) if not copy.empty else 0
    checked = int(copy["assigned_articles"].sum()) if not copy.empty else 0
    figures = [
        ("Articles", f"{int(head['articles']):,}"), ("Claims", f"{int(head['claims']):,}"),
        ("Outlets", f"{int(head['outlets'])}"), ("Anonymous share", _pct(head["anonymous_share"])),
        ("Agency copy", _pct(copied / checked) if checked else "–"),
    ]
    cards = "".join(f'<div class="figure"><div class="value">{_e(v)}</div><div class="name">{_e(k)}</div></div>'
                    for k, v in figures)
    lines = [f"{int(head['articles']):,} articles and {int(head['claims']):,} claims from {int(head['outlets'])} "
             f"outlets on {int(head['days'])} of the {period.days} days from {period.start} to {period.end}."]
    anon = frames["anon"]
    if not anon.empty:
        top, low = anon.iloc[0], anon.iloc[-1]
        line = f"{_pct(head['anonymous_share'])} of claims rest on anonymous sources; {_bdi(top['outlet'])} leans " \
               f"on them most ({_pct(top['anonymous_share'])} of its claims)"
        if len(anon) > 1:
            line += f", {_bdi(low['outlet'])} least ({_pct(low['anonymous_share'])})"
        lines.append(line + ".")
    sources = frames["sources"]
    parts = []
    for named, what in ((True, "named"), (False, "anonymous")):
        group = sources[(sources["named"] == named) & (sources["rank"] == 1)]
        if not group.empty:
            first = group.iloc[0]
            parts.append(f"most quoted {what} source: {_bdi(first['source_label'])} "
                         f"({_count(first['total_claims'], 'claim')}, {_count(first['outlets'], 'outlet')})")
    if parts:
        text = "; ".join(parts)
        lines.append(text[0].upper() + text[1:] + ".")
    if checked:
        line = f"{copied:,} of {checked:,} articles checked reproduce another outlet's or agency's item"
        leader = copy.iloc[0]
        if copied:
            line += f"; {_bdi(leader['outlet'])} the most ({_pct(leader['agency_copy_share'])})"
            if isinstance(leader["top_copied_outlet"], str):
                line += f", mostly from {_bdi(leader['top_copied_outlet'])}"
        lines.append(line + ".")
    stories = frames["stories"]
    if not stories.empty:
        big = stories.iloc[0]
        lines.append(f"Largest story: {_bdi(big['story_label'])}: {_count(big['articles'], 'article')} from "
                     f"{_count(big['outlets'], 'outlet')} over {_count(big['span_days'], 'day')}.")
    quality = frames["quality"]
    quarantined = int(quality.loc[quality["kind"] == "Quarantined rows", "rows"].sum())
    failed = int(quality.loc[quality["kind"] == "Failed fetches", "rows"].sum())
    lines.append(f'{_count(quarantined, "row")} quarantined and {_count(failed, "fetch", "fetches")} '
                 'failed (see <a href="#quality">data quality</a>).')
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f'<div class="figures">{cards}</div><ul class="glance">{items}</ul>'


def build_sections(con: duckdb.DuckDBPyConnection, period: Period) -> tuple[list[Section], dict[str, pd.DataFrame]]:
    """Every section of the report for ``period``: the queries run, the charts specified."""
    outlets = _outlet_order(con, period)
    frames = {
        "headline": queries.headline(con, period),
        "anon": queries.anonymous_by_outlet(con, period),
        "anon_time": queries.anonymous_over_time(con, period),
        "types": queries.speaker_types_by_outlet(con, period),
        "sources": queries.top_sources(con, period),
        "relays": queries.agency_relays(con, period),
        "copy": queries.agency_copy_by_outlet(con, period),
        "stories": queries.largest_stories(con, period),
        "timelines": queries.story_timelines(con, period),
        "casualties": queries.casualty_disagreements(con, period),
        "quality": queries.data_quality(con, period),
    }
    grain = queries.time_grain(period)
    sources = frames["sources"]
    named, anonymous = sources[sources["named"]], sources[~sources["named"]]
    n = queries.TOP_SOURCES
    sections = [
        Section("anonymous", "Anonymous sources", [
            _chart("chart-anonymous-by-outlet", frames["anon"], charts.anonymous_by_outlet,
                   "Share of each outlet's claims attributed to anonymous sources over the period; the dashed line "
                   "is all outlets together. From mart_sourcing_daily."),
            _chart("chart-anonymous-over-time", frames["anon_time"],
                   lambda f: charts.anonymous_over_time(f, outlets),
                   f"Anonymous share of claims per outlet and {grain}; the thick dashed line is all outlets together "
                   "(claim-weighted). From mart_sourcing_daily."),
        ]),
        Section("speakers", "Who speaks: claims by speaker type", [
            _chart("chart-speaker-types", frames["types"], charts.speaker_types,
                   "How each outlet's claims split between persons, organizations, media, documents and anonymous "
                   "sources (shares of its claims). From mart_sourcing_daily."),
        ]),
        Section("sources", "Most quoted sources", [
            _chart("chart-top-named", named, lambda f: charts.top_sources(f, outlets, "named sources"),
                   f"The {n} most quoted named sources over all outlets; each bar is split by the outlets quoting "
                   "the source. From mart_top_sources (monthly: a month counts whole when it overlaps the period)."),
            _chart("chart-top-anonymous", anonymous, lambda f: charts.top_sources(f, outlets, "anonymous sources"),
                   f"The {n} most quoted anonymous sources (as the articles describe them), split by outlet. "
                   "From mart_top_sources."),
        ]),
        Section("agencies", "Agency relays and agency copy", [
            _chart("chart-agency-relays", frames["relays"], lambda f: charts.agency_relays(f, outlets),
                   "Claims each outlet attributes to a source via a news agency or outlet (\"… told Reuters\"), by "
                   "relaying agency. From mart_relay_chains (whole history of the chains seen in the period)."),
            _chart("chart-agency-copy", frames["copy"], charts.agency_copy,
                   "Share of each outlet's articles that reproduce an earlier item of another outlet or agency, of "
                   "the articles copy detection ran on, and whom it copies most. From mart_agency_copy."),
        ]),
        Section("events", "Event coverage: the largest stories", [
            _chart("chart-story-timelines", frames["timelines"], lambda f: charts.story_timelines(f, outlets),
                   f"The {queries.TOP_STORIES} stories with the most articles, in order of first report: grey bar "
                   "from the first report to the last article, a dot for each outlet's first article, casualty "
                   "figures as a range where outlets differ. Times in UTC. From mart_event_coverage."),
        ]),
        Section("quality", "Data quality", []),
    ]
    casualties = frames["casualties"]
    if not frames["stories"].empty:
        if casualties.empty:
            sections[4].tables.append('<p class="caption">The outlets gave the same casualty figures for each of '
                                      "these stories (or none).</p>")
        else:
            sections[4].tables.append(
                '<p class="caption">Casualty figures that differ between outlets, each with the number of outlets '
                "that gave it. From mart_event_coverage.</p>" + _table(
                    ["Story", "Event", "Happened on", "Outlets", "Killed", "Injured", "Arrested"],
                    [[r.story_label, r.event_type, _day(r.happened_on), r.outlets, r.killed, r.injured, r.arrested]
                     for r in casualties.itertuples()],
                    rtl_columns=frozenset({0}), numeric_columns=frozenset({3})))
    quality = frames["quality"]
    sections[5].tables.append(
        '<p class="caption">What the period\'s loads let in and kept out: articles and claims loaded (from '
        "mart_sourcing_daily), rows quarantined by stage, table and broken rule (raw.quarantine) and failed fetches "
        "by reason (raw.fetch_log).</p>" + _table(
            ["What", "Reason", "Rows"], [[r.kind, r.reason, _count(r.rows, "")] for r in quality.itertuples()],
            rtl_columns=frozenset({1}), numeric_columns=frozenset({2})))
    return sections, frames


CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; }
body { font-family: %(font)s; color: var(--ink); margin: 0; background: #f6f8fa; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 32px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 16px; }
.figures { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.figure { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.figure .value { font-size: 28px; font-weight: 600; }
.figure .name { color: var(--muted); font-size: 13px; }
ul.glance { line-height: 1.6; padding-left: 20px; }
nav { font-size: 14px; color: var(--muted); margin: 8px 0 0; }
nav a { margin-right: 14px; }
.caption { color: var(--muted); font-size: 14px; margin: 12px 0 6px; }
.chart { margin: 4px 0 20px; min-height: 40px; }
.empty, .notice { padding: 12px 16px; background: #fff8c5; border: 1px solid #eac54f; border-radius: 6px; }
table.data { border-collapse: collapse; font-size: 14px; margin: 6px 0 16px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 5px 12px; text-align: start; }
table.data td[dir=auto] { unicode-bidi: plaintext; min-width: 14em; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
bdi { font-weight: 600; }
"""

LOADER = """
(function () {
  const specs = JSON.parse(document.getElementById("isnad-specs").textContent);
  const options = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};
  const jobs = Object.keys(specs).map(function (id) {
    const element = document.getElementById(id);
    return vegaEmbed(element, specs[id], options)
      .then(function () { element.dataset.rendered = "ok"; })
      .catch(function (error) {
        element.dataset.rendered = "error";
        element.textContent = "This chart could not be drawn: " + error;
        console.error("isnad report: chart " + id + " failed:", error);
      });
  });
  Promise.all(jobs).then(function () { document.body.dataset.charts = "done"; });
})();
"""


def _section_html(section: Section) -> str:
    parts = [f'<section id="{section.section_id}"><h2>{_e(section.title)}</h2>']
    for chart in section.charts:
        parts.append(f'<p class="caption">{_e(chart.caption)}</p>')
        if chart.spec is None:
            parts.append(f'<p class="empty" data-chart="{chart.element_id}">{_e(chart.empty)}</p>')
        else:
            parts.append(f'<div class="chart" id="{chart.element_id}" role="img" '
                         f'aria-label="{_e(chart.caption)}"></div>')
    parts.extend(section.tables)
    parts.append("</section>")
    return "".join(parts)


def html_document(title: str, meta: str, body: str, specs: dict[str, dict[str, Any]]) -> str:
    """The whole file; the JavaScript only when there is a chart to draw."""
    if specs:
        payload = json.dumps(specs, ensure_ascii=False, default=str).replace("</", "<\\/")
        scripts = (f'<script type="application/json" id="isnad-specs">{payload}</script>\n'
                   f"<script>{vega_javascript()}</script>\n<script>{LOADER}</script>")
    else:
        scripts = '<script>document.body.dataset.charts = "done";</script>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS % {"font": charts.FONT}}</style>
</head>
<body>
<main>
<h1>{_e(title)}</h1>
<p class="meta">{meta}</p>
{body}
</main>
{scripts}
</body>
</html>
"""


def render_report(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None,
                  warehouse_name: str = "") -> Report:
    """The report page for ``start``..``end`` (open ends: the data's first and last day)."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = f" from {_e(warehouse_name)}" if warehouse_name else ""
    title = "isnad: sourcing report"
    missing = missing_marts(con)
    if missing:
        notice = (f"The warehouse has no marts yet ({', '.join(missing)} missing): run `isnad run` or "
                  "`isnad build` first.")
        body = f'<p class="notice">{_e(notice)}</p>'
        return Report(html_document(title, f"Generated {generated}{source}.", body, {}), None, 0, notice=notice)
    period = queries.resolve_period(con, start, end)
    if period is None:
        notice = "The marts are empty: no articles have been loaded yet, so there is nothing to chart."
        body = f'<p class="notice">{_e(notice)}</p>'
        return Report(html_document(title, f"Generated {generated}{source}.", body, {}), None, 0, notice=notice)
    meta = f"Period {period.start} to {period.end} (logical dates). Generated {generated}{source}."
    if period.end < period.start:
        notice = f"The period is empty: it ends ({period.end}) before it starts ({period.start})."
        return Report(html_document(title, meta, f'<p class="notice">{_e(notice)}</p>', {}), period, 0, notice=notice)
    head = queries.headline(con, period).iloc[0]
    if int(head["articles"]) == 0:
        known = queries.data_range(con)
        notice = f"No articles were loaded for {period.start} to {period.end}."
        if known:
            notice += f" The warehouse holds {known[0]} to {known[1]}."
        return Report(html_document(title, meta, f'<p class="notice">{_e(notice)}</p>', {}), period, 0, notice=notice)
    sections, frames = build_sections(con, period)
    nav = "".join(f'<a href="#{s.section_id}">{_e(s.title)}</a>' for s in sections)
    body = _glance(period, frames) + f"<nav>Sections: {nav}</nav>" + "".join(_section_html(s) for s in sections)
    specs = {c.element_id: c.spec for s in sections for c in s.charts if c.spec is not None}
    return Report(html_document(title, meta, body, specs), period, len(specs),
                  int(head["articles"]), int(head["claims"]))
