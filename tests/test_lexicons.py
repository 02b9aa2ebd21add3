"""Every lexicon entry's examples are caught by the entry (lexicons are data, tested as data)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.extract.context import find_sources
from pipeline.extract.periods import period_phrases
from pipeline.ingest.dates import parse_date
from pipeline.ingest.outlets import intro_outlet
from pipeline.lexicons import load

SEARCHED = {"embed_continue", "mojibake_residue"}


@pytest.mark.parametrize("name", sorted(load("page")))
def test_page_patterns_match_their_examples(name: str) -> None:
    entry = load("page")[name]
    pattern = re.compile(entry["pattern"])
    assert entry["examples"], f"{name} has no examples"
    for example in entry["examples"]:
        found = pattern.search(example) if name in SEARCHED else pattern.match(example)
        assert found, f"{name} misses {example!r}"


@pytest.mark.parametrize("name", sorted(load("periods")))
def test_period_patterns_resolve_their_examples(name: str) -> None:
    entry = load("periods")[name]
    for example in entry["examples"]:
        phrases = period_phrases(example, dt.date(2014, 11, 4))
        assert phrases, f"{name} misses {example!r}"
        assert any(p.period_start or p.comparison or p.anaphoric for p in phrases)


def test_period_examples_from_the_spec() -> None:
    anchor = dt.date(2014, 11, 4)
    expected = {
        "in the first nine months of this year": ("2014-01-01", "2014-09-30"),
        "last year": ("2013-01-01", "2013-12-31"),
        "in July": ("2014-07-01", "2014-07-31"),
        "in Q1": ("2014-01-01", "2014-03-31"),
        "from 2009 to 2012": ("2009-01-01", "2012-12-31"),
        "January-May": ("2014-01-01", "2014-05-31"),
    }
    for text, (start, end) in expected.items():
        phrase = period_phrases(text, anchor)[0]
        assert (phrase.period_start.isoformat(), phrase.period_end.isoformat()) == (start, end), text


def test_outlet_intros() -> None:
    cases = {
        "According to Yonhap:": "Yonhap",
        "According to Yonhap, DPRK-China trade drops slightly in 2014:": "Yonhap",
        "According to the Choson Ilbo:": "Choson Ilbo",
        "Says Chosun Ilbo:": "Choson Ilbo",
        "According ot the Daily NK:": "Daily NK",
        "Daily NK reports:": "Daily NK",
        "Says Yonhap, citing KOTRA data:": "Yonhap",
        "According to KOTRA (reported by Yonhap):": "Yonhap",
        "From the Korea Herald:": "Korea Herald",
        "According to Martyn Williams in PC World:": "PC World",
        "According to the article:": None,
        "Additional information:": None,
    }
    for line, outlet in cases.items():
        assert intro_outlet(line) == outlet, line


@pytest.mark.parametrize("name", sorted(load("sources")))
def test_source_aliases_resolve_to_their_entry(name: str) -> None:
    for alias in [name, *load("sources")[name].get("aliases", [])]:
        found = find_sources(f"according to {alias} data")
        assert found and found[0][2] == name or len(alias) < 4, (name, alias)


def test_citation_and_marker_date_formats() -> None:
    assert parse_date("6/9/2009") == dt.date(2009, 6, 9)
    assert parse_date("2016-06-22") == dt.date(2016, 6, 22)
    assert parse_date("2013-5-31") == dt.date(2013, 5, 31)
    assert parse_date("August 28", default_year=2011) == dt.date(2011, 8, 28)
    assert parse_date("Auguts 4", default_year=2011) == dt.date(2011, 8, 4)
    assert parse_date("not a date") is None
