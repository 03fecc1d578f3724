"""The root-finding methods, each a generator of iterates (as mpmath's
``calculus/optimization.py`` writes its solvers): Newton (plain, modified for multiplicity,
Halley's), the secant method, fixed-point iteration, bisection, and Newton on ∇f = 0 in
several variables, with the precision-doubling schedule."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..calculus import _diff
from ..errors import ConvergenceError
from .measure import FLOOR, GUARD, _bits, _clamp, _Iterate


@dataclass(frozen=True)
class _Univariate:
    expr: sp.Expr
    x: sp.Symbol
    f: Callable
    df: Callable
    d2f: Callable


def _lambdify(x, expr, name: str = "f") -> Callable:
    """An mpmath evaluator that refuses to leave the reals; polynomials in Horner form (one
    multiplication per degree).  A formula mpmath cannot evaluate (``DiracDelta`` in the
    second derivative of ``|x|``) gives an evaluator that says so when it is called."""
    if expr.is_polynomial(x):
        expr = sp.horner(sp.expand(expr), x)
    unevaluable = ConvergenceError(
        f"{name} = {expr} cannot be evaluated numerically (f is not differentiable enough "
        "everywhere); try a method that needs fewer derivatives")
    try:
        fn = sp.lambdify(x, expr, modules="mpmath")
    except NotImplementedError:  # SymPy's printer: no mpmath form for a piece of expr
        fn = None

    def real(v):
        if fn is None:
            raise unevaluable
        try:
            value = fn(v)
        except NameError:  # a function mpmath lacks (DiracDelta)
            raise unevaluable from None
        except ZeroDivisionError:
            raise ConvergenceError(f"{name} is undefined at x = {mpmath.nstr(v, 10)} (a "
                                   "division by zero); try another x0") from None
        if isinstance(value, mpmath.mpc):
            raise ConvergenceError(f"{name} is not real at x = {mpmath.nstr(v, 10)}: the "
                                   "iterate left f's real domain; try another x0")
        return value

    return real


@functools.lru_cache(maxsize=64)
def _compile(expr: sp.Expr, x: sp.Symbol) -> _Univariate:
    d1 = _diff(expr, x)
    return _Univariate(expr, x, _lambdify(x, expr), _lambdify(x, d1, "f'"),
                       _lambdify(x, _diff(d1, x), "f''"))


def newton(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
           multiplicity: int = 1, order: int = 2) -> Iterator[_Iterate]:
    """Newton ``x - m f/f'`` (``m = multiplicity``; ``m = 1`` is the plain method), or with
    ``order=3`` Halley ``x - (f/f') / (1 - (f/f') f''/(2f'))``.

    From an iterate with ``b`` correct bits the next has about ``order·b``; for a root of
    multiplicity ``m`` that takes ``(m + order - 1)·b`` bits of working precision for ``f``
    (``f ≈ c·e^m`` cancels ``m·b`` of them) and ``b`` fewer for ``f'`` and the correction.
    Plain Newton at a multiple root converges linearly; once the steps stop shrinking
    quadratically the schedule goes to full precision.
    """
    m = multiplicity
    x, b, last, linear, before = x0, 0.0, None, not doubling, prec
    while True:
        p = prec if linear else _clamp((m + order - 1) * b + GUARD, prec)
        with mp.workprec(p):
            fx = fn.f(x)
        q = _clamp(p - b + GUARD, p)  # f' ≈ c·e^(m-1) cancels (m-1)·b bits too
        with mp.workprec(q):
            xq = +x
            dfx = fn.df(xq)
            if not dfx:  # x rounded to q bits hit a zero of f' (at a multiple root): use all
                with mp.workprec(p):
                    xq, dfx = x, fn.df(x)
            if not fx:
                dx = mpf(0)  # x is a root, or as close to one as p bits can tell
            elif not dfx:
                raise ConvergenceError(f"f'(x) = 0 at x = {mpmath.nstr(x, 15)}: the tangent "
                                       "is flat, so Newton's step is undefined; try another x0")
            else:
                u = fx / dfx
                if order == 3:
                    u = u / (1 - u * fn.d2f(xq) / (2 * dfx))
                dx = m * u
        with mp.workprec(p):
            x = x - dx
        step = _bits(dx, x)
        if not linear and last is not None and 16 < step < 1.5 * last and \
                (m + order - 1) * last + 16 < before:
            linear = True  # the precision allowed the error to square, and it did not
        last, before = step, p
        if not dx:
            step = (p - 8) / m
        # f(x) ≈ c·e^m is known to p bits, so the step to ≈ p - (m-1)·b bits
        b = min(step - 4 if linear else order * step, p - (m - 1) * step - 8)
        yield _Iterate(x, p, b)
        if not dx and p >= prec:
            return


def halley(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Halley's method (order 3): :func:`newton` with ``order=3``."""
    return newton(fn, x0, prec=prec, doubling=doubling, order=3)


def modified_newton(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Newton with the step scaled by the root's multiplicity ``m``: ``x - m f/f'`` (order 2
    again at an ``m``-fold root)."""
    return newton(fn, x0, prec=prec, doubling=doubling, multiplicity=multiplicity)


def plain_newton(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Newton's method ``x - f/f'``; quadratic at a simple root, linear at a multiple one."""
    return newton(fn, x0, prec=prec, doubling=doubling)


def secant(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
           multiplicity: int = 1, x1: mpf | None = None) -> Iterator[_Iterate]:
    """The secant method ``x_{k+1} = x_k - f_k (x_k - x_{k-1}) / (f_k - f_{k-1})``: order
    ``φ = (1+√5)/2``, since ``e_{k+1} ≈ C e_k e_{k-1}``.  Both values are evaluated at the
    step's precision (the older one was computed too coarsely to difference)."""
    if x1 is None:
        x1 = x0 + (abs(x0) + 1) / 10**4
    a, x = x0, x1
    b_a, b_x = 0.0, 0.0
    while True:
        p = _clamp(b_x + b_a + GUARD, prec) if doubling else prec
        with mp.workprec(p):
            fa, fx = fn.f(a), fn.f(x)
            if fx == fa:  # the two points agree to the working precision: raise it
                if p >= prec:
                    return
                b_a = b_x = p - 8
                if a == x:
                    a = x + (abs(x) or 1) * mpf(2) ** (8 - p)
                continue
            dx = fx * (x - a) / (fx - fa)
            a, x = x, x - dx
        step = _bits(dx, x)
        b_a, b_x = b_x, min(step + max(b_a, 0.0), p - 8)
        yield _Iterate(x, p, b_x)
        if not dx and p >= prec:
            return


def fixed_point(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
                multiplicity: int = 1) -> Iterator[_Iterate]:
    """Fixed-point iteration ``x_{k+1} = x_k - η f(x_k)`` with a constant ``η = 1/f'(x_0)``:
    gradient descent with step ``η`` on an antiderivative of ``f``.  The error shrinks by
    ``|1 - η f'(x*)|`` per step, so the digits grow linearly.  Full precision throughout."""
    with mp.workprec(FLOOR):
        slope = fn.df(x0)
    if not slope:
        raise ConvergenceError("f'(x0) = 0, so the step η = 1/f'(x0) is undefined; "
                               "try another x0")
    with mp.workprec(FLOOR):
        eta = 1 / slope
    x = x0
    with mp.workprec(prec):
        while True:
            dx = eta * fn.f(x)
            x = x - dx
            yield _Iterate(x, prec, _bits(dx, x) - 8)
            if not dx:
                return


def bisection(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
              multiplicity: int = 1, x1: mpf | None = None) -> Iterator[_Iterate]:
    """Bisection of a bracket ``[a, b]`` with ``f(a) f(b) < 0``: one bit per step.  Without
    ``x1`` the bracket is found by widening ``x0 ± h`` (h = 1/16, 1/8, ..., 1024)."""
    with mp.workprec(prec):
        a, b = (x0, x1) if x1 is not None else _bracket(fn, x0)
        fa = fn.f(a)
        if fa * fn.f(b) > 0:
            raise ConvergenceError(f"bisection needs a sign change: f({mpmath.nstr(a, 15)}) "
                                   f"and f({mpmath.nstr(b, 15)}) have the same sign")
        while True:
            mid = (a + b) / 2
            fm = fn.f(mid)
            if (fm < 0) == (fa < 0):
                a, fa = mid, fm
            else:
                b = mid
            yield _Iterate(mid, prec, _bits(b - a, mid))
            if not fm or b - a <= abs(mid) * mpf(2) ** (1 - prec):
                return


def _bracket(fn: _Univariate, x0: mpf) -> tuple[mpf, mpf]:
    f0 = fn.f(x0)
    for k in range(-4, 11):
        h = mpf(2) ** k
        for other in (x0 + h, x0 - h):
            if fn.f(other) * f0 <= 0:
                return (x0, other) if other > x0 else (other, x0)
    raise ConvergenceError(f"no sign change of f found within 1024 of x0 = "
                           f"{mpmath.nstr(x0, 15)}; "
                           "give the bracket's other end (x1)")


@dataclass(frozen=True)
class _Method:
    run: Callable
    order: str  # as printed
    superlinear: bool
    two_points: bool = False


#: Method name -> generator, its order of convergence as printed, and whether it is superlinear.
METHODS: dict[str, _Method] = {
    "bisection": _Method(bisection, "1 (one bit per step)", False, True),
    "fixed_point": _Method(fixed_point, "1", False),
    "secant": _Method(secant, "φ ≈ 1.618", True, True),
    "newton": _Method(plain_newton, "2", True),
    "modified_newton": _Method(modified_newton, "2 (at a root of known multiplicity)", True),
    "halley": _Method(halley, "3", True),
}


def newton_nd(grad: Callable, hess: Callable, x0: tuple, *, prec: int,
              doubling: bool = True) -> Iterator[_Iterate]:
    """Newton's step ``x - H(x)⁻¹ ∇f(x)`` with the same schedule as :func:`newton`: the
    gradient at ``2b`` bits, the Hessian and the solve at ``b``."""
    x, b = tuple(x0), 0.0
    while True:
        p = _clamp(2 * b + GUARD, prec) if doubling else prec
        with mp.workprec(p):
            g = mpmath.matrix(grad(*x))
        with mp.workprec(_clamp(p - b + GUARD, p)):
            xq = [+v for v in x]
            dx = mpmath.lu_solve(mpmath.matrix(hess(*xq)), g)
        with mp.workprec(p):
            x = tuple(v - d for v, d in zip(x, dx, strict=True))
        size = max(abs(d) for d in dx)
        b = min(2 * _bits(size, max(abs(v) for v in x)), p - 8)
        yield _Iterate(x, p, b)
        if not size and p >= prec:
            return

