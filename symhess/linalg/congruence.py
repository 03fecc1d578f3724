"""Inertia, exactly: the signs of the eigenvalues counted by Descartes' rule on the
characteristic polynomial (all its roots are real) and checked against a congruence
diagonalisation ``PᵀHP = diag(d)`` (Sylvester's law of inertia), whose columns are the witness
directions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ..errors import (
    NotSymmetricError,
    SymhessError,
    UndeterminedError,
)
from ..results import Result, exact, latex
from ..signs import is_zero, sign
from .matrices import LAMBDA, _domain_matrix, _parameters, as_matrix, is_symmetric
from .minors import _charpoly_coefficients, _polynomial_in


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

