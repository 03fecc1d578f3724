"""Real solutions of polynomial systems over ℚ, in the sparse polynomial ring."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symhess.polysystem import (
    exponential_rational,
    gradient_numerators,
    rational_function,
    real_roots,
    real_solutions,
)

x, y, z = sp.symbols("x y z")


def solve(polys, xs):
    R = rational_function(sp.Integer(0), xs)[0]
    return real_solutions([R.from_expr(p) for p in polys], R)


def test_rational_quadratic_and_crootof_roots_increasing():
    # (x - 1/2)(x² - 2)(x⁵ - x - 1)(x² + 1)
    coeffs = sp.Poly((2*x - 1)*(x**2 - 2)*(x**5 - x - 1)*(x**2 + 1), x).all_coeffs()
    from sympy.polys.domains import QQ
    roots = real_roots([QQ.from_sympy(c) for c in coeffs], x)
    assert roots == [-sp.sqrt(2), sp.Rational(1, 2), sp.CRootOf(x**5 - x - 1, 0), sp.sqrt(2)]


def test_triangular_solution_of_a_textbook_gradient():
    assert solve([4*x**3 - 4*y, 4*y**3 - 4*x], (x, y)) == [
        {x: -1, y: -1}, {x: 0, y: 0}, {x: 1, y: 1}]


def test_no_real_solution_and_no_solution_at_all():
    assert solve([x**2 + 1, y], (x, y)) == []
    assert solve([x, x - 1], (x, y)) == []


def test_positive_dimensional_set_is_handed_back():
    assert solve([x*y], (x, y)) is None  # the two axes
    assert solve([x**2 + y**2 - 1, z], (x, y, z)) is None


def test_irrational_partial_solution_extends_through_a_linear_layer():
    assert solve([x - y**3 + 1, y**2 - 2], (x, y)) == [
        {x: -2*sp.sqrt(2) - 1, y: -sp.sqrt(2)}, {x: -1 + 2*sp.sqrt(2), y: sp.sqrt(2)}]
    r = solve([x - y**2, y**5 - y - 1], (x, y))
    assert r == [{x: sp.CRootOf(y**5 - y - 1, 0)**2, y: sp.CRootOf(y**5 - y - 1, 0)}]


def test_irrational_partial_solution_is_handed_back_not_guessed():
    # y = ±√2 would have to be substituted into x² − y: arithmetic beyond ℚ
    assert solve([x**2 - y, y**2 - 2], (x, y)) is None


def test_rational_function_and_its_poles_stay_in_the_numerator_and_denominator():
    R, P, Q = rational_function(x + 1/x + y**2, (x, y))
    assert (P.as_expr(), Q.as_expr()) == (x**2 + x*y**2 + 1, x)
    assert rational_function(sp.sin(x) + y, (x, y)) is None
    assert rational_function(sp.sqrt(2)*x, (x,)) is None  # coefficients outside ℚ
    assert rational_function((x + y)**40, (x, y)) is None  # not expanded here


def test_exponential_factor_is_split_off():
    f = x*y*sp.exp(-(x**2 + y**2)/2)
    R, P, Q, E = exponential_rational(f, (x, y))
    assert (P.as_expr(), Q.as_expr(), E.as_expr()) == (x*y, 1, -x**2/2 - y**2/2)
    N = gradient_numerators(P, Q, E)
    for n, v in zip(N, (x, y), strict=True):
        assert sp.simplify(sp.diff(f, v) - sp.exp(E.as_expr())*n.as_expr()) == 0
    assert exponential_rational(sp.exp(x) + y, (x, y)) is None
    assert exponential_rational(sp.exp(1/x)*y, (x, y)) is None


small = st.integers(-3, 3)


@given(st.lists(small, min_size=2, max_size=2), st.lists(small, min_size=2, max_size=2),
       st.lists(small, min_size=3, max_size=3))
@settings(max_examples=30, deadline=None)
def test_agrees_with_sympy_solve_on_random_small_systems(a, b, c):
    # a quadratic and a product of lines: finitely many points, often rational, some √
    polys = [x**2 + c[0]*x*y + c[1]*y + c[2], (x - a[0]*y - a[1])*(y - b[0]*x - b[1])]
    ours = solve(polys, (x, y))
    theirs = sp.solve(polys, [x, y], dict=True)
    if ours is None:  # handed back: a positive-dimensional part or an irrational substitution
        return
    real = [s for s in theirs if all(v.is_real for v in s.values())]
    key = lambda s: (float(s[x]), float(s[y]))  # noqa: E731
    assert len(ours) == len({key(s) for s in real})
    for mine, other in zip(sorted(ours, key=key), sorted(real, key=key), strict=False):
        assert all(sp.simplify(mine[v] - other[v]) == 0 for v in (x, y))


@pytest.mark.parametrize("f", [x**3 - 3*x + y**2, x + 1/x + y**2, x*y*sp.exp(-x**2 - y**2),
                               (x**2 - 1)/(y**2 + 1) + y])
def test_gradient_numerators_are_the_gradient_up_to_a_positive_factor(f):
    R, P, Q, E = exponential_rational(f, (x, y))
    for n, v in zip(gradient_numerators(P, Q, E), (x, y), strict=True):
        lhs = sp.diff(f, v) * Q.as_expr()**2 * sp.exp(-E.as_expr())
        assert sp.simplify(lhs - n.as_expr()) == 0
