"""Pooled random walk with drift (growth rates: an AR(1)): the default trajectory model.

On the model scale :math:`z = g(x)` (see :mod:`sonla_forecast.models.base`) each series is a
random walk with drift, :math:`z_t = z_{t-1} + \\mu_i + \\varepsilon_t`, or, for growth
rates, which revert to a level, :math:`z_t = \\rho z_{t-1} + \\mu_i + \\varepsilon_t`
(:attr:`DriftDefaults.reversion`),
:math:`\\varepsilon_t \\sim N(0, \\sigma_i^2)`. The per-series parameters get the conjugate
normal / scaled-inverse-:math:`\\chi^2` prior

.. math::

    \\sigma_i^2 \\sim \\text{Scale-inv-}\\chi^2(\\nu_0, s_0^2), \\qquad
    \\mu_i \\mid \\sigma_i^2 \\sim N(\\mu_0, \\sigma_i^2 / \\kappa_0),

whose hyper-parameters :math:`(\\mu_0, \\kappa_0, \\nu_0, s_0^2)` are shared by the series of
one peer ``group`` of the :class:`~sonla_forecast.models.base.Panel` and estimated from the
panel by maximising the (closed-form) marginal likelihood of the differences, penalised by a
hyper-prior centred on defaults estimated on M3 yearly (empirical Bayes). A large, informative
group overrides the defaults; a group of one series with a single difference essentially keeps
them. The predictive distribution of :math:`z_{T+h}` is Student-t (parameter uncertainty
integrated out); see :class:`PooledDrift` for the formulas.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import optimize, special

from .._typing import FloatArray, IntArray
from ..errors import InputError, ModelError
from .base import Panel, TForecast, as_int_horizon, freeze_arrays, require_panel

__all__ = [
    "LOG_DEFAULTS",
    "RATE_DEFAULTS",
    "DiffStats",
    "DriftDefaults",
    "FittedDrift",
    "PooledDrift",
    "diff_stats",
    "estimate_hyper",
    "to_identified",
]


@dataclass(frozen=True, kw_only=True)
class DriftDefaults:
    """Default prior settings of :class:`PooledDrift` for one family of scales.

    Parameters
    ----------
    hyper : tuple of 4 floats
        Centre of the hyper-prior, ``(mu0, log kappa0, log nu0, log s0^2)``: the drift prior
        mean (model-scale units per year), the log of its weight in years of pseudo-data, the
        log of the degrees of freedom and the log of the scale of the innovation variance.
    hyper_sd : tuple of 4 floats
        Standard deviations of the Gaussian hyper-prior on
        ``(mu0, log kappa0, log nu0, log v0)``, where :math:`v_0 = s_0^2 (1 + 1/\\kappa_0)` is
        the prior scale of one yearly difference (drift spread plus innovation): the
        hyper-prior is placed on the two numbers a group identifies from single differences
        (:math:`\\mu_0`, :math:`v_0`) and the two it does not (the split :math:`\\kappa_0`,
        the tail :math:`\\nu_0`).
    damping : float
        Damping :math:`\\phi` of the drift in the forecast (1: none).
    drift_var : float
        Covariance of the future years' shocks with each other (a departure of the future
        drift from the past one shared by those years), in units of the innovation variance:
        the :math:`\\omega` of the Notes of :class:`PooledDrift`, which adds
        :math:`\\omega h (h - 1)` to the predictive's bracket.
    persistence_sd : float
        :math:`\\tau`: relative standard deviation of how strongly the damped drift goes on
        after the first year ahead (the Notes of :class:`PooledDrift`); a spread proportional
        to the drift, where ``drift_var``'s is proportional to the noise. 0 (the dataclass
        default): the drift's strength is certain.
    hyper_weight : float
        Multiplier :math:`w_0` of the hyper-prior's log density in the penalised marginal
        likelihood for a group without within-series contrasts (every series has at most one
        difference); equivalently, the hyper-prior standard deviations are
        ``hyper_sd / sqrt(w)``. Without it (weight 1) a group of a few series with one
        difference each over-fits its hyper-parameters and its intervals are far too narrow.
    weight_contrasts : float
        :math:`C_0` of the group-size-dependent weight :math:`w = w_0\\, C_0 / (C_0 + C)`,
        where :math:`C = \\sum_i \\max(m_i - 1, 0)` is the group's number of within-series
        contrasts of the differences (:math:`m_i` differences in series :math:`i`). Only
        contrasts separate the spread of the drifts (:math:`\\kappa_0`) from the innovation
        variance (:math:`s_0^2`), so a group of single-difference series, however many, keeps
        the full weight, while a panel with many contrasts learns its own hyper-parameters.
        ``inf`` (the default) gives the constant weight :math:`w_0`.
    weight_series : float
        :math:`N_0` of the weight on :math:`\\mu_0` and :math:`\\log v_0`, the mean and the
        scale of the group's differences, which a group of :math:`n` series identifies even
        with one difference per series: :math:`\\min(w, w_0 N_0 / (N_0 + n - 1))` (a
        single series says nothing about how its group's changes spread, so it keeps the
        defaults' weight). A group of ten regions' poverty rates over two years thus learns
        their common trend and spread. ``inf`` gives the weight :math:`w` of the other
        two.
    reversion : float
        :math:`\\rho \\in [0, 1]`: how much of a series' departure from its own level carries
        into the next year. 1 (the default) is the random walk with drift of the Notes of
        :class:`PooledDrift`. Below 1 the series reverts to a level, an AR(1): the model pools
        the quasi-differences :math:`z_t - \\rho z_{t-1}`, whose mean is the intercept
        :math:`(1 - \\rho)` times the level, in place of the differences, and the damping is
        not used (the drift wander, if not 0, still is). Growth rates (``rate``) revert;
        levels do not.

    Examples
    --------
    >>> from sonla_forecast.models.drift import DriftDefaults
    >>> d = DriftDefaults(hyper=(0.0, 0.0, 0.0, 0.0), hyper_sd=(1.0, 1.0, 1.0, 1.0),
    ...                   damping=1.0, drift_var=0.0, hyper_weight=64.0, weight_contrasts=64.0)
    >>> d.weight(0), d.weight(64), d.weight(192)
    (64.0, 32.0, 16.0)
    >>> d.identified_weight(n_series=10, contrasts=0)  # weight_series = inf: same as weight(0)
    64.0
    """

    hyper: tuple[float, float, float, float]
    hyper_sd: tuple[float, float, float, float]
    damping: float
    drift_var: float
    hyper_weight: float = 1.0
    weight_contrasts: float = float("inf")
    weight_series: float = float("inf")
    reversion: float = 1.0
    persistence_sd: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.reversion <= 1.0:
            raise InputError(f"reversion must be in [0, 1], got {self.reversion!r}",
                             column="reversion", value=self.reversion)
        if not self.persistence_sd >= 0.0:
            raise InputError(f"persistence_sd must be >= 0, got {self.persistence_sd!r}",
                             column="persistence_sd", value=self.persistence_sd)

    def weight(self, contrasts: float) -> float:
        """Hyper-prior weight :math:`w_0 C_0 / (C_0 + C)` of a group with ``contrasts``.

        Parameters
        ----------
        contrasts : float
            The group's number :math:`C` of within-series contrasts of the differences
            (negative values count as 0).

        Returns
        -------
        float
            :math:`w_0 C_0 / (C_0 + C)`, or :math:`w_0` (``hyper_weight``) when
            ``weight_contrasts`` is infinite.
        """
        if not np.isfinite(self.weight_contrasts):
            return float(self.hyper_weight)
        c0 = float(self.weight_contrasts)
        return float(self.hyper_weight) * c0 / (c0 + max(float(contrasts), 0.0))

    def identified_weight(self, n_series: float, contrasts: float) -> float:
        """Hyper-prior weight on :math:`\\mu_0` and :math:`\\log v_0` of a group of ``n_series``
        series (with at least one difference) and ``contrasts``: the smaller of
        :meth:`weight` and :math:`w_0 N_0 / (N_0 + n - 1)`.

        Parameters
        ----------
        n_series : float
            Number :math:`n` of series of the group with at least one difference.
        contrasts : float
            The group's number :math:`C` of within-series contrasts, as in :meth:`weight`.

        Returns
        -------
        float
            The weight; :meth:`weight` alone when ``weight_series`` is infinite.
        """
        w = self.weight(contrasts)
        if not np.isfinite(self.weight_series):
            return w
        n0 = float(self.weight_series)
        return min(w, float(self.hyper_weight) * n0 / (n0 + max(float(n_series) - 1.0, 0.0)))


# The numbers below are produced by ``python benchmarks/m3_validation.py --estimate-defaults``
# (see benchmarks/README.md), from the *training* part (``x``) of the 645 M3 yearly series
# only: panels of windows of 3, 4 and 6 points ending 5 to 12 years before the end of ``x``, so
# that the five following values used to estimate ``damping``, ``drift_var`` and
# ``persistence_sd`` (together, by their Student-t predictive likelihood) are in ``x`` too.
# The M3 test values (``xx``) are never used. ``hyper_sd`` is the spread of the estimates
# across the six M3 yearly categories (micro, industry, macro, finance, demographic, other), in
# the coordinates of the hyper-prior (``to_identified``). With ``weight_series`` (N0) set to
# inf, ``hyper_weight`` (w0) is picked from (4, 16, 64, 256) by the 1-year-ahead likelihood of
# panels of 2-point windows split into peer groups of 1, 5 and 20 series (the Sơn La situation;
# such groups have no within-series contrast, C = 0, so their weight is w0 whatever C0), and
# ``weight_contrasts`` (C0) from (0.25, 1, 4, 16, 64, 256, inf) by the 1-year-ahead t
# log-likelihood of panels of 3-, 4- and 6-point windows ending 1, 4 and 7 years before the end
# of ``x``, in random peer groups of 20 series and in one group of all 645 series; the command
# prints the likelihood of every candidate. ``weight_series`` (N0) cannot be estimated on M3
# alone: M3's random groups are samples of the very population whose mean drift and spread
# the defaults describe, so there a group never knows better than the defaults. It is chosen
# across seven data sets of annual series by ``python benchmarks/estimate_series_weight.py``
# (``docs/series_weight.md``), on windows that end before every outcome the validation pages
# score.

#: Defaults for the ``percent``, ``level`` and ``count`` scales (logit / log / log1p): fitted to
#: the log of the M3 yearly values.
LOG_DEFAULTS = DriftDefaults(
    hyper=(0.0328, 0.3694, 0.2689, -6.2361),
    hyper_sd=(0.05, 1.7603, 0.1863, 1.4492),
    damping=0.8226,
    drift_var=0.1068,
    hyper_weight=16.0,
    weight_contrasts=64.0,
    weight_series=3.0,
    persistence_sd=1.1426,
)

#: Defaults for the ``rate`` scale (identity). Rates are assumed to be in percent (GRDP growth
#: 7.5, say): fitted to 100 x the yearly log growth of the M3 yearly series. A growth rate
#: reverts to a level (an AR(1), ``reversion`` chosen on a grid by the same predictive
#: likelihood as the log family's damping, the other constants re-estimated at each candidate):
#: ``mu0`` is the intercept, (1 - reversion) times the typical growth rate.
RATE_DEFAULTS = DriftDefaults(
    hyper=(2.0879, 1.7109, 0.2023, 3.0377),
    hyper_sd=(2.6187, 1.8464, 0.2011, 1.5695),
    damping=1.0,
    drift_var=0.0,
    reversion=0.3,
    hyper_weight=16.0,  # reused from LOG_DEFAULTS (estimated for the log family only)
    weight_contrasts=64.0,  # likewise
    weight_series=3.0,  # likewise (chosen on log-family data sets)
)

# Bounds of the estimated (mu0, log kappa0, log nu0, log s0^2): kappa0 in [e^-7, e^5] years,
# nu0 in [0.5, e^6 ~ 400]; the variance scale is unbounded in practice.
_BOUNDS = ((None, None), (-7.0, 5.0), (np.log(0.5), 6.0), (-30.0, 30.0))


@dataclass(frozen=True)
class DiffStats:
    """Sufficient statistics of each series' differences on the model scale.

    With observed points at (possibly gapped) years, the difference :math:`d_j` over a gap of
    :math:`g_j` years is :math:`N(g_j \\mu, g_j \\sigma^2)`; the statistics are

    * ``m``: number of differences,
    * ``span``: :math:`S = \\sum_j g_j` (years between first and last observation),
    * ``mean``: :math:`\\bar d = \\sum_j d_j / S` (NaN when ``m == 0``),
    * ``ss``: :math:`\\sum_j (d_j - g_j \\bar d)^2 / g_j`,
    * ``log_gap``: :math:`\\sum_j \\log g_j` (a constant of the likelihood),
    * ``last``: the last observed value on the model scale.

    With a reversion :math:`\\rho < 1` (:attr:`DriftDefaults.reversion`) the "difference" is
    the quasi-difference :math:`d_j = z_t - \\rho^{g_j} z_{t - g_j}`, distributed
    :math:`N(a_j \\mu, b_j \\sigma^2)` with :math:`a_j = \\sum_{i<g_j} \\rho^i` and
    :math:`b_j = \\sum_{i<g_j} \\rho^{2i}`; then :math:`S = \\sum_j a_j^2 / b_j`,
    :math:`\\bar d = \\sum_j a_j d_j / b_j / S`, ``ss`` :math:`= \\sum_j (d_j - a_j \\bar
    d)^2 / b_j` and ``log_gap`` :math:`= \\sum_j \\log b_j` (``span`` is then an
    information weight in years, not a span).

    With weights :math:`w_j` (:func:`diff_stats`) every sum is weighted, a power likelihood
    with each difference counted :math:`w_j` times: ``m`` is then :math:`\\sum_j w_j` (not
    necessarily whole) and ``span`` :math:`\\sum_j w_j a_j^2 / b_j`. Through ``m`` the weights
    also set the posterior degrees of freedom and the number of contrasts behind the
    hyper-prior's weight (:meth:`DriftDefaults.weight`).
    """

    m: FloatArray
    span: FloatArray
    mean: FloatArray
    ss: FloatArray
    log_gap: FloatArray
    last: FloatArray


def diff_stats(
    z: FloatArray, reversion: FloatArray | float = 1.0, weights: FloatArray | None = None
) -> DiffStats:
    """Differences' sufficient statistics per row of ``z`` (NaN marks a missing year).

    Parameters
    ----------
    z : ndarray, shape (n_series, n_years)
        Values on the model scale.
    reversion : float or ndarray, shape (n_series,), default 1
        :math:`\\rho` per series (see :class:`DiffStats`); 1 gives plain differences.
    weights : ndarray, shape (n_series, n_years), optional
        Weight of the difference ending in each year (>= 0; 1 counts it once, 0 drops it).
        The models use none (every difference once); ``benchmarks/experiment_recency_weights.py``
        weighs recent changes more.

    Returns
    -------
    DiffStats

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.drift import diff_stats
    >>> st = diff_stats(np.array([[1.0, 2.0, 4.0], [0.0, np.nan, 2.0]]))
    >>> st.m.tolist(), st.span.tolist(), st.mean.tolist(), st.ss.tolist()
    ([2.0, 1.0], [2.0, 2.0], [1.5, 1.0], [0.5, 0.0])
    """
    z = np.asarray(z, dtype=np.float64)
    n, t = z.shape
    obs = ~np.isnan(z)
    cols = np.broadcast_to(np.arange(t), (n, t))
    # Column of the previous observation (-1 if none), via a running max of observed columns.
    seen = np.where(obs, cols, -1)
    prev = np.concatenate([np.full((n, 1), -1), np.maximum.accumulate(seen, axis=1)[:, :-1]], 1)
    has = obs & (prev >= 0)
    zprev = np.take_along_axis(z, np.maximum(prev, 0), axis=1)
    gap = np.where(has, cols - prev, 1).astype(np.float64)
    rho = np.broadcast_to(np.asarray(reversion, dtype=np.float64).reshape(-1, 1), (n, 1))
    walk = rho >= 1.0
    # a: the intercept's multiplier, b: the noise variance's, over a gap (both = gap if rho = 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.where(walk, gap, (1.0 - rho**gap) / np.where(walk, 1.0, 1.0 - rho))
        b = np.where(walk, gap, (1.0 - rho ** (2.0 * gap)) / np.where(walk, 1.0, 1.0 - rho**2))
    ratio = np.where(walk, 1.0, a / b)
    d = np.where(has, z - np.where(walk, 1.0, rho**gap) * zprev, 0.0)
    w = has.astype(np.float64)
    if weights is not None:
        wt = np.broadcast_to(np.asarray(weights, dtype=np.float64), (n, t))
        if (wt[has] < 0).any() or not np.isfinite(wt[has]).all():
            raise InputError("weights must be finite and >= 0", column="weights")
        w = np.where(has, wt, 0.0)
    m = w.sum(axis=1)
    span = (w * a * ratio).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(m > 0, (w * ratio * d).sum(axis=1) / np.where(span > 0, span, 1.0),
                        np.nan)
    resid = np.where(has, d - a * np.nan_to_num(mean)[:, None], 0.0)
    ss = (w * resid**2 / b).sum(axis=1)
    log_gap = (w * np.log(b)).sum(axis=1)
    last_idx = np.where(obs.any(axis=1), t - 1 - obs[:, ::-1].argmax(axis=1), 0)
    last = np.where(obs.any(axis=1), z[np.arange(n), last_idx], np.nan)
    return DiffStats(m=m, span=span, mean=mean, ss=ss, log_gap=log_gap, last=last)


def _posterior(
    st: DiffStats,
    mu0: FloatArray | float,
    kappa0: FloatArray | float,
    nu0: FloatArray | float,
    s02: FloatArray | float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Normal-scaled-inverse-chi^2 posterior ``(mu_n, kappa_n, nu_n, s_n^2)`` per series.

    ``kappa0 == 0`` means a flat prior on the drift (one degree of freedom is then spent on it).
    """
    mean = np.nan_to_num(st.mean)
    kn = kappa0 + st.span
    flat = kappa0 <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mun = np.where(kn > 0, (kappa0 * mu0 + st.span * mean) / np.where(kn > 0, kn, 1.0), mu0)
        shrink = np.where(kn > 0, kappa0 * st.span / np.where(kn > 0, kn, 1.0), 0.0)
    nun = nu0 + st.m - np.where(flat & (st.m > 0), 1.0, 0.0)
    sn2 = (nu0 * s02 + st.ss + shrink * (mean - mu0) ** 2) / nun
    return mun, kn, nun, sn2


def _log_marginal(st: DiffStats, mu0: float, kappa0: float, nu0: float, s02: float) -> FloatArray:
    """Log marginal likelihood of each series' differences (constants in the hypers dropped)."""
    _, kn, nun, sn2 = _posterior(st, mu0, kappa0, nu0, s02)
    # With a flat drift prior (kappa0 = 0) this is the likelihood of the contrasts of the
    # differences (REML), and the kappa term is a constant.
    kterm = 0.5 * (np.log(kappa0) - np.log(kn)) if kappa0 > 0 else 0.0
    return (
        special.gammaln(nun / 2.0)
        - special.gammaln(nu0 / 2.0)
        + kterm
        + 0.5 * nu0 * np.log(nu0 * s02)
        - 0.5 * nun * np.log(nun * sn2)
    )


def to_identified(theta: FloatArray) -> FloatArray:
    """``(mu0, log kappa0, log nu0, log s0^2)`` -> ``(mu0, log kappa0, log nu0, log v0)``.

    :math:`v_0 = s_0^2 (1 + 1/\\kappa_0)` is the prior scale of a single yearly difference
    (the spread of the drifts plus the innovation), which, with :math:`\\mu_0`, is what a
    group of single-difference series identifies. Works on the last axis.

    Parameters
    ----------
    theta : ndarray, shape (..., 4)
        Hyper-parameters ``(mu0, log kappa0, log nu0, log s0^2)`` along the last axis.

    Returns
    -------
    ndarray, shape of ``theta``
        ``(mu0, log kappa0, log nu0, log v0)``, the first three unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.drift import to_identified
    >>> to_identified(np.array([0.03, 0.0, 1.0, np.log(0.5)])).round(4).tolist()
    [0.03, 0.0, 1.0, 0.0]
    """
    theta = np.asarray(theta, dtype=np.float64)
    out = theta.copy()
    out[..., 3] = theta[..., 3] + np.log1p(np.exp(-theta[..., 1]))
    return out


def estimate_hyper(
    st: DiffStats,
    default: tuple[float, float, float, float],
    prior_sd: tuple[float, float, float, float] | None,
    *,
    shrink_drift: bool = True,
) -> tuple[float, float, float, float]:
    """Penalised marginal-likelihood estimate of ``(mu0, log kappa0, log nu0, log s0^2)``.

    Parameters
    ----------
    st : DiffStats
        Statistics of the series of one group (series without differences are ignored).
    default : tuple of 4 floats
        Centre of the hyper-prior, and the starting point.
    prior_sd : tuple of 4 floats or None
        Standard deviations of the Gaussian hyper-prior on
        ``(mu0, log kappa0, log nu0, log v0)`` (:func:`to_identified`; with
        ``shrink_drift=False`` the last is ``log s0^2``); ``None`` for no penalty (pure
        marginal likelihood).
    shrink_drift : bool
        If False, ``kappa0`` is fixed to 0 (flat drift prior) and ``mu0`` is irrelevant; only
        ``nu0`` and ``s0^2`` are estimated (on the contrasts of the differences).

    Returns
    -------
    tuple of 4 floats
        ``(mu0, log kappa0, log nu0, log s0^2)``; ``log kappa0`` is ``-inf`` when
        ``shrink_drift`` is False.
    """
    keep = np.flatnonzero(st.m > (0 if shrink_drift else 1))
    # Sum the likelihood in an order set by the statistics alone, not by the series' places:
    # floating-point sums depend on their order, and the same table in another row order must
    # give the same numbers to the last digit.
    cols = tuple(np.asarray(a)[keep] for a in (st.m, st.span, st.mean, st.ss, st.log_gap))
    keep = keep[np.lexsort(cols[::-1])]
    sub = DiffStats(
        *(np.asarray(a)[keep] for a in (st.m, st.span, st.mean, st.ss, st.log_gap, st.last))
    )
    centre = np.asarray(default, dtype=np.float64)
    sd = None if prior_sd is None else np.asarray(prior_sd, dtype=np.float64)
    free = (
        np.array([True, True, True, True]) if shrink_drift else np.array([False, False, True, True])
    )

    def unpack(p: FloatArray) -> FloatArray:
        full = centre.copy()
        full[free] = p
        return full

    def identified(th: FloatArray) -> FloatArray:
        return to_identified(th) if shrink_drift else th

    centre_id = identified(centre)

    def objective(p: FloatArray) -> float:
        th = unpack(p)
        kappa0 = np.exp(th[1]) if shrink_drift else 0.0
        ll = (
            float(_log_marginal(sub, th[0], kappa0, np.exp(th[2]), np.exp(th[3])).sum())
            if sub.m.size
            else 0.0
        )
        if sd is not None:
            ll -= 0.5 * float((((identified(th) - centre_id) / sd)[free] ** 2).sum())
        return -ll

    if sub.m.size == 0 and sd is not None:
        out = centre.copy()
    else:
        # SLSQP rather than L-BFGS-B: same optimum here, but L-BFGS-B's tiny BLAS calls slow
        # down 10-100x under multi-threaded OpenBLAS on a busy machine (docs/performance.md).
        with warnings.catch_warnings():
            # scipy < 1.16's SLSQP clips a step outside the bounds and says so.
            warnings.filterwarnings("ignore", "Values in x were outside bounds", RuntimeWarning)
            res = optimize.minimize(
                objective,
                centre[free],
                method="SLSQP",
                bounds=[b for b, f in zip(_BOUNDS, free, strict=True) if f],
            )
        out = unpack(res.x)
    if not shrink_drift:
        out[1] = -np.inf
    return (float(out[0]), float(out[1]), float(out[2]), float(out[3]))


@dataclass(frozen=True, kw_only=True)
class PooledDrift:
    """Random walk with drift (an AR(1) for growth rates), pooled within peer groups, t predictive.

    Parameters
    ----------
    shrink_drift : bool, default True
        Shrink each drift toward the group's mean drift :math:`\\mu_0` with the estimated
        prior weight :math:`\\kappa_0` (years of pseudo-data). If False the drift has a flat
        prior (its own mean difference, with one degree of freedom spent on it).
    pool : bool, default True
        Estimate the hyper-parameters per group from the panel. If False, use the defaults'
        ``hyper`` for every group.
    hyper_prior : bool, default True
        Penalise the group estimates by the Gaussian hyper-prior (``hyper_sd``) around the
        defaults, so that small groups fall back smoothly on them. If False, use the pure
        marginal-likelihood estimate (unstable for small groups).
    damping : float, optional
        Drift damping :math:`\\phi \\in (0, 1]` (1: none). Default: the family's default
        (:data:`LOG_DEFAULTS`, :data:`RATE_DEFAULTS`). Not used for a series that reverts
        (a growth rate: its fit reports damping 1).
    drift_var : float, optional
        :math:`\\omega \\ge 0` (0: the future drift is the past one). Default: the family's.
    persistence_sd : float, optional
        :math:`\\tau \\ge 0` (0: the drift's strength after the first year is certain).
        Default: the family's (:attr:`DriftDefaults.persistence_sd`).
    log_defaults, rate_defaults : DriftDefaults, optional
        Replace :data:`LOG_DEFAULTS` / :data:`RATE_DEFAULTS` (used by the M3 benchmark's
        cross-fitting).

    Notes
    -----
    With :math:`m` differences spanning :math:`S` years, mean :math:`\\bar d` and
    weighted sum of squares :math:`SS`, the posterior is

    .. math::

        \\kappa_n = \\kappa_0 + S, \\quad
        \\mu_n = (\\kappa_0 \\mu_0 + S \\bar d)/\\kappa_n, \\quad
        \\nu_n = \\nu_0 + m, \\quad
        \\nu_n s_n^2 = \\nu_0 s_0^2 + SS + \\tfrac{\\kappa_0 S}{\\kappa_n}(\\bar d - \\mu_0)^2,

    and the predictive of :math:`z_{T+h}` is

    .. math::

        t_{\\nu_n}\\Big(z_T + D_h \\mu_n,\\;
        s_n^2 \\big(h + D_h^2/\\kappa_n + \\omega\\, h (h - 1)\\big)\\Big),
        \\qquad D_h = \\sum_{j=1}^{h} \\phi^j .

    With :math:`\\phi = 1, \\omega = 0` this is the exact posterior predictive of the random
    walk with drift (``tests/test_calibration_sbc.py`` checks it by simulation-based
    calibration); :math:`\\phi < 1` damps the drift (as in damped-trend smoothing; still exact,
    for a future drift of :math:`\\phi^j \\mu` in year :math:`j`) and :math:`\\omega` widens the
    longer horizons for a drift that wanders: exact when the future years' shocks are
    correlated with each other by :math:`\\omega` (the same departure of the drift shared by
    every future year). How strongly the drift
    goes on after the first year is itself uncertain: the drifts of years 2 to h, taken at
    their estimate :math:`\\phi^j \\mu_n`, are multiplied by :math:`1 + \\tau\\varepsilon`,
    one :math:`\\varepsilon \\sim N(0, 1)` for all those years, which adds

    .. math::

        \\tau^2 (D_h - \\phi)^2 \\mu_n^2

    to the squared scale above (none at :math:`h = 1`): a spread proportional to the drift,
    where :math:`\\omega`'s is proportional to the noise, so that a quiet series with a steady
    trend is not held to its damped path. With the estimated :math:`\\tau` (about 1.1) the
    factor is negative with probability about 0.19: the trend may reverse. This term is an
    approximation: under its own generative model the predictive is skewed (the product of the
    uncertain drift and the factor), not a symmetric t; simulated from that model, the 80%
    interval five years ahead covers 0.801-0.807 at the estimated :math:`\\phi` (0.811-0.814
    at :math:`\\phi = 1`) and probabilities are off by up to about 0.015 (0.03 at
    :math:`\\phi = 1`), none at :math:`h = 1`. A series that
    reverts (a growth rate) has no such term. :math:`\\phi`, :math:`\\omega` and :math:`\\tau` are
    estimated on M3 yearly (the panel has no information on horizons beyond its own length),
    see :class:`DriftDefaults`.

    Growth rates (the ``rate`` scale) revert to a level instead: with the reversion
    :math:`\\rho < 1` of :data:`RATE_DEFAULTS` the same posterior is computed from the
    quasi-differences :math:`z_t - \\rho z_{t-1}` (:func:`diff_stats`), whose mean
    :math:`\\mu` is the intercept of an AR(1), and the predictive is

    .. math::

        t_{\\nu_n}\\Big(\\rho^h z_T + S_h \\mu_n,\\;
        s_n^2 \\big(R_h + S_h^2/\\kappa_n\\big)\\Big),
        \\qquad S_h = \\sum_{j<h} \\rho^j, \\quad R_h = \\sum_{j<h} \\rho^{2j},

    so that the interval stops widening a few years ahead (no damping; the drift wander
    :math:`\\omega`, 0 in :data:`RATE_DEFAULTS`, still adds :math:`\\omega h (h - 1)` to the
    bracket if set).

    A series with a single observation (no difference) gets the prior predictive: drift
    :math:`\\mu_0`, :math:`\\kappa_n = \\kappa_0`, df :math:`\\nu_0` — a deliberately
    very wide distribution. With ``shrink_drift=False`` such a series raises
    :class:`~sonla_forecast.errors.ModelError` because its drift is undefined. A series with no
    observation always raises.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> panel = Panel(
    ...     values=np.array([[100.0, 110.0, 121.0], [20.0, 18.0, 17.0]]),
    ...     years=np.arange(2022, 2025), scale=("level", "percent"))
    >>> fc = sf.models.PooledDrift().fit(panel).forecast(1)
    >>> p = fc.prob_meets(np.array([125.0, 15.0]), ["higher", "lower"])
    >>> bool(((p > 0) & (p < 1)).all())
    True
    """

    name: ClassVar[str] = "drift"
    shrink_drift: bool = True
    pool: bool = True
    hyper_prior: bool = True
    damping: float | None = None
    drift_var: float | None = None
    persistence_sd: float | None = None
    log_defaults: DriftDefaults = field(default=LOG_DEFAULTS)
    rate_defaults: DriftDefaults = field(default=RATE_DEFAULTS)

    def __post_init__(self) -> None:
        if self.damping is not None and not 0.0 < self.damping <= 1.0:
            raise InputError(f"damping must be in (0, 1], got {self.damping!r}", column="damping")
        if self.drift_var is not None and not self.drift_var >= 0.0:
            raise InputError(f"drift_var must be >= 0, got {self.drift_var!r}", column="drift_var")
        if self.persistence_sd is not None and not self.persistence_sd >= 0.0:
            raise InputError(f"persistence_sd must be >= 0, got {self.persistence_sd!r}",
                             column="persistence_sd")

    def _defaults(self, family: str) -> DriftDefaults:
        return self.rate_defaults if family == "rate" else self.log_defaults

    def fit(self, panel: Panel) -> FittedDrift:
        """Fit every series of ``panel``; hyper-parameters are estimated per group.

        Series are grouped by ``panel.group`` and, within a group, by scale family (``rate``
        versus the log-like scales), since their differences are in different units. On the
        log-like scales the drift is pooled on the oriented scale (``panel.orientation`` times
        the model scale): in a group of indicators meant to move in opposite directions the
        prior mean drift is their mean progress, not a cancelling average, and the defaults'
        :math:`\\mu_0` (the typical yearly growth of M3 series) is read as progress. Rates
        are not oriented (their defaults describe how growth rates drift). The fitted drift and the
        ``prior``'s :math:`\\mu_0` are reported back on each series' model scale.

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale.

        Returns
        -------
        FittedDrift

        Raises
        ------
        ModelError
            If a series has no observation (or, with ``shrink_drift=False``, only one).
        """
        require_panel(panel)
        # Oriented scale: the group's mean drift is the mean progress of its indicators. Rates
        # are not oriented: their defaults describe how growth rates drift, not progress.
        sign = np.where(panel.codes == 2, 1.0, panel.orientation)
        rho = np.where(panel.codes == 2, self.rate_defaults.reversion,
                       self.log_defaults.reversion)
        st = diff_stats(panel.z * sign[:, None], rho)
        empty = panel.n_obs == 0
        if empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise ModelError(f"series {panel.ids[i]!r} has no observation; nothing to forecast")
        if not self.shrink_drift and (st.m == 0).any():
            i = int(np.flatnonzero(st.m == 0)[0])
            raise ModelError(
                f"series {panel.ids[i]!r} has a single observation; its drift is undefined "
                "without drift shrinkage (use PooledDrift(shrink_drift=True))"
            )
        fams = ["rate" if int(c) == 2 else "log" for c in panel.codes]
        keys = np.asarray([f"{g}\x00{f}" for g, f in zip(panel.group, fams, strict=True)])
        n = panel.n_series
        hyp = np.empty((n, 4))
        phi = np.empty(n)
        omega = np.empty(n)
        tau = np.empty(n)
        for key in np.unique(keys):  # loop over groups (few), vectorised over their series
            sel = keys == key
            dflt = self._defaults(key.split("\x00")[1])
            if self.pool:
                sub = DiffStats(*(np.asarray(a)[sel] for a in vars(st).values()))
                contrasts = float(np.maximum(sub.m - 1.0, 0.0).sum())
                w = dflt.weight(contrasts)
                w_id = dflt.identified_weight(float((sub.m > 0).sum()), contrasts)
                sd = tuple(
                    v / np.sqrt(w_id if j in (0, 3) else w) for j, v in enumerate(dflt.hyper_sd)
                )
                th = estimate_hyper(
                    sub,
                    dflt.hyper,
                    sd if self.hyper_prior else None,  # type: ignore[arg-type]
                    shrink_drift=self.shrink_drift,
                )
            else:
                th = dflt.hyper if self.shrink_drift else (0.0, -np.inf, *dflt.hyper[2:])
            hyp[sel] = th
            phi[sel] = dflt.damping if self.damping is None else self.damping
            omega[sel] = dflt.drift_var if self.drift_var is None else self.drift_var
            tau[sel] = dflt.persistence_sd if self.persistence_sd is None else self.persistence_sd
            if dflt.reversion < 1.0:
                # A reverting series is not damped, nor has it a trend to persist (the Notes).
                phi[sel], tau[sel] = 1.0, 0.0
        mu0, kappa0, nu0, s02 = hyp[:, 0], np.exp(hyp[:, 1]), np.exp(hyp[:, 2]), np.exp(hyp[:, 3])
        mun, kn, nun, sn2 = _posterior(st, mu0, kappa0, nu0, s02)
        return FittedDrift(
            panel=panel,
            model=self,
            last=sign * st.last,
            drift=sign * mun,
            kappa=kn,
            df=nun,
            sigma2=sn2,
            damping=phi,
            drift_var=omega,
            persistence_sd=tau,
            n_diffs=np.maximum(panel.n_obs - 1, 0),
            prior=np.column_stack([sign * mu0, kappa0, nu0, s02]),
            reversion=rho,
        )


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedDrift:
    """A :class:`PooledDrift` fitted to a panel (posterior per series; arrays read-only).

    Attributes
    ----------
    panel : Panel
        The data.
    model : PooledDrift
        The spec.
    last : ndarray, shape (n,)
        Last observed value per series on the model scale.
    drift : ndarray, shape (n,)
        Posterior mean drift :math:`\\mu_n` (model-scale units per year).
    kappa : ndarray, shape (n,)
        Posterior precision weight of the drift :math:`\\kappa_n` (years).
    df : ndarray, shape (n,)
        Posterior degrees of freedom :math:`\\nu_n`.
    sigma2 : ndarray, shape (n,)
        Posterior scale :math:`s_n^2` of the yearly innovation variance.
    damping, drift_var : ndarray, shape (n,)
        :math:`\\phi` and :math:`\\omega` used for each series.
    persistence_sd : ndarray, shape (n,)
        :math:`\\tau` used for each series (``PooledDrift.fit``: 1.1426 from
        :data:`LOG_DEFAULTS`, 0 for a reverting growth rate; 0 for all when omitted).
    n_diffs : ndarray of int, shape (n,)
        Number of differences used.
    prior : ndarray, shape (n, 4)
        The series' group prior ``(mu0, kappa0, nu0, s0^2)``, with :math:`\\mu_0` on the
        series' model scale (the group's oriented mean drift times the series' orientation;
        ``rate`` series are not oriented).
    reversion : ndarray, shape (n,)
        :math:`\\rho` used for each series (1: random walk; below 1, ``drift`` is the
        intercept of an AR(1), see :attr:`DriftDefaults.reversion`).
    """

    panel: Panel
    model: PooledDrift
    last: FloatArray
    drift: FloatArray
    kappa: FloatArray
    df: FloatArray
    sigma2: FloatArray
    damping: FloatArray
    drift_var: FloatArray
    n_diffs: IntArray
    prior: FloatArray
    reversion: FloatArray = field(default=None)  # type: ignore[arg-type]  # None: all 1
    persistence_sd: FloatArray = field(default=None)  # type: ignore[arg-type]  # None: all 0

    def __post_init__(self) -> None:
        n = np.asarray(self.last).shape[0]
        if self.reversion is None:
            object.__setattr__(self, "reversion", np.ones(n))
        if self.persistence_sd is None:
            object.__setattr__(self, "persistence_sd", np.zeros(n))
        freeze_arrays(
            self,
            ("last", "drift", "kappa", "df", "sigma2", "damping", "drift_var", "n_diffs", "prior",
             "reversion", "persistence_sd"),
        )

    def forecast(self, horizon: int | IntArray) -> TForecast:
        """Student-t predictive ``horizon`` years after each series' last observation.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1).

        Returns
        -------
        TForecast
            See the Notes of :class:`PooledDrift` for location, scale and df.
        """
        h = as_int_horizon(horizon, self.panel.n_series).astype(np.float64)
        phi = self.damping
        undamped = phi >= 1.0
        rho = self.reversion
        walk = rho >= 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.where(undamped, h, phi * (1.0 - phi**h) / np.where(undamped, 0.5, 1.0 - phi))
            # AR(1): the intercept accumulates over sum_{j<h} rho^j, the noise over rho^(2j).
            steps = np.where(walk, steps, (1.0 - rho**h) / np.where(walk, 1.0, 1.0 - rho))
            noise = np.where(walk, h, (1.0 - rho ** (2.0 * h)) / np.where(walk, 1.0, 1.0 - rho**2))
        var = self.sigma2 * (noise + steps**2 / self.kappa + self.drift_var * h * (h - 1.0))
        # How strongly the drift goes on after the first year is uncertain (relative sd tau):
        # a spread proportional to the drift over the steps after the first.
        later = np.where(walk, steps - np.where(undamped, 1.0, phi), 0.0)
        var = var + (self.persistence_sd * later * self.drift) ** 2
        return TForecast(
            loc=np.where(walk, 1.0, rho**h) * self.last + steps * self.drift,
            scale=np.sqrt(var),
            df=self.df,
            codes=self.panel.codes,
            cap=self.panel.cap,
        )
