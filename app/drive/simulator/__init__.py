"""The built-in Drive simulator: demo fleet, shared state, WSGI app and transport adapter."""

from .engine import ACTIONS, Plan, Simulator
from .fleet import Finding, Fleet, Scooter, Tag, generate_fleet
from .store import MODES, SCOPES, Faults, ScooterState, StateStore
from .transport import SimulatorAdapter
from .wsgi import CONTROL_PATH, DETAILS_PATH, SimulatorApp

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
    "Tag",
    "generate_fleet",
]
