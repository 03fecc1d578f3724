"""A catalogue of standard test problems for the optimizers, each a :class:`~symhess.optim.Problem`.

Every problem has an exact symbolic form (built only when an exact or mpmath run asks for it)
and, where ``n`` can be large, vectorised NumPy functions.  Each carries its standard starting
point ``x0`` and, where known, the minimum ``fmin`` at ``xmin``.

* quadratics ``½xᵀAx − bᵀx`` with a chosen spectrum or condition number κ, in a rational
  eigenbasis so that every iterate of gradient descent stays an exact fraction;
* Rosenbrock: chained (``scipy.optimize.rosen``) and the extended, pairwise one of Moré,
  Garbow & Hillstrom (MGH 21), any ``n``;
* the 18 unconstrained problems of Moré, Garbow & Hillstrom (:data:`MGH`, in their order), each
  with MGH's ``m``, the standard start (and, by :func:`mgh_start`, the 10× and 100× starts) and
  the minima MGH publish (``problem.data["mgh"]``, an :class:`MGHInfo`), as ``f = ½‖r‖²``
  (half of MGH's ``F = Σ rᵢ²``); where the residuals are one formula over a data table, NumPy
  evaluates it column-wise;
* a small curve fit (zero or non-zero residual) and a logistic regression with its Fisher matrix;
* scipy's own optimizer test problems where they differ from MGH (:data:`SCIPY_SET`, with
  :func:`scipy_start`): the problems of scipy's benchmark suite and unit tests, from the starts
  scipy runs them from, with their minima known exactly (``problem.data["scipy"]``, a
  :class:`ScipyInfo`).

Reference: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing unconstrained optimization
software", ACM TOMS 7 (1981) 17–41, §3 (problems, data tables, starts and minima).  The tables
were transcribed from there and checked against MINPACK's test drivers and J. Melville's
``funconstrain`` (R); ``tests/test_problem_set.py`` checks them by reaching each printed F*.

>>> p = rosenbrock(2)
>>> p.expr
(1 - x1)**2 + 100*(-x1**2 + x2)**2
>>> p.x0, p.fmin
((-6/5, 1), 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np
import sympy as sp

from ..errors import DimensionError, OptionError
from ..parsing import as_expr
from .problem import Callables, Problem, Repeated, Symbolic

__all__ = [
    "householder",
    "quadratic",
    "ill_conditioned",
    "rosenbrock",
    "extended_rosenbrock",
    "mgh_rosenbrock",
    "freudenstein_roth",
    "powell_badly_scaled",
    "brown_badly_scaled",
    "beale",
    "jennrich_sampson",
    "helical_valley",
    "bard",
    "gaussian",
    "meyer",
    "gulf",
    "box_3d",
    "powell_singular",
    "wood",
    "kowalik_osborne",
    "brown_dennis",
    "osborne_1",
    "biggs_exp6",
    "curve_fit",
    "logistic_regression",
    "saddle",
    "MGH",
    "SCALES",
    "TEST_SET",
    "mgh_start",
    "Minimum",
    "MinimumKind",
    "MGHInfo",
    "simple_quadratic",
    "asymmetric_quadratic",
    "sin_1d",
    "booth",
    "himmelblau",
    "maximum_entropy",
    "lennard_jones",
    "scipy_rosenbrock_2",
    "scipy_rosenbrock_3",
    "scipy_beale",
    "SCIPY_SET",
    "scipy_start",
    "ExactMinimum",
    "ScipyInfo",
]


def _symbols(n: int) -> tuple[sp.Symbol, ...]:
    return sp.symbols(f"x1:{n + 1}")


def _number(value):
    """A number given as text (read by the safe parser) or as a number."""
    return as_expr(value)


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


# -- the Moré–Garbow–Hillstrom set, problems 1–18 ------------------------------------------
#
# MGH write F = Σ rᵢ²; a problem here is f = ½ Σ rᵢ² (``Problem.from_residuals``, the scale of
# Gauss–Newton), so f = F/2 and every published F is halved in ``fmin`` -- except Rosenbrock,
# which is ``scipy.optimize.rosen`` = F itself.  The data tables are those printed in
# MGH (1981) §3 (Bard, Gaussian, Meyer, Kowalik–Osborne, Osborne 1), as in MINPACK's test
# drivers; values of F at the minima are the paper's, printed truncated ("124.362...").


class MinimumKind(Enum):
    GLOBAL = "global"
    LOCAL = "local"
    AT_INFINITY = "at infinity"  # an infimum approached as some xᵢ → ±∞


@dataclass(frozen=True)
class Minimum:
    """A minimum as MGH print it: ``F`` (their ``Σ rᵢ²``) in the digits printed, the point
    exactly where they give it exactly (``x``), or its printed digits (``near``)."""

    F: str
    x: tuple | None = None
    near: tuple[str, ...] | None = None
    kind: MinimumKind = MinimumKind.GLOBAL

    @property
    def value(self) -> sp.Rational:
        return sp.Rational(self.F)

    @property
    def unit(self) -> sp.Rational:
        """One unit in the last printed digit of ``F`` (0 for an exact zero)."""
        if self.value == 0:
            return sp.Integer(0)
        mantissa, _, exponent = self.F.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        return sp.Rational(10) ** (int(exponent or 0) - decimals)

    def agrees(self, F, zero_tol: float = 1e-8) -> bool:
        """``F`` agrees with the printed value, read as MGH print it: truncated ("124.362..."
        for 124.36218) or, as for Biggs EXP6's 5.65565 (5.6556499...), rounded -- so
        ``printed − unit/2 ≤ F < printed + unit``.  A published zero is reached when
        ``F ≤ zero_tol``."""
        if self.value == 0:
            return bool(abs(F) <= zero_tol)
        low, high = float(self.value - self.unit / 2), float(self.value + self.unit)
        return bool(low <= float(F) < high)


@dataclass(frozen=True)
class MGHInfo:
    """Where a problem sits in MGH's list: its number, ``m`` residuals, the published minima,
    and how ``f`` relates to MGH's ``F`` (``f = F/2`` unless ``half`` is false)."""

    number: int
    m: int
    minima: tuple[Minimum, ...]
    half: bool = True
    note: str = ""

    def F(self, f):
        """MGH's ``F = Σ rᵢ²`` from this problem's ``f``."""
        return 2 * f if self.half else f

    def minimum_reached(self, f, zero_tol: float = 1e-8) -> Minimum | None:
        """The finite published minimum whose printed value ``f`` agrees with, if any."""
        F = self.F(f)
        for minimum in self.minima:
            if minimum.kind is not MinimumKind.AT_INFINITY and minimum.agrees(F, zero_tol):
                return minimum
        return None


def _mgh(problem: Problem, info: MGHInfo) -> Problem:
    """``problem`` carrying its MGH record, with ``fmin``/``xmin`` from its global minimum."""
    best = next(m for m in info.minima if m.kind is MinimumKind.GLOBAL)
    fmin = best.value / 2 if info.half else best.value
    return replace(problem, fmin=fmin, xmin=best.x, data={**problem.data, "mgh": info})


def _fit(name: str, xs, residual, columns: dict, *, x0, info: MGHInfo) -> Problem:
    """A least-squares problem whose residuals are one formula over the rows of a table:
    ``rᵢ = residual(x; columnsᵢ)``.  The exact form substitutes each row; NumPy evaluates the
    formula, its gradient and Hessian in ``x`` once over whole columns (no per-row Python)."""
    keys = tuple(columns)
    rows = list(zip(*columns.values(), strict=True))

    def symbolic():
        rs = [residual.xreplace(dict(zip(keys, row, strict=True))) for row in rows]
        return Symbolic(sp.Rational(1, 2) * sp.Add(*(r**2 for r in rs)), xs, rs)

    numpy = _vectorised(xs, residual, keys, [[float(v) for v in columns[k]] for k in keys])
    problem = Problem(len(xs), name, symbolic, {"numpy": numpy},
                      x0=tuple(sp.Rational(v) for v in x0))
    return _mgh(problem, info)


def _vectorised(xs, residual, keys, columns) -> Callables:
    """``f = ½‖r‖²`` with ``∇f = Jᵀr`` and ``∇²f = JᵀJ + Σ rᵢ∇²rᵢ`` from one residual
    formula, evaluated by NumPy over the data columns."""
    dr = [sp.diff(residual, x) for x in xs]
    d2r = [[sp.diff(d, x) for x in xs] for d in dr]
    args = (*xs, *keys)
    r_of, dr_of, d2r_of = (sp.lambdify(args, e, "numpy") for e in (residual, dr, d2r))
    data = [np.asarray(c, dtype=float) for c in columns]
    m = len(data[0])

    def full(v):
        return np.broadcast_to(np.asarray(v, dtype=float), (m,))

    def r(x):
        return full(r_of(*x, *data))

    def jacobian_t(x):  # Jᵀ, n × m
        return np.array([full(v) for v in dr_of(*x, *data)])

    def curvature(x, rx):  # Σ rᵢ ∇²rᵢ
        return np.array([[full(v) @ rx for v in row] for row in d2r_of(*x, *data)])

    def value_and_grad(x):
        rx = r(x)
        return float(rx @ rx / 2), jacobian_t(x) @ rx

    def hess(x):
        rx, Jt = r(x), jacobian_t(x)
        return Jt @ Jt.T + curvature(x, rx)

    def hessp(x, v):
        rx, Jt = r(x), jacobian_t(x)
        return Jt @ (Jt.T @ v) + curvature(x, rx) @ v

    return Callables(fun=lambda x: value_and_grad(x)[0], grad=lambda x: value_and_grad(x)[1],
                     hess=hess, hessp=hessp, value_and_grad=value_and_grad, residuals=r,
                     jacobian=lambda x: jacobian_t(x).T)


def _residuals(name: str, residuals, xs, *, x0, info: MGHInfo) -> Problem:
    return _mgh(Problem.from_residuals(residuals, xs, name=name, x0=x0), info)


def _column(text: str) -> tuple:
    """A printed data column, kept as the exact decimals printed."""
    return tuple(sp.Rational(v) for v in text.split())


G, L, INF = MinimumKind.GLOBAL, MinimumKind.LOCAL, MinimumKind.AT_INFINITY


def mgh_rosenbrock() -> Problem:
    """MGH 1, Rosenbrock: ``F = 100(x₂ − x₁²)² + (1 − x₁)²`` (this is ``f`` itself, as
    ``scipy.optimize.rosen``); ``F = 0`` at (1, 1), start (−1.2, 1)."""
    info = MGHInfo(1, 2, (Minimum("0", (1, 1)),), half=False)
    return replace(_mgh(rosenbrock(2), info), name="Rosenbrock (MGH 1)")


def freudenstein_roth() -> Problem:
    """MGH 2: ``r₁ = −13 + x₁ + ((5 − x₂)x₂ − 2)x₂``, ``r₂ = −29 + x₁ + ((x₂ + 1)x₂ − 14)x₂``;
    ``F = 0`` at (5, 4) and a local minimum ``F = 48.9842...`` at (11.41..., −0.8968...) that
    traps most methods from the standard start (½, −2)."""
    x1, x2 = _symbols(2)
    r = [-13 + x1 + ((5 - x2) * x2 - 2) * x2, -29 + x1 + ((x2 + 1) * x2 - 14) * x2]
    return _residuals("Freudenstein–Roth (MGH 2)", r, (x1, x2), x0=(sp.Rational(1, 2), -2),
                      info=MGHInfo(2, 2, (Minimum("0", (5, 4)),
                                          Minimum("48.9842", near=("11.41", "-0.8968"),
                                                  kind=L))))


def powell_badly_scaled() -> Problem:
    """MGH 3: ``r₁ = 10⁴x₁x₂ − 1``, ``r₂ = e^{−x₁} + e^{−x₂} − 1.0001``; ``F = 0`` at
    (1.098...·10⁻⁵, 9.106...), start (0, 1)."""
    x1, x2 = _symbols(2)
    r = [10**4 * x1 * x2 - 1, sp.exp(-x1) + sp.exp(-x2) - sp.Rational("1.0001")]
    return _residuals("Powell badly scaled (MGH 3)", r, (x1, x2), x0=(0, 1),
                      info=MGHInfo(3, 2, (Minimum("0", near=("1.098e-5", "9.106")),)))


def brown_badly_scaled() -> Problem:
    """MGH 4: ``r = (x₁ − 10⁶, x₂ − 2·10⁻⁶, x₁x₂ − 2)``; ``F = 0`` at (10⁶, 2·10⁻⁶), start
    (1, 1)."""
    x1, x2 = _symbols(2)
    r = [x1 - 10**6, x2 - sp.Rational(2, 10**6), x1 * x2 - 2]
    return _residuals("Brown badly scaled (MGH 4)", r, (x1, x2), x0=(1, 1),
                      info=MGHInfo(4, 3, (Minimum("0", (10**6, sp.Rational(2, 10**6))),)))


def beale() -> Problem:
    """MGH 5: ``rᵢ = yᵢ − x₁(1 − x₂ⁱ)`` with ``y = (3/2, 9/4, 21/8)``; ``F = 0`` at (3, ½),
    start (1, 1)."""
    x1, x2 = _symbols(2)
    ys = (sp.Rational(3, 2), sp.Rational(9, 4), sp.Rational(21, 8))
    r = [y - x1 * (1 - x2**i) for i, y in enumerate(ys, start=1)]
    return _residuals("Beale (MGH 5)", r, (x1, x2), x0=(1, 1),
                      info=MGHInfo(5, 3, (Minimum("0", (3, sp.Rational(1, 2))),)))


def jennrich_sampson(m: int = 10) -> Problem:
    """MGH 6: ``rᵢ = 2 + 2i − (e^{ix₁} + e^{ix₂})``, ``i = 1..m``; for MGH's ``m = 10``,
    ``F = 124.362...`` at x₁ = x₂ = 0.2578..., start (0.3, 0.4)."""
    if m < 2:
        raise DimensionError(f"Jennrich–Sampson needs m ≥ 2 residuals, not {m}")
    x1, x2 = xs = _symbols(2)
    i = sp.Symbol("i")
    minima = (Minimum("124.362", near=("0.2578", "0.2578")),) if m == 10 else ()
    return _fit(f"Jennrich–Sampson (MGH 6, m = {m})", xs,
                2 + 2 * i - (sp.exp(i * x1) + sp.exp(i * x2)), {i: range(1, m + 1)},
                x0=("0.3", "0.4"), info=MGHInfo(6, m, minima))


def helical_valley() -> Problem:
    """MGH 7: ``r = (10(x₃ − 10θ), 10(√(x₁² + x₂²) − 1), x₃)`` with MGH's
    ``2πθ = arctan(x₂/x₁)`` for ``x₁ > 0`` and ``arctan(x₂/x₁) + π`` for ``x₁ < 0``: θ jumps
    across the x₂ axis (``x₁ = 0``, where it is undefined), and is smooth across the negative
    x₁ axis, where the standard start lies (``atan2``'s cut runs there instead, which makes
    another problem).  The jump is in θ only: ∇f and ∇²f are the same on both sides.
    ``F = 0`` at (1, 0, 0), start (−1, 0, 0)."""
    x1, x2, x3 = _symbols(3)
    turn = sp.atan(x2 / x1) / (2 * sp.pi)
    theta = sp.Piecewise((turn + sp.Rational(1, 2), x1 < 0), (turn, True))
    r = [10 * (x3 - 10 * theta), 10 * (sp.sqrt(x1**2 + x2**2) - 1), x3]
    return _residuals("helical valley (MGH 7)", r, (x1, x2, x3), x0=(-1, 0, 0),
                      info=MGHInfo(7, 3, (Minimum("0", (1, 0, 0)),)))


_BARD_Y = _column("0.14 0.18 0.22 0.25 0.29 0.32 0.35 0.39 0.37 0.58 0.73 0.96 1.34 2.10 4.39")


def bard() -> Problem:
    """MGH 8: ``rᵢ = yᵢ − (x₁ + uᵢ/(vᵢx₂ + wᵢx₃))`` with ``uᵢ = i``, ``vᵢ = 16 − i``,
    ``wᵢ = min(uᵢ, vᵢ)``, ``i = 1..15``; ``F = 8.21487...·10⁻³``, and ``F → 17.4286...`` as
    x₁ → 0.8406..., x₂, x₃ → −∞; start (1, 1, 1)."""
    xs = x1, x2, x3 = _symbols(3)
    u, v, w, y = sp.symbols("u v w y")
    rows = range(1, 16)
    return _fit("Bard (MGH 8)", xs, y - (x1 + u / (v * x2 + w * x3)),
                {u: rows, v: [16 - i for i in rows], w: [min(i, 16 - i) for i in rows],
                 y: _BARD_Y}, x0=(1, 1, 1),
                info=MGHInfo(8, 15, (Minimum("8.21487e-3"),
                                     Minimum("17.4286", near=("0.8406", "-inf", "-inf"),
                                             kind=INF))))


_GAUSSIAN_Y = _column("0.0009 0.0044 0.0175 0.0540 0.1295 0.2420 0.3521 0.3989 0.3521 0.2420 "
                      "0.1295 0.0540 0.0175 0.0044 0.0009")


def gaussian() -> Problem:
    """MGH 9: ``rᵢ = x₁ exp(−x₂(tᵢ − x₃)²/2) − yᵢ``, ``tᵢ = (8 − i)/2``, ``i = 1..15``;
    ``F = 1.12793...·10⁻⁸``, start (0.4, 1, 0)."""
    xs = x1, x2, x3 = _symbols(3)
    t, y = sp.symbols("t y")
    return _fit("Gaussian (MGH 9)", xs, x1 * sp.exp(-x2 * (t - x3) ** 2 / 2) - y,
                {t: [sp.Rational(8 - i, 2) for i in range(1, 16)], y: _GAUSSIAN_Y},
                x0=("0.4", 1, 0), info=MGHInfo(9, 15, (Minimum("1.12793e-8"),)))


_MEYER_Y = _column("34780 28610 23650 19630 16370 13720 11540 9744 8261 7030 6005 5147 4427 "
                   "3820 3307 2872")


def meyer() -> Problem:
    """MGH 10: ``rᵢ = x₁ exp(x₂/(tᵢ + x₃)) − yᵢ``, ``tᵢ = 45 + 5i``, ``i = 1..16``;
    ``F = 87.9458...`` (MGH give no minimiser), start (0.02, 4000, 250)."""
    xs = x1, x2, x3 = _symbols(3)
    t, y = sp.symbols("t y")
    return _fit("Meyer (MGH 10)", xs, x1 * sp.exp(x2 / (t + x3)) - y,
                {t: [45 + 5 * i for i in range(1, 17)], y: _MEYER_Y},
                x0=("0.02", 4000, 250), info=MGHInfo(10, 16, (Minimum("87.9458"),)))


def gulf(m: int = 99) -> Problem:
    """MGH 11, Gulf research and development: ``rᵢ = exp(−|yᵢ − x₂|^{x₃}/x₁) − tᵢ`` with
    ``tᵢ = i/100``, ``yᵢ = 25 + (−50 ln tᵢ)^{2/3}``; ``F = 0`` at (50, 25, 1.5) for every m,
    start (5, 2.5, 0.15).

    MGH allow ``n ≤ m ≤ 100`` and fix no ``m``; 99 is the usual choice (at ``m = 100``,
    ``y₁₀₀ = 25`` puts a kink of ``|y − x₂|`` at the minimiser).  ``|u|^{x₃}`` is written
    ``(u²)^{x₃/2}``, the same function, whose derivatives carry no sign(u).  (MGH's text
    prints ``|yᵢmi x₂|`` for ``|yᵢ − x₂|``.)"""
    if not 3 <= m <= 100:
        raise DimensionError(f"the Gulf problem needs 3 ≤ m ≤ 100 residuals, not {m}")
    xs = x1, x2, x3 = _symbols(3)
    t, y = sp.symbols("t y")
    ts = [sp.Rational(i, 100) for i in range(1, m + 1)]
    ys = [25 + (-50 * sp.log(ti)) ** sp.Rational(2, 3) for ti in ts]
    return _fit(f"Gulf research and development (MGH 11, m = {m})", xs,
                sp.exp(-(((y - x2) ** 2) ** (x3 / 2)) / x1) - t, {t: ts, y: ys},
                x0=(5, "2.5", "0.15"),
                info=MGHInfo(11, m, (Minimum("0", (50, 25, sp.Rational(3, 2))),)))


def box_3d(m: int = 10) -> Problem:
    """MGH 12, Box three-dimensional: ``rᵢ = e^{−tᵢx₁} − e^{−tᵢx₂} − x₃(e^{−tᵢ} − e^{−10tᵢ})``,
    ``tᵢ = i/10``; ``F = 0`` at (1, 10, 1), (10, 1, −1) and wherever x₁ = x₂, x₃ = 0; start
    (0, 10, 20), ``m = 10`` as in MGH's tests."""
    if m < 3:
        raise DimensionError(f"the Box problem needs m ≥ 3 residuals, not {m}")
    xs = x1, x2, x3 = _symbols(3)
    t = sp.Symbol("t")
    return _fit(f"Box three-dimensional (MGH 12, m = {m})", xs,
                sp.exp(-t * x1) - sp.exp(-t * x2) - x3 * (sp.exp(-t) - sp.exp(-10 * t)),
                {t: [sp.Rational(i, 10) for i in range(1, m + 1)]}, x0=(0, 10, 20),
                info=MGHInfo(12, m, (Minimum("0", (1, 10, 1)), Minimum("0", (10, 1, -1))),
                             note="also F = 0 on the line x₁ = x₂, x₃ = 0"))


def powell_singular() -> Problem:
    """MGH 13: ``r = (x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)²)``; the Hessian is
    singular at the minimiser 0, so Newton converges only linearly there; start
    (3, −1, 0, 1)."""
    xs = x1, x2, x3, x4 = _symbols(4)
    r = [x1 + 10 * x2, sp.sqrt(5) * (x3 - x4), (x2 - 2 * x3) ** 2, sp.sqrt(10) * (x1 - x4) ** 2]
    return _residuals("Powell singular (MGH 13)", r, xs, x0=(3, -1, 0, 1),
                      info=MGHInfo(13, 4, (Minimum("0", (0, 0, 0, 0)),)))


def wood() -> Problem:
    """MGH 14 (Colville): six residuals in four variables; ``F = 0`` at (1, 1, 1, 1), start
    (−3, −1, −3, −1)."""
    xs = x1, x2, x3, x4 = _symbols(4)
    r = [10 * (x2 - x1**2), 1 - x1, sp.sqrt(90) * (x4 - x3**2), 1 - x3,
         sp.sqrt(10) * (x2 + x4 - 2), (x2 - x4) / sp.sqrt(10)]
    return _residuals("Wood (MGH 14)", r, xs, x0=(-3, -1, -3, -1),
                      info=MGHInfo(14, 6, (Minimum("0", (1, 1, 1, 1)),)))


_KOWALIK_Y = _column("0.1957 0.1947 0.1735 0.1600 0.0844 0.0627 0.0456 0.0342 0.0323 0.0235 "
                     "0.0246")
_KOWALIK_U = _column("4 2 1 0.5 0.25 0.167 0.125 0.1 0.0833 0.0714 0.0625")


def kowalik_osborne() -> Problem:
    """MGH 15: ``rᵢ = yᵢ − x₁(uᵢ² + uᵢx₂)/(uᵢ² + uᵢx₃ + x₄)``, ``i = 1..11`` (``uᵢ`` as printed,
    rounded: 0.167 for 1/6); ``F = 3.07505...·10⁻⁴``, and ``F → 1.02734...·10⁻³`` as
    x₁ → +∞, x₂ → −14.07..., x₃, x₄ → −∞; start (0.25, 0.39, 0.415, 0.39)."""
    xs = x1, x2, x3, x4 = _symbols(4)
    u, y = sp.symbols("u y")
    return _fit("Kowalik–Osborne (MGH 15)", xs,
                y - x1 * (u**2 + u * x2) / (u**2 + u * x3 + x4), {u: _KOWALIK_U, y: _KOWALIK_Y},
                x0=("0.25", "0.39", "0.415", "0.39"),
                info=MGHInfo(15, 11, (Minimum("3.07505e-4"),
                                      Minimum("1.02734e-3", near=("inf", "-14.07", "-inf",
                                                                  "-inf"), kind=INF))))


def brown_dennis(m: int = 20) -> Problem:
    """MGH 16: ``rᵢ = (x₁ + tᵢx₂ − e^{tᵢ})² + (x₃ + x₄ sin tᵢ − cos tᵢ)²``, ``tᵢ = i/5``; for
    MGH's ``m = 20``, ``F = 85822.2...``; start (25, 5, −5, −1)."""
    if m < 4:
        raise DimensionError(f"Brown–Dennis needs m ≥ 4 residuals, not {m}")
    xs = x1, x2, x3, x4 = _symbols(4)
    t = sp.Symbol("t")
    minima = (Minimum("85822.2"),) if m == 20 else ()
    return _fit(f"Brown–Dennis (MGH 16, m = {m})", xs,
                (x1 + t * x2 - sp.exp(t)) ** 2 + (x3 + x4 * sp.sin(t) - sp.cos(t)) ** 2,
                {t: [sp.Rational(i, 5) for i in range(1, m + 1)]}, x0=(25, 5, -5, -1),
                info=MGHInfo(16, m, minima))


_OSBORNE1_Y = _column("0.844 0.908 0.932 0.936 0.925 0.908 0.881 0.850 0.818 0.784 0.751 0.718 "
                      "0.685 0.658 0.628 0.603 0.580 0.558 0.538 0.522 0.506 0.490 0.478 0.467 "
                      "0.457 0.448 0.438 0.431 0.424 0.420 0.414 0.411 0.406")


def osborne_1() -> Problem:
    """MGH 17: ``rᵢ = yᵢ − (x₁ + x₂e^{−tᵢx₄} + x₃e^{−tᵢx₅})``, ``tᵢ = 10(i − 1)``,
    ``i = 1..33``; ``F = 5.46489...·10⁻⁵``, start (0.5, 1.5, −1, 0.01, 0.02)."""
    xs = x1, x2, x3, x4, x5 = _symbols(5)
    t, y = sp.symbols("t y")
    return _fit("Osborne 1 (MGH 17)", xs,
                y - (x1 + x2 * sp.exp(-t * x4) + x3 * sp.exp(-t * x5)),
                {t: [10 * (i - 1) for i in range(1, 34)], y: _OSBORNE1_Y},
                x0=("0.5", "1.5", -1, "0.01", "0.02"),
                info=MGHInfo(17, 33, (Minimum("5.46489e-5"),)))


def biggs_exp6(m: int = 13) -> Problem:
    """MGH 18: ``rᵢ = x₃e^{−tᵢx₁} − x₄e^{−tᵢx₂} + x₆e^{−tᵢx₅} − yᵢ`` with ``tᵢ = i/10``,
    ``yᵢ = e^{−tᵢ} − 5e^{−10tᵢ} + 3e^{−4tᵢ}``; ``F = 0`` at (1, 10, 1, 5, 4, 3) and, for
    MGH's ``m = 13``, ``F = 5.65565...·10⁻³`` where two exponentials merge: on the line
    x₁ = x₅ ≈ 1.7114, x₂ ≈ 17.683, x₄ ≈ 5.1866, x₃ + x₆ ≈ 2.3263.  Not an isolated minimiser:
    along that line the Hessian is positive semidefinite where x₃ and x₆ have opposite signs
    and has a negative eigenvalue (a saddle) where both are positive, so a method that stops
    there has reached the published value but not necessarily a minimum; start
    (1, 2, 1, 1, 1, 1)."""
    if m < 6:
        raise DimensionError(f"Biggs EXP6 needs m ≥ 6 residuals, not {m}")
    xs = x1, x2, x3, x4, x5, x6 = _symbols(6)
    t = sp.Symbol("t")
    y = sp.exp(-t) - 5 * sp.exp(-10 * t) + 3 * sp.exp(-4 * t)
    minima = (Minimum("0", (1, 10, 1, 5, 4, 3)),)
    if m == 13:
        minima += (Minimum("5.65565e-3", kind=L),)
    return _fit(f"Biggs EXP6 (MGH 18, m = {m})", xs,
                x3 * sp.exp(-t * x1) - x4 * sp.exp(-t * x2) + x6 * sp.exp(-t * x5) - y,
                {t: [sp.Rational(i, 10) for i in range(1, m + 1)]}, x0=(1, 2, 1, 1, 1, 1),
                info=MGHInfo(18, m, minima))


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


#: MGH's problems 1–18 in their order (name -> constructor, with MGH's m)
MGH = {
    "rosenbrock": mgh_rosenbrock,
    "freudenstein-roth": freudenstein_roth,
    "powell-badly-scaled": powell_badly_scaled,
    "brown-badly-scaled": brown_badly_scaled,
    "beale": beale,
    "jennrich-sampson": jennrich_sampson,
    "helical-valley": helical_valley,
    "bard": bard,
    "gaussian": gaussian,
    "meyer": meyer,
    "gulf": gulf,
    "box-3d": box_3d,
    "powell-singular": powell_singular,
    "wood": wood,
    "kowalik-osborne": kowalik_osborne,
    "brown-dennis": brown_dennis,
    "osborne-1": osborne_1,
    "biggs-exp6": biggs_exp6,
}

#: the starts MGH run from: x₀, 10x₀ and 100x₀
SCALES = (1, 10, 100)

#: the problems the optimizer tests run against scipy on every commit (the benchmark runs all
#: of :data:`MGH`, from every start)
TEST_SET = {
    "rosenbrock": mgh_rosenbrock,
    "freudenstein-roth": freudenstein_roth,
    "helical-valley": helical_valley,
    "beale": beale,
    "powell-singular": powell_singular,
    "wood": wood,
    "extended-rosenbrock-10": lambda: extended_rosenbrock(10),
}


def mgh_start(name: str, scale: int = 1) -> tuple[Problem, tuple]:
    """``(problem, scale·x₀)``: MGH problem ``name`` and its standard start scaled by 1, 10 or
    100, as MGH run them.

    >>> problem, x0 = mgh_start("beale", 10)
    >>> problem.name, x0
    ('Beale (MGH 5)', (10, 10))
    """
    if name not in MGH:
        raise OptionError(f"no MGH problem named {name!r}; there are {', '.join(MGH)}")
    if scale not in SCALES:
        raise OptionError(f"MGH start scales are 1, 10 and 100, not {scale}")
    problem = MGH[name]()
    return problem, tuple(scale * as_expr(v) for v in problem.x0)


# -- scipy's own optimizer test problems, where they differ from MGH ---------------------------
#
# scipy's benchmark suite (``benchmarks/benchmarks/optimize.py``, class
# ``BenchSmoothUnbounded``, with the functions of ``benchmarks/benchmarks/test_functions.py``)
# runs its minimizers on the chained ``rosen`` (n = 3), ``SimpleQuadratic``,
# ``AsymmetricQuadratic``, ``sin(x)``, ``Booth``, ``Beale`` and a 4-atom ``LJ`` cluster, each
# from ten starts it draws afresh with ``np.random.uniform`` from a box.  Its unit tests
# (``scipy/optimize/tests/test_optimize.py``, ``test_trustregion.py``) add Himmelblau's
# function from (−0.27, −0.9), the maximum-entropy problem of ``CheckOptimize`` from 0, and
# Rosenbrock from (2, 2).  Here each start is fixed: ten points drawn once from scipy's box
# (``numpy.random.default_rng(15).uniform``, rounded to two decimals) and written out, so
# that every run, exact or not, starts from the same exact decimals.  Beale is MGH 5
# (:func:`beale`, whose f is half of scipy's) and Rosenbrock is :func:`rosenbrock`: those
# entries are the MGH constructors with scipy's starts attached.


@dataclass(frozen=True)
class ExactMinimum:
    """A minimum whose value ``f`` is known exactly (a SymPy number), with an exact minimiser
    ``x`` where one is known (a point of the set of minimisers when they are not isolated)
    and the published digits ``near`` otherwise."""

    f: object
    x: tuple | None = None
    near: tuple[str, ...] | None = None
    kind: MinimumKind = MinimumKind.GLOBAL

    def agrees(self, f, rtol: float = 1e-8) -> bool:
        """``|f − f*| ≤ rtol·max(1, |f*|)`` (for f* = 0, ``|f| ≤ rtol``, as MGH's zeros)."""
        target = float(self.f)
        return bool(abs(float(f) - target) <= rtol * max(1.0, abs(target)))


@dataclass(frozen=True)
class ScipyInfo:
    """Where scipy defines a test problem, the starts scipy runs it from, and its minima.

    ``minima`` holds :class:`ExactMinimum` records (the value known exactly) or
    :class:`Minimum` records (the value known to the digits printed, read as MGH's)."""

    source: str
    starts: tuple[tuple, ...]
    minima: tuple
    note: str = ""

    def minimum_reached(self, f, rtol: float = 1e-8):
        """The finite published minimum whose value ``f`` agrees with, if any."""
        for minimum in self.minima:
            if minimum.kind is MinimumKind.AT_INFINITY:
                continue
            if minimum.agrees(f, rtol) if isinstance(minimum, ExactMinimum) \
                    else minimum.agrees(f, zero_tol=rtol):
                return minimum
        return None


def _points(text: str) -> tuple[tuple, ...]:
    """Starts written one per line, coordinates as printed decimals, kept exact."""
    return tuple(tuple(sp.Rational(v) for v in line.split())
                 for line in text.strip().splitlines())


def _scipy(problem: Problem, info: ScipyInfo, name: str | None = None) -> Problem:
    """``problem`` carrying its scipy record, started from scipy's first start, with
    ``fmin``/``xmin`` from its global minimum when that is known exactly."""
    best = next(m for m in info.minima if m.kind is MinimumKind.GLOBAL)
    fmin = best.f if isinstance(best, ExactMinimum) else problem.fmin
    return replace(problem, name=name or problem.name, x0=info.starts[0], fmin=fmin,
                   xmin=best.x, data={**problem.data, "scipy": info})


_BENCH = "scipy benchmarks/benchmarks/optimize.py, BenchSmoothUnbounded"

_ROSEN3_STARTS = _points("""
    1.16 1.89 -0.93
    -2.73 0.43 -2.12
    1.31 -0.93 -0.26
    2.86 1.69 2.06
    0.33 2.65 -2.89
    2.34 -0.66 -1.61
    0.21 2.67 -1.01
    2.45 -0.2 2.8
    1.59 1.7 -0.83
    0.53 -1.51 1.8""")


def scipy_rosenbrock_3() -> Problem:
    """``scipy.optimize.rosen`` in three variables (the chained :func:`rosenbrock`), as
    scipy's benchmark runs it from starts in [−3, 3]³; its only minimum is 0 at (1, 1, 1)."""
    info = ScipyInfo(f"{_BENCH}.run_rosenbrock (np.random.uniform(-3, 3, 3))", _ROSEN3_STARTS,
                     (ExactMinimum(sp.Integer(0), (1, 1, 1)),))
    return _scipy(rosenbrock(3), info)


def scipy_rosenbrock_2() -> Problem:
    """Rosenbrock (MGH 1) from scipy's trust-region tests' "easy guess" (2, 2)
    (``scipy/optimize/tests/test_trustregion.py``; their "hard guess" is MGH's (−1.2, 1))."""
    info = ScipyInfo("scipy/optimize/tests/test_trustregion.py, TestTrustRegionSolvers",
                     ((sp.Integer(2), sp.Integer(2)),), (ExactMinimum(sp.Integer(0), (1, 1)),))
    return _scipy(mgh_rosenbrock(), info, "Rosenbrock (MGH 1) from scipy's (2, 2)")


_SIMPLE_STARTS = _points("""
    -0.97 0.69 -1.7
    -1.01 -0.57 -1.31
    -0.96 -1.19 -1.84
    -0.63 -0.13 -0.33
    1.6 -1.64 0.5
    -0.61 -1.9 1.09
    -0.31 1.9 1.1
    1.48 0.26 -0.64
    1.42 -0.35 1.49
    1.65 -0.58 0.9""")

_ASYMMETRIC_STARTS = _points("""
    1.25 1.99 -0.17
    -1.2 -0.97 -0.47
    -1.71 0.77 -1.77
    -0.14 1.99 -0.39
    -1.16 -0.37 -0.95
    -1.19 -0.96 -0.77
    -0.17 -0.87 0.56
    1.43 -1.9 -0.14
    0.47 -0.1 0.64
    -1.18 1.74 1.98""")


def simple_quadratic() -> Problem:
    """scipy's ``SimpleQuadratic``: ``f = x·x`` in three variables (the :func:`quadratic`
    with ``A = 2I``, ``b = 0``), minimum 0 at the origin, starts in [−2, 2]³."""
    info = ScipyInfo(f"{_BENCH}.run_simple_quadratic (np.random.uniform(-2, 2, 3))",
                     _SIMPLE_STARTS, (ExactMinimum(sp.Integer(0), (0, 0, 0)),))
    return _scipy(quadratic([2, 2, 2], [0, 0, 0], rotate=False), info,
                  "simple quadratic x·x (scipy)")


def asymmetric_quadratic() -> Problem:
    """scipy's ``AsymmetricQuadratic``: ``f = x·x + x₁`` in three variables (the
    :func:`quadratic` with ``A = 2I``, ``b = (−1, 0, 0)``), minimum −1/4 at (−1/2, 0, 0),
    starts in [−2, 2]³."""
    info = ScipyInfo(f"{_BENCH}.run_asymmetric_quadratic (np.random.uniform(-2, 2, 3))",
                     _ASYMMETRIC_STARTS,
                     (ExactMinimum(sp.Rational(-1, 4), (sp.Rational(-1, 2), 0, 0)),))
    return _scipy(quadratic([2, 2, 2], [sp.Rational(-1, 2), 0, 0], rotate=False), info,
                  "asymmetric quadratic x·x + x₁ (scipy)")


_SIN_STARTS = _points("1.32\n0.34\n1.33\n0.69\n1.46\n0\n-0.87\n0.23\n-0.02\n-1.16")


def sin_1d() -> Problem:
    """scipy's ``sin_1d``: ``f = sin x``, minimum −1 at every ``−π/2 + 2kπ`` (recorded: −π/2;
    which one a run reaches depends on its first steps), starts in [−2, 2]."""
    x1, = _symbols(1)
    info = ScipyInfo(f"{_BENCH}.run_sin_1d (np.random.uniform(-2, 2, 1))", _SIN_STARTS,
                     (ExactMinimum(sp.Integer(-1), (-sp.pi / 2,)),))
    return _scipy(Problem.from_expr(sp.sin(x1), (x1,), name="sin x (scipy)"), info)


_BOOTH_STARTS = _points("""
    6.73 7.31
    2.64 1.64
    5.81 4.59
    7.25 7.44
    0.19 2.1
    8.67 6.72
    7.9 7.44
    5.94 3.24
    2.86 6.21
    6.18 9.19""")

_BEALE_STARTS = _points("""
    6.26 5.67
    0.17 6.6
    8.79 6.4
    5.2 3.38
    9.94 2.94
    7.81 4.94
    5.67 0.25
    8.04 4.48
    9.38 9.57
    9.02 6.85""")


def booth() -> Problem:
    """scipy's ``Booth``: ``f = (x₁ + 2x₂ − 7)² + (2x₁ + x₂ − 5)²``, minimum 0 at (1, 3),
    starts in [0, 10]²."""
    x1, x2 = _symbols(2)
    f = (x1 + 2 * x2 - 7) ** 2 + (2 * x1 + x2 - 5) ** 2
    info = ScipyInfo(f"{_BENCH}.run_booth (np.random.uniform(0, 10, 2))", _BOOTH_STARTS,
                     (ExactMinimum(sp.Integer(0), (1, 3)),))
    return _scipy(Problem.from_expr(f, (x1, x2), name="Booth (scipy)"), info)


def scipy_beale() -> Problem:
    """scipy's ``Beale`` is MGH 5 (:func:`beale`; scipy's f is ``Σ rᵢ²``, twice ours), run
    by scipy's benchmark from starts in [0, 10]² instead of MGH's (1, 1); minimum 0 at
    (3, ½).  Far away f approaches 405/1792 (``F = 405/896``) along x₂ → 1 with
    ``x₁(x₂ − 1) → −111/112``: there ``x₁(1 − x₂ⁱ) → 111i/112`` and
    ``Σ(yᵢ − ic)²`` is least at ``c = Σiyᵢ/Σi² = 111/112``, leaving
    ``Σyᵢ² − (Σiyᵢ)²/14 = 909/64 − 12321/896``.  (Elsewhere at infinity F ≥ 7.3125.)"""
    info = ScipyInfo(f"{_BENCH}.run_beale (np.random.uniform(0, 10, 2))", _BEALE_STARTS,
                     (ExactMinimum(sp.Integer(0), (3, sp.Rational(1, 2))),
                      ExactMinimum(sp.Rational(405, 1792), near=("-inf", "1"),
                                   kind=MinimumKind.AT_INFINITY)),
                     note="f is ½Σrᵢ², half of scipy's; an infimum 405/1792 at infinity")
    return _scipy(beale(), info, "Beale (MGH 5) from scipy's starts")


def himmelblau() -> Problem:
    """Himmelblau's function ``(x₁² + x₂ − 11)² + (x₁ + x₂² − 7)²`` from scipy's start
    (−0.27, −0.9) (``scipy/optimize/tests/test_optimize.py``, ``himmelblau_x0``), next to its
    local maximum f = 181.617 at (−0.2708, −0.9230).  Four minima, all f = 0: (3, 2) and the
    points ``(r, 11 − r²)`` at the three roots r of ``r³ + 3r² − 13r − 38`` (both residuals
    vanish there: with ``x₂ = 11 − x₁²`` the second is ``(x₁ − 3)(x₁³ + 3x₁² − 13x₁ − 38)``);
    scipy names (3, 2)."""
    x1, x2 = _symbols(2)
    f = (x1**2 + x2 - 11) ** 2 + (x1 + x2**2 - 7) ** 2
    cubic = x1**3 + 3 * x1**2 - 13 * x1 - 38
    others = tuple(ExactMinimum(sp.Integer(0), (r, 11 - r**2), near=near)
                   for r, near in zip((sp.CRootOf(cubic, k) for k in range(3)),
                                      (("-3.779310", "-3.283186"), ("-2.805118", "3.131312"),
                                       ("3.584428", "-1.848126")), strict=True))
    info = ScipyInfo("scipy/optimize/tests/test_optimize.py, himmelblau / himmelblau_x0",
                     ((sp.Rational("-0.27"), sp.Rational("-0.9")),),
                     (ExactMinimum(sp.Integer(0), (3, 2)), *others),
                     note="a local maximum near the start, and four saddles")
    return _scipy(Problem.from_expr(f, (x1, x2), name="Himmelblau (scipy)"), info)


# the maximum-entropy problem of scipy's CheckOptimize (Berger, Della Pietra & Della Pietra,
# Computational Linguistics 22 (1996)): features F, expectations K
_MAXENT_F = ((1, 1, 1), (1, 1, 0), (1, 0, 1), (1, 0, 0), (1, 0, 0))
_MAXENT_K = (sp.Integer(1), sp.Rational(3, 10), sp.Rational(1, 2))


def maximum_entropy() -> Problem:
    """scipy's ``CheckOptimize`` problem: the dual of a maximum-entropy problem,
    ``f = log Σⱼ exp((Fx)ⱼ) − K·x`` with five feature rows ``F`` and ``K = (1, 3/10, 1/2)``,
    from 0.  Every row of F starts with 1 and K₁ = 1, so f does not depend on x₁: the
    minimisers are the line ``(t, log a, log b)`` with ``a = (√51 − 3)/7``, ``b = (1 + √51)/5``
    (setting ∂f/∂x₂ = 3/10 and ∂f/∂x₃ = 1/2 gives ``b = (a + 2)/(a + 1)`` and
    ``7a² + 6a − 6 = 0``), where ``f* = log((22 + 2√51)/7) − (3/10) log a − (1/2) log b``
    = 1.5591321672741...; the Hessian is singular along x₁.  scipy prints the solution
    (0, −0.524869316, 0.487525860), a run's result: the exact point is (0, −0.5248693897,
    0.4875277348), f differing by 4·10⁻¹³."""
    xs = _symbols(3)
    logits = [sp.Add(*(c * x for c, x in zip(row, xs, strict=True))) for row in _MAXENT_F]
    f = sp.log(sp.Add(*(sp.exp(z) for z in logits))) \
        - sp.Add(*(k * x for k, x in zip(_MAXENT_K, xs, strict=True)))
    Fm = np.array(_MAXENT_F, dtype=float)
    K = np.array([float(k) for k in _MAXENT_K])

    def probabilities(x):
        z = Fm @ x
        p = np.exp(z - z.max())
        return z, p / p.sum()

    def value_and_grad(x):
        z, p = probabilities(x)
        top = z.max()
        return float(top + np.log(np.sum(np.exp(z - top))) - K @ x), Fm.T @ p - K

    def hess(x):
        _, p = probabilities(x)
        mean = Fm.T @ p
        return (Fm.T * p) @ Fm - np.outer(mean, mean)

    numpy = Callables(fun=lambda x: value_and_grad(x)[0], grad=lambda x: value_and_grad(x)[1],
                      hess=hess, hessp=lambda x, v: hess(x) @ v, value_and_grad=value_and_grad)
    root = sp.sqrt(51)
    a, b = (root - 3) / 7, (1 + root) / 5
    fstar = sp.log((22 + 2 * root) / 7) - sp.Rational(3, 10) * sp.log(a) - sp.log(b) / 2
    info = ScipyInfo("scipy/optimize/tests/test_optimize.py, CheckOptimize",
                     ((sp.Integer(0),) * 3,),
                     (ExactMinimum(fstar, (0, sp.log(a), sp.log(b)),
                                   near=("0", "-0.524869316", "0.487525860")),),
                     note="f does not depend on x₁: the minimisers form a line")
    problem = Problem(3, "maximum entropy (scipy CheckOptimize)", lambda: Symbolic(f, xs),
                      {"numpy": numpy})
    return _scipy(problem, info)


_LJ4_STARTS = _points("""
    -1.29 -1.2 -0.49 -1.3 1.79 -0.23 0.83 -1.35 0.29 -1.62 -0.99 1.26
    -0.27 1.24 0.07 -0.01 -0.18 -0.5 0.16 -0.85 1.36 -1.04 0.92 -0.51
    0.18 -1.41 1.71 -0.67 1.84 -1.34 -0.7 0.51 0.23 1.43 -1.73 -0.24
    0.18 0.12 0.23 -0.41 1.95 -1.23 -0.74 -0.2 1.84 -1 -1.09 0.14
    0.12 -0.08 0.1 1.15 1.16 1.51 -0.52 0.69 0.47 -1.13 0.01 -0.28
    1.9 0.36 1.26 -0.16 1.35 1.63 -1.38 0.42 0.53 0.13 1.41 -0.3
    1.48 1.23 0.7 -1.21 -0.68 -0.58 1.8 1.51 -1.97 1.79 0.5 1.72
    -0.61 -1.22 0.07 1.55 -0.05 0.14 -1.75 -0.54 0.49 -0.14 0.23 1.19
    1.29 -1.51 -0.78 -1.47 0.82 0.37 -0.28 1.45 1.9 -0.06 0.73 1
    0.86 -0.71 1.96 -1.26 -0.47 1.77 -0.52 1.19 -0.26 -0.16 1.29 -0.78""")


def _lennard_jones_numpy(atoms: int) -> Callables:
    """``Σ V(sᵢⱼ)``, ``V(s) = 4(s⁻⁶ − s⁻³)`` of the squared distances ``s``, over all pairs
    at once: a pair's block of ∇²f is ``2V'(s)I + 4V''(s)ddᵀ`` (``d`` the difference)."""
    first, second = np.triu_indices(atoms, 1)

    def pairs(x):
        X = np.reshape(x, (atoms, 3))
        d = X[second] - X[first]
        return d, np.einsum("ij,ij->i", d, d)

    def spread(c, d):  # Σ over pairs of c·d into atom j and −c·d into atom i
        G = np.zeros((atoms, 3))
        np.add.at(G, second, c[:, None] * d)
        np.add.at(G, first, -c[:, None] * d)
        return G.reshape(-1)

    def slopes(s):
        inv3 = 1 / s**3
        return 4 * (-6 * inv3 * inv3 / s + 3 * inv3 / s), 4 * (42 * inv3 * inv3 - 12 * inv3) / s**2

    def value_and_grad(x):
        d, s = pairs(x)
        inv3 = 1 / s**3
        return float(4 * np.sum(inv3 * inv3 - inv3)), spread(2 * slopes(s)[0], d)

    def hessp(x, v):
        d, s = pairs(x)
        dv, ddv = slopes(s)
        V = np.reshape(v, (atoms, 3))
        w = V[second] - V[first]
        c = 4 * ddv * np.einsum("ij,ij->i", d, w)
        G = np.zeros((atoms, 3))
        block = 2 * dv[:, None] * w + c[:, None] * d
        np.add.at(G, second, block)
        np.add.at(G, first, -block)
        return G.reshape(-1)

    def hess(x):
        d, s = pairs(x)
        dv, ddv = slopes(s)
        blocks = 2 * dv[:, None, None] * np.eye(3) + 4 * ddv[:, None, None] * \
            np.einsum("ij,ik->ijk", d, d)
        H = np.zeros((atoms, 3, atoms, 3))
        for k, (i, j) in enumerate(zip(first, second, strict=True)):
            H[i, :, i] += blocks[k]
            H[j, :, j] += blocks[k]
            H[i, :, j] -= blocks[k]
            H[j, :, i] -= blocks[k]
        return H.reshape(3 * atoms, 3 * atoms)

    return Callables(fun=lambda x: value_and_grad(x)[0], grad=lambda x: value_and_grad(x)[1],
                     hess=hess, hessp=hessp, value_and_grad=value_and_grad)


def lennard_jones(atoms: int = 4) -> Problem:
    """scipy's ``LJ``: the Lennard-Jones energy ``Σ_{i<j} 4(rᵢⱼ⁻¹² − rᵢⱼ⁻⁶)`` (ε = σ = 1) of
    ``atoms`` atoms in space, ``x`` their 3·atoms coordinates; written in the squared
    distances, a rational function, so exact runs stay exact.  The energy does not change
    under rigid motions, so ∇²f has six zero eigenvalues at every minimiser.

    For 4 atoms (scipy's benchmark: starts in [−2, 2]¹²) the only minimum is the regular
    tetrahedron with edge 2^{1/6}, f = −6 (the Cambridge Cluster Database lists −6.000000):
    exactly, the corners ``2^{−4/3}·(±1, ±1, ±1)`` with an even number of minus signs.  A
    run can also end on a saddle or with an atom drifting away (f → −3, a triangle).
    Larger clusters have many local minima (scipy quotes −44.326801 for 13 atoms as the
    global one): no minimum is recorded for them here."""
    if atoms < 2:
        raise DimensionError(f"a Lennard-Jones cluster needs at least 2 atoms, not {atoms}")
    xs = _symbols(3 * atoms)

    def symbolic():
        energy = []
        for i in range(atoms):
            for j in range(i + 1, atoms):
                s = sp.Add(*((xs[3 * j + k] - xs[3 * i + k]) ** 2 for k in range(3)))
                energy.append(4 / s**6 - 4 / s**3)
        return Symbolic(sp.Add(*energy), xs)

    problem = Problem(3 * atoms, f"Lennard-Jones, {atoms} atoms (scipy LJ)", symbolic,
                      {"numpy": _lennard_jones_numpy(atoms)})
    if atoms != 4:
        return problem
    c = sp.Integer(2) ** sp.Rational(-4, 3)
    corners = ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1))
    info = ScipyInfo(f"{_BENCH}.run_LJ (np.random.uniform(-2, 2, 12))", _LJ4_STARTS,
                     (ExactMinimum(sp.Integer(-6), tuple(c * v for p in corners for v in p)),),
                     note="the tetrahedron is the only minimum; f → −3 as an atom drifts off")
    return _scipy(problem, info)


#: scipy's optimizer test problems (name -> constructor), each with ``data["scipy"]``, a
#: :class:`ScipyInfo` of its source, starts and minima
SCIPY_SET = {
    "rosenbrock-3": scipy_rosenbrock_3,
    "rosenbrock-2": scipy_rosenbrock_2,
    "simple-quadratic": simple_quadratic,
    "asymmetric-quadratic": asymmetric_quadratic,
    "sin-1d": sin_1d,
    "booth": booth,
    "beale": scipy_beale,
    "lennard-jones-4": lambda: lennard_jones(4),
    "himmelblau": himmelblau,
    "maximum-entropy": maximum_entropy,
}


def scipy_start(name: str, index: int = 0) -> tuple[Problem, tuple]:
    """``(problem, x₀)``: scipy's test problem ``name`` and its start number ``index``.

    >>> problem, x0 = scipy_start("booth", 1)
    >>> problem.name, x0
    ('Booth (scipy)', (66/25, 41/25))
    """
    if name not in SCIPY_SET:
        raise OptionError(f"no scipy test problem named {name!r}; there are "
                          f"{', '.join(SCIPY_SET)}")
    problem = SCIPY_SET[name]()
    starts = problem.data["scipy"].starts
    if not 0 <= index < len(starts):
        raise OptionError(f"{name} has {len(starts)} start{'s' if len(starts) > 1 else ''} "
                          f"(0 to {len(starts) - 1}), not {index}")
    return problem, starts[index]
