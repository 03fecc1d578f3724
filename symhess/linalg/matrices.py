"""Matrices in: any input (text through the whitelist parser, nested lists, SymPy matrices)
as an immutable SymPy matrix, its exact ``DomainMatrix``, its parameters, its symmetry."""

from __future__ import annotations

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError

from ..errors import (
    DimensionError,
    NotSquareError,
)
from ..parsing import as_expr, parse_matrix
from ..polysystem import number_field, to_field
from ..signs import is_zero

#: The symbol of characteristic polynomials, ``p(λ) = det(λI − H)``.
LAMBDA = sp.Symbol("lambda")


#: Principal minors are listed (there are 2ⁿ − 1 of them) up to this size.
PRINCIPAL_MINORS_UP_TO = 10


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


def solve(A, b) -> list[sp.Expr]:
    """The exact ``x`` with ``A x = b`` (``A`` square), by LU in the smallest exact field that
    holds the entries; :class:`ZeroDivisionError` when ``A`` is singular.

    >>> solve([[2, 1], [1, 3]], [1, 2])
    [1/5, 3/5]
    """
    M = as_matrix(A)
    n = M.rows
    augmented = _domain_matrix(sp.ImmutableMatrix(M.row_join(sp.Matrix(list(b)))))
    K = augmented.domain.get_field()
    augmented = augmented.convert_to(K)
    try:
        x = augmented.extract(range(n), range(n)).lu_solve(augmented.extract(range(n), [n]))
    except DMNonInvertibleMatrixError:
        raise ZeroDivisionError("singular matrix") from None
    return [K.to_sympy(v) for v in x.to_list_flat()]
