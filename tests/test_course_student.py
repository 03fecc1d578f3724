"""Student versions of the course notebooks (``symhess make-student``): what is taken out,
what stays, and that the result grades -- filled with the instructor's solutions, full marks;
handed in blank, zero -- for every notebook under notebooks/ that names its assignment."""

import json

import nbformat
import pytest
from _course import NOTEBOOKS, assignment_of, filled, grade, read, tags

from symhess.assign import STUB_MARK, make_student
from symhess.cli import main
from symhess.errors import SymhessError

TAGGED = [p for p in NOTEBOOKS if any("solution" in tags(c) for c in read(p).cells)]
GRADED = [p for p in NOTEBOOKS if assignment_of(p)]


def _code(source, tags=(), outputs=()):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.outputs = [nbformat.v4.new_output("stream", text=t) for t in outputs]
    cell.execution_count = 3 if outputs else None
    return cell


def _instructor():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Week 1"),
        _code('ex = symhess.exercise("hessian-basics", student="instructor")\nex',
              outputs=["drawn for instructor"]),
        _code("a = ex.params['a']\n# the answer: differentiate twice\n"
              "q2 = sp.diff(x**3*y**2 + a*x*y, x, y)\nex.check('q2', q2)",
              tags=["solution"], outputs=["correct"]),
        _code("q1 = sp.hessian(f, (x, y))", tags=["solution"]),
        _code("assert q2 == 6*x**2*y + 2", tags=["self-test"]),
        _code("secret = 1", tags=["hidden"]),
        nbformat.v4.new_markdown_cell("Why is it symmetric? **Because Clairaut.**"),
    ]
    nb.cells[-1].metadata["tags"] = ["solution"]
    return nb


def test_solution_cells_become_stubs_that_still_check():
    nb = make_student(_instructor())
    sources = [c.source for c in nb.cells]
    assert sources[2] == f"{STUB_MARK}\nq2 = None\nex.check('q2', q2)\n"
    assert sources[3] == f"{STUB_MARK}\nq1 = None\n"
    assert "Clairaut" not in sources[-1] and "answer here" in sources[-1]


def test_self_tests_and_hidden_cells_are_removed_and_outputs_cleared():
    nb = make_student(_instructor())
    text = json.dumps(nb)
    assert "assert q2" not in text and "secret" not in text and "drawn for" not in text
    assert len(nb.cells) == 5
    assert all(c.outputs == [] and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")
    assert all("solution" not in c.metadata.get("tags", []) for c in nb.cells)


def test_the_student_id_is_never_hard_coded():
    nb = make_student(_instructor())
    assert nb.cells[1].source == "ex = symhess.exercise('hessian-basics')\nex"


def test_an_untagged_cell_that_checks_its_own_answer_is_refused():
    nb = _instructor()
    nb.cells[2].metadata["tags"] = []
    with pytest.raises(SymhessError, match=r"cell 3 assigns and checks q2 but is not tagged"):
        make_student(nb)


def test_a_notebook_without_solution_cells_is_refused():
    nb = _instructor()
    for c in nb.cells:
        c.metadata["tags"] = []
    nb.cells = nb.cells[:2]
    with pytest.raises(SymhessError, match="no cell is tagged 'solution'"):
        make_student(nb)


def test_cli_writes_beside_and_refuses_bad_input(tmp_path, capsys):
    src = tmp_path / "week1.ipynb"
    nbformat.write(_instructor(), src)
    assert main(["make-student", str(src)]) == 0
    assert STUB_MARK in (tmp_path / "week1-student.ipynb").read_text()
    assert main(["make-student", str(tmp_path / "missing.ipynb")]) == 2
    assert main(["make-student", str(src), "-o", str(src)]) == 2
    err = capsys.readouterr().err
    assert "missing.ipynb: no such notebook" in err and "overwrite the instructor" in err
    assert "Traceback" not in err


def test_some_course_notebook_has_solution_cells():
    assert TAGGED, "at least one course notebook should set exercises with solution cells"


@pytest.mark.parametrize("path", TAGGED, ids=[p.stem for p in TAGGED])
def test_course_notebooks_have_student_versions_without_answers(path):
    instructor = nbformat.read(path, as_version=4)
    student = make_student(path)
    solutions = [c.source for c in instructor.cells
                 if "solution" in c.metadata.get("tags", []) and c.cell_type == "code"]
    text = "\n".join(c.source for c in student.cells)
    assert "student=" not in text
    for sol in solutions:
        answer_lines = [ln for ln in sol.splitlines()
                        if ln.strip() and ".check(" not in ln and not ln.startswith("#")]
        assert not any(ln in text.splitlines() for ln in answer_lines), sol


def test_every_notebook_with_answers_names_its_assignment():
    assert GRADED and [p.stem for p in TAGGED if p not in GRADED] == []


@pytest.mark.slow
@pytest.mark.parametrize("path", GRADED, ids=[p.stem for p in GRADED])
def test_student_version_filled_grades_full_and_blank_grades_zero(path, tmp_path):
    """One ``symhess grade`` run per assignment grades both hand-ins (two workers)."""
    result = grade(path, tmp_path, ada=filled(path), bob=make_student(path))
    ada, bob = result["ada"], result["bob"]
    assert result["code"] == 0
    assert ada["score"] == ada["max_score"] > 0, ada
    assert bob["score"] == 0 and bob["max_score"] == ada["max_score"], bob
    assert len(ada["tests"]) >= 3
