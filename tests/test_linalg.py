"""Exact matrix analysis: the five kinds of definiteness, Sylvester's criterion and its trap,
inertia without roots, exact eigen-decompositions, condition numbers and shifts."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symhess import NotSquareError, UndeterminedError, parse_matrix
from symhess.linalg import (
    CLASSES,
    LAMBDA,
    characteristic_polynomial,
    condition_number,
    congruence_diagonalization,
    definiteness,
    eigendecomposition,
    eigenvalues,
    eigenvalues_2x2,
    inertia,
    leading_principal_minors,
    principal_minors,
    shift,
)

k, eps = sp.symbols("k epsilon")


@pytest.mark.parametrize(
    ("matrix", "kind"),
    [
        ([[2, 1], [1, 2]], "positive definite"),
        ([[-2, 1], [1, -2]], "negative definite"),
        ([[1, 1], [1, 1]], "positive semidefinite"),
        ([[-1, 1], [1, -1]], "negative semidefinite"),
        ([[1, 2], [2, 1]], "indefinite"),
        ([[2, 0], [0, 0]], "positive semidefinite"),  # f = x², the seeds' singular example
        ([[0, 0], [0, -1]], "negative semidefinite"),
        ([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], "positive definite"),
        ([[1, 2, 3], [2, 4, 6], [3, 6, 9]], "positive semidefinite"),
    ],
)
def test_the_five_kinds(matrix, kind):
    assert kind in CLASSES
    assert definiteness(matrix).classification == kind


def test_sylvester_positive_definite_evidence():
    d = definiteness([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
    assert d.leading_principal_minors == (2, 3, 4)
    assert "Sylvester" in d.criterion
    assert d.is_positive_definite and d.is_positive_semidefinite and not d.is_indefinite


def test_leading_minors_nonnegative_do_not_imply_semidefinite():
    d = definiteness([[0, 0], [0, -1]])
    assert d.leading_principal_minors == (0, 0)
    assert d.classification == "negative semidefinite"
    assert any("not positive semidefinite" in e for e in d.evidence)
    assert d.principal_minors[(1,)] == -1


def test_zero_matrix_is_both_semidefinite_kinds():
    d = definiteness([[0, 0], [0, 0]])
    assert d.is_positive_semidefinite and d.is_negative_semidefinite


def test_indefinite_has_witness_vectors_of_both_signs():
    d = definiteness([[1, 2], [2, 1]])
    H = sp.Matrix([[1, 2], [2, 1]])
    signs = {sp.sign((v.T * H * v)[0]) for v, _ in d.witnesses}
    assert signs == {1, -1}


def test_parametric_matrix_regions():
    d = definiteness([[1, k], [k, 4]])
    assert d.classification == "depends"
    assert d.parameters == (k,)
    assert d.conditions["positive definite"].as_set() == sp.Interval.open(-2, 2)
    assert d.conditions["positive semidefinite"].as_set() == sp.FiniteSet(-2, 2)
    assert d.conditions["negative definite"] == sp.false
    assert d.to_dict()["conditions"]["positive definite"] == "(k > -2) & (k < 2)"


def test_parametric_with_two_parameters_gives_conditions():
    a, b = sp.symbols("a b")
    d = definiteness([[a, 0], [0, b]])
    pd = d.conditions["positive definite"]
    assert pd.subs({a: 1, b: 2}) == sp.true and pd.subs({a: 1, b: -2}) == sp.false


def test_minors_and_characteristic_polynomial():
    H = [[2, 1], [1, 2]]
    assert leading_principal_minors(H) == [2, 3]
    assert principal_minors(H) == {(0,): 2, (1,): 2, (0, 1): 3}
    assert characteristic_polynomial(H) == LAMBDA**2 - 4 * LAMBDA + 3
    assert definiteness(H).to_dict()["characteristic_polynomial"] == "lambda**2 - 4*lambda + 3"


def test_exact_eigenvalues_radicals_and_rootof():
    assert [e.value for e in eigenvalues([[1, 1], [1, 2]])] == [
        sp.Rational(3, 2) - sp.sqrt(5) / 2, sp.Rational(3, 2) + sp.sqrt(5) / 2]
    values = eigenvalues([[1, 1, 0], [1, 0, 1], [0, 1, -1]])
    assert sum(e.multiplicity for e in values) == 3
    repeated = eigenvalues([[2, 0, 0], [0, 2, 0], [0, 0, 5]])
    assert [(e.value, e.multiplicity) for e in repeated] == [(2, 2), (5, 1)]


def test_two_by_two_closed_form():
    a, b, c = 2, 1, 1
    closed = eigenvalues_2x2(a, b, c)
    assert [sp.simplify(v) for v in closed] == [e.value for e in eigenvalues([[a, b], [b, c]])]


def test_condition_number_exact():
    kappa = condition_number([[2, 1], [1, 1]])
    target = (3 + sp.sqrt(5)) / (3 - sp.sqrt(5))
    assert sp.simplify(kappa.value - target) == 0
    assert abs(kappa.approx - float(target)) <= kappa.error_bound
    assert condition_number([[1, 0], [0, 0]]).value == sp.oo


def test_ridge_shift_makes_singular_positive_definite():
    s = shift([[2, 0], [0, 0]], eps)
    assert [e.value for e in s.eigenvalues] == [eps, eps + 2]
    assert s.trace == 2 + 2 * eps
    assert s.determinant == sp.expand(eps * (eps + 2))
    assert definiteness(s.shifted.subs(eps, sp.Rational(1, 100))).is_positive_definite


def test_eigendecomposition_checks_hold_exactly():
    E = eigendecomposition([[4, 1, 0], [1, 3, 1], [0, 1, 2]])
    assert all(E.checks.values())
    Q, L = sp.Matrix(E.Q).evalf(40), sp.Matrix(E.Lambda).evalf(40)
    assert max(abs(v) for v in Q * L * Q.T - sp.Matrix([[4, 1, 0], [1, 3, 1], [0, 1, 2]])) < 1e-30


def test_errors_are_specific():
    with pytest.raises(NotSquareError):
        definiteness([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(UndeterminedError):
        eigendecomposition([[1, k], [k, 1]])


def test_non_symmetric_input_is_symmetrised_with_a_note():
    d = definiteness([[1, 2], [0, 1]])
    assert d.symmetrized and d.matrix == sp.Matrix([[1, 1], [1, 1]])


def test_ten_by_ten_rational_inertia():
    rng = np.random.default_rng(7)
    A = sp.Matrix(10, 10, lambda i, j: sp.Rational(int(rng.integers(-9, 10)),
                                                   int(rng.integers(1, 5))))
    H = A + A.T
    lam = np.linalg.eigvalsh(np.array(H, dtype=float))
    expected = (int((lam > 1e-9).sum()), int((lam < -1e-9).sum()), int((abs(lam) <= 1e-9).sum()))
    assert tuple(inertia(H)) == expected


# -- properties over random symmetric rational matrices ---------------------------------------

entries = st.fractions(min_value=-5, max_value=5, max_denominator=4)


@st.composite
def symmetric_matrices(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    rank = draw(st.integers(0, n))
    rows = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=n, max_size=n))
    B = sp.Matrix(rows)[:rank, :] if rank < n else sp.Matrix(rows)
    signs = draw(st.lists(st.sampled_from([1, -1]), min_size=B.rows, max_size=B.rows))
    # Bᵀ D B: low-rank and singular matrices come up often, not just by luck
    H = B.T * sp.diag(*signs) * B if B.rows else sp.zeros(n, n)
    return sp.ImmutableMatrix(H)


@given(symmetric_matrices())
def test_inertia_agrees_with_well_separated_numeric_eigenvalues(H):
    lam = np.linalg.eigvalsh(np.array(H, dtype=float))
    n0 = H.rows - H.rank()
    nonzero = sorted(lam, key=abs)[n0:]
    assume(all(abs(v) > 1e-6 * max(1.0, abs(lam).max()) for v in nonzero))
    pos, neg = sum(v > 0 for v in nonzero), sum(v < 0 for v in nonzero)
    assert tuple(inertia(H)) == (pos, neg, n0)


@settings(max_examples=20)
@given(symmetric_matrices(max_n=4))
def test_trace_is_the_sum_and_det_the_product_of_eigenvalues(H):
    values = eigenvalues(H)
    total = sum(e.value * e.multiplicity for e in values)
    product = sp.Mul(*(e.value**e.multiplicity for e in values))
    assert sum(e.multiplicity for e in values) == H.rows
    E = eigendecomposition(H)
    assert E.checks["trace = Σλ"] and E.checks["det = Πλ"]
    assert abs(complex(sp.N(total - H.trace(), 30))) < 1e-20
    assert abs(complex(sp.N(product - H.det(), 30))) < 1e-20


@given(symmetric_matrices(max_n=5), st.data())
def test_congruence_keeps_inertia(H, data):
    n = H.rows
    P = sp.Matrix(data.draw(st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n),
                                     min_size=n, max_size=n)))
    assume(P.det() != 0)
    assert tuple(inertia(P.T * H * P)) == tuple(inertia(H))
    assert definiteness(P.T * H * P).classification == definiteness(H).classification


@given(symmetric_matrices(max_n=5))
def test_congruence_diagonalization_is_exact(H):
    P, d = congruence_diagonalization(H)
    assert P.det() != 0
    assert sp.Matrix(P).T * H * P == sp.diag(*d)


@settings(max_examples=15)  # exact eigenvectors in number fields: a few seconds each at worst
@given(symmetric_matrices(max_n=4))
def test_spectral_decomposition_reconstructs_the_matrix(H):
    E = eigendecomposition(H)
    assert all(E.checks.values())
    Q, L = sp.Matrix(E.Q).evalf(30), sp.Matrix(E.Lambda).evalf(30)
    assert max((abs(v) for v in Q * L * Q.T - H), default=0) < 1e-20


def test_parse_then_analyse():
    assert definiteness(parse_matrix("2 -1; -1 2")).classification == "positive definite"


a_, b_ = sp.symbols("a b")
linear_entries = st.builds(lambda c0, c1, c2: c0 + c1 * a_ + c2 * b_,
                           st.integers(-2, 2), st.integers(-1, 1), st.integers(-1, 1))


@settings(max_examples=25)
@given(st.integers(2, 3).flatmap(
    lambda n: st.lists(linear_entries, min_size=n * (n + 1) // 2, max_size=n * (n + 1) // 2)),
    st.integers(-3, 3), st.integers(-3, 3))
def test_two_parameter_conditions_match_the_matrix_at_every_point(upper, va, vb):
    n = 2 if len(upper) == 3 else 3
    it = iter(upper)
    U = {(i, j): next(it) for i in range(n) for j in range(i, n)}
    M = sp.Matrix(n, n, lambda i, j: U[min(i, j), max(i, j)])
    assume(M.free_symbols == {a_, b_})
    d = definiteness(M)
    at = {a_: va, b_: vb}
    numeric = definiteness(M.subs(at))
    holding = {kind for kind, cond in d.conditions.items() if cond.subs(at) == sp.true}
    assert holding == {numeric.classification, *numeric.also}


def test_two_parameter_conditions_include_the_zero_matrix_in_both_semidefinite_kinds():
    d = definiteness([[a_, b_], [b_, a_]])
    at = {a_: 0, b_: 0}
    holding = {kind for kind, cond in d.conditions.items() if cond.subs(at) == sp.true}
    assert holding == {"positive semidefinite", "negative semidefinite"}
    assert d.conditions["indefinite"] == ((a_ - b_) * (a_ + b_) < 0)
