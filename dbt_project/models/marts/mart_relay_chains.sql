-- Grain: one row per original source kind, relaying agency and outlet: through whom each kind of
-- source reaches each outlet. relay_key 'none' holds the claims that reached the outlet directly,
-- so a share of relayed claims needs no other table. A table over the whole history (its grain has
-- no date); it aggregates the incremental int_claims_resolved, a columnar scan.
with chains as (
    select
        speaker_type as original_speaker_type,
        relay_key,
        outlet,
        relay_label,
        claim_id,
        article_id,
        day,
        is_anonymous,
        parent_claim_id is not null as is_nested
    from {{ ref('int_claims_resolved') }}
),

labels as (
    select relay_key, first(relay_label order by n desc, relay_label) as relaying_agency
    from (select relay_key, relay_label, count(*) as n from chains where relay_label is not null group by all)
    group by all
)

select
    c.original_speaker_type,
    c.relay_key,
    l.relaying_agency,
    c.outlet,
    c.relay_key <> 'none' as is_relayed,
    count(*) as claims,
    count(distinct c.article_id) as articles,
    count(*) filter (where c.is_anonymous) as anonymous_claims,
    count(*) filter (where c.is_nested) as nested_claims,
    min(c.day) as first_seen,
    max(c.day) as last_seen
from chains as c
left join labels as l using (relay_key)
group by all
