-- Claims with their article's outlet and day, and one source key per speaker: the canonical
-- entity when the speaker resolves to one ("Kremlin spokesman Peskov" and "Peskov" count once),
-- else the folded speaker text.
select
    c.claim_id,
    c.article_id,
    a.source_id,
    a.outlet,
    a.logical_date as day,
    a.published_date,
    c.speaker_type,
    c.named,
    c.source_count,
    coalesce(c.speaker_entity_id, 'text:' || c.speaker_key, 'unknown') as source_key,
    coalesce(e.canonical_name, c.speaker_text) as source_label,
    c.speaker_text,
    c.via_text,
    c.via_text is not null as is_relayed,
    c.speaker_type = 'anonymous' as is_anonymous,
    c.stance = 'deny' as is_denial,
    c.quote = 'direct' as is_direct_quote
from {{ ref('stg_claims') }} as c
inner join {{ ref('stg_articles') }} as a using (article_id)
left join {{ ref('stg_entities') }} as e on e.entity_id = c.speaker_entity_id
