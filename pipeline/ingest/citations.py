"""Citation blocks: the lines naming where a quoted passage comes from.

Bottom blocks open with a label (`Read the full story here:`, `Full article:`, `Source:`...) and
list title, outlet, author(s) and date on the following lines, in varying order. Top blocks sit
before the body (`Institute for Far Eastern Studies (IFES)` / `NK Brief No. 08-9-11-1` / `9/11/2008`).
"""

from __future__ import annotations

import re

from pipeline.ingest import patterns
from pipeline.ingest.dates import DATE_ONLY, parse_date
from pipeline.ingest.outlets import canonical_outlet, find_outlets
from pipeline.ingest.records import Citation

MAX_FIELDS = 6
_NAME_WORD = r"[A-Z][a-zA-Z’'.-]*"
_PERSON = re.compile(
    rf"^(?:By:?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}(?:\s*(?:,|and|&)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})*$"
)
_ORG_WORDS = re.compile(
    r"\b(?:News|Times|Daily|Post|Journal|Agency|Institute|Herald|Ilbo|Shimbun|Sinmun|Press|Review|"
    r"Monitor|Tribune|Network|Radio|Television|TV|Magazine|Report|Bulletin|Service|Foundation|"
    r"Center|Centre|Council|Ministry|University|Group|Online|Telegraph|Economist|Week|World|Tours|Travel|"
    r"Company|Corporation|Corp|Bank|Association|Office|Committee|Commission|Organization|Programme|Program|"
    r"Fund|Institution|Watch|Channel|Broadcasting|Wire|Gazette|Post|Sinbo|Nation)\b"
)
_TOP_TITLE = re.compile(r"^(?:NK Brief No\.?\s*[\d-]+|.*Working Paper.*|.*\bBrief\b.*)$")
_IGNORED_FIELD = re.compile(r"^\(?(?:Download|View|Read)\b.*(?:PDF|here)\)?\.?$", re.I)


def is_person(line: str) -> bool:
    return bool(_PERSON.match(line)) and not _ORG_WORDS.search(line)


def is_date_field(line: str) -> bool:
    return bool(DATE_ONLY.match(line.strip()))


def parse_fields(fields: list[str], position: str, outlet_hint: str | None = None) -> Citation:
    """A citation from its field lines (label excluded), in whatever order they come."""
    title = outlet = author = None
    date = None
    authors: list[str] = []
    for raw in fields:
        line = raw.strip()
        if not line or _IGNORED_FIELD.match(line):
            continue
        if is_date_field(line) and date is None:
            date = parse_date(line)
            continue
        known = canonical_outlet(line)
        if known and outlet is None:
            outlet = known
            continue
        if line.startswith("NK Brief") and title is None:
            title = line
            outlet = outlet or "IFES"
            continue
        if position == "top" and outlet is None and (named := find_outlets(line)):
            outlet = named[0][1]  # `Peterson Institute Working Paper (Sept 2009)`: the publisher line
            continue
        if title is None and position == "bottom":
            title = line
        elif is_person(line):
            authors.append(re.sub(r"^By:?\s+", "", line))
        elif title is None and _TOP_TITLE.match(line):
            title = line
        elif outlet is None:
            outlet = line
        else:
            authors.append(line)
    if authors:
        author = ", ".join(authors)
    if outlet is None and outlet_hint is None:
        # `Peterson Institute Working Paper (Sept 2009)`: the publisher is named inside a field.
        named = [found for line in fields for found in find_outlets(line)]
        outlet = named[0][1] if named else None
    return Citation(title=title, outlet=outlet or outlet_hint, author=author, citation_date=date, position=position)


def label_outlet(label_line: str) -> str | None:
    """The outlet a label names (`Read the full Yonhap story here:`), else None."""
    match = patterns.pattern("citation_label").match(label_line.strip())
    if match and match.groupdict().get("outlet"):
        return canonical_outlet(match["outlet"]) or match["outlet"].strip()
    return None


def top_block_length(lines: list[str], start: int, end: int) -> int:
    """How many lines from `start` form a top-of-post citation block (0 when there is none)."""
    block: list[str] = []
    index = start
    while index < end and 0 < len(lines[index].strip()) <= 120 and len(block) < MAX_FIELDS:
        block.append(lines[index].strip())
        index += 1
    if not block or any(line.endswith(":") for line in block):
        return 0
    first = block[0]
    if canonical_outlet(first) or _TOP_TITLE.match(first):
        return len(block)
    if len(block) <= 4 and is_date_field(block[-1]) and all(
        canonical_outlet(line) or is_person(line) or is_date_field(line) or _TOP_TITLE.match(line)
        for line in block
    ):
        return len(block)
    return 0
