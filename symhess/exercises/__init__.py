"""Auto-checked exercises: assignments as data, references computed by symhess, equivalence.

``exercise(name, student=...)`` is the notebook API; :func:`load_assignment`,
:func:`reference` and :func:`score_answer` are what the grader uses.
"""

from .checking import Feedback, equal_answer, score_answer, to_payload
from .equivalence import equal_exprs, false_accept_bound
from .model import Assignment, Question, find_assignment, load_assignment, reference
from .notebook import Exercise, exercise

__all__ = ["Assignment", "Question", "Feedback", "Exercise", "exercise", "load_assignment",
           "find_assignment", "reference", "score_answer", "equal_answer", "to_payload",
           "equal_exprs", "false_accept_bound"]
