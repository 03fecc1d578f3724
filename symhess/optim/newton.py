"""Newton's method and its repairs: damped (modified Cholesky and a line search), shifted
``H + μI``, saddle-free ``|H|``.

The Newton step minimises the local quadratic model: ``δ = −H⁻¹∇f``.  In the eigenbasis of ``H``
it divides each gradient component by its own curvature, so a strictly convex quadratic is
solved in one step; at a saddle the negative curvature turns the step *towards* the saddle.
The repairs keep the rescaling but make the step point downhill.

>>> from symhess.optim import minimize
>>> r = minimize("x^2 + x*y + 3y^2 - x", [5, -7], method="newton", backend="exact")
>>> r.nit, list(r.x), r.success
(1, [6/11, -1/11], True)
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from mpmath.libmp import to_rational

from .backends import SingularMatrix, get_backend
from .cholesky import ldl_solve, modified_cholesky
from .linesearch import armijo
from .registry import Iterate, method

__all__ = ["newton_step", "modified_newton_step", "shifted_newton_step", "saddle_free_step"]


def newton_step(bk, g, H):
    """``δ = −H⁻¹∇f`` (solved, never inverted)."""
    return bk.solve(H, -g)


def modified_newton_step(bk, g, H):
    """``δ = −(H + τI)⁻¹∇f`` with the smallest ``τ = 0, τ₀, 2τ₀, …`` that makes ``H + τI``
    positive definite (:func:`~symhess.optim.cholesky.modified_cholesky`): the Newton step
    where ``H`` is positive definite, a descent direction everywhere, and one that does not
    head for a saddle or a maximum (Nocedal & Wright §3.4)."""
    _, F = modified_cholesky(bk, H)
    return -ldl_solve(F, g)


def shifted_newton_step(bk, g, H, mu):
    """``δ = −(H + μI)⁻¹∇f``: every eigenvalue moves up by ``μ`` (Levenberg–Marquardt); where
    that is not enough for ``H + μI`` to be positive definite the shift grows further, as in
    :func:`modified_newton_step`, so ``δ`` is always a descent direction."""
    _, F = modified_cholesky(bk, H + mu * bk.eye(len(g)))
    return -ldl_solve(F, g)


def saddle_free_step(bk, g, H, floor):
    """``δ = −|H|⁻¹∇f`` with ``|H| = Q|Λ|Qᵀ``: Newton's rescaling by ``1/|λᵢ|``, but each
    component keeps the downhill sign of ``−∇f`` (Dauphin et al. 2014).  Eigenvalues below
    ``floor`` in modulus are raised to it.

    On the exact backend an irrational spectrum makes ``δ`` a combination of radicals whose
    size compounds from step to step (and SymPy's eigenvectors over such fields can fail);
    there ``δ`` is a *choice*: computed from the eigenvectors at :data:`CHOICE_DIGITS` digits and
    written as rationals, so the line search then evaluates ``f`` exactly at the point it
    takes.  A rational spectrum keeps the exact decomposition."""
    if bk.exact and not _rational_spectrum(H):
        return _numeric_choice(g, H, floor)
    values, vectors = bk.eigh(H)
    step = 0 * g
    for lam, q in zip(values, vectors, strict=True):
        size = bk.abs(lam)
        if size < floor:
            size = floor
        if size == 0:
            raise SingularMatrix("the Hessian has a zero eigenvalue and floor = 0")
        step = step - (bk.dot(q, g) / (size * bk.dot(q, q))) * q
    return step


#: digits at which the exact backend computes a saddle-free direction it cannot write exactly
CHOICE_DIGITS = 60


def _rational_spectrum(H) -> bool:
    """Whether the characteristic polynomial of the rational matrix ``H`` splits over ℚ."""
    _, factors = sp.Matrix(H.tolist()).charpoly().factor_list()
    return all(factor.degree() == 1 for factor, _ in factors)


def _numeric_choice(g, H, floor):
    """:func:`saddle_free_step` at :data:`CHOICE_DIGITS` digits, written as exact rationals
    (each binary ``mpf`` is one)."""
    mp = get_backend("mpmath", dps=CHOICE_DIGITS)
    with mp.scope():
        step = saddle_free_step(mp, np.array([mp.number(v) for v in g], dtype=object),
                                np.array([[mp.number(v) for v in row] for row in H],
                                         dtype=object), mp.number(floor))
        return np.array([sp.Rational(*map(int, to_rational(e._mpf_))) for e in step],
                        dtype=object)


def _second_order(oracle, x0, direction, line_search: bool, step=None):
    """``x ← x + α δ(g, H)``: ``α = step`` (1 by default) or from Armijo backtracking."""
    bk = oracle.backend
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    alpha = bk.number(step if step is not None else 1)
    while True:
        d = direction(g, oracle.hess(x))
        if line_search:
            if not bk.dot(g, d) < 0:
                d = -g  # possible only by rounding: each repair's δ is downhill exactly
            accepted = armijo(oracle, x, f, g, d, bk.number(1))
            if accepted is None:
                return "the Armijo backtracking found no decrease along the Newton direction"
            alpha, x, f = accepted.alpha, accepted.x, accepted.f
            g = oracle.grad(x)
        else:
            x = x + alpha * d
            f, g = oracle.value_and_grad(x)
        yield Iterate(x, f, g, alpha)


@method("newton", "Newton's method x ← x − H⁻¹∇f (full steps)")
def newton(oracle, x0, *, step=None):
    bk = oracle.backend
    return _second_order(oracle, x0, lambda g, H: newton_step(bk, g, H), False, step)


@method("damped-newton", "Newton direction with Armijo backtracking; H + τI (modified "
                         "Cholesky) where H is not positive definite")
def damped_newton(oracle, x0):
    bk = oracle.backend
    return _second_order(oracle, x0, lambda g, H: modified_newton_step(bk, g, H), True)


@method("shifted-newton", "Levenberg–Marquardt shift: x ← x − (H + μI)⁻¹∇f with Armijo "
                          "backtracking")
def shifted_newton(oracle, x0, *, shift=1):
    bk = oracle.backend
    mu = bk.number(shift)
    return _second_order(oracle, x0, lambda g, H: shifted_newton_step(bk, g, H, mu), True)


@method("saddle-free-newton", "saddle-free Newton x ← x − α|H|⁻¹∇f: escapes saddles; α from "
                              "Armijo backtracking unless a fixed step is given")
def saddle_free_newton(oracle, x0, *, step=None, floor=None):
    bk = oracle.backend
    floor = bk.number(floor) if floor is not None else bk.sqrt(bk.eps) if not bk.exact else 0
    return _second_order(oracle, x0, lambda g, H: saddle_free_step(bk, g, H, floor),
                         step is None, step)
