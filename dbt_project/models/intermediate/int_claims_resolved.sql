-- Grain: one claim. Each claim with its article's outlet and day, one source key per speaker,
-- and its relay chain: who said it (the original source), through whom it reached the outlet
-- (the agency or outlet it was relayed via, its own or that of the claim it is nested in), and
-- the outlet. Incremental by day: a claim depends only on rows of its own partition.
{{ config(materialized='incremental', incremental_strategy='replace_partitions', partition_key='day',
          on_schema_change='fail') }}

with claims as (
    select *
    from {{ ref('stg_claims') }}
    {% if is_incremental() %}
    where logical_date in ({{ replaced_partitions('day') }})
    {% endif %}
),

-- The organization named inside a via span ("وكالة رويترز" → the Reuters entity), longest first.
via_entities as (
    select
        c.claim_id,
        first(m.entity_id order by m.end_offset - m.start_offset desc, m.start_offset, m.entity_id) as via_entity_id
    from claims as c
    inner join {{ ref('stg_entity_mentions') }} as m
        on m.article_id = c.article_id
        and m.logical_date = c.logical_date
        and m.start_offset >= c.via_start
        and m.end_offset <= c.via_end
        and m.entity_type = 'ORG'
    where c.via_start is not null
    group by c.claim_id
),

resolved as (
    select
        c.*,
        -- A continuation ("وأضاف") without a speaker of its own takes the continued claim's.
        coalesce(c.speaker_entity_id, k.speaker_entity_id) as resolved_entity_id,
        coalesce(c.speaker_key, k.speaker_key) as resolved_key,
        coalesce(c.speaker_text, k.speaker_text) as resolved_text,
        p.speaker_type as parent_speaker_type,
        -- The relay is the claim's own via, else the via of the claim it is nested in.
        case when c.via_text is not null then c.claim_id when p.via_text is not null then p.claim_id end
            as relay_claim_id,
        coalesce(c.via_text, p.via_text) as relay_text
    from claims as c
    left join claims as k on k.claim_id = c.continues_claim_id and k.article_id = c.article_id
    left join claims as p on p.claim_id = c.parent_claim_id and p.article_id = c.article_id
)

select
    r.claim_id,
    r.article_id,
    a.source_id,
    a.outlet,
    r.logical_date as day,
    a.published_date,
    r.speaker_type,
    r.named,
    r.source_count,
    r.resolved_entity_id as speaker_entity_id,
    coalesce(r.resolved_entity_id, 'text:' || r.resolved_key, 'unknown') as source_key,
    coalesce(e.canonical_name, {{ display_name('r.resolved_text') }}) as source_label,
    r.speaker_text,
    r.via_text,
    r.parent_claim_id,
    r.parent_speaker_type,
    r.relay_text is not null as is_relayed,
    -- A via of only a head word or marks folds to nothing: it is still a relay, keyed as written.
    coalesce(v.via_entity_id, 'text:' || {{ relay_key('r.relay_text') }}, 'text:' || trim(r.relay_text), 'none')
        as relay_key,
    coalesce(ve.canonical_name, {{ display_name('r.relay_text') }}) as relay_label,
    (r.parent_claim_id is not null)::integer + (r.relay_text is not null)::integer as relay_depth,
    r.speaker_type
        || coalesce(' → ' || r.parent_speaker_type, '')
        || coalesce(' → ' || coalesce(ve.canonical_name, {{ display_name('r.relay_text') }}), '')
        || ' → ' || a.outlet as relay_chain,
    r.speaker_type = 'anonymous' as is_anonymous,
    r.stance = 'deny' as is_denial,
    r.quote = 'direct' as is_direct_quote,
    {{ load_watermark() }} as loaded_through
from resolved as r
inner join {{ ref('stg_articles') }} as a on a.article_id = r.article_id and a.logical_date = r.logical_date
left join {{ ref('stg_entities') }} as e on e.entity_id = r.resolved_entity_id
left join via_entities as v on v.claim_id = r.relay_claim_id
left join {{ ref('stg_entities') }} as ve on ve.entity_id = v.via_entity_id
