"""The trust-region loop, and trust-region Newton with the Steihaug–Toint CG subproblem solver
(scipy's ``trust-ncg``; the exact subproblem, ``trust-exact``, is in
:mod:`~symhess.optim.trust_exact`).

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

__all__ = ["steihaug", "trust_region", "trust_ncg"]


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


class _SteihaugModel:
    """The trust-region loop's view of :func:`steihaug` at one point ``x``."""

    def __init__(self, oracle, x, g, inner: int):
        bk = oracle.backend
        self.oracle, self.x, self.g, self.inner = oracle, x, g, inner
        gg = bk.dot(g, g)
        size = bk.norm_inf(g)
        quarter = bk.number("1/4")
        self.tolerance2 = (quarter if size > quarter else size) * gg  # min(½, √‖g‖∞)²‖g‖²

    def step(self, radius):
        p, on_boundary, used = steihaug(self.oracle.backend,
                                        lambda v: self.oracle.hessp(self.x, v), self.g,
                                        radius, self.tolerance2, self.inner)
        return p, on_boundary, {"cg_iterations": used}

    def decrease(self, p):
        bk = self.oracle.backend
        return -(bk.dot(self.g, p) + bk.dot(p, self.oracle.hessp(self.x, p)) / 2)


def _trial_point(bk, x, p):
    """``x + p``, or on the exact backend ``x + p̃`` with the step rounded to a short dyadic
    vector (:meth:`~symhess.optim.backends.ExactBackend.line_search_point`; the iterate given
    the step stays exact and ρ is computed for the step taken) unless ``x + p`` itself is
    written with no more digits -- so a quadratic's minimiser is reached exactly."""
    rounded = bk.line_search_point(x, 1, p)
    if bk.digits(rounded) is None:
        return rounded
    unrounded = x + p
    return unrounded if bk.digits(unrounded) <= bk.digits(rounded) else rounded


def trust_region(oracle, x0, model_at, *, radius=1, max_radius=1000, eta="3/20"):
    """The trust-region loop (N&W Algorithm 4.1) around a subproblem solver.

    ``model_at(x, g)`` returns the model at ``x``: ``step(Δ) -> (p, on_boundary, info)``
    and ``decrease(p) = m(0) − m(p)``; it is built once per accepted point, so a rejected step
    asks the same model again with a smaller radius."""
    bk = oracle.backend
    radius, max_radius, eta = bk.number(radius), bk.number(max_radius), bk.number(eta)
    if not (0 < radius <= max_radius):
        raise OptionError("the trust radius must satisfy 0 < radius ≤ max_radius")
    if not (0 <= eta < bk.number("1/4")):
        raise OptionError("eta (the acceptance ratio) must lie in [0, 1/4)")
    quarter, three_quarters = bk.number("1/4"), bk.number("3/4")
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    model = model_at(x, g)
    while True:
        p, on_boundary, measured = model.step(radius)
        x_new = _trial_point(bk, x, p)
        p = x_new - x
        predicted = model.decrease(p)
        if not predicted > 0:
            return "the model predicts no decrease: the gradient is below what the " \
                   "arithmetic resolves"
        f_new = oracle.fun(x_new)
        # both reductions shifted by the rounding level of f (Conn, Gould & Toint 2000,
        # §17.4.2): a step whose gain is below what f resolves is judged by the model, not
        # rejected forever with ρ = 0 (zero on the exact backend)
        noise = 10 * bk.eps * (abs(f) if abs(f) > 1 else 1)
        rho = (f - f_new + noise) / (predicted + noise) if bk.isfinite(f_new) \
            else -bk.number(1)
        if rho < quarter:
            radius = quarter * radius
        elif rho > three_quarters and on_boundary:
            radius = 2 * radius if 2 * radius < max_radius else max_radius
        taken = rho > eta
        if taken:
            x, f = x_new, f_new
            g = oracle.grad(x)
            model = model_at(x, g)
        yield Iterate(x, f, g, bk.number(1 if taken else 0),
                      info={"radius": radius, **measured, "rho": rho})


@method("trust-ncg", "trust-region Newton: the model minimised by Steihaug–Toint CG on "
                     "Hessian-vector products, negative curvature followed to the boundary")
def trust_ncg(oracle, x0, *, radius=1, max_radius=1000, eta="3/20",
              cg_maxiter: int | None = None):
    inner = cg_maxiter or 20 * oracle.n
    return trust_region(oracle, x0, lambda x, g: _SteihaugModel(oracle, x, g, inner),
                        radius=radius, max_radius=max_radius, eta=eta)
