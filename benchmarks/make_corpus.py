"""A synthetic archive corpus for the benchmarks: N MB of dump files made from one real dump.

`raw/international-governments-p1.txt` (one category page, ~42 KB) is repeated with every copy
shifted to other dates (date lines get the right weekday and ordinal; `UPDATE n (Y-M-D)` and
`ORIGINAL POST (Y-M-D)` markers move by the same number of days) and its titles numbered
(`... #17`), so each copy yields new post ids, segment ids and segment dates instead of being
merged into the first. Files are ~1.5 MB each, like real archive dumps. Seeded: the same
arguments give the same bytes.

    python benchmarks/make_corpus.py OUT_DIR [--mb 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "raw" / "international-governments-p1.txt"
FILE_BYTES = 1_500_000
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DATE_LINE = re.compile(r"^(?:\w+day), (\w+) (\d{1,2})(?:st|nd|rd|th)?, (\d{4})$")
MARKER_DATE = re.compile(r"^((?:UPDATE \d+|ORIGINAL POST) \()(\d{4})-(\d{1,2})-(\d{1,2})(\):)")


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_line(date: dt.date) -> str:
    return f"{date:%A}, {MONTHS[date.month - 1]} {_ordinal(date.day)}, {date.year}"


def vary(lines: list[str], copy: int, shift: dt.timedelta) -> list[str]:
    """One copy of the template's posts: dates moved by `shift`, titles numbered `#copy`."""
    out = list(lines)
    for index, line in enumerate(lines):
        if match := DATE_LINE.match(line):
            date = dt.date(int(match[3]), MONTHS.index(match[1]) + 1, int(match[2])) + shift
            out[index] = _date_line(date)
            title = index - 1
            while title >= 0 and not out[title].strip():
                title -= 1
            if title >= 0:  # before a trailing `(UPDATED)`, which the id ignores
                name, updated = re.match(r"(.*?)(\s*\(UPDATED?\))?\s*$", out[title]).groups()
                out[title] = f"{name} #{copy}{updated or ''}"
        elif match := MARKER_DATE.match(line):
            date = dt.date(int(match[2]), int(match[3]), int(match[4])) + shift
            out[index] = f"{match[1]}{date.year}-{date.month}-{date.day}{match[5]}{line[match.end():]}"
    return out


def make_corpus(out_dir: Path, mb: float = 20, seed: int = 0, template: Path = TEMPLATE) -> list[Path]:
    """Write about `mb` MB (10^6 bytes) of dumps into `out_dir`; returns the files written."""
    rng = random.Random(seed)
    header, *posts = template.read_text(encoding="utf-8").split("\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("synthetic-p*.txt"):  # a previous, larger corpus
        stale.unlink()
    target, written, files, copy = int(mb * 1_000_000), 0, [], 0
    trimmed = False
    while written < target and not trimmed:
        chunks = [header]
        size = len(header.encode("utf-8"))
        while size < min(FILE_BYTES, target - written):
            copy += 1
            shift = dt.timedelta(days=rng.randint(-3300, 3300))  # keeps dates within 2004-2024
            chunk = "\n".join(vary(posts, copy, shift)).strip("\n")
            room = min(FILE_BYTES, target - written) - size
            if len(chunk.encode("utf-8")) > room and target - written < FILE_BYTES:
                # The corpus's last file ends on a post boundary, so a 100 KB dump is about 100 KB.
                chunk, trimmed = whole_posts(chunk, room), True
                if chunk:
                    chunks.append(chunk)
                break
            chunks.append(chunk)
            size += len(chunk.encode("utf-8")) + 2
        path = out_dir / f"synthetic-p{len(files) + 1}.txt"
        data = ("\n\n".join(chunks) + "\n").encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        written += len(data)
    return files


def whole_posts(chunk: str, limit: int) -> str:
    """The leading posts of `chunk` (posts end with a `Share` line) that fit in `limit` bytes."""
    posts = chunk.split("\n\nShare\n\n")
    kept = ""
    for post in posts:
        candidate = (kept + "\n\nShare\n\n" if kept else "") + post
        if len(candidate.encode("utf-8")) > limit:
            break
        kept = candidate
    return kept + "\n\nShare" if kept and kept != chunk else kept


def corpus_bytes(files: list[Path]) -> int:
    return sum(path.stat().st_size for path in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    files = make_corpus(args.out_dir, args.mb, args.seed)
    print(f"{len(files)} files, {corpus_bytes(files) / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
