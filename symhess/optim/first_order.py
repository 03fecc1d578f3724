"""Gradient methods: gradient descent, heavy ball, Nesterov, Adagrad, RMSProp, Adam.

The momentum and adaptive methods are compositions of small transformations of the gradient,
each an ``init``/``update`` pair as in optax: Adam is *scale by the bias-corrected moments*
followed by *scale by −η*.  Side by side they read as the seeds' museum of partial Hessians:
Adagrad, RMSProp and Adam divide each coordinate by a running root-mean-square of gradients, a
diagonal, always positive imitation of the Hessian.

>>> from symhess.optim import minimize
>>> r = minimize("x^2 + 10y^2", [1, 1], method="heavy-ball", backend="exact",
...              step="1/20", momentum="1/2", maxiter=2)
>>> [list(x) for x in r.xs]
[[1, 1], [9/10, 0], [19/25, -1/2]]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .linesearch import armijo, exact_step
from .registry import Iterate, OptionError, method

__all__ = [
    "Transform",
    "chain",
    "scale",
    "trace",
    "scale_by_sum_of_squares",
    "scale_by_rms",
    "scale_by_adam",
    "gradient_descent",
]


@dataclass(frozen=True)
class Transform:
    """``init(x) -> state`` and ``update(g, state) -> (u, state)``; the step is ``x ← x + u``."""

    init: Callable
    update: Callable


def chain(*transforms: Transform) -> Transform:
    """Apply the transformations one after the other."""

    def init(x):
        return tuple(t.init(x) for t in transforms)

    def update(u, states):
        new = []
        for t, s in zip(transforms, states, strict=True):
            u, s = t.update(u, s)
            new.append(s)
        return u, tuple(new)

    return Transform(init, update)


def scale(factor) -> Transform:
    """``u = factor · g`` (``factor = −η`` is a gradient step)."""
    return Transform(lambda x: None, lambda g, state: (factor * g, state))


def trace(momentum, nesterov: bool = False) -> Transform:
    """Momentum ``m ← g + β m``; Nesterov uses ``g + β m`` (the look-ahead, in the form of
    Sutskever et al. 2013).  Followed by ``scale(−η)`` this is the heavy ball
    ``x_{k+1} = x_k − η∇f(x_k) + β(x_k − x_{k−1})`` (Polyak 1964)."""

    def init(x):
        return 0 * x

    def update(g, m):
        m = g + momentum * m
        return (g + momentum * m if nesterov else m), m

    return Transform(init, update)


def scale_by_sum_of_squares(bk, eps) -> Transform:
    """Adagrad: ``u = g / (√(Σ g²) + ε)`` per coordinate (Duchi, Hazan & Singer 2011)."""

    def update(g, total):
        total = total + g * g
        return g / (bk.sqrt(total) + eps), total

    return Transform(lambda x: 0 * x, update)


def scale_by_rms(bk, decay, eps) -> Transform:
    """RMSProp: ``v ← ρv + (1−ρ)g²``, ``u = g / (√v + ε)`` (Tieleman & Hinton 2012)."""

    def update(g, v):
        v = decay * v + (1 - decay) * g * g
        return g / (bk.sqrt(v) + eps), v

    return Transform(lambda x: 0 * x, update)


def scale_by_adam(bk, b1, b2, eps) -> Transform:
    """Adam: moments ``m ← β₁m + (1−β₁)g``, ``v ← β₂v + (1−β₂)g²``, bias-corrected,
    ``u = m̂ / (√v̂ + ε)`` (Kingma & Ba 2015)."""

    def update(g, state):
        m, v, t = state
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        t = t + 1
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        return m_hat / (bk.sqrt(v_hat) + eps), (m, v, t)

    return Transform(lambda x: (0 * x, 0 * x, 0), update)


def _transformed(oracle, x0, transform: Transform, eta):
    """The common loop: ``x ← x + u`` with ``u`` from the transformation of ``∇f(x)``."""
    x = x0
    f, g = oracle.value_and_grad(x)
    state = transform.init(x)
    yield Iterate(x, f, g)
    while True:
        u, state = transform.update(g, state)
        x = x + u
        f, g = oracle.value_and_grad(x)
        yield Iterate(x, f, g, eta)


def _need_step(step, name):
    if step is None:
        raise OptionError(f"{name} needs a step size (learning rate) step=η")


@method("gd", "gradient descent x ← x − η∇f: fixed η, Armijo backtracking or the exact step "
              "on a quadratic", fixed_step=True)
def gradient_descent(oracle, x0, *, step=None, line_search: str | None = None):
    """``x_{k+1} = x_k − α_k ∇f(x_k)``.

    ``line_search``: ``"fixed"`` (``α = step``, the default when a step is given), ``"armijo"``
    (backtracking from ``step`` or 1), ``"exact"`` (``α = gᵀg / gᵀHg``, the exact minimiser
    along ``−g`` on a quadratic, one Hessian-vector product per step).  On
    ``f = ½xᵀAx − bᵀx`` with a fixed step the error along each eigenvector ``vᵢ`` of ``A`` is
    multiplied by exactly ``1 − ηλᵢ`` per step.
    """
    bk = oracle.backend
    line_search = line_search or ("fixed" if step is not None else "armijo")
    if line_search not in ("fixed", "armijo", "exact"):
        raise OptionError(f"line_search must be fixed, armijo or exact, not {line_search!r}")
    if line_search == "fixed":
        _need_step(step, "gradient descent with a fixed step")
        eta = bk.number(step)
        yield from _transformed(oracle, x0, scale(-eta), eta)
        return None
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g)
    alpha0 = bk.number(step if step is not None else 1)
    while True:
        d = -g
        if line_search == "exact":
            alpha = exact_step(oracle, x, g, d)
            if alpha is None:
                return "the curvature along −∇f is not positive: no exact step exists"
            x = x + alpha * d
            f, g = oracle.value_and_grad(x)
        else:
            accepted = armijo(oracle, x, f, g, d, alpha0)
            if accepted is None:
                return "the Armijo backtracking found no decrease along −∇f"
            alpha, x, f = accepted.alpha, accepted.x, accepted.f
            g = oracle.grad(x)
        yield Iterate(x, f, g, alpha)


@method("heavy-ball", "Polyak's heavy ball: x ← x − η∇f + β(x − x_prev)", fixed_step=True)
def heavy_ball(oracle, x0, *, step=None, momentum="9/10"):
    _need_step(step, "the heavy ball")
    bk = oracle.backend
    eta = bk.number(step)
    yield from _transformed(oracle, x0, chain(trace(bk.number(momentum)), scale(-eta)), eta)


@method("nesterov", "Nesterov's accelerated gradient (momentum with look-ahead)",
        fixed_step=True)
def nesterov(oracle, x0, *, step=None, momentum="9/10"):
    _need_step(step, "Nesterov's method")
    bk = oracle.backend
    eta = bk.number(step)
    transform = chain(trace(bk.number(momentum), nesterov=True), scale(-eta))
    yield from _transformed(oracle, x0, transform, eta)


@method("adagrad", "Adagrad: divide by the root of the summed squared gradients",
        fixed_step=True)
def adagrad(oracle, x0, *, step="1/10", eps="1e-8"):
    bk = oracle.backend
    eta = bk.number(step)
    transform = chain(scale_by_sum_of_squares(bk, bk.number(eps)), scale(-eta))
    yield from _transformed(oracle, x0, transform, eta)


@method("rmsprop", "RMSProp: divide by a running root-mean-square of gradients",
        fixed_step=True)
def rmsprop(oracle, x0, *, step="1/100", decay="9/10", eps="1e-8"):
    bk = oracle.backend
    eta = bk.number(step)
    transform = chain(scale_by_rms(bk, bk.number(decay), bk.number(eps)), scale(-eta))
    yield from _transformed(oracle, x0, transform, eta)


@method("adam", "Adam: bias-corrected first and second moments, a diagonal preconditioner",
        fixed_step=True)
def adam(oracle, x0, *, step="1/100", b1="9/10", b2="999/1000", eps="1e-8"):
    bk = oracle.backend
    eta = bk.number(step)
    transform = chain(scale_by_adam(bk, bk.number(b1), bk.number(b2), bk.number(eps)),
                      scale(-eta))
    yield from _transformed(oracle, x0, transform, eta)
