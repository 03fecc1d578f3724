"""Every result renders itself: terminal text, LaTeX/Markdown for Jupyter, JSON-ready dicts
whose exact values SymPy reads back."""

import json

import pytest
import sympy as sp

from symhess import parse_expr
from symhess.analysis import analyze, second_derivatives
from symhess.calculus import mixed_partial_by_limits, taylor2
from symhess.linalg import condition_number, definiteness, eigendecomposition, inertia, shift

x, y = sp.symbols("x y")

RESULTS = [
    lambda: definiteness([[2, 1], [1, 2]]),
    lambda: definiteness([[1, sp.Symbol("k")], [sp.Symbol("k"), 4]]),
    lambda: inertia([[1, 2], [2, 1]]),
    lambda: eigendecomposition([[2, 1], [1, 2]]),
    lambda: condition_number([[2, 1], [1, 1]]),
    lambda: shift([[2, 0], [0, 0]], sp.Symbol("epsilon")),
    lambda: taylor2(parse_expr("e^x y"), {x: 0, y: 1}),
    lambda: mixed_partial_by_limits(x * y * (x**2 - y**2) / (x**2 + y**2), x, y, {x: 0, y: 0}),
    lambda: second_derivatives(parse_expr("x^2 y")),
    lambda: analyze(parse_expr("x^3 - 3x + y^2"), at={x: 1, y: 0}),
]


@pytest.mark.parametrize("make", RESULTS)
def test_renders_in_every_form(make):
    r = make()
    text = str(r)
    assert text and text == "\n".join(r.lines())
    assert r._repr_latex_().startswith("$\\displaystyle ")
    assert sp.latex(r) == r.latex()
    assert not hasattr(r, "_repr_markdown_")  # one rich rendering in notebooks: the LaTeX
    d = json.loads(r.to_json())
    assert d == r.to_dict()


def test_json_values_are_exact_strings_sympy_reads():
    d = eigendecomposition([[2, 1], [1, 2]]).to_dict()
    Q = sp.Matrix([[sp.sympify(e) for e in row] for row in d["Q"]])
    assert sp.simplify(Q * Q.T - sp.eye(2)) == sp.zeros(2)
    assert sp.sympify(condition_number([[2, 1], [1, 1]]).to_dict()["condition_number"]) == \
        sp.Rational(7, 2) + 3 * sp.sqrt(5) / 2


def test_results_are_frozen():
    r = definiteness([[2, 1], [1, 2]])
    with pytest.raises(AttributeError):
        r.classification = "indefinite"
