-- Grain: one article, with the story it belongs to. Stories come from the story step
-- (raw.story_articles); an article it has not assigned (the step has not run for its date, or
-- failed) gets a provisional story: its main happening's coverage cluster (type, day, place) when
-- it reports one, else a story of its own. `story_origin` says which. Incremental by day: a row
-- depends only on its article's partition (and, for a copy, on the copied article's outlet).
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='logical_date',
          on_schema_change='fail') }}

with articles as (
    select article_id, logical_date, source_id, outlet, published_at, published_date
    from {{ ref('stg_articles') }}
    {% if is_incremental() %}
    where logical_date in ({{ replaced_partitions('logical_date') }})
    {% endif %}
),

-- An article's main happening: the one it mentions most, then the first in its text.
main_events as (
    select
        e.article_id,
        first(e.cluster_id order by e.mention_count desc, e.trigger_start, e.event_id) as cluster_id
    from {{ ref('int_event_clusters') }} as e
    inner join articles as a on a.article_id = e.article_id and a.logical_date = e.logical_date
    group by e.article_id
)

select
    a.article_id,
    a.logical_date,
    a.source_id,
    a.outlet,
    a.published_at,
    a.published_date,
    coalesce(a.published_at, cast(a.published_date as timestamptz)) as reported_at,
    coalesce(
        s.story_id,
        substr(md5('event|' || m.cluster_id), 1, 16),
        substr(md5('single|' || a.article_id), 1, 16)
    ) as story_id,
    case
        when s.story_id is not null then 'assigned'
        when m.cluster_id is not null then 'event_cluster'
        else 'single'
    end as story_origin,
    s.copy_group,
    s.copy_of,
    s.copy_overlap,
    o.outlet as copy_of_outlet,
    -- Agency copy: it reproduces an earlier item of another outlet or agency (or one no longer loaded).
    coalesce(s.copy_of is not null and o.outlet is distinct from a.outlet, false) as is_agency_copy,
    {{ load_watermark() }} as loaded_through
from articles as a
left join {{ ref('stg_story_articles') }} as s on s.article_id = a.article_id and s.logical_date = a.logical_date
left join main_events as m on m.article_id = a.article_id
left join {{ ref('stg_articles') }} as o on o.article_id = s.copy_of
