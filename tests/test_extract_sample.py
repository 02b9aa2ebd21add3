"""Extraction on the real sample dump: key figures hand-checked against the text, and nothing
extracted from citation blocks, image names or UPDATE numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.run import run as extract
from pipeline.ingest.run import run as ingest

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_figures() -> list[dict]:
    result = ingest(SAMPLE.parent)
    return extract(result.segments, workers=1)


def find(rows: list[dict], surface: str, nth: int = 0) -> dict:
    hits = [r for r in rows if r["surface"] == surface]
    if nth:
        return hits[nth]
    assert len(hits) == 1, (surface, [r["surface"] for r in rows if surface[:4] in r["surface"]])
    return hits[0]


def test_russia_trade_figure(sample_figures) -> None:
    row = find(sample_figures, "US$59.01 million")
    assert row["value"] == 59_010_000 and row["unit"] == "USD" and row["kind"] == "trade_value"
    assert (row["period_start"], row["period_end"]) == (dt.date(2014, 1, 1), dt.date(2014, 9, 30))
    assert (row["source"], row["outlet"], row["flow"], row["reporter"], row["partner"]) == ("KOTRA", "Yonhap", "export", "RU", "KP")


def test_oil_zero_in_update_8_resolves_against_its_own_date(sample_figures) -> None:
    row = find(sample_figures, "not a single drop of crude oil")
    assert row["segment_id"].endswith("#update-8-2014-11-14")
    assert (row["value"], row["unit"], row["kind"]) == (0.0, "tonne", "tonnage")
    assert (row["period_start"], row["period_end"]) == (dt.date(2014, 1, 1), dt.date(2014, 9, 30))


def test_jet_fuel_comparison_base(sample_figures) -> None:
    now, base = find(sample_figures, "13,000 tons"), find(sample_figures, "359 tons")
    assert now["commodity"] == "jet fuel" and (now["flow"], now["reporter"], now["partner"]) == ("import", "KP", "CN")
    assert (base["period_start"], base["period_end"]) == (dt.date(2013, 1, 1), dt.date(2013, 9, 30))


def test_hyundai_won_is_krw_and_conversion_is_its_own_figure(sample_figures) -> None:
    won = sorted((r for r in sample_figures if r["surface"] == "1 trillion won"), key=lambda r: r["char_start"])[0]
    usd = find(sample_figures, "US$909 million")
    assert (won["unit"], won["unit_inferred"], won["qualifier"]) == ("KRW", True, "approx")
    assert (usd["unit"], usd["unit_inferred"], usd["qualifier"]) == ("USD", False, "approx")


def test_nothing_from_citation_blocks_names_or_images(sample_figures) -> None:
    surfaces = {r["surface"] for r in sample_figures}
    sentences = " ".join(r["sentence"] for r in sample_figures)
    assert "1 tln won" not in surfaces  # citation title `Hyundai Asan faces 1 tln won loss...`
    assert "20 pct" not in surfaces  # citation title `... jumps 20 pct annually in 3 years`
    assert "Team America" not in sentences or not any("Team America" in r["sentence"] for r in sample_figures)
    assert not any("Tongrim-Hotel" in r["sentence"] for r in sample_figures)
    assert all(r["sentence"] and r["surface"] in r["sentence"] for r in sample_figures)


def test_every_figure_points_back_to_its_text(sample_figures) -> None:
    texts = {s.segment_id: s.text for s in ingest(SAMPLE.parent).segments}
    for row in sample_figures:
        assert texts[row["segment_id"]][row["char_start"]:row["char_end"]] == row["surface"]
    assert len({r["figure_id"] for r in sample_figures}) == len(sample_figures)
