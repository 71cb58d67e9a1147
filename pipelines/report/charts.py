"""Vega-Lite specs (built with altair) for each chart of the report, from the frames in ``queries``.

Each function takes its query's DataFrame and returns a Vega-Lite spec as a dict; the page embeds
the specs and the browser draws them as SVG. Names of outlets, sources and stories are wrapped in
Unicode first-strong isolates (``display``): SVG text has a left-to-right base direction, and
without the isolate an Arabic name ending in a digit or punctuation is drawn with that end on the
wrong side. Inside the isolate the browser lays Arabic out right to left and English left to
right, as HTML's ``dir="auto"`` would.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from pipelines.report.queries import SPEAKER_TYPES

FONT = "'Noto Sans', 'Noto Sans Arabic', 'Segoe UI', Tahoma, 'DejaVu Sans', sans-serif"
WIDTH = 620
LABEL_LIMIT = 300  # px of a name before it is cut with an ellipsis (the tooltip has it whole)
SPEAKER_COLOURS = ("#4c78a8", "#72b7b2", "#b279a2", "#9d755d", "#e45756")  # anonymous stands out in red
AVERAGE_COLOUR = "#222222"

FSI, PDI = "\u2068", "\u2069"


def display(text: object) -> str:
    """A name as it should be drawn: in a first-strong isolate, so Arabic reads right to left in SVG."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    value = str(text)
    return f"{FSI}{value}{PDI}" if value else value


def outlet_colours(outlets: list[str]) -> alt.Scale:
    """One colour per outlet, the same in every chart (the domain is every outlet of the report).

    Ten distinct colours up to ten outlets, twenty beyond (colours repeat only past twenty).
    """
    return alt.Scale(domain=[display(o) for o in outlets], scheme="tableau10" if len(outlets) <= 10 else "tableau20")


def _config(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """English axis titles in one font; names long enough to read before they are cut."""
    configured = (chart.configure(font=FONT)
                  .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=LABEL_LIMIT, titleFontWeight="normal")
                  .configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=LABEL_LIMIT, orient="bottom",
                                    columns=3, symbolLimit=40)
                  .configure_view(stroke=None))
    return configured.to_dict()


def _with_labels(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy with ``<column>_label`` display names for each name column."""
    out = frame.copy()
    for column in columns:
        out[f"{column}_label"] = out[column].map(display)
    return out


def anonymous_by_outlet(frame: pd.DataFrame) -> dict[str, Any]:
    """Bars: each outlet's anonymous share; a dashed rule marks the corpus share."""
    data = _with_labels(frame, "outlet")
    data["label"] = [f"{share:.0%} ({anon} of {claims})" for share, anon, claims in
                     zip(data["anonymous_share"], data["anonymous_claims"], data["claims"], strict=True)]
    order = list(data["outlet_label"])
    y = alt.Y("outlet_label:N", sort=order, title=None)
    x_scale = alt.Scale(domain=[0, max(1.0, float(data["anonymous_share"].max()))])
    base = alt.Chart(data)
    bars = base.mark_bar(color=SPEAKER_COLOURS[-1]).encode(
        x=alt.X("anonymous_share:Q", title="Share of claims from anonymous sources", axis=alt.Axis(format="%"),
                scale=x_scale),
        y=y,
        tooltip=[alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("anonymous_share:Q", format=".1%", title="Share"),
                 alt.Tooltip("anonymous_claims:Q", title="Anonymous claims"), alt.Tooltip("claims:Q", title="Claims"),
                 alt.Tooltip("articles:Q", title="Articles")])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x="anonymous_share:Q", y=y, text="label:N")
    average = alt.Chart(pd.DataFrame({"share": [float(data["corpus_anonymous_share"].iloc[0])],
                                      "what": [f"All outlets: {float(data['corpus_anonymous_share'].iloc[0]):.0%}"]}))
    rule = average.mark_rule(color=AVERAGE_COLOUR, strokeDash=[4, 3]).encode(x="share:Q")
    rule_text = average.mark_text(align="left", dx=3, dy=-6, fontSize=11, color=AVERAGE_COLOUR).encode(
        x="share:Q", y=alt.value(0), text="what:N")
    return _config(alt.layer(bars, text, rule, rule_text).properties(width=WIDTH, height=alt.Step(26)))


def anonymous_over_time(frame: pd.DataFrame, outlets: list[str]) -> dict[str, Any]:
    """Lines: each outlet's anonymous share per day, week or month; the black dashed line is all outlets."""
    data = _with_labels(frame, "outlet")
    data["period_start"] = pd.to_datetime(data["period_start"]).dt.strftime("%Y-%m-%d")
    grain = str(data["grain"].iloc[0]) if not data.empty else "day"
    # One tick per bucket (or per few buckets), never a tick between two days that repeats a date.
    step = max(1, math.ceil(data["period_start"].nunique() / 10))
    x = alt.X("period_start:T", title=f"{grain.capitalize()} (logical date)",
              axis=alt.Axis(format="%d %b %Y" if grain != "month" else "%b %Y", labelAngle=0,
                            tickCount={"interval": grain, "step": step}, grid=False),
              scale=alt.Scale(type="utc", padding=10))
    y = alt.Y("anonymous_share:Q", title="Anonymous share of claims", axis=alt.Axis(format="%"))
    tooltip = [alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("period_start:T", title=grain.capitalize(),
                                                                  format="%Y-%m-%d", formatType="utc"),
               alt.Tooltip("anonymous_share:Q", format=".1%", title="Share"),
               alt.Tooltip("anonymous_claims:Q", title="Anonymous claims"), alt.Tooltip("claims:Q", title="Claims")]
    lines = alt.Chart(data[~data["is_average"]]).mark_line(point=True, strokeWidth=1.5, opacity=0.85).encode(
        x=x, y=y, color=alt.Color("outlet_label:N", title="Outlet", scale=outlet_colours(outlets)), tooltip=tooltip)
    average = alt.Chart(data[data["is_average"]]).mark_line(
        point=alt.OverlayMarkDef(color=AVERAGE_COLOUR, size=40), color=AVERAGE_COLOUR, strokeWidth=3,
        strokeDash=[6, 3]).encode(x=x, y=y, tooltip=tooltip)
    return _config(alt.layer(lines, average).properties(width=WIDTH, height=260))


def speaker_types(frame: pd.DataFrame) -> dict[str, Any]:
    """Stacked bars: how each outlet's claims split by speaker type, as shares of its claims."""
    data = _with_labels(frame, "outlet")
    anonymous = data[data["speaker_type"] == "anonymous"].sort_values(["share", "outlet"], ascending=[False, True])
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("share:Q", stack="zero", title="Share of the outlet's claims", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("outlet_label:N", sort=list(anonymous["outlet_label"]), title=None),
        color=alt.Color("speaker_type:N", title="Speaker type",
                        scale=alt.Scale(domain=list(SPEAKER_TYPES), range=list(SPEAKER_COLOURS)),
                        legend=alt.Legend(columns=5)),
        order=alt.Order("type_order:Q"),
        tooltip=[alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("speaker_type:N", title="Speaker type"),
                 alt.Tooltip("share:Q", format=".1%", title="Share"), alt.Tooltip("claims:Q", title="Claims"),
                 alt.Tooltip("outlet_claims:Q", title="All claims of the outlet")])
    return _config(bars.properties(width=WIDTH, height=alt.Step(26)))


def top_sources(frame: pd.DataFrame, outlets: list[str], title: str) -> dict[str, Any]:
    """Stacked bars: a group's most quoted sources, each bar split by the outlets quoting it."""
    data = _with_labels(frame, "source_label", "outlet")
    order = list(dict.fromkeys(data.sort_values("rank")["source_label_label"]))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("claims:Q", stack="zero", title=f"Claims attributed ({title})",
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("source_label_label:N", sort=order, title=None),
        color=alt.Color("outlet_label:N", title="Quoted by", scale=outlet_colours(outlets)),
        tooltip=[alt.Tooltip("source_label:N", title="Source"), alt.Tooltip("speaker_type:N", title="Type"),
                 alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("claims:Q", title="Claims in this outlet"),
                 alt.Tooltip("total_claims:Q", title="Claims in all outlets"),
                 alt.Tooltip("outlet_names:N", title="Quoted by")])
    totals = data.drop_duplicates("source_key")
    text = alt.Chart(totals).mark_text(align="left", dx=4, fontSize=11).encode(
        x="total_claims:Q", y=alt.Y("source_label_label:N", sort=order), text="total_claims:Q")
    return _config(alt.layer(bars, text).properties(width=WIDTH - 120, height=alt.Step(20)))


def agency_relays(frame: pd.DataFrame, outlets: list[str]) -> dict[str, Any]:
    """Stacked bars: claims relayed through each agency, split by the outlet relaying them."""
    data = _with_labels(frame, "relaying_agency", "outlet")
    order = list(dict.fromkeys(data.sort_values("rank")["relaying_agency_label"]))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("claims:Q", stack="zero", title="Claims relayed through the agency",
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("relaying_agency_label:N", sort=order, title=None),
        color=alt.Color("outlet_label:N", title="Relayed by", scale=outlet_colours(outlets)),
        tooltip=[alt.Tooltip("relaying_agency:N", title="Agency"), alt.Tooltip("outlet:N", title="Outlet"),
                 alt.Tooltip("claims:Q", title="Claims relayed"),
                 alt.Tooltip("anonymous_claims:Q", title="Of them anonymous"),
                 alt.Tooltip("relayed_share:Q", format=".1%", title="Outlet's claims relayed (any agency)")])
    return _config(bars.properties(width=WIDTH - 120, height=alt.Step(24)))


def agency_copy(frame: pd.DataFrame) -> dict[str, Any]:
    """Bars: each outlet's share of articles that reproduce another outlet's or agency's item."""
    data = _with_labels(frame, "outlet", "top_copied_outlet")
    data["label"] = [
        f"{share:.0%} ({copies} of {assigned})" + (f" · mostly from {source}" if source else "")
        for share, copies, assigned, source in zip(data["agency_copy_share"], data["agency_copy_articles"],
                                                   data["assigned_articles"], data["top_copied_outlet_label"],
                                                   strict=True)]
    order = list(data["outlet_label"])
    y = alt.Y("outlet_label:N", sort=order, title=None)
    base = alt.Chart(data)
    bars = base.mark_bar(color="#f58518").encode(
        x=alt.X("agency_copy_share:Q", title="Share of articles that are agency copy", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=y,
        tooltip=[alt.Tooltip("outlet:N", title="Outlet"),
                 alt.Tooltip("agency_copy_share:Q", format=".1%", title="Agency-copy share"),
                 alt.Tooltip("agency_copy_articles:Q", title="Agency-copy articles"),
                 alt.Tooltip("assigned_articles:Q", title="Articles checked for copy"),
                 alt.Tooltip("top_copied_outlet:N", title="Copies most from")])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x="agency_copy_share:Q", y=y, text="label:N")
    return _config(alt.layer(bars, text).properties(width=WIDTH - 120, height=alt.Step(26)))


def _range(low: object, high: object) -> str:
    if pd.isna(low):  # type: ignore[call-overload]
        return ""
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"  # type: ignore[call-overload]


def story_timelines(frame: pd.DataFrame, outlets: list[str]) -> dict[str, Any]:
    """Timelines: a grey bar from a story's first report to its last article, a dot per outlet's first article.

    Stories are listed in order of their first report; the text after each line gives its size
    and casualty figures (a range where outlets disagree).
    """
    data = _with_labels(frame, "story_label", "outlet")
    for column in ("first_seen", "last_seen", "first_report_at"):
        data[column] = pd.to_datetime(data[column]).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    stories = data.drop_duplicates("story_id").copy()
    stories["note"] = [
        ", ".join(part for part in (
            f"{articles} article{'s' if articles != 1 else ''}, {n} outlet{'s' if n != 1 else ''}",
            f"killed {_range(kmin, kmax)}" if _range(kmin, kmax) else "",
            f"injured {_range(imin, imax)}" if _range(imin, imax) else "") if part)
        for articles, n, kmin, kmax, imin, imax in zip(
            stories["articles"], stories["outlets"], stories["killed_min"], stories["killed_max"],
            stories["injured_min"], stories["injured_max"], strict=True)]
    order = list(stories["story_label_label"])
    y = alt.Y("story_label_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    time_scale = alt.Scale(type="utc", padding=12)
    story_tooltip = [alt.Tooltip("story_label:N", title="Story"), alt.Tooltip("event_type:N", title="Event"),
                     alt.Tooltip("place:N", title="Place"),
                     alt.Tooltip("first_seen:T", title="First report (UTC)", format="%Y-%m-%d %H:%M", formatType="utc"),
                     alt.Tooltip("last_seen:T", title="Last article (UTC)", format="%Y-%m-%d %H:%M", formatType="utc"),
                     alt.Tooltip("first_outlet:N", title="First outlet"), alt.Tooltip("note:N", title="Coverage")]
    span = alt.Chart(stories).mark_bar(height=8, color="#c7c7c7", cornerRadius=3).encode(
        x=alt.X("first_seen:T", title="Time of report (UTC)", scale=time_scale,
                axis=alt.Axis(format="%d %b %H:%M", labelAngle=0, tickCount=6)),
        x2="last_seen:T", y=y, tooltip=story_tooltip)
    last = alt.Chart(stories).mark_tick(color="#555555", thickness=2, size=16).encode(
        x=alt.X("last_seen:T", scale=time_scale), y=y, tooltip=story_tooltip)
    dots = alt.Chart(data).mark_circle(size=110, opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=alt.X("first_report_at:T", scale=time_scale), y=y,
        color=alt.Color("outlet_label:N", title="Outlet's first article", scale=outlet_colours(outlets)),
        tooltip=[alt.Tooltip("story_label:N", title="Story"), alt.Tooltip("outlet:N", title="Outlet"),
                 alt.Tooltip("first_report_at:T", title="First article (UTC)", format="%Y-%m-%d %H:%M",
                             formatType="utc"),
                 alt.Tooltip("lag_hours:Q", title="Hours after the first report", format=".1f")])
    note = alt.Chart(stories).mark_text(align="left", dx=12, fontSize=11, color="#444444").encode(
        x=alt.X("last_seen:T", scale=time_scale), y=y, text="note:N")
    chart = alt.layer(span, last, dots, note).properties(width=WIDTH - 180, height=alt.Step(30))
    return _config(chart)
