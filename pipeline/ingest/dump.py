"""One dump file into posts and rejects, with every non-blank line accounted for."""

from __future__ import annotations

import datetime as dt
import re

from slugify import slugify

from pipeline.ingest import patterns
from pipeline.ingest.decode import DecodedDump
from pipeline.ingest.page import (
    find_post_spans,
    is_blank,
    read_header,
    single_post_span,
    url_date,
    url_kind,
)
from pipeline.ingest.post import parse_body
from pipeline.ingest.records import FileReport, Post, Reject

_TERMINAL = re.compile(r"[.!?:;\"”’')\]…]$")
_CLOSING_FURNITURE = ("furniture_share", "furniture_comments_closed", "furniture_embed", "furniture_tags")
_UPDATED = re.compile(r"^\s*\(UPDATED?\)\s*|\s*\(UPDATED?\)\s*$", re.I)


def identity_title(title: str | None) -> str | None:
    """The title without an `(UPDATED)` mark, which the blog adds when a post grows."""
    return _UPDATED.sub("", title).strip() if title else title


def make_post_id(title: str | None, date: dt.date | None, url: str | None, text: str) -> str:
    """A stable id from the post's identity: its first date and slugified title.

    The date is the earliest one the post carries (its ORIGINAL POST marker, else its date line),
    so a post that is re-dated or grows UPDATE sections keeps its id. Without a title, the URL
    slug or the opening words stand in.
    """
    name = identity_title(title)
    if not name and url:
        name = [part for part in url.split("?")[0].rstrip("/").split("/") if part][-1]
    if not name:
        name = " ".join(text.split()[:8])
    slug = slugify(name, max_length=80, word_boundary=True) or "untitled"
    return f"{date.isoformat() if date else 'undated'}-{slug}"


def _is_truncated(lines: list[str], roles: dict[int, str], ends_with_newline: bool) -> bool:
    """Whether the dump stops inside its last post (a partial download or size-capped capture)."""
    last = len(lines) - 1
    while last >= 0 and is_blank(lines[last]):
        last -= 1
    if last < 0:
        return False
    text = lines[last].strip()
    if patterns.furniture_kind(text) in _CLOSING_FURNITURE or roles.get(last) == "citation":
        return False
    if patterns.pattern("embed_continue").search(text):
        return False  # an embed view's paragraph closes with `… Continue reading <Title>`
    if not ends_with_newline and text[-1].isalnum():
        return True
    return not _TERMINAL.search(text)


def parse_dump(decoded: DecodedDump, source_file: str, meta: dict | None = None) -> FileReport:
    """Posts and rejects of one decoded dump; `meta` is its sidecar (url, retrieved), if any."""
    lines = decoded.lines
    report = FileReport(source_file=source_file, warnings=list(decoded.warnings))
    url = (meta or {}).get("url")
    roles: dict[int, str] = {}
    header = read_header(lines)
    first = 0
    if header.line is not None:
        roles[header.line] = "header"
        first = header.line + 1
    spans = find_post_spans(lines, first)
    kind = header.archive_kind or url_kind(url)
    if not spans:
        span = single_post_span(lines, first)
        spans = [span] if span else []
        if kind is None:
            is_embed = any(
                patterns.furniture_kind(line.strip()) == "furniture_embed" or "Continue reading" in line
                for line in lines
            )
            kind = "embed" if is_embed else "single"
    elif kind is None:
        weekdays = [bool(patterns.date_line(lines[s.date_line].strip())["weekday"]) for s in spans]
        kind = "category" if any(weekdays) else "home"
    post_url = url if kind in ("single", "embed") else None
    ends_with_newline = bool(lines) and lines[-1] == ""
    # Lines before the first post.
    if spans:
        for index in range(first, spans[0].start):
            if not is_blank(lines[index]):
                roles[index] = "furniture" if patterns.furniture_kind(lines[index].strip()) else "reject"
    for number, span in enumerate(spans):
        title = lines[span.title_line].strip() if span.title_line is not None else None
        post_roles: dict[int, str] = {}
        if span.title_line is not None:
            post_roles[span.title_line] = "title"
        if span.date_line is not None:
            post_roles[span.date_line] = "date"
        anchor = span.date_line if span.date_line is not None else span.title_line
        body_start = anchor + 1 if anchor is not None else span.start
        date = span.date or url_date(url if kind in ("single", "embed") else None)
        body = parse_body(lines, body_start, span.end, date, glued=span.glued_body, title=title)
        post_roles.update(body.roles)
        if not _recognisable(span, body, post_roles, post_url):
            continue
        roles.update(post_roles)
        is_last = number == len(spans) - 1
        truncated = is_last and _is_truncated(lines, roles, ends_with_newline)
        marked = [s.segment_date for s in body.segments if not s.date_inferred and s.segment_date]
        identity_date = min([*marked, *([date] if date else [])], default=None)
        post = Post(
            title=title,
            published_date=date,
            author=body.author,
            categories=list(header.categories),
            archive_kind=kind,
            url=post_url,
            is_truncated=truncated,
            source_file=source_file,
            line_start=span.start + 1,
            line_end=_last_nonblank(lines, span.start, span.end) + 1,
            text=body.text,
            segments=body.segments,
        )
        post.post_id = make_post_id(title, identity_date, post_url, body.text)
        report.posts.append(post)
        for first_line, last_line, reason in body.rejects:
            report.rejects.append(
                Reject(source_file, first_line + 1, last_line + 1, reason, "\n".join(lines[first_line : last_line + 1]))
            )
        report.warnings.extend(f"{source_file}:{w.removeprefix('line ')}" for w in body.warnings)
    # Whatever is left unplaced is rejected, never dropped.
    unplaced = [i for i, line in enumerate(lines) if not is_blank(line) and i not in roles]
    if unplaced:
        reason = "no recognisable post in the file" if not report.posts else "line outside any post"
        for group in _runs(unplaced):
            report.rejects.append(
                Reject(source_file, group[0] + 1, group[-1] + 1, reason, "\n".join(lines[group[0] : group[-1] + 1]))
            )
            for i in group:
                roles[i] = "reject"
    if not report.posts:
        report.warnings.append(f"{source_file}:1: no recognisable post in the file")
    for index, role in roles.items():
        report.line_roles[role] += 1
    report.nonblank_lines = sum(1 for line in lines if not is_blank(line))
    return report


def _recognisable(span, body, roles: dict[int, str], url: str | None) -> bool:
    """Whether a span is a post at all: dated, titled, or with a post's structure or URL."""
    if span.date_line is not None or url:
        return True
    if not body.text.strip() and not any(s.citations for s in body.segments):
        return False
    if span.title_line is not None:
        return True
    structure = {"byline", "furniture", "citation"} & set(roles.values())
    return bool(structure) or any(s.label != "BODY" for s in body.segments)


def _last_nonblank(lines: list[str], start: int, end: int) -> int:
    index = end - 1
    while index > start and is_blank(lines[index]):
        index -= 1
    return index


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive runs in a sorted list of line indexes."""
    groups: list[list[int]] = []
    for index in indexes:
        if groups and index == groups[-1][-1] + 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
