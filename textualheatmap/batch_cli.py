"""The batch command line: a JSON Lines file of records, one figure each, into a folder.

``textualheatmap-batch records.jsonl -o figures/`` (or ``python -m textualheatmap.batch_cli``).
Exit status 0 when every record was rendered or already there, 1 when any record failed
(each failure one line on stderr, naming its line), 2 for bad usage (nothing rendered).
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from .batch import Failure, render_many
from .cli import InputError, OneLineParser
from .formats.writers import WRITERS

PROG = "textualheatmap-batch"
EXIT_FAILED_RECORDS = 1
EXIT_BAD_USAGE = 2
FORMATS = sorted(extension[1:] for extension in WRITERS)
THUMBNAILED = frozenset({"svg", "png", "gif"})  # what an <img> shows

EPILOG = f"""\
input:
  RECORDS is a JSON Lines file (or - for stdin): one record a line, each what
  {PROG.split('-')[0]} reads for one figure, {{"settings": {{...}}, "data": [...],
  "highlight": K}}, plus an optional "name" for its file. Without a name, a record's
  file is its position from 0 (line 1 is 000000.svg).

output:
  OUT_DIR/<name>.<format>. Figures already there are skipped unless --overwrite, so a
  killed batch resumes where it stopped. --index also writes OUT_DIR/index.html: every
  figure's name, thumbnail and link.

examples:
  {PROG} reviews.jsonl -o figures/
  {PROG} reviews.jsonl -o figures/ --format png --workers 2 --index
  cat reviews.jsonl | {PROG} - -o figures/

exit status: 0 when every figure is there, 1 when any record failed (one line each on
stderr: its line, its name and the problem), 2 for bad usage (nothing rendered).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog=PROG, description="Draw one textual heatmap per record of a JSON Lines file.",
                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", metavar="RECORDS", help="JSON Lines file of records, or - for stdin")
    parser.add_argument("-o", "--out-dir", required=True, metavar="OUT_DIR", help="folder for the figures")
    parser.add_argument("--format", default="svg", choices=FORMATS, help="the figures' format (default svg)")
    parser.add_argument("--workers", type=int, metavar="N", help="processes (default: every core; 1: this one)")
    parser.add_argument("--overwrite", action="store_true", help="render figures that are already there again")
    parser.add_argument("--index", action="store_true", help="write OUT_DIR/index.html listing every figure")
    return parser


def write_index(out_dir: Path, files: Sequence[str], format: str) -> None:
    """OUT_DIR/index.html: a card per figure, its name, thumbnail and link. Names are data,
    never markup: escaped in the text, quoted in the links."""
    cards = []
    for file in files:
        href = html.escape(quote(file), quote=True)
        name = html.escape(file[: -len(format) - 1])
        thumbnail = (f'<img src="{href}" alt="{name}" loading="lazy">' if format in THUMBNAILED
                     else f'<span class="no-thumbnail">.{format}</span>')
        cards.append(f'<figure><a href="{href}">{thumbnail}</a>'
                     f'<figcaption><a href="{href}">{name}</a></figcaption></figure>')
    page = INDEX_PAGE.format(count=len(files), plural="" if len(files) == 1 else "s", cards="\n".join(cards))
    (out_dir / "index.html").write_text(page, encoding="utf-8")


INDEX_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{count} figure{plural}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1em; }}
figure {{ margin: 0; border: 1px solid #ddd; padding: 0.5em; }}
figure img {{ width: 100%; height: auto; display: block; }}
figcaption {{ margin-top: 0.3em; font-size: 0.9em; overflow-wrap: anywhere; }}
.no-thumbnail {{ display: block; padding: 2em; text-align: center; color: #777; background: #f4f4f4; }}
</style></head>
<body><h1>{count} figure{plural}</h1>
<main>
{cards}
</main></body></html>
"""


def failure_line(failure: Failure) -> str:
    """One line of stderr per failed record: its line (position + 1) and the message."""
    message = re.sub(r"\s*\n\s*", " ", failure.message)
    return f"{PROG}: line {(failure.position or 0) + 1}: {message}"


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    out_dir = Path(args.out_dir)
    try:
        stream = sys.stdin.buffer if args.records == "-" else open(args.records, "rb")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"cannot read {args.records!r}: {error.strerror or error}") from None
    try:
        with stream:  # read a line at a time as the rendering goes: line N is record N - 1
            result = render_many(stream, out_dir, args.format, args.workers,
                                 overwrite=args.overwrite)
    except OSError as error:
        raise InputError(f"cannot write to {str(out_dir)!r}: {error.strerror or error}") from None
    if args.index:
        write_index(out_dir, result.files, args.format)
    for failure in result.failures:
        sys.stderr.write(failure_line(failure) + "\n")
    return EXIT_FAILED_RECORDS if result.failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the batch command line; returns the exit status."""
    try:
        return run(build_parser().parse_args(argv))
    except InputError as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return EXIT_BAD_USAGE


if __name__ == "__main__":
    sys.exit(main())
