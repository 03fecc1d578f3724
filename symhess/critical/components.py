"""Families of critical points: their simplest description and their type, piece by piece.

*Components* (:func:`family_components`): the equations that cut out a positive-dimensional
set of critical points are rarely its simplest description (``x·y·z``'s gradient vanishes on
``xy = xz = yz = 0``, the three axes).  The set is split into irreducible pieces by
factoring: a generator ``h₁·h₂`` of the ideal splits it into ``⟨I, h₁⟩`` and ``⟨I, h₂⟩``; a
repeated factor is replaced by its square-free part (a step towards the radical); a factor
with no real zeros but a point (``y² + yz + z²``) is replaced by that point's equations.  Each
component is given by its reduced lex Gröbner basis, its dimension and, when one coordinate
``t`` parametrises it polynomially, that parametrisation.

*Type along a component* (:func:`classify_component`): on a smooth component ``C`` of
dimension ``d`` every tangent vector is in ``ker H``, so when ``rank H(p) = n − d`` the type is
read from the Hessian restricted to the normal space (the Morse–Bott lemma): definite — a
non-strict minimum or maximum (f is constant along C), indefinite — a saddle.  Rank and
inertia can change only where the transversal determinant vanishes, a proper algebraic subset
of C; there the existing point classifier decides.  Where the transversal Hessian vanishes
identically and the normal space is a line, the lowest order of f along the normal line
decides (odd: saddle; even: its sign).  The answer is a list of **pieces**: conditions in the
variables with a type each.

>>> from sympy import symbols
>>> x, y = symbols("x y")
>>> (c,) = family_components([y**2], (x, y))
>>> c.equations, c.dimension
((y,), 1)
>>> v = classify_component(x*y**2, c, (x, y))
>>> [(p.where, p.type.value, p.strict) for p in v.pieces]
[('x < 0', 'max', False), ('x = 0', 'saddle', None), ('x > 0', 'min', False)]

Reference: R. Bott, *Nondegenerate critical manifolds*, Ann. of Math. 60 (1954); Cox, Little,
O'Shea, *Ideals, Varieties, and Algorithms*, ch. 4 (radicals, decomposition) and ch. 9 §3
(dimension from leading monomials).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from ..calculus import hessian
from ..errors import SymhessError, UndeterminedError
from ..linalg import inertia
from ..polysystem import exponential_rational, gradient_numerators
from ..signs import is_zero, sign_or_none
from ..verdict import Verdict
from .equations import _zero_dimensional_points
from .results import VARIES

__all__ = [
    "Component",
    "Piece",
    "FamilyType",
    "family_components",
    "classify_component",
    "dimension",
]


# -- components -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """An irreducible piece of a set of critical points: its reduced lex Gröbner basis, its
    dimension, and ``{variable: polynomial in t}`` with ``t`` one of the variables when that
    coordinate parametrises it."""

    equations: tuple[sp.Expr, ...]
    dimension: int
    parameter: sp.Symbol | None = None
    parametrisation: dict | None = None

    def contains(self, point: dict) -> bool:
        return all(is_zero(e.xreplace(point)) for e in self.equations)


def dimension(G: Sequence[sp.Expr], xs: Sequence[sp.Symbol]) -> int:
    """Dimension of ``V(G)`` for a Gröbner basis ``G``: the size of the largest set ``S`` of
    variables such that no leading monomial is a monomial in ``S`` alone.

    >>> from sympy import symbols
    >>> x, y, z = symbols("x y z")
    >>> dimension([x - z, y - z], (x, y, z)), dimension([x**2 + y**2 - 1], (x, y))
    (1, 1)
    """
    leads = [sp.Poly(g, *xs).monoms(order="lex")[0] for g in G]
    for size in range(len(xs), -1, -1):
        for S in itertools.combinations(range(len(xs)), size):
            if not any(all(e == 0 or i in S for i, e in enumerate(m)) for m in leads):
                return size
    return -1  # pragma: no cover - the empty set has no Gröbner basis here


def _groebner(gens, xs) -> list[sp.Expr]:
    G = sp.groebner([g for g in gens if g != 0], *xs, order="lex")
    return list(G.exprs)


def _real_replacement(h: sp.Expr, xs) -> list[sp.Expr] | None:
    """Equations with the same real zeros as ``h`` when ``h`` is a quadratic whose quadratic
    part is definite in its own variables: ``[]`` when it has no real zero (``x² + 1``), the
    coordinates of its only real zero otherwise (``y² + yz + z²``: ``y, z``).  ``None`` when
    that shortcut does not apply."""
    own = [x for x in xs if h.has(x)]
    poly = sp.Poly(h, *own)
    if poly.total_degree() != 2:
        return None
    A = hessian(h, own) / 2
    try:
        n_plus, n_minus, _ = inertia(A)
    except (UndeterminedError, SymhessError):
        return None
    if (n_plus, n_minus) not in ((len(own), 0), (0, len(own))):
        return None
    b = sp.Matrix([sp.diff(h, x).xreplace(dict.fromkeys(own, 0)) for x in own])
    centre = -(A.inv() * b) / 2
    at = dict(zip(own, centre, strict=True))
    value = sp.expand(h.xreplace(at))
    s = sign_or_none(value)[0]
    if s is None:
        return None
    if s == 0:
        return [x - at[x] for x in own]
    side = 1 if n_plus else -1
    return [] if s == side else None


def _split(gens, xs, depth=0) -> list[list[sp.Expr]]:
    G = _groebner(gens, xs)
    if G == [1] or depth > 24:
        return [] if G == [1] else [G]
    for g in G:
        _, factors = sp.factor_list(g, *xs)
        if len(factors) == 1 and factors[0][1] == 1:
            replaced = _real_replacement(factors[0][0], xs)
            if replaced is None:
                continue
            return [] if not replaced and g != 0 else _split(
                [h for h in G if h != g] + replaced, xs, depth + 1)
        if len(factors) == 1:  # a power: its base has the same zeros
            return _split([h for h in G if h != g] + [factors[0][0]], xs, depth + 1)
        parts = []
        for h, _ in factors:
            parts += _split([q for q in G if q != g] + [h], xs, depth + 1)
        return parts
    return [G]


def _contained(a: list, b: list, xs) -> bool:
    """``V(a) ⊆ V(b)``: every generator of ``b`` vanishes on ``V(a)`` (``a`` a Gröbner basis
    of a radical ideal here, so reduction to zero decides it)."""
    return all(sp.reduced(g, a, *xs, order="lex")[1] == 0 for g in b)


def _parametrisation(G, xs) -> tuple[sp.Symbol | None, dict | None]:
    """A one-dimensional component on which every variable but one, ``t``, is a polynomial
    in ``t`` (``xᵢ = φᵢ(t)``: a lex basis, with ``t`` last, linear in each leading variable):
    ``(t, {xᵢ: φᵢ(t)})``."""
    if dimension(G, xs) != 1:
        return None, None
    for t in reversed(xs):
        order = [x for x in xs if x != t] + [t]
        basis = G if order == list(xs) else _groebner(G, order)
        if len(basis) != len(xs) - 1:
            continue
        solved = {}
        for g in basis:
            lead = next(x for x in order if g.has(x))
            poly = sp.Poly(g, lead)
            if poly.degree() != 1 or poly.LC().free_symbols:
                break
            solved[lead] = sp.expand(-poly.nth(0) / poly.LC())
        else:
            if t not in solved and not any(v.free_symbols - {t} for v in solved.values()):
                return t, {**solved, t: t}
    return None, None


def family_components(equations: Sequence, xs: Sequence[sp.Symbol]) -> list[Component]:
    """The positive-dimensional components of ``{equations = 0}`` (or of the union of several
    such sets, given as a list of tuples of equations), each in simplest form; a component
    inside another (a circle on a sphere, a point on a line) is dropped.

    >>> from sympy import symbols
    >>> x, y, z = symbols("x y z")
    >>> [c.equations for c in family_components([x*y, x*z, y*z], (x, y, z))]
    [(x, y), (x, z), (y, z)]
    """
    return decompose(equations, xs)[0]


def decompose(equations: Sequence, xs: Sequence[sp.Symbol]) -> tuple[list[Component],
                                                                        list[dict]]:
    """``(components, points)``: the positive-dimensional components of the set (as
    :func:`family_components`) and its isolated real points, solved exactly, that lie on no
    component (a set such as ``{x² + y² + 5z² = 1, xz = yz = 0, 5z³ = z}`` is a circle and
    two points).

    >>> from sympy import symbols
    >>> x, y, z = symbols("x y z")
    >>> comps, points = decompose([x**2 + y**2 + 5*z**2 - 1, x*z, y*z, 5*z**3 - z], (x, y, z))
    >>> [c.equations for c in comps], [p[z] for p in points]
    ([(x**2 + y**2 - 1, z)], [-sqrt(5)/5, sqrt(5)/5])
    """

    xs = tuple(xs)
    sets = equations if equations and isinstance(equations[0], (tuple, list)) \
        else [equations]
    pieces = [G for eqs in sets for G in _split([sp.expand(e) for e in eqs], xs)]
    found = [G for G in pieces if dimension(G, xs) > 0]
    points = []
    for G in pieces:
        if dimension(G, xs) == 0:
            points += _zero_dimensional_points(G, xs)[0]
    kept = []
    for i, G in enumerate(found):
        if any(j != i and _contained(G, H, xs) and not (_contained(H, G, xs) and j > i)
               for j, H in enumerate(found)):
            continue  # inside another component (the origin on an axis)
        kept.append(G)
    out = []
    for G in kept:
        t, param = _parametrisation(G, xs)
        out.append(Component(tuple(G), dimension(G, xs), t, param))
    out.sort(key=lambda c: [sp.default_sort_key(e) for e in c.equations])
    unique = []
    for p in points:
        if not any(c.contains(p) for c in out) and p not in unique:
            unique.append(p)
    return out, sorted(unique, key=lambda p: [sp.N(p[x], 30) for x in xs])


# -- the type along a component ---------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Where on a family (a condition in the variables) and the type there."""

    where: str
    type: Verdict
    strict: bool | None
    certificate: str = ""
    condition: sp.Basic = sp.true

    def holds_at(self, point: dict) -> bool:
        """Whether ``point`` (on the family) lies in this piece, decided exactly."""
        return bool(self.condition.xreplace(point))

    def to_dict(self) -> dict:
        return {"where": self.where, "type": self.type.value, "strict": self.strict}


@dataclass(frozen=True)
class FamilyType:
    """The type along a component: one verdict when it is the same at every point, else
    pieces (``varies``)."""

    type: Verdict | None
    strict: bool | None
    pieces: tuple[Piece, ...]
    certificate: str

    @property
    def varies(self) -> bool:
        return self.type is None

    @property
    def type_name(self) -> str:
        return VARIES if self.type is None else self.type.value


def _second_derivatives_on_family(f, xs):
    """``M`` with ``H = c·M`` at every critical point, ``c > 0``: ``∇²f`` for a polynomial,
    the Jacobian of the gradient numerators for ``f = P·exp(E)`` (``H = exp(E)·∂N`` where
    ``N = 0``).  ``None`` for other functions."""
    if f.is_polynomial(*xs):
        return hessian(f, xs)
    ring = exponential_rational(f, xs)
    if ring is None:
        return None
    R, P, Q, E = ring
    if not Q.is_ground:
        return None
    N = gradient_numerators(P, Q, E)
    return sp.Matrix([[n.diff(g).as_expr() for g in R.gens] for n in N])


def _normals(comp: Component, xs) -> sp.Matrix | None:
    """``n − d`` gradients of the component's equations that are independent on it."""
    k = len(xs) - comp.dimension
    grads = [sp.Matrix([sp.diff(g, x) for x in xs]) for g in comp.equations]
    for chosen in itertools.combinations(grads, k):
        N = sp.Matrix.hstack(*chosen)
        gram = sp.reduced(sp.expand((N.T * N).det()), list(comp.equations), *xs,
                          order="lex")[1]
        if gram != 0:
            return N
    return None


def _on(comp: Component, e: sp.Expr, xs) -> sp.Expr:
    """``e`` restricted to the component: in its parameter when it has one, else reduced
    modulo its equations."""
    if comp.parametrisation is not None:
        return sp.expand(e.xreplace(comp.parametrisation))
    return sp.reduced(sp.expand(e), list(comp.equations), *xs, order="lex")[1]


def _type_of_inertia(n_plus: int, n_minus: int) -> tuple[Verdict, bool | None]:
    if n_minus == 0:
        return Verdict.MIN, False
    if n_plus == 0:
        return Verdict.MAX, False
    return Verdict.SADDLE, None


def _condition(t: sp.Symbol, lo, hi) -> str:
    if lo is None and hi is None:
        return "everywhere"
    if lo is None:
        return f"{t} < {hi}"
    if hi is None:
        return f"{t} > {lo}"
    return f"{lo} < {t} < {hi}"


def _samples(roots: list) -> list:
    """A rational point in each open interval the sorted ``roots`` cut the line into."""
    if not roots:
        return [sp.Integer(0)]
    floats = [sp.N(r, 30) for r in roots]
    out = [sp.floor(floats[0]) - 1]
    for a, b in itertools.pairwise(floats):
        out.append(sp.nsimplify((a + b) / 2, rational=True, tolerance=(b - a) / 8))
    return [*out, sp.ceiling(floats[-1]) + 1]


def _univariate_real_roots(polys: list[sp.Expr], t: sp.Symbol) -> list:
    roots = set()
    for p in polys:
        p = sp.expand(p)
        if p != 0 and p.has(t):
            roots |= set(sp.Poly(p, t).real_roots())
    return sorted(roots, key=lambda r: sp.N(r, 30))


def classify_component(f, comp: Component, xs: Sequence[sp.Symbol]) -> FamilyType:
    """The type of the critical points of ``f`` along ``comp``, as pieces."""
    xs = tuple(xs)
    M = _second_derivatives_on_family(f, xs)
    if M is None:
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          "f is not a polynomial or a polynomial times exp(polynomial): the "
                          "Hessian along the family is not formed")
    N = _normals(comp, xs)
    if N is None:
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          "the family's equations do not give independent normals on it")
    T = (N.T * M * N).applyfunc(lambda e: _on(comp, e, xs))
    gram = _on(comp, (N.T * N).det(), xs)
    if comp.parameter is not None:
        return _along_parameter(f, comp, xs, T, gram, N)
    if gram.free_symbols:
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          "the family's normals may degenerate on it (a singular point) and it "
                          "has no polynomial parametrisation: the type along it is not decided")
    if all(not e.free_symbols for e in T):
        try:
            n_plus, n_minus, n_zero = inertia(T)
        except (UndeterminedError, SymhessError) as e:
            return FamilyType(Verdict.UNDETERMINED, None, (), f"inertia not decided: {e}")
        if n_zero == 0:
            t, strict = _type_of_inertia(n_plus, n_minus)
            return FamilyType(t, strict, (Piece("everywhere", t, strict),),
                              f"the Hessian across the family is the constant "
                              f"{T.tolist()} on it, with inertia {(n_plus, n_minus, 0)}: "
                              "Morse–Bott, the same type at every point")
    if T.shape == (1, 1):
        return _across_line(f, comp, xs, T[0, 0], N)
    return FamilyType(Verdict.UNDETERMINED, None, (),
                      f"the Hessian across the family, {T.tolist()} on it, is not constant "
                      "and the family has no polynomial parametrisation: its sign pattern "
                      "along the family is not decided")


def _across_line(f, comp, xs, c, N) -> FamilyType:
    """Normal space a line, no parametrisation: the sign of ``c`` (the second derivative
    across the family, or the lowest non-vanishing one) decides; on a compact family its
    extremes show whether it keeps one sign, and where it changes sign the family splits
    into the pieces ``c > 0`` and ``c < 0`` with the zeros of ``c`` as exceptional points."""
    decided = _decisive_order(f, comp, xs, N, c)
    if isinstance(decided, FamilyType):
        return decided
    order, c = decided
    across = ("the Hessian across the family" if order == 2 else
              f"the lowest order ({order}) of f across the family")
    if order % 2 == 0:
        kinds = {1: (Verdict.MIN, False), -1: (Verdict.MAX, False)}
    else:
        kinds = {1: (Verdict.SADDLE, None), -1: (Verdict.SADDLE, None)}
    decided = (sign_or_none(c)[0], "a constant") if not c.free_symbols else \
        _sign_on_compact(c, comp, xs)
    if decided is not None and decided[0]:
        s, why = decided
        t, strict = kinds[s]
        return FamilyType(t, strict, (Piece("everywhere", t, strict),),
                          f"{across} is {c} on it, {'> 0' if s > 0 else '< 0'} at every point "
                          f"({why})" + (": Morse–Bott" if order == 2 else ""))
    if not _compact(comp, xs):
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          f"{across} is {c} on the family, whose sign along it is not decided")

    zeros, basis = _zero_dimensional_points([*comp.equations, c], xs)
    content, primitive = sp.Poly(c, *xs).primitive()
    lead = primitive.LC()
    positive = (primitive if sign_or_none(lead)[0] > 0 else -primitive).as_expr()
    flip = sign_or_none(content * lead)[0]
    pieces = [Piece(f"{positive} > 0", *kinds[flip], "", positive > 0),
              Piece(f"{positive} < 0", *kinds[-flip], "", positive < 0)]
    if basis is not None:
        pieces.append(Piece(f"{positive} = 0", Verdict.UNDETERMINED, None,
                            "a curve of the family where the transversal test is silent",
                            sp.Eq(positive, 0)))
    for p in zeros:
        kind, strict, why = _exceptional(f, p, xs)
        where = ", ".join(f"{x} = {v}" for x, v in p.items())
        pieces.append(Piece(where, kind, strict, why,
                            sp.And(*[sp.Eq(x, v) for x, v in p.items()])))
    return FamilyType(None, None, tuple(pieces),
                      f"{across} is {c} on the family; it changes sign there, so the type "
                      f"does too (the pieces {positive} > 0 and < 0), with the zeros as "
                      "exceptional points")


def _compact(comp: Component, xs) -> bool:
    from ..constrained import bounded_variables

    return bounded_variables(list(comp.equations), xs) == set(xs)


def _exceptional(f, p, xs) -> tuple[Verdict, bool | None, str]:
    """The point classifier at ``p``; where it is silent, the local sign of ``f − f(p)``."""
    from .classifying import classify

    try:
        c = classify(f, p, xs)
        if c.type != Verdict.UNDETERMINED.value:
            return Verdict(c.type), c.strict, c.certificate
    except (UndeterminedError, SymhessError):
        pass
    s = _local_sign(f, p, xs)
    if s:
        return (Verdict.MIN if s > 0 else Verdict.MAX), False, \
            "f − f(p) factors into even powers and factors not 0 at p"
    return Verdict.UNDETERMINED, None, "neither the point classifier nor a sign argument decides"


def _sign_on_compact(c: sp.Expr, comp: Component, xs) -> tuple[int, str] | None:
    """The sign of ``c`` on a compact component, from its global extremes there (the
    constrained critical points of ``c`` on the component, found completely)."""
    from ..constrained import constrained_critical_points

    if len(comp.equations) >= len(xs):
        return None
    try:
        r = constrained_critical_points(c, list(comp.equations), xs)
    except (UndeterminedError, SymhessError):
        return None
    g = r.global_extrema
    if g is None:
        return None
    low, high = sign_or_none(g.minimum.value)[0], sign_or_none(g.maximum.value)[0]
    if low == 1:
        return 1, f"its minimum on the compact family is {g.minimum.value}"
    if high == -1:
        return -1, f"its maximum on the compact family is {g.maximum.value}"
    return None


def _along_parameter(f, comp, xs, T, gram, N) -> FamilyType:
    """Pieces along a family parametrised by the coordinate ``t``: the type changes only
    where the transversal determinant (or the normals' Gram determinant) vanishes; between
    those values one exact sample decides, at them the point classifier does."""
    t = comp.parameter
    decided = _decisive_order(f, comp, xs, N, sp.expand(T.det()))
    if isinstance(decided, FamilyType):
        return decided
    order, D = decided
    roots = _univariate_real_roots([D, gram], t)
    segments: list[_Segment] = []
    bounds = [None, *roots, None]
    for k, ((lo, hi), s) in enumerate(zip(itertools.pairwise(bounds), _samples(roots),
                                          strict=True)):
        if order == 2:
            n_plus, n_minus, _ = inertia(T.xreplace({t: s}))
            kind, strict = _type_of_inertia(n_plus, n_minus)
        elif order % 2:
            kind, strict = Verdict.SADDLE, None
        else:
            kind, strict = (Verdict.MIN, False) if sign_or_none(D.xreplace({t: s}))[0] > 0 \
                else (Verdict.MAX, False)
        segments.append(_Segment(lo, hi, kind, strict))
        if k < len(roots):
            segments.append(_Segment(roots[k], roots[k], *_exceptional_point(f, comp, xs,
                                                                              roots[k])))
    for k in range(1, len(segments) - 1, 2):
        if segments[k].type is Verdict.UNDETERMINED:
            segments[k] = _between(f, comp, xs, N, segments[k - 1], segments[k],
                                   segments[k + 1])
    pieces = tuple(seg.piece(t) for seg in _merged(segments))
    how = ("the Hessian across the family (Morse–Bott)" if order == 2 else
           f"the lowest order ({order}) of f along the normal line")
    at = ", ".join(f"{t} = {r}" for r in roots)
    where = (f"changes only at {at}; one exact sample decides each open piece, the point "
             "classifier each exceptional point") if roots else \
        "vanishes nowhere on it; one exact sample decides the sign along all of it"
    certificate = f"{how}, {D if order != 2 else T.tolist()} on the family, {where}"
    if len(pieces) == 1:
        return FamilyType(pieces[0].type, pieces[0].strict, pieces, certificate)
    return FamilyType(None, None, pieces, certificate)


@dataclass(frozen=True)
class _Segment:
    """An open interval ``lo < t < hi`` (``None`` for ±∞) or the point ``lo = hi``, and its
    type; merged runs carry which ends they include."""

    lo: object
    hi: object
    type: Verdict
    strict: bool | None
    certificate: str = ""
    closed_lo: bool = False
    closed_hi: bool = False

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi and not self.closed_lo

    def piece(self, t) -> Piece:
        if self.is_point:
            return Piece(f"{t} = {self.lo}", self.type, self.strict, self.certificate,
                         sp.Eq(t, self.lo))
        if self.lo is None and self.hi is None:
            return Piece("everywhere", self.type, self.strict, self.certificate)
        left = "" if self.lo is None else f"{self.lo} {'≤' if self.closed_lo else '<'} "
        right = "" if self.hi is None else f" {'≤' if self.closed_hi else '<'} {self.hi}"
        where = f"{left}{t}{right}"
        if self.lo is not None and self.hi is None:
            where = f"{t} {'≥' if self.closed_lo else '>'} {self.lo}"
        low = sp.true if self.lo is None else (t >= self.lo if self.closed_lo else t > self.lo)
        high = sp.true if self.hi is None else (t <= self.hi if self.closed_hi else t < self.hi)
        return Piece(where, self.type, self.strict, self.certificate, sp.And(low, high))


def _merged(segments: list[_Segment]) -> list[_Segment]:
    """Runs of neighbouring segments of one type joined (``x < 0``, ``x = 0`` → ``x ≤ 0``)."""
    out: list[_Segment] = []
    for seg in segments:
        if out and (out[-1].type, out[-1].strict) == (seg.type, seg.strict):
            last = out[-1]
            closed_hi = seg.is_point or seg.closed_hi
            hi = seg.lo if seg.is_point else seg.hi
            out[-1] = _Segment(last.lo if not last.is_point else last.lo, hi, last.type,
                               last.strict, last.certificate,
                               last.closed_lo or last.is_point, closed_hi)
        else:
            out.append(seg)
    return out


def _between(f, comp, xs, N, before: _Segment, point: _Segment, after: _Segment) -> _Segment:
    """An exceptional point the point classifier left open, decided from its neighbours:
    beside a piece of maxima (or saddles) f takes values below f(p) arbitrarily close to p,
    beside minima values above; f along the normal line at p adds its own side.  Both sides:
    a saddle.  ``f − f(p)`` of one sign everywhere (even powers): a non-strict extremum."""
    below = any(s.type in (Verdict.MAX, Verdict.SADDLE) for s in (before, after))
    above = any(s.type in (Verdict.MIN, Verdict.SADDLE) for s in (before, after))
    t = comp.parameter
    p = {x: sp.expand(v.xreplace({t: point.lo})) for x, v in comp.parametrisation.items()}
    if N.cols == 1 and f.is_polynomial(*xs):
        sv = sp.Symbol("s")
        nu = [N[i, 0].xreplace(p) for i in range(len(xs))]
        line = sp.Poly(sp.expand(f.xreplace({x: p[x] + sv * nu[i] for i, x in enumerate(xs)})
                                 - f.xreplace(p)), sv)
        lowest = min(((k, c) for (k,), c in line.terms() if k > 0 and c != 0), default=None)
        if lowest is not None:
            k, c = lowest
            sc = sign_or_none(c)[0]
            below |= bool(k % 2) or sc == -1
            above |= bool(k % 2) or sc == 1
    if below and above:
        return _Segment(point.lo, point.hi, Verdict.SADDLE, None,
                        "f takes values above and below f(p) arbitrarily close to p (the "
                        "neighbouring pieces of the family and the normal line through p)")
    sign_everywhere = _local_sign(f, p, xs)
    if sign_everywhere:
        kind = Verdict.MIN if sign_everywhere > 0 else Verdict.MAX
        return _Segment(point.lo, point.hi, kind, False,
                        "f − f(p) factors into even powers and factors not 0 at p: "
                        f"{'≥' if sign_everywhere > 0 else '≤'} 0 near p, = 0 on the family")
    return point


def _local_sign(f, p, xs) -> int | None:
    """+1 (−1) when ``f − f(p)`` factors into even powers, one constant and odd powers of
    factors that are not 0 at ``p`` (so of fixed sign near it): ``f − f(p)`` is ≥ 0 (≤ 0)
    near p."""
    if not f.is_polynomial(*xs):
        return None
    g = sp.expand(f - f.xreplace(p))
    if g == 0:
        return None
    coeff, factors = sp.factor_list(g, *xs)
    total = sign_or_none(coeff)[0]
    for h, e in factors:
        if e % 2:
            s = sign_or_none(h.xreplace(p))[0]
            if not s:
                return None
            total = total * s if total else None
    return total


def _decisive_order(f, comp, xs, N, D) -> tuple[int, sp.Expr] | FamilyType:
    """``(2, D)`` when the transversal determinant ``D`` is not identically 0 on the family;
    else, with a normal line and a polynomial f, the lowest order of f across the family and
    its coefficient; else why neither decides."""
    if D != 0:
        return 2, D
    if N.cols != 1 or not f.is_polynomial(*xs):
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          "the Hessian across the family vanishes on it (rank below n − d) "
                          "and higher orders are read only for a polynomial f across a "
                          "normal line: Morse–Bott does not apply")
    order, coefficient = _lowest_normal_order(f, comp, xs, N)
    if coefficient is None:
        return FamilyType(Verdict.UNDETERMINED, None, (),
                          "f is constant along the normal lines to high order")
    return order, coefficient


def _lowest_normal_order(f, comp, xs, N):
    """``(k, c_k(t))``: the lowest power of ``s`` in ``f(p(t) + s·ν(t)) − f(p(t))`` whose
    coefficient is not identically 0 (``ν`` the normal)."""
    s = sp.Symbol("s")
    base = comp.parametrisation or {x: x for x in xs}
    nu = [N[i, 0].xreplace(base) for i in range(len(xs))]
    at = {x: base[x] + s * nu[i] for i, x in enumerate(xs)}
    phi = sp.Poly(sp.expand(f.xreplace(at) - f.xreplace(base)), s)
    for (k,), c in sorted(phi.terms()):
        c = _on(comp, c, xs)
        if k > 0 and c != 0:
            return k, c
    return None, None


def _exceptional_point(f, comp, xs, r) -> tuple[Verdict, bool | None, str]:
    """A point of the family where the transversal test is silent: the point classifier."""
    from .classifying import classify

    t = comp.parameter
    point = {x: sp.expand(v.xreplace({t: r})) for x, v in comp.parametrisation.items()}
    try:
        c = classify(f, point, xs)
    except (UndeterminedError, SymhessError) as e:
        return Verdict.UNDETERMINED, None, str(e)
    return Verdict(c.type), c.strict, c.certificate
