"""Two admins sign one month off at the same moment on the real server (uvicorn): the month is
signed once, the other admin is told it already is (409), and neither sees a server error.
Signing runs in a worker thread (it may wait for the store's write lock, which must not stall
the event loop), so the two can overlap: the lock makes the second find the month signed
(tests/store/test_concurrent_writers.py races the store functions themselves)."""

from __future__ import annotations

import httpx
from browser_helpers import served
from race_helpers import race
from store_sql import query
from web_helpers import PASSWORD, csrf_from

from csc_scorecard.store.db import open_store


def signed_in_admin(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=120)
    token = csrf_from(client.get("/login").text)
    assert client.post("/login", data={"csrf_token": token, "name": "adam", "password": PASSWORD, "next": "/"}).status_code == 303
    return client


def test_two_sign_offs_of_one_month_at_once_sign_it_once(app, builder):
    with served(app) as url:
        clients = [signed_in_admin(url), signed_in_admin(url)]  # the same admin in two browsers
        tokens = [csrf_from(c.get("/signoff/2023-12-31").text) for c in clients]
        responses = race([lambda c=c, t=t: c.post("/signoff/2023-12-31", data={"csrf_token": t}) for c, t in zip(clients, tokens)])
        for c in clients:
            c.close()
    assert sorted(r.status_code for r in responses) == [303, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "already signed off (version 1, by adam on" in refused.text
    assert query(app.state.settings.store.path, "SELECT version, signed_by FROM sign_offs") == [(1, "adam")]


def test_a_sign_off_that_waited_too_long_for_a_load_says_the_store_is_busy(as_role, store, builder, monkeypatch):
    admin = as_role("admin")
    token = admin.token("/scorecard/2023-12-31")
    monkeypatch.setenv("SCORECARD_WRITE_WAIT_S", "0")
    loading = open_store(store.path)
    with loading.write_transaction():  # a load in progress holds the write lock
        response = admin.client.post("/signoff/2023-12-31", data={"csrf_token": token})
    loading.dispose()
    assert response.status_code == 503
    assert (f"the store {store.path} is busy: another load or change has been writing to it for more than 0 s; "
            "nothing was stored, try again when it has finished") in " ".join(response.text.split())
    assert query(store.path, "SELECT count(*) FROM sign_offs") == [(0,)]
