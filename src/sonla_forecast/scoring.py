"""Proper scores and calibration summaries for probability and quantile forecasts (pure numpy).

Every public function checks its inputs once (shapes, finiteness, probabilities in [0, 1]) and
raises :class:`~sonla_forecast.errors.InputError` on bad input; none returns NaN. Lower is
better for every score here. Means and bin sums are exactly rounded (:func:`math.fsum`), so the
same forecasts in another order give the same score to the last bit.

References
----------
Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
estimation. *Journal of the American Statistical Association* 102(477), 359-378.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._typing import ArrayLike, FloatArray
from .errors import InputError

__all__ = [
    "LOG_SCORE_EPS",
    "brier_score",
    "interval_coverage",
    "log_score",
    "pinball_loss",
    "reliability_table",
]

#: Default clipping of probabilities in :func:`log_score`: a forecast of exactly 0 or 1 that
#: turns out wrong costs :math:`-\log(10^{-6}) \approx 13.8` instead of infinity.
LOG_SCORE_EPS = 1e-6


def _array(x: ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric, got {type(x).__name__}", column=name) from exc
    if arr.size == 0:
        raise InputError(f"{name} is empty; expected at least one value", column=name)
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise InputError(
            f"{name} must be finite, got {float(arr.ravel()[i])!r} at position {i}",
            column=name,
        )
    return arr


def _prob(x: ArrayLike, name: str) -> FloatArray:
    arr = _array(x, name)
    bad = (arr < 0.0) | (arr > 1.0)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        raise InputError(
            f"{name} must be probabilities in [0, 1], "
            f"got {float(arr.ravel()[i])!r} at position {i}",
            column=name,
        )
    return arr


def _outcome(x: ArrayLike, name: str = "outcome") -> FloatArray:
    arr = _array(x, name)
    bad = (arr != 0.0) & (arr != 1.0)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        raise InputError(
            f"{name} must be 0/1 (or bool), got {float(arr.ravel()[i])!r} at position {i}",
            column=name,
        )
    return arr


def _mean(a: FloatArray) -> float:
    """Mean of a non-empty array whose sum is exactly rounded: independent of the values' order
    (a sum beyond the largest float is inf, as numpy's)."""
    try:
        return math.fsum(a.ravel().tolist()) / a.size
    except OverflowError:
        return float(np.mean(a))


def _same_shape(a: FloatArray, b: FloatArray, na: str, nb: str) -> None:
    if a.shape != b.shape:
        raise InputError(f"{na} and {nb} must have the same shape, got {a.shape} and {b.shape}")


def brier_score(prob: ArrayLike, outcome: ArrayLike) -> float:
    """Mean Brier score of probability forecasts of binary events.

    Parameters
    ----------
    prob : array_like of float
        Forecast probabilities of the event, in [0, 1].
    outcome : array_like of {0, 1} or bool, same shape
        1 (True) where the event happened.

    Returns
    -------
    float
        :math:`\\frac{1}{n}\\sum_i (p_i - o_i)^2`, in [0, 1]; 0 for perfect forecasts.

    Raises
    ------
    InputError
        Empty, non-finite, out-of-range or mismatched inputs.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.scoring.brier_score([0.9, 0.2], [1, 0])   # ((0.1)^2 + (0.2)^2) / 2 = 0.025
    0.025
    """
    p = _prob(prob, "prob")
    o = _outcome(outcome)
    _same_shape(p, o, "prob", "outcome")
    return _mean((p - o) ** 2)


def log_score(prob: ArrayLike, outcome: ArrayLike, eps: float = LOG_SCORE_EPS) -> float:
    """Mean negative log-likelihood (ignorance, natural log) of binary probability forecasts.

    Parameters
    ----------
    prob : array_like of float
        Forecast probabilities of the event, in [0, 1].
    outcome : array_like of {0, 1} or bool, same shape
        1 (True) where the event happened.
    eps : float, default :data:`LOG_SCORE_EPS`
        Probabilities are clipped into ``[eps, 1 - eps]`` first, so that a confident miss costs
        :math:`-\\log(\\text{eps})` rather than infinity. Must be in (0, 0.5).

    Returns
    -------
    float
        :math:`-\\frac{1}{n}\\sum_i [o_i \\log p_i + (1 - o_i)\\log(1 - p_i)]`, >= 0.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> round(sf.scoring.log_score([0.5, 0.8], [1, 0]), 6)   # -(log 0.5 + log 0.2) / 2
    1.151293
    """
    if isinstance(eps, np.generic):  # a numpy scalar (np.float32(1e-6)) is a number too
        eps = eps.item()
    if isinstance(eps, bool) or not (isinstance(eps, (int, float)) and 0.0 < eps < 0.5):
        raise InputError(f"eps must be a number in (0, 0.5), got {eps!r}", column="eps")
    p = np.clip(_prob(prob, "prob"), eps, 1.0 - eps)
    o = _outcome(outcome)
    _same_shape(p, o, "prob", "outcome")
    return -_mean(np.where(o == 1.0, np.log(p), np.log1p(-p)))


def pinball_loss(y: ArrayLike, quantiles: ArrayLike, probs: Sequence[float] | ArrayLike) -> float:
    """Mean pinball (quantile) loss over observations and quantile levels.

    Parameters
    ----------
    y : array_like, shape (n,)
        Outcomes (on whatever scale the quantiles are; take logs of both for a scale-free loss).
    quantiles : array_like, shape (n, k)
        Forecast quantiles of each outcome at the levels ``probs``.
    probs : sequence of float, length k
        Quantile levels in (0, 1).

    Returns
    -------
    float
        :math:`\\frac{1}{nk}\\sum_{i,j} \\rho_{\\tau_j}(y_i - q_{ij})` with
        :math:`\\rho_\\tau(u) = \\max(\\tau u, (\\tau - 1) u)`; >= 0.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> round(sf.scoring.pinball_loss([10.0], [[8.0, 11.0]], [0.1, 0.9]), 12)  # (0.1*2 + 0.1*1) / 2
    0.15
    """
    yy = _array(y, "y").reshape(-1)
    q = _array(quantiles, "quantiles")
    tau = _array(probs, "probs").reshape(-1)
    if ((tau <= 0.0) | (tau >= 1.0)).any():
        raise InputError(f"probs must be in (0, 1), got {tau.tolist()}", column="probs")
    if q.ndim == 1 and tau.size == 1:
        q = q[:, None]
    if q.shape != (yy.size, tau.size):
        raise InputError(
            f"quantiles must have shape (len(y), len(probs)) = {(yy.size, tau.size)}, "
            f"got {q.shape}",
            column="quantiles",
        )
    u = yy[:, None] - q
    return _mean(np.maximum(tau * u, (tau - 1.0) * u))


def interval_coverage(y: ArrayLike, lower: ArrayLike, upper: ArrayLike) -> float:
    """Fraction of outcomes inside their closed prediction interval ``[lower, upper]``.

    For a whole-number outcome (a count) whose interval ends are whole quantiles, the closed
    interval holds more than its nominal share even under a calibrated forecast (a count
    forecast near 70 whose own 80% interval is [69, 71] puts about 87% of its mass in it), so a
    coverage above 0.8 there is not by itself a sign of too wide an interval.

    Parameters
    ----------
    y, lower, upper : array_like, same shape
        Outcomes and interval bounds (``lower <= upper``).

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.scoring.interval_coverage([1.0, 5.0, 3.0, 2.0], [0.0, 0.0, 3.0, 2.5],
    ...                              [2.0, 4.0, 4.0, 3.0])
    0.5
    """
    yy = _array(y, "y")
    lo = _array(lower, "lower")
    hi = _array(upper, "upper")
    _same_shape(yy, lo, "y", "lower")
    _same_shape(yy, hi, "y", "upper")
    if (lo > hi).any():
        i = int(np.flatnonzero((lo > hi).ravel())[0])
        raise InputError(
            f"lower must be <= upper, got {lo.ravel()[i]} > {hi.ravel()[i]} at position {i}"
        )
    inside = (yy >= lo) & (yy <= hi)
    return float(np.count_nonzero(inside) / inside.size)  # a count: exact in any order


def reliability_table(prob: ArrayLike, outcome: ArrayLike, bins: int = 10) -> dict[str, np.ndarray]:
    """Calibration of probability forecasts in equal-width bins of the forecast.

    Parameters
    ----------
    prob : array_like of float
        Forecast probabilities in [0, 1].
    outcome : array_like of {0, 1} or bool, same shape
        1 (True) where the event happened.
    bins : int, default 10
        Number of equal-width bins on [0, 1]; bin ``j`` is ``[j/bins, (j+1)/bins)``, the last
        bin also includes 1.

    Returns
    -------
    dict of ndarray, each of length ``bins``
        ``bin_lower``, ``bin_upper``: the bin edges; ``n``: number of forecasts in the bin
        (int); ``mean_predicted``: their mean probability; ``observed_frequency``: the fraction
        of events among them. The last two are NaN for an empty bin (``n == 0``), the only NaN
        this function returns, and they are flagged by ``n``.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> t = sf.scoring.reliability_table([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1], bins=2)
    >>> t["n"].tolist(), t["mean_predicted"].round(3).tolist()
    ([3, 1], [0.107, 0.95])
    >>> t["observed_frequency"].round(3).tolist()
    [0.333, 1.0]
    """
    p = _prob(prob, "prob").reshape(-1)
    o = _outcome(outcome).reshape(-1)
    if p.shape != o.shape:
        raise InputError(f"prob and outcome must have the same size, got {p.size} and {o.size}")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise InputError(f"bins must be a positive integer, got {bins!r}", column="bins")
    edges = np.arange(bins + 1) / bins  # k / bins exactly (linspace gives 0.6000000000000001)
    # The bin by comparison with its edges, not floor(p * bins): 0.8999999999999999 * 10
    # rounds up to 9.0 and would land in [0.9, 1).
    idx = np.minimum(np.searchsorted(edges, p, side="right") - 1, bins - 1)
    n = np.bincount(idx, minlength=bins)
    order = np.argsort(idx, kind="stable")
    cuts = np.cumsum(n)[:-1]
    sp = np.array([math.fsum(c.tolist()) for c in np.split(p[order], cuts)])
    so = np.array([math.fsum(c.tolist()) for c in np.split(o[order], cuts)])
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.where(n > 0, sp / np.maximum(n, 1), np.nan)
        freq = np.where(n > 0, so / np.maximum(n, 1), np.nan)
    return {
        "bin_lower": edges[:-1],
        "bin_upper": edges[1:],
        "n": n.astype(np.int64),
        "mean_predicted": mean_p,
        "observed_frequency": freq,
    }
