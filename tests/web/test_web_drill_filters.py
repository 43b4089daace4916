"""The drill-through as people read it (issue 16): plain column names, team and worker, filters
(in or out of the numerator, team, worker, date range), pages of 50, and no link where no
child-level rows exist (manual indicators)."""

import csv
import io
import re
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store import audit
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
URL = "/drill/referrals_rate?as_at=2023-12-31&column=rolling_6m"


def sixty_referrals(store, tmp_path) -> None:
    """An extract covering 2023 with C1..C60 referred in December, three a day from the 1st to the 20th (C1-C3 on the
    1st, ...); odd children in Team A (Worker A), even ones in Team B (Worker B)."""
    rows = []
    for n in range(1, 61):
        team = "A" if n % 2 else "B"
        rows.append(referral(f"C{n}", date(2023, 12, 1 + (n - 1) // 3), team=f"Team {team}")[:-1] + [f"Worker {team}"])
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, *rows]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1)).status == "loaded"  # covered all year


def children(html: str) -> list[str]:
    return re.findall(r"<td>(C\d+)</td>", html)


def test_pages_of_fifty_with_plain_column_names(as_role, store, tmp_path):
    sixty_referrals(store, tmp_path)
    analyst = as_role("analyst")
    first = analyst.client.get(URL).text
    headers = re.findall(r'<th scope="col">([^<]+)</th>', first)
    assert headers == ["Period end", "Child", "In the numerator", "In the denominator", "Extract", "Row in the sheet",
                       "Date of referral", "Referral Source", "Team", "Worker"]
    assert len(children(first)) == 50 and "Page 1 of 2" in first
    assert "<td>yes</td>" in first and "True" not in first
    second = analyst.client.get(URL + "&page=2").text
    assert len(children(second)) == 10
    assert sorted(children(first) + children(second), key=lambda c: int(c[1:])) == [f"C{n}" for n in range(1, 61)]
    # the CSV has every row, whatever page is shown
    rows = list(csv.DictReader(io.StringIO(analyst.client.get(URL + "&format=csv&page=2").text)))
    assert len(rows) == 60


def test_filters_by_team_worker_date_and_numerator(as_role, store, tmp_path):
    sixty_referrals(store, tmp_path)
    analyst = as_role("analyst")
    team_b = analyst.client.get(URL + "&team=Team+B").text
    assert sorted(children(team_b), key=lambda c: int(c[1:])) == [f"C{n}" for n in range(2, 61, 2)]
    assert "30 of 60 rows match." in team_b
    # 1 to 10 December: C1 to C30, of which the even ones are Team B's (Worker B)
    ranged = analyst.client.get(URL + "&worker=Worker+B&date_from=2023-12-01&date_to=2023-12-10").text
    assert sorted(children(ranged), key=lambda c: int(c[1:])) == [f"C{n}" for n in range(2, 31, 2)]
    rows = list(csv.DictReader(io.StringIO(
        analyst.client.get(URL + "&worker=Worker+B&date_from=2023-12-01&date_to=2023-12-10&format=csv").text)))
    assert len(rows) == 15 and {r["Worker"] for r in rows} == {"Worker B"}
    # every referral is in the numerator of the rate: none is out of it
    out = analyst.client.get(URL + "&numerator=out").text
    assert "No row matches these filters." in out and children(out) == []
    assert analyst.client.get(URL + "&date_from=1+Dec").status_code == 400
    details = [e.detail for e in audit.read(store, action="drill_download")]
    assert details == ["15 rows (filtered)"]


def test_no_drill_link_for_a_manual_indicator(as_role, store, tmp_path):
    sixty_referrals(store, tmp_path)
    analyst = as_role("analyst")
    manual = analyst.client.get("/indicator/agency_sw_pct?as_at=2023-12-31").text
    assert "/drill/" not in manual
    flow = analyst.client.get("/indicator/referrals_rate?as_at=2023-12-31").text
    assert "/drill/referrals_rate?as_at=2023-12-31&amp;column=rolling_12m" in flow
