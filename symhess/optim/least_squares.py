"""Gauss–Newton and Levenberg–Marquardt for ``f = ½‖r(x)‖²``.

The Hessian of a least-squares objective is ``H = JᵀJ + Σ rᵢ∇²rᵢ``; Gauss–Newton drops the
second term, which is small when the residuals are, and keeps the born-positive-semidefinite
``JᵀJ``: the step solves the normal equations ``JᵀJ δ = −Jᵀr``.  On a zero-residual problem the
dropped term vanishes at the solution and convergence is quadratic, like Newton's.
Levenberg–Marquardt adds ``μI`` and adapts ``μ``: small where the model is trusted (Gauss–Newton),
large where it is not (a short gradient step).

>>> from symhess.optim import minimize, Problem
>>> p = Problem.from_residuals(["x - 1", "2(y + x)"])
>>> r = minimize(p, [3, 3], method="gauss-newton", backend="exact")
>>> r.nit, list(r.x)
(1, [1, -1])
"""

from __future__ import annotations

from .registry import Iterate, method

__all__ = ["gauss_newton_step", "levenberg_marquardt_step"]


def gauss_newton_step(bk, r, J):
    """``δ`` solving ``JᵀJ δ = −Jᵀr``."""
    return bk.solve(J.T @ J, -(J.T @ r))


def levenberg_marquardt_step(bk, r, J, mu):
    """``δ`` solving ``(JᵀJ + μI) δ = −Jᵀr``."""
    return bk.solve(J.T @ J + mu * bk.eye(J.shape[1]), -(J.T @ r))


def _evaluate(oracle, x):
    r, J = oracle.residuals(x), oracle.jacobian(x)
    return r, J, oracle.backend.dot(r, r) / 2, J.T @ r


@method("gauss-newton", "Gauss–Newton for least squares: JᵀJ δ = −Jᵀr, full steps")
def gauss_newton(oracle, x0):
    bk = oracle.backend
    x = x0
    r, J, f, g = _evaluate(oracle, x)
    yield Iterate(x, f, g)
    one = bk.number(1)
    while True:
        x = x + gauss_newton_step(bk, r, J)
        r, J, f, g = _evaluate(oracle, x)
        yield Iterate(x, f, g, one)


@method("levenberg-marquardt", "Levenberg–Marquardt: (JᵀJ + μI) δ = −Jᵀr, μ adapted")
def levenberg_marquardt(oracle, x0, *, damping="1/1000", decrease="1/3", max_tries: int = 60):
    """Accept the step when ``f`` decreases and divide ``μ`` by 3; else multiply ``μ`` by
    ``ν`` and double ``ν`` (2, 4, 8, …) and solve again (Marquardt 1963, with the growing
    factor of Nielsen 1999 so that a tiny ``μ`` recovers quickly)."""
    bk = oracle.backend
    mu, down = bk.number(damping), bk.number(decrease)
    x = x0
    r, J, f, g = _evaluate(oracle, x)
    yield Iterate(x, f, g, info={"damping": mu})
    while True:
        nu = 2
        for _ in range(max_tries):
            if not bk.isfinite(mu):  # damped past what the arithmetic holds: no step left
                break
            trial = x + levenberg_marquardt_step(bk, r, J, mu)
            r_new = oracle.residuals(trial)
            f_new = bk.dot(r_new, r_new) / 2
            if bk.isfinite(f_new) and f_new < f:
                break
            mu, nu = mu * nu, 2 * nu
        else:
            return "no damping μ gave a decrease of ½‖r‖²"
        if not bk.isfinite(mu):
            return ("no damping μ gave a decrease of ½‖r‖² before μ left the range of the "
                    "arithmetic: f cannot be lowered at this precision")
        x, r, f = trial, r_new, f_new
        J = oracle.jacobian(x)
        g = J.T @ r
        mu = mu * down
        yield Iterate(x, f, g, bk.number(1), info={"damping": mu})
