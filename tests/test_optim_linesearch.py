"""The strong Wolfe line search and the two methods tuned on it against scipy: BFGS and
nonlinear CG from the standard Moré–Garbow–Hillstrom starts."""

import numpy as np
import scipy.optimize
import sympy as sp

from symhess.optim import Problem, get_backend, minimize
from symhess.optim.linesearch import wolfe
from symhess.optim.problem_set import MinimumKind, mgh_start


class _Counting:
    """A NumPy problem's oracle that records the step of every trial point on ``x + αd``."""

    def __init__(self, problem):
        self.inner = problem.oracle("numpy")
        self.backend = self.inner.backend
        self.points = []

    def value_and_grad(self, x):
        self.points.append(np.array(x, dtype=float))
        return self.inner.value_and_grad(x)


def _line_search(expr, x, d, alpha, **options):
    problem = Problem.from_expr(expr)
    oracle = _Counting(problem)
    x, d = np.array(x, dtype=float), np.array(d, dtype=float)
    f, g = oracle.inner.value_and_grad(x)
    return wolfe(oracle, x, f, g, d, alpha, **options), oracle.points


def test_a_step_that_must_grow_a_hundred_thousandfold_takes_few_trials():
    # the minimum along d = (1,) is at α = 10⁵ and the curvature condition (c₂ = 0.9) holds
    # from α = 10⁴: doubling from 1 took 15 trials to get there
    accepted, points = _line_search("(x - 100000)^2", [0], [1], 1)
    assert accepted is not None and 1e4 <= float(accepted.alpha) <= 1.9e5
    assert len(points) <= 8


def test_a_step_that_must_shrink_a_trillionfold_is_found():
    # f rises steeply along d: the Wolfe step is near 1e-12; halving from 1 ran out of trials
    accepted, points = _line_search("1e12*x^2 - x", [0], [1], 1)
    assert accepted is not None and 1e-13 < float(accepted.alpha) < 1e-11


def test_an_overflowing_trial_is_bisected_not_turned_into_nan():
    # at α = 1 f is 1e300-sized and its slope overflows the cubic's arithmetic
    accepted, _ = _line_search("exp(690*x) + x^2", [0], [-1], 1)
    assert accepted is not None and np.isfinite(float(accepted.alpha))


def test_exact_line_search_steps_stay_short_dyadics():
    bk = get_backend("exact")
    problem = Problem.from_expr("(x - 100000)^2 + (y - 1/3)^2")
    oracle = problem.oracle("exact")
    x, d = bk.vector([0, 0]), bk.vector([1, sp.Rational(1, 300000)])
    f, g = oracle.value_and_grad(x)
    accepted = wolfe(oracle, x, f, g, d, bk.number(1))
    assert accepted is not None
    for v in accepted.x:  # exact rationals with power-of-two denominators
        assert isinstance(v, sp.Rational) and v.q & (v.q - 1) == 0


def _reaches_the_published_minimum(problem, r) -> bool:
    minimum = problem.data["mgh"].minimum_reached(float(r.fun))
    return minimum is not None and minimum.kind is MinimumKind.GLOBAL


def _scipy(problem, x0, method):
    o = problem.oracle("numpy")
    return scipy.optimize.minimize(o.fun, np.asarray(x0, dtype=float), jac=o.grad,
                                   method=method, options={"gtol": 1e-5})


def test_cg_reaches_brown_badly_scaled_minimum_as_scipy_does():
    # was: "the line search found no step satisfying the strong Wolfe conditions" at iteration 7
    problem, x0 = mgh_start("brown-badly-scaled", 1)
    r = minimize(problem, x0, method="cg", gtol=1e-5, maxiter=5000)
    assert r.success and _reaches_the_published_minimum(problem, r), r.message
    theirs = _scipy(problem, x0, "CG")
    assert problem.data["mgh"].minimum_reached(float(theirs.fun)) is not None


def test_bfgs_on_freudenstein_roth_costs_no_more_than_scipy():
    # with the scaled H₀ = (sᵀy/yᵀy)I BFGS took 24 iterations to scipy's 8
    problem, x0 = mgh_start("freudenstein-roth", 1)
    r = minimize(problem, x0, method="bfgs", gtol=1e-5, maxiter=5000)
    theirs = _scipy(problem, x0, "BFGS")
    assert problem.data["mgh"].minimum_reached(float(r.fun)) is not None
    assert r.nfev + r.ngev <= theirs.nfev + theirs.njev
