"""Running a catalogue problem through scipy's peer, and judging a run by what it reached."""

import numpy as np
import scipy.optimize

from symhess.optim import minimize


def solved(problem, x, fun) -> bool:
    """Judged by the final gradient and f against the published minimum, not by a flag."""
    g = np.asarray(problem.oracle("numpy").grad(np.asarray(x, dtype=float)))
    close = problem.fmin is None or abs(float(fun) - float(problem.fmin)) <= 1e-6
    return bool(np.max(np.abs(g)) <= 1e-4 and close)


def against_scipy(problem, ours: str, peer: str, **options):
    """``(ours, peer, ours_solved, peer_solved)`` from the problem's standard start."""
    o = problem.oracle("numpy")
    hessp = {"hessp": o.hessp} if peer in ("Newton-CG", "trust-ncg") else {}
    theirs = scipy.optimize.minimize(o.fun, np.asarray(problem.x0, dtype=float), jac=o.grad,
                                     method=peer, **hessp)
    mine = minimize(problem, method=ours, gtol=1e-5, maxiter=5000, **options)
    return mine, theirs, solved(problem, mine.x, mine.fun), solved(problem, theirs.x,
                                                                   theirs.fun)
