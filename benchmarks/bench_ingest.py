"""Ingest throughput: `pipeline.ingest.run.run` over a synthetic corpus, one process, one core.

Measured: MB/s of dump text (file bytes, 1 MB = 10^6 bytes) through the whole stage (decode,
page and post parsing, citations, ids, merge), imports excluded; and the process's peak RSS
(ru_maxrss), which is what ingest costs on top of the interpreter since nothing else runs here.
Why: ingest runs in the parent before extraction starts, unparallelised, so on a full archive its
speed adds straight to build time. Target: >= 10 MB/s on one core.

    python benchmarks/bench_ingest.py [--mb 20]
"""

from __future__ import annotations

import time

from common import MB, arguments, corpus, maxrss_mb, table

from pipeline.ingest import run as ingest

TARGET_MBPS = 10.0


def main() -> None:
    args = arguments(__doc__).parse_args()
    with corpus(args.mb, args.seed) as (raw, size):
        before = maxrss_mb()
        start = time.perf_counter()
        result = ingest.run(raw)
        seconds = time.perf_counter() - start
        peak = maxrss_mb()
        segments = result.segments
    mbps = size / MB / seconds
    print(f"corpus: {size / MB:.1f} MB, {len(result.reports)} files -> {len(result.posts)} posts, "
          f"{len(segments)} segments, {sum(len(s.citations) for s in segments)} citations, "
          f"{len(result.rejects)} rejects\n")
    print(table([
        ("ingest time", f"{seconds:.2f} s", "", None),
        ("ingest throughput (1 core)", f"{mbps:.2f} MB/s", f">= {TARGET_MBPS:g} MB/s", mbps >= TARGET_MBPS),
        ("peak RSS (ru_maxrss)", f"{peak:.0f} MB", "", None),
        ("  of which before ingest", f"{before:.0f} MB", "", None),
    ]))


if __name__ == "__main__":
    main()
