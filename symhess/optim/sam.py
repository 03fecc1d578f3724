"""Sharpness-aware minimisation, with the sharpness ``λmax(H)`` watched by power iteration.

SAM (Foret et al. 2021) seeks flat minima: it takes the gradient at the worst nearby point of
the first-order model, ``ε = ρ ∇f/‖∇f‖``, and steps ``x ← x − η ∇f(x + ε)``.  The sharpness
``λmax(∇²f(x))`` is measured at each iterate by a few power iterations on Hessian-vector
products, warm-started from the previous eigenvector, and recorded in ``info["sharpness"]``.
"""

from __future__ import annotations

from .registry import Iterate, OptionError, method
from .spectrum import dominant_eigenvalue

__all__ = ["sam"]


@method("sam", "sharpness-aware minimisation x ← x − η∇f(x + ρ∇f/‖∇f‖), with λmax tracked",
        fixed_step=True)
def sam(oracle, x0, *, step=None, rho="1/20", sharpness_steps: int = 5):
    if step is None:
        raise OptionError("SAM needs a step size step=η")
    bk = oracle.backend
    eta, rho = bk.number(step), bk.number(rho)
    x = x0
    f, g = oracle.value_and_grad(x)
    lam, v = dominant_eigenvalue(oracle, x, bk.vector([1] * oracle.n),
                                sharpness_steps)
    yield Iterate(x, f, g, info={"sharpness": lam})
    while True:
        size = bk.norm2(g)
        perturbed = x + (rho / size) * g if size != 0 else x
        x = x - eta * oracle.grad(perturbed)
        f, g = oracle.value_and_grad(x)
        lam, v = dominant_eigenvalue(oracle, x, v, sharpness_steps)
        yield Iterate(x, f, g, eta, info={"sharpness": lam})
