"""Write the sample notebooks: ``python exercises/hessian-basics/make_notebooks.py``.

``notebook(student, wrong=...)`` is a student's notebook as a student would write it: SymPy
computations with *their* numbers (from the prompts), nothing from the answer key.  ``wrong``
names questions answered with a common mistake instead.  Used by the tests and the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).parent


def _params(student):
    from symhess.exercises import load_assignment

    a = load_assignment(HERE)
    return {q.id: {k: int(v) for k, v in a.variant(q, student).items()}
            for q in a.questions}


def _cells(p, wrong):
    q1 = ("H = sp.hessian(f1, (x, y))\nq1 = sp.Matrix([[H[0, 0], H[0, 1] / 2], [H[1, 0], H[1, 1]]])"
          if "q1" in wrong else "q1 = sp.hessian(f1, (x, y))")
    q2 = "q2 = sp.diff(f2, x, y) / 2" if "q2" in wrong else "q2 = sp.diff(f2, x, y)"
    q5 = ('q5 = "positive semidefinite"  # both diagonal entries positive' if "q5" in wrong
          else "q5 = 'indefinite' if M5.det() < 0 else 'positive definite'")
    q6 = ("q6 = [(p, {'min': 'saddle', 'saddle': 'min'}[t]) for p, t in pts]" if "q6" in wrong
          else "q6 = pts")
    q7 = "q7 = 1 / lmax" if "q7" in wrong else "q7 = 2 / lmax"
    return [
        "import sympy as sp\nimport symhess\n\nx, y, a = sp.symbols('x y a', real=True)\n"
        "ex = symhess.exercise('hessian-basics')\nex",
        f"f1 = {p['q1']['a']}*x**2*y + x*y**3\n{q1}",
        f"f2 = x**3*y**2 + {p['q2']['a']}*x*y\n{q2}",
        f"M3 = sp.Matrix([[{p['q3']['a']}, 1, 0], [1, 2, 1], [0, 1, {p['q3']['b']}]])\n"
        "q3 = [M3[:k, :k].det() for k in (1, 2, 3)]",
        f"b = {p['q4']['b']}\n# a > 0 and 2a - b^2 > 0\nq4 = f'a > {{sp.Rational(b**2, 2)}}'",
        f"M5 = sp.Matrix([[1, {p['q5']['d']}], [{p['q5']['d']}, 1]])\n{q5}",
        f"f6 = x**3 - {p['q6']['c']}*x + y**2\n"
        "pts = []\nfor s in sp.solve([f6.diff(x), f6.diff(y)], [x, y], dict=True):\n"
        "    H = sp.hessian(f6, (x, y)).subs(s)\n"
        "    pts.append(((s[x], s[y]), 'min' if H.is_positive_definite else 'saddle'))\n"
        f"{q6}",
        f"f7 = {p['q7']['a']}*x**2 + x*y + {p['q7']['b']}*y**2\n"
        "lmax = max(sp.hessian(f7, (x, y)).eigenvals())\n" + q7,
        f"f8 = x**4 + y**2 + {p['q8']['b']}*x*y\nX = sp.Matrix([1, 1])\ns8 = {{x: 1, y: 1}}\n"
        "g = sp.Matrix([f8.diff(v) for v in (x, y)]).subs(s8)\n"
        "q8 = X - sp.hessian(f8, (x, y)).subs(s8).inv() * g",
        f"ev = sp.Matrix([[{p['q9']['a']}, 0], [0, {p['q9']['c']}]]).eigenvals()\n"
        "q9 = max(ev) / min(ev)",
    ]


def _saved_output(student):
    """What Jupyter saves under the cell that displays ``ex``: the questions, and the id they
    were drawn for in the output's metadata."""
    from symhess.exercises import Exercise, load_assignment

    data, metadata = Exercise(load_assignment(HERE), student)._repr_mimebundle_()
    return nbformat.v4.new_output("execute_result", data=data, metadata=metadata,
                                  execution_count=1)


def notebook(student: str, wrong=(), extra=()):
    """``student``'s notebook as saved after running it; ``extra`` code cells run after the
    answers."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# Hessian basics — {student}"))
    for src in [*_cells(_params(student), set(wrong)), *extra]:
        nb.cells.append(nbformat.v4.new_code_cell(src))
    nb.cells[1].outputs = [_saved_output(student)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def blank():
    """The notebook handed out: the id comes from JupyterHub or is asked once, never typed in."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Hessian basics"))
    nb.cells.append(nbformat.v4.new_code_cell(
        "import symhess\n\nex = symhess.exercise('hessian-basics')  # asks for your id once\nex"))
    for i in range(1, 10):
        nb.cells.append(nbformat.v4.new_code_cell(f"# q{i} = ..."))
    return nb


#: the partly wrong sample: which questions it gets wrong and how
PARTLY_WRONG = ("q1", "q5", "q7")

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    nbformat.write(notebook("solution"), out / "solution.ipynb")
    nbformat.write(blank(), out / "blank.ipynb")
    nbformat.write(notebook("partly_wrong", wrong=PARTLY_WRONG), out / "partly_wrong.ipynb")
