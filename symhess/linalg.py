"""Exact analysis of symmetric matrices: minors, characteristic polynomial, eigen-
decomposition, inertia, definiteness (also with parameters), condition number, shifts.

Every sign that decides something is decided exactly (:func:`symhess.signs.sign`); the
arithmetic runs in SymPy's ``DomainMatrix`` over the smallest exact domain that holds the
entries (``QQ``, an algebraic field such as ``QQ<sqrt(2)>``, or a polynomial ring for
parameters), with python-flint underneath when it is installed.

>>> from symhess.parsing import parse_matrix
>>> H = parse_matrix("[[2,1],[1,2]]")
>>> leading_principal_minors(H)
[2, 3]
>>> characteristic_polynomial(H)
lambda**2 - 4*lambda + 3
>>> tuple(inertia(H))
(2, 0, 0)
>>> definiteness(H).classification
'positive definite'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from .errors import (
    DimensionError,
    NotSquareError,
    NotSymmetricError,
    SymhessError,
    UndeterminedError,
)
from .parsing import as_expr, parse_matrix
from .polysystem import number_field, to_field
from .rendering import alternating_minors, condition_latex, condition_text, latex_text
from .results import Result, exact, exact_matrix, latex, pretty
from .signs import enclose, is_zero, sign

__all__ = [
    "LAMBDA",
    "CLASSES",
    "as_matrix",
    "is_symmetric",
    "leading_principal_minors",
    "principal_minors",
    "characteristic_polynomial",
    "eigenvalues",
    "Eigenvalue",
    "eigendecomposition",
    "EigenDecomposition",
    "congruence_diagonalization",
    "inertia",
    "Inertia",
    "definiteness",
    "Definiteness",
    "condition_number",
    "ConditionNumber",
    "eigenvalues_2x2",
    "shift",
    "Shift",
]

#: The symbol of characteristic polynomials, ``p(λ) = det(λI − H)``.
LAMBDA = sp.Symbol("lambda")

#: The five kinds of definiteness, in the order the textbook lists them.
CLASSES = (
    "positive definite",
    "positive semidefinite",
    "negative definite",
    "negative semidefinite",
    "indefinite",
)

#: Principal minors are listed (there are 2ⁿ − 1 of them) up to this size.
PRINCIPAL_MINORS_UP_TO = 10


# -- input ----------------------------------------------------------------------------------


def as_matrix(M, *, square: bool = True) -> sp.ImmutableMatrix:
    """A SymPy matrix from a matrix, nested lists, or text (read by the safe parser)."""
    if isinstance(M, str):
        M = parse_matrix(M)
    elif isinstance(M, (list, tuple)):
        M = as_expr(M)
    try:
        M = sp.ImmutableMatrix(M)
    except (TypeError, ValueError) as why:
        raise DimensionError(f"not a matrix: {why}") from None
    if M.rows == 0 or M.cols == 0:
        raise DimensionError("the matrix is empty")
    if square and M.rows != M.cols:
        raise NotSquareError(f"a square matrix is needed, got {M.rows}×{M.cols}")
    return M


def _domain_matrix(M: sp.MatrixBase) -> DomainMatrix:
    """``M`` over the smallest exact domain for its entries."""
    entries = M.flat()
    # rational entries (the common case) or CRootOf ones: the field is known, so SymPy's
    # domain search (a primitive element for algebraic entries, slow) is skipped
    K = QQ if all(e.is_Rational for e in entries) else (
        number_field(entries) if any(e.has(sp.CRootOf) for e in entries) else None)
    if K is not None:
        n = M.cols
        rows = [[to_field(K, e) for e in entries[i * n:(i + 1) * n]] for i in range(M.rows)]
        return DomainMatrix(rows, M.shape, K)
    try:
        return DomainMatrix.from_Matrix(sp.Matrix(M), extension=True)
    except (sp.polys.polyerrors.CoercionFailed, NotImplementedError, ValueError, TypeError):
        return DomainMatrix.from_Matrix(sp.Matrix(M))


def _to_expr(dm: DomainMatrix, element) -> sp.Expr:
    return dm.domain.to_sympy(element)


def _parameters(M: sp.MatrixBase) -> tuple[sp.Symbol, ...]:
    return tuple(sorted(M.free_symbols, key=sp.default_sort_key))


def is_symmetric(M) -> bool:
    """Whether ``M = Mᵀ`` exactly (entries compared by exact zero tests).

    >>> is_symmetric([[1, 2], [2, 1]]), is_symmetric([[1, 2], [0, 1]])
    (True, False)
    """
    M = as_matrix(M)
    for i in range(M.rows):
        for j in range(i + 1, M.cols):
            d = M[i, j] - M[j, i]
            if d.free_symbols:
                if sp.simplify(d) != 0:
                    return False
            elif not is_zero(d):
                return False
    return True


# -- minors and the characteristic polynomial -------------------------------------------------


def leading_principal_minors(M) -> list[sp.Expr]:
    """``[D₁, …, Dₙ]`` with ``Dₖ = det(M[:k, :k])`` (Sylvester's criterion reads these).

    >>> from sympy import Symbol
    >>> leading_principal_minors([[1, Symbol("k")], [Symbol("k"), 4]])
    [1, 4 - k**2]
    """
    M = as_matrix(M)
    if M.is_diagonal() and not M.free_symbols:
        return [sp.radsimp(sp.expand(m)) for m in itertools.accumulate(
            (M[i, i] for i in range(M.rows)), lambda a, b: a * b)]
    dm = _domain_matrix(M)
    return [_to_expr(dm, dm.extract(range(k), range(k)).det()) for k in range(1, M.rows + 1)]


def principal_minors(M) -> dict[tuple[int, ...], sp.Expr]:
    """Every principal minor ``det(M[S, S])`` for non-empty index sets ``S`` (0-based).

    Positive semidefiniteness needs all of them to be ≥ 0, not just the leading ones.

    >>> principal_minors([[0, 0], [0, -1]])
    {(0,): 0, (1,): -1, (0, 1): 0}
    """
    M = as_matrix(M)
    dm = _domain_matrix(M)
    n = M.rows
    out: dict[tuple[int, ...], sp.Expr] = {}
    for size in range(1, n + 1):
        for S in itertools.combinations(range(n), size):
            out[S] = _to_expr(dm, dm.extract(list(S), list(S)).det())
    return out


def _charpoly_coefficients(M: sp.MatrixBase) -> list[sp.Expr]:
    dm = _domain_matrix(M)
    return [_to_expr(dm, c) for c in dm.charpoly()]


def characteristic_polynomial(M, symbol: sp.Symbol = LAMBDA) -> sp.Expr:
    """``p(λ) = det(λI − M)``, monic, as an expression in ``symbol``.

    >>> characteristic_polynomial([[0, 1], [1, 0]])
    lambda**2 - 1
    """
    return _polynomial_in(_charpoly_coefficients(as_matrix(M)), symbol)


def _polynomial_in(coeffs: list[sp.Expr], symbol: sp.Symbol) -> sp.Expr:
    n = len(coeffs) - 1
    return sp.Add(*(sp.expand(c) * symbol ** (n - i) for i, c in enumerate(coeffs)))


# -- eigenvalues ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eigenvalue:
    """An exact eigenvalue with its algebraic multiplicity."""

    value: sp.Expr
    multiplicity: int

    def to_dict(self) -> dict:
        return {"value": exact(self.value), "multiplicity": int(self.multiplicity)}

    def __str__(self) -> str:
        m = f" (×{self.multiplicity})" if self.multiplicity > 1 else ""
        return f"{self.value}{m}"


def _compare(a: sp.Expr, b: sp.Expr) -> int:
    return sign(sp.expand(a - b))


def _roots_of_factor(factor: sp.Expr, x: sp.Symbol) -> list[sp.Expr] | None:
    """All real roots of one irreducible factor, as radicals when they are real radicals."""
    poly = sp.Poly(factor, x)
    degree = poly.degree()
    if degree <= 2:
        return sorted(sp.roots(poly, multiple=True), key=sp.default_sort_key)
    found = sp.roots(poly, cubics=False, quartics=False, quintics=False, multiple=True)
    if len(found) == degree and not any(r.has(sp.I) for r in found):
        return found
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        return [sp.CRootOf(poly, i) for i in range(degree)]
    return None


def eigenvalues(M) -> list[Eigenvalue]:
    """The exact eigenvalues in increasing order, with multiplicities.

    Radicals where the irreducible factors of the characteristic polynomial have degree ≤ 2
    (or are biquadratic), else ``CRootOf`` (exact real algebraic numbers).  A symmetric
    matrix has only real eigenvalues.

    >>> eigenvalues([[2, 1], [1, 2]])
    [Eigenvalue(value=1, multiplicity=1), Eigenvalue(value=3, multiplicity=1)]
    >>> [str(e) for e in eigenvalues([[1, 1], [1, 2]])]
    ['3/2 - sqrt(5)/2', 'sqrt(5)/2 + 3/2']
    """
    M = as_matrix(M)
    p = characteristic_polynomial(M, LAMBDA)
    if M.free_symbols:
        found = sp.roots(sp.Poly(p, LAMBDA))
        if sum(found.values()) != M.rows:
            raise UndeterminedError(
                "the eigenvalues of this parametric matrix have no closed form",
                "the characteristic polynomial has no solution in radicals",
            )
        return [Eigenvalue(sp.simplify(v), m) for v, m in found.items()]
    _, factors = sp.factor_list(p, LAMBDA, extension=None)
    values: list[Eigenvalue] = []
    for factor, mult in factors:
        roots = _roots_of_factor(factor, LAMBDA)
        if roots is None:
            roots_found = sp.roots(sp.Poly(factor, LAMBDA))
            if sum(roots_found.values()) != sp.degree(factor, LAMBDA):
                raise UndeterminedError(
                    f"no exact form for the roots of {factor}",
                    "an irreducible factor over an algebraic field of degree ≥ 3",
                )
            roots = [r for r, k in roots_found.items() for _ in range(k)]
        values.extend(Eigenvalue(r, mult) for r in roots)
    merged: list[Eigenvalue] = []
    for ev in sorted(values, key=functools.cmp_to_key(lambda a, b: _compare(a.value, b.value))):
        if merged and _compare(merged[-1].value, ev.value) == 0:
            merged[-1] = Eigenvalue(merged[-1].value, merged[-1].multiplicity + ev.multiplicity)
        else:
            merged.append(ev)
    return merged


# -- congruence and inertia -------------------------------------------------------------------


def congruence_diagonalization(M) -> tuple[sp.ImmutableMatrix, list[sp.Expr]]:
    """``(P, d)`` with ``Pᵀ M P = diag(d)`` exactly (Lagrange's reduction to squares).

    By Sylvester's law of inertia the signs of ``d`` are the signs of the eigenvalues, and the
    columns ``pᵢ`` of ``P`` are witnesses: ``pᵢᵀ M pᵢ = dᵢ``.

    >>> P, d = congruence_diagonalization([[0, 1], [1, 0]])
    >>> d
    [2, -1/2]
    >>> P.T * sp.Matrix([[0, 1], [1, 0]]) * P
    Matrix([
    [2,    0],
    [0, -1/2]])
    """
    M = as_matrix(M)
    if M.free_symbols:
        raise UndeterminedError(
            "the matrix has parameters", f"it depends on {', '.join(map(str, _parameters(M)))}"
        )
    n = M.rows
    if M.is_diagonal():  # already diagonal: no domain to build (costly for algebraic entries)
        return sp.ImmutableMatrix(sp.eye(n)), [M[i, i] for i in range(n)]
    dm = _domain_matrix(M).to_field()
    K = dm.domain
    A = [[dm.rep.getitem(i, j) for j in range(n)] for i in range(n)]
    P = [[K.one if i == j else K.zero for j in range(n)] for i in range(n)]

    def nonzero(a) -> bool:
        if K.is_QQ or K.is_ZZ or K.is_AlgebraicField:
            return not K.is_zero(a)
        z = is_zero(K.to_sympy(a))
        if z is None:
            raise UndeterminedError(
                f"cannot decide whether {K.to_sympy(a)} is zero", "an undecidable zero test"
            )
        return not z

    def swap(i: int, j: int) -> None:
        A[i], A[j] = A[j], A[i]
        for row in A:
            row[i], row[j] = row[j], row[i]
        for row in P:
            row[i], row[j] = row[j], row[i]

    def add_to(k: int, j: int, c) -> None:
        """Column and row k += c · (column and row j): A ← EᵀAE, P ← PE."""
        for row in A:
            row[k] = row[k] + c * row[j]
        A[k] = [A[k][t] + c * A[j][t] for t in range(n)]
        for row in P:
            row[k] = row[k] + c * row[j]

    for k in range(n):
        if not nonzero(A[k][k]):
            j = next((j for j in range(k + 1, n) if nonzero(A[j][j])), None)
            if j is not None:
                swap(k, j)
            else:
                j = next((j for j in range(k + 1, n) if nonzero(A[k][j])), None)
                if j is None:
                    continue
                add_to(k, j, K.one)
        pivot = A[k][k]
        for i in range(k + 1, n):
            if nonzero(A[i][k]):
                add_to(i, k, -A[i][k] / pivot)
    Pm = sp.ImmutableMatrix(n, n, lambda i, j: K.to_sympy(P[i][j]))
    return Pm, [K.to_sympy(A[i][i]) for i in range(n)]


@dataclass(frozen=True)
class Inertia(Result):
    """The inertia ``(n₊, n₋, n₀)``: how many eigenvalues are positive, negative, zero.

    Decided without finding roots: the characteristic polynomial of a symmetric matrix has only
    real roots, so Descartes' rule of signs counts them exactly; the congruence
    ``PᵀHP = diag(d)`` (Sylvester's law of inertia) must give the same counts.
    """

    positive: int
    negative: int
    zero: int
    characteristic_polynomial: sp.Expr
    coefficient_signs: tuple[int, ...]
    congruence_diagonal: tuple[sp.Expr, ...]
    congruence: sp.ImmutableMatrix

    def __iter__(self):
        return iter((self.positive, self.negative, self.zero))

    def __eq__(self, other):
        if isinstance(other, tuple):
            return tuple(self) == other
        if isinstance(other, Inertia):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self):
        return hash(tuple(self))

    @property
    def sign_changes(self) -> int:
        nonzero = [s for s in self.coefficient_signs if s]
        return sum(1 for a, b in itertools.pairwise(nonzero) if a != b)

    def to_dict(self) -> dict:
        return {
            "inertia": list(self),
            "characteristic_polynomial": exact(self.characteristic_polynomial),
            "coefficient_signs": list(self.coefficient_signs),
            "congruence_diagonal": [exact(d) for d in self.congruence_diagonal],
        }

    def lines(self) -> list[str]:
        signs = " ".join({1: "+", -1: "−", 0: "0"}[s] for s in self.coefficient_signs)
        return [
            f"inertia (n₊, n₋, n₀) = {tuple(self)}",
            f"  Descartes: p(λ) = {self.characteristic_polynomial} has coefficient signs "
            f"{signs}: {self.sign_changes} sign change(s) → {self.positive} positive root(s); "
            f"λ^{self.zero} divides p → {self.zero} zero root(s)",
            "  Sylvester's law of inertia: PᵀHP = diag("
            + ", ".join(map(str, self.congruence_diagonal)) + ")",
        ]

    def latex(self) -> str:
        return r"(n_+, n_-, n_0) = " + latex(tuple(self))


def inertia(M) -> Inertia:
    """``(n₊, n₋, n₀)`` of a symmetric matrix, exactly and without computing eigenvalues.

    >>> tuple(inertia([[1, 2], [2, 1]]))
    (1, 1, 0)
    >>> tuple(inertia([[0, 0], [0, -1]]))
    (0, 1, 1)
    """
    M = as_matrix(M)
    if M.free_symbols:
        raise UndeterminedError(
            "the inertia depends on the parameters "
            + ", ".join(map(str, _parameters(M))),
            "a parametric matrix; use definiteness() for the regions",
        )
    if not is_symmetric(M):
        raise NotSymmetricError("inertia is defined for symmetric matrices; this one is not")
    n = M.rows
    coeffs = _charpoly_coefficients(M)
    signs = tuple(sign(c) for c in coeffs)
    zero = 0
    while zero < n and signs[n - zero] == 0:
        zero += 1
    nonzero = [s for s in signs if s]
    positive = sum(1 for a, b in itertools.pairwise(nonzero) if a != b)
    mirrored = [s * (-1) ** (n - i) for i, s in enumerate(signs) if s]
    negative = sum(1 for a, b in itertools.pairwise(mirrored) if a != b)
    P, d = congruence_diagonalization(M)
    d_signs = [sign(v) for v in d]
    by_congruence = (d_signs.count(1), d_signs.count(-1), d_signs.count(0))
    if (positive, negative, zero) != by_congruence or positive + negative + zero != n:
        raise SymhessError(  # pragma: no cover - the two theorems cannot disagree
            f"internal check failed: Descartes gives {(positive, negative, zero)}, "
            f"Sylvester's law of inertia gives {by_congruence}"
        )
    return Inertia(
        positive=positive,
        negative=negative,
        zero=zero,
        characteristic_polynomial=_polynomial_in(coeffs, LAMBDA),
        coefficient_signs=signs,
        congruence_diagonal=tuple(d),
        congruence=P,
    )


# -- definiteness -----------------------------------------------------------------------------


def _class_of(n_plus: int, n_minus: int, n_zero: int) -> str:
    if n_minus == 0 and n_zero == 0:
        return "positive definite"
    if n_plus == 0 and n_zero == 0:
        return "negative definite"
    if n_minus == 0:
        return "positive semidefinite"
    if n_plus == 0:
        return "negative semidefinite"
    return "indefinite"


@dataclass(frozen=True)
class Definiteness(Result):
    """Which of the five kinds a symmetric matrix is, with the evidence that decides it.

    For a matrix with parameters, ``classification`` is ``"depends"`` and ``conditions`` maps
    each kind to the exact condition on the parameters under which the matrix is of that kind.
    """

    matrix: sp.ImmutableMatrix
    classification: str
    criterion: str
    evidence: tuple[str, ...]
    leading_principal_minors: tuple[sp.Expr, ...]
    characteristic_polynomial: sp.Expr
    inertia: Inertia | None = None
    principal_minors: dict | None = None
    witnesses: tuple[tuple[sp.ImmutableMatrix, sp.Expr], ...] = ()
    symmetrized: bool = False
    parameters: tuple[sp.Symbol, ...] = ()
    conditions: dict | None = None
    also: tuple[str, ...] = field(default=())

    @functools.cached_property
    def eigenvalues(self) -> list[Eigenvalue] | None:
        """Exact eigenvalues (for the report; the decision never needs them)."""
        try:
            return eigenvalues(self.matrix)
        except UndeterminedError:
            return None

    @property
    def is_positive_definite(self) -> bool | None:
        return self._is("positive definite")

    @property
    def is_positive_semidefinite(self) -> bool | None:
        return self._is("positive definite", "positive semidefinite")

    @property
    def is_negative_definite(self) -> bool | None:
        return self._is("negative definite")

    @property
    def is_negative_semidefinite(self) -> bool | None:
        return self._is("negative definite", "negative semidefinite")

    @property
    def is_indefinite(self) -> bool | None:
        return self._is("indefinite")

    def _is(self, *kinds: str) -> bool | None:
        if self.classification == "depends":
            return None
        return self.classification in kinds or any(k in self.also for k in kinds)

    def to_dict(self) -> dict:
        d = {
            "matrix": exact_matrix(self.matrix),
            "class": self.classification,
            "inertia": list(self.inertia) if self.inertia is not None else None,
            "leading_principal_minors": [exact(m) for m in self.leading_principal_minors],
            "characteristic_polynomial": exact(self.characteristic_polynomial),
            "eigenvalues": [e.to_dict() for e in self.eigenvalues]
            if self.eigenvalues is not None else None,
            "criterion": self.criterion,
            "evidence": list(self.evidence),
            "symmetrized": self.symmetrized,
            "exact": True,
        }
        if self.principal_minors is not None:
            d["principal_minors"] = {
                ",".join(str(i + 1) for i in S): exact(v) for S, v in self.principal_minors.items()
            }
        if self.witnesses:
            d["witnesses"] = [
                {"vector": [exact(c) for c in v], "quadratic_form": exact(q)}
                for v, q in self.witnesses
            ]
        if self.also:
            d["also"] = list(self.also)
        if self.parameters:
            d["parameters"] = [str(p) for p in self.parameters]
            d["conditions"] = {k: exact(v) for k, v in (self.conditions or {}).items()}
        return d

    def lines(self) -> list[str]:
        out = ["H =", *("  " + line for line in pretty(self.matrix).splitlines())]
        if self.symmetrized:
            out.append("(not symmetric: the quadratic form only sees the symmetric part "
                       "(H + Hᵀ)/2, which is analysed)")
        if self.classification == "depends":
            out.append(f"The kind depends on {', '.join(map(str, self.parameters))}:")
            for kind, cond in (self.conditions or {}).items():
                out.append(f"  {kind}: {condition_text(cond)}")
        else:
            extra = f" (and {', '.join(self.also)})" if self.also else ""
            out.append(f"{self.classification}{extra}")
        out.append(f"criterion: {self.criterion}")
        out.extend(f"  {e}" for e in self.evidence)
        if self.eigenvalues is not None and not self.parameters:
            out.append("eigenvalues: " + ", ".join(map(str, self.eigenvalues)))
        return out

    def latex(self) -> str:
        if self.classification == "depends":
            body = r"\\ ".join(
                latex_text(k) + r": & " + condition_latex(v)
                for k, v in (self.conditions or {}).items()
            )
            return latex(self.matrix) + r"\ \begin{cases}" + body + r"\end{cases}"
        return latex(self.matrix) + r"\ \text{is " + self.classification + "}"


def _fmt_minors(values: Sequence[sp.Expr]) -> str:
    return ", ".join(str(v) for v in values)


def definiteness(M) -> Definiteness:
    """Classify a symmetric matrix exactly as one of :data:`CLASSES`, with its evidence.

    The decision comes from the inertia (Descartes' rule of signs on ``det(λI − H)``, checked
    against a congruence diagonalisation); the minors are reported as the textbook criteria
    read them.  Leading principal minors ≥ 0 do *not* make a matrix positive semidefinite:

    >>> d = definiteness([[0, 0], [0, -1]])
    >>> d.classification, d.leading_principal_minors
    ('negative semidefinite', (0, 0))

    With parameters the answer is a condition per kind:

    >>> from sympy import Symbol
    >>> d = definiteness([[1, Symbol("k")], [Symbol("k"), 4]])
    >>> d.classification, d.conditions["positive definite"]
    ('depends', (k > -2) & (k < 2))
    """
    M = as_matrix(M)
    symmetrized = not is_symmetric(M)
    if symmetrized:
        M = sp.ImmutableMatrix((M + M.T) / 2)
    if M.free_symbols:
        return _parametric_definiteness(M, symmetrized)
    n = M.rows
    lead = leading_principal_minors(M)
    inert = inertia(M)
    kind = _class_of(*inert)
    lead_signs = [sign(m) for m in lead]
    evidence = [line.strip() for line in inert.lines()[1:]]
    principal = principal_minors(M) if n <= PRINCIPAL_MINORS_UP_TO else None
    also: tuple[str, ...] = ()
    if kind == "positive definite":
        _agree(all(s > 0 for s in lead_signs), "Sylvester", lead)
        criterion = f"Sylvester: the leading principal minors {_fmt_minors(lead)} are all > 0"
    elif kind == "negative definite":
        _agree(all(s == (-1) ** (k + 1) for k, s in enumerate(lead_signs)), "Sylvester", lead)
        criterion = (f"Sylvester (for −H): the leading principal minors {_fmt_minors(lead)} "
                     "alternate in sign, starting negative")
    elif kind == "indefinite":
        criterion = (f"eigenvalues of both signs: {inert.positive} positive, "
                     f"{inert.negative} negative")
    else:
        positive = kind == "positive semidefinite"
        criterion = (f"eigenvalues {'≥' if positive else '≤'} 0 with {inert.zero} zero "
                     "eigenvalue(s): singular, so not definite")
        if principal is not None:
            rule = "≥ 0" if positive else "of sign (−1)ᵏ or 0 for order k"
            evidence.append(f"all {len(principal)} principal minors are {rule} "
                            "(the leading ones alone would not prove it)")
        if inert.zero == n:
            also = ("negative semidefinite",)
            criterion = "the zero matrix: both positive and negative semidefinite"
    if kind not in ("positive definite", "positive semidefinite") and all(
        s >= 0 for s in lead_signs
    ):
        evidence.append(_semidefinite_trap(lead, principal))
    P, d = inert.congruence, inert.congruence_diagonal
    witnesses = () if kind.endswith(" definite") else tuple(
        (sp.ImmutableMatrix(P[:, i]), d[i]) for i in _witness_columns(d)
    )
    for v, q in witnesses:
        evidence.append(f"vᵀHv = {q} for v = {list(v)}")
    return Definiteness(
        matrix=M,
        classification=kind,
        criterion=criterion,
        evidence=tuple(evidence),
        leading_principal_minors=tuple(lead),
        characteristic_polynomial=inert.characteristic_polynomial,
        inertia=inert,
        principal_minors=principal,
        witnesses=witnesses,
        symmetrized=symmetrized,
        also=also,
    )


def _agree(holds: bool, criterion: str, minors) -> None:
    if not holds:  # pragma: no cover - Sylvester's criterion and the inertia cannot disagree
        raise SymhessError(f"internal check failed: {criterion} disagrees ({minors})")


def _semidefinite_trap(lead, principal) -> str:
    """Why leading minors ≥ 0 did not make the matrix positive semidefinite."""
    text = (f"the leading principal minors {_fmt_minors(lead)} are all ≥ 0, yet the matrix is "
            "not positive semidefinite")
    if principal:
        S, v = next((S, v) for S, v in principal.items() if sign(v) < 0)
        rows = ",".join(str(i + 1) for i in S)
        text += f": the principal minor on rows/columns {{{rows}}} is {v} < 0"
    return text


def _witness_columns(d: Sequence[sp.Expr]) -> list[int]:
    """One congruence column per sign that occurs (a certificate for each kind of direction)."""
    seen: dict[int, int] = {}
    for i, v in enumerate(d):
        seen.setdefault(sign(v), i)
    return [seen[s] for s in (1, -1, 0) if s in seen]


# -- parametric definiteness ------------------------------------------------------------------


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


# -- eigendecomposition -----------------------------------------------------------------------


@dataclass(frozen=True)
class EigenDecomposition(Result):
    """``H = QΛQᵀ`` with ``Q`` orthogonal, exactly, and the checks that prove it."""

    matrix: sp.ImmutableMatrix
    eigenvalues: tuple[Eigenvalue, ...]
    Q: sp.ImmutableMatrix
    Lambda: sp.ImmutableMatrix
    checks: dict[str, bool]
    how: str = "multiplied out exactly"

    def to_dict(self) -> dict:
        return {
            "matrix": exact_matrix(self.matrix),
            "eigenvalues": [e.to_dict() for e in self.eigenvalues],
            "Q": exact_matrix(self.Q),
            "Lambda": exact_matrix(self.Lambda),
            "checks": dict(self.checks),
            "how": self.how,
        }

    def lines(self) -> list[str]:
        out = ["eigenvalues: " + ", ".join(map(str, self.eigenvalues)), "Q ="]
        out += ["  " + line for line in pretty(self.Q).splitlines()]
        out += [f"check {name}: {'holds exactly' if ok else 'FAILED'}"
                for name, ok in self.checks.items()]
        return [*out, f"(H = QΛQᵀ and QᵀQ = I: {self.how})"]

    def latex(self) -> str:
        return (latex(self.matrix) + " = " + latex(self.Q) + latex(self.Lambda)
                + latex(self.Q) + "^{T}")


def _field_of(value: sp.Expr):
    """``Q(value)``: the exact field the eigenvectors of ``value`` live in."""
    return sp.QQ if value.is_Rational else sp.QQ.algebraic_field(value)


def _degree(value: sp.Expr) -> int:
    """The degree of the number field ``Q(value)``."""
    K = _field_of(value)
    return 1 if K == sp.QQ else K.ext.minpoly.degree()


def _eigenspace(M: sp.ImmutableMatrix, value: sp.Expr) -> tuple[list[sp.Matrix], bool]:
    """An orthogonal basis of ker(M − value·I), computed and checked exactly in Q(value).

    Returns the basis and whether the checks held, all in the field: ``(M − λI)v = 0`` for each
    basis vector and ``vᵢ·vⱼ = 0`` for ``i ≠ j`` (Gram–Schmidt done in the field).
    """
    n = M.rows
    K = _field_of(value)
    dm = DomainMatrix.from_Matrix(sp.Matrix(M)).convert_to(K)
    shifted = dm - DomainMatrix.eye(n, K) * K.from_sympy(value)
    kernel = shifted.nullspace()  # rows span the kernel
    rows = kernel.to_list()

    def dot(u, v):
        return sum((a * b for a, b in zip(u, v, strict=True)), K.zero)

    basis: list[list] = []
    for v in rows:
        w = list(v)
        for u in basis:
            c = K.quo(dot(u, v), dot(u, u))
            w = [wi - c * ui for wi, ui in zip(w, u, strict=True)]
        basis.append(w)
    ok = all(
        all(e == K.zero for e in (shifted * _column(v, K)).to_list_flat()) for v in basis
    ) and all(dot(basis[i], basis[j]) == K.zero for i in range(len(basis)) for j in range(i))
    vectors = [sp.Matrix([K.to_sympy(c) for c in v]) for v in basis]
    return vectors, ok


def _column(v: Sequence, K) -> DomainMatrix:
    return DomainMatrix([[c] for c in v], (len(v), 1), K)


def _vieta_sum_and_product(diagonal: Sequence[sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    """Σλ and Πλ exactly: radicals added directly, ``CRootOf`` groups by Vieta's formulas.

    A complete set of roots of one irreducible polynomial ``a_d x^d + … + a_0`` sums to
    ``−a_{d−1}/a_d`` and multiplies to ``(−1)^d a_0/a_d``, so no root is ever evaluated.
    """
    plain = [v for v in diagonal if not isinstance(v, sp.CRootOf)]
    total, product = sp.Add(*plain), sp.Mul(*plain)
    groups: dict = {}
    for v in diagonal:
        if isinstance(v, sp.CRootOf):
            groups.setdefault(v.poly, []).append(v.index)
    for poly, indices in groups.items():
        d = poly.degree()
        counts = {i: indices.count(i) for i in set(indices)}
        mult = set(counts.values())
        if set(counts) != set(range(d)) or len(mult) != 1:
            raise SymhessError(f"roots of {poly.as_expr()} listed incompletely: {sorted(indices)}")
        (m,) = mult
        a = poly.all_coeffs()
        total += m * (-a[1] / a[0])
        product *= ((-1) ** d * a[-1] / a[0]) ** m
    return total, product


def eigendecomposition(M) -> EigenDecomposition:
    """Exact orthonormal eigenvectors: ``H = QΛQᵀ``, verified, with trace = Σλ and det = Πλ.

    Each eigenspace is computed and checked in the exact field ``Q(λ)``.  When every eigenvalue
    is rational or a quadratic radical, ``QΛQᵀ − H`` and ``QᵀQ − I`` are also multiplied out
    and found to be exactly zero; with eigenvalues of higher degree the same two facts follow from
    the exact field checks (``Hv = λv``; Gram–Schmidt inside each eigenspace) and the theorem
    that eigenvectors of a symmetric matrix for distinct eigenvalues are orthogonal
    (``λᵢ vᵢᵀvⱼ = vᵢᵀHvⱼ = λⱼ vᵢᵀvⱼ``), and Σλ, Πλ come from Vieta's formulas.

    >>> E = eigendecomposition([[2, 1], [1, 2]])
    >>> E.Q
    Matrix([
    [-sqrt(2)/2, sqrt(2)/2],
    [ sqrt(2)/2, sqrt(2)/2]])
    >>> list(E.checks), all(E.checks.values())
    (['Hv = λv in Q(λ)', 'H = QΛQᵀ', 'QᵀQ = I', 'trace = Σλ', 'det = Πλ'], True)
    """
    M = as_matrix(M)
    if M.free_symbols:
        raise UndeterminedError(
            "eigenvectors of a parametric matrix are not computed", "the matrix has parameters"
        )
    if not is_symmetric(M):
        raise NotSymmetricError("an orthogonal eigendecomposition needs a symmetric matrix")
    values = eigenvalues(M)
    columns: list[sp.Matrix] = []
    diagonal: list[sp.Expr] = []
    field_checks = True
    for ev in values:
        space, ok = _eigenspace(M, ev.value)
        field_checks &= ok
        if len(space) != ev.multiplicity:  # pragma: no cover - symmetric: diagonalisable
            raise SymhessError(f"eigenspace of {ev.value} has the wrong dimension")
        for v in space:
            norm = sp.sqrt(sp.expand(v.dot(v)))
            if isinstance(ev.value, sp.CRootOf):
                columns.append(v / norm)
            else:
                columns.append(v.applyfunc(lambda e, norm=norm: sp.radsimp(e / norm)))
            diagonal.append(ev.value)
    Q = sp.ImmutableMatrix.hstack(*columns)
    Lam = sp.ImmutableMatrix(sp.diag(*diagonal))
    total, product = _vieta_sum_and_product(diagonal)
    checks = {"Hv = λv in Q(λ)": field_checks}
    how = "multiplied out and simplified to exactly zero"
    if any(_degree(ev.value) > 2 for ev in values):
        checks["H = QΛQᵀ"] = checks["QᵀQ = I"] = field_checks  # by the theorem above
        how = ("from Hv = λv and Gram–Schmidt checked exactly in each Q(λ), and orthogonality "
               "of eigenspaces of distinct eigenvalues of a symmetric matrix")
    else:
        checks["H = QΛQᵀ"] = _is_zero_matrix(Q * Lam * Q.T - M)
        checks["QᵀQ = I"] = _is_zero_matrix(Q.T * Q - sp.eye(M.rows))
    checks["trace = Σλ"] = is_zero(M.trace() - total) is True
    checks["det = Πλ"] = is_zero(M.det() - product) is True
    return EigenDecomposition(M, tuple(values), Q, Lam, checks, how)


def _is_zero_matrix(A) -> bool:
    return all(is_zero(sp.expand(e)) for e in A)


# -- condition number, closed forms, shifts ---------------------------------------------------


@dataclass(frozen=True)
class ConditionNumber(Result):
    """``κ = |λ|max / |λ|min`` exactly, with a float and its error bound."""

    matrix: sp.ImmutableMatrix
    value: sp.Expr
    largest: sp.Expr
    smallest: sp.Expr
    approx: float
    error_bound: float

    def to_dict(self) -> dict:
        return {
            "matrix": exact_matrix(self.matrix),
            "condition_number": exact(self.value),
            "largest": exact(self.largest),
            "smallest": exact(self.smallest),
            "approx": self.approx,
            "error_bound": self.error_bound,
        }

    def lines(self) -> list[str]:
        return [
            f"κ = |λ|max / |λ|min = ({self.largest}) / ({self.smallest}) = {self.value}",
            f"  ≈ {self.approx:.15g} (± {self.error_bound:.1e})",
        ]

    def latex(self) -> str:
        return r"\kappa = " + latex(self.value)


def condition_number(M) -> ConditionNumber:
    """The spectral condition number of a symmetric matrix, exactly.

    >>> condition_number([[2, 1], [1, 1]]).value
    3*sqrt(5)/2 + 7/2
    """
    M = as_matrix(M)
    values = [e.value for e in eigenvalues(M)]
    magnitudes = [-v if sign(v) < 0 else v for v in values]
    largest = max(magnitudes, key=functools.cmp_to_key(_compare))
    smallest = min(magnitudes, key=functools.cmp_to_key(_compare))
    if sign(smallest) == 0:
        value: sp.Expr = sp.oo
        approx, bound = float("inf"), 0.0
    else:
        value = sp.radsimp(largest / smallest)
        value = sp.expand(value) if value.is_Add or value.is_Mul else value
        box = enclose(value, 80)
        approx = float(box.mid)
        bound = float(box.b - box.a) + abs(approx) * 2.0**-52
    return ConditionNumber(M, value, largest, smallest, approx, bound)


def eigenvalues_2x2(a, b, c) -> tuple[sp.Expr, sp.Expr]:
    """The closed form for ``[[a, b], [b, c]]``: ``λ = (a + c ± √((a − c)² + 4b²)) / 2``.

    Equivalently ``(tr ± √(tr² − 4 det)) / 2``.

    >>> eigenvalues_2x2(2, 1, 2)
    (1, 3)
    """
    a, b, c = map(as_expr, (a, b, c))
    root = sp.sqrt(sp.expand((a - c) ** 2 + 4 * b**2))
    return (sp.simplify((a + c - root) / 2), sp.simplify((a + c + root) / 2))


@dataclass(frozen=True)
class Shift(Result):
    """``H + εI``: eigenvalues move to ``λᵢ + ε``, the trace to ``tr H + nε``, the determinant
    to ``Π(λᵢ + ε)`` (regularisation, ridge regression, Levenberg–Marquardt)."""

    matrix: sp.ImmutableMatrix
    epsilon: sp.Expr
    shifted: sp.ImmutableMatrix
    eigenvalues: tuple[Eigenvalue, ...] | None
    trace: sp.Expr
    determinant: sp.Expr

    def to_dict(self) -> dict:
        return {
            "matrix": exact_matrix(self.matrix),
            "epsilon": exact(self.epsilon),
            "shifted": exact_matrix(self.shifted),
            "eigenvalues": [e.to_dict() for e in self.eigenvalues]
            if self.eigenvalues is not None else None,
            "trace": exact(self.trace),
            "determinant": exact(self.determinant),
        }

    def lines(self) -> list[str]:
        out = [f"H + ({self.epsilon})·I:", f"  trace = {self.trace}",
               f"  det = {self.determinant}"]
        if self.eigenvalues is not None:
            out.append("  eigenvalues: " + ", ".join(map(str, self.eigenvalues)))
        return out

    def latex(self) -> str:
        return r"\det(H + \varepsilon I) = " + latex(self.determinant)


def shift(M, epsilon) -> Shift:
    """Analyse ``H + εI`` (``ε`` may be a symbol).

    >>> from sympy import Symbol
    >>> eps = Symbol("epsilon")
    >>> shift([[2, 0], [0, 0]], eps).determinant
    epsilon**2 + 2*epsilon
    """
    M = as_matrix(M)
    eps = as_expr(epsilon)
    n = M.rows
    shifted = sp.ImmutableMatrix(M + eps * sp.eye(n))
    p = characteristic_polynomial(M, LAMBDA)
    det = sp.expand((-1) ** n * p.subs(LAMBDA, -eps))
    try:
        values = tuple(Eigenvalue(sp.expand(e.value + eps), e.multiplicity)
                       for e in eigenvalues(M))
    except UndeterminedError:
        values = None
    return Shift(M, eps, shifted, values, sp.expand(M.trace() + n * eps), det)

