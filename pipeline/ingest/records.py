"""Typed records passed from the ingest stage to the others: one dataclass per output table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Citation:
    """A citation block: where the quoted passage comes from."""

    title: str | None
    outlet: str | None
    author: str | None
    citation_date: dt.date | None
    position: str  # "top" or "bottom"
    line_start: int = 0
    line_end: int = 0
    citation_id: str = ""
    post_id: str = ""
    segment_id: str = ""


@dataclass
class Segment:
    """A dated part of a post: one UPDATE section, the ORIGINAL POST, or the whole BODY."""

    label: str  # "UPDATE", "ORIGINAL POST" or "BODY"
    update_number: int | None
    segment_date: dt.date | None
    date_inferred: bool
    outlet: str | None
    text: str
    char_start: int
    char_end: int
    ordinal: int = 0
    segment_id: str = ""
    post_id: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Post:
    """One blog post as found in one dump."""

    title: str | None
    published_date: dt.date | None
    author: str | None
    categories: list[str]
    archive_kind: str
    url: str | None
    is_truncated: bool
    source_file: str
    line_start: int
    line_end: int
    text: str
    segments: list[Segment] = field(default_factory=list)
    post_id: str = ""


@dataclass
class Reject:
    """Input lines that could not be placed, kept with the reason."""

    source_file: str
    line_start: int
    line_end: int
    reason: str
    text: str


# Roles an input line can play; every non-blank line gets exactly one.
LINE_ROLES = ("header", "title", "date", "byline", "segment", "citation", "furniture", "reject")


@dataclass
class FileReport:
    """What one dump gave: its posts and rejects, warnings, and a count of lines per role."""

    source_file: str
    posts: list[Post] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line_roles: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LINE_ROLES, 0))
    nonblank_lines: int = 0

    @property
    def accounted_lines(self) -> int:
        return sum(self.line_roles.values())
