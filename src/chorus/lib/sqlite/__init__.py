"""Django's SQLite backend, with writers that take their turn promptly (see `base`)."""
