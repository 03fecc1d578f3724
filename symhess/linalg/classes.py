"""The five kinds of definiteness and the answer's shape: :class:`Definiteness`, with the
class (or a condition per class when the matrix has parameters) and its evidence."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy as sp

from ..errors import (
    UndeterminedError,
)
from ..rendering import condition_latex, condition_text, latex_text
from ..results import Result, exact, exact_matrix, latex, pretty
from .congruence import Inertia
from .eigen import Eigenvalue, eigenvalues

#: The five kinds of definiteness, in the order the textbook lists them.
CLASSES = (
    "positive definite",
    "positive semidefinite",
    "negative definite",
    "negative semidefinite",
    "indefinite",
)


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

