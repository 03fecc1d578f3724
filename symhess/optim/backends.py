"""Arithmetics the optimizers run in: a small namespace of operations, not a number type.

Every method in :mod:`symhess.optim` is written once, with ``+ - * /`` and ``@`` on vectors
plus the few calls a backend supplies (``dot``, ``solve``, ``sqrt``, ``norm_inf``, ...).  The
backend decides what a number is:

* ``exact`` -- SymPy rationals and algebraic numbers (vectors are NumPy arrays of ``dtype=object``
  holding SymPy numbers), so gradient descent on a quadratic produces exact fractions;
* ``mpmath`` -- ``mpf`` at any precision, set only inside :meth:`Backend.scope` (``workdps``);
* ``numpy`` -- float64 arrays, vectorised, so the backend adds nothing per element.

This is mpmath's design (one algorithm over a context ``mp``/``fp`` that supplies ``zero``,
``eps`` and the operations), applied to vectors.  Adding a backend (JAX, say) is one file that
subclasses :class:`Backend` and calls :func:`register`.

>>> bk = get_backend("exact")
>>> x = bk.vector(["1/3", 2])
>>> x / 2
array([1/6, 1], dtype=object)
>>> bk.norm_inf(x), bk.dot(x, x)
(2, 37/9)
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator, Sequence

import mpmath
import numpy as np
import sympy as sp

from .. import linalg
from ..errors import BackendError
from ..parsing import parse_expr

__all__ = [
    "Backend",
    "ExactBackend",
    "MpmathBackend",
    "NumpyBackend",
    "BACKENDS",
    "register",
    "get_backend",
    "SingularMatrix",
]


class SingularMatrix(ArithmeticError):
    """A linear system with a singular matrix (the method turns it into a clean stop)."""


class Backend:
    """The operations a method may use; subclasses fix the kind of number.

    ``eps`` is the unit round-off (0 for exact arithmetic); ``gtol`` is the default gradient
    tolerance derived from it; ``lambdify_modules`` says how SymPy expressions are compiled.
    """

    name: str = ""
    eps = 0
    gtol = 0
    #: numbers of this backend are exact: decisions on them are exact too
    exact = False

    # -- making numbers ----------------------------------------------------------------
    def number(self, value):
        """One scalar of this backend from an int, a SymPy number, a string, ..."""
        raise NotImplementedError

    def vector(self, values: Sequence) -> np.ndarray:
        return np.array([self.number(v) for v in values], dtype=object)

    def matrix(self, rows) -> np.ndarray:
        return np.array([[self.number(v) for v in row] for row in rows], dtype=object)

    def eye(self, n: int) -> np.ndarray:
        return self.matrix([[int(i == j) for j in range(n)] for i in range(n)])

    # -- operations ----------------------------------------------------------------------
    def dot(self, u, v):
        return u @ v

    def outer(self, u, v) -> np.ndarray:
        return np.outer(u, v)

    def sqrt(self, a):
        """``√a`` of a scalar, or entrywise of a vector."""
        raise NotImplementedError

    def choice_sqrt(self, a):
        """A square root used to *choose* something (an interpolated step length), never to
        decide: ``sqrt`` itself, except on the exact backend (see there)."""
        return self.sqrt(a)

    def abs(self, a):
        return abs(a)

    def norm_inf(self, v):
        """``max |vᵢ|``: the norm the stopping test uses (as scipy's ``gtol``), exact on
        rationals."""
        return max((abs(e) for e in v), default=self.number(0))

    def norm2(self, v):
        return self.sqrt(self.dot(v, v))

    def solve(self, A, b):
        """``x`` with ``A x = b``; raises :class:`SingularMatrix`."""
        raise NotImplementedError

    def eigh(self, A) -> tuple[list, list[np.ndarray]]:
        """Eigenvalues and an orthogonal basis of eigenvectors of a symmetric matrix (unit
        vectors, except on the exact backend, which keeps them rational)."""
        raise NotImplementedError

    def isfinite(self, a) -> bool:
        """Whether a scalar or every entry of a vector is finite."""
        raise NotImplementedError

    def line_search_point(self, x, alpha, d):
        """The trial point ``x + αd`` of a line search (see the exact backend's rounding)."""
        return x + alpha * d

    def digits(self, x) -> int | None:
        """Decimal digits needed to write the longest coordinate of ``x`` (exact backend
        only: floating-point numbers have a fixed size)."""
        return None

    def to_float(self, a) -> float:
        return float(a)

    def is_number(self, a) -> bool:
        """Whether ``a`` is a scalar of this backend (used to refuse mixed arithmetic)."""
        raise NotImplementedError

    def lambdify(self, variables, expr):
        """Compile SymPy ``expr`` (a scalar or a list) to a function of ``*variables``, common
        subexpressions shared."""
        raise NotImplementedError

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        """The arithmetic settings in force while a method runs (precision for mpmath)."""
        yield

    def __repr__(self) -> str:
        return f"<backend {self}>"

    def __str__(self) -> str:
        return self.name


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> sp.Expr:
    """A number written as text (``"1/10"``, ``"1e-8"``), read once by the safe parser: the
    line searches' constants are read at every step."""
    return parse_expr(text)


def _entrywise(fn, a):
    """``fn`` of a scalar, or of each entry of an object array."""
    if isinstance(a, np.ndarray):
        return np.array([fn(e) for e in a], dtype=object)
    return fn(a)


def _printer():
    from sympy.printing.pycode import SymPyPrinter

    class ExactPrinter(SymPyPrinter):
        """Keeps rationals rational (SymPy's own printer writes ``1/3``, a float)."""

        def _print_Rational(self, e):
            return f"Rational({e.p}, {e.q})"

        def _print_Half(self, e):
            return "Rational(1, 2)"

        def _print_NumberSymbol(self, e):  # π and e stay symbols (the parent prints floats)
            return f"sympy.{e!r}"

        _print_Pi = _print_Exp1 = _print_EulerGamma = _print_GoldenRatio = _print_NumberSymbol

    return ExactPrinter


#: significant bits of a line-search step on the exact backend (a double's 53)
STEP_BITS = 53


def dyadic_round(s, bits: int):
    """``s`` rounded to the nearest multiple of ``2^(e − bits)`` entrywise, where
    ``2^e ≤ ‖s‖∞ < 2^(e+1)``; ``s`` unchanged if an entry is not rational.

    >>> list(dyadic_round(np.array([sp.Rational(1, 3), sp.Rational(-1, 7)], dtype=object), 4))
    [21/64, -9/64]
    """
    if not all(isinstance(v, sp.Rational) for v in s):
        return s
    largest = max((abs(v) for v in s), default=sp.Integer(0))
    if largest == 0:
        return s
    e = largest.p.bit_length() - largest.q.bit_length()
    if sp.Rational(2) ** e > largest:
        e -= 1
    quantum = sp.Rational(2) ** (e - bits)
    return np.array([sp.Integer(round(v / quantum)) * quantum for v in s], dtype=object)


def _digits(v) -> int:
    """Decimal digits of a number written as ``p/q`` (or as text when not rational)."""
    if isinstance(v, sp.Rational):
        bits = abs(v.p).bit_length() + (v.q.bit_length() if v.q != 1 else 0)
        return max(1, math.ceil(bits * math.log10(2)))
    return len(str(v))


class ExactBackend(Backend):
    """SymPy rationals and algebraic numbers: every operation exact, ``eps = 0``."""

    name = "exact"
    eps = sp.Integer(0)
    #: the default stopping tolerance, itself exact: 10⁻¹²
    gtol = sp.Rational(1, 10**12)
    exact = True

    def number(self, value):
        if isinstance(value, float):
            raise BackendError(
                f"the float {value!r} cannot enter exact arithmetic; write it as a fraction "
                f"such as '{sp.nsimplify(value)}' or use backend='numpy'"
            )
        if isinstance(value, str):
            value = _parsed(value)
        try:  # strict: text went through the safe parser above
            number = sp.sympify(value, strict=True)
        except sp.SympifyError:
            raise BackendError(f"{value!r} is not a number") from None
        if not number.is_number:
            raise BackendError(f"{value!r} is not a number")
        if number.has(sp.Float):
            raise BackendError(f"{value!r} is a floating-point number; exact arithmetic takes "
                               "integers, fractions and exact algebraic numbers")
        return number

    def sqrt(self, a):
        return _entrywise(sp.sqrt, a)

    def choice_sqrt(self, a, digits: int = 60):
        """A rational within ``10⁻ᵈⁱᵍⁱᵗˢ`` (relative) of ``√a``, by integer square root: a
        step length chosen with it stays rational, and agrees with the numeric backends'."""
        a = sp.nsimplify(a) if not a.is_Rational else a
        if not a.is_Rational:
            a = sp.Rational(str(sp.N(a, 2 * digits)))
        scale = 10**digits
        return sp.Rational(math.isqrt(a.p * a.q * scale * scale), a.q * scale)

    def norm_inf(self, v):
        return sp.Max(*(sp.Abs(e) for e in v)) if len(v) else sp.Integer(0)

    def solve(self, A, b):
        try:
            return np.array(linalg.solve(A.tolist(), list(b)), dtype=object)
        except ZeroDivisionError:
            raise SingularMatrix("singular matrix") from None

    def eigh(self, A):
        values, vectors = linalg.orthogonal_eigenvectors(A.tolist())
        return values, [np.array(v, dtype=object) for v in vectors]

    def isfinite(self, a) -> bool:
        items = a if isinstance(a, np.ndarray) else [a]
        return all(sp.sympify(e).is_finite for e in items)

    def to_float(self, a) -> float:
        return float(sp.N(a, 17))

    def __init__(self, step_bits: int | None = None):
        self.step_bits = STEP_BITS if step_bits is None else step_bits
        if not (isinstance(self.step_bits, int) and self.step_bits >= 0):
            raise BackendError(f"step_bits must be a non-negative integer, not {step_bits!r}")

    def line_search_point(self, x, alpha, d):
        """``x + s̃`` where ``s̃`` is the step ``αd`` rounded to a dyadic vector: every entry a
        multiple of ``2^(e − STEP_BITS)``, ``2^e ≤ ‖αd‖∞ < 2^(e+1)``.

        Without it the digits of an exact iterate grow geometrically (∇f of degree ``p`` makes
        the next iterate ``p`` times as long: BFGS on Rosenbrock reached 8,086 digits in three
        iterations); with it they grow by about ``STEP_BITS·log₁₀2 ≈ 16`` digits where the
        step is smallest.  The iterate given the step is still exact, and ``f`` and ``∇f`` are
        evaluated exactly there: the line search judges the point it actually takes.
        Fixed steps, exact steps on quadratics and full Newton steps are never rounded;
        ``ExactBackend(step_bits=0)`` rounds nothing (the iterates then grow without bound).
        """
        if not self.step_bits:
            return x + alpha * d
        return x + dyadic_round(alpha * d, self.step_bits)

    def digits(self, x) -> int:
        return max((_digits(v) for v in x), default=0)

    def is_number(self, a) -> bool:
        return isinstance(a, sp.Expr) and a.is_number

    def lambdify(self, variables, expr):
        # the printer writes sympy.sin, sympy.functions.elementary.exponential.exp, ...
        return sp.lambdify(variables, expr,
                           modules=[{"Rational": sp.Rational, "sympy": sp}, "sympy"],
                           cse=True, printer=_printer())


class MpmathBackend(Backend):
    """mpmath ``mpf`` numbers at ``dps`` decimal digits (set only inside :meth:`scope`)."""

    name = "mpmath"
    exact = False

    def __init__(self, dps: int = 30):
        if not isinstance(dps, int) or dps < 5:
            raise BackendError(f"mpmath needs an integer precision of at least 5 digits, not "
                               f"{dps!r}")
        self.dps = dps
        with mpmath.workdps(dps):
            self.eps = +mpmath.eps
            self.gtol = mpmath.mpf(10) ** (-(dps // 3))

    def __str__(self) -> str:
        return f"mpmath({self.dps} digits)"

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        with mpmath.workdps(self.dps):
            yield

    def number(self, value):
        if isinstance(value, mpmath.mpf):
            return +value
        if isinstance(value, str):
            value = _parsed(value)
        if isinstance(value, sp.Basic):
            if value.is_Rational:
                return mpmath.mpf(int(value.p)) / int(value.q)
            return mpmath.mpf(str(sp.N(value, self.dps + 10)))
        return mpmath.mpf(value)

    def sqrt(self, a):
        return _entrywise(mpmath.sqrt, a)

    def solve(self, A, b):
        try:
            x = mpmath.lu_solve(mpmath.matrix(A.tolist()), mpmath.matrix(list(b)))
        except ZeroDivisionError as exc:
            raise SingularMatrix(str(exc)) from None
        return np.array([x[i] for i in range(len(b))], dtype=object)

    def eigh(self, A):
        E, Q = mpmath.eigsy(mpmath.matrix(A.tolist()))
        n = len(E)
        return ([E[i] for i in range(n)],
                [np.array([Q[j, i] for j in range(n)], dtype=object) for i in range(n)])

    def isfinite(self, a) -> bool:
        items = a if isinstance(a, np.ndarray) else [a]
        return all(mpmath.isfinite(e) for e in items)

    def is_number(self, a) -> bool:
        return isinstance(a, mpmath.mpf)

    def lambdify(self, variables, expr):
        return sp.lambdify(variables, expr, modules="mpmath", cse=True)


class NumpyBackend(Backend):
    """float64 NumPy arrays; every operation is one vectorised call."""

    name = "numpy"
    eps = float(np.finfo(float).eps)
    #: scipy.optimize's default gradient tolerance
    gtol = 1e-5

    def number(self, value):
        if isinstance(value, str):
            value = _parsed(value)
        return float(value)

    def vector(self, values) -> np.ndarray:
        if isinstance(values, np.ndarray) and values.dtype == float:
            return values.copy()
        return np.array([self.number(v) for v in values], dtype=float)

    def matrix(self, rows) -> np.ndarray:
        return np.array([[self.number(v) for v in row] for row in rows], dtype=float)

    def eye(self, n: int) -> np.ndarray:
        return np.eye(n)

    def dot(self, u, v):
        return float(np.dot(u, v))

    def sqrt(self, a):
        return math.sqrt(a) if np.isscalar(a) else np.sqrt(a)

    def abs(self, a):
        return np.abs(a)

    def norm_inf(self, v) -> float:
        return float(np.max(np.abs(v))) if len(v) else 0.0

    def norm2(self, v) -> float:
        return float(np.linalg.norm(v))

    def solve(self, A, b):
        try:
            x = np.linalg.solve(A, b)
        except np.linalg.LinAlgError as exc:
            raise SingularMatrix(str(exc)) from None
        if not np.all(np.isfinite(x)):
            raise SingularMatrix("singular matrix")
        return x

    def eigh(self, A):
        values, Q = np.linalg.eigh(A)
        return [float(v) for v in values], list(Q.T)

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        # overflow to inf is expected when a method diverges; the driver reports it
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            yield

    def isfinite(self, a) -> bool:
        if isinstance(a, float):
            return math.isfinite(a)
        return bool(np.isfinite(a).all())

    def is_number(self, a) -> bool:
        return isinstance(a, (float, np.floating))

    def lambdify(self, variables, expr):
        return sp.lambdify(variables, expr, modules="numpy", cse=True)


#: name -> factory; ``register`` adds one.
BACKENDS: dict[str, type[Backend]] = {}


def register(cls: type[Backend]) -> type[Backend]:
    """Make a backend class available by its ``name`` (usable as a decorator)."""
    BACKENDS[cls.name] = cls
    return cls


for _cls in (ExactBackend, MpmathBackend, NumpyBackend):
    register(_cls)


def get_backend(backend: str | Backend = "numpy", *, dps: int | None = None) -> Backend:
    """A backend by name (``"exact"``, ``"mpmath"``, ``"numpy"``) or the instance given.

    >>> get_backend("mpmath", dps=50)
    <backend mpmath(50 digits)>
    >>> get_backend("float")
    Traceback (most recent call last):
    ...
    symhess.errors.BackendError: unknown backend 'float'; choose one of exact, mpmath, numpy
    """
    if isinstance(backend, Backend):
        if dps is not None:
            raise BackendError("give the precision to the backend itself, not as dps")
        return backend
    cls = BACKENDS.get(str(backend).lower()) if isinstance(backend, str) else None
    if cls is None:
        raise BackendError(
            f"unknown backend {backend!r}; choose one of {', '.join(sorted(BACKENDS))}")
    if dps is not None:
        if cls is not MpmathBackend:
            raise BackendError(f"only the mpmath backend has a precision (dps); "
                               f"{cls.name} does not")
        return cls(dps=dps)
    return cls()
