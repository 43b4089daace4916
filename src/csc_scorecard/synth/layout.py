"""The Annex A schema as the generator needs it: lists in order, their columns, and code rendering.

Read straight from `ingest/annex_a_schema.yaml` (the contract shared with the loader) so that the
generator writes exactly the headers, column order and code spellings the schema declares,
without depending on the loader's own schema classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from csc_scorecard import yaml_text


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "ingest" / "annex_a_schema.yaml"


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    type: str  # string | date | integer | number | code
    codelist: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class AnnexList:
    name: str  # canonical list name, e.g. "referrals"
    number: int
    title: str
    columns: tuple[Column, ...]  # in the template's order, common columns first

    @property
    def sheet(self) -> str:
        return f"List {self.number}"


@dataclass(frozen=True)
class CodeValue:
    code: str
    label: str
    letter: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Codelist:
    name: str
    format: str
    values: tuple[CodeValue, ...]

    def render(self, code: str) -> str:
        """The cell text the template prints for a code (a value without a letter: `code: label`)."""
        value = self.value(code)
        if value.letter is None:
            if "{letter}" in self.format:
                return f"{value.code}: {value.label}"
        return self.format.format(letter=value.letter, code=value.code, label=value.label)

    def value(self, code: str) -> CodeValue:
        for value in self.values:
            if value.code == code:
                return value
        raise KeyError(f"{code!r} is not a code of codelist {self.name!r}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(value.code for value in self.values)


@dataclass(frozen=True)
class Layout:
    lists: tuple[AnnexList, ...]  # ordered by list number
    codelists: dict[str, Codelist]


def _column(raw: dict) -> Column:
    return Column(
        name=raw["name"],
        header=raw["header"],
        type=raw["type"],
        codelist=raw.get("codelist"),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
    )


@lru_cache(maxsize=1)
def load_layout() -> Layout:
    """The schema file parsed once per process."""
    raw = yaml_text.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))
    common = tuple(_column(c) for c in raw["common_columns"])
    lists = []
    for name, spec in raw["lists"].items():
        own = tuple(_column(c) for c in spec["columns"])
        lists.append(
            AnnexList(
                name=name,
                number=int(spec["number"]),
                title=spec["title"],
                columns=(common + own) if spec.get("common") else own,
            )
        )
    codelists = {
        name: Codelist(
            name=name,
            format=spec["format"],
            values=tuple(
                CodeValue(
                    code=str(v["code"]),
                    label=str(v["label"]),
                    letter=None if v.get("letter") is None else str(v["letter"]),
                    aliases=tuple(str(a) for a in v.get("aliases") or ()),
                )
                for v in spec["values"]
            ),
        )
        for name, spec in raw["codelists"].items()
    }
    return Layout(lists=tuple(sorted(lists, key=lambda item: item.number)), codelists=codelists)
