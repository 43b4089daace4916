"""Library measures 89-92 (List 10, adoption): A1, A2, moved in within 18 months, children
waiting with a placement order; and how List 10 combines across extracts. Hand-made cases,
days counted by hand in the comments (docs/measures.md)."""

from csc_scorecard.display import format_half_up
from csc_scorecard.measures.registry import get
from csc_scorecard.measures.series import measure_rows
from csc_scorecard.scorecard.build import exact_value

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def child(child_id, entered=None, decision="2022-01-01", order_po=None, match=None, placed=None, ffa=None,
          adopted=None, reversed_on=None, extract_id=1):
    dates = {"entered_care_date": entered, "adoption_decision_date": decision, "placement_order_date": order_po,
             "matching_date": match, "placed_for_adoption_date": placed, "ffa_placement_date": ffa,
             "adoption_order_date": adopted, "adoption_reversal_date": reversed_on}
    return {"child_id": child_id, "extract_id": extract_id, **{k: d(v) if v else None for k, v in dates.items()}}


ADOPTED = [
    # entered 31 Aug 2021, moved in 1 Dec 2022: 365 (to 31 Aug 2022) + 30 + 31 + 30 + 1 = 457 days;
    # 18 months on is 28 Feb 2023 (31 Aug clipped): within. Order to match: 1 Mar - 1 Nov 2022 = 245
    child("A", "2021-08-31", order_po="2022-03-01", match="2022-11-01", placed="2022-12-01", adopted="2023-03-15"),
    # fostered for adoption 1 Jun 2022, before the placement: moved in then. 1 Jan 2021 - 1 Jun 2022 =
    # 365 + 31 + 28 + 31 + 30 + 31 = 516; 18 months on: 1 Jul 2022: within. 1 Jul - 1 Dec 2022 = 153
    child("B", "2021-01-01", order_po="2022-07-01", match="2022-12-01", placed="2023-01-01", ffa="2022-06-01",
          adopted="2023-08-01"),
    # placed with consent (no placement order: left out of A2). From 31 Aug 2021, 1 Dec 2022 is day
    # 457 (as A), 1 Mar 2023 is 457 + 31 + 31 + 28 = 547; a day after 28 Feb 2023: not within 18 months
    child("C", "2021-08-31", match="2023-02-01", placed="2023-03-01", adopted="2023-09-01"),
    # placed for adoption before entering care: a data error, out of A1 and 91; matched 11 days before
    # its placement order: 0 days in A2
    child("D", "2023-01-10", order_po="2022-12-01", match="2022-11-20", placed="2023-01-05", adopted="2023-10-01"),
    # adopted before the 12-month window
    child("F", "2021-01-01", order_po="2021-06-01", match="2021-09-01", placed="2021-10-01", adopted="2022-12-31"),
    # a fostering-for-adoption date before entering care is not read: moved in 1 Oct 2022, 1 May -
    # 1 Oct 2022 = 31 + 30 + 31 + 31 + 30 = 153 days; order to match 1 Jun - 1 Sep 2022 = 30 + 31 + 31 = 92
    child("G", "2022-05-01", order_po="2022-06-01", match="2022-09-01", placed="2022-10-01", ffa="2022-04-01",
          adopted="2023-12-31"),
]


def _cell(measure_id, months):
    return one_cell(extract_set(adoption=ADOPTED), measure_id, "2023-12-31", months)


def test_a1_average_days_from_entering_care_to_moving_in():
    # 12 months: A 457, B 516, C 547, G 153 = 1673 days over 4 children = 418.25
    # 6 months (Jul-Dec): B, C, G = 1216 over 3
    twelve, six = _cell("adoption_a1_days", 12), _cell("adoption_a1_days", 6)
    assert (twelve["numerator"], twelve["denominator"], twelve["value"]) == (1673, 4, 418.25)
    assert (six["numerator"], six["denominator"], six["value"]) == (1216, 3, 1216 / 3)
    assert _excluded(twelve) == {"placed for adoption before entering care": 1}
    rows = measure_rows(extract_set(adoption=ADOPTED), "adoption_a1_days", d("2023-12-31"), 12, TEST_LA)
    assert dict(zip(rows["child_id"], rows["days"])) == {"A": 457, "B": 516, "C": 547, "G": 153}
    # displayed half up from the exact 1673/4: 418.3 at 1 dp (banker's rounding would give 418.2)
    assert format_half_up(exact_value(get("adoption_a1_days"), 12, twelve), 1) == "418.3"


def test_a2_average_days_from_placement_order_to_match():
    # 12 months: A 245, B 153, D 0 (matched before its order), G 92 = 490 over 4 = 122.5; C has no
    # placement order: left out, counted. Displayed at 0 dp, half up: 123
    cell = _cell("adoption_a2_days", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (490, 4, 122.5)
    assert _excluded(cell) == {"blank Date of Placement Order": 1}
    assert format_half_up(exact_value(get("adoption_a2_days"), 12, cell), 0) == "123"


def test_moved_in_within_18_months_of_entering_care():
    # 12 months: A, B, G within; C a day late; D a data error -> 3 of 4
    cell = _cell("adoption_moved_in_18m_pct", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 4, 75.0)
    rows = measure_rows(extract_set(adoption=ADOPTED), "adoption_moved_in_18m_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["A", "B", "G"]


WAITING = [
    child("W1", "2022-06-01", order_po="2023-06-01"),  # waiting from 1 Jun 2023
    child("W2", "2022-06-01", order_po="2023-05-01", placed="2023-12-31"),  # placed on E: not waiting at E
    child("W3", "2023-01-01", order_po="2023-05-01", ffa="2023-04-01"),  # with its adopters before the order
    child("W4", "2022-06-01", order_po="2023-02-01", reversed_on="2023-09-01"),  # decision reversed
    child("W5", "2022-06-01"),  # no placement order
]


def test_children_waiting_with_a_placement_order():
    es = extract_set(adoption=WAITING)
    counts = {end: one_cell(es, "adoption_waiting_placement_order", end, 1)["value"]
              for end in ("2023-06-30", "2023-11-30", "2023-12-31")}
    # 30 Jun: W1, W2, W4; 30 Nov: W1, W2; 31 Dec: W1
    assert counts == {"2023-06-30": 3.0, "2023-11-30": 2.0, "2023-12-31": 1.0}
    rows = measure_rows(es, "adoption_waiting_placement_order", d("2023-06-30"), 1, TEST_LA)
    assert children(rows, "numerator") == ["W1", "W2", "W4"]


def test_list_10_across_extracts():
    # extract 1 at 30 Jun 2023 (period from 1 Jul 2022), extract 2 at 31 Dec 2023 (from 1 Jan 2023)
    extracts = [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2023-06-30"), "period_start": d("2022-07-01")},
                {"extract_id": 2, "la_code": TEST_LA, "as_at": d("2023-12-31"), "period_start": d("2023-01-01")}]
    es = extract_set(extracts, adoption=[
        # X: waiting at 30 Jun, decided before extract 2's period, not listed by it: counts up to 30 Jun only
        child("X", "2022-01-01", decision="2022-10-01", order_po="2023-03-01"),
        # Y: adopted in extract 2's period, which does not list it: extract 2 would have had to; dropped
        child("Y", "2021-01-01", decision="2022-02-01", order_po="2022-03-01", match="2022-06-01",
              placed="2022-07-01", adopted="2023-03-01"),
        # Z: listed by both; the newer row (placed 1 Nov) wins over the older (not placed)
        child("Z", "2022-01-01", decision="2022-02-01", order_po="2022-05-01"),
        child("Z", "2022-01-01", decision="2022-02-01", order_po="2022-05-01", match="2023-10-01",
              placed="2023-11-01", extract_id=2),
    ])
    waiting = {end: one_cell(es, "adoption_waiting_placement_order", end, 1)["value"]
               for end in ("2023-06-30", "2023-07-31", "2023-10-31", "2023-11-30")}
    assert waiting == {"2023-06-30": 2.0, "2023-07-31": 1.0, "2023-10-31": 1.0, "2023-11-30": 0.0}
    adopted = one_cell(es, "adoption_a1_days", "2023-06-30", 6)
    assert (adopted["denominator"], adopted["reason"]) == (0, "zero denominator")
