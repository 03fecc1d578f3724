"""``symhess repl`` (and ``symhess`` alone): the interactive calculator of :mod:`symhess.repl`.

Each command typed in the session has its own time budget, ``--timeout`` seconds; the session
itself has none.
"""

import argparse

from ..budget import DEFAULT_SECONDS
from ..repl import Session, system_clipboard
from ..repl import run as run_session

HELP = "interactive calculator: hessian f, classify f, definiteness [[1,k],[k,4]], ..."

#: The session prints its own answers: no --json/--latex.
RAW_OUTPUT = True


class _PerCommand(argparse.Action):
    """``--timeout`` budgets each command, so the session as a whole gets none (the command
    runner budgets ``args.timeout``, which stays unset)."""

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.command_timeout = values


def add_arguments(p) -> None:
    p.add_argument("--history", metavar="FILE",
                   help="history file (default $SYMHESS_HISTORY or "
                        "~/.local/state/symhess/history)")
    p.add_argument("--timeout", dest="timeout", action=_PerCommand, type=float, default=None,
                   metavar="SECONDS",
                   help=f"time budget of each command (default {DEFAULT_SECONDS:g} s; 0: none)")
    p.set_defaults(command_timeout=DEFAULT_SECONDS)


def run(args) -> None:
    seconds = args.command_timeout if args.command_timeout > 0 else None
    status = run_session(Session(timeout=seconds, copy=system_clipboard), history=args.history)
    if status:
        raise SystemExit(status)
