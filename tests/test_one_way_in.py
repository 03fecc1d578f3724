"""Text reaches SymPy only through the whitelist parser: no entry point evaluates Python."""

import pathlib
import re

import pytest
import sympy as sp

import symhess
from symhess import analysis, calculus, constrained, critical, linalg, secondorder, signs
from symhess.errors import ParseError
from symhess.parsing import as_expr

PACKAGE = pathlib.Path(symhess.__file__).parent
CANARY = pathlib.Path("/tmp/symhess-one-way-in-canary")
HOSTILE = [
    f"__import__('os').system('touch {CANARY}')",
    f"open('{CANARY}', 'w').write('x')",
    "(lambda: __import__('os').system('true'))()",
    "x.__class__.__mro__",
]

# The files other engineers own that still call sympify/parse_expr on possibly-text input are
# listed here by name so the test fails when a new one appears elsewhere.
EVALUATES = r"sympy\.parsing|(?<![.\w])eval\(|(?<![.\w])exec\(|parse_expr\(.*transformations"
KNOWN_ELSEWHERE = {"optim/problem.py", "optim/backends.py", "exercises/equivalence.py",
                   "repl/session.py", "optim/second_order.py",
                   "rendering.py"}


def test_no_module_of_the_core_calls_sympify_or_sympy_parse_expr_on_text():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in KNOWN_ELSEWHERE:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\bsympify\((?![^)]*strict=True)", code) and "``" not in line:
                offenders.append(f"{rel}:{n}: {line.strip()}")
            if re.search(EVALUATES, code):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


ENTRY_POINTS = [
    ("as_expr", lambda s: as_expr(s)),
    ("hessian", lambda s: calculus.hessian(s)),
    ("gradient", lambda s: calculus.gradient(s)),
    ("jacobian", lambda s: calculus.jacobian([s])),
    ("hvp", lambda s: calculus.hvp(s, [1])),
    ("taylor2", lambda s: calculus.taylor2(s, {"x": 0})),
    ("mixed_partials", lambda s: calculus.mixed_partials(s)),
    ("at_point", lambda s: calculus.at_point(s, {})),
    ("critical_points", lambda s: critical.critical_points(s)),
    ("classify", lambda s: critical.classify(s, {"x": 0})),
    ("classify point", lambda s: critical.classify(sp.Symbol("x") ** 2, {"x": s})),
    ("analyze", lambda s: analysis.analyze(s)),
    ("second_derivatives", lambda s: analysis.second_derivatives(s)),
    ("definiteness", lambda s: linalg.definiteness(s)),
    ("definiteness entries", lambda s: linalg.definiteness([[s, 0], [0, 1]])),
    ("inertia entries", lambda s: linalg.inertia([[s]])),
    ("eigenvalues_2x2", lambda s: linalg.eigenvalues_2x2(s, 0, 1)),
    ("shift", lambda s: linalg.shift([[1]], s)),
    ("second_order_test", lambda s: secondorder.second_order_test([[s]])),
    ("constrained_critical_points",
     lambda s: constrained.constrained_critical_points(s, ["x^2 + y^2 = 1"])),
    ("constraint", lambda s: constrained.constrained_critical_points("x + y", [s])),
    ("constraint equation",
     lambda s: constrained.constrained_critical_points("x + y", [s + " = 1"])),
    ("sign", lambda s: signs.sign(s)),
    ("enclose", lambda s: signs.enclose(s)),
]


@pytest.mark.parametrize("name, call", ENTRY_POINTS, ids=[n for n, _ in ENTRY_POINTS])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_a_parse_error_and_runs_nothing(name, call, text):
    CANARY.unlink(missing_ok=True)
    with pytest.raises(ParseError):
        call(text)
    assert not CANARY.exists()


def test_text_is_read_by_the_whitelist_parser_everywhere():
    x, y = sp.symbols("x y")
    assert calculus.hessian("2x*y") == sp.Matrix([[0, 2], [2, 0]])
    assert critical.classify("x^2 + y^2", {"x": 0, "y": 0}).type == "min"
    assert linalg.definiteness([["2", "1"], ["1", "2"]]).classification == "positive definite"
    assert as_expr(["x", 2]) == [x, 2]


def test_constraints_are_read_as_text_equations_or_formulas_equal_to_zero():
    x, y = sp.symbols("x y")
    by_equation = symhess.constrained_critical_points("x + y", ["x^2 + y^2 = 1"])
    by_formula = constrained.constrained_critical_points(x + y, ["x^2 + y^2 - 1"])
    half = sp.sqrt(2) / 2
    expected = {((-half, -half), "min"), ((half, half), "max")}
    for result in (by_equation, by_formula):
        assert {(tuple(p.point[v] for v in (x, y)), p.type) for p in result.points} == expected


# What every public function of ``symhess.__all__`` is given besides the hostile text in its
# first argument, by parameter name; functions that take no formula are named with the reason.
_OTHER_ARGUMENTS = {"point": {"x": 0}, "x0": 1, "digits": 10, "v": [1], "epsilon": 1,
                    "constraints": ["x = 1"], "variables": ["x"], "first": "x", "second": "x",
                    "ref": 1}
_NO_FORMULA = {"exercise": "an exercise's name, looked up in a table",
               "time_budget": "a number of seconds",
               "correct_digits": "two numbers", "minimize": "a Problem (tests/test_optim_input)"}


def _public_functions():
    import inspect

    for name in symhess.__all__:
        value = getattr(symhess, name)
        if inspect.isfunction(value) and name not in _NO_FORMULA:
            yield name, value


@pytest.mark.parametrize("name, function", list(_public_functions()),
                         ids=[n for n, _ in _public_functions()])
def test_every_public_function_reads_hostile_text_as_a_parse_error(name, function):
    import inspect

    params = list(inspect.signature(function).parameters.values())[1:]
    kwargs = {p.name: _OTHER_ARGUMENTS[p.name] for p in params
              if p.default is inspect.Parameter.empty
              and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    for text in HOSTILE:
        CANARY.unlink(missing_ok=True)
        with pytest.raises(ParseError):
            function(text, **kwargs)
        assert not CANARY.exists()
