"""The calculator without a terminal: :class:`Session` reads one command and returns a
:class:`Reply`, so it is tested like a function."""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass

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
from ..results import latex, pretty
from .commands import ALIASES, COMMANDS, INPUT_HELP, KEYWORDS

__all__ = ["Session", "Reply", "EXIT_INTERRUPTED", "EXIT_BUG"]

#: Exit status of a command stopped by Ctrl-C (as a shell reports SIGINT).
EXIT_INTERRUPTED = 130
#: Exit status of a command that hit a bug in symhess rather than a mistake in the input.
EXIT_BUG = 1

#: Principal minors are all listed up to this size (2ⁿ − 1 of them).
ALL_MINORS_UP_TO = 4

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=(?!=)")
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
    terminal front end passes :func:`system_clipboard`).
    """

    def __init__(self, *, names: MutableMapping[str, object] | None = None,
                 timeout: float | None = DEFAULT_SECONDS,
                 copy: Callable[[str], bool] | None = None):
        self.names = {} if names is None else names
        self.timeout = timeout
        self.copy = copy
        self.finished = False
        self.last: Reply | None = None
        self.matrix: sp.ImmutableMatrix | None = None
        self._line = ""

    # -- the loop body ------------------------------------------------------------------------

    def execute(self, line: str) -> str:
        """Run one command (or definition) and return the text to show."""
        return self.run(line).text

    def run(self, line: str) -> Reply:
        """Run one command and return its :class:`Reply`.  Nothing escapes: a mistake, an
        exhausted budget, Ctrl-C and even a bug in symhess come back as a reply, so only
        ``exit`` ends a session."""
        self._line = line = line.replace("\\\n", "\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return Reply("")
        try:
            with _ctrl_c_interrupts_budgets(), \
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
        text = "\n".join(line.rstrip() for line in reply.text.splitlines())
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
        m = _ASSIGNMENT.match(line)
        if m:
            return self._assign(m.group(1), _Arg(line[m.end():], m.end()), m.start(1))
        lead = len(line) - len(line.lstrip())
        word = line.split()[0]
        name = ALIASES.get(word, word)
        if name in COMMANDS:
            rest = line[lead + len(word):]
            return getattr(self, COMMANDS[name].method)(_Arg(rest, lead + len(word)))
        close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.75)
        if close and word not in self._defined() and len(line.split()) > 1:
            raise ParseError(f"unknown command {word!r}; did you mean {close[0]!r}?",
                             line, lead + 1)
        value = self._value(_Arg(line, 0))
        return self._show(value)

    def _defined(self) -> dict[str, object]:
        """The names bound to SymPy expressions or matrices."""
        return {k: v for k, v in list(self.names.items())
                if _NAME.fullmatch(k) and k not in COMMANDS and k not in KEYWORDS
                and k not in FUNCTIONS and isinstance(v, (sp.Expr, sp.MatrixBase))}

    def _read(self, reader, arg: _Arg, **options):
        """``reader(arg.text)``, with a parse error's column moved to the whole line."""
        try:
            return reader(arg.text, **options)
        except ParseError as exc:
            raise _relocated(exc, arg, self._line) from None

    def _value(self, arg: _Arg):
        """An expression or a matrix, with the defined names replaced by their values."""
        if not arg:
            raise ParseError("something is missing here", self._line, arg.offset + 1)
        defined = self._defined()
        names = [n for n in defined if len(n) > 1]
        text = arg.text.strip()
        if text.startswith("[") or ";" in text or "\n" in text:
            value = self._read(parse_matrix, arg, variables=names)
        else:
            value = self._read(parse_expr, arg, variables=names)
        used = {s.name for s in value.free_symbols} & defined.keys()
        matrices = [n for n in used if isinstance(defined[n], sp.MatrixBase)]
        if matrices:
            if isinstance(value, sp.Symbol):
                return defined[value.name]
            raise ParseError(f"{matrices[0]} is a matrix; use it on its own",
                             self._line, arg.offset + 1)
        return value.xreplace({sp.Symbol(n): defined[n] for n in used})

    def _function(self, arg: _Arg) -> sp.Expr:
        value = self._value(arg)
        if isinstance(value, sp.MatrixBase):
            raise ParseError("this needs a function, not a matrix", self._line, arg.offset + 1)
        return value

    def _point(self, arg: _Arg | None, variables) -> dict | None:
        if arg is None:
            return None
        point = self._read(parse_point, arg, variables=list(variables))
        defined = self._defined()
        subs = {sp.Symbol(n): v for n, v in defined.items() if isinstance(v, sp.Expr)}
        return {x: sp.sympify(v).xreplace(subs) for x, v in point.items()}

    def _function_at(self, arg: _Arg, *, need_point: bool = False, keyword: str = "at"):
        """``(f, variables, point)`` from ``EXPR [at POINT]``."""
        from ..calculus import variables_of

        before, after = arg.split(keyword)
        if need_point and after is None:
            raise ParseError(f"say where: ... {keyword} (1, 0)", self._line,
                             len(self._line.rstrip()) + 1)
        f = self._function(before)
        xs = variables_of(f)
        return f, xs, self._point(after, xs)

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
        text = pretty(sp.Eq(sp.Symbol(label), value, evaluate=False))
        return Reply(text, (tex or latex(sp.Symbol(label))) + " = " + latex(value), value)

    def _assign(self, name: str, arg: _Arg, column: int) -> Reply:
        if name in COMMANDS or name in ALIASES or name in KEYWORDS:
            raise ParseError(f"{name!r} is a command word; choose another name",
                             self._line, column + 1)
        self._read(parse_variables, _Arg(name, column))
        value = self._value(arg)
        self.names[name] = sp.ImmutableMatrix(value) if isinstance(value, sp.MatrixBase) \
            else value
        return self._show(value, name)

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
        critical = _optional("symhess.critical", "classify")
        f, xs, at = self._function_at(arg)
        if at is None:
            return self._result(critical.analyze_critical_points(f, variables=xs))
        return self._result(critical.classify(f, at))

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
        optim = _optional("symhess.optim", "newton")
        f, xs, start = self._function_at(arg, need_point=True, keyword="from")
        return self._result(optim.minimize(f, [start[x] for x in xs], method="newton",
                                           backend="exact", variables=xs))

    def _digits(self, arg: _Arg) -> Reply:
        digits = _optional("symhess.digits", "digits")
        head, count = arg.split("to")
        if count is None:
            raise ParseError("say how many digits: ... to 1000", self._line,
                             len(self._line.rstrip()) + 1)
        before, start = head.split("from")
        if start is None:
            raise ParseError("say where to start: ... from 1", self._line, head.offset
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

    def _latex(self, arg: _Arg) -> Reply:
        if self.last is None:
            return Reply("nothing to put in LaTeX yet: run a command first")
        text = self.last.latex
        copied = self.copy is not None and self.copy(text)
        return Reply(text + ("\n(copied to the clipboard)" if copied else ""))

    def _names(self, arg: _Arg) -> Reply:
        defined = self._defined()
        if not defined:
            return Reply("no names defined yet; define one with  f = x^2 + y^2")
        return Reply("\n".join(pretty(sp.Eq(sp.Symbol(k), v, evaluate=False))
                               for k, v in sorted(defined.items())))

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


def _optional(module: str, command: str):
    """A module that another part of symhess provides, or a clear refusal if it is absent."""
    if importlib.util.find_spec(module) is None:
        raise NotImplementedError(f"{command} is not available in this build ({module} is "
                                  "not installed)")
    return importlib.import_module(module)


