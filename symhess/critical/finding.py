"""Finding every critical point: in the polynomial ring when f is (rational)·exp(polynomial),
by Gröbner bases for other algebraic gradients, by SymPy's solver (verified exactly, not
proved complete) otherwise, and by the certified interval search in a box when no closed
form is found."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import sympy as sp

from ..budget import remaining, time_budget
from ..calculus import (
    hessian,
    hessian_from_gradient,
    variables_of,
)
from ..errors import BudgetExceeded, DimensionError, SymhessError
from ..parsing import as_expr, parse_box
from ..polysystem import (
    exponential_rational,
    gradient_numerators,
    number_field,
    real_solutions,
    to_field,
)
from ..results import point_text
from ..signs import is_zero
from .classifying import _classify_at, _classify_critical
from .equations import (
    _defined_at,
    _evaluate,
    _even_powers_of_abs,
    _gradient,
    _NotAlgebraic,
    _poles,
    _stays_transcendental,
    _vanishing_part,
    _zero_dimensional_points,
)
from .families import _classified_families, _hypersurface_families
from .krawczyk import _numeric_point, krawczyk_points
from .results import CriticalPoint, CriticalPoints, Family

#: The share of the remaining budget SymPy's general solver may use on a non-polynomial f.
_SOLVER_SECONDS = 10.0


def critical_points(f, variables: Iterable | None = None, box=None) -> CriticalPoints:
    """Every real critical point of ``f`` (isolated points and families), classified.

    ``box`` maps variables to ``(low, high)``; it is used for the certified numeric search
    when no exact solution is found.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> r = critical_points(x**2*y**2)
    >>> r.points, [fam.equations for fam in r.families], r.complete
    ((), [(x,), (y,)], True)
    """
    f = _even_powers_of_abs(as_expr(f))
    xs = variables_of(f, variables)
    if not xs:
        raise DimensionError("f has no variables: nothing to differentiate")
    parameters = sorted(map(str, f.free_symbols - set(xs)))
    if parameters:
        raise SymhessError(
            f"f has parameters ({', '.join(parameters)}): where its critical points are, and "
            "how many, can change with their values, so no list is proved complete; give "
            "the parameters values, or classify a given point (the test at a point "
            "says for which values it is a min, a max or a saddle)")
    if isinstance(box, str):
        box = parse_box(box, xs)
    found: list[CriticalPoint] = []
    families: list[Family] = []
    # a budget of our own, just inside the caller's: its expiry is ours to catch, so what was
    # found so far travels with the error (an outer expiry would pass straight through)
    left = remaining()
    try:
        with time_budget(None if left == float("inf") else 0.9 * left,
                         "finding the critical points"):
            return _find(f, xs, box, found, families)
    except BudgetExceeded as e:
        partial = CriticalPoints(f, xs, tuple(found), tuple(families), complete=False,
                                 method="interrupted", notes=("the time budget ran out",))
        raise BudgetExceeded(str(e), e.seconds, partial=partial) from None


def _find_in_ring(f, xs, found) -> CriticalPoints | None:
    """The common case in ``ℚ[xs]``: ``f = (P/Q)·exp(E)`` whose gradient numerators have no
    common factor and finitely many complex zeros, solved and differentiated in the polynomial
    ring (:mod:`symhess.polysystem`).  ``None`` hands every other case to the general path."""
    ring = exponential_rational(f, xs)
    if ring is None:
        return None
    R, P, Q, E = ring
    N = gradient_numerators(P, Q, E)
    nonzero = [g for g in N if g]
    if not nonzero or not functools.reduce(lambda a, b: a.gcd(b), nonzero).is_ground:
        return None  # constant f, or a common factor: a family of critical points
    points = real_solutions(N, R)
    if points is None:
        return None
    poles = _poles(f, xs)
    # at a zero of every Nᵢ = Q²·exp(−E)·∂ᵢf, ∂ⱼ∂ᵢf = exp(E)·∂ⱼNᵢ / Q² (the other terms carry
    # Nᵢ): H = c·M with c = exp(E)/Q² > 0, so M has the inertia of H
    second = [[N[i].diff(g) for g in R.gens] for i in range(len(xs))]
    for p in points:
        if poles and not _defined_at(poles, p):
            continue  # f as written divides by 0 there, even if P/Q cancels the factor
        # exact arithmetic in ℚ, or in the number field of CRootOf coordinates (which keeps
        # H's entries reduced, so a zero entry is 0); radicals simplify well as expressions
        K = number_field(p.values()) if all(v.is_Rational or v.has(sp.CRootOf)
                                            for v in p.values()) else None
        if K is not None:
            at = [to_field(K, p[x]) for x in xs]
            q = _evaluate(Q, at, K)
            if not q:
                continue  # a pole of f, not a critical point
            M = sp.ImmutableMatrix([[K.to_sympy(_evaluate(h, at, K) / q**2) for h in row]
                                    for row in second])
            c = sp.exp(K.to_sympy(_evaluate(E, at, K))) if E else sp.Integer(1)
        else:
            q = sp.radsimp(sp.expand(Q.as_expr().xreplace(p)))
            if is_zero(q):
                continue
            M = sp.ImmutableMatrix([[sp.radsimp(sp.expand(h.as_expr().xreplace(p) / q**2))
                                     for h in row] for row in second])
            c = sp.exp(sp.radsimp(sp.expand(E.as_expr().xreplace(p)))) if E else sp.Integer(1)
        found.append(_classify_at(f, xs, p, M, c))
    return CriticalPoints(f, xs, tuple(found), (), complete=True,
                          method="Gröbner basis (lex), real roots isolated exactly")


def _find(f, xs, box, found, families) -> CriticalPoints:
    fast = _find_in_ring(f, xs, found)
    if fast is not None:
        return fast
    grad = _gradient(f, xs)
    parts = []
    for g in [] if any(map(_stays_transcendental, grad)) else grad:
        parts.append(_vanishing_part(g, xs))
        if not all(e.is_polynomial(*xs) for e in parts[-1]):
            break  # the first component that stays non-polynomial decides
    numerators = [n for n, _ in parts]
    denominators = [d for _, d in parts]
    if len(parts) == len(grad) and all(n.is_polynomial(*xs) for n in numerators) and all(
            d.is_polynomial(*xs) for d in denominators):
        fam_eqs, cofactors, origin = _hypersurface_families(numerators, xs)
        try:
            points, basis = _zero_dimensional_points(cofactors, xs) if cofactors else ([], None)
        except _NotAlgebraic:  # coefficients such as π: SymPy's solver, not proved complete
            return _find_transcendental(f, xs, grad, box, found, families)
        if origin and {x: 0 for x in xs} not in points:
            points.append({x: sp.Integer(0) for x in xs})
        sets = sorted(fam_eqs, key=sp.default_sort_key) + ([tuple(basis)] if basis else [])
        classified, extra = _classified_families(f, xs, sets)
        families += classified
        points += [p for p in extra if p not in points]
        points = [p for p in points
                  if not any(all(is_zero(e.xreplace(p)) for e in fam.equations)
                             for fam in classified)]
        points = [p for p in points if all(is_zero(d.xreplace(p)) is False for d in denominators)
                  and _defined_at(_poles(f, xs), p)]
        hess = hessian(f, xs)
        for p in points:  # critical by construction: each solves the gradient's numerators
            found.append(_classify_critical(f, xs, p, hess))
        return CriticalPoints(f, xs, tuple(found), tuple(families), complete=True,
                              method="Gröbner basis (lex), real roots isolated exactly")
    return _find_transcendental(f, xs, grad, box, found, families)


def _find_transcendental(f, xs, grad, box, found, families) -> CriticalPoints:
    notes = []
    solutions = []
    try:
        seconds = _SOLVER_SECONDS if box is None else _SOLVER_SECONDS / 4
        with time_budget(min(remaining(), seconds), "SymPy's solver"):
            # every solution is verified exactly below (∇f = 0 by exact zero tests), so
            # SymPy's own substitution check and simplification are not repeated here
            solutions = sp.solve(grad, list(xs), dict=True, check=False, simplify=False)
    except (BudgetExceeded, NotImplementedError) as e:
        notes.append(f"SymPy's solver gave no answer: {e}")
    periodic = [x for x in xs if _is_periodic(f, x)] if solutions else []
    hess = hessian_from_gradient(grad, xs) if solutions else None
    for s in solutions:
        if set(s) != set(xs) or any(v.free_symbols or v.has(sp.I) for v in s.values()):
            continue
        point = {x: s[x] for x in xs}
        if not all(is_zero(g.xreplace(point)) for g in grad):
            continue
        c = _classify_critical(f, xs, point, hess)
        found.append(c)
        if periodic:
            eqs = tuple(x - point[x] - (2 * sp.pi * sp.Symbol(f"k_{x}", integer=True)
                                        if x in periodic else 0) for x in xs)
            families.append(Family(eqs, c.type, c.strict,
                                   "integers k: the point shifted by whole periods 2π",
                                   f"f is 2π-periodic in {', '.join(map(str, periodic))}; "
                                   f"same Taylor expansion as at {point_text(point)}",
                                   periodic=True))
    method = "SymPy's solver (solutions verified exactly)"
    if periodic and solutions:
        notes.append("periodic families: each listed point repeats with period 2π; the "
                     "solver's list within one period is not proved complete")
    if not found and box is not None:
        for point, bound, enclosure in krawczyk_points(grad, xs, box):
            found.append(_numeric_point(f, xs, point, bound, enclosure))
        return CriticalPoints(f, xs, tuple(found), tuple(families), complete=True,
                              method="interval Krawczyk search in the box (certified)",
                              notes=(*notes, "complete inside the given box only"))
    if not found and not families:
        return _default_box_search(f, xs, grad, notes)
    return CriticalPoints(f, xs, tuple(found), tuple(families), complete=False, method=method,
                          notes=tuple(notes) or ("non-polynomial gradient: the solver's "
                                                 "list is not proved complete",))


#: The box searched when no closed form was found and none was given: each variable in
#: [−DEFAULT_BOX, DEFAULT_BOX], under at most DEFAULT_BOX_SECONDS of the budget.
DEFAULT_BOX = 5


DEFAULT_BOX_SECONDS = 10.0


def _default_box_search(f, xs, grad, notes) -> CriticalPoints:
    """Nothing found and nothing proved: rather than report 0 points, search a default box
    with the certified interval method and say that the answer covers that box only."""
    box = {x: (-DEFAULT_BOX, DEFAULT_BOX) for x in xs}
    text = ",".join(f"{x}={-DEFAULT_BOX}..{DEFAULT_BOX}" for x in xs)
    found = []
    try:
        with time_budget(min(remaining(), DEFAULT_BOX_SECONDS), "the default box search"):
            for point, bound, enclosure in krawczyk_points(grad, xs, box):
                found.append(_numeric_point(f, xs, point, bound, enclosure))
    except (BudgetExceeded, SymhessError, ValueError, TypeError, ZeroDivisionError) as e:
        return CriticalPoints(f, xs, tuple(found), (), complete=False,
                              method="SymPy's solver (solutions verified exactly)",
                              notes=(*notes, f"no closed form, and the certified search of the "
                                     f"box {text} did not finish ({e}); give a smaller --box"))
    return CriticalPoints(f, xs, tuple(found), (), complete=False,
                          method="interval Krawczyk search in a default box (certified)",
                          notes=(*notes, f"no closed form was found, so the box {text} was "
                                 "searched: these are all the critical points inside it, none "
                                 "outside it is excluded; give --box to search elsewhere"))


def _is_periodic(f, x) -> bool:
    if not any(t.has(x) for t in f.atoms(sp.sin, sp.cos, sp.tan)):
        return False
    try:
        with time_budget(min(remaining(), 2.0), "the periodicity check"):
            return sp.simplify(sp.expand_trig(f.subs(x, x + 2 * sp.pi) - f)) == 0
    except BudgetExceeded:
        return False


def analyze_critical_points(f, variables: Iterable | None = None, box=None) -> CriticalPoints:
    """Find every critical point of ``f`` and classify each (the ``classify`` command).

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> r = analyze_critical_points(x**4 + y**4 - 4*x*y)
    >>> [(tuple(p.point.values()), p.type) for p in r.points]
    [((-1, -1), 'min'), ((0, 0), 'saddle'), ((1, 1), 'min')]
    """
    return critical_points(f, variables, box)

