select
    article_id,
    logical_date,
    source_id,
    story_id,
    copy_group,
    copy_of,
    copy_overlap,
    run_id
from {{ source('raw', 'story_articles') }}
