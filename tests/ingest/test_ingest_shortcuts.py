"""The loader's speed-ups read exactly what the plain rules read (issue 12).

`parse_columns` parses a sheet's columns together, and lets a polars shortcut parse the texts
most cells hold (`SYN0041624`, `2007-04-25 00:00:00`, `3`); the scalar parsers stay the
definition, so every shortcut is compared with them here, on generated texts that match its
pattern and on texts that nearly do. The XML scan counts row ends without a regex where it can.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.ingest.values import (
    clean_text,
    column_parser,
    normalise_child_id,
    parse_columns,
    parse_date,
    parse_integer,
    parse_number,
)
from csc_scorecard.ingest.workbook import _row_ends

SCALAR = {
    "identifier": lambda text: (normalise_child_id(text), None),
    "string": lambda text: (clean_text(text), None),
    "integer": parse_integer,
    "number": parse_number,
    "date": parse_date,
}
PARSERS = {
    "identifier": column_parser("string", identifier=True),
    "string": column_parser("string"),
    "integer": column_parser("integer"),
    "number": column_parser("number"),
    "date": column_parser("date"),
}
NEAR_MISSES = [
    " x1", "x1 ", "a\u00a0b", "C1\x00", "9212044.0", "00123", "ıd", "ß", "1000000000", "0999999999", "-3", "+3",
    "2023-02-29 00:00:00", "2024-02-29 00:00:00", "2023-13-01", "2023-00-10", "0999-01-01", "2023-1-05",
    "2023-01-05 13:45:00", "2023-01-05T00:00:00", " 2023-01-05", "", "  ", "#N/A", "true", "45000",
]


def _texts(kind: str):
    plain = PARSERS[kind].plain
    generated = st.from_regex(plain, fullmatch=True) if plain else st.text(max_size=12)
    return st.lists(st.one_of(generated, st.sampled_from(NEAR_MISSES), st.text(max_size=12), st.none()), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(PARSERS)), st.data())
def test_every_shortcut_gives_what_the_scalar_parser_gives(kind, data):
    texts = data.draw(_texts(kind))
    parsed = parse_columns(pl.DataFrame({"cell": texts}, schema={"cell": pl.String}), {"cell": PARSERS[kind]})["cell"]
    expected = [SCALAR[kind](text) if text is not None else (None, None) for text in texts]
    assert parsed.values.to_list() == [value for value, _ in expected]
    assert parsed.seconds.to_list() == [second for _, second in expected]


def test_columns_parsed_together_keep_each_columns_rules():
    frame = pl.DataFrame({
        "id": ["ab12", "9212044.0", " x1 ", None, "SYN0041624"],
        "born": ["2023-02-28 00:00:00", "2023-02-29 00:00:00", "05/01/2023", None, "2023-02-28"],
        "count": ["3", "2.5", "007", None, "1000000001"],
    })
    parsed = parse_columns(frame, {"id": PARSERS["identifier"], "born": PARSERS["date"], "count": PARSERS["integer"]})
    assert parsed["id"].values.to_list() == ["AB12", "9212044", "X1", None, "SYN0041624"]
    assert parsed["born"].values.to_list() == [date(2023, 2, 28), None, date(2023, 1, 5), None, date(2023, 2, 28)]
    assert parsed["born"].seconds.to_list() == [
        None, "2023-02-29 00:00:00 is not a real date: February 2023 has no day 29", None, None, None]
    assert parsed["count"].values.to_list() == [3, None, 7, None, None]
    assert parsed["count"].seconds.to_list() == [
        None, "not a whole number", None, None, "out of range: a count cannot be more than 1,000,000,000"]
    # the reasons met, beside a shortcut's None: what the loader reports from
    assert parsed["count"].outcomes - {None} == {"not a whole number", "out of range: a count cannot be more than 1,000,000,000"}
    assert parsed["id"].outcomes - {None} == set()


def test_row_ends_are_counted_with_or_without_a_namespace_prefix():
    """The row count (the ceiling on rows) and where a chunk's last whole row ends."""
    plain = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"></row>'
    assert _row_ends(plain + b'<row r="3"><c r="A3">') == (2, len(plain))
    prefixed = b'<x:row r="1"></x:row><x:row r="2"></x:row>'
    assert _row_ends(prefixed + b"<x:row") == (2, len(prefixed))
    assert _row_ends(b"</row></x:row></row>") == (3, 20)
    assert _row_ends(b'<row r="1"><c r="A1"><v>1</v></c>') == (0, -1)
