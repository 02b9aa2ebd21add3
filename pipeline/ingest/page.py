"""One dump page into posts: where each post starts, its title, date line and byline.

A page is an optional header, then posts. On archive pages a post is anchored by its date line
(the title is the last non-blank line before it); single-post and embed pages have no date line
and hold one post. Every non-blank line is given one role (see `records.LINE_ROLES`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from pipeline.ingest import patterns
from pipeline.ingest.dates import DATE_ONLY, month_number
from pipeline.ingest.outlets import canonical_outlet

TITLE_MAX = 250


@dataclass
class PageHeader:
    archive_kind: str | None  # None when the page shows no header
    categories: list[str]
    line: int | None  # 0-based index of the header line


@dataclass
class PostSpan:
    """Where one post sits in the page's lines (0-based, end exclusive)."""

    start: int
    end: int
    title_line: int | None
    date_line: int | None
    date: dt.date | None
    glued_body: str | None  # text glued after the year on the date line


def is_blank(line: str) -> bool:
    return not line.strip()


def read_header(lines: list[str]) -> PageHeader:
    for index, line in enumerate(lines):
        if is_blank(line):
            continue
        text = line.strip()
        if match := patterns.pattern("header_category").match(text):
            return PageHeader("category", [match["name"].strip()], index)
        if patterns.pattern("header_monthly").match(text):
            return PageHeader("monthly", [], index)
        break
    return PageHeader(None, [], None)


def url_date(url: str | None) -> dt.date | None:
    """The `/YYYY/MM/DD/` date in a post URL, else None."""
    if not url:
        return None
    match = re.search(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/", urlparse(url).path + "/")
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def url_kind(url: str | None) -> str | None:
    """The archive kind a crawler URL implies, else None."""
    if not url:
        return None
    path = urlparse(url).path
    if "/embed" in path:
        return "embed"
    if "/category/" in path:
        return "category"
    if re.search(r"/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/[^/]+", path):
        return "single"
    if re.search(r"/(?:19|20)\d{2}/\d{1,2}(?:/page/\d+)?/?$", path):
        return "monthly"
    if re.fullmatch(r"/?(?:page/\d+/?)?", path):
        return "home"
    return None


def _date_from_match(match: re.Match) -> dt.date | None:
    month = month_number(match["month"])
    try:
        return dt.date(int(match["year"]), month, int(match["day"])) if month else None
    except ValueError:
        return None


def looks_like_title(line: str, anchored: bool = False) -> bool:
    """A post title: short, not furniture or a marker. Without a date line under it (`anchored`),
    it must also not read as a sentence (ending in a full stop, colon or comma)."""
    text = line.strip()
    if not text or len(text) > TITLE_MAX or patterns.furniture_kind(text):
        return False
    if patterns.marker(text) or patterns.pattern("byline").match(text):
        return False
    if not anchored and text.endswith((".", ":", ",", ";")) and not text.endswith(("Inc.", "Co.", "Corp.", "Ltd.", "...")):
        return False
    return len(text.split()) <= 30


def find_post_spans(lines: list[str], first: int) -> list[PostSpan]:
    """Posts anchored by date lines, scanning from line `first`. Empty when the page has none."""
    anchors: list[tuple[int, int, re.Match]] = []  # (title line, date line, match)
    previous_end = first
    for index in range(first, len(lines)):
        line = lines[index].strip()
        match = patterns.date_line(line)
        if not match:
            continue
        # The title is the last non-blank line before the date line, after the previous anchor.
        title = index - 1
        while title >= previous_end and is_blank(lines[title]):
            title -= 1
        if title < previous_end or not looks_like_title(lines[title], anchored=True):
            continue
        # A title stands after a blank line, at the start of the page, or right after the previous
        # post's closing line (`Share`, a citation's date).
        before = lines[title - 1].strip() if title > first else ""
        if before and not patterns.furniture_kind(before) and not DATE_ONLY.match(before):
            continue
        anchors.append((title, index, match))
        previous_end = index + 1
    spans = []
    for number, (title, date_index, match) in enumerate(anchors):
        end = anchors[number + 1][0] if number + 1 < len(anchors) else len(lines)
        rest = lines[date_index].strip()[match.start("rest"):].strip() or None
        spans.append(PostSpan(title, end, title, date_index, _date_from_match(match), rest))
    return spans


def single_post_span(lines: list[str], first: int) -> PostSpan | None:
    """The one post of a single-post or embed page: title (if any) then body, no date line."""
    index = first
    while index < len(lines) and is_blank(lines[index]):
        index += 1
    if index >= len(lines):
        return None
    line = lines[index]
    # A title is a short title-like line followed by a blank line or by body text.
    if looks_like_title(line) and not canonical_outlet(line) and not patterns.date_line(line.strip()):
        return PostSpan(index, len(lines), index, None, None, None)
    return PostSpan(index, len(lines), None, None, None, None)
