select
    entity_id,
    type as entity_type,
    canonical_name
from {{ source('raw', 'entities') }}
