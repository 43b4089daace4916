"""Real-world untidiness for "messy" workbooks, without changing what any cell means.

Annex A files from LAs' systems differ from the template in ways the loader must absorb
(`annex-a.md`, observed variants). This module decides, deterministically for a seed, which
sheet names, headers and cells take such a variant:

- sheet names `List_3` or the list's title (`Referrals`) instead of `List 3`;
- headers: `Age` for `Age of Child (Years)`, `Date of Referral`, the doubled bracket on List 8's
  UASC header, curly quotes around 'Missing'/'Absent', trailing spaces, the schema's aliases;
- code cells without the letter prefix, the code alone, the label alone, ` - ` for `: `, or a
  spelling from the code list's aliases;
- dates as text, `dd/mm/yyyy` or ISO `yyyy-mm-dd`;
- stray leading or trailing spaces in text and code cells;
- identifiers made only of digits written as numbers.

Every variant is one the schema's contract says the loader accepts, so the canonical values
can always be recovered. A variant that could be read two ways (a label that is another
value's code) is never used.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from csc_scorecard.synth.layout import AnnexList, Codelist, Column

CODE_VARIANTS = ("template", "no_letter", "code_only", "label_only", "dash", "alias")
CODE_VARIANT_WEIGHTS = (0.5, 0.15, 0.12, 0.1, 0.08, 0.05)
DATE_AS_TEXT_SHARE = 0.08
DATE_AS_ISO_TEXT_SHARE = 0.07
STRAY_SPACE_SHARE = 0.05
HEADER_ALIAS_SHARE = 0.3
HEADER_TRAILING_SPACE_SHARE = 0.1
ID_COLUMNS = {"child_id", "family_id", "adopter_id"}
EXCEL_EPOCH = date(1899, 12, 30)


def sheet_names(lists: list[AnnexList], rng: np.random.Generator) -> dict[str, str]:
    """A sheet name per list: `List n`, `List_n` or the title; at least one of each of the last two."""
    choice = {annex.name: int(rng.integers(0, 3)) for annex in lists}
    names = [annex.name for annex in lists]
    if len(names) >= 2:
        if 1 not in choice.values():
            choice[names[int(rng.integers(0, len(names)))]] = 1
        if 2 not in choice.values():
            spare = [name for name in names if choice[name] != 1]
            choice[spare[int(rng.integers(0, len(spare)))]] = 2
    result = {}
    for annex in lists:
        result[annex.name] = (annex.sheet, f"List_{annex.number}", annex.title)[choice[annex.name]]
    return result


def headers(annex: AnnexList, rng: np.random.Generator, force_age: bool) -> list[str]:
    """The list's headers with real-world spellings."""
    result = []
    for column in annex.columns:
        header = column.header
        if column.name == "age" and (force_age or rng.random() < 0.7):
            header = "Age"
        elif header == "Date of referral":
            header = "Date of Referral"
        elif column.name == "uasc" and annex.name == "children_in_care":
            header = header + ")"
        elif "'Missing'" in header or "'Absent'" in header:
            header = header.replace("'Missing'", "\u2018Missing\u2019").replace("'Absent'", "\u2018Absent\u2019")
        elif column.aliases and rng.random() < HEADER_ALIAS_SHARE:
            header = column.aliases[int(rng.integers(0, len(column.aliases)))]
        untouched = header == column.header
        if header == "Date of Adoption Order" or (untouched and rng.random() < HEADER_TRAILING_SPACE_SHARE):
            header = header + " "
        result.append(header)
    return result


def _code_spellings(codelist: Codelist) -> dict[str, dict[str, str | None]]:
    """For each code, its text in every variant (None where the variant would be ambiguous)."""
    values = codelist.values
    spellings = {}
    for value in values:
        others = [v for v in values if v.code != value.code]
        other_words = {v.code.lower() for v in others} | {v.label.lower() for v in others}
        other_words |= {a.lower() for v in others for a in v.aliases}
        template = codelist.render(value.code)
        no_letter = template
        if value.letter is not None and template.startswith(f"{value.letter}) "):
            no_letter = template[len(value.letter) + 2:]
        if ": " in template:
            dash = template.replace(": ", " - ", 1)
        elif f"{value.code} - " in template:
            dash = template.replace(f"{value.code} - ", f"{value.code}: ", 1)
        else:
            dash = None
        aliases = [a for a in value.aliases if a.lower() not in other_words]
        spellings[value.code] = {
            "template": template,
            "no_letter": no_letter,
            "code_only": value.code if value.code.lower() not in other_words else None,
            "label_only": value.label if value.label.lower() not in other_words else None,
            "dash": dash,
            "alias": aliases[0] if aliases else None,
        }
    return spellings


def code_cells(codes: list, codelist: Codelist, rng: np.random.Generator) -> list:
    """Rendered code cells, each in a randomly chosen (unambiguous) spelling."""
    spellings = _code_spellings(codelist)
    choice = rng.choice(len(CODE_VARIANTS), size=len(codes), p=np.array(CODE_VARIANT_WEIGHTS))
    cells = []
    for code, variant in zip(codes, choice):
        if code is None:
            cells.append(None)
            continue
        known = spellings.get(code)
        if known is None:
            cells.append(code)
            continue
        cells.append(known[CODE_VARIANTS[variant]] or known["template"])
    return stray_spaces(cells, rng)


def date_cells(serials: list, rng: np.random.Generator) -> list:
    """Excel date serials, some turned into text `dd/mm/yyyy` or `yyyy-mm-dd`."""
    draw = rng.random(len(serials))
    cells = []
    for serial, roll in zip(serials, draw):
        if serial is None or roll >= DATE_AS_TEXT_SHARE + DATE_AS_ISO_TEXT_SHARE:
            cells.append(serial)
            continue
        day = EXCEL_EPOCH + timedelta(days=int(serial))
        cells.append(day.strftime("%d/%m/%Y") if roll < DATE_AS_TEXT_SHARE else day.isoformat())
    return cells


def stray_spaces(cells: list, rng: np.random.Generator) -> list:
    """Some text cells with a space or two before or after."""
    draw = rng.random(len(cells))
    pads = (" {}", "{} ", " {}  ", "{}  ")
    which = rng.integers(0, len(pads), len(cells))
    return [
        pads[w].format(cell) if isinstance(cell, str) and roll < STRAY_SPACE_SHARE else cell
        for cell, roll, w in zip(cells, draw, which)
    ]


def text_cells(values: list, column: Column, rng: np.random.Generator) -> list:
    """Text cells: digit-only identifiers as numbers, others sometimes with stray spaces."""
    if column.name in ID_COLUMNS:
        return [float(v) if isinstance(v, str) and v.isdigit() and not v.startswith("0") else v for v in values]
    return stray_spaces(values, rng)
