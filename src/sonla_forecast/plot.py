"""Fan charts of one target: history, plans, the target and the predicted outcome.

Needs matplotlib, an optional dependency (``pip install -e '.[plot]'`` in a clone, or
``pip install matplotlib``). The module imports without it; matplotlib is imported when a
chart is drawn. Figures are built with :class:`matplotlib.figure.Figure` and rendered by the
Agg canvas directly, so nothing here calls ``matplotlib.use`` or touches pyplot's global figure
manager.

A fan chart shows, for one indicator:

- the observed history (actuals and estimates before the target year), as a line with dots;
- the plans of the table up to the target year, as hollow squares;
- the target, as a dashed line (a shaded band for ``band`` targets);
- the predicted outcome in the target year: its 50% (p25-p75) and 80% (p10-p90) intervals
  as a fan opening from the baseline, and its median. The fan's edges between the baseline
  and the target year are straight lines drawn for reading only: the model predicts the
  target year, not the years in between.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from .errors import InputError
from .report import (
    PLOT_EXTRA_HINT,
    STATUS_COLOURS,
    _decimals_of,
    _probability,
    format_number,
    indicator_label,
    named_regions,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .results import Assessment
    from .table import IndicatorTable

__all__ = ["FAN_QUANTILES", "fan_chart_png", "plot_target"]

#: Quantiles behind the fan: the 80% band (p10-p90), the 50% band (p25-p75) and the median.
FAN_QUANTILES: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)

_MISSING = f"charts need matplotlib, an optional dependency: {PLOT_EXTRA_HINT}"

_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "history": "Thực hiện / ước TH",
        "plan": "Kế hoạch",
        "target": "Mục tiêu {year}",
        "band80": "Khoảng dự báo 80%",
        "band50": "Khoảng dự báo 50%",
        "median": "Trung vị dự báo",
        "tolerance": "Tính là đạt (±{tol})",
        "prob": "Xác suất đạt {p}",
        "year": "Năm",
    },
    "en": {
        "history": "Actual / estimate",
        "plan": "Plan",
        "target": "Target {year}",
        "band80": "80% outcome interval",
        "band50": "50% outcome interval",
        "median": "Median forecast",
        "tolerance": "Counted as met (±{tol})",
        "prob": "P(met) {p}",
        "year": "Year",
    },
}

#: Indicator names in chart titles are wrapped at this many characters.
_TITLE_WIDTH = 52

_FAN_COLOUR = "#3b6ea5"
_HISTORY_COLOUR = "#222222"
_TARGET_COLOUR = "#b2182b"
_PLAN_COLOUR = "#7a5195"


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(_MISSING) from exc


def _check_lang(lang: str) -> None:
    if lang not in _LABELS:
        raise InputError(f"lang must be one of {sorted(_LABELS)}, got {lang!r}",
                         column="lang", value=lang)


@dataclass(frozen=True)
class _FanData:
    row: dict[str, Any]
    history: pd.DataFrame  # year, value, kind
    plans: pd.DataFrame  # year, value
    quantiles: np.ndarray  # len(FAN_QUANTILES); NaN when the row has no forecast
    multi_region: bool  # the title names the region


def _row_position(assessment: Assessment, key: str | tuple[str, str]) -> int:
    # the rows res[key] finds (names typed with decomposed diacritics, or spelt as the reader
    # takes for the same), with this function's errors
    hits = assessment._rows_of(key) or []
    if len(hits) == 0:
        known = ", ".join(map(str, assessment.to_frame()["indicator_id"].head(5)))
        raise InputError(f"no target {key!r} in the assessment for {assessment.target_year} "
                         f"(expected an indicator_id such as {known})",
                         column="indicator_id", value=key)
    if len(hits) > 1:
        raise InputError(f"{key!r} is in several regions; pass (region, indicator_id)",
                         column="indicator_id", value=key)
    return int(hits[0])


def fan_quantiles(assessment: Assessment) -> np.ndarray:
    """The :data:`FAN_QUANTILES` of the predicted outcome of every row of the assessment.

    Returns
    -------
    ndarray, shape (len(assessment), 5)
        Natural-scale quantiles, one row per row of ``assessment.to_frame()``; NaN for rows
        the model could not predict.
    """
    out = np.full((len(assessment), len(FAN_QUANTILES)), np.nan)
    fc = assessment.forecast
    if fc is not None and assessment.forecast_rows:
        out[list(assessment.forecast_rows)] = fc.quantiles(list(FAN_QUANTILES))
    # Rows assessed another way (multi-year targets, from simulated paths) have only the
    # 10/50/90% quantiles of the frame: the 80% band and the median, no 50% band.
    frame = assessment.to_frame()
    others = np.setdiff1d(np.arange(len(frame)), list(assessment.forecast_rows))
    for i in others:
        p10, p50, p90 = (float(cast(float, frame[c].iat[i]))
                         for c in ("outcome_p10", "outcome_p50", "outcome_p90"))
        out[i] = [p10, np.nan, p50, np.nan, p90]
    return out


def _table_frame(table: Any) -> pd.DataFrame | None:
    """The rows of ``table`` (an IndicatorTable, a DataFrame, a CSV path or a Resolution);
    None for None; an :class:`InputError` naming ``table`` for anything else."""
    from .table import IndicatorTable, read_table

    if table is None:
        return None
    if isinstance(table, IndicatorTable):
        return table.to_frame()
    inner = getattr(table, "table", None)  # a Resolution carries its table
    if isinstance(inner, IndicatorTable):
        return inner.to_frame()
    if isinstance(table, (pd.DataFrame, str, PathLike)):
        return read_table(table).to_frame()
    raise InputError(f"table must be an IndicatorTable, a DataFrame, a CSV path or a "
                     f"Resolution, got {type(table).__name__}", column="table")


def require_assessed_table(assessment: Assessment, table: Any, frame: pd.DataFrame | None,
                           caller: str) -> None:
    """An :class:`InputError` when ``table`` (read as ``frame``) is not the table
    ``assessment`` was made from: its history and plans would be shown beside these rows."""
    assessed = assessment.table
    if frame is None or assessed is None or table is assessed:
        return
    differs = _how_tables_differ(frame, assessed.to_frame())
    if differs:
        raise InputError(f"table is not the table the assessment was made from ({differs}): "
                         f"give {caller} the same table as sf.assess (or table=None)",
                         column="table")


def _how_tables_differ(given: pd.DataFrame, assessed: pd.DataFrame) -> str:
    """Where two tables' frames differ, in words; ``""`` when they are equal."""
    if given.equals(assessed):
        return ""
    if len(given) != len(assessed) or set(given.columns) != set(assessed.columns):
        extra = sorted(set(given.columns) ^ set(assessed.columns))
        return (f"{len(given)} rows against {len(assessed)} in the assessed table"
                + (f", columns {extra} in one only" if extra else ""))

    def same(x: Any, y: Any) -> bool:
        if _missing_cell(x) or _missing_cell(y):  # pd.NA compares as neither
            return _missing_cell(x) and _missing_cell(y)
        return bool(x == y)

    for col in assessed.columns:
        a, b = given[col].to_numpy(dtype=object), assessed[col].to_numpy(dtype=object)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if not same(x, y):
                several = "region" in given and given["region"].nunique() > 1
                region = str(given["region"].iat[i]) if several else ""
                what = (f"{given['indicator_id'].iat[i]} {given['year'].iat[i]} "
                        f"{given['kind'].iat[i]}" + (f" ({region})" if region else ""))
                return f"{col!r} of {what} is {x!r} here, {y!r} in the assessed table"
    return ""  # the same cells, in another column order or with other dtypes


def _missing_cell(x: Any) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


def require_assessment(assessment: Any) -> None:
    """An :class:`InputError` unless ``assessment`` is an :class:`Assessment`."""
    from .results import Assessment

    if not isinstance(assessment, Assessment):
        raise InputError(f"expected an Assessment (from sf.assess), got "
                         f"{type(assessment).__name__}", column="assessment")


def _fan_data(
    assessment: Assessment,
    key: str | tuple[str, str],
    table_frame: pd.DataFrame | None,
    quantiles: np.ndarray | None = None,
) -> _FanData:
    pos = _row_position(assessment, key)
    frame = assessment.to_frame()
    row = cast("dict[str, Any]", frame.iloc[pos].to_dict())
    ty = int(assessment.target_year)
    q = (fan_quantiles(assessment) if quantiles is None else quantiles)[pos]
    if table_frame is not None:
        t = table_frame
        m = (t["region"] == row["region"]) & (t["indicator_id"] == row["indicator_id"])
        sub = t[m]
        if "parent_id" in sub and len(sub):  # the title names a share with its group
            row["parent_id"] = str(sub["parent_id"].iat[0] or "")
        obs = sub[(sub["kind"] != "plan") & (sub["year"] < ty)].copy()
        obs["_rank"] = (obs["kind"] == "actual").astype(int)
        obs = (obs.sort_values(["year", "_rank"], kind="stable")
               .drop_duplicates("year", keep="last"))
        history = obs[["year", "value", "kind"]].reset_index(drop=True)
        plans = (sub[(sub["kind"] == "plan") & (sub["year"] <= ty)][["year", "value"]]
                 .sort_values("year", kind="stable").reset_index(drop=True))
    else:  # without the table, the baseline and the target are all there is
        by, b = row["baseline_year"], row["baseline"]
        has_base = not (pd.isna(by) or pd.isna(b))
        history = pd.DataFrame({"year": [int(by)] if has_base else [],
                                "value": [float(b)] if has_base else [],
                                "kind": ["estimate"] if has_base else []})
        plans = pd.DataFrame({"year": [ty], "value": [float(row["target"])]})
    q = np.asarray(q, float)
    if np.isnan(q[1]) and not np.isnan(q[2]):
        # A multi-year target: the baseline and history are of the yearly indicator it
        # aggregates, another quantity; only the target and its interval are drawn.
        history = history.iloc[0:0]
    return _FanData(row=row, history=history, plans=plans, quantiles=q,
                    multi_region=len(named_regions(frame)) > 1)


def _draw(ax: Axes, data: _FanData, lang: str, *, legend: bool, fontsize: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lab = _LABELS[lang]
    row = data.row
    ty = int(row["target_year"])
    target = float(row["target"])
    q10, q25, q50, q75, q90 = data.quantiles

    if len(data.history):
        ax.plot(data.history["year"].to_numpy(float), data.history["value"].to_numpy(float),
                "o-", color=_HISTORY_COLOUR, lw=1.5, ms=4, label=lab["history"], zorder=4)
    if len(data.plans):
        ax.plot(data.plans["year"].to_numpy(float), data.plans["value"].to_numpy(float),
                "s", mfc="white", mec=_PLAN_COLOUR, mew=1.4, ms=6, ls="none",
                label=lab["plan"], zorder=5)
    if row["direction"] == "band" and float(row["tolerance"]) > 0:
        tol = float(row["tolerance"])
        shown = format_number(tol, lang, _decimals_of(tol)) + (
            (" điểm %" if lang == "vi" else " pp") if row["scale"] == "percent" else "")
        ax.axhspan(target - tol, target + tol, color=_TARGET_COLOUR, alpha=0.08, lw=0,
                   label=lab["tolerance"].format(tol=shown))
    ax.axhline(target, color=_TARGET_COLOUR, ls="--", lw=1.2,
               label=lab["target"].format(year=ty), zorder=3)

    by, b = row["baseline_year"], row["baseline"]
    drawn = not math.isnan(q50) and (math.isnan(q25) or not (pd.isna(by) or pd.isna(b)))
    if not math.isnan(q50) and math.isnan(q25):
        # A multi-year (average or total) target: its 80% interval as a bar at the end year;
        # the yearly history is of another quantity, so no fan is drawn from it.
        b = q50
        ax.errorbar([float(ty)], [q50], yerr=[[q50 - q10], [q90 - q50]], color=_FAN_COLOUR,
                    lw=6, alpha=0.45, capsize=0, label=lab["band80"], zorder=2)
    elif not (math.isnan(q50) or pd.isna(by) or pd.isna(b)):
        x = np.array([float(by), float(ty)])
        b = float(b)
        ax.fill_between(x, [b, q10], [b, q90], color=_FAN_COLOUR, alpha=0.18, lw=0,
                        label=lab["band80"], zorder=1)
        ax.fill_between(x, [b, q25], [b, q75], color=_FAN_COLOUR, alpha=0.35, lw=0,
                        label=lab["band50"], zorder=2)
        ax.plot(x, [b, q50], color=_FAN_COLOUR, lw=1.3, ls=":", zorder=3)
    if drawn:
        ax.plot([float(ty)], [q50], "D", color=_FAN_COLOUR, ms=5, label=lab["median"],
                zorder=5)
        p = row["probability"]
        if not pd.isna(p):
            colour = STATUS_COLOURS.get(str(row["status"]), "#444444")
            # as the page shows it: ">99%", not a certainty of 100%
            ax.annotate(lab["prob"].format(p=_probability(p, lang)),
                        # right-aligned on the target year, the last on the axis: a centred
                        # label ran past the right edge on a long history ("Xác suất đạt 38")
                        xy=(float(ty), q90), xytext=(6, 4), textcoords="offset points",
                        ha="right", va="bottom", fontsize=fontsize, color=colour,
                        fontweight="bold", zorder=6)
        band = float(row["tolerance"]) if row["direction"] == "band" else 0.0
        band = band if band > 0 else 0.0  # a band's shading is drawn whole
        lo = min(q10, target - band, b, *data.history["value"].tolist())
        hi = max(q90, target + band, b, *data.history["value"].tolist())
        pad = 0.12 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.05
        ax.set_ylim(lo - pad, hi + 2 * pad)

    years = [*data.history["year"].tolist(), *data.plans["year"].tolist(), ty]
    ax.set_xlim(min(years) - 0.35, max(years) + 0.35)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(set(years)) == 1:  # one year only (a multi-year target): one tick, on it
        ax.set_xticks([float(ty)])
    if row["scale"] == "count":  # whole communes, not 42.5
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(v, lang)))
    ax.tick_params(labelsize=fontsize)
    # names and units are drawn as printed: "$...$" in them is no formula (US$ twice in a
    # name had stopped the report)
    ax.set_ylabel(str(row["unit"]), fontsize=fontsize, parse_math=False)
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = indicator_label(row, lang, data.multi_region)
    ax.set_title(textwrap.fill(title, _TITLE_WIDTH), loc="left", fontsize=fontsize + 1,
                 parse_math=False)
    if legend:
        ax.legend(fontsize=fontsize - 1, frameon=False, loc="upper center",
                  bbox_to_anchor=(0.5, -0.12), ncol=3)


def _tick(v: float, lang: str) -> str:
    a = abs(v)
    decimals = 0 if a >= 100 or float(v).is_integer() else (1 if a >= 10 else 2)
    s = format_number(v, lang, decimals)
    if lang == "vi" and "," in s:
        s = s.rstrip("0").rstrip(",")
    elif lang == "en" and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def plot_target(
    assessment: Assessment,
    indicator_id: str | tuple[str, str],
    *,
    table: IndicatorTable | pd.DataFrame | str | PathLike[str] | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Fan chart of one target: history, plans, target line and predicted outcome.

    Parameters
    ----------
    assessment : Assessment
        From :func:`sonla_forecast.assess`.
    indicator_id : str or (str, str)
        The target's ``indicator_id``, or ``(region, indicator_id)`` for a table of several
        regions.
    table : IndicatorTable, DataFrame, CSV path or Resolution, optional
        The table the assessment was made from, for the history and past plans. Without it
        the chart shows only the baseline, the target and the forecast.
    ax : matplotlib Axes, optional
        Draw here; default: a new 6.4 x 3.6 inch figure.
    lang : {"en", "vi"}, default "en"
        Language of the labels and the indicator name (``name_en`` / ``name_vi``, falling
        back to the id); numbers on the y axis follow the language's convention.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the chart (``ax.figure`` when ``ax`` is given). Its axes' title is
        the indicator name, followed by `` – region`` when the assessment covers several
        regions (wrapped at 52 characters); its lines are labelled with the legend entries
        (history, plan, target, median).

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install matplotlib``).
    InputError
        If ``indicator_id`` is not in the assessment or ``lang`` is unknown.

    Notes
    -----
    The figure is a plain :class:`matplotlib.figure.Figure`, not registered with pyplot:
    save it with ``fig.savefig("chart.png")``; in a notebook it displays as the cell result.
    The bands are the model's p10-p90 and p25-p75 for the target year, joined to the
    baseline by straight lines.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> table = sf.load_sonla_2025()
    >>> res = sf.assess(table, target_year=2025)
    >>> fig = sf.plot_target(res, "poverty_rate", table=table, lang="vi")
    >>> fig.axes[0].get_title(loc="left")
    'Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025'

    Save it with ``fig.savefig("poverty_rate.png", dpi=150)``.
    """
    _check_lang(lang)
    require_assessment(assessment)
    _require_matplotlib()
    from matplotlib.figure import Figure

    frame = _table_frame(table)
    # another table's plans and history would be drawn beside this forecast (a review: the
    # five-year table put a 2025 plan of 6,250 beside the target line at 4,500)
    require_assessed_table(assessment, table, frame, "plot_target")
    data = _fan_data(assessment, indicator_id, frame)
    if ax is None:
        fig = Figure(figsize=(6.4, 3.6), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure  # type: ignore[assignment]
    _draw(ax, data, lang, legend=True, fontsize=9)
    return fig


def fan_chart_png(
    assessment: Assessment,
    indicator_id: str | tuple[str, str],
    *,
    table: IndicatorTable | pd.DataFrame | None = None,
    lang: str = "en",
    dpi: int = 96,
    size: tuple[float, float] = (5.0, 3.2),
) -> bytes:
    """The fan chart of :func:`plot_target` as PNG bytes (Agg canvas, no pyplot).

    The chart has no legend (the report explains the symbols once above the charts).

    Parameters
    ----------
    assessment, indicator_id, table, lang
        As in :func:`plot_target`.
    dpi : int, default 96
        Resolution; the image is ``size * dpi`` pixels (480 x 307 by default).
    size : (float, float), default (5.0, 3.2)
        Width and height in inches.

    Returns
    -------
    bytes
        A PNG image; the same inputs give the same bytes (no timestamp or software tag is
        written).

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    """
    _check_lang(lang)
    _require_matplotlib()
    return _render_png(_fan_data(assessment, indicator_id, _table_frame(table)), lang, dpi,
                       size)


def _render_png(data: _FanData, lang: str, dpi: int, size: tuple[float, float]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _draw(ax, data, lang, legend=False, fontsize=7.5)
    # Fixed margins: constrained layout would double the drawing time of 34 small charts.
    lines = ax.get_title(loc="left").count("\n") + 1
    top = 1.0 - (0.16 * lines + 0.08) / size[1]
    fig.subplots_adjust(left=0.75 / size[0], right=1.0 - 0.1 / size[0], top=top,
                        bottom=0.3 / size[1])
    buf = io.BytesIO()
    canvas.print_png(buf, metadata={"Software": None})  # no version tag: same bytes
    return buf.getvalue()
