"""The condition number ``κ = |λ|max / |λ|min`` exactly, the closed-form 2×2 eigenvalues, and
shifts ``H + εI`` (when the shift makes H positive definite, and what it does to κ)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from ..errors import (
    UndeterminedError,
)
from ..parsing import as_expr
from ..results import Result, exact, exact_matrix, latex
from ..signs import enclose, sign
from .eigen import Eigenvalue, _compare, eigenvalues
from .matrices import LAMBDA, as_matrix
from .minors import characteristic_polynomial


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

