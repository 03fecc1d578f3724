"""The strong Wolfe line search and the two methods tuned on it against scipy: BFGS and
nonlinear CG from the standard Moré–Garbow–Hillstrom starts."""

import numpy as np
import pytest
import scipy.optimize
import sympy as sp

from symhess.optim import Problem, get_backend, minimize
from symhess.optim.linesearch import more_thuente, wolfe
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


# -- Moré and Thuente's search: the steps of MINPACK-2's dcsrch ---------------------------------


def _phi(expr, x, d):
    problem = Problem.from_expr(expr)
    oracle = problem.oracle("numpy")
    x, d = np.array(x, dtype=float), np.array(d, dtype=float)
    f0, g0 = oracle.value_and_grad(x)

    def phi(a):
        return float(oracle.fun(x + a * d))

    def derphi(a):
        return float(oracle.grad(x + a * d) @ d)

    return oracle, x, d, f0, g0, phi, derphi


@pytest.mark.parametrize("expr, x, d, alpha", [
    ("(1-x)^2 + 100(y-x^2)^2", [-1.2, 1], [1, 0], 1),  # overshoots: bracket and interpolate
    ("(x - 100000)^2", [0], [1], 1),  # must grow 10⁵-fold
    ("x^4 - 3x^2 + x", [2], [-1], 0.01),  # a short first trial past an inflection
    ("exp(x) - 5x", [0], [1], 3),  # a first trial far past the minimiser
])
def test_more_thuente_takes_the_step_scipy_dcsrch_takes(expr, x, d, alpha):
    from scipy.optimize._dcsrch import DCSRCH

    oracle, x, d, f0, g0, phi, derphi = _phi(expr, x, d)
    expected, *_ = DCSRCH(phi, derphi, 1e-4, 0.9, 1e-14, 0, 1e100)(
        alpha, phi0=float(f0), derphi0=float(g0 @ d))
    ours = more_thuente(oracle, x, f0, g0, d, alpha, c1="1/10000", c2="9/10")
    assert expected is not None and ours is not None
    assert abs(float(ours.alpha) - expected) <= 1e-12 * abs(expected)
    assert float(ours.f) <= float(f0) + 1e-4 * float(ours.alpha) * float(g0 @ d)
    assert abs(float(ours.g @ d)) <= 0.9 * abs(float(g0 @ d))


def test_more_thuente_in_exact_arithmetic_takes_dyadic_steps_and_wolfe_holds_exactly():
    bk = get_backend("exact")
    problem = Problem.from_expr("(1-x)^2 + 100(y-x^2)^2")
    oracle = problem.oracle("exact")
    x, d = bk.vector([sp.Rational(-6, 5), 1]), bk.vector([1, 0])
    f0, g0 = oracle.value_and_grad(x)
    accepted = more_thuente(oracle, x, f0, g0, d, bk.number(1), c2="2/5")
    assert accepted is not None
    a, slope0 = accepted.alpha, bk.dot(g0, d)
    assert a.is_Rational and a.q & (a.q - 1) == 0
    assert accepted.f <= f0 + sp.Rational(1, 10**4) * a * slope0  # decided exactly
    assert abs(bk.dot(accepted.g, d)) <= sp.Rational(2, 5) * abs(slope0)


def test_cg_stops_where_a_step_lands_on_the_minimiser():
    # the line search hits ∇f = 0 exactly: the next trial step used to divide by the slope 0
    r = minimize("x^2 + y^2", [0.3, -2.0], method="cg")
    assert r.success and r.grad_norm == 0 and list(r.x) == [0, 0]
