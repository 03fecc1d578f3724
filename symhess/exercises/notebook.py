"""In a notebook: ``ex = exercise("hessian-basics", student="ada")`` shows the questions and
``ex.check("q1", q1)`` gives immediate feedback.  This is advisory: the grade is the grader's,
computed again outside the student's kernel.
"""

from __future__ import annotations

from .checking import Feedback, score_answer, to_payload
from .model import Assignment, load_assignment, reference

__all__ = ["Exercise", "exercise"]


class Exercise:
    def __init__(self, assignment: Assignment, student: str):
        self.assignment, self.student = assignment, student

    def prompts(self) -> list[str]:
        a = self.assignment
        return [f"**{q.id}** ({q.points:g} pt) — {q.text(q.variant(a.seed, self.student))} "
                f"Store your answer in `{q.variable}`." for q in a.questions]

    def __str__(self) -> str:
        return f"{self.assignment.title} — student {self.student}\n\n" + "\n\n".join(
            self.prompts())

    def _repr_markdown_(self) -> str:
        return f"### {self.assignment.title}\n\n" + "\n\n".join(self.prompts())

    def check(self, qid: str, answer) -> Feedback:
        q = self.assignment.question(qid)
        ref = reference(self.assignment, q, self.student)
        return score_answer(q, ref, to_payload(answer), self.assignment.variables)


def exercise(name, student: str) -> Exercise:
    """The assignment ``name`` (``exercises/<name>``) as seen by ``student``."""
    return Exercise(load_assignment(name), str(student))
