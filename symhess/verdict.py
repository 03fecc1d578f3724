"""The vocabulary of second-order verdicts: one enum per decision, never string literals.

A verdict's *value* is the word the JSON contract uses (``"min"``, ``"saddle"``, ...), so
``Verdict.MIN.value == "min"`` and ``Verdict("saddle") is Verdict.SADDLE``.

>>> Verdict("min").value, Verdict.SADDLE.describe(strict=None)
('min', 'saddle')
>>> Verdict.MIN.describe(strict=False)
'non-strict local minimum'
"""

from __future__ import annotations

import enum


class Verdict(enum.StrEnum):
    """Type of a stationary point: what the second-order analysis could show."""

    MIN = "min"
    MAX = "max"
    SADDLE = "saddle"
    UNDETERMINED = "undetermined"

    def __repr__(self) -> str:  # a verdict reads as its JSON word, in doctests and reports
        return repr(self.value)

    def describe(self, strict: bool | None) -> str:
        """Words for a student: ``'strict local minimum'``, ``'saddle'``, ..."""
        if self is Verdict.SADDLE or self is Verdict.UNDETERMINED:
            return self.value
        noun = "local minimum" if self is Verdict.MIN else "local maximum"
        if strict is None:
            return noun
        return ("strict " if strict else "non-strict ") + noun


class Definiteness(enum.StrEnum):
    """The five kinds of a symmetric matrix, plus what exact arithmetic could not decide."""

    POSITIVE_DEFINITE = "positive definite"
    POSITIVE_SEMIDEFINITE = "positive semidefinite"
    NEGATIVE_DEFINITE = "negative definite"
    NEGATIVE_SEMIDEFINITE = "negative semidefinite"
    INDEFINITE = "indefinite"
    UNDETERMINED = "undetermined"

    def __repr__(self) -> str:
        return repr(self.value)
