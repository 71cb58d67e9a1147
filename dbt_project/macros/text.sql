{#- name_key(expr): the folding of ../shared/spec/claims.md in SQL (the core of
    pipelines.extract.entities.canonical_key): diacritics and tatweel dropped, alef/hamza forms,
    ta marbuta and alef maqsura folded, lowercased, punctuation as spaces, and a leading "و" then
    "ال" off each word longer than three letters. -#}
{% macro name_key(expr) -%}
    nullif(array_to_string(list_transform(list_transform(
        string_split(trim(regexp_replace(regexp_replace(
            lower(translate(regexp_replace({{ expr }},
                '[\x{0610}-\x{061a}\x{064b}-\x{065f}\x{0670}\x{06d6}-\x{06ed}\x{0640}]', '', 'g'),
                'أإآٱةى', 'ااااهي')),
            '[^\p{L}\p{N}\p{M}_\s]', ' ', 'g'), '\s+', ' ', 'g')), ' '),
        lambda w: case when length(w) > 3 and starts_with(w, 'و') then substr(w, 2) else w end),
        lambda w: case when length(w) > 3 and starts_with(w, 'ال') then substr(w, 3) else w end), ' '), '')
{%- endmacro %}

{#- relay_key(expr): an agency or outlet as written, folded, without a generic head word
    ("وكالة رويترز" and "رويترز" are one key; var relay_head_words). -#}
{% macro relay_key(expr) -%}
    nullif(regexp_replace({{ name_key(expr) }},
        '^({{ var("relay_head_words") | join("|") }}) ', ''), '')
{%- endmacro %}

{#- display_name(expr): a name as an analyst should read it in a table or chart: tatweel and
    quotation marks dropped (`مصادر "الوطن"`, `المصــادر`), spaces collapsed. Keys are not built
    from it (name_key is); only labels. -#}
{% macro display_name(expr) -%}
    nullif(trim(regexp_replace(translate({{ expr }}, 'ـ"«»“”„', ''), '\s+', ' ', 'g')), '')
{%- endmacro %}
