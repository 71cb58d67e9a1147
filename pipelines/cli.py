"""The ``isnad`` command line: run the pipeline, extract from any text, query and inspect the warehouse."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    import duckdb

    from pipelines.config import Settings
    from pipelines.summary import MartSummary

app = typer.Typer(help="isnad: who is the news attributed to, and which events got covered, by whom.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True, soft_wrap=True)  # one line per message, however narrow the terminal


@app.callback()
def main() -> None:
    """isnad: who is the news attributed to, and which events got covered, by whom."""


def progress() -> Progress:
    """A rich progress bar on stderr, so stdout stays clean for data."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True)


@app.command()
def extract(
    input: Annotated[
        Path, typer.Option("--input", "-i", help="JSON Lines: {doc_id, text[, lang][, published][, source]}")
    ],
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
            extraction = extract_article(text, lang, published, doc.get("source") or doc.get("outlet"))
            out.write(json.dumps(to_prediction(doc_id, text, extraction), ensure_ascii=False) + "\n")
            bar.advance(task)
    err.print(f"wrote {len(lines)} predictions to {output}")


def _settings(data_dir: Path | None, warehouse: Path | None, sources: Path | None = None) -> Settings:
    from pipelines.config import ConfigError, load_settings

    try:
        return load_settings(data_dir=data_dir, warehouse=warehouse, sources_file=sources)
    except ConfigError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def _read_only(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse, or exit 2 with the reason (no warehouse yet)."""
    from pipelines.load import connect

    try:
        return connect(settings, read_only=True)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


DataDirOption = Annotated[Path | None, typer.Option("--data-dir", help="where raw, staged and warehouse files live")]
WarehouseOption = Annotated[
    Path | None, typer.Option("--warehouse", help="the DuckDB file (default DATA_DIR/isnad.duckdb)")
]


@app.command()
def run(
    day: Annotated[str | None, typer.Option("--date", help="one logical date, YYYY-MM-DD (a nightly run)")] = None,
    start: Annotated[str | None, typer.Option("--start", help="first date of a backfill range")] = None,
    end: Annotated[str | None, typer.Option("--end", help="last date of a backfill range (included)")] = None,
    sources: Annotated[Path | None, typer.Option("--sources", help="sources YAML file")] = None,
    only: Annotated[list[str] | None, typer.Option("--source", help="run only this source id (repeatable)")] = None,
    data_dir: DataDirOption = None,
    warehouse: WarehouseOption = None,
    no_build: Annotated[bool, typer.Option("--no-build", help="skip dbt build")] = False,
    no_extract: Annotated[bool, typer.Option(
        "--no-extract", help="load articles only: skip the extractor (no claims, entities or events)")] = False,
) -> None:
    """Fetch, parse, extract, validate and load each date, then build the marts; print a summary."""
    from pipelines.load import connect
    from pipelines.partitions import date_range
    from pipelines.run import run_dates
    from pipelines.sources import SourcesError, load_sources
    from pipelines.summary import read_summary
    from pipelines.transform import DbtBuildFailed

    if day and (start or end):
        err.print("[red]give either --date or --start/--end, not both[/red]")
        raise typer.Exit(2)
    try:
        first = date.fromisoformat(day or start or "")
        last = date.fromisoformat(day or end or start or "")
        days = date_range(first, last)
    except ValueError as exc:
        err.print(f"[red]dates: {exc} (use --date YYYY-MM-DD or --start/--end)[/red]")
        raise typer.Exit(2) from exc
    settings = _settings(data_dir, warehouse, sources)
    try:
        configured = load_sources(settings.sources_file)
    except SourcesError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    steps = len(days) * len([s for s in configured if not only or s.id in only])
    with progress() as bar:
        task = bar.add_task("running", total=steps)
        try:
            result = run_dates(settings, first, last, only=only, build=not no_build, extract=not no_extract,
                               on_step=lambda label: bar.update(task, advance=1, description=label))
        except DbtBuildFailed as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
        except ValueError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    for load in result.loads:
        rows = ", ".join(f"{k} {v}" for k, v in load.rows.items())
        console.print(f"{load.logical_date}  {load.status:8s} {rows}, quarantined {load.quarantined}")
    for failed_day, source_id, stage, reason in result.failures:
        err.print(f"[yellow]{failed_day} {source_id}: failed at {stage}: {reason}[/yellow]")
    if result.dbt is not None:
        con = connect(settings, read_only=True)
        try:
            _print_summary(read_summary(con), settings.warehouse_path)
        finally:
            con.close()
    if result.failures:
        raise typer.Exit(1)


def _print_summary(summary: MartSummary, warehouse: Path) -> None:
    from rich.table import Table

    console.print(f"\n[bold]Warehouse[/bold] {warehouse}: {summary.articles} articles from {summary.outlets} "
                  f"outlets over {summary.days} days")
    claims = Table(title="Claims by source type")
    claims.add_column("speaker type")
    claims.add_column("claims", justify="right")
    for kind, count in summary.claims_by_type:
        claims.add_row(kind, str(count))
    console.print(claims)
    speakers = Table(title="Top sources")
    for name in ("source", "type", "claims", "outlets"):
        speakers.add_column(name)
    for label, kind, count, outlets in summary.top_sources:
        speakers.add_row(label, kind, str(count), str(outlets))
    console.print(speakers)
    events = Table(title="Events covered")
    for name in ("type", "day", "place", "articles", "outlets"):
        events.add_column(name)
    for etype, day, place, articles, outlets in summary.events:
        events.add_row(etype, str(day), place or "", str(articles), str(outlets))
    console.print(events)
    copies, assigned = summary.agency_copy
    console.print(f"Agency copy: {copies} of {assigned} articles with a story assignment" if assigned
                  else "Agency copy: no story assignments loaded yet")


@app.command()
def build(
    data_dir: DataDirOption = None,
    warehouse: WarehouseOption = None,
    full_refresh: Annotated[bool, typer.Option("--full-refresh", help="rebuild every mart from all history")] = False,
) -> None:
    """Build the marts (dbt build): incremental by default, or from scratch after a mart's columns change."""
    from pipelines.load import connect
    from pipelines.transform import DbtBuildFailed, build_marts

    settings = _settings(data_dir, warehouse)
    if not settings.warehouse_path.exists():
        err.print(f"[red]{settings.warehouse_path}: no warehouse yet (run `isnad run` first)[/red]")
        raise typer.Exit(2)
    connect(settings).close()  # bring the raw schema up to date (migrations) before dbt reads it
    try:
        result = build_marts(settings, "manual", full_refresh=full_refresh)
    except DbtBuildFailed as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(", ".join(f"{status} {count}" for status, count in sorted(result.statuses.items())))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run read-only against the warehouse")],
    data_dir: DataDirOption = None,
    warehouse: WarehouseOption = None,
    limit: Annotated[int, typer.Option(help="rows to print at most")] = 50,
) -> None:
    """Run a read-only SQL query against the warehouse and print the result as a table."""
    import duckdb
    from rich.table import Table

    con = _read_only(_settings(data_dir, warehouse))
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(limit + 1)
    except duckdb.Error as exc:
        err.print(f"[red]{type(exc).__name__}: {exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        con.close()
    table = Table(*names)
    for row in rows[:limit]:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
    if len(rows) > limit:
        err.print(f"(first {limit} rows shown; use --limit)")


@app.command()
def status(data_dir: DataDirOption = None, warehouse: WarehouseOption = None) -> None:
    """Last runs, row counts per table, and quarantine counts by reason."""
    from rich.table import Table

    con = _read_only(_settings(data_dir, warehouse))
    try:
        runs = Table("run", "date", "status", "ok", "failed", "articles", "claims", "quarantined", title="Last runs")
        for row in con.execute("""SELECT run_id, logical_date, status, sources_ok, sources_failed, articles, claims,
                                   quarantined FROM raw.runs ORDER BY finished_at DESC LIMIT 10""").fetchall():
            runs.add_row(*(str(v) for v in row))
        console.print(runs)
        counts = Table("table", "rows", title="Warehouse")
        for name in ("articles", "claims", "entity_mentions", "entities", "event_mentions", "fetch_log", "quarantine"):
            result = con.execute(f"SELECT count(*) FROM raw.{name}").fetchone()
            counts.add_row(name, str(result[0] if result else 0))
        console.print(counts)
        quarantine = Table("stage", "table", "reason", "rows", title="Quarantine")
        for row in con.execute("""SELECT stage, table_name, failed_checks, count(*) FROM raw.quarantine
                                  GROUP BY ALL ORDER BY 4 DESC LIMIT 20""").fetchall():
            quarantine.add_row(*(str(v) for v in row))
        console.print(quarantine)
        failures = con.execute("""SELECT logical_date, source_id, reason, count(*) FROM raw.fetch_log
                                  WHERE outcome = 'error' GROUP BY ALL ORDER BY 1 DESC LIMIT 20""").fetchall()
        if failures:
            table = Table("date", "source", "reason", "urls", title="Failed fetches")
            for row in failures:
                table.add_row(*(str(v) for v in row))
            console.print(table)
    finally:
        con.close()


@app.command()
def report(
    start: Annotated[str | None, typer.Option("--start", help="first logical date (default: first with data)")] = None,
    end: Annotated[str | None, typer.Option("--end", help="last logical date, included (default: last)")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="default DATA_DIR/report.html")] = None,
    data_dir: DataDirOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Write the analyst report: the marts as one self-contained HTML page of charts; print its path."""
    from pipelines.report import write_report

    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError as exc:
        err.print(f"[red]dates: {exc} (use --start/--end YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from exc
    if first and last and last < first:
        err.print(f"[red]end date {last} is before start date {first}[/red]")
        raise typer.Exit(2)
    settings = _settings(data_dir, warehouse)
    path = output or settings.data_dir / "report.html"
    try:
        result = write_report(settings, path, first, last)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if result.notice:
        err.print(f"[yellow]{result.notice}[/yellow]")
    elif result.period is not None:
        err.print(f"report: {result.period.start} to {result.period.end}, {result.articles} articles, "
                  f"{result.claims} claims, {result.charts} charts")
    typer.echo(str(path))


@app.command("export-stories")
def export_stories(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON Lines: {url, story_id, copy_group}")],
    data_dir: DataDirOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """One line per article in the warehouse with its story and copy group (../shared/eval/score_pairs.py)."""
    from pipelines.stories.stage import export_stories as write

    settings = _settings(data_dir, warehouse)
    try:
        lines = write(settings, output)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    err.print(f"wrote {lines} lines to {output}")
