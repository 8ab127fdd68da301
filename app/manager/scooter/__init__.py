"""One scooter's page: what we know of it, and its repairs."""
