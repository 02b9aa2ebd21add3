"""Stage records to Arrow tables typed by the metadata registry, rows in primary-key order."""

from __future__ import annotations

from dataclasses import asdict

import pyarrow as pa

from pipeline.export.schema import TABLES
from pipeline.ingest.run import IngestResult


def to_arrow(name: str, rows: list[dict], metadata: dict[str, str] | None = None) -> pa.Table:
    """An Arrow table for registry table `name` from dict rows, sorted by its primary key."""
    table = TABLES[name]
    key = table.primary_key
    rows = sorted(rows, key=lambda row: tuple((row[k] is None, row[k]) for k in key))
    columns = {c.name: [row.get(c.name) for row in rows] for c in table.columns}
    return pa.Table.from_pydict(columns, schema=table.arrow_schema(metadata))


def ingest_rows(result: IngestResult) -> dict[str, list[dict]]:
    """Rows of the four ingest tables."""
    posts, segments, citations = [], [], []
    for post in result.posts:
        row = asdict(post)
        row.pop("segments")
        posts.append(row)
        for segment in post.segments:
            row = asdict(segment)
            row.pop("citations")
            segments.append(row)
            citations.extend(asdict(c) for c in segment.citations)
    rejects = [asdict(r) for r in result.rejects]
    return {"posts": posts, "segments": segments, "citations": citations, "rejects": rejects}
