"""Tests of the rolling-origin backtest (sonla_forecast.backtest)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sonla_forecast as sf
from plan_tables import planned_levels
from sonla_forecast import scoring
from sonla_forecast.assess import BASELINES


def panel_table(n_series: int = 8, years: range = range(2015, 2024), seed: int = 3) -> pd.DataFrame:
    """Positive random-walk levels with a plan every year from 2019 (last value + 5%)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_series):
        x = 100.0 * np.exp(np.cumsum(rng.normal(0.03, 0.05, len(years))))
        for y, v in zip(years, x, strict=True):
            rows.append((f"s{i}", y, "actual", round(float(v), 2)))
            if y >= 2019:
                prev = x[y - years.start - 1]
                rows.append((f"s{i}", y, "plan", round(float(prev) * 1.05, 2)))
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value"])
    df["unit"] = "Tỷ đồng"
    df["direction"] = "higher"
    return df


@pytest.fixture(scope="module")
def result() -> sf.BacktestResult:
    return sf.backtest(panel_table(), target_years=[2020, 2021, 2022], compare=("naive",))


def test_scores_are_the_scores_of_the_predictions(result: sf.BacktestResult) -> None:
    pred = result.predictions
    for method in result.scores["method"]:
        f = pred[pred["method"] == method]
        row = result.scores.set_index("method").loc[method]
        assert row["n"] == len(f) == 8 * 3
        assert row["brier"] == pytest.approx(scoring.brier_score(f["probability"], f["met"]))
        assert row["log_score"] == pytest.approx(scoring.log_score(f["probability"], f["met"]))


def test_every_plan_met_baseline_scores_the_miss_rate(result: sf.BacktestResult) -> None:
    # p = 1 everywhere: (1 - o)^2 averages to the share of plans missed.
    s = result.scores.set_index("method")
    pred = result.predictions[result.predictions["method"] == "every_plan_met"]
    assert s.loc["every_plan_met", "brier"] == pytest.approx(1.0 - pred["met"].mean())


def test_plan_hit_rate_uses_only_earlier_years(result: sf.BacktestResult) -> None:
    pred = result.predictions
    rate = pred[pred["method"] == "plan_hit_rate"].groupby("target_year")["probability"].first()
    met = pred[pred["method"] == "drift"].groupby("target_year")["met"].agg(["sum", "count"])
    # 2020: plans of 2019 only (8 pairs); 2021 adds 2020's; Laplace's rule (k + 1) / (n + 2).
    table = panel_table()
    obs = table[table["kind"] == "actual"].set_index(["indicator_id", "year"])["value"]
    plans = table[table["kind"] == "plan"].set_index(["indicator_id", "year"])["value"]
    hits_2019 = int((obs.loc[plans.loc[:, 2019:2019].index] >= plans.loc[:, 2019:2019]
                     - 0.005).sum())
    assert rate.loc[2020] == pytest.approx((hits_2019 + 1) / (8 + 2))
    assert rate.loc[2021] == pytest.approx((hits_2019 + int(met.loc[2020, "sum"]) + 1) / (16 + 2))


def test_no_leakage_from_the_future() -> None:
    # Changing what happens after a target year must not change its predictions.
    base = panel_table()
    changed = base.copy()
    later = (changed["year"] >= 2021) & (changed["kind"] == "actual")
    changed.loc[later, "value"] = changed.loc[later, "value"] * 3.0
    a = sf.backtest(base, target_years=[2020], compare=())
    b = sf.backtest(changed, target_years=[2020], compare=())
    pa = a.predictions[a.predictions["method"] == "drift"]["probability"].to_numpy()
    pb = b.predictions[b.predictions["method"] == "drift"]["probability"].to_numpy()
    np.testing.assert_array_equal(pa, pb)


@pytest.mark.parametrize("case", ["ratio over 100", "points with a fraction", "given"])
def test_a_scale_inferred_from_later_figures_is_inferred_again_from_the_rows_before(
        case: str) -> None:
    # a ratio in % had been read as a level once a later actual passed 100 (now it is a level
    # from its name, whatever its figures), and PCI points
    # as a score once a later one had a fraction: every earlier year's rows changed scale, and
    # their scores moved (drift P for 2021 from 0.19 to 0.59; a review). A given scale holds.
    index = case != "points with a fraction"
    vals = [90.0, 91.5, 93.0, 94.2, 95.1, 96.3, 97.0, 98.2] if index else \
        [60.0, 61.0, 61.0, 62.0, 63.0, 63.0, 64.0, 65.0]
    rows = [{"indicator_id": "x", "year": y, "kind": "actual", "value": v}
            for y, v in zip(range(2016, 2024), vals, strict=True)]
    rows += [{"indicator_id": "x", "year": y, "kind": "plan", "value": v} for y, v in zip(
        range(2020, 2023), [95.0, 96.0, 97.5] if index else [63.0, 64.0, 65.0], strict=True)]
    df = pd.DataFrame(rows).assign(unit="%" if index else "Điểm",
                                   name_vi="Thu ngân sách so với dự toán" if index
                                   else "Chỉ số năng lực cạnh tranh (PCI)")
    if case == "given":
        df["scale"] = "level"
    later = df.assign(value=df["value"].where(
        (df["year"] < 2023) | (df["kind"] == "plan"), 101.2 if index else 65.35))
    assert set(sf.read_table(later).frame["scale"]) == {"level"}
    a, b = (sf.backtest(t, target_years=[2020, 2021, 2022], compare=()).predictions
            for t in (df, later))
    pd.testing.assert_frame_equal(a, b)
    want = "level" if index else "count"  # a ratio to the budget is a level from its name
    cut = df[df["year"] < 2022]
    assert set(sf.read_table(cut).frame["scale"]) == {want}


def test_with_pairs_each_a_year_no_model_could_predict_still_scores_the_baselines() -> None:
    # plan_record has no record before the first plan year, 2019: with compare=() that year
    # was dropped for the baselines too, so their scores depended on which models were
    # compared (every_plan_met over 18 pairs, not 24; a review)
    got = {compare: sf.backtest(panel_table(), model="plan_record", compare=compare,
                                pairs="each")
           for compare in ((), ("naive",))}
    for base in ("every_plan_met", "plan_hit_rate", "trend"):
        a, b = (r.predictions[r.predictions["method"] == base].reset_index(drop=True)
                for r in got.values())
        pd.testing.assert_frame_equal(a, b)
        assert 2019 in set(a["target_year"])
    assert "2019: no model could predict: the baselines alone are scored" in got[()].notes
    assert 2019 not in set(got[()].predictions.query("method == 'plan_record'")["target_year"])
    # pairs="common" leaves the year out for every method, as before
    common = sf.backtest(panel_table(), model="plan_record", compare=(), pairs="common")
    assert 2019 not in set(common.predictions["target_year"])


def test_an_inferred_direction_is_inferred_again_from_the_rows_before_the_year() -> None:
    # No direction column: read_table infers it from the last plan minus the last observation.
    # On the whole table that reads a 2025 plan below a fall in 2024 ('lower'); the 2023 targets
    # must be judged with what the table said before 2023 (plan above the 2022 value: 'higher').
    rows = []
    for region, start in (("A", 10.0), ("B", 20.0)):
        for year, f in ((2019, 1.0), (2020, 1.05), (2021, 1.10), (2022, 1.15), (2023, 1.2),
                        (2024, 0.9)):
            rows.append((region, year, "actual", round(start * f, 2)))
        rows += [(region, 2023, "plan", round(start * 1.22, 2)),
                 (region, 2025, "plan", round(start * 0.8, 2))]
    df = pd.DataFrame(rows, columns=["region", "year", "kind", "value"])
    df["indicator_id"], df["unit"] = "widgets_made", "Tỷ đồng"
    assert set(sf.read_table(df).frame["direction"]) == {"lower"}
    bt = sf.backtest(df, target_years=[2023], compare=())
    got = bt.predictions[bt.predictions["method"] == "drift"].sort_values("region")
    cut = df[((df["kind"] != "plan") & (df["year"] < 2023))
             | ((df["kind"] == "plan") & (df["year"] <= 2023))]
    honest = sf.assess(cut, target_year=2023).to_frame().sort_values("region")
    assert set(honest["direction"]) == {"higher"}
    np.testing.assert_array_equal(got["probability"].to_numpy(),
                                  honest["probability"].to_numpy())
    assert not got["met"].any()  # 12.0 < 12.2 and 24.0 < 24.4: missed when judged 'higher'


def test_models_have_quantile_scores_and_baselines_do_not(result: sf.BacktestResult) -> None:
    s = result.scores.set_index("method")
    for m in ("drift", "naive"):
        assert 0.0 <= s.loc[m, "coverage_80"] <= 1.0
        assert s.loc[m, "pinball"] >= 0.0
    for b in BASELINES:
        assert np.isnan(s.loc[b, "pinball"]) and np.isnan(s.loc[b, "coverage_80"])


def test_summary_prints_scores_at_fixed_decimals(result: sf.BacktestResult) -> None:
    text = result.summary()
    s = result.scores.set_index("method")
    for m in ("drift", "naive"):
        line = next(li for li in text.splitlines() if li.startswith(m + " "))
        assert line.split()[4:8] == [f"{s.loc[m, 'brier']:.3f}", f"{s.loc[m, 'log_score']:.3f}",
                                     f"{s.loc[m, 'pinball']:.4f}",
                                     f"{s.loc[m, 'coverage_80']:.3f}"]


def test_to_dict_is_strict_json(result: sf.BacktestResult) -> None:
    d = result.to_dict()
    text = json.dumps(d, allow_nan=False, ensure_ascii=False)
    assert json.loads(text)["schema_version"] == 1
    assert "drift" in result.summary()


def test_targets_left_out_of_the_common_pairs_are_counted_and_their_models_named() -> None:
    # a level at 0 (no logarithm) had disappeared from the common pairs with notes == () (a
    # review); the first wording pointed to pairs='each', which may fail too (a second one)
    df = panel_table(n_series=3)
    df.loc[df["indicator_id"] == "s0", "value"] = 0.0
    notes = sf.backtest(df, target_years=[2021], compare=("naive",)).notes
    assert ("2021: 1 target(s) with an outcome left out of the common pairs, as a model gave no "
            "probability (s0 (drift, naive); why: the reason column of the predictions with "
            "pairs='each')"
            in notes)


def test_nothing_to_backtest_raises() -> None:
    df = panel_table()
    only_plans_before = df[~((df["kind"] == "actual") & (df["year"] >= 2019))]
    with pytest.raises(sf.InputError, match="nothing to backtest"):
        sf.backtest(only_plans_before, target_years=[2021], compare=())
    # without target_years no year was tried, and the message gave no reason (a review): it
    # says what the table lacks
    with pytest.raises(sf.InputError, match=r"\(no plan year \(2019-2023\) has a full-year "
                       r"actual or estimate, its outcome; the outcomes are for 2015-2018\)"):
        sf.backtest(only_plans_before, compare=())
    with pytest.raises(sf.InputError, match=r"\(the table has no plans \(kind 'plan'\)\)"):
        sf.backtest(df[df["kind"] != "plan"], compare=())


def test_sonla_backtest_counts_its_pairs() -> None:
    bt = sf.backtest(sf.datasets.load_sonla_history(), compare=("naive",))
    assert bt.target_years == (2024,)
    n = bt.scores.set_index("method")["n"]
    # The six indicators with two or more observations before 2024 (data/sonla_history.csv).
    assert n.loc["drift"] == n.loc["naive"] == 6


def test_pairs_each_scores_every_method_where_it_predicts() -> None:
    table = sf.datasets.load_sonla_history()
    common = sf.backtest(table, compare=("naive",))
    each = sf.backtest(table, compare=("naive",), pairs="each")
    sc, se = common.scores.set_index("method"), each.scores.set_index("method")
    # The baselines need no history: all 34 targets of 2024 have an outcome, 26 were met (the
    # year-end estimates of resolution 420 and the public reports).
    assert se.loc["every_plan_met", "n"] == 34 and se.loc["every_plan_met", "n_met"] == 26
    assert se.loc["every_plan_met", "brier"] == pytest.approx(8 / 34)
    assert sc.loc["every_plan_met", "n"] == 6
    # The models predict only the six series with two or more observations: same scores.
    for m in ("drift", "naive"):
        assert se.loc[m, "n"] == 6
        assert se.loc[m, "brier"] == pytest.approx(sc.loc[m, "brier"])
    assert each.pairs == "each" and each.to_dict()["pairs"] == "each"
    assert "n differs" in each.summary()
    assert repr(each) == "BacktestResult(model='drift', years=[2024], pairs='each', n=6)"
    assert repr(common) == "BacktestResult(model='drift', years=[2024], pairs='common', n=6)"
    # A method that could not predict a target says why (84 null probabilities had none).
    p = each.predictions
    missing = p["probability"].isna()
    assert missing.any() and (p.loc[missing, "reason"] != "").all()
    assert (p.loc[~missing, "reason"] == "").all()
    assert "one observation only" in p.loc[missing & (p["method"] == "naive"), "reason"].iat[0]


def test_pairs_must_be_common_or_each() -> None:
    with pytest.raises(sf.InputError, match="pairs") as err:
        sf.backtest(panel_table(), target_years=[2020], compare=(), pairs="all")
    assert err.value.column == "pairs"


@pytest.mark.parametrize(("option", "value"), [("compare", None), ("compare", 3),
                                               ("target_years", [])])
def test_an_option_that_names_nothing_to_run_is_an_error_naming_it(option: str,
                                                                  value: object) -> None:
    # compare=None was a bare TypeError; target_years=[] said only "nothing to backtest"
    with pytest.raises(sf.InputError, match=option) as err:
        sf.backtest(panel_table(), **{"target_years": [2020], option: value})
    assert err.value.column == option


def test_trend_baseline_grows_at_the_compound_rate_as_escap_does() -> None:
    # 100, 110, 121: 10% a year. The 2023 target 133 is met by the compound projection 133.1
    # (UN ESCAP's anticipated progress) but not by the linear one, 121 + 10.5 = 131.5. A growth
    # rate in % has no compound rate: its trend is linear (6.0, 6.5 -> 7.0 meets 6.9).
    rows = [("sales", 2020, "actual", 100.0), ("sales", 2021, "actual", 110.0),
            ("sales", 2022, "actual", 121.0), ("sales", 2023, "plan", 133.0),
            ("sales", 2023, "actual", 125.0),
            ("grdp_growth", 2021, "actual", 6.0), ("grdp_growth", 2022, "actual", 6.5),
            ("grdp_growth", 2023, "plan", 6.9), ("grdp_growth", 2023, "actual", 6.0)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value"])
    df["unit"] = np.where(df["indicator_id"] == "sales", "Tỷ đồng", "%")
    df["direction"] = "higher"
    bt = sf.backtest(df, target_years=[2023], compare=(), pairs="each")
    trend = bt.predictions[bt.predictions["method"] == "trend"].set_index("indicator_id")
    assert trend.loc["sales", "probability"] == 1.0
    assert trend.loc["grdp_growth", "probability"] == 1.0
    assert not trend["met"].any()


def test_pinball_is_relative_to_the_baseline_and_to_100_for_a_growth_rate() -> None:
    # A growth rate may sit near 0 (Sơn La 2023: 0.75%); divided by it, one series would
    # outweigh the rest. Its errors count in fractions (pp / 100) instead.
    series = {"sales": (100.0, 104.0, 109.0, 113.0, 118.0),
              "grdp_growth": (6.0, 0.5, 5.0, 0.75, 6.3)}
    rows = [(i, y, "actual", v) for i, vals in series.items()
            for y, v in zip(range(2019, 2024), vals, strict=True)]
    rows += [("sales", 2023, "plan", 120.0), ("grdp_growth", 2023, "plan", 7.0)]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value"])
    df["unit"] = np.where(df["indicator_id"] == "sales", "Tỷ đồng", "%")
    df["direction"] = "higher"
    bt = sf.backtest(df, target_years=[2023], compare=())
    f = bt.predictions[bt.predictions["method"] == "drift"].set_index("indicator_id")
    assert f.loc["grdp_growth", "scale"] == "rate" and f.loc["sales", "scale"] == "level"
    div = np.array([f.loc["sales", "baseline"], 100.0])
    q = f.loc[["sales", "grdp_growth"], ["outcome_p10", "outcome_p50", "outcome_p90"]]
    want = scoring.pinball_loss(f.loc[["sales", "grdp_growth"], "outcome"] / div,
                                q.to_numpy() / div[:, None], [0.1, 0.5, 0.9])
    got = bt.scores.set_index("method").loc["drift", "pinball"]
    assert got == pytest.approx(want, rel=1e-12)


def test_a_plan_revised_during_its_year_is_scored_as_it_stood_when_the_year_began() -> None:
    # The 2023 plan of 130 (resolution of December 2022) was cut to 119 in July 2023; the
    # backtest of 2023 must judge the plan in force on 1 January 2023, which a forecaster had.
    rows = []
    for region, b in (("A", 100.0), ("B", 200.0), ("C", 50.0)):
        for y, f in ((2019, 1.0), (2020, 1.05), (2021, 1.1), (2022, 1.16), (2023, 1.20)):
            rows.append((region, y, "actual", round(b * f, 2), "GSO 2024-03-01"))
        rows += [(region, 2023, "plan", b * 1.30, "NQ 2022-12-10"),
                 (region, 2023, "plan", b * 1.19, "NQ revised 2023-07-15")]
    df = pd.DataFrame(rows, columns=["region", "year", "kind", "value", "source"])
    df["indicator_id"], df["unit"], df["direction"] = "revenue", "Tỷ đồng", "higher"
    table = sf.read_table(df, duplicates="latest_source")
    assert sorted(table.targets(2023)["value"]) == [59.5, 119.0, 238.0]  # in force now
    bt = sf.backtest(table, target_years=[2023], compare=())
    drift = bt.predictions[bt.predictions["method"] == "drift"].sort_values("region")
    assert drift["target"].tolist() == [130.0, 260.0, 65.0]
    assert not drift["met"].any()  # 120 < 130: missed against the plan of January
    # Two versions dated before the year: the later one is the plan in force.
    early = df.assign(source=df["source"].replace("NQ revised 2023-07-15", "NQ 2022-12-20"))
    bt = sf.backtest(sf.read_table(early, duplicates="latest_source"), target_years=[2023],
                     compare=())
    assert sorted(bt.predictions["target"].unique()) == [59.5, 119.0, 238.0]
    # A revision dated by its month only, January of the target year, came after it began.
    january = df.assign(source=df["source"].replace("NQ revised 2023-07-15", "NQ sửa đổi 2023-01"))
    bt = sf.backtest(sf.read_table(january, duplicates="latest_source"), target_years=[2023],
                     compare=())
    assert sorted(bt.predictions["target"].unique()) == [65.0, 130.0, 260.0]


def test_an_earlier_plan_revised_after_the_origin_is_not_seen() -> None:
    # The 2019 plans re-issued in June 2021 reached plan_record's record of misses in the
    # backtest of 2021 (P moved by up to 0.35 between two versions no forecaster had on
    # 1 January 2021; review of the backtest). A revision dated before the origin is seen.
    df = planned_levels(8, range(2014, 2022), plans_from=2016, seed=4)
    first = df[(df["year"] == 2019) & (df["kind"] == "plan")]

    def probability(factor: float, dated: str) -> np.ndarray:
        revised = first.assign(value=(first["value"] * factor).round(1), source=f"NQ {dated}")
        table = sf.read_table(pd.concat([df, revised], ignore_index=True),
                              duplicates="latest_source")
        bt = sf.backtest(table, target_years=[2021], model="plan_record", compare=())
        p = bt.predictions[bt.predictions["method"] == "plan_record"]
        return p.sort_values("indicator_id")["probability"].to_numpy()

    after = probability(0.5, "2021-06-01")
    assert np.array_equal(after, probability(2.0, "2021-06-01"))
    assert np.array_equal(after, probability(1.0, "2021-06-01"))  # as without the revision
    # nor is one made during the plan's own year or after it, before the origin: the record
    # of misses is of plans as they were set, as plan_hit_rate judges them (a math review: 2016-
    # 2020 plans revised in July to the year's outcome moved plan_record's P from 0.42-0.73
    # to 0.76-0.98 and its 80% coverage from 0.875 to 0.625)
    assert np.array_equal(after, probability(0.5, "2019-07-01"))
    assert np.array_equal(after, probability(2.0, "2020-06-01"))
    # a revision dated before the plan's year began is the plan as set
    assert not np.allclose(probability(0.5, "2018-12-20"), probability(2.0, "2018-12-20"))
    # a plan first printed after the origin (no earlier version) is used, and said (review)
    late = df.assign(source=np.where((df["year"] == 2019) & (df["kind"] == "plan"),
                                     "NQ 2021-06-01", df["source"]))
    bt = sf.backtest(sf.read_table(late), target_years=[2021], model="plan_record", compare=())
    assert any("8 of the 40 plans for the years before 2021 come from sources dated 2021 or "
               "later (NQ 2021-06-01): plans printed after the year began" in n
               for n in bt.notes), bt.notes
    bt = sf.backtest(sf.read_table(df), target_years=[2021], model="plan_record", compare=())
    assert not any("plans for the years before" in n for n in bt.notes)


def test_the_trend_baseline_stops_a_count_at_its_cap() -> None:
    # 70, 80, 90, 98 communes of 100 grow 10.9% a year: 109.6 next year, past the cap, which
    # missed a band target of 100 (met at 100); assess's ESCAP projection stops at the cap
    # (review of the backtest)
    rows = [(ind, y, "actual", v, d) for ind, d in (("a", "band"), ("b", "higher"))
            for y, v in ((2017, 70), (2018, 80), (2019, 90), (2020, 98), (2021, 100))]
    rows += [("a", 2021, "plan", 100, "band"), ("b", 2021, "plan", 100, "higher")]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "direction"])
    df["unit"], df["cap"] = "xã", 100
    p = sf.backtest(df, target_years=[2021], compare=()).predictions
    trend = p[p["method"] == "trend"].set_index("indicator_id")
    assert trend["probability"].tolist() == [1.0, 1.0] and trend["met"].all()
    from sonla_forecast.assess import trend_projection
    f = pd.DataFrame({"baseline": [98.0, 98.0], "horizon": [1, 1],
                      "historical_annual_rate": [(98 / 70) ** (1 / 3) - 1] * 2,
                      "historical_change_per_year": [28 / 3] * 2, "cap": [100.0, np.nan]})
    assert trend_projection(f)[0] == 100.0
    assert trend_projection(f)[1] == pytest.approx(98.0 * (98 / 70) ** (1 / 3))  # no cap


def test_a_backtest_result_cannot_be_changed_through_what_it_hands_out() -> None:
    import json

    bt = sf.backtest(sf.datasets.load_sonla_history())
    before = json.dumps(bt.to_dict(), allow_nan=False)
    scores, predictions, reliability = bt.scores, bt.predictions, bt.reliability
    scores.loc[0, "brier"] = 123.0
    predictions.loc[:, "probability"] = 0.5
    reliability["drift"].loc[0, "n"] = -1
    reliability["extra"] = reliability.pop("drift")
    assert json.dumps(bt.to_dict(), allow_nan=False) == before
    # its JSON describes every key of its three tables, in order
    d = bt.to_dict()
    assert list(d["columns"]["predictions"]) == list(bt.predictions.columns)
    assert list(d["columns"]["scores"]) == list(bt.scores.columns)
    assert all(list(d["columns"]["reliability"]) == list(f.columns)
               for f in bt.reliability.values())


def test_common_pairs_leave_out_a_year_a_model_could_not_predict() -> None:
    # 5 series from 2017: before 2019 the panel has 5 one-year steps (refclass needs 10),
    # before 2020 it has 10. With pairs="common" every method is scored on 2020 alone.
    df = panel_table(n_series=5, years=range(2017, 2021))
    common = sf.backtest(df, target_years=[2019, 2020], compare=("naive", "refclass"))
    s = common.scores.set_index("method")
    assert set(s["n"]) == {5}
    assert set(common.predictions["target_year"]) == {2020}
    assert any(n.startswith("2019: left out of the common pairs, as model(s) 'refclass'")
               for n in common.notes)
    each = sf.backtest(df, target_years=[2019, 2020], compare=("naive", "refclass"),
                       pairs="each").scores.set_index("method")
    assert each.loc["drift", "n"] == 10 and each.loc["refclass", "n"] == 5
    # a model that predicts in no year is left out, not the years
    none = sf.backtest(df, target_years=[2019], compare=("naive", "refclass"))
    assert set(none.scores["method"]) >= {"drift", "naive"}
    assert "refclass" not in set(none.scores["method"])
    assert set(none.scores["n"]) == {5}


def test_compare_takes_one_name_as_a_string(result: sf.BacktestResult) -> None:
    # "naive" is one model, not the letters n, a, i, v, e.
    one = sf.backtest(panel_table(), target_years=[2020, 2021, 2022], compare="naive")
    pd.testing.assert_frame_equal(one.scores, result.scores)


def test_a_tuned_spec_is_assessed_and_backtested_as_a_name_with_options_is() -> None:
    table = panel_table()
    spec = sf.models.PooledDrift(damping=0.5)
    by_spec = sf.assess(table, target_year=2022, model=spec).to_frame()
    by_name = sf.assess(table, target_year=2022, model="drift", damping=0.5).to_frame()
    pd.testing.assert_frame_equal(by_spec, by_name)
    # The result names the model; the notes give its settings.
    assert "model 'drift' with damping=0.5" in sf.assess(table, target_year=2022,
                                                          model=spec).notes
    assert not any("with" in n for n in sf.assess(table, target_year=2022).notes
                   if n.startswith("model 'drift'"))
    bt = sf.backtest(table, target_years=[2021, 2022], model=spec, compare=("naive",))
    assert bt.model == "drift" and "drift" in set(bt.scores["method"])
    tuned = bt.predictions[bt.predictions["method"] == "drift"]["probability"].to_numpy()
    default = sf.backtest(table, target_years=[2021, 2022], compare=("naive",)).predictions
    assert not np.allclose(tuned, default[default["method"] == "drift"]["probability"])
    # A compared model of the tested model's name is the tested one.
    same = sf.backtest(table, target_years=[2021], model=spec, compare=("drift",))
    assert list(same.scores.loc[same.scores["kind"] == "model", "method"]) == ["drift"]
    with pytest.raises(sf.InputError, match=r"go into the spec itself"):
        sf.assess(table, target_year=2022, model=spec, damping=0.3)


def test_a_spec_of_a_compared_models_name_and_its_settings_note() -> None:
    table = panel_table()
    # The default compare holds 'naive': a naive spec under test is that method, not a clash.
    bt = sf.backtest(table, target_years=[2021, 2022], model=sf.models.NaiveNormalDrift(),
                     compare=("naive",))
    assert list(bt.scores.loc[bt.scores["kind"] == "model", "method"]) == ["naive"]
    tuned = sf.backtest(table, target_years=[2021, 2022],
                        model=sf.models.PooledDrift(damping=0.5), compare=())
    assert "model 'drift' with damping=0.5" in tuned.notes
    with pytest.raises(sf.InputError, match=r"two different models named 'ets'"):
        sf.backtest(table, target_years=[2021], compare=("ets", sf.models.ETSModel(min_obs=4)))
    mix = sf.models.Combination(components=(sf.models.PooledDrift(damping=0.5), "naive"))
    note = sf.assess(table, target_year=2022, model=mix).notes[0]
    assert note == "model 'combination' with components=(drift with damping=0.5, naive)"


def test_notes_say_where_another_model_stood_in_and_which_figures_came_later() -> None:
    # Sơn La's 2024 backtest: every series is too short for ets (6 contiguous points), and
    # the 2023 actuals before 2024 come from the resolution of 5 December 2024.
    bt = sf.backtest(sf.datasets.load_sonla_history(), compare=("ets",))
    notes = "\n".join(bt.notes)
    assert "2024: model 'ets': 'naive' stood in for 6 of the 6 targets it forecast" in notes
    assert "2024: 34 of the 45 figures before 2024 come from sources dated 2024 or later" in notes
    assert "420/NQ-HĐND 2024-12-05" in notes
    # and so do the 2024 plans: the annex's "2024 plan" column of that resolution
    assert ("2024: 34 of the 34 plans for 2024 come from sources dated 2024 or later "
            "(420/NQ-HĐND 2024-12-05): targets set, revised or reprinted after the year began "
            "(a reprint may carry the plan adopted before)") in notes
    assert "Note: 2024: model 'ets': 'naive' stood in" in bt.summary()
    # a table without dated sources says nothing of them
    plain = sf.datasets.load_sonla_history().to_frame().drop(columns=["source"])
    assert not any("sources dated" in n for n in sf.backtest(plain, compare=()).notes)


def _one_series(values: dict[int, float], plans: dict[int, float], unit: str = "tỷ đồng",
                name: str = "x") -> pd.DataFrame:
    rows = [dict(indicator_id="x", year=y, kind="actual", value=v, unit=unit, name_vi=name,
                 direction="higher") for y, v in values.items()]
    rows += [dict(indicator_id="x", year=y, kind="plan", value=v, unit=unit, name_vi=name,
                  direction="higher") for y, v in plans.items()]
    return pd.DataFrame(rows)


def test_each_pairs_with_no_model_prediction_is_an_input_error() -> None:
    # 2020 has one observation before it: no model predicts, only the plan baselines could.
    # pairs="each" raised a bare IndexError.
    t = _one_series({2019: 10.0, 2020: 11.0, 2021: 12.5, 2022: 13.0},
                    {2020: 10.5, 2021: 12.0, 2022: 14.0})
    for pairs in ("common", "each"):
        with pytest.raises(sf.InputError, match="nothing to backtest"):
            sf.backtest(t, target_years=[2020], pairs=pairs)
    bt = sf.backtest(t, pairs="each")  # 2020 scores the baselines, 2021-2022 every method
    n = bt.scores.set_index("method")["n"]
    assert n["drift"] == 2 and n["every_plan_met"] == 3


def test_a_cut_is_not_screened_again_against_fewer_figures(tmp_path) -> None:
    # 0.125% beside 12% (2015) and the 2016 plan of 14% looks like a fraction among the
    # figures of the 2016 cut alone, but not in the whole table (median 55%), which read_table
    # accepted: backtest refused it, naming "row 0" of the cut.
    values = dict(zip(range(2014, 2023), [0.125, 12, 30, 45, 55, 62, 70, 75, 80], strict=True))
    plans = {y: 14.0 if y == 2016 else v + 3 for y, v in values.items() if y >= 2016}
    frame = _one_series(values, plans, unit="%", name="Tỷ lệ dịch vụ công trực tuyến")
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    t = sf.read_table(path)
    assert sf.assess(t, target_year=2022)["x"].probability > 0
    bt = sf.backtest(t, target_years=[2022])
    assert bt.target_years == (2022,)


def _growing(years: range, first_plan: int) -> pd.DataFrame:
    """One series growing 6% a year, with a plan 1% below each outcome from ``first_plan``."""
    v = 100.0
    values, plans = {}, {}
    for y in years:
        v *= 1.06
        values[y] = round(v, 1)
        if y >= first_plan:
            plans[y] = round(v * 0.99, 1)
    return _one_series(values, plans)


def test_each_pairs_score_the_other_methods_where_the_tested_model_cannot_predict() -> None:
    # refclass needs 10 one-year steps: with model="refclass" the years before were left out
    # for naive too, which got 3 pairs, and 12 with model="naive"
    t = _growing(range(2010, 2024), 2012)
    one = sf.backtest(t, model="refclass", compare=("naive",), pairs="each").scores
    other = sf.backtest(t, model="naive", compare=("refclass",), pairs="each").scores
    assert one["method"].tolist()[:2] == ["refclass", "naive"]  # the tested model first
    pd.testing.assert_frame_equal(one.set_index("method").sort_index(),
                                  other.set_index("method").sort_index())
    assert one.set_index("method").loc["naive", "n"] == 12


def _flat(values: dict[str, tuple[float, str, str]]) -> pd.DataFrame:
    """Series that never move, in four regions, with plans of their own value."""
    rows = []
    for r in "ABCD":
        for ind, (v, unit, d) in values.items():
            rows += [dict(region=r, indicator_id=ind, year=y, kind="actual", value=v, unit=unit,
                          direction=d) for y in range(2016, 2023)]
            rows += [dict(region=r, indicator_id=ind, year=y, kind="plan", value=v, unit=unit,
                          direction=d) for y in range(2019, 2023)]
    return pd.DataFrame(rows)


def test_an_outcome_on_the_interval_or_at_a_bound_is_covered() -> None:
    # 100% and 0% every year are held 0.01 inside the bound by the models, whose intervals then
    # sit at 99.99 and 0.01; a constant level comes back from the log as 49.99999999999999.
    # Both were counted as outside the interval (coverage 0 and 0.8).
    t = sf.read_table(_flat({"dien": (100.0, "%", "higher"), "doi": (0.0, "%", "lower"),
                             "muc": (50.0, "tỷ đồng", "higher")}))
    bt = sf.backtest(t, target_years=[2021, 2022], compare=("naive", "ets", "refclass"))
    cov = bt.scores.set_index("method")["coverage_80"].dropna()
    assert set(cov.index) == {"drift", "naive", "ets", "refclass"}
    assert (cov == 1.0).all()


def test_an_outcome_near_a_bound_of_a_series_living_there_is_taken_as_it_is() -> None:
    # A percentage living between 99.99 and 100 is modelled exactly (model_threshold); every
    # outcome of a percentage was clipped into [0.01, 99.99] before the coverage, so 99.996
    # inside [99.9948, 99.9962] counted as outside: drift 0.5 where the intervals say 0.667
    # (a backtest review).
    vals = {2014: 99.991, 2015: 99.992, 2016: 99.994, 2017: 99.995, 2018: 99.996,
            2019: 99.997, 2020: 99.998}
    rows = [dict(indicator_id="hi", year=y, kind="actual", value=v) for y, v in vals.items()]
    rows += [dict(indicator_id="hi", year=y, kind="plan", value=99.995) for y in (2018, 2019,
                                                                                   2020)]
    rows += [dict(indicator_id="other", year=y, kind="actual", value=50.0 + y - 2014)
             for y in range(2014, 2021)]
    rows += [dict(indicator_id="other", year=y, kind="plan", value=50.0 + y - 2014)
             for y in range(2018, 2021)]
    bt = sf.backtest(pd.DataFrame(rows).assign(unit="%"), compare=("naive",), pairs="each")
    pred = bt.predictions
    cov = bt.scores.set_index("method")["coverage_80"]
    for method in ("drift", "naive"):
        p = pred[pred["method"] == method]
        hi = p[p["indicator_id"] == "hi"]
        assert (hi["outcome"] > 99.99).all()  # none at a bound: nothing to hold
        by_hand = ((p["outcome"] >= p["outcome_p10"] - 1e-9)
                   & (p["outcome"] <= p["outcome_p90"] + 1e-9)).mean()
        assert cov[method] == pytest.approx(by_hand)
    hi = pred[(pred["method"] == "drift") & (pred["indicator_id"] == "hi")]
    inside = (hi["outcome"] >= hi["outcome_p10"]) & (hi["outcome"] <= hi["outcome_p90"])
    assert inside.any()  # the case the clip got wrong is there


def test_pinball_of_a_percentage_is_in_points() -> None:
    # The same forecast error at a baseline of 0.01% and of 30%: relative to the baseline the
    # first was 3000 times the second and set the mean on its own; in points / 100 both count
    # alike (as for a growth rate in %).
    t = panel_table()
    pct = t["indicator_id"].isin(["s0", "s1", "s2"])
    t.loc[pct, "unit"] = "%"
    t.loc[pct, "value"] = (t.loc[pct, "value"] * 0.3).round(2)
    tiny = t["indicator_id"] == "s0"
    t.loc[tiny, "value"] = (t.loc[tiny, "value"] / 3000).round(4)  # about 0.01%
    bt = sf.backtest(t, target_years=[2022])
    pred = bt.predictions[bt.predictions["method"] == "drift"]
    by_hand = []
    for r in pred.itertuples():
        scale = 100.0 if r.scale in ("percent", "rate") else (abs(r.baseline) or 1.0)
        q = np.array([[r.outcome_p10, r.outcome_p50, r.outcome_p90]]) / scale
        by_hand.append(scoring.pinball_loss(np.array([r.outcome / scale]), q, [0.1, 0.5, 0.9]))
    got = bt.scores.set_index("method").loc["drift", "pinball"]
    assert got == pytest.approx(np.mean(by_hand), rel=1e-12)
    assert (pred["scale"] == "percent").any()


def test_a_tuned_model_of_the_tested_model_s_name_is_refused_not_dropped() -> None:
    t = panel_table()
    with pytest.raises(sf.InputError, match="other settings than the tested model"):
        sf.backtest(t, target_years=[2022], compare=(sf.models.PooledDrift(damping=0.5),))
    bt = sf.backtest(t, target_years=[2022], compare=(sf.models.PooledDrift(), "naive"))
    assert bt.scores["method"].tolist()[:2] == ["drift", "naive"]


def test_multi_year_targets_left_out_are_named_in_the_notes() -> None:
    t = panel_table()
    avg = pd.DataFrame([dict(indicator_id="s0_avg", year=2022, kind="plan", value=120.0,
                             unit="Tỷ đồng", direction="higher", aggregate="mean", of="s0",
                             start_year=2021)])
    bt = sf.backtest(pd.concat([t, avg], ignore_index=True), target_years=[2022])
    assert "s0_avg" not in set(bt.predictions["indicator_id"])
    assert any(n.startswith("2022: 1 multi-year target(s) (aggregate) not scored")
               for n in bt.notes)


def test_a_multi_year_target_with_an_outcome_row_of_its_own_is_not_scored() -> None:
    # An actual under the average's own id (read_table accepts it) had the average scored for
    # every method (the trend baseline against a one-year projection) while the notes said
    # it was not, and counted in the plan record (backtest review).
    rows = [dict(indicator_id="g", year=y, kind="actual", value=v) for y, v in
            zip(range(2018, 2024), [6.5, 7.1, 5.9, 7.4, 6.8, 7.0], strict=True)]
    rows += [dict(indicator_id="g", year=y, kind="plan", value=7.0) for y in (2021, 2022, 2023)]
    rows += [dict(indicator_id="g_avg", year=2023, kind="plan", value=7.0, aggregate="mean",
                  of="g", start_year=2021),
             dict(indicator_id="g_avg", year=2023, kind="actual", value=7.07)]
    t = sf.read_table(pd.DataFrame(rows).assign(unit="%", scale="rate", direction="higher"))
    bt = sf.backtest(t, target_years=[2023], compare=("naive",))
    assert set(bt.predictions["indicator_id"]) == {"g"}
    assert set(bt.scores["n"]) == {1}
    assert any(n.startswith("2023: 1 multi-year target(s) (aggregate) not scored")
               for n in bt.notes)


def test_the_plan_record_reads_past_plans_at_the_precision_assess_reads_them() -> None:
    # plan_hit_rate judged each past year's plans with only that year's plans in the cut:
    # x's 2023 plan of 9.0 (after a 2022 plan of 9.25) was read at 1 decimal, threshold 8.95,
    # so 8.96 counted as met; the backtest's own row and plan_record judge it at 2 decimals,
    # threshold 8.995: missed (backtest review).
    rows = [dict(indicator_id="x", year=y, kind="actual", value=v) for y, v in
            {2019: 8.0, 2020: 8.5, 2021: 9.0, 2022: 9.3, 2023: 8.96, 2024: 9.5}.items()]
    rows += [dict(indicator_id="x", year=y, kind="plan", value=v) for y, v in
             {2022: 9.25, 2023: 9.0, 2024: 9.4}.items()]
    rows += [dict(indicator_id="y", year=y, kind="actual", value=v) for y, v in
             {2019: 100., 2020: 110., 2021: 120., 2022: 125., 2023: 131., 2024: 140.}.items()]
    rows += [dict(indicator_id="y", year=y, kind="plan", value=v) for y, v in
             {2022: 130., 2023: 130., 2024: 135.}.items()]
    t = sf.read_table(pd.DataFrame(rows).assign(unit="Tỷ đồng", direction="higher"))
    bt = sf.backtest(t, target_years=[2023, 2024], compare=(), pairs="each")
    p = bt.predictions.set_index(["target_year", "indicator_id", "method"])
    assert not p.loc[(2023, "x", "drift"), "met"]
    record = sf.plan_record(t, target_year=2024)  # the 2023 plans: x missed, y met
    assert (record.year, record.met, record.n) == (2023, 1, 2)
    # 2022 and 2023: x met, y missed, x missed, y met -> (2 + 1) / (4 + 2)
    assert p.loc[(2024, "x", "plan_hit_rate"), "probability"] == pytest.approx(0.5)


def test_the_trend_baseline_stops_a_percentage_at_100() -> None:
    # 92 -> 97 grows at 5.4% a year: 102.2 in 2022, which met no band around 99.5 (outcome 100)
    rows = [dict(indicator_id="dien", year=y, kind="actual", value=v, unit="%",
                 direction="band") for y, v in ((2020, 92.0), (2021, 97.0), (2022, 100.0))]
    rows.append(dict(indicator_id="dien", year=2022, kind="plan", value=99.5, unit="%",
                     direction="band"))
    bt = sf.backtest(pd.DataFrame(rows), target_years=[2022], compare=())
    trend = bt.predictions[bt.predictions["method"] == "trend"]
    assert trend["probability"].tolist() == [1.0] and trend["met"].tolist() == [True]


def test_a_tested_model_that_never_predicts_is_an_error_not_a_missing_row() -> None:
    # refclass needs 10 one-year steps: on 8 years it predicted nothing, and the run
    # "succeeded" with naive and the baselines only, under "Backtest of 'refclass'"
    t = _growing(range(2015, 2023), 2017)
    for pairs in ("common", "each"):
        with pytest.raises(sf.InputError, match="the model under test, 'refclass', could not "
                           "predict") as e:
            sf.backtest(t, model="refclass", compare=("naive",), pairs=pairs)
        assert e.value.column == "model"


def test_a_plan_version_set_aside_is_screened_when_a_cut_takes_it() -> None:
    # A 2024 plan first typed 20.967 (meaning 20967), revised to 21500 during 2024: the cut
    # for 2024 takes the version in force on 1 January, which read_table had set aside
    # unscreened; it was scored as a target of 20.967
    rows = [dict(indicator_id="rev", year=y, kind="actual", value=v, unit="Tỷ đồng",
                 direction="higher", source="")
            for y, v in ((2020, 17000.0), (2021, 18000.0), (2022, 18800.0), (2023, 19500.0),
                         (2024, 20900.0))]
    rows += [dict(indicator_id="rev", year=2024, kind="plan", value=20.967, unit="Tỷ đồng",
                  direction="higher", source="NQ 4/2023-12-01"),
             dict(indicator_id="rev", year=2024, kind="plan", value=21500.0, unit="Tỷ đồng",
                  direction="higher", source="NQ 9/2024-07-10"),
             dict(indicator_id="rev", year=2023, kind="plan", value=19000.0, unit="Tỷ đồng",
                  direction="higher", source="NQ 2/2022-12-01")]
    t = sf.read_table(pd.DataFrame(rows), duplicates="latest_source")
    with pytest.raises(sf.InputError, match=r"20\.967 is \d+ times below the median"):
        sf.backtest(t, target_years=[2024])


def test_a_set_aside_version_is_screened_alone_among_its_series() -> None:
    # the cut holding it was screened whole: an actual that the table's screens had passed
    # (40 after 48,000) looked like a thousands slip among the cut's fewer figures
    rows = [dict(indicator_id="x", year=y, kind="actual", value=v, unit="Tỷ đồng",
                 direction="higher", source="")
            for y, v in ((2017, 51000.0), (2018, 52000.0), (2019, 48000.0), (2020, 40.0),
                         (2021, 45.0), (2022, 50.0), (2023, 55.0), (2024, 60.0))]
    rows += [dict(indicator_id="x", year=y, kind="plan", value=v, unit="Tỷ đồng",
                  direction="higher", source=s)
             for y, v, s in ((2021, 44.0, "NQ 1/2020-12-01"), (2021, 46.0, "NQ 5/2021-07-01"),
                             (2022, 52.0, "NQ 8/2021-12-01"))]
    t = sf.read_table(pd.DataFrame(rows), duplicates="latest_source")
    bt = sf.backtest(t, compare=())
    assert 2021 in bt.target_years


def _revised_later_plan(with_2025_outcome: bool) -> sf.IndicatorTable:
    """Revenue 2015-2024 (and 2025 if asked), plans 2018-2025; the 2025 plan's first version
    (December 2024) was typed like Vietnamese thousands, 3.430, and revised in March 2025."""
    last = 2025 if with_2025_outcome else 2024
    rows = [dict(indicator_id="rev", year=y, kind="actual", value=3000.0 + 50 * (y - 2015),
                 source="") for y in range(2015, last + 1)]
    rows += [dict(indicator_id="rev", year=y, kind="plan", value=3000.0 + 55 * (y - 2015),
                  source="") for y in range(2018, 2025)]
    rows += [dict(indicator_id="rev", year=2025, kind="plan", value=3430.0,
                  source="NQ sửa đổi 2025-03-01"),
             dict(indicator_id="rev", year=2025, kind="plan", value=3.43, source="NQ 2024-12-05")]
    return sf.read_table(pd.DataFrame(rows).assign(unit="Tỷ đồng"), duplicates="latest_source")


def test_a_later_plans_set_aside_version_does_not_stop_an_earlier_year() -> None:
    # The plan record read a cut for every plan year, 2025 included, so a backtest of 2020
    # was refused for a 2025 plan version it never uses (a backtest review).
    bt = sf.backtest(_revised_later_plan(False), target_years=[2020], compare=())
    assert bt.target_years == (2020,)
    # where that version is the plan in force, the refusal names it as the version it is
    with pytest.raises(sf.InputError, match=r"the version of its 2025 plan from NQ 2024-12-05 "
                       r"\(set aside when the table was read.*3\.430 \(read as 3\.43\)") as err:
        sf.backtest(_revised_later_plan(True), target_years=[2025], compare=())
    assert err.value.row is None  # the row it would name holds the later version, 3430
    assert str(err.value).startswith("column 'value': rev, the version of its 2025 plan from "
                                     "NQ 2024-12-05")


def test_a_year_without_an_outcome_is_said_first() -> None:
    # "no target with both an outcome and a prediction" came last, after notes on sources,
    # and every model ran first (a backtest review).
    with pytest.raises(sf.InputError, match=r"nothing to backtest.*\(2025: no outcome \(the "
                       r"table has no full-year actual or estimate for 2025\)\)$"):
        sf.backtest(_revised_later_plan(False), target_years=[2025], compare=())
    bt = sf.backtest(_revised_later_plan(False), target_years=[2020, 2025], compare=())
    assert "2025: no outcome (the table has no full-year actual or estimate for 2025)" in bt.notes


def test_an_outcome_just_below_100_of_a_series_held_at_100_is_covered() -> None:
    # Outcomes of a percentage held at 100 are read at 99.99, where the models hold it; the
    # first fix of the clip took 99.995 as it is, outside [99.9899, 99.9901], while 100 and
    # 99.99 counted as inside (a regression review).
    t = _flat({"dien": (100.0, "%", "higher")})
    t.loc[(t["year"] == 2022) & (t["kind"] == "actual"), "value"] = 99.995
    bt = sf.backtest(sf.read_table(t), target_years=[2022], compare=("naive",))
    assert (bt.scores.set_index("method")["coverage_80"].dropna() == 1.0).all()


@pytest.mark.parametrize(("vals", "inside"), [
    # A series that rose to 99.99 has its intervals above 99.99; an outcome inside (99.9935)
    # was read at 99.99 and counted outside (naive and ETS coverage 0.667 for 1.0; a second
    # regression review).
    ([99.90, 99.93, 99.95, 99.97, 99.98, 99.99, 99.9935], True),
    # Held at 99.99 only where the series' latest figure is 100: one that rose to 99.989 has
    # quantiles above 99.99 of its own, and an outcome of 100 beyond them counted inside as
    # held (a third regression review).
    ([99.95, 99.96, 99.97, 99.98, 99.985, 99.989, 100.0], False),
])
def test_an_outcome_near_100_of_a_series_not_at_it_is_taken_as_it_is(
        vals: list[float], inside: bool) -> None:
    rows = [dict(indicator_id="hi", year=2016 + k, kind="actual", value=v)
            for k, v in enumerate(vals)]
    rows += [dict(indicator_id="hi", year=2022, kind="plan", value=99.99)]
    bt = sf.backtest(pd.DataFrame(rows).assign(unit="%"), target_years=[2022],
                     compare=("naive",), pairs="each")
    pred = bt.predictions
    cov = bt.scores.set_index("method")["coverage_80"]
    for method in ("drift", "naive"):
        p = pred[pred["method"] == method]
        as_it_is = ((p["outcome"] >= p["outcome_p10"] - 1e-9)
                    & (p["outcome"] <= p["outcome_p90"] + 1e-9))
        assert cov[method] == as_it_is.mean()
    naive = pred[pred["method"] == "naive"]
    assert (naive["outcome_p10"] > 99.99).all() if inside else (naive["outcome_p90"] < 100).all()
    assert cov["naive"] == (1.0 if inside else 0.0)


def test_values_near_100_of_a_series_at_100_read_as_100_in_the_coverage() -> None:
    # A series that rose to 100 is held at 99.99; the reference class's interval for it,
    # [99.9944, 99.9999], is all "100" to the models, yet an outcome of 100 lay above it and
    # its held value 99.99 below it: counted outside (a fourth regression review).
    def cov(outcome: float) -> float:
        rows = [dict(indicator_id="w", year=y, kind="actual", value=v)
                for y, v in zip(range(2019, 2025), [97, 98, 99, 99.5, 99.8, 100.0],
                                strict=True)]
        rows.append(dict(indicator_id="w", year=2025, kind="actual", value=outcome))
        for k, h in enumerate(([60, 62, 63, 65, 66, 68], [80, 81, 83, 84, 86, 87],
                               [40, 42, 41, 44, 45, 47])):
            rows += [dict(indicator_id=f"f{k}", year=y, kind="actual", value=v)
                     for y, v in zip(range(2019, 2025), h, strict=True)]
            rows.append(dict(indicator_id=f"f{k}", year=2025, kind="actual", value=h[-1] + 1.5))
        for iid in ("w", "f0", "f1", "f2"):
            rows += [dict(indicator_id=iid, year=y, kind="plan", value=50.0)
                     for y in range(2022, 2026)]
        bt = sf.backtest(pd.DataFrame(rows).assign(unit="%", direction="higher"),
                         target_years=[2025], compare=("refclass",), pairs="each")
        w = bt.predictions[(bt.predictions["method"] == "refclass")
                           & (bt.predictions["indicator_id"] == "w")]
        assert (w["outcome_p10"] > 99.99).all() and (w["outcome_p90"] < 100.0).all()
        return float(bt.scores.set_index("method").at["refclass", "coverage_80"])

    at_100 = cov(100.0)
    assert cov(99.995) == cov(99.99) == at_100
    assert cov(99.985) == at_100 - 0.25  # 99.985 is no 100: outside


def test_scores_by_a_column_are_the_scores_of_each_group_s_predictions(
        result: sf.BacktestResult) -> None:
    by_year = result.scores_by("target_year")
    assert list(by_year.columns) == ["target_year", *result.scores.columns]
    assert list(by_year["target_year"].unique()) == [2020, 2021, 2022]
    pred = result.predictions
    for r in by_year.to_dict("records"):
        f = pred[(pred["method"] == r["method"]) & (pred["target_year"] == r["target_year"])]
        assert r["n"] == len(f) == 8
        assert r["n_met"] == int(f["met"].sum())
        assert r["brier"] == pytest.approx(scoring.brier_score(f["probability"], f["met"]))
        assert r["log_score"] == pytest.approx(scoring.log_score(f["probability"], f["met"]))
        if r["kind"] == "model":
            assert r["coverage_80"] == pytest.approx(scoring.interval_coverage(
                f["outcome"], f["outcome_p10"], f["outcome_p90"]))
        else:
            assert np.isnan(r["coverage_80"]) and np.isnan(r["pinball"])
    # The groups' pairs add up to the whole, method by method, in the order of the scores.
    n = by_year.groupby("method", sort=False)["n"].sum()
    assert list(n.index) == list(result.scores["method"])
    assert n.to_dict() == dict(zip(result.scores["method"], result.scores["n"], strict=True))
    # One group holding every pair scores as the whole.
    whole = result.scores_by("scale").drop(columns="scale")
    pd.testing.assert_frame_equal(whole, result.scores)


def test_scores_by_several_columns_and_a_method_missing_from_a_group() -> None:
    table = panel_table(n_series=4).assign(region="A")
    other = panel_table(n_series=4, seed=5).assign(region="B")
    bt = sf.backtest(pd.concat([table, other]), target_years=[2021, 2022], compare=(),
                     pairs="each")
    got = bt.scores_by(["region", "target_year"])
    assert list(got.columns[:3]) == ["region", "target_year", "method"]
    assert [tuple(k) for k in got[["region", "target_year"]].drop_duplicates().to_numpy()] == [
        ("A", 2021), ("B", 2021), ("A", 2022), ("B", 2022)]
    assert (got["n"] == 4).all()


@pytest.mark.parametrize("by", ["method", [], ["scale", "scale"], "probability"])
def test_scores_by_refuses_a_column_it_cannot_group_by(result: sf.BacktestResult,
                                                       by: object) -> None:
    with pytest.raises(sf.InputError, match="by must name") as exc:
        result.scores_by(by)  # type: ignore[arg-type]
    assert exc.value.column == "by"


def test_summary_by_adds_the_grouped_table(result: sf.BacktestResult) -> None:
    text = result.summary(by="target_year")
    assert text.startswith(result.summary().split("\nNote:")[0])
    grouped = text.split("Scores by target_year")[1]
    lines = [ln for ln in grouped.splitlines() if ln.startswith(("2020", "2021", "2022"))]
    assert len(lines) == len(result.scores_by("target_year"))
    assert lines[0].split()[:2] == ["2020", result.model]


def test_the_scores_do_not_depend_on_the_order_of_the_table_rows() -> None:
    frame = sf.datasets.load_sonla_history().to_frame()
    cols = ["method", "n", "n_met", "brier", "log_score", "pinball", "coverage_80"]
    before = sf.backtest(frame).scores[cols]
    for seed in (3, 4):
        shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
        after = sf.backtest(shuffled).scores[cols]
        pd.testing.assert_frame_equal(after, before, check_exact=True)


def test_a_model_that_predicts_nothing_says_why_with_pairs_each() -> None:
    # a review: with pairs 'each' the error gave no reason (the notes hold none of it)
    df = panel_table(n_series=3)
    df = pd.concat([df, df[(df["year"] == 2019) & (df["kind"] == "plan")].assign(year=2015)])
    with pytest.raises(sf.InputError, match=r"column 'model'.*the model under test, 'drift', could "
                       r"not predict any target with an outcome \(its predictions say: no actual "
                       r"or estimate before the target year \(3 targets\)\)"):
        sf.backtest(df, target_years=[2015], pairs="each")
