"""The extraction stage: segments into figure rows, on all cores.

`run(segments)` sends segment texts through the spaCy pipeline (`nlp.build_nlp`) and decides
figures with `figures.extract_segment`; large inputs are split across worker processes.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from pipeline.extract.figures import SegmentContext, extract_segment, figure_id
from pipeline.extract.nlp import build_nlp

PARALLEL_MIN_CHARS = 2_000_000  # below this, one process is faster than starting workers
BATCH = 200


def contexts_of(segments) -> list[SegmentContext]:
    return [SegmentContext(s.segment_id, s.post_id, s.text, s.segment_date, s.outlet) for s in segments]


def extract_contexts(contexts: list[SegmentContext]) -> list[list[dict]]:
    """Figure rows per segment, in order (one process)."""
    nlp = build_nlp()
    results = []
    for context, doc in zip(contexts, nlp.pipe((c.text for c in contexts), batch_size=BATCH)):
        results.append(extract_segment(doc, context))
    return results


def _chunks(items: list, count: int) -> list[list]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def extract_all(contexts: list[SegmentContext], workers: int | None = None) -> list[list[dict]]:
    """Figure rows per segment, using `workers` processes for large inputs."""
    workers = workers or os.cpu_count() or 1
    total = sum(len(c.text) for c in contexts)
    if workers <= 1 or total < PARALLEL_MIN_CHARS:
        return extract_contexts(contexts)
    chunks = _chunks(contexts, workers * 4)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(extract_contexts, chunks))
    return [rows for part in parts for rows in part]


def with_ids(rows: list[dict]) -> list[dict]:
    """Rows with their stable `figure_id`, offsets made relative to the segment text."""
    for row in rows:
        row["figure_id"] = figure_id(row["segment_id"], row["char_start"], row["surface"])
    return rows


def run(segments, workers: int | None = None) -> list[dict]:
    """Figure rows for all segments."""
    per_segment = extract_all(contexts_of(segments), workers)
    return with_ids([row for rows in per_segment for row in rows])
