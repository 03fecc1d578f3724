"""Reading the input and running a method to the digits asked for: :func:`newton_digits`,
:func:`compare_methods`, :func:`find_root`."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence

import sympy as sp
from mpmath import mp, mpf

from ..calculus import gradient, hessian, variables_of
from ..errors import ConvergenceError, DimensionError, ParseError
from ..parsing import as_expr, parse_point
from ..verdict import Verdict
from .measure import FLOOR, GUARD, LOG2_10, MAX_DIGITS, _error_log2, _Iterate, _show
from .methods import METHODS, _compile, _Method, newton_nd
from .reference import _converged, _exact_points, _low, _Reference, _reference
from .result import DigitsResult, DigitsStep, MethodComparison


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

