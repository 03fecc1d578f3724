"""Definiteness of a symmetric matrix decided exactly from its inertia, with the textbook's
criteria as evidence (Sylvester's leading minors, all principal minors for the semidefinite
cases, witness directions) and the semidefinite trap named where it applies."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..errors import (
    SymhessError,
)
from ..signs import sign
from .classes import Definiteness, _class_of, _fmt_minors
from .congruence import inertia
from .matrices import PRINCIPAL_MINORS_UP_TO, as_matrix, is_symmetric
from .minors import leading_principal_minors, principal_minors
from .parametric import _parametric_definiteness


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

