"""A short command sets polars' allocator for itself before polars loads; the server, a user's
own setting, or a process that already loaded polars are left alone."""

from __future__ import annotations

import os
import sys

import pytest

from csc_scorecard.allocator import ENV_VAR, ONE_COMMAND, settle_for_command


@pytest.fixture
def before_polars(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delitem(sys.modules, "polars")  # as at a command's start (put back after the test)


def test_a_command_sets_one_arena_and_a_short_decay(before_polars):
    settle_for_command("build")
    assert os.environ[ENV_VAR] == "narenas:1,dirty_decay_ms:300,muzzy_decay_ms:0" == ONE_COMMAND


def test_the_server_keeps_the_default(before_polars):
    settle_for_command("serve")
    assert ENV_VAR not in os.environ


def test_a_users_own_setting_is_kept(before_polars, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "background_thread:true")
    settle_for_command("build")
    assert os.environ[ENV_VAR] == "background_thread:true"


def test_nothing_once_polars_is_loaded(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert "polars" in sys.modules
    settle_for_command("build")  # jemalloc has read its setting already: setting it now would mislead
    assert ENV_VAR not in os.environ
