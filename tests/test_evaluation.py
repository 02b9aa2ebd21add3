"""The evaluation runs on the project's annotated set with the issue's thresholds as its pass line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import evaluate

from .conftest import ROOT


@pytest.fixture(scope="module")
def scores():
    return evaluate.run(ROOT / "eval" / "gold", ROOT, baseline=True)


def test_extractor_meets_every_threshold(scores) -> None:
    ours, _, total = scores
    assert total >= 300
    assert evaluate.failures(ours) == []


def test_report_compares_with_quantulum3_on_the_same_text(scores) -> None:
    ours, theirs, total = scores
    text = evaluate.report(ours, theirs, total)
    assert "nkfigures" in text and "quantulum3" in text
    assert theirs.core_gold == ours.core_gold and theirs.f1 < ours.f1


def test_matching_pairs_figures_by_sentence_and_surface() -> None:
    gold = evaluate._gold_figures([{"doc": "d", "sentence": "Exports rose 5 percent to $3 million.", "surface": "$3 million",
                                     "occurrence": 0, "value": 3e6, "unit": "USD", "kind": "trade_value"}])
    wrong_place = evaluate.Figure("d", "Exports rose 5 percent to $3 million.", 13, "5 percent", {"value": 5, "unit": "percent"})
    right = evaluate.Figure("d", "Exports rose 5 percent to $3 million.", 26, "$3 million", {"value": 3e6, "unit": "USD"})
    assert evaluate.match(gold, [wrong_place]) == []
    assert evaluate.match(gold, [wrong_place, right]) == [(gold[0], right)]


def test_a_wrong_unit_is_not_a_true_positive() -> None:
    gold = evaluate._gold_figures([{"doc": "d", "sentence": "It cost 5 won.", "surface": "5 won", "occurrence": 0,
                                     "value": 5, "unit": "KPW", "kind": "price", "direction": None, "qualifier": None,
                                     "period_start": None, "period_end": None, "source": None, "outlet": None}])
    pred = [evaluate.Figure("d", "It cost 5 won.", 8, "5 won", {"value": 5, "unit": "KRW", "kind": "price"})]
    scores = evaluate.score("x", gold, pred, attributes=False)
    assert (scores.core_tp_gold, scores.f1) == (0, 0.0)
