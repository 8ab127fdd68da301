"""init_app, get_drive, simulator_for and the ``flask drive`` commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from requests.adapters import HTTPAdapter

from app import settings
from app.drive import SIMULATOR_BASE_URL, get_drive, init_app, simulator_for
from app.drive.simulator import SimulatorAdapter, SimulatorApp


def make_app(tmp_path: Path, **config: object) -> Flask:
    flask_app = Flask("drive_test", instance_path=str(tmp_path / "instance"))
    flask_app.config.from_mapping(settings.load(flask_app.instance_path, environ={}))
    flask_app.config.update(config)
    init_app(flask_app)
    return flask_app


@pytest.fixture
def drive_app(tmp_path: Path) -> Flask:
    """A bare Flask app with only the Drive package initialised (simulator in the instance)."""
    return make_app(tmp_path, DRIVE_READ_TIMEOUT="0.5", DRIVE_COMMAND_TIMEOUT=0.7)


def test_defaults_to_the_simulator(drive_app: Flask) -> None:
    with drive_app.app_context():
        drive = get_drive()
        assert drive is drive_app.extensions["drive"]
        assert drive.base_url == SIMULATOR_BASE_URL
        assert (drive.read_timeout, drive.command_timeout) == (0.5, 0.7)
        assert isinstance(drive.session.get_adapter(SIMULATOR_BASE_URL + "/x"), SimulatorAdapter)
        car = drive.get_car(number="0421")
        drive.send_command(car.vehicle_id, "open_lock")
        assert simulator_for().state(car.vehicle_id).lock_open
    state_file = os.path.join(drive_app.instance_path, "drive-simulator.sqlite3")
    assert simulator_for(drive_app).store.path == state_file
    assert os.path.exists(state_file)


def test_real_drive_url_and_token(tmp_path: Path) -> None:
    flask_app = make_app(
        tmp_path,
        DRIVE_URL="http://drive.example:8080/",
        DRIVE_TOKEN="t0k",
        DRIVE_SIMULATOR_PATH=str(tmp_path / "sim.sqlite3"),
    )
    drive = flask_app.extensions["drive"]
    assert drive.base_url == "http://drive.example:8080"
    assert drive.token == "t0k"
    assert (drive.read_timeout, drive.command_timeout) == (3.0, 10.0)
    assert isinstance(drive.session.get_adapter("http://drive.example:8080/x"), HTTPAdapter)
    assert simulator_for(flask_app).store.path == str(tmp_path / "sim.sqlite3")
    assert not (tmp_path / "sim.sqlite3").exists()  # untouched until used


def test_faults_command(drive_app: Flask) -> None:
    cli = drive_app.test_cli_runner()
    result = cli.invoke(args=["drive", "faults", "--mode", "timeout", "--latency", "1.5"])
    assert result.exit_code == 0, result.output
    assert "mode=timeout latency=1.5" in result.output
    result = cli.invoke(args=["drive", "faults", "--error-rate", "0.5", "--scope", "commands"])
    faults = simulator_for(drive_app).faults()
    assert (faults.mode, faults.latency, faults.error_rate, faults.scope) == (
        "timeout",
        1.5,
        0.5,
        "commands",
    )
    result = cli.invoke(args=["drive", "faults", "--clear"])
    assert "mode=ok" in result.output
    assert cli.invoke(args=["drive", "faults", "--mode", "explode"]).exit_code != 0


def test_fleet_state_and_reset_commands(drive_app: Flask) -> None:
    cli = drive_app.test_cli_runner()
    result = cli.invoke(args=["drive", "fleet", "--broken", "--limit", "3"])
    assert result.exit_code == 0
    assert "0421" in result.output and "не горит фара" in result.output
    assert '"lock_open": false' in cli.invoke(args=["drive", "state", "0421"]).output
    assert cli.invoke(args=["drive", "state", "9999"]).exit_code != 0
    assert "reset" in cli.invoke(args=["drive", "reset"]).output


def test_serve_command(drive_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *a, **k: calls.append((a, k)))
    result = drive_app.test_cli_runner().invoke(args=["drive", "serve", "--port", "5099"])
    assert result.exit_code == 0, result.output
    ((args, kwargs),) = calls
    assert args[:2] == ("127.0.0.1", 5099)
    assert isinstance(args[2], SimulatorApp)
    assert kwargs["threaded"] is True
