-- The load log: one row per partition a load replaced (and per date the story step replaced),
-- with when. Incremental dbt models rebuild exactly the dates loaded since their last build.
CREATE TABLE raw.load_log (
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    step VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    "rows" INTEGER NOT NULL
);

-- A warehouse loaded before the log existed: its partitions count as loaded now, once.
INSERT INTO raw.load_log
SELECT logical_date, source_id, 'partition', max(run_id), now(), count(*)
FROM raw.articles
GROUP BY logical_date, source_id;

-- Ids are unique across the whole warehouse, not only within a partition: a duplicate that got
-- past validation and the load's own checks fails the load's transaction instead of loading.
CREATE UNIQUE INDEX articles_article_id ON raw.articles (article_id);
CREATE UNIQUE INDEX claims_claim_id ON raw.claims (claim_id);
CREATE UNIQUE INDEX entity_mentions_mention_id ON raw.entity_mentions (mention_id);
CREATE UNIQUE INDEX event_mentions_event_id ON raw.event_mentions (event_id);
