"""Readable mathematics: conditions in textbook form, certified decimals, LaTeX layout, size
limits.  Renderings are read back (conditions through the parser) or checked against an
independent reference (decimals against mpmath at high precision)."""

import re
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symhess.parsing import parse_condition
from symhess.rendering import (
    abbreviated,
    certified_decimal,
    clipped,
    condition_latex,
    condition_text,
    enclosure,
    free_index,
    inline,
    latex_table,
    matrix_latex,
    number_text,
    showing_everything,
)

k, x, y = sp.symbols("k x y")

_BACK = str.maketrans({"≤": "<=", "≥": ">=", "≠": "!", "·": "*", "−": "-"})
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def read_back(text: str):
    """A rendered condition read by the parser again (± spelled out as 'or')."""
    text = re.sub(r"(\w+) = ±(\S+)", r"(\1 = -\2 or \1 = \2)", text)
    text = text.translate(_BACK).replace("!", "!=")
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group(0).translate(_FROM_SUPERSCRIPT),
                  text)
    return parse_condition(text)


@pytest.mark.parametrize(("condition", "text", "tex"), [
    (sp.And(k > -2, k < 2), "-2 < k < 2", "-2 < k < 2"),
    (sp.Or(sp.Eq(k, -2), sp.Eq(k, 2)), "k = ±2", r"k = \pm 2"),
    (sp.Or(k > 2, k < -2), "k < -2 or k > 2", r"k < -2 \lor k > 2"),
    (sp.And(6 * x > 0, 9 * (4 * x * y - 1) > 0), "x > 0 and x·y > 1/4",
     r"x > 0 \land x y > \frac{1}{4}"),
    (sp.And(k >= 0, k <= 1), "0 ≤ k ≤ 1", r"0 \le k \le 1"),
    (sp.Ne(k, 3), "k ≠ 3", r"k \ne 3"),
    (sp.false, "never", r"\text{never}"),
    (sp.true, "always", r"\text{always}"),
])
def test_conditions_read_as_in_a_textbook(condition, text, tex):
    assert condition_text(condition) == text
    assert condition_latex(condition) == tex


def test_a_condition_in_several_variables_keeps_its_meaning():
    condition = sp.And(x**2 + y**2 < 4, -x - 2 * y >= 3, y > -5, y < 1)
    text = condition_text(condition)
    assert text == "x + 2y ≤ -3 and -5 < y < 1 and x² + y² < 4"
    back = read_back(text)
    grid = [sp.Rational(n, 2) for n in range(-12, 13)]
    for a in grid:
        for b in grid:
            point = {x: a, y: b}
            assert bool(back.subs(point)) == bool(condition.subs(point))


relations = st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                      st.integers(-5, 5))


def relation(op_and_value):
    op, v = op_and_value
    return sp.Rel(k, v, op)


conditions = st.recursive(
    relations.map(relation),
    lambda inner: st.lists(inner, min_size=2, max_size=3).flatmap(
        lambda parts: st.sampled_from([sp.And(*parts), sp.Or(*parts)])),
    max_leaves=5)


@settings(max_examples=60, deadline=None)
@given(conditions)
def test_a_rendered_condition_reads_back_as_the_same_set(condition):
    text = condition_text(condition)
    expected = condition.as_set() if condition not in (sp.true, sp.false) \
        else (sp.S.Reals if condition else sp.S.EmptySet)
    if text == "always":
        assert expected == sp.S.Reals
    elif text == "never":
        assert expected == sp.S.EmptySet
    else:
        assert read_back(text).as_set() == expected


polynomials = st.lists(st.integers(-6, 6), min_size=3, max_size=7).filter(
    lambda cs: cs[0] != 0 and any(cs[1:]))


@settings(max_examples=40, deadline=None)
@given(polynomials, st.integers(0, 8), st.integers(1, 3))
def test_certified_digits_are_the_true_digits(coefficients, index, power):
    p = sp.Poly(coefficients, x)
    roots = sp.Poly(p, x).real_roots()
    if not roots:
        return
    value = roots[index % len(roots)] ** power
    if value.is_Rational:
        return
    shown = certified_decimal(value, 6)
    assert shown is not None and shown.endswith("…")
    digits = shown[:-1]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    with mpmath.workdps(60):
        true = sp.N(value, 60)
        truncated = sp.Rational(digits)
        # the true value lies between the digits shown and the next one, away from zero
        step = sp.Rational(1, 10**decimals)
        if true >= 0:
            assert truncated <= true < truncated + step
        else:
            assert truncated - step < true <= truncated


def test_an_enclosure_contains_the_value_and_is_exact():
    lo, hi = enclosure(sp.sqrt(3) / 2 + sp.CRootOf(x**3 - x - 1, 0), Fraction(1, 10**8))
    value = sp.N(sp.sqrt(3) / 2 + sp.CRootOf(x**3 - x - 1, 0), 40)
    assert isinstance(lo, Fraction) and lo <= value <= hi and hi - lo < Fraction(1, 10**6)
    assert enclosure(sp.pi, Fraction(1, 100)) is None  # no claim about what it cannot enclose


def test_a_root_is_shown_with_its_polynomial_and_a_power_of_it_names_the_root():
    r = sp.CRootOf(4 * x**9 - 4 * x + 1, 2)
    assert number_text(r) == "0.9631… (root of 4x⁹ − 4x + 1)"
    assert number_text(r, "y") == "0.9631… (root of 4y⁹ − 4y + 1)"
    assert number_text(r**3) == "r³ ≈ 0.8934… where r ≈ 0.9631… is the root of 4r⁹ − 4r + 1"
    assert number_text(sp.Rational(-1, 3)) == "-1/3"
    assert number_text(1 + sp.sqrt(5)) == "1 + √5 ≈ 3.236…"


def test_one_line_unicode():
    assert inline(x**2 - 2 * x * y + 1) == "x² − 2x·y + 1"
    assert inline(-x) == "-x"
    assert inline(x ** sp.Rational(1, 3)) == "x^(1/3)"
    assert inline(1 + sp.sqrt(3) * sp.I) == "1 + √3·i"


def test_latex_tables_and_matrices():
    assert matrix_latex(sp.Matrix([[1, k], [k, 4]])) == \
        r"\begin{pmatrix}1 & k\\k & 4\end{pmatrix}"
    table = latex_table(["f_xx", "100%"], [["1", "2"]])
    assert table == (r"\begin{array}{ll}\text{f}\_\text{xx} & \text{100}\%\\ \hline 1 & 2"
                     r"\end{array}")


def test_size_limits_count_what_was_cut_and_full_shows_all():
    shown, note = clipped(range(100), 10)
    assert shown == list(range(10)) and note == "… 90 more not shown (--full shows all)"
    long = "x" * 10_000
    short = abbreviated(long, 100)
    assert len(short) < 200 and "9,900 characters cut" in short
    with showing_everything():
        assert clipped(range(100), 10) == (list(range(100)), None)
        assert abbreviated(long, 100) == long


def test_an_index_never_reuses_a_parameters_name():
    assert free_index({"k"}) == "j"
    assert free_index({"k", "j", "i"}) == "m"
    assert free_index(set()) == "k"


def test_a_root_next_to_a_digit_boundary_is_rounded_and_a_huge_polynomial_is_described():
    p = sum((10**40 + i) * x**i for i in range(38)) + x**39
    r = sp.CRootOf(p, 0)
    lo, hi = enclosure(r + 1, Fraction(1, 10**30))
    assert p.subs(x, -1) != 0 and -Fraction(1, 10**10) < lo <= hi < Fraction(1, 10**10)
    assert certified_decimal(r) == "-1.000"  # truncation would need 40 digits to settle
    text = number_text(r)
    assert text.startswith("-1.000 (root of a polynomial of degree 39 with 39 terms")
    assert "--full shows it" in text
    with showing_everything():
        assert "10000000000000000000000000000000000000037x³⁷" in number_text(r)


def test_analyze_gives_the_answer_first_and_wide_matrices_only_when_asked():
    from symhess.analysis import analyze

    at_point = analyze(x**3 - 3 * x + y**2, at={x: 1, y: 0}).lines()
    assert at_point[0] == "critical point: local minimum (strict)"
    wide = analyze(sp.exp(x * y) * sp.sin(x + y**3) + sp.cos(x) * sp.log(1 + y**2))
    assert wide.lines()[0].startswith("convexity: convex: ")
    assert not any(line.startswith("H = ∇²f =") for line in wide.lines())
    assert "--full shows them" in wide.lines()[-1]
    with showing_everything():
        assert any(line.startswith("H = ∇²f =") for line in wide.lines())


def test_the_command_line_takes_full(capsys):
    from symhess.cli import main

    f = "exp(x y) sin(x + y^3) + cos(x) log(1 + y^2)"
    assert main(["analyze", f]) == 0
    assert "--full shows them" in capsys.readouterr().out
    assert main(["analyze", f, "--full"]) == 0
    assert "H = ∇²f =" in capsys.readouterr().out


def test_a_long_list_of_critical_points_is_cut_with_a_count_and_full_shows_all():
    from symhess.critical import analyze_critical_points

    p = x * sp.prod([x**2 - j**2 for j in range(1, 9)])  # p² has 17 minima and 16 maxima
    r = analyze_critical_points(p**2)
    assert len(r.points) == 33
    text = str(r)
    assert "… 3 more not shown (--full shows all)" in text.splitlines()
    assert "3 more not shown" in r.latex()
    with showing_everything():
        assert "more not shown" not in str(r)
        assert str(r).count("\n\n(x ") == 33  # each point explained


def test_words_with_sympy_syntax_read_as_maths_in_latex():
    from symhess.rendering import latex_text

    assert latex_text("f = x**2*y**2 ≥ 0") == \
        r"\text{f = x}^{2}\cdot \text{y}^{2}\text{ }\ge \text{ 0}"
