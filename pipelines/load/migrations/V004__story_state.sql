-- The story step's state (pipelines.stories.StoryState): per assigned article, the features later
-- days compare against (MinHash signature, shingle hashes, term ids and counts, entity keys,
-- incident types) and its raw assignment (copy_group is the article's own id while it is alone).
-- The story step reads the last days' rows instead of re-reading texts, and replaces one logical
-- date's rows together with raw.story_articles, in one transaction.
CREATE TABLE raw.story_state (
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    published TIMESTAMP NOT NULL,
    story_id VARCHAR NOT NULL,
    copy_group VARCHAR NOT NULL,
    copy_of VARCHAR,
    overlap DOUBLE,
    signature UINTEGER[] NOT NULL,
    shingles UINTEGER[] NOT NULL,
    term_ids BIGINT[] NOT NULL,
    term_counts FLOAT[] NOT NULL,
    entities VARCHAR[] NOT NULL,
    incident_types VARCHAR[] NOT NULL
);

CREATE UNIQUE INDEX story_state_article_id ON raw.story_state (article_id);
CREATE INDEX story_state_logical_date ON raw.story_state (logical_date);
