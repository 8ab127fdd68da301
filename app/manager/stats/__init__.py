"""Statistics for a period and a warehouse: SQL aggregates, precomputed reports, the page."""
