"""What the declarations say once and the registry derives: the members of a family, coded
shares, and which measures are snapshots (spec/indicators.md, kinds)."""

from __future__ import annotations

import polars as pl
import pytest

from csc_scorecard.measures.registry import MEASURES, Member, get, measure_family


def test_a_snapshot_is_every_measure_but_a_flow_and_the_four_that_count_a_whole_window():
    # spec: flows depend on the window; 15 and 16 (and the library's 85 and 86, which start
    # from 15's children) count the children looked after at any time in it
    assert sorted(m.number for m in MEASURES if m.kind != "flow" and not m.snapshot) == [15, 16, 85, 86]
    assert [m.number for m in MEASURES if m.kind == "flow" and m.snapshot] == []


def test_a_family_member_is_declared_with_the_familys_facts_and_its_own():
    # measure 16 is declared from 15's family row: the absent count, 15's window rule
    absent = get("cla_absent_pct")
    assert absent.reads == ("cla_start_date", "cla_ceased_date", "legal_status", "absent_episodes_12m")
    assert (absent.kind, absent.snapshot, absent.unit, absent.needs) == ("attribute", False, "pct", ("cla_start_date",))
    assert absent.definition == "As measure 15 with the 'Absent' count."
    assert absent.compute.keywords == {"count_column": "absent_episodes_12m"}
    # a coded share reads and needs its date and its column; 55 alone is low-is-good
    unknown = get("contacts_unknown_source_pct")
    assert (unknown.reads, unknown.needs, unknown.dated_by) == (
        ("contact_date", "contact_source"), ("contact_date", "contact_source"), "contact_date")
    assert (unknown.polarity, get("contacts_police_pct").polarity) == ("low", "neutral")
    assert unknown.compute.keywords["codes"] == ("10",)


def test_measure_family_registers_each_member_with_its_argument():
    def share(data, cells, *, code):
        return pl.DataFrame({"code": [code]})

    before = list(MEASURES)
    try:
        measure_family(
            share,
            [Member("test_a_pct", 901, "A (%)", "percentage of a", "Share of A.", "none", {"code": "A"}),
             Member("test_b_pct", 902, "B (%)", "percentage of b", "Share of B.", "", {"code": "B"}, {"polarity": "low"})],
            unit="pct", polarity="high", source="referrals", kind="flow", reads=("referral_date",),
            needs=("referral_date",), dated_by="referral_date", benchmark=False,
        )
        a, b = get("test_a_pct"), get("test_b_pct")
        assert (a.number, a.label, a.definition, a.edge_cases, a.polarity) == (901, "A (%)", "Share of A.", "none", "high")
        assert (b.polarity, b.benchmark) == ("low", None)
        assert a.compute(None, None)["code"].to_list() == ["A"] and b.compute(None, None)["code"].to_list() == ["B"]
        with pytest.raises(ValueError, match="registered twice"):
            measure_family(share, [Member("test_a_pct", 903, "", "", "", "", {"code": "C"})], unit="pct",
                           polarity="high", source="referrals", kind="flow", reads=("referral_date",),
                           needs=("referral_date",), dated_by="referral_date")
    finally:
        MEASURES[:] = before


def test_a_percentage_left_without_a_phrase_says_its_title_as_one():
    # declared without a phrase: the title "Children looked after in foster placements (%)"
    assert get("cla_foster_pct").phrase == "percentage of children looked after in foster placements"
    assert get("referrals_police_pct").phrase == "percentage of referrals from the police"
    # a rate's phrase cannot be read from its title: it must be said
    with pytest.raises(ValueError, match="test_rate: only a percentage"):
        measure_family(
            lambda data, cells: None,
            [Member("test_rate", 904, "Things (annual rate per 10,000 children)", None, "", "", {})],
            unit="rate", polarity="neutral", source="referrals", kind="flow", reads=("referral_date",),
            needs=("referral_date",), dated_by="referral_date",
        )
    assert "test_rate" not in {m.id for m in MEASURES}
