"""Lists 1 and 2 are measured now, so a fall of their rows by more than half against the
extract before is refused like Lists 3-5's, compared per day of each extract's period."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from csc_scorecard.store.extracts import _refusal

# The extract before: 1,000 contacts over 1 Jun - 30 Nov 2023 (183 days).
PREVIOUS = SimpleNamespace(as_at=date(2023, 11, 30), period_start=date(2023, 6, 1))
# This workbook: 1 Jul - 31 Dec 2023 (184 days): 1,000 x 184/183 = 1,005.46 contacts expected,
# so anything below half of that, 502.73, is a fall by more than half.
PERIOD = (date(2023, 12, 31), date(2023, 7, 1))


def refusal(counts: dict[str, int], before: dict[str, int]):
    return _refusal("annex_a.xlsx", counts, PERIOD, before, PREVIOUS, False, False, False)


def test_contacts_falling_by_more_than_half_per_day_are_refused():
    message, needs = refusal({"contacts": 502}, {"contacts": 1000})
    assert needs == "accept_drop"
    assert ("List 1 (Contacts): 1,000 rows in the extract at 2023-11-30, 502 in this workbook "
            "(periods from 2023-06-01 and 2023-07-01)") in message
    assert refusal({"contacts": 503}, {"contacts": 1000}) is None


def test_a_longer_period_expects_more_contacts():
    # 12 months (1 Jan - 31 Dec 2023, 365 days): 1,000 x 365/183 = 1,994.5 expected; 990 is
    # below half (997.3) although it is 99% of the rows before
    longer = _refusal("annex_a.xlsx", {"contacts": 990}, (date(2023, 12, 31), date(2023, 1, 1)),
                      {"contacts": 1000}, PREVIOUS, False, False, False)
    assert longer is not None and "List 1 (Contacts)" in longer[0]


def test_early_help_falling_to_none_is_refused():
    message, _ = refusal({"early_help": 0}, {"early_help": 12})
    assert "List 2 (Early help): 12 rows in the extract at 2023-11-30, 0 in this workbook" in message
