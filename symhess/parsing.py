"""Text to SymPy, through a whitelisted grammar.

Input comes from students and strangers, so nothing here calls ``eval``, ``sympify`` or SymPy's
``parse_expr``: the text is tokenized and read by a small recursive-descent parser that builds
SymPy objects directly and knows only these things:

* numbers: ``3``, ``0.25`` and ``1e-3`` (decimals are read **exactly**: ``0.1`` is ``1/10``);
* operators ``+ - * / ^ **`` and parentheses; ``^`` and ``**`` both mean power and associate to
  the right (``2^3^2`` is ``2^9``); ``-x^2`` is ``-(x^2)``;
* implicit multiplication as people write it: ``2x``, ``3(x+1)``, ``x(y+1)``, ``(x+1)(x-1)``,
  ``2 sin(x)``; it binds like ``*``, so ``1/2x`` is ``x/2``;
* the functions ``sin cos tan exp log sqrt abs sinh cosh tanh asin acos atan`` (``ln`` is
  ``log``; ``log(x, b)`` is the logarithm to base ``b``), and ``sin^2(x)`` for ``sin(x)^2``;
* the constants ``pi`` and ``e``/``E``;
* a few characters pasted from textbooks: ``−`` ``×`` ``·`` ``÷`` ``²`` ``³`` ``π``.

How names are read
------------------
A run of letters and digits such as ``xy`` is read as a product of single-letter variables
(``x*y``), the way a blackboard reads it.  These pieces stay whole:

* names given in ``variables`` (``parse_expr("rate*t", variables=["rate", "t"])``),
* Greek letter names (``alpha``, ``theta``, ``lambda``, ...), and the constant ``pi``,
* a letter with a subscript: ``x1``, ``x_1``, ``x_ab`` (``x1y2`` is ``x1*y2``),
* a function name followed by ``(`` at the end of the run (``xsin(y)`` is ``x*sin(y)``).

A function name used without parentheses (``sinx``) is an error that says how to write it.
Symbols carry no assumptions, like ``sympy.Symbol("x")``, so parsed expressions mix with the
user's own SymPy symbols.

>>> parse_expr("x^3 - 3x + y^2")
x**3 - 3*x + y**2
>>> parse_expr("2xy + sin^2(t)")
2*x*y + sin(t)**2
>>> parse_matrix("1 2; 2 1")
Matrix([
[1, 2],
[2, 1]])
>>> parse_expr("x^^2")
Traceback (most recent call last):
...
symhess.errors.ParseError: unexpected '^' at column 3
  x^^2
    ^
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

from .errors import DimensionError, ParseError, SymhessError

__all__ = [
    "as_expr",
    "parse_box",
    "parse_expr",
    "parse_matrix",
    "parse_point",
    "parse_condition",
    "parse_variables",
    "name_pieces",
    "FUNCTIONS",
    "GREEK",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_DIGITS",
]

#: Longest input accepted, in characters.
MAX_LENGTH = 10_000
#: Deepest nesting of parentheses, signs and powers accepted.
MAX_DEPTH = 100
#: Largest exact number (in decimal digits) a literal or a numeric power may produce.
MAX_DIGITS = 100_000

#: The whitelisted functions, by the name a user types.
FUNCTIONS: dict[str, object] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
}

_CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E}
_FUNCTIONS_LONGEST_FIRST = sorted((f for f in FUNCTIONS if len(f) > 1), key=len, reverse=True)

#: Greek letter names kept whole as symbols (``pi`` is the constant).
GREEK = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron rho "
    "sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Sigma Phi Psi Omega".split()
)

# Characters pasted from textbooks, mapped to what they mean (one character each, so columns
# reported in errors stay those of the original text).
_UNICODE = {"−": "-", "×": "*", "·": "*", "÷": "/", "π": "pi", "λ": "lambda"}
_SUPERSCRIPT = {"²": 2, "³": 3}

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_OPERATORS = ("**", "<=", ">=", "!=", "==", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",",
              ";", "=", "<", ">", "&", "|")


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "sup", "end"
    text: str
    col: int  # 1-based column in the original text
    space_before: bool

    def describe(self) -> str:
        return "end of input" if self.kind == "end" else repr(self.text)


_DIGITS = frozenset("0123456789")  # str.isdigit() also accepts '¹', '٣', ...


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    space = False
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            space = True
            i += 1
            continue
        col = i + 1
        if ch in _UNICODE:
            mapped = _UNICODE[ch]
            kind = "name" if mapped.isalpha() else "op"
            tokens.append(_Token(kind, mapped, col, space))
            i += 1
        elif ch in _SUPERSCRIPT:
            tokens.append(_Token("sup", str(_SUPERSCRIPT[ch]), col, space))
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER.match(text, i)
            # "2e" or "2ex" is 2*e*x: only digits after the e make scientific notation.
            tokens.append(_Token("num", m.group(0), col, space))
            i = m.end()
        elif ch.isalpha() and ch.isascii():
            m = _NAME.match(text, i)
            tokens.append(_Token("name", m.group(0), col, space))
            i = m.end()
        else:
            for op in _OPERATORS:
                if text.startswith(op, i):
                    tokens.append(_Token("op", op, col, space))
                    i += len(op)
                    break
            else:
                raise ParseError(f"unexpected character {ch!r} at column {col}", text, col)
        space = False
    tokens.append(_Token("end", "", n + 1, space))
    return tokens


def _symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


class _Parser:
    """Recursive descent over one token list; every method returns a SymPy object."""

    def __init__(self, text: str, tokens: list[_Token], names: frozenset[str]):
        self.text = text
        self.tokens = tokens
        self.names = names
        self.i = 0
        self.depth = 0

    # -- token helpers -----------------------------------------------------------------------

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> _Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def error(self, message: str, tok: _Token | None = None) -> ParseError:
        tok = tok or self.tok
        return ParseError(f"{message} at column {tok.col}", self.text, tok.col)

    def unexpected(self, tok: _Token | None = None) -> ParseError:
        tok = tok or self.tok
        if tok.kind == "end":
            return self.error("unexpected end of input: an expression is missing", tok)
        return self.error(f"unexpected {tok.describe()}", tok)

    def unclosed(self, open_tok: _Token) -> ParseError:
        return ParseError(
            f"'(' at column {open_tok.col} is never closed", self.text, open_tok.col
        )

    def close(self, open_tok: _Token) -> None:
        """The ')' that closes ``open_tok`` (one nesting level less)."""
        if not self.at_op(")"):
            if self.tok.kind == "end":
                raise self.unclosed(open_tok)
            raise self.unexpected()
        self.advance()
        self.depth -= 1

    def expect(self, text: str) -> _Token:
        if self.tok.kind == "op" and self.tok.text == text:
            return self.advance()
        raise self.error(f"expected {text!r} but found {self.tok.describe()}")

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels")

    # -- grammar -----------------------------------------------------------------------------

    def parse_all(self):
        if self.tok.kind == "end":
            raise ParseError("empty input: type an expression such as x^2 + y^2", self.text, 1)
        value = self.expression()
        if self.tok.kind != "end":
            raise self.unexpected()
        return value

    def expression(self):
        self.enter()
        value = self.term()
        while self.at_op("+", "-"):
            op = self.advance()
            right = self.term()
            value = value + right if op.text == "+" else value - right
        self.depth -= 1
        return value

    def term(self):
        value = self.unary()
        while True:
            if self.at_op("*", "/"):
                op = self.advance()
                right = self.unary()
                if op.text == "*":
                    value = value * right
                else:
                    value = self.divide(value, right, op)
            elif self.starts_implicit_factor():
                value = value * self.power()
            else:
                return value

    def starts_implicit_factor(self) -> bool:
        t = self.tok
        return t.kind == "name" or (t.kind == "op" and t.text == "(")

    def divide(self, numerator, denominator, op: _Token):
        if denominator == 0:
            raise self.error("division by zero", op)
        return numerator / denominator

    def unary(self):
        if self.at_op("+", "-"):
            op = self.advance()
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return operand if op.text == "+" else -operand
        return self.power()

    def power(self):
        prefix, base = self.atom()
        if self.tok.kind == "sup":
            base = self.checked_power(base, sp.Integer(int(self.advance().text)), self.tok)
        if self.at_op("^", "**"):
            op = self.advance()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            base = self.checked_power(base, exponent, op)
        return prefix * base

    def checked_power(self, base, exponent, op: _Token):
        if base == 0 and exponent.is_number and exponent.is_negative:
            raise self.error("division by zero (0 to a negative power)", op)
        if not _power_fits(base, exponent):
            raise self.error(f"number too large to compute exactly: the power would have more "
                             f"than {MAX_DIGITS:,} digits (the limit, MAX_DIGITS)", op)
        return sp.Pow(base, exponent)

    def atom(self):
        """``(prefix, base)``: a power applies to ``base`` only (``xy^2`` is ``x*y^2``)."""
        t = self.tok
        if t.kind == "num":
            self.advance()
            return sp.Integer(1), self.number(t)
        if t.kind == "name":
            return self.name()
        if self.at_op("("):
            self.enter()
            open_tok = self.advance()
            if self.at_op(")"):
                raise self.error("empty parentheses")
            value = self.expression()
            self.close(open_tok)
            return sp.Integer(1), value
        raise self.unexpected()

    def number(self, t: _Token):
        if len(t.text) > 1000:
            raise self.error("number literal longer than 1000 characters", t)
        mantissa, _, exponent = t.text.lower().partition("e")
        if exponent and abs(int(exponent)) > 1000:
            raise self.error("exponent of a number literal beyond ±1000", t)
        value = sp.Rational(mantissa) if "." in mantissa else sp.Integer(mantissa)
        if exponent:
            value *= sp.Rational(10) ** int(exponent)
        return value

    # -- names -------------------------------------------------------------------------------

    def name(self):
        t = self.advance()
        next_is_call = self.at_op("(") or (self.at_op("^", "**") and t.text in FUNCTIONS)
        pieces = self.split_name(t, next_is_call)
        if self.at_op("(") and len(pieces) > 1 and not isinstance(pieces[-1], str):
            self.check_product_before_parenthesis(t, pieces)
        prefix = sp.Integer(1)
        for piece in pieces[:-1]:
            prefix *= piece
        last = pieces[-1]
        return prefix, self.call(last, t) if isinstance(last, str) else last

    def check_product_before_parenthesis(self, t: _Token, pieces: list) -> None:
        """``xy(x+y)`` is a product when x and y are variables used elsewhere; ``foo(x)`` is
        an unknown function, not ``f*o*o*x``."""
        elsewhere = set(self.names)
        for other in self.tokens:
            if other.kind == "name" and other is not t and other.text not in FUNCTIONS:
                try:
                    elsewhere.update(str(p) for p in self.split_name(other, True))
                except ParseError:
                    continue
        strangers = [p for p in pieces if isinstance(p, sp.Symbol) and str(p) not in elsewhere]
        if strangers:
            raise self.error(
                f"unknown function '{t.text}'; the functions are "
                f"{', '.join(sorted(FUNCTIONS))} (for a product write "
                f"{'*'.join(map(str, pieces))}*(...))",
                t,
            )

    def split_name(self, t: _Token, next_is_call: bool) -> list:
        """The factors a run of letters stands for (a trailing ``str`` is a function name)."""
        word = t.text
        if word in self.names:
            return [_symbol(word)]
        if word in FUNCTIONS:
            if next_is_call:
                return [word]
            raise self.error(f"{word} is a function: write {word}(...)", t)
        if word in _CONSTANTS:
            return [_CONSTANTS[word]]
        pieces: list = []
        i = 0
        while i < len(word):
            rest = word[i:]
            if rest in FUNCTIONS and next_is_call:
                pieces.append(rest)
                break
            piece = self._longest_piece(rest)
            hidden = next((f for f in _FUNCTIONS_LONGEST_FIRST if rest.startswith(f)), None)
            if hidden is not None and len(piece) < len(hidden):
                raise self.error(
                    f"'{hidden}' inside '{word}' looks like a function without "
                    f"parentheses; write {hidden}(...) or separate the factors with *",
                    t,
                )
            pieces.append(_CONSTANTS[piece] if piece in _CONSTANTS else _symbol(piece))
            i += len(piece)
        return pieces

    def _longest_piece(self, rest: str) -> str:
        best = rest[0]
        candidates = [n for n in self.names if rest.startswith(n)]
        candidates += [g for g in GREEK if rest.startswith(g)]
        if rest.startswith("pi"):
            candidates.append("pi")
        for c in candidates:
            if len(c) > len(best):
                best = c
        if best not in self.names:
            m = re.match(r"(?:_[A-Za-z0-9]+|[0-9]+)", rest[len(best):])
            if m:
                best += m.group(0)
        return best

    def call(self, fname: str, t: _Token):
        power = None
        if self.at_op("^", "**"):
            op = self.advance()
            power = self.unary_no_call(op)
        if not self.at_op("("):
            raise self.error(f"{fname} needs parentheses: {fname}(...)")
        open_tok = self.advance()
        self.enter()
        args = [self.expression()]
        while self.at_op(","):
            self.advance()
            args.append(self.expression())
        self.close(open_tok)
        arity = (1, 2) if fname in ("log", "ln") else (1,)
        if len(args) not in arity:
            raise self.error(
                f"{fname} takes {' or '.join(map(str, arity))} argument(s), got {len(args)}", t
            )
        if fname in ("log", "ln") and len(args) == 2 and args[1] in (0, 1):
            raise self.error(f"a logarithm to base {args[1]} is undefined", t)
        value = FUNCTIONS[fname](*args)
        if value.has(sp.zoo, sp.nan):
            raise self.error(f"{fname} is undefined at this argument", t)
        if power is not None:
            value = self.checked_power(value, power, t)
        return value

    def unary_no_call(self, op: _Token):
        """The exponent in ``sin^2(x)``: a signed number or a parenthesised expression."""
        sign = 1
        while self.at_op("+", "-"):
            if self.advance().text == "-":
                sign = -sign
        if self.tok.kind == "num":
            return sign * self.number(self.advance())
        raise self.error("after sin^ write a number, as in sin^2(x)", op)


#: ``MAX_DIGITS`` in bits: an integer of at most this bit length could still fit.
_MAX_BITS = (10**MAX_DIGITS).bit_length()


def _fits(m: int, n: int) -> bool:
    """Whether ``|m|**n`` has at most :data:`MAX_DIGITS` decimal digits, decided exactly.

    Bit lengths bound the power: ``2**(n(b−1)) ≤ |m|**n < 2**(nb)`` for ``b`` the bit length of
    ``m``; only in the narrow band between the two bounds is the power computed (it has then
    fewer than twice the limit's bits) and compared with ``10**MAX_DIGITS``.
    """
    m = abs(m)
    if m <= 1 or n <= 1:
        return m < 10**MAX_DIGITS
    b = m.bit_length()
    if n * (b - 1) >= _MAX_BITS:
        return False
    if n * b < _MAX_BITS:
        return True
    return m**n < 10**MAX_DIGITS


def _power_fits(base: sp.Expr, exponent: sp.Expr) -> bool:
    """Whether SymPy's evaluation of ``base**exponent`` keeps every number within
    :data:`MAX_DIGITS` digits, decided with integers only (never a float estimate).

    SymPy evaluates a rational power of a rational exactly (its integer part), and a power of a
    product power by power (``(10x)^n = 10^n x^n``, ``(√2 x)^n = 2^(n/2) xⁿ``), so each rational
    factor of ``base`` -- and each rational root such as ``√2`` -- is checked with the
    exponent it would receive.
    """
    if not exponent.is_Rational:
        return True  # not evaluated
    for factor in sp.Mul.make_args(base):
        root, power = factor.as_base_exp()
        if not (root.is_Rational and power.is_Rational):
            continue
        total = power * exponent
        n = -(-abs(total.p) // total.q)  # ⌈|p/q|⌉: the integer part SymPy computes, rounded up
        if not (_fits(root.p, n) and _fits(root.q, n)):
            return False
    return True


def _parse_errors(read):
    """Every failure of a reader is a :class:`ParseError`: an arithmetic error SymPy raises
    while building the value (an overflow, a recursion too deep) names the input instead of
    escaping as a bare built-in exception."""

    @functools.wraps(read)
    def reader(text, *args, **kwargs):
        try:
            return read(text, *args, **kwargs)
        except SymhessError:
            raise
        except (ArithmeticError, RecursionError, ValueError, TypeError) as why:
            raise ParseError(f"cannot read this input: {why}", text if isinstance(text, str)
                             else "") from None

    return reader


def _check_length(text: str) -> None:
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"input longer than {MAX_LENGTH} characters ({len(text)})")


def _tokens(text: str, if_empty: str) -> tuple[list, list]:
    """The tokens of ``text`` and its body (the tokens before the end marker), refusing
    over-long or empty input with ``if_empty``."""
    _check_length(text)
    tokens = _tokenize(text)
    if len(tokens) < 2:
        raise ParseError(if_empty, text, 1)
    return tokens, tokens[:-1]


def _names(variables: Iterable | None) -> frozenset[str]:
    if variables is None:
        return frozenset()
    if isinstance(variables, str):
        variables = parse_variables(variables)
    return frozenset(str(v) for v in variables)


@_parse_errors
def parse_expr(text: str, variables: Iterable | None = None) -> sp.Expr:
    """Read one expression; ``variables`` are names to keep whole (see the module docstring).

    >>> parse_expr("3(x+1)^2 - 2 e^x")
    3*(x + 1)**2 - 2*exp(x)
    >>> parse_expr("0.1 + 1/10")
    1/5
    """
    _check_length(text)
    parser = _Parser(text, _tokenize(text), _names(variables))
    value = parser.parse_all()
    if not isinstance(value, sp.Expr):
        raise ParseError("not an expression", text, 1)
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError("the expression is undefined (it divides by zero)", text, 1)
    return value


def as_expr(value, variables: Iterable | None = None):
    """The one way in for a formula: text through the whitelist parser, SymPy objects as they
    are, Python numbers as exact SymPy numbers, lists and tuples entry by entry.

    Text never reaches ``sympify``: only objects that are not strings are handed to SymPy, in
    its strict mode, which does not parse.

    >>> as_expr("2x y"), as_expr(3), as_expr([1, "x^2"])
    (2*x*y, 3, [1, x**2])
    """
    if isinstance(value, str):
        return parse_expr(value, variables)
    if isinstance(value, (sp.Basic, sp.MatrixBase)):
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(as_expr(v, variables) for v in value)
    if isinstance(value, bool) or value is None:
        raise ParseError(f"{value!r} is not a formula", str(value))
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise ParseError(f"cannot read a {type(value).__name__} as a formula",
                         str(value)[:80]) from None


def name_pieces(word: str, variables: Iterable | None = None, *,
                called: bool = False) -> list[str]:
    """The names a run of letters is read as, by the rules above (``called``: a ``(`` follows,
    so a trailing function name is a call).

    >>> name_pieces("xy"), name_pieces("rate", ["rate"]), name_pieces("xsin", called=True)
    (['x', 'y'], ['rate'], ['x', 'sin'])
    """
    tokens = _tokenize(word)
    if len(tokens) != 2 or tokens[0].kind != "name":
        raise ParseError(f"{word!r} is not a run of letters", word, 1)
    pieces = _Parser(word, tokens, _names(variables)).split_name(tokens[0], called)
    constants = {v: k for k, v in _CONSTANTS.items() if k != "E"}
    return [p if isinstance(p, str) else constants.get(p, str(p)) for p in pieces]


def parse_variables(text: str) -> list[sp.Symbol]:
    """Read a list of variable names such as ``x,y,z`` or ``x y z``.

    >>> parse_variables("x, y, theta")
    [x, y, theta]
    """
    _check_length(text)
    names = [n for n in re.split(r"[\s,]+", text.strip()) if n]
    if not names:
        raise ParseError("no variable names given", text, 1)
    for name in names:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            raise ParseError(f"{name!r} is not a variable name", text, text.index(name) + 1)
        if name in FUNCTIONS or name in _CONSTANTS:
            raise ParseError(f"{name!r} is reserved", text, text.index(name) + 1)
    if len(set(names)) != len(names):
        raise ParseError("a variable is named twice", text, 1)
    return [_symbol(n) for n in names]


# -- matrices -------------------------------------------------------------------------------


@_parse_errors
def parse_matrix(text: str, variables: Iterable | None = None) -> sp.ImmutableMatrix:
    """Read a matrix as ``[[1,2],[2,1]]``, ``1 2; 2 1`` or ``[1, 2; 2, 1]``.

    Rows are ``[...]`` groups, or are separated by ``;`` or new lines; entries are separated by
    commas or, in a row without commas, by spaces (so ``1 -2`` is two entries and ``1 - 2`` is
    one; write ``2x`` rather than ``2 x`` there).  Entries are expressions, so matrices may have
    parameters: ``[[1,k],[k,4]]``.

    >>> parse_matrix("[[1, k], [k, 4]]")
    Matrix([
    [1, k],
    [k, 4]])
    """
    tokens, body = _tokens(text, "empty input: type a matrix such as [[2,1],[1,2]]")
    names = _names(variables)
    nested = (
        len(body) >= 2 and body[0].text == "[" and body[1].text == "[" and body[0].kind == "op"
    )
    if nested:
        rows = _nested_rows(text, body)
    else:
        if body[0].text == "[" and body[-1].text == "]":
            body = body[1:-1]
        rows = _semicolon_rows(text, body)
    parsed = [[_parse_entry(text, entry, names) for entry in _split_entries(text, row)]
              for row in rows]
    if not parsed or not parsed[0]:
        raise ParseError("the matrix has no entries: type one such as [[2,1],[1,2]]", text, 1)
    width = len(parsed[0])
    for r, row in enumerate(parsed[1:], start=2):
        if len(row) != width:
            raise ParseError(
                f"row {r} has {len(row)} entries but row 1 has {width}",
                text,
                rows[r - 1][0].col if rows[r - 1] else 1,
            )
    return sp.ImmutableMatrix(parsed)


def _nested_rows(text: str, body: list[_Token]) -> list[list[_Token]]:
    last = body[-1]
    if not (last.kind == "op" and last.text == "]"):
        raise ParseError(f"the matrix is not closed with ']' at column {last.col}", text, last.col)
    inner = body[1:-1]
    rows, i = [], 0
    while i < len(inner):
        t = inner[i]
        if not (t.kind == "op" and t.text == "["):
            raise ParseError(f"expected '[' to start a row at column {t.col}", text, t.col)
        depth, j = 0, i
        while j < len(inner):
            if inner[j].kind == "op" and inner[j].text in "([":
                depth += 1
            elif inner[j].kind == "op" and inner[j].text in ")]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j == len(inner):
            raise ParseError(f"the row opened at column {t.col} is never closed", text, t.col)
        rows.append(inner[i + 1 : j])
        i = j + 1
        if i < len(inner):
            sep = inner[i]
            if not (sep.kind == "op" and sep.text in ",;"):
                raise ParseError(
                    f"expected ',' between rows at column {sep.col}", text, sep.col
                )
            i += 1
    if not rows:
        raise ParseError("the matrix has no rows", text, body[0].col)
    return rows


def _with_depth(tokens: list[_Token]):
    """Each token with the bracket depth just after it (an opening bracket counts inside)."""
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in "([":
            depth += 1
        elif t.kind == "op" and t.text in ")]":
            depth -= 1
        yield t, depth


def _semicolon_rows(text: str, body: list[_Token]) -> list[list[_Token]]:
    lines = text.split("\n")
    line_starts = [sum(len(line) + 1 for line in lines[:k]) + 1 for k in range(len(lines))]

    def line_of(tok: _Token) -> int:
        return max(k for k, start in enumerate(line_starts) if start <= tok.col)

    rows: list[list[_Token]] = [[]]
    for t, depth in _with_depth(body):
        if depth == 0 and t.kind == "op" and t.text == ";":
            rows.append([])
            continue
        if depth == 0 and rows[-1] and line_of(t) != line_of(rows[-1][-1]):
            rows.append([])
        rows[-1].append(t)
    rows = [row for row in rows if row] if len(rows) > 1 and not rows[-1] else rows
    for row in rows:
        if not row:
            raise ParseError("empty row in the matrix", text, 1)
    return rows


def _split_entries(text: str, row: list[_Token]) -> list[list[_Token]]:
    if not row:
        raise ParseError("empty row in the matrix", text, 1)
    has_comma = any(depth == 0 and t.kind == "op" and t.text == ","
                    for t, depth in _with_depth(row))
    entries: list[list[_Token]] = [[]]
    for k, (t, depth) in enumerate(_with_depth(row)):
        if depth == 0 and has_comma and t.kind == "op" and t.text == ",":
            entries.append([])
            continue
        if depth == 0 and not has_comma and entries[-1] and _starts_new_entry(row, k):
            entries.append([])
        entries[-1].append(t)
    for entry in entries:
        if not entry:
            raise ParseError("empty entry in the matrix (two commas in a row?)", text, row[0].col)
    return entries


def _starts_new_entry(row: list[_Token], k: int) -> bool:
    t, prev = row[k], row[k - 1]
    if not t.space_before:
        return False
    prev_ends_operand = prev.kind in ("num", "name", "sup") or (
        prev.kind == "op" and prev.text in ")]"
    )
    if not prev_ends_operand:
        return False
    if t.kind in ("num", "name") or (t.kind == "op" and t.text == "("):
        return True
    nxt = row[k + 1] if k + 1 < len(row) else None
    return t.kind == "op" and t.text in "+-" and nxt is not None and not nxt.space_before


def _parse_entry(text: str, tokens: list[_Token], names: frozenset[str]) -> sp.Expr:
    end = _Token("end", "", tokens[-1].col + len(tokens[-1].text), False)
    parser = _Parser(text, [*tokens, end], names)
    value = parser.expression()
    if parser.tok.kind != "end":
        raise parser.unexpected()
    if value.has(sp.zoo, sp.nan):
        raise ParseError("a matrix entry is undefined (it divides by zero)", text, tokens[0].col)
    return value


# -- points and conditions --------------------------------------------------------------------


@_parse_errors
def parse_point(
    text: str, variables: Sequence | None = None
) -> dict[sp.Symbol, sp.Expr]:
    """Read a point as ``x=1, y=0``, or as ``(1, 0)`` / ``1,0`` in the order of ``variables``.

    >>> parse_point("x=1, y=sqrt(2)")
    {x: 1, y: sqrt(2)}
    >>> from sympy import symbols
    >>> parse_point("(1, -1/2)", symbols("x y"))
    {x: 1, y: -1/2}
    """
    tokens, body = _tokens(text, "empty point: write x=1,y=2 or (1,2)")
    names = _names(variables)
    if body[0].text in "([" and body[0].kind == "op" and body[-1].text in ")]":
        body = body[1:-1]
    parts = _split_entries(text, body) if body else []
    if not parts:
        raise ParseError("empty point: write x=1,y=2 or (1,2)", text, 1)
    named = any(len(p) >= 2 and p[1].kind == "op" and p[1].text == "=" for p in parts)
    point: dict[sp.Symbol, sp.Expr] = {}
    if named:
        for part in parts:
            if not (len(part) >= 3 and part[0].kind == "name" and part[1].text == "="):
                raise ParseError(
                    f"expected name=value at column {part[0].col}", text, part[0].col
                )
            symbol = _symbol(part[0].text)
            if symbol in point:
                raise ParseError(f"{part[0].text} is given twice", text, part[0].col)
            point[symbol] = _parse_entry(text, part[2:], names)
        if variables is not None:
            wanted = [sp.Symbol(str(v)) for v in variables]
            missing = [str(v) for v in wanted if v not in point]
            extra = [str(v) for v in point if v not in wanted]
            if missing or extra:
                raise DimensionError(
                    "the point does not match the variables "
                    f"({', '.join(map(str, wanted))})"
                    + (f": missing {', '.join(missing)}" if missing else "")
                    + (f": unknown {', '.join(extra)}" if extra else "")
                )
            point = {v: point[v] for v in wanted}
        return point
    if variables is None:
        raise ParseError("name the coordinates, as in x=1,y=2", text, 1)
    values = [_parse_entry(text, part, names) for part in parts]
    wanted = [sp.Symbol(str(v)) for v in variables]
    if len(values) != len(wanted):
        raise DimensionError(
            f"the point has {len(values)} coordinates but there are {len(wanted)} variables "
            f"({', '.join(map(str, wanted))})"
        )
    return dict(zip(wanted, values, strict=True))


_RELATIONS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
              ">=": sp.GreaterThan, "=": sp.Eq, "==": sp.Eq, "!=": sp.Ne}


class _ConditionParser(_Parser):
    """Adds ``and``/``or``/``&``/``|``, chained comparisons and ``true``/``false``."""

    def condition(self):
        return self._joined(self.conjunction, "|", "or", sp.Or)

    def conjunction(self):
        return self._joined(self.comparison, "&", "and", sp.And)

    def _joined(self, operand, symbol: str, word: str, join):
        """``operand (symbol|word) operand ...`` folded left with ``join``."""
        value = operand()
        while self.at_op(symbol) or (self.tok.kind == "name" and self.tok.text == word):
            self.advance()
            value = join(value, operand())
        return value

    def comparison(self):
        if self.tok.kind == "name" and self.tok.text.lower() in ("true", "false"):
            return sp.true if self.advance().text.lower() == "true" else sp.false
        if self.at_op("(") and self._parenthesised_condition():
            self.enter()
            self.advance()
            value = self.condition()
            self.expect(")")
            self.depth -= 1
            return value
        left = self.expression()
        parts = []
        while self.at_op(*_RELATIONS):
            op = self.advance()
            right = self.expression()
            parts.append(_RELATIONS[op.text](left, right))
            left = right
        if not parts:
            raise self.error("expected a comparison such as k > 2")
        return sp.And(*parts)

    def _parenthesised_condition(self) -> bool:
        depth = 0
        for t in self.tokens[self.i :]:
            if t.kind == "op" and t.text == "(":
                depth += 1
            elif t.kind == "op" and t.text == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif depth >= 1 and (
                (t.kind == "op" and t.text in _RELATIONS) or t.text in ("and", "or")
            ):
                return True
        return False

    def starts_implicit_factor(self) -> bool:
        return super().starts_implicit_factor() and self.tok.text not in ("and", "or")


def parse_box(text: str, variables) -> dict:
    """Read ``"x=-5..5, y=0..pi"`` into ``{x: (-5, 5), y: (0, pi)}`` with the safe parser.

    >>> from sympy import symbols
    >>> parse_box("x=-5..5, y=0..pi", symbols("x y"))
    {x: (-5, 5), y: (0, pi)}
    """
    box: dict = {}
    names = {str(v): v for v in variables}
    for part in text.split(","):
        name, sep, bounds = part.partition("=")
        lo, dots, hi = bounds.partition("..")
        if not (sep and dots) or name.strip() not in names:
            raise ParseError(f"expected name=low..high for one of {', '.join(names)}, "
                             f"got {part.strip()!r}", text)
        a, b = parse_expr(lo, variables=()), parse_expr(hi, variables=())
        if a.free_symbols or b.free_symbols or (b - a).is_positive is not True:
            raise ParseError(f"the bounds of {name.strip()} must be numbers with low < high",
                             text)
        box[names[name.strip()]] = (a, b)
    missing = [n for n, v in names.items() if v not in box]
    if missing:
        raise DimensionError(f"the box gives no range for {', '.join(missing)}")
    return box


@_parse_errors
def parse_condition(text: str, variables: Iterable | None = None) -> sp.Basic:
    """Read a condition: comparisons joined by ``and``/``&``, ``or``/``|``.

    Chains read as in mathematics: ``-2 < k < 2`` is ``(k > -2) & (k < 2)``.

    >>> parse_condition("-2 < k < 2")
    (-2 < k) & (k < 2)
    >>> parse_condition("k <= -2 or k >= 2")
    (k >= 2) | (k <= -2)
    """
    _check_length(text)
    parser = _ConditionParser(text, _tokenize(text), _names(variables))
    if parser.tok.kind == "end":
        raise ParseError("empty input: type a condition such as -2 < k < 2", text, 1)
    value = parser.condition()
    if parser.tok.kind != "end":
        raise parser.unexpected()
    return value


def parse_constraint(text: str, variables: Iterable | None = None) -> sp.Expr:
    """``g − h`` from an equation ``g = h`` (a constraint ``g − h = 0``).

    >>> parse_constraint("x^2 + y^2 = 1")
    x**2 + y**2 - 1
    """
    if "=" not in text or any(op in text for op in ("<", ">", "!")):
        where = next((i + 1 for i, ch in enumerate(text) if ch in "<>!"), len(text) + 1)
        raise ParseError("a constraint is one equation such as x^2 + y^2 = 1 (inequality "
                         "constraints are not handled)", text, where)
    condition = parse_condition(text, variables)
    if not isinstance(condition, sp.Equality):
        raise ParseError("a constraint is one equation such as x^2 + y^2 = 1", text)
    return condition.lhs - condition.rhs
