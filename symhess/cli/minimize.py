"""``symhess minimize EXPR --x0 1,2 [--method bfgs] [--backend numpy] [--plot out.png]``."""

import re

from ..optim import Problem, minimize
from ..parsing import parse_point
from .hessian import read_function

HELP = "minimize a function with any method, in exact, mpmath or NumPy arithmetic"

#: command-line option -> keyword of the method (passed only when given)
METHOD_OPTIONS = {
    "step": "step size / learning rate η, e.g. 1/10",
    "memory": "L-BFGS memory m (pairs kept)",
    "momentum": "momentum β of heavy-ball / Nesterov",
    "line_search": "fixed, armijo, exact or wolfe (depends on the method)",
    "shift": "μ of the shifted Newton step H + μI",
}


#: what argparse should take as a value rather than an option: a negative number *or a list
#: of numbers starting with one* (``--x0 -1.2,1``, ``--x0 -1/2,3``); argparse's own pattern
#: knows only single numbers
NEGATIVE_START = re.compile(r"^-\d+$|^-\d*\.\d+$|^-[\d.][\d.,/eE+\- ]*$")


def add_arguments(p) -> None:
    # argparse keeps this pattern on the parser (no public setting): widen it for --x0
    p._negative_number_matcher = NEGATIVE_START
    p.add_argument("expr", metavar="EXPR", help='the function, e.g. "(1-x)^2 + 100(y-x^2)^2"')
    p.add_argument("--x0", required=True, metavar="POINT",
                   help="start, e.g. 1,2, -1.2,1 or x=0,y=1")
    p.add_argument("--vars", metavar="x,y", help="variables in order (default: alphabetical)")
    p.add_argument("--method", default="bfgs", help="gd, newton, bfgs, lbfgs, adam, ... "
                                                    "(default bfgs)")
    p.add_argument("--backend", default="numpy", help="exact, mpmath or numpy (default numpy)")
    p.add_argument("--dps", type=int, help="decimal digits for the mpmath backend")
    p.add_argument("--maxiter", type=int, help="iteration limit")
    p.add_argument("--gtol", help="absolute gradient tolerance (default from the backend); "
                                  "given alone, the test is ‖∇f‖∞ ≤ gtol")
    p.add_argument("--rtol", help="tolerance relative to ‖∇f(x0)‖∞ (default gtol/1000 on "
                                  "numpy and mpmath; 0 for the absolute test)")
    for name, text in METHOD_OPTIONS.items():
        p.add_argument("--" + name.replace("_", "-"), dest=name,
                       type=int if name == "memory" else str, help=text)
    p.add_argument("--plot", metavar="FILE.png", help="save the path and error plot here")


def run(args):
    f, xs, _ = read_function(args)
    problem = Problem.from_expr(f, xs)  # declared variables checked against f, first
    x0 = list(parse_point(args.x0, variables=xs).values())
    options = {k: getattr(args, k) for k in METHOD_OPTIONS if getattr(args, k) is not None}
    result = minimize(problem, x0, method=args.method, backend=args.backend, dps=args.dps,
                      maxiter=args.maxiter, gtol=args.gtol, rtol=args.rtol, **options)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from ..optim.plots import figure

        figure(result).savefig(args.plot, dpi=120)
    return result
