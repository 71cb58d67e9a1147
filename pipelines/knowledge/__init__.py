"""Knowledge as data: lexicons, gazetteers and patterns live in YAML/TSV files beside this module.

Files are read once per process (``functools.cache``) and compiled by the stage that uses them;
code holds the grammar, these files hold the words.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_yaml(name: str) -> Any:
    """Parse ``pipelines/knowledge/<name>`` as YAML."""
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``pipelines/knowledge/<name>``, a tab-separated file; ``#`` starts a comment line."""
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as f:
        return tuple(
            tuple(cell.strip() for cell in row)
            for row in csv.reader(f, delimiter="\t")
            if row and row[0].strip() and not row[0].startswith("#")
        )
