"""The SPC icon column and the legend: MDC colours, H or L for the latest month's side, and
the words each icon stands for as its text alternative."""

from __future__ import annotations

from dataclasses import replace

from csc_scorecard.render.html import render_html
from csc_scorecard.render.spc_icons import spc_icons

from .html_tree import HtmlTree
from .sample import sample_scorecard


def chart(values, mean, variation, assurance=None):
    return {"mean": mean, "points": [{"period_end": f"2023-{m:02d}-28", "value": v} for m, v in enumerate(values, 1)],
            "variation": variation, "assurance": assurance}


def parsed(markup: str) -> list[tuple[str, str, str]]:
    """(title, circle stroke colour, letter) of each icon."""
    tree = HtmlTree(f"<div>{markup}</div>")
    return [
        (svg.find("{*}title").text, svg.find("{*}circle").get("stroke"),
         svg.find("{*}text").text if svg.find("{*}text") is not None else "")
        for svg in tree.all("svg")
    ]


def test_common_cause_is_grey_dots_and_assurance_a_letter():
    assert parsed(spc_icons(chart([5, 6, 5], 5.3, "common_cause", "fail"))) == [
        ("Common cause variation: no significant change", "#a6a6a6", ""),
        ("Assurance: at its usual variation it will consistently miss the target", "#e46c0a", "F"),
    ]


def test_special_causes_say_high_or_low():
    # latest 9 above the mean 5: high; latest 1 below it: low
    assert parsed(spc_icons(chart([5, 9], 5, "concern"))) == [
        ("Special cause concern: the latest month is unusually high", "#e46c0a", "H")]
    assert parsed(spc_icons(chart([5, 1], 5, "improvement", "pass"))) == [
        ("Special cause improvement: the latest month is unusually low", "#00b0f0", "L"),
        ("Assurance: at its usual variation it will consistently meet the target", "#00b0f0", "P")]
    # on the mean: the side of its move from the month before (6 -> 5 is down)
    assert parsed(spc_icons(chart([6, 5], 5, "neither", "hit_and_miss"))) == [
        ("Special cause variation: the latest month is unusually low, neither better nor worse", "#490092", "L"),
        ("Assurance: at its usual variation it will sometimes meet and sometimes miss the target", "#a6a6a6", "?")]
    assert spc_icons(None) == ""


def test_html_column_and_legend():
    card = sample_scorecard()
    first = card.sections[0]
    charted = replace(first.rows[1], spc=chart([5, 9], 5, "concern", "fail"))
    card = replace(card, sections=(replace(first, rows=(first.rows[0], charted, *first.rows[2:])), *card.sections[1:]))
    tree = HtmlTree(render_html(card))
    row = tree.one("tr#indicator-" + charted.id)
    cell = next(td for td in row.iter() if td.get("data-column") == "spc")
    assert [t.text for t in cell.iter() if t.tag.endswith("title")] == [
        "Special cause concern: the latest month is unusually high",
        "Assurance: at its usual variation it will consistently miss the target"]
    legend = " ".join(tree.texts(".legend p"))
    assert "Green meets the target" in legend and "Amber misses it by no more than 5% of the target;" in legend
    assert "Red misses it by more." in legend
    assert [t.text for t in tree.all(".legend-spc svg title")] == [
        "common cause: no significant change", "special cause improvement (H high, L low)", "special cause concern",
        "special cause, neither better nor worse",
        "Assurance: at its usual variation it will consistently meet the target",
        "Assurance: at its usual variation it will consistently miss the target",
        "Assurance: at its usual variation it will sometimes meet and sometimes miss the target"]
