"""YAML text parsed with libyaml's C parser when PyYAML was built with it, else the pure-Python one.

The values are the same either way (both use PyYAML's safe constructor and resolver); the C
parser is about ten times faster, and the shipped Annex A schema and layout are parsed by every
command at start-up.
"""

from __future__ import annotations

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """`yaml.safe_load`, on the fast parser."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def compose(text: str) -> yaml.Node | None:
    """`yaml.compose` (nodes with their line marks), on the fast parser."""
    return yaml.compose(text, Loader=_SAFE_LOADER)
