"""`nkfigures build`: ingest every dump, extract figures, publish a dataset version.

Pure stages in between, I/O at the edges: `ingest.run` reads the dumps, `extract.run` turns
segments into figure rows, `export` writes the version folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.export import publish as publishing
from pipeline.export.schema import TABLES
from pipeline.export.tables import ingest_rows, to_arrow
from pipeline.export.version import content_hash, pipeline_version, version_name
from pipeline.extract import run as extract
from pipeline.ingest import run as ingest
from pipeline.ingest.records import FileReport


class UserError(Exception):
    """A mistake in how the command was called; printed as one line, exit status 2."""


@dataclass
class BuildResult:
    version: str
    folder: Path
    reports: list[FileReport]
    rows: dict[str, int]
    reused: bool = False
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


def run(raw: Path, out: Path, progress=None) -> BuildResult:
    dumps = check_paths(raw, out)
    digest = content_hash(dumps)
    result = ingest.run(raw, progress=progress)
    rows = ingest_rows(result)
    rows["figures"] = extract.run(result.segments)
    dates = [s.segment_date for s in result.segments if s.segment_date]
    version = version_name(max(dates, default=None), digest)
    folder = out / version
    if folder.exists():
        publishing.set_latest(out, version)
        return BuildResult(version, folder, result.reports, {k: len(v) for k, v in rows.items()}, reused=True)
    metadata = {"dataset_version": version, "pipeline_version": pipeline_version()}
    files = {f"{name}.parquet": to_arrow(name, rows[name], metadata) for name in TABLES}
    publishing.publish(out, version, files)
    return BuildResult(version, folder, result.reports, {k: len(v) for k, v in rows.items()})
