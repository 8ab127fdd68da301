"""The history of repairs: every repair, filtered and paged by key; CSV exports."""
