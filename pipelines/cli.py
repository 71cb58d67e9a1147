"""The ``isnad`` command line: run the pipeline, extract from any text, query and inspect the warehouse."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

app = typer.Typer(help="isnad: who is the news attributed to, and which events got covered, by whom.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)


@app.callback()
def main() -> None:
    """isnad: who is the news attributed to, and which events got covered, by whom."""


def progress() -> Progress:
    """A rich progress bar on stderr, so stdout stays clean for data."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True)


@app.command()
def extract(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSON Lines: {doc_id, text[, lang][, published]}")],
    output: Annotated[Path, typer.Option("--output", "-o", help="predictions, JSON Lines, spec format")],
) -> None:
    """Extract claims, entities and incidents from any texts, in the format ../shared/eval scores."""
    from pipelines.extract import extract_article
    from pipelines.extract.predictions import to_prediction
    from pipelines.parse.language import detect_language

    lines = [line for line in input.read_text(encoding="utf-8").splitlines() if line.strip()]
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out, progress() as bar:
        task = bar.add_task("extracting", total=len(lines))
        for number, line in enumerate(lines, 1):
            try:
                doc = json.loads(line)
                doc_id, text = doc["doc_id"], doc["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                err.print(f"[red]{input}:{number}: not a {{doc_id, text}} object ({exc})[/red]")
                raise typer.Exit(2) from exc
            lang = doc.get("lang") or detect_language(text) or "ar"
            published = date.fromisoformat(doc["published"][:10]) if doc.get("published") else None
            extraction = extract_article(text, lang, published)
            out.write(json.dumps(to_prediction(doc_id, text, extraction), ensure_ascii=False) + "\n")
            bar.advance(task)
    err.print(f"wrote {len(lines)} predictions to {output}")
