"""The safe parser: what students type is read as they mean it; anything else is refused
with a position, and nothing reaches eval/sympify."""

import time

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symhess import ParseError, parse_condition, parse_expr, parse_matrix, parse_point
from symhess.parsing import MAX_DEPTH, MAX_LENGTH, parse_variables

x, y, z, k = sp.symbols("x y z k")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2", x**2),
        ("x**2", x**2),
        ("2x", 2 * x),
        ("3(x+1)", 3 * (x + 1)),
        ("x(y+1)", x * (y + 1)),
        ("2 sin(x)", 2 * sp.sin(x)),
        ("xy", x * y),
        ("x^3 - 3x + y^2", x**3 - 3 * x + y**2),
        ("e^x", sp.exp(x)),
        ("exp(x) + E", sp.exp(x) + sp.E),
        ("pi x", sp.pi * x),
        ("sqrt(2)/2", sp.sqrt(2) / 2),
        ("abs(x)", sp.Abs(x)),
        ("0.1", sp.Rational(1, 10)),
        ("sin^2(x)", sp.sin(x) ** 2),
        ("x²y³", x**2 * y**3),
        ("2·x − 3×y", 2 * x - 3 * y),
        ("-x^2", -(x**2)),
        ("2^3^2", 2**9),
        ("(x+1)(x-1)", (x + 1) * (x - 1)),
        ("atan(y/x)", sp.atan(y / x)),
        ("log(x)", sp.log(x)),
    ],
)
def test_reads_what_students_type(text, expected):
    assert parse_expr(text) == expected


def test_named_variables_are_kept_whole():
    theta = sp.Symbol("theta")
    assert parse_expr("sin(theta)") == sp.sin(theta)
    xy = sp.Symbol("xy")
    assert parse_expr("xy + 1", variables=[xy]) == xy + 1


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x^^2", "unexpected '^'", 3),
        ("(x+1", "never closed", 1),
        ("x + ", None, None),
        ("2 $ 3", "'$'", 3),
        ("__import__('os')", None, None),
        ("foo(x)", "unknown function", None),
        ("x..2", None, None),
        ("", None, None),
    ],
)
def test_bad_input_is_a_parse_error_with_position(text, message, column):
    with pytest.raises(ParseError) as info:
        parse_expr(text)
    err = info.value
    if message:
        assert message in err.message
    if column is not None:
        assert err.column == column
        assert str(err).splitlines()[-1] == " " * (column + 1) + "^"


def test_unknown_function_lists_the_allowed_ones():
    with pytest.raises(ParseError) as info:
        parse_expr("erf(x)")
    assert "sin" in str(info.value) and "atan" in str(info.value)


def test_no_eval_of_python():
    for text in ["__import__('os').system('true')", "x.__class__", "lambda: 1", "[].pop()"]:
        with pytest.raises(ParseError):
            parse_expr(text)


def test_resource_limits_refuse_quickly():
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_expr("9^9^9^9")
    with pytest.raises(ParseError):
        parse_expr("x" * (MAX_LENGTH + 1))
    with pytest.raises(ParseError):
        parse_expr("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    # a large power of a sum stays unexpanded (lazy), so reading it is instant
    assert parse_expr("(x+1)^100000") == (x + 1) ** 100000
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    "text",
    ["[[1,2],[2,1]]", "1 2; 2 1", "[1, 2; 2, 1]", "1 2\n2 1", "[[1, 2], [2, 1]]"],
)
def test_matrix_forms(text):
    assert parse_matrix(text) == sp.Matrix([[1, 2], [2, 1]])


def test_matrix_with_parameters_and_expressions():
    assert parse_matrix("[[1,k],[k,4]]") == sp.Matrix([[1, k], [k, 4]])
    assert parse_matrix("[[2x, 1 - 2],[0, x^2]]") == sp.Matrix([[2 * x, -1], [0, x**2]])


@pytest.mark.parametrize("text", [";", ";;", "[;]", "[]", "[[]]", "¹", "٣x"])
def test_fuzz_findings_are_parse_errors(text):
    with pytest.raises(ParseError):
        parse_matrix(text)


def test_ragged_matrix_is_refused():
    with pytest.raises(ParseError, match="row"):
        parse_matrix("[[1,2],[3]]")


def test_points_and_conditions():
    assert parse_point("x=1, y=sqrt(2)") == {x: 1, y: sp.sqrt(2)}
    assert parse_point("(1, 0)", variables=[x, y]) == {x: 1, y: 0}
    assert parse_condition("-2 < k < 2").as_set() == sp.Interval.open(-2, 2)
    assert parse_condition("k <= 0 or k > 1").as_set() == sp.Union(
        sp.Interval(-sp.oo, 0), sp.Interval.open(1, sp.oo))
    assert parse_variables("x, y, z") == [x, y, z]


@given(st.text(max_size=40))
def test_random_text_only_ever_raises_parse_error_quickly(text):
    start = time.perf_counter()
    try:
        parse_expr(text)
    except ParseError:
        pass
    assert time.perf_counter() - start < 1


@given(st.text(alphabet="xy0123456789+-*/^() .,[];=e", max_size=30))
def test_formula_alphabet_fuzz(text):
    start = time.perf_counter()
    for reader in (parse_expr, parse_matrix, parse_point):
        try:
            reader(text)
        except ParseError:
            pass
    assert time.perf_counter() - start < 1


# -- issue 14: the size guard is decided with integers, every failure is a ParseError ----------


@pytest.mark.parametrize("text", [
    "2^2^2^2^2^2",                       # the exponent alone has 19,729 digits
    "1.0000000000000000001^99999999",    # a base that rounds to 1.0 as a float
    "x*1e-1000^(-10^7)",                 # a base that underflows to 0.0 as a float
    "(10x)^(9^9)",                       # SymPy distributes the power: 10^(9^9) x^(9^9)
    "(sqrt(2) x)^(10^7)",                # 2^(5·10^6) x^(10^7)
    "0.5^400000",                        # the denominator is what grows
    "10^100000",                         # 100,001 digits: one past the limit
    "2^332193",
])
def test_powers_past_the_digit_limit_are_refused_naming_it(text):
    with pytest.raises(ParseError, match="100,000 digits"):
        parse_expr(text)


@pytest.mark.parametrize(("text", "digits"), [
    ("10^99999", 100_000), ("2^332192", 100_000), ("2^300000", 90_309), ("(4x)^(1/2)", None),
])
def test_powers_up_to_the_digit_limit_are_computed_exactly(text, digits):
    from symhess.budget import exact_number_digits

    value = parse_expr(text)
    if digits is not None:
        with exact_number_digits():
            assert len(str(value)) == digits
    else:
        assert value == 2 * sp.sqrt(x)


def test_a_too_large_power_is_a_parse_error_in_matrices_and_points():
    with pytest.raises(ParseError):
        parse_matrix("[[2^2^2^2^2^2, 0], [0, 1]]")
    with pytest.raises(ParseError):
        parse_point("x=2^2^2^2^2^2")
