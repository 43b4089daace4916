"""Rebuilding the shipped benchmark data from DfE's files gives exactly what is shipped.

The published files are not part of the repository (a user never needs them); this test reads
them from the project's shared folder when it is there (CI has it) and is skipped otherwise.
Each release's manifest names its input files with their SHA-256, so the test finds the same
files by content and runs the same import.
"""

import hashlib
import json
from pathlib import Path

import pytest

from csc_scorecard.benchmarks import shipped
from csc_scorecard.benchmarks.importer import import_release

# The reference folder beside the checkout (CI lays it there); a user's machine does not have it.
PUBLISHED = Path(__file__).resolve().parents[3] / "shared" / "data" / "published"

pytestmark = pytest.mark.skipif(
    not PUBLISHED.is_dir(), reason=f"DfE published files ({PUBLISHED}) are not on this machine; "
    "only needed to rebuild the shipped benchmark data"
)


def files_by_sha256() -> dict[str, Path]:
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in sorted(PUBLISHED.rglob("*")) if p.is_file()}


def test_import_rebuilds_the_shipped_data(tmp_path):
    by_hash = files_by_sha256()
    shipped_dir = shipped.DATA_DIR
    sn_manifest = json.loads((shipped_dir / shipped.SN_DIR / "manifest.json").read_text(encoding="utf-8"))
    sn_files = [by_hash[e["sha256"]] for entry in sn_manifest.values() for e in entry["inputs"]]
    for release in shipped.available_releases(shipped_dir):
        manifest = json.loads((shipped.release_dir(shipped_dir, release) / shipped.MANIFEST_FILE).read_text(encoding="utf-8"))
        inputs = [by_hash[e["sha256"]] for e in manifest["inputs"]]
        import_release(inputs + (sn_files if release == "2023" else []), release, tmp_path)
    built = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    expected = {
        p.relative_to(shipped_dir): p.read_bytes() for p in shipped_dir.rglob("*") if p.is_file() and p.name != "README.md"
    }
    assert sorted(built) == sorted(expected)
    for name in expected:
        assert built[name] == expected[name], name
