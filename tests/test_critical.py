"""Critical points: the textbook gallery, the degenerate gallery, properties, the CLI contract."""

import json

import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symhess.critical import analyze_critical_points, classify, critical_points, krawczyk_points
from symhess.critical.forms import FormKind
from symhess.errors import BudgetExceeded, SymhessError
from symhess.linalg import definiteness
from symhess.signs import is_zero
from tests.conftest import run_cli as run

x, y, z = sp.symbols("x y z")


def types(f, variables=None):
    r = analyze_critical_points(f, variables)
    return {tuple(p.point.values()): (p.type, p.strict) for p in r.points}


# -- textbook gallery ---------------------------------------------------------------------


def test_cubic_plus_square_has_a_saddle_and_a_minimum():
    assert types(x**3 - 3*x + y**2) == {(-1, 0): ("saddle", None), (1, 0): ("min", True)}


def test_folium_like_cubic():
    assert types(x**3 + y**3 - 3*x*y) == {(0, 0): ("saddle", None), (1, 1): ("min", True)}


def test_x4_y4_minus_4xy_has_two_minima_and_a_saddle():
    assert types(x**4 + y**4 - 4*x*y) == {(-1, -1): ("min", True), (0, 0): ("saddle", None),
                                          (1, 1): ("min", True)}


def test_gaussian_times_xy_exponential_factor_dropped():
    r = analyze_critical_points(x*y*sp.exp(-(x**2 + y**2)/2))
    assert r.complete
    assert {tuple(p.point.values()): p.type for p in r.points} == {
        (0, 0): "saddle", (1, 1): "max", (-1, -1): "max", (1, -1): "min", (-1, 1): "min"}


def test_irrational_critical_points_are_radicals():
    # f = x^3 - 6x + y^2: f_x = 3x^2 - 6 = 0 at x = ±√2
    assert types(x**3 - 6*x + y**2) == {(-sp.sqrt(2), 0): ("saddle", None),
                                        (sp.sqrt(2), 0): ("min", True)}


def test_fourth_roots_are_classified_exactly():
    # f_x = x^4 - 1/5 = 0 at x = ±5^(-1/4); the sign of f_xx = 4x^3 decides
    r = analyze_critical_points(x**5/5 - x/5 + y**2)
    assert {tuple(p.point.values()): p.type for p in r.points} == {
        (-5**sp.Rational(3, 4)/5, 0): "saddle", (5**sp.Rational(3, 4)/5, 0): "min"}


def test_degenerate_point_at_a_crootof_is_decided_in_its_number_field():
    # at the real root r of x⁵ − x − 1, f − f(p) = (x − r)³·(…) along y = 0: odd, a saddle
    r = analyze_critical_points((x**5 - x - 1)**3 + y**2)
    (p,) = [p for p in r.points if p.point[x].has(sp.CRootOf)]
    assert (p.type, p.degenerate) == ("saddle", True)
    form, curve = p.evidence.form, p.evidence.curve
    assert (form.degree, form.kind, form.sign) == (3, FormKind.ODD, 0)
    # along y = 0, in the displacement x − r: the lowest term of degree 3, not exact
    rho = p.point[x]
    assert curve.graph and curve.coordinates == ((y, 0),) and curve.parameter == x - rho
    assert curve.order == 3 and not curve.exact
    # f − f(p) = g(x)³ with g(x) = g'(r)(x − r) + …: the lowest term g'(r)³(x − r)³
    assert is_zero(sp.cancel(curve.value / (x - rho)**3) - (5*rho**4 - 1)**3)


def test_degenerate_points_at_radicals():
    # (x² − 2)³ changes sign through ±√2 (odd order); (x² − 2)⁴ does not (a strict minimum)
    assert types((x**2 - 2)**3 + y**2) == {(-sp.sqrt(2), 0): ("saddle", None),
                                           (0, 0): ("min", True), (sp.sqrt(2), 0): ("saddle", None)}
    assert types((x**2 - 2)**4 + y**2) == {
        (-sp.sqrt(2), 0): ("min", True), (0, 0): ("saddle", None), (sp.sqrt(2), 0): ("min", True)}
    c = 2**sp.Rational(1, 3)
    assert types((x**3 - 2)**4 + (y**3 - 2)**2)[(c, c)] == ("min", True)


def test_a_two_variable_form_with_algebraic_coefficients_is_undetermined_with_the_reason():
    g = x**5 - x - 1
    r = analyze_critical_points(g**2*y**2 + g**4 + y**4)
    (p,) = [p for p in r.points if p.point[x].has(sp.CRootOf)]
    assert p.type == "undetermined" and "algebraic" in p.evidence.undecided


def test_degenerate_minimum_at_a_crootof():
    # (x⁵ − x − 1)⁴ + y²: the lowest form c·s⁴ with c = g'(r)⁴ > 0, a strict minimum
    r = analyze_critical_points((x**5 - x - 1)**4 + y**2)
    (p,) = [p for p in r.points if p.point[x].has(sp.CRootOf)]
    assert (p.type, p.strict, p.degenerate) == ("min", True, True)


def test_quintic_critical_points_are_crootof_classified_exactly():
    f = x**6/6 - x**2/2 - x + y**2  # f_x = x^5 - x - 1: one real root, no radicals
    r = analyze_critical_points(f)
    (p,) = r.points
    assert p.point[x] == sp.CRootOf(x**5 - x - 1, 0) and p.point[y] == 0
    assert (p.type, p.strict, r.complete) == ("min", True, True)


def test_algebraic_coefficients_are_solved_exactly():
    # roots of x³ − √3·x come from its norm x⁶ − 3x², each checked exactly
    assert types(x**3 - sp.sqrt(3)*x + y**2) == {(-3**sp.Rational(3, 4)/3, 0): ("saddle", None),
                                                (3**sp.Rational(3, 4)/3, 0): ("min", True)}
    # SymPy's factor_list leaves 4y² − 2√3 in the "coefficient" of 4y³ − 2√3·y; those points
    # (y = ±√(√3/2)) were lost: 3 × 3 points, not 3
    r = analyze_critical_points(sp.sqrt(2)*x**4 - x**2 + y**4 - sp.sqrt(3)*y**2)
    assert r.complete and len(r.points) == 9
    assert sorted(p.type for p in r.points) == ["max"] + ["min"] * 4 + ["saddle"] * 4


def test_transcendental_coefficients_go_to_the_solver_and_are_not_called_complete():
    # π is not algebraic: no exact real-root isolation, so SymPy's solver, verified, and the
    # list is not claimed complete (this crashed with a DomainError)
    r = analyze_critical_points(sp.pi*x**3 - x + y**2)
    assert not r.complete
    assert {tuple(p.point.values()): p.type for p in r.points} == {
        (-1/sp.sqrt(3*sp.pi), 0): "saddle", (1/sp.sqrt(3*sp.pi), 0): "min"}


@pytest.mark.parametrize(("f", "point", "kind"), [
    # H = 0 with a negative definite lowest form is a strict maximum (this raised IndexError:
    # the code looked for H's positive direction, which H = 0 does not have)
    (sp.pi*sp.cos(y**2), {y: 0}, ("max", True)),
    (1/(y**4 + 1 - sp.exp(8)), {y: 0}, ("max", True)),
    (-x**4 - y**4, {x: 0, y: 0}, ("max", True)),
    # |x|⁴ is x⁴ for real x; a log(3/2) coefficient survives the Taylor shift
    (sp.Abs(x)**4/sp.log(sp.Rational(3, 2)) + y**2, {x: 0, y: 0}, ("min", True)),
])
def test_gallery_of_inputs_the_cli_fuzz_found(f, point, kind):
    assert (lambda c: (c.type, c.strict))(classify(f, point)) == kind


def test_non_analytic_degenerate_point_is_undetermined_with_the_reason():
    c = classify(x**6*sp.sqrt(x**2) + y**2, {x: 0, y: 0})
    assert c.type == "undetermined" and "no Taylor polynomial" in c.evidence.undecided


def test_family_of_a_function_with_irrational_coefficients():
    # (3xy)⁴ − √2 has the axes as families of non-strict minima (reducing f modulo the
    # family's Gröbner basis failed on the √2 coefficient)
    r = analyze_critical_points((3*x*y)**4 - sp.sqrt(2))
    assert [(fam.equations, fam.type) for fam in r.families] == [((x,), "min"), ((y,), "min")]


def test_one_variable_points_are_points_not_families():
    r = critical_points(x**3 - 3*x)
    assert r.families == () and [(p.point[x], p.type) for p in r.points] == [(-1, "max"),
                                                                           (1, "min")]


def test_non_shape_quartic_agrees_with_the_certified_numeric_search():
    f = x**4 + y**4 + x**2*y - 3*x*y**2 + x - y  # degree-9 CRootOf coordinates
    exact = critical_points(f)
    grad = [sp.diff(f, v) for v in (x, y)]
    numeric = krawczyk_points(grad, [x, y], {x: (-4, 4), y: (-4, 4)})
    assert exact.complete and len(exact.points) == len(numeric) == 5
    for p, (q, bound, _) in zip(sorted(exact.points, key=lambda p: float(p.point[x])),
                                numeric, strict=True):
        assert all(abs(float(p.point[v]) - float(q[v])) <= bound + 1e-12 for v in (x, y))
    assert sorted(p.type for p in exact.points) == ["min", "min", "min", "saddle", "saddle"]


def test_three_variables():
    assert types(x*y*z - x**2 - y**2 - z**2) == {
        (0, 0, 0): ("max", True), (2, 2, 2): ("saddle", None), (2, -2, -2): ("saddle", None),
        (-2, 2, -2): ("saddle", None), (-2, -2, 2): ("saddle", None)}


def test_rational_function_excludes_its_poles():
    r = analyze_critical_points(x + 1/x + y**2)
    assert {tuple(p.point.values()): p.type for p in r.points} == {(1, 0): "min",
                                                                    (-1, 0): "saddle"}


def test_a_cancelled_factor_still_excludes_its_zeros(monkeypatch):
    # P/Q in lowest terms is x² + y², but f as written divides by x: (0, 0) is not in its domain
    import symhess.critical.finding as critical

    f = (x**3 + x*y**2)/x
    assert analyze_critical_points(f).points == ()
    monkeypatch.setattr(critical, "_find_in_ring", lambda *args: None)
    assert analyze_critical_points(f).points == ()
    # ∇ = (2x + 2, 2y): the critical point x = −1 is inside the domain
    assert types((x**3 + x*y**2)/x + 2*x) == {(-1, 0): ("min", True)}


def test_two_variables_show_the_discriminant():
    (p,) = analyze_critical_points(x**2 + 3*x*y + y**2).points
    assert p.discriminant == 2*2 - 3**2 and p.type == "saddle"
    assert "D = f_xx·f_yy − f_xy² = -5" in str(p)


# -- degenerate gallery -------------------------------------------------------------------


def test_peano_surface_is_a_saddle():
    c = classify((y - x**2)*(y - 2*x**2), {x: 0, y: 0})
    assert (c.type, c.degenerate) == ("saddle", True)
    curve = c.evidence.curve
    assert curve.coordinates == ((y, 3*x**2/2),)
    assert (curve.value, curve.order, curve.sign, curve.exact) == (-x**4/4, 4, -1, True)
    assert "along y = 3*x**2/2, f − f(p) = -x**4/4" in c.certificate  # and says so


@pytest.mark.parametrize(("f", "kind", "strict"), [
    (x**2 + y**4, "min", True),
    (-x**2 - y**4, "max", True),
    (x**2 - y**4, "saddle", None),
    (x**2 + y**3, "saddle", None),
    (x**3 - 3*x*y**2, "saddle", None),  # monkey saddle: odd lowest form
    (x**4 + y**4, "min", True),
    (x**4 - y**4, "saddle", None),
    (x**4 + y**6, "min", True),  # weighted homogeneity
    (x**4 + x**2*y**2 + y**6, "min", True),
    ((x - y)**2 + x**4, "min", True),  # kernel not along an axis
    (x**2 + y**4 + z**4, "min", True),  # corank 2
    (x**2 + y**2*z, "saddle", None),
    (x**2 - y**4 - z**4, "saddle", None),  # corank 2, reduced function a strict maximum
    (-x**2 - y**4 + y**2*z**2 - z**4, "max", True),
])
def test_degenerate_gallery(f, kind, strict):
    xs = sorted(f.free_symbols, key=str)
    c = classify(f, dict.fromkeys(xs, 0), xs)
    assert (c.type, c.strict, c.degenerate) == (kind, strict, True)
    assert c.evidence.verdict == kind and c.evidence.form is not None
    if kind == "saddle":  # a curve along which f − f(p) takes the other sign, or odd order
        assert c.evidence.curve is not None
    assert c.certificate == c.evidence.text()


def test_monkey_saddle_certificate_names_an_odd_form():
    c = classify(x**3 - 3*x*y**2, {x: 0, y: 0})
    assert c.evidence.hessian_zero and c.evidence.corank == 2
    assert (c.evidence.form.kind, c.evidence.form.degree) == (FormKind.ODD, 3)
    assert c.evidence.form.form == sp.Symbol("s1")**3 - 3*sp.Symbol("s1")*sp.Symbol("s2")**2


def test_flat_point_is_undetermined_with_a_reason():
    c = classify(x**2 + y**10, {x: 0, y: 0})
    assert c.type == "undetermined" and c.evidence.order == 8
    assert c.evidence.form is None and "vanishes to order 8" in c.evidence.undecided


def test_axes_of_x2y2_are_a_family_of_non_strict_minima():
    r = critical_points(x**2 * y**2)
    assert r.points == () and r.complete
    assert [(f.equations, f.type, f.strict) for f in r.families] == [
        ((x,), "min", False), ((y,), "min", False)]


def test_unit_circle_family_and_the_maximum_inside():
    r = critical_points((x**2 + y**2 - 1)**2)
    assert [(f.equations, f.type) for f in r.families] == [((x**2 + y**2 - 1,), "min")]
    assert "cos(t)" in r.families[0].parametrisation
    assert [(tuple(p.point.values()), p.type) for p in r.points] == [((0, 0), "max")]


def test_a_point_of_an_axis_of_x2y2_is_a_non_strict_minimum():
    c = classify(x**2 * y**2, {x: 0, y: 1})
    assert (c.type, c.strict, c.degenerate) == ("min", False, True)
    assert "family" in c.criterion


def test_line_of_minima_in_three_variables():
    r = critical_points(x**2 + y**2, [x, y, z])
    assert r.points == ()
    assert [(f.type, f.strict) for f in r.families] == [("min", False)]


def test_definite_factor_in_fewer_variables_is_a_line_not_a_point():
    r = critical_points((x**2 + y**2)**2, [x, y, z])
    assert r.points == () and [f.equations for f in r.families] == [(x, y)]
    r = critical_points((x**2 + y**2)**2, [x, y])
    assert [(tuple(p.point.values()), p.type) for p in r.points] == [((0, 0), "min")]


def test_family_whose_type_changes_along_it_comes_in_pieces():
    (fam,) = critical_points(x*y**2).families
    assert fam.equations == (y,) and fam.type == "varies"
    assert [p.to_dict() for p in fam.pieces] == [
        {"where": "x < 0", "type": "max", "strict": False},
        {"where": "x = 0", "type": "saddle", "strict": None},
        {"where": "x > 0", "type": "min", "strict": False}]


def test_periodic_families_say_strict_in_text_as_in_json():
    r = critical_points(sp.sin(x) + sp.cos(y))
    top = next(fam for fam in r.families if fam.type == "max")
    assert top.to_dict()["strict"] is True
    assert top.lines()[0].endswith("strict local maximum at every point")


def test_shifted_sum_of_squares_family_is_a_minimum():
    (fam,) = critical_points((x - 1)**4 + (x - 1)**2*(y + 2)**2).families
    assert (fam.equations, fam.type, fam.strict) == ((x - 1,), "min", False)


def test_exponential_circle_is_found_as_a_family():
    r = critical_points((x**2 + y**2)*sp.exp(-(x**2 + y**2)))
    assert r.complete and [f.equations for f in r.families] == [(x**2 + y**2 - 1,)]
    assert [(tuple(p.point.values()), p.type) for p in r.points] == [((0, 0), "min")]


def test_no_critical_points_of_a_transcendental_function_is_not_called_complete():
    r = critical_points(sp.exp(x)*sp.cos(y))
    assert r.points == () and not r.complete


def test_not_a_critical_point_is_refused():
    with pytest.raises(SymhessError, match="not a critical point"):
        classify(x**2 + y, {x: 0, y: 0})


# -- non-polynomial -----------------------------------------------------------------------


def test_sin_sin_gives_periodic_families():
    r = critical_points(sp.sin(x)*sp.sin(y))
    kinds = {tuple(p.point.values()): p.type for p in r.points}
    assert kinds[(sp.pi/2, sp.pi/2)] == "max" and kinds[(0, 0)] == "saddle"
    assert all(f.periodic for f in r.families) and not r.complete


def test_box_search_certifies_numeric_points():
    f = sp.cos(x) + x**2/10
    r = critical_points(f, box={x: (-5, 5)})
    assert r.complete and all(not p.exact for p in r.points)
    assert [p.type for p in r.points] == ["min", "max", "min"]
    for p in r.points:
        # the certified enclosure: f'(x) changes sign across x ± error bound
        fx = sp.diff(f, x)
        a, b = p.point[x] - 10*p.error_bound - 1e-12, p.point[x] + 10*p.error_bound + 1e-12
        assert sp.sign(fx.subs(x, a)) != sp.sign(fx.subs(x, b))


def test_krawczyk_finds_a_root_on_the_midline_of_a_symmetric_box():
    assert [float(p[x]) for p, _, _ in krawczyk_points([sp.sin(x)], [x], {x: (-1, 1)})] == \
        pytest.approx([0.0], abs=1e-12)


# -- the ring path and the general path ------------------------------------------------------

RING_GALLERY = [x**3 - 3*x + y**2, x**4 + y**4 - 4*x*y, x*y*sp.exp(-(x**2 + y**2)/2),
                x**3 - 6*x + y**2, x + 1/x + y**2, x*y*z - x**2 - y**2 - z**2,
                (x**2 - 1)/(y**2 + 1) + y**2, x*sp.exp(-x**2 - y**2), x**2 + y**4,
                x**3 - 3*x*y**2, x**6/6 - x**2/2 - x + y**2, y**3 - 3*y + x**2*y + x**2]


@pytest.mark.parametrize("f", RING_GALLERY)
def test_ring_path_agrees_with_the_general_path(f, monkeypatch):
    import symhess.critical.finding as critical

    fast = critical_points(f)
    assert critical._find_in_ring(f, fast.variables, []) is not None  # the ring path took it
    monkeypatch.setattr(critical, "_find_in_ring", lambda *args: None)
    slow = critical_points(f)
    assert fast.complete and slow.complete

    def in_order(r):
        return sorted(r.points, key=lambda p: [float(v) for v in p.point.values()])

    assert [(p.type, p.strict, p.degenerate) for p in in_order(fast)] == [
        (p.type, p.strict, p.degenerate) for p in in_order(slow)]
    for p, q in zip(in_order(fast), in_order(slow), strict=True):
        assert all(is_zero(p.point[v] - q.point[v]) for v in p.point)


MONOMIALS = [x**i*y**j for i in range(4) for j in range(4) if 0 < i + j <= 4]


@given(st.lists(st.tuples(st.sampled_from(MONOMIALS), st.integers(-3, 3)), min_size=3,
                max_size=5))
@settings(max_examples=25, deadline=None)
def test_ring_path_agrees_with_the_general_path_on_random_polynomials(terms):
    import symhess.critical.finding as critical

    f = sum(c*m for m, c in terms)
    assume(f.free_symbols == {x, y})
    fast = critical_points(f, [x, y])
    original = critical._find_in_ring
    try:
        critical._find_in_ring = lambda *args: None
        slow = critical_points(f, [x, y])
    finally:
        critical._find_in_ring = original

    def in_order(r):
        return sorted(r.points, key=lambda p: [float(v) for v in p.point.values()])

    assert len(fast.families) == len(slow.families)
    assert [(p.type, p.strict) for p in in_order(fast)] == [
        (p.type, p.strict) for p in in_order(slow)]
    for p, q in zip(in_order(fast), in_order(slow), strict=True):
        assert all(is_zero(p.point[v] - q.point[v]) for v in (x, y))


@pytest.mark.parametrize("f", RING_GALLERY)
def test_ring_hessian_is_the_hessian_at_the_point(f):
    xs = sorted(f.free_symbols, key=str)
    H = sp.hessian(f, xs)
    for p in critical_points(f).points:
        assert all(is_zero(a - b) for a, b in zip(p.hessian, H.subs(p.point), strict=True))


# -- properties ---------------------------------------------------------------------------

small = st.integers(-3, 3)


@st.composite
def quadratics(draw, n=2):
    entries = [[draw(small) for _ in range(n)] for _ in range(n)]
    A = sp.Matrix(n, n, lambda i, j: entries[min(i, j)][max(i, j)])
    assume(A.det() != 0)
    b = sp.Matrix([draw(small) for _ in range(n)])
    return A, b, draw(small)


@given(quadratics())
@settings(max_examples=25)
def test_quadratic_has_one_critical_point_of_the_matrix_type(data):
    A, b, c = data
    v = sp.Matrix([x, y])
    f = sp.expand((v.T*A*v)[0] + (b.T*v)[0] + c)
    (p,) = critical_points(f, [x, y]).points
    assert sp.Matrix([p.point[x], p.point[y]]) == -A.inv()*b/2
    kind = definiteness(A).classification
    assert p.type == {"positive definite": "min", "negative definite": "max",
                      "indefinite": "saddle"}[kind]


@given(quadratics(), st.sampled_from([x**2 + y**4, x**2 - y**4, x**2 + y**3, x**4 + y**4,
                                     x**3 - 3*x*y**2, x**2 + 2*x*y + 3*y**2]), small)
@settings(max_examples=20)
def test_classification_invariant_under_linear_change_and_constant(data, f, c):
    M = data[0]
    u = M*sp.Matrix([x, y])
    g = sp.expand(f.xreplace({x: u[0], y: u[1]}) + c)  # xreplace is simultaneous
    assert classify(g, {x: 0, y: 0}).type == classify(f, {x: 0, y: 0}).type


@given(st.lists(st.tuples(small, small, small), min_size=2, max_size=2))
@settings(max_examples=20)
def test_sum_of_squares_of_independent_linear_forms_has_a_min(rows):
    assume(sp.Matrix([r[:2] for r in rows]).det() != 0)
    f = sum((a*x + b*y + k)**2 for a, b, k in rows)
    (p,) = critical_points(f, [x, y]).points
    assert (p.type, p.strict) == ("min", True)


# -- CLI contract ---------------------------------------------------------------------------




def test_cli_json_contract(capsys):
    code, out, _ = run(capsys, "classify", "x^3 - 3x + y^2", "--json")
    d = json.loads(out)
    assert code == 0 and d["variables"] == ["x", "y"] and d["complete"] is True
    pts = {(p["point"]["x"], p["point"]["y"]): p for p in d["critical_points"]}
    assert pts[("1", "0")]["type"] == "min" and pts[("1", "0")]["strict"] is True
    assert pts[("-1", "0")]["type"] == "saddle"
    assert set(pts[("1", "0")]) >= {"point", "type", "strict", "degenerate", "exact",
                                    "criterion", "hessian", "certificate"}
    assert [[sp.sympify(e) for e in row] for row in pts[("1", "0")]["hessian"]] == [[6, 0],
                                                                                  [0, 2]]


def test_cli_families_and_table(capsys):
    code, out, _ = run(capsys, "classify", "x^2 y^2", "--json")
    assert json.loads(out)["families"][1] | {"certificate": None, "parametrisation": None} \
        == {"equations": ["y"], "type": "min", "strict": False, "certificate": None,
            "parametrisation": None}
    code, out, _ = run(capsys, "classify", "(y - x^2)(y - 2x^2)")
    assert code == 0 and "saddle" in out and "-x**4/4" in out


def test_cli_box_and_bad_input(capsys):
    code, out, _ = run(capsys, "classify", "cos(x) + x^2/10", "--box", "x=-5..5", "--json")
    d = json.loads(out)
    assert code == 0 and all(p["exact"] is False and "error_bound" in p
                             for p in d["critical_points"])
    assert run(capsys, "classify", "x^^2")[0] == 2
    assert run(capsys, "classify", "x^2", "--box", "y=0..1")[0] == 2


def test_a_real_budget_expiry_carries_a_partial_result():
    from symhess.budget import time_budget

    hard = x**7*y**5 - 3*x**4*y**3*z + z**6*x - y**8 + 5*x*y*z**3 - z**2
    with pytest.raises(BudgetExceeded) as e, time_budget(0.3):
        critical_points(hard)
    assert e.value.partial is not None and e.value.partial.complete is False
    assert "interrupted by the time budget" in str(e.value.partial)


def test_budget_exceeded_carries_what_was_found(monkeypatch, capsys):
    import symhess.critical.finding as critical

    original = critical._classify_at
    calls = []

    def slow_second(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise BudgetExceeded("ran out", 1.0)
        return original(*args, **kwargs)

    monkeypatch.setattr(critical, "_classify_at", slow_second)
    with pytest.raises(BudgetExceeded) as e:
        critical_points(x**3 - 3*x + y**2)
    assert len(e.value.partial.points) == 1 and e.value.partial.complete is False
    calls.clear()
    code, out, _ = run(capsys, "classify", "x^3 - 3x + y^2", "--json")
    assert code == 3 and len(json.loads(out)["partial"]["critical_points"]) == 1


def test_interval_search_with_a_constant_hessian_entry_does_not_crash():
    """A constant Jacobian entry (plain int, no .mid) and a component pinned to zero width
    (never strictly inside): both once stopped the search."""
    from symhess.critical import krawczyk_points

    x, y = sp.symbols("x y")
    grad = [sp.cos(x) - sp.Rational(1, 2), 2 * y]
    box = {x: (sp.Integer(0), sp.Integer(2)), y: (sp.Integer(-1), sp.Integer(1))}
    found = list(krawczyk_points(grad, (x, y), box))
    assert len(found) == 1
