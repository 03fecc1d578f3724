"""Natural gradient: precondition by the Fisher information instead of the Hessian.

``x ← x − η (F + λI)⁻¹ ∇f`` with ``F = E[∇log p ∇log pᵀ]`` of the model behind the loss.  ``F``
is positive semidefinite by construction, like Gauss–Newton's ``JᵀJ``; for a model with a
canonical link such as logistic regression it *equals* the Hessian of the log-loss, so the
natural-gradient step with ``η = 1`` is exactly Newton's step (Amari 1998; Martens 2020).
The problem must provide ``fisher`` (the catalogue's logistic regression does).
"""

from __future__ import annotations

from .registry import Iterate, method

__all__ = ["natural_gradient_step"]


def natural_gradient_step(bk, g, F, damping):
    """``δ = −(F + λI)⁻¹∇f``."""
    return bk.solve(F + damping * bk.eye(len(g)), -g)


@method("natural-gradient", "natural gradient x ← x − η(F + λI)⁻¹∇f with the Fisher matrix F")
def natural_gradient(oracle, x0, *, step=1, damping=0):
    bk = oracle.backend
    eta, lam = bk.number(step), bk.number(damping)
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    while True:
        x = x + eta * natural_gradient_step(bk, g, oracle.fisher(x), lam)
        f, g = oracle.value_and_grad(x)
        yield Iterate(x, f, g, eta)
