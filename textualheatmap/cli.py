"""The command line: scores in a JSON file in, a figure file out.

Bad input of any kind (a missing file, broken JSON, data of the wrong shape, an option
the output format does not take) ends with one line on stderr and exit status 2,
before anything is written.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .samples import DEFAULT_SAMPLE, load_sample, sample_names
from .formats.writers import WRITERS, format_options
from .heatmap import TextualHeatmap

PROG = "textualheatmap"
EXIT_BAD_INPUT = 2
EXIT_CLOSED_OUTPUT = 1  # as Python's documentation advises for a closed pipe
STDOUT = "-"
DOCUMENT_KEYS = ("settings", "data", "highlight")
# Figure settings a JSON file cannot carry (a Python callable).
NOT_SETTINGS = frozenset({"self", "display_fn"})

EPILOG = f"""\
input:
  INPUT is a JSON file (or - for stdin) holding either what TextualHeatmap.set_data
  takes, one list of tokens per facet:
    [[{{"token": "a", "meta": ["and", "as"], "heat": [1]}},
      {{"token": "n", "meta": ["and", "any"], "heat": [0.4, 1]}}]]
  or an object {{"settings": {{...}}, "data": [...], "highlight": K}}, where settings are
  TextualHeatmap's keyword arguments (width, show_meta, facet_titles,
  rotate_facet_titles, ...) and highlight is the token to highlight. Options given
  here override the file's settings. Without facet titles, one facet is titled
  "Heatmap" and several "Facet 1", "Facet 2", ...

output:
  The format follows OUTPUT's extension, {", ".join(sorted(WRITERS))}, or --format.
  -o - writes to standard output (give --format). A link is followed and stays a
  link; a device or a FIFO (/dev/null, a named pipe) is written to, never replaced.
  --index, --scale, --columns, --frames, --duration, --loop and --tolerance only apply to the
  formats that take them.

samples:
  --sample NAME draws a built-in sample instead of INPUT: {", ".join(sample_names())}
  (default {DEFAULT_SAMPLE}).

examples:
  {PROG} --sample -o demo.svg
  {PROG} scores.json -o figure.svg --width 800 --facet-titles GRU LSTM --index 40
  cat scores.json | {PROG} - -o figure.svg --show-meta
  {PROG} scores.json -o - --format svg | gzip > figure.svgz
  {PROG} scores.json -o figure.gif --frames 0:100 --duration 80

exit status: 0 on success, 2 on bad input (one line on stderr, no file written),
  1 when standard output was closed before the figure was written (as by | head).
"""


class InputError(Exception):
    """The user's input is wrong: reported as one line, never as a traceback."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (InputError), for both commands."""

    def error(self, message: str) -> NoReturn:
        # argparse would print the whole usage first; one line is easier to read and grep.
        raise InputError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="Draw a textual heatmap (tokens coloured by a score) from a JSON file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", nargs="?", metavar="INPUT",
                        help="JSON file with the data, or - to read it from stdin")
    parser.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                        help="file to write; its extension picks the format; - for stdout")
    parser.add_argument("--format", choices=[extension.lstrip(".") for extension in sorted(WRITERS)],
                        help="the output format, whatever OUTPUT's extension (needed with -o -)")
    parser.add_argument("--sample", nargs="?", const=DEFAULT_SAMPLE, choices=sample_names(),
                        metavar="NAME", help="draw a built-in sample instead of INPUT")
    figure = parser.add_argument_group("figure (override the file's settings)")
    figure.add_argument("--width", type=int, metavar="N", help="figure width in pixels (default 600)")
    figure.add_argument("--show-meta", action=argparse.BooleanOptionalAction, default=None,
                        help="show the highlighted token's meta strings above each facet")
    figure.add_argument("--facet-titles", nargs="+", metavar="TITLE", help="one title per facet")
    figure.add_argument("--rotate-facet-titles", action=argparse.BooleanOptionalAction, default=None,
                        help="turn the facet titles 90 degrees")
    figure.add_argument("--theme", choices=["light", "dark"], help="dark: boxes and text for a dark page")
    figure.add_argument("--background", metavar="COLOUR",
                        help="#rrggbb behind the figure (default: transparent; a GIF white)")
    figure.add_argument("--font-size", type=float, metavar="PX", help="the tokens' font size (default 14)")
    figure.add_argument("--index", type=int, nargs="+", metavar="K",
                        help="highlight the K-th non-format token (from 0); default: the "
                             "file's highlight, else none; several: one labelled panel each")
    formats = parser.add_argument_group("format options")
    formats.add_argument("--scale", type=float, metavar="S", help="resolution factor for raster output")
    formats.add_argument("--frames", nargs="+", metavar="SPEC",
                         help="animation frames: indices K and/or ranges START:STOP[:STEP] "
                              "(STOP excluded, as in Python); default every token")
    formats.add_argument("--columns", type=int, metavar="N", help="panels per row, with several --index")
    formats.add_argument("--duration", type=int, metavar="MS", help="milliseconds per animation frame")
    formats.add_argument("--loop", type=int, metavar="N", help="animation repeats (0 = forever)")
    formats.add_argument("--tolerance", type=int, metavar="LEVELS",
                         help="GIF: how far (0-255 per colour channel) a token's colour may be off "
                              "its heat's colour; 0 exact, default 4, larger makes smaller files")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


# The writer's keyword option -> the command-line option that gives it; each is refused by the
# same rule, the API's, for a format that does not take it. --index highlights the figure
# (figure.highlight), which is what save(index=) draws.
FORMAT_OPTIONS = {"index": "--index", "scale": "--scale", "frames": "--frames", "duration": "--duration",
                  "loop": "--loop", "tolerance": "--tolerance", "columns": "--columns"}
SAVE_OPTIONS = tuple(option for option in FORMAT_OPTIONS if option != "index")


def _takes(extension: str, option: str) -> bool:
    return option in format_options(extension)


def output_extension(output: str, chosen: str | None) -> str:
    """The format to write, as an extension: ``--format``, else OUTPUT's extension."""
    if chosen is not None:
        return f".{chosen}"
    if output == STDOUT:
        raise InputError(f"-o - writes to standard output, which has no extension: give the format "
                         f"with --format ({', '.join(e.lstrip('.') for e in sorted(WRITERS))})")
    extension = Path(output).suffix.lower()
    if extension not in WRITERS:
        raise InputError(f"cannot save {output!r}: unknown format {extension or '(none)'!r}; "
                         f"supported extensions are {', '.join(sorted(WRITERS))} (or give --format)")
    return extension


def check_output(output: str, args: argparse.Namespace) -> str:
    """The output's format, as an extension, if it takes every format option given."""
    extension = output_extension(output, args.format)
    for option, flag in FORMAT_OPTIONS.items():
        if getattr(args, option) is None or _takes(extension, option):
            continue
        takers = [ext for ext in sorted(WRITERS) if _takes(ext, option)]
        where = f"only to {', '.join(takers)}" if takers else "to no format available here"
        hint = ""
        if option == "index" and _takes(extension, "frames"):
            hint = (" (an animation shows the highlights given with --frames; for this one alone "
                    f"give --frames {' '.join(map(str, args.index))})")
        raise InputError(f"{flag} does not apply to {extension} output; it applies {where}{hint}")
    return extension


def read_document(source: str) -> Any:
    """The parsed JSON of a file, or of stdin for ``-``."""
    where = "<stdin>" if source == "-" else repr(source)
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {where}: {error.strerror or error}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"{where} is not valid JSON: {error.msg} at line {error.lineno} "
                         f"column {error.colno}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{where} is not UTF-8 text: byte {error.start} cannot be decoded") from None
    except RecursionError:
        raise InputError(f"{where} is nested too deeply to read") from None


def split_document(document: Any, where: str) -> tuple[dict[str, Any], Any, Any]:
    """(settings, data, highlight) from a bare data list or a {"settings", "data"} object."""
    if not isinstance(document, dict):
        return {}, document, None
    unknown = [key for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} at the top level; expected "
                         "'data' with optional 'settings' and 'highlight'")
    if "data" not in document:
        raise InputError(f"{where}: the object has no 'data' key (one list of tokens per facet)")
    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        raise InputError(f"{where}: 'settings' must be an object, got {type(settings).__name__}")
    allowed = [name for name in inspect.signature(TextualHeatmap).parameters if name not in NOT_SETTINGS]
    for name in settings:
        if name not in allowed:
            raise InputError(f"{where}: unknown setting {name!r}; the settings are {', '.join(allowed)}")
    return dict(settings), document["data"], document.get("highlight")


FIGURE_OPTIONS = ("width", "show_meta", "facet_titles", "rotate_facet_titles", "theme", "background", "font_size")


def merge_settings(settings: dict[str, Any], args: argparse.Namespace, data: Any) -> dict[str, Any]:
    """The file's settings, overridden by the options given, with titles to fit the data."""
    for name in FIGURE_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            settings[name] = value
    if "facet_titles" not in settings and isinstance(data, list) and len(data) > 1:
        settings["facet_titles"] = [f"Facet {number}" for number in range(1, len(data) + 1)]
    return settings


def parse_frames(specs: Sequence[str], count: int) -> list[int]:
    """``--frames`` as highlight indices: each spec an index or a START:STOP[:STEP] range."""
    frames: list[int] = []
    for spec in specs:
        parts = spec.split(":")
        try:
            numbers = [int(part) if part.strip() else None for part in parts]
        except ValueError:
            numbers = []
        if not numbers or len(numbers) > 3 or (len(numbers) == 1 and numbers[0] is None):
            raise InputError(f"--frames: {spec!r} is not an index K or a range START:STOP[:STEP]")
        if len(numbers) == 1:
            index = numbers[0]
            if not 0 <= index < count:  # type: ignore[operator]
                raise InputError(f"--frames: {index} is out of range: the figure has {count} "
                                 "tokens (index from 0)")
            frames.append(index)  # type: ignore[arg-type]
            continue
        if len(numbers) == 3 and numbers[2] is not None and numbers[2] <= 0:
            raise InputError(f"--frames: the step of {spec!r} must be a positive number")
        frames.extend(range(count)[slice(*numbers)])
    if not frames:
        raise InputError(f"--frames {' '.join(specs)} selects no frame of the {count} tokens")
    return frames


def check_titles_option(args: argparse.Namespace, data: Any, where: str) -> None:
    """--facet-titles against the data, so the option, not the file, is named."""
    if args.facet_titles is None or not isinstance(data, list) or len(args.facet_titles) == len(data):
        return
    given, facets = len(args.facet_titles), len(data)
    raise InputError(f"--facet-titles gives {given} title{'s' * (given != 1)} but {where} has {facets} "
                     f"facet{'s' * (facets != 1)}: give one title per facet")


def build_figure(settings: dict[str, Any], data: Any, where: str, args: argparse.Namespace) -> TextualHeatmap:
    check_titles_option(args, data, where)
    try:
        figure = TextualHeatmap(**settings)
    except (TypeError, ValueError) as error:
        # The library's message starts with the setting's name: blame the option if given.
        flags = [name for name in FIGURE_OPTIONS if getattr(args, name) is not None
                 and str(error).startswith(name)]
        culprit = f"--{flags[0].replace('_', '-')}" if flags else f"{where}: invalid settings"
        raise InputError(f"{culprit}: {error}") from None
    try:
        figure.set_data(data)
    except (TypeError, ValueError) as error:
        raise InputError(f"{where}: {error}") from None
    return figure


def apply_highlight(figure: TextualHeatmap, highlight: Any, where: str) -> None:
    try:
        figure.highlight(highlight)
    except (TypeError, ValueError) as error:
        raise InputError(f"{where}: {error}") from None


def run(args: argparse.Namespace) -> None:
    if args.input is None and args.sample is None:
        raise InputError(f"no INPUT: give a JSON file, - for stdin, or --sample (see {PROG} --help)")
    if args.input is not None and args.sample is not None:
        raise InputError(f"give INPUT or --sample, not both (see {PROG} --help)")
    extension = check_output(args.output, args)
    if args.sample is not None:
        document, where = load_sample(args.sample), f"sample {args.sample!r}"
    else:
        document = read_document(args.input)
        where = "<stdin>" if args.input == "-" else args.input
    settings, data, highlight = split_document(document, where)
    figure = build_figure(merge_settings(settings, args, data), data, where, args)
    if args.index is not None and len(args.index) == 1:
        apply_highlight(figure, args.index[0], "--index")
    elif args.index is None and highlight is not None:
        apply_highlight(figure, highlight, f"{where}: 'highlight'")
    options: dict[str, Any] = {option: getattr(args, option) for option in SAVE_OPTIONS
                               if getattr(args, option) is not None}
    if args.index is not None and len(args.index) > 1:
        options["index"] = args.index  # small multiples: one panel per highlight
        for position, index in enumerate(args.index):
            if not 0 <= index < figure.token_count:
                raise InputError(f"--index: index {index} (number {position + 1}) is out of range: the "
                                 f"figure has {figure.token_count} highlightable tokens (index from 0)")
    if "frames" in options:
        options["frames"] = parse_frames(options["frames"], figure.token_count)
    try:
        if args.output == STDOUT:
            figure.save(sys.stdout.buffer, format=extension, **options)
            sys.stdout.buffer.flush()  # here, so a closed pipe is caught here
        else:
            figure.save(args.output, format=extension, **options)
    except BrokenPipeError:
        if args.output == STDOUT:
            raise  # main() ends quietly
        raise InputError(f"cannot write {args.output!r}: its reader closed it") from None
    except OSError as error:
        raise InputError(f"cannot write {args.output!r}: {error.strerror or error}") from None
    except (TypeError, ValueError) as error:
        raise InputError(f"cannot save {args.output!r}: {error}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, or 2 for bad input)."""
    try:
        run(build_parser().parse_args(argv))
    except BrokenPipeError:
        # The reader of standard output left (| head): nothing to report. Python would
        # fail again flushing stdout at exit, so stdout is pointed at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_CLOSED_OUTPUT
    except InputError as error:
        message = re.sub(r"\s*\n\s*", " ", str(error))  # one line, whatever the message held
        sys.stderr.write(f"{PROG}: error: {message}\n")
        return EXIT_BAD_INPUT
    return 0
