"""One error hierarchy for symhess.

Every error a user can cause derives from :class:`SymhessError` *and* from the built-in
exception that matches it, so ``except ValueError`` keeps working for callers who do not know
symhess.  Library code raises; only the shells (CLI, REPL, grader) turn errors into exit codes.
"""

from __future__ import annotations

__all__ = [
    "SymhessError",
    "ParseError",
    "DimensionError",
    "NotSquareError",
    "NotSymmetricError",
    "BudgetExceeded",
    "BackendError",
    "ConvergenceError",
    "UndeterminedError",
    "exit_code",
]


class SymhessError(Exception):
    """Root of every error symhess raises on purpose."""


class ParseError(SymhessError, ValueError):
    """Text that is not a formula of the accepted grammar.

    Carries the offending ``text`` and the 1-based ``column`` where reading stopped, and
    renders a caret line under the problem::

        unexpected '^' at column 3
          x^^2
            ^
    """

    def __init__(self, message: str, text: str = "", column: int | None = None):
        self.message = message
        self.text = text
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        if self.column is None or not self.text or "\n" in self.text:
            return self.message
        return f"{self.message}\n  {self.text}\n  {' ' * (self.column - 1)}^"

    def __reduce__(self):
        return (type(self), (self.message, self.text, self.column))


class DimensionError(SymhessError, ValueError):
    """Shapes that do not fit: a point of the wrong length, a non-square matrix, ..."""


class NotSquareError(DimensionError):
    """A square matrix was needed."""


class NotSymmetricError(SymhessError, ValueError):
    """A symmetric matrix was needed (Hessians are symmetric by Clairaut/Schwarz)."""


class BudgetExceeded(SymhessError, TimeoutError):
    """A computation ran past its time budget and was interrupted.

    ``partial`` holds whatever was found before the budget ran out (or ``None``).
    """

    def __init__(self, message: str, seconds: float | None = None, partial=None):
        self.seconds = seconds
        self.partial = partial
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (str(self), self.seconds, self.partial))


class BackendError(SymhessError, TypeError):
    """Numbers from two arithmetics mixed, or a backend asked for what it cannot do."""


class ConvergenceError(SymhessError, RuntimeError):
    """An iteration that was required to converge did not; ``result`` is the partial result."""

    def __init__(self, message: str, result=None):
        self.result = result
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (str(self), self.result))


class OptionError(SymhessError, ValueError):
    """A missing, unknown or out-of-range option (a method's step size, a memory length...)."""


class UndeterminedError(SymhessError, ArithmeticError):
    """A sign or a comparison could not be decided exactly; ``reason`` says why."""

    def __init__(self, message: str, reason: str = ""):
        self.reason = reason or message
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (str(self), self.reason))


#: Exit codes of the command-line shells.
EXIT_OK, EXIT_BAD_INPUT, EXIT_BUDGET = 0, 2, 3


def exit_code(error: BaseException) -> int:
    """The CLI exit code for an error: 3 for an exhausted budget, 2 for any other user error."""
    if isinstance(error, BudgetExceeded):
        return EXIT_BUDGET
    return EXIT_BAD_INPUT
