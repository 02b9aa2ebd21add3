"""Figures of one segment: quantities from the spaCy Doc, decided sentence by sentence.

For every quantity `nkf_quantities` found, this module decides whether it is a figure at all,
its unit (bare `won` as KRW or KPW), kind, direction, period, source, outlet and, for trade
figures, flow, reporter, partner and commodity. Stated zeros (`not a single drop of crude oil`)
are added from the `zeros` patterns below.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, replace

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from pipeline.extract import context
from pipeline.extract.lexicon import lexicon
from pipeline.extract.periods import period_for, period_phrases
from pipeline.extract.quantities import CURRENCIES, Quantity
from pipeline.ingest.outlets import intro_outlet

TIME_UNITS = {"day", "week", "month", "year", "hour"}
DURATION_NOUNS = {"absence", "halt", "suspension", "ban", "gap", "hiatus", "stoppage", "break", "closure",
                  "shutdown", "sentence", "lull", "pause", "delay", "blackout", "moratorium", "freeze",
                  "streak", "consecutive", "straight", "successive", "stay", "detention", "imprisonment"}
MEASURE_KINDS = {"tonne": "tonnage", "kg": "tonnage", "barrel": "volume", "litre": "volume", "cubic_metre": "volume",
                 "km": "distance", "mile": "distance", "m": "distance", "person": "count_people", "item": "count_other",
                 "ratio": "multiple", "day": "duration", "square_metre": "other", "week": "duration", "month": "duration", "year": "duration",
                 "hour": "duration", "kwh": "other", "mw": "other", "hectare": "other", "square_km": "other"}
PRICE_PER = {"kg", "tonne", "barrel", "litre", "item", "USD", "CNY", "person"}
KPW_CUES = re.compile(r"\b(?:markets?|jangmadang|prices?|rice|corn|maize|kilogram|kg|exchange rate|black market|"
                      r"North Korean won|in North Korea’s markets|Pyongyang|Sinuiju|Hyesan|Chongjin|wages? in North Korea)\b", re.I)
KRW_CUES = re.compile(r"\b(?:South Korea|South Korean|Seoul|Hyundai|KOTRA|KITA|ministry|invest(?:ed|ment)?s?|aid|"
                      r"loss(?:es)?|budget|fund|Samsung|LG|Kaesong Industrial|company|firms?|government)\b", re.I)
ZERO_HINT = re.compile(r"zero|single|\bany\b|\bnone\b|\bno\b|\bnot\b|\bnever\b|n[’']t\b", re.I)  # cheap test before the patterns
ZERO_PATTERNS = [
    re.compile(r"\bnot a single (?P<u>drop|ton|tonne|barrel|won|dollar|cent|rial|riyal|yuan|kilogram|liter|litre)\b(?: of (?P<c>(?:crude )?[\w-]+(?: oil)?))?", re.I),
    re.compile(r"\b(?:did not|didn’t|didn't|does not|doesn’t|doesn't|has not|have not|had not|never)\s+(?:officially\s+)?(?:import|export|ship|sell|buy|supply|send|receive)(?:ed)?\s+any\s+(?P<c>(?:crude\s+)?oil|crude|coal|[\w-]+)", re.I),
    re.compile(r"\b(?:sold|exported|imported|shipped|supplied|delivered|bought)\s+no\s+(?P<c>(?:crude\s+)?oil|crude|coal|[\w-]+)", re.I),
    re.compile(r"\b(?:there (?:were|was) )?no (?P<c>(?:crude )?oil |coal |crude )?(?:shipments|exports|imports|deliveries)(?: of (?P<c2>(?:crude )?oil|crude|coal|[\w-]+))?", re.I),
    re.compile(r"(?<![\w-])(?:zero|Zero|ZERO)(?![\w-])"),
    re.compile(r"\b(?:don’t|don't|do not|doesn’t|doesn't|does not|didn’t|didn't|did not)\s+(?:have|receive|get|earn|pay)\s+a single (?P<u>won|dollar|cent|rial|riyal|yuan)\b", re.I),
    re.compile(r"\b(?:did not|didn’t|didn't|does not|doesn’t|doesn't|has not|have not|never)\s+(?:import|export|ship|sell|supply)(?:ed)?\s+(?P<c>crude oil|oil|coal|iron ore|rice|fertili[sz]er)\b", re.I),
    re.compile(r"\b(?:sent|exported|imported|shipped|delivered|received|provided|supplied) none\b", re.I),
]
BULK = {"crude oil", "oil", "coal", "refined oil products", "jet fuel", "kerosene", "gasoline", "diesel", "butane",
        "iron ore", "flour", "rice", "corn", "wheat", "fertilizer", "food", "zinc", "copper", "steel"}
ZERO_UNIT_WORDS = {"ton": "tonne", "tonne": "tonne", "barrel": "barrel", "drop": "tonne", "kilogram": "kg",
                   "liter": "litre", "litre": "litre", "won": "WON", "dollar": "USD", "cent": "USD",
                   "rial": "QAR", "riyal": "QAR", "yuan": "CNY"}
CLAUSE_VERBS = re.compile(r"\s+(?:reached|rose|fell|was|were|is|are|stood|totaled|totalled|amounted|hit|increased|"
                          r"decreased|dropped|declined|plunged|soared|tumbled|shrank|jumped|grew|came|remained|"
                          r"recorded|posted|reported|imported|exported|also|has|have|had|would|will|could|may)\b.*$", re.I)


# Figures of a data release keep the statistics body named earlier in the segment: trade values,
# tonnages and volumes, and percent changes and shares in sentences about trade.
DATA_KINDS = {"trade_value", "tonnage", "volume", "percent_change", "percent_share"}


@dataclass
class SegmentContext:
    segment_id: str
    post_id: str
    text: str
    segment_date: dt.date | None
    outlet: str | None


def figure_id(segment_id: str, char_start: int, surface: str) -> str:
    digest = hashlib.sha1(surface.encode()).hexdigest()[:6]
    return f"{segment_id}@{char_start}-{digest}"


def _won_unit(q: Quantity, conversion: Quantity | None, sentence: str, segment_text: str) -> str:
    """KRW or KPW for a bare `won`: implied exchange rate first, then context words, then scale."""
    if conversion is not None and conversion.unit == "USD" and conversion.value:
        rate = q.value / conversion.value
        return "KRW" if 500 <= rate <= 2500 else "KPW"
    if q.per in ("kg", "tonne", "USD", "litre", "item"):
        return "KPW"
    if q.value >= 1e6:
        return "KRW"
    if KPW_CUES.search(sentence):
        return "KPW"
    if KRW_CUES.search(sentence):
        return "KRW"
    return "KPW"


def text_of(doc: Doc, start: int, end: int) -> str:
    """The text of tokens start..end, sliced from the Doc's string (faster than building a Span)."""
    start, end = max(0, start), min(len(doc), end)
    if end <= start:
        return ""
    last = doc[end - 1]
    return doc_text(doc)[doc[start].idx:last.idx + len(last)]


def sentence_text(doc: Doc, sent: Span) -> str:
    return doc_text(doc)[sent.start_char:sent.end_char]


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences, from the SENT_START array (no Python loop over tokens)."""
    if not len(doc):
        return []
    flags = doc.to_array([SENT_START])
    starts = [0] + [i for i in (flags == 1).nonzero()[0].tolist() if i > 0]
    return [doc[a:b] for a, b in zip(starts, starts[1:] + [len(doc)])]


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once and kept (`Doc.text` joins all tokens on every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _tokens_text(doc: Doc, start: int, end: int) -> str:
    return text_of(doc, start, end).lower()


def _direction(doc: Doc, q: Quantity, sent: Span) -> str | None:
    """up/down from the nearest change word before the figure (10 tokens) or just after it (4)."""
    matches = doc._.lexicon_matches.get("CHANGE", {})
    best = None
    reach = 14 if q.start > 0 and doc[q.start - 1].lower_ == "by" else 10
    for start, (end, direction) in matches.items():
        if sent.start <= start and end <= q.start and q.start - end <= reach:
            if best is None or start > best[0]:
                best = (start, direction)
    if best:
        return best[1]
    for start, (end, direction) in sorted(matches.items()):
        if q.end <= start < min(sent.end, q.end + 5):
            return direction
    return None


def _has_change_marker(doc: Doc, q: Quantity, sent: Span) -> bool:
    markers = doc._.lexicon_matches.get("MARKER", {})
    return any(sent.start <= s < sent.end and abs(s - q.end) <= 6 for s in markers)


def _percent_kind(doc: Doc, q: Quantity, sent: Span) -> tuple[str, str | None]:
    lex = lexicon()
    nxt = doc[q.end].lower_ if q.end < len(doc) else ""
    direction = _direction(doc, q, sent)
    before = _tokens_text(doc, max(sent.start, q.start - 4), q.start)
    prev = doc[q.start - 1].lower_ if q.start > 0 else ""
    if nxt in lex.share_after and prev != "by":
        return "percent_share", None
    if prev == "to" and direction and not _has_change_marker(doc, q, sent):
        # `the share of processing trade fell to 16.9 percent`: the level reached, not the change.
        return ("percent_share" if re.search(r"\bshare\b", sentence_text(doc, sent), re.I) else "percent_other"), None
    if direction or _has_change_marker(doc, q, sent):
        return "percent_change", direction
    if nxt in ("went", "were", "are", "is", "was", "live", "lived", "work", "worked", "said", "say", "had", "have"):
        return "percent_share", None
    if any(before.endswith(p.lower()) or f"{p.lower()} " in before for p in lex.share_before):
        return "percent_share", None
    return "percent_other", None


def _is_comparison_base(doc: Doc, q: Quantity) -> bool:
    lex = lexicon()
    k = q.start - 1
    while k >= 0 and doc[k].lower_ in ("just", "only", "a", "an", "the", "some", "about", "around", "nearly", "over", "record"):
        k -= 1
    if k < 0:
        return False
    if doc[k].lower_ == "as" and k > 0 and doc[k - 1].lower_ in ("many", "much", "high", "low", "little", "few", "large", "long"):
        return False
    return doc[k].lower_ in lex.comparison_before or _tokens_text(doc, k - 1, k + 1) in ("compared with", "compared to")


def _price_context(doc: Doc, q: Quantity, sent: Span) -> bool:
    lex = lexicon()
    window = _tokens_text(doc, max(sent.start, q.start - 12), q.start)
    after = _tokens_text(doc, q.end, min(sent.end, q.end + 2))
    if re.search(r"\b(?:exchange rate|buys|traded for|trades for|fetches|fetched)\b", sentence_text(doc, sent), re.I) and q.value < 1e6:
        return True
    return bool(_price_regex().search(window)) or any(
        after.startswith(w) for w in ("price", "prices", "a kilogram", "a kilo", "a ton")
    )


@functools.cache
def _price_regex() -> re.Pattern:
    words = sorted((w for w in lexicon().price_words if w not in ("per", "each", "rate")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _measured(doc: Doc, q: Quantity, sent: Span) -> str | None:
    """A short phrase in the text's words naming what is measured."""
    if q.unit in ("person", "item") and q.end > q.number_end:
        phrase = text_of(doc, q.number_end, q.end)
        k = q.end
        if k < sent.end and doc[k].lower_ in ("in", "from", "to", "at", "working", "visiting", "entering"):
            tail = []
            k2 = k
            while k2 < sent.end and len(tail) < 5 and (doc[k2].lower_ in ("in", "from", "to", "at", "working", "visiting", "entering", "the") or doc[k2].text[:1].isupper()):
                tail.append(doc[k2].text_with_ws)
                k2 += 1
            phrase = (phrase + " " + "".join(tail)).strip()
        return phrase
    start = q.start
    k = start - 1
    while k > sent.start and doc[k].text not in (",", ";", ":", "(", "“") and start - k < 14:
        k -= 1
    clause = text_of(doc, k + 1 if doc[k].text in (",", ";", ":", "(", "“") else k, start)
    clause = CLAUSE_VERBS.sub("", clause).strip(" ,")
    if clause.lower().startswith(("in particular", "meanwhile", "however", "but", "and")):
        clause = clause.split(" ", 2)[-1] if " " in clause else ""
    words = clause.split()
    if not words:
        after = text_of(doc, q.end, min(sent.end, q.end + 6)).strip(" ,.")
        return after or None
    return " ".join(words[-10:])


def _zero_unit(match: re.Match, sentence: str, offset: int, before: str, after: str = "") -> tuple[str, bool, str | None]:
    """(unit, inferred, commodity) of a stated zero; `before`/`after` are the segment text around the sentence."""
    unit_word = (match.groupdict().get("u") or "").lower()
    words = " ".join(filter(None, [match.groupdict().get("c"), match.groupdict().get("c2")]))
    commodity = context.commodity_near(words, 0) if words else None
    commodity = commodity or context.commodity_near(sentence, offset)
    if commodity is None and not unit_word:
        earlier = context.find_commodities(before[-600:]) or context.find_commodities(after[:600])
        commodity = earlier[-1][1] if earlier else None
    if unit_word in ZERO_UNIT_WORDS and unit_word != "drop":
        unit = ZERO_UNIT_WORDS[unit_word]
        return unit, unit == "WON" or unit_word in ("rial", "riyal"), commodity
    if re.search(r"\bbarrels?\b", sentence, re.I):
        return "barrel", True, commodity
    if commodity in BULK or unit_word == "drop" or commodity is None and re.search(r"\b(?:oil|crude|shipments)\b", sentence, re.I):
        return "tonne", True, commodity or "crude oil"
    if re.search(r"\b(?:trade|exports|imports)\b", sentence, re.I) and re.search(r"\$|dollars?|won|yuan", sentence):
        return "USD", True, commodity
    return "item", True, commodity


def extract_segment(doc: Doc, segment: SegmentContext) -> list[dict]:
    """Figure rows (without ids) for one segment's Doc."""
    text = segment.text
    doc.user_data["text"] = text
    quantities: list[Quantity] = doc._.quantities or []
    outlets = context.paragraph_outlets(text, segment.outlet)
    rows: list[dict] = []
    last_source: str | None = None
    last_data_source: str | None = None  # the statistics body a passage reports from
    last_period = None  # the latest period phrase in the segment (for `in the quarter`, comparisons)
    paragraph_period = None  # the latest in the current paragraph (inherited by later sentences)
    paragraph_end = -1
    people_tokens = {s for s in doc._.lexicon_matches.get("PEOPLE", {})}
    conversions = {q.paren_of: q for q in quantities if q.paren_of is not None}
    sentences = sentence_spans(doc)
    starts = [sent.start for sent in sentences]
    by_sentence: dict[int, list[tuple[int, Quantity]]] = {}
    for qi, q in enumerate(quantities):
        by_sentence.setdefault(max(0, bisect.bisect_right(starts, q.number_start) - 1), []).append((qi, q))
    # Whole-text passes, sliced per sentence below: one regex run per segment, not per sentence.
    all_sources = _sources_of(doc)
    has_zero_hint = bool(ZERO_HINT.search(text))
    all_phrases = period_phrases(text, segment.segment_date)
    source_starts = [a for a, _, _ in all_sources]  # both lists are in text order: sliced by bisection
    phrase_starts = [p.start for p in all_phrases]
    for index, sent in enumerate(sentences):
        sentence = sentence_text(doc, sent)
        base = sent.start_char
        limit = base + len(sentence)
        if base > paragraph_end:
            paragraph_period = None
            newline = text.find("\n", base)
            paragraph_end = newline if newline >= 0 else len(text)
        # A quote intro (`According to Yonhap:`) names the outlet, not the source of a number.
        is_intro = sentence.rstrip().endswith(":") and intro_outlet(sentence.strip(), colon_only=True)
        lo, hi = bisect.bisect_left(source_starts, base), bisect.bisect_left(source_starts, limit)
        named_source = [] if is_intro else [(a - base, b - base, n) for a, b, n in all_sources[lo:hi]]
        lo, hi = bisect.bisect_left(phrase_starts, base), bisect.bisect_left(phrase_starts, limit)
        phrases = [replace(p, start=p.start - base, end=p.end - base) for p in all_phrases[lo:hi]]
        own = [p for p in phrases if not p.comparison]
        candidates = []
        for qi, q in by_sentence.get(index, []):
            row = _decide(doc, q, qi, sent, segment, conversions, people_tokens, quantities)
            if row is not None:
                candidates.append((q, row))
        # Stated zeros.
        taken = [(doc[q.start].idx, doc[q.end - 1].idx + len(doc[q.end - 1])) for q, _ in candidates]
        for pattern in ZERO_PATTERNS if has_zero_hint and ZERO_HINT.search(sentence) else ():
            for m in pattern.finditer(sentence):
                a, b = base + m.start(), base + m.end()
                if any(a < y and x < b for x, y in taken):
                    continue
                unit, inferred, commodity = _zero_unit(m, sentence, m.start(), text[:base], text[base + len(sentence):])
                kind = {"tonne": "tonnage", "kg": "tonnage", "barrel": "volume", "item": "count_other"}.get(unit, "trade_value" if unit in CURRENCIES and context.trade_words(sentence) else "money")
                if unit == "WON":
                    unit = "KPW"
                taken.append((a, b))
                candidates.append((None, {
                    "char_start": a, "char_end": b, "value": 0.0, "value_high": None, "unit": unit,
                    "unit_inferred": inferred, "per": None, "kind": kind, "direction": None, "qualifier": None,
                    "_commodity": commodity, "_is_base": False,
                }))
        candidates.sort(key=lambda c: c[1]["char_start"])
        pointer = bool(candidates) and context.points_back(sentence)
        speaker = None if named_source or not candidates else context.attributed_speaker(sentence)
        for position, (q, row) in enumerate(candidates):
            offset = row["char_start"] - base
            next_offset = candidates[position + 1][1]["char_start"] - base if position + 1 < len(candidates) else None
            start, end = period_for(
                sentence, phrases, offset, next_offset,
                is_base=row.pop("_is_base"), is_change=row["kind"] in ("percent_change", "multiple"),
                fallback=last_period, inherited=paragraph_period if row["kind"] in DATA_KINDS | {"money"} else None,
            )
            row["period_start"], row["period_end"] = start, end
            source = context.source_in_sentence(sentence, offset, named_source) if named_source else None
            if source is None and pointer:
                source = last_source
            if source is None:
                source = speaker
            if source is None and row["kind"] in DATA_KINDS and (
                row["kind"] in ("trade_value", "tonnage", "volume") or context.trade_words(sentence)
            ) and not context.is_blogger_voice(sentence):
                source = last_data_source


            row["source"] = source
            row["outlet"] = next((o for a, b, o in outlets if a <= row["char_start"] < b + 1), segment.outlet)
            commodity = row.pop("_commodity", None)
            if row["kind"] in ("trade_value", "tonnage", "volume", "price"):
                flow, reporter, partner = context.trade_parties(sentence, offset)
                row["commodity"] = commodity or context.commodity_near(sentence, offset)
            else:
                flow = reporter = partner = None
                row["commodity"] = None
            if row["kind"] == "price":
                flow = reporter = partner = None
            row["flow"], row["reporter"], row["partner"] = flow, reporter, partner
            row["surface"] = text[row["char_start"]:row["char_end"]]
            row["sentence"] = sentence.strip()
            row["measured"] = row.pop("_measured", None) or (row["commodity"] if row["commodity"] else None)
            row["post_id"] = segment.post_id
            row["segment_id"] = segment.segment_id
            rows.append(row)
        if named_source:
            last_source = named_source[-1][2]
            data_sources = [n for n in named_source if n[2] in context.statistics_bodies()]
            if data_sources:
                last_data_source = context.source_in_sentence(sentence, data_sources[0][0], data_sources)
        proper = [p for p in own if not p.anaphoric and not p.is_from]
        if own:
            last_period = (own[-1].period_start, own[-1].period_end)
        if proper:
            paragraph_period = (proper[-1].period_start, proper[-1].period_end)
    return rows


def _sources_of(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, source) character spans of the sources `nkf_lexicon` found, longest first at a start."""
    spans = []
    taken_until = -1
    for start in sorted(doc._.lexicon_matches.get("SOURCE", {})):
        end, name = doc._.lexicon_matches["SOURCE"][start]
        if start < taken_until:
            continue
        taken_until = end
        spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), name))
    return spans


def _decide(doc: Doc, q: Quantity, qi: int, sent: Span, segment: SegmentContext, conversions, people_tokens, quantities) -> dict | None:
    """The figure row for a quantity, or None when it is not a figure."""
    unit, inferred = q.unit, q.unit_inferred
    per = q.per
    if unit is None and re.match(r"\s*(?:won\s+)?(?:to|per|against|for)\s+(?:the|one|a|1)?\s*(?:US\s+|U\.S\.\s+)?dollar\b",
                                 doc_text(doc)[doc[q.end - 1].idx + len(doc[q.end - 1]):][:40], re.I) \
            and re.search(r"\bwon\b", sentence_text(doc, sent), re.I):
        unit, inferred, per = "KPW", True, "USD"  # `the won fell to 9,000 to the dollar`: an exchange rate
    if unit is None:
        # A bare number counts only as a count of people the sentence is about (`reaching 93,000`).
        has_people = any(sent.start <= t < sent.end for t in people_tokens) or re.search(
            r"\b(?:population|workforce|staff|headcount|labou?r force)\b", sentence_text(doc, sent), re.I)
        if not has_people or q.value < 100 or q.value != int(q.value):
            return None
        unit, inferred = "person", True
    sentence_lower = sentence_text(doc, sent).lower()
    following = doc[q.end].lower_ if q.end < len(doc) else ""
    if q.value == 1 and unit in CURRENCIES and following in ("buys", "bought", "traded", "trades", "fetches", "equals", "=", "is", "was"):
        return None  # `one Chinese yuan buys 1,270 won`: the denominator of a rate
    if unit in ("person", "item") and q.value < 5 and doc[q.number_start].is_alpha and (
        q.value <= 2 and unit == "person" or q.value == 1
        or re.search(r"\b(?:said|says|admitted|told|insisted|added)\b", sentence_lower)
    ):
        return None  # `One North Korean worker ... said`, `the two leaders agreed`: people, not a count
    if unit in TIME_UNITS:
        following = doc[q.end].lower_ if q.end < len(doc) else ""
        inside = text_of(doc, q.number_end, q.end).lower()
        if following not in DURATION_NOUNS and not any(w in inside for w in ("consecutive", "straight", "successive")):
            return None
    sentence = sentence_text(doc, sent)
    parent = quantities[q.paren_of] if q.paren_of is not None else None
    if unit == "WON":
        conversion = conversions.get(qi)
        if conversion is None:
            # Another won amount in the sentence converted to dollars settles which won is meant.
            conversion = next((c for i, c in conversions.items()
                               if quantities[i].unit == "WON" and sent.start <= quantities[i].start < sent.end), None)
            if conversion is not None:
                q_for_rate = quantities[next(i for i, c in conversions.items() if c is conversion)]
                unit = _won_unit(q_for_rate, conversion, sentence, segment.text)
        if unit == "WON":
            unit = _won_unit(q, conversion if conversions.get(qi) else None, sentence, segment.text)
        inferred = True
    direction = None
    qualifier = q.qualifier
    if unit in ("percent", "percentage_point"):
        kind, direction = _percent_kind(doc, q, sent)
    elif unit in CURRENCIES:
        kind = _money_kind(doc, q, sent, unit)
    else:
        kind = MEASURE_KINDS.get(unit, "other")
        if kind == "multiple":
            inferred = False
            direction = _multiple_direction(doc, q, sent)
    start_char = doc[q.start].idx
    end_tok = doc[q.end - 1]
    end_char = end_tok.idx + len(end_tok.text)
    return {
        "char_start": start_char,
        "char_end": end_char,
        "value": float(q.value),
        "value_high": float(q.value_high) if q.value_high is not None else None,
        "unit": unit,
        "unit_inferred": bool(inferred),
        "per": per if per != unit else None,
        "kind": kind,
        "direction": direction,
        "qualifier": qualifier,
        "_is_base": _is_comparison_base(doc, q),
        "_measured": _measured(doc, q, sent),
    }


CHANGE_MULTIPLES = {"doubled": "up", "tripled": "up", "quadrupled": "up", "doubling": "up", "tripling": "up", "halved": "down"}
CHANGE_NOUNS = {"rise", "increase", "jump", "surge", "growth", "hike", "gain", "expansion", "leap", "drop", "decline", "fall", "decrease", "cut", "reduction"}


def _multiple_direction(doc: Doc, q: Quantity, sent: Span) -> str | None:
    """up/down for a multiple that describes a change (`tripled`, `a five-fold rise`, `rose 3.2 times`)."""
    word = doc[q.number_start].lower_
    if word in CHANGE_MULTIPLES:
        return CHANGE_MULTIPLES[word]
    following = doc[q.end].lower_ if q.end < len(doc) else ""
    if following in CHANGE_NOUNS:
        return lexicon().change.get(following)
    if q.start > 0:
        previous = doc[q.start - 1].lower_
        if previous in lexicon().change and previous not in ("up", "down", "higher", "lower"):
            return lexicon().change[previous]
    return None


WAGE_CUES = re.compile(r"\b(?:paid|pay|wages?|salar(?:y|ies)|earns?|earning|income|incomes)\b", re.I)
MONEY_CUES = re.compile(r"\b(?:invest\w*|aid|loss(?:es)?|cost|wages?|salar\w+|paid|pay|fine|budget|donat\w+|loan|loans|"
                        r"earn\w*|fund\w*|grant\w*|needs?|requested|spent|spending|revenue|income)\b", re.I)


def _money_kind(doc: Doc, q: Quantity, sent: Span, unit: str) -> str:
    """price, trade_value or money for an amount of money."""
    clause = text_of(doc, max(sent.start, q.start - 10), min(sent.end, q.end + 6))
    if q.per in PRICE_PER or (_price_context(doc, q, sent) and q.value < 1e7):
        return "price"
    if unit == "KPW" and q.value < 1e6 and q.per is None and not WAGE_CUES.search(clause):
        return "price"  # a market amount in North Korean won: a price or rate
    if q.per in ("month", "year", "day", "week", "hour") and WAGE_CUES.search(sentence_text(doc, sent)):
        return "money"
    if context.trade_words(sentence_text(doc, sent)) and not MONEY_CUES.search(clause):
        return "trade_value"
    return "money"
