"""Recognising the publication a passage is quoted from (the `outlets` lexicon).

Used by ingest (segment and citation outlets) and by extraction (a figure's outlet).
"""

from __future__ import annotations

import functools
import re

from pipeline.lexicons import load


@functools.cache
def _alias_table() -> tuple[re.Pattern, dict[str, str]]:
    canonical: dict[str, str] = {}
    for name, entry in load("outlets").items():
        for alias in [name, *entry.get("aliases", [])]:
            canonical[alias.lower()] = name
    # Longest alias first so that `Yonhap News` wins over `Yonhap`.
    aliases = sorted(canonical, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])", re.I)
    return pattern, canonical


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name when `name` is exactly a known outlet or alias, else None."""
    if not name:
        return None
    _, canonical = _alias_table()
    return canonical.get(name.strip().strip(".:,").removeprefix("the ").strip().lower()) or canonical.get(
        name.strip().strip(".:,").lower()
    )


def find_outlets(text: str) -> list[tuple[int, str]]:
    """(offset, canonical name) for every known outlet mentioned in `text`, in text order."""
    pattern, canonical = _alias_table()
    return [(m.start(), canonical[m.group(0).lower()]) for m in pattern.finditer(text)]


# "According to X:", "Says X, citing KOTRA data:", "X reports:", "From the X:", "reported by X".
_REPORTED_BY = re.compile(r"\((?:as )?reported by (?:the )?(?P<name>[^)]+)\)", re.I)
_ACCORDING = re.compile(
    r"(?:^|[.!?]\s+)(?:According (?:ot|to)|Says|From|Quoting(?: from)?|Via|Per)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|for|and|in))*)",
)
_ANNOUNCES = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4})\s+(?:announces|announced|reports|reported|writes|"
    r"wrote|says|notes|publishes|published|has published|weighs in|speculates|explains|confirms|confirmed)\b"
)
_NOT_NAMES = {"previous", "other", "some", "recent", "these", "those", "many", "earlier", "more", "further", "related",
              "additional", "latest", "new", "several", "two", "three", "media", "state", "official", "local", "news",
              "this", "that", "it", "he", "she", "they", "we", "one", "analysts", "experts", "sources", "reports"}
_GENERIC = {"article", "report", "story", "source", "data", "piece", "the article", "the report"}


def intro_outlet(line: str, colon_only: bool = False) -> str | None:
    """The outlet a quote intro names (`According to Yonhap:`), or None if the line is no intro.

    An intro is a short line ending in a colon, or starting `According to X,`. Known outlets are
    preferred; an unknown proper name after `According to` is kept as written.
    """
    line = line.strip()
    if len(line) > 400:
        return None
    is_colon_intro = line.endswith(":")
    starts_according = re.match(r"^(?:According (?:ot|to)|Says)\s", line) is not None
    if not (is_colon_intro or (starts_according and not colon_only)):
        return None
    if match := _REPORTED_BY.search(line):
        if outlet := canonical_outlet(match["name"]):
            return outlet
    if not is_colon_intro:
        # "According to Yonhap, North Korea's ..." : only the name right after the phrase.
        match = _ACCORDING.search(line)
        if match:
            head = match["name"].split(",")[0]
            found = find_outlets(head)
            return found[0][1] if found else None
        return None
    # "... in PC World:" names the publication last; prefer an outlet after " in ".
    found = find_outlets(line)
    if found:
        inside = [name for offset, name in found if line[max(0, offset - 4):offset].lower() == " in "]
        return inside[-1] if inside else found[0][1]
    if match := _ANNOUNCES.match(line):
        # `Koryo Tours announces that ...:` : an organisation (never a person) as the publisher.
        from pipeline.ingest.citations import is_person

        name = match["name"].strip()
        first = name.split()[0].lower()
        if not is_person(name) and first not in _NOT_NAMES and len(name.split()) <= 5:
            return name
    match = _ACCORDING.search(line)
    if match:
        name = match["name"].strip(" :.,")
        name = re.split(r",|\s+(?:citing|on|that|about)\s", name)[0].strip()
        if name.lower() not in _GENERIC and len(name) <= 60:
            return name
    return None
