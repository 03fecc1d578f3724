"""``symhess autograder-bundle --assignment DIR -o autograder.zip``: a Gradescope autograder."""

NAME = "autograder-bundle"
HELP = "write a Gradescope autograder zip (setup.sh, run_autograder, the assignment, symhess)"
RAW_OUTPUT = True


def add_arguments(p) -> None:
    p.add_argument("--assignment", required=True,
                   help="the assignment folder (holding assignment.toml) or a shipped name")
    p.add_argument("-o", "--output", default="autograder.zip", metavar="ZIP",
                   help="where to write the zip (default autograder.zip)")


def run(args):
    from ..grading.bundle import write_bundle

    path = write_bundle(args.assignment, args.output)
    return {"written": str(path),
            "next": "upload it as the assignment's autograder on Gradescope; try it locally by "
                    "unpacking it into ROOT/source and running ROOT/source/run_autograder with "
                    "SYMHESS_AUTOGRADER_ROOT=ROOT"}
