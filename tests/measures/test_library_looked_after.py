"""Library measures 35-40 (List 8) and 41-42 (List 9), hand-made cases; population 10,000; one
extract as at 2023-12-31, read by the attribute measures for period ends in December 2023
(docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded
from .test_looked_after import cla


def test_children_starting_care_counted_once_in_a_window():
    es = extract_set(children_in_care=[
        cla("A", "2023-02-01", "2023-03-01"),  # A started twice in 2023 ...
        cla("A", "2023-08-01"),  # ... counted once in the 12 months, in each 6 months once
        cla("B", "2023-12-31"),  # starts on E
        cla("C", "2023-05-01", status="V3"),  # short breaks: not counted
        cla("D", "2022-12-31"),  # before the window
    ])
    # 12 months: A, B = 2 -> 2.0 per 10,000; 6 months (Jul-Dec): A (1 Aug), B = 2 x 12/6 = 4.0
    twelve = one_cell(es, "cla_started_rate", "2023-12-31", 12)
    six = one_cell(es, "cla_started_rate", "2023-12-31", 6)
    assert (twelve["numerator"], twelve["value"], six["numerator"], six["value"]) == (2, 2.0, 2, 4.0)
    rows = measure_rows(es, "cla_started_rate", d("2023-12-31"), 12, TEST_LA)
    assert dict(zip(rows["child_id"], rows["cla_start_date"], strict=True)) == {"A": d("2023-08-01"), "B": d("2023-12-31")}


def test_children_ceasing_care():
    es = extract_set(children_in_care=[
        cla("A", "2022-01-01", "2023-03-01", reason="E4A"),
        cla("A", "2023-04-01", "2023-09-01", reason="E11"),  # A ceased twice: once
        cla("B", "2023-06-01", "2023-05-01", reason="E13"),  # ceased before it started: still a ceasing
        cla("C", "2023-01-01", "2023-06-01", status="V4"),  # short breaks
        cla("D", "2022-01-01"),  # still looked after
    ])
    # 12 months: A, B = 2 -> 2.0
    cell = one_cell(es, "cla_ceased_rate", "2023-12-31", 12)
    assert (cell["numerator"], cell["value"]) == (2, 2.0)


LOOKED_AFTER = [
    cla("A", "2022-01-01", placements_last_12m=3, uasc="Yes", placement_location="Out", placement_type="U4"),
    cla("B", "2023-06-01", placements_last_12m=1, uasc="No", placement_location="In", placement_type="K2"),
    cla("C", "2023-12-31", placements_last_12m=1, uasc="No", placement_location="Out", placement_type="U6"),  # starts on E
    cla("D", "2022-01-01", "2023-12-31", placements_last_12m=5, uasc="Yes", placement_location="Out",
        placement_type="U1"),  # ceased on E: not looked after at E
    cla("E", "2022-01-01", status="V3", placements_last_12m=4, uasc="Yes", placement_location="Out",
        placement_type="U6"),  # short breaks
    cla("F", "2023-02-01", placements_last_12m=None, uasc=None, placement_location=None,
        placement_type=None),  # nothing recorded: left out of each, counted
    cla("G", "2021-06-01", placements_last_12m=4, uasc="No", placement_location="In", placement_type="A5"),
]


def test_three_or_more_placements_in_the_last_12_months():
    # looked after at E with a count: A, B, C, G = 4; 3 or more: A, G -> 50.0
    cell = one_cell(extract_set(children_in_care=LOOKED_AFTER), "cla_placements_3plus_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)
    assert _excluded(cell) == {"blank Number of Placements in the Last 12 months": 1}


def test_unaccompanied_asylum_seeking_children():
    # A of A, B, C, G -> 25.0 (D ceased on E, E short breaks)
    cell = one_cell(extract_set(children_in_care=LOOKED_AFTER), "cla_uasc_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 4, 25.0)


def test_placed_outside_the_local_authority():
    # Out: A, C of A, B, C, G -> 50.0
    es = extract_set(children_in_care=LOOKED_AFTER)
    cell = one_cell(es, "cla_placed_outside_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)
    assert children(measure_rows(es, "cla_placed_outside_pct", d("2023-12-31"), 6, TEST_LA), "numerator") == ["A", "C"]


def test_foster_placements_are_u1_to_u6():
    # U4 (A), U6 (C) of A, B, C, G; G's A5 (placed for adoption with its foster carers) is not -> 50.0
    cell = one_cell(extract_set(children_in_care=LOOKED_AFTER), "cla_foster_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)


def test_an_attribute_share_without_an_extract_in_the_month_has_no_value():
    cell = one_cell(extract_set(children_in_care=LOOKED_AFTER), "cla_foster_pct", "2023-11-30", 6)
    assert (cell["value"], cell["reason"]) == (None, "no extract in this month")


def leaver(child, dob, in_touch="Yes"):
    return {"child_id": child, "date_of_birth": d(dob) if dob else None, "in_touch": in_touch}


LEAVERS = [
    leaver("AGED16", "2007-06-01"),  # 16: in neither
    leaver("AGED17", "2006-12-31", in_touch="Yes"),  # 17 on E
    leaver("AGED18", "2005-06-01", in_touch="Refu"),  # 18: refuses contact, not in touch
    leaver("AGED18D", "2005-06-01", in_touch="Died"),  # died: out
    leaver("AGED19", "2004-12-31", in_touch="Yes"),  # 19 on E
    leaver("AGED20", "2003-05-05", in_touch="NREQ"),  # 20, no longer requires services
    leaver("AGED21", "2002-12-31", in_touch="Yes"),  # 21 on E
    leaver("AGED22", "2001-12-31", in_touch="Yes"),  # 22 on E: out
    leaver("NODOB", None),  # no age: left out, counted
]


def test_care_leavers_aged_17_18_in_touch():
    # AGED17, AGED18 (AGED18D died) = 2; in touch: AGED17 -> 50.0
    cell = one_cell(extract_set(care_leavers=LEAVERS), "care_leavers_in_touch_17_18_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 2, 50.0)
    assert _excluded(cell) == {"blank Date of Birth": 1}


def test_care_leavers_aged_19_21_in_touch():
    # AGED19, AGED20, AGED21 = 3; in touch: AGED19, AGED21 -> 200/3
    es = extract_set(care_leavers=LEAVERS)
    cell = one_cell(es, "care_leavers_in_touch_19_21_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 200 / 3)
    rows = measure_rows(es, "care_leavers_in_touch_19_21_pct", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "denominator") == ["AGED19", "AGED20", "AGED21"]
