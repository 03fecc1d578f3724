"""Nonlinear conjugate gradient (scipy's ``CG``): gradients only, a strong-Wolfe line search.

Directions ``p₀ = −g₀``, ``p_{k+1} = −g_{k+1} + β_{k+1} pₖ`` with

* ``beta="pr+"`` (the default, as scipy): Polak–Ribière clipped at zero,
  ``β = max(0, g_{k+1}ᵀ(g_{k+1} − gₖ) / gₖᵀgₖ)`` -- restarts by itself when progress stalls;
* ``beta="fr"``: Fletcher–Reeves, ``β = g_{k+1}ᵀg_{k+1} / gₖᵀgₖ``, restarted along ``−g``
  when consecutive gradients are far from orthogonal, ``|g_{k+1}ᵀgₖ| ≥ ν‖g_{k+1}‖²`` with
  ``ν = 0.1`` (Nocedal & Wright (5.52)).

The line search enforces the strong Wolfe conditions with ``c₂ = 0.1``: for Fletcher–Reeves
``c₂ < ½`` makes every ``pₖ`` a descent direction (N&W Lemma 5.6); for PR+ a direction that is
not one is replaced by ``−g``.  The first trial step is ``1/‖g₀‖∞`` and then
``αₖ₋₁ gₖ₋₁ᵀpₖ₋₁ / gₖᵀpₖ`` (N&W (3.60)), capped at 1 when the previous step was 1.
Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., §5.2.

>>> from symhess.optim import minimize
>>> r = minimize("(1-x)^2 + 100(y-x^2)^2", [-1.2, 1], method="cg")
>>> r.success, [round(float(v), 4) for v in r.x]
(True, [1.0, 1.0])
"""

from __future__ import annotations

from .linesearch import wolfe
from .registry import Iterate, OptionError, method

__all__ = ["nonlinear_cg", "BETAS"]

#: the choices of β
BETAS = ("pr+", "fr")


@method("cg", "nonlinear conjugate gradient (Polak–Ribière+ or Fletcher–Reeves) with a "
              "strong-Wolfe line search")
def nonlinear_cg(oracle, x0, *, beta: str = "pr+"):
    if beta not in BETAS:
        raise OptionError(f"beta must be one of {', '.join(BETAS)}, not {beta!r}")
    bk = oracle.backend
    c2, nu = "1/10", bk.number("1/10")
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    p = -g
    gg = bk.dot(g, g)
    size = bk.norm_inf(g)
    alpha = 1 / size if size > 0 else bk.number(1)
    while True:
        slope = bk.dot(g, p)
        if not slope < 0:  # not a descent direction: restart along −∇f
            p, slope = -g, -gg
        accepted = wolfe(oracle, x, f, g, p, alpha, c2=c2)
        if accepted is None:
            return "the line search found no step satisfying the strong Wolfe conditions"
        step = accepted.alpha
        x, f, g_new = accepted.x, accepted.f, accepted.g
        gg_new = bk.dot(g_new, g_new)
        if beta == "fr":
            b = gg_new / gg if abs(bk.dot(g_new, g)) < nu * gg_new else 0 * gg_new
        else:
            b = bk.dot(g_new, g_new - g) / gg
            if b < 0:
                b = 0 * b
        p_new = -g_new + b * p
        slope_new = bk.dot(g_new, p_new)
        # N&W (3.60): the next first trial keeps the change in f of this step
        alpha = step * slope / slope_new if slope_new < 0 else step
        if alpha > 1 and step <= 1:
            alpha = bk.number(1)
        p, g, gg = p_new, g_new, gg_new
        yield Iterate(x, f, g, step)
