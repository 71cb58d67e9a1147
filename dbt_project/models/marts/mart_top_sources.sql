-- Grain: one row per outlet, month and source (a canonical entity, or the folded speaker text).
select
    outlet,
    cast(date_trunc('month', day) as date) as period_start,
    source_key,
    any_value(source_label order by length(source_label) desc) as source_label,
    mode(speaker_type) as speaker_type,
    bool_and(named) as named,
    count(*) as claims,
    count(distinct article_id) as articles,
    min(day) as first_seen,
    max(day) as last_seen
from {{ ref('int_claims_resolved') }}
where source_key <> 'unknown'
group by outlet, period_start, source_key
