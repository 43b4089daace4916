"""A tiny hand-made 2023 release (every table the importer needs) for fast importer tests.

Areas: England, North West (E12000002), London (E12000007), Inner London (E13000001, a
"Regional" row the importer must drop), Sefton 343 and Wirral 344 (North West) and Camden 202,
whose LA rows carry Inner London's E13 code. Figures are for 2022-23 (time_period 2023) plus
one 2019-20 row that falls outside the kept years.
"""

import csv
from pathlib import Path

import polars as pl

STANDARD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name"]
AREAS = {
    "england": ("National", "", "", "", "", ""),
    "nw": ("Regional", "E12000002", "North West", "", "", ""),
    "london": ("Regional", "E12000007", "London", "", "", ""),
    "inner": ("Regional", "E13000001", "Inner London", "", "", ""),
    "343": ("Local authority", "E12000002", "North West", "343", "E08000014", "Sefton"),
    "344": ("Local authority", "E12000002", "North West", "344", "E08000015", "Wirral"),
    "202": ("Local authority", "E13000001", "Inner London", "202", "E09000007", "Camden"),
}
ORDER = ["england", "nw", "london", "inner", "343", "344", "202"]


def ees_csv(path: Path, columns: list[str], *blocks: tuple[str, dict[str, list]], cla_order: bool = False) -> Path:
    """An EES CSV: standard columns, then `columns`; each block is (time_period, area key -> cells)."""
    la_columns = ["old_la_code", "la_name", "new_la_code"] if cla_order else ["old_la_code", "new_la_code", "la_name"]
    lines = [STANDARD + la_columns + columns]
    for year, values in blocks:
        for key in [k for k in ORDER if k in values]:
            level, region_code, region_name, old, new, name = AREAS[key]
            codes = {"old_la_code": old, "new_la_code": new, "la_name": name}
            cells = [year, "Reporting year", level, "E92000001", "England", region_code, region_name]
            cells += [codes[c] for c in la_columns] + [str(v) for v in values[key]]
            lines.append(cells)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)
    return path


def each(label: list[str], *values) -> dict[str, list]:
    """Area key -> the label cells then that area's value(s), in ORDER."""
    return {key: label + (list(v) if isinstance(v, tuple) else [v]) for key, v in zip(ORDER, values)}


def write_tiny_release(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [
        ees_csv(folder / "c1_children_in_need_referrals_and_rereferrals_2013_to_2023.csv",
                ["Category", "Referrals", "Re_referrals", "Referrals_rate", "Re_referrals_percent"],
                ("2023", each(["Referrals and Re-referrals", "1", "1"], ("500.0", "20.0"), ("600.0", "21.0"), ("400.0", "19.0"),
                              ("410.0", "18.0"), ("800.5", "26.5"), ("600.0", "24.0"), ("c", "22.0"))),
                ("2020", {"343": ["Referrals and Re-referrals", "1", "1", "999.9", "99.9"]})),
        ees_csv(folder / "b1_children_in_need_2013_to_2023.csv",
                ["category", "Anypoint_episodes", "At31_episodes", "Awaiting_assessment", "At31_episodes_rate"],
                ("2023", each(["Children in Need", "1", "1", "0"], "342.7", "386.8", "369.8", "380.0", "516.8", "450.0", "x"))),
        # 2025 layout (no rate columns): Section47, Section47_child, ICPC, duration 0-10 and 11-15 days
        ees_csv(folder / "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
                ["category", "Section47", "Section47_child", "ICPC", "Duration_0-10_days", "Duration_11-15_days"],
                ("2023", each(["Section 47s and Initial Child Protection Conferences"],
                              ("20000", "1", "6000", "1000", "4000"), ("3000", "1", "1000", "100", "800"),
                              ("2000", "1", "500", "100", "300"), ("900", "1", "250", "50", "150"),
                              ("200", "1", "50", "10", "35"), ("150", "1", "40", "c", "30"), ("c", "1", "0", "0", "0")))),
        ees_csv(folder / "d3_cpps_subsequent_plan_2013_to_2023.csv", ["category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"],
                ("2023", each(["Child Protection Plans which are a second or subsequent plan", "1", "1"],
                              "23.6", "23.8", "19.8", "20.0", "18", "25.0", "z"))),
        ees_csv(folder / "d5_cpps_at31march_by_duration_2013_to_2023.csv", ["category", "3_months_or_less", "2_years_or_more", "CPP_At31"],
                ("2023", each(["Child Protection Plans by length of time", "1", "1"], "50780", "7680", "7580", "2560", "332", "300", "100"))),
        # ONS mid-2021 (the 2023 release's population for 2022-23)
        ees_csv(folder / "ons_mid-year_population_estimates_2012_to_2024.csv", ["age_group", "population_estimate"],
                ("2021", each(["Children aged 0 to 17 years"], "1000000", "100000", "80000", "30000", "5000", "4000", "3000"))),
        ees_csv(folder / "cla_number_and_rate_per_10k_children.csv", ["population_count", "population_estimate", "number", "rate_per_10000"],
                ("2023", each(["Children looked after at 31 March each year", "1", "1"], "71", "96", "51", "60", "114", "90", "50")),
                cla_order=True),
        ees_csv(folder / "la_children_who_were_missing_or_away_from_placement_without_authorisation.csv", ["CLA_group", "number"],
                ("2023", each(["Percentage of children who had a missing incident during the year"], "11", "12", "14", "15", "10", "12", "c")),
                ("2023", each(["Percentage of children who were away from placement without authorisation during the year"],
                              "2", "2", "7", "8", "1", "0", "k")),
                cla_order=True),
        ees_csv(folder / "la_conviction_health_outcome_cla.csv", ["cla_group", "characteristic", "number", "percentage"],
                ("2023", each(["Health assessments: Children looked after all ages", "Had their teeth checked by a dentist", "1"],
                              "76", "77", "76", "75", "87", "70", "80")),
                ("2023", each(["Health assessments: Children looked after all ages", "Had their annual health assessment", "1"],
                              "89", "92", "91", "90", "98", "88", "85")),
                cla_order=True),
        ees_csv(folder / "la_children_who_ceased_during_the_year.csv", ["cla_group", "characteristic", "number", "percentage"],
                ("2023", each(["Reason episode ceased", "Adopted", "1"], "9", "9", "4", "5", "c", "10", "3")),
                ("2023", each(["Reason episode ceased", "Special guardianship orders", "1"], "12", "15", "7", "6", "21", "16", "17")),
                cla_order=True),
        ees_csv(folder / "la_care_leavers_accommodation_suitability.csv", ["age", "accommodation_suitability", "number", "percentage"],
                ("2023", each(["19 to 21 years", "Accommodation considered suitable", "1"], "88", "90", "88", "87", "91", "88", "89")),
                cla_order=True),
        ees_csv(folder / "la_care_leavers_activity.csv", ["age", "activity", "number", "percentage"],
                ("2023", each(["Aged 19 to 21", "Total in education, employment or training", "1"], "56", "54", "60", "61", "47", "53", "58")),
                cla_order=True),
    ]
    lait_rows = []
    for short, values in (("Continue_Assess_Comp", ["82.5", "79.099999999999994", "85.4", "84.7", "74.400000000000006", "80", "-"]),
                          ("CPPlans2yrs", ["3.9", "4.5", "4.2", "4.2", "3.9", "0", "c"])):
        for number, value in zip([970.0, 981.0, 986.0, 987.0, 343.0, 344.0, 202.0], values):
            lait_rows.append({"Short Desc": short, "Data item": None, "Years": "2023", "LA and Regions": "x",
                              "Values": value, "LA Number": number, "Region": "NA"})
    lait = folder / "bds_long_0.parquet"
    pl.DataFrame(lait_rows).write_parquet(lait)
    files.append(lait)
    sn_header = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [c for i in range(1, 11) for c in (f"SN{i}", "SNP")]
    sn_rows = [["343", "Sefton", "343", "5", "North West", "344", "Very Close", "202", "Close"],
               ["344", "Wirral", "344", "5", "North West", "343", "Very Close"],
               ["202", "Camden", "202", "3", "London (Inner)", "343", "Close", "344", "Close"]]
    sn = folder / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    sn.write_text("\n".join(",".join(r) for r in [sn_header, *sn_rows]) + "\n", encoding="utf-8")
    files.append(sn)
    return files
