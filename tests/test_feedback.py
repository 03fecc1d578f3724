"""Feedback from the student's side: a wrong answer is told what is wrong, in its own terms,
without the reference unless the assignment reveals it."""

import dataclasses

import pytest
import sympy as sp

from symhess.exercises import load_assignment, reference, score_answer
from symhess.exercises.checking import to_payload
from symhess.grading.reports import explain_stop, stopped_cell

A = load_assignment("hessian-basics")
x, y, a = sp.symbols("x y a")


def _score(qid, answer, student="ada", reveal=False):
    q = A.question(qid)
    if reveal:
        q = dataclasses.replace(q, reveal=True)
    return score_answer(q, reference(A, q, student), to_payload(answer), A.variables)


def _points(student="ada"):
    return reference(A, A.question("q6"), student)  # [((-r, 0), saddle), ((r, 0), min)]


def test_a_missing_critical_point_is_counted_but_not_shown():
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), "min"]])
    assert fb.score == 0
    assert "1 critical point is missing" in fb.message
    assert str(saddle[0]) not in fb.message


def test_a_missing_critical_point_is_shown_when_the_assignment_reveals():
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), "min"]], reveal=True)
    assert f"missing: ({saddle[0]}, 0) (saddle)" in fb.message


def test_an_extra_point_is_named():
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), "min"], [list(saddle), "saddle"], [["7", "7"], "max"]])
    assert "(7, 7) is not a critical point" in fb.message


def test_the_point_with_the_wrong_type_is_named():
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), "max"], [list(saddle), "saddle"]])
    assert f"at ({minimum[0]}, 0) the type is not max" in fb.message
    assert "it is a min" not in fb.message


@pytest.mark.parametrize("word", ["minimum", "Local Min", "local-minimum", "MIN"])
@pytest.mark.parametrize("saddle_word", ["saddle point", "Saddle", "saddle_point"])
def test_type_words_are_accepted_in_any_case(word, saddle_word):
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), word], [list(saddle), saddle_word]])
    assert fb.score == 2, fb.message


def test_an_unknown_type_word_lists_the_accepted_ones():
    (saddle, _), (minimum, _) = _points()
    fb = _score("q6", [[list(minimum), "minimal"], [list(saddle), "saddle"]])
    assert fb.score == 0 and "'minimal'" in fb.message
    assert "min (minimum, local min)" in fb.message and "saddle" in fb.message


def test_a_one_sided_inequality_is_told_its_missing_side():
    # q4: [[a, b], [b, 2]] is positive definite exactly when a > b²/2 (a > 0 follows)
    fb = _score("q4", "a < 100")
    assert fb.score == 0
    assert "lower" in fb.message
    b = A.variant(A.question("q4"), "ada")["b"]
    assert str(sp.Rational(b**2, 2)) not in fb.message


def test_a_too_weak_bound():
    fb = _score("q4", "a > 0")
    assert "lower bound is not right" in fb.message


def test_a_wrong_matrix_entry_is_located():
    H = reference(A, A.question("q1"), "ada")
    wrong = sp.Matrix(H)
    wrong[1, 1] += 1
    fb = _score("q1", wrong)
    assert fb.score == 0 and "entry (2, 2) is not right" in fb.message
    assert str(H[1, 1]) not in fb.message


def test_a_vector_entry_and_a_shape():
    ref = reference(A, A.question("q3"), "ada")
    assert "entry 3 is not right" in _score("q3", [ref[0], ref[1], ref[2] + 1]).message
    assert "expected 3 entries" in _score("q3", [ref[0], ref[1]]).message


def test_a_sign_error_is_called_a_sign_error():
    ref = reference(A, A.question("q2"), "ada")
    assert "the sign is wrong" in _score("q2", -ref).message


def test_definiteness_accepts_abbreviations_and_lists_the_words():
    assert _score("q5", "Indefinite").score == 1
    fb = _score("q5", "saddle-ish")
    assert fb.score == 0 and "positive semidefinite" in fb.message


def test_a_timeout_names_the_stopped_cell_and_later_answers_are_not_reached():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("q1 = 1"), nbformat.v4.new_code_cell("while True: pass"),
        nbformat.v4.new_code_cell("q2 = 2")])
    qs = A.questions[:3]
    result = {"output": "cell 2 was stopped after 30 s", "tests": [
        {"score": 0, "output": "not correct"},
        {"score": 0, "output": "no answer: the variable `q2` is not defined"},
        {"score": 0, "output": "no answer: the variable `q3` is not defined"}]}
    assert stopped_cell(result["output"].splitlines()) == 2
    explain_stop(result, nbformat.writes(nb).encode(), qs)
    assert "stopped in cell 2 (the one starting `while True: pass`)" in result["output"]
    assert "did not run" in result["output"]
    assert result["tests"][1]["output"].startswith("not reached: `q2` is set in cell 3")
    # q3 is set nowhere: it stays "not defined"
    assert "not defined" in result["tests"][2]["output"]


def test_test_names_say_what_the_question_asks():
    assert A.question("q6").label == "q6: critical points and their types"
