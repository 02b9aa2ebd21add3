"""Extraction stage: segment texts into statistical figures (see `run`)."""
