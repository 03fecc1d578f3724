"""Gradient, Hessian, Taylor model and Clairaut's theorem, as the textbook states them."""

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symhess import DimensionError, parse_expr
from symhess.calculus import (
    directional_curvature,
    gradient,
    hessian,
    hvp,
    jacobian,
    mixed_partial_by_limits,
    mixed_partials,
    taylor2,
)

x, y, z = sp.symbols("x y z")


def test_hessian_is_the_matrix_of_second_partials():
    f = x**3 * y + sp.exp(x * y) + sp.sin(z) * x
    H = hessian(f, [x, y, z])
    assert H == sp.hessian(f, [x, y, z])
    assert H.is_symmetric()


def test_polynomial_fast_path_agrees_with_sympy():
    f = sp.expand((x + 2 * y - z + 1) ** 5 + x * y * z)
    assert hessian(f) == sp.hessian(f, [x, y, z])


def test_gradient_and_jacobian():
    f = x**2 * y + y**3
    assert gradient(f) == sp.Matrix([2 * x * y, x**2 + 3 * y**2])
    assert jacobian([x * y, x + y], [x, y]) == sp.Matrix([[y, x], [1, 1]])
    assert jacobian(list(gradient(f)), [x, y]) == hessian(f)


def test_hessian_vector_product_without_forming_the_hessian():
    f = x**2 * y + sp.sin(x * y)
    v = sp.Matrix([3, -1])
    assert (hvp(f, v) - hessian(f) * v).applyfunc(sp.simplify) == sp.zeros(2, 1)


def test_taylor_model_of_a_quadratic_is_the_quadratic():
    f = 3 * x**2 - 2 * x * y + y**2 + x - 5
    t = taylor2(f, {x: 1, y: 2})
    assert sp.expand(t.model - f) == 0
    d = sp.Matrix(t.steps)
    assert t.quadratic_form == sp.expand((d.T * hessian(f) * d)[0] / 2)


def test_taylor_model_of_exp():
    t = taylor2(sp.exp(x + 2 * y), (0, 0))
    assert t.model == sp.expand(1 + x + 2 * y + (x + 2 * y) ** 2 / 2)
    assert t.to_dict()["hessian"] == [["1", "2"], ["2", "4"]]


def test_directional_curvature_along_an_eigenvector_is_the_eigenvalue():
    H = sp.Matrix([[2, 1], [1, 2]])
    assert directional_curvature(H, [1, 1]) == 3
    assert directional_curvature(H, [1, -1]) == 1


def test_wrong_point_length_is_a_dimension_error():
    with pytest.raises(DimensionError):
        taylor2(x * y, (1, 2, 3))


def test_clairaut_symmetry_for_smooth_functions():
    mp = mixed_partials(parse_expr("x^3 y^2 + sin(x y) + e^(x z)"))
    assert mp.symmetric


def test_clairaut_counterexample_from_difference_quotients():
    f = x * y * (x**2 - y**2) / (x**2 + y**2)
    assert mixed_partial_by_limits(f, x, y, {x: 0, y: 0}).value == -1
    assert mixed_partial_by_limits(f, y, x, {x: 0, y: 0}).value == 1


def test_clairaut_counterexample_as_a_piecewise_definition():
    f = sp.Piecewise((0, sp.Eq(x, 0) & sp.Eq(y, 0)), (x * y * (x**2 - y**2) / (x**2 + y**2), True))
    fxy = mixed_partial_by_limits(f, x, y, {x: 0, y: 0})
    fyx = mixed_partial_by_limits(f, y, x, {x: 0, y: 0})
    assert (fxy.value, fyx.value) == (-1, 1)
    assert "-1" in str(fxy)


small = st.integers(-4, 4)


@given(st.lists(small, min_size=6, max_size=6))
def test_hessian_of_a_quadratic_form_is_twice_its_matrix(c):
    a, b, d, e, g, h = c
    f = a * x**2 + b * x * y + d * y**2 + e * x + g * y + h
    assert hessian(f, [x, y]) == sp.Matrix([[2 * a, b], [b, 2 * d]])
