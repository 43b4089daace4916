"""At a glance: the counts and the attention list, from rows written out here."""

from types import SimpleNamespace

from csc_scorecard.scorecard.glance import summarise


def row(number, direction=None, polarity="high", rag=None, variation=None, assurance=None, status=None):
    return SimpleNamespace(
        number=number, id=f"row{number}", label=f"Indicator {number}", direction=direction, polarity=polarity, rag=rag,
        spc=None if variation is None else {"variation": variation, "assurance": assurance},
        projection=None if status is None else {"status": status},
    )


ROWS = [
    row(1, "up", "high"),  # improved
    row(2, "up", "low", rag="red", status="away"),  # worsened; red and moving away
    row(3, "down", "neutral", variation="neither"),  # neither: neutral polarity
    row(4, "same", "high", rag="red", status="towards", variation="concern"),  # concern
    row(5, "down", "high", variation="improvement", assurance="fail", rag="red", status="towards"),  # worsened; fails
    row(6, None, "low", variation="common_cause"),  # a publication row without direction
    row(7, "down", "low", rag="red", status="away", variation="concern", assurance="fail"),  # improved; all three
]


def test_counts():
    summary = summarise(ROWS)
    assert (summary.rows, summary.improved, summary.worsened, summary.red) == (7, 2, 2, 4)
    assert (summary.special_cause_concern, summary.special_cause_improvement) == (2, 1)
    assert summary.counts_line == (
        "Of 7 indicators, 2 improved and 2 worsened; 4 are red; 2 show special cause concern and 1 special cause improvement."
    )


def test_attention_first_by_reason_then_number_one_line_each():
    attention = summarise(ROWS).attention
    assert [a.number for a in attention] == [4, 7, 2, 5]
    assert [a.line for a in attention] == [
        "4. Indicator 4: special cause concern.",
        "7. Indicator 7: special cause concern; red and moving away from the target; will not meet the target at its usual variation.",
        "2. Indicator 2: red and moving away from the target.",
        "5. Indicator 5: will not meet the target at its usual variation.",
    ]


def test_json_shape():
    data = summarise(ROWS[:1]).to_json()
    assert data == {"rows": 1, "improved": 1, "worsened": 0, "red": 0, "special_cause_concern": 0,
                    "special_cause_improvement": 0, "attention": []}
