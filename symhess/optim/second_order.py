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
* **mpmath and NumPy** -- the eigenvalues ``λ̂ᵢ`` of the computed symmetric Hessian, each
  trusted only outside the band ``|λ| ≤ δ`` with

  ``δ = 10·n·ε·‖Ĥ‖_F + √(‖Ĥ‖₂·‖∇f(x)‖₂)``.

  The first term bounds the rounding: by Weyl's theorem the eigenvalues of ``H`` lie within
  ``‖E‖₂`` of those of ``Ĥ = H + E``, and the entries' evaluation and a backward-stable
  symmetric eigensolver give ``‖E‖₂ ≤ c·n·ε·‖H‖`` (``c = 10`` covers the evaluation of the
  entries by a few operations each; cancellation in a long formula can exceed it).  The second
  term accounts for ``x`` being only near a stationary point ``x*``: with ``‖∇f(x)‖ = g`` and
  smallest curvature ``σ``, ``‖x − x*‖ ≈ g/σ``, and if the Hessian changes by at most
  ``‖H‖₂`` per unit distance then ``‖H(x*) − H(x)‖ ≤ ‖H‖₂·g/σ``, which is below ``σ`` exactly
  when ``σ > √(‖H‖₂·g)`` (the usual test for an approximate second-order stationary point).
  An eigenvalue inside the band makes the verdict undetermined; this is a bound under the
  stated assumption on how fast ``H`` varies, not a proof.

``success`` of a run is "the gradient test holds and the point is not shown to be a saddle or
a maximum"; an undetermined verdict leaves ``success`` to the gradient test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..errors import SymhessError
from ..secondorder import second_order_test
from ..verdict import Verdict

__all__ = ["SecondOrder", "stationary_verdict", "MAX_N"]

#: the Hessian's eigenvalues are computed only up to this many variables (NumPy / mpmath)
MAX_N = {"numpy": 500, "mpmath": 60, "exact": 12}


@dataclass(frozen=True)
class SecondOrder:
    """The verdict and, in words, what it rests on."""

    verdict: Verdict
    reason: str


def stationary_verdict(problem, bk, x, g) -> SecondOrder:
    """The type of the stationary point ``x`` (with gradient ``g``) of ``problem`` in the
    arithmetic of backend ``bk``.  One Hessian evaluation, not counted in the run's ``nhev``.
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
        test = second_order_test(H)
    except SymhessError as exc:
        return SecondOrder(Verdict.UNDETERMINED, f"the inertia of H(x) is open: {exc}")
    p, m, z = test.inertia
    reason = f"inertia of the exact H(x): (n₊, n₋, n₀) = ({p}, {m}, {z})"
    if test.type is Verdict.UNDETERMINED:
        reason += "; a zero eigenvalue: higher-order terms decide"
    return SecondOrder(test.type, reason)


def _bounded(problem, bk, x, g) -> SecondOrder:
    H = problem.oracle(bk).hess(x)
    H = (H + H.T) / 2
    values, _ = bk.eigh(H)
    n = len(values)
    frobenius = bk.sqrt(sum(v * v for v in np.asarray(H).reshape(-1)))
    spectral = max(abs(v) for v in values)
    gnorm = bk.norm2(g)
    delta = 10 * n * bk.eps * frobenius + bk.sqrt(spectral * gnorm)
    positive = sum(1 for v in values if v > delta)
    negative = sum(1 for v in values if v < -delta)
    zero = n - positive - negative
    verdict = _classify(positive, negative, zero)
    low, high = min(values), max(values)
    reason = (f"eigenvalues of H(x) in [{bk.to_float(low):.3g}, {bk.to_float(high):.3g}], "
              f"{positive} above and {negative} below the band |λ| ≤ δ = "
              f"{bk.to_float(delta):.2g}, {zero} inside")
    if verdict is Verdict.UNDETERMINED:
        reason += "; an eigenvalue inside the band: not decided"
    return SecondOrder(verdict, reason)
