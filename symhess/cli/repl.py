"""``symhess repl`` (and ``symhess`` alone): the interactive calculator of :mod:`symhess.repl`.

Each command typed in the session has its own time budget, ``--timeout`` seconds; the session
itself has none.
"""

from ..budget import DEFAULT_SECONDS
from ..repl import Session, open_in_viewer, system_clipboard
from ..repl import run as run_session

HELP = "interactive calculator: hessian f, classify f, definiteness [[1,k],[k,4]], ..."

#: The session prints its own answers: no --json/--latex.
RAW_OUTPUT = True
#: ``--timeout`` budgets each typed command; the session itself has no budget.
OWN_BUDGET = True


def add_arguments(p) -> None:
    p.add_argument("--history", metavar="FILE",
                   help="history file (default $SYMHESS_HISTORY or "
                        "~/.local/state/symhess/history)")
    p.add_argument("--full", action="store_true",
                   help="show long answers whole (the command full on/off changes it)")
    p.add_argument("--timeout", type=float, default=DEFAULT_SECONDS, metavar="SECONDS",
                   help=f"time budget of each command (default {DEFAULT_SECONDS:g} s; 0: none)")


def run(args) -> None:
    seconds = args.timeout if args.timeout > 0 else None
    session = Session(timeout=seconds, copy=system_clipboard, show_file=open_in_viewer)
    session.full = args.full
    status = run_session(session, history=args.history)
    if status:
        raise SystemExit(status)
