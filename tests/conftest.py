"""Shared fixtures: every test gets its own store directory, never the user's."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_STORE", str(tmp_path / "store-from-env"))


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory):
    """A store loaded through the real path with 13 monthly extracts (Dec 2022 - Dec 2023) of a
    small synthetic LA (a fifth of the demo's size) plus the demo's manual values: built once."""
    from datetime import date

    from csc_scorecard.demo import MANUAL_VALUES
    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.ingest.manual import read_manual_csv
    from csc_scorecard.measures.registry import manual_units
    from csc_scorecard.scorecard.build import mark_synthetic
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import load_annex_a
    from csc_scorecard.store.reference import save_manual_values
    from csc_scorecard.synth import generate_la, write_monthly_extracts

    root = tmp_path_factory.mktemp("synthetic")
    la = generate_la(seed=11, start=date(2021, 1, 1), end=date(2023, 12, 31), scale=0.2)
    files = write_monthly_extracts(la, root / "annex_a", date(2022, 12, 31), date(2023, 12, 31), months=12)
    store = open_store(root / "store")
    for path in files:
        as_at = date.fromisoformat(path.stem.removeprefix("annex_a_"))
        outcome = load_annex_a(store, read_annex_a(path, as_at=as_at), as_at, "343")
        assert outcome.status == "loaded", outcome.message
    manual = root / "manual.csv"
    manual.write_text(MANUAL_VALUES)
    save_manual_values(store, read_manual_csv(manual, manual_units()), "343", manual.name)
    mark_synthetic(root / "store")
    store.dispose()
    return root / "store"
