"""Tests of :mod:`sonla_forecast.portfolio`: the number of targets met."""

from __future__ import annotations

import itertools
import json
import math
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import sonla_forecast as sf
from sonla_forecast.errors import InputError
from sonla_forecast.portfolio import (
    PORTFOLIO_COLUMNS,
    count_interval,
    nearest_correlation,
    pairwise_correlation,
    poisson_binomial_pmf,
    portfolio,
    simulate_count_pmf,
)

probs = st.lists(st.floats(0.0, 1.0), min_size=0, max_size=25).map(np.array)


# ---- Poisson-binomial ----------------------------------------------------------------------


def _brute_force_pmf(p: np.ndarray) -> np.ndarray:
    """Enumerate all 2^n outcomes (small n): the definition, independent of the recursion."""
    n = len(p)
    out = np.zeros(n + 1)
    for mask in range(2**n):
        met = np.array([(mask >> i) & 1 for i in range(n)], dtype=bool)
        out[met.sum()] += np.prod(np.where(met, p, 1 - p))
    return out


@given(st.lists(st.floats(0.0, 1.0), min_size=0, max_size=8).map(np.array))
def test_poisson_binomial_matches_enumeration(p: np.ndarray) -> None:
    np.testing.assert_allclose(poisson_binomial_pmf(p), _brute_force_pmf(p), atol=1e-12)


@given(probs)
def test_poisson_binomial_sums_to_one_and_mean_is_sum_p(p: np.ndarray) -> None:
    pmf = poisson_binomial_pmf(p)
    assert pmf.shape == (len(p) + 1,)
    assert (pmf >= -1e-15).all()
    assert math.isclose(pmf.sum(), 1.0, abs_tol=1e-12)
    assert math.isclose(float(np.arange(len(pmf)) @ pmf), float(p.sum()), abs_tol=1e-9)


# Subnormal q overflow scipy's reference (not our function), so q is 0 or at least 1e-9.
@given(st.integers(1, 30), st.one_of(st.just(0.0), st.floats(1e-9, 1.0)))
def test_poisson_binomial_with_equal_p_is_binomial(n: int, q: float) -> None:
    # Reference: scipy.stats.binom.pmf (the special case p_i = q for all i).
    np.testing.assert_allclose(
        poisson_binomial_pmf(np.full(n, q)), stats.binom.pmf(np.arange(n + 1), n, q), atol=1e-12
    )


# ---- simulation and correlation --------------------------------------------------------------


def test_simulation_without_correlation_matches_poisson_binomial() -> None:
    p = np.random.default_rng(3).uniform(0.05, 0.95, 20)
    exact = poisson_binomial_pmf(p)
    sim = simulate_count_pmf(1 - p, np.ones(20), np.eye(20), 40000, rng=7)
    # Monte-Carlo error of a share from 40000 draws: sd <= 0.5 / 200 = 0.0025; 5 sd.
    assert np.abs(np.cumsum(sim) - np.cumsum(exact)).max() < 0.0125


def test_perfectly_correlated_identical_targets_count_zero_or_n() -> None:
    n, p = 6, 0.35
    pmf = simulate_count_pmf(np.full(n, 1 - p), np.ones(n), np.ones((n, n)), 20000, rng=1)
    assert pmf[1:n].sum() == 0.0
    # P(all met) = p; Monte-Carlo sd = sqrt(p(1-p)/20000) = 0.0034; 5 sd.
    assert abs(pmf[n] - p) < 0.017


def test_pairwise_correlation_needs_min_common() -> None:
    x = np.array([[0.1, 0.2, np.nan, 0.4], [0.2, 0.1, 0.3, 0.5], [np.nan, np.nan, 0.1, 0.2]])
    r, m = pairwise_correlation(x, 3)
    assert m[0, 1] == 3 and m[1, 2] == 2
    # numpy.corrcoef on the three common columns (0, 1, 3).
    assert math.isclose(r[0, 1], np.corrcoef([0.1, 0.2, 0.4], [0.2, 0.1, 0.5])[0, 1])
    assert np.isnan(r[1, 2]) and np.isnan(r[0, 2])
    np.testing.assert_array_equal(np.diag(r), 1.0)


def test_nearest_correlation_keeps_valid_and_fixes_invalid() -> None:
    ok = np.array([[1.0, 0.3], [0.3, 1.0]])
    fixed, k = nearest_correlation(ok)
    assert k == 0
    np.testing.assert_array_equal(fixed, ok)
    bad = np.array([[1.0, 0.95, -0.95], [0.95, 1.0, 0.95], [-0.95, 0.95, 1.0]])
    fixed, k = nearest_correlation(bad)
    assert k == 1
    assert np.linalg.eigvalsh(fixed).min() > -1e-12
    np.testing.assert_allclose(np.diag(fixed), 1.0)


def test_count_interval_covers_level() -> None:
    pmf = poisson_binomial_pmf(np.random.default_rng(0).uniform(0, 1, 30))
    lo, hi = count_interval(pmf, 0.8)
    assert pmf[lo : hi + 1].sum() >= 0.8
    assert pmf[:lo].sum() <= 0.1 + 1e-12 and pmf[hi + 1 :].sum() <= 0.1 + 1e-12


# ---- portfolio() on the bundled table --------------------------------------------------------


@pytest.fixture(scope="module")
def sonla_pf(sonla: sf.Assessment) -> object:
    return portfolio(sonla, table=sf.datasets.load_sonla_history(), n_draws=20000, rng=2025)


def test_portfolio_expected_is_sum_of_probabilities(sonla: sf.Assessment, sonla_pf) -> None:
    p = sonla.to_frame()["probability"].to_numpy()
    assert sonla_pf.n == 34
    assert math.isclose(sonla_pf.expected, float(np.nansum(p)))
    np.testing.assert_allclose(sonla_pf.distribution_independent, poisson_binomial_pmf(p))


def test_portfolio_distributions_are_distributions(sonla_pf) -> None:
    for dep in ("independent", "estimated"):
        pmf = sonla_pf._pmf(dep)
        assert math.isclose(pmf.sum(), 1.0, abs_tol=1e-9)
        at_least = [sonla_pf.prob_at_least(k, dependence=dep) for k in range(sonla_pf.n + 2)]
        assert at_least[0] == 1.0 and at_least[-1] == 0.0
        assert all(a >= b - 1e-12 for a, b in itertools.pairwise(at_least))


def test_portfolio_frame_and_dict(sonla_pf) -> None:
    f = sonla_pf.to_frame()
    assert list(f.columns) == list(PORTFOLIO_COLUMNS)
    assert len(f) == sonla_pf.n + 1
    # at least 0 met is certain: exactly 1, not the pmf's sum (0.9999999999999999)
    assert f["p_at_least_independent"].iat[0] == 1.0
    assert f["p_at_least_estimated"].iat[0] == 1.0
    d = json.loads(json.dumps(sonla_pf.to_dict()))
    assert d["schema_version"] >= 1 and d["n"] == 34
    assert len(d["rows"]) == 35


def test_portfolio_seed_history_cannot_estimate(sonla: sf.Assessment) -> None:
    # The seed table has two observations (one change) per indicator: nothing to estimate.
    pf = portfolio(sonla, table=sf.load_sonla_2025(), rng=1)
    assert pf.n_pairs_estimated == 0 and pf.n_pairs_assumed == 34 * 33 // 2
    assert pf.assumed_correlation == 0.0
    assert "No pair has enough common history" in pf.summary()
    # and the JSON says that no draw was made (an embedder review: n_draws alone suggested a
    # Monte Carlo error on exact numbers)
    assert not pf.simulated and pf.to_dict()["simulated"] is False and "No simulation" in \
        pf.summary()
    # With zero correlation the simulation matches the exact answer within Monte-Carlo error
    # (sd of a tail probability from 20000 draws <= 0.0035; 5 sd).
    diff = pf.to_frame()["p_at_least_estimated"] - pf.to_frame()["p_at_least_independent"]
    assert diff.abs().max() < 0.018


def test_portfolio_history_estimates_some_pairs(sonla_pf) -> None:
    # load_sonla_history: grdp_per_capita, budget_revenue and poverty_rate have 2021-2024,
    # three common yearly changes, hence 3 estimable pairs.
    assert sonla_pf.n_pairs_estimated == 3
    assert "estimated from the history for 3" in sonla_pf.summary()
    assert sonla_pf.simulated == sonla_pf.to_dict()["simulated"] == (
        "Monte Carlo: 20000 draws" in sonla_pf.summary())


def test_portfolio_groups(sonla: sf.Assessment) -> None:
    n = {g: portfolio(sonla, group=g, rng=0).n for g in ("economic", "social", "environmental")}
    assert n == {"economic": 12, "social": 15, "environmental": 7}
    with pytest.raises(InputError, match=r"unknown group 'culture'.*economic"):
        portfolio(sonla, group="culture")
    # group= and region= combine (under pandas 3 the pair raised "output array is read-only")
    both = portfolio(sonla, group="social", region="Sơn La", rng=0)
    assert both.n == 15 and both.region == "Sơn La"


def test_a_portfolio_of_one_group_names_the_targets_without_a_section(
        sonla: sf.Assessment) -> None:
    # targets under ids the glossary does not know have no section: portfolio(group=...) left
    # them out without a word ("How many of the 1 target..." in a review's table of 8)
    df = sf.load_sonla_2025().to_frame()
    df = df.assign(section="", indicator_id=df["indicator_id"].replace(
        "budget_revenue", "thu_ngan_sach")).where(df["indicator_id"] == "budget_revenue", df)
    res = sf.assess(df, target_year=2025)
    eco = portfolio(res, group="economic", rng=0)
    assert eco.n == 11
    assert eco.no_section == ("thu_ngan_sach",) and eco.excluded == ()
    assert eco.to_dict()["no_section"] == ["thu_ngan_sach"]
    assert ("Not in any section (the table gives them none): thu_ngan_sach"
            in eco.summary())
    # no group asked: every target is in, none without a section apart
    assert portfolio(res, rng=0).no_section == ()
    df = df.assign(indicator_id=df["indicator_id"] + "_x", section="")
    with pytest.raises(InputError, match=r"sections are none \(34 of its 34 targets have none: "
                       r"give them one in the table's section column\)"):
        portfolio(sf.assess(df, target_year=2025), group="economic")
    # the bundled table: every target has a section, so nothing changes
    assert portfolio(sonla, group="economic", rng=0).no_section == ()


def test_portfolio_does_not_depend_on_the_targets_order() -> None:
    # The simulated draws went to the targets by place: the same assessment in another row
    # order moved P(count) by up to 0.005.
    df = sf.load_sonla_2025().to_frame()
    history = sf.datasets.load_sonla_history()
    results = []
    for seed in (None, 1, 2):
        d = df if seed is None else df.sample(frac=1.0, random_state=seed)
        pf = portfolio(sf.assess(d.reset_index(drop=True), target_year=2025), table=history,
                       rng=2025)
        order = np.argsort(pf.ids)
        results.append((pf, order))
    (a, oa) = results[0]
    for b, ob in results[1:]:
        assert a.ids != b.ids  # really another order
        np.testing.assert_array_equal(a.distribution_estimated, b.distribution_estimated)
        np.testing.assert_array_equal(a.probabilities[oa], b.probabilities[ob])
        np.testing.assert_array_equal(a.correlation[np.ix_(oa, oa)], b.correlation[np.ix_(ob, ob)])


def test_portfolio_bad_inputs(sonla: sf.Assessment) -> None:
    with pytest.raises(InputError, match="dependence"):
        portfolio(sonla, dependence="copula")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="n_draws"):
        portfolio(sonla, n_draws=10)
    with pytest.raises(InputError, match="assumed_correlation"):
        portfolio(sonla, assumed_correlation=1.5)
    with pytest.raises(InputError, match="Assessment"):
        portfolio(sonla.to_frame())  # type: ignore[arg-type]


# ---- generated tables: dependence through the public path -----------------------------------


def _table(
    series: dict[str, list[float]], plans: dict[str, float], direction: dict[str, str]
) -> pd.DataFrame:
    rows = []
    for k, vals in series.items():
        for j, v in enumerate(vals):
            rows.append(
                dict(
                    indicator_id=k,
                    year=2015 + j,
                    kind="actual",
                    value=v,
                    unit="tỷ đồng",
                    name_vi=k,
                    direction=direction[k],
                    section="economic",
                )
            )
        rows.append(
            dict(
                indicator_id=k,
                year=2015 + len(vals),
                kind="plan",
                value=plans[k],
                unit="tỷ đồng",
                name_vi=k,
                direction=direction[k],
                section="economic",
            )
        )
    return pd.DataFrame(rows)


def test_identical_indicators_are_met_together() -> None:
    path = [100.0, 104.0, 107.0, 113.0, 115.0, 121.0]
    df = _table(
        {"a": path, "b": path, "c": path},
        {"a": 125.0, "b": 125.0, "c": 125.0},
        {k: "higher" for k in "abc"},
    )
    tbl = sf.read_table(df)
    res = sf.assess(tbl, target_year=2021)
    pf = portfolio(res, table=tbl, rng=4)
    assert pf.n_pairs_estimated == 3
    np.testing.assert_allclose(pf.correlation, 1.0, atol=1e-9)
    assert pf.distribution_estimated[1:3].sum() == 0.0
    assert pf.interval(0.8, dependence="estimated")[0] in (0, 3)


def test_mirrored_indicator_counts_progress_not_level() -> None:
    # b moves exactly against a; a is 'higher', b is 'lower': their progress is perfectly
    # correlated (comonotone), so exactly one is met with probability |p_a - p_b| only.
    a = [100.0, 104.0, 107.0, 113.0, 115.0, 121.0]
    b = [10000.0 / x for x in a]
    df = _table({"a": a, "b": b}, {"a": 124.0, "b": 10000.0 / 124.0}, {"a": "higher", "b": "lower"})
    tbl = sf.read_table(df)
    res = sf.assess(tbl, target_year=2021)
    pf = portfolio(res, table=tbl, rng=5)
    np.testing.assert_allclose(pf.correlation[0, 1], 1.0, atol=1e-9)
    gap = abs(pf.probabilities[0] - pf.probabilities[1])
    # Monte-Carlo sd of a share from 20000 draws <= 0.0035; 5 sd.
    assert abs(pf.distribution_estimated[1] - gap) < 0.018
    # Treated as independent, one-of-two would be far likelier.
    assert pf.distribution_independent[1] > gap + 0.1


def test_targets_without_probability_are_excluded_with_their_reason() -> None:
    # 'c' has a single observation: no probability, so it is left out and listed with why.
    df = _table(
        {"a": [100.0, 104.0, 107.0], "b": [50.0, 52.0, 55.0], "c": [10.0]},
        {"a": 110.0, "b": 57.0, "c": 12.0},
        {k: "higher" for k in "abc"},
    )
    df.loc[df["indicator_id"] == "c", "year"] += 2  # its one observation is 2017, its plan 2018
    res = sf.assess(sf.read_table(df), target_year=2018)
    assert np.isnan(res["c"].probability)
    pf = portfolio(res, rng=1)
    assert pf.n == 2
    assert len(pf.excluded) == 1
    assert pf.excluded[0].startswith("c (") and res["c"].reason in pf.excluded[0]
    assert "Excluded: c (" in pf.summary()


def test_the_default_seed_gives_the_same_answer_run_after_run() -> None:
    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    hist = sf.datasets.load_sonla_history()
    a = sf.portfolio(res, table=hist, assumed_correlation=0.3)
    b = sf.portfolio(res, table=hist, assumed_correlation=0.3)
    assert a.prob_at_least(20) == b.prob_at_least(20)
    assert a.interval(0.8) == b.interval(0.8)


@pytest.mark.parametrize("p", [[0.5, float("nan")], [0.5, 1.5], [-0.1, 0.5]])
def test_poisson_binomial_refuses_what_is_not_a_probability(p: list[float]) -> None:
    from sonla_forecast.errors import InputError
    from sonla_forecast.portfolio import poisson_binomial_pmf

    with pytest.raises(InputError, match=r"at position [01] is not in \[0, 1\]"):
        poisson_binomial_pmf(np.array(p))


def test_the_history_may_be_a_dataframe_as_for_assess() -> None:
    import sonla_forecast as sf

    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    history = sf.datasets.load_sonla_history()
    a = sf.portfolio(res, table=history, rng=1).to_dict()
    b = sf.portfolio(res, table=history.to_frame(), rng=1).to_dict()
    assert a == b


def test_a_portfolio_per_region() -> None:
    import sonla_forecast as sf

    base = sf.load_sonla_2025().to_frame().drop(columns=["direction_source", "months"])
    other = base.assign(region="Lai Châu")
    res = sf.assess(pd.concat([base, other], ignore_index=True), target_year=2025)
    both = sf.portfolio(res, dependence="independent", rng=1)
    lai = sf.portfolio(res, region="Lai Châu", dependence="independent", rng=1)
    assert lai.n == both.n // 2 and all(i.startswith("Lai Châu/") for i in lai.ids)
    assert lai.to_dict()["region"] == "Lai Châu" and "Lai Châu" in lai.summary()
    import unicodedata

    nfd = sf.portfolio(res, region=unicodedata.normalize("NFD", "Lai Châu"),
                       dependence="independent", rng=1)
    assert nfd.to_dict()["region"] == "Lai Châu" and nfd.ids == lai.ids
    from sonla_forecast.errors import InputError

    with pytest.raises(InputError, match="unknown region 'Điện Biên'"):
        sf.portfolio(res, region="Điện Biên")


def test_every_json_names_the_library_version_that_made_it() -> None:
    table = sf.load_sonla_2025()
    res = sf.assess(table, target_year=2025)
    bt = sf.backtest(sf.datasets.load_sonla_history(), target_years=[2024], model="naive")
    for made in (res, sf.portfolio(res), sf.audit(table), bt):
        d = made.to_dict()
        assert d["schema_version"] == 1 and d["library_version"] == sf.__version__


@pytest.mark.parametrize("call", [
    lambda res, pf: sf.assess(sf.load_sonla_2025(), target_year=2025, window=float("inf")),
    lambda res, pf: sf.assess(sf.load_sonla_2025(), target_year=2025, window=float("nan")),
    lambda res, pf: sf.assess(sf.load_sonla_2025(), target_year=2025, band_tolerance="1"),
    lambda res, pf: sf.assess(sf.load_sonla_2025(), target_year=2025,
                              band_tolerance=float("inf")),
    lambda res, pf: sf.portfolio(res, n_draws=float("inf")),
    lambda res, pf: sf.portfolio(res, n_draws=float("nan")),
    lambda res, pf: sf.portfolio(res, assumed_correlation="0.3"),
    lambda res, pf: pf.prob_at_least(float("nan")),
    lambda res, pf: pf.interval("0.8"),
    lambda res, pf: res.forecast.interval("0.8"),
], ids=["window-inf", "window-nan", "band-str", "band-inf", "draws-inf", "draws-nan",
        "corr-str", "k-nan", "level-str", "forecast-level-str"])
def test_an_option_that_is_no_finite_number_is_an_input_error(call: Any) -> None:
    # these escaped as OverflowError, ValueError or TypeError from int() or a comparison
    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    pf = sf.portfolio(res)
    with pytest.raises(InputError):
        call(res, pf)


def test_an_option_given_as_a_decimal_or_a_0d_array_is_a_number() -> None:
    # real_option refused what worked before it: Decimal("1") and np.array(0.8)
    from decimal import Decimal

    res = sf.assess(sf.load_sonla_2025(), target_year=2025, band_tolerance=Decimal("1"))
    assert res.to_frame()["tolerance"].max() == 1.0
    lo, hi = res.forecast.interval(np.array(0.8))
    assert (lo <= hi).all()
    with pytest.raises(InputError, match="window must be"):
        sf.assess(sf.load_sonla_2025(), target_year=2025, window=10**400)


def test_at_least_none_met_is_exactly_certain() -> None:
    # The pmf of these five probabilities sums to 0.9999999999999999 from its tail; "at least
    # 0 met" is 1 by definition, as a tool reading the JSON may check with ==.
    from sonla_forecast.portfolio import Portfolio, poisson_binomial_pmf

    pmf = poisson_binomial_pmf(np.array([0.82, 0.0, 0.86, 0.03, 0.73]))
    at_least = Portfolio._at_least(cast(Any, None), pmf)
    assert at_least[0] == 1.0
    np.testing.assert_allclose(at_least, np.cumsum(pmf[::-1])[::-1], atol=1e-15)


def test_prob_at_least_counts_k_itself() -> None:
    # Two targets of probability 0.5: independent, P(0, 1, 2 met) = 0.25, 0.5, 0.25, so at
    # least 1 is 0.75 and at least 2 is 0.25; perfectly correlated, 0.5, 0, 0.5: at least 1
    # is 0.5. The table's "at least" columns say the same.
    from sonla_forecast.portfolio import Portfolio

    pf = Portfolio(
        target_year=2025, model="drift", group=None, dependence="independent", ids=("a", "b"),
        probabilities=np.array([0.5, 0.5]),
        distribution_independent=poisson_binomial_pmf(np.array([0.5, 0.5])),
        distribution_estimated=np.array([0.5, 0.0, 0.5]), correlation=np.ones((2, 2)),
        n_common=np.zeros((2, 2), dtype=np.int64), n_pairs_estimated=0, n_pairs_assumed=1,
        assumed_correlation=1.0, assumption="test", n_draws=1,
    )
    assert [pf.prob_at_least(k) for k in (-1, 0, 1, 2, 3)] == [1.0, 1.0, 0.75, 0.25, 0.0]
    assert [pf.prob_at_least(k, dependence="estimated") for k in (1, 2)] == [0.5, 0.5]
    frame = pf.to_frame()
    assert frame["p_at_least_independent"].tolist() == [1.0, 0.75, 0.25]
    assert frame["p_at_least_estimated"].tolist() == [1.0, 0.5, 0.5]


def test_labels_that_name_two_targets_are_refused() -> None:
    """Region 'A/poverty' with indicator 'rate' and region 'A' with indicator 'poverty/rate'
    would both be labelled 'A/poverty/rate': the portfolio refuses the pair rather than
    report one target's label for two."""
    from sonla_forecast.errors import InputError

    rows = []
    for region, ind in (("A/poverty", "rate"), ("A", "poverty/rate")):
        for year, kind, value in ((2022, "actual", 12.0), (2023, "actual", 11.0),
                                  (2024, "estimate", 10.0), (2025, "plan", 9.0)):
            rows.append({"region": region, "indicator_id": ind, "year": year, "kind": kind,
                         "value": value, "unit": "%", "direction": "lower"})
    res = sf.assess(pd.DataFrame(rows), target_year=2025)
    with pytest.raises(InputError, match="'A/poverty/rate' names two targets") as err:
        sf.portfolio(res, dependence="independent", rng=0)
    assert err.value.column == "indicator_id"


def test_a_summary_with_every_pair_estimated_names_no_assumption() -> None:
    # "assumed for 0: rho = 0.01" was printed when no pair was assumed (a panel review)
    g = np.random.default_rng(5)
    rows = []
    for ind in ("a", "b", "c"):
        x = 100.0 * np.exp(np.cumsum(g.normal(0.05, 0.03, 10)))
        rows += [(ind, 2015 + k, "actual", float(v)) for k, v in enumerate(x)]
        rows.append((ind, 2025, "plan", float(x[-1] * 1.05)))
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value"]).assign(
        unit="Tỷ đồng", direction="higher")
    res = sf.assess(df, target_year=2025)
    pf = sf.portfolio(res, table=df, rng=0)
    assert pf.n_pairs_estimated == 3 and pf.n_pairs_assumed == 0
    line = next(li for li in pf.summary().splitlines() if li.startswith("Dependence:"))
    assert line.endswith("for 3 (>= 3 common yearly changes).") and "assumed" not in line


def test_without_any_correlation_the_dependent_distribution_is_the_exact_one() -> None:
    # the simulation of independent targets read as an effect of dependence: the environmental
    # section's 80% interval was 1-5 independent and 2-5 "dependent", with every correlation 0
    # (a portfolio review)
    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    for group in (None, "environmental"):
        for seed in (1, 2):
            pf = portfolio(res, group=group, rng=seed)
            assert (pf.correlation == np.eye(pf.n)).all()
            np.testing.assert_array_equal(pf.distribution_estimated,
                                          pf.distribution_independent)
    env = portfolio(res, group="environmental")
    assert env.interval(0.8, dependence="estimated") == env.interval(
        0.8, dependence="independent") == (1, 5)
    # and the summary says so, not "up to Monte-Carlo error" (a regression review)
    assert "No simulation: with every correlation 0" in env.summary()
    assert "Monte" not in env.summary()
    # a correlation other than 0 is simulated: the two differ
    tied = portfolio(res, assumed_correlation=0.3, rng=1)
    assert not np.array_equal(tied.distribution_estimated, tied.distribution_independent)
    assert "Monte Carlo: 20000 draws" in tied.summary()


def test_expected_count_does_not_depend_on_the_order_of_the_targets() -> None:
    frame = sf.load_sonla_2025().to_frame()
    first = portfolio(sf.assess(frame, target_year=2025), dependence="independent")
    shuffled = frame.sample(frac=1, random_state=7).reset_index(drop=True)
    again = portfolio(sf.assess(shuffled, target_year=2025), dependence="independent")
    assert again.ids != first.ids  # the same targets, in another order
    assert again.expected == first.expected
