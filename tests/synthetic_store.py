"""The session's synthetic store (tests/conftest.py, `synthetic_store`) loaded through the real path."""

from datetime import date


def load_synthetic(workbooks, store_dir):
    """Load the synthetic LA's monthly workbooks (the folder `workbooks`) and the demo's manual
    values into the store at `store_dir`, on the database $SCORECARD_DATABASE_URL names if any."""
    from csc_scorecard.demo import MANUAL_VALUES
    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.ingest.manual import read_manual_csv
    from csc_scorecard.measures.registry import manual_units
    from csc_scorecard.scorecard.build import mark_synthetic
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import load_annex_a
    from csc_scorecard.store.reference import save_manual_values

    store = open_store(store_dir)
    for path in sorted(workbooks.glob("annex_a_*.xlsx")):
        as_at = date.fromisoformat(path.stem.removeprefix("annex_a_"))
        outcome = load_annex_a(store, read_annex_a(path, as_at=as_at), as_at, "343")
        assert outcome.status == "loaded", outcome.message
    manual = store_dir.parent / "manual.csv"
    manual.write_text(MANUAL_VALUES)
    save_manual_values(store, read_manual_csv(manual, manual_units()), "343", manual.name)
    mark_synthetic(store_dir)
    store.dispose()
