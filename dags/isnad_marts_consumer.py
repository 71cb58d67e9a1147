"""isnad_marts_consumer: an example downstream DAG, scheduled on the marts ``isnad_nightly`` publishes.

It runs whenever ``dbt_build`` has rebuilt ``mart_sourcing_daily`` (an Airflow Asset event), not on
a clock, and reads the mart read-only in the warehouse pool and queue (DuckDB refuses a reader
while a writer has the file open). Copy it as the start of an export, a report or a dashboard refresh.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from airflow.sdk import Asset, dag, task
from airflow.sdk.configuration import conf

# The same name and URI as isnad_nightly's mart_asset("mart_sourcing_daily"): Assets are matched by
# them, so this DAG does not import the other DAG file.
# Readers of the DuckDB file run where and when writers do: the writer pool and queue (see isnad_nightly).
WAREHOUSE_QUEUE = conf.get("isnad", "warehouse_queue", fallback=conf.get("operators", "default_queue"))
SOURCING_DAILY = Asset(name="isnad.marts.mart_sourcing_daily", uri="duckdb://isnad/marts/mart_sourcing_daily",
                       group="isnad")


@dag(
    dag_id="isnad_marts_consumer",
    schedule=[SOURCING_DAILY],
    start_date=datetime(2000, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    tags=["isnad", "marts"],
    default_args={"owner": "isnad", "retries": 1},
    doc_md=__doc__,
)
def isnad_marts_consumer() -> None:
    @task(pool="isnad_warehouse", queue=WAREHOUSE_QUEUE)
    def summarise(**context: Any) -> dict[str, Any]:
        """Row count and latest day of mart_sourcing_daily, as the run's return value (XCom)."""
        from pipelines.config import load_settings
        from pipelines.load import connect

        events = context["triggering_asset_events"][SOURCING_DAILY]
        con = connect(load_settings(), read_only=True)
        try:
            rows, last_day = con.execute(
                "SELECT count(*), max(day) FROM marts.mart_sourcing_daily").fetchone() or (0, None)
        finally:
            con.close()
        print(f"{len(events)} mart update(s); mart_sourcing_daily has {rows} rows up to {last_day}")
        return {"rows": rows, "last_day": str(last_day), "events": len(events)}

    summarise()


isnad_marts_consumer()
