"""Progress of an upload's check or load, for the page's progress bar (issue 16).

The upload page's script (`static/upload.js`) sends the form with a random token and asks
`/upload/progress/{token}.json` what has been done while the server works; without the script
no token is sent and nothing is kept. Each token belongs to the signed-in user who sent it and
is kept in memory for KEEP_MINUTES. Steps say only what is safe anywhere (file and list names,
row counts), never a value from a child's row.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from csc_scorecard.ingest.schema import load_schema

KEEP_MINUTES = 15
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class Tracker:
    """One upload step's progress: `step(text)` after each part of the work, `finish()` at the end."""

    title: str
    total: int
    steps: list[str] = field(default_factory=list)
    finished: bool = False
    started: float = field(default_factory=time.monotonic)

    def step(self, text: str) -> None:
        self.steps.append(text)

    def finish(self, text: str) -> None:
        self.steps.append(text)
        self.finished = True

    def status(self) -> dict:
        done = self.total if self.finished else min(len(self.steps), self.total - 1)
        return {"title": self.title, "steps": list(self.steps), "done": done, "total": self.total, "finished": self.finished}


class UploadProgress:
    """The trackers of uploads under way (and just finished), by user and token."""

    def __init__(self) -> None:
        self._trackers: dict[tuple[str, str], Tracker] = {}
        self._lock = threading.Lock()

    def start(self, user_name: str, token: str | None, title: str, total: int) -> Tracker:
        """A tracker for the work about to start; kept only for a well-formed token (else it
        records nothing anyone can read: a form sent without the script)."""
        tracker = Tracker(title, total)
        if token and _TOKEN.match(token):
            with self._lock:
                self._forget_old()
                self._trackers[(user_name, token)] = tracker
        return tracker

    def status(self, user_name: str, token: str) -> dict | None:
        with self._lock:
            tracker = self._trackers.get((user_name, token))
        return tracker.status() if tracker is not None else None

    def _forget_old(self) -> None:
        oldest = time.monotonic() - KEEP_MINUTES * 60
        for key in [k for k, t in self._trackers.items() if t.started < oldest]:
            del self._trackers[key]


def check_steps() -> int:
    """Steps of a check: the file received, each Annex A list read, the comparison."""
    return len(load_schema().lists) + 2


def load_steps() -> int:
    """Steps of a load: each Annex A list read, then stored."""
    return len(load_schema().lists) + 1
