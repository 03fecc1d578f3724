"""Step lengths along a descent direction ``d``: exact on quadratics, Armijo, strong Wolfe.

Each returns the accepted step ``α`` with the new point and what was evaluated there, or
``None`` when no acceptable step was found.  They use only the backend's arithmetic and make the
same decisions in each: on the exact backend the steps are rationals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["exact_step", "armijo", "wolfe", "Accepted", "chosen"]


def chosen(bk, a):
    """A quantity the method *chooses* (a trial step length, a search direction, a shift ``λ``)
    written as the backend writes a step: on the exact backend rounded to a short dyadic
    rational (:meth:`~symhess.optim.backends.ExactBackend.line_search_point`), elsewhere
    unchanged.  What follows from the choice -- the point, ``f`` and ``∇f`` there -- stays
    exact; without it the digits of the choice compound (a cubic interpolation's step reached
    thousands of digits inside one line search).

    >>> from symhess.optim import get_backend
    >>> import sympy as sp
    >>> chosen(get_backend("exact"), sp.Rational(1, 3))  # 1/3 to 53 significant bits
    12009599006321323/36028797018963968
    """
    if isinstance(a, np.ndarray):
        return bk.line_search_point(0 * a, 1, a)
    return bk.line_search_point(bk.vector([0]), 1, bk.vector([a]))[0]


@dataclass(frozen=True)
class Accepted:
    alpha: object
    x: object
    f: object
    g: object = None


def exact_step(oracle, x, g, d):
    """``α = −∇fᵀd / dᵀHd``: the exact minimiser of ``f(x + αd)`` when ``f`` is quadratic
    (one Hessian-vector product); ``None`` if the curvature along ``d`` is not positive."""
    bk = oracle.backend
    curvature = bk.dot(d, oracle.hessp(x, d))
    if not curvature > 0:
        return None
    return -bk.dot(g, d) / curvature


def armijo(oracle, x, f0, g0, d, alpha, *, c1="1/10000", shrink="1/2", maxiter: int = 60):
    """Backtracking until ``f(x + αd) ≤ f(x) + c₁ α ∇fᵀd`` (sufficient decrease), halving
    ``α`` each time (Nocedal & Wright, Algorithm 3.1)."""
    bk = oracle.backend
    c1, shrink = bk.number(c1), bk.number(shrink)
    slope = bk.dot(g0, d)
    for _ in range(maxiter):
        x_new = bk.line_search_point(x, alpha, d)
        f_new = oracle.fun(x_new)
        if bk.isfinite(f_new) and f_new <= f0 + c1 * alpha * slope:
            return Accepted(alpha, x_new, f_new)
        alpha = alpha * shrink
    return None


@dataclass(frozen=True)
class _Trial:
    alpha: object
    f: object
    slope: object
    x: object = None
    g: object = None


def wolfe(oracle, x, f0, g0, d, alpha, *, c1="1/10000", c2="9/10", maxiter: int = 30,
          accept=None):
    """A step satisfying the strong Wolfe conditions
    ``f(x+αd) ≤ f + c₁α∇fᵀd`` and ``|∇f(x+αd)ᵀd| ≤ c₂|∇fᵀd|``
    by bracketing and zooming with interpolation (Nocedal & Wright, Algorithms 3.5 and 3.6);
    and, if given, ``accept(α, x, f, g)`` (a method's own condition on the point, as scipy's
    ``extra_condition``)."""
    bk = oracle.backend
    c1, c2 = bk.number(c1), bk.number(c2)
    slope0 = bk.dot(g0, d)
    if not slope0 < 0:
        return None
    start = _Trial(bk.number(0), f0, slope0, x, g0)
    prev = start
    for i in range(maxiter):
        trial = _evaluate(oracle, x, d, alpha)
        if not bk.isfinite(trial.f):
            return _zoom(oracle, x, d, f0, slope0, prev, trial, c1, c2, maxiter, accept)
        if trial.f > f0 + c1 * alpha * slope0 or (i > 0 and trial.f >= prev.f):
            return _zoom(oracle, x, d, f0, slope0, prev, trial, c1, c2, maxiter, accept)
        if abs(trial.slope) <= -c2 * slope0 and _accepts(accept, trial):
            return Accepted(alpha, trial.x, trial.f, trial.g)
        if trial.slope >= 0:
            return _zoom(oracle, x, d, f0, slope0, trial, prev, c1, c2, maxiter, accept)
        prev, alpha = trial, _extrapolate(bk, prev, trial)
    return None


def _extrapolate(bk, prev: _Trial, trial: _Trial):
    """The next, longer trial when ``f`` still falls steeply at ``trial``: the minimiser of the
    cubic through both trials if it lies ahead, kept between 1.1 and 4 times the last increase
    beyond ``trial`` (Moré and Thuente's safeguards, as MINPACK's ``dcsrch`` that scipy uses);
    the far end when the cubic has no minimiser ahead.  Doubling instead took 17 trials to
    grow a step by 10⁵."""
    increase = trial.alpha - prev.alpha
    low, high = trial.alpha + increase * bk.number("11/10"), trial.alpha + 4 * increase
    alpha = _cubic_minimiser(bk, prev, trial)
    if alpha is None or not alpha > trial.alpha:
        return chosen(bk, high)
    return chosen(bk, min(max(alpha, low), high))


def _evaluate(oracle, x, d, alpha) -> _Trial:
    bk = oracle.backend
    x_new = bk.line_search_point(x, alpha, d)
    f, g = oracle.value_and_grad(x_new)
    slope = bk.dot(g, d) if bk.isfinite(f) else f
    return _Trial(alpha, f, slope, x_new, g)


def _accepts(accept, trial: _Trial) -> bool:
    return accept is None or accept(trial.alpha, trial.x, trial.f, trial.g)


def _zoom(oracle, x, d, f0, slope0, lo: _Trial, hi: _Trial, c1, c2, maxiter, accept=None):
    bk = oracle.backend
    for _ in range(maxiter):
        alpha = _interpolate(bk, lo, hi)
        trial = _evaluate(oracle, x, d, alpha)
        if not bk.isfinite(trial.f) or trial.f > f0 + c1 * alpha * slope0 or trial.f >= lo.f:
            hi = trial
        else:
            if abs(trial.slope) <= -c2 * slope0 and _accepts(accept, trial):
                return Accepted(alpha, trial.x, trial.f, trial.g)
            if trial.slope * (hi.alpha - lo.alpha) >= 0:
                hi = lo
            lo = trial
        if abs(hi.alpha - lo.alpha) <= bk.eps * abs(lo.alpha):
            break
    if lo.x is not None and lo.alpha > 0:  # sufficient decrease holds there
        return Accepted(lo.alpha, lo.x, lo.f, lo.g)
    return None


def _interpolate(bk, lo: _Trial, hi: _Trial):
    """The minimiser of the cubic through ``f`` and ``f'`` at both ends (N&W (3.59)), kept
    inside the middle 80 % of the bracket; bisection when there is none.

    The square root is the backend's :meth:`~Backend.choice_sqrt`: on the exact backend a
    rational within 10⁻⁶⁰, so the step stays rational and every backend takes the same step.
    """
    width = hi.alpha - lo.alpha
    low, high = lo.alpha + width / 10, hi.alpha - width / 10
    middle = lo.alpha + width / 2
    if not (bk.isfinite(hi.f) and bk.isfinite(hi.slope)):
        return middle
    alpha = _cubic_minimiser(bk, lo, hi)
    if alpha is None:
        return middle
    return chosen(bk, min(max(alpha, min(low, high)), max(low, high)))


def _cubic_minimiser(bk, lo: _Trial, hi: _Trial):
    """The minimiser of the cubic through ``f`` and ``f'`` at both trials (N&W (3.59)), or
    ``None`` when it has none (or the arithmetic overflowed)."""
    width = hi.alpha - lo.alpha
    d1 = lo.slope + hi.slope - 3 * (lo.f - hi.f) / (lo.alpha - hi.alpha)
    radicand = d1 * d1 - lo.slope * hi.slope
    if radicand < 0:
        return None
    d2 = bk.choice_sqrt(radicand) * (1 if width > 0 else -1)
    denominator = hi.slope - lo.slope + 2 * d2
    if denominator == 0:
        return None
    alpha = hi.alpha - width * (hi.slope + d2 - d1) / denominator
    return alpha if bk.isfinite(alpha) else None  # a huge f' overflows d₁² in floating point
