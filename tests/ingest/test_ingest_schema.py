"""The Annex A schema YAML: loads, has the lists of annex-a.md, and refuses broken variants."""

import copy

import pytest
import yaml
from pydantic import ValidationError

from csc_scorecard.ingest.schema import SCHEMA_PATH, load_schema, parse_schema

COMMON = ["child_id", "gender", "ethnicity", "date_of_birth", "age"]


@pytest.fixture
def raw_yaml():
    return yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_lists_in_number_order_with_annex_a_column_counts():
    schema = load_schema()
    # annex-a.md section 2: List 1 has 7 columns, 2: 8, 3: 11, 4: 12, 5: 14, 6: 14, 7: 17,
    # 8: 34, 9: 17 (2023+ template), 10: 16, 11: 19.
    assert [(spec.number, len(spec.columns)) for spec in schema.lists.values()] == [
        (1, 7), (2, 8), (3, 11), (4, 12), (5, 14), (6, 14), (7, 17), (8, 34), (9, 17), (10, 16), (11, 19),
    ]
    assert list(schema.lists)[:3] == ["contacts", "early_help", "referrals"]


def test_common_columns_are_prepended_only_where_asked():
    schema = load_schema()
    referrals = schema.lists["referrals"]
    assert list(referrals.column_names[:6]) == COMMON + ["referral_date"]
    assert referrals.column("age").header == "Age of Child (Years)"
    assert "Age" in referrals.column("age").aliases
    adopters = schema.lists["adopters"]  # common: false, its own columns only
    assert adopters.column_names[0] == "adopter_id"
    assert not adopters.has_column("child_id")


def test_list_attributes_for_the_generator_and_store():
    referrals = load_schema().lists["referrals"]
    assert (referrals.number, referrals.title) == (3, "Referrals")
    assert referrals.key == ("child_id", "referral_date", "referral_source")
    assert referrals.signatures == (("referral_date",),)
    assert referrals.defining_date == "referral_date"
    column = referrals.column("referrals_last_12m")
    assert (column.type, column.blank, column.required) == ("integer", False, True)
    assert [c.name for c in referrals.required_columns] == ["child_id", "referral_date", "referrals_last_12m"]
    source = referrals.column("referral_source")
    assert (source.type, source.codelist) == ("code", "source")


def test_an_assessment_is_dated_by_its_authorisation_else_its_start():
    # spec "Combining": List 4 authorisation date or else start date (the one statement combine reads)
    assessments = load_schema().lists["assessments"]
    assert (assessments.defining_date, assessments.defining_date_else) == (
        "assessment_authorised_date", "assessment_start_date",
    )
    assert [load_schema().lists[n].defining_date_else for n in ("referrals", "s47_icpc")] == [None, None]


@pytest.mark.parametrize(
    ("codelist", "code", "printed"),
    [
        ("source", "6", "q) 6: Police"),
        ("source", "5D", "p1) 5D: LA services - early help"),
        ("ethnicity", "APKN", "k) APKN"),
        ("gender", "Female", "b) Female"),
        ("need", "N1", "N1 - Abuse or neglect"),
        ("legal_status", "E1", "E1: Placement order granted"),
        ("placement_type", "T4", "zz) T4: Temporary accommodation of seven days or less"),
        # no letter in a lettered list: `{code}: {label}`
        ("reason_ceased", "E43", "E43: Special guardianship order made to former foster carer(s)"),
        ("placement_type", "K3", "K3: Secure children's homes - other"),
        ("suitability", "Unsuitable", "b) Unsuitable"),
    ],
)
def test_render_prints_the_template_form(codelist, code, printed):
    codes = load_schema().codelists[codelist]
    assert codes.render(codes.value(code)) == printed
    assert codes.render(code) == printed


def test_yaml_booleans_and_numbers_become_text():
    yes_no = load_schema().codelists["yes_no"]
    assert "True" in yes_no.value("Yes").aliases  # `True` unquoted in the YAML
    assert load_schema().codelists["source"].value("4").code == "4"


def test_load_schema_is_cached():
    assert load_schema() is load_schema()


def test_unknown_codelist_is_refused(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["lists"]["referrals"]["columns"][1]["codelist"] = "sources"
    with pytest.raises(ValidationError, match="unknown codelist 'sources'"):
        parse_schema(broken)


def test_duplicate_column_names_are_refused(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["lists"]["referrals"]["columns"].append(
        {"name": "referral_date", "header": "Another date", "type": "date"}
    )
    with pytest.raises(ValidationError, match=r"duplicate column names \['referral_date'\]"):
        parse_schema(broken)


def test_a_header_meaning_two_columns_is_refused(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["lists"]["referrals"]["columns"][0]["aliases"] = ["Date of birth"]
    with pytest.raises(ValidationError, match="would mean both 'date_of_birth' and 'referral_date'"):
        parse_schema(broken)


def test_a_spelling_meaning_two_codes_is_refused(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["codelists"]["gender"]["values"][0]["aliases"] = ["F"]  # F is already Female's
    with pytest.raises(ValidationError, match="'F' would mean both"):
        parse_schema(broken)


def test_unknown_keys_are_refused(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["lists"]["referrals"]["columns"][0]["requried"] = True
    with pytest.raises(ValidationError, match="requried"):
        parse_schema(broken)


def test_key_must_name_columns_of_the_list(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    broken["lists"]["referrals"]["key"] = ["child_id", "referal_date"]
    with pytest.raises(ValidationError, match="unknown columns \\['referal_date'\\]"):
        parse_schema(broken)


def test_code_column_needs_a_codelist(raw_yaml):
    broken = copy.deepcopy(raw_yaml)
    del broken["lists"]["referrals"]["columns"][1]["codelist"]
    with pytest.raises(ValidationError, match="names a codelist"):
        parse_schema(broken)
