"""Stage records to Arrow tables typed by the metadata registry, rows in primary-key order."""

from __future__ import annotations

import pyarrow as pa

from pipeline.export.schema import TABLES
from pipeline.ingest.run import IngestResult


def finish(name: str, data: pa.Table, metadata: dict[str, str] | None = None) -> pa.Table:
    """`data` with exactly registry table `name`'s columns, schema and metadata, sorted by its key.

    Primary keys are required columns, so there are no nulls to place; Arrow compares strings by
    their UTF-8 bytes, which is code point order, so the order is Python's.
    """
    table = TABLES[name]
    data = data.select([c.name for c in table.columns]).cast(table.arrow_schema(metadata))
    return data.sort_by([(k, "ascending") for k in table.primary_key])


def from_rows(name: str, rows: list[dict]) -> pa.Table:
    """Dict rows as an Arrow table with registry table `name`'s columns and types, in row order."""
    table = TABLES[name]
    columns = {c.name: [row.get(c.name) for row in rows] for c in table.columns}
    return pa.Table.from_pydict(columns, schema=table.arrow_schema())


def to_arrow(name: str, rows: list[dict], metadata: dict[str, str] | None = None) -> pa.Table:
    """An Arrow table for registry table `name` from dict rows, sorted by its primary key."""
    return finish(name, from_rows(name, rows), metadata)


def _row(record) -> dict:
    """A record's fields as a dict, without copying values (`asdict` deep-copies everything)."""
    return dict(vars(record))  # the records are plain dataclasses: their fields are their attributes


def ingest_rows(result: IngestResult) -> dict[str, list[dict]]:
    """Rows of the four ingest tables."""
    posts, segments, citations = [], [], []
    for post in result.posts:
        row = _row(post)
        row.pop("segments")
        row["categories"] = list(row["categories"])
        posts.append(row)
        for segment in post.segments:
            row = _row(segment)
            row.pop("citations")
            segments.append(row)
            citations.extend(_row(c) for c in segment.citations)
    rejects = [_row(r) for r in result.rejects]
    return {"posts": posts, "segments": segments, "citations": citations, "rejects": rejects}
