"""docscreen.reports."""
