"""docscreen.checkers."""
