"""The Annex A schema (`annex_a_schema.yaml`) as validated, typed objects.

The YAML is the contract shared by the loader, the synthetic generator and the store: list
names and numbers, columns (canonical name, template header, known aliases, type, blank and
required rules) and code lists. This module only loads and checks it; parsing cell values is
`values.py`'s job. A mistake in the YAML (a column naming a code list that does not exist, two
columns with one name or one spelling, a code list whose spellings collide) fails loudly here,
at load, rather than as a wrong figure later.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator

from csc_scorecard import yaml_text
from csc_scorecard.ingest.values import normalise_header, spelling_key

SCHEMA_PATH = Path(__file__).parent / "annex_a_schema.yaml"

ColumnType = Literal["string", "date", "integer", "number", "code"]

_FORMAT_FIELDS = {"letter", "code", "label"}
# A code "looks like a code" (WBRI, PR4, 6, E4A) rather than a word (Yes, Died): only such codes
# are recognised as the first word of a longer cell such as `a) E11 Adopted - unopposed`.
_CODE_LIKE = re.compile(r"^[A-Z0-9]+$")


def _yaml_scalar_text(value: Any) -> Any:
    """YAML reads `True`, `4` or `2.5` as bool/int/float; the schema means the text."""
    if isinstance(value, bool | int | float):
        return str(value)
    return value


class _Model(BaseModel):
    # Unknown keys are refused so that a typo in the YAML ("requried") is an error, not ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


class CodeValue(_Model):
    """One value of a code list: `letter` is the template's prefix (`a`), `code` what is stored."""

    letter: str | None = None
    code: str
    label: str
    aliases: tuple[str, ...] = ()

    @field_validator("letter", "code", "label", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return _yaml_scalar_text(value)

    @field_validator("aliases", mode="before")
    @classmethod
    def _alias_texts(cls, value: Any) -> Any:
        return [_yaml_scalar_text(v) for v in value] if isinstance(value, list) else value


class CodeList(_Model):
    """A code list and the spellings that mean each of its codes.

    `match_within` lets a label or alias be found inside longer free text (`Accommodation is
    not suitable`), longest phrase first; it is set only where real files need it.
    """

    name: str
    format: str
    match_within: bool = False
    values: tuple[CodeValue, ...]
    _tables: dict[str, Any] | None = PrivateAttr(default=None)

    @field_validator("format")
    @classmethod
    def _known_fields(cls, value: str) -> str:
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        if not fields or fields - _FORMAT_FIELDS:
            raise ValueError(f"format {value!r} may only use {{letter}}, {{code}} and {{label}}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CodeList:
        codes = [v.code for v in self.values]
        if len(set(codes)) != len(codes):
            raise ValueError(f"code list {self.name!r} repeats a code")
        letters = [v.letter for v in self.values if v.letter]
        if len(set(letters)) != len(letters):
            raise ValueError(f"code list {self.name!r} repeats a letter")
        self._build_tables()  # raises on colliding spellings
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def value(self, code: str) -> CodeValue:
        for v in self.values:
            if v.code == code:
                return v
        raise KeyError(f"{code!r} is not a code of {self.name!r}")

    def render(self, value: CodeValue | str) -> str:
        """The value as the template prints it, e.g. `q) 6: Police`.

        A value without a letter in a list whose format has one (E43, K3: codes that post-date
        the template) is printed `{code}: {label}`.
        """
        if isinstance(value, str):
            value = self.value(value)
        if "{letter}" in self.format and not value.letter:
            return f"{value.code}: {value.label}"
        return self.format.format(letter=value.letter or "", code=value.code, label=value.label)

    # Lookup tables for values.parse_code, built once. Keys are `spelling_key` forms.
    def spellings(self) -> dict[str, str]:
        """Whole-cell spellings (code, label, aliases, code with label, template form) -> code."""
        return self._build_tables()["whole"]

    def head_spellings(self) -> dict[str, str]:
        """Spellings that identify a code when they open a cell (`N1 - ...`): codes, aliases."""
        return self._build_tables()["head"]

    def code_like_spellings(self) -> dict[str, str]:
        """Codes recognisable as the first word of a cell (`E11 Adopted`): WBRI, PR4, 6."""
        return self._build_tables()["first_word"]

    def phrases(self) -> tuple[tuple[str, str], ...]:
        """(phrase, code) pairs for `match_within`, longest phrase first."""
        return self._build_tables()["phrases"]

    def _build_tables(self) -> dict[str, Any]:
        if self._tables is not None:
            return self._tables
        whole: dict[str, str] = {}
        head: dict[str, str] = {}
        first_word: dict[str, str] = {}
        phrases: dict[str, str] = {}

        def add(table: dict[str, str], text: str, code: str, what: str) -> None:
            key = spelling_key(text)
            if not key:
                raise ValueError(f"code list {self.name!r}: empty {what} for {code!r}")
            if table.get(key, code) != code:
                raise ValueError(
                    f"code list {self.name!r}: {text!r} would mean both {table[key]!r} and {code!r}"
                )
            table[key] = code

        for v in self.values:
            for text in (v.code, v.label, *v.aliases, f"{v.code} {v.label}", self.render(v)):
                add(whole, text, v.code, "spelling")
            for text in (v.code, *v.aliases):
                add(head, text, v.code, "code or alias")
            if _CODE_LIKE.match(v.code):
                add(first_word, v.code, v.code, "code")
            for text in (v.label, *v.aliases):
                add(phrases, text, v.code, "label or alias")
        ordered = tuple(sorted(phrases.items(), key=lambda item: (-len(item[0]), item[0])))
        self._tables = {"whole": whole, "head": head, "first_word": first_word, "phrases": ordered}
        return self._tables


class ColumnSpec(_Model):
    """One column of a list: `name` is canonical (store column), `header` the template's text."""

    name: str
    header: str
    aliases: tuple[str, ...] = ()
    type: ColumnType
    codelist: str | None = None
    blank: bool = True  # may a cell be blank?
    required: bool = False  # a measure reads it: a list without it cannot be used

    @model_validator(mode="after")
    def _codelist_iff_code(self) -> ColumnSpec:
        if (self.type == "code") != (self.codelist is not None):
            raise ValueError(f"column {self.name!r}: a code column, and only one, names a codelist")
        return self

    @property
    def spellings(self) -> tuple[str, ...]:
        """The header and its aliases."""
        return (self.header, *self.aliases)


class ListSpec(_Model):
    """One Annex A list; `columns` already starts with the common columns when `common` is set."""

    name: str
    number: int
    title: str
    common: bool = True
    signatures: tuple[tuple[str, ...], ...]
    key: tuple[str, ...]
    defining_date: str | None = None  # flow lists: the date an event is dated by
    defining_date_else: str | None = None  # the date used where `defining_date` is blank
    columns: tuple[ColumnSpec, ...]

    @model_validator(mode="after")
    def _names_exist(self) -> ListSpec:
        names = [c.name for c in self.columns]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"list {self.name!r} has duplicate column names {duplicated}")
        seen: dict[str, str] = {}
        for column in self.columns:
            for text in column.spellings:
                key = normalise_header(text)
                if seen.get(key, column.name) != column.name:
                    raise ValueError(
                        f"list {self.name!r}: header {text!r} would mean both "
                        f"{seen[key]!r} and {column.name!r}"
                    )
                seen[key] = column.name
        referenced = [n for sig in self.signatures for n in sig] + list(self.key)
        referenced += [c for c in (self.defining_date, self.defining_date_else) if c]
        unknown = sorted(set(referenced) - set(names))
        if unknown:
            raise ValueError(f"list {self.name!r} refers to unknown columns {unknown}")
        if not self.signatures or not all(self.signatures):
            raise ValueError(f"list {self.name!r} needs at least one non-empty signature")
        return self

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def identifier(self) -> str:
        """The column naming whom a row is about (child, or adopter in List 11): the key's first."""
        return self.key[0]

    @property
    def required_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"list {self.name!r} has no column {name!r}")

    def has_column(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)


class AnnexASchema(_Model):
    """The whole schema: `lists` in list-number order, `codelists` by name."""

    common_columns: tuple[ColumnSpec, ...]
    lists: dict[str, ListSpec]
    codelists: dict[str, CodeList]

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        """Name each list and code list after its key; prepend common columns where asked."""
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        common = list(data.get("common_columns") or [])
        lists = {}
        for name, spec in (data.get("lists") or {}).items():
            spec = dict(spec or {})
            spec.setdefault("name", name)
            if spec.get("common", True):
                spec["columns"] = common + list(spec.get("columns") or [])
            lists[name] = spec
        data["lists"] = lists
        data["codelists"] = {
            name: {"name": name, **dict(spec or {})}
            for name, spec in (data.get("codelists") or {}).items()
        }
        return data

    @model_validator(mode="after")
    def _cross_references(self) -> AnnexASchema:
        for name, spec in self.lists.items():
            if spec.name != name:
                raise ValueError(f"list {name!r} is named {spec.name!r}")
            for column in spec.columns:
                if column.codelist and column.codelist not in self.codelists:
                    raise ValueError(
                        f"list {name!r} column {column.name!r}: unknown codelist {column.codelist!r}"
                    )
        numbers = [s.number for s in self.lists.values()]
        if len(set(numbers)) != len(numbers):
            raise ValueError("two lists share a number")
        return self

    def codelist_for(self, column: ColumnSpec) -> CodeList:
        if column.codelist is None:
            raise KeyError(f"column {column.name!r} is not a code column")
        return self.codelists[column.codelist]

    def list_by_number(self, number: int) -> ListSpec:
        for spec in self.lists.values():
            if spec.number == number:
                return spec
        raise KeyError(f"no list number {number}")


def parse_schema(data: Mapping[str, Any]) -> AnnexASchema:
    """Validate an already-parsed YAML mapping (pydantic.ValidationError names the problem)."""
    return AnnexASchema.model_validate(data)


@functools.cache
def load_schema() -> AnnexASchema:
    """The schema shipped with the package, validated once per process."""
    return parse_schema(yaml_text.safe_load(SCHEMA_PATH.read_text(encoding="utf-8")))
