"""Repairs performing now, and ending one a repairer forgot to finish."""
