"""Mathematical equivalence of a student's answer and the reference, in the grader's process.

Every answer arrives as text and is read by :mod:`symhess.parsing` only.  Two expressions are
equal when ``simplify(a - b) == 0`` within a time budget; otherwise the difference is evaluated
at ``TRIALS`` random points at 50 significant digits.  For polynomials the points are integers
drawn from ``[0, 2**62)``: by the Schwartz–Zippel lemma a non-zero polynomial of total degree
``d`` vanishes at one such point with probability ``≤ d / 2**62``, so a wrong polynomial answer
is accepted with probability ``≤ (d / 2**62) ** TRIALS``.

>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> equivalent_expr("(x+y)^2 - x^2 - y^2", 2*x*y, [x, y])
True
>>> equivalent_expr("x*y*2 + 1e-30", 2*x*y, [x, y])
False
"""

from __future__ import annotations

import random

import mpmath
import sympy as sp

from ..budget import time_budget
from ..errors import SymhessError
from ..parsing import parse_condition, parse_expr

__all__ = ["TRIALS", "false_accept_bound", "equal_exprs", "equivalent_expr", "same_set"]

TRIALS = 8
_RANGE = 2**62


def false_accept_bound(degree: int, trials: int = TRIALS) -> float:
    """Schwartz–Zippel: chance a non-zero polynomial of this degree passes every trial."""
    return float((sp.Integer(degree) / _RANGE) ** trials)


def _random_points(xs, trials: int, rng: random.Random):
    return [{x: sp.Integer(rng.randrange(1, _RANGE)) for x in xs} for _ in range(trials)]


def equal_exprs(a: sp.Expr, b: sp.Expr, seconds: float = 2.0) -> bool:
    """Exact check within ``seconds``, then high-precision evaluation at random points."""
    d = sp.sympify(a) - sp.sympify(b)
    if d == 0:
        return True
    try:
        with time_budget(seconds, "the equivalence check"):
            if sp.expand(d) == 0 or sp.simplify(d) == 0:
                return True
    except (SymhessError, Exception):  # a budget expiry or SymPy failure falls back to numbers
        pass
    xs = sorted(d.free_symbols, key=str)
    if not xs:
        return _small(d.evalf(50))
    rng = random.Random(hash(sp.srepr(d)) & 0xFFFFFFFF)
    poly = d.is_polynomial(*xs)
    pts = _random_points(xs, TRIALS, rng) if poly else [
        {x: sp.Rational(rng.randrange(1, 10**6), 10**6) + 1 for x in xs} for _ in range(TRIALS)]
    with mpmath.workdps(50):
        for p in pts:
            v = d.subs(p)
            if poly:
                if sp.expand(v) != 0:
                    return False
            elif not _small(v.evalf(50)):
                return False
    return True


def _small(v) -> bool:
    try:
        return abs(complex(v)) < 1e-40
    except TypeError:
        return False


def equivalent_expr(text: str, reference: sp.Expr, variables) -> bool:
    """Read ``text`` with the safe parser and compare it with ``reference``."""
    return equal_exprs(parse_expr(text, variables=variables), reference)


def same_set(text: str, reference, parameter: sp.Symbol) -> bool:
    """An inequality or interval compared as the set of parameter values it describes."""
    cond = parse_condition(text, variables=[parameter])
    return _as_set(cond, parameter) == _as_set(reference, parameter)


def _as_set(cond, p):
    if cond in (sp.true, True):
        return sp.S.Reals
    if cond in (sp.false, False):
        return sp.S.EmptySet
    return cond.as_set() if hasattr(cond, "as_set") else sp.FiniteSet(cond)
