"""Result objects: immutable, typed, and able to show themselves.

Every result has ``summary()`` (readable text; also ``str()``), ``to_frame()`` (a DataFrame
with documented, stable columns) and ``to_dict()`` (plain JSON types with a
``schema_version``; an undefined number is ``None`` and the row's ``reason`` says why).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, cast

import numpy as np
import pandas as pd

from .errors import InputError
from .io.numbers import printed_decimals, round_half_up
from .models.base import Forecast
from .table import IndicatorTable, find_name

__all__ = [
    "ASSESSMENT_COLUMNS",
    "BACKTEST_COLUMNS",
    "SCHEMA_VERSION",
    "Assessment",
    "BacktestResult",
    "TargetAssessment",
    "library_version",
    "vietnamese_sort_key",
]

#: Version of the layout of every ``to_dict()`` of the library (Assessment, BacktestResult,
#: AuditReport, Portfolio); it changes when a key of any of them is renamed or removed, or
#: changes its type or the meaning of its values (the rules: ``docs/reference.md``).
SCHEMA_VERSION = 1


def library_version() -> str:
    """The version of ``sonla_forecast`` that made a result (``sonla_forecast.__version__``),
    written beside :data:`SCHEMA_VERSION` by every ``to_dict()``: the numbers of one schema
    may change with the library's models and their constants.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.results import library_version
    >>> library_version() == sf.__version__
    True
    """
    from . import __version__

    return __version__

#: Columns of :meth:`Assessment.to_frame`, in order, with their meaning (read-only).
ASSESSMENT_COLUMNS: Mapping[str, str] = MappingProxyType({
    "region": "province or other unit ('' where the table names none)",
    "indicator_id": "stable snake_case id",
    "name_vi": "name as printed in the source",
    "name_en": "English name ('' when unknown)",
    "section": "economic / social / environmental, when known",
    "unit": "unit as printed",
    "scale": "percent, level, rate or count: decides the model's transformation",
    "direction": "higher, lower or band: how the target is judged",
    "direction_source": "how the direction was decided: given, override, glossary, name, "
    "plan, default",
    "baseline_year": "year of the latest actual or estimate before the target year",
    "baseline": "that value (unit); of the yearly indicator `of` for a multi-year target",
    "target_year": "year of the target",
    "target": "the plan value (unit); a multi-year target's average or total over "
    "start_year..target_year",
    "horizon": "target_year - baseline_year (years)",
    "n_history": "number of observations (actuals/estimates) before the target year",
    "history_start_year": "first year of the window used for historical change",
    "required_change": "target - baseline (unit; pp for %); a multi-year average: the average "
    "the remaining years need, minus the baseline; none for a multi-year total",
    "required_change_per_year": "required_change / horizon (unit per year; none for a "
    "multi-year target)",
    "required_relative_change": "target / baseline - 1 (fraction; none for a multi-year target)",
    "required_annual_rate": "(target / baseline)^(1/horizon) - 1 (fraction per year); a "
    "multi-year total: the constant yearly growth of `of` that reaches it; none for a "
    "multi-year average",
    "historical_change_per_year": "(baseline - first) / years in window (unit per year)",
    "historical_annual_rate": "compound annual rate over the window (fraction per year)",
    "feasibility_ratio": "required change per year / historical change per year, in the "
    "target's direction (1 = keep the past pace; 0 = already met; none for a growth rate); a "
    "multi-year total: required / historical annual rate (0 where it needs no growth and "
    "history fell no faster than it allows; none where history fell faster); none for a "
    "multi-year average",
    "eurostat_ratio": "historical / required compound annual rate (Eurostat); none for a "
                      "multi-year target",
    "eurostat_verdict": "on track (>= 0.95), moderate progress (>= 0.60), insufficient "
    "progress (>= 0), moving away (< 0); target met when met at the baseline",
    "escap_ratio": "trend-projected change / required change, at the historical annual rate "
    "(UN ESCAP anticipated progress); none for a multi-year target",
    "escap_verdict": "maintain progress (>= 1), accelerate (0-1), reverse trend (<= 0); "
    "target met when met at the baseline",
    "unsd_ratio": "expected / required progress on the linear scale (UNSD progress chart); "
    "none for a multi-year target",
    "unsd_verdict": "substantial progress (>= 0.95), fair progress, acceleration needed "
    "(>= 0.5), limited or no progress (>= -0.1), deterioration; target met when met at the "
    "baseline",
    "partial_period": "the partial-year figure of the target year used: to update the "
    "forecast, or to settle the target where there is none (e.g. M10 = first ten months), '' "
    "if none",
    "partial_value": "that figure (unit; missing if none)",
    "model": "name of the trajectory model behind probability and quantiles (the one that "
    "stood in where the model asked for could not forecast the series; '' where none ran)",
    "threshold": "the outcome that just meets the target at the precision the indicator is "
    "printed with (unit; the target itself for band targets)",
    "tolerance": "half-width of a band target (unit; 0 for higher/lower targets)",
    "probability": "probability that the target is met (0-1)",
    "outcome_p10": "10% quantile of the predicted outcome (unit)",
    "outcome_p50": "median predicted outcome (unit)",
    "outcome_p90": "90% quantile of the predicted outcome (unit)",
    "status": "met already, at risk (met now, may slip), on track, needs acceleration, "
    "unlikely, or cannot assess; read from the probability rounded half up to two decimals, "
    "as printed (0.695 is on track)",
    "reason": "why a number is undefined or how a special case was handled ('' if none)",
    "source": "source of the target assessed",
    "revisions": "the versions of the target, oldest first, as 'value (source) -> ...' "
    "('' when there is one); the last is in force unless assess(plan_source=...) chose another",
    "aggregate": "'' for a one-year target; mean or sum for a multi-year target on the yearly "
    "values of `of` (data_format.md; the mean of a growth rate is its average annual rate)",
    "of": "with aggregate: the yearly indicator averaged or added ('' else)",
    "start_year": "with aggregate: first year of the period (missing else)",
})

_SUMMARY_COLUMNS = [
    ("indicator_id", "indicator", 28),
    ("unit", "unit", 9),
    ("baseline", "baseline", 9),
    ("target", "target", 9),
    ("required_change_per_year", "need/yr", 9),
    ("historical_change_per_year", "past/yr", 9),
    ("feasibility_ratio", "feas.", 6),
    ("probability", "P(met)", 6),
    ("outcome_p10", "p10", 9),
    ("outcome_p90", "p90", 9),
    ("status", "status", 18),
]


#: Summary columns that hold a value of the indicator itself (whole numbers for a count).
_VALUE_COLUMNS = ("baseline", "target", "outcome_p10", "outcome_p90")


def _fmt(v: Any, width: int, *, fixed: bool = False, whole: bool = False,
         as_typed: bool = False) -> str:
    """A cell of the summary, at most ``width`` characters.

    A number is never cut: one too wide gets fewer significant digits (``3.34e+07``), and one
    below 0.01 keeps two of them (``0.00093``) unless ``fixed`` (probabilities, whose status
    is read from two decimals). ``whole``: a whole number prints without decimals (a count's
    values). ``as_typed``: a figure of the table (a baseline, a target) keeps up to four
    decimals it was written with where they fit (8.172 beside a target of 8.17 printed 8.17).
    Text longer than ``width`` ends in an ellipsis.
    """
    if isinstance(v, (float, np.floating)):
        x = float(v)
        a = abs(x)
        if math.isnan(x):
            return "-"
        if whole and x.is_integer() and a < 1e5:
            return f"{x:.0f}"

        def fixed_at(d: int) -> str:
            # half away from zero on the number as written, as the report rounds (5.225 is
            # 5.23 in both, not 5.22 here); a probability as its status reads it: 0.295 is 0.30
            return f"{float(round_half_up(x, d)):.{d}f}"

        typed = int(printed_decimals(np.array([x]), max_decimals=4)[0]) if as_typed else 0
        usual = 0 if a >= 1e5 else 1 if a >= 100 else 2
        if as_typed and a >= 0.01 and typed > usual and len(fixed_at(typed)) <= width:
            s = fixed_at(typed)
        elif a >= 1e5:  # no thousands separator: a comma is the decimal mark in Vietnamese
            s = fixed_at(0)
        elif a >= 100:
            s = fixed_at(1)
        elif fixed or a >= 0.01 or a == 0:
            s = fixed_at(2)
        else:
            s = f"{x:.2g}"
        if len(s) > width and a >= 1:
            s = f"{x:.0f}"  # 33412345 rather than 3.341e+07 where it fits
        for digits in range(4, 0, -1):  # still too wide: fewer significant digits
            if len(s) <= width:
                break
            s = f"{x:.{digits}g}"
        return s
    s = str(v)
    if len(s) > width:
        s = s[: width - 1] + "…"
    return s


def _text_table(records: list[dict[Any, Any]], columns: list[tuple[str, str, int]],
                cell: Callable[[dict[Any, Any], str, int], str], *, left: tuple[str, ...],
                head_left: tuple[str, ...] | None = None, rule: bool = True) -> list[str]:
    """A fixed-width text table: the titles of ``columns`` (column, title, width), a rule
    (unless ``rule`` is False), and one line per record of the cells ``cell(record, column,
    width)`` gives, those of ``left`` aligned left (``head_left`` for the titles, default
    ``left``), the others right."""
    head_left = left if head_left is None else head_left
    header = " ".join(f"{title:<{w}}" if col in head_left else f"{title:>{w}}"
                      for col, title, w in columns)
    lines = [header, "-" * len(header)] if rule else [header]
    for rec in records:
        cells = []
        for col, _, w in columns:
            s = cell(rec, col, w)
            cells.append(f"{s:<{w}}" if col in left else f"{s:>{w}}")
        lines.append(" ".join(cells).rstrip())
    return lines


def _option_text(value: Any) -> str:
    """An option as the summary names it: a float without its binary noise (0.3, not
    0.30000000000000004), text quoted."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return repr(value) if isinstance(value, str) else str(value)


def _sorted(f: pd.DataFrame, sort_by: str | None) -> pd.DataFrame:
    """``f`` sorted by a column or a printed title of the summary (ascending, stable;
    ``"status"`` best first), or ``f`` itself when ``sort_by`` is None."""
    if sort_by is None:
        return f
    titles = {title: col for col, title, _ in _SUMMARY_COLUMNS}
    col = sort_by if sort_by in f.columns else titles.get(sort_by)
    if col is None:
        raise InputError(
            f"cannot sort by {sort_by!r}: not a column; expected one of "
            f"{', '.join(f.columns)} (or a printed title: {', '.join(titles)})",
            column="sort_by", value=sort_by,
        )
    if col == "status":  # best first (report.STATUS_ORDER), not alphabetical
        from .report import STATUS_ORDER

        rank = {st: i for i, st in enumerate(STATUS_ORDER)}
        return f.sort_values(col, kind="stable",
                             key=lambda c: c.map(lambda st: rank.get(st, len(rank))))
    if f[col].map(lambda v: isinstance(v, str)).all():
        return f.sort_values(col, kind="stable", key=lambda c: c.map(vietnamese_sort_key))
    return f.sort_values(col, kind="stable")


#: Vietnamese alphabetical order of the letters (a, ă, â, ..., đ after d, ơ after ô, ư after u).
_VI_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_RANK = {c: i for i, c in enumerate(_VI_LETTERS)}
#: Tone marks (NFD), ranked as dictionaries order them after the unmarked tone: huyền, hỏi,
#: ngã, sắc, nặng.
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """A key that orders Vietnamese names as a reader looks them up: by letter in the
    Vietnamese alphabet (ă, â after a; đ after d), then by tone, then as written.

    Code-point order puts "Lào Cai" before "Lạng Sơn" and "Điện Biên" after "Yên Bái"; this
    key puts them as the alphabet does.

    Parameters
    ----------
    text : str
        A name (any case, composed or decomposed diacritics).

    Returns
    -------
    tuple
        Letter ranks, then tone ranks, then the text itself (a tie-break).

    Examples
    --------
    >>> from sonla_forecast.results import vietnamese_sort_key
    >>> sorted(["Yên Bái", "Lào Cai", "Điện Biên", "Lạng Sơn", "Lai Châu", "Thanh Hóa",
    ...         "Thái Nguyên", "Đắk Lắk", "Cà Mau"], key=vietnamese_sort_key)
    ['Cà Mau', 'Đắk Lắk', 'Điện Biên', 'Lai Châu', 'Lạng Sơn', 'Lào Cai', 'Thái Nguyên', \
'Thanh Hóa', 'Yên Bái']
    """
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text).lower():
        parts = unicodedata.normalize("NFD", ch)
        tone = sum(_VI_TONES.get(m, 0) for m in parts)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _VI_TONES))
        primary.append((1, _VI_RANK[base]) if base in _VI_RANK else (0, ord(base[0])))
        tones.append(tone)
    return tuple(primary), tuple(tones), text


def _score(v: float, decimals: int) -> str:
    """A score at a fixed number of decimals ("-" when undefined): two scores of one column
    compare digit by digit (0.0175 and 0.0142, not 0.02 and 0.01)."""
    return "-" if math.isnan(v) else f"{v:.{decimals}f}"


#: A backtest's score columns as its text table shows them: (column, title, width,
#: decimals), decimals None for a count.
_SCORE_COLUMNS = (("method", "method", 16, None), ("kind", "kind", 8, None), ("n", "n", 4, None),
                  ("n_met", "met", 4, None), ("brier", "Brier", 7, 3), ("log_score", "log", 7, 3),
                  ("pinball", "pinball", 8, 4), ("coverage_80", "cov80", 6, 3))


def _score_lines(scores: pd.DataFrame, groups: Sequence[str]) -> list[str]:
    """A backtest's score table as aligned lines, its ``groups`` columns first."""
    decimals = {c: d for c, _, _, d in _SCORE_COLUMNS if d is not None}
    # (a group's column one wider: two spaces before the next)
    columns = [(g, g, 1 + max([len(g), *(len(str(v)) for v in scores[g])])) for g in groups]
    columns += [(c, title, w) for c, title, w, _ in _SCORE_COLUMNS]
    return _text_table(
        scores.to_dict("records"), columns,
        lambda r, c, w: _score(r[c], decimals[c]) if c in decimals else str(r[c]),
        left=(*groups, "method", "kind"), rule=False)


def expected_by_region(frame: pd.DataFrame) -> list[tuple[str, float, int]]:
    """Per named region of an assessment's frame, in order of appearance: the expected number
    of its targets met (the sum of their probabilities) and how many it has assessed.

    Examples
    --------
    >>> import pandas as pd
    >>> from sonla_forecast.results import expected_by_region
    >>> expected_by_region(pd.DataFrame({"region": ["A", "B", "A"],
    ...                                  "probability": [0.5, float("nan"), 0.25]}))
    [('A', 0.75, 2), ('B', 0.0, 0)]
    """
    p = frame["probability"].to_numpy(dtype=np.float64)
    region = frame["region"].astype(str).to_numpy(dtype=object)
    out = []
    for r in dict.fromkeys(region):
        if r:
            pr = p[region == r]
            out.append((str(r), float(np.nansum(pr)), int((~np.isnan(pr)).sum())))
    return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(v, np.bool_):
        return bool(v)
    return v


class _ReadOnlyDict(dict[str, Any]):
    """A dict that refuses changes (copies, pickles and ``dataclasses.asdict`` still work)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("an assessment's data cannot be changed; copy it with dict(...)")

    __setitem__ = __delitem__ = _refuse  # type: ignore[assignment]
    update = pop = popitem = clear = setdefault = __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_ReadOnlyDict, (dict(self),))


@dataclass(frozen=True, eq=False)
class TargetAssessment:
    """The assessment of one target: one row of :class:`Assessment`.

    Attributes are the columns listed in :data:`ASSESSMENT_COLUMNS`; ``data`` holds them in a
    read-only mapping. Two assessments are equal only if they are the same object (compare
    ``to_dict()`` for equal contents).
    """

    data: Mapping[str, Any]
    #: The column types of the assessment the row came from, so that :meth:`to_frame` gives
    #: the row as :meth:`Assessment.to_frame` does; empty for a row built otherwise.
    _dtypes: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _ReadOnlyDict(self.data))
        object.__setattr__(self, "_dtypes", _ReadOnlyDict(self._dtypes))

    def __getattr__(self, name: str) -> Any:
        # "data" itself and special names are not columns (copy and pickle look them up
        # before data exists).
        if name == "data" or name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> list[str]:
        # the columns are attributes: dir() and tab completion list them
        return sorted({*super().__dir__(), *self.data})

    def __repr__(self) -> str:
        p = self.data.get("probability", float("nan"))
        p_txt = "nan" if p != p else _fmt(p, 6, fixed=True)
        return f"TargetAssessment(indicator_id={self.data['indicator_id']!r}, p={p_txt})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN -> None)."""
        return {k: _jsonable(v) for k, v in self.data.items()}

    def to_frame(self) -> pd.DataFrame:
        """The target as a one-row DataFrame: its row of :meth:`Assessment.to_frame`, with the
        same columns and types, indexed 0.

        Examples
        --------
        >>> import sonla_forecast as sf
        >>> res = sf.assess(sf.load_sonla_2025(), target_year=2025)
        >>> res["poverty_rate"].to_frame()[["indicator_id", "baseline", "target"]]
           indicator_id  baseline  target
        0  poverty_rate     11.17    8.17
        """
        row = pd.DataFrame([dict(self.data)], columns=list(self.data))
        return row.astype({k: v for k, v in self._dtypes.items() if k in self.data})

    def summary(self) -> str:
        """A few lines naming the target, the growth needed and the probability."""
        d = self.data
        whole = d.get("scale") == "count"
        lines = [
            f"{d['name_vi'] or d['indicator_id']} ({d['indicator_id']}, {d['unit']})"
            + (f" - {d['region']}" if d.get("region") else ""),
            (f"  {d['baseline_year']}: {_fmt(d['baseline'], 12, whole=whole, as_typed=True)}"
             if d.get("baseline_year") is not None else "  no baseline")
            + f" -> target {d['target_year']}: {_fmt(d['target'], 12, whole=whole, as_typed=True)} "
            f"({d['direction']})",
            f"  needs {_fmt(d['required_change_per_year'], 12)} per year; history gave "
            f"{_fmt(d['historical_change_per_year'], 12)} per year "
            f"(feasibility ratio {_fmt(d['feasibility_ratio'], 8)})",
            f"  P(met) = {_fmt(d['probability'], 6, fixed=True)}; outcome 80% interval "
            f"[{_fmt(d['outcome_p10'], 12, whole=whole)}, "
            f"{_fmt(d['outcome_p90'], 12, whole=whole)}]; status: {d['status']}",
        ]
        if d.get("reason"):
            lines.append(f"  note: {d['reason']}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True, eq=False)
class Assessment:
    """The assessment of every target of a table for one target year.

    Build it with :func:`sonla_forecast.assess`. Index it by ``indicator_id`` (or by
    ``(region, indicator_id)``) to get a :class:`TargetAssessment`. Two assessments are equal
    only if they are the same object (compare ``to_dict()`` for equal contents).

    Attributes
    ----------
    target_year : int
    model : str
        The trajectory model used for ``probability`` and the quantiles.
    level : float
        Central coverage of ``outcome_p10``-``outcome_p90`` (0.8).
    notes : tuple of str
        Assumptions worth stating (e.g. inferred directions).
    forecast : Forecast or None
        The model's predictive distribution of the outcome, one series per assessed one-year
        target (see ``forecast_rows``; a multi-year target's average or total is simulated from
        its base indicator's paths and has none); ``None`` when no row could be modelled. It
        answers ``quantiles``, ``cdf``, ``draws`` and ``prob_meets`` for other targets of the
        same year.
    forecast_rows : tuple of int
        Positions (in ``to_frame()``) of the rows ``forecast`` describes, in its order.
    model_settings : str
        The model's settings that differ from its defaults, as ``"damping=0.5"``; ``""`` for
        the model as shipped (the default model, or another by name).
    table : IndicatorTable or None
        The table the assessment was made from (``None`` for one built otherwise):
        :func:`~sonla_forecast.render_html` checks that it is given this table.
    options : Mapping
        The options of :func:`~sonla_forecast.assess` that move its numbers besides the model:
        ``window``, ``band_tolerance``, ``plan_source`` (``None`` where not given) and ``rng``
        (the seed given, ``"generator"`` for a random generator, ``None`` for the default
        seed); read-only, written into :meth:`to_dict`.
    """

    _frame: pd.DataFrame = field(repr=False)
    target_year: int
    model: str
    level: float = 0.8
    notes: tuple[str, ...] = field(default=())
    forecast: Forecast | None = field(default=None, repr=False, compare=False)
    forecast_rows: tuple[int, ...] = field(default=(), repr=False, compare=False)
    model_settings: str = ""
    table: IndicatorTable | None = field(default=None, repr=False, compare=False)
    options: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_frame", self._frame.copy())
        object.__setattr__(self, "options", _ReadOnlyDict(self.options))

    @property
    def frame(self) -> pd.DataFrame:
        """The result table (a copy: the assessment itself cannot be changed)."""
        return self._frame.copy()

    def __len__(self) -> int:
        return len(self._frame)

    def __iter__(self) -> Iterator[TargetAssessment]:
        dtypes = cast("dict[str, Any]", self._frame.dtypes.to_dict())
        for rec in cast("list[dict[str, Any]]", self._frame.to_dict("records")):
            yield TargetAssessment(rec, dtypes)

    def _rows_of(self, key: object) -> list[int] | None:
        """Positions of the rows an id or a ``(region, id)`` key names (names compared as the
        reader does, :func:`~sonla_forecast.table.find_name`: ``Hoà Bình`` finds ``Hòa
        Bình``); None for any other key."""
        regions, ids, by_pair, by_id = self._index
        if isinstance(key, tuple) and len(key) == 2:
            pair = (find_name(key[0], regions), find_name(key[1], ids))
            try:
                return by_pair.get(pair, [])
            except TypeError:  # an unhashable part names no row
                return []
        if isinstance(key, str):
            return by_id.get(find_name(key, ids), [])
        return None

    @cached_property
    def _index(self) -> tuple[tuple[str, ...], tuple[str, ...],
                              dict[tuple[Any, Any], list[int]], dict[Any, list[int]]]:
        """The distinct regions and ids, and the rows of each (region, id) and id, built once:
        a loop over ``res[key]`` would otherwise read the whole frame for each key."""
        f = self._frame
        by_pair: dict[tuple[Any, Any], list[int]] = {}
        by_id: dict[Any, list[int]] = {}
        for i, pair in enumerate(zip(f["region"], f["indicator_id"], strict=True)):
            by_pair.setdefault(pair, []).append(i)
            by_id.setdefault(pair[1], []).append(i)
        return (tuple(dict.fromkeys(f["region"].astype(str))),
                tuple(dict.fromkeys(f["indicator_id"].astype(str))), by_pair, by_id)

    def __contains__(self, key: object) -> bool:
        """``"poverty_rate" in res``: is there a target with this id (or (region, id))?"""
        return bool(self._rows_of(key))

    def __getitem__(self, key: str | tuple[str, str]) -> TargetAssessment:
        rows = self._rows_of(key)
        if rows is None:
            raise KeyError(f"{key!r}: index by an indicator_id or (region, indicator_id)")
        if len(rows) == 0:
            raise KeyError(f"no target {key!r} for {self.target_year}")
        if len(rows) > 1:
            raise KeyError(f"{key!r} is in several regions; index by (region, indicator_id)")
        return TargetAssessment(cast("dict[str, Any]", self._frame.iloc[rows[0]].to_dict()),
                                cast("dict[str, Any]", self._frame.dtypes.to_dict()))

    def __repr__(self) -> str:
        p = self._frame["probability"]
        return (f"Assessment(target_year={self.target_year}, targets={len(self)}, "
                f"model={self.model!r}, expected_met={np.nansum(p):.1f})")

    def plot(
        self,
        indicator_id: str | tuple[str, str],
        *,
        table: Any = None,
        ax: Any = None,
        lang: str = "en",
    ) -> Any:
        """Fan chart of one target (needs matplotlib: ``pip install matplotlib``).

        See :func:`sonla_forecast.plot.plot_target`, which this calls with ``self``.

        Parameters
        ----------
        indicator_id : str or (str, str)
            The target's ``indicator_id``, or ``(region, indicator_id)`` for a table of several
            regions.
        table : IndicatorTable, DataFrame, CSV path or Resolution, optional
            The table the assessment was made from, for the history and past plans. Without it
            the chart shows only the baseline, the target and the forecast.
        ax : matplotlib Axes, optional
            Draw here; default: a new 6.4 x 3.6 inch figure.
        lang : {"en", "vi"}, default "en"
            Language of the labels and the indicator name.

        Returns
        -------
        matplotlib.figure.Figure
            The figure holding the chart (``ax.figure`` when ``ax`` is given).

        Raises
        ------
        ImportError
            If matplotlib is not installed.
        InputError
            If ``indicator_id`` is not in the assessment or ``lang`` is unknown.
        """
        from .plot import plot_target

        return plot_target(self, indicator_id, table=table, ax=ax, lang=lang)

    def to_frame(self, sort_by: str | None = None) -> pd.DataFrame:
        """One row per (region, indicator_id); the columns of :data:`ASSESSMENT_COLUMNS`.

        Parameters
        ----------
        sort_by : str, optional
            Sort as :meth:`summary` does (a column or printed title, ascending; ``"status"``
            best first); default table order. The index is kept (the table order).
        """
        return _sorted(self._frame, sort_by).copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"schema_version", "target_year", "model", "model_settings", "level",
        "notes", "columns", "targets": [{column: value}, ...], "options", "library_version"}``
        (``options``: see the class's attributes); NaN becomes ``None``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "target_year": int(self.target_year),
            "model": self.model,
            "model_settings": self.model_settings,
            "level": float(self.level),
            "notes": list(self.notes),
            "columns": dict(ASSESSMENT_COLUMNS),
            "targets": [
                {k: _jsonable(v) for k, v in rec.items()}
                for rec in self._frame.to_dict("records")
            ],
            "options": {k: _jsonable(v) for k, v in self.options.items()},
            "library_version": library_version(),
        }

    def summary(self, sort_by: str | None = None) -> str:
        """A readable text table, one line per target, then the status counts.

        Parameters
        ----------
        sort_by : str, optional
            A column of :meth:`to_frame` to sort by (ascending), e.g. ``"probability"``, or
            the printed title of one (``"P(met)"``); ``"status"`` sorts best first (met
            already, on track, at risk, needs acceleration, unlikely, cannot assess), a column
            of text (``"region"``, ``"name_vi"``) in the Vietnamese alphabet
            (:func:`vietnamese_sort_key`: Lai Châu, Lạng Sơn, Lào Cai); default table order.

        Raises
        ------
        InputError
            If ``sort_by`` is neither a column nor a printed title.

        Notes
        -----
        A table with more than one region gets a ``region`` column first.
        """
        f = _sorted(self._frame, sort_by)
        # The indicator (and region) columns are as wide as their longest value: none is cut.
        id_width = max([len(str(i)) for i in f["indicator_id"]] + [_SUMMARY_COLUMNS[0][2]])
        columns = [(_SUMMARY_COLUMNS[0][0], _SUMMARY_COLUMNS[0][1], id_width),
                   *_SUMMARY_COLUMNS[1:]]
        if f["region"].nunique() > 1:
            columns.insert(0, ("region", "region", max(len(str(r)) for r in f["region"])))
        # the options that move the numbers, where given (the history a window kept, say)
        given = [f"{k}={_option_text(v)}" for k, v in self.options.items()
                 if k != "rng" and v is not None and v != ""]
        lines = [f"Targets for {self.target_year}: {len(f)}; model {self.model!r}; "
                 + "".join(f"{g}; " for g in given)
                 + f"outcome interval p10-p90 ({self.level:.0%})"]
        lines += _text_table(
            f.to_dict("records"), columns,
            lambda rec, col, w: _fmt(rec[col], w, fixed=col == "probability",
                                     whole=rec.get("scale") == "count" and col in _VALUE_COLUMNS,
                                     as_typed=col in ("baseline", "target")),
            left=("region", "indicator_id", "status"), head_left=("region", "indicator_id"))
        p = f["probability"].to_numpy(dtype=float)
        counts = f["status"].value_counts()
        lines.append("")
        lines.append(
            f"Expected number of targets met: {np.nansum(p):.1f} of {int((~np.isnan(p)).sum())} "
            "assessed (sum of probabilities)."
        )
        lines.append("Status: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        multi = f["region"].nunique() > 1
        if multi:  # each region's expected count beside the total, as the report gives it
            lines.append("By region: " + "; ".join(
                f"{r} {e:.1f} of {n}" for r, e, n in expected_by_region(f)))
        # What the table's columns do not show: figures of the year and revised targets.
        names = [f"{r}/{i}" if multi else str(i) for r, i in zip(f["region"], f["indicator_id"],
                                                                  strict=True)]
        partial = [f"{n} ({per})" for n, per in zip(names, f["partial_period"], strict=True)
                   if per]
        if partial:
            lines.append("Year-to-date figures used: " + ", ".join(partial)
                         + " (columns partial_period, partial_value)")
        revised = [n for n, r in zip(names, f["revisions"], strict=True) if r]
        if revised:
            lines.append("Targets with more than one version: " + ", ".join(revised)
                         + " (column revisions)")
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


_BACKTEST_COLUMNS: dict[str, dict[str, str]] = {
    "predictions": {
        "target_year": "the year predicted, from the rows that existed before it began",
        "region": "province or other unit ('' where the table names none)",
        "indicator_id": "stable snake_case id",
        "method": "a model (sonla_forecast.models) or a baseline (sonla_forecast.assess.BASELINES)",
        "kind": "model or baseline",
        "scale": "the indicator's scale: percent, level, count or rate",
        "baseline": "latest actual or estimate before the target year (unit)",
        "target": "the plan in force when the year began (unit)",
        "probability": "predicted probability that the target is met (0-1)",
        "outcome_p10": "10% quantile of the predicted outcome (unit; null for baselines)",
        "outcome_p50": "median of the predicted outcome (unit; null for baselines)",
        "outcome_p90": "90% quantile of the predicted outcome (unit; null for baselines)",
        "outcome": "the year's actual, else its estimate (unit)",
        "met": "whether the outcome met the target, judged as assess judges it",
        "reason": "why probability is null: the method could not predict this target (as "
        "assess says it; the trend baseline needs two observations before the year); '' "
        "where it predicted",
    },
    "scores": {
        "method": "as in predictions",
        "kind": "model or baseline",
        "n": "target/outcome pairs scored",
        "n_met": "of them, targets met",
        "brier": "mean Brier score of probability against met (lower is better)",
        "log_score": "mean negative log-likelihood, natural log, probabilities clipped to "
        "[1e-6, 1 - 1e-6] (lower is better)",
        "pinball": "mean pinball loss at 10/50/90% of outcome / baseline (outcome / 100 for a "
        "percentage or a growth rate in %, either of which may sit near 0); null for baselines",
        "coverage_80": "share of outcomes inside the 10-90% interval, ends included to float "
        "precision, a percentage at 0 or 100 taken 0.01 inside the bound as the models hold it "
        "(a calibrated count model covers at least 80% with its whole-number ends); null for "
        "baselines",
    },
    "reliability": {
        "bin_lower": "lower edge of the bin of predicted probability",
        "bin_upper": "upper edge",
        "n": "predictions in the bin",
        "mean_predicted": "their mean predicted probability (null if none)",
        "observed_frequency": "share of them met (null if none)",
    },
}
#: Meaning of the keys of :meth:`BacktestResult.to_dict` (its ``columns`` block), per table
#: (read-only).
BACKTEST_COLUMNS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {k: MappingProxyType(v) for k, v in _BACKTEST_COLUMNS.items()})


#: The columns :meth:`BacktestResult.scores_by` groups the targets by.
_SCORES_BY_COLUMNS = ("target_year", "region", "scale", "indicator_id")


@dataclass(frozen=True, eq=False)
class BacktestResult:
    """Scores of a rolling-origin backtest: build it with :func:`sonla_forecast.backtest`.

    Its tables are read through properties that return copies, so the result cannot be
    changed; two results are equal only if they are the same object.

    Attributes
    ----------
    predictions : DataFrame
        One row per (target_year, region, indicator_id, method), those four columns first:
        ``kind`` (model or baseline), ``scale`` (the indicator's), ``baseline``, ``target``,
        ``probability``, ``outcome_p10/p50/p90`` (NaN for baselines, which give no
        quantiles), ``outcome``, ``met``, ``reason`` (why ``probability`` is NaN; ``""``
        where the method predicted). :data:`BACKTEST_COLUMNS` describes each.
    scores : DataFrame
        One row per method: ``n`` pairs, ``n_met``, ``brier``, ``log_score`` (natural log,
        probabilities clipped as in :func:`sonla_forecast.scoring.log_score`), ``pinball``
        (mean pinball loss of outcome / baseline at 10/50/90%, of outcome / 100 for a
        percentage or a growth rate in % (scales ``percent``, ``rate``), either of which may sit
        near 0; models only) and
        ``coverage_80`` (share of outcomes inside the 10-90% interval; models only).
    reliability : dict of DataFrame
        Per method, predicted probability vs observed frequency in 5 bins.
    model : str
        The model under test.
    target_years : tuple of int
    notes : tuple of str
        Years or models skipped and why, a model's non-default settings, models that let
        another stand in for some series, and figures dated after the year they were used for.
    pairs : {"common", "each"}
        ``"common"``: every method scored on the same pairs; ``"each"``: every method on the
        pairs it could predict (see :func:`sonla_forecast.backtest`).
    """

    _predictions: pd.DataFrame = field(repr=False)
    _scores: pd.DataFrame = field(repr=False)
    _reliability: dict[str, pd.DataFrame] = field(repr=False)
    model: str
    target_years: tuple[int, ...]
    notes: tuple[str, ...] = field(default=())
    pairs: str = "common"

    def __post_init__(self) -> None:
        # Copies in, copies out: the result cannot be changed through what it was built from
        # or what it hands out.
        object.__setattr__(self, "_predictions", self._predictions.copy())
        object.__setattr__(self, "_scores", self._scores.copy())
        object.__setattr__(self, "_reliability",
                           {m: f.copy() for m, f in self._reliability.items()})

    @property
    def predictions(self) -> pd.DataFrame:
        """The per-target predictions (a copy)."""
        return self._predictions.copy()

    @property
    def scores(self) -> pd.DataFrame:
        """The score table (a copy)."""
        return self._scores.copy()

    @property
    def reliability(self) -> dict[str, pd.DataFrame]:
        """The reliability tables per method (copies)."""
        return {m: f.copy() for m, f in self._reliability.items()}

    def __repr__(self) -> str:
        # n: the pairs the model under test was scored on (with pairs="common", every method's).
        n = dict(zip(self._scores["method"], self._scores["n"].astype(int), strict=True))
        return (f"BacktestResult(model={self.model!r}, years={list(self.target_years)}, "
                f"pairs={self.pairs!r}, n={n.get(self.model, 0)})")

    def to_frame(self) -> pd.DataFrame:
        """The per-target predictions (a copy)."""
        return self._predictions.copy()

    def scores_by(self, by: str | Sequence[str]) -> pd.DataFrame:
        """The scores of :attr:`scores` computed within each group of targets.

        Parameters
        ----------
        by : str or sequence of str
            One or more of ``"target_year"``, ``"region"``, ``"scale"`` and
            ``"indicator_id"``.

        Returns
        -------
        DataFrame
            The ``by`` columns, then the columns of :attr:`scores`: one row per group and
            method that gave a probability in it, groups in the order they first appear in
            :attr:`predictions`, methods in the order of :attr:`scores`. With
            ``pairs="common"`` the methods of one group share its pairs. A group holds few
            pairs: its scores say less than the overall ones.

        Raises
        ------
        InputError
            If ``by`` names another column, or none.

        Examples
        --------
        >>> import sonla_forecast as sf
        >>> bt = sf.backtest(sf.datasets.load_sonla_history(), target_years=[2024])
        >>> by_scale = bt.scores_by("scale")
        >>> list(by_scale.columns[:3])
        ['scale', 'method', 'kind']
        >>> int(by_scale.loc[by_scale["method"] == "drift", "n"].sum()) == int(
        ...     bt.scores.loc[bt.scores["method"] == "drift", "n"].iat[0])
        True
        """
        from .assess import _method_scores

        cols = [by] if isinstance(by, str) else list(by)
        bad = [c for c in cols if c not in _SCORES_BY_COLUMNS]
        if bad or not cols or len(set(cols)) < len(cols):
            raise InputError(
                f"by must name one or more different columns of {', '.join(_SCORES_BY_COLUMNS)}, "
                f"got {by!r}", column="by", value=by)
        given = self._predictions[~self._predictions["probability"].isna()]
        order = list(self._scores["method"])
        parts = []
        for key, group in given.groupby(cols, sort=False):
            scores = _method_scores(group, order)
            for col, value in zip(cols, key if isinstance(key, tuple) else (key,), strict=True):
                scores[col] = cast(Any, value)
            parts.append(scores)
        frame = pd.concat(parts, ignore_index=True)
        return frame[[*cols, *(c for c in frame.columns if c not in cols)]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"schema_version", "model", "target_years", "pairs", "notes",
        "columns", "scores", "reliability", "predictions", "library_version"}``; ``columns`` is
        :data:`BACKTEST_COLUMNS`; NaN becomes ``None``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "model": self.model,
            "target_years": [int(y) for y in self.target_years],
            "pairs": self.pairs,
            "notes": list(self.notes),
            "columns": {k: dict(v) for k, v in BACKTEST_COLUMNS.items()},
            "scores": [{k: _jsonable(v) for k, v in r.items()}
                       for r in self._scores.to_dict("records")],
            "reliability": {m: [{k: _jsonable(v) for k, v in r.items()}
                                for r in f.to_dict("records")]
                            for m, f in self._reliability.items()},
            "predictions": [{k: _jsonable(v) for k, v in r.items()}
                            for r in self._predictions.to_dict("records")],
            "library_version": library_version(),
        }

    def summary(self, by: str | Sequence[str] | None = None) -> str:
        """The score table as text, with the number of target/outcome pairs.

        Parameters
        ----------
        by : str or sequence of str, optional
            Also the scores within each group of targets, as :meth:`scores_by` gives them.
        """
        years = ", ".join(str(y) for y in self.target_years)
        lines = [f"Backtest of {self.model!r} on target years {years}", "",
                 *_score_lines(self._scores, [])]
        lines.append("")
        lines.append("Brier and log score: lower is better. pinball: of outcome / baseline "
                     "(of outcome / 100 for a percentage or a growth rate in %).")
        lines.append("Pairs: the same for every method." if self.pairs == "common" else
                     "Pairs: each method on the targets it could predict (n differs).")
        if by is not None:
            cols = [by] if isinstance(by, str) else list(by)
            lines.extend(["", f"Scores by {', '.join(cols)} (a group's few pairs say less "
                          "than all of them):", "",
                          *_score_lines(self.scores_by(cols), cols)])
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
