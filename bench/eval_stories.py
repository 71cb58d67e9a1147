#!/usr/bin/env python3
"""Evaluate story grouping and agency-copy detection on SaudiNewsNet, run night by night.

Loads the SaudiNewsNet days from ``../shared/corpora/saudinewsnet`` (the article url is the key;
article_id = a short sha1 of the url), assigns stories day by day in date order as the nightly
run would, writes the ``{"url","story_id","copy_group"}`` export, scores it with
``../shared/eval/score_pairs.py`` against the judged pairs, and prints a corpus report and the
time each day took.

usage: uv run python bench/eval_stories.py [--days D1,D2 | --around 2015-08-06 --span 2]
           [--out /tmp/stories.jsonl] [--entities] [--sample-day DAY --sample N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.stories import StoryConfig, StoryState, assign_stories, write_export  # noqa: E402
from pipelines.stories.features import COMPUTED_COLUMNS, article_features, normalise_input  # noqa: E402

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpora" / "saudinewsnet"
PAIRS = SHARED / "eval" / "pairs-dev.jsonl"
SCORER = SHARED / "eval" / "score_pairs.py"


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def corpus_days(corpus: Path = CORPUS) -> list[str]:
    return sorted(p.stem for p in corpus.glob("*.zip"))


def load_day(day: str, corpus: Path = CORPUS) -> pd.DataFrame:
    """One SaudiNewsNet day as the input frame of ``assign_stories``."""
    with zipfile.ZipFile(corpus / f"{day}.zip") as z:
        records = json.loads(z.read(z.namelist()[0]))
    frame = pd.DataFrame(
        {
            "article_id": [article_id(r["url"]) for r in records],
            "url": [r["url"] for r in records],
            "source_id": [r["source"] for r in records],
            "published": pd.to_datetime([r["date_extracted"] for r in records]),
            "title": [r.get("title") or "" for r in records],
            "text": [r.get("content") or "" for r in records],
            "lang": "ar",
        }
    )
    return frame.drop_duplicates("article_id").reset_index(drop=True)


def add_extracted(frame: pd.DataFrame) -> pd.DataFrame:
    """Entity keys and incident types from the extractor (whatever its current quality)."""
    from pipelines.extract.entities import find_entities
    from pipelines.extract.events import find_incidents

    frame = frame.copy()
    frame["entities"] = [sorted({e.canonical for e in find_entities(t, "ar")}) for t in frame["text"]]
    frame["incident_types"] = [sorted({i.type for i in find_incidents(t, "ar")}) for t in frame["text"]]
    return frame


def run(days: list[str], config: StoryConfig, entities: bool) -> tuple[StoryState, pd.DataFrame, list[tuple]]:
    """Assign day by day; return the final state, all input rows and per-day timings
    (day, new articles, articles in state, seconds for features, seconds for assignment)."""
    state = StoryState.empty()
    frames, timings = [], []
    for day in days:
        frame = load_day(day)
        if entities:
            frame = add_extracted(frame)
        t0 = time.perf_counter()
        # Features are computed from the text once per article (a pipeline stage may do it earlier).
        features = article_features(normalise_input(frame), config.features)
        for col in COMPUTED_COLUMNS:
            frame[col] = features[col].to_numpy()
        t1 = time.perf_counter()
        n_hist = len(state.articles)
        _, state = assign_stories(frame, state, config)
        timings.append((day, len(frame), n_hist, t1 - t0, time.perf_counter() - t1))
        frames.append(frame.drop(columns=list(COMPUTED_COLUMNS)))
    return state, pd.concat(frames, ignore_index=True), timings


def corpus_report(state: StoryState, config: StoryConfig) -> None:
    a = state.articles
    stories = state.stories()
    multi = stories[stories["n_articles"] > 1]
    print(f"articles {len(a)}, stories {len(stories)} ({len(multi)} with 2+ articles)")
    print(f"stories covered by 3+ outlets: {int((stories['n_outlets'] >= 3).sum())}")
    print(f"largest stories (articles): {sorted(stories['n_articles'], reverse=True)[:10]}")
    sizes = a["copy_group"].map(a["copy_group"].value_counts())
    flagged = a.assign(copies=a["copy_of"].notna(), in_group=sizes > 1)
    agency_ids = set(a.loc[a["source_id"].isin(config.copies.agency_sources), "article_id"])
    flagged["copies_agency"] = a["copy_of"].isin(agency_ids)
    print(
        "share of each outlet's articles: copy_of set (copies an earlier/agency item) | in a copy group"
        " | copies an agency's own item"
    )
    by = flagged.groupby("source_id")
    table = pd.DataFrame(
        {
            "articles": by.size(),
            "copies": by["copies"].mean(),
            "in_group": by["in_group"].mean(),
            "copies_agency": by["copies_agency"].mean(),
        }
    ).sort_values("articles", ascending=False)
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))
    agency_days = (
        a.loc[a["source_id"].isin(config.copies.agency_sources), "published"].dt.normalize().unique()
    )
    if len(agency_days):
        on = flagged[flagged["published"].dt.normalize().isin(agency_days)]
        by = on.groupby("source_id")
        table = pd.DataFrame(
            {
                "articles": by.size(),
                "copies_agency": by["copies_agency"].mean(),
                "in_group": by["in_group"].mean(),
            }
        ).sort_values("articles", ascending=False)
        days = ", ".join(pd.Timestamp(d).strftime("%Y-%m-%d") for d in sorted(agency_days))
        print(f"on the days the agency itself is in the corpus ({days}):")
        print(table.to_string(float_format=lambda x: f"{x:.3f}"))


def sample_pairs(state: StoryState, frame: pd.DataFrame, day: str, n: int, seed: int) -> None:
    """Print n same-story pairs and n near-miss different-story pairs of one day to judge by reading."""
    rng = random.Random(seed)
    a = state.articles.merge(frame[["article_id", "title", "text"]], on="article_id")
    a = a[a["published"].dt.strftime("%Y-%m-%d") == day]
    groups = [g for _, g in a.groupby("story_id") if len(g) > 1]
    same = []
    for _ in range(n):
        g = rng.choice(groups)
        same.append(tuple(g.sample(2, random_state=rng.randrange(10**6)).itertuples()))
    print(f"--- {n} pairs grouped together on {day}")
    for x, y in same:
        print(f"[{x.source_id}] {x.title[:90]}\n[{y.source_id}] {y.title[:90]}\n")
    print(f"--- {n} random pairs NOT grouped on {day} that share a title word of 5+ letters")
    rows = list(a.itertuples())
    shown = 0
    for _ in range(20000):
        x, y = rng.sample(rows, 2)
        if x.story_id == y.story_id:
            continue
        wx = {w for w in x.title.split() if len(w) >= 5}
        if len(wx & {w for w in y.title.split() if len(w) >= 5}) >= 2:
            print(f"[{x.source_id}] {x.title[:90]}\n[{y.source_id}] {y.title[:90]}\n")
            shown += 1
            if shown >= n:
                break


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", help="comma-separated days (default: all, in order)")
    ap.add_argument("--around", help="a day; run the days within --span days of it")
    ap.add_argument("--span", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/stories-export.jsonl"))
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument(
        "--entities", action="store_true", help="add entity keys and incident types from the extractor"
    )
    ap.add_argument("--no-report", action="store_true")
    ap.add_argument("--sample-day")
    ap.add_argument("--sample", type=int, default=15)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    days = corpus_days()
    if args.days:
        days = [d for d in days if d in set(args.days.split(","))]
    elif args.around:
        centre = pd.Timestamp(args.around)
        days = [d for d in days if abs((pd.Timestamp(d) - centre).days) <= args.span]
    config = StoryConfig()
    t0 = time.perf_counter()
    state, frame, timings = run(days, config, args.entities)
    total = time.perf_counter() - t0
    n = write_export(state, frame, args.out)
    print(f"days {days[0]}..{days[-1]} ({len(days)}), articles {n}, total {total:.1f}s")
    for day, n_new, n_hist, feat_secs, secs in timings:
        print(f"  {day}: {n_new} new, {n_hist} in state: features {feat_secs:.2f}s, assignment {secs:.2f}s")
    if not args.no_report:
        corpus_report(state, config)
    if args.sample_day:
        sample_pairs(state, frame, args.sample_day, args.sample, args.seed)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(args.pairs), str(args.out)],
        check=True,
        capture_output=True,
        text=True,
    )
    print(result.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
