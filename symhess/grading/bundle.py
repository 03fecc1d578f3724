"""A Gradescope autograder for one assignment: ``symhess autograder-bundle --assignment DIR -o
autograder.zip``.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, then ``run_autograder`` for every submission: that grades
``/autograder/submission/*.ipynb`` with the same checks, sandbox and scoring as ``symhess
grade`` and writes ``/autograder/results/results.json``.  ``SYMHESS_AUTOGRADER_ROOT`` names
another root than ``/autograder`` (for trying the bundle on one's own machine).

The zip holds ``setup.sh``, ``run_autograder``, ``requirements.txt``, ``assignment/`` (the
folder of ``assignment.toml``, without its notebooks: the solution stays out) and
``symhess/`` (this package's source with a minimal ``pyproject.toml``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

__all__ = ["write_bundle", "run_autograder", "ROOT_ENV", "bundle_files"]

ROOT_ENV = "SYMHESS_AUTOGRADER_ROOT"

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -q && apt-get install -y -q python3 python3-pip python3-venv bubblewrap
python3 -m venv /opt/symhess
/opt/symhess/bin/pip install -q -r requirements.txt
/opt/symhess/bin/pip install -q --no-deps ./symhess
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission/*.ipynb into
# /autograder/results/results.json.  SYMHESS_AUTOGRADER_ROOT names another root.
set -euo pipefail
ROOT="${SYMHESS_AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT"  # python -m puts the working folder first on the path: not a copy of symhess
PYTHON=python3
if [ -x /opt/symhess/bin/python ]; then PYTHON=/opt/symhess/bin/python; fi
exec "$PYTHON" -m symhess.grading.bundle "$ROOT"
"""

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "symhess"
version = "{version}"
requires-python = ">=3.11"

[tool.setuptools.packages.find]
include = ["symhess*"]

[tool.setuptools.package-data]
"symhess.exercises" = ["assignments/*/*.toml", "assignments/*/prompts/*.md"]
"""


def _requirements() -> list[str]:
    """symhess's dependencies with the notebook extra, as installed here."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        reqs = requires("symhess") or []
    except PackageNotFoundError:
        reqs = []
    keep = []
    for r in reqs:
        name, _, marker = r.partition(";")
        if not marker or 'extra == "notebook"' in marker:
            keep.append(name.strip())
    return sorted(set(keep))


def bundle_files(assignment) -> dict[str, bytes]:
    """Archive path -> bytes: the scripts, requirements, the assignment and the package."""
    from .. import __version__
    from .grade import public_files

    package = Path(__file__).resolve().parents[1]
    files = {"setup.sh": SETUP_SH.encode(), "run_autograder": RUN_AUTOGRADER.encode(),
             "requirements.txt": ("\n".join(_requirements()) + "\n").encode(),
             "symhess/pyproject.toml": _PYPROJECT.format(version=__version__).encode()}
    for rel, data in public_files(assignment):
        files["assignment/" + rel.split("/", 2)[2]] = data
    # rglob does not enter exercises/assignments (a link to the course's folder): the other
    # assignments, their solution notebooks and generators stay out of the bundle
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package.parent)
        if path.is_dir() or "__pycache__" in rel.parts or path.suffix in (".pyc", ".ipynb"):
            continue
        files[f"symhess/{rel.as_posix()}"] = path.read_bytes()
    return files


def write_bundle(assignment_dir, out_zip) -> Path:
    """Check the assignment (an invalid one is refused), then write the autograder zip."""
    from ..exercises.audit import require_valid

    assignment = require_valid(assignment_dir)
    out = Path(out_zip)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in bundle_files(assignment).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    os.replace(tmp, out)
    return out


def _submitter(root: Path) -> str:
    """The submitter's id from Gradescope's ``submission_metadata.json`` (sid, else email)."""
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        user = meta["users"][0]
        return str(user.get("sid") or user.get("email") or "").strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ""


def run_autograder(root) -> dict:
    """Grade the submission under ``root`` into ``root/results/results.json``."""
    from .grade import grade_all
    from .roster import submission_files

    root = Path(root)
    results = root / "results" / "results.json"
    found = [p for p, _ in submission_files(root / "submission")] \
        if (root / "submission").is_dir() else []
    if not found:
        result = {"score": 0.0, "output": "No notebook (.ipynb) was submitted.", "tests": []}
    else:
        notebook = max(found, key=lambda p: p.stat().st_mtime)
        who = _submitter(root) or notebook.stem
        work = Path(tempfile.mkdtemp(prefix="symhess-gradescope-"))
        try:
            (work / "subs").mkdir()
            shutil.copyfile(notebook, work / "subs" / f"{_safe(who)}.ipynb")
            summary = grade_all(root / "source" / "assignment", work / "subs", work / "out",
                                progress=False, workers=1)
            [result_dir] = [d for d in (work / "out").iterdir() if d.is_dir()]
            result = json.loads((result_dir / "results.json").read_text(encoding="utf-8"))
            if len(found) > 1:
                result["output"] = (f"{len(found)} notebooks were submitted; graded the newest, "
                                    f"{notebook.name}.\n" + result.get("output", ""))
            result.setdefault("extra_data", {})["summary"] = str(summary).splitlines()[0]
        finally:
            shutil.rmtree(work, ignore_errors=True)
    result.setdefault("visibility", "visible")
    from .grade import write_atomic

    write_atomic(results, json.dumps(result, indent=2, ensure_ascii=False))
    return result


def _safe(text: str) -> str:
    from .grade import student_id

    return student_id(text.split("@")[0] if "@" in text else text)


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get(ROOT_ENV, "/autograder"))
    result = run_autograder(root)
    print(f"symhess {Path(__file__).resolve().parents[1]}: score {result['score']:g}",
          file=sys.stderr)
