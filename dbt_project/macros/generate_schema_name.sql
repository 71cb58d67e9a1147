{#- Models land in plain schemas (staging, intermediate, marts), not "<target>_marts":
    analysts query marts.mart_sourcing_daily whatever the target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}
