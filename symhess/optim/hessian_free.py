"""Hessian-free methods: they touch the Hessian only through products ``Hv``.

* ``linear-cg`` -- linear conjugate gradient applied to ``f``: directions
  ``p_{k+1} = −g_{k+1} + βₖpₖ`` (Polak–Ribière, restarted when negative), each step the exact
  minimiser of the quadratic model along ``p`` (one HVP).  On ``½xᵀAx − bᵀx`` this is linear
  CG (Hestenes–Stiefel): at most ``n`` steps.  (Nonlinear CG, scipy's ``CG``, is ``cg`` in
  :mod:`~symhess.optim.first_order`.)
* ``newton-cg`` -- truncated Newton: the system ``H δ = −∇f`` solved approximately by CG with
  HVPs, stopped early by a forcing term or at negative curvature (whose direction is then
  used, see :func:`truncated_cg`), then a Wolfe line search (Nocedal & Wright, Algorithm
  7.1; Martens 2010 for the deep-learning version).

>>> from symhess.optim import minimize
>>> r = minimize("2x^2 + 2x*y + 3y^2 + z^2 - x + z", [0, 0, 0], method="linear-cg",
...              backend="exact")
>>> r.nit <= 3, list(r.x)
(True, [3/10, -1/10, -1/2])
"""

from __future__ import annotations

from .linesearch import chosen, exact_step, wolfe
from .registry import Iterate, method

__all__ = ["truncated_cg"]


@method("linear-cg", "linear conjugate gradient: exact steps from Hessian-vector products "
                     "(n steps on a quadratic)")
def conjugate_gradient(oracle, x0):
    bk = oracle.backend
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    p = -g
    while True:
        alpha = exact_step(oracle, x, g, p)
        if alpha is None:
            p = -g  # restart along steepest descent
            alpha = exact_step(oracle, x, g, p)
        if alpha is None:
            return "negative curvature along −∇f: the quadratic model has no minimiser"
        x = x + alpha * p
        f, g_new = oracle.value_and_grad(x)
        beta = bk.dot(g_new, g_new - g) / bk.dot(g, g)
        if beta < 0:
            beta = 0 * beta
        p, g = -g_new + beta * p, g_new
        yield Iterate(x, f, g, alpha)


def truncated_cg(bk, hvp, g, tolerance2, maxiter: int):
    """An approximate solution of ``H δ = −g`` by CG from ``δ = 0``, stopping when
    ``‖Hδ + g‖² ≤ tolerance2`` or when a direction of non-positive curvature appears.
    Returns ``(δ, products used)``.

    **Negative curvature** ``pᵀHp < 0`` along the CG direction ``p``, with residual
    ``r = Hδ + g``: the quadratic model decreases without bound along ``p``, so instead of
    discarding it the direction returned is ``δ + s·p̂`` with ``s = ‖r‖²/|pᵀHp|`` and ``p̂ = ±p``
    signed so that ``gᵀp̂ ≤ 0``.  At the first step (``δ = 0``, ``p = −g``) this is scipy's rule
    ``−g·‖g‖²/|gᵀHg|``; later it keeps the progress made in ``δ`` and adds the curvature
    direction, and ``gᵀ(δ + s·p̂) ≤ gᵀδ < 0`` keeps it a descent direction for the line
    search.  (Stopping at ``δ`` alone took 1104 iterations on Wood, against 79 with this rule
    and scipy's 243.)  Zero curvature stops at ``δ`` (``−g`` at the first step)."""
    d = 0 * g
    r = g  # residual Hd + g
    p = -r
    rr = bk.dot(r, r)
    for k in range(maxiter):
        Hp = hvp(p)
        curvature = bk.dot(p, Hp)
        if not curvature > 0:
            if curvature < 0:
                s = rr / -curvature
                return d + (s * p if bk.dot(g, p) <= 0 else -s * p), k + 1
            return (d if k > 0 else -g), k + 1
        alpha = rr / curvature
        d = d + alpha * p
        r = r + alpha * Hp
        rr_new = bk.dot(r, r)
        if rr_new <= tolerance2:
            return d, k + 1
        p = -r + (rr_new / rr) * p
        rr = rr_new
    return d, maxiter


@method("newton-cg", "truncated Newton: H δ = −∇f by CG on Hessian-vector products, then a "
                     "Wolfe line search")
def newton_cg(oracle, x0, *, cg_maxiter: int | None = None):
    bk = oracle.backend
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    one, quarter = bk.number(1), bk.number("1/4")
    inner = cg_maxiter or 20 * oracle.n
    while True:
        # forcing term η = min(½, √‖g‖): superlinear convergence (N&W (7.3)); squared here
        gg = bk.dot(g, g)
        size = bk.norm_inf(g)
        eta2 = quarter if size > quarter else size
        d, used = truncated_cg(bk, lambda v, x=x: oracle.hessp(x, v), g, eta2 * gg, inner)
        accepted = wolfe(oracle, x, f, g, chosen(bk, d), one)
        if accepted is None:
            return "the line search found no step satisfying the Wolfe conditions"
        x, f, g = accepted.x, accepted.f, accepted.g
        yield Iterate(x, f, g, accepted.alpha, info={"cg_iterations": used})
