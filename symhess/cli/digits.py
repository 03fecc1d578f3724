"""``symhess digits "x^2 - 2" --x0 1 --digits 100000 [--method newton]``: watch the digits
arrive, one row per iteration, with the total time."""

from ..digits import METHODS, newton_digits

HELP = "Newton's digit doubling (and slower methods) against an independent reference"


def add_arguments(p) -> None:
    p.add_argument("expr", metavar="EXPR",
                   help='f in one variable, solved for f = 0 (e.g. "x^2 - 2"); in several, '
                        "Newton runs on ∇f = 0")
    p.add_argument("--x0", required=True, metavar="X0",
                   help="start, e.g. 1 (or 1,2 in several variables; --x0=-1 for a minus)")
    p.add_argument("--x1", metavar="X1",
                   help="second start (secant) or the bracket's other end (bisection)")
    p.add_argument("--digits", type=int, default=50, help="correct digits wanted (default 50)")
    p.add_argument("--method", default="newton", choices=list(METHODS),
                   help="default newton")
    p.add_argument("--multiplicity", type=int,
                   help="the root's multiplicity, for modified_newton (default: from SymPy)")
    p.add_argument("--fixed-precision", action="store_true",
                   help="work at full precision from the first step (no doubling schedule)")
    p.add_argument("--maxiter", type=int, help="iteration limit")
    p.add_argument("--vars", metavar="x,y", help="variables in order (default: alphabetical)")
    p.add_argument("--plot", metavar="FILE.png", help="save correct digits vs iteration here")


def run(args):
    result = newton_digits(args.expr, args.x0, digits=args.digits, method=args.method,
                           x1=args.x1, multiplicity=args.multiplicity,
                           doubling=not args.fixed_precision, maxiter=args.maxiter,
                           variables=args.vars)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        result.plot().savefig(args.plot, dpi=120)
    return result
