"""Step lengths along a descent direction ``d``: exact on quadratics, Armijo, strong Wolfe.

Two strong-Wolfe searches: :func:`more_thuente` (MINPACK-2's ``dcsrch``/``dcstep``, the search
scipy's BFGS, CG and Newton-CG try first) and :func:`wolfe` (bracket and zoom, Nocedal & Wright
Algorithms 3.5-3.6, scipy's fallback).  :func:`strong_wolfe` tries them in that order, as scipy
does; nonlinear CG uses it.  BFGS and Newton-CG keep :func:`wolfe` alone, which measured better
on the MGH problems from the standard starts (BFGS solved 15 against 13 with Moré–Thuente,
Newton-CG took 0.87× scipy's evaluations against 0.93×).

Each returns the accepted step ``α`` with the new point and what was evaluated there, or
``None`` when no acceptable step was found.  They use only the backend's arithmetic and make the
same decisions in each: on the exact backend the steps are rationals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["exact_step", "armijo", "wolfe", "more_thuente", "strong_wolfe", "Accepted", "chosen"]


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


# -- Moré and Thuente's search ------------------------------------------------------------------

class _Unusable(ArithmeticError):
    """The interpolation's arithmetic broke down (a zero denominator, a negative radicand from
    rounding, an overflow): the search gives up, as ``dcsrch`` does on a non-finite step."""


def more_thuente(oracle, x, f0, g0, d, alpha, *, c1="1/10000", c2="9/10",
                 xtol="1/100000000000000", maxiter: int = 100, accept=None):
    """A strong-Wolfe step by Moré and Thuente's algorithm (ACM TOMS 20, 1994; MINPACK-2's
    ``dcsrch``, which scipy runs first in BFGS, CG and Newton-CG).

    Until a trial satisfies ``f ≤ f₀ + c₁αf'₀`` with ``f' ≥ 0`` it works on the modified
    function ``ψ(α) = f(α) − f₀ − c₁αf'₀``; each new trial comes from :func:`_dcstep` (cubic and
    quadratic interpolation with safeguards), steps grow by 1.1-4× until a minimiser is
    bracketed, and a bracket that does not shrink by a third is bisected.  Returns ``None``
    where ``dcsrch`` warns (rounding stops progress, the bracket is below ``xtol``, a trial is
    not finite), so the caller can fall back to :func:`wolfe`.  Trial steps are
    :func:`chosen`: on the exact backend short dyadic rationals.  ``accept(α, x, f, g)`` is a
    method's extra condition on the accepted point, checked after convergence as scipy
    checks ``extra_condition``."""
    bk = oracle.backend
    ftol, gtol, xtol = bk.number(c1), bk.number(c2), bk.number(xtol)
    zero = bk.number(0)
    stpmax = bk.number(10**100)
    ginit = bk.dot(g0, d)
    if not ginit < 0:
        return None
    gtest = ftol * ginit
    brackt, stage = False, 1
    width = stpmax
    width1 = 2 * width
    stx, fx, gx = zero, f0, ginit
    sty, fy, gy = zero, f0, ginit
    stp = chosen(bk, alpha)
    stmin, stmax = zero, 5 * stp
    try:
        for _ in range(maxiter):
            trial = _evaluate(oracle, x, d, stp)
            f, g = trial.f, trial.slope
            if not (bk.isfinite(f) and bk.isfinite(g)):
                return None
            ftest = f0 + stp * gtest
            if stage == 1 and f <= ftest and g >= 0:
                stage = 2
            if brackt and (stp <= stmin or stp >= stmax or stmax - stmin <= xtol * stmax):
                return None
            if stp == stpmax and f <= ftest and g <= gtest:
                return None
            if f <= ftest and abs(g) <= -gtol * ginit:
                if accept is not None and not accept(stp, trial.x, f, trial.g):
                    return None
                return Accepted(stp, trial.x, f, trial.g)
            if stage == 1 and fx >= f > ftest:
                # ψ instead of f: the bracket then holds a point of sufficient decrease
                stx, fxm, gxm, sty, fym, gym, stp, brackt = _dcstep(
                    bk, stx, fx - stx * gtest, gx - gtest, sty, fy - sty * gtest, gy - gtest,
                    stp, f - stp * gtest, g - gtest, brackt, stmin, stmax)
                fx, gx = fxm + stx * gtest, gxm + gtest
                fy, gy = fym + sty * gtest, gym + gtest
            else:
                stx, fx, gx, sty, fy, gy, stp, brackt = _dcstep(
                    bk, stx, fx, gx, sty, fy, gy, stp, f, g, brackt, stmin, stmax)
            if brackt:
                if abs(sty - stx) >= bk.number("66/100") * width1:
                    stp = stx + (sty - stx) / 2
                width1, width = width, abs(sty - stx)
                stmin, stmax = min(stx, sty), max(stx, sty)
            else:
                stmin = stp + bk.number("11/10") * (stp - stx)
                stmax = stp + 4 * (stp - stx)
            stp = min(max(stp, zero), stpmax)
            if brackt and (stp <= stmin or stp >= stmax or stmax - stmin <= xtol * stmax):
                stp = stx
            if not bk.isfinite(stp) or not stp > 0:
                return None
            stp = chosen(bk, stp)
    except (_Unusable, ZeroDivisionError, OverflowError, TypeError):
        return None
    return None


def _dcstep(bk, stx, fx, dx, sty, fy, dy, stp, fp, dp, brackt, stpmin, stpmax):
    """One step of Moré and Thuente's safeguarded interpolation (MINPACK-2's ``dcstep``):
    ``stx`` is the best step so far, ``sty`` the other end of the interval, ``stp`` the trial
    just evaluated.  Returns the updated interval, the next trial and whether a minimiser is
    now bracketed.  The four cases are those of the paper's §4: a higher value (cubic or
    midway to the quadratic), a derivative of opposite sign (the nearer of cubic and secant),
    a derivative of the same sign but smaller (extrapolate, kept inside the interval), and a
    larger one (cubic through the far end, or the bound)."""
    opposite = (dp > 0 > dx) or (dp < 0 < dx)
    p66 = bk.number("66/100")

    def gamma_of(theta, u, v, clip=False):
        s = max(abs(theta), abs(u), abs(v))
        if s == 0:
            raise _Unusable("a flat interpolant")
        radicand = (theta / s) ** 2 - (u / s) * (v / s)
        if radicand < 0:
            if not clip:
                raise _Unusable("a negative radicand")
            radicand = 0 * radicand
        return s * bk.choice_sqrt(radicand)

    if fp > fx:  # case 1: a higher value; the minimiser is bracketed
        theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        gamma = gamma_of(theta, dx, dp)
        if stp < stx:
            gamma = -gamma
        r = ((gamma - dx) + theta) / (((gamma - dx) + gamma) + dp)
        stpc = stx + r * (stp - stx)
        stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
        stpf = stpc if abs(stpc - stx) <= abs(stpq - stx) else stpc + (stpq - stpc) / 2
        brackt = True
    elif opposite:  # case 2: the derivative changed sign
        theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        gamma = gamma_of(theta, dx, dp)
        if stp > stx:
            gamma = -gamma
        r = ((gamma - dp) + theta) / (((gamma - dp) + gamma) + dx)
        stpc = stp + r * (stx - stp)
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
        brackt = True
    elif abs(dp) < abs(dx):  # case 3: same sign, the derivative decreases in size
        theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        gamma = gamma_of(theta, dx, dp, clip=True)
        if stp > stx:
            gamma = -gamma
        r = ((gamma - dp) + theta) / ((gamma + (dx - dp)) + gamma)
        if r < 0 and gamma != 0:
            stpc = stp + r * (stx - stp)
        else:
            stpc = stpmax if stp > stx else stpmin
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        if brackt:
            stpf = stpc if abs(stpc - stp) < abs(stpq - stp) else stpq
            bound = stp + p66 * (sty - stp)
            stpf = min(bound, stpf) if stp > stx else max(bound, stpf)
        else:
            stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
            stpf = min(max(stpf, stpmin), stpmax)
    elif brackt:  # case 4: same sign, no smaller: the cubic through the far end
        theta = 3 * (fp - fy) / (sty - stp) + dy + dp
        gamma = gamma_of(theta, dy, dp)
        if stp > sty:
            gamma = -gamma
        r = ((gamma - dp) + theta) / (((gamma - dp) + gamma) + dy)
        stpf = stp + r * (sty - stp)
    else:
        stpf = stpmax if stp > stx else stpmin
    if fp > fx:
        sty, fy, dy = stp, fp, dp
    else:
        if opposite:
            sty, fy, dy = stx, fx, dx
        stx, fx, dx = stp, fp, dp
    if not bk.isfinite(stpf):
        raise _Unusable("a step that is not finite")
    return stx, fx, dx, sty, fy, dy, stpf, brackt


def strong_wolfe(oracle, x, f0, g0, d, alpha, *, c1="1/10000", c2="9/10", accept=None):
    """A strong-Wolfe step as scipy finds one: :func:`more_thuente` first and, where it gives up
    or its step fails ``accept``, :func:`wolfe` from the same first trial."""
    found = more_thuente(oracle, x, f0, g0, d, alpha, c1=c1, c2=c2, accept=accept)
    if found is not None:
        return found
    return wolfe(oracle, x, f0, g0, d, alpha, c1=c1, c2=c2, accept=accept)
