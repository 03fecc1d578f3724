"""Real solutions of polynomial systems over ℚ, worked in SymPy's sparse polynomial rings.

The system is reduced to a lex Gröbner basis ``G`` and solved triangularly, last variable
first, without leaving ``ℚ[x₁…xₙ]``: ``G ∩ ℚ[xᵢ…xₙ]`` is a Gröbner basis of the i-th
elimination ideal (Cox, Little, O'Shea, *Ideals, Varieties, and Algorithms*, ch. 3 §1), so the
values of ``xᵢ`` over a partial solution are the common real roots of those basis elements
once the later coordinates are substituted — the real roots of their gcd.  Rational roots stay
in ℚ, irreducible quadratic factors give radicals, higher factors ``CRootOf``.

Working with ring elements instead of expressions is what makes the common case cheap: a
textbook gradient is solved in about a millisecond.  Two cases are handed back to the caller
(``None``) rather than guessed: an ideal that is not zero-dimensional, and a partial solution
with an irrational coordinate that later layers would have to substitute (arithmetic beyond ℚ).

>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> R, P, Q = rational_function(x**3 - 3*x + y**2, (x, y))
>>> real_solutions(gradient_numerators(P, Q), R)
[{x: -1, y: 0}, {x: 1, y: 0}]
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from sympy.core.cache import cacheit
from sympy.polys.domains import QQ
from sympy.polys.factortools import dup_factor_list
from sympy.polys.groebnertools import groebner
from sympy.polys.orderings import lex
from sympy.polys.polyerrors import CoercionFailed, GeneratorsError, PolynomialError
from sympy.polys.rings import PolyRing

from .signs import is_zero

__all__ = ["rational_function", "exponential_rational", "gradient_numerators", "real_solutions",
           "real_roots"]

#: Integer powers of sums above this are not expanded here (the caller's general path has the
#: budget and the care for them).
EXPANSION_LIMIT = 24


def rational_function(f: sp.Expr, xs: Sequence[sp.Symbol]):
    """``(R, P, Q)`` with ``f = P/Q``, ``P, Q ∈ R = ℚ[xs]`` (lex) coprime; ``None`` when ``f``
    is not a rational function with rational coefficients (or has a power too big to expand).
    Remembered for the last few ``f`` (finding, reducing and certifying all ask for it); the
    ring elements returned are not to be changed in place."""
    return _rational_function(f, tuple(xs))


@cacheit  # SymPy's cache, emptied by sympy.core.cache.clear_cache() with SymPy's own
def _rational_function(f: sp.Expr, xs: tuple):
    polynomial = True
    for node in sp.preorder_traversal(f):
        if node.is_Pow:
            if not node.exp.is_Integer or (node.base.is_Add and abs(node.exp) > EXPANSION_LIMIT):
                return None
            polynomial = polynomial and node.exp > 0
        elif not (node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul):
            return None
    if not f.free_symbols <= set(xs):
        return None
    R = PolyRing(tuple(xs), QQ, lex)
    try:
        if polynomial:  # the ring's own conversion is far cheaper than the field's
            return R, R.from_expr(f), R.one
        F = R.to_field().from_expr(f)
    except (CoercionFailed, GeneratorsError, PolynomialError, ValueError):
        return None
    return R, F.numer, F.denom


def exponential_rational(f: sp.Expr, xs: Sequence[sp.Symbol]):
    """``(R, P, Q, E)`` with ``f = (P/Q)·exp(E)``, all in ``R = ℚ[xs]``; ``None`` when ``f`` is
    not of that form (``E = 0`` for a rational function)."""
    exponents, rest = [], []
    for factor in sp.Mul.make_args(f):
        if isinstance(factor, sp.exp):
            exponents.append(factor.args[0])
        elif factor.has(sp.exp):
            return None
        else:
            rest.append(factor)
    ring = rational_function(sp.Mul(*rest), xs)
    if ring is None:
        return None
    R, P, Q = ring
    if not exponents:
        return R, P, Q, R.zero
    exponent = rational_function(sp.Add(*exponents), xs)
    if exponent is None or not exponent[2].is_ground:
        return None
    return R, P, Q, exponent[1] * (1 / exponent[2].LC)


def gradient_numerators(P, Q, E=None) -> list:
    """``Nᵢ = Q·∂ᵢP − P·∂ᵢQ + P·Q·∂ᵢE``, so that ``∂f/∂xᵢ = exp(E)·Nᵢ/Q²`` for
    ``f = (P/Q)·exp(E)``."""
    R = P.ring
    N = [P.diff(g) for g in R.gens] if Q.is_ground else [
        Q * P.diff(g) - P * Q.diff(g) for g in R.gens]
    if E:
        PQ = P * Q
        N = [n + PQ * E.diff(g) for n, g in zip(N, R.gens, strict=True)]
    return N


def real_roots(coefficients: list, x: sp.Symbol) -> list[sp.Expr]:
    """Distinct real roots of a univariate polynomial over ℚ (dense coefficients, highest
    first), increasing: rationals, radicals for quadratic factors, ``CRootOf`` otherwise."""
    roots: list[sp.Expr] = []
    for factor, _ in dup_factor_list(coefficients, QQ)[1]:
        if len(factor) == 2:
            roots.append(QQ.to_sympy(-factor[1] / factor[0]))
        elif len(factor) == 3:
            a, b, c = (QQ.to_sympy(v) for v in factor)
            disc = b * b - 4 * a * c
            if disc > 0:
                r = sp.sqrt(disc) / (2 * a)
                roots += [-b / (2 * a) - r, -b / (2 * a) + r]
        elif len(factor) > 3:
            poly = sp.Poly([QQ.to_sympy(v) for v in factor], x, domain=QQ)
            roots += poly.real_roots()
    return sorted(roots, key=lambda r: float(sp.N(r, 30)))


def _is_zero_dimensional(G, n: int) -> bool:
    """Every variable has a pure power among the leading monomials (finitely many solutions
    over ℂ)."""
    pure = {i for g in G for i in range(n)
            if g.LM[i] > 0 and sum(g.LM) == g.LM[i]}
    return len(pure) == n


def _linear_extension(layer, i, sol, xs):
    """The value of ``xᵢ`` over an irrational partial solution when the layer has an element
    ``c·xᵢ − g(xᵢ₊₁…)`` with ``c`` constant (the usual shape of a lex basis): ``xᵢ = g/c``, or
    ``False`` if another element of the layer does not vanish there (no extension); ``None``
    when no such element exists."""
    gen = layer[0].ring.gens[i] if layer else None
    for g in layer:
        c = g.coeff_wrt(gen, 1)
        if g.degree(gen) == 1 and c.is_ground:
            value = (gen * c - g).as_expr().xreplace(sol) / c.as_expr()
            if not value.has(sp.CRootOf):
                value = sp.radsimp(sp.expand(value))
            at = {**sol, xs[i]: value}
            # the elements free of xᵢ vanish already: they made the partial solution
            if all(is_zero(h.as_expr().xreplace(at)) for h in layer
                   if h != g and h.degree(gen) > 0):
                return value
            return False
    return None


def real_solutions(polys: Sequence, R) -> list[dict] | None:
    """Every real common zero of ``polys`` (elements of ``R = ℚ[x₁…xₙ]``, lex order), as
    ``{symbol: exact value}`` in increasing order; ``None`` when the complex solution set is
    not finite, or a later layer would have to substitute an irrational coordinate."""
    polys = [p for p in polys if p]
    n = R.ngens
    if not polys:
        return None
    G = groebner(polys, R)
    if len(G) == 1 and G[0].is_ground:
        return []
    if not _is_zero_dimensional(G, n):
        return None
    xs = R.symbols
    # layer i holds the basis elements free of x₁…xᵢ₋₁
    layers = [[g for g in G if all(m[j] == 0 for m in g.itermonoms() for j in range(i))]
              for i in range(n)]
    solutions: list[dict] = [{}]
    for i in reversed(range(n)):
        extended = []
        for sol in solutions:
            if any(not v.is_Rational for v in sol.values()):
                value = _linear_extension(layers[i], i, sol, xs)
                if value is None:
                    return None  # substituting √2 or CRootOf into a non-linear layer
                if value is not False:
                    extended.append({**sol, xs[i]: value})
                continue
            values = [(R.gens[j], QQ.convert(sol[xs[j]])) for j in range(i + 1, n)]
            common = R.zero
            for g in layers[i]:
                h = g.subs(values) if values else g
                common = h if not common else common.gcd(h)
            if common.is_ground:
                continue  # this partial solution does not extend
            dense = [QQ.zero] * (common.degree(R.gens[i]) + 1)
            for m, c in common.iterterms():
                dense[len(dense) - 1 - m[i]] = c
            extended += [{**sol, xs[i]: r} for r in real_roots(dense, xs[i])]
        solutions = extended
    key = [lambda s, x=x: float(sp.N(s[x], 30)) for x in xs]
    return sorted(({x: s[x] for x in xs} for s in solutions),
                  key=lambda s: tuple(k(s) for k in key))
