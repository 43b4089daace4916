"""A row kept with a row-level error (a blank or unreadable value where a measure reads one)
reaches the store and the measures; computing every measure's series over it must complete.

Which measures leave such a row out, and how they count it, is the measures' business; this
test only guarantees that a null in a required column cannot crash them."""

from datetime import date

from annex_a_builders import write_workbook
from ofsted_template import SCHEMA, list_row

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.issues import Scope, Severity
from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.measures.series import compute_series
from csc_scorecard.outputs import month_ends
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extract_set import MEASURED_LISTS
from csc_scorecard.store.extracts import extract_set, load_annex_a, stored_issues

MEASURED = list(MEASURED_LISTS)


def test_every_measure_computes_over_rows_with_null_required_values(tmp_path):
    sheets = {}
    blanked = 0
    for name in MEASURED:
        spec = SCHEMA.lists[name]
        required = tuple(c.name for c in spec.required_columns if c.name != spec.identifier)
        blanked += len([c for c in spec.required_columns if c.name in required and not c.blank])
        # one complete row and one with every required column but the child id blank
        sheets[f"List {spec.number}"] = [
            [c.header for c in spec.columns], list_row(spec, "GOOD"), list_row(spec, "BAD", blank=required),
        ]
    as_at = date(2023, 12, 31)
    read = read_annex_a(write_workbook(tmp_path / "annex_a.xlsx", sheets), as_at=as_at)
    errors = [i for i in read.issues if i.severity is Severity.ERROR]
    # a blank is an error only where the column must be filled (blank: false in the schema)
    assert len(errors) == blanked
    assert {i.scope for i in errors} == {Scope.ROW}

    store = open_store(tmp_path / "store")
    outcome = load_annex_a(store, read, as_at, "343")
    assert outcome.status == "loaded", outcome.message
    # the row-level errors are stored with the extract, as its data-quality report
    assert [i for i in stored_issues(store, outcome.extract_id) if i.severity is Severity.ERROR] == errors
    data = extract_set(store, ["343"])
    assert {name: frame.height for name, frame in data.lists.items()} == {name: 2 for name in MEASURED}

    ends = month_ends(date(2023, 1, 1), as_at)
    series = compute_series(data, None, ends, [12, 6], la_codes=["343"])
    store.dispose()
    # every measure, month end and window has its row (a value, or a reason there is none)
    assert series.height == len(MEASURES) * len(ends) * 2
    assert set(series["measure"]) == {m.id for m in MEASURES}
