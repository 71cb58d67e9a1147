-- Grain: one row per story that reports a happening (at least one event mention among its
-- articles): which outlets covered it, how fast and for how long, which figures they gave, and
-- how much of its sourcing is anonymous. Incremental by story: a nightly run rebuilds the stories
-- with an article on a day its loads touched (all of each such story's articles, any day).
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='story_id',
          on_schema_change='fail') }}

with story_articles as (
    select *
    from {{ ref('int_stories') }}
    {% if is_incremental() %}
    where story_id in ({{ replaced_partitions('story_id') }})
    {% endif %}
),

events as (
    select s.story_id, e.*
    from story_articles as s
    inner join {{ ref('int_event_clusters') }} as e on e.article_id = s.article_id and e.logical_date = s.logical_date
),

articles as (
    select * from story_articles where story_id in (select story_id from events)
),

outlet_first as (
    select story_id, outlet, min(reported_at) as first_report_at
    from articles
    group by all
),

lags as (
    select
        story_id,
        outlet,
        first_report_at,
        (epoch(first_report_at) - epoch(min(first_report_at) over (partition by story_id))) / 3600.0 as lag_hours,
        row_number() over (partition by story_id order by first_report_at, outlet) as arrival
    from outlet_first
),

lag_summary as (
    select
        story_id,
        first(outlet order by arrival) as first_outlet,
        list({'outlet': outlet, 'first_report_at': first_report_at, 'lag_hours': round(lag_hours, 2)}
             order by arrival) as outlet_lags,
        round(max(lag_hours), 2) as max_outlet_lag_hours,
        -- How far behind the first report the other outlets came, typically (null: one outlet).
        round(median(lag_hours) filter (where arrival > 1), 2) as median_follow_lag_hours
    from lags
    group by story_id
),

kinds as (
    select story_id, first(event_type order by mentions desc, event_type) as event_type, list(event_type order by event_type) as event_types
    from (select story_id, event_type, sum(mention_count) as mentions from events group by all)
    group by all
),

places as (
    select story_id, first(place_text order by n desc, length(place_text) desc, place_text) as place
    from (select story_id, place_text, count(*) as n from events where place_text is not null group by all)
    group by all
),

dates as (
    select story_id, first(event_date order by n desc, event_date) as event_date
    from (select story_id, event_date, count(*) as n from events where event_date is not null group by all)
    group by all
),

-- Each figure reported for the story, with how many outlets gave it (an outlet that updated its
-- figure counts for each figure it gave).
figures as (
    select
        story_id,
        list({'figure': figure, 'outlets': outlets} order by figure) filter (where measure = 'killed') as killed_figures,
        list({'figure': figure, 'outlets': outlets} order by figure) filter (where measure = 'injured') as injured_figures
    from (
        select story_id, measure, figure, count(distinct outlet) as outlets
        from (
            select story_id, outlet, 'killed' as measure, killed as figure from events where killed is not null
            union all
            select story_id, outlet, 'injured', injured from events where injured is not null
        )
        group by all
    )
    group by story_id
),

event_totals as (
    select
        story_id,
        min(killed) as killed_min,
        max(killed) as killed_max,
        count(distinct outlet) filter (where killed is not null) as killed_outlets,
        min(injured) as injured_min,
        max(injured) as injured_max,
        count(distinct outlet) filter (where injured is not null) as injured_outlets,
        min(arrested) as arrested_min,
        max(arrested) as arrested_max
    from events
    group by story_id
),

claims as (
    select a.story_id, count(*) as claims, count(*) filter (where c.is_anonymous) as anonymous_claims
    from articles as a
    inner join {{ ref('int_claims_resolved') }} as c on c.article_id = a.article_id and c.day = a.logical_date
    group by a.story_id
),

coverage as (
    select
        story_id,
        min(story_origin) as story_origin,
        min(reported_at) as first_seen,
        max(reported_at) as last_seen,
        min(published_date) as first_day,
        count(*) as articles,
        count(distinct outlet) as outlets,
        count(distinct published_date) as days_covered,
        date_diff('day', min(published_date), max(published_date)) + 1 as span_days,
        list(distinct logical_date order by logical_date) as report_days
    from articles
    group by story_id
)

select
    v.story_id,
    v.story_origin,
    k.event_type,
    k.event_types,
    coalesce(d.event_date, v.first_day) as happened_on,
    p.place,
    v.first_seen,
    v.last_seen,
    l.first_outlet,
    v.articles,
    v.outlets,
    v.days_covered,
    v.span_days,
    l.outlet_lags,
    l.max_outlet_lag_hours,
    l.median_follow_lag_hours,
    t.killed_min,
    t.killed_max,
    f.killed_figures,
    t.killed_outlets,
    t.injured_min,
    t.injured_max,
    f.injured_figures,
    t.injured_outlets,
    t.arrested_min,
    t.arrested_max,
    coalesce(c.claims, 0) as claims,
    coalesce(c.anonymous_claims, 0) as anonymous_claims,
    round(c.anonymous_claims / c.claims, 3) as anonymous_share,
    v.report_days,
    {{ load_watermark() }} as loaded_through
from coverage as v
inner join kinds as k using (story_id)
inner join lag_summary as l using (story_id)
inner join event_totals as t using (story_id)
left join places as p using (story_id)
left join dates as d using (story_id)
left join figures as f using (story_id)
left join claims as c using (story_id)
