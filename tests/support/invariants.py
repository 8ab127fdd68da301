"""The invariants that must hold in the database after any load, crash or race."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db

# Each query counts violations; every count must be zero.
CHECKS = {
    "two performing repairs for one performer": """
        SELECT count(*) FROM (SELECT performer_id FROM repairs WHERE status = 'performing'
                              GROUP BY performer_id HAVING count(*) > 1) AS t""",
    "two performing repairs for one vehicle": """
        SELECT count(*) FROM (SELECT vehicle_id FROM repairs WHERE status = 'performing'
                              GROUP BY vehicle_id HAVING count(*) > 1) AS t""",
    "a job started before its repair": """
        SELECT count(*) FROM jobs j JOIN repairs r ON r.id = j.repair_pk
        WHERE j.started_at < r.started_at""",
    "a job finished after its repair": """
        SELECT count(*) FROM jobs j JOIN repairs r ON r.id = j.repair_pk
        WHERE r.finished_at IS NOT NULL AND j.finished_at > r.finished_at""",
    "a job still running in an ended repair": """
        SELECT count(*) FROM jobs j JOIN repairs r ON r.id = j.repair_pk
        WHERE r.status <> 'performing' AND j.status = 'performing'""",
    "a completed repair without a completed job": """
        SELECT count(*) FROM repairs r WHERE r.status = 'completed' AND NOT EXISTS (
            SELECT 1 FROM jobs j WHERE j.repair_pk = r.id AND j.status = 'completed')""",
    "an ended record without its end time": """
        SELECT (SELECT count(*) FROM repairs WHERE status <> 'performing'
                AND finished_at IS NULL)
             + (SELECT count(*) FROM jobs WHERE status <> 'performing' AND finished_at IS NULL)""",
    "a closed complaint without its time": """
        SELECT count(*) FROM complaints WHERE status <> 'open' AND resolved_at IS NULL""",
    "a complaint closed before it was reported": """
        SELECT count(*) FROM complaints WHERE resolved_at < reported_at""",
    "a complaint linked to a job on another scooter": """
        SELECT count(*) FROM complaint_jobs cj JOIN complaints c ON c.id = cj.complaint_pk
        JOIN jobs j ON j.id = cj.job_pk JOIN repairs r ON r.id = j.repair_pk
        WHERE r.vehicle_id <> c.vehicle_id""",
    "a scooter released while a repair of it ran": """
        SELECT count(*) FROM stage_events e JOIN repairs r ON r.vehicle_id = e.vehicle_id
        WHERE e.stage = 'released' AND r.started_at < e.at
          AND (r.finished_at IS NULL OR r.finished_at > e.at)""",
}


def violations() -> dict[str, int]:
    """Every invariant that does not hold, with its number of offending rows."""
    db.session.commit()
    found = {name: db.session.execute(text(sql)).scalar() for name, sql in CHECKS.items()}
    return {name: count for name, count in found.items() if count}
