"""``plot f``: contour lines of f (its graph, in one variable) with the critical points
marked by type, saved as a PNG.

The critical points and their types come from :func:`symhess.critical.analyze_critical_points`;
floating point here only draws them.  matplotlib is imported only when a plot is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sympy as sp

from ..errors import DimensionError
from ..rendering import inline

__all__ = ["Figure", "plot_function"]

#: How each type of point is drawn: marker, colour, legend label.
MARKERS = {"min": ("o", "tab:blue", "minimum"), "max": ("^", "tab:red", "maximum"),
           "saddle": ("X", "tab:green", "saddle"),
           "undetermined": ("s", "tab:gray", "undetermined")}


@dataclass(frozen=True)
class Figure:
    """A saved picture: where it is and what it shows."""

    path: Path
    marked: tuple[tuple[str, int], ...]  # (type, how many) of the points drawn

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {MARKERS[t][2]}{'' if n == 1 else 's'}"
                           for t, n in self.marked if n) or "no critical points"
        return f"saved {self.path} ({counts} marked)"

    def latex(self) -> str:
        return r"\text{" + str(self).replace("_", r"\_") + "}"

    def _repr_png_(self) -> bytes:
        return self.path.read_bytes()

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def _coordinates(point: dict, xs) -> list[float] | None:
    """A point's coordinates as floats for drawing, or None if one is not real."""
    out = []
    for x in xs:
        v = sp.N(point[x], 15)
        if not v.is_real:
            return None
        out.append(float(v))
    return out


def plot_function(f: sp.Expr, xs, critical, path: Path) -> Figure:
    """Draw f over a window around its critical points and save it to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if len(xs) not in (1, 2):
        raise DimensionError(f"plot draws functions of one or two variables; this one has "
                             f"{len(xs)} ({', '.join(map(str, xs))})")
    points = []
    for p in (critical.points if critical is not None else ()):
        c = _coordinates(p.point, xs)
        if c is not None:
            points.append((c, str(p.type)))
    coords = np.array([c for c, _ in points]) if points else np.zeros((1, len(xs)))
    low, high = coords.min(axis=0), coords.max(axis=0)
    pad = np.maximum((high - low) * 0.4, 1.5)
    grids = [np.linspace(lo - d, hi + d, 240) for lo, hi, d in zip(low, high, pad, strict=True)]
    fun = sp.lambdify(xs, f, modules="numpy")
    fig, ax = plt.subplots(figsize=(6, 5))
    with np.errstate(all="ignore"):
        if len(xs) == 1:
            ys = np.broadcast_to(fun(grids[0]), grids[0].shape).astype(float)
            ax.plot(grids[0], ys, color="black", linewidth=1)
            ax.set_xlabel(str(xs[0]))
            ax.set_ylabel(f"f({xs[0]})")
        else:
            U, V = np.meshgrid(*grids)
            Z = np.broadcast_to(fun(U, V), U.shape).astype(float)
            finite = Z[np.isfinite(Z)]
            if finite.size:
                levels = np.quantile(finite, np.linspace(0.02, 0.98, 25))
                ax.contour(U, V, Z, levels=np.unique(levels), cmap="viridis", linewidths=0.8)
            ax.set_xlabel(str(xs[0]))
            ax.set_ylabel(str(xs[1]))
            ax.set_aspect("equal", adjustable="box")
    counts = {}
    for kind in MARKERS:
        chosen = [c for c, t in points if t == kind]
        counts[kind] = len(chosen)
        if not chosen:
            continue
        marker, colour, label = MARKERS[kind]
        if len(xs) == 1:
            at = np.array([c[0] for c in chosen])
            ax.plot(at, np.broadcast_to(fun(at), at.shape), marker, color=colour, markersize=9,
                    linestyle="none", label=label)
        else:
            ax.plot(*np.array(chosen).T, marker, color=colour, markersize=9, linestyle="none",
                    label=label)
    title = f"f = {inline(f)}"
    ax.set_title(title if len(title) <= 80 else title[:79] + "…")
    if points:
        ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Figure(path, tuple(counts.items()))
