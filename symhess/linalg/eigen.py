"""Exact eigenvalues (radicals where they exist, ``CRootOf`` otherwise) and the exact
eigendecomposition ``H = QΛQᵀ`` with orthonormal eigenvectors, checked by Vieta's relations."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..errors import (
    NotSymmetricError,
    SymhessError,
    UndeterminedError,
)
from ..results import Result, exact, exact_matrix, latex, pretty
from ..signs import is_zero, sign
from .matrices import LAMBDA, as_matrix, is_symmetric
from .minors import characteristic_polynomial


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


def orthogonal_eigenvectors(M) -> tuple[list[sp.Expr], list[list[sp.Expr]]]:
    """Eigenvalues with multiplicity and mutually orthogonal eigenvectors, *not* normalised
    (so a rational matrix with rational eigenvalues keeps rational vectors): what an
    optimizer's exact arithmetic needs, where :func:`eigendecomposition` gives ``Q`` with
    unit columns.

    >>> orthogonal_eigenvectors([[2, 1], [1, 2]])
    ([1, 3], [[-1, 1], [1, 1]])
    """
    values, vectors = [], []
    for value, _, basis in sp.Matrix(as_matrix(M)).eigenvects():
        for v in sp.GramSchmidt(basis):
            values.append(sp.radsimp(value))
            vectors.append([sp.radsimp(e) for e in v])
    return values, vectors
