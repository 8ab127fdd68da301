"""Complaints and stage events for a generated history: each scooter's ways back to the street,
planned around its repairs by app/demo/ways.py (as the demo seed does), streamed through the
bulk loader after the repairs and jobs are in."""

from __future__ import annotations

import random
from datetime import datetime
from itertools import count

from app.demo.ways import Rows, WayPlanner, scooters_repairs
from app.extensions import db

WAY_TABLES = ["complaints", "complaint_jobs", "stage_events"]


def generate_ways(loader, rng: random.Random, now: datetime) -> dict[str, int]:
    """Plan every scooter's ways and write them; the number of rows of each table."""
    planner = WayPlanner(rng, now)
    complaint_ids, event_ids = count(1), count(1)
    written = dict.fromkeys(WAY_TABLES, 0)

    def moment(value: datetime | None):
        return None if value is None else loader.time(value.timestamp())

    scooters = scooters_repairs()
    if db.engine.dialect.name == "sqlite":
        # SQLite: the loader's writing connection must not wait on a read of ours.
        scooters = list(scooters)
        db.session.commit()
    with loader.streams(WAY_TABLES) as write:
        for repairs in scooters:
            rows = Rows()
            planner.scooter(repairs, rows)
            pks = {}
            for c in rows.complaints:
                pks[c["complaint_id"]] = pk = next(complaint_ids)
                write["complaints"](
                    (
                        pk,
                        c["complaint_id"],
                        c["vehicle_id"],
                        c["source"],
                        c["text"],
                        moment(c["reported_at"]),
                        c["reported_by"],
                        str(c["status"]),
                        moment(c["resolved_at"]),
                        c["repair_pk"],
                        moment(c["released_at"]),
                        moment(c["created_at"]),
                    )
                )
            for complaint_id, job_pk in rows.links:
                write["complaint_jobs"]((pks[complaint_id], job_pk, moment(now)))
            for e in rows.events:
                write["stage_events"](
                    (
                        next(event_ids),
                        e["event_id"],
                        e["vehicle_id"],
                        e["stage"],
                        moment(e["at"]),
                        e["place_id"],
                        e["reason"],
                        moment(e["created_at"]),
                    )
                )
            written["complaints"] += len(rows.complaints)
            written["complaint_jobs"] += len(rows.links)
            written["stage_events"] += len(rows.events)
    db.session.close()  # no read of ours may stand in the way of rebuilding the indexes
    return written
