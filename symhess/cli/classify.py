"""``symhess classify EXPR [--vars x,y] [--box "x=-5..5,y=-5..5"] [--subject-to "g = h" ...]``:
every critical point, found exactly and classified (degenerate ones included), with the
evidence; with constraints, the critical points of f on the constraint set."""

import sympy as sp

from ..budget import time_budget
from ..critical import analyze_critical_points, parse_box
from ..parsing import parse_constraint
from ._common import budget_of
from .hessian import read_function

HELP = "find every critical point exactly and classify it (min, max, saddle), with evidence"


def add_arguments(p) -> None:
    p.add_argument("expr", metavar="EXPR", help='the function, e.g. "x^3 - 3x + y^2"')
    p.add_argument("--vars", metavar="x,y", help="variables in order (default: alphabetical)")
    p.add_argument("--box", metavar="BOX",
                   help='search box for the certified numeric search, e.g. "x=-5..5,y=-5..5"')
    p.add_argument("--subject-to", metavar="EQUATION", action="append", dest="subject_to",
                   help='a constraint such as "x^2 + y^2 = 1" (repeat for several): the '
                        "critical points of f on the constraint set, by Lagrange multipliers")


def run(args):
    f, xs, _ = read_function(args)
    if args.subject_to:
        from ..constrained import constrained_critical_points

        names = xs if args.vars else None
        gs = [parse_constraint(t, names) for t in args.subject_to]
        if not args.vars:
            xs = sorted(set().union(f.free_symbols, *(g.free_symbols for g in gs)),
                        key=sp.default_sort_key)
        with time_budget(budget_of(args), "solving the Lagrange conditions"):
            return constrained_critical_points(f, gs, xs)
    box = parse_box(args.box, xs) if args.box else None
    with time_budget(budget_of(args), "finding the critical points"):
        return analyze_critical_points(f, xs, box=box)
