select
    logical_date,
    source_id,
    step,
    run_id,
    loaded_at,
    "rows" as row_count
from {{ source('raw', 'load_log') }}
