"""Feedback that teaches: what is wrong in a wrong answer, in the student's terms.

Which critical point is missing or extra, at which point the type is wrong, which side of an
inequality is missing, which entries of a matrix are off, by what factor an expression is off.
The reference itself is named only when the assignment says ``reveal = true``.

>>> import sympy as sp
>>> a = sp.Symbol("a")
>>> "missing its lower side" in explain("inequality", a < 3, (a > 1) & (a < 3), parameter=a)
True
>>> explain("matrix", sp.Matrix([[2, 1], [1, 0]]), sp.Matrix([[2, 2], [2, 0]]))
'not correct: entries (1, 2) and (2, 1) are not right (row, column)'
"""

from __future__ import annotations

import sympy as sp

from .equivalence import _as_set, equal_exprs

__all__ = ["explain", "TYPE_WORDS", "type_word", "UnknownWord"]

#: accepted words for each type of a critical point (any case, hyphens and underscores
#: read as spaces)
TYPE_WORDS = {
    "min": ("min", "minimum", "local min", "local minimum", "relative min", "relative minimum",
            "strict local min", "strict local minimum", "strict min", "minimizer",
            "local minimizer"),
    "max": ("max", "maximum", "local max", "local maximum", "relative max", "relative maximum",
            "strict local max", "strict local maximum", "strict max", "maximizer",
            "local maximizer"),
    "saddle": ("saddle", "saddle point", "saddlepoint"),
    "undetermined": ("undetermined", "degenerate", "inconclusive"),
}
_WORD = {w: t for t, words in TYPE_WORDS.items() for w in words}


class UnknownWord(ValueError):
    """A type name the grader does not know, with the accepted words."""


def _plain(text) -> str:
    return " ".join(str(text).lower().replace("-", " ").replace("_", " ").split())


def type_word(text) -> str:
    """``"Local Min"`` -> ``"min"``; an unknown word raises :class:`UnknownWord`."""
    word = _plain(text)
    if word in _WORD:
        return _WORD[word]
    accepted = "; ".join(f"{t} ({', '.join(w[1:3])})" if len(w) > 2 else t
                         for t, w in TYPE_WORDS.items())
    raise UnknownWord(f"{str(text)!r} is not a type the grader knows; write one of: {accepted}")


def _show_point(p) -> str:
    return "(" + ", ".join(str(c) for c in p) + ")"


def _same_point(p, q) -> bool:
    return len(p) == len(q) and all(equal_exprs(a, b) for a, b in zip(p, q, strict=True))


def _points(student, ref, reveal: bool) -> str:
    says = []
    left = list(ref)
    seen = []
    for point, typ in student:
        if any(_same_point(point, s) for s in seen):
            says.append(f"{_show_point(point)} is listed twice")
            continue
        seen.append(point)
        match = next((r for r in left if _same_point(point, r[0])), None)
        if match is None:
            says.append(f"{_show_point(point)} is not a critical point (the gradient is not "
                        "zero there)")
            continue
        left.remove(match)
        if typ != match[1]:
            says.append(f"at {_show_point(point)} the type is not {typ}"
                        + (f": it is a {match[1]}" if reveal else
                           " (look at the definiteness of the Hessian there)"))
    if left:
        if reveal:
            says.append("missing: " + ", ".join(f"{_show_point(p)} ({t})" for p, t in left))
        else:
            n = len(left)
            says.append(f"{n} critical point{'s are' if n > 1 else ' is'} missing "
                        "(solve ∇f = 0 completely)")
    return "; ".join(says)


def _entries(student, ref, kind) -> str:
    ref = sp.ImmutableMatrix(ref)
    if student.shape != ref.shape:
        shape = (f"{ref.rows} entries" if kind == "vector"
                 else f"a {ref.rows}×{ref.cols} matrix")
        got = (f"{student.rows * student.cols}" if kind == "vector"
               else f"{student.rows}×{student.cols}")
        return f"expected {shape}; yours has {'size ' if kind == 'vector' else ''}{got}"
    if ref.is_square and ref.rows > 1 and ref != ref.T and all(
            equal_exprs(a, b) for a, b in zip(student, ref.T, strict=True)):
        return "this is the transpose of the right matrix"
    wrong = [(i, j) for i in range(ref.rows) for j in range(ref.cols)
             if not equal_exprs(student[i, j], ref[i, j])]
    if len(wrong) == len(ref) and all(equal_exprs(student[i, j], -ref[i, j])
                                      for i, j in wrong):
        return "every entry has the wrong sign"
    if kind == "vector" or ref.cols == 1:
        names = [str(i + 1) for i, _ in wrong]
        return f"entr{'ies' if len(names) > 1 else 'y'} {_and(names)} {_are(names)} not right"
    names = [f"({i + 1}, {j + 1})" for i, j in wrong]
    return (f"entr{'ies' if len(names) > 1 else 'y'} {_and(names)} {_are(names)} not right "
            "(row, column)")


def _and(items) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _are(items) -> str:
    return "are" if len(items) > 1 else "is"


def _factor(student, ref) -> str:
    try:
        if ref == 0 or student == 0:
            return ""
        k = sp.nsimplify(sp.simplify(student / ref))
    except (TypeError, ValueError, ZeroDivisionError):
        return ""
    if k.is_Rational and k != 1:
        return ("the sign is wrong" if k == -1
                else f"your answer is {k} times the right one (a factor is off)")
    return ""


def _interval(s):
    return s if isinstance(s, sp.Interval) else None


def _sides(student_set, ref_set, p) -> str:
    a, b = _interval(student_set), _interval(ref_set)
    if a is None or b is None:
        return ""
    says = []
    for side, mine, right, open_mine, open_right, unbounded in (
            ("lower", a.inf, b.inf, a.left_open, b.left_open, sp.S.NegativeInfinity),
            ("upper", a.sup, b.sup, a.right_open, b.right_open, sp.S.Infinity)):
        if mine == right:
            if open_mine != open_right and mine.is_finite:
                says.append(f"the {side} end {'should' if not open_right else 'should not'} "
                            "be included (strict or non-strict inequality)")
            continue
        if mine == unbounded:
            below = "below" if side == "lower" else "above"
            says.append(f"your condition is missing its {side} side: it also allows values of "
                        f"{p} {below} the right range")
        elif right == unbounded:
            article = "an" if side == "upper" else "a"
            says.append(f"your condition has {article} {side} bound where there should be none")
        else:
            says.append(f"the {side} bound is not right")
    return "; ".join(says)


def _inequality(student, ref, p) -> str:
    mine, right = _as_set(student, p), _as_set(ref, p)
    sides = _sides(mine, right, p)
    if sides:
        return sides
    if mine.is_subset(right):
        return "your condition is too strict: it leaves out values that work"
    if right.is_subset(mine):
        return "your condition is too weak: it allows values that do not work"
    return "your condition describes a different set of values"


def explain(kind, student, ref, *, reveal: bool = False, parameter=None) -> str:
    """What is wrong with ``student`` (already read, not equal to ``ref``), in words."""
    try:
        if kind == "critical_points":
            said = _points(student, ref, reveal)
        elif kind in ("vector", "matrix"):
            said = _entries(student, ref, kind)
        elif kind in ("expression", "number"):
            said = _factor(student, ref)
        elif kind == "inequality":
            said = _inequality(student, ref, parameter or sp.Symbol("a"))
        else:
            said = ""
    except Exception:  # noqa: BLE001 - feedback is best effort; the score stands without it
        said = ""
    text = f"not correct: {said}" if said else "not correct"
    if reveal and kind != "critical_points":
        text += f" (the answer is {_reference_text(ref)})"
    return text


def _reference_text(ref) -> str:
    if isinstance(ref, sp.MatrixBase):
        rows = ref.tolist()
        return str([r[0] for r in rows]) if ref.cols == 1 else str(rows)
    return str(ref)
