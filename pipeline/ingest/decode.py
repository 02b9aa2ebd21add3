"""Bytes of a dump to text lines, repairing what can be repaired and saying so.

A dump should be UTF-8. Bytes that are not are decoded as cp1252 (what Windows tools save) with a
warning; mojibake (UTF-8 read as another code page) is repaired line by line with ftfy, plus the
cp437 residues listed in the `page` lexicon. Binary or empty files raise `DumpError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ftfy
from ftfy.badness import is_bad

from pipeline.lexicons import load

# Control characters other than tab/newline/carriage return: a text dump has none.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HUGE_LINE = 1_000_000  # characters; such a line is kept but reported
# Lines whose only non-ASCII characters are typographic punctuation (curly quotes, dashes, ellipsis),
# no-break spaces, degree and currency signs or Hangul cannot hold mojibake: ftfy's costlier check
# is skipped for them. Broken encodings always leave Latin-1, box-drawing or Greek letters behind.
_PLAIN = re.compile(r"[\x00-\x7f\u2000-\u206f\u00a0\u00b0\u20ac\u00a3\u00a5\uac00-\ud7a3\u3131-\u318e]*")


class DumpError(Exception):
    """A dump that cannot be read as text at all; the message names file and line."""


@dataclass
class DecodedDump:
    lines: list[str]
    warnings: list[str] = field(default_factory=list)


def _residue_fixer():
    entry = load("page")["mojibake_residue"]
    pattern = re.compile(entry["pattern"])
    table = entry["replacements"]
    return lambda line: pattern.sub(lambda m: table[m.group(0)], line)


def decode_dump(data: bytes, name: str) -> DecodedDump:
    """Decode a dump's bytes into lines (without line ends)."""
    if not data.strip():
        raise DumpError(f"{name}:1: empty file (no text to read)")
    sample = data[:65536]
    controls = len(_CONTROL.findall(sample))
    if b"\x00" in sample or controls > max(8, len(sample) // 200):
        line = data[: data.find(b"\x00") if b"\x00" in data else 0].count(b"\n") + 1
        raise DumpError(f"{name}:{line}: binary file (NUL or control bytes), not a text dump")
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{name}:{line}: not valid UTF-8; decoded as cp1252")
    # Line ends to \n; no-break spaces (from &nbsp;) to plain spaces.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = text.split("\n")
    fix_residue = _residue_fixer()
    for number, line in enumerate(lines, start=1):
        if len(line) > HUGE_LINE:
            warnings.append(f"{name}:{number}: very long line ({len(line):,} characters)")
        if line.isascii() or _PLAIN.fullmatch(line):
            continue
        if is_bad(line[:HUGE_LINE]):
            fixed = fix_residue(ftfy.fix_encoding(line))
            if fixed != line:
                warnings.append(f"{name}:{number}: repaired mojibake")
                lines[number - 1] = fixed.replace("\u00a0", " ")
    return DecodedDump(lines=lines, warnings=warnings)
