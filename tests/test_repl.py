"""The calculator session, driven directly: what a user types and what comes back."""

import _thread
import importlib.util
import io
import subprocess
import sys
import threading

import pytest
import sympy as sp

from symhess.repl import COMMANDS, Session, history_path, run

x, y, k = sp.symbols("x y k")
LAMBDA = sp.Symbol("lambda")


# (x+y+z+w+1)^20 has 10 626 terms: its Hessian takes far longer than any budget used here
SLOW = "hessian (x+y+z+w+1)^20"


@pytest.fixture
def session():
    s = Session()
    s.run("f = x^3 - 3x + y^2")
    return s


def test_definition_reads_as_typed_and_prints_in_two_dimensions(session):
    reply = session.run("g = 2xy + sin^2(x)")
    assert session.names["g"] == 2 * x * y + sp.sin(x) ** 2
    assert reply.text.splitlines()[-1] == "g = 2⋅x⋅y + sin (x)"
    assert reply.status == 0


def test_hessian_of_a_named_function_at_a_point(session):
    reply = session.run("hessian f at (1, 0)")
    assert reply.result.hessian == sp.Matrix([[6 * x, 0], [0, 2]])
    assert reply.result.hessian_at == sp.Matrix([[6, 0], [0, 2]])
    assert "H = ∇²f =" in reply.text
    assert reply.latex == reply.result.latex()


def test_gradient_vanishes_at_the_critical_point(session):
    assert session.run("gradient f").result == sp.Matrix([3 * x**2 - 3, 2 * y])
    assert session.run("gradient f at x=-1, y=0").result == sp.Matrix([0, 0])


def test_names_are_substituted_into_new_expressions(session):
    reply = session.run("f^2 + 1")
    assert reply.result == (x**3 - 3 * x + y**2) ** 2 + 1


def test_definiteness_with_a_parameter_gives_the_condition_for_each_kind():
    reply = Session().run("definiteness [[1,k],[k,4]]")
    d = reply.result
    assert d.classification == "depends"
    assert d.conditions["positive definite"] == sp.And(k > -2, k < 2)
    assert "positive definite: -2 < k < 2" in reply.text
    assert "positive semidefinite: k = ±2" in reply.text
    assert "negative definite ⇔ (−1)ʲ Dⱼ > 0 for every j" in reply.text  # k is taken


def test_minors_charpoly_and_eigen_reuse_the_last_hessian(session):
    session.run("hessian f at (1, 0)")
    minors = session.run("minors")
    assert "D₁ = 6" in minors.text and "D₂ = 12" in minors.text
    assert session.run("charpoly").result == LAMBDA**2 - 8 * LAMBDA + 12
    eig = session.run("eigen").result
    assert [e.value for e in eig.eigenvalues] == [2, 6]


def test_minors_of_a_semidefinite_matrix_list_every_principal_minor():
    reply = Session().run("minors [[0,0],[0,-1]]")
    assert "Δ₂ = -1" in reply.text  # the leading minors 0, 0 alone would hide it
    assert reply.latex == (r"D_{1} = 0,\quad D_{2} = 0;\qquad "
                           r"\Delta_{1} = 0,\quad \Delta_{2} = -1,\quad \Delta_{12} = 0")


def test_a_function_given_to_a_matrix_command_means_its_hessian(session):
    d = session.run("definiteness f at (1, 0)").result
    assert d.classification == "positive definite"
    assert session.run("charpoly x^2 + 3y^2").result == LAMBDA**2 - 8 * LAMBDA + 12


def test_matrix_names_and_multi_line_matrices():
    s = Session()
    s.run("H = [[2, 1],\n [1, 2]]")
    assert s.names["H"] == sp.Matrix([[2, 1], [1, 2]])
    assert s.run("definiteness H").result.classification == "positive definite"
    assert s.run("charpoly 1 2 \\\n2 1").result == LAMBDA**2 - 2 * LAMBDA - 3


def test_taylor_model_at_a_point(session):
    t = session.run("taylor f at (1, 0)").result
    assert t.model == 3 * x**2 - 6 * x + y**2 + 1


def test_newton_converges_to_the_minimum_from_two_one(session):
    r = session.run("newton f from (2, 1)").result
    assert r.success and r.method == "newton"
    assert abs(r.x[0] - 1) < sp.Rational(1, 10**12) and r.x[1] == 0


def test_classify_finds_the_minimum_and_the_saddle(session):
    reply = session.run("classify f")
    assert reply.status == 0, reply.text
    types = sorted(p["type"] for p in reply.result.to_dict()["critical_points"])
    assert types == ["min", "saddle"]


def test_classify_at_a_point(session):
    reply = session.run("classify f at (1, 0)")
    assert reply.status == 0, reply.text
    assert "min" in reply.text


def test_digits_of_the_square_root_of_two_double():
    reply = Session().run("digits x^2-2 from 1 to 100")
    assert reply.status == 0, reply.text
    assert reply.result.reference == "sqrt(2)"
    digits = [step.correct_digits for step in reply.result.iterations]
    assert digits[-1] == 100 and digits[-2] >= 45
    assert reply.text.startswith("newton on x**2 - 2 = 0 to 100 digits")


def test_digits_of_a_minimiser_start_from_a_point():
    reply = Session().run("digits x^3 - 3x + (y - 1)^2 from (2, 2) to 50")
    assert reply.status == 0, reply.text
    assert reply.result.iterations[-1].correct_digits == 50


def test_parse_error_has_a_caret_under_the_problem_in_the_whole_line():
    reply = Session().run("hessian x^^2")
    assert reply.text.splitlines() == [
        "error: unexpected '^' at column 11",
        "  hessian x^^2",
        "            ^",
    ]
    assert reply.status == 2


def test_caret_goes_under_the_right_line_of_a_multi_line_input():
    lines = Session().execute("definiteness [[1, 2],\n [2, 1 +]]").splitlines()
    assert lines[1] == "   [2, 1 +]]"
    assert lines[2].index("^") == lines[1].index("]")


def test_misspelt_command_is_named():
    reply = Session().run("hesian x^2")
    assert reply.text.startswith("error: unknown command 'hesian': did you mean 'hessian'?")


def test_errors_do_not_end_the_session(session):
    for bad in ("minors", "taylor f", "hessian = 3", "sin = 2", "help nothing",
                "eigen [[1,2],[3]]", "definiteness [[1,2],[2,1]] at (1,1)"):
        reply = session.run(bad)
        assert reply.status == 2 and reply.text.startswith("error: "), (bad, reply.text)
        assert not session.finished
    session.run("H = [[1,2],[2,1]]")
    assert session.run("H + 1").text.startswith("error: H is a matrix; use it on its own")
    assert session.run("hessian f").status == 0


# An interrupt that lands inside a gc callback is "ignored" by Python (pytest warns) and the
# budget delivers it again 50 ms later, so the warning is harmless here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_computation_past_its_budget_says_so_and_returns():
    s = Session(timeout=0.5)
    reply = s.run(SLOW)
    assert reply.status == 3
    assert reply.text.startswith("hessian ran out of its time budget (0.5 s)")
    assert s.run("hessian x^2").status == 0


def test_ctrl_c_stops_the_command_not_the_session():
    s = Session(timeout=20)  # only a bound, should the interrupt be lost in a gc callback
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        reply = s.run(SLOW)
    finally:
        timer.cancel()
    assert (reply.text, reply.status) == ("interrupted", 130)
    assert s.run("hessian x y").result.hessian == sp.Matrix([[0, 1], [1, 0]])


def test_latex_of_the_last_result_goes_to_the_clipboard():
    copied = []
    s = Session(copy=lambda text: copied.append(text) or True)
    s.run("definiteness [[2,1],[1,2]]")
    reply = s.run("latex")
    assert copied == [r"\begin{pmatrix}2 & 1\\1 & 2\end{pmatrix}\ "
                      r"\text{is positive definite}"]
    assert reply.text == copied[0] + "\n(copied to the clipboard)"


def test_latex_is_printed_when_there_is_no_clipboard():
    s = Session(copy=lambda text: False)
    s.run("charpoly [[0,1],[1,0]]")
    assert s.execute("latex") == r"p(\lambda) = \det(\lambda I - H) = \lambda^{2} - 1"


def test_help_lists_every_command_and_explains_one():
    text = Session().execute("help")
    assert all(c.usage in text for c in COMMANDS.values())
    assert Session().execute("help classify").splitlines()[0] == (
        "classify EXPR [at POINT | subject to EQUATION [and EQUATION]]")


def test_completion_of_commands_names_and_functions(session):
    session.run("rate = 3x")
    assert session.completions("hes") == ["hessian"]
    assert session.completions("help cl") == ["classify", "clear"]
    assert session.completions("hessian ra") == ["rate"]
    assert session.completions("taylor f a") == ["abs", "acos", "asin", "at", "atan"]
    assert "exp" in session.completions("gradient e")


def test_a_multi_letter_name_stays_whole(session):
    session.run("rate = 3x")
    assert session.run("hessian rate^2").result.f == 9 * x**2


def test_names_and_timeout_commands(session):
    assert session.execute("names").splitlines()[-1] == "f = x  - 3⋅x + y"
    assert session.execute("timeout 7") == "time budget per command: 7 s"
    assert session.timeout == 7.0
    assert session.execute("timeout 0") == "time budget per command: none"
    assert session.timeout is None


def test_exit_finishes_the_session(session):
    assert session.execute("exit") == ""
    assert session.finished


def test_plain_lines_when_stdin_is_not_a_terminal():
    out = io.StringIO()
    status = run(Session(), stdin=io.StringIO("f = x^2 y\n\nhessian f\nexit\nhessian x\n"),
                 stdout=out)
    assert status == 0
    assert "H = ∇²f =" in out.getvalue() and out.getvalue().count("H = ∇²f") == 1


def test_plain_lines_report_the_first_failure_in_the_exit_status():
    out = io.StringIO()
    assert run(Session(), stdin=io.StringIO("hessian x^^2\nhessian x\n"), stdout=out) == 2
    assert "^" in out.getvalue() and "H = ∇²f" in out.getvalue()


def test_history_file_location(monkeypatch, tmp_path):
    monkeypatch.setenv("SYMHESS_HISTORY", str(tmp_path / "h"))
    assert history_path() == tmp_path / "h"
    monkeypatch.delenv("SYMHESS_HISTORY")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert history_path() == tmp_path / "symhess" / "history"


def test_symhess_without_arguments_reads_commands_from_a_pipe():
    done = subprocess.run([sys.executable, "-m", "symhess.cli"], input="hessian x^2 y\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "⎡2⋅y  2⋅x⎤" in done.stdout


def test_repl_timeout_budgets_each_command_not_the_session():
    done = subprocess.run([sys.executable, "-m", "symhess.cli", "repl", "--timeout", "1"],
                          input=f"{SLOW}\nhessian x^2\n", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3
    assert "ran out of its time budget (1 s)" in done.stdout
    assert done.stdout.rstrip().endswith("H = ∇²f =\n  [2]")


def test_a_terminal_without_prompt_toolkit_still_gets_a_prompt(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: None if name == "prompt_toolkit" else real(name))
    out = Tty()
    assert run(Session(), stdin=Tty("hessian x^2\n"), stdout=out) == 0
    assert out.getvalue().startswith("(no history, completion or editing: install symhess[repl]")
    assert "symhess> f = x**2" in out.getvalue()  # the prompt, then the answer
    assert out.getvalue().endswith("symhess> \n")  # a prompt for the next line, then EOF


# -- the calculator's language ----------------------------------------------------------------


@pytest.fixture
def defined():
    s = Session()
    s.run("f(x, y) = x^3 - 3x + y^2")
    return s


def test_a_function_definition_keeps_its_variables_in_order(defined):
    f = defined.names["f"]
    assert isinstance(f, sp.Lambda)
    assert f.variables == (x, y) and f.expr == x**3 - 3 * x + y**2
    defined.run("g(y, x) = x - y")
    assert defined.run("g(1, 0)").result == -1  # y = 1, x = 0: the order written


def test_evaluation_by_call_and_by_at_agree(defined):
    assert defined.run("f(1, 2)").result == 2
    assert defined.run("f at (1, 2)").result == 2
    assert defined.run("f(1/3, y)").result == sp.Rational(1, 27) - 1 + y**2
    assert defined.run("2f(1,1) + f(x, 0)").result == x**3 - 3 * x - 2


def test_a_call_with_the_wrong_number_of_arguments_says_how_many(defined):
    reply = defined.run("f(1)")
    assert reply.status == 2
    assert reply.text.startswith("error: f takes 2 argument(s) (x, y), got 1")


def test_hessian_of_f_at_a_point_reads_like_the_sentence(defined):
    reply = defined.run("hessian of f at (1, 0)")
    assert reply.result.hessian_at == sp.Matrix([[6, 0], [0, 2]])


def test_derivatives_in_leibniz_and_in_words(defined):
    assert defined.run("d/dx f").result == 3 * x**2 - 3
    assert defined.run("d/dy f").result == 2 * y
    assert defined.run("diff f x x").result == 6 * x
    assert defined.run("diff f x y").result == 0
    assert defined.run("diff x^2 y^3 y y").result == 6 * x**2 * y
    assert defined.run("diff x^2 y^3 y").text.splitlines()[-1] == "∂f/∂y = 3⋅x ⋅y"


def test_eigenvalues_is_another_name_for_eigen():
    reply = Session().run("eigenvalues [[2,1],[1,2]]")
    assert [e.value for e in reply.result.eigenvalues] == [1, 3]


def test_solve_gives_exact_solutions():
    s = Session()
    assert s.run("solve x^2 = 2").result == [{x: -sp.sqrt(2)}, {x: sp.sqrt(2)}]
    assert s.run("solve x + y = 1, x - y = 3").result == [{x: 2, y: -1}]
    assert s.run("solve x y - 1 for y").result == [{y: 1 / x}]
    under = s.run("solve x^2 + y^2")
    assert under.status == 2 and "expected as many equations as unknowns" in under.text


@pytest.mark.parametrize(("line", "message"), [
    ("eigenvals [[2,1],[1,2]]", "unknown command 'eigenvals': did you mean 'eigenvalues'?"),
    ("2 eigenvalues", "'eigenvalues' is a command: expected it first on the line"),
    ("hessian of sin(x)cos(y) + minorz", "unknown name 'minorz': did you mean 'minors'?"),
    ("hessian xyz", "unknown name 'xyz'"),
    ("hessian foo(x)", "unknown function 'foo'"),
    ("minimize x^2", "unknown command 'minimize': to minimize, run  newton f"),
    ("gradiant x^2", "unknown command 'gradiant': did you mean 'gradient'?"),
    ("del x", "'x' is not defined"),
    ("f(x, y) = ", "something is missing here: expected an expression"),
    ("f() = x", "expected the variables between the brackets"),
    ("clear", "expected the names to forget"),
    ("diff x^2", "expected the variables after the function"),
])
def test_a_word_that_is_no_name_is_an_error_that_says_what_was_expected(line, message):
    reply = Session().run(line)
    assert reply.status == 2
    assert reply.text.startswith("error: " + message), reply.text


def test_words_are_never_products_of_their_letters():
    s = Session()
    s.run("f = x^3 - 3xy + y^3")
    for word in ("eigenvalues", "minimize", "plot", "del"):
        assert s.run(f"{word}x f").status == 2  # not e·i·g·... times f
    assert s.run("hessian of f").result.hessian == sp.Matrix([[6 * x, -3], [-3, 6 * y]])


def test_letters_written_together_split_into_names_in_play_and_it_is_said_once():
    s = Session()
    first = s.run("x^3 - 3xy + y^3")
    assert first.result == x**3 - 3 * x * y + y**3
    assert first.text.splitlines()[0] == "(reading xy as x·y)"
    assert "reading" not in s.run("xy + x + y").text


def test_e_is_eulers_number_unless_declared_a_variable():
    s = Session()
    assert s.run("e^x").result == sp.exp(x)
    assert "e is now a variable" in s.run("vars e").text
    assert s.run("e^x").result == sp.Symbol("e") ** x
    s.run("clear e")
    assert s.run("e^x").result == sp.exp(x)


def test_clear_undoes_a_value_given_to_a_variable():
    s = Session()
    s.run("x = 2")
    kept = s.run("hessian x^2 + x y")
    assert kept.result.f == 2 * y + 4
    assert kept.text.splitlines()[0] == "(using x = 2; clear x to make x a variable again)"
    assert s.run("del x").text == "forgot x"
    assert s.run("hessian x^2 + x y").result.f == x**2 + x * y


def test_vars_lists_definitions_and_declarations(defined):
    defined.run("vars a, b")
    text = defined.run("vars").text
    assert "f(x, y) = x  - 3⋅x + y" in text.replace("\n", " ").replace("  ", " ") or \
        "f(x, y)" in text
    assert text.splitlines()[-1] == "variables: a, b"


def test_plot_marks_the_critical_points_by_type(defined, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    reply = defined.run("plot f")
    assert reply.status == 0, reply.text
    assert dict(reply.result.marked) == {"min": 1, "max": 0, "saddle": 1, "undetermined": 0}
    assert reply.result.path == tmp_path / "symhess-plot-f.png"
    assert reply.result.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    one = Session().run("plot x^3 - 3x")
    assert dict(one.result.marked)["max"] == 1


def test_a_backslash_or_an_open_bracket_continues_an_expression():
    s = Session()
    assert s.run("hessian x^2 + \\\ny^2").result.hessian == sp.Matrix([[2, 0], [0, 2]])
    assert s.run("hessian (x^2 +\n y^2)").result.hessian == sp.Matrix([[2, 0], [0, 2]])
    error = s.run("hessian (x^2 +\n y^2")
    assert error.status == 2 and "never closed" in error.text


class _Keys:
    """Lines typed at a terminal, for the loop without prompt_toolkit: a line, or an
    exception that ``input`` raises (KeyboardInterrupt for Ctrl-C)."""

    def __init__(self, *keys):
        self.keys = list(keys)
        self.prompts = []

    def __call__(self, prompt):
        self.prompts.append(prompt)
        if not self.keys:
            raise EOFError
        key = self.keys.pop(0)
        if isinstance(key, BaseException):
            raise key
        return key


def test_the_continuation_prompt_differs_and_an_empty_line_or_ctrl_c_leaves_it():
    from symhess.repl.terminal import CONTINUATION, PROMPT, _prompting

    keys = _Keys("definiteness [[1, k],", " [k, 4]]", "hessian (x^2", "", "gradient [[1,",
                 KeyboardInterrupt(), KeyboardInterrupt(), "hessian x^2 + \\", "y^2")
    out = io.StringIO()
    assert _prompting(Session(), keys, out) == 0
    assert keys.prompts == [PROMPT, CONTINUATION, PROMPT, CONTINUATION, PROMPT, CONTINUATION,
                            PROMPT, PROMPT, CONTINUATION, PROMPT]
    assert CONTINUATION != PROMPT
    text = out.getvalue()
    assert "positive definite: -2 < k < 2" in text
    assert "never closed" in text  # the empty line ended the unclosed bracket
    assert "^C (dropped the unfinished command)" in text
    assert "⎡2  0⎤" in text  # the backslash joined the two lines


def test_full_lifts_the_size_limits_for_the_session():
    s = Session()
    p = "(x (x^2-1)(x^2-4)(x^2-9)(x^2-16)(x^2-25)(x^2-36)(x^2-49)(x^2-64))^2"
    assert "… 3 more not shown (full on shows all)" in s.run("classify " + p).text
    assert s.run("full on").text == "long answers are shown whole"
    assert "more not shown" not in s.run("classify " + p).text
    assert s.run("full maybe").text.startswith("error: expected on or off, not 'maybe'")


def test_an_evaluation_is_labelled_as_typed_in_text_and_latex(defined):
    at = defined.run("f at (-1, 0)")
    assert at.text == "f(-1, 0) = 2" and at.latex == "f(-1, 0) = 2"
    typed = defined.run("f(1,2)^2 + f(x,1)")
    assert typed.text.splitlines()[-1] == "f(1,2)^2 + f(x,1) = x  - 3⋅x + 5"
    assert typed.latex == "f(1,2)^{2} + f(x,1) = x^{3} - 3 x + 5"


def test_a_missing_part_of_a_command_is_named():
    s = Session()
    assert s.run("taylor x^2").text.startswith("error: expected 'at' and a point: ... at (1, 0)")
    assert s.run("digits x^2-2").text.startswith("error: expected 'to' and a number of digits")
    assert s.run("digits x^2-2 to 9").text.startswith("error: expected 'from' and a start")


def test_classify_subject_to_in_the_calculator():
    from symhess.repl import Session

    s = Session()
    s.run("f(x, y) = x*y")
    reply = s.run("classify f subject to x^2 + y^2 = 2")
    r = reply.result
    assert {(p.point[sp.Symbol("x")], p.type.value) for p in r.points} == {
        (1, "max"), (-1, "max"), (1, "min"), (-1, "min")}
    assert r.global_extrema.maximum.value == 1


def test_classify_at_a_point_of_a_function_with_a_parameter_gives_the_condition_per_type():
    session = Session()
    session.run("f(x, y) = x^2 + k y^2")
    reply = session.run("classify f at (0, 0)")
    assert reply.status == 0, reply.text
    assert reply.text.splitlines()[0] == "(x = 0, y = 0): depends on k"
    assert reply.result.evidence.conditions["min"] == (sp.Symbol("k") > 0)
    listed = session.run("classify f")  # the list itself can change with k: refused, why said
    assert listed.status == 2 and "f has parameters (k)" in listed.text
