"""The ``wardleyml`` command: render, check, format, convert and watch maps.

Every subcommand is a function of parsed arguments returning an exit status:

* ``0`` – everything went fine;
* ``1`` – a map has problems (or a file could not be read or written);
* ``2`` – the command line itself is wrong (unknown option, theme or format, a path
  that does not exist);
* ``3`` – wardleyml itself failed (a bug: ``--verbose`` shows the traceback).

Start-up time matters (``wardleyml render small.owm`` is meant to feel instant), so
this module imports only ``argparse``, ``os`` and ``sys`` at the top; everything else
(the reader, the renderers, tqdm, watchfiles, matplotlib) is imported by the command
that needs it.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, NoReturn

if TYPE_CHECKING:
    from .errors import Diagnostic
    from .model.map import WardleyMap

__all__ = ["main"]

OK = 0
PROBLEMS = 1
USAGE = 2
INTERNAL = 3

MAP_SUFFIXES = (".owm", ".wm")

MAX_SCALE = 20.0
"""The largest ``--scale``: ``wardleyml.renderers.base.MAX_SCALE``, which the renderers
enforce (repeated here so that parsing the command line imports no renderer code)."""

_PROGRESS_MIN = 4
"""Batches of more than a few maps get a progress bar (on a terminal)."""

_PARALLEL_MIN = 8
"""Batches at least this large are rendered by a pool of processes."""


class UsageError(Exception):
    """The command line is wrong; reported with exit status 2."""


class _Failure(Exception):
    """A problem that stops the command with exit status 1 (already explained)."""


# -- output ------------------------------------------------------------------------------

_STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "1;31",
    "yellow": "1;33",
    "green": "32",
    "cyan": "36",
}


def _wants_color(stream: IO[str], mode: str) -> bool:
    """Colour on a terminal only, never with ``NO_COLOR`` set (https://no-color.org)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Console:
    """Where the command writes: stdout for results, stderr for messages.

    Parameters
    ----------
    color
        ``"auto"`` (a terminal without ``NO_COLOR``), ``"always"`` or ``"never"``.
    verbose, quiet
        Show more (source lines, tracebacks), or only what was asked for.
    """

    def __init__(
        self,
        *,
        color: str = "auto",
        verbose: bool = False,
        quiet: bool = False,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.out = stdout if stdout is not None else sys.stdout
        self.err = stderr if stderr is not None else sys.stderr
        self.verbose = verbose
        self.quiet = quiet
        self.color_out = _wants_color(self.out, color)
        self.color_err = _wants_color(self.err, color)
        self._bar: Any = None

    def paint(self, text: str, style: str, *, err: bool = True) -> str:
        """``text`` in ``style`` when the stream shows colour."""
        if not (self.color_err if err else self.color_out):
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def print(self, text: str = "", *, err: bool = False) -> None:
        """Write a line to stdout (or stderr), above a progress bar if one is shown."""
        stream = self.err if err else self.out
        if self._bar is not None:
            self._bar.write(text, file=stream)
        else:
            print(text, file=stream)

    def info(self, text: str) -> None:
        """A status message on stderr, left out with ``--quiet``."""
        if not self.quiet:
            self.print(text, err=True)

    def error(self, text: str) -> None:
        """``wardleyml: error: text`` on stderr."""
        self.print(f"wardleyml: {self.paint('error', 'red')}: {text}", err=True)

    def warning(self, text: str) -> None:
        """``wardleyml: warning: text`` on stderr."""
        self.print(f"wardleyml: {self.paint('warning', 'yellow')}: {text}", err=True)

    def diagnostic(self, d: Diagnostic, *, err: bool = False) -> None:
        """``file:line:col: severity: message``, then the hint (and the source line)."""
        lines = d.format(context=self.verbose).split("\n")
        head = f"{d.location}: {d.severity}: {d.message}"
        if lines[0] == head:
            severity = self.paint(d.severity, "red" if d.severity == "error" else "yellow", err=err)
            lines[0] = f"{self.paint(d.location, 'bold', err=err)}: {severity}: {d.message}"
        for i, line in enumerate(lines[1:], 1):
            if line.startswith("  hint: "):
                lines[i] = "  " + self.paint("hint", "cyan", err=err) + ": " + line[8:]
        self.print("\n".join(lines), err=err)

    def file_error(self, file: str, message: str, *, err: bool = False) -> None:
        """A problem with a whole file, in the diagnostics' ``file: error: ...`` style."""
        prefix = f"{file}: "
        if message.startswith(prefix):
            message = message[len(prefix) :]
        label = self.paint("error", "red", err=err)
        self.print(f"{self.paint(file, 'bold', err=err)}: {label}: {message}", err=err)

    # -- progress ------------------------------------------------------------------------

    def progress(self, total: int, what: str) -> _Progress:
        """A progress bar for ``total`` steps: on a terminal, for more than a few only."""
        show = not self.quiet and total >= _PROGRESS_MIN and _is_terminal(self.err)
        return _Progress(self, total, what, show)


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


class _Progress:
    """tqdm, imported only when a bar is shown; a no-op otherwise."""

    def __init__(self, console: Console, total: int, what: str, show: bool) -> None:
        self.console = console
        self.bar: Any = None
        if show:
            import importlib

            # Imported by name: tqdm ships no type hints, and only a shown bar needs it.
            tqdm = importlib.import_module("tqdm").tqdm
            self.bar = tqdm(
                total=total,
                unit=" maps" if what == "maps" else f" {what}",
                file=console.err,
                leave=False,
                dynamic_ncols=True,
                disable=None,
            )
            console._bar = self.bar

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
            self.console._bar = None


# -- finding the maps --------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One map to work on, and the name its outputs get below an output folder."""

    path: Path
    """The file (``Path("-")`` for standard input)."""
    rel: Path
    """Where outputs go relative to ``-o DIR``: mirrors the folder given on the command
    line, or just the file name for a file given directly."""

    @property
    def stdin(self) -> bool:
        return str(self.path) == "-"

    @property
    def name(self) -> str:
        """How messages name the file: as the user wrote it."""
        return "<stdin>" if self.stdin else str(self.path)


_GLOB_CHARS = frozenset("*?[")


def collect_inputs(
    args: Sequence[str],
    *,
    allow_stdin: bool = True,
    warn: Callable[[str], None] | None = None,
) -> list[Input]:
    """The maps that ``args`` name: files, folders (searched recursively) and globs.

    A file given by name is taken whatever its extension; folders and globs yield
    ``*.owm`` and ``*.wm`` files. Hidden folders (``.git``, ``.venv``) are skipped, and
    so are files whose name starts with ``_``: partial maps that others include.
    The result is in a stable order without duplicates.

    Raises
    ------
    UsageError
        If a path does not exist, a glob matches nothing, or no map is found at all.
    """
    found: list[Input] = []
    seen: set[str] = set()

    def add(path: Path, rel: Path) -> None:
        key = os.path.normcase(os.path.abspath(path)) if str(path) != "-" else "-"
        if key not in seen:
            seen.add(key)
            found.append(Input(path, rel))

    empty: list[str] = []
    for arg in args:
        if arg == "-":
            if not allow_stdin:
                raise UsageError("this command cannot read a map from standard input ('-')")
            add(Path("-"), Path("stdin"))
            continue
        path = Path(arg)
        if path.is_dir():
            maps = list(_maps_in(path))
            if not maps:
                empty.append(arg)
            for m in maps:
                add(m, m.relative_to(path))
        elif path.exists():
            add(path, Path(path.name))
        elif _GLOB_CHARS & set(arg):
            matches = _glob(arg)
            if not matches:
                raise UsageError(f"no maps match {arg!r}")
            root = _glob_root(arg)
            for m in matches:
                add(m, _relative_or_name(m, root))
        else:
            raise UsageError(f"no such file or folder: {arg}")
    if not found:
        where = ", ".join(empty) if empty else "the paths given"
        raise UsageError(f"no maps found in {where} (looked for *.owm and *.wm files)")
    if warn is not None:
        for arg in empty:
            # Something else was found, so an empty folder is worth a remark, not a failure.
            warn(f"no maps in {arg}")
    return found


def _maps_in(folder: Path) -> Iterator[Path]:
    """Map files below ``folder``, sorted, skipping hidden folders and symlink loops."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(MAP_SUFFIXES) and not name.startswith((".", "_")):
                yield Path(root) / name


def _glob(pattern: str) -> list[Path]:
    import glob

    hits = sorted(set(glob.glob(pattern, recursive=True)))
    files: list[Path] = []
    for hit in hits:
        p = Path(hit)
        if p.is_dir():
            files.extend(_maps_in(p))
        elif p.is_file() and not p.name.startswith("_"):
            files.append(p)
    return files


def _glob_root(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard."""
    parts = Path(pattern).parts
    root: list[str] = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        root.append(part)
    return Path(*root) if root else Path(".")


def _relative_or_name(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return Path(path.name)


def _read_stdin_text() -> str:
    return _decode(sys.stdin.buffer.read(), "<stdin>")


def _load(item: Input, *, includes: bool = True) -> WardleyMap:
    """Read a map from its file (or standard input); raises ``WardleyError``."""
    import wardleyml as wm

    if item.stdin:
        return wm.loads(_read_stdin_text(), source="<stdin>", includes=includes)
    return wm.load(item.path, includes=includes)


# -- argument parsing --------------------------------------------------------------------


class _ArgumentParser(argparse.ArgumentParser):
    """An argparse parser that raises instead of exiting, so ``main`` can return 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


def _common(parser: argparse.ArgumentParser) -> None:
    """Options every subcommand takes (they may also come before the subcommand)."""
    group = parser.add_argument_group("output options")
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the source line of each problem, and tracebacks of internal errors",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print only problems and results: no summary, no progress bar",
    )
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=argparse.SUPPRESS,
        help="colour the output: on a terminal without NO_COLOR set (auto, the default)",
    )


_MAIN_EPILOG = """\
examples:
  wardleyml check maps/                  report problems in every map below maps/
  wardleyml render tea.owm               write tea.svg next to tea.owm
  wardleyml render maps/ -o site/img --format svg,png
  wardleyml fmt --check maps/            fail (exit 1) if a map is not formatted
  wardleyml convert tea.owm -o tea.mmd   to Mermaid's wardley-beta diagram
  wardleyml watch maps/ -o out/          re-render a map each time it is saved

exit status: 0 ok, 1 a map has problems, 2 the command line is wrong, 3 internal error.
Run 'wardleyml COMMAND --help' for the options of a command.
"""


def build_parser() -> argparse.ArgumentParser:
    """The ``wardleyml`` argument parser with every subcommand."""
    parser = _ArgumentParser(
        prog="wardleyml",
        description="Wardley maps from text (the OnlineWardleyMaps format) to SVG, PNG and PDF.",
        epilog=_MAIN_EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)

    # check --------------------------------------------------------------------------
    p = sub.add_parser(
        "check",
        help="report problems in maps, as file:line:col: severity: message",
        description=(
            "Read maps and report every problem, one per line as\n"
            "file:line:col: severity: message, followed by a hint where there is one.\n"
            "Exit status 0 when no map has errors, 1 otherwise."
        ),
        epilog="""\
examples:
  wardleyml check maps/                      every *.owm and *.wm below maps/
  wardleyml check --strict tea.owm           warnings fail too
  wardleyml check --format json maps/ > problems.json
  cat tea.owm | wardleyml check -            read standard input
""",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="map files, folders or globs ('-': stdin)"
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or a JSON array of problems for tools",
    )
    _common(p)
    p.set_defaults(run=cmd_check)

    # fmt ----------------------------------------------------------------------------
    p = sub.add_parser(
        "fmt",
        help="rewrite maps in the canonical layout, keeping comments",
        description=(
            "Rewrite maps in wardleyml's canonical layout: one statement per line,\n"
            "uniform spacing and numbers, comments and blank lines kept. A map with\n"
            "errors is left alone (rewriting it could lose the lines that were not\n"
            "understood): its errors are printed and the exit status is 1."
        ),
        epilog="""\
examples:
  wardleyml fmt maps/                 format every map below maps/ in place
  wardleyml fmt --check maps/         exit 1 if any map would change (pre-commit, CI)
  wardleyml fmt --diff tea.owm        show what would change, write nothing
  wardleyml fmt - < tea.owm           format standard input to standard output
""",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="map files, folders or globs ('-': stdin)"
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a map would change"
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff instead of writing (exit 1 if any)",
    )
    _common(p)
    p.set_defaults(run=cmd_fmt)

    # render -------------------------------------------------------------------------
    p = sub.add_parser(
        "render",
        help="draw maps as SVG, PNG or PDF files",
        description=(
            "Draw maps into files. Outputs are named after the inputs: next to each\n"
            "map, or below -o DIR mirroring the folders given. A map with errors is\n"
            "still drawn (the lines that were not understood are left out) and its\n"
            "problems are printed; --strict refuses such maps instead. Files are\n"
            "written whole or not at all."
        ),
        epilog="""\
examples:
  wardleyml render tea.owm                      tea.svg next to tea.owm
  wardleyml render maps/ -o out/                out/<same folders>/<name>.svg
  wardleyml render 'maps/**/*.owm' -o out --format svg,png --scale 2
  wardleyml render tea.owm -o tea.png           one map to a named file
  wardleyml render tea.owm -o - > tea.svg       to standard output
  wardleyml render --theme dark tea.owm
""",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="map files, folders or globs ('-': stdin)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="output folder; for a single map also a file name (its extension gives the "
        "format) or '-' for standard output",
    )
    _render_options(p)
    p.add_argument("--strict", action="store_true", help="do not draw maps that have errors")
    p.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        metavar="N",
        help=f"processes for large batches (default: all cores, from {_PARALLEL_MIN} maps)",
    )
    _common(p)
    p.set_defaults(run=cmd_render)

    # convert ------------------------------------------------------------------------
    p = sub.add_parser(
        "convert",
        help="convert between OWM text, JSON and Mermaid wardley-beta",
        description=(
            "Convert a map between OWM text (.owm, .wm), wardleyml's JSON model\n"
            "(.json) and Mermaid's wardley-beta diagram (.mmd, .mermaid). Formats\n"
            "come from the file extensions, or --from/--to. What the target format\n"
            "cannot express is listed as warnings (--strict makes them fatal)."
        ),
        epilog="""\
examples:
  wardleyml convert tea.owm -o tea.mmd          OWM to Mermaid
  wardleyml convert tea.mmd -o tea.owm          and back
  wardleyml convert tea.owm -o tea.json         the model as JSON
  wardleyml convert tea.owm --to mermaid        to standard output
""",
        formatter_class=_Formatter,
    )
    p.add_argument("input", metavar="IN", help="the map to convert ('-': stdin, needs --from)")
    p.add_argument("-o", "--output", metavar="OUT", help="the file to write ('-' or none: stdout)")
    p.add_argument("--from", dest="source_format", choices=_CONVERT_FORMATS, help="input format")
    p.add_argument("--to", dest="target_format", choices=_CONVERT_FORMATS, help="output format")
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse a map with errors, or a conversion that would lose something",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="Mermaid only, without the '%%%% owm' comments that make the way back exact",
    )
    _common(p)
    p.set_defaults(run=cmd_convert)

    # schema -------------------------------------------------------------------------
    p = sub.add_parser(
        "schema",
        help="print the JSON schema of the map model",
        description=(
            "Print the JSON schema of wardleyml's map model (what convert --to json writes)."
        ),
        epilog="""\
examples:
  wardleyml schema > wardleyml.schema.json
  wardleyml schema -o wardleyml.schema.json
""",
        formatter_class=_Formatter,
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _common(p)
    p.set_defaults(run=cmd_schema)

    # watch --------------------------------------------------------------------------
    p = sub.add_parser(
        "watch",
        help="re-render maps whenever they are saved",
        description=(
            "Render maps, then watch them and render each again when it is saved.\n"
            "A map saved with errors is not drawn: its problems are shown and the\n"
            "last good picture stays. Stop with Ctrl-C."
        ),
        epilog="""\
examples:
  wardleyml watch tea.owm                       tea.svg next to it
  wardleyml watch maps/ -o out/ --format svg,png
""",
        formatter_class=_Formatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="map files or folders to watch")
    p.add_argument(
        "-o", "--output", metavar="DIR", help="output folder (default: next to each map)"
    )
    _render_options(p)
    _common(p)
    p.set_defaults(run=cmd_watch)
    return parser


_CONVERT_FORMATS = ("owm", "json", "mermaid")


def _render_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-f",
        "--format",
        dest="formats",
        action="append",
        metavar="FMT",
        help="svg (default), png or pdf; several as svg,png or by repeating the option",
    )
    p.add_argument("--theme", metavar="NAME", help="theme to draw with (default: the map's style)")
    p.add_argument(
        "--scale",
        type=_scale,
        metavar="N",
        help=f"size factor, above 0 and at most {MAX_SCALE:g} (2 gives a PNG of twice the pixels)",
    )
    labels = p.add_mutually_exclusive_group()
    labels.add_argument(
        "--move-labels",
        action="store_true",
        help="let the layout also move labels the map places with label [dx, dy] when they collide",
    )
    labels.add_argument(
        "--owm-labels",
        action="store_true",
        help="put every label where OnlineWardleyMaps does, without placement",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _scale(text: str) -> float:
    """A ``--scale``: checked here, so a bad one is a usage error before any map is read."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and 0 < value <= MAX_SCALE):
        raise argparse.ArgumentTypeError(
            f"must be a number above 0 and at most {MAX_SCALE:g}: {text!r}"
        )
    return value


# -- main --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``wardleyml`` command line and return its exit status.

    Parameters
    ----------
    argv
        The arguments after the program name (``sys.argv[1:]`` when ``None``).

    Returns
    -------
    int
        0 when all went well, 1 when a map has problems, 2 for a wrong command line,
        3 for an internal error.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    pre = Console(
        color=_peek_color(args_list), verbose="-v" in args_list or "--verbose" in args_list
    )
    try:
        try:
            args = parser.parse_args(args_list)
        except UsageError as exc:
            sub = _subparser_for(parser, args_list)
            pre.print((sub or parser).format_usage().rstrip(), err=True)
            pre.error(str(exc))
            return USAGE
        except SystemExit as exc:  # --help and --version print and "exit"
            return int(exc.code or 0)
        console = Console(
            color=getattr(args, "color", "auto"),
            verbose=getattr(args, "verbose", False),
            quiet=getattr(args, "quiet", False),
        )
        if args.version:
            from . import __version__

            console.print(f"wardleyml {__version__}")
            return OK
        if args.command is None:
            parser.print_help(sys.stderr)
            return USAGE
        run: Callable[[argparse.Namespace, Console], int] = args.run
        return _run(run, args, console)
    except BrokenPipeError:
        # The reader went away (``wardleyml check maps | head``): not an error.
        _silence_stdout()
        return OK


def _run(
    run: Callable[[argparse.Namespace, Console], int], args: argparse.Namespace, console: Console
) -> int:
    from .errors import WardleyError

    try:
        return run(args, console)
    except UsageError as exc:
        console.error(str(exc))
        return USAGE
    except _Failure:
        return PROBLEMS
    except WardleyError as exc:
        console.error(str(exc))
        return PROBLEMS
    except KeyboardInterrupt:
        console.print("", err=True)
        console.error("interrupted")
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        if console.verbose:
            import traceback

            traceback.print_exc(file=console.err)
        console.error(
            f"internal error: {type(exc).__name__}: {exc}"
            + ("" if console.verbose else " (run with --verbose for details)")
            + "; please report it"
        )
        return INTERNAL


def _peek_color(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg.startswith("--color="):
            return arg.split("=", 1)[1]
        if arg == "--color" and i + 1 < len(argv):
            return argv[i + 1]
    return "auto"


def _subparser_for(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> argparse.ArgumentParser | None:
    """The subcommand's parser named in ``argv``, for a precise usage line."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for arg in argv:
                if arg in action.choices:
                    chosen: argparse.ArgumentParser = action.choices[arg]
                    return chosen
    return None


def _silence_stdout() -> None:
    # Python flushes stdout at exit and would complain about the broken pipe again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# -- check -------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml check``: print every problem; exit 1 when a map has errors."""
    from .errors import Diagnostic, WardleyError

    inputs = collect_inputs(args.paths, warn=console.warning)
    as_json = args.format == "json"
    records: list[dict[str, Any]] = []
    errors = warnings = failed_files = unreadable = 0
    with console.progress(len(inputs), "maps") as bar:
        for item in inputs:
            try:
                m = _load(item)
            except WardleyError as exc:
                unreadable += 1
                failed_files += 1
                if as_json:
                    records.append(
                        _diagnostic_record(
                            Diagnostic("error", "unreadable", _strip_file(str(exc), item.name)),
                            item.name,
                        )
                    )
                else:
                    console.file_error(item.name, str(exc))
                bar.update()
                continue
            diagnostics = m.diagnostics
            n_err = sum(d.severity == "error" for d in diagnostics)
            n_warn = len(diagnostics) - n_err
            errors += n_err
            warnings += n_warn
            if n_err or (args.strict and n_warn):
                failed_files += 1
            for d in diagnostics:
                if as_json:
                    records.append(_diagnostic_record(d, item.name))
                else:
                    console.diagnostic(d)
            bar.update()
    if as_json:
        import json

        console.print(json.dumps(records, indent=2, ensure_ascii=False))
    console.info(
        _check_summary(len(inputs), errors + unreadable, warnings, failed_files, args.strict)
    )
    return PROBLEMS if failed_files else OK


def _strip_file(message: str, file: str) -> str:
    prefix = f"{file}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _diagnostic_record(d: Diagnostic, file: str) -> dict[str, Any]:
    return {
        "file": d.file or file,
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _check_summary(files: int, errors: int, warnings: int, failed: int, strict: bool) -> str:
    checked = _plural(files, "map") + " checked"
    if not errors and not warnings:
        return f"{checked}: no problems."
    parts = [p for p in (_plural(errors, "error") if errors else "",) if p]
    if warnings:
        parts.append(_plural(warnings, "warning"))
    text = f"{checked}: {' and '.join(parts)}"
    if failed:
        text += f"; {_plural(failed, 'map')} failed"
        if strict and warnings:
            text += " (--strict: warnings count as errors)"
    return text + "."


# -- fmt ---------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml fmt``: rewrite maps canonically, or report those that would change."""
    import difflib

    import wardleyml as wm

    from ._files import write_atomic
    from .errors import WardleyError

    inputs = collect_inputs(args.paths, warn=console.warning)
    write = not (args.check or args.diff)
    changed = unchanged = refused = 0
    for item in inputs:
        try:
            data = sys.stdin.buffer.read() if item.stdin else _read_bytes(item.path)
            original = _decode(data, item.name)
            m = wm.loads(original, source=item.name, includes=False)
        except WardleyError as exc:
            console.file_error(item.name, str(exc), err=True)
            refused += 1
            continue
        if m.errors:
            for d in m.errors:
                console.diagnostic(d, err=True)
            console.file_error(
                item.name,
                "not formatted: fix its errors first (formatting could lose lines)",
                err=True,
            )
            refused += 1
            continue
        # Windows line endings are kept: formatting is about statements, not platforms.
        newline = "\r\n" if b"\r\n" in data else "\n"
        formatted = wm.dumps(m).replace("\n", newline)
        if item.stdin and write:
            console.out.write(wm.dumps(m))
            continue
        if formatted.encode("utf-8") == data:
            unchanged += 1
            continue
        original = original.replace("\n", newline)
        changed += 1
        if args.diff:
            diff = difflib.unified_diff(
                original.splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                fromfile=f"{item.name} (original)",
                tofile=f"{item.name} (formatted)",
            )
            console.out.write("".join(_diff_lines(diff, console)))
        if write:
            try:
                write_atomic(item.path, formatted.encode("utf-8"))
            except OSError as exc:
                console.file_error(item.name, f"cannot write it ({exc.strerror or exc})", err=True)
                refused += 1
                changed -= 1
                continue
            console.info(f"reformatted {item.name}")
        elif args.check and not args.diff:
            console.print(f"would reformat {item.name}", err=True)
    if not (len(inputs) == 1 and inputs[0].stdin):
        console.info(_fmt_summary(changed, unchanged, refused, write))
    if refused or (changed and not write):
        return PROBLEMS
    return OK


def _read_text(path: Path) -> str:
    """A map file's text, decoded as ``load`` does (``WardleyError`` if it can't be)."""
    return _decode(_read_bytes(path), str(path))


def _read_bytes(path: Path) -> bytes:
    from .errors import WardleyError

    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise WardleyError(f"{path}: no such file") from None
    except OSError as exc:
        raise WardleyError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _decode(data: bytes, name: str) -> str:
    from .dsl import NotText, decode
    from .errors import WardleyError

    try:
        return decode(data)
    except NotText as exc:
        raise WardleyError(f"{name}: {exc}") from None


def _diff_lines(diff: Iterable[str], console: Console) -> Iterator[str]:
    for line in diff:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if line.startswith(("+++", "---")):
            yield console.paint(line.rstrip("\n"), "bold", err=False) + "\n"
        elif line.startswith("+"):
            yield console.paint(line.rstrip("\n"), "green", err=False) + "\n"
        elif line.startswith("-"):
            yield console.paint(line.rstrip("\n"), "red", err=False) + "\n"
        elif line.startswith("@@"):
            yield console.paint(line.rstrip("\n"), "cyan", err=False) + "\n"
        else:
            yield line


def _fmt_summary(changed: int, unchanged: int, refused: int, written: bool) -> str:
    parts = []
    if changed:
        verb = "reformatted" if written else "would be reformatted"
        parts.append(f"{_plural(changed, 'map')} {verb}")
    if unchanged:
        parts.append(f"{_plural(unchanged, 'map')} already formatted")
    if refused:
        parts.append(f"{_plural(refused, 'map')} left alone (errors)")
    return ", ".join(parts) + "." if parts else "nothing to do."


# -- schema ------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml schema``: the JSON schema of the map model."""
    import json

    from .model.map import WardleyMap

    text = json.dumps(WardleyMap.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    _emit_text(args.output, text, console)
    return OK


def _emit_text(output: str | None, text: str, console: Console) -> None:
    """Write ``text`` to the file ``output`` atomically, or to stdout."""
    if output in (None, "-"):
        console.out.write(text)
        console.out.flush()
        return
    from ._files import write_atomic

    assert output is not None
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{output} is a folder; give a file name")
    try:
        write_atomic(target, text.encode("utf-8"))
    except FileNotFoundError:
        console.file_error(output, f"cannot write it: no folder {target.parent}", err=True)
        raise _Failure from None
    except OSError as exc:
        console.file_error(output, f"cannot write it ({exc.strerror or exc})", err=True)
        raise _Failure from None


# -- convert -----------------------------------------------------------------------------


def cmd_convert(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml convert``: OWM text, JSON and Mermaid wardley-beta, both ways."""
    from .convert import format_for_path, read_map, write_map
    from .errors import WardleyError

    source_format = args.source_format or (
        None if args.input == "-" else format_for_path(args.input)
    )
    if source_format is None:
        raise UsageError(
            f"cannot tell the format of {args.input!r} from its extension; "
            "use --from owm|json|mermaid"
        )
    target_format = args.target_format or (
        None if args.output in (None, "-") else format_for_path(args.output)
    )
    if target_format is None:
        what = "standard output" if args.output in (None, "-") else repr(args.output)
        raise UsageError(f"cannot tell which format to write to {what}; use --to owm|json|mermaid")
    if args.input == "-":
        text = _read_stdin_text()
        name = "<stdin>"
    else:
        path = Path(args.input)
        if not path.exists():
            raise UsageError(f"no such file: {args.input}")
        if path.is_dir():
            raise UsageError(f"{args.input} is a folder; convert takes one map")
        try:
            text = _read_text(path)
        except WardleyError as exc:
            console.file_error(args.input, str(exc), err=True)
            return PROBLEMS
        name = args.input
    try:
        m = read_map(text, source_format, source=name)
    except WardleyError as exc:
        console.file_error(name, str(exc), err=True)
        return PROBLEMS
    for d in m.diagnostics:
        console.diagnostic(d, err=True)
    if m.errors and args.strict:
        console.file_error(name, "not converted: the map has errors (--strict)", err=True)
        return PROBLEMS
    out_text, losses = write_map(m, target_format, plain=args.plain)
    for d in losses:
        console.diagnostic(d, err=True)
    if losses and args.strict:
        console.file_error(
            name, f"not converted: {target_format} cannot express all of it (--strict)", err=True
        )
        return PROBLEMS
    _emit_text(args.output, out_text, console)
    if args.output not in (None, "-"):
        console.info(f"wrote {args.output}")
    return PROBLEMS if m.errors else OK


# -- render ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderOptions:
    """What ``render`` and ``watch`` draw with (picklable for worker processes)."""

    formats: tuple[str, ...] = ("svg",)
    theme: str | None = None
    scale: float | None = None
    strict: bool = False
    labels: Literal["auto", "move", "owm"] = "auto"

    def kwargs(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.theme is not None:
            options["theme"] = self.theme
        if self.scale is not None:
            options["scale"] = self.scale
        if self.labels == "move":
            options["move_explicit"] = True
        elif self.labels == "owm":
            options["labels"] = "owm"
        return options


@dataclass(frozen=True)
class RenderJob:
    """One map and the files to draw it into."""

    source: str
    """The map file, or ``"-"`` for text given in :attr:`text`."""
    outputs: tuple[tuple[str, str], ...]
    """``(format, path)`` pairs; path ``"-"`` is standard output."""
    text: str | None = None


@dataclass
class RenderOutcome:
    """What happened to one map (sent back from a worker process)."""

    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failure: str | None = None
    """Why nothing was written, when nothing was."""
    written: list[str] = field(default_factory=list)
    stdout: bytes | None = None
    seconds: float = 0.0


def render_job(job: RenderJob, options: RenderOptions) -> RenderOutcome:
    """Read one map, draw it in every format, then write the files (whole or not at all).

    Runs in worker processes, so it returns what happened instead of printing.
    """
    import time

    import wardleyml as wm

    from ._files import WriteError, write_all_atomic
    from .errors import WardleyError

    start = time.perf_counter()
    name = "<stdin>" if job.source == "-" else job.source
    outcome = RenderOutcome(source=name)
    try:
        m = wm.loads(job.text, source=name) if job.text is not None else wm.load(job.source)
    except WardleyError as exc:
        outcome.failure = _strip_file(str(exc), name)
        return outcome
    outcome.diagnostics = list(m.diagnostics)
    if options.strict and m.errors:
        outcome.failure = "not drawn: the map has errors (--strict)"
        return outcome
    drawn: list[tuple[str, str, bytes]] = []
    report: list[Diagnostic] = []
    try:
        for fmt, path in job.outputs:
            # Every format is laid out alike: the layout's warnings are taken once.
            extra = {} if drawn else {"report": report}
            drawn.append((fmt, path, wm.render(m, format=fmt, **options.kwargs(), **extra)))
    except WardleyError as exc:
        outcome.failure = f"not drawn: {exc}"
        return outcome
    outcome.diagnostics.extend(_layout_diagnostics(report, outcome.diagnostics, name))
    # Everything is drawn before anything is written, and the files of one map are
    # written together (temporary files, then the renames), so a failure leaves none.
    files: list[tuple[Path, bytes]] = []
    for _fmt, path, data in drawn:
        if path == "-":
            outcome.stdout = data
            continue
        target = Path(path)
        if target.is_dir():
            outcome.failure = f"cannot write {path} (a folder of that name is in the way)"
            return outcome
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            outcome.failure = f"cannot write {path} ({exc.strerror or exc})"
            return outcome
        files.append((target, data))
    try:
        write_all_atomic(files)
    except WriteError as exc:
        outcome.failure = f"cannot write {exc.path} ({exc.strerror or exc})"
        return outcome
    outcome.written.extend(str(target) for target, _data in files)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _layout_diagnostics(
    found: Iterable[Diagnostic], known: Sequence[Diagnostic], name: str
) -> list[Diagnostic]:
    """The layout's warnings not already reported, each naming the map's file."""
    import dataclasses

    seen = set(known)
    out = []
    for d in found:
        if d.file is None:
            d = dataclasses.replace(d, file=name)
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def _render_worker(pair: tuple[RenderJob, RenderOptions]) -> RenderOutcome:
    return render_job(*pair)


def _parse_formats(
    values: list[str] | None, default: tuple[str, ...] = ("svg",)
) -> tuple[str, ...]:
    if not values:
        return default
    formats: list[str] = []
    for value in values:
        for part in value.split(","):
            fmt = part.strip().lower().lstrip(".")
            if not fmt:
                continue
            _check_format(fmt)
            if fmt not in formats:
                formats.append(fmt)
    if not formats:
        raise UsageError("--format needs at least one of " + ", ".join(render_formats()))
    return tuple(formats)


def render_formats() -> list[str]:
    """Every format ``render`` can write: the built-in ones and those of plugins."""
    from .renderers.registry import formats

    return list(formats())


def _check_format(fmt: str) -> None:
    """Ask the renderer registry (which knows the built-in formats without importing)."""
    from .errors import UnknownNameError
    from .renderers.registry import for_format

    try:
        for_format(fmt)
    except UnknownNameError as exc:
        raise UsageError(f"unknown format {fmt!r}: {exc}") from None


def _check_theme(name: str | None) -> None:
    if name is None:
        return
    from . import themes
    from .errors import UnknownNameError

    try:
        themes.get(name)
    except UnknownNameError as exc:
        raise UsageError(str(exc)) from None


def _render_options_from(args: argparse.Namespace, *, strict: bool) -> RenderOptions:
    formats = _parse_formats(args.formats)
    _check_theme(args.theme)
    labels: Literal["auto", "move", "owm"] = (
        "move" if args.move_labels else "owm" if args.owm_labels else "auto"
    )
    return RenderOptions(
        formats=formats, theme=args.theme, scale=args.scale, strict=strict, labels=labels
    )


def plan_outputs(
    inputs: Sequence[Input], output: str | None, options: RenderOptions
) -> tuple[list[RenderJob], RenderOptions]:
    """Decide every output file; refuse two inputs that would write the same file.

    ``output`` is a folder, ``None`` (next to each map), ``"-"`` (standard output, one
    map and one format) or, for one map, a file name whose extension gives the format.
    """
    formats = options.formats
    single_file = _names_a_file(output)
    if output == "-" or single_file:
        if len(inputs) != 1:
            raise UsageError(f"-o {output} takes a single map; give a folder for several")
        if single_file:
            assert output is not None
            suffix = Path(output).suffix.lower().lstrip(".")
            if formats != ("svg",) and formats != (suffix,):
                raise UsageError(
                    f"-o {output} is a .{suffix} file but --format asks for {','.join(formats)}"
                )
            formats = (suffix,)
        elif len(formats) != 1:
            raise UsageError("-o - writes one format to standard output; give a single --format")
        options = dataclasses.replace(options, formats=formats)
        target = output
        assert target is not None
        item = inputs[0]
        return [_job(item, ((formats[0], target),))], options
    if any(item.stdin for item in inputs):
        raise UsageError("a map read from standard input needs -o - or -o FILE")
    jobs: list[RenderJob] = []
    claimed: dict[str, str] = {}
    for item in inputs:
        outs: list[tuple[str, str]] = []
        for fmt in formats:
            if output is None:
                out_path = item.path.with_suffix("." + fmt)
            else:
                out_path = Path(output) / item.rel.with_suffix("." + fmt)
            key = os.path.normcase(os.path.abspath(out_path))
            if key in claimed:
                raise UsageError(
                    f"{claimed[key]} and {item.name} would both be written to {out_path}"
                )
            claimed[key] = item.name
            outs.append((fmt, str(out_path)))
        jobs.append(_job(item, tuple(outs)))
    return jobs, options


def _names_a_file(output: str | None) -> bool:
    """Whether ``-o output`` names one file (it has an extension) rather than a folder.

    An existing folder, or a name ending in a slash, is a folder whatever its name. An
    extension that no renderer writes is refused: ``-o map.gif`` must not quietly make
    a folder ``map.gif/``.
    """
    if output is None or output == "-" or output.endswith(("/", os.sep)):
        return False
    path = Path(output)
    suffix = path.suffix.lower().lstrip(".")
    if not suffix or path.is_dir():
        return False
    if not _is_format(suffix):
        extensions = ", ".join("." + fmt for fmt in render_formats())
        raise UsageError(
            f"-o {output}: no renderer writes .{suffix} files; give a file ending in one "
            f"of {extensions}, or a folder name without an extension"
        )
    return True


def _is_format(suffix: str) -> bool:
    if not suffix:
        return False
    try:
        _check_format(suffix)
    except UsageError:
        return False
    return True


def _job(item: Input, outputs: tuple[tuple[str, str], ...]) -> RenderJob:
    if item.stdin:
        return RenderJob("-", outputs, text=_read_stdin_text())
    return RenderJob(str(item.path), outputs)


def run_jobs(
    jobs: Sequence[RenderJob],
    options: RenderOptions,
    console: Console,
    *,
    processes: int | None = None,
) -> Iterator[RenderOutcome]:
    """Render ``jobs`` (in worker processes for large batches), in input order."""
    workers = processes if processes is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) >= _PARALLEL_MIN:
        from concurrent.futures import ProcessPoolExecutor

        workers = min(workers, len(jobs))
        # One map per task: most maps draw in milliseconds but a few big ones take a
        # second, and larger chunks would leave a worker idle behind one of those.
        with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
            yield from pool.map(_render_worker, [(job, options) for job in jobs])
        return
    for job in jobs:
        yield render_job(job, options)


def _mp_context() -> Any:
    """Fork where it is safe and cheap (Linux): workers inherit the imported modules."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def cmd_render(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml render``: draw maps into files."""
    import time

    options = _render_options_from(args, strict=args.strict)
    inputs = collect_inputs(args.paths, warn=console.warning)
    if args.output not in (None, "-"):
        out = Path(args.output)
        if out.exists() and not out.is_dir() and not (len(inputs) == 1 and out.suffix):
            raise UsageError(f"-o {args.output} is a file; give a folder for the outputs")
    jobs, options = plan_outputs(inputs, args.output, options)
    start = time.perf_counter()
    drawn = failed = with_errors = files = warnings = 0
    with console.progress(len(jobs), "maps") as bar:
        for outcome in run_jobs(jobs, options, console, processes=args.jobs):
            for d in outcome.diagnostics:
                console.diagnostic(d, err=True)
            warnings += sum(d.severity == "warning" for d in outcome.diagnostics)
            if outcome.failure is not None:
                failed += 1
                console.file_error(outcome.source, outcome.failure, err=True)
            else:
                drawn += 1
                files += len(outcome.written)
                if any(d.severity == "error" for d in outcome.diagnostics):
                    with_errors += 1
            if outcome.stdout is not None:
                console.out.flush()
                sys.stdout.buffer.write(outcome.stdout)
                sys.stdout.buffer.flush()
            bar.update()
    elapsed = time.perf_counter() - start
    if args.output != "-" or drawn != 1:
        console.info(_render_summary(drawn, files, failed, with_errors, warnings, elapsed))
    return PROBLEMS if failed or with_errors else OK


def _render_summary(
    drawn: int, files: int, failed: int, with_errors: int, warnings: int, seconds: float
) -> str:
    if not drawn:
        return f"nothing drawn: {_plural(failed, 'map')} could not be drawn."
    text = f"drew {_plural(drawn, 'map')} into {_plural(files, 'file')} in {seconds:.2f} s"
    notes = []
    if with_errors:
        notes.append(f"{_plural(with_errors, 'map')} with errors")
    if warnings:
        notes.append(_plural(warnings, "warning"))
    if failed:
        notes.append(f"{_plural(failed, 'map')} not drawn")
    return text + ("; " + ", ".join(notes) if notes else "") + "."


# -- watch -------------------------------------------------------------------------------


def cmd_watch(args: argparse.Namespace, console: Console) -> int:
    """``wardleyml watch``: render, then render again on every save, until Ctrl-C."""
    options = _render_options_from(args, strict=True)
    inputs = collect_inputs(args.paths, allow_stdin=False, warn=console.warning)
    try:
        watch(args.paths, args.output, options, console, initial=inputs)
    except KeyboardInterrupt:
        console.info("stopped watching.")
    return OK


def watch(
    paths: Sequence[str],
    output: str | None,
    options: RenderOptions,
    console: Console,
    *,
    initial: Sequence[Input] | None = None,
    stop_event: Any = None,
    on_round: Callable[[list[RenderOutcome]], None] | None = None,
) -> None:
    """Render the maps in ``paths``, then again each time one of them is saved.

    A map is also drawn again when a file it includes (directly or through another
    included file) is saved. Maps with errors are not drawn (the previous picture
    stays) but their problems are printed. ``stop_event`` (a ``threading.Event``) ends
    the loop; tests use it together with ``on_round``, called after each round of
    rendering.
    """
    import time

    import watchfiles

    inputs = list(initial) if initial is not None else collect_inputs(paths, allow_stdin=False)
    # Included files may not leave the including file's folder, so watching the
    # folders of the maps covers them too.
    roots = sorted({str(p if Path(p).is_dir() else Path(p).resolve().parent) for p in paths})
    explicit = {_key(p) for p in paths if Path(p).is_file()}
    includes: dict[str, frozenset[str]] = {}
    """Each map (by key) and the files it includes."""
    included: set[str] = set()
    """Every file some map includes: a save of one of these is always wanted."""

    def note_includes(items: Iterable[Input]) -> None:
        for item in items:
            includes[_key(item.path)] = _included_files(item.path)
        included.clear()
        included.update(*includes.values())

    def wanted(change: Any, path: str) -> bool:
        if _key(path) in included:
            return True
        if not path.lower().endswith(MAP_SUFFIXES):
            return False
        return not explicit or _key(path) in explicit or _in_folder_args(path, paths)

    def render_round(selected: Sequence[Input]) -> None:
        if not selected:
            return
        jobs, opts = plan_outputs(selected, output, options)
        outcomes = []
        for outcome in run_jobs(jobs, opts, console, processes=1):
            outcomes.append(outcome)
            _report_watch(outcome, console, time.strftime("%H:%M:%S"))
        if on_round is not None:
            on_round(outcomes)

    note_includes(inputs)
    render_round(inputs)
    console.info(f"watching {', '.join(paths)} (Ctrl-C to stop)")
    for changes in watchfiles.watch(
        *roots,
        watch_filter=wanted,
        stop_event=stop_event,
        raise_interrupt=True,
        debounce=200,
        step=50,
    ):
        # Deleted files count too: a map whose included file is gone is drawn again
        # (and reports the missing file).
        changed = {_key(p) for _kind, p in changes}
        try:
            current = collect_inputs(paths, allow_stdin=False)
        except UsageError:
            continue
        keys = {_key(item.path) for item in current}
        for key in set(includes) - keys:
            del includes[key]
        note_includes(item for item in current if _key(item.path) not in includes)
        selected = [
            item
            for item in current
            if _key(item.path) in changed or includes[_key(item.path)] & changed
        ]
        # What a changed map (or a changed included file) includes may have changed.
        note_includes(selected)
        try:
            render_round(selected)
        except UsageError as exc:  # e.g. a new a.wm beside a.owm: both want a.svg
            console.error(str(exc))


def _key(path: str | os.PathLike[str]) -> str:
    """One spelling of a file's path, to compare the watcher's paths with ours."""
    return os.path.normcase(os.path.realpath(path))


def _included_files(path: Path) -> frozenset[str]:
    """The keys of every file the map at ``path`` includes, directly or not."""
    import wardleyml as wm

    return frozenset(_key(p) for p in wm.included_files(path))


def _in_folder_args(path: str, args: Sequence[str]) -> bool:
    resolved = Path(path).resolve()
    for arg in args:
        folder = Path(arg)
        if folder.is_dir():
            try:
                resolved.relative_to(folder.resolve())
                return True
            except ValueError:
                continue
    return False


def _report_watch(outcome: RenderOutcome, console: Console, stamp: str) -> None:
    for d in outcome.diagnostics:
        console.diagnostic(d, err=True)
    if outcome.failure is not None:
        if outcome.diagnostics and any(d.severity == "error" for d in outcome.diagnostics):
            note = "has errors; kept the last good picture"
        else:
            note = outcome.failure
        console.print(f"[{stamp}] {outcome.source}: {console.paint(note, 'red')}", err=True)
        return
    targets = ", ".join(outcome.written)
    console.print(
        f"[{stamp}] {outcome.source} -> {targets} ({outcome.seconds * 1000:.0f} ms)", err=True
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
