"""Bad input: every case gives a clear message naming file and line, loses nothing, and the
run goes on with the other files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.ingest.run import ingest_file, merge_posts, run

from .conftest import EXPECTED, FIXTURES
from .test_ingest_fixtures import _check, parsed


def test_binary_file_is_rejected_whole_with_a_message() -> None:
    report = ingest_file(FIXTURES / "binary.bin.txt", "binary.bin.txt")
    assert report.posts == []
    assert len(report.rejects) == 1 and "binary" in report.rejects[0].reason
    assert report.warnings and report.warnings[0].startswith("binary.bin.txt:")


def test_empty_file_warns_and_has_nothing_to_reject() -> None:
    report = ingest_file(FIXTURES / "empty.txt", "empty.txt")
    assert report.posts == [] and report.rejects == []
    assert report.warnings == ["empty.txt:1: empty file (no text to read); skipped"]


def test_cp1252_bytes_are_decoded_with_a_warning_naming_the_line() -> None:
    report = ingest_file(FIXTURES / "latin1.txt", "latin1.txt")
    assert report.posts
    warning = next(w for w in report.warnings if "UTF-8" in w)
    line = int(warning.split(":")[1])
    raw_lines = (FIXTURES / "latin1.txt").read_bytes().split(b"\n")
    assert any(b > 0x7F for b in raw_lines[line - 1])
    assert "’" in report.posts[0].text or "“" in report.posts[0].text


def test_mojibake_is_repaired_and_reported(tmp_path: Path) -> None:
    dump = tmp_path / "m.txt"
    dump.write_text(
        "A post\n\nMonday, May 4th, 2015\n\nThe state will nationalise”┬ásince trade fell. Kimâ€™s plan.\n\nShare",
        encoding="utf-8",
    )
    report = ingest_file(dump, "m.txt")
    text = report.posts[0].text
    assert "┬á" not in text and "â€™" not in text and "Kim’s plan" in text
    assert sum("repaired mojibake" in w for w in report.warnings) == 1
    assert report.warnings[0].startswith("m.txt:5:")


def test_file_without_posts_goes_to_rejects() -> None:
    report = ingest_file(FIXTURES / "no-posts.txt", "no-posts.txt")
    assert report.posts == []
    assert report.rejects and all(r.reason == "no recognisable post in the file" for r in report.rejects)
    assert report.accounted_lines == report.nonblank_lines == report.line_roles["reject"]


def test_huge_single_line_is_kept_as_text(tmp_path: Path) -> None:
    spec = json.loads((EXPECTED / "ingest" / "huge-line.json").read_text())
    recipe = spec["generate"]
    dump = tmp_path / spec["file"]
    dump.write_text(recipe["prefix"] + recipe["repeat_unit"] * recipe["repeat_count"] + recipe["suffix"], encoding="utf-8")
    got = parsed(dump, spec["file"])
    _check(spec, got)
    assert any("very long line" in w for w in got["report"].warnings)
    assert len(got["posts"][0]["text"]) >= len(recipe["repeat_unit"]) * recipe["repeat_count"]


def test_truncated_dump_keeps_complete_posts_and_flags_the_cut_one() -> None:
    report = ingest_file(FIXTURES / "truncated.txt", "truncated.txt")
    assert [p.is_truncated for p in report.posts][-1] is True
    assert not any(p.is_truncated for p in report.posts[:-1])


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("binary.bin.txt", "empty.txt", "category-kotra.txt", "no-posts.txt"):
        shutil.copy(FIXTURES / name, raw / name)
    result = run(raw)
    assert {p.source_file for p in result.posts} == {"raw/category-kotra.txt"}
    assert {r.source_file for r in result.rejects} == {"raw/binary.bin.txt", "raw/no-posts.txt"}


def test_same_post_in_two_category_dumps_is_one_row(tmp_path: Path) -> None:
    post = "DPRK rice prices\n\nMonday, May 4th, 2015\n\n{body}\n\nShare\n"
    (tmp_path / "a.txt").write_text("Archive for the ‘Agriculture’ Category\n\n" + post.format(body="Rice sold for 5,000 won."), encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Archive for the ‘Markets’ Category\n\n" + post.format(body="Rice sold for 5,000 won.\n\nUPDATE: corn too."),
        encoding="utf-8",
    )
    result = run(tmp_path)
    assert len(result.posts) == 1
    assert result.posts[0].categories == ["Agriculture", "Markets"]
    assert "corn too" in result.posts[0].text
    assert merge_posts(list(result.posts)) == result.posts
