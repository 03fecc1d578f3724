"""Pictures of a run: the path over the contour lines (2-D), the error per iteration (log scale).

matplotlib is imported only here, and only when a plot is asked for.
"""

from __future__ import annotations

import numpy as np

from ..errors import DimensionError

__all__ = ["plot_path", "plot_error", "figure"]


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(5.5, 4.5)).add_subplot()


def _floats(values) -> np.ndarray:
    import sympy as sp

    return np.array([float(sp.N(v, 17)) if isinstance(v, sp.Basic) else float(v)
                     for v in values])


def plot_path(result, ax=None, *, levels: int = 30):
    """Contours of ``f`` around the iterates, and the path ``x₀ → x₁ → …`` on them."""
    problem = result.problem
    if problem is None or problem.n != 2:
        raise DimensionError("a contour plot needs a problem in two variables")
    if not result.xs:
        raise DimensionError("the run kept no trajectory (trajectory=False)")
    path = np.array([_floats(x) for x in result.xs])
    finite = path[np.all(np.isfinite(path), axis=1)]
    low, high = finite.min(axis=0), finite.max(axis=0)
    pad = np.maximum((high - low) * 0.15, 0.5)
    u = np.linspace(low[0] - pad[0], high[0] + pad[0], 160)
    v = np.linspace(low[1] - pad[1], high[1] + pad[1], 160)
    U, V = np.meshgrid(u, v)
    fun = problem.oracle("numpy").calls.fun
    Z = np.array([[fun(np.array([a, b])) for a, b in zip(ru, rv, strict=True)]
                  for ru, rv in zip(U, V, strict=True)])
    ax = _axes(ax)
    shifted = Z - np.nanmin(Z) + 1e-12  # log-spaced levels show narrow valleys
    ax.contour(U, V, shifted, levels=np.geomspace(shifted.min() + 1e-9, shifted.max(), levels),
               cmap="viridis", linewidths=0.7)
    ax.plot(finite[:, 0], finite[:, 1], "o-", color="crimson", markersize=3, linewidth=1.2,
            label=f"{result.method} ({result.nit} iterations)")
    ax.plot(*finite[0], "ks", markersize=5, label="x₀")
    names = [str(s) for s in problem.variables]
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(problem.name)
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_error(results, ax=None, *, fmin=None):
    """``f(x_k) − f*`` per iteration on a log scale for each result (``‖∇f‖∞`` when ``f*`` is
    not known), so linear convergence is a straight line and quadratic a plunging curve."""
    ax = _axes(ax)
    for result in results:
        known = fmin if fmin is not None else getattr(result.problem, "fmin", None)
        if known is not None:
            error = np.abs(_floats(result.fs) - float(known))
            label = "f(x_k) − f*"
        else:
            error = _floats(result.grad_norms)
            label = "‖∇f(x_k)‖∞"
        ax.semilogy(np.arange(len(error)), np.where(error > 0, error, np.nan), "o-",
                    markersize=2.5, label=f"{result.method} ({result.backend})")
    ax.set_xlabel("iteration k")
    ax.set_ylabel(label)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


def figure(result):
    """One figure for a run: the path on the contours (two variables) beside the error plot."""
    import matplotlib.pyplot as plt

    two_d = result.problem is not None and result.problem.n == 2 and bool(result.xs)
    fig, axes = plt.subplots(1, 2 if two_d else 1, figsize=(11 if two_d else 5.5, 4.5),
                             squeeze=False)
    if two_d:
        plot_path(result, ax=axes[0][0])
    plot_error([result], ax=axes[0][-1])
    fig.tight_layout()
    return fig
