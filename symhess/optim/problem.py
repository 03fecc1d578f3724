"""What an optimizer is given: ``f`` and whatever derivatives are known, in any backend.

A :class:`Problem` is built either from a SymPy expression -- the gradient, Hessian,
Hessian-vector product (and, for least squares, residuals and Jacobian) are derived exactly and
compiled per backend with common subexpressions shared -- or from plain callables for large
``n``.  A problem is immutable; :meth:`Problem.oracle` binds it to a backend and counts every
evaluation (``nfev``, ``ngev``, ``nhev``) for one run.

>>> p = Problem.from_expr("x^2 + 3y^2")
>>> oracle = p.oracle("exact")
>>> oracle.value_and_grad(oracle.backend.vector([1, "1/3"]))
(4/3, array([2, 2], dtype=object))
>>> oracle.nfev, oracle.ngev, oracle.nhev
(1, 1, 0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sympy as sp

from ..calculus import gradient, hessian, jacobian, variables_of
from ..errors import BackendError, DimensionError, OptionError, SymhessError
from ..parsing import as_expr, parse_variables
from .backends import Backend, NumpyBackend, get_backend

__all__ = ["Problem", "Oracle", "Callables", "Symbolic", "Repeated"]


class Repeated(tuple):
    """A point that repeats a short ``pattern`` to length ``n``, such as Rosenbrock's start
    ``(−6/5, 1, −6/5, 1, …)``: a tuple, whose backend vector is built from the pattern once
    (no per-entry conversion at ``n = 10⁶``)."""

    def __new__(cls, pattern: Sequence, n: int):
        pattern = tuple(pattern)
        obj = super().__new__(cls, (pattern * (n // len(pattern) + 1))[:n])
        obj.pattern = pattern
        return obj

    def vector(self, backend: Backend):
        reps = len(self) // len(self.pattern) + 1
        return np.tile(backend.vector(self.pattern), reps)[: len(self)]


@dataclass(frozen=True)
class Callables:
    """Plain functions of a vector ``x`` (and ``v`` for ``hessp``); ``None`` where unknown.

    ``value_and_grad`` returns ``(f, ∇f)`` in one pass; ``residuals``/``jacobian`` are ``r(x)``
    and ``J(x)`` of a least-squares problem ``f = ½‖r‖²``; ``fisher`` is the Fisher matrix of a
    statistical model.
    """

    fun: Callable
    grad: Callable | None = None
    hess: Callable | None = None
    hessp: Callable | None = None
    value_and_grad: Callable | None = None
    residuals: Callable | None = None
    jacobian: Callable | None = None
    fisher: Callable | None = None


def _twice_differentiable(H: sp.MatrixBase) -> sp.MatrixBase:
    """``H`` unless second derivatives of f are distributions (``|x|`` gives ``DiracDelta``):
    then a second-order method has no Hessian to use, said as an error."""
    kinks = sorted({str(d) for d in H.atoms(sp.DiracDelta)})
    if kinks:
        raise OptionError("f is not twice differentiable everywhere (its second derivatives "
                          f"contain {', '.join(kinks)}, from |·| or a kink): second-order "
                          "methods need a smooth f; use a first-order method such as gd, "
                          "bfgs or lbfgs")
    return H


class Symbolic:
    """``f`` as a SymPy expression with its exact derivatives, each derived once, on demand."""

    def __init__(self, expr, variables, residuals=None, fisher=None):
        self.expr = expr
        self.variables = tuple(variables)
        self.residuals = tuple(residuals) if residuals is not None else None
        self.fisher = fisher

    @cached_property
    def gradient(self) -> list:
        return list(gradient(self.expr, self.variables))

    @cached_property
    def hessian(self) -> list[list]:
        return _twice_differentiable(hessian(self.expr, self.variables)).tolist()

    @cached_property
    def direction(self) -> tuple[sp.Symbol, ...]:
        return tuple(sp.Dummy(f"v{i}") for i in range(len(self.variables)))

    @cached_property
    def hvp(self) -> list:
        """``H v`` as the gradient of ``∇f·v`` (Pearlmutter), in the variables and ``v``."""
        directional = sp.Add(*(g * v for g, v in zip(self.gradient, self.direction, strict=True)))
        return list(_twice_differentiable(gradient(directional, self.variables)))

    @cached_property
    def jacobian(self) -> list[list]:
        return jacobian(list(self.residuals), self.variables).tolist()

    def compile(self, backend: Backend) -> Callables:
        """The callables of this expression in ``backend``'s arithmetic (compiled lazily)."""
        xs, lam = self.variables, backend.lambdify
        cache: dict[str, Callable] = {}

        def lazy(name, build):
            def call(*args):
                if name not in cache:
                    cache[name] = build()
                return cache[name](*args)
            return call

        vector, matrix = _converters(backend)
        fun = lazy("f", lambda: lam(xs, self.expr))
        grad = lazy("g", lambda: lam(xs, self.gradient))
        both = lazy("fg", lambda: lam(xs, [self.expr, *self.gradient]))
        hess = lazy("h", lambda: lam(xs, self.hessian))
        hvp = lazy("hv", lambda: lam(xs + self.direction, self.hvp))

        def value_and_grad(x):
            f, *g = both(*x)
            return backend.number(f), vector(g)

        least_squares = {}
        if self.residuals is not None:
            r = lazy("r", lambda: lam(xs, list(self.residuals)))
            J = lazy("J", lambda: lam(xs, self.jacobian))
            least_squares = dict(residuals=lambda x: vector(r(*x)),
                                 jacobian=lambda x: matrix(J(*x)))
        if self.fisher is not None:
            F = lazy("F", lambda: lam(xs, self.fisher))
            least_squares["fisher"] = lambda x: matrix(F(*x))
        return Callables(
            fun=lambda x: backend.number(fun(*x)),
            grad=lambda x: vector(grad(*x)),
            hess=lambda x: matrix(hess(*x)),
            hessp=lambda x, v: vector(hvp(*x, *v)),
            value_and_grad=value_and_grad,
            **least_squares,
        )


def _converters(backend: Backend):
    if isinstance(backend, NumpyBackend):
        return (lambda v: np.asarray(v, dtype=float).reshape(-1),
                lambda m: np.asarray(m, dtype=float))
    return backend.vector, backend.matrix


@dataclass(frozen=True, eq=False)
class Problem:
    """An objective ``f: Rⁿ → R`` with the derivatives that are known.

    ``symbolic`` builds the exact form on demand (so a catalogue problem with ``n = 10⁶`` costs
    nothing until an exact backend asks for it); ``callables`` maps a backend name to fast
    plain functions (``"numpy"``) or ``"*"`` for functions usable in any arithmetic.
    ``x0`` is the standard starting point, ``fmin``/``xmin`` the known solution if any.
    """

    n: int
    name: str = "f"
    symbolic_form: Callable[[], Symbolic] | None = None
    callables: dict = field(default_factory=dict)
    x0: tuple | None = None
    fmin: object = None
    xmin: tuple | None = None
    #: what a catalogue problem is made of (a quadratic's ``A``, ``b`` and eigenbasis, ...)
    data: dict = field(default_factory=dict)

    # -- constructors ----------------------------------------------------------------------
    @classmethod
    def from_expr(cls, expr, variables=None, *, name: str | None = None, x0=None, fmin=None,
                  xmin=None) -> Problem:
        """A problem from a SymPy expression (or text, read by the safe parser).

        >>> Problem.from_expr("(1-x)^2 + 100(y-x^2)^2").n
        2
        """
        expr, xs = _read(expr, variables)
        sym = Symbolic(expr, xs)
        return cls(len(xs), name or str(expr), lambda: sym, x0=_tuple(x0), fmin=fmin,
                   xmin=_tuple(xmin))

    @classmethod
    def from_residuals(cls, residuals: Sequence, variables=None, *, name: str | None = None,
                       x0=None, fmin=None, xmin=None) -> Problem:
        """The least-squares problem ``f = ½ Σ rᵢ²`` of a list of residual expressions."""
        if isinstance(variables, str):
            variables = parse_variables(variables)
        rs = [as_expr(r, variables) for r in residuals]
        xs = variables_of(rs, variables)
        if variables is not None:
            _check_declared(rs, xs)
        expr = sp.Rational(1, 2) * sp.Add(*(r**2 for r in rs))
        sym = Symbolic(expr, xs, rs)
        return cls(len(xs), name or f"½‖r‖², r = {rs}", lambda: sym, x0=_tuple(x0), fmin=fmin,
                   xmin=_tuple(xmin))

    @classmethod
    def from_callables(cls, fun, grad, hess=None, hessp=None, n: int | None = None, *,
                       value_and_grad=None, residuals=None, jacobian=None, fisher=None,
                       name: str = "f", x0=None, fmin=None, xmin=None) -> Problem:
        """A problem from plain functions of a vector ``x`` (NumPy functions, any ``n``).

        The same functions run on the exact and mpmath backends if they use only arithmetic
        (``x @ x``, ``x[1:] - x[:-1]**2``); a float coming back there is refused.

        >>> import numpy as np
        >>> p = Problem.from_callables(lambda x: x @ x, lambda x: 2 * x, n=3)
        >>> p.oracle("numpy").grad(np.ones(3))
        array([2., 2., 2.])
        """
        if n is None and x0 is None:
            raise DimensionError("give n (the number of variables) or a starting point x0")
        n = int(n if n is not None else len(x0))
        calls = Callables(fun, grad, hess, hessp, value_and_grad, residuals, jacobian, fisher)
        return cls(n, name, None, {"*": calls}, x0=_tuple(x0), fmin=fmin, xmin=_tuple(xmin))

    # -- views -------------------------------------------------------------------------------
    @cached_property
    def symbolic(self) -> Symbolic | None:
        return self.symbolic_form() if self.symbolic_form is not None else None

    @property
    def expr(self):
        return self.symbolic.expr if self.symbolic is not None else None

    @property
    def variables(self) -> tuple:
        if self.symbolic is not None:
            return self.symbolic.variables
        return tuple(sp.Symbol(f"x{i + 1}") for i in range(self.n))

    def oracle(self, backend: str | Backend = "numpy") -> Oracle:
        """A fresh evaluation counter for one run in ``backend``."""
        bk = get_backend(backend)
        return Oracle(self, bk, self._callables(bk))

    def _callables(self, bk: Backend) -> Callables:
        if bk.name in self.callables:
            return self.callables[bk.name]
        if self.symbolic_form is not None:
            cache = self.__dict__.setdefault("_compiled", {})
            key = str(bk)
            if key not in cache:
                cache[key] = self.symbolic.compile(bk)
            return cache[key]
        if "*" in self.callables:
            return self.callables["*"]
        raise BackendError(f"the problem {self.name} has no form for the {bk} backend")

    def __repr__(self) -> str:
        return f"Problem({self.name!r}, n={self.n})"


def _read(expr, variables):
    """``(f, variables)`` from text (the safe parser, never SymPy's) or a SymPy expression;
    declared variables must be exactly the symbols of ``f``."""
    if isinstance(variables, str):
        variables = parse_variables(variables)
    expr = as_expr(expr, variables)
    xs = variables_of(expr, variables)
    if variables is not None:
        _check_declared([expr], xs)
    return expr, xs


def _names(symbols) -> str:
    return ", ".join(map(str, sorted(symbols, key=sp.default_sort_key)))


def _check_declared(exprs, xs) -> None:
    """Refuse a symbol of ``f`` that is not declared (``--vars xy`` for ``x, y`` would make
    ``f`` a constant in ``xy``) and a declared variable ``f`` does not contain."""
    free = set().union(*(e.free_symbols for e in exprs))
    names = ", ".join(map(str, xs))
    undeclared = sorted(free - set(xs), key=sp.default_sort_key)
    if undeclared:
        hint = ""
        glued = [str(v) for v in xs if str(v) == "".join(map(str, undeclared))]
        if glued:
            hint = f"; did you mean {','.join(map(str, undeclared))} (with commas)?"
        raise DimensionError(
            f"f contains {', '.join(map(str, undeclared))}, which "
            f"{'is' if len(undeclared) == 1 else 'are'} not among the declared variables "
            f"({names}){hint}")
    unused = [v for v in xs if v not in free]
    if unused:
        raise DimensionError(
            f"the declared variable{'s' if len(unused) > 1 else ''} "
            f"{', '.join(map(str, unused))} {'do' if len(unused) > 1 else 'does'} not occur "
            f"in f; declare only the variables of f ({_names(free)})")


#: significant digits of a value the exact backend cannot keep rational (sin 1, √2, e)
ROUND_DIGITS = 40


def _transcendental(problem: Problem) -> tuple[str, ...]:
    """The operations of a symbolic ``f`` whose values at rational points are not rational
    in general (``sin``, ``exp``, ``√``, ...); empty for a rational function.  Constants
    count: ``(x + eᵗ)²`` at ``t = 1/5`` (Brown–Dennis) is rational in ``x`` but not rational
    at rational ``x``."""
    sym = problem.symbolic
    if sym is None:
        return ()
    names = {type(a).__name__ for a in sym.expr.atoms(sp.Function)}
    names |= {str(c) for c in sym.expr.atoms(sp.NumberSymbol)}  # π, e, ...
    if not names and sym.expr.is_rational_function(*sym.variables):
        return ()
    if any(not p.exp.is_Integer for p in sym.expr.atoms(sp.Pow)):
        names.add("fractional power")
    return tuple(sorted(names))


def _rounding(calls: Callables, oracle: Oracle) -> Callables:
    """``calls`` whose values are kept exact when rational and otherwise rounded to a decimal
    fraction of :data:`ROUND_DIGITS` significant digits (counted in ``oracle.nrounded``): the
    iterates stay exact rationals, computed exactly from those values, and expressions like
    ``sin(1 + cot(1))`` do not nest without bound."""

    def one(v):
        if v.is_Rational:
            return v
        oracle.nrounded += 1
        approx = sp.N(v, ROUND_DIGITS)
        if not approx.is_real or not approx.is_finite:
            return sp.nan
        return sp.Rational(str(approx))

    def value(v):
        if isinstance(v, np.ndarray):
            return np.vectorize(one, otypes=[object])(v) if v.size else v
        return one(v)

    def wrap(fn):
        if fn is None:
            return None
        return lambda *args: value(fn(*args))

    def both(x):
        f, g = calls.value_and_grad(x)
        return value(f), value(g)

    return Callables(
        fun=wrap(calls.fun), grad=wrap(calls.grad), hess=wrap(calls.hess),
        hessp=wrap(calls.hessp),
        value_and_grad=both if calls.value_and_grad is not None else None,
        residuals=wrap(calls.residuals), jacobian=wrap(calls.jacobian),
        fisher=wrap(calls.fisher))


def _tuple(x):
    return x if x is None or isinstance(x, tuple) else tuple(x)


class Oracle:
    """A problem bound to a backend; every call is counted (``nfev``, ``ngev``, ``nhev``).

    A least-squares residual evaluation counts as an ``f`` evaluation and a Jacobian as a
    gradient; a Hessian-vector product or a Fisher matrix as a Hessian evaluation.
    """

    def __init__(self, problem: Problem, backend: Backend, calls: Callables):
        self.problem, self.backend, self.calls = problem, backend, calls
        self.nfev = self.ngev = self.nhev = 0
        self._checked = isinstance(backend, NumpyBackend) or problem.symbolic_form is not None
        #: on the exact backend, how many values were not rational and were rounded
        self.nrounded = 0
        self.rounded_functions = _transcendental(problem) if backend.exact else ()
        if self.rounded_functions:
            self.calls = _rounding(self.calls, self)

    @property
    def n(self) -> int:
        return self.problem.n

    def _check(self, value, what: str):
        """Refuse numbers of another arithmetic coming back from user callables."""
        if self._checked:
            return value
        sample = value if not isinstance(value, np.ndarray) else value.reshape(-1)[:1]
        items = [sample] if not isinstance(sample, np.ndarray) else list(sample)
        for item in items:
            if not self.backend.is_number(item):
                raise BackendError(
                    f"{what} returned {item!r} ({type(item).__name__}) on the {self.backend} "
                    f"backend; write it with arithmetic only, or use backend='numpy'")
        self._checked = True
        return value

    def _need(self, name: str) -> Callable:
        fn = getattr(self.calls, name)
        if fn is None:
            raise SymhessError(f"the problem {self.problem.name} provides no {name}; build it "
                               f"with Problem.from_expr or pass {name}=...")
        return fn

    def fun(self, x):
        self.nfev += 1
        return self._check(self.calls.fun(x), "fun")

    def grad(self, x):
        self.ngev += 1
        return self._check(self._need("grad")(x), "grad")

    def value_and_grad(self, x):
        """``(f(x), ∇f(x))``, one pass where the problem offers it (one nfev and one ngev)."""
        if self.calls.value_and_grad is not None:
            self.nfev += 1
            self.ngev += 1
            f, g = self.calls.value_and_grad(x)
            return self._check(f, "value_and_grad"), g
        return self.fun(x), self.grad(x)

    def hess(self, x):
        """``H(x)``; built column by column from HVPs when only those are known."""
        if self.calls.hess is not None:
            self.nhev += 1
            return self.calls.hess(x)
        bk = self.backend
        eye = bk.eye(self.n)
        return np.array([self.hessp(x, eye[i]) for i in range(self.n)]).T

    def hessp(self, x, v):
        """``H(x) v``, without forming ``H`` where the problem knows how."""
        self.nhev += 1
        if self.calls.hessp is not None:
            return self.calls.hessp(x, v)
        return self._need("hess")(x) @ v

    def residuals(self, x):
        self.nfev += 1
        return self._need("residuals")(x)

    def jacobian(self, x):
        self.ngev += 1
        return self._need("jacobian")(x)

    def fisher(self, x):
        self.nhev += 1
        return self._need("fisher")(x)
