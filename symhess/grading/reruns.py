"""When a notebook graded before may keep its grade: only when nothing that decided it changed.

The key of a grading is the notebook's SHA-256, the assignment's digest (its TOML and
prompts), the id the variant was drawn for and symhess's version.  A rerun keeps a previous
grade only when the key is the same; ``retry_failed`` reruns notebooks that failed, timed out
or whose kernel died even then.

>>> key = {"notebook": "ab", "assignment": "cd", "student": "ada", "symhess": "0.1.0"}
>>> reusable({"status": "graded", "extra_data": {"key": key}}, key, retry_failed=True)
True
>>> reusable({"status": "timed out", "extra_data": {"key": key}}, key, retry_failed=True)
False
>>> reusable({"status": "graded", "extra_data": {"key": {**key, "notebook": "ef"}}}, key)
False
"""

from __future__ import annotations

import hashlib

__all__ = ["rerun_key", "reusable", "RETRYABLE"]

#: statuses ``--retry-failed`` grades again
RETRYABLE = ("failed", "timed out", "kernel died")


def rerun_key(notebook: bytes, assignment, student: str) -> dict:
    """What decided a grade: the notebook, the assignment, the variant's id, the grader."""
    from .. import __version__

    return {"notebook": hashlib.sha256(notebook).hexdigest(), "assignment": assignment.digest,
            "student": student, "symhess": __version__}


def reusable(previous: dict | None, key: dict, *, retry_failed: bool = False) -> bool:
    """True when ``previous`` (a stored result) was graded under the same ``key``."""
    if not previous:
        return False
    extra = previous.get("extra_data") or {}
    if extra.get("key") != key:
        return False
    return not (retry_failed and previous.get("status", extra.get("status")) in RETRYABLE)
