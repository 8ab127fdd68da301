"""Which code the benchmark serves: the working tree, or a snapshot of a commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from devtools.server import ROOT


def snapshot(ref: str, into: Path) -> Path:
    """The code of git commit `ref`, extracted into `into` (others may be editing the tree)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def describe(ref: str) -> str:
    """Which code was served: a commit, or the working tree on top of one."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", ref or "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if ref:
        return f"commit {commit} (--ref {ref})"
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return f"working tree at {commit}" + (" with uncommitted changes" if dirty else "")
