"""Ingest on hand-made dumps in every shape of FORMATS.md, and on the shipped sample, against
hand-written expectations (tests/expected/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest.run import assign_ids, ingest_file

from .conftest import EXPECTED, FIXTURES, ROOT

CASES = sorted(p for p in (EXPECTED / "ingest").glob("*.json") if (FIXTURES / json.loads(p.read_text())["file"]).exists())


def _iso(value):
    return value.isoformat() if value is not None else None


def parsed(path: Path, name: str) -> dict:
    """The ingest result of one dump in the shape of the expectation files."""
    report = ingest_file(path, name)
    posts = []
    for post in report.posts:
        assign_ids(post)
        posts.append({
            "title": post.title,
            "published_date": _iso(post.published_date),
            "author": post.author,
            "url": post.url,
            "is_truncated": post.is_truncated,
            "archive_kind": post.archive_kind,
            "categories": post.categories,
            "segments": [
                {"label": s.label, "update_number": s.update_number, "segment_date": _iso(s.segment_date),
                 "date_inferred": s.date_inferred, "outlet": s.outlet}
                for s in post.segments
            ],
            "citations": [
                {"title": c.title, "outlet": c.outlet, "author": c.author,
                 "citation_date": _iso(c.citation_date), "position": c.position}
                for s in post.segments for c in s.citations
            ],
            "text": post.text,
        })
    return {"report": report, "posts": posts}


def _check(expected: dict, got: dict) -> None:
    posts = got["posts"]
    assert [p["title"] for p in posts] == [p["title"] for p in expected["posts"]]
    for want, have in zip(expected["posts"], posts):
        for key in ("published_date", "author", "url", "is_truncated", "segments", "citations"):
            assert have[key] == want[key], f"{want['title']!r}: {key}"
        if "archive_kind" in expected:
            assert have["archive_kind"] == expected["archive_kind"]
        if "categories" in expected:
            assert have["categories"] == expected["categories"]
        text = " ".join(have["text"].split())
        for phrase in want.get("text_contains", []):
            assert " ".join(phrase.split()) in text, f"{want['title']!r}: missing {phrase!r}"
        for phrase in want.get("text_excludes", []):
            assert phrase not in have["text"], f"{want['title']!r}: furniture {phrase!r} in text"
    assert bool(got["report"].rejects) == expected.get("expect_rejects", False)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fixture_shapes(case: Path) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    _check(expected, parsed(FIXTURES / expected["file"], expected["file"]))


def test_sample_every_post_segment_and_citation() -> None:
    expected = json.loads((EXPECTED / "sample_ingest.json").read_text(encoding="utf-8"))
    _check(expected, parsed(ROOT / expected["file"], expected["file"]))


@pytest.mark.parametrize("case", CASES + [EXPECTED / "sample_ingest.json"], ids=[c.stem for c in CASES] + ["sample"])
def test_every_nonblank_line_is_accounted_for(case: Path) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    path = FIXTURES / expected["file"] if case.parent.name == "ingest" else ROOT / expected["file"]
    report = ingest_file(path, expected["file"])
    assert report.accounted_lines == report.nonblank_lines
    assert report.nonblank_lines > 0 or path.stat().st_size == 0
