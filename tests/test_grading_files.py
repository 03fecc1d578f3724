"""What the grader takes and writes: hostile file names and symlinks each get a clear per-file
outcome, nothing is written outside the output folder, CSV cells cannot be formulas, feedback
shows student text literally, hostile answers are stopped by the per-answer budget, a lost
worker costs one retry, and without a working sandbox the grader refuses unless told
``--no-sandbox``."""

import csv
import hashlib
import json
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from symhess.cli import main
from symhess.exercises import load_assignment
from symhess.grading import grade_all, sandbox
from symhess.grading.grade import (
    NOT_GRADED,
    REFUSED,
    csv_cell,
    discover,
    escape_markdown,
    student_id,
)
from symhess.grading.scoring import TIMEOUT_MESSAGE, Scorer
from tests.hostile.attacks import _SAMPLES, _with

needs_bwrap = pytest.mark.skipif(sandbox.bwrap_path() is None,
                                 reason=f"the grader's sandbox needs bubblewrap: "
                                        f"{sandbox.INSTALL_HINT}")

HTML_EXCEPTION = """\
class E(Exception):
    pass
E.__name__ = '<img src=x onerror=alert(1)>'
raise E('\\n# hostile: 12 / 12 (graded)\\n![pwned](http://example.invalid/x.png)')
"""

HOSTILE_NAMES = ["...", "..", "grades.csv", "=HYPERLINK(\"evil\",\"y\")", "@SUM(A1)",
                 "-2+3", "two\nlines", "<img src=x onerror=alert(1)>"]


def _tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    nbformat.write(_with("ada"), subs / "ada.ipynb")
    blank = nbformat.read(_SAMPLES / "blank.ipynb", as_version=4)
    for name in HOSTILE_NAMES:
        nbformat.write(blank, subs / f"{name}.ipynb")
    nbformat.write(_with("hostile", extra=[HTML_EXCEPTION]), subs / "hostile.ipynb")
    slow = _with("slow_answer", replace={"q2": "q2 = '(10x)^(9^9)'"})
    nbformat.write(slow, subs / "slow_answer.ipynb")
    (subs / "eve.ipynb").symlink_to(subs / "ada.ipynb")
    (subs / "host.ipynb").symlink_to("/etc/hostname")
    (subs / "usr.ipynb").symlink_to("/usr")
    (subs / "folder.ipynb").mkdir()
    (subs / "notes.txt").symlink_to("/etc/hostname")
    outside = _tree(root)
    code = main(["grade", "--assignment", str(_SAMPLES), str(subs), "--out", str(out),
                 "--no-progress", "--workers", "2", "--answer-timeout", "3"])
    written = {k for k, v in _tree(root).items() if outside.get(k) != v}
    return {"code": code, "out": out, "written": written, "subs": subs}


def _result(graded, student):
    return json.loads((graded["out"] / student / "results.json").read_text())


def test_ids_are_safe_names():
    assert [student_id(s) for s in ["...", "..", ".", "", "grades.csv", "summary.json"]] == [
        "student", "student", "student", "student", "grades.csv_", "summary.json_"]
    assert student_id("a/../../b") == "a_.._.._b"


@needs_bwrap
def test_every_file_gets_its_own_outcome(graded):
    assert graded["code"] == 1  # some files were refused: not every notebook was graded
    out = graded["out"]
    ids = {e.student: e for e in discover(graded["subs"])}
    for link in ("eve", "host", "usr"):
        r = _result(graded, link)
        assert r["extra_data"]["status"] == REFUSED and "symbolic link" in r["output"]
        assert r["score"] == 0
    assert "not a regular file" in _result(graded, "folder")["output"]
    assert _result(graded, "ada")["score"] == 12
    for name in HOSTILE_NAMES:
        sid = next(s for s, e in ids.items() if e.path.name == f"{name}.ipynb")
        r = _result(graded, sid)
        assert r["score"] == 0
        if name.startswith("."):  # a hidden file: reported, not graded
            assert r["extra_data"]["status"] == REFUSED and "hidden" in r["output"]
        else:
            assert r["extra_data"]["status"] == "graded", (name, r["output"])
    assert (out / "grades.csv").is_file() and (out / "summary.json").is_file()
    assert {p.name for p in out.iterdir() if p.is_dir()} == set(ids)


@needs_bwrap
def test_nothing_is_written_outside_the_output_folder(graded):
    assert graded["written"] and all(w.startswith("out/") for w in graded["written"])


@needs_bwrap
def test_no_gradebook_cell_can_be_a_formula(graded):
    with open(graded["out"] / "grades.csv", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_cells_starting_like_a_formula_are_neutralised():
    assert [csv_cell(v) for v in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "ada", 3.5]] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "ada", 3.5]


@needs_bwrap
def test_feedback_shows_student_output_literally(graded):
    text = (graded["out"] / "hostile" / "feedback.md").read_text()
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "![pwned]" not in text and "!\\[pwned\\]" in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# hostile: 12 / 12 (graded)"]
    assert escape_markdown("a\n# b") == "a # b"


@needs_bwrap
def test_a_hostile_answer_is_stopped_by_the_budget_and_the_run_goes_on(graded):
    r = _result(graded, "slow_answer")
    by = {t["name"].split(":")[0]: t for t in r["tests"]}
    # the parser now refuses (10x)^(9^9) at once by its digit limit; either way it scores 0
    # and the notebook's other answers are graded
    assert by["q2"]["score"] == 0
    assert by["q2"]["output"] == TIMEOUT_MESSAGE or "100,000 digits" in by["q2"]["output"]
    assert r["score"] == 11


def test_hostile_answers_score_zero_in_time_and_the_next_one_is_checked():
    a = load_assignment(_SAMPLES)
    with Scorer(a, seconds=2) as scorer:
        score, message = scorer.score_one("ada", "q2", "(10x)^(9^9)")
        assert score == 0 and (message == TIMEOUT_MESSAGE or "100,000 digits" in message)
        assert scorer.score_one("ada", "q4", "(a-1)^999*(a+2)^999 > 0") == (0.0,
                                                                           TIMEOUT_MESSAGE)
        score, message = scorer.score_one("ada", "q9", "x" * 30_000)
        assert score == 0 and "too long" in message
        assert scorer.score_one("ada", "q5", "indefinite") == (1.0, "correct")


class _LosesWorkers:
    """An executor whose first ``lose`` submissions of each notebook die as a lost worker."""

    def __init__(self, lose: int):
        self.lose, self.seen, self.pool = lose, {}, ThreadPoolExecutor(2)

    def submit(self, fn, sub, *args):
        self.seen[sub.name] = self.seen.get(sub.name, 0) + 1
        if self.seen[sub.name] <= self.lose:
            f = Future()
            f.set_exception(OSError("worker lost"))
            return f
        return self.pool.submit(fn, sub, *args)


@pytest.mark.parametrize(("lose", "status"), [(1, "graded"), (2, NOT_GRADED)])
def test_a_lost_worker_costs_one_retry_then_the_notebook_is_reported(tmp_path, lose, status):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(_SAMPLES / "blank.ipynb", subs)
    executor = _LosesWorkers(lose)
    none = sandbox.probe(kind="none")
    summary = grade_all(_SAMPLES, subs, tmp_path / "out", executor=executor, progress=False,
                        isolation=none)
    assert summary.results["blank"]["status"] == status
    assert executor.seen["blank"] == 2
    assert summary.complete is (status == "graded")


def test_without_a_working_sandbox_the_grader_refuses(tmp_path, monkeypatch, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(_SAMPLES / "solution.ipynb", subs)
    argv = ["grade", "--assignment", str(_SAMPLES), str(subs), "--out", str(tmp_path / "out"),
            "--no-progress", "--workers", "1"]
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: "/bin/false")
    monkeypatch.setattr(sandbox, "unshare_path", lambda: "/bin/false")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "does not work here" in err and "--no-sandbox" in err
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    monkeypatch.setattr(sandbox, "unshare_path", lambda: None)
    assert main(argv) == 2
    assert sandbox.INSTALL_HINT in capsys.readouterr().err
    assert main([*argv, "--no-sandbox"]) == 0
    assert "isolation: none" in capsys.readouterr().err
    r = json.loads((tmp_path / "out" / "solution" / "results.json").read_text())
    assert r["score"] == 12 and r["extra_data"]["sandbox"] == "none"
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["sandbox"] == "none"
    assert os.path.isfile(tmp_path / "out" / "grades.csv")


@pytest.mark.parametrize("address", ["nowhere", "local:0", "local:two"])
def test_a_bad_scheduler_address_is_bad_input(tmp_path, capsys, address):
    subs = tmp_path / "subs"
    subs.mkdir()
    code = main(["grade", "--assignment", str(_SAMPLES), str(subs), "--out", str(tmp_path / "o"),
                 "--no-progress", "--no-sandbox", "--scheduler", address])
    assert code == 2 and "--scheduler" in capsys.readouterr().err


def test_a_worker_killed_twice_is_replaced_and_the_batch_finishes(tmp_path):
    # Without the sandbox a kernel can kill its pool worker (its parent): the pool is
    # replaced, the notebook retried once, then reported; the others are graded.
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(_SAMPLES / "blank.ipynb", subs)
    killer = _with("killer", extra=["import os\nos.kill(os.getppid(), 9)"])
    nbformat.write(killer, subs / "killer.ipynb")
    summary = grade_all(_SAMPLES, subs, tmp_path / "out", progress=False, workers=1,
                        isolation=sandbox.probe(kind="none"))
    assert summary.results["blank"]["status"] == "graded"
    assert summary.results["killer"]["status"] == NOT_GRADED
    assert "worker process died, twice" in summary.results["killer"]["output"]
    assert not summary.complete


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="the unshare fallback needs root and util-linux unshare")
def test_without_bubblewrap_root_falls_back_to_unshare(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    assert sandbox.probe().kind == "unshare"
