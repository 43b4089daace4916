"""A drill-through view and a sign-in while a load holds the store (issue: audit-only writes
took no lock): each waits for the load and is answered, its audit entry kept, and the server
answers other requests meanwhile (the wait is off its event loop).

Before, on SQLite the entry's write gave up after the 10 s any statement waits (0.1 s here)
with a database error, a server error page, its entry lost; and it waited on the event loop,
so no other page was answered meanwhile. On PostgreSQL a load locks nothing an append needs."""

from __future__ import annotations

import threading
from datetime import date

import httpx
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from browser_helpers import served
from web_helpers import PASSWORD, csrf_from

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store import audit, db
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
DRILL = "/drill/referrals_rate?as_at=2023-12-31&column=rolling_6m"


def sign_in(client: httpx.Client) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"csrf_token": token, "name": "anna", "password": PASSWORD, "next": "/"})


def test_a_drill_view_and_a_sign_in_during_a_load_wait_for_it_and_the_server_answers_meanwhile(
        make_app, tmp_path, monkeypatch, store_database):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    app = make_app()
    store = app.state.settings.store
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, *(referral(f"C{n}", date(2023, 12, n)) for n in (1, 2, 3))]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1)).status == "loaded"
    with served(app) as url, httpx.Client(base_url=url, timeout=120) as viewer, httpx.Client(base_url=url, timeout=120) as other:
        assert sign_in(viewer).status_code == 303
        outcomes = {}
        loading = open_store(store.path)
        with loading.write_transaction():  # a load in progress holds the store
            requests = [threading.Thread(target=lambda: outcomes.update(drill=viewer.get(DRILL))),
                        threading.Thread(target=lambda: outcomes.update(login=sign_in(httpx.Client(base_url=url, timeout=120))))]
            for request in requests:
                request.start()
            for request in requests:
                request.join(2)  # twenty times the statements' wait
            answered = other.get("/login")  # the server answers meanwhile
            if store_database == "sqlite":  # one writer at a time: both still wait for the load
                assert outcomes == {} and all(r.is_alive() for r in requests)
            assert answered.status_code == 200
        loading.dispose()
        for request in requests:
            request.join(120)
    assert (outcomes["drill"].status_code, outcomes["login"].status_code) == (200, 303)
    assert [(e.user_name, e.action) for e in reversed(audit.read(store))][-2:] in (
        [("anna", "drill_view"), ("anna", "login")], [("anna", "login"), ("anna", "drill_view")])
    assert [e.detail for e in audit.read(store, action="drill_view")] == ["3 rows"]
    assert audit.verify(store).intact
