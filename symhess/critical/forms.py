"""The sign of a reduced function from its lowest-order homogeneous form (odd: both signs;
even: definite, indefinite or semidefinite) or, for two variables, from a weighted-homogeneous
principal part (Arnold, Gusein-Zade, Varchenko I §12, Newton polygons)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import sympy as sp
from sympy.core.cache import cacheit

from ..signs import sign
from .equations import _factor_list


def _lowest_form(g, s, form=None):
    """Sign information from the lowest-degree homogeneous part ``form`` of ``g`` (or from a
    weighted principal part).

    Returns ``None`` if ``g`` vanishes to the order read, else ``(sign, strict, why, v)``:
    ``sign`` is +1/−1 for a definite form, 0 if it takes both signs (``v`` is a direction
    where the form is negative or of odd degree)."""
    g = sp.expand(g)
    if g == 0:
        return None
    P = sp.Poly(g, *s)
    form = verdict_form(g, s) if form is None else form
    k = min(sum(m) for m in P.monoms())
    name = f"lowest-order form {{form}} of degree {k}"
    if k % 2 == 1:
        v = _direction_where_nonzero(form, s)
        return 0, False, f"{name} is odd: it changes sign under s → −s", v
    opposite = _sign_change(form, s)
    if opposite is not None:
        return 0, False, f"{name} takes both signs", opposite
    definite = _definite_even_form(form, s)
    if definite is not None:
        return definite, True, f"{name} is definite (zero only at 0)", None
    monomials = _even_monomials(P, s)
    if monomials is not None:
        return monomials
    weighted = _weighted_principal_part(P, s)
    if weighted is not None:
        return weighted
    return (1 if _positive_somewhere(form, s) else -1), False, (
        f"{name} is semidefinite with zero directions, and no weighted-homogeneous "
        "principal part decides: undetermined"), None



def verdict_form(g, s) -> sp.Expr:
    """The lowest-degree homogeneous part of the polynomial ``g`` in ``s``."""
    P = sp.Poly(sp.expand(g), *s)
    k = min(sum(m) for m in P.monoms())
    return sp.Add(*[c * sp.prod(si**e for si, e in zip(s, m, strict=True))
                    for m, c in P.terms() if sum(m) == k])



def _at(form, s, v) -> sp.Expr:
    """The form's value at the direction ``v`` (Python arithmetic for rational forms)."""
    if form.is_polynomial(*s):
        terms = _rational_terms(form, tuple(s))
        if terms is not None and all(isinstance(c, int) for c in v):
            total = sum(c * math.prod(vi**e for vi, e in zip(v, m, strict=True))
                        for m, c in terms)
            return sp.Rational(total.numerator, total.denominator)
    return form.xreplace(dict(zip(s, v, strict=True)))



@cacheit
def _rational_terms(form, s):
    P = sp.Poly(form, *s)
    if not all(c.is_Rational for c in P.coeffs()):
        return None
    return [(m, Fraction(int(c.p), int(c.q))) for m, c in P.terms()]



def _small_directions(n: int):
    for v in itertools.product(range(-2, 3), repeat=n):
        if any(v):
            yield v



def _direction_where_nonzero(form, s):
    for v in _small_directions(len(s)):
        if _at(form, s, v) != 0:
            return v
    return None



def _sign_change(form, s):
    """A direction where the form is negative, if it also takes positive values (2 variables
    are decided exactly through real roots; more variables by small integer directions)."""
    vals = {}
    for v in _small_directions(len(s)):
        vals.setdefault(sign(_at(form, s, v)), v)
    if len(s) == 2 and not (1 in vals and -1 in vals):
        a, b = s
        t = sp.Dummy("t")
        p = sp.Poly(form.xreplace({a: t, b: 1}), t)
        for factor, mult in _factor_list(p.as_expr(), [t])[1]:
            if mult % 2 == 1 and sp.Poly(factor, t).count_roots() > 0:
                r = sp.Poly(factor, t).real_roots()[0]
                for d in (sp.Rational(1, 10**3), -sp.Rational(1, 10**3)):
                    q = sign(form.xreplace({a: r + d, b: 1}))
                    vals.setdefault(q, (r + d, 1))
    if 1 in vals and -1 in vals:
        return vals[-1]
    return None



def _definite_even_form(form, s) -> int | None:
    """+1/−1 if the even form is definite (zero only at the origin), else ``None``."""
    if len(s) == 1:
        return sign(sp.Poly(form, *s).LC())
    if len(s) == 2:
        a, b = s
        t = sp.Dummy("t")
        at_axis = form.xreplace({a: 1, b: 0})
        p = sp.Poly(form.xreplace({a: t, b: 1}), t)
        if at_axis != 0 and p.count_roots() == 0:
            return sign(at_axis)
        return None
    P = sp.Poly(form, *s)
    signs = {sign(c) for c in P.coeffs()}
    pure = all(P.coeff_monomial(si ** P.total_degree()) != 0 for si in s)
    if len(signs) == 1 and pure and all(e % 2 == 0 for m in P.monoms() for e in m):
        return signs.pop()
    return None



def _positive_somewhere(form, s) -> bool:
    return any(sign(_at(form, s, v)) > 0 for v in _small_directions(len(s)))



def _even_monomials(P, s):
    """All terms even monomials of one sign, with a pure power of every variable: each term
    is ≥ 0 (or ≤ 0), and the pure powers vanish together only at 0 — so the sign is strict.
    Truncation is harmless: the dropped terms have degree above every pure power."""
    signs = {sign(c) for c in P.coeffs()}
    pure = all(any(m[i] > 0 and sum(m) == m[i] for m in P.monoms()) for i in range(len(s)))
    if len(signs) == 1 and pure and all(e % 2 == 0 for m in P.monoms() for e in m):
        return signs.pop(), True, ("every term of the reduced function is an even monomial of "
                                   "one sign, with a pure power of each variable"), None
    return None



def _weighted_principal_part(P, s):
    """Two variables: the Newton-polygon principal part for weights read from the pure powers
    ``a^i`` and ``b^j``; if it is nondegenerate its sign decides (AGZV I §12)."""
    if len(s) != 2:
        return None
    a, b = s
    i = min((m[0] for m in P.monoms() if m[1] == 0), default=None)
    j = min((m[1] for m in P.monoms() if m[0] == 0), default=None)
    if i is None or j is None:
        return None
    below = [m for m in P.monoms() if sp.Rational(m[0], i) + sp.Rational(m[1], j) < 1]
    if below:
        return None
    part = sp.Add(*[c * a**m[0] * b**m[1] for m, c in P.terms()
                    if sp.Rational(m[0], i) + sp.Rational(m[1], j) == 1])
    name = f"weighted-homogeneous principal part {part} (weights 1/{i}, 1/{j})".replace(
        str(a), "s1").replace(str(b), "s2")
    signs = set()
    for fixed in (1, -1):
        t = sp.Dummy("t")
        q = sp.Poly(part.xreplace({a: fixed, b: t}), t)
        for factor, mult in _factor_list(q.as_expr(), [t])[1]:
            if sp.Poly(factor, t).count_roots() > 0:
                if mult % 2 == 1:
                    return 0, False, f"{name} changes sign", None
                return None
        signs.add(sign(q.LC()) if q.degree() > 0 else sign(q.as_expr()))
    signs.add(sign(part.xreplace({a: 0, b: 1})))
    if len(signs) == 1:
        return signs.pop(), True, f"{name} is zero only at 0", None
    return 0, False, f"{name} takes both signs", None

