"""isnad: a news-sourcing warehouse. Stages, in the order data flows: fetch → parse → extract →
validate → load → transform; ``cli`` and the Airflow DAGs in ``dags/`` call the same functions."""
