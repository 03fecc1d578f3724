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
DESCRIPTION = """\
Grade submitted notebooks.  The assignment is checked first (as check-assignment does); an
invalid one grades nobody (exit 2).  Each notebook runs in its own sandboxed kernel within
the limits below; its answers are scored here against the variant drawn for its student.

Who a notebook belongs to: --roster, then the LMS layout (Canvas's
name_userid_subid_file.ipynb, or one folder per student as Moodle and Gradescope export),
then the file name; the notebook's own record of the id it was drawn for decides the
numbers, and a difference is a warning.

OUT_DIR receives <student>/results.json (Gradescope's format), <student>/feedback.md,
grades.csv (a column per question), summary.json, and canvas.csv / moodle.csv with --format.
A rerun keeps a grade while the notebook, the assignment and symhess are unchanged.
Exit codes: 0 all graded, 1 some notebooks could not be graded, 2 bad input."""


def add_arguments(p) -> None:
    p.description = DESCRIPTION
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                   help="notebooks: <student>.ipynb, LMS downloads, or one folder per student")
    p.add_argument("--assignment", required=True,
                   help="the assignment folder (holding assignment.toml) or a shipped name")
    p.add_argument("--out", required=True, metavar="OUT_DIR",
                   help="where results.json/feedback.md per student and grades.csv go")
    p.add_argument("--roster", metavar="CSV",
                   help="student column, plus file / lms_id / name / email / login / section")
    p.add_argument("--format", action="append", choices=("canvas", "moodle"), default=[],
                   dest="formats", help="also write this LMS's gradebook CSV (repeatable)")
    p.add_argument("--bom", action="store_true",
                   help="start the CSV files with a UTF-8 byte order mark (for Excel)")
    p.add_argument("--force", action="store_true", help="regrade every notebook")
    p.add_argument("--retry-failed", action="store_true",
                   help="regrade notebooks that failed, timed out or whose kernel died")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the notebooks on Dask: tcp://HOST:8786, or local:N")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run kernels without the namespace sandbox (rlimits only): only on a "
                        "machine you can lose")
    p.add_argument("--cell-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="limit per cell; the cell is stopped and later cells do not run "
                        "(default 30)")
    p.add_argument("--notebook-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="limit per notebook (default 120)")
    p.add_argument("--memory-mb", type=int, default=2048, metavar="MB",
                   help="per notebook, all its processes together (default 2048)")
    p.add_argument("--answer-timeout", type=float, default=10.0,
                   metavar="SECONDS", help="to check one answer (default 10)")
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
                            scoring=ScoringBudget(seconds=args.answer_timeout),
                            roster=args.roster, retry_failed=args.retry_failed,
                            formats=tuple(dict.fromkeys(args.formats)), bom=args.bom)
    return summary  # printed, and its exit_code is the command's
