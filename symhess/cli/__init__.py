"""The ``symhess`` command: a thin shell over the library.

Each subcommand is one module in this package (``hessian.py``, ``definiteness.py``, ...)
defining

* ``HELP`` -- one line for ``symhess --help``;
* ``add_arguments(parser)`` -- its own options (``--json``, ``--latex`` and ``--timeout`` are
  added for every command);
* ``run(args)`` -- calls the library and returns a result object (anything with
  ``to_dict()``, ``lines()`` and ``latex()``) or a plain ``dict``;
* optionally ``OWN_BUDGET = True`` -- the command budgets its own work (the calculator gives
  each typed command ``--timeout`` seconds; the session as a whole has no budget).

Modules are discovered, so adding a command is adding a file.  No mathematics lives here.
Exit codes: 0 ok, 2 bad input (one clear message, no traceback), 3 time budget exceeded.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from ..budget import DEFAULT_SECONDS, time_budget
from ..rendering import showing_everything
from ._common import budget_of, emit, report_error

__all__ = ["main", "build_parser", "commands"]


def commands() -> dict[str, object]:
    """Subcommand name -> module, discovered from this package (``repl`` excepted on demand)."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "run") and hasattr(module, "add_arguments"):
            found[getattr(module, "NAME", info.name)] = module
    return dict(sorted(found.items()))


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as exit code 2 with one line (its default too)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, f"symhess: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="symhess",
        description="Exact second-order information: Hessians, definiteness, critical points.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in commands().items():
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        if not getattr(module, "RAW_OUTPUT", False):
            out = p.add_mutually_exclusive_group()
            out.add_argument("--json", action="store_true", help="print one JSON object")
            out.add_argument("--latex", action="store_true", help="print LaTeX")
            p.add_argument("--full", action="store_true",
                           help="show everything: no size limits on long answers")
        if not any(a.dest == "timeout" for a in p._actions):
            p.add_argument(
                "--timeout", type=float, default=DEFAULT_SECONDS, metavar="SECONDS",
                help=f"time budget for the symbolic work (default {DEFAULT_SECONDS:g} s)",
            )
        p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["repl"] if "repl" in commands() else ["--help"]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        # one budget over the work *and* the rendering: pretty-printing a huge result can
        # take as long as computing it
        seconds = None if getattr(args._module, "OWN_BUDGET", False) else budget_of(args)
        with time_budget(seconds, f"symhess {args.command}"), \
                showing_everything(getattr(args, "full", False)):
            return emit(args._module.run(args), args)
    except KeyboardInterrupt:
        print("symhess: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `symhess ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        return 0
    except Exception as exc:  # every user-facing failure becomes one message and an exit code
        return report_error(exc, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
