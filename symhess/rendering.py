"""Mathematics as a textbook writes it: conditions, algebraic numbers, tables, matrices.

Results keep exact SymPy objects as their evidence; this module only *shows* them:

* conditions as a student reads them: chains ``-2 < k < 2``, ``k = ±2``, ``xy > 1/4``, joined
  by "and"/"or" in text and by ∧/∨ in LaTeX (:func:`condition_text`, :func:`condition_latex`);
* irrational numbers with a **certified** decimal beside the exact form,
  ``0.9631… (root of 4x⁹ − 4x + 1)``: the digits shown are those shared by both ends of an
  exact rational enclosure (:func:`enclosure`), so no float decides a digit
  (:func:`number_text`);
* LaTeX tables as ``array`` and matrices as ``pmatrix`` (:func:`latex_table`,
  :func:`matrix_latex`);
* long answers cut to a size limit with a count of what was cut, unless :func:`everything`
  is in force (``--full``) (:func:`clipped`, :func:`abbreviated`);
* an index letter that does not clash with the names in play (:func:`free_index`).

>>> k = sp.Symbol("k")
>>> condition_text(sp.And(k > -2, k < 2)), condition_text(sp.Or(sp.Eq(k, -2), sp.Eq(k, 2)))
('-2 < k < 2', 'k = ±2')
>>> x = sp.Symbol("x")
>>> number_text(sp.CRootOf(4*x**9 - 4*x + 1, 2))
'0.9631… (root of 4x⁹ − 4x + 1)'
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction

import sympy as sp

__all__ = [
    "condition_text", "condition_latex", "inline", "number_text", "number_latex",
    "enclosure", "certified_decimal", "coordinate_text", "coordinate_latex", "point_latex",
    "latex_text", "symbol_latex", "latex_table", "matrix_latex", "clipped", "abbreviated",
    "everything", "showing_everything", "how_to_see_all", "free_index", "alternating_minors",
    "TEXT_LIMIT", "ITEM_LIMIT",
]

# -- one-line Unicode -------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def inline(expr) -> str:
    """An expression on one line as written by hand: ``4x⁹ − 4x + 1``, ``√2/2``, ``x·y``.

    >>> x, y = sp.symbols("x y")
    >>> inline(4*x**9 - 4*x + 1), inline(sp.sqrt(2)/2), inline(3*x*y**2)
    ('4x⁹ − 4x + 1', '√2/2', '3x·y²')
    """
    s = sp.sstr(expr, order="lex") if not isinstance(expr, str) else expr
    if not isinstance(expr, str) and expr.has(sp.I):
        s = re.sub(r"\bI\b", "i", s)
    s = re.sub(r"\*\*(-?\d+)", lambda m: m.group(1).translate(_SUPERSCRIPT), s)
    s = s.replace("**", "^")
    s = re.sub(r"sqrt\(([A-Za-z0-9_]+)\)", r"√\1", s)
    s = s.replace("sqrt(", "√(")
    s = re.sub(r"(?<![A-Za-z_\d.√^/])(\d+)\*(?=[A-Za-z(√])", r"\1", s)
    s = s.replace("*", "·")
    return re.sub(r"(?<=\s)-(?=\s)", "−", s)  # binary minus; a sign stays as typed


# -- conditions -------------------------------------------------------------------------------

_TEXT_OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
_LATEX_OPS = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "==": "=", "!=": r"\ne"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}

# A clause is a chain [term, op, term, op, term ...]; a term is a SymPy object or the marker
# for ±value.  A condition is ("and" | "or", [clause or condition, ...]) or a clause.


class _PlusMinus:
    """``±value`` in a clause."""

    def __init__(self, value):
        self.value = value


def _relation(rel: sp.Rel) -> list:
    """One relation in textbook form: the variables on the left, a number on the right, a
    positive constant factor divided out (``9(4xy − 1) > 0`` is ``xy > 1/4``)."""
    op = rel.rel_op
    d = sp.expand(rel.lhs - rel.rhs)
    if d.is_number or not d.free_symbols:
        return [rel.lhs, op, rel.rhs]
    const, rest = d.as_independent(*sorted(d.free_symbols, key=str), as_Add=True)
    terms = sp.Add.make_args(rest)
    if len(terms) == 1:
        coeff, monomial = terms[0].as_coeff_Mul()
        if coeff.is_Rational and coeff != 0:
            return [monomial, op if coeff > 0 else _FLIP[op], -const / coeff]
        return [rest, op, -const]
    content, primitive = sp.Poly(rest, *sorted(rest.free_symbols, key=str)).primitive() \
        if rest.is_polynomial() else (sp.Integer(1), None)
    lead = primitive.LC() if primitive is not None else 1
    factor = content * (1 if lead > 0 else -1) if primitive is not None else 1
    if not (sp.sympify(factor).is_Rational and factor != 0):
        return [rest, op, -const]
    return [sp.expand(rest / factor), op if factor > 0 else _FLIP[op], -const / factor]


def _clauses_of_set(symbol: sp.Symbol, s: sp.Set):
    """A subset of the real line as a condition on ``symbol``."""
    if s is sp.S.EmptySet:
        return sp.false
    if s == sp.S.Reals:
        return sp.true
    if isinstance(s, sp.FiniteSet):
        values = sorted(s.args, key=lambda v: (abs(v), v)) if all(v.is_real for v in s.args) \
            else list(s.args)
        if len(values) == 2 and values[0] == -values[1]:
            return [symbol, "==", _PlusMinus(abs(values[0]))]
        if len(values) == 1:
            return [symbol, "==", values[0]]
        return ("or", [[symbol, "==", v] for v in sorted(values)])
    if isinstance(s, sp.Interval):
        a, b = s.start, s.end
        if a == b:
            return [symbol, "==", a]
        if a is sp.S.NegativeInfinity:
            return [symbol, "<" if s.right_open else "<=", b]
        if b is sp.S.Infinity:
            return [symbol, ">" if s.left_open else ">=", a]
        return [a, "<" if s.left_open else "<=", symbol, "<" if s.right_open else "<=", b]
    if isinstance(s, sp.Union):
        pieces = list(s.args)
        # the line without finitely many points: k ≠ a
        if all(isinstance(p, sp.Interval) and p.left_open and p.right_open for p in pieces):
            ends = [p.end for p in pieces[:-1]]
            if ends == [p.start for p in pieces[1:]] and pieces[0].start is sp.S.NegativeInfinity \
                    and pieces[-1].end is sp.S.Infinity:
                return ("and", [[symbol, "!=", e] for e in ends]) if len(ends) > 1 \
                    else [symbol, "!=", ends[0]]
        return ("or", [_clauses_of_set(symbol, p) for p in pieces])
    raise TypeError(f"no textbook form for the set {s}")


def _chains(clauses: list) -> list:
    """Bounds on the same expression joined into one chain: ``a < t`` and ``t < b`` give
    ``a < t < b``."""
    out: list = []
    for clause in clauses:
        if isinstance(clause, list) and len(clause) == 3 and clause[2].is_number \
                and clause[1] in ("<", "<=", ">", ">="):
            t, op, v = clause
            for i, other in enumerate(out):
                if isinstance(other, list) and len(other) == 3 and other[0] == t \
                        and isinstance(other[2], sp.Basic) and other[2].is_number \
                        and (op[0] == "<") != (other[1][0] == "<"):
                    low, high = (other, clause) if op[0] == "<" else (clause, other)
                    out[i] = [low[2], _FLIP[low[1]], t, high[1], high[2]]
                    break
            else:
                out.append(clause)
        else:
            out.append(clause)
    return out


def _textbook(cond):
    """The condition as a nest of chains (see the comment above :class:`_PlusMinus`)."""
    if cond is sp.true or cond is sp.false:
        return cond
    symbols = cond.free_symbols
    if len(symbols) == 1:
        (symbol,) = symbols
        try:
            return _clauses_of_set(symbol, cond.as_set())
        except (NotImplementedError, TypeError, ValueError):
            pass
    if isinstance(cond, sp.And):
        return ("and", _chains([_textbook(a) for a in _ordered(cond.args)]))
    if isinstance(cond, sp.Or):
        return ("or", [_textbook(a) for a in _ordered(cond.args)])
    if isinstance(cond, sp.Rel):
        return _relation(cond)
    if isinstance(cond, sp.Not):
        return _textbook(cond.args[0].negated) if isinstance(cond.args[0], sp.Rel) \
            else ("not", [_textbook(cond.args[0])])
    raise TypeError(f"no textbook form for {cond}")


def _ordered(args) -> list:
    return sorted(args, key=sp.default_sort_key)


def _render(node, term, ops, words, top=True) -> str:
    if node is sp.true:
        return words["true"]
    if node is sp.false:
        return words["false"]
    if isinstance(node, tuple):
        kind, parts = node
        if kind == "not":
            return words["not"] + "(" + _render(parts[0], term, ops, words, False) + ")"
        inner = [_render(p, term, ops, words, False) for p in parts]
        joined = words[kind].join(inner)
        return joined if top else "(" + joined + ")"
    return " ".join(ops[t] if isinstance(t, str) else term(t) for t in node)


def condition_text(cond) -> str:
    """A condition as a textbook writes it, with "and"/"or" (see the module's examples).

    >>> x, y = sp.symbols("x y")
    >>> condition_text(sp.And(6*x > 0, 9*(4*x*y - 1) > 0))
    'x > 0 and x·y > 1/4'
    >>> condition_text(sp.Or(sp.Symbol("k") > 2, sp.Symbol("k") < -2))
    'k < -2 or k > 2'
    """
    def term(t):
        return "±" + inline(t.value) if isinstance(t, _PlusMinus) else inline(t)

    words = {"and": " and ", "or": " or ", "true": "always", "false": "never", "not": "not "}
    return _render(_textbook(sp.sympify(cond)), term, _TEXT_OPS, words)


def condition_latex(cond) -> str:
    r"""A condition in LaTeX, with ∧ and ∨.

    >>> k = sp.Symbol("k")
    >>> condition_latex(sp.Or(sp.Eq(k, -2), sp.Eq(k, 2)))
    'k = \\pm 2'
    >>> condition_latex(sp.And(k > -2, k < 2))
    '-2 < k < 2'
    """
    def term(t):
        return r"\pm " + sp.latex(t.value) if isinstance(t, _PlusMinus) else sp.latex(t)

    words = {"and": r" \land ", "or": r" \lor ", "true": r"\text{always}",
             "false": r"\text{never}", "not": r"\lnot "}
    return _render(_textbook(sp.sympify(cond)), term, _LATEX_OPS, words)


# -- certified decimals -----------------------------------------------------------------------


def _interval_pow(lo: Fraction, hi: Fraction, n: int) -> tuple[Fraction, Fraction]:
    if n >= 0:
        ends = [lo**n, hi**n]
        if n % 2 == 0 and lo <= 0 <= hi:
            return Fraction(0), max(ends)
        return min(ends), max(ends)
    if lo <= 0 <= hi:
        raise ZeroDivisionError
    return _interval_pow(1 / hi, 1 / lo, -n)


def _root_bounds(lo: Fraction, hi: Fraction, q: int, scale: int) -> tuple[Fraction, Fraction]:
    """An enclosure of ``[lo, hi]^(1/q)`` for ``lo ≥ 0``, to within 1/scale."""
    def down(v: Fraction) -> int:
        return sp.integer_nthroot(int(v * scale**q), q)[0]

    return Fraction(down(lo), scale), Fraction(down(hi) + 1, scale)


def enclosure(expr, width: Fraction) -> tuple[Fraction, Fraction] | None:
    """Exact rationals ``lo ≤ expr ≤ hi`` for a real algebraic ``expr`` built from rationals,
    real ``CRootOf``, sums, products and rational powers, by interval arithmetic on exact
    rationals; ``width`` guides the refinement of each root.  ``None`` for anything else.

    >>> lo, hi = enclosure(sp.sqrt(2), Fraction(1, 100))
    >>> lo**2 <= 2 <= hi**2, hi - lo < Fraction(1, 100)
    (True, True)
    """
    expr = sp.sympify(expr)
    scale = max(10, int(1 / width) * 10)
    if expr.is_Rational:
        v = Fraction(int(expr.p), int(expr.q))
        return v, v
    if isinstance(expr, sp.CRootOf):
        if not expr.is_real:
            return None
        dx = sp.Rational(1, scale)
        q = expr.eval_rational(dx=dx)
        mid, d = Fraction(int(q.p), int(q.q)), Fraction(1, scale)
        return mid - d, mid + d
    if expr.is_Add or expr.is_Mul:
        parts = [enclosure(a, width / (4 * len(expr.args))) for a in expr.args]
        if any(p is None for p in parts):
            return None
        lo, hi = parts[0]
        for a, b in parts[1:]:
            if expr.is_Add:
                lo, hi = lo + a, hi + b
            else:
                products = [lo * a, lo * b, hi * a, hi * b]
                lo, hi = min(products), max(products)
        return lo, hi
    if expr.is_Pow and expr.exp.is_Rational:
        base = enclosure(expr.base, width / 16)
        if base is None:
            return None
        p, q = int(expr.exp.p), int(expr.exp.q)
        lo, hi = base
        if q > 1:
            if lo < 0:
                return None
            lo, hi = _root_bounds(lo, hi, q, scale * 16)
        try:
            return _interval_pow(lo, hi, p)
        except ZeroDivisionError:
            return None
    return None


def certified_decimal(expr, significant: int = 4) -> str | None:
    """The leading digits of a real number that its exact enclosure proves, then ``…``
    (``0.9631…``: the value lies in [0.9631, 0.9632)); next to a digit boundary, where the
    leading digits would take long to settle, the correctly rounded digits without ``…``
    (``-1.000``: the value lies in [−1.0005, −0.9995)); ``None`` if no enclosure is known or
    the digits cannot be settled after a few refinements.

    >>> certified_decimal(sp.sqrt(2)), certified_decimal(-sp.sqrt(3) / 2, 6)
    ('1.414…', '-0.866025…')
    """
    width = Fraction(1, 10 ** (significant + 2))
    for _ in range(4):
        box = enclosure(expr, width)
        if box is None:
            return None
        lo, hi = box
        if lo <= 0 <= hi:
            width /= 10**6
            continue
        magnitude = max(abs(lo), abs(hi))
        digits_before = len(str(int(magnitude))) if magnitude >= 1 else 0
        if magnitude < 1:
            zeros = 0
            m = min(abs(lo), abs(hi))
            while m * 10 < 1:
                m *= 10
                zeros += 1
            decimals = zeros + significant
        else:
            decimals = max(0, significant - digits_before)
        a, b = (_truncated(v, decimals) for v in (lo, hi))
        if a == b:
            return a + "…"
        # next to a digit boundary (…0000 or …9999) the rounded digits settle instead
        a, b = (_rounded(v, decimals) for v in (lo, hi))
        if a == b:
            return a
        width = min(width, Fraction(1, 10 ** (decimals + 3))) / 10**3
    return None


def _rounded(v: Fraction, decimals: int) -> str:
    """``v`` rounded to ``decimals`` decimals (ties away from zero)."""
    sign = "-" if v < 0 else ""
    n = int(abs(v) * 10**decimals + Fraction(1, 2))
    whole, frac = divmod(n, 10**decimals)
    return f"{sign}{whole}" + (f".{frac:0{decimals}d}" if decimals else "")


def _truncated(v: Fraction, decimals: int) -> str:
    """``v`` cut (toward zero) after ``decimals`` decimals."""
    sign = "-" if v < 0 else ""
    n = int(abs(v) * 10**decimals)
    whole, frac = divmod(n, 10**decimals)
    return f"{sign}{whole}" + (f".{frac:0{decimals}d}" if decimals else "")


def _roots_in(expr) -> list[sp.CRootOf]:
    return sorted(expr.atoms(sp.CRootOf), key=sp.default_sort_key)


#: Characters of a root's polynomial shown before it is described instead.
POLYNOMIAL_LIMIT = 120


def _polynomial(root: sp.CRootOf, name: str, tex: bool = False) -> str:
    """The polynomial a root is a root of, in ``name``; a long one by its degree and size."""
    poly = root.poly.as_expr().subs(root.poly.gen, sp.Symbol(name))
    text = sp.latex(poly) if tex else inline(poly)
    if everything() or len(text) <= POLYNOMIAL_LIMIT:
        return text
    biggest = max(abs(c) for c in root.poly.all_coeffs())
    words = (f"a polynomial of degree {root.poly.degree()} with {len(root.poly.terms())} "
             f"terms and coefficients of up to {len(str(biggest))} digits ({how_to_see_all()} "
             "shows it)")
    return latex_text(words) if tex else words


def number_text(value, variable: str = "x") -> str:
    """A number for the terminal: exact when rational or short, with a certified decimal
    beside an irrational one; a lone root of a polynomial is named by its polynomial in
    ``variable``.

    >>> number_text(sp.Rational(3, 2)), number_text(sp.sqrt(2) / 2)
    ('3/2', '√2/2 ≈ 0.7071…')
    >>> x = sp.Symbol("x")
    >>> number_text(sp.CRootOf(4*x**9 - 4*x + 1, 2)**3)
    'r³ ≈ 0.8934… where r ≈ 0.9631… is the root of 4r⁹ − 4r + 1'
    """
    value = sp.sympify(value)
    if value.is_Rational or not value.is_number:
        return inline(value)
    roots = _roots_in(value)
    decimal = certified_decimal(value)
    approx = f" ≈ {decimal}" if decimal else ""
    if isinstance(value, sp.CRootOf):
        return f"{decimal or '?'} (root of {_polynomial(value, variable)})"
    if not roots:
        return abbreviated(inline(value)) + approx
    names = ["r"] if len(roots) == 1 else [f"r{i + 1}" for i in range(len(roots))]
    named = {root: sp.Symbol(n) for root, n in zip(roots, names, strict=True)}
    where = "; ".join(
        f"{n} ≈ {certified_decimal(root) or '?'} is the root of {_polynomial(root, n)}"
        for root, n in zip(roots, names, strict=True))
    return f"{abbreviated(inline(value.xreplace(named)))}{approx} where {where}"


def coordinate_text(name, value) -> str:
    """``x = 1/2``, ``x = √2/2 ≈ 0.7071…``, ``x ≈ 0.9631… (root of 4x⁹ − 4x + 1)``.

    >>> coordinate_text("y", sp.Rational(1, 2)), coordinate_text("x", sp.sqrt(2))
    ('y = 1/2', 'x = √2 ≈ 1.414…')
    """
    value = sp.sympify(value)
    shown = number_text(value, str(name))
    return f"{name} ≈ {shown}" if isinstance(value, sp.CRootOf) else f"{name} = {shown}"


def coordinate_latex(name, value) -> str:
    r"""A coordinate in LaTeX, as :func:`coordinate_text` writes it."""
    value = sp.sympify(value)
    left = sp.latex(sp.Symbol(str(name)))
    shown = number_latex(value, str(name))
    return f"{left} \\approx {shown}" if isinstance(value, sp.CRootOf) else f"{left} = {shown}"


def point_latex(point) -> str:
    r"""A point as ``(x = 1,\ y = 0)`` in LaTeX."""
    return r"\left(" + r",\ ".join(coordinate_latex(k, v) for k, v in point.items()) \
        + r"\right)"


def number_latex(value, variable: str = "x") -> str:
    r"""A number in LaTeX: exact, with ``\approx`` and the certified decimal when irrational.

    >>> x = sp.Symbol("x")
    >>> number_latex(sp.CRootOf(x**3 - x - 1, 0))
    '1.324\\ldots\\ (\\text{root of } x^{3} - x - 1)'
    """
    value = sp.sympify(value)
    if value.is_Rational or not value.is_number:
        return sp.latex(value)
    decimal = certified_decimal(value)
    approx = "" if decimal is None else r" \approx " + decimal.replace("…", r"\ldots")
    roots = _roots_in(value)
    if isinstance(value, sp.CRootOf):
        return (decimal or "?").replace("…", r"\ldots") + r"\ (\text{root of } " \
            + _polynomial(value, variable, tex=True) + ")"
    if not roots:
        return sp.latex(value) + approx
    names = ["r"] if len(roots) == 1 else [f"r_{i + 1}" for i in range(len(roots))]
    named = {root: sp.Symbol(n) for root, n in zip(roots, names, strict=True)}
    where = r";\ ".join(
        sp.latex(sp.Symbol(n)) + r" \approx "
        + (certified_decimal(root) or "?").replace("…", r"\ldots")
        + r"\ \text{root of } " + _polynomial(root, n, tex=True)
        for root, n in zip(roots, names, strict=True))
    return sp.latex(value.xreplace(named)) + approx + r"\quad(" + where + ")"


# -- LaTeX layout -----------------------------------------------------------------------------


def matrix_latex(matrix) -> str:
    r"""A matrix as ``pmatrix``.

    >>> matrix_latex(sp.Matrix([[1, 2], [3, 4]]))
    '\\begin{pmatrix}1 & 2\\\\3 & 4\\end{pmatrix}'
    """
    return sp.latex(sp.Matrix(matrix), mat_str="pmatrix", mat_delim="")


#: Characters of our plain text and the LaTeX that means them in math mode: understood alike
#: by TeX (amsmath, amssymb) and MathJax, which shows macros inside ``\text{}`` literally.
_MATH_CHARACTERS = {
    "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "{": r"\{", "}": r"\}",
    "^": r"\hat{}", "~": r"\sim", "\\": r"\backslash",
    "∇": r"\nabla", "∂": r"\partial", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx",
    "±": r"\pm", "·": r"\cdot", "⋅": r"\cdot", "×": r"\times", "−": "-", "→": r"\to",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "∈": r"\in", "∞": r"\infty", "√": r"\surd",
    "‖": r"\|", "…": r"\ldots", "∧": r"\land", "∨": r"\lor", "✓": r"\checkmark",
    "λ": r"\lambda", "δ": r"\delta", "Δ": r"\Delta", "η": r"\eta", "κ": r"\kappa",
    "μ": r"\mu", "σ": r"\sigma", "ε": r"\varepsilon", "θ": r"\theta", "π": r"\pi",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "ρ": r"\rho", "φ": r"\varphi",
    "Σ": r"\Sigma", "Π": r"\Pi", "Λ": r"\Lambda", "ω": r"\omega", "τ": r"\tau",
    "ℯ": "e", "—": "-", "–": "-", "’": "'", "“": "``", "”": "''", "≡": r"\equiv",
    "⊤": r"\top", "∅": r"\emptyset", "∩": r"\cap", "∪": r"\cup", "⊂": r"\subset",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᵀᵏʲⁱᵐⁿᵖˢᵗ", "0123456789-+Tkjimnpst", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₋ₖⱼᵢₘₙₚₛₜ", "0123456789-kjimnpst", strict=True))


def latex_text(text: str) -> str:
    r"""Plain words in LaTeX: runs of ordinary characters in ``\text{}``, the others as math
    (``f_xx ≥ 0`` is ``\text{f}\_\text{xx} \ge \text{ 0}``), so TeX and MathJax agree.

    >>> print(latex_text("f_xx ≥ 2⁻¹"))
    \text{f}\_\text{xx }\ge \text{ 2}^{-1}
    """
    # SymPy's x**2*y inside a sentence (a certificate, a problem's name) read as x²·y
    text = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = re.sub(r"(?<=[\w)⁰¹²³⁴⁵⁶⁷⁸⁹])\*(?=[\w(])", "·", text)
    out: list[str] = []
    plain = ""

    def flush():
        nonlocal plain
        if plain:
            out.append(r"\text{" + plain + "}")
            plain = ""

    i = 0
    while i < len(text):
        ch = text[i]
        for marks, sign in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if ch in marks:
                j = i
                while j < len(text) and text[j] in marks:
                    j += 1
                flush()
                out.append(sign + "{" + "".join(marks[c] for c in text[i:j]) + "}")
                i = j
                break
        else:
            if ch in _MATH_CHARACTERS:
                flush()
                macro = _MATH_CHARACTERS[ch]
                out.append(macro if not macro[-1:].isalpha() else macro + " ")
            else:
                plain += ch
            i += 1
    flush()
    return "".join(out).rstrip() or r"\text{}"


def symbol_latex(name: str) -> str:
    r"""A symbol's name in LaTeX when it holds Unicode letters: ``δx`` is ``\delta_{x}``.

    >>> symbol_latex("δx"), symbol_latex("Δy"), symbol_latex("λ1")
    ('\\delta_{x}', '\\Delta_{y}', '\\lambda_{1}')
    """
    head, rest = name[0], name[1:]
    if head in _MATH_CHARACTERS and name.isascii() is False:
        base = _MATH_CHARACTERS[head]
        return base + ("_{" + rest + "}" if rest else "")
    return latex_text(name)


def latex_table(header: Sequence[str], rows: Iterable[Sequence[str]],
                align: str | None = None) -> str:
    r"""A table as an ``array``: the header in words, the cells already LaTeX.

    >>> latex_table(["point", "type"], [["(0, 0)", r"\text{saddle}"]])
    '\\begin{array}{ll}\\text{point} & \\text{type}\\\\ \\hline (0, 0) & \\text{saddle}\\end{array}'
    """
    rows = [list(r) for r in rows]
    align = align or "l" * len(header)
    body = r"\\ ".join(" & ".join(r) for r in rows)
    head = " & ".join(latex_text(h) for h in header)
    return r"\begin{array}{" + align + "}" + head + r"\\ \hline " + body + r"\end{array}"


# -- size limits ------------------------------------------------------------------------------

#: Characters of one expression shown before it is abbreviated.
TEXT_LIMIT = 2_000
#: Items of a list (points, iterations) shown before the rest is counted.
ITEM_LIMIT = 30

_FULL: contextvars.ContextVar[bool] = contextvars.ContextVar("symhess_full", default=False)
# what the reader types to see everything: ``--full`` at the shell, ``full on`` in the calculator
_HOW: contextvars.ContextVar[str] = contextvars.ContextVar("symhess_full_how", default="--full")


def everything() -> bool:
    """Whether renderings show everything (``--full``) rather than cut to the limits."""
    return _FULL.get()


def how_to_see_all() -> str:
    """What lifts the limits where the reader is (``--full``, or ``full on`` in the
    calculator), for the notes that say what was cut."""
    return _HOW.get()


@contextmanager
def showing_everything(full: bool = True, how: str | None = None) -> Iterator[None]:
    """Within the block, renderings are cut (``full=False``) or not (``--full``);
    ``how`` names what the reader types to see everything."""
    tokens = (_FULL.set(full), _HOW.set(how or _HOW.get()))
    try:
        yield
    finally:
        _FULL.reset(tokens[0])
        _HOW.reset(tokens[1])


def clipped(items: Sequence, limit: int = ITEM_LIMIT) -> tuple[list, str | None]:
    """The first ``limit`` items and a note of how many were left out (``None`` if none).

    >>> clipped(list(range(40)), 3)
    ([0, 1, 2], '… 37 more not shown (--full shows all)')
    """
    items = list(items)
    if everything() or len(items) <= limit:
        return items, None
    return items[:limit], f"… {len(items) - limit} more not shown ({how_to_see_all()} shows all)"


def abbreviated(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text``, or its beginning and end around a count of the characters cut.

    >>> abbreviated("x" * 50, 20)
    'xxxxxxxxxx … 30 characters cut (--full shows all) … xxxxxxxxxx'
    """
    if everything() or len(text) <= limit:
        return text
    half = limit // 2
    cut = len(text) - 2 * half
    return (f"{text[:half]} … {cut:,} characters cut ({how_to_see_all()} shows all) … "
            f"{text[-half:]}")


# -- names ------------------------------------------------------------------------------------


#: Index letters with a Unicode superscript and subscript, in the order a textbook picks them.
_INDEX_MARKS = {"k": ("ᵏ", "ₖ"), "j": ("ʲ", "ⱼ"), "i": ("ⁱ", "ᵢ"), "m": ("ᵐ", "ₘ"),
                "n": ("ⁿ", "ₙ"), "p": ("ᵖ", "ₚ"), "s": ("ˢ", "ₛ"), "t": ("ᵗ", "ₜ")}


def free_index(taken: Iterable) -> str:
    """An index letter for a formula such as (−1)ᵏ Dₖ that is none of the names in play.

    >>> free_index({"k"}), free_index(["x", "y"])
    ('j', 'k')
    """
    names = {str(t) for t in taken}
    return next((c for c in _INDEX_MARKS if c not in names), "ℓ")


def alternating_minors(taken: Iterable) -> tuple[str, str]:
    """``("(−1)ʲ Dⱼ", "j")``: the sign rule of negative definiteness with an index that is
    none of the names in play (a parameter called k keeps its name).

    >>> alternating_minors({"k"})
    ('(−1)ʲ Dⱼ', 'j')
    """
    i = free_index(taken)
    up, down = _INDEX_MARKS.get(i, ("^" + i, "_" + i))
    return f"(−1){up} D{down}", i
