"""Performance at fleet scale: a data generator (`flask perf generate`) and a benchmark
(`scripts/benchmark`, `python -m app.perf.benchmark`). See docs/PERFORMANCE.md."""
