"""Dataset version names: `<newest segment date>-<first 10 hex of a content hash>`.

The hash covers the input dumps' bytes (order-independent), their sidecars, the pipeline version
(package version plus a hash of its code) and the lexicon files, so the same inputs and code always
give the same name.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

import pipeline
from pipeline import lexicons

PACKAGE_DIR = Path(pipeline.__file__).parent


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


def sidecar_of(dump: Path) -> Path:
    return dump.with_name(dump.name[: -len(".txt")] + ".meta.json")


def content_hash(dumps: list[Path]) -> str:
    """sha256 over the dumps and sidecars (as a sorted set of digests), code and lexicons."""
    parts = []
    for dump in dumps:
        sidecar = sidecar_of(dump)
        parts.append("dump:" + sha256_file(dump))
        if sidecar.exists():
            parts.append("sidecar:" + sha256_file(sidecar))
    digest = hashlib.sha256()
    for part in sorted(parts):
        digest.update(part.encode() + b"\n")
    digest.update(("pipeline:" + pipeline_version() + "\n").encode())
    for path in lexicons.files():
        digest.update(f"lexicon:{path.name}:{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def version_name(newest_date: dt.date | None, digest: str) -> str:
    return f"{newest_date.isoformat() if newest_date else '0000-00-00'}-{digest[:10]}"
