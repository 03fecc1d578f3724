"""The one second-derivative test: verdicts, strictness and evidence as values."""

import json

import mpmath
import pytest
import sympy as sp

from symhess.errors import NotSymmetricError
from symhess.secondorder import (
    LeadingMinors,
    MinorEnclosures,
    SemidefiniteDiagonal,
    WitnessDirections,
    interval_test,
    second_order_test,
)
from symhess.verdict import Definiteness, Verdict


def test_definite_gives_strict_extremum_with_its_minors():
    v = second_order_test([[2, 1], [1, 3]])
    assert (v.type, v.strict, v.inertia) == (Verdict.MIN, True, (2, 0, 0))
    assert isinstance(v.evidence, LeadingMinors)
    assert v.evidence.values == (2, 5) and v.evidence.signs == (1, 1)
    w = second_order_test([[-2, 1], [1, -3]])
    assert (w.type, w.strict, w.evidence.values) == (Verdict.MAX, True, (-2, 5))


def test_indefinite_witnesses_have_the_stated_quadratic_form():
    H = sp.Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 5]])
    v = second_order_test(H)
    assert v.type is Verdict.SADDLE and v.strict is None and v.inertia == (2, 1, 0)
    e = v.evidence
    assert isinstance(e, WitnessDirections)
    for vec, value, s in ((e.positive, e.positive_value, 1), (e.negative, e.negative_value, -1)):
        col = sp.Matrix(vec)
        assert (col.T * H * col)[0] == value and sp.sign(value) == s


def test_semidefinite_is_undetermined_and_degenerate():
    v = second_order_test([[0, 0], [0, -1]])
    assert v.type is Verdict.UNDETERMINED and v.degenerate
    assert v.definiteness is Definiteness.NEGATIVE_SEMIDEFINITE
    assert isinstance(v.evidence, SemidefiniteDiagonal)


def test_scale_shows_evidence_for_the_scaled_matrix():
    v = second_order_test([[1, 0], [0, 2]], sp.Rational(3))
    assert v.evidence.values == (3, 18)


def test_algebraic_entries_by_enclosure_agree_with_exact_signs():
    r = sp.CRootOf(sp.Symbol("t") ** 5 - sp.Symbol("t") - 1, 0)
    v = second_order_test([[r, 1], [1, r]])
    # r ≈ 1.167: eigenvalues r ± 1, both positive
    assert v.type is Verdict.MIN and isinstance(v.evidence, MinorEnclosures)
    assert v.evidence.negative_eigenvalues == 0


def test_interval_test_undetermined_when_a_minor_contains_zero():
    iv = mpmath.iv
    assert interval_test([[iv.mpf([-1, 1])]]).type is Verdict.UNDETERMINED
    v = interval_test([[iv.mpf([1, 2]), 0], [0, iv.mpf([-3, -2])]])
    assert v.type is Verdict.SADDLE and v.inertia == (1, 1, 0)


def test_refuses_a_nonsymmetric_hessian():
    with pytest.raises(NotSymmetricError):
        second_order_test([[1, 2], [0, 1]])
    with pytest.raises(NotSymmetricError):
        second_order_test([[1, sp.Symbol("k")], [0, 1]])


K = sp.Symbol("k")


def test_a_parametric_hessian_gives_the_condition_for_each_verdict():
    # [[1, k], [k, 4]]: D₁ = 1, D₂ = 4 − k²: positive definite exactly for |k| < 2
    v = second_order_test([[1, K], [K, 4]])
    assert (v.type, v.strict, v.inertia) == (Verdict.UNDETERMINED, None, None)
    c = v.evidence.conditions
    assert c[Verdict.MIN] == sp.And(K > -2, K < 2)
    assert c[Verdict.SADDLE] == sp.Or(K > 2, K < -2)
    assert c[Verdict.MAX] is sp.false
    assert c[Verdict.UNDETERMINED] == sp.Or(sp.Eq(K, -2), sp.Eq(K, 2))
    # the conditions cover the whole line, and no value gets two verdicts
    for value in (-3, -2, 0, sp.Rational(19, 10), 2, 5):
        hold = [t for t, cond in c.items() if cond.subs(K, value) is sp.true]
        assert len(hold) == 1, (value, hold)
    back = json.loads(json.dumps(v.to_dict()))
    assert back["certificate"]["conditions"]["min"] == "(k > -2) & (k < 2)"


def test_a_parameter_that_changes_no_sign_still_decides():
    v = second_order_test([[-1 - K**2, K], [K, -1]])  # D₁ < 0, D₂ = 1 + k² − k² = 1 > 0
    assert (v.type, v.strict, v.inertia) == (Verdict.MAX, True, (0, 2, 0))
    assert v.evidence.conditions[Verdict.MAX] is sp.true
    assert v.evidence.text() == "max for every value of k"


@pytest.mark.parametrize("H", [[[2, 1], [1, 3]], [[1, 2], [2, 1]], [[0, 0], [0, 0]],
                               [[1, 1, 1], [1, 1, 1], [1, 1, 1]]])
def test_to_dict_is_json_and_keeps_the_text(H):
    d = second_order_test(H).to_dict()
    back = json.loads(json.dumps(d))
    assert back["type"] in {v.value for v in Verdict}
    assert back["certificate"]["text"]
