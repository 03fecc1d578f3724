"""What finding and classifying critical points return: a point with its verdict and evidence,
a family of points, and the whole list with whether it is complete."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..rendering import (
    clipped,
    condition_latex,
    latex_table,
    latex_text,
    number_latex,
    number_text,
    point_latex,
)
from ..results import Result, exact, exact_matrix, latex, point_text, table
from ..secondorder import ByParameter
from ..verdict import Verdict

#: a family's type where it is not the same at every point (its pieces say where)
VARIES = "varies"


@dataclass(frozen=True)
class CriticalPoint(Result):
    """One critical point with its verdict and the evidence for it."""

    point: dict
    type: Verdict = Verdict.UNDETERMINED
    strict: bool | None = None
    degenerate: bool = False
    criterion: str = ""
    certificate: str = ""
    hessian: sp.ImmutableMatrix | None = None
    discriminant: sp.Expr | None = None
    exact: bool = True
    error_bound: float | None = None
    #: the evidence as data: the second-order test's (leading minors, witness directions,
    #: minor enclosures) or, at a degenerate point, the higher-order analysis's
    #: (:class:`symhess.critical.splitting.HigherOrder`)
    evidence: Result | None = None

    def to_dict(self) -> dict:
        d = {"point": {str(k): exact(v) for k, v in self.point.items()}, "type": str(self.type),
             "strict": self.strict, "degenerate": self.degenerate, "exact": self.exact,
             "criterion": self.criterion,
             "hessian": exact_matrix(self.hessian) if self.hessian is not None else None,
             "certificate": self.certificate}
        if self.discriminant is not None:
            d["discriminant"] = exact(self.discriminant)
        if not self.exact:
            d["error_bound"] = f"{self.error_bound:.3g}"
        if self.evidence is not None:
            d["evidence"] = self.evidence.to_dict()
        return d

    def lines(self) -> list[str]:
        kind = Verdict(self.type).describe(self.strict)
        if isinstance(self.evidence, ByParameter) and self.type is Verdict.UNDETERMINED:
            kind = "depends on " + ", ".join(map(str, self.evidence.parameters))
        out = [f"{point_text(self.point)}: {kind}"
               + ("" if self.exact else f" (numeric, error ≤ {self.error_bound:.1e})")]
        if self.discriminant is not None:
            out.append(f"  D = f_xx·f_yy − f_xy² = {number_text(self.discriminant)}")
        out += [f"  criterion: {self.criterion}", f"  certificate: {self.certificate}"]
        return out

    def latex(self) -> str:
        rows = [point_latex(self.point) + r":\ " + latex_text(self.lines()[0].split(": ", 1)[1])]
        if self.discriminant is not None:
            rows.append(r"D = f_{xx} f_{yy} - f_{xy}^{2} = " + number_latex(self.discriminant))
        rows += [latex_text("criterion: " + self.criterion),
                 latex_text("certificate: " + self.certificate)]
        return r"\begin{array}{l}" + r"\\ ".join(rows) + r"\end{array}"


@dataclass(frozen=True)
class Family(Result):
    """A positive-dimensional set of critical points, given by its defining equations."""

    equations: tuple[sp.Expr, ...]
    type: str = Verdict.UNDETERMINED
    strict: bool | None = False
    parametrisation: str = ""
    certificate: str = ""
    periodic: bool = False
    #: where the type is not the same at every point (``type == "varies"``), the pieces of
    #: the family with theirs (:class:`symhess.critical.components.Piece`)
    pieces: tuple = ()

    def to_dict(self) -> dict:
        d = {"equations": [exact(e) for e in self.equations], "type": str(self.type),
             "strict": self.strict, "certificate": self.certificate}
        if self.parametrisation:
            d["parametrisation"] = self.parametrisation
        if self.pieces:
            d["pieces"] = [piece.to_dict() for piece in self.pieces]
        return d

    def _kind(self) -> str:
        if self.type == VARIES:
            return "the type varies along it"
        return Verdict(self.type).describe(self.strict) + " at every point"

    def lines(self) -> list[str]:
        eqs = ", ".join(f"{e} = 0" for e in self.equations)
        out = [f"family {eqs}: {self._kind()}"]
        if self.parametrisation:
            out.append(f"  parametrised: {self.parametrisation}")
        if self.type == VARIES:
            out += [f"  where {piece.where}: {piece.type.describe(piece.strict)}"
                    for piece in self.pieces]
        return [*out, f"  certificate: {self.certificate}"]

    def latex(self) -> str:
        where = condition_latex(sp.And(*(sp.Eq(e, 0) for e in self.equations)))
        rows = [where + r":\ " + latex_text(self._kind())]
        if self.type == VARIES:
            rows += [latex_text(f"where {piece.where}: {piece.type.describe(piece.strict)}")
                     for piece in self.pieces]
        return (r"\begin{array}{l}" + r"\\ ".join(rows) + r"\\ "
                + latex_text("certificate: " + self.certificate) + r"\end{array}")


@dataclass(frozen=True)
class CriticalPoints(Result):
    """All critical points found, families among them, and whether the list is complete."""

    f: sp.Expr
    variables: tuple[sp.Symbol, ...]
    points: tuple[CriticalPoint, ...]
    families: tuple[Family, ...] = ()
    complete: bool = True
    method: str = ""
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"function": exact(self.f), "variables": [str(x) for x in self.variables],
                "critical_points": [p.to_dict() for p in self.points],
                "families": [fam.to_dict() for fam in self.families],
                "complete": self.complete, "method": self.method, "notes": list(self.notes)}

    def lines(self) -> list[str]:
        n = len(self.points)
        how = ("interrupted by the time budget" if self.method == "interrupted"
               else f"solved by {self.method}")
        out = [f"f = {self.f}", f"∇f = 0 {how}: {n} isolated point(s)"
               + (f", {len(self.families)} family(ies)" if self.families else "")
               + (" — provably complete" if self.complete else " — NOT proved complete")
               + (" inside the box" if self.complete and "box" in self.method else "")]
        shown, cut = clipped(self.points)
        rows = [[point_text(p.point), p.type, _strictness(p), p.criterion.split(":")[0]]
                for p in shown]
        if rows:
            out += table(rows, ["point", "type", "strict", "criterion"])
        out += [cut] if cut else []
        for p in shown:
            out += ["", *p.lines()]
        for fam in self.families:
            out += ["", *fam.lines()]
        return out + [f"note: {n}" for n in self.notes]

    def latex(self) -> str:
        shown, cut = clipped(self.points)
        rows = [[point_latex(p.point), latex_text(p.type), latex_text(_strictness(p)),
                 latex_text(p.criterion.split(":")[0])] for p in shown]
        rows += [[latex_text(cut), "", "", ""]] if cut else []
        parts = [r"f = " + latex(self.f), latex_text(self.lines()[1])]
        if rows:
            parts.append(latex_table(["point", "type", "strict", "criterion"], rows))
        parts += [fam.latex() for fam in self.families]
        parts += [latex_text("note: " + n) for n in self.notes]
        return r"\begin{array}{l}" + r"\\ ".join(parts) + r"\end{array}"


def _strictness(p: CriticalPoint) -> str:
    if p.type not in (Verdict.MIN, Verdict.MAX):
        return ""
    return "strict" if p.strict else "non-strict"

