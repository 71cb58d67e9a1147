select
    mention_id,
    article_id,
    logical_date,
    source_id,
    "start" as start_offset,
    "end" as end_offset,
    text as mention_text,
    type as entity_type,
    entity_id
from {{ source('raw', 'entity_mentions') }}
