"""Build throughput and memory, the extractor alone, and quantulum3 on the same text.

Measured on one synthetic corpus (1 MB = 10^6 bytes):
- `build`: `pipeline.build.run` into a fresh temp output folder (so any build cache is cold),
  end to end (ingest, extraction on the process pool over both cores, export), in MB/s of dump
  text; and its peak memory: this process and all its children sampled every 100 ms, judged on
  summed PSS (forked workers share pages with their parent; summed RSS counts those once per
  process and is shown as an upper bound, with ru_maxrss of self and of the largest child).
  Targets: >= 2 MB/s, < 1.5 GB.
- the extractor alone: `pipeline.extract.run.extract_all` on the ingested segments with 1 and
  2 workers, in MB/s of segment text (UTF-8), spaCy pipeline already loaded in this process
  (its load time is shown on its own).
- quantulum3, the baseline `evaluate` compares against, run as `evaluate.predict_quantulum`
  runs it (`parser.parse` per segment) on a seeded random sample of the same segments, and
  its time extrapolated to all the segment text: why a rule-based extractor is worth having.

Run on an otherwise idle machine: the build uses both of its cores.

    python benchmarks/bench_build.py [--mb 20] [--quantulum-mb 1]
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
import warnings
from pathlib import Path

from common import MB, TreeMemory, arguments, corpus, maxrss_mb, table

from pipeline import build
from pipeline.extract import run as extract
from pipeline.extract.nlp import build_nlp
from pipeline.ingest import run as ingest

TARGET_BUILD_MBPS = 2.0
TARGET_PEAK_MB = 1500.0
QUANTULUM_MB = 1.0


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def quantulum_rate(texts: list[str], sample_mb: float, seed: int) -> tuple[float, float]:
    """(MB/s, MB sampled) of quantulum3's parser on a random sample of `texts`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
        parser.parse("warm up: 5 tonnes")
    sample, size = [], 0
    for text in random.Random(seed).sample(texts, len(texts)):
        if size >= sample_mb * MB:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in sample:
            try:
                parser.parse(text)
            except Exception:  # as in evaluate: quantulum3 raises on some inputs
                pass
    return size / MB / (time.perf_counter() - start), size / MB


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--quantulum-mb", type=float, default=QUANTULUM_MB, help="quantulum3 sample (default 1)")
    args = parser.parse_args()
    rows = []
    with corpus(args.mb, args.seed) as (raw, size), tempfile.TemporaryDirectory() as out:
        with TreeMemory() as memory:
            result, seconds = timed(build.run, raw, Path(out) / "out")
        self_peak = maxrss_mb()
        child_peak = maxrss_mb(resource.RUSAGE_CHILDREN)
        mbps = size / MB / seconds
        print(f"corpus: {size / MB:.1f} MB in {len(result.reports)} files; build rows: {result.rows}")
        if getattr(result, "stats", None):  # the build cache's account, where the build has one
            print(f"build cache: {result.stats.summary()}")
        print()
        rows += [
            ("build time (2 cores)", f"{seconds:.1f} s", "", None),
            ("build throughput", f"{mbps:.2f} MB/s", f">= {TARGET_BUILD_MBPS:g} MB/s", mbps >= TARGET_BUILD_MBPS),
            ("build peak memory (sum of PSS)", f"{memory.peak_pss:.0f} MB", f"< {TARGET_PEAK_MB:g} MB",
             memory.peak_pss < TARGET_PEAK_MB),
            ("  sum of RSS (shared pages per process)", f"{memory.peak_rss:.0f} MB", "", None),
            ("  ru_maxrss self / largest child", f"{self_peak:.0f} / {child_peak:.0f} MB", "", None),
        ]
        ingested, ingest_seconds = timed(ingest.run, raw)
        segments = ingested.segments
        rows.append(("  of which ingest (measured alone)", f"{ingest_seconds:.1f} s", "", None))

    contexts = extract.contexts_of(segments)
    text_mb = sum(len(c.text.encode("utf-8")) for c in contexts) / MB
    _, load = timed(build_nlp)
    rows.append(("spaCy pipeline load", f"{load:.1f} s", "", None))
    for workers in (1, 2):
        figures, seconds = timed(extract.extract_all, contexts, workers)
        rows.append((f"extract_all, {workers} worker(s), {text_mb:.1f} MB", f"{text_mb / seconds:.2f} MB/s ({seconds:.1f} s)", "", None))
    rows.append(("  figures found", f"{sum(map(len, figures))}", "", None))

    rate, sampled = quantulum_rate([c.text for c in contexts if c.text.strip()], args.quantulum_mb, args.seed)
    rows += [
        (f"quantulum3 parse, {sampled:.1f} MB sample", f"{rate:.3f} MB/s", "", None),
        (f"  extrapolated to {text_mb:.1f} MB", f"{text_mb / rate / 60:.1f} min", "", None),
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
