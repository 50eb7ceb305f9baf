"""Adapter over statsmodels' exponential smoothing (additive damped trend) on the model scale."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.exponential_smoothing.ets import ETSModel as _SMETSModel

from .._typing import IntArray
from ..errors import InputError, ModelError
from .base import Panel, TForecast, as_int_horizon, freeze_arrays, require_panel
from .naive import FittedNaive, NaiveNormalDrift

__all__ = ["ETSModel", "FittedETS"]


@dataclass(frozen=True, kw_only=True)
class ETSModel:
    """Additive-error, additive damped-trend exponential smoothing, one fit per series.

    Each series' contiguous run of observations ending at its last observation is fitted on
    the model scale :math:`z = g(x)` with
    ``statsmodels.tsa.exponential_smoothing.ets.ETSModel(error="add", trend="add",
    damped_trend=True)`` by maximum likelihood, from statsmodels' default start and from a
    second one (:data:`SECOND_START`), keeping the higher likelihood. The forecast is normal
    with statsmodels' analytic mean and variance of :math:`z_{T+h}` (parameters treated as
    known).

    This adapter loops over series in Python (statsmodels fits one series at a time); it is
    a baseline, not the default model.

    Parameters
    ----------
    min_obs : int, default 6
        Series with fewer contiguous observations than this (the damped-trend model has five
        parameters plus the error variance) are forecast by
        :class:`~sonla_forecast.models.naive.NaiveNormalDrift` instead; ``FittedETS.used_ets``
        says which series were fitted by ETS.

    Notes
    -----
    statsmodels' ``ConvergenceWarning`` (and its "optimization failed to converge" ``UserWarning``)
    are silenced inside :meth:`fit`, since short series often hit them; the estimates are used
    as they come. The series is passed as a ``pandas.Series``, because statsmodels 0.15's
    ``get_prediction`` fails on a plain ndarray.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> x = 100.0 * 1.05 ** np.arange(8) * np.exp(0.01 * np.sin(np.arange(8)))
    >>> panel = Panel(values=x[None, :], years=np.arange(8), scale=("level",))
    >>> fitted = sf.models.ETSModel().fit(panel)
    >>> bool(fitted.used_ets[0]), bool(fitted.forecast(1).quantiles([0.5])[0, 0] > x[-1])
    (True, True)
    """

    name: ClassVar[str] = "ets"
    min_obs: int = 6

    def __post_init__(self) -> None:
        v = self.min_obs
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 4:
            raise InputError(f"min_obs must be a whole number >= 4, got {v!r}", column="min_obs")

    def fit(self, panel: Panel) -> FittedETS:
        """Fit each series (Python loop); short series fall back to the naive model.

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale.

        Returns
        -------
        FittedETS

        Raises
        ------
        ModelError
            If a series has fewer than two observations.
        """
        require_panel(panel)
        naive = NaiveNormalDrift().fit(panel)
        z = panel.z
        results: list[Any] = []
        used = np.zeros(panel.n_series, dtype=bool)
        for i in range(panel.n_series):
            row = z[i]
            last = int(panel.last_index[i])
            if last < 0:
                raise ModelError(f"series {panel.ids[i]!r} has no observation")
            obs = ~np.isnan(row[: last + 1])
            # Start of the contiguous run that ends at the last observation.
            start = last + 1 - int(np.argmin(obs[::-1])) if not obs.all() else 0
            run = row[start : last + 1]
            if run.size < self.min_obs:
                results.append(None)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.filterwarnings(
                    "ignore", message=".*failed to converge.*", category=UserWarning
                )
                # statsmodels < 0.14.5 under scipy >= 1.16 passes L-BFGS-B's deprecated `disp`.
                warnings.filterwarnings(
                    "ignore", message=".*`disp` and `iprint`", category=DeprecationWarning
                )
                # a series that never moves fits exactly: its likelihood takes log(0), and
                # the optimiser's numerical gradient differences of infinities
                with np.errstate(divide="ignore", invalid="ignore"):
                    res = _fit_best(pd.Series(run))
            results.append(res)
            used[i] = True
        return FittedETS(
            panel=panel, results=tuple(results), used_ets=used, naive=naive, min_obs=self.min_obs
        )


#: The second start of :func:`_fit_best`: smoothing of the level, of the trend, damping (the
#: initial level and trend are the first fit's).
SECOND_START = (0.5, 0.05, 0.95)


def _fit_best(y: pd.Series) -> Any:
    """statsmodels' fit from its default start and from :data:`SECOND_START`, whichever has the
    higher likelihood: from the default start the optimiser often stops at a level smoothing
    near 0, a fixed trend whose intervals do not widen with the horizon, where another start
    finds a better fit (in 14 of 40 simulated random walks of 15 points)."""
    model = _SMETSModel(y, error="add", trend="add", damped_trend=True)
    best = model.fit(disp=False)
    try:
        other = model.fit(disp=False, start_params=np.r_[SECOND_START, best.params[3:]])
    except (ValueError, np.linalg.LinAlgError):  # a start the optimiser cannot use
        return best
    return other if np.isfinite(other.llf) and other.llf > best.llf else best


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedETS:
    """Per-series statsmodels results (``None`` where the naive fallback is used).

    Attributes
    ----------
    panel : Panel
    results : tuple
        statsmodels ``ETSResults`` per series, or ``None``.
    used_ets : ndarray of bool, shape (n,)
        True where ETS was fitted, False where the naive model stands in.
    naive : FittedNaive
        The fallback fit (all series).
    min_obs : int
        The fit's :attr:`ETSModel.min_obs`.
    """

    panel: Panel
    results: tuple[Any, ...]
    used_ets: np.ndarray
    naive: FittedNaive
    min_obs: int = 6

    def __post_init__(self) -> None:
        freeze_arrays(self, ("used_ets",), bool)

    def series_notes(self) -> np.ndarray:
        """Per series, why it is not forecast by ETS (``""`` where it is); object array."""
        text = (f"ets needs {self.min_obs} contiguous observations: the naive model stands in "
                "for this series")
        return np.where(self.used_ets, "", text).astype(object)

    def series_models(self) -> np.ndarray:
        """Per series, the model that forecasts it: ``"ets"`` or ``"naive"``; object array."""
        return np.where(self.used_ets, "ets", NaiveNormalDrift.name).astype(object)

    @property
    def note(self) -> str:
        """One line on the naive fallback for the assessment's notes (``""`` if none)."""
        k = int((~self.used_ets).sum())
        if k == 0:
            return ""
        return (f"model 'ets': {k} of {self.used_ets.size} series have fewer than "
                f"{self.min_obs} contiguous observations; the naive model stands in for them")

    def forecast(self, horizon: int | IntArray) -> TForecast:
        """Normal predictive ``horizon`` years ahead (ETS where fitted, else naive).

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1).

        Returns
        -------
        TForecast
            Normal (``df`` infinite) on the model scale.
        """
        h = as_int_horizon(horizon, self.panel.n_series)
        base = self.naive.forecast(h)
        loc = np.array(base.loc)
        scale = np.array(base.scale)
        for i, res in enumerate(self.results):  # one statsmodels call per series
            if res is None:
                continue
            nobs = int(res.nobs)
            pred = res.get_prediction(start=nobs + int(h[i]) - 1, end=nobs + int(h[i]) - 1)
            loc[i] = float(np.asarray(pred.predicted_mean)[-1])
            scale[i] = float(np.sqrt(max(float(np.asarray(pred.var_pred_mean)[-1]), 0.0)))
        return TForecast(
            loc=loc,
            scale=scale,
            df=np.full(loc.shape, np.inf),
            codes=self.panel.codes,
            cap=self.panel.cap,
        )
