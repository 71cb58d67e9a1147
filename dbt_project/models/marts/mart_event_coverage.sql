-- Grain: one row per coverage cluster (int_event_clusters: type, day and place of a happening).
with per_outlet as (
    select cluster_id, outlet, min(published_date) as outlet_first_seen
    from {{ ref('int_event_clusters') }}
    group by all
),

lags as (
    select
        cluster_id,
        max(outlet_first_seen) - min(outlet_first_seen) as max_outlet_lag_days
    from per_outlet
    group by all
)

select
    e.cluster_id,
    any_value(e.event_type) as event_type,
    any_value(e.happened_on) as happened_on,
    any_value(e.place_text order by length(e.place_text) desc) as place,
    min(e.published_date) as first_seen,
    max(e.published_date) as last_seen,
    count(distinct e.article_id) as articles,
    count(distinct e.outlet) as outlets,
    max(e.published_date) - min(e.published_date) + 1 as days_covered,
    any_value(l.max_outlet_lag_days) as max_outlet_lag_days,
    min(e.killed) as killed_min,
    max(e.killed) as killed_max,
    min(e.injured) as injured_min,
    max(e.injured) as injured_max,
    min(e.arrested) as arrested_min,
    max(e.arrested) as arrested_max
from {{ ref('int_event_clusters') }} as e
inner join lags as l using (cluster_id)
group by e.cluster_id
