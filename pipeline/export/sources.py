"""The raw dumps of a build, described once: name, size, sha256 and the crawler sidecar.

The same descriptions name the version (content hash), key the ingest cache and fill the
`sources` of `datapackage.json`, so each dump is read and hashed once per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.export.version import sha256_file, sidecar_of
from pipeline.ingest.run import read_sidecar


@dataclass(frozen=True)
class Source:
    path: Path
    name: str  # as in the tables' `source_file`
    bytes: int
    sha256: str
    sidecar_sha256: str | None
    url: str | None
    retrieved: str | None

    def as_datapackage(self) -> dict:
        """A Data Package `sources` entry."""
        entry = {"title": self.name, "path": self.name, "bytes": self.bytes, "sha256": self.sha256}
        if self.sidecar_sha256:
            entry["sidecar"] = {"path": sidecar_of(Path(self.name)).as_posix(), "sha256": self.sidecar_sha256}
        if self.url:
            entry["url"] = self.url
        if self.retrieved:
            entry["retrieved"] = self.retrieved
        return entry


def source_name(raw: Path, path: Path) -> str:
    """The `source_file` name ingest gives a dump (mirrors `pipeline.ingest.run.run`)."""
    return path.relative_to(raw.parent).as_posix() if raw.parent != path.parent else path.name


def describe(raw: Path, dumps: list[Path]) -> list[Source]:
    """One `Source` per dump, in the given (stable) order."""
    sources = []
    for path in dumps:
        sidecar = sidecar_of(path)
        meta, _warning = read_sidecar(path)
        meta = meta or {}
        sources.append(
            Source(
                path=path,
                name=source_name(raw, path),
                bytes=path.stat().st_size,
                sha256=sha256_file(path),
                sidecar_sha256=sha256_file(sidecar) if sidecar.exists() else None,
                url=meta.get("url") if isinstance(meta.get("url"), str) else None,
                retrieved=meta.get("retrieved") if isinstance(meta.get("retrieved"), str) else None,
            )
        )
    return sources
