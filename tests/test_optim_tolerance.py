"""Scale-aware stopping: a function multiplied by 10⁻⁵ is solved as well as the original."""

import numpy as np
import pytest
import sympy as sp

from symhess.optim import Problem, minimize
from symhess.problems import wood

R = sp.Rational


def _scaled_wood(c):
    w = wood()
    return Problem.from_expr(c * w.expr, w.variables, x0=w.x0)


def _distance(r, point):
    return float(np.max(np.abs(np.asarray(r.x, dtype=float) - np.asarray(point, dtype=float))))


@pytest.mark.parametrize("method", ["bfgs", "lbfgs"])
def test_wood_scaled_by_1e_5_reaches_the_minimizer(method):
    p = _scaled_wood(R(1, 10**5))
    relative = minimize(p, method=method)
    absolute = minimize(p, method=method, rtol=0)
    assert relative.success and _distance(relative, [1, 1, 1, 1]) < 1e-4
    assert "rtol·‖∇f(x₀)‖∞" in relative.message
    # the absolute test (scipy's) stops where the scaled gradient is merely below 1e-5
    assert absolute.grad_norm <= 1e-5 and _distance(absolute, [1, 1, 1, 1]) > 1e-3


def test_an_unscaled_problem_keeps_the_absolute_tolerance():
    r = minimize(wood(), method="bfgs")
    assert r.success and "rtol" not in r.message and "gtol = 1e-05" in r.message


def test_a_quadratic_scaled_by_1e_5_converges_as_far_as_the_unscaled_one():
    unscaled = minimize("(x - 1)^2 + 10(y + 2)^2", [5, 5], method="bfgs")
    scaled = minimize("(x - 1)^2/10^5 + (y + 2)^2/10^4", [5, 5], method="bfgs")
    assert unscaled.success and scaled.success
    assert _distance(scaled, [1, -2]) < 1e-5 and _distance(unscaled, [1, -2]) < 1e-5


def test_gtol_alone_is_the_absolute_test():
    r = minimize(_scaled_wood(R(1, 10**5)), method="bfgs", gtol="1e-5")
    assert "rtol" not in r.message and r.grad_norm <= 1e-5
    assert r.grad_norm > 1e-9  # stopped well before the relative test would have


def test_mpmath_is_scale_aware_too():
    r = minimize("(x - 1)^2/10^5 + (y + 2)^2/10^5", [5, 5], method="bfgs", backend="mpmath",
                 dps=30)
    assert r.success and _distance(r, [1, -2]) < 1e-15


def test_the_exact_backend_stays_absolute_unless_asked():
    r = minimize("x^2 + y^2", [1, 1], method="gd", step="1/2", backend="exact")
    assert r.success and r.message == "converged: ‖∇f‖∞ = 0 ≤ gtol = 1/1000000000000"
    tight = minimize("x^2 + y^2", [1, 1], method="gd", step="1/4", backend="exact",
                     rtol="1/10^20", maxiter=100)
    assert tight.success and tight.grad_norm <= R(1, 10**20) * 2


def test_cli_rtol_zero_is_the_absolute_test(capsys):
    from tests.conftest import run_cli as run

    args = ["minimize", "(x - 1)^2/10^5 + (y + 2)^2/10^4", "--x0", "5,5"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and "rtol·‖∇f(x₀)‖∞" in out
    code, out, _ = run(capsys, *args, "--rtol", "0")
    assert code == 0 and "rtol" not in out.splitlines()[1]
