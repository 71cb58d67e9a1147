"""The analyst report: the data behind each chart, checked against the marts on the sample warehouse,
the page it makes, and the pages it makes when there is nothing to show."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.load import connect
from pipelines.report import charts, queries, render_report, write_report
from pipelines.report.queries import Period
from tests.conftest import sample_settings

SAMPLE = Period(date(2026, 11, 23), date(2026, 11, 25))
EMPTY = Period(date(2020, 1, 1), date(2020, 1, 31))
CHART_IDS = ("chart-anonymous-by-outlet", "chart-anonymous-over-time", "chart-speaker-types", "chart-top-named",
             "chart-top-anonymous", "chart-agency-relays", "chart-agency-copy", "chart-story-timelines")


@pytest.fixture(scope="module")
def con(sample_warehouse):  # type: ignore[no-untyped-def]
    connection = connect(sample_warehouse, read_only=True)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def test_the_period_defaults_to_the_days_the_marts_hold(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.resolve_period(con, None, None) == SAMPLE
    assert queries.resolve_period(con, date(2026, 11, 24), None) == Period(date(2026, 11, 24), SAMPLE.end)
    assert queries.time_grain(SAMPLE) == "day"
    assert queries.time_grain(Period(date(2026, 1, 1), date(2026, 12, 31))) == "week"
    assert queries.time_grain(Period(date(2020, 1, 1), date(2026, 12, 31))) == "month"


def test_anonymous_share_by_outlet_is_summed_counts_not_averaged_shares(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.anonymous_by_outlet(con, SAMPLE)
    marts = con.execute("SELECT outlet, sum(claims), sum(anonymous_claims) FROM marts.mart_sourcing_daily "
                        "GROUP BY outlet HAVING sum(claims) > 0").fetchall()
    assert sorted(frame["outlet"]) == sorted(r[0] for r in marts)
    for outlet, claims, anonymous in marts:
        row = frame[frame["outlet"] == outlet].iloc[0]
        assert (row["claims"], row["anonymous_claims"]) == (claims, anonymous)
        assert row["anonymous_share"] == pytest.approx(anonymous / claims)
    total_claims, total_anonymous = sum(r[1] for r in marts), sum(r[2] for r in marts)
    assert frame["corpus_anonymous_share"].iloc[0] == pytest.approx(total_anonymous / total_claims)
    assert list(frame["anonymous_share"]) == sorted(frame["anonymous_share"], reverse=True)
    assert frame["anonymous_claims"].sum() > 0, "the sample quotes anonymous sources"


def test_anonymous_share_over_time_has_a_line_per_outlet_and_the_average(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.anonymous_over_time(con, SAMPLE)
    outlets = frame[~frame["is_average"]]
    average = frame[frame["is_average"]]
    cells = con.execute("SELECT outlet, day, claims, anonymous_claims FROM marts.mart_sourcing_daily "
                        "WHERE claims > 0").fetchall()
    assert len(outlets) == len(cells)
    for outlet, day, claims, anonymous in cells:
        row = outlets[(outlets["outlet"] == outlet) & (pd.to_datetime(outlets["period_start"]).dt.date == day)]
        assert len(row) == 1 and row.iloc[0]["anonymous_share"] == pytest.approx(anonymous / claims)
    assert len(average) == 3 and set(average["outlet"]) == {queries.AVERAGE_LABEL}
    for row in average.itertuples():
        day_rows = outlets[outlets["period_start"] == row.period_start]
        assert row.claims == day_rows["claims"].sum()
        assert row.anonymous_share == pytest.approx(day_rows["anonymous_claims"].sum() / day_rows["claims"].sum())


def test_speaker_type_shares_of_each_outlet_add_up(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.speaker_types_by_outlet(con, SAMPLE)
    assert set(frame["speaker_type"]) == set(queries.SPEAKER_TYPES)
    for _, rows in frame.groupby("outlet"):
        assert len(rows) == len(queries.SPEAKER_TYPES)
        assert rows["share"].sum() == pytest.approx(1.0)
        assert rows["claims"].sum() == rows["outlet_claims"].iloc[0]
    person = frame[frame["speaker_type"] == "person"]["claims"].sum()
    assert person == scalar(con, "SELECT sum(person_claims) FROM marts.mart_sourcing_daily")


def test_top_sources_keep_named_and_anonymous_apart(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.top_sources(con, SAMPLE, limit=3)
    named, anonymous = frame[frame["named"]], frame[~frame["named"]]
    assert not named.empty and not anonymous.empty
    assert set(anonymous["speaker_type"]) == {"anonymous"}
    assert "anonymous" not in set(named["speaker_type"])
    totals = dict(con.execute("SELECT source_key, sum(claims) FROM marts.mart_top_sources GROUP BY 1").fetchall())
    for group in (named, anonymous):
        assert group["rank"].max() <= 3 and group["source_key"].nunique() == 3
        keys = [k for (k,) in con.execute("SELECT DISTINCT source_key FROM marts.mart_top_sources WHERE named = ?",
                                          [bool(group["named"].iloc[0])]).fetchall()]
        assert group[group["rank"] == 1]["total_claims"].iloc[0] == max(totals[k] for k in keys)
        for key, rows in group.groupby("source_key"):
            assert rows["claims"].sum() == rows["total_claims"].iloc[0] == totals[key]  # split by outlet, whole
            assert rows["outlet"].nunique() == rows["outlets"].iloc[0]
    assert len(queries.top_sources(con, SAMPLE)["source_key"].unique()) <= 2 * queries.TOP_SOURCES


def test_agency_relays_count_relayed_claims_only(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.agency_relays(con, SAMPLE)
    assert not frame.empty, "the sample relays claims through agencies"
    assert frame["claims"].sum() == scalar(con, "SELECT sum(claims) FROM marts.mart_relay_chains WHERE is_relayed")
    assert frame["relaying_agency"].notna().all()
    for row in frame.drop_duplicates("outlet").itertuples():
        all_claims, relayed = con.execute(
            "SELECT sum(claims), sum(claims) FILTER (WHERE is_relayed) FROM marts.mart_relay_chains WHERE outlet = ?",
            [row.outlet]).fetchone() or (0, 0)
        assert row.relayed_share == pytest.approx(relayed / all_claims)


def test_agency_copy_share_divides_by_the_articles_checked(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.agency_copy_by_outlet(con, SAMPLE)
    assert frame["agency_copy_articles"].sum() == scalar(
        con, "SELECT sum(agency_copy_articles) FROM marts.mart_agency_copy")
    assert frame["agency_copy_articles"].sum() >= 1, "the sample has an outlet reproducing the agency's item"
    copying = frame[frame["agency_copy_articles"] > 0].iloc[0]
    assert copying["agency_copy_share"] == pytest.approx(copying["agency_copy_articles"] / copying["assigned_articles"])
    assert isinstance(copying["top_copied_outlet"], str) and copying["top_copied_outlet"] != copying["outlet"]
    assert frame["agency_copy_share"].between(0, 1).all()


def test_story_timelines_give_each_outlets_first_article(con: duckdb.DuckDBPyConnection) -> None:
    stories = queries.largest_stories(con, SAMPLE)
    frame = queries.story_timelines(con, SAMPLE)
    assert 0 < len(stories) <= queries.TOP_STORIES
    assert list(stories["articles"]) == sorted(stories["articles"], reverse=True)
    assert set(frame["story_id"]) == set(stories["story_id"])
    for story_id, rows in frame.groupby("story_id"):
        story = stories[stories["story_id"] == story_id].iloc[0]
        assert len(rows) == story["outlets"] == rows["outlet"].nunique()
        assert rows["first_report_at"].min() == rows["first_seen"].iloc[0]
        assert (rows["first_report_at"] <= rows["last_seen"]).all()
        assert rows.loc[rows["first_report_at"].idxmin(), "outlet"] == story["first_outlet"]
        assert isinstance(story["story_label"], str) and story["story_label"].strip()
    assert len(queries.largest_stories(con, SAMPLE, limit=2)) == 2


def test_casualty_table_lists_only_stories_whose_outlets_disagree(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.casualty_disagreements(con, SAMPLE)
    top = set(queries.largest_stories(con, SAMPLE)["story_id"])
    disagree = {r[0] for r in con.execute("""
        SELECT story_id FROM marts.mart_event_coverage
        WHERE killed_max > killed_min OR injured_max > injured_min OR arrested_max > arrested_min""").fetchall()}
    assert set(frame["story_id"]) == disagree & top
    assert disagree, "the sample's floods story gives two death tolls"
    for row in frame.itertuples():
        figures = [row.killed, row.injured, row.arrested]
        assert any(" · " in text or "–" in text for text in figures), figures


def test_data_quality_counts_loads_quarantine_and_failed_fetches(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.data_quality(con, SAMPLE)
    loaded = dict(frame[frame["kind"] == "Loaded"][["reason", "rows"]].values)
    assert loaded["articles"] == scalar(con, "SELECT count(*) FROM raw.articles")
    assert loaded["claims"] == scalar(con, "SELECT count(*) FROM raw.claims")
    quarantined = frame[frame["kind"] == "Quarantined rows"]
    assert quarantined["rows"].sum() == scalar(con, "SELECT count(*) FROM raw.quarantine") > 0
    assert any("empty_text" in reason for reason in quarantined["reason"])
    failed = frame[frame["kind"] == "Failed fetches"]
    errors = scalar(con, "SELECT count(*) FROM raw.fetch_log WHERE outcome = 'error'")
    assert failed["rows"].sum() == errors
    if not errors:
        assert list(failed["reason"]) == ["none"]


def test_a_one_day_period_counts_that_day_only(con: duckdb.DuckDBPyConnection) -> None:
    day = Period(date(2026, 11, 24), date(2026, 11, 24))
    assert queries.headline(con, day)["articles"].iloc[0] == scalar(
        con, "SELECT count(*) FROM raw.articles WHERE logical_date = '2026-11-24'")
    over_time = queries.anonymous_over_time(con, day)
    assert set(pd.to_datetime(over_time["period_start"]).dt.date) == {day.start}
    assert (queries.data_quality(con, day).query("kind == 'Quarantined rows'")["rows"].sum()
            == scalar(con, "SELECT count(*) FROM raw.quarantine WHERE logical_date = '2026-11-24'"))


def test_names_are_isolated_so_arabic_reads_right_to_left_in_svg() -> None:
    assert charts.display("صحيفة الواحة") == "\u2068صحيفة الواحة\u2069"
    assert charts.display("The Gulf Gazette") == "\u2068The Gulf Gazette\u2069"
    assert charts.display(None) == "" and charts.display(float("nan")) == ""


def test_each_chart_spec_carries_its_data(con: duckdb.DuckDBPyConnection) -> None:
    spec = charts.anonymous_by_outlet(queries.anonymous_by_outlet(con, SAMPLE))
    values = [row for dataset in spec["datasets"].values() for row in dataset]
    assert any(row.get("outlet") == "صحيفة الواحة" and row.get("outlet_label") == "\u2068صحيفة الواحة\u2069"
               for row in values)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_the_page_on_the_sample_has_every_chart_and_table(con: duckdb.DuckDBPyConnection) -> None:
    report = render_report(con, warehouse_name="isnad.duckdb")
    page = report.html
    assert report.period == SAMPLE and report.charts == len(CHART_IDS) and not report.notice
    for element_id in CHART_IDS:
        assert f'id="{element_id}"' in page
    specs = json.loads(re.search(r'<script type="application/json" id="isnad-specs">(.*?)</script>', page,
                                 flags=re.DOTALL).group(1).replace("<\\/", "</"))  # type: ignore[union-attr]
    assert sorted(specs) == sorted(CHART_IDS)
    assert page.count('<p class="caption">') >= len(CHART_IDS) + 2  # every chart, the casualty and quality tables
    for mart in ("mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage",
                 "mart_agency_copy"):
        assert f"From {mart}" in page
    assert "window.vegaEmbed" in page  # the library is inlined...
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', page)  # ...and nothing is fetched
    assert '<td dir="auto">' in page and "<bdi>" in page
    assert "No data for this period" not in page
    assert "3–4: 3 (1 outlet) · 4 (1 outlet)" in page


def test_a_period_without_data_gives_a_page_that_says_so(con: duckdb.DuckDBPyConnection) -> None:
    report = render_report(con, EMPTY.start, EMPTY.end)
    assert report.charts == 0
    assert "No articles were loaded for 2020-01-01 to 2020-01-31" in report.html
    assert "The warehouse holds 2026-11-23 to 2026-11-25" in report.html
    assert 'class="chart"' not in report.html and "vegaEmbed" not in report.html


def test_empty_marts_give_a_page_that_says_so(sample_warehouse, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = sample_settings(tmp_path)
    shutil.copyfile(sample_warehouse.warehouse_path, settings.warehouse_path)
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        for schema, table in con.execute("SELECT table_schema, table_name FROM information_schema.tables "
                                         "WHERE table_type = 'BASE TABLE'").fetchall():
            con.execute(f'DELETE FROM "{schema}"."{table}"')
    finally:
        con.close()
    report = write_report(settings, tmp_path / "report.html")
    assert "The marts are empty" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.charts == 0 and report.period is None
    # a period asked for on empty marts: the same answer as any period without data
    assert "No articles were loaded for 2026-11-23" in write_report(settings, tmp_path / "r.html", SAMPLE.start,
                                                                     SAMPLE.end).html


def test_a_warehouse_without_marts_gives_a_page_that_says_so(tmp_path: Path) -> None:
    settings = sample_settings(tmp_path)
    connect(settings).close()  # the raw schema only, as after `isnad run --no-build`
    report = write_report(settings, tmp_path / "report.html")
    assert "no marts yet" in report.html and "isnad build" in report.html


def test_isnad_report_writes_the_page_and_prints_its_path(sample_warehouse, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    output = tmp_path / "out" / "report.html"
    warehouse = ["--warehouse", str(sample_warehouse.warehouse_path), "--data-dir", str(tmp_path)]
    result = runner.invoke(app, ["report", "--output", str(output), *warehouse])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(str(output)) and output.stat().st_size > 100_000
    default = runner.invoke(app, ["report", "--start", "2026-11-24", "--end", "2026-11-24", *warehouse])
    assert default.exit_code == 0, default.output
    assert "Period 2026-11-24 to 2026-11-24" in (tmp_path / "report.html").read_text(encoding="utf-8")
    backwards = runner.invoke(app, ["report", "--start", "2026-11-25", "--end", "2026-11-23", *warehouse])
    assert backwards.exit_code == 2
    missing = runner.invoke(app, ["report", "--data-dir", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no warehouse yet" in missing.output


def test_casualty_figures_read_as_a_range_and_the_figures_most_outlets_gave() -> None:
    assert queries.figure_list([{"figure": 4, "outlets": 1}, {"figure": 3, "outlets": 2}]) == \
        "3–4: 3 (2 outlets) · 4 (1 outlet)"
    assert queries.figure_list([{"figure": 7, "outlets": 2}]) == "7 (2 outlets)"
    assert queries.figure_list(None) == "" and queries.figure_list([]) == ""
    many = [{"figure": n, "outlets": 1} for n in range(1, 11)] + [{"figure": 12, "outlets": 4}]
    assert queries.figure_list(many) == "1–12: 12 (4 outlets) · 1 (1 outlet) · 2 (1 outlet) · 3 (1 outlet) · " \
        "7 more figures"


def test_names_with_html_entities_are_decoded_for_reading() -> None:
    frame = pd.DataFrame({"story_label": ["قال &#8220;مصدر&#8221; &amp; غيره", None]})
    assert queries.readable(frame, "story_label")["story_label"].tolist()[0] == "قال \u201cمصدر\u201d & غيره"


def test_a_chart_without_data_in_the_period_says_so_and_the_others_still_draw(con: duckdb.DuckDBPyConnection) -> None:
    first_day = date(2026, 11, 23)
    assert queries.agency_relays(con, Period(first_day, first_day)).empty  # the sample's relays come later
    report = render_report(con, first_day, first_day)
    assert '<p class="empty" data-chart="chart-agency-relays">No data for this period.</p>' in report.html
    assert 'id="chart-agency-relays"' not in report.html
    assert report.charts == len(CHART_IDS) - 1 and 'id="chart-anonymous-by-outlet"' in report.html
