{#- Incremental models rebuild exactly what the loads since their last build touched.

    raw.load_log has a row for every partition a load (or the story step) replaced, and when.
    Every incremental model keeps, per row, `loaded_through`: the newest load it was built from.
    A nightly build rebuilds the partitions (days, months or stories) loaded after the model's
    newest `loaded_through`: the strategy `replace_partitions` deletes their rows and inserts the
    rebuilt ones inside the model's transaction, so a day that lost all its rows loses its mart
    rows too. A full refresh rebuilds everything and gives the same rows. -#}

{#- The newest load, stored in every row as `loaded_through`. Rendered once per model build, so it
    also checks, once, that the existing table has that column (a table from before incremental
    builds must be rebuilt in full). -#}
{% macro load_watermark() -%}
    {%- if is_incremental() and execute -%}
        {%- set built = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- if 'loaded_through' not in built -%}
            {{ exceptions.raise_compiler_error(this ~ " was built before incremental builds existed: "
                                              ~ "run `isnad build --full-refresh` once") }}
        {%- endif -%}
    {%- endif -%}
    (select max(loaded_at) from {{ ref('stg_load_log') }})
{%- endmacro %}

{% macro changed_days() -%}
    select distinct logical_date from {{ ref('stg_load_log') }}
    {%- if is_incremental() %}
    where loaded_at > (select coalesce(max(loaded_through), '-infinity'::timestamptz) from {{ this }})
    {%- endif %}
{%- endmacro %}

{#- The partitions of this model that the loads since its last build touched, by its key. -#}
{% macro replaced_partitions(key) -%}
    {%- if key == 'day' or key == 'logical_date' -%}
        {{ changed_days() }}
    {%- elif key == 'period_start' -%}
        select distinct cast(date_trunc('month', logical_date) as date) from ({{ changed_days() }})
    {%- elif key == 'story_id' -%}
        {#- A story with an article on a changed day, or one that had an article on it (it may have moved away). -#}
        select story_id from {{ ref('int_stories') }} where logical_date in ({{ changed_days() }})
        union
        select story_id from {{ this }}
        where len(list_intersect(report_days, (select list(logical_date) from ({{ changed_days() }})))) > 0
    {%- else -%}
        {{ exceptions.raise_compiler_error("replaced_partitions: no partitions keyed by " ~ key) }}
    {%- endif -%}
{%- endmacro %}

{#- `incremental_strategy='replace_partitions'` with `partition_key='<column>'`: delete the
    partitions the loads touched, insert their rebuilt rows (the model selects exactly those). -#}
{% macro get_incremental_replace_partitions_sql(arg_dict) -%}
    {%- set key = config.require('partition_key') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} where {{ key }} in ({{ replaced_partitions(key) }});
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
