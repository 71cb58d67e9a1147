select
    run_id,
    logical_date,
    started_at,
    finished_at,
    status,
    sources_ok,
    sources_failed,
    articles,
    claims,
    quarantined
from {{ source('raw', 'runs') }}
