"""The `nkfigures` command line: a thin layer over the stages; user errors exit 2 with one line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import build


def _progress_bar(total: int):
    """A tqdm bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="dump", desc="ingest", leave=False)
    return (lambda _path: bar.update(1)), bar.close


def cmd_build(args) -> int:
    raw, out = Path(args.raw), Path(args.out)
    total = len(build.ingest.find_dumps(raw)) if raw.is_dir() else 0
    progress, close = _progress_bar(total)
    try:
        result = build.run(raw, out, progress=progress)
    finally:
        close()
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
    counts = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    state = "already published, unchanged" if result.reused else "published"
    print(f"version {result.version} {state}: {result.folder} ({counts})")
    if args.strict and result.rows.get("rejects"):
        print(f"error: --strict: {result.rows['rejects']} rejected line group(s); see rejects.parquet", file=sys.stderr)
        return 1
    return 0


def cmd_evaluate(args) -> int:
    from pipeline import evaluate

    gold = Path(args.gold)
    if not gold.is_dir() or not list(gold.glob("*.jsonl")):
        raise build.UserError(f"no annotation files (*.jsonl) in {gold}")
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
    p.set_defaults(func=cmd_build)
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
    except build.UserError as error:
        print(f"nkfigures: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nkfigures: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
