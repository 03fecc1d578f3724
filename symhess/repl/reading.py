"""How the calculator reads the names in a line before the parser sees it.

The parser reads a run of letters such as ``xy`` as a product of letters, the way a blackboard
does.  At a prompt that turns ordinary words into silent wrong answers (``eigenvalues`` would be
e³·a·g·i·l·n·s·u·v), so the calculator splits a run only into *names in play*: names defined in
the session, the variables of those definitions, declared variables, and names that stand alone
elsewhere in the same line.  Any other run is an error that suggests what was probably meant.

>>> split_runs("x^3 - 3xy + y^3", in_play=set())
[('xy', ('x', 'y'))]
>>> split_runs("eigenvalues [[2,1],[1,2]]", in_play=set(), suggestions=["eigen", "hessian"])
Traceback (most recent call last):
...
symhess.errors.ParseError: unknown name 'eigenvalues': did you mean 'eigen'?
  eigenvalues [[2,1],[1,2]]
  ^
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from ..errors import ParseError
from ..parsing import FUNCTIONS, GREEK, name_pieces

__all__ = ["runs", "split_runs", "standalone_names", "CONSTANTS"]

#: Names the parser reads as numbers: ``pi`` and Euler's ``e`` (unless declared a variable).
CONSTANTS = frozenset({"pi", "e", "E"})

# A number (as the parser reads one, so the ``e`` of ``1e-3`` is not a name) or a name.
_TOKEN = re.compile(r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
                    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)")
# One letter with a subscript: x1, x_1, x_ab.
_SUBSCRIPTED = re.compile(r"[A-Za-z](?:_[A-Za-z0-9]+|[0-9]+)")


def runs(text: str) -> Iterator[tuple[str, int, bool]]:
    """``(name, column, called)`` for each run of letters and digits that starts with a letter;
    ``called`` says a ``(`` or ``^`` follows (as in ``sin(x)``, ``sin^2(x)``)."""
    for m in _TOKEN.finditer(text):
        if m.group("name"):
            after = text[m.end():].lstrip(" \t")
            yield m.group("name"), m.start() + 1, after[:1] in ("(", "^")


def _whole(word: str) -> bool:
    """Whether the parser keeps ``word`` whole without being told: one letter, a subscripted
    letter, a Greek letter's name."""
    return len(word) == 1 or bool(_SUBSCRIPTED.fullmatch(word)) or word in GREEK


def standalone_names(text: str) -> set[str]:
    """The variable names written on their own in ``text`` (``x`` in ``x + xy``)."""
    return {w for w, _, called in runs(text) if _whole(w) and not (called and w in FUNCTIONS)}


def split_runs(text: str, *, in_play: set[str], declared: Iterable[str] = (),
               suggestions: Iterable[str] = ()) -> list[tuple[str, tuple[str, ...]]]:
    """The runs of ``text`` that stand for products, as ``(run, pieces)``; a run that is not a
    name and cannot be cut into names in play raises :class:`ParseError` at the run, with the
    closest of ``suggestions`` (command and defined names) when one is close."""
    known = set(in_play) | set(declared) | standalone_names(text)
    split = []
    for word, column, called in runs(text):
        if word in known or _whole(word) or word in CONSTANTS or (called and word in FUNCTIONS):
            continue
        if word in FUNCTIONS:
            continue  # the parser says how to call a function
        try:
            pieces = name_pieces(word, known, called=called)
        except ParseError as exc:  # a function name inside the run, said by the parser
            raise ParseError(exc.message, text, column) from None
        strangers = [p for p in pieces if p not in known and p not in CONSTANTS
                     and not (p in FUNCTIONS and p is pieces[-1] and called)]
        if strangers and called and word not in known:
            raise ParseError(f"unknown function {word!r}: expected one of "
                             f"{', '.join(sorted(FUNCTIONS))}, or a function defined first "
                             f"with  {word}(x, y) = ...", text, column)
        if strangers:
            raise ParseError(_unknown(word, strangers, suggestions), text, column)
        split.append((word, tuple(pieces)))
    return split


def _unknown(word: str, strangers: list[str], suggestions: Iterable[str]) -> str:
    suggestions = list(suggestions)
    if word in suggestions:
        return f"{word!r} is a command: expected it first on the line, as in  {word} f"
    close = difflib.get_close_matches(word, suggestions, n=1, cutoff=0.6)
    if close:
        return f"unknown name {word!r}: did you mean {close[0]!r}?"
    expected = "expected a command (help lists them), a defined name or a function such as sin(...)"
    if len(word) > 4:
        return f"unknown name {word!r}: {expected}"
    letters = "*".join(word)
    names = ", ".join(dict.fromkeys(c for c in word if c.isalpha()))
    return (f"unknown name {word!r}: {expected}; for a product write {letters} (or declare "
            f"the letters with  vars {names}  to write them together)")
