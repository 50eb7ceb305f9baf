"""How many of our targets will we meet? The distribution of the number of targets met.

:func:`portfolio` turns the per-target probabilities of an :class:`~sonla_forecast.Assessment`
into the distribution of the *count* of targets met, for all assessed targets or one section
(economic / social / environmental), under two assumptions side by side:

* **independent** targets: the count is Poisson-binomial, computed exactly
  (:func:`poisson_binomial_pmf`);
* **estimated dependence**: growth, budget and investment move together, so the targets'
  outcomes are joined by a Gaussian copula whose correlation matrix is estimated from the
  co-movement of the indicators' yearly changes on the model scale
  (:func:`~sonla_forecast.models.base.to_z`), where the history allows it, and set by a stated
  assumption elsewhere; the count is then simulated (:func:`simulate_count_pmf`).

The pure functions (:func:`poisson_binomial_pmf`, :func:`pairwise_correlation`,
:func:`nearest_correlation`, :func:`simulate_count_pmf`, :func:`count_interval`) take and
return arrays; :func:`portfolio` checks its inputs once and composes them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from os import PathLike
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from ._typing import FloatArray, IntArray, RngLike, as_generator
from .assess import AGGREGATE_SEED, as_table, build_panel
from .errors import InputError, real_option
from .models.base import freeze_arrays
from .results import SCHEMA_VERSION, Assessment, library_version
from .results import _jsonable as _json
from .table import IndicatorTable, find_name

__all__ = [
    "DEPENDENCE",
    "MIN_COMMON_CHANGES",
    "PORTFOLIO_COLUMNS",
    "Portfolio",
    "count_interval",
    "nearest_correlation",
    "pairwise_correlation",
    "poisson_binomial_pmf",
    "portfolio",
    "simulate_count_pmf",
]

Dependence = Literal["independent", "estimated"]
#: The dependence assumptions :func:`portfolio` knows.
DEPENDENCE: tuple[str, ...] = ("independent", "estimated")

#: A pair of indicators needs at least this many common yearly changes for its correlation to
#: be estimated; other pairs get the assumed correlation.
MIN_COMMON_CHANGES = 3

#: Columns of :meth:`Portfolio.to_frame`, in order, with their meaning.
PORTFOLIO_COLUMNS: Mapping[str, str] = MappingProxyType({
    "k": "number of targets met (0..n)",
    "p_exactly_independent": "P(exactly k met), independent targets (exact Poisson-binomial)",
    "p_at_least_independent": "P(at least k met), independent targets",
    "p_exactly_estimated": "P(exactly k met), Gaussian copula with the estimated correlation "
    "(Monte Carlo; exact when every correlation is 0)",
    "p_at_least_estimated": "P(at least k met), Gaussian copula with the estimated correlation",
})


# --------------------------------------------------------------------------------------------
# Pure maths
# --------------------------------------------------------------------------------------------


def poisson_binomial_pmf(p: FloatArray) -> FloatArray:
    """Exact distribution of the number of successes of independent Bernoulli trials.

    Parameters
    ----------
    p : ndarray, shape (n,)
        Success probabilities, each in [0, 1].

    Returns
    -------
    ndarray, shape (n + 1,)
        ``pmf[k]`` = P(exactly k successes), k = 0..n; sums to 1.

    Raises
    ------
    InputError
        If a probability is NaN or outside [0, 1] (naming its position).

    Notes
    -----
    Dynamic programming over the trials: with :math:`f^{(0)} = (1)` and

    .. math::

        f^{(i)}_k = f^{(i-1)}_k (1 - p_i) + f^{(i-1)}_{k-1} p_i ,

    :math:`f^{(n)}` is the Poisson-binomial pmf. :math:`O(n^2)` operations, every term a
    product of probabilities, so no cancellation (unlike the Fourier formula).

    Examples
    --------
    >>> import numpy as np
    >>> import sonla_forecast as sf
    >>> sf.poisson_binomial_pmf(np.array([0.5, 0.5])).tolist()
    [0.25, 0.5, 0.25]
    >>> sf.poisson_binomial_pmf(np.array([])).tolist()
    [1.0]
    """
    q = np.asarray(p, dtype=np.float64).reshape(-1)
    bad = ~((q >= 0.0) & (q <= 1.0))  # NaN fails both
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"probability {q[i]!r} at position {i} is not in [0, 1]",
                         column="probability", value=float(q[i]))
    pmf = np.zeros(q.shape[0] + 1)
    pmf[0] = 1.0
    for i, pi in enumerate(q):
        # Positions 0..i+1 are the support after i+1 trials; update from the top down.
        pmf[1 : i + 2] = pmf[1 : i + 2] * (1.0 - pi) + pmf[0 : i + 1] * pi
        pmf[0] *= 1.0 - pi
    return pmf


def pairwise_correlation(
    changes: FloatArray, min_common: int = MIN_COMMON_CHANGES
) -> tuple[FloatArray, IntArray]:
    """Pearson correlation of every pair of series over the years both have (pairwise complete).

    Parameters
    ----------
    changes : ndarray, shape (n, T)
        One row per series (e.g. yearly changes on the model scale); NaN where missing.
    min_common : int, default 3
        Fewest common (non-NaN) columns for a pair's correlation to be computed.

    Returns
    -------
    corr : ndarray, shape (n, n)
        Correlations; NaN for a pair with fewer than ``min_common`` common columns or with a
        constant series over them; 1 on the diagonal.
    n_common : ndarray of int, shape (n, n)
        Number of common columns of each pair.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.portfolio import pairwise_correlation
    >>> x = np.array([[1.0, 2.0, 3.0, np.nan], [2.0, 4.0, 7.0, 1.0], [1.0, np.nan, 2.0, 0.0]])
    >>> r, m = pairwise_correlation(x)
    >>> round(float(r[0, 1]), 4), int(m[0, 2]), bool(np.isnan(r[0, 2]))
    (0.9934, 2, True)
    """
    x = np.asarray(changes, dtype=np.float64)
    n = x.shape[0]
    ok = ~np.isnan(x)
    w = ok.astype(np.float64)
    v = np.where(ok, x, 0.0)
    m = w @ w.T
    sx = v @ w.T  # sum of x_i over the columns common with j
    sxx = (v * v) @ w.T
    sxy = v @ v.T
    with np.errstate(invalid="ignore", divide="ignore"):
        mm = np.where(m > 0, m, 1.0)
        cov = sxy - sx * sx.T / mm
        var_i = sxx - sx * sx / mm
        var_j = var_i.T
        denom = np.sqrt(np.maximum(var_i, 0.0) * np.maximum(var_j, 0.0))
        tiny = 1e-12 * np.maximum(np.maximum(sxx, sxx.T), 1e-300)
        r = np.where(denom > tiny, cov / np.where(denom > 0, denom, 1.0), np.nan)
    r = np.clip(r, -1.0, 1.0)
    r[m < min_common] = np.nan
    r[np.arange(n), np.arange(n)] = 1.0
    return r, m.round().astype(np.int64)


def nearest_correlation(corr: FloatArray) -> tuple[FloatArray, int]:
    """Make a symmetric matrix with unit diagonal a valid (positive semi-definite) correlation.

    Parameters
    ----------
    corr : ndarray, shape (n, n)
        Symmetric, unit diagonal, entries in [-1, 1] (precondition).

    Returns
    -------
    corr : ndarray, shape (n, n)
        The input if it is already positive semi-definite; otherwise the matrix with its
        negative eigenvalues set to 0, rescaled to unit diagonal.
    n_clipped : int
        Number of negative eigenvalues set to 0.

    Notes
    -----
    With :math:`R = V \\Lambda V^\\top`, the repaired matrix is
    :math:`D^{-1/2} V \\Lambda_+ V^\\top D^{-1/2}`, :math:`\\Lambda_+ = \\max(\\Lambda, 0)`,
    :math:`D = \\mathrm{diag}(V \\Lambda_+ V^\\top)` (one step of eigenvalue clipping, a
    simple version of Higham's nearest correlation matrix). A singular matrix is kept: the
    simulation needs only a square root :math:`V \\Lambda_+^{1/2}`, so perfectly correlated
    targets stay perfectly correlated.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.portfolio import nearest_correlation
    >>> r = np.array([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]])
    >>> fixed, k = nearest_correlation(r)
    >>> k, bool(np.linalg.eigvalsh(fixed).min() > -1e-12), np.diag(fixed).round(12).tolist()
    (1, True, [1.0, 1.0, 1.0])
    """
    r = np.asarray(corr, dtype=np.float64)
    r = 0.5 * (r + r.T)
    if r.shape[0] == 0:
        return r, 0
    lam, vec = np.linalg.eigh(r)
    neg = lam < -1e-10
    if not neg.any():
        return r, 0
    fixed = (vec * np.maximum(lam, 0.0)) @ vec.T
    d = np.sqrt(np.diag(fixed))
    fixed = fixed / np.outer(d, d)
    fixed[np.arange(len(d)), np.arange(len(d))] = 1.0
    return fixed, int(neg.sum())


def simulate_count_pmf(
    lower: FloatArray,
    upper: FloatArray,
    corr: FloatArray,
    n_draws: int,
    rng: RngLike = None,
) -> FloatArray:
    """Distribution of the number of targets met under a Gaussian copula, by simulation.

    Parameters
    ----------
    lower, upper : ndarray, shape (n,)
        Target i is met when its outcome's probability integral transform :math:`U_i` falls in
        ``(lower[i], upper[i]]``, so ``upper - lower`` is its probability of being met
        (``higher``: :math:`(1 - p_i, 1]`; ``lower``: :math:`(0, p_i]`).
    corr : ndarray, shape (n, n)
        Positive semi-definite correlation matrix of the latent normal outcomes.
    n_draws : int
        Number of simulated years.
    rng : Generator, int or None

    Returns
    -------
    ndarray, shape (n + 1,)
        Share of draws with exactly k targets met, k = 0..n.

    Notes
    -----
    Draw :math:`Z = L \\varepsilon`, :math:`\\varepsilon \\sim N(0, I)`, with
    :math:`L = V \\Lambda^{1/2}` from the eigen-decomposition :math:`R = V \\Lambda V^\\top`;
    :math:`U_i = \\Phi(Z_i)` is uniform, so each target keeps its marginal probability, and
    the count is :math:`N = \\sum_i 1\\{a_i < U_i \\le b_i\\}`. The Monte-Carlo standard
    error of each probability is at most :math:`0.5/\\sqrt{n_{draws}}`.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.portfolio import simulate_count_pmf
    >>> p = np.array([0.3, 0.3])
    >>> pmf = simulate_count_pmf(1 - p, np.ones(2), np.ones((2, 2)), 1000, rng=1)
    >>> float(pmf[1])  # perfectly correlated: both met or neither
    0.0
    """
    a = np.asarray(lower, dtype=np.float64).reshape(-1)
    b = np.asarray(upper, dtype=np.float64).reshape(-1)
    n = a.shape[0]
    g = as_generator(rng)
    if n == 0:
        return np.ones(1)
    lam, vec = np.linalg.eigh(np.asarray(corr, dtype=np.float64))
    root = vec * np.sqrt(np.maximum(lam, 0.0))
    z = g.standard_normal((n_draws, n)) @ root.T
    u = stats.norm.cdf(z)
    met = (u > a) & (u <= b)
    # A target with probability 1 (b - a = 1) is met in every draw, even at u = 0 exactly.
    met |= (b - a) >= 1.0
    counts = met.sum(axis=1)
    return np.bincount(counts, minlength=n + 1).astype(np.float64) / n_draws


def count_interval(pmf: FloatArray, level: float = 0.8) -> tuple[int, int]:
    """Equal-tailed interval for a count with the given pmf (coverage at least ``level``).

    Parameters
    ----------
    pmf : ndarray, shape (n + 1,)
        P(count = k), k = 0..n.
    level : float, default 0.8
        Central coverage, in (0, 1).

    Returns
    -------
    (int, int)
        ``lo`` = smallest k with :math:`P(N \\le k) \\ge (1 - level)/2`, ``hi`` = smallest k
        with :math:`P(N \\le k) \\ge (1 + level)/2`; so :math:`P(lo \\le N \\le hi) \\ge level`.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.portfolio import count_interval
    >>> count_interval(np.array([0.05, 0.2, 0.5, 0.2, 0.05]), 0.8)
    (1, 3)
    """
    cdf = np.cumsum(np.asarray(pmf, dtype=np.float64))
    eps = 1e-12
    lo = int(np.searchsorted(cdf, (1.0 - level) / 2.0 - eps))
    hi = int(np.searchsorted(cdf, (1.0 + level) / 2.0 - eps))
    last = len(cdf) - 1
    return min(lo, last), min(hi, last)


# --------------------------------------------------------------------------------------------
# Result object
# --------------------------------------------------------------------------------------------


def _uncorrelated(corr: FloatArray) -> bool:
    """Every correlation 0: the dependent count is then the independent one, exactly, and is
    not simulated."""
    return bool((corr == np.eye(len(corr))).all())


@dataclass(frozen=True, kw_only=True, eq=False)
class Portfolio:
    """The number of targets met: its distribution under two dependence assumptions.

    Build it with :func:`portfolio`.

    Attributes
    ----------
    target_year : int
    model : str
        Trajectory model behind the per-target probabilities.
    model_settings : str
        Its settings that differ from the defaults (``Assessment.model_settings``; ``""``
        for the model as shipped).
    group : str or None
        The section covered (``None``: every assessed target).
    region : str or None
        The region covered (``None``: every region).
    dependence : {"independent", "estimated"}
        The assumption that :attr:`distribution`, :meth:`prob_at_least` and :meth:`interval`
        answer by default; both are always computed.
    ids : tuple of str
        The targets counted (``indicator_id``, prefixed ``region/`` when the assessment has
        more than one region), in assessment order.
    probabilities : ndarray, shape (n,)
        Their probabilities of being met.
    distribution_independent : ndarray, shape (n + 1,)
        P(exactly k met), k = 0..n, independent targets (exact).
    distribution_estimated : ndarray, shape (n + 1,)
        P(exactly k met) under the Gaussian copula with :attr:`correlation` (Monte Carlo;
        the independent distribution, exactly, when every correlation is 0).
    correlation : ndarray, shape (n, n)
        Correlation of the targets' latent outcomes used for the simulation.
    n_common : ndarray of int, shape (n, n)
        Common yearly changes behind each pair's estimate.
    n_pairs_estimated, n_pairs_assumed : int
        Pairs whose correlation was estimated from history / set by the assumption.
    assumed_correlation : float
        The correlation given to the pairs that could not be estimated.
    assumption : str
        How :attr:`assumed_correlation` was chosen, in words.
    n_clipped : int
        Negative eigenvalues removed to make the matrix a valid correlation.
    n_draws : int
        Monte-Carlo draws behind :attr:`distribution_estimated`, where it is simulated
        (:attr:`simulated`).
    excluded : tuple of str
        Targets of the group left out because their probability is undefined, with the reason.
    no_section : tuple of str
        For a portfolio of one group (section): the targets that have no section, so are in no
        group (empty otherwise).
    """

    target_year: int
    model: str
    group: str | None
    region: str | None = None
    model_settings: str = ""
    dependence: Dependence
    ids: tuple[str, ...]
    probabilities: FloatArray
    distribution_independent: FloatArray
    distribution_estimated: FloatArray
    correlation: FloatArray = field(repr=False)
    n_common: IntArray = field(repr=False)
    n_pairs_estimated: int
    n_pairs_assumed: int
    assumed_correlation: float
    assumption: str
    n_clipped: int = 0
    n_draws: int
    excluded: tuple[str, ...] = ()
    no_section: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        freeze_arrays(
            self,
            ("probabilities", "distribution_independent", "distribution_estimated", "correlation"),
            np.float64,
        )
        freeze_arrays(self, ("n_common",), np.int64)

    # ---- the numbers ------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of targets counted."""
        return len(self.ids)

    @property
    def simulated(self) -> bool:
        """Whether :attr:`distribution_estimated` was simulated (:attr:`n_draws` draws); not
        where every correlation is 0, which makes it the independent distribution, exactly."""
        return not _uncorrelated(self.correlation)

    @cached_property
    def expected(self) -> float:
        """Expected number of targets met: :math:`\\sum_i p_i` (the same under both
        assumptions, by linearity of expectation), summed exactly (:func:`math.fsum`), so
        the same targets in another order give the same bits."""
        return math.fsum(self.probabilities.tolist())

    def _pmf(self, dependence: str | None) -> FloatArray:
        d = self.dependence if dependence is None else dependence
        if d not in DEPENDENCE:
            raise InputError(
                f"unknown dependence {d!r}; expected one of {DEPENDENCE}",
                column="dependence",
                value=d,
            )
        return self.distribution_independent if d == "independent" else self.distribution_estimated

    @property
    def distribution(self) -> FloatArray:
        """P(exactly k met), k = 0..n, under :attr:`dependence`."""
        return self._pmf(None)

    def prob_at_least(self, k: int, *, dependence: Dependence | None = None) -> float:
        """P(at least ``k`` of the n targets are met).

        Parameters
        ----------
        k : int
            Number of targets (1 for k <= 0, 0 for k > n).
        dependence : {"independent", "estimated"}, optional
            Default: :attr:`dependence`.
        """
        if int(real_option(k, "k", "a whole number of targets")) != k:
            raise InputError(f"k must be a whole number of targets, got {k!r}", column="k", value=k)
        k = int(k)
        pmf = self._pmf(dependence)
        if k <= 0:
            return 1.0
        if k > self.n:
            return 0.0
        return float(min(1.0, pmf[k:].sum()))

    def interval(
        self, level: float = 0.8, *, dependence: Dependence | None = None
    ) -> tuple[int, int]:
        """Equal-tailed interval for the number met, coverage at least ``level``
        (see :func:`count_interval`).

        Parameters
        ----------
        level : float, default 0.8
            Central coverage, a probability in (0, 1) (0.8 for an 80% interval).
        dependence : {"independent", "estimated"}, optional
            Which distribution to read it from; default: :attr:`dependence`.

        Returns
        -------
        (int, int)
            ``(lo, hi)``: numbers of targets met, with :math:`P(lo \\le N \\le hi) \\ge level`.

        Raises
        ------
        InputError
            If ``level`` is not in (0, 1) or ``dependence`` is unknown.
        """
        if not 0.0 < real_option(level, "level", "a probability in (0, 1)") < 1.0:
            raise InputError(f"level must be in (0, 1), got {level!r}", column="level", value=level)
        return count_interval(self._pmf(dependence), level)

    def _at_least(self, pmf: FloatArray) -> FloatArray:
        tail = np.clip(np.cumsum(pmf[::-1])[::-1], 0.0, 1.0)
        if tail.size:
            tail[0] = 1.0  # at least 0 is certain, not the pmf's sum (1 - 1e-16)
        return tail

    # ---- presentation -----------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per k = 0..n; the columns of :data:`PORTFOLIO_COLUMNS`."""
        pi, pe = self.distribution_independent, self.distribution_estimated
        return pd.DataFrame(
            {
                "k": np.arange(self.n + 1),
                "p_exactly_independent": pi,
                "p_at_least_independent": self._at_least(pi),
                "p_exactly_estimated": pe,
                "p_at_least_estimated": self._at_least(pe),
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN -> None).

        Keys: ``schema_version``; the settings ``target_year``, ``model``, ``model_settings``,
        ``group``, ``region`` and ``dependence``; ``n`` targets, their ``ids`` and
        ``probabilities`` (in the assessment's order), the ``expected`` count;
        ``interval_80``: the central 80% interval of the number met, ``{"independent": [lo,
        hi], "estimated": [lo, hi]}``; the dependence bookkeeping ``n_draws`` (the draws
        asked for), ``simulated`` (whether the estimated column used them: not where every
        correlation is 0, :attr:`simulated`), ``n_pairs_estimated``, ``n_pairs_assumed``,
        ``assumed_correlation``, ``assumption`` and ``n_clipped``; ``excluded`` (targets
        without a probability, with the reason);
        ``no_section`` (for one group, the targets without a section, in no group);
        ``columns`` (:data:`PORTFOLIO_COLUMNS`) and ``rows``, the :meth:`to_frame` table
        (P(exactly k) and P(at least k) under both assumptions); ``library_version``.
        """
        lo_i, hi_i = self.interval(dependence="independent")
        lo_e, hi_e = self.interval(dependence="estimated")
        return {
            "schema_version": SCHEMA_VERSION,
            "target_year": int(self.target_year),
            "model": self.model,
            "model_settings": self.model_settings,
            "group": self.group,
            "region": self.region,
            "dependence": self.dependence,
            "n": self.n,
            "ids": list(self.ids),
            "probabilities": [_json(v) for v in self.probabilities],
            "expected": _json(self.expected),
            "interval_80": {"independent": [lo_i, hi_i], "estimated": [lo_e, hi_e]},
            "n_draws": int(self.n_draws),
            "simulated": self.simulated,
            "n_pairs_estimated": int(self.n_pairs_estimated),
            "n_pairs_assumed": int(self.n_pairs_assumed),
            "assumed_correlation": _json(self.assumed_correlation),
            "assumption": self.assumption,
            "n_clipped": int(self.n_clipped),
            "excluded": list(self.excluded),
            "no_section": list(self.no_section),
            "columns": dict(PORTFOLIO_COLUMNS),
            "rows": [
                {k: _json(v) for k, v in r.items()} for r in self.to_frame().to_dict("records")
            ],
            "library_version": library_version(),
        }

    def summary(self) -> str:
        """Readable text: expected count, 80% intervals and P(at least k), both assumptions."""
        n = self.n
        what = "all sections" if self.group is None else f"section {self.group!r}"
        what += "" if self.region is None else f", {self.region}"
        lines = [
            f"How many of the {n} target{'' if n == 1 else 's'} for {self.target_year} "
            f"({what}) will be met? "
            f"model {self.model!r}"
        ]
        if n == 0:
            lines.append("No target has a probability: nothing to count.")
            lines.extend(f"Excluded: {e}" for e in self.excluded)
            lines.extend(self._no_section_lines())
            return "\n".join(lines)
        lines.append(
            f"Expected number met: {self.expected:.1f} of {n} "
            "(sum of the probabilities; the same under both assumptions)"
        )
        lo_i, hi_i = self.interval(dependence="independent")
        lo_e, hi_e = self.interval(dependence="estimated")
        mi = int(np.argmax(self.distribution_independent))
        me = int(np.argmax(self.distribution_estimated))
        w = 24
        lines += [
            "",
            f"{'':<30}{'independent':>{w}}{'estimated dependence':>{w}}",
            f"{'80% interval for the count':<30}{f'{lo_i} to {hi_i}':>{w}}"
            f"{f'{lo_e} to {hi_e}':>{w}}",
            f"{'most likely count':<30}{mi:>{w}}{me:>{w}}",
        ]
        ai = self._at_least(self.distribution_independent)
        ae = self._at_least(self.distribution_estimated)
        ks = sorted(
            {
                1,
                *range(max(1, min(lo_i, lo_e) - 1), min(n, max(hi_i, hi_e) + 1) + 1),
                (n + 1) // 2,
                n,
            }
        )
        for k in ks:
            lines.append(f"{f'P(at least {k} of {n})':<30}{ai[k]:>{w}.3f}{ae[k]:>{w}.3f}")
        n_pairs = self.n_pairs_estimated + self.n_pairs_assumed
        se = 0.5 / math.sqrt(self.n_draws)
        lines += [
            "",
            f"Dependence: {n_pairs} pairs of targets; correlation estimated from the history "
            f"for {self.n_pairs_estimated} (>= {MIN_COMMON_CHANGES} common yearly changes)"
            + (f", assumed for {self.n_pairs_assumed}: {self.assumption}."
               if self.n_pairs_assumed else "."),
        ]
        if self.n_pairs_estimated == 0:
            lines.append(
                "No pair has enough common history to estimate a correlation, so the "
                "'estimated dependence' column rests on the assumption alone"
                + (" and is the independent distribution." if self.assumed_correlation == 0
                   else ".")
            )
        if self.n_clipped:
            lines.append(
                f"The correlation matrix was repaired ({self.n_clipped} negative "
                "eigenvalues set to 0)."
            )
        if not self.simulated:
            lines.append("No simulation: with every correlation 0 the 'estimated dependence' "
                         "column is computed exactly.")
        else:
            lines.append(f"Monte Carlo: {self.n_draws} draws (standard error <= {se:.3f} per "
                         "probability).")
        lines.extend(f"Excluded: {e}" for e in self.excluded)
        lines.extend(self._no_section_lines())
        return "\n".join(lines)

    def _no_section_lines(self) -> list[str]:
        if not self.no_section:
            return []
        return [f"Not in any section (the table gives them none): {', '.join(self.no_section)}"]

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        g = "all" if self.group is None else self.group
        return (
            f"Portfolio(target_year={self.target_year}, group={g!r}, n={self.n}, "
            f"expected={self.expected:.1f}, dependence={self.dependence!r})"
        )


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def _met_intervals(assessment: Assessment, rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Lower end a_i of the interval (a_i, a_i + p_i] of the progress PIT in which target i
    is met: 1 - p_i for one-sided targets; for a band, where the band sits in the outcome's
    distribution (centred when the assessment carries no forecast)."""
    f = assessment.to_frame()
    d = f["direction"].to_numpy(dtype=object)[rows]
    a = 1.0 - p
    band = d == "band"
    if band.any():
        a[band] = (1.0 - p[band]) / 2.0
        fc = assessment.forecast
        if fc is not None:
            pos = {r: j for j, r in enumerate(assessment.forecast_rows)}
            fr = list(assessment.forecast_rows)
            t = f["target"].to_numpy(dtype=np.float64)[fr]
            tol = f["tolerance"].to_numpy(dtype=np.float64)[fr]
            hi = fc.cdf(t + tol)
            for j in np.flatnonzero(band):
                r = int(rows[j])
                if r in pos:
                    # Met when F(T - tol) < U <= F(T + tol), an interval of length p.
                    a[j] = hi[pos[r]] - p[j]
    return np.clip(a, 0.0, 1.0 - p)


def _yearly_changes(table: IndicatorTable, frame: pd.DataFrame, target_year: int) -> np.ndarray:
    """Yearly changes z_t - z_{t-1} (consecutive observed years before the target year) on
    the model scale, one row per assessed target."""
    obs = table.observations()
    hist = obs[obs["year"] < target_year]
    keys = frame[["region", "indicator_id", "scale"]].reset_index(drop=True).copy()
    keys["cap"] = np.nan
    panel, _ = build_panel(hist, keys)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = panel.z
    z = np.where(np.isfinite(z), z, np.nan)
    return np.diff(z, axis=1)


def portfolio(
    assessment: Assessment,
    *,
    group: str | None = None,
    region: str | None = None,
    dependence: Dependence = "estimated",
    table: IndicatorTable | pd.DataFrame | str | PathLike[str] | None = None,
    assumed_correlation: float | None = None,
    n_draws: int = 20000,
    rng: RngLike = None,
) -> Portfolio:
    """How many of the targets will be met? Distribution of the count of targets met.

    Parameters
    ----------
    assessment : Assessment
        From :func:`sonla_forecast.assess`. Targets without a probability are left out (and
        listed in :attr:`Portfolio.excluded`).
    group : str, optional
        Count only the targets of this ``section`` (``economic``, ``social``,
        ``environmental`` in the Sơn La tables). Default: every assessed target.
    region : str, optional
        Count only the targets of this region (a province of a many-region assessment; the
        probabilities stay those of the joint assessment). Default: every region.
    dependence : {"independent", "estimated"}, default "estimated"
        The assumption the result answers with by default; both are computed and reported.
    table : IndicatorTable, DataFrame or path, optional
        The history to estimate the correlations from (its actuals and estimates before the
        target year, matched on ``region`` and ``indicator_id``), e.g.
        :func:`sonla_forecast.datasets.load_sonla_history`. Without it no correlation can
        be estimated and every pair gets the assumed correlation.
    assumed_correlation : float, optional
        Correlation, in (-1, 1), for the pairs with fewer than :data:`MIN_COMMON_CHANGES`
        common yearly changes. Default: the average of the estimated pairs' correlations
        floored at 0, or 0 when no pair can be estimated. Give it explicitly to see how the
        answer moves if the targets moved together (e.g. 0.3).
    n_draws : int, default 20000
        Monte-Carlo draws for the estimated-dependence distribution (>= 100).
    rng : Generator, int or None
        Seed of the simulation. Default: :data:`~sonla_forecast.assess.AGGREGATE_SEED`, so
        that the same assessment gives the same answers run after run, as ``assess`` does.

    Returns
    -------
    Portfolio
        ``expected``, ``distribution``, ``prob_at_least(k)``, ``interval(level)``,
        ``summary()``, ``to_frame()`` (columns: :data:`PORTFOLIO_COLUMNS`), ``to_dict()``.

    Raises
    ------
    InputError
        Unknown ``group`` (the message lists the sections), unknown ``dependence``, bad
        ``n_draws`` or ``assumed_correlation``; two targets with the same label
        (``region/indicator_id``, a ``/`` inside a region or an id).

    Notes
    -----
    *Independent targets.* With :math:`p_i` the probability that target i is met, the count
    :math:`N = \\sum_i 1\\{\\text{target } i \\text{ met}\\}` is Poisson-binomial,
    :math:`E[N] = \\sum_i p_i`, computed exactly by :func:`poisson_binomial_pmf`.

    *Estimated dependence.* Let :math:`z_{it} = g_i(x_{it})` be indicator i on its model
    scale (logit for percentages, log for levels, log(1 + x) for counts, identity for rates) and
    :math:`\\Delta z_{it} = z_{it} - z_{i,t-1}` its yearly changes (consecutive observed years
    before the target year), and :math:`s_i \\Delta z_{it}` its *progress* (:math:`s_i = -1`
    for ``lower`` targets, +1 otherwise). For a pair with at least :data:`MIN_COMMON_CHANGES`
    common changes, :math:`\\rho_{ij}` is the Pearson correlation of their progress; for the
    other pairs it is the assumed correlation :math:`\\bar\\rho` (by default
    :math:`\\max(0, \\text{mean of the estimated ones})`, 0 if none: a good year is, on
    average, good for all targets alike or neutral; a negative common correlation is
    implausible for many targets and impossible below :math:`-1/(n-1)`). The
    matrix is made positive semi-definite (:func:`nearest_correlation`). Since a
    one-year-ahead outcome is the last value plus one change, the progress
    probability-integral transforms :math:`V_i` (:math:`V_i = F_i(X_i)` for ``higher``,
    :math:`1 - F_i(X_i)` for ``lower``) are joined by a Gaussian copula with this
    correlation; target i is met when :math:`V_i > 1 - p_i` (for a band, when :math:`V_i` is
    in the band's interval of length :math:`p_i`). The count is simulated
    (:func:`simulate_count_pmf`), unless no pair is correlated: the distribution is then the
    independent one, exactly.

    The 80% interval is equal-tailed on the count (:func:`count_interval`).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.portfolio import portfolio
    >>> res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    >>> pf = portfolio(res, rng=1)
    >>> pf.n, round(pf.expected, 1)
    (34, 13.5)
    >>> pf.prob_at_least(0)
    1.0
    >>> social = portfolio(res, group="social", dependence="independent", rng=1)
    >>> social.n
    15
    """
    if not isinstance(assessment, Assessment):
        raise InputError(
            f"assessment must be an Assessment (from sf.assess), got {type(assessment).__name__}",
            column="assessment",
        )
    if dependence not in DEPENDENCE:
        raise InputError(
            f"unknown dependence {dependence!r}; expected one of {DEPENDENCE}",
            column="dependence",
            value=dependence,
        )
    as_generator(rng)  # refuse a bad rng before any work
    if int(real_option(n_draws, "n_draws", "a whole number >= 100")) != n_draws or n_draws < 100:
        raise InputError(
            f"n_draws must be a whole number >= 100, got {n_draws!r}",
            column="n_draws",
            value=n_draws,
        )
    if assumed_correlation is not None and not -1.0 < real_option(
            assumed_correlation, "assumed_correlation", "a number in (-1, 1)") < 1.0:
        raise InputError(
            f"assumed_correlation must be in (-1, 1), got {assumed_correlation!r}",
            column="assumed_correlation",
            value=assumed_correlation,
        )
    if table is not None:
        table = as_table(table)  # a DataFrame or a path is read as assess reads it
    f = assessment.to_frame()
    in_group = np.ones(len(f), dtype=bool)
    in_region = np.ones(len(f), dtype=bool)
    # a target without a section is in no group: said, not dropped without a word
    no_section = np.array([not (isinstance(s, str) and s) for s in f["section"]], dtype=bool)
    if group is not None:
        sections = sorted({str(s) for s in f["section"][~no_section]})
        if group not in sections:
            raise InputError(
                f"unknown group {group!r}; the assessment's sections are {sections or 'none'}"
                + (f" ({int(no_section.sum())} of its {len(f)} targets have none: give them "
                   "one in the table's section column)" if no_section.any() else ""),
                column="section",
                value=group,
            )
        in_group = (f["section"] == group).to_numpy()
    if region is not None:
        regions = list(dict.fromkeys(f["region"].astype(str)))
        region = find_name(region, regions)
        if region not in regions:
            raise InputError(f"unknown region {region!r}; the assessment's regions are "
                             f"{regions}", column="region", value=region)
        # not in place: pandas 3 may hand out a read-only array for the section test above
        in_region = (f["region"] == region).to_numpy()
        in_group = in_group & in_region
    prob_all = f["probability"].to_numpy(dtype=np.float64)
    rows = np.flatnonzero(in_group & ~np.isnan(prob_all))
    gone = np.flatnonzero(in_group & np.isnan(prob_all))
    several = f["region"].nunique() > 1
    label = np.array(
        [
            f"{r}/{i}" if several and r else str(i)
            for r, i in zip(f["region"], f["indicator_id"], strict=True)
        ],
        dtype=object,
    )
    twice = [str(x) for x, c in Counter(label[in_group]).items() if c > 1]
    if twice:
        raise InputError(
            f"the targets' labels (region/indicator_id) are not unique: {twice[0]!r} names "
            "two targets (a '/' inside a region or an indicator_id); rename one of them",
            column="indicator_id",
            value=twice[0],
        )
    reasons = f["reason"].fillna("").astype(str).to_numpy()
    excluded = tuple(f"{label[i]} ({reasons[i] or 'no probability'})" for i in gone)
    unsectioned = (tuple(str(label[i]) for i in np.flatnonzero(no_section & in_region))
                   if group is not None else ())
    # Computed in an order of the targets' own (their labels), then given back in the
    # assessment's: the simulated draws and the correlation's numerics follow the order, and
    # the same targets in another order must give the same numbers.
    canon = sorted(range(len(rows)), key=lambda j: (str(label[rows[j]]), prob_all[rows[j]]))
    back = np.argsort(np.asarray(canon, dtype=np.int64))
    rows = rows[np.asarray(canon, dtype=np.int64)]
    ids = tuple(str(s) for s in label[rows])
    p = np.clip(prob_all[rows], 0.0, 1.0)
    n = len(rows)

    pmf_ind = poisson_binomial_pmf(p)

    # Correlation from the history, where there is enough of it.
    n_pairs = n * (n - 1) // 2
    if table is not None and n > 1:
        changes = _yearly_changes(table, f.iloc[rows], assessment.target_year)
        # Progress: the change in the target's direction (a band counts as "higher").
        sign = np.where(f["direction"].to_numpy(dtype=object)[rows] == "lower", -1.0, 1.0)
        r_hat, m = pairwise_correlation(sign[:, None] * changes, MIN_COMMON_CHANGES)
    else:
        r_hat = np.full((n, n), np.nan)
        m = np.zeros((n, n), dtype=np.int64)
        r_hat[np.arange(n), np.arange(n)] = 1.0
    iu = np.triu_indices(n, 1)
    est = ~np.isnan(r_hat[iu])
    n_est = int(est.sum())
    if assumed_correlation is not None:
        rho0 = float(assumed_correlation)
        how = f"rho = {rho0:g}, given by the user"
    elif n_est:
        mean = float(np.mean(r_hat[iu][est]))
        rho0 = max(mean, 0.0)
        how = (
            f"rho = {rho0:.2f}, the average of the {n_est} estimated correlations"
            if mean >= 0
            else f"rho = 0, the average of the {n_est} estimated correlations ({mean:.2f}) "
            "floored at 0"
        )
    else:
        rho0 = 0.0
        why = (
            "no history table was given"
            if table is None
            else "no pair has enough common yearly changes"
        )
        how = f"rho = 0 ({why})"
    corr = np.where(np.isnan(r_hat), rho0, r_hat)
    corr[np.arange(n), np.arange(n)] = 1.0
    corr, n_clip = nearest_correlation(corr)

    if _uncorrelated(corr):
        # no dependence at all: the exact distribution, not a simulation of it whose noise
        # would read as an effect of dependence (1-5 beside 2-5 for one set of targets)
        pmf_dep = pmf_ind.copy()
    else:
        a = _met_intervals(assessment, rows, p)
        pmf_dep = simulate_count_pmf(a, a + p, corr, int(n_draws),
                                     AGGREGATE_SEED if rng is None else rng)

    return Portfolio(
        target_year=int(assessment.target_year),
        model=assessment.model,
        model_settings=assessment.model_settings,
        group=group,
        region=region,
        dependence=dependence,
        ids=tuple(ids[j] for j in back),
        probabilities=p[back],
        distribution_independent=pmf_ind,
        distribution_estimated=pmf_dep,
        correlation=corr[np.ix_(back, back)],
        n_common=m[np.ix_(back, back)],
        n_pairs_estimated=n_est,
        n_pairs_assumed=n_pairs - n_est,
        assumed_correlation=rho0,
        assumption=how,
        n_clipped=n_clip,
        n_draws=int(n_draws),
        excluded=excluded,
        no_section=unsectioned,
    )
