"""Degenerate critical points: the splitting lemma.  The coordinates off ker H are solved
from their ∂f = 0 as power series in the kernel coordinates, and the reduced function is read
from its lowest-order form (:mod:`symhess.critical.forms`); a saddle is shown by a curve along
which f − f(p) changes sign.

Reference: Arnold, Gusein-Zade, Varchenko, *Singularities of Differentiable Maps* I, §1.3."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp
from sympy.polys.matrices import DomainMatrix
from sympy.polys.orderings import lex
from sympy.polys.rings import PolyRing

from ..calculus import (
    _polynomial_ring,
)
from ..errors import UndeterminedError
from ..linalg.matrices import _domain_matrix
from ..polysystem import (
    number_field,
    rational_function,
    to_field,
)
from ..results import Result, exact
from ..signs import sign
from ..verdict import Verdict
from .equations import _evaluate
from .families import _family_through
from .forms import ReducedForm, _direction_where_nonzero, _lowest_form, _named, verdict_form
from .results import VARIES

#: Highest order of the Taylor expansion read by the degenerate analysis.
ORDER = 8


@dataclass(frozen=True)
class CurveWitness(Result):
    """f − f(p) along a curve through p: its lowest-order term ``value`` in the curve's
    ``parameter`` (of degree ``order``, leading sign ``sign``), exact or up to higher terms.
    ``graph``: the curve is the graph over one coordinate, ``parameter`` its displacement, and
    ``coordinates`` give the others; otherwise ``coordinates`` give every variable in ``t``."""

    coordinates: tuple[tuple[sp.Symbol, sp.Expr], ...]
    parameter: sp.Expr
    value: sp.Expr
    order: int
    sign: int
    exact: bool
    graph: bool

    def to_dict(self) -> dict:
        return {"kind": "curve", "curve": {str(x): exact(e) for x, e in self.coordinates},
                "parameter": exact(self.parameter), "value": exact(self.value),
                "order": self.order, "sign": self.sign, "exact": self.exact,
                "text": self.text()}

    def text(self) -> str:
        eqs = ", ".join(f"{x} = {e}" for x, e in self.coordinates)
        if not self.graph:
            return (f"along the curve {eqs}: f − f(p) = {self.value} + "
                    f"O(t**{self.order + 1})")
        tail = "" if self.exact else f" + O({sp.sstr(self.parameter ** (self.order + 1))})"
        rel = "< 0" if self.sign < 0 else "> 0"
        if self.order % 2:
            rel = f"(odd order: changes sign with the sign of {self.parameter})"
        return f"along {eqs}, f − f(p) = {self.value}{tail} {rel}"

    def lines(self) -> list[str]:
        return [self.text()]


@dataclass(frozen=True)
class LineWitness(Result):
    """Along the line ``p + t·direction`` (a direction off the kernel), ``f − f(p) =
    coefficient·t² + O(t³)``, of the sign opposite to the reduced function's."""

    direction: tuple
    coefficient: sp.Expr
    definiteness: str

    def to_dict(self) -> dict:
        return {"kind": "line", "direction": [exact(c) for c in self.direction],
                "coefficient": exact(self.coefficient), "text": self.text()}

    def text(self) -> str:
        rel = ">" if sign(self.coefficient) > 0 else "<"
        quadratic = sp.sstr(self.coefficient * sp.Symbol("t")**2)
        return (f"along the line p + t·{self.direction}, f − f(p) = {quadratic} + O(t**3) "
                f"{rel} 0 (H is {self.definiteness})")

    def lines(self) -> list[str]:
        return [self.text()]


@dataclass(frozen=True)
class HigherOrder(Result):
    """The evidence beyond the second-derivative test: the splitting lemma's reduced function
    (kernel of dimension ``corank``, read to ``order``), its lowest-order form, and the
    witnesses: a curve (and for a saddle across the kernel, a line) along which f − f(p) has
    the signs shown; or the family of critical points the point lies on; or why it stopped."""

    corank: int
    order: int
    definiteness: str
    form: ReducedForm | None = None
    hessian_zero: bool = False
    verdict: Verdict = Verdict.UNDETERMINED
    strict: bool | None = None
    curve: CurveWitness | None = None
    line: LineWitness | None = None
    family: tuple | None = None
    family_certificate: str = ""
    undecided: str = ""

    def to_dict(self) -> dict:
        d = {"kind": "higher order", "corank": self.corank, "order": self.order,
             "hessian": self.definiteness, "type": self.verdict.value, "strict": self.strict}
        for name in ("form", "curve", "line"):
            if getattr(self, name) is not None:
                d[name] = getattr(self, name).to_dict()
        if self.family is not None:
            d["family"] = [exact(e) for e in self.family]
        if self.undecided:
            d["undecided"] = self.undecided
        return d | {"text": self.text()}

    def text(self) -> str:
        if self.undecided:
            return self.undecided
        if self.family is not None:
            return self.family_certificate
        if self.curve is not None:
            second = self.line if self.line is not None else self.form
            return f"{self.curve.text()}; {second.text()}"
        if self.verdict in (Verdict.MIN, Verdict.MAX):
            side = "" if self.hessian_zero else f", and H is {self.definiteness}"
            return f"{self.form.text()}{side}: f − f(p) has a strict local {self.verdict}"
        return self.form.text()

    def lines(self) -> list[str]:
        return [self.text()]


def _taylor(f, xs, p, order: int) -> sp.Expr:
    """``f(p + u) − f(p)`` as a polynomial in ``u`` (the ``xs`` themselves), up to ``order``."""
    fast = _polynomial_ring(f, xs) if all(v.is_Integer for v in p.values()) else None
    if fast is not None:  # shift in the polynomial ring and drop the terms above ``order``
        ring, poly = fast
        shifted = poly.compose([(g, g + ring(p[x])) for g, x in zip(ring.gens, xs, strict=True)])
        # coefficients back to SymPy: the ring's domain may be ℤ(log(3/2)), not just ℚ
        return sp.Add(*[ring.domain.to_sympy(c) * sp.prod(x**e for x, e in
                                                          zip(xs, mon, strict=True))
                        for mon, c in shifted.terms() if 0 < sum(mon) <= order])
    t = sp.Dummy("t")
    shifted = f.xreplace({x: p[x] + t * x for x in xs})
    if shifted.is_polynomial(t):
        poly = sp.Poly(sp.expand(shifted), t)
        return sp.expand(sum(c * 1 for (k,), c in poly.terms() if 0 < k <= order))
    series = sp.series(shifted, t, 0, order + 1).removeO()
    return sp.expand(series.subs(t, 1) - shifted.subs(t, 0))


def _truncate(e: sp.Expr, s: list, order: int) -> sp.Expr:
    if not s:
        return e
    return sp.Add(*[term for term in sp.Add.make_args(sp.expand(e))
                    if sp.Poly(term, *s).total_degree() <= order])


def _kernel_basis(H):
    """``(Q, m)``: the columns of ``Q`` are a basis of ker H (the first ``m``) completed by
    coordinate vectors to a basis of the whole space."""
    n = H.rows
    field = number_field(H)
    if field is not None:  # exactly, over ℚ or the entries' number field
        dm = _domain_matrix(H).convert_to(field)
        # each kernel vector scaled to lead with 1, so curves and forms read simply
        rows = [[v / next(a for a in row if a) for v in row]
                for row in dm.nullspace().to_list()]
        K = DomainMatrix(rows, (len(rows), n), field).transpose() if rows else \
            DomainMatrix.zeros((n, 0), field)
        m = K.shape[1]
        pivots = K.hstack(DomainMatrix.eye(n, field)).rref()[1]
        Q = K.hstack(*[DomainMatrix.eye(n, field).extract(range(n), [j - m])
                       for j in pivots if j >= m]).to_Matrix()
        return Q, m
    kernel = H.nullspace()
    m = len(kernel)
    K = sp.Matrix.hstack(*kernel)
    others = [j for j in range(n) if sp.Matrix.hstack(K, sp.eye(n)[:, : j + 1]).rank()
              > sp.Matrix.hstack(K, sp.eye(n)[:, :j]).rank()]
    return sp.Matrix.hstack(K, *[sp.eye(n)[:, j] for j in others]), m


def _reduce_in_ring(f, xs, p, H, Q, s, w):
    """The splitting lemma's series in ``ℚ[s, w]`` for a polynomial ``f`` at a rational point:
    ``(curve, g)`` as expressions — the curve ``x − p = Q·(s, w(s))`` and the reduced function
    ``g(s)`` — or ``None`` when ``f``, ``p`` or ``Q`` leave ℚ."""
    ring = rational_function(f, xs)
    K = number_field([*p.values(), *Q, *H])
    if ring is None or not ring[2].is_ground or K is None:
        return None
    P = ring[1] * (1 / ring[2].LC)
    T = PolyRing(tuple(s + w), K, lex)
    gens = T.gens
    m, n = len(s), len(xs)

    def over_K(A):
        return DomainMatrix([[to_field(K, v) for v in A.row(i)] for i in range(A.rows)],
                            A.shape, K)

    Qd = over_K(Q)
    # the quadratic part of F in w is ½ wᵀ(QᵀHQ)₂₂w; Newton's iteration divides by it
    H22 = (Qd.transpose() * over_K(H) * Qd).extract(range(m, n), range(m, n))
    inv = H22.inv().to_list() if w else []
    Q = Qd.to_list()
    # x = p + Q·(s, w), and f(x) − f(p) with the terms above ORDER dropped: w(s) = O(|s|²),
    # so a term of total degree > ORDER has degree > ORDER in s once w(s) is substituted
    lines = [T.ground_new(to_field(K, p[x])) + sum((Q[i][j] * gens[j]
                                                    for j in range(n) if Q[i][j]), T.zero)
             for i, x in enumerate(xs)]
    F = _evaluate(P, lines, T)
    F = _drop_above(F - F.coeff(1), ORDER)

    def subs_w(e, ws):
        return e.compose(list(zip(gens[m:], ws, strict=True))) if ws else e

    ws = [T.zero] * len(w)
    grads = [F.diff(g) for g in gens[m:]]
    for _ in range(ORDER if w else 0):
        gw = [subs_w(e, ws) for e in grads]
        ws = [_drop_above(ws[i] - sum((inv[i][j] * gw[j] for j in range(len(w))), T.zero),
                          ORDER) for i in range(len(w))]
    g = _drop_above(subs_w(F, ws), ORDER)
    coords = [*gens[:m], *ws]
    curve = [sum((Q[i][j] * coords[j] for j in range(n) if Q[i][j]), T.zero).as_expr()
             for i in range(n)]
    return curve, g.as_expr()


def _drop_above(e, order: int):
    """The terms of the ring element ``e`` of total degree ≤ ``order``."""
    return e.ring.from_dict({mon: c for mon, c in e.iterterms() if sum(mon) <= order})


_COORDINATES: dict[str, list[sp.Dummy]] = {"s": [], "w": []}


def _coordinates(kind: str, k: int) -> list[sp.Dummy]:
    """The first ``k`` kernel (``s``) or complement (``w``) coordinates.  The same symbols
    every time, so that SymPy's cache keeps the polynomial ring over them; being Dummy
    symbols, they never meet a symbol of ``f``."""
    have = _COORDINATES[kind]
    have += [sp.Dummy(f"{kind}{i}") for i in range(len(have), k)]
    return have[:k]


def _degenerate(f, xs, p, H, kind):
    """Semidefinite singular H: the splitting lemma, then the lowest-order form."""
    n = len(xs)
    Q, m = _kernel_basis(H)
    s, w = _coordinates("s", m), _coordinates("w", n - m)
    reduced = _reduce_in_ring(f, xs, p, H, Q, s, w)
    if reduced is not None:
        curve, g = reduced
    elif any(v.has(sp.CRootOf) for v in p.values()):
        raise UndeterminedError("f is not a polynomial over the coordinates' number field",
                                "substituting into a Taylor expansion would reach inside "
                                "the CRootOf's own polynomial")
    else:
        H22 = (Q.T * H * Q)[m:, m:]  # the quadratic part of F in w is ½ wᵀ(QᵀHQ)₂₂w
        H22inv = H22.inv() if w else H22
        F0 = _taylor(f, xs, p, ORDER)
        if not F0.is_polynomial(*xs):  # |x|, √(x²), … : no power series to read
            raise UndeterminedError(
                f"f has no Taylor polynomial of order {ORDER} at the point (its expansion "
                f"is {F0}), so the lowest-order analysis does not apply",
                "a non-analytic term at a degenerate point")
        u = Q * sp.Matrix(s + w)
        F = sp.expand(F0.xreplace(dict(zip(xs, u, strict=True))))
        ws = sp.zeros(n - m, 1)
        for _ in range(ORDER if w else 0):
            sub = dict(zip(w, ws, strict=True))
            grad_w = sp.Matrix([sp.diff(F, wi).xreplace(sub) for wi in w])
            ws = sp.Matrix([_truncate(e, s, ORDER) for e in
                            (ws - H22inv * grad_w).applyfunc(sp.expand)])
        g = _truncate(F.xreplace(dict(zip(w, ws, strict=True))), s, ORDER)
        curve = [sp.expand(e) for e in Q * sp.Matrix(s + list(ws))]
    side = 1 if kind == "positive semidefinite" else -1
    form = verdict_form(g, s) if g != 0 else None
    try:
        reduced = _lowest_form(g, s, form)
    except (sp.polys.polyerrors.DomainError, NotImplementedError) as e:
        raise UndeterminedError(
            f"the sign of the lowest-order form {_named(form, s)} is not decided: its "
            "coefficients are algebraic and counting real roots over a number field is not "
            "implemented", str(e)) from None
    lemma = (f"splitting lemma (corank {m}): the {n - m} coordinate(s) off the kernel solved "
             "from their ∂f = 0 as power series in the kernel direction(s), reduced function "
             f"read to order {ORDER}")
    if m == n:
        lemma = f"H = 0: lowest-order homogeneous form of f − f(p) (to order {ORDER})"
    evidence = HigherOrder(m, ORDER, kind, reduced, hessian_zero=m == n)
    if reduced is None:
        found = _on_a_family(f, xs, p, lemma, evidence)
        if found[0] is not Verdict.UNDETERMINED:
            return found
        return (Verdict.UNDETERMINED, None, lemma, replace(evidence, undecided=(
            f"the reduced function vanishes to order {ORDER} (a non-isolated or very flat "
            "point): not decided")))
    v = reduced.direction
    if v is None:  # a direction where the lowest form is not 0: the saddle curve's tangent
        v = _direction_where_nonzero(form, s)
    if reduced.sign == 0:
        return Verdict.SADDLE, None, lemma, replace(evidence, verdict=Verdict.SADDLE,
                                                    curve=_along(curve, s, xs, p, v, f))
    if m == n or reduced.sign == side:  # H = 0 has no side of its own: the form decides
        if reduced.strict:
            t = Verdict.MIN if reduced.sign > 0 else Verdict.MAX
            return t, True, lemma, replace(evidence, verdict=t, strict=True)
        return _on_a_family(f, xs, p, lemma, evidence)
    u = Q[:, m]
    line = LineWitness(tuple(u), sp.expand((u.T * H * u)[0] / 2), kind)
    return Verdict.SADDLE, None, lemma, replace(evidence, verdict=Verdict.SADDLE, line=line,
                                                curve=_along(curve, s, xs, p, v, f))


def _on_a_family(f, xs, p, lemma, evidence):
    """A point the lowest forms leave open: if it lies on a family of critical points, the
    family's type there (read across the family, or from its neighbouring pieces)."""
    family = _family_through(f, xs, p)
    if family is None or family.type in (Verdict.UNDETERMINED, VARIES):
        return Verdict.UNDETERMINED, None, lemma, evidence
    eqs = ", ".join(f"{e} = 0" for e in family.equations)
    return (Verdict(family.type), family.strict, f"the point lies on a family of critical "
            f"points ({eqs}): the type read across it and from its neighbouring pieces",
            replace(evidence, verdict=Verdict(family.type), strict=family.strict,
                    family=family.equations, family_certificate=family.certificate))


def _along(curve, s, xs, p, v, f) -> CurveWitness:
    """A curve through p and the lowest-order term of f − f(p) on it: the saddle's witness."""
    t = sp.Symbol("t")
    sub = {s[0]: t} if len(s) == 1 else {si: vi * t for si, vi in zip(s, v, strict=True)}
    c = [sp.expand(e.xreplace(sub)) for e in curve]
    free = [i for i, e in enumerate(c) if sp.expand(e - t) == 0]
    value, exact_value = _value_along(f, xs, p, c, t)
    lowest = min(sp.Add.make_args(value), key=lambda term: sp.degree(term, t)) if value != 0 \
        else sp.Integer(0)
    exact_value = exact_value and sp.expand(value - lowest) == 0
    order = int(sp.degree(lowest, t))
    side = int(sign(sp.Poly(lowest, t).LC())) if lowest != 0 else 0
    if free:  # a graph over one coordinate: written in that coordinate's displacement
        i = free[0]
        xi = xs[i] - p[xs[i]] if p[xs[i]] != 0 else xs[i]
        coords = tuple((xs[j], sp.expand(p[xs[j]] + c[j].subs(t, xi)))
                       for j in range(len(xs)) if j != i)
        return CurveWitness(coords, xi, lowest.subs(t, xi), order, side, exact_value, True)
    coords = tuple((x, sp.expand(p[x] + e)) for x, e in zip(xs, c, strict=True))
    return CurveWitness(coords, t, lowest, order, side, False, False)


def _value_along(f, xs, p, c, t) -> tuple[sp.Expr, bool]:
    """``f(p + c(t)) − f(p)`` and whether it is exact: exactly in ``ℚ[t]`` for a polynomial
    ``f`` at a rational point along a rational curve, else the Taylor expansion to ``ORDER``."""
    ring = rational_function(f, xs)
    K = number_field(p.values())
    if ring is not None and ring[2].is_ground and K is not None:
        T = PolyRing((t,), K, lex)
        try:
            lines = [T.from_expr(p[x] + e) for x, e in zip(xs, c, strict=True)]
        except (sp.polys.polyerrors.CoercionFailed, ValueError):
            lines = None
        if lines is not None:
            P = ring[1] * (1 / ring[2].LC)
            value = _evaluate(P, lines, T)
            return (value - value.coeff(1)).as_expr(), True
    if any(v.has(sp.CRootOf) for v in p.values()):
        raise UndeterminedError("no exact value along the curve at CRootOf coordinates",
                                "a Taylor expansion would substitute inside the root's "
                                "own polynomial")
    F0 = _taylor(f, xs, p, ORDER)
    return _truncate(sp.expand(F0.xreplace(dict(zip(xs, c, strict=True)))), [t], ORDER), False

