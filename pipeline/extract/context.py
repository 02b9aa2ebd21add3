"""Sentence context around a figure: who is quoted, who produced the number, what is traded.

Pure functions over strings; the lexicons say which words count.
"""

from __future__ import annotations

import functools
import re

from pipeline.extract.lexicon import alias_regex, lexicon
from pipeline.ingest.outlets import intro_outlet

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|I’m|I'm|I’d|I'd|I’ve|I've|I’ll|I'll)\b")
_CITING = re.compile(r"\b(?:citing|quoting|based on|according to)\s+(?:the\s+)?(?:data\s+(?:from|by|of)\s+)?", re.I)


def is_blogger_voice(paragraph: str) -> bool:
    """A paragraph in the blogger's own voice (first person outside quotation marks)."""
    return bool(_FIRST_PERSON.search(_QUOTED.sub("", paragraph)))


def paragraph_outlets(text: str, segment_outlet: str | None) -> list[tuple[int, int, str | None]]:
    """(start, end, outlet) for each paragraph of a segment text.

    Before the first quote intro the blogger speaks (outlet null) unless the segment opens with
    `According to X,`; after an intro, its outlet holds until a first-person paragraph or the next
    intro. A segment without intros takes the segment's outlet, first-person paragraphs excepted.
    """
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    intros = [bool(intro_outlet(text[a:b], colon_only=True)) for a, b in spans]
    result = []
    if not any(intros):
        for a, b in spans:
            result.append((a, b, None if is_blogger_voice(text[a:b]) else segment_outlet))
        return result
    current = None
    if spans:
        first = text[spans[0][0]:spans[0][1]]
        if re.match(r"^(?:According (?:to|ot)|Says)\s", first):
            current = intro_outlet(first) if not intros[0] else None
    for (a, b), is_intro in zip(spans, intros):
        paragraph = text[a:b]
        if is_intro:
            result.append((a, b, None))  # the intro line itself is the blogger's
            current = intro_outlet(paragraph, colon_only=True)
            continue
        if current is not None and is_blogger_voice(paragraph):
            current = None
        result.append((a, b, current))
    return result


def find_sources(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical source) for every source named in `text`."""
    table = lexicon().sources
    return [(m.start(), m.end(), table[m.group(0).lower()]) for m in alias_regex("sources").finditer(text)]


def source_in_sentence(sentence: str, offset: int, found: list | None = None) -> str | None:
    """The primary source a sentence names for a figure at `offset`, else None.

    A body counts when the sentence attributes the number to it (`KOTRA said`, `according to
    Chinese customs data`) or when it is a statistics body; among those,
    a compiler of others' data (KOTRA) first, then the body after `citing`, then the nearest
    attributed body, else the nearest statistics body.
    """
    found = find_sources(sentence) if found is None else found
    statistics, compilers = _flagged("statistics"), _flagged("compiler")
    attributed = [s for s in found if _is_attributed(sentence, s[0], s[1])]
    eligible = [s for s in found if s in attributed or s[2] in statistics]
    if not eligible:
        return None
    compilers_named = [s for s in eligible if s[2] in compilers]
    if compilers_named:
        return compilers_named[0][2]
    for m in _CITING.finditer(sentence):
        cited = [s for s in eligible if s[0] >= m.end() and s[0] - m.end() < 80]
        if cited:
            return cited[0][2]
    return min(attributed or eligible, key=lambda s: abs(s[0] - offset))[2]


@functools.cache
def _attribution_regexes() -> tuple[re.Pattern, re.Pattern]:
    from pipeline.lexicons import load

    cues = load("cues")["attribution"]
    after = re.compile(r"^(?:[’']s)?(?:\s+(?:\w+\s+){0,2}?)?(?:" + "|".join(map(re.escape, cues["after"])) + r")\b", re.I)
    before = re.compile(r"\b(?:" + "|".join(map(re.escape, cues["before"])) + r")\s+(?:the\s+)?(?:[\w’'-]+\s+){0,6}$", re.I)
    return after, before


def _is_attributed(sentence: str, start: int, end: int) -> bool:
    """Whether the body at sentence[start:end] is what the sentence attributes numbers to."""
    after, before = _attribution_regexes()
    return bool(after.match(sentence[end:end + 40]) or before.search(sentence[max(0, start - 80):start]))


@functools.cache
def _flagged(flag: str) -> frozenset[str]:
    from pipeline.lexicons import load

    return frozenset(name for name, entry in load("sources").items() if entry.get(flag))


def statistics_bodies() -> frozenset[str]:
    return _flagged("statistics")


_NAME = r"[A-Z][\w’'.&-]*(?:\s+(?:of|for|and|in|the|[A-Z][\w’'.&-]*)){0,5}"
_ATTRIBUTION = [
    re.compile(r"^(?P<x>" + r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}" + r"),\s[^,]{3,100},\s+(?:estimates|said|says|told|reported)\b"),
    re.compile(r"\b[Aa]ccording to (?:the\s+)?(?P<x>" + _NAME + r"|[a-z]+(?:’|')?s?\s+groups?|[a-z]+ sources?)"),
    re.compile(r"(?:^|[,;“\"]\s*|\band\s+)(?P<x>" + _NAME + r")\s+(?:said|says|estimates?|estimated|reported|reports|told|noted|puts|put|counts?)\b"),
    re.compile(r"\b(?:said|says|according to)\s+(?P<x>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})"),
]
_NOT_SOURCE_STARTS = {"other", "some", "many", "sources", "source", "a", "an", "one", "two", "these", "those", "several",
                      "analysts", "experts", "officials", "observers", "critics", "residents", "traders", "most"}
_NOT_SOURCES = {"he", "she", "it", "they", "we", "the", "this", "that", "there", "north korea", "china", "the report",
                "the data", "the company", "the ministry", "the official", "officials", "sources", "the source", "i"}


def attributed_speaker(sentence: str) -> str | None:
    """A named speaker or body the sentence attributes its numbers to (`Kim Joo-il ... estimates`)."""
    for pattern in _ATTRIBUTION:
        for m in pattern.finditer(sentence):
            name = m["x"].strip(" ,.“”\"")
            name = re.sub(r"^(?:The|A|An)\s+", "", name)
            first = name.split()[0].lower() if name.split() else ""
            if name.lower() in _NOT_SOURCES or first in _NOT_SOURCE_STARTS or len(name) < 3 or len(name) > 60:
                continue
            named = find_sources(name)
            return named[0][2] if named else name
    return None


@functools.cache
def _pointer_regex() -> re.Pattern:
    phrases = sorted(lexicon().source_pointers, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)


def points_back(sentence: str) -> bool:
    """Whether a sentence attributes its numbers to a source named before (`according to the data`)."""
    return bool(_pointer_regex().search(sentence))


def find_countries(text: str) -> list[tuple[int, str]]:
    table = lexicon().countries
    return [(m.start(), table[m.group(0).lower()]) for m in alias_regex("countries").finditer(text)]


def find_commodities(text: str) -> list[tuple[int, str]]:
    table = lexicon().commodities
    return [(m.start(), table[m.group(0).lower()]) for m in alias_regex("commodities").finditer(text)]


def trade_words(text: str) -> list[tuple[int, str]]:
    """(offset, flow) of export/import/trade words."""
    table = lexicon().trade
    pattern = _trade_regex()
    return [(m.start(), table[m.group(0).lower()]) for m in pattern.finditer(text)]


@functools.cache
def _trade_regex() -> re.Pattern:
    words = sorted(lexicon().trade, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def trade_parties(sentence: str, offset: int) -> tuple[str | None, str | None, str | None]:
    """(flow, reporter, partner) for a trade figure at `offset`, from the nearest trade word."""
    words = trade_words(sentence)
    if not words:
        return None, None, None
    before = [w for w in words if w[0] <= offset]
    position, flow = (before[-1] if before else words[0])
    countries = find_countries(sentence)
    reporter = partner = None
    ahead = [c for c in countries if c[0] < position]
    behind = [c for c in countries if c[0] > position]
    if ahead:
        reporter = ahead[-1][1]
    if behind:
        partner = next((c[1] for c in behind if c[1] != reporter), None)
    if reporter is None and partner is not None and len({c[1] for c in countries}) == 2:
        reporter = next(c[1] for c in countries if c[1] != partner)
    if reporter == partner:
        partner = None
    return flow, reporter, partner


def commodity_near(sentence: str, offset: int) -> str | None:
    found = find_commodities(sentence)
    if not found:
        return None
    after = [c for c in found if c[0] >= offset]
    return (after[0] if after and after[0][0] - offset < 40 else min(found, key=lambda c: abs(c[0] - offset)))[1]
