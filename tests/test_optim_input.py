"""What ``minimize`` accepts as a function: text through the safe parser only, and declared
variables that are exactly the symbols of ``f``."""

import pytest
import sympy as sp

from symhess.errors import BackendError, DimensionError, ParseError
from symhess.optim import Problem, minimize
from symhess.optim.backends import get_backend


def test_glued_variable_names_are_refused_with_a_hint():
    with pytest.raises(DimensionError, match=r"f contains x, y.*\(xy\).*x,y \(with commas\)"):
        Problem.from_expr("x^2 + y^2", "xy")


def test_a_declared_variable_that_f_lacks_is_named():
    with pytest.raises(DimensionError, match="declared variable z does not occur in f"):
        minimize("x^2 + y^2", [1, 1, 1], variables="x,y,z")


def test_residual_variables_are_checked_over_all_residuals():
    p = Problem.from_residuals(["x - 1", "y + 2"], "x,y")  # each residual lacks one variable
    assert p.n == 2
    with pytest.raises(DimensionError, match="f contains y"):
        Problem.from_residuals(["x - 1", "y + 2"], "x")


def test_text_never_reaches_sympify():
    # SymPy's own parser would evaluate this; the whitelist parser refuses it
    with pytest.raises(ParseError):
        Problem.from_expr("__import__('os').getcwd() + x")
    with pytest.raises(ParseError):
        minimize("x^2", [1], method="gd", step="(1).__class__", backend="exact")


def test_exact_numbers_refuse_objects_that_are_not_numbers():
    bk = get_backend("exact")
    assert bk.number("1/3") == sp.Rational(1, 3) and bk.number(2) == 2
    with pytest.raises(BackendError, match="is not a number"):
        bk.number(object())
