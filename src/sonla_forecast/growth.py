"""Growth arithmetic: what a target needs and what history achieved.

Pure functions over numpy arrays (or scalars, which come back as floats). They do no I/O and
know nothing about tables. Each validates its inputs and raises
:class:`~sonla_forecast.errors.InputError` for values outside its domain (a zero baseline for a
rate, a horizon below one year, NaN or an infinite value) instead of returning a silent NaN.

Notation: baseline :math:`b` observed in year :math:`t_0`, target :math:`T` for year
:math:`t_1`, horizon :math:`h = t_1 - t_0 \\ge 1` years. Units follow the indicator: for a
``%`` indicator an absolute change is in percentage points (pp).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast, overload

import numpy as np

from ._typing import ArrayLike, FloatArray
from .errors import InputError

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "FEASIBILITY_REASONS",
    "VERDICT_DECIMALS",
    "annual_rate",
    "direction_sign",
    "escap_anticipated_progress",
    "escap_verdict",
    "eurostat_ratio",
    "eurostat_verdict",
    "feasibility_ratio",
    "historical_annual_rate",
    "historical_change_per_year",
    "ratio_to_previous",
    "relative_change",
    "required_change",
    "required_change_per_year",
    "unsd_progress_ratio",
    "unsd_verdict",
]


@overload
def _out(x: float) -> float: ...
@overload
def _out(x: FloatArray) -> FloatArray: ...
def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=np.float64)
    if np.isinf(arr).any():  # finite inputs whose result overflows (a baseline near 0)
        i = int(np.flatnonzero(np.isinf(arr).ravel())[0]) if arr.ndim else 0
        raise InputError(f"the result is infinite at position {i}: the inputs are too far apart "
                         "in size (a baseline near 0?) for a finite growth figure")
    return float(arr) if arr.ndim == 0 else arr


def _as_float(name: str, x: ArrayLike) -> FloatArray:
    if np.asarray(x).dtype == np.bool_:  # True is no figure, though numpy reads it as 1.0
        raise InputError(f"expected numbers, got {x!r}", column=name, value=x)
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"expected numbers, got {x!r}", column=name, value=x) from exc
    if not np.isfinite(arr).all():
        where = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0]) if arr.ndim else 0
        what = "NaN" if np.isnan(arr.ravel()[where]) else "infinite"
        raise InputError(
            f"is {what} at position {where}; growth needs a finite number", column=name, value=x
        )
    return arr


def _positive(name: str, arr: FloatArray, what: str) -> None:
    bad = ~(arr > 0)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0]) if arr.ndim else 0
        v = float(arr.ravel()[i]) if arr.ndim else float(arr)
        raise InputError(
            f"must be > 0 for {what} (got {v:g} at position {i}); a growth rate of a zero or "
            "negative baseline is undefined, use the absolute change instead",
            column=name,
            value=v,
        )


def _horizon(years: ArrayLike) -> FloatArray:
    h = _as_float("years", years)
    bad = ~(h >= 1)
    if bad.any():
        v = float(h.ravel()[int(np.flatnonzero(bad.ravel())[0])]) if h.ndim else float(h)
        raise InputError(
            f"the horizon must be at least one year (got {v:g}); the target year must come "
            "after the baseline year",
            column="years",
            value=v,
        )
    return h


def _shapes_agree(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn numpy's broadcast errors into an :class:`InputError` naming the shapes: a
    growth function takes one number, or one per target, for each argument. The error names
    the function's first argument as its column."""
    first = next(iter(inspect.signature(fn).parameters))

    @functools.wraps(fn)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            if "broadcast" not in str(exc):  # "could not be" / "cannot be broadcast"
                raise
            shapes = ", ".join(str(np.shape(cast(Any, a))) for a in (*args, *kwargs.values()))
            raise InputError(f"the arguments' shapes {shapes} do not match: give one number, or "
                             "one per target, for each", column=first) from None

    return checked


def direction_sign(direction: ArrayLike) -> FloatArray:
    """Sign of progress: +1 for ``higher``, -1 for ``lower``.

    Parameters
    ----------
    direction : str or array of str
        ``"higher"`` or ``"lower"``. (``"band"`` has no fixed sign; callers use the sign of
        ``target - baseline`` for it.)

    Returns
    -------
    float or ndarray
        +1.0 or -1.0 per element.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.growth.direction_sign(["higher", "lower"])
    array([ 1., -1.])
    """
    d = np.asarray(direction, dtype=object)
    flat = d.ravel()
    out = np.empty(flat.shape, dtype=np.float64)
    for i, v in enumerate(flat):
        if v == "higher":
            out[i] = 1.0
        elif v == "lower":
            out[i] = -1.0
        else:
            raise InputError(
                f"expected 'higher' or 'lower', got {v!r}", column="direction", value=v
            )
    return _out(out.reshape(d.shape))


@_shapes_agree
def required_change(baseline: ArrayLike, target: ArrayLike) -> Any:
    """Absolute change needed to reach the target: :math:`T - b`.

    Parameters
    ----------
    baseline, target : float or array
        In the indicator's unit (for ``%`` indicators the result is in percentage points).

    Returns
    -------
    float or ndarray

    Examples
    --------
    Poverty rate 11.17% (2024 estimate) to 8.17% (2025 plan):

    >>> import sonla_forecast as sf
    >>> round(sf.required_change(11.17, 8.17), 2)
    -3.0
    """
    b = _as_float("baseline", baseline)
    t = _as_float("target", target)
    return _out(t - b)


@_shapes_agree
def required_change_per_year(baseline: ArrayLike, target: ArrayLike, years: ArrayLike) -> Any:
    """Absolute change needed per year: :math:`(T - b) / h`.

    Parameters
    ----------
    baseline, target : float or array
        In the indicator's unit.
    years : float or array
        Horizon :math:`h \\ge 1`, in years.

    Returns
    -------
    float or ndarray
        Unit per year (pp per year for ``%`` indicators).

    Examples
    --------
    Urbanization 18.5% to 20.6% in one year needs 2.1 pp:

    >>> import sonla_forecast as sf
    >>> round(sf.required_change_per_year(18.5, 20.6, 1), 2)
    2.1
    """
    h = _horizon(years)
    return _out(np.asarray(required_change(baseline, target)) / h)


@_shapes_agree
def relative_change(baseline: ArrayLike, target: ArrayLike) -> Any:
    """Relative change needed: :math:`T / b - 1` (a fraction; 0.05 is +5%).

    Parameters
    ----------
    baseline : float or array
        Must be > 0.
    target : float or array
        Must be >= 0.

    Returns
    -------
    float or ndarray
        :math:`T / b - 1`, a fraction (-0.2686 is a fall of 26.86%); a float for scalar
        inputs, else an array of the broadcast shape.

    Raises
    ------
    InputError
        If the baseline is not positive or the target is negative.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> round(sf.relative_change(11.17, 8.17), 4)
    -0.2686
    """
    b = _as_float("baseline", baseline)
    t = _as_float("target", target)
    _positive("baseline", b, "a relative change")
    if (t < 0).any():
        i = int(np.flatnonzero((t < 0).ravel())[0]) if t.ndim else 0
        raise InputError(f"must be >= 0 for a relative change or growth rate (got "
                         f"{float(t.ravel()[i]):g} at position {i})", column="target",
                         value=target)
    with np.errstate(over="ignore"):  # an overflow is refused by _out, not warned about
        return _out(t / b - 1.0)


@_shapes_agree
def annual_rate(baseline: ArrayLike, target: ArrayLike, years: ArrayLike) -> Any:
    """Compound annual growth rate needed: :math:`(T / b)^{1/h} - 1`.

    Parameters
    ----------
    baseline : float or array
        Must be > 0.
    target : float or array
        Must be >= 0.
    years : float or array
        Horizon :math:`h \\ge 1`, in years.

    Returns
    -------
    float or ndarray
        Fraction per year (0.05 is 5% a year).

    Notes
    -----
    Compounding inverts it: :math:`b (1 + r)^h = T`. With :math:`h = 1` it equals
    :func:`relative_change`.

    Examples
    --------
    Budget revenue 4,100 to 4,500 billion VND in one year:

    >>> import sonla_forecast as sf
    >>> round(sf.annual_rate(4100, 4500, 1), 4)
    0.0976
    """
    h = _horizon(years)
    relative_change(baseline, target)  # validates the domain
    t = _as_float("target", target)
    b = _as_float("baseline", baseline)
    with np.errstate(over="ignore", divide="ignore"):  # overflow is refused by _out
        # Near T = b, T/b rounded to a float keeps only the first digits of a small change:
        # there expm1(log1p((T - b)/b) / h). Elsewhere the power of T/b itself (near T = 0,
        # (T - b)/b rounds to -1).
        near = np.abs(t - b) < 0.5 * b
        small = np.expm1(np.log1p(np.where(near, (t - b) / b, 0.0)) / h)
        return _out(np.where(near, small, np.power(t / b, 1.0 / h) - 1.0))


@_shapes_agree
def ratio_to_previous(current: ArrayLike, previous: ArrayLike) -> Any:
    """The "% of previous year" ratio printed in the resolutions: :math:`100 \\, x_t / x_{t-1}`.

    Parameters
    ----------
    current, previous : float or array
        ``previous`` must be > 0.

    Returns
    -------
    float or ndarray
        Percent (100 means unchanged).

    Examples
    --------
    Total social investment, 2024 estimate over 2023 actual (420/NQ-HĐND prints 101.01; the
    figures give 100.78):

    >>> import sonla_forecast as sf
    >>> round(sf.ratio_to_previous(21130, 20967), 2)
    100.78
    """
    c = _as_float("current", current)
    p = _as_float("previous", previous)
    _positive("previous", p, "a ratio to the previous value")
    with np.errstate(over="ignore"):  # an overflow is refused by _out, not warned about
        return _out(100.0 * (c / p))  # c / p first: a value over itself is exactly 100


def _window(values: ArrayLike, years: ArrayLike) -> tuple[FloatArray, FloatArray]:
    v = _as_float("values", values)
    y = _as_float("years", years)
    if v.ndim != 1 or y.shape != v.shape:
        raise InputError(
            f"values and years must be 1-D of the same length (got {v.shape} and {y.shape})",
            column="values",
        )
    if v.size < 2:
        raise InputError(
            f"a historical change needs at least two observations (got {v.size})",
            column="values",
        )
    if (np.diff(y) <= 0).any():
        raise InputError("years must be strictly increasing", column="years", value=years)
    return v, y


def historical_change_per_year(values: ArrayLike, years: ArrayLike) -> float:
    """Average absolute change per year over the window.

    :math:`(x_{last} - x_{first}) / (t_{last} - t_{first})`.

    Parameters
    ----------
    values : array
        Observations (actuals or estimates), in the indicator's unit.
    years : array
        Their years, strictly increasing (gaps allowed).

    Returns
    -------
    float
        Unit per year.

    Examples
    --------
    New-rural communes 65 (2023) to 74 (2024):

    >>> import sonla_forecast as sf
    >>> sf.historical_change_per_year([65, 74], [2023, 2024])
    9.0
    """
    v, y = _window(values, years)
    return float((v[-1] - v[0]) / (y[-1] - y[0]))


def historical_annual_rate(values: ArrayLike, years: ArrayLike) -> float:
    """Compound annual growth rate over the window.

    :math:`(x_{last}/x_{first})^{1/(t_{last}-t_{first})} - 1`.

    Parameters
    ----------
    values : array
        Observations; the first must be > 0 and the last >= 0.
    years : array
        Their years, strictly increasing.

    Returns
    -------
    float
        Fraction per year.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> round(sf.historical_annual_rate([4560, 4900], [2023, 2024]), 4)
    0.0746
    """
    v, y = _window(values, years)
    if not v[0] > 0:
        raise InputError(
            f"the first value of the window must be > 0 for a growth rate (got {v[0]:g}); "
            "use historical_change_per_year instead",
            column="values",
            value=float(v[0]),
        )
    if v[-1] < 0:
        raise InputError(
            f"the last value of the window must be >= 0 for a growth rate (got {v[-1]:g})",
            column="values",
            value=float(v[-1]),
        )
    return float(annual_rate(v[0], v[-1], y[-1] - y[0]))


#: Why :func:`feasibility_ratio` returns NaN or 0, by code.
FEASIBILITY_REASONS: dict[str, str] = {
    "": "",
    "met": "target already met at the baseline: no further progress is needed",
    "flat": "history is flat: no past progress to compare the required pace with",
    "wrong_way": "history moved away from the target: the required pace has no past match",
}


@_shapes_agree
def feasibility_ratio(
    required_per_year: ArrayLike, historical_per_year: ArrayLike, direction: ArrayLike
) -> tuple[Any, Any]:
    """Required pace as a multiple of the pace history achieved, in the target's direction.

    With :math:`s = +1` for ``higher`` and :math:`-1` for ``lower``, required progress
    :math:`q = s \\cdot r_{req}` and achieved progress :math:`a = s \\cdot r_{hist}`:

    * :math:`q \\le 0` (target already met): ratio 0, reason ``"met"``;
    * :math:`a > 0`: ratio :math:`q / a` (1 = keep the past pace, 2 = double it);
    * :math:`a = 0` (or below the smallest normal float, about 2e-308): NaN, reason ``"flat"``;
    * :math:`a < 0`: NaN, reason ``"wrong_way"``.

    Parameters
    ----------
    required_per_year : float or array
        Required change per year (unit per year), e.g. from :func:`required_change_per_year`.
    historical_per_year : float or array
        Achieved change per year, same unit.
    direction : str or array of str
        ``"higher"`` or ``"lower"``.

    Returns
    -------
    ratio : float or ndarray
        Dimensionless; NaN where undefined.
    reason : str or ndarray of str
        Codes from :data:`FEASIBILITY_REASONS` (``""`` where the ratio is defined and positive).

    Examples
    --------
    Poverty must fall 3.00 pp in a year; it fell 3.00 pp in the last one:

    >>> import sonla_forecast as sf
    >>> sf.feasibility_ratio(-3.0, -3.0, "lower")
    (1.0, '')
    >>> sf.feasibility_ratio(2.1, 0.0, "higher")
    (nan, 'flat')
    """
    req = _as_float("required_per_year", required_per_year)
    hist = _as_float("historical_per_year", historical_per_year)
    s = np.asarray(direction_sign(direction))
    req, hist, s = np.broadcast_arrays(req, hist, s)
    q = s * req
    a = s * hist
    ratio = np.full(q.shape, np.nan)
    reason = np.full(q.shape, "", dtype=object)
    met = q <= 0
    pos = ~met & (a > 0)
    ratio[met] = 0.0
    reason[met] = "met"
    with np.errstate(over="ignore"):
        ratio[pos] = q[pos] / a[pos]
    # A past pace below the smallest normal float (below 1e-300 units a year, a rounding
    # remainder) is flat, as 0 is; any other infinite ratio is refused by _out.
    tiny = np.isinf(ratio) & (np.abs(a) < np.finfo(np.float64).tiny)
    ratio[tiny] = np.nan
    reason[~met & ((a == 0) | tiny)] = "flat"
    _out(ratio)  # raises if a ratio overflowed otherwise
    reason[~met & (a < 0)] = "wrong_way"
    if ratio.ndim == 0:
        return float(ratio), str(reason[()])
    return ratio, reason


@_shapes_agree
def eurostat_ratio(achieved_rate: ArrayLike, required_rate: ArrayLike) -> Any:
    """Eurostat's ratio of achieved to required compound annual growth rate.

    :math:`R = r_{achieved} / r_{required}`. Eurostat's SDG monitoring report reads it as:
    on track at :math:`R \\ge 0.95`, moderate progress for :math:`0.60 \\le R < 0.95`,
    insufficient progress for :math:`0 \\le R < 0.60`, movement away for :math:`R < 0`.

    Parameters
    ----------
    achieved_rate, required_rate : float or array
        Compound annual growth rates (fractions per year), e.g. from
        :func:`historical_annual_rate` and :func:`annual_rate`. The required rate must not be
        zero (a target equal to the baseline is already met; callers handle it first).

    Returns
    -------
    float or ndarray
        Dimensionless.

    Raises
    ------
    InputError
        If a required rate is zero.

    References
    ----------
    Eurostat, *Sustainable development in the European Union: monitoring report*,
    Annex "Assessment of progress towards quantitative targets" (2023 ed.).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.growth.eurostat_ratio(0.02, 0.04)
    0.5
    """
    a = _as_float("achieved_rate", achieved_rate)
    r = _as_float("required_rate", required_rate)
    if (r == 0).any():
        raise InputError(
            "is zero: the target equals the baseline, so there is no growth to compare with",
            column="required_rate",
            value=required_rate,
        )
    with np.errstate(over="ignore"):  # an overflow is refused by _out, not warned about
        return _out(a / r)


@_shapes_agree
def escap_anticipated_progress(
    baseline: ArrayLike, target: ArrayLike, achieved_rate: ArrayLike, years: ArrayLike,
    upper: ArrayLike | None = None,
) -> Any:
    """UN ESCAP's anticipated progress ratio: projected change over required change.

    The indicator is projected from the baseline at its past compound annual growth rate
    :math:`r`, :math:`\\hat x = b (1 + r)^h`, and compared with the change the target needs:
    :math:`APR = (\\hat x - b) / (T - b)`. ESCAP reads :math:`APR \\ge 1` as "maintain
    progress", :math:`0 < APR < 1` as "accelerate", :math:`APR \\le 0` as "reverse trend".

    Parameters
    ----------
    baseline : float or array
        Current value, > 0.
    target : float or array
        Target value, different from the baseline.
    achieved_rate : float or array
        Past compound annual growth rate (fraction per year), > -1.
    years : float or array
        Horizon :math:`h \\ge 1`.
    upper : float or array, optional
        The indicator's upper bound (100 for a percentage; NaN: none), where the projection
        stops: a share growing at its past rate cannot pass 100%. Default: no bound.

    Returns
    -------
    float or ndarray
        Dimensionless.

    References
    ----------
    UN ESCAP, *Asia and the Pacific SDG Progress Report*, methodological annex
    ("anticipated progress" for targeted indicators).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> round(sf.growth.escap_anticipated_progress(100, 110, 0.05, 1), 3)
    0.5
    >>> round(sf.growth.escap_anticipated_progress(92, 92.5, 0.586, 1, upper=100), 1)
    16.0
    """
    b = _as_float("baseline", baseline)
    t = _as_float("target", target)
    r = _as_float("achieved_rate", achieved_rate)
    h = _horizon(years)
    _positive("baseline", b, "a projection at a growth rate")
    if (t == b).any():
        raise InputError(
            "equals the baseline: the required change is zero", column="target", value=target
        )
    if (r <= -1).any():
        i = int(np.flatnonzero((r <= -1).ravel())[0]) if r.ndim else 0
        raise InputError(
            f"must be > -1 (a fall of less than 100% a year), got {float(r.ravel()[i]):g} at "
            f"position {i}", column="achieved_rate", value=achieved_rate)
    with np.errstate(over="ignore"):
        projected = b * np.power(1.0 + r, h)
    if upper is not None:
        cap = np.asarray(upper, dtype=np.float64)
        projected = np.where(np.isnan(cap), projected, np.minimum(projected, cap))
    return _out((projected - b) / (t - b))


@_shapes_agree
def unsd_progress_ratio(
    baseline: ArrayLike, target: ArrayLike, achieved_per_year: ArrayLike, years: ArrayLike
) -> Any:
    """UN Statistics Division progress-chart ratio: expected progress over required progress.

    Expected progress continues the past absolute change per year :math:`a` over the horizon:
    :math:`(a h) / (T - b)`. Read as: :math:`\\ge 0.95` substantial progress / on track,
    :math:`[0.5, 0.95)` fair progress but acceleration needed, :math:`[-0.1, 0.5)` limited or
    no progress, :math:`< -0.1` deterioration. This linear (unit per year) scale is the one
    that differs from Eurostat's growth-rate scale for percentages (poverty 11.17% to 8.17% is
    -3.00 pp but -26.9% as a growth rate).

    Parameters
    ----------
    baseline, target : float or array
        Target different from the baseline.
    achieved_per_year : float or array
        Past absolute change per year, in the indicator's unit.
    years : float or array
        Horizon :math:`h \\ge 1`.

    Returns
    -------
    float or ndarray
        Dimensionless.

    References
    ----------
    UN Statistics Division, *SDG Progress Chart: technical note* (trend assessment for
    indicators with a numerical target).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.growth.unsd_progress_ratio(11.17, 8.17, -3.0, 1)
    1.0
    """
    b = _as_float("baseline", baseline)
    t = _as_float("target", target)
    a = _as_float("achieved_per_year", achieved_per_year)
    h = _horizon(years)
    if (t == b).any():
        raise InputError(
            "equals the baseline: the required change is zero", column="target", value=target
        )
    return _out(a * h / (t - b))


#: Decimals a ratio is rounded to before a verdict compares it with its cut-offs, so that
#: float noise does not move a ratio that is exactly on a cut-off (0.13 / 0.26 computes to
#: 0.49999999999999956) into the category below.
VERDICT_DECIMALS = 9


def _ratio_array(ratio: ArrayLike) -> np.ndarray:
    """``ratio`` as floats rounded to :data:`VERDICT_DECIMALS` (NaN kept)."""
    try:
        r = np.asarray(ratio, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"ratio must be a number or an array of numbers, got {ratio!r}",
                         column="ratio", value=ratio) from None
    return np.round(r, VERDICT_DECIMALS)


def _verdict(ratio: ArrayLike, cuts: list[tuple[float, str]], below: str) -> Any:
    r = _ratio_array(ratio)
    out = np.full(r.shape, "", dtype=object)
    done = np.isnan(r)
    for cut, word in cuts:
        hit = ~done & (r >= cut)
        out[hit] = word
        done |= hit
    out[~done] = below
    return str(out[()]) if out.ndim == 0 else out


def eurostat_verdict(ratio: ArrayLike) -> Any:
    """Eurostat's reading of :func:`eurostat_ratio` (``""`` where the ratio is NaN).

    Parameters
    ----------
    ratio : float or array
        Ratio of achieved to required compound annual growth rate, :math:`R`, from
        :func:`eurostat_ratio` (dimensionless).

    Returns
    -------
    str or ndarray of str
        ``on track`` for :math:`R \\ge 0.95`, ``moderate progress`` for
        :math:`0.60 \\le R < 0.95`, ``insufficient progress`` for :math:`0 \\le R < 0.60`,
        ``moving away`` for :math:`R < 0`, ``""`` where :math:`R` is NaN. A ``str`` for a scalar
        ``ratio``, else an object array of its shape. The ratio is first
        rounded to :data:`VERDICT_DECIMALS` (9) decimals: one within 5e-10 of a cut-off counts as
        on it.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> list(sf.growth.eurostat_verdict([1.2, 0.7, 0.1, -0.5]))
    ['on track', 'moderate progress', 'insufficient progress', 'moving away']
    """
    return _verdict(
        ratio,
        [(0.95, "on track"), (0.60, "moderate progress"), (0.0, "insufficient progress")],
        "moving away",
    )


def escap_verdict(ratio: ArrayLike) -> Any:
    """UN ESCAP's reading of :func:`escap_anticipated_progress` (``""`` where NaN).

    Parameters
    ----------
    ratio : float or array
        Anticipated progress ratio :math:`APR` from :func:`escap_anticipated_progress`
        (dimensionless).

    Returns
    -------
    str or ndarray of str
        ``maintain progress`` for :math:`APR \\ge 1`, ``accelerate`` for :math:`0 < APR < 1`,
        ``reverse trend`` for :math:`APR \\le 0`, ``""`` where :math:`APR` is NaN. A ``str`` for
        a scalar ``ratio``, else an object array of its shape. The ratio is first
        rounded to :data:`VERDICT_DECIMALS` (9) decimals: one within 5e-10 of a cut-off counts as
        on it.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> list(sf.growth.escap_verdict([1.0, 0.4, 0.0]))
    ['maintain progress', 'accelerate', 'reverse trend']
    """
    r = _ratio_array(ratio)
    # ESCAP's cut at 0 is "<= 0 reverse", so 0 itself must not count as "accelerate".
    shifted = np.where(r == 0.0, -1.0, r)
    return _verdict(shifted, [(1.0, "maintain progress"), (0.0, "accelerate")], "reverse trend")


def unsd_verdict(ratio: ArrayLike) -> Any:
    """UNSD progress-chart reading of :func:`unsd_progress_ratio` (``""`` where NaN).

    Parameters
    ----------
    ratio : float or array
        Progress ratio from :func:`unsd_progress_ratio` (dimensionless).

    Returns
    -------
    str or ndarray of str
        ``substantial progress`` for a ratio :math:`\\ge 0.95`, ``fair progress, acceleration
        needed`` for :math:`[0.5, 0.95)`, ``limited or no progress`` for :math:`[-0.1, 0.5)`,
        ``deterioration`` below -0.1, ``""`` where the ratio is NaN. A ``str`` for a scalar
        ``ratio``, else an object array of its shape. The ratio is first
        rounded to :data:`VERDICT_DECIMALS` (9) decimals: one within 5e-10 of a cut-off counts as
        on it.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> for v in sf.growth.unsd_verdict([1.0, 0.6, 0.0, -0.5]):
    ...     print(v)
    substantial progress
    fair progress, acceleration needed
    limited or no progress
    deterioration
    """
    return _verdict(
        ratio,
        [
            (0.95, "substantial progress"),
            (0.5, "fair progress, acceleration needed"),
            (-0.1, "limited or no progress"),
        ],
        "deterioration",
    )
