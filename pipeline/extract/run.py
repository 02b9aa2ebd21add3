"""The extraction stage (placeholder until the figure extractor lands): no figures."""

from __future__ import annotations


def run(segments, progress=None) -> list[dict]:
    return []
