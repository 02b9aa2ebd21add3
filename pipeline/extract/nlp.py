"""The spaCy pipeline: a blank English tokenizer tuned for figures and the registered components
that split sentences (`nkf_sentences`) and find quantities (`nkf_lexicon`, `nkf_quantities`).

No statistical model is needed: tokens, sentences and rule matching are all spaCy's fast paths.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
import numpy
from spacy.attrs import IS_SPACE, ORTH as ORTH_ATTR, SENT_START
from spacy.strings import hash_string
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline.extract.lexicon import lexicon
from pipeline.extract.quantities import find_quantities

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)
if not Doc.has_extension("lexicon_matches"):
    Doc.set_extension("lexicon_matches", default=None)

# Split `45bn`, `1.27bn`, `RMB300`, `won/$1` into their parts.
EXTRA_SUFFIXES = [r"(?<=[0-9])(?:bn|mn|mln|tln|trn|tn|bln|k|m|b|t|kWh|MW|pct)$"]
EXTRA_PREFIXES = [r"(?:RMB|KRW|USD|KPW|CNY|EUR|JPY|GBP)(?=[0-9])"]
EXTRA_INFIXES = [r"(?<=[a-zA-Z])/(?=[$€£¥0-9])"]


ABBREVIATIONS = ["No.", "Nos.", "no.", "Corp.", "Co.", "Ltd.", "Inc.", "Jr.", "Sr.", "St.", "Mt.", "Gen.", "Gov.",
                 "Sept.", "approx.", "vs.", "est.", "Rep.", "Sen.", "Dept.", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.",
                 "U.N.", "U.S.", "U.K.", "E.U.", "Pres.", "Amb.", "Min.", "Fig.", "cf.", "ca."]


def _tune_tokenizer(nlp: Language) -> None:
    """The default English tokenizer plus the splits and abbreviations above, built in one go
    (each tokenizer setter rebuilds its special-case cache, which made start-up slow)."""
    defaults = nlp.Defaults
    old = nlp.tokenizer
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules={**old.rules, **{word: [{ORTH: word}] for word in ABBREVIATIONS}},
        prefix_search=compile_prefix_regex(EXTRA_PREFIXES + list(defaults.prefixes)).search,
        suffix_search=compile_suffix_regex(list(defaults.suffixes) + EXTRA_SUFFIXES).search,
        infix_finditer=compile_infix_regex(list(defaults.infixes) + EXTRA_INFIXES).finditer,
        token_match=old.token_match,
        url_match=old.url_match,
    )


@Language.factory("nkf_lexicon")
def make_lexicon_matcher(nlp: Language, name: str):
    """Mark every lexicon phrase (currencies, units, people nouns, hedges, change words...)."""
    lex = lexicon()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    groups = {
        "CUR": lex.currency_before,
        "UNIT": lex.unit_after,
        "QUAL": lex.qualifiers,
        "CHANGE": lex.change,
    }
    for label, table in groups.items():
        for phrase, value in table.items():
            matcher.add(f"{label}|{value}", [nlp.make_doc(phrase)])
    matcher.add("PEOPLE|person", [nlp.make_doc(p) for p in lex.people])
    for alias, name in lex.sources.items():
        matcher.add(f"SOURCE|{name}", [nlp.make_doc(alias)])
    matcher.add("NAME|name", [nlp.make_doc(p) for p in lex.names])
    matcher.add("MARKER|change", [nlp.make_doc(p) for p in lex.change_markers])

    def component(doc: Doc) -> Doc:
        matches: dict[str, dict[int, tuple[int, str]]] = {}
        for match_id, start, end in matcher(doc):
            label, value = nlp.vocab.strings[match_id].split("|", 1)
            by_start = matches.setdefault(label, {})
            # Keep the longest phrase starting at each token.
            if start not in by_start or by_start[start][0] < end:
                by_start[start] = (end, value)
        doc._.lexicon_matches = matches
        return doc

    return component


@Language.factory("nkf_quantities")
def make_quantity_finder(nlp: Language, name: str):
    """Numbers with their scale, range, unit, rate denominator and hedge, as `doc._.quantities`."""

    def component(doc: Doc) -> Doc:
        doc._.quantities = find_quantities(doc)
        return doc

    return component


SENTENCE_END = (".", "!", "?", "…")
CLOSERS = ("”", "\"", "’", "'", ")", "]")


@Language.component("nkf_sentences")
def sentence_boundaries(doc: Doc) -> Doc:
    """Sentence starts, set from token arrays: after `.`, `!`, `?` (and any closing quote or bracket),
    and after every line break (quote intros, list items and headings stand alone). Abbreviations
    such as `U.S.` and `No.` are single tokens, so they never end a sentence."""
    n = len(doc)
    if not n:
        return doc
    orth = doc.to_array([ORTH_ATTR])
    starts = numpy.full(n, -1, dtype="int64")
    starts[0] = 1
    ends = numpy.isin(orth, _hashes(SENTENCE_END)).nonzero()[0].tolist()
    closers = _hashes(CLOSERS)
    for i in ends:
        j = i + 1
        while j < n and orth[j] in closers:
            j += 1
        if j < n:
            starts[j] = 1
    spaces = doc.to_array([IS_SPACE]).nonzero()[0].tolist()
    for i in spaces:
        if i + 1 < n and "\n" in doc[i].text:
            starts[i + 1] = 1
    doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))
    return doc


@functools.cache
def _hashes(words: tuple[str, ...]) -> "numpy.ndarray":
    return numpy.array([hash_string(w) for w in words], dtype="uint64")


@functools.cache
def build_nlp() -> Language:
    """The extraction pipeline (built once per process)."""
    nlp = spacy.blank("en")
    _tune_tokenizer(nlp)
    nlp.add_pipe("nkf_sentences")
    nlp.add_pipe("nkf_lexicon")
    nlp.add_pipe("nkf_quantities")
    return nlp
