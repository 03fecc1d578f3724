"""Who a submission belongs to: roster, Canvas names, per-student folders, the recorded id."""

import json

import nbformat
import pytest

from symhess.exercises import Exercise, load_assignment
from symhess.exercises.notebook import student_id
from symhess.grading.roster import (
    RosterError,
    identify,
    load_roster,
    recorded_ids,
    submission_files,
)

A = load_assignment("hessian-basics")


def _saved(student):
    """A notebook as Jupyter saves it after showing ``exercise(...)`` for ``student``."""
    data, meta = Exercise(A, student)._repr_mimebundle_()
    cell = nbformat.v4.new_code_cell("ex = symhess.exercise('hessian-basics')\nex")
    cell.outputs = [nbformat.v4.new_output("execute_result", data=data, metadata=meta,
                                           execution_count=1)]
    return nbformat.writes(nbformat.v4.new_notebook(cells=[cell])).encode()


def test_the_displayed_exercise_records_its_student_in_the_saved_notebook():
    assert recorded_ids(_saved("ada")) == ["ada"]
    assert recorded_ids(b"not json") == []


def test_a_renamed_notebook_is_graded_for_the_recorded_id_with_a_warning(tmp_path):
    who = identify(tmp_path / "ada.ipynb", tmp_path, None, _saved("solution"))
    assert (who.filed, who.variant) == ("ada", "solution")
    assert "drawn for 'solution'" in who.warning and "'ada'" in who.warning


def test_same_id_in_another_case_is_no_warning(tmp_path):
    assert identify(tmp_path / "Ada.ipynb", tmp_path, None, _saved("ada")).warning == ""


def test_a_canvas_download_is_filed_under_the_name_not_the_whole_file_name(tmp_path):
    who = identify(tmp_path / "bob_12345_late.ipynb", tmp_path)
    assert (who.filed, who.lms_id, who.source) == ("bob", "12345", "Canvas file name")
    who = identify(tmp_path / "lovelaceada_late_777_88_hessian-basics.ipynb", tmp_path)
    assert (who.filed, who.lms_id) == ("lovelaceada", "777")


def test_the_roster_maps_lms_ids_and_file_names(tmp_path):
    (tmp_path / "roster.csv").write_text(
        "\ufeffStudent,Canvas ID,Name,Email\nada,777,Ada Lovelace,ada@uni.edu\n"
        "bob,12345,Bob Stone,bob@uni.edu\n", encoding="utf-8")
    roster = load_roster(tmp_path / "roster.csv")
    assert roster.students() == ["ada", "bob"]
    assert identify(tmp_path / "lovelaceada_777_88_hw.ipynb", tmp_path, roster).filed == "ada"
    assert identify(tmp_path / "bob_12345_late.ipynb", tmp_path, roster).source == "roster"
    moodle = tmp_path / "Ada Lovelace_55_assignsubmission_file_" / "hw.ipynb"
    assert identify(moodle, tmp_path, roster).filed == "ada"


def test_a_roster_without_a_student_column_says_so(tmp_path):
    (tmp_path / "r.csv").write_text("name,email\nAda,a@b\n")
    with pytest.raises(RosterError, match="r.csv:1: no 'student' column"):
        load_roster(tmp_path / "r.csv")
    (tmp_path / "r.csv").write_text("student\nada\nada\n")
    with pytest.raises(RosterError, match=r"r.csv:3: student 'ada' already on line 2"):
        load_roster(tmp_path / "r.csv")


def test_per_student_folders_are_found_and_named(tmp_path):
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "homework.ipynb").write_text("{}")
    (tmp_path / "zoe").mkdir()
    (tmp_path / "zoe" / "old.ipynb").write_text("{}")
    (tmp_path / "zoe" / "new.ipynb").write_text("{}")
    import os
    os.utime(tmp_path / "zoe" / "old.ipynb", (1, 1))
    (tmp_path / "zoe" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "zoe" / ".ipynb_checkpoints" / "new-checkpoint.ipynb").write_text("{}")
    (tmp_path / "bob.ipynb").write_text("{}")
    found = {p.relative_to(tmp_path).as_posix(): note for p, note in submission_files(tmp_path)}
    assert set(found) == {"ada/homework.ipynb", "bob.ipynb", "zoe/new.ipynb"}
    assert "2 notebooks in zoe/" in found["zoe/new.ipynb"]
    assert identify(tmp_path / "ada" / "homework.ipynb", tmp_path).filed == "ada"


def test_the_student_id_comes_from_jupyterhub_or_is_asked_once(monkeypatch):
    from symhess.exercises import notebook

    monkeypatch.delenv("SYMHESS_STUDENT", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe")
    assert student_id() == "zoe"
    assert student_id("ada") == "ada"
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setattr(notebook, "_asked", [])
    asked = []
    assert student_id(ask=lambda prompt: asked.append(prompt) or " bob ") == "bob"
    assert student_id(ask=lambda prompt: asked.append(prompt) or "other") == "bob"
    assert len(asked) == 1


def test_no_id_and_no_stdin_is_a_clear_error(monkeypatch):
    from symhess.errors import SymhessError
    from symhess.exercises import notebook

    monkeypatch.delenv("SYMHESS_STUDENT", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(notebook, "_asked", [])

    def no_stdin(prompt):
        raise EOFError

    with pytest.raises(SymhessError, match="SYMHESS_STUDENT"):
        student_id(ask=no_stdin)


def test_the_handed_out_notebook_hard_codes_no_student():
    from tests.hostile.attacks import _SAMPLES

    nb = json.loads((_SAMPLES / "blank.ipynb").read_text())
    source = "".join("".join(c["source"]) for c in nb["cells"])
    assert "exercise('hessian-basics')" in source and "student=" not in source
