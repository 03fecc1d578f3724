"""Every classification entry point gives the same verdict at the same point."""

import json

import pytest
import sympy as sp

from symhess.analysis import analyze
from symhess.cli import main as cli
from symhess.critical import classify, critical_points
from symhess.digits import newton_digits
from symhess.errors import SymhessError
from symhess.exercises.model import classify_points
from symhess.parsing import as_expr
from symhess.verdict import Verdict

x, y = sp.symbols("x y")
r = sp.CRootOf(8 * x**3 - x + 1, 0)  # x-coordinate of the minimum of x⁴/4 − x + y² + xy is −2r

# (f, point, verdict, strict, isolated and non-degenerate so every entry point sees it)
TABLE = [
    ("x^2 + 3y^2 - 2x", {x: 1, y: 0}, Verdict.MIN, True, True),
    ("x^3 - 3x + y^2", {x: -1, y: 0}, Verdict.SADDLE, None, True),
    ("-x^2 - x*y - y^2 + y", {x: sp.Rational(-1, 3), y: sp.Rational(2, 3)}, Verdict.MAX, True,
     True),
    ("x^2 + y^4", {x: 0, y: 0}, Verdict.MIN, True, False),       # degenerate
    ("x^3 - 3x*y^2", {x: 0, y: 0}, Verdict.SADDLE, None, False),  # monkey saddle
    ("x^4/4 - x + y^2 + x*y", {x: -2 * r, y: r}, Verdict.MIN, True, True),  # algebraic
    ("x*y^2", {x: 1, y: 0}, Verdict.MIN, False, False),  # on the family y = 0 (Morse–Bott)
    ("x^3 - 6x + y^2", {x: sp.sqrt(2), y: 0}, Verdict.MIN, True, True),  # algebraic, radical
    ("(y - x^2)(y - 2x^2)", {x: 0, y: 0}, Verdict.SADDLE, None, False),  # Peano
]


def _cli_json(*args):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(list(args)) == 0
    return json.loads(out.getvalue())


@pytest.mark.parametrize("f, p, verdict, strict, isolated", TABLE, ids=[t[0] for t in TABLE])
def test_classify_analyze_and_the_cli_agree(f, p, verdict, strict, isolated):
    c = classify(f, p)
    assert (c.type, c.strict) == (verdict, strict)
    a = analyze(f, at=p)
    assert (a.type, a.strict) == (verdict, strict)
    if any(sp.sympify(v).has(sp.CRootOf) for v in p.values()):
        return  # the command line reads no CRootOf; the point list below covers that row
    at = ",".join(f"{k}={sp.sstr(v)}" for k, v in p.items())
    d = _cli_json("analyze", f, "--at", at, "--json")
    assert (d["type"], d["strict"]) == (verdict.value, strict)


@pytest.mark.parametrize("f, p, verdict, strict, isolated",
                         [t for t in TABLE if t[4] or t[0] in ("x^2 + y^4", "x^3 - 3x*y^2",
                                                               "(y - x^2)(y - 2x^2)")],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_the_point_lists_agree(f, p, verdict, strict, isolated):
    found = {tuple(c.point[v] for v in (x, y)): c for c in critical_points(f).points}
    c = found[(p[x], p[y])]
    assert (c.type, c.strict) == (verdict, strict)
    listed = {pt["point"]["x"] + "," + pt["point"]["y"]: pt
              for pt in _cli_json("classify", f, "--json")["critical_points"]}
    pt = listed[sp.sstr(p[x]) + "," + sp.sstr(p[y])]
    assert (pt["type"], pt["strict"]) == (verdict.value, strict)
    assert dict(classify_points(f, (x, y)))[(p[x], p[y])] == verdict.value
    if isolated:
        start = [sp.Float(sp.N(p[v], 20)) + sp.Rational(1, 50) for v in (x, y)]
        report = newton_digits(f, start, digits=30).reference
        assert verdict.describe(strict) in report


@pytest.mark.parametrize("f", ["sin(x) + cos(y)", "x^2 + y^4", "x^3 - 6x + y^2"])
def test_the_text_table_and_the_json_say_the_same_strictness(f):
    import contextlib
    import io

    listed = _cli_json("classify", f, "--json")["critical_points"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["classify", f]) == 0
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-----")) + 1
    table = lines[start:lines.index("", start)]  # the point table, before the details
    assert len(table) == len(listed)
    words = [w for line in table for w in line.split() if w in ("strict", "non-strict")]
    expected = [{True: "strict", False: "non-strict"}[pt["strict"]] for pt in listed
                if pt["strict"] is not None]
    assert sorted(words) == sorted(expected) and expected
    details = "\n".join(lines[start + len(table):])
    for pt in listed:
        if pt["strict"] is not None:
            kind = {"min": "minimum", "max": "maximum"}[pt["type"]]
            said = ("strict" if pt["strict"] else "non-strict") + " local " + kind
            assert said in details


def test_the_evidence_is_data_beside_the_certificate_text():
    saddle = classify("x^2 - 3y^2 + x*y", {x: 0, y: 0})
    ev = saddle.to_dict()["evidence"]
    assert ev["kind"] == "witness directions"
    H = saddle.hessian
    for side, sign in (("positive", 1), ("negative", -1)):
        v = sp.Matrix(as_expr(ev[side]["v"]))
        value = (v.T * H * v)[0]
        assert value == sp.Rational(ev[side]["vHv"]) and sp.sign(value) == sign
    assert saddle.to_dict()["certificate"] == ev["text"]

    minimum = classify("x^2 + x*y + y^2", {x: 0, y: 0}).to_dict()
    assert minimum["evidence"] == {"kind": "leading minors", "values": ["2", "3"],
                                   "signs": [1, 1], "text": minimum["certificate"]}
    maximum = classify("-x^2 - y^2 - z^2", {x: 0, y: 0, sp.Symbol("z"): 0}).to_dict()
    assert maximum["evidence"]["values"] == ["-2", "4", "-8"]
    assert maximum["evidence"]["signs"] == [-1, 1, -1]

    degenerate = classify("x^2 + y^4", {x: 0, y: 0}).to_dict()
    higher = degenerate["evidence"]
    assert (higher["kind"], higher["corank"], higher["hessian"]) == (
        "higher order", 1, "positive semidefinite")
    assert higher["form"] | {"text": None} == {
        "kind": "reduced form", "form": "s1**4", "degree": 4, "form_type": "definite",
        "sign": 1, "strict": True, "text": None}
    assert higher["text"] == degenerate["certificate"]


@pytest.mark.parametrize("f, p, verdict, strict, isolated",
                         [t for t in TABLE if t[2] in (Verdict.MIN, Verdict.MAX)
                          and not any(sp.sympify(v).has(sp.CRootOf) for v in t[1].values())],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_analyze_text_says_the_strictness_its_json_says(f, p, verdict, strict, isolated):
    import contextlib
    import io

    at = ",".join(f"{k}={sp.sstr(v)}" for k, v in p.items())
    assert _cli_json("analyze", f, "--at", at, "--json")["strict"] is strict
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["analyze", f, "--at", at]) == 0
    first = out.getvalue().splitlines()[0]
    assert first.endswith({True: "(strict)", False: "(non-strict)"}[strict])


def test_a_parametric_point_gets_the_same_conditions_from_every_entry_point(capsys):
    k = sp.Symbol("k")
    f = x**2 + k * y**2
    point = classify(f, {x: 0, y: 0}, [x, y])
    assert point.type is Verdict.UNDETERMINED
    assert point.evidence.conditions[Verdict.MIN] == (k > 0)
    assert point.evidence.conditions[Verdict.SADDLE] == (k < 0)
    at = analyze(f, at={x: 0, y: 0}, variables=[x, y])
    assert at.type is Verdict.UNDETERMINED and point.evidence.text() in at.criterion
    with pytest.raises(SymhessError, match=r"parameters \(k\)"):
        critical_points(f, [x, y])  # where the critical points are depends on k
