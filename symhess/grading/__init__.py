"""The grader: notebooks run in fresh limited kernels, answers leave them only as strings and
are re-read by the safe parser and scored in the grader's process.
"""

from .execute import Execution, Limits, run_notebook
from .grade import Summary, grade_all, grade_notebook, report

__all__ = ["Limits", "Execution", "run_notebook", "grade_notebook", "grade_all", "Summary",
           "report"]
