{#- A row-level rule the model must keep (e.g. "last_seen >= first_seen"); failing rows are returned. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
