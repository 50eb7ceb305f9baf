"""Plan-record model: how this province's outcomes have missed or beaten its own plans.

The trajectory models extrapolate the history. This one ignores the trajectory and asks a
different question: when the province set a plan for a year, how did the year's outcome (the
observation of that year: the actual, else the year-end estimate) compare with it? On the
model scale :math:`z = g(x)` of :mod:`sonla_forecast.models.base` the *miss* of series
:math:`i` in plan year :math:`y` is

.. math::

    d_{iy} = g(x_{iy}) - g(p_{iy}),

with :math:`p_{iy}` the plan (``Panel.plans``) and :math:`x_{iy}` the outcome
(``Panel.values``). The predictive for the year being assessed is
:math:`g(X_i) = g(T_i) + d_i` with :math:`T_i` the plan being assessed (``Panel.target``) and
:math:`d_i` a new miss drawn from what the record says about series :math:`i` and its peers.

In Sơn La's resolutions the year-end estimate is very often set *equal* to the plan, so a
large share of the misses is exactly 0. The model treats that as what it is, a separate event
(a point mass), and models the non-zero misses with a continuous distribution; see
:class:`PlanRecord` for the equations.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import numpy as np
from scipy import optimize, special, stats

from .._typing import FloatArray, IntArray, RngLike, as_generator
from ..errors import InputError, ModelError
from .base import (
    Forecast,
    Panel,
    TForecast,
    _move_on_z,
    _natural,
    as_int_horizon,
    family_units,
    freeze_arrays,
    pools,
    require_panel,
    scale_family,
    to_z,
)

__all__ = ["FittedPlanRecord", "PlanRecord", "PlanRecordForecast"]

#: A miss counts as exactly zero when ``|outcome - plan| <= EXACT_RTOL * max(|plan|, 1)``: equal
#: as printed numbers, allowing only for floating-point noise of the parsing.
EXACT_RTOL = 1e-9

# Weak hyper-prior of the continuous part's pool hyper-parameters
# theta = (mu0, log kappa0, log nu0, log s0^2): centres and standard deviations. The centre of
# log s0^2 is the log of the pool's mean squared year-on-year change (see _change_scale2) and
# the sd of mu0 is 2 x the square root of that; both are filled in per pool.
_HYPER_CENTRE = (0.0, 0.0, np.log(4.0), 0.0)
_HYPER_SD = (np.nan, 1.5, 1.0, 2.0)
_HYPER_BOUNDS = ((None, None), (-7.0, 7.0), (np.log(0.5), 6.0), (-30.0, 30.0))
# Weak hyper-prior of the hit-rate concentration m (pseudo-pairs): log m ~ N(log 4, 1.5^2).
_CONC_CENTRE = np.log(4.0)
_CONC_SD = 1.5
_CONC_BOUNDS = (np.log(0.05), np.log(1e4))


@dataclass(frozen=True, eq=False)
class PlanRecordForecast(Forecast):
    """Mixture of a point mass at the plan and a Student-t miss, per series.

    With probability ``p_exact`` the outcome equals ``target`` exactly; otherwise
    :math:`g(X) \\sim t_{\\nu}(\\ell, s^2)` on the model scale (``loc``, ``scale``, ``df``),
    mapped back to the natural scale (counts rounded and capped as in
    :class:`~sonla_forecast.models.base.TForecast`).

    Parameters
    ----------
    target : ndarray, shape (n,)
        Location of the point mass (the plan), natural units.
    p_exact : ndarray, shape (n,)
        Probability of the point mass, in [0, 1).
    loc, scale, df : ndarray, shape (n,)
        Student-t of the continuous part on the model scale; ``scale`` > 0.
    codes : ndarray of int, shape (n,)
        Scale codes per series.
    cap : ndarray, shape (n,)
        Count caps (NaN: none).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> fc = sf.models.PlanRecordForecast(target=np.array([10.0]), p_exact=np.array([0.5]),
    ...     loc=np.log([9.0]), scale=np.array([0.05]), df=np.array([5.0]),
    ...     codes=np.array([1]), cap=np.array([np.nan]))
    >>> fc.quantiles([0.5, 0.9]).round(2).tolist()  # half the mass sits on the plan
    [[10.0, 10.0]]
    >>> round(float(fc.prob_meets(np.array([10.0]), ["higher"])[0]), 3)  # 0.5 + 0.5 x 0.044
    0.522
    """

    target: FloatArray
    p_exact: FloatArray
    loc: FloatArray
    scale: FloatArray
    df: FloatArray
    codes: IntArray
    cap: FloatArray
    _per_series: ClassVar[tuple[str, ...]] = ("target", "p_exact", "loc", "scale", "df",
                                              "codes", "cap")

    def __post_init__(self) -> None:
        n = np.asarray(self.target).reshape(-1).shape[0]
        freeze_arrays(self, ("target", "p_exact", "loc", "scale", "df", "cap"), np.float64,
                      length=n)
        freeze_arrays(self, ("codes",), np.int64, length=n)
        if ((self.p_exact < 0) | (self.p_exact > 1)).any():
            raise InputError(f"p_exact must be in [0, 1], got {self.p_exact.tolist()}")

    @cached_property
    def continuous(self) -> TForecast:
        """The continuous part alone (the outcome given that it differs from the plan)."""
        return TForecast(loc=self.loc, scale=self.scale, df=self.df, codes=self.codes, cap=self.cap)

    def _col(self, a: FloatArray, ndim: int) -> FloatArray:
        return np.asarray(a).reshape((-1,) + (1,) * (ndim - 1))

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x) per series; ``x`` has shape (n,) or (n, k).

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        x = np.asarray(x, dtype=np.float64)
        nd = max(x.ndim, 1)
        p = self._col(self.p_exact, nd)
        point = (x >= self._col(self.target, nd)).astype(np.float64)
        return p * point + (1.0 - p) * self.continuous.cdf(x)

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome < x): the point mass at exactly ``x`` does not count."""
        x = np.asarray(x, dtype=np.float64)
        nd = max(x.ndim, 1)
        p = self._col(self.p_exact, nd)
        point = (x > self._col(self.target, nd)).astype(np.float64)
        return p * point + (1.0 - p) * self.continuous._left_cdf(x)

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Natural-scale quantiles, shape (n, len(probs)).

        The mixture's cdf jumps by ``p_exact`` at the plan: a probability level inside the jump
        returns the plan; below it the continuous part's quantile at ``q / (1 - p)``, above it
        at ``(q - p) / (1 - p)``.

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in (0, 1).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        q = np.asarray(probs, dtype=np.float64).reshape(1, -1)
        if not ((q > 0) & (q < 1)).all():  # NaN too
            raise InputError(f"probabilities must be in (0, 1), got {q.ravel().tolist()}")
        p = self.p_exact[:, None]
        g_left = self.continuous._left_cdf(self.target)[:, None]
        g_at = self.continuous.cdf(self.target)[:, None]
        lo = (1.0 - p) * g_left
        hi = p + (1.0 - p) * g_at
        rest = np.where(p < 1.0, 1.0 - p, 1.0)
        u = np.where(q < lo, q / rest, (q - p) / rest)
        u = np.clip(u, 1e-12, 1.0 - 1e-12)
        df = self.df[:, None]
        tdf = np.where(np.isinf(df), 1.0, df)
        with np.errstate(invalid="ignore"):
            e = np.where(np.isinf(df), stats.norm.ppf(u), stats.t.ppf(u, tdf))
        cont = _natural(self.loc[:, None] + self.scale[:, None] * e, self.codes, self.cap)
        at_plan = (q >= lo) & (q <= hi)
        return np.where(at_plan, np.broadcast_to(self.target[:, None], cont.shape), cont)

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """Simulated outcomes on the natural scale, shape (n, size).

        Parameters
        ----------
        size : int
            Number of draws per series.
        rng : Generator, int or None, optional
            Random generator, or a seed for :func:`numpy.random.default_rng` (None: fresh entropy).

        Returns
        -------
        ndarray, shape (n, size)
            Outcomes on the natural scale (the indicator's unit), one row per series.
        """
        g = as_generator(rng)
        n = self.target.shape[0]
        hit = g.random((n, size)) < self.p_exact[:, None]
        cont = self.continuous.draws(size, g)
        return np.where(hit, self.target[:, None], cont)

    def moved(self, centre: FloatArray, shift: FloatArray,
              factor: FloatArray) -> PlanRecordForecast:
        """Its point and its Student-t moved (see
        :meth:`~sonla_forecast.models.base.Forecast.moved`): the point mass stays one, at the
        moved plan."""
        t = self.continuous.moved(centre, shift, factor)
        point = _natural(_move_on_z(to_z(self.target[:, None], self.codes), centre, shift,
                                    factor), self.codes, self.cap)[:, 0]
        return PlanRecordForecast(target=point, p_exact=self.p_exact, loc=t.loc, scale=t.scale,
                                  df=t.df, codes=self.codes, cap=self.cap)


def _pairs(panel: Panel) -> tuple[FloatArray, np.ndarray, np.ndarray]:
    """Misses ``z(outcome) - z(plan)`` (n, T), mask of pairs, mask of exact (zero) misses."""
    v = panel.values
    p = panel.plans
    pair = ~np.isnan(v) & ~np.isnan(p)
    with np.errstate(invalid="ignore"):
        exact = pair & (np.abs(v - p) <= EXACT_RTOL * np.maximum(np.abs(p), 1.0))
        d = np.where(pair, to_z(v, panel.codes) - to_z(p, panel.codes), np.nan)
    # A pair whose transform is undefined (a level <= 0, say) is not a usable pair.
    bad = pair & ~np.isfinite(d)
    pair &= ~bad
    exact &= pair
    return d, pair, exact


def _change_scale2(z: FloatArray) -> float:
    """Mean squared year-on-year change (consecutive observed years); NaN when there is none."""
    dz = np.diff(z, axis=1)
    ok = np.isfinite(dz)
    # Sorted first: a float sum depends on its order, and the rows' order must not matter.
    return float(np.sort(dz[ok] ** 2).mean()) if ok.any() else np.nan


def _posterior(
    r: FloatArray, dbar: FloatArray, ss: FloatArray, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Normal-scaled-inverse-chi^2 posterior ``(mu_n, kappa_n, nu_n, s_n^2)`` per series.

    ``theta`` has shape (n, 4) or (4,): ``(mu0, log kappa0, log nu0, log s0^2)``.
    """
    th = np.asarray(theta, dtype=np.float64)
    mu0, k0, nu0, s02 = th[..., 0], np.exp(th[..., 1]), np.exp(th[..., 2]), np.exp(th[..., 3])
    dbar0 = np.where(r > 0, dbar, 0.0)
    kn = k0 + r
    mun = (k0 * mu0 + r * dbar0) / kn
    nun = nu0 + r
    sn2 = (nu0 * s02 + ss + k0 * r / kn * (dbar0 - mu0) ** 2) / nun
    return mun, kn, nun, sn2


def _neg_log_marginal(
    theta: FloatArray,
    r: FloatArray,
    dbar: FloatArray,
    ss: FloatArray,
    centre: FloatArray,
    sd: FloatArray,
) -> float:
    """Minus (log marginal likelihood of the misses + log hyper-prior) for one pool."""
    _, kn, nun, sn2 = _posterior(r, dbar, ss, theta)
    k0, nu0, s02 = np.exp(theta[1]), np.exp(theta[2]), np.exp(theta[3])
    ll = (
        special.gammaln(nun / 2.0)
        - special.gammaln(nu0 / 2.0)
        + 0.5 * (np.log(k0) - np.log(kn))
        + 0.5 * nu0 * np.log(nu0 * s02)
        - 0.5 * nun * np.log(nun * sn2)
        - 0.5 * r * np.log(np.pi)
    )
    pen = 0.5 * float((((theta - centre) / sd) ** 2).sum())
    return -float(ll.sum()) + pen


def _fit_pool(r: FloatArray, dbar: FloatArray, ss: FloatArray, c2: float) -> FloatArray:
    """Penalised marginal-likelihood estimate of a pool's ``theta`` (shape (4,))."""
    centre = np.array(_HYPER_CENTRE, dtype=np.float64)
    centre[3] = np.log(c2)
    sd = np.array(_HYPER_SD, dtype=np.float64)
    sd[0] = 2.0 * np.sqrt(c2)
    keep = r > 0
    if not keep.any():
        return centre
    order = np.lexsort((ss[keep], dbar[keep], r[keep]))  # the series' order must not matter
    r, dbar, ss = r[keep][order], dbar[keep][order], ss[keep][order]
    start = centre.copy()
    start[0] = float((r * dbar).sum() / r.sum())
    # SLSQP rather than L-BFGS-B: same optimum here, and scipy's L-BFGS-B spends milliseconds
    # per iteration in multithreaded BLAS calls on a busy machine (4 parameters do not need it).
    with warnings.catch_warnings():
        # scipy < 1.16's SLSQP clips a step outside the bounds and says so.
        warnings.filterwarnings("ignore", "Values in x were outside bounds", RuntimeWarning)
        res = optimize.minimize(
            _neg_log_marginal,
            start,
            args=(r, dbar, ss, centre, sd),
            method="SLSQP",
            bounds=_HYPER_BOUNDS,
        )
    out = np.asarray(res.x, dtype=np.float64)
    return out if np.isfinite(out).all() else start


def _fit_mixed_pool(z: FloatArray, family: np.ndarray, r: FloatArray, dbar: FloatArray,
                    ss: FloatArray, dm: FloatArray, members: np.ndarray,
                    ids: tuple[str, ...]) -> FloatArray:
    """``theta`` of each series in ``members`` from every series' misses, when they mix growth
    rates (points) with log-scale indicators: each family's misses in units of its own
    year-on-year change :math:`c_f`, pooled, and the pool's bias and spread taken back to each
    member's units (a growth rate's miss of 6 points is no miss of 6 on a level's log scale,
    which sent a level of 1,504 to a median of 14)."""
    unit = family_units(z, family)
    for fam in dict.fromkeys(family[~(unit > 0)].tolist()):  # no change: its misses' size
        sel = family == fam
        c2 = float(np.sort((dm[sel] ** 2).ravel()).sum() / r[sel].sum()) \
            if r[sel].sum() > 0 else np.nan
        unit[sel] = np.sqrt(c2) if np.isfinite(c2) and c2 > 0 else np.nan
    lost = members & ~np.isfinite(unit)
    if lost.any():
        raise ModelError(
            f"series {ids[int(np.flatnonzero(lost)[0])]!r} takes its misses from all series "
            "pooled, which mix growth rates in points with log-scale changes, but no series "
            "of its scale family has two observed years or a non-zero miss: the size of its "
            "miss cannot be put in its own units"
        )
    ok = np.isfinite(unit)
    with np.errstate(invalid="ignore"):
        theta = _fit_pool(r[ok], dbar[ok] / unit[ok], ss[ok] / unit[ok] ** 2, 1.0)
    u = unit[members]
    return np.column_stack([theta[0] * u, np.full(len(u), theta[1]), np.full(len(u), theta[2]),
                            theta[3] + 2.0 * np.log(u)])


def _fit_concentration(k: FloatArray, n: FloatArray, p: FloatArray) -> float:
    """Penalised beta-binomial estimate of the concentration ``m`` of the per-series hit rates
    around their group rates ``p`` (series without pairs carry no information)."""
    keep = np.flatnonzero(n > 0)
    keep = keep[np.lexsort((p[keep], n[keep], k[keep]))]  # the series' order must not matter
    k, n, p = k[keep], n[keep], p[keep]

    def objective(logm: float) -> float:
        m = np.exp(logm)
        a, b = m * p, m * (1.0 - p)
        ll = special.betaln(k + a, n - k + b) - special.betaln(a, b)
        return -float(ll.sum()) + 0.5 * ((logm - _CONC_CENTRE) / _CONC_SD) ** 2

    res = optimize.minimize_scalar(objective, bounds=_CONC_BOUNDS, method="bounded")
    return float(np.exp(res.x))


@dataclass(frozen=True, kw_only=True)
class PlanRecord:
    """Outcome = plan + a miss learnt from the plan record, with a point mass at "met exactly".

    Parameters
    ----------
    point_mass : bool, default True
        Model exact hits (outcome equal to the plan) as a point mass. If False every miss,
        zeros included, goes into the continuous part and ``p_exact`` is 0.
    min_misses : int, default 5
        Non-zero misses a scale group needs to estimate its own continuous-part
        hyper-parameters; with fewer, the group borrows those of its scale family (``rate``
        versus the log-like ``percent``, ``level``, ``count``), and with fewer there too,
        those of all series.
    prior_weight : float, default 2.0
        Weight, in pseudo-pairs, of the weak Beta prior of a group's hit rate, centred on the
        panel's hit rate: a group with no pair gets the panel's rate, a large group its own.

    Notes
    -----
    **Data.** Pairs :math:`(p_{iy}, x_{iy})` where both the plan and the outcome of year
    :math:`y` exist; misses :math:`d_{iy} = o_i\\,(g(x_{iy}) - g(p_{iy}))`, oriented by the
    series' :attr:`~sonla_forecast.models.base.Panel.plan_orientation` :math:`o_i` (-1 for an
    indicator meant to fall), so that a shortfall is negative for every series and the misses
    of a poverty rate and of a coverage rate pool as progress, as the drift model pools their
    changes. A pair is an *exact hit*
    when :math:`x_{iy} = p_{iy}` (up to :data:`EXACT_RTOL`). Series :math:`i` has
    :math:`n_i` pairs, :math:`k_i` exact hits and :math:`r_i = n_i - k_i` non-zero misses
    with mean :math:`\\bar d_i` and sum of squares :math:`SS_i` about it.

    **Predictive.** For the year being assessed, with plan :math:`T_i`,

    .. math::

        X_i = T_i \\text{ with probability } \\pi_i, \\qquad
        g(X_i) \\sim t_{\\nu_{n,i}}\\big(g(T_i) + \\mu_{n,i},\\;
        s_{n,i}^2 (1 + 1/\\kappa_{n,i})\\big) \\text{ otherwise.}

    **Exact hits** (beta-binomial, three levels). Panel rate
    :math:`\\hat p = (K + 1) / (N + 2)` (Beta(1, 1) prior); group rate
    :math:`\\hat p_g = (k_g + w \\hat p) / (n_g + w)` with :math:`w` = ``prior_weight``;
    series rates :math:`\\pi_i \\sim \\text{Beta}(m \\hat p_g, m (1 - \\hat p_g))`, the
    concentration :math:`m` (pseudo-pairs; the amount of shrinkage) estimated by maximising
    the beta-binomial marginal likelihood of the :math:`k_i` over the panel, penalised by a weak
    :math:`\\log m \\sim N(\\log 4, 1.5^2)`. The predictive weight is the posterior mean
    :math:`\\pi_i = (m \\hat p_g + k_i) / (m + n_i)` (the Beta uncertainty integrated out).
    With one pair per series :math:`m` is not identified by the data and stays near the
    penalty's centre, 4.

    **Non-zero misses** (normal / scaled-inverse-:math:`\\chi^2`, as in
    :class:`~sonla_forecast.models.drift.PooledDrift`):
    :math:`d_{iy} \\sim N(\\mu_i, \\sigma_i^2)`,
    :math:`\\sigma_i^2 \\sim \\text{Scale-inv-}\\chi^2(\\nu_0, s_0^2)`,
    :math:`\\mu_i \\mid \\sigma_i^2 \\sim N(\\mu_0, \\sigma_i^2 / \\kappa_0)`, so the
    per-series bias and spread are shrunk toward the pool's. The posterior is

    .. math::

        \\kappa_n = \\kappa_0 + r, \\quad
        \\mu_n = (\\kappa_0 \\mu_0 + r \\bar d)/\\kappa_n, \\quad
        \\nu_n = \\nu_0 + r, \\quad
        \\nu_n s_n^2 = \\nu_0 s_0^2 + SS + \\tfrac{\\kappa_0 r}{\\kappa_n}(\\bar d - \\mu_0)^2,

    and the Student-t above integrates out :math:`\\mu_i, \\sigma_i^2`. The pool's
    :math:`(\\mu_0, \\kappa_0, \\nu_0, s_0^2)` (bias, shrinkage weight of the bias, shrinkage
    weight of the spread, spread) maximise the closed-form marginal likelihood of the pool's
    non-zero misses plus a weak Gaussian hyper-prior on
    :math:`(\\mu_0, \\log\\kappa_0, \\log\\nu_0, \\log s_0^2)` centred on
    :math:`(0, 0, \\log 4, \\log c^2)` with standard deviations :math:`(2c, 1.5, 1, 2)`, where
    :math:`c^2` is the pool's mean squared year-on-year change of :math:`z` (the natural size
    of a surprise for these indicators). The pool is the peer group within its scale family
    (a group mixing a growth rate with an index is two pools), else the scale family, else all
    series (see ``min_misses``), a last resort. Where all series mix the units of ``rate``
    (points) and log-like scales, each family's misses are pooled in units of its own
    :math:`c` (its root mean squared yearly change, a change over a gap of :math:`g` years
    counted as :math:`\\Delta/\\sqrt{g}`; the root mean squared miss where the family has no
    change) and the pool's :math:`\\mu_0` and :math:`s_0^2` are taken back to each series'
    units. The hyper-parameters' own
    uncertainty is not carried (empirical Bayes).

    **Horizon.** The forecast is of the outcome of the plan's year. The plan record speaks
    about that outcome whatever the distance to the last observation, so ``horizon`` is
    validated but does not change the forecast.

    **Bounds.** The point mass sits at the plan itself (a plan of 100% stays 100%, met
    exactly); the continuous part keeps percentages in (0, 100) and counts whole and capped.

    Raises
    ------
    ModelError
        At ``fit``: when the plan record is empty (no series of the panel has a year with both
        a plan and an outcome), when a series has no plan being assessed (``Panel.target``
        NaN), or when the plan record has no non-zero miss and the panel no year-on-year
        change (the size of a miss cannot be estimated).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> panel = Panel(
    ...     values=np.array([[10.0, 11.0, 12.0], [50.0, 52.0, 55.0], [5.0, 5.5, 5.9]]),
    ...     years=np.arange(2022, 2025), scale=("level", "percent", "level"),
    ...     plans=np.array([[np.nan, 11.0, 12.0], [np.nan, 52.0, 54.0], [np.nan, 5.6, 6.0]]),
    ...     target=np.array([13.0, 57.0, 6.4]))
    >>> fc = sf.models.PlanRecord().fit(panel).forecast(1)
    >>> p = fc.prob_meets(np.array([13.0, 57.0, 6.4]), ["higher"] * 3)
    >>> bool(((p > 0) & (p < 1)).all())
    True
    """

    name: ClassVar[str] = "plan_record"
    point_mass: bool = True
    min_misses: int = 5
    prior_weight: float = 2.0

    def __post_init__(self) -> None:
        if (
            isinstance(self.min_misses, bool)
            or int(self.min_misses) != self.min_misses
            or (self.min_misses < 1)
        ):
            raise InputError(
                f"min_misses must be a whole number >= 1, got {self.min_misses!r}",
                column="min_misses",
            )
        if not self.prior_weight > 0:
            raise InputError(
                f"prior_weight must be > 0, got {self.prior_weight!r}", column="prior_weight"
            )

    def fit(self, panel: Panel) -> FittedPlanRecord:
        """Learn the misses of every series of ``panel`` (vectorised over series).

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale, with their past plans (``panel.plans``) and the
            plans assessed (``panel.target``).

        Returns
        -------
        FittedPlanRecord

        Raises
        ------
        ModelError
            If the plan record is empty, a target is missing, or the size of a miss cannot be
            estimated (see the class Notes).
        """
        require_panel(panel)
        n = panel.n_series
        no_target = np.isnan(panel.target)
        if no_target.any():
            i = int(np.flatnonzero(no_target)[0])
            raise ModelError(
                f"series {panel.ids[i]!r} has no plan being assessed (Panel.target is NaN); "
                "the plan-record model forecasts the outcome of a plan and needs one per series"
            )
        d, pair, exact = _pairs(panel)
        # Misses as progress: a shortfall is negative whether the indicator is meant to rise
        # or to fall, so that a pool's mean miss does not cancel between the two.
        orient = np.asarray(panel.orientation if panel.plan_orientation is None
                            else panel.plan_orientation, dtype=np.float64)
        d = d * orient[:, None]
        n_pairs = pair.sum(axis=1).astype(np.float64)
        if n_pairs.sum() == 0:
            raise ModelError(
                "the plan record is empty: no series it models (in an assessment, the series "
                "with a target; other indicators' plans do not count) has a year with both a "
                f"plan and an actual or estimate among {panel.years.tolist()}, so the "
                "plan-record model has "
                "nothing to learn from; add the plan rows of past years (kind 'plan') beside "
                "their outcomes, or use another model"
            )
        group = np.asarray(panel.group, dtype=object)
        family = scale_family(panel.codes)

        # --- exact hits: panel -> group -> series (beta-binomial) --------------------------
        if self.point_mass:
            k = exact.sum(axis=1).astype(np.float64)
            p_all = (k.sum() + 1.0) / (n_pairs.sum() + 2.0)
            p_group = np.empty(n)
            for g in np.unique(group):  # loop over groups (few), vectorised over series
                sel = group == g
                p_group[sel] = (k[sel].sum() + self.prior_weight * p_all) / (
                    n_pairs[sel].sum() + self.prior_weight
                )
            conc = _fit_concentration(k, n_pairs, p_group)
            p_exact = (conc * p_group + k) / (conc + n_pairs)
            miss = pair & ~exact
        else:
            k = np.zeros(n)
            p_group = np.zeros(n)
            conc = np.inf
            p_exact = np.zeros(n)
            miss = pair

        # --- non-zero misses: normal / scaled-inverse-chi^2, hyper-parameters per pool -----
        r = miss.sum(axis=1).astype(np.float64)
        dm = np.where(miss, d, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            dbar = np.where(r > 0, dm.sum(axis=1) / np.where(r > 0, r, 1.0), np.nan)
        ss = np.where(miss, (d - np.nan_to_num(dbar)[:, None]) ** 2, 0.0).sum(axis=1)
        z = panel.z
        code, names, source = pools(group, family, r, self.min_misses)
        theta = np.empty((n, 4))
        for j, (key, src) in enumerate(zip(names, source, strict=True)):
            members = code == j
            if key == "all" and len(set(family.tolist())) > 1:
                theta[members] = _fit_mixed_pool(z, family, r, dbar, ss, dm, members,
                                                 panel.ids)
                continue
            c2 = _change_scale2(z[src])
            if not np.isfinite(c2) or c2 <= 0:
                c2 = (float(np.sort((dm[src] ** 2).ravel()).sum() / r[src].sum())
                      if r[src].sum() > 0 else np.nan)
            if not np.isfinite(c2) or c2 <= 0:
                raise ModelError(
                    f"the plan record of pool {key!r} has no non-zero miss and its series no "
                    "year-on-year change: the size of a miss cannot be estimated"
                )
            theta[members] = _fit_pool(r[src], dbar[src], ss[src], c2)
        mun, kn, nun, sn2 = _posterior(r, dbar, ss, theta)
        return FittedPlanRecord(
            panel=panel,
            model=self,
            p_exact=p_exact,
            p_group=p_group,
            concentration=conc,
            bias=orient * mun,
            kappa=kn,
            df=nun,
            sigma2=sn2,
            n_pairs=n_pairs.astype(np.int64),
            n_exact=k.astype(np.int64),
            n_misses=r.astype(np.int64),
            pool=tuple(names[j] for j in code.tolist()),
            prior=np.column_stack(
                [orient * theta[:, 0], np.exp(theta[:, 1]), np.exp(theta[:, 2]),
                 np.exp(theta[:, 3])]
            ),
        )


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedPlanRecord:
    """A :class:`PlanRecord` fitted to a panel (arrays read-only).

    Attributes
    ----------
    panel : Panel
        The data.
    model : PlanRecord
        The spec.
    p_exact : ndarray, shape (n,)
        Probability that the outcome equals the plan exactly, :math:`\\pi_i`.
    p_group : ndarray, shape (n,)
        The series' group hit rate :math:`\\hat p_g`.
    concentration : float
        :math:`m`, pseudo-pairs of the group rate in each series' rate (inf without a point
        mass).
    bias : ndarray, shape (n,)
        Posterior mean non-zero miss on the series' model scale, :math:`o_i \\mu_n` (log ratio
        for ``level``, logit difference for ``percent``, points for ``rate``; negative: below
        the plan).
    kappa, df, sigma2 : ndarray, shape (n,)
        :math:`\\kappa_n`, :math:`\\nu_n`, :math:`s_n^2` (see :class:`PlanRecord`).
    n_pairs, n_exact, n_misses : ndarray of int, shape (n,)
        Pairs, exact hits and non-zero misses (all pairs when ``point_mass=False``).
    pool : tuple of str
        Where each series' continuous hyper-parameters come from: ``"group:<g>"``,
        ``"family:rate"`` / ``"family:log"`` or ``"all"``.
    prior : ndarray, shape (n, 4)
        The pool's ``(mu0, kappa0, nu0, s0^2)``, with :math:`\\mu_0` on the series' model
        scale (the pool's oriented mean miss times the series' plan orientation).
    """

    panel: Panel
    model: PlanRecord
    p_exact: FloatArray
    p_group: FloatArray
    concentration: float
    bias: FloatArray
    kappa: FloatArray
    df: FloatArray
    sigma2: FloatArray
    n_pairs: IntArray
    n_exact: IntArray
    n_misses: IntArray
    pool: tuple[str, ...]
    prior: FloatArray

    def __post_init__(self) -> None:
        freeze_arrays(
            self,
            ("p_exact", "p_group", "bias", "kappa", "df", "sigma2", "n_pairs", "n_exact",
             "n_misses", "prior"),
        )

    @property
    def note(self) -> str:
        """One line for the assessment's notes: how much plan record the forecasts rest on.

        Examples
        --------
        >>> import numpy as np
        >>> import sonla_forecast as sf
        >>> from sonla_forecast.models.base import Panel
        >>> panel = Panel(values=np.array([[100.0, 104.0], [50.0, 52.0]]),
        ...               years=np.array([2023, 2024]), scale=["level", "level"],
        ...               plans=np.array([[np.nan, 104.0], [np.nan, 51.0]]),
        ...               target=np.array([110.0, 55.0]))
        >>> print(sf.models.PlanRecord().fit(panel).note)
        model 'plan_record': learnt from 2 (plan, outcome) pairs of 2 series (1 met exactly,
        1 missed or beaten); with so few misses its spread rests mostly on its weak prior
        """
        n, k = int(self.n_pairs.sum()), int(self.n_exact.sum())
        split = (f"{k} met exactly, {n - k} missed or beaten" if self.model.point_mass
                 else "exact hits not told apart")
        text = (f"model 'plan_record': learnt from {n} (plan, outcome) pairs of "
                f"{int((self.n_pairs > 0).sum())} series ({split})")
        if int(self.n_misses.sum()) < 2 * self.model.min_misses:
            text += "; with so few misses its spread rests mostly on its weak prior"
        mixed = np.array([p == "all" for p in self.pool]) & (self.panel.codes == 2).any() & (
            self.panel.codes != 2).any()
        if mixed.any():
            m = int(mixed.sum())
            text += (f"; {m} series {'takes its' if m == 1 else 'take their'} spread from all "
                     "series pooled, growth rates (points) with log-scale indicators, each in "
                     "units of its own yearly change, a last resort")
        return text

    def forecast(self, horizon: int | IntArray) -> PlanRecordForecast:
        """Predictive distribution of the outcome of each series' plan year.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1); validated, but the forecast does not depend on it (see the
            Notes of :class:`PlanRecord`).

        Returns
        -------
        PlanRecordForecast
        """
        as_int_horizon(horizon, self.panel.n_series)
        codes = self.panel.codes
        zt = to_z(self.panel.target, codes)
        return PlanRecordForecast(
            target=self.panel.target,
            p_exact=self.p_exact,
            loc=zt + self.bias,
            scale=np.sqrt(self.sigma2 * (1.0 + 1.0 / self.kappa)),
            df=self.df,
            codes=codes,
            cap=self.panel.cap,
        )
