"""The calculator inside IPython and Jupyter: ``%load_ext symhess``.

Line magics ``%hessian``, ``%classify`` and ``%definiteness`` run one calculator command; the
cell magic ``%%symhess`` runs a cell of them, one per line (a line with an open bracket
continues on the next).  Results render as LaTeX in notebooks and as 2-D text in a terminal;
the line magics return them, so ``r = %classify f`` keeps the result object.

Names are shared with the notebook: ``f = x^3 - 3x + y^2`` in a ``%%symhess`` cell binds the
SymPy expression ``f`` in Python, and a SymPy expression or matrix defined in Python can be
used by name in a magic.  Everything typed goes through the safe parser, never ``eval``.

>>> from IPython.core.interactiveshell import InteractiveShell
>>> shell = InteractiveShell.instance()
>>> load_ipython_extension(shell)
>>> shell.run_line_magic("definiteness", "[[2,1],[1,2]]").classification
'positive definite'
"""

from __future__ import annotations

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class, no_var_expand
from IPython.display import display

from .repl import EXIT_OK, Reply, Session
from .repl.plot import Figure
from .results import Result

__all__ = ["load_ipython_extension", "SymhessMagics", "Shown"]


class Shown:
    """A calculator answer that is not a result object: its LaTeX for notebooks, its 2-D text
    for terminals, and the SymPy ``value`` itself."""

    def __init__(self, reply: Reply):
        self.value = reply.result
        self._text = reply.text
        self._latex = reply.latex

    def _repr_latex_(self) -> str | None:
        return None if self._latex is None else f"$\\displaystyle {self._latex}$"

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self._text)

    def __repr__(self) -> str:
        return self._text


@magics_class
class SymhessMagics(Magics):
    """The magics, over one calculator :class:`~symhess.repl.Session` per shell."""

    def __init__(self, shell, session: Session):
        super().__init__(shell)
        self.session = session

    def _command(self, text: str):
        reply = self.session.run(text)
        if reply.status != EXIT_OK:
            raise UsageError(reply.text.removeprefix("error: "))
        if isinstance(reply.result, Result | Figure):
            return reply.result  # a result's LaTeX, a plot's picture
        return Shown(reply)

    @no_var_expand
    @line_magic
    def hessian(self, line: str):
        """``%hessian EXPR [at POINT]``: gradient and Hessian (at POINT)."""
        return self._command("hessian " + line)

    @no_var_expand
    @line_magic
    def classify(self, line: str):
        """``%classify EXPR [at POINT]``: the critical points and their types."""
        return self._command("classify " + line)

    @no_var_expand
    @line_magic
    def definiteness(self, line: str):
        """``%definiteness MATRIX``: which of the five kinds, with the evidence."""
        return self._command("definiteness " + line)

    @no_var_expand
    @cell_magic
    def symhess(self, line: str, cell: str) -> None:
        """``%%symhess``: calculator commands, one per line; each answer is displayed, and the
        first error stops the cell."""
        for command in Session.commands_in(cell.splitlines(keepends=True)):
            shown = self._command(command)
            if self.session.finished:  # ``exit`` ends the cell, not the shell
                self.session.finished = False
                return
            display(shown)


def load_ipython_extension(ipython) -> None:
    """Register the magics (``%load_ext symhess``); definitions live in the user namespace."""
    ipython.register_magics(SymhessMagics(ipython, Session(names=ipython.user_ns)))
