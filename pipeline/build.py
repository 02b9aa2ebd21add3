"""`nkfigures build`: ingest every dump, extract figures, publish a dataset version.

I/O at the edges, pure stages in between: under the output folder's build lock, the dumps are
described and hashed (`export.sources`), parsed and extracted through the build cache
(`export.cache`: only new or changed text is processed), turned into typed tables
(`export.tables`), compared with the previous version (`export.changes`), described
(`export.datapackage`, `export.citation`) and published atomically (`export.publish`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.export import catalog, changes, citation, datapackage
from pipeline.export import publish as publishing
from pipeline.export import sources as sourcing
from pipeline.export.cache import BuildCache, ExtractStats
from pipeline.export.errors import UserError
from pipeline.export.extractor import Extractor
from pipeline.export.lock import BuildLock
from pipeline.export.schema import TABLES
from pipeline.export.tables import finish, ingest_rows, to_arrow
from pipeline.export.version import content_hash, pipeline_version, version_name
from pipeline.ingest import run as ingest
from pipeline.ingest.records import FileReport

__all__ = ["BuildResult", "UserError", "run"]


@dataclass
class BuildResult:
    version: str
    folder: Path
    reports: list[FileReport]
    rows: dict[str, int]
    reused: bool = False
    previous: str | None = None
    stats: ExtractStats | None = None
    messages: list[str] = field(default_factory=list)


def check_paths(raw: Path, out: Path) -> list[Path]:
    if not raw.exists():
        raise UserError(f"raw folder not found: {raw}")
    if not raw.is_dir():
        raise UserError(f"raw path is not a folder: {raw}")
    dumps = ingest.find_dumps(raw)
    if not dumps:
        raise UserError(f"no *.txt dumps under {raw}")
    if out.exists() and not out.is_dir():
        raise UserError(f"output path is not a folder: {out}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-probe"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise UserError(f"cannot write to output folder {out}: {error.strerror}") from None
    return dumps


def table_parts(tables: dict, old_tables: dict | None) -> dict[str, tuple[bytes, dict]]:
    """Per table: its Parquet bytes and its changes since the previous version."""
    return {
        name: (publishing.parquet_bytes(table), changes.compare_table(name, (old_tables or {}).get(name), table))
        for name, table in tables.items()
    }


def version_files(version: str, previous: str | None, parts: dict, sources) -> dict[str, bytes]:
    """Every file of a version folder, as bytes: Parquet tables, then the files describing them."""
    files = {f"{name}.parquet": parts[name][0] for name in TABLES}
    descriptor = datapackage.build(version, pipeline_version(), sources, files)
    diff = changes.document(previous, version, {name: parts[name][1] for name in TABLES})
    files["datapackage.json"] = datapackage.to_bytes(descriptor)
    files["CITATION.cff"] = citation.cff(version).encode()
    files["CHANGES.md"] = changes.to_markdown(diff).encode()
    files["changes.json"] = changes.to_json(diff)
    return files


def run(raw: Path, out: Path, progress=None, wait: float = 0.0, workers: int | None = None,
        extractor: Extractor | None = None) -> BuildResult:
    """Build and publish the version of the dumps under `raw` into `out` (a no-op if published).

    `wait` is how long to wait for another build holding `out`'s lock before giving up;
    `extractor` is an extraction helper already started by the caller (else one is started here).
    """
    dumps = check_paths(raw, out)
    with BuildLock(out, wait=wait) as lock:
        messages = list(lock.messages)
        removed = publishing.clean_stale_temporaries(out)
        if removed:
            messages.append(f"removed {len(removed)} temporary file(s) left by an interrupted build")
        return _build(raw, out, dumps, progress, workers, messages, extractor)


def _build(raw, out, dumps, progress, workers, messages, started: Extractor | None = None) -> BuildResult:
    sources = sourcing.describe(raw, dumps)
    digest = content_hash(sources)
    previous = catalog.latest(out)
    with BuildCache(out) as cache:
        published = catalog.with_digest(out, digest)
        if published:  # same inputs and code: the version is already there, nothing to rebuild
            result = cache.ingest(sources, progress=progress)  # (cached) for the per-file report
            publishing.set_latest(out, published)
            rows = catalog.row_counts(out, published)
            return BuildResult(published, out / published, result.reports, rows, True, previous, None, messages)
        reading = ThreadPoolExecutor(max_workers=1)  # the previous version, read while the cache is
        old_read = reading.submit(catalog.read_tables, out, previous) if previous else None  # (Arrow I/O frees the GIL)
        with started or Extractor(workers) as extractor:  # loads spaCy while the cache is read
            result = cache.ingest(sources, progress=progress)
            dates = [s.segment_date for s in result.segments if s.segment_date]
            version = version_name(max(dates, default=None), digest)
            extraction = cache.extract(result.segments, extractor)  # runs while the rest is assembled
            metadata = {"dataset_version": version, "pipeline_version": pipeline_version()}
            tables = {name: to_arrow(name, rows, metadata) for name, rows in ingest_rows(result).items()}
            old_tables = old_read.result() if old_read else None
            reading.shutdown()
            parts = table_parts(tables, old_tables)
            figures, stats = extraction.result()
        tables["figures"] = finish("figures", figures, metadata)
        parts.update(table_parts({"figures": tables["figures"]}, old_tables))
        files = version_files(version, previous, parts, sources)
        publishing.publish(out, version, files)
        cache.prune()
    counts = {name: table.num_rows for name, table in tables.items()}
    return BuildResult(version, out / version, result.reports, counts, False, previous, stats, messages)
