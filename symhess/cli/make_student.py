"""``symhess make-student NOTEBOOK [-o OUT]``: the student version of an instructor notebook."""

NAME = "make-student"
HELP = "write the student version of a notebook: solutions stubbed, self-tests out, no ids"
RAW_OUTPUT = True


def add_arguments(p) -> None:
    p.add_argument("notebook", metavar="NOTEBOOK", help="the instructor notebook (.ipynb)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="where to write it (default NOTEBOOK-student.ipynb beside it)")


def run(args):
    from ..assign import write_student

    path = write_student(args.notebook, args.output)
    return {"written": str(path),
            "next": "hand this file to the students; regenerate it after every edit of the "
                    "instructor notebook, never edit it by hand"}
