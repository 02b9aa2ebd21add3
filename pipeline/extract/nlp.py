"""The spaCy pipeline: a blank English tokenizer tuned for figures, the rule-based sentencizer,
and the registered components that find quantities (`nkf_lexicon`, `nkf_quantities`).

No statistical model is needed: tokens, sentences and rule matching are all spaCy's fast paths.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.attrs import IS_SPACE
from spacy.symbols import ORTH
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
    defaults = nlp.Defaults
    for word in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])
    nlp.tokenizer.suffix_search = compile_suffix_regex(list(defaults.suffixes) + EXTRA_SUFFIXES).search
    nlp.tokenizer.prefix_search = compile_prefix_regex(EXTRA_PREFIXES + list(defaults.prefixes)).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(defaults.infixes) + EXTRA_INFIXES).finditer


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


@Language.component("nkf_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: quote intros, list items and headings stand alone."""
    spaces = doc.to_array([IS_SPACE])  # whitespace tokens, found in C; only those are looked at
    last = len(doc) - 1
    for i in spaces.nonzero()[0].tolist():
        if i < last and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


@functools.cache
def build_nlp() -> Language:
    """The extraction pipeline (built once per process)."""
    nlp = spacy.blank("en")
    _tune_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("nkf_paragraphs")
    nlp.add_pipe("nkf_lexicon")
    nlp.add_pipe("nkf_quantities")
    return nlp
