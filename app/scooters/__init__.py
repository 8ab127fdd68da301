"""Scooters as repairers see them: Drive's live data joined with our repair records."""
