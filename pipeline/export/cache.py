"""The build cache under `output/.cache/`: what a rerun on new dumps does not need to redo.

Two kinds of entries, both namespaced by the code digest (pipeline version, lexicons, output
libraries), so a result is only reused by the code that made it:

- the parse of one dump, keyed by its name and the sha256 of its bytes and sidecar;
- the figure rows of one segment, keyed by a hash of everything the extractor is given (segment
  and post id, text, segment date, outlet), so a cached result is exactly what a fresh extraction
  would return and the figure ids of unchanged segments never move.

A rerun therefore parses and extracts only new or changed text, and its time grows with that text,
not with the archive. Figure rows are kept as Arrow tables, one batch per build that extracted
something, so a rerun reads tens of thousands of cached rows in milliseconds; the extraction itself
runs in `extractor.Extractor`. The store is SQLite: each build's entries are one
transaction, so a build killed at any moment leaves the cache consistent. Dump parses are pickles
of the pipeline's own records: the cache is private to the build, and deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.export.extractor import Extractor
from pipeline.export.tables import from_rows
from pipeline.export.version import code_digest
from pipeline.ingest import run as ingest

CACHE_DIR = ".cache"
DATABASE = "build.sqlite"
CONTENT = "content_key"  # the column tying cached figure rows to their segment's content hash
COMPACT_AFTER = 32  # batches of figure rows before they are merged into one
SCHEMA = """
CREATE TABLE IF NOT EXISTS dumps (code TEXT NOT NULL, key TEXT NOT NULL, report BLOB NOT NULL, PRIMARY KEY (code, key));
CREATE TABLE IF NOT EXISTS extracted (code TEXT NOT NULL, content TEXT NOT NULL, PRIMARY KEY (code, content));
CREATE TABLE IF NOT EXISTS batches (code TEXT NOT NULL, batch INTEGER PRIMARY KEY AUTOINCREMENT, rows BLOB NOT NULL);
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
    """sha256 of the parts, each told apart from the next (and None from the text "None")."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\x00" if part is None else b"\x01" + str(part).encode() + b"\xff")
    return digest.hexdigest()


def segment_content(segment) -> str:
    """Hash of every input the extractor sees for a segment (see `extract.run.contexts_of`)."""
    return _digest(segment.segment_id, segment.post_id, segment.text, segment.segment_date, segment.outlet)


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class ExtractJob:
    """The extraction of a build's cache misses, under way in the `Extractor` while the build
    assembles the other tables. `result()` waits for it, stores the new rows in the cache and
    returns the figure rows of every segment of the build, cached or new."""

    def __init__(self, cache: "BuildCache", misses, cached: pa.Table, seen: list[tuple[str, str]], stats, extractor):
        self._cache, self._misses, self._cached, self._seen, self.stats = cache, misses, cached, seen, stats
        self._extractor = extractor

    def result(self) -> tuple[pa.Table, ExtractStats]:
        if not self._misses:
            self._cache.store(None, [], self._seen)
            return self._cached, self.stats
        per_segment = self._extractor.result()
        rows = [row for found in per_segment for row in found]
        contents = [segment_content(s) for s, found in zip(self._misses, per_segment) for _ in found]
        fresh = from_rows("figures", rows).append_column(CONTENT, pa.array(contents, pa.string()))
        self._cache.store(fresh, [segment_content(s) for s in self._misses], self._seen)
        return pa.concat_tables([self._cached, fresh]), self.stats


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

    def prune(self) -> None:
        """Drop what other code made (it can never be reused) and merge many small batches."""
        with self.db:
            removed = sum(
                self.db.execute(f"DELETE FROM {table} WHERE code != ?", [self.code]).rowcount
                for table in ("dumps", "extracted", "batches")
            )
            (count,) = self.db.execute("SELECT COUNT(*) FROM batches WHERE code = ?", [self.code]).fetchone()
            if count > COMPACT_AFTER:
                batches = self.db.execute("SELECT rows FROM batches WHERE code = ?", [self.code]).fetchall()
                merged = pa.concat_tables([_from_ipc(rows) for (rows,) in batches])
                self.db.execute("DELETE FROM batches WHERE code = ?", [self.code])
                self.db.execute("INSERT INTO batches (code, rows) VALUES (?, ?)", [self.code, _ipc(merged)])
        if removed:
            self.db.execute("VACUUM")

    # -- ingest -------------------------------------------------------------------------------

    def ingest(self, sources, progress=None) -> ingest.IngestResult:
        """`pipeline.ingest.run.run` over `sources`, parsing only dumps not parsed before.

        Mirrors that function step by step (a test checks both give the same rows): it only swaps
        `ingest_file` for a cache lookup.
        """
        keys = {s.name: _digest(s.name, s.sha256, s.sidecar_sha256) for s in sources}
        query = "SELECT key, report FROM dumps WHERE code = ? AND key"
        cached = {key: pickle.loads(report) for key, report in self._select(query, list(keys.values()), self.code)}
        result = ingest.IngestResult()
        posts, fresh = [], []
        for source in sources:
            key = keys[source.name]
            report = cached.get(key)
            if report is None:
                report = ingest.ingest_file(source.path, source.name)
                fresh.append((self.code, key, pickle.dumps(report, protocol=5)))  # before ids are assigned
            result.reports.append(report)
            posts.extend(report.posts)
            result.rejects.extend(report.rejects)
            if progress:
                progress(source.path)
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO dumps (code, key, report) VALUES (?, ?, ?)", fresh)
        for post in posts:
            ingest.assign_ids(post)
        retrieved = {s.name: s.retrieved for s in sources if s.retrieved}
        result.posts = ingest.merge_posts(posts, retrieved)
        return result

    # -- extraction ---------------------------------------------------------------------------

    def _select(self, query: str, values: list[str], *params) -> list[tuple]:
        """`query` ending in `... column` completed with `IN (values)`, in chunks SQLite accepts."""
        rows = []
        for chunk in _chunks(values):
            rows += self.db.execute(f"{query} IN ({','.join('?' * len(chunk))})", [*params, *chunk]).fetchall()
        return rows

    def extract(self, segments, extractor: Extractor | None = None) -> ExtractJob:
        """Start extracting (in `extractor`, else here) the segments whose content this code has
        not extracted before, and read the cached rows of the others meanwhile.

        `.result()` of the returned job gives the figure rows (with ids, and a `content_key`
        column) of all `segments`, and how many were new, changed and reused.
        """
        contents = [segment_content(s) for s in segments]
        hits = {c for (c,) in self._select("SELECT content FROM extracted WHERE code = ? AND content", contents, self.code)}
        previous = dict(self.db.execute("SELECT segment_id, content FROM seen"))
        stats, misses = ExtractStats(), []
        for segment, content in zip(segments, contents):
            if content in hits:
                stats.reused += 1
                continue
            misses.append(segment)
            before = previous.get(segment.segment_id)
            if before is None:
                stats.new += 1
            elif before != content:
                stats.changed += 1
            else:
                stats.recomputed += 1
        extractor = extractor or Extractor(spawn=False)
        if misses:
            extractor.submit(misses)
        seen = [(s.segment_id, c) for s, c in zip(segments, contents) if previous.get(s.segment_id) != c]
        return ExtractJob(self, misses, self._rows_of(hits), seen, stats, extractor)

    def _rows_of(self, contents: set[str]) -> pa.Table:
        """The cached figure rows of the segments with these content keys."""
        batches = [_from_ipc(rows) for (rows,) in self.db.execute("SELECT rows FROM batches WHERE code = ?", [self.code])]
        if not batches:
            return from_rows("figures", []).append_column(CONTENT, pa.array([], pa.string()))
        stored = pa.concat_tables(batches)
        wanted = pc.is_in(stored.column(CONTENT), value_set=pa.array(sorted(contents), pa.string()))
        return stored if pc.all(wanted).as_py() is not False else stored.filter(wanted)  # (filter copies)

    def store(self, fresh: pa.Table | None, contents: list[str], seen: list[tuple[str, str]]) -> None:
        """Keep the `fresh` rows, extracted from segments with these content keys, in one
        transaction, with the segment ids whose content is new or changed."""
        with self.db:
            if fresh is not None:
                self.db.execute("INSERT INTO batches (code, rows) VALUES (?, ?)", [self.code, _ipc(fresh)])
                self.db.executemany("INSERT OR REPLACE INTO extracted (code, content) VALUES (?, ?)",
                                    [(self.code, content) for content in contents])
            self.db.executemany("INSERT OR REPLACE INTO seen (segment_id, content) VALUES (?, ?)", seen)
