"""The type of a critical point: the second-derivative test (:mod:`symhess.secondorder`, the
one place it is written) at the exact point, and the splitting lemma where it is silent."""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from ..calculus import (
    _point_in,
    hessian,
    variables_of,
)
from ..errors import SymhessError, UndeterminedError
from ..parsing import as_expr
from ..results import point_text
from ..secondorder import ByParameter, second_order_test
from ..signs import is_zero
from ..verdict import Verdict
from .equations import _even_powers_of_abs, _gradient
from .results import CriticalPoint
from .splitting import ORDER, HigherOrder, _degenerate


def classify(f, point, variables: Iterable | None = None) -> CriticalPoint:
    """The type of the critical point ``point`` of ``f``, decided exactly, with a certificate.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> c = classify(x**2 + y**4, {x: 0, y: 0})
    >>> c.type, c.strict, c.degenerate
    ('min', True, True)
    >>> classify(x**3 - 3*x*y**2, {x: 0, y: 0}).type
    'saddle'
    """
    f = _even_powers_of_abs(as_expr(f))
    xs = variables_of(f, variables)
    p = _point_in(xs, point)
    grad = [g.xreplace(p) for g in _gradient(f, xs)]
    if not all(is_zero(g) for g in grad):
        raise SymhessError(f"{point_text(p)} is not a critical point: ∇f = {grad}")
    return _classify_critical(f, xs, p, hessian(f, xs))


def _classify_critical(f, xs, p, hess) -> CriticalPoint:
    """Classify a point already known to be critical, given the Hessian ``hess`` of f."""
    H = hess.xreplace(p).applyfunc(lambda v: v if v.is_Rational else sp.radsimp(sp.expand(v)))
    return _classify_at(f, xs, p, sp.ImmutableMatrix(H))


def _classify_at(f, xs, p, M, c=sp.S.One) -> CriticalPoint:
    """Classify the critical point ``p`` whose Hessian is ``H = c·M`` (``c > 0`` exact, ``M``
    with exact entries): the inertia is read from ``M``, the evidence shown for ``H``."""
    H = M if c == 1 else M.applyfunc(lambda v: c * v)
    D = c**2 * _discriminant(M) if len(xs) == 2 else None
    test = second_order_test(M, c)
    if test.type is not Verdict.UNDETERMINED or isinstance(test.evidence, ByParameter):
        return CriticalPoint(p, test.type, test.strict, test.degenerate, test.criterion,
                             test.evidence.text(), H, D, evidence=test.evidence)
    kind = test.definiteness.value
    try:
        t, strict, criterion, evidence = _degenerate(f, xs, p, H, kind)
    except UndeterminedError as e:  # a sign or a value that could not be decided exactly
        t, strict, criterion = Verdict.UNDETERMINED, None, test.criterion
        evidence = HigherOrder(test.inertia[2], ORDER, kind,
                               undecided=f"higher-order analysis not completed: {e}")
    return CriticalPoint(p, t, strict, True, criterion, evidence.text(), H, D, evidence=evidence)


def _discriminant(H) -> sp.Expr:
    D = H[0, 0] * H[1, 1] - H[0, 1] ** 2
    return D if D.is_Rational else sp.radsimp(sp.expand(D))

