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
import ast
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from ..budget import (
    DEFAULT_MEMORY,
    DEFAULT_SECONDS,
    exact_number_digits,
    memory_budget,
    time_budget,
)
from ._common import budget_of, emit, report_error

__all__ = ["main", "build_parser", "commands"]

#: Commands whose work is symbolic and in this process: they run under a memory budget too
#: (the others start notebook kernels or a browser, which would inherit the address-space limit).
MEMORY_BUDGETED = frozenset({"analyze", "classify", "definiteness", "digits", "hessian",
                             "minimize"})

_DECLARED = ("NAME", "HELP", "RAW_OUTPUT", "OWN_BUDGET")


def _catalogue() -> dict[str, dict]:
    """Subcommand name -> its module's name and declared constants, read from the source
    without importing it: ``symhess --help`` loads no mathematics."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        tree = ast.parse((Path(__path__[0]) / f"{info.name}.py").read_text())
        consts = {"module": info.name}
        names = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for t in node.targets:
                    if isinstance(t, ast.Name) and t.id in _DECLARED:
                        consts[t.id] = node.value.value
        if {"run", "add_arguments"} <= names and "HELP" in consts:
            found[consts.get("NAME", info.name)] = consts
    return dict(sorted(found.items()))


def _load(entry: dict):
    return importlib.import_module(f"{__name__}.{entry['module']}")


def commands() -> dict[str, object]:
    """Subcommand name -> module (imports every subcommand: for tools, not for start-up)."""
    return {name: _load(entry) for name, entry in _catalogue().items()}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as exit code 2 with one line (its default too)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, f"symhess: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported and given its options (every
    command's when ``command`` is ``None``)."""
    parser = _Parser(
        prog="symhess",
        description="Exact second-order information: Hessians, definiteness, critical points.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, entry in _catalogue().items():
        p = sub.add_parser(name, help=entry["HELP"], description=entry["HELP"])
        if command is not None and name != command:
            continue
        module = _load(entry)
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
        argv = ["repl"] if "repl" in _catalogue() else ["--help"]
    chosen = next((a for a in argv if not a.startswith("-")), "")
    parser = build_parser(chosen)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from ..rendering import showing_everything

    try:
        # one budget over the work *and* the rendering: pretty-printing a huge result can
        # take as long as computing it
        seconds = None if getattr(args._module, "OWN_BUDGET", False) else budget_of(args)
        memory = DEFAULT_MEMORY if args.command in MEMORY_BUDGETED else None
        with time_budget(seconds, f"symhess {args.command}"), exact_number_digits(), \
                memory_budget(memory, f"symhess {args.command}"), \
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
