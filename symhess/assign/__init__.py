"""Instructor notebooks into student notebooks (``symhess make-student``)."""

from .student import REMOVED_TAGS, SOLUTION_TAG, STUB_MARK, make_student, write_student

__all__ = ["make_student", "write_student", "SOLUTION_TAG", "REMOVED_TAGS", "STUB_MARK"]
