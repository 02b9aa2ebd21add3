"""`nkfigures evaluate`: extraction quality against the project's annotated set (`eval/gold/`).

Every annotated document is ingested and extracted as in a build; predicted figures are matched to
annotated ones by sentence and overlapping surface. Reported: precision, recall and F1 of
value+unit on core figures (money, mass/volume, people, percentages, prices), and on matched
figures the accuracy of kind, direction, qualifier, period (both ends), source and outlet; the
same for quantulum3 on the same segment texts, with its units mapped onto ours.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract import run as extract
from pipeline.extract.context import find_sources
from pipeline.extract.lexicon import lexicon
from pipeline.ingest.outlets import canonical_outlet
from pipeline.ingest.run import assign_ids, ingest_file

CORE_KINDS = {"trade_value", "money", "price", "tonnage", "volume", "count_people",
              "percent_change", "percent_share", "percent_other"}
CORE_UNITS = {"percent", "percentage_point", "tonne", "kg", "barrel", "litre", "cubic_metre", "person"}
ATTRIBUTES = ("kind", "direction", "qualifier", "period", "source", "outlet")
THRESHOLDS = {"core_f1": 0.95, "kind": 0.92, "direction": 0.95, "period": 0.85, "source": 0.80, "outlet": 0.90}


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split())


def is_core(unit: str | None, kind: str | None) -> bool:
    if kind is not None:
        return kind in CORE_KINDS
    return unit is not None and (unit in CORE_UNITS or re.fullmatch(r"[A-Z]{3}", unit) is not None)


@dataclass
class Figure:
    doc: str
    sentence: str
    start: int  # offset of the surface in `sentence`
    surface: str
    row: dict

    @property
    def end(self) -> int:
        return self.start + len(self.surface)


@dataclass
class Scores:
    name: str
    core_gold: int = 0
    core_pred: int = 0
    core_tp_gold: int = 0
    core_tp_pred: int = 0
    matched: int = 0
    correct: dict = field(default_factory=lambda: defaultdict(int))
    checked: dict = field(default_factory=lambda: defaultdict(int))
    errors: list = field(default_factory=list)
    by_set: dict = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.core_tp_pred / self.core_pred if self.core_pred else 0.0

    @property
    def recall(self) -> float:
        return self.core_tp_gold / self.core_gold if self.core_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float | None:
        return self.correct[attribute] / self.checked[attribute] if self.checked[attribute] else None


def load_gold(gold_dir: Path) -> list[dict]:
    rows = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line) | {"_set": path.name})
                except ValueError as error:
                    raise ValueError(f"{path}:{number}: not valid JSON ({error})") from None
    return rows


def _gold_figures(rows: list[dict]) -> list[Figure]:
    figures = []
    for row in rows:
        sentence = _norm(row["sentence"])
        surface = _norm(row["surface"])
        start = -1
        for _ in range(int(row.get("occurrence") or 0) + 1):
            start = sentence.find(surface, start + 1)
        figures.append(Figure(row["doc"], sentence, max(start, 0), surface, row))
    return figures


def _segments_of(doc_path: Path, name: str):
    report = ingest_file(doc_path, name)
    for post in report.posts:
        assign_ids(post)
    return [segment for post in report.posts for segment in post.segments]


def _figure_in_sentence(doc: str, segment_text: str, char_start: int, char_end: int, sentence: str, row: dict) -> Figure:
    sentence_start = segment_text.rfind(sentence, 0, char_start + len(sentence))
    surface = _norm(segment_text[char_start:char_end])
    prefix = _norm(segment_text[sentence_start:char_start]) if sentence_start >= 0 else ""
    start = len(prefix) + (1 if prefix else 0)
    return Figure(doc, _norm(sentence), start, surface, row)


def predict(docs: dict[str, list]) -> list[Figure]:
    figures = []
    for doc, segments in docs.items():
        texts = {s.segment_id: s.text for s in segments}
        for row in extract.run(segments, workers=1):
            figures.append(_figure_in_sentence(doc, texts[row["segment_id"]], row["char_start"], row["char_end"], row["sentence"], row))
    return figures


QUANTULUM_UNITS = {
    "united states dollar": "USD", "south korean won": "KRW", "north korean won": "KPW", "renminbi": "CNY",
    "chinese yuan": "CNY", "yuan": "CNY", "euro": "EUR", "pound sterling": "GBP", "japanese yen": "JPY",
    "russian ruble": "RUB", "qatari riyal": "QAR", "percentage": "percent", "ton": "tonne", "tonne": "tonne",
    "metric ton": "tonne", "short ton": "tonne", "long ton": "tonne", "kilogram": "kg", "barrel": "barrel",
    "litre": "litre", "kilowatt hour": "kwh", "kilometre": "km", "hectare": "hectare", "day": "day",
    "month": "month", "year": "year", "percentage point": "percentage_point",
}


def predict_quantulum(docs: dict[str, list]) -> list[Figure]:
    """quantulum3 on the same segment texts, units mapped onto ours (people nouns after a bare count -> person)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    from pipeline.extract.nlp import build_nlp

    nlp = build_nlp()
    people = lexicon().people
    figures = []
    for doc, segments in docs.items():
        for segment in segments:
            if not segment.text.strip():
                continue
            parsed_doc = nlp.make_doc(segment.text)
            sentences = _sentences(nlp, segment.text)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    quantities = parser.parse(segment.text)
                except Exception:  # quantulum3 raises on some inputs; count them as no output
                    quantities = []
            for q in quantities:
                a, b = q.span
                name = q.unit.name.lower()
                unit = QUANTULUM_UNITS.get(name)
                if unit is None and q.unit.entity.name == "dimensionless":
                    following = segment.text[b:b + 40].lower().split()
                    unit = "person" if following and any(" ".join(following[:k]) in people for k in (1, 2, 3)) else "item"
                unit = unit or name
                sentence = next((s for s0, s1, s in sentences if s0 <= a < s1), segment.text)
                row = {"value": float(q.value), "unit": unit, "kind": None}
                figures.append(_figure_in_sentence(doc, segment.text, a, b, sentence, row))
            del parsed_doc
    return figures


def _sentences(nlp, text: str) -> list[tuple[int, int, str]]:
    doc = nlp(text)
    return [(s.start_char, s.end_char, s.text.strip()) for s in doc.sents]


def _same_sentence(a: Figure, b: Figure) -> int | None:
    """Offset of b's sentence in a's coordinates when the two sentences are the same or nest."""
    if a.doc != b.doc:
        return None
    if a.sentence == b.sentence:
        return 0
    if b.sentence and b.sentence in a.sentence:
        return a.sentence.find(b.sentence)
    if a.sentence and a.sentence in b.sentence:
        return -b.sentence.find(a.sentence)
    return None


def match(gold: list[Figure], pred: list[Figure]) -> list[tuple[Figure, Figure]]:
    """One-to-one pairs of gold and predicted figures whose surfaces overlap in the same sentence."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(pred):
        by_doc[p.doc].append(index)
    used: set[int] = set()
    pairs = []
    for g in gold:
        best = None
        for index in by_doc[g.doc]:
            if index in used:
                continue
            p = pred[index]
            shift = _same_sentence(g, p)
            if shift is None:
                continue
            p_start, p_end = p.start + shift, p.end + shift
            overlap = min(g.end, p_end) - max(g.start, p_start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, index)
        if best:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def _canonical_source(name: str | None) -> str | None:
    if not name:
        return None
    found = find_sources(name)
    if found and found[0][1] - found[0][0] >= len(name.strip()) * 0.5:
        return found[0][2].lower()
    return (canonical_outlet(name) or name).strip().lower()


def _canonical_outlet(name: str | None) -> str | None:
    if not name:
        return None
    return (canonical_outlet(name) or name).strip().lower()


def _same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def score(name: str, gold: list[Figure], pred: list[Figure], attributes: bool = True) -> Scores:
    scores = Scores(name)
    pairs = match(gold, pred)
    matched_pred = {id(p): g for g, p in pairs}
    scores.core_gold = sum(1 for g in gold if is_core(g.row["unit"], g.row["kind"]))
    scores.core_pred = sum(1 for p in pred if is_core(p.row["unit"], p.row.get("kind")))
    scores.matched = len(pairs)
    for g, p in pairs:
        ok = _same_value(g.row["value"], p.row["value"]) and g.row["unit"] == p.row["unit"]
        if is_core(g.row["unit"], g.row["kind"]) and ok:
            scores.core_tp_gold += 1
        if is_core(p.row["unit"], p.row.get("kind")) and ok:
            scores.core_tp_pred += 1
        if not ok:
            scores.errors.append(("value/unit", g, p))
        if not attributes:
            continue
        checks = {
            "kind": (g.row["kind"], p.row["kind"]),
            "direction": (g.row["direction"], p.row["direction"]),
            "qualifier": (g.row["qualifier"], p.row["qualifier"]),
            "period": ((g.row["period_start"], g.row["period_end"]), (_iso(p.row["period_start"]), _iso(p.row["period_end"]))),
            "source": (_canonical_source(g.row["source"]), _canonical_source(p.row["source"])),
            "outlet": (_canonical_outlet(g.row["outlet"]), _canonical_outlet(p.row["outlet"])),
        }
        for attribute, (expected, got) in checks.items():
            scores.checked[attribute] += 1
            if expected == got:
                scores.correct[attribute] += 1
            else:
                scores.errors.append((attribute, g, p))
    for p in pred:
        if id(p) not in matched_pred and is_core(p.row["unit"], p.row.get("kind")):
            scores.errors.append(("spurious", None, p))
    for g in gold:
        if not any(g is pg for pg, _ in pairs) and is_core(g.row["unit"], g.row["kind"]):
            scores.errors.append(("missed", g, None))
    return scores


def run(gold_dir: Path, root: Path, baseline: bool = True) -> tuple[Scores, Scores | None, int]:
    """Scores of the extractor (and quantulum3) on every annotated document; per annotation file
    in `Scores.by_set`."""
    rows = load_gold(gold_dir)
    gold = _gold_figures(rows)
    docs = {name: _segments_of(root / name, name) for name in sorted({row["doc"] for row in rows})}
    ours_pred = predict(docs)
    theirs_pred = predict_quantulum(docs) if baseline else None
    ours = score("nkfigures", gold, ours_pred)
    theirs = score("quantulum3", gold, theirs_pred, attributes=False) if baseline else None
    for name in sorted({row["_set"] for row in rows}):
        part = [g for g in gold if g.row["_set"] == name]
        part_docs = {g.doc for g in part}
        ours.by_set[name] = score("nkfigures", part, [p for p in ours_pred if p.doc in part_docs])
        if theirs is not None:
            theirs.by_set[name] = score("quantulum3", part, [p for p in theirs_pred if p.doc in part_docs], attributes=False)
    return ours, theirs, len(rows)


def report(ours: Scores, theirs: Scores | None, total: int) -> str:
    lines = [f"annotated figures: {total} ({ours.core_gold} core)", ""]
    header = f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6}   " + " ".join(f"{a:>9}" for a in ATTRIBUTES)
    lines.append(header)
    for s in filter(None, [ours, theirs]):
        accuracies = " ".join(
            f"{s.accuracy(a):>9.3f}" if s.accuracy(a) is not None else f"{'-':>9}" for a in ATTRIBUTES
        )
        lines.append(f"{s.name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}   {accuracies}")
    if ours.by_set:
        lines.append("")
        lines.append("core value+unit F1 per annotation file:")
        for name, part in ours.by_set.items():
            theirs_part = theirs.by_set.get(name) if theirs else None
            versus = f", quantulum3 {theirs_part.f1:.3f}" if theirs_part else ""
            lines.append(f"  {name:<20} ({part.core_gold} core): nkfigures {part.f1:.3f}{versus}")
    lines.append("")
    lines.append("core = money, mass/volume, people, percentages, prices; value+unit must both be right.")
    lines.append("attribute accuracies are over figures matched to an annotation (same sentence, overlapping surface).")
    return "\n".join(lines)


def failures(ours: Scores) -> list[str]:
    """Thresholds the extractor misses (empty when it passes)."""
    failed = []
    if ours.f1 < THRESHOLDS["core_f1"]:
        failed.append(f"core value+unit F1 {ours.f1:.3f} < {THRESHOLDS['core_f1']}")
    for attribute in ("kind", "direction", "period", "source", "outlet"):
        value = ours.accuracy(attribute) or 0.0
        if value < THRESHOLDS[attribute]:
            failed.append(f"{attribute} accuracy {value:.3f} < {THRESHOLDS[attribute]}")
    return failed
