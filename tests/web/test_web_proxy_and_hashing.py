"""The client address behind login throttling and the audit log: X-Forwarded-For is believed only
from `scorecard serve --trusted-proxy` addresses, through the real server; and at most two
passwords are hashed at once however many logins arrive together."""

import threading
import time

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher
from browser_helpers import served
from typer.testing import CliRunner
from web_helpers import CHEAP_HASHER, PASSWORD, csrf_from

from csc_scorecard.cli import app as cli
from csc_scorecard.store import audit
from csc_scorecard.store.db import open_store
from csc_scorecard.store.users import add_user

runner = CliRunner()
SPOOFED = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6"]


@pytest.fixture
def serve_command(tmp_path, monkeypatch):
    """Run `scorecard serve ARGS` as a user would, but keep the app and the options it gives
    uvicorn instead of serving; yields a function returning (exit code, output, app, options)."""
    store_dir = tmp_path / "store"
    store = open_store(store_dir)
    add_user(store, "anna", PASSWORD, "analyst", CHEAP_HASHER)
    store.dispose()
    captured = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(app=app, options=options))

    def run(*args: str):
        result = runner.invoke(cli, ["serve", "--store", str(store_dir), *args])
        return result.exit_code, result.output, captured.get("app"), captured.get("options")

    return run


def login(client: httpx.Client, password: str, forwarded_for: str) -> int:
    token = csrf_from(client.get("/login").text)
    data = {"csrf_token": token, "name": "anna", "password": password, "next": "/"}
    return client.post("/login", data=data, headers={"x-forwarded-for": forwarded_for}).status_code


def test_forwarded_for_from_loopback_is_ignored_so_throttling_holds_and_the_real_address_is_kept(serve_command):
    code, _, app, options = serve_command()
    assert code == 0
    app.state.settings.failed_login_delay = 0
    with served(app, proxy_headers=options["proxy_headers"]) as url, httpx.Client(base_url=url) as client:
        statuses = [login(client, "wrong password!", address) for address in SPOOFED]
    # five failures for anna from 127.0.0.1, whatever address each claimed: the sixth is refused
    assert statuses == [401] * 5 + [429]
    store = app.state.settings.store
    assert {e.client for e in audit.read(store) if e.action.startswith("login")} == {"127.0.0.1"}


def test_forwarded_for_from_a_trusted_proxy_is_the_client_address(serve_command):
    code, _, app, options = serve_command("--trusted-proxy", "127.0.0.1")
    assert code == 0
    app.state.settings.failed_login_delay = 0
    with served(app, proxy_headers=options["proxy_headers"]) as url, httpx.Client(base_url=url) as client:
        statuses = [login(client, "wrong password!", address) for address in SPOOFED[:2]]
        statuses.append(login(client, PASSWORD, "198.51.100.7, 203.0.113.9"))  # the proxy's own view is the last
    assert statuses == [401, 401, 303]
    events = reversed(audit.read(app.state.settings.store))
    assert [(e.action, e.client) for e in events if e.action.startswith("login")] == [
        ("login_failed", "203.0.113.1"), ("login_failed", "203.0.113.2"), ("login", "203.0.113.9")
    ]


def test_a_trusted_proxy_that_is_not_an_address_is_refused_in_one_line(serve_command):
    code, output, app, _ = serve_command("--trusted-proxy", "proxy.example")
    assert code == 1
    assert output == "error: --trusted-proxy 'proxy.example' is not an IP address or network: give e.g. 10.0.0.5 or 10.0.0.0/24\n"
    assert app is None


class SlowCountingHasher(PasswordHasher):
    """Cheap argon2 whose checks take 0.2 s and count how many run at once."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.lock, self.running, self.most, self.calls = threading.Lock(), 0, 0, 0

    def verify(self, password_hash, password):
        with self.lock:
            self.running, self.calls = self.running + 1, self.calls + 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.2)
            return super().verify(password_hash, password)
        finally:
            with self.lock:
                self.running -= 1


def logins_at_once(app, count: int) -> list[int]:
    """`count` failed logins for anna sent at the same moment to the served app; their statuses, sorted."""
    statuses = []
    with served(app) as url:
        def attempt():
            with httpx.Client(base_url=url) as client:
                statuses.append(login(client, "wrong password!", "-"))

        threads = [threading.Thread(target=attempt) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return sorted(statuses)


def test_at_most_two_passwords_are_hashed_at_once(make_app):
    app = make_app(login_max_failures=100, login_max_client_failures=100)
    hasher = SlowCountingHasher()
    app.state.settings.hasher = hasher
    assert logins_at_once(app, 8) == [401] * 8
    assert (hasher.calls, hasher.most) == (8, 2)


def test_logins_that_waited_for_a_slot_are_throttled_before_hashing(make_app):
    app = make_app(login_max_failures=4)
    hasher = SlowCountingHasher()
    app.state.settings.hasher = hasher
    statuses = logins_at_once(app, 12)
    # all 12 pass the first check together; after waiting for a slot, each looks again: the two
    # slots can each see 3 failures at once, so at most 4 + 2 - 1 = 5 hashes, never 12
    assert hasher.calls in (4, 5)
    assert statuses == [401] * hasher.calls + [429] * (12 - hasher.calls)
