"""check-assignment, from the instructor's side: typos and slips in assignment.toml found with
file:line before any student is graded; variants where a wrong answer scores as right."""

import json
import textwrap

import pytest

from symhess.cli import main
from symhess.exercises import load_assignment
from symhess.exercises.audit import audit, check_assignment
from symhess.exercises.schema import validate

GOOD = """\
title = "Tiny"
seed = 7
variables = ["x", "y"]

[params]
a = [2, 3]

[[question]]
id = "q1"
task = "hessian"
kind = "matrix"
points = 2
f = "{a}*x^2*y"
prompt = "Hessian of {a}x²y?"
"""


def _write(tmp_path, text, name="hw"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "assignment.toml").write_text(textwrap.dedent(text))
    return folder


def _messages(folder):
    return [(p.line, p.severity, p.message) for p in validate(folder)]


def test_the_sample_assignment_is_valid_and_every_variant_has_a_reference():
    result = check_assignment("hessian-basics", every_variant=True)
    assert result.errors == []
    assert all(text is not None for qa in result.audit.questions for _, text, _ in qa.rows)


def test_a_task_typo_is_named_with_its_line_and_the_closest_task(tmp_path):
    folder = _write(tmp_path, GOOD.replace('task = "hessian"', 'task = "hessain"'))
    [(line, severity, message)] = _messages(folder)
    assert (line, severity) == (10, "error")
    assert "'hessain'" in message and "'hessian'" in message


def test_a_placeholder_without_a_parameter_is_an_error_at_its_line(tmp_path):
    folder = _write(tmp_path, GOOD.replace('f = "{a}*x^2*y"', 'f = "{a}*x^2*y + {b}*x"'))
    problems = _messages(folder)
    assert (13, "error") in [(line, sev) for line, sev, m in problems if "{b}" in m]


def test_an_unused_parameter_is_a_warning(tmp_path):
    folder = _write(tmp_path, GOOD.replace("a = [2, 3]", "a = [2, 3]\nk = [1, 2]"))
    assert [(line, sev) for line, sev, m in _messages(folder) if "'k'" in m] == [(7, "warning")]


@pytest.mark.parametrize(("credit", "severity"), [(2, "error"), (-0.5, "error"), (1, "warning")])
def test_credit_is_a_fraction(tmp_path, credit, severity):
    folder = _write(tmp_path, GOOD + 'mistakes = [{ transform = "scale", factor = "2", '
                    f'credit = {credit}, feedback = "twice" }}]\n')
    found = [(sev, m) for _, sev, m in _messages(folder) if "credit" in m]
    assert found and found[0][0] == severity and "fraction" in found[0][1]


@pytest.mark.parametrize(("edit", "needle", "line"), [
    (('kind = "matrix"', 'kind = "matrx"'), "'matrix'", 11),
    (('kind = "matrix"', 'kind = "vector"'), "answers are of kind matrix", 11),
    (("points = 2", "points = 0"), "above 0", 12),
    (('f = "{a}*x^2*y"', 'fn = "{a}*x^2*y"'), "needs 'f'", 8),
    (('prompt = "Hessian of {a}x²y?"', 'promt = "x"'), "unknown key 'promt'", 14),
    (("seed = 7", "seeds = 7"), "did you mean 'seed'", 2),
])
def test_schema_slips_are_errors_at_their_line(tmp_path, edit, needle, line):
    folder = _write(tmp_path, GOOD.replace(*edit))
    hits = [(ln, sev) for ln, sev, m in _messages(folder) if needle in m]
    assert hits and hits[0] == (line, "error")


def test_an_unknown_mistake_transform(tmp_path):
    folder = _write(tmp_path, GOOD + 'mistakes = [{ transform = "transpos", credit = 0.5, '
                    'feedback = "t" }]\n')
    assert any("'transpose'" in m for _, _, m in _messages(folder))


def test_toml_syntax_error_has_its_line(tmp_path):
    folder = _write(tmp_path, GOOD.replace('id = "q1"', 'id = "q1'))
    [(line, severity, message)] = _messages(folder)
    assert line == 9 and severity == "error" and "TOML" in message


def test_a_start_point_already_critical_is_flagged(tmp_path):
    folder = _write(tmp_path, GOOD + textwrap.dedent("""
        [[question]]
        id = "q2"
        task = "newton_step"
        kind = "vector"
        f = "x^2 + {a}*y^2 + x^4"
        at = "x=0, y=0"
        prompt = "One Newton step from the origin for x² + {a}y² + x⁴."
        """))
    result = audit(load_assignment(folder), every_variant=True)
    flagged = [f for f in result.findings if f.question == "q2"]
    assert {str(f.params["a"]) for f in flagged if "already critical" in f.message} == {"2", "3"}


def test_a_singular_hessian_in_a_newton_step_is_an_error(tmp_path):
    folder = _write(tmp_path, GOOD + textwrap.dedent("""
        [[question]]
        id = "q2"
        task = "newton_step"
        kind = "vector"
        f = "x^2*y^2 + {a}*x"
        at = "x=1, y=0"
        prompt = "One Newton step for x²y² + {a}x from (1, 0)."
        """))
    result = check_assignment(folder, every_variant=True)
    assert result.exit_code == 2
    assert any("singular" in f.message for f in result.errors)


def test_a_declared_mistake_that_equals_the_answer_is_flagged(tmp_path):
    folder = _write(tmp_path, GOOD + 'mistakes = [{ transform = "transpose", credit = 0.5, '
                    'feedback = "transposed" }]\n')
    result = audit(load_assignment(folder), every_variant=True)
    assert len([f for f in result.findings if "mistake 1 (transpose)" in f.message]) == 2


def test_a_zero_answer_lets_a_sign_flip_pass(tmp_path):
    folder = _write(tmp_path, GOOD + textwrap.dedent("""
        [[question]]
        id = "q2"
        task = "gradient_at"
        kind = "vector"
        f = "(x - {a})^2 + y^2"
        at = "x={a}, y=0"
        prompt = "Gradient of (x − {a})² + y² at ({a}, 0)."
        """))
    result = audit(load_assignment(folder), every_variant=True)
    assert any("sign flip" in f.message for f in result.findings if f.question == "q2")


def test_cli_prints_the_variant_table_and_exits_2_on_errors(tmp_path, capsys):
    assert main(["check-assignment", "hessian-basics", "--students", "3"]) == 0
    out = capsys.readouterr().out
    assert "q6  critical_points" in out and "student01" in out and "0 errors" in out
    folder = _write(tmp_path, GOOD.replace('task = "hessian"', 'task = "hessain"'))
    assert main(["check-assignment", str(folder)]) == 2
    out = capsys.readouterr().out
    assert f"{folder / 'assignment.toml'}:10: error:" in out


def test_cli_json(tmp_path, capsys):
    folder = _write(tmp_path, GOOD)
    assert main(["check-assignment", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["problems"] == []


def test_a_missing_folder_is_one_line_exit_2(capsys):
    assert main(["check-assignment", "no-such-assignment"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-assignment" in err and "hessian-basics" in err
