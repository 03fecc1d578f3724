"""Grading a course, end to end: an instructor's folder of LMS downloads and student folders,
a roster, gradebooks; reruns that regrade what changed; bad input refused before grading."""

import csv
import json
import shutil

import nbformat
import pytest

from symhess.cli import main
from tests.hostile.attacks import _SAMPLES, samples

LOOP = "import time\nwhile True:\n    time.sleep(0.1)"


def _write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _grade(root, *extra):
    return main(["grade", "--assignment", str(_SAMPLES), str(root / "subs"), "--out",
                 str(root / "out"), "--no-progress", "--workers", "2", "--cell-timeout", "15",
                 *extra])


def _results(root, who):
    return json.loads((root / "out" / who / "results.json").read_text())


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    subs = root / "subs"
    subs.mkdir()
    # ada handed in the sample solution under her own name: its numbers are 'solution''s
    shutil.copy(_SAMPLES / "solution.ipynb", subs / "ada.ipynb")
    # eve handed in a notebook drawn for 'solution' whose code reads the numbers from ex.params:
    # her kernel must draw 'solution''s numbers too
    eve = samples.notebook("solution")
    eve.cells[3].source = "q2 = sp.diff(x**3*y**2 + ex.params['a']*x*y, x, y)"
    _write(eve, subs / "eve.ipynb")
    # a Canvas download, and a late one
    _write(samples.notebook("lovelace"), subs / "lovelace_777_88_hessian-basics.ipynb")
    _write(samples.notebook("bob", wrong=("q7",)), subs / "bob_12345_late.ipynb")
    # a Moodle-style student folder
    _write(samples.notebook("Zoë"), subs / "Zoë" / "homework.ipynb")
    # a notebook stopped at the time limit in cell 4 (q3 and later not reached)
    slow = samples.notebook("carl")
    slow.cells.insert(4, nbformat.v4.new_code_cell(LOOP))
    _write(slow, subs / "carl.ipynb")
    (root / "roster.csv").write_text("student,lms_id,name,email\nlovelace,777,Ada Lovelace,"
                                     "al@uni.edu\nbob,12345,Bob Stone,bob@uni.edu\n")
    code = _grade(root, "--roster", str(root / "roster.csv"), "--format", "canvas",
                  "--format", "moodle", "--bom")
    return root, code


@pytest.mark.slow
def test_students_are_recognised_and_graded_for_their_own_numbers(course, capsys):
    root, code = course
    assert code == 0
    assert _results(root, "lovelace")["score"] == 12
    rows = {r["student"]: r for r in csv.DictReader(
        (root / "out" / "grades.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert rows["Zoë"]["score"] == "12"
    bob = _results(root, "bob")
    assert bob["score"] == 11.5  # q7 answered with 1/λmax: half of its point
    ada = _results(root, "ada")
    assert ada["score"] == 12
    assert "drawn for 'solution'" in ada["output"]
    assert "filed under 'ada'" in (root / "out" / "ada" / "feedback.md").read_text()
    eve = _results(root, "eve")
    assert eve["score"] == 12 and "drawn for 'solution'" in eve["output"]


@pytest.mark.slow
def test_a_timeout_names_its_cell_and_says_later_cells_did_not_run(course):
    root, _ = course
    carl = _results(root, "carl")
    assert carl["extra_data"]["status"] == "timed out"
    assert "stopped in cell 5 (the one starting `import time`)" in carl["output"]
    by = {t["name"].split(":")[0]: t for t in carl["tests"]}
    assert by["q1"]["score"] == 2 and by["q2"]["score"] == 1
    assert by["q3"]["output"].startswith("not reached: `q3` is set in cell 6")
    assert "not defined" not in by["q9"]["output"]


@pytest.mark.slow
def test_gradebooks_in_class_list_order_with_bom(course):
    root, _ = course
    text = (root / "out" / "grades.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(text.removeprefix("\ufeff").splitlines()))
    assert [r["student"] for r in rows] == ["ada", "bob", "carl", "eve", "lovelace", "Zoë"]
    assert rows[1]["q7"] == "0.5"
    canvas = list(csv.reader((root / "out" / "canvas.csv").read_text()
                             .removeprefix("\ufeff").splitlines()))
    assert ["Ada Lovelace", "777", "", "lovelace", "", "12"] in canvas
    moodle = (root / "out" / "moodle.csv").read_text()
    assert "bob@uni.edu" in moodle and "2/λmax" in moodle


@pytest.mark.slow
def test_the_summary_names_the_students_to_look_at(course):
    root, _ = course
    # the grader's summary lines, as the CLI printed them, come from the same results
    from symhess.grading.reports import summary_lines

    results = [dict(_results(root, s), student=s, status=_results(root, s)["extra_data"]
                    ["status"], warnings=_results(root, s)["extra_data"].get("warnings", []))
               for s in ("ada", "bob", "carl", "lovelace")]
    text = "\n".join(summary_lines(results))
    assert "timed out: carl" in text and "warned: ada" in text


@pytest.mark.slow
def test_rerun_regrades_a_changed_notebook_and_retries_failed_on_request(course, capsys):
    root, _ = course
    capsys.readouterr()
    subs = root / "subs"
    _write(samples.notebook("bob"), subs / "bob_12345_late.ipynb")  # bob fixed q7
    (subs / "dan.ipynb").write_text("{ not a notebook")
    assert _grade(root, "--roster", str(root / "roster.csv")) == 0
    out = capsys.readouterr().out
    assert "graded 1, failed 1," in out and "skipped 5" in out and "failed: dan" in out
    assert _results(root, "bob")["score"] == 12
    carl = subs / "carl.ipynb"
    nb = nbformat.read(carl, as_version=4)
    del nb.cells[4]
    nbformat.write(nb, carl)  # changed: regraded without asking
    assert _grade(root, "--roster", str(root / "roster.csv")) == 0
    assert _results(root, "carl")["score"] == 12
    out = capsys.readouterr().out
    assert "graded 1, failed 0," in out and "skipped 6" in out  # dan failed, unchanged: kept
    assert _grade(root, "--roster", str(root / "roster.csv"), "--retry-failed") == 0
    out = capsys.readouterr().out
    assert "failed 1," in out and "skipped 6" in out


def test_an_invalid_assignment_grades_nobody(tmp_path, capsys):
    folder = tmp_path / "hw"
    shutil.copytree(_SAMPLES, folder)
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text().replace('task = "hessian"', 'task = "hessain"'))
    (tmp_path / "subs").mkdir()
    shutil.copy(_SAMPLES / "solution.ipynb", tmp_path / "subs")
    code = main(["grade", "--assignment", str(folder), str(tmp_path / "subs"), "--out",
                 str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert "nobody was graded" in err and "assignment.toml:13: error:" in err
    assert not (tmp_path / "out" / "solution").exists()


@pytest.mark.parametrize("where", ["assignment", "submissions"])
def test_a_missing_folder_is_one_line_and_exit_2(tmp_path, capsys, where):
    (tmp_path / "subs").mkdir()
    assignment = "no-such" if where == "assignment" else str(_SAMPLES)
    subs = tmp_path / ("subs" if where == "assignment" else "nope")
    code = main(["grade", "--assignment", assignment, str(subs), "--out",
                 str(tmp_path / "out"), "--no-progress"])
    err = [line for line in capsys.readouterr().err.splitlines()
           if not line.startswith("isolation:")]
    assert code == 2 and len(err) == 1 and "no such folder" in err[0]


def test_grade_help_describes_out_and_the_limits(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    text = capsys.readouterr().out
    assert "OUT_DIR receives" in text and "grades.csv" in text
    assert "limit per cell" in text and "--retry-failed" in text and "--format" in text
