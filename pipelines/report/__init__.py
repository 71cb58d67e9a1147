"""The analyst report: the marts as one self-contained HTML page of charts.

``queries`` (the data of each chart), ``charts`` (Vega-Lite specs via altair) and ``page`` (the
HTML, with the chart JavaScript inlined) are separate so each can be tested on its own;
``write_report`` is what ``isnad report`` calls.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.config import Settings
from pipelines.report.page import Report, render_report

__all__ = ["Report", "render_report", "write_report"]


def write_report(settings: Settings, output: Path, start: date | None = None, end: date | None = None) -> Report:
    """Read the marts read-only and write the report page to ``output``.

    Raises FileNotFoundError when there is no warehouse file at all (nothing was ever run); an
    empty or unbuilt warehouse gives a page that says so instead.
    """
    from pipelines.load import connect

    con = connect(settings, read_only=True)
    try:
        report = render_report(con, start, end, warehouse_name=settings.warehouse_path.name)
    finally:
        con.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.html, encoding="utf-8")
    return report
