"""Trust-region Newton with the exact subproblem (Moré–Sorensen), scipy's ``trust-exact``.

Each iteration minimises the quadratic model ``m(p) = f + gᵀp + ½pᵀHp`` over ``‖p‖₂ ≤ Δ``
nearly exactly.  The minimiser is ``p(λ) = −(H + λI)⁻¹g`` for the ``λ ≥ 0`` with
``H + λI`` positive semidefinite and ``λ(Δ − ‖p(λ)‖) = 0`` (Nocedal & Wright, Theorem 4.1).
:class:`MoreSorensen` finds it as Moré and Sorensen (1983) do, with the safeguards of Conn,
Gould & Toint (2000, §7.3) that scipy's ``trust-exact`` uses:

* a factorisation ``H + λI = LDLᵀ`` decides positive definiteness (every pivot ``dₖ > 0``);
  a failed pivot raises the lower bound on ``λ`` by what makes that leading block singular;
* outside the region, Newton's method on the secular equation ``1/‖p(λ)‖ − 1/Δ = 0``:
  ``λ₊ = λ + (‖p‖/‖w‖)² (‖p‖ − Δ)/Δ`` with ``‖w‖² = pᵀ(H + λI)⁻¹p``, stopped when
  ``|‖p‖ − Δ| ≤ k_easy·Δ``;
* inside the region with ``λ > 0`` (the hard case, ``g`` nearly orthogonal to the eigenvectors
  of the smallest eigenvalue): a direction ``z`` of small curvature ``zᵀ(H + λI)z`` is
  estimated from the factorisation (Cline, Moler, Stewart & Wilkinson 1979), and
  ``p + τz`` with ``‖p + τz‖ = Δ`` is taken once ``τ²zᵀ(H + λI)z ≤ k_hard·(pᵀ(H + λI)p + λΔ²)``
  (the model value is then within the factor ``1 − k_hard`` of the optimum);
* every trial ``λ`` is kept inside the bracket ``[λ_lo, λ_hi]`` from Gershgorin's bounds,
  ``max(√(λ_lo λ_hi), λ_lo + θ(λ_hi − λ_lo))`` with ``θ = 0.01`` when Newton's step leaves it,
  and at most ``subproblem_maxiter`` (25) factorisations are made per subproblem.

The outer loop is the trust-region loop of :mod:`~symhess.optim.trust_region`.

**Written once for the three arithmetics.**  The factorisation is ``LDLᵀ`` (no square roots),
so on the exact backend ``p(λ)``, ``‖p‖²``, ``‖w‖²``, the pivots and the curvature estimate are
exact rationals and every comparison (``‖p‖ ≤ Δ`` as ``‖p‖² ≤ Δ²``, a pivot's sign) is exact.
The secular equation has no closed-form root over ℚ, so ``λ`` is a *choice*: the square roots
that choose it (``‖p‖``, ``√(λ_lo λ_hi)``, the boundary ``τ``) are the backend's
:meth:`~symhess.optim.backends.Backend.choice_sqrt` (a rational within 10⁻⁶⁰), and each
trial ``λ`` is rounded to a dyadic rational of ``STEP_BITS`` bits, which keeps its digits
from growing with every Newton update.  Given ``λ`` the step ``p(λ)`` is exact; the step
taken is rounded to a short dyadic vector like every line-search step, and the ratio of
actual to predicted reduction is computed exactly for that step.  So the exact run takes a
step whose ``‖p‖`` is within ``k_easy`` of ``Δ`` (not on the boundary to the last digit), as
the floating-point runs do.

>>> from symhess.optim import minimize
>>> r = minimize("x^2 - 2x*y + 2y^2 - 2x", [-3, 4], method="trust-exact", backend="exact",
...              radius=100)
>>> r.nit, list(r.x), r.success
(1, [2, 1], True)
"""

from __future__ import annotations

import numpy as np

from .cholesky import LDL, ldl, ldl_solve, transposed_solve
from .linesearch import chosen
from .registry import OptionError, method
from .trust_region import trust_region

__all__ = ["MoreSorensen", "trust_exact"]


def _singular_block(F: LDL):
    """``(δ, v)``: adding ``δ = −d[k] ≥ 0`` to ``A[k, k]`` (``k = F.failed``) makes the leading
    ``(k+1)×(k+1)`` block singular with null vector ``v`` (``Lᵀv = eₖ``, zero below ``k``), so
    ``vᵀAv = −δ`` and ``λ_min(A) ≤ −δ/‖v‖²``."""
    k, L = F.failed, F.L
    v = np.zeros_like(F.d)
    v[k] = 1
    for i in reversed(range(k)):
        v[i] = -(L[i + 1:k + 1, i] @ v[i + 1:k + 1])
    return -F.d[k], v


def _small_curvature(bk, F: LDL):
    """``(v, vᵀAv)`` with ``A = LDLᵀ`` positive definite and ``vᵀAv/vᵀv`` close to
    ``λ_min(A)``: ``v = A⁻¹e`` for the vector ``e`` of ±1 chosen entry by entry to make
    ``A⁻¹e`` large (Cline, Moler, Stewart & Wilkinson 1979; Golub & Van Loan, Algorithm 3.5.1,
    written for ``A = UᵀU`` with ``U = D^{½}Lᵀ``).  The square roots only choose the signs."""
    n, L, d = len(F.d), F.L, F.d
    partial = np.zeros_like(d)  # Σⱼ<ₖ Lₖⱼ yⱼ, the part of (Ly)ₖ already fixed
    y = np.zeros_like(d)
    for k in range(n):
        root = bk.choice_sqrt(d[k])
        plus, minus = 1 - partial[k], -1 - partial[k]
        grow_plus = partial[k + 1:] + L[k + 1:, k] * plus
        grow_minus = partial[k + 1:] + L[k + 1:, k] * minus
        size_plus = bk.abs(plus) / root + sum(bk.abs(grow_plus))
        size_minus = bk.abs(minus) / root + sum(bk.abs(grow_minus))
        if size_plus >= size_minus:
            y[k], partial[k + 1:] = plus, grow_plus
        else:
            y[k], partial[k + 1:] = minus, grow_minus
    z = y / d  # v = L⁻ᵀ D⁻¹ y, and vᵀAv = (Lᵀv)ᵀD(Lᵀv) = Σ yₖ²/dₖ
    return transposed_solve(L, z), bk.dot(y, z)


def _boundary_steps(bk, p, z, radius):
    """The two ``τ`` with ``‖p + τz‖ = Δ`` (``‖p‖ < Δ``), by the cancellation-free formula."""
    a, b, c = bk.dot(z, z), 2 * bk.dot(p, z), bk.dot(p, p) - radius * radius
    root = bk.choice_sqrt(b * b - 4 * a * c)
    aux = b + root if b >= 0 else b - root
    return -aux / (2 * a), -2 * c / aux


def gershgorin_bounds(H):
    """``(lo, hi)`` enclosing the eigenvalues of ``H``: ``Hᵢᵢ ∓ Σⱼ≠ᵢ |Hᵢⱼ|``."""
    n = len(H)
    radii = [sum(abs(H[i, j]) for j in range(n) if j != i) for i in range(n)]
    return (min(H[i, i] - radii[i] for i in range(n)),
            max(H[i, i] + radii[i] for i in range(n)))


class MoreSorensen:
    """The trust-region subproblem ``min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ`` at one point, solved for
    each radius asked (a rejected step asks again with a smaller ``Δ``, reusing the lower
    bound on ``λ``).  See the module's text for the method."""

    #: θ of Conn, Gould & Toint (7.3.14): a safeguarded λ sits this far into its bracket
    THETA = "1/100"

    def __init__(self, bk, g, H, *, k_easy="1/10", k_hard="1/5", maxiter: int = 25):
        self.bk, self.g, self.H = bk, g, H
        self.k_easy, self.k_hard = bk.number(k_easy), bk.number(k_hard)
        self.theta = bk.number(self.THETA)
        self.maxiter = maxiter
        self.n = len(g)
        self.zero = bk.number(0)
        self.gg = bk.dot(g, g)
        self.gnorm = bk.choice_sqrt(self.gg)
        self.lower, self.upper = gershgorin_bounds(H)
        entries = np.asarray(H).reshape(-1)
        self.frobenius = bk.choice_sqrt(sum(e * e for e in entries))
        self.row_norm = max(sum(bk.abs(H[i, j]) for j in range(self.n))
                            for i in range(self.n))
        # below this the gradient is lost in the rounding of a triangular solve (Golub &
        # Van Loan, p. 165); zero on the exact backend
        self.tiny = self.n * bk.eps * self.row_norm
        self.previous_radius = None
        self.lam_lo = self.zero
        #: factorisations made by the last solve, and its λ
        self.iterations = 0
        self.lam = self.zero

    def _safeguarded(self, lo, hi):
        bk = self.bk
        inside = lo + self.theta * (hi - lo)
        geometric = bk.choice_sqrt(bk.abs(lo * hi))
        return chosen(bk, geometric if geometric > inside else inside)

    def _initial(self, radius):
        bk, zero = self.bk, self.zero
        spread = min(-self.lower, self.frobenius, self.row_norm)
        hi = max(zero, self.gnorm / radius + spread)
        lo = max(zero, -min(self.H[i, i] for i in range(self.n)),
                 self.gnorm / radius - min(self.upper, self.frobenius, self.row_norm))
        if self.previous_radius is not None and radius < self.previous_radius:
            lo = max(lo, self.lam_lo)
        lam = zero if lo == 0 else self._safeguarded(lo, hi)
        return chosen(bk, lam), lo, hi

    def _factor(self, lam):
        return ldl(self.H + lam * self.bk.eye(self.n))

    def solve(self, radius):
        """``(p, on_boundary)`` for the trust radius ``radius``."""
        bk, g = self.bk, self.g
        r2 = radius * radius
        lam, lo, hi = self._initial(radius)
        F, p, on_boundary = None, None, True
        self.iterations = 0
        while self.iterations < self.maxiter:
            if F is None:
                F = self._factor(lam)
            self.iterations += 1
            if F.ok and self.gg > self.tiny * self.tiny:
                p = -ldl_solve(F, g)
                pp = bk.dot(p, p)
                if lam == 0 and pp <= r2:  # the Newton step lies inside: interior solution
                    on_boundary = False
                    break
                ww = bk.dot(p, ldl_solve(F, p))
                pnorm = bk.choice_sqrt(pp)
                lam_newton = chosen(bk, lam + (pp / ww) * (pnorm - radius) / radius)
                if pp < r2:  # λ > 0 and still inside: the hard case
                    z, zAz = _small_curvature(bk, F)
                    tau = min(_boundary_steps(bk, p, z, radius), key=bk.abs)
                    pAp = -bk.dot(g, p)  # (H + λI)p = −g
                    if tau * tau * zAz <= self.k_hard * (pAp + lam * r2):
                        p = p + tau * z
                        break
                    hi, lo = lam, max(lo, lam - zAz / bk.dot(z, z))
                    F_newton = self._factor(lam_newton)
                    if F_newton.ok:
                        lam, F = lam_newton, F_newton
                    else:
                        lo = max(lo, lam_newton)
                        lam, F = self._safeguarded(lo, hi), None
                else:  # outside: Newton's step on the secular equation
                    low, high = (1 - self.k_easy) * radius, (1 + self.k_easy) * radius
                    if low * low <= pp <= high * high:
                        break
                    lo, lam, F = lam, lam_newton, None
            elif F.ok:  # ∇f below the rounding: a direction of negative curvature, if any
                if lam == 0:
                    p, on_boundary = 0 * g, False
                    break
                z, zAz = _small_curvature(bk, F)
                zz = bk.dot(z, z)
                p = (radius / bk.choice_sqrt(zz)) * z
                if zAz <= self.k_hard * lam * zz:
                    break
                hi, lo = lam, max(lo, lam - zAz / zz)
                lam, F = self._safeguarded(lo, hi), None
            else:  # H + λI is not positive definite: λ is too small
                delta, v = _singular_block(F)
                lo = max(lo, lam + delta / bk.dot(v, v))
                if not lam < hi:  # λ* = λ_hi exactly (g = 0: H + λ*I is singular): step past
                    hi = lam + self.theta * (bk.abs(lam) + self.row_norm)
                lam, F = self._safeguarded(lo, hi), None
        if p is None:  # no positive definite H + λI was met: the Cauchy point
            p = self.cauchy_point(radius)
        self.lam_lo, self.lam, self.previous_radius = lo, lam, radius
        return p, on_boundary

    def cauchy_point(self, radius):
        """The minimiser of the model along ``−g`` inside the region (N&W (4.12))."""
        bk, g = self.bk, self.g
        if not self.gnorm > 0:
            return 0 * g
        gHg = bk.dot(g, self.H @ g)
        to_boundary = radius / self.gnorm
        if gHg > 0 and self.gg / gHg < to_boundary:
            return -(self.gg / gHg) * g
        return -to_boundary * g

    def decrease(self, p):
        """``m(0) − m(p) = −(gᵀp + ½pᵀHp)``, the reduction the model predicts."""
        bk = self.bk
        return -(bk.dot(self.g, p) + bk.dot(p, self.H @ p) / 2)


@method("trust-exact", "trust-region Newton: the model minimised nearly exactly over the "
                       "region (Moré–Sorensen, H + λI factorised)")
def trust_exact(oracle, x0, *, radius=1, max_radius=1000, eta="3/20", k_easy="1/10",
                k_hard="1/5", subproblem_maxiter: int = 25):
    if not (isinstance(subproblem_maxiter, int) and subproblem_maxiter >= 1):
        raise OptionError(f"subproblem_maxiter must be a positive integer, not "
                          f"{subproblem_maxiter!r}")
    bk = oracle.backend

    def model_at(x, g):
        H = oracle.hess(x)
        return _ExactModel(MoreSorensen(bk, g, H, k_easy=k_easy, k_hard=k_hard,
                                        maxiter=subproblem_maxiter))

    return trust_region(oracle, x0, model_at, radius=radius, max_radius=max_radius, eta=eta)


class _ExactModel:
    """The trust-region loop's view of :class:`MoreSorensen`."""

    def __init__(self, solver: MoreSorensen):
        self.solver = solver

    def step(self, radius):
        p, on_boundary = self.solver.solve(radius)
        return p, on_boundary, {"lambda": self.solver.lam,
                                "subproblem_iterations": self.solver.iterations}

    def decrease(self, p):
        return self.solver.decrease(p)
