"""Trust-region Newton with the Steihaug–Toint CG subproblem solver (scipy's ``trust-ncg``).

Each iteration minimises the quadratic model ``m(p) = f + gᵀp + ½pᵀHp`` over ``‖p‖₂ ≤ Δ``
approximately by conjugate gradient on Hessian-vector products (Nocedal & Wright, Algorithm
7.2): CG from ``p = 0`` stops at the forcing tolerance ``‖Hp + g‖ ≤ min(½, √‖g‖)‖g‖``, at the
boundary, or -- the case a line-search Newton-CG cannot use -- at a direction of non-positive
curvature, which it follows to the boundary.  The step is taken when the actual reduction is
at least ``η = 0.15`` of the predicted one, ``ρ = (f(x) − f(x+p)) / (m(0) − m(p))``; the radius
shrinks to ``Δ/4`` when ``ρ < ¼`` and doubles (up to ``max_radius``) when ``ρ > ¾`` and the
step reached the boundary (N&W Algorithm 4.1).  A rejected step is still an iteration (with
the same ``x``), as in scipy.

Every quantity is computed in the backend's arithmetic; the boundary step
``τ = (−zᵀd + √((zᵀd)² − dᵀd(zᵀz − Δ²))) / dᵀd`` uses :meth:`~Backend.choice_sqrt`, so on
the exact backend the step is rational, rounded to a short dyadic vector as the line
searches' steps are (:meth:`~symhess.optim.backends.ExactBackend.line_search_point`), and the
model reduction of the step taken is exact.

>>> from symhess.optim import minimize
>>> r = minimize("x^2 - y^2 + y^4/4", [1, "1/2"], method="trust-ncg", backend="exact")
>>> r.success, r.stationary_type.value, r.x[0] == 0
(True, 'min', True)
"""

from __future__ import annotations

from .registry import Iterate, OptionError, method

__all__ = ["steihaug", "trust_ncg"]


def _to_boundary(bk, z, d, radius2):
    """``z + τd`` with ``τ ≥ 0`` and ``‖z + τd‖² = Δ²`` (``‖z‖ ≤ Δ``)."""
    a, b, c = bk.dot(d, d), bk.dot(z, d), bk.dot(z, z) - radius2
    disc = b * b - a * c
    root = bk.choice_sqrt(disc) if disc > 0 else 0 * disc
    return z + ((-b + root) / a) * d


def steihaug(bk, hvp, g, radius, tolerance2, maxiter: int):
    """``(p, on_boundary, products)``: the Steihaug–Toint CG step for ``min gᵀp + ½pᵀHp``
    subject to ``‖p‖ ≤ radius``; ``tolerance2`` bounds ``‖Hp + g‖²``."""
    radius2 = radius * radius
    z = 0 * g
    r = g
    d = -r
    rr = bk.dot(r, r)
    if rr <= tolerance2:
        return z, False, 0
    for j in range(maxiter):
        Hd = hvp(d)
        curvature = bk.dot(d, Hd)
        if not curvature > 0:  # negative (or zero) curvature: follow it to the boundary
            return _to_boundary(bk, z, d, radius2), True, j + 1
        alpha = rr / curvature
        z_new = z + alpha * d
        if bk.dot(z_new, z_new) >= radius2:
            return _to_boundary(bk, z, d, radius2), True, j + 1
        r = r + alpha * Hd
        rr_new = bk.dot(r, r)
        z = z_new
        if rr_new <= tolerance2:
            return z, False, j + 1
        d = -r + (rr_new / rr) * d
        rr = rr_new
    return z, False, maxiter


@method("trust-ncg", "trust-region Newton: the model minimised by Steihaug–Toint CG on "
                     "Hessian-vector products, negative curvature followed to the boundary")
def trust_ncg(oracle, x0, *, radius=1, max_radius=1000, eta="3/20",
              cg_maxiter: int | None = None):
    bk = oracle.backend
    radius, max_radius, eta = bk.number(radius), bk.number(max_radius), bk.number(eta)
    if not (0 < radius <= max_radius):
        raise OptionError("the trust radius must satisfy 0 < radius ≤ max_radius")
    if not (0 <= eta < bk.number("1/4")):
        raise OptionError("eta (the acceptance ratio) must lie in [0, 1/4)")
    quarter, three_quarters, half = bk.number("1/4"), bk.number("3/4"), bk.number("1/2")
    inner = cg_maxiter or 20 * oracle.n
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    while True:
        gg = bk.dot(g, g)
        size = bk.norm_inf(g)
        forcing2 = quarter if size > quarter else size  # min(½, √‖g‖∞)²
        p, on_boundary, used = steihaug(bk, lambda v, x=x: oracle.hessp(x, v), g, radius,
                                        forcing2 * gg, inner)
        # on the exact backend the step is rounded to a short dyadic vector (the iterate
        # given the step stays exact; ρ is computed for the step actually taken)
        x_new = bk.line_search_point(x, 1, p)
        p = x_new - x
        predicted = -(bk.dot(g, p) + half * bk.dot(p, oracle.hessp(x, p)))
        if not predicted > 0:
            return "the model predicts no decrease: the gradient is below what the " \
                   "arithmetic resolves"
        f_new = oracle.fun(x_new)
        rho = (f - f_new) / predicted if bk.isfinite(f_new) else -bk.number(1)
        if rho < quarter:
            radius = quarter * radius
        elif rho > three_quarters and on_boundary:
            radius = 2 * radius if 2 * radius < max_radius else max_radius
        taken = rho > eta
        if taken:
            x, f = x_new, f_new
            g = oracle.grad(x)
        yield Iterate(x, f, g, bk.number(1 if taken else 0),
                      info={"radius": radius, "cg_iterations": used, "rho": rho})
