"""The calculator's vocabulary: its commands, as ``help`` lists them, and the words that
separate a command's arguments."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Command", "COMMANDS", "ALIASES", "KEYWORDS", "INPUT_HELP"]

#: Words that separate a command's arguments (``taylor f at (1,0)``); never names.
KEYWORDS = ("at", "from", "to")


@dataclass(frozen=True)
class Command:
    """One command of the calculator, as ``help`` shows it."""

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    method: str  # the Session method that answers it


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("hessian", "hessian EXPR [at POINT]",
            "gradient and Hessian in closed form (and their values at POINT)",
            ("hessian x^3 - 3x + y^2", "hessian f at (1, 0)"), "_hessian"),
    Command("gradient", "gradient EXPR [at POINT]", "the gradient ∇f (at POINT)",
            ("gradient f", "gradient exp(x y) at x=0, y=1"), "_gradient"),
    Command("classify", "classify EXPR [at POINT]",
            "every critical point and its type (min, max, saddle), or the type at POINT",
            ("classify x^3 - 3x + y^2", "classify x^2 y^2 at (0, 1)"), "_classify"),
    Command("definiteness", "definiteness [MATRIX | EXPR [at POINT]]",
            "which of the five kinds of definiteness, and why; parameters allowed",
            ("definiteness [[1,k],[k,4]]", "definiteness f at (1, 0)"), "_definiteness"),
    Command("minors", "minors [MATRIX | EXPR [at POINT]]",
            "leading principal minors (and all principal minors of a small matrix)",
            ("minors [[2,1],[1,2]]", "minors"), "_minors"),
    Command("charpoly", "charpoly [MATRIX | EXPR [at POINT]]",
            "the characteristic polynomial p(λ) = det(λI − H)",
            ("charpoly [[2,1],[1,2]]", "charpoly"), "_charpoly"),
    Command("eigen", "eigen [MATRIX | EXPR [at POINT]]",
            "exact eigenvalues and orthonormal eigenvectors, H = QΛQᵀ",
            ("eigen [[2,1],[1,2]]", "eigen"), "_eigen"),
    Command("taylor", "taylor EXPR at POINT",
            "the model f(x₀+δ) ≈ f(x₀) + ∇f(x₀)ᵀδ + ½δᵀH(x₀)δ",
            ("taylor exp(x) y at (0, 1)", "taylor f at x=1, y=0"), "_taylor"),
    Command("newton", "newton EXPR from POINT",
            "Newton's method x ← x − H⁻¹∇f in exact arithmetic, step by step",
            ("newton x^3 - 3x + y^2 from (2, 1)",), "_newton"),
    Command("digits", "digits EXPR from X0 to N",
            "Newton to N digits on a root of EXPR (or on ∇EXPR = 0): watch them double",
            ("digits x^2 - 2 from 1 to 1000",), "_digits"),
    Command("latex", "latex", "the LaTeX of the last result (copied to the clipboard if possible)",
            ("latex",), "_latex"),
    Command("names", "names", "the names defined in this session", ("names",), "_names"),
    Command("timeout", "timeout [SECONDS]",
            "show or set the time budget of each command (0: none)", ("timeout 120",),
            "_timeout"),
    Command("help", "help [COMMAND]", "this list, or one command in detail",
            ("help", "help classify"), "_help"),
    Command("exit", "exit", "leave (so does Ctrl-D)", ("exit",), "_exit"),
)}

ALIASES = {"quit": "exit", "?": "help"}

INPUT_HELP = """\
Type as you would write: x^2 or x**2, 2xy for 2*x*y, sin^2(x), e^x, sqrt(x), pi.
Define names, f = x^3 - 3x + y^2 or H = [[1,k],[k,4]], and use them: hessian f.
Matrices: [[1,2],[2,1]] or 1 2; 2 1.  Points: (1, 0), in the alphabetical order
of the variables, or x=1, y=0.  Without a matrix, definiteness, minors, charpoly
and eigen use the last Hessian or matrix shown.  A line with an open bracket, or
ending in \\, goes on over the next.  Ctrl-C stops a computation; Ctrl-D leaves."""

