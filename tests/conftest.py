"""Shared test settings: hypothesis profiles that keep the default run short but real."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("SYMHESS_HYPOTHESIS", "default"))


def run_cli(capsys, *argv):
    """Run ``symhess ARGV...`` in-process: ``(exit code, stdout, stderr)``."""
    from symhess.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
