"""Performance at fleet scale, outside the app: a data generator (`python -m bench generate`)
and a benchmark (`scripts/benchmark`, `python -m bench run`). See docs/PERFORMANCE.md."""
