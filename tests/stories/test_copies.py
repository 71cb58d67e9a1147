"""Agency copy: copies with an added lead or a cut tail point at the agency item; others do not."""

from __future__ import annotations

import numpy as np

from pipelines.stories import StoryState, assign_stories, export_frame
from pipelines.stories.copies import boilerplate_shingles
from tests.stories.fixtures import (
    AGENCY_ITEM,
    COPY_WITH_LEAD,
    FIRE_REPORT,
    TRUNCATED_COPY,
    background,
    frame,
)

DAY = "2024-03-10"


def _run() -> tuple:
    rows = [
        # Outlets' copies sort before the agency item by id: the agency item must still win.
        ("a-lead", "okaz", DAY, "افتتاح مستشفى الأمل في تبوك", COPY_WITH_LEAD),
        ("a-trunc", "alyaum", DAY, "مستشفى تخصصي جديد في تبوك", TRUNCATED_COPY),
        ("z-agency", "was", DAY, "وزارة الصحة تفتتح مستشفى الأمل التخصصي بتبوك", AGENCY_ITEM),
        ("fire", "alriyadh", DAY, "حريق في مستودع بالدمام", FIRE_REPORT),
        *background(DAY, "d1"),
    ]
    articles = frame(rows)
    assignments, state = assign_stories(articles, StoryState.empty())
    return articles, assignments.set_index("article_id"), state


def test_copies_share_a_group_and_point_at_the_agency_item() -> None:
    _, got, _ = _run()
    assert (
        got.loc["a-lead", "copy_group"]
        == got.loc["a-trunc", "copy_group"]
        == got.loc["z-agency", "copy_group"]
    )
    assert got.loc["a-lead", "copy_of"] == "z-agency"
    assert got.loc["a-trunc", "copy_of"] == "z-agency"
    assert got.loc["z-agency", "copy_of"] is None
    # The lead's copy holds all of the agency text; the cut copy holds only part of it.
    assert got.loc["a-lead", "overlap"] > 0.9
    assert 0.3 < got.loc["a-trunc", "overlap"] <= 1.0
    # Copies are one story.
    assert got.loc["a-lead", "story_id"] == got.loc["a-trunc", "story_id"] == got.loc["z-agency", "story_id"]


def test_unrelated_article_copies_nothing_and_exports_null() -> None:
    articles, got, state = _run()
    assert got.loc["fire", "copy_of"] is None
    assert got.loc["fire", "copy_group"] == "fire"  # in the state: a group of its own
    exported = export_frame(state, articles).set_index("url")
    assert exported.loc["https://example.org/fire", "copy_group"] is None
    assert exported.loc["https://example.org/a-lead", "copy_group"] == got.loc["a-lead", "copy_group"]
    assert len(exported) == len(articles)


def test_formula_shared_across_many_days_is_not_a_copy() -> None:
    # A shingle seen on four distinct days is formula; one seen on two days is not.
    sets = [
        np.array([1, 2, 3], np.uint32),
        np.array([1, 2], np.uint32),
        np.array([1], np.uint32),
        np.array([1], np.uint32),
    ]
    assert boilerplate_shingles(sets, np.array([0, 1, 2, 3]), min_days=4).tolist() == [1]
    assert boilerplate_shingles(sets, np.array([0, 0, 2, 3]), min_days=4).tolist() == []


def test_export_file_has_one_line_per_article_and_null_groups(tmp_path) -> None:
    import json

    from pipelines.stories import write_export

    articles, got, state = _run()
    out = tmp_path / "export.jsonl"
    assert write_export(state, articles, out) == len(articles)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_url = {line["url"]: line for line in lines}
    assert set(lines[0]) == {"url", "story_id", "copy_group"}
    assert by_url["https://example.org/fire"]["copy_group"] is None
    assert by_url["https://example.org/a-trunc"]["copy_group"] == got.loc["a-trunc", "copy_group"]


def test_english_copies_are_found_too() -> None:
    item = (
        "The health ministry opened a 300-bed specialist hospital in the northern city on Sunday, "
        "saying the cardiology, oncology and paediatric wings had been running on a trial basis since "
        "last week. A spokesman said 120 doctors had been hired and that outpatient clinics would open "
        "from eight in the morning until four in the afternoon, adding that the project cost 400 "
        "million riyals and would serve more than half a million people in the region."
    )
    rows = [
        ("en-agency", "spa", DAY, "Ministry opens specialist hospital", item),
        ("en-copy", "reuters-feed", DAY, "New hospital opens in north", "NORTHERN CITY (Staff) - " + item),
        ("en-other", "bbc", DAY, "Football", "The home side won two-one after a late goal in the derby."),
        *background(DAY, "d1"),
    ]
    got = assign_stories(frame(rows), StoryState.empty())[0]
    copy_of = dict(zip(got["article_id"], got["copy_of"], strict=True))
    assert copy_of["en-copy"] == "en-agency"
    assert copy_of["en-other"] is None
