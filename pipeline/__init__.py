"""North Korean Economy Watch figures: archive dumps in, tidy documented tables out.

Stages live in subpackages: `ingest` (dumps -> posts, segments, citations, rejects),
`extract` (segments -> figures) and `export` (tables -> a versioned dataset folder).
"""

__version__ = "0.1.0"
