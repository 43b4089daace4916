"""render_all: the five files of a build, named by format, and a clear error for an unknown format."""

from __future__ import annotations

import pytest

from csc_scorecard.issues import UserError
from csc_scorecard.render import FORMATS, render_all

from .sample import sample_scorecard


def test_all_five_files_named_scorecard(outputs):
    assert FORMATS == ("html", "pdf", "xlsx", "docx", "json")
    assert {name: path.name for name, path in outputs.items()} == {
        "html": "scorecard.html", "pdf": "scorecard.pdf", "xlsx": "scorecard.xlsx", "docx": "scorecard.docx",
        "json": "scorecard.json",
    }
    assert all(path.stat().st_size > 0 for path in outputs.values())


def test_only_the_formats_asked_for_with_a_dated_stem(tmp_path):
    out = tmp_path / "new" / "folder"
    written = render_all(sample_scorecard(), out, formats=["json", "html"], stem="scorecard_2023-12-31")
    assert list(written) == ["json", "html"]
    assert sorted(p.name for p in out.iterdir()) == ["scorecard_2023-12-31.html", "scorecard_2023-12-31.json"]


def test_an_unknown_format_is_a_user_error_naming_the_choices(tmp_path):
    with pytest.raises(UserError, match="unknown output format odt: choose from html, pdf, xlsx, docx, json"):
        render_all(sample_scorecard(), tmp_path, formats=["html", "odt"])
    assert list(tmp_path.iterdir()) == []


def test_build_accepts_docx_and_names_it_among_the_choices():
    from csc_scorecard.outputs import parse_formats

    assert parse_formats("docx, json") == ("docx", "json")
    with pytest.raises(UserError, match=r"choose from html, pdf, xlsx, docx, json \(comma-separated\)"):
        parse_formats("word")
