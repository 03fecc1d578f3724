"""The sign of a reduced function from its lowest-order homogeneous form (odd: both signs;
even: definite, indefinite or semidefinite) or, for two variables, from a weighted-homogeneous
principal part (Arnold, Gusein-Zade, Varchenko I §12, Newton polygons)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import sympy as sp
from sympy.core.cache import cacheit

from ..results import Result, exact
from ..signs import sign
from .equations import _factor_list


class FormKind(StrEnum):
    """What the lowest-order part of a reduced function shows."""

    ODD = "odd"
    BOTH_SIGNS = "takes both signs"
    DEFINITE = "definite"
    EVEN_MONOMIALS = "even monomials of one sign"
    PRINCIPAL_CHANGES_SIGN = "principal part changes sign"
    PRINCIPAL_BOTH_SIGNS = "principal part takes both signs"
    PRINCIPAL_DEFINITE = "principal part definite"
    SEMIDEFINITE = "semidefinite"


@dataclass(frozen=True)
class ReducedForm(Result):
    """The lowest-order form of a reduced function ``g(s)`` (kernel coordinates ``s1, s2, …``)
    and what it shows: ``sign`` +1/−1 where ``g`` keeps one sign near 0, 0 where it takes
    both (``direction``: a kernel direction where the form is negative, or non-zero when it is
    odd).  For two variables the weighted-homogeneous principal part may decide instead."""

    form: sp.Expr
    degree: int
    kind: FormKind
    sign: int
    strict: bool
    direction: tuple | None = None
    principal_part: sp.Expr | None = None
    weights: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        d = {"kind": "reduced form", "form": exact(self.form), "degree": int(self.degree),
             "form_type": self.kind.value, "sign": int(self.sign), "strict": self.strict}
        if self.direction is not None:
            d["direction"] = [exact(sp.Integer(c) if isinstance(c, int) else c)
                              for c in self.direction]
        if self.principal_part is not None:
            d["principal_part"] = exact(self.principal_part)
            d["weights"] = [f"1/{w}" for w in self.weights]
        return d | {"text": self.text()}

    def text(self) -> str:
        name = f"lowest-order form {self.form} of degree {self.degree}"
        if self.principal_part is not None:
            i, j = self.weights
            name = (f"weighted-homogeneous principal part {self.principal_part} "
                    f"(weights 1/{i}, 1/{j})")
        return {
            FormKind.ODD: f"{name} is odd: it changes sign under s → −s",
            FormKind.BOTH_SIGNS: f"{name} takes both signs",
            FormKind.DEFINITE: f"{name} is definite (zero only at 0)",
            FormKind.EVEN_MONOMIALS: "every term of the reduced function is an even monomial "
                                     "of one sign, with a pure power of each variable",
            FormKind.PRINCIPAL_CHANGES_SIGN: f"{name} changes sign",
            FormKind.PRINCIPAL_BOTH_SIGNS: f"{name} takes both signs",
            FormKind.PRINCIPAL_DEFINITE: f"{name} is zero only at 0",
            FormKind.SEMIDEFINITE: f"{name} is semidefinite with zero directions, and no "
                                   "weighted-homogeneous principal part decides: undetermined",
        }[self.kind]

    def lines(self) -> list[str]:
        return [self.text()]


def _named(e, s):
    """``e`` with the kernel coordinates written ``s1, s2, …``."""
    return e.xreplace({si: sp.Symbol(f"s{i + 1}") for i, si in enumerate(s)})


def _lowest_form(g, s, form=None) -> ReducedForm | None:
    """What the lowest-degree homogeneous part ``form`` of ``g`` (or a weighted principal
    part) shows about the sign of ``g`` near 0; ``None`` if ``g`` vanishes to the order read."""
    g = sp.expand(g)
    if g == 0:
        return None
    P = sp.Poly(g, *s)
    form = verdict_form(g, s) if form is None else form
    k = min(sum(m) for m in P.monoms())

    def found(kind, sign_, strict, direction=None):
        return ReducedForm(_named(form, s), k, kind, sign_, strict, direction)

    if k % 2 == 1:
        return found(FormKind.ODD, 0, False, _direction_where_nonzero(form, s))
    opposite = _sign_change(form, s)
    if opposite is not None:
        return found(FormKind.BOTH_SIGNS, 0, False, opposite)
    definite = _definite_even_form(form, s)
    if definite is not None:
        return found(FormKind.DEFINITE, definite, True)
    monomials = _even_monomials(P, s)
    if monomials is not None:
        return found(FormKind.EVEN_MONOMIALS, monomials, True)
    weighted = _weighted_principal_part(P, s)
    if weighted is not None:
        kind, sign_, part, weights = weighted
        return ReducedForm(_named(form, s), k, kind, sign_, kind is FormKind.PRINCIPAL_DEFINITE,
                           None, _named(part, s), weights)
    return found(FormKind.SEMIDEFINITE, 1 if _positive_somewhere(form, s) else -1, False)


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


def _even_monomials(P, s) -> int | None:
    """The sign of the terms if all are even monomials of one sign with a pure power of every
    variable: each term is ≥ 0 (or ≤ 0), and the pure powers vanish together only at 0 — so
    the sign is strict.  Truncation is harmless: the dropped terms have degree above every
    pure power."""
    signs = {sign(c) for c in P.coeffs()}
    pure = all(any(m[i] > 0 and sum(m) == m[i] for m in P.monoms()) for i in range(len(s)))
    if len(signs) == 1 and pure and all(e % 2 == 0 for m in P.monoms() for e in m):
        return signs.pop()
    return None


def _weighted_principal_part(P, s):
    """Two variables: the Newton-polygon principal part for weights read from the pure powers
    ``a^i`` and ``b^j``; if it is nondegenerate its sign decides (AGZV I §12).  Returns
    ``(kind, sign, part, (i, j))`` or ``None``."""
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
    found = (part, (i, j))
    signs = set()
    for fixed in (1, -1):
        t = sp.Dummy("t")
        q = sp.Poly(part.xreplace({a: fixed, b: t}), t)
        for factor, mult in _factor_list(q.as_expr(), [t])[1]:
            if sp.Poly(factor, t).count_roots() > 0:
                if mult % 2 == 1:
                    return FormKind.PRINCIPAL_CHANGES_SIGN, 0, *found
                return None
        signs.add(sign(q.LC()) if q.degree() > 0 else sign(q.as_expr()))
    signs.add(sign(part.xreplace({a: 0, b: 1})))
    if len(signs) == 1:
        return FormKind.PRINCIPAL_DEFINITE, signs.pop(), *found
    return FormKind.PRINCIPAL_BOTH_SIGNS, 0, *found

