"""Families of critical points as they are found: the common factor of the gradient's
numerators cuts out hypersurfaces of critical points; each family is classified by the sign of
``f − c`` where that settles every point at once, else piece by piece
(:mod:`symhess.critical.components`)."""

from __future__ import annotations

import sympy as sp

from ..calculus import (
    gradient,
    hessian,
)
from ..linalg import inertia
from ..signs import is_zero, sign
from ..verdict import Verdict
from .components import classify_component, decompose
from .equations import _factor_list, _gradient, _vanishing_part
from .results import VARIES, Family


def _hypersurface_families(numerators, xs):
    """Split off the common factor ``h`` of the gradient's numerators:
    ``(families, cofactors, origin)``.

    Each real hypersurface factor of ``h`` is a family of critical points; a factor that is a
    definite even form (``x² + y²``) vanishes only at the origin, which is then critical."""
    nonzero = [p for p in numerators if p != 0]
    if not nonzero:
        return [], [], False
    # with one non-zero equation the common factor is the whole equation: its zero set is
    # found by the Gröbner step (a point in one variable, a family otherwise)
    h = sp.gcd_list(nonzero) if len(nonzero) > 1 else sp.Integer(1)
    if sp.Poly(h, *xs).total_degree() == 0:
        return [], numerators, False
    families, origin = [], False
    for b, _ in _factor_list(h, xs)[1]:
        involved = [x for x in xs if b.has(x)]
        if _even_form_sign(b, involved) is not None and _has_pure_powers(b, involved):
            # a definite even form: zero exactly where its own variables are
            if len(involved) == len(xs):
                origin = True
            else:
                families.append(tuple(involved))
        else:
            families.append((b,))
    return families, [sp.cancel(p / h) for p in numerators], origin


def _has_pure_powers(b, xs) -> bool:
    return all(sp.Poly(b, *xs).coeff_monomial(x ** sp.degree(b, x)) != 0 for x in xs)


def _family(equations, f, xs, periodic: bool = False) -> Family:
    """Classify ``f`` along a family: ``f − c`` of constant sign with ``c`` its value there."""
    param = _parametrisation(equations, xs)
    if not f.is_polynomial(*xs):
        return Family(tuple(equations), parametrisation=param, periodic=periodic,
                      certificate="f is not a polynomial: its value and sign near the family "
                      "are not decided")
    # the remainder on division by a Gröbner basis over ℚ (still one over any extension, so
    # coefficients such as √2 or π in f are fine): f's value on the family if constant
    G = sp.groebner(list(equations), *xs, order="grevlex")
    c = sp.reduced(sp.expand(f), list(G.exprs), *xs, order="grevlex")[1]
    if c.free_symbols:
        return Family(tuple(equations), parametrisation=param,
                      certificate="f is not constant on the set's equations as reduced; "
                      "the type along it is not decided", periodic=periodic)
    coeff, factors = _factor_list(sp.expand(f - c), xs)
    signs = [1 if e % 2 == 0 else _even_form_sign(b, xs) for b, e in factors]
    if coeff != 0 and None not in signs:
        kind = Verdict.MIN if sign(coeff) * sp.prod(signs) > 0 else Verdict.MAX
        rel = "≥" if kind is Verdict.MIN else "≤"
        lhs = "f" if c == 0 else f"f − ({c})"
        return Family(tuple(equations), kind, False, param,
                      f"{lhs} = {sp.factor(f - c)} {rel} 0 everywhere (even powers and "
                      "sums of even monomials of one sign) and = 0 on the family",
                      periodic)
    return Family(tuple(equations), parametrisation=param, periodic=periodic,
                  certificate=f"f − ({c}) = {sp.factor(f - c)} has factors of odd power: its "
                  "sign near the family can change from point to point, so no single type")


def _classified_families(f, xs, sets) -> tuple[list[Family], list[dict]]:
    """Families in their simplest form (irreducible components, :mod:`symhess.critical.components`),
    each classified: the sign of ``f − c`` where it settles every point at once, else the
    type piece by piece along the family (Morse–Bott); and the isolated points hidden in a
    non-finite set's equations."""
    if not sets:
        return [], []
    try:
        components, extra = decompose(sets, xs)
    except (sp.polys.polyerrors.PolynomialError, sp.polys.polyerrors.DomainError,
            NotImplementedError):  # coefficients such as π: the sets as they are
        return [_family(list(e), f, xs) for e in sets], []
    out = []
    for comp in components:
        whole = _family(list(comp.equations), f, xs)
        if whole.type != Verdict.UNDETERMINED.value:
            out.append(whole)
            continue
        ft = classify_component(f, comp, xs)
        param = whole.parametrisation or _graph_text(comp)
        out.append(Family(comp.equations, ft.type_name, ft.strict, param, ft.certificate,
                          pieces=ft.pieces))
    return out, extra


def _graph_text(comp) -> str:
    if comp.parametrisation is None:
        return ""
    t = comp.parameter
    return ", ".join(f"{x} = {v}" for x, v in comp.parametrisation.items() if x != t) \
        + f" ({t} free)"


def _even_form_sign(b, xs) -> int | None:
    """+1/−1 if ``b`` is ≥ 0 (≤ 0) everywhere, shown by one of two cheap sufficient tests:
    every monomial even with coefficients of one sign; or ``b`` quadratic with a semidefinite
    Hessian and an attained extreme value of that sign.  ``None`` when neither shows it."""
    p = sp.Poly(b, *xs)
    signs = {sign(c) for c in p.coeffs()}
    if len(signs) == 1 and all(e % 2 == 0 for m in p.monoms() for e in m):
        return signs.pop()
    if p.total_degree() != 2:
        return None
    n_plus, n_minus, _ = inertia(hessian(b, xs))
    if n_plus and n_minus:
        return None
    solution = sp.solve(list(gradient(b, xs)), list(xs), dict=True)
    if not solution:
        return None  # semidefinite but unbounded along the kernel: both signs
    extreme = sign(b.subs({x: solution[0].get(x, 0) for x in xs}))
    side = 1 if n_minus == 0 else -1
    return side if extreme in (0, side) else None


def _family_through(f, xs, p) -> Family | None:
    """The family of critical points of a polynomial ``f`` that passes through ``p``, if any."""
    if not f.is_polynomial(*xs):
        return None
    numerators = [_vanishing_part(g, xs)[0] for g in _gradient(f, xs)]
    fam_eqs, cofactors, _ = _hypersurface_families(numerators, xs)
    G = sp.groebner(cofactors, *xs, order="lex") if cofactors else None
    if G is not None and not G.is_zero_dimensional and list(G.exprs) != [1]:
        fam_eqs.append(tuple(G.exprs))
    through = [eqs for eqs in fam_eqs if all(is_zero(e.xreplace(p)) for e in eqs)]
    key = (f, tuple(p.get(x) for x in xs))
    if not through or key in _FAMILY_CHECKS:
        return None  # an exceptional point of the family is being classified: no loop
    _FAMILY_CHECKS.add(key)
    try:
        classified, _ = _classified_families(f, xs, through)
    finally:
        _FAMILY_CHECKS.discard(key)
    for fam in classified:
        if not all(is_zero(e.xreplace(p)) for e in fam.equations):
            continue
        if fam.type != VARIES:
            return fam
        piece = next((q for q in fam.pieces if q.holds_at(p)), None)
        if piece is not None:
            return Family(fam.equations, piece.type.value, piece.strict, fam.parametrisation,
                          f"{fam.certificate}; here {piece.where}", pieces=fam.pieces)
    return None


#: (f, point) pairs whose family is being classified, so that an exceptional point of a
#: family, handed back to the point classifier, does not ask for its family again
_FAMILY_CHECKS: set = set()


def _parametrisation(equations, xs) -> str:
    if len(equations) != 1 or len(xs) != 2:
        return ""
    e = sp.expand(equations[0])
    x, y = xs
    r2 = -e.subs({x: 0, y: 0})
    if sp.expand(e - x**2 - y**2 + r2) == 0 and r2.is_positive:
        r, t = sp.sqrt(r2), sp.Symbol("t")
        return f"{x} = {r * sp.cos(t)}, {y} = {r * sp.sin(t)}"
    for a, b in ((x, y), (y, x)):
        s = sp.solve(e, a)
        if len(s) == 1 and sp.degree(e, a) == 1:
            return f"{a} = {s[0]}, {b} = t"
    return ""

