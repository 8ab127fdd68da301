"""Shifts: our own stand-in for the operator's shift service, behind these functions."""
