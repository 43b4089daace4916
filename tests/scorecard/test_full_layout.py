"""The second shipped layout, `data/layouts/annex-a-full.yaml`: every library measure in one
scorecard, a section per list, built from a workbook loaded through the real path, with a few
figures worked out by hand (docs/measures.md)."""

from datetime import date

from annex_a_builders import write_workbook
from ofsted_template import SCHEMA, list_row

from csc_scorecard.config import FULL_LAYOUT, read_config
from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.measures.registry import MEASURES, reference_ids
from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a

AS_AT = date(2023, 12, 31)
LIBRARY = [m.id for m in MEASURES if m.id not in reference_ids()]


def test_the_full_layout_holds_every_library_measure_once_in_sections_by_list():
    config = read_config(FULL_LAYOUT)
    ids = [row.id for section in config.sections for row in section.rows]
    assert sorted(ids) == sorted(LIBRARY) and len(ids) == len(set(ids))
    titles = [section.title for section in config.sections]
    assert titles[:3] == ["List 1: contacts", "List 2: early help", "List 3: referrals"]


def row(name: str, child: str, **values) -> list:
    """A row of list `name` for `child`: the template's default codes and text, every date blank
    unless given, then `values` (canonical column names)."""
    spec = SCHEMA.lists[name]
    dates = {c.name for c in spec.columns if c.type == "date"}
    cells = dict(zip([c.name for c in spec.columns], list_row(spec, child, blank=tuple(dates))))
    cells.update(values)
    return [cells[c.name] for c in spec.columns]


def sheet(name: str, *rows: list) -> tuple[str, list[list]]:
    spec = SCHEMA.lists[name]
    return f"List {spec.number}", [[c.header for c in spec.columns], *rows]


def d(text: str) -> date:
    return date.fromisoformat(text)


SHEETS = dict([
    sheet(
        "contacts",
        row("contacts", "A", contact_date=d("2023-08-01"), contact_source="q) 6: Police"),
        row("contacts", "B", contact_date=d("2023-09-01"), contact_source="e) 2A: Schools"),
        row("contacts", "C", contact_date=d("2023-10-02"), contact_source="g) 3A: Health services - GP"),
        row("contacts", "D", contact_date=d("2023-11-01"), contact_source="e) 2A: Schools"),
        row("contacts", "E", contact_date=d("2023-03-01"), contact_source="q) 6: Police"),  # before Jul-Dec
    ),
    sheet(
        "referrals",
        row("referrals", "A", referral_date=d("2023-08-31")),  # 30 days after A's contact: within
        row("referrals", "B", referral_date=d("2023-10-02")),  # 31 days after B's: not within
    ),
    sheet(
        "early_help",
        # WD(3 Jul, 1 Sep 2023) = 43 (July 20, August 22 with the bank holiday, 1 September)
        row("early_help", "F", eh_assessment_start_date=d("2023-07-03"), eh_assessment_completion_date=d("2023-09-01")),
        row("early_help", "G", eh_assessment_start_date=d("2023-07-03"), eh_assessment_completion_date=d("2023-09-06")),  # 46
        row("early_help", "H", eh_assessment_start_date=d("2023-07-03"), eh_assessment_completion_date=d("2023-09-05")),  # 45
    ),
    sheet(
        "children_in_need",
        row("children_in_need", "J", cin_start_date=d("2023-02-01"), allocated_worker="Jo Smith"),
        row("children_in_need", "K", cin_start_date=d("2023-03-01"), allocated_worker="Unallocated"),
        row("children_in_need", "L", cin_start_date=d("2023-04-01"), allocated_worker="Sam Jones"),
    ),
    # measure 62 reads Lists 4, 6, 7 and 8 together: the extract must hold all four, empty or not
    sheet(
        "assessments",
        # authorised Jul-Dec, WD as for F, G, H above: 43, 46, 45 (not open at E: no caseload)
        row("assessments", "M", assessment_start_date=d("2023-07-03"), assessment_authorised_date=d("2023-09-01")),
        row("assessments", "N", assessment_start_date=d("2023-07-03"), assessment_authorised_date=d("2023-09-06")),
        row("assessments", "P", assessment_start_date=d("2023-07-03"), assessment_authorised_date=d("2023-09-05")),
    ),
    sheet("child_protection"),
    sheet("children_in_care"),
])


def test_the_full_layout_builds_with_hand_worked_figures(tmp_path):
    read = read_annex_a(write_workbook(tmp_path / "annex_a.xlsx", SHEETS), as_at=AS_AT)
    store = open_store(tmp_path / "store")
    try:
        outcome = load_annex_a(store, read, AS_AT, "343", period_start=d("2023-01-01"))
        assert outcome.status == "loaded", outcome.message
        scorecard = build_scorecard(store, AS_AT, read_config(FULL_LAYOUT), "343")
        published = build_scorecard(store, AS_AT, read_config(FULL_LAYOUT), "343", publication=True)
    finally:
        store.dispose()
    rows = {r.id: r for section in scorecard.sections for r in section.rows}
    assert sorted(rows) == sorted(LIBRARY)

    def shown(measure_id, column="period_to_date"):
        return next(c.display for c in rows[measure_id].cells if c.column == column)

    # contacts Jul-Dec 2023: A, B, C, D = 4; police: A -> 25.0%; schools: B, D -> 50.0%
    assert (shown("contacts_police_pct"), shown("contacts_schools_pct")) == ("25.0%", "50.0%")
    # referred within 30 days: A only (B's referral came on day 31) -> 1 of 4
    assert shown("contacts_to_referral_30d_pct") == "25.0%"
    # early help completed Jul-Dec: F (43), G (46), H (45): 2 of 3 = 66.666... -> 66.7% (half up)
    assert shown("eh_assessments_45wd_pct") == "66.7%"
    # open at 31 Dec: J, K, L; K's worker is "Unallocated" -> 1 of 3 = 33.3%
    assert shown("open_children_unallocated_pct") == "33.3%"
    # mean working days to authorisation: 134 / 3 = 44.666... -> 44.7; median 45 -> 45.0
    assert (shown("assessments_mean_wd"), shown("assessments_median_wd")) == ("44.7", "45.0")
    # its analysis text quotes the 3 assessments it counts, never the 134 days summed
    days_text = rows["assessments_mean_wd"].analysis.text
    assert "It counts 3 children" in days_text and "134" not in days_text
    # workers named: Jo Smith (J), Sam Jones (L): 2 allocations over 2 workers -> 1.0, no % sign
    assert shown("caseload_mean") == "1.0"
    # the extract's period starts on 1 Jan 2023: Jul-Dec 2022 is not covered
    assert shown("contacts_police_pct", "period_year_ago") == "-"
    # List 5 was not in the workbook: its measures have no value
    assert shown("s47_repeat_12m_pct") == "-"

    # a publication suppresses small numbers (1-5) of means too: 2 allocations over 2 workers
    public = {r.id: r for section in published.sections for r in section.rows}
    caseload = next(c for c in public["caseload_mean"].cells if c.column == "period_to_date")
    assert (caseload.display, caseload.suppressed) == ("c", True)
    # ... and of a mean whose numerator is large but whose denominator is small: 134 days over 3
    internal = next(c for c in rows["assessments_mean_wd"].cells if c.column == "period_to_date")
    days = next(c for c in public["assessments_mean_wd"].cells if c.column == "period_to_date")
    assert (internal.numerator, internal.denominator, days.display, days.suppressed) == (134, 3, "c", True)
