"""The scorecard config: the shipped default reads; mistakes name the field."""

import pytest

from csc_scorecard.config import default_config, read_config
from csc_scorecard.issues import UserError


def test_default_config_is_sefton():
    config = default_config()
    assert (config.local_authority.name, config.local_authority.old_la_code) == ("Sefton", "343")
    assert (config.benchmarks.release, config.benchmarks.sn_list) == ("2023", "2021")


def test_unknown_key_names_the_field(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority: {name: X, old_la_code: '123', colour: red}\n")
    with pytest.raises(UserError, match=r"local_authority\.colour: Extra inputs are not permitted"):
        read_config(path)


def test_bad_la_code_names_the_field(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority: {name: X, old_la_code: '12'}\n")
    with pytest.raises(UserError, match=r"local_authority\.old_la_code"):
        read_config(path)


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority:\n  name: [unclosed\n")
    with pytest.raises(UserError, match=r"line \d+"):
        read_config(path)
