"""The calculator in a terminal: a prompt_toolkit front end (history, completion, multi-line
input, Ctrl-C, Ctrl-D), or plain lines when stdin is not a terminal."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import EXIT_OK
from .session import _WORD_AT_END, Session

__all__ = ["run", "history_path", "system_clipboard", "open_in_viewer"]


def history_path() -> Path:
    """Where the history lives: ``$SYMHESS_HISTORY``, else the XDG state directory
    (``~/.local/state/symhess/history``)."""
    if os.environ.get("SYMHESS_HISTORY"):
        return Path(os.environ["SYMHESS_HISTORY"]).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "symhess" / "history"


#: Programs that take text on stdin and put it on the clipboard, tried in order.
_CLIPBOARD_PROGRAMS = (("wl-copy",), ("xclip", "-selection", "clipboard"),
                       ("xsel", "--clipboard", "--input"), ("pbcopy",), ("clip.exe",))


def system_clipboard(text: str) -> bool:
    """Put ``text`` on the system clipboard if some way to do it is installed."""
    for program in _CLIPBOARD_PROGRAMS:
        if shutil.which(program[0]) is None:
            continue
        try:
            done = subprocess.run(program, input=text.encode(), timeout=3,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return True
    return False


def open_in_viewer(path: Path) -> bool:
    """Open a saved picture with the desktop's viewer, when there is a desktop."""
    if sys.platform == "darwin":
        program = ["open"]
    elif os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        program = ["xdg-open"]
    else:
        return False
    if shutil.which(program[0]) is None:
        return False
    try:
        subprocess.Popen([*program, str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True


def run(session: Session | None = None, *, history: Path | str | None = None,
        stdin=None, stdout=None) -> int:
    """Run the calculator until ``exit`` or end of input; the exit status is 0, or with
    input that is not a terminal the status of the first command that failed."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    session = session or Session(copy=system_clipboard, show_file=open_in_viewer)
    if not (stdin.isatty() and stdout.isatty()):
        return _plain(session, stdin, stdout)
    history = Path(history) if history else history_path()
    if importlib.util.find_spec("prompt_toolkit") is not None:
        return _interactive(session, history)
    if stdin is sys.stdin and stdout is sys.stdout and _readline() is not None:
        return _with_readline(session, history)
    print("(no history, completion or editing: install symhess[repl] for them)", file=stdout)

    def read_line(prompt: str) -> str:
        print(prompt, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    return _prompting(session, read_line, stdout)


#: The prompt, and the prompt of a line that continues a command (open bracket, ``\``).
PROMPT = "symhess> "
CONTINUATION = "     ... "


def _prompting(session: Session, read_line: Callable[[str], str], stdout) -> int:
    """The loop of a terminal without prompt_toolkit: ``read_line(prompt)`` reads one line.
    A command goes on while a bracket is open or a line ends in a backslash, after a
    different prompt; an empty line ends it (an unclosed bracket is then reported), Ctrl-C drops it,
    and Ctrl-C during a computation stops only the computation."""
    pending: list[str] = []
    while not session.finished:
        try:
            line = read_line(CONTINUATION if pending else PROMPT)
        except KeyboardInterrupt:
            print("^C" if not pending else "^C (dropped the unfinished command)", file=stdout,
                  flush=True)
            pending = []
            continue
        except EOFError:
            print(file=stdout, flush=True)
            break
        if pending and not line.strip():
            command = "\n".join(pending)
        else:
            pending.append(line)
            command = "\n".join(pending)
            if not session.is_complete(command):
                continue
        pending = []
        reply = session.run(command)
        try:
            if reply.text:
                print(reply.text, file=stdout, flush=True)
        except KeyboardInterrupt:
            print("\ninterrupted", file=stdout, flush=True)
    return EXIT_OK


def _readline():
    """The standard library's line editor (history, arrows, Tab), where Python has it."""
    try:
        import readline
    except ImportError:
        return None
    return readline


def _with_readline(session: Session, history: Path) -> int:
    """The calculator on ``input()`` with :mod:`readline`: arrows, history kept in
    ``history`` across sessions, Tab completion."""
    readline = _readline()
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(history)
    except OSError:
        pass
    matches: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            before = readline.get_line_buffer()[: readline.get_endidx()]
            matches[:] = session.completions(before)
        return matches[state] if state < len(matches) else None

    readline.set_completer(complete)
    readline.set_completer_delims(" \t\n()[],;=+-*/^")
    readline.parse_and_bind("tab: complete")
    print("symhess calculator: type help for the commands, Ctrl-D to leave.")
    try:
        return _prompting(session, input, sys.stdout)
    finally:
        try:
            readline.write_history_file(history)
        except OSError:
            pass


def _plain(session: Session, lines: Iterable[str], stdout) -> int:
    status = EXIT_OK
    for command in session.commands_in(lines):
        reply = session.run(command)
        if reply.text:
            print(reply.text, file=stdout, flush=True)
        status = status or reply.status
        if session.finished:
            break
    return status


def _interactive(session: Session, history: Path) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings

    class _Words(Completer):
        def get_completions(self, document, complete_event):
            before = document.text_before_cursor
            word = _WORD_AT_END.search(before).group(0)
            for w in session.completions(before):
                yield Completion(w, start_position=-len(word))

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event):
        buffer = event.current_buffer
        if buffer.complete_state:
            buffer.complete_state = None
        elif session.is_complete(buffer.text) or (
                "\n" in buffer.text and not buffer.document.current_line.strip()):
            # a whole command, or an empty line that ends an unfinished one
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        remembered = FileHistory(str(history))
    except OSError:
        remembered = InMemoryHistory()
    prompt = PromptSession(history=remembered, completer=_Words(), key_bindings=keys,
                           multiline=True, prompt_continuation=CONTINUATION,
                           complete_while_typing=False)
    print("symhess calculator: type help for the commands, Ctrl-D to leave.")
    while not session.finished:
        try:
            text = prompt.prompt(PROMPT)
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        reply = session.run(text)
        try:
            if reply.text:
                print(reply.text, flush=True)
        except KeyboardInterrupt:  # Ctrl-C while a long answer scrolls by
            print("\ninterrupted", flush=True)
    return EXIT_OK
