"""Tools for working on the app from a checkout, shared by the test suite and the benchmark
(`bench/`). Not part of the app: the wheel installs `app` only (pyproject.toml)."""
