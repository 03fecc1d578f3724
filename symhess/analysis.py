"""Second-order analysis of a function: gradient, Hessian, and what they say.

``second_derivatives(f)`` is the Hessian with its gradient (optionally at a point);
``analyze(f, at=point)`` applies the second-derivative test there exactly, and without a point
describes where ``f`` is convex or concave (the Hessian's definiteness as a function of the
variables).  Degenerate points, where the textbook test is silent, are handed to
:func:`symhess.critical.classify` when that module is available.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

from .budget import remaining, time_budget
from .calculus import _point_in, at_point, gradient, hessian, variables_of
from .critical import classify
from .errors import BudgetExceeded, SymhessError, UndeterminedError
from .linalg import Definiteness, definiteness
from .linalg.parametric import _as_condition
from .parsing import as_expr
from .rendering import abbreviated, condition_text, everything, how_to_see_all
from .results import Result, exact, exact_matrix, latex, point_text, pretty
from .secondorder import ByParameter, second_order_test
from .signs import is_zero
from .verdict import Verdict

__all__ = ["SecondDerivatives", "Analysis", "second_derivatives", "analyze", "TYPES"]

#: The verdicts at a point, as the critical-point contract names them.
TYPES = tuple(v.value for v in Verdict)


@dataclass(frozen=True)
class SecondDerivatives(Result):
    """``∇f`` and ``H = ∇²f`` in closed form, and their values at ``point`` if one is given."""

    f: sp.Expr
    variables: tuple[sp.Symbol, ...]
    gradient: sp.ImmutableMatrix
    hessian: sp.ImmutableMatrix
    point: dict | None = None
    gradient_at: sp.ImmutableMatrix | None = None
    hessian_at: sp.ImmutableMatrix | None = None

    def to_dict(self) -> dict:
        d = {
            "function": exact(self.f),
            "variables": [str(x) for x in self.variables],
            "gradient": [exact(g) for g in self.gradient],
            "hessian": exact_matrix(self.hessian),
        }
        if self.point is not None:
            d["point"] = {str(k): exact(v) for k, v in self.point.items()}
            d["gradient_at_point"] = [exact(g) for g in self.gradient_at]
            d["hessian_at_point"] = exact_matrix(self.hessian_at)
        return d

    def lines(self) -> list[str]:
        out = [f"f = {self.f}", f"variables: {', '.join(map(str, self.variables))}",
               "∇f =", *("  " + s for s in pretty(self.gradient).splitlines()),
               "H = ∇²f =", *("  " + s for s in pretty(self.hessian).splitlines())]
        if self.point is not None:
            out += [f"at {point_text(self.point)}:",
                    f"  ∇f = {list(self.gradient_at)}",
                    "  H =", *("    " + s for s in pretty(self.hessian_at).splitlines())]
        return out

    def latex(self) -> str:
        body = (r"\nabla f = " + latex(self.gradient.T) + r",\quad \nabla^2 f = "
                + latex(self.hessian))
        if self.point is not None:
            body += r",\quad \nabla^2 f(x_0) = " + latex(self.hessian_at)
        return body


def second_derivatives(f, variables: Iterable | None = None, at=None) -> SecondDerivatives:
    """The gradient and Hessian of ``f`` (and their values at ``at``).

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> second_derivatives(x**3 - 3*x + y**2, at={x: 1, y: 0}).hessian_at
    Matrix([
    [6, 0],
    [0, 2]])
    """
    f = as_expr(f)
    xs = variables_of(f, variables)
    g, H = gradient(f, xs), hessian(f, xs)
    if at is None:
        return SecondDerivatives(f, xs, g, H)
    p = _point_in(xs, at)
    return SecondDerivatives(f, xs, g, H, p, at_point(g, p), at_point(H, p))


@dataclass(frozen=True)
class Analysis(Result):
    """The second-derivative test at a point, or the convexity picture without one.

    At a point: ``critical`` says whether ``∇f = 0`` there (decided exactly), ``type`` is one
    of :data:`TYPES` (``None`` at a non-critical point), ``definiteness`` is that of ``H`` at
    the point with its evidence, and ``discriminant`` is ``D = f_xx f_yy − f_xy²`` for two
    variables.  Without a point, ``definiteness`` describes ``H`` as a function of the
    variables: ``f`` is convex exactly where ``H`` is positive semidefinite.
    """

    derivatives: SecondDerivatives
    definiteness: Definiteness | None
    critical: bool | None = None
    type: str | None = None
    strict: bool | None = None
    criterion: str = ""
    discriminant: sp.Expr | None = None
    value: sp.Expr | None = None
    notes: tuple[str, ...] = ()

    @property
    def point(self):
        return self.derivatives.point

    def to_dict(self) -> dict:
        d = self.derivatives.to_dict()
        if self.point is not None:
            d["value"] = exact(self.value)
            d["critical"] = self.critical
            d["type"] = str(self.type)
            d["strict"] = self.strict
        d["criterion"] = self.criterion
        d["definiteness"] = self.definiteness.to_dict() if self.definiteness else None
        if self.discriminant is not None:
            d["discriminant"] = exact(self.discriminant)
        if self.point is None:
            regions = self._convexity()
            d["convexity"] = None if regions is None else \
                {k: exact(v) for k, v in regions.items()}
        d["notes"] = list(self.notes)
        return d

    def _convexity(self) -> dict | None:
        """Where f is convex / concave, as conditions on the variables (``true``: everywhere)."""
        dfn = self.definiteness
        if dfn is None:
            return None
        if dfn.classification != "depends":
            kind = dfn.classification
            return {
                "convex": sp.true if dfn.is_positive_semidefinite else sp.false,
                "strictly convex": sp.true if kind == "positive definite" else sp.false,
                "concave": sp.true if dfn.is_negative_semidefinite else sp.false,
            }
        c = dfn.conditions
        return {
            "convex": _union(dfn, c["positive definite"], c["positive semidefinite"]),
            "strictly convex": c["positive definite"],
            "concave": _union(dfn, c["negative definite"], c["negative semidefinite"]),
        }

    def lines(self) -> list[str]:
        """The answer first (the type at the point, or where f is convex), then the evidence,
        then ∇f and H in closed form when they fit on a screen (all of them with --full)."""
        out = []
        if self.point is not None:
            if not self.critical:
                out.append(f"not a critical point: ∇f ≠ 0 at {point_text(self.point)}")
            else:
                verdict = Verdict(self.type)
                kind = {Verdict.MIN: "local minimum", Verdict.MAX: "local maximum",
                        Verdict.SADDLE: "saddle point",
                        Verdict.UNDETERMINED: "undetermined"}[verdict]
                strict = ("" if self.strict is None or verdict is Verdict.SADDLE
                          else " (strict)" if self.strict else " (non-strict)")
                out.append(f"critical point: {kind}{strict}")
            out.append(f"criterion: {self.criterion}")
            out.append(f"f{point_text(self.point)} = {self.value}")
        elif self.definiteness is not None:
            out.append("convexity: " + "; ".join(f"{k}: {_readable(v)}"
                                                 for k, v in self._convexity().items()))
        if self.discriminant is not None:
            out.append("discriminant D = f_xx·f_yy − f_xy² = "
                       + abbreviated(str(self.discriminant)))
        dfn = self.definiteness
        if dfn is not None and dfn.classification == "depends":
            out.append("Hessian, by region:")
            out.extend(f"  {kind}: {abbreviated(condition_text(cond))}"
                       for kind, cond in dfn.conditions.items())
        elif dfn is not None:
            out.append(f"Hessian: {dfn.classification}")
            out.extend("  " + e for e in dfn.evidence)
        out.extend(self.notes)
        derivatives = self.derivatives.lines()
        # SymPy wraps a wide matrix into slices marked ↪, each a screen of its own
        wraps = any("↪" in line for line in derivatives)
        if everything() or not wraps and max(map(len, derivatives)) <= SCREEN_WIDTH:
            return out + derivatives
        return out + [f"∇f and H in closed form are wider than a screen ({len(derivatives)} "
                      f"lines): {how_to_see_all()} shows them; the LaTeX typesets them"]

    def latex(self) -> str:
        body = self.derivatives.latex()
        if self.point is not None and self.critical:
            body += r"\quad\text{" + (self.type or "") + "}"
        return body


#: Columns of the terminal that a closed-form ∇f or H may take before it is left out.
SCREEN_WIDTH = 100


def _readable(condition) -> str:
    """A convexity region in textbook form, cut to the size limit."""
    return abbreviated(condition_text(condition))


def _union(dfn: Definiteness, a, b):
    """``a | b`` written as one region when there is a single variable (``x >= 0``)."""
    if len(dfn.parameters) != 1:
        return sp.Or(a, b)
    (x,) = dfn.parameters
    return _as_condition((a | b).as_set(), x)


def _second_derivative_test(H) -> tuple[Verdict, bool | None, str]:
    test = second_order_test(H)
    if isinstance(test.evidence, ByParameter):
        return test.type, test.strict, f"{test.criterion}: {test.evidence.text()}"
    if test.type is Verdict.UNDETERMINED:
        return (test.type, None, f"second-derivative test inconclusive: "
                f"H is {test.definiteness.value} (singular); higher-order terms decide")
    return (test.type, test.strict,
            f"second-derivative test: H {test.definiteness.value} ⇒ "
            f"{'saddle point' if test.type is Verdict.SADDLE else test.type.describe(test.strict)}")


def analyze(f, at=None, variables: Iterable | None = None) -> Analysis:
    """Analyse ``f`` at a point (``at=``), or globally (convexity regions) without one.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> a = analyze(x**3 - 3*x + y**2, at={x: 1, y: 0})
    >>> a.critical, a.type, a.discriminant
    (True, 'min', 12)
    >>> analyze(x**3 - 3*x + y**2, at={x: -1, y: 0}).type
    'saddle'
    """
    derivs = second_derivatives(f, variables, at)
    xs = derivs.variables
    two = len(xs) == 2
    if at is None:
        H = derivs.hessian
        D = sp.factor(H[0, 0] * H[1, 1] - H[0, 1] ** 2) if two else None
        dfn, notes = None, []
        try:
            with time_budget(min(remaining(), 10.0), "the convexity analysis"):
                dfn = definiteness(H)
        except (BudgetExceeded, UndeterminedError, NotImplementedError) as e:
            notes.append(f"convexity regions undetermined: {e}")
        return Analysis(derivs, dfn, criterion="H as a function of the variables: f is convex "
                        "exactly where H is positive semidefinite (on convex regions)",
                        discriminant=D, notes=tuple(notes))
    _check_defined(derivs)
    Hp = derivs.hessian_at
    D = sp.expand(Hp[0, 0] * Hp[1, 1] - Hp[0, 1] ** 2) if two else None
    value = at_point(derivs.f, derivs.point)
    zero = [is_zero(g) for g in derivs.gradient_at]
    if any(z is None for z in zero):
        raise UndeterminedError("could not decide exactly whether the gradient vanishes",
                                reason="a gradient component's sign is not decidable")
    dfn = definiteness(Hp)
    if not all(zero):
        nz = [str(x) for x, z in zip(xs, zero, strict=True) if not z]
        return Analysis(derivs, dfn, critical=False, criterion=(
            f"∇f ≠ 0: ∂f/∂{', ∂f/∂'.join(nz)} nonzero at the point"), discriminant=D,
            value=value)
    kind, strict, criterion = _second_derivative_test(Hp)
    notes: list[str] = []
    if kind is Verdict.UNDETERMINED and not Hp.free_symbols:
        kind, strict, criterion, notes = _beyond_the_test(derivs, kind, strict, criterion)
    return Analysis(derivs, dfn, critical=True, type=kind, strict=strict, criterion=criterion,
                    discriminant=D, value=value, notes=tuple(notes))


def _check_defined(derivs: SecondDerivatives) -> None:
    """Refuse, with the reason, a point where f is not real and twice differentiable."""
    symbolic = sorted({str(s) for v in derivs.point.values() for s in v.free_symbols})
    if symbolic:
        raise SymhessError(f"the point's coordinates must be numbers; {', '.join(symbolic)} "
                           "is a symbol (did you mean a variable?)")
    at = point_text(derivs.point)
    named = [("f", derivs.f.subs(derivs.point)), *(
        (f"∂f/∂{x}", g) for x, g in zip(derivs.variables, derivs.gradient_at, strict=True))]
    named += [(f"∂²f/∂{a}∂{b}", derivs.hessian_at[i, j])
              for i, a in enumerate(derivs.variables) for j, b in enumerate(derivs.variables)
              if i <= j]
    for name, v in named:
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise SymhessError(f"{name} is undefined or infinite at {at}: f is not twice "
                               "differentiable there")
        if v.has(sp.DiracDelta, sp.Derivative, sp.Subs):
            raise SymhessError(f"{name} at {at} is {v}: f is not twice differentiable there")
        if v.has(sp.I):
            raise SymhessError(f"{name} at {at} is {v}, not real: the point is outside f's "
                               "real domain")


def _beyond_the_test(derivs: SecondDerivatives, kind, strict, criterion):
    """Degenerate point: ask the critical-point classifier, which goes past the textbook."""
    try:
        c = classify(derivs.f, derivs.point, variables=derivs.variables)
    except (SymhessError, NotImplementedError) as e:
        return kind, strict, criterion, [f"higher-order analysis failed: {e}"]
    return (c.type, c.strict, f"{criterion}; beyond it: {c.criterion}",
            [f"certificate: {c.certificate}"] if getattr(c, "certificate", None) else [])
