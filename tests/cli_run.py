"""Run the real `scorecard` command in a fresh process, as a user would (the CLI tests' helper)."""

import subprocess
import sys


def scorecard(*args, store=None):
    """The completed `python -m csc_scorecard ARGS [--store STORE]`; never a traceback."""
    command = [sys.executable, "-m", "csc_scorecard", *map(str, args)]
    if store is not None:
        command += ["--store", str(store)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result
