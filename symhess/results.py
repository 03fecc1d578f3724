"""What every symhess result shares: it carries its evidence and renders itself.

A result is a frozen dataclass that subclasses :class:`Result` and implements

* ``to_dict()`` -- JSON-ready, exact values as strings ``sympy.sympify`` reads back;
* ``lines()`` -- the explanation, one line each, for the terminal (``str(result)``);
* ``latex()`` -- the LaTeX body for notebooks (``_repr_latex_``) and ``sympy.latex(result)``.

The helpers here turn SymPy objects into those forms the same way everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import sympy as sp

from .parsing import as_expr
from .rendering import coordinate_text, latex_text, symbol_latex

__all__ = ["Result", "exact", "exact_matrix", "latex", "pretty"]


def exact(value) -> str:
    """An exact value as a string ``sympy.sympify`` reads back (``'3/2'``, ``'sqrt(5)'``)."""
    return sp.sstr(as_expr(value), order="lex") if not isinstance(value, str) else value


def exact_matrix(matrix) -> list[list[str]]:
    """A matrix as rows of exact strings."""
    m = sp.Matrix(matrix)
    return [[exact(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]


def latex(value) -> str:
    """LaTeX for a SymPy object (matrices as ``pmatrix``; a symbol named with a Unicode
    letter, such as the step δx, as ``\\delta_{x}``)."""
    names = {s: symbol_latex(s.name) for s in getattr(value, "free_symbols", ())
             if not s.name.isascii()}
    return sp.latex(value, mat_str="pmatrix", mat_delim="", symbol_names=names)


def pretty(value) -> str:
    """Two-dimensional Unicode rendering, for the terminal."""
    return sp.pretty(value, use_unicode=True)


class Result:
    """Mixin for result dataclasses; subclasses supply ``to_dict``, ``lines`` and ``latex``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # IPython prefers a class's own __repr__ (dataclasses generate one) over an inherited
        # _repr_pretty_; giving each subclass its own makes terminals show the explanation.
        cls._repr_pretty_ = Result._repr_pretty_

    def to_dict(self) -> dict:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def lines(self) -> list[str]:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def latex(self) -> str:
        return r"\begin{array}{l}" + r"\\ ".join(
            latex_text(line) for line in self.lines()) + r"\end{array}"

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _sympystr(self, printer) -> str:
        return str(self)

    def _latex(self, printer) -> str:
        return self.latex()

    def _repr_latex_(self) -> str:
        return "$\\displaystyle " + self.latex() + "$"

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self) if not cycle else f"{type(self).__name__}(...)")


#: Words in a LaTeX array cell (TeX and MathJax read it alike).
_escape = latex_text


def table(rows: Iterable[Iterable[str]], header: Iterable[str] | None = None) -> list[str]:
    """Plain aligned text columns (terminal output that needs no extra library)."""
    rows = [list(map(str, r)) for r in rows]
    if header is not None:
        rows = [list(map(str, header)), *rows]
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(map(len, rows)))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)).rstrip()
           for r in rows]
    if header is not None:
        out.insert(1, "  ".join("-" * w for w in widths))
    return out


def point_text(point: Mapping) -> str:
    """A point as ``(x = 1, y = 0)``, the way every result writes one (an irrational
    coordinate with its certified decimal)."""
    return "(" + ", ".join(coordinate_text(k, v) for k, v in point.items()) + ")"


