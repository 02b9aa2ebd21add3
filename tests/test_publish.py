"""Published versions: deterministic, immutable, self-describing, checkable and comparable.

These tests check properties (same bytes, valid hashes, stable ids, reused work), never exact
figure counts: the extractor keeps improving under them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build, load
from pipeline.export import catalog, changes, dictionary
from pipeline.export import validate as validation
from pipeline.export import cache as cache_module
from pipeline.export.cache import BuildCache
from pipeline.export.extractor import Extractor
from pipeline.export.schema import TABLES
from pipeline.export.sources import describe
from pipeline.export.tables import ingest_rows
from pipeline.ingest import run as ingest

from .conftest import ROOT, SAMPLE

# A hand-made category dump whose one post a later dump shows again: re-dated, retitled
# "(UPDATED)" and grown by a new UPDATE above the sections it already had.
FIRST_DUMP = """Archive for the ‘Markets’ Category

Rice prices in Pyongyang

Monday, May 14th, 2012

UPDATE 1 (2012-05-20): Corn sold for 2,100 won per kilogram in Hyesan on May 19, Daily NK reports.

ORIGINAL POST (2012-05-14): According to Daily NK, rice sold for 5,000 won per kilogram in Pyongyang markets in April 2012, up 20 percent from March.

North Korea imported 523,000 tons of crude oil from China in 2011.

Share
"""

LATER_DUMP = """Archive for the ‘Markets’ Category

Rice prices in Pyongyang (UPDATED)

Friday, June 1st, 2012

UPDATE 2 (2012-06-01): Rice now sells for 6,000 won per kilogram in Pyongyang, Daily NK reports.

UPDATE 1 (2012-05-20): Corn sold for 2,100 won per kilogram in Hyesan on May 19, Daily NK reports.

ORIGINAL POST (2012-05-14): According to Daily NK, rice sold for 5,000 won per kilogram in Pyongyang markets in April 2012, up 20 percent from March.

North Korea imported 523,000 tons of crude oil from China in 2011.

Share
"""

# The same post as first captured, before it had any UPDATE: all of it is one BODY segment.
BODY_ONLY_DUMP = """Archive for the ‘Markets’ Category

Rice prices in Pyongyang

Monday, May 14th, 2012

According to Daily NK, rice sold for 5,000 won per kilogram in Pyongyang markets in April 2012, up 20 percent from March.

North Korea imported 523,000 tons of crude oil from China in 2011.

Share
"""


def make_raw(root: Path, dumps: dict[str, str | Path]) -> Path:
    """A raw folder holding `dumps` (relative path -> text, or a file to copy)."""
    raw = root / "raw"
    for name, content in dumps.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content, encoding="utf-8")
    return raw


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def ids(out: Path, version: str, table: str) -> list[str]:
    key = TABLES[table].primary_key
    return changes.row_ids(catalog.read_table(out, version, table), key)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory) -> tuple[Path, str, str, Path]:
    """An output folder with two real versions: the sample, then the sample plus a new dump."""
    root = tmp_path_factory.mktemp("two-versions")
    raw = make_raw(root, {"international-governments-p1.txt": SAMPLE})
    out = root / "output"
    first = build.run(raw, out).version
    make_raw(root, {"2012-05/markets-p1.txt": FIRST_DUMP})
    second = build.run(raw, out)
    return out, first, second.version, raw


# -- determinism and immutability -------------------------------------------------------------


def test_two_builds_in_fresh_processes_give_the_same_name_and_bytes(tmp_path: Path) -> None:
    """Separate processes with different hash seeds: nothing random or time-dependent gets in."""
    raw = make_raw(tmp_path, {"international-governments-p1.txt": SAMPLE, "2012-05/markets-p1.txt": FIRST_DUMP})
    folders = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        folders.append(out / catalog.latest(out))
    assert folders[0].name == folders[1].name
    assert files_of(folders[0]) == files_of(folders[1])


def test_rebuilding_the_same_version_is_a_no_op_that_says_so(two_versions) -> None:
    out, _first, second, raw = two_versions
    folder = out / second
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    result = build.run(raw, out)
    assert result.reused and result.version == second
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()} == before
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out)],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "already published" in done.stdout


def test_published_files_are_read_only(two_versions) -> None:
    out, _first, second, _raw = two_versions
    for path in (out / second).iterdir():
        assert not path.stat().st_mode & 0o222, path


# -- incremental reruns -------------------------------------------------------------------------


def test_rerun_extracts_only_new_segments_and_matches_a_fresh_build(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, {"international-governments-p1.txt": SAMPLE})
    out = tmp_path / "output"
    first = build.run(raw, out)
    assert first.stats.reused == 0 and first.stats.new == first.rows["segments"]
    make_raw(tmp_path, {"2012-05/markets-p1.txt": FIRST_DUMP})
    second = build.run(raw, out)
    added = second.rows["segments"] - first.rows["segments"]
    assert added > 0
    assert (second.stats.new, second.stats.changed, second.stats.reused) == (added, 0, first.rows["segments"])
    fresh = build.run(raw, tmp_path / "fresh")
    assert fresh.version == second.version
    for name in TABLES:  # the data; CHANGES.md differs (the fresh folder has no previous version)
        assert (fresh.folder / f"{name}.parquet").read_bytes() == (second.folder / f"{name}.parquet").read_bytes()


def test_a_changed_segment_is_re_extracted_and_counted_as_changed(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, {"markets-p1.txt": FIRST_DUMP})
    out = tmp_path / "output"
    first = build.run(raw, out)
    (raw / "markets-p1.txt").write_text(FIRST_DUMP.replace("2,100 won", "2,300 won"), encoding="utf-8")
    second = build.run(raw, out)
    assert (second.stats.new, second.stats.changed) == (0, 1)
    assert second.stats.reused == first.rows["segments"] - 1


def test_many_small_batches_are_compacted_without_changing_the_output(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache_module, "COMPACT_AFTER", 1)
    raw = make_raw(tmp_path, {"markets-p1.txt": FIRST_DUMP})
    out = tmp_path / "output"
    for price in ("2,100", "2,200", "2,300"):
        (raw / "markets-p1.txt").write_text(FIRST_DUMP.replace("2,100", price), encoding="utf-8")
        result = build.run(raw, out)
        assert result.stats.extracted <= 1 or price == "2,100"
    with BuildCache(out) as cache:
        (count,) = cache.db.execute("SELECT COUNT(*) FROM batches").fetchone()
    assert count <= 1
    fresh = build.run(raw, tmp_path / "fresh")
    assert (fresh.folder / "figures.parquet").read_bytes() == (result.folder / "figures.parquet").read_bytes()


def test_an_extraction_error_in_the_helper_process_is_raised_in_the_build() -> None:
    with Extractor() as extractor:
        extractor.submit([object()])  # not a segment
        with pytest.raises(RuntimeError, match="AttributeError"):
            extractor.result()


def test_cached_ingest_gives_what_ingest_run_gives(tmp_path: Path) -> None:
    """The cache replays `ingest.run` dump by dump; both must give the same rows."""
    dumps = {"international-governments-p1.txt": SAMPLE, "2012-05/markets-p1.txt": FIRST_DUMP,
             "2012-06/markets-p1.txt": LATER_DUMP, "2012-07/markets-p1.txt": BODY_ONLY_DUMP}
    dumps.update({f"eval/{p.name}": p for p in (ROOT / "eval" / "dumps").iterdir()})  # with sidecars
    # Two crawls of one post told apart only by the sidecars' `retrieved` dates.
    dumps.update({"x/markets.txt": LATER_DUMP.replace(" up 20 percent from March.", ""),
                  "x/markets.meta.json": '{"retrieved": "2026-12-01"}',
                  "y/markets.txt": LATER_DUMP, "y/markets.meta.json": '{"retrieved": "2026-01-01"}'})
    raw = make_raw(tmp_path, dumps)
    sources = describe(raw, ingest.find_dumps(raw))
    expected = ingest_rows(ingest.run(raw))
    for _ in range(2):  # cold, then from the cache
        with BuildCache(tmp_path / "output") as cache:
            assert ingest_rows(cache.ingest(sources)) == expected


# -- post identity --------------------------------------------------------------------------


def build_then_rebuild_with_later_dump(tmp_path: Path, first_dump: str) -> tuple[Path, str, str]:
    """(output folder, first version, second version): `first_dump` built, then LATER_DUMP added."""
    raw = make_raw(tmp_path, {"2012-05/markets-p1.txt": first_dump})
    out = tmp_path / "output"
    first = build.run(raw, out).version
    make_raw(tmp_path, {"2012-06/markets-p1.txt": LATER_DUMP})
    return out, first, build.run(raw, out).version


def test_a_post_seen_again_re_dated_retitled_and_updated_keeps_its_ids(tmp_path: Path) -> None:
    out, first, second = build_then_rebuild_with_later_dump(tmp_path, FIRST_DUMP)
    posts = load("posts", version=second, out=out)
    assert len(posts) == 1 and posts.post_id[0] == ids(out, first, "posts")[0]
    assert "UPDATE 2" in posts.text[0] and "6,000 won" in posts.text[0]
    old_segments, new_segments = set(ids(out, first, "segments")), set(ids(out, second, "segments"))
    assert old_segments < new_segments
    old_figures, new_figures = set(ids(out, first, "figures")), set(ids(out, second, "figures"))
    assert old_figures and old_figures <= new_figures
    diff = json.loads((out / second / "changes.json").read_text())
    assert diff["tables"]["figures"]["removed"] == []
    assert diff["tables"]["posts"]["changed"] == [posts.post_id[0]]


def test_the_original_text_keeps_its_figure_ids_when_a_first_update_is_added(tmp_path: Path) -> None:
    out, first, second = build_then_rebuild_with_later_dump(tmp_path, BODY_ONLY_DUMP)
    assert ids(out, first, "posts") == ids(out, second, "posts")
    assert set(ids(out, first, "figures")) <= set(ids(out, second, "figures"))


def test_the_newest_copy_of_a_post_wins_even_when_shorter(tmp_path: Path) -> None:
    corrected = LATER_DUMP.replace(" up 20 percent from March.", "")
    raw = make_raw(tmp_path, {"2012-06/markets-p1.txt": LATER_DUMP, "2012-07/markets-p1.txt": corrected})
    result = build.run(raw, tmp_path / "output")
    posts = load("posts", version=result.version, out=tmp_path / "output")
    assert len(posts) == 1 and "up 20 percent" not in posts.text[0]


# -- the version folder describes itself -----------------------------------------------------------


def test_datapackage_describes_every_source_table_and_field(two_versions) -> None:
    out, _first, second, raw = two_versions
    folder = out / second
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["version"] == second and package["name"] and package["title"] and package["licenses"]
    dumps = ingest.find_dumps(raw)
    assert sorted(s["sha256"] for s in package["sources"]) == sorted(hashlib.sha256(d.read_bytes()).hexdigest() for d in dumps)
    assert all(s["bytes"] > 0 for s in package["sources"])
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for res in package["resources"]:
        data = (folder / res["path"]).read_bytes()
        assert res["bytes"] == len(data) and res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        table = TABLES[res["name"]]
        assert res["schema"]["primaryKey"] == table.primary_key
        assert len(res["schema"]["foreignKeys"]) == len(table.foreign_keys)
        for spec, column in zip(res["schema"]["fields"], table.columns, strict=True):
            assert spec["name"] == column.name and spec["type"] and spec["description"] == column.description
            assert spec.get("unit") == column.unit
            assert spec["constraints"].get("enum") == column.enum
            assert spec["constraints"]["required"] == (not column.nullable)
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    assert any(f.get("unit") for f in figures["schema"]["fields"])


def test_parquet_files_carry_their_metadata(two_versions) -> None:
    out, _first, second, _raw = two_versions
    for name, table in TABLES.items():
        schema = pq.read_schema(out / second / f"{name}.parquet")
        meta = {k.decode(): v.decode() for k, v in schema.metadata.items()}
        assert meta["dataset_version"] == second and meta["pipeline_version"]
        assert meta["description"] == table.description and meta["primary_key"] == ",".join(table.primary_key)
        for column in table.columns:
            assert schema.field(column.name).metadata[b"description"].decode() == column.description


def test_citation_file_names_the_version_and_its_date(two_versions) -> None:
    out, _first, second, _raw = two_versions
    cff = (out / second / "CITATION.cff").read_text()
    assert "type: dataset" in cff
    assert f'version: "{second}"' in cff and f'date-released: "{second[:10]}"' in cff
    assert "repository-code:" in cff


def test_load_gives_typed_frames_and_the_version(two_versions) -> None:
    out, _first, second, _raw = two_versions
    figures = load("figures", out=out)
    assert figures.attrs["version"] == second == load("figures", version=second[:15], out=out).attrs["version"]
    assert str(figures.period_start.dtype).startswith("datetime64")
    assert figures.kind.dtype == "category" and set(figures.kind.cat.categories) == set(TABLES["figures"].column("kind").enum)
    assert str(figures.value.dtype) == "Float64" and str(figures.char_start.dtype) == "Int32"
    assert str(figures.unit_inferred.dtype) == "boolean"
    assert len(figures) == catalog.row_counts(out, second)["figures"]


def test_load_reports_unknown_versions_and_tables_as_user_errors(two_versions) -> None:
    out = two_versions[0]
    with pytest.raises(build.UserError, match="no version"):
        load("figures", version="1999-01-01-0000000000", out=out)
    with pytest.raises(build.UserError, match="unknown table"):
        load("nope", out=out)


# -- validate and diff ---------------------------------------------------------------------------


def test_validate_passes_on_published_versions(two_versions) -> None:
    out, first, second, _raw = two_versions
    for version in (first, second):
        assert validation.run(out / version, version) == []


def _tampered_copy(out: Path, version: str, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=True)
    for path in (copy / version).iterdir():
        path.chmod(0o644)
    return copy / version


def test_validate_catches_a_tampered_file(two_versions, tmp_path: Path) -> None:
    out, _first, second, _raw = two_versions
    folder = _tampered_copy(out, second, tmp_path)
    table = pq.read_table(folder / "figures.parquet")
    values = table.column("value").to_pylist()
    values[0] += 1
    pq.write_table(table.set_column(table.schema.get_field_index("value"), table.schema.field("value"),
                                     pa.array(values, pa.float64())), folder / "figures.parquet")
    problems = validation.run(folder, second)
    assert problems and any("figures.parquet" in p and "sha256" in p for p in problems)
    done = subprocess.run([sys.executable, "-m", "pipeline", "validate", second, "--out", str(folder.parent)],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "sha256" in done.stderr


def test_validate_catches_duplicate_keys_and_broken_foreign_keys_behind_fresh_hashes(two_versions, tmp_path) -> None:
    """A consistent-looking package (hashes recomputed) whose data breaks the keys."""
    out, _first, second, _raw = two_versions
    folder = _tampered_copy(out, second, tmp_path)
    figures = pq.read_table(folder / "figures.parquet")
    segment_ids = figures.column("segment_id").to_pylist()
    segment_ids[-1] = "no-such-segment"
    figures = figures.set_column(figures.schema.get_field_index("segment_id"), figures.schema.field("segment_id"),
                                 pa.array(segment_ids, pa.string()))
    pq.write_table(pa.concat_tables([figures, figures.slice(0, 1)]), folder / "figures.parquet")
    package = json.loads((folder / "datapackage.json").read_text())
    for res in package["resources"]:
        data = (folder / res["path"]).read_bytes()
        res["bytes"], res["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(package))
    problems = validation.run(folder, second)
    assert any("not unique" in p for p in problems)
    assert any("not in segments" in p and "no-such-segment" in p for p in problems)


def test_diff_of_two_real_versions_lists_the_new_rows(two_versions) -> None:
    out, first, second, _raw = two_versions
    diff = changes.compare(first, catalog.read_tables(out, first), second, catalog.read_tables(out, second))
    assert diff == json.loads((out / second / "changes.json").read_text())
    for name in TABLES:
        table = diff["tables"][name]
        new_ids, old_ids = set(ids(out, second, name)), set(ids(out, first, name))
        assert set(table["added"]) == new_ids - old_ids and set(table["removed"]) == old_ids - new_ids
    assert diff["tables"]["posts"]["added"] == ["2012-05-14-rice-prices-in-pyongyang"]
    assert diff["tables"]["figures"]["added"] and not diff["tables"]["figures"]["removed"]
    done = subprocess.run([sys.executable, "-m", "pipeline", "diff", first, second, "--out", str(out)],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    assert done.stdout == (out / second / "CHANGES.md").read_text()
    assert "2012-05-14-rice-prices-in-pyongyang" in done.stdout


def test_diff_reports_changed_rows_and_columns() -> None:
    schema = TABLES["rejects"].arrow_schema()
    row = {"source_file": "a.txt", "line_start": 1, "line_end": 1, "reason": "r", "text": "x"}
    old = pa.Table.from_pylist([row, {**row, "line_start": 5, "line_end": 5}], schema=schema)
    new = pa.Table.from_pylist([{**row, "text": "y"}, {**row, "line_start": 9, "line_end": 9}], schema=schema)
    result = changes.compare_table("rejects", old, new)
    assert (result["added"], result["removed"], result["changed"]) == (["a.txt:9"], ["a.txt:5"], ["a.txt:1"])
    assert result["changed_columns"] == {"text": 1}


# -- the data dictionary ---------------------------------------------------------------------------


def test_data_dictionary_page_is_current() -> None:
    """Fails when the registry changed without `python -m pipeline.export.dictionary`."""
    assert dictionary.PAGE.read_text(encoding="utf-8") == dictionary.render(), (
        "docs/data_dictionary.md is stale: run `python -m pipeline.export.dictionary`"
    )


def test_data_dictionary_check_fails_on_a_stale_page(tmp_path: Path) -> None:
    page = tmp_path / "dictionary.md"
    assert dictionary.main(["--path", str(page)]) == 0
    assert dictionary.main(["--check", "--path", str(page)]) == 0
    page.write_text(page.read_text().replace("figures", "numbers", 1))
    assert dictionary.main(["--check", "--path", str(page)]) == 1


def test_data_dictionary_lists_every_column() -> None:
    page = dictionary.render()
    for table in TABLES.values():
        assert f"## `{table.name}`" in page
        for column in table.columns:
            assert f"| `{column.name}` |" in page
