"""Dataset version names: `<newest segment date>-<first 10 hex of a content hash>`.

The hash covers the input dumps' bytes (order-independent), their sidecars and the code digest
(pipeline version, lexicon files and the versions of the libraries that shape the output), so the
same inputs and code always give the same name, and a name never stands for two different sets of
bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from importlib import metadata
from pathlib import Path

import pipeline
from pipeline import lexicons

PACKAGE_DIR = Path(pipeline.__file__).parent
VERSION_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}-[0-9a-f]{10}$")
# Libraries whose upgrade can change extracted rows (spaCy, dateparser, ftfy, slugify) or the
# Parquet bytes (pyarrow writes its own version into every file).
OUTPUT_LIBRARIES = ("spacy", "dateparser", "ftfy", "python-slugify", "pyarrow")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def pipeline_version() -> str:
    """`<package version>+<8 hex of the code>`: any code change gives a new pipeline version."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{pipeline.__version__}+{digest.hexdigest()[:8]}"


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def code_digest() -> str:
    """sha256 of everything besides the dumps that decides the output: code, lexicons, libraries.

    It names the dataset version (with the dumps) and keys the build cache, so a cached result is
    only reused by the exact code that made it.
    """
    digest = hashlib.sha256()
    digest.update(("pipeline:" + pipeline_version() + "\n").encode())
    for path in lexicons.files():
        digest.update(f"lexicon:{path.name}:{sha256_file(path)}\n".encode())
    for name in OUTPUT_LIBRARIES:
        digest.update(f"library:{name}:{_library_version(name)}\n".encode())
    return digest.hexdigest()


def sidecar_of(dump: Path) -> Path:
    return dump.with_name(dump.name[: -len(".txt")] + ".meta.json")


def content_hash(sources) -> str:
    """sha256 over the dumps and sidecars (as a sorted set of digests) and the code digest.

    `sources` are `pipeline.export.sources.Source` descriptions of the dumps.
    """
    parts = []
    for source in sources:
        parts.append("dump:" + source.sha256)
        if source.sidecar_sha256:
            parts.append("sidecar:" + source.sidecar_sha256)
    digest = hashlib.sha256()
    for part in sorted(parts):
        digest.update(part.encode() + b"\n")
    digest.update(("code:" + code_digest() + "\n").encode())
    return digest.hexdigest()


def version_name(newest_date: dt.date | None, digest: str) -> str:
    return f"{newest_date.isoformat() if newest_date else '0000-00-00'}-{digest[:10]}"


def version_date(version: str) -> str:
    """The date part of a version name (`YYYY-MM-DD`)."""
    return version[:10]
