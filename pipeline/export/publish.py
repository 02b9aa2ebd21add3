"""Writing a dataset version folder atomically and pointing `latest` at it.

The folder is written under a temporary name in the same output folder, every file fsynced, then
renamed into place; `latest` (a relative symlink) and `LATEST` (a text file) are switched by
renaming a new link/file over the old one. A build killed at any moment leaves every published
version and `latest` intact, and no partial version visible; the next build (holding the build
lock) removes the temporaries a killed one left. Published files are made read-only: a version
folder is never modified.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TMP_PREFIX = ".tmp-"
READ_ONLY = 0o444


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def parquet_bytes(table: pa.Table) -> bytes:
    """Deterministic Parquet: fixed writer options, no timestamps, one row group.

    Made in memory so that the file's hash can go into `datapackage.json` before anything is
    written.
    """
    sink = pa.BufferOutputStream()
    pq.write_table(
        table,
        sink,
        compression="zstd",
        use_dictionary=True,
        write_statistics=True,
        row_group_size=max(1, table.num_rows),
    )
    return sink.getvalue().to_pybytes()


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        with open(path, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, READ_ONLY)


def publish(out: Path, version: str, files: dict[str, bytes]) -> Path:
    """Write `files` into `out/<version>/` atomically and make it `latest`."""
    out.mkdir(parents=True, exist_ok=True)
    final = out / version
    temporary = out / f"{TMP_PREFIX}{version}-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir()
    try:
        write_files(temporary, files)
        _fsync_dir(temporary)
        os.rename(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    _fsync_dir(out)
    set_latest(out, version)
    return final


def set_latest(out: Path, version: str) -> None:
    """Point `out/latest` (relative symlink) and `out/LATEST` at `version`, each by an atomic rename."""
    link_tmp = out / f"{TMP_PREFIX}latest-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(version, link_tmp)
    os.replace(link_tmp, out / "latest")
    text_tmp = out / f"{TMP_PREFIX}LATEST-{os.getpid()}"
    text_tmp.write_text(version + "\n")
    with open(text_tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(text_tmp, out / "LATEST")
    _fsync_dir(out)


def clean_stale_temporaries(out: Path) -> list[Path]:
    """Remove temporary folders left by killed builds (called while holding the build lock)."""
    removed = []
    if out.exists():
        for path in out.glob(f"{TMP_PREFIX}*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed
