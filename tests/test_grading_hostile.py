"""The hostile-notebook suite: every attack, in-kernel and operating-system level, in ONE
grader run together with the sample solution (full marks) and the blank notebook (zero).

For each attacker: exactly the score its honest cells earn.  For the victims: exact scores.
The grader exits normally having graded every notebook; its output files do not change in
the 20 s after the run; no process the run started is left; nothing outside the output folder
was written; nothing reached a TCP server on the grader's loopback.  The same batch runs
through a Dask ``LocalCluster`` (``--scheduler local:2``).
"""

import csv
import hashlib
import json
import os
import shutil
import site
import socket
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from symhess.cli import main
from symhess.grading import Limits, grade_all
from symhess.grading.sandbox import INSTALL_HINT, bwrap_path, probe, unshare_path
from symhess.grading.scoring import ScoringBudget
from tests.hostile.attacks import _SAMPLES, attacks
from tests.hostile.os_attacks import MARKER, os_attacks

pytestmark = pytest.mark.skipif(bwrap_path() is None,
                                reason=f"the grader's sandbox needs bubblewrap: {INSTALL_HINT}")

WAIT = 20  # seconds the output must stay unchanged after the run


class _Listener:
    """A TCP server on 127.0.0.1 that counts what reaches it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.received = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.received.append(conn.recv(100))
            conn.close()


def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _survivors(root: Path) -> list[int]:
    """Processes of this run: an attack's marker, or the run's folder in the command line."""
    mine = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry.name}/cmdline").read_bytes()
        except OSError:
            continue
        if MARKER.encode() in cmd or str(root).encode() in cmd:
            mine.append(int(entry.name))
    return mine


def _planted() -> list[Path]:
    """Where the write_outside attack plants files that would outlive the run."""
    return [*(Path(d) / f"zz_{MARKER}.pth" for d in site.getsitepackages()),
            Path.home() / ".ipython/profile_default/startup" / f"zz_{MARKER}.py"]


def _batch(root: Path, scheduler: str | None, isolation=None):
    subs, out, assignment = root / "submissions", root / "out", root / "assignment"
    subs.mkdir()
    shutil.copytree(_SAMPLES, assignment)
    (root / "tmp").mkdir()
    listener = _Listener()
    ctx = {"out": str(out), "subs": str(subs), "toml": str(assignment / "assignment.toml"),
           "port": listener.port}
    cases = {**attacks(out), **os_attacks(ctx)}
    for name, (nb, _) in cases.items():
        nbformat.write(nb, subs / f"{name}.ipynb")
    toml = (assignment / "assignment.toml").read_bytes()
    planted = [p for p in _planted() if p.exists()]
    argv = ["grade", "--assignment", str(assignment), str(subs), "--out", str(out),
            "--no-progress", "--cell-timeout", "6", "--notebook-timeout", "40",
            "--answer-timeout", "20"]
    argv += ["--scheduler", scheduler] if scheduler else ["--workers", "2"]
    with pytest.MonkeyPatch.context() as mp:
        # the run's temporary folders (and so its kernels' command lines) under root
        mp.setenv("TMPDIR", str(root / "tmp"))
        mp.setattr(tempfile, "tempdir", None)  # read TMPDIR again
        if isolation is None:
            code = main(argv)
        else:  # a sandbox chosen by the test, not by the probe
            code = grade_all(assignment, subs, out, progress=False, workers=2,
                             isolation=isolation, scoring=ScoringBudget(seconds=20),
                             limits=Limits(cell_seconds=6, notebook_seconds=40)).exit_code
    before = _snapshot(out)
    time.sleep(WAIT)
    after = _snapshot(out)
    left = _survivors(root)
    return {"cases": cases, "code": code, "out": out, "before": before, "after": after,
            "left": left, "tcp": list(listener.received), "toml": toml,
            "assignment": assignment, "root": root,
            "sandbox": isolation.kind if isolation else "bubblewrap",
            "planted": [p for p in _planted() if p.exists() and p not in planted]}


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    return _batch(tmp_path_factory.mktemp("hostile-pool"), None)


@pytest.fixture(scope="module")
def dask(tmp_path_factory):
    pytest.importorskip("distributed", reason="pip install 'symhess[cluster]'")
    return _batch(tmp_path_factory.mktemp("hostile-dask"), "local:2")


@pytest.fixture(scope="module")
def fallback(tmp_path_factory):
    if os.geteuid() != 0 or unshare_path() is None:
        pytest.skip("the unshare fallback needs root and util-linux unshare")
    return _batch(tmp_path_factory.mktemp("hostile-unshare"), None, probe(kind="unshare"))


NAMES = sorted({**attacks(Path("/x")), **os_attacks({"out": "/x", "subs": "/x", "toml": "/x",
                                                      "port": 1})})


def _score(run, name):
    return json.loads((run["out"] / name / "results.json").read_text())["score"]


def _check_batch(run):
    assert run["code"] == 0
    rows = {r["student"]: float(r["score"]) for r in csv.DictReader(open(run["out"] /
                                                                         "grades.csv"))}
    assert rows == {name: float(score) for name, (_, score) in run["cases"].items()}
    assert run["before"] == run["after"], "the output changed after the run"
    assert run["left"] == [], "processes of the run are still alive"
    assert run["tcp"] == [], "a kernel reached a server on the grader's loopback"
    assert (run["assignment"] / "assignment.toml").read_bytes() == run["toml"]
    assert not list(run["root"].rglob("escaped.txt"))
    assert run["planted"] == [], "a kernel wrote into the environment or the grader's home"
    summary = json.loads((run["out"] / "summary.json").read_text())
    assert summary["sandbox"] == run["sandbox"] and summary["not_graded"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_hostile_notebook_earns_exactly_its_honest_score(pool, name):
    assert _score(pool, name) == pool["cases"][name][1]


@pytest.mark.slow
def test_batch_exits_normally_and_nothing_outlives_it(pool):
    _check_batch(pool)


@pytest.mark.slow
def test_victims_exact_and_failures_reported_per_notebook(pool):
    out = pool["out"]
    for victim in ("victim", "slow_victim", "solution"):
        data = json.loads((out / victim / "results.json").read_text())
        assert data["score"] == 12 and all(t["output"] == "correct" for t in data["tests"])
    assert _score(pool, "blank") == 0
    status = {n: json.loads((out / n / "results.json").read_text())["extra_data"]["status"]
              for n in NAMES}
    assert status["infinite_loop"] == "timed out"
    assert "more than 2048 MB" in (out / "memory_tree" / "feedback.md").read_text()
    assert "kernel died" in json.loads((out / "kill_kernel" / "results.json").read_text())[
        "output"]
    feedback = (out / "syntax_error" / "feedback.md").read_text()
    assert "SyntaxError" in feedback and "q9" in feedback
    deleted = json.loads((out / "deleted_answers" / "results.json").read_text())
    assert "not defined" in deleted["tests"][0]["output"]


@pytest.mark.slow
def test_the_same_batch_through_dask(dask):
    _check_batch(dask)
    for name in NAMES:
        assert _score(dask, name) == dask["cases"][name][1], name
    root = dask["root"]
    again = ["grade", "--assignment", str(dask["assignment"]), str(root / "submissions"),
             "--out", str(dask["out"]), "--no-progress", "--scheduler", "local:2"]
    assert main(again) == 0  # resumed: every notebook already graded, nothing sent to Dask
    assert json.loads((dask["out"] / "summary.json").read_text())["skipped"] == len(NAMES)


@pytest.mark.slow
def test_the_same_batch_in_the_unshare_fallback(fallback):
    _check_batch(fallback)
    for name in NAMES:
        assert _score(fallback, name) == fallback["cases"][name][1], name
