"""Who a submission belongs to: a roster, the layouts LMS exports use, the file name, and the
id the student's own notebook recorded.

The id a submission is *filed under* comes from, in order: the roster (``--roster
roster.csv``: a ``student`` column and any of ``file``, ``lms_id``, ``name``, ``email``,
``login``, ``section``, matched against the file name, its stem, the LMS user id and the
folder), the LMS layout (Canvas's ``name_userid_subid_file.ipynb``, or one folder per student
as Moodle and Gradescope export), then the file name.  The id the variant was drawn for is the
one ``symhess.exercise`` recorded in the notebook's output metadata; the grader grades against
that one and warns when it differs from the filed id.

>>> canvas_parts("lovelaceada_12345_67890_hw1.ipynb")
('lovelaceada', '12345')
>>> canvas_parts("bob_late_12345_1_hessian-basics.ipynb")
('bob', '12345')
>>> canvas_parts("solution.ipynb") is None
True
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SymhessError

__all__ = ["Roster", "Identity", "RosterError", "load_roster", "canvas_parts", "moodle_folder",
           "recorded_ids", "identify", "submission_files", "ROSTER_COLUMNS"]

#: roster columns besides ``student``; every one maps its values to the student id
ROSTER_COLUMNS = ("file", "lms_id", "name", "email", "login", "sis_id", "section")
_ALIASES = {"id": "student", "student_id": "student", "user": "student", "username": "student",
            "filename": "file", "canvas_id": "lms_id", "user_id": "lms_id", "userid": "lms_id",
            "moodle_id": "lms_id", "sis user id": "sis_id", "sis login id": "login",
            "email address": "email", "full name": "name"}
_CANVAS = re.compile(r"^(?P<name>[^_]+)(?:_late)?_(?P<userid>\d+)(?:_(?P<rest>.*))?$",
                     re.IGNORECASE)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_\w*$")


class RosterError(SymhessError, ValueError):
    """A roster that cannot be read, said with its line."""


@dataclass(frozen=True)
class Roster:
    rows: tuple  # one dict per student: column -> value (``student`` always present)

    def students(self) -> list[str]:
        return [r["student"] for r in self.rows]

    def row(self, student: str) -> dict:
        return next((r for r in self.rows if r["student"] == student), {"student": student})

    def lookup(self, *keys) -> str | None:
        """The student a file name, stem, LMS id or folder name belongs to."""
        index = {}
        for r in self.rows:
            for column, value in r.items():
                if value:
                    index.setdefault(_key(value), r["student"])
                    if column == "file" and value.endswith(".ipynb"):
                        index.setdefault(_key(value[:-len(".ipynb")]), r["student"])
        for k in keys:
            if k and _key(k) in index:
                return index[_key(k)]
        return None


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def load_roster(path) -> Roster:
    """Read a CSV roster; the ``student`` column (or ``id``/``username``) is required."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise RosterError(f"roster {path}: {e.strerror or e}") from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames:
        raise RosterError(f"roster {path}: empty")
    columns = {f: _ALIASES.get(f.strip().casefold(), f.strip().casefold())
               for f in reader.fieldnames}
    if "student" not in columns.values():
        raise RosterError(f"roster {path}:1: no 'student' column (the id each student's "
                          "numbers are drawn for); columns: " + ", ".join(reader.fieldnames))
    rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        if not row.get("student"):
            raise RosterError(f"roster {path}:{line}: no student id")
        if row["student"] in seen:
            raise RosterError(f"roster {path}:{line}: student {row['student']!r} already on "
                              f"line {seen[row['student']]}")
        seen[row["student"]] = line
        rows.append(row)
    return Roster(tuple(rows))


def canvas_parts(filename: str) -> tuple[str, str] | None:
    """(name, user id) of a Canvas download ``name[_late]_userid_subid_file.ipynb``."""
    stem = filename[:-len(".ipynb")] if filename.endswith(".ipynb") else filename
    m = _CANVAS.match(stem)
    return (m.group("name"), m.group("userid")) if m else None


def moodle_folder(folder: str) -> tuple[str, str] | None:
    """(full name, participant id) of a Moodle folder ``Name_123_assignsubmission_file_``."""
    m = _MOODLE.match(folder)
    return (m.group("name"), m.group("id")) if m else None


def recorded_ids(notebook: bytes | str | dict) -> list[str]:
    """The student ids ``symhess.exercise`` recorded in the notebook's outputs, in order."""
    from ..exercises.notebook import METADATA_KEY

    try:
        nb = notebook if isinstance(notebook, dict) else json.loads(notebook)
        cells = nb.get("cells", [])
    except (ValueError, AttributeError, TypeError):
        return []
    found = []
    for cell in cells if isinstance(cells, list) else []:
        for out in cell.get("outputs", []) if isinstance(cell, dict) else []:
            meta = out.get("metadata", {}) if isinstance(out, dict) else {}
            record = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
            sid = record.get("student") if isinstance(record, dict) else None
            if isinstance(sid, str) and sid.strip() and sid.strip() not in found:
                found.append(sid.strip()[:200])
    return found


@dataclass(frozen=True)
class Identity:
    """The id a submission is filed under, how it was found, and the id its notebook shows."""

    filed: str
    source: str
    recorded: tuple = ()
    lms_id: str = ""

    @property
    def variant(self) -> str:
        """The id the numbers were drawn for: what the notebook recorded, else the filed id."""
        return self.recorded[-1] if self.recorded else self.filed

    @property
    def warning(self) -> str:
        if len(self.recorded) > 1:
            ids = ", ".join(self.recorded)
            return (f"the notebook shows questions drawn for several ids ({ids}); graded for "
                    f"{self.variant!r}, the last")
        if self.recorded and _key(self.recorded[0]) != _key(self.filed):
            return (f"this notebook's questions were drawn for {self.recorded[0]!r}, but it is "
                    f"filed under {self.filed!r} ({self.source}); graded with the numbers "
                    f"drawn for {self.recorded[0]!r}")
        return ""


def identify(path, submissions_dir, roster: Roster | None = None,
             notebook: bytes | None = None) -> Identity:
    """Who the notebook at ``path`` (inside ``submissions_dir``) belongs to."""
    path, root = Path(path), Path(submissions_dir)
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    folder = rel.parts[0] if len(rel.parts) > 1 else ""
    canvas = canvas_parts(path.name)
    moodle = moodle_folder(folder) if folder else None
    lms_id = (canvas[1] if canvas else moodle[1] if moodle else "")
    recorded = tuple(recorded_ids(notebook)) if notebook is not None else ()
    if roster is not None:
        sid = roster.lookup(path.name, path.stem, lms_id, folder,
                            moodle[0] if moodle else "", canvas[0] if canvas else "")
        if sid is not None:
            return Identity(sid, "roster", recorded, lms_id)
    if moodle:
        return Identity(moodle[0], "Moodle folder", recorded, lms_id)
    if folder:
        return Identity(folder, "folder", recorded, lms_id)
    if canvas:
        return Identity(canvas[0], "Canvas file name", recorded, lms_id)
    return Identity(path.stem, "file name", recorded, lms_id)


def submission_files(submissions_dir) -> list[tuple[Path, str]]:
    """Notebooks to grade: ``*.ipynb`` in the folder and one per student folder (the newest
    when a folder holds several), each with a note for the summary (empty when none)."""
    root = Path(submissions_dir)
    found = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".ipynb"):
            found.append((entry, ""))
        elif entry.is_dir() and not entry.is_symlink():
            inside = sorted((p for p in entry.rglob("*.ipynb")
                             if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()),
                            key=lambda p: (p.stat().st_mtime, p.name))
            if inside:
                note = (f"{len(inside)} notebooks in {entry.name}/: graded the newest, "
                        f"{inside[-1].name}" if len(inside) > 1 else "")
                found.append((inside[-1], note))
    return found
