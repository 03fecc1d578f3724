"""The exact algebra of ∇f = 0: the factors that never vanish dropped, real roots isolated
exactly, zero-dimensional systems solved triangularly from a lex Gröbner basis, polynomials
evaluated in a field or a ring."""

from __future__ import annotations

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyRing

from ..calculus import (
    _polynomial_ring,
    gradient,
)
from ..errors import UndeterminedError
from ..polysystem import (
    real_roots,
)
from ..signs import is_zero, sign, sign_or_none


def _even_powers_of_abs(f: sp.Expr) -> sp.Expr:
    """``|u|^(2k) = u^(2k)`` for real ``u``: the variables are real here, and the polynomial
    form is what the exact machinery reads (``|x|⁴`` is as smooth as ``x⁴``)."""
    return f.replace(lambda e: e.is_Pow and isinstance(e.base, sp.Abs) and e.exp.is_even,
                     lambda e: e.base.args[0] ** e.exp)


def _never_zero(factor: sp.Expr, xs) -> bool:
    """A factor that vanishes at no real point: exp(…), a positive constant, or a sum of even
    monomials with positive coefficients and a positive constant term."""
    if factor.is_number:
        return sign_or_none(factor)[0] not in (0, None)
    if isinstance(factor, sp.exp) or (factor.is_Pow and isinstance(factor.base, sp.exp)):
        return True
    if not factor.is_polynomial(*xs):
        return False
    p = sp.Poly(factor, *xs)
    terms = p.terms()
    signs = {sign(c) for _, c in terms}
    return (len(signs) == 1 and all(e % 2 == 0 for m, _ in terms for e in m)
            and p.coeff_monomial(1) != 0)


def _stays_transcendental(g: sp.Expr) -> bool:
    """``g`` cannot become polynomial by dropping never-vanishing factors (``exp`` is the only
    one recognised): it has another function, or a sum with exp in some terms and not in
    others (a common factor would have to be in every term)."""
    if any(not isinstance(a, sp.exp) for a in g.atoms(sp.Function)):
        return True
    return g.is_Add and g.has(sp.exp) and not all(t.has(sp.exp) for t in g.args)


def _vanishing_part(g: sp.Expr, xs) -> tuple[sp.Expr, sp.Expr]:
    """``(numerator, denominator)`` of ``g`` with the never-vanishing factors dropped."""
    num, den = sp.fraction(sp.together(g))
    if num == 0:
        return sp.Integer(0), den
    if not num.is_polynomial(*xs):
        # pull out the common factors (exp(…) among them) without polynomial factoring, which
        # would split exp(−x² − y²) into generators
        outer = [b for b in sp.Mul.make_args(sp.factor_terms(sp.powsimp(num)))
                 if not _never_zero(b, xs)]
        num = sp.Mul(*outer)
        if not num.is_polynomial(*xs):
            return num, den
    factors = _factor_list(num, xs)[1]
    kept = [b**e for b, e in factors if not _never_zero(b, xs)]
    return sp.Mul(*kept), den


class _NotAlgebraic(Exception):
    """A polynomial whose coefficients are not algebraic numbers (π, e): its real roots are
    not isolated exactly here."""


def _factor_list(e: sp.Expr, xs) -> tuple[sp.Expr, list[tuple[sp.Expr, int]]]:
    """``sp.factor_list`` with its promise kept: the returned coefficient is a constant.  With
    irrational coefficients SymPy can leave a whole factor in the "coefficient"
    (``4y³ − 2√3·y`` gives ``(4y² − 2√3, [(y, 1)])``); such a factor joins the list."""
    coeff, factors = sp.factor_list(e, *xs)
    if coeff.has(*xs):
        return sp.Integer(1), [*factors, (coeff, 1)]
    return coeff, factors


def _real_roots(p: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """Distinct real roots of a univariate polynomial, increasing (radicals for quadratic
    factors, ``CRootOf`` above: :func:`symhess.polysystem.real_roots`).  Algebraic
    coefficients (x³ − √3·x): the roots are among those of the norm, the product of the
    polynomial's conjugates, which has rational coefficients; each is kept only if it makes
    the polynomial exactly zero."""
    poly = sp.Poly(p, x)
    if all(c.is_Rational for c in poly.all_coeffs()):
        return real_roots([QQ.from_sympy(c) for c in poly.all_coeffs()], x)
    try:
        norm = sp.Poly(p, x, extension=True).norm()
    except (sp.polys.polyerrors.DomainError, NotImplementedError) as e:
        raise _NotAlgebraic(str(e)) from None
    return [r for r in real_roots([QQ.convert(c) for c in norm.all_coeffs()], x)
            if _exactly_zero(p.xreplace({x: r}))]


def _exactly_zero(e: sp.Expr) -> bool:
    """Whether ``e`` is 0, decided exactly; a candidate point is never dropped on a guess."""
    zero = is_zero(e)
    if zero is None:
        raise UndeterminedError(f"cannot decide whether {e} is 0, so whether a candidate "
                                "critical point is one", "an undecided exact zero test")
    return zero


def _substitute(p: sp.Expr, values: dict) -> sp.Expr:
    return sp.radsimp(sp.expand(p.xreplace(values))) if values else p


def _solve_triangular(G: list[sp.Expr], xs: tuple, eliminant) -> list[dict]:
    """All real solutions of a zero-dimensional lex Gröbner basis, last variable first."""
    solutions: list[dict] = [{}]
    # a CRootOf(…x…) coordinate stands in as a symbol while solving: substituting for a
    # variable must never reach inside a root's own polynomial
    roots: dict[sp.Dummy, sp.Expr] = {}
    for i in reversed(range(len(xs))):
        x, later = xs[i], set(xs[i + 1:])
        layer = [g for g in G if x in g.free_symbols and not (g.free_symbols - later - {x})]
        extended = []
        for sol in solutions:
            polys = [_substitute(g, sol) for g in layer]
            for r in _values_for(polys, x, roots, eliminant):
                if r.has(sp.CRootOf):
                    roots[stand_in := sp.Dummy(f"{x}")] = r
                    r = stand_in
                extended.append({**sol, x: r})
        solutions = extended
    return [{x: s[x].xreplace(roots) for x in xs} for s in solutions]


def _values_for(polys, x, roots, eliminant) -> list[sp.Expr]:
    """Real values of ``x`` at which every polynomial of ``polys`` vanishes (``roots`` gives
    the values of the stand-in symbols for earlier CRootOf coordinates)."""
    def vanish(r) -> bool:
        return all(_exactly_zero(q.xreplace({x: r}).xreplace(roots)) for q in polys)

    for p in polys:
        a, b = sp.Poly(p, x).all_coeffs() if sp.degree(p, x) == 1 else (None, None)
        if a is not None and is_zero(a.xreplace(roots)) is False:
            # Extension theorem (Cox, Little, O'Shea, *Ideals, Varieties, and Algorithms*,
            # ch. 3 §1): a leading coefficient that does not vanish at the partial solution
            # guarantees a common root of the layer, and the linear one has only this root
            return [sp.radsimp(-b / a).xreplace(roots)]
    if all(c.is_Rational for p in polys for c in sp.Poly(p, x).coeffs()):
        return _real_roots(sp.gcd_list(polys) if len(polys) > 1 else polys[0], x)
    return [r for r in _real_roots(eliminant(x), x) if vanish(r)]


def _zero_dimensional_points(polys, xs) -> tuple[list[dict], list[sp.Expr] | None]:
    """Real points of ``polys = 0``; or ``([], basis)`` when the set is not finite."""
    G = sp.groebner(polys, *xs, order="lex")
    if list(G.exprs) == [1]:
        return [], None
    if not G.is_zero_dimensional:
        return [], list(G.exprs)
    cache: dict = {}

    def eliminant(x):
        if x not in cache:
            others = [v for v in xs if v != x]
            cache[x] = sp.groebner(polys, *others, x, order="lex").exprs[-1]
        return cache[x]

    return _solve_triangular(list(G.exprs), xs, eliminant), None


def _gradient(f, xs) -> list[sp.Expr]:
    """``∇f``; a polynomial is differentiated in its ring (much cheaper than ``sp.diff``)."""
    fast = _polynomial_ring(f, xs)
    if fast is None:
        return list(gradient(f, xs))
    ring, p = fast
    return [p.diff(g).as_expr() for g in ring.gens]


def _poles(f, xs) -> list[sp.Expr]:
    """The bases ``b`` of negative powers ``b**(−k)`` in ``f`` as written: f is undefined
    where one of them is 0."""
    return [node.base for node in sp.preorder_traversal(f)
            if node.is_Pow and node.exp.is_negative and node.base.has(*xs)]


def _defined_at(poles, p) -> bool:
    return all(is_zero(b.xreplace(p)) is False for b in poles)


def _evaluate(poly, values, into=QQ):
    """``poly(values)`` in the arithmetic of ``into``: a field ``K ⊇ ℚ`` (the value at a
    point) or a polynomial ring over one (a substitution, e.g. ``x = p + Q·(s, w)``).  Each
    power is computed once; ``PolyElement.evaluate`` and ``compose`` would build a ring per
    variable dropped or cannot change rings."""
    source = poly.ring.domain
    if isinstance(into, PolyRing):
        def constant(c):
            return into.ground_new(into.domain.convert(c, source))
    else:
        def constant(c):
            return into.convert(c, source)
    powers: dict = {}
    total = into.zero
    for monom, c in poly.iterterms():
        term = constant(c)
        for i, e in enumerate(monom):
            if e:
                if (i, e) not in powers:
                    powers[i, e] = values[i] ** e
                term = term * powers[i, e]
        total += term
    return total

