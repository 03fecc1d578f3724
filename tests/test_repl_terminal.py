"""The real calculator in a pseudo-terminal, driven as a user would: typing, Tab, Ctrl-C,
the Up arrow, Ctrl-D."""

import os
import re
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

SYMHESS = Path(sys.executable).with_name("symhess")
# Terminal control sequences (cursor moves, modes, colours) are dropped before matching text.
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]")
PROMPT = "symhess>"
CONTINUATION = "     ..."
UP = "\x1b[A"
# symhess as if prompt_toolkit were not installed: the standard library's readline edits
WITHOUT_PROMPT_TOOLKIT = ("import sys; sys.modules['prompt_toolkit'] = None; "
                          "from symhess.cli import main; sys.exit(main([]))")


class Terminal:
    """One ``symhess`` in a pseudo-terminal, with a fresh HOME and history file."""

    def __init__(self, home: Path, mode: str = "prompt_toolkit"):
        env = dict(os.environ, HOME=str(home), TERM="xterm", NO_COLOR="1",
                   PROMPT_TOOLKIT_NO_CPR="1", SYMHESS_HISTORY=str(home / "history"))
        env.pop("XDG_STATE_HOME", None)
        if mode == "readline":  # as installed without the repl extra
            command, args = sys.executable, ["-c", WITHOUT_PROMPT_TOOLKIT]
        else:
            command = str(SYMHESS) if SYMHESS.exists() else sys.executable
            args = [] if SYMHESS.exists() else ["-m", "symhess.cli"]
        self.child = pexpect.spawn(command, args, env=env, encoding="utf-8",
                                   dimensions=(50, 120), cwd=str(home))
        self.mode = mode
        self.raw = ""
        self.seen = 0

    @property
    def screen(self) -> str:
        return ANSI.sub("", self.raw)

    def expect(self, text: str, timeout: float = 60) -> str:
        """Wait until ``text`` appears after what was matched last; return what came before."""
        end = time.monotonic() + timeout
        while True:
            screen = self.screen
            found = screen.find(text, self.seen)
            if found >= 0:
                before, self.seen = screen[self.seen:found], found + len(text)
                return before
            if time.monotonic() > end or not self.child.isalive():
                raise AssertionError(f"{text!r} never appeared; the end of the screen:\n"
                                     f"{screen[-800:]}")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                if text not in self.screen[self.seen:]:
                    raise AssertionError(f"{text!r} never appeared before the end") from None

    def fresh_prompt(self, timeout: float = 60) -> None:
        """Wait for a new prompt that is reading keys.  After Ctrl-C at the prompt, the prompt
        that ends redraws its line before the next one starts; a key sent in between reaches
        a terminal in cooked mode (a Ctrl-D there is consumed as end-of-line, and lost).  The
        new prompt turns on bracketed paste (ESC[?2004h) once its input is raw, then draws."""
        start, end = len(self.raw), time.monotonic() + timeout
        # readline's prompt is printed once its input is ready; prompt_toolkit's as above
        ready = "" if self.mode == "readline" else "\x1b[?2004h"
        while True:
            at = self.raw.find(ready, start)
            if at >= 0 and PROMPT in ANSI.sub("", self.raw[at:]):
                self.seen = len(self.screen)
                return
            if time.monotonic() > end or not self.child.isalive():
                raise AssertionError("no fresh prompt; the end of the screen:\n"
                                     f"{self.screen[-800:]}")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                pass

    def interrupt_at_prompt(self) -> None:
        """Ctrl-C at a prompt.  CPython's readline loop notices a signal only when its
        select() is interrupted: a Ctrl-C landing between the prompt and the select() waits
        for the next key.  A person is never that fast; the test waits as a person would."""
        if self.mode == "readline":
            time.sleep(0.3)
        self.child.sendintr()

    def type(self, text: str) -> None:
        self.child.send(text)

    def enter(self, line: str = "") -> None:
        self.child.send(line + "\r")

    def quit(self) -> int:
        """Ctrl-D at an empty prompt; the exit status."""
        self.child.sendeof()
        self.child.expect(pexpect.EOF, timeout=30)
        self.child.close()
        return self.child.exitstatus


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (Linux); elsewhere wall time, as a plain delay."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return time.monotonic()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def terminal(tmp_path):
    t = Terminal(tmp_path)
    yield t
    if t.child.isalive():
        t.child.terminate(force=True)


def test_typing_completion_an_error_and_recovery(terminal):
    terminal.expect(PROMPT)
    terminal.enter("curve = x^3 - 3x + y^2")
    terminal.expect("curve = x  - 3⋅x + y")
    terminal.expect(PROMPT)
    terminal.type("hes\t")  # Tab completes the command ...
    terminal.expect("hessian")
    terminal.type(" cu\t")  # ... and the defined name
    terminal.expect("curve")
    terminal.enter(" at (1, 0)")
    terminal.expect("H = ∇²f =")
    terminal.expect("⎣0  2⎦")
    terminal.expect(PROMPT)
    terminal.enter("hessian x^^2")
    terminal.expect("error: unexpected '^' at column 11\r\n  hessian x^^2\r\n            ^")
    terminal.expect(PROMPT)
    terminal.enter("minors")
    terminal.expect("D₂ = 12")
    terminal.expect(PROMPT)
    assert terminal.quit() == 0


def test_multi_line_input_continues_while_a_bracket_is_open(terminal):
    terminal.expect(PROMPT)
    terminal.enter("definiteness [[1, k],")
    terminal.expect("...")
    terminal.enter(" [k, 4]]")
    terminal.expect("positive definite: -2 < k < 2")
    terminal.expect(PROMPT)
    assert terminal.quit() == 0


def test_ctrl_c_cancels_a_long_computation_and_the_session_goes_on(terminal):
    terminal.expect(PROMPT)
    terminal.enter("timeout 0")
    terminal.expect("time budget per command: none")
    terminal.expect(PROMPT)
    before = cpu_seconds(terminal.child.pid)
    terminal.enter("hessian (x+y+z+w+1)^20")  # minutes of work
    # interrupt once the computation is surely running (not while the prompt still reads)
    deadline = time.monotonic() + 60
    while cpu_seconds(terminal.child.pid) < before + 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    terminal.child.sendintr()
    terminal.expect("interrupted", timeout=20)
    assert time.monotonic() - started < 10
    terminal.expect(PROMPT)
    terminal.enter("hessian x y")
    terminal.expect("⎡0  1⎤")
    terminal.expect(PROMPT)
    terminal.child.sendintr()  # at the prompt, Ctrl-C clears the line and stays
    terminal.fresh_prompt()
    assert terminal.child.isalive()
    assert terminal.quit() == 0


def test_history_persists_across_sessions(tmp_path):
    first = Terminal(tmp_path)
    first.expect(PROMPT)
    first.enter("charpoly [[2,1],[1,2]]")
    first.expect("p(λ) = det(λI − H) = λ  - 4⋅λ + 3")
    first.expect(PROMPT)
    assert first.quit() == 0
    assert "+charpoly [[2,1],[1,2]]" in (tmp_path / "history").read_text()

    second = Terminal(tmp_path)
    second.expect(PROMPT)
    second.type(UP)  # the previous session's command comes back
    second.enter()
    second.expect("p(λ) = det(λI − H) = λ  - 4⋅λ + 3")
    second.expect(PROMPT)
    assert second.quit() == 0


def test_exit_command_leaves_with_status_zero(terminal):
    terminal.expect(PROMPT)
    terminal.enter("exit")
    terminal.child.expect(pexpect.EOF, timeout=30)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


MODES = ["prompt_toolkit", "readline"]


@pytest.fixture(params=MODES)
def either(request, tmp_path):
    t = Terminal(tmp_path, request.param)
    t.home = tmp_path
    yield t
    if t.child.isalive():
        t.child.terminate(force=True)


def ask(terminal: Terminal, line: str, *answers: str) -> None:
    """Type a line, see each answer in order, then the next prompt."""
    terminal.enter(line)
    for answer in answers:
        terminal.expect(answer)
    terminal.expect(PROMPT)


def test_the_calculators_phrases_in_both_line_editors(either):
    either.expect(PROMPT)
    ask(either, "f(x, y) = x^3 - 3x + y^2", "f(x, y) = x  - 3⋅x + y")
    ask(either, "f(1, 2)", "f(1, 2) = 2")
    ask(either, "f at (2, 0)", "f(2, 0) = 2")
    ask(either, "hessian of f at (1, 0)", "at (x = 1, y = 0):", "⎣0  2⎦")
    ask(either, "d/dx f", "∂f/∂x = 3⋅x  - 3")
    ask(either, "diff f x x", "∂²f/∂x∂x = 6⋅x")
    ask(either, "eigenvalues [[2,1],[1,2]]", "eigenvalues: 1, 3")
    ask(either, "solve x^2 = 2", "x = -√2 ≈ -1.414…", "x = √2 ≈ 1.414…")
    ask(either, "plot f", "symhess-plot-f.png (1 minimum, 1 saddle marked)")
    ask(either, "x^3 - 3xy + y^3", "(reading xy as x·y)")
    ask(either, "eigenvals [[2,1],[1,2]]",
        "error: unknown command 'eigenvals': did you mean 'eigenvalues'?")
    ask(either, "hessian minimize", "error: unknown name 'minimize'")
    ask(either, "x = 2", "x = 2")
    ask(either, "vars", "f(x, y) =", "x = 2")
    ask(either, "del x", "forgot x")
    ask(either, "e^x", "ℯ")
    assert (either.home / "symhess-plot-f.png").exists()
    assert either.quit() == 0


def test_continuations_in_both_line_editors(either):
    either.expect(PROMPT)
    either.enter("hessian x^2 + \\")  # a backslash continues ...
    either.expect(CONTINUATION)  # ... after a prompt of its own
    ask(either, "y^2", "⎡2  0⎤")
    either.enter("definiteness [[1, k],")  # an open bracket continues
    either.expect(CONTINUATION)
    ask(either, " [k, 4]]", "positive definite")
    either.enter("hessian (x^2")
    either.expect(CONTINUATION)
    ask(either, "", "never closed")  # an empty line leaves the continuation
    either.enter("gradient [[1,")
    either.expect(CONTINUATION)
    either.interrupt_at_prompt()  # so does Ctrl-C
    either.fresh_prompt()
    ask(either, "gradient x y", "⎡y⎤")
    assert either.quit() == 0


def test_ctrl_c_at_the_prompt_stays_and_up_recalls_in_both_line_editors(either):
    either.expect(PROMPT)
    ask(either, "charpoly [[2,1],[1,2]]", "λ  - 4⋅λ + 3")
    either.interrupt_at_prompt()
    either.fresh_prompt()
    assert either.child.isalive()
    either.type(UP)
    either.enter()
    either.expect("λ  - 4⋅λ + 3")
    either.expect(PROMPT)
    assert either.quit() == 0
    assert "charpoly [[2,1],[1,2]]" in (either.home / "history").read_text()
