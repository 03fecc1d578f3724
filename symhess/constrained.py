"""Critical points of ``f`` on ``{g₁ = 0, …, gₘ = 0}``, found exactly and classified.

*Finding* (:func:`constrained_critical_points`): ``p`` is a candidate when the rows
``∇f, ∇g₁, …, ∇gₘ`` are linearly dependent there (the Fritz John conditions): every
``(m+1)×(m+1)`` minor of that Jacobian vanishes.  Where the ``∇gᵢ`` are independent (LICQ)
this is exactly ``∇f = Σ λᵢ∇gᵢ``, and the multipliers ``λ`` follow by linear algebra; where
they are dependent (the cusp of ``y² = x³``) the point is a candidate in its own right, one the
multiplier method alone misses.  For polynomial ``f`` and ``g`` the minors and constraints are
solved by a lex Gröbner basis with the real roots isolated exactly, so the list is complete.

*Classifying*: the Hessian of the Lagrangian ``L = f − Σ λᵢgᵢ`` restricted to the tangent space
``T = ker ∇g(p)``, ``R = Zᵀ ∇²L(p) Z`` for a basis ``Z`` of ``T``, decides a non-degenerate
point by its inertia (definite: strict constrained min/max; indefinite: saddle on the
constraint set).  The bordered Hessian's last ``n − m`` leading principal minors — the
textbook criterion — are reported beside it.  A singular semidefinite ``R`` goes to the
degenerate machinery of :mod:`symhess.critical` on a local parametrisation of the constraint
set: the implicit function theorem writes ``m`` coordinates as power series in the others, and
``f`` along that graph is classified as an unconstrained function.

*Global*: when one constraint's highest-degree form is definite, ``{g = 0}`` is bounded, so the
set is compact; with a complete candidate list the largest and smallest values of ``f`` among
the candidates are the global maximum and minimum on the set.

>>> from sympy import symbols
>>> x, y = symbols("x y")
>>> r = constrained_critical_points(x + y, [x**2 + y**2 - 1])
>>> for p in r.points:
...     print(p.point_text, p.type.value, p.multipliers["λ1"])
(x = -√2/2 ≈ -0.7071…, y = -√2/2 ≈ -0.7071…) min -sqrt(2)/2
(x = √2/2 ≈ 0.7071…, y = √2/2 ≈ 0.7071…) max sqrt(2)/2
>>> r.global_extrema.maximum.value
sqrt(2)

Reference: Nocedal & Wright, *Numerical Optimization*, §12.3–12.5 (second-order conditions,
the reduced Hessian); Magnus & Neudecker, *Matrix Differential Calculus*, ch. 7 (bordered
determinants).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.polys.domains import EX, QQ
from sympy.polys.matrices import DomainMatrix

from .budget import remaining, time_budget
from .calculus import hessian
from .critical import classify
from .critical.equations import _evaluate, _zero_dimensional_points
from .errors import BudgetExceeded, DimensionError, SymhessError, UndeterminedError
from .linalg import congruence_diagonalization, inertia
from .parsing import as_expr, parse_constraint
from .polysystem import number_field, real_solutions, to_field
from .rendering import inline, number_text
from .results import Result, exact, exact_matrix, latex, point_text, table
from .signs import is_zero, sign_or_none
from .verdict import Verdict

__all__ = [
    "ConstrainedPoint",
    "ConstrainedCriticalPoints",
    "BorderedMinors",
    "GlobalExtrema",
    "constrained_critical_points",
    "bordered_hessian",
]

#: Order to which the degenerate analysis expands f along the constraint set.
SERIES_ORDER = 12
#: Seconds SymPy's general solver may spend on a non-polynomial Lagrange system.
SOLVER_SECONDS = 10.0


# -- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BorderedMinors:
    """The textbook test: the last ``n − m`` leading principal minors of the bordered Hessian
    ``[[0, J], [Jᵀ, ∇²L]]`` (orders ``2m+1 … m+n``) with their signs.  A strict minimum shows
    the sign ``(−1)ᵐ`` in each; a strict maximum alternates, order ``2m + r`` with sign
    ``(−1)^(m+r)``."""

    m: int
    orders: tuple[int, ...]
    values: tuple[sp.Expr, ...]
    signs: tuple[int | None, ...]

    @property
    def pattern(self) -> str:
        """``'min'``, ``'max'`` or ``'neither'``: which textbook sign pattern the minors show."""
        want_min = tuple((-1) ** self.m for _ in self.orders)
        want_max = tuple((-1) ** (self.m + r) for r in range(1, len(self.orders) + 1))
        if self.signs == want_min:
            return "min"
        if self.signs == want_max:
            return "max"
        return "neither"

    def to_dict(self) -> dict:
        return {"orders": list(self.orders), "values": [exact(v) for v in self.values],
                "signs": list(self.signs), "pattern": self.pattern}

    def text(self) -> str:
        parts = ", ".join(f"B{k} = {number_text(v)}"
                          for k, v in zip(self.orders, self.values, strict=True))
        return (f"bordered Hessian minors {parts}: "
                + {"min": f"all of sign (−1)^{self.m} (min pattern)",
                   "max": "alternating, the first of sign (−1)^(m+1) (max pattern)",
                   "neither": "neither the min nor the max sign pattern"}[self.pattern])


@dataclass(frozen=True)
class ConstrainedPoint(Result):
    """A candidate point on the constraint set, its multipliers and its verdict."""

    point: dict
    value: sp.Expr
    multipliers: dict
    licq: bool
    type: Verdict = Verdict.UNDETERMINED
    strict: bool | None = None
    degenerate: bool = False
    criterion: str = ""
    certificate: str = ""
    tangent_basis: sp.ImmutableMatrix | None = None
    reduced_hessian: sp.ImmutableMatrix | None = None
    bordered: BorderedMinors | None = None

    @property
    def point_text(self) -> str:
        return point_text(self.point)

    def to_dict(self) -> dict:
        d = {"point": {str(k): exact(v) for k, v in self.point.items()},
             "value": exact(self.value),
             "multipliers": {k: exact(v) for k, v in self.multipliers.items()},
             "licq": self.licq, "type": self.type.value, "strict": self.strict,
             "degenerate": self.degenerate, "exact": True, "criterion": self.criterion,
             "certificate": self.certificate}
        if self.tangent_basis is not None:
            d["tangent_basis"] = exact_matrix(self.tangent_basis)
            d["reduced_hessian"] = exact_matrix(self.reduced_hessian)
        if self.bordered is not None:
            d["bordered_minors"] = self.bordered.to_dict()
        return d

    def lines(self) -> list[str]:
        lams = ", ".join(f"{k} = {number_text(v)}" for k, v in self.multipliers.items())
        out = [f"{self.point_text}: constrained {self.type.describe(self.strict)}"
               f"  (f = {number_text(self.value)}{'; ' + lams if lams else ''})"]
        if not self.licq:
            out.append("  LICQ fails: the constraint gradients are dependent here, so no "
                       "multipliers exist; a candidate all the same")
        if self.reduced_hessian is not None:
            out.append(f"  Hessian of the Lagrangian on the tangent space: "
                       f"{self.reduced_hessian.tolist()}")
        if self.bordered is not None:
            out.append(f"  {self.bordered.text()}")
        return [*out, f"  criterion: {self.criterion}", f"  certificate: {self.certificate}"]

    def latex(self) -> str:
        lams = r",\ ".join(rf"\lambda_{{{k[1:]}}} = {latex(v)}"
                           for k, v in self.multipliers.items())
        return (rf"{_point_latex(self.point)}:\ \text{{constrained "
                rf"{self.type.describe(self.strict)}}},\ f = {latex(self.value)}"
                + (rf",\ {lams}" if lams else r",\ \text{LICQ fails}"))


@dataclass(frozen=True)
class Extremum:
    value: sp.Expr
    points: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"value": exact(self.value),
                "points": [{str(k): exact(v) for k, v in p.items()} for p in self.points]}


@dataclass(frozen=True)
class GlobalExtrema:
    """Global maximum and minimum on a compact constraint set, and why they are global."""

    maximum: Extremum
    minimum: Extremum
    reason: str

    def to_dict(self) -> dict:
        return {"max": self.maximum.to_dict(), "min": self.minimum.to_dict(),
                "reason": self.reason}


@dataclass(frozen=True)
class ConstrainedFamily:
    """A positive-dimensional set of candidates, by its equations."""

    equations: tuple[sp.Expr, ...]
    type: Verdict = Verdict.UNDETERMINED
    strict: bool | None = None
    certificate: str = ""

    def to_dict(self) -> dict:
        return {"equations": [exact(e) for e in self.equations], "type": self.type.value,
                "strict": self.strict, "certificate": self.certificate}


@dataclass(frozen=True)
class ConstrainedCriticalPoints(Result):
    """Every candidate of ``f`` on the constraint set, classified; global extremes if proved."""

    f: sp.Expr
    constraints: tuple[sp.Expr, ...]
    variables: tuple[sp.Symbol, ...]
    points: tuple[ConstrainedPoint, ...]
    families: tuple[ConstrainedFamily, ...] = ()
    complete: bool = True
    method: str = ""
    global_extrema: GlobalExtrema | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = {"function": exact(self.f), "variables": [str(x) for x in self.variables],
             "constraints": [f"{exact(g)} = 0" for g in self.constraints],
             "critical_points": [p.to_dict() for p in self.points],
             "families": [fam.to_dict() for fam in self.families],
             "complete": self.complete, "method": self.method, "notes": list(self.notes)}
        if self.global_extrema is not None:
            d["global"] = self.global_extrema.to_dict()
        return d

    def lines(self) -> list[str]:
        subject = ", ".join(f"{inline(g)} = 0" for g in self.constraints)
        out = [f"f = {inline(self.f)} subject to {subject}",
               f"Lagrange (Fritz John) conditions solved by {self.method}: "
               f"{len(self.points)} point(s)"
               + (f", {len(self.families)} family(ies)" if self.families else "")
               + (" — provably complete" if self.complete else " — NOT proved complete")]
        rows = [[p.point_text, p.type.value, _strict_word(p), number_text(p.value),
                 ", ".join(f"{k} = {number_text(v)}" for k, v in p.multipliers.items())
                 or "LICQ fails"]
                for p in self.points]
        if rows:
            out += table(rows, ["point", "type", "strict", "f", "multipliers"])
        for p in self.points:
            out += ["", *p.lines()]
        for fam in self.families:
            out += ["", "family " + ", ".join(f"{e} = 0" for e in fam.equations)
                    + f": {fam.type.describe(fam.strict)}", f"  certificate: {fam.certificate}"]
        if self.global_extrema is not None:
            g = self.global_extrema
            out += ["", f"global maximum {number_text(g.maximum.value)} at "
                    + ", ".join(map(point_text, g.maximum.points)),
                    f"global minimum {number_text(g.minimum.value)} at "
                    + ", ".join(map(point_text, g.minimum.points)),
                    f"  why global: {g.reason}"]
        return out + [f"note: {n}" for n in self.notes]


    def latex(self) -> str:
        constraints = r",\ ".join(f"{latex(g)} = 0" for g in self.constraints)
        head = (rf"f = {latex(self.f)}\ \text{{ subject to }}\ {constraints}")
        rows = [rf"{_point_latex(p.point)} & \text{{{p.type.value}}} & "
                rf"\text{{{_strict_word(p)}}} & {latex(p.value)} & "
                + (r",\ ".join(rf"\lambda_{{{k[1:]}}} = {latex(v)}"
                               for k, v in p.multipliers.items()) or r"\text{LICQ fails}")
                for p in self.points]
        table_ = (r"\begin{array}{lllll}\text{point} & \text{type} & \text{strict} & f & "
                  r"\text{multipliers}\\ \hline " + r"\\ ".join(rows) + r"\end{array}")
        parts = [head, table_ if rows else r"\text{no isolated candidate}"]
        parts += [r"\text{family } " + r",\ ".join(f"{latex(e)} = 0" for e in fam.equations)
                  + rf":\ \text{{{fam.type.describe(fam.strict)}}}" for fam in self.families]
        if self.global_extrema is not None:
            g = self.global_extrema
            parts.append(rf"\max f = {latex(g.maximum.value)},\ \min f = "
                         rf"{latex(g.minimum.value)}\ \text{{(compact constraint set)}}")
        return r"\begin{gathered}" + r"\\ ".join(parts) + r"\end{gathered}"


def _point_latex(point: dict) -> str:
    return r"\left(" + ", ".join(f"{latex(k)} = {latex(v)}" for k, v in point.items()) \
        + r"\right)"


def _strict_word(p: ConstrainedPoint) -> str:
    if p.type in (Verdict.MIN, Verdict.MAX):
        return "strict" if p.strict else "non-strict"
    return ""


# -- the pieces, named from the mathematics ----------------------------------------------------


def lagrangian(f, constraints: Sequence, multipliers: Sequence) -> sp.Expr:
    """``L = f − Σ λᵢ gᵢ``.

    >>> from sympy import symbols
    >>> x, y, l = symbols("x y l")
    >>> lagrangian(x*y, [x + y - 1], [l])
    -l*(x + y - 1) + x*y
    """
    return f - sum((lam * g for lam, g in zip(multipliers, constraints, strict=True)),
                   sp.Integer(0))


def bordered_hessian(f, constraints: Sequence, multipliers: Sequence,
                     variables: Sequence) -> sp.ImmutableMatrix:
    """``[[0, J], [Jᵀ, ∇²L]]`` with ``J`` the Jacobian of the constraints.

    >>> from sympy import symbols
    >>> x, y, l = symbols("x y l")
    >>> bordered_hessian(x*y, [x + y - 1], [l], [x, y])
    Matrix([
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 0]])
    """
    J = sp.Matrix([[sp.diff(g, x) for x in variables] for g in constraints])
    HL = hessian(lagrangian(f, constraints, multipliers), variables)
    return sp.ImmutableMatrix(_bordered(J, HL))


def _bordered(J: sp.Matrix, HL: sp.Matrix) -> sp.Matrix:
    m = J.rows
    return sp.Matrix.vstack(sp.Matrix.hstack(sp.zeros(m, m), J), sp.Matrix.hstack(J.T, HL))


def fritz_john_equations(f, constraints: Sequence, variables: Sequence) -> list[sp.Expr]:
    """The constraints and every ``(m+1)``-minor of the Jacobian of ``(f, g₁, …, gₘ)``: zero
    exactly where ``∇f, ∇g₁, …, ∇gₘ`` are dependent (multipliers exist, or LICQ fails).

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> fritz_john_equations(x + y, [x**2 + y**2 - 1], [x, y])
    [x**2 + y**2 - 1, -2*x + 2*y]
    """
    rows = sp.Matrix([[sp.diff(h, x) for x in variables] for h in [f, *constraints]])
    k = rows.rows
    minors = [sp.expand(rows.extract(list(range(k)), list(cols)).det())
              for cols in itertools.combinations(range(len(variables)), k)]
    return [*constraints, *[m for m in minors if m != 0]]


# -- finding ----------------------------------------------------------------------------------


def _as_constraint(c) -> sp.Expr:
    """``g`` of ``g = 0`` from an expression (read as ``= 0``) or an equation; text goes
    through the whitelist parser (``g = h`` as an equation, a bare formula as ``g = 0``)."""
    if isinstance(c, str):
        c = parse_constraint(c) if "=" in c else as_expr(c)
    if isinstance(c, sp.Equality):
        return sp.expand(c.lhs - c.rhs)
    if isinstance(c, (sp.core.relational.Relational, sp.logic.boolalg.BooleanFunction,
                      sp.logic.boolalg.BooleanAtom)):
        raise DimensionError(f"a constraint must be an equation g = h, not {c}")
    return sp.expand(as_expr(c))


def constrained_critical_points(f, constraints: Iterable, variables: Iterable | None = None
                                ) -> ConstrainedCriticalPoints:
    """Every critical point of ``f`` on ``{g = 0}``: multipliers, LICQ, type and, on a compact
    set, the global extremes.  ``f`` and the constraints are SymPy expressions (or equations);
    text goes through :func:`symhess.parse_expr`/``parse_condition`` first.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> r = constrained_critical_points(x, [y**2 - x**3])
    >>> [(p.point_text, p.licq, p.type.value) for p in r.points]
    [('(x = 0, y = 0)', False, 'min')]
    """
    gs = tuple(_as_constraint(c) for c in constraints)
    if not gs:
        raise DimensionError("no constraint given: use classify for unconstrained points")
    f = as_expr(f)
    if variables is None:
        symbols = set().union(f.free_symbols, *(g.free_symbols for g in gs))
        xs = tuple(sorted(symbols, key=sp.default_sort_key))
    else:
        xs = tuple(variables)
    n, m = len(xs), len(gs)
    if m >= n:
        raise DimensionError(f"{m} constraint(s) in {n} variable(s): the constraint set is "
                             "(generically) a finite set of points, with nothing to compare "
                             "along it; give fewer constraints than variables")
    for g in gs:
        if not g.free_symbols & set(xs):
            raise DimensionError(f"the constraint {g} = 0 involves none of the variables")
    polynomial = all(e.is_polynomial(*xs) for e in (f, *gs))
    d = _Derivatives.of(f, gs, xs)
    with time_budget(None, "solving the Lagrange conditions"):
        if polynomial:
            points, basis = _solve_polynomial_system(d)
            method = "Gröbner basis (lex) of the Fritz John system, real roots isolated exactly"
            complete = basis is None
        else:
            points, solver_note = _solved_by_sympy(fritz_john_equations(f, list(gs), xs), xs)
            basis = None
            method = "SymPy's solver on the Lagrange conditions"
            complete = False
    families = () if basis is None else (_family(f, gs, xs, basis),)
    classified = tuple(_candidate(f, gs, xs, p, d) for p in points)
    notes = []
    if families and families[0].type is Verdict.UNDETERMINED:
        notes.append("the candidates form a positive-dimensional set; its isolated points are "
                     "not separated from it")
    elif families:
        complete = True  # f is constant on the whole set: every point is a candidate
    if not polynomial:
        notes.append("f or a constraint is not a polynomial: the solutions are SymPy's, each "
                     "checked exactly, but the list is not proved complete")
        if solver_note:
            notes.append(solver_note)
    result = ConstrainedCriticalPoints(f, gs, xs, classified, families, complete, method,
                                       None, tuple(notes))
    return _with_global_extrema(result)


def _determinant(rows: list[list]) -> object:
    """Leibniz's formula, for the small minors of ring elements here."""
    k = len(rows)
    total = 0
    for perm in itertools.permutations(range(k)):
        term = -1 if sum(1 for i, j in itertools.combinations(perm, 2) if i > j) % 2 else 1
        for i, j in enumerate(perm):
            term = term * rows[i][j]
        total = total + term
    return total


def _solve_polynomial_system(d: _Derivatives) -> tuple[list[dict], list | None]:
    """Real points of the Fritz John system (the constraints and the ``(m+1)``-minors of
    the Jacobian of ``(f, g)``), solved in ``ℚ[xs]``'s sparse ring
    (:func:`symhess.polysystem.real_solutions`) where the coefficients are rational, else by
    the expression path; ``([], basis)`` when the solution set is not finite."""
    xs = d.xs
    rows = [list(d.grad_f), *map(list, d.jac_g)]
    k = len(rows)
    minors = [_determinant([[row[j] for j in cols] for row in rows])
              for cols in itertools.combinations(range(len(xs)), k)]
    equations = [*d.constraints, *[mi for mi in minors if mi]]
    if d.ring is not None:
        points = real_solutions(equations, d.ring)
        if points is not None:
            return points, None
        equations = [e.as_expr() for e in equations]
    return _zero_dimensional_points([sp.expand(e) for e in equations], xs)


def _solved_by_sympy(equations, xs) -> tuple[list[dict], str]:
    """SymPy's solutions that are real and exactly solve the system, under a budget of
    :data:`SOLVER_SECONDS`; and a note when the solver gave up or ran out of time."""
    try:
        with time_budget(min(remaining(), SOLVER_SECONDS), "SymPy's solver"):
            solutions = sp.solve(equations, list(xs), dict=True)
    except (BudgetExceeded, NotImplementedError) as e:
        return [], f"SymPy's solver found no closed form ({e}); no candidate was found"
    real = []
    for s in solutions:
        if set(s) != set(xs) or any(v.free_symbols for v in s.values()):
            continue
        if all(is_zero(sp.im(v)) for v in s.values()) and all(
                is_zero(e.xreplace(s)) for e in equations):
            real.append(s)
    return real, ""


def _family(f, gs, xs, basis) -> ConstrainedFamily:
    """A family of candidates; when ``f`` is constant on the whole constraint set (``f − c``
    in the ideal of the ``g``), every point is a non-strict minimum and maximum at once."""
    G = sp.groebner(list(gs), *xs, order="grevlex")
    c = G.reduce(sp.expand(f))[1]
    if not c.free_symbols:
        return ConstrainedFamily(tuple(gs), Verdict.MIN, False,
                                 f"f − ({c}) lies in the ideal of the constraints: f = {c} at "
                                 "every point of the set, so each is a non-strict local "
                                 "minimum (and maximum)")
    return ConstrainedFamily(tuple(basis), Verdict.UNDETERMINED, None,
                             "a positive-dimensional set of candidates; its type along the "
                             "set is not decided")


# -- classifying ------------------------------------------------------------------------------


def _tidy(e: sp.Expr) -> sp.Expr:
    return e if e.is_Rational else sp.radsimp(sp.expand(e))


@dataclass(frozen=True)
class _AtPoint:
    """The derivatives of ``f`` and of the constraints at one point, over the point's field
    ``K``: ℚ, a number field ℚ(√2) or ℚ(θ) for a ``CRootOf`` θ (every value reduced, so a zero
    is 0), or SymPy's expression domain for other exact numbers."""

    K: object
    value: object
    J: DomainMatrix
    grad: DomainMatrix
    hess_f: DomainMatrix
    hess_g: tuple[DomainMatrix, ...]

    def sympy(self, a) -> sp.Expr:
        return self.K.to_sympy(a)

    def is_zero(self, a) -> bool | None:
        return a == self.K.zero if self.K is not EX else is_zero(self.sympy(a))

    def sign(self, a) -> int | None:
        return sign_or_none(self.sympy(a))[0]


@dataclass(frozen=True)
class _Derivatives:
    """∇f, ∇²f and each constraint's gradient and Hessian, differentiated once per problem:
    in the sparse ring ``ℚ[xs]`` when f and g are polynomials over ℚ (evaluated at a point in
    its number field), as expressions otherwise."""

    xs: tuple
    value: object
    constraints: tuple
    grad_f: tuple
    hess_f: tuple
    jac_g: tuple
    hess_g: tuple
    ring: object | None

    @classmethod
    def of(cls, f, gs, xs) -> _Derivatives:
        n = len(xs)
        try:
            R = sp.ring(xs, QQ, order="lex")[0]
            hs = [R(sp.Poly(e, *xs, domain=QQ).as_dict()) for e in (f, *gs)]
        except (sp.polys.polyerrors.PolynomialError, sp.polys.polyerrors.CoercionFailed):
            R, hs = None, [f, *gs]

        def d(h, i):
            return h.diff(R.gens[i]) if R is not None else sp.diff(h, xs[i])

        grads = [tuple(d(h, i) for i in range(n)) for h in hs]
        hessians = [tuple(tuple(d(g[i], j) for j in range(n)) for i in range(n))
                    for g in grads]
        return cls(xs, hs[0], tuple(hs[1:]), grads[0], hessians[0], tuple(grads[1:]),
                   tuple(hessians[1:]), R)

    def at(self, p: dict) -> _AtPoint:
        K = number_field(p.values()) or EX
        if self.ring is not None:
            coords = [K.from_sympy(p[x]) if K is EX else to_field(K, p[x]) for x in self.xs]

            def value(poly):
                return _evaluate(poly, coords, K)
        else:
            def value(e):
                v = e.xreplace(p)
                return K.from_sympy(v) if K is EX else to_field(K, sp.expand(v))

        def matrix(rows):
            rows = [[value(e) for e in row] for row in rows]
            return DomainMatrix(rows, (len(rows), len(rows[0])), K)

        return _AtPoint(K, value(self.value), matrix(self.jac_g),
                        matrix([[g] for g in self.grad_f]), matrix(self.hess_f),
                        tuple(matrix(h) for h in self.hess_g))


def _independent_columns(at: _AtPoint) -> tuple[int, ...] | None:
    """Columns of the ``m×n`` Jacobian whose ``m×m`` minor is exactly non-zero (LICQ holds),
    or ``None`` when every such minor is 0 (LICQ fails).  An undecided minor is an error."""
    m, n = at.J.shape
    undecided = False
    for cols in itertools.combinations(range(n), m):
        zero = at.is_zero(at.J.extract(list(range(m)), list(cols)).det())
        if zero is False:
            return cols
        undecided |= zero is None
    if undecided:
        raise UndeterminedError("could not decide whether the constraint gradients are "
                                "independent at this point", "an undecided exact zero test")
    return None


def _candidate(f, gs, xs, p, d: _Derivatives) -> ConstrainedPoint:
    at = d.at(p)
    value = at.sympy(at.value)
    try:
        W = _independent_columns(at)
    except UndeterminedError as e:
        return ConstrainedPoint(p, value, {}, False, criterion="LICQ not decided",
                                certificate=str(e))
    if W is None:
        return _licq_failure(f, gs, xs, p, value, at.J.to_Matrix())
    m, n = at.J.shape
    # ∇f = Jᵀλ: the m equations of the independent columns decide λ
    A_W = at.J.extract(list(range(m)), list(W))
    lam = [row[0] for row in A_W.transpose().lu_solve(at.grad.extract(list(W), [0])).to_list()]
    multipliers = {f"λ{i + 1}": at.sympy(v) for i, v in enumerate(lam)}
    HL = at.hess_f
    for lam_i, H in zip(lam, at.hess_g, strict=True):
        HL = HL - H * lam_i
    Z = _tangent_basis(at, W)
    R = Z.transpose() * HL * Z
    B = DomainMatrix.vstack(DomainMatrix.zeros((m, m), at.K).hstack(at.J),
                            at.J.transpose().hstack(HL))
    orders = tuple(range(2 * m + 1, m + n + 1))
    minors = [B.extract(list(range(k)), list(range(k))).det() for k in orders]
    bordered = BorderedMinors(m, orders, tuple(map(at.sympy, minors)),
                              tuple(map(at.sign, minors)))
    Rs = sp.ImmutableMatrix(R.to_Matrix())
    base = dict(point=p, value=value, multipliers=multipliers, licq=True,
                tangent_basis=sp.ImmutableMatrix(Z.to_Matrix()), reduced_hessian=Rs,
                bordered=bordered)
    try:
        n_plus, n_minus, n_zero = _inertia(at, R)
    except UndeterminedError as e:
        return ConstrainedPoint(**base, criterion="second-order test on the tangent space",
                                certificate=f"the inertia of the restricted Hessian is not "
                                f"decided: {e}")
    if n_zero == 0 and (n_plus == 0 or n_minus == 0):
        t = Verdict.MIN if n_minus == 0 else Verdict.MAX
        kind = "positive" if t is Verdict.MIN else "negative"
        return ConstrainedPoint(**base, type=t, strict=True,
                                criterion=f"Hessian of the Lagrangian {kind} definite on the "
                                "tangent space",
                                certificate=f"inertia of ZᵀH_L Z is {(n_plus, n_minus, n_zero)}"
                                f"; {bordered.text()}")
    if n_plus and n_minus:
        P, diag = congruence_diagonalization(Rs)
        witnesses = []
        for want, rel in ((1, ">"), (-1, "<")):
            i = next(i for i, v in enumerate(diag) if sign_or_none(v)[0] == want)
            v = (base["tangent_basis"] * P[:, i]).applyfunc(_tidy)
            witnesses.append(f"along the tangent vector {tuple(v)}, vᵀH_L v = {diag[i]} {rel} 0")
        return ConstrainedPoint(**base, type=Verdict.SADDLE, degenerate=n_zero > 0,
                                criterion="Hessian of the Lagrangian indefinite on the tangent "
                                "space",
                                certificate="; ".join(witnesses))
    return _degenerate(f, gs, xs, p, base, W, A_W)


def _inertia(at: _AtPoint, R: DomainMatrix) -> tuple[int, int, int]:
    """Inertia of the restricted Hessian, in the point's field: one tangent direction (a
    curve) is one exact sign; two (a surface) are read from det and trace (det < 0: one of
    each sign; det > 0: both of the trace's sign; det = 0: the trace's sign and a zero)."""

    def sign(value):
        s = at.sign(value)
        if s is None:
            raise UndeterminedError(f"cannot decide the sign of {at.sympy(value)}",
                                    "an undecided sign")
        return s

    if R.shape == (1, 1):
        (entry,), = R.to_list()
        s = sign(entry)
        return (int(s > 0), int(s < 0), int(s == 0))
    if R.shape == (2, 2):
        (a, b), (_, d) = R.to_list()
        det, trace = sign(a * d - b * b), sign(a + d)
        if det < 0:
            return (1, 1, 0)
        if det > 0:
            return (2, 0, 0) if trace > 0 else (0, 2, 0)
        return (int(trace > 0), int(trace < 0), 2 - abs(trace))
    return tuple(inertia(R.to_Matrix()))


def _tangent_basis(at: _AtPoint, W: Sequence[int]) -> DomainMatrix:
    """Columns spanning ``ker J``: each free coordinate ``s`` set to 1 and the dependent ones
    ``W`` solved, ``w = −A_W⁻¹ A_S s`` (the implicit function theorem's tangent map)."""
    m, n = at.J.shape
    S = [j for j in range(n) if j not in W]
    rows = range(m)
    D = at.J.extract(list(rows), list(W)).lu_solve(at.J.extract(list(rows), S)).to_list()
    K = at.K
    Z = [[K.zero] * len(S) for _ in range(n)]
    for k, j in enumerate(S):
        Z[j][k] = K.one
        for r, w in enumerate(W):
            Z[w][k] = -D[r][k]
    return DomainMatrix(Z, (n, len(S)), K)


def _degenerate(f, gs, xs, p, base, W, A_W: DomainMatrix) -> ConstrainedPoint:
    """``R`` semidefinite and singular: classify ``φ(s) = f(p + (s, w(s))) − f(p)`` where
    ``w(s)`` solves the constraints near ``p`` as a power series (implicit function theorem)."""
    criterion = "restricted Hessian semidefinite and singular: f along a local " \
                "parametrisation of the constraint set"
    if not all(e.is_polynomial(*xs) for e in (f, *gs)):
        return ConstrainedPoint(**base, degenerate=True, criterion=criterion,
                                certificate="f or a constraint is not a polynomial: the "
                                "parametrisation is not computed")
    phi, s, w_series = _reduced_function(f, gs, xs, p, W, A_W)
    origin = {v: sp.Integer(0) for v in s}
    try:
        c = classify(phi, origin, s)
    except (UndeterminedError, SymhessError) as e:
        return ConstrainedPoint(**base, degenerate=True, criterion=criterion,
                                certificate=f"the reduced function was not classified: {e}")
    t, strict = Verdict(c.type), c.strict
    # φ is f along the graph to order SERIES_ORDER only: a verdict that rests on f being
    # exactly zero along some curve (non-strict) is not shown for the true f
    if t in (Verdict.MIN, Verdict.MAX) and not strict:
        t, strict = Verdict.UNDETERMINED, None
    order = f"O(|s|^{SERIES_ORDER + 1})"
    free = [x for x in xs if xs.index(x) not in W]
    graph = ", ".join(f"{xs[w]} − {xs[w]}(p) = {e} + {order}" for w, e in w_series.items())
    names = ", ".join(f"{v} = {x} − {x}(p)" for v, x in zip(s, free, strict=True))
    return ConstrainedPoint(**base, type=t, strict=strict, degenerate=True,
                            criterion=criterion,
                            certificate=f"near p the constraint set is the graph {graph} "
                            f"({names}); along it f − f(p) = {phi} + {order}; "
                            f"{c.criterion}: {c.certificate}")


def _truncate(e: sp.Expr, s: Sequence[sp.Symbol], order: int) -> sp.Expr:
    e = sp.expand(e)
    if not e.free_symbols & set(s):
        return e
    poly = sp.Poly(e, *s)
    return sp.Add(*[c * sp.prod([v ** k for v, k in zip(s, mon, strict=True)])
                    for mon, c in poly.terms() if sum(mon) <= order])


def _reduced_function(f, gs, xs, p, W, A_W: DomainMatrix):
    """``φ(s)`` to order :data:`SERIES_ORDER`, its variables and the series ``w(s)``."""
    n, m = len(xs), len(gs)
    S = [j for j in range(n) if j not in W]
    s = [sp.Symbol(f"s{k + 1}") for k in range(len(S))]
    A_W_inv = A_W.inv().to_Matrix()
    w = sp.zeros(m, 1)

    def shifted(expr, wv):
        sub = {xs[j]: p[xs[j]] + s[k] for k, j in enumerate(S)}
        sub.update({xs[j]: p[xs[j]] + wv[r] for r, j in enumerate(W)})
        return sp.expand(expr.xreplace(sub))

    # w ← w − A_W⁻¹ g(p + (s, w)): each pass fixes one more order of the series
    for _ in range(SERIES_ORDER):
        residual = sp.Matrix([_truncate(shifted(g, w), s, SERIES_ORDER) for g in gs])
        if residual.is_zero_matrix:
            break  # w(s) solves the constraints exactly to this order
        w = (w - A_W_inv * residual).applyfunc(lambda e: _truncate(_tidy(e), s, SERIES_ORDER))
    phi = _tidy(_truncate(shifted(f, w) - f.xreplace(p), s, SERIES_ORDER))
    return phi, s, {W[r]: w[r] for r in range(m)}


def _licq_failure(f, gs, xs, p, value, J) -> ConstrainedPoint:
    """Where the ``∇gᵢ`` are dependent no multipliers need exist, and the constraint set may
    not be smooth (a cusp, a crossing).  ``f − f(p)`` is compared on the set itself: along a
    branch where one variable stays on one side of its value (a cusp), or along a line of the
    set through ``p`` (a crossing); otherwise undetermined with the reason."""
    d = sp.expand(f - value)
    criterion = "LICQ fails (constraint gradients dependent): f compared on the constraint set"
    if all(e.is_polynomial(*xs) for e in (d, *gs)):
        for decided in (_on_one_side(d, gs, xs, p), _along_lines(d, gs, xs, p)):
            if decided is not None:
                t, strict, certificate = decided
                return ConstrainedPoint(p, value, {}, False, t, strict, True, criterion,
                                        certificate)
    return ConstrainedPoint(p, value, {}, False, Verdict.UNDETERMINED, None, True,
                            "LICQ fails (constraint gradients dependent)",
                            f"∇g is {J.tolist()} here: no multipliers, and the type on the "
                            "constraint set is not decided")


def _lowest_term(e: sp.Expr, t: sp.Symbol) -> tuple[int, sp.Expr] | None:
    """``(k, c)`` of the lowest non-zero term ``c·tᵏ`` of a polynomial in ``t``."""
    terms = sp.Poly(sp.expand(e), t).terms()
    return min(((k, c) for (k,), c in terms if c != 0), default=None)


def _on_one_side(d, gs, xs, p):
    """A cusp: on ``{g = 0}`` near ``p`` one variable ``x`` stays on one side of ``x₀``
    (:func:`_side_on_constraint`) and ``d`` reduces modulo ``g`` to a polynomial in ``x``
    alone (the other variables' powers traded for powers of ``x − x₀``); the sign of its
    lowest term on that side is the sign of ``f − f(p)`` at every other point nearby."""
    u = sp.Symbol("u")
    for g in gs:
        for x in xs:
            side = _side_on_constraint(g, x, p, xs)
            if side is None:
                continue
            others = [v for v in xs if v != x]
            r = sp.reduced(d, [g], *others, x, order="lex")[1]
            if r.free_symbols - {x}:
                continue
            lowest = _lowest_term(r.xreplace({x: p[x] + u}), u)
            s = None if lowest is None else sign_or_none(lowest[1])[0]
            if not s:
                continue
            k, c = lowest
            t = Verdict.MIN if s * side**k > 0 else Verdict.MAX
            rel = "≥" if side > 0 else "≤"
            return t, True, (f"on {g} = 0 near p, {x} {rel} {p[x]} with equality only at p; "
                             f"there f − f(p) = {r} (reduced by the constraint), whose lowest "
                             f"term in u = {x} − {p[x]} is {c*u**k}: "
                             f"{'> 0' if t is Verdict.MIN else '< 0'} at every other point")
    return None


def _along_lines(d, gs, xs, p):
    """A crossing: lines ``p + t·v`` inside the constraint set (linear factors of the one
    constraint, two variables).  If ``f − f(p)`` changes sign along one of them, or has
    opposite signs on two, p is not an extremum on the set (a saddle); when every branch of
    the set through p is such a line and f − f(p) has one sign on all of them, p is a strict
    extremum."""
    if len(xs) != 2 or len(gs) != 1:
        return None
    t = sp.Symbol("t")
    x, y = xs
    signs, only_lines = {}, True
    for factor, _ in sp.factor_list(gs[0], *xs)[1]:
        if is_zero(factor.xreplace(p)) is not True:
            continue
        if sp.Poly(factor, *xs).total_degree() != 1:
            only_lines = False
            continue
        v = (-sp.diff(factor, y), sp.diff(factor, x))
        lowest = _lowest_term(d.xreplace({x: p[x] + t * v[0], y: p[y] + t * v[1]}), t)
        s = None if lowest is None else sign_or_none(lowest[1])[0]
        if s is None:
            only_lines = False
            continue
        k, c = lowest
        line = f"the line {factor} = 0"
        if k % 2:
            return Verdict.SADDLE, None, (f"along {line} in the constraint set, f − f(p) = "
                                          f"{c * t**k} + … changes sign with t")
        signs.setdefault(s, line)
    if len(signs) == 2:
        return Verdict.SADDLE, None, (f"f − f(p) > 0 along {signs[1]} and < 0 along "
                                      f"{signs[-1]}, both in the constraint set")
    if only_lines and len(signs) == 1:
        (s, _), = signs.items()
        t_ = Verdict.MIN if s > 0 else Verdict.MAX
        return t_, True, ("near p the constraint set is the lines through p of its linear "
                          f"factors, and f − f(p) is {'> 0' if s > 0 else '< 0'} along each "
                          "of them away from p (lowest terms of even degree)")
    return None


def _side_on_constraint(g, x, p, xs) -> int | None:
    """+1 if ``x ≥ p[x]`` on ``{g = 0}`` with equality only at ``p`` (−1 for ``≤``), shown
    when ``g = a·(x − x₀)^k − E(others)`` or its negative, with ``k`` odd, ``a`` a constant
    and ``E`` a sum of even monomials of one sign that vanishes only at the other
    coordinates of ``p``.  ``None`` when that form is not there."""
    u = sp.Symbol("u")
    shifted = sp.expand(g.xreplace({v: p[v] + (u if v == x else v) for v in xs}))
    others = [v for v in xs if v != x]
    in_x = sp.Add(*[t for t in sp.Add.make_args(shifted) if t.has(u)])
    rest = sp.expand(shifted - in_x)
    if not in_x.free_symbols <= {u} or rest.has(u):
        return None
    poly = sp.Poly(in_x, u)
    if len(poly.terms()) != 1:
        return None
    (k,), a = poly.terms()[0]
    if k % 2 == 0 or not rest.free_symbols or not rest.free_symbols <= set(others):
        return None
    rp = sp.Poly(rest, *others)
    signs = {sign_or_none(c)[0] for c in rp.coeffs()}
    if len(signs) != 1 or None in signs:
        return None
    if not all(e % 2 == 0 for mon in rp.monoms() for e in mon):
        return None
    if not all(rp.coeff_monomial(v ** sp.degree(rest, v)) != 0 for v in others):
        return None
    if any(p[v] != 0 for v in others):
        return None
    # a·u^k + rest = 0 with rest of sign σ: u^k has the sign −σ/a
    sa = sign_or_none(a)[0]
    if sa is None:
        return None
    return -signs.pop() * sa


# -- global extremes --------------------------------------------------------------------------


def _definite_form(top: sp.Poly) -> bool:
    """A homogeneous form that is zero only at 0: a definite quadratic form, a linear form in
    one variable, or a sum of even monomials of one sign with a pure power of each variable."""
    xs, d = top.gens, top.total_degree()
    if d == 1:
        return len(xs) == 1
    if d == 2:
        try:
            n_plus, n_minus, _ = inertia(hessian(top.as_expr(), xs))
        except (UndeterminedError, SymhessError):
            return False
        return (n_plus, n_minus) in ((len(xs), 0), (0, len(xs)))
    signs = {sign_or_none(c)[0] for c in top.coeffs()}
    return (d % 2 == 0 and len(signs) == 1 and None not in signs
            and all(e % 2 == 0 for mon in top.monoms() for e in mon)
            and all(top.coeff_monomial(v ** d) != 0 for v in xs))


def bounded_variables(constraints: Sequence, variables: Sequence) -> set:
    """Variables shown bounded on ``{g = 0}``, each step by one constraint: as a polynomial in
    its not-yet-bounded variables (coefficients in the bounded ones), a constraint whose
    highest-degree form has constant coefficients and is definite bounds them all
    (``|g| → ∞`` as they grow).  ``y² + z² = 4`` bounds y and z, then ``x + y + z = 1``
    bounds x.

    >>> from sympy import symbols
    >>> x, y, z = symbols("x y z")
    >>> sorted(map(str, bounded_variables([x + y + z - 1, y**2 + z**2 - 4], [x, y, z])))
    ['x', 'y', 'z']
    """
    bounded: set = set()
    progress = True
    while progress:
        progress = False
        for g in constraints:
            free = [v for v in variables if g.has(v) and v not in bounded]
            if not free:
                continue
            poly = sp.Poly(g, *free)
            d = poly.total_degree()
            top = [(mon, c) for mon, c in poly.terms() if sum(mon) == d]
            if d == 0 or any(c.free_symbols for _, c in top):
                continue
            form = sp.Poly(sp.Add(*[c * sp.prod([v ** k for v, k in zip(free, mon,
                                                                         strict=True)])
                                    for mon, c in top]), *free)
            if _definite_form(form):
                bounded |= set(free)
                progress = True
    return bounded


def _with_global_extrema(r: ConstrainedCriticalPoints) -> ConstrainedCriticalPoints:
    if not r.complete or r.families or not r.points:
        return r
    if not all(g.is_polynomial(*r.variables) for g in r.constraints):
        return r
    if bounded_variables(r.constraints, r.variables) != set(r.variables):
        return r
    values = [p.value for p in r.points]

    def compare(a, b):
        s = sign_or_none(_tidy(a - b))[0]
        if s is None:
            raise UndeterminedError(f"cannot compare {a} and {b}", "undecided sign")
        return s

    try:
        top = values[0]
        low = values[0]
        for v in values[1:]:
            if compare(v, top) > 0:
                top = v
            if compare(v, low) < 0:
                low = v
        at_top = tuple(p.point for p in r.points if compare(p.value, top) == 0)
        at_low = tuple(p.point for p in r.points if compare(p.value, low) == 0)
    except UndeterminedError:
        return r
    reason = ("the constraints bound every variable (each in turn by a constraint whose "
              "highest-degree form in the unbounded ones is definite), so the constraint set "
              "is compact and f attains its extremes on it; every candidate, "
              "LICQ failures included, was found, and these are the largest and smallest "
              "values among them")
    g = GlobalExtrema(Extremum(top, at_top), Extremum(low, at_low), reason)
    return ConstrainedCriticalPoints(r.f, r.constraints, r.variables, r.points, r.families,
                                     r.complete, r.method, g, r.notes)
