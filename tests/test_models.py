"""Tests of the trajectory models (generated data only; the M3 validation lives in benchmarks/)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sonla_forecast as sf
from sonla_forecast.errors import InputError, ModelError
from sonla_forecast.models import (
    DEFAULT_MODEL,
    MODELS,
    ETSModel,
    NaiveNormalDrift,
    PooledDrift,
    SampleForecast,
    TForecast,
    get_model,
)
from sonla_forecast.models.base import Panel
from sonla_forecast.models.drift import DriftDefaults, diff_stats, to_identified

ALL_SPECS = [PooledDrift(), PooledDrift(shrink_drift=False), NaiveNormalDrift(), ETSModel()]


def _random_panel(seed: int, n: int = 12, t: int = 4, scale: str = "level") -> Panel:
    """Positive log-random-walk series with a drift of ~5% a year and noise of ~5%."""
    g = np.random.default_rng(seed)
    steps = 0.05 + 0.05 * g.standard_normal((n, t - 1))
    z = np.concatenate([np.zeros((n, 1)), np.cumsum(steps, axis=1)], axis=1)
    if scale == "percent":
        x = 100.0 / (1.0 + np.exp(-(z - 1.0)))
    elif scale == "rate":
        x = 5.0 + 20.0 * z
    else:
        x = 50.0 * np.exp(z)
    return Panel(values=x, years=np.arange(2020, 2020 + t), scale=(scale,) * n)


# --- registry --------------------------------------------------------------------------------


def test_registry_names_and_default() -> None:
    assert DEFAULT_MODEL == "drift"
    assert {"drift", "naive", "ets"} <= set(MODELS)
    for name, cls in MODELS.items():
        assert cls.name == name
        assert get_model(name).name == name


def test_get_model_unknown_lists_valid_names() -> None:
    valid = ", ".join(repr(k) for k in sorted(MODELS))
    with pytest.raises(InputError, match=r"unknown model 'arima'; expected one of ") as info:
        get_model("arima")
    assert str(info.value).endswith(valid)
    assert "'drift'" in valid and "'ets'" in valid and "'naive'" in valid


def test_get_model_bad_keyword() -> None:
    with pytest.raises(InputError, match=r"bad hyper-parameters for model 'naive'"):
        get_model("naive", damping=0.5)


def test_specs_are_frozen() -> None:
    spec = PooledDrift()
    with pytest.raises(AttributeError):
        spec.shrink_drift = False  # type: ignore[misc]


def test_fitted_arrays_read_only() -> None:
    fitted = PooledDrift().fit(_random_panel(0))
    with pytest.raises(ValueError, match="read-only"):
        fitted.drift[0] = 1.0  # type: ignore[index]
    fc = fitted.forecast(1)
    with pytest.raises(ValueError, match="read-only"):
        fc.loc[0] = 1.0  # type: ignore[index]


# --- probabilities ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: f"{s.name}")
@pytest.mark.parametrize("scale", ["level", "percent", "rate"])
def test_prob_meets_in_unit_interval_and_monotone(spec: object, scale: str) -> None:
    panel = _random_panel(1, scale=scale)
    fc = spec.fit(panel).forecast(2)  # type: ignore[attr-defined]
    last = panel.values[:, -1]
    lo, hi = (0.5, 99.5) if scale == "percent" else (last.min() - 30.0, last.max() * 2.0 + 30.0)
    grid = np.linspace(lo, hi, 41)
    probs = np.stack(
        [fc.prob_meets(np.full(panel.n_series, t), ["higher"] * panel.n_series) for t in grid], 1
    )
    assert ((probs >= 0.0) & (probs <= 1.0)).all()
    assert (np.diff(probs, axis=1) <= 1e-12).all()


@pytest.mark.parametrize("spec", ALL_SPECS[:3], ids=lambda s: s.name)
def test_lower_mirrors_higher(spec: object) -> None:
    panel = _random_panel(2)
    fc = spec.fit(panel).forecast(1)  # type: ignore[attr-defined]
    target = panel.values[:, -1] * 1.04
    n = panel.n_series
    p_hi = fc.prob_meets(target, ["higher"] * n)
    p_lo = fc.prob_meets(target, ["lower"] * n)
    # Continuous scale: P(X >= t) + P(X <= t) = 1 (the point t has probability zero).
    np.testing.assert_allclose(p_hi + p_lo, 1.0, atol=1e-12)


def test_band_probability() -> None:
    panel = _random_panel(3)
    fc = PooledDrift().fit(panel).forecast(1)
    n = panel.n_series
    t = panel.values[:, -1]
    tol = 0.05 * t
    p_band = fc.prob_meets(t, ["band"] * n, tolerance=tol)
    np.testing.assert_allclose(p_band, fc.cdf(t + tol) - fc.cdf(t - tol), atol=1e-12)


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.name)
def test_percent_quantiles_stay_inside_0_100(spec: object) -> None:
    # A percentage heading fast toward 100, and one toward 0.
    x = np.array([[80.0, 90.0, 96.0, 98.5, 99.4, 99.8], [20.0, 10.0, 4.0, 1.5, 0.6, 0.2]])
    panel = Panel(values=x, years=np.arange(2019, 2025), scale=("percent", "percent"))
    q = spec.fit(panel).forecast(3).quantiles([0.01, 0.1, 0.5, 0.9, 0.99])  # type: ignore[attr-defined]
    assert ((q > 0.0) & (q < 100.0)).all()


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.name)
def test_count_is_whole_and_capped(spec: object) -> None:
    x = np.array([[30.0, 36.0, 41.0, 45.0], [3.0, 5.0, 6.0, 9.0]])
    cap = np.array([48.0, np.nan])
    panel = Panel(values=x, years=np.arange(2021, 2025), scale=("count", "count"), cap=cap)
    fc = spec.fit(panel).forecast(2)  # type: ignore[attr-defined]
    q = fc.quantiles([0.05, 0.5, 0.95])
    d = fc.draws(500, rng=1)
    for arr in (q, d):
        np.testing.assert_array_equal(arr, np.round(arr))
        assert (arr >= 0).all()
        assert (arr[0] <= 48.0).all()
    # Reaching the cap is possible, exceeding it is not.
    p = fc.prob_meets(np.array([49.0, 1e9]), ["higher", "higher"])
    assert p[0] == 0.0
    assert p[1] < 1e-5  # uncapped: a (heavy) tail, but tiny that far out


# --- the drift model ------------------------------------------------------------------------


def test_noiseless_line_gives_the_line() -> None:
    # 20 years of an exact line on the rate scale: z_t = 2 + 0.5 t; 3 years on: 2 + 0.5 * 22.
    t = np.arange(20.0)
    panel = Panel(values=(2.0 + 0.5 * t)[None, :], years=np.arange(2005, 2025), scale=("rate",))
    # With a vague drift prior and no damping the median is the line, and the prior's
    # pseudo-data keep only a little spread, which 19 exact differences shrink well below
    # the slope.
    vague = DriftDefaults(
        hyper=(0.0, -7.0, np.log(2.0), 0.0),
        hyper_sd=(1.0, 1.0, 1.0, 1.0),
        damping=1.0,
        drift_var=0.0,
        hyper_weight=1.0,
    )
    q = PooledDrift(rate_defaults=vague).fit(panel).forecast(3).quantiles([0.1, 0.5, 0.9])[0]
    assert q[1] == pytest.approx(2.0 + 0.5 * 22, abs=1e-3)
    assert q[2] - q[0] < 0.5
    # The default for rates (M3 growth rates revert to a level: reversion 0.3) forecasts a
    # return toward the series' level instead: the median falls between the level of the 20
    # years (6.75) and the last value (11.5).
    q = PooledDrift().fit(panel).forecast(3).quantiles([0.1, 0.5, 0.9])[0]
    assert 2.0 + 0.5 * 9.5 - 1.0 < q[1] < 2.0 + 0.5 * 19


def test_t_predictive_approaches_normal_as_history_grows() -> None:
    g = np.random.default_rng(7)
    dfs, tails = [], []
    for t in (3, 6, 12, 60):
        z = np.cumsum(0.02 + 0.05 * g.standard_normal((20, t)), axis=1)
        panel = Panel(values=np.exp(z), years=np.arange(t), scale=("level",) * 20)
        fc = PooledDrift().fit(panel).forecast(1)
        dfs.append(float(np.median(fc.df)))
        # Tail shape of the standardised predictive: ratio of the 97.5% to the 75% quantile,
        # 1.960 / 0.674 = 2.906 for the normal and larger for any t (3.0 for df = 30).
        zq = np.log(fc.quantiles([0.5, 0.75, 0.975]))
        tails.append(float(np.median((zq[:, 2] - zq[:, 0]) / (zq[:, 1] - zq[:, 0]))))
    assert all(a < b for a, b in itertools.pairwise(dfs))
    assert all(a > b for a, b in itertools.pairwise(tails))
    assert dfs[-1] > 50.0
    assert tails[-1] == pytest.approx(1.960 / 0.6745, rel=0.02)


def test_closed_form_matches_simulation() -> None:
    panel = _random_panel(4, n=6)
    fc = PooledDrift().fit(panel).forecast(3)
    target = panel.values[:, -1] * 1.1
    p = fc.prob_meets(target, ["higher"] * panel.n_series)
    draws = fc.draws(40_000, rng=11)
    p_mc = (draws >= target[:, None]).mean(axis=1)
    # Monte-Carlo standard error <= sqrt(0.25 / 40000) = 0.0025; allow 4 standard errors.
    np.testing.assert_allclose(p, p_mc, atol=0.01)


def test_pooling_widens_a_suspiciously_smooth_series() -> None:
    g = np.random.default_rng(5)
    z = np.cumsum(0.03 + 0.15 * g.standard_normal((15, 4)), axis=1)
    z[0] = 0.1 * np.arange(4) + np.array([0.0, 0.001, -0.001, 0.0])  # tiny own spread
    panel = Panel(values=np.exp(z), years=np.arange(4), scale=("level",) * 15)
    pooled = PooledDrift().fit(panel).forecast(1)
    alone = (
        PooledDrift()
        .fit(Panel(values=np.exp(z[:1]), years=np.arange(4), scale=("level",)))
        .forecast(1)
    )
    assert pooled.scale[0] > alone.scale[0]
    # And the no-pooling normal baseline is narrower still.
    naive = NaiveNormalDrift().fit(panel).forecast(1)
    lo_p, hi_p = pooled.interval(0.8)
    lo_n, hi_n = naive.interval(0.8)
    assert hi_p[0] - lo_p[0] > 5 * (hi_n[0] - lo_n[0])


def test_single_difference_series_work() -> None:
    # The Sơn La case: two points per series (2023 actual, 2024 estimate).
    x = np.array([[11.17, 9.8], [120.0, 131.0], [7.1, 7.5], [34.0, 38.0]])
    panel = Panel(
        values=x, years=np.array([2023, 2024]), scale=("percent", "level", "rate", "count")
    )
    fc = PooledDrift().fit(panel).forecast(1)
    lo, hi = fc.interval(0.8)
    assert (hi > lo).all()
    assert np.isfinite(fc.scale).all() and (fc.scale > 0).all()
    assert (np.isfinite(fc.df)).all() and (fc.df > 0).all()
    # The single difference itself gives the direction of the median.
    med = fc.quantiles([0.5])[:, 0]
    assert med[1] > 131.0 and med[0] < 9.8


def test_single_point_series() -> None:
    x = np.array([[np.nan, 10.0], [5.0, 6.0]])
    panel = Panel(values=x, years=np.array([2023, 2024]), scale=("level", "level"))
    fitted = PooledDrift().fit(panel)
    fc = fitted.forecast(1)
    # Documented: a single observation gets the group's prior predictive,
    # t_{nu0}(z_T + phi mu0, s0^2 (1 + phi^2 / kappa0)).
    mu0, kappa0, nu0, s02 = fitted.prior[0]
    phi = fitted.damping[0]
    assert fc.loc[0] == pytest.approx(np.log(10.0) + phi * mu0)
    assert fc.scale[0] == pytest.approx(np.sqrt(s02 * (1.0 + phi**2 / kappa0)))
    assert fc.df[0] == pytest.approx(nu0)
    with pytest.raises(ModelError, match="single observation"):
        PooledDrift(shrink_drift=False).fit(panel)
    with pytest.raises(ModelError, match="fewer than two observations"):
        NaiveNormalDrift().fit(panel)


def test_no_observation_raises() -> None:
    x = np.array([[np.nan, np.nan], [5.0, 6.0]])
    panel = Panel(values=x, years=np.array([2023, 2024]), scale=("level", "level"))
    for spec in ALL_SPECS:
        with pytest.raises(ModelError, match=r"no observation|fewer than two"):
            spec.fit(panel)


def test_fit_rejects_non_panel() -> None:
    with pytest.raises(InputError, match="expects a Panel"):
        PooledDrift().fit(np.ones((2, 3)))  # type: ignore[arg-type]


def test_horizon_validation() -> None:
    fitted = PooledDrift().fit(_random_panel(6))
    with pytest.raises(InputError, match="horizon"):
        fitted.forecast(0)
    fc = fitted.forecast(np.arange(1, 13))
    assert isinstance(fc, TForecast)


def test_gaps_are_handled() -> None:
    st_ = diff_stats(np.array([[0.0, np.nan, 2.0, 3.0]]))
    # Differences 2 (over 2 years) and 1 (over 1): drift = 3 / 3 = 1 per year,
    # SS = (2 - 2)^2 / 2 + (1 - 1)^2 / 1 = 0.
    assert st_.m[0] == 2 and st_.span[0] == 3 and st_.mean[0] == 1.0 and st_.ss[0] == 0.0


def test_a_gap_weighs_its_residual_by_its_length() -> None:
    st_ = diff_stats(np.array([[0.0, np.nan, 2.0, 2.5]]))
    # Differences 2 (over 2 years) and 0.5 (over 1): drift = 2.5 / 3 = 5/6 per year,
    # SS = (2 - 2 * 5/6)^2 / 2 + (0.5 - 5/6)^2 / 1 = 1/18 + 1/9 = 1/6; log_gap = log 2 + log 1.
    assert st_.m[0] == 2 and st_.span[0] == 3
    assert st_.mean[0] == pytest.approx(5 / 6, rel=1e-12)
    assert st_.ss[0] == pytest.approx(1 / 6, rel=1e-12)
    assert st_.log_gap[0] == pytest.approx(np.log(2.0), rel=1e-12)


def test_a_gap_counts_its_years_in_the_posterior_and_the_forecast() -> None:
    from sonla_forecast.models.drift import LOG_DEFAULTS

    # 100 (2022), missing, 121 (2024): one difference, log 1.21 = 2 log 1.1 over S = 2 years.
    # Unpooled, the prior is the defaults' (mu0, kappa0, nu0, s0^2); by the Notes of
    # PooledDrift: kappa_n = kappa0 + S, mu_n = (kappa0 mu0 + S dbar) / kappa_n,
    # nu_n = nu0 + 1, nu_n s_n^2 = nu0 s0^2 + 0 + kappa0 S / kappa_n (dbar - mu0)^2, and one
    # year ahead t_{nu_n}(log 121 + phi mu_n, s_n^2 (1 + phi^2 / kappa_n)).
    panel = Panel(values=np.array([[100.0, np.nan, 121.0]]), years=np.arange(2022, 2025),
                  scale=("level",))
    fit = PooledDrift(pool=False).fit(panel)
    mu0, lk, lnu, ls2 = LOG_DEFAULTS.hyper
    k0, nu0, s02 = np.exp(lk), np.exp(lnu), np.exp(ls2)
    dbar, span = np.log(1.1), 2.0
    kn = k0 + span
    mun = (k0 * mu0 + span * dbar) / kn
    sn2 = (nu0 * s02 + k0 * span / kn * (dbar - mu0) ** 2) / (nu0 + 1.0)
    assert fit.n_diffs[0] == 1
    assert fit.kappa[0] == pytest.approx(kn, rel=1e-12)
    assert fit.drift[0] == pytest.approx(mun, rel=1e-12)
    assert fit.df[0] == pytest.approx(nu0 + 1.0, rel=1e-12)
    assert fit.sigma2[0] == pytest.approx(sn2, rel=1e-12)
    fc = fit.forecast(1)
    phi = LOG_DEFAULTS.damping
    assert fc.loc[0] == pytest.approx(np.log(121.0) + phi * mun, rel=1e-12)
    assert fc.scale[0] == pytest.approx(np.sqrt(sn2 * (1.0 + phi**2 / kn)), rel=1e-12)


def test_the_marginal_likelihood_is_the_multivariate_t_of_the_differences() -> None:
    from scipy import stats

    from sonla_forecast.models.drift import _log_marginal

    # Differences d_j over gaps g_j, d_j ~ N(g_j mu, g_j sigma^2), with the prior
    # mu | sigma^2 ~ N(mu0, sigma^2 / kappa0), sigma^2 ~ Scale-inv-chi^2(nu0, s0^2): marginally
    # d ~ t_nu0(mu0 g, s0^2 (diag(g) + g g' / kappa0)). _log_marginal drops only terms free of
    # the hyper-parameters, so its differences between two settings are the t's.
    z = np.array([[0.0, np.nan, 0.3, 0.2, 0.45]])
    d, g = np.array([0.3, -0.1, 0.25]), np.array([2.0, 1.0, 1.0])
    st_ = diff_stats(z)

    def direct(mu0: float, k0: float, nu0: float, s02: float) -> float:
        shape = s02 * (np.diag(g) + np.outer(g, g) / k0)
        return float(stats.multivariate_t(loc=mu0 * g, shape=shape, df=nu0).logpdf(d))

    settings_ = [(0.0, 1.0, 1.0, 0.01), (0.1, 0.3, 4.0, 0.05), (-0.05, 5.0, 0.7, 0.002)]
    ours = [float(_log_marginal(st_, *th)[0]) for th in settings_]
    ref = [direct(*th) for th in settings_]
    for i in (1, 2):
        assert ours[i] - ours[0] == pytest.approx(ref[i] - ref[0], rel=1e-9, abs=1e-9)


@settings(max_examples=15)  # each example fits a panel (an optimisation): keep the file fast
@given(st.integers(0, 10_000))
def test_quantiles_ordered_and_cdf_consistent(seed: int) -> None:
    fc = PooledDrift().fit(_random_panel(seed, n=5)).forecast(1)
    q = fc.quantiles([0.1, 0.5, 0.9])
    assert (np.diff(q, axis=1) >= 0).all()
    np.testing.assert_allclose(fc.cdf(q[:, 1]), 0.5, atol=1e-9)


# --- ETS adapter -----------------------------------------------------------------------------


def test_ets_falls_back_to_naive_for_short_series() -> None:
    panel = _random_panel(8, n=3, t=4)
    fitted = ETSModel().fit(panel)
    assert not fitted.used_ets.any()
    a = fitted.forecast(2)
    b = NaiveNormalDrift().fit(panel).forecast(2)
    np.testing.assert_allclose(a.quantiles([0.1, 0.9]), b.quantiles([0.1, 0.9]))


def test_ets_fits_long_series() -> None:
    panel = _random_panel(9, n=2, t=12)
    fitted = ETSModel().fit(panel)
    assert fitted.used_ets.all()
    assert np.isfinite(fitted.forecast(3).scale).all()


def test_ets_keeps_the_better_of_two_starts() -> None:
    # A random walk of 40 points in logs: from statsmodels' default start the optimiser stops
    # at a level smoothing near 0 (llf 32.65: a fixed trend, the same variance 1 and 5 years
    # ahead); from the second start it finds llf 35.88, smoothing 0.68, a widening interval.
    import warnings

    from statsmodels.tsa.exponential_smoothing.ets import ETSModel as SMETS

    z = np.cumsum(np.random.default_rng(4).normal(0.05, 0.1, 40)) + 4.0
    fitted = ETSModel().fit(Panel(values=np.exp(z)[None], years=np.arange(40), scale=("level",)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = SMETS(pd.Series(z), error="add", trend="add", damped_trend=True).fit(disp=False)
    res = fitted.results[0]
    assert res.llf > default.llf + 1.0
    v1, v5 = (float(fitted.forecast(h).scale[0]) ** 2 for h in (1, 5))
    assert v5 > 2.0 * v1


def test_sample_forecast_interface() -> None:
    s = np.arange(1.0, 101.0)[None, :]
    fc = SampleForecast(samples=s, codes=np.array([2]), cap=np.array([np.nan]))
    assert fc.prob_meets(np.array([50.5]), ["higher"])[0] == pytest.approx(0.5)


def _plain_defaults(**fields: float) -> DriftDefaults:
    """Unit hyper-prior constants, no damping, no drift wander; ``fields`` override."""
    return DriftDefaults(hyper=(0.0, 0.0, 0.0, 0.0), hyper_sd=(1.0, 1.0, 1.0, 1.0),
                         damping=1.0, drift_var=0.0, **fields)


def test_hyper_prior_weight_falls_with_within_series_contrasts() -> None:
    d = _plain_defaults(hyper_weight=64.0, weight_contrasts=4.0)
    assert d.weight(0) == 64.0  # single-difference groups keep the full weight
    assert d.weight(4) == 32.0
    assert d.weight(1000) < 1.0
    constant = dataclasses.replace(d, weight_contrasts=float("inf"))
    assert constant.weight(10_000) == 64.0


def test_single_difference_group_ignores_weight_contrasts() -> None:
    # Two-point series have no within-series contrast: C0 cannot change their fit.
    panel = _random_panel(10, n=40, t=2)
    a = PooledDrift().fit(panel)
    d = dataclasses.replace(PooledDrift().log_defaults, weight_contrasts=float("inf"))
    b = PooledDrift(log_defaults=d).fit(panel)
    np.testing.assert_allclose(a.prior, b.prior)
    # A long panel does depend on it (its own marginal likelihood dominates with C0 small).
    long = _random_panel(11, n=40, t=8)
    c = PooledDrift().fit(long).prior
    e = PooledDrift(log_defaults=d).fit(long).prior
    assert not np.allclose(c, e)


@given(
    st.floats(-1.0, 1.0),
    st.floats(-7.0, 5.0),
    st.floats(-0.7, 6.0),
    st.floats(-20.0, 5.0),
)
def test_to_identified_is_the_scale_of_one_difference(mu0, lk, lnu, ls2) -> None:
    # v0 = s0^2 (1 + 1/kappa0): the variance scale of drift + innovation over one year.
    out = to_identified(np.array([mu0, lk, lnu, ls2]))
    assert out[:3].tolist() == [mu0, lk, lnu]
    assert np.exp(out[3]) == pytest.approx(np.exp(ls2) * (1.0 + np.exp(-lk)), rel=1e-9)


def test_identified_weight_falls_with_the_number_of_series() -> None:
    d = _plain_defaults(hyper_weight=16.0, weight_contrasts=64.0, weight_series=3.0)
    assert d.identified_weight(1, 0) == 16.0  # one series: nothing to learn about a spread
    assert d.identified_weight(4, 0) == 8.0  # 16 * 3 / (3 + 3)
    assert d.identified_weight(301, 0) == pytest.approx(16.0 * 3.0 / 303.0)
    # never above the weight of the other two hyper-parameters
    assert d.identified_weight(2, 10_000) == d.weight(10_000)
    constant = dataclasses.replace(d, weight_series=float("inf"))
    assert constant.identified_weight(1000, 0) == 16.0


def _common_trend_panel(n: int, drift: float, seed: int = 3) -> Panel:
    """n two-point level series that all change by ``drift`` (log points) +- 0.2%."""
    g = np.random.default_rng(seed)
    first = 50.0 * np.exp(g.standard_normal(n))
    second = first * np.exp(drift + 0.002 * g.standard_normal(n))
    return Panel(values=np.column_stack([first, second]), years=np.array([2023, 2024]),
                 scale=("level",) * n)


def test_a_group_of_series_learns_its_common_trend_from_one_change_each() -> None:
    # Twenty regions whose indicator fell 3% a year: the group's prior drift follows them
    # (the M3 default is +3.3% a year) and the interval narrows to their spread.
    panel = _common_trend_panel(20, -0.03)
    learned = PooledDrift().fit(panel)
    assert learned.prior[0, 0] == pytest.approx(-0.03, abs=0.005)
    kept = dataclasses.replace(PooledDrift().log_defaults, weight_series=float("inf"))
    pinned = PooledDrift(log_defaults=kept).fit(panel)
    assert pinned.prior[0, 0] > learned.prior[0, 0] + 0.01  # held back toward +3.3%
    assert (learned.forecast(1).scale < pinned.forecast(1).scale).all()
    # and it still forecasts a fall where the pinned prior forecasts growth
    assert (learned.forecast(1).loc < learned.last).all()


def test_a_single_series_keeps_the_default_prior_whatever_the_series_weight() -> None:
    panel = _common_trend_panel(1, -0.03)
    a = PooledDrift().fit(panel)
    d = dataclasses.replace(PooledDrift().log_defaults, weight_series=float("inf"))
    b = PooledDrift(log_defaults=d).fit(panel)
    np.testing.assert_allclose(a.prior, b.prior)


# --- orientation: pooling progress across indicators meant to rise and to fall ---------------


def _mixed_direction_panel(orient: bool) -> Panel:
    """Ten two-point level series rising 3% a year and ten falling 3% a year, one group."""
    rising = _common_trend_panel(10, 0.03, seed=4).values
    falling = _common_trend_panel(10, -0.03, seed=5).values
    sign = np.r_[np.ones(10), -np.ones(10)]
    return Panel(values=np.vstack([rising, falling]), years=np.array([2023, 2024]),
                 scale=("level",) * 20, orientation=sign if orient else None)


def test_orientation_pools_a_fall_and_a_rise_as_progress() -> None:
    # A poverty rate meant to fall and an income meant to rise, in one peer group: oriented,
    # the group's drift is +3% of progress for both; not oriented, the two cancel and each
    # series is shrunk toward no change.
    oriented = PooledDrift().fit(_mixed_direction_panel(True))
    plain = PooledDrift().fit(_mixed_direction_panel(False))
    np.testing.assert_allclose(oriented.prior[:10, 0], 0.03, atol=0.005)
    np.testing.assert_allclose(oriented.prior[10:, 0], -0.03, atol=0.005)
    assert abs(plain.prior[0, 0]) < 0.015
    falling = slice(10, 20)
    assert (oriented.drift[falling] < plain.drift[falling] - 0.005).all()
    # the falling series is more likely to keep falling 2% a year
    target = oriented.panel.values[:, -1] * 0.98
    lower = np.full(20, "lower")
    p_or = oriented.forecast(1).prob_meets(target, lower)[falling]
    p_pl = plain.forecast(1).prob_meets(target, lower)[falling]
    assert (p_or > p_pl).all()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from(["level", "percent"]))
def test_orientation_mirrors_the_series(seed: int, scale: str) -> None:
    # A series meant to fall is forecast as the mirror image (1/x for a level, 100 - x for a
    # percentage) of the same series meant to rise: the two routes give the same quantiles.
    panel = _random_panel(seed, scale=scale)
    mirror = 1.0 / panel.values if scale == "level" else 100.0 - panel.values
    down = Panel(values=mirror, years=panel.years, scale=panel.scale,
                 orientation=-np.ones(panel.n_series))
    q_up = PooledDrift().fit(panel).forecast(2).quantiles([0.1, 0.5, 0.9])
    q_down = PooledDrift().fit(down).forecast(2).quantiles([0.9, 0.5, 0.1])
    back = 1.0 / q_down if scale == "level" else 100.0 - q_down
    np.testing.assert_allclose(back, q_up, rtol=1e-6)  # the optimiser's tolerance


def test_rates_are_not_oriented() -> None:
    panel = _random_panel(7, scale="rate")
    flipped = dataclasses.replace(panel, orientation=-np.ones(panel.n_series))
    a, b = PooledDrift().fit(panel), PooledDrift().fit(flipped)
    np.testing.assert_array_equal(a.drift, b.drift)
    np.testing.assert_array_equal(a.prior, b.prior)


@pytest.mark.parametrize("bad", [0.0, 2.0, np.nan])
def test_orientation_must_be_plus_or_minus_one(bad: float) -> None:
    with pytest.raises(InputError, match=r"orientation must be \+1 or -1.*'b'"):
        Panel(values=np.ones((2, 3)), years=np.arange(3), scale=("level",) * 2,
              ids=("a", "b"), orientation=np.array([1.0, bad]))
    with pytest.raises(InputError, match=r"^column 'plan_orientation': plan_orientation must "):
        Panel(values=np.ones((2, 3)), years=np.arange(3), scale=("level",) * 2,
              ids=("a", "b"), plan_orientation=np.array([1.0, bad]))
    # given, kept through a subset; not given, the orientation's, whatever it is set to
    p = Panel(values=np.ones((2, 3)), years=np.arange(3), scale=("level",) * 2,
              orientation=np.array([1.0, -1.0]), plan_orientation=np.array([-1.0, 1.0]))
    assert p.subset(np.array([1])).plan_orientation.tolist() == [1.0]
    assert dataclasses.replace(p, plan_orientation=None).plan_orientation is None


# --- reversion: growth rates revert to a level (AR(1)) ----------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), rho=st.floats(0.0, 0.99))
def test_quasi_difference_stats_match_a_direct_computation(seed: int, rho: float) -> None:
    # Without gaps the statistics are those of q_t = z_t - rho z_(t-1): i.i.d. N(c, sigma^2).
    z = np.random.default_rng(seed).normal(5.0, 3.0, size=(4, 6))
    got = diff_stats(z, rho)
    q = z[:, 1:] - rho * z[:, :-1]
    np.testing.assert_allclose(got.m, 5.0)
    np.testing.assert_allclose(got.span, 5.0)
    np.testing.assert_allclose(got.mean, q.mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(got.ss, ((q - q.mean(axis=1, keepdims=True)) ** 2).sum(axis=1),
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got.log_gap, 0.0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), rho=st.sampled_from([1.0, 0.6]))
def test_weighted_difference_stats(seed: int, rho: float) -> None:
    # Weights of one are the unweighted statistics, bit for bit; integer weights count a
    # difference that many times (against a direct weighted computation without gaps).
    g = np.random.default_rng(seed)
    z = g.normal(5.0, 3.0, size=(3, 6))
    plain = diff_stats(z, rho)
    ones = diff_stats(z, rho, np.ones_like(z))
    for f in ("m", "span", "mean", "ss", "log_gap", "last"):
        np.testing.assert_array_equal(getattr(ones, f), getattr(plain, f))
    w = g.integers(0, 4, size=z.shape).astype(float)
    w[:, -1] = 1.0  # at least one difference per series
    got = diff_stats(z, rho, w)
    q, wq = z[:, 1:] - rho * z[:, :-1], w[:, 1:]
    mean = (wq * q).sum(axis=1) / wq.sum(axis=1)
    np.testing.assert_allclose(got.m, wq.sum(axis=1))
    np.testing.assert_allclose(got.mean, mean, rtol=1e-12)
    np.testing.assert_allclose(got.ss, (wq * (q - mean[:, None]) ** 2).sum(axis=1),
                               rtol=1e-10, atol=1e-12)


def test_difference_weights_must_be_finite_and_non_negative() -> None:
    with pytest.raises(InputError, match="weights must be finite and >= 0"):
        diff_stats(np.ones((1, 3)), 1.0, np.array([[1.0, -1.0, 1.0]]))


def test_quasi_difference_over_a_gap() -> None:
    # z_2 - rho^2 z_0 = c (1 + rho) + eps_2 + rho eps_1: mean weight 1 + rho, variance 1 + rho^2.
    rho = 0.5
    st_ = diff_stats(np.array([[4.0, np.nan, 7.0]]), rho)
    a, b = 1.0 + rho, 1.0 + rho**2
    d = 7.0 - rho**2 * 4.0
    assert st_.span[0] == pytest.approx(a * a / b)
    assert st_.mean[0] == pytest.approx(d / a)
    assert st_.ss[0] == pytest.approx(0.0, abs=1e-12)
    assert st_.log_gap[0] == pytest.approx(np.log(b))
    # reversion 1 is the plain difference over two years
    plain = diff_stats(np.array([[4.0, np.nan, 7.0]]))
    assert (plain.span[0], plain.mean[0]) == (2.0, 1.5)


def test_reversion_forecast_closed_form_against_simulation() -> None:
    # A fitted AR(1) forecast: loc = rho^h z_T + c S_h, var = s^2 (R_h + S_h^2 / kappa) with
    # S_h = sum rho^j, R_h = sum rho^(2j) (j < h); simulate the recursion with the posterior
    # drawn as the model implies (normal c given sigma, df large) and compare.
    rho, last, c, s2, kappa, h = 0.4, 9.0, 2.0, 4.0, 6.0, 3
    from sonla_forecast.models.drift import FittedDrift

    panel = Panel(values=np.array([[5.0, 9.0]]), years=np.arange(2), scale=("rate",))
    fit = FittedDrift(panel=panel, model=PooledDrift(), last=np.array([last]),
                      drift=np.array([c]), kappa=np.array([kappa]), df=np.array([1e9]),
                      sigma2=np.array([s2]), damping=np.array([1.0]), drift_var=np.array([0.0]),
                      n_diffs=np.array([1]), prior=np.zeros((1, 4)), reversion=np.array([rho]))
    fc = fit.forecast(h)
    g = np.random.default_rng(7)
    n = 400_000
    cc = c + np.sqrt(s2 / kappa) * g.standard_normal(n)
    z = np.full(n, last)
    for _ in range(h):
        z = rho * z + cc + np.sqrt(s2) * g.standard_normal(n)
    assert fc.loc[0] == pytest.approx(z.mean(), abs=0.02)
    assert fc.scale[0] ** 2 == pytest.approx(z.var(), rel=0.01)


def test_growth_rates_revert_and_their_intervals_stop_widening() -> None:
    # Growth rates around 6% with one year at 14%: the default forecasts a return toward the
    # level, and the 80% interval 10 years ahead is barely wider than 3 years ahead (a random
    # walk's would be 1.8 times as wide).
    g = np.random.default_rng(3)
    rates = 6.0 + g.normal(0.0, 1.5, size=(12, 4))
    rates[0, -1] = 14.0
    fit = PooledDrift().fit(Panel(values=rates, years=np.arange(4), scale=("rate",) * 12))
    assert (fit.reversion == PooledDrift().rate_defaults.reversion).all()
    assert fit.forecast(1).quantiles([0.5])[0, 0] < 10.0
    w3, w10 = (np.diff(fit.forecast(h).interval(0.8), axis=0)[0] for h in (3, 10))
    assert (w10 < 1.1 * w3).all()


def test_levels_do_not_revert_and_reversion_is_checked() -> None:
    assert PooledDrift().log_defaults.reversion == 1.0
    fit = PooledDrift().fit(_random_panel(2))
    assert (fit.reversion == 1.0).all()
    with pytest.raises(InputError, match="reversion must be in"):
        _plain_defaults(reversion=1.5)


def test_the_default_damps_a_noiseless_line_as_methods_md_says() -> None:
    # docs/methods.md quotes these numbers: one year ahead the default (damped, its spread from
    # the history's own noise) puts the next point of a 20-year exact line above its 90%
    # quantile; five years ahead the uncertain persistence of the trend covers the line.
    t = np.arange(20.0)
    for scale, values, line in (
        ("level", 100.0 * np.exp(0.05 * t), 100.0 * np.exp(0.05 * np.array([20, 24]))),
        ("percent", 100.0 / (1.0 + np.exp(2.0 - 0.05 * t)),
         100.0 / (1.0 + np.exp(2.0 - 0.05 * np.array([20, 24])))),
    ):
        panel = Panel(values=values[None, :], years=np.arange(2005, 2025), scale=(scale,))
        fit = PooledDrift().fit(panel)
        one, five = fit.forecast(1), fit.forecast(5)
        p90 = one.quantiles([0.9])[0, 0]
        assert p90 < line[0]
        assert round(float(one.prob_meets(line[:1], ["higher"])[0]), 3) == 0.004
        lo, hi = five.quantiles([0.1, 0.9])[0]
        assert lo < line[1] < hi
        assert round(float(five.prob_meets(line[1:], ["higher"])[0]), 2) == 0.19
        if scale == "level":
            assert (round(line[0], 1), round(p90, 1)) == (271.8, 270.5)
            assert (round(line[1], 1), round(lo, 1), round(hi, 1)) == (332.0, 255.4, 349.4)


@given(st.floats(0.0, 2.0), st.sampled_from([0.6, 0.8353, 1.0]), st.integers(1, 6))
@settings(max_examples=30, deadline=None)
def test_persistence_adds_a_spread_proportional_to_the_drift_after_the_first_year(
    tau: float, phi: float, h: int
) -> None:
    # The drifts of years 2..h are multiplied by (1 + tau e): the variance grows by
    # tau^2 (phi^2 + ... + phi^h)^2 mu^2; nothing one year ahead, same median.
    rng = np.random.default_rng(5)
    values = 100.0 * np.exp(np.cumsum(rng.normal(0.05, 0.02, (6, 5)), axis=1))
    panel = Panel(values=values, years=np.arange(2019, 2024), scale=("level",) * 6)
    fitted = PooledDrift(damping=phi).fit(panel)
    base = dataclasses.replace(fitted, persistence_sd=np.zeros(6))
    with_tau = dataclasses.replace(fitted, persistence_sd=np.full(6, tau))
    a, b = base.forecast(h), with_tau.forecast(h)
    later = sum(phi**j for j in range(2, h + 1))  # the damped drifts of years 2..h
    extra = (tau * later * base.drift) ** 2
    np.testing.assert_allclose(b.scale**2 - a.scale**2, extra, rtol=1e-9, atol=1e-15)
    np.testing.assert_array_equal(a.loc, b.loc)
    if h == 1:
        np.testing.assert_array_equal(a.scale, b.scale)


def test_persistence_is_read_from_the_defaults_and_validated() -> None:
    panel = Panel(values=np.array([[100.0, 105.0, 111.0], [6.0, 7.0, 6.5]]),
                  years=np.arange(2021, 2024), scale=("level", "rate"))
    log = dataclasses.replace(PooledDrift().log_defaults, persistence_sd=0.7)
    fit = PooledDrift(log_defaults=log).fit(panel)
    assert fit.persistence_sd.tolist() == [0.7, PooledDrift().rate_defaults.persistence_sd]
    with pytest.raises(InputError, match="persistence_sd must be >= 0"):
        dataclasses.replace(log, persistence_sd=-0.1)
    # A growth rate reverts: no trend to persist, whatever is asked, and its forecast is the
    # same with and without the option.
    forced = PooledDrift(persistence_sd=0.7).fit(panel)
    assert forced.persistence_sd.tolist() == [0.7, 0.0]
    np.testing.assert_array_equal(forced.forecast(4).scale[1],
                                  PooledDrift(persistence_sd=0.0).fit(panel).forecast(4).scale[1])


# --- pinned numbers of the drift model (each kills a mutant that survived the suite) --------


def test_series_without_a_change_do_not_move_their_groups_forecast() -> None:
    v = np.array([[100.0, 110.0, 125.0]])
    years = np.arange(2022, 2025)
    alone = PooledDrift().fit(Panel(values=v, years=years, scale=("level",))).forecast(1)
    more = np.vstack([v, [[np.nan, np.nan, 50.0]] * 4])  # one observation each: no difference
    grouped = PooledDrift().fit(Panel(values=more, years=years, scale=("level",) * 5)).forecast(1)
    np.testing.assert_allclose(grouped.loc[0], alone.loc[0], rtol=1e-9)
    np.testing.assert_allclose(grouped.scale[0], alone.scale[0], rtol=1e-9)


def test_without_pooling_or_shrinkage_the_drift_is_the_mean_change() -> None:
    from sonla_forecast.models.drift import LOG_DEFAULTS

    panel = Panel(values=np.array([[100.0, 110.0, 121.0]]), years=np.arange(2022, 2025),
                  scale=("level",))
    fit = PooledDrift(shrink_drift=False, pool=False).fit(panel)
    # flat prior on the drift: the mean log difference, and one degree of freedom spent on it
    assert fit.drift[0] == pytest.approx(np.log(1.1), rel=1e-12)
    assert fit.df[0] == pytest.approx(np.exp(LOG_DEFAULTS.hyper[2]) + 2 - 1)


def test_a_damping_of_zero_is_refused() -> None:
    with pytest.raises(InputError, match="damping"):
        PooledDrift(damping=0.0)


@pytest.mark.parametrize(("build", "match"), [
    (lambda: sf.models.ETSModel(min_obs=3), r"column 'min_obs': min_obs must be a whole number"),
    (lambda: sf.models.ReferenceClass(rng="x"), r"column 'rng'"),
    (lambda: sf.models.Combination(components=("drift", "arima")),
     r"column 'components': unknown model 'arima'"),
])
def test_a_bad_spec_is_refused_when_built_not_at_its_first_fit(build, match: str) -> None:
    with pytest.raises(sf.InputError, match=match):
        build()


def test_a_panel_refuses_a_cap_that_is_not_a_whole_number() -> None:
    # read_table refuses it; a Panel built directly gave quantiles and draws of 10.5 communes
    from sonla_forecast.models.base import Panel

    for cap in (10.5, -1.0, 0.0):
        with pytest.raises(sf.InputError, match="cap must be a whole number") as e:
            Panel(values=np.array([[8.0, 9.0]]), years=np.array([2023, 2024]),
                  scale=("count",), cap=np.array([cap]))
        assert e.value.column == "cap"
    Panel(values=np.array([[8.0, 9.0]]), years=np.array([2023, 2024]), scale=("count",),
          cap=np.array([np.nan]))


def _panel_table(seed: int = 0) -> pd.DataFrame:
    """Three regions x 8 indicators, 2018-2024 actuals with a plan every year, plans for 2025."""
    g = np.random.default_rng(seed)
    rows = []
    for r in range(3):
        for i in range(8):
            level, growth = 100.0 * np.exp(g.normal(0, 1)), g.normal(0.05, 0.05)
            for y in range(2018, 2025):
                level *= np.exp(growth + g.normal(0, 0.05))
                plan = level * np.exp(g.normal(0, 0.05)) if g.random() < 0.7 else level
                rows += [(f"R{r}", f"x{i}", y, "actual", round(level, 3)),
                         (f"R{r}", f"x{i}", y, "plan", round(plan, 3))]
            rows.append((f"R{r}", f"x{i}", 2025, "plan", round(level * 1.06, 3)))
    df = pd.DataFrame(rows, columns=["region", "indicator_id", "year", "kind", "value"])
    return df.assign(unit="tỷ đồng")


# 'ets' fits each series alone (nothing is summed across series) and takes seconds here.
@pytest.mark.parametrize("model", sorted(set(sf.models.MODELS) - {"ets"}))
def test_the_rows_order_does_not_move_any_number(model: str) -> None:
    # Float sums over the series (the drift's and the plan record's marginal likelihoods, the
    # refclass LP, the combination's weights) followed the table's row order: another order
    # moved P in the 8th digit, so an embedding tool's JSON was not reproducible.
    df = _panel_table()
    cols = ["probability", "outcome_p10", "outcome_p50", "outcome_p90"]

    def run(d: pd.DataFrame) -> pd.DataFrame:
        f = sf.assess(d, target_year=2025, model=model).to_frame()
        return f.set_index(["region", "indicator_id"]).sort_index()[cols]

    a = run(df)
    assert a["probability"].notna().all()
    b = run(df.sample(frac=1.0, random_state=1).reset_index(drop=True))
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_a_point_forecast_on_a_bands_edge_meets_it() -> None:
    # The edges of a band count as inside; 8.8 - 1 is 7.800000000000001 and a flat 7.8 comes
    # back from the logit as 7.799999999999999, which read the band exactly gave P 0.
    from sonla_forecast.models.base import TForecast, to_z

    for x, t, code in ((7.8, 8.8, 0), (0.1, 1.1, 0), (15.6, 16.6, 0), (500.0, 510.2, 1)):
        tol = 1.0 if code == 0 else 10.2
        fc = TForecast(loc=to_z(np.array([[x]]), np.array([code]))[:, 0], scale=np.zeros(1),
                       df=np.array([np.inf]), codes=np.array([code]), cap=np.array([np.nan]))
        assert fc.prob_meets(np.array([t]), ["band"], np.array([tol]))[0] == 1.0
        just_out = np.array([tol * (1 - 1e-6)])
        assert fc.prob_meets(np.array([t]), ["band"], just_out)[0] == 0.0


def test_forecast_methods_refuse_bad_arguments_clearly() -> None:
    # an API review: numpy's broadcasting error, a negative dimension and silent NaNs came out
    # of an assessment's forecast
    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    fc = res.forecast
    n = fc.n_series
    targets = res.to_frame()["target"].to_numpy()
    directions = ["higher"] * n
    with pytest.raises(InputError, match=r"column 'target'.*one row per series"):
        fc.prob_meets(targets[:3], directions[:3])
    # one target and one direction hold for every series (a regression review: refused)
    one = fc.take([0])
    assert one.prob_meets(targets[0], "higher")[0] == one.prob_meets(targets[:1], ["higher"])[0]
    with pytest.raises(InputError, match=r"column 'target': target is None"):
        fc.prob_meets(None, "higher")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"column 'x': x is None"):
        fc.cdf(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"column 'target': target must be numbers"):
        fc.prob_meets(pd.NA, "higher")
    with pytest.raises(InputError, match=r"column 'target'.*directions"):
        fc.prob_meets(targets, directions[:3])
    # no target, no probability (as documented): NaN there only
    p = fc.prob_meets(np.where(np.arange(n) == 2, np.nan, targets), directions)
    assert np.isnan(p[2]) and not np.isnan(np.delete(p, 2)).any()
    with pytest.raises(InputError, match=r"column 'x'.*one row per series"):
        fc.cdf(np.ones(3))
    for size in (-1, 2.5, True):
        with pytest.raises(InputError, match=r"column 'size'"):
            fc.draws(size)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"probabilities must be in"):
        fc.quantiles([np.nan])
    # every kind of forecast checks the same way, the models' own too
    panel = Panel(values=np.array([[1.0, 2.0, 3.0], [5.0, 5.5, 6.0]]),
                  years=np.arange(2022, 2025), scale=("level", "level"))
    for name in ("drift", "naive", "refclass", "combination"):
        model = get_model(name, min_pairs=1) if name == "refclass" else get_model(name)
        f = model.fit(panel).forecast(1)
        with pytest.raises(InputError, match=r"column 'x'"):
            f.cdf(np.ones(5))
        with pytest.raises(InputError, match=r"column 'size'"):
            f.draws(-1)
        assert f.draws(0).shape == (2, 0)
        with pytest.raises(InputError, match=r"probabilities must be in"):
            f.quantiles([np.nan])


def test_a_model_class_is_refused_with_what_to_pass() -> None:
    with pytest.raises(InputError, match=r"column 'model'.*PooledDrift is the class; pass a "
                       r"spec built from it, model=PooledDrift\(\), or its name, "
                       r"model='drift'"):
        sf.assess(sf.load_sonla_2025(), target_year=2025, model=sf.models.PooledDrift)
    with pytest.raises(InputError, match=r"is the class"):
        get_model(sf.models.PooledDrift)
