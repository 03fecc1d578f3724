"""Scoring one answer: the payload (strings only) read by the safe parser, compared with the
reference by mathematical equivalence, then with each declared common mistake.

An answer travels as a *payload*: nested lists of strings made by :func:`to_payload` (in the
student's kernel or notebook).  Nothing else of the student's object is ever used.

>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> M = sp.Matrix([[2*y, 2*x], [2*x, 0]])
>>> to_payload(M)
[['2*y', '2*x'], ['2*x', '0']]
>>> equal_answer("matrix", [["2*y", "x*2"], ["2x", "0"]], M, [x, y])
True
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import SymhessError
from ..parsing import parse_condition, parse_expr
from .equivalence import equal_exprs, same_set
from .explain import UnknownWord, explain, type_word

__all__ = ["Feedback", "to_payload", "equal_answer", "score_answer", "mistaken_reference",
           "DEFINITENESS_NAMES", "MISTAKE_TRANSFORMS"]

DEFINITENESS_NAMES = ("positive definite", "positive semidefinite", "negative definite",
                      "negative semidefinite", "indefinite")

_ALGEBRAIC = ("expression", "number", "vector", "matrix")
#: mistake transform -> (keys it needs, answer kinds it applies to)
MISTAKE_TRANSFORMS = {
    "transpose": ((), ("matrix",)),
    "negate": ((), _ALGEBRAIC),
    "scale": (("factor",), _ALGEBRAIC),
    "scale_entry": (("entry", "factor"), ("matrix",)),
    "swap_types": ((), ("critical_points",)),
    "value": (("value",), ("definiteness", "choice")),
}


@dataclass
class Feedback:
    score: float
    max_score: float
    message: str

    def __str__(self) -> str:
        return f"{self.message} ({self.score:g}/{self.max_score:g})"


def to_payload(obj):
    """A student's value as nested lists of strings (matrices by rows, dicts as pairs)."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, sp.MatrixBase):
        return [[str(v) for v in obj.row(i)] for i in range(obj.rows)]
    if isinstance(obj, dict):
        return [[to_payload(k), to_payload(v)] for k, v in obj.items()]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_payload(v) for v in obj]
    return str(obj)


def _flat(payload) -> list:
    if isinstance(payload, str):
        return [payload]
    out = []
    for p in payload:
        out.extend(_flat(p))
    return out


def _point_types(payload, xs):
    """[(point, type), ...] read from ``[[coords, type], ...]`` or a dict point -> type."""
    pairs = []
    for item in payload:
        coords, kind = item
        coords = coords if isinstance(coords, list) else [coords]
        pairs.append((tuple(parse_expr(c, variables=xs) for c in coords), type_word(kind)))
    return pairs


def _ref_type(t) -> str:
    try:
        return type_word(t)
    except UnknownWord:
        return str(t)


_DEFINITENESS_SHORT = {"pd": "positive definite", "psd": "positive semidefinite",
                       "nd": "negative definite", "nsd": "negative semidefinite"}


def _definiteness_word(text) -> str:
    word = _norm(text).replace("semi definite", "semidefinite")
    word = _DEFINITENESS_SHORT.get(word, word)
    if word not in DEFINITENESS_NAMES:
        raise UnknownWord(f"{str(text)!r} is not a kind of definiteness; write one of: "
                          + ", ".join(DEFINITENESS_NAMES))
    return word


def _norm(text: str) -> str:
    return " ".join(str(text).lower().replace("-", " ").replace("_", " ").split())


def _read(kind, payload, xs, parameter=None):
    """Student payload -> SymPy (or normalised text) by the safe parser; raises on bad input."""
    if kind in ("expression", "number"):
        return parse_expr(_flat(payload)[0] if not isinstance(payload, str) else payload,
                          variables=xs)
    if kind == "vector":
        return sp.ImmutableMatrix([parse_expr(t, variables=xs) for t in _flat(payload)])
    if kind == "matrix":
        if isinstance(payload, str) or not all(isinstance(r, list) for r in payload):
            raise ValueError("a matrix is a list of rows")
        return sp.ImmutableMatrix([[parse_expr(t, variables=xs) for t in r] for r in payload])
    if kind == "critical_points":
        return _point_types(payload, xs)
    if kind == "inequality":
        return parse_condition(payload if isinstance(payload, str) else _flat(payload)[0],
                               variables=[parameter] if parameter is not None else None)
    if kind == "definiteness":
        return _definiteness_word(payload if isinstance(payload, str)
                                  else " ".join(_flat(payload)))
    return _norm(payload if isinstance(payload, str) else " ".join(_flat(payload)))


def _same(kind, student, ref, *, tolerance=0.0, parameter=None) -> bool:
    if kind == "expression":
        return equal_exprs(student, ref)
    if kind == "number":
        if tolerance:
            return abs(sp.N(student - ref, 30)) <= tolerance
        return equal_exprs(student, ref)
    if kind in ("vector", "matrix"):
        ref = sp.ImmutableMatrix(ref)
        if student.shape != ref.shape:
            return False
        return all(equal_exprs(a, b) for a, b in zip(student, ref, strict=True))
    if kind == "critical_points":
        if len(student) != len(ref):
            return False
        left = list(ref)
        for point, typ in student:
            match = next((r for r in left if _ref_type(r[1]) == typ and len(r[0]) == len(point)
                          and all(equal_exprs(a, b) for a, b in zip(point, r[0], strict=True))),
                         None)
            if match is None:
                return False
            left.remove(match)
        return True
    if kind == "inequality":
        p = parameter if parameter is not None else next(iter(
            getattr(ref, "free_symbols", set()) | student.free_symbols), sp.Symbol("a"))
        return same_set(str(student), ref, p)
    return student == _norm(ref)


def mistaken_reference(kind, ref, mistake: dict):
    """The answer a declared mistake would produce, from the true reference."""
    how = mistake["transform"]
    if how == "transpose":
        return sp.ImmutableMatrix(ref).T
    if how == "negate":
        return -sp.ImmutableMatrix(ref) if kind in ("vector", "matrix") else -ref
    if how == "scale":
        factor = parse_expr(str(mistake["factor"]))
        return (sp.ImmutableMatrix(ref) * factor) if kind in ("vector", "matrix") else ref * factor
    if how == "scale_entry":
        M = sp.Matrix(ref)
        i, j = mistake["entry"]
        M[i, j] = M[i, j] * parse_expr(str(mistake["factor"]))
        return sp.ImmutableMatrix(M)
    if how == "swap_types":
        a, b = mistake.get("swap", ["min", "max"])
        swap = {a: b, b: a}
        return [(p, swap.get(t, t)) for p, t in ref]
    if how == "value":
        return _norm(mistake["value"])
    raise ValueError(f"unknown mistake transform {how!r}")


def equal_answer(kind, payload, ref, xs, **options) -> bool:
    """True when the payload is mathematically the reference (bad input is simply False)."""
    try:
        return _same(kind, _read(kind, payload, xs, options.get("parameter")), ref, **options)
    except (SymhessError, ValueError, TypeError, IndexError):
        return False


def score_answer(question, ref, payload, xs, *, reveal: bool = False) -> Feedback:
    """Full marks, a declared mistake's partial credit with its feedback, or zero."""
    pts = question.points
    if payload is None:
        return Feedback(0.0, pts, f"no answer: the variable `{question.variable}` is not defined")
    options = {}
    if question.kind == "number":
        options["tolerance"] = float(question.data.get("tolerance", 0))
    if question.kind == "inequality":
        options["parameter"] = sp.Symbol(question.data.get("parameter", "a"))
    try:
        student = _read(question.kind, payload, xs, options.get("parameter"))
    except UnknownWord as e:
        return Feedback(0.0, pts, f"not recognised: {e}")
    except (SymhessError, ValueError, TypeError, IndexError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return Feedback(0.0, pts, f"could not read the answer as a {question.kind}: {first}")
    if _same(question.kind, student, ref, **options):
        return Feedback(pts, pts, "correct")
    for m in question.mistakes:
        try:
            wrong = mistaken_reference(question.kind, ref, m)
            hit = _same(question.kind, student, wrong, **options)
        except (SymhessError, ValueError, TypeError, IndexError):
            hit = False
        if hit:
            credit = round(pts * float(m.get("credit", 0)), 6)
            return Feedback(credit, pts, m["feedback"])
    if question.kind == "critical_points":
        ref = [(p, _ref_type(t)) for p, t in ref]
    reveal = reveal or getattr(question, "reveal", False)
    return Feedback(0.0, pts, explain(question.kind, student, ref, reveal=reveal,
                                      parameter=options.get("parameter")))
