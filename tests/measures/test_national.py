"""Many LAs at once (the national case) give each LA exactly the figures it has alone, and a set
narrowed to the columns the measures read gives exactly the figures of the whole lists.

Second methods: each LA's series computed from its own extracts, one LA at a time; the whole
lists, every canonical column, against the narrowed ones (`columns.columns_to_read`)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csc_scorecard.dates import month_end, months_back
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.measures.annex_lists import POLARS_TYPES
from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.columns import columns_to_read
from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.measures.series import compute_series
from csc_scorecard.store.extract_set import EXTRACTS_SCHEMA, MEASURED_LISTS, PRESENCE_SCHEMA, ExtractSet
from csc_scorecard.synth import extract_at, generate_la
from csc_scorecard.synth.extract import period_start

START, AS_AT = date(2022, 1, 1), date(2023, 12, 31)
ENDS = [month_end(months_back(AS_AT, back)) for back in range(24)]  # 2022-01-31 .. 2023-12-31
ALL = [m.id for m in MEASURES]

# (extract_id, la_code, seed, as_at, months in the period (None: the whole history), lists it lacks).
# Ids interleave the LAs; LA 881 has two extracts (combined across them), LA 330 no List 8.
EXTRACTS = [
    (1, "881", 3, date(2023, 6, 30), 12, ()),
    (2, "330", 4, AS_AT, None, ("children_in_care",)),
    (3, "850", 5, AS_AT, None, ()),
    (4, "881", 3, AS_AT, 12, ()),
]


def _rows(extract_id: int, name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """A synthetic list as the store hands it over: extract id, spreadsheet row, canonical types."""
    schema = {"extract_id": pl.Int64, "source_row": pl.Int64}
    schema |= {c.name: POLARS_TYPES[c.type] for c in load_schema().lists[name].columns}
    return frame.with_columns(
        pl.lit(extract_id, pl.Int64).alias("extract_id"),
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("source_row"),
    ).select([pl.col(c).cast(t) for c, t in schema.items()])


@pytest.fixture(scope="module")
def national() -> ExtractSet:
    las = {seed: generate_la(seed=seed, start=START, end=AS_AT, scale=0.1) for _, _, seed, _, _, _ in EXTRACTS}
    register, presence, parts = [], [], {name: [] for name in MEASURED_LISTS}
    for extract_id, la_code, seed, as_at, months, lacking in EXTRACTS:
        lists = extract_at(las[seed], as_at, months)
        register.append((extract_id, la_code, as_at, period_start(as_at, months, START)))
        for name in MEASURED_LISTS:
            if name not in lacking:
                presence.append((extract_id, name))
                parts[name].append(_rows(extract_id, name, lists[name]))
    return ExtractSet(
        extracts=pl.DataFrame(register, schema=EXTRACTS_SCHEMA, orient="row"),
        lists={name: pl.concat(frames) for name, frames in parts.items()},
        presence=pl.DataFrame(presence, schema=PRESENCE_SCHEMA, orient="row"),
    )


def _one_la(national: ExtractSet, la_code: str) -> ExtractSet:
    ids = national.extracts.filter(pl.col("la_code") == la_code)["extract_id"].implode()
    return ExtractSet(
        extracts=national.extracts.filter(pl.col("extract_id").is_in(ids)),
        lists={name: rows.filter(pl.col("extract_id").is_in(ids)) for name, rows in national.lists.items()},
        presence=national.presence.filter(pl.col("extract_id").is_in(ids)),
    )


def _narrowed(national: ExtractSet, columns: dict[str, tuple[str, ...]]) -> ExtractSet:
    """The set as the national benchmark reads it: a lazy scan of each list, those columns only."""
    lists = {name: national.lists[name].lazy().select("extract_id", "source_row", *read) for name, read in columns.items()}
    return ExtractSet(extracts=national.extracts, lists=lists, presence=national.presence, columns=columns)


def test_the_set_is_what_the_test_says(national):
    # two periods of LA 881 (the extract of June 2023 covers July 2022 to June 2023), List 8 missing for LA 330
    assert national.extracts.sort("extract_id")["period_start"].to_list() == [
        date(2022, 7, 1), START, START, date(2023, 1, 1)
    ]
    assert 2 not in national.lists["children_in_care"]["extract_id"].to_list()
    assert all(national.lists[name].height > 50 for name in ("referrals", "children_in_need", "child_protection"))


def test_every_la_at_once_gives_each_la_its_own_figures(national):
    together = compute_series(national, ALL, ENDS, [12, 6])
    one_at_a_time = pl.concat(
        [compute_series(_one_la(national, la), ALL, ENDS, [12, 6], la_codes=[la]) for la in ("330", "850", "881")]
    ).sort("la_code", "number", "months", "period_end")
    assert together.height == 3 * len(ALL) * len(ENDS) * 2
    assert together.equals(one_at_a_time, null_equal=True)
    # combining one list at a time (an ExtractSet) or every list first gives the same series
    assert together.equals(compute_series(combine(national), ALL, ENDS, [12, 6]), null_equal=True)
    # the figures are there to compare; LA 330's List 8 measures say why they have none
    cla = together.filter(pl.col("la_code") == "330", pl.col("measure") == "cla_rate")
    assert cla["value"].null_count() == cla.height
    assert cla["reason"].str.starts_with("not covered by the loaded extracts").all()
    assert cla.filter(pl.col("period_end") == AS_AT)["reason"].str.contains("the extract at 2023-12-31 has no List 8").all()
    # 12-month windows from 2022-12 (13 month ends) and 6-month from 2022-06 (19) for LAs 330 and 850;
    # LA 881, covered from 2022-07-01: from 2023-06 (7) and 2022-12 (13)
    assert together.filter(pl.col("measure") == "referrals_rate")["value"].drop_nulls().len() == 2 * (13 + 19) + 7 + 13


@pytest.mark.parametrize("breakdowns", [False, True])
def test_the_columns_the_measures_read_give_the_figures_and_issues_of_every_column(national, breakdowns):
    columns = columns_to_read(ALL, breakdowns=breakdowns)
    narrowed = _narrowed(national, columns)
    assert set(columns) == set(MEASURED_LISTS)
    assert len(columns["children_in_care"]) < len(national.lists["children_in_care"].columns)
    assert compute_series(narrowed, ALL, ENDS, [12, 6]).equals(compute_series(national, ALL, ENDS, [12, 6]), null_equal=True)
    assert [i.to_dict() for i in combine(narrowed).issues] == [i.to_dict() for i in combine(national).issues]


def test_the_reference_measures_read_seven_lists_and_only_some_columns():
    columns = columns_to_read([m.id for m in MEASURES if m.number <= 23], breakdowns=False)
    assert set(columns) == {
        "referrals", "assessments", "s47_icpc", "children_in_need", "child_protection", "children_in_care", "care_leavers"
    }
    # measure 1 and 2's columns, with what combine reads (identity, key, the dates checked)
    assert set(columns["referrals"]) == {"child_id", "referral_date", "referral_source", "referrals_last_12m"}
