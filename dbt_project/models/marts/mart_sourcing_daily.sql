-- Grain: one row per outlet and day (the logical date the articles were published on). An outlet,
-- not a configured source: one archive source can hold many outlets' articles. Counts beside
-- shares, so a week or a month is summed from counts, never averaged from shares.
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='day',
          on_schema_change='fail') }}

with articles as (
    select outlet, logical_date as day, count(*) as articles
    from {{ ref('stg_articles') }}
    {% if is_incremental() %}
    where logical_date in ({{ replaced_partitions('day') }})
    {% endif %}
    group by all
),

claims as (
    select
        outlet,
        day,
        count(*) as claims,
        count(*) filter (where speaker_type = 'person') as person_claims,
        count(*) filter (where speaker_type = 'organization') as organization_claims,
        count(*) filter (where speaker_type = 'media') as media_claims,
        count(*) filter (where speaker_type = 'document') as document_claims,
        count(*) filter (where is_anonymous) as anonymous_claims,
        count(*) filter (where is_relayed) as relayed_claims,
        count(*) filter (where is_denial) as denial_claims,
        count(*) filter (where is_direct_quote) as direct_quote_claims,
        count(distinct source_key) filter (where source_key <> 'unknown') as distinct_sources,
        count(distinct article_id || '|' || source_key) filter (where source_key <> 'unknown') as article_sources
    from {{ ref('int_claims_resolved') }}
    {% if is_incremental() %}
    where day in ({{ replaced_partitions('day') }})
    {% endif %}
    group by all
)

select
    a.outlet,
    a.day,
    a.articles,
    coalesce(c.claims, 0) as claims,
    round(coalesce(c.claims, 0) / a.articles, 3) as claims_per_article,
    coalesce(c.person_claims, 0) as person_claims,
    coalesce(c.organization_claims, 0) as organization_claims,
    coalesce(c.media_claims, 0) as media_claims,
    coalesce(c.document_claims, 0) as document_claims,
    coalesce(c.anonymous_claims, 0) as anonymous_claims,
    coalesce(c.relayed_claims, 0) as relayed_claims,
    coalesce(c.denial_claims, 0) as denial_claims,
    coalesce(c.direct_quote_claims, 0) as direct_quote_claims,
    round(c.person_claims / c.claims, 3) as person_share,
    round(c.organization_claims / c.claims, 3) as organization_share,
    round(c.media_claims / c.claims, 3) as media_share,
    round(c.document_claims / c.claims, 3) as document_share,
    round(c.anonymous_claims / c.claims, 3) as anonymous_share,
    round(c.relayed_claims / c.claims, 3) as relayed_share,
    round(c.denial_claims / c.claims, 3) as denial_share,
    round(c.direct_quote_claims / c.claims, 3) as direct_quote_share,
    coalesce(c.distinct_sources, 0) as distinct_sources,
    round(coalesce(c.article_sources, 0) / a.articles, 3) as distinct_sources_per_article,
    {{ load_watermark() }} as loaded_through
from articles as a
left join claims as c using (outlet, day)
