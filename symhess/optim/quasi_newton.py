"""Quasi-Newton methods: BFGS, DFP, SR1 and L-BFGS keep the curvature gradients reveal.

Each keeps an approximation ``Hₖ ≈ ∇²f⁻¹`` (the inverse, so a step costs a product, not a solve)
and updates it from ``sₖ = x_{k+1} − xₖ`` and ``yₖ = ∇f_{k+1} − ∇fₖ`` so that the secant
condition ``H_{k+1} yₖ = sₖ`` holds -- equivalently ``B_{k+1} sₖ = yₖ`` for ``B = H⁻¹``.
L-BFGS never forms ``H``: it keeps the last ``m`` pairs and applies ``H`` by the two-loop
recursion in ``O(mn)`` (Nocedal & Wright, chapters 6 and 7).

>>> from symhess.optim import get_backend
>>> bk = get_backend("exact")
>>> H, s, y = bk.eye(2), bk.vector([1, 0]), bk.vector([2, 1])
>>> H1 = bfgs_update(bk, H, s, y)
>>> list(H1 @ y) == list(s)
True
"""

from __future__ import annotations

from collections import deque

from .linesearch import chosen, exact_step, wolfe
from .registry import Iterate, OptionError, method

__all__ = ["bfgs_update", "dfp_update", "sr1_update", "two_loop"]


def bfgs_update(bk, H, s, y):
    """``H₊ = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ`` with ``ρ = 1/yᵀs`` (the inverse BFGS update)."""
    rho = 1 / (y @ s)
    Hy = H @ y
    # expanded so that it costs O(n²): H − ρ(Hy sᵀ + s yᵀH) + (ρ² yᵀHy + ρ) s sᵀ
    return H - rho * (bk.outer(Hy, s) + bk.outer(s, Hy)) + (rho * rho * (y @ Hy) + rho) * \
        bk.outer(s, s)


def dfp_update(bk, H, s, y):
    """``H₊ = H + ssᵀ/yᵀs − Hy yᵀH / yᵀHy`` (Davidon–Fletcher–Powell)."""
    Hy = H @ y
    return H + bk.outer(s, s) / (y @ s) - bk.outer(Hy, Hy) / (y @ Hy)


def sr1_update(bk, H, s, y, r):
    """``H₊ = H + (s − Hy)(s − Hy)ᵀ / (s − Hy)ᵀy``, the symmetric rank-one update, or ``None``
    (skip) when ``|(s − Hy)ᵀy| < r‖y‖‖s − Hy‖`` would make the denominator tiny (N&W 6.26)."""
    v = s - H @ y
    denominator = v @ y
    if denominator * denominator < r * r * (y @ y) * (v @ v) or denominator == 0:
        return None
    return H + bk.outer(v, v) / denominator


def two_loop(bk, g, pairs, gamma):
    """``Hₖ g`` for the L-BFGS matrix defined by ``pairs`` ``(s, y, ρ)``, oldest first, and
    ``H⁰ = γI`` (Nocedal & Wright, Algorithm 7.4)."""
    q = g
    alphas = []
    for s, y, rho in reversed(pairs):
        a = rho * bk.dot(s, q)
        q = q - a * y
        alphas.append(a)
    r = gamma * q
    for (s, y, rho), a in zip(pairs, reversed(alphas), strict=True):
        b = rho * bk.dot(y, r)
        r = r + (a - b) * s
    return r


class _Dense:
    """A dense inverse-Hessian approximation updated by ``formula``."""

    def __init__(self, bk, n, formula, scaled):
        self.bk, self.formula, self.scaled = bk, formula, scaled
        self.H = bk.eye(n)
        self.fresh = True

    def direction(self, g):
        return -(self.H @ g)

    def reset(self):
        self.H, self.fresh = self.bk.eye(len(self.H)), True

    def update(self, s, y, sy):
        if self.fresh and self.scaled:  # N&W (6.20): H₀ = (sᵀy / yᵀy) I before the first update
            self.H = self.H * (sy / self.bk.dot(y, y))
        self.fresh = False
        new = self.formula(self.bk, self.H, s, y)
        if new is not None:
            self.H = new

    @property
    def state(self):
        return self.H


class _Limited:
    """The last ``m`` pairs, applied by the two-loop recursion."""

    def __init__(self, bk, m, scaled):
        self.bk, self.scaled = bk, scaled
        self.pairs: deque = deque(maxlen=m)
        self.gamma = bk.number(1)

    def direction(self, g):
        return -two_loop(self.bk, g, self.pairs, self.gamma)

    def reset(self):
        self.pairs.clear()

    def update(self, s, y, sy):
        self.pairs.append((s, y, 1 / sy))
        if self.scaled:  # N&W (7.20)
            self.gamma = sy / self.bk.dot(y, y)

    @property
    def state(self):
        return tuple(self.pairs)


#: the first trial step of each line search after the first
FIRST_STEPS = ("unit", "decrease")


def _first_trial(bk, f, f_prev, g, d, first, rule):
    """The line search's first trial step.  Along the first direction, ``−∇f``, a unit step can
    be far too long: a unit change of the largest entry.  After it, ``rule``:

    * ``"unit"``: ``α = 1``, the quasi-Newton step (scipy's L-BFGS-B);
    * ``"decrease"``: ``min(1, 2.02 (f − f_prev) / ∇fᵀd)``, the step at which a quadratic along
      ``d`` would lower ``f`` by about as much as the last step did (Nocedal & Wright (3.60)),
      as scipy's BFGS; ``α = 1`` when the estimate is larger or meaningless.
    """
    one = bk.number(1)
    if first:
        size = bk.norm_inf(g)
        return 1 / size if size > 1 else one
    if rule == "unit" or f_prev is None:
        return one
    guess = bk.number("101/50") * (f - f_prev) / bk.dot(g, d)
    return chosen(bk, guess) if 0 < guess < 1 else one


def _quasi_newton(oracle, x0, model, line_search, curvature="9/10", first_step="unit"):
    """The loop shared by the quasi-Newton methods; ``curvature`` is the strong Wolfe ``c₂``,
    ``first_step`` the rule for the line search's first trial (:func:`_first_trial`).

    DFP passes ``c₂ = 1/10``: unlike BFGS it corrects a poor approximation slowly unless the
    steps are close to exact line minimisations (Nocedal & Wright §6.1; Powell 1986), and with
    scipy's ``c₂ = 0.9`` it did not reach the minimum of Wood or of the extended Rosenbrock
    function in 5000 iterations from the standard starts."""
    bk = oracle.backend
    if line_search not in ("wolfe", "exact"):
        raise OptionError(f"line_search must be wolfe or exact, not {line_search!r}")
    if first_step not in FIRST_STEPS:
        raise OptionError(f"first_step must be one of {', '.join(FIRST_STEPS)}, "
                          f"not {first_step!r}")
    x = x0
    f, g = oracle.value_and_grad(x)
    yield Iterate(x, f, g, state=model.state)
    first, f_prev = True, None
    while True:
        d = model.direction(g)
        if not bk.dot(g, d) < 0:  # possible for SR1, whose H need not be positive definite
            model.reset()
            d, first = -g, True
        if line_search == "exact":
            alpha = exact_step(oracle, x, g, d)
            if alpha is None:
                return "the curvature along the search direction is not positive"
            x_new = x + alpha * d
            f_new, g_new = oracle.value_and_grad(x_new)
        else:
            start = _first_trial(bk, f, f_prev, g, d, first, first_step)
            accepted = wolfe(oracle, x, f, g, d, start, c2=curvature)
            if accepted is None and not first:
                # the approximation may have gone bad (an ill-conditioned H pointing along a
                # valley wall): forget it and search along −∇f once before giving up
                model.reset()
                d, first = -g, True
                accepted = wolfe(oracle, x, f, g, d,
                                 _first_trial(bk, f, f_prev, g, d, first, first_step),
                                 c2=curvature)
            if accepted is None:
                return "the line search found no step satisfying the Wolfe conditions"
            alpha, x_new, f_new, g_new = accepted.alpha, accepted.x, accepted.f, accepted.g
        s, y = x_new - x, g_new - g
        sy = bk.dot(s, y)
        if sy > 0:  # curvature condition; a Wolfe step guarantees it
            model.update(s, y, sy)
        x, f, f_prev, g, first = x_new, f_new, f, g_new, False
        yield Iterate(x, f, g, alpha, state=model.state)


@method("bfgs", "BFGS: the inverse-Hessian approximation from gradient differences")
def bfgs(oracle, x0, *, line_search="wolfe", initial_scaling=False, first_step="decrease"):
    """As scipy's BFGS: ``H₀ = I`` unscaled and the first trial step from the last decrease.
    On the 18 Moré–Garbow–Hillstrom problems from the standard starts the scaling (6.20) cost
    a quarter more evaluations in median (Freudenstein–Roth: 24 iterations instead of 8)."""
    bk = oracle.backend
    return _quasi_newton(oracle, x0, _Dense(bk, oracle.n, bfgs_update, initial_scaling),
                         line_search, first_step=first_step)


@method("dfp", "DFP: the rank-two update dual to BFGS, with a tighter Wolfe line search")
def dfp(oracle, x0, *, line_search="wolfe", initial_scaling=True, c2="1/10"):
    bk = oracle.backend
    return _quasi_newton(oracle, x0, _Dense(bk, oracle.n, dfp_update, initial_scaling),
                         line_search, c2)


@method("sr1", "SR1: symmetric rank-one update, skipped when its denominator is tiny")
def sr1(oracle, x0, *, line_search="wolfe", skip="1e-8", initial_scaling=True):
    bk = oracle.backend
    r = bk.number(skip)
    model = _Dense(bk, oracle.n, lambda bk, H, s, y: sr1_update(bk, H, s, y, r),
                   initial_scaling)
    return _quasi_newton(oracle, x0, model, line_search)


@method("lbfgs", "L-BFGS: the last m pairs (s, y), applied by the two-loop recursion")
def lbfgs(oracle, x0, *, memory=10, line_search="wolfe", initial_scaling=True):
    if not (isinstance(memory, int) and memory >= 1):
        raise OptionError(f"memory must be a positive integer, not {memory!r}")
    return _quasi_newton(oracle, x0, _Limited(oracle.backend, memory, initial_scaling),
                         line_search)
