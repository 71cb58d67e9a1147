select
    article_id,
    logical_date,
    source_id,
    outlet,
    url,
    canonical_url,
    title,
    author,
    published_at,
    coalesce(cast(published_at as date), logical_date) as published_date,
    language,
    length(text) as text_length
from {{ source('raw', 'articles') }}
