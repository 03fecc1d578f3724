"""What the grader writes for gradebooks and people: grades.csv order and BOM, Canvas and
Moodle files, the summary naming students, the progress line."""

import csv
import io

from symhess.exercises import load_assignment
from symhess.grading.reports import (
    GradingProgress,
    attention,
    canvas_csv,
    grades_csv,
    moodle_csv,
    natural_key,
    summary_lines,
)
from symhess.grading.roster import Roster

A = load_assignment("hessian-basics")


def _result(student, score, status="graded", warnings=()):
    tests = [{"name": q.label, "score": q.points if score else 0.0, "max_score": q.points,
              "output": "correct" if score else "not correct"} for q in A.questions]
    return {"student": student, "score": float(score), "max_score": 12.0, "status": status,
            "tests": tests, "warnings": list(warnings)}


RESULTS = [_result("Zoë", 12), _result("student10", 0, "timed out"), _result("alice", 12),
           _result("student2", 0, "failed"), _result("Bob", 12, warnings=["drawn for 'ada'"])]


def _rows(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_grades_csv_is_in_class_list_order_with_a_column_per_question():
    rows = _rows(grades_csv(RESULTS, A.questions))
    assert rows[0][:5] == ["student", "score", "max_score", "status", "q1"]
    assert rows[0][-1] == "notes" and len(rows[0]) == 4 + len(A.questions) + 1
    assert [r[0] for r in rows[1:]] == ["alice", "Bob", "student2", "student10", "Zoë"]
    assert rows[1][4:13] == ["2", "1", "1", "2", "1", "2", "1", "1", "1"]
    assert rows[2][-1] == "drawn for 'ada'"


def test_bom_only_when_asked():
    assert not grades_csv(RESULTS, A.questions).startswith("\ufeff")
    assert grades_csv(RESULTS, A.questions, bom=True).startswith("\ufeff")


def test_natural_key_ignores_case_and_accents():
    assert sorted(["zoe", "Zoë", "Zoe"], key=natural_key)[0].casefold() == "zoe"
    assert sorted(["b", "Ä", "a"], key=natural_key) == ["a", "Ä", "b"]


def test_canvas_gradebook_has_the_points_possible_row_and_roster_columns():
    roster = Roster(({"student": "alice", "name": "Alice A", "lms_id": "901", "sis_id": "S1",
                      "login": "alice@uni", "section": "A"},))
    rows = _rows(canvas_csv(RESULTS, A, roster))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Hessian basics"]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "12"
    assert rows[2] == ["Alice A", "901", "S1", "alice@uni", "A", "12"]


def test_moodle_gradebook_carries_feedback_for_lost_points():
    rows = _rows(moodle_csv(RESULTS, A))
    assert rows[0][2:4] == ["Username", "Hessian basics"]
    by = {r[2]: r for r in rows[1:]}
    assert by["alice"][4] == "" and "q1: Hessian: not correct" in by["student2"][4]


def test_a_formula_in_a_student_id_is_not_a_formula_in_the_csv():
    rows = _rows(grades_csv([_result("=HYPERLINK(1)", 0)], A.questions))
    assert rows[1][0].startswith("'=")


def test_the_summary_names_failed_timed_out_and_warned_students():
    groups = attention(RESULTS)
    assert groups == {"failed": ["student2"], "timed out": ["student10"], "warned": ["Bob"]}
    text = "\n".join(summary_lines(RESULTS))
    assert "failed: student2" in text and "warned: Bob" in text


def test_progress_shows_the_notebook_and_the_running_mean():
    shown = GradingProgress(3, show=False, max_score=12)
    assert shown.describe("ada", 12) == "ada: 12; mean 12.00 / 12"
    assert shown.describe("bob", 6) == "bob: 6; mean 9.00 / 12"
