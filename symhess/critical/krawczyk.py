"""Certified numeric search: every zero of the gradient in a box, each enclosed in a box
proved (Krawczyk's operator) to hold exactly one, classified by Jacobi's rule on the
interval Hessian."""

from __future__ import annotations

import mpmath
import sympy as sp

from ..calculus import (
    hessian,
)
from ..errors import BudgetExceeded
from ..parsing import as_expr
from ..secondorder import interval_test
from ..verdict import Verdict
from .classifying import _discriminant
from .results import CriticalPoint

_IV_FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt")


def _interval_function(exprs, xs):
    """``exprs`` as a function of mpmath intervals (rigorous enclosures of their ranges)."""
    iv = mpmath.iv
    ratio = sp.Function("ivratio")
    table_ = {name: getattr(iv, name) for name in _IV_FUNCTIONS} | {
        "pi": iv.pi, "E": iv.e, "ivratio": lambda p, q: iv.mpf(p) / iv.mpf(q)}
    # rationals as interval quotients: a float 1/10 would not enclose one tenth
    exprs = [as_expr(e).xreplace({r: ratio(r.p, r.q) for r in as_expr(e).atoms(sp.Rational)
                                     if not r.is_Integer}) for e in exprs]
    fn = sp.lambdify(list(xs), exprs, modules=[table_])

    def intervals(*args):
        # a constant entry comes back as a plain number: every entry as an interval
        return [v if isinstance(v, mpmath.ctx_iv.ivmpf) else iv.mpf(v) for v in fn(*args)]

    return intervals


def krawczyk_points(grad, xs, box, *, tolerance: float = 1e-10, max_boxes: int = 20000):
    """Every zero of ``grad`` in ``box``, each enclosed in a box proved to hold exactly one.

    Krawczyk's operator ``K(X) = m − Y g(m) + (I − Y J(X))(X − m)`` with ``Y ≈ J(m)⁻¹``:
    ``K(X) ⊂ int X`` proves a unique zero in ``X``; ``K(X) ∩ X = ∅`` proves none.  Boxes
    where neither holds are bisected (Moore, Kearfott & Cloud, *Introduction to Interval
    Analysis*, §8.2).  Returns ``[(point, error_bound, enclosure)]``: the enclosure's midpoint
    (17 digits), its largest width, and the enclosing intervals themselves.
    """
    iv = mpmath.iv
    n = len(xs)
    g = _interval_function(grad, xs)
    J = _interval_function([sp.diff(gi, x) for gi in grad for x in xs], xs)
    stack = [[iv.mpf([_outward(lo, -1), _outward(hi, 1)]) for lo, hi in (box[x] for x in xs)]]
    found: list = []
    boxes = 0
    while stack:
        X = stack.pop()
        boxes += 1
        if boxes > max_boxes:
            raise BudgetExceeded("the interval search met too many boxes; shrink the box")
        if any(0 not in v for v in g(*X)):
            continue
        mid = [iv.mpf(_point(v.mid)) for v in X]
        JX = J(*X)
        Jm = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                Jm[i, j] = _point(JX[i * n + j].mid)
        try:
            Y = mpmath.inverse(Jm)
        except ZeroDivisionError:
            Y = None
        if Y is not None:
            gm = g(*mid)
            K = []
            for i in range(n):
                k = mid[i] - sum((iv.mpf(Y[i, j]) * gm[j] for j in range(n)), iv.mpf(0))
                for j in range(n):
                    c = (1 if i == j else 0) - sum(
                        (iv.mpf(Y[i, m]) * JX[m * n + j] for m in range(n)), iv.mpf(0))
                    k += c * (X[j] - mid[j])
                K.append(k)
            if any(_hi(k) < _lo(x) or _lo(k) > _hi(x) for k, x in zip(K, X, strict=True)):
                continue
            if all(_lo(x) < _lo(k) and _hi(k) < _hi(x) for k, x in zip(K, X, strict=True)):
                width = max(float(_point(k.delta)) for k in K)
                if width < tolerance:
                    found.append(([sp.Float(mpmath.nstr(_point(k.mid), 17), 17) for k in K],
                                  width, K))
                else:
                    # the zero lies in K; K inflated a little (epsilon-inflation) so that a
                    # component K pins exactly (zero width) can still be strictly inside
                    grow = iv.mpf([-1, 1]) * (mpmath.mpf(width) / 64 + mpmath.mpf(2) ** -1000)
                    stack.append([k + grow for k in K])
                continue
        widest = max(range(n), key=lambda i: _point(X[i].delta))
        # split off-centre: a zero on a symmetric box's midline would sit on both halves' edge,
        # where Krawczyk's interior test can never succeed
        a, b = _lo(X[widest]), _hi(X[widest])
        m = a + (b - a) * mpmath.mpf("0.4870156")
        stack += [X[:widest] + [iv.mpf([a, m])] + X[widest + 1:],
                  X[:widest] + [iv.mpf([m, b])] + X[widest + 1:]]
    unique = []
    for p, w, K in found:
        if not any(max(abs(float(a - b)) for a, b in zip(p, q, strict=True)) <= 2 * max(w, v)
                   for q, v, _ in unique):
            unique.append((p, w, K))
    return [({x: c for x, c in zip(xs, p, strict=True)}, w, K)
            for p, w, K in sorted(unique, key=lambda u: u[0])]


def _lo(interval) -> mpmath.mpf:
    """The lower end of an interval as a plain ``mpf``."""
    return mpmath.mpf(interval.a)


def _hi(interval) -> mpmath.mpf:
    return mpmath.mpf(interval.b)


_point = _lo


def _outward(value, direction: int) -> float:
    """A float beyond the exact box bound ``value`` in ``direction`` (the box only grows)."""
    v = float(as_expr(value))
    return v + direction * (abs(v) + 1) * 2.0**-50


def _numeric_point(f, xs, point, bound, enclosure) -> CriticalPoint:
    """Classify a certified numeric point by Jacobi's rule on the interval Hessian.

    Over the whole enclosure the leading principal minors ``D₁ … Dₙ`` are enclosed by interval
    arithmetic; if none contains 0, the number of negative eigenvalues at the true critical
    point is the number of sign changes in ``1, D₁, …, Dₙ`` (Jacobi)."""
    hess = hessian(f, xs)
    n = len(xs)
    H_iv = _interval_function(list(hess), xs)(*enclosure)
    rows = [H_iv[i * n:(i + 1) * n] for i in range(n)]
    H = sp.ImmutableMatrix(n, n, lambda i, j: sp.Float(mpmath.nstr(_point(rows[i][j].mid), 17),
                                                       17))
    test = interval_test(rows)
    why = "over the enclosure: " + test.evidence.text()
    return CriticalPoint(point, test.type, test.strict, test.type is Verdict.UNDETERMINED,
                         "interval Hessian over a certified enclosure (Krawczyk)", why, H,
                         _discriminant(H) if n == 2 else None, exact=False, error_bound=bound,
                         evidence=test.evidence)

