"""Exact signs of real constants: the decision every classification rests on.

``sign(c)`` returns -1, 0 or +1 for a real constant ``c`` built from rationals, radicals,
``CRootOf`` roots and elementary functions, and never guesses:

1. rationals are read off directly;
2. otherwise ``c`` is enclosed in an interval by interval arithmetic (mpmath's ``iv`` context,
   outward rounding) at increasing precision; an interval that excludes 0 decides the sign;
3. an interval that keeps containing 0 is a candidate zero.  For an algebraic ``c`` the minimal
   polynomial decides: it is ``x`` exactly when ``c = 0``; otherwise the root bound
   ``|c| >= |a0| / (|a0| + max|ai|)`` says how much precision separates ``c`` from 0;
4. anything still open raises :class:`~symhess.errors.UndeterminedError` with the reason.

A floating-point value is never read as a sign.

>>> from sympy import sqrt, Rational, CRootOf, Symbol, pi
>>> sign(sqrt(2) - Rational(1414, 1000))
1
>>> sign((sqrt(2) + sqrt(3))**2 - 5 - 2*sqrt(6))
0
>>> x = Symbol("x")
>>> sign(CRootOf(x**5 - x - 1, 0) - Rational(1167, 1000))
1
>>> sign(pi - Rational(355, 113))
-1
"""

from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import sympy as sp
from sympy.core.cache import cacheit

from .errors import UndeterminedError
from .parsing import as_expr

__all__ = ["sign", "sign_or_none", "is_zero", "enclose"]

#: Precisions tried by interval evaluation, in bits, before the exact zero test.
_PRECISIONS = (64, 192, 640, 2048)
#: The most precision spent separating a provably non-zero algebraic number from 0.
_MAX_BITS = 1 << 17


class _NoEnclosure(Exception):
    """The expression has a part interval arithmetic cannot enclose rigorously."""


def _rational(q: sp.Rational, iv):
    return iv.mpf(int(q.p)) / iv.mpf(int(q.q))


def _monotone(fn, lo, hi, iv, increasing=True):
    """Enclose a monotone function's image of ``[lo, hi]`` with guard bits on each end."""
    prec = iv.prec
    with mpmath.workprec(prec + 20):
        a, b = fn(lo), fn(hi)
    if not increasing:
        a, b = b, a
    slack = mpmath.ldexp(1, -prec + 4) * (1 + max(abs(a), abs(b)))
    return iv.mpf([a - slack, b + slack])


def enclose(expr: sp.Expr, prec: int = 64):
    """An ``mpmath.iv`` interval that provably contains the real constant ``expr``.

    >>> from sympy import sqrt
    >>> enclose(sqrt(2), 53)
    mpi('1.4142135623730949', '1.4142135623730951')
    """
    return _enclose(as_expr(expr), _interval_context(prec))


@lru_cache(maxsize=32)
def _interval_context(prec: int):
    """A private ``iv`` context at ``prec`` bits, so no global precision is ever changed."""
    ctx = type(mpmath.iv)()
    ctx.prec = prec
    return ctx


def _enclose(e: sp.Basic, iv):
    if e.is_Rational:
        return _rational(e, iv)
    if e is sp.pi:
        return iv.pi
    if e is sp.E:
        return iv.e
    if e.is_Add:
        total = iv.mpf(0)
        for a in e.args:
            total += _enclose(a, iv)
        return total
    if e.is_Mul:
        prod = iv.mpf(1)
        for a in e.args:
            prod *= _enclose(a, iv)
        return prod
    if e.is_Pow:
        base, exp = e.args
        if exp.is_Integer:
            return _int_power(_enclose(base, iv), int(exp))
        b = _enclose(base, iv)
        if exp.is_Rational:
            if b.a < 0:
                raise _NoEnclosure("a fractional power of a possibly negative number")
            root = iv.sqrt(b) if exp.q == 2 else _monotone(
                lambda t, q=int(exp.q): mpmath.root(t, q), *_ends(b), iv)  # iv has no root()
            return _int_power(root, int(exp.p))
        if b.a <= 0:
            raise _NoEnclosure("a real power of a possibly non-positive number")
        return iv.exp(_enclose(exp, iv) * iv.log(b))
    if isinstance(e, sp.CRootOf):
        if not e.is_real:
            raise _NoEnclosure("a complex root")
        dx = sp.Rational(1, 2 ** (iv.prec + 8))
        q = e.eval_rational(dx=dx, dy=dx)
        return iv.mpf([_rational(q - dx, iv).a, _rational(q + dx, iv).b])
    if isinstance(e, sp.exp):
        return iv.exp(_enclose(e.args[0], iv))
    if isinstance(e, sp.log):
        a = _enclose(e.args[0], iv)
        if a.a <= 0:
            raise _NoEnclosure("the logarithm of a possibly non-positive number")
        return iv.log(a)
    if isinstance(e, sp.sin):
        return iv.sin(_enclose(e.args[0], iv))
    if isinstance(e, sp.cos):
        return iv.cos(_enclose(e.args[0], iv))
    if isinstance(e, sp.tan):
        return iv.tan(_enclose(e.args[0], iv))
    if isinstance(e, sp.Abs):
        a = _enclose(e.args[0], iv)
        if a.a >= 0:
            return a
        if a.b <= 0:
            return -a
        return iv.mpf([0, max(-a.a, a.b)])
    if isinstance(e, (sp.sinh, sp.cosh)):
        u = iv.exp(_enclose(e.args[0], iv))
        return (u - 1 / u) / 2 if isinstance(e, sp.sinh) else (u + 1 / u) / 2
    if isinstance(e, sp.tanh):
        return _monotone(mpmath.tanh, *_ends(_enclose(e.args[0], iv)), iv)
    if isinstance(e, sp.atan):
        return _monotone(mpmath.atan, *_ends(_enclose(e.args[0], iv)), iv)
    if isinstance(e, (sp.asin, sp.acos)):
        a = _enclose(e.args[0], iv)
        if a.a < -1 or a.b > 1:
            raise _NoEnclosure("an inverse sine or cosine outside [-1, 1]")
        fn = mpmath.asin if isinstance(e, sp.asin) else mpmath.acos
        return _monotone(fn, *_ends(a), iv, increasing=isinstance(e, sp.asin))
    raise _NoEnclosure(f"no interval rule for {type(e).__name__}")


def _ends(interval):
    return mpmath.mpf(interval.a), mpmath.mpf(interval.b)


def _int_power(b, n: int):
    """``b**n`` for an interval by squaring and multiplying (``n`` may be negative)."""
    result, power, k = None, b, abs(n)
    while k:
        if k & 1:
            result = power if result is None else result * power
        k >>= 1
        if k:
            power = power * power
    if result is None:
        return b * 0 + 1
    return 1 / result if n < 0 else result


def _sign_of_interval(interval) -> int | None:
    if interval.a > 0:
        return 1
    if interval.b < 0:
        return -1
    return None


def _is_algebraic_constant(e: sp.Expr) -> bool:
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Function) and not isinstance(node, sp.CRootOf):
            return False
        if node is sp.pi or node is sp.E:
            return False
        if node.is_Pow and not node.exp.is_Rational:
            return False
    return True


@cacheit  # SymPy's cache: sympy.core.cache.clear_cache() empties it with SymPy's own
def _sign_cached(e: sp.Expr) -> tuple[int | None, str]:
    if e.is_Rational:
        return (e.p > 0) - (e.p < 0), "rational"
    if e.free_symbols:
        names = ", ".join(sorted(map(str, e.free_symbols)))
        return None, f"the value depends on {names}"
    if e.is_real is False or e.has(sp.I, sp.zoo, sp.nan, sp.oo):
        return None, f"{e} is not a finite real number"
    reason = ""
    for prec in _PRECISIONS:
        try:
            s = _sign_of_interval(enclose(e, prec))
        except _NoEnclosure as why:
            reason = str(why)
            break
        except (ValueError, ZeroDivisionError) as why:
            reason = f"interval arithmetic failed ({why})"
            break
        if s is not None:
            return s, "interval arithmetic"
    if _is_algebraic_constant(e):
        x = sp.Dummy("x")
        try:
            poly = sp.Poly(sp.minimal_polynomial(e, x), x)
        except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic) as why:
            return None, f"no minimal polynomial ({why})"
        coeffs = [abs(c) for c in poly.all_coeffs()]
        if coeffs[-1] == 0:  # the minimal polynomial is x itself
            return 0, "minimal polynomial is x"
        bound = coeffs[-1] / (coeffs[-1] + max(coeffs[:-1]))
        bits = int(-math.log2(float(bound)) if bound > 0 else _MAX_BITS) + 64
        if bits > _MAX_BITS:
            return None, f"separating it from 0 needs more than {_MAX_BITS} bits"
        s = _sign_of_interval(enclose(e, max(bits, _PRECISIONS[-1] * 2)))
        if s is not None:
            return s, "interval arithmetic with a root-separation bound"
        return None, "interval arithmetic did not separate it from 0"
    if sp.simplify(e) == 0:
        return 0, "simplifies to 0"
    return None, reason or f"could not separate {e} from 0 and it is not algebraic"


def sign_or_none(expr) -> tuple[int | None, str]:
    """``(sign, how)``: sign -1, 0, +1, or ``None`` when undecidable (``how`` says why)."""
    e = as_expr(expr)
    return _sign_cached(e)


def sign(expr) -> int:
    """The exact sign (-1, 0 or +1) of a real constant; raises ``UndeterminedError`` if open."""
    s, how = sign_or_none(expr)
    if s is None:
        raise UndeterminedError(f"cannot decide the sign of {sp.sstr(expr)}: {how}", how)
    return s


def is_zero(expr) -> bool | None:
    """Exact zero test: ``True``/``False``, or ``None`` when undecidable."""
    s, _ = sign_or_none(expr)
    return None if s is None else s == 0
