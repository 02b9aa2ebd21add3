"""The build cache under `output/.cache/`: what a rerun on new dumps does not need to redo.

Two kinds of entries, both namespaced by the code digest (pipeline version, lexicons, output
libraries), so a result is only reused by the code that made it:

- `ingest`: the parse of one dump, keyed by its name and the sha256 of its bytes and sidecar;
- `figures`: the figure rows of one segment, keyed by a hash of everything the extractor is given
  (segment and post id, text, segment date, outlet), so a cached result is exactly what a fresh
  extraction would return and figure ids of unchanged segments never move.

A rerun therefore parses and extracts only new or changed text, and its time grows with that text,
not with the archive. The store is SQLite: each batch of entries is one transaction, so a build
killed at any moment leaves the cache consistent. Values are pickles of the pipeline's own records;
the cache is private to the build (never read from elsewhere) and deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.export.version import code_digest
from pipeline.extract import run as extract
from pipeline.ingest import run as ingest

CACHE_DIR = ".cache"
DATABASE = "build.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    code TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (code, kind, key)
);
CREATE TABLE IF NOT EXISTS seen (segment_id TEXT PRIMARY KEY, content TEXT NOT NULL);
"""


@dataclass
class ExtractStats:
    """How the segments of a build were obtained."""

    new: int = 0  # segment id never extracted before
    changed: int = 0  # segment id seen before with other text, date or outlet
    recomputed: int = 0  # same content, but extracted by other code (a new pipeline version)
    reused: int = 0  # taken from the cache

    @property
    def extracted(self) -> int:
        return self.new + self.changed + self.recomputed

    def summary(self) -> str:
        text = f"segments: {self.new} new, {self.changed} changed, {self.reused} reused"
        if self.recomputed:
            text += f", {self.recomputed} re-extracted for a new pipeline version"
        return text + f" ({self.extracted} extracted)"


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def segment_content(context) -> str:
    """Hash of every input `extract_segment` sees for a segment (independent of the code)."""
    date = context.segment_date.isoformat() if context.segment_date else None
    return _digest(context.segment_id, context.post_id, context.text, date, context.outlet)


class BuildCache:
    """The cache of one output folder; use as a context manager (only while holding the build lock)."""

    def __init__(self, out: Path, code: str | None = None):
        folder = out / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.code = code or code_digest()
        self.db = sqlite3.connect(folder / DATABASE)
        self.db.executescript(SCHEMA)

    def __enter__(self) -> "BuildCache":
        return self

    def __exit__(self, *_exc) -> None:
        self.db.close()

    # -- storage ---------------------------------------------------------------------------

    def _get_many(self, kind: str, keys: list[str]) -> dict[str, object]:
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM entries WHERE code = ? AND kind = ? AND key IN ({marks})"
            for key, value in self.db.execute(query, [self.code, kind, *chunk]):
                found[key] = pickle.loads(value)
        return found

    def _put_many(self, kind: str, items: dict[str, object]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO entries (code, kind, key, value) VALUES (?, ?, ?, ?)",
                [(self.code, kind, key, pickle.dumps(value, protocol=5)) for key, value in items.items()],
            )

    def prune(self) -> int:
        """Drop entries made by other code: they can never be reused. Returns how many went."""
        with self.db:
            removed = self.db.execute("DELETE FROM entries WHERE code != ?", [self.code]).rowcount
        if removed:
            self.db.execute("VACUUM")
        return removed

    # -- stages ----------------------------------------------------------------------------

    def ingest(self, sources, progress=None) -> ingest.IngestResult:
        """`pipeline.ingest.run.run` over `sources`, parsing only dumps not parsed before.

        Mirrors that function step by step (a test checks both give the same rows): it only swaps
        `ingest_file` for a cache lookup.
        """
        keys = {s.name: _digest(s.name, s.sha256, s.sidecar_sha256) for s in sources}
        cached = self._get_many("ingest", list(keys.values()))
        result = ingest.IngestResult()
        posts = []
        fresh = {}
        for source in sources:
            key = keys[source.name]
            report = cached.get(key)
            if report is None:
                report = ingest.ingest_file(source.path, source.name)
                fresh[key] = report
            result.reports.append(report)
            posts.extend(report.posts)
            result.rejects.extend(report.rejects)
            if progress:
                progress(source.path)
        self._put_many("ingest", fresh)  # pickled now, before ids are assigned below
        for post in posts:
            ingest.assign_ids(post)
        retrieved = {s.name: s.retrieved for s in sources if s.retrieved}
        result.posts = ingest.merge_posts(posts, retrieved)
        return result

    def extract(self, segments, workers: int | None = None) -> tuple[list[dict], ExtractStats]:
        """Figure rows (with ids) for `segments`, extracting only segments not in the cache."""
        contexts = extract.contexts_of(segments)
        contents = [segment_content(c) for c in contexts]
        cached = self._get_many("figures", contents)
        previous = self._seen([c.segment_id for c in contexts])
        stats = ExtractStats()
        misses = []
        for context, content in zip(contexts, contents):
            if content in cached:
                stats.reused += 1
                continue
            misses.append((context, content))
            before = previous.get(context.segment_id)
            if before is None:
                stats.new += 1
            elif before != content:
                stats.changed += 1
            else:
                stats.recomputed += 1
        if misses:
            results = extract.extract_all([context for context, _ in misses], workers)
            fresh = {content: rows for (_, content), rows in zip(misses, results)}
            self._put_many("figures", fresh)
            cached.update(fresh)
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO seen (segment_id, content) VALUES (?, ?)",
                [(c.segment_id, content) for c, content in zip(contexts, contents)],
            )
        rows = [row for content in contents for row in cached[content]]
        return extract.with_ids(rows), stats

    def _seen(self, segment_ids: list[str]) -> dict[str, str]:
        found = {}
        for start in range(0, len(segment_ids), 500):
            chunk = segment_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT segment_id, content FROM seen WHERE segment_id IN ({marks})"
            found.update(self.db.execute(query, chunk))
        return found
