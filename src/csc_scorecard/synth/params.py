"""The synthetic LA's rates and distributions, in one place so they can be read and tuned.

Volumes at scale 1 are those of the reference LA (about 54,000 children aged 0-17): per year
about 4,400 referrals (about a quarter within 12 months of a previous one), 4,400 assessments,
1,900 section 47 enquiries and 500 initial conferences; at any time about 2,700 children in
need, 330 on a child protection plan and 610 looked after; about 250 care leavers aged 17-21.
The rates below were tuned by running the generator (tests/synth/test_synth_volumes.py checks
the volumes); shares follow the CIN census and SSDA903 national pictures where the reference
gives nothing.
Probabilities are plain dicts {code: weight}; weights need not sum to 1.
"""

from __future__ import annotations

from datetime import date

# --- history ------------------------------------------------------------------------------
SIMULATION_YEARS_BEFORE_START = 22  # a child in care from birth leaves at 18 and is a care leaver to 21
CONTEXT_YEARS_BEFORE_START = 2  # flows kept before `start`: the 12-month counts of early extracts

# --- flows (per year at scale 1) ---------------------------------------------------------
NEW_CHILD_REFERRALS_PER_YEAR = 2680.0  # first referrals; re-referrals come on top
EXTRA_CONTACTS_PER_REFERRAL = 1.9  # contacts that did not become a referral
CONTACTS_ABOUT_KNOWN_CHILDREN = 0.35  # share of those contacts about a child already in the data
EARLY_HELP_ASSESSMENTS_PER_YEAR = 1300.0
EARLY_HELP_FROM_STEP_DOWN = 0.25  # share of early help assessments after a case closed RC9
REASSESSMENTS_PER_OPEN_CASE_YEAR = 0.28  # continuous assessments of open CIN/CP/CLA cases
EXTRA_S47_PER_OPEN_CASE_YEAR = 0.10  # enquiries on cases already open (no new conference)
UNREGISTERED_ADOPTER_FAMILIES_PER_MATCH = 1.4  # enquiring families that are never matched

# --- calendar weights for flows -----------------------------------------------------------
WEEKDAY_WEIGHTS = (1.15, 1.12, 1.1, 1.1, 1.2, 0.18, 0.15)  # Monday .. Sunday
MONTH_WEIGHTS = (1.0, 1.05, 1.08, 0.95, 1.02, 1.05, 1.02, 0.78, 0.98, 1.08, 1.1, 0.9)


# demand multiplier (knots, linear between, flat outside): flat, rising to a peak in November
# 2022 and falling through 2023, as the reference LA's referrals did
REFERRAL_TREND = (
    (date(2021, 7, 1), 1.0),
    (date(2022, 11, 15), 1.1),
    (date(2023, 12, 31), 0.86),
    (date(2025, 6, 30), 0.95),
)
# multiplier of the typical assessment length: the service speeds up in the second half of 2023
ASSESSMENT_SPEED = ((date(2023, 6, 30), 1.0), (date(2023, 12, 31), 0.8))


# --- children -----------------------------------------------------------------------------
UNBORN_SHARE = 0.03  # referred before birth
AGE_AT_FIRST_REFERRAL = {  # completed years -> weight
    0: 10, 1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5,
    10: 5, 11: 5.5, 12: 6, 13: 6.5, 14: 7, 15: 6.5, 16: 5, 17: 3,
}
GENDER = {"Male": 0.505, "Female": 0.489, "Not stated": 0.005, "Neither": 0.001}
ETHNICITY = {
    "WBRI": 86.0, "WIRI": 0.5, "WIRT": 0.2, "WOTH": 2.2, "WROM": 0.2, "MWBC": 0.8, "MWBA": 0.6,
    "MWAS": 0.7, "MOTH": 1.3, "AIND": 0.3, "APKN": 0.3, "ABAN": 0.2, "AOTH": 0.5, "BCRB": 0.2,
    "BAFR": 0.9, "BOTH": 0.3, "CHNE": 0.3, "OOTH": 1.0, "REFU": 0.4, "NOBT": 2.8, "UNKNOWN": 0.3,
}
UASC_ETHNICITY = {"OOTH": 35, "BAFR": 25, "AOTH": 25, "WOTH": 10, "BOTH": 5}
DISABILITY = {"Yes": 0.07, "No": 0.9, "Unknown": 0.03}
UASC_SHARE_OF_NEW_TEENS = 0.02  # new children aged 15-17 who arrive unaccompanied
PLANS_ELSEWHERE = {0: 92, 1: 6, 2: 2}  # child protection plans a new child had before (another LA)

# --- referrals and assessments ------------------------------------------------------------
SOURCE = {
    "1A": 5, "1B": 0.5, "1C": 1, "1D": 2, "2A": 19, "2B": 1, "3A": 2, "3B": 2, "3C": 0.5, "3D": 2,
    "3E": 4, "3F": 3.5, "4": 1.5, "5A": 6, "5B": 3, "5C": 3, "5D": 2, "6": 29, "7": 2.5, "8": 3,
    "9": 4, "10": 1.5,
}
REFERRAL_NFA_SHARE = 0.10
ASSESSMENT_MEDIAN_WORKING_DAYS = 34.0
ASSESSMENT_SPREAD = 0.55  # sigma of the log of the working days
ASSESSMENT_ERROR_SHARE = 0.001  # authorised before it started: a deliberate data error
CHILD_SEEN = {"Yes": 0.95, "No": 0.04, "Unknown": 0.01}

# paths of a case (a referral that is not NFA): A closed after assessment, B child in need
# plan, C child protection (s47 then conference), D looked after
PATH_BASE = {"A": 0.48, "B": 0.325, "C": 0.12, "D": 0.037}
PATH_AGE_MULTIPLIERS = {  # age band at referral -> multipliers for C and D
    "unborn": (1.6, 3.2), "0": (1.6, 3.2), "1-4": (1.2, 1.1), "5-9": (1.0, 0.65),
    "10-15": (0.9, 1.0), "16-17": (0.5, 1.0),
}
PATH_AFTER_ESCALATION = 2.5  # C and D multiplier for a child who was on a plan or in care before
S47_SHARE_BY_PATH = {"A": 0.25, "B": 0.45, "C": 1.0, "D": 0.55}
ICPC_WITHIN_15_SHARE = 0.9
ICPC_ERROR_SHARE = 0.004  # conference dated before its s47 started: a deliberate data error
ICPC_PLAN_SHARE = 0.9
NEED_BY_PATH = {
    "A": {"N1": 30, "N2": 3, "N3": 6, "N4": 20, "N5": 20, "N6": 6, "N7": 1, "N8": 3, "N9": 8, "N0": 3},
    "B": {"N1": 40, "N2": 6, "N3": 7, "N4": 18, "N5": 20, "N6": 5, "N7": 1, "N8": 3},
    "C": {"N1": 80, "N3": 2, "N4": 6, "N5": 12},
    "D": {"N1": 70, "N3": 3, "N4": 8, "N5": 10, "N6": 3, "N8": 6},
}
DISABLED_NEED_N2_SHARE = 0.6

# --- durations (days unless stated) -------------------------------------------------------
CIN_PLAN_DAYS = ((0.7, 180, 0.6), (0.3, 460, 0.5))  # mixture of (share, median, log sigma)
CP_PLAN_MEDIAN_DAYS = 225
CP_PLAN_SPREAD = 0.65
CP_TO_CARE_SHARE = 0.10  # plans that end because the child becomes looked after
CP_LATEST_CATEGORY_CHANGES = 0.12
CP_EPO_SHARE = 0.04
ABUSE_CATEGORY = {"NEG": 45, "EMO": 35, "PHY": 8, "SAB": 4, "MUL": 8}
STEP_DOWN_AFTER_PLAN = 0.6  # share still open as CIN after a plan ends

# --- re-referrals -------------------------------------------------------------------------
RE_REFERRAL_SHARE = {"NFA": 0.52, "A": 0.5, "B": 0.33, "C": 0.35, "home": 0.4, "custody": 0.1}
RE_REFERRAL_SOON = 0.8  # share of re-referrals in the months after closure (else 1-4 years)
RE_REFERRAL_SOON_MEAN_DAYS = 110

# --- looked after -------------------------------------------------------------------------
CARE_EXIT_BY_AGE = {  # age band at entry -> exit route weights
    "0": {"home": 20, "sgo": 40, "adopt": 16, "long": 16, "other": 8},
    "1-4": {"home": 28, "sgo": 37, "adopt": 7, "long": 20, "other": 8},
    "5-9": {"home": 32, "sgo": 34, "long": 26, "other": 8},
    "10-13": {"home": 66, "sgo": 10, "long": 14, "early16": 2, "other": 8},
    "14-15": {"home": 68, "sgo": 4, "long": 12, "early16": 8, "other": 8},
    "16-17": {"home": 61, "sgo": 2, "long": 24, "early16": 5, "other": 8},
    "uasc": {"long": 85, "uasc_age": 8, "other": 7},
}
HOME_REASON = {"E4A": 60, "E4B": 28, "E13": 12}
SGO_REASON = {"E45": 28, "E46": 5, "E47": 42, "E48": 10, "E41": 15}
ADOPTION_REASON = {"E11": 55, "E12": 45}
AGE_18_REASON = {"E17": 20, "E5": 45, "E6": 8, "E8": 17, "E7": 5, "E13": 5}
EARLY_16_REASON = {"E5": 30, "E6": 20, "E13": 25, "E4B": 15, "E8": 10}
OTHER_REASON = {"E3": 30, "E9": 15, "E14": 10, "E8": 35, "E16": 5, "E2": 5}
HOME_MEDIAN_DAYS, HOME_SPREAD = 150, 0.9
SGO_MEDIAN_DAYS, SGO_SPREAD = 600, 0.35
OTHER_MEDIAN_DAYS, OTHER_SPREAD = 150, 1.0
ADOPTION_REVERSED_SHARE = 0.12
ADOPTION_FFA_SHARE = 0.15
REVERSAL_REASON = {"RD1": 25, "RD2": 15, "RD3": 45, "RD4": 15}
EMERGENCY_ENTRY_SHARE = 0.45  # looked after within a week of the referral
INITIAL_LEGAL_STATUS = {
    "emergency": {"L1": 25, "L2": 10, "C1": 30, "V2": 35},
    "planned": {"C1": 60, "V2": 40},
}
REMAND_SHARE_OF_TEEN_OTHER = 0.5  # 'other' exits of children 12+ that were remands (J1, E14)
SHORT_BREAK_SHARE_OF_DISABLED_CIN = 0.12
PERMANENCE_BY_ROUTE = {
    "home": "Return to family", "sgo": "SGO/CAO", "adopt": "Adoption", "long": "Long-term fostering",
    "early16": "Supported living", "other": "Other", "uasc_age": "Other",
}
MISSING_PRONE_SHARE = {"under 5": 0.0, "5-10": 0.03, "11+": 0.32}
MISSING_PER_YEAR_PRONE = 6.0
ABSENT_PRONE_SHARE_11_PLUS = 0.05
ABSENT_PER_YEAR_PRONE = 3.0
RETURN_INTERVIEW_OFFERED = {"Yes": 0.88, "No": 0.1, "Unknown": 0.02}
RETURN_INTERVIEW_ACCEPTED = {"Yes": 0.45, "No": 0.55}
PLACEMENT_MOVES_PER_YEAR = {"0-10": 0.3, "11-15": 0.7, "16-17": 0.6}
PLACEMENT_TYPE_BY_AGE = {
    "0-10": {"U6": 48, "U4": 18, "U3": 12, "U1": 10, "P1": 5, "K2": 2, "R3": 2, "Z1": 1, "U5": 2},
    "11-15": {"U6": 38, "U4": 15, "U3": 8, "U1": 6, "K2": 22, "P1": 4, "K1": 1, "S1": 2, "R5": 1, "Z1": 3},
    "16-17": {"U6": 25, "U4": 12, "U3": 5, "U1": 4, "K2": 16, "H5": 30, "P2": 3, "P1": 2, "Z1": 3},
}
PROVIDER_BY_TYPE = {
    "U1": {"PR1": 1}, "U3": {"PR1": 1}, "U2": {"PR1": 1},
    "U4": {"PR1": 60, "PR4": 35, "PR5": 5}, "U5": {"PR1": 70, "PR5": 30}, "U6": {"PR1": 60, "PR4": 35, "PR5": 5},
    "K2": {"PR4": 80, "PR1": 15, "PR5": 5}, "H5": {"PR4": 70, "PR5": 20, "PR1": 10},
    "P1": {"PR0": 1}, "P2": {"PR1": 60, "PR4": 40}, "K1": {"PR2": 60, "PR3": 40},
    "R1": {"PR3": 1}, "R3": {"PR4": 60, "PR3": 40}, "R5": {"PR3": 1}, "S1": {"PR4": 1},
    "Z1": {"PR4": 50, "PR1": 50},
    "A3": {"PR1": 80, "PR5": 20}, "A4": {"PR1": 70, "PR5": 30}, "A5": {"PR1": 80, "PR5": 20},
    "A6": {"PR1": 60, "PR2": 10, "PR5": 30},
}
HOMES_WITH_URN = {"K1", "K2", "R1", "S1"}
OUT_OF_AREA_SHARE = {"K1": 0.9, "K2": 0.7, "S1": 0.8, "R5": 0.9, "H5": 0.35}
OUT_OF_AREA_DEFAULT = 0.3
CONFIDENTIAL_PLACEMENT_SHARE = 0.02
OTHER_PLACEMENT_AREAS = {
    "Liverpool": 30, "Wirral": 14, "Knowsley": 12, "Lancashire": 12, "St. Helens": 6, "Wigan": 5,
    "Warrington": 4, "Cheshire West and Chester": 4, "Manchester": 3, "Salford": 2, "Blackpool": 2,
    "Bolton": 2, "Staffordshire": 1, "WAL": 1.5, "SCO": 0.5, "NIR": 0.2,
}
HEALTH_ON_TIME_SHARE = 0.55  # children whose checks come at most 12 (under 5: 6) months apart
DENTAL_NEVER_SHARE = 0.22
DENTAL_ON_TIME_SHARE = 0.5

# --- care leavers -------------------------------------------------------------------------
CARE_LEAVER_DEATH_SHARE = 0.015
IN_TOUCH = {"Yes": 88, "No": 5, "Refu": 3, "NREQ": 2.5, "Rhom": 1.5}
ACCOMMODATION = {
    "U": 25, "D": 20, "Z": 12, "B": 15, "E": 6, "T": 4, "K": 3, "C": 2, "X": 2, "S": 1.2, "V": 1.2,
    "W": 0.8, "Y": 4, "G": 0.5,
}
UNSUITABLE_SHARE = {"X": 0.9, "S": 1.0, "V": 0.8, "W": 0.9, "K": 0.3, "Y": 0.2, "B": 0.06}
UNSUITABLE_SHARE_DEFAULT = 0.015
ACTIVITY_UNDER_19 = {"F2": 40, "P2": 5, "F4": 5, "F5": 10, "P5": 3, "G4": 8, "G5": 24, "G6": 5}
ACTIVITY_19_PLUS = {"F1": 6, "P1": 1, "F2": 9, "P2": 2, "F4": 4, "P4": 1, "F5": 18, "P5": 8, "F3": 1,
                    "G4": 12, "G5": 30, "G6": 8}
