"""app.repairs.lookup: the records a repair refers to, or which one is missing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import NotFound, Unprocessable
from app.extensions import db
from app.models import Job, JobType
from app.repairs import lookup
from app.repairs.services import RepairRequest, finish_repair, start_job, start_repair
from tests import factories


def test_only_active_users_places_and_job_types_are_found(scooters):
    factories.make_user("gone", "Уволенный", active=False)
    factories.make_place("closed", "Склад закрыт", active=False)
    db.session.get(JobType, "grips").active = False
    db.session.commit()

    assert lookup.active_user("rep-1").performer_id == "rep-1"
    assert lookup.active_place("wh-1").place_id == "wh-1"
    assert lookup.active_job_type("kickstand").code == "kickstand"
    for find, missing, code in [
        (lookup.active_user, "gone", "unknown_performer"),
        (lookup.active_user, "stranger", "unknown_performer"),
        (lookup.active_place, "closed", "unknown_place"),
        (lookup.active_place, "nowhere", "unknown_place"),
        (lookup.active_job_type, "grips", "unknown_job_type"),
        (lookup.active_job_type, "teleporter", "unknown_job_type"),
    ]:
        with pytest.raises(Unprocessable) as refused:
            find(missing)
        assert refused.value.code == code, missing


def test_the_performing_repair_of_a_performer_or_a_vehicle(repair, scooters):
    start_repair(RepairRequest("r-2", "rep-2", scooters[1], "wh-1"))
    finish_repair("r-2", "cancelled")

    assert lookup.performing_repair_of(performer_id="rep-1").repair_id == repair
    assert lookup.performing_repair_of(vehicle_id=scooters[0]).repair_id == repair
    assert lookup.performing_repair_of(performer_id="rep-2") is None  # r-2 has ended
    assert lookup.performing_repair_of(vehicle_id=scooters[1]) is None


def test_a_missing_repair_or_job_is_not_found(repair):
    assert lookup.find_repair("r-none") is None and lookup.find_job("j-none") is None
    with pytest.raises(NotFound):
        lookup.get_repair("r-none")
    with pytest.raises(NotFound):
        lookup.get_job("j-none")


def test_repair_for_job_says_whether_the_job_type_is_active(repair):
    found, type_active = lookup.repair_for_job(repair, "grips")
    _, unknown_active = lookup.repair_for_job(repair, "teleporter")
    missing = lookup.repair_for_job("r-none", "grips")
    db.session.commit()  # the row lock ends here

    assert (found.repair_id, type_active, unknown_active) == (repair, True, False)
    assert missing == (None, False)


def test_jobs_by_repair_groups_each_repairs_jobs_in_start_order(repair, scooters):
    start_repair(RepairRequest("r-2", "rep-2", scooters[1], "wh-1"))
    for job_id, repair_id in [("j-a", repair), ("j-b", "r-2"), ("j-c", repair)]:
        start_job(repair_id, job_id, "grips")
    pks = {r: lookup.get_repair(r).id for r in (repair, "r-2")}

    found = lookup.jobs_by_repair(list(pks.values()), select(Job.repair_pk, Job.job_id))

    assert {pk: [line[0] for line in lines] for pk, lines in found.items()} == {
        pks[repair]: ["j-a", "j-c"],
        pks["r-2"]: ["j-b"],
    }
    assert lookup.jobs_by_repair([], select(Job.repair_pk, Job.job_id)) == {}
