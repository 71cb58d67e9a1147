"""Stories: one happening in different words joins; another happening does not; nights extend."""

from __future__ import annotations

import pandas as pd

from pipelines.stories import STATE_COLUMNS, StoryState, assign_stories, story_id_for
from tests.stories.fixtures import FIRE_REPORT, FIRE_REWRITE, PARK_OPENING, background, frame

DAY1, DAY2 = "2024-03-10", "2024-03-11"


def _day1() -> pd.DataFrame:
    return frame(
        [
            ("fire-1", "alyaum", DAY1, "حريق ضخم في مستودع أخشاب بالدمام", FIRE_REPORT),
            ("park", "alyaum", DAY1, "افتتاح حديقة الواجهة في الدمام", PARK_OPENING),
            *background(DAY1, "d1"),
        ]
    )


def _day2() -> pd.DataFrame:
    return frame(
        [
            ("fire-2", "okaz", DAY2, "الدفاع المدني يخمد حريق مستودع بالدمام", FIRE_REWRITE),
            *background(DAY2, "d2"),
        ]
    )


def _column(assignments: pd.DataFrame, column: str) -> dict[str, object]:
    return dict(zip(assignments["article_id"], assignments[column], strict=True))


def test_same_happening_in_other_words_joins_and_other_happening_does_not() -> None:
    both = pd.concat([_day1(), _day2().assign(published=pd.Timestamp(DAY1))], ignore_index=True)
    got = assign_stories(both, StoryState.empty())[0]
    story = _column(got, "story_id")
    assert story["fire-1"] == story["fire-2"]
    # The park opening shares the city (and the day) with the fire, nothing more.
    assert story["park"] != story["fire-1"]
    # Rewritten in other words: one story, but no copy.
    assert _column(got, "copy_of")["fire-2"] is None


def test_next_day_article_joins_the_open_story() -> None:
    day1, state = assign_stories(_day1(), StoryState.empty())
    day2, state = assign_stories(_day2(), state)
    fire_story = _column(day1, "story_id")["fire-1"]
    assert fire_story == story_id_for("fire-1")  # the story is named after its first article
    assert _column(day2, "story_id")["fire-2"] == fire_story
    stories = state.stories()
    fire = stories.loc[stories["story_id"] == fire_story].iloc[0]
    assert fire["n_articles"] == 2
    assert fire["n_outlets"] == 2


def test_rerunning_a_day_changes_nothing_and_duplicates_nothing() -> None:
    _, state1 = assign_stories(_day1(), StoryState.empty())
    first, state2 = assign_stories(_day2(), state1)
    again, state3 = assign_stories(_day2(), state2)
    pd.testing.assert_frame_equal(first, again)
    assert len(state3.articles) == len(state2.articles)
    assert not state3.articles["article_id"].duplicated().any()
    # Day 1 rows are untouched by the rerun of day 2.
    pd.testing.assert_frame_equal(
        state2.articles.loc[:, ["article_id", "story_id", "copy_group"]].head(len(state1.articles)),
        state3.articles.loc[:, ["article_id", "story_id", "copy_group"]].head(len(state1.articles)),
    )


def test_ids_are_stable_across_runs_and_through_stored_rows() -> None:
    run_a = assign_stories(_day2(), assign_stories(_day1(), StoryState.empty())[1])[0]
    # The state goes through plain rows (lists, as a warehouse stores them) between the nights.
    rows = assign_stories(_day1(), StoryState.empty())[1].to_rows()
    assert list(rows.columns) == list(STATE_COLUMNS)
    assert isinstance(rows["signature"].iloc[0], list)
    run_b = assign_stories(_day2(), StoryState.from_rows(rows))[0]
    pd.testing.assert_frame_equal(run_a, run_b)


def test_one_call_over_two_days_equals_two_nights() -> None:
    nightly = assign_stories(_day2(), assign_stories(_day1(), StoryState.empty())[1])[1]
    at_once = assign_stories(pd.concat([_day2(), _day1()], ignore_index=True), StoryState.empty())[1]
    cols = ["article_id", "story_id", "copy_group", "copy_of"]
    left = nightly.articles.loc[:, cols].sort_values("article_id", ignore_index=True)
    right = at_once.articles.loc[:, cols].sort_values("article_id", ignore_index=True)
    pd.testing.assert_frame_equal(left, right)


def test_input_without_required_columns_is_refused() -> None:
    bad = _day1().drop(columns=["source_id"])
    try:
        assign_stories(bad, StoryState.empty())
    except ValueError as exc:
        assert "source_id" in str(exc)
    else:  # pragma: no cover - the assertion is the test
        raise AssertionError("missing column accepted")


def test_rerunning_an_earlier_day_ignores_later_days_and_keeps_them() -> None:
    _, state1 = assign_stories(_day1(), StoryState.empty())
    _, state2 = assign_stories(_day2(), state1)
    rerun, state3 = assign_stories(_day1(), state2)
    cols = ["article_id", "story_id", "copy_group", "copy_of"]
    first = state1.articles.loc[:, cols].sort_values("article_id", ignore_index=True)
    again = rerun.loc[:, cols].sort_values("article_id", ignore_index=True)
    pd.testing.assert_frame_equal(first, again)
    day2_ids = set(_day2()["article_id"])
    before = state2.articles[state2.articles["article_id"].isin(day2_ids)].set_index("article_id")["story_id"]
    after = state3.articles[state3.articles["article_id"].isin(day2_ids)].set_index("article_id")["story_id"]
    pd.testing.assert_series_equal(before.sort_index(), after.sort_index())


def test_articles_without_body_or_title_are_assigned() -> None:
    rows = [
        ("empty", "okaz", DAY1, "", ""),
        ("title-only", "alyaum", DAY1, "حريق في مستودع أخشاب بالدمام", ""),
        *background(DAY1, "d1"),
    ]
    got = assign_stories(frame(rows), StoryState.empty())[0]
    assert got["story_id"].notna().all()
    assert _column(got, "copy_of")["empty"] is None


def test_state_survives_a_duckdb_table() -> None:
    import duckdb

    from pipelines.load.migrations import migrate

    # An empty article has an all-max signature (2**32 - 1): the warehouse table must hold it.
    day1 = pd.concat([_day1(), frame([("empty", "okaz", DAY1, "", "")])], ignore_index=True)
    _, state1 = assign_stories(day1, StoryState.empty())
    expected = assign_stories(_day2(), state1)[0]
    con = duckdb.connect()
    migrate(con)  # raw.story_state as the warehouse has it
    con.register("rows_view", state1.to_rows())
    con.execute("INSERT INTO raw.story_state BY NAME SELECT *, DATE '2015-08-02' AS logical_date FROM rows_view")
    stored = con.execute("SELECT * EXCLUDE (logical_date) FROM raw.story_state").df()
    got = assign_stories(_day2(), StoryState.from_rows(stored))[0]
    pd.testing.assert_frame_equal(expected, got)
