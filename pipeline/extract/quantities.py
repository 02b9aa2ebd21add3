"""Numbers in a spaCy Doc and what is attached to them: scale, range, unit, rate and hedge.

`find_quantities(doc)` walks the tokens once. A quantity is a number (digits or words, scaled by
`million`/`bn`...; a range `X-Y`, `X to Y`, `between X and Y`), with a unit written before it
(`US$`) or after it (`won`, `tons`, `percent`, a people noun), an optional rate denominator
(`per month`) and a hedge word before it (`as many as`). Years, dates, and numbers inside names
are skipped here; the sentence-level decisions (kind, period, source) are made in `figures.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import functools
from decimal import Decimal

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

from pipeline.extract.lexicon import lexicon

DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "jan.", "feb", "feb.", "mar.", "apr", "apr.", "jun.", "jul.", "aug",
    "aug.", "sep", "sep.", "sept", "sept.", "oct", "oct.", "nov", "nov.", "dec", "dec.",
}
SINGLE_LETTER_SCALES = {"k", "m", "b"}
RANGE_JOINERS = {"-", "–", "—", "to"}
NOT_NOUNS = {
    "was", "has", "is", "this", "its", "plus", "less", "across", "towards", "various", "previous", "serious",
    "famous", "news", "always", "perhaps", "thus", "yes", "us", "as", "his", "hers", "ours", "yours",
    "theirs", "whereas", "unless", "does", "goes", "was", "gas", "bus", "status", "basis", "analysis",
    "crisis", "percent", "times", "years", "months", "days", "weeks", "hours", "minutes", "seconds",
    "points", "decades", "centuries", "nations", "countries", "ones", "others", "terms", "means",
    "sanctions", "talks", "remains", "comments", "statistics", "figures", "numbers", "data",
}
SKIPPABLE = {"and", "new", "more", "guest", "foreign", "overseas", "migrant", "female", "male", "young", "elderly",
             "local", "senior", "registered", "additional", "other", "ethnic", "skilled", "unskilled", "full-time",
             "part-time", "-", "north", "south", "korean", "chinese", "american", "russian", "japanese", "state",
             "contract", "dispatched", "former", "active", "regular", "private", "small", "large", "big", "major",
             "construction", "industrial", "trade", "cargo", "military", "medical", "tb", "treatment", "total",
             "hungry", "starving", "ordinary", "official", "unofficial", "legal", "illegal", "border", "factory",
             "hospital", "daily", "monthly", "annual", "average", "extra", "further", "such"}
# Words that end a noun phrase: a count is not attached across them.
NOT_MODIFIERS = {"of", "in", "to", "from", "the", "a", "an", "and", "or", "were", "was", "are", "is", "have", "had",
                 "has", "by", "on", "for", "at", "with", "as", "per", "than", "that", "which", "who", "will", "would",
                 "a", "it", "its", "their", "his", "her", "be", "been", "being", "more", "less", "said", "say"}
PER_WORDS = {
    "annually": "year", "annual": "year", "yearly": "year", "daily": "day", "monthly": "month", "weekly": "week",
}
PER_UNITS = {
    "month": "month", "year": "year", "day": "day", "week": "week", "annum": "year", "kilogram": "kg",
    "kilo": "kg", "kg": "kg", "ton": "tonne", "tonne": "tonne", "barrel": "barrel", "liter": "litre",
    "litre": "litre", "head": "person", "person": "person", "capita": "person", "worker": "person",
    "hour": "hour", "dollar": "USD", "share": "item", "unit": "item", "piece": "item", "bag": "item",
    "pack": "item", "bottle": "item", "meal": "item", "night": "day", "trip": "item", "visit": "item",
    "box": "item", "can": "item", "packet": "item", "sack": "item", "set": "item",
    "vehicle": "item", "car": "item", "truck": "item",
}
EXCHANGE = re.compile(r"^(?:for|to|per|/|against)$")
CURRENCIES = {"USD", "KRW", "KPW", "WON", "CNY", "EUR", "GBP", "JPY", "RUB", "QAR", "CHF", "SEK", "MNT"}


@dataclass
class Quantity:
    """A number with what is attached to it; token offsets into the Doc (end exclusive)."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str | None
    unit_inferred: bool
    per: str | None
    qualifier: str | None
    number_start: int
    number_end: int
    paren_of: int | None = None  # index (in the list) of the amount this one converts
    multiple: bool = False


def _match_at(matches: dict, label: str, start: int) -> tuple[int, str] | None:
    return matches.get(label, {}).get(start)


def _match_ending_at(matches: dict, label: str, end: int) -> tuple[int, str] | None:
    best = None
    for start, (stop, value) in matches.get(label, {}).items():
        if stop == end and (best is None or start < best[0]):
            best = (start, value)
    return best


def parse_number(doc: Doc, i: int) -> tuple[float, int, bool] | None:
    """(value, end token, is_word) for a number starting at token i, scales applied."""
    lex = lexicon()
    n = len(doc)
    token = doc[i]
    text = token.text
    lower = token.lower_
    is_word = False
    if DIGITS.match(text):
        value = Decimal(text.replace(",", ""))  # exact: `8.3 million` is 8300000, not 8300000.000000001
        j = i + 1
    elif lower in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in ("hundred", "thousand", "million", "billion", "dozen", "trillion"):
        value, j, is_word = 1.0, i + 1, True
    elif lower == "half" and i + 2 < n and doc[i + 1].lower_ in ("a", "an") and doc[i + 2].lower_ in lex.scales:
        value, j, is_word = 0.5, i + 2, True
    elif lower in lex.number_words and lower not in ("a", "an"):
        value, j, is_word = lex.number_words[lower], i + 1, True
        # twenty-five / twenty five
        if value >= 20 and value % 10 == 0 and j + 1 < n:
            if doc[j].text == "-" and doc[j + 1].lower_ in lex.number_words and lex.number_words[doc[j + 1].lower_] < 10:
                value += lex.number_words[doc[j + 1].lower_]
                j += 2
    else:
        return None
    while j < n:
        scale_word = doc[j].lower_
        if scale_word not in lex.scales:
            break
        attached = doc[j - 1].whitespace_ == ""
        if scale_word in SINGLE_LETTER_SCALES and not attached:
            break
        if scale_word in ("dozen",) and not is_word and value > 12:
            break
        value = Decimal(str(value)) * Decimal(str(lex.scales[scale_word]))
        j += 1
        # `a hundred thousand`, `half a million`: allow `a` between scales only at the start.
    return float(value), j, is_word


def _is_year(doc: Doc, i: int, j: int, value: float) -> bool:
    token = doc[i]
    return (
        j == i + 1
        and "," not in token.text
        and "." not in token.text
        and 1800 <= value <= 2100
        and len(token.text) == 4
    )


def _is_name_or_date(doc: Doc, i: int) -> bool:
    lex = lexicon()
    if _dash_chain_length(doc, i) >= 3:
        return True  # `08-9-11-1`, `2014-4-24`: an identifier or a date
    if i > 0:
        prev = doc[i - 1]
        if prev.text in lex.name_before or prev.lower_ in MONTHS:
            return True
        if i > 1 and f"{doc[i - 2].text} {prev.text}" in lex.name_before:
            return True
        if prev.text in ("#", "No", "No.", "no.") or (prev.text == "." and i > 1 and doc[i - 2].text == "No"):
            return True
        if prev.text in RANGE_JOINERS and i > 1 and doc[i - 2].like_num and _is_name_or_date(doc, i - 2):
            return True  # `October 16 – 20`
    if i + 1 < len(doc):
        nxt = doc[i + 1]
        if nxt.lower_ in MONTHS and len(doc[i].text) <= 2:
            return True
        if nxt.lower_ in ("st", "nd", "rd", "th", "am", "pm", "a.m.", "p.m.", "o'clock"):
            return True
        if nxt.text in (":", "/") and nxt.whitespace_ == "" and i + 2 < len(doc) and doc[i + 2].like_num:
            return True
    if i > 0 and doc[i - 1].text in (":", "/") and doc[i - 1].whitespace_ == "" and doc[i].whitespace_ == "" and i > 1 and doc[i - 2].like_num:
        return True
    return False


def _dash_chain_length(doc: Doc, i: int) -> int:
    """How many numbers are glued by dashes (no spaces) in the chain holding token i."""
    def glued_number(k: int) -> bool:
        return 0 <= k < len(doc) and (doc[k].like_num or doc[k].text[:3] == "No." and doc[k].text[3:].isdigit())

    count = 1
    k = i
    while k + 2 < len(doc) and doc[k].whitespace_ == "" and doc[k + 1].text == "-" and doc[k + 1].whitespace_ == "" and glued_number(k + 2):
        count += 1
        k += 2
    k = i
    while k - 2 >= 0 and doc[k - 1].text == "-" and doc[k - 1].whitespace_ == "" and doc[k - 2].whitespace_ == "" and glued_number(k - 2):
        count += 1
        k -= 2
    return count


def _people_after(doc: Doc, j: int, matches: dict, window: int = 4) -> int | None:
    """End token of a people noun within a few modifier tokens after j, else None."""
    k = j
    while k < len(doc) and k - j <= window:
        hit = _match_at(matches, "PEOPLE", k)
        if hit:
            return hit[0]
        token = doc[k]
        if not (token.is_alpha or token.text == "-") or token.is_punct and token.text != "-":
            return None
        if not (token.text[0].isupper() or token.lower_ in SKIPPABLE):
            return None
        k += 1
    return None


def _item_after(doc: Doc, j: int, window: int = 5) -> int | None:
    """End token of a counted plural noun (`seven trucks`, `600 North Korean fishing boats`) after j, else None."""
    k = j
    lowercase_modifiers = 0
    while k < len(doc) and k - j <= window:
        token = doc[k]
        lower = token.lower_
        if token.is_alpha and token.is_lower and lower.endswith("s") and len(lower) > 3 and lower not in NOT_NOUNS and not lower.endswith(("ss", "us", "is", "ous")):
            return k + 1
        if not (token.is_alpha or token.text == "-"):
            return None
        if not (token.text[0].isupper() or lower in SKIPPABLE or token.text == "-"):
            lowercase_modifiers += 1
            if lowercase_modifiers > 2 or lower in NOT_MODIFIERS:
                return None
        k += 1
    return None


def _per_after(doc: Doc, k: int, matches: dict, exchange: bool = False) -> tuple[str | None, int]:
    """A rate denominator right after token k: `per month`, `a year`, `annually`, `for $1`."""
    n = len(doc)
    # Skip a parenthetical conversion: `260,000-280,000 won (US$238-256) per month`.
    if k < n and doc[k].text == "(":
        close = next((m for m in range(k + 1, min(n, k + 12)) if doc[m].text == ")"), None)
        if close is not None:
            per, end = _per_after(doc, close + 1, matches, exchange)
            return per, k if per is None else k
    if k >= n:
        return None, k
    word = doc[k].lower_
    if word in PER_WORDS:
        return PER_WORDS[word], k + 1
    if word in ("per", "a", "an", "each", "every") and k + 1 < n:
        unit_word = doc[k + 1].lower_.rstrip("s") if doc[k + 1].lower_ not in ("annum",) else "annum"
        if word == "per" and doc[k + 1].text in ("$", "US$") :
            return "USD", k + 2
        if unit_word in PER_UNITS and (word != "a" or unit_word in ("month", "year", "day", "week", "kilogram", "kilo", "ton", "tonne", "barrel", "head", "liter", "litre", "hour", "night")):
            return PER_UNITS[unit_word], k + 2
        hit = _match_at(matches, "UNIT", k + 1)
        if word == "per" and hit and hit[1] not in CURRENCIES and hit[1] not in ("percent", "percentage_point"):
            return hit[1], hit[0]
        if word == "per" and hit and hit[1] == "USD":
            return "USD", hit[0]
    if exchange and EXCHANGE.match(doc[k].text) and k + 1 < n:
        # An exchange rate: `8,000 won for $1`, `8057 won/$1`, `won to the dollar`.
        nxt = doc[k + 1]
        one_dollar = nxt.text in ("$1", "US$1") or (nxt.text in ("$", "US$") and k + 2 < n and doc[k + 2].text in ("1", "one"))
        if one_dollar or (nxt.text in ("1", "one") and k + 2 < n and doc[k + 2].lower_ in ("dollar", "us", "usd")):
            end = k + 2
            while end < n and (doc[end].like_num or doc[end].lower_ in ("dollar", "us", "usd", "$")) and end < k + 4:
                end += 1
            return "USD", end
        if nxt.lower_ == "the" and k + 2 < n and doc[k + 2].lower_ in ("dollar", "us"):
            return "USD", k + 3
    return None, k


@functools.cache
def _word_hashes() -> frozenset[int]:
    """Hashes of the words that can start a number (`seven`, `twice`, `half`, `a` of `a hundred`...)."""
    lex = lexicon()
    words = set(lex.number_words) | set(lex.multiples) | set(FRACTION_WORDS) | set(FRACTION_COUNTS)
    return frozenset(hash_string(w) for w in words)


@functools.cache
def _word_hash_array() -> "numpy.ndarray":
    return numpy.array(sorted(_word_hashes()), dtype=numpy.uint64)


def _candidate_tokens(doc: Doc) -> list[int]:
    """Indexes of tokens that may start a number, found with array operations instead of a token loop."""
    array = doc.to_array([LIKE_NUM, LOWER])
    if not len(array):
        return []
    words = _word_hash_array()
    slots = numpy.searchsorted(words, array[:, 1]).clip(max=len(words) - 1)
    mask = (array[:, 0] != 0) | (words[slots] == array[:, 1])
    return mask.nonzero()[0].tolist()


def find_quantities(doc: Doc) -> list[Quantity]:
    """All quantities in the Doc, in text order."""
    lex = lexicon()
    matches = doc._.lexicon_matches or {}
    name_tokens = {t for start, (end, _) in matches.get("NAME", {}).items() for t in range(start, end)}
    found: list[Quantity] = []
    n = len(doc)
    next_free = 0
    for i in _candidate_tokens(doc):
        if i < next_free or i in name_tokens:
            continue
        token = doc[i]
        # Multiples written as one word: `twice`, `tripled`.
        if token.lower_ in lex.multiples:
            found.append(Quantity(i, i + 1, lex.multiples[token.lower_], None, "ratio", False, None,
                                  _qualifier(doc, i, matches), i, i + 1, multiple=True))
            next_free = i + 1
            continue
        fraction = _fraction_at(doc, i)
        if fraction is not None:
            start, end, value, as_percent = fraction
            if as_percent:
                found.append(Quantity(start, end, value * 100, None, "percent", True, None, _qualifier(doc, start, matches), start, end))
            else:
                found.append(Quantity(start, end, value, None, "ratio", False, None, _qualifier(doc, start, matches), start, end, multiple=True))
            next_free = end
            continue
        if token.lower_ == "half" and (i + 1 >= n or doc[i + 1].lower_ not in ("a", "an")):
            next_free = i + 1
            continue
        parsed = parse_number(doc, i)
        if parsed is None or _is_name_or_date(doc, i):
            next_free = i + 1
            continue
        value, j, is_word = parsed
        value_high = None
        # Ranges: `260,000-280,000`, `10 to 11`, `between 50,000 and 60,000`.
        joiner = doc[j].text if j < n else ""
        between = i > 0 and doc[i - 1].lower_ == "between" and joiner == "and"
        preceded_by_from = i > 0 and doc[i - 1].lower_ == "from"
        if j + 1 < n and (joiner in RANGE_JOINERS or between) and not (joiner == "to" and preceded_by_from):
            second = parse_number(doc, j + 1)
            if second and not _is_year(doc, j + 1, second[1], second[0]) and not _is_name_or_date(doc, j + 1):
                high, j2, _ = second
                first_scaled = j > i + 1
                if not first_scaled and j2 > j + 2:
                    # `1.2-1.5 billion`: the scale written once applies to both ends.
                    scale = high / float(doc[j + 1].text.replace(",", "")) if DIGITS.match(doc[j + 1].text) else 1.0
                    value *= scale
                if high > value or (joiner == "to" and high >= value):
                    value_high, j = high, j2
                elif joiner in ("-", "–") and _is_year(doc, i, i + 1, value):
                    next_free = j2
                    continue
        start = i
        unit = None
        unit_inferred = False
        # Currency before: `US$`, `$`, `KRW`, `RMB`.
        cur = _match_ending_at(matches, "CUR", i)
        if cur:
            start, unit = cur
            # Scales only a currency licenses (`$5m`): re-apply after the fact.
            if j < n and doc[j].lower_ in SINGLE_LETTER_SCALES and doc[j - 1].whitespace_ == "" and doc[j].lower_ != "k" or (j < n and doc[j].lower_ == "k" and doc[j - 1].whitespace_ == ""):
                factor = lex.scales[doc[j].lower_]
                value *= factor
                value_high = value_high * factor if value_high is not None else None
                j += 1
        if unit is None and _is_year(doc, i, j, value) and value_high is None:
            if not (_match_at(matches, "UNIT", j) or _people_after(doc, j, matches) is not None):
                next_free = j
                continue
        end = j
        after = _match_at(matches, "UNIT", j)
        if after is not None:
            unit_end, after_unit = after
            single = doc[j].text.lower() in ("t", "m", "l", "b")
            if single and doc[j - 1].whitespace_ != "":
                after = None
        if after is not None and unit is None:
            end, unit = after[0], after[1]
            if "*" in unit:
                unit, phrase = unit.split("*", 1)
                factor = lex.scaled[phrase][1]
                value *= factor
                value_high = value_high * factor if value_high is not None else None
        elif after is not None and unit in CURRENCIES and after[1] in CURRENCIES:
            end = after[0]  # `US$ 5 dollars`: one currency
        multiple = False
        if unit in ("ratio",):
            # `five-fold`, `3.2-fold`, `three times as high` (but not `visited three times`).
            if doc[j].lower_ == "times" and not (end < n and doc[end].lower_ in ("as", "more", "higher", "larger", "bigger", "greater", "the", "that", "over", "what", "faster", "lower", "less", "smaller")):
                unit = None
                end = j
            else:
                multiple = True
        if unit is None and j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ == "fold":
            unit, end, multiple = "ratio", j + 2, True
        if unit is None and j + 1 < n and doc[j].text == "-" and doc[j - 1].whitespace_ == "" and doc[j + 1].is_alpha:
            # `the 150-day battle`, `100-watt panels`: a compound adjective. A time unit makes it a
            # duration (kept only for an absence or halt, in figures.py); anything else is no figure.
            hit = _match_at(matches, "UNIT", j + 1)
            if hit and hit[1] in ("day", "week", "month", "year", "hour"):
                unit, end = hit[1], hit[0]
            else:
                next_free = j + 2
                continue
        if j < n and doc[j].text in ("°", "ºC", "°C", "°F") :
            next_free = j + 1
            continue  # degrees: an angle or a temperature, not a figure of this dataset
        if unit is None:
            people_end = _people_after(doc, j, matches)
            if people_end is not None:
                unit, end = "person", people_end
        if unit is None and not is_word or unit is None and is_word:
            item_end = _item_after(doc, j)
            if item_end is not None and unit is None:
                unit, end = "item", item_end
        if unit is None:
            if is_word:
                next_free = j
                continue
            unit_inferred = True
        per, per_end = _per_after(doc, end, matches, exchange=unit in CURRENCIES and unit != "USD")
        qualifier = _qualifier(doc, start, matches)
        found.append(Quantity(start, end, value, value_high, unit, unit_inferred, per, qualifier, i, j, multiple=multiple))
        # An exchange rate's `$1` is its denominator, not a figure of its own.
        next_free = max(j, i + 1, per_end if per == "USD" else 0)
    _link_conversions(doc, found)
    return found


FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3, "fifth": 0.2,
                  "fifths": 0.2, "tenth": 0.1, "twentieth": 0.05}
FRACTION_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def _fraction_at(doc: Doc, i: int) -> tuple[int, int, float, bool] | None:
    """A fraction in words at token i: (start, end, value, as_percent).

    `a quarter of`, `two thirds of`, `half of` are shares (percent); `by half`, `by a third` are
    changes (percent); `half the figure`, `more than half what` compare two amounts (ratio).
    """
    n = len(doc)
    word = doc[i].lower_
    count = 1
    start = i
    if word in FRACTION_COUNTS and i + 1 < n and doc[i + 1].lower_ in FRACTION_WORDS and doc[i + 1].lower_ != "half":
        count = FRACTION_COUNTS[word]
        word = doc[i + 1].lower_
        end = i + 2
    elif word == "half":
        end = i + 1
    else:
        return None
    value = count * FRACTION_WORDS[word]
    nxt = doc[end].lower_ if end < n else ""
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in ("first", "second", "latter", "former", "other", "lower", "upper", "northern", "southern", "eastern", "western"):
        return None  # `the first half of the year` is a period; `the upper half` a place
    if nxt == "of" or prev == "by":
        return start, end, value, True
    if word == "half" and (nxt in ("the", "what", "that", "as") or prev in ("than", "about", "nearly", "almost", "barely", "roughly", "around")):
        return start, end, value, False
    return None


def _qualifier(doc: Doc, start: int, matches: dict) -> str | None:
    hit = _match_ending_at(matches, "QUAL", start)
    if hit:
        return hit[1]
    # `by up to 73 percent`, `an estimated 7,000`
    if start > 1 and doc[start - 1].lower_ in ("a", "an", "by"):
        hit = _match_ending_at(matches, "QUAL", start - 1)
        if hit:
            return hit[1]
    return None


def _link_conversions(doc: Doc, found: list[Quantity]) -> None:
    """Mark `(US$909 million)` after `1 trillion won` as a conversion of it."""
    for index in range(1, len(found)):
        outer, inner = found[index - 1], found[index]
        if inner.start == outer.end + 1 and doc[outer.end].text == "(" and inner.unit and outer.unit:
            inner.paren_of = index - 1
            if inner.qualifier is None:
                inner.qualifier = outer.qualifier
            if outer.per is None and inner.per is not None:
                outer.per = inner.per
            if inner.per is None:
                inner.per = outer.per
