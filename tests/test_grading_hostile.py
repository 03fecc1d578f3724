"""The hostile-notebook suite: every attack in ONE parallel grader run, then one assertion per
notebook on the exact score, and the victim's grade unaffected by the others."""

import csv
import json

import nbformat
import pytest

from symhess.grading import Limits, grade_all
from tests.hostile.attacks import _SAMPLES, attacks

LIMITS = Limits(cell_seconds=6, notebook_seconds=40, memory_bytes=2 << 30)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    cases = attacks(out)
    for name, (nb, _) in cases.items():
        nbformat.write(nb, subs / f"{name}.ipynb")
    summary = grade_all(_SAMPLES, subs, out, limits=LIMITS, progress=False, workers=2)
    return cases, summary, out, root


NAMES = list(attacks(__import__("pathlib").Path("/nonexistent")))


@pytest.mark.parametrize("name", NAMES)
def test_hostile_notebook_earns_exactly(graded, name):
    cases, summary, out, _ = graded
    expected = cases[name][1]
    data = json.loads((out / name / "results.json").read_text())
    assert data["score"] == expected, (name, data)
    assert summary.results[name]["score"] == expected


def test_others_unaffected_and_gradebook_is_the_graders(graded):
    cases, summary, out, root = graded
    victim = json.loads((out / "victim" / "results.json").read_text())
    assert victim["score"] == 12 and all(t["output"] == "correct" for t in victim["tests"])
    rows = {r["student"]: float(r["score"]) for r in csv.DictReader(open(out / "grades.csv"))}
    assert rows == {name: float(score) for name, (_, score) in cases.items()}


def test_failures_are_reported_per_notebook(graded):
    _, summary, out, _ = graded
    assert summary.results["infinite_loop"]["status"] == "timed out"
    assert "kernel died" in summary.results["kill_kernel"]["output"]
    assert "kernel died" in summary.results["os_exit"]["output"]
    feedback = (out / "syntax_error" / "feedback.md").read_text()
    assert "SyntaxError" in feedback and "q9" in feedback
    deleted = json.loads((out / "deleted_answers" / "results.json").read_text())
    assert "not defined" in deleted["tests"][0]["output"]
    assert summary.graded + summary.failed + summary.timed_out == len(NAMES)
