"""Shared plumbing for subcommands: reading arguments, printing results, reporting errors."""

from __future__ import annotations

import json
import sys

from ..errors import (
    EXIT_BAD_INPUT,
    EXIT_BUDGET,
    BudgetExceeded,
    SymhessError,
    exit_code,
)

__all__ = ["emit", "report_error", "budget_of"]


def budget_of(args) -> float | None:
    """The ``--timeout`` value; 0 or a negative number means no budget."""
    seconds = getattr(args, "timeout", None)
    return seconds if seconds and seconds > 0 else None


def _to_dict(result) -> dict:
    return result if isinstance(result, dict) else result.to_dict()


def emit(result, args, stream=None) -> int:
    """Print ``result`` as JSON, LaTeX or text; return the exit code (0, or the result's own)."""
    stream = stream or sys.stdout
    if result is None:
        return 0
    if getattr(args, "json", False):
        print(json.dumps(_to_dict(result), ensure_ascii=False), file=stream)
    elif getattr(args, "latex", False):
        print(result.latex() if hasattr(result, "latex") else json.dumps(result), file=stream)
    else:
        print(str(result) if not isinstance(result, dict) else json.dumps(result, indent=2),
              file=stream)
    return int(getattr(result, "exit_code", 0) or 0)


def report_error(exc: BaseException, args) -> int:
    """One clear message on stderr (and a JSON error object with ``--json``); no traceback
    for anything the user can fix.  Bugs in symhess itself keep their traceback."""
    if isinstance(exc, SymhessError):
        code = exit_code(exc)
    elif isinstance(exc, (ValueError, TypeError, ArithmeticError, NotImplementedError)):
        code = EXIT_BAD_INPUT  # e.g. SymPy refusing an input: still the user's to change
    else:
        raise exc
    message = str(exc)
    if getattr(args, "json", False):
        payload = {"error": type(exc).__name__, "message": message}
        if isinstance(exc, BudgetExceeded):
            payload["seconds"] = exc.seconds
            partial = exc.partial
            if partial is not None:
                payload["partial"] = _to_dict(partial) if hasattr(partial, "to_dict") or \
                    isinstance(partial, dict) else str(partial)
        print(json.dumps(payload, ensure_ascii=False))
    else:
        if isinstance(exc, BudgetExceeded) and exc.partial is not None:
            print(str(exc.partial))
    print(f"symhess: {message}", file=sys.stderr)
    return code if code in (EXIT_BAD_INPUT, EXIT_BUDGET) else EXIT_BAD_INPUT
