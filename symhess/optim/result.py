"""The result of a run: scipy's field names, the trajectory, and its own rendering."""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

from ..rendering import latex_table, latex_text
from ..results import Result, exact, table
from ..verdict import Verdict

__all__ = ["OptimizeResult"]


@dataclass(frozen=True, eq=False)
class OptimizeResult(Result):
    """What :func:`~symhess.optim.minimize` found, and how.

    ``x, fun, jac, nit, nfev, success, message`` mean what they mean in
    ``scipy.optimize.OptimizeResult``; ``grad_norm`` is ``‖∇f(x)‖∞`` (the quantity compared
    with ``gtol``), ``ngev``/``nhev`` count gradient and Hessian (or Hessian-vector product)
    evaluations.  The trajectory is ``xs`` (iterates ``x₀, x₁, …`` in the backend's numbers --
    exact rationals on the exact backend; empty when not kept), ``fs`` (values), ``steps``
    (step size used to reach each iterate, ``None`` for ``x₀``) and ``grad_norms``;
    ``info`` holds what a method measured along the way (SAM's sharpness, for instance).
    """

    x: object
    fun: object
    jac: object
    grad_norm: object
    nit: int
    nfev: int
    ngev: int
    nhev: int
    success: bool
    message: str
    backend: str
    method: str
    xs: tuple
    fs: tuple
    steps: tuple
    grad_norms: tuple
    info: dict
    #: what the Hessian at ``x`` shows (:mod:`symhess.optim.second_order`): ``Verdict.MIN``,
    #: ``MAX``, ``SADDLE`` or ``UNDETERMINED``, and why
    stationary_type: Verdict = Verdict.UNDETERMINED
    stationary_reason: str = ""
    #: exact backend: how many values of ``f``, ``∇f``, ``H`` were not rational (``sin 1``)
    #: and were rounded to ``ROUND_DIGITS`` digits (0: the whole run is exact)
    rounded_values: int = 0
    #: decimal digits of the longest coordinate of each iterate (exact backend; else empty)
    iterate_digits: tuple = ()
    problem: object = None
    #: decimal digits of the arithmetic (mpmath), for writing its numbers in full
    digits: int | None = None

    @property
    def exact(self) -> bool:
        return self.backend == "exact"

    @property
    def variable_names(self) -> list[str]:
        """The names of the coordinates of ``x``, in order (``x1, x2, …`` for a problem given
        by plain callables)."""
        if self.problem is not None:
            return [str(v) for v in self.problem.variables]
        return [f"x{i + 1}" for i in range(len(self.x))]

    def to_dict(self) -> dict:
        """JSON-ready: exact numbers as strings SymPy reads back, mpmath as full-precision
        strings, floats as floats."""
        num = _number_writer(self.backend, digits=self.digits)
        return {
            "method": self.method,
            "backend": self.backend,
            "exact": self.exact,
            "success": self.success,
            "message": self.message,
            "variables": self.variable_names,
            "stationary_type": self.stationary_type.value,
            "stationary_reason": self.stationary_reason,
            "rounded_values": self.rounded_values,
            "iterate_digits": list(self.iterate_digits),
            "x": [num(v) for v in self.x],
            "fun": num(self.fun),
            "jac": [num(v) for v in self.jac],
            "grad_norm": num(self.grad_norm),
            "nit": self.nit,
            "nfev": self.nfev,
            "ngev": self.ngev,
            "nhev": self.nhev,
            "trajectory": {
                "xs": [[num(v) for v in x] for x in self.xs],
                "fs": [num(f) for f in self.fs],
                "steps": [None if s is None else num(s) for s in self.steps],
                "grad_norms": [num(g) for g in self.grad_norms],
            },
            "info": {k: [num(v) for v in vs] for k, vs in self.info.items()},
        }

    def lines(self) -> list[str]:
        fmt = _number_writer(self.backend, short=True)
        name = self.problem.name if self.problem is not None else "f"
        out = [
            f"{self.method} on {name} ({self.backend} arithmetic): "
            + ("success" if self.success else "stopped"),
            f"  {self.message}",
            "  x: " + ", ".join(f"{name} = {fmt(v)}"
                               for name, v in zip(self.variable_names, self.x, strict=True))
            if len(self.x) <= 10 else f"  x = ({', '.join(fmt(v) for v in self.x)})",
            f"  f(x) = {fmt(self.fun)}   ‖∇f(x)‖∞ = {_or_not_finite(fmt, self.grad_norm)}",
            f"  stationary point: {self.stationary_type.value} ({self.stationary_reason})",
            f"  iterations {self.nit}; evaluations f {self.nfev}, ∇f {self.ngev}, "
            f"H or Hv {self.nhev}",
        ]
        if self.iterate_digits:
            out.append(f"  digits of the iterates: {self.iterate_digits[0]} at x₀, "
                       f"{max(self.iterate_digits)} at most, {self.iterate_digits[-1]} at the end")
        out += ["", *("  " + line for line in table(self._rows(fmt),
                                                    header=("k", "f(x_k)", "‖∇f‖∞", "step")))]
        return out

    def _rows(self, fmt) -> list[tuple[str, str, str, str]]:
        """The iterations' table: the first six and the last five of a long run."""
        rows = list(zip(range(len(self.fs)), self.fs, self.grad_norms, self.steps, strict=True))
        if len(rows) > 12:
            rows = rows[:6] + [None] + rows[-5:]
        return [("…", "", "", "") if r is None else
                (str(k), fmt(f), _or_not_finite(fmt, g), "" if s is None else fmt(s))
                for r in rows
                for k, f, g, s in [r or (None,) * 4]]

    def latex(self) -> str:
        fmt = _number_writer(self.backend, short=True)
        head, message, x, values, second, counts = self.lines()[:6]
        rows = [[latex_text(c) for c in row] for row in self._rows(fmt)]
        parts = [latex_text(head), latex_text(message.strip()), latex_text(x.strip()),
                 latex_text(values.strip()),
                 latex_text(second.strip().translate(_PLAIN_SUBSCRIPTS)),
                 latex_text(counts.strip()),
                 latex_table(["k", "f(x_k)", "‖∇f‖∞", "step"], rows, "rlll")]
        return r"\begin{array}{l}" + r"\\ ".join(parts) + r"\end{array}"

    def plot(self, ax=None, *, levels: int = 30):
        """Contour lines of ``f`` with the path ``x₀ → x₁ → …`` (two variables only)."""
        from .plots import plot_path

        return plot_path(self, ax=ax, levels=levels)

    def plot_error(self, ax=None, *, fmin=None):
        """``f(x_k) − f*`` (or ``‖∇f‖∞`` when ``f*`` is unknown) per iteration, log scale."""
        from .plots import plot_error

        return plot_error([self], ax=ax, fmin=fmin)


#: the inertia's n₊, n₋, n₀ in characters every TeX font has
_PLAIN_SUBSCRIPTS = str.maketrans({"₊": "+", "₋": "-", "₀": "0"})


def _big_rational(v) -> str:
    """``p/q`` for a rational past Python's 4300-digit ``str(int)`` limit (gmpy2 has none)."""
    import gmpy2

    p = gmpy2.mpz(int(v.p)).digits()
    return p if v.q == 1 else f"{p}/{gmpy2.mpz(int(v.q)).digits()}"


def _or_not_finite(fmt, value) -> str:
    """``value`` written by ``fmt``; a gradient norm the run could not compute (``None``: the
    gradient was not finite) as words, not ``None``."""
    return "not finite" if value is None else fmt(value)


def _number_writer(backend: str, short: bool = False, digits: int | None = None):
    def write(v):
        if v is None:
            return None
        if backend == "exact":
            huge = v.is_Rational and max(abs(v.p), v.q).bit_length() > 3000
            if short and (huge or len(exact(v)) > 24):
                from sympy import N

                return f"{N(v, 10)}…"
            return _big_rational(v) if huge else exact(v)
        if isinstance(v, mpmath.mpf):
            return mpmath.nstr(v, 10 if short else digits or mpmath.mp.dps)
        value = float(v)
        if short:
            return f"{value:.6g}"
        return value if np.isfinite(value) else str(value)

    return write
