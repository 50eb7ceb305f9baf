"""Drafting targets: the value that would be met with a chosen probability.

A planner drafting next year's resolution asks the question of :func:`sonla_forecast.assess`
backwards: *which target would we meet with a 70% chance?* For an indicator where higher is
better that is the 30% quantile of the predicted outcome; where lower is better, the 70%
quantile. :func:`targets_for_probability` answers it for every indicator at once (one model
fit for the whole table), next to the plan already adopted when the table has one;
:func:`target_for_probability` answers it for one indicator.

Neither needs a plan for the year: the model is fitted to the history before the year
directly (:func:`sonla_forecast.assess.build_panel`), and the input table is not changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from types import MappingProxyType
from typing import Any, cast

import numpy as np
import pandas as pd

from ._typing import FloatArray
from .assess import (
    _join,
    as_table,
    model_threshold,
    nowcast,
    settled_so_far,
    target_panel,
    target_rules,
    unmodellable,
    year_to_date,
)
from .errors import InputError
from .models import DEFAULT_MODEL, PLAN_CONDITIONED_MODELS, get_model, plan_conditioned
from .models.base import Forecast, TrajectoryModel
from .table import IndicatorTable, check_year, find_name

__all__ = [
    "PLAN_CONDITIONED_MODELS",
    "PROBABILITY_MIN",
    "TARGETS_COLUMNS",
    "target_for_probability",
    "targets_for_probability",
]


#: Columns of :func:`targets_for_probability`, in order, with their meaning.
TARGETS_COLUMNS: Mapping[str, str] = MappingProxyType({
    "region": "province or other unit ('' where the table names none)",
    "indicator_id": "stable snake_case id",
    "name_vi": "name as printed in the source",
    "unit": "unit as printed",
    "direction": "higher, lower or band",
    "baseline_year": "year of the latest actual or estimate before the year",
    "baseline": "that value (unit)",
    "plan": "the table's plan for the year (unit; NaN when it has none)",
    "target_at_probability": "the target met with the requested probability (unit): the "
    "(1 - p) quantile of the predicted outcome for higher, the p quantile for lower; counts "
    "rounded to a whole number in the safe direction",
    "requested_probability": "the probability asked for (0-1; not assess's probability of the "
    "plan, which is probability_of_plan)",
    "probability_achieved": "probability of meeting target_at_probability (0-1): equal to "
    "the request except for counts, for simulated forecasts (refclass) whose draws tie at "
    "that value, for a flow floored at its year-to-date figure, and for a percentage whose "
    "target is its bound, 100 (0), because the target found lies beyond the threshold at which "
    "the bound is judged, where it is at least the request",
    "probability_of_plan": "probability of meeting the plan, as sf.assess computes it (0-1; "
    "NaN when there is no plan, and for a multi-year target, whose probability assess gives, "
    "as its reason says)",
    "model": "trajectory model ('' where none ran: the reason says why)",
    "reason": "why a number is undefined, or how a partial-year figure of the year updated "
    "the forecast, as in sf.assess ('' if none)",
    "note": "'' or a warning about target_at_probability: it lets the indicator move against "
    "its direction (below the baseline for higher, above it for lower; not for growth rates)",
})


#: The probabilities a target can be drafted for: [PROBABILITY_MIN, 1 - PROBABILITY_MIN].
#: Beyond them a forecast's far tail decides (a model fitted to a few points says nothing
#: there), and its quantiles overflow.
PROBABILITY_MIN = 1e-6


def _check_probability(probability: Any) -> float:
    if (
        isinstance(probability, bool)
        or not isinstance(probability, (int, float, np.floating))
        or not PROBABILITY_MIN <= float(probability) <= 1.0 - PROBABILITY_MIN
    ):
        raise InputError(
            f"probability must be a number from {PROBABILITY_MIN:g} to {1 - PROBABILITY_MIN:g}, "
            f"got {probability!r} (e.g. 0.7 for a 70% chance of meeting the target; further "
            "out, the forecast's far tail, which a few points cannot tell, would decide)",
            column="probability",
            value=probability,
        )
    return float(probability)


def _one_sided_target(
    fc: Forecast, p: float, direction: np.ndarray, scale: np.ndarray, latest: np.ndarray
) -> tuple[FloatArray, FloatArray]:
    """Target met with probability ``p`` per series, and the probability actually achieved.

    ``higher``: the (1 - p) quantile; ``lower``: the p quantile. Counts: the largest whole k
    with P(X >= k) >= p (``higher``) or the smallest with P(X <= k) >= p (``lower``). A
    percentage whose ``latest`` figure is at its bound (100 for ``higher``, 0 for ``lower``):
    :func:`~sonla_forecast.assess.model_threshold` reads every target within
    :data:`~sonla_forecast.models.base.PERCENT_CLIP` of the bound at that distance, so such a
    target is the bound itself, met with that probability (at least ``p``; the caller reads it
    as ``assess`` would, at the table's printed precision).
    """
    is_count = scale == "count"
    hi = direction == "higher"
    q = fc.quantiles([1.0 - p, p])
    target = np.where(hi, q[:, 0], q[:, 1])
    if is_count.any():
        offsets = np.arange(-3.0, 4.0)
        base = np.where(hi, np.floor(target), np.ceil(target))
        cand = base[:, None] + offsets[None, :]  # (n, 7), ascending
        cdf_below = fc.cdf(cand - 1.0)  # P(X <= k - 1)
        cdf_at = fc.cdf(cand)  # P(X <= k)
        ok_hi = (1.0 - cdf_below >= p - 1e-12) & (cand >= 0)
        ok_lo = (cdf_at >= p - 1e-12) & (cand >= 0)
        last_hi = np.where(ok_hi.any(axis=1), ok_hi.shape[1] - 1 - ok_hi[:, ::-1].argmax(axis=1), 0)
        first_lo = np.where(ok_lo.any(axis=1), ok_lo.argmax(axis=1), ok_lo.shape[1] - 1)
        pick = np.where(hi, last_hi, first_lo)
        counted = cand[np.arange(len(cand)), pick]
        target = np.where(is_count, np.maximum(counted, 0.0), target)
    side = np.where(hi, "higher", "lower")
    # where assess would read the target nearer than itself, it reads it at the bound
    at_bound = ~np.isnan(target) & (model_threshold(target, target, scale, side, latest)
                                    != target)
    target = np.where(at_bound, np.where(hi, 100.0, 0.0), target)
    return target, fc.prob_meets(target, side)


def _draft(tbl: IndicatorTable, year: int, p: float, model: str | TrajectoryModel
           ) -> pd.DataFrame:
    spec = get_model(model)
    if plan_conditioned(spec):
        raise InputError(
            f"model {spec.name!r} builds its forecast around the plan being assessed, so it cannot "
            "say which target has a given probability; use 'drift', 'combination', 'naive', "
            "'ets' or 'refclass'",
            column="model",
            value=model,
        )
    ind = tbl.indicators()
    obs = tbl.observations()
    hist = obs[obs["year"] < year]
    if hist.empty:
        first = int(obs["year"].min()) if len(obs) else None
        raise InputError(
            f"no actual or estimate before {year}: "
            + (f"the table's observations start in {first}; choose a later year"
               if first is not None else "the table has plans only; add the actuals or "
               "estimates of earlier years"),
            column="target_year",
            value=year,
        )
    idx = pd.MultiIndex.from_frame(ind[["region", "indicator_id"]])
    g = hist.groupby(["region", "indicator_id"], sort=False)
    last = g.last()
    n_hist = g.size().reindex(idx).fillna(0).to_numpy(dtype=np.int64)
    b = last["value"].reindex(idx).to_numpy(dtype=np.float64, na_value=np.nan)
    b_year = last["year"].reindex(idx).to_numpy(dtype=np.float64, na_value=np.nan)
    plans = tbl.targets(year).set_index(["region", "indicator_id"])["value"]
    plan = plans.reindex(idx).to_numpy(dtype=np.float64, na_value=np.nan)
    direction = ind["direction"].to_numpy(dtype=object)
    scale = ind["scale"].to_numpy(dtype=object)
    n = len(ind)

    reason = np.full(n, "", dtype=object)
    reason[n_hist == 0] = f"no actual or estimate before {year}"
    reason[n_hist == 1] = "one observation only: the model needs at least two"
    is_multi = np.array([k in tbl.multi_year_series for k in
                         zip(ind["region"], ind["indicator_id"], strict=True)], dtype=bool)
    reason[is_multi] = ("a multi-year target (aggregate): the targets here are for one year; "
                        "assess gives the multi-year target's probability")
    usable = (n_hist >= 2) & ~is_multi
    target = np.full(n, np.nan)
    achieved = np.full(n, np.nan)
    p_plan = np.full(n, np.nan)
    if usable.any():
        # One fit for every series a model can take (the pooled models share strength across
        # them): the panel assess fits for the same year, whichever indicators have a plan.
        panel, last_year = target_panel(tbl, ind[usable], hist, year, target=plan[usable])
        why_not, excluded = unmodellable(panel, scale[usable])
        reason[usable] = why_not  # usable rows have no reason yet
        usable[np.flatnonzero(usable)[excluded]] = False
        if excluded.any() and usable.any():  # the kept series alone: peer groups depend on them
            panel, last_year = target_panel(tbl, ind[usable], hist, year, target=plan[usable])
    if usable.any():
        fc = spec.fit(panel).forecast((year - last_year).astype(np.int64))
        # A partial-year figure of the year updates the forecast, as in assess.
        fc, _, _, why, _ = nowcast(fc, tbl, ind[usable].reset_index(drop=True), year)
        reason[usable] = _join(reason[usable], why)
        d_u = direction[usable]
        one_sided = d_u != "band"
        t_u = np.full(int(usable.sum()), np.nan)
        a_u = np.full(int(usable.sum()), np.nan)
        if one_sided.any():
            tt, aa = _one_sided_target(fc, p, d_u, scale[usable], panel.last_value)
            t_u[one_sided], a_u[one_sided] = tt[one_sided], aa[one_sided]
            # A percentage's target at or beyond the threshold at which its bound is judged
            # (99.9866 beside a history at 100 printed with one decimal: 100 is met from
            # 99.95) is the bound, met at least as often: 99.99 had been offered where the
            # plan of 100 had P 0.87.
            edge = np.where(d_u == "lower", 0.0, 100.0)
            thr_edge, _ = target_rules(tbl, ind[usable].assign(value=edge), year=year)
            with np.errstate(invalid="ignore"):
                reach = one_sided & (scale[usable] == "percent") & np.where(
                    d_u == "lower", t_u <= thr_edge, t_u >= thr_edge)
            t_u = np.where(reach, edge, t_u)
            # the bound is met as assess reads a plan of 100 (0): at that threshold
            if reach.any():
                at = model_threshold(thr_edge, edge, scale[usable], d_u, panel.last_value)
                # those rows alone: a band row has no one-sided probability (nor a tolerance)
                a_u[reach] = fc.take(np.flatnonzero(reach)).prob_meets(at[reach], d_u[reach])
        target[usable], achieved[usable] = t_u, a_u
        # Probability of the adopted plan, by assess()'s rules (printed precision, band width).
        plan_u = plan[usable]
        has_plan = ~np.isnan(plan_u)
        thr, tol = target_rules(tbl, ind[usable].assign(value=np.nan_to_num(plan_u)),
                                year=year)
        pp = fc.prob_meets(model_threshold(thr, np.nan_to_num(plan_u), scale[usable], d_u,
                                           panel.last_value), d_u, tol)
        p_plan[usable] = np.where(has_plan, pp, np.nan)
    # Without a forecast, a flow's year-to-date figure can still settle the plan, as in assess.
    open_ = ~usable & ~is_multi & ~np.isnan(plan)
    if open_.any() and not tbl.partials(year).empty:
        rows = ind[open_].reset_index(drop=True)
        period, _, floor = year_to_date(tbl, rows, year)
        thr, tol = target_rules(tbl, rows.assign(value=plan[open_]), year=year)
        settled, why = settled_so_far(floor, period, direction[open_], thr, tol, plan[open_])
        at = np.flatnonzero(open_)[settled]
        p_plan[at] = np.where(direction[at] == "higher", 1.0, 0.0)
        reason[at] = _join(reason[at], why[settled])
    note = np.full(n, "", dtype=object)
    with np.errstate(invalid="ignore"):
        # A growth rate below last year's is a slower rise, not a move against the direction.
        behind = (scale != "rate") & np.where(direction == "higher", target < b, target > b)
    word = np.where(direction == "higher", "below", "above")
    for i in np.flatnonzero(behind):
        note[i] = (
            f"{word[i]} the {int(b_year[i])} value: a target met with probability {p:g} "
            "allows the indicator to move against its direction"
        )
    band = usable & (direction == "band")
    reason[band] = (
        "band target (a share to stay near): no one-sided target has a given "
        "probability; see probability_of_plan"
    )

    return pd.DataFrame(
        {
            "region": ind["region"].to_numpy(),
            "indicator_id": ind["indicator_id"].to_numpy(),
            "name_vi": ind["name_vi"].to_numpy(),
            "unit": ind["unit"].to_numpy(),
            "direction": direction,
            "baseline_year": pd.array(b_year, dtype="Int64"),
            "baseline": b,
            "plan": plan,
            "target_at_probability": target,
            "requested_probability": p,
            "probability_achieved": achieved,
            "probability_of_plan": p_plan,
            # as in assess: '' where no model ran (one observation, a multi-year target)
            "model": np.where(usable, spec.name, ""),
            "reason": reason,
            "note": note,
        }
    )


def targets_for_probability(
    table: IndicatorTable | pd.DataFrame | str | PathLike[str],
    target_year: int,
    probability: float = 0.7,
    *,
    model: str | TrajectoryModel = DEFAULT_MODEL,
) -> pd.DataFrame:
    """For every indicator, the target that would be met with the given probability.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or path
        The indicator table; its actuals and estimates before ``target_year`` are the
        history. A plan for ``target_year`` is optional (shown beside the answer when present).
    target_year : int
        The year the targets are for (calendar year).
    probability : float, default 0.7
        Wanted probability of meeting the target, from 1e-6 to 1 - 1e-6
        (:data:`PROBABILITY_MIN`).
    model : str or model spec, default "drift"
        Trajectory model (not a plan-conditioned one, see :data:`PLAN_CONDITIONED_MODELS`); a
        spec carries its own hyper-parameters (``sf.models.PooledDrift(damping=0.5)``).

    Returns
    -------
    DataFrame
        One row per (region, indicator_id), in table order; columns (see
        :data:`TARGETS_COLUMNS`): ``region``, ``indicator_id``, ``name_vi``, ``unit``,
        ``direction``, ``baseline_year``, ``baseline`` (unit), ``plan`` (unit, NaN if none),
        ``target_at_probability`` (unit; NaN for ``band`` indicators and indicators with fewer
        than two observations, ``reason`` says which), ``requested_probability``,
        ``probability_achieved``, ``probability_of_plan`` (as :func:`sonla_forecast.assess`
        computes it), ``model``, ``reason``, ``note`` (a target that lets the indicator move
        against its direction, as a high ``probability`` can give, is flagged).

    Raises
    ------
    InputError
        If ``probability`` is not in [1e-6, 1 - 1e-6], ``target_year`` is not a whole year,
        the table has no observation before ``target_year``, or the model is unknown or
        plan-conditioned.

    See Also
    --------
    target_for_probability : one indicator.
    sonla_forecast.assess : the probability of a given target.

    Notes
    -----
    With :math:`F` the predictive distribution of the outcome in ``target_year`` (fitted to
    the history before it, horizon ``target_year`` minus the baseline year), the target met with
    probability :math:`p` is

    .. math::

        T_p = F^{-1}(1 - p) \\ \\text{(higher)}, \\qquad T_p = F^{-1}(p) \\ \\text{(lower)},

    so :math:`P(X \\ge T_p) = p` or :math:`P(X \\le T_p) = p`. A higher :math:`p` gives a less
    ambitious target. For counts (whole numbers) :math:`T_p` is the largest whole :math:`k`
    with :math:`P(X \\ge k) \\ge p` (``higher``) or the smallest with :math:`P(X \\le k) \\ge p`
    (``lower``), and ``probability_achieved`` reports :math:`P` at that :math:`k`; so it
    does for a simulated forecast (``refclass``) whose draws hold a mass at :math:`T_p`
    (peers that did not move), where :math:`P` jumps past :math:`p`. A printed
    target is judged at its printed precision (:func:`sonla_forecast.assess.met_threshold`):
    printing :math:`T_p` rounded to the indicator's decimals changes the probability by at most
    the density times half a unit of the last decimal, and not below :math:`p`: the rounded
    target is met from half a unit beyond it, at or before :math:`T_p` (on the Sơn La 2025
    table, the 30 one-sided targets rounded at p = 0.3, 0.5, 0.8 and 0.95 were each assessed
    at least p).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.targets import targets_for_probability
    >>> d = targets_for_probability(sf.load_sonla_2025(), 2025, 0.7)
    >>> len(d)
    34
    >>> row = d.set_index("indicator_id").loc["poverty_rate"]
    >>> bool(row.target_at_probability > row.plan)  # a 70%-safe poverty target is less ambitious
    True
    """
    p = _check_probability(probability)
    y = check_year(target_year, "target_year")
    return _draft(as_table(table), y, p, model)


def target_for_probability(
    table: IndicatorTable | pd.DataFrame | str | PathLike[str],
    indicator_id: str | tuple[str, str],
    target_year: int,
    probability: float = 0.7,
    *,
    model: str | TrajectoryModel = DEFAULT_MODEL,
    region: str | None = None,
) -> float:
    """The target for one indicator that would be met with the given probability.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or path
        The indicator table (history before ``target_year``; a plan for ``target_year`` is not
        needed).
    indicator_id : str or (region, indicator_id)
        The indicator; or a ``(region, indicator_id)`` pair, as an assessment is indexed.
    target_year : int
        The year the target is for.
    probability : float, default 0.7
        Wanted probability of meeting the target, from 1e-6 to 1 - 1e-6
        (:data:`PROBABILITY_MIN`).
    model : str or model spec, default "drift"
        Trajectory model.
    region : str, optional
        Needed only when ``indicator_id`` is in several regions.

    Returns
    -------
    float
        The target (the indicator's unit). For counts a whole number whose probability is at
        least ``probability`` (:func:`targets_for_probability` reports the exact value).

    Raises
    ------
    InputError
        Unknown indicator or region (the message lists the valid ones), a ``band`` indicator,
        fewer than two observations before ``target_year``, a ``probability`` outside
        [1e-6, 1 - 1e-6], or a year with no history before it.

    See Also
    --------
    targets_for_probability : every indicator at once, with the formulas.

    Notes
    -----
    The model is fitted to every indicator of the table at once (the pooled models share
    information across indicators), so the answer agrees with
    :func:`targets_for_probability` and with :func:`sonla_forecast.assess` of that target.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.targets import target_for_probability
    >>> t = sf.load_sonla_2025()
    >>> safe = target_for_probability(t, "grdp_per_capita", 2025, 0.7)
    >>> bold = target_for_probability(t, "grdp_per_capita", 2025, 0.3)
    >>> 57.6 < safe < bold  # million VND per person; baseline 57.6 in 2024
    True
    """
    p = _check_probability(probability)
    y = check_year(target_year, "target_year")
    pair_region = None
    if isinstance(indicator_id, tuple):
        if len(indicator_id) != 2:
            raise InputError(f"expected an indicator id or a (region, indicator_id) pair, got "
                             f"{indicator_id!r}", column="indicator_id", value=indicator_id)
        pair_region, indicator_id = indicator_id
    tbl = as_table(table)
    ind = tbl.indicators()
    # names as the table holds them, as indexing an assessment finds them (find_name: typed
    # with decomposed diacritics, "Hoà Bình" for "Hòa Bình")
    indicator_id = cast(str, find_name(indicator_id, ind["indicator_id"]))
    if pair_region is not None:
        if region is not None and (find_name(region, ind["region"])
                                   != find_name(pair_region, ind["region"])):
            raise InputError(f"region {region!r} differs from the pair's {pair_region!r}",
                             column="region", value=region)
        region = pair_region
    if region is not None:
        region = find_name(region, ind["region"])
    valid = list(dict.fromkeys(ind["indicator_id"]))
    if indicator_id not in valid:
        raise InputError(
            f"unknown indicator {indicator_id!r}; the table has: {', '.join(valid)}",
            column="indicator_id",
            value=indicator_id,
        )
    regions = ind.loc[ind["indicator_id"] == indicator_id, "region"].tolist()
    if region is None:
        if len(regions) > 1:
            raise InputError(
                f"indicator {indicator_id!r} is in several regions "
                f"({', '.join(regions)}); pass region=",
                column="region",
            )
        region = regions[0]
    elif region not in regions:
        raise InputError(
            f"indicator {indicator_id!r} has no region {region!r}; it has "
            f"{', '.join(map(repr, regions))}",
            column="region",
            value=region,
        )
    rows = ind.index[(ind["indicator_id"] == indicator_id) & (ind["region"] == region)]
    direction = ind.loc[rows[0], "direction"]
    if direction == "band":
        raise InputError(
            f"indicator {indicator_id!r} has direction 'band' (a share to stay near a value): "
            "there is no one-sided target with a given probability; assess a band with "
            "sf.assess instead",
            column="direction",
            value=direction,
        )
    frame = _draft(tbl, y, p, model)
    rec = frame.iloc[int(rows[0])]
    if np.isnan(rec["target_at_probability"]):
        raise InputError(
            f"cannot find the {y} value of {indicator_id!r} met with probability {p:g}: "
            f"{rec['reason']}",
            row=indicator_id,
            value=y,
        )
    return float(rec["target_at_probability"])
