"""The calculator's vocabulary: its commands, as ``help`` lists them, and the words that
separate a command's arguments."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Command", "COMMANDS", "ALIASES", "KEYWORDS", "INPUT_HELP", "SYNONYMS"]

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
    Command("classify", "classify EXPR [at POINT | subject to EQUATION [and EQUATION]]",
            "every critical point and its type (min, max, saddle), or the type at POINT; on "
            "a constraint set with 'subject to' (Lagrange multipliers)",
            ("classify x^3 - 3x + y^2", "classify x^2 y^2 at (0, 1)",
             "classify x + y subject to x^2 + y^2 = 1"), "_classify"),
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
    Command("diff", "diff EXPR VARIABLE...",
            "a partial derivative, by each variable in turn (also written d/dx f)",
            ("diff f x y", "d/dx x^2 y"), "_diff"),
    Command("solve", "solve EQUATION[, EQUATION...] [for VARIABLES]",
            "exact solutions; an expression alone means EXPR = 0",
            ("solve x^2 = 2", "solve x + y = 1, x - y = 3"), "_solve"),
    Command("plot", "plot EXPR",
            "contour lines (or the graph, in one variable) with the critical points marked by "
            "type, saved as a PNG", ("plot x^3 - 3x + y^2",), "_plot"),
    Command("latex", "latex", "the LaTeX of the last result (copied to the clipboard if possible)",
            ("latex",), "_latex"),
    Command("vars", "vars [VARIABLES]",
            "the names defined in this session; with names, declare them variables "
            "(vars e makes e a variable, not Euler's number)", ("vars", "vars a, b"), "_vars"),
    Command("clear", "clear NAME...", "forget definitions or declared variables",
            ("clear x", "del f, g"), "_clear"),
    Command("full", "full [on | off]",
            "show long answers whole (on) or cut to a screen with a count of what was cut (off)",
            ("full on",), "_full"),
    Command("timeout", "timeout [SECONDS]",
            "show or set the time budget of each command (0: none)", ("timeout 120",),
            "_timeout"),
    Command("help", "help [COMMAND]", "this list, or one command in detail",
            ("help", "help classify"), "_help"),
    Command("exit", "exit", "leave (so does Ctrl-D)", ("exit",), "_exit"),
)}

ALIASES = {"quit": "exit", "?": "help", "names": "vars", "del": "clear",
           "eigenvalues": "eigen", "eigenvectors": "eigen", "derivative": "diff"}

#: Words people type for which another command is the answer.
SYNONYMS = {
    "minimize": "to minimize, run  newton f from (1, 1)  (or classify f for every minimum)",
    "minimise": "to minimise, run  newton f from (1, 1)  (or classify f for every minimum)",
    "maximize": "classify f lists every local maximum",
    "critical": "classify f lists the critical points and their types",
    "grad": "did you mean 'gradient'?",
    "det": "minors M shows the determinant as the last leading minor",
    "evaluate": "write f(1, 2) or f at (1, 2)",
    "define": "write f(x, y) = x^2 + y^2",
}

INPUT_HELP = """\
Type as you would write: x^2 or x**2, 3xy, sin^2(x), e^x, sqrt(x), pi (e is
Euler's number unless declared with vars e).  Letters written together multiply
only when each is a name in play (x and y in x^2 + 3xy + y^2): a word that is no
name is an error, never a product of its letters.
Define functions and names, f(x, y) = x^3 - 3x + y^2 or H = [[1,k],[k,4]], and
use them: hessian of f at (1, 0), f(1, 2), f at (1, 2), d/dx f, diff f x y.
Matrices: [[1,2],[2,1]] or 1 2; 2 1.  Points: (1, 0), in the order of f(x, y)
(alphabetical for a plain expression), or x=1, y=0.  Without a matrix,
definiteness, minors, charpoly and eigen use the last Hessian or matrix shown.
A line with an open bracket, or ending in \\, goes on over the next; an empty
line leaves it.  Ctrl-C stops a computation; Ctrl-D leaves."""
