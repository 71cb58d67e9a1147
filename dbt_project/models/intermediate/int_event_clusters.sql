-- Grain: one event mention. Event mentions with their article's outlet and days, and a coverage
-- cluster id (the same type of happening, on the same day, at the same place): the grouping
-- int_stories falls back to for articles the story step has not assigned.
with events as (
    select
        m.event_id,
        m.article_id,
        m.logical_date,
        m.event_type,
        a.source_id,
        a.outlet,
        a.published_date,
        m.event_date,
        coalesce(m.event_date, a.published_date) as happened_on,
        nullif(lower(trim(m.place_text)), '') as place_key,
        m.place_text,
        m.mention_count,
        m.trigger_start,
        m.killed,
        m.injured,
        m.arrested
    from {{ ref('stg_event_mentions') }} as m
    inner join {{ ref('stg_articles') }} as a on a.article_id = m.article_id and a.logical_date = m.logical_date
)

select
    *,
    md5(event_type || '|' || cast(happened_on as varchar) || '|' || coalesce(place_key, '')) as cluster_id
from events
