"""Methods × problems × backends from one table: the first iterates agree across arithmetics
(exact, mpmath at 50 digits, NumPy); plus the public API's contract (errors, results, plots)."""

import json
import sys

import matplotlib
import mpmath
import numpy as np
import pytest
import sympy as sp

from symhess import problems
from symhess.errors import BackendError, DimensionError, ParseError, SymhessError
from symhess.optim import METHODS, OptionError, Problem, minimize
from symhess.optim.backends import ExactBackend, MpmathBackend

matplotlib.use("Agg")

R = sp.Rational

# method, problem, options, iterates compared, whether the exact backend runs it.  Exact
# arithmetic on a non-quadratic with a line search multiplies the digits every step, so those
# rows compare two iterates; the rest compare more.
TABLE = [
    ("gd", problems.quadratic([1, 3]), {"step": R(1, 5)}, 6, True),
    ("gd", problems.rosenbrock(2), {"line_search": "armijo"}, 3, True),
    ("gd", problems.quadratic([1, 3, 7]), {"line_search": "exact"}, 5, True),
    ("heavy-ball", problems.quadratic([1, 9]), {"step": R(1, 10)}, 6, True),
    ("nesterov", problems.rosenbrock(2), {"step": R(1, 1000)}, 4, True),
    ("newton", problems.rosenbrock(2), {}, 4, True),
    ("damped-newton", problems.beale(), {}, 3, True),
    ("shifted-newton", problems.rosenbrock(2), {"shift": 10}, 3, True),
    ("saddle-free-newton", problems.saddle(), {}, 4, True),
    ("bfgs", problems.rosenbrock(2), {}, 2, True),
    ("bfgs", problems.quadratic([1, 2, 9]), {"line_search": "exact"}, 3, True),
    ("dfp", problems.beale(), {}, 2, True),
    ("sr1", problems.quadratic([1, 4, 6]), {}, 3, True),
    ("lbfgs", problems.rosenbrock(2), {"memory": 3}, 2, True),
    ("lbfgs", problems.extended_rosenbrock(20), {"memory": 5}, 8, False),
    ("gauss-newton", problems.curve_fit(zero_residual=False), {}, 3, True),
    ("levenberg-marquardt", problems.powell_singular(), {}, 3, False),
    ("adagrad", problems.quadratic([1, 4]), {"step": R(1, 2)}, 3, True),
    ("rmsprop", problems.quadratic([1, 4]), {"step": R(1, 10)}, 2, True),
    ("adam", problems.quadratic([1, 4]), {"step": R(1, 10)}, 3, True),
    ("linear-cg", problems.quadratic([1, 2, 5, 8]), {}, 4, True),
    ("cg", problems.rosenbrock(2), {}, 3, False),
    ("trust-ncg", problems.rosenbrock(2), {}, 4, False),
    # unrounded, the exact secular-equation iterates for λ grow without bound; the rounded exact
    # run is compared with the others in test_optim_trust_region.py
    ("trust-exact", problems.beale(), {}, 4, False),
    ("newton-cg", problems.beale(), {}, 2, True),
    ("natural-gradient", problems.logistic_regression(), {}, 4, False),
    ("sam", problems.quadratic([1, 10]), {"step": R(1, 20), "sharpness_steps": 3}, 3, True),
]


def _id(row):
    method, problem, options, *_ = row
    return f"{method}-{problem.name.split(' ')[0]}" + ("-" + "-".join(options) if options else "")


def test_the_table_covers_every_method():
    assert {row[0] for row in TABLE} == set(METHODS)


def _floats(x) -> list:
    return [float(sp.N(v, 20)) if isinstance(v, sp.Basic) else float(v) for v in x]


def _relative_gap(a, b, dps: int = 60) -> mpmath.mpf:
    with mpmath.workdps(dps):
        def mp(v):
            return mpmath.mpf(sp.N(v, dps)) if isinstance(v, sp.Basic) else mpmath.mpf(v)
        return max(abs(mp(u) - mp(v)) / max(1, abs(mp(v))) for u, v in zip(a, b, strict=True))


@pytest.mark.parametrize("row", TABLE, ids=[_id(r) for r in TABLE])
def test_backends_agree_on_the_first_iterates(row):
    method, problem, options, k, exact = row
    # unrounded exact steps: the 53-bit dyadic line-search steps would differ at 1e-17
    backends = {"exact": ExactBackend(step_bits=0), "mpmath": MpmathBackend(50),
                "numpy": "numpy"}
    runs = {bk: minimize(problem, method=method, backend=backends[bk], maxiter=k, gtol=0,
                         **options)
            for bk in (["exact"] if exact else []) + ["mpmath", "numpy"]}
    reference = runs["exact" if exact else "mpmath"]
    assert len(reference.xs) == k + 1
    if exact:
        assert all(isinstance(c, sp.Expr) and c.is_number for x in reference.xs for c in x)
        for a, b in zip(runs["mpmath"].xs, reference.xs, strict=True):
            assert _relative_gap(a, b) < mpmath.mpf("1e-40")
    for a, b in zip(runs["numpy"].xs, reference.xs, strict=True):
        assert _relative_gap(a, b) < 1e-11
        assert isinstance(a, np.ndarray) and a.dtype == float


# -- the contract of minimize -----------------------------------------------------------------


def test_unknown_method_is_a_parse_error_naming_the_choices():
    with pytest.raises(ParseError, match="unknown method 'bfsg'.*bfgs"):
        minimize("x^2", [1], method="bfsg")


def test_unknown_backend_is_a_backend_error():
    with pytest.raises(BackendError, match="unknown backend 'float'"):
        minimize("x^2", [1], backend="float")


def test_wrong_length_start_is_a_dimension_error_naming_the_variables():
    with pytest.raises(DimensionError, match=r"x0 has 3 coordinates .* 2 variables \(x, y\)"):
        minimize("x^2 + y^2", [1, 2, 3])


def test_a_float_cannot_enter_exact_arithmetic():
    with pytest.raises(BackendError, match="0.1"):
        minimize("x^2", [0.1], method="newton", backend="exact")
    with pytest.raises(BackendError, match="floating-point"):
        minimize("x^2", [mpmath.mpf(1) / 3], method="newton", backend="exact")


def test_unknown_and_missing_options_are_option_errors():
    with pytest.raises(OptionError, match="memory"):
        minimize("x^2 + y^2", [1, 1], method="newton", memory=5)
    with pytest.raises(OptionError, match="step size"):
        minimize("x^2 + y^2", [1, 1], method="heavy-ball")
    assert issubclass(OptionError, SymhessError)


def test_non_finite_values_end_the_run_cleanly():
    r = minimize("x - log(x)", [10], method="gd", step=20, backend="numpy")
    assert not r.success and "not finite" in r.message
    assert r.nit == 1 and np.isnan(r.fun)


def test_a_runaway_quartic_is_caught_as_divergence_before_it_overflows():
    r = minimize("x^4", [10], method="gd", step=1, backend="numpy")
    assert not r.success and r.message.startswith("diverged")
    assert "η·λmax = 1.2e+03 > 2" in r.message


def test_callables_run_exactly_when_written_with_arithmetic_only():
    p = Problem.from_callables(lambda x: x @ x / 2 + x[0], lambda x: x + np.eye(2)[0].astype(int),
                               n=2)
    r = minimize(p, [3, R(1, 2)], method="gd", backend="exact", step=R(1, 3), maxiter=2)
    assert [list(x) for x in r.xs] == [[3, R(1, 2)], [R(5, 3), R(1, 3)], [R(7, 9), R(2, 9)]]


def test_callables_returning_floats_on_the_exact_backend_are_refused():
    p = Problem.from_callables(lambda x: float(x @ x), lambda x: 2 * x, n=2)
    with pytest.raises(BackendError, match="float"):
        minimize(p, [1, 1], method="gd", backend="exact", step=R(1, 4))


def test_evaluations_are_counted_per_run():
    p = problems.rosenbrock(2)
    first = minimize(p, method="newton")
    second = minimize(p, method="newton")
    assert (first.nfev, first.ngev, first.nhev) == (second.nfev, second.ngev, second.nhev)
    assert first.nhev == first.nit and first.nfev == first.nit + 1


def test_to_dict_is_json_with_exact_strings_that_sympy_reads_back():
    r = minimize("x^2 + 10y^2", [1, 1], method="gd", backend="exact", step=R(1, 20), maxiter=3)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["exact"] is True and data["backend"] == "exact"
    assert [[sp.sympify(c) for c in x] for x in data["trajectory"]["xs"]] == \
        [list(x) for x in r.xs]
    for field in ("x", "fun", "grad_norm", "nit", "nfev", "ngev", "nhev", "success", "message"):
        assert field in data


def test_mpmath_numbers_are_written_with_all_their_digits():
    r = minimize("x^2", [1], method="gd", backend="mpmath", dps=40, step=R(1, 3), maxiter=1)
    assert r.to_dict()["x"] == ["0." + "3" * 40]


def test_large_runs_keep_no_trajectory_unless_asked():
    p = problems.extended_rosenbrock(20_000)
    r = minimize(p, method="lbfgs")
    assert r.success and r.xs == () and len(r.fs) == r.nit + 1
    kept = minimize(problems.rosenbrock(2), method="lbfgs", trajectory=False)
    assert kept.xs == ()


def test_result_text_names_method_backend_and_outcome():
    r = minimize(problems.rosenbrock(2), method="bfgs")
    text = str(r)
    assert "bfgs on Rosenbrock" in text and "numpy" in text and "converged" in text


def test_plots_draw_the_path_on_contours_and_the_error_on_a_log_scale():
    r = minimize(problems.rosenbrock(2), method="bfgs")
    ax = r.plot()
    assert len(ax.lines) >= 2 and ax.collections  # the path, x₀ and the contour sets
    ax = r.plot_error()
    assert ax.get_yscale() == "log"
    line = ax.lines[0]
    assert len(line.get_xdata()) == r.nit + 1


def test_a_contour_plot_needs_two_variables():
    r = minimize(problems.quadratic([1, 2, 3]), method="newton")
    with pytest.raises(DimensionError):
        r.plot()


def test_exact_iterates_past_python_digit_limit_still_serialise():
    r = minimize(problems.rosenbrock(2), method="bfgs", backend=ExactBackend(step_bits=0),
                 maxiter=3)
    data = r.to_dict()
    assert max(len(c) for c in data["x"]) > 4300  # the exact value, not a rounding
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # reading it back needs Python's own limit lifted
    try:
        assert [sp.Rational(c) for c in data["x"]] == list(r.x)
    finally:
        sys.set_int_max_str_digits(limit)
    assert "…" in str(r)  # the text shows ten digits
