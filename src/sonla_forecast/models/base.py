"""The interface every trajectory model follows, and the panel it works on.

A model is a *spec* (hyper-parameters, no data). ``spec.fit(panel)`` returns a fitted model for
all series of the panel at once; ``fitted.forecast(horizon)`` returns a :class:`Forecast`, a
predictive distribution per series on the indicator's natural scale, which answers
``quantiles``, ``cdf``, ``draws`` and ``prob_meets``. Everything is vectorised over series: no
Python loop per series in the hot path (the statsmodels adapter is the exception and says so).

Scales and their transformations (decided per series by :data:`~sonla_forecast._typing.Scale`):

========  ===========================  ==================================================
scale     transform z = g(x)           natural-scale constraint
========  ===========================  ==================================================
percent   logit(x / 100)               0 < x < 100 (an observed 0 or 100 taken as 0.01 / 99.99)
level     log(x)                       x > 0
rate      x                            none (e.g. GRDP growth, may be negative)
count     log(x + 1)                   whole numbers, 0 <= x <= cap (cap optional)
========  ===========================  ==================================================
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Protocol, cast, runtime_checkable

import numpy as np
from scipy import special, stats

from .._typing import SCALES, FloatArray, IntArray, RngLike, as_generator
from ..errors import InputError, real_option

__all__ = [
    "PERCENT_CLIP",
    "FittedModel",
    "FlooredForecast",
    "Forecast",
    "Panel",
    "SampleForecast",
    "StackedForecast",
    "TForecast",
    "TrajectoryModel",
    "from_z",
    "to_z",
]

#: Draws taken of a forecast of no known form to move it (:meth:`Forecast.moved`), and their seed.
MOVE_DRAWS = 4000
MOVE_SEED = 20250

#: A percentage at a bound (0% or 100%, or beyond) is moved PERCENT_CLIP pp inside it before the
#: logit, so that an observed 100% has a finite transform; values strictly inside (0, 100) keep
#: their exact logit, however close to a bound.
PERCENT_CLIP = 0.01

#: A band is read this share of its target (at least this much) wider on each side, so that an
#: outcome on an edge, which meets the band, is not lost to the float noise of the edge
#: (``8.8 - 1`` is 7.800000000000001) or of a point forecast's way through its scale (a flat
#: 7.8 comes back from the logit as 7.799999999999999): far above float noise, far below any
#: forecast's spread but a degenerate one's.
BAND_EDGE_SLACK = 1e-11


def _codes(scale: Sequence[str] | np.ndarray) -> IntArray:
    arr = np.asarray(scale, dtype=object)
    out = np.empty(arr.shape, dtype=np.int64)
    for i, s in enumerate(arr):
        if s not in SCALES:
            raise InputError(f"unknown scale {s!r}; expected one of {SCALES}", column="scale")
        out[i] = SCALES.index(s)
    return out


def to_z(x: FloatArray, codes: IntArray) -> FloatArray:
    """Transform natural-scale values to the model scale, per series (rows of ``x``).

    Parameters
    ----------
    x : ndarray, shape (n, ...)
        Values on the natural scale; NaN passes through.
    codes : ndarray of int, shape (n,)
        Index into :data:`~sonla_forecast._typing.SCALES` per row.

    Returns
    -------
    ndarray, shape of ``x``
        The values on the model scale: logit of a percentage / 100, log of a level, the rate
        itself, log(1 + count).

    Notes
    -----
    A percentage at 0 or 100 (or beyond) is moved :data:`PERCENT_CLIP` pp inside the bound so
    that its logit is finite; any value strictly inside keeps its exact logit (a rate of
    0.0012% is not raised to 0.01%).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> sf.models.to_z(np.array([[50.0], [np.e], [-1.0], [0.0]]), np.array([0, 1, 2, 3])).ravel()
    array([ 0.,  1., -1.,  0.])
    """
    x = np.asarray(x, dtype=np.float64)
    c = np.asarray(codes).reshape((-1,) + (1,) * (x.ndim - 1))
    c = np.broadcast_to(c, x.shape)
    z = np.array(x, copy=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = c == 0
        p = x[pct]
        p = np.where(p <= 0.0, PERCENT_CLIP, np.where(p >= 100.0, 100.0 - PERCENT_CLIP, p))
        z[pct] = special.logit(p / 100.0)
        lvl = c == 1
        z[lvl] = np.log(x[lvl])
        cnt = c == 3
        z[cnt] = np.log1p(x[cnt])
    return z


def from_z(z: FloatArray, codes: IntArray) -> FloatArray:
    """Inverse of :func:`to_z` (without the rounding of counts).

    Parameters
    ----------
    z : ndarray, shape (n, ...)
        Values on the model scale; NaN passes through.
    codes : ndarray of int, shape (n,)
        Index into :data:`~sonla_forecast._typing.SCALES` per row.

    Returns
    -------
    ndarray, shape of ``z``
        Values on the natural scale (the indicator's unit): :math:`100\\,\\mathrm{expit}(z)`
        for a percentage, :math:`e^z` for a level, :math:`e^z - 1` for a count (not rounded),
        ``z`` itself for a rate.

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> codes = np.array([0, 1, 2, 3])
    >>> x = np.array([[12.5], [3.0], [-2.0], [7.0]])
    >>> np.allclose(sf.models.from_z(sf.models.to_z(x, codes), codes), x)
    True
    """
    z = np.asarray(z, dtype=np.float64)
    c = np.broadcast_to(np.asarray(codes).reshape((-1,) + (1,) * (z.ndim - 1)), z.shape)
    x = np.array(z, copy=True)
    pct = c == 0
    x[pct] = 100.0 * special.expit(z[pct])
    lvl = c == 1
    cnt = c == 3
    with np.errstate(over="ignore"):  # beyond 1.8e308 the value is inf, without a warning
        x[lvl] = np.exp(z[lvl])
        x[cnt] = np.expm1(z[cnt])
    return x


@dataclass(frozen=True)
class Panel:
    """Many annual series aligned on one calendar, for vectorised fitting.

    Parameters
    ----------
    values : ndarray, shape (n_series, n_years)
        Observations on the natural scale; NaN where a year is missing.
    years : ndarray of int, shape (n_years,)
        Calendar years, strictly increasing, consecutive.
    scale : sequence of str, length n_series
        One of ``percent``, ``level``, ``rate``, ``count`` per series.
    cap : ndarray, shape (n_series,), optional
        Upper bound for ``count`` series (NaN: none).
    ids : sequence of str, optional
        Series labels (for messages).
    group : sequence of str, optional
        Peer group per series, for partial pooling (defaults to the scale).
    plans : ndarray, shape (n_series, n_years), optional
        Past plan values aligned with ``years`` (NaN where none): the plan record, for models
        that learn how outcomes miss or beat plans. Default: all NaN.
    target : ndarray, shape (n_series,), optional
        The plan value being assessed (for the forecast year), natural scale. Default: NaN.
    orientation : ndarray, shape (n_series,), optional
        +1 for an indicator meant to rise, -1 for one meant to fall (its direction; a
        poverty rate is -1, an urbanization rate +1). The drift model
        (:class:`~sonla_forecast.models.drift.PooledDrift`, also inside ``combination``) pools
        the oriented changes of its ``percent``, ``level`` and ``count`` series, so that a
        falling poverty rate and a rising urbanization rate both count as progress; it ignores
        the orientation of ``rate`` series. The other models ignore it. Default: all +1 (no
        orientation). ``assess`` gives the regions of one indicator one orientation (most of
        their directions), so that the same history gets the same forecast.
    plan_orientation : ndarray, shape (n_series,), optional
        +1 or -1 per series: the direction each series' own plans are meant to move it. The
        plan-record model (:class:`~sonla_forecast.models.planrecord.PlanRecord`) pools the
        misses of every series oriented so, a growth rate's included (a shortfall from the
        plan is negative for all, a region's meant the other way too). Default (None): the
        ``orientation``, whatever it is set to.
    """

    values: FloatArray
    years: IntArray
    scale: tuple[str, ...]
    # The None defaults stand for "not given" and become arrays in __post_init__.
    cap: FloatArray = field(default=None)  # type: ignore[arg-type]
    ids: tuple[str, ...] = field(default=())
    group: tuple[str, ...] = field(default=())
    plans: FloatArray = field(default=None)  # type: ignore[arg-type]
    target: FloatArray = field(default=None)  # type: ignore[arg-type]
    orientation: FloatArray = field(default=None)  # type: ignore[arg-type]
    plan_orientation: FloatArray | None = None

    def __post_init__(self) -> None:
        v = np.array(self.values, dtype=np.float64, copy=True)
        if v.ndim != 2:
            raise InputError(f"values must be 2-D (series x years), got shape {v.shape}")
        n, t = v.shape
        y = np.array(self.years, dtype=np.int64, copy=True)
        if y.shape != (t,):
            raise InputError(f"years must have length {t}, got shape {y.shape}")
        if t > 1 and not (np.diff(y) == 1).all():
            raise InputError(f"years must be consecutive, got {y.tolist()}")
        scale = tuple(self.scale)
        if len(scale) != n:
            raise InputError(f"scale must have one entry per series ({n}), got {len(scale)}")
        cap = (
            np.full(n, np.nan)
            if self.cap is None
            else np.array(self.cap, dtype=np.float64, copy=True).reshape(n)
        )
        ids = tuple(self.ids) if self.ids else tuple(str(i) for i in range(n))
        with np.errstate(invalid="ignore"):
            bad_cap = ~np.isnan(cap) & ((cap <= 0) | (cap != np.floor(cap)))
        if bad_cap.any():  # as read_table refuses it: a count's cap is whole units
            i = int(np.flatnonzero(bad_cap)[0])
            raise InputError(f"cap must be a whole number > 0 (or NaN for none), got "
                             f"{cap[i]!r} for series {ids[i]!r}", column="cap", value=cap[i])
        group = tuple(self.group) if self.group else scale
        for arr in (v, y, cap):
            arr.flags.writeable = False
        object.__setattr__(self, "values", v)
        object.__setattr__(self, "years", y)
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "cap", cap)
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "group", group)
        plans = (
            np.full((n, t), np.nan)
            if self.plans is None
            else np.array(self.plans, dtype=np.float64, copy=True)
        )
        if plans.shape != (n, t):
            raise InputError(f"plans must have shape {(n, t)}, got {plans.shape}")
        target = (
            np.full(n, np.nan)
            if self.target is None
            else np.array(self.target, dtype=np.float64, copy=True).reshape(n)
        )
        orientation = (
            np.ones(n)
            if self.orientation is None
            else np.array(self.orientation, dtype=np.float64, copy=True).reshape(n)
        )
        plan_orientation = (
            None if self.plan_orientation is None
            else np.array(self.plan_orientation, dtype=np.float64, copy=True).reshape(n)
        )
        for name, o in (("orientation", orientation), ("plan_orientation", plan_orientation)):
            if o is not None and not np.isin(o, (-1.0, 1.0)).all():
                i = int(np.flatnonzero(~np.isin(o, (-1.0, 1.0)))[0])
                raise InputError(
                    f"{name} must be +1 or -1 per series, got {o[i]!r} for series "
                    f"{ids[i]!r}", column=name, value=o[i])
        for frozen in (plans, target, orientation, plan_orientation):
            if frozen is not None:
                frozen.flags.writeable = False
        object.__setattr__(self, "plans", plans)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "orientation", orientation)
        object.__setattr__(self, "plan_orientation", plan_orientation)
        codes = _codes(scale)
        codes.flags.writeable = False
        object.__setattr__(self, "_codes", codes)

    @property
    def n_series(self) -> int:
        """Number of series."""
        return int(self.values.shape[0])

    @property
    def codes(self) -> IntArray:
        """Scale codes (index into ``SCALES``) per series."""
        return self._codes  # type: ignore[attr-defined,no-any-return]

    @property
    def z(self) -> FloatArray:
        """Values on the model scale (see the module table)."""
        return to_z(self.values, self.codes)

    @property
    def last_index(self) -> IntArray:
        """Column index of each series' last observation (-1 when it has none)."""
        obs = ~np.isnan(self.values)
        rev = obs[:, ::-1].argmax(axis=1)
        idx = self.values.shape[1] - 1 - rev
        return np.where(obs.any(axis=1), idx, -1).astype(np.int64)

    @property
    def last_value(self) -> FloatArray:
        """The latest observed value of each series (NaN for a series with none)."""
        last = self.last_index
        out = self.values[np.arange(self.n_series), np.maximum(last, 0)]
        return np.where(last >= 0, out, np.nan)

    @property
    def n_obs(self) -> IntArray:
        """Number of observations per series."""
        return (~np.isnan(self.values)).sum(axis=1).astype(np.int64)

    def subset(self, rows: np.ndarray) -> Panel:
        """The panel of the series ``rows`` selects (a boolean mask or indices), on the same
        calendar, with every per-series field.

        Parameters
        ----------
        rows : ndarray of bool, shape (n_series,), or ndarray of int
            Which series to keep: a mask, or positions (in the order wanted).

        Returns
        -------
        Panel

        Examples
        --------
        >>> import numpy as np
        >>> import sonla_forecast as sf
        >>> p = sf.models.Panel(values=np.array([[1.0, 2.0], [3.0, 4.0]]),
        ...                     years=np.array([2023, 2024]), scale=("level", "percent"),
        ...                     ids=("a", "b"))
        >>> sub = p.subset(np.array([False, True]))
        >>> sub.ids, sub.scale, sub.values.tolist()
        (('b',), ('percent',), [[3.0, 4.0]])
        """
        def pick(t: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(np.asarray(t, dtype=object)[rows])

        return replace(self, values=self.values[rows], scale=pick(self.scale),
                       cap=self.cap[rows], ids=pick(self.ids), group=pick(self.group),
                       plans=self.plans[rows], target=self.target[rows],
                       orientation=self.orientation[rows],
                       plan_orientation=(None if self.plan_orientation is None
                                         else self.plan_orientation[rows]))


def _checking_values(cdf: Any) -> Any:
    """``cdf`` refusing values that are not one row per series (see ``__init_subclass__``)."""
    @functools.wraps(cdf)
    def checked(self: Forecast, x: FloatArray) -> FloatArray:
        return cast(FloatArray, cdf(self, self._one_row_each(x, "x")))

    return checked


def _checking_size(draws: Any) -> Any:
    """``draws`` refusing a size that is not a whole number >= 0."""
    @functools.wraps(draws)
    def checked(self: Forecast, size: int, rng: RngLike = None) -> FloatArray:
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 0:
            raise InputError(f"size must be a whole number >= 0, got {size!r}", column="size",
                             value=size)
        return cast(FloatArray, draws(self, size, rng))

    return checked


class Forecast:
    """Predictive distribution of each series' value ``horizon`` years after its last observation.

    Subclasses implement :meth:`cdf` and :meth:`quantiles` on the natural scale; the rest is
    shared. ``prob_meets`` follows the table's rules: ``higher`` is met when the outcome is at
    least the target, ``lower`` when at most, ``band`` when within ``tolerance`` of it.
    """

    codes: IntArray
    cap: FloatArray

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # every kind of forecast checks its arguments as one: a clear InputError, not numpy's
        # broadcasting error or a negative dimension, from any of them
        super().__init_subclass__(**kwargs)
        if "cdf" in cls.__dict__:
            cls.cdf = _checking_values(cls.__dict__["cdf"])  # type: ignore[method-assign]
        if "draws" in cls.__dict__:
            cls.draws = _checking_size(cls.__dict__["draws"])  # type: ignore[method-assign]

    @property
    def n_series(self) -> int:
        """Number of series."""
        return int(np.asarray(self.codes).shape[0])

    def _one_row_each(self, x: Any, name: str) -> FloatArray:
        """``x`` as floats whose first axis is the series (a single value: the same for
        every series), else an InputError."""
        if x is None:  # not a NaN target, which gives NaN: a missing argument
            raise InputError(f"{name} is None; expected numbers", column=name)
        try:
            a = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError) as exc:  # pd.NA, text
            raise InputError(f"{name} must be numbers, got {x!r}", column=name) from exc
        if a.ndim == 0:
            return np.full(self.n_series, float(a))
        if a.shape[0] != self.n_series:
            raise InputError(f"{name} has shape {a.shape}; expected one value, or one row per "
                             f"series ({self.n_series},) or ({self.n_series}, k)", column=name)
        return a

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x), per series; ``x`` has shape (n,) or (n, k).

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against
            series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        raise NotImplementedError

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Natural-scale quantiles, shape (n, len(probs)).

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in (0, 1) (0.5 for the median).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        raise NotImplementedError

    def _z_quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Quantiles on the model scale z = g(x), shape (n, len(probs)); before a count's
        rounding where the forecast has a latent scale (:class:`TForecast`), else g of the
        natural-scale quantiles."""
        return to_z(self.quantiles(probs), np.asarray(self.codes))

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """Simulated outcomes, shape (n, size).

        Parameters
        ----------
        size : int
            Number of draws per series.
        rng : Generator, int or None, optional
            Random generator, or a seed for :func:`numpy.random.default_rng` (None: fresh
            entropy, so the draws differ from call to call).

        Returns
        -------
        ndarray, shape (n, size)
            Outcomes on the natural scale (the indicator's unit), one row per series.
        """
        raise NotImplementedError

    def moved(self, centre: FloatArray, shift: FloatArray, factor: FloatArray) -> Forecast:
        """This forecast moved on the model scale, its shape kept: each point :math:`z` goes
        to :math:`c + \\delta + k (z - c)` (a count rounded after the move, under its cap).

        The partial-year update (:func:`sonla_forecast.assess.nowcast`) moves a forecast's
        centre toward the year-to-date projection and narrows it so. Each kind of forecast
        moves its own parts (a Student-t its centre and scale, draws each draw, a point mass
        its point); this default moves :data:`MOVE_DRAWS` draws of the forecast (seeded, so the
        same series moves the same way, whichever others are moved with it).

        Parameters
        ----------
        centre, shift, factor : ndarray, shape (n,)
            :math:`c`, :math:`\\delta` and :math:`k > 0` per series, on the model scale.

        Returns
        -------
        Forecast

        Raises
        ------
        InputError
            If a centre or shift is not finite, or a factor is not positive.
        """
        # each series from its own seeded draws: one series moves the same way whichever
        # others are moved with it
        samples = np.vstack([self.take([i]).draws(MOVE_DRAWS, rng=MOVE_SEED)
                             for i in range(self.n_series)])
        return SampleForecast(samples=samples, codes=self.codes, cap=self.cap).moved(
            centre, shift, factor)

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome < x): differs from the cdf only for counts (whole numbers)."""
        x = np.asarray(x, dtype=np.float64)
        is_count = np.broadcast_to(
            (np.asarray(self.codes) == 3).reshape((-1,) + (1,) * (x.ndim - 1)), x.shape
        )
        # For counts P(X < x) = P(X <= ceil(x) - 1).
        shifted = np.where(is_count, np.ceil(x) - 1.0, x)
        return self.cdf(shifted)

    def prob_meets(
        self,
        target: FloatArray,
        direction: Sequence[str] | np.ndarray,
        tolerance: FloatArray | None = None,
    ) -> FloatArray:
        """Probability that each series' outcome meets its target.

        Parameters
        ----------
        target : float or ndarray, shape (n,)
            Targets on the natural scale (one value: the same for every series).
        direction : str or sequence of str, length n
            ``higher``, ``lower`` or ``band`` (one: the same for every series).
        tolerance : ndarray, shape (n,), optional
            Half-width of the band for ``band`` targets (natural units), >= 0; required if
            any direction is ``band`` (a negative or NaN width there is an
            :class:`~sonla_forecast.InputError`). Its edges count as inside, read
            :data:`BAND_EDGE_SLACK` of the target wider so that float noise does not move them.

        Returns
        -------
        ndarray, shape (n,)
            Probabilities in [0, 1]; NaN where the target is NaN (no target, no probability).
        """
        t = self._one_row_each(target, "target").reshape(-1)
        d = np.asarray(direction, dtype=object).reshape(-1)
        if d.size == 1:  # one direction for every series, as one target may be
            d = np.repeat(d, t.size)
        if t.size != self.n_series or d.size != t.size:
            raise InputError(f"{t.size} targets and {d.size} directions for {self.n_series} "
                             "series; give one of each per series", column="target")
        out = np.full(t.shape, np.nan)
        hi = d == "higher"
        lo = d == "lower"
        bd = d == "band"
        if (~(hi | lo | bd)).any():
            bad = d[~(hi | lo | bd)][0]
            raise InputError(f"unknown direction {bad!r}; expected higher, lower or band")
        out[hi] = 1.0 - self._left_cdf(t)[hi]
        out[lo] = self.cdf(t)[lo]
        if bd.any():
            if tolerance is None:
                raise InputError("band targets need a tolerance", column="tolerance")
            tol = np.asarray(tolerance, dtype=np.float64).reshape(-1)
            if tol.size not in (1, t.size):
                raise InputError(f"tolerance has {tol.size} values for {t.size} targets; give "
                                 "one per target, or one for all", column="tolerance")
            tol = np.broadcast_to(tol, t.shape)
            bad_tol = bd & ~(tol >= 0.0)  # NaN too: never a silent 0
            if bad_tol.any():
                i = int(np.flatnonzero(bad_tol)[0])
                raise InputError(f"a band's tolerance must be a number >= 0, got "
                                 f"{float(tol[i])!r}", row=i, column="tolerance",
                                 value=float(tol[i]))
            tol = tol + BAND_EDGE_SLACK * np.maximum(np.nan_to_num(np.abs(t)), 1.0)
            band = self.cdf(t + tol) - self._left_cdf(t - tol)
            out[bd] = band[bd]
        return np.clip(out, 0.0, 1.0)

    def interval(self, level: float = 0.8) -> tuple[FloatArray, FloatArray]:
        """Central prediction interval: (lower, upper), each shape (n,).

        Parameters
        ----------
        level : float, default 0.8
            Central coverage, in (0, 1): the bounds are the ``(1 - level) / 2`` and
            ``(1 + level) / 2`` quantiles (p10 and p90 for 0.8).

        Returns
        -------
        lower, upper : ndarray, shape (n,)
            Bounds on the natural scale (the indicator's unit), per series.

        Raises
        ------
        InputError
            If ``level`` is not in (0, 1).
        """
        if not 0.0 < real_option(level, "level", "a probability in (0, 1)") < 1.0:
            raise InputError(f"level must be in (0, 1), got {level}", column="level")
        q = self.quantiles([(1.0 - level) / 2.0, (1.0 + level) / 2.0])
        return q[:, 0], q[:, 1]

    #: Fields holding one value per series (first axis), which :meth:`take` selects from.
    _per_series: ClassVar[tuple[str, ...]] = ()

    def take(self, rows: Sequence[int] | IntArray) -> Forecast:
        """The forecast of some of the series, in the order of ``rows``.

        Parameters
        ----------
        rows : sequence of int
            Positions of the series (0 .. n - 1; at least one, repeats allowed).

        Returns
        -------
        Forecast
            Of the same kind, with ``len(rows)`` series: its cdf, quantiles and ``prob_meets``
            are those of the chosen series.

        Examples
        --------
        >>> import numpy as np
        >>> import sonla_forecast as sf
        >>> fc = sf.models.TForecast(loc=np.array([0.0, 1.0, 2.0]), scale=np.ones(3),
        ...                          df=np.full(3, 5.0), codes=np.full(3, 2),
        ...                          cap=np.full(3, np.nan))  # rates: identity
        >>> fc.take([2, 0]).quantiles([0.5]).ravel().tolist()
        [2.0, 0.0]
        """
        if not self._per_series:
            raise NotImplementedError(f"{type(self).__name__} does not say which fields are "
                                      "per series (_per_series)")
        idx = _rows(rows, self.n_series)
        return cast(Forecast, replace(cast(Any, self), **{
            name: np.asarray(getattr(self, name))[idx] for name in self._per_series}))


def _move_on_z(z: FloatArray, centre: FloatArray, shift: FloatArray,
               factor: FloatArray) -> FloatArray:
    """``c + d + k (z - c)`` per series (rows of ``z``), the arguments checked."""
    c, d, k = (np.asarray(a, dtype=np.float64).reshape(-1) for a in (centre, shift, factor))
    if not (np.isfinite(c).all() and np.isfinite(d).all() and np.isfinite(k).all()
            and (k > 0).all()):
        raise InputError("centre and shift must be finite and factor positive, per series",
                         column="factor")
    z = np.asarray(z, dtype=np.float64)
    shape = (-1,) + (1,) * (z.ndim - 1)
    return c.reshape(shape) + d.reshape(shape) + k.reshape(shape) * (z - c.reshape(shape))


def _rows(rows: Sequence[int] | IntArray, n: int) -> IntArray:
    """Positions given to :meth:`Forecast.take`, checked: one or more whole numbers in
    0 .. n - 1."""
    idx = np.asarray(rows)
    if idx.ndim != 1 or not idx.size or not np.issubdtype(idx.dtype, np.integer) or (
            idx.min() < 0 or idx.max() >= n):
        raise InputError(f"rows must be positions 0 .. {n - 1} of the forecast's series "
                         "(at least one)", column="rows")
    return idx.astype(np.int64)


def _natural(zq: FloatArray, codes: IntArray, cap: FloatArray) -> FloatArray:
    x = from_z(zq, codes)
    c = np.broadcast_to(np.asarray(codes).reshape((-1,) + (1,) * (x.ndim - 1)), x.shape)
    capb = np.broadcast_to(np.asarray(cap).reshape((-1,) + (1,) * (x.ndim - 1)), x.shape)
    cnt = c == 3
    x = np.where(cnt, np.maximum(np.round(x), 0.0), x)
    x = np.where(cnt & ~np.isnan(capb), np.minimum(x, capb), x)
    return x


@dataclass(frozen=True, eq=False)
class TForecast(Forecast):
    """Location-scale Student-t predictive on the model scale (df = inf gives the normal).

    Parameters
    ----------
    loc, scale, df : ndarray, shape (n,)
        On the transformed scale z = g(x); ``scale`` > 0 (a zero scale is a point mass).
    codes : ndarray of int, shape (n,)
        Scale codes per series.
    cap : ndarray, shape (n,)
        Count caps (NaN: none).
    """

    loc: FloatArray
    scale: FloatArray
    df: FloatArray
    codes: IntArray
    cap: FloatArray
    _per_series: ClassVar[tuple[str, ...]] = ("loc", "scale", "df", "codes", "cap")

    def __post_init__(self) -> None:
        n = np.asarray(self.loc).shape[0]
        freeze_arrays(self, ("loc", "scale", "df", "cap"), np.float64, length=n)
        freeze_arrays(self, ("codes",), np.int64)

    def _col(self, a: FloatArray | IntArray, ndim: int) -> np.ndarray[Any, np.dtype[Any]]:
        return np.asarray(a).reshape((-1,) + (1,) * (ndim - 1))

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x) per series (counts are whole numbers, capped).

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        return self._cdf(x, strict=False)

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome < x): counts shift to the whole number below; a point mass (scale 0) at
        exactly x does not count."""
        x = np.asarray(x, dtype=np.float64)
        is_count = np.broadcast_to(
            (self.codes == 3).reshape((-1,) + (1,) * (x.ndim - 1)), x.shape
        )
        return self._cdf(np.where(is_count, np.ceil(x) - 1.0, x), strict=True)

    def _cdf(self, x: FloatArray, *, strict: bool) -> FloatArray:
        x = np.asarray(x, dtype=np.float64)
        nd = max(x.ndim, 1)
        x = x.reshape(x.shape if x.ndim else (1,))
        codes = self._col(self.codes, nd)
        cnt = np.broadcast_to(codes == 3, x.shape)
        # A count X = round(latent) is <= k iff latent < k + 0.5.
        xx = np.where(cnt, np.floor(x) + 0.5, x)
        c = np.broadcast_to(codes, x.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = to_z(xx, self.codes)
        below = np.zeros(x.shape, dtype=bool)
        below |= (c == 0) & (xx <= 0)
        below |= (c == 1) & (xx <= 0)
        below |= (c == 3) & (xx < 0)
        above = (c == 0) & (xx >= 100)
        capb = np.broadcast_to(self._col(self.cap, nd), x.shape)
        above |= cnt & ~np.isnan(capb) & (x >= capb)
        loc = self._col(self.loc, nd)
        sc = self._col(self.scale, nd)
        df = self._col(self.df, nd)
        with np.errstate(invalid="ignore", divide="ignore"):
            u = (z - loc) / np.where(sc > 0, sc, 1.0)
            tdf = np.where(np.isinf(df), 1.0, df)
            p = np.where(np.isinf(df), stats.norm.cdf(u), stats.t.cdf(u, tdf))
        point = (z > loc) if strict else (z >= loc)
        p = np.where(sc > 0, p, point.astype(np.float64))
        p = np.where(below, 0.0, p)
        p = np.where(above, 1.0, p)
        return p

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Natural-scale quantiles, shape (n, len(probs)).

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in (0, 1).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        return _natural(self._z_quantiles(probs), self.codes, self.cap)

    def _z_quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        q = np.asarray(probs, dtype=np.float64).reshape(1, -1)
        if not ((q > 0) & (q < 1)).all():  # NaN too
            raise InputError(f"probabilities must be in (0, 1), got {q.ravel().tolist()}")
        df = self.df[:, None]
        tdf = np.where(np.isinf(df), 1.0, df)
        u = np.where(np.isinf(df), stats.norm.ppf(q), stats.t.ppf(q, tdf))
        return self.loc[:, None] + self.scale[:, None] * u

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
        n = self.loc.shape[0]
        e = g.standard_normal((n, size))
        finite = ~np.isinf(self.df)
        if finite.any():
            chi = g.chisquare(np.where(finite, self.df, 1.0)[:, None], (n, size))
            scale = np.sqrt(chi / np.where(finite, self.df, 1.0)[:, None])
            e = np.where(finite[:, None], e / scale, e)
        z = self.loc[:, None] + self.scale[:, None] * e
        return _natural(z, self.codes, self.cap)

    def moved(self, centre: FloatArray, shift: FloatArray, factor: FloatArray) -> TForecast:
        """Moved in closed form (see :meth:`Forecast.moved`): its centre moves, its scale
        narrows by the factor, its degrees of freedom stay."""
        loc = _move_on_z(self.loc[:, None], centre, shift, factor)[:, 0]
        k = np.asarray(factor, dtype=np.float64).reshape(-1)
        return TForecast(loc=loc, scale=self.scale * k, df=self.df, codes=self.codes,
                         cap=self.cap)


@dataclass(frozen=True, eq=False)
class SampleForecast(Forecast):
    """Predictive distribution given by draws on the natural scale, shape (n, n_draws).

    Parameters
    ----------
    samples : ndarray, shape (n, n_draws)
        Draws of each series' outcome on the natural scale (the indicator's unit), without
        NaN; kept sorted and read-only.
    codes : ndarray of int, shape (n,)
        Index into :data:`~sonla_forecast._typing.SCALES` per series.
    cap : ndarray, shape (n,)
        Count caps (NaN: none).

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.models.base import SampleForecast
    >>> fc = SampleForecast(samples=np.array([[1.0, 2.0, 3.0, 4.0]]), codes=np.array([1]),
    ...                     cap=np.array([np.nan]))
    >>> fc.prob_meets(np.array([3.0]), ["higher"]).tolist()
    [0.5]
    """

    samples: FloatArray
    codes: IntArray
    cap: FloatArray
    _per_series: ClassVar[tuple[str, ...]] = ("samples", "codes", "cap")

    def __post_init__(self) -> None:
        s = np.array(self.samples, dtype=np.float64)
        if s.ndim != 2 or np.isnan(s).any():
            raise InputError("samples must be a 2-d array (series x draws) without NaN: a "
                             "missing draw would count as a miss of every 'lower' target",
                             column="samples")
        s.sort(axis=1)
        s.flags.writeable = False
        object.__setattr__(self, "samples", s)
        n = s.shape[0]
        codes = np.array(np.broadcast_to(self.codes, (n,)), dtype=np.int64)
        cap = np.array(np.broadcast_to(self.cap, (n,)), dtype=np.float64)
        codes.flags.writeable = cap.flags.writeable = False
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "cap", cap)

    def cdf(self, x: FloatArray) -> FloatArray:
        """Empirical P(outcome <= x) per series.

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        return self._empirical(x, strict=False)

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        """Empirical P(outcome < x): draws equal to x do not count (simulated paths tie, as
        when many peers did not move: the draws then hold a mass at one value)."""
        return self._empirical(x, strict=True)

    def _empirical(self, x: FloatArray, *, strict: bool) -> FloatArray:
        x = np.asarray(x, dtype=np.float64)
        xx = x.reshape(x.shape[0], -1)
        m = self.samples.shape[1]
        out = np.empty(xx.shape)
        below = np.less if strict else np.less_equal
        for j in range(xx.shape[1]):  # loop over target columns, vectorised over series
            out[:, j] = below(self.samples, xx[:, j : j + 1]).sum(axis=1) / m
        out[np.isnan(xx)] = np.nan  # no target, no probability (as the closed forms give)
        return out.reshape(x.shape)

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Empirical quantiles, shape (n, len(probs)); a count's are draws (whole numbers):
        the smallest value whose empirical P(outcome <= value) reaches the probability.

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in [0, 1] (0 and 1 give the smallest and largest draw).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        q = np.asarray(probs, dtype=np.float64).ravel()
        if not ((q >= 0) & (q <= 1)).all():  # NaN too
            raise InputError(f"probabilities must be in [0, 1], got {q.tolist()}")
        out = np.quantile(self.samples, q, axis=1).T
        count = self.codes == SCALES.index("count")
        if count.any():
            out[count] = np.quantile(self.samples[count], q, axis=1, method="inverted_cdf").T
        return out

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """Resampled outcomes, shape (n, size).

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
        idx = g.integers(0, self.samples.shape[1], size=(self.samples.shape[0], size))
        return np.take_along_axis(self.samples, idx, axis=1)

    def moved(self, centre: FloatArray, shift: FloatArray, factor: FloatArray) -> SampleForecast:
        """Each draw moved (see :meth:`Forecast.moved`): equal draws stay equal, so the cdf,
        the quantiles and the draws of the moved forecast agree exactly."""
        z = _move_on_z(to_z(self.samples, self.codes), centre, shift, factor)
        return SampleForecast(samples=_natural(z, self.codes, self.cap), codes=self.codes,
                              cap=self.cap)


@runtime_checkable
class FittedModel(Protocol):
    """A model fitted to a :class:`Panel`.

    Optionally, a fitted model that did not forecast some series itself says so with a
    ``series_notes()`` method (one text per series, ``""`` where there is nothing to say), a
    ``series_models()`` method (the name of the model that forecast each series) and a
    ``note`` attribute (one line for the assessment's notes); :func:`sonla_forecast.assess`
    puts them in the ``reason`` and ``model`` columns and the notes.
    """

    panel: Panel

    def forecast(self, horizon: int | IntArray) -> Forecast:
        """Predictive distribution ``horizon`` years after each series' last observation.

        Parameters
        ----------
        horizon : int or ndarray of int, shape (n,)
            Years ahead (>= 1), one for all series or one per series.

        Returns
        -------
        Forecast
            One series per series of :attr:`panel`, in its order.
        """
        ...


@runtime_checkable
class TrajectoryModel(Protocol):
    """A model spec: hyper-parameters only. ``fit`` takes the data."""

    name: str

    def fit(self, panel: Panel) -> FittedModel:
        """Fit all series of the panel at once.

        Parameters
        ----------
        panel : Panel
            The series to fit, on the natural scale.

        Returns
        -------
        FittedModel
        """
        ...


def read_only_copy(a: Any, dtype: Any = None) -> np.ndarray:
    """A copy of ``a`` (as ``dtype`` if given) that cannot be written: results stay as fitted."""
    arr = np.array(a, dtype=dtype, copy=True)
    arr.flags.writeable = False
    return arr


def freeze_arrays(
    obj: Any, names: Sequence[str], dtype: Any = None, *, length: int | None = None
) -> None:
    """Replace the array attributes ``names`` of a frozen dataclass by read-only copies.

    With ``length``, each is first broadcast to shape ``(length,)`` (one value per series).
    """
    for name in names:
        a = getattr(obj, name)
        if length is not None:
            a = np.broadcast_to(a, (length,))
        object.__setattr__(obj, name, read_only_copy(a, dtype))


def draw_rows(panel: Panel) -> IntArray:
    """Per series, the row of a draw matrix it takes: its rank among the panel's ``ids``, so
    that a sampling model gives a series the same draws wherever it sits in the panel (the
    table's row order does not move its forecast). Positions where the ids are missing or
    repeated.

    Parameters
    ----------
    panel : Panel

    Returns
    -------
    ndarray of int, shape (n_series,)
        A permutation of ``0 .. n_series - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel(values=np.ones((3, 2)), years=np.array([2023, 2024]), scale=("level",) * 3,
    ...           ids=("c", "a", "b"))
    >>> draw_rows(p).tolist()
    [2, 0, 1]
    """
    n = panel.n_series
    ids = panel.ids
    if len(ids) != n or len(set(ids)) != n:
        return np.arange(n)
    order = sorted(range(n), key=ids.__getitem__)
    rows = np.empty(n, dtype=np.int64)
    rows[order] = np.arange(n)
    return rows


def scale_family(codes: IntArray) -> np.ndarray:
    """Each series' scale family: ``"rate"`` for a growth rate (changes in points), ``"log"``
    for the log-like scales (logit, log, log1p: changes as relative moves)."""
    return np.where(np.asarray(codes) == 2, "rate", "log").astype(object)


def pools(group: np.ndarray, family: np.ndarray, size: FloatArray,
          enough: float) -> tuple[IntArray, list[str], list[IntArray]]:
    """Each series' pool for partial pooling: its number, the pools' names and each pool's
    source series (their indices, in order; a mask per pool would take series x groups of
    memory).

    The pool is the series' peer group within its scale family (a group that mixes a growth
    rate in points with an index or a level, one region writing GRDP growth as 106.6, is two
    pools: ``group:<g> (rate)`` and ``group:<g> (log)``) when its ``size`` (steps or misses)
    sums to ``enough``; else the family (``family:<f>``); else all series (``all``), a last
    resort, whose units the models reconcile themselves. Pools are told apart by number, not
    by name (a group may be named ``g (rate)``).
    """
    code = np.empty(len(group), dtype=np.int64)
    names: list[str] = []
    source: list[IntArray] = []
    shared: dict[str, int] = {}  # the family and all-series pools, shared by groups
    for g in dict.fromkeys(group.tolist()):  # few groups; the first-appearance order
        in_g = group == g
        fams = list(dict.fromkeys(family[in_g].tolist()))
        for fam in fams:
            sel = in_g & (family == fam)
            if size[sel].sum() >= enough:
                k = len(names)
                names.append(f"group:{g}" + (f" ({fam})" if len(fams) > 1 else ""))
                source.append(np.flatnonzero(sel))
            else:
                key = f"family:{fam}" if size[family == fam].sum() >= enough else "all"
                if key not in shared:
                    shared[key] = len(names)
                    names.append(key)
                    source.append(np.flatnonzero(family == fam) if key != "all"
                                  else np.arange(len(group)))
                k = shared[key]
            code[sel] = k
    return code, names, source


def family_units(z: FloatArray, family: np.ndarray) -> FloatArray:
    """Each series' unit of change where a pool mixes scale families: the root mean squared
    yearly change (on the model scale) of all the series of its family, a change over a gap of
    :math:`g` years counted as :math:`\\Delta / \\sqrt{g}` (as the drift model's variance grows
    with the gap); 0 where they never change, NaN where no series of the family has two
    observed years.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([[0.0, np.nan, 2.0], [1.0, 1.5, np.nan], [5.0, 8.0, 7.0]])
    >>> family_units(z, np.array(["log", "log", "rate"], dtype=object)).round(6).tolist()
    [1.06066, 1.06066, 2.236068]
    """
    z = np.asarray(z, dtype=np.float64)
    seen = np.isfinite(z)
    col = np.arange(z.shape[1])
    # each observed year's previous observed year in its series (-1: none)
    last = np.maximum.accumulate(np.where(seen, col, -1), axis=1)
    prev = np.concatenate([np.full((len(z), 1), -1), last[:, :-1]], axis=1)
    pair = seen & (prev >= 0)
    rows, cols = np.nonzero(pair)
    gap = (cols - prev[rows, cols]).astype(np.float64)
    step = (z[rows, cols] - z[rows, prev[rows, cols]]) / np.sqrt(gap)
    unit = np.full(len(family), np.nan)
    for fam in dict.fromkeys(family.tolist()):
        ch = step[family[rows] == fam]
        # sorted first: a float sum depends on its order, and the rows' order must not matter
        unit[family == fam] = np.sqrt(float(np.sort(ch**2).mean())) if ch.size else np.nan
    return unit


def require_panel(panel: Any) -> None:
    """Raise :class:`InputError` unless ``panel`` is a :class:`Panel` (every ``fit`` starts so)."""
    if not isinstance(panel, Panel):
        raise InputError(f"fit expects a Panel, got {type(panel).__name__}")


def as_int_horizon(horizon: Any, n: int) -> IntArray:
    """Broadcast a horizon (years ahead, >= 1) to one integer per series."""
    h = np.asarray(horizon)
    if not np.issubdtype(h.dtype, np.number) or (h < 1).any() or (h != np.round(h)).any():
        raise InputError(f"horizon must be whole years >= 1, got {horizon!r}", column="horizon")
    return np.broadcast_to(h.astype(np.int64), (n,)).copy()


@dataclass(frozen=True, eq=False)
class FlooredForecast(Forecast):
    """A forecast whose outcome cannot end below a floor: ``max(X, floor)`` for ``X`` from
    ``base``, so the mass below the floor sits on it (NaN: no floor).

    A flow's year-to-date figure is such a floor for its full year: revenue collected by June
    is not taken back (:func:`sonla_forecast.assess.nowcast`).

    Parameters
    ----------
    base : Forecast
        The forecast before the floor.
    floor : ndarray, shape (n,)
        Per series, the least outcome on the natural scale (NaN for none).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> base = sf.models.TForecast(loc=np.array([0.0]), scale=np.ones(1), df=np.full(1, np.inf),
    ...                            codes=np.full(1, 2), cap=np.full(1, np.nan))
    >>> fc = sf.models.base.FlooredForecast(base=base, floor=np.array([1.0]))
    >>> fc.prob_meets(np.array([0.5]), ["higher"]).tolist(), fc.quantiles([0.5]).tolist()
    ([1.0], [[1.0]])
    """

    base: Forecast
    floor: FloatArray

    def __post_init__(self) -> None:
        floor = np.array(self.floor, dtype=np.float64).reshape(-1)
        if floor.shape != (self.base.n_series,):
            raise InputError(f"floor must have one value per series ({self.base.n_series})",
                             column="floor")
        floor.flags.writeable = False
        object.__setattr__(self, "floor", floor)
        object.__setattr__(self, "codes", self.base.codes)
        object.__setattr__(self, "cap", self.base.cap)

    def _col(self, ndim: int) -> FloatArray:
        return self.floor.reshape((-1,) + (1,) * (ndim - 1))

    def take(self, rows: Sequence[int] | IntArray) -> Forecast:
        """The forecast of some of the series (see :meth:`Forecast.take`)."""
        idx = _rows(rows, self.n_series)
        return FlooredForecast(base=self.base.take(idx), floor=self.floor[idx])

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x): 0 below the floor, the base's from it on."""
        x = np.asarray(x, dtype=np.float64)
        return np.where(x < self._col(max(x.ndim, 1)), 0.0, self.base.cdf(x))

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        x = np.asarray(x, dtype=np.float64)
        return np.where(x <= self._col(max(x.ndim, 1)), 0.0, self.base._left_cdf(x))

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """The base's quantiles, raised to the floor."""
        return np.fmax(self.base.quantiles(probs), self.floor[:, None])

    def _z_quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            fz = to_z(self.floor[:, None], np.asarray(self.codes))
        return np.fmax(self.base._z_quantiles(probs), fz)

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """The base's draws, raised to the floor."""
        return np.fmax(self.base.draws(size, rng), self.floor[:, None])


@dataclass(frozen=True, eq=False)
class StackedForecast(Forecast):
    """Forecasts of disjoint sets of series put together in one (rows keep their order).

    Parameters
    ----------
    parts : tuple of (ndarray of int, Forecast)
        Positions of the series each forecast describes, and the forecast (its series in the
        order of the positions). Together the positions cover 0 .. n - 1 exactly once.
    """

    parts: tuple[tuple[IntArray, Forecast], ...]

    def __post_init__(self) -> None:
        n = sum(len(idx) for idx, _ in self.parts)
        seen = np.concatenate([np.asarray(idx) for idx, _ in self.parts])
        if sorted(seen.tolist()) != list(range(n)):
            raise InputError("the parts of a StackedForecast must cover each series once")
        codes = np.empty(n, dtype=np.int64)
        cap = np.empty(n)
        for idx, fc in self.parts:
            codes[idx] = fc.codes
            cap[idx] = fc.cap
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "cap", cap)

    def take(self, rows: Sequence[int] | IntArray) -> Forecast:
        """The forecast of some of the series (see :meth:`Forecast.take`): each part keeps the
        chosen series it describes.

        Parameters
        ----------
        rows : sequence of int
            Positions of the series (0 .. n - 1; at least one, repeats allowed).

        Returns
        -------
        StackedForecast
            With ``len(rows)`` series, in the order of ``rows``.
        """
        idx = _rows(rows, self.n_series)
        owner = np.empty(self.n_series, dtype=np.int64)
        local = np.empty(self.n_series, dtype=np.int64)
        for k, (pos, _) in enumerate(self.parts):
            owner[pos] = k
            local[pos] = np.arange(len(pos))
        parts = []
        for k, (_, fc) in enumerate(self.parts):
            mine = np.flatnonzero(owner[idx] == k)
            if mine.size:
                parts.append((mine, fc.take(local[idx[mine]])))
        return StackedForecast(parts=tuple(parts))

    def moved(self, centre: FloatArray, shift: FloatArray, factor: FloatArray) -> Forecast:
        """Each part moved with its series' arguments (see :meth:`Forecast.moved`)."""
        c, d, k = (np.asarray(a, dtype=np.float64).reshape(-1) for a in (centre, shift, factor))
        return StackedForecast(parts=tuple((idx, fc.moved(c[idx], d[idx], k[idx]))
                                           for idx, fc in self.parts))

    def _each(self, method: str, x: FloatArray | None, width: int | None) -> FloatArray:
        n = self.codes.shape[0]
        out: FloatArray | None = None
        for idx, fc in self.parts:
            if x is None:
                part = getattr(fc, method)(width)
            else:
                part = getattr(fc, method)(np.asarray(x)[idx])
            if out is None:
                out = np.empty((n, *np.asarray(part).shape[1:]))
            out[idx] = part
        assert out is not None
        return out

    def cdf(self, x: FloatArray) -> FloatArray:
        """P(outcome <= x), from each part's own forecast.

        Parameters
        ----------
        x : ndarray, shape (n,) or (n, k)
            Values on the natural scale (the indicator's unit); row i is read against series i.

        Returns
        -------
        ndarray, shape of ``x``
            Probabilities in [0, 1].
        """
        return self._each("cdf", x, None)

    def _left_cdf(self, x: FloatArray) -> FloatArray:
        return self._each("_left_cdf", x, None)

    def quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        """Quantiles, shape (n, len(probs)).

        Parameters
        ----------
        probs : sequence of float
            Probability levels, each in (0, 1).

        Returns
        -------
        ndarray, shape (n, len(probs))
            Quantiles on the natural scale (the indicator's unit), one row per series.
        """
        return self._by_part("quantiles", probs)

    def _z_quantiles(self, probs: Sequence[float] | FloatArray) -> FloatArray:
        return self._by_part("_z_quantiles", probs)

    def _by_part(self, method: str, probs: Sequence[float] | FloatArray) -> FloatArray:
        n = self.codes.shape[0]
        out = np.empty((n, len(np.ravel(probs))))
        for idx, fc in self.parts:
            out[idx] = getattr(fc, method)(probs)
        return out

    def draws(self, size: int, rng: RngLike = None) -> FloatArray:
        """Simulated outcomes, shape (n, size).

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
        out = np.empty((self.codes.shape[0], size))
        for idx, fc in self.parts:
            out[idx] = fc.draws(size, g)
        return out
