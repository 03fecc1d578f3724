"""The symhess calculator: type a function, get its Hessian, its critical points, their types.

:class:`Session` (:mod:`.session`) is the whole calculator without a terminal:
``execute(line)`` reads one command and returns the text to show, so it is tested like a
function; :mod:`.commands` lists what it understands.  :func:`run` (:mod:`.terminal`) puts a
line editor on it (history, completion, multi-line input, Ctrl-C, Ctrl-D), or reads plain
lines when stdin is not a terminal.  Like the CLI it is a thin shell: every answer
comes from a library function (:mod:`symhess.calculus`, :mod:`symhess.linalg`, ...), and every
piece of user text goes through the safe parser.

>>> s = Session()
>>> print(s.execute("f = x^3 - 3x + y^2"))
     3          2
f = x  - 3⋅x + y
>>> print(s.execute("hessian f at (1, 0)"))
f = x**3 - 3*x + y**2
variables: x, y
∇f =
  ⎡   2    ⎤
  ⎢3⋅x  - 3⎥
  ⎢        ⎥
  ⎣  2⋅y   ⎦
H = ∇²f =
  ⎡6⋅x  0⎤
  ⎢      ⎥
  ⎣ 0   2⎦
at (x = 1, y = 0):
  ∇f = [0, 0]
  H =
    ⎡6  0⎤
    ⎢    ⎥
    ⎣0  2⎦
>>> print(s.execute("minors"))
leading principal minors (Sylvester's criterion):
  D₁ = 6
  D₂ = 12
all principal minors:
  Δ₁ = 6
  Δ₂ = 2
  Δ₁₂ = 12
>>> print(s.execute("hessian x^^2"))
error: unexpected '^' at column 11
  hessian x^^2
            ^
"""

from __future__ import annotations

from ..errors import EXIT_OK
from .commands import COMMANDS
from .session import EXIT_BUG, EXIT_INTERRUPTED, Reply, Session
from .terminal import history_path, open_in_viewer, run, system_clipboard

__all__ = ["Session", "Reply", "COMMANDS", "run", "history_path", "system_clipboard",
           "open_in_viewer", "EXIT_OK", "EXIT_INTERRUPTED", "EXIT_BUG"]
