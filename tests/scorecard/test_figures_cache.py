"""A month's figures are computed once per process while no extract or reference figure changes:
an analysis edit or a sign-off reuses them (and shows the new text), while a load, a
replacement, a withdrawal, a purge or a reference load computes them again."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.scorecard import build, figures_cache
from csc_scorecard.store import commentary, signoff
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a
from csc_scorecard.store.reference import save_manual_values
from csc_scorecard.store.retention import purge
from csc_scorecard.store.withdrawals import register, withdraw

DEC = date(2023, 12, 31)
NOV = date(2023, 11, 30)


def _load(store, folder, as_at, children):
    path = write_workbook(folder / f"annex_a_{as_at}_{len(children)}.xlsx",
                          {"List 3": [REFERRAL_HEADERS, *(referral(child, date(2023, 5, 2)) for child in children)]})
    outcome = load_annex_a(store, read_annex_a(path, as_at), as_at, "343", period_start=date(2023, 1, 1))
    assert outcome.status in ("loaded", "replaced"), outcome.message
    return outcome


def _referrals(store) -> int:
    card, _ = build.month_scorecard(store, DEC, None, "343")
    row = next(r for r in card.rows if r.id == "referrals_rate")
    return next(c.numerator for c in row.cells if c.column == "rolling_12m")


def test_edits_reuse_the_figures_and_every_change_to_them_computes_again(tmp_path, counted):
    store = open_store(tmp_path / "store")
    _load(store, tmp_path, NOV, ["C1"])
    first = _load(store, tmp_path, DEC, ["C1", "C2"])
    assert _referrals(store) == 2 and len(counted) == 1  # two children referred on 2 May 2023

    commentary.save_edit(store, "343", DEC, "referrals_rate", "Two referrals this year.", "anna")
    card, _ = build.month_scorecard(store, DEC, None, "343")
    assert next(r for r in card.rows if r.id == "referrals_rate").analysis.text == "Two referrals this year."
    assert len(counted) == 1  # the edit changed no figure: not computed again

    _load(store, tmp_path, DEC, ["C1", "C2", "C3"])  # a replacement of December's extract
    assert _referrals(store) == 3 and len(counted) == 2

    latest = max(e.id for e in register(store, "343") if e.as_at == DEC and e.withdrawn_at is None and e.superseded_by is None)
    withdraw(store, "343", latest, "adam", "typed the wrong month")
    assert _referrals(store) == 2 and len(counted) == 3  # the December extract it had replaced counts again

    save_manual_values(store, pl.DataFrame({"indicator_id": ["agency_sw_pct"], "period_end": [DEC], "value": [20.0], "label": [None]},
                                           schema_overrides={"label": pl.String}), "343", "manual.csv")
    _referrals(store)
    assert len(counted) == 4

    purge(store, DEC, "adam")  # November's rows go (December's two referrals stay)
    assert _referrals(store) == 2 and len(counted) == 5
    assert first.status == "loaded"
    store.dispose()


def test_a_sign_off_reuses_the_figures_and_another_store_never_shares_them(tmp_path, counted):
    one = open_store(tmp_path / "one")
    two = open_store(tmp_path / "two")
    _load(one, tmp_path, DEC, ["C1"])
    _load(two, tmp_path, DEC, ["C1", "C2", "C3", "C4"])
    assert (_referrals(one), _referrals(two)) == (1, 4)
    card, _ = build.month_scorecard(one, DEC, None, "343")
    signoff.sign(one, "343", DEC, card.to_json(), "adam")
    signoff.reopen(one, "343", DEC, "adam", "a late correction")
    assert _referrals(one) == 1
    assert counted == [DEC, DEC]  # once per store; the sign-off and re-open changed no figure
    one.dispose()
    two.dispose()


def test_an_indicator_trend_and_its_drill_rows_are_kept_until_an_extract_changes(tmp_path, monkeypatch):
    from csc_scorecard.scorecard import explore as explore_module

    computed = []
    real = explore_module._explored
    monkeypatch.setattr(explore_module, "_explored", lambda *args: computed.append(args[3:]) or real(*args))
    store = open_store(tmp_path / "store")
    _load(store, tmp_path, DEC, ["C1", "C2"])
    trend = explore_module.explore(store, "343", "referrals_rate", DEC, row_kind="rolling")
    assert trend.trend.filter(pl.col("period_end") == DEC)["numerator"].to_list() == [2]
    drilled = explore_module.explore(store, "343", "referrals_rate", DEC, column="rolling_12m")
    assert sorted(drilled.rows["child_id"].to_list()) == ["C1", "C2"]
    commentary.save_edit(store, "343", DEC, "referrals_rate", "Two.", "anna")
    assert explore_module.explore(store, "343", "referrals_rate", DEC, row_kind="rolling") is trend
    assert explore_module.explore(store, "343", "referrals_rate", DEC, column="rolling_12m") is drilled
    assert computed == [(DEC, "rolling", None), (DEC, None, "rolling_12m")]
    _load(store, tmp_path, DEC, ["C1", "C2", "C3"])
    again = explore_module.explore(store, "343", "referrals_rate", DEC, row_kind="rolling")
    assert again.trend.filter(pl.col("period_end") == DEC)["numerator"].to_list() == [3]
    assert len(computed) == 3
    store.dispose()


def test_the_combined_rows_serve_every_month_until_an_extract_changes(tmp_path, monkeypatch):
    # the extracts combined are the same for every month: the dashboard's next month reuses them
    combined = []
    real = build.combine
    monkeypatch.setattr(build, "combine", lambda *args, **kwargs: combined.append(1) or real(*args, **kwargs))
    store = open_store(tmp_path / "store")
    _load(store, tmp_path, NOV, ["C1"])
    _load(store, tmp_path, DEC, ["C1", "C2"])
    november, _ = build.month_scorecard(store, NOV, None, "343")
    assert _referrals(store) == 2 and len(combined) == 1  # two months, combined once
    figures_cache.forget()
    again, _ = build.month_scorecard(store, NOV, None, "343")  # combined anew: the same month
    assert len(combined) == 2
    assert {**november.to_json(), "generated_at": None} == {**again.to_json(), "generated_at": None}
    _load(store, tmp_path, DEC, ["C1", "C2", "C3"])  # a replacement: combined again, and counted
    assert _referrals(store) == 3 and len(combined) == 3
    store.dispose()
