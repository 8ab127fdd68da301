"""`python -m app.settings [NAME...]`: check every setting (one line per bad value, exit 4),
then print `NAME=value` lines for the shell; scripts/serve evaluates them for gunicorn."""

from __future__ import annotations

import os
import shlex
import sys

from app.settings import BY_ENV, check, exit_on_bad_value


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in BY_ENV]
    if unknown:
        sys.exit(f"not a setting: {', '.join(unknown)}")
    with exit_on_bad_value():
        values = check(os.environ)
    for name in names:
        print(f"{name}={shlex.quote(str(values[BY_ENV[name].config_key]))}")


main(sys.argv[1:])
