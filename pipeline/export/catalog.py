"""Reading an output folder: its published versions, which one is `latest`, and their tables.

Only folders named like a version (`YYYY-MM-DD-<10 hex>`) count: temporaries of a build in
progress (or a killed one) start with a dot and are never listed, so nothing partial is visible.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.export.errors import UserError
from pipeline.export.schema import TABLES
from pipeline.export.version import VERSION_PATTERN, version_date

LATEST = "latest"


@dataclass(frozen=True)
class VersionInfo:
    name: str
    date: str
    rows: dict[str, int]
    is_latest: bool


def versions(out: Path) -> list[str]:
    """Published version names, oldest first (by date, then name)."""
    if not out.is_dir():
        return []
    names = [p.name for p in out.iterdir() if VERSION_PATTERN.match(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(names)


def latest(out: Path) -> str | None:
    """The version `out/latest` points to (the `LATEST` file where symlinks are unavailable)."""
    link = out / LATEST
    if link.is_symlink():
        name = Path(os.readlink(link)).name
    elif (out / "LATEST").is_file():
        name = (out / "LATEST").read_text(encoding="utf-8").strip()
    else:
        return None
    return name if VERSION_PATTERN.match(name) and (out / name).is_dir() else None


def with_digest(out: Path, digest: str) -> str | None:
    """The published version of this content hash, if any (its name ends with the hash)."""
    return next((name for name in versions(out) if name.endswith("-" + digest[:10])), None)


def resolve(out: Path, version: str | None = "latest") -> str:
    """A version name from `latest`, a full name or an unambiguous prefix of one."""
    if not out.is_dir():
        raise UserError(f"output folder not found: {out}")
    if version in (None, "", LATEST):
        name = latest(out)
        if name is None:
            raise UserError(f"no published version in {out}; run `nkfigures build` first")
        return name
    names = versions(out)
    if version in names:
        return version
    matches = [n for n in names if n.startswith(version)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f"version {version!r} is ambiguous in {out}: {', '.join(matches)}")
    raise UserError(f"no version {version!r} in {out} (see `nkfigures versions --out {out}`)")


def folder(out: Path, version: str) -> Path:
    return out / version


def read_table(out: Path, version: str, name: str) -> pa.Table:
    """One table of a published version, with its schema metadata."""
    if name not in TABLES:
        raise UserError(f"unknown table {name!r}; tables are: {', '.join(TABLES)}")
    path = folder(out, version) / f"{name}.parquet"
    if not path.is_file():
        raise UserError(f"{path} is missing")
    return pq.ParquetFile(path).read()  # (`pq.read_table` would import pandas: 0.3 s per build)


def read_tables(out: Path, version: str) -> dict[str, pa.Table]:
    return {name: read_table(out, version, name) for name in TABLES}


def datapackage(out: Path, version: str) -> dict:
    path = folder(out, version) / "datapackage.json"
    if not path.is_file():
        raise UserError(f"{path} is missing")
    return json.loads(path.read_text(encoding="utf-8"))


def row_counts(out: Path, version: str) -> dict[str, int]:
    """Rows per table, from the Parquet footers (no data read)."""
    counts = {}
    for name in TABLES:
        path = folder(out, version) / f"{name}.parquet"
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.is_file() else 0
    return counts


def describe(out: Path) -> list[VersionInfo]:
    """Every published version with its date and rows per table, oldest first."""
    current = latest(out)
    return [VersionInfo(n, version_date(n), row_counts(out, n), n == current) for n in versions(out)]


def previous(out: Path, version: str) -> str | None:
    """The version published before `version` (its `changes.json`), else the one listed before it."""
    names = versions(out)
    path = folder(out, version) / "changes.json"
    if path.is_file():
        recorded = json.loads(path.read_text(encoding="utf-8")).get("previous")
        if recorded in names:
            return recorded
    index = names.index(version) if version in names else 0
    return names[index - 1] if index > 0 else None
