"""The grader on the sample notebooks: solution full marks, blank zero, partly wrong as stated;
Gradescope format, CLI, resume and --force."""

import csv
import json
import shutil

import pytest

from symhess.cli import main
from symhess.grading.sandbox import INSTALL_HINT, bwrap_path
from tests.hostile.attacks import _SAMPLES

pytestmark = pytest.mark.skipif(bwrap_path() is None,
                                reason=f"the grader's sandbox needs bubblewrap: {INSTALL_HINT}")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("grade")
    subs = root / "subs"
    subs.mkdir()
    for name in ("solution", "blank", "partly_wrong"):
        shutil.copy(_SAMPLES / f"{name}.ipynb", subs)
    assert main(["grade", "--assignment", str(_SAMPLES), str(subs), "--out",
                 str(root / "out"), "--no-progress", "--workers", "2"]) == 0
    return root


def _results(root, who):
    return json.loads((root / "out" / who / "results.json").read_text())


def test_solution_full_blank_zero(out):
    assert _results(out, "solution")["score"] == 12
    assert _results(out, "blank")["score"] == 0


def test_one_notebook_graded_from_python_is_a_result_object_with_the_same_record(out):
    from symhess.grading import NotebookGrade, grade_notebook

    g = grade_notebook(_SAMPLES, _SAMPLES / "partly_wrong.ipynb")
    assert isinstance(g, NotebookGrade) and g.status == "graded"
    written = _results(out, "partly_wrong")
    assert (g.score, g.max_score) == (written["score"], written["max_score"])
    assert [t["score"] for t in g.tests] == [t["score"] for t in written["tests"]]
    assert NotebookGrade.from_dict(g.to_dict()) == g
    assert str(g).startswith(f"# partly_wrong: {g.score:g} / {g.max_score:g} (graded)")


def test_partly_wrong_gets_stated_credit_and_feedback(out):
    r = _results(out, "partly_wrong")
    assert r["score"] == 9.5
    by = {t["name"].split(":")[0]: t for t in r["tests"]}
    assert by["q1"]["score"] == 1 and "factor of 2" in by["q1"]["output"]
    assert by["q5"]["score"] == 0 and "indefinite" in by["q5"]["output"]
    assert by["q7"]["score"] == 0.5


def test_gradescope_shape_and_gradebook(out):
    r = _results(out, "solution")
    assert set(r) >= {"score", "max_score", "tests"}
    assert all(set(t) >= {"name", "score", "max_score", "output", "visibility"}
               for t in r["tests"])
    rows = list(csv.DictReader(open(out / "out" / "grades.csv")))
    assert {row["student"]: float(row["score"]) for row in rows} == {
        "blank": 0.0, "partly_wrong": 9.5, "solution": 12.0}


def test_rerun_resumes_unless_forced(out, capsys):
    args = ["grade", "--assignment", str(_SAMPLES), str(out / "subs"), "--out",
            str(out / "out"), "--no-progress"]
    assert main(args) == 0
    assert "skipped 3" in capsys.readouterr().out


def _loop_notebook(path, loop_source):
    import nbformat

    cells = [nbformat.v4.new_code_cell("q1 = 1"), nbformat.v4.new_code_cell(loop_source),
             nbformat.v4.new_code_cell("q2 = 2")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


@pytest.mark.parametrize(
    ("loop", "killed"),
    [("while True:\n    pass", False),
     ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
      True)],
    ids=["interruptible", "ignores-sigint"],
)
def test_an_endless_cell_is_stopped_and_earlier_answers_count(tmp_path, loop, killed):
    from symhess.grading.execute import Limits, run_notebook

    _loop_notebook(tmp_path / "loop.ipynb", loop)
    ex = run_notebook(tmp_path / "loop.ipynb", ["q1", "q2"],
                      Limits(cell_seconds=2, notebook_seconds=30))
    assert ex.timed_out and ex.answers == {"q1": "1"}
    assert ex.kernel_died is killed
