"""Orchestration: :func:`assess` composes the table, the growth math and a trajectory model."""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

import numpy as np
import pandas as pd
from scipy import special

from . import growth
from ._text import first_few
from ._typing import SCALES, RngLike, as_generator
from .audit import AuditReport
from .audit import audit as _audit_frames
from .errors import InputError, ModelError, real_option
from .io.numbers import EXACT_RTOL, printed_decimals, round_half_up
from .io.read import Resolution
from .models import DEFAULT_MODEL, MixtureForecast, get_model, plan_conditioned
from .models.base import (
    PERCENT_CLIP,
    FlooredForecast,
    Forecast,
    Panel,
    StackedForecast,
    TrajectoryModel,
    to_z,
)
from .results import Assessment
from .table import (
    IndicatorTable,
    _folded,
    _latest_date,
    _read_table,
    _same_name_key,
    _unit_magnitude,
    check_year,
    fold,
    is_points_unit,
    read_table,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .results import BacktestResult

__all__ = [
    "AGGREGATE_DRAWS",
    "AGGREGATE_SEED",
    "BAND_TOLERANCE_PERCENT",
    "BAND_TOLERANCE_RELATIVE",
    "BASELINES",
    "GROWTH_COLUMNS",
    "SIGNIFICANT_DIGITS",
    "STATUS_DECIMALS",
    "STATUS_THRESHOLDS",
    "PlansMet",
    "as_table",
    "assess",
    "audit",
    "backtest",
    "build_panel",
    "is_flow",
    "meets",
    "met_threshold",
    "nowcast",
    "orientation_of",
    "outcome_met",
    "partial_year_update",
    "plan_record",
    "simulate_paths",
    "status_of",
    "target_panel",
    "target_rules",
    "unmodellable",
]

#: ``status`` from the probability p of meeting the target: ``on track`` when p >= 0.7,
#: ``needs acceleration`` when 0.3 <= p < 0.7, ``unlikely`` when p < 0.3. When the baseline
#: already meets the target: ``met already`` if p >= 0.7 (the model expects it to stay met),
#: else ``at risk`` (met now, but the outcome may slip below it). A flow's year-to-date figure
#: that meets a ``higher`` target makes it ``met already`` too; one past a ``lower`` target,
#: which cannot be met, is never ``at risk``. ``cannot assess`` when p is
#: undefined. p is compared as it is printed, rounded half up to :data:`STATUS_DECIMALS`
#: decimals (a whole percent), so that a printed 0.30 (30%) is never called ``unlikely``.
STATUS_THRESHOLDS: dict[str, float] = {"on track": 0.7, "needs acceleration": 0.3}
#: Decimals of the probability when it is compared with :data:`STATUS_THRESHOLDS`.
STATUS_DECIMALS = 2

#: Default half-width of a ``band`` target for percentages, in percentage points.
BAND_TOLERANCE_PERCENT = 1.0
#: Default half-width of a ``band`` target for other scales, as a fraction of the target.
BAND_TOLERANCE_RELATIVE = 0.02


def as_table(table: IndicatorTable | pd.DataFrame | str | PathLike[str]) -> IndicatorTable:
    """Accept an :class:`IndicatorTable`, a DataFrame or a CSV path.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or CSV path
        A table read already is returned as it is; anything else goes through
        :func:`~sonla_forecast.table.read_table` with its defaults.

    Returns
    -------
    IndicatorTable
    """
    if isinstance(table, IndicatorTable):
        return table
    return read_table(table)


#: The ``reason`` of a growth rate's row (scale ``rate``): why its growth columns are empty.
RATE_REASON = ("a growth rate (scale 'rate') is a new figure each year, not a level reached at a "
               "pace: its relative change, compound rates, feasibility ratio and UNSD ratio are "
               "not computed (P(met) compares the target with the year's forecast); changes are "
               "in points")


def target_rules(
    tbl: IndicatorTable, targets: pd.DataFrame, band_tolerance: float | None = None, *,
    year: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """How each target is judged: its threshold (:func:`met_threshold`, at the most decimals
    among the indicator's full-year figures known when ``year`` began, its plans up to
    ``year`` and its actuals and estimates before it, and for a multi-year target also among
    those of the indicator it aggregates) and its band tolerance (0 unless ``band``). A later
    plan, the year's own outcome or a partial-year figure, printed elsewhere, does not change
    how the target is read: ``assess``, ``backtest`` and ``plan_record`` read it alike. The
    plans are those of ``tbl``: ``backtest`` and :func:`plan_record` give it each plan as it
    was set (the version in force when its year began), so the decimals of a version revised
    during or after its year set no precision there.

    Parameters
    ----------
    tbl : IndicatorTable
        The table the targets come from.
    targets : DataFrame
        Plan rows with ``region, indicator_id, value, direction, scale``.
    band_tolerance : float, optional
        As in :func:`assess`.
    year : int, optional
        The targets' year. Default: every figure of the table counts.

    Returns
    -------
    threshold, tolerance : ndarray
        Natural units; the tolerance is the band's half-width for every target (callers keep
        it only for ``band`` targets).
    """
    t = targets["value"].to_numpy(dtype=np.float64)
    direction = targets["direction"].to_numpy(dtype=object)
    printed = tbl.value_decimals
    if year is not None:
        frame = tbl._frame
        y = frame["year"].to_numpy(dtype=np.int64)
        known = np.where(frame["kind"].to_numpy(dtype=object) == "plan", y <= year, y < year)
        printed = np.where((frame["period"].to_numpy(dtype=object) == "") & known, printed, 0)
    decimals = tbl.series_max(printed, targets["region"], targets["indicator_id"])
    # A multi-year target (an average or a total of another indicator) has few values of its
    # own: "8.0" alone reads as a whole number. It is judged at its yearly indicator's precision
    # too (a 7.5% average does not meet 8.0% when growth is printed with one decimal).
    if "aggregate" in targets:
        rows = np.flatnonzero(targets["aggregate"].to_numpy(dtype=object) != "")
        region = targets["region"].to_numpy(dtype=object)[rows]
        of = targets["of"].to_numpy(dtype=object)[rows]
        known = tbl.has_series(region, of)  # an unknown one gets a reason, not a forecast
        if known.any():
            decimals[rows[known]] = np.maximum(
                decimals[rows[known]], tbl.series_max(printed, region[known], of[known]))
    thr = met_threshold(t, direction, decimals)
    if band_tolerance is None:
        tol = np.where(targets["scale"].to_numpy(dtype=object) == "percent",
                       BAND_TOLERANCE_PERCENT, BAND_TOLERANCE_RELATIVE * np.abs(t))
    else:
        if not real_option(band_tolerance, "band_tolerance", "a number >= 0") >= 0:
            raise InputError(f"band_tolerance must be >= 0, got {band_tolerance!r}",
                             column="band_tolerance", value=band_tolerance)
        tol = np.full(len(t), float(band_tolerance))
    return thr, tol


def _figure(x: float) -> str:
    """A figure in a reason: whole and grouped from 1000 up (21,600), else four significant
    digits; never an exponent for figures of plans. Halves round away from zero on the number
    as written (37.5 - 23.155 is 14.35, not the 14.34 of its float 14.3449999...)."""
    if not math.isfinite(x) or abs(x) < 1e-300:  # 0, or below what the rounding can scale
        return f"{x:.4g}"
    digits = 0 if abs(x) >= 1000 else 3 - math.floor(math.log10(abs(x)))
    v = float(round_half_up(x, digits))
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def _figure_beside(x: float, other: float) -> str:
    """:func:`_figure` of ``x``, with as many more decimals as it takes to tell it from
    ``other`` where the two differ but print alike (a figure of 4,500.46 beside a target of
    4,500 reads 4,500.46, not 4,500)."""
    text = _figure(x)
    if x == other or not (math.isfinite(x) and math.isfinite(other)) or text != _figure(other):
        return text
    near = float(f"{x:.12g}")  # without the float noise of a sum (4500.000000000001)
    if near == other:
        return text
    full = f"{near:,}"  # the figure as given, when it is short (4,500.46)
    if "e" not in full and len(full.partition(".")[2]) <= 6:
        return full
    for digits in range(1, 16):
        text = f"{x:,.{digits}f}"
        if text != f"{other:,.{digits}f}":
            return text
    return repr(x)


def average_growth_rate(rates: np.ndarray, axis: int = 0) -> np.ndarray:
    """The average annual rate of yearly growth rates, in percent: the geometric mean of the
    growth factors, :math:`100 \\, ((\\prod_i (1 + g_i / 100))^{1/n} - 1)`, as the Vietnamese
    statistics office computes an average growth rate over a period (a rate of -100% or below
    leaves nothing: the average is -100).

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import average_growth_rate
    >>> round(float(average_growth_rate(np.array([10.0, -10.0]))), 4)  # 1.1 x 0.9 = 0.99
    -0.5013
    """
    return 100.0 * np.expm1(_log_growth(rates).mean(axis=axis))


def _log_growth(rates: Any) -> np.ndarray:
    """The logarithms of the growth factors of rates in percent, ``log(1 + g / 100)``: -inf
    for a rate of -100% or below, which leaves nothing."""
    with np.errstate(divide="ignore"):
        return np.log1p(np.maximum(np.asarray(rates, dtype=np.float64) / 100.0, -1.0))


#: Words (ASCII-folded) of a growth rate's name or id (GRDP growth, inflation, "Tỷ lệ tăng dân
#: số"): its average over a period is the average annual rate.
_GROWTH_WORDS = ("toc do tang", "tang truong", "lam phat", "ty le tang", "ti le tang", "growth",
                 "inflation", "rate of increase")
#: Words (ASCII-folded) of a change in points of a share or rate ("Tỷ lệ hộ nghèo giảm bình
#: quân"), whose average is the arithmetic mean; a contribution to growth ("Đóng góp của TFP
#: vào tăng trưởng") is a share, whatever growth word it has.
_POINTS_WORDS = ("ty le", "ti le", "ty trong", "ti trong", "diem phan tram", "percentage point",
                 "share", "do che phu")
_SHARE_OF_GROWTH = ("dong gop", "contribution")


def is_growth_rate(*names: str) -> bool:
    """Whether an indicator of scale ``rate`` is a growth rate (its average over a period is
    then the average annual rate, :func:`average_growth_rate`) rather than a change in points
    of a share or rate ("Tỷ lệ hộ nghèo giảm bình quân", whose average is the arithmetic
    mean), by its ids and names, with or without diacritics: a contribution to growth is a
    share ("Đóng góp của TFP vào tăng trưởng"); growth words decide next ("tốc độ tăng",
    "tăng trưởng", "tỷ lệ tăng", "lạm phát", "growth", "inflation"), then words of a share or
    rate ("tỷ lệ", "tỷ trọng", "điểm phần trăm", "độ che phủ"); a rise of a level ("Thu ngân
    sách tăng", "CPI tăng") is a growth rate.

    Examples
    --------
    >>> from sonla_forecast.assess import is_growth_rate
    >>> is_growth_rate("grdp_growth"), is_growth_rate("x", "Thu ngân sách nhà nước tăng")
    (True, True)
    >>> is_growth_rate("ho_ngheo_giam", "Tỷ lệ hộ nghèo giảm bình quân")
    False
    """
    text = _folded(" ".join(names).replace("_", " "))
    if any(w in text for w in _SHARE_OF_GROWTH):
        return False
    return any(w in text for w in _GROWTH_WORDS) or not any(w in text for w in _POINTS_WORDS)


def rate_to_average(target: float, past: np.ndarray, n_years: int, n_future: int) -> float:
    """The constant yearly growth rate (percent) the ``n_future`` remaining years need for the
    average annual rate over ``n_years`` to reach ``target``, the years so far at ``past``:
    :math:`100 \\, ((1 + T/100)^{n} / \\prod (1 + g_i/100))^{1/m} - 1)`.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import rate_to_average
    >>> round(rate_to_average(7.5, np.array([7.395, 8.71, 0.75, 6.3]), 5, 1), 2)
    14.82
    """
    need = n_years * _log_growth(target) - _log_growth(past).sum()
    return float(100.0 * np.expm1(need / n_future))


class PlansMet(NamedTuple):
    """How one year's plans fared (:func:`plan_record`; not the plan-record model,
    :class:`sonla_forecast.models.PlanRecord`); a tuple, and ``_asdict()`` gives the JSON-ready
    ``{"year", "met", "n", "equal"}``."""

    #: The plan year.
    year: int
    #: Targets met by the reported outcome.
    met: int
    #: One-year targets of that year with an outcome (actual, else estimate).
    n: int
    #: Outcomes equal to the plan (year-end estimates often are).
    equal: int


def plan_record(
    table: IndicatorTable | pd.DataFrame | str | PathLike[str],
    *,
    target_year: int,
    band_tolerance: float | None = None,
    observations: pd.DataFrame | None = None,
) -> PlansMet | None:
    """How the latest earlier plans fared, for a reader to set beside the model's expectation.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or path
        The indicator table (read with :func:`read_table` if not an :class:`IndicatorTable`).
    target_year : int
        The year being assessed: plans of earlier years count (:func:`assess` passes its own).
    band_tolerance : float, optional
        As in :func:`assess`.
    observations : DataFrame, optional
        ``tbl.observations()`` when already at hand (saves recomputing it).

    Returns
    -------
    PlansMet or None
        ``(year, met, n, equal)`` for the last plan year before ``target_year`` in which some
        one-year target has an outcome (actual, else estimate): ``n`` such targets, ``met`` of
        them met, ``equal`` with an outcome equal to the plan (year-end estimates often are).
        None if no such year.

    Notes
    -----
    A target is judged as :func:`assess` judges it, at the precision of its indicator's
    figures known when its year began (:func:`target_rules`), as :func:`backtest` judges it,
    in the version in force when its year began (a plan revised during its year is judged as
    it was set). Multi-year targets are left out.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.plan_record(sf.load_sonla_2025(), target_year=2025)  # resolution 420's 2024 estimates
    PlansMet(year=2024, met=27, n=34, equal=14)
    """
    target_year = check_year(target_year, "target_year")
    tbl = as_table(table)
    earlier = [y for y in reversed(tbl.plan_years()) if y < target_year]
    if not earlier:
        return None
    obs = tbl.observations() if observations is None else observations
    if not (isinstance(obs, pd.DataFrame)
            and {"region", "indicator_id", "year", "value"} <= set(obs.columns)):
        raise InputError("observations must be the table's observations() (a DataFrame), got "
                         f"{type(obs).__name__}", column="observations")
    obs = obs[obs["year"].isin(earlier)]  # only the plan years' outcomes are looked up
    index = obs.set_index(["region", "indicator_id", "year"])["value"]
    for year in earlier:
        # every plan up to that year as it was set, as plan_record learns from it and
        # backtest's cut reads it, also for its precision (100 read whole, not at the 100.25
        # it was revised to, that year or an earlier one)
        judge = tbl
        frame = tbl._frame
        known = frame[(frame["kind"] == "plan") & (frame["year"] <= year)]
        as_set = _plans_as_set(known, tbl._dropped)
        if as_set is not known:
            frame = frame.copy()
            frame.loc[as_set.index, "value"] = as_set["value"].to_numpy()
            judge = dataclasses.replace(tbl, _frame=frame)
        ty = _one_year_targets(judge, year)
        outcome, met = _plans_met(judge, ty, year, index, band_tolerance)
        have = ~np.isnan(outcome)
        if not have.any():
            continue
        plan = ty["value"].to_numpy(float)
        equal = np.isclose(outcome, plan, rtol=0.0, atol=1e-9) & have
        return PlansMet(int(year), int(met[have].sum()), int(have.sum()),
                          int(equal.sum()))
    return None


def _one_year_targets(tbl: IndicatorTable, year: int) -> pd.DataFrame:
    """The plans for ``year`` without the multi-year ones (an average or a total over several
    years is no plan of one year: a plan record and a backtest's scores leave it out)."""
    ty = tbl.targets(year)
    return ty[ty["aggregate"] == ""].reset_index(drop=True) if "aggregate" in ty else ty


def _plans_met(
    tbl: IndicatorTable,
    targets: pd.DataFrame,
    year: int,
    outcomes: pd.Series,
    band_tolerance: float | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each plan's outcome for ``year`` (from ``outcomes``, indexed by region, indicator_id and
    year; NaN where none) and whether it met the plan, judged as :func:`assess` judges with the
    precision of ``tbl``. The one rule of :func:`plan_record` and :func:`backtest`."""
    outcome = outcomes.reindex(pd.MultiIndex.from_arrays(
        [targets["region"], targets["indicator_id"], np.full(len(targets), year)]
    )).to_numpy(float)
    thr, tol = target_rules(tbl, targets, band_tolerance, year=year)
    met = meets(outcome, targets["direction"].to_numpy(dtype=object), thr,
                np.where(targets["direction"] == "band", tol, 0.0), targets["value"])
    return outcome, met


def met_threshold(
    target: np.ndarray, direction: np.ndarray, decimals: np.ndarray | None = None
) -> np.ndarray:
    """The outcome that just meets each target, at the precision the indicator is printed with.

    A target of 8.17 for an indicator printed with two decimals is met by any outcome that
    rounds to 8.17 or better: for ``higher`` the threshold is :math:`T - 0.5 \\cdot 10^{-d}`,
    for ``lower`` :math:`T + 0.5 \\cdot 10^{-d}` (``band`` unchanged).

    Parameters
    ----------
    target : ndarray
        Targets (unit).
    direction : ndarray of str
        ``higher``, ``lower`` or ``band``.
    decimals : ndarray of int, optional
        Printed decimals :math:`d` per target. Default: the fewest decimals that write the
        target itself (8.17 -> 2); :func:`assess` uses the most decimals among the
        indicator's figures known when the year began (:func:`target_rules`), since a float
        has lost trailing zeros (``9,00`` is read as 9.0).

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import met_threshold
    >>> met_threshold(np.array([100.0, 8.17]), np.array(["higher", "lower"])).round(4).tolist()
    [99.5, 8.175]
    >>> met_threshold(np.array([9.0]), np.array(["higher"]), np.array([2])).round(4).tolist()
    [8.995]
    """
    t = np.asarray(target, dtype=np.float64)
    d_arr = printed_decimals(t) if decimals is None else np.asarray(decimals)
    half = 0.5 * np.power(10.0, -d_arr.astype(np.float64))
    d = np.asarray(direction, dtype=object)
    return np.where(d == "higher", t - half, np.where(d == "lower", t + half, t))


def model_threshold(threshold: np.ndarray, target: np.ndarray, scale: np.ndarray,
                    direction: np.ndarray, latest: np.ndarray | None = None) -> np.ndarray:
    """The threshold a forecast is read at: :func:`met_threshold`'s, except for a percentage
    whose target is the bound itself (100% for ``higher``, 0% for ``lower``), read at
    :data:`~sonla_forecast.models.base.PERCENT_CLIP` inside it, where the models hold an
    observed 100% (0%): "100,00" (met from 99.995) is reached where the forecast reaches 100.
    So is a target beyond that value (99.999) of a series held at the bound (its ``latest``
    figure, per target, is 100 for ``higher``, 0 for ``lower``); a series whose latest figure
    lies between 99.99 and 100 (0 and 0.01) is held exactly, and keeps its threshold, for a
    target of 100 (0) too.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import model_threshold
    >>> model_threshold(np.array([99.995, 99.9985, 0.005]), np.array([100.0, 99.999, 0.0]),
    ...                 np.array(["percent"] * 3), np.array(["higher", "higher", "lower"])
    ...                 ).tolist()
    [99.99, 99.9985, 0.01]
    >>> model_threshold(np.array([99.9995]), np.array([100.0]), np.array(["percent"]),
    ...                 np.array(["higher"]), latest=np.array([99.993]))  # living above 99.99
    array([99.9995])
    """
    thr = np.asarray(threshold, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    pct = np.asarray(scale, dtype=object) == "percent"
    d = np.asarray(direction, dtype=object)
    last = np.full(t.shape, np.nan) if latest is None else np.asarray(latest, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        at = np.where(d == "lower", last <= 0.0, last >= 100.0)  # held at the bound
        # a series living within PERCENT_CLIP of the bound is modelled exactly: the clipped
        # value would be behind it, and a target of 100 would be met at once
        near_top = (last > 100.0 - PERCENT_CLIP) & (last < 100.0)
        near_bottom = (last > 0.0) & (last < PERCENT_CLIP)
        top = ((t >= 100.0) & ~near_top) | (at & (t > 100.0 - PERCENT_CLIP))
        bottom = ((t <= 0.0) & ~near_bottom) | (at & (t < PERCENT_CLIP))
        thr = np.where(pct & (d == "higher") & top, np.minimum(thr, 100.0 - PERCENT_CLIP), thr)
        return np.where(pct & (d == "lower") & bottom, np.maximum(thr, PERCENT_CLIP), thr)


def held_at_bounds(values: np.ndarray, latest: float, target: float,
                   direction: str) -> np.ndarray:
    """Simulated values of a percentage with those within
    :data:`~sonla_forecast.models.base.PERCENT_CLIP` of 100 (0) read as 100 (0), where the
    models hold a figure of 100% (0%) and the question is about that bound: the paths a
    multi-year average is taken over, read as :func:`model_threshold` reads a one-year target
    (a mean of 100 over one year is met as that target is). Only the bound a ``higher``
    (``lower``) target approaches, 100 (0), and only where the ``target`` (per year) is at it,
    or the series' ``latest`` figure is; a series whose latest figure lies between 99.99 and
    100 (0 and 0.01) is modelled exactly and keeps its values; a band's values are kept.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import held_at_bounds
    >>> held_at_bounds(np.array([99.985, 99.99, 99.995, 50.0]), latest=98.0, target=100.0,
    ...                direction="higher").tolist()
    [99.985, 100.0, 100.0, 50.0]
    >>> held_at_bounds(np.array([99.995, 0.005]), 98.0, 99.0, "higher").tolist()  # apart
    [99.995, 0.005]
    >>> held_at_bounds(np.array([99.995]), 99.993, 100.0, "higher").tolist()  # living there
    [99.995]
    """
    top = direction == "higher" and (
        latest >= 100.0 or (target >= 100.0 and not 100.0 - PERCENT_CLIP < latest < 100.0))
    bottom = direction == "lower" and (
        latest <= 0.0 or (target <= 0.0 and not 0.0 < latest < PERCENT_CLIP))
    return _at_held_bound(np.asarray(values, dtype=np.float64), np.array(top), np.array(bottom))


def _at_held_bound(x: np.ndarray, top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """Values within PERCENT_CLIP of 100 (where ``top``) or of 0 (where ``bottom``) read as
    that bound, where the models hold a figure of 100 (0): a multi-year average's paths
    (:func:`held_at_bounds`) and backtest's outcomes and intervals."""
    with np.errstate(invalid="ignore"):
        x = np.where(top & (x >= 100.0 - PERCENT_CLIP), 100.0, x)
        return np.where(bottom & (x <= PERCENT_CLIP), 0.0, x)


def status_of(probability: np.ndarray, met_at_baseline: np.ndarray) -> np.ndarray:
    """Plain-word status from the probability (see :data:`STATUS_THRESHOLDS`).

    Parameters
    ----------
    probability : ndarray
        Probability of meeting each target, in [0, 1] (NaN: cannot assess); rounded to
        :data:`STATUS_DECIMALS` decimals before it is compared with the thresholds.
    met_at_baseline : ndarray of bool
        Whether the baseline already meets each target.

    Returns
    -------
    ndarray of str (object)
        ``on track`` (probability >= 0.7), ``needs acceleration`` (>= 0.3) or ``unlikely``;
        where met at baseline, ``met already`` (>= 0.7) or ``at risk``; ``cannot assess`` where
        the probability is NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import status_of
    >>> status_of(np.array([0.9, 0.5, 0.1, np.nan, 0.8]),
    ...           np.array([False, False, False, False, True])).tolist()
    ['on track', 'needs acceleration', 'unlikely', 'cannot assess', 'met already']
    >>> status_of(np.array([0.6]), np.array([True])).tolist()  # met now, but may slip
    ['at risk']
    >>> status_of(np.array([0.2979, 0.2949]), np.array([False, False])).tolist()  # as printed
    ['needs acceleration', 'unlikely']
    """
    p = round_half_up(np.asarray(probability, dtype=np.float64), STATUS_DECIMALS)
    out = np.where(
        p >= STATUS_THRESHOLDS["on track"],
        "on track",
        np.where(p >= STATUS_THRESHOLDS["needs acceleration"], "needs acceleration", "unlikely"),
    ).astype(object)
    met = np.asarray(met_at_baseline, dtype=bool)
    out[met] = np.where(p[met] >= STATUS_THRESHOLDS["on track"], "met already", "at risk")
    out[np.isnan(p)] = "cannot assess"
    return out


def orientation_of(direction: np.ndarray, source: np.ndarray,
                   indicator: np.ndarray | None = None) -> np.ndarray:
    """``Panel.orientation`` of series with these directions: -1 for ``lower``, else +1.

    The drift model (the default, and the drift part of ``combination``) then pools progress,
    not raw change, on its log-like scales: a poverty rate's fall counts like an urbanization
    rate's rise. A ``band`` target (a share to stay near) has no direction of
    progress and keeps +1, and so does a direction guessed from the target itself
    (``direction_source`` ``plan`` or ``default``): a target must not move the forecast it is
    judged by.

    Parameters
    ----------
    direction : ndarray of str
        ``higher``, ``lower`` or ``band`` per series.
    source : ndarray of str
        The ``direction_source`` of each (``given``, ``override``, ``glossary``, ``name``,
        ``plan``, ``default``).
    indicator : ndarray of str, optional
        The ``indicator_id`` of each. Given, the series of one indicator (its regions) share
        one orientation, that of most of their known ``higher`` and ``lower`` directions (+1
        on a tie or none): the drift model pools an indicator's regions, and a region meant
        the other way, or holding it in a band, must not read its peers' rise as a fall (nor
        move their forecasts), so the same history gets the same forecast in every region.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import orientation_of
    >>> d = np.array(["higher", "lower", "band", "lower"], dtype=object)
    >>> orientation_of(d, np.array(["given", "glossary", "name", "plan"])).tolist()
    [1.0, -1.0, 1.0, 1.0]
    >>> ids = np.array(["poverty", "poverty", "poverty", "urban"], dtype=object)
    >>> d = np.array(["lower", "lower", "higher", "lower"], dtype=object)
    >>> orientation_of(d, np.array(["given"] * 4), ids).tolist()
    [-1.0, -1.0, -1.0, -1.0]
    """
    known = ~np.isin(np.asarray(source, dtype=object), ("plan", "default"))
    direction = np.asarray(direction, dtype=object)
    sign = np.where((direction == "lower") & known, -1.0, 1.0)
    if indicator is None:
        return sign
    codes, _ = pd.factorize(np.asarray(indicator, dtype=object))
    votes = np.where(known & np.isin(direction, ("higher", "lower")), sign, 0.0)
    return np.where(np.bincount(codes, weights=votes) < 0.0, -1.0, 1.0)[codes]


def target_panel(
    tbl: IndicatorTable, series: pd.DataFrame, history: pd.DataFrame, year: int,
    target: np.ndarray | None = None,
) -> tuple[Panel, np.ndarray]:
    """The panel :func:`assess` fits for targets of ``year``: each series' ``history``, oriented
    by its direction (:func:`orientation_of`), with ``tbl``'s plans before ``year`` as the plan
    record (:func:`build_panel`).

    Parameters
    ----------
    tbl : IndicatorTable
        Where the plan record comes from.
    series : DataFrame
        One row per series with ``region, indicator_id, scale, cap, direction,
        direction_source`` (plan rows or :meth:`IndicatorTable.indicators` rows).
    history : DataFrame
        Observations with ``region, indicator_id, year, value``.
    year : int
        The target year.
    target : ndarray, optional
        The target being assessed per series (natural units).

    Returns
    -------
    panel : Panel
    last_year : ndarray of int
        As :func:`build_panel`.
    """
    keys = series[["region", "indicator_id", "scale", "cap"]].reset_index(drop=True)
    if target is not None:
        keys["target"] = target
    direction = series["direction"].to_numpy(dtype=object)
    source = series["direction_source"].to_numpy(dtype=object)
    # the drift pools an indicator's regions in one orientation; the plan record pools each
    # series' misses in its own plans' direction
    keys["orientation"] = orientation_of(direction, source,
                                         series["indicator_id"].to_numpy(dtype=object))
    keys["plan_orientation"] = orientation_of(direction, source)
    frame = tbl._frame
    earlier = ((frame["kind"] == "plan") & (frame["year"] < year)).to_numpy()
    plans = _plans_as_set(frame.loc[earlier, ["region", "indicator_id", "year", "period",
                                              "value", "source"]], tbl._dropped)
    return build_panel(history, keys, plans[["region", "indicator_id", "year", "value"]])


def build_panel(
    history: pd.DataFrame, keys: pd.DataFrame, plans: pd.DataFrame | None = None
) -> tuple[Panel, np.ndarray]:
    """Align the history of the series in ``keys`` on one calendar.

    Parameters
    ----------
    history : DataFrame
        Observations with ``region, indicator_id, year, value``.
    keys : DataFrame
        One row per series with ``region, indicator_id, scale, cap`` and optionally ``target``
        (the plan being assessed), ``orientation`` (+1 for an indicator meant to rise, -1
        for one meant to fall; default +1, see :class:`~sonla_forecast.models.base.Panel`) and
        ``plan_orientation`` (the same for the plan record; default ``orientation``).
        The peer group of a series, for partial pooling, is its indicator across the regions
        when ``keys`` has several regions (its peers are the same measure elsewhere), and its
        scale when there is one region (the province's other indicators of that kind).
    plans : DataFrame, optional
        Earlier plan rows (``region, indicator_id, year, value``) within the history years:
        the plan record.

    Returns
    -------
    panel : Panel
    last_year : ndarray of int
        Year of each series' last observation (-1 when none).
    """
    if len(history):
        y0, y1 = int(history["year"].min()), int(history["year"].max())
    else:
        y0 = y1 = 0
    years = np.arange(y0, y1 + 1)
    def text(frame: pd.DataFrame, col: str) -> np.ndarray:
        return frame[col].to_numpy(dtype=object)  # iterating a numpy array is the fast way

    pairs = list(zip(text(keys, "region"), text(keys, "indicator_id"), strict=True))

    # Each row finds its series by integer lookups (the keys' regions and indicators
    # numbered once), without a Python loop over rows; a key listed twice (two multi-year
    # targets on one indicator) gets the same series twice.
    reg_key, reg_names = pd.factorize(text(keys, "region"))
    ind_key, ind_names = pd.factorize(text(keys, "indicator_id"))
    reg_index, ind_index = pd.Index(reg_names), pd.Index(ind_names)

    def codes_of(frame: pd.DataFrame) -> np.ndarray:
        """(region, indicator) number of each row; -1 where either is not among the keys."""
        reg = reg_index.get_indexer(text(frame, "region"))
        ind = ind_index.get_indexer(text(frame, "indicator_id"))
        return np.where((reg >= 0) & (ind >= 0), reg * len(ind_names) + ind, -1)

    key_of, key_codes = pd.factorize(reg_key.astype(np.int64) * len(ind_names) + ind_key)
    distinct = pd.Index(key_codes)
    rows = distinct.get_indexer(codes_of(history)).astype(np.int64)
    ok = rows >= 0
    values = np.full((len(distinct), len(years)), np.nan)
    values[rows[ok], history["year"].to_numpy()[ok] - y0] = history["value"].to_numpy()[ok]
    plan_values = np.full_like(values, np.nan)
    if plans is not None and len(plans):
        prow = distinct.get_indexer(codes_of(plans)).astype(np.int64)
        pyear = plans["year"].to_numpy() - y0
        ok = (prow >= 0) & (pyear >= 0) & (pyear < len(years))
        plan_values[prow[ok], pyear[ok]] = plans["value"].to_numpy()[ok]
    values, plan_values = values[key_of], plan_values[key_of]
    several_regions = keys["region"].nunique() > 1
    panel = Panel(
        values=values,
        years=years,
        scale=tuple(text(keys, "scale")),
        group=tuple(text(keys, "indicator_id")) if several_regions else (),
        cap=keys["cap"].to_numpy(dtype=np.float64),
        ids=tuple(f"{r}/{i}" if r else i for r, i in pairs),
        plans=plan_values,
        # Panel takes None for "not given" although its fields are typed as arrays.
        target=(keys["target"].to_numpy(dtype=np.float64)  # type: ignore[arg-type]
                if "target" in keys else None),
        orientation=(keys["orientation"].to_numpy(dtype=np.float64)  # type: ignore[arg-type]
                     if "orientation" in keys else None),
        plan_orientation=(keys["plan_orientation"].to_numpy(  # type: ignore[arg-type]
            dtype=np.float64) if "plan_orientation" in keys else None),
    )
    last = panel.last_index
    last_year = np.where(last >= 0, years[np.maximum(last, 0)], -1)
    return panel, last_year


#: Significant digits the growth columns of :func:`assess` (:data:`GROWTH_COLUMNS`) are
#: rounded to: the tables' figures have at most about 7, so this drops only float noise
#: (30 - 24.4 = 5.600000000000001).
SIGNIFICANT_DIGITS = 12
#: The output columns rounded to :data:`SIGNIFICANT_DIGITS`.
GROWTH_COLUMNS = ("required_change", "required_change_per_year", "required_relative_change",
                  "required_annual_rate", "historical_change_per_year", "historical_annual_rate",
                  "feasibility_ratio", "eurostat_ratio", "escap_ratio", "unsd_ratio")


def _difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a - b``, rounded to the decimals the two figures are written with where both are
    written exactly with at most 6 (:func:`~sonla_forecast.io.numbers.printed_decimals`): their
    exact difference. Subtracting close doubles leaves noise that rounding to significant
    digits keeps: 21130.7 - 21130.6 = 0.10000000000218."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    diff = a - b
    d = np.maximum(printed_decimals(a), printed_decimals(b))
    scale = 10.0 ** d
    with np.errstate(invalid="ignore", over="ignore"):
        exact = ((np.abs(np.round(a * scale) / scale - a)
                  <= EXACT_RTOL * np.maximum(np.abs(a), 1.0))
                 & (np.abs(np.round(b * scale) / scale - b)
                    <= EXACT_RTOL * np.maximum(np.abs(b), 1.0))
                 & (np.abs(diff) * scale < 2.0**52))
        return np.where(exact, np.round(diff * scale) / scale, diff)


def _noise_off(x: np.ndarray) -> np.ndarray:
    """``x`` without the float noise of arithmetic on decimal figures (20.6 - 0.005 is
    20.595000000000002): rounded to 15 significant digits where that moves a value by at most
    4 units in its last place, else kept (a threshold of 123456789011.5 stays)."""
    x = np.asarray(x, dtype=np.float64)
    r = _significant(x, 15)
    with np.errstate(invalid="ignore"):
        noise = np.abs(r - x) <= 4.0 * np.spacing(np.abs(x))
    return np.where(noise, r, x)


def _significant(x: np.ndarray, digits: int = SIGNIFICANT_DIGITS) -> np.ndarray:
    """``x`` rounded to ``digits`` significant digits (NaN, inf and 0 kept; -0 is 0, which
    would print as -0.0 in the outputs)."""
    out = np.array(x, dtype=np.float64) + 0.0  # a copy
    at = np.flatnonzero(np.isfinite(out) & (out != 0))
    v = out[at]
    up = digits - 1 - np.floor(np.log10(np.abs(v)))
    keep = np.abs(up) < 290  # beyond, the powers of ten overflow: left as they are
    at, v, up = at[keep], v[keep], up[keep]
    # scaled to a whole number of `digits` digits, rounded, scaled back by an exact power of
    # ten: the last division (multiplication) gives the double nearest the rounded decimal
    # (5.6, not 5.6000...01)
    big = up >= 0
    v[big] = np.round(v[big] * 10.0 ** up[big]) / 10.0 ** up[big]
    v[~big] = np.round(v[~big] / 10.0 ** -up[~big]) * 10.0 ** -up[~big]
    out[at] = v
    return out


def _texts(n: int, *cases: tuple[np.ndarray, str]) -> np.ndarray:
    """An object array of ``n`` texts, ``""`` but where a case's mask is true (later cases
    win). Object, not numpy unicode: a 290-character text in a "<U290" array of 100,000 rows
    would take 116 MB."""
    out = np.full(n, "", dtype=object)
    for mask, text in cases:
        out[mask] = text
    return out


def _join(*parts: np.ndarray) -> np.ndarray:
    """Per row, the non-empty texts of ``parts`` joined by "; ", each text once."""
    given = np.stack([np.asarray(p, dtype=object) != "" for p in parts])
    out = np.full(given.shape[1], "", dtype=object)
    one = given.sum(axis=0) == 1  # the common case, without a Python loop
    which = given.argmax(axis=0)
    for k, p in enumerate(parts):
        pick = one & (which == k)
        out[pick] = np.asarray(p, dtype=object)[pick]
    for i in np.flatnonzero(given.sum(axis=0) > 1):
        out[i] = "; ".join(dict.fromkeys(p[i] for p in parts if p[i]))
    return out


def assess(
    table: IndicatorTable | pd.DataFrame | str | PathLike[str],
    *,
    target_year: int,
    model: str | TrajectoryModel = DEFAULT_MODEL,
    window: int | None = None,
    band_tolerance: float | None = None,
    rng: RngLike = None,
    plan_source: str | None = None,
    **model_options: Any,
) -> Assessment:
    """Assess every target set for ``target_year``: growth needed, growth achieved, probability.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or path
        The indicator table (tidy format). Targets are its ``plan`` rows for ``target_year``;
        history is its actuals and estimates before ``target_year``.
    target_year : int
        The year whose targets are assessed.
    model : str or model spec, default "drift"
        Trajectory model: a name, or a spec with its own hyper-parameters
        (``sf.models.PooledDrift(damping=0.5)``; see :func:`sonla_forecast.models.get_model`).
    window : int, optional
        Use only the last ``window`` observations, for the historical change and for the
        model's fit (``n_history`` counts them; default: all).
    band_tolerance : float, optional
        Half-width of ``band`` targets in the indicator's unit (default: 1 pp for
        percentages, scale ``percent``; 2% of the target otherwise, a growth rate in % too).
    rng : Generator, int or None
        Seed for the models that simulate (``refclass``) and for the paths of multi-year
        targets (default :data:`AGGREGATE_SEED`, so that the same table gives the same
        numbers); the others ignore it, and so does the reference class inside a
        ``combination``, which keeps its own fixed seed (give it another as
        ``Combination(components=("drift", ReferenceClass(rng=...)))``).
    plan_source : str, optional
        Assess against the version of each target whose ``source`` contains this text (e.g.
        ``"420/NQ-HĐND"``) instead of the one in force. Versions are the plan rows that
        ``read_table(..., duplicates="latest_source")`` kept (the latest, in force) and set
        aside (``IndicatorTable.dropped``); the ``revisions`` column lists them.
    **model_options
        Passed to the model spec.

    Returns
    -------
    Assessment
        One row per (region, indicator_id) with a target in ``target_year``; the columns are
        documented in :data:`sonla_forecast.results.ASSESSMENT_COLUMNS`.

    Raises
    ------
    InputError
        If the table has no target for ``target_year`` or an option is invalid.
    ModelError
        If the chosen model cannot be fitted to the table at all (``plan_record`` with no
        earlier plan/outcome pairs, ``refclass`` with fewer one-year steps than it needs);
        the default model fits any table with two observations of one indicator.

    Notes
    -----
    The baseline is the latest actual or estimate before the target year (an actual wins over
    an estimate of the same year). A target counts as met when the outcome, rounded to the most
    decimals any of the indicator's full-year figures known when the year began is printed
    with (its plans up to the year, its actuals and estimates before it), meets it
    (:func:`met_threshold`, :func:`target_rules`).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    >>> len(res)
    34
    >>> res["poverty_rate"].required_change
    -3.0
    """
    reading = sorted(set(model_options) & {"duplicates", "direction"})
    if reading:  # options of read_table, not of the model: say where they go
        raise InputError(
            f"{', '.join(reading)} is an option of sf.read_table, not of the model: "
            f"sf.assess(sf.read_table(path, {reading[0]}=...), target_year=...)",
            column=reading[0])
    as_generator(rng)  # refuse a bad rng even where no draw is needed
    tbl = as_table(table)
    target_year = check_year(target_year, "target_year")
    if window is not None and (
            int(real_option(window, "window", "a whole number >= 2")) != window or window < 2):
        raise InputError(f"window must be a whole number >= 2, got {window!r}",
                         column="window", value=window)
    spec = get_model(model, **model_options)
    if rng is not None and "rng" in getattr(spec, "__dataclass_fields__", {}):
        spec = dataclasses.replace(cast(Any, spec), rng=rng)

    targets = tbl.targets(target_year)
    if targets.empty:
        years = tbl.plan_years()
        raise InputError(
            f"the table has no target (kind 'plan') for {target_year}; plan years present: "
            f"{years or 'none'}",
            column="target_year",
            value=target_year,
        )
    targets, revisions = _targets_in_force(tbl, targets, target_year, plan_source)
    obs = tbl.observations()
    hist = obs[obs["year"] < target_year]
    if window is not None:
        hist = hist.groupby(["region", "indicator_id"], sort=False).tail(int(window))
    n = len(targets)
    t = targets["value"].to_numpy(dtype=np.float64)
    direction = targets["direction"].to_numpy(dtype=object)
    scale = targets["scale"].to_numpy(dtype=object)

    # Every target's history on one calendar; baseline and first observation are read off it.
    panel, last_year = target_panel(tbl, targets, hist, target_year, target=t)
    n_hist = panel.n_obs
    observed = n_hist > 0
    first_col = np.argmax(~np.isnan(panel.values), axis=1)  # the panel has >= 1 column
    b = panel.last_value
    b_year = np.where(observed, last_year, np.nan)
    x0 = np.where(observed, panel.values[np.arange(n), first_col], np.nan)
    x0_year = np.where(observed, panel.years[first_col], np.nan)

    has_base = ~np.isnan(b)
    h = np.where(has_base, target_year - np.nan_to_num(b_year), np.nan)
    # Direction used by the arithmetic: a band target is approached from where we stand.
    math_dir = np.where(direction == "band", np.where(t >= b, "higher", "lower"), direction)
    thr, tol = target_rules(tbl, targets, band_tolerance, year=target_year)
    met_base = meets(b, direction, thr, tol, t) & has_base

    reason_base = _texts(n, (~has_base, "no actual or estimate before the target year"))
    req = np.full(n, np.nan)
    req_py = np.full(n, np.nan)
    req[has_base] = _difference(t[has_base], b[has_base])
    req_py[has_base] = req[has_base] / h[has_base]  # growth.required_change_per_year

    # The growth of a growth rate (GRDP growth 0.75% -> 6.3% "is +740% a year") means nothing:
    # rates of the `rate` scale are compared in points only.
    is_rate = scale == "rate"
    rate_ok = has_base & (b > 0) & (t >= 0) & ~is_rate
    rel = np.full(n, np.nan)
    cagr = np.full(n, np.nan)
    rel[rate_ok] = growth.relative_change(b[rate_ok], t[rate_ok])
    cagr[rate_ok] = growth.annual_rate(b[rate_ok], t[rate_ok], h[rate_ok])
    reason_rate = _texts(
        n, (has_base & ~rate_ok, "target < 0: growth rates undefined"),
        (has_base & is_rate, RATE_REASON))
    zero = has_base & (b <= 0) & ~is_rate
    two = n_hist >= 2
    span = b_year - x0_year
    hist_py = np.full(n, np.nan)
    hist_py[two] = _difference(b[two], x0[two]) / span[two]
    hist_rate_ok = two & (x0 > 0) & (b >= 0) & ~is_rate
    hist_rate = np.full(n, np.nan)
    hist_rate[hist_rate_ok] = growth.annual_rate(
        x0[hist_rate_ok], b[hist_rate_ok], span[hist_rate_ok]
    )
    # A fall from 1e9 to 1e-9 is a rate of -1 to float precision: ESCAP projects nothing.
    gone = hist_rate_ok & (hist_rate <= -1.0)
    reason_hist = _texts(
        n, (has_base & ~two, "one observation only: no historical change"),
        (rate_ok & gone, "history fell by 100% a year to float precision: no ESCAP ratio"))
    first_zero = two & rate_ok & ~hist_rate_ok
    if zero.any() or first_zero.any():  # few: name the figure, as an input error would
        regions, ids = targets["region"].to_numpy(dtype=object), targets["indicator_id"]
        mine = hist[hist["indicator_id"].isin(ids[zero | first_zero])]  # not the whole history
        where = {(r, i, y): (k, row) for r, i, y, k, row in zip(
            mine["region"], mine["indicator_id"], mine["year"], mine["kind"], mine["row"],
            strict=True)}

        def figure(j: int, year: int) -> str:
            kind, row = where.get((regions[j], ids.iat[j], year), ("figure", "?"))
            return f"the {year} {kind} (row {row}, column 'value')"

        for j in np.flatnonzero(zero).tolist():
            reason_rate[j] = (f"the baseline, {figure(j, int(b_year[j]))}, is 0: growth rates "
                              "from it are undefined")
        for j in np.flatnonzero(first_zero).tolist():
            reason_hist[j] = (f"the first observation, {figure(j, int(x0_year[j]))}, is 0: no "
                              "historical growth rate, so no Eurostat or ESCAP ratio")

    feas = np.full(n, np.nan)
    feas_reason = np.full(n, "", dtype=object)
    ok = two & has_base & ~is_rate
    if ok.any():
        r, why = growth.feasibility_ratio(req_py[ok], hist_py[ok], math_dir[ok])
        feas[ok], feas_reason[ok] = r, why
    # "met" follows the printed-precision rule, like the probability. A growth rate is a new
    # figure each year: last year's meeting the target says nothing of this year's.
    met_base &= ~is_rate
    feas[met_base] = 0.0
    feas_reason[met_base] = "met"
    feas_reason[~met_base & (feas_reason == "met")] = ""
    feas_text = np.array([growth.FEASIBILITY_REASONS.get(c, c) for c in feas_reason],
                         dtype=object)
    # A band target met now is inside its tolerance, not at the target: its change per year
    # (T - b) still shows, so the reason says which band.
    for i in np.flatnonzero(met_base & (direction == "band")).tolist():
        pp = " pp" if scale[i] == "percent" else ""
        feas_text[i] = (f"already within ±{_figure(float(tol[i]))}{pp} of the target: no "
                        "change is needed")
    feas_text[~two | ~has_base] = ""

    moving = ~met_base & has_base & (t != b)
    eu = np.full(n, np.nan)
    ok = moving & rate_ok & hist_rate_ok & (cagr != 0)
    eu[ok] = growth.eurostat_ratio(hist_rate[ok], cagr[ok])
    esc = np.full(n, np.nan)
    ok = moving & rate_ok & hist_rate_ok & ~gone
    # the projection stops at a percentage's 100 and at a count's cap (NaN: none)
    upper = np.where(scale == "percent", 100.0, targets["cap"].to_numpy(dtype=np.float64))
    esc[ok] = growth.escap_anticipated_progress(b[ok], t[ok], hist_rate[ok], h[ok],
                                                upper=upper[ok])
    un = np.full(n, np.nan)
    ok = moving & two & ~is_rate
    # UNSD's ratio reads the change alone: from 0 to the exact required change, so that
    # 21130.7 - 21130.5 does not leave 0.999999999996 where the two changes are equal
    un[ok] = growth.unsd_progress_ratio(0.0 * req[ok], req[ok], hist_py[ok], h[ok])
    eu_v = growth.eurostat_verdict(eu)
    esc_v = growth.escap_verdict(esc)
    un_v = growth.unsd_verdict(un)
    for v in (eu_v, esc_v, un_v):
        v[met_base] = "target met"

    # Probability and quantiles from the trajectory model, all series in one pass.
    prob = np.full(n, np.nan)
    q = np.full((n, 3), np.nan)
    usable = two & has_base
    reason_model, excluded = unmodellable(panel, scale)
    usable &= ~excluded
    if "aggregate" in targets:  # simulated from the series they aggregate, not fitted
        usable &= targets["aggregate"].to_numpy(dtype=object) == ""
    fc = None
    model_notes: list[str] = []
    settings = _settings_note(spec)  # the result names the model; its settings are said here
    model_notes += [settings] if settings else []
    model_used = np.full(n, "", dtype=object)  # '' where no model ran
    partial_period = np.full(n, "", dtype=object)
    partial_value = np.full(n, np.nan)
    so_far = np.full(n, np.nan)  # a flow's figure so far: the least full-year outcome
    fit_panel: Panel | None = None
    fit_regions = 0
    if usable.any():
        # The model is fitted to every series it can take, with or without a target this year,
        # so that one indicator's plan does not move another's forecast through the pool, and
        # targets_for_probability (which needs no plans) fits the same panel.
        # Series in the table's order, as targets_for_probability has them, and a panel of
        # the fitted series alone (its peer groups depend on which series it holds).
        k = int(usable.sum())
        peers = pd.DataFrame() if plan_conditioned(spec) else _peer_series(
            tbl, targets, hist)
        cols = ["region", "indicator_id", "scale", "cap", "direction", "direction_source"]
        series = pd.concat([targets.loc[usable, cols], *([peers[cols]] if len(peers) else [])],
                           ignore_index=True)
        series["value"] = np.concatenate([t[usable], np.full(len(peers), np.nan)])
        fit_regions = int(series["region"].nunique())
        order = _table_order(tbl, series)
        rows: np.ndarray | None = None
        if k == n and not len(peers) and (order == np.arange(n)).all():
            fit_panel, fit_last = panel, last_year  # the usual case: already that panel
        else:
            series = series.iloc[order].reset_index(drop=True)
            fit_panel, fit_last = target_panel(tbl, series, hist, target_year,
                                               target=series["value"].to_numpy(np.float64))
            rows = np.argsort(order)[:k]  # the targets' places in the fit
        if len(peers):
            whose = "targets'" if k != 1 else "target's"
            model_notes.append(
                f"the model was fitted to {len(series)} series: the {k} {whose} and "
                f"{len(peers)} other series of the table with two or more observations, as "
                "peers (they get no probability)")
        fitted = spec.fit(fit_panel)
        fc = fitted.forecast((target_year - fit_last).astype(np.int64))
        if rows is not None:
            fc = fc.take(rows)
        fc, partial_period[usable], partial_value[usable], why, so_far[usable] = nowcast(
            fc, tbl, targets[usable].reset_index(drop=True), target_year)
        reason_model[usable] = _join(reason_model[usable], why)
        # A fitted model may say, per series and overall, where it did not do its own job
        # (FittedETS: the naive fallback for short series).
        keep = slice(None) if rows is None else rows
        if hasattr(fitted, "series_notes"):
            reason_model[usable] = _join(reason_model[usable], fitted.series_notes()[keep])
        model_used[usable] = _series_models(fitted, spec.name)[keep]
        if getattr(fitted, "note", ""):
            model_notes.append(cast(Any, fitted).note)
        read_at = model_threshold(thr[usable], t[usable], scale[usable], direction[usable],
                                  b[usable])
        prob[usable] = fc.prob_meets(read_at, direction[usable], tol[usable])
        moved = read_at != thr[usable]  # else the threshold column contradicts the quantiles
        if moved.any():
            at = np.flatnonzero(usable)[moved]
            reason_model[at] = _join(reason_model[at], np.array(
                [f"the probability reads the target at {x:g}, the value at which the model "
                 f"holds a figure of {'0' if x < 50 else '100'}%, not at the threshold {h:g}"
                 for x, h in zip(read_at[moved], thr[at], strict=True)], dtype=object))
        q[usable] = fc.quantiles([0.1, 0.5, 0.9])
        # Growth rates are modelled unbounded (identity scale); a volatile one's spread can
        # reach a fall of more than everything, which no outcome can be.
        below = usable & (scale == "rate") & (q[:, 0] <= -100.0)
        reason_model[below] = _join(reason_model[below], np.full(
            int(below.sum()), "the 80% interval reaches below -100%, a fall no growth rate can "
            "have: growth rates are modelled on an unbounded scale, so read its lower end as "
            "a collapse", dtype=object))
    part = tbl.partials(target_year)
    lost = np.zeros(n, dtype=bool)
    if len(part):  # a year-to-date figure with no forecast to update is said, not dropped
        got = pd.MultiIndex.from_frame(part[["region", "indicator_id"]])
        key = pd.MultiIndex.from_frame(targets[["region", "indicator_id"]])
        agg_row = (targets["aggregate"].to_numpy(dtype=object) != "") if "aggregate" in targets \
            else np.zeros(n, dtype=bool)
        lost = key.isin(got) & ~usable & ~agg_row
        if lost.any():
            # without a forecast, a flow's figure so far can still settle the target (below)
            partial_period[lost], partial_value[lost], so_far[lost] = year_to_date(
                tbl, targets[lost].reset_index(drop=True), target_year)
    passed, settle_text = settled_so_far(so_far, partial_period, direction, thr, tol, t)
    met_so_far = passed & (direction == "higher")
    # with no forecast the figure settles the probability alone; the interval stays empty
    settled = lost & passed
    needs_two = ~two & has_base
    reason_model[needs_two] = np.where(settled[needs_two],
                                       "a forecast needs at least two observations",
                                       "probability needs at least two observations")
    reason_model[passed] = _join(reason_model[passed], settle_text[passed])
    prob[settled] = np.where(direction[settled] == "higher", 1.0, 0.0)
    unused = lost & ~passed
    if unused.any():
        reason_model[unused] = _join(reason_model[unused], np.array(
            [f"the {per} figure {_figure(v)} is not used: no forecast of the year to update"
             for per, v in zip(partial_period[unused], partial_value[unused], strict=True)],
            dtype=object))
        partial_period[unused], partial_value[unused] = "", np.nan
    # (a 'lower' target met by last year's figure but passed already this year is no longer
    # "at risk": it is missed, and no "no further progress is needed" is said of it)
    status = status_of(prob, (met_base & ~passed) | met_so_far)
    feas_text[passed & met_base & (direction == "lower")] = ""

    columns = {
        "region": targets["region"].to_numpy(),
        "indicator_id": targets["indicator_id"].to_numpy(),
        "name_vi": targets["name_vi"].to_numpy(),
        "name_en": targets["name_en"].to_numpy(),
        "section": targets["section"].to_numpy(),
        "unit": targets["unit"].to_numpy(),
        "scale": scale,
        "direction": direction,
        "direction_source": targets["direction_source"].to_numpy(),
        "baseline_year": pd.array(np.where(has_base, b_year, np.nan), dtype="Int64"),
        "baseline": b,
        "target_year": target_year,
        "target": t,
        "horizon": pd.array(h, dtype="Int64"),
        "n_history": n_hist,
        "history_start_year": pd.array(np.where(two, x0_year, np.nan), dtype="Int64"),
        "required_change": req,
        "required_change_per_year": req_py,
        "required_relative_change": rel,
        "required_annual_rate": cagr,
        "historical_change_per_year": hist_py,
        "historical_annual_rate": hist_rate,
        "feasibility_ratio": feas,
        "eurostat_ratio": eu,
        "eurostat_verdict": eu_v,
        "escap_ratio": esc,
        "escap_verdict": esc_v,
        "unsd_ratio": un,
        "unsd_verdict": un_v,
        "partial_period": partial_period,
        "partial_value": partial_value,
        "model": model_used,
        "threshold": _noise_off(thr),
        "tolerance": np.where(direction == "band", tol, 0.0),
        "probability": prob,
        "outcome_p10": q[:, 0],
        "outcome_p50": q[:, 1],
        "outcome_p90": q[:, 2],
        "status": status,
        "reason": _join(reason_base, reason_hist, reason_rate, feas_text, reason_model),
        "source": targets["source"].to_numpy(),
        "revisions": revisions,
        "aggregate": targets["aggregate"].to_numpy(dtype=object) if "aggregate" in targets
        else np.full(n, "", dtype=object),
        "of": targets["of"].to_numpy(dtype=object) if "of" in targets
        else np.full(n, "", dtype=object),
        "start_year": pd.array(targets["start_year"].to_numpy(dtype=np.float64, na_value=np.nan)
                               if "start_year" in targets else np.full(n, np.nan),
                               dtype="Int64"),
    }
    for col in GROWTH_COLUMNS:  # float noise off, before the frame is built
        columns[col] = _significant(columns[col])
    out = pd.DataFrame(columns)
    del columns  # the frame holds its own copies: the arrays are not kept twice
    agg = targets["aggregate"].to_numpy(dtype=object) if "aggregate" in targets else None
    if agg is not None and (agg != "").any():
        _assess_aggregates(out, targets, obs, target_year, spec, tbl, rng)
    how = targets["direction_source"].to_numpy(dtype=object)
    inferred = np.flatnonzero(np.isin(how, ("plan", "default", "name")))
    # A full-year figure of the target year itself (an M12 / Q4 / H2 row is one) is the
    # outcome: the forecast, made as before the year, does not use it; say so, not silently.
    # a multi-year target's outcome is its base indicator's figure ('of')
    agg_of = targets["of"].to_numpy(dtype=object) if "of" in targets else np.full(n, "")
    multi_row = agg_of != ""
    judged = pd.DataFrame({"region": targets["region"].to_numpy(dtype=object),
                           "indicator_id": np.where(multi_row, agg_of,
                                                    targets["indicator_id"].to_numpy(object))})
    known = obs[obs["year"] == target_year]
    if len(known):  # (most tables have none: a merge costs milliseconds even when empty)
        known = known.merge(judged.drop_duplicates())
    # A year-to-date figure of an earlier year updates nothing: only its own year's forecast
    # (partial_year_update), and the history needs that year's full figure. In November, a
    # draft for next year beside this year's M9 figure alone would ignore it without a word.
    frame = tbl._frame
    ytd = frame[(frame["period"] != "") & (frame["year"] < target_year)]
    if len(ytd):
        ytd = ytd.merge(judged.drop_duplicates())
    if len(ytd):
        full = obs[["region", "indicator_id", "year"]].drop_duplicates()
        alone = ytd.merge(full, how="left", indicator=True)
        alone = alone[alone["_merge"] == "left_only"].drop_duplicates(
            ["region", "indicator_id", "year"])
        if len(alone):
            shown = [f"{lab} {int(y)} {per}" for lab, y, per in
                     zip(_labels(alone), alone["year"], alone["period"], strict=True)]
            model_notes.append(
                f"year-to-date figures of earlier years are not used ({', '.join(shown[:5])}"
                f"{', ...' if len(shown) > 5 else ''}): such a figure updates only the forecast "
                "of its own year, and the history needs the year's full figure (its estimate: "
                "kind 'estimate', no period)")
    if multi_row.any():
        bases = judged[multi_row].drop_duplicates()
        part_of = part.merge(bases)
        if len(part_of):
            model_notes.append(
                f"multi-year targets do not use year-to-date figures of {target_year} "
                f"(given for {', '.join(_labels(part_of).head(5))}): their paths start from "
                "the full years")
        if window is not None:
            model_notes.append(f"window={int(window)} applies to one-year targets; "
                               "multi-year targets use their base indicators' whole history")
    if len(known):
        model_notes.append(
            f"{len(known)} target(s) have a full-year figure for {target_year} in the table "
            f"({', '.join(_labels(known).head(5))}"
            f"{', ...' if len(known) > 5 else ''}): that is the outcome; the forecast, made as "
            "before the year, does not use it (compare with backtest)")
    record = plan_record(tbl, target_year=target_year, band_tolerance=band_tolerance,
                         observations=obs)
    # beside the model's expectation: any probability, multi-year targets' included
    if record is not None and np.isfinite(out["probability"].to_numpy(dtype=np.float64)).any():
        ry, rmet, rn, requal = record
        model_notes.append(
            f"plan record: {rmet} of {rn} targets for {ry} met by the reported outcome"
            + (f" ({requal} outcome{'' if requal == 1 else 's'} equal to the plan, as year-end "
               "estimates often are)"
               if requal else ""))
    label = _labels(targets).to_numpy(dtype=object)
    def inferred_note(i: int) -> str:
        if how[i] == "name":  # a word of the name ("nghèo", "cơ cấu") may mislead
            return (f"direction of {label[i]} inferred as {direction[i]!r} from its "
                    "Vietnamese name" + (" or its heading's (a share of a structure, 'cơ cấu')"
                                         if direction[i] == "band" else "")
                    + ": if that is wrong, give the table a direction column, as it changes "
                    "the probability")
        if how[i] != "plan":  # the default
            return (f"direction of {label[i]} inferred as {direction[i]!r} by default (nothing "
                    "else to read it from): if that is wrong, give the table a direction "
                    "column, as it changes the probability")
        side = "below" if direction[i] == "lower" else "at or above"
        other = "higher" if direction[i] == "lower" else "lower"
        return (f"direction of {label[i]} inferred as {direction[i]!r} from plan (the plan is "
                f"{side} the latest figure): if {other} is better, give the table a direction "
                "column, as this reverses the probability")

    notes = (tuple(inferred_note(int(i)) for i in inferred) + tuple(model_notes)
             + _past_pace_note(out, spec.name)
             + _older_baseline_note(out, target_year)
             + _untargeted_note(tbl, targets, target_year)
             + _pooled_regions_note(fit_panel, fit_regions, targets, spec.name)
             + _units_across_regions_note(tbl, targets, spec.name)
             + _region_notes(tbl, set(targets["region"].astype(str)), target_year))
    return Assessment(_frame=out, target_year=target_year, model=spec.name, notes=notes,
                      table=tbl,
                      forecast=fc, forecast_rows=tuple(np.flatnonzero(usable).tolist()),
                      model_settings=_non_default_settings(spec),
                      options={"window": None if window is None else int(window),
                               "band_tolerance": (None if band_tolerance is None
                                                  else float(band_tolerance)),
                               "plan_source": plan_source,
                               "rng": int(rng) if isinstance(rng, (int, np.integer))
                               else None if rng is None else "generator"})


def _region_notes(tbl: IndicatorTable, targeted: set[str],
                  target_year: int) -> tuple[str, ...]:
    """The notes on regions spelt two ways (:func:`_region_spelling_note`,
    :func:`_region_prefix_note`), from the table's distinct region names, read once."""
    names = [str(n) for n in pd.unique(tbl._frame["region"].to_numpy(dtype=object))]
    return (_region_spelling_note(names, targeted, target_year)
            + _region_prefix_note(tbl, names, targeted, target_year))


def _region_spelling_note(regions: list[str], targeted: set[str],
                          target_year: int) -> tuple[str, ...]:
    """A note naming regions whose names differ only in their diacritics ("Điện Biên" and
    "Điên Biên"): two regions to the library, so a typo on a history row takes that year out
    of its series without a word. Real names can differ so ("Tân Hòa", "Tân Hóa"): a note,
    not an error. ``regions``: the table's distinct region names."""
    groups: dict[str, list[str]] = {}
    for name in regions:
        groups.setdefault(_folded(name), []).append(name)
    notes = []
    for names in (g for g in groups.values() if len(g) > 1):
        idle = [f"“{n}”" for n in names if n not in targeted]
        notes.append(
            f"regions {', '.join(f'“{n}”' for n in names)} differ only in their diacritics: "
            f"{len(names)} regions to the library; if one is a typo, correct it"
            + (f" ({', '.join(idle)} without a target for {target_year}: the figures under "
               f"{'that name' if len(idle) == 1 else 'those names'} are not in the other "
               "spelling's series)" if idle else ""))
    return tuple(notes)


#: An administrative word before a place's name, or its abbreviation ("Huyện", "H.", "Thành
#: phố", "TP.", "Thị xã", "TX."); "Tỉnh" beside the bare name is refused by read_table.
_ADMIN_PREFIX = re.compile(r"^(?:tỉnh|t\.|thành\s+phố|tp\b\.?|thị\s+xã|tx\b\.?|huyện|h\.|"
                           r"quận|q\.|thị\s+trấn|tt\b\.?|xã|x\.|phường|p\.)\s*",
                           re.IGNORECASE)


def _region_prefix_note(tbl: IndicatorTable, regions: list[str], targeted: set[str],
                        target_year: int) -> tuple[str, ...]:
    """A note naming regions that differ only in an administrative word ("Huyện Mai Sơn",
    "H. Mai Sơn", "Mai Sơn"; "Thành phố Sơn La", "TP. Sơn La") where one has targets but no
    figures before the year and another has figures: the split leaves those targets without a
    history. Names that differ in their diacritics too are grouped ("Mai Son", "H. Mai Sơn":
    the note says so). Regions that each have figures (a province and its capital city, one
    of them only a peer) get no note, nor names without an administrative word ("Tân Hòa",
    "Tân Hóa": the diacritics note's). ``regions``: the table's distinct region names."""
    f = tbl._frame
    groups: dict[str, list[str]] = {}
    bare_of: dict[str, str] = {}
    for name in regions:
        bare_of[name] = _ADMIN_PREFIX.sub("", name.strip()) or name
        groups.setdefault(_folded(bare_of[name]), []).append(name)
    if all(len(g) == 1 for g in groups.values()):
        return ()  # the usual case, without a look at every row
    seen = set(f.loc[(f["kind"] != "plan") & (f["year"] < target_year), "region"].astype(str))
    notes = []
    for names in (g for g in groups.values() if len(g) > 1):
        if all(bare_of[n] == n.strip() for n in names):
            continue  # no administrative word: only diacritics differ (_region_spelling_note)
        # "Mai Son" for "Mai Sơn" too: said, since such names may be two places
        marks = ("" if len({_same_name_key(bare_of[n]) for n in names}) == 1
                 else " and their diacritics")
        no_figure = [f"“{n}”" for n in names if n in targeted and n not in seen]
        if not no_figure or all(n not in seen for n in names):
            continue
        no_target = [f"“{n}”" for n in names if n not in targeted]
        detail = "; ".join(
            [f"no figure before {target_year}: {', '.join(no_figure)}"]
            + ([f"no target for {target_year}: {', '.join(no_target)}"] if no_target else []))
        notes.append(
            f"regions {', '.join(f'“{n}”' for n in names)} differ only in an administrative "
            f"word (huyện, thành phố, ...){marks}: {len(names)} regions to the library, and the "
            f"figures of one are not in the other's series ({detail}); if they are one place, "
            "write one name")
    return tuple(notes)


#: Models that pool an indicator's regions (its peer group in a table of several regions).
_POOLING = frozenset({"drift", "refclass", "combination", "plan_record"})


def _pooled_regions_note(fitted: Panel | None, n_regions: int, targets: pd.DataFrame,
                         model: str) -> tuple[str, ...]:
    """For a model fitted to the series of several regions (``fitted``: its panel, grouped by
    indicator; ``n_regions``: how many regions its series come from), a note that each
    indicator is pooled with the same indicator elsewhere, so that a region's probabilities
    move with the regions the table holds (by up to 0.08 for drift in a review's six
    provinces, more for refclass), when an indicator with a target has series in two regions;
    and one naming the targeted indicators that no other region's series has (no other region
    to pool with)."""
    # a panel of one region is grouped by scale, not by indicator
    if model not in _POOLING or fitted is None or n_regions < 2:
        return ()
    size = Counter(fitted.group)
    targeted = list(dict.fromkeys(targets["indicator_id"].astype(str)))
    notes = []
    if any(size.get(i, 0) >= 2 for i in targeted):
        k = targets["region"].nunique()
        notes.append(f"each indicator is pooled with the same indicator in the table's other "
                     f"regions ({k} region{'' if k == 1 else 's'} with targets): a region's "
                     "probabilities depend on the regions the table holds (methods.md, peer "
                     "groups)")
    alone = [i for i in targeted if size.get(i, 0) == 1]
    if alone:
        notes.append(f"{len(alone)} indicator(s) have series in one region only "
                     f"({first_few(alone)}): no "
                     "other region's series of them to pool with (methods.md, peer groups)")
    return tuple(notes)


#: Models whose peers are compared by their levels, which a unit moves (methods.md).
_LEVEL_PEERS = frozenset({"refclass", "combination"})


def _units_across_regions_note(tbl: IndicatorTable, targets: pd.DataFrame,
                               model: str) -> tuple[str, ...]:
    """Notes naming the targeted indicators written on other scales, or in units of another
    magnitude, in other regions: regions may keep their own unit, but a pooling model pools an
    indicator's regions. Scales of one family (a count here, a percentage there; a growth rate
    is pooled apart) mix unlike steps; a unit in million rather than billion dong moves the
    level that refclass compares (a unit spelt another way, "Tỷ VNĐ", does not)."""
    f = tbl._frame
    if model not in _POOLING or f["region"].nunique() < 2:
        return ()
    mine = f[f["indicator_id"].isin(set(targets["indicator_id"]))]
    per = mine.drop_duplicates(["region", "indicator_id"])[
        ["region", "indicator_id", "unit", "scale"]].copy()
    units = per["unit"].astype(str)
    magnitude = {u: _unit_magnitude(u) for u in pd.unique(units)}
    per["magnitude"] = units.map(magnitude)
    # by indicator at once (a table of many regions and indicators): one pass, not one per id
    pooled = per[per["scale"] != "rate"]  # a growth rate is pooled with rates only
    n_scales = pooled.groupby("indicator_id", sort=False)["scale"].nunique()
    by = {"scale": [i for i in n_scales.index[n_scales > 1]], "unit": []}
    # an abbreviation whose magnitude is not read ("Tđ") is no other magnitude
    read = per[(per["magnitude"].map(len) > 0) | ~units.str.contains(".", regex=False)]
    if model in _LEVEL_PEERS:
        n_mag = read.groupby("indicator_id", sort=False)["magnitude"].nunique()
        on_scales = set(by["scale"])  # named once, for their scales
        by["unit"] = [i for i in n_mag.index[n_mag > 1] if i not in on_scales]
    found: dict[str, list[str]] = {"scale": [], "unit": []}
    order = {i: k for k, i in enumerate(pd.unique(per["indicator_id"]))}
    for what, ids in by.items():
        rows = pooled if what == "scale" else read
        for ind in sorted(ids, key=order.__getitem__):
            g = rows[rows["indicator_id"] == ind]
            shown = "; ".join(f"{v} in {', '.join(map(str, rs['region']))}"
                              for v, rs in g.groupby(what, sort=False))
            found[what].append(f"{ind} ({shown})")
    notes = []
    for what, items in found.items():
        if items:
            notes.append(
                f"{len(items)} indicator(s) written on more than one {what} across regions: "
                f"{first_few(items)}: the model "
                + ("pools its regions' yearly changes, which are unlike on different scales"
                   if what == "scale" else "compares its regions' levels, which a unit of "
                   "another magnitude moves")
                + f"; write each in one {what} in every region")
    return tuple(notes)


def _past_pace_note(out: pd.DataFrame, model: str) -> tuple[str, ...]:
    """A note naming the targets that the past pace would reach (a feasibility ratio above 0
    and at most 1) but that the damped models (``drift``, ``combination``) call ``unlikely``:
    the two columns disagree, and on steady indicators the damping has understated such
    probabilities (methods.md), which a reader of one column alone would not know."""
    if model not in ("drift", "combination"):
        return ()
    ratio = out["feasibility_ratio"].to_numpy(dtype=np.float64, na_value=np.nan)
    # not where a year-to-date figure moved or settled the probability: the damping did not
    no_ytd = out["partial_period"].astype(str).to_numpy(dtype=object) == ""
    with np.errstate(invalid="ignore"):
        hit = np.flatnonzero((ratio > 0.0) & (ratio <= 1.0) & no_ytd
                             & (out["status"].to_numpy(dtype=object) == "unlikely"))
    if not len(hit):
        return ()
    label = _labels(out).to_numpy(dtype=object)
    prob = out["probability"].to_numpy(dtype=np.float64)
    shown = [f"{label[i]} (ratio {ratio[i]:.2f}, P = {prob[i]:.2f})" for i in hit]
    return (f"{len(hit)} target(s) that the past pace would reach (feasibility ratio at most 1) "
            f"are unlikely by the model (P below 0.3): {', '.join(shown)}: the model does not "
            "extend a past pace at full strength, and on steady indicators it has understated "
            "such probabilities (methods, 'Why a target that the past pace would reach can "
            "still be unlikely')",)


def _older_baseline_note(out: pd.DataFrame, target_year: int) -> tuple[str, ...]:
    """A note naming the targets measured from a figure older than the year before theirs
    where other targets have a figure for that year (the text table shows no baseline year, so
    a missing estimate would pass unseen)."""
    year = out["baseline_year"].to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        old = np.flatnonzero(year < target_year - 1)
    if not len(old):
        return ()
    if not (year == target_year - 1).any():
        # none has a figure for the year before: a plan's end year assessed years ahead on
        # purpose, or a year's figures not yet in the table; said without a judgement
        first, last = int(np.nanmin(year[old])), int(np.nanmax(year[old]))
        return (f"every target with a figure before {target_year} starts from a figure of "
                f"{first}" + (f"-{last}" if last > first else "") + f", {target_year - last} "
                f"year(s) or more before {target_year} (the table has no actual or estimate "
                f"for {target_year - 1}): the need per year and the forecasts run over the "
                "years since",)
    label = _labels(out).to_numpy(dtype=object)
    shown = [f"{label[i]} ({int(year[i])})" for i in old[:5]]
    return (f"{len(old)} target(s) have no actual or estimate for {target_year - 1} and start "
            f"from an older figure ({', '.join(shown)}{', ...' if len(old) > 5 else ''}): "
            "their need per year and their forecast run over the years since",)


def _untargeted_note(tbl: IndicatorTable, targets: pd.DataFrame,
                     target_year: int) -> tuple[str, ...]:
    """A note naming the indicators that have plans, but none for ``target_year`` (a plan
    typed with another year would otherwise leave the assessment without a word)."""
    f = tbl._frame
    is_plan = f["kind"].to_numpy(dtype=object) == "plan"
    have = set(zip(targets["region"], targets["indicator_id"], strict=True))
    ids, number = tbl._series
    if np.isin(ids[is_plan], [number[k] for k in have if k in number]).all():
        return ()  # the usual case: every series with plans has a target (cheap)
    plans = f[is_plan]
    latest = plans.groupby(["region", "indicator_id"], sort=False)["year"].max()
    gone = [(r, i, int(y)) for (r, i), y in latest.items() if (r, i) not in have]
    if not gone:
        return ()
    several = len({r for r, _, _ in gone} | {r for r, _ in have}) > 1
    shown = [f"{r + '/' if several else ''}{i} (latest plan: {y})" for r, i, y in gone]
    return (f"no target for {target_year} in the table for {len(gone)} indicator(s) with plans "
            f"for other years: {first_few(shown)}",)


def unmodellable(panel: Panel, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Series of ``panel`` a model cannot take, and why.

    Parameters
    ----------
    panel : Panel
        The series, on the natural scale (only ``panel.values`` is read).
    scale : ndarray of str
        Scale of each series (``percent``, ``level``, ``rate`` or ``count``), in panel order.

    Returns
    -------
    reason : ndarray of str (object)
        Per series, ``""`` or why its forecast is left out or rests on a choice.
    excluded : ndarray of bool
        True where no model is fitted: a level with a value <= 0 (no logarithm), or a
        percentage at 0 or 100 beside a value within :data:`PERCENT_CLIP` pp of that bound
        (the logit cannot keep their order). A percentage at a bound alone is kept, with a
        reason.
    """
    v = panel.values
    reason = np.full(panel.n_series, "", dtype=object)
    # A level lives on the log scale: a zero (or below) in its history has no log.
    with np.errstate(invalid="ignore"):
        nonpos = np.nanmin(np.where(np.isnan(v), np.inf, v), axis=1) <= 0
        at0, near0 = (v <= 0).any(axis=1), ((v > 0) & (v < PERCENT_CLIP)).any(axis=1)
        at100 = (v >= 100).any(axis=1)
        near100 = ((v < 100) & (v > 100 - PERCENT_CLIP)).any(axis=1)
    bad_level = (scale == "level") & nonpos
    reason[bad_level] = ("a level of 0 has no logarithm: give the indicator scale 'rate' "
                         "or 'count' to model it")
    # A percentage at a bound is moved PERCENT_CLIP inside it for the logit (to_z); beside a
    # value even closer to that bound the order of the two would flip, so no forecast.
    bad_pct = (scale == "percent") & ((at0 & near0) | (at100 & near100))
    reason[bad_pct] = (f"a percentage at 0 or 100 beside a value within {PERCENT_CLIP} pp "
                       "of the same bound: the logit cannot keep their order")
    at_bound = ~bad_pct & (scale == "percent") & (at0 | at100)
    reason[at_bound] = (f"the history has a percentage at 0 or 100, taken {PERCENT_CLIP} pp "
                        "inside the bound for the logit: the forecast, and any change to "
                        "or from the bound, rest on that choice")
    return reason, bad_level | bad_pct


def _peer_series(tbl: IndicatorTable, targets: pd.DataFrame,
                 hist: pd.DataFrame) -> pd.DataFrame:
    """The table's other series a model can take beside ``targets``: no target row, at least
    two observations in ``hist``, not a multi-year target's own id, not :func:`unmodellable`
    (rows of :meth:`IndicatorTable.indicators`)."""
    key = ["region", "indicator_id"]
    if tbl.n_series == len(targets):  # the usual case: every series has a target (cheap)
        return tbl.indicators().iloc[:0]
    counts = hist.groupby(key, sort=False).size()
    others = counts.index[counts.to_numpy() >= 2].difference(
        pd.MultiIndex.from_frame(targets[key]))
    if not len(others):
        return tbl.indicators().iloc[:0]
    others = others.difference(list(tbl.multi_year_series)) if tbl.multi_year_series else others
    ind = tbl.indicators()
    rows = ind[pd.MultiIndex.from_frame(ind[key]).isin(others)].reset_index(drop=True)
    if rows.empty:
        return rows
    panel, _ = build_panel(hist, rows[["region", "indicator_id", "scale", "cap"]])
    _, excluded = unmodellable(panel, rows["scale"].to_numpy(dtype=object))
    return rows[~excluded].reset_index(drop=True)


def _settings_note(spec: Any) -> str:
    """``"model 'drift' with damping=0.5"`` for a spec with non-default settings, else ``""``."""
    settings = _non_default_settings(spec)
    return f"model {spec.name!r} with {settings}" if settings else ""


def _seedless(spec: Any) -> Any:
    """``spec`` with its seed ``rng`` (if it has one) set aside, to compare settings."""
    if "rng" in getattr(spec, "__dataclass_fields__", {}):
        return dataclasses.replace(spec, rng=None)
    return spec


def _non_default_settings(spec: Any) -> str:
    """The hyper-parameters of a spec that differ from its model's defaults, as ``a=1, b=2``
    (``""`` when none; the seed ``rng`` is not a setting)."""
    if not dataclasses.is_dataclass(spec):
        return ""
    default = get_model(str(getattr(spec, "name", "")))
    changed = []
    for f in dataclasses.fields(spec):
        value, usual = getattr(spec, f.name), getattr(default, f.name)
        if f.name == "components":  # a combination's: by model, each described the same way
            value = tuple(get_model(c) for c in value)
            usual = tuple(get_model(c) for c in usual)
            if tuple(map(_seedless, value)) == tuple(map(_seedless, usual)):
                continue  # a component's seed is not a setting either
        try:
            same = bool(value == usual)
        except (TypeError, ValueError):  # an array compares element by element
            same = False
        if f.name == "rng" or same:
            continue
        if f.name == "components":
            parts = [c.name + (f" with {_non_default_settings(c)}" if _non_default_settings(c)
                               else "") for c in value]
            changed.append(f"components=({', '.join(parts)})")
        else:
            changed.append(f"{f.name}={value!r}")
    return ", ".join(changed)


def _table_order(tbl: IndicatorTable, series: pd.DataFrame) -> np.ndarray:
    """Positions that sort ``series`` (region, indicator_id) as :meth:`IndicatorTable.indicators`
    lists them."""
    place = tbl.series_numbers  # in order of first appearance, as indicators() lists them
    at = [place[k] for k in zip(series["region"], series["indicator_id"], strict=True)]
    return np.argsort(np.asarray(at, dtype=np.int64), kind="stable")


def _series_models(fitted: Any, name: str) -> np.ndarray:
    """Per series of a fitted model, the name of the model that forecast it (a fallback's
    where one stood in: ``FittedETS.series_models``), else ``name``; object array."""
    if hasattr(fitted, "series_models"):
        return np.asarray(fitted.series_models(), dtype=object)
    return np.full(fitted.panel.n_series, name, dtype=object)


#: The reason's note on an average of a growth rate (scale ``rate``).
GEOMETRIC_NOTE = ("the average of a growth rate is its average annual rate: the geometric mean "
                  "of the yearly growth factors, as the statistics office computes it")
#: Why a multi-year target has no Eurostat, ESCAP or UNSD ratio.
MULTIYEAR_NO_PROGRESS_RATIOS = ("no Eurostat, ESCAP or UNSD ratio: they judge a level to reach, "
                                "not a total or an average over years")

#: Draws used to simulate the paths behind a multi-year (``aggregate``) target.
AGGREGATE_DRAWS = 4000
#: Seed of those draws when ``assess`` gets no ``rng``: the same table gives the same numbers.
AGGREGATE_SEED = 2025
#: Probability levels at which simulate_paths reads each year's quantiles (and interpolates
#: between): 200 even steps, and the tails down to 1e-6 either side, so that a heavy-tailed
#: predictive keeps its tails in the paths.
_TAILS = np.array([1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 2e-3])
_GRID = np.concatenate([_TAILS, (np.arange(200) + 0.5) / 200.0, 1.0 - _TAILS[::-1]])
#: The normal scores of :data:`_GRID`, in which simulate_paths interpolates.
_GRID_SCORES = special.ndtri(_GRID)


def simulate_paths(forecasts: list[Any], n_draws: int, rng: RngLike = None,
                   reversion: np.ndarray | None = None) -> np.ndarray:
    """Joint draws of each series' values 1, 2, ..., H years ahead.

    The model gives the distribution of each year separately; the years are tied together by
    a Gaussian copula: with :math:`W_h = \\rho W_{h-1} + e_h` (:math:`e_h` standard normal,
    :math:`W_0 = 0`), the value ``h`` years ahead is the model's
    :math:`\\Phi(W_h / \\sqrt{R_h})` quantile, :math:`R_h = \\sum_{j<h} \\rho^{2j}`. With
    :math:`\\rho = 1` (a random walk, :math:`R_h = h`) this is exact for a random walk with
    known drift; with :math:`\\rho < 1` for an AR(1) with known parameters (a growth rate
    that reverts, :attr:`~sonla_forecast.models.drift.FittedDrift.reversion`). Each year's
    distribution stays the model's (read from its quantiles at :data:`_GRID`, from 1e-6 to
    1 - 1e-6, interpolated; a count's rounded to whole numbers; an infinite extreme quantile
    replaced by the nearest finite one); what the copula does not carry is the part of the
    model's uncertainty that all years share (the drift's, and how strongly it persists:
    :attr:`~sonla_forecast.models.drift.DriftDefaults.persistence_sd`), so a sum over years is
    somewhat too narrow.

    Parameters
    ----------
    forecasts : list of Forecast
        ``forecasts[h - 1]`` is the model's forecast ``h`` years ahead, all for the same n
        series.
    n_draws : int
        Paths per series.
    rng : Generator, int or None
    reversion : ndarray, shape (n,), optional
        :math:`\\rho` per series (default: all 1).

    Returns
    -------
    ndarray, shape (n, H, n_draws)
        Natural-scale values.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import simulate_paths
    >>> from sonla_forecast.models.base import TForecast
    >>> fcs = [TForecast(loc=np.array([0.0]), scale=np.array([np.sqrt(h)]),
    ...                  df=np.array([np.inf]), codes=np.array([2]), cap=np.array([np.nan]))
    ...        for h in (1, 2)]
    >>> paths = simulate_paths(fcs, 20000, rng=1)
    >>> round(float(np.corrcoef(paths[0, 0], paths[0, 1])[0, 1]), 1)  # sqrt(1/2) = 0.71
    0.7
    """
    g = as_generator(rng)
    n = forecasts[0].n_series
    steps = g.standard_normal((n, len(forecasts), n_draws))
    rho = (np.ones((n, 1)) if reversion is None
           else np.asarray(reversion, dtype=np.float64).reshape(n, 1))
    w = np.empty_like(steps)
    level, var = np.zeros((n, n_draws)), np.zeros((n, 1))
    for h in range(len(forecasts)):  # a few years; vectorised over series and draws
        level = rho * level + steps[:, h, :]
        var = rho**2 * var + 1.0
        w[:, h, :] = level / np.sqrt(var)
    # Between two grid levels the quantile is interpolated in normal scores (w), in which a
    # tail's quantiles are far closer to a line than in probabilities.
    scores = _GRID_SCORES
    w = np.clip(w, scores[0], scores[-1])
    out = np.empty_like(w)
    lo = np.minimum(np.searchsorted(scores, w, side="right") - 1, len(_GRID) - 2)
    hi = lo + 1
    frac = (w - scores[lo]) / (scores[hi] - scores[lo])
    for h, fc in enumerate(forecasts):
        with np.errstate(over="ignore"):  # a heavy tail's extreme quantile may overflow
            q = fc.quantiles(_GRID)  # (n, G)
        if not np.isfinite(q).all():
            # quantiles rise along the grid: an infinite one (a level's at 1 - 1e-6 with few
            # degrees of freedom) takes the last finite one before it (the first after it)
            q = np.where(np.isfinite(q), q, np.nan)
            q = np.fmax.accumulate(q, axis=1)
            q = np.fmin.accumulate(q[:, ::-1], axis=1)[:, ::-1]
        a = np.take_along_axis(q, lo[:, h, :], axis=1)
        b = np.take_along_axis(q, hi[:, h, :], axis=1)
        out[:, h, :] = a + frac[:, h, :] * (b - a)
    # A count's quantiles are whole numbers: so are its paths (the step between two whole
    # quantiles placed within half a grid step of where the model puts it).
    count = np.asarray(forecasts[0].codes) == SCALES.index("count")
    if count.any():
        out[count] = np.rint(out[count])
    return out


def _required_rate_for_sum(b: float, observed: float, future: np.ndarray, target: float
                           ) -> tuple[float, str, float]:
    """Constant growth r of the base from b that makes observed + sum b(1+r)^k equal target.

    Returns ``(r, "", nan)``; or NaN, why there is none and the total at the edge of the
    search: ``"zero"`` (no rate from a baseline <= 0), ``"fast"`` (more than +1000% a year
    needed; the total at +1000%), ``"slow"`` (the total passes the target even at -99% a
    year; the total there).
    """
    nan = float("nan")
    if future.size == 0:
        return nan, "", nan
    if not b > 0:
        return nan, "zero", nan

    def total(r: float) -> float:
        return observed + float(np.sum(b * np.power(1.0 + r, future)))

    if abs(total(0.0) - target) <= 1e-12 * max(abs(target), 1.0):
        # no growth: exactly 0, which bisection only approaches (-5.6e-17, read as a fall)
        return 0.0, "", nan
    lo, hi = -0.99, 10.0
    if target > total(hi):
        return nan, "fast", total(hi)
    if target < total(lo):
        return nan, "slow", total(lo)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if total(mid) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi), "", nan


def _assess_aggregates(
    out: pd.DataFrame,
    targets: pd.DataFrame,
    obs: pd.DataFrame,
    target_year: int,
    spec: Any,
    tbl: IndicatorTable,
    rng: RngLike,
) -> None:
    """Fill the rows of multi-year targets (``aggregate`` = mean or sum of ``of`` over
    ``start_year`` .. the target year) in place, from simulated paths of the base indicator."""
    rows = np.flatnonzero(targets["aggregate"].to_numpy(dtype=object) != "")
    # A one-year reading of the target's own figures means nothing here: only what the
    # multi-year rule computes below (ASSESSMENT_COLUMNS says which) is filled.
    single_year = ["required_change", "required_change_per_year", "required_relative_change",
                   "required_annual_rate", "feasibility_ratio", "eurostat_ratio", "escap_ratio",
                   "unsd_ratio"]
    out.loc[out.index[rows], single_year] = np.nan
    out.loc[out.index[rows], ["eurostat_verdict", "escap_verdict", "unsd_verdict"]] = ""
    if plan_conditioned(spec):
        for i in cast("Iterable[int]", rows):
            out.loc[out.index[i], "reason"] = (
                f"model {spec.name!r} forecasts whether a plan is met, not the indicator's "
                "path: a multi-year target needs a trajectory model (e.g. the default)")
        return
    meta = tbl.indicators().set_index(["region", "indicator_id"])
    hist = obs[obs["year"] < target_year]
    # First year, last year and count of each aggregated series' history, in one pass (a
    # filter of the whole history per target was quadratic in the number of targets).
    wanted = pd.DataFrame({"region": targets["region"].to_numpy(dtype=object)[rows],
                           "indicator_id": targets["of"].to_numpy(dtype=object)[rows]})
    span = (hist.merge(wanted.drop_duplicates(), on=["region", "indicator_id"])
            .groupby(["region", "indicator_id"])["year"].agg(["min", "max", "size"]))
    span_of = {key: (int(lo), int(hi), int(k)) for key, lo, hi, k
               in zip(span.index, span["min"], span["max"], span["size"], strict=True)}
    keys, ok_rows, reasons = [], [], {}
    f_all = tbl._frame
    is_multi = (f_all["aggregate"] != "").to_numpy()
    multi = set(zip(f_all["region"].to_numpy()[is_multi],
                    f_all["indicator_id"].to_numpy()[is_multi], strict=True))
    for i in cast("Iterable[int]", rows):  # np.intp positions; the stubs want int
        region, base = cast(str, targets["region"].iat[i]), cast(str, targets["of"].iat[i])
        if (region, base) not in meta.index:
            elsewhere = sorted({str(r) for r, b in meta.index if b == base})
            reasons[i] = f"the table has no indicator {base!r} to aggregate" + (
                f" in {region} (only in {', '.join(elsewhere)})" if elsewhere else "")
            continue
        first, last, count = span_of.get((region, base), (0, 0, 0))
        if (region, base) in multi and count < 2:  # a multi-year row with no yearly values
            reasons[i] = (f"{base!r} is itself a multi-year target: 'of' names the indicator "
                          "whose yearly values are aggregated")
            continue
        start = int(cast(float, targets["start_year"].iat[i]))
        if count < 2:
            reasons[i] = f"{base!r} needs at least two observations before {target_year}"
            continue
        if first > start and last >= start:
            reasons[i] = (f"{base!r} has no observation before {first}, inside "
                          f"the period {start}-{target_year}")
            continue
        keys.append((region, base))
        ok_rows.append(i)
    for i, why in reasons.items():
        out.loc[out.index[i], "reason"] = why
    if not ok_rows:
        return
    # One series per base indicator: two targets on one indicator share its paths (and it
    # counts once in the pool), in sorted order: the paths' draws follow the series' places,
    # which the table's row order must not move.
    unique = sorted(dict.fromkeys(keys))
    kdf = pd.DataFrame(unique, columns=["region", "indicator_id"])
    kdf["scale"] = [cast(str, meta.loc[k, "scale"]) for k in unique]
    kdf["cap"] = [cast(float, meta.loc[k, "cap"]) for k in unique]
    # oriented by the base indicator's own direction, as its one-year targets are (not by the
    # first multi-year row on it: the rows' order, or a 'lower' total, moved every forecast)
    kdf["orientation"] = orientation_of(
        np.array([meta.loc[k, "direction"] for k in unique], dtype=object),
        np.array([meta.loc[k, "direction_source"] for k in unique], dtype=object),
        kdf["indicator_id"].to_numpy(dtype=object))
    panel, last_year = build_panel(hist, kdf)
    cannot, excluded = unmodellable(panel, kdf["scale"].to_numpy(dtype=object))
    place = {k: j for j, k in enumerate(unique)}
    if excluded.any():  # a level at 0 (no logarithm): no paths for its targets
        gone = [bool(excluded[place[k]]) for k in keys]
        for k, i, out_k in zip(keys, ok_rows, gone, strict=True):
            if out_k:
                out.loc[out.index[i], "reason"] = f"{k[1]!r}: {cannot[place[k]]}"
        kept = np.flatnonzero(~excluded)
        if not kept.size:
            return
        keys = [k for k, out_k in zip(keys, gone, strict=True) if not out_k]
        ok_rows = [i for i, out_k in zip(ok_rows, gone, strict=True) if not out_k]
        unique = [unique[j] for j in kept.tolist()]
        # the kept series of the panel as built, not a second build
        panel, last_year = panel.subset(kept), last_year[kept]
        place = {k: j for j, k in enumerate(unique)}
    path_of = [place[k] for k in keys]
    horizon_max = int(target_year - last_year.min())
    failure = ""
    try:
        fitted = spec.fit(panel)
    except ModelError as exc:
        # The base series are a panel of their own (few): a model that needs a larger panel
        # leaves these targets without a probability (not the table's one-year targets); what
        # the history says (baseline, past change, growth needed) is still given.
        failure = (f"model {spec.name!r} cannot be fitted to the base series of the "
                   f"multi-year targets: {exc}")
    left_out: list[str] = []  # a combination's component that could not be fitted to them
    if not failure:
        used = _series_models(fitted, spec.name)
        left_out = [f"model '{name}' was left out of the combination for the base series of "
                    # one clause of the reason (its parts are split at "; ")
                    f"the multi-year targets: it could not be fitted "
                    f"({why.replace('; ', ', ')})"
                    for name, _, why in (x.partition(": ")
                                         for x in getattr(fitted, "left_out", ()))]
        fcs = [fitted.forecast(np.full(len(unique), h, dtype=np.int64))
               for h in range(1, horizon_max + 1)]
        paths = simulate_paths(fcs, AGGREGATE_DRAWS, rng=AGGREGATE_SEED if rng is None else rng,
                               reversion=getattr(fitted, "reversion", None))
    years = panel.years
    updates: dict[str, list[tuple[Any, Any]]] = {}

    def put(row: Any, **cells: Any) -> None:
        for col, value in cells.items():
            if col in GROWTH_COLUMNS:  # float noise off, as assess does for the other rows
                value = float(_significant(np.array([value], dtype=np.float64))[0])
            updates.setdefault(col, []).append((row, value))

    for i, j in zip(ok_rows, path_of, strict=True):
        r = out.index[i]
        agg = targets["aggregate"].iat[i]
        start = int(cast(float, targets["start_year"].iat[i]))
        ly = int(last_year[j])
        series = panel.values[j]
        seen = ~np.isnan(series)
        past_years = np.arange(start, min(ly, target_year) + 1)
        past = np.interp(past_years, years[seen], series[seen]) if past_years.size else \
            np.array([])
        gaps = [int(y) for y in past_years if not seen[y - years[0]]] if past_years.size else []
        future = np.arange(max(start, ly + 1), target_year + 1) - ly  # horizons
        n_years = target_year - start + 1
        t = float(cast(float, targets["value"].iat[i]))
        d = targets["direction"].iat[i]
        thr = float(cast(float, out["threshold"].iat[i]))
        tol = float(cast(float, out["tolerance"].iat[i]))
        key = (cast(str, targets["region"].iat[i]), cast(str, targets["of"].iat[i]))
        # The bounds and rates are those of the series aggregated (a target row's own id and
        # unit may read otherwise: an average of GRDP growth in %).
        base_scale = cast(str, meta.at[cast(Any, key), "scale"])
        rate_scale = base_scale == "rate"  # no compound rate of a growth rate
        # the average of a growth rate is the average annual rate (geometric), as the
        # statistics office computes it, not the mean of the rates; a change in points ("Tỷ lệ
        # hộ nghèo giảm", scale rate too) averages arithmetically
        geometric = agg == "mean" and rate_scale and not is_points_unit(
            str(meta.at[cast(Any, key), "unit"])) and is_growth_rate(
            key[1], *(str(meta.at[cast(Any, key), c]) for c in ("name_vi", "name_en")),
            *(str(targets[c].iat[i]) for c in ("indicator_id", "name_vi", "name_en")
              if c in targets))
        # a year of -100% or below leaves nothing: every average from it on is -100
        lost = geometric and bool((past <= -100.0).any())
        lost_share = 0.0  # of the simulated paths with a year at or below -100
        if not failure:
            yearly = paths[j, future - 1, :]
            if base_scale == "percent":
                yearly = held_at_bounds(yearly, float(series[seen][-1]), t / (
                    n_years if agg == "sum" else 1), str(d))
            if geometric:
                value = average_growth_rate(np.vstack(
                    [np.repeat(past[:, None], AGGREGATE_DRAWS, axis=1), yearly]))
                lost_share = float((yearly <= -100.0).any(axis=0).mean()) if future.size \
                    else 0.0
            else:
                draws = yearly.sum(axis=0) + past.sum() if future.size else \
                    np.full(AGGREGATE_DRAWS, past.sum())
                value = draws / n_years if agg == "mean" else draws
            met = meets(value, d, thr, tol, t)
            q10, q50, q90 = np.quantile(value, [0.1, 0.5, 0.9])
            put(r, model=used[j], probability=float(met.mean()),
                outcome_p10=q10, outcome_p50=q50, outcome_p90=q90)
        b = float(series[seen][-1])
        x0 = float(series[seen][0])
        y0 = int(years[seen][0])
        hist_py = (b - x0) / (ly - y0)
        base_name = targets["of"].iat[i]
        hist_rate = float(growth.annual_rate(x0, b, ly - y0)) if x0 > 0 and b >= 0 and not \
            rate_scale else np.nan
        put(r, baseline=b, historical_change_per_year=hist_py, historical_annual_rate=hist_rate,
            baseline_year=ly, horizon=target_year - ly, n_history=int(seen.sum()),
            history_start_year=y0)
        note = [failure] if failure else list(left_out)
        so_far_figure = (past.sum() if agg == "sum" else float(average_growth_rate(past))
                         if geometric else past.mean()) if past_years.size else np.nan
        note += [f"{agg} of {targets['of'].iat[i]} over {start}-{target_year}"
                 + (f" ({start}-{int(past_years[-1])} so far: {_figure(so_far_figure)})"
                    if past_years.size else "")]
        if geometric:
            note.append(GEOMETRIC_NOTE)
            if lost_share > 0 and not lost:
                note.append(f"{_figure(100.0 * lost_share)}% of the simulated paths have a "
                            "year at or below -100% (the forecast's spread for this series "
                            "reaches it): their average annual rate is -100")
        if gaps:
            note.append(f"missing past years {gaps} interpolated linearly")
        settled = ""  # "met" or "missed" whatever the years to come bring
        up = d != "lower"  # band targets are settled by neither rule below
        if agg == "sum":
            so_far = float(past.sum())
            # a growth rate or a change in points is added as it is, not grown at a rate
            rate, no_rate, edge = (np.nan, "rate", np.nan) if rate_scale else \
                _required_rate_for_sum(b, so_far, future.astype(float), t)
            put(r, required_annual_rate=rate)
            # A level or count adds nothing below 0: a total already past the threshold at
            # which the target counts as met stays past it.
            if future.size and base_scale in ("level", "count") and d != "band" and (
                    so_far >= thr if up else so_far > thr):
                settled = "met" if up else "missed"
                note.append(f"the years so far already add up to {_figure(so_far)}, "
                            + ("at or above the target: it is met whatever the years to come"
                               if up else "above the target: it cannot be met"))
            elif no_rate == "rate":
                note.append(f"no required_annual_rate: {base_name} is a growth rate or a change "
                            "(scale 'rate'), added as it is, not grown at a rate")
            elif no_rate == "zero":
                note.append(f"no growth rate from a baseline of {_figure(b)}")
            elif no_rate == "fast":
                note.append(f"even at +1,000% a year {base_name} would add up to "
                            f"{_figure(edge)}, " + ("below the target" if up else
                                                    "within the target"))
            elif no_rate == "slow":
                note.append(f"even if {base_name} falls by 99% a year the total is "
                            f"{_figure(edge)}, " + ("above the target" if up else
                                                    "over the target"))
            elif rate == rate and hist_rate == hist_rate:
                fr, why = growth.feasibility_ratio(rate, hist_rate, "higher" if up else "lower")
                # A total reachable while the yearly figure falls is not met yet: the past
                # pace reaches it only if it fell no faster than that (a growth rate of the
                # wrong sign is no pace to divide by).
                if why == "met" and (hist_rate < rate if up else hist_rate > rate):
                    fr, why = np.nan, ""
                    # what the yearly figure may do (not "falls by at most -0%" at a rate of 0)
                    allowed = (("stays at its latest level or grows" if up else
                                "stays at its latest level or falls") if rate == 0.0 else
                               f"falls by at most {_figure(-100.0 * rate)}% a year" if up else
                               f"grows by at most {_figure(100.0 * rate)}% a year")
                    note.append(
                        f"the total is reached only if {base_name} {allowed}, but it fell by "
                        f"{_figure(-100.0 * hist_rate)}% a year: no feasibility ratio" if up
                        else f"the total stays within the target only if {base_name} "
                        f"{allowed}, but it grew by {_figure(100.0 * hist_rate)}% a year: no "
                        "feasibility ratio")
                put(r, feasibility_ratio=fr)
                if why == "met" and rate == 0.0:
                    note.append(("no growth is needed: the total is reached" if up else
                                 "no fall is needed: the total stays within the target")
                                + f" if {base_name} stays at its latest level")
                elif why == "met" and up:  # reachable while the yearly figure falls
                    note.append(f"no growth is needed: the total is reached even if "
                                f"{base_name} falls by up to {_figure(-100.0 * rate)}% a year")
                elif why == "met":
                    note.append(f"no fall is needed: the total stays within the target even if "
                                f"{base_name} grows by up to {_figure(100.0 * rate)}% a year")
                elif why:
                    note.append(growth.FEASIBILITY_REASONS[why])
            if settled == "met":
                put(r, feasibility_ratio=0.0)
            if not rate_scale:
                note.append("cumulative target: required_annual_rate is the constant growth of "
                            f"{base_name} that reaches it; feasibility compares it with "
                            "the historical annual rate")
        else:
            n_future = max(future.size, 1)
            # what the remaining years must average for the mean to reach the target, and the
            # threshold it is judged at
            need, need_thr = (
                np.nan if lost else rate_to_average(level, past, n_years, n_future)
                if geometric else (level * n_years - past.sum()) / n_future
                for level in (t, thr))
            put(r, required_change=need - b)
            # What the yearly figure can be: not below 0 (a level, count or percentage), not
            # above 100 (a percentage) or its cap; a growth rate may be anything. Settled by
            # the threshold the mean is judged at (the target widened by half a printed unit).
            floor = -np.inf if rate_scale else 0.0
            cap_i = float(cast(float, meta.at[cast(Any, key), "cap"]))
            ceiling = 100.0 if base_scale == "percent" else cap_i if cap_i == cap_i else np.inf
            bound = ""
            if lost:
                note.append("a year of -100% or below so far: the average annual rate is -100 "
                            "whatever the years to come")
                if d != "band":
                    settled = "missed" if up else "met"
            elif future.size and d != "band":
                if need_thr <= floor if up else need_thr < floor:
                    bound = f" (impossible below {_figure(floor)})"
                    settled = "met" if up else "missed"
                elif need_thr > ceiling if up else need_thr >= ceiling:
                    bound = f" (impossible above {_figure(ceiling)})"
                    settled = "missed" if up else "met"
            if not lost:
                note.append(f"average target: the remaining years must average "
                            f"{_figure(need)}{bound}; required_change is that average minus "
                            "the baseline")
            if settled:
                note.append("it is met whatever the years to come" if settled == "met" else
                            "it cannot be met")
        note.append(MULTIYEAR_NO_PROGRESS_RATIOS)
        p_met = float(met.mean()) if not failure else (
            # settled whatever the years to come: certain without any model
            1.0 if settled == "met" else 0.0 if settled == "missed" else np.nan)
        if failure and settled:
            put(r, probability=p_met)
        put(r, status=status_of(np.array([p_met]), np.array([settled == "met"]))[0],
            reason="; ".join(note), eurostat_verdict="", escap_verdict="", unsd_verdict="")
    # One assignment per column: a .loc write per cell took 2 of 3.4 s for 315 targets.
    for col, cells in updates.items():
        out.loc[[r for r, _ in cells], col] = [v for _, v in cells]


def partial_year_update(
    mean: np.ndarray, spread: np.ndarray, projection: np.ndarray, fraction: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Update of a full-year forecast by a year-to-date projection (model scale).

    Prior :math:`Z \\sim N(\\mu, s^2)`; projection :math:`y \\mid Z \\sim N(Z, s^2 (1-f)/f)`
    (the rest of the year accumulates as a random walk). Posterior:
    :math:`N((1-f)\\mu + f y, (1-f) s^2)`. A Student-t forecast :math:`t_\\nu(\\mu, s^2)`, a
    normal whose variance :math:`\\sigma^2` is uncertain, is updated the same way given
    :math:`\\sigma`, its scale and degrees of freedom kept: :math:`t_\\nu((1-f)\\mu + f y,
    (1-f) s^2)`. Its tails are kept, and with :math:`f \\to 0` it is the forecast itself.
    (:math:`\\sigma` is not learned from :math:`y`: with noise tied to :math:`\\sigma`, one
    projection would count as a whole degree of freedom however noisy it is, and a January
    figure at the forecast's centre would shrink the interval by a fifth.)

    Parameters
    ----------
    mean, spread : ndarray
        The model's full-year forecast on the model scale: centre and standard deviation.
    projection : ndarray
        The full year projected from the year-to-date figure, model scale.
    fraction : ndarray
        Share of the year elapsed, :math:`f \\in [0, 1]`.

    Returns
    -------
    mean, spread : ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import partial_year_update
    >>> partial_year_update(np.array([1.0, 1.0]), np.array([2.0, 2.0]),
    ...                     np.array([3.0, 3.0]), np.array([0.0, 1.0]))
    (array([1., 3.]), array([2., 0.]))
    """
    f = np.asarray(fraction, dtype=np.float64)
    if ((f < 0) | (f > 1)).any():
        raise InputError(f"fraction must be in [0, 1], got {f.tolist()}", column="fraction")
    mean_out = (1.0 - f) * np.asarray(mean) + f * np.asarray(projection)
    return mean_out, np.sqrt(1.0 - f) * np.asarray(spread)


#: "per year" (or month, quarter) in a unit, ASCII-folded.
_PER_TIME = re.compile(r"/\s*(?:nam|year|thang|month|quy|quarter)\s*$|"
                       r"/\s*(?:nam|year|thang|month|quy|quarter)\s*/")
#: "per year" in a unit, ASCII-folded: a flow summed over the year (per month: an average).
_PER_YEAR = re.compile(r"/\s*(?:nam|year)\s*(?:$|/)")
#: "per 10,000 people", "per person", "per hectare" in a name, ASCII-folded: a "/" before a
#: number or such a word, or "trên" ("on") before a number or "(một) vạn" / "nghìn" (not
#: "trên địa bàn", "in the province").
_PER_POPULATION = re.compile(r"/\s*(?:[0-9]|van\b|nghin\b|dan\b|nguoi\b|ho\b|ha\b|km)"
                             r"|\btren\s+(?:[0-9]|(?:mot\s+)?(?:van|nghin)\b)")


#: A share of a total in a name ("Tỷ trọng ...", "Tỉ trọng ...", "... trong GRDP"): its
#: year-to-date figure averages the months so far.
_SHARE_OF_TOTAL = re.compile(r"\bt[ỷỉ] trọng\b|\btrong (?:grdp|tổng sản phẩm)\b")


def _labels(rows: pd.DataFrame) -> pd.Series:
    """``indicator_id``, with ``(region)`` after it when ``rows`` span several regions."""
    ids = rows["indicator_id"].astype(str)
    if rows["region"].nunique() > 1:
        return ids + " (" + rows["region"].astype(str) + ")"
    return ids


def is_flow(unit: str, name_vi: str = "") -> bool:
    """Whether a level accumulates over the year (a flow) rather than being read at a point.

    A level per something (a ``/`` in its unit, or in its name before a number or a people
    or area word, ``Số bác sĩ/10.000 dân``, or "trên" before a number or "vạn": ``Số bác sĩ
    trên 10.000 dân``) is a ratio read at a point in the year, unless its
    unit is per year (``Tỷ đồng/năm``, ``Triệu đồng/người/năm``: a yearly flow, per
    person or not). A unit per month or quarter (``Triệu đồng/người/tháng``, an average
    income) is an average over the months so far, not a sum. A ``/`` between two words of a
    name (``xuất/nhập khẩu``) says nothing.

    Parameters
    ----------
    unit : str
        The indicator's unit as printed (``Tỷ đồng``, ``Triệu đồng/người/năm``).
    name_vi : str, default ""
        Its Vietnamese name, searched for a "per population or area" part.

    Returns
    -------
    bool

    Examples
    --------
    >>> from sonla_forecast.assess import is_flow
    >>> is_flow("Tỷ đồng"), is_flow("Bác sĩ", "Số bác sĩ/10.000 dân")
    (True, False)
    >>> is_flow("Triệu đồng/người/ năm"), is_flow("Tỷ đồng", "Kim ngạch xuất/nhập khẩu")
    (True, True)
    >>> is_flow("Triệu đồng/người/tháng")  # an average per month
    False
    """
    unit_text, name_text = fold(unit).strip(), fold(name_vi)
    if _PER_TIME.search(unit_text):
        return not _per_month_or_quarter(unit)
    return "/" not in unit_text and not _PER_POPULATION.search(name_text)


def _per_month_or_quarter(unit: str) -> bool:
    """Whether a unit is per month or quarter (``Triệu đồng/người/tháng``): its year-to-date
    figure averages the months so far."""
    unit_text = fold(unit).strip()
    return bool(_PER_TIME.search(unit_text)) and not _PER_YEAR.search(unit_text)


def settled_so_far(
    so_far: np.ndarray, period: np.ndarray, direction: np.ndarray, threshold: np.ndarray,
    tolerance: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Targets a flow's year-to-date figure settles, and the reason said of each.

    A year-to-date total is not taken back, so a figure that meets a ``higher`` target meets
    it for the year, and one past a ``lower`` target leaves it unmet: the probability is 1 or
    0 whatever the model says.

    Parameters
    ----------
    so_far : ndarray of float
        Each target's least full-year outcome (:func:`year_to_date`'s floor; NaN if none).
    period : ndarray of str
        The figure's period (``M10``).
    direction, threshold, tolerance, target : ndarray
        As :func:`meets` takes them.

    Returns
    -------
    passed : ndarray of bool
        The targets settled (met for ``higher``, missed for ``lower``; never a ``band``).
    reason : ndarray of str
        Why, for the settled targets ('' elsewhere).
    """
    passed = ~np.isnan(so_far) & (direction != "band")
    passed[passed] = ~meets(so_far[passed], direction[passed], threshold[passed],
                            tolerance[passed], target[passed]) == (direction[passed] == "lower")
    reason = np.full(so_far.size, "", dtype=object)
    reason[passed] = [
        f"the {per} figure {_figure_beside(v, t)} already "
        + ("meets the target, and a year-to-date total is not taken back: it is met"
           if d == "higher" else "passes the target, and a year-to-date total is not taken "
           "back: it cannot be met")
        for per, v, d, t in zip(period[passed], so_far[passed], direction[passed],
                                target[passed], strict=True)]
    return passed, reason


def _flows(
    table: IndicatorTable, targets: pd.DataFrame, part: pd.DataFrame, target_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which year-to-date figures are flows, and the share of the year reached by then.

    ``targets`` and ``part`` (the partial figures, with ``months``) are aligned row by row.
    Returns ``flow`` (bool), the table's ``flow`` word (``given``, '' if none), ``share`` (from
    earlier years' figures for the same period and their full years, else m / 12),
    ``learned`` (the share came from earlier years) and ``none_by_then`` (earlier years had 0
    by then, so no share).
    """
    n = len(targets)
    months = part["months"].to_numpy(dtype=np.float64)
    scale = targets["scale"].to_numpy(dtype=object)
    units = targets["unit"].astype(str).to_numpy(dtype=object)
    names = targets["name_vi"].astype(str).to_numpy(dtype=object)
    flow = (scale == "level") & np.array([is_flow(u, nm) for u, nm in zip(units, names,
                                                                          strict=True)],
                                         dtype=bool)
    # the table's flow column, where given, decides (a stock in plain units, population in
    # "Nghìn người", is read at a point; new enterprises, a count, add up over the year)
    given = (targets["flow"].astype(str).to_numpy(dtype=object) if "flow" in targets
             else np.full(n, "", dtype=object))
    flow = np.where(given == "yes", True, np.where(given == "no", False, flow)) & (
        given != "average")
    share = months / 12.0
    learned = np.zeros(n, dtype=bool)  # the share from earlier years, not m / 12
    none_by_then = np.zeros(n, dtype=bool)  # earlier years had 0 by then: no share
    frame = table._frame
    obs = table.observations().set_index(["region", "indicator_id", "year"])["value"]
    keys = zip(targets["region"], targets["indicator_id"], strict=True)
    for k, (key, m) in enumerate(zip(keys, months, strict=True)):
        if not flow[k]:
            continue
        past = frame[(frame["region"] == key[0]) & (frame["indicator_id"] == key[1])
                     & (frame["months"] == m) & (frame["year"] < target_year)]
        # one figure a year, the actual over an estimate of it (as everywhere else)
        past = past.sort_values("kind").drop_duplicates("year")
        ratios = [v / obs[(key[0], key[1], y)] for y, v in zip(past["year"], past["value"],
                                                                strict=True)
                  if (key[0], key[1], y) in obs.index and obs[(key[0], key[1], y)] > 0]
        if ratios and np.mean(ratios) > 0:
            share[k] = float(np.mean(ratios))
            learned[k] = True
        elif ratios:  # FDI in January: nothing by then in earlier years, nothing to divide by
            none_by_then[k] = True
    return flow, given, share, learned, none_by_then


def _year_to_date_total(flow: np.ndarray, share: np.ndarray, learned: np.ndarray,
                        given: np.ndarray) -> np.ndarray:
    """Which flows' figures are year-to-date totals, which the year does not take back: not
    where earlier years reached more by then than over the whole year (a learned share above
    1), a series that is no sum over the year (a stock read as a flow, such as outstanding
    credit), unless the table says it adds up (``given`` ``yes``: the reader refuses a figure
    so far above its year's beyond rounding, so such a share is the rounding's)."""
    return flow & ((given == "yes") | ~(learned & (share > 1.0)))


def year_to_date(
    table: IndicatorTable, targets: pd.DataFrame, target_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each target's year-to-date figure and the least full-year outcome it allows.

    A flow's figure so far (a year-to-date total: revenue by October) is not taken back, so
    the year ends at least there (:func:`_year_to_date_total` says which figures are such
    totals).

    Parameters
    ----------
    table : IndicatorTable
        The table, with its partial-year figures of ``target_year``.
    targets : DataFrame
        One row per target, with ``region``, ``indicator_id``, ``scale``, ``unit``,
        ``name_vi`` and, optionally, ``flow``.
    target_year : int
        The year the targets are for.

    Returns
    -------
    period : ndarray of str
        The figure's period (``M10``; '' where the target has none).
    value : ndarray of float
        The figure (the indicator's unit; NaN where none).
    floor : ndarray of float
        The least full-year outcome: the figure where it is a flow's year-to-date total, else
        NaN.
    """
    n = len(targets)
    period, value, floor = np.full(n, "", dtype=object), np.full(n, np.nan), np.full(n, np.nan)
    part = table.partials(target_year)
    if part.empty:
        return period, value, floor
    part = part.set_index(["region", "indicator_id"])
    idx = pd.MultiIndex.from_frame(targets[["region", "indicator_id"]])
    rows = np.flatnonzero(idx.isin(part.index))
    if rows.size == 0:
        return period, value, floor
    p = part.reindex(idx[rows])
    flow, given, share, learned, _ = _flows(table, targets.iloc[rows], p, target_year)
    x = p["value"].to_numpy(dtype=np.float64)
    period[rows] = p["period"].to_numpy(dtype=object)
    value[rows] = x
    floor[rows] = np.where(_year_to_date_total(flow, share, learned, given), x, np.nan)
    return period, value, floor


def nowcast(
    forecast: Forecast, table: IndicatorTable, targets: pd.DataFrame, target_year: int
) -> tuple[Forecast, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Update the forecasts of ``target_year`` with the table's partial-year figures.

    For a target whose indicator has a figure for the first ``m`` months of the target year
    (``period`` M1..M11, Q1..Q3, H1), let :math:`f = m / 12` and, on the model scale
    :math:`z = g(x)`, let the model's forecast of the full year have median :math:`\\mu` and
    spread :math:`s` (a Student-t's scale). The year-to-date
    figure gives a projection of the full year :math:`y`: for a flow (scale ``level``,
    :func:`is_flow`: revenue, arrivals, GRDP per person per year; or as the table's ``flow``
    column says, ``yes``, for any scale but ``rate``) the figure divided by the
    share of the year's total usually reached by then (estimated from earlier years' figures for
    the same period and their full-year values, else :math:`f`); for a growth rate, a unit
    per month or quarter or a structure's share (direction ``band``, or "tỷ trọng" or "trong
    GRDP" in the name), averages of the months so far, or where the ``flow`` column says
    ``average``, the figure itself; for a figure read
    at a point of the year (a level per something other than time, doctors per 10,000 people,
    a share, a count, a level whose ``flow`` is ``no``), the change since the last year-end
    figure :math:`z_0` at the year's pace, :math:`y = z_0 + (z - z_0) / f`, so that the year
    ends at the figure plus the rest of the year's expected change,
    :math:`z + (1 - f)(\\mu - z_0)` (:math:`(\\mu - z_0) / h` for a history ending
    :math:`h` years before). If the year accumulates as a random walk, the projection's error
    has variance
    :math:`s^2 (1 - f) / f`, and the full year is normal with mean :math:`(1 - f)\\mu + f y`
    and variance :math:`(1 - f) s^2` (a Student-t keeps its degrees of freedom, with that
    centre and scale: :func:`partial_year_update`); a flow's full year is at least its figure so far
    (:class:`~sonla_forecast.models.base.FlooredForecast`). A level's figure of 0 (no
    logarithm) leaves its forecast as it was, with a reason. With no partial figure nothing
    changes; with the full year (:math:`f = 1`) the outcome is known.

    A forecast that is not a Student-t (``refclass``'s draws, ``plan_record``'s) is moved the
    same way with its shape kept (:meth:`~sonla_forecast.models.base.Forecast.moved`): on the
    model scale its median moves to :math:`(1 - f)\\mu + f y` and every point's distance to
    it shrinks by :math:`\\sqrt{1 - f}` (each draw moved; a point mass moved as a point; a
    count rounded after the move), so that a forecast certain of 3 communes stays certain of a
    number, and a figure at its median only narrows it. A median of 0 of a level (a plan of 0
    ha burnt, half of plan_record's mass on it) has no logarithm: that forecast is not moved
    (a flow is floored at its figure so far), and the reason says so. A mixture
    (:class:`~sonla_forecast.models.MixtureForecast`, the ``combination``) is the mixture of its
    components' updated forecasts, with its weights: each model updates its own forecast.

    Parameters
    ----------
    forecast : Forecast
        The model's forecast of ``target_year``, one series per row of ``targets``.
    table : IndicatorTable
        The table, whose :meth:`~IndicatorTable.partials` for ``target_year`` give the
        year-to-date figures (and whose earlier years give a flow's usual share).
    targets : DataFrame
        One row per target, in the forecast's order, with ``region``, ``indicator_id``,
        ``scale``, ``unit`` and ``name_vi``.
    target_year : int
        The year the targets are for.

    Returns
    -------
    forecast : Forecast
        The updated forecast (the input itself when no target has a partial figure).
    period : ndarray of str
        The period used per target ('' if none).
    value : ndarray of float
        The partial figure used (NaN if none).
    reason : ndarray of str
        How each target was updated ('' if not).
    floor : ndarray of float
        The least full-year outcome: a flow's figure so far, which a year-to-date total does
        not take back (NaN where there is none).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import sonla_forecast as sf
    >>> df = pd.DataFrame({"indicator_id": ["rev"] * 4, "year": [2023, 2024, 2025, 2025],
    ...     "kind": ["actual", "actual", "plan", "actual"], "period": ["", "", "", "M10"],
    ...     "value": [4291.0, 4100.0, 4500.0, 4522.0], "unit": ["Tỷ đồng"] * 4})
    >>> res = sf.assess(df, target_year=2025)
    >>> res["rev"].partial_period, res["rev"].probability > 0.9
    ('M10', True)
    """
    if isinstance(forecast, MixtureForecast):
        each = [nowcast(c, table, targets, target_year) for c in forecast.components]
        return (MixtureForecast(tuple(e[0] for e in each), forecast.weights),
                *each[0][1:])  # the figures used and the reasons do not depend on the model
    n = forecast.n_series
    period = np.full(n, "", dtype=object)
    value = np.full(n, np.nan)
    reason = np.full(n, "", dtype=object)
    floor = np.full(n, np.nan)
    part = table.partials(target_year)
    if part.empty:
        return forecast, period, value, reason, floor
    part = part.set_index(["region", "indicator_id"])
    idx = pd.MultiIndex.from_frame(targets[["region", "indicator_id"]])
    hit = idx.isin(part.index)
    if not hit.any():
        return forecast, period, value, reason, floor
    rows = np.flatnonzero(hit)
    # the plan and direction of every target (a table of indicators, as targets_for_probability
    # gives, has no plan)
    plan_all = (targets["value"].to_numpy(dtype=np.float64) if "value" in targets
                else np.full(n, np.nan))
    dir_all = (targets["direction"].to_numpy(dtype=object) if "direction" in targets
               else np.full(n, "higher", dtype=object))
    p = part.reindex(idx[rows])
    months = p["months"].to_numpy(dtype=np.float64)
    f = months / 12.0
    x = p["value"].to_numpy(dtype=np.float64)
    scale = targets["scale"].to_numpy(dtype=object)[rows]
    units = targets["unit"].astype(str).to_numpy(dtype=object)[rows]
    names = targets["name_vi"].astype(str).to_numpy(dtype=object)[rows]
    flow, given, share, learned, none_by_then = _flows(table, targets.iloc[rows], p,
                                                       target_year)
    frame = table._frame
    obs = table.observations().set_index(["region", "indicator_id", "year"])["value"]
    projection = np.where(flow, x / share, x)
    # An average of the months so far (a growth rate, an income per month, a structure's share
    # of the output so far, or as the flow column says) is itself an estimate of the year's;
    # any other figure that is no flow is read at a point of the year (a count of communes, a
    # share, a stock): the year ends at it plus the rest of the year's change (below).
    band = (targets["direction"].to_numpy(dtype=object)[rows] == "band"
            if "direction" in targets else np.zeros(rows.size, dtype=bool))
    # a share of the output or of a total ("Tỷ trọng ... trong GRDP"), whatever its direction
    of_output = (scale == "percent") & np.array(
        [bool(_SHARE_OF_TOTAL.search(unicodedata.normalize("NFC", str(nm)).lower()))
         for nm in names], dtype=bool)
    average = (scale == "rate") | band | of_output | np.array(
        [_per_month_or_quarter(u) for u in units], dtype=bool)
    average = np.where(given == "no", scale == "rate", average | (given == "average"))
    point = ~flow & ~average
    # A share (or a capped count) said to add up over the year may be projected past its
    # bound (90% by September at an even pace is "120%"): the projection is kept, as how far
    # ahead of pace the year is, and the model keeps the outcome within the bound (a share's
    # logit reads it at 99.99, a count is capped); the reason says so. Holding the projection
    # at the bound instead would pull a count far ahead of pace down to the model's median.
    most = np.where(scale == "percent", 100.0, np.asarray(forecast.cap, dtype=np.float64)[rows])
    # A percentage at a bound is held PERCENT_CLIP inside it on the logit (to_z), a figure
    # strictly inside that margin is not: beside a history at the bound a year-to-date 0.001%
    # would sit below the history's 0 (P 0.999 where 0 itself gave 0.59). Read such a figure at
    # the bound, as its history is; beside a history inside the margin, a figure at the bound
    # would sit above it: not used (as assess refuses such a history).
    clash = np.zeros(rows.size, dtype=bool)
    read_at_bound = np.zeros(rows.size, dtype=bool)
    before = obs[obs.index.get_level_values("year") < target_year]
    # each series' figures before the year, in year order (observations() sorts them), and the
    # year of its last one
    history: dict[Any, np.ndarray] = {}
    last_year: dict[Any, int] = {}
    for series_key, g in before.groupby(level=["region", "indicator_id"], sort=False):
        history[series_key] = g.to_numpy(dtype=np.float64)
        last_year[series_key] = int(g.index.get_level_values("year")[-1])
    for k in np.flatnonzero(scale == "percent").tolist():
        h = history.get(tuple(idx[rows[k]]), np.array([]))
        for bound, inside in ((0.0, (h > 0) & (h < PERCENT_CLIP)),
                              (100.0, (h < 100) & (h > 100 - PERCENT_CLIP))):
            at = (h <= 0).any() if bound == 0.0 else (h >= 100).any()
            near = 0 < abs(projection[k] - bound) < PERCENT_CLIP
            if at and near:
                projection[k], read_at_bound[k] = bound, True
            elif inside.any() and abs(projection[k] - bound) == 0:
                clash[k] = True
    # (after the bound's margin above: a projection read at 100 passes nothing; nor does one
    # that prints as the bound, 100.013 as "100")
    over = flow & (projection > most) & np.array(
        [_figure(a) != _figure(b) for a, b in zip(projection, most, strict=True)], dtype=bool)
    codes = np.asarray(forecast.codes)[rows]
    # The centre on the model scale: its median (a Student-t's own centre, on its latent
    # scale before a count's rounding).
    mu = forecast._z_quantiles([0.5])[rows, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        yz = to_z(projection[:, None], codes)[:, 0]
    # A level's figure of 0 so far (FDI in January) has no logarithm: it cannot move the
    # forecast on the model scale, where it would pull the year to exactly 0.
    usable = np.isfinite(yz) & ~clash
    # A figure read at a point: on a random walk from the last year-end figure z0 (h years
    # before the target year's end, with the forecast's mean yearly change (mu - z0) / h), the
    # year ends at the figure plus (1 - f) of a year's change. That is the update below with
    # the projection y = (z + (1 - f) (mu - z0) / h - (1 - f) mu) / f, z0 + (z - z0) / f when
    # h = 1: the change so far at the year's pace, whose error has the variance s^2 (1 - f) / f
    # of a flow's projection. Taking the figure itself as the projection pulled a count past
    # its plan by March back below it (61 communes by March, plan 60: P 0.32).
    paced = np.zeros(rows.size, dtype=bool)
    since = np.full(rows.size, np.nan)  # the year-end figure the change so far is from
    since_year = np.zeros(rows.size, dtype=int)
    for k in np.flatnonzero(point & usable).tolist():
        key = tuple(idx[rows[k]])
        if key not in last_year:
            continue
        v0, y0 = float(history[key][-1]), last_year[key]
        z0 = to_z(np.array([[v0]]), codes[k : k + 1])[0, 0]
        years = target_year - y0
        mu_k = mu[k]
        if not (np.isfinite(z0) and np.isfinite(mu_k)) or years < 1:
            continue
        target_z = yz[k] + (1.0 - f[k]) * (mu_k - z0) / years
        yz[k] = (target_z - (1.0 - f[k]) * mu_k) / f[k]
        since[k], since_year[k], paced[k] = v0, y0, True
    period_all = p["period"].to_numpy(dtype=object)
    for k in np.flatnonzero(~usable).tolist():
        reason[rows[k]] = (f"{period_all[k]} figure {_figure(x[k])} not used: " + (
            f"a percentage at its bound beside a history within {PERCENT_CLIP} pp of it, "
            "whose order the logit cannot keep" if clash[k] else
            "a level of 0 has no logarithm") + ", so the forecast is not updated")
    if not usable.any():
        return forecast, period, value, reason, floor
    (rows, mu, yz, f, x, period_use, projection, share, learned, flow, months,
     none_by_then, read_at_bound, over, most, paced, since, since_year, codes, given) = (
        cast(Any, a)[usable] for a in (
            rows, mu, yz, f, x, period_all, projection, share, learned, flow, months,
            none_by_then, read_at_bound, over, most, paced, since, since_year, codes, given))
    # moved and narrowed, its shape kept: a Student-t in closed form (partial_year_update's
    # update, degrees of freedom kept), draws each, a point mass as a point
    flat = ~np.isfinite(mu)  # a level's median of 0 has no logarithm: not moved
    # (after a history ending years before, (1 - f) of the whole forecast's variance is kept:
    # wider than a random walk's (1 - f) of one year's, but a forecast's spread per year is
    # not its h-year spread / h in every model, plan_record's does not grow with h at all)
    updated: Forecast = forecast.take(rows).moved(np.where(flat, 0.0, mu),
                                                  np.where(flat, 0.0, f * (yz - mu)),
                                                  np.where(flat, 1.0, np.sqrt(1.0 - f)))
    # A flow's figure so far is not taken back: the full year is at least it.
    cumulative = _year_to_date_total(flow, share, learned, given)
    updated = FlooredForecast(base=updated, floor=np.where(cumulative, x, np.nan))
    parts: list[tuple[np.ndarray, Forecast]] = [(rows, updated)]
    rest = np.setdiff1d(np.arange(n), rows)
    if rest.size:
        parts.append((rest, forecast.take(rest)))
    period[rows] = period_use
    value[rows] = x
    # A year-to-date total does not fall within a year: a flow's later figure below an earlier
    # one of the same year is most likely a slip (or a net figure); said, not silently used.
    ytd = frame[(frame["year"] == target_year) & (frame["period"] != "")]
    fell: dict[int, str] = {}
    for k in np.flatnonzero(flow).tolist():
        key = idx[rows[k]]
        mine = ytd[(ytd["region"] == key[0]) & (ytd["indicator_id"] == key[1])
                   & (ytd["months"] < months[k]) & (ytd["value"] > x[k])]
        if len(mine):
            top = mine.loc[mine["value"].idxmax()]
            fell[k] = (f"the {period_use[k]} figure {_figure(x[k])} is below the {top['period']} "
                       f"figure {_figure(float(top['value']))} of the same year (row "
                       f"{top['row']}), although a year-to-date total does not fall: check them")
    for k, r in enumerate(rows):
        how = (f"projected full year {_figure(projection[k])} = figure / {share[k]:.3f} of the "
               "year" + ("" if learned[k] else
                         f" (an even pace through the year: earlier {period[r]} figures were 0, "
                         "no share of the year to learn)" if none_by_then[k] else
                         f" (an even pace through the year: no earlier {period[r]} figure to "
                         "learn the season from)")
               if flow[k] else f"year-to-date figure {_figure(x[k])}" + (
                   f", read at {_figure(projection[k])} as the history's figure at that bound "
                   "is" if read_at_bound[k] else "") + (
                   f"; a figure read at a point of the year: the year ends at it plus the "
                   f"rest of the year's expected change (from {since_year[k]}'s "
                   f"{_figure(since[k])})" if paced[k] else ""))
        m_k = int(months[k])
        # a figure read at a point sets the year's centre itself: no weight to show
        reason[r] = (f"updated with {period[r]} ({m_k} month{'' if m_k == 1 else 's'}"
                     + ("" if paced[k] else f", weight {f[k]:.2f}") + "): " + how)
        if flat[k]:
            reason[r] = (f"{period[r]} figure {_figure(x[k])} not used to move the forecast: "
                         "its median is 0, which has no logarithm"
                         + ("; the full year is at least the figure so far" if cumulative[k]
                            else ""))
        if over[k]:
            reason[r] += (f"; the projection passes {_figure(most[k])}, the most the indicator "
                          "can reach, which bounds the outcome")
        if k in fell:
            reason[r] += "; " + fell[k]
        if paced[k] and given[k] == "" and looks_like_a_flow(
                x[k], since[k], f[k], plan=float(plan_all[r]), direction=str(dir_all[r])):
            fall = float(round_half_up(100.0 * (1.0 - x[k] / since[k]), 0))
            reason[r] += (f"; the figure is {fall:.0f}% below "
                          f"{since_year[k]}'s, near the share of the year its months are: if "
                          "the indicator adds up over the year, give it flow 'yes'")
    floor[rows] = np.where(cumulative, x, np.nan)
    return StackedForecast(parts=tuple(parts)), period, value, reason, floor


def looks_like_a_flow(figure: float, last_year: float, elapsed: float, *,
                      plan: float = math.nan, direction: str = "higher") -> bool:
    """Whether a year-to-date figure read at a point of the year (a stock) reads rather as a
    part of a yearly total: more than 15% below the last year-end figure, a fall a stock
    seldom makes within a year, and within a factor 1.5 of that figure's ``elapsed`` share of
    the year (5,600 new jobs by June, 8,200 by September, beside 10,800 in the year before).
    Not for an indicator meant to fall (``direction`` lower: poor households), nor where the
    plan itself is 15% or more below last year's figure (a fall foreseen). From about eleven
    months on, a year's pace is within 15% of the year: the two readings cannot be told apart.

    Examples
    --------
    >>> from sonla_forecast.assess import looks_like_a_flow
    >>> looks_like_a_flow(5600, 10800, 0.5), looks_like_a_flow(10900, 10800, 0.5)
    (True, False)
    >>> looks_like_a_flow(15500, 25000, 0.5, plan=15000, direction="lower")
    False
    """
    if not (last_year > 0 and figure >= 0 and 0 < elapsed < 1) or direction == "lower":
        return False
    if plan == plan and plan <= 0.85 * last_year:
        return False
    paced = last_year * elapsed
    return bool(figure < 0.85 * last_year and paced / 1.5 <= figure <= paced * 1.5)


def _targets_in_force(
    tbl: IndicatorTable, targets: pd.DataFrame, target_year: int, plan_source: str | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The target versions to assess, and a text per target listing its versions."""
    revisions = np.full(len(targets), "", dtype=object)
    dropped = tbl._dropped
    if dropped is None or dropped.empty or "kind" not in dropped:
        old = dropped.iloc[0:0] if dropped is not None else pd.DataFrame()
    else:
        old = dropped[(dropped["kind"] == "plan") & (dropped["year"] == target_year)]
    targets = targets.copy()
    # A target without an earlier version is its own only version: it is "chosen" by
    # plan_source when its source matches, and nothing changes. Only revised targets (few)
    # need the row-by-row work below.
    chosen_any = bool(plan_source) and bool(
        targets["source"].str.contains(cast(str, plan_source), regex=False).any())
    if old.empty:
        revised = np.zeros(len(targets), dtype=bool)
    else:
        keys = pd.MultiIndex.from_frame(targets[["region", "indicator_id"]])
        revised = keys.isin(pd.MultiIndex.from_frame(old[["region", "indicator_id"]]))
    for i in cast("Iterable[int]", np.flatnonzero(revised)):  # np.intp; the stubs want int
        key = (targets["region"].iat[i], targets["indicator_id"].iat[i])
        mine = old[(old["region"] == key[0]) & (old["indicator_id"] == key[1])]
        versions = pd.concat([mine, targets.iloc[[i]]], ignore_index=True)
        if len(versions) > 1:
            # every digit of each version (4523456 read 4.52346e+06 with :g)
            revisions[i] = " -> ".join(f"{v:.15g} ({src})" for v, src in
                                      zip(versions["value"], versions["source"], strict=True))
        if plan_source:
            pick = versions[versions["source"].str.contains(plan_source, regex=False)]
            if len(pick):
                chosen_any = True
                for col in ("value", "source"):
                    # the columns are unique, so get_loc gives one position
                    targets.iloc[i, cast(int, targets.columns.get_loc(col))] = cast(
                        "float | str", pick[col].iat[-1])
    if plan_source and not chosen_any:
        raise InputError(f"no target for {target_year} has a source containing "
                         f"{plan_source!r}", column="source", value=plan_source)
    return targets, revisions


def audit(
    source: Resolution | IndicatorTable | pd.DataFrame | str | PathLike[str],
    ratios: pd.DataFrame | str | PathLike[str] | None = None,
) -> AuditReport:
    """Check a resolution's own arithmetic.

    Recomputes every published ratio (checked to the decimals printed), checks that
    composition shares sum to 100 within rounding, and flags targets below (``higher``) or
    above (``lower``) the current estimate and targets that go against the latest trend.

    Parameters
    ----------
    source : Resolution, IndicatorTable, DataFrame or CSV path
        A parsed resolution (from :func:`sonla_forecast.read_resolution`) carries its ratios;
        a table alone is checked without ratio findings unless ``ratios`` is given.
    ratios : DataFrame or CSV path, optional
        Published ratios (the ``ratios`` of a :class:`Resolution`; a file as
        ``sonla-forecast parse --ratios`` writes it, read with
        :func:`sonla_forecast.read_ratios`). A ratio is consistent if it follows from the
        versions of its two figures in force together on some source's date: a table read
        with ``duplicates="latest_source"`` keeps the earlier versions of a revised target
        (:attr:`IndicatorTable.dropped`), and a resolution's ratio was printed with the
        versions it had (undated versions may stand beside any other).

    Returns
    -------
    AuditReport

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> report = sf.audit(sf.datasets.load_sonla_2025_resolution())
    >>> [f.indicator_id for f in report if f.check == "ratio_mismatch"]
    ['investment_total']
    """
    if isinstance(ratios, (str, PathLike)):
        from .io.read import read_ratios

        ratios = read_ratios(ratios)
    if isinstance(source, Resolution):
        table, ratios = source.table, source.ratios if ratios is None else ratios
    else:
        table = as_table(source)
    # a ratio printed before a figure was revised is checked against the version it used
    return _audit_frames(table.to_frame(), ratios, earlier=table.dropped)


#: Reference methods scored beside the models in :func:`backtest`.
BASELINES: dict[str, str] = {
    "every_plan_met": "probability 1 for every target",
    "plan_hit_rate": "share of earlier (plan, outcome) pairs that were met, pooled over "
    "indicators and regions, with Laplace's rule (k + 1) / (n + 2); 0.5 when there is no "
    "earlier pair; each earlier year's plan in the version in force when that year began (as "
    "the plan_record model learns from it)",
    "trend": "1 if the past trend continued meets the target, else 0: the baseline grown at "
    "its historical compound annual rate, as UN ESCAP's anticipated progress projects it "
    "(baseline + historical change per year x horizon where that rate is undefined, e.g. a "
    "growth rate in %; a percentage stops at 0 and 100, a count at its cap)",
}


def trend_projection(frame: pd.DataFrame) -> np.ndarray:
    """The outcome the ``trend`` baseline projects for each row of an assessment frame.

    UN ESCAP's anticipated progress, :math:`b (1 + r)^h` with the historical compound annual
    rate :math:`r`; where :math:`r` is undefined (a growth rate in %, a zero or negative
    baseline) the linear :math:`b + a h` with the historical change per year :math:`a`. NaN
    where neither is defined (one observation). A percentage (``scale`` ``percent``, when the
    frame has the column) stops at 0 and 100, and a figure with a ``cap`` (when the frame has
    that column; NaN for none) at its cap, as :func:`assess`'s ESCAP projection does.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"baseline": [100.0, 6.3, 97.0], "horizon": [2, 1, 1],
    ...                   "historical_annual_rate": [0.1, float("nan"), 0.05],
    ...                   "historical_change_per_year": [9.0, -0.5, 4.6],
    ...                   "scale": ["level", "rate", "percent"]})
    >>> trend_projection(f).round(6).tolist()
    [121.0, 5.8, 100.0]
    """
    b = frame["baseline"].to_numpy(dtype=np.float64)
    h = frame["horizon"].to_numpy(dtype=np.float64)
    r = frame["historical_annual_rate"].to_numpy(dtype=np.float64)
    a = frame["historical_change_per_year"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = np.where(np.isnan(r), b + a * h, b * (1.0 + r) ** h)
    if "scale" in frame:
        pct = frame["scale"].to_numpy(dtype=object) == "percent"
        out = np.where(pct, np.clip(out, 0.0, 100.0), out)
    if "cap" in frame:
        cap = frame["cap"].to_numpy(dtype=np.float64)
        out = np.where(out > cap, cap, out)  # NaN cap: no bound (the comparison is False)
    return out


def meets(
    outcome: np.ndarray,
    direction: Any,
    threshold: Any,
    tolerance: Any,
    target: Any,
) -> np.ndarray:
    """Whether outcomes meet their targets: ``higher`` when outcome >= threshold, ``lower``
    when outcome <= threshold, ``band`` when |outcome - target| <= tolerance.

    All arguments broadcast together (one target and many simulated outcomes, say); the
    threshold and tolerance are those of :func:`met_threshold` and :func:`assess`. NaN
    outcomes never meet. An outcome on a threshold half a printed unit from its target
    (72.85 for ``higher`` than 72.9 at one decimal) meets it when rounding half away from
    zero, as the report rounds figures, takes it to the target (72.85 to 72.9: met; 25.35
    ``lower`` than 25.3 rounds to 25.4: not met); an outcome on a band's edge meets it. Both
    are decided on the decimal figures, not on the float noise of the threshold
    (72.9 - 0.05 = 72.85000000000001) or of the difference (8.3 - 7.3 = 1.0000000000000009).

    Parameters
    ----------
    outcome : ndarray
        Outcomes, in the indicator's unit.
    direction : array of str
        ``higher``, ``lower`` or ``band`` (anything else is read as ``band``).
    threshold : array of float
        The value to reach for ``higher`` and ``lower`` (the target widened by half its last
        printed digit, :func:`met_threshold`).
    tolerance : array of float
        Half-width of a ``band``, in the indicator's unit.
    target : array of float
        The target (the centre of a ``band``).

    Returns
    -------
    ndarray of bool
        The broadcast shape of the arguments.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.assess import meets
    >>> meets(np.array([8.1, 8.2, 41.5]), np.array(["lower", "lower", "band"]),
    ...       np.array([8.175, 8.175, 41.0]), np.array([0.0, 0.0, 1.0]),
    ...       np.array([8.17, 8.17, 41.0])).tolist()
    [True, False, True]
    """
    y = np.asarray(outcome, dtype=np.float64)
    d = np.asarray(direction, dtype=object)
    thr = np.asarray(threshold, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    tol = np.asarray(tolerance, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        # a figure exactly on the threshold, as decimals, lands within two units in the last
        # place of it as floats (at most a quarter of the half unit, for figures of 15 or more
        # digits); an infinite figure has no such noise
        eps = _ulps(y, thr, t)
        half = np.abs(thr - t)
        at_target = half == 0  # a threshold without the half unit
        edge = np.abs(y - thr) <= np.where(at_target, eps, np.fmin(eps, 0.25 * half))
        higher = np.where(edge, at_target | (y > 0), y > thr)
        lower = np.where(edge, at_target | (y < 0), y < thr)
        band = np.abs(y - t) <= tol + _ulps(y, t, tol)
    return np.where(d == "higher", higher, np.where(d == "lower", lower, band))


def _ulps(*figures: np.ndarray) -> np.ndarray:
    """Two units in the last place of the largest finite figure (NaN where one is NaN): the
    error of reading two decimals and of one subtraction."""
    big = np.abs(figures[0])
    for f in figures[1:]:
        big = np.fmax(big, np.abs(f))
    return 2.0 * np.spacing(np.where(np.isinf(big), 0.0, big))


def outcome_met(outcome: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    """Whether each outcome meets its target, by the rule :func:`assess` used (its
    ``threshold``, ``tolerance``, ``direction`` and ``target`` columns; see :func:`meets`).

    Parameters
    ----------
    outcome : ndarray, shape (n,)
        One outcome per row of ``frame``, in its indicator's unit.
    frame : DataFrame
        n assessed targets with ``direction``, ``threshold``, ``tolerance`` and ``target``
        columns (as in :meth:`Assessment.to_frame`).

    Returns
    -------
    ndarray of bool
    """
    return meets(outcome, frame["direction"].to_numpy(dtype=object),
                 frame["threshold"].to_numpy(dtype=np.float64),
                 frame["tolerance"].to_numpy(dtype=np.float64),
                 frame["target"].to_numpy(dtype=np.float64))


def _year_span(years: list[int]) -> str:
    """Sorted years as a reader writes them: ``2021``, ``2021-2023`` when consecutive, else
    ``2019, 2021, 2023``."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(map(str, years))


def _as_of(frame: pd.DataFrame, keep: pd.Series, dropped: pd.DataFrame | None,
           year: int) -> pd.DataFrame:
    """The rows ``keep`` of a read table's frame, ready to be read again as the table stood
    when ``year`` began.

    A direction the table did not give (``direction_source`` other than ``given`` or
    ``override``) is blanked, so that ``read_table`` infers it again from these rows alone: the
    rule may read the last plan against the last observation, which must not see later years.
    So is a scale the table did not give (``scale_source`` ``inferred``): points with a
    fraction are a score, whole ones may count places, an index's figures near 100 are the
    index, and a later figure must not decide how earlier years are read.
    A plan for ``year`` or an earlier year that was revised (``read_table(...,
    duplicates="latest_source")`` set the other versions aside in ``dropped``) is the version
    in force when its own year began: the latest whose source is dated before 1 January of
    the plan's year, else the earliest. So ``plan_record`` learns its record of misses from
    plans as they were set, as the target it predicts is, and as ``plan_hit_rate`` judges
    them: a plan revised during its year, or since, would otherwise teach it the misses of
    revisions made nearer the outcome.
    """
    sub = _by_row(frame[keep])
    inferred = ~sub["direction_source"].isin(["given", "override"])
    sub = sub.assign(direction=sub["direction"].where(~inferred, ""),
                     scale=sub["scale"].where(sub["scale_source"] == "given", "")
                     ).drop(columns=["direction_source", "scale_source"])
    plans = sub[((sub["kind"] == "plan") & (sub["year"] <= year)).to_numpy()]
    as_set = _plans_as_set(plans, dropped)
    if as_set is not plans:
        sub = sub.copy()
        sub.loc[as_set.index, ["value", "source"]] = as_set[["value", "source"]]
        # versions set aside when the table was read: unscreened
        sub.attrs["set_aside"] = as_set.attrs["set_aside"]
    return sub


def _version_as_set(sources: Sequence[str], year: int) -> int:
    """Which of a plan's versions (their sources) was in force when its ``year`` began: the
    latest dated before 1 January of ``year``, else the earliest ("2023-01" is not before
    2023)."""
    dates = [_latest_date(src) or (0, 0, 0) for src in sources]
    before = [j for j, d in enumerate(dates) if d[0] < year]
    return max(before, key=lambda j: dates[j]) if before else min(
        range(len(dates)), key=lambda j: dates[j])


def _plans_as_set(plans: pd.DataFrame, dropped: pd.DataFrame | None) -> pd.DataFrame:
    """Plan rows, each in the version in force when its year began (among the versions
    ``read_table(..., duplicates="latest_source")`` set aside in ``dropped``): its ``value``
    and ``source``. ``plans`` itself when no row takes a version set aside, else a copy whose
    ``attrs["set_aside"]`` lists the rows (index labels) that do."""
    if dropped is None or dropped.empty or "kind" not in dropped:
        return plans
    old = dropped[dropped["kind"] == "plan"]
    if old.empty or plans.empty:
        return plans
    key = ["region", "indicator_id", "year", "period"]
    revised = pd.MultiIndex.from_frame(plans[key]).isin(pd.MultiIndex.from_frame(old[key]))
    if not revised.any():
        return plans
    out = plans.copy()
    set_aside = []
    for i in out.index[revised]:
        mine = old[(old["region"] == out.at[i, "region"])
                   & (old["indicator_id"] == out.at[i, "indicator_id"])
                   & (old["year"] == out.at[i, "year"])
                   & (old["period"] == out.at[i, "period"])]
        values = [*mine["value"].to_numpy(dtype=np.float64),
                  float(cast(float, out.at[i, "value"]))]
        sources = [*(str(x) for x in mine["source"]), str(out.at[i, "source"])]
        pick = _version_as_set(sources, int(cast(int, out.at[i, "year"])))
        if pick < len(values) - 1:
            out.at[i, "value"], out.at[i, "source"] = values[pick], sources[pick]
            set_aside.append(i)
    if not set_aside:
        return plans
    out.attrs["set_aside"] = set_aside
    return out


def _by_row(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a read table's frame, indexed by their ``row`` (the file's lines, which errors
    of a second reading then name), or by position where those repeat."""
    out = rows.set_index("row") if rows["row"].is_unique else rows.drop(columns=["row"])
    out.index.name = None
    return out


def _read_cut(cut: pd.DataFrame, full: pd.DataFrame,
              screened: set[tuple[Any, ...]]) -> IndicatorTable:
    """A cut of a read table (:func:`_as_of`), read again without the screens that judge a
    figure against its series (the whole table passed them; a cut's fewer figures could make
    one look like a slip). A plan version set aside when the table was read never went
    through them: it is screened among its series' figures in the whole table (``full``),
    once per backtest (``screened``: the versions already screened, added to)."""
    for i in cut.attrs.get("set_aside", []):
        rec = cut.loc[i]
        key = (rec["region"], rec["indicator_id"], rec["year"], rec["period"], rec["value"])
        if key in screened:
            continue
        screened.add(key)
        mine = full[(full["region"] == rec["region"])
                    & (full["indicator_id"] == rec["indicator_id"])]
        at = ((mine["kind"] == "plan") & (mine["year"] == rec["year"])
              & (mine["period"] == rec["period"])).to_numpy()
        series = _by_row(mine).drop(columns=["direction_source"])
        series.loc[series.index[at], "value"] = rec["value"]
        try:
            _read_table(series, screen=True)  # raises, naming the figure, if it looks like a slip
        except InputError as exc:
            # No row: the one the reader names holds the later version, which took this one's
            # place (the table's dropped rows keep no line of their own); say which it is.
            raise InputError(
                f"{exc.row_name or rec['indicator_id']}, the version of its {int(rec['year'])} "
                f"plan from {rec['source'] or 'an undated source'} (set aside when the table was "
                f"read for a later version; backtest reads the plan in force when the year "
                f"began): {exc.message}; correct that version", column=exc.column,
                row_name=exc.row_name, value=exc.value) from None
    return _read_table(cut, screen=False)


def _dated_late(rows: pd.DataFrame, year: int, what: str, why: str) -> str:
    """A note when ``rows`` (``what``: "figures before 2024", "plans for 2024") come from
    sources dated in ``year`` or later, ending with ``why``; else ``""``."""
    if "source" not in rows or rows.empty:
        return ""
    sources = rows["source"].astype(str)
    dates = {src: _latest_date(src) for src in sources.unique()}
    late = sources.map(lambda src: (dates[src] or (0, 0, 0))[0] >= year).to_numpy(dtype=bool)
    if not late.any():
        return ""
    named = sorted({src for src, d in dates.items() if d and d[0] >= year})
    return (f"{year}: {int(late.sum())} of the {len(late)} {what} come from sources dated "
            f"{year} or later ({', '.join(named[:3])}{', ...' if len(named) > 3 else ''}): "
            f"{why}")


def _published_after(observations: pd.DataFrame, year: int) -> str:
    """The note on figures of the years before ``year`` revised after it began."""
    return _dated_late(observations, year, f"figures before {year}",
                       "figures as revised after the year began, not as known when it began")


def _plans_published_late(targets: pd.DataFrame, year: int) -> str:
    """The note on plans for ``year`` (the one-year targets, as scored) dated after it began."""
    return _dated_late(targets, year, f"plans for {year}",
                       "targets set, revised or reprinted after the year began (a reprint may "
                       "carry the plan adopted before)")


def backtest(
    table: IndicatorTable | pd.DataFrame | str | PathLike[str],
    *,
    target_years: Any = None,
    model: str | TrajectoryModel = DEFAULT_MODEL,
    compare: str | TrajectoryModel | tuple[str | TrajectoryModel, ...] = ("naive", "ets"),
    band_tolerance: float | None = None,
    pairs: Literal["common", "each"] = "common",
) -> BacktestResult:
    """Rolling-origin backtest: predict each year's targets from what existed before it began.

    For each target year Y the table is cut to the actuals and estimates before Y and the plans
    up to Y; :func:`assess` predicts every target of Y with ``model`` and with each model in
    ``compare``; the outcome is the actual for Y (else the estimate), judged by the same rule
    as the prediction. The baselines of :data:`BASELINES` are scored on the same targets.
    A direction the table did not give is inferred again from the cut; a target revised during
    its year (versions kept by ``read_table(..., duplicates="latest_source")``) is scored in
    the version in force when Y began (the latest source dated before 1 January of Y, else the
    earliest), and an earlier year's plan in the version in force when its own year began
    (``plan_record`` learns from plans as they were set, as ``plan_hit_rate`` judges them). The
    cut of actuals and estimates goes by the year a figure is for, not by when it was
    published.

    Parameters
    ----------
    table : IndicatorTable, DataFrame or path
        Must hold plans and outcomes for at least one year.
    target_years : iterable of int, optional
        Default: every year with a plan, an outcome and earlier history.
    model : str or model spec, default "drift"
        The model under test (a spec: one with its own hyper-parameters).
    compare : str, model spec, or tuple of them, default ("naive", "ets")
        Other models scored in the same run (``()`` for none). Methods are named by the model's
        name: one of the tested model's name is the tested model (a spec of that name with
        other settings is an :class:`InputError`), and two different ones of one name (a tuned
        spec beside its default) need two runs. A spec's non-default settings are in the
        notes. Multi-year targets (``aggregate``) are not scored; the notes say how many.
    band_tolerance : float, optional
        As in :func:`assess`.
    pairs : {"common", "each"}, default "common"
        Which target/outcome pairs are scored. ``"common"``: only targets that every model
        could predict, so all methods share one set and their scores are comparable (a year in
        which a model could not be fitted at all is left out for every method, unless that
        model could not be fitted in any year: it is then left out, and the notes say so).
        ``"each"``: every method on every target with an outcome that it could predict (the
        ``every_plan_met`` and ``plan_hit_rate`` baselines need no history, even in a year no
        model could be fitted, the models and the ``trend`` baseline need two past
        observations); the ``n`` column then differs
        between methods, and so do the sets.

    Returns
    -------
    BacktestResult
        Per-target predictions and, per method, the number of pairs, Brier score, log score,
        pinball loss (of outcome / baseline, at 10/50/90%; of outcome / 100 for a percentage
        or a growth rate in %) and coverage of the 80% interval.

    Raises
    ------
    InputError
        If no year has a plan, an outcome and a predictable target. A model that cannot be
        fitted in some year is not an error: that year's notes say so.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> bt = sf.backtest(sf.datasets.load_sonla_history(), target_years=[2024])
    >>> int(bt.scores.loc[bt.scores["method"] == "drift", "n"].iat[0]) > 0
    True
    """
    from . import scoring
    from .results import BacktestResult

    if pairs not in ("common", "each"):
        raise InputError(f"pairs must be 'common' or 'each', got {pairs!r}", column="pairs")
    tbl = as_table(table)
    full = tbl._frame
    obs = tbl.observations()
    if target_years is not None and (isinstance(target_years, (str, bytes))
                                     or not hasattr(target_years, "__iter__")):
        raise InputError(f"target_years must be a list of years such as [2024], got "
                         f"{target_years!r}", column="target_years", value=target_years)
    years = sorted(set(tbl.plan_years()) & set(obs["year"].astype(int))) if target_years is None \
        else sorted({check_year(y, "target_years") for y in target_years})
    if target_years is not None and not years:
        raise InputError("target_years is empty: give the years to backtest, such as [2024], "
                         "or leave it out for every year with a plan and an outcome",
                         column="target_years", value=target_years)
    if isinstance(compare, str) or hasattr(compare, "fit"):  # one model, not its letters
        compare = (cast(Any, compare),)
    elif compare is None or not hasattr(compare, "__iter__"):
        raise InputError(f"compare must be a model name, a model spec or a tuple of them (() "
                         f"for none), got {compare!r}", column="compare", value=compare)
    # method name -> what assess is given (a name or a spec). A compared model of the tested
    # model's name is the tested one (as "drift" beside model="drift"); two different compared
    # models of one name cannot both be scored under it.
    model_label = get_model(model).name
    specs: dict[str, Any] = {model_label: model}
    for m in compare:
        label = get_model(m).name
        if label == model_label:
            # a name is the tested model's method; a spec with other settings is another model
            if not isinstance(m, str) and get_model(m) != get_model(model):
                raise InputError(f"compare has a model named {label!r} with other settings "
                                 "than the tested model; run backtest with it as model=",
                                 column="compare")
            continue
        if label in specs and get_model(m) != get_model(specs[label]):
            raise InputError(f"two different models named {label!r} in compare; run backtest "
                             "once for each", column="compare")
        specs.setdefault(label, m)
    methods = tuple(specs)
    settings = [note for note in (_settings_note(get_model(m)) for m in specs.values()) if note]
    # For each plan year: (plans met, plans with an outcome), judged as assess judges them,
    # with the table cut as it stood before that year (which sets the printed precision).
    obs_index = obs.set_index(["region", "indicator_id", "year"])["value"]
    record_by_year: dict[int, tuple[int, int]] = {}
    screened: set[tuple[Any, ...]] = set()  # plan versions set aside, screened once
    for yy in (yy for yy in tbl.plan_years() if years and yy < years[-1]):
        # the plans up to yy, as assess reads a target's printed precision from them (only the
        # years before a scored one: a later plan's versions are not the backtest's business)
        cut = _read_cut(_as_of(full, ((full["kind"] != "plan") & (full["year"] < yy)) | (
            (full["kind"] == "plan") & (full["year"] <= yy)), tbl._dropped, int(yy)),
            full, screened)
        oy, met_y = _plans_met(cut, _one_year_targets(cut, yy), yy, obs_index, band_tolerance)
        have = ~np.isnan(oy)
        record_by_year[int(yy)] = (int(met_y[have].sum()), int(have.sum()))
    preds: list[pd.DataFrame] = []
    skipped: list[str] = []
    for y in years:
        keep = ((full["kind"] != "plan") & (full["year"] < y)) | (
            (full["kind"] == "plan") & (full["year"] <= y))
        sub = _as_of(full, keep, tbl._dropped, y)
        if not ((sub["kind"] == "plan") & (sub["year"] == y)).any():
            skipped.append(f"{y}: no plan")
            continue
        outc = obs[obs["year"] == y].set_index(["region", "indicator_id"])["value"]
        if outc.empty:  # said first, and before any model runs for nothing
            skipped.append(f"{y}: no outcome (the table has no full-year actual or estimate "
                           f"for {y})")
            continue
        runs = {}
        sub_table = _read_cut(sub, full, screened)
        late = _published_after(sub_table.observations(), y)
        if late:
            skipped.append(late)
        frame = sub_table.frame
        earlier_plans = frame[(frame["kind"] == "plan") & (frame["year"] < y)]
        late_earlier = _dated_late(earlier_plans, y, f"plans for the years before {y}",
                                   "plans printed after the year began (the plan record "
                                   "that plan_record and plan_hit_rate learn from has them; "
                                   "a revised plan is taken as it stood on 1 January)")
        if late_earlier:
            skipped.append(late_earlier)
        late_plans = _plans_published_late(_one_year_targets(sub_table, y), y)
        if late_plans:
            skipped.append(late_plans)
        for m in methods:
            try:
                a = assess(sub_table, target_year=y, model=specs[m],
                           band_tolerance=band_tolerance)
            except ModelError as exc:
                skipped.append(f"{y}: model {m!r} could not predict ({exc})")
                continue
            runs[m] = a.to_frame()
            # A model that let another stand in for some series (ets's naive fallback, the
            # combination without its reference class) is scored as what forecast them.
            used = runs[m]["model"].to_numpy(dtype=object)
            name = get_model(specs[m]).name
            forecast = int((used != "").sum())
            for other, k in Counter(u for u in used if u and u != name).items():
                skipped.append(f"{y}: model {m!r}: {other!r} stood in for {k} of the {forecast} "
                               "targets it forecast")
        # The targets and how each is judged come from assess, whichever model it ran: a year
        # the tested model could not predict is still scored for the others (pairs="each";
        # "common" leaves such a year out for every method below, and says so). A year no
        # model could predict still has its plans and outcomes: with "each" the baselines,
        # which need no model, are scored on the targets as assess judges them.
        if runs:
            base = runs.get(model_label, next(iter(runs.values())))
        elif pairs == "each":
            base = assess(sub_table, target_year=y, model="naive",
                          band_tolerance=band_tolerance).to_frame()
            skipped.append(f"{y}: no model could predict: the baselines alone are scored")
        else:
            continue
        idx = pd.MultiIndex.from_frame(base[["region", "indicator_id"]])
        y_out = outc.reindex(idx).to_numpy(dtype=np.float64)
        ok = ~np.isnan(y_out)
        if "aggregate" in base:
            # left out even where the table gives the multi-year target an outcome row of
            # its own: backtest scores one year's targets against that year's outcome
            multi = base["aggregate"].to_numpy(dtype=object) != ""
            ok &= ~multi
            if multi.any():
                skipped.append(f"{y}: {int(multi.sum())} multi-year target(s) (aggregate) not "
                               "scored: backtest scores the targets of one year against its "
                               "outcome")
        if pairs == "common":
            before = ok.copy()
            none_from: dict[int, list[str]] = {}  # target -> the models that gave no P
            for m in runs:
                lost = np.isnan(runs[m]["probability"].to_numpy(dtype=np.float64))
                for i in np.flatnonzero(before & lost):
                    none_from.setdefault(int(i), []).append(m)
                ok &= ~lost
            if none_from:  # said, not dropped without a word
                ids = _labels(base).to_numpy(dtype=object)
                shown = [f"{ids[i]} ({', '.join(ms)})" for i, ms in sorted(none_from.items())]
                skipped.append(f"{y}: {len(shown)} target(s) with an outcome left out of the "
                               f"common pairs, as a model gave no probability "
                               f"({', '.join(shown[:5])}{', ...' if len(shown) > 5 else ''}; "
                               "why: the reason column of the predictions with pairs='each')")
        if not ok.any():
            skipped.append(f"{y}: no target with both an outcome and a prediction")
            continue
        met = outcome_met(y_out, base)
        # Plan record before y: pairs (plan of year y', outcome of y') with y' < y.
        earlier = sorted(full.loc[(full["kind"] == "plan") & (full["year"] < y), "year"].unique())
        hits = sum(record_by_year[int(yy)][0] for yy in earlier if int(yy) in record_by_year)
        n_pairs = sum(record_by_year[int(yy)][1] for yy in earlier if int(yy) in record_by_year)
        rate = (hits + 1.0) / (n_pairs + 2.0)
        caps = sub_table.indicators().set_index(["region", "indicator_id"])["cap"]
        proj = trend_projection(base.assign(cap=caps.reindex(idx).to_numpy(dtype=np.float64)))
        trend_p = outcome_met(proj, base).astype(float)
        trend_p[np.isnan(proj)] = np.nan
        no_trend = np.where(np.isnan(trend_p), "the trend baseline needs two observations "
                            "before the year", "")
        rows = {
            **{m: (runs[m]["probability"].to_numpy(float),
                   runs[m][["outcome_p10", "outcome_p50", "outcome_p90"]].to_numpy(float),
                   np.where(runs[m]["probability"].isna(), runs[m]["reason"], ""))
               for m in runs},
            "every_plan_met": (np.ones(len(base)), None, np.full(len(base), "")),
            "plan_hit_rate": (np.full(len(base), rate), None, np.full(len(base), "")),
            "trend": (trend_p, None, no_trend),
        }
        for name, (p, q, why) in rows.items():
            frame = pd.DataFrame({
                "target_year": y,
                "region": base["region"].to_numpy()[ok],
                "indicator_id": base["indicator_id"].to_numpy()[ok],
                "method": name,
                "kind": "model" if name in methods else "baseline",
                "scale": base["scale"].to_numpy(dtype=object)[ok],
                "baseline": base["baseline"].to_numpy(float)[ok],
                "target": base["target"].to_numpy(float)[ok],
                "probability": p[ok],
                "outcome_p10": np.nan if q is None else q[ok, 0],
                "outcome_p50": np.nan if q is None else q[ok, 1],
                "outcome_p90": np.nan if q is None else q[ok, 2],
                "outcome": y_out[ok],
                "met": met[ok],
                "reason": np.asarray(why, dtype=object)[ok],
            })
            preds.append(frame)
    if not preds:
        if target_years is None and not years:  # no year was tried: say what the table lacks
            plan_years = sorted(int(y) for y in tbl.plan_years())
            outcome_years = sorted(set(obs["year"].astype(int)))
            skipped.append(
                "the table has no plans (kind 'plan')" if not plan_years else
                f"no plan year ({_year_span(plan_years)}) has a full-year actual or estimate, "
                "its outcome" + (f"; the outcomes are for {_year_span(outcome_years)}"
                                 if outcome_years else ""))
        raise InputError(
            "nothing to backtest: no target year has a plan, an outcome and enough history"
            + (f" ({'; '.join(skipped)})" if skipped else ""),
            column="year",
        )
    pred = pd.concat(preds, ignore_index=True)
    if pairs == "common":
        # A model that could not predict in some year (but did in another) would otherwise be
        # scored on fewer pairs than the rest: such a year is left out for every method.
        models_seen = set(pred.loc[pred["kind"] == "model", "method"])
        by_year = pred[pred["kind"] == "model"].groupby("target_year")["method"].unique()
        drop = {int(cast(int, y)): sorted(models_seen - set(ms)) for y, ms in by_year.items()
                if models_seen - set(ms)}
        for y, missing in drop.items():
            skipped.append(f"{y}: left out of the common pairs, as model(s) "
                           f"{', '.join(map(repr, missing))} could not predict it "
                           "(pairs 'each' scores the other methods on it)")
        pred = pred[~pred["target_year"].isin(list(drop))].reset_index(drop=True)
        if pred.empty:
            raise InputError(
                "nothing to backtest with pairs 'common': no target year in which every model "
                f"could predict ({'; '.join(skipped)}); use pairs 'each'", column="pairs")
    # Trend can be undefined (one observation) where the models were not, and with
    # pairs="each" so can any model: each method is scored where it gave a probability.
    given = pred[~pred["probability"].isna()]
    if not (given["method"] == model_label).any():
        # why, as its rows say it (with pairs 'each' the notes may hold nothing of it)
        mine = pred.loc[pred["method"] == model_label, "reason"].astype(str)
        whys = [f"{why} ({n} target{'s' if n > 1 else ''})"
                for why, n in mine[mine != ""].value_counts(sort=True).items()]
        detail = [*skipped, *(["its predictions say: " + "; ".join(whys)] if whys else [])]
        raise InputError(
            f"nothing to backtest: the model under test, {model_label!r}, could not predict "
            "any target with an outcome"
            + (f" ({'; '.join(detail)})" if detail else ""), column="model")
    order = [m for m in (*methods, *BASELINES)
             if (pred["method"] == m).any()]  # the tested model first, then as listed
    for name in order:
        if not (given["method"] == name).any():
            skipped.append(f"method {name!r}: no probability for any target scored, so no "
                           "score")
    scores = _method_scores(given, order)
    reliab = {}
    for name in scores["method"]:
        f = given[given["method"] == name]
        reliab[str(name)] = pd.DataFrame(scoring.reliability_table(
            f["probability"].to_numpy(float), f["met"].to_numpy(bool), bins=5))
    return BacktestResult(_predictions=pred, _scores=scores, _reliability=reliab,
                          model=model_label,
                          target_years=tuple(sorted(pred["target_year"].unique().tolist())),
                          notes=tuple(settings + skipped), pairs=pairs)


def _method_scores(given: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Per method of ``order`` with a probability in ``given`` (backtest's predictions where
    ``probability`` is given), in that order: its row of :attr:`BacktestResult.scores`."""
    from . import scoring

    score_rows = []
    for name in (m for m in order if (given["method"] == m).any()):
        f = given[given["method"] == name]
        p = f["probability"].to_numpy(float)
        o = f["met"].to_numpy(bool)
        rec: dict[str, Any] = {
            "method": name,
            "kind": f["kind"].iat[0],
            "n": len(f),
            "n_met": int(o.sum()),
            "brier": scoring.brier_score(p, o),
            "log_score": scoring.log_score(p, o),
            "pinball": np.nan,
            "coverage_80": np.nan,
        }
        if rec["kind"] == "model":
            # Relative to the baseline; a percentage or a growth rate in % (either may sit near
            # 0, where a relative error explodes) in points / 100: an error of e pp in a growth
            # rate is a relative error of about e / 100 in the level it grows.
            scale = np.abs(f["baseline"].to_numpy(float))
            scale = np.where(np.isin(f["scale"].to_numpy(dtype=object), ["rate", "percent"]),
                             100.0, np.where(scale > 0, scale, 1.0))
            qq = f[["outcome_p10", "outcome_p50", "outcome_p90"]].to_numpy(float) / scale[:, None]
            rel = f["outcome"].to_numpy(float) / scale
            rec["pinball"] = scoring.pinball_loss(rel, qq, [0.1, 0.5, 0.9])
            # An outcome on an end counts as inside, to float precision (exp(log(50)) is
            # 49.99999999999999). For a series whose latest figure is at 0 or 100, which the
            # models hold PERCENT_CLIP inside the bound, any value within PERCENT_CLIP of that
            # bound, the outcome's or an end of the interval, reads as the bound (as
            # model_threshold reads a target of 100 at 99.99): 100 is inside [99.9899,
            # 99.9901] and [99.9944, 99.9999] alike. Any other outcome is taken as it is (a
            # series that rose to 99.989 has quantiles above 99.99 of its own).
            out_y = f["outcome"].to_numpy(float)
            pct = f["scale"].to_numpy(dtype=object) == "percent"
            b0 = f["baseline"].to_numpy(float)
            slack = 1e-9 * np.maximum(np.abs(out_y), 1.0)
            lo = f["outcome_p10"].to_numpy(float) - slack
            hi = f["outcome_p90"].to_numpy(float) + slack
            with np.errstate(invalid="ignore"):
                top, bottom = pct & (b0 >= 100.0), pct & (b0 <= 0.0)
                as_is = (out_y >= lo) & (out_y <= hi)
            rec["coverage_80"] = scoring.interval_coverage(*(
                np.where(as_is, x, _at_held_bound(x, top, bottom)) for x in (out_y, lo, hi)))
        score_rows.append(rec)
    return pd.DataFrame(score_rows)
