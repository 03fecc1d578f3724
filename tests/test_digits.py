"""Newton's digit doubling, checked against independent roots and against mpmath itself."""

from __future__ import annotations

import json
import math
import time

import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mpmath import mp, mpf

from symhess.cli import main as cli
from symhess.digits import (
    METHODS,
    DigitsResult,
    compare_methods,
    correct_digits,
    find_root,
    newton_digits,
)
from symhess.errors import ConvergenceError, DimensionError, ParseError, SymhessError
from symhess.verdict import Verdict

GOLDEN = "1/2 + sqrt(5)/2"


def asymptotic_orders(result: DigitsResult) -> list[float]:
    """The order estimates once the error is below 10⁻³, the last (capped) step left out."""
    return [s.order for s in result.iterations[:-1]
            if s.order is not None and s.error_log10 is not None and s.error_log10 < -3]


def median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def digits_per_step(result: DigitsResult) -> float:
    """Slope of log10 of the error against k (least squares), once the error is below 10⁻³."""
    points = [(s.k, s.error_log10) for s in result.iterations
              if s.error_log10 is not None and s.error_log10 < -3]
    n = len(points)
    mk = sum(k for k, _ in points) / n
    me = sum(e for _, e in points) / n
    return -sum((k - mk) * (e - me) for k, e in points) / sum((k - mk) ** 2 for k, _ in points)


# -- orders of convergence ---------------------------------------------------------------------

SUPERLINEAR = [
    # method, f, x0, order, tolerance
    ("newton", "x^2 - 2", 1, 2.0, 0.05),
    ("newton", "cos(x) - x", 1, 2.0, 0.05),
    ("newton", "x^2 - x - 1", 2, 2.0, 0.05),
    ("halley", "x^2 - 2", 1, 3.0, 0.15),
    ("halley", "exp(x) - 3", 1, 3.0, 0.15),
    ("secant", "x^2 - 2", 1, (1 + math.sqrt(5)) / 2, 0.06),
    ("secant", "cos(x) - x", 1, (1 + math.sqrt(5)) / 2, 0.06),
    ("modified_newton", "(x - 1)^2 (x + 2)", 2, 2.0, 0.1),
]


@pytest.mark.parametrize("method, f, x0, order, tol", SUPERLINEAR)
def test_order_of_convergence_is_the_textbook_one(method, f, x0, order, tol):
    r = newton_digits(f, x0, digits=2000, method=method)
    assert r.success, r.message
    orders = asymptotic_orders(r)
    assert len(orders) >= 2
    assert abs(median(orders) - order) < tol, orders


LINEAR = [
    # method, f, x0, digits gained per step in theory
    ("bisection", "x^2 - 2", 1, math.log10(2)),                     # one bit per step
    ("fixed_point", "x^2 - 2", 1, -math.log10(math.sqrt(2) - 1)),  # |1 - η f'(√2)|, η = 1/2
    ("newton", "(x - 1)^2 (x + 2)", 2, math.log10(2)),              # (m-1)/m = 1/2 per step
]


@pytest.mark.parametrize("method, f, x0, rate", LINEAR)
def test_linear_methods_gain_a_fixed_number_of_digits_per_step(method, f, x0, rate):
    r = newton_digits(f, x0, digits=150, method=method)
    assert r.success, r.message
    assert abs(median(asymptotic_orders(r)) - 1) < 0.05
    assert digits_per_step(r) == pytest.approx(rate, rel=0.05)


def test_newton_at_a_double_root_is_linear_and_knowing_the_multiplicity_restores_two():
    f = "(x - 1)^2 (x + 2)"
    plain = newton_digits(f, 2, digits=100, method="newton")
    modified = newton_digits(f, 2, digits=100, method="modified_newton")
    assert modified.reference == plain.reference == "1"
    assert len(plain.iterations) > 5 * len(modified.iterations)
    assert median(asymptotic_orders(plain)) == pytest.approx(1, abs=0.05)
    assert_digits_double(modified, 1.8)
    given_m = newton_digits(f, 2, digits=100, method="modified_newton", multiplicity=2)
    assert [s.correct_digits for s in given_m.iterations] == \
        [s.correct_digits for s in modified.iterations]


def test_a_triple_root_with_its_multiplicity_doubles_too():
    r = newton_digits("(x - 1)^3 (x + 2)", 2, digits=300, method="modified_newton")
    assert r.success
    assert_digits_double(r, 1.8)


# -- the doubling itself -----------------------------------------------------------------------

def assert_digits_double(r: DigitsResult, factor: float) -> None:
    """From the first step with error < 10⁻³, each step multiplies the correct digits by at
    least ``factor`` until the target is reached.

    Digits are counted before rounding down (``-log10`` of the relative error): at 3 digits
    the floor alone can turn 5.98 new digits into 5 < 1.8 × 3."""
    steps = list(r.iterations)
    first = next(i for i, s in enumerate(steps) if s.error_log10 is not None
                 and s.error_log10 < -3)
    checked = 0
    for before, after in zip(steps[first:], steps[first + 1:], strict=False):
        if after.correct_digits < r.digits:
            assert -after.error_log10 >= factor * -before.error_log10, (before, after)
            assert after.correct_digits >= math.floor(factor * before.correct_digits)
            checked += 1
    assert checked >= 3
    assert steps[-1].correct_digits == r.digits


@pytest.mark.parametrize("f, x0", [("x^2 - 2", 1), ("x^2 - x - 1", 2), ("cos(x) - x", 1),
                                   ("exp(x) - 3", 1), ("x^3 - 2x - 5", 2)])
def test_newton_doubles_the_correct_digits_each_step(f, x0):
    assert_digits_double(newton_digits(f, x0, digits=5000), 1.8)


def test_halley_triples_them():
    assert_digits_double(newton_digits("x^2 - 2", 1, digits=5000, method="halley"), 2.7)


def test_a_minimiser_in_two_variables_doubles_them_too():
    r = newton_digits("x^4/4 - x + y^2 + x y", [1, 1], digits=1000)
    assert Verdict.MIN.describe(True) in r.reference
    assert_digits_double(r, 1.8)
    assert median(asymptotic_orders(r)) == pytest.approx(2, abs=0.05)


def test_several_variables_accept_a_point_in_text_and_report_a_saddle():
    r = newton_digits("x^3 - 3x + (y - 1)^2", "x=2, y=2", digits=50)
    assert r.success and r.reference.startswith("(1, 1), " + Verdict.MIN.describe(True))
    saddle = newton_digits("x^3 - 3x + y^2", (-2, 1), digits=50)
    assert saddle.reference.startswith("(-1, 0), " + Verdict.SADDLE.describe(None))


def test_the_schedule_raises_the_precision_as_the_digits_grow():
    r = newton_digits("x^2 - 2", 1, digits=10_000)
    bits = [s.precision_bits for s in r.iterations]
    assert bits == sorted(bits) and bits[0] == 64
    assert bits[-1] >= 10_000 * math.log2(10)
    # each step works at about twice the bits its iterate already has
    for s, nxt in zip(r.iterations, r.iterations[1:], strict=False):
        if s.correct_digits > 30 and nxt.correct_digits < r.digits:
            assert nxt.precision_bits <= 2.3 * s.correct_digits * math.log2(10) + 64


def test_doubling_gives_the_same_digits_as_fixed_precision_and_is_faster():
    digits = 100_000

    def best(doubling: bool) -> tuple[float, mpf]:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            x = find_root("x^2 - 2", 1, digits=digits, doubling=doubling)
            times.append(time.perf_counter() - start)
        return min(times), x

    t_doubling, fast = best(True)
    t_fixed, slow = best(False)
    assert correct_digits(fast, slow, cap=digits) == digits
    assert t_doubling < t_fixed / 2


# -- agreement with mpmath ---------------------------------------------------------------------

def test_square_root_of_two_agrees_with_mp_sqrt():
    digits = 20_000
    r = newton_digits("x^2 - 2", 1, digits=digits)
    with mp.workdps(digits + 50):
        assert correct_digits(r.root, mp.sqrt(2), cap=digits) == digits
        assert abs(r.root - mp.sqrt(2)) < mpf(10) ** (1 - digits) * mp.sqrt(2)


@pytest.mark.parametrize("method", ["newton", "halley", "secant", "bisection"])
def test_cos_x_equals_x_agrees_with_findroot_at_higher_precision(method):
    digits = 300 if method == "bisection" else 1000
    r = newton_digits("cos(x) - x", 1, digits=digits, method=method)
    assert r.reference.endswith("(certified by a sign change)")
    with mp.workdps(digits + 30):
        expected = mp.findroot(lambda x: mp.cos(x) - x, mpf("0.739"))
    assert correct_digits(r.root, expected, cap=digits) == digits


def test_golden_ratio_and_log_three_have_closed_forms():
    assert newton_digits("x^2 - x - 1", 2, digits=40).reference == GOLDEN
    r = newton_digits("exp(x) - 3", 1, digits=500)
    assert r.reference == "log(3)"
    with mp.workdps(550):
        assert correct_digits(r.root, mp.log(3), cap=500) == 500


def test_a_multiple_root_without_closed_form_is_found_with_its_multiplicity():
    # x⁵ - x - 1 has no root in radicals; cubed, its real root is triple (sign change kept)
    r = newton_digits("(x^5 - x - 1)^3", 1.2, digits=200, method="modified_newton",
                      multiplicity=3)
    assert r.reference.startswith("Newton root") and r.reference.endswith("sign change)")
    simple = newton_digits("x^5 - x - 1", 1.2, digits=200)
    assert correct_digits(r.root, simple.root, cap=200) == 200
    assert_digits_double(r, 1.8)


def test_a_sequence_start_in_one_variable_minimises():
    r = newton_digits("x^4/4 - 2x", [1], digits=100)  # f' = x³ - 2
    assert r.reference.startswith("(2**(1/3)), " + Verdict.MIN.describe(True))
    assert r.success


def test_the_reference_is_the_root_the_method_approaches():
    assert newton_digits("x^2 - 2", -3, digits=30).reference == "-sqrt(2)"
    assert newton_digits("x^2 - 2", 3, digits=30).reference == "sqrt(2)"


@given(st.integers(min_value=1, max_value=900), st.integers(min_value=1, max_value=9))
def test_correct_digits_counts_what_the_decimal_expansion_shows(k, u):
    with mp.workdps(1000):
        ref = mp.sqrt(2)
        x = ref + u * mpf(10) ** (-k)
        expected = math.floor(-mpmath.log10(abs(x - ref) / ref))
    assert correct_digits(x, ref) == expected


def test_counting_digits_of_a_million_digit_number_is_cheap():
    with mp.workdps(1_000_000):
        ref = mp.sqrt(2)
        x = ref + mpf(10) ** -600_000
    start = time.perf_counter()
    assert correct_digits(x, ref) == 600_000
    assert time.perf_counter() - start < 0.05


# -- results -----------------------------------------------------------------------------------

def test_result_serialises_with_the_documented_field_names():
    r = newton_digits("x^2 - 2", 1, digits=100)
    d = json.loads(r.to_json())
    assert d["method"] == "newton" and d["digits"] == 100 and d["seconds"] >= 0
    assert d["success"] is True and d["reference"] == "sqrt(2)"
    first, last = d["iterations"][0], d["iterations"][-1]
    assert set(first) >= {"k", "correct_digits", "order", "precision_bits", "ratio", "x"}
    assert first["k"] == 1 and last["correct_digits"] == 100
    assert [i["correct_digits"] for i in d["iterations"]] == \
        [s.correct_digits for s in r.iterations]


def test_result_renders_as_a_table_in_the_terminal_and_the_notebook():
    r = newton_digits("x^2 - 2", 1, digits=100)
    lines = str(r).splitlines()
    assert lines[0] == "newton on x**2 - 2 = 0 to 100 digits (order 2; doubling precision)"
    assert lines[2].split()[:3] == ["k", "x_k", "correct"]
    assert len(lines) == 5 + len(r.iterations)
    assert lines[-1].startswith("100 correct digits in 8 iterations")
    assert r.latex().startswith(r"\begin{array}") and r"\hline" in r.latex()
    assert r._repr_latex_().startswith("$\\displaystyle")
    html = r._repr_html_()
    assert html.count("<tr>") == 1 + len(r.iterations) and "sqrt(2)" in html


def test_a_long_linear_run_prints_its_ends_not_every_row():
    r = newton_digits("x^2 - 2", 1, digits=100, method="bisection")
    lines = str(r).splitlines()
    assert len(r.iterations) > 300 and len(lines) < 50
    assert any(line.startswith("…") for line in lines)
    # the header, 20 rows, ⋮, 20 rows
    assert r.latex().count(r"\\ ") == 41 and r"\vdots" in r.latex()


def test_plot_shows_correct_digits_against_the_iteration():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    r = newton_digits("x^2 - 2", 1, digits=100)
    figure = r.plot()
    (line,) = figure.axes[0].get_lines()
    assert list(line.get_ydata()) == [s.correct_digits for s in r.iterations]
    assert figure.axes[0].get_yscale() == "log"
    matplotlib.pyplot.close(figure)


def test_methods_side_by_side():
    c = compare_methods("x^2 - 2", 1, digits=100)
    assert [r.method for r in c.runs] == ["bisection", "fixed_point", "secant", "newton",
                                          "halley"]
    counts = [len(r.iterations) for r in c.runs]
    assert counts[0] > counts[1] > counts[2] > counts[3] > counts[4]
    assert all(r.iterations[-1].correct_digits == 100 for r in c.runs)
    text = str(c)
    assert "φ ≈ 1.618" in text and len(c.to_dict()["runs"]) == 5


def test_every_method_is_registered_with_its_order():
    assert set(METHODS) == {"bisection", "fixed_point", "secant", "newton",
                            "modified_newton", "halley"}


def test_running_out_of_iterations_is_reported_not_raised():
    r = newton_digits("x^2 - 2", 1, digits=1000, method="fixed_point", maxiter=50)
    assert not r.success and len(r.iterations) == 50
    assert r.message.startswith("stopped after maxiter = 50 iterations")


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error", [
    ({"f": "x^^2", "x0": 1}, ParseError),
    ({"f": "x^2 - 2", "x0": "y"}, ParseError),
    ({"f": "x^2 - 2", "x0": "1 + 2i"}, ParseError),
    ({"f": "x^2 - 2", "x0": float("nan")}, ParseError),
    ({"f": "x^2 - 2", "x0": 1, "digits": 0}, ParseError),
    ({"f": "x^2 - 2", "x0": 1, "digits": 10**9}, ParseError),
    ({"f": "x^2 - 2", "x0": 1, "digits": 2.5}, ParseError),
    ({"f": "x^2 - 2", "x0": 1, "method": "steepest"}, ParseError),
    ({"f": "3", "x0": 1}, DimensionError),
    ({"f": "x^2 + y^2", "x0": [1, 2, 3]}, DimensionError),
    ({"f": "x^2 + y^2", "x0": [1, 2], "method": "halley"}, ParseError),
    ({"f": "x^2 + 1", "x0": 0}, ConvergenceError),
    ({"f": "x^2 + 1", "x0": 0, "method": "bisection"}, ConvergenceError),
    ({"f": "exp(x)", "x0": 1}, ConvergenceError),  # no root: Newton walks off to -∞
])
def test_bad_input_raises_a_symhess_error(kwargs, error):
    f, x0 = kwargs.pop("f"), kwargs.pop("x0")
    with pytest.raises(error) as caught:
        newton_digits(f, x0, **kwargs)
    assert isinstance(caught.value, SymhessError)


# -- the command -------------------------------------------------------------------------------

def test_cli_json_has_the_fields_outside_tools_read(capsys):
    assert cli(["digits", "x^2 - 2", "--x0", "1", "--digits", "1000", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["method"] == "newton" and d["digits"] == 1000 and isinstance(d["seconds"], float)
    rows = d["iterations"]
    assert rows[0]["k"] == 1 and rows[-1]["correct_digits"] == 1000
    assert all(isinstance(r["precision_bits"], int) for r in rows)
    assert median([r["order"] for r in rows[3:-1]]) == pytest.approx(2, abs=0.05)


def test_cli_prints_one_row_per_iteration_and_the_time(capsys, tmp_path):
    plot = tmp_path / "digits.png"
    assert cli(["digits", "x^2 - x - 1", "--x0", "2", "--digits", "200", "--method",
                "secant", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "reference: 1/2 + sqrt(5)/2"
    assert out[-1].startswith("200 correct digits in") and out[-1].endswith(" s")
    assert plot.stat().st_size > 1000


def test_cli_in_several_variables(capsys):
    assert cli(["digits", "x^4/4 - x + y^2 + x y", "--x0", "1,1", "--digits", "100",
                "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["iterations"][-1]["correct_digits"] == 100


@pytest.mark.parametrize("argv", [
    ["x^^2", "--x0", "1"],
    ["x^2 - 2", "--x0", "y"],
    ["x^2 - 2", "--x0", "1", "--digits", "0"],
    ["x^2 - 2", "--x0", "1", "--digits", "100000000000"],
    ["x^2 - 2", "--x0", "1", "--digits", "many"],
    ["x^2 + y^2", "--x0", "1"],
    ["x^2 - 2", "--x0", "1", "--method", "magic"],
])
def test_cli_bad_input_exits_2_with_one_message(argv, capsys):
    assert exit_code_of(["digits", *argv]) == 2
    err = capsys.readouterr().err
    assert "symhess: " in err and "Traceback" not in err


def exit_code_of(argv) -> int:
    """The command's exit code, whether it returns it or argparse exits with it."""
    try:
        return cli(argv)
    except SystemExit as exc:
        return exc.code


# -- large, and quick all the same: the schedule makes them cheap --------------------------

def test_a_million_digits_of_the_square_root_of_two():
    digits = 1_000_000
    r = newton_digits("x^2 - 2", 1, digits=digits)
    assert r.success
    assert_digits_double(r, 1.8)
    with mp.workdps(digits + 20):
        assert correct_digits(r.root, mp.sqrt(2), cap=digits) == digits


def test_cos_x_equals_x_to_a_hundred_thousand_digits():
    r = newton_digits("cos(x) - x", 1, digits=100_000)
    assert r.success and r.reference.endswith("(certified by a sign change)")
    assert_digits_double(r, 1.8)
