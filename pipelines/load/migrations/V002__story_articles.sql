-- Story assignments (pipelines.schemas.StoryArticles): one row per article, written by the story
-- step after a date's articles are loaded. Rows are keyed by their article's logical date; the
-- story step replaces the rows of one date at a time (pipelines.load.stories).
CREATE TABLE raw.story_articles (
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,
    copy_group VARCHAR,
    copy_of VARCHAR,
    copy_overlap DOUBLE,
    CHECK (copy_overlap IS NULL OR (copy_overlap >= 0 AND copy_overlap <= 1))
);

CREATE UNIQUE INDEX story_articles_article_id ON raw.story_articles (article_id);
