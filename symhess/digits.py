"""Newton's quadratic convergence, watched digit by digit in mpmath.

Near a simple root ``x*`` Newton's step ``x_{k+1} = x_k - f(x_k)/f'(x_k)`` satisfies
``|e_{k+1}| <= C |e_k|^2`` (``e_k = x_k - x*``), so the number of correct digits roughly
doubles each step.  :func:`newton_digits` runs a method to a requested number of digits and, for
every iterate, measures against an *independent* reference root

* the correct digits ``d_k = -log10(|e_k| / |x*|)``, their ratio ``d_k / d_{k-1}``,
* the estimated order ``log|e_{k+1}| / log|e_k|`` (2 for Newton, 3 for Halley, about 1.618 for
  the secant method, 1 for bisection and fixed-point iteration),
* the working precision in bits.

Each method is a generator yielding iterates (as mpmath's ``calculus/optimization.py`` does);
the driver owns the stopping rule and the measurements.  The superlinear methods follow a
*precision-doubling schedule*: an iterate with ``b`` correct bits only needs ``2b`` bits of
working precision to produce the next one (``3b`` for Halley), and the correction
``f/f'`` only needs ``b``, so most steps are cheap and the last one costs about one
multiplication and one half-precision division at full precision.

>>> import mpmath
>>> r = newton_digits("x^2 - 2", 1, digits=60)
>>> [step.correct_digits for step in r.iterations]
[1, 2, 5, 11, 24, 48, 60]
>>> r.reference
'sqrt(2)'
>>> mpmath.nstr(r.root, 25)
'1.414213562373095048801689'

References: Nocedal & Wright, *Numerical Optimization*, Thm 3.5 (quadratic convergence);
Brent & Zimmermann, *Modern Computer Arithmetic*, §4.2 (Newton with increasing precision).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.libmp import mpf_sub

from .budget import time_budget
from .calculus import _diff, gradient, hessian, variables_of
from .critical import critical_points
from .errors import BudgetExceeded, ConvergenceError, DimensionError, ParseError, SymhessError
from .parsing import as_expr, parse_point
from .rendering import latex_table
from .results import Result, _escape, table
from .verdict import Verdict

__all__ = [
    "newton_digits",
    "find_root",
    "compare_methods",
    "correct_digits",
    "DigitsResult",
    "DigitsStep",
    "MethodComparison",
    "METHODS",
    "MAX_DIGITS",
]

#: The largest number of digits accepted (10⁷ digits of √2 take a few seconds).
MAX_DIGITS = 10_000_000
#: Extra bits carried above what a step needs, so rounding never eats a correct digit.
GUARD = 32
#: Precision of the first steps, before the iterate has any correct bits to double.
FLOOR = 64
LOG2_10 = math.log2(10)


# --------------------------------------------------------------------------------------------
# measuring errors without printing million-digit numbers


def _log2abs(v: mpf) -> float:
    """log2|v| from the mantissa's leading bits and the exponent (``-inf`` for zero)."""
    sign, man, exp, bc = v._mpf_
    if not man:
        return -math.inf
    shift = max(bc - 53, 0)
    return math.log2(man >> shift) + exp + shift


def _error_log2(x, ref) -> float:
    """log2 of the exact relative error ``|x - ref| / |ref|`` (absolute when ``ref`` is 0).

    Vectors use the largest component error over the largest reference component.
    """
    if isinstance(x, (tuple, list)):
        err = max(_log2abs(mpf(mpf_sub(a._mpf_, b._mpf_))) for a, b in zip(x, ref, strict=True))
        size = max(_log2abs(b) for b in ref)
    else:
        err = _log2abs(mpf(mpf_sub(x._mpf_, ref._mpf_)))  # exact difference: O(n), no rounding
        size = _log2abs(ref)
    return err - size if size > -math.inf else err


def correct_digits(x, ref, cap: int | None = None) -> int:
    """Correct significant decimal digits of ``x`` as an approximation of ``ref``:
    ``floor(-log10(|x - ref| / |ref|))``, at least 0, at most ``cap``.

    >>> from mpmath import mpf
    >>> correct_digits(mpf("1.4142"), mpf(2).sqrt())
    5
    >>> correct_digits(mpf(3), mpf(3), cap=50)
    50
    """
    e = _error_log2(x, ref)
    d = cap if e == -math.inf else max(0, math.floor(-e / LOG2_10))
    if d is None:
        raise ValueError("x equals ref exactly: give cap, the number of digits wanted")
    return d if cap is None else min(d, cap)


# --------------------------------------------------------------------------------------------
# the function, compiled for mpmath


@dataclass(frozen=True)
class _Univariate:
    expr: sp.Expr
    x: sp.Symbol
    f: Callable
    df: Callable
    d2f: Callable


def _lambdify(x, expr, name: str = "f") -> Callable:
    """An mpmath evaluator that refuses to leave the reals; polynomials in Horner form (one
    multiplication per degree).  A formula mpmath cannot evaluate (``DiracDelta`` in the
    second derivative of ``|x|``) gives an evaluator that says so when it is called."""
    if expr.is_polynomial(x):
        expr = sp.horner(sp.expand(expr), x)
    unevaluable = ConvergenceError(
        f"{name} = {expr} cannot be evaluated numerically (f is not differentiable enough "
        "everywhere); try a method that needs fewer derivatives")
    try:
        fn = sp.lambdify(x, expr, modules="mpmath")
    except NotImplementedError:  # SymPy's printer: no mpmath form for a piece of expr
        fn = None

    def real(v):
        if fn is None:
            raise unevaluable
        try:
            value = fn(v)
        except NameError:  # a function mpmath lacks (DiracDelta)
            raise unevaluable from None
        except ZeroDivisionError:
            raise ConvergenceError(f"{name} is undefined at x = {mpmath.nstr(v, 10)} (a "
                                   "division by zero); try another x0") from None
        if isinstance(value, mpmath.mpc):
            raise ConvergenceError(f"{name} is not real at x = {mpmath.nstr(v, 10)}: the "
                                   "iterate left f's real domain; try another x0")
        return value

    return real


@functools.lru_cache(maxsize=64)
def _compile(expr: sp.Expr, x: sp.Symbol) -> _Univariate:
    d1 = _diff(expr, x)
    return _Univariate(expr, x, _lambdify(x, expr), _lambdify(x, d1, "f'"),
                       _lambdify(x, _diff(d1, x), "f''"))


def _bits(dx: mpf, x: mpf) -> float:
    """How many leading bits a step of size ``dx`` leaves unchanged in ``x``."""
    if not dx:
        return math.inf
    return _log2abs(x) - _log2abs(dx) if x else -_log2abs(dx)


def _clamp(p: float, high: int) -> int:
    return int(min(max(math.ceil(p), FLOOR), high))


@dataclass(frozen=True)
class _Iterate:
    x: mpf | tuple
    prec: int
    bits: float  # the method's own estimate of the correct bits of x


# --------------------------------------------------------------------------------------------
# the methods: generators of iterates


def newton(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
           multiplicity: int = 1, order: int = 2) -> Iterator[_Iterate]:
    """Newton ``x - m f/f'`` (``m = multiplicity``; ``m = 1`` is the plain method), or with
    ``order=3`` Halley ``x - (f/f') / (1 - (f/f') f''/(2f'))``.

    From an iterate with ``b`` correct bits the next has about ``order·b``; for a root of
    multiplicity ``m`` that takes ``(m + order - 1)·b`` bits of working precision for ``f``
    (``f ≈ c·e^m`` cancels ``m·b`` of them) and ``b`` fewer for ``f'`` and the correction.
    Plain Newton at a multiple root converges linearly; once the steps stop shrinking
    quadratically the schedule goes to full precision.
    """
    m = multiplicity
    x, b, last, linear, before = x0, 0.0, None, not doubling, prec
    while True:
        p = prec if linear else _clamp((m + order - 1) * b + GUARD, prec)
        with mp.workprec(p):
            fx = fn.f(x)
        q = _clamp(p - b + GUARD, p)  # f' ≈ c·e^(m-1) cancels (m-1)·b bits too
        with mp.workprec(q):
            xq = +x
            dfx = fn.df(xq)
            if not dfx:  # x rounded to q bits hit a zero of f' (at a multiple root): use all
                with mp.workprec(p):
                    xq, dfx = x, fn.df(x)
            if not fx:
                dx = mpf(0)  # x is a root, or as close to one as p bits can tell
            elif not dfx:
                raise ConvergenceError(f"f'(x) = 0 at x = {mpmath.nstr(x, 15)}: the tangent "
                                       "is flat, so Newton's step is undefined; try another x0")
            else:
                u = fx / dfx
                if order == 3:
                    u = u / (1 - u * fn.d2f(xq) / (2 * dfx))
                dx = m * u
        with mp.workprec(p):
            x = x - dx
        step = _bits(dx, x)
        if not linear and last is not None and 16 < step < 1.5 * last and \
                (m + order - 1) * last + 16 < before:
            linear = True  # the precision allowed the error to square, and it did not
        last, before = step, p
        if not dx:
            step = (p - 8) / m
        # f(x) ≈ c·e^m is known to p bits, so the step to ≈ p - (m-1)·b bits
        b = min(step - 4 if linear else order * step, p - (m - 1) * step - 8)
        yield _Iterate(x, p, b)
        if not dx and p >= prec:
            return


def halley(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Halley's method (order 3): :func:`newton` with ``order=3``."""
    return newton(fn, x0, prec=prec, doubling=doubling, order=3)


def modified_newton(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Newton with the step scaled by the root's multiplicity ``m``: ``x - m f/f'`` (order 2
    again at an ``m``-fold root)."""
    return newton(fn, x0, prec=prec, doubling=doubling, multiplicity=multiplicity)


def plain_newton(fn, x0, *, prec, doubling=True, multiplicity=1) -> Iterator[_Iterate]:
    """Newton's method ``x - f/f'``; quadratic at a simple root, linear at a multiple one."""
    return newton(fn, x0, prec=prec, doubling=doubling)


def secant(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
           multiplicity: int = 1, x1: mpf | None = None) -> Iterator[_Iterate]:
    """The secant method ``x_{k+1} = x_k - f_k (x_k - x_{k-1}) / (f_k - f_{k-1})``: order
    ``φ = (1+√5)/2``, since ``e_{k+1} ≈ C e_k e_{k-1}``.  Both values are evaluated at the
    step's precision (the older one was computed too coarsely to difference)."""
    if x1 is None:
        x1 = x0 + (abs(x0) + 1) / 10**4
    a, x = x0, x1
    b_a, b_x = 0.0, 0.0
    while True:
        p = _clamp(b_x + b_a + GUARD, prec) if doubling else prec
        with mp.workprec(p):
            fa, fx = fn.f(a), fn.f(x)
            if fx == fa:  # the two points agree to the working precision: raise it
                if p >= prec:
                    return
                b_a = b_x = p - 8
                if a == x:
                    a = x + (abs(x) or 1) * mpf(2) ** (8 - p)
                continue
            dx = fx * (x - a) / (fx - fa)
            a, x = x, x - dx
        step = _bits(dx, x)
        b_a, b_x = b_x, min(step + max(b_a, 0.0), p - 8)
        yield _Iterate(x, p, b_x)
        if not dx and p >= prec:
            return


def fixed_point(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
                multiplicity: int = 1) -> Iterator[_Iterate]:
    """Fixed-point iteration ``x_{k+1} = x_k - η f(x_k)`` with a constant ``η = 1/f'(x_0)``:
    gradient descent with step ``η`` on an antiderivative of ``f``.  The error shrinks by
    ``|1 - η f'(x*)|`` per step, so the digits grow linearly.  Full precision throughout."""
    with mp.workprec(FLOOR):
        slope = fn.df(x0)
    if not slope:
        raise ConvergenceError("f'(x0) = 0, so the step η = 1/f'(x0) is undefined; "
                               "try another x0")
    with mp.workprec(FLOOR):
        eta = 1 / slope
    x = x0
    with mp.workprec(prec):
        while True:
            dx = eta * fn.f(x)
            x = x - dx
            yield _Iterate(x, prec, _bits(dx, x) - 8)
            if not dx:
                return


def bisection(fn: _Univariate, x0: mpf, *, prec: int, doubling: bool = True,
              multiplicity: int = 1, x1: mpf | None = None) -> Iterator[_Iterate]:
    """Bisection of a bracket ``[a, b]`` with ``f(a) f(b) < 0``: one bit per step.  Without
    ``x1`` the bracket is found by widening ``x0 ± h`` (h = 1/16, 1/8, ..., 1024)."""
    with mp.workprec(prec):
        a, b = (x0, x1) if x1 is not None else _bracket(fn, x0)
        fa = fn.f(a)
        if fa * fn.f(b) > 0:
            raise ConvergenceError(f"bisection needs a sign change: f({mpmath.nstr(a, 15)}) "
                                   f"and f({mpmath.nstr(b, 15)}) have the same sign")
        while True:
            mid = (a + b) / 2
            fm = fn.f(mid)
            if (fm < 0) == (fa < 0):
                a, fa = mid, fm
            else:
                b = mid
            yield _Iterate(mid, prec, _bits(b - a, mid))
            if not fm or b - a <= abs(mid) * mpf(2) ** (1 - prec):
                return


def _bracket(fn: _Univariate, x0: mpf) -> tuple[mpf, mpf]:
    f0 = fn.f(x0)
    for k in range(-4, 11):
        h = mpf(2) ** k
        for other in (x0 + h, x0 - h):
            if fn.f(other) * f0 <= 0:
                return (x0, other) if other > x0 else (other, x0)
    raise ConvergenceError(f"no sign change of f found within 1024 of x0 = "
                           f"{mpmath.nstr(x0, 15)}; "
                           "give the bracket's other end (x1)")


@dataclass(frozen=True)
class _Method:
    run: Callable
    order: str  # as printed
    superlinear: bool
    two_points: bool = False


#: Method name -> generator, its order of convergence as printed, and whether it is superlinear.
METHODS: dict[str, _Method] = {
    "bisection": _Method(bisection, "1 (one bit per step)", False, True),
    "fixed_point": _Method(fixed_point, "1", False),
    "secant": _Method(secant, "φ ≈ 1.618", True, True),
    "newton": _Method(plain_newton, "2", True),
    "modified_newton": _Method(modified_newton, "2 (at a root of known multiplicity)", True),
    "halley": _Method(halley, "3", True),
}


# --------------------------------------------------------------------------------------------
# reading the input


def _function(f, variables) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
    expr = as_expr(f, variables)
    xs = variables_of(expr, variables)
    if not xs:
        raise DimensionError(f"{expr} has no variable: nothing to solve for")
    return expr, xs


def _number(value, what: str, prec: int) -> mpf:
    """A start point as an mpf: exact for integers, rationals, decimals and floats."""
    if isinstance(value, mpf):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParseError(f"{what} must be a finite number, not {value}")
        return mpf(value)
    v = as_expr(value)
    if not (isinstance(v, sp.Expr) and v.is_number and v.is_real is not False) or \
            v.free_symbols:
        raise ParseError(f"{what} must be a real number, not {value!r}")
    with mp.workprec(prec):
        if isinstance(v, sp.Rational):
            return mpf(int(v.p)) / int(v.q)
        value = sp.N(v, math.ceil(prec / LOG2_10) + 5)
        if not value.is_real or not value.is_finite:
            raise ParseError(f"{what} must be a real number, not {v}")
        return mpf(value._mpf_) if hasattr(value, "_mpf_") else mpf(str(value))


def _check_digits(digits) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise ParseError(f"digits must be a whole number, not {digits!r}")
    if not 1 <= digits <= MAX_DIGITS:
        raise ParseError(f"digits must be between 1 and {MAX_DIGITS:,}, not {digits:,}")
    return digits


def _method(name: str) -> _Method:
    if name not in METHODS:
        raise ParseError(f"unknown method {name!r}; choose one of {', '.join(METHODS)}")
    return METHODS[name]


# --------------------------------------------------------------------------------------------
# the independent reference


@dataclass(frozen=True)
class _Reference:
    value: mpf | tuple
    text: str  # the closed form, or how the number was found
    multiplicity: int


@functools.lru_cache(maxsize=64)
def _closed_form_roots(expr: sp.Expr, x: sp.Symbol) -> dict[sp.Expr, int]:
    """Real roots SymPy writes in closed form (radicals, logs, ...), with multiplicities
    (remembered: ``solve`` can take a second to say it has none)."""
    try:
        with time_budget(5.0, "the closed-form roots"):
            if expr.is_polynomial(x):
                found = sp.roots(sp.Poly(expr, x))
            else:
                found = dict.fromkeys(sp.solve(expr, x), 1)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return {}
    return {r: m for r, m in found.items()
            if r.is_real and not r.has(sp.RootOf, sp.Symbol) and r.is_finite}


def _low(value: sp.Expr) -> mpf:
    """A closed form to 20 digits, only to tell roots apart."""
    return mpf(sp.Float(sp.N(value, 20), 20)._mpf_)


def _nearest(candidates, approx: mpf):
    with mp.workprec(FLOOR):
        return min(candidates, key=lambda r: abs(_low(r) - approx))


def _reference(fn: _Univariate, approx: mpf, prec: int, multiplicity: int = 1) -> _Reference:
    """The root nearest ``approx`` to ``prec`` bits: the closed form evaluated by mpmath when
    SymPy finds one, otherwise (modified) Newton at ``multiplicity·prec`` bits, certified by a
    sign change of ``f`` across ``[r - δ, r + δ]`` (none at a root of even multiplicity)."""
    roots = _closed_form_roots(fn.expr, fn.x)
    if roots:
        r = _nearest(roots, approx)
        value = sp.lambdify((), r, modules="mpmath")
        with mp.workprec(prec):
            return _Reference(mpf(value()), sp.sstr(r), roots[r])
    m = multiplicity
    x = _converged(newton(fn, approx, prec=m * prec, multiplicity=m), prec - GUARD, approx)
    with mp.workprec(m * prec):
        delta = abs(x) * mpf(2) ** (GUARD - prec) if x else mpf(2) ** (GUARD - prec)
        lo, hi = fn.f(x - delta), fn.f(x + delta)
    certified = lo * hi <= 0
    how = "certified by a sign change" if certified else "not certified: no sign change"
    return _Reference(x, f"Newton root at {m * prec} bits ({how})", m)


def _converged(iterates: Iterator[_Iterate], bits: float, approx, steps: int = 200):
    """The first iterate with ``bits`` correct bits by its own estimate; Newton from a good
    start needs about log2(bits) steps, so running out of ``steps`` means there is no simple
    root (or critical point) near ``approx``."""
    for _, it in zip(range(steps), iterates, strict=False):
        if it.bits >= bits:
            return it.x
    raise ConvergenceError(f"no simple root near {_show(approx)} to compare with: the method "
                           "does not converge from x0 (or the root is multiple and SymPy has "
                           "no closed form for it); try another x0")


# --------------------------------------------------------------------------------------------
# results


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


# --------------------------------------------------------------------------------------------
# the drivers


def _target_prec(digits: int, multiplicity: int = 1) -> tuple[int, int]:
    """(bits wanted, working precision): an m-fold root is fixed to only p/m bits by p-bit
    arithmetic, so the working precision is m times the bits wanted, plus guard bits."""
    bits = math.ceil(digits * LOG2_10)
    return bits, multiplicity * bits + GUARD


def _start(method: _Method, fn, x0, x1, prec, doubling, multiplicity):
    options = {"x1": x1} if method.two_points else {}
    return method.run(fn, x0, prec=prec, doubling=doubling, multiplicity=multiplicity,
                      **options)


def _approximate_root(method: _Method, fn, x0, x1, multiplicity) -> mpf:
    """The root the method heads for, at low precision, to pick the reference's root."""
    x = x0
    try:
        iterates = _start(method, fn, x0, x1, 2 * FLOOR * multiplicity, False, multiplicity)
        for k, it in enumerate(iterates):
            x = it.x
            if it.bits >= FLOOR / 2 or k > 2000:
                break
    except ZeroDivisionError:
        pass
    return x


def find_root(f, x0, *, digits: int, method: str = "newton", x1=None,
              multiplicity: int = 1, doubling: bool = True) -> mpf:
    """The solver alone: iterate until the method's own estimate reaches ``digits`` digits
    (no reference, no measurements).

    >>> from mpmath import mp
    >>> r = find_root("x^2 - 2", 1, digits=1000)
    >>> with mp.workdps(1000):
    ...     abs(r - mp.sqrt(2)) < mp.mpf(10) ** -999
    True
    """
    expr, xs = _function(f, None)
    if len(xs) != 1:
        raise DimensionError("find_root solves one equation in one unknown")
    spec = _method(method)
    bits, prec = _target_prec(_check_digits(digits), multiplicity)
    fn = _compile(expr, xs[0])
    start = _number(x0, "x0", prec)
    other = None if x1 is None else _number(x1, "x1", prec)
    x = start
    for k, it in enumerate(_start(spec, fn, start, other, prec, doubling, multiplicity)):
        x = it.x
        if it.bits >= bits or k > 100 * bits:
            break
    return x


def newton_digits(f, x0, *, digits: int = 100, method: str = "newton",
                  x1=None, multiplicity: int | None = None, doubling: bool = True,
                  maxiter: int | None = None, variables=None) -> DigitsResult:
    """Run ``method`` from ``x0`` to ``digits`` correct digits and measure every iterate.

    ``f`` is an expression (text or SymPy) in one variable, whose root is sought; in several
    variables, or whenever ``x0`` is a sequence, it is a function to minimise and Newton's
    method runs on ``∇f = 0``.  ``method`` is one of :data:`METHODS`; ``x1`` is the second
    start of the secant method or the bracket's other end for bisection; ``multiplicity`` is
    the root's multiplicity for ``modified_newton`` (when omitted: from the closed form, or 1
    when there is none).
    ``doubling=False`` works at full precision from the first step (for comparison).

    The run stops when the iterate has ``digits`` correct digits, after ``maxiter`` steps
    (``success=False``, with a message), or when the iterate stops moving.

    >>> r = newton_digits("x^2 - x - 1", 2, digits=30, method="halley")
    >>> r.reference, [s.correct_digits for s in r.iterations]
    ('1/2 + sqrt(5)/2', [2, 7, 22, 30])
    """
    _check_digits(digits)
    started = time.perf_counter()
    expr, xs = _function(f, variables)
    if len(xs) > 1 or isinstance(x0, (list, tuple, dict)):
        return _critical_point_digits(expr, xs, x0, digits, method, doubling, maxiter, started)
    spec = _method(method)
    fn = _compile(expr, xs[0])
    start = _number(x0, "x0", 2 * FLOOR)
    other = None if x1 is None else _number(x1, "x1", 2 * FLOOR)
    approx = _approximate_root(spec, fn, start, other, multiplicity or 1)
    ref = _reference(fn, approx, _target_prec(digits)[1] + 2 * GUARD, multiplicity or 1)
    m = multiplicity or (ref.multiplicity if method == "modified_newton" else 1)
    prec = _target_prec(digits, max(m, ref.multiplicity))[1]
    if maxiter is None:
        quick = spec.superlinear and (ref.multiplicity == 1 or method == "modified_newton")
        maxiter = 100 if quick else min(5 * _target_prec(digits)[0] + 100, 20_000)
    steps, root = _measure(_start(spec, fn, start, other, prec, doubling, m), ref.value,
                           digits, maxiter)
    return _result(expr, method, digits, steps, ref, root, started, maxiter,
                   "doubling" if doubling and spec.superlinear else "fixed", spec.order)


def _show(x) -> str:
    if isinstance(x, tuple):
        return "(" + ", ".join(mpmath.nstr(v, 10) for v in x) + ")"
    return mpmath.nstr(x, 20)


def _measure(iterates: Iterator[_Iterate], ref, digits: int,
             maxiter: int) -> tuple[list[DigitsStep], object]:
    """Correct digits, ratio and order of each iterate against ``ref``, until ``digits``.

    The order uses relative errors, ``log|e_k| / log|e_{k-1}|``, defined once ``|e_{k-1}| < 1``.
    """
    steps: list[DigitsStep] = []
    x, before = None, None
    for k, it in enumerate(iterates, 1):
        x = it.x
        e = _error_log2(x, ref)
        d = digits if e == -math.inf else min(digits, max(0, math.floor(-e / LOG2_10)))
        ratio = d / steps[-1].correct_digits if steps and steps[-1].correct_digits else None
        order = e / before if before is not None and before < 0 and e > -math.inf else None
        steps.append(DigitsStep(k, _show(x), d, ratio, order, it.prec,
                                None if e == -math.inf else e / LOG2_10))
        before = e
        if d >= digits or k >= maxiter:
            break
    return steps, x


def _result(expr, method, digits, steps, ref, root, started, maxiter, schedule,
            order) -> DigitsResult:
    done = bool(steps) and steps[-1].correct_digits >= digits
    if done:
        message = f"{digits:,} correct digits"
    elif len(steps) >= maxiter:
        message = (f"stopped after maxiter = {maxiter:,} iterations with "
                   f"{steps[-1].correct_digits:,} correct digits")
    else:
        message = "the iterate stopped moving before reaching the target"
    return DigitsResult(
        expression=sp.sstr(expr), method=method, digits=digits, iterations=tuple(steps),
        reference=ref.text, root=root, seconds=time.perf_counter() - started, success=done,
        message=message, schedule=schedule, order=order)


def compare_methods(f, x0, *, digits: int = 100, methods: Sequence[str] = (
        "bisection", "fixed_point", "secant", "newton", "halley"), x1=None,
        maxiter: int | None = None) -> MethodComparison:
    """The same root by several methods, side by side (:func:`newton_digits` for each).

    >>> c = compare_methods("x^2 - 2", 1, digits=50, methods=("secant", "newton", "halley"))
    >>> [len(r.iterations) for r in c.runs]
    [9, 7, 4]
    """
    return MethodComparison(tuple(
        newton_digits(f, x0, digits=digits, method=name, x1=x1, maxiter=maxiter)
        for name in methods))


# --------------------------------------------------------------------------------------------
# several variables: Newton on ∇f = 0


def newton_nd(grad: Callable, hess: Callable, x0: tuple, *, prec: int,
              doubling: bool = True) -> Iterator[_Iterate]:
    """Newton's step ``x - H(x)⁻¹ ∇f(x)`` with the same schedule as :func:`newton`: the
    gradient at ``2b`` bits, the Hessian and the solve at ``b``."""
    x, b = tuple(x0), 0.0
    while True:
        p = _clamp(2 * b + GUARD, prec) if doubling else prec
        with mp.workprec(p):
            g = mpmath.matrix(grad(*x))
        with mp.workprec(_clamp(p - b + GUARD, p)):
            xq = [+v for v in x]
            dx = mpmath.lu_solve(mpmath.matrix(hess(*xq)), g)
        with mp.workprec(p):
            x = tuple(v - d for v, d in zip(x, dx, strict=True))
        size = max(abs(d) for d in dx)
        b = min(2 * _bits(size, max(abs(v) for v in x)), p - 8)
        yield _Iterate(x, p, b)
        if not size and p >= prec:
            return


def _critical_point_digits(expr, xs, x0, digits, method, doubling, maxiter, started):
    if method != "newton":
        raise ParseError(f"in several variables the method is 'newton' (on ∇f = 0), "
                         f"not {method!r}")
    if isinstance(x0, str):
        x0 = parse_point(x0, variables=xs)
    if isinstance(x0, dict):
        x0 = [x0[k] for k in xs] if set(x0) == set(xs) else list(x0.values())
    x0 = list(x0) if isinstance(x0, (list, tuple)) else [x0]
    if len(x0) != len(xs):
        raise DimensionError(f"x0 has {len(x0)} coordinates but f has {len(xs)} variables "
                             f"({', '.join(map(str, xs))})")
    g, h = gradient(expr, xs), hessian(expr, xs)
    grad = sp.lambdify(xs, list(g), modules="mpmath")
    hess = sp.lambdify(xs, h.tolist(), modules="mpmath")
    bits, prec = _target_prec(digits)
    start = tuple(_number(v, "x0", 2 * FLOOR) for v in x0)
    approx = start
    try:
        for k, it in enumerate(newton_nd(grad, hess, start, prec=2 * FLOOR, doubling=False)):
            approx = it.x
            if it.bits >= FLOOR or k > 200:
                break
    except ZeroDivisionError as exc:
        raise ConvergenceError("the Hessian is singular along the way; try another x0") from exc
    ref_prec = prec + 2 * GUARD
    closed = _exact_points(expr, xs)
    if closed:
        with mp.workprec(FLOOR):
            point = min(closed, key=lambda c: max(abs(_low(c.point[x]) - a)
                                                  for x, a in zip(xs, approx, strict=True)))
        best = [point.point[x] for x in xs]
        with mp.workprec(ref_prec):
            value = tuple(_number(v, "the critical point", ref_prec) for v in best)
        text = ("(" + ", ".join(map(sp.sstr, best)) + f"), "
                f"{Verdict(point.type).describe(point.strict)} ({point.criterion})")
    else:
        value = _converged(newton_nd(grad, hess, approx, prec=ref_prec), ref_prec - GUARD,
                           approx)
        text = (f"Newton critical point at {ref_prec} bits (its type is not decided: "
                "no exact coordinates)")
    steps, root = _measure(newton_nd(grad, hess, start, prec=prec, doubling=doubling),
                           value, digits, maxiter or 100)
    return _result(expr, method, digits, steps, _Reference(value, text, 1), root, started,
                   maxiter or 100, "doubling" if doubling else "fixed", "2")


def _exact_points(expr, xs) -> list:
    """The isolated critical points :func:`critical_points` finds exactly (within 5 s), with
    their verdicts from the one classifier."""
    try:
        with time_budget(5.0, "the exact critical points"):
            found = critical_points(expr, xs)
    except (BudgetExceeded, SymhessError, NotImplementedError):
        return []
    return [c for c in found.points if c.exact]
