"""The shipped YAML files read the same through the fast (libyaml) parser as through PyYAML's pure-Python one."""

from pathlib import Path

import pytest
import yaml

from csc_scorecard import yaml_text

PACKAGE = Path(yaml_text.__file__).parent
SHIPPED = sorted(PACKAGE.rglob("*.yaml"))


def test_the_package_ships_its_yaml_files():
    names = {path.name for path in SHIPPED}
    assert {"annex_a_schema.yaml", "scorecard.yaml", "annex-a-full.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_yaml_parses_to_the_same_values(path):
    text = path.read_text(encoding="utf-8")
    assert yaml_text.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_nodes_keep_their_lines_and_a_syntax_error_names_its_line():
    tree = yaml_text.compose("a: 1\nb:\n  - x\n  - y\n")
    (_, first), (_, second) = tree.value
    assert (first.start_mark.line, second.value[1].start_mark.line) == (0, 3)
    broken = "a: 1\nb: [2, 3\nc: 3\n"  # the flow list never closes: the mapping key on line 3 is where it breaks
    with pytest.raises(yaml.YAMLError) as fast:
        yaml_text.safe_load(broken)
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.load(broken, Loader=yaml.SafeLoader)
    assert fast.value.problem_mark.line == pure.value.problem_mark.line == 2
