select
    logical_date,
    source_id,
    url,
    outcome,
    reason,
    status,
    run_id
from {{ source('raw', 'fetch_log') }}
