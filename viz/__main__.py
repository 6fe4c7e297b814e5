"""``python -m viz [EXPR] [NAME=VALUE ...] [-o FILE ...]``: draw, explain and step through an expression.

The expression is read by :func:`autograd.parse` (a whitelist, never eval); it may
start with ``-`` (``python -m viz "-x**2" x=3``). Values must be finite numbers. A range
``NAME=LO:HI`` makes a slider (one to three): an ``.html`` file is then the explore page
(:func:`viz.explore`), and everything else shows the graph at the middle of each range. Bad
input exits with status 2 and one line on stderr; a standard output that cannot be
written (a closed pipe, a full disk) exits with status 1 and one line on stderr.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

DEFAULT_EXPR = "log((x+y)**2+z)"
DEFAULT_VALUES = {"x": 2.0, "y": 1.0, "z": 1.0}
SUFFIXES = (".png", ".svg", ".pdf", ".dot", ".gv", ".json", ".html", ".gif")
_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)(.*)$")


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _StdoutError(Exception):
    """Standard output could not be written (a closed pipe, a full disk)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # one line, not usage + message
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m viz", description=__doc__.splitlines()[0])
    p.add_argument("args", nargs="*", metavar="[EXPR] [NAME=VALUE]",
                   help=f"an expression (default {DEFAULT_EXPR} with x=2 y=1 z=1; it may start with -, "
                        "as in -x**2) and its values (finite numbers); NAME=LO:HI makes a slider "
                        "(x=-2:2): the .html file is then the explore page")
    p.add_argument("-o", "--output", action="append", default=[], metavar="FILE",
                   help="write FILE; the suffix picks: " + " ".join(SUFFIXES) + " (may repeat)")
    p.add_argument("--dpi", type=int, help="resolution of .png files and .gif frames")
    p.add_argument("--rankdir", choices=("auto", "LR", "TB"), default="auto",
                   help="graph direction (auto: from the graph's shape)")
    p.add_argument("--precision", type=int, default=4, help="digits shown after the point")
    p.add_argument("--steps", type=int, default=41, help="grid points per slider of the explore page (NAME=LO:HI)")
    p.add_argument("--no-local", action="store_true", help="hide local derivatives on edges")
    p.add_argument("--no-contribution", action="store_true", help="hide contributions on edges")
    p.add_argument("--format", choices=("text", "markdown", "latex"), default="text",
                   help="the explanation printed to the terminal")
    p.add_argument("--deck", action="store_true",
                   help="write a lecture deck instead: every -o FILE must end in .pdf or .pptx")
    p.add_argument("--forward", action="store_true", help="--deck: forward-pass pages before the backward ones")
    p.add_argument("--think", action="store_true", help="--deck: a blank 'think' page before each reveal")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the written paths")
    p.add_argument("--version", action=_Version, nargs=0,
                   help="show the version and which renderer draws (dot, or wasm without Graphviz), then exit")
    return p


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(_version())  # one line, not wrapped like argparse's own version action
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from .outputs.renderers import renderer

    try:
        mine = version("chainrule")
    except PackageNotFoundError:
        mine = "(not installed)"
    try:
        using = str(renderer())
    except ValueError as e:
        using = str(e)
    return f"chainrule {mine}; renderer: {using}"


def _range(name: str, text: str) -> tuple[float, float]:
    """``LO:HI`` as two finite numbers with LO < HI, else one line naming the input."""
    try:
        lo, hi = (float(t) for t in text.split(":"))
    except ValueError:
        raise UsageError(f"bad range for {name}: {text!r} is not two numbers LO:HI") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise UsageError(f"bad range for {name}: {text!r} is not two finite numbers")
    if lo >= hi:
        raise UsageError(f"bad range for {name}: {text!r} needs LO < HI")
    return lo, hi


def _values(args: list[str]) -> tuple[str, dict[str, float], dict[str, tuple[float, float]]]:
    expr, rest = (DEFAULT_EXPR, args) if not args or _ASSIGN.match(args[0]) else (args[0], args[1:])
    values: dict[str, float] = dict(DEFAULT_VALUES) if expr is DEFAULT_EXPR else {}
    ranges: dict[str, tuple[float, float]] = {}
    given: set[str] = set()
    for item in rest:
        m = _ASSIGN.match(item)
        if not m:
            raise UsageError(f"expected NAME=VALUE, got {item!r}")
        name, text = m.group(1), m.group(2).strip()
        if name in given:
            raise UsageError(f"{name} is given twice")
        given.add(name)
        if ":" in text:  # a slider, starting at the middle of its range
            ranges[name] = lo_hi = _range(name, text)
            values[name] = (lo_hi[0] + lo_hi[1]) / 2
            continue
        try:
            values[name] = float(text)
        except ValueError:
            raise UsageError(f"bad value for {name}: {text!r} is not a number") from None
        if not math.isfinite(values[name]):  # the parser refuses 1e999 too: one rule
            raise UsageError(f"bad value for {name}: {text!r} is not a finite number")
    return expr, values, ranges


def _options_first(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``argv`` with the options first and every other argument after ``--``, so that an
    expression may start with ``-`` (``-x**2``, ``-(a+b)``) without the user typing ``--``."""
    takes_value = {s: a.nargs != 0 for a in parser._actions for s in a.option_strings}
    longs = [s for s in takes_value if s.startswith("--")]
    options: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg.startswith("--"):  # a long option, perhaps abbreviated (argparse reports unknown ones)
            name = arg.split("=", 1)[0]
            matches = [s for s in longs if s == name] or [s for s in longs if s.startswith(name)]
            needs_value = "=" not in arg and len(matches) == 1 and takes_value[matches[0]]
        elif arg[:2] in takes_value and (arg == arg[:2] or takes_value[arg[:2]]):  # -q, -o FILE, -oFILE
            needs_value = arg == arg[:2] and takes_value[arg]
        else:
            rest.append(arg)  # the expression (even -x**2) or a NAME=VALUE
            continue
        options.append(arg)
        if needs_value and i < len(argv):
            options.append(argv[i])
            i += 1
    return [*options, "--", *rest]


def _say(text: str) -> None:
    """Print to standard output; a closed pipe or a full disk becomes a :class:`_StdoutError`."""
    try:
        print(text)
        sys.stdout.flush()
    except OSError as e:
        raise _StdoutError(e.strerror or type(e).__name__) from None


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        print(f"viz: error: {e}", file=sys.stderr)
        return 2
    except _StdoutError as e:
        try:  # what is still buffered goes nowhere, so Python's exit does not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        print(f"viz: error: cannot write to standard output: {e}", file=sys.stderr)
        return 1


def _main(argv: list[str]) -> int:
    parser = _parser()
    opts = parser.parse_args(_options_first(parser, argv))
    expr, values, ranges = _values(opts.args)
    if (opts.forward or opts.think) and not opts.deck:
        raise UsageError("--forward and --think go with --deck")
    for out in [] if opts.deck else opts.output:
        if Path(out).suffix.lower() not in SUFFIXES:
            raise UsageError(f"unknown file type {Path(out).suffix or '(none)'!r} for {out!r}; "
                             f"use one of {' '.join(SUFFIXES)}")
    if not 0 <= opts.precision <= 12:
        raise UsageError(f"--precision must be from 0 to 12, got {opts.precision}")

    from autograd import parse

    from . import explain, render
    from .outputs.render import GraphvizMissing

    try:
        root = parse(expr, **values)
    except ValueError as e:
        msg = re.sub(r"as in parse\(\.\.\., (\w+)=1\.0\)", r"as in \1=1.0", str(e))
        raise UsageError(msg) from None
    text = explain(root, format=opts.format, precision=opts.precision)  # runs backward
    if not opts.quiet:
        _say(text)
    options = {"rankdir": opts.rankdir, "precision": opts.precision, "show_local": not opts.no_local,
               "show_contribution": not opts.no_contribution}
    try:
        if opts.deck:
            from .outputs.deck import deck_cli_outputs

            for path in deck_cli_outputs(root, opts.output, expression=expr, forward=opts.forward,
                                         think=opts.think, dpi=opts.dpi, precision=opts.precision):
                _say(f"wrote {path}")
            return 0
        stepper = None
        for out in opts.output:
            suffix = Path(out).suffix.lower()
            if suffix == ".html" and ranges:
                from .outputs.explore import explore

                path = explore(root, ranges, steps=opts.steps, precision=opts.precision,
                               rankdir=opts.rankdir).save_html(out)
            elif suffix in (".html", ".gif"):
                if stepper is None:
                    from .outputs.stepper import step

                    stepper = step(root, rankdir=opts.rankdir, precision=opts.precision)
                path = stepper.save_html(out) if suffix == ".html" else stepper.save_gif(out, dpi=opts.dpi)
            else:
                path = render(root, out, dpi=opts.dpi, **options)
            _say(f"wrote {path}")
    except (ValueError, TypeError, OSError, GraphvizMissing, RuntimeError) as e:
        raise UsageError(str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
