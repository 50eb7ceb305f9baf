"""Naive normal random walk with drift: the (overconfident) textbook baseline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._typing import FloatArray, IntArray
from ..errors import ModelError
from .base import Panel, TForecast, as_int_horizon, freeze_arrays, require_panel
from .drift import diff_stats

__all__ = ["FittedNaive", "NaiveNormalDrift"]


@dataclass(frozen=True, kw_only=True)
class NaiveNormalDrift:
    """Drift = mean difference, normal predictive with the sample spread of the differences.

    On the model scale :math:`z = g(x)`, with differences :math:`d_1, \\dots, d_m` of a series
    (consecutive observed years), the forecast ``h`` years ahead is

    .. math::

        z_{T+h} \\sim N\\big(z_T + h \\bar d,\\; \\hat\\sigma^2 h\\big),
        \\qquad \\hat\\sigma = \\operatorname{sd}(d_1, \\dots, d_m)\\ (\\text{ddof}=1).

    It ignores the uncertainty of :math:`\\bar d` and of :math:`\\hat\\sigma` and is therefore
    overconfident with short histories; it is kept as an honest baseline.

    Notes
    -----
    With a single difference (two points) the sample sd is undefined; this model then uses
    :math:`\\hat\\sigma = |d_1|` (the one observed change as the spread). A series whose
    differences are all equal gets :math:`\\hat\\sigma = 0`, a point forecast. A series with
    fewer than two observations raises :class:`~sonla_forecast.errors.ModelError`. Gaps: a
    difference over ``g`` missing years counts as ``g`` yearly steps (drift = total change / span;
    spread from the gap-weighted residuals).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> panel = Panel(values=np.array([[1.0, 2.0, 4.0]]), years=np.arange(3), scale=("rate",))
    >>> fc = sf.models.NaiveNormalDrift().fit(panel).forecast(1)
    >>> float(fc.loc[0]), round(float(fc.scale[0]), 4)
    (5.5, 0.7071)
    """

    name: ClassVar[str] = "naive"

    def fit(self, panel: Panel) -> FittedNaive:
        """Fit every series of ``panel`` (vectorised).

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale.

        Returns
        -------
        FittedNaive

        Raises
        ------
        ModelError
            If a series has fewer than two observations.
        """
        require_panel(panel)
        st = diff_stats(panel.z)
        if (st.m == 0).any():
            i = int(np.flatnonzero(st.m == 0)[0])
            raise ModelError(
                f"series {panel.ids[i]!r} has fewer than two observations; "
                "the naive model needs at least one difference"
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.where(st.m >= 2, np.sqrt(st.ss / np.maximum(st.m - 1.0, 1.0)), np.abs(st.mean))
        return FittedNaive(panel=panel, last=st.last, drift=st.mean, sigma=sd)


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedNaive:
    """A :class:`NaiveNormalDrift` fitted to a panel (arrays read-only).

    Attributes
    ----------
    panel : Panel
    last : ndarray, shape (n,)
        Last observed value on the model scale.
    drift : ndarray, shape (n,)
        Mean yearly difference on the model scale.
    sigma : ndarray, shape (n,)
        Spread of a yearly difference (see the class Notes for a single difference).
    """

    panel: Panel
    last: FloatArray
    drift: FloatArray
    sigma: FloatArray

    def __post_init__(self) -> None:
        freeze_arrays(self, ("last", "drift", "sigma"), np.float64)

    def forecast(self, horizon: int | IntArray) -> TForecast:
        """Normal predictive ``horizon`` years after each series' last observation.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1).

        Returns
        -------
        TForecast
            Normal (``df`` infinite) on the model scale, as in the class Notes.
        """
        h = as_int_horizon(horizon, self.panel.n_series).astype(np.float64)
        return TForecast(
            loc=self.last + h * self.drift,
            scale=self.sigma * np.sqrt(h),
            df=np.full(h.shape, np.inf),
            codes=self.panel.codes,
            cap=self.panel.cap,
        )
