-- Grain: one row per outlet and day: how much of the outlet's output reproduces another outlet's or
-- agency's item (agency copy, from the story step's copy detection). The share is null for a day
-- the story step has not assigned, rather than a false zero. Incremental by day.
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='day',
          on_schema_change='fail') }}

with articles as (
    select *
    from {{ ref('int_stories') }}
    {% if is_incremental() %}
    where logical_date in ({{ replaced_partitions('day') }})
    {% endif %}
),

copied_outlets as (
    select outlet, logical_date, first(copy_of_outlet order by n desc, copy_of_outlet) as top_copied_outlet
    from (
        select outlet, logical_date, copy_of_outlet, count(*) as n
        from articles
        where is_agency_copy and copy_of_outlet is not null
        group by all
    )
    group by all
)

select
    a.outlet,
    a.logical_date as day,
    count(*) as articles,
    count(*) filter (where a.story_origin = 'assigned') as assigned_articles,
    count(*) filter (where a.copy_group is not null) as shared_text_articles,
    count(*) filter (where a.is_agency_copy) as agency_copy_articles,
    case when count(*) filter (where a.story_origin = 'assigned') > 0
        then round(count(*) filter (where a.is_agency_copy) / count(*), 3) end as agency_copy_share,
    round(avg(a.copy_overlap) filter (where a.is_agency_copy), 3) as mean_copy_overlap,
    any_value(c.top_copied_outlet) as top_copied_outlet,
    {{ load_watermark() }} as loaded_through
from articles as a
left join copied_outlets as c using (outlet, logical_date)
group by a.outlet, a.logical_date
