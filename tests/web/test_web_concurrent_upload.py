"""Three analysts upload different files for one month at once to the real server (uvicorn):
the loads run one after the other and exactly one extract stays current (issue 10, item 2)."""

from __future__ import annotations

import httpx
from browser_helpers import served
from race_helpers import RACERS, ROWS, current, december_workbook, race
from web_helpers import PASSWORD, confirm_upload, csrf_from

def test_concurrent_web_uploads_for_one_month_leave_one_current_extract(make_app, tmp_path):
    app = make_app()
    files = [december_workbook(tmp_path / f"upload{i}.xlsx", ROWS, f"U{i}-") for i in range(RACERS)]
    with served(app) as url:
        clients = []
        for _ in files:
            client = httpx.Client(base_url=url, follow_redirects=False, timeout=300)
            token = csrf_from(client.get("/login").text)
            assert client.post("/login", data={"csrf_token": token, "name": "anna", "password": PASSWORD, "next": "/"}).status_code == 303
            clients.append(client)
        tokens = [csrf_from(c.get("/upload").text) for c in clients]
        checks = [
            clients[i].post("/upload", data={"csrf_token": tokens[i], "as_at": "2023-12-31"},
                            files={"file": (files[i].name, files[i].read_bytes())})
            for i in range(len(files))
        ]
        assert [c.status_code for c in checks] == [200] * RACERS  # each checked against an empty store
        # the confirms race: each loads its checked file
        responses = race([lambda i=i: confirm_upload(clients[i], checks[i].text) for i in range(len(files))])
        for c in clients:
            c.close()
    assert [r.status_code for r in responses] == [200] * RACERS
    said = sorted("loaded as the extract at 2023-12-31" in r.text for r in responses)
    assert said == [False] * (RACERS - 1) + [True]
    [(as_at, _, rows)] = current(app.state.settings.store.path)
    assert (as_at, rows) == ("2023-12-31", ROWS)  # one file's rows, never two merged
