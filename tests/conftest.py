"""Shared fixtures: every test gets its own store directory, never the user's.

The store, load, concurrency, audit and web tests run on both databases a store can use: a
test that asks for `store_database` (those folders' conftest.py make it automatic) runs once
on SQLite and once on a new database of a PostgreSQL server the session starts, with
$SCORECARD_DATABASE_URL naming it (and inherited by the processes the test starts). A test
marked `sqlite_only` (e.g. about the SQLite file itself) runs on SQLite alone, one marked
`postgresql_only` on PostgreSQL alone. Without
PostgreSQL installed the PostgreSQL cases fail, unless $SCORECARD_TEST_SKIP_POSTGRESQL=1 says
to skip them (for a developer's machine; CI installs PostgreSQL and never sets it).
"""

import os

import pytest
from postgres_server import SKIP_VARIABLE, PostgresServer, find_binaries
from synthetic_store import load_synthetic

from csc_scorecard.store.database_url import DATABASE_URL_VARIABLE


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_STORE", str(tmp_path / "store-from-env"))
    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    from csc_scorecard.scorecard import figures_cache

    figures_cache.forget()  # figures kept by an earlier test (perhaps with a patched measure) are not this test's


@pytest.fixture
def counted(monkeypatch):
    """The as-at dates of each time a month's figures were computed (build.gather called)."""
    from csc_scorecard.scorecard import build

    calls = []
    real = build.gather

    def gather(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "gather", gather)
    return calls


def pytest_generate_tests(metafunc):
    if "store_database" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        databases = ["sqlite"] if marked("sqlite_only") else ["postgresql"] if marked("postgresql_only") else ["sqlite", "postgresql"]
        metafunc.parametrize("store_database", databases, indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    binaries = find_binaries()
    if binaries is None:
        message = (
            "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH): install Debian's "
            f"postgresql package, as .ci/run does, or set {SKIP_VARIABLE}=1 to skip the PostgreSQL cases"
        )
        if os.environ.get(SKIP_VARIABLE) == "1":
            pytest.skip(message)
        pytest.fail(message)
    server = PostgresServer(binaries)
    try:
        server.start()
    except BaseException:
        server.discard()
        raise
    yield server
    server.stop()


@pytest.fixture
def store_database(request, monkeypatch):
    """"sqlite", or "postgresql" with $SCORECARD_DATABASE_URL naming a new, empty database."""
    if request.param == "sqlite":
        yield "sqlite"
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database()
    monkeypatch.setenv(DATABASE_URL_VARIABLE, server.url(name))
    yield "postgresql"
    server.drop_database(name)


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory):
    """A store loaded through the real path with 13 monthly extracts (Dec 2022 - Dec 2023) of a
    small synthetic LA (a fifth of the demo's size) plus the demo's manual values: built once."""
    root = tmp_path_factory.mktemp("synthetic")
    with pytest.MonkeyPatch.context() as session_patch:  # SQLite, even if first asked for by a PostgreSQL case
        session_patch.delenv(DATABASE_URL_VARIABLE, raising=False)
        return _build_synthetic_store(root)


def _build_synthetic_store(root):
    from datetime import date

    from csc_scorecard.synth import generate_la, write_monthly_extracts

    la = generate_la(seed=11, start=date(2021, 1, 1), end=date(2023, 12, 31), scale=0.2)
    write_monthly_extracts(la, root / "annex_a", date(2022, 12, 31), date(2023, 12, 31), months=12)
    load_synthetic(root / "annex_a", root / "store")
    return root / "store"
