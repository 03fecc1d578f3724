"""λmax and λmin of the Hessian from Hessian-vector products only: power iteration, Lanczos.

Neither forms ``H``: each step costs one product ``Hv`` (Pearlmutter's trick on a symbolic
problem, any ``hessp`` on a callable one), which is how sharpness is measured at scale.

>>> from symhess.optim.problem import Problem
>>> p = Problem.from_expr("x^2 + 3y^2 + x*y")
>>> s = extreme_eigenvalues(p, [0, 0], backend="numpy", method="lanczos")
>>> round(s.largest, 9), round(s.smallest, 9)   # 4 ± √5
(6.236067977, 1.763932023)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BackendError
from .backends import get_backend

__all__ = ["power_iteration", "dominant_eigenvalue", "lanczos", "extreme_eigenvalues",
           "Spectrum"]


def power_iteration(oracle, x, v0, *, shift=0):
    """Yield Rayleigh quotients ``vᵀ(H − σI)v / vᵀv`` of the power iteration
    ``v ← (H − σI)v``, which converge to the eigenvalue of ``H − σI`` largest in modulus.

    The vector is rescaled by its largest entry, so on the exact backend it stays rational.
    Each yield is ``(estimate + σ, v)``: an estimate of an eigenvalue of ``H`` itself.
    """
    bk = oracle.backend
    v = v0
    while True:
        w = oracle.hessp(x, v) - shift * v
        estimate = bk.dot(v, w) / bk.dot(v, v)
        yield estimate + shift, v
        scale = bk.norm_inf(w)
        if scale == 0:
            return
        v = w / scale


def lanczos(oracle, x, v0, steps: int):
    """The Lanczos tridiagonalisation ``Qᵀ H Q = T`` after ``steps`` HVPs (with full
    reorthogonalisation); returns the Ritz values, the eigenvalues of ``T``, ascending.
    The extreme ones converge to λmin and λmax long before ``steps = n`` (Golub & Van Loan,
    §10.1)."""
    bk = oracle.backend
    if bk.exact:
        raise BackendError("Lanczos normalises with square roots; on the exact backend use "
                           "method='power' (rational), or the mpmath backend")
    q = v0 / bk.norm2(v0)
    basis, alphas, betas = [q], [], []
    for _ in range(min(steps, oracle.n)):
        w = oracle.hessp(x, q)
        alpha = bk.dot(q, w)
        alphas.append(alpha)
        for p in basis:  # full reorthogonalisation keeps the Ritz values honest
            w = w - bk.dot(p, w) * p
        beta = bk.norm2(w)
        if not beta > bk.eps * 100 * (abs(alpha) + 1) or len(alphas) == oracle.n:
            break
        betas.append(beta)
        q = w / beta
        basis.append(q)
    k = len(alphas)
    zero = bk.number(0)
    T = bk.matrix([[alphas[i] if i == j else betas[min(i, j)] if abs(i - j) == 1 else zero
                    for j in range(k)] for i in range(k)])
    values, _ = bk.eigh(T)
    return sorted(values)


@dataclass(frozen=True)
class Spectrum:
    """Estimates of the extreme eigenvalues of ``H(x)``, with the number of HVPs used."""

    largest: object
    smallest: object
    nhev: int
    method: str


def extreme_eigenvalues(problem, x, *, backend="numpy", method: str = "auto",
                        steps: int = 30, v0=None) -> Spectrum:
    """λmax and λmin of the Hessian at ``x``.

    ``method``: ``"lanczos"``, ``"power"`` (``steps`` power iterations for λmax, then as many
    on ``H − λmax I`` for λmin), ``"dense"`` (the full Hessian, exact eigenvalues on the exact
    backend) or ``"auto"`` (dense for ``n ≤ 10``, else Lanczos, power iteration when exact).
    """
    bk = get_backend(backend)
    oracle = problem.oracle(bk)
    with bk.scope():
        x = bk.vector(x)
        if method == "auto":
            method = "dense" if problem.n <= 10 else "power" if bk.exact else "lanczos"
        if v0 is None:
            v0 = bk.vector([1 + (i % 7) for i in range(problem.n)])
        if method == "dense":
            values, _ = bk.eigh(oracle.hess(x))
            values = sorted(values)
            return Spectrum(values[-1], values[0], oracle.nhev, method)
        if method == "lanczos":
            values = lanczos(oracle, x, v0, steps)
            return Spectrum(values[-1], values[0], oracle.nhev, method)
        if method != "power":
            raise ValueError(f"unknown method {method!r}: lanczos, power, dense or auto")
        largest, _ = dominant_eigenvalue(oracle, x, v0, steps)
        if not largest > 0:  # the dominant eigenvalue is negative: it is λmin
            return Spectrum(None, largest, oracle.nhev, method)
        shifted, _ = dominant_eigenvalue(oracle, x, v0, steps, shift=largest)
        return Spectrum(largest, shifted, oracle.nhev, method)


def dominant_eigenvalue(oracle, x, v0, steps: int, *, shift=0):
    """``(estimate, vector)`` after ``steps`` power iterations from ``v0``."""
    result = None, v0
    for k, result in enumerate(power_iteration(oracle, x, v0, shift=shift)):  # noqa: B007
        if k + 1 >= steps:
            break
    return result
