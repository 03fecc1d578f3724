"""The second-derivative test, written once: the verdict a Hessian gives at a critical point.

:func:`second_order_test` takes the exact Hessian ``H`` at a critical point and returns a
:class:`SecondOrderVerdict`: the :class:`~symhess.verdict.Verdict`, whether it is strict, and
the evidence as data.

* ``H`` positive (negative) definite: a strict local minimum (maximum).  Evidence: the leading
  principal minors with their signs (Sylvester's criterion), :class:`LeadingMinors`.
* ``H`` indefinite: a saddle.  Evidence: two directions ``v`` with ``vᵀHv`` of opposite signs,
  read from the congruence ``PᵀHP = diag(d)`` (Sylvester's law of inertia),
  :class:`WitnessDirections`.
* ``H`` singular and semidefinite: the test is silent (``undetermined``, ``degenerate``);
  higher-order terms decide (:func:`symhess.critical.classify` goes on from there).

Entries with ``CRootOf`` (critical points at algebraic coordinates) are first tried by
rigorous interval enclosures of the leading minors (Jacobi's rule), far faster than exact
arithmetic in a high-degree number field, :class:`MinorEnclosures`; when an enclosure keeps
containing 0 the exact congruence decides.  No floating-point number ever decides a sign.

>>> v = second_order_test([[2, 1], [1, 3]])
>>> v.type, v.strict, v.evidence.signs
('min', True, (1, 1))
>>> second_order_test([[1, 0], [0, -1]]).type.value
'saddle'
>>> second_order_test([[1, 0], [0, 0]]).definiteness.value
'positive semidefinite'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import mpmath
import sympy as sp

from .errors import NotSymmetricError
from .linalg import (
    as_matrix,
    congruence_diagonalization,
    definiteness,
    is_symmetric,
    leading_principal_minors,
)
from .rendering import condition_latex, condition_text
from .results import Result, exact, latex
from .signs import enclose, sign
from .verdict import Definiteness, Verdict

__all__ = [
    "SecondOrderVerdict",
    "second_order_test",
    "interval_test",
    "LeadingMinors",
    "WitnessDirections",
    "MinorEnclosures",
    "SemidefiniteDiagonal",
    "ByParameter",
]

_SIGN_TEXT = {1: "> 0", -1: "< 0", 0: "= 0"}


@dataclass(frozen=True)
class LeadingMinors(Result):
    """Sylvester's criterion: the leading principal minors ``D₁ … Dₙ`` and their signs."""

    values: tuple[sp.Expr, ...]
    signs: tuple[int, ...]

    def to_dict(self) -> dict:
        return {"kind": "leading minors", "values": [exact(v) for v in self.values],
                "signs": list(self.signs), "text": self.text()}

    def text(self) -> str:
        rule = ("all > 0" if all(s > 0 for s in self.signs)
                else "alternate in sign, starting negative")
        return f"Sylvester: the leading principal minors {', '.join(map(str, self.values))} {rule}"

    def lines(self) -> list[str]:
        return [self.text()]

    def latex(self) -> str:
        return ", ".join(f"D_{{{k}}} = {latex(v)}" for k, v in enumerate(self.values, 1))


@dataclass(frozen=True)
class WitnessDirections(Result):
    """Two directions along which the quadratic form ``vᵀHv`` has opposite signs."""

    positive: tuple[sp.Expr, ...]
    positive_value: sp.Expr
    negative: tuple[sp.Expr, ...]
    negative_value: sp.Expr

    def to_dict(self) -> dict:
        return {"kind": "witness directions",
                "positive": {"v": [exact(c) for c in self.positive],
                             "vHv": exact(self.positive_value)},
                "negative": {"v": [exact(c) for c in self.negative],
                             "vHv": exact(self.negative_value)},
                "text": self.text()}

    def text(self) -> str:
        return (f"vᵀHv = {self.positive_value} > 0 along v = {self.positive}; "
                f"vᵀHv = {self.negative_value} < 0 along v = {self.negative}")

    def lines(self) -> list[str]:
        return [self.text()]

    def latex(self) -> str:
        def vec(v):
            return r"\left(" + ", ".join(latex(c) for c in v) + r"\right)"
        return (rf"v^\top H v = {latex(self.positive_value)} > 0 \text{{ at }} v = "
                rf"{vec(self.positive)},\quad v^\top H v = {latex(self.negative_value)} < 0 "
                rf"\text{{ at }} v = {vec(self.negative)}")


@dataclass(frozen=True)
class MinorEnclosures(Result):
    """Rigorous interval enclosures of the leading minors and, when none contains 0, the
    number of negative eigenvalues by Jacobi's rule (``-1`` when one contains 0)."""

    enclosures: tuple[tuple[str, str], ...]
    negative_eigenvalues: int

    def to_dict(self) -> dict:
        return {"kind": "minor enclosures", "enclosures": [list(e) for e in self.enclosures],
                "negative_eigenvalues": self.negative_eigenvalues, "text": self.text()}

    def text(self) -> str:
        shown = ", ".join(f"[{a}, {b}]" for a, b in self.enclosures)
        if self.negative_eigenvalues < 0:
            return (f"leading principal minors enclosed in {shown}: one contains 0, so the "
                    "Hessian may be singular there")
        return (f"leading principal minors enclosed in {shown} by interval arithmetic: "
                f"{self.negative_eigenvalues} sign change(s) in 1, D₁…Dₙ ⇒ "
                f"{self.negative_eigenvalues} negative eigenvalue(s), none zero (Jacobi)")

    def lines(self) -> list[str]:
        return [self.text()]

    def latex(self) -> str:
        return ", ".join(rf"D_{{{k}}} \in [{a}, {b}]"
                         for k, (a, b) in enumerate(self.enclosures, 1))


@dataclass(frozen=True)
class SemidefiniteDiagonal(Result):
    """``PᵀHP = diag(d)`` with a zero and one sign only: the test cannot decide."""

    diagonal: tuple[sp.Expr, ...]

    def to_dict(self) -> dict:
        return {"kind": "congruence diagonal", "diagonal": [exact(d) for d in self.diagonal],
                "text": self.text()}

    def text(self) -> str:
        return ("Sylvester's law of inertia: PᵀHP = diag("
                + ", ".join(map(str, self.diagonal)) + "), singular")

    def lines(self) -> list[str]:
        return [self.text()]

    def latex(self) -> str:
        return r"P^\top H P = \operatorname{diag}(" + ", ".join(map(latex, self.diagonal)) + ")"


@dataclass(frozen=True)
class ByParameter(Result):
    """A Hessian with parameters: for each verdict, the condition on the parameters under
    which the test gives it (min where H is positive definite, max where negative definite,
    saddle where indefinite, undetermined where H is singular and semidefinite), from the
    exact definiteness regions (:func:`symhess.linalg.definiteness`)."""

    parameters: tuple[sp.Symbol, ...]
    conditions: dict

    def to_dict(self) -> dict:
        return {"kind": "by parameter", "parameters": [str(p) for p in self.parameters],
                "conditions": {str(v): exact(c) for v, c in self.conditions.items()},
                "text": self.text()}

    def text(self) -> str:
        every = "for every value of " + ", ".join(map(str, self.parameters))
        shown = [f"{v} {every}" if c is sp.true else f"{v} where {condition_text(c)}"
                 for v, c in self.conditions.items() if c is not sp.false]
        return "; ".join(shown) if shown else "no value of the parameters gives a verdict"

    def lines(self) -> list[str]:
        return [self.text()]

    def latex(self) -> str:
        return r"egin{array}{l}" + r"\ ".join(
            rf"	ext{{{v} where }}{condition_latex(c)}" for v, c in self.conditions.items()
            if c is not sp.false) + r"\end{array}"


@dataclass(frozen=True)
class SecondOrderVerdict(Result):
    """What the Hessian at a critical point shows: verdict, strictness, evidence."""

    type: Verdict
    strict: bool | None
    definiteness: Definiteness
    inertia: tuple[int, int, int] | None
    evidence: Result
    criterion: str

    @property
    def degenerate(self) -> bool:
        return self.inertia is None or self.inertia[2] > 0

    def to_dict(self) -> dict:
        return {"type": self.type.value, "strict": self.strict,
                "definiteness": self.definiteness.value,
                "inertia": list(self.inertia) if self.inertia is not None else None,
                "criterion": self.criterion, "certificate": self.evidence.to_dict()}

    def lines(self) -> list[str]:
        return [f"{self.type.describe(self.strict)}: {self.criterion}", *self.evidence.lines()]

    def latex(self) -> str:
        return rf"\text{{{self.type.describe(self.strict)}}}:\ " + self.evidence.latex()


def _interval_det(rows):
    """Determinant of a small interval matrix by Laplace expansion along the first row."""
    if len(rows) == 1:
        return rows[0][0]
    total = None
    for j, a in enumerate(rows[0]):
        minor = [r[:j] + r[j + 1:] for r in rows[1:]]
        term = (-1) ** j * a * _interval_det(minor)
        total = term if total is None else total + term
    return total


def _jacobi(rows) -> tuple[tuple[tuple[str, str], ...], int | None]:
    """Enclosures of the leading minors of the interval matrix ``rows`` and, when none
    contains 0, the number of negative eigenvalues (sign changes in 1, D₁…Dₙ, Jacobi)."""
    n = len(rows)
    rows = [[v if isinstance(v, mpmath.ctx_iv.ivmpf) else mpmath.iv.mpf(v) for v in r]
            for r in rows]
    minors = [_interval_det([r[:k] for r in rows[:k]]) for k in range(1, n + 1)]
    shown = tuple((mpmath.nstr(mpmath.mpf(m.a), 6), mpmath.nstr(mpmath.mpf(m.b), 6))
                  for m in minors)
    if any(0 in m for m in minors):
        return shown, None
    signs = [1] + [1 if mpmath.mpf(m.a) > 0 else -1 for m in minors]
    return shown, sum(1 for a, b in itertools.pairwise(signs) if a != b)


def _by_enclosure(H, precisions=(64, 256)) -> MinorEnclosures | None:
    """Jacobi's rule on rigorous enclosures of the leading minors of the exact ``H``;
    ``None`` when an enclosure keeps containing 0."""
    n = H.rows
    for prec in precisions:
        shown, negative = _jacobi([[enclose(H[i, j], prec) for j in range(n)]
                                   for i in range(n)])
        if negative is not None:
            return MinorEnclosures(shown, negative)
    return None


def _by_inertia(n: int, negative: int) -> tuple[Verdict, Definiteness]:
    if negative == 0:
        return Verdict.MIN, Definiteness.POSITIVE_DEFINITE
    if negative == n:
        return Verdict.MAX, Definiteness.NEGATIVE_DEFINITE
    return Verdict.SADDLE, Definiteness.INDEFINITE


def interval_test(rows) -> SecondOrderVerdict:
    """The second-derivative test on an interval Hessian (rows of ``mpmath.iv`` intervals)
    enclosing the Hessian at a certified critical point: Jacobi's rule when no leading minor's
    enclosure contains 0, else ``undetermined`` (the Hessian may be singular there)."""
    n = len(rows)
    shown, negative = _jacobi(rows)
    if negative is None:
        return SecondOrderVerdict(Verdict.UNDETERMINED, None, Definiteness.UNDETERMINED, None,
                                  MinorEnclosures(shown, -1),
                                  "a leading minor's enclosure contains 0: the Hessian may "
                                  "be singular there")
    t, kind = _by_inertia(n, negative)
    return SecondOrderVerdict(t, None if t is Verdict.SADDLE else True, kind,
                              (n - negative, negative, 0), MinorEnclosures(shown, negative),
                              "interval Hessian: inertia by Jacobi's rule")


_TEST = "second-derivative test"

#: the verdict the test gives for each kind of Hessian
_VERDICT_OF = {Definiteness.POSITIVE_DEFINITE: Verdict.MIN,
               Definiteness.NEGATIVE_DEFINITE: Verdict.MAX,
               Definiteness.INDEFINITE: Verdict.SADDLE,
               Definiteness.POSITIVE_SEMIDEFINITE: Verdict.UNDETERMINED,
               Definiteness.NEGATIVE_SEMIDEFINITE: Verdict.UNDETERMINED}


def _parametric_test(M, scale) -> SecondOrderVerdict:
    """A Hessian with parameters: one verdict where the definiteness is the same for every
    value of them, else ``undetermined`` with the condition for each verdict as evidence
    (a positive ``scale`` changes no sign, so the conditions are those of ``M``)."""
    found = definiteness(M)
    parameters = tuple(sorted(M.free_symbols, key=str))
    conditions: dict = {}
    for kind, verdict in _VERDICT_OF.items():
        c = found.conditions[kind.value]
        c = {True: sp.true, False: sp.false}.get(c, c) if isinstance(c, bool) else c
        conditions[verdict] = c if verdict not in conditions else sp.Or(conditions[verdict], c)
    evidence = ByParameter(parameters, conditions)
    if found.classification != "depends":
        kind = Definiteness(found.classification)
        t = _VERDICT_OF[kind]
        strict = True if t in (Verdict.MIN, Verdict.MAX) else None
        n = M.rows
        inertia = {Definiteness.POSITIVE_DEFINITE: (n, 0, 0),
                   Definiteness.NEGATIVE_DEFINITE: (0, n, 0)}.get(kind)
        return SecondOrderVerdict(t, strict, kind, inertia, evidence,
                                  f"{_TEST}: H {kind.value} for every value of "
                                  + ", ".join(map(str, parameters)))
    return SecondOrderVerdict(Verdict.UNDETERMINED, None, Definiteness.UNDETERMINED, None,
                              evidence, f"{_TEST}: the verdict depends on "
                              + ", ".join(map(str, parameters)))


def second_order_test(H, scale=sp.S.One) -> SecondOrderVerdict:
    """The second-derivative test on the exact symmetric Hessian ``scale·H`` (``scale > 0``
    exact; the signs are read from ``H``, the evidence shown for ``scale·H``).

    Raises :class:`~symhess.errors.UndeterminedError` when a sign cannot be decided exactly
    and :class:`~symhess.errors.NotSymmetricError` for a non-symmetric matrix.
    """
    M = as_matrix(H)
    if not is_symmetric(M):
        raise NotSymmetricError("the second-derivative test needs a symmetric Hessian")
    if M.free_symbols:
        return _parametric_test(M, scale)
    n = M.rows
    if M.has(sp.CRootOf):
        enclosed = _by_enclosure(M)
        if enclosed is not None:
            neg = enclosed.negative_eigenvalues
            t, kind = _by_inertia(n, neg)
            return SecondOrderVerdict(t, None if t is Verdict.SADDLE else True, kind,
                                      (n - neg, neg, 0), enclosed,
                                      f"{_TEST}: inertia by Jacobi's rule")
    P, d = congruence_diagonalization(M)
    signs = [sign(v) for v in d]
    inertia = (signs.count(1), signs.count(-1), signs.count(0))
    n_plus, n_minus, n_zero = inertia
    if n_zero == 0 and (n_plus == 0 or n_minus == 0):
        t = Verdict.MIN if n_minus == 0 else Verdict.MAX
        lead = tuple(scale**k * m for k, m in enumerate(leading_principal_minors(M), 1))
        word = "positive" if t is Verdict.MIN else "negative"
        return SecondOrderVerdict(
            t, True, Definiteness(f"{word} definite"), inertia,
            LeadingMinors(lead, tuple(sign(m) for m in lead)), f"{_TEST}: H {word} definite")
    if n_plus and n_minus:
        d = [scale * v for v in d]
        i = signs.index(1)
        j = signs.index(-1)
        witness = WitnessDirections(tuple(P[:, i]), d[i], tuple(P[:, j]), d[j])
        return SecondOrderVerdict(Verdict.SADDLE, None, Definiteness.INDEFINITE, inertia,
                                  witness, f"{_TEST}: H indefinite (eigenvalues of both signs)")
    kind = (Definiteness.POSITIVE_SEMIDEFINITE if n_minus == 0
            else Definiteness.NEGATIVE_SEMIDEFINITE)
    return SecondOrderVerdict(Verdict.UNDETERMINED, None, kind, inertia,
                              SemidefiniteDiagonal(tuple(scale * v for v in d)),
                              f"H is {kind.value} (singular)")
