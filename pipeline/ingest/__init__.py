"""Ingest stage: archive dumps into posts, dated segments, citations and rejects (see `run`)."""
