"""Demo data for first runs: warehouses, people and weeks of plausible repair history."""
