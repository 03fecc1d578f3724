"""The Gradescope bundle end to end: built, unpacked into a temporary root, its
run_autograder run as Gradescope would, results.json read back."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from symhess.cli import main
from tests.hostile.attacks import _SAMPLES


def _unpack(zip_path, root):
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
        for info in z.infolist():  # zipfile drops the mode bits Gradescope's unzip keeps
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, mode & 0o777)


def _run(root):
    # symhess as installed here stands in for the copy setup.sh installs on Gradescope (two
    # copies on one path would give the grader one and the sandboxed kernel the other)
    env = {**os.environ, "SYMHESS_AUTOGRADER_ROOT": str(root),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    return subprocess.run([str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_bundle_holds_what_gradescope_runs_and_no_solution(tmp_path, capsys):
    assert main(["autograder-bundle", "--assignment", "hessian-basics", "-o",
                 str(tmp_path / "autograder.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "autograder.zip") as z:
        names = set(z.namelist())
        run = z.getinfo("run_autograder")
        setup = z.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "requirements.txt", "assignment/assignment.toml",
            "symhess/pyproject.toml", "symhess/symhess/grading/grade.py"} <= names
    assert not any(n.endswith(".ipynb") or "make_notebooks" in n for n in names)
    assert (run.external_attr >> 16) & 0o111
    assert "requirements.txt" in setup and "bubblewrap" in setup
    import symhess

    package = Path(symhess.__file__).parent
    modules = {f"symhess/symhess/{p.relative_to(package).as_posix()}"
               for p in package.rglob("*.py") if "assignments" not in p.parts}
    assert modules <= names  # every module of the package travels


def test_an_invalid_assignment_makes_no_bundle(tmp_path, capsys):
    folder = tmp_path / "hw"
    shutil.copytree(_SAMPLES, folder)
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text().replace("points = 2", "points = -2", 1))
    assert main(["autograder-bundle", "--assignment", str(folder), "-o",
                 str(tmp_path / "a.zip")]) == 2
    assert not (tmp_path / "a.zip").exists()
    assert "points must be a number above 0" in capsys.readouterr().err


@pytest.mark.slow
def test_run_autograder_grades_a_submission_into_results_json(tmp_path):
    zip_path = tmp_path / "autograder.zip"
    assert main(["autograder-bundle", "--assignment", str(_SAMPLES), "-o", str(zip_path)]) == 0
    root = tmp_path / "autograder"
    _unpack(zip_path, root)
    (root / "submission").mkdir()
    shutil.copy(_SAMPLES / "partly_wrong.ipynb", root / "submission" / "homework.ipynb")
    (root / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"name": "P. Wrong", "email": "partly_wrong@uni.edu", "sid": ""}]}))
    done = _run(root)
    assert done.returncode == 0, done.stderr
    result = json.loads((root / "results" / "results.json").read_text())
    assert result["score"] == 9.5
    by = {t["name"].split(":")[0]: t for t in result["tests"]}
    assert by["q7"]["score"] == 0.5 and "2/λmax" in by["q7"]["output"]
    assert by["q1"]["name"] == "q1: Hessian"


@pytest.mark.slow
def test_run_autograder_without_a_notebook_says_so(tmp_path):
    root = tmp_path / "autograder"
    assert main(["autograder-bundle", "--assignment", str(_SAMPLES), "-o",
                 str(tmp_path / "a.zip")]) == 0
    _unpack(tmp_path / "a.zip", root)
    (root / "submission").mkdir()
    (root / "submission" / "notes.txt").write_text("forgot the notebook")
    assert _run(root).returncode == 0
    result = json.loads((root / "results" / "results.json").read_text())
    assert result["score"] == 0 and "No notebook" in result["output"]
