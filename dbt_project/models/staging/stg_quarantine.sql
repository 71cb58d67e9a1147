select
    run_id,
    logical_date,
    source_id,
    stage,
    table_name,
    record_key,
    failed_checks
from {{ source('raw', 'quarantine') }}
