"""Drive, the fleet backend: its client, typed errors, circuit breaker and built-in simulator.

Nothing outside this package talks HTTP to Drive or knows its field names.
"""

from __future__ import annotations

import os

import requests
from flask import Flask, current_app

from .breaker import CircuitBreaker
from .client import ACTIONS, BrokenComplaint, Car, CommandResult, DriveClient
from .errors import (
    DriveBadResponse,
    DriveBusy,
    DriveError,
    DriveNotFound,
    DriveRefused,
    DriveTimeout,
    DriveUnavailable,
)
from .simulator import Simulator, SimulatorAdapter
from .simulator.cli import SIMULATOR_EXTENSION, drive_cli

SIMULATOR_BASE_URL = "http://drive-simulator.invalid"
EXTENSION = "drive"

__all__ = [
    "ACTIONS",
    "SIMULATOR_BASE_URL",
    "BrokenComplaint",
    "Car",
    "CircuitBreaker",
    "CommandResult",
    "DriveBadResponse",
    "DriveBusy",
    "DriveClient",
    "DriveError",
    "DriveNotFound",
    "DriveRefused",
    "DriveTimeout",
    "DriveUnavailable",
    "Simulator",
    "get_drive",
    "init_app",
    "simulator_for",
]


def init_app(app: Flask) -> DriveClient:
    """Build the app's DriveClient from its config and register the ``drive`` CLI group.

    Config: DRIVE_URL (unset/empty: the built-in simulator, in-process), DRIVE_TOKEN,
    DRIVE_READ_TIMEOUT (3), DRIVE_COMMAND_TIMEOUT (10), DRIVE_CONNECT_TIMEOUT (2),
    DRIVE_BREAKER_FAILURES (5), DRIVE_BREAKER_RESET_AFTER (15 s), DRIVE_MAX_IN_FLIGHT (2 calls
    per worker process), DRIVE_SIMULATOR_PATH (the simulator's state file; default
    ``<instance>/drive-simulator.sqlite3``).
    """
    config = app.config
    token = config.get("DRIVE_TOKEN") or None
    path = config.get("DRIVE_SIMULATOR_PATH") or os.path.join(
        app.instance_path, "drive-simulator.sqlite3"
    )
    # The simulator exists even with DRIVE_URL set, so that `flask drive serve` / `faults`
    # work on the same state file; it touches the file only when used.
    simulator = Simulator(path, token=token)
    session = requests.Session()
    base_url = config.get("DRIVE_URL") or None
    if base_url is None:
        base_url = SIMULATOR_BASE_URL
        session.mount(SIMULATOR_BASE_URL, SimulatorAdapter(simulator))
    client = DriveClient(
        base_url,
        token=token,
        read_timeout=float(config.get("DRIVE_READ_TIMEOUT") or 3.0),
        command_timeout=float(config.get("DRIVE_COMMAND_TIMEOUT") or 10.0),
        connect_timeout=float(config.get("DRIVE_CONNECT_TIMEOUT") or 2.0),
        session=session,
        breaker=CircuitBreaker(
            int(config.get("DRIVE_BREAKER_FAILURES") or 5),
            float(config.get("DRIVE_BREAKER_RESET_AFTER") or 15.0),
        ),
        max_in_flight=int(config.get("DRIVE_MAX_IN_FLIGHT") or 2),
    )
    app.extensions[EXTENSION] = client
    app.extensions[SIMULATOR_EXTENSION] = simulator
    if "drive" not in app.cli.commands:
        app.cli.add_command(drive_cli)
    return client


def get_drive() -> DriveClient:
    """The current app's DriveClient."""
    return current_app.extensions[EXTENSION]


def simulator_for(app: Flask | None = None) -> Simulator:
    """The simulator bound to ``app`` (default: the current app), for tests, demos and the CLI."""
    return (app or current_app).extensions[SIMULATOR_EXTENSION]
