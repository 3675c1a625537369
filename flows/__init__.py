"""docscreen.flows."""
