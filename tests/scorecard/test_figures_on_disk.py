"""A month's figures are kept on disk between commands: a later process reads them instead of
computing them, they are exactly what a fresh computation gives, and every change to what they
read (a load, a withdrawal, a purge, population, manual or regional figures) or to the code that
computes them makes the next process compute them again. A damaged entry is computed again.

`figures_cache.forget()` before a build stands for a new process: nothing kept in memory."""

from __future__ import annotations

import logging
import shutil
from datetime import date, datetime

import polars as pl
import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from synthetic_store import load_synthetic

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.scorecard import build, figures_cache
from csc_scorecard.store import audit, computed_cache
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a
from csc_scorecard.store.reference import save_manual_values, save_population, save_regional_values
from csc_scorecard.store.retention import purge
from csc_scorecard.store.withdrawals import withdraw

DEC = date(2023, 12, 31)
NOV = date(2023, 11, 30)
PERIOD_START = {NOV: date(2022, 12, 1), DEC: date(2023, 1, 1)}  # each extract covers the 12 months to its date


@pytest.fixture
def store(tmp_path, store_database):
    opened = open_store(tmp_path / "store")
    yield opened
    opened.dispose()


def _load(store, folder, as_at, children, la_code="343"):
    """One extract of the LA at `as_at` whose children were each referred on 2 May 2023."""
    path = write_workbook(folder / f"annex_a_{la_code}_{as_at}_{len(children)}.xlsx",
                          {"List 3": [REFERRAL_HEADERS, *(referral(child, date(2023, 5, 2)) for child in children)]})
    outcome = load_annex_a(store, read_annex_a(path, as_at), as_at, la_code, period_start=PERIOD_START[as_at])
    assert outcome.status in ("loaded", "replaced"), outcome.message
    return outcome.extract_id


def _card_in_a_new_process(store, as_at=DEC):
    figures_cache.forget()
    card, _ = build.month_scorecard(store, as_at, None, "343")
    return card


def _cell(card, row_id, column):
    row = next(r for r in card.rows if r.id == row_id)
    return next(c for c in row.cells if c.column == column)


def _referrals(store, as_at=DEC):
    return _cell(_card_in_a_new_process(store, as_at), "referrals_rate", "rolling_12m").numerator


def _entries(store):
    return sorted(computed_cache.folder(store).glob("*" + computed_cache.SUFFIX))


def _without_time(card) -> dict:
    data = card.to_json()
    data.pop("generated_at")
    return data


def test_a_month_read_from_disk_is_every_cell_of_the_month_computed_afresh(synthetic_store, tmp_path, counted,
                                                                           store_database):
    """The session's synthetic LA (13 monthly extracts, manual values): copied on SQLite, loaded
    again from its workbooks on PostgreSQL."""
    if store_database == "sqlite":
        shutil.copytree(synthetic_store, tmp_path / "store")
        shutil.rmtree(tmp_path / "store" / "cache" / computed_cache.FOLDER, ignore_errors=True)  # other tests' entries
    else:
        load_synthetic(synthetic_store.parent / "annex_a", tmp_path / "store")
    store = open_store(tmp_path / "store")
    fresh = _card_in_a_new_process(store)
    assert counted == [DEC] and len(_entries(store)) == 1
    from_disk = _card_in_a_new_process(store)
    assert counted == [DEC]  # read, not computed
    assert _without_time(from_disk) == _without_time(fresh)
    assert from_disk.synthetic  # the store's marker file, read each time
    store.dispose()


def test_each_change_to_what_the_figures_read_computes_them_again(store, tmp_path, counted, monkeypatch):
    _load(store, tmp_path, NOV, ["C1"])
    first = _load(store, tmp_path, DEC, ["C1", "C2"])
    # C1 and C2 were referred on 2 May 2023, in both months' 12 months (the newer extract counts
    # for the months it covers; November's covers December 2022 too)
    assert _referrals(store) == 2 and _referrals(store, NOV) == 2
    assert _referrals(store) == 2 and _referrals(store, NOV) == 2 and len(counted) == 2  # the second time read back

    second = _load(store, tmp_path, DEC, ["C1", "C2", "C3"])  # replaces December's extract
    assert (_referrals(store), len(counted)) == (3, 3)
    third = _load(store, tmp_path, DEC, ["C1", "C2", "C3", "C4"])
    assert (_referrals(store), len(counted)) == (4, 4)
    assert (_referrals(store), len(counted)) == (4, 4)

    # Two withdrawals in one second (withdrawn_at is kept to the second): each counts.
    monkeypatch.setattr(audit, "now", lambda: datetime(2024, 1, 5, 9, 30, 0))
    withdraw(store, "343", third, "adam", "wrong file")
    assert (_referrals(store), len(counted)) == (3, 5)  # the extract it replaced counts again
    withdraw(store, "343", second, "adam", "wrong file too")
    assert (_referrals(store), len(counted)) == (2, 6)
    assert first is not None

    # The shipped population of Sefton replaced by 40,000 in every year: 2 / 40,000 x 10,000 = 0.5.
    save_population(store, pl.DataFrame({"new_la_code": ["E08000014"] * 6, "old_la_code": ["343"] * 6,
                                         "la_name": ["Sefton"] * 6, "time_period": list(range(2019, 2025)),
                                         "population": [40_000] * 6}), "population.csv")
    rate = _cell(_card_in_a_new_process(store), "referrals_rate", "rolling_12m")
    assert (rate.value, rate.denominator, len(counted)) == (0.5, 40_000, 7)

    assert _cell(_card_in_a_new_process(store), "agency_sw_pct", "rolling_12m").value is None
    save_manual_values(store, pl.DataFrame({"indicator_id": ["agency_sw_pct"], "period_end": [DEC], "value": [20.0],
                                            "label": [None]}, schema_overrides={"label": pl.String}), "343", "manual.csv")
    assert (_cell(_card_in_a_new_process(store), "agency_sw_pct", "rolling_12m").value, len(counted)) == (20.0, 8)

    save_regional_values(store, pl.DataFrame({"source": ["RIG"], "period_end": [date(2023, 9, 30)], "period_label": ["Q2"],
                                              "area": ["la"], "indicator_id": ["referrals_rate"], "value": [706.7]}),
                         "343", "regional.csv")
    assert (_cell(_card_in_a_new_process(store), "referrals_rate", "regional_la").value, len(counted)) == (706.7, 9)

    assert _referrals(store, NOV) == 2 and len(counted) == 10
    purge(store, DEC, "adam")  # November's rows go: December 2022, in November's 12 months, is not covered any more
    assert _entries(store) == []  # nor is any figure kept that was computed from them
    assert (_referrals(store, NOV), len(counted)) == (None, 11)
    assert (_referrals(store), len(counted)) == (2, 12)


def test_another_las_loads_and_withdrawals_leave_the_las_figures_kept(store, tmp_path, counted):
    """An LA's figures read its own extracts, manual and regional figures (and the population
    estimates of every LA): another LA's extract, withdrawal, manual or regional file changes
    none of them, so its kept figures are still read back, and are what a fresh computation gives."""
    _load(store, tmp_path, DEC, ["C1", "C2"])
    kept_card = _card_in_a_new_process(store)
    assert _cell(kept_card, "referrals_rate", "rolling_12m").numerator == 2 and len(counted) == 1

    other = _load(store, tmp_path, DEC, ["C7", "C8", "C9"], la_code="344")
    withdraw(store, "344", other, "adam", "the wrong LA's file")
    _load(store, tmp_path, NOV, ["C7"], la_code="344")
    save_manual_values(store, pl.DataFrame({"indicator_id": ["agency_sw_pct"], "period_end": [DEC], "value": [20.0],
                                            "label": [None]}, schema_overrides={"label": pl.String}), "344", "manual.csv")
    save_regional_values(store, pl.DataFrame({"source": ["RIG"], "period_end": [date(2023, 9, 30)], "period_label": ["Q2"],
                                              "area": ["la"], "indicator_id": ["referrals_rate"], "value": [706.7]}),
                         "344", "regional.csv")
    read_back = _card_in_a_new_process(store)
    assert len(counted) == 1  # read, not computed
    assert _without_time(read_back) == _without_time(kept_card)
    shutil.rmtree(computed_cache.folder(store))
    assert _without_time(_card_in_a_new_process(store)) == _without_time(kept_card) and len(counted) == 2

    # and the LA's own manual figures still count (each of its inputs: the test above)
    save_manual_values(store, pl.DataFrame({"indicator_id": ["agency_sw_pct"], "period_end": [DEC], "value": [25.0],
                                            "label": [None]}, schema_overrides={"label": pl.String}), "343", "manual.csv")
    assert (_cell(_card_in_a_new_process(store), "agency_sw_pct", "rolling_12m").value, len(counted)) == (25.0, 3)


def test_a_changed_code_fingerprint_computes_them_again(store, tmp_path, counted, monkeypatch):
    _load(store, tmp_path, DEC, ["C1", "C2"])
    assert _referrals(store) == 2 and len(counted) == 1
    monkeypatch.setattr(figures_cache, "CODE", "another version of the package")
    assert _referrals(store) == 2 and len(counted) == 2
    monkeypatch.undo()  # back to this code: its entry is still there
    assert _referrals(store) == 2 and len(counted) == 2


def test_a_process_whose_package_changed_after_it_started_keeps_nothing_on_disk(store, tmp_path, counted, monkeypatch):
    _load(store, tmp_path, DEC, ["C1"])
    monkeypatch.setattr(figures_cache, "code_fingerprint", lambda: "the package as changed on disk")
    assert _referrals(store) == 1 and _entries(store) == []


def _damages(content: bytes, other_entry: bytes) -> dict[str, bytes]:
    return {
        "cut short": content[: len(content) // 2],
        "empty": b"",
        "not an entry": b"PK\x03\x04 something else entirely",
        "a byte of the frames changed": content[:-10] + bytes([content[-10] ^ 0xFF]) + content[-9:],
        "the header damaged": content[:40] + b"\xff\xfe" + content[42:],
        "another key's entry": other_entry,
    }


def test_a_damaged_entry_is_computed_again_never_an_error(store, tmp_path, counted):
    _load(store, tmp_path, NOV, ["C1"])
    _load(store, tmp_path, DEC, ["C1", "C2"])
    assert (_referrals(store, NOV), _referrals(store)) == (2, 2)
    (november, december) = sorted(_entries(store), key=lambda p: p.stat().st_mtime_ns)
    good = december.read_bytes()
    for what, damaged in _damages(good, november.read_bytes()).items():
        december.write_bytes(damaged)
        computed = len(counted)
        assert _referrals(store) == 2, what
        assert len(counted) == computed + 1, what  # computed again...
        assert december.read_bytes() != damaged, what  # ... and written whole again
        assert _referrals(store) == 2 and len(counted) == computed + 1, what


def test_a_write_left_half_done_by_a_killed_process_is_never_read(store, tmp_path, counted):
    _load(store, tmp_path, DEC, ["C1", "C2"])
    assert _referrals(store) == 2
    (entry,) = _entries(store)
    # a killed writer leaves its temporary file, never the entry's own name
    (entry.parent / f".{entry.stem}.999.0a0b0c0d.partial").write_bytes(entry.read_bytes()[:100])
    assert _referrals(store) == 2 and len(counted) == 1


def test_nothing_child_level_reaches_the_logs(store, tmp_path, counted, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    _load(store, tmp_path, DEC, ["ZQ-7731", "ZQ-7732"])
    assert _referrals(store) == 2  # computed and written
    (entry,) = _entries(store)
    entry.write_bytes(entry.read_bytes()[:-5])
    assert _referrals(store) == 2  # a damaged entry read, computed again
    assert _referrals(store) == 2 and len(counted) == 2  # read back
    captured = capfd.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert "ZQ-77" not in logged
    assert b"ZQ-77" not in entry.read_bytes()  # figures and counts only: no child's identifier


def test_without_a_fingerprint_of_the_code_nothing_is_kept_on_disk(store, tmp_path, counted, monkeypatch):
    _load(store, tmp_path, DEC, ["C1"])
    monkeypatch.setattr(figures_cache, "CODE", None)  # a file of the package could not be read
    assert _referrals(store) == 1 and _referrals(store) == 1
    assert len(counted) == 2 and _entries(store) == []
