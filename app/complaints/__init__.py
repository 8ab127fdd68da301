"""Complaints about scooters: filed by people and services, imported from Drive's `broken`
tags, linked to the jobs that address them, resolved or rejected.

Three moments other features may want to hear of each go through one function of
`app/complaints/hooks.py`: a complaint filed (or imported), resolved or rejected.
"""
