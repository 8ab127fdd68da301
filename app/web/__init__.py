"""What every page area (tablet, manager, admin) shares, written once.

- `htmx`: one URL answers htmx with a fragment and a browser with a page or a redirect;
- `access`: the managers-only guard of the manager and admin areas;
- `formatting`: statuses, outcomes, durations, km and numbers in the user's language;
- `messages`: the sentence a person reads when a service refuses;
- `cursors`: keyset paging of lists ordered newest first.
"""
