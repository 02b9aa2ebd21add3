"""A post's lines into its text, dated segments and citations, giving every line a role.

The body is read top to bottom: an optional byline and top citation block, then text split into
segments at UPDATE / ORIGINAL POST markers, with citation blocks, page furniture and reader
comments taken out of the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.ingest import citations as cites
from pipeline.ingest import patterns
from pipeline.ingest.dates import parse_date
from pipeline.ingest.outlets import canonical_outlet, intro_outlet
from pipeline.ingest.page import is_blank
from pipeline.ingest.records import Citation, Segment

_BULLET = re.compile(r"^\s*[•·*-]\s+")


@dataclass
class _SegmentDraft:
    label: str
    number: int | None
    written_date: str | None  # the date text on the marker, if any
    prefix: str = ""  # the marker text kept in the post text
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, starts a paragraph)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class ParsedBody:
    author: str | None
    segments: list[Segment]
    text: str
    roles: dict[int, str]
    rejects: list[tuple[int, int, str]]  # (first line, last line, reason), 0-based
    warnings: list[str]


def _resolve_marker_date(written: str | None, post_date: dt.date | None) -> tuple[dt.date | None, bool]:
    """The marker's date, resolved against the post's year; (post date, True) when none is written."""
    if not written:
        return post_date, True
    year = post_date.year if post_date else None
    date = parse_date(written, default_year=year)  # `UPDATE 13-August 28` takes the post's year
    if date is None:
        return post_date, True
    return date, False


def parse_body(
    lines: list[str],
    start: int,
    end: int,
    post_date: dt.date | None,
    *,
    glued: str | None = None,
    title: str | None = None,
    allow_byline: bool = True,
) -> ParsedBody:
    """Parse `lines[start:end]`, the post after its title and date line."""
    roles: dict[int, str] = {}
    rejects: list[tuple[int, int, str]] = []
    warnings: list[str] = []
    author = None
    drafts = [_SegmentDraft("BODY", None, None)]
    pending_break = True
    index = start

    def add_text(text: str, line_index: int | None) -> None:
        nonlocal pending_break
        drafts[-1].lines.append((text, pending_break))
        pending_break = False
        if line_index is not None:
            roles[line_index] = "segment"

    def next_nonblank(position: int) -> int:
        while position < end and is_blank(lines[position]):
            position += 1
        return position

    if glued:
        add_text(glued, None)
    # Byline: the first line under the date.
    first = next_nonblank(index)
    if allow_byline and first < end and not glued:
        line = lines[first].strip()
        match = patterns.pattern("byline").match(line)
        bare = patterns.pattern("bare_name").match(line)
        if match or (bare and not canonical_outlet(line) and not cites.top_block_length(lines, first, end) > 1):
            author = (match or bare)["name"].strip()
            roles[first] = "byline"
            index = first + 1
    # Top citation block, before any text.
    first = next_nonblank(index)
    if not glued and first < end:
        length = cites.top_block_length(lines, first, end)
        if length:
            block = [lines[i] for i in range(first, first + length)]
            drafts[-1].citations.append(cites.parse_fields(block, "top"))
            for i in range(first, first + length):
                roles[i] = "citation"
            index = first + length
    after_share = False
    in_comments = False
    seen_text = bool(glued)
    while index < end:
        raw = lines[index]
        if is_blank(raw):
            pending_break = True
            index += 1
            continue
        line = raw.rstrip()
        stripped = line.strip()
        if in_comments:
            roles[index] = "furniture"
            if patterns.pattern("furniture_comments_closed").match(stripped):
                in_comments = False
            index += 1
            continue
        if after_share:
            roles[index] = "furniture" if after_share == "comments" else "reject"
            if after_share != "comments":
                rejects.append((index, index, "text after the post's Share line"))
            index += 1
            continue
        kind = patterns.furniture_kind(stripped)
        if kind:
            roles[index] = "furniture"
            if kind == "furniture_share":
                following = next_nonblank(index + 1)
                if following < end:
                    after_share = "comments" if _BULLET.match(lines[following]) else "text"
            index += 1
            continue
        if patterns.pattern("comments_heading").match(stripped):
            roles[index] = "furniture"
            in_comments = True
            index += 1
            continue
        if patterns.pattern("citation_label").match(stripped):
            roles[index] = "citation"
            hint = cites.label_outlet(stripped)
            field_start = index + 1
            if field_start < end and is_blank(lines[field_start]):
                field_start += 1
            fields = []
            cursor = field_start
            while cursor < end and lines[cursor].strip() and len(fields) < cites.MAX_FIELDS:
                if patterns.marker(lines[cursor].strip()) or patterns.furniture_kind(lines[cursor].strip()):
                    break
                fields.append(lines[cursor])
                roles[cursor] = "citation"
                cursor += 1
            if fields:
                citation = cites.parse_fields(fields, "bottom", hint)
                drafts[-1].citations.append(citation)
            else:
                warnings.append(f"line {index + 1}: citation label with no fields")
            pending_break = True
            index = cursor
            continue
        match = patterns.marker(stripped)
        if match:
            is_update = patterns.is_marker_update(match)
            written = match["paren"] or (match.groupdict().get("dashdate") if is_update else None)
            number = int(match["number"]) if is_update and match["number"] else None
            rest_start = match.start("rest")
            drafts.append(
                _SegmentDraft(
                    "UPDATE" if is_update else "ORIGINAL POST",
                    number,
                    written,
                    prefix=stripped[:rest_start],
                )
            )
            pending_break = True
            roles[index] = "segment"
            rest = stripped[rest_start:]
            if rest:
                drafts[-1].lines.append((rest, True))
                pending_break = False
            seen_text = True
            index += 1
            continue
        # Embed views: strip `… Continue reading <Title>` and an inlined IFES citation.
        if "Continue reading" in stripped and (cont := patterns.pattern("embed_continue").search(stripped)) and (
            not title or cont["title"].strip().rstrip(".").lower() == title.strip().lower()
            or title.lower().startswith(cont["title"].strip().lower()[:20])
        ):
            stripped = stripped[: cont.start()].rstrip()
        if not seen_text and (inline := patterns.pattern("inline_ifes").match(stripped)):
            drafts[-1].citations.append(
                Citation(None, "IFES", None, parse_date(inline["date"]), "top")
            )
            stripped = inline["rest"]
        add_text(stripped, index)
        seen_text = True
        index += 1
    segments, text = _assemble(drafts, post_date)
    return ParsedBody(author, segments, text, roles, rejects, warnings)


def segment_outlet(lines: list[tuple[str, bool]], citations: list[Citation]) -> str | None:
    """The publication a segment quotes.

    A top citation block names it for the whole post (an IFES brief); else the segment's first
    line (`According to Yonhap, ...`), then any quote intro ending in a colon, then the segment's
    citation block.
    """
    for citation in citations:
        if citation.position == "top" and citation.outlet:
            return citation.outlet
    for position, (text, _) in enumerate(lines):
        if outlet := intro_outlet(text, colon_only=position > 0):
            return outlet
    for citation in citations:
        if citation.outlet:
            return citation.outlet
    return None


def _dedupe(citations: list[Citation]) -> list[Citation]:
    seen = set()
    kept = []
    for citation in citations:
        key = (citation.title, citation.outlet, citation.author, citation.citation_date)
        if key not in seen:
            seen.add(key)
            kept.append(citation)
    return kept


def _assemble(drafts: list[_SegmentDraft], post_date: dt.date | None) -> tuple[list[Segment], str]:
    """Join the drafts into the post text and segments with offsets into it."""
    body = drafts[0]
    if not body.lines and len(drafts) > 1:
        # A post that opens with a marker: its top citation belongs to the first marked segment.
        drafts[1].citations[:0] = body.citations
        drafts = drafts[1:]
    parts: list[str] = []
    length = 0
    segments: list[Segment] = []
    seen_citations: set = set()
    for draft in drafts:
        if parts:
            parts.append("\n\n")
            length += 2
        if draft.prefix:
            prefix = draft.prefix if not draft.lines else draft.prefix.rstrip() + " "
            parts.append(prefix)
            length += len(prefix)
        start = length
        for position, (text, new_paragraph) in enumerate(draft.lines):
            if position:
                separator = "\n\n" if new_paragraph else "\n"
                parts.append(separator)
                length += len(separator)
            parts.append(text)
            length += len(text)
        date, inferred = _resolve_marker_date(draft.written_date, post_date)
        citations = []
        for citation in _dedupe(draft.citations):
            key = (citation.title, citation.outlet, citation.author, citation.citation_date)
            if key not in seen_citations:
                seen_citations.add(key)
                citations.append(citation)
        outlet = segment_outlet(draft.lines, citations)
        segments.append(
            Segment(
                label=draft.label,
                update_number=draft.number,
                segment_date=date,
                date_inferred=inferred,
                outlet=outlet,
                text="",  # filled from the joined post text below
                char_start=start,
                char_end=length,
                citations=citations,
            )
        )
    text = "".join(parts)
    for ordinal, segment in enumerate(segments):
        segment.ordinal = ordinal
        segment.text = text[segment.char_start : segment.char_end]
    return segments, text
