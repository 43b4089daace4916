"""The JSON output: the model's to_json as spec/scorecard.md shapes it, unrounded, readable."""

from __future__ import annotations

import json
from dataclasses import replace

from csc_scorecard.render.json_out import render_json

from .sample import sample_scorecard


def test_the_file_is_the_model_as_json(outputs):
    text = outputs["json"].read_text(encoding="utf-8")
    assert text.startswith('{\n  "as_at": "2023-12-31",')  # indented by 2
    assert json.loads(text) == sample_scorecard().to_json()


def test_shape_of_spec_scorecard_md(outputs):
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert {"as_at", "local_authority", "sections"} <= set(data)
    assert data["local_authority"]["old_la_code"] == "343"
    assert [len(s["rows"]) for s in data["sections"]] == [7, 11, 5]
    for section in data["sections"]:
        assert {"title", "columns", "rows"} <= set(section)
        for row in section["rows"]:
            assert {"id", "number", "label", "unit", "polarity", "target", "cells", "direction", "rag", "benchmarks",
                    "band", "analysis"} <= set(row)
            assert row["direction"] in ("up", "down", "same", None)
            assert row["rag"] in ("green", "amber", "red", None)
            assert row["band"] in ("Higher", "Lower", "In range", None)
            assert {"text", "edited", "author", "edited_at"} <= set(row["analysis"])
            for cell in row["cells"]:
                assert {"column", "value", "display", "numerator", "denominator", "period", "reason"} <= set(cell)


def test_values_are_unrounded_with_numerator_and_denominator(outputs):
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    referrals = data["sections"][0]["rows"][0]
    cell = referrals["cells"][0]
    # 3,452 referrals / 53,832 children x 10,000 = 641.2542725516...
    assert (cell["numerator"], cell["denominator"], cell["display"]) == (3452, 53832, "641.3")
    assert abs(cell["value"] - 641.2542725516) < 1e-9
    assert cell["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert referrals["benchmarks"]["la"] == 822.6


def test_text_is_written_as_it_is_not_escaped(tmp_path):
    scorecard = sample_scorecard()
    section = scorecard.sections[0]
    row = replace(section.rows[0], label="Référrals ↑")
    path = render_json(replace(scorecard, sections=(replace(section, rows=(row,)),)), tmp_path / "s.json")
    assert '"label": "Référrals ↑"' in path.read_text(encoding="utf-8")
