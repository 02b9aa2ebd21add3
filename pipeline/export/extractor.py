"""The extraction helper: a process that loads spaCy while the build reads its cache.

On a rerun, importing spaCy and building the extraction pipeline takes longer than extracting the
few new segments, and all of it would otherwise come after the ingest. The build starts this
helper first, so the pipeline is ready by the time the cache has said which segments are new;
their rows then come back while the build assembles the other tables.

The helper is spawned, not forked: it inherits neither the build lock nor any open file, so a
killed build never leaves its lock held by a helper. It serves one request and exits; when the
build needs nothing extracted it is terminated.
"""

from __future__ import annotations

import multiprocessing
import traceback


def extract(segments, workers: int | None) -> list[list[dict]]:
    """Figure rows (with ids) per segment: `pipeline.extract.run` on all cores for large inputs."""
    from pipeline.extract import run as extraction  # spaCy: imported only where text is extracted

    per_segment = extraction.extract_all(extraction.contexts_of(segments), workers)
    return [extraction.with_ids(rows) for rows in per_segment]


def _serve(connection, workers: int | None) -> None:
    """The helper process: warm up, answer one request, exit."""
    from pipeline.extract.nlp import build_nlp

    build_nlp()  # cached for the request (and for the pool workers `extract_all` forks from here)
    try:
        segments = connection.recv()
    except EOFError:
        return
    try:
        connection.send(("rows", extract(segments, workers)))
    except BaseException:  # noqa: BLE001 - sent to the build, which raises it
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


class Extractor:
    """`with Extractor(workers) as extractor:` then `extractor.submit(segments)` and
    `extractor.result()`; with `spawn=False` everything runs in this process instead."""

    def __init__(self, workers: int | None = None, spawn: bool = True):
        self.workers = workers
        self._process = self._connection = None
        self._rows = None
        if spawn:
            context = multiprocessing.get_context("spawn")
            self._connection, theirs = context.Pipe()
            self._process = context.Process(target=_serve, args=(theirs, workers), name="nkfigures-extract")
            self._process.start()
            theirs.close()

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def submit(self, segments) -> None:
        if self._process is None:
            self._rows = extract(segments, self.workers)
        else:
            self._connection.send(segments)

    def result(self) -> list[list[dict]]:
        """The rows of the submitted segments, in order; raises when extraction failed."""
        if self._process is None:
            return self._rows
        try:
            kind, payload = self._connection.recv()
        except EOFError:
            raise RuntimeError("the extraction process died without an answer") from None
        finally:
            self.close()
        if kind == "error":
            raise RuntimeError(f"extraction failed in the helper process:\n{payload}")
        return payload

    def close(self) -> None:
        """Stop the helper (at once if it has nothing left to send)."""
        if self._process is None:
            return
        process, self._process = self._process, None
        if process.is_alive():
            process.terminate()
        process.join()
        self._connection.close()
