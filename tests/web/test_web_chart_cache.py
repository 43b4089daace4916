"""The indicator chart (reference lines, Vega-Lite spec, inline SVG) and the page cache (store
version, one computation per key and version)."""

import os
import threading
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import date, datetime

import polars as pl
import pytest
from web_helpers import small_scorecard

from csc_scorecard.dates import months_back
from csc_scorecard.scorecard.model import Published
from csc_scorecard.store import audit, commentary, login_attempts, signoff
from csc_scorecard.store.db import open_store
from csc_scorecard.ingest.own_benchmarks import OWN_BENCHMARK_SCHEMA
from csc_scorecard.store.reference import save_manual_values, save_own_benchmarks, save_population, save_regional_values
from csc_scorecard.web.cache import StoreCache, store_version
from csc_scorecard.web.chart import ReferenceLine, chart_spec, reference_lines, reporting_year, trend_chart_svg

DEC = date(2023, 12, 31)
ROW = small_scorecard(DEC).rows[0]  # target 650; published 545 / 630 / 530 from 544.5 / 630.2 / 529.6 (2023)
POINTS = [(months_back(DEC, k), None if k in (5, 6) else 600.0 + k) for k in range(23, -1, -1)]


def test_reporting_year_of_a_release_year():
    assert reporting_year(2023) == "2022-23"
    assert reporting_year(2000) == "1999-00"


def test_reference_lines_are_the_target_and_the_published_figures_that_exist():
    assert reference_lines(ROW, "North West") == [
        ReferenceLine("target", "Target", 650.0, "650"),
        ReferenceLine("england", "England 2022-23", 544.5, "545"),
        ReferenceLine("sn", "Statistical neighbours 2022-23", 630.2, "630"),
        ReferenceLine("region", "North West 2022-23", 529.6, "530"),
    ]
    benchmark = {"measure": "cla_rate", "year": 2022, "la": 70, "sn": None, "region": 97.0, "england": 70.0}
    row = replace(ROW, target=None, target_display="-", published=Published("70", "-", "97", "70", benchmark))
    assert reference_lines(row, None) == [
        ReferenceLine("england", "England 2021-22", 70.0, "70"),
        ReferenceLine("region", "Region 2021-22", 97.0, "97"),
    ]
    assert reference_lines(replace(row, published=Published(reason="no published counterpart configured")), None) == []


def test_the_spec_draws_every_month_end_with_gaps_and_one_rule_per_line():
    lines = reference_lines(ROW, "North West")
    spec = chart_spec(POINTS, lines, "rate", 1, "Sefton, rolling 12 months")
    trend, rules = spec["layer"]
    values = trend["data"]["values"]
    assert [v["period_end"] for v in values] == [d.isoformat() for d, _ in POINTS]
    assert values[0] == {"period_end": "2022-01-31", "value": 623.0, "line": "Sefton, rolling 12 months"}
    assert [v["value"] for v in values[17:19]] == [None, None]  # Jun and Jul 2023 (k = 6, 5): gaps
    assert trend["mark"]["invalid"] == "break-paths-filter-domains"
    assert [v["value"] for v in rules["data"]["values"]] == [650.0, 544.5, 630.2, 529.6]
    assert rules["mark"]["type"] == "rule"
    legend = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["Sefton, rolling 12 months", "Target: 650", "England 2022-23: 545",
                      "Statistical neighbours 2022-23: 630", "North West 2022-23: 530"]


def test_the_chart_is_inline_svg_labelled_for_screen_readers_and_fetching_nothing():
    svg = str(trend_chart_svg("Referrals", POINTS, reference_lines(ROW, "North West"), "rate", 1, "Sefton, rolling 12 months"))
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Line chart of Referrals, Sefton, rolling 12 months, at 24 month ends from January 2022 to December 2023 "
        "(a value at 22 of them). Reference lines: Target 650; England 2022-23 545; Statistical neighbours 2022-23 630; "
        "North West 2022-23 530."
    )
    assert not any(e.tag.endswith(("image", "script", "foreignObject")) for e in root.iter())
    assert not any("href" in name for e in root.iter() for name in e.attrib)


# ---- the cache ----


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "store")


def test_the_store_version_changes_with_everything_a_page_shows(store, tmp_path):
    from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.store.extracts import load_annex_a

    seen = [store_version(store)]

    def changed():
        seen.append(store_version(store))
        return seen[-1] != seen[-2]

    path = write_workbook(tmp_path / "a.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    load_annex_a(store, read_annex_a(path, DEC), DEC, "343")
    assert changed()
    commentary.save_edit(store, "343", DEC, "referrals_rate", "Text.", "anna")
    assert changed()
    signoff.sign(store, "343", DEC, small_scorecard(DEC).to_json(), "adam")
    assert changed()
    signoff.reopen(store, "343", DEC, "adam", "a reason")
    assert changed()
    save_manual_values(store, pl.DataFrame({"indicator_id": ["agency_sw_pct"], "period_end": [DEC], "value": [20.0], "label": [None]},
                                           schema_overrides={"label": pl.String}), "343", "manual.csv")
    assert changed()
    save_population(store, pl.DataFrame({"new_la_code": ["E08000014"], "old_la_code": ["343"], "la_name": ["Sefton"],
                                         "time_period": [2023], "population": [54000]}), "population.csv")
    assert changed()
    save_regional_values(store, pl.DataFrame({"source": ["RIG"], "period_end": [date(2023, 9, 30)], "period_label": ["Q2"],
                                              "area": ["la"], "indicator_id": ["referrals_rate"], "value": [706.7]}), "343", "regional.csv")
    assert changed()
    save_own_benchmarks(store, pl.DataFrame([("assessments_rate", 2023, "la", "919", None)], schema=OWN_BENCHMARK_SCHEMA,
                                            orient="row"), "343", "own.csv")
    assert changed()
    # what no page's figures depend on leaves the version alone
    audit.append(store, "anna", "login")
    login_attempts.record(store, "anna", "127.0.0.1", True)
    assert not changed()


def test_a_value_is_computed_once_per_key_and_version(store):
    cache = StoreCache(store)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.get("a", compute, version=(1,)) == 1
    assert cache.get("a", compute, version=(1,)) == 1
    assert cache.get("b", compute, version=(1,)) == 2
    assert cache.get("a", compute, version=(2,)) == 3  # the store changed: computed again
    assert len(calls) == 3


def test_requests_for_the_same_key_wait_for_one_computation(store):
    cache = StoreCache(store)
    started, release = threading.Event(), threading.Event()
    calls, results = [], []

    def slow():
        calls.append(1)
        started.set()
        release.wait(10)
        return "built"

    first = threading.Thread(target=lambda: results.append(cache.get("page", slow, version=(1,))))
    first.start()
    started.wait(10)
    others = [threading.Thread(target=lambda: results.append(cache.get("page", slow, version=(1,)))) for _ in range(4)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert results == ["built"] * 5
    assert calls == [1]


def test_a_failed_computation_keeps_nothing_and_the_oldest_entry_goes_first(store):
    cache = StoreCache(store, max_entries=2)

    def broken():
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.get("a", broken, version=(1,))
    assert cache.get("a", lambda: "a", version=(1,)) == "a"
    cache.get("b", lambda: "b", version=(1,))
    cache.get("a", lambda: "a again", version=(1,))  # used: now the newest
    cache.get("c", lambda: "c", version=(1,))  # pushes out b, the least recently used
    assert cache.get("a", lambda: "a again", version=(1,)) == "a"
    assert cache.get("b", lambda: "b again", version=(1,)) == "b again"


def test_the_version_is_read_when_not_given(store):
    cache = StoreCache(store)
    assert cache.get("x", lambda: datetime(2024, 1, 1)) == datetime(2024, 1, 1)
    assert cache.get("x", lambda: "other") == datetime(2024, 1, 1)


def test_a_file_the_layout_names_is_part_of_the_version(store, tmp_path):
    own = tmp_path / "own.csv"
    cache = StoreCache(store, files=(own,))
    missing = cache.version()
    assert missing[-1] is None  # not there yet
    own.write_text("indicator_id,year,area,value\n")
    os.utime(own, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    saved = cache.version()
    assert saved[-1] == 1_700_000_000_000_000_000 and saved[:-1] == missing[:-1]
    os.utime(own, ns=(1_700_000_001_000_000_000, 1_700_000_001_000_000_000))  # saved again a second later
    assert cache.version()[-1] == 1_700_000_001_000_000_000
