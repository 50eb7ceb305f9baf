"""Reference-class model: the change of peers that started from the same level.

In the manner of the World Bank's ``trackr`` (which forecasts an indicator of a country from
the annual changes other countries made when they stood at the same level), this model pools
every observed one-year step (level :math:`z_t`, change :math:`z_{t+1} - z_t`) of all series of
a peer group on the model scale :math:`z = g(x)` of :mod:`sonla_forecast.models.base`, fits
linear quantile regressions of the change on the level, and simulates each series forward
from its last value. See :class:`ReferenceClass` for the equations.

References
----------
World Bank, ``trackr``: SDG progress tracking that forecasts an indicator from the distribution
of annual changes conditioned on the starting level, estimated across countries.
Koenker, R. and Bassett, G. (1978), "Regression quantiles", *Econometrica* 46(1), 33-50.
Chernozhukov, V., Fernández-Val, I. and Galichon, A. (2010), "Quantile and probability curves
without crossing", *Econometrica* 78(3), 1093-1125 (sorting the fitted quantiles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import optimize, sparse, special

from .._text import first_few
from .._typing import FloatArray, IntArray, RngLike, as_generator
from ..errors import InputError, ModelError
from .base import (
    PERCENT_CLIP,
    Panel,
    SampleForecast,
    _natural,
    as_int_horizon,
    draw_rows,
    freeze_arrays,
    pools,
    require_panel,
    scale_family,
)
from .drift import LOG_DEFAULTS, RATE_DEFAULTS

__all__ = ["DEFAULT_LEVELS", "DEFAULT_SEED", "FittedRefClass", "ReferenceClass", "quantreg_lp"]

#: Quantile levels of the regressions: 0.05, 0.10, ..., 0.95.
DEFAULT_LEVELS: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(1, 20))

#: Default seed of the simulation, so that the same call gives the same numbers.
DEFAULT_SEED = 2025
#: A one-year change on the model scale (logit, log, points) this close to 0 is float noise
#: of the regressions, not a move: it is taken as 0.
_NO_CHANGE = 1e-12


def quantreg_lp(level: FloatArray, change: FloatArray, tau: float) -> tuple[float, float]:
    """Linear quantile regression of ``change`` on ``level`` at quantile level ``tau``, by LP.

    Solves :math:`\\min_{a, b} \\sum_j \\rho_\\tau(y_j - a - b x_j)` with the check loss
    :math:`\\rho_\\tau(u) = u (\\tau - 1[u < 0])`, as the linear programme
    :math:`\\min \\tau 1'u^+ + (1 - \\tau) 1'u^-` subject to
    :math:`a + b x_j + u_j^+ - u_j^- = y_j`, :math:`u^\\pm \\ge 0` (HiGHS, deterministic).
    The level is centred before the fit for numerical stability.

    Parameters
    ----------
    level, change : ndarray, shape (m,)
        Regressor and response (model-scale units), ``m >= 1``.
    tau : float
        Quantile level in (0, 1).

    Returns
    -------
    tuple of 2 floats
        Intercept and slope (change per unit of level).

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.refclass import quantreg_lp
    >>> x = np.arange(5.0)
    >>> a, b = quantreg_lp(x, 1.0 + 0.5 * x, 0.5)
    >>> round(a, 6), round(b, 6)
    (1.0, 0.5)
    """
    x = np.asarray(level, dtype=np.float64)
    y = np.asarray(change, dtype=np.float64)
    # The pairs in an order of their own: the solver's path (and, where the optimum is not
    # unique, its vertex) and the centring sum depend on the order, which must not matter.
    order = np.lexsort((y, x))
    x, y = x[order], y[order]
    m = x.shape[0]
    xbar = float(x.mean())
    design = sparse.csr_matrix(np.column_stack([np.ones(m), x - xbar]))
    eye = sparse.identity(m, format="csr")
    a_eq = sparse.hstack([design, eye, -eye], format="csr")
    c = np.concatenate([[0.0, 0.0], np.full(m, tau), np.full(m, 1.0 - tau)])
    bounds = [(None, None), (None, None)] + [(0.0, None)] * (2 * m)
    res = optimize.linprog(c, A_eq=a_eq, b_eq=y, bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - an LP with a feasible point always solves
        raise ModelError(f"quantile regression at tau={tau} failed: {res.message}")
    a0, b = float(res.x[0]), float(res.x[1])
    return a0 - b * xbar, b


def _steps(z: FloatArray) -> tuple[FloatArray, FloatArray, np.ndarray]:
    """(level, change, mask) of every one-year step between consecutive observed years."""
    lev = z[:, :-1]
    chg = z[:, 1:] - z[:, :-1]
    ok = np.isfinite(lev) & np.isfinite(chg)
    return lev, chg, ok


@dataclass(frozen=True, kw_only=True)
class ReferenceClass:
    """Annual change conditioned on the starting level, by quantile regression across peers.

    Parameters
    ----------
    levels : tuple of float, default :data:`DEFAULT_LEVELS` (0.05, 0.10, ..., 0.95)
        Quantile levels of the regressions, strictly increasing in (0, 1), at least two.
    min_group_pairs : int, default 20
        One-year steps a peer group needs to get its own regressions. With fewer the group
        uses the steps of its scale family (``rate`` versus the log-like ``percent``,
        ``level``, ``count``, whose changes are comparable relative changes), and with fewer
        there too the steps of all series.
    min_pairs : int, default 10
        Fewest steps in the whole panel; with fewer ``fit`` raises
        :class:`~sonla_forecast.errors.ModelError`.
    n_draws : int, default 2000
        Simulated paths per series.
    rng : Generator, int or None, default :data:`DEFAULT_SEED` (2025)
        Seed of the simulation. An int makes every ``forecast`` call reproducible (the same
        call gives the same draws); a Generator is consumed; None draws fresh entropy.

    Notes
    -----
    **Steps.** On the model scale, every pair of consecutive observed years of a series gives
    a step :math:`(z_t, \\Delta_t = z_{t+1} - z_t)`; gapped years give no step.

    **Regressions.** For each pool (peer group, else family, else all; see
    ``min_group_pairs``) and each level :math:`\\tau_k`, the linear quantile regression
    :math:`Q_{\\Delta}(\\tau_k \\mid z) = a_k + b_k z` is fitted by LP
    (:func:`quantreg_lp`). At a level :math:`z` the fitted quantiles
    :math:`a_k + b_k z` are sorted in :math:`k` so that they never cross (rearrangement,
    Chernozhukov et al. 2010); this is :meth:`FittedRefClass.step_quantiles`. A level
    outside the pool's starting levels is read at the nearest of them: the regressions are
    not extrapolated (a slope read far outside its data compounds along a path).

    **Simulation.** From the last observed value :math:`z_T` of each series, each path makes
    :math:`h` steps :math:`z \\leftarrow z + F_z^{-1}(U)`, :math:`U \\sim U(0, 1)`, where
    :math:`F_z^{-1}` interpolates the sorted quantiles linearly in :math:`\\tau` and extends
    the first and last segments linearly to :math:`\\tau = 0` and :math:`1` (constant density
    in the tails, so the support of a step is bounded). Paths are clipped to the indicator's
    natural bounds after every step: percentages to
    [:data:`~sonla_forecast.models.base.PERCENT_CLIP`, 100 - ``PERCENT_CLIP``] (not on the
    side where the last observed value already lies nearer the bound than that: the logit keeps
    such a path inside (0, 100)) and counts to [0, cap]; counts are then rounded. The result
    is a :class:`~sonla_forecast.models.base.SampleForecast` of ``n_draws`` draws.

    For ``h = 1`` the quantiles of the forecast are known in closed form:
    :math:`z_T + F_{z_T}^{-1}(\\tau)` (mapped back by :math:`g^{-1}`), which the draws
    approximate.

    The pooled regressions carry no parameter uncertainty and ignore which series a step came
    from (as in ``trackr``): every peer's step counts once. The model is meant for peers that
    measure the same thing (one indicator across regions); in a one-region table the peer group
    is a scale, so the steps of unrelated indicators form one distribution and the intervals are
    as wide as those indicators' changes differ (Sơn La 2025: GRDP per capita, 57.6 in 2024, has
    a median of 60.8 and an 80% interval of 51.9-95.2). A peer group that mixes a growth rate
    (points) with log-like scales (one region writing GRDP growth as an index) is two pools,
    one per scale family. Pooling all series is
    a last resort; where they mix the two families, which do not compare, each series takes a
    normal step around its family's mean step (0 for growth rates, which have no trend to
    carry forward), with the family's spread shrunk toward the drift model's prior spread of
    the family, not conditioned on the level.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> g = np.random.default_rng(0)
    >>> x = 50.0 + np.cumsum(g.normal(1.0, 1.0, (8, 5)), axis=1)
    >>> panel = Panel(values=x, years=np.arange(2020, 2025), scale=("percent",) * 8)
    >>> fc = sf.models.ReferenceClass(n_draws=500).fit(panel).forecast(1)
    >>> q = fc.quantiles([0.1, 0.5, 0.9])
    >>> bool(((q > 0) & (q < 100)).all() and (q[:, 0] <= q[:, 2]).all())
    True
    """

    name: ClassVar[str] = "refclass"
    levels: tuple[float, ...] = field(default=DEFAULT_LEVELS)
    min_group_pairs: int = 20
    min_pairs: int = 10
    n_draws: int = 2000
    rng: RngLike = DEFAULT_SEED

    def __post_init__(self) -> None:
        lv = np.asarray(self.levels, dtype=np.float64)
        if (
            lv.ndim != 1
            or lv.size < 2
            or (lv <= 0).any()
            or (lv >= 1).any()
            or (np.diff(lv) <= 0).any()
        ):
            raise InputError(
                "levels must be at least two strictly increasing numbers in (0, 1), got "
                f"{self.levels!r}",
                column="levels",
            )
        object.__setattr__(self, "levels", tuple(float(v) for v in lv))
        as_generator(self.rng)  # a bad seed is refused here, not at the first fit
        for name, lo in (("min_group_pairs", 1), ("min_pairs", 1), ("n_draws", 1)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < lo:
                raise InputError(f"{name} must be a whole number >= {lo}, got {v!r}", column=name)

    def fit(self, panel: Panel) -> FittedRefClass:
        """Fit the quantile regressions of each pool (a few LPs per pool, not per series).

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale.

        Returns
        -------
        FittedRefClass

        Raises
        ------
        ModelError
            If a series has no observation, or the panel has fewer than ``min_pairs``
            one-year steps.
        """
        require_panel(panel)
        empty = panel.n_obs == 0
        if empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise ModelError(f"series {panel.ids[i]!r} has no observation; nothing to forecast")
        n = panel.n_series
        z = panel.z
        lev, chg, ok = _steps(z)
        per_series = ok.sum(axis=1)
        total = int(per_series.sum())
        if total < self.min_pairs:
            raise ModelError(
                f"the panel has {total} one-year step(s) (pairs of consecutive observed years) "
                f"over all series; the reference-class model needs at least {self.min_pairs}"
            )
        group = np.asarray(panel.group, dtype=object)
        family = scale_family(panel.codes)
        code, names, source = pools(group, family, per_series.astype(np.float64),
                                    self.min_group_pairs)
        taus = np.asarray(self.levels)
        intercept = np.empty((n, taus.size))
        slope = np.empty((n, taus.size))
        low = np.full(n, -np.inf)
        high = np.full(n, np.inf)
        n_pairs = np.empty(n, dtype=np.int64)
        for j, (key, src) in enumerate(zip(names, source, strict=True)):  # len(levels) LPs each
            members = code == j
            if key == "all" and len(set(family.tolist())) > 1:
                intercept[members], slope[members], n_pairs[members] = _mixed_step_quantiles(
                    chg, ok, family, members, taus)
                continue
            m = np.zeros_like(ok)
            m[src] = ok[src]
            x, y = lev[m], chg[m]
            coef = np.array([quantreg_lp(x, y, float(t)) for t in taus])
            # Adjacent levels often share one line (the same vertex of the LP), solved twice
            # to float noise: made one, their draws tie exactly (a mass of the predictive the
            # tie rules then see), not 1e-14 apart.
            for k in range(1, taus.size):
                if np.allclose(coef[k], coef[k - 1], rtol=1e-9, atol=1e-12):
                    coef[k] = coef[k - 1]
            intercept[members] = coef[:, 0]
            slope[members] = coef[:, 1]
            low[members], high[members] = float(x.min()), float(x.max())
            n_pairs[members] = int(m.sum())
        last = z[np.arange(n), panel.last_index]
        return FittedRefClass(
            panel=panel,
            model=self,
            last=last,
            intercept=intercept,
            slope=slope,
            low=low,
            high=high,
            n_pairs=n_pairs,
            pool=tuple(names[j] for j in code.tolist()),
        )


def _mixed_step_quantiles(
    chg: FloatArray, ok: np.ndarray, family: np.ndarray, members: np.ndarray, taus: FloatArray
) -> tuple[FloatArray, FloatArray, int]:
    """Step quantiles (intercept, slope) of the ``members`` of a last-resort pool of all series
    that mixes growth rates (points) with log-like scales, and the number of steps pooled.

    Each family's steps are too few for a shape of their own (that is why they came here) and
    do not compare with the other family's, so the pool gives each member a normal step around
    its family's mean step (0 for growth rates, whose changes have no trend to carry forward)
    with the family's spread shrunk toward the drift model's prior spread of the family,
    :math:`\\sigma_f^2 = (\\nu_0 s_0^2 + \\sum (\\Delta - m_f)^2) / (\\nu_0 + n_f - 1)`
    (:data:`~sonla_forecast.models.drift.LOG_DEFAULTS`, ``RATE_DEFAULTS``; the prior alone for
    a family without a step): never 0, not widened by a trend, not narrowed by steps that are
    alike, and not conditioned on the level (slope 0). Pooled as they were, one growth rate
    among levels got the levels' log steps in points (Sơn La's GRDP growth, 0.75 then 6.3: an
    80% interval of 6.20 to 6.61), and levels a rate's points on the log scale (an export value
    of 198 to 6.6 to 10,998); an empirical shape of steps scaled family by family let rounding
    noise in one family's alike steps set everyone's shape.
    """
    mean = np.zeros(len(family))
    spread = np.empty(len(family))
    for fam in dict.fromkeys(family.tolist()):
        sel = family == fam
        steps = np.sort(chg[ok & sel[:, None]])  # sorted: the rows' order must not matter
        prior = (RATE_DEFAULTS if fam == "rate" else LOG_DEFAULTS).hyper
        nu0, s02 = float(np.exp(prior[2])), float(np.exp(prior[3]))
        m = float(steps.mean()) if steps.size else 0.0
        ss = float(np.sort((steps - m) ** 2).sum())
        mean[sel] = m
        spread[sel] = np.sqrt((nu0 * s02 + ss) / (nu0 + max(steps.size - 1, 0)))
    q = special.ndtri(taus)
    location = np.where(family[members] == "rate", 0.0, mean[members])
    u = spread[members]
    return (location[:, None] + u[:, None] * q[None, :],
            np.zeros((int(members.sum()), taus.size)), int(ok.sum()))


def _z_bounds(
    codes: IntArray, cap: FloatArray, last: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Model-scale bounds per series: percent clip (none on the side where the last value
    ``last``, on the model scale, already lies at or beyond it: the logit alone keeps such a path
    inside (0, 100)), counts in [0, cap], else unbounded."""
    lo = np.full(codes.shape, -np.inf)
    hi = np.full(codes.shape, np.inf)
    pct = codes == 0
    z_lo, z_hi = special.logit(PERCENT_CLIP / 100.0), special.logit(1.0 - PERCENT_CLIP / 100.0)
    lo[pct] = np.where(last[pct] <= z_lo + 1e-9, -np.inf, z_lo)  # 1e-9: 0.01 / 100 rounds
    hi[pct] = np.where(last[pct] >= z_hi - 1e-9, np.inf, z_hi)
    cnt = codes == 3
    lo[cnt] = 0.0
    capped = cnt & ~np.isnan(cap)
    hi[capped] = np.log1p(np.maximum(cap[capped], 0.0))
    return lo, hi


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedRefClass:
    """A :class:`ReferenceClass` fitted to a panel (arrays read-only).

    Attributes
    ----------
    panel : Panel
        The data.
    model : ReferenceClass
        The spec.
    last : ndarray, shape (n,)
        Last observed value per series on the model scale.
    intercept, slope : ndarray, shape (n, len(levels))
        The series' pool's quantile-regression coefficients :math:`a_k, b_k` (model-scale
        units; the slope is change per unit of level).
    low, high : ndarray, shape (n,)
        Lowest and highest starting level of the steps in the series' pool (model scale;
        infinite for a pool whose steps are not conditioned on the level): the regressions are
        read at a level held within them.
    n_pairs : ndarray of int, shape (n,)
        Steps in the series' pool.
    pool : tuple of str
        Where each series' regressions come from: ``"group:<g>"``, ``"family:rate"`` /
        ``"family:log"`` or ``"all"``.
    """

    panel: Panel
    model: ReferenceClass
    last: FloatArray
    intercept: FloatArray
    slope: FloatArray
    low: FloatArray
    high: FloatArray
    n_pairs: IntArray
    pool: tuple[str, ...]

    def __post_init__(self) -> None:
        freeze_arrays(self, ("last", "intercept", "slope", "low", "high", "n_pairs"))

    @property
    def note(self) -> str:
        """One line for the assessment's notes when some series' reference class is not one
        indicator across regions (``""`` otherwise): a one-region table's peer group is a scale,
        and a peer group with too few one-year steps is pooled with its scale family (or all)."""
        one_region = sum(p.partition(":")[2] == s and p.startswith("group:")
                         for p, s in zip(self.pool, self.panel.scale, strict=True))
        which = [i for p, i in zip(self.pool, self.panel.ids, strict=True)
                 if not p.startswith("group:")]
        pooled = len(which)
        parts = []
        if one_region:
            parts.append(f"{one_region} series have as peers the table's other indicators of "
                         "their scale (no other region)")
        if pooled:
            parts.append(f"{pooled} series ({first_few(which)}) have fewer than "
                         f"{self.model.min_group_pairs} one-year steps among their peers and "
                         "take the steps of every indicator of their scale family (or of all)")
        if not parts:
            return ""
        return (f"model 'refclass' (of {len(self.pool)} series): " + "; ".join(parts)
                + ", so their intervals span how differently those indicators moved")

    def step_quantiles(self, level: FloatArray) -> FloatArray:
        """Sorted conditional quantiles of a one-year change at ``level``, per series.

        Parameters
        ----------
        level : ndarray, shape (n,) or (n, d)
            Starting level(s) on the model scale.

        Returns
        -------
        ndarray, shape (n, len(levels)) or (n, d, len(levels))
            :math:`a_k + b_k z`, sorted along the last axis (model-scale units), with
            :math:`z` held within the pool's levels [``low``, ``high``].
        """
        z = np.asarray(level, dtype=np.float64)
        a, b, lo, hi = self.intercept, self.slope, self.low, self.high
        if z.ndim == 2:
            a, b, lo, hi = a[:, None, :], b[:, None, :], lo[:, None], hi[:, None]
        # not extrapolated beyond the levels the regressions saw: a slope read far outside
        # them compounds step after step (a level that leapt from 104 to 100,000 among
        # slower peers drew paths that overflowed to inf within ten years)
        z = np.clip(z, lo, hi)
        return np.sort(a + b * z[..., None], axis=-1)

    def _inverse(self, q: FloatArray, u: FloatArray) -> FloatArray:
        """Piecewise-linear inverse cdf through (levels, q), tails extended linearly."""
        taus = np.asarray(self.model.levels)
        k = np.clip(np.searchsorted(taus, u, side="right") - 1, 0, taus.size - 2)
        t0, t1 = taus[k], taus[k + 1]
        q0 = np.take_along_axis(q, k[..., None], axis=-1)[..., 0]
        q1 = np.take_along_axis(q, (k + 1)[..., None], axis=-1)[..., 0]
        return q0 + (u - t0) * (q1 - q0) / (t1 - t0)

    def forecast(self, horizon: int | IntArray, rng: RngLike = None) -> SampleForecast:
        """Simulated outcomes ``horizon`` years after each series' last observation.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1).
        rng : Generator, int or None, optional
            Overrides the spec's ``rng`` for this call.

        Returns
        -------
        SampleForecast
            ``n_draws`` draws per series on the natural scale.
        """
        n = self.panel.n_series
        h = as_int_horizon(horizon, n)
        g = as_generator(self.model.rng if rng is None else rng)
        d = self.model.n_draws
        codes = self.panel.codes
        lo, hi = _z_bounds(codes, self.panel.cap, self.last)
        z = np.broadcast_to(self.last[:, None], (n, d)).copy()
        out = np.empty((n, d))
        rows = draw_rows(self.panel)
        for step in range(1, int(h.max()) + 1):  # loop over steps, vectorised over series x draws
            u = g.random((n, d))[rows]
            change = self._inverse(self.step_quantiles(z), u)
            # peers that did not move give a change of 0 up to the float noise of a_k + b_k z
            # (1e-16): 0, so that a flat series' draws hold one value, not a cloud of ulps
            change[np.abs(change) <= _NO_CHANGE] = 0.0
            z = np.clip(z + change, lo[:, None], hi[:, None])
            done = h == step
            out[done] = z[done]
        x = _natural(out, codes, self.panel.cap)
        # a path that ends where it started is the last value itself, not its round trip
        # through the model scale (exp(log 5) is 4.999999999999999: a flat series would miss
        # a target of 5 with certainty)
        stayed = out == self.last[:, None]
        x[stayed] = np.broadcast_to(self.panel.last_value[:, None], x.shape)[stayed]
        return SampleForecast(samples=x, codes=codes, cap=self.panel.cap)
