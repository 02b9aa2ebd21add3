"""Periods a figure describes: period phrases in its sentence resolved against the update's date.

`period_phrases(sentence, anchor)` finds every phrase of the `periods` lexicon and turns it into
(start, end) dates; `period_for(phrases, offset, ...)` picks the one that dates a figure at a
given offset. Comparison phrases (`the same period last year`) date only the base of a comparison,
shifted by a year from the sentence's own period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from pipeline.extract.lexicon import lexicon
from pipeline.ingest.dates import month_number

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@dataclass(frozen=True)
class PeriodPhrase:
    start: int  # character offsets in the sentence
    end: int
    period_start: dt.date | None
    period_end: dt.date | None
    comparison: bool
    shift_years: int = 0  # for comparison phrases: years back from the sentence's own period
    base_year: int | None = None  # `in that of 2012`: the year of the base period
    is_from: bool = False  # `from February`, `the 2012 level`: names a comparison's base
    anaphoric: bool = False  # `in the quarter`: the period of the passage


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_of(ref: str | None, anchor: dt.date) -> int:
    """The year a reference names: `this year`, `last year`, `2013`, or none (the anchor's year)."""
    if not ref:
        return anchor.year
    ref = " ".join(ref.lower().split())
    if ref in ("this year", "the year"):
        return anchor.year
    if ref == "last year":
        return anchor.year - 1
    return int(ref)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else WORD_NUMBERS.get(text.lower(), 0)


def _month_year(month: int, anchor: dt.date) -> int:
    """A month named without a year: this year's if not after the anchor month, else last year's."""
    return anchor.year if month <= anchor.month else anchor.year - 1


@functools.cache
def _compiled() -> list[tuple[str, re.Pattern, dict, frozenset[str]]]:
    """(name, pattern, entry, requires) per rule, in lexicon order."""
    return [
        (name, re.compile(entry["pattern"], re.I), entry, frozenset(entry.get("requires", ())))
        for name, entry in lexicon().periods.items()
    ]



def _resolve(rule: str, m: re.Match, anchor: dt.date) -> tuple[dt.date | None, dt.date | None, int, int | None]:
    """(start, end, shift_years, base_year) for a match of rule `rule`."""
    g = m.groupdict()
    if rule == "first_months":
        n = _number(g["n"])
        year = _year_of(g.get("ref"), anchor)
        if 1 <= n <= 12:
            return dt.date(year, 1, 1), month_end(year, n), 0, None
    elif rule == "half":
        which = (g.get("which") or g.get("h") or "").lower()
        first = which in ("first", "1st", "h1")
        year = _year_of(g.get("ref") or g.get("ref2"), anchor)
        if first:
            return dt.date(year, 1, 1), dt.date(year, 6, 30), 0, None
        return dt.date(year, 7, 1), dt.date(year, 12, 31), 0, None
    elif rule == "quarter":
        q = int(g["q"]) if g.get("q") else ORDINALS[g["which"].lower()]
        year = _year_of(g.get("ref"), anchor)
        return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), 0, None
    elif rule == "month_range":
        m1, m2 = month_number(g["m1"]), month_number(g["m2"])
        if m1 and m2 and m1 <= m2:
            year = int(g["y1"]) if g.get("y1") else _year_of(g.get("ref"), anchor) if g.get("ref") else _month_year(m2, anchor)
            return dt.date(year, m1, 1), month_end(year, m2), 0, None
    elif rule == "year_range":
        y1 = g.get("y1") or g.get("y3")
        y2 = g.get("y2") or g.get("y4")
        y1 = int(y1)
        y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if y1 < y2 <= anchor.year + 1:
            return dt.date(y1, 1, 1), dt.date(y2, 12, 31), 0, None
    elif rule == "past_years":
        n = _number(g["n"])
        if n:
            return dt.date(anchor.year - n, 1, 1), dt.date(anchor.year - 1, 12, 31), 0, None
    elif rule == "month":
        month = month_number(g["m"])
        if month:
            year = int(g["y"]) if g.get("y") else _month_year(month, anchor)
            if m.group(0).lower().startswith("last") and not g.get("y"):
                year = anchor.year - 1 if month >= anchor.month else anchor.year
            return dt.date(year, month, 1), month_end(year, month), 0, None
    elif rule == "year":
        year = int(g.get("y") or g.get("y2"))
        if year <= anchor.year + 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31), 0, None
    elif rule == "same_period":
        if g.get("y"):
            return None, None, 0, int(g["y"])
        ref = (g.get("ref") or "").lower()
        if ref[:2].isdigit():
            return None, None, 0, int(ref)
        return None, None, 1, None
    elif rule == "relative_year":
        rel = g["rel"].lower()
        year = {"this": anchor.year, "next": anchor.year + 1}.get(rel, anchor.year - 1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), 0, None
    elif rule == "end_of":
        if g.get("m"):
            month = month_number(g["m"])
            year = int(g["y"]) if g.get("y") else _month_year(month, anchor)
            day = month_end(year, month)
            return day, day, 0, None
        year = int(g["y2"]) if g.get("y2") else (anchor.year - 1 if (g.get("rel") or "").lower() == "last" else anchor.year)
        return dt.date(year, 12, 31), dt.date(year, 12, 31), 0, None
    elif rule == "as_of":
        # `did not import any oil as of April 2014`: the running total of the year so far.
        month = month_number(g["m"])
        year = int(g["y"]) if g.get("y") else _month_year(month, anchor)
        return dt.date(year, 1, 1), month_end(year, month), 0, None
    elif rule == "first_days":
        month = month_number(g["m"])
        year = int(g["y"]) if g.get("y") else _month_year(month, anchor)
        return dt.date(year, month, 1), dt.date(year, month, min(int(g["n"]), month_end(year, month).day)), 0, None
    elif rule == "since":
        if g.get("start_of_year"):
            return dt.date(anchor.year, 1, 1), anchor, 0, None
        if g.get("m"):
            month = month_number(g["m"])
            year = int(g["y"]) if g.get("y") else _month_year(month, anchor)
            return dt.date(year, month, 1), anchor, 0, None
        return dt.date(int(g["y2"]), 1, 1), anchor, 0, None
    elif rule == "relative_week":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        if g["rel"].lower() != "this":
            monday -= dt.timedelta(days=7)
        return monday, monday + dt.timedelta(days=6), 0, None
    elif rule == "anaphoric":
        return None, None, 0, None
    elif rule == "relative_month":
        rel = g["rel"].lower()
        year, month = anchor.year, anchor.month
        if rel != "this":
            month -= 1
            if month == 0:
                year, month = year - 1, 12
        return dt.date(year, month, 1), month_end(year, month), 0, None
    return None, None, 0, None


def period_phrases(text: str, anchor: dt.date | None) -> list[PeriodPhrase]:
    """All period phrases in `text`, resolved against `anchor`, line by line (a phrase never spans a
    line break, and a rule's `requires` words are tested per line)."""
    if anchor is None:
        return []
    found: list[PeriodPhrase] = []
    lower = text.lower()
    rules = [rule for rule in _compiled() if not rule[3] or any(word in lower for word in rule[3])]
    if not rules:
        return found
    offset = 0
    for line in text.split("\n"):
        if line:
            for phrase in _line_phrases(line, anchor, rules):
                found.append(replace(phrase, start=phrase.start + offset, end=phrase.end + offset))
        offset += len(line) + 1
    return found


def _line_phrases(sentence: str, anchor: dt.date, rules: list | None = None) -> list[PeriodPhrase]:
    """Period phrases of one line; overlapping matches keep the first rule's (rules are ordered).
    `rules`: the rules whose cue words the whole text holds (all rules by default)."""
    found: list[PeriodPhrase] = []
    lower = sentence.lower()
    for rule_name, pattern, entry, requires in rules if rules is not None else _compiled():
        if requires and not any(word in lower for word in requires):
            continue
        for m in pattern.finditer(sentence):
            if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in found):
                continue
            try:
                start, end, shift, base_year = _resolve(entry["resolve"], m, anchor)
            except (ValueError, KeyError, TypeError):
                continue
            comparison = bool(entry.get("comparison"))
            anaphoric = entry["resolve"] == "anaphoric"
            if start is None and not comparison and not anaphoric:
                continue
            lead = sentence[max(0, m.start() - 20):m.start()].lower().rstrip()
            if lead.endswith("fourth of") or lead.endswith("fourth"):
                continue  # the Fourth of July is a holiday, not a period
            if entry["resolve"] == "since" and _RECORD.search(sentence[max(0, m.start() - 80):m.start()]):
                continue  # `the lowest since 2001`, `the first time since 2011`: a record, not a period
            is_from = not comparison and entry["resolve"] != "anaphoric" and (
                (rule_name in ("year", "month") and m.group(0).lower().startswith(("from ", "than ")))
                or lead.endswith(("compared with", "compared to", "compared with the", "compared to the", "than",
                                  "than in", "versus", "from the"))
                or (rule_name in ("year", "month") and lead.endswith(("the", "from")))
            )
            found.append(PeriodPhrase(m.start(), m.end(), start, end, comparison, shift, base_year, is_from, anaphoric))
    return sorted(found, key=lambda p: p.start)


def _shift(period: tuple[dt.date, dt.date], phrase: PeriodPhrase) -> tuple[dt.date | None, dt.date | None]:
    start, end = period
    try:
        if phrase.base_year is not None:
            delta = start.year - phrase.base_year
        else:
            delta = phrase.shift_years
        end_day = min(end.day, calendar.monthrange(end.year - delta, end.month)[1])
        return start.replace(year=start.year - delta), end.replace(year=end.year - delta, day=end_day)
    except ValueError:
        return None, None


_RECORD = re.compile(r"\b(?:lowest|highest|largest|biggest|smallest|most|least|first time|record|best|worst)\b", re.I)
# Another amount introduced as a comparison base (`up from just seven`, `than 359 tons`).
_BASE_BETWEEN = re.compile(
    r"\b(?:from|than)\s+(?:just\s+|only\s+|about\s+|around\s+|some\s+|a\s+mere\s+)?(?:US)?[$€£¥]?\d"
    r"|\b(?:from|than)\s+(?:just\s+|only\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+dozen)\b"
    r"|\bcompared\s+(?:with|to)\b", re.I)
_CLAUSE_BREAK = re.compile(r",\s*(?:though|although|whereas|but|which|who)\b")
_SUBORDINATE = re.compile(r"\b(?:who|which|whose|where|when|since|after|before|until|while|because|though|although)\b", re.I)


def _in_figure_clause(sentence: str, phrase: PeriodPhrase, offset: int) -> bool:
    """Whether a phrase before a figure dates it: not inside a relative or temporal clause
    (`Kim Joo-il, who escaped North Korea in 2005, estimates ...`)."""
    clause_start = sentence.rfind(",", 0, phrase.start) + 1
    if _CLAUSE_BREAK.search(sentence[phrase.end:offset]):
        return False  # `..., though a pipeline is believed to supply 520,000 tons`
    return not _SUBORDINATE.search(sentence[clause_start:phrase.start])


def period_for(
    sentence: str,
    phrases: list[PeriodPhrase],
    offset: int,
    next_offset: int | None,
    *,
    is_base: bool,
    is_change: bool,
    fallback: tuple[dt.date, dt.date] | None = None,
    inherited: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The period of a figure at `offset` (next figure at `next_offset`) in `sentence`.

    Preference: a phrase between this figure and the next, then the nearest phrase before it in
    its clause, then the nearest after. A comparison phrase applies to the base of a comparison
    (`from 359 tons in the same period last year`), shifting the sentence's own period (or, when
    the sentence has none, `fallback`, the period of the sentences before); a change takes the
    current period, never the comparison base's. Without a phrase the period is `inherited` (the
    period of the paragraph so far), else null.
    """
    for phrase in phrases:
        if phrase.anaphoric and fallback:
            phrases = [
                PeriodPhrase(p.start, p.end, fallback[0], fallback[1], False) if p is phrase else p for p in phrases
            ]
    phrases = [p for p in phrases if not p.anaphoric or p.period_start]
    own = [p for p in phrases if not p.comparison and not p.is_from]
    comparisons = [p for p in phrases if p.comparison]
    before_figure = [p for p in own if p.end <= offset and _in_figure_clause(sentence, p, offset)]
    current = before_figure[-1] if before_figure else (own[0] if own else None)
    current_period = (current.period_start, current.period_end) if current else fallback
    limit = next_offset if next_offset is not None else 10**9
    between = [p for p in phrases if offset <= p.start < limit
               and (p.comparison or p.is_from or not _BASE_BETWEEN.search(sentence[offset:p.start]))]
    if between:
        phrase = between[0]
        if phrase.is_from and not is_base:
            # `rose 84% ... compared to the January-May period in 2013`: the base is dated, the figure
            # is the period after it (the passage's, else the same span a year on).
            if current_period or inherited:
                return current_period or inherited
            return _shift((phrase.period_start, phrase.period_end), PeriodPhrase(0, 0, None, None, True, shift_years=-1))
        if phrase.comparison:
            if is_change:
                return current_period if current_period else (None, None)
            if current_period is None:
                return None, None
            if is_base or phrase.base_year is not None:
                return _shift(current_period, phrase)
            return current_period
        if is_base and before_figure and _is_full_year(phrase) and not _is_full_year(before_figure[-1]):
            # `from January to May ... down from US$1.33 billion last year`: the same months a year before.
            base = PeriodPhrase(0, 0, None, None, True, base_year=phrase.period_start.year)
            return _shift((before_figure[-1].period_start, before_figure[-1].period_end), base)
        return phrase.period_start, phrase.period_end
    if is_base and comparisons and current_period:
        return _shift(current_period, comparisons[0])
    if before_figure:
        return before_figure[-1].period_start, before_figure[-1].period_end
    # A phrase after a later figure dates this one too (`rose 11.2 percent to 578,000 tons in 2013`),
    # unless a comparison base stands between them (`fetches 25,000 won, up from 18,000 won in January`).
    after = [p for p in own if p.start >= offset and not _BASE_BETWEEN.search(sentence[offset:p.start])]
    if after:
        return after[0].period_start, after[0].period_end
    if inherited:
        return inherited
    return None, None


def _is_full_year(phrase: PeriodPhrase) -> bool:
    start, end = phrase.period_start, phrase.period_end
    return bool(start and end and start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year)
