"""``symhess check-assignment DIR``: the assignment's TOML checked, its variants computed."""

NAME = "check-assignment"
HELP = "check an assignment before grading: its TOML, and every question's reference per variant"
RAW_OUTPUT = True


def add_arguments(p) -> None:
    p.add_argument("assignment", metavar="DIR", help="the assignment folder (or a shipped name)")
    p.add_argument("--all", action="store_true", dest="every_variant",
                   help="every variant (each combination of parameter values), not a sample")
    p.add_argument("--students", type=int, default=8, metavar="N",
                   help="how many sample students (default 8)")
    p.add_argument("--roster", metavar="CSV", help="use the ids of this roster as the sample")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args):
    from ..exercises.audit import check_assignment, sample_students

    students = sample_students(args.students)
    if args.roster:
        from ..grading.roster import load_roster

        students = tuple(load_roster(args.roster).students()) or students
    return check_assignment(args.assignment, students, every_variant=args.every_variant)
