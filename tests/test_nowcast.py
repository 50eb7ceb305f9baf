"""Partial-year updates (period column) and revised targets."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import sonla_forecast as sf
from sonla_forecast.assess import is_flow, partial_year_update
from sonla_forecast.models.base import TForecast
from sonla_forecast.report import _reason


def revenue(partials: list[tuple[int, str, float]] = ()) -> pd.DataFrame:
    """Budget revenue 2019-2024 (billion VND), a 2025 plan of 4,500, and partial figures."""
    hist = [3600.0, 3900.0, 4250.0, 4636.0, 4291.0, 4100.0]
    rows = [("rev", 2019 + i, "actual", "", v) for i, v in enumerate(hist)]
    rows.append(("rev", 2025, "plan", "", 4500.0))
    rows += [("rev", y, "actual", p, v) for y, p, v in partials]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "period", "value"])
    df["unit"] = "Tỷ đồng"
    df["direction"] = "higher"
    return df


def test_no_partial_figure_changes_nothing() -> None:
    a = sf.assess(revenue(), target_year=2025).to_frame()
    b = sf.assess(revenue().drop(columns="period"), target_year=2025).to_frame()
    pd.testing.assert_frame_equal(a, b)
    assert a["partial_period"].iat[0] == ""


def test_partial_rows_are_not_history() -> None:
    # A first-ten-months figure of 2024 must not replace the 2024 full-year baseline.
    a = sf.assess(revenue([(2024, "M10", 3300.0)]), target_year=2025)["rev"]
    assert a.baseline == 4100.0 and a.n_history == 6


def test_update_limits() -> None:
    # f = 0: the forecast is unchanged; f = 1: the outcome is the projection, known exactly,
    # so the probability of meeting any target is 0 or 1.
    mu, s, y = np.array([8.3]), np.array([0.1]), np.array([8.45])
    np.testing.assert_array_equal(partial_year_update(mu, s, y, np.array([0.0])), (mu, s))
    loc, sd = partial_year_update(mu, s, y, np.array([1.0]))
    assert loc[0] == y[0] and sd[0] == 0.0
    fc = TForecast(
        loc=loc, scale=sd, df=np.array([np.inf]), codes=np.array([1]), cap=np.array([np.nan])
    )
    for target in (np.exp(8.4), np.exp(8.5)):
        p = fc.prob_meets(np.array([target]), ["higher"])[0]
        assert p in (0.0, 1.0)


def test_more_of_the_year_means_more_certainty() -> None:
    # The same pace (4,500 a year) seen after 3, 6 and 10 months: the interval narrows.
    widths = []
    for period, months in (("Q1", 3), ("H1", 6), ("M10", 10)):
        r = sf.assess(revenue([(2025, period, 4500.0 * months / 12)]), target_year=2025)["rev"]
        widths.append(r.outcome_p90 - r.outcome_p10)
        assert r.partial_period == period
    assert widths[0] > widths[1] > widths[2]


def test_probability_rises_with_the_partial_figure() -> None:
    ps = [
        sf.assess(revenue([(2025, "M10", v)]), target_year=2025)["rev"].probability
        for v in (3000.0, 3750.0, 4522.0)
    ]
    assert ps[0] < ps[1] < ps[2]
    assert ps[2] > 0.95  # 4,522 after ten months already exceeds the year's 4,500


def test_seasonal_share_from_earlier_years() -> None:
    # In 2023 and 2024 the first ten months brought 70% of the year: 2025's 3,150 projects to
    # 4,500, not 3,780 (the 10/12 rule).
    parts = [(2023, "M10", 0.7 * 4291.0), (2024, "M10", 0.7 * 4100.0), (2025, "M10", 3150.0)]
    r = sf.assess(revenue(parts), target_year=2025)["rev"]
    assert "0.700 of the year" in r.reason
    assert "projected full year 4,500 " in r.reason
    assert "even pace" not in r.reason
    # without earlier M10 figures the share is 10/12, and the reason says so
    alone = sf.assess(revenue(parts[2:]), target_year=2025)["rev"]
    assert ("0.833 of the year (an even pace through the year: no earlier M10 figure to learn "
            "the season from)") in alone.reason


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"period": "M13"}, r"column 'period': 'M13' is not a period"),
        ({"period": "M10", "kind": "plan", "year": 2026}, r"column 'period': 'M10' on a plan row"),
    ],
)
def test_bad_periods_name_row_and_column(change: dict, match: str) -> None:
    df = revenue()
    extra = {
        "indicator_id": "rev",
        "year": 2025,
        "kind": "actual",
        "value": 1.0,
        "unit": "Tỷ đồng",
        "direction": "higher",
        **change,
    }
    df = pd.concat([df, pd.DataFrame([extra])], ignore_index=True)
    with pytest.raises(sf.InputError, match=match):
        sf.read_table(df)


def test_revised_target_in_force_and_by_name() -> None:
    table = sf.load_sonla_2025(revised=True)
    now = sf.assess(table, target_year=2025)["grdp_growth"]
    assert now.target == 8.0 and now.source.startswith("457/NQ-HĐND")
    assert now.revisions == "5.5 (420/NQ-HĐND 2024-12-05) -> 8 (457/NQ-HĐND 2025-02)"
    before = sf.assess(table, target_year=2025, plan_source="420/NQ-HĐND")["grdp_growth"]
    assert before.target == 5.5
    assert before.probability > now.probability  # the raised target is harder
    # Targets without a revision are untouched.
    assert sf.assess(table, target_year=2025)["poverty_rate"].revisions == ""
    with pytest.raises(sf.InputError, match="source containing 'NQ-999'"):
        sf.assess(table, target_year=2025, plan_source="NQ-999")


def test_a_level_per_10000_people_is_not_divided_by_the_share_of_the_year() -> None:
    # Doctors per 10,000 people (unit "Bác sĩ", the "per" in the name) are read at a point in
    # the year: an M10 figure of 8.95 is the projection itself, not 8.95 / (10/12) = 10.74.
    table = sf.load_sonla_2025().to_frame()
    row = table[(table["indicator_id"] == "doctors_per_10k") & (table["kind"] == "plan")].copy()
    row["kind"], row["period"], row["value"] = "actual", "M10", 8.95
    r = sf.assess(pd.concat([table, row]), target_year=2025)["doctors_per_10k"]
    assert "year-to-date figure 8.95" in r.reason
    assert r.outcome_p10 < 9.0 < r.outcome_p90  # the plan of 9 is still open


@pytest.mark.parametrize(
    ("unit", "name", "flow"),
    [("Tỷ đồng", "", True), ("Tỷ đồng/năm", "", True), ("Triệu đồng/người/ năm", "", True),
     ("Bác sĩ", "Số bác sĩ/10.000 dân", False), ("Giường bệnh/vạn dân", "", False),
     ("Nghìn lượt", "Tổng lượt khách du lịch", True),
     ("Tỷ đồng", "Kim ngạch xuất/nhập khẩu", True),  # a "/" between words is no "per"
     ("Giường", "Số giường bệnh/10.000 dân", False), ("Tỷ đồng/quy hoạch", "", False),
     ("Bác sĩ", "Số bác sĩ trên 10.000 dân", False),
     ("Bác sĩ", "Số bác sĩ trên một vạn dân", False),
     ("Tỷ đồng", "Thu ngân sách trên địa bàn", True)],
)
def test_flows_and_points_in_the_year(unit: str, name: str, flow: bool) -> None:
    assert is_flow(unit, name) is flow


def test_a_flow_per_year_is_projected_from_the_share_of_the_year() -> None:
    df = revenue([(2025, "M6", 2300.0)])
    df["unit"] = "Tỷ đồng/năm"
    r = sf.assess(df, target_year=2025)["rev"]
    assert "projected full year" in r.reason


def test_a_narrow_count_forecast_is_updated_from_its_unrounded_spread() -> None:
    # Six years at 3 communes: the full-year forecast's 15.9/50/84.1% quantiles are all 3 once
    # rounded, which gave a spread of 0 and P = 0 whatever the year-to-date figure said.
    from scipy import stats

    def table(partial: tuple[str, float] | None) -> pd.DataFrame:
        rows = [dict(indicator_id="xa", year=2019 + i, kind="actual", value=3.0, unit="xã",
                     scale="count", direction="higher", period="") for i in range(6)]
        rows.append(dict(indicator_id="xa", year=2025, kind="plan", value=4.0, unit="xã",
                         scale="count", direction="higher", period=""))
        if partial:
            rows.append(dict(indicator_id="xa", year=2025, kind="actual", value=partial[1],
                             unit="xã", scale="count", direction="higher", period=partial[0]))
        return pd.DataFrame(rows)

    full = sf.assess(table(None), target_year=2025).forecast
    assert isinstance(full, TForecast)
    assert np.unique(full.quantiles([0.158655, 0.5, 0.841345])).tolist() == [3.0]
    mu, s = full.loc[0], full.scale[0]  # the Student-t the update reads, unrounded
    z0 = np.log1p(3.0)  # 2024's figure: a count is read at a point of the year
    for period, figure in (("M3", 3.0), ("M6", 4.0)):
        f = int(period[1:]) / 12
        projection = z0 + (np.log1p(figure) - z0) / f  # the change so far at the year's pace
        loc, sd = partial_year_update(np.array([mu]), np.array([s]), np.array([projection]),
                                      np.array([f]))
        want = stats.t.sf(np.log1p(3.5), full.df[0], loc[0], sd[0])  # 4 or more
        got = sf.assess(table((period, figure)), target_year=2025)["xa"].probability
        # not the 0 or 1 of a spread of 0: 3 by March leaves a small chance of a fourth
        assert 0.0 < want < 1.0 and got == pytest.approx(want, rel=1e-6)


def test_a_flow_cannot_end_the_year_below_what_it_has_collected() -> None:
    # revenue of 8,100 by January against a target of 8,000, after years near 4,000: the
    # normal update, January weighing 1/12, put the year near 5,000 and P = 0.0000; what is
    # collected is not taken back
    df = revenue([(2025, "M1", 8100.0)])
    df.loc[(df["kind"] == "plan"), "value"] = 8000.0
    res = sf.assess(df, target_year=2025)["rev"]
    assert res.probability == 1.0 and res.outcome_p10 >= 8100.0
    assert sf.assess(df.assign(direction="lower"), target_year=2025)["rev"].probability == 0.0
    # below the target the floor changes nothing
    plain = sf.assess(revenue([(2025, "Q1", 1000.0)]), target_year=2025)["rev"]
    assert 0.0 < plain.probability < 1.0 and plain.outcome_p10 > 1000.0


def test_a_year_to_date_figure_of_zero_leaves_a_level_s_forecast_alone() -> None:
    # log(0) pulled the whole year to 0: P = 0 and the interval (0, 0, 0) from January's 0
    before = sf.assess(revenue(), target_year=2025)["rev"]
    res = sf.assess(revenue([(2025, "M1", 0.0)]), target_year=2025)["rev"]
    assert res.probability == pytest.approx(before.probability)
    assert res.partial_period == "" and "M1 figure 0 not used" in res.reason


def test_an_average_per_month_is_not_summed_over_the_year() -> None:
    # average income in triệu đồng/người/tháng, H1 = 3.6: projected as a flow to 7.2
    assert not is_flow("Triệu đồng/người/tháng") and is_flow("Triệu đồng/người/năm")
    rows = [("inc", 2020 + i, "actual", "", v) for i, v in enumerate([3.0, 3.1, 3.3, 3.4, 3.5])]
    rows += [("inc", 2025, "plan", "", 3.8), ("inc", 2025, "actual", "H1", 3.6)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "period", "value"])
    res = sf.assess(df.assign(unit="Triệu đồng/người/tháng", direction="higher"),
                    target_year=2025)["inc"]
    assert "year-to-date figure 3.6" in res.reason and res.outcome_p50 < 4.0


def test_a_year_to_date_figure_without_a_forecast_is_named() -> None:
    rows = [("one", 2024, "actual", "", 100.0), ("one", 2025, "plan", "", 120.0),
            ("one", 2025, "actual", "M9", 90.0)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "period", "value"])
    res = sf.assess(df.assign(unit="Tỷ đồng"), target_year=2025)["one"]
    assert "the M9 figure 90 is not used: no forecast of the year to update" in res.reason


def test_a_flow_past_its_target_is_settled_without_a_forecast() -> None:
    # The partial-year guide's CSV rows: one full-year figure, so no forecast, but revenue by
    # October already above the year's plan meets it (it had read "cannot assess").
    from pathlib import Path

    guide = (Path(__file__).parents[1] / "docs" / "user_guide_nowcast.md").read_text("utf-8")
    block = guide.split("```text\nindicator_id,year,kind,period")[1].split("```")[0]
    df = pd.read_csv(io.StringIO("indicator_id,year,kind,period" + block), dtype={"flow": str},
                     keep_default_na=False, na_values=[""])
    res = sf.assess(df, target_year=2025)["budget_revenue"]
    assert (res.probability, res.status) == (1.0, "met already")
    assert (res.partial_period, res.partial_value) == ("M10", 4522.0)
    assert "the M10 figure 4,522 already meets the target" in res.reason
    assert "probability needs" not in res.reason and np.isnan(res.outcome_p50)
    # targets_for_probability gives the plan the same probability (it had NaN)
    drafted = sf.targets_for_probability(df, 2025, 0.7).iloc[0]
    assert drafted.probability_of_plan == 1.0 and "already meets the target" in drafted.reason
    # a cap on spending already passed cannot be met
    spend = df.assign(direction="lower", name_vi="Chi thường xuyên")
    res = sf.assess(spend, target_year=2025)["budget_revenue"]
    assert (res.probability, res.status) == (0.0, "unlikely")
    assert "passes the target" in res.reason
    assert sf.targets_for_probability(spend, 2025, 0.7).iloc[0].probability_of_plan == 0.0
    # a figure that settles nothing is still said not to be used, and is not shown as used
    short = df.assign(value=df["value"].where(df["period"] != "M10", 3000.0))
    res = sf.assess(short, target_year=2025)["budget_revenue"]
    assert np.isnan(res.probability) and res.status == "cannot assess"
    assert "the M10 figure 3,000 is not used" in res.reason and res.partial_period == ""


def test_the_season_is_learned_from_one_figure_a_year_the_actual_first() -> None:
    # an M6 actual and an M6 estimate of 2024 were both counted: mean(0.30, 0.50, 0.52)
    part = [(2023, "M6", 0.30 * 4291.0), (2024, "M6", 0.50 * 4100.0), (2025, "M6", 1800.0)]
    df = revenue(part)
    df.loc[len(df)] = ["rev", 2024, "estimate", "M6", 0.52 * 4100.0, "Tỷ đồng", "higher"]
    res = sf.assess(df, target_year=2025)["rev"]
    assert "figure / 0.400 of the year" in res.reason


def test_a_series_that_reached_more_by_mid_year_than_over_the_year_is_not_floored() -> None:
    # outstanding credit (a stock in plain units, read as a flow): mid-year figures above the
    # year's in earlier years (a learned share of 1.05) say it is no sum over the year
    part = [(2023, "H1", 1.05 * 4291.0), (2024, "H1", 1.05 * 4100.0), (2025, "H1", 4600.0)]
    res = sf.assess(revenue(part), target_year=2025)["rev"]
    assert "figure / 1.050 of the year" in res.reason
    assert res.outcome_p10 < 4600.0 and res.probability < 1.0


def test_a_flow_said_to_add_up_cannot_reach_more_by_then_than_over_its_year() -> None:
    # a review: with flow 'yes', 2024's October figure above 2024's whole year (4,200 against
    # 4,100) was taken as a share of the year of 1.024, and October 2025's 4,600 then ended the
    # year at 4,490, below what it had collected: a target of 4,500 "unlikely" (P 0.27)
    part = [(2024, "M10", 4200.0), (2025, "M10", 4600.0)]
    with pytest.raises(sf.InputError, match=r"row 7\b.*column 'value': 4200 by M10 is above "
                       r"the actual for the whole of 2024, 4100 \(row 5\).*flow 'yes'") as info:
        sf.read_table(revenue(part).assign(flow="yes"))
    assert info.value.row == 7
    # read as a stock where the table does not say it adds up, as before (the test above)
    assert sf.assess(revenue(part), target_year=2025)["rev"].probability < 1.0
    # within the year's rounding (4,100.4 against 4,100) the figure so far still floors the
    # year: 4,600 by October meets 4,500
    near = [(2024, "M10", 4100.4), (2025, "M10", 4600.0)]
    res = sf.assess(revenue(near).assign(flow="yes"), target_year=2025)["rev"]
    assert res.probability == 1.0 and res.status == "met already"


def test_a_zero_figure_gets_one_reason() -> None:
    res = sf.assess(revenue([(2025, "M1", 0.0)]), target_year=2025)["rev"]
    assert res.reason == ("M1 figure 0 not used: a level of 0 has no logarithm, so the forecast "
                          "is not updated")


def test_a_flow_whose_season_reaches_the_whole_year_by_mid_year_is_still_floored() -> None:
    # a learned share of exactly 1 (nothing comes in after June) is a flow: the floor held
    # for 0.999 and fell away at 1.0 (P 1.0 -> 0.33)
    part = [(2023, "H1", 4291.0), (2024, "H1", 4100.0), (2025, "H1", 4600.0)]
    res = sf.assess(revenue(part), target_year=2025)["rev"]
    assert "figure / 1.000 of the year" in res.reason and res.probability == 1.0


def test_a_student_t_forecast_keeps_its_tails_through_the_update() -> None:
    # The drift model's forecast is a Student-t (about 2.3 degrees of freedom with two points
    # a series). The update had replaced it by a normal of the same 15.9/84.1% spread, so a
    # January figure at the forecast's own centre took a tail probability from 0.178 to 0.
    # Now it keeps its degrees of freedom: as f -> 0 it is the forecast itself.
    from scipy import special, stats

    tbl = sf.load_sonla_2025()
    before = sf.assess(tbl, target_year=2025)
    fc = before.forecast
    assert isinstance(fc, TForecast) and np.isfinite(fc.df).all()
    df = tbl.to_frame()
    iid = "safe_electricity_rate"
    i = list(before.forecast_rows).index(list(before.to_frame()["indicator_id"]).index(iid))
    last = df[(df.indicator_id == iid) & (df.kind != "plan")].iloc[-1].to_dict()
    # a share is read at a point of the year: a January figure a twelfth of the way from 2024's
    # figure to the forecast's centre is on the expected path
    f = 1.0 / 12.0
    z0 = special.logit(last["value"] / 100.0)
    on_path = 100.0 * special.expit(z0 + f * (fc.loc[i] - z0))
    m1 = pd.DataFrame([last | dict(year=2025, kind="actual", period="M1", value=on_path)])
    after = sf.assess(pd.concat([df, m1], ignore_index=True), target_year=2025)
    p0, p1 = before[iid].probability, after[iid].probability
    # the same t, centre unmoved, scale times sqrt(11/12): P of a target in its upper tail
    thr_z = stats.t.isf(p0, fc.df[i], fc.loc[i], fc.scale[i])
    want = stats.t.sf(thr_z, fc.df[i], fc.loc[i], np.sqrt(1.0 - f) * fc.scale[i])
    assert 0.02 < p0 < 0.05 and p1 == pytest.approx(want, rel=1e-6)
    assert p1 > 0.8 * p0  # the normal had given 0.0015


def test_the_summary_says_which_targets_a_figure_of_the_year_updated() -> None:
    # The printed table had no column for it: only the changed probability gave it away.
    text = sf.assess(revenue([(2025, "M10", 3900.0)]), target_year=2025).summary()
    assert "Year-to-date figures used: rev (M10)" in text
    assert "year-to-date" not in sf.assess(revenue(), target_year=2025).summary()
    revised = sf.assess(sf.load_sonla_2025(revised=True), target_year=2025).summary()
    assert "Targets with more than one version: grdp_growth (column revisions)" in revised


# Counts given on whole numbers (refclass, plan_record, the combination's refclass part)


def communes(history: list[float], plan: float, partial: tuple[str, float] | None = None,
             peers: bool = True) -> pd.DataFrame:
    """A count of communes with a 2025 plan, a year-to-date figure and (for the reference
    class, which needs ten steps) four peer counts."""
    series = {"xa": history}
    if peers:
        series |= {"p1": [5, 5, 6, 6, 7, 7], "p2": [10, 10, 10, 11, 11, 11],
                   "p3": [2, 2, 2, 2, 2, 2], "p4": [8, 9, 9, 9, 10, 10]}
    rows = [dict(indicator_id=i, year=2019 + k, kind="actual", value=float(v), period="")
            for i, vals in series.items() for k, v in enumerate(vals)]
    rows.append(dict(indicator_id="xa", year=2025, kind="plan", value=plan, period=""))
    if partial:
        rows.append(dict(indicator_id="xa", year=2025, kind="actual", value=partial[1],
                         period=partial[0]))
    return pd.DataFrame(rows).assign(unit="xã", scale="count", direction="higher")


@pytest.mark.parametrize("model", ["refclass", "combination", "plan_record", "drift"])
def test_a_count_already_past_the_plan_by_november_meets_it(model: str) -> None:
    # 9 communes by November against a plan of 7, where no draw of the reference class passed
    # 6: Bayes' rule on the draws' numbers kept P at 0 (a review); the forecast is moved
    # toward the figure instead, as a Student-t is
    table = communes([3, 3, 4, 4, 5, 5], 7.0, ("M11", 9.0))
    if model == "plan_record":  # it needs past plans
        table = pd.concat([table, pd.DataFrame([dict(indicator_id="xa", year=2024, kind="plan",
                                                     value=5.0, period="", unit="xã",
                                                     scale="count", direction="higher")])])
    r = sf.assess(table, target_year=2025, model=model, rng=1)["xa"]
    assert r.probability > 0.99 and r.outcome_p50 >= 8


def test_one_target_s_update_does_not_depend_on_another_s_figure() -> None:
    # Bayes' rule on whole numbers put every count on one range, as wide as the widest: a
    # second target's June figure moved the first one's interval (plan_record: 73/73/73
    # against 93/95/95, a review's table of 12 counts with 20 years of plans and outcomes)
    rng = np.random.default_rng(0)
    rows = []
    for j in range(12):
        for y in range(2005, 2026):
            plan = float(round((20.0 + 10 * j) * 1.05 ** (y - 2005)))
            rows.append(dict(indicator_id=f"s{j}", year=y, kind="plan", value=plan, period=""))
            if y < 2025:
                rows.append(dict(indicator_id=f"s{j}", year=y, kind="actual", period="",
                                 value=float(max(0, round(plan * np.exp(rng.normal(0, 0.04)))))))
    rows.append(dict(indicator_id="s0", year=2025, kind="actual", value=95.0, period="M11"))
    table = pd.DataFrame(rows).assign(unit="cái", scale="count", direction="higher")
    june = pd.DataFrame([dict(indicator_id="s11", year=2025, kind="actual", value=265.0,
                              period="M6", unit="cái", scale="count", direction="higher")])
    alone = sf.assess(table, target_year=2025, model="plan_record")["s0"]
    both = sf.assess(pd.concat([table, june], ignore_index=True), target_year=2025,
                     model="plan_record")["s0"]
    assert (alone.probability, alone.outcome_p10, alone.outcome_p90) == (
        both.probability, both.outcome_p10, both.outcome_p90)
    assert alone.outcome_p50 >= 85  # moved most of the way to the November figure


@pytest.mark.parametrize("model", ["refclass", "combination"])
def test_a_figure_confirming_a_narrow_count_never_raises_the_chance_of_more(model: str) -> None:
    # six years at 3 communes: a March figure of 3 must not make 4 likelier (the spread of
    # the count over its half units, tried and reverted, did: 0.0006 -> 0.056); nor may a
    # figure at the forecast's median spread it
    before = sf.assess(communes([3] * 6, 4.0), target_year=2025, model=model, rng=1)["xa"]
    after = sf.assess(communes([3] * 6, 4.0, ("M3", 3.0)), target_year=2025, model=model,
                      rng=1)["xa"]
    assert after.probability <= before.probability
    assert after.partial_period == "M3"


def test_a_narrow_count_of_the_combination_is_updated_like_its_drift_part() -> None:
    # Without peers the reference class cannot be fitted and the combination is the drift
    # model alone: its update must be the drift model's. The combination's rounded quantiles
    # were all 3, so the update had no spread and P stayed 0 with 4 communes by June (0.38,
    # when a count's figure was read as the year's).
    for figure in (3.0, 4.0):
        table = communes([3] * 6, 4.0, ("M6", figure), peers=False)
        drift = sf.assess(table, target_year=2025, model="drift")["xa"]
        comb = sf.assess(table, target_year=2025, model="combination", rng=1)["xa"]
        assert comb.model == "drift" and 0.0 < drift.probability < 1.0
        assert comb.probability == pytest.approx(drift.probability, rel=1e-9)


def test_the_combination_updates_each_model_and_keeps_its_weights() -> None:
    from sonla_forecast.assess import nowcast
    from sonla_forecast.models import MixtureForecast

    table = sf.read_table(communes([3, 3, 4, 4, 5, 5], 6.0, ("M6", 6.0)))
    fitted = sf.models.get_model("combination").fit(
        sf.models.base.Panel(values=table.to_frame().pivot_table(
            index="indicator_id", columns="year", values="value").loc[:, :2024].to_numpy(),
            years=np.arange(2019, 2025), scale=("count",) * 5))
    fc = fitted.forecast(1)
    assert isinstance(fc, MixtureForecast) and len(fc.components) == 2
    targets = pd.DataFrame({"region": "", "indicator_id": sorted(["xa", "p1", "p2", "p3", "p4"]),
                            "scale": "count", "unit": "xã", "name_vi": ""})
    both, *_ = nowcast(fc, table, targets, 2025)
    each = [nowcast(c, table, targets, 2025)[0] for c in fc.components]
    six = np.full(5, 6.0)
    want = sum(w * c.prob_meets(six, ["higher"] * 5) for w, c in zip(fc.weights, each,
                                                                    strict=True))
    np.testing.assert_allclose(both.prob_meets(six, ["higher"] * 5), want, atol=1e-12)


def test_earlier_figures_of_0_by_then_give_an_even_pace_not_a_figure_of_0() -> None:
    # Earlier years had 0 by June: the learned share of the year was 0, the projection 60 / 0,
    # a numpy warning, and the reason said the figure 60 was 0 ("a level of 0 has no logarithm")
    import warnings

    df = revenue([(2022, "M6", 0.0), (2023, "M6", 0.0), (2025, "M6", 2400.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = sf.assess(df, target_year=2025)["rev"]
    assert r.partial_period == "M6" and "no logarithm" not in r.reason
    assert "even pace through the year: earlier M6 figures were 0" in r.reason
    assert "projected full year 4,800" in r.reason


def _held_at_100(figure: float) -> pd.DataFrame:
    """Household electricity held at 100% for six years (plans met), two peers, a 2025 plan of
    100 and a mid-year figure."""
    series = {"power": [97.0, 98.0, 99.0] + [100.0] * 6,
              "school": [80.0, 82.0, 83.5, 85.0, 86.0, 88.0, 89.0, 90.0, 91.0],
              "water": [70.0, 72.0, 75.0, 78.0, 80.0, 81.0, 83.0, 85.0, 86.0]}
    rows = []
    for i, vals in series.items():
        for y, v in zip(range(2016, 2025), vals, strict=True):
            rows += [dict(indicator_id=i, year=y, kind="actual", value=v, period=""),
                     dict(indicator_id=i, year=y, kind="plan", value=min(100.0, v + 0.5),
                          period="")]
        rows.append(dict(indicator_id=i, year=2025, kind="plan", value=min(100.0, vals[-1] + 1),
                         period=""))
    rows.append(dict(indicator_id="power", year=2025, kind="actual", value=figure, period="H1"))
    return pd.DataFrame(rows).assign(unit="%", direction="higher")


@pytest.mark.parametrize("model", ["plan_record", "refclass", "combination"])
def test_a_rate_held_at_100_that_falls_to_95_by_june_is_unlikely_to_end_at_100(
        model: str) -> None:
    # the moved forecast's cdf was read through the natural scale, where the draws at 100 sit
    # at 99.99: P 0.61 with every quantile at 99.77 (plan_record, a review)
    res = sf.assess(_held_at_100(95.0), target_year=2025, model=model, rng=1)
    r = res["power"]
    assert r.probability < 0.15
    row = list(res.to_frame()["indicator_id"]).index("power")
    draws = res.forecast.draws(4000, rng=2)[res.forecast_rows.index(row)]
    assert r.probability == pytest.approx(np.mean(draws >= r.threshold), abs=0.03)


def test_a_level_planned_at_0_is_floored_not_moved() -> None:
    # plan_record puts its point mass on a plan of 0 ha burnt: its median has no logarithm,
    # and moving it stopped the assessment ("centre and shift must be finite")
    rows = []
    for y, a, p in [(2019, 12.0, 10.0), (2020, 8.0, 10.0), (2021, 5.0, 5.0), (2022, 6.0, 5.0),
                    (2023, 3.0, 3.0), (2024, 2.0, 2.0)]:
        rows += [dict(indicator_id="burnt", year=y, kind="actual", value=a, period=""),
                 dict(indicator_id="burnt", year=y, kind="plan", value=p, period="")]
    rows += [dict(indicator_id="burnt", year=2025, kind="plan", value=0.0, period=""),
             dict(indicator_id="burnt", year=2025, kind="actual", value=1.5, period="H1")]
    table = pd.DataFrame(rows).assign(unit="ha", name_vi="Diện tích rừng bị cháy",
                                      direction="lower", scale="level")
    r = sf.assess(table, target_year=2025, model="plan_record")["burnt"]
    assert r.probability == 0.0 and r.outcome_p50 >= 1.5
    assert "its median is 0, which has no logarithm" in r.reason


@pytest.mark.parametrize("bound, direction, target, near", [
    (0.0, "lower", 0.0, [0.001, 0.005]), (100.0, "higher", 100.0, [99.999, 99.995])])
def test_a_year_to_date_percentage_near_a_bound_reads_as_its_history_at_the_bound(
        bound: float, direction: str, target: float, near: list[float]) -> None:
    # History at 0 (held 0.01 inside for the logit); a year-to-date 0.001% sat below it and
    # gave P 0.999 where 0 itself gave 0.59 (review): read at the bound, as the history is.
    def p(ytd: float) -> tuple[float, str]:
        df = pd.DataFrame({"indicator_id": "loss", "unit": "%", "direction": direction,
                           "year": [2022, 2023, 2024, 2025, 2025],
                           "kind": ["actual", "actual", "actual", "plan", "actual"],
                           "period": ["", "", "", "", "M9"],
                           "value": [bound, bound, bound, target, ytd]})
        t = sf.assess(df, target_year=2025)["loss"]
        return t.probability, t.reason

    at, _ = p(bound)
    for v in near:
        prob, why = p(v)
        assert prob == pytest.approx(at), v
        assert "read at" in why
        assert "được tính bằng" in _reason(why, "vi")  # the Vietnamese page words it
    # beside a history inside the margin, a figure at the bound is not used
    df = pd.DataFrame({"indicator_id": "loss", "unit": "%", "direction": direction,
                       "year": [2023, 2024, 2025, 2025],
                       "kind": ["actual", "actual", "plan", "actual"], "period": ["", "", "", "M9"],
                       "value": [near[0], near[1], target, bound]})
    t = sf.assess(df, target_year=2025)["loss"]
    assert "not used: a percentage at its bound beside a history within" in t.reason
    assert "tỷ lệ nằm đúng ở biên" in _reason(t.reason, "vi")


def test_a_year_to_date_total_that_falls_within_the_year_is_said() -> None:
    # Revenue M6 3000 then M9 2000: a year-to-date total does not fall; it was used silently
    # (the forecast could end below the 3000 already reached).
    df = pd.DataFrame({"indicator_id": "rev", "unit": "Tỷ đồng",
                       "year": [2023, 2024, 2025, 2025, 2025],
                       "kind": ["actual", "actual", "plan", "actual", "actual"],
                       "period": ["", "", "", "M6", "M9"],
                       "value": [4291.0, 4100.0, 4500.0, 3000.0, 2000.0]})
    t = sf.assess(df, target_year=2025)["rev"]
    assert t.partial_period == "M9"
    assert "the M9 figure 2,000 is below the M6 figure 3,000 of the same year" in t.reason
    assert "thấp hơn số liệu 6 tháng (3.000) của cùng năm" in _reason(t.reason, "vi")
    # rising figures say nothing of it
    ok = sf.assess(df.assign(value=[4291.0, 4100.0, 4500.0, 2000.0, 3000.0]),
                   target_year=2025)["rev"]
    assert "is below the" not in ok.reason


def _stock(flow: str | None, ytd: float = 1325.0) -> sf.TargetAssessment:
    years = list(range(2015, 2025))
    df = pd.DataFrame({"indicator_id": "pop", "name_vi": "Dân số trung bình",
                       "unit": "Nghìn người", "direction": "higher",
                       "year": [*years, 2025, 2025],
                       "kind": ["actual"] * 10 + ["plan", "actual"],
                       "period": [""] * 11 + ["M6"],
                       "value": [1200.0 + 12 * i for i in range(10)] + [1330.0, ytd]})
    if flow is not None:
        df["flow"] = [flow] + [""] * 11  # one row says it, for the whole series
    return sf.assess(df, target_year=2025)["pop"]


def test_the_flow_column_decides_whether_a_year_to_date_figure_is_a_part_of_the_year() -> None:
    # Population in "Nghìn người" is a stock: read as a flow, 1,325 by June projected 2,650 for
    # the year (P = 1.00 for a plan of 1,330). The flow column says otherwise.
    inferred, stock = _stock(None), _stock("no")
    assert "projected full year 2,650" in inferred.reason and inferred.probability > 0.99
    # read at a point: 1,325 by June, 17 above 2024's 1,308, and the rest of the year's rise
    # to come (about 6) reach the plan of 1,330 a little more often than not
    assert "year-to-date figure 1,325" in stock.reason and 0.5 < stock.probability < 0.7
    assert "from 2024's 1,308" in stock.reason
    for spelt in ("No", "false", "0", "không"):
        assert _stock(spelt).probability == stock.probability
    assert _stock("yes").probability == inferred.probability
    # a share that adds up over the year (a disbursement rate): projected, not read at 45%
    df = pd.DataFrame({"indicator_id": "disb", "unit": "%", "direction": "higher",
                       "year": [*range(2015, 2025), 2025, 2025],
                       "kind": ["actual"] * 10 + ["plan", "actual"],
                       "period": [""] * 11 + ["M6"],
                       "value": [92.0, 93, 95, 94, 96, 95, 97, 96, 95, 96, 95, 45]})
    level = sf.assess(df, target_year=2025)["disb"]
    flow = sf.assess(df.assign(flow="yes"), target_year=2025)["disb"]
    assert level.probability < 0.01 and "year-to-date figure 45" in level.reason
    assert "projected full year 90" in flow.reason and flow.probability > 0.1
    assert flow.outcome_p10 >= 45.0  # floored at the figure so far


def test_the_flow_column_is_checked() -> None:
    base = pd.DataFrame({"indicator_id": "x", "unit": "Tỷ đồng", "year": [2023, 2024, 2025],
                         "kind": ["actual", "actual", "plan"], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(sf.InputError, match=r"row 0 \(x\), column 'flow': 'maybe' is not valid"):
        sf.read_table(base.assign(flow=["maybe", "", ""]))
    with pytest.raises(sf.InputError, match=r"column 'flow'.*several flows"):
        sf.read_table(base.assign(flow=["yes", "no", ""]))
    with pytest.raises(sf.InputError, match=r"column 'flow'.*growth rate"):
        sf.read_table(base.assign(flow="yes", scale="rate", unit="%"))
    t = sf.read_table(base.assign(flow=[True, np.nan, None]))
    assert t.to_frame()["flow"].tolist() == ["yes"] * 3  # one per series, on all its rows
    assert sf.read_table(t.to_frame()).to_frame().equals(t.to_frame())  # reads back the same


def test_a_year_to_date_figure_of_an_earlier_year_alone_is_said_not_used() -> None:
    # November: drafting 2026 beside 2025's M9 figure, no 2025 estimate yet. The figure
    # updates nothing (only its own year's forecast); it was ignored without a word.
    df = pd.DataFrame({"indicator_id": "rev", "unit": "Tỷ đồng",
                       "year": [2022, 2023, 2024, 2025, 2026],
                       "kind": ["actual", "actual", "actual", "actual", "plan"],
                       "period": ["", "", "", "M9", ""],
                       "value": [4000.0, 4291.0, 4100.0, 3300.0, 4800.0]})
    res = sf.assess(df, target_year=2026)
    [note] = [n for n in res.notes if n.startswith("year-to-date figures of earlier years")]
    assert "(rev 2025 M9)" in note
    assert res["rev"].baseline_year == 2024
    page = sf.render_html(res, table=sf.read_table(df), lang="vi", charts=False)
    assert "Số liệu từ đầu năm của các năm trước không được dùng (rev 2025 M9)" in page
    # with the year's estimate beside it, nothing to say
    full = pd.concat([df, pd.DataFrame({"indicator_id": ["rev"], "unit": ["Tỷ đồng"],
                                        "year": [2025], "kind": ["estimate"], "period": [""],
                                        "value": [4400.0]})], ignore_index=True)
    assert not [n for n in sf.assess(full, target_year=2026).notes if "year-to-date" in n]


def _disbursement(by_september: float) -> sf.TargetAssessment:
    """A disbursement rate marked flow yes (history 80-92%, plan 95%) with its M9 figure."""
    df = pd.DataFrame({"indicator_id": "disb", "unit": "%", "direction": "higher",
                       "flow": "yes", "year": [2021, 2022, 2023, 2024, 2025, 2025],
                       "kind": ["actual"] * 4 + ["plan", "actual"],
                       "period": [""] * 5 + ["M9"],
                       "value": [80.0, 85.0, 90.0, 92.0, 95.0, by_september]})
    return sf.assess(df, target_year=2025)["disb"]


def test_a_projection_past_the_bound_is_said_and_the_outcome_stays_within_it() -> None:
    # flow yes on a disbursement rate: 90% by September at an even pace is 120% "projected";
    # the outcome stays within 100, and the reason says why (regression review)
    t = _disbursement(90.0)
    assert "projected full year 120 = figure / 0.750" in t.reason
    assert "the projection passes 100, the most the indicator can reach" in t.reason
    assert "ước cả năm vượt 100" in _reason(t.reason, "vi")
    assert t.outcome_p90 <= 100.0
    assert "passes" not in _disbursement(70.0).reason
    # a capped count far ahead of pace: its projection (300) is not pulled down to the cap,
    # which with the model's median made 190 of 200 all but impossible (P 0.003, review)
    count = pd.DataFrame({"indicator_id": "n", "unit": "xã", "scale": "count", "cap": 200.0,
                          "flow": "yes", "direction": "higher",
                          "year": [2020, 2021, 2022, 2023, 2024, 2025, 2025],
                          "kind": ["actual"] * 5 + ["plan", "actual"],
                          "period": [""] * 6 + ["M6"],
                          "value": [100.0, 110.0, 120.0, 130.0, 140.0, 190.0, 150.0]})
    n = sf.assess(count, target_year=2025)["n"]
    assert n.probability > 0.9 and n.outcome_p90 <= 200.0
    assert "the projection passes 200" in n.reason


def test_a_growth_rate_said_to_add_up_is_refused_on_the_row_that_says_it() -> None:
    df = pd.DataFrame({"indicator_id": "g", "unit": "%", "scale": "rate",
                       "year": [2023, 2024, 2025], "kind": ["actual", "actual", "plan"],
                       "value": [5.0, 6.0, 7.0], "flow": ["", "", "yes"]})
    with pytest.raises(sf.InputError, match=r"^row 2 \(g\), column 'flow': yes is not valid"):
        sf.read_table(df)


def test_a_projection_shown_as_the_bound_is_not_said_to_pass_it() -> None:
    # 75.01% by September projects to 100.013, printed "100": "passes 100" beside it read as a
    # contradiction (review of the last commit)
    t = _disbursement(75.01)
    assert "projected full year 100 =" in t.reason and "passes" not in t.reason


def _share_with_ytd(period: str, ytd: float | None, hist: list[float] | None = None,
                    unit: str = "%") -> pd.DataFrame:
    hist = hist or [60.0, 62.5, 65.0, 67.5]
    df = pd.DataFrame({"indicator_id": "trained", "unit": unit, "direction": "higher",
                       "name_vi": "Tỷ lệ lao động qua đào tạo",
                       "year": [2021, 2022, 2023, 2024, 2025],
                       "kind": ["actual"] * 4 + ["plan"], "period": [""] * 5,
                       "value": [*hist, 70.0]})
    if ytd is not None:
        df = pd.concat([df, df.iloc[[3]].assign(year=2025, period=period, value=ytd)],
                       ignore_index=True)
    return df


def test_a_figure_read_at_a_point_of_the_year_ends_the_year_with_the_rest_of_its_change() -> None:
    # A share (or a count, a stock) by September is a point on the year's path: on a random
    # walk the year ends at it plus a quarter of a year's change, with a quarter of the year's
    # variance. Its figure was read as the year's own (the figure itself as the projection),
    # which pulled a count already past its plan by March back below it (review: 61 communes
    # by March against a plan of 60, P 0.32).
    from scipy import special, stats

    fc = sf.assess(_share_with_ytd("M9", None), target_year=2025).forecast
    assert isinstance(fc, TForecast)
    z0, z9 = special.logit(0.675), special.logit(0.69)
    f = 0.75
    loc = z9 + (1.0 - f) * (fc.loc[0] - z0)
    want = stats.t.sf(special.logit(0.6995), fc.df[0], loc, np.sqrt(1.0 - f) * fc.scale[0])
    got = sf.assess(_share_with_ytd("M9", 69.0), target_year=2025)["trained"]
    assert got.probability == pytest.approx(want, rel=1e-9)
    assert "the year ends at it plus the rest of the year's expected change" in got.reason
    assert "(from 2024's 67.5)" in got.reason
    assert "theo nhịp dự báo tính từ mức 67,5 năm 2024" in _reason(got.reason, "vi")
    # a figure on the expected path leaves the centre where it was
    on_path = 100.0 * special.expit(z0 + f * (fc.loc[0] - z0))
    moved = sf.assess(_share_with_ytd("M9", on_path), target_year=2025).forecast
    assert moved.quantiles([0.5])[0, 0] == pytest.approx(fc.quantiles([0.5])[0, 0], rel=1e-9)


def test_a_count_past_its_plan_early_in_the_year_is_likely_to_meet_it() -> None:
    rows = [dict(indicator_id="nrd", year=2020 + k, kind="actual", value=float(v), period="")
            for k, v in enumerate([55, 56, 57, 58, 59])]
    rows += [dict(indicator_id="nrd", year=2025, kind="plan", value=60.0, period=""),
             dict(indicator_id="nrd", year=2025, kind="actual", value=61.0, period="M3")]
    df = pd.DataFrame(rows).assign(unit="xã", scale="count", direction="higher")
    t = sf.assess(df, target_year=2025)["nrd"]
    assert t.probability > 0.8 and t.outcome_p50 >= 61
    # more communes by March never make the plan less likely
    probs = [sf.assess(df.assign(value=[*df.value[:-1], v]), target_year=2025)["nrd"].probability
             for v in (58.0, 59.0, 60.0, 61.0, 63.0)]
    assert probs == sorted(probs)


def test_an_average_of_the_months_so_far_is_an_estimate_of_the_years() -> None:
    # An income per month (an average), like a growth rate, is not a point on a path: its
    # figure is itself the projection of the year's.
    df = _share_with_ytd("M9", 3.7, hist=[3.0, 3.2, 3.4, 3.6],
                         unit="Triệu đồng/người/tháng").assign(scale="level")
    df.loc[df.kind == "plan", "value"] = 3.8
    t = sf.assess(df, target_year=2025)["trained"]
    assert t.partial_period == "M9" and "year-to-date figure 3.7" in t.reason
    assert "read at a point" not in t.reason


def test_a_figure_read_at_a_point_after_a_gap_adds_a_quarter_of_a_years_change() -> None:
    # History ending in 2023, a 2025 target, a September figure: the year ends at the figure
    # plus a quarter of the forecast's yearly change (half its two-year change), with (1 - f)
    # of the two-year forecast's variance kept (wider than a random walk's quarter of one
    # year's: a model's spread per year is not its two-year spread / 2 in every model).
    from scipy import special, stats

    df = _share_with_ytd("M9", None)
    df = df[df.year != 2024].copy()
    fc = sf.assess(df, target_year=2025).forecast
    assert isinstance(fc, TForecast)
    z0, z9, f = special.logit(0.65), special.logit(0.69), 0.75
    loc = z9 + (1.0 - f) * (fc.loc[0] - z0) / 2.0
    scale = np.sqrt(1.0 - f) * fc.scale[0]
    want = stats.t.sf(special.logit(0.6995), fc.df[0], loc, scale)
    got = sf.assess(pd.concat([df, _share_with_ytd("M9", 69.0).iloc[[-1]]]), target_year=2025)
    assert got["trained"].probability == pytest.approx(want, rel=1e-9)
    assert "(from 2023's 65)" in got["trained"].reason


def test_a_structure_share_or_a_flow_column_of_average_reads_the_figure_as_the_years() -> None:
    # A structure's share of the output so far, reported for six or nine months, averages the
    # months: its figure is the year's projection, with weight f (a review: read at a point,
    # agriculture's 29.5% at H1 after 32.4% took P from 0.63 to 0.06).
    from scipy import special, stats

    def share(period: str | None, **cols: str) -> pd.DataFrame:
        df = _share_with_ytd(period or "H1", 29.5 if period else None,
                             hist=[34.0, 33.5, 33.0, 32.4]).assign(**cols)
        df.loc[df.kind == "plan", "value"] = 31.5
        return df

    band = share(None, direction="band")
    fc = sf.assess(band, target_year=2025).forecast
    assert isinstance(fc, TForecast)
    mu, s, f = fc.loc[0], fc.scale[0], 0.5
    loc, sd = (1.0 - f) * mu + f * special.logit(0.295), np.sqrt(1.0 - f) * s
    got = sf.assess(share("H1", direction="band"), target_year=2025)["trained"]
    assert "weight 0.50" in got.reason and "read at a point" not in got.reason
    want = (stats.t.cdf(special.logit(0.325), fc.df[0], loc, sd)  # within 31.5 ± 1 point
            - stats.t.cdf(special.logit(0.305), fc.df[0], loc, sd))
    assert got.probability == pytest.approx(want, rel=1e-6)
    # the flow column decides: 'average' for any share, 'no' reads a structure's at a point
    plain = sf.assess(share("H1"), target_year=2025)["trained"]
    averaged = sf.assess(share("H1", flow="average"), target_year=2025)["trained"]
    assert "read at a point" in plain.reason and "read at a point" not in averaged.reason
    for spelt in ("Average", "trung bình", "BÌNH QUÂN", "trung  bình"):
        again = sf.assess(share("H1", flow=spelt), target_year=2025)["trained"]
        assert again.probability == averaged.probability
    # a share of GRDP with a direction of its own, named as one: an average too
    for name in ("Tỷ trọng nông, lâm nghiệp, thủy sản trong GRDP", "Tỉ trọng nông nghiệp"):
        named = share("H1", direction="lower", name_vi=name)
        assert "weight 0.50" in sf.assess(named, target_year=2025)["trained"].reason, name
    # not "công ty trong ...": a company is no share of a total
    firm = share("H1", name_vi="Tỷ lệ công ty trong khu công nghiệp có xử lý nước thải")
    assert "read at a point" in sf.assess(firm, target_year=2025)["trained"].reason
    at_point = sf.assess(share("H1", direction="band", flow="no"), target_year=2025)["trained"]
    assert "read at a point" in at_point.reason
    assert "cập nhật theo số liệu 6 tháng: số liệu đến kỳ 29,5" in _reason(
        plain.reason, "vi")


def test_a_count_read_at_a_point_far_below_last_year_at_the_years_pace_is_questioned() -> None:
    # 5,600 new jobs by June after 10,800 in the year before, read at a point (a count): P fell
    # from 0.57 to 0.00 without a word (a province's review); the reason says how to mark a flow
    jobs = pd.DataFrame({"indicator_id": "jobs", "year": [2022, 2023, 2024, 2025, 2025],
                         "kind": ["actual"] * 3 + ["plan", "actual"],
                         "period": ["", "", "", "", "M6"], "unit": "người",
                         "name_vi": "Số lao động được giải quyết việc làm mới",
                         "value": [10500.0, 10620.0, 10800.0, 11000.0, 5600.0]})
    why = sf.assess(jobs, target_year=2025)["jobs"].reason
    assert why.endswith("; the figure is 48% below 2024's, near the share of the year its months "
                        "are: if the indicator adds up over the year, give it flow 'yes'")
    assert _reason(why, "vi").endswith("số liệu này thấp hơn 48% so với năm 2024, gần bằng phần "
                                       "của năm đã qua: nếu chỉ tiêu cộng dồn trong năm, hãy ghi "
                                       "cột flow là 'yes'")
    # said to be read at a point (flow 'no'), or a flow: no question; a stock near last year's
    # figure, or one far below it but not at the year's pace (1,000 by June), neither
    for table in (jobs.assign(flow="no"), jobs.assign(flow="yes"),
                  jobs.assign(value=[10500.0, 10620.0, 10800.0, 11000.0, 10900.0]),
                  jobs.assign(value=[10500.0, 10620.0, 10800.0, 11000.0, 1000.0])):
        assert "give it flow 'yes'" not in sf.assess(table, target_year=2025)["jobs"].reason
    # by September too (8,200 is 24% below; the first rule, a fall of 30%, missed it); not by
    # November, where a year's pace and the year are within 15% (a regression review)
    nine = jobs.assign(period=["", "", "", "", "M9"],
                       value=[10500.0, 10620.0, 10800.0, 11000.0, 8200.0])
    assert "the figure is 24% below 2024's" in sf.assess(nine, target_year=2025)["jobs"].reason
    eleven = nine.assign(period=["", "", "", "", "M11"],
                         value=[10500.0, 10620.0, 10800.0, 11000.0, 9950.0])
    assert "give it flow 'yes'" not in sf.assess(eleven, target_year=2025)["jobs"].reason
    # a stock meant to fall (poor households), or a fall the plan foresees, is no question
    poor = jobs.assign(name_vi="Số hộ nghèo", direction="lower",
                       value=[27000.0, 26000.0, 25000.0, 15000.0, 15500.0])
    assert "give it flow 'yes'" not in sf.assess(poor, target_year=2025)["jobs"].reason
    cut = jobs.assign(name_vi="Số xã đặc biệt khó khăn", direction="higher",
                      value=[64.0, 64.0, 64.0, 30.0, 32.0])
    assert "give it flow 'yes'" not in sf.assess(cut, target_year=2025)["jobs"].reason
    # 15% below, exactly, is a fall foreseen (the docstring's "15% or more")
    from sonla_forecast.assess import looks_like_a_flow
    assert not looks_like_a_flow(5600, 10800, 0.5, plan=0.85 * 10800)
    assert looks_like_a_flow(5600, 10800, 0.5, plan=0.85 * 10800 + 1)


@pytest.mark.parametrize("model", ["drift", "combination", "naive"])
def test_a_flow_already_past_its_target_is_settled_and_said(model: str) -> None:
    # revenue by October past the year's plan had P = 1 and status "on track" (an API review):
    # a year-to-date total is not taken back, so the target is met already
    r = sf.assess(revenue([(2025, "M10", 4600.0)]), target_year=2025, model=model)["rev"]
    assert r.probability == 1.0 and r.status == "met already"
    assert "the M10 figure 4,600 already meets the target, and a year-to-date total is not " \
           "taken back: it is met" in r.reason
    # on the threshold as printed (4,499.5 rounds to 4,500) it is met too; below it, not settled
    at = sf.assess(revenue([(2025, "M10", 4499.5)]), target_year=2025, model=model)["rev"]
    assert at.status == "met already"
    # a figure that prints like its target is given in full: "4,500 already meets the target"
    # of 4,500 hid which side of it the figure was (4,499.5 or 4,500.46); in Vietnamese too
    assert "the M10 figure 4,499.5 already meets" in at.reason
    near = sf.assess(revenue([(2025, "M10", 4500.46)]), target_year=2025, model=model)["rev"]
    assert "the M10 figure 4,500.46 already meets" in near.reason
    assert "số liệu 10 tháng (4.500,46) đã đạt mục tiêu" in _reason(near.reason, "vi")
    # a sum's float noise is no figure (2020.9 + 2076.8 + 402.3 = 4500.000000000001)
    noise = sf.assess(revenue([(2025, "M10", 2020.9 + 2076.8 + 402.3)]), target_year=2025,
                      model=model)["rev"]
    assert "the M10 figure 4,500 already meets" in noise.reason
    below = sf.assess(revenue([(2025, "M10", 4499.0)]), target_year=2025, model=model)["rev"]
    assert below.status != "met already" and "already meets" not in below.reason
    # a flow meant to stay low (accidents), past its ceiling: it cannot be met
    low = revenue([(2025, "H1", 4700.0)]).assign(direction="lower", flow="yes")
    r = sf.assess(low, target_year=2025, model=model)["rev"]
    assert r.probability == 0.0 and r.status == "unlikely"
    assert "the H1 figure 4,700 already passes the target, and a year-to-date total is not " \
           "taken back: it cannot be met" in r.reason
    # met at the baseline (4,100 within 4,500), but not this year: nothing says it needs no
    # further progress (a regression review)
    assert "no further progress is needed" not in r.reason
    # a figure read at a point (a stock) past its target settles nothing
    stock = revenue([(2025, "M10", 4600.0)]).assign(flow="no")
    assert "already meets" not in sf.assess(stock, target_year=2025, model=model)["rev"].reason
