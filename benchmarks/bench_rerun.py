"""Incremental rerun: a full build of the 20 MB corpus, then a rerun after one new ~100 KB dump.

Each build runs as `python -m pipeline build` in a fresh process, as a scheduled rerun would (so
the rerun pays for its imports and the spaCy pipeline, like cron's would), on the same output
folder:
1. full build of the synthetic corpus (`make_corpus.py`, seed 0) into an empty output folder;
2. one new dump of about 100 KB (other posts: `make_corpus.py`, seed 1) added as
   `raw/2026-12-01/`, then a rerun: it must take under 10% of the full build's time and report
   only the new dump's segments as extracted (every other segment reused from the cache);
3. the same rerun again: a no-op that says the version is already published.

Both timings are medians of `--repeat` runs (default 3), each on a fresh copy of the output folder
as it was before that build, so one slow start-up does not decide the result.

    python benchmarks/bench_rerun.py [--mb 20] [--new-kb 100] [--repeat 3]
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import MB, ROOT, arguments, table
from make_corpus import corpus_bytes, make_corpus

from pipeline.ingest.run import ingest_file

SEGMENTS_LINE = re.compile(r"segments: (\d+) new, (\d+) changed, (\d+) reused")


def timed_build(raw: Path, out: Path) -> tuple[float, str]:
    """Wall time and stdout of one `nkfigures build` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out)],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def median_build(raw: Path, out: Path, before: Path | None, repeat: int) -> tuple[float, str]:
    """Median wall time of `repeat` builds, each into a copy of `before` (or an empty folder) at `out`;
    the last build's output folder is kept at `out`."""
    times, stdout = [], ""
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        if before is not None:
            shutil.copytree(before, out, symlinks=True)
        elapsed, stdout = timed_build(raw, out)
        times.append(elapsed)
    return statistics.median(times), stdout


def segment_counts(stdout: str) -> tuple[int, int, int]:
    match = SEGMENTS_LINE.search(stdout)
    return tuple(int(g) for g in match.groups()) if match else (0, 0, 0)


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--new-kb", type=float, default=100, help="size of the new dump in KB (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per timing; the median is reported (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkf-rerun-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "output"
        archive = make_corpus(raw / "archive", args.mb, args.seed)
        archive_bytes = corpus_bytes(archive)
        print(f"corpus: {len(archive)} dumps, {archive_bytes / MB:.1f} MB", flush=True)

        full, stdout = median_build(raw, out, None, args.repeat)
        full_segments = sum(segment_counts(stdout))
        archived = Path(tmp) / "output-after-full-build"
        shutil.copytree(out, archived, symlinks=True)
        print(f"full build: {full:.1f} s ({full_segments} segments)", flush=True)

        new = make_corpus(raw / "2026-12-01", args.new_kb / 1000, seed=args.seed + 1)
        new_bytes = corpus_bytes(new)
        expected = sum(len(p.segments) for path in new for p in ingest_file(path, path.name).posts)
        rerun, stdout = median_build(raw, out, archived, args.repeat)
        fresh, changed, reused = segment_counts(stdout)
        print(f"rerun: {rerun:.1f} s; {fresh} new, {changed} changed, {reused} reused", flush=True)

        noop, stdout = timed_build(raw, out)
        assert "already published" in stdout, stdout

    ratio = rerun / full
    print()
    print(table([
        ("corpus", f"{archive_bytes / MB:.1f} MB", "", None),
        ("full build (median)", f"{full:.1f} s", "", None),
        ("new dump", f"{new_bytes / 1000:.0f} KB, {expected} segments", "", None),
        ("rerun after the new dump (median)", f"{rerun:.2f} s", "", None),
        ("rerun / full build", f"{ratio:.1%}", "< 10%", ratio < 0.10),
        ("segments extracted on rerun", f"{fresh + changed}", f"= {expected} (the new dump's)", fresh + changed == expected),
        ("segments reused on rerun", f"{reused}", f"= {full_segments}", reused == full_segments),
        ("rerun with nothing new", f"{noop:.1f} s", "no-op", True),
    ]))


if __name__ == "__main__":
    main()
