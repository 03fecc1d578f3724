"""A catalogue of standard test problems for the optimizers, each a :class:`~symhess.optim.Problem`.

Every problem has an exact symbolic form (built only when an exact or mpmath run asks for it)
and, where ``n`` can be large, vectorised NumPy functions.  Each carries its standard starting
point ``x0`` and, where known, the minimum ``fmin`` at ``xmin``.

* quadratics ``½xᵀAx − bᵀx`` with a chosen spectrum or condition number κ, in a rational
  eigenbasis so that every iterate of gradient descent stays an exact fraction;
* Rosenbrock: chained (``scipy.optimize.rosen``) and the extended, pairwise one of Moré,
  Garbow & Hillstrom (MGH 21), any ``n``;
* the MGH least-squares problems used to test optimizers: Powell singular, Beale, Wood, helical
  valley, Freudenstein–Roth (as ``f = ½‖r‖²``, half of MGH's ``Σ rᵢ²``);
* a small curve fit (zero or non-zero residual) and a logistic regression with its Fisher matrix.

Reference: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing unconstrained optimization
software", ACM TOMS 7 (1981) 17–41.

>>> p = rosenbrock(2)
>>> p.expr
(1 - x1)**2 + 100*(-x1**2 + x2)**2
>>> p.x0, p.fmin
((-6/5, 1), 0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from ..errors import DimensionError
from .problem import Callables, Problem, Repeated, Symbolic

__all__ = [
    "householder",
    "quadratic",
    "ill_conditioned",
    "rosenbrock",
    "extended_rosenbrock",
    "powell_singular",
    "beale",
    "wood",
    "helical_valley",
    "freudenstein_roth",
    "curve_fit",
    "logistic_regression",
    "saddle",
    "MGH",
]


def _symbols(n: int) -> tuple[sp.Symbol, ...]:
    return sp.symbols(f"x1:{n + 1}")


def _number(value):
    """A number given as text (read by the safe parser) or as a number."""
    if isinstance(value, str):
        from ..parsing import parse_expr

        return parse_expr(value)
    return sp.sympify(value, strict=True)


def _rational(values) -> tuple:
    return tuple(_number(v) for v in values)


# -- quadratics -----------------------------------------------------------------------------


def householder(n: int) -> sp.Matrix:
    """The rational orthogonal matrix ``Q = I − 2vvᵀ/vᵀv`` with ``v = (1, 2, …, n)``.

    >>> householder(2)
    Matrix([
    [ 3/5, -4/5],
    [-4/5, -3/5]])
    """
    v = sp.Matrix(range(1, n + 1))
    return sp.eye(n) - 2 * v * v.T / (v.T * v)[0]


def quadratic(eigenvalues: Sequence, xmin: Sequence | None = None, *,
              rotate: bool = True) -> Problem:
    """``f = ½xᵀAx − bᵀx`` with ``A = Q diag(λ) Qᵀ`` and ``b = A x*``.

    ``Q`` is :func:`householder` (or ``I`` with ``rotate=False``), so the eigenvectors are
    rational and known: ``data`` holds ``A``, ``b``, ``Q`` (eigenvectors as columns) and the
    eigenvalues.  The minimiser ``x*`` defaults to ``(1, −1, 1, …)``; ``x0`` is ``0``.

    >>> p = quadratic([1, 4])
    >>> p.data["A"]
    Matrix([
    [73/25, 36/25],
    [36/25, 52/25]])
    """
    lams = _rational(eigenvalues)
    n = len(lams)
    Q = householder(n) if rotate else sp.eye(n)
    A = sp.ImmutableMatrix(Q * sp.diag(*lams) * Q.T)
    xstar = sp.Matrix(_rational(xmin) if xmin is not None else [(-1) ** i for i in range(n)])
    b = sp.ImmutableMatrix(A * xstar)
    xs = _symbols(n)
    x = sp.Matrix(xs)

    def symbolic():
        return Symbolic(sp.expand((x.T * A * x)[0] / 2 - (b.T * x)[0]), xs)

    Af, bf = np.array(A.tolist(), dtype=float), np.array(list(b), dtype=float)

    def value_and_grad(v):
        Av = Af @ v
        return float(v @ Av / 2 - bf @ v), Av - bf

    numpy = Callables(
        fun=lambda v: float(v @ (Af @ v) / 2 - bf @ v),
        grad=lambda v: Af @ v - bf,
        hess=lambda v: Af,
        hessp=lambda v, w: Af @ w,
        value_and_grad=value_and_grad,
    )
    fmin = -(b.T * xstar)[0] / 2
    kappa = max(lams) / min(lams) if min(lams) > 0 else sp.oo
    return Problem(n, f"quadratic, λ = {list(lams)}", symbolic, {"numpy": numpy},
                   x0=tuple(sp.Integer(0) for _ in range(n)), fmin=fmin, xmin=tuple(xstar),
                   data={"A": A, "b": b, "Q": sp.ImmutableMatrix(Q), "eigenvalues": lams,
                         "kappa": kappa})


def ill_conditioned(kappa, n: int = 2) -> Problem:
    """A quadratic with eigenvalues spread evenly from 1 to ``κ`` (condition number ``κ``).

    >>> ill_conditioned(10, 3).data["eigenvalues"]
    (1, 11/2, 10)
    """
    kappa = _number(kappa)
    if n < 2:
        raise DimensionError("a condition number needs at least two eigenvalues")
    return quadratic([1 + (kappa - 1) * sp.Rational(i, n - 1) for i in range(n)])


def saddle() -> Problem:
    """``f = x² + y⁴/4 − y²/2``: a saddle at the origin between minima at ``(0, ±1)``.

    Newton's method started near the saddle converges *to* it; saddle-free Newton escapes.
    """
    return Problem.from_expr("x^2 + y^4/4 - y^2/2", name="saddle x² + y⁴/4 − y²/2",
                             x0=(1, sp.Rational(1, 10)), fmin=sp.Rational(-1, 4),
                             xmin=(0, 1))


# -- Rosenbrock ------------------------------------------------------------------------------


def _alternating_start(n: int) -> Repeated:
    return Repeated((sp.Rational(-6, 5), sp.Integer(1)), n)


def _chained_value_and_grad(x):
    head, tail = x[:-1], x[1:]
    t = tail - head * head
    u = 1 - head
    g = np.zeros_like(x)
    g[:-1] = -400 * head * t - 2 * u
    g[1:] += 200 * t
    return float(100 * (t @ t) + u @ u), g


def _chained_hessp(x, v):
    head, tail = x[:-1], x[1:]
    hv = np.zeros_like(x)
    hv[:-1] = (1200 * head * head - 400 * tail + 2) * v[:-1] - 400 * head * v[1:]
    hv[1:] += 200 * v[1:] - 400 * head * v[:-1]
    return hv


def _chained_hess(x):
    n = len(x)
    H = np.zeros((n, n))
    idx = np.arange(n - 1)
    H[idx, idx] = 1200 * x[:-1] ** 2 - 400 * x[1:] + 2
    H[idx + 1, idx + 1] += 200
    H[idx, idx + 1] = H[idx + 1, idx] = -400 * x[:-1]
    return H


def rosenbrock(n: int = 2) -> Problem:
    """The chained Rosenbrock function ``Σ 100(x_{i+1} − xᵢ²)² + (1 − xᵢ)²`` (as
    ``scipy.optimize.rosen``), minimum 0 at ``(1, …, 1)``, start ``(−6/5, 1, −6/5, …)``."""
    if n < 2:
        raise DimensionError("Rosenbrock's function needs n ≥ 2")

    def symbolic():
        xs = _symbols(n)
        return Symbolic(sp.Add(*(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2
                                 for i in range(n - 1))), xs)

    numpy = Callables(fun=lambda x: _chained_value_and_grad(x)[0],
                      grad=lambda x: _chained_value_and_grad(x)[1],
                      hess=_chained_hess, hessp=_chained_hessp,
                      value_and_grad=_chained_value_and_grad)
    return Problem(n, f"Rosenbrock (chained, n = {n})", symbolic, {"numpy": numpy},
                   x0=_alternating_start(n), fmin=sp.Integer(0),
                   xmin=Repeated((sp.Integer(1),), n))


def _pairwise_value_and_grad(x):
    a, b = x[0::2], x[1::2]
    t = b - a * a
    u = 1 - a
    g = np.empty_like(x)
    g[1::2] = 200 * t
    g[0::2] = -2 * (a * g[1::2] + u)
    return float(100 * (t @ t) + u @ u), g


def _pairwise_hessp(x, v):
    a, b = x[0::2], x[1::2]
    va, vb = v[0::2], v[1::2]
    hv = np.empty_like(x)
    hv[0::2] = (1200 * a * a - 400 * b + 2) * va - 400 * a * vb
    hv[1::2] = 200 * vb - 400 * a * va
    return hv


def extended_rosenbrock(n: int = 2) -> Problem:
    """The extended Rosenbrock function of MGH (problem 21): independent pairs,
    ``Σ 100(x_{2i} − x_{2i−1}²)² + (1 − x_{2i−1})²``, ``n`` even, start ``(−6/5, 1, …)``."""
    if n < 2 or n % 2:
        raise DimensionError(f"the extended Rosenbrock function needs an even n, not {n}")

    def symbolic():
        xs = _symbols(n)
        return Symbolic(sp.Add(*(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2
                                 for i in range(0, n, 2))), xs)

    numpy = Callables(fun=lambda x: _pairwise_value_and_grad(x)[0],
                      grad=lambda x: _pairwise_value_and_grad(x)[1],
                      hessp=_pairwise_hessp, value_and_grad=_pairwise_value_and_grad)
    return Problem(n, f"extended Rosenbrock (MGH 21, n = {n})", symbolic, {"numpy": numpy},
                   x0=_alternating_start(n), fmin=sp.Integer(0),
                   xmin=Repeated((sp.Integer(1),), n))


# -- Moré–Garbow–Hillstrom least-squares problems --------------------------------------------


def powell_singular() -> Problem:
    """MGH 13: ``r = (x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)²)``; the Hessian is
    singular at the minimiser 0, so Newton converges only linearly there."""
    x1, x2, x3, x4 = _symbols(4)
    r = [x1 + 10 * x2, sp.sqrt(5) * (x3 - x4), (x2 - 2 * x3) ** 2, sp.sqrt(10) * (x1 - x4) ** 2]
    return Problem.from_residuals(r, (x1, x2, x3, x4), name="Powell singular (MGH 13)",
                                  x0=(3, -1, 0, 1), fmin=0, xmin=(0, 0, 0, 0))


def beale() -> Problem:
    """MGH 5: ``rᵢ = yᵢ − x₁(1 − x₂ⁱ)`` with ``y = (3/2, 9/4, 21/8)``; minimum 0 at (3, ½)."""
    x1, x2 = _symbols(2)
    ys = (sp.Rational(3, 2), sp.Rational(9, 4), sp.Rational(21, 8))
    r = [y - x1 * (1 - x2**i) for i, y in enumerate(ys, start=1)]
    return Problem.from_residuals(r, (x1, x2), name="Beale (MGH 5)", x0=(1, 1), fmin=0,
                                  xmin=(3, sp.Rational(1, 2)))


def wood() -> Problem:
    """MGH 14 (Colville): six residuals in four variables; minimum 0 at (1, 1, 1, 1)."""
    x1, x2, x3, x4 = _symbols(4)
    r = [10 * (x2 - x1**2), 1 - x1, sp.sqrt(90) * (x4 - x3**2), 1 - x3,
         sp.sqrt(10) * (x2 + x4 - 2), (x2 - x4) / sp.sqrt(10)]
    return Problem.from_residuals(r, (x1, x2, x3, x4), name="Wood (MGH 14)",
                                  x0=(-3, -1, -3, -1), fmin=0, xmin=(1, 1, 1, 1))


def helical_valley() -> Problem:
    """MGH 7: ``r = (10(x₃ − 10θ), 10(√(x₁² + x₂²) − 1), x₃)`` with
    ``2πθ = atan2(x₂, x₁)`` (MGH's θ away from the cut along the negative ``x₁`` axis);
    minimum 0 at (1, 0, 0)."""
    x1, x2, x3 = _symbols(3)
    theta = sp.atan2(x2, x1) / (2 * sp.pi)
    r = [10 * (x3 - 10 * theta), 10 * (sp.sqrt(x1**2 + x2**2) - 1), x3]
    return Problem.from_residuals(r, (x1, x2, x3), name="helical valley (MGH 7)",
                                  x0=(-1, 0, 0), fmin=0, xmin=(1, 0, 0))


def freudenstein_roth() -> Problem:
    """MGH 2: ``r₁ = −13 + x₁ + ((5 − x₂)x₂ − 2)x₂``, ``r₂ = −29 + x₁ + ((x₂ + 1)x₂ − 14)x₂``;
    minimum 0 at (5, 4) and a local minimum ½·48.98… near (11.41, −0.8968) that traps most
    methods from the standard start (½, −2)."""
    x1, x2 = _symbols(2)
    r = [-13 + x1 + ((5 - x2) * x2 - 2) * x2, -29 + x1 + ((x2 + 1) * x2 - 14) * x2]
    return Problem.from_residuals(r, (x1, x2), name="Freudenstein–Roth (MGH 2)",
                                  x0=(sp.Rational(1, 2), -2), fmin=0, xmin=(5, 4))


def curve_fit(zero_residual: bool = True) -> Problem:
    """Fit ``y = a t / (b + t)`` (Michaelis–Menten) to five points made with ``a = 2, b = 3``
    -- exactly (a zero-residual problem) or with ±1/20 added alternately."""
    a, b = sp.symbols("a b")
    ts = range(1, 6)
    ys = [sp.Rational(2 * t, 3 + t) + (0 if zero_residual else sp.Rational((-1) ** t, 20))
          for t in ts]
    r = [a * t / (b + t) - y for t, y in zip(ts, ys, strict=True)]
    return Problem.from_residuals(
        r, (a, b), name="Michaelis–Menten fit" + (" (zero residual)" if zero_residual else ""),
        x0=(1, 1), fmin=0 if zero_residual else None, xmin=(2, 3) if zero_residual else None)


# -- logistic regression ---------------------------------------------------------------------

#: inputs and labels of a small problem that is not separable (so a minimiser exists)
_LOGISTIC_T = (-2, -1, sp.Rational(-1, 2), 0, 0, sp.Rational(1, 2), 1, 2)
_LOGISTIC_Y = (0, 0, 1, 0, 1, 0, 1, 1)


def logistic_regression() -> Problem:
    """Mean log-loss of ``P(y = 1 | t) = σ(w₀ + w₁t)`` on eight labelled points, with its
    Fisher matrix ``F = (1/m) Σ pᵢ(1 − pᵢ) xᵢxᵢᵀ`` (``xᵢ = (1, tᵢ)``), computed from the
    model's probabilities -- for this canonical link it coincides with the Hessian.
    """
    w0, w1 = sp.symbols("w0 w1")
    m = len(_LOGISTIC_T)
    zs = [w0 + w1 * t for t in _LOGISTIC_T]
    loss = sp.Add(*(sp.log(1 + sp.exp(z)) - y * z
                    for z, y in zip(zs, _LOGISTIC_Y, strict=True))) / m
    ps = [1 / (1 + sp.exp(-z)) for z in zs]
    F = sp.zeros(2, 2)
    for p, t in zip(ps, _LOGISTIC_T, strict=True):
        F += p * (1 - p) * sp.Matrix([[1, t], [t, t * t]])
    F = (F / m).tolist()

    X = np.array([[1.0, float(t)] for t in _LOGISTIC_T])
    y = np.array(_LOGISTIC_Y, dtype=float)

    def value_and_grad(w):
        z = X @ w
        p = 1 / (1 + np.exp(-z))
        return float(np.mean(np.logaddexp(0, z) - y * z)), X.T @ (p - y) / m

    def fisher(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return (X.T * (p * (1 - p))) @ X / m

    numpy = Callables(fun=lambda w: value_and_grad(w)[0], grad=lambda w: value_and_grad(w)[1],
                      hess=fisher, value_and_grad=value_and_grad, fisher=fisher)
    return Problem(2, "logistic regression (8 points)", lambda: Symbolic(loss, (w0, w1),
                                                                          fisher=F),
                   {"numpy": numpy}, x0=(sp.Integer(0), sp.Integer(0)))


#: the MGH problems the benchmarks and tests run (name -> constructor)
MGH = {
    "rosenbrock": lambda: rosenbrock(2),
    "freudenstein-roth": freudenstein_roth,
    "helical-valley": helical_valley,
    "beale": beale,
    "powell-singular": powell_singular,
    "wood": wood,
    "extended-rosenbrock-10": lambda: extended_rosenbrock(10),
}
