"""The grader: notebooks run in fresh limited kernels, each in its own OS sandbox; answers leave
them only as strings and are re-read by the safe parser and scored in the grader, under a
per-answer budget.
"""

from .execute import Execution, Limits, Submission, run_notebook, run_submission
from .grade import NotebookGrade, Summary, grade_all, grade_notebook, report
from .sandbox import Isolation, SandboxUnavailable, probe

__all__ = ["Limits", "Execution", "Submission", "run_notebook", "run_submission",
           "grade_notebook", "NotebookGrade", "grade_all", "Summary", "report", "Isolation",
           "SandboxUnavailable", "probe"]
