"""Issue 14: parametric definiteness agrees with the substituted matrix, and every matrix
result serialises to JSON."""

import json

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symhess.errors import SymhessError
from symhess.linalg import condition_number, definiteness, eigendecomposition, inertia

k = sp.Symbol("k")

# small integer polynomials in k of degree ≤ 2; the properties below run a fraction of the
# profile's examples (each parametric 4×4 analysis takes seconds)
polynomial_entries = st.builds(lambda c0, c1, c2: c0 + c1 * k + c2 * k**2,
                               st.integers(-3, 3), st.integers(-2, 2), st.integers(-1, 1))
rationals = st.builds(lambda p, q: sp.Rational(p, q), st.integers(-40, 40), st.integers(1, 7))


def _symmetric(n, upper):
    it = iter(upper)
    U = {(i, j): next(it) for i in range(n) for j in range(i, n)}
    return sp.Matrix(n, n, lambda i, j: U[min(i, j), max(i, j)])


def symmetric_matrices(entries, sizes=(2, 3, 4)):
    return st.sampled_from(sizes).flatmap(lambda n: st.lists(
        entries, min_size=n * (n + 1) // 2, max_size=n * (n + 1) // 2).map(
        lambda upper: _symmetric(n, upper)))


def kinds_at(d, value):
    if d.classification != "depends":
        return {d.classification, *d.also}
    return {kind for kind, cond in d.conditions.items() if cond.subs(k, value) == sp.true}


def test_the_reported_counterexample_is_positive_definite_for_large_k():
    M = sp.Matrix([[k + 1, -k, 2 * k], [-k, k**2, 2 * k], [2 * k, 2 * k, k**2]])
    d = definiteness(M)
    for value in (10, 22, 100):
        assert kinds_at(d, value) == {"positive definite"}
        assert definiteness(M.subs(k, value)).classification == "positive definite"
    assert kinds_at(d, 0) == {"positive semidefinite"}
    assert kinds_at(d, 1) == {"indefinite"}
    assert kinds_at(d, -1) == {"indefinite"}


def test_a_family_that_is_negative_semidefinite_for_every_k():
    d = definiteness([[-1, k], [k, -k**2]])
    assert d.classification == "negative semidefinite"
    assert "negative semidefinite" in "\n".join(d.lines())
    json.dumps(d.to_dict())


@pytest.mark.slow
@settings(max_examples=settings.default.max_examples // 2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(symmetric_matrices(polynomial_entries), st.lists(rationals, min_size=3, max_size=3))
def test_parametric_kinds_agree_with_the_substituted_matrix(M, values):
    d = definiteness(M)
    for value in values:
        exact = definiteness(M.subs(k, value))
        assert kinds_at(d, value) == {exact.classification, *exact.also}, (M, value)


@settings(max_examples=settings.default.max_examples * 3 // 8, deadline=None)
@given(symmetric_matrices(polynomial_entries, sizes=(2, 3)))
def test_parametric_kinds_agree_at_the_roots_of_the_minors(M):
    d = definiteness(M)
    roots = {r for m in d.leading_principal_minors if m.free_symbols
             for r in sp.Poly(m, k).real_roots() if r.is_Rational}
    for value in roots:
        exact = definiteness(M.subs(k, value))
        assert kinds_at(d, value) == {exact.classification, *exact.also}, (M, value)


def _plain(value) -> bool:
    """Only JSON's own types all the way down (json.dumps would call nothing else)."""
    if isinstance(value, dict):
        return all(type(key) is str and _plain(v) for key, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("matrix", [
    [[0, 0], [0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
    [[-1, k], [k, -k**2]], [[1, k], [k, 4]]])
def test_singular_and_parametric_results_are_plain_json(matrix):
    for analyse in (definiteness, inertia, eigendecomposition, condition_number):
        try:
            result = analyse(matrix)
        except SymhessError:
            continue  # a clear refusal (a parameter where a number is needed) is fine
        assert _plain(result.to_dict()), (analyse.__name__, matrix)
        json.loads(result.to_json())
        assert str(result)


@pytest.mark.slow
@settings(max_examples=settings.default.max_examples * 5 // 8, deadline=None)
@given(st.one_of(symmetric_matrices(st.integers(-2, 2), sizes=(1, 2, 3, 4)),
                 symmetric_matrices(polynomial_entries, sizes=(2, 3))))
def test_every_matrix_result_serialises(M):
    for analyse in (definiteness, inertia, eigendecomposition, condition_number):
        try:
            result = analyse(M)
        except SymhessError:
            continue
        assert _plain(result.to_dict()), (analyse.__name__, M)
        json.loads(result.to_json())
        assert str(result)


def test_a_periodic_parameter_is_refused_rather_than_solved_for_one_period():
    # sin(k) > 0 holds on every (2πj, 2πj + π), not only on (0, π) as one period suggests
    from symhess.errors import UndeterminedError

    with pytest.raises(UndeterminedError, match="periodic in k"):
        definiteness("[[sin(k), 0], [0, 1]]")
