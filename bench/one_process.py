"""Run one command and print, as JSON, its wall seconds, CPU seconds (user + system) and peak memory (MiB).

Launched by bench/scenarios.py from a fresh, small Python: a process forked from a large one
inherits that one's peak memory figure (ru_maxrss survives fork and exec), so the command is
started from here, where almost nothing is loaded. os.wait4 gives the child's own usage.

    python bench/one_process.py scorecard series referrals_rate ...
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time


def main(arguments: list[str]) -> None:
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode(errors="replace")[-2000:] if process.returncode else ""
    print(json.dumps({"exit": process.returncode, "error": message, "seconds": seconds,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main(sys.argv[1:])
