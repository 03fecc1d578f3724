"""``symhess minimize``: a thin shell over :func:`symhess.optim.minimize`."""

import json

import pytest
import sympy as sp

from tests.conftest import run_cli as run


def test_json_has_the_result_fields_and_the_exact_trajectory(capsys):
    code, out, _ = run(capsys, "minimize", "x^2 + 10y^2", "--x0", "1,1", "--method", "gd",
                       "--backend", "exact", "--step", "1/20", "--maxiter", "3", "--json")
    assert code == 0
    data = json.loads(out)
    for field in ("x", "fun", "grad_norm", "nit", "nfev", "ngev", "nhev", "success", "message",
                  "backend"):
        assert field in data
    xs = [[sp.Rational(c) for c in x] for x in data["trajectory"]["xs"]]
    assert xs[1] == [sp.Rational(9, 10), 0] and len(xs) == 4


def test_bfgs_on_rosenbrock_in_text(capsys):
    code, out, _ = run(capsys, "minimize", "(1-x)^2 + 100(y-x^2)^2", "--x0=-1.2,1")
    assert code == 0 and "bfgs" in out and "converged" in out


def test_lbfgs_memory_and_mpmath_digits_are_forwarded(capsys):
    code, out, _ = run(capsys, "minimize", "(1-x)^2 + 100(y-x^2)^2", "--x0=-1.2,1",
                       "--method", "lbfgs", "--memory", "3", "--backend", "mpmath", "--dps",
                       "40", "--gtol", "1e-20", "--json")
    data = json.loads(out)
    assert code == 0 and data["success"] and data["backend"] == "mpmath(40 digits)"
    assert abs(sp.Float(data["x"][0], 40) - 1) < sp.Float("1e-19")


@pytest.mark.parametrize("argv, message", [
    (["--method", "bfsg"], "unknown method 'bfsg'"),
    (["--backend", "jax"], "unknown backend 'jax'"),
    (["--memory", "5", "--method", "newton"], "memory"),
])
def test_bad_names_exit_2_with_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, "minimize", "x^2 + y^2", "--x0", "1,2", *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_start_of_the_wrong_length_exits_2(capsys):
    code, _, err = run(capsys, "minimize", "x^2 + y^2", "--x0", "1,2,3")
    assert code == 2 and "3 coordinates" in err


def test_divergence_is_reported_not_raised(capsys):
    code, out, _ = run(capsys, "minimize", "x^2 + 3y^2", "--x0", "1,1", "--method", "gd",
                       "--step", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["success"] is False and "η·λmax = 6 > 2" in data["message"]


def test_plot_writes_a_png(capsys, tmp_path):
    target = tmp_path / "run.png"
    code, _, _ = run(capsys, "minimize", "x^2 + 3y^2 + x*y", "--x0", "2,1", "--method", "gd",
                     "--step", "1/10", "--plot", str(target))
    assert code == 0 and target.read_bytes()[:4] == b"\x89PNG"


def test_a_start_with_a_leading_minus_needs_no_equals_sign(capsys):
    code, out, _ = run(capsys, "minimize", "(1-x)^2 + 100(y-x^2)^2", "--x0", "-1.2,1", "--json")
    data = json.loads(out)
    assert code == 0 and data["trajectory"]["xs"][0] == [-1.2, 1.0]


def test_the_result_names_its_variables(capsys):
    code, out, _ = run(capsys, "minimize", "(a - 1)^2 + (b + 2)^2", "--vars", "b,a", "--x0",
                       "0,0", "--method", "newton", "--backend", "exact", "--json")
    data = json.loads(out)
    assert code == 0 and data["variables"] == ["b", "a"] and data["x"] == ["-2", "1"]


@pytest.mark.parametrize("vars_, named", [("xy", "x, y"), ("x,y,z", "z")])
def test_undeclared_or_unused_variables_are_named_not_differentiated_as_zero(capsys, vars_,
                                                                            named):
    code, _, err = run(capsys, "minimize", "x^2 + y^2", "--vars", vars_, "--x0", "1,1,1")
    assert code == 2 and named in err and "Traceback" not in err


def test_second_order_method_on_a_kink_is_a_clear_error(capsys):
    from tests.conftest import run_cli

    code, _, err = run_cli(capsys, "minimize", "abs(x) + 2y^2", "--x0", "1,1",
                           "--method", "shifted-newton")
    assert code == 2 and "Traceback" not in err
    assert "not twice differentiable" in err and "DiracDelta(x)" in err
