"""docs/measures.md is the catalogue generated from the measure declarations
(docs/generate_measures.py): up to date, every entry complete, the hand-written rest kept."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from csc_scorecard.measures.catalogue import catalogue
from csc_scorecard.measures.registry import REFERENCE_MEASURES

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("generate_measures", REPOSITORY / "docs" / "generate_measures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_measures_md_is_what_the_declarations_generate(generator):
    current = (REPOSITORY / "docs" / "measures.md").read_text(encoding="utf-8")
    assert generator.regenerated(current) == current, "docs/measures.md is out of date: run `make measures-doc`"


def test_the_hand_written_text_around_the_catalogue_is_kept_verbatim(generator):
    document = f"# Intro\n\nkept *as is*\n\n{generator.BEGIN}\nstale entries\n{generator.END}\n\n## Left out\n\n| a | b |\n"
    fresh = generator.regenerated(document)
    assert fresh.startswith(f"# Intro\n\nkept *as is*\n\n{generator.BEGIN}\n\n### 1. Referrals received")
    assert fresh.endswith(f"\n\n{generator.END}\n\n## Left out\n\n| a | b |\n")
    assert "stale entries" not in fresh
    with pytest.raises(ValueError, match="CATALOGUE END"):
        generator.regenerated("# no markers\n")


def test_an_entry_gives_definition_columns_edge_cases_benchmark_and_tests(generator):
    # measure 24 as declared in measures/library/referrals.py; its columns as List 3 heads them
    entry = next(e for e in catalogue() if e["id"] == "referrals_nfa_pct")
    assert generator.entry_markdown(entry, ["tests/measures/test_library_referrals.py"]) == "\n".join([
        "### 24. Referrals that resulted in no further action (%)",
        "",
        "`referrals_nfa_pct` · % · polarity neutral · flow · List 3",
        "",
        "- **Definition**: Denominator: referrals (rows) with `Date of referral` in the window; numerator: `Referral "
        "NFA?` = Yes. A blank answer is left out (counted); `Unknown` is in the denominator only.",
        "- **Reads**: List 3 (Referrals): `Date of referral`, `Referral NFA?`",
        "- **A row is left out (and counted) when blank in**: `Date of referral`, `Referral NFA?`",
        "- **Edge cases**: blank NFA: left out, counted; `Unknown`: denominator only. DfE publishes the same ratio "
        "(`No_Further_Action_percent`)",
        "- **Benchmark**: none mapped (no published counterpart in the shipped DfE data)",
        "- **Tests**: `tests/measures/test_library_referrals.py`",
    ])


def test_a_reference_measure_names_its_published_source(generator):
    # benchmarks/sources.py: care leavers' suitable accommodation, published as is in both releases
    # (its column renamed in 2025); ceasings under an SGO have no 2025 file shipped
    assert generator.benchmark_source("care_leavers_suitable_pct") == (
        "2023 release: la_care_leavers_accommodation_suitability, column `percentage`; "
        "2025 release: la_care_leavers_accommodation_suitability, column `care_leaver_percent`")
    assert generator.benchmark_source("cla_ceased_sgo_pct").endswith(
        "; 2025 release: none (the 2025 release's children-ceased file is not in the shipped data)")


def test_every_measure_has_a_definition_and_a_test_file_and_every_library_measure_its_edge_cases(generator):
    entries = catalogue()
    assert len(entries) == 23 + 68
    tests = generator.test_files([e["id"] for e in entries])
    assert [e["id"] for e in entries if not tests[e["id"]]] == []
    assert [e["id"] for e in entries if len(e["definition"]) < 20] == []
    assert [e["id"] for e in entries if e["number"] > REFERENCE_MEASURES and not e["edge_cases"]] == []
    # the file named after its module first: measure 1's own tests before those that run every measure
    assert tests["referrals_rate"][0] == "tests/measures/test_referrals.py"
