select
    event_id,
    article_id,
    logical_date,
    source_id,
    type as event_type,
    trigger_start,
    trigger_end,
    trigger_text,
    mention_count,
    event_date,
    place_text,
    killed,
    injured,
    arrested,
    perpetrator_text
from {{ source('raw', 'event_mentions') }}
