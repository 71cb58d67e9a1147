"""The claim lexicons load, hold only words, and compile to patterns that find the listed forms."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.extract.claims.lexicon import arabic, english
from pipelines.extract.claims.text import fold, fold_text
from pipelines.knowledge import load_yaml


def _leaves(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _leaves(v)]
    if isinstance(node, list):
        return [x for v in node for x in _leaves(v)]
    return [node]


@pytest.mark.parametrize("name", ["claims_ar.yaml", "claims_en.yaml"])
def test_every_entry_is_a_string(name: str) -> None:
    # YAML reads bare on/no/yes as booleans: every list entry must stay a word
    data = load_yaml(name)
    bad = [x for key, v in data.items() if key != "numbers" for x in _leaves(v) if not isinstance(x, str)]
    assert bad == []


def test_arabic_verb_forms_are_generated_with_clitics() -> None:
    lex = arabic()
    for form in ("وقالت", "فأكد", "قالوا", "مضيفة", "يؤكدون", "سيؤكد", "نفت", "ذكرته", "ودعت"):
        assert fold(form) in lex.forms, form
    assert lex.forms[fold("نفت")].stance == "deny"
    assert lex.forms[fold("مضيفا")].tense == "part"


def test_cue_pattern_respects_word_boundaries() -> None:
    lex = arabic()
    norm = fold_text("قالب وقالت المقال").norm
    assert [m.group() for m in lex.cue_re.finditer(norm)] == ["وقالت"]


def test_fold_keeps_offsets_mappable() -> None:
    text = "وأكّـد المتحدثُ أنّ"
    f = fold_text(text)
    i = f.norm.index("المتحدث")
    s, e = f.span(i, i + len("المتحدث"))
    assert text[s:e] == "المتحدثُ"


def test_english_lexicon_compiles() -> None:
    lex = english()
    found = [m.group() for m in lex.cue_re.finditer("She said it, pointed out the rest and told of plans.")]
    assert found == ["said", "pointed out", "told of"]
