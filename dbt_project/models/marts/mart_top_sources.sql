-- Grain: one row per outlet, month and source (a canonical entity, else the folded speaker text).
-- Who each outlet quotes and how often; claims_rank orders the sources within the outlet's month.
-- Incremental by month: a nightly run rebuilds the months its loads touched.
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='period_start',
          on_schema_change='fail') }}

with claims as (
    select
        outlet,
        cast(date_trunc('month', day) as date) as period_start,
        day,
        article_id,
        source_key,
        speaker_entity_id,
        source_label,
        speaker_type,
        named
    from {{ ref('int_claims_resolved') }}
    where source_key <> 'unknown'
    {% if is_incremental() %}
    and cast(date_trunc('month', day) as date) in ({{ replaced_partitions('period_start') }})
    {% endif %}
),

-- The kind a source is most often given (ties: alphabetical), so reruns agree.
kinds as (
    select outlet, period_start, source_key, first(speaker_type order by n desc, speaker_type) as speaker_type
    from (select outlet, period_start, source_key, speaker_type, count(*) as n from claims group by all)
    group by all
),

sources as (
    select
        outlet,
        period_start,
        source_key,
        any_value(speaker_entity_id) as speaker_entity_id,
        first(source_label order by length(source_label) desc, source_label) as source_label,
        bool_and(named) as named,
        count(*) as claims,
        count(distinct article_id) as articles,
        min(day) as first_seen,
        max(day) as last_seen
    from claims
    group by all
)

select
    s.outlet,
    s.period_start,
    s.source_key,
    s.speaker_entity_id,
    s.source_label,
    k.speaker_type,
    s.named,
    s.claims,
    s.articles,
    s.first_seen,
    s.last_seen,
    rank() over (partition by s.outlet, s.period_start order by s.claims desc) as claims_rank,
    {{ load_watermark() }} as loaded_through
from sources as s
inner join kinds as k using (outlet, period_start, source_key)
