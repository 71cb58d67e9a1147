-- The raw schema: one table per contract in pipelines/schemas.py, partitioned by
-- (logical_date, source_id). Loads replace partitions; nothing here is ever recreated.
CREATE SCHEMA IF NOT EXISTS raw;

CREATE TABLE raw.articles (
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    outlet VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    canonical_url VARCHAR NOT NULL,
    title VARCHAR,
    author VARCHAR,
    published_at TIMESTAMPTZ,
    language VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    raw_hash VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);

CREATE TABLE raw.claims (
    claim_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    cue_text VARCHAR NOT NULL,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text VARCHAR,
    speaker_key VARCHAR,
    speaker_entity_id VARCHAR,
    speaker_type VARCHAR NOT NULL,
    named BOOLEAN NOT NULL,
    source_count INTEGER,
    via_start INTEGER,
    via_end INTEGER,
    via_text VARCHAR,
    stance VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    content_start INTEGER,
    content_end INTEGER,
    continues_claim_id VARCHAR,
    parent_claim_id VARCHAR
);

CREATE TABLE raw.entity_mentions (
    mention_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL
);

CREATE TABLE raw.entities (
    entity_id VARCHAR PRIMARY KEY,
    type VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL
);

CREATE TABLE raw.event_mentions (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text VARCHAR NOT NULL,
    mention_count INTEGER NOT NULL,
    mention_spans VARCHAR NOT NULL,
    event_date DATE,
    place_start INTEGER,
    place_end INTEGER,
    place_text VARCHAR,
    killed INTEGER,
    injured INTEGER,
    arrested INTEGER,
    perpetrator_start INTEGER,
    perpetrator_end INTEGER,
    perpetrator_text VARCHAR
);

CREATE TABLE raw.fetch_log (
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    reason VARCHAR,
    status INTEGER,
    fetched_at VARCHAR,
    run_id VARCHAR NOT NULL
);

CREATE TABLE raw.quarantine (
    run_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    source_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    record_key VARCHAR,
    row_json VARCHAR NOT NULL,
    failed_checks VARCHAR NOT NULL
);

CREATE TABLE raw.runs (
    run_id VARCHAR NOT NULL,
    logical_date DATE NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,
    sources_ok INTEGER NOT NULL,
    sources_failed INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    claims INTEGER NOT NULL,
    quarantined INTEGER NOT NULL,
    detail VARCHAR NOT NULL
);
