"""``symhess definiteness MATRIX``: which of the five kinds, with the evidence; for a matrix
with parameters, the condition for each kind."""

from ..budget import time_budget
from ..linalg import definiteness
from ..parsing import parse_matrix
from ._common import budget_of

HELP = 'definiteness of a symmetric matrix, e.g. "[[2,1],[1,2]]" or "[[1,k],[k,4]]"'


def add_arguments(p) -> None:
    p.add_argument("matrix", metavar="MATRIX", help='"[[2,1],[1,2]]" or "2 1; 1 2"')


def run(args):
    M = parse_matrix(args.matrix)
    with time_budget(budget_of(args), "the definiteness analysis"):
        return definiteness(M)
