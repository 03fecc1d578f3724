"""Exact runs that stay practical: dyadic line-search steps, digits per iterate, a digit budget."""

from itertools import pairwise

import sympy as sp

from symhess.optim import minimize
from symhess.optim.backends import STEP_BITS

R = sp.Rational
ROSENBROCK = "(1-x)^2 + 100(y-x^2)^2"


def is_power_of_two(q: int) -> bool:
    return q & (q - 1) == 0


def test_exact_bfgs_on_rosenbrock_converges_with_short_iterates():
    r = minimize(ROSENBROCK, [R(-6, 5), 1], method="bfgs", backend="exact", maxiter=80)
    assert r.success and list(r.x) != [1, 1]  # near, not at, the minimiser: it is exact
    assert abs(r.x[0] - 1) < R(1, 10**10) and abs(r.x[1] - 1) < R(1, 10**10)
    assert all(isinstance(c, sp.Rational) for x in r.xs for c in x)
    assert len(r.iterate_digits) == len(r.xs) and max(r.iterate_digits) < 200
    assert r.stationary_type.value == "min"


def test_line_search_steps_are_dyadic_with_at_most_step_bits_significant_bits():
    r = minimize(ROSENBROCK, [R(-6, 5), 1], method="gd", backend="exact", maxiter=10)
    for before, after in pairwise(r.xs):
        s = [b - a for a, b in zip(before, after, strict=True)]
        assert all(is_power_of_two(c.q) for c in s)
        largest = max(abs(c) for c in s)
        quantum = min(c.q for c in s if c)
        assert largest * quantum < 2 ** (STEP_BITS + 1)


def test_full_newton_steps_are_not_rounded():
    r = minimize("x^2 + x*y + 3y^2 - x", [R(1, 3), R(-2, 7)], method="newton",
                 backend="exact")
    assert r.nit == 1 and list(r.x) == [R(6, 11), R(-1, 11)]


def test_the_digit_budget_stops_the_run_and_suggests_mpmath():
    r = minimize(ROSENBROCK, [R(-6, 5), 1], method="newton", backend="exact", max_digits=500)
    assert not r.success
    assert r.iterate_digits[-1] > 500 >= max(r.iterate_digits[:-1])
    assert "max_digits = 500" in r.message and 'backend="mpmath"' in r.message
    assert r.to_dict()["iterate_digits"] == list(r.iterate_digits)


def test_numeric_backends_report_no_digits():
    r = minimize(ROSENBROCK, [-1.2, 1], method="bfgs")
    assert r.iterate_digits == () and r.success


def test_a_step_out_of_the_domain_is_reported_in_words():
    # Newton on x − log x from x = 2 jumps to x = 0, where log is not finite: the exact run
    # printed "‖∇f(x)‖∞ = None" and blamed the iterates for blowing up
    r = minimize("x - log(x) + y^2", [2, 1], method="newton", backend="exact")
    assert not r.success and r.grad_norm is None and list(r.x) == [0, 0]
    text = "\n".join(r.lines())
    assert "‖∇f(x)‖∞ = not finite" in text and "None" not in text
    assert "left the domain of f" in r.message
