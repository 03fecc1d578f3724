"""Exact first- and second-order calculus: gradient, Hessian, Jacobian, Hessian-vector
product, the second-order Taylor model, directional curvature, and Clairaut/Schwarz.

The Hessian is symmetric by construction: each mixed partial ``∂²f/∂xᵢ∂xⱼ`` is computed once,
for ``i <= j``, and mirrored.  Polynomials take a fast path: they are converted once to a sparse
polynomial ring and differentiated there, which avoids re-simplifying expression trees.

>>> from symhess.parsing import parse_expr
>>> f = parse_expr("x^3 - 3x + y^2")
>>> gradient(f).T
Matrix([[3*x**2 - 3, 2*y]])
>>> hessian(f)
Matrix([
[6*x, 0],
[  0, 2]])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.polys.rings import sring

from .errors import DimensionError, SymhessError
from .parsing import as_expr, parse_point, parse_variables
from .rendering import latex_text
from .results import Result, exact, exact_matrix, latex, pretty

__all__ = [
    "variables_of",
    "gradient",
    "hessian",
    "jacobian",
    "hvp",
    "taylor2",
    "Taylor2",
    "directional_curvature",
    "mixed_partials",
    "MixedPartials",
    "mixed_partial_by_limits",
    "LimitMixedPartial",
    "at_point",
]

# A power of a sum above this exponent is differentiated as an expression, never expanded.
_EXPANSION_LIMIT = 24


def variables_of(f, variables: Iterable | None = None) -> tuple[sp.Symbol, ...]:
    """The variables to differentiate in: as given, else the free symbols sorted by name.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> variables_of(y**2 + x)
    (x, y)
    """
    if variables is not None:
        if isinstance(variables, str):
            variables = parse_variables(variables)
        result = tuple(sp.Symbol(v) if isinstance(v, str) else v for v in variables)
        if len(set(result)) != len(result):
            raise DimensionError("a variable is listed twice")
        return result
    exprs = f if isinstance(f, (list, tuple, sp.MatrixBase)) else [f]
    symbols = set().union(*(as_expr(e).free_symbols for e in exprs))
    return tuple(sorted(symbols, key=lambda s: (sp.default_sort_key(s))))


def _polynomial_ring(f: sp.Expr, xs: Sequence[sp.Symbol]):
    """``(ring, element)`` for a polynomial that is safe to expand, else ``None``."""
    if not f.is_polynomial(*xs):
        return None
    for node in sp.preorder_traversal(f):
        if node.is_Pow and node.exp.is_Integer and node.exp > _EXPANSION_LIMIT and node.base.is_Add:
            return None
    try:
        ring, p = sring(f, *xs)
    except (sp.PolynomialError, sp.polys.polyerrors.GeneratorsError):
        return None
    return ring, p


# Functions that are not complex-analytic: differentiated as functions of real variables.
_REAL_ONLY = (sp.Abs, sp.sign, sp.re, sp.im, sp.arg, sp.conjugate)


def _diff(e: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """``∂e/∂x`` with the variables taken as real, so ``|x|' = sign(x)`` as a student expects
    (SymPy's symbols are complex by default, which makes ``Abs`` expand into ``re``/``im``)."""
    if not e.has(*_REAL_ONLY):
        return sp.diff(e, x)
    real = {s: sp.Dummy(s.name, real=True) for s in e.free_symbols | {x} if not s.is_real}
    d = sp.diff(e.xreplace(real), real.get(x, x))
    return d.xreplace({r: s for s, r in real.items()})


def gradient(f, variables: Iterable | None = None) -> sp.ImmutableMatrix:
    """The column vector ``∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ``.

    >>> from sympy import Abs, symbols
    >>> x, y = symbols("x y")
    >>> gradient(Abs(x) * y).T
    Matrix([[y*sign(x), Abs(x)]])
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    return sp.ImmutableMatrix([_diff(f, x) for x in xs])


def hessian(f, variables: Iterable | None = None) -> sp.ImmutableMatrix:
    """The symmetric matrix ``Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ``, each mixed partial computed once.

    >>> from sympy import symbols, exp
    >>> x, y = symbols("x y")
    >>> hessian(exp(x*y))
    Matrix([
    [          y**2*exp(x*y), x*y*exp(x*y) + exp(x*y)],
    [x*y*exp(x*y) + exp(x*y),           x**2*exp(x*y)]])
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    n = len(xs)
    entries: dict[tuple[int, int], sp.Expr] = {}
    fast = _polynomial_ring(f, xs) if n else None
    if fast is not None:
        ring, p = fast
        gens = ring.gens
        first = [p.diff(g) for g in gens]
        for i in range(n):
            for j in range(i, n):
                entries[i, j] = first[i].diff(gens[j]).as_expr()
    else:
        return hessian_from_gradient([_diff(f, x) for x in xs], xs)
    return sp.ImmutableMatrix(n, n, lambda i, j: entries[min(i, j), max(i, j)])


def hessian_from_gradient(grad, variables: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """``H`` from an already computed ``∇f``: ``∂(∇f)ᵢ/∂xⱼ`` for ``j ≥ i`` only, mirrored."""
    xs = tuple(variables)
    n = len(xs)
    upper = {(i, j): _diff(grad[i], xs[j]) for i in range(n) for j in range(i, n)}
    return sp.ImmutableMatrix(n, n, lambda i, j: upper[min(i, j), max(i, j)])


def jacobian(fs, variables: Iterable | None = None) -> sp.ImmutableMatrix:
    """The ``m × n`` matrix ``Jᵢⱼ = ∂fᵢ/∂xⱼ`` of a vector of expressions."""
    fs = [as_expr(e) for e in (fs if isinstance(fs, (list, tuple, sp.MatrixBase)) else [fs])]
    xs = variables_of(fs, variables)
    return sp.ImmutableMatrix([[sp.diff(e, x) for x in xs] for e in fs])


def hvp(f, v, variables: Iterable | None = None) -> sp.ImmutableMatrix:
    """The Hessian-vector product ``Hv = ∇(∇f · v)`` without forming ``H`` (Pearlmutter).

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> hvp(x**2*y, [1, 0]).T
    Matrix([[2*y, 2*x]])
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    v = list(v)
    if len(v) != len(xs):
        raise DimensionError(f"v has {len(v)} entries but there are {len(xs)} variables")
    directional = sum((sp.diff(f, x) * as_expr(vi) for x, vi in zip(xs, v, strict=True)),
                      sp.Integer(0))
    return gradient(directional, xs)


def at_point(expr, point: Mapping) -> sp.Basic:
    """Substitute a point ``{x: value}`` exactly (simultaneously, then simplified lightly)."""
    value = as_expr(expr).subs(dict(point), simultaneous=True)
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.applyfunc(_tidy))
    return _tidy(value)


def _tidy(e: sp.Expr) -> sp.Expr:
    """Exact, cheap normalisation of a number: expand, and rationalise radical denominators."""
    if e.is_Rational or not e.is_number:
        return e
    return sp.radsimp(sp.expand(e))


def _point_in(xs: Sequence[sp.Symbol], point) -> dict[sp.Symbol, sp.Expr]:
    if isinstance(point, str):
        point = parse_point(point, variables=xs)
    if isinstance(point, Mapping):
        named = {sp.Symbol(str(k)): as_expr(v) for k, v in point.items()}
        missing = [x for x in xs if x not in named]
        if missing:
            raise DimensionError(f"the point gives no value for {', '.join(map(str, missing))}")
        return {x: named[x] for x in xs}
    values = list(point)
    if len(values) != len(xs):
        raise DimensionError(f"the point has {len(values)} coordinates for {len(xs)} variables")
    return {x: as_expr(v) for x, v in zip(xs, values, strict=True)}


@dataclass(frozen=True)
class Taylor2(Result):
    """The second-order model ``f(x₀+δ) ≈ f(x₀) + ∇f(x₀)ᵀδ + ½ δᵀH(x₀)δ``."""

    f: sp.Expr
    variables: tuple[sp.Symbol, ...]
    point: dict
    value: sp.Expr
    gradient: sp.ImmutableMatrix
    hessian: sp.ImmutableMatrix
    steps: tuple[sp.Symbol, ...]

    @property
    def quadratic_form(self) -> sp.Expr:
        """``½ δᵀHδ`` in the step symbols ``δ``."""
        d = sp.Matrix(self.steps)
        return sp.expand((d.T * self.hessian * d)[0] / 2)

    @property
    def model(self) -> sp.Expr:
        """The model as a polynomial in the original variables."""
        d = sp.Matrix([x - self.point[x] for x in self.variables])
        return sp.expand(self.value + (self.gradient.T * d)[0] + (d.T * self.hessian * d)[0] / 2)

    @property
    def model_in_steps(self) -> sp.Expr:
        d = sp.Matrix(self.steps)
        return self.value + sp.expand((self.gradient.T * d)[0]) + self.quadratic_form

    def to_dict(self) -> dict:
        return {
            "f": exact(self.f),
            "variables": [str(x) for x in self.variables],
            "point": {str(k): exact(v) for k, v in self.point.items()},
            "value": exact(self.value),
            "gradient": [exact(g) for g in self.gradient],
            "hessian": exact_matrix(self.hessian),
            "steps": [str(s) for s in self.steps],
            "quadratic_form": exact(self.quadratic_form),
            "model": exact(self.model),
        }

    def lines(self) -> list[str]:
        at = ", ".join(f"{k} = {v}" for k, v in self.point.items())
        return [
            f"Second-order Taylor model of f = {self.f} at ({at}):",
            f"  f(x₀ + δ) ≈ {self.model_in_steps}",
            f"  value f(x₀) = {self.value}",
            f"  gradient ∇f(x₀) = {list(self.gradient)}",
            "  Hessian H(x₀) =",
            *("    " + line for line in pretty(self.hessian).splitlines()),
            f"  quadratic term ½ δᵀHδ = {self.quadratic_form}",
            f"  in the original variables: {self.model}",
        ]

    def latex(self) -> str:
        return (
            r"f(x_0+\delta) \approx " + latex(self.model_in_steps)
            + r",\quad H(x_0) = " + latex(self.hessian)
        )


def taylor2(f, point, variables: Iterable | None = None) -> Taylor2:
    """The second-order Taylor model of ``f`` at ``point`` (a mapping or a sequence).

    >>> from sympy import symbols, exp
    >>> x, y = symbols("x y")
    >>> t = taylor2(exp(x) * y, {x: 0, y: 1})
    >>> t.model
    x**2/2 + x*y + y
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    p = _point_in(xs, point)
    steps = tuple(sp.Symbol(f"δ{x}") for x in xs)
    return Taylor2(
        f=f,
        variables=xs,
        point=p,
        value=at_point(f, p),
        gradient=at_point(gradient(f, xs), p),
        hessian=at_point(hessian(f, xs), p),
        steps=steps,
    )


def directional_curvature(h, v, point=None, variables: Iterable | None = None) -> sp.Expr:
    """The curvature ``vᵀHv / vᵀv`` of ``f`` (or of the matrix ``H``) along ``v``.

    For a unit eigenvector it is the eigenvalue.

    >>> directional_curvature(sp.Matrix([[2, 0], [0, 8]]), [1, 1])
    5
    """
    if isinstance(h, (sp.MatrixBase, list)) and not isinstance(h, sp.Expr):
        H = sp.Matrix(h)
    else:
        f = as_expr(h)
        xs = variables_of(f, variables)
        H = hessian(f, xs)
        if point is not None:
            H = at_point(H, _point_in(xs, point))
    vec = sp.Matrix([as_expr(c) for c in v])
    if vec.rows != H.rows:
        raise DimensionError(f"v has {vec.rows} entries for a {H.rows}×{H.cols} Hessian")
    norm2 = (vec.T * vec)[0]
    if norm2 == 0:
        raise DimensionError("the direction v must be non-zero")
    return sp.simplify((vec.T * H * vec)[0] / norm2)


@dataclass(frozen=True)
class MixedPartials(Result):
    """Both orders of every mixed partial, compared exactly (Clairaut/Schwarz)."""

    f: sp.Expr
    variables: tuple[sp.Symbol, ...]
    pairs: tuple[tuple[sp.Symbol, sp.Symbol, sp.Expr, sp.Expr, bool], ...]

    @property
    def symmetric(self) -> bool:
        return all(equal for *_, equal in self.pairs)

    def to_dict(self) -> dict:
        return {
            "f": exact(self.f),
            "symmetric": self.symmetric,
            "pairs": [
                {"first": str(a), "then": str(b), "f_ab": exact(ab), "f_ba": exact(ba),
                 "equal": eq}
                for a, b, ab, ba, eq in self.pairs
            ],
        }

    def lines(self) -> list[str]:
        out = [f"Mixed partials of f = {self.f}:"]
        for a, b, ab, ba, eq in self.pairs:
            out.append(f"  ∂²f/∂{b}∂{a} = {ab}   ∂²f/∂{a}∂{b} = {ba}   "
                       + ("equal" if eq else "DIFFERENT"))
        out.append("Symmetric, as Clairaut/Schwarz promise for C² functions."
                   if self.symmetric else "Not symmetric: f is not C² there.")
        return out

    def latex(self) -> str:
        rows = [rf"\frac{{\partial^2 f}}{{\partial {latex(b)}\,\partial {latex(a)}}} = {latex(ab)}"
                rf" & \frac{{\partial^2 f}}{{\partial {latex(a)}\,\partial {latex(b)}}} = "
                rf"{latex(ba)} & " + latex_text("equal" if eq else "DIFFERENT")
                for a, b, ab, ba, eq in self.pairs]
        return (r"f = " + latex(self.f) + r":\quad\begin{array}{lll}" + r"\\ ".join(rows)
                + r"\end{array}")


def mixed_partials(f, variables: Iterable | None = None) -> MixedPartials:
    """Compute ``∂/∂y(∂f/∂x)`` and ``∂/∂x(∂f/∂y)`` separately for every pair and compare.

    >>> from sympy import symbols, sin
    >>> x, y = symbols("x y")
    >>> mixed_partials(x**3*sin(y)).symmetric
    True
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    pairs = []
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            a, b = xs[i], xs[j]
            ab = sp.diff(sp.diff(f, a), b)
            ba = sp.diff(sp.diff(f, b), a)
            pairs.append((a, b, ab, ba, sp.simplify(ab - ba) == 0))
    return MixedPartials(f, xs, tuple(pairs))


@dataclass(frozen=True)
class LimitMixedPartial(Result):
    """A mixed partial at a point from limits of difference quotients.

    ``first`` is differentiated first: ``value = ∂/∂second (∂f/∂first)`` at the point.
    """

    f: sp.Expr
    point: dict
    value_at_point: sp.Expr
    first: sp.Symbol
    second: sp.Symbol
    first_partial_nearby: sp.Expr
    first_partial_at_point: sp.Expr
    value: sp.Expr

    def to_dict(self) -> dict:
        return {
            "f": exact(self.f),
            "point": {str(k): exact(v) for k, v in self.point.items()},
            "value_at_point": exact(self.value_at_point),
            "order": [str(self.first), str(self.second)],
            "first_partial_nearby": exact(self.first_partial_nearby),
            "first_partial_at_point": exact(self.first_partial_at_point),
            "value": exact(self.value),
        }

    def lines(self) -> list[str]:
        a, b = self.first, self.second
        at = ", ".join(f"{k}={v}" for k, v in self.point.items())
        return [
            f"f = {self.f} away from ({at}), f({at}) = {self.value_at_point}",
            f"  ∂f/∂{a} on the line through the point along {b}: {self.first_partial_nearby}",
            f"  ∂f/∂{a} at the point (difference quotient): {self.first_partial_at_point}",
            f"  ∂²f/∂{b}∂{a} at the point = lim (Δ ∂f/∂{a}) / Δ{b} = {self.value}",
        ]

    def latex(self) -> str:
        a, b = latex(self.first), latex(self.second)
        return (r"\frac{\partial^2 f}{\partial " + b + r"\,\partial " + a + r"}"
                + r"\Big|_{" + r",\,".join(f"{latex(k)}={latex(v)}" for k, v in self.point.items())
                + r"} = \lim \frac{\Delta\, \partial f/\partial " + a + r"}{\Delta " + b
                + "} = " + latex(self.value) + r",\quad \frac{\partial f}{\partial " + a
                + "} = " + latex(self.first_partial_nearby) + r"\ " + latex_text("nearby"))


def _formula_and_value(f: sp.Piecewise, point: dict) -> tuple[sp.Expr, sp.Expr]:
    """Split a piecewise definition into its value at ``point`` and the formula that holds on
    a punctured neighbourhood of it (the branch whose condition is true near, not at, it)."""
    at = f.subs(point)
    h = sp.Rational(1, 10**9)  # a nearby rational point, only to select the branch
    near = {k: v + h * (i + 2) for i, (k, v) in enumerate(point.items())}
    for expr, cond in f.args:  # Piecewise takes the first branch whose condition holds
        if cond.subs(near) == sp.true:
            return expr, at
    raise SymhessError("the piecewise definition has no separate formula near the point")


def mixed_partial_by_limits(
    f, first, second, point: Mapping, value_at_point=0
) -> LimitMixedPartial:
    """``∂/∂second (∂f/∂first)`` at ``point`` from difference quotients, for an ``f`` given by
    a formula away from the point and by ``value_at_point`` at it.

    ``f`` may also be a ``Piecewise`` giving the value at the point as its own branch.

    This is how the textbook counterexample to Clairaut is computed: for
    ``f = xy(x²−y²)/(x²+y²)``, ``f(0,0) = 0``, ``f_xy(0,0) = −1`` but ``f_yx(0,0) = 1``.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> f = x*y*(x**2 - y**2)/(x**2 + y**2)
    >>> mixed_partial_by_limits(f, x, y, {x: 0, y: 0}).value
    -1
    >>> mixed_partial_by_limits(f, y, x, {x: 0, y: 0}).value
    1
    """
    f = as_expr(f)
    a, b = as_expr(first), as_expr(second)
    p = {as_expr(k): as_expr(v) for k, v in point.items()}
    if isinstance(f, sp.Piecewise):
        f, value_at_point = _formula_and_value(f, p)
    h = sp.Dummy("h", real=True, nonzero=True)
    t = sp.Dummy("t", real=True, nonzero=True)
    fixed = {k: v for k, v in p.items() if k not in (a, b)}
    g = f.subs(fixed)
    a0, b0 = p[a], p[b]
    # ∂f/∂a at (a0, b0 + t), t ≠ 0: the formula applies at both ends of the quotient.
    nearby = sp.limit(
        sp.simplify((g.subs({a: a0 + h, b: b0 + t}) - g.subs({a: a0, b: b0 + t})) / h), h, 0
    )
    # ∂f/∂a at the point itself: the quotient uses the value given there.
    at = sp.limit(sp.simplify((g.subs({a: a0 + h, b: b0}) - value_at_point) / h), h, 0)
    value = sp.limit(sp.simplify((nearby - at) / t), t, 0)
    return LimitMixedPartial(
        f=f,
        point=p,
        value_at_point=as_expr(value_at_point),
        first=a,
        second=b,
        first_partial_nearby=nearby.subs(t, sp.Symbol(f"Δ{b}")),
        first_partial_at_point=at,
        value=value,
    )
