"""Reference values for :mod:`sonla_forecast.growth`.

Two kinds of expected numbers:

1. The ratio columns ("So sánh", %) of resolution 420/NQ-HĐND of the Sơn La People's Council,
   2024-12-05, Phụ lục 01, transcribed in ``tests/reference/growth_cases.csv``. The resolution
   prints each ratio rounded to 1 or 2 decimals, so we compare at the printed number of
   decimals: ``round(x, d) == published``. No float tolerance is needed beyond that rounding:
   none of the ratios lies within 1e-6 of a rounding boundary (checked below).
2. Cases worked by hand, with the arithmetic in the comments. Those compare with
   ``pytest.approx(rel=1e-12)``: the hand value is exact (a rational number or a stated
   decimal expansion) and the library computes it in 1-3 float operations (~1e-16 each).
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

import pytest

from sonla_forecast.growth import (
    annual_rate,
    escap_anticipated_progress,
    escap_verdict,
    eurostat_ratio,
    eurostat_verdict,
    feasibility_ratio,
    historical_annual_rate,
    historical_change_per_year,
    ratio_to_previous,
    relative_change,
    required_change,
    required_change_per_year,
    unsd_progress_ratio,
    unsd_verdict,
)

CASES_FILE = Path(__file__).parent / "reference" / "growth_cases.csv"


def _read_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


CASES = _read_cases()


def decimals(printed: str) -> int:
    """Number of decimals as printed ("106.90" -> 2, "95.5" -> 1)."""
    return -Decimal(printed).as_tuple().exponent  # type: ignore[operator]


def case_id(row: dict[str, str]) -> str:
    return f"{row['indicator_id']}-{row['comparison']}"


def test_reference_table_is_complete() -> None:
    # 9 indicators of Phụ lục 01 carry both ratio columns: 18 printed ratios.
    assert len(CASES) == 18
    assert len({case_id(r) for r in CASES}) == 18


@pytest.mark.parametrize("row", CASES, ids=case_id)
def test_ratio_to_previous_reproduces_the_resolution(row: dict[str, str]) -> None:
    d = decimals(row["published"])
    assert decimals(row["expected"]) == d
    got = ratio_to_previous(float(row["current"]), float(row["previous"]))
    assert round(got, d) == float(row["expected"])
    # The value is not within 1e-6 of a rounding boundary, so rounding cannot flip with
    # float noise (ours ~1e-14) and the comparison at d decimals is meaningful.
    assert abs(got * 10**d - math.floor(got * 10**d) - 0.5) > 1e-6


def test_only_the_known_error_differs_from_the_printed_ratio() -> None:
    # Every printed ratio equals ours, except the one known error of the resolution; a
    # transcription slip in the CSV would show up here.
    differing = [case_id(r) for r in CASES if r["published"] != r["expected"]]
    assert differing == ["investment_total-est2024_vs_act2023"]


def test_known_error_total_social_investment_2024() -> None:
    # Row 4, "Tổng vốn đầu tư toàn xã hội": 2024 estimate 21.130 over 2023 actual 20.967
    # billion VND. The resolution prints 101,01; the figures give 100 * 21130 / 20967 =
    # 100.7774...%, i.e. 100.78. (101.01 would need a 2024 estimate of 21,179 or a 2023
    # actual of 20,919.) We report our value and must not reproduce the printed one.
    got = ratio_to_previous(21130, 20967)
    assert round(got, 2) == 100.78
    assert round(got, 2) != 101.01
    assert got == pytest.approx(100.77741212381361, rel=1e-12)


@pytest.mark.parametrize(
    ("current", "previous", "published"),
    [
        # (current, previous, ratio as printed in 420/NQ-HĐND Phụ lục 01)
        (23000, 21130, "108.85"),  # row 4, investment, plan 2025 / est. 2024
        (198, 186.6, "106.1"),  # row 5, exports (million USD), est. 2024 / 2023
        (215, 198, "108.6"),  # row 5, plan 2025 / est. 2024
        (4100, 4291, "95.5"),  # row 6, budget revenue, est. 2024 / 2023
        (4500, 4100, "109.8"),  # row 6, plan 2025 / est. 2024
        (4900, 4560, "107.5"),  # row 8, tourist arrivals (thousand), est. 2024 / 2023
        (5200, 4900, "106.12"),  # row 8, plan 2025 / est. 2024
        (5800, 4750, "122.1"),  # row 8, tourism revenue, est. 2024 / 2023
        (6200, 5800, "106.90"),  # row 8, plan 2025 / est. 2024
        (8.85, 8.7, "101.72"),  # row 13, doctors per 10,000, est. 2024 / 2023
        (9, 8.85, "101.69"),  # row 13, plan 2025 / est. 2024
        (30.8, 30, "102.67"),  # row 14, hospital beds per 10,000, est. 2024 / 2023
        (31, 30.8, "100.65"),  # row 14, plan 2025 / est. 2024
        (74, 65, "113.85"),  # row 16, new-rural communes, est. 2024 / 2023
        (83, 74, "112.16"),  # row 16, plan 2025 / est. 2024
        (48, 47.5, "101.05"),  # row 28, forest cover %, est. 2024 / 2023
        (48.5, 48, "101.04"),  # row 28, plan 2025 / est. 2024
    ],
)
def test_printed_ratios_listed_inline(current: float, previous: float, published: str) -> None:
    # The same figures as the CSV, written out so that the test reads without the file.
    assert round(ratio_to_previous(current, previous), decimals(published)) == float(published)


# --------------------------------------------------------------------------------------------
# Worked by hand
# --------------------------------------------------------------------------------------------


def test_poverty_rate_2025_by_hand() -> None:
    # Row 12, "Tỷ lệ hộ nghèo" (%, lower is better): 2023 actual 14.17, 2024 estimate 11.17,
    # 2025 plan 8.17, one year ahead.
    #   required change   8.17 - 11.17       = -3.00 pp
    #   relative change   -3.00 / 11.17      = -0.268576... = -26.86%
    #   past change       11.17 - 14.17      = -3.00 pp in one year -> same pace: ratio 1
    assert round(required_change(11.17, 8.17), 2) == -3.00
    assert required_change_per_year(11.17, 8.17, 1) == pytest.approx(-3.0, rel=1e-12)
    assert relative_change(11.17, 8.17) == pytest.approx(-3.0 / 11.17, rel=1e-12)
    assert round(100 * relative_change(11.17, 8.17), 2) == -26.86
    assert annual_rate(11.17, 8.17, 1) == pytest.approx(-3.0 / 11.17, rel=1e-12)

    past = historical_change_per_year([14.17, 11.17], [2023, 2024])
    assert past == pytest.approx(-3.0, rel=1e-12)
    assert feasibility_ratio(-3.0, past, "lower")[0] == pytest.approx(1.0, rel=1e-12)
    # UNSD: expected progress (-3.00 * 1) over required (-3.00) = 1 -> substantial progress.
    assert unsd_progress_ratio(11.17, 8.17, past, 1) == pytest.approx(1.0, rel=1e-12)
    assert unsd_verdict(unsd_progress_ratio(11.17, 8.17, past, 1)) == "substantial progress"

    # On the growth-rate scale the same -3 pp is a smaller *relative* fall last year
    # (-3 / 14.17 = -21.17%) than the one needed now (-3 / 11.17 = -26.86%):
    #   Eurostat R = (-3/14.17) / (-3/11.17) = 11.17 / 14.17 = 0.78829 -> moderate progress.
    # With h = 1 ESCAP's projection is 11.17 * (1 - 3/14.17) = 8.8052 and
    #   APR = (8.8052 - 11.17) / (8.17 - 11.17) = 11.17 / 14.17 as well -> accelerate.
    achieved = historical_annual_rate([14.17, 11.17], [2023, 2024])
    assert achieved == pytest.approx(-3.0 / 14.17, rel=1e-12)
    r = eurostat_ratio(achieved, annual_rate(11.17, 8.17, 1))
    assert r == pytest.approx(11.17 / 14.17, rel=1e-12)
    assert eurostat_verdict(r) == "moderate progress"
    apr = escap_anticipated_progress(11.17, 8.17, achieved, 1)
    assert apr == pytest.approx(11.17 / 14.17, rel=1e-12)
    assert escap_verdict(apr) == "accelerate"


def test_budget_revenue_2025_by_hand() -> None:
    # Row 6, "Thu ngân sách trên địa bàn": 4,100 (2024 est.) -> 4,500 (2025 plan) billion VND.
    #   400 / 4100 = 4 / 41 = 0.09756097... = 9.756% in one year
    assert annual_rate(4100, 4500, 1) == pytest.approx(4 / 41, rel=1e-12)
    assert round(100 * annual_rate(4100, 4500, 1), 3) == 9.756
    assert required_change(4100, 4500) == 400.0


def test_five_year_cagr_new_rural_communes_by_hand() -> None:
    # Communes meeting the new-rural standard: 49 at end-2020 (actual) and 83 targeted for
    # 2025 by the 15th provincial Party Congress (Sept 2020): h = 5 years.
    #   ratio      83 / 49                 = 1.6938776
    #   ln ratio   ln 1.6938776            = 0.5270203
    #   per year   0.5270203 / 5           = 0.1054041
    #   factor     exp(0.1054041)          = 1.1111595   -> 11.12% a year
    #   check      1.1111595^2 = 1.2346754, ^4 = 1.5244234, ^5 = 1.6938776; x 49 = 83.0
    #   linear     (83 - 49) / 5           = 6.8 communes a year
    r = annual_rate(49, 83, 5)
    assert r == pytest.approx(0.1111595, abs=5e-8)  # 7 decimals worked by hand
    assert round(100 * r, 2) == 11.12
    assert 49 * (1 + r) ** 5 == pytest.approx(83, rel=1e-12)
    assert required_change_per_year(49, 83, 5) == pytest.approx(6.8, rel=1e-12)
    assert historical_annual_rate([49, 83], [2020, 2025]) == pytest.approx(r, rel=1e-12)


def test_doubling_in_five_years_by_hand() -> None:
    # Doubling in 5 years: 2^(1/5) = 1.148698355 (fifth root of 2), i.e. 14.87% a year;
    # less than 100% / 5 = 20% a year because growth compounds.
    assert annual_rate(100, 200, 5) == pytest.approx(0.148698355, abs=5e-10)
    assert annual_rate(100, 200, 5) < relative_change(100, 200) / 5


def test_new_rural_communes_2025_one_year_by_hand() -> None:
    # Row 16: 65 (2023) -> 74 (2024 est.): +9 communes, 74/65 = 1.1384615 (+13.85%);
    # plan 83 for 2025: +9 again, 83/74 = 1.1216216 (+12.16%). Same absolute pace, so the
    # linear feasibility ratio is 1, while on the growth-rate scale the past rate exceeds the
    # required one: Eurostat R = 0.13846 / 0.12162 = (9/65) / (9/74) = 74/65 = 1.1385.
    past = historical_change_per_year([65, 74], [2023, 2024])
    need = required_change_per_year(74, 83, 1)
    assert past == 9.0 and need == 9.0
    assert feasibility_ratio(need, past, "higher") == (1.0, "")
    r = eurostat_ratio(historical_annual_rate([65, 74], [2023, 2024]), annual_rate(74, 83, 1))
    assert r == pytest.approx(74 / 65, rel=1e-12)
    assert eurostat_verdict(r) == "on track"
