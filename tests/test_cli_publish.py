"""The version commands: `versions`, `validate`, `cite`, `diff`, each with `--out`; one-line user errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import build
from pipeline.cli import main
from pipeline.export import citation
from pipeline.export.schema import DATASET, TABLES

from .conftest import SAMPLE
from .test_publish import FIRST_DUMP, make_raw


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> tuple[Path, str, str]:
    root = tmp_path_factory.mktemp("cli")
    raw = make_raw(root, {"international-governments-p1.txt": SAMPLE})
    out = root / "output"
    first = build.run(raw, out).version
    make_raw(root, {"2012-05/markets-p1.txt": FIRST_DUMP})
    return out, first, build.run(raw, out).version


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_versions_lists_names_dates_rows_and_latest(out, capsys) -> None:
    folder, first, second = out
    code, stdout, _ = run(capsys, "versions", "--out", str(folder))
    assert code == 0
    header, *rows = stdout.strip().splitlines()
    assert all(name in header for name in TABLES) and "latest" in header
    assert [r.split()[0] for r in rows] == sorted([first, second])
    latest_row = next(r for r in rows if r.startswith(second))
    assert latest_row.rstrip().endswith("*") and latest_row.split()[1] == second[:10]
    assert not next(r for r in rows if r.startswith(first)).rstrip().endswith("*")


def test_validate_says_valid(out, capsys) -> None:
    folder, first, _second = out
    code, stdout, _ = run(capsys, "validate", first, "--out", str(folder))
    assert code == 0 and stdout.startswith(f"valid: {first}")


@pytest.mark.parametrize("form", citation.FORMATS)
def test_cite_prints_the_version_in_every_format(out, capsys, form: str) -> None:
    folder, _first, second = out
    code, stdout, _ = run(capsys, "cite", "--format", form, "--out", str(folder))
    assert code == 0 and second in stdout and DATASET.repository in stdout
    if form == "cff":
        assert stdout == (folder / second / "CITATION.cff").read_text()
    if form == "bibtex":
        assert stdout.startswith("@misc{") and stdout.rstrip().endswith("}")


def test_diff_defaults_to_latest_against_its_previous_version(out, capsys) -> None:
    folder, first, second = out
    code, stdout, _ = run(capsys, "diff", "--out", str(folder))
    assert code == 0 and stdout == (folder / second / "CHANGES.md").read_text()
    code, as_json, _ = run(capsys, "diff", first, second, "--json", "--out", str(folder))
    assert code == 0 and as_json == (folder / second / "changes.json").read_text()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["versions"], "no published version"),
        (["validate"], "output folder not found"),
        (["cite"], "output folder not found"),
        (["diff", "a", "b"], "output folder not found"),
        (["build", "--raw", "/nonexistent/raw"], "raw folder not found"),
    ],
)
def test_user_errors_are_one_line_with_status_2(tmp_path: Path, capsys, argv, message) -> None:
    code, _stdout, stderr = run(capsys, *argv, "--out", str(tmp_path / "missing"))
    assert code == 2
    assert stderr.count("\n") == 1 and message in stderr and stderr.startswith("nkfigures: error:")


def test_unknown_and_ambiguous_versions_are_user_errors(out, capsys) -> None:
    folder, first, second = out
    code, _, stderr = run(capsys, "validate", "1999-01-01", "--out", str(folder))
    assert code == 2 and "no version '1999-01-01'" in stderr
    code, _, stderr = run(capsys, "cite", "20", "--out", str(folder))
    assert code == 2 and "ambiguous" in stderr and first in stderr and second in stderr
    code, stdout, _ = run(capsys, "diff", first[:15], "--out", str(folder))  # OLD only: against latest
    assert code == 0 and f"Compared with the previous version `{first}`" in stdout


def test_cite_formats_offered_by_the_cli_are_the_renderers() -> None:
    from pipeline import cli
    from pipeline.export import citation

    assert cli.CITE_FORMATS == citation.FORMATS
