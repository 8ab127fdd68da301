"""0004's backfill, batched: the km a scooter rode since its previous repair that completed
the same job type, on every completed job. A frozen copy of app/mileage/same_job.py's rule.

A batch is a run of vehicles (by id): their chains are independent of every other vehicle's,
so each batch is complete and correct on its own, and rerunning one writes the same numbers.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.data_migrations import BatchedMigration
from app.extensions import db

NEXT_VEHICLES = sa.text(
    "SELECT DISTINCT vehicle_id FROM repairs WHERE vehicle_id > :after "
    "ORDER BY vehicle_id LIMIT :size"
)

BACKFILL = sa.text("""
UPDATE jobs SET km_since_same_type = chained.km
FROM (
    SELECT done.repair_pk, done.type,
           done.mileage - LAG(done.mileage) OVER (
               PARTITION BY done.vehicle_id, done.type
               ORDER BY done.started_at, done.repair_pk
           ) AS km
    FROM (
        SELECT DISTINCT r.id AS repair_pk, r.vehicle_id, r.started_at,
               r.mileage_km_at_start AS mileage, j.type
        FROM jobs j JOIN repairs r ON r.id = j.repair_pk
        WHERE j.status = 'completed' AND r.mileage_km_at_start IS NOT NULL
          AND r.vehicle_id > :after AND r.vehicle_id <= :upto
    ) AS done
) AS chained
WHERE jobs.repair_pk = chained.repair_pk
  AND jobs.type = chained.type
  AND jobs.status = 'completed'
  AND chained.km IS NOT NULL
""")


def batch(position: str | None, size: int) -> tuple[str, int] | None:
    after = position or ""
    vehicles = db.session.scalars(NEXT_VEHICLES, {"after": after, "size": size}).all()
    if not vehicles:
        return None
    upto = vehicles[-1]
    changed = db.session.execute(BACKFILL, {"after": after, "upto": upto}).rowcount
    return upto, max(changed, 0)


MIGRATION = BatchedMigration(
    "0004_km_since_same_type",
    "jobs.km_since_same_type from the mileage at the start of each repair",
    batch,
)
