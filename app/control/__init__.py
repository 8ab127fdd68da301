"""Control commands sent to scooters, and their audit log."""
