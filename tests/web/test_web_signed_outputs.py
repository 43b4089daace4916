"""The report built from a signed month says who signed it and when (`scorecard build` reads the
signed snapshot, which carries its `sign_off`); an open month says it is a draft."""

import json
import shutil
import subprocess
from datetime import date

import pytest

from csc_scorecard.outputs import build_outputs
from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store import signoff
from csc_scorecard.store.db import open_store

DEC = date(2023, 12, 31)

pytestmark = pytest.mark.sqlite_only  # a copy of the session's synthetic SQLite store


@pytest.fixture
def signed_store(synthetic_store, tmp_path):
    """A copy of the session's synthetic store with December 2023 signed off by adam."""
    folder = tmp_path / "store"
    shutil.copytree(synthetic_store, folder)
    store = open_store(folder)
    record = signoff.sign(store, "343", DEC, build_scorecard(store, DEC).to_json(), "adam")
    store.dispose()
    return folder, record


def test_the_signed_snapshot_carries_who_signed_and_when(signed_store):
    _, record = signed_store
    assert record.snapshot["sign_off"] == {"by": "adam", "at": record.signed_at.isoformat(timespec="seconds"), "version": 1}


def test_html_pdf_and_json_of_a_signed_month_show_who_signed_and_when(signed_store, tmp_path):
    folder, record = signed_store
    paths = build_outputs(DEC, None, "html,pdf,json", tmp_path / "out", False, "343", folder)
    when = f"{record.signed_at.day} {record.signed_at:%B %Y, %H:%M}"  # e.g. 8 January 2024, 16:00
    html = paths["html"].read_text(encoding="utf-8")
    assert f'<span class="sign-off">Signed off by adam on {when} (version 1)</span>.' in html  # the header
    assert f'<p class="sign-off">Signed off by adam on {when} (version 1).</p>' in html  # the footnotes
    assert "Draft: not signed off." not in html
    text = subprocess.run(["pdftotext", "-layout", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Signed off by adam on {when} (version 1)" in " ".join(text.split())
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["sign_off"] == {"by": "adam", "at": record.signed_at.isoformat(timespec="seconds"), "version": 1}


def test_an_open_month_is_a_draft(signed_store, tmp_path):
    folder, _ = signed_store
    paths = build_outputs(date(2023, 11, 30), None, "html,json", tmp_path / "out", False, "343", folder)
    assert '<span class="draft">Draft: not signed off.</span>' in paths["html"].read_text(encoding="utf-8")
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["sign_off"] is None
