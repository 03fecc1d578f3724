"""The IPython extension: magics run calculator commands and render LaTeX."""

import importlib.util

import pytest
import sympy as sp

pytest.importorskip("IPython")

from IPython.core.error import UsageError  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

from symhess.ipython import Shown, load_ipython_extension  # noqa: E402

x, y, k = sp.symbols("x y k")


@pytest.fixture(scope="module")
def shell():
    ip = InteractiveShell.instance()
    result = ip.run_line_magic("load_ext", "symhess.ipython")
    assert result is None
    yield ip
    ip.run_line_magic("reset", "-f")


def _cell(shell, text):
    with capture_output() as captured:
        outcome = shell.run_cell(text)
    return outcome, captured


def test_load_ext_registers_the_magics(shell):
    magics = shell.magics_manager.magics
    assert {"hessian", "classify", "definiteness"} <= set(magics["line"])
    assert "symhess" in magics["cell"]


def test_definiteness_magic_returns_the_result_rendered_as_latex(shell):
    d = shell.run_line_magic("definiteness", "[[1,k],[k,4]]")
    assert d.classification == "depends"
    data, _ = shell.display_formatter.format(d)
    assert data["text/latex"].startswith(r"$\displaystyle \begin{pmatrix}1 & k")
    assert set(data) == {"text/plain", "text/latex"}  # one rich rendering, text the fallback
    assert r"\begin{cases}" in data["text/latex"]
    assert data["text/plain"] == str(d)  # the explanation, not the dataclass repr


def test_hessian_magic_at_a_point(shell):
    r = shell.run_line_magic("hessian", "x^3 - 3x + y^2 at (1, 0)")
    assert r.hessian_at == sp.Matrix([[6, 0], [0, 2]])


def test_cell_magic_defines_names_shared_with_python_and_displays_latex(shell):
    outcome, captured = _cell(shell, "%%symhess\nf = x^3 - 3x + y^2\nhessian f\ncharpoly")
    assert outcome.success, outcome.error_in_exec
    assert shell.user_ns["f"] == x**3 - 3 * x + y**2
    latex = [o.data["text/latex"] for o in captured.outputs]
    assert len(latex) == 3
    assert latex[2] == (r"$\displaystyle p(\lambda) = \det(\lambda I - H) = "
                        r"\lambda^{2} + \lambda \left(- 6 x - 2\right) + 12 x$")


def test_a_python_sympy_expression_is_usable_by_name(shell):
    shell.user_ns["g"] = sp.exp(x * y)
    r = shell.run_line_magic("hessian", "g at (0, 0)")
    assert r.hessian_at == sp.Matrix([[0, 1], [1, 0]])


def test_an_error_is_a_usage_error_with_a_caret_and_stops_the_cell(shell):
    with pytest.raises(UsageError) as info:
        shell.run_line_magic("hessian", "x^^2")
    assert str(info.value).splitlines() == [
        "unexpected '^' at column 11", "  hessian x^^2", "            ^"]
    outcome, captured = _cell(shell, "%%symhess\nhessian x^^2\nhessian x^2")
    assert isinstance(outcome.error_in_exec, UsageError)
    assert captured.outputs == []


def test_multi_line_matrix_in_a_cell(shell):
    outcome, captured = _cell(shell, "%%symhess\n# a comment\ndefiniteness [[2, 1],\n [1, 2]]\n")
    assert outcome.success
    [shown] = captured.outputs
    assert shown.data["text/latex"].endswith(r"\text{is positive definite}$")


def test_load_ipython_extension_directly_keeps_its_own_session():
    shell = InteractiveShell.instance()
    load_ipython_extension(shell)
    shown = shell.run_cell_magic("symhess", "", "gradient x^2 y")
    assert shown is None
    value = shell.run_line_magic("definiteness", "[[0,0],[0,-1]]")
    assert value.classification == "negative semidefinite"


def test_shown_renders_text_and_latex():
    from symhess.repl import Session

    shown = Shown(Session().run("gradient x^2"))
    assert shown.value == sp.Matrix([2 * x])
    assert shown._repr_latex_() == (r"$\displaystyle \nabla f = "
                                    r"\begin{pmatrix}2 x\end{pmatrix}$")
    assert repr(shown) == "∇f = [2⋅x]"


@pytest.mark.skipif(importlib.util.find_spec("symhess.critical") is None,
                    reason="symhess.critical has not landed")
def test_classify_magic(shell):
    r = shell.run_line_magic("classify", "x^3 - 3x + y^2")
    types = sorted(p["type"] for p in r.to_dict()["critical_points"])
    assert types == ["min", "saddle"]
    assert "text/latex" in shell.display_formatter.format(r)[0]


@pytest.mark.skipif(not hasattr(__import__("symhess"), "load_ipython_extension"),
                    reason="symhess/__init__.py does not export load_ipython_extension yet")
def test_load_ext_symhess_itself():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "symhess")
    assert shell.run_line_magic("hessian", "x y").hessian == sp.Matrix([[0, 1], [1, 0]])


RICH = {"text/latex", "text/html", "image/png"}


def test_each_answer_of_a_cell_is_one_rich_display_with_text_as_the_fallback(shell, tmp_path,
                                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    cell = ("%%symhess\nf(x, y) = x^3 - 3x + y^2\nf(1, 2)\nclassify f\nhessian of f at (1, 0)\n"
            "definiteness [[1,k],[k,4]]\nnewton f from (2, 1)\ntaylor f at (1, 0)\nplot f\n")
    outcome, captured = _cell(shell, cell)
    assert outcome.success, outcome.error_in_exec
    assert len(captured.outputs) == 8
    for shown in captured.outputs:
        rich = set(shown.data) & RICH
        assert len(rich) == 1 and "text/plain" in shown.data, set(shown.data)
        assert set(shown.data) == rich | {"text/plain"}
    assert "image/png" in captured.outputs[-1].data  # the plot is a picture
    assert r"\land" not in captured.outputs[4].data["text/latex"]
    assert r"-2 < k < 2" in captured.outputs[4].data["text/latex"]
    assert r"\delta_{x}" in captured.outputs[6].data["text/latex"]  # no raw δx


SESSION_CELLS = [
    "%load_ext symhess",
    "%%symhess\nf(x, y) = x^3 - 3x + y^2\nclassify f\nf(1, 2)\ndefiniteness [[1,k],[k,4]]",
    "r = %classify x^9 - x^2 + y^2 + x/4\nr",
    "%%symhess\nnewton f from (2, 1)\ntaylor f at (1, 0)\nplot f",
]


def run_notebook(cells, where):
    """A notebook of these code cells, executed in a real kernel."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(where)}}).execute()
    return nb


def test_a_notebook_shows_each_result_once_as_one_rich_output(tmp_path):
    nb = run_notebook(SESSION_CELLS, tmp_path)
    outputs = [o for c in nb.cells for o in c.outputs]
    assert [o.output_type for o in outputs if o.output_type in ("error", "stream")] == []
    assert len(outputs) == 4 + 1 + 3  # one per answer: 4 + the returned result + 3
    for o in outputs:
        rich = set(o.data) & RICH
        assert len(rich) == 1 and set(o.data) == rich | {"text/plain"}, set(o.data)
    assert "image/png" in outputs[-1].data
