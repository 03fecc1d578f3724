"""The second-derivative test at a point, and convexity regions without one."""

import pytest
import sympy as sp

from symhess import SymhessError, parse_expr
from symhess.analysis import analyze, second_derivatives
from symhess.calculus import gradient

x, y = sp.symbols("x y")


def test_textbook_cubic_min_and_saddle():
    f = parse_expr("x^3 - 3x + y^2")
    at_min = analyze(f, at={x: 1, y: 0})
    assert (at_min.critical, at_min.type, at_min.strict) == (True, "min", True)
    assert at_min.discriminant == 12 and at_min.value == -2
    assert analyze(f, at={x: -1, y: 0}).type == "saddle"


def test_maximum():
    a = analyze(parse_expr("-x^2 - xy - y^2"), at={x: 0, y: 0})
    assert a.type == "max" and a.definiteness.classification == "negative definite"


def test_not_a_critical_point():
    a = analyze(parse_expr("x^2 + y"), at={x: 0, y: 0})
    assert a.critical is False and a.type is None
    assert "∂f/∂y" in a.criterion


def test_critical_point_at_irrational_coordinates_decided_exactly():
    f = parse_expr("x^3 - 6x + y^2")  # critical at x = ±sqrt(2)
    assert analyze(f, at={x: sp.sqrt(2), y: 0}).type == "min"
    assert analyze(f, at={x: -sp.sqrt(2), y: 0}).type == "saddle"


def test_singular_semidefinite_goes_beyond_the_textbook_test():
    a = analyze(parse_expr("x^4 + y^2"), at={x: 0, y: 0})
    assert a.critical and a.definiteness.classification == "positive semidefinite"
    assert "inconclusive" in a.criterion  # the textbook test says so, and says why
    assert (a.type, a.strict) == ("min", True)  # the higher-order terms decide it


def test_convexity_regions_in_one_variable_of_the_hessian():
    a = analyze(parse_expr("x^3 - 3x + y^2"))
    conv = a.to_dict()["convexity"]
    assert conv["convex"] == "x >= 0" and conv["strictly convex"] == "x > 0"
    assert conv["concave"] == "False"


def test_convex_quadratic_everywhere():
    conv = analyze(parse_expr("x^2 + xy + y^2")).to_dict()["convexity"]
    assert conv == {"convex": "True", "strictly convex": "True", "concave": "False"}


def test_second_derivatives_at_a_point():
    s = second_derivatives(parse_expr("x y e^x"), at={x: 0, y: 1})
    assert s.hessian_at == sp.Matrix([[2, 1], [1, 0]])
    assert s.to_dict()["gradient_at_point"] == ["1", "0"]



@pytest.mark.parametrize(
    ("text", "point", "reason"),
    [
        ("1/x", {x: 0}, "undefined or infinite"),
        ("sqrt(x)", {x: 0}, "not twice differentiable"),
        ("log(x)", {x: -1}, "not real"),
        ("abs(x)", {x: 0}, "not twice differentiable"),
        ("x^2 + y^2", {x: sp.Symbol("a"), y: 0}, "must be numbers"),
    ],
)
def test_points_where_the_test_does_not_apply_are_refused_with_the_reason(text, point, reason):
    with pytest.raises(SymhessError, match=reason):
        analyze(parse_expr(text), at=point)


def test_absolute_value_differentiates_as_a_real_function():
    assert gradient(parse_expr("abs(x)")) == sp.Matrix([sp.sign(x)])
