"""The `nkfigures` command line: a thin layer over the stages and the published versions.

Exit status: 0 done, 1 a check failed (`validate`, `build --strict`), 2 a user error (one line,
no traceback), 3 another build holds the output folder.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from pipeline.export.errors import UserError
from pipeline.export.lock import Locked

# The stages (pyarrow, pandas, spaCy) are imported inside the commands that use them, so that
# `build` can start its extraction helper before paying for them.

LOCKED_STATUS = 3
CITE_FORMATS = ("text", "bibtex", "cff")  # pipeline.export.citation.FORMATS; a test checks they agree


def _progress_bar(total: int):
    """A tqdm bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="dump", desc="ingest", leave=False)
    return (lambda _path: bar.update(1)), bar.close


def cmd_build(args) -> int:
    from pipeline.export.extractor import Extractor

    # The build allocates many small acyclic records: the cyclic collector only costs time here
    # (and, at exit, walking them all again). It is off for the command and the records are frozen.
    gc.disable()
    try:
        return _build_command(args, Extractor)
    finally:
        gc.freeze()
        gc.enable()


def _build_command(args, Extractor) -> int:
    # Start loading spaCy in the helper now: on a rerun that is the longest step, and it overlaps
    # with importing the rest of the pipeline and reading the inputs and the cache.
    with Extractor() as extractor:
        from pipeline import build

        raw, out = Path(args.raw), Path(args.out)
        total = len(build.ingest.find_dumps(raw)) if raw.is_dir() else 0
        progress, close = _progress_bar(total)
        try:
            result = build.run(raw, out, progress=progress, wait=args.wait, extractor=extractor)
        finally:
            close()
    for message in result.messages:
        print(f"note: {message}", file=sys.stderr)
    for report in result.reports:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    print(f"{'file':<48} {'posts':>6} {'segments':>8} {'citations':>9} {'rejects':>7}  lines: accounted/non-blank")
    for report in result.reports:
        segments = sum(len(p.segments) for p in report.posts)
        citations = sum(len(s.citations) for p in report.posts for s in p.segments)
        roles = " ".join(f"{k}={v}" for k, v in report.line_roles.items() if v)
        print(
            f"{report.source_file:<48} {len(report.posts):>6} {segments:>8} {citations:>9} {len(report.rejects):>7}"
            f"  {report.accounted_lines}/{report.nonblank_lines} ({roles})"
        )
    if result.stats:
        print(result.stats.summary())
    counts = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    state = "already published, unchanged (nothing rebuilt)" if result.reused else "published"
    print(f"version {result.version} {state}: {result.folder} ({counts})")
    if not result.reused:
        print(f"changes since {result.previous}: {result.folder / 'CHANGES.md'}" if result.previous else "first version in this output folder")
    if args.strict and result.rows.get("rejects"):
        print(f"error: --strict: {result.rows['rejects']} rejected line group(s); see rejects.parquet", file=sys.stderr)
        return 1
    return 0


def cmd_versions(args) -> int:
    from pipeline.export import catalog
    from pipeline.export.schema import TABLES

    out = Path(args.out)
    infos = catalog.describe(out)
    if not infos:
        raise UserError(f"no published version in {out}; run `nkfigures build` first")
    print(f"{'version':<24} {'date':<10} " + " ".join(f"{name:>9}" for name in TABLES) + "  latest")
    for info in infos:
        counts = " ".join(f"{info.rows.get(name, 0):>9}" for name in TABLES)
        print(f"{info.name:<24} {info.date:<10} {counts}  {'*' if info.is_latest else ''}")
    return 0


def cmd_validate(args) -> int:
    from pipeline.export import catalog
    from pipeline.export import validate as validation

    out = Path(args.out)
    version = catalog.resolve(out, args.version)
    problems = validation.run(catalog.folder(out, version), version)
    for problem in problems:
        print(f"invalid: {version}: {problem}", file=sys.stderr)
    if problems:
        return 1
    counts = ", ".join(f"{name} {count}" for name, count in catalog.row_counts(out, version).items())
    print(f"valid: {version} ({counts}): hashes, schemas, keys and foreign keys check out")
    return 0


def cmd_cite(args) -> int:
    from pipeline.export import catalog, citation

    out = Path(args.out)
    version = catalog.resolve(out, args.version)
    print(citation.render(version, args.format), end="")
    return 0


def cmd_diff(args) -> int:
    from pipeline.export import catalog, changes

    out = Path(args.out)
    new = catalog.resolve(out, args.new)
    old = catalog.resolve(out, args.old) if args.old else catalog.previous(out, new)
    if old is None:
        raise UserError(f"{new} has no previous version; name two versions: nkfigures diff OLD NEW")
    diff = changes.compare(old, catalog.read_tables(out, old), new, catalog.read_tables(out, new))
    print(changes.to_json(diff).decode() if args.json else changes.to_markdown(diff), end="")
    return 0


def cmd_evaluate(args) -> int:
    from pipeline import evaluate

    gold = Path(args.gold)
    if not gold.is_dir() or not list(gold.glob("*.jsonl")):
        raise UserError(f"no annotation files (*.jsonl) in {gold}")
    ours, theirs, total = evaluate.run(gold, Path(args.root), baseline=not args.no_baseline)
    print(evaluate.report(ours, theirs, total))
    if args.errors:
        for kind, g, p in ours.errors:
            print(f"\n[{kind}] gold: {g and (g.surface, {k: g.row[k] for k in ('value', 'unit', 'kind', 'direction', 'qualifier', 'period_start', 'period_end', 'source', 'outlet')})}")
            print(f"  pred: {p and (p.surface, {k: p.row.get(k) for k in ('value', 'unit', 'kind', 'direction', 'qualifier', 'period_start', 'period_end', 'source', 'outlet')})}")
            print(f"  sentence: {(g or p).sentence[:200]}")
    failed = evaluate.failures(ours)
    for line in failed:
        print(f"below threshold: {line}")
    print("PASS: every threshold met" if not failed else "FAIL")
    return 1 if failed and args.check else 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nkfigures", description="North Korean Economy Watch figures dataset.")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("build", help="ingest raw dumps, extract figures, publish a dataset version")
    p.add_argument("--raw", default="raw", help="folder of *.txt dumps, read recursively (default: raw/)")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input line is rejected")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when another build holds the output folder, wait this long for it (default: exit 3 at once)")
    p.set_defaults(func=cmd_build)
    p = commands.add_parser("versions", help="list published versions with their rows per table")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.set_defaults(func=cmd_versions)
    p = commands.add_parser("validate", help="check a version's hashes, schemas, keys and foreign keys")
    p.add_argument("version", nargs="?", default="latest", help="version name or prefix (default: latest)")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.set_defaults(func=cmd_validate)
    p = commands.add_parser("cite", help="print how to cite a version")
    p.add_argument("version", nargs="?", default="latest", help="version name or prefix (default: latest)")
    p.add_argument("--format", choices=CITE_FORMATS, default="text", help="text (default), bibtex or cff")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.set_defaults(func=cmd_cite)
    p = commands.add_parser("diff", help="rows added, removed and changed between two versions")
    p.add_argument("old", nargs="?", help="older version (default: the one published before NEW)")
    p.add_argument("new", nargs="?", default="latest", help="newer version (default: latest)")
    p.add_argument("--json", action="store_true", help="print changes.json instead of CHANGES.md")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.set_defaults(func=cmd_diff)
    p = commands.add_parser("evaluate", help="score the extractor (and quantulum3) against the annotated set")
    p.add_argument("--gold", default="eval/gold", help="folder of annotation *.jsonl files (default: eval/gold/)")
    p.add_argument("--root", default=".", help="folder the annotations' `doc` paths are relative to (default: .)")
    p.add_argument("--no-baseline", action="store_true", help="skip quantulum3")
    p.add_argument("--errors", action="store_true", help="list every mismatch")
    p.add_argument("--check", action="store_true", help="exit 1 when a threshold is missed")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except Locked as error:
        print(f"nkfigures: busy: {error}", file=sys.stderr)
        return LOCKED_STATUS
    except UserError as error:
        print(f"nkfigures: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nkfigures: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
