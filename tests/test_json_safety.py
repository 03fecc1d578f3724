"""Every result's ``to_dict`` is plain JSON: a property over random matrices and functions."""

import json

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symhess.analysis import analyze
from symhess.critical import critical_points
from symhess.errors import SymhessError
from symhess.linalg import condition_number, definiteness, eigendecomposition, inertia, shift
from symhess.secondorder import second_order_test

x, y = sp.symbols("x y")
small = st.integers(-3, 3)


def _plain(value) -> bool:
    """Only the JSON types, all the way down (``json.dumps`` would also accept subclasses)."""
    if isinstance(value, dict):
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def symmetric(n):
    return st.lists(small, min_size=n * (n + 1) // 2, max_size=n * (n + 1) // 2).map(
        lambda u: sp.Matrix(n, n, lambda i, j: u[min(i, j) * n - min(i, j) * (min(i, j) - 1)
                                                 // 2 + abs(i - j)]))


matrices = st.sampled_from([1, 2, 3, 4]).flatmap(symmetric)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices)
def test_matrix_results_serialise(M):
    results = [definiteness(M), inertia(M), second_order_test(M), shift(M, 1)]
    for make in (eigendecomposition, condition_number):
        try:
            results.append(make(M))
        except SymhessError:  # singular matrix for κ, or eigenvalues beyond radicals
            pass
    for r in results:
        d = r.to_dict()
        assert _plain(d), (type(r).__name__, M)
        json.dumps(d)


polynomials = st.lists(st.tuples(small, st.integers(0, 3), st.integers(0, 3)),
                       min_size=1, max_size=4).map(
    lambda terms: sum(c * x**a * y**b for c, a, b in terms) + x**2 + y**2)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(polynomials)
def test_function_results_serialise(f):
    results = [analyze(f), analyze(f, at={x: 0, y: 0})]
    try:
        results.append(critical_points(f))
    except SymhessError:
        pass
    for r in results:
        assert _plain(r.to_dict()), (type(r).__name__, f)


def test_the_reported_crashes_serialise():
    for M in ([[0, 0], [0, 0]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[0] * 3] * 3):
        assert _plain(definiteness(M).to_dict())
        assert definiteness(M).to_dict()["eigenvalues"][0]["multiplicity"] == len(M) - (
            1 if M[0][0] else 0)
