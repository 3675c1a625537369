"""Bytes to structured documents: readers per format, then format-independent analysis stages."""
