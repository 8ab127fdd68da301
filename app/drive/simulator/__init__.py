"""The built-in Drive simulator: demo fleet, shared state, WSGI app and transport adapter."""

from .engine import ACTIONS, Plan, Simulator
from .fleet import Finding, Fleet, Scooter, Tag, generate_fleet
from .store import MODES, SCOPES, Faults, ScooterState, StateStore
from .tags import TagWrite
from .transport import SimulatorAdapter
from .wsgi import CONTROL_PATH, DETAILS_PATH, TAG_ADD_PATH, TAG_REMOVE_PATH, SimulatorApp

__all__ = [
    "ACTIONS",
    "CONTROL_PATH",
    "DETAILS_PATH",
    "MODES",
    "SCOPES",
    "Faults",
    "Finding",
    "Fleet",
    "Plan",
    "Scooter",
    "ScooterState",
    "Simulator",
    "SimulatorAdapter",
    "SimulatorApp",
    "StateStore",
    "TAG_ADD_PATH",
    "TAG_REMOVE_PATH",
    "Tag",
    "TagWrite",
    "generate_fleet",
]
