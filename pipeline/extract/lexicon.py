"""The extraction lexicons, loaded once from `pipeline/lexicons/*.toml` into lookup tables."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.lexicons import load


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    multiples: dict[str, float]
    currency_before: dict[str, str]  # lower-cased phrase -> currency code
    unit_after: dict[str, str]  # lower-cased phrase -> unit code (currency or measure); `unit*phrase` when scaled
    scaled: dict[str, tuple[str, float]]  # `hectolitres` -> ("litre", 100)
    people: frozenset[str]
    qualifiers: dict[str, str]  # phrase -> approx / at_least / at_most
    change: dict[str, str]  # word -> up / down
    change_markers: tuple[str, ...]
    share_after: frozenset[str]
    share_before: tuple[str, ...]
    trade: dict[str, str]  # word -> export / import / trade
    price_words: tuple[str, ...]
    comparison_before: frozenset[str]
    source_pointers: tuple[str, ...]
    first_person: frozenset[str]
    name_before: frozenset[str]
    names: tuple[str, ...]
    sources: dict[str, str]  # alias (lower) -> canonical
    countries: dict[str, str]  # name (lower) -> ISO code
    commodities: dict[str, str]  # phrase (lower) -> canonical
    periods: dict[str, dict]


def _phrases(mapping: dict[str, list[str]]) -> dict[str, str]:
    return {phrase.lower(): key for key, phrases in mapping.items() for phrase in phrases}


@functools.cache
def lexicon() -> Lexicon:
    numbers = load("numbers")
    units = load("units")
    cues = load("cues")
    non = load("non_figures")
    sources = load("sources")
    geo = load("geo")
    currency_before: dict[str, str] = {}
    unit_after: dict[str, str] = {}
    for code, entry in units["currency"].items():
        for phrase in entry.get("before", []):
            currency_before[phrase.lower()] = code
        for phrase in entry.get("after", []):
            unit_after[phrase.lower()] = code
    for code, entry in units["measure"].items():
        for phrase in entry.get("after", []):
            unit_after.setdefault(phrase.lower(), code)
    scaled = {k.lower(): (v[0], float(v[1])) for k, v in units["scaled"].items() if k != "examples"}
    for phrase, (code, _) in scaled.items():
        unit_after.setdefault(phrase, f"{code}*{phrase}")
    source_aliases = {}
    for name, entry in sources.items():
        for alias in [name, *entry.get("aliases", [])]:
            source_aliases[alias.lower()] = name
    countries = _phrases({k: v for k, v in geo["countries"].items() if k != "examples"})
    return Lexicon(
        number_words={k: float(v) for k, v in numbers["units"].items()},
        scales={k: float(v) for k, v in numbers["scales"].items()},
        fractions={k: float(v) for k, v in numbers["fractions"].items()},
        multiples={k: float(v) for k, v in numbers["multiples"].items()},
        currency_before=currency_before,
        unit_after=unit_after,
        scaled=scaled,
        people=frozenset(n.lower() for n in units["people"]["nouns"]),
        qualifiers=_phrases({k: v for k, v in cues["qualifier"].items() if k != "examples"}),
        change=_phrases({k: v for k, v in cues["change"].items() if k in ("up", "down")}),
        change_markers=tuple(m.lower() for m in cues["change"]["markers"]),
        share_after=frozenset(cues["share"]["after"]),
        share_before=tuple(cues["share"]["before"]),
        trade=_phrases({k: v for k, v in cues["trade"].items() if k != "examples"}),
        price_words=tuple(cues["price"]["words"]),
        comparison_before=frozenset(cues["comparison"]["before"]),
        source_pointers=tuple(cues["source_pointer"]["phrases"]),
        first_person=frozenset(cues["first_person"]["words"]),
        name_before=frozenset(non["name_before"]["words"]),
        names=tuple(non["names"]["phrases"]),
        sources=source_aliases,
        countries=countries,
        commodities=_phrases(geo["commodities"]),
        periods=load("periods"),
    )


@functools.cache
def alias_regex(kind: str) -> re.Pattern:
    """One case-insensitive whole-word regex over all aliases of `sources`, `countries` or `commodities`."""
    table = getattr(lexicon(), kind)
    aliases = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])", re.I)
