"""Dates written in dumps: date lines, UPDATE markers and citation blocks.

The shapes seen on the blog (ISO, non-padded ISO, M/D/YYYY, `Month Dth, YYYY`, `August 28` with the
year taken from the post) are parsed by fast regular expressions; anything else goes to dateparser,
whose result is cached. Month-name typos (`Auguts`) are resolved by their first three letters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import dateparser

MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}

_ISO = re.compile(r"^\(?(\d{4})-(\d{1,2})-(\d{1,2})\)?$")
_US = re.compile(r"^\(?(\d{1,2})/(\d{1,2})/(\d{4})\)?$")
_MONTH_DAY = re.compile(
    r"^(?:[A-Z][a-z]+day,?\s+)?([A-Za-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$"
)
# A line that is only a date, for citation blocks.
DATE_ONLY = re.compile(
    r"^\(?(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|"
    r"(?:[A-Z][a-z]+day,?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\)?$"
)


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation, tolerating typos after the third letter."""
    return MONTHS.get(word[:3].lower())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, default_year: int | None = None) -> dt.date | None:
    """A date from a short string, or None. `default_year` completes `August 28`."""
    text = text.strip().strip(".")
    if not text or len(text) > 40:
        return None
    if match := _ISO.match(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _US.match(text):
        return _safe_date(int(match[3]), int(match[1]), int(match[2]))
    if match := _MONTH_DAY.match(text):
        month = month_number(match[1])
        year = int(match[3]) if match[3] else default_year
        if month and year:
            return _safe_date(year, month, int(match[2]))
        if month:
            return None
    if not any(ch.isdigit() for ch in text):
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
