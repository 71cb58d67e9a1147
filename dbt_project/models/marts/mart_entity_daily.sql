-- Grain: one row per entity, day and outlet: how often each person, organization and place is
-- mentioned, and how often it is the source of a claim. Incremental by day.
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='day',
          on_schema_change='fail') }}

with mentions as (
    select
        m.entity_id,
        m.logical_date as day,
        a.outlet,
        count(*) as mentions,
        count(distinct m.article_id) as articles
    from {{ ref('stg_entity_mentions') }} as m
    inner join {{ ref('stg_articles') }} as a on a.article_id = m.article_id and a.logical_date = m.logical_date
    {% if is_incremental() %}
    where m.logical_date in ({{ replaced_partitions('day') }})
    {% endif %}
    group by all
),

speakers as (
    select speaker_entity_id as entity_id, day, outlet, count(*) as speaker_claims
    from {{ ref('int_claims_resolved') }}
    where speaker_entity_id is not null
    {% if is_incremental() %}
    and day in ({{ replaced_partitions('day') }})
    {% endif %}
    group by all
)

select
    x.entity_id,
    e.entity_type,
    e.canonical_name,
    x.day,
    x.outlet,
    coalesce(m.mentions, 0) as mentions,
    coalesce(m.articles, 0) as articles,
    coalesce(s.speaker_claims, 0) as speaker_claims,
    {{ load_watermark() }} as loaded_through
from (select entity_id, day, outlet from mentions union select entity_id, day, outlet from speakers) as x
inner join {{ ref('stg_entities') }} as e using (entity_id)
left join mentions as m using (entity_id, day, outlet)
left join speakers as s using (entity_id, day, outlet)
