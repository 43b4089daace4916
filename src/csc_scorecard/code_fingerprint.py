"""A digest of the code that computes the figures, so that a figure kept on disk by one version
of the package is never served by another.

It covers every file of the package (its modules and its data: the measures, the Annex A
schema, the shipped populations and benchmarks) and the versions of Python and of the libraries
figures are computed with. Broad on purpose: a change anywhere in the package (a template, say)
also counts, which costs one recomputation, where a change missed would serve a wrong figure.
Reading the package's files (about 2 MB) takes a few milliseconds.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("polars", "holidays")  # what the measures and dates compute with


def code_fingerprint(package: Path = PACKAGE) -> str | None:
    """The digest of the package's files as they are now, with Python's and LIBRARIES' versions;
    None when a file cannot be read (then nothing computed can be told apart from another
    version's)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"\0{library}={_version(library)}".encode())
    try:
        for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            content = path.read_bytes()
            digest.update(f"\0{path.relative_to(package).as_posix()}\0{len(content)}\0".encode())
            digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"
