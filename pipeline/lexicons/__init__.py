"""Lexicons as data: every pattern and word list the stages use, one TOML file per topic.

`load(name)` reads `NAME.toml` beside this file once and caches it. The export stage hashes
these files into the dataset version, so changing a lexicon changes the version id.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LEXICON_DIR = Path(__file__).parent


@functools.cache
def load(name: str) -> dict:
    """The parsed TOML lexicon `name` (without extension)."""
    with open(LEXICON_DIR / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


def files() -> list[Path]:
    """All lexicon files, sorted, for hashing into the dataset version."""
    return sorted(LEXICON_DIR.glob("*.toml"))
