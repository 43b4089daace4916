"""The generator's workbooks read back by the loader: clean ones with no issue at all, messy ones to
the same canonical rows (same counts, dates and codes) as the generator's own frames.

The variants messy mode writes are counted in tests/synth (at least one of each)."""

from datetime import date

import polars as pl
import pytest

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.synth import extract_at, generate_la, write_extract

AS_AT = date(2023, 6, 30)


@pytest.fixture(scope="module")
def la():
    return generate_la(seed=5, start=date(2021, 1, 1), end=AS_AT, scale=0.2)


@pytest.fixture(scope="module")
def truth(la):
    return extract_at(la, AS_AT, months=12)


def sort_all(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.parametrize("messy", [False, True], ids=["clean", "messy"])
def test_workbook_reads_back_to_the_generators_rows(la, truth, tmp_path, messy):
    path = write_extract(la, tmp_path / f"annex_a_{AS_AT}.xlsx", AS_AT, months=12, messy=messy)
    read = read_annex_a(path, as_at=AS_AT)
    # every messy variant (header spellings, codes without prefixes, dates as text, stray
    # spaces, sheet names) is a spelling the schema accepts: no warning is expected for either
    assert [str(i) for i in read.issues] == []
    assert set(read.lists) == set(truth)
    for name, expected in truth.items():
        got = read.lists[name].frame.drop("source_row")
        assert got.height == expected.height, name
        got = got.select(expected.columns).cast(expected.schema)
        assert sort_all(got).equals(sort_all(expected)), name
