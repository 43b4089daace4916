"""Measures 22 and 23 (List 9), a hand-made case: one extract as at 2023-12-31 (E)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def leaver(child, dob, in_touch="Yes", suitability=None, activity=None):
    return {
        "child_id": child,
        "date_of_birth": d(dob) if dob else None,
        "in_touch": in_touch,
        "accommodation_suitability": suitability,
        "activity_status": activity,
    }


LEAVERS = [
    leaver("AGED18", "2005-06-01", suitability="Suitable", activity="F1"),  # 18: not 19-21
    leaver("AGED19", "2004-12-31", suitability="Suitable", activity="F1"),  # 19 on E
    leaver("AGED21", "2002-01-01", suitability="Unsuitable", activity="G5"),  # 21
    leaver("AGED22", "2001-12-31", suitability="Suitable", activity="F3"),  # 22 on E: out
    leaver("DIED", "2003-05-05", in_touch="Died", suitability="Suitable", activity="F1"),  # 20, died
    leaver("NOTOUCH", "2003-05-05", in_touch="No", suitability="Suitable", activity="G6"),  # 20
    leaver("UNKNOWN", "2002-12-31"),  # 21 (born 2002-12-31: 21 on E), nothing recorded
    leaver("NODOB", None, suitability="Suitable", activity="P2"),  # no age: out, reported
    leaver("PART", "2003-01-15", suitability="suitable", activity="p2"),  # 20; codes in lower case
]


def test_care_leavers_in_suitable_accommodation():
    es = extract_set(care_leavers=LEAVERS)
    # denominator: AGED19, AGED21, NOTOUCH, UNKNOWN, PART = 5
    # suitable: AGED19, NOTOUCH, PART = 3 -> 60.0
    cell = one_cell(es, "care_leavers_suitable_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 5, 60.0)
    rows = measure_rows(es, "care_leavers_suitable_pct", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "denominator") == ["AGED19", "AGED21", "NOTOUCH", "PART", "UNKNOWN"]


def test_care_leavers_in_education_employment_or_training():
    es = extract_set(care_leavers=LEAVERS)
    # EET (activity code beginning F or P): AGED19 (F1), PART (p2) = 2 of 5 -> 40.0
    cell = one_cell(es, "care_leavers_eet_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
