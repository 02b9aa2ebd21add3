"""Shared bits of the benchmark scripts: the repo on sys.path, the corpus, memory, the result table."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from make_corpus import corpus_bytes, make_corpus  # noqa: E402

MB = 1_000_000


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options every benchmark takes; add more, then `.parse_args()`."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--mb", type=float, default=20, help="corpus size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    return parser


@contextmanager
def corpus(mb: float, seed: int = 0):
    """A fresh synthetic corpus in a temp folder: yields (raw_dir, bytes)."""
    with tempfile.TemporaryDirectory(prefix="nkf-bench-") as tmp:
        raw = Path(tmp) / "raw"
        files = make_corpus(raw, mb, seed)
        yield raw, corpus_bytes(files)


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss * 1024 / MB


class TreeMemory:
    """Samples this process and all its descendants every `interval` s; peaks in MB.

    ru_maxrss of RUSAGE_CHILDREN is only the largest single child, so for a process pool the
    footprint of everything alive at once needs sampling. `peak_rss` sums RSS, which counts the
    copy-on-write pages forked workers share with their parent once per process (an upper
    bound); `peak_pss` sums PSS, which splits shared pages among their sharers: what the
    machine's memory actually holds.
    """

    def __init__(self, interval: float = 0.1):
        import psutil

        self.process, self.interval = psutil.Process(), interval
        self.peak_rss = self.peak_pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            rss = pss = 0
            for proc in [self.process, *self.process.children(recursive=True)]:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:  # a worker that just exited
                    continue
                rss, pss = rss + info.rss, pss + info.pss
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss / MB), max(self.peak_pss, pss / MB)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def table(rows: list[tuple[str, str, str, bool | None]]) -> str:
    """Rows of (measure, value, target, passed); passed None = informational."""
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "target", None)]) for i in range(3)]
    lines = [f"{'measure':<{widths[0]}}  {'value':>{widths[1]}}  {'target':<{widths[2]}}  result"]
    lines.append("-" * len(lines[0]))
    for name, value, target, passed in rows:
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        lines.append(f"{name:<{widths[0]}}  {value:>{widths[1]}}  {target:<{widths[2]}}  {verdict}")
    return "\n".join(lines)
