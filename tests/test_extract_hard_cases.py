"""The hard cases of issue 3, each with a real assertion, on small hand-made texts."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.figures import SegmentContext
from pipeline.extract.run import extract_contexts

ANCHOR = dt.date(2014, 11, 4)


def figures(text: str, date: dt.date = ANCHOR, outlet: str | None = "Yonhap") -> list[dict]:
    return extract_contexts([SegmentContext("s", "p", text, date, outlet)])[0]


def one(text: str, surface: str, **kwargs) -> dict:
    rows = [r for r in figures(text, **kwargs) if surface in r["surface"] or r["surface"] in surface]
    assert rows, f"no figure {surface!r} in {[r['surface'] for r in figures(text, **kwargs)]}"
    return rows[0]


@pytest.mark.parametrize("text,surface,value,unit", [
    ("Exports reached US$1.27 billion in July.", "US$1.27 billion", 1.27e9, "USD"),
    ("The gleaming $45bn (£28bn) Lusail City.", "$45bn", 45e9, "USD"),
    ("The gleaming $45bn (£28bn) Lusail City.", "£28bn", 28e9, "GBP"),
    ("Losses reached 1 trillion won (US$909 million).", "1 trillion won", 1e12, "KRW"),
    ("Losses reached 1 trillion won (US$909 million).", "US$909 million", 909e6, "USD"),
    ("It imported half a million tons of crude oil.", "half a million tons", 5e5, "tonne"),
    ("The North Koreans imported a hundred thousand barrels of kerosene.", "a hundred thousand barrels", 1e5, "barrel"),
    ("As many as seven trucks a day cross the bridge.", "seven trucks", 7, "item"),
    ("The company invested RMB300 million and €2 million.", "RMB300 million", 3e8, "CNY"),
    ("The pipeline is 11km long.", "11km", 11, "km"),
])
def test_scale_words_and_abbreviations(text, surface, value, unit) -> None:
    row = one(text, surface)
    assert row["value"] == pytest.approx(value) and row["unit"] == unit


def test_ranges() -> None:
    row = one("Workers are paid 260,000-280,000 won (US$238-256) per month.", "260,000-280,000 won")
    assert (row["value"], row["value_high"], row["per"]) == (260000, 280000, "month")
    usd = one("Workers are paid 260,000-280,000 won (US$238-256) per month.", "US$238-256")
    assert (usd["value"], usd["value_high"], usd["unit"], usd["per"]) == (238, 256, "USD", "month")
    people = one("Two stories put the number of North Korean workers at 20,000-40,000.", "20,000-40,000")
    assert (people["value"], people["value_high"], people["unit"]) == (20000, 40000, "person")
    price = one("Gasoline sold for around 10 to 11 won per kilogram at North Korea’s markets.", "10 to 11 won")
    assert (price["value"], price["value_high"], price["unit"], price["per"], price["kind"]) == (10, 11, "KPW", "kg", "price")


@pytest.mark.parametrize("text,surface,unit", [
    ("China exported not a single drop of crude oil to North Korea in the first nine months this year.", "not a single drop of crude oil", "tonne"),
    ("DPRK oil imports from China in January 2014: Zero!", "Zero", "tonne"),
    ("North Korea did not import any crude oil from China in January.", "did not import any crude oil", "tonne"),
    ("The workers don’t have a single rial themselves.", "have a single rial", "QAR"),
])
def test_stated_zeros(text, surface, unit) -> None:
    row = one(text, surface)
    assert row["value"] == 0 and row["unit"] == unit and row["unit_inferred"]


def test_stated_zero_period_resolves_against_the_update_date() -> None:
    row = one("North Korea did not import any crude oil from China in January.", "did not import any crude oil", date=dt.date(2014, 3, 10))
    assert (row["period_start"], row["period_end"]) == (dt.date(2014, 1, 1), dt.date(2014, 1, 31))


def test_won_as_krw_or_kpw_by_context() -> None:
    krw = one("Hyundai Asan said its loss reached 809.4 billion won.", "809.4 billion won")
    kpw = one("Rice sold for 5,000 won per kilogram at the Hyesan market.", "5,000 won")
    converted = one("Wages are 260,000-280,000 won (US$238-256) per month.", "260,000-280,000 won")
    assert (krw["unit"], kpw["unit"], converted["unit"]) == ("KRW", "KPW", "KRW")
    assert krw["unit_inferred"] and kpw["unit_inferred"]
    rate = one("The market rate rose to 8,000 won for $1 in Hyesan.", "8,000 won")
    assert (rate["unit"], rate["per"], rate["kind"]) == ("KPW", "USD", "price")
    assert not [r for r in figures("The market rate rose to 8,000 won for $1 in Hyesan.") if r["value"] == 1]
    bare = one("The won fell to 9,000 to the dollar in December.", "9,000")
    assert (bare["unit"], bare["per"], bare["kind"], bare["unit_inferred"]) == ("KPW", "USD", "price", True)


@pytest.mark.parametrize("text,surface,qualifier", [
    ("There may be as many as 65,000 North Koreans abroad.", "65,000 North Koreans", "at_most"),
    ("The total amount is still less than 100,000 tons.", "100,000 tons", "at_most"),
    ("Its loss is estimated at nearly 1 trillion won.", "1 trillion won", "approx"),
    ("Some 139,800 North Koreans traveled to China.", "139,800 North Koreans", "approx"),
    ("China exported more than 88,000 tons of refined products.", "88,000 tons", "at_least"),
    ("Exports reached US$59.01 million.", "US$59.01 million", None),
])
def test_qualifiers(text, surface, qualifier) -> None:
    assert one(text, surface)["qualifier"] == qualifier


@pytest.mark.parametrize("text,surface,kind,direction", [
    ("Exports of flour plunged 72.2 percent on-year to $770,000.", "72.2 percent", "percent_change", "down"),
    ("Imports of clothes soared 35.5 percent on-year to $3.61 million.", "35.5 percent", "percent_change", "up"),
    ("Shipments rose to 578,000 tons, an 11.2 percent on-year rise.", "11.2 percent", "percent_change", "up"),
    ("Exports reached US$59.01 million, down 10.1 percent from the same period last year.", "10.1 percent", "percent_change", "down"),
    ("Workers constitute 47.8 percent of North Koreans visiting the neighboring country.", "47.8 percent", "percent_share", None),
])
def test_changes_with_direction_versus_shares(text, surface, kind, direction) -> None:
    row = one(text, surface)
    assert (row["kind"], row["direction"], row["value"] > 0) == (kind, direction, True)


def test_multiples() -> None:
    twice = one("The rate of increase is more than twice as high as the 9.1 percent rise.", "twice")
    assert (twice["value"], twice["unit"], twice["kind"], twice["qualifier"]) == (2, "ratio", "multiple", "at_least")
    fold = one("Exports of solar panels saw a five-fold rise.", "five-fold")
    assert (fold["value"], fold["kind"], fold["direction"]) == (5, "multiple", "up")


@pytest.mark.parametrize("text,surface,start,end", [
    ("Exports reached US$59.01 million in the first nine months of this year.", "US$59.01 million", "2014-01-01", "2014-09-30"),
    ("Imports fell 7.9 percent on-year to $6.46 million during the January-September period.", "$6.46 million", "2014-01-01", "2014-09-30"),
    ("Shipments rose 11.2 percent on-year to 578,000 tons last year.", "578,000 tons", "2013-01-01", "2013-12-31"),
    ("Chinese trade statistics show that 520,000 tons of oil was exported every year from 2009 to 2012.", "520,000 tons", "2009-01-01", "2012-12-31"),
    ("Official imports from China in Q1 of 2014 reached 100 tons.", "100 tons", "2014-01-01", "2014-03-31"),
    ("North Korea imported 13,000 tons of jet fuel between January and September, a sharp rise from 359 tons in the same period last year.", "359 tons", "2013-01-01", "2013-09-30"),
    ("North Korea imported 13,000 tons of jet fuel between January and September, a sharp rise from 359 tons in the same period last year.", "13,000 tons", "2014-01-01", "2014-09-30"),
])
def test_periods_relative_to_the_update_date(text, surface, start, end) -> None:
    row = one(text, surface)
    assert (row["period_start"].isoformat(), row["period_end"].isoformat()) == (start, end)


@pytest.mark.parametrize("text", [
    "Paramount will not let any theater show Team America in 2014.",
    "According to 38 North, the site has grown.",
    "Satellite images show Camp 18 and KPA Unit 655 near Route 7.",
    "Institute for Far Eastern Studies, NK Brief No. 08-9-11-1, reported it.",
    "The 16th anniversary fell on April 24th, 2014, at 10:30.",
    "Kaesong was the capital of the Goryeo Dynasty (918-1392).",
    "The Expo opened as planned from October 16 – 20 in Dandong.",
])
def test_numbers_that_are_not_figures(text) -> None:
    assert figures(text) == []


def test_source_outlet_and_evidence_sentence() -> None:
    text = ("According to Yonhap:\n\nRussia’s exports to North Korea reached US$59.01 million in the first nine months "
            "of this year, according to the data by the Vladivostok office of the Korea Trade-Investment Promotion Agency (KOTRA).")
    row = one(text, "US$59.01 million")
    assert (row["source"], row["outlet"]) == ("KOTRA", "Yonhap")
    assert row["sentence"].startswith("Russia’s exports") and row["surface"] in row["sentence"]
    assert text[row["char_start"]:row["char_end"]] == row["surface"]
    assert (row["flow"], row["reporter"], row["partner"]) == ("export", "RU", "KP")


def test_blogger_words_have_no_outlet() -> None:
    text = "According to Yonhap:\n\nSome 7,000 North Koreans work in China.\n\nThis is lower than I expected: 4,000 North Koreans work in Kuwait."
    assert one(text, "7,000 North Koreans")["outlet"] == "Yonhap"
    assert one(text, "4,000 North Koreans")["outlet"] is None


@pytest.mark.parametrize("text", [
    "Traders blame the rise on the 150-day battle, which has kept many people away.",
    "Visitors are shown a 360° painting of the war, and many people come.",
    "The two Korean leaders agreed to open a free economic zone.",
])
def test_compound_adjectives_degrees_and_individuals_are_not_figures(text) -> None:
    assert figures(text) == []


def test_price_per_item_and_area_units() -> None:
    box = one("A catalogue lists ginseng at €45 per box.", "€45")
    assert (box["kind"], box["per"]) == ("price", "item")
    area = one("The second phase covers 8.3 million square meters.", "8.3 million square meters")
    assert (area["value"], area["unit"]) == (8.3e6, "square_metre")
