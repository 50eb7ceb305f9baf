"""Multi-year targets: average-annual and cumulative targets over a plan period."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sonla_forecast as sf
from sonla_forecast.assess import simulate_paths
from sonla_forecast.models import get_model
from sonla_forecast.models.base import Panel


def growth_table(target: float, aggregate: str = "mean", direction: str = "higher") -> pd.DataFrame:
    """A growth-rate history 2018-2022 and a 2023-2025 target on it."""
    hist = [6.0, 6.4, 5.8, 6.2, 6.1]
    rows = [("g", 2018 + i, "actual", v, "", "", "") for i, v in enumerate(hist)]
    rows.append(("g5", 2025, "plan", target, aggregate, "g", "2023"))
    df = pd.DataFrame(
        rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of", "start_year"]
    )
    df["unit"] = "%"
    df["scale"] = "rate"
    df["direction"] = direction
    return df


def central_path(df: pd.DataFrame) -> np.ndarray:
    """The model's median of the base indicator 1, 2 and 3 years ahead."""
    obs = df[df["kind"] == "actual"]
    panel = Panel(
        values=obs["value"].to_numpy()[None, :], years=obs["year"].to_numpy(), scale=("rate",)
    )
    fitted = get_model("drift").fit(panel)
    return np.array([fitted.forecast(h).quantiles([0.5])[0, 0] for h in (1, 2, 3)])


def test_a_target_on_the_central_path_has_probability_near_one_half() -> None:
    # On the identity scale the t-predictive is symmetric, so the mean of the median path is
    # the median of the mean: a target there is met half of the time (Monte Carlo error of
    # 4,000 paths: sd 0.008).
    trend = central_path(growth_table(6.0)).mean()
    res = sf.assess(growth_table(round(trend, 6)), target_year=2025, rng=1)
    assert res["g5"].probability == pytest.approx(0.5, abs=0.04)
    # Monte Carlo error of a median of 4,000 draws: about 0.008 x (p90 - p10); allow 5 of them.
    width = res["g5"].outcome_p90 - res["g5"].outcome_p10
    assert res["g5"].outcome_p50 == pytest.approx(trend, abs=0.04 * width)


def test_probability_falls_as_the_average_target_rises() -> None:
    ps = [
        sf.assess(growth_table(t), target_year=2025, rng=1)["g5"].probability
        for t in (4.0, 6.0, 8.0)
    ]
    assert ps[0] > ps[1] > ps[2]


def test_cumulative_target_counts_the_years_already_observed() -> None:
    # Period 2021-2025 with 2021 and 2022 observed (6.2 + 6.1): the median total is the
    # observed part plus the medians of the three years to come (the paths are symmetric).
    df = growth_table(30.0, aggregate="sum")
    df.loc[df["kind"] == "plan", "start_year"] = "2021"
    res = sf.assess(df, target_year=2025, rng=1)["g5"]
    expected = 6.2 + 6.1 + central_path(df).sum()
    # Monte Carlo error as above: 0.04 x (p90 - p10) is five standard errors.
    assert res.outcome_p50 == pytest.approx(
        expected, abs=0.04 * (res.outcome_p90 - res.outcome_p10)
    )
    assert "sum of g over 2021-2025" in res.reason


def test_simulated_paths_keep_the_model_marginals() -> None:
    obs = growth_table(6.0)
    obs = obs[obs["kind"] == "actual"]
    panel = Panel(
        values=obs["value"].to_numpy()[None, :], years=obs["year"].to_numpy(), scale=("rate",)
    )
    fitted = get_model("drift").fit(panel)
    fcs = [fitted.forecast(h) for h in (1, 2, 3)]
    paths = simulate_paths(fcs, 20000, rng=2)
    for h, fc in enumerate(fcs):
        expected = fc.quantiles([0.1, 0.5, 0.9])[0]
        got = np.quantile(paths[0, h], [0.1, 0.5, 0.9])
        np.testing.assert_allclose(got, expected, rtol=0, atol=0.05 * (expected[2] - expected[0]))


def test_paths_of_a_reverting_rate_are_tied_as_an_ar1() -> None:
    # With reversion rho the latent W_h = rho W_(h-1) + e_h ties year 1 to year 2 with
    # correlation rho / sqrt(1 + rho^2), not the random walk's sqrt(1/2); the marginals stay.
    from sonla_forecast.models.base import TForecast

    fcs = [TForecast(loc=np.array([0.0, 0.0]), scale=np.array([1.0, 1.0]),
                     df=np.array([np.inf, np.inf]), codes=np.array([2, 2]),
                     cap=np.array([np.nan, np.nan])) for _ in (1, 2)]
    paths = simulate_paths(fcs, 40000, rng=3, reversion=np.array([0.3, 1.0]))
    corr = [float(np.corrcoef(paths[i, 0], paths[i, 1])[0, 1]) for i in (0, 1)]
    assert corr[0] == pytest.approx(0.3 / np.sqrt(1.09), abs=0.02)
    assert corr[1] == pytest.approx(np.sqrt(0.5), abs=0.02)
    np.testing.assert_allclose(np.quantile(paths[0, 1], [0.1, 0.9]), [-1.2816, 1.2816],
                               atol=0.05)


def test_multiyear_targets_tie_the_years_with_the_models_reversion(monkeypatch) -> None:
    import importlib

    assess_module = importlib.import_module("sonla_forecast.assess")  # sf.assess is the function

    seen = {}
    original = assess_module.simulate_paths

    def spy(*args, **kwargs):
        seen["reversion"] = kwargs.get("reversion")
        return original(*args, **kwargs)

    monkeypatch.setattr(assess_module, "simulate_paths", spy)
    sf.assess(growth_table(6.0), target_year=2025, rng=1)
    rho = get_model("drift").rate_defaults.reversion
    np.testing.assert_array_equal(seen["reversion"], [rho])


def test_sonla_five_year_targets() -> None:
    res = sf.assess(sf.datasets.load_sonla_five_year(), target_year=2025, rng=1).to_frame()
    res = res.set_index("indicator_id")
    grdp = res.loc["grdp_growth_avg_5y"]
    # 2021 is interpolated between 2020 (6.08) and 2022 (8.71): 7.395; with 2022 8.71, 2023
    # 0.75 and 2024 6.3 the growth factors 2021-2024 multiply to 1.25035 (hand-worked), and an
    # average annual rate of 7.5% over five years needs 1.075^5 = 1.43563, so 2025 alone must
    # reach 1.43563 / 1.25035 - 1 = 14.82% (the arithmetic mean of the rates: 37.5 - 23.155 =
    # 14.345): unlikely.
    assert grdp["required_change"] + grdp["baseline"] == pytest.approx(14.818, abs=0.001)
    assert "2021-2024 so far: 5.745)" in grdp["reason"]  # (1.25035^(1/4) - 1) x 100
    assert grdp["probability"] < 0.3
    inv = res.loc["investment_total_cum_2021_2025"]
    assert inv["required_annual_rate"] > 0.5  # about 84% growth in 2025 alone
    # 81,080.5 so far rounds half away from zero, as every figure printed (it read 81,080)
    assert "(2021-2024 so far: 81,081)" in inv["reason"]
    assert inv["probability"] < 0.01
    assert inv["status"] == "unlikely"
    # The output marks the multi-year rows as the table does, so a reader of the CSV or JSON
    # knows that required_change is not target - baseline there.
    assert (grdp["aggregate"], grdp["of"], grdp["start_year"]) == ("mean", "grdp_growth", 2021)
    assert (inv["aggregate"], inv["of"], inv["start_year"]) == ("sum", "investment_total", 2021)
    one_year = res.drop(index=["grdp_growth_avg_5y", "investment_total_cum_2021_2025"])
    assert (one_year["aggregate"] == "").all() and (one_year["of"] == "").all()
    assert one_year["start_year"].isna().all()


def test_output_column_meanings_are_read_only() -> None:
    from sonla_forecast.audit import FINDING_FIELDS
    from sonla_forecast.portfolio import PORTFOLIO_COLUMNS
    from sonla_forecast.results import ASSESSMENT_COLUMNS, BACKTEST_COLUMNS
    from sonla_forecast.targets import TARGETS_COLUMNS

    for mapping in (ASSESSMENT_COLUMNS, PORTFOLIO_COLUMNS, TARGETS_COLUMNS,
                    BACKTEST_COLUMNS["scores"], FINDING_FIELDS):
        with pytest.raises(TypeError):
            mapping["region"] = "changed"  # type: ignore[index]


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("aggregate", "median", r"column 'aggregate': 'median' is not an aggregate"),
        ("of", "", r"column 'of': is empty"),
        ("start_year", "", r"column 'start_year': is empty"),
        ("start_year", "2030", r"column 'start_year': 2030 comes after the target's year 2025"),
        # a total in % of a growth in %, fine; an average in Tỷ đồng of it, not
        ("unit", "Tỷ đồng", r"column 'unit': 'Tỷ đồng' is not a percentage, but the indicator "
                            r"it aggregates, 'g', is in %"),
    ],
)
def test_bad_multiyear_columns_name_row_and_column(column: str, value: str, match: str) -> None:
    df = growth_table(6.0).astype({"start_year": object})
    df.loc[df["kind"] == "plan", column] = value
    with pytest.raises(sf.InputError, match=match):
        sf.read_table(df)


@pytest.mark.parametrize(("unit", "aggregate", "error"), [
    ("Nghìn tỷ đồng", "sum", True), ("Triệu đồng", "sum", True), ("Triệu USD", "sum", True),
    ("tỷ  đồng", "sum", False), ("Tỉ đồng", "sum", False), ("Tỷ VNĐ", "sum", False),
    ("Tỷ đồng (cả giai đoạn)", "sum", False),
    # the abbreviation of triệu is read (a review: 'Tr.đồng' beside 'Tỷ đồng' passed); one
    # that names no magnitude that can be read is not refused, nor 'Ng.', which abbreviates
    # người as often as nghìn (a total per person, 'Tỷ đồng/ng.')
    ("Tr.đồng", "sum", True), ("Tđ", "sum", False), ("Tỷ đồng/ng.", "sum", False),
    # units compare by their magnitude and currency words: 'bình quân ... tỷ đồng/năm'
    ("Tỷ đồng/năm", "mean", False), ("tỷ đồng / năm", "mean", False)])
def test_a_total_in_another_unit_than_its_yearly_figures_is_refused(
        unit: str, aggregate: str, error: bool) -> None:
    # a total of 120 thousand billion over figures in billion VND was judged met already
    years = [2021, 2022, 2023, 2024]
    df = pd.DataFrame({"indicator_id": "inv", "year": years, "kind": "actual",
                       "value": [18000.0, 19500.0, 20967.0, 21130.0], "unit": "Tỷ đồng"})
    total = pd.DataFrame([dict(indicator_id="inv_total", year=2025, kind="plan", value=120.0,
                               unit=unit, aggregate=aggregate, of="inv", start_year=2021)])
    table = pd.concat([df, total], ignore_index=True)
    if error:
        with pytest.raises(sf.InputError, match=rf"column 'unit': '{unit}' differs from the "
                           r"unit 'Tỷ đồng' of the indicator it aggregates, 'inv'") as err:
            sf.read_table(table)
        assert err.value.row == 4  # the DataFrame's index
    else:
        assert sf.read_table(table).to_frame()["unit"].iat[-1] == unit


@pytest.mark.parametrize(("base", "target"), [("Phần nghìn", "Tỷ lệ (‰)"),
                                            ("Bác sĩ/nghìn dân", "Tỷ lệ bác sĩ/nghìn dân")])
def test_a_rate_is_no_billion_in_the_multi_year_unit_check(base: str, target: str) -> None:
    # 'Tỷ' in 'Tỷ lệ' had been read as a billion, 'nghìn' in 'Phần nghìn' as a thousand
    df = growth_table(6.0).assign(scale="level")
    df["unit"] = np.where(df["aggregate"] == "mean", target, base)
    assert len(sf.read_table(df)) == len(df)


def test_an_average_in_percent_per_year_of_growth_in_an_index_like_unit_is_read() -> None:
    # growth given 'So với cùng kỳ (%)' and its average in '%/năm': both in %, as before the
    # unit check read scales (it had refused the pair)
    df = growth_table(6.0)
    df["unit"] = np.where(df["aggregate"] == "mean", "%/năm", "So với cùng kỳ (%)")
    assert len(sf.read_table(df)) == len(df)


def test_a_plan_conditioned_model_leaves_multi_year_targets_with_a_reason() -> None:
    h = sf.datasets.load_sonla_history().to_frame().drop(columns=["direction_source", "months"])
    agg = pd.DataFrame([dict(region=h.region.iat[0], indicator_id="grdp_growth_avg", year=2025,
                             kind="plan", value=7.0, unit="%", aggregate="mean",
                             of="grdp_growth", start_year=2021, direction="higher",
                             scale="rate")])
    res = sf.assess(pd.concat([h, agg], ignore_index=True), target_year=2025,
                    model="plan_record")  # raised ModelError before
    row = res["grdp_growth_avg"]
    assert row.status == "cannot assess" and "needs a trajectory model" in row.reason
    assert res["budget_revenue"].status != "cannot assess"


def test_a_model_that_cannot_fit_the_base_series_leaves_only_them_unassessed() -> None:
    # refclass fits the table's one-year targets, but the two base series of the multi-year
    # targets alone are too small a panel for it: those two get a reason, the rest are assessed
    # (the whole assessment raised ModelError before).
    res = sf.assess(sf.datasets.load_sonla_five_year(), target_year=2025,
                    model="refclass").to_frame().set_index("indicator_id")
    multi = res["aggregate"].isin(["mean", "sum"])
    assert multi.sum() == 2
    assert (res.loc[multi, "status"] == "cannot assess").all()
    assert res.loc[multi, "reason"].str.contains(
        "model 'refclass' cannot be fitted to the base series").all()
    assert res.loc[~multi, "probability"].notna().all()


def test_a_multi_year_target_is_judged_at_its_yearly_indicators_precision() -> None:
    # "8.0" alone reads as a whole number; the yearly growth it averages is printed with one
    # decimal, so an average of 7.5% must not meet it (threshold 7.95, not 7.5).
    growth = [6.8, -1.2, 5.1, 7.3, 7.9, 7.2]
    rows = [("g", 2019 + i, "actual", v, "", "", None) for i, v in enumerate(growth)]
    rows += [("g", 2025, "plan", 7.5, "", "", None),
             ("g_avg", 2029, "plan", 8.0, "mean", "g", 2025),
             ("nope_avg", 2029, "plan", 8.0, "mean", "nope", 2025)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="%", scale="rate",
                                                           direction="higher")
    res = sf.assess(df, target_year=2029).to_frame().set_index("indicator_id")
    assert res.loc["g_avg", "threshold"] == pytest.approx(7.95)
    assert res.loc["nope_avg", "threshold"] == pytest.approx(7.5)  # no yearly indicator: own


def test_the_reason_gives_the_total_and_average_so_far() -> None:
    rows = [("inv", 2021 + i, "actual", v, "", "", None)
            for i, v in enumerate([100.0, 110.0, 120.0, 130.0])]
    rows += [("inv_sum", 2025, "plan", 600.0, "sum", "inv", 2021),
             ("inv_mean", 2025, "plan", 120.0, "mean", "inv", 2022)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="Tỷ đồng", direction="higher")
    res = sf.assess(df, target_year=2025)
    assert res["inv_sum"].reason.startswith("sum of inv over 2021-2025 (2021-2024 so far: 460)")
    assert res["inv_mean"].reason.startswith("mean of inv over 2022-2025 (2022-2024 so far: 120)")
    # a review: the three progress ratios were blank with no word why
    for key in ("inv_sum", "inv_mean"):
        row = res[key]
        assert math.isnan(row.eurostat_ratio) and math.isnan(row.escap_ratio)
        assert math.isnan(row.unsd_ratio)
        assert row.reason.endswith("; no Eurostat, ESCAP or UNSD ratio: they judge a level to "
                                   "reach, not a total or an average over years")
    from sonla_forecast.report import _reason
    assert _reason(res["inv_sum"].reason, "vi").endswith(
        "không có tỷ số Eurostat, ESCAP, UNSD: các tỷ số này đánh giá một mức cần đạt, không "
        "phải tổng hay bình quân nhiều năm")


def test_a_multi_year_target_without_enough_history_says_why() -> None:
    rows = [("g", 2023, "actual", 6.0, "", "", None), ("g", 2024, "actual", 6.5, "", "", None),
            ("h", 2024, "actual", 3.0, "", "", None),
            ("late", 2023, "actual", 1.0, "", "", None),
            ("late", 2024, "actual", 2.0, "", "", None),
            ("g_avg", 2025, "plan", 7.0, "mean", "g", 2023),
            ("h_avg", 2025, "plan", 4.0, "mean", "h", 2023),
            ("late_sum", 2025, "plan", 9.0, "sum", "late", 2021),
            ("nope_avg", 2025, "plan", 7.0, "mean", "nope", 2023)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="%", scale="rate",
                                                           direction="higher")
    res = sf.assess(df, target_year=2025)
    assert not np.isnan(res["g_avg"].probability)
    assert res["h_avg"].reason == "'h' needs at least two observations before 2025"
    assert res["late_sum"].reason == ("'late' has no observation before 2023, inside the period "
                                      "2021-2025")
    assert res["nope_avg"].reason == "the table has no indicator 'nope' to aggregate"
    for ind in ("h_avg", "late_sum", "nope_avg"):
        assert np.isnan(res[ind].probability)
    # a base in another region only is named so (a review: "no indicator 'g'" though B had it)
    two = pd.concat([df[df["indicator_id"] == "g"].assign(region="B"),
                     df[df["indicator_id"] == "g_avg"].assign(region="A")])
    from sonla_forecast.report import _reason_part_vi

    reason = sf.assess(two, target_year=2025)[("A", "g_avg")].reason
    assert reason == "the table has no indicator 'g' to aggregate in A (only in B)"
    assert _reason_part_vi(reason) == ("bảng không có chỉ tiêu 'g' của A để tổng hợp (chỉ có "
                                         "ở B)")


def test_a_mean_of_changes_in_points_is_arithmetic() -> None:
    # a regression review: "Giảm nghèo đa chiều" in 'điểm %' (a rate since 3386451) was
    # averaged as a growth rate, geometrically (2.307 so far, where the mean is 2.325)
    years = [2021, 2022, 2023, 2024]
    falls = [1.9, 2.6, 3.1, 1.7]
    rows = [("x", y, "actual", v, "", "", None) for y, v in zip(years, falls, strict=True)]
    rows += [("x", 2025, "plan", 3.0, "", "", None),
             ("x_avg", 2025, "plan", 2.5, "mean", "x", 2021)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="điểm %",
                                                           name_vi="Giảm nghèo đa chiều")
    res = sf.assess(df, target_year=2025)["x_avg"]
    assert "2021-2024 so far: 2.325" in res.reason and "geometric" not in res.reason


def test_a_start_year_after_the_target_year_is_named_plainly() -> None:
    df = pd.DataFrame({"indicator_id": ["g", "g", "g_avg"], "year": [2023, 2024, 2025],
                       "kind": ["actual", "actual", "plan"], "value": [1.0, 2.0, 3.0],
                       "unit": "%", "aggregate": ["", "", "mean"], "of": ["", "", "g"],
                       "start_year": [None, None, 2026]})
    with pytest.raises(sf.InputError, match=r"column 'start_year': 2026 comes after"):
        sf.read_table(df)


def test_a_multi_year_target_takes_the_direction_of_what_it_averages() -> None:
    # An average of the poverty rate is meant to fall, whatever its own name says; two
    # targets on one base indicator share its simulated paths (and it counts once in the fit).
    rows = [("poverty_rate", 2023, "actual", 13.43, "", "", None),
            ("poverty_rate", 2024, "estimate", 11.17, "", "", None),
            ("poverty_rate", 2025, "plan", 8.17, "", "", None),
            ("poverty_rate_avg", 2025, "plan", 12.0, "mean", "poverty_rate", 2023),
            ("avg2", 2025, "plan", 12.0, "mean", "poverty_rate", 2023)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"])
    df["unit"] = "%"
    df["name_vi"] = ["Tỷ lệ hộ nghèo"] * 3 + ["Tỷ lệ hộ nghèo bình quân", "Bình quân 2023-2025"]
    res = sf.assess(df, target_year=2025).to_frame().set_index("indicator_id")
    assert res.loc["avg2", "direction"] == "lower"
    assert res.loc["avg2", "direction_source"] == res.loc["poverty_rate", "direction_source"]
    assert res.loc["avg2", "probability"] == res.loc["poverty_rate_avg", "probability"]


def test_direction_inherited_whatever_the_row_order() -> None:
    # The multi-year id has an estimate row (without 'of') before its plan: the base is read
    # from the row that names it.
    rows = [("poverty_rate", 2023, "actual", 13.43, "", "", None),
            ("poverty_rate", 2024, "estimate", 11.17, "", "", None),
            ("poverty_rate", 2025, "plan", 8.17, "", "", None),
            ("pov_avg", 2024, "estimate", 11.5, "", "", None),
            ("pov_avg", 2025, "plan", 12.0, "mean", "poverty_rate", 2023)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"])
    df["unit"] = "%"
    df["name_vi"] = ["Tỷ lệ hộ nghèo"] * 3 + ["Bình quân"] * 2
    for order in ([0, 1, 2, 3, 4], [0, 1, 2, 4, 3]):
        res = sf.assess(df.iloc[order], target_year=2025)["pov_avg"]
        assert (res.direction, res.direction_source) == ("lower", "glossary")


def _cumulative(plans: list[tuple[str, int, float]]) -> pd.DataFrame:
    """Investment 100, 110, 121 (2021-2023) and cumulative targets from 2021."""
    rows = [("inv", y, "actual", v, "", "", "") for y, v in ((2021, 100.0), (2022, 110.0),
                                                              (2023, 121.0))]
    rows += [(iid, y, "plan", v, "sum", "inv", "2021") for iid, y, v in plans]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"])
    return df.assign(unit="Tỷ đồng", scale="level", direction="higher")


def test_a_total_already_reached_is_met_already() -> None:
    # 100 + 110 + 121 = 331 >= 300 before 2024 begins: met whatever 2024 brings.
    row = sf.assess(_cumulative([("small", 2024, 300.0)]), target_year=2024)["small"]
    assert row.status == "met already" and row.probability == 1.0
    assert row.feasibility_ratio == 0.0
    assert "already add up to 331" in row.reason


def test_a_total_out_of_reach_of_any_growth_says_so() -> None:
    # 2024 alone would need 100,000 - 331 = 99,669, i.e. 822 times 121: beyond +1,000% a year.
    row = sf.assess(_cumulative([("huge", 2024, 100000.0)]), target_year=2024)["huge"]
    assert np.isnan(row.required_annual_rate) and row.probability == 0.0
    assert "even at +1,000% a year inv would add up to 1,662, below the target" in row.reason


def test_a_total_reached_while_the_figure_falls_is_not_called_met_at_the_baseline() -> None:
    # 331 + 121 (q + q^2) = 500 with q = 1 + r: q = 0.78324, r = -0.21676.
    row = sf.assess(_cumulative([("fall", 2025, 500.0)]), target_year=2025)["fall"]
    q = (-1.0 + np.sqrt(1.0 + 4.0 * 169.0 / 121.0)) / 2.0
    assert row.required_annual_rate == pytest.approx(q - 1.0, abs=1e-9)
    assert "falls by up to 21.68% a year" in row.reason
    assert "already met at the baseline" not in row.reason
    assert row.status != "met already"


def test_a_total_the_past_fall_misses_has_no_feasibility_ratio() -> None:
    # inv 100, 90, 81, 72.9 (2021-2024, -10% a year) and 413.9 over 2021-2025: 2025 needs 70,
    # a fall of 3.98%; at the past pace it would be 65.6 and the total 409.5, short of it.
    df = pd.DataFrame({"indicator_id": ["inv"] * 4 + ["tot"], "year": [2021, 2022, 2023, 2024,
                                                                      2025],
                       "kind": ["actual"] * 4 + ["plan"],
                       "value": [100.0, 90.0, 81.0, 72.9, 413.9],
                       "aggregate": [""] * 4 + ["sum"], "of": [""] * 4 + ["inv"],
                       "start_year": [""] * 4 + ["2021"]}).assign(
        unit="Tỷ đồng", scale="level", direction="higher")
    row = sf.assess(df, target_year=2025)["tot"]
    assert row.required_annual_rate == pytest.approx(70.0 / 72.9 - 1.0)
    assert row.historical_annual_rate == pytest.approx(-0.1)
    assert np.isnan(row.feasibility_ratio)
    assert "falls by at most 3.978% a year, but it fell by 10% a year: no feasibility ratio" in \
        row.reason
    assert "no growth is needed" not in row.reason
    # A base falling 1% a year (100 -> 97) and a total that allows a fall of 3% in 2025: the
    # past pace keeps it.
    df["value"] = [100.0, 99.0, 98.0, 97.0, 394.0 + 97.0 * 0.97]
    kept = sf.assess(df, target_year=2025)["tot"]
    assert kept.feasibility_ratio == 0.0 and "no growth is needed" in kept.reason
    # Mirrored: a ceiling on the total that allows growth of 5% in 2025, after +10% a year.
    df["value"] = [100.0, 110.0, 121.0, 133.1, 464.1 + 133.1 * 1.05]
    low = sf.assess(df.assign(direction="lower"), target_year=2025)["tot"]
    assert np.isnan(low.feasibility_ratio)
    assert "grows by at most 5% a year, but it grew by 10% a year" in low.reason


def test_an_average_out_of_bounds_is_impossible_or_settled() -> None:
    # A percentage 12, 10 (2021-2022): an average of 3 over 2021-2025 needs the three years to
    # come to average (15 - 22) / 3 = -2.33, below 0: at most 3 (`lower`) cannot be met, at
    # least 3 (`higher`) is met whatever happens. An average of 70 needs (350 - 22) / 3 =
    # 109.3, above 100: at least 70 cannot be met.
    rows = [("x", 2021, "actual", 12.0, "", "", ""), ("x", 2022, "actual", 10.0, "", "", ""),
            ("a", 2025, "plan", 3.0, "mean", "x", "2021"),
            ("b", 2025, "plan", 70.0, "mean", "x", "2021"),
            ("c", 2025, "plan", 3.0, "mean", "x", "2021")]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="%", scale="percent")
    df["direction"] = ["higher", "higher", "lower", "higher", "higher"]
    res = sf.assess(df, target_year=2025)
    a, b, c = res["a"], res["b"], res["c"]
    assert "-2.333 (impossible below 0)" in a.reason and "cannot be met" in a.reason
    assert a.probability == 0.0 and a.status == "unlikely"
    assert "109.3 (impossible above 100)" in b.reason and "cannot be met" in b.reason
    assert b.probability == 0.0
    assert "met whatever the years to come" in c.reason
    assert c.probability == 1.0 and c.status == "met already"


def test_paths_of_a_count_are_whole_and_heavy_tails_are_kept() -> None:
    from sonla_forecast.models.base import TForecast

    fc = TForecast(loc=np.array([np.log1p(70.0)]), scale=np.array([0.012]), df=np.array([5.0]),
                   codes=np.array([3]), cap=np.array([np.nan]))
    p = simulate_paths([fc], 20000, rng=1)[0, 0]
    assert (p == np.round(p)).all()  # communes, not 70.4 communes
    # P(X >= 72) = 0.0710 by the model; Monte Carlo sd of 20,000 paths 0.0018
    assert (p >= 72).mean() == pytest.approx(fc.prob_meets(np.array([72.0]), ["higher"])[0],
                                             abs=0.006)
    # A t with 1.5 degrees of freedom: 0.1% of the paths lie beyond its 0.05% and 99.95%
    # quantiles (|x| > 82.8); reading quantiles from 0.25% to 99.75% only, none did.
    t = TForecast(loc=np.zeros(1), scale=np.ones(1), df=np.array([1.5]), codes=np.array([2]),
                  cap=np.array([np.nan]))
    far = float(t.quantiles([0.9995])[0, 0])
    x = simulate_paths([t], 200000, rng=2)[0, 0]
    assert (np.abs(x) > far).mean() == pytest.approx(0.001, abs=0.0003)


def test_settling_reads_the_aggregated_series_and_the_threshold() -> None:
    cols = ["indicator_id", "year", "kind", "value", "aggregate", "of", "start_year"]
    # An average of GRDP growth (a rate: it may be negative), the target row in % (read as a
    # percentage by its own id): -4 a year for the rest is possible, nothing is settled.
    rows = [("grdp_growth", y, "actual", v, "", "", "") for y, v in
            ((2019, 7.0), (2020, 2.0), (2021, 15.0), (2022, 12.0))]
    rows.append(("grdp_avg", 2025, "plan", 3.0, "mean", "grdp_growth", "2021"))
    row = sf.assess(pd.DataFrame(rows, columns=cols).assign(unit="%"), target_year=2025)[
        "grdp_avg"]
    assert "impossible" not in row.reason and row.status != "met already"
    # At most 3 on average over 2021-2025 after 9 and 7: the mean is judged at 3.5 (half a
    # printed unit), so three years of 0 (16 / 5 = 3.2) still meet it: not "cannot be met".
    rows = [("x", y, "actual", v, "", "", "") for y, v in
            ((2017, 60.0), (2018, 40.0), (2019, 25.0), (2020, 15.0), (2021, 9.0), (2022, 7.0))]
    rows.append(("xavg", 2025, "plan", 3.0, "mean", "x", "2021"))
    df = pd.DataFrame(rows, columns=cols).assign(unit="%", scale="percent", direction="lower")
    row = sf.assess(df, target_year=2025)["xavg"]
    assert row.threshold == 3.5
    assert "cannot be met" not in row.reason and "impossible" not in row.reason


def test_a_lower_cumulative_target_says_how_much_growth_it_allows() -> None:
    # At most 1,000 over 2021-2025 after 100, 110, 121: 331 + 121 (q + q^2) = 1000 gives
    # q = 1.9039: the figure may grow by up to 90.39% a year.
    rows = [("em", y, "actual", v, "", "", "") for y, v in
            ((2021, 100.0), (2022, 110.0), (2023, 121.0))]
    rows.append(("cap_em", 2025, "plan", 1000.0, "sum", "em", "2021"))
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="Tỷ đồng", scale="level",
                                                           direction="lower")
    row = sf.assess(df, target_year=2025)["cap_em"]
    q = (-1.0 + np.sqrt(1.0 + 4.0 * 669.0 / 121.0)) / 2.0
    assert row.required_annual_rate == pytest.approx(q - 1.0, abs=1e-9)
    assert "stays within the target even if em grows by up to 90.39% a year" in row.reason
    assert "falls by" not in row.reason


def test_paths_of_a_very_wide_level_forecast_have_no_missing_values() -> None:
    import warnings

    from sonla_forecast.models.base import TForecast

    # df 1.2, scale 1 on the log scale: the 1 - 1e-6 quantile overflows to infinity
    fc = TForecast(loc=np.array([np.log(100.0)]), scale=np.array([1.0]), df=np.array([1.2]),
                   codes=np.array([1]), cap=np.array([np.nan]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = simulate_paths([fc], 4000, rng=1)[0, 0]
    assert np.isfinite(p).all()
    assert np.isfinite(np.quantile(p, [0.1, 0.5, 0.9])).all()


def _base_with(multi: list[tuple[str, float, str, int, str]], history: list[float],
               unit: str = "Tỷ đồng", direction: str = "higher") -> pd.DataFrame:
    """Indicator x (its own rows say ``direction``), 2018-2022, a 2023 plan, and multi-year
    rows (id, target, aggregate, start_year, direction) for 2025 on it."""
    rows = [dict(indicator_id="x", year=2018 + i, kind="actual", value=v, unit=unit,
                 direction=direction) for i, v in enumerate(history)]
    rows.append(dict(indicator_id="x", year=2025, kind="plan", value=history[-1] * 1.1,
                     unit=unit, direction=direction))
    rows += [dict(indicator_id=i, year=2025, kind="plan", value=v, unit=unit, direction=d,
                  aggregate=a, of="x", start_year=s) for i, v, a, s, d in multi]
    return pd.DataFrame(rows).fillna({"aggregate": "", "of": ""})


def test_the_base_forecast_follows_the_base_indicator_not_the_first_multi_year_row() -> None:
    # a 'lower' total listed first oriented x's paths: P of the 'higher' total moved from
    # 0.321 to 0.268 with the rows' order
    hist = [100.0, 110.0, 118.0, 130.0, 139.0]
    hi = ("hi", 700.0, "sum", 2021, "higher")
    lo = ("lo", 700.0, "sum", 2021, "lower")
    a = sf.assess(_base_with([hi, lo], hist), target_year=2025, rng=1).to_frame()
    b = sf.assess(_base_with([lo, hi], hist), target_year=2025, rng=1).to_frame()
    cols = ["indicator_id", "probability", "outcome_p10", "outcome_p50", "outcome_p90"]
    pd.testing.assert_frame_equal(a[cols].sort_values("indicator_id").reset_index(drop=True),
                                  b[cols].sort_values("indicator_id").reset_index(drop=True))


def test_a_multi_year_total_of_a_level_with_a_zero_cannot_be_assessed() -> None:
    # it gave P = 0 and a collapsed interval (85, 85, 85), with a numpy warning
    res = sf.assess(_base_with([("t", 150.0, "sum", 2021, "higher")], [20.0, 0.0, 35.0, 50.0]),
                    target_year=2025)
    assert res["x"].status == "cannot assess"
    t = res["t"]
    assert np.isnan(t.probability) and "'x': a level of 0 has no logarithm" in t.reason


def test_a_multi_year_row_names_a_yearly_indicator() -> None:
    hist = [100.0, 110.0, 118.0, 130.0, 139.0]
    df = _base_with([("t", 140.0, "mean", 2021, "higher")], hist)
    df.loc[df["indicator_id"] == "t", "of"] = "t"
    assert "'t' is itself a multi-year target" in sf.assess(df, target_year=2025)["t"].reason
    df.loc[df["indicator_id"] == "t", "aggregate"] = ""  # 'of' without 'aggregate'
    with pytest.raises(sf.InputError, match="names an indicator it aggregates") as e:
        sf.read_table(df)
    assert e.value.column == "aggregate"


def test_a_period_needs_its_aggregate_and_an_aggregate_its_start_year_column(
        tmp_path: Path) -> None:
    # A 'start_year' without 'aggregate' was kept and ignored: a one-year target; a file with
    # 'aggregate' and 'of' but no 'start_year' column crashed with KeyError (a fuzzing review).
    df = _base_with([("t", 700.0, "sum", 2021, "higher")], [100.0, 110.0, 118.0, 130.0, 139.0])
    loose = df.copy()
    loose.loc[loose["indicator_id"] == "t", ["aggregate", "of"]] = ""
    with pytest.raises(sf.InputError, match=r"column 'aggregate': is empty, but the row gives "
                       r"the first year of a period \('start_year'\)") as e:
        sf.read_table(loose)
    assert e.value.row is not None
    path = tmp_path / "no_start.csv"
    df.drop(columns=["start_year"]).to_csv(path, index=False)
    with pytest.raises(sf.InputError, match=r"column 'start_year': is missing \(no such "
                       r"column\), but a multi-year") as e:
        sf.read_table(path)
    assert e.value.row == 1 + 1 + int(np.flatnonzero(df["indicator_id"] == "t")[0])


def test_what_a_multi_year_target_does_not_use_is_said() -> None:
    hist = [100.0, 110.0, 118.0, 130.0, 139.0]
    df = _base_with([("t", 700.0, "sum", 2021, "higher")], hist)
    ytd = dict(indicator_id="x", year=2025, kind="actual", value=120.0, unit="Tỷ đồng",
               direction="higher", period="M9")
    res = sf.assess(pd.concat([df, pd.DataFrame([ytd])], ignore_index=True).fillna(
        {"period": ""}), target_year=2025)
    assert any(n.startswith("multi-year targets do not use year-to-date figures of 2025 "
                            "(given for x)") for n in res.notes)
    res = sf.assess(df, target_year=2025, window=2)
    assert "window=2 applies to one-year targets; multi-year targets use their base " \
        "indicators' whole history" in res.notes
    # a window ending in the target year: the base's figure of that year is its outcome
    known = _base_with([("t", 600.0, "sum", 2018, "higher")], [*hist, 150.0, 160.0, 170.0])
    known = known[~((known["indicator_id"] == "x") & (known["kind"] == "plan"))]
    res = sf.assess(known, target_year=2025)
    assert any(n.startswith("1 target(s) have a full-year figure for 2025 in the table (x)")
               for n in res.notes)


def test_a_multi_year_row_may_aggregate_its_own_yearly_values() -> None:
    # 'of' naming the row's own id, which has yearly actuals, was refused as "itself a
    # multi-year target"
    hist = [6.0, 6.5, 7.0, 6.8, 7.1, 7.2, 6.9]
    rows = [dict(indicator_id="g", year=2018 + i, kind="actual", value=v, unit="%",
                 scale="rate", direction="higher") for i, v in enumerate(hist)]
    rows.append(dict(indicator_id="g", year=2025, kind="plan", value=7.0, unit="%",
                     scale="rate", direction="higher", aggregate="mean", of="g",
                     start_year=2021))
    res = sf.assess(pd.DataFrame(rows).fillna({"aggregate": "", "of": ""}),
                    target_year=2025)["g"]
    assert 0.0 < res.probability < 1.0 and res.reason.startswith("mean of g over 2021-2025")


def test_the_rows_order_does_not_move_a_multi_year_targets_paths() -> None:
    # The paths' draws followed the order in which the multi-year rows name their base
    # indicators: one shuffle moved average GRDP growth from 0.0465 to 0.0527.
    df = sf.datasets.load_sonla_five_year().to_frame()
    a = sf.assess(df, target_year=2025).to_frame().set_index("indicator_id")
    b = sf.assess(df.iloc[::-1].reset_index(drop=True), target_year=2025).to_frame().set_index(
        "indicator_id").loc[a.index]
    multi = a["aggregate"] != ""
    assert multi.sum() >= 2
    assert np.allclose(a.loc[multi, "probability"], b.loc[multi, "probability"], atol=1e-3)
    assert np.allclose(a.loc[multi, "outcome_p50"], b.loc[multi, "outcome_p50"], rtol=1e-6)


@pytest.mark.parametrize("v", [100.0, 7.0, 3.0, 12.5, 0.3])
def test_a_total_that_needs_no_growth_needs_exactly_0(v: float) -> None:
    # bisection returned -5.6e-17 (or +): "falls by up to -0% a year", and the sign of that
    # noise chose between feasibility 0 and none
    rows = [dict(indicator_id="inv", year=y, kind="actual", value=v, unit="Tỷ đồng",
                 direction="higher") for y in range(2019, 2024)]
    rows.append(dict(indicator_id="inv_total", year=2025, kind="plan", value=5 * v,
                     unit="Tỷ đồng", direction="higher", aggregate="sum", of="inv",
                     start_year=2021))
    r = sf.assess(pd.DataFrame(rows), target_year=2025)["inv_total"]
    assert r.required_annual_rate == 0.0 and r.feasibility_ratio == 0.0
    assert "the total is reached if inv stays at its latest level" in r.reason


def test_a_model_that_cannot_fit_the_base_series_keeps_what_the_history_says() -> None:
    # refclass needs 10 one-year steps; the five-year table's base series have 3. The targets
    # get no probability, but their baseline, history and growth needed are the model's
    # business no more than for a one-year target (n_history was 0, the baseline None).
    table = sf.datasets.load_sonla_five_year()
    cols = ["baseline_year", "baseline", "horizon", "n_history", "history_start_year",
            "required_change", "historical_change_per_year", "required_annual_rate",
            "historical_annual_rate", "feasibility_ratio"]

    def multi(model: str) -> pd.DataFrame:
        f = sf.assess(table, target_year=2025, model=model).to_frame()
        return f[f["aggregate"] != ""].set_index("indicator_id")

    failed, fitted = multi("refclass"), multi("naive")
    assert len(failed) == 2
    pd.testing.assert_frame_equal(failed[cols], fitted[cols])
    assert failed["probability"].isna().all()
    assert (failed["status"] == "cannot assess").all()
    assert failed["reason"].str.startswith(
        "model 'refclass' cannot be fitted to the base series of the multi-year targets").all()
    # the notes on the aggregate follow
    assert failed["reason"].str.contains("over 2021-2025").all()


def test_a_settled_multi_year_target_is_certain_even_when_the_model_cannot_fit() -> None:
    # A total already past its target is met whatever the years to come: P = 1 with any model,
    # not "cannot assess" beside a note saying it is met (regression review).
    rows = []
    for y, v in zip(range(2020, 2025), [20000.0, 21000.0, 22000.0, 23000.0, 24000.0],
                    strict=True):
        rows.append(("inv", y, "actual", v, "", "", np.nan))
    for k in range(3):  # peers, so that refclass fits the one-year targets' panel
        rows += [(f"x{k}", y, "actual", 100.0 + 5 * k + y - 2020, "", "", np.nan)
                 for y in range(2020, 2025)] + [(f"x{k}", 2025, "plan", 110.0, "", "", np.nan)]
    rows += [("inv_cum", 2025, "plan", 80000.0, "sum", "inv", 2021.0),
             ("inv_cap", 2025, "plan", 80000.0, "sum", "inv", 2021.0),
             ("inv", 2025, "plan", 25000.0, "", "", np.nan)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="tỷ đồng", scale="level")
    df["direction"] = np.where(df["indicator_id"] == "inv_cap", "lower", "higher")
    for model in ("drift", "refclass"):  # refclass: the base series has 4 steps, it needs 10
        f = sf.assess(df, target_year=2025, model=model).to_frame().set_index("indicator_id")
        assert f.loc["inv_cum", "probability"] == 1.0
        assert f.loc["inv_cum", "status"] == "met already"
        assert f.loc["inv_cap", "probability"] == 0.0
        assert f.loc["inv_cap", "status"] == "unlikely"
    assert "cannot be fitted" in f.loc["inv_cum", "reason"]


def test_a_combination_says_which_component_its_multi_year_targets_left_out() -> None:
    # The base series of the five-year targets are too few for refclass: the combination
    # forecast them with drift alone, said nowhere (a review of the outputs); the one-year
    # targets' note said it for theirs.
    table = sf.datasets.load_sonla_five_year()
    comb = sf.assess(table, target_year=2025, model="combination", rng=3)
    drift = sf.assess(table, target_year=2025, model="drift", rng=3)
    rows = [r for r in comb if r.aggregate]
    assert rows
    for r in rows:
        assert r.model == "drift"
        assert r.probability == drift[r.indicator_id].probability
        assert r.reason.startswith(
            "model 'refclass' was left out of the combination for the base series of the "
            "multi-year targets: it could not be fitted (the panel has ")
        first = r.reason.split("; ")[0]
        assert first.endswith(")") and "needs at least" in first  # one clause
        from sonla_forecast.report import _reason
        assert _reason(r.reason, "vi").startswith(
            "mô hình lớp tham chiếu (refclass) không được dùng trong mô hình kết hợp cho các "
            "chuỗi gốc của chỉ tiêu nhiều năm vì không ước lượng được (toàn bộ các chuỗi chỉ có ")
    assert not any(r.reason.startswith("model 'refclass'") for r in drift if r.aggregate)


def test_an_average_of_a_percentage_held_at_100_is_read_as_its_one_year_target() -> None:
    # The one-year target of 100 is read at 99.99, where the model holds an observed 100%; the
    # multi-year average judged its paths (near 99.99) at 99.995: over 2025 alone, the same
    # question as the one-year target, P 0.07 beside 0.66 (a statistician's review).
    hist = [99.98, 100.0, 100.0, 100.0]
    rows = [("water", y, "actual", v, "", "", "") for y, v in zip(range(2021, 2025), hist,
                                                                    strict=True)]
    rows.append(("water", 2025, "plan", 100.0, "", "", ""))
    rows += [(f"water_{s}", 2025, "plan", 100.0, "mean", "water", str(s))
             for s in (2025, 2024, 2021)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate", "of",
                                     "start_year"]).assign(unit="%", direction="higher")
    res = sf.assess(df, target_year=2025)
    one = res["water"]
    assert one.threshold == pytest.approx(99.995)
    assert 0.5 < one.probability < 0.8
    assert "reads the target at 99.99, the value at which the model holds a figure of 100%, " \
           "not at the threshold 99.995" in one.reason
    for start in (2025, 2024, 2021):  # every year at 100 (99.98 + 4 x 100 still rounds to it)
        assert res[f"water_{start}"].probability == pytest.approx(one.probability, abs=0.03)
    assert res["water_2025"].outcome_p90 == 100.0
    # a series living between 99.99 and 100 is modelled exactly: its values are not moved
    near = df.copy()
    near.loc[near["kind"] == "actual", "value"] = [99.991, 99.993, 99.995, 99.996]
    res = sf.assess(near, target_year=2025)
    assert "reads the target at" not in res["water"].reason
    assert res["water_2025"].outcome_p90 < 100.0
    assert res["water_2025"].probability == pytest.approx(res["water"].probability, abs=0.03)


def test_held_at_bounds_moves_values_only_where_the_question_is_the_bound() -> None:
    # A 'lower' average of 0.2 on poverty at 1.1% had its paths near 0 read as 0 (refclass P
    # 0.236 -> 0.238), which model_threshold does not do to a one-year target (a regression
    # review).
    from sonla_forecast.assess import held_at_bounds

    v = np.array([0.005, 0.5, 99.995])
    assert held_at_bounds(v, 1.1, 0.2, "lower").tolist() == v.tolist()
    assert held_at_bounds(v, 1.1, 0.0, "lower").tolist() == [0.0, 0.5, 99.995]
    assert held_at_bounds(v, 0.0, 0.2, "lower").tolist() == [0.0, 0.5, 99.995]
    assert held_at_bounds(v, 100.0, 90.0, "higher").tolist() == [0.005, 0.5, 100.0]
    # only the bound the target approaches, as model_threshold: a series held at 0 with a
    # 'higher' target of 0.005 had its paths near 0 read as 0 (P 0.34 beside the one-year
    # 0.62; a second regression review); a band keeps its values
    assert held_at_bounds(v, 0.0, 0.005, "higher").tolist() == v.tolist()
    assert held_at_bounds(v, 100.0, 100.0, "lower").tolist() == v.tolist()
    assert held_at_bounds(v, 100.0, 100.0, "band").tolist() == v.tolist()


def test_the_average_of_a_growth_rate_is_its_average_annual_rate() -> None:
    # 10% then -10% is a fall of 1% over two years: an average annual rate of -0.50%, not 0
    from sonla_forecast.assess import average_growth_rate, rate_to_average

    assert float(average_growth_rate(np.array([10.0, -10.0]))) == pytest.approx(
        100 * (0.99 ** 0.5 - 1), rel=1e-12)
    draws = np.array([[10.0, 5.0], [-10.0, 5.0]])  # two draws of two years (years on axis 0)
    np.testing.assert_allclose(average_growth_rate(draws), [100 * (0.99 ** 0.5 - 1), 5.0])
    assert float(average_growth_rate(np.array([-100.0, 50.0]))) == -100.0  # nothing is left
    # the constant rate that brings the average to the target, inverse of the average
    g = rate_to_average(6.0, np.array([8.0, 2.0]), 4, 2)
    assert float(average_growth_rate(np.array([8.0, 2.0, g, g]))) == pytest.approx(6.0, rel=1e-12)
    # and in assess: 2020-2022 observed (5.8, 8, 2), so a 6% average over 2020-2024 needs
    # the rate g in 2023 and 2024 with 1.058 x 1.08 x 1.02 x (1 + g)^2 = 1.06^5 (hand-worked)
    hist = [6.0, 6.4, 5.8, 8.0, 2.0]
    df = pd.DataFrame({"indicator_id": ["g"] * 5 + ["g5"], "year": [*range(2018, 2023), 2024],
                       "kind": ["actual"] * 5 + ["plan"], "value": [*hist, 6.0],
                       "aggregate": [""] * 5 + ["mean"], "of": [""] * 5 + ["g"],
                       "start_year": [None] * 5 + [2020], "unit": "%", "scale": "rate",
                       "direction": "higher", "name_vi": ["Tốc độ tăng trưởng"] * 6})
    res = sf.assess(df, target_year=2024, rng=1)["g5"]
    need = 100 * ((1.06 ** 5 / (1.058 * 1.08 * 1.02)) ** 0.5 - 1)
    assert res.required_change + res.baseline == pytest.approx(need, rel=1e-9)
    assert f"so far: {100 * ((1.058 * 1.08 * 1.02) ** (1 / 3) - 1):.4g})" in res.reason


def test_only_a_growth_rate_averages_geometrically() -> None:
    # a fall in points per year ("Tỷ lệ hộ nghèo giảm bình quân", scale rate too) averages
    # arithmetically; a growth rate by its name geometrically (a regression review)
    from sonla_forecast.report import _reason

    def table(name: str, hist: list[float]) -> pd.DataFrame:
        rows = [("g", 2019 + i, "actual", v, "", "", None) for i, v in enumerate(hist)]
        rows.append(("g5", 2025, "plan", 6.0, "mean", "g", 2021))
        return pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "aggregate",
                                           "of", "start_year"]).assign(
            unit="%", scale="rate", direction="higher",
            name_vi=[name] * len(hist) + ["Bình quân"])

    hist = [6.0, 6.4, 5.8, 8.0, 2.0, 7.0]  # 2021-2024: 5.8, 8, 2, 7
    # a rise of a level in %/năm is a growth rate too (a second regression review: the growth
    # words alone had sent it to the arithmetic mean)
    revenue = sf.assess(table("Thu ngân sách nhà nước tăng", hist), target_year=2025, rng=1)
    assert "geometric" in revenue["g5"].reason
    from sonla_forecast.assess import is_growth_rate  # a third regression review
    assert is_growth_rate("x", "Tỷ lệ tăng thu ngân sách nhà nước")
    assert is_growth_rate("x", "Thu ngân sách tăng", "Rate of increase of budget revenue")
    assert not is_growth_rate("ty_le_ngheo_giam")  # ids without diacritics
    assert not is_growth_rate("tfp", "Đóng góp của TFP vào tăng trưởng kinh tế")  # a share
    points = sf.assess(table("Tỷ lệ hộ nghèo giảm", hist), target_year=2025, rng=1)["g5"]
    assert points.required_change + points.baseline == pytest.approx(30 - 22.8, abs=1e-9)
    assert "geometric" not in points.reason
    growth = sf.assess(table("Tốc độ tăng trưởng GRDP", hist), target_year=2025, rng=1)["g5"]
    so_far = 1.058 * 1.08 * 1.02 * 1.07
    assert growth.required_change + growth.baseline == pytest.approx(
        100 * (1.06 ** 5 / so_far - 1), rel=1e-9)
    # a year of -100% or below so far settles it: nothing is left to grow from
    lost = sf.assess(table("Tốc độ tăng trưởng GRDP", [6.0, 6.4, 5.8, -100.0, 2.0, 7.0]),
                     target_year=2025, rng=1)["g5"]
    assert (lost.probability, lost.status) == (0.0, "unlikely")
    assert math.isnan(lost.required_change)
    assert ("a year of -100% or below so far: the average annual rate is -100 whatever the "
            "years to come; it cannot be met") in lost.reason
    assert "dù các năm tới thế nào" in _reason(lost.reason, "vi")
    # a volatile growth whose simulated years reach -100: said, and in Vietnamese
    wild = sf.assess(table("Tốc độ tăng vốn FDI", [120.0, -60, 200, -70, 90, 150]),
                     target_year=2025, rng=1)["g5"]
    assert "of the simulated paths have a year at or below -100%" in wild.reason
    assert "số đường mô phỏng có một năm tăng từ -100% trở xuống" in _reason(wild.reason, "vi")


def test_a_total_of_a_growth_rate_has_no_required_annual_rate() -> None:
    # grown at a compound rate, a total of growth rates gave "GRDP growth must itself grow
    # 46.8% a year" (an API review); a rate or a change in points is added as it is
    df = growth_table(30.0, aggregate="sum")
    df.loc[df["kind"] == "plan", "start_year"] = "2021"
    res = sf.assess(df, target_year=2025, rng=1)["g5"]
    assert math.isnan(res.required_annual_rate) and math.isnan(res.feasibility_ratio)
    assert "no required_annual_rate: g is a growth rate or a change" in res.reason
    assert "feasibility compares" not in res.reason
    # a level's total keeps its rate and the sentence on it
    lvl = sf.assess(_base_with([("t", 700.0, "sum", 2021, "higher")],
                               [100.0, 110.0, 118.0, 130.0, 139.0]), target_year=2025, rng=1)
    assert not math.isnan(lvl["t"].required_annual_rate)
    assert "feasibility compares it with the historical annual rate" in lvl["t"].reason


def test_a_total_of_a_growth_rate_whose_own_name_reads_as_a_share_is_accepted() -> None:
    # the row's own scale was read from its name ('percent'), not from the series it adds up
    # (a regression review: the bundled GRDP growth's total was refused as "a percentage")
    df = sf.datasets.load_sonla_five_year().to_frame()
    df = pd.concat([df, pd.DataFrame([{
        "region": "Sơn La", "indicator_id": "g_sum", "year": 2025, "kind": "plan",
        "value": 37.5, "unit": "%", "name_vi": "Cộng dồn 5 năm", "aggregate": "sum",
        "of": "grdp_growth", "start_year": 2021}])], ignore_index=True)
    res = sf.assess(df, target_year=2025)["g_sum"]
    assert 0.0 < res.probability < 1.0 and math.isnan(res.required_annual_rate)


@pytest.mark.parametrize("target", [99.0, 110.0])
def test_a_total_of_a_percentage_is_refused_at_its_aggregate(target: float) -> None:
    # 110 had been refused as "outside [0, 100] for a percentage", 99 accepted
    df = _base_with([("t", target, "sum", 2021, "lower")], [20.0, 18.0, 16.0, 15.0, 14.0],
                    unit="%")
    with pytest.raises(sf.InputError, match="'sum' of 'x', a percentage, adds up shares") as e:
        sf.read_table(df)
    assert e.value.column == "aggregate"
    df["aggregate"] = df["aggregate"].replace({"sum": "mean"})
    df.loc[df["indicator_id"] == "t", "value"] = 12.0
    assert sf.read_table(df).frame["aggregate"].tolist().count("mean") == 1


def test_a_multi_year_target_of_its_own_indicator_is_refused() -> None:
    df = _base_with([("x", 700.0, "sum", 2021, "higher")], [100.0, 110.0, 118.0, 130.0, 139.0])
    df = df[~((df["indicator_id"] == "x") & (df["kind"] == "plan") & (df["aggregate"] == ""))]
    with pytest.raises(sf.InputError, match="'x' is the row's own indicator: a total") as e:
        sf.read_table(df)
    assert e.value.column == "of"
