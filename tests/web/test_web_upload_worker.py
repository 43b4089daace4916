"""An upload is read and loaded in a worker process with a memory and a time limit (issue 10,
item 4): a file that asks for too much is stopped with a message, nothing is stored, and the
dashboard keeps answering while a file is being read."""

from __future__ import annotations

import threading
from datetime import date

import httpx
from browser_helpers import served
from race_helpers import current, december_workbook
from web_helpers import PASSWORD, Browser, confirm_upload, csrf_from

from csc_scorecard.store.db import open_store


def upload(browser: Browser, path):
    data = {"csrf_token": browser.token("/upload"), "as_at": "2023-12-31"}
    return browser.client.post("/upload", data=data, files={"file": (path.name, path.read_bytes())})


def analyst(app) -> Browser:
    browser = Browser(app)
    assert browser.login("anna").status_code == 303
    return browser


def test_a_file_needing_more_memory_than_allowed_is_stopped_and_nothing_stored(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_UPLOAD_MEMORY_MB", "64")  # less than reading any workbook needs
    app = make_app()
    path = december_workbook(tmp_path / "annex_a_2023-12-31.xlsx", 2_000, "M")
    response = upload(analyst(app), path)
    assert response.status_code == 400
    assert "annex_a_2023-12-31.xlsx: reading it needed more than 64 MB of memory, so it was stopped; nothing was stored" in response.text
    assert current(app.state.settings.store.path) == []


def test_a_file_taking_longer_than_allowed_is_stopped_and_nothing_stored(tmp_path, monkeypatch):
    """The worker cannot finish: this test holds the store's write lock (the worker would wait up
    to 300 s for it), so the 1 s limit stops it whatever the machine's speed. (The route's use of
    load_in_worker is the memory test's path above.)"""
    import pytest

    from csc_scorecard.isolated_load import load_in_worker
    from csc_scorecard.issues import UserError

    monkeypatch.setenv("SCORECARD_UPLOAD_TIMEOUT_S", "1")
    store_dir = tmp_path / "store"
    path = december_workbook(tmp_path / "annex_a_2023-12-31.xlsx", 20, "T")
    holder = open_store(store_dir)
    with holder.write_transaction():
        with pytest.raises(UserError, match=r"annex_a_2023-12-31.xlsx: reading it took longer than 1 s, so it was stopped; nothing was stored"):
            load_in_worker(store_dir, path, date(2023, 12, 31), "343", None)
    holder.dispose()
    assert current(store_dir) == []


def test_the_dashboard_answers_while_a_file_is_read(make_app, tmp_path):
    app = make_app()
    path = december_workbook(tmp_path / "annex_a_2023-12-31.xlsx", 20_000, "D")
    with served(app) as url:
        uploader = httpx.Client(base_url=url, follow_redirects=False, timeout=300)
        token = csrf_from(uploader.get("/login").text)
        uploader.post("/login", data={"csrf_token": token, "name": "anna", "password": PASSWORD, "next": "/"})
        token = csrf_from(uploader.get("/upload").text)
        finished = threading.Event()
        result = {}

        def send() -> None:
            result["response"] = uploader.post("/upload", data={"csrf_token": token, "as_at": "2023-12-31"},
                                               files={"file": (path.name, path.read_bytes())})
            finished.set()

        thread = threading.Thread(target=send)
        thread.start()
        answered_during = 0
        with httpx.Client(base_url=url, timeout=30) as other:
            while not finished.is_set():
                assert other.get("/login").status_code == 200
                answered_during += 1
        thread.join(300)
        assert result["response"].status_code == 200  # the check (nothing stored yet)
        loaded = confirm_upload(uploader, result["response"].text)
        uploader.close()
    assert "loaded as the extract at 2023-12-31" in loaded.text
    assert answered_during >= 1
    [(as_at, _, rows)] = current(app.state.settings.store.path)
    assert (as_at, rows) == ("2023-12-31", 20_000)
