"""Families of critical points: simplest form, and the type at every point, piece by piece."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symhess.critical.components import classify_component, decompose, family_components
from symhess.verdict import Verdict

x, y, z = sp.symbols("x y z")
MIN, MAX, SADDLE = Verdict.MIN, Verdict.MAX, Verdict.SADDLE


def pieces(f, equations, xs):
    (comp,) = family_components(equations, xs)
    v = classify_component(f, comp, xs)
    return v, [(p.where, p.type, p.strict) for p in v.pieces]


def test_x_axis_of_x_y2_is_min_then_saddle_then_max():
    v, ps = pieces(x * y**2, [y], (x, y))
    assert v.varies
    assert ps == [("x < 0", MAX, False), ("x = 0", SADDLE, None), ("x > 0", MIN, False)]


@pytest.mark.parametrize("f, equations, xs", [
    (x**3 * y**3, [y], (x, y)),
    (x * y * z, [y, z], (x, y, z)),
    (x**3 + 2 * x * y * z - z**2, [x, z], (x, y, z)),
])
def test_saddle_at_every_point(f, equations, xs):
    v, ps = pieces(f, equations, xs)
    assert (v.type, ps) == (SADDLE, [("everywhere", SADDLE, None)])


def test_x6_minus_x2y6_is_a_max_off_the_origin_and_a_saddle_at_it():
    _, ps = pieces(x**6 - x**2 * y**6, [x], (x, y))
    assert ps == [("y < 0", MAX, False), ("y = 0", SADDLE, None), ("y > 0", MAX, False)]


def test_the_line_x_eq_y_eq_z_of_the_sum_of_cubes():
    f = x**3 + y**3 + z**3 - 3 * x * y * z
    (comp,) = family_components([x**2 - y * z, x * y - z**2, x * z - y**2, y**3 - z**3],
                                (x, y, z))
    assert comp.equations == (x - z, y - z) and comp.dimension == 1
    v = classify_component(f, comp, (x, y, z))
    assert [(p.where, p.type) for p in v.pieces] == [("z < 0", MAX), ("z = 0", SADDLE),
                                                      ("z > 0", MIN)]


def test_unit_circle_of_r2_exp_minus_r2_is_a_maximum_everywhere():
    f = (x**2 + y**2) * sp.exp(-x**2 - y**2)
    v, ps = pieces(f, [x**2 + y**2 - 1], (x, y))
    assert (v.type, v.strict) == (MAX, False)


def test_y_axis_is_the_simplest_form_of_the_unreduced_generators():
    gens = [3 * x**2 + 2 * y * z, x * y - z, x * z, y**2 * z, z**2]
    assert [c.equations for c in family_components(gens, (x, y, z))] == [(x, z)]


def test_a_circle_on_a_sphere_is_dropped_and_isolated_points_come_out():
    comps, points = decompose([(x**2 + y**2 + z**2 - 1,),
                               (x**2 + y**2 + 5 * z**2 - 1, x * z, y * z, 5 * z**3 - z)],
                              (x, y, z))
    assert [c.equations for c in comps] == [(x**2 + y**2 + z**2 - 1,)]
    assert points == [{x: 0, y: 0, z: -sp.sqrt(5) / 5}, {x: 0, y: 0, z: sp.sqrt(5) / 5}]


def test_type_changes_sign_with_the_transversal_hessian_on_a_circle():
    v, ps = pieces(x * (x**2 + y**2 - 1)**2, [x**2 + y**2 - 1], (x, y))
    assert ps[:2] == [("x > 0", MIN, False), ("x < 0", MAX, False)]
    assert {p[0]: p[1] for p in ps[2:]} == {"x = 0, y = -1": SADDLE, "x = 0, y = 1": SADDLE}


def test_odd_order_across_the_family_is_a_saddle():
    v, _ = pieces((x**2 + y**2 - 1)**3, [x**2 + y**2 - 1], (x, y))
    assert v.type is SADDLE


def test_even_powers_settle_the_exceptional_point():
    v, ps = pieces(x**2 * y**2, [x], (x, y))
    assert (v.type, v.strict) == (MIN, False)


@st.composite
def line_families(draw):
    """f = (y − a·x − b)²·q: every point of the line is critical, of the type of q's sign."""
    a, b = draw(st.integers(-2, 2)), draw(st.integers(-2, 2))
    c = st.integers(-3, 3)
    q = draw(c) + draw(c) * x + draw(c) * y + draw(c) * x * y
    return (y - a * x - b)**2 * q, y - a * x - b, a, b


@settings(max_examples=20, deadline=None)
@given(line_families(), st.fractions(-3, 3, max_denominator=4))
def test_type_agrees_with_f_sampled_across_the_family(problem, t0):
    f, g, a, b = problem
    if sp.expand(f) == 0:
        return
    comps = family_components([g], (x, y))
    comp = next(c for c in comps if c.contains({x: sp.Rational(t0), y: a * t0 + b}))
    v = classify_component(f, comp, (x, y))
    p = {x: sp.Rational(t0.numerator, t0.denominator)}
    p[y] = a * p[x] + b
    piece = next(q for q in v.pieces if q.holds_at(p))
    eps = sp.Rational(1, 10**4)
    circle = [(1, 0), (0, 1), (sp.Rational(3, 5), sp.Rational(4, 5)),
              (sp.Rational(4, 5), sp.Rational(3, 5)), (sp.Rational(5, 13), sp.Rational(12, 13))]
    directions = {(sx * u, sy * v) for u, v in circle for sx in (1, -1) for sy in (1, -1)}
    moves = [sp.expand(f.xreplace({x: p[x] + eps * u, y: p[y] + eps * v}) - f.xreplace(p))
             for u, v in directions]
    if piece.type is MIN:
        assert all(m >= 0 for m in moves), (f, p)
    elif piece.type is MAX:
        assert all(m <= 0 for m in moves), (f, p)
    elif piece.type is SADDLE:
        assert min(moves) < 0 < max(moves), (f, p)


@pytest.mark.parametrize("f, point, expected", [
    (x * y**2, {x: 1, y: 0}, ("min", False)),             # Morse–Bott: transversal H = 2x > 0
    (x * y**2, {x: -2, y: 0}, ("max", False)),
    (x**3 + y**3 + z**3 - 3 * x * y * z, {x: 1, y: 1, z: 1}, ("min", False)),
    (x**6 - x**2 * y**6, {x: 0, y: 0}, ("saddle", None)),  # between two pieces of maxima
    (x**2 * y**2, {x: 0, y: 0}, ("min", False)),           # f ≥ 0 everywhere, 0 on the axes
])
def test_classify_at_a_point_of_a_family(f, point, expected):
    from symhess.critical import classify

    c = classify(f, point)
    assert (c.type, c.strict) == expected


@pytest.mark.slow
def test_no_closed_form_searches_a_default_box_and_says_so():
    from symhess.critical import critical_points

    r = critical_points(sp.sin(x) * sp.exp(y) + x**3 * sp.cos(y))
    assert len(r.points) == 6 and not r.complete
    assert all(not p.exact and p.type == "saddle" for p in r.points)
    assert any("x=-5..5,y=-5..5" in n for n in r.notes)
