-- Event mentions grouped into coverage clusters: the same type of happening, on the same day
-- (the event's own date, else the article's), at the same place. A first grouping that the
-- story stage refines; the cluster key is stable across reruns.
with events as (
    select
        m.event_id,
        m.article_id,
        m.event_type,
        a.source_id,
        a.outlet,
        a.published_date,
        coalesce(m.event_date, a.published_date) as happened_on,
        nullif(lower(trim(m.place_text)), '') as place_key,
        m.place_text,
        m.killed,
        m.injured,
        m.arrested
    from {{ ref('stg_event_mentions') }} as m
    inner join {{ ref('stg_articles') }} as a using (article_id)
)

select
    *,
    md5(event_type || '|' || cast(happened_on as varchar) || '|' || coalesce(place_key, '')) as cluster_id
from events
