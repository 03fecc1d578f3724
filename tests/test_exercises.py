"""Exercise model: variants, references by symhess, equivalence, mistakes, notebook check()."""

import sympy as sp

from symhess.exercises import (
    equal_answer,
    exercise,
    false_accept_bound,
    load_assignment,
    reference,
    score_answer,
)
from symhess.exercises.checking import mistaken_reference, to_payload

x, y, a = sp.symbols("x y a")
A = load_assignment("hessian-basics")


def test_assignment_has_the_issue_questions():
    tasks = {q.task for q in A.questions}
    assert len(A.questions) >= 8
    assert {"hessian", "mixed_partial", "leading_minors", "definite_when", "critical_points",
            "gd_step", "newton_step", "condition_number"} <= tasks


def test_variants_are_deterministic_per_student():
    q = A.question("q1")
    assert A.variant(q, "ada") == A.variant(q, "ada")
    draws = {tuple(A.variant(q, f"s{i}").values()) for i in range(30)}
    assert len(draws) > 1


def test_shared_params_are_the_same_in_every_question_of_a_sheet():
    for student in ("ada", "bob", "zoë"):
        a_values = {A.variant(q, student)["a"] for q in A.questions
                    if "{a}" in q.data.get("f", "") + q.data.get("matrix", "")}
        assert len(a_values) == 1
    q5 = A.question("q5")
    assert set(A.variant(q5, "ada")) == {"a", "b", "c", "d"}


def test_placeholders_and_literal_braces():
    from symhess.exercises.model import fill, placeholders

    assert placeholders("{a}x + {{b}} + {c}") == ["a", "c"]
    assert fill("set {{x : x > {a}}}", {"a": 3}) == "set {x : x > 3}"


def test_reference_hessian_matches_sympy_for_the_variant():
    q = A.question("q1")
    k = A.variant(q, "ada")["a"]
    f = k * x**2 * y + x * y**3
    assert reference(A, q, "ada") == sp.hessian(f, (x, y))


def test_equivalent_forms_score_and_close_ones_do_not():
    assert equal_answer("expression", "(x+y)^2 - x^2 - y^2", 2 * x * y, [x, y])
    assert equal_answer("expression", "x*y*2", 2 * x * y, [x, y])
    assert not equal_answer("expression", "2*x*y + 1/10^12", 2 * x * y, [x, y])
    assert not equal_answer("expression", "2.0000001*x*y", 2 * x * y, [x, y])


def test_non_polynomial_equivalence_by_evaluation():
    assert equal_answer("expression", "sin(x)^2 + cos(x)^2", sp.Integer(1), [x])
    assert not equal_answer("expression", "sin(x)^2", sp.Integer(1), [x])


def test_schwartz_zippel_bound_is_tiny():
    assert false_accept_bound(10) < 1e-100


def test_point_sets_are_order_free_and_types_matter():
    ref = [((-2, 0), "saddle"), ((2, 0), "min")]
    assert equal_answer("critical_points", [[["2", "0"], "min"], [["-2", "0"], "saddle"]],
                        ref, [x, y])
    assert not equal_answer("critical_points", [[["2", "0"], "max"], [["-2", "0"], "saddle"]],
                            ref, [x, y])


def test_inequalities_compare_as_sets():
    ref = a > sp.Rational(9, 2)
    assert equal_answer("inequality", "2a > 9", ref, [x, y], parameter=a)
    assert not equal_answer("inequality", "a >= 9/2", ref, [x, y], parameter=a)


def test_declared_mistake_gets_partial_credit_and_feedback():
    q = A.question("q7")
    ref = reference(A, q, "ada")
    fb = score_answer(q, ref, to_payload(ref / 2), A.variables)
    assert fb.score == 0.5 and "2/λmax" in fb.message
    q1 = A.question("q1")
    H = reference(A, q1, "ada")
    wrong = mistaken_reference("matrix", H, q1.mistakes[0])
    assert score_answer(q1, H, to_payload(wrong), A.variables).score == 1.0


def test_unreadable_answers_are_zero_with_a_message():
    q = A.question("q2")
    fb = score_answer(q, reference(A, q, "ada"), "__import__('os')", A.variables)
    assert fb.score == 0 and "could not read" in fb.message


def test_notebook_check_is_advisory_feedback():
    ex = exercise("hessian-basics", student="ada")
    assert "q1" in str(ex)
    H = reference(A, A.question("q1"), "ada")
    assert ex.check("q1", H).score == 2
    assert ex.check("q1", H.T * 0).score == 0
