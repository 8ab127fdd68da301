"""`flask demo seed`: a living demo on first run, consistent with every rule."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.demo.people import PLACES, USERS
from app.extensions import db
from app.manager.periods import Period
from app.manager.stats.complaints import complaint_rates, repeats_by_job_type
from app.manager.stats.downtime import true_downtime
from app.manager.stats.scope import Scope
from app.models import Complaint, ControlCommand, Job, Repair, User
from app.stages.queues import board, dropoff_list, pickup_list
from app.vocabulary import ComplaintSource
from tests.support.invariants import violations
from tests.support.pages import log_in


def test_demo_seed_fills_an_empty_database_consistently(runner):
    result = runner.invoke(args=["demo", "seed", "--days", "10"])

    assert result.exit_code == 0, result.output
    assert "manager  PIN 9999" in result.output
    assert db.session.get(User, "rep-1").check_pin("1111")
    assert db.session.get(User, "manager").is_manager
    repairs = db.session.scalar(select(func.count()).select_from(Repair))
    assert repairs > 100
    assert db.session.scalar(select(func.count()).select_from(ControlCommand)) > 0
    # Every job lies within its repair's time span; finished repairs have no running job.
    outside = db.session.scalar(
        select(func.count())
        .select_from(Job)
        .join(Repair)
        .where(
            (Job.started_at < Repair.started_at)
            | ((Repair.finished_at.is_not(None)) & (Job.finished_at > Repair.finished_at))
            | ((Repair.status != "performing") & (Job.status == "performing"))
        )
    )
    assert outside == 0
    # Completed repairs have at least one completed job.
    bad = db.session.scalar(
        select(func.count())
        .select_from(Repair)
        .where(
            Repair.status == "completed",
            ~select(Job.id).where(Job.repair_pk == Repair.id, Job.status == "completed").exists(),
        )
    )
    assert bad == 0
    assert (
        db.session.scalar(
            select(func.count()).select_from(Repair).where(Repair.mileage_km_at_start.is_(None))
        )
        == 0
    )
    # The statistics' "km between repairs" has something to show.
    with_km = select(func.count()).select_from(Job).where(Job.km_since_same_type.is_not(None))
    assert db.session.scalar(with_km) > 0


def test_demo_seed_refuses_a_database_in_use_and_skips_with_if_empty(runner):
    runner.invoke(args=["users", "add", "someone", "--name", "X", "--pin", "2468"])

    refused = runner.invoke(args=["demo", "seed"])
    skipped = runner.invoke(args=["demo", "seed", "--if-empty"])

    assert refused.exit_code != 0 and "already has users" in refused.output
    assert skipped.exit_code == 0 and "skipped" in skipped.output
    assert db.session.scalar(select(func.count()).select_from(Repair)) == 0


def test_outside_demo_mode_the_published_demo_pins_are_refused(app, runner, client):
    seeded = runner.invoke(args=["demo", "seed", "--days", "1"])
    assert seeded.exit_code == 0
    assert app.config["DEMO"] is False  # the default: production
    assert "These PINs log in only in demo mode (DEMO=1" in seeded.output

    for performer_id, _name, _role, pin, _home in USERS:
        response = log_in(client, performer_id, pin)
        assert response.status_code == 422, performer_id
        assert "Неверный табельный номер или PIN-код." in response.get_data(as_text=True)


def test_in_demo_mode_the_demo_accounts_log_in(app, runner, client):
    assert runner.invoke(args=["demo", "seed", "--days", "1"]).exit_code == 0
    app.config["DEMO"] = True

    assert log_in(client, "manager", "9999").status_code == 302


def test_outside_demo_mode_a_demo_account_with_its_own_pin_logs_in(runner, client):
    """An operator who kept a demo account but gave it a real PIN is not locked out."""
    assert runner.invoke(args=["demo", "seed", "--days", "1"]).exit_code == 0
    new_pin = "Strong-passphrase-42"
    result = runner.invoke(
        args=["users", "add", "manager", "--name", "Ольга", "--role", "manager", "--pin", new_pin]
    )
    assert result.exit_code == 0, result.output

    assert log_in(client, "manager", new_pin).status_code == 302


def test_scripts_serve_runs_the_demo_in_demo_mode():
    serve = (Path(__file__).resolve().parent.parent / "scripts" / "serve").read_text()

    assert 'export DEMO="${DEMO:-1}"' in serve


def test_demo_seed_gives_every_queue_and_the_downtime_statistics_something_real(runner):
    result = runner.invoke(args=["demo", "seed", "--days", "21"])
    assert result.exit_code == 0, result.output

    assert violations() == {}
    sources = set(db.session.scalars(select(Complaint.source).distinct()))
    assert sources == {str(s) for s in ComplaintSource}
    assert pickup_list(), "some scooters wait for pick-up"
    assert dropoff_list(), "some released scooters wait to go out"
    boards = [board(place_id) for place_id, _name, _zone in PLACES]
    assert any(b.waiting for b in boards) and any(b.ready for b in boards)
    scope = Scope(Period.ending_today(21))
    way = true_downtime(scope)
    assert way.overall.ways > 50 and way.left_unrepaired > 0 and way.idle_now
    assert all(way.overall.stages[code].n > 0 for code in way.overall.stages)
    assert sum(t.repeated for t in repeats_by_job_type(scope)) > 0
    assert complaint_rates(scope)[0].per_1000_km > 0
