"""What a digits run returns: each step's correct digits, ratio and order, as text, LaTeX and a
plot; several methods compared side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..rendering import latex_table
from ..results import Result, _escape, table


@dataclass(frozen=True)
class DigitsStep:
    """One iterate: ``x`` shortened for display, its correct digits against the reference,
    their ratio to the previous step's, the order estimate and the working precision."""

    k: int
    x: str
    correct_digits: int
    ratio: float | None
    order: float | None
    precision_bits: int
    error_log10: float | None  # log10 of the relative error (None when exactly 0)

    def to_dict(self) -> dict:
        return {"k": self.k, "x": self.x, "correct_digits": self.correct_digits,
                "ratio": _round(self.ratio), "order": _round(self.order),
                "precision_bits": self.precision_bits,
                "error_log10": _round(self.error_log10)}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


_HEADER = ("k", "x_k", "correct digits", "ratio", "order", "precision (bits)")


def _row(s: DigitsStep) -> list[str]:
    return [str(s.k), s.x, f"{s.correct_digits:,}",
            "" if s.ratio is None else f"{s.ratio:.2f}",
            "" if s.order is None else f"{s.order:.3f}", f"{s.precision_bits:,}"]


def _shown(steps: Sequence[DigitsStep], most: int = 40) -> list[DigitsStep | None]:
    """All steps, or the first and last ``most/2`` with ``None`` marking the gap."""
    if len(steps) <= most:
        return list(steps)
    return [*steps[: most // 2], None, *steps[-most // 2:]]


@dataclass(frozen=True)
class DigitsResult(Result):
    """A run of one method: the iterates' digits against an independent reference."""

    expression: str
    method: str
    digits: int
    iterations: tuple[DigitsStep, ...]
    reference: str
    root: object = field(repr=False)  # mpf, or a tuple of mpf (n-D)
    seconds: float
    success: bool
    message: str
    schedule: str
    order: str

    def to_dict(self) -> dict:
        return {"expression": self.expression, "method": self.method, "digits": self.digits,
                "seconds": round(self.seconds, 4), "success": self.success,
                "message": self.message, "reference": self.reference,
                "schedule": self.schedule, "theoretical_order": self.order,
                "iterations": [s.to_dict() for s in self.iterations]}

    def lines(self) -> list[str]:
        rows = [_row(s) if s else ["…", f"({len(self.iterations) - 40:,} more)"]
                for s in _shown(self.iterations)]
        return [
            f"{self.method} on {self.expression} = 0 to {self.digits:,} digits "
            f"(order {self.order}; {self.schedule} precision)",
            f"reference: {self.reference}",
            *table(rows, _HEADER),
            f"{self.message} in {len(self.iterations)} iterations, {self.seconds:.3f} s",
        ]

    def latex(self) -> str:
        body = r"\\ ".join(
            " & ".join(_escape(c) for c in _row(s)) if s else r"\vdots & & & & &"
            for s in _shown(self.iterations))
        head = r"k & x_k & \text{digits} & \text{ratio} & \text{order} & \text{bits}"
        return (r"\begin{array}{rlrrrr}" + head + r"\\ \hline " + body + r"\end{array}")

    def _repr_html_(self) -> str:
        import html

        cells = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in
                             (_row(s) if s else ["…", "", "", "", "", ""])) + "</tr>"
            for s in _shown(self.iterations))
        head = "".join(f"<th>{h}</th>" for h in _HEADER)
        return (f"<p>{html.escape(self.lines()[0])}<br>reference: "
                f"{html.escape(self.reference)}</p><table><tr>{head}</tr>{cells}</table>"
                f"<p>{html.escape(self.lines()[-1])}</p>")

    def plot(self, ax=None):
        """Correct digits against the iteration (log scale): a straight line for a linear
        method, a curve bending up with slope log(order) for the superlinear ones."""
        return _plot([self], ax)


def _plot(results: Sequence[DigitsResult], ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(6, 4)).add_subplot()
    for r in results:
        ks = [s.k for s in r.iterations if s.correct_digits > 0]
        ds = [s.correct_digits for s in r.iterations if s.correct_digits > 0]
        ax.plot(ks, ds, marker="o", ms=3, label=f"{r.method} (order {r.order})")
    ax.set_yscale("log")
    ax.set_xlabel("iteration k")
    ax.set_ylabel("correct digits")
    ax.set_title(f"{results[0].expression} = 0")
    ax.legend()
    return ax.figure


@dataclass(frozen=True)
class MethodComparison(Result):
    """Several methods on the same root, side by side."""

    runs: tuple[DigitsResult, ...]

    def to_dict(self) -> dict:
        return {"runs": [r.to_dict() for r in self.runs]}

    def _rows(self) -> list[list[str]]:
        rows = []
        for r in self.runs:
            orders = [s.order for s in r.iterations if s.order and s.error_log10
                      and s.error_log10 < -3 and s.correct_digits < r.digits]
            last = r.iterations[-1].correct_digits if r.iterations else 0
            rows.append([r.method, r.order,
                         f"{sorted(orders)[len(orders) // 2]:.3f}" if orders else "",
                         str(len(r.iterations)), f"{last:,}", f"{r.seconds:.3f}"])
        return rows

    def lines(self) -> list[str]:
        head = ("method", "order (theory)", "order (median seen)", "iterations", "digits",
                "seconds")
        return [f"{self.runs[0].expression} = 0 to {self.runs[0].digits:,} digits",
                *table(self._rows(), head)]

    def latex(self) -> str:
        head = ["method", "order (theory)", "order (median seen)", "iterations", "digits",
                "seconds"]
        return (r"\begin{array}{l}" + _escape(self.lines()[0]) + r"\\ "
                + latex_table(head, [[_escape(c) for c in r] for r in self._rows()], "lrrrrr")
                + r"\end{array}")

    def plot(self, ax=None):
        """All methods' correct digits against the iteration, on one set of axes."""
        return _plot(self.runs, ax)

