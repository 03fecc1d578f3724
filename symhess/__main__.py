"""``python -m symhess`` is the ``symhess`` command."""

import sys

from .cli import main

sys.exit(main())
