"""Drive, the fleet backend: its client, typed errors, circuit breaker and built-in simulator.

Nothing outside this package talks HTTP to Drive or knows its field names.
"""

from __future__ import annotations

import requests
from flask import Flask, current_app

from .answers import DERIVED_TAG_PREFIX, BrokenComplaint, Car, CommandResult
from .breaker import CircuitBreaker
from .client import ACTIONS, DriveClient
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
    "DERIVED_TAG_PREFIX",
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

    Config (defaults in app/settings): DRIVE_URL (None: the built-in simulator, in-process),
    DRIVE_TOKEN, DRIVE_READ_TIMEOUT, DRIVE_COMMAND_TIMEOUT, DRIVE_CONNECT_TIMEOUT,
    DRIVE_BREAKER_FAILURES, DRIVE_BREAKER_RESET_AFTER, DRIVE_MAX_IN_FLIGHT,
    DRIVE_SIMULATOR_PATH (the simulator's state file).
    """
    config = app.config
    token = config["DRIVE_TOKEN"]
    path = config["DRIVE_SIMULATOR_PATH"]
    # The simulator exists even with DRIVE_URL set, so that `flask drive serve` / `faults`
    # work on the same state file; it touches the file only when used.
    simulator = Simulator(path, token=token)
    session = requests.Session()
    base_url = config["DRIVE_URL"]
    if base_url is None:
        base_url = SIMULATOR_BASE_URL
        session.mount(SIMULATOR_BASE_URL, SimulatorAdapter(simulator))
    client = DriveClient(
        base_url,
        token=token,
        read_timeout=config["DRIVE_READ_TIMEOUT"],
        command_timeout=config["DRIVE_COMMAND_TIMEOUT"],
        connect_timeout=config["DRIVE_CONNECT_TIMEOUT"],
        session=session,
        breaker=CircuitBreaker(
            config["DRIVE_BREAKER_FAILURES"], config["DRIVE_BREAKER_RESET_AFTER"]
        ),
        max_in_flight=config["DRIVE_MAX_IN_FLIGHT"],
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
