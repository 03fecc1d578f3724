"""In a notebook: ``ex = exercise("hessian-basics")`` shows this student's questions and
``ex.check("q1", q1)`` gives immediate feedback.  This is advisory: the grade is the grader's,
computed again outside the student's kernel.

Who the student is, in order: the ``student=`` argument; ``SYMHESS_STUDENT`` (set by the
grader for the kernel it starts); ``JUPYTERHUB_USER`` (set by JupyterHub); otherwise the
student is asked once per kernel.  The displayed exercise carries that id in its output's
metadata (``{"symhess": {"student": ..., "assignment": ...}}``), which the saved ``.ipynb``
keeps: the grader grades against the variant the student actually saw.
"""

from __future__ import annotations

import os

from ..errors import SymhessError
from .checking import Feedback, score_answer, to_payload
from .model import Assignment, load_assignment, reference

__all__ = ["Exercise", "exercise", "student_id", "METADATA_KEY", "ENV_STUDENT"]

#: key of the output metadata recording the id a variant was drawn for
METADATA_KEY = "symhess"
#: the environment variable the grader sets in the kernel it starts
ENV_STUDENT = "SYMHESS_STUDENT"
_ENV_ORDER = (ENV_STUDENT, "JUPYTERHUB_USER")
_asked: list[str] = []  # the id typed in this kernel, so it is asked once


class Exercise:
    def __init__(self, assignment: Assignment, student: str):
        self.assignment, self.student = assignment, student

    @property
    def params(self) -> dict:
        """This student's numbers shared by the questions (the ``[params]`` table)."""
        return self.assignment.shared_variant(self.student)

    def prompts(self) -> list[str]:
        a = self.assignment
        return [f"**{q.id}** ({q.points:g} pt) — {q.text(a.variant(q, self.student))} "
                f"Store your answer in `{q.variable}`." for q in a.questions]

    def __str__(self) -> str:
        return f"{self.assignment.title} — student {self.student}\n\n" + "\n\n".join(
            self.prompts())

    def _repr_markdown_(self) -> str:
        return (f"### {self.assignment.title}\n\n*Questions drawn for student "
                f"`{self.student}`.*\n\n" + "\n\n".join(self.prompts()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/markdown": self._repr_markdown_(), "text/plain": str(self)}
        return data, {METADATA_KEY: self.record()}

    def record(self) -> dict:
        """What the saved notebook keeps about this variant."""
        return {"student": self.student, "assignment": self.assignment.name}

    def check(self, qid: str, answer) -> Feedback:
        q = self.assignment.question(qid)
        ref = reference(self.assignment, q, self.student)
        payload = None if answer is None else to_payload(answer)  # None: the stub, unanswered
        return score_answer(q, ref, payload, self.assignment.variables,
                            reveal=self.assignment.reveal)


def student_id(student: str | None = None, *, ask=input) -> str:
    """The id to draw the variant for: argument, environment, or asked once per kernel."""
    if student is not None and str(student).strip():
        return str(student).strip()
    for name in _ENV_ORDER:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    if _asked:
        return _asked[0]
    try:
        typed = str(ask("Your student id (as in the course list): ")).strip()
    except Exception as e:  # noqa: BLE001 - no stdin (a batch run): say what to do instead
        raise SymhessError(f"no student id: pass student=..., or set {ENV_STUDENT} "
                           f"({type(e).__name__} while asking)") from None
    if not typed:
        raise SymhessError("no student id was given")
    _asked.append(typed)
    return typed


def exercise(name, student: str | None = None) -> Exercise:
    """The assignment ``name`` (a folder or an installed sample's name) as ``student`` sees it."""
    return Exercise(load_assignment(name), student_id(student))
