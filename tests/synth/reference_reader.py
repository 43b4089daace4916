"""A deliberately simple reader of the generator's workbooks, for the synth tests only.

It reads the schema YAML itself and undoes each untidy spelling the generator promises to use,
so that a test can check that a messy workbook still carries the canonical values. It is a
second, independent path to those values, not the product's loader.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from python_calamine import CalamineWorkbook

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "csc_scorecard" / "ingest" / "annex_a_schema.yaml"


def schema() -> dict:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def list_columns(raw: dict) -> dict[str, list[dict]]:
    """Each list's columns in template order (common columns first where the list has them)."""
    return {name: (raw["common_columns"] if spec.get("common") else []) + spec["columns"]
            for name, spec in raw["lists"].items()}


def template_text(codelist: dict, value: dict) -> str:
    """How the template prints a code: the list's format; without a letter, `code: label`."""
    if "letter" not in value and "{letter}" in codelist["format"]:
        return f"{value['code']}: {value['label']}"
    return codelist["format"].format(letter=value.get("letter"), code=value["code"], label=value["label"])


def _normal_header(text: str) -> str:
    text = text.replace("\u2018", "'").replace("\u2019", "'").strip().lower()
    text = re.sub(r"\)+", ")", text)
    return re.sub(r"\s+", " ", text)


def _spellings(codelist: dict) -> dict[str, str]:
    """Every accepted spelling (lower case) of every code of a list -> the code."""
    result = {}
    for value in codelist["values"]:
        code, label = value["code"], value["label"]
        forms = {template_text(codelist, value), code, label, f"{code}: {label}", f"{code} - {label}"}
        if "letter" in value:
            letter = value["letter"]
            forms |= {f"{letter}) {code}: {label}", f"{letter}) {code} - {label}", f"{letter}) {label}",
                      f"{letter}) {code}"}
        forms |= set(value.get("aliases", []))
        for form in forms:
            result.setdefault(form.lower(), code)
    return result


def _cell_date(value) -> date | None:
    if value == "" or value is None:
        return None
    if isinstance(value, date):
        return value
    text = value.strip()
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


def read_lists(path: Path) -> dict[str, tuple[str, list[str], list[dict]]]:
    """list name -> (sheet name, raw headers, rows of canonical values)."""
    raw = schema()
    columns = list_columns(raw)
    codelists = {name: _spellings(spec) for name, spec in raw["codelists"].items()}
    header_names = {
        name: {_normal_header(form): c["name"] for c in cols for form in [c["header"], *c.get("aliases", [])]}
        for name, cols in columns.items()
    }
    workbook = CalamineWorkbook.from_path(str(path))
    result = {}
    for sheet in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(sheet).to_python()
        headers = [str(h) for h in rows[0]]
        matched = [name for name, cols in columns.items()
                   if len(cols) == len(headers)
                   and [header_names[name].get(_normal_header(h)) for h in headers] == [c["name"] for c in cols]]
        assert len(matched) == 1, (sheet, matched)
        name = matched[0]
        canonical = []
        for row in rows[1:]:
            record = {}
            for column, cell in zip(columns[name], row):
                record[column["name"]] = _value(column, cell, codelists)
            canonical.append(record)
        result[name] = (sheet, headers, canonical)
    return result


def _value(column: dict, cell, codelists: dict):
    kind = column["type"]
    if kind == "date":
        return _cell_date(cell)
    if cell == "" or cell is None:
        return None
    if kind in ("integer", "number"):
        return float(cell)
    if kind == "code":
        return codelists[column["codelist"]][str(cell).strip().lower()]
    if isinstance(cell, float):
        return str(int(cell))
    return str(cell).strip()
