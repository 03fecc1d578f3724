"""The independent reference root each iterate is measured against: a closed form where
SymPy has one, else a separate converged run at higher precision; in several variables the
exact critical points with their verdicts from :func:`symhess.critical.critical_points`."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import sympy as sp
from mpmath import mp, mpf

from ..budget import time_budget
from ..critical import critical_points
from ..errors import BudgetExceeded, ConvergenceError, SymhessError
from .measure import FLOOR, GUARD, _Iterate, _show
from .methods import _Univariate, newton


@dataclass(frozen=True)
class _Reference:
    value: mpf | tuple
    text: str  # the closed form, or how the number was found
    multiplicity: int


@functools.lru_cache(maxsize=64)
def _closed_form_roots(expr: sp.Expr, x: sp.Symbol) -> dict[sp.Expr, int]:
    """Real roots SymPy writes in closed form (radicals, logs, ...), with multiplicities
    (remembered: ``solve`` can take a second to say it has none)."""
    try:
        with time_budget(5.0, "the closed-form roots"):
            if expr.is_polynomial(x):
                found = sp.roots(sp.Poly(expr, x))
            else:
                found = dict.fromkeys(sp.solve(expr, x), 1)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return {}
    return {r: m for r, m in found.items()
            if r.is_real and not r.has(sp.RootOf, sp.Symbol) and r.is_finite}


def _low(value: sp.Expr) -> mpf:
    """A closed form to 20 digits, only to tell roots apart."""
    return mpf(sp.Float(sp.N(value, 20), 20)._mpf_)


def _nearest(candidates, approx: mpf):
    with mp.workprec(FLOOR):
        return min(candidates, key=lambda r: abs(_low(r) - approx))


def _reference(fn: _Univariate, approx: mpf, prec: int, multiplicity: int = 1) -> _Reference:
    """The root nearest ``approx`` to ``prec`` bits: the closed form evaluated by mpmath when
    SymPy finds one, otherwise (modified) Newton at ``multiplicity·prec`` bits, certified by a
    sign change of ``f`` across ``[r - δ, r + δ]`` (none at a root of even multiplicity)."""
    roots = _closed_form_roots(fn.expr, fn.x)
    if roots:
        r = _nearest(roots, approx)
        value = sp.lambdify((), r, modules="mpmath")
        with mp.workprec(prec):
            return _Reference(mpf(value()), sp.sstr(r), roots[r])
    m = multiplicity
    x = _converged(newton(fn, approx, prec=m * prec, multiplicity=m), prec - GUARD, approx)
    with mp.workprec(m * prec):
        delta = abs(x) * mpf(2) ** (GUARD - prec) if x else mpf(2) ** (GUARD - prec)
        lo, hi = fn.f(x - delta), fn.f(x + delta)
    certified = lo * hi <= 0
    how = "certified by a sign change" if certified else "not certified: no sign change"
    return _Reference(x, f"Newton root at {m * prec} bits ({how})", m)


def _converged(iterates: Iterator[_Iterate], bits: float, approx, steps: int = 200):
    """The first iterate with ``bits`` correct bits by its own estimate; Newton from a good
    start needs about log2(bits) steps, so running out of ``steps`` means there is no simple
    root (or critical point) near ``approx``."""
    for _, it in zip(range(steps), iterates, strict=False):
        if it.bits >= bits:
            return it.x
    raise ConvergenceError(f"no simple root near {_show(approx)} to compare with: the method "
                           "does not converge from x0 (or the root is multiple and SymPy has "
                           "no closed form for it); try another x0")


def _exact_points(expr, xs) -> list:
    """The isolated critical points :func:`critical_points` finds exactly (within 5 s), with
    their verdicts from the one classifier."""
    try:
        with time_budget(5.0, "the exact critical points"):
            found = critical_points(expr, xs)
    except (BudgetExceeded, SymhessError, NotImplementedError):
        return []
    return [c for c in found.points if c.exact]

