"""Combination (mixture) of trajectory models, weighted by their measured skill.

The predictive distribution of :class:`Combination` is the mixture of its components'
predictive distributions: the cdf is the weighted sum of the component cdfs, so every
probability (``cdf``, ``prob_meets``) is the weighted sum of the components' probabilities,
and quantiles are found by inverting the mixture cdf numerically. The weights are given, or
estimated on the panel by the leave-last-out log score of the mixture (see
:class:`Combination`).

References
----------
Hall, S. G. and Mitchell, J. (2007), "Combining density forecasts", *International Journal of
Forecasting* 23(1), 1-13 (weights maximising the log score of the mixture).
Geweke, J. and Amisano, G. (2011), "Optimal prediction pools", *Journal of Econometrics*
164(1), 130-141.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, cast

import numpy as np
from scipy import stats

from .._typing import BoolArray, FloatArray, IntArray, RngLike, as_generator
from ..errors import InputError, ModelError
from .base import (
    Forecast,
    Panel,
    TForecast,
    as_int_horizon,
    freeze_arrays,
    read_only_copy,
    require_panel,
    to_z,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "PSEUDO_COUNT",
    "Combination",
    "FittedCombination",
    "MixtureForecast",
    "density_z",
    "mixture_weights",
]

#: Fallback weights of the default components ``("drift", "refclass")`` when the panel is too
#: short to estimate them (a series with fewer than 3 points). They are the mean of the
#: leave-last-out estimates of :class:`Combination` on panels of all 645 M3 yearly training
#: windows (``x`` only) of 3, 4 and 6 points ending 0, 3 and 6 years before the end of ``x``
#: (``python benchmarks/m3_validation.py --estimate-defaults``): the drift model's weight was
#: 0.77-0.89 in those nine panels, mean 0.85. Other component lists fall back to equal weights.
DEFAULT_WEIGHTS: dict[tuple[str, ...], tuple[float, ...]] = {("drift", "refclass"): (0.85, 0.15)}

#: Pseudo-series per component added to the leave-last-out estimate (a Dirichlet(1 + c)
#: prior on the weights, c = ``PSEUDO_COUNT``): pulls the weights of a small panel toward equal
#: weights and keeps every weight above 0.
PSEUDO_COUNT = 1.0

#: Draws used for the density of a component that has neither a closed form nor samples.
_DENSITY_DRAWS = 2000
#: Bisection steps of the mixture quantile (the bracket shrinks by 2^-60).
_BISECT_STEPS = 60


def _component_name(spec: Any) -> str:
    return spec if isinstance(spec, str) else str(getattr(spec, "name", type(spec).__name__))


def density_z(fc: Forecast, x: FloatArray) -> FloatArray:
    """Predictive density of each series' outcome ``x`` on the model scale :math:`z = g(x)`.

    Closed form for a :class:`~sonla_forecast.models.base.TForecast`; otherwise a Gaussian
    kernel density (Silverman's bandwidth) of the forecast's draws (``samples`` when it has
    them) mapped to the model scale. Densities of different forecasts of the same outcome on
    the same scale are comparable (the Jacobian of :math:`g` is common to them). A count's
    entry is instead the probability of its whole outcome, :math:`P(X = k)`, from the
    forecast's cdf (from draws, smoothed as :math:`(j + 1/2) / (m + 1)` for :math:`j` of
    :math:`m` draws at :math:`k`): a latent density and a kernel density of rounded draws are
    not comparable, probabilities are.

    Parameters
    ----------
    fc : Forecast
        Predictive distributions, one per series.
    x : ndarray, shape (n,)
        Outcomes on the natural scale.

    Returns
    -------
    ndarray, shape (n,)

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.base import TForecast
    >>> from sonla_forecast.models.combination import density_z
    >>> fc = TForecast(loc=np.zeros(1), scale=np.ones(1), df=np.array([np.inf]),
    ...                codes=np.array([2]), cap=np.array([np.nan]))
    >>> round(float(density_z(fc, np.array([0.0]))[0]), 4)
    0.3989
    """
    codes = np.asarray(fc.codes)
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    z = to_z(x.reshape(-1, 1), codes)[:, 0]
    samples = getattr(fc, "samples", None)
    if isinstance(fc, TForecast):
        sc = np.where(fc.scale > 0, fc.scale, 1e-12)
        tdf = np.where(np.isinf(fc.df), 1.0, fc.df)
        u = (z - fc.loc) / sc
        pdf = np.where(np.isinf(fc.df), stats.norm.pdf(u), stats.t.pdf(u, tdf))
        return _count_mass(fc, x, codes, np.asarray(pdf / sc), None)
    empirical = samples is not None  # else fc's own cdf is exact for a count's mass
    if samples is None:
        samples = fc.draws(_DENSITY_DRAWS, rng=0)
    zs = to_z(np.asarray(samples, dtype=np.float64), codes)
    m = zs.shape[1]
    sd = zs.std(axis=1, ddof=1) if m > 1 else np.zeros(zs.shape[0])
    q75, q25 = np.percentile(zs, [75, 25], axis=1)
    spread = np.minimum(sd, (q75 - q25) / 1.349)
    spread = np.where(spread > 0, spread, np.maximum(sd, 1e-6))
    bw = 0.9 * spread * m ** (-0.2)
    k = stats.norm.pdf((z[:, None] - zs) / bw[:, None])
    return _count_mass(fc, x, codes, np.asarray(k.mean(axis=1) / bw), m if empirical else None)


def _count_mass(fc: Forecast, x: FloatArray, codes: IntArray, dens: FloatArray,
                n_draws: int | None) -> FloatArray:
    """``dens`` with each count's entry replaced by the probability of its whole outcome,
    P(X = k) from the forecast's cdf: a latent density and a kernel density of rounded (or
    capped) draws are not on the same footing, a probability is. From ``n_draws`` draws it is
    smoothed, (j + 1/2) / (n_draws + 1) for j draws at k, so that no outcome has probability 0.
    """
    is_count = codes == 3
    if not is_count.any():
        return dens
    k = np.where(is_count, np.round(x), 0.0)
    mass = fc.cdf(k) - fc.cdf(k - 1.0)
    if n_draws is not None:
        mass = (mass * n_draws + 0.5) / (n_draws + 1.0)
    return np.asarray(np.where(is_count, mass, dens))


def mixture_weights(
    dens: FloatArray, pseudo_count: float = PSEUDO_COUNT, n_iter: int = 500
) -> FloatArray:
    """Weights maximising the mixture's log score, by EM, with a Dirichlet pseudo-count.

    Maximises :math:`\\sum_i \\log \\sum_k w_k f_{ik} + c \\sum_k \\log w_k` over the simplex
    (``c = pseudo_count``).

    Parameters
    ----------
    dens : ndarray, shape (n, K)
        Density of outcome ``i`` under component ``k``.
    pseudo_count : float
        :math:`c \\ge 0`.
    n_iter : int
        EM iterations.

    Returns
    -------
    ndarray, shape (K,)
        Non-negative weights summing to 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.combination import mixture_weights
    >>> w = mixture_weights(np.array([[1.0, 0.1]] * 50), pseudo_count=0.0)
    >>> bool(w[0] > 0.99)
    True
    """
    f = np.maximum(np.asarray(dens, dtype=np.float64), 1e-300)
    f = f[np.isfinite(f).all(axis=1)]
    # Rows in an order of their own: the sums below must not depend on the series' places.
    f = f[np.lexsort(f.T[::-1])]
    k = f.shape[1]
    w = np.full(k, 1.0 / k)
    for _ in range(n_iter):
        r = w * f
        r /= r.sum(axis=1, keepdims=True)
        new = (r.sum(axis=0) + pseudo_count) / (f.shape[0] + k * pseudo_count)
        if np.abs(new - w).max() < 1e-10:
            w = new
            break
        w = new
    return np.asarray(w / w.sum())


@dataclass(frozen=True, eq=False)
class MixtureForecast(Forecast):
    """Mixture of forecasts of the same series: cdf = weighted sum of the components' cdfs.

    Parameters
    ----------
    components : tuple of Forecast
        Forecasts of the same ``n`` series.
    weights : ndarray, shape (K,)
        Non-negative, summing to 1.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import TForecast
    >>> def t(loc):
    ...     return TForecast(loc=np.array([loc]), scale=np.ones(1), df=np.array([np.inf]),
    ...                      codes=np.array([2]), cap=np.array([np.nan]))
    >>> mix = sf.models.MixtureForecast((t(-1.0), t(1.0)), np.array([0.5, 0.5]))
    >>> round(float(mix.cdf(np.array([0.0]))[0]), 6)
    0.5
    >>> abs(float(mix.quantiles([0.5])[0, 0])) < 1e-9
    True
    """

    components: tuple[Forecast, ...]
    weights: FloatArray

    def __post_init__(self) -> None:
        w = np.array(self.weights, dtype=np.float64).reshape(-1)
        if w.shape[0] != len(self.components) or (w < 0).any() or not w.sum() > 0:
            raise InputError("weights must be one non-negative number per component")
        object.__setattr__(self, "weights", read_only_copy(w / w.sum()))
        first = self.components[0]
        object.__setattr__(self, "codes", np.asarray(first.codes))
        object.__setattr__(self, "cap", np.asarray(first.cap))

    def take(self, rows: Sequence[int] | IntArray) -> Forecast:
        """The mixture of the chosen series (see :meth:`Forecast.take`), same weights.

        Parameters
        ----------
        rows : sequence of int
            Positions of the series (0 .. n - 1; at least one, repeats allowed).

        Returns
        -------
        MixtureForecast
            With ``len(rows)`` series, in the order of ``rows``.
        """
        return replace(self, components=tuple(c.take(rows) for c in self.components))

    def _active(self) -> list[tuple[float, Forecast]]:
        return [(float(w), c) for w, c in zip(self.weights, self.components, strict=True) if w > 0]

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x) per series: the weighted sum of the components' cdfs.

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        return sum(w * c.cdf(x) for w, c in self._active())  # type: ignore[return-value]

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome < x): the weighted sum of the components' left cdfs."""
        return sum(w * c._left_cdf(x) for w, c in self._active())  # type: ignore[return-value]

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Quantiles of the mixture, shape (n, len(probs)), by bisection of its cdf.

        The ``p`` quantile of a mixture lies between the smallest and the largest of the
        components' ``p`` quantiles; the bracket is halved ``60`` times. Counts get the
        smallest whole number whose cdf reaches ``p``.

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in (0, 1).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        q = np.asarray(probs, dtype=np.float64).reshape(-1)
        if not ((q > 0) & (q < 1)).all():  # NaN too
            raise InputError(f"probabilities must be in (0, 1), got {q.tolist()}")
        active = self._active()
        if len(active) == 1:
            return active[0][1].quantiles(q)
        cq = np.stack([c.quantiles(q) for _, c in active])
        lo, hi = cq.min(axis=0), cq.max(axis=0)
        target = np.broadcast_to(q, lo.shape)
        cnt = (np.asarray(self.codes) == 3)[:, None]
        # A count's cdf jumps at whole numbers: search below the bracket's floor too.
        lo = np.where(cnt, np.floor(lo) - 0.5, lo)
        for _ in range(_BISECT_STEPS):
            if np.array_equal(lo, hi):
                break
            mid = 0.5 * (lo + hi)
            ok = self.cdf(mid) >= target
            hi = np.where(ok, mid, hi)
            lo = np.where(ok, lo, mid)
        return np.where(cnt, np.floor(hi), hi)

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """Simulated outcomes, shape (n, size): each draw comes from a component chosen at
        random with the mixture weights.

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
        n = self.n_series
        pick = g.choice(len(self.components), size=(n, size), p=self.weights)
        out = np.empty((n, size))
        for k, c in enumerate(self.components):
            sel = pick == k
            if sel.any():
                out[sel] = c.draws(size, rng=g)[sel]
        return out


@dataclass(frozen=True, kw_only=True)
class Combination:
    """Mixture of trajectory models, with weights chosen by leave-last-out log score.

    Parameters
    ----------
    components : tuple of str or model specs, default ``("drift", "refclass")``
        Registered model names (see :data:`sonla_forecast.models.MODELS`) or spec instances.
    weights : tuple of float, optional
        Fixed mixture weights (non-negative, normalised to sum 1). Default: estimated on the
        panel (see Notes).
    pseudo_count : float, default :data:`PSEUDO_COUNT`
        Dirichlet pseudo-count of the estimated weights.

    Notes
    -----
    **Weights.** When every series has at least 3 observations, each component is fitted to
    the panel without each series' last observation and forecasts it (at its own horizon);
    the weights maximise the log score of the mixture over the series (:func:`density_z`,
    :func:`mixture_weights`), plus ``pseudo_count`` pseudo-series per component. One set of
    weights is estimated for the whole panel. Otherwise (or if a component cannot be fitted
    without the last points) the weights fall back to :data:`DEFAULT_WEIGHTS` (equal weights
    for component lists not listed there). The components are then fitted to the whole panel.

    **Forecast.** A :class:`MixtureForecast`: the cdf and ``prob_meets`` are the weighted sums
    of the components'; quantiles invert the mixture cdf by bisection.

    A component that cannot fit the panel (:class:`~sonla_forecast.errors.ModelError`, e.g. the
    reference-class model with fewer than its minimum number of one-year steps) is dropped, the
    others' weights are renormalised, and the note says so (``left_out``); if none fits, the
    first error is raised. :attr:`FittedCombination.weights` and ``weight_source`` record what
    was used.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.models.base import Panel
    >>> g = np.random.default_rng(0)
    >>> x = 50.0 * np.exp(np.cumsum(g.normal(0.05, 0.05, (30, 5)), axis=1))
    >>> panel = Panel(values=x, years=np.arange(2020, 2025), scale=("level",) * 30)
    >>> fit = sf.models.Combination().fit(panel)
    >>> fit.weight_source, round(float(fit.weights.sum()), 6)
    ('leave-last-out', 1.0)
    >>> p = fit.forecast(1).prob_meets(x[:, -1], ["higher"] * 30)
    >>> bool(((p > 0) & (p < 1)).all())
    True
    """

    name: ClassVar[str] = "combination"
    components: tuple[Any, ...] = ("drift", "refclass")
    weights: tuple[float, ...] | None = None
    pseudo_count: float = PSEUDO_COUNT

    def __post_init__(self) -> None:
        comps = tuple(self.components)
        if not comps:
            raise InputError("components must name at least one model", column="components")
        for c in comps:
            if _component_name(c) == self.name:
                raise InputError("a combination cannot contain itself", column="components")
            if not isinstance(c, str) and not hasattr(c, "fit"):
                raise InputError(
                    f"components must be model names or specs, got {c!r}", column="components"
                )
            if isinstance(c, str):
                from . import MODELS  # the registry imports this module

                if c not in MODELS:
                    raise InputError(f"unknown model {c!r} among the components; expected "
                                     f"one of {', '.join(sorted(MODELS))}", column="components")
        object.__setattr__(self, "components", comps)
        if self.weights is not None:
            w = np.asarray(self.weights, dtype=np.float64).reshape(-1)
            if w.shape[0] != len(comps) or not np.isfinite(w).all() or (w < 0).any():
                raise InputError(
                    f"weights must be {len(comps)} non-negative numbers, got {self.weights!r}",
                    column="weights",
                )
            if not w.sum() > 0:
                raise InputError("weights must not all be 0", column="weights")
            object.__setattr__(self, "weights", tuple(float(v) for v in w / w.sum()))
        if not self.pseudo_count >= 0:
            raise InputError(
                f"pseudo_count must be >= 0, got {self.pseudo_count!r}", column="pseudo_count"
            )

    def _specs(self) -> list[Any]:
        from . import get_model  # the registry imports this module

        return [get_model(c) if isinstance(c, str) else c for c in self.components]

    def default_weights(self) -> FloatArray:
        """Fallback weights: :data:`DEFAULT_WEIGHTS` for these components, in whatever order
        they are listed (``("refclass", "drift")`` gets (0.15, 0.85)), else equal."""
        names = tuple(_component_name(c) for c in self.components)
        w: tuple[float, ...] = (1.0,) * len(names)
        for known, weights in DEFAULT_WEIGHTS.items():
            if sorted(known) == sorted(names) and len(set(names)) == len(names):
                w = tuple(weights[known.index(n)] for n in names)
        return np.asarray(w, dtype=np.float64) / float(np.sum(w))

    def _leave_last_out(self, specs: list[Any], panel: Panel) -> FloatArray | None:
        """Weights from the log score of each series' last point, or None if not possible."""
        if (panel.n_obs < 3).any():
            return None
        n = panel.n_series
        last = panel.last_index
        vals = np.array(panel.values, copy=True)
        y = vals[np.arange(n), last]
        vals[np.arange(n), last] = np.nan
        keep = cast(BoolArray, ~np.isnan(vals).all(axis=0))  # an array: vals is 2-D
        keep[: int(np.flatnonzero(keep)[-1]) + 1] = True  # keep interior all-NaN years
        # The same series without their last year (every per-series field carried over).
        short = replace(panel, values=vals[:, keep], years=panel.years[keep],
                        plans=panel.plans[:, keep])
        horizon = last - short.last_index
        try:
            dens = np.column_stack([density_z(s.fit(short).forecast(horizon), y) for s in specs])
        except ModelError:
            return None
        return mixture_weights(dens, self.pseudo_count)

    def fit(self, panel: Panel) -> FittedCombination:
        """Estimate the weights (unless given), then fit every component to the panel.

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale; the weights are estimated on it too.

        Returns
        -------
        FittedCombination

        Raises
        ------
        ModelError
            If no component can be fitted to the panel.
        """
        require_panel(panel)
        specs = self._specs()
        if self.weights is not None:
            w, source = np.asarray(self.weights, dtype=np.float64), "given"
        else:
            est = self._leave_last_out(specs, panel)
            w, source = (
                (est, "leave-last-out") if est is not None else (self.default_weights(), "default")
            )
        fitted: list[Any] = []
        first_error: ModelError | None = None
        left_out: list[str] = []
        for k, s in enumerate(specs):
            try:
                fitted.append(s.fit(panel))
            except ModelError as err:
                first_error = first_error or err
                fitted.append(None)
                w = np.where(np.arange(len(w)) == k, 0.0, w)
                left_out.append(f"{_component_name(self.components[k])}: {err}")
        if not w.sum() > 0:
            if first_error is not None:
                raise first_error
            raise ModelError("every component of the combination has weight 0")
        keep = [k for k, f in enumerate(fitted) if f is not None and w[k] > 0]
        return FittedCombination(
            panel=panel,
            model=self,
            fitted=tuple(fitted[k] for k in keep),
            names=tuple(_component_name(self.components[k]) for k in keep),
            weights=w[keep] / w[keep].sum(),
            weight_source=source,
            left_out=tuple(left_out),
        )


@dataclass(frozen=True, kw_only=True, eq=False)
class FittedCombination:
    """A :class:`Combination` fitted to a panel.

    Attributes
    ----------
    panel : Panel
        The data.
    model : Combination
        The spec.
    fitted : tuple
        The fitted components with a positive weight.
    names : tuple of str
        Their names.
    weights : ndarray, shape (len(fitted),)
        Their weights (sum 1; read-only).
    weight_source : str
        ``"leave-last-out"`` (estimated on the panel), ``"default"`` (fallback) or ``"given"``.
    left_out : tuple of str
        The components that could not be fitted to the panel, each as ``"name: why"``.
    """

    panel: Panel
    model: Combination
    fitted: tuple[Any, ...]
    names: tuple[str, ...]
    weights: FloatArray
    weight_source: str
    left_out: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        freeze_arrays(self, ("weights",), np.float64)

    def series_models(self) -> np.ndarray:
        """Per series, the model that forecasts it: ``"combination"``, or the one component
        left when the others could not be fitted (or got weight 0); object array."""
        if len(self.fitted) == 1:
            only = self.fitted[0]
            if hasattr(only, "series_models"):
                return cast("np.ndarray", only.series_models())
            return np.full(self.panel.n_series, self.names[0], dtype=object)
        return np.full(self.panel.n_series, self.model.name, dtype=object)

    @property
    def note(self) -> str:
        """The components' notes for the assessment, with their weights (``""`` if none)."""
        parts = [f"{f.note} (weight {w:.2f} in the combination)"
                 for f, w in zip(self.fitted, self.weights, strict=True)
                 if getattr(f, "note", "")]
        parts += [f"model '{name}' was left out of the combination: it could not be fitted "
                  f"({why})" for name, _, why in (x.partition(": ") for x in self.left_out)]
        return "; ".join(parts)

    def forecast(self, horizon: int | IntArray) -> MixtureForecast:
        """Mixture of the components' forecasts ``horizon`` years after each last observation.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1).

        Returns
        -------
        MixtureForecast
        """
        h = as_int_horizon(horizon, self.panel.n_series)
        return MixtureForecast(tuple(f.forecast(h) for f in self.fitted), self.weights)
