"""The indicator page's breakdown tables (a row's drivers) and XmR chart, and the children behind
a category: analysts get links, viewers the tables without them.

The store holds one extract as at 31 Dec 2023 (period from 1 Jan 2022) with four referrals,
built by the real builder:
  C1  2 May 2023  Team A   (Jan - Jun 2023: the comparison of a rolling row)
  C3 10 Aug 2023  Team A   (Jul - Dec 2023: the current period)
  C4  1 Sep 2023  Team B
  C2  3 Nov 2023  Team B
Team A 1 -> 1 (change 0, share 0%), Team B 0 -> 2 (change +2, share 100%): the figure 1 -> 3.
"""

import re
from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.audit import read
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
INDICATOR = "/indicator/referrals_rate?as_at=2023-12-31"


@pytest.fixture
def four_referrals(store, tmp_path):
    rows = [
        referral("C1", date(2023, 5, 2), team="Team A"),
        referral("C2", date(2023, 11, 3), team="Team B"),
        referral("C3", date(2023, 8, 10), team="Team A"),
        referral("C4", date(2023, 9, 1), team="Team B"),
    ]
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, *rows]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2022, 1, 1)).status == "loaded"


def _team_table(page: str) -> str:
    return re.search(r"<caption>Allocated team</caption>.*?</table>", page, re.S).group(0)


def _cells(table: str) -> list[list[str]]:
    """Each body row's header and cells as text (links reduced to their text)."""
    body = table.split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_the_viewer_sees_the_tables_without_links(as_role, four_referrals):
    page = as_role("viewer").client.get(INDICATOR)
    assert page.status_code == 200
    table = _team_table(page.text)
    assert "Jan 2023 to Jun 2023" in table and "Jul 2023 to Dec 2023" in table
    # category, comparison, current, change, share (a rate: no denominators)
    assert _cells(table) == [["Team A", "1", "1", "+0", "0%"], ["Team B", "0", "2", "+2", "100%"]]
    assert "/category?" not in page.text
    assert ("the shares of one breakdown add up to 100%, and a share above 100% means other categories moved the other way"
            in " ".join(page.text.split()))
    # the source dimension too: every referral from the police
    assert _cells(re.search(r"<caption>Referral source</caption>.*?</table>", page.text, re.S).group(0)) == [
        ["Police", "1", "3", "+2", "100%"]
    ]


def test_the_analyst_gets_each_category_one_click_from_its_children(as_role, store, four_referrals):
    analyst = as_role("analyst")
    page = analyst.client.get(INDICATOR).text
    links = re.findall(r'href="(/drill/referrals_rate/category\?[^"]+)"', _team_table(page))
    assert len(links) == 4  # two teams, two periods
    team_b_now = next(link for link in links if "Team+B" in link and "period=current" in link).replace("&amp;", "&")
    listed = analyst.client.get(team_b_now)
    assert listed.status_code == 200
    assert re.findall(r"<td>(C\d)</td>", listed.text) == ["C2", "C4"]
    team_a_before = next(link for link in links if "Team+A" in link and "period=comparison" in link).replace("&amp;", "&")
    assert re.findall(r"<td>(C\d)</td>", analyst.client.get(team_a_before).text) == ["C1"]
    # audited, naming the figure but not the children
    viewed = read(store, action="drill_view")  # newest first
    assert [e.target for e in viewed] == [
        "343 2023-12-31 referrals_rate comparison allocated_team",
        "343 2023-12-31 referrals_rate current allocated_team",
    ]
    assert all("C2" not in (e.detail or "") for e in viewed)


def test_the_viewer_cannot_open_a_categorys_children(as_role, four_referrals):
    url = "/drill/referrals_rate/category?as_at=2023-12-31&period=current&dimension=allocated_team&category=Team+B"
    assert as_role("viewer").client.get(url).status_code == 403


def test_an_unknown_category_or_period_is_no_such_figure(as_role, four_referrals):
    analyst = as_role("analyst")
    base = "/drill/referrals_rate/category?as_at=2023-12-31&dimension=allocated_team"
    assert analyst.client.get(f"{base}&period=current&category=Team+Z").status_code == 404
    assert analyst.client.get(f"{base}&period=later&category=Team+B").status_code == 404


def test_the_xmr_chart_sits_beside_the_trend(as_role, four_referrals):
    page = as_role("viewer").client.get(INDICATOR).text
    charts = page.split('<div class="charts">')[1]
    assert charts.index('aria-label="Line chart of') < charts.index('<figure class="xmr-chart" id="xmr">')
    # 24 monthly figures from January 2022 (0 referrals in most months)
    assert 'aria-label="XmR chart of Referrals received' in charts
    assert "one month&#x27;s figure at each of 24 month ends" in charts
