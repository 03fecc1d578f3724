"""Critical points found exactly and classified, degenerate ones included.

*Finding* (:func:`critical_points`): for polynomial and rational ``f`` the gradient's
numerators, stripped of factors that never vanish (``exp(…)``, positive definite sums of
squares), are solved exactly.  Their greatest common divisor cuts out hypersurfaces of critical
points, reported as **families**; the rest is a lex Gröbner basis, solved triangularly with the
real roots isolated exactly (radicals where they exist, ``CRootOf`` otherwise).  Other
functions go to SymPy's solver under the budget; where it finds nothing and a box is given, an
interval Krawczyk search encloses every critical point in the box and reports it as numeric
with its error bound.

*Classifying* (:func:`classify`): the inertia of ``H`` at the exact point decides
non-degenerate points and every indefinite one.  A semidefinite singular ``H`` — the
textbook's "inconclusive" — goes to the splitting lemma: the coordinates ``w`` off the kernel
are solved from ``∂f/∂w = 0`` as power series in the kernel coordinates ``s`` and the reduced
function ``g(s) = f(s, w(s)) − f(p)`` is read from its lowest-order form (odd degree: saddle;
definite: strict extremum; both signs: saddle).  With ``H = 0`` the reduced function is ``f``
itself.

>>> from sympy import symbols
>>> x, y = symbols("x y")
>>> c = classify((y - x**2)*(y - 2*x**2), {x: 0, y: 0})
>>> c.type, c.certificate.split(";")[0]
('saddle', 'along y = 3*x**2/2, f − f(p) = -x**4/4 < 0')
>>> [(str(p.point), p.type) for p in analyze_critical_points(x**3 - 3*x + y**2).points]
[('{x: -1, y: 0}', 'saddle'), ('{x: 1, y: 0}', 'min')]

Reference: Arnold, Gusein-Zade, Varchenko, *Singularities of Differentiable Maps* I, §1.3
(splitting lemma) and §12 (Newton polygons, quasi-homogeneous principal parts).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from sympy.core.cache import cacheit
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.orderings import lex
from sympy.polys.rings import PolyRing

from .budget import remaining, time_budget
from .calculus import (
    _point_in,
    _polynomial_ring,
    gradient,
    hessian,
    hessian_from_gradient,
    variables_of,
)
from .errors import BudgetExceeded, DimensionError, SymhessError, UndeterminedError
from .linalg import _domain_matrix, inertia
from .parsing import as_expr, parse_box
from .polysystem import (
    exponential_rational,
    gradient_numerators,
    number_field,
    rational_function,
    real_roots,
    real_solutions,
    to_field,
)
from .rendering import (
    clipped,
    condition_latex,
    latex_table,
    latex_text,
    number_latex,
    number_text,
    point_latex,
)
from .results import Result, exact, exact_matrix, latex, point_text, table
from .secondorder import interval_test, second_order_test
from .signs import is_zero, sign, sign_or_none
from .verdict import Verdict

__all__ = [
    "CriticalPoint",
    "Family",
    "CriticalPoints",
    "critical_points",
    "classify",
    "analyze_critical_points",
    "krawczyk_points",
    "parse_box",
]

#: Highest order of the Taylor expansion read by the degenerate analysis.
ORDER = 8
#: The share of the remaining budget SymPy's general solver may use on a non-polynomial f.
_SOLVER_SECONDS = 10.0


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriticalPoint(Result):
    """One critical point with its verdict and the evidence for it."""

    point: dict
    type: Verdict = Verdict.UNDETERMINED
    strict: bool | None = None
    degenerate: bool = False
    criterion: str = ""
    certificate: str = ""
    hessian: sp.ImmutableMatrix | None = None
    discriminant: sp.Expr | None = None
    exact: bool = True
    error_bound: float | None = None
    #: the second-order test's evidence as data (leading minors, witness directions, minor
    #: enclosures); ``None`` when the verdict came from the higher-order analysis
    evidence: Result | None = None

    def to_dict(self) -> dict:
        d = {"point": {str(k): exact(v) for k, v in self.point.items()}, "type": str(self.type),
             "strict": self.strict, "degenerate": self.degenerate, "exact": self.exact,
             "criterion": self.criterion,
             "hessian": exact_matrix(self.hessian) if self.hessian is not None else None,
             "certificate": self.certificate}
        if self.discriminant is not None:
            d["discriminant"] = exact(self.discriminant)
        if not self.exact:
            d["error_bound"] = f"{self.error_bound:.3g}"
        if self.evidence is not None:
            d["evidence"] = self.evidence.to_dict()
        return d

    def lines(self) -> list[str]:
        kind = Verdict(self.type).describe(self.strict)
        out = [f"{point_text(self.point)}: {kind}"
               + ("" if self.exact else f" (numeric, error ≤ {self.error_bound:.1e})")]
        if self.discriminant is not None:
            out.append(f"  D = f_xx·f_yy − f_xy² = {number_text(self.discriminant)}")
        out += [f"  criterion: {self.criterion}", f"  certificate: {self.certificate}"]
        return out

    def latex(self) -> str:
        rows = [point_latex(self.point) + r":\ " + latex_text(self.lines()[0].split(": ", 1)[1])]
        if self.discriminant is not None:
            rows.append(r"D = f_{xx} f_{yy} - f_{xy}^{2} = " + number_latex(self.discriminant))
        rows += [latex_text("criterion: " + self.criterion),
                 latex_text("certificate: " + self.certificate)]
        return r"\begin{array}{l}" + r"\\ ".join(rows) + r"\end{array}"


@dataclass(frozen=True)
class Family(Result):
    """A positive-dimensional set of critical points, given by its defining equations."""

    equations: tuple[sp.Expr, ...]
    type: str = "undetermined"
    strict: bool | None = False
    parametrisation: str = ""
    certificate: str = ""
    periodic: bool = False
    #: where the type is not the same at every point (``type == "varies"``), the pieces of
    #: the family with theirs (:class:`symhess.families.Piece`)
    pieces: tuple = ()

    def to_dict(self) -> dict:
        d = {"equations": [exact(e) for e in self.equations], "type": str(self.type),
             "strict": self.strict, "certificate": self.certificate}
        if self.parametrisation:
            d["parametrisation"] = self.parametrisation
        if self.pieces:
            d["pieces"] = [piece.to_dict() for piece in self.pieces]
        return d

    def _kind(self) -> str:
        if self.type == "varies":
            return "the type varies along it"
        return Verdict(self.type).describe(self.strict) + " at every point"

    def lines(self) -> list[str]:
        eqs = ", ".join(f"{e} = 0" for e in self.equations)
        out = [f"family {eqs}: {self._kind()}"]
        if self.parametrisation:
            out.append(f"  parametrised: {self.parametrisation}")
        if self.type == "varies":
            out += [f"  where {piece.where}: {piece.type.describe(piece.strict)}"
                    for piece in self.pieces]
        return [*out, f"  certificate: {self.certificate}"]

    def latex(self) -> str:
        where = condition_latex(sp.And(*(sp.Eq(e, 0) for e in self.equations)))
        rows = [where + r":\ " + latex_text(self._kind())]
        if self.type == "varies":
            rows += [latex_text(f"where {piece.where}: {piece.type.describe(piece.strict)}")
                     for piece in self.pieces]
        return (r"\begin{array}{l}" + r"\\ ".join(rows) + r"\\ "
                + latex_text("certificate: " + self.certificate) + r"\end{array}")


@dataclass(frozen=True)
class CriticalPoints(Result):
    """All critical points found, families among them, and whether the list is complete."""

    f: sp.Expr
    variables: tuple[sp.Symbol, ...]
    points: tuple[CriticalPoint, ...]
    families: tuple[Family, ...] = ()
    complete: bool = True
    method: str = ""
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"function": exact(self.f), "variables": [str(x) for x in self.variables],
                "critical_points": [p.to_dict() for p in self.points],
                "families": [fam.to_dict() for fam in self.families],
                "complete": self.complete, "method": self.method, "notes": list(self.notes)}

    def lines(self) -> list[str]:
        n = len(self.points)
        how = ("interrupted by the time budget" if self.method == "interrupted"
               else f"solved by {self.method}")
        out = [f"f = {self.f}", f"∇f = 0 {how}: {n} isolated point(s)"
               + (f", {len(self.families)} family(ies)" if self.families else "")
               + (" — provably complete" if self.complete else " — NOT proved complete")
               + (" inside the box" if self.complete and "box" in self.method else "")]
        shown, cut = clipped(self.points)
        rows = [[point_text(p.point), p.type, _strictness(p), p.criterion.split(":")[0]]
                for p in shown]
        if rows:
            out += table(rows, ["point", "type", "strict", "criterion"])
        out += [cut] if cut else []
        for p in shown:
            out += ["", *p.lines()]
        for fam in self.families:
            out += ["", *fam.lines()]
        return out + [f"note: {n}" for n in self.notes]

    def latex(self) -> str:
        shown, cut = clipped(self.points)
        rows = [[point_latex(p.point), latex_text(p.type), latex_text(_strictness(p)),
                 latex_text(p.criterion.split(":")[0])] for p in shown]
        rows += [[latex_text(cut), "", "", ""]] if cut else []
        parts = [r"f = " + latex(self.f), latex_text(self.lines()[1])]
        if rows:
            parts.append(latex_table(["point", "type", "strict", "criterion"], rows))
        parts += [fam.latex() for fam in self.families]
        parts += [latex_text("note: " + n) for n in self.notes]
        return r"\begin{array}{l}" + r"\\ ".join(parts) + r"\end{array}"


def _even_powers_of_abs(f: sp.Expr) -> sp.Expr:
    """``|u|^(2k) = u^(2k)`` for real ``u``: the variables are real here, and the polynomial
    form is what the exact machinery reads (``|x|⁴`` is as smooth as ``x⁴``)."""
    return f.replace(lambda e: e.is_Pow and isinstance(e.base, sp.Abs) and e.exp.is_even,
                     lambda e: e.base.args[0] ** e.exp)


def _strictness(p: CriticalPoint) -> str:
    return "" if p.type not in ("min", "max") else ("strict" if p.strict else "non-strict")


# -- finding ----------------------------------------------------------------------------------


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


def _hypersurface_families(numerators, xs):
    """Split off the common factor ``h`` of the gradient's numerators:
    ``(families, cofactors, origin)``.

    Each real hypersurface factor of ``h`` is a family of critical points; a factor that is a
    definite even form (``x² + y²``) vanishes only at the origin, which is then critical."""
    nonzero = [p for p in numerators if p != 0]
    if not nonzero:
        return [], [], False
    # with one non-zero equation the common factor is the whole equation: its zero set is
    # found by the Gröbner step (a point in one variable, a family otherwise)
    h = sp.gcd_list(nonzero) if len(nonzero) > 1 else sp.Integer(1)
    if sp.Poly(h, *xs).total_degree() == 0:
        return [], numerators, False
    families, origin = [], False
    for b, _ in _factor_list(h, xs)[1]:
        involved = [x for x in xs if b.has(x)]
        if _even_form_sign(b, involved) is not None and _has_pure_powers(b, involved):
            # a definite even form: zero exactly where its own variables are
            if len(involved) == len(xs):
                origin = True
            else:
                families.append(tuple(involved))
        else:
            families.append((b,))
    return families, [sp.cancel(p / h) for p in numerators], origin


def _has_pure_powers(b, xs) -> bool:
    return all(sp.Poly(b, *xs).coeff_monomial(x ** sp.degree(b, x)) != 0 for x in xs)


def _family(equations, f, xs, periodic: bool = False) -> Family:
    """Classify ``f`` along a family: ``f − c`` of constant sign with ``c`` its value there."""
    param = _parametrisation(equations, xs)
    if not f.is_polynomial(*xs):
        return Family(tuple(equations), parametrisation=param, periodic=periodic,
                      certificate="f is not a polynomial: its value and sign near the family "
                      "are not decided")
    # the remainder on division by a Gröbner basis over ℚ (still one over any extension, so
    # coefficients such as √2 or π in f are fine): f's value on the family if constant
    G = sp.groebner(list(equations), *xs, order="grevlex")
    c = sp.reduced(sp.expand(f), list(G.exprs), *xs, order="grevlex")[1]
    if c.free_symbols:
        return Family(tuple(equations), parametrisation=param,
                      certificate="f is not constant on the set's equations as reduced; "
                      "the type along it is not decided", periodic=periodic)
    coeff, factors = _factor_list(sp.expand(f - c), xs)
    signs = [1 if e % 2 == 0 else _even_form_sign(b, xs) for b, e in factors]
    if coeff != 0 and None not in signs:
        kind = "min" if sign(coeff) * sp.prod(signs) > 0 else "max"
        rel = "≥" if kind == "min" else "≤"
        lhs = "f" if c == 0 else f"f − ({c})"
        return Family(tuple(equations), kind, False, param,
                      f"{lhs} = {sp.factor(f - c)} {rel} 0 everywhere (even powers and "
                      "sums of even monomials of one sign) and = 0 on the family",
                      periodic)
    return Family(tuple(equations), parametrisation=param, periodic=periodic,
                  certificate=f"f − ({c}) = {sp.factor(f - c)} has factors of odd power: its "
                  "sign near the family can change from point to point, so no single type")


def _classified_families(f, xs, sets) -> tuple[list[Family], list[dict]]:
    """Families in their simplest form (irreducible components, :mod:`symhess.families`),
    each classified: the sign of ``f − c`` where it settles every point at once, else the
    type piece by piece along the family (Morse–Bott); and the isolated points hidden in a
    non-finite set's equations."""
    from .families import classify_component, decompose

    if not sets:
        return [], []
    try:
        components, extra = decompose(sets, xs)
    except (sp.polys.polyerrors.PolynomialError, sp.polys.polyerrors.DomainError,
            NotImplementedError):  # coefficients such as π: the sets as they are
        return [_family(list(e), f, xs) for e in sets], []
    out = []
    for comp in components:
        whole = _family(list(comp.equations), f, xs)
        if whole.type != Verdict.UNDETERMINED.value:
            out.append(whole)
            continue
        ft = classify_component(f, comp, xs)
        param = whole.parametrisation or _graph_text(comp)
        out.append(Family(comp.equations, ft.type_name, ft.strict, param, ft.certificate,
                          pieces=ft.pieces))
    return out, extra


def _graph_text(comp) -> str:
    if comp.parametrisation is None:
        return ""
    t = comp.parameter
    return ", ".join(f"{x} = {v}" for x, v in comp.parametrisation.items() if x != t) \
        + f" ({t} free)"


def _even_form_sign(b, xs) -> int | None:
    """+1/−1 if ``b`` is ≥ 0 (≤ 0) everywhere, shown by one of two cheap sufficient tests:
    every monomial even with coefficients of one sign; or ``b`` quadratic with a semidefinite
    Hessian and an attained extreme value of that sign.  ``None`` when neither shows it."""
    p = sp.Poly(b, *xs)
    signs = {sign(c) for c in p.coeffs()}
    if len(signs) == 1 and all(e % 2 == 0 for m in p.monoms() for e in m):
        return signs.pop()
    if p.total_degree() != 2:
        return None
    n_plus, n_minus, _ = inertia(hessian(b, xs))
    if n_plus and n_minus:
        return None
    solution = sp.solve(list(gradient(b, xs)), list(xs), dict=True)
    if not solution:
        return None  # semidefinite but unbounded along the kernel: both signs
    extreme = sign(b.subs({x: solution[0].get(x, 0) for x in xs}))
    side = 1 if n_minus == 0 else -1
    return side if extreme in (0, side) else None


def _family_through(f, xs, p) -> Family | None:
    """The family of critical points of a polynomial ``f`` that passes through ``p``, if any."""
    if not f.is_polynomial(*xs):
        return None
    numerators = [_vanishing_part(g, xs)[0] for g in _gradient(f, xs)]
    fam_eqs, cofactors, _ = _hypersurface_families(numerators, xs)
    G = sp.groebner(cofactors, *xs, order="lex") if cofactors else None
    if G is not None and not G.is_zero_dimensional and list(G.exprs) != [1]:
        fam_eqs.append(tuple(G.exprs))
    through = [eqs for eqs in fam_eqs if all(is_zero(as_expr(e).xreplace(p)) for e in eqs)]
    key = (f, tuple(p.get(x) for x in xs))
    if not through or key in _FAMILY_CHECKS:
        return None  # an exceptional point of the family is being classified: no loop
    _FAMILY_CHECKS.add(key)
    try:
        classified, _ = _classified_families(f, xs, through)
    finally:
        _FAMILY_CHECKS.discard(key)
    for fam in classified:
        if not all(is_zero(e.xreplace(p)) for e in fam.equations):
            continue
        if fam.type != "varies":
            return fam
        piece = next((q for q in fam.pieces if q.holds_at(p)), None)
        if piece is not None:
            return Family(fam.equations, piece.type.value, piece.strict, fam.parametrisation,
                          f"{fam.certificate}; here {piece.where}", pieces=fam.pieces)
    return None


#: (f, point) pairs whose family is being classified, so that an exceptional point of a
#: family, handed back to the point classifier, does not ask for its family again
_FAMILY_CHECKS: set = set()


def _parametrisation(equations, xs) -> str:
    if len(equations) != 1 or len(xs) != 2:
        return ""
    e = sp.expand(equations[0])
    x, y = xs
    r2 = -e.subs({x: 0, y: 0})
    if sp.expand(e - x**2 - y**2 + r2) == 0 and r2.is_positive:
        r, t = sp.sqrt(r2), sp.Symbol("t")
        return f"{x} = {r * sp.cos(t)}, {y} = {r * sp.sin(t)}"
    for a, b in ((x, y), (y, x)):
        s = sp.solve(e, a)
        if len(s) == 1 and sp.degree(e, a) == 1:
            return f"{a} = {s[0]}, {b} = t"
    return ""


def critical_points(f, variables: Iterable | None = None, box=None) -> CriticalPoints:
    """Every real critical point of ``f`` (isolated points and families), classified.

    ``box`` maps variables to ``(low, high)``; it is used for the certified numeric search
    when no exact solution is found.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> r = critical_points(x**2*y**2)
    >>> r.points, [fam.equations for fam in r.families], r.complete
    ((), [(x,), (y,)], True)
    """
    f = _even_powers_of_abs(as_expr(f))
    xs = variables_of(f, variables)
    if not xs:
        raise DimensionError("f has no variables: nothing to differentiate")
    if isinstance(box, str):
        box = parse_box(box, xs)
    found: list[CriticalPoint] = []
    families: list[Family] = []
    # a budget of our own, just inside the caller's: its expiry is ours to catch, so what was
    # found so far travels with the error (an outer expiry would pass straight through)
    left = remaining()
    try:
        with time_budget(None if left == float("inf") else 0.9 * left,
                         "finding the critical points"):
            return _find(f, xs, box, found, families)
    except BudgetExceeded as e:
        partial = CriticalPoints(f, xs, tuple(found), tuple(families), complete=False,
                                 method="interrupted", notes=("the time budget ran out",))
        raise BudgetExceeded(str(e), e.seconds, partial=partial) from None


def _gradient(f, xs) -> list[sp.Expr]:
    """``∇f``; a polynomial is differentiated in its ring (much cheaper than ``sp.diff``)."""
    fast = _polynomial_ring(f, xs)
    if fast is None:
        return list(gradient(f, xs))
    ring, p = fast
    return [p.diff(g).as_expr() for g in ring.gens]


def _find_in_ring(f, xs, found) -> CriticalPoints | None:
    """The common case in ``ℚ[xs]``: ``f = (P/Q)·exp(E)`` whose gradient numerators have no
    common factor and finitely many complex zeros, solved and differentiated in the polynomial
    ring (:mod:`symhess.polysystem`).  ``None`` hands every other case to the general path."""
    ring = exponential_rational(f, xs)
    if ring is None:
        return None
    R, P, Q, E = ring
    N = gradient_numerators(P, Q, E)
    nonzero = [g for g in N if g]
    if not nonzero or not functools.reduce(lambda a, b: a.gcd(b), nonzero).is_ground:
        return None  # constant f, or a common factor: a family of critical points
    points = real_solutions(N, R)
    if points is None:
        return None
    poles = _poles(f, xs)
    # at a zero of every Nᵢ = Q²·exp(−E)·∂ᵢf, ∂ⱼ∂ᵢf = exp(E)·∂ⱼNᵢ / Q² (the other terms carry
    # Nᵢ): H = c·M with c = exp(E)/Q² > 0, so M has the inertia of H
    second = [[N[i].diff(g) for g in R.gens] for i in range(len(xs))]
    for p in points:
        if poles and not _defined_at(poles, p):
            continue  # f as written divides by 0 there, even if P/Q cancels the factor
        # exact arithmetic in ℚ, or in the number field of CRootOf coordinates (which keeps
        # H's entries reduced, so a zero entry is 0); radicals simplify well as expressions
        K = number_field(p.values()) if all(v.is_Rational or v.has(sp.CRootOf)
                                            for v in p.values()) else None
        if K is not None:
            at = [to_field(K, p[x]) for x in xs]
            q = _evaluate(Q, at, K)
            if not q:
                continue  # a pole of f, not a critical point
            M = sp.ImmutableMatrix([[K.to_sympy(_evaluate(h, at, K) / q**2) for h in row]
                                    for row in second])
            c = sp.exp(K.to_sympy(_evaluate(E, at, K))) if E else sp.Integer(1)
        else:
            q = sp.radsimp(sp.expand(Q.as_expr().xreplace(p)))
            if is_zero(q):
                continue
            M = sp.ImmutableMatrix([[sp.radsimp(sp.expand(h.as_expr().xreplace(p) / q**2))
                                     for h in row] for row in second])
            c = sp.exp(sp.radsimp(sp.expand(E.as_expr().xreplace(p)))) if E else sp.Integer(1)
        found.append(_classify_at(f, xs, p, M, c))
    return CriticalPoints(f, xs, tuple(found), (), complete=True,
                          method="Gröbner basis (lex), real roots isolated exactly")


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


def _find(f, xs, box, found, families) -> CriticalPoints:
    fast = _find_in_ring(f, xs, found)
    if fast is not None:
        return fast
    grad = _gradient(f, xs)
    parts = []
    for g in [] if any(map(_stays_transcendental, grad)) else grad:
        parts.append(_vanishing_part(g, xs))
        if not all(e.is_polynomial(*xs) for e in parts[-1]):
            break  # the first component that stays non-polynomial decides
    numerators = [n for n, _ in parts]
    denominators = [d for _, d in parts]
    if len(parts) == len(grad) and all(n.is_polynomial(*xs) for n in numerators) and all(
            d.is_polynomial(*xs) for d in denominators):
        fam_eqs, cofactors, origin = _hypersurface_families(numerators, xs)
        try:
            points, basis = _zero_dimensional_points(cofactors, xs) if cofactors else ([], None)
        except _NotAlgebraic:  # coefficients such as π: SymPy's solver, not proved complete
            return _find_transcendental(f, xs, grad, box, found, families)
        if origin and {x: 0 for x in xs} not in points:
            points.append({x: sp.Integer(0) for x in xs})
        sets = sorted(fam_eqs, key=sp.default_sort_key) + ([tuple(basis)] if basis else [])
        classified, extra = _classified_families(f, xs, sets)
        families += classified
        points += [p for p in extra if p not in points]
        points = [p for p in points
                  if not any(all(is_zero(e.xreplace(p)) for e in fam.equations)
                             for fam in classified)]
        points = [p for p in points if all(is_zero(d.xreplace(p)) is False for d in denominators)
                  and _defined_at(_poles(f, xs), p)]
        hess = hessian(f, xs)
        for p in points:  # critical by construction: each solves the gradient's numerators
            found.append(_classify_critical(f, xs, p, hess))
        return CriticalPoints(f, xs, tuple(found), tuple(families), complete=True,
                              method="Gröbner basis (lex), real roots isolated exactly")
    return _find_transcendental(f, xs, grad, box, found, families)


def _find_transcendental(f, xs, grad, box, found, families) -> CriticalPoints:
    notes = []
    solutions = []
    try:
        seconds = _SOLVER_SECONDS if box is None else _SOLVER_SECONDS / 4
        with time_budget(min(remaining(), seconds), "SymPy's solver"):
            # every solution is verified exactly below (∇f = 0 by exact zero tests), so
            # SymPy's own substitution check and simplification are not repeated here
            solutions = sp.solve(grad, list(xs), dict=True, check=False, simplify=False)
    except (BudgetExceeded, NotImplementedError) as e:
        notes.append(f"SymPy's solver gave no answer: {e}")
    periodic = [x for x in xs if _is_periodic(f, x)] if solutions else []
    hess = hessian_from_gradient(grad, xs) if solutions else None
    for s in solutions:
        if set(s) != set(xs) or any(v.free_symbols or v.has(sp.I) for v in s.values()):
            continue
        point = {x: s[x] for x in xs}
        if not all(is_zero(g.xreplace(point)) for g in grad):
            continue
        c = _classify_critical(f, xs, point, hess)
        found.append(c)
        if periodic:
            eqs = tuple(x - point[x] - (2 * sp.pi * sp.Symbol(f"k_{x}", integer=True)
                                        if x in periodic else 0) for x in xs)
            families.append(Family(eqs, c.type, c.strict,
                                   "integers k: the point shifted by whole periods 2π",
                                   f"f is 2π-periodic in {', '.join(map(str, periodic))}; "
                                   f"same Taylor expansion as at {point_text(point)}",
                                   periodic=True))
    method = "SymPy's solver (solutions verified exactly)"
    if periodic and solutions:
        notes.append("periodic families: each listed point repeats with period 2π; the "
                     "solver's list within one period is not proved complete")
    if not found and box is not None:
        for point, bound, enclosure in krawczyk_points(grad, xs, box):
            found.append(_numeric_point(f, xs, point, bound, enclosure))
        return CriticalPoints(f, xs, tuple(found), tuple(families), complete=True,
                              method="interval Krawczyk search in the box (certified)",
                              notes=(*notes, "complete inside the given box only"))
    if not found and not families:
        return _default_box_search(f, xs, grad, notes)
    return CriticalPoints(f, xs, tuple(found), tuple(families), complete=False, method=method,
                          notes=tuple(notes) or ("non-polynomial gradient: the solver's "
                                                 "list is not proved complete",))


#: The box searched when no closed form was found and none was given: each variable in
#: [−DEFAULT_BOX, DEFAULT_BOX], under at most DEFAULT_BOX_SECONDS of the budget.
DEFAULT_BOX = 5
DEFAULT_BOX_SECONDS = 10.0


def _default_box_search(f, xs, grad, notes) -> CriticalPoints:
    """Nothing found and nothing proved: rather than report 0 points, search a default box
    with the certified interval method and say that the answer covers that box only."""
    box = {x: (-DEFAULT_BOX, DEFAULT_BOX) for x in xs}
    text = ",".join(f"{x}={-DEFAULT_BOX}..{DEFAULT_BOX}" for x in xs)
    found = []
    try:
        with time_budget(min(remaining(), DEFAULT_BOX_SECONDS), "the default box search"):
            for point, bound, enclosure in krawczyk_points(grad, xs, box):
                found.append(_numeric_point(f, xs, point, bound, enclosure))
    except (BudgetExceeded, SymhessError, ValueError, TypeError, ZeroDivisionError) as e:
        return CriticalPoints(f, xs, tuple(found), (), complete=False,
                              method="SymPy's solver (solutions verified exactly)",
                              notes=(*notes, f"no closed form, and the certified search of the "
                                     f"box {text} did not finish ({e}); give a smaller --box"))
    return CriticalPoints(f, xs, tuple(found), (), complete=False,
                          method="interval Krawczyk search in a default box (certified)",
                          notes=(*notes, f"no closed form was found, so the box {text} was "
                                 "searched: these are all the critical points inside it, none "
                                 "outside it is excluded; give --box to search elsewhere"))


# -- certified numeric search ------------------------------------------------------------------

_IV_FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt")


def _interval_function(exprs, xs):
    """``exprs`` as a function of mpmath intervals (rigorous enclosures of their ranges)."""
    iv = mpmath.iv
    ratio = sp.Function("ivratio")
    table_ = {name: getattr(iv, name) for name in _IV_FUNCTIONS} | {
        "pi": iv.pi, "E": iv.e, "ivratio": lambda p, q: iv.mpf(p) / iv.mpf(q)}
    # rationals as interval quotients: a float 1/10 would not enclose one tenth
    exprs = [as_expr(e).xreplace({r: ratio(r.p, r.q) for r in as_expr(e).atoms(sp.Rational)
                                     if not r.is_Integer}) for e in exprs]
    fn = sp.lambdify(list(xs), exprs, modules=[table_])

    def intervals(*args):
        # a constant entry comes back as a plain number: every entry as an interval
        return [v if isinstance(v, mpmath.ctx_iv.ivmpf) else iv.mpf(v) for v in fn(*args)]

    return intervals


def krawczyk_points(grad, xs, box, *, tolerance: float = 1e-10, max_boxes: int = 20000):
    """Every zero of ``grad`` in ``box``, each enclosed in a box proved to hold exactly one.

    Krawczyk's operator ``K(X) = m − Y g(m) + (I − Y J(X))(X − m)`` with ``Y ≈ J(m)⁻¹``:
    ``K(X) ⊂ int X`` proves a unique zero in ``X``; ``K(X) ∩ X = ∅`` proves none.  Boxes
    where neither holds are bisected (Moore, Kearfott & Cloud, *Introduction to Interval
    Analysis*, §8.2).  Returns ``[(point, error_bound, enclosure)]``: the enclosure's midpoint
    (17 digits), its largest width, and the enclosing intervals themselves.
    """
    iv = mpmath.iv
    n = len(xs)
    g = _interval_function(grad, xs)
    J = _interval_function([sp.diff(gi, x) for gi in grad for x in xs], xs)
    stack = [[iv.mpf([_outward(lo, -1), _outward(hi, 1)]) for lo, hi in (box[x] for x in xs)]]
    found: list = []
    boxes = 0
    while stack:
        X = stack.pop()
        boxes += 1
        if boxes > max_boxes:
            raise BudgetExceeded("the interval search met too many boxes; shrink the box")
        if any(0 not in v for v in g(*X)):
            continue
        mid = [iv.mpf(_point(v.mid)) for v in X]
        JX = J(*X)
        Jm = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                Jm[i, j] = _point(JX[i * n + j].mid)
        try:
            Y = mpmath.inverse(Jm)
        except ZeroDivisionError:
            Y = None
        if Y is not None:
            gm = g(*mid)
            K = []
            for i in range(n):
                k = mid[i] - sum((iv.mpf(Y[i, j]) * gm[j] for j in range(n)), iv.mpf(0))
                for j in range(n):
                    c = (1 if i == j else 0) - sum(
                        (iv.mpf(Y[i, m]) * JX[m * n + j] for m in range(n)), iv.mpf(0))
                    k += c * (X[j] - mid[j])
                K.append(k)
            if any(_hi(k) < _lo(x) or _lo(k) > _hi(x) for k, x in zip(K, X, strict=True)):
                continue
            if all(_lo(x) < _lo(k) and _hi(k) < _hi(x) for k, x in zip(K, X, strict=True)):
                width = max(float(_point(k.delta)) for k in K)
                if width < tolerance:
                    found.append(([sp.Float(mpmath.nstr(_point(k.mid), 17), 17) for k in K],
                                  width, K))
                else:
                    # the zero lies in K; K inflated a little (epsilon-inflation) so that a
                    # component K pins exactly (zero width) can still be strictly inside
                    grow = iv.mpf([-1, 1]) * (mpmath.mpf(width) / 64 + mpmath.mpf(2) ** -1000)
                    stack.append([k + grow for k in K])
                continue
        widest = max(range(n), key=lambda i: _point(X[i].delta))
        # split off-centre: a zero on a symmetric box's midline would sit on both halves' edge,
        # where Krawczyk's interior test can never succeed
        a, b = _lo(X[widest]), _hi(X[widest])
        m = a + (b - a) * mpmath.mpf("0.4870156")
        stack += [X[:widest] + [iv.mpf([a, m])] + X[widest + 1:],
                  X[:widest] + [iv.mpf([m, b])] + X[widest + 1:]]
    unique = []
    for p, w, K in found:
        if not any(max(abs(float(a - b)) for a, b in zip(p, q, strict=True)) <= 2 * max(w, v)
                   for q, v, _ in unique):
            unique.append((p, w, K))
    return [({x: c for x, c in zip(xs, p, strict=True)}, w, K)
            for p, w, K in sorted(unique, key=lambda u: u[0])]


def _lo(interval) -> mpmath.mpf:
    """The lower end of an interval as a plain ``mpf``."""
    return mpmath.mpf(interval.a)


def _hi(interval) -> mpmath.mpf:
    return mpmath.mpf(interval.b)


_point = _lo


def _outward(value, direction: int) -> float:
    """A float beyond the exact box bound ``value`` in ``direction`` (the box only grows)."""
    v = float(as_expr(value))
    return v + direction * (abs(v) + 1) * 2.0**-50


def _is_periodic(f, x) -> bool:
    if not any(t.has(x) for t in f.atoms(sp.sin, sp.cos, sp.tan)):
        return False
    try:
        with time_budget(min(remaining(), 2.0), "the periodicity check"):
            return sp.simplify(sp.expand_trig(f.subs(x, x + 2 * sp.pi) - f)) == 0
    except BudgetExceeded:
        return False


def _numeric_point(f, xs, point, bound, enclosure) -> CriticalPoint:
    """Classify a certified numeric point by Jacobi's rule on the interval Hessian.

    Over the whole enclosure the leading principal minors ``D₁ … Dₙ`` are enclosed by interval
    arithmetic; if none contains 0, the number of negative eigenvalues at the true critical
    point is the number of sign changes in ``1, D₁, …, Dₙ`` (Jacobi)."""
    hess = hessian(f, xs)
    n = len(xs)
    H_iv = _interval_function(list(hess), xs)(*enclosure)
    rows = [H_iv[i * n:(i + 1) * n] for i in range(n)]
    H = sp.ImmutableMatrix(n, n, lambda i, j: sp.Float(mpmath.nstr(_point(rows[i][j].mid), 17),
                                                       17))
    test = interval_test(rows)
    why = "over the enclosure: " + test.evidence.text()
    return CriticalPoint(point, test.type, test.strict, test.type is Verdict.UNDETERMINED,
                         "interval Hessian over a certified enclosure (Krawczyk)", why, H,
                         _discriminant(H) if n == 2 else None, exact=False, error_bound=bound,
                         evidence=test.evidence)


# -- classifying ------------------------------------------------------------------------------


def classify(f, point, variables: Iterable | None = None) -> CriticalPoint:
    """The type of the critical point ``point`` of ``f``, decided exactly, with a certificate.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> c = classify(x**2 + y**4, {x: 0, y: 0})
    >>> c.type, c.strict, c.degenerate
    ('min', True, True)
    >>> classify(x**3 - 3*x*y**2, {x: 0, y: 0}).type
    'saddle'
    """
    f = _even_powers_of_abs(as_expr(f))
    xs = variables_of(f, variables)
    p = _point_in(xs, point)
    grad = [g.xreplace(p) for g in _gradient(f, xs)]
    if not all(is_zero(g) for g in grad):
        raise SymhessError(f"{point_text(p)} is not a critical point: ∇f = {grad}")
    return _classify_critical(f, xs, p, hessian(f, xs))


def _classify_critical(f, xs, p, hess) -> CriticalPoint:
    """Classify a point already known to be critical, given the Hessian ``hess`` of f."""
    H = hess.xreplace(p).applyfunc(lambda v: v if v.is_Rational else sp.radsimp(sp.expand(v)))
    return _classify_at(f, xs, p, sp.ImmutableMatrix(H))


def _classify_at(f, xs, p, M, c=sp.S.One) -> CriticalPoint:
    """Classify the critical point ``p`` whose Hessian is ``H = c·M`` (``c > 0`` exact, ``M``
    with exact entries): the inertia is read from ``M``, the evidence shown for ``H``."""
    H = M if c == 1 else M.applyfunc(lambda v: c * v)
    D = c**2 * _discriminant(M) if len(xs) == 2 else None
    test = second_order_test(M, c)
    if test.type is not Verdict.UNDETERMINED:
        return CriticalPoint(p, test.type, test.strict, test.degenerate, test.criterion,
                             test.evidence.text(), H, D, evidence=test.evidence)
    kind = test.definiteness.value
    try:
        t, strict, criterion, certificate = _degenerate(f, xs, p, H, kind)
    except UndeterminedError as e:  # a sign or a value that could not be decided exactly
        t, strict, criterion = Verdict.UNDETERMINED, None, test.criterion
        certificate = f"higher-order analysis not completed: {e}"
    return CriticalPoint(p, t, strict, True, criterion, certificate, H, D)


def _discriminant(H) -> sp.Expr:
    D = H[0, 0] * H[1, 1] - H[0, 1] ** 2
    return D if D.is_Rational else sp.radsimp(sp.expand(D))


def _taylor(f, xs, p, order: int) -> sp.Expr:
    """``f(p + u) − f(p)`` as a polynomial in ``u`` (the ``xs`` themselves), up to ``order``."""
    fast = _polynomial_ring(f, xs) if all(v.is_Integer for v in p.values()) else None
    if fast is not None:  # shift in the polynomial ring and drop the terms above ``order``
        ring, poly = fast
        shifted = poly.compose([(g, g + ring(p[x])) for g, x in zip(ring.gens, xs, strict=True)])
        # coefficients back to SymPy: the ring's domain may be ℤ(log(3/2)), not just ℚ
        return sp.Add(*[ring.domain.to_sympy(c) * sp.prod(x**e for x, e in
                                                          zip(xs, mon, strict=True))
                        for mon, c in shifted.terms() if 0 < sum(mon) <= order])
    t = sp.Dummy("t")
    shifted = f.xreplace({x: p[x] + t * x for x in xs})
    if shifted.is_polynomial(t):
        poly = sp.Poly(sp.expand(shifted), t)
        return sp.expand(sum(c * 1 for (k,), c in poly.terms() if 0 < k <= order))
    series = sp.series(shifted, t, 0, order + 1).removeO()
    return sp.expand(series.subs(t, 1) - shifted.subs(t, 0))


def _truncate(e: sp.Expr, s: list, order: int) -> sp.Expr:
    if not s:
        return e
    return sp.Add(*[term for term in sp.Add.make_args(sp.expand(e))
                    if sp.Poly(term, *s).total_degree() <= order])


def _kernel_basis(H):
    """``(Q, m)``: the columns of ``Q`` are a basis of ker H (the first ``m``) completed by
    coordinate vectors to a basis of the whole space."""
    n = H.rows
    field = number_field(H)
    if field is not None:  # exactly, over ℚ or the entries' number field
        dm = _domain_matrix(H).convert_to(field)
        # each kernel vector scaled to lead with 1, so curves and forms read simply
        rows = [[v / next(a for a in row if a) for v in row]
                for row in dm.nullspace().to_list()]
        K = DomainMatrix(rows, (len(rows), n), field).transpose() if rows else \
            DomainMatrix.zeros((n, 0), field)
        m = K.shape[1]
        pivots = K.hstack(DomainMatrix.eye(n, field)).rref()[1]
        Q = K.hstack(*[DomainMatrix.eye(n, field).extract(range(n), [j - m])
                       for j in pivots if j >= m]).to_Matrix()
        return Q, m
    kernel = H.nullspace()
    m = len(kernel)
    K = sp.Matrix.hstack(*kernel)
    others = [j for j in range(n) if sp.Matrix.hstack(K, sp.eye(n)[:, : j + 1]).rank()
              > sp.Matrix.hstack(K, sp.eye(n)[:, :j]).rank()]
    return sp.Matrix.hstack(K, *[sp.eye(n)[:, j] for j in others]), m


def _reduce_in_ring(f, xs, p, H, Q, s, w):
    """The splitting lemma's series in ``ℚ[s, w]`` for a polynomial ``f`` at a rational point:
    ``(curve, g)`` as expressions — the curve ``x − p = Q·(s, w(s))`` and the reduced function
    ``g(s)`` — or ``None`` when ``f``, ``p`` or ``Q`` leave ℚ."""
    ring = rational_function(f, xs)
    K = number_field([*p.values(), *Q, *H])
    if ring is None or not ring[2].is_ground or K is None:
        return None
    P = ring[1] * (1 / ring[2].LC)
    T = PolyRing(tuple(s + w), K, lex)
    gens = T.gens
    m, n = len(s), len(xs)

    def over_K(A):
        return DomainMatrix([[to_field(K, v) for v in A.row(i)] for i in range(A.rows)],
                            A.shape, K)

    Qd = over_K(Q)
    # the quadratic part of F in w is ½ wᵀ(QᵀHQ)₂₂w; Newton's iteration divides by it
    H22 = (Qd.transpose() * over_K(H) * Qd).extract(range(m, n), range(m, n))
    inv = H22.inv().to_list() if w else []
    Q = Qd.to_list()
    # x = p + Q·(s, w), and f(x) − f(p) with the terms above ORDER dropped: w(s) = O(|s|²),
    # so a term of total degree > ORDER has degree > ORDER in s once w(s) is substituted
    lines = [T.ground_new(to_field(K, p[x])) + sum((Q[i][j] * gens[j]
                                                    for j in range(n) if Q[i][j]), T.zero)
             for i, x in enumerate(xs)]
    F = _evaluate(P, lines, T)
    F = _drop_above(F - F.coeff(1), ORDER)

    def subs_w(e, ws):
        return e.compose(list(zip(gens[m:], ws, strict=True))) if ws else e

    ws = [T.zero] * len(w)
    grads = [F.diff(g) for g in gens[m:]]
    for _ in range(ORDER if w else 0):
        gw = [subs_w(e, ws) for e in grads]
        ws = [_drop_above(ws[i] - sum((inv[i][j] * gw[j] for j in range(len(w))), T.zero),
                          ORDER) for i in range(len(w))]
    g = _drop_above(subs_w(F, ws), ORDER)
    coords = [*gens[:m], *ws]
    curve = [sum((Q[i][j] * coords[j] for j in range(n) if Q[i][j]), T.zero).as_expr()
             for i in range(n)]
    return curve, g.as_expr()


def _drop_above(e, order: int):
    """The terms of the ring element ``e`` of total degree ≤ ``order``."""
    return e.ring.from_dict({mon: c for mon, c in e.iterterms() if sum(mon) <= order})


_COORDINATES: dict[str, list[sp.Dummy]] = {"s": [], "w": []}


def _coordinates(kind: str, k: int) -> list[sp.Dummy]:
    """The first ``k`` kernel (``s``) or complement (``w``) coordinates.  The same symbols
    every time, so that SymPy's cache keeps the polynomial ring over them; being Dummy
    symbols, they never meet a symbol of ``f``."""
    have = _COORDINATES[kind]
    have += [sp.Dummy(f"{kind}{i}") for i in range(len(have), k)]
    return have[:k]


def _degenerate(f, xs, p, H, kind):
    """Semidefinite singular H: the splitting lemma, then the lowest-order form."""
    n = len(xs)
    Q, m = _kernel_basis(H)
    s, w = _coordinates("s", m), _coordinates("w", n - m)
    reduced = _reduce_in_ring(f, xs, p, H, Q, s, w)
    if reduced is not None:
        curve, g = reduced
    elif any(v.has(sp.CRootOf) for v in p.values()):
        raise UndeterminedError("f is not a polynomial over the coordinates' number field",
                                "substituting into a Taylor expansion would reach inside "
                                "the CRootOf's own polynomial")
    else:
        H22 = (Q.T * H * Q)[m:, m:]  # the quadratic part of F in w is ½ wᵀ(QᵀHQ)₂₂w
        H22inv = H22.inv() if w else H22
        F0 = _taylor(f, xs, p, ORDER)
        if not F0.is_polynomial(*xs):  # |x|, √(x²), … : no power series to read
            raise UndeterminedError(
                f"f has no Taylor polynomial of order {ORDER} at the point (its expansion "
                f"is {F0}), so the lowest-order analysis does not apply",
                "a non-analytic term at a degenerate point")
        u = Q * sp.Matrix(s + w)
        F = sp.expand(F0.xreplace(dict(zip(xs, u, strict=True))))
        ws = sp.zeros(n - m, 1)
        for _ in range(ORDER if w else 0):
            sub = dict(zip(w, ws, strict=True))
            grad_w = sp.Matrix([sp.diff(F, wi).xreplace(sub) for wi in w])
            ws = sp.Matrix([_truncate(e, s, ORDER) for e in
                            (ws - H22inv * grad_w).applyfunc(sp.expand)])
        g = _truncate(F.xreplace(dict(zip(w, ws, strict=True))), s, ORDER)
        curve = [sp.expand(e) for e in Q * sp.Matrix(s + list(ws))]
    side = 1 if kind == "positive semidefinite" else -1
    form = verdict_form(g, s) if g != 0 else None
    try:
        verdict = _lowest_form(g, s, form)
    except (sp.polys.polyerrors.DomainError, NotImplementedError) as e:
        shown = form.xreplace({si: sp.Symbol(f"s{i + 1}") for i, si in enumerate(s)})
        raise UndeterminedError(
            f"the sign of the lowest-order form {shown} is not decided: its coefficients are "
            "algebraic and counting real roots over a number field is not implemented",
            str(e)) from None
    lemma = (f"splitting lemma (corank {m}): the {n - m} coordinate(s) off the kernel solved "
             "from their ∂f = 0 as power series in the kernel direction(s), reduced function "
             f"read to order {ORDER}")
    if m == n:
        lemma = f"H = 0: lowest-order homogeneous form of f − f(p) (to order {ORDER})"
    if verdict is None:
        family = _family_through(f, xs, p)
        if family is not None and family.type != "undetermined":
            eqs = ", ".join(f"{e} = 0" for e in family.equations)
            return (family.type, family.strict, "the point lies on a family of critical "
                    f"points ({eqs}): f is constant along it, the type read across it",
                    family.certificate)
        return ("undetermined", None, lemma, "the reduced function vanishes to order "
                f"{ORDER} (a non-isolated or very flat point): not decided")
    sgn, strict_form, why, v = verdict
    if v is None:  # a direction where the lowest form is not 0: the saddle curve's tangent
        v = _direction_where_nonzero(form, s)
    shown = {si: sp.Symbol(f"s{i + 1}") for i, si in enumerate(s)}
    why = why.format(form=sp.sstr(form.xreplace(shown)))
    if sgn == 0:
        return "saddle", None, lemma, f"{_along(curve, s, xs, p, v, f)}; {why}"
    if m == n:  # H = 0 has no side of its own: the form alone decides
        if strict_form:
            t = "min" if sgn > 0 else "max"
            return t, True, lemma, f"{why}: f − f(p) has a strict local {t}"
        return _on_a_family(f, xs, p, lemma, why)
    if sgn == side and strict_form:
        t = "min" if side > 0 else "max"
        return t, True, lemma, f"{why}, and H is {kind}: f − f(p) has a strict local {t}"
    if sgn == -side:
        along = _along(curve, s, xs, p, v, f)
        u = Q[:, m]
        q = sp.expand((u.T * H * u)[0] / 2)
        rel = ">" if side > 0 else "<"
        quadratic = sp.sstr(q * sp.Symbol("t")**2)
        return "saddle", None, lemma, (f"{along}; along the line p + t·{tuple(u)}, "
                                       f"f − f(p) = {quadratic} + O(t**3) {rel} 0 (H is {kind})")
    return _on_a_family(f, xs, p, lemma, why)


def _on_a_family(f, xs, p, lemma, why):
    """A point the lowest forms leave open: if it lies on a family of critical points, the
    family's type there (read across the family, or from its neighbouring pieces)."""
    family = _family_through(f, xs, p)
    if family is None or family.type in ("undetermined", "varies"):
        return "undetermined", None, lemma, why
    eqs = ", ".join(f"{e} = 0" for e in family.equations)
    return (family.type, family.strict, f"the point lies on a family of critical points "
            f"({eqs}): the type read across it and from its neighbouring pieces",
            family.certificate)


def _along(curve, s, xs, p, v, f) -> str:
    """A curve through p and the value of f − f(p) on it, as the saddle certificate."""
    t = sp.Symbol("t")
    sub = {s[0]: t} if len(s) == 1 else {si: vi * t for si, vi in zip(s, v, strict=True)}
    c = [sp.expand(e.xreplace(sub)) for e in curve]
    free = [i for i, e in enumerate(c) if sp.expand(e - t) == 0]
    value, exact_value = _value_along(f, xs, p, c, t)
    lowest = min(sp.Add.make_args(value), key=lambda term: sp.degree(term, t)) if value != 0 \
        else sp.Integer(0)
    exact_value = exact_value and sp.expand(value - lowest) == 0
    if free:
        i = free[0]
        xi = xs[i] - p[xs[i]] if p[xs[i]] != 0 else xs[i]
        eqs = ", ".join(f"{xs[j]} = {sp.expand(p[xs[j]] + c[j].subs(t, xi))}"
                        for j in range(len(xs)) if j != i)
        rhs = lowest.subs(t, xi)
        tail = "" if exact_value else f" + O({sp.sstr(xi ** (sp.degree(lowest, t) + 1))})"
        rel = "<" if sign(sp.Poly(lowest, t).LC()) < 0 else ">"
        if sp.degree(lowest, t) % 2:
            rel = "(odd order: changes sign with the sign of " + str(xi) + ")"
        else:
            rel += " 0"
        return f"along {eqs}, f − f(p) = {rhs}{tail} {rel}"
    coords = ", ".join(f"{x} = {sp.expand(p[x] + e)}" for x, e in zip(xs, c, strict=True))
    return f"along the curve {coords}: f − f(p) = {lowest} + O(t**{sp.degree(lowest, t) + 1})"


def _value_along(f, xs, p, c, t) -> tuple[sp.Expr, bool]:
    """``f(p + c(t)) − f(p)`` and whether it is exact: exactly in ``ℚ[t]`` for a polynomial
    ``f`` at a rational point along a rational curve, else the Taylor expansion to ``ORDER``."""
    ring = rational_function(f, xs)
    K = number_field(p.values())
    if ring is not None and ring[2].is_ground and K is not None:
        T = PolyRing((t,), K, lex)
        try:
            lines = [T.from_expr(p[x] + e) for x, e in zip(xs, c, strict=True)]
        except (sp.polys.polyerrors.CoercionFailed, ValueError):
            lines = None
        if lines is not None:
            P = ring[1] * (1 / ring[2].LC)
            value = _evaluate(P, lines, T)
            return (value - value.coeff(1)).as_expr(), True
    if any(v.has(sp.CRootOf) for v in p.values()):
        raise UndeterminedError("no exact value along the curve at CRootOf coordinates",
                                "a Taylor expansion would substitute inside the root's "
                                "own polynomial")
    F0 = _taylor(f, xs, p, ORDER)
    return _truncate(sp.expand(F0.xreplace(dict(zip(xs, c, strict=True)))), [t], ORDER), False


def _lowest_form(g, s, form=None):
    """Sign information from the lowest-degree homogeneous part ``form`` of ``g`` (or from a
    weighted principal part).

    Returns ``None`` if ``g`` vanishes to the order read, else ``(sign, strict, why, v)``:
    ``sign`` is +1/−1 for a definite form, 0 if it takes both signs (``v`` is a direction
    where the form is negative or of odd degree)."""
    g = sp.expand(g)
    if g == 0:
        return None
    P = sp.Poly(g, *s)
    form = verdict_form(g, s) if form is None else form
    k = min(sum(m) for m in P.monoms())
    name = f"lowest-order form {{form}} of degree {k}"
    if k % 2 == 1:
        v = _direction_where_nonzero(form, s)
        return 0, False, f"{name} is odd: it changes sign under s → −s", v
    opposite = _sign_change(form, s)
    if opposite is not None:
        return 0, False, f"{name} takes both signs", opposite
    definite = _definite_even_form(form, s)
    if definite is not None:
        return definite, True, f"{name} is definite (zero only at 0)", None
    monomials = _even_monomials(P, s)
    if monomials is not None:
        return monomials
    weighted = _weighted_principal_part(P, s)
    if weighted is not None:
        return weighted
    return (1 if _positive_somewhere(form, s) else -1), False, (
        f"{name} is semidefinite with zero directions, and no weighted-homogeneous "
        "principal part decides: undetermined"), None


def verdict_form(g, s) -> sp.Expr:
    """The lowest-degree homogeneous part of the polynomial ``g`` in ``s``."""
    P = sp.Poly(sp.expand(g), *s)
    k = min(sum(m) for m in P.monoms())
    return sp.Add(*[c * sp.prod(si**e for si, e in zip(s, m, strict=True))
                    for m, c in P.terms() if sum(m) == k])


def _at(form, s, v) -> sp.Expr:
    """The form's value at the direction ``v`` (Python arithmetic for rational forms)."""
    if form.is_polynomial(*s):
        terms = _rational_terms(form, tuple(s))
        if terms is not None and all(isinstance(c, int) for c in v):
            total = sum(c * math.prod(vi**e for vi, e in zip(v, m, strict=True))
                        for m, c in terms)
            return sp.Rational(total.numerator, total.denominator)
    return form.xreplace(dict(zip(s, v, strict=True)))


@cacheit
def _rational_terms(form, s):
    P = sp.Poly(form, *s)
    if not all(c.is_Rational for c in P.coeffs()):
        return None
    return [(m, Fraction(int(c.p), int(c.q))) for m, c in P.terms()]


def _small_directions(n: int):
    for v in itertools.product(range(-2, 3), repeat=n):
        if any(v):
            yield v


def _direction_where_nonzero(form, s):
    for v in _small_directions(len(s)):
        if _at(form, s, v) != 0:
            return v
    return None


def _sign_change(form, s):
    """A direction where the form is negative, if it also takes positive values (2 variables
    are decided exactly through real roots; more variables by small integer directions)."""
    vals = {}
    for v in _small_directions(len(s)):
        vals.setdefault(sign(_at(form, s, v)), v)
    if len(s) == 2 and not (1 in vals and -1 in vals):
        a, b = s
        t = sp.Dummy("t")
        p = sp.Poly(form.xreplace({a: t, b: 1}), t)
        for factor, mult in _factor_list(p.as_expr(), [t])[1]:
            if mult % 2 == 1 and sp.Poly(factor, t).count_roots() > 0:
                r = sp.Poly(factor, t).real_roots()[0]
                for d in (sp.Rational(1, 10**3), -sp.Rational(1, 10**3)):
                    q = sign(form.xreplace({a: r + d, b: 1}))
                    vals.setdefault(q, (r + d, 1))
    if 1 in vals and -1 in vals:
        return vals[-1]
    return None


def _definite_even_form(form, s) -> int | None:
    """+1/−1 if the even form is definite (zero only at the origin), else ``None``."""
    if len(s) == 1:
        return sign(sp.Poly(form, *s).LC())
    if len(s) == 2:
        a, b = s
        t = sp.Dummy("t")
        at_axis = form.xreplace({a: 1, b: 0})
        p = sp.Poly(form.xreplace({a: t, b: 1}), t)
        if at_axis != 0 and p.count_roots() == 0:
            return sign(at_axis)
        return None
    P = sp.Poly(form, *s)
    signs = {sign(c) for c in P.coeffs()}
    pure = all(P.coeff_monomial(si ** P.total_degree()) != 0 for si in s)
    if len(signs) == 1 and pure and all(e % 2 == 0 for m in P.monoms() for e in m):
        return signs.pop()
    return None


def _positive_somewhere(form, s) -> bool:
    return any(sign(_at(form, s, v)) > 0 for v in _small_directions(len(s)))


def _even_monomials(P, s):
    """All terms even monomials of one sign, with a pure power of every variable: each term
    is ≥ 0 (or ≤ 0), and the pure powers vanish together only at 0 — so the sign is strict.
    Truncation is harmless: the dropped terms have degree above every pure power."""
    signs = {sign(c) for c in P.coeffs()}
    pure = all(any(m[i] > 0 and sum(m) == m[i] for m in P.monoms()) for i in range(len(s)))
    if len(signs) == 1 and pure and all(e % 2 == 0 for m in P.monoms() for e in m):
        return signs.pop(), True, ("every term of the reduced function is an even monomial of "
                                   "one sign, with a pure power of each variable"), None
    return None


def _weighted_principal_part(P, s):
    """Two variables: the Newton-polygon principal part for weights read from the pure powers
    ``a^i`` and ``b^j``; if it is nondegenerate its sign decides (AGZV I §12)."""
    if len(s) != 2:
        return None
    a, b = s
    i = min((m[0] for m in P.monoms() if m[1] == 0), default=None)
    j = min((m[1] for m in P.monoms() if m[0] == 0), default=None)
    if i is None or j is None:
        return None
    below = [m for m in P.monoms() if sp.Rational(m[0], i) + sp.Rational(m[1], j) < 1]
    if below:
        return None
    part = sp.Add(*[c * a**m[0] * b**m[1] for m, c in P.terms()
                    if sp.Rational(m[0], i) + sp.Rational(m[1], j) == 1])
    name = f"weighted-homogeneous principal part {part} (weights 1/{i}, 1/{j})".replace(
        str(a), "s1").replace(str(b), "s2")
    signs = set()
    for fixed in (1, -1):
        t = sp.Dummy("t")
        q = sp.Poly(part.xreplace({a: fixed, b: t}), t)
        for factor, mult in _factor_list(q.as_expr(), [t])[1]:
            if sp.Poly(factor, t).count_roots() > 0:
                if mult % 2 == 1:
                    return 0, False, f"{name} changes sign", None
                return None
        signs.add(sign(q.LC()) if q.degree() > 0 else sign(q.as_expr()))
    signs.add(sign(part.xreplace({a: 0, b: 1})))
    if len(signs) == 1:
        return signs.pop(), True, f"{name} is zero only at 0", None
    return 0, False, f"{name} takes both signs", None


# -- both -------------------------------------------------------------------------------------


def analyze_critical_points(f, variables: Iterable | None = None, box=None) -> CriticalPoints:
    """Find every critical point of ``f`` and classify each (the ``classify`` command).

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> r = analyze_critical_points(x**4 + y**4 - 4*x*y)
    >>> [(tuple(p.point.values()), p.type) for p in r.points]
    [((-1, -1), 'min'), ((0, 0), 'saddle'), ((1, 1), 'min')]
    """
    return critical_points(f, variables, box)
