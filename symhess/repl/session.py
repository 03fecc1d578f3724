"""The calculator without a terminal: :class:`Session` reads one command and returns a
:class:`Reply`, so it is tested like a function."""

from __future__ import annotations

import difflib
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from ..budget import DEFAULT_SECONDS, interrupt_budgets, time_budget
from ..errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    BudgetExceeded,
    ParseError,
    SymhessError,
    exit_code,
)
from ..parsing import FUNCTIONS, parse_expr, parse_matrix, parse_point, parse_variables
from ..rendering import coordinate_latex, coordinate_text, latex_text, showing_everything
from ..results import latex, pretty
from .commands import ALIASES, COMMANDS, INPUT_HELP, KEYWORDS, SYNONYMS
from .reading import split_runs, standalone_names

__all__ = ["Session", "Reply", "EXIT_INTERRUPTED", "EXIT_BUG"]

#: Exit status of a command stopped by Ctrl-C (as a shell reports SIGINT).
EXIT_INTERRUPTED = 130
#: Exit status of a command that hit a bug in symhess rather than a mistake in the input.
EXIT_BUG = 1

#: Principal minors are all listed up to this size (2ⁿ − 1 of them).
ALL_MINORS_UP_TO = 4

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=(?!=)")
# ``f(x, y) = ...``: a function of named variables
_DEFINITION = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*\(([^()]*)\)\s*=(?!=)")
# ``d/dx f``, ``d/dx(f)``
_DERIVATIVE = re.compile(r"\s*d\s*/\s*d([A-Za-z][A-Za-z0-9_]*)\b")
_OF = re.compile(r"\s*of\b")
_CALL = re.compile(r"(?<![A-Za-z_])([A-Za-z][A-Za-z0-9_]*)\s*\(")
_WORD_AT_END = re.compile(r"[A-Za-z0-9_]*$")
_COLUMN = re.compile(r"\bat column (\d+)")


@dataclass(frozen=True)
class Reply:
    """What one command produced: the text to show, its LaTeX, and the result object."""

    text: str
    latex: str | None = None
    result: object = None
    status: int = EXIT_OK


@dataclass(frozen=True)
class _Arg:
    """A piece of the input line and where it starts in it (for carets under errors)."""

    text: str
    offset: int

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def split(self, keyword: str) -> tuple[_Arg, _Arg | None]:
        """``(before, after)`` around the first ``keyword`` standing alone as a word."""
        m = re.search(rf"(?:^|\s){keyword}(?:\s|$)", self.text)
        if m is None:
            return self, None
        return (_Arg(self.text[: m.start()], self.offset),
                _Arg(self.text[m.end():], self.offset + m.end()))


class _Exit(Exception):
    """Raised by the ``exit`` command; the session is over."""


class Session:
    """A calculator session: named definitions, the last result, and one command at a time.

    ``names`` is where definitions live (a plain dict by default; the IPython extension passes
    the notebook's namespace, so ``f = x^2`` in a cell is a SymPy object in Python too).  Only
    SymPy expressions and matrices in it are seen as names.  ``timeout`` is each command's time
    budget in seconds (``None``: none).  ``copy(text) -> bool`` puts text on a clipboard (the
    terminal front end passes :func:`system_clipboard`); ``show_file(path) -> bool`` opens a
    saved picture in a viewer.
    """

    def __init__(self, *, names: MutableMapping[str, object] | None = None,
                 timeout: float | None = DEFAULT_SECONDS,
                 copy: Callable[[str], bool] | None = None,
                 show_file: Callable[[Path], bool] | None = None):
        self.names = {} if names is None else names
        self.timeout = timeout
        self.copy = copy
        self.finished = False
        self.last: Reply | None = None
        self.matrix: sp.ImmutableMatrix | None = None
        #: Names declared variables with ``vars x, y``: kept whole, never substituted (a
        #: declared ``e`` is a variable, not Euler's number).
        self.declared: set[str] = set()
        #: Show long answers whole (``full on``), not cut to the size limits.
        self.full = False
        self.show_file = show_file
        self._line = ""
        self._notes: list[str] = []
        self._explained: set[str] = set()

    # -- the loop body ------------------------------------------------------------------------

    def execute(self, line: str) -> str:
        """Run one command (or definition) and return the text to show."""
        return self.run(line).text

    def run(self, line: str) -> Reply:
        """Run one command and return its :class:`Reply`.  Nothing escapes: a mistake, an
        exhausted budget, Ctrl-C and even a bug in symhess come back as a reply, so only
        ``exit`` ends a session."""
        # a backslash that continues a line is a space (same width: carets stay right)
        self._line = line = line.replace("\\\n", " \n")
        self._notes = []
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return Reply("")
        try:
            with _ctrl_c_interrupts_budgets(), showing_everything(self.full, "full on"), \
                    time_budget(self.timeout or _UNBOUNDED, self._what(stripped)):
                reply = self._dispatch(line)
        except _Exit:
            self.finished = True
            return Reply("")
        except KeyboardInterrupt:
            return Reply("interrupted", status=EXIT_INTERRUPTED)
        except BudgetExceeded as exc:
            return Reply(f"{exc}; stopped. Give it more time with: timeout "
                         f"{_more(self.timeout)}", status=exit_code(exc))
        except ParseError as exc:
            return Reply(_render_parse_error(exc), status=EXIT_BAD_INPUT)
        except (SymhessError, ValueError, TypeError, ArithmeticError, NotImplementedError) as exc:
            return Reply(f"error: {exc}", status=exit_code(exc))
        except Exception as exc:  # a bug in symhess must not end the session either
            return Reply(f"internal error ({type(exc).__name__}: {exc}); please report it",
                         status=EXIT_BUG)
        if reply.latex is not None:
            self.last = reply
        # the pretty printer pads lines with spaces; a terminal needs none of them
        text = "\n".join(line.rstrip() for line in [*self._notes, *reply.text.splitlines()])
        return Reply(text, reply.latex, reply.result, reply.status)

    @staticmethod
    def is_complete(text: str) -> bool:
        """Whether ``text`` is a whole command: brackets closed and no trailing backslash."""
        depth = 0
        for ch in text:
            depth += ch in "([{"
            depth -= ch in ")]}"
        return depth <= 0 and not text.rstrip().endswith("\\")

    @classmethod
    def commands_in(cls, lines: Iterable[str]) -> Iterator[str]:
        """The commands in a stream of lines: a command goes on over the next lines while a
        bracket is open or a line ends in a backslash; blank lines and comments are skipped.

        >>> list(Session.commands_in(["# H:\\n", "H = [[1, 2],\\n", " [2, 1]]\\n", "minors\\n"]))
        ['H = [[1, 2],\\n [2, 1]]', 'minors']
        """
        pending = ""
        for line in lines:
            pending += line if line.endswith("\n") else line + "\n"
            if cls.is_complete(pending):
                command, pending = pending.rstrip("\n"), ""
                if command.strip() and not command.lstrip().startswith("#"):
                    yield command
        if pending.strip():
            yield pending.rstrip("\n")

    def completions(self, before_cursor: str) -> list[str]:
        """Words that complete the one before the cursor: commands first on a line, then
        defined names, function names and the keywords ``at``, ``from``, ``to``."""
        word = _WORD_AT_END.search(before_cursor).group(0)
        head = before_cursor[: len(before_cursor) - len(word)]
        first = head.split()[0] if head.split() else None
        if first is None:
            pool: Iterable[str] = [*COMMANDS, *ALIASES, *self._defined(), *FUNCTIONS]
        elif ALIASES.get(first, first) == "help":
            pool = COMMANDS
        else:
            pool = [*self._defined(), *FUNCTIONS, *KEYWORDS]
        return sorted({w for w in pool if w.startswith(word) and w != word},
                      key=lambda w: (w not in COMMANDS, w))

    # -- reading ------------------------------------------------------------------------------

    def _what(self, stripped: str) -> str:
        word = stripped.split()[0]
        name = ALIASES.get(word, word)
        return name if name in COMMANDS else "the computation"

    def _dispatch(self, line: str) -> Reply:
        m = _DEFINITION.match(line)
        if m:
            return self._define(m.group(1), _Arg(m.group(2), m.start(2)),
                                _Arg(line[m.end():], m.end()), m.start(1))
        m = _ASSIGNMENT.match(line)
        if m:
            return self._assign(m.group(1), _Arg(line[m.end():], m.end()), m.start(1))
        m = _DERIVATIVE.match(line)
        if m:
            return self._derivative(_Arg(line[m.end():], m.end()), [_Arg(m.group(1),
                                                                         m.start(1))])
        lead = len(line) - len(line.lstrip())
        word = line.split()[0]
        name = ALIASES.get(word, word)
        if name in COMMANDS and word not in self._defined():
            rest = _Arg(line[lead + len(word):], lead + len(word))
            of = _OF.match(rest.text)  # ``hessian of f``
            if of and name not in ("help", "vars", "clear"):
                rest = _Arg(rest.text[of.end():], rest.offset + of.end())
            return getattr(self, COMMANDS[name].method)(rest)
        if word in SYNONYMS and word not in self._defined():
            raise ParseError(f"unknown command {word!r}: {SYNONYMS[word]}", line, lead + 1)
        close = difflib.get_close_matches(word, [*COMMANDS, *ALIASES], n=1, cutoff=0.75)
        if close and word not in self._defined() and len(line.split()) > 1:
            raise ParseError(f"unknown command {word!r}: did you mean {close[0]!r}?",
                             line, lead + 1)
        before, at = _Arg(line, 0).split("at")
        if at is not None:  # ``f at (1, 2)``, shown as f(1, 2)
            f, xs = self._function_and_variables(before)
            point = self._point(at, xs)
            name = before.text.strip()
            label = f"{name}({', '.join(str(point[x]) for x in xs)})" \
                if _NAME.fullmatch(name) else _compact(line)
            return self._show(f.xreplace(point), label)
        value = self._value(_Arg(line, 0))
        calls = _CALL.search(line) is not None and not isinstance(value, sp.MatrixBase)
        return self._show(value, _compact(line) if calls else None)

    def _defined(self) -> dict[str, object]:
        """The names bound to SymPy expressions, matrices or functions ``f(x, y) = ...``."""
        return {k: v for k, v in list(self.names.items())
                if _NAME.fullmatch(k) and k not in COMMANDS and k not in KEYWORDS
                and k not in FUNCTIONS and k not in self.declared
                and isinstance(v, (sp.Expr, sp.MatrixBase, sp.Lambda))}

    def _in_play(self) -> set[str]:
        """Names a run of letters may be cut into: the defined names, the variables of the
        definitions, the declared variables."""
        names = set(self.declared)
        for k, v in self._defined().items():
            names.add(k)
            names.update(s.name for s in v.free_symbols)
            if isinstance(v, sp.Lambda):
                names.update(s.name for s in v.variables)
        return names

    def _checked(self, arg: _Arg, extra: Iterable[str] = ()) -> set[str]:
        """The names in play for ``arg``; a run of letters that is no name in play is an
        error, and a product read from one (``xy`` as x·y) is said once a session."""
        in_play = self._in_play() | set(extra)
        suggestions = [*COMMANDS, *ALIASES, *self._defined(), *FUNCTIONS]
        try:
            split = split_runs(arg.text, in_play=in_play, suggestions=suggestions)
        except ParseError as exc:
            raise _relocated(exc, arg, self._line) from None
        for word, pieces in split:
            if word not in self._explained:
                self._explained.add(word)
                self._notes.append(f"(reading {word} as {'·'.join(pieces)})")
        return in_play

    def _read(self, reader, arg: _Arg, **options):
        """``reader(arg.text)``, with a parse error's column moved to the whole line."""
        try:
            return reader(arg.text, **options)
        except ParseError as exc:
            raise _relocated(exc, arg, self._line) from None

    def _value(self, arg: _Arg, extra: Iterable[str] = ()):
        """An expression or a matrix, with the defined names replaced by their values and
        calls ``f(1, 2)`` of defined functions by the function's value there; ``extra``:
        names in play besides the session's (a definition's own variables)."""
        if not arg:
            raise ParseError("something is missing here: expected an expression",
                             self._line, arg.offset + 1)
        defined = self._defined()
        arg, calls = self._calls(arg, defined)
        in_play = self._checked(arg, [*extra, *calls])
        names = sorted(n for n in in_play | standalone_names(arg.text) if len(n) > 1
                       or n in self.declared or n in calls)
        text = arg.text.strip()
        if text.startswith("[") or ";" in text:
            value = self._read(parse_matrix, arg, variables=names)
        elif "\n" in text:  # rows on lines (``1 2 \`` then ``2 1``), or a long expression
            try:
                value = self._read(parse_expr, arg, variables=names)
            except ParseError as as_expression:
                try:
                    value = self._read(parse_matrix, arg, variables=names)
                except ParseError:
                    raise as_expression from None
        else:
            value = self._read(parse_expr, arg, variables=names)
        used = {s.name for s in value.free_symbols} & defined.keys()
        matrices = [n for n in used if isinstance(defined[n], sp.MatrixBase)]
        if matrices:
            if isinstance(value, sp.Symbol):
                return defined[value.name]
            raise ParseError(f"{matrices[0]} is a matrix; use it on its own",
                             self._line, arg.offset + 1)
        for n in sorted(used):
            if not isinstance(defined[n], sp.Lambda) and n not in self._explained \
                    and defined[n].is_number:
                self._explained.add(n)
                self._notes.append(f"(using {n} = {defined[n]}; clear {n} to make {n} a "
                                   "variable again)")
        subs = {sp.Symbol(n): _body(defined[n]) for n in used}
        subs.update({sp.Symbol(n): v for n, v in calls.items()})
        return value.xreplace(subs)

    def _calls(self, arg: _Arg, defined: dict) -> tuple[_Arg, dict[str, sp.Expr]]:
        """``arg`` with each call ``f(1, 2)`` of a defined function replaced by a fresh name
        padded to the same width (columns in errors stay right), and each name's value."""
        text, values = arg.text, {}
        taken = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)) | set(defined)
        fresh = (f"{c}{i}" for i in range(10**6) for c in "QZ" if f"{c}{i}" not in taken)
        for m in list(_CALL.finditer(text)):
            f = defined.get(m.group(1))
            if not isinstance(f, sp.Lambda) or text[m.start()] == " ":
                continue
            end = _closing(text, m.end() - 1)
            if end is None:
                raise ParseError(f"the bracket opened at column {arg.offset + m.end()} is "
                                 "never closed: expected ')'", self._line, arg.offset + m.end())
            args = [self._function(a) for a in _top_level_split(
                _Arg(text[m.end():end], arg.offset + m.end()))]
            if len(args) != len(f.variables):
                raise ParseError(f"{m.group(1)} takes {len(f.variables)} argument(s) "
                                 f"({', '.join(map(str, f.variables))}), got {len(args)}",
                                 self._line, arg.offset + m.start() + 1)
            name = next(fresh)
            values[name] = f.expr.xreplace(dict(zip(f.variables, args, strict=True)))
            text = text[:m.start()] + name.ljust(end + 1 - m.start()) + text[end + 1:]
        return _Arg(text, arg.offset), values

    def _function(self, arg: _Arg, extra: Iterable[str] = ()) -> sp.Expr:
        value = self._value(arg, extra)
        if isinstance(value, sp.MatrixBase):
            raise ParseError("this needs a function, not a matrix", self._line, arg.offset + 1)
        return value

    def _point(self, arg: _Arg | None, variables) -> dict | None:
        if arg is None:
            return None
        self._checked(arg, [str(x) for x in variables])
        point = self._read(parse_point, arg, variables=list(variables))
        defined = self._defined()
        subs = {sp.Symbol(n): v for n, v in defined.items() if isinstance(v, sp.Expr)}
        return {x: sp.sympify(v).xreplace(subs) for x, v in point.items()}

    def _function_at(self, arg: _Arg, *, need_point: bool = False, keyword: str = "at"):
        """``(f, variables, point)`` from ``EXPR [at POINT]``."""

        before, after = arg.split(keyword)
        if need_point and after is None:
            raise ParseError(f"expected '{keyword}' and a point: ... {keyword} (1, 0)", self._line,
                             len(self._line.rstrip()) + 1)
        f, xs = self._function_and_variables(before)
        return f, xs, self._point(after, xs)

    def _function_and_variables(self, arg: _Arg) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
        """A function and its variables: a defined ``f(x, y)`` in its own order, else the
        expression's variables in alphabetical order."""
        from ..calculus import variables_of

        named = self._defined().get(arg.text.strip())
        if isinstance(named, sp.Lambda):
            return named.expr, tuple(named.variables)
        f = self._function(arg)
        return f, variables_of(f)

    def _matrix(self, arg: _Arg) -> sp.ImmutableMatrix:
        """A matrix given as such, by name, as the Hessian of a function (at a point), or,
        with nothing given, the last Hessian or matrix shown."""
        if not arg:
            if self.matrix is None:
                raise ParseError("no matrix yet: give one, e.g. [[2,1],[1,2]], or run hessian "
                                 "first", self._line, len(self._line.rstrip()) + 2)
            return self.matrix
        before, after = arg.split("at")
        value = self._value(before)
        if isinstance(value, sp.MatrixBase):
            if after is not None:
                raise ParseError("a matrix has no point to be evaluated at", self._line,
                                 after.offset)
            return sp.ImmutableMatrix(value)
        from ..calculus import at_point, hessian, variables_of

        xs = variables_of(value)
        H = hessian(value, xs)
        point = self._point(after, xs)
        return H if point is None else at_point(H, point)

    # -- answers ------------------------------------------------------------------------------

    def _result(self, result, matrix=None) -> Reply:
        """A library result object shown through its own ``lines()``/``latex()``."""
        if matrix is not None:
            self.matrix = sp.ImmutableMatrix(matrix)
        return Reply(str(result), result.latex(), result)

    def _show(self, value, label: str | None = None, tex: str | None = None) -> Reply:
        """A SymPy value in 2-D, optionally as ``label = value`` (``tex``: the label in
        LaTeX, when it is not just a symbol's name)."""
        if isinstance(value, sp.MatrixBase):
            self.matrix = sp.ImmutableMatrix(value)
        if label is None:
            return Reply(pretty(value), latex(value), value)
        if tex is None:
            tex = latex(sp.Symbol(label)) if _NAME.fullmatch(label) else _input_latex(label)
        return Reply(_labelled(label, value), tex + " = " + latex(value), value)

    def _new_name(self, name: str, column: int) -> None:
        if name in COMMANDS or name in ALIASES or name in KEYWORDS:
            raise ParseError(f"{name!r} is a command word; choose another name",
                             self._line, column + 1)
        if name in FUNCTIONS or name in ("pi", "e", "E"):
            raise ParseError(f"{name!r} is a built-in name; choose another name",
                             self._line, column + 1)
        self._read(parse_variables, _Arg(name, column))

    def _assign(self, name: str, arg: _Arg, column: int) -> Reply:
        self._new_name(name, column)
        value = self._value(arg)
        self.names[name] = sp.ImmutableMatrix(value) if isinstance(value, sp.MatrixBase) \
            else value
        self.declared.discard(name)
        return self._show(value, name)

    def _define(self, name: str, params: _Arg, arg: _Arg, column: int) -> Reply:
        """``f(x, y) = x^2 + y^2``: a function of the variables named, in that order."""
        self._new_name(name, column)
        if not params:
            raise ParseError("expected the variables between the brackets: f(x, y) = ...",
                             self._line, params.offset + 1)
        xs = tuple(self._read(parse_variables, params))
        body = self._function(_Arg(arg.text, arg.offset), extra=[str(x) for x in xs])
        self.names[name] = f = sp.Lambda(xs, body)
        self.declared.discard(name)
        head = sp.Function(name)(*xs)
        return Reply(pretty(sp.Eq(head, body, evaluate=False)),
                     latex(head) + " = " + latex(body), f)

    def _hessian(self, arg: _Arg) -> Reply:
        from ..analysis import second_derivatives

        f, xs, at = self._function_at(arg)
        r = second_derivatives(f, xs, at)
        return self._result(r, r.hessian if at is None else r.hessian_at)

    def _gradient(self, arg: _Arg) -> Reply:
        from ..calculus import at_point, gradient

        f, xs, at = self._function_at(arg)
        g = gradient(f, xs)
        return self._show(g if at is None else at_point(g, at), "∇f", r"\nabla f")

    def _classify(self, arg: _Arg) -> Reply:
        from .. import critical
        arg, subject = arg.split("subject to")
        if subject is not None:
            return self._constrained(arg, subject)
        f, xs, at = self._function_at(arg)
        if at is None:
            return self._result(critical.analyze_critical_points(f, variables=xs))
        return self._result(critical.classify(f, at, xs))

    def _constrained(self, arg: _Arg, subject: _Arg) -> Reply:
        """``classify f subject to g = h [and g2 = h2]``: Lagrange, classified."""
        from ..constrained import constrained_critical_points
        from ..parsing import parse_constraint

        f, xs = self._function_and_variables(arg)
        pieces, rest = [], subject
        while rest is not None:
            piece, rest = rest.split("and")
            pieces.append(piece)
        names = [str(x) for x in xs]
        gs = []
        for piece in pieces:
            self._checked(piece, names)
            gs.append(self._read(parse_constraint, piece, variables=list(xs)))
        extra = sorted(set().union(*(g.free_symbols for g in gs)) - set(xs), key=str)
        return self._result(constrained_critical_points(f, gs, (*xs, *extra)))

    def _definiteness(self, arg: _Arg) -> Reply:
        from ..linalg import definiteness

        H = self._matrix(arg)
        return self._result(definiteness(H), H)

    def _minors(self, arg: _Arg) -> Reply:
        from ..linalg import leading_principal_minors, principal_minors

        H = self._matrix(arg)
        self.matrix = H
        leading = [(f"D_{k}", m) for k, m in enumerate(leading_principal_minors(H), start=1)]
        lines = ["leading principal minors (Sylvester's criterion):", *_equations(leading)]
        tex = _latex_equations(leading)
        if H.rows <= ALL_MINORS_UP_TO:
            every = [("Delta_" + "".join(str(i + 1) for i in S), m)
                     for S, m in principal_minors(H).items()]
            lines += ["all principal minors:", *_equations(every)]
            tex += r";\qquad " + _latex_equations(every)
        return Reply("\n".join(lines), tex, dict(leading))

    def _charpoly(self, arg: _Arg) -> Reply:
        from ..linalg import LAMBDA, characteristic_polynomial

        H = self._matrix(arg)
        self.matrix = H
        p = characteristic_polynomial(H, LAMBDA)
        return self._show(p, "p(λ) = det(λI − H)", r"p(\lambda) = \det(\lambda I - H)")

    def _eigen(self, arg: _Arg) -> Reply:
        from ..linalg import eigendecomposition

        H = self._matrix(arg)
        return self._result(eigendecomposition(H), H)

    def _taylor(self, arg: _Arg) -> Reply:
        from ..calculus import taylor2

        f, xs, at = self._function_at(arg, need_point=True)
        return self._result(taylor2(f, at, xs))

    def _newton(self, arg: _Arg) -> Reply:
        from .. import optim
        f, xs, start = self._function_at(arg, need_point=True, keyword="from")
        return self._result(optim.minimize(f, [start[x] for x in xs], method="newton",
                                           backend="exact", variables=xs))

    def _digits(self, arg: _Arg) -> Reply:
        from .. import digits
        head, count = arg.split("to")
        if count is None:
            raise ParseError("expected 'to' and a number of digits: ... to 1000", self._line,
                             len(self._line.rstrip()) + 1)
        before, start = head.split("from")
        if start is None:
            raise ParseError("expected 'from' and a start: ... from 1", self._line, head.offset
                             + len(head.text.rstrip()) + 1)
        from ..calculus import variables_of

        f = self._function(before)
        xs = variables_of(f)
        # in several variables Newton runs on ∇f = 0 from a point
        x0 = self._function(start) if len(xs) < 2 else \
            [v for v in self._point(start, xs).values()]
        n = self._read(parse_expr, count)
        if not (n.is_Integer and n > 0):
            raise ParseError("the number of digits must be a positive whole number",
                             self._line, count.offset + 1)
        return self._result(digits.newton_digits(f, x0, digits=int(n)))

    def _derivative(self, arg: _Arg, by: list[_Arg]) -> Reply:
        """``∂ⁿf/∂x∂y…``, differentiating by each variable in turn."""
        f, xs = self._function_and_variables(arg)
        wrt = []
        for v in by:
            self._checked(v, [str(x) for x in xs])
            wrt += self._read(parse_variables, v)
        derivative = sp.diff(f, *wrt)
        n = len(wrt)
        order = "" if n == 1 else _superscript(n)
        label = f"∂{order}f/" + "".join(f"∂{x}" for x in wrt)
        tex = (r"\frac{\partial" + ("" if n == 1 else f"^{{{n}}}") + " f}{"
               + " ".join(rf"\partial {latex(x)}" for x in wrt) + "}")
        return self._show(derivative, label, tex)

    def _diff(self, arg: _Arg) -> Reply:
        """``diff EXPR x y``: the trailing names are the variables, in order."""
        words = list(re.finditer(r"[^\s,]+", arg.text))
        by: list[_Arg] = []
        while len(words) > 1 and _NAME.fullmatch(words[-1].group(0)) \
                and words[-1].group(0) not in self._defined():
            w = words.pop()
            by.insert(0, _Arg(w.group(0), arg.offset + w.start()))
        if not by:
            raise ParseError("expected the variables after the function: diff f x y",
                             self._line, len(self._line.rstrip()) + 2)
        head = arg.text[: words[-1].end()]
        return self._derivative(_Arg(head, arg.offset), by)

    def _solve(self, arg: _Arg) -> Reply:
        """``solve EQ[, EQ...] [for x, y]``: exact solutions of equations (``A = B``, or ``A``
        meaning ``A = 0``)."""
        from ..calculus import variables_of

        head, unknowns = arg.split("for")
        equations = []
        for piece in _top_level_split(head):
            left, _, right = piece.text.partition("=")
            lhs = self._function(_Arg(left, piece.offset))
            rhs = self._function(_Arg(right, piece.offset + len(left) + 1)) if _ else 0
            equations.append(sp.Eq(lhs, rhs))
        if unknowns is not None:
            self._checked(unknowns)
            xs = tuple(self._read(parse_variables, unknowns))
        else:
            xs = variables_of(sp.Tuple(*[e.lhs - e.rhs for e in equations]))
            if len(xs) > len(equations):
                raise ParseError(
                    f"{len(equations)} equation(s) in {len(xs)} unknowns "
                    f"({', '.join(map(str, xs))}): expected as many equations as unknowns, "
                    f"or say which to solve for: solve ... for {xs[0]}", self._line,
                    len(self._line.rstrip()) + 1)
        solutions = sp.solve(equations, xs, dict=True)
        what = ", ".join(f"{sp.sstr(e.lhs)} = {sp.sstr(e.rhs)}" for e in equations)
        if not solutions:
            return Reply(f"no solution of {what} in {', '.join(map(str, xs))}", None, [])
        lines = [f"{len(solutions)} solution(s) of {what}:"]
        lines += ["  " + ", ".join(coordinate_text(x, s.get(x, x)) for x in xs)
                  for s in solutions]
        tex = r"\begin{array}{l}" + r"\\ ".join(
            r",\ ".join(coordinate_latex(x, s.get(x, x)) for x in xs) for s in solutions
        ) + r"\end{array}"
        return Reply("\n".join(lines), tex, solutions)

    def _plot(self, arg: _Arg) -> Reply:
        """Contours of f with its critical points marked by type, saved as a PNG."""
        from .plot import plot_function

        f, xs = self._function_and_variables(arg)
        name = arg.text.strip() if _NAME.fullmatch(arg.text.strip()) else "f"
        critical = None
        if len(xs) <= 2:
            from ..critical import analyze_critical_points

            critical = analyze_critical_points(f, variables=xs)
        figure = plot_function(f, xs, critical, Path(f"symhess-plot-{name}.png").resolve())
        shown = self.show_file is not None and self.show_file(figure.path)
        return Reply(str(figure) + ("" if shown or self.show_file is None
                                    else "\n(open it in an image viewer)"),
                     figure.latex(), figure)

    def _latex(self, arg: _Arg) -> Reply:
        if self.last is None:
            return Reply("nothing to put in LaTeX yet: run a command first")
        text = self.last.latex
        copied = self.copy is not None and self.copy(text)
        return Reply(text + ("\n(copied to the clipboard)" if copied else ""))

    def _vars(self, arg: _Arg) -> Reply:
        """``vars``: the definitions and declared variables; ``vars x, e``: declare."""
        if arg:
            names = []
            for m in re.finditer(r"[^\s,]+", arg.text):
                name, column = m.group(0), arg.offset + m.start()
                if not _NAME.fullmatch(name):
                    raise ParseError(f"expected a variable name, not {name!r}", self._line,
                                     column + 1)
                if name not in ("e", "E"):
                    self._new_name(name, column)
                names.append(name)
            self.declared.update(names)
            return Reply("variables: " + ", ".join(sorted(self.declared))
                         + ("  (e is now a variable, not Euler's number)"
                            if "e" in names else ""))
        defined = self._defined()
        if not defined and not self.declared:
            return Reply("no names defined yet; define one with  f(x, y) = x^2 + y^2")
        lines = [pretty(_definition(k, v)) for k, v in sorted(defined.items())]
        if self.declared:
            lines.append("variables: " + ", ".join(sorted(self.declared)))
        return Reply("\n".join(lines))

    def _clear(self, arg: _Arg) -> Reply:
        """``clear x, f``: forget definitions and declarations."""
        if not arg:
            raise ParseError("expected the names to forget: clear x, f  (vars lists them)",
                             self._line, len(self._line.rstrip()) + 2)
        gone = []
        for m in re.finditer(r"[^\s,]+", arg.text):
            word = m.group(0)
            if word in self._defined():
                del self.names[word]
            elif word in self.declared:
                self.declared.discard(word)
            else:
                close = difflib.get_close_matches(word, [*self._defined(), *self.declared], n=1)
                hint = f": did you mean {close[0]!r}?" if close else " (vars lists them)"
                raise ParseError(f"{word!r} is not defined{hint}", self._line,
                                 arg.offset + m.start() + 1)
            gone.append(word)
        return Reply("forgot " + ", ".join(gone))

    def _full(self, arg: _Arg) -> Reply:
        word = arg.text.strip()
        if word not in ("", "on", "off"):
            raise ParseError(f"expected on or off, not {word!r}", self._line, arg.offset + 2)
        if word:
            self.full = word == "on"
        return Reply("long answers are shown " + ("whole" if self.full else
                                                  "cut to a screen (full on shows them whole)"))

    def _timeout(self, arg: _Arg) -> Reply:
        if arg:
            seconds = self._read(parse_expr, arg)
            if not (seconds.is_number and seconds.is_real and seconds >= 0):
                raise ParseError("the time budget is a number of seconds ≥ 0", self._line,
                                 arg.offset + 1)
            self.timeout = float(seconds) if seconds > 0 else None
        return Reply(f"time budget per command: {_seconds(self.timeout)}")

    def _help(self, arg: _Arg) -> Reply:
        topic = arg.text.strip()
        if topic:
            name = ALIASES.get(topic, topic)
            if name not in COMMANDS:
                raise ParseError(f"no command {topic!r}; type help for the list", self._line,
                                 arg.offset + arg.text.index(topic) + 1)
            c = COMMANDS[name]
            return Reply("\n".join([c.usage, f"  {c.summary}", "examples:",
                                    *(f"  {e}" for e in c.examples)]))
        rows = [line for c in COMMANDS.values() for line in (f"  {c.usage}", f"      {c.summary}")]
        return Reply("\n".join(["commands:", *rows, "", INPUT_HELP]))

    def _exit(self, arg: _Arg) -> Reply:
        raise _Exit


# -- rendering helpers ----------------------------------------------------------------------


#: The budget of a command when the session has none: a deadline nobody reaches, so that
#: Ctrl-C has a budget to expire (and to deliver again should one delivery be swallowed).
_UNBOUNDED = 10.0**9


@contextmanager
def _ctrl_c_interrupts_budgets():
    """While a command runs, SIGINT (Ctrl-C) expires the command's budget, marked as an
    interrupt: the budget keeps delivering it until the command has stopped and then raises
    KeyboardInterrupt.  A single KeyboardInterrupt can be swallowed inside SymPy (a bare
    ``except``, a ``__del__`` or gc callback), after which the command ran on to its limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum, frame):
        # through the budget: its interrupt is delivered again until the block has ended,
        # and its release cannot be cut short by it; with no budget running, directly
        if not interrupt_budgets():
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _labelled(label: str, value) -> str:
    """``label = value`` in 2-D, the label written as given (not read as a symbol's name,
    where ``^`` and ``_`` would become exponents and subscripts)."""
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.stringpict import prettyForm

    printer = PrettyPrinter({"use_unicode": True})
    form = printer._print(value)
    return prettyForm(*form.left(label + " = ")).render(**printer._settings)


def _input_latex(text: str) -> str:
    """What the user typed (``f(1, 2)^2``), as maths when it is plain arithmetic on names."""
    if re.fullmatch(r"[\w\s(),.+\-*/^]*", text):
        text = text.replace("**", "^").replace("*", r"\cdot ")
        return re.sub(r"\bat\b", r"\\text{ at }", re.sub(r"\^(\w+)", r"^{\1}", text))
    return latex_text(text)


def _body(value):
    """What a defined name stands for inside an expression (a function: its formula)."""
    return value.expr if isinstance(value, sp.Lambda) else value


def _definition(name: str, value) -> sp.Eq:
    head = sp.Function(name)(*value.variables) if isinstance(value, sp.Lambda) \
        else sp.Symbol(name)
    return sp.Eq(head, _body(value), evaluate=False)


def _compact(text: str) -> str:
    """The input as a label: one line, single spaces."""
    return " ".join(text.split())


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPTS)


def _closing(text: str, open_at: int) -> int | None:
    """Index of the bracket closing the one at ``open_at``."""
    depth = 0
    for i in range(open_at, len(text)):
        depth += text[i] in "([{"
        depth -= text[i] in ")]}"
        if depth == 0:
            return i
    return None


def _top_level_split(arg: _Arg) -> list[_Arg]:
    """The comma-separated parts of ``arg`` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(arg.text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(_Arg(arg.text[start:i], arg.offset + start))
            start = i + 1
    parts.append(_Arg(arg.text[start:], arg.offset + start))
    return parts


def _equations(pairs) -> list[str]:
    out = []
    for label, value in pairs:
        out += ["  " + line for line in pretty(sp.Eq(sp.Symbol(label), value,
                                                      evaluate=False)).splitlines()]
    return out


def _latex_equations(pairs) -> str:
    return r",\quad ".join(latex(sp.Eq(sp.Symbol(label), value, evaluate=False))
                           for label, value in pairs)


def _more(seconds: float | None) -> str:
    return f"{4 * seconds:g}" if seconds else "0"


def _seconds(seconds: float | None) -> str:
    return "none" if seconds is None else f"{seconds:g} s"


def _relocated(exc: ParseError, arg: _Arg, line: str) -> ParseError:
    """The same error, its column counted in the whole input line."""
    column = (exc.column or 1) + arg.offset
    message = _COLUMN.sub(lambda m: f"at column {int(m.group(1)) + arg.offset}", exc.message)
    return ParseError(message, line, column)


def _render_parse_error(exc: ParseError) -> str:
    """``error: message``, the line it is about and a caret under the problem (also inside a
    multi-line input, where the caret goes under the right line)."""
    if exc.column is None or not exc.text:
        return f"error: {exc.message}"
    before = exc.text[: exc.column - 1]
    start = before.rfind("\n") + 1
    end = exc.text.find("\n", start)
    shown = exc.text[start:] if end < 0 else exc.text[start:end]
    caret = " " * (exc.column - 1 - start) + "^"
    return f"error: {exc.message}\n  {shown}\n  {caret}"


