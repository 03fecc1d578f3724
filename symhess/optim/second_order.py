"""What kind of stationary point a run stopped at: minimum, maximum, saddle or undetermined.

A small gradient says only that ``x`` is (nearly) stationary; Newton's method is attracted to
maxima and saddles as readily as to minima.  :func:`stationary_verdict` looks at the Hessian
at the final iterate:

* **exact backend** -- the inertia ``(n₊, n₋, n₀)`` of the exact Hessian ``H(x)``
  (:func:`symhess.secondorder.second_order_test`, the one second-derivative test of the
  package), with no rounding.  ``n₋ = n₀ = 0`` is a minimum,
  ``n₊ = n₀ = 0`` a maximum, ``n₊, n₋ > 0`` a saddle; a zero eigenvalue with one sign only is
  undetermined (higher-order terms decide).  The Hessian is evaluated exactly even where the
  run had to round ``f`` or ``∇f`` (``sin``, ``exp``, ...); a sign SymPy cannot decide is
  undetermined.  The verdict describes ``H`` at the final iterate, where the gradient test
  ``‖∇f‖∞ ≤ gtol`` holds (``gtol = 10⁻¹²`` by default), and is a proof when ``∇f(x) = 0``.
  The exact inertia runs under a time budget (:data:`EXACT_SECONDS`): irrational entries can
  make it slow (helical valley's ``atan`` took 275 s), and past the budget the same point is
  examined with 50 digits as below, the reason saying so.
* **mpmath and NumPy** -- the eigenvalues ``λ̂ᵢ`` of the computed symmetric Hessian ``Ĥ``, each
  trusted only outside the band ``|λ| ≤ δ = ρ + 2Δ``.

  ``ρ = 10·n·ε·‖Ĥ‖_F`` bounds the rounding: by Weyl's theorem the eigenvalues of ``H`` lie
  within ``‖E‖₂`` of those of ``Ĥ = H + E``, and the entries' evaluation and a
  backward-stable symmetric eigensolver give ``‖E‖₂ ≤ c·n·ε·‖H‖`` (``c = 10`` covers entries
  computed by a few operations each; cancellation in a long formula can exceed it).

  ``Δ`` accounts for ``x`` being only near a stationary point ``x*``, and is *measured*: a
  Newton step ``s`` estimates ``x* − x`` (where the gradient's linear model vanishes; it grows
  as ``‖∇f‖/|λ|``), and ``Δ = ‖H(x + s) − H(x)‖₂`` is how much the Hessian changes on the way
  there.  By Weyl again each eigenvalue of ``H(x*)`` is within about ``Δ`` of the one at ``x``;
  the factor 2 covers the Newton estimate's own error, second order in ``‖s‖``.

  Directions whose eigenvalue is itself inside the band are left out of ``s`` (the
  minimum-norm step over the others): along them ``f`` is flat to within what can be decided,
  and where stationary points form a curve (Biggs EXP6 has one, with an eigenvalue 6·10⁻⁹
  along it) the full Newton step runs far along the curve and measures nothing about the
  curvature across it.  So with ``|λ|`` sorted, ``k = 0, 1, ...`` smallest left out, the band
  is the first ``δₖ = ρ + 2Δₖ`` that is *consistent*: every eigenvalue left out lies inside it
  and every one kept outside.  If none is (within a few tries), the full Newton step's band
  ``δ₀`` is used.  Each try is one Hessian evaluation, not counted in the run's ``nhev``.
  Where the Hessian at ``x + s`` is not finite the band falls back to
  ``ρ + √(‖Ĥ‖₂·‖∇f(x)‖₂)`` (the Hessian changing by at most ``‖Ĥ‖₂`` per unit distance).

  **Undecided at x**, the verdict takes up to four Newton steps towards the stationary point
  (leaving out directions singular to half the working precision, where Newton's step is
  noise) and decides there instead, if the gradient there is smaller than at ``x`` and
  ``H(x)``'s own eigenvalues, beyond rounding, show every sign found there; the reason then
  says how far from ``x`` that point is and its gradient.  Newton converges to saddles as
  readily as to minima, which is what is wanted here: it finds the stationary point whose type
  is being asked, quadratically, so its band is tiny.

  **Still undecided**, ``f`` itself may show that ``x`` is no minimum: along the eigenvector
  ``v`` of the lowest eigenvalue (below ``−ρ`` and not singular to half the precision),
  ``f(x ± tv) < f(x)`` on both sides by more than ``f``'s rounding and by what ``½|λ|t²``
  predicts (within a factor 2), with ``t`` where the quadratic decrease beats the slope.
  With an eigenvalue of ``H(x)`` positive beyond rounding as well, that is a saddle; with
  every one negative, a maximum.  (Gaussian (MGH 9) from 100x₀ ends on a plateau where H has
  eigenvalues −0.0026, −1.6·10⁻⁸ and 1, the gradient 1.3·10⁻⁷ lies along the flat direction,
  and every Newton step runs 8 units along it: no band decides, but f drops by 2·10⁻¹³ on
  both sides along the first eigenvector at t = 1.2·10⁻⁵.)

  An eigenvalue inside the band makes the verdict undetermined; the band is an estimate from
  measured quantities, not a proof (that is the exact backend's).  Measured, it decides what
  the assumed ``√(‖Ĥ‖‖∇f‖)`` could not: Newton-CG and CG stopping beside Biggs EXP6's saddle
  (λmin = −0.0049, ‖∇f‖ = 7·10⁻⁶, assumed band 0.0076) claimed success; and it refuses what
  the assumed band got wrong: ``(0, 10⁻⁴)`` beside the degenerate critical point of
  ``x² + y³`` was called a minimum, and is undetermined now (``Δ`` is as large as the small
  eigenvalue).

``success`` of a run is "the gradient test holds and the point is not shown to be a saddle or
a maximum"; an undetermined verdict leaves ``success`` to the gradient test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..budget import time_budget
from ..errors import BudgetExceeded, SymhessError
from ..secondorder import second_order_test
from ..verdict import Verdict
from .backends import get_backend

__all__ = ["SecondOrder", "stationary_verdict", "MAX_N"]

#: seconds the exact backend's inertia may take before the verdict is computed numerically
EXACT_SECONDS = 5

#: digits of that numeric verdict
EXACT_FALLBACK_DPS = 50

#: the Hessian's eigenvalues are computed only up to this many variables (NumPy / mpmath)
MAX_N = {"numpy": 500, "mpmath": 60, "exact": 12}


@dataclass(frozen=True)
class SecondOrder:
    """The verdict and, in words, what it rests on."""

    verdict: Verdict
    reason: str


def stationary_verdict(problem, bk, x, g) -> SecondOrder:
    """The type of the stationary point ``x`` (with gradient ``g``) of ``problem`` in the
    arithmetic of backend ``bk``.  The Hessian evaluations it makes (one, or a few where the
    band or the Newton steps need them) are not counted in the run's ``nhev``.
    """
    n = problem.n
    limit = MAX_N.get(bk.name, MAX_N["mpmath"])
    if n > limit:
        return SecondOrder(Verdict.UNDETERMINED,
                           f"the Hessian's spectrum is not computed for n = {n} > {limit} "
                           f"on the {bk.name} backend")
    try:
        if bk.exact:
            return _exact(problem, bk, x)
        return _bounded(problem, bk, x, g)
    except SymhessError as exc:
        return SecondOrder(Verdict.UNDETERMINED, f"the Hessian could not be examined: {exc}")


def _classify(positive: int, negative: int, zero: int) -> Verdict:
    if positive and negative:
        return Verdict.SADDLE
    if zero:
        return Verdict.UNDETERMINED
    return Verdict.MAX if not positive else Verdict.MIN


def _exact(problem, bk, x) -> SecondOrder:
    sym = problem.symbolic
    if sym is not None:
        at = dict(zip(sym.variables, x, strict=True))
        H = sp.Matrix([[sp.sympify(h).subs(at) for h in row] for row in sym.hessian])
    else:
        H = sp.Matrix(problem.oracle(bk).hess(x).tolist())
    try:
        with time_budget(EXACT_SECONDS, "the exact inertia of H(x)"):
            test = second_order_test(H)
    except BudgetExceeded:
        # irrational entries (atan, π, ...) can make the exact congruence slow: the same x,
        # examined with EXACT_FALLBACK_DPS digits and the measured band instead
        numeric = get_backend("mpmath", dps=EXACT_FALLBACK_DPS)
        with numeric.scope():
            point = numeric.vector(list(x))
            look = _bounded(problem, numeric, point, problem.oracle(numeric).grad(point))
        return SecondOrder(look.verdict, f"the exact inertia ran out of its {EXACT_SECONDS:g} s "
                                         f"budget; with {EXACT_FALLBACK_DPS} digits: "
                                         + look.reason)
    except SymhessError as exc:
        return SecondOrder(Verdict.UNDETERMINED, f"the inertia of H(x) is open: {exc}")
    p, m, z = test.inertia
    reason = f"inertia of the exact H(x): (n₊, n₋, n₀) = ({p}, {m}, {z})"
    if test.type is Verdict.UNDETERMINED:
        reason += "; a zero eigenvalue: higher-order terms decide"
    return SecondOrder(test.type, reason)


def _bounded(problem, bk, x, g) -> SecondOrder:
    oracle = problem.oracle(bk)
    here = _banded(oracle, bk, x, g)
    if here.verdict is not Verdict.UNDETERMINED or here.step is None:
        return SecondOrder(here.verdict, here.reason)
    # undecided at x: Newton steps towards the stationary point, and the verdict there -- if
    # the gradient there is smaller and H(x) itself shows every sign it finds (beyond rounding)
    point, look, size = x, here, bk.norm2(g)
    for k in range(1, POLISH + 1):
        point = point + look.step
        grad = oracle.grad(point)
        if not bk.isfinite(grad):
            break
        look = _banded(oracle, bk, point, grad)
        if look.verdict is not Verdict.UNDETERMINED and bk.norm2(grad) < size \
                and look.positive <= here.signs[0] and look.negative <= here.signs[1]:
            return SecondOrder(look.verdict, (
                f"at the point {k} Newton step{'s' if k > 1 else ''} from x "
                f"({bk.to_float(bk.norm2(point - x)):.2g} away, ‖∇f‖₂ = "
                f"{bk.to_float(bk.norm2(grad)):.2g}), where H(x)'s own eigenvalues show the "
                f"same signs: " + look.reason))
        if look.step is None:
            break
    witness = _not_a_minimum(oracle, bk, x, g, here)
    if witness is None:
        return SecondOrder(here.verdict, here.reason)
    # no minimum: a saddle if some curvature is positive, a maximum if none is, beyond rounding
    up, down = here.signs
    if up:
        return SecondOrder(Verdict.SADDLE, f"{witness}; and {up} eigenvalue"
                                           f"{'s' if up > 1 else ''} of H(x) positive: "
                                           + here.reason)
    if down == len(np.asarray(x)):
        return SecondOrder(Verdict.MAX, f"{witness}; and every eigenvalue of H(x) negative: "
                                        + here.reason)
    return SecondOrder(here.verdict, here.reason)


def _not_a_minimum(oracle, bk, x, g, look) -> str | None:
    """Evidence from ``f`` itself that ``x`` is no minimum: along the eigenvector ``v`` of the
    lowest eigenvalue ``λ``, ``f(x ± tv) < f(x)`` on both sides, by more than ``f``'s rounding
    and as the quadratic model predicts (within a factor 2) -- so ``f`` is not convex along ``v`` on
    that segment, as ``λ < 0`` says, and ``x`` is not a local minimiser.  ``λ`` must be negative
    beyond rounding and not singular to half the working precision (a family of minima, as Box
    3-D's, has ``λ ≈ 0`` along it, and far along it ``f`` is lower for another reason).  ``t``
    starts where the model's decrease ``½|λ|t²`` beats both the slope ``|∇fᵀv|·t`` and the
    rounding, and grows 4× twice."""
    value, v = look.lowest
    if not -value > max(look.rounding, bk.sqrt(bk.eps) * look.spectral):
        return None
    f0 = oracle.fun(x)
    noise = 1000 * bk.eps * abs(f0)
    slope = abs(bk.dot(g, v))
    t = max(4 * slope / -value, bk.sqrt(8 * noise / -value))
    if not (t > 0 and bk.isfinite(t)):
        return None
    for _ in range(3):
        drops = [f0 - oracle.fun(x + sign * t * v) for sign in (1, -1)]
        model = -value * t * t / 2
        low, high = (model - slope * t) / 2, 2 * (model + slope * t)
        if all(bk.isfinite(d) and d > noise and low <= d <= high for d in drops):
            return (f"not a minimum: f is lower on both sides along the eigenvector of λ = "
                    f"{bk.to_float(value):.3g}, by {bk.to_float(min(drops)):.2g} at distance "
                    f"t = {bk.to_float(t):.2g}, as ½|λ|t² predicts")
        t = 4 * t
    return None


@dataclass(frozen=True)
class _Look:
    """The verdict at one point: decided with the measured band, the eigenvalue counts above
    and below it, those beyond rounding alone (``signs``), and the Newton step from there."""

    verdict: Verdict
    reason: str
    positive: int
    negative: int
    signs: tuple[int, int]
    step: object
    lowest: tuple  # (λmin, its unit eigenvector)
    rounding: object
    spectral: object  # ‖H‖₂


#: Newton steps the numeric verdict may take towards the stationary point when undecided at x
POLISH = 4


def _banded(oracle, bk, x, g):
    """What ``x`` shows: :class:`_Look`."""
    H = oracle.hess(x)
    H = (H + H.T) / 2
    values, vectors = bk.eigh(H)
    n = len(values)
    rounding = 10 * n * bk.eps * bk.sqrt(sum(v * v for v in np.asarray(H).reshape(-1)))
    band = _measured_band(oracle, bk, x, g, H, values, vectors, rounding)
    # the step towards the stationary point if undecided here: Newton's, leaving out the
    # directions that are singular to half the working precision (noise would dominate them)
    cut = max(rounding, bk.sqrt(bk.eps) * max(abs(v) for v in values))
    step = _newton_step(bk, g, values, vectors, [i for i in range(n) if abs(values[i]) > cut])
    if band is not None:
        delta, change, s, left_out = band
        why = (f"δ = ρ + 2Δ = {bk.to_float(delta):.2g}, Δ = ‖H(x+s) − H(x)‖₂ along the Newton "
               f"step s (‖s‖ = {bk.to_float(bk.norm2(s)):.2g}"
               + (f", {left_out} flat direction{'s' if left_out > 1 else ''} left out"
                  if left_out else "") + ")")
    else:
        spectral = max(abs(v) for v in values)
        delta = rounding + bk.sqrt(spectral * bk.norm2(g))
        why = (f"δ = ρ + √(‖H‖‖∇f‖) = {bk.to_float(delta):.2g} (H at the Newton step is not "
               f"finite)")
    positive = sum(1 for v in values if v > delta)
    negative = sum(1 for v in values if v < -delta)
    zero = n - positive - negative
    verdict = _classify(positive, negative, zero)
    low, high = min(values), max(values)
    reason = (f"eigenvalues of H in [{bk.to_float(low):.3g}, {bk.to_float(high):.3g}], "
              f"{positive} above and {negative} below the band |λ| ≤ {why}, {zero} inside")
    if verdict is Verdict.UNDETERMINED:
        reason += "; an eigenvalue inside the band: not decided"
    signs = (sum(1 for v in values if v > rounding), sum(1 for v in values if v < -rounding))
    lowest = min(range(n), key=lambda i: values[i])
    return _Look(verdict, reason, positive, negative, signs, step,
                 (values[lowest], vectors[lowest]), rounding, max(abs(v) for v in values))


def _newton_step(bk, g, values, vectors, kept):
    """``s = −Σ (vᵢᵀg / λᵢ) vᵢ`` over the eigenpairs ``kept``: the minimum-norm Newton step in
    their span."""
    s = 0 * g
    for i in kept:
        s = s - (bk.dot(vectors[i], g) / values[i]) * vectors[i]
    return s


#: how many Newton steps (each one Hessian evaluation) the band may try
BAND_TRIES = 6


def _measured_band(oracle, bk, x, g, H, values, vectors, rounding):
    """``(δ, Δ, s, k)``: the first consistent band (see the module's text), leaving out of
    the Newton step the ``k`` eigen-directions of smallest ``|λ|``; the full step's band if no
    tried ``k`` is consistent; ``None`` when the Hessian at the step is not finite."""
    order = sorted(range(len(values)), key=lambda i: abs(values[i]))
    sizes = [abs(values[i]) for i in order]
    first = sum(1 for a in sizes if not a > rounding)  # no Newton step along these
    fallback = None
    for k in range(first, min(len(order), first + BAND_TRIES) + 1):
        s = _newton_step(bk, g, values, vectors, order[k:])
        H1 = oracle.hess(x + s)
        if not bk.isfinite(np.asarray(H1).reshape(-1)):
            return fallback
        difference, _ = bk.eigh((H1 + H1.T) / 2 - H)
        change = max(abs(v) for v in difference)
        delta = rounding + 2 * change
        band = (delta, change, s, k)
        fallback = fallback or band
        kept_outside = k == len(order) or delta < sizes[k]
        left_inside = k == 0 or sizes[k - 1] <= delta
        if kept_outside and left_inside:
            return band
    return fallback
