"""Measuring errors without printing million-digit numbers: correct digits from the binary
exponent of the error, the precision schedule's constants, one iterate."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
from mpmath import mpf
from mpmath.libmp import mpf_sub

#: The largest number of digits accepted (10⁷ digits of √2 take a few seconds).
MAX_DIGITS = 10_000_000


#: Extra bits carried above what a step needs, so rounding never eats a correct digit.
GUARD = 32


#: Precision of the first steps, before the iterate has any correct bits to double.
FLOOR = 64


LOG2_10 = math.log2(10)


def _log2abs(v: mpf) -> float:
    """log2|v| from the mantissa's leading bits and the exponent (``-inf`` for zero)."""
    sign, man, exp, bc = v._mpf_
    if not man:
        return -math.inf
    shift = max(bc - 53, 0)
    return math.log2(man >> shift) + exp + shift


def _error_log2(x, ref) -> float:
    """log2 of the exact relative error ``|x - ref| / |ref|`` (absolute when ``ref`` is 0).

    Vectors use the largest component error over the largest reference component.
    """
    if isinstance(x, (tuple, list)):
        err = max(_log2abs(mpf(mpf_sub(a._mpf_, b._mpf_))) for a, b in zip(x, ref, strict=True))
        size = max(_log2abs(b) for b in ref)
    else:
        err = _log2abs(mpf(mpf_sub(x._mpf_, ref._mpf_)))  # exact difference: O(n), no rounding
        size = _log2abs(ref)
    return err - size if size > -math.inf else err


def correct_digits(x, ref, cap: int | None = None) -> int:
    """Correct significant decimal digits of ``x`` as an approximation of ``ref``:
    ``floor(-log10(|x - ref| / |ref|))``, at least 0, at most ``cap``.

    >>> from mpmath import mpf
    >>> correct_digits(mpf("1.4142"), mpf(2).sqrt())
    5
    >>> correct_digits(mpf(3), mpf(3), cap=50)
    50
    """
    e = _error_log2(x, ref)
    d = cap if e == -math.inf else max(0, math.floor(-e / LOG2_10))
    if d is None:
        raise ValueError("x equals ref exactly: give cap, the number of digits wanted")
    return d if cap is None else min(d, cap)


def _bits(dx: mpf, x: mpf) -> float:
    """How many leading bits a step of size ``dx`` leaves unchanged in ``x``."""
    if not dx:
        return math.inf
    return _log2abs(x) - _log2abs(dx) if x else -_log2abs(dx)


def _clamp(p: float, high: int) -> int:
    return int(min(max(math.ceil(p), FLOOR), high))


@dataclass(frozen=True)
class _Iterate:
    x: mpf | tuple
    prec: int
    bits: float  # the method's own estimate of the correct bits of x


def _show(x) -> str:
    if isinstance(x, tuple):
        return "(" + ", ".join(mpmath.nstr(v, 10) for v in x) + ")"
    return mpmath.nstr(x, 20)
