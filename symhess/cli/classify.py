"""``symhess classify EXPR [--vars x,y] [--box "x=-5..5,y=-5..5"]``: every critical point,
found exactly and classified (degenerate ones included), with the evidence."""

from ..budget import time_budget
from ..critical import analyze_critical_points, parse_box
from ._common import budget_of
from .hessian import read_function

HELP = "find every critical point exactly and classify it (min, max, saddle), with evidence"


def add_arguments(p) -> None:
    p.add_argument("expr", metavar="EXPR", help='the function, e.g. "x^3 - 3x + y^2"')
    p.add_argument("--vars", metavar="x,y", help="variables in order (default: alphabetical)")
    p.add_argument("--box", metavar="BOX",
                   help='search box for the certified numeric search, e.g. "x=-5..5,y=-5..5"')


def run(args):
    f, xs, _ = read_function(args)
    box = parse_box(args.box, xs) if args.box else None
    with time_budget(budget_of(args), "finding the critical points"):
        return analyze_critical_points(f, xs, box=box)
