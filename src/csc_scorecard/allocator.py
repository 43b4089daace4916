"""How polars' memory allocator (its bundled jemalloc) behaves in a command of the command line.

jemalloc keeps the pages a query freed for the next one, in up to 8 arenas (4 per core), and
returns them to the system only after 10 s: a command of a few seconds holds every page it
ever used, so its peak is the sum of its phases' (a build's reading, combining and series:
about 280 MiB for the demo LA). One arena and a 0.3 s decay let the series reuse or return what
combining freed: about 240 MiB, at no measurable cost in CPU (issue 12; README "Performance").
A purge at every free (decay 0) gets 235 MiB but costs about 0.4 CPU s a build.

jemalloc reads `_RJEM_MALLOC_CONF` (its prefixed name in polars' build) once, when polars'
library makes its first allocation: so this is set before polars is imported, and a value the
user set is left alone. Not for `scorecard serve`, a long-lived process whose request threads
each want an arena of their own.
"""

from __future__ import annotations

import os
import sys

ENV_VAR = "_RJEM_MALLOC_CONF"
ONE_COMMAND = "narenas:1,dirty_decay_ms:300,muzzy_decay_ms:0"
LONG_LIVED = {"serve"}


def settle_for_command(command: str | None) -> None:
    """Set polars' allocator for one short command (`command`: the first argument), unless polars
    is already loaded (the setting would do nothing), the user chose one, or it is the server."""
    if command in LONG_LIVED or "polars" in sys.modules:
        return
    os.environ.setdefault(ENV_VAR, ONE_COMMAND)
