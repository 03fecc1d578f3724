"""``symhess hessian EXPR [--vars x,y] [--at x=1,y=0]``: gradient and Hessian in closed form."""

from ..analysis import second_derivatives
from ..budget import time_budget
from ..parsing import parse_expr, parse_point, parse_variables
from ._common import budget_of

HELP = "gradient and Hessian of an expression (optionally at a point)"


def add_arguments(p) -> None:
    p.add_argument("expr", metavar="EXPR", help='the function, e.g. "x^3 - 3x + y^2"')
    p.add_argument("--vars", metavar="x,y", help="variables in order (default: alphabetical)")
    p.add_argument("--at", metavar="POINT", help="a point such as x=1,y=0 or (1,0)")


def read_function(args):
    """EXPR, --vars and --at read by the safe parser (shared by several commands)."""
    xs = parse_variables(args.vars) if args.vars else None
    f = parse_expr(args.expr, variables=xs)
    if xs is None:
        from ..calculus import variables_of

        xs = list(variables_of(f))
    at = parse_point(args.at, variables=xs) if getattr(args, "at", None) else None
    return f, xs, at


def run(args):
    f, xs, at = read_function(args)
    with time_budget(budget_of(args), "the Hessian"):
        return second_derivatives(f, xs, at)
