"""``symhess analyze EXPR [--at x=1,y=0]``: the second-derivative test at a point, or where
the function is convex without one."""

from ..analysis import analyze
from ..budget import time_budget
from ._common import budget_of
from .hessian import add_arguments as _hessian_arguments
from .hessian import read_function

HELP = "second-order analysis: the second-derivative test at --at, or convexity regions"


def add_arguments(p) -> None:
    _hessian_arguments(p)


def run(args):
    f, xs, at = read_function(args)
    with time_budget(budget_of(args), "the analysis"):
        return analyze(f, at=at, variables=xs)
