"""Every kind of result rendered three ways — text, LaTeX, JSON — from one table; the LaTeX
is compiled by a real TeX engine and checked for what MathJax would show literally."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from symhess import results
from symhess.repl import Session

x, y, k, t = sp.symbols("x y k t")


def _critical():
    from symhess.critical import analyze_critical_points, classify

    return {
        "critical points (classify)": lambda: analyze_critical_points(x**3 - 3 * x + y**2),
        "critical points with a family": lambda: analyze_critical_points(x**2 * y**2),
        "critical point at algebraic coordinates": lambda: analyze_critical_points(
            x**9 - x**2 + y**2 + x / 4),
        "one critical point": lambda: classify((y - x**2) * (y - 2 * x**2), {x: 0, y: 0}),
    }


def _others():
    from symhess.analysis import analyze, second_derivatives
    from symhess.calculus import mixed_partial_by_limits, mixed_partials, taylor2
    from symhess.constrained import constrained_critical_points
    from symhess.digits import compare_methods, newton_digits
    from symhess.landscape import hessian_census
    from symhess.linalg import condition_number, definiteness, eigendecomposition, inertia, shift
    from symhess.optim import minimize

    peano = sp.Piecewise((x * y * (x**2 - y**2) / (x**2 + y**2), sp.Ne(x**2 + y**2, 0)),
                         (0, True))
    return {
        "hessian": lambda: second_derivatives(x**3 - 3 * x + y**2, at={x: 1, y: 0}),
        "analyze at a point": lambda: analyze(x**3 - 3 * x + y**2, at={x: 1, y: 0}),
        "analyze without a point": lambda: analyze(x**4 + y**2),
        "definiteness": lambda: definiteness(sp.Matrix([[2, 1], [1, 2]])),
        "definiteness with a parameter": lambda: definiteness(sp.Matrix([[1, k], [k, 4]])),
        "inertia": lambda: inertia(sp.Matrix([[1, 2], [2, 1]])),
        "eigen": lambda: eigendecomposition(sp.Matrix([[2, 1], [1, 2]])),
        "condition number": lambda: condition_number(sp.Matrix([[2, 1], [1, 2]])),
        "shift": lambda: shift(sp.Matrix([[1, 2], [2, 1]]), sp.Rational(1, 10)),
        "taylor": lambda: taylor2(sp.exp(x) * y, {x: 0, y: 1}),
        "mixed partials": lambda: mixed_partials(x**2 * y**3),
        "mixed partial by limits": lambda: mixed_partial_by_limits(peano, x, y, {x: 0, y: 0}),
        "constrained": lambda: constrained_critical_points(x + y, [x**2 + y**2 - 1]),
        "minimize": lambda: minimize(x**2 + 10 * y**2, [1, 1], method="newton",
                                     backend="exact"),
        "digits": lambda: newton_digits(x**2 - 2, 1, digits=50),
        "method comparison": lambda: compare_methods(x**2 - 2, 1, digits=30),
        "census": lambda: hessian_census(2, samples=50),
    }


RESULTS = {**_others(), **_critical()}

#: Calculator answers that are not result objects, with the line that gives each.
REPLIES = ["f(x, y) = x^3 - 3x + y^2", "minors [[2,1],[1,2]]", "charpoly [[2,1],[1,2]]",
           "d/dx x^2 y", "diff x^2 y^3 x y", "solve x^2 = 2", "gradient x y at (1, 2)",
           "[[1, k], [k, 4]]"]


@pytest.fixture(scope="module")
def rendered():
    """name -> (text, LaTeX, JSON or None) for every result and calculator answer."""
    out = {}
    for name, make in RESULTS.items():
        r = make()
        assert isinstance(r, results.Result), name
        out[name] = (str(r), r.latex(), r.to_json())
    session = Session()
    for line in REPLIES:
        reply = session.run(line)
        assert reply.status == 0, (line, reply.text)
        out[line] = (reply.text, reply.latex, None)
    return out


def test_every_result_renders_as_text_latex_and_json(rendered):
    for name, (text, tex, data) in rendered.items():
        assert text.strip(), name
        assert tex and tex.strip(), name
        if data is not None:
            assert isinstance(json.loads(data), dict), name


def _text_arguments(tex: str):
    """The contents of each ``\\text{...}`` (braces balanced)."""
    for m in re.finditer(r"\\text\{", tex):
        depth, i = 1, m.end()
        while depth and i < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[i], 0) if tex[i - 1] != "\\" else 0
            i += 1
        yield tex[m.end():i - 1]


def test_no_macro_inside_text_where_mathjax_would_show_it_literally(rendered):
    bad = {name: arg for name, (_, tex, _) in rendered.items()
           for arg in _text_arguments(tex) if "\\" in arg}
    assert not bad, bad


def test_no_result_latex_is_a_dump_of_its_text(rendered):
    dumps = [name for name, (text, tex, _) in rendered.items()
             if tex.count(r"\text{") > 3 and len(re.sub(r"\\text\{[^{}]*\}", "", tex)) <
             0.2 * len(tex)]
    assert not dumps, dumps


PREAMBLE = (r"\documentclass{article}\usepackage[utf8]{inputenc}\usepackage{amsmath,amssymb}"
            r"\usepackage[margin=1cm,paperwidth=60cm,paperheight=200cm]{geometry}"
            r"\begin{document}")


def _compile(snippets: list[str], where) -> str | None:
    """The first TeX error of a document with each snippet as display maths, or None."""
    body = "\n".join(rf"\[{s}\]" + "\n\\clearpage" for s in snippets)
    (where / "doc.tex").write_text(PREAMBLE + body + r"\end{document}", encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=where, capture_output=True, text=True, timeout=300)
    if done.returncode == 0:
        return None
    log = (where / "doc.log").read_text(errors="replace")
    error = log[log.find("\n!"):][:600] if "\n!" in log else done.stdout[-600:]
    return error


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="needs pdflatex: apt-get install texlive-latex-base")
def test_every_latex_compiles_in_tex(rendered, tmp_path):
    names = list(rendered)
    if _compile([rendered[n][1] for n in names], tmp_path) is None:
        return
    failures = {n: _compile([rendered[n][1]], tmp_path) for n in names}
    failures = {n: (e, rendered[n][1][:300]) for n, e in failures.items() if e is not None}
    assert not failures, failures


MATHJAX = Path("/usr/share/javascript/mathjax/MathJax.js")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{TeX: {{noErrors: {{disabled: true}}, noUndefined: {{disabled: true}}}},
                    messageStyle: "none"}});
var problems = [];
MathJax.Hub.Register.MessageHook("TeX Jax - parse error", function (m) {{
  problems.push(String(m[1])); }});
MathJax.Hub.Register.MessageHook("Math Processing Error", function (m) {{
  problems.push(String(m[2])); }});
MathJax.Hub.Queue(function () {{
  var report = document.createElement("pre");
  report.id = "report";
  report.textContent = JSON.stringify({{problems: problems,
    typeset: document.querySelectorAll(".MathJax_CHTML").length,
    errors: document.querySelectorAll(".mjx-merror").length}});
  document.body.appendChild(report); }});
</script>
<script src="file://{mathjax}?config=TeX-AMS_CHTML"></script></head><body>
{body}
</body></html>"""


def mathjax_report(snippets: list[str], where: Path) -> dict:
    """Typeset the snippets with MathJax in headless Chromium; what MathJax reported."""
    body = "\n".join(f"<div>\\[{html.escape(s)}\\]</div>" for s in snippets)
    page = where / "page.html"
    page.write_text(PAGE.format(mathjax=MATHJAX, body=body), encoding="utf-8")
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--allow-file-access-from-files", "--virtual-time-budget=60000",
                           "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=240)
    found = re.search(r'<pre id="report">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.skipif(CHROMIUM is None or not MATHJAX.exists(),
                    reason="needs a browser and MathJax: apt-get install chromium libjs-mathjax")
def test_every_latex_typesets_in_mathjax_without_error(rendered, tmp_path):
    names = list(rendered)
    report = mathjax_report([rendered[n][1] for n in names], tmp_path)
    assert report["problems"] == [] and report["errors"] == 0, report
    assert report["typeset"] == len(names)
