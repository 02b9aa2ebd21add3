"""Builds killed with SIGKILL at any point, and builds racing on one output folder.

Whatever happens, every published version and `latest` stay valid, nothing partial is visible,
and the next build completes normally.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import build
from pipeline.export import catalog
from pipeline.export import validate as validation
from pipeline.export.lock import LOCK_FILE, BuildLock
from pipeline.export.publish import TMP_PREFIX

from .conftest import ROOT, SAMPLE
from .test_publish import FIRST_DUMP, make_raw

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# Runs a build that SIGKILLs itself at a named point: exact, repeatable crash points.
HARNESS = r"""
import os, signal, sys
from pathlib import Path
from pipeline import build
from pipeline.export import cache, publish

point, raw, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def die_after(owner, name, calls=1):
    original, seen = getattr(owner, name), []
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(1)
        if len(seen) >= calls:
            die()
        return result
    setattr(owner, name, wrapper)

if point == "after-ingest-cache":
    die_after(cache.BuildCache, "ingest")
elif point == "during-extraction":
    cache.ExtractJob.result = lambda self: die()  # the helper process is extracting
elif point == "after-extraction-cache":
    die_after(cache.BuildCache, "store")
elif point == "half-written":
    original = publish.write_files
    publish.write_files = lambda folder, files: (original(folder, dict(list(files.items())[:3])), die())
elif point == "before-rename":
    die_after(publish, "_fsync_dir", 1)
elif point == "after-rename":
    die_after(publish.os, "rename", 1)
elif point == "between-latest-links":
    die_after(publish.os, "replace", 1)
build.run(raw, out)
print("not killed")
"""

POINTS = ["after-ingest-cache", "during-extraction", "after-extraction-cache", "half-written",
          "before-rename", "after-rename", "between-latest-links"]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, str, Path]:
    """An output folder holding one version (the sample), and a raw folder with one new dump."""
    root = tmp_path_factory.mktemp("published")
    out = root / "output"
    first = build.run(make_raw(root / "v1", {"international-governments-p1.txt": SAMPLE}), out).version
    raw = make_raw(root / "v2", {"international-governments-p1.txt": SAMPLE, "2012-05/markets-p1.txt": FIRST_DUMP})
    return out, first, raw


def fresh_copy(published, tmp_path: Path) -> tuple[Path, str, Path]:
    out, first, raw = published
    copy = tmp_path / "output"
    shutil.copytree(out, copy, symlinks=True)
    return copy, first, raw


def assert_intact(out: Path, first: str) -> None:
    """The first version and `latest` are valid; every visible version is complete."""
    assert first in catalog.versions(out)
    for version in catalog.versions(out):
        assert validation.run(out / version, version) == [], version
    assert catalog.latest(out) in catalog.versions(out)


def assert_next_build_completes(out: Path, raw: Path, first: str) -> build.BuildResult:
    result = build.run(raw, out)
    assert result.version != first
    assert catalog.latest(out) == result.version
    assert validation.run(out / result.version, result.version) == []
    assert not list(out.glob(f"{TMP_PREFIX}*")), "temporaries of the killed build were not cleaned"
    return result


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_a_named_point_leaves_every_version_valid(published, tmp_path: Path, point: str) -> None:
    out, first, raw = fresh_copy(published, tmp_path)
    done = subprocess.run([sys.executable, "-c", HARNESS, point, str(raw), str(out)],
                          env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    assert_intact(out, first)
    if point in ("after-ingest-cache", "during-extraction", "half-written", "before-rename"):
        assert catalog.versions(out) == [first] and catalog.latest(out) == first
    if point in ("half-written", "before-rename"):
        assert [p for p in out.glob(f"{TMP_PREFIX}*") if p.is_dir()], "expected the killed build's temporary folder"
    if point in ("after-rename", "between-latest-links"):
        assert len(catalog.versions(out)) == 2  # complete and valid, checked above
    result = assert_next_build_completes(out, raw, first)
    assert set(catalog.versions(out)) == {first, result.version}
    if point in ("after-extraction-cache", "half-written", "before-rename"):
        assert result.stats.extracted == 0  # the killed build's extraction was kept in the cache


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8, 3.0])
def test_a_build_killed_after_a_delay_leaves_every_version_valid(published, tmp_path: Path, delay: float) -> None:
    out, first, raw = fresh_copy(published, tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.kill()
    process.wait(timeout=60)
    assert_intact(out, first)
    assert_next_build_completes(out, raw, first)


# -- two builds at once ---------------------------------------------------------------------------


def _build_command(raw: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out), *extra]


def test_a_second_build_exits_with_a_clear_message_naming_the_holder(published, tmp_path: Path) -> None:
    out, _first, raw = fresh_copy(published, tmp_path)
    with BuildLock(out):
        assert (out / LOCK_FILE).read_text().strip() == str(os.getpid())
        done = subprocess.run(_build_command(raw, out), env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pid {os.getpid()}" in lines[0] and "--wait" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_second_build_with_wait_runs_once_the_first_is_done(published, tmp_path: Path) -> None:
    out, first, raw = fresh_copy(published, tmp_path)
    with BuildLock(out):
        process = subprocess.Popen(_build_command(raw, out, "--wait", "120"), env=ENV,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert process.poll() is None, "the second build did not wait"
        assert catalog.versions(out) == [first]
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "waited for the build with pid" in stderr and "published" in stdout
    assert len(catalog.versions(out)) == 2


def test_two_concurrent_builds_publish_one_version_once(published, tmp_path: Path) -> None:
    out, first, raw = fresh_copy(published, tmp_path)
    processes = [subprocess.Popen(_build_command(raw, out, "--wait", "300"), env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.communicate(timeout=300), p.returncode) for p in processes]
    assert [code for _, code in results] == [0, 0], results
    outputs = [stdout for (stdout, _), _ in results]
    assert sum("already published" in o for o in outputs) == 1
    (new,) = set(catalog.versions(out)) - {first}
    assert validation.run(out / new, new) == [] and catalog.latest(out) == new


def test_a_stale_lock_from_a_killed_build_is_taken_over(published, tmp_path: Path) -> None:
    out, first, raw = fresh_copy(published, tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from pipeline.export.lock import BuildLock\n"
         "with BuildLock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)", str(out)],
        env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=60)
    assert (out / LOCK_FILE).read_text().strip() == str(holder.pid)
    result = build.run(raw, out)
    assert any(f"stale lock left by pid {holder.pid}" in m for m in result.messages)
    assert (out / LOCK_FILE).read_text() == ""  # released cleanly
    assert validation.run(out / result.version, result.version) == []
