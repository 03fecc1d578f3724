"""Scoring answers in the grader under a per-answer time and size budget.

An answer is a student's string; the safe parser and the equivalence check may still take
minutes on a hostile one (``(10x)^(9^9)``, a degree-999 inequality).  So each answer is scored
in a child process, one question at a time: there :func:`symhess.budget.time_budget` stops
Python code cleanly (the child's main thread owns ``SIGALRM``), and should a C routine not
return, the grader kills the child after the budget and a grace period and starts another.
Either way that question scores 0 with "could not be checked in time", and the run goes on.

>>> from symhess.exercises import load_assignment
>>> with Scorer(load_assignment("hessian-basics"), seconds=20) as scorer:
...     scorer.score_one("ada", "q9", "0")[0]
0.0
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from dataclasses import dataclass

__all__ = ["Scorer", "ScoringBudget", "DEFAULT_SCORING", "TIMEOUT_MESSAGE"]

TIMEOUT_MESSAGE = "could not be checked in time"


@dataclass(frozen=True)
class ScoringBudget:
    seconds: float = 10.0  # per answer, reference included
    chars: int = 20_000  # per answer, as JSON
    grace: float = 5.0  # past ``seconds``, before the child is killed


DEFAULT_SCORING = ScoringBudget()


def _child(conn, assignment, seconds: float) -> None:
    from ..budget import time_budget
    from ..errors import BudgetExceeded
    from ..exercises import reference, score_answer

    refs: dict = {}
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        student, qid, payload = job
        q = assignment.question(qid)
        try:
            with time_budget(seconds, f"checking {qid}"):
                if (student, qid) not in refs:
                    refs[(student, qid)] = reference(assignment, q, student)
                fb = score_answer(q, refs[(student, qid)], payload, assignment.variables)
            reply = (fb.score, fb.message)
        except BudgetExceeded:
            reply = (0.0, TIMEOUT_MESSAGE)
        except Exception as e:  # noqa: BLE001 - a grader bug on one question is reported
            reply = (0.0, f"the grader could not check this question ({type(e).__name__})")
        conn.send(reply)


class Scorer:
    """A scoring child process, restarted whenever an answer outruns its budget."""

    def __init__(self, assignment, budget: ScoringBudget = DEFAULT_SCORING, *,
                 seconds: float | None = None):
        self.assignment = assignment
        self.budget = budget if seconds is None else ScoringBudget(seconds=seconds)
        self._ctx = multiprocessing.get_context("spawn")
        self._proc = None
        self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        main = sys.modules.get("__main__")
        if main is not None and not hasattr(main, "__spec__"):
            # an embedded shell (IPython) may stand in a module of its own for __main__;
            # spawning needs to know it was not started from a module
            main.__spec__ = None
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child, daemon=True,
                                       args=(child, self.assignment, self.budget.seconds))
        self._proc.start()
        child.close()
        self._conn = parent

    def close(self) -> None:
        if self._proc is not None and self._conn is not None:
            try:
                self._conn.send(None)
            except (OSError, ValueError):
                pass
            self._proc.join(2)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._proc = self._conn = None

    def _kill(self) -> None:
        self._proc.kill()
        self._proc.join()
        self._proc = self._conn = None

    def score_one(self, student: str, qid: str, payload) -> tuple[float, str]:
        """``(score, message)`` for one answer payload (``None``: no answer)."""
        size = len(json.dumps(payload))
        if size > self.budget.chars:
            return 0.0, (f"the answer is too long to check ({size} characters; the limit is "
                         f"{self.budget.chars})")
        # The child's first answer includes its start (imports); later ones only the check.
        fresh = self._proc is None
        if fresh:
            self._start()
        self._conn.send((student, qid, payload))
        wait = self.budget.seconds + self.budget.grace + (60.0 if fresh else 0.0)
        try:
            if self._conn.poll(wait):
                return self._conn.recv()
        except (EOFError, OSError):
            pass
        self._kill()
        return 0.0, TIMEOUT_MESSAGE

    def score(self, student: str, answers: dict) -> list[dict]:
        """Gradescope ``tests`` for one student's answers."""
        tests = []
        for q in self.assignment.questions:
            score, message = self.score_one(student, q.id, answers.get(q.variable))
            tests.append({"name": q.label, "score": score,
                          "max_score": q.points, "output": message, "visibility": "visible"})
        return tests
