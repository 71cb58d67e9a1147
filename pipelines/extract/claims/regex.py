"""Compile a word list into one regular expression shaped like a trie.

A flat alternation of thousands of inflected cue forms makes the regex engine try every
alternative at every position; sharing prefixes lets it fail after a character or two, so one
``finditer`` over an article stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A non-capturing pattern matching exactly the given strings, longest first."""
    trie: dict[str, dict] = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if ends:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
