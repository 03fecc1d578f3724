"""``symhess grade --assignment exercises/<a> SUBMISSIONS_DIR --out OUT_DIR``: grade notebooks.

Exit code 0 when every notebook was graded, 1 when some could not be (their feedback says
why), 2 for bad input or no working sandbox.
"""

import argparse
import sys
from contextlib import nullcontext

from ..errors import SymhessError

HELP = "grade submitted notebooks (results.json per student, grades.csv)"
RAW_OUTPUT = True


def add_arguments(p) -> None:
    p.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="one NOTEBOOK.ipynb per student")
    p.add_argument("--assignment", required=True, help="exercises/<name> or its name")
    p.add_argument("--out", required=True, metavar="OUT_DIR")
    p.add_argument("--force", action="store_true", help="regrade students already graded")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the notebooks on Dask: tcp://HOST:8786, or local:N")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run kernels without the namespace sandbox (rlimits only): only on a "
                        "machine you can lose")
    p.add_argument("--cell-timeout", type=float, default=30.0)
    p.add_argument("--notebook-timeout", type=float, default=120.0)
    p.add_argument("--memory-mb", type=int, default=2048,
                   help="per notebook, all its processes together")
    p.add_argument("--answer-timeout", type=float, default=10.0,
                   help="seconds to check one answer")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--timeout", type=float, default=0, help=argparse.SUPPRESS)


def run(args):
    try:  # the grader's notebook machinery is an extra: the other commands work without it
        from ..grading import Limits, grade_all
        from ..grading.sandbox import probe
        from ..grading.scoring import ScoringBudget
    except ImportError as e:
        raise SymhessError(f"grading needs the notebook extra ({e.name} is not installed): "
                           "pip install 'symhess[notebook]'") from None
    isolation = probe(kind="none" if args.no_sandbox else "auto")
    print(isolation, file=sys.stderr, flush=True)
    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout,
                    memory_bytes=args.memory_mb << 20)
    if args.scheduler:
        from ..grading.cluster import dask_executor

        where = dask_executor(args.scheduler)
    else:
        where = nullcontext(None)
    with where as executor:
        summary = grade_all(args.assignment, args.submissions, args.out, force=args.force,
                            limits=limits, progress=not args.no_progress, workers=args.workers,
                            isolation=isolation, executor=executor,
                            scoring=ScoringBudget(seconds=args.answer_timeout))
    return summary  # printed, and its exit_code is the command's
