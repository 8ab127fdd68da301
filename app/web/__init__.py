"""What every page area (tablet, manager, admin) shares, written once: htmx answers,
formatting in the user's language, and the sentences people read when a service refuses."""
