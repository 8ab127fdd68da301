"""Repairs and their jobs: the work-order rules, shared by the JSON API and the pages."""
