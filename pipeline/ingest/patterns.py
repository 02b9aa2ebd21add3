"""Compiled line patterns from the `page` lexicon, with small helpers that name what a line is."""

from __future__ import annotations

import functools
import re

from pipeline.lexicons import load

FURNITURE_KINDS = (
    "furniture_share",
    "furniture_comments_closed",
    "furniture_embed",
    "furniture_tags",
    "furniture_click_image",
    "furniture_image_file",
    "furniture_image_slug",
)


@functools.cache
def pattern(name: str) -> re.Pattern:
    """The compiled regular expression of lexicon entry `name` in `page.toml`."""
    return re.compile(load("page")[name]["pattern"])


def furniture_kind(line: str) -> str | None:
    """Which kind of page furniture `line` is (`furniture_share`...), or None."""
    if len(line) > 300:
        return None
    for kind in FURNITURE_KINDS:
        if pattern(kind).match(line):
            return kind
    return None


def date_line(line: str) -> re.Match | None:
    """A post's date line (possibly with a body glued after the year), else None."""
    if not line or not line[0].isupper() or len(line) < 8:
        return None
    match = pattern("date_line").match(line[:60])
    if not match:
        return None
    rest = line[match.start("rest"):]
    # Glued text must start right after the year with a letter or quote; `, 2009, the` is prose.
    if rest and not (rest[0].isalpha() or rest[0] in "“\"‘'"):
        return None
    return match


def marker(line: str) -> re.Match | None:
    """An UPDATE or ORIGINAL POST marker at the start of `line`, else None."""
    head = line[:200]
    if not head or head[0] not in "UuO":
        return None
    match = pattern("update_marker").match(head) or pattern("original_marker").match(head)
    return match


def is_marker_update(match: re.Match) -> bool:
    return match.re is pattern("update_marker")
