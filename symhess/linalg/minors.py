"""Minors and the characteristic polynomial: leading principal minors (Sylvester), all
principal minors (the semidefinite test), ``det(λI − H)``, computed in ``DomainMatrix``."""

from __future__ import annotations

import itertools

import sympy as sp

from .matrices import LAMBDA, _domain_matrix, _to_expr, as_matrix


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

