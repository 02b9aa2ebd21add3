"""The ingest stage: every `*.txt` dump under a folder into posts, segments, citations, rejects.

`run(raw_dir)` is the stage's one entry point; `ingest_file` handles one dump. The same post seen
in two dumps of one run (a post listed in two categories) becomes one row: categories merged, the
longer text kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.decode import DumpError, decode_dump
from pipeline.ingest.dump import parse_dump
from pipeline.ingest.records import FileReport, Post, Reject


@dataclass
class IngestResult:
    posts: list[Post] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)

    @property
    def segments(self):
        return [segment for post in self.posts for segment in post.segments]

    @property
    def citations(self):
        return [citation for segment in self.segments for citation in segment.citations]


def find_dumps(raw_dir: Path) -> list[Path]:
    """Every `*.txt` under `raw_dir`, recursively, in a stable order."""
    return sorted(path for path in raw_dir.rglob("*.txt") if path.is_file())


def read_sidecar(path: Path) -> tuple[dict | None, str | None]:
    """The crawler's `NAME.meta.json` beside `NAME.txt`: (metadata, warning)."""
    sidecar = path.with_name(path.name[: -len(".txt")] + ".meta.json")
    if not sidecar.exists():
        return None, None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return None, f"{sidecar}:1: sidecar is not valid JSON ({error}); ignored"
    if not isinstance(meta, dict):
        return None, f"{sidecar}:1: sidecar is not a JSON object; ignored"
    return meta, None


def ingest_file(path: Path, name: str) -> FileReport:
    """Parse one dump; unreadable input becomes a reject with the reason, never an exception."""
    data = path.read_bytes()
    meta, warning = read_sidecar(path)
    if not data.strip():
        # Nothing to place, nothing to lose: a warning, not a reject.
        report = FileReport(source_file=name, warnings=[f"{name}:1: empty file (no text to read); skipped"])
        return report
    try:
        decoded = decode_dump(data, name)
    except DumpError as error:
        report = FileReport(source_file=name, warnings=[str(error)])
        text = data.decode("utf-8", errors="replace") if b"\x00" not in data[:65536] else data.hex()
        report.rejects.append(Reject(name, 1, max(1, data.count(b"\n") + 1), str(error).split(": ", 1)[1], text))
        nonblank = sum(1 for line in text.splitlines() if line.strip()) if b"\x00" not in data[:65536] else 1
        report.nonblank_lines = nonblank
        report.line_roles["reject"] = nonblank
        return report
    report = parse_dump(decoded, name, meta)
    if warning:
        report.warnings.insert(0, warning)
    return report


def assign_ids(post: Post) -> None:
    """Segment and citation ids from the post id and each segment's own marker, not its position.

    A segment keeps its id when a newer UPDATE is added above it.
    """
    seen: dict[str, int] = {}
    has_markers = any(s.label != "BODY" for s in post.segments)
    for segment in post.segments:
        segment.post_id = post.post_id
        if segment.label == "ORIGINAL POST" or (segment.label == "BODY" and not has_markers):
            # The original text keeps its id when the blog later adds `UPDATE 1 (...)` above it and
            # relabels it `ORIGINAL POST (...)`.
            key = "original"
        elif segment.label == "BODY":
            key = "body"
        else:
            number = f"-{segment.update_number}" if segment.update_number is not None else ""
            date = f"-{segment.segment_date.isoformat()}" if segment.segment_date and not segment.date_inferred else ""
            key = f"update{number}{date}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        segment.segment_id = f"{post.post_id}#{key}"
        for number, citation in enumerate(segment.citations):
            citation.post_id = post.post_id
            citation.segment_id = segment.segment_id
            citation.citation_id = f"{segment.segment_id}#c{number}"


_DATED_FOLDER = re.compile(r"(?:19|20)\d{2}-\d{2}(?:-\d{2})?")


def newness(post: Post, retrieved: dict[str, str]) -> tuple:
    """How new a copy of a post is: its newest segment date, the crawler's `retrieved` date, the
    dated folder its dump was added in (`raw/2026-12-01/`), then its length."""
    dates = [s.segment_date for s in post.segments if s.segment_date]
    folder = max(_DATED_FOLDER.findall(post.source_file), default="")
    return (max(dates, default=dt.date.min), retrieved.get(post.source_file, ""), folder, len(post.text))


def merge_posts(posts: list[Post], retrieved: dict[str, str] | None = None) -> list[Post]:
    """One row per post id: categories merged, the newest copy kept (see `newness`).

    Two copies of one crawl (a post listed in two categories) tie on dates, and the longer text is kept.
    """
    retrieved = retrieved or {}
    merged: dict[str, Post] = {}
    for post in posts:
        kept = merged.get(post.post_id)
        if kept is None:
            merged[post.post_id] = post
            continue
        categories = sorted(set(kept.categories) | set(post.categories))
        if newness(post, retrieved) > newness(kept, retrieved):
            merged[post.post_id] = post
        merged[post.post_id].categories = categories
    return sorted(merged.values(), key=lambda p: p.post_id)


def run(raw_dir: Path, progress=None) -> IngestResult:
    """Ingest every dump under `raw_dir`. `progress(path)` is called after each file."""
    result = IngestResult()
    posts: list[Post] = []
    retrieved: dict[str, str] = {}
    for path in find_dumps(raw_dir):
        name = path.relative_to(raw_dir.parent).as_posix() if raw_dir.parent != path.parent else path.name
        meta, _ = read_sidecar(path)
        if meta and isinstance(meta.get("retrieved"), str):
            retrieved[name] = meta["retrieved"]
        report = ingest_file(path, name)
        result.reports.append(report)
        posts.extend(report.posts)
        result.rejects.extend(report.rejects)
        if progress:
            progress(path)
    for post in posts:
        assign_ids(post)
    result.posts = merge_posts(posts, retrieved)
    return result
