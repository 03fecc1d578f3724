"""How common minima are among critical points: a census of random Hessians.

The heuristic says a minimum needs all ``n`` eigenvalues positive, which for coin-flip signs
costs ``2⁻ⁿ``; so in high dimension almost every critical point is a saddle.  Here the claim
is checked on random symmetric integer matrices, each classified **exactly** by its inertia
(no eigenvalue is ever computed in floating point).  Eigenvalue signs of one matrix are not
independent coins -- they repel -- so the observed fraction of minima falls off faster
than ``2⁻ⁿ``; the census shows by how much.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy as sp

from .linalg import inertia
from .rendering import latex_table, latex_text
from .results import Result, table

__all__ = ["Census", "hessian_census"]


@dataclass(frozen=True)
class Census(Result):
    """Counts of each verdict over ``samples`` random ``n × n`` symmetric matrices."""

    n: int
    samples: int
    seed: int
    entries: tuple[int, int]
    minima: int
    maxima: int
    saddles: int
    degenerate: int

    @property
    def fraction_minima(self) -> sp.Rational:
        return sp.Rational(self.minima, self.samples)

    @property
    def coin_flip(self) -> sp.Rational:
        """The heuristic ``2⁻ⁿ``."""
        return sp.Rational(1, 2**self.n)

    def to_dict(self) -> dict:
        return {
            "n": self.n, "samples": self.samples, "seed": self.seed,
            "entries": list(self.entries), "minima": self.minima, "maxima": self.maxima,
            "saddles": self.saddles, "degenerate": self.degenerate,
            "fraction_minima": str(self.fraction_minima), "coin_flip": str(self.coin_flip),
        }

    def _rows(self) -> list[tuple[str, int]]:
        return [("minimum (all λ > 0)", self.minima), ("maximum (all λ < 0)", self.maxima),
                ("saddle (mixed signs)", self.saddles), ("degenerate (some λ = 0)",
                                                        self.degenerate)]

    def lines(self) -> list[str]:
        lo, hi = self.entries
        rows = self._rows()
        return [
            f"{self.samples} random symmetric {self.n}×{self.n} matrices, integer entries in "
            f"[{lo}, {hi}], seed {self.seed}, each classified exactly by its inertia:",
            *table(((k, v, f"{v / self.samples:.4f}") for k, v in rows),
                   header=("verdict", "count", "fraction")),
            f"fraction of minima {float(self.fraction_minima):.4f} vs the coin-flip "
            f"heuristic 2^-{self.n} = {float(self.coin_flip):.4f}",
        ]

    def latex(self) -> str:
        rows = [[latex_text(k), str(v), rf"\frac{{{v}}}{{{self.samples}}}"]
                for k, v in self._rows()]
        return (r"\begin{array}{l}" + latex_text(self.lines()[0]) + r"\\ "
                + latex_table(["verdict", "count", "fraction"], rows, "lrr") + r"\\ "
                + latex_text("fraction of minima ") + f"{float(self.fraction_minima):.4f}"
                + latex_text(" vs the coin-flip heuristic ") + rf"2^{{-{self.n}}} = "
                + f"{float(self.coin_flip):.4f}" + r"\end{array}")


def hessian_census(n: int, samples: int = 500, seed: int = 0,
                   entries: tuple[int, int] = (-9, 9)) -> Census:
    """Classify ``samples`` random symmetric integer ``n × n`` matrices exactly.

    >>> c = hessian_census(1, samples=50, seed=1)
    >>> c.minima + c.maxima + c.saddles + c.degenerate
    50
    >>> c.saddles   # one eigenvalue cannot have mixed signs
    0
    """
    rng = random.Random(seed)
    lo, hi = entries
    counts = {"min": 0, "max": 0, "saddle": 0, "degenerate": 0}
    for _ in range(samples):
        upper = {(i, j): rng.randint(lo, hi) for i in range(n) for j in range(i, n)}
        H = sp.Matrix(n, n, lambda i, j, u=upper: u[min(i, j), max(i, j)])
        pos, neg, zero = inertia(H)
        if zero:
            counts["degenerate"] += 1
        elif neg == 0:
            counts["min"] += 1
        elif pos == 0:
            counts["max"] += 1
        else:
            counts["saddle"] += 1
    return Census(n, samples, seed, (lo, hi), counts["min"], counts["max"], counts["saddle"],
                  counts["degenerate"])
