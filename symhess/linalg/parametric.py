"""Definiteness of a matrix with a parameter: the sign conditions on leading and principal
minors solved as regions of the parameter line (cells between the real roots, each sampled at
a rational point), simplified to readable conditions."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from sympy.functions.elementary.trigonometric import TrigonometricFunction
from sympy.polys.domains import QQ

from ..errors import (
    UndeterminedError,
)
from ..rendering import alternating_minors
from ..signs import sign
from .classes import CLASSES, Definiteness, _fmt_minors
from .matrices import PRINCIPAL_MINORS_UP_TO, _parameters
from .minors import characteristic_polynomial, leading_principal_minors, principal_minors


def _solve_region(condition, parameter: sp.Symbol):
    """The set of real parameter values satisfying ``condition`` (a SymPy boolean)."""
    if condition in (sp.true, sp.false):
        return sp.S.Reals if condition == sp.true else sp.S.EmptySet
    if isinstance(condition, sp.And):
        region = sp.S.Reals
        for c in condition.args:
            region = sp.Intersection(region, _solve_region(c, parameter))
        return region
    if isinstance(condition, sp.Or):
        return sp.Union(*(_solve_region(c, parameter) for c in condition.args))
    if isinstance(condition, sp.Not):
        return sp.Complement(sp.S.Reals, _solve_region(condition.args[0], parameter))
    if any(isinstance(a, TrigonometricFunction) and a.has(parameter)
           for a in condition.atoms(sp.Function)):
        # SymPy's inequality solver answers for one period only (sin(k) > 0 ⇒ 0 < k < π)
        raise UndeterminedError(
            f"{condition} is periodic in {parameter}: its region repeats without end and "
            "is not listed here", "a trigonometric function of the parameter")
    region = sp.solveset(condition, parameter, domain=sp.S.Reals)
    if isinstance(region, sp.ConditionSet):
        raise UndeterminedError(
            f"cannot solve {condition} for {parameter}", "no exact solution of an inequality"
        )
    return region


def _as_condition(region, parameter: sp.Symbol):
    """A region of the real line as a condition written the usual way: ``(k > -2) & (k < 2)``."""
    if region == sp.S.EmptySet:
        return sp.false
    if region == sp.S.Reals:
        return sp.true
    condition = region.as_relational(parameter)
    relational = sp.core.relational.Relational
    condition = condition.replace(
        lambda r: isinstance(r, relational) and r.has(sp.oo, -sp.oo), lambda r: sp.true
    )
    return condition.replace(
        lambda r: isinstance(r, relational) and r.lhs.is_number and not r.rhs.is_number,
        lambda r: r.reversed,
    )


_SIGNS_OF = {  # which signs of p satisfy "p OP 0"
    sp.StrictGreaterThan: {1}, sp.GreaterThan: {0, 1}, sp.StrictLessThan: {-1},
    sp.LessThan: {-1, 0}, sp.Equality: {0}, sp.Unequality: {-1, 1},
}


def _sign_condition(p: sp.Expr, signs: frozenset):
    """``p > 0``, ``p >= 0``, ``Eq(p, 0)``, … for the set of allowed signs of ``p``."""
    table = {frozenset({1}): p > 0, frozenset({0, 1}): p >= 0, frozenset({-1}): p < 0,
             frozenset({-1, 0}): p <= 0, frozenset({0}): sp.Eq(p, 0),
             frozenset({-1, 1}): sp.Ne(p, 0), frozenset({-1, 0, 1}): sp.true}
    return table[signs]


def _tidy_condition(condition):
    """A condition on several parameters in a readable, equivalent form.

    In each conjunction of the disjunctive normal form, the constraints on one polynomial are
    intersected as sets of allowed signs: ``p > 0 & p < 0`` drops the conjunction,
    ``p >= 0 & p <= 0`` becomes ``Eq(p, 0)``; repeated and absorbed conjunctions (``X | X & Y``
    is ``X``) are dropped.  Only sign
    bookkeeping on identical polynomials -- nothing is approximated.
    """
    if condition in (sp.true, sp.false) or not condition.atoms(sp.Rel):
        return condition
    terms = []
    for conj in sp.Or.make_args(sp.to_dnf(condition)):
        allowed: dict[sp.Expr, frozenset] = {}
        for rel in sp.And.make_args(conj):
            if not isinstance(rel, sp.core.relational.Relational) or type(rel) not in _SIGNS_OF:
                allowed = None
                break
            p = sp.factor(rel.lhs - rel.rhs)
            signs = _SIGNS_OF[type(rel)]
            if p.could_extract_minus_sign():
                p, signs = -p, {-s for s in signs}
            allowed[p] = allowed.get(p, frozenset({-1, 0, 1})) & frozenset(signs)
        if allowed is None:
            terms.append(conj)
        elif all(allowed.values()):
            terms.append(sp.And(*(_sign_condition(p, s) for p, s in allowed.items())))
    literal_sets = [frozenset(sp.And.make_args(t)) for t in dict.fromkeys(terms)]
    kept = [t for t in literal_sets if not any(o < t for o in literal_sets)]  # absorption
    return sp.Or(*(sp.And(*t) for t in kept)) if kept else sp.false


def _kinds_from_signs(lead_signs: Sequence[int], principal_signs: dict) -> set[str]:
    """The kinds whose minor criteria hold for these exact signs of the minors.

    Sylvester decides the definite kinds from the leading minors; the semidefinite kinds need
    every principal minor (``(−1)ᵏ`` times an order-k one for −H); the zero matrix is both.
    """
    pd = all(s > 0 for s in lead_signs)
    nd = all((-1) ** (j + 1) * s > 0 for j, s in enumerate(lead_signs))
    psd = all(s >= 0 for s in principal_signs.values())
    nsd = all((-1) ** len(S) * s >= 0 for S, s in principal_signs.items())
    kinds = set()
    if pd:
        kinds.add("positive definite")
    elif psd:
        kinds.add("positive semidefinite")
    if nd:
        kinds.add("negative definite")
    elif nsd:
        kinds.add("negative semidefinite")
    if not psd and not nsd:
        kinds.add("indefinite")
    return kinds


def _rational_function_over_QQ(e: sp.Expr, k: sp.Symbol):
    """``(numerator, denominator)`` as polynomials in ``k`` over ℚ, or ``None``."""
    num, den = sp.fraction(sp.together(e))
    try:
        return sp.Poly(num, k, domain=QQ), sp.Poly(den, k, domain=QQ)
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed, ValueError, TypeError):
        return None


def _regions_by_cells(M: sp.ImmutableMatrix, k: sp.Symbol, lead, principal) -> dict | None:
    """Each kind's exact region of the real line in ``k``, or ``None`` when an entry is not a
    rational function of ``k`` with rational coefficients.

    The real roots of every minor (and of every entry's denominator) cut the line into open
    intervals on which no minor changes sign; the kind is read from the signs of the minors at
    one rational point of each interval and at each root (an algebraic number, signs decided
    exactly), and the pieces of each kind are joined.  No inequality solver is involved.
    """
    minors = {("lead", j): m for j, m in enumerate(lead)}
    minors.update({("principal", S): v for S, v in principal.items()})
    fractions = {}
    for key, m in minors.items():
        fractions[key] = _rational_function_over_QQ(m, k)
        if fractions[key] is None:
            return None
    poles = []
    for entry in M:
        nd = _rational_function_over_QQ(entry, k)
        if nd is None:
            return None
        poles.append(nd[1])
    cut = sp.Poly(1, k, domain=QQ)
    for p in [*poles, *(q for nd in fractions.values() for q in nd)]:
        if p.degree() > 0:
            cut = cut.lcm(p.sqf_part())
    roots = cut.real_roots() if cut.degree() > 0 else []

    def kinds_at(value, minimal=None):
        def sign_of(p: sp.Poly) -> int:
            if minimal is not None and p.rem(minimal).is_zero:
                return 0
            return sign(p.as_expr().subs(k, value)) if minimal is not None else sign(p.eval(value))

        if any(sign_of(q) == 0 for q in poles):
            return set()  # an entry is undefined here
        s = {key: sign_of(num) * sign_of(den) for key, (num, den) in fractions.items()}
        return _kinds_from_signs([s["lead", j] for j in range(len(lead))],
                                 {S: s["principal", S] for S in principal})

    pieces: dict[str, list] = {kind: [] for kind in CLASSES}
    for r in roots:
        minimal = sp.Poly(sp.minimal_polynomial(r, k), k, domain=QQ)
        for kind in kinds_at(r, minimal):
            pieces[kind].append(sp.FiniteSet(r))
    for i, (lo, hi) in enumerate(_rational_points_between(cut, len(roots))):
        sample = _sample_between(lo, hi)
        interval = sp.Interval.open(roots[i - 1] if i else -sp.oo,
                                    roots[i] if i < len(roots) else sp.oo)
        for kind in kinds_at(sample):
            pieces[kind].append(interval)
    return {kind: sp.Union(*p) if p else sp.S.EmptySet for kind, p in pieces.items()}


def _rational_points_between(cut: sp.Poly, count: int) -> list[tuple]:
    """For each of the ``count + 1`` open intervals between consecutive real roots of the
    square-free ``cut``, a pair ``(lo, hi)`` of rationals (or ±∞) with the roots outside
    ``[lo, hi]`` -- so any rational in it that is not a root lies in that interval."""
    if count == 0:
        return [(-sp.oo, sp.oo)]
    eps = None
    while True:
        ivs = [iv for iv, _ in (cut.intervals(eps=eps) if eps else cut.intervals())]
        gaps = [(-sp.oo, ivs[0][0])]
        gaps += [(ivs[i][1], ivs[i + 1][0]) for i in range(count - 1)]
        gaps.append((ivs[-1][1], sp.oo))
        if all(cut.eval(_sample_between(lo, hi)) != 0 for lo, hi in gaps):
            return gaps
        eps = sp.Rational(1, 2) * min(b - a for a, b in ivs if b > a) if eps is None else eps / 2


def _sample_between(lo, hi) -> sp.Rational:
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if lo == -sp.oo:
        return sp.floor(hi) - 1
    if hi == sp.oo:
        return sp.ceiling(lo) + 1
    return (lo + hi) / 2


def _parametric_definiteness(M: sp.ImmutableMatrix, symmetrized: bool) -> Definiteness:
    params = _parameters(M)
    n = M.rows
    lead = [sp.factor(m) for m in leading_principal_minors(M)]
    principal = {S: sp.factor(v) for S, v in principal_minors(M).items()}
    pd = sp.And(*(m > 0 for m in lead))
    nd = sp.And(*((-1) ** (k + 1) * m > 0 for k, m in enumerate(lead)))
    psd = sp.And(*(v >= 0 for v in principal.values()))
    nsd = sp.And(*((-1) ** len(S) * v >= 0 for S, v in principal.items()))
    raw = {
        "positive definite": pd,
        "positive semidefinite": sp.And(psd, sp.Not(pd)),
        "negative definite": nd,
        "negative semidefinite": sp.And(nsd, sp.Not(nd)),
        "indefinite": sp.And(sp.Not(psd), sp.Not(nsd)),
    }
    regions = _regions_by_cells(M, params[0], lead, principal) if len(params) == 1 else None
    if regions is not None:
        (k,) = params
        conditions = {kind: _as_condition(regions[kind], k) for kind in CLASSES}
        how = (f"regions in {k}: the real roots of the minors cut the line into intervals of "
               "constant signs, each decided exactly at a point")
    elif len(params) == 1:
        (k,) = params
        conditions = {kind: _as_condition(_solve_region(c, k), k) for kind, c in raw.items()}
        how = f"regions in {k} solved exactly from the minors"
    else:
        conditions = {kind: _tidy_condition(c) for kind, c in raw.items()}
        how = "conditions on the minors (each kind's region is where its condition holds)"
    possible = [kind for kind, c in conditions.items() if c != sp.false]
    signed, index = alternating_minors(params)  # not k when the parameter is k
    evidence = [
        f"leading principal minors: {_fmt_minors(lead)}",
        "positive definite ⇔ all leading principal minors > 0 (Sylvester)",
        f"negative definite ⇔ {signed} > 0 for every {index}",
        f"semidefinite ⇔ all {len(principal)} principal minors ≥ 0 (for −H when negative)",
        how,
    ]
    kind = possible[0] if len(possible) == 1 else "depends"
    return Definiteness(
        matrix=M,
        classification=kind,
        criterion="Sylvester's criterion and the principal minors, solved for "
        + ", ".join(map(str, params)),
        evidence=tuple(evidence),
        leading_principal_minors=tuple(lead),
        characteristic_polynomial=characteristic_polynomial(M),
        principal_minors=principal if n <= PRINCIPAL_MINORS_UP_TO else None,
        symmetrized=symmetrized,
        parameters=params,
        conditions=conditions,
    )

