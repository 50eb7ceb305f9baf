"""Checks on a resolution's own arithmetic.

A plan resolution prints figures that constrain each other: the ratio columns ("UTH 2024 so
với thực hiện 2023 (%)") must follow from the value columns, the shares of a composition
("Cơ cấu kinh tế") must add up to 100, and a target for a "higher is better" indicator is
odd when it sits below the figure already reached. :func:`audit` runs these checks over the
tidy table (and the published ratios) and returns an :class:`AuditReport` of
:class:`Finding` records. It only reads the two frames: no files, no printing.

Checks, in the order findings are reported:

``ratio_mismatch`` (error)
    A published ratio differs from :math:`100 \\, x_{num} / x_{den}` recomputed from the
    table by more than half a unit in its last printed decimal, beyond what the rounding of the
    two figures allows.
``ratio_unverifiable`` (info)
    A published ratio whose numerator or denominator is not in the table (or is not > 0).
``ratio_in_points`` (info)
    A "ratio" cell of a percentage or a growth rate that is no ratio but the change in points,
    :math:`x_{num} - x_{den}` within the rounding (a GRDP growth row printing 5,55 for 0,75 to
    6,30): not checked as a ratio, and said so.
``composition_sum`` (error)
    The % children of a value-less group header (their ``parent_id``; for the economic
    structure's shares, known by their ids, :data:`KNOWN_COMPOSITIONS`, without one) do not sum
    to 100 within rounding; some of a known group's shares only (agriculture, industry and
    services without product taxes) sum to more than 100 beyond their rounding (less is what
    the absent shares leave). Children with a ``higher``/``lower`` direction, or whose sums are
    nowhere near 100 (more than :data:`COMPOSITION_PLAUSIBLE` points off in every year), are
    rates, not shares: skipped.
``composition_incomplete`` (info)
    A year (and kind) in which some of a composition's shares have a figure and others none,
    while another year has them all: that year's shares cannot be summed, and say so.
``header_figures`` (warning)
    A structure's heading in % ("Cơ cấu ...", or a group of :data:`KNOWN_COMPOSITIONS`) with
    figures of its own, whose % children (shares, as for
    ``composition_sum``) sum to 100 only with the heading's figures added, in every year they
    are all given: most often a share whose name line was lost, so that its figures were read
    as the heading's.
``target_below_current`` (warning)
    A plan below the latest actual/estimate for a ``higher`` indicator (above, for ``lower``);
    not where the direction was only guessed from the plans (``direction_source`` ``plan`` or
    ``default``), which cannot say which way is better.
``rate_below_current`` (info)
    The same for a growth rate (scale ``rate``, when the table says so): a growth rate is a new
    figure each year, so a slower (for ``lower``, faster) pace than the latest is planned, not
    a fall from a level already reached. A ``higher`` rate planned at or below 0 stays
    ``target_below_current``.
``against_trend`` (info)
    A plan that moves the opposite way from the latest observed change; not for growth rates
    (scale ``rate``), whose yearly swings are no trend.
``large_jump`` (warning)
    Two consecutive observations, or a plan for a year without an outcome and the latest
    observation before it, more than :data:`JUMP_POINTS` points a year apart, or more than
    :data:`JUMP_PERCENT_FACTOR` times and at least :data:`JUMP_PERCENT_MIN_POINTS` point a year
    (percentages: scale ``percent``, or without a scale a unit that reads as one, ``Tỷ lệ
    (%)``; 0.817 typed for 8.17), or more than :data:`JUMP_FACTOR` times a year (other
    positive figures), or a growth rate
    (scale ``rate``) more than :data:`JUMP_RATE_POINTS` points from the one before, however many
    years apart: most often a change of definition, a figure in another unit or a misplaced
    decimal (80.5 typed for 8.05).
``unit_spelling`` (info)
    A unit that differs only in its accent marks from the unit of other indicators (``Tý
    đồng`` beside ``Tỷ đồng``): most often a typo in the resolution. Case and spaces are not
    compared. The less common spelling is flagged (each of them, if equally common).
"""

from __future__ import annotations

import difflib
import itertools
import math
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from sonla_forecast._typing import KINDS
from sonla_forecast.errors import InputError
from sonla_forecast.growth import ratio_to_previous
from sonla_forecast.io.numbers import printed_decimals, round_half_up
from sonla_forecast.io.resolution import KNOWN_COMPOSITIONS, RATIO_COLUMNS
from sonla_forecast.results import SCHEMA_VERSION, library_version
from sonla_forecast.table import (
    _PLAIN_NUMBER,
    _latest_date,
    _names_a_structure,
    as_name,
    fold,
    is_percent_unit,
)

__all__ = ["CHECKS", "FINDING_FIELDS", "JUMP_FACTOR", "JUMP_PERCENT_FACTOR",
           "JUMP_PERCENT_MIN_POINTS", "JUMP_POINTS", "JUMP_RATE_POINTS",
           "KNOWN_COMPOSITIONS",
           "AuditReport", "Finding", "audit"]

#: Check codes, in report order, with their severity.
CHECKS: dict[str, str] = {
    "ratio_mismatch": "error",
    "ratio_unverifiable": "info",
    "ratio_in_points": "info",
    "composition_sum": "error",
    "composition_incomplete": "info",
    "header_figures": "warning",
    "target_below_current": "warning",
    "rate_below_current": "info",
    "against_trend": "info",
    "large_jump": "warning",
    "unit_spelling": "info",
}

#: A percentage that moves more than this many points a year, or another positive figure
#: that grows or shrinks more than :data:`JUMP_FACTOR` times a year, is flagged
#: (``large_jump``): most often a change of definition or a figure in another unit.
JUMP_POINTS = 20.0
JUMP_FACTOR = 3.0
#: A percentage that grows or shrinks more than this many times a year, by at least
#: :data:`JUMP_PERCENT_MIN_POINTS` points a year, is flagged too (``large_jump``): a misplaced
#: decimal in a small percentage (0.817 typed for 8.17, 13.7 times the 11.17 before it) moves
#: it by fewer than :data:`JUMP_POINTS`; a small share that grows fast (2.1% to 12.5% of
#: dossiers filed online, 6 times) stays below the factor.
JUMP_PERCENT_FACTOR = 8.0
JUMP_PERCENT_MIN_POINTS = 1.0
#: A growth rate (scale ``rate``) more than this many points from the one before is flagged
#: (``large_jump``): rates swing from year to year, but by tens of points only when a figure is
#: mistyped (80.5 for 8.05) or is of another kind (an index, 108.05, for a growth rate).
JUMP_RATE_POINTS = 40.0

#: Slack added to every rounding tolerance, for float noise in the recomputation.
FLOAT_SLACK = 1e-9
_KNOWN_PARENT = {k: p for p, kids in KNOWN_COMPOSITIONS.items() for k in kids}

#: A group of % rows is taken for a composition only if some year sums to 100 within this
#: many points; groups of rates (urban 99.5%, rural 93.2%) sum to far more and are skipped.
COMPOSITION_PLAUSIBLE = 25.0

_KIND_RANK = {"actual": 0, "estimate": 1, "plan": 2}
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem found by :func:`audit`.

    Attributes
    ----------
    check : str
        Check code, one of :data:`CHECKS`.
    severity : {"error", "warning", "info"}
        ``error``: the resolution contradicts itself; ``warning``: a target that looks odd;
        ``info``: worth knowing, not wrong.
    region : str
        ``""`` when the table has no ``region`` column.
    indicator_id : str
        The row checked (for ``composition_sum``, the group header's id).
    name_vi : str
        Its Vietnamese name (for ``composition_sum``, the children's names joined by " + ").
    year : int
        Year of the figure checked (the numerator's, for a ratio).
    kind : str
        Kind of the figure checked (``actual``, ``estimate`` or ``plan``).
    published : float or None
        The figure the resolution prints or implies: the ratio, 100 for a composition, the
        plan value for the target checks, the later figure for ``large_jump``.
    recomputed : float or None
        What the other figures give: the recomputed ratio, the sum of the shares, the
        current value (``target_below_current``, ``rate_below_current``), latest value
        (``against_trend``) or the earlier figure (``large_jump``).
        ``None`` when it cannot be computed.
    tolerance : float or None
        The allowed difference, where the check has one (rounding of the printed figures;
        for a ratio, also of the two figures divided, unless they are counts).
    message : str
        English sentence naming the row and both figures.
    compared_year : int or None
        Year of the figure ``published`` is compared with (the ratio's denominator, the
        current or latest value, the earlier figure of a jump); ``None`` where there is none.
    compared_kind : str
        Its kind (``actual``, ``estimate`` or ``plan``); ``""`` where there is none.
    unit : str
        The indicator's unit as printed (of the shares, for ``composition_sum``).
    """

    check: str
    severity: str
    region: str
    indicator_id: str
    name_vi: str
    year: int
    kind: str
    published: float | None
    recomputed: float | None
    tolerance: float | None
    message: str
    compared_year: int | None = None
    compared_kind: str = ""
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the fields (:data:`FINDING_FIELDS`): years as ``int``, undefined
        numbers as ``None``; one entry of :meth:`AuditReport.to_dict`'s ``findings``."""
        d = asdict(self)
        for key in ("published", "recomputed", "tolerance"):
            v = d[key]
            d[key] = None if v is None or not math.isfinite(v) else float(v)
        d["year"] = int(d["year"])
        d["compared_year"] = None if self.compared_year is None else int(self.compared_year)
        return d

    def summary(self) -> str:
        """One line: the severity, the check code and the message, as
        :meth:`AuditReport.summary` lists the finding.

        Examples
        --------
        >>> import sonla_forecast as sf
        >>> from sonla_forecast.datasets import load_sonla_2025_resolution
        >>> report = sf.audit(load_sonla_2025_resolution())
        >>> report.findings[0].summary().split(" (")[0]
        '[error] ratio_mismatch: Tổng vốn đầu tư toàn xã hội'
        """
        return f"[{self.severity}] {self.check}: {self.message}"

    def __str__(self) -> str:
        return self.summary()


#: Columns of :meth:`AuditReport.to_frame`, in order.
FINDING_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Finding))

#: Meaning of each finding field, as written into :meth:`AuditReport.to_dict` (``columns``).
FINDING_FIELDS: Mapping[str, str] = MappingProxyType({
    "check": f"check code: {', '.join(CHECKS)}",
    "severity": "error (the resolution contradicts itself), warning (a target that looks odd) "
    "or info (worth knowing, not wrong)",
    "region": "province or other unit ('' where the table names none)",
    "indicator_id": "the row checked (composition_*: the group header's id)",
    "name_vi": "its Vietnamese name (composition_*: the children's names joined by ' + ')",
    "year": "year of the figure checked (the numerator's, for a ratio)",
    "kind": "kind of the figure checked: actual, estimate or plan (unit_spelling: the "
    "indicator's earliest figure's)",
    "published": "the figure the resolution prints or implies: the ratio (ratio_*), 100 "
    "(composition_sum, header_figures), the plan (target_below_current, rate_below_current, "
    "against_trend), "
    "the later figure, an actual, estimate or plan (large_jump); null for unit_spelling and "
    "composition_incomplete",
    "recomputed": "what the other figures give: the recomputed ratio (ratio_mismatch), the "
    "change in points (ratio_in_points), the sum "
    "of the shares (composition_sum; header_figures: without the header's figure, the first "
    "year), the current value (target_below_current, "
    "rate_below_current), the latest "
    "value (against_trend), the earlier figure (large_jump); null when it cannot be computed "
    "(and for unit_spelling and composition_incomplete, which compare no figures)",
    "tolerance": "the allowed difference (rounding of the printed figures); null if none",
    "message": "English sentence naming the row and both figures",
    "compared_year": "year of the figure published is compared with: the ratio's denominator "
    "(ratio_*), the current value (target_below_current, rate_below_current), the latest "
    "value (against_trend), the earlier figure (large_jump); null for the other checks",
    "compared_kind": "its kind: actual, estimate or plan; '' where compared_year is null",
    "unit": "the indicator's unit as printed (composition_*: the shares')",
})


@dataclass(frozen=True, kw_only=True)
class AuditReport:
    """The findings of :func:`audit`, ordered by check then document order.

    Attributes
    ----------
    findings : tuple of Finding
        Possibly empty.
    ratios_checked : bool, default True
        Whether published ratios were given, so that the ratio checks ran (``False``: a table
        audited without them; the summary says so).

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> report = sf.AuditReport(findings=())
    >>> len(report), str(report)
    (0, 'No findings.')
    """

    findings: tuple[Finding, ...]
    ratios_checked: bool = True

    def __len__(self) -> int:
        """Number of findings."""
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        """Iterate over the findings in report order."""
        return iter(self.findings)

    def __repr__(self) -> str:
        """One line: counts by severity."""
        counts = ", ".join(f"{s}={self.count(s)}" for s in _SEVERITIES)
        return f"AuditReport(findings={len(self)}, {counts})"

    def __str__(self) -> str:
        """Same as :meth:`summary`."""
        return self.summary()

    def count(self, severity: str) -> int:
        """Number of findings of a severity (``"error"``, ``"warning"`` or ``"info"``).

        Parameters
        ----------
        severity : {"error", "warning", "info"}
            The severity to count (each check's severity is in :data:`CHECKS`).

        Returns
        -------
        int
            Number of findings with that severity (0 if none).

        Raises
        ------
        InputError
            If ``severity`` is not one of the three.
        """
        if severity not in _SEVERITIES:
            raise InputError(
                f"unknown severity {severity!r} (expected one of {list(_SEVERITIES)})",
                column="severity",
                value=severity,
            )
        return sum(f.severity == severity for f in self.findings)

    @property
    def has_errors(self) -> bool:
        """Whether any finding has severity ``error``."""
        return self.count("error") > 0

    def to_frame(self) -> pd.DataFrame:
        """One row per finding.

        Returns
        -------
        pandas.DataFrame
            Columns (the :class:`Finding` fields): ``check``, ``severity``, ``region``,
            ``indicator_id``, ``name_vi``, ``year`` (int), ``kind``, ``published``,
            ``recomputed``, ``tolerance`` (float, NaN where the finding has none),
            ``message``, ``compared_year`` (nullable ``Int64``), ``compared_kind`` and
            ``unit``.
        """
        frame = pd.DataFrame(
            [asdict(f) for f in self.findings], columns=list(FINDING_COLUMNS)
        ).astype({"published": "float64", "recomputed": "float64", "tolerance": "float64"})
        # text columns as text also without findings (an empty frame's columns are objects)
        text = {c: str for c in FINDING_COLUMNS
                if c not in ("year", "compared_year", "published", "recomputed", "tolerance")}
        return frame.astype({"year": "int64", "compared_year": "Int64", **text})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"schema_version", "ratios_checked", "columns": {field: meaning},
        "findings": [{field: value}, ...], "library_version"}``.

        Undefined numbers are ``None``; ``columns`` is :data:`FINDING_FIELDS`.
        """
        return {"schema_version": SCHEMA_VERSION, "ratios_checked": self.ratios_checked,
                "columns": dict(FINDING_FIELDS), "findings": [f.to_dict() for f in self.findings],
                "library_version": library_version()}

    def tally(self) -> str:
        """The findings counted by severity, in words, as :meth:`summary` begins.

        Returns
        -------
        str
            Each severity's count, errors first: ``"1 error, 7 warnings, 10 info"`` (zeros
            included).

        Examples
        --------
        >>> import sonla_forecast as sf
        >>> from sonla_forecast.datasets import load_sonla_2025_resolution
        >>> sf.audit(load_sonla_2025_resolution()).tally()
        '1 error, 7 warnings, 10 info'
        """
        plural = {"error": "errors", "warning": "warnings", "info": "info"}
        return ", ".join(
            f"{n} {s if n == 1 else plural[s]}" for s in _SEVERITIES for n in [self.count(s)])

    def summary(self) -> str:
        """Readable text: a count line, then one line per finding (``"No findings."`` if none).

        Each line gives the severity, the check code and the message, which names the row
        (``name_vi`` and ``indicator_id``) and the published and recomputed figures.
        """
        skipped = ([] if self.ratios_checked else [
            "No published ratios were given, so the '% of previous year' cells were not "
            "checked (ratio_mismatch, ratio_unverifiable): give them with ratios= (--ratios)."])
        if not self.findings:
            return "\n".join(["No findings.", *skipped])
        lines = [f"Audit of the resolution's own figures: {self.tally()}."]
        lines += [f.summary() for f in self.findings]
        return "\n".join(lines + skipped)


# --------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------

_TABLE_REQUIRED = ("indicator_id", "year", "kind", "value")
# The parser's ratio columns, less the two that only describe the row (name and text line).
_RATIO_REQUIRED = tuple(c for c in RATIO_COLUMNS if c not in ("name_vi", "line"))


def _fmt(x: float) -> str:
    """A figure for a message: up to 10 significant digits, thousands grouped with commas
    (as the English report prints its tables), no exponent for usual sizes."""
    return f"{x:,.10g}"


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"expected a pandas DataFrame for {what}, got {type(frame).__name__}",
            column=what,
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{what} lacks column(s) {missing} (expected at least {list(columns)}, got "
            f"{list(frame.columns)})",
            column=missing[0],
        )


def _number(raw: Any) -> float:
    """A cell's number: a number, or text written as a plain decimal (``101.01``; not
    ``10_1.01``, which ``float`` takes, nor ``nan``); NaN for anything else."""
    if isinstance(raw, bool):
        return math.nan
    if isinstance(raw, str):
        text = raw.strip()
        return float(text) if _PLAIN_NUMBER.match(text) else math.nan
    try:
        return float(raw)
    except (TypeError, ValueError):
        return math.nan


def _blank(raw: Any) -> bool:
    """A cell without a figure: empty, ``nan`` or ``-`` text, None or a missing value."""
    if isinstance(raw, str):
        return raw.strip().lower() in ("", "nan", "-", "–", "—")
    try:
        return bool(pd.api.types.is_scalar(raw) and pd.isna(raw))
    except ArithmeticError:  # Decimal('sNaN'): no figure either, but refused as it is
        return False


def _as_int(raw: Any, row: Any, column: str, what: str) -> int:
    f = _number(raw)
    if not math.isfinite(f) or f != int(f):
        raise InputError(
            f"{what}: {raw!r} is not a whole number (expected e.g. "
            f"{'2 for 108,85' if column == 'decimals' else '2024'})",
            row=row,
            column=column,
            value=raw,
        )
    return int(f)


def _as_float(raw: Any, row: Any, column: str, what: str) -> float:
    f = _number(raw)
    if not math.isfinite(f):
        # a missing or infinite figure would leave its check out without a word
        raise InputError(
            f"{what}: {raw!r} is not a finite number (expected a plain decimal such as "
            "101.01; leave out a row whose figure is not printed)",
            row=row,
            column=column,
            value=raw,
        )
    return f


def _text(raw: Any) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return str(raw)


@dataclass(frozen=True)
class _Rec:
    region: str
    indicator_id: str
    year: int
    kind: str
    value: float
    unit: str
    name_vi: str
    direction: str
    parent_id: str
    scale: str = ""
    direction_source: str = ""

    @property
    def direction_guessed(self) -> bool:
        """A ``higher`` or ``lower`` direction guessed from the plan (or by default), which
        says nothing about the row itself."""
        return self.direction in ("higher", "lower") and self.direction_source in (
            "plan", "default")


class _Data:
    """The table indexed for the checks."""

    def __init__(self, table: pd.DataFrame) -> None:
        _require(table, _TABLE_REQUIRED, "table")
        #: The figures by series, (region, indicator_id) -> {(year, kind): value} (NaN left
        #: out): a series' figures are found without a scan of the whole table.
        self.by_series: dict[tuple[str, str], dict[tuple[int, str], float]] = {}
        self.meta: dict[tuple[str, str], _Rec] = {}
        self.order: dict[tuple[str, str], tuple[int, float, int]] = {}
        self.region_order: dict[str, int] = {}
        #: Most decimals needed to write any of a series' figures: its printed precision
        #: where the table does not give each figure's (a float has lost its trailing zeros).
        self.decimals: dict[tuple[str, str], int] = {}
        #: Decimals each figure was printed with, from the table's ``decimals`` column (as
        #: ``parse`` writes it), (region, indicator_id, year, kind) -> digits.
        self.printed: dict[tuple[str, str, int, str], int] = {}
        seen: dict[tuple[str, str, int, str], Any] = {}
        figures: list[tuple[tuple[str, str, int, str], float]] = []
        has_line = "line" in table.columns
        cols = list(table.columns)
        for pos, (label, rec) in enumerate(
            zip(table.index, table.itertuples(index=False), strict=True)
        ):
            d = dict(zip(cols, rec, strict=True))
            if _text(d.get("period")):
                continue  # a partial-year figure: the checks are on the full-year columns
            # names as the table stores them (as_name), as the ratios' are read
            region = as_name(_text(d.get("region")))
            iid = as_name(_text(d["indicator_id"]))
            year = _as_int(d["year"], label, "year", "table")
            kind = _text(d["kind"])
            if kind not in _KIND_RANK:
                raise InputError(
                    f"table: kind {kind!r} is not one of {list(_KIND_RANK)}",
                    row=label,
                    row_name=iid,
                    column="kind",
                    value=kind,
                )
            value = _as_float(d["value"], label, "value", "table")
            key = (region, iid, year, kind)
            if key in seen:
                raise InputError(
                    f"table: duplicate row for {iid} {kind} {year}"
                    + (f" in {region}" if region else "")
                    + f" (rows {seen[key]!r} and {label!r}); expected one row per "
                    "(region, indicator_id, year, kind)",
                    row=label,
                    row_name=iid,
                    column="indicator_id",
                    value=iid,
                )
            seen[key] = label
            given = d.get("decimals")
            if given is not None and not pd.isna(given) and str(given).strip():
                dec = _as_int(given, label, "decimals", "table")
                if not 0 <= dec <= 10:
                    raise InputError(f"table: {dec} decimals is not a printed precision (0 to "
                                     "10 digits after the decimal mark)", row=label,
                                     row_name=iid, column="decimals", value=d["decimals"])
                self.printed[key] = dec
            self.region_order.setdefault(region, len(self.region_order))
            if not math.isnan(value):
                self.by_series.setdefault((region, iid), {})[(year, kind)] = value
                figures.append((key, value))
            rk = (region, iid)
            line = d.get("line") if has_line else None
            line_f = float(line) if line is not None and not pd.isna(line) else math.inf
            old = self.order.get(rk)
            if old is None:
                self.order[rk] = (self.region_order[region], line_f, pos)
            elif line_f < old[1]:
                self.order[rk] = (old[0], line_f, old[2])
            first = self.meta.get(rk)
            if first is not None and (year, _KIND_RANK[kind]) < (first.year,
                                                                 _KIND_RANK[first.kind]):
                # the series' earliest figure, whatever the rows' order (a finding on the whole
                # indicator, unit_spelling, is dated by it)
                self.meta[rk] = replace(first, year=year, kind=kind, value=value)
            if rk not in self.meta:
                self.meta[rk] = _Rec(
                    region,
                    iid,
                    year,
                    kind,
                    value,
                    _text(d.get("unit")),
                    _text(d.get("name_vi")),
                    _text(d.get("direction")),
                    as_name(_text(d.get("parent_id"))),
                    _text(d.get("scale")),
                    _text(d.get("direction_source")),
                )

        if figures:
            for key, d in zip((k for k, _ in figures), printed_decimals(
                    np.array([v for _, v in figures])).tolist(), strict=True):
                rk = key[:2]
                self.decimals[rk] = max(self.decimals.get(rk, 0), d)
                if key in self.printed:  # never fewer than the figure needs (8.75 with a 1)
                    self.printed[key] = max(self.printed[key], d)

    def digits(self, region: str, iid: str, year: int, kind: str) -> int:
        """Decimals a figure was printed with: its own where the table gives them, else its
        series' precision."""
        return self.printed.get((region, iid, year, kind),
                                self.decimals.get((region, iid), 0))

    def value(self, region: str, iid: str, year: int, kind: str) -> float | None:
        """The figure of one (region, indicator_id, year, kind), None if the table has none."""
        return self.by_series.get((region, iid), {}).get((year, kind))

    def name(self, region: str, iid: str) -> str:
        rec = self.meta.get((region, iid))
        return rec.name_vi if rec and rec.name_vi else iid

    def label(self, region: str, iid: str) -> str:
        """``name_vi (indicator_id)``, with the region when the table has several."""
        name = self.name(region, iid)
        where = f", {region}" if region and len(self.region_order) > 1 else ""
        return f"{name} ({iid}{where})" if name != iid else f"{iid}{where}"

    def observations(self, region: str, iid: str) -> list[tuple[int, str, float]]:
        """(year, kind, value) of actuals and estimates, one per year (actual wins)."""
        by_year: dict[int, tuple[str, float]] = {}
        for (year, kind), v in self.by_series.get((region, iid), {}).items():
            if kind == "plan":
                continue
            if year not in by_year or kind == "actual":
                by_year[year] = (kind, v)
        return [(y, k, v) for y, (k, v) in sorted(by_year.items())]

    def plans(self, region: str, iid: str) -> list[tuple[int, float]]:
        return sorted((year, v) for (year, kind), v in
                      self.by_series.get((region, iid), {}).items() if kind == "plan")


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


def ratio_fields(d: dict[str, Any], row: Any) -> tuple[int, str, int, str, float, int]:
    """One published ratio's ``(numerator_year, numerator_kind, denominator_year,
    denominator_kind, published, decimals)``, checked: whole years in 1900-2200, kinds of
    :data:`~sonla_forecast._typing.KINDS` (any case), a finite or missing ``published``
    (percent), -2 to 10 ``decimals`` (negative for a ratio printed in times with fewer than two
    decimals: ``1,1 lần`` is 110% to the nearest 10, -1); an :class:`InputError` naming
    ``row`` and the column else."""
    years, kinds = [], []
    for side in ("numerator", "denominator"):
        col = f"{side}_year"
        y = _as_int(d[col], row, col, "ratios")
        if not 1900 <= y <= 2200:
            raise InputError(f"ratios: {d[col]!r} is not a year", row=row, column=col,
                             value=d[col])
        col = f"{side}_kind"
        k = _text(d[col]).lower()
        if k not in KINDS:
            raise InputError(f"ratios: {d[col]!r} is not a kind; expected one of {KINDS}",
                             row=row, column=col, value=d[col])
        years.append(y)
        kinds.append(k)
    raw = d["published"]
    published = (math.nan if _blank(raw) else _as_float(raw, row, "published", "ratios"))
    # a row without a figure has no printed precision either
    dec = 0 if math.isnan(published) and _blank(d["decimals"]) else _as_int(
        d["decimals"], row, "decimals", "ratios")
    if not -2 <= dec <= 10:
        raise InputError(f"ratios: {dec} decimals is not a printed precision (-2 to 10)",
                         row=row, column="decimals", value=d["decimals"])
    if (years[0], kinds[0]) == (years[1], kinds[1]):
        raise InputError(f"ratios: the ratio divides the {kinds[0]} {years[0]} by itself; a "
                         "'% of previous year' ratio divides one figure by another",
                         row=row, column="denominator_year", value=d["denominator_year"])
    return years[0], kinds[0], years[1], kinds[1], published, dec


def _ratio_and_spread(num: float, den: float, hn: float, hd: float,
                      published: float) -> tuple[float, float]:
    """``100 num / den`` and how far it moves toward ``published`` when each figure moves by
    its half unit (``hn``, ``hd``): the distance to the ratio's extreme on that side over the
    box (it rises with the numerator, and falls with the denominator while the numerator is
    positive, rises while it is negative). The two sides differ where the rounding is large
    beside the figures: 2 and 3 printed whole allow 100% (2,5 / 2,5) to 233% (3,5 / 1,5)."""
    recomputed = float(ratio_to_previous(num, den))
    if den <= hd:
        return recomputed, math.inf
    if published >= recomputed:
        return recomputed, 100.0 * (num + hn) / (den - hd if num + hn >= 0 else den + hd) \
            - recomputed
    return recomputed, recomputed - 100.0 * (num - hn) / (den + hd if num - hn >= 0
                                                           else den - hd)


def _surely_before(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Whether date ``a`` is before ``b`` for sure: a month alone (day 0) may be any day of it."""
    return a[:2] < b[:2] or (a[:2] == b[:2] and 0 < a[2] < b[2])


def _in_force(versions: list[tuple[float, str]], source: str) -> list[float]:
    """The versions of a figure that may have been in force on the date of ``source``: those
    that may be the latest on or before it (a month alone and a day of it may be either way
    round), and any undated one (all of them when ``source`` has no date)."""
    when = _latest_date(source)
    if when is None:
        return [v for v, _ in versions]
    dates = [(_latest_date(src), v) for v, src in versions]
    undated = [v for d, v in dates if d is None]
    before = [(d, v) for d, v in dates if d is not None and not _surely_before(when, d)]
    return undated + [v for d, v in before
                      if not any(_surely_before(d, e) for e, _ in before)]


def _keyed(frame: pd.DataFrame) -> list[tuple[tuple[str, str, int, str], Any, str]]:
    """``((region, id, year, kind), value, source)`` of each full-year row of a tidy frame."""
    n = len(frame)

    def col(name: str) -> Any:
        return frame[name] if name in frame else pd.Series([""] * n, index=frame.index)

    out = []
    for region, iid, year, kind, value, src, period in zip(
            col("region"), frame["indicator_id"], frame["year"], frame["kind"], frame["value"],
            col("source"), col("period"), strict=True):
        if _text(period):
            continue  # a partial-year figure is no version of the year's
        out.append(((as_name(_text(region)), as_name(_text(iid)), int(float(year)), _text(kind)),
                    value, _text(src)))
    return out


def _check_ratios(data: _Data, ratios: pd.DataFrame,
                  earlier: dict[tuple[str, str, int, str], list[tuple[float, str]]] | None = None,
                  sources: dict[tuple[str, str, int, str], str] | None = None,
                  ) -> list[tuple[Any, Finding]]:
    """Ratio findings; ``earlier``: the earlier versions of revised figures, (value, source),
    and ``sources``: the source of each figure in force, by (region, id, year, kind)."""
    earlier, sources = earlier or {}, sources or {}
    _require(ratios, _RATIO_REQUIRED, "ratios")
    regions = list(data.region_order)
    has_region = "region" in ratios.columns
    if not has_region and len(regions) > 1:
        raise InputError(
            f"ratios has no 'region' column but the table has {len(regions)} regions "
            f"({regions}); add a region column to the ratios",
            column="region",
        )
    default_region = regions[0] if regions else ""
    out: list[tuple[Any, Finding]] = []
    cols = list(ratios.columns)
    seen: dict[tuple[Any, ...], Any] = {}
    for pos, (label, rec) in enumerate(
        zip(ratios.index, ratios.itertuples(index=False), strict=True)
    ):
        d = dict(zip(cols, rec, strict=True))
        # names as the table stores them (as_name), as the table's are read above
        region = as_name(_text(d["region"])) if has_region else default_region
        if regions == [""] or (region == "" and len(regions) == 1):
            region = default_region  # a table of one unnamed region, or a ratio without one
        iid = as_name(_text(d["indicator_id"]))
        if region not in data.region_order:
            raise InputError(
                f"ratios: the table has no region {region!r}; it has "
                f"{', '.join(map(repr, regions))}", row=label, column="region",
                value=d["region"])
        ny, nk, dy, dk, published, dec = ratio_fields(d, label)
        key = (region, iid, ny, nk, dy, dk)
        blank = math.isnan(published)  # a row without a figure is no second printing
        if not blank:  # never fewer decimals than the figure needs (101.01 with a 0)
            need = int(printed_decimals(np.array([published]))[0])
            dec = need if need > max(dec, 0) else dec
        if key in seen and not blank:  # two printings of one ratio: both judged, or one
            raise InputError(f"ratios: a second row for {iid} {nk} {ny} / {dk} {dy} (rows "
                             f"{seen[key]!r} and {label!r}); expected one row per ratio (the "
                             "ratios of a revised resolution go in a file of their own)",
                             row=label, column="indicator_id", value=iid)
        if not blank:
            seen[key] = label
        if (region, iid) not in data.meta:  # a typo would pass as a ratio not verifiable
            known = sorted({i for r, i in data.meta if r == region})
            near = difflib.get_close_matches(iid, known, n=1)
            raise InputError(
                f"ratios: the table has no indicator {iid!r}"
                + (f" in {region!r}" if region and len(regions) > 1 else "")
                + (f"; did you mean {near[0]!r}?" if near else ""),
                row=label, column="indicator_id", value=iid)
        name = _text(d.get("name_vi")) or data.name(region, iid)
        where = f", {region}" if region and len(regions) > 1 else ""
        who = f"{name} ({iid}{where})" if name and name != iid else f"{iid}{where}"
        what = f"{nk} {ny} / {dk} {dy}"
        num = data.value(region, iid, ny, nk)
        den = data.value(region, iid, dy, dk)
        order = (data.order.get((region, iid), (len(regions), math.inf, 10**9)), pos)
        tol = 0.5 * 10.0**-dec
        meta = data.meta[(region, iid)]  # there: a ratio of an unknown row was refused above
        common: dict[str, Any] = {
            "region": region,
            "indicator_id": iid,
            "name_vi": name,
            "year": ny,
            "kind": nk,
            "published": published,
            "compared_year": dy,
            "compared_kind": dk,
            "unit": meta.unit,
        }
        if blank or num is None or den is None or den <= 0:
            if blank:  # said, not skipped: a ratio blanked by mistake would pass unseen
                why = "the row has no published figure"
            elif num is None or den is None:
                absent = [f"{k} {y}" for k, y, v in ((nk, ny, num), (dk, dy, den)) if v is None]
                why = f"the table has no {' or '.join(absent)} value"
            else:
                why = f"the denominator ({dk} {dy}) is {_fmt(den)}, not > 0"
            out.append(
                (
                    order,
                    Finding(
                        check="ratio_unverifiable",
                        severity=CHECKS["ratio_unverifiable"],
                        recomputed=None,
                        tolerance=None,
                        message=f"{who}: published ratio {what} is not checked: {why}."
                        if blank else f"{who}: published ratio {what} = {_fmt(published)}% "
                        f"cannot be recomputed: {why}.",
                        **common,
                    ),
                )
            )
            continue
        # The two figures are printed rounded too: the ratio of the unrounded figures, which
        # the resolution may have divided, can be anywhere their half units allow.
        # A count (communes, households) is exact: no rounding to allow for.
        exact = meta.scale == "count"
        hn, hd = (0.0, 0.0) if exact else (0.5 * 10.0 ** -data.digits(region, iid, ny, nk),
                                           0.5 * 10.0 ** -data.digits(region, iid, dy, dk))
        recomputed, spread = _ratio_and_spread(num, den, hn, hd, published)
        # A figure revised since (a later resolution's plan, kept as an earlier version in
        # IndicatorTable.dropped): the ratio was printed with one version of each figure, as
        # they stood together on some date (each version beside the other figure's version in
        # force on its source's date), not with a pair no document had at once.
        nums, dens = (earlier.get(k, []) for k in ((region, iid, ny, nk), (region, iid, dy, dk)))
        others: set[tuple[float, float]] = set()
        if nums or dens:
            nums = [(num, sources.get((region, iid, ny, nk), "")), *nums]
            dens = [(den, sources.get((region, iid, dy, dk), "")), *dens]
            others = ({(n, m) for n, src in nums for m in _in_force(dens, src)}
                      | {(n, m) for m, src in dens for n in _in_force(nums, src)})
            others = {(n, m) for n, m in others if m > 0 and (n, m) != (num, den)}
        points = num - den  # a percentage's or growth rate's change, printed in its place
        in_points = (meta.scale in ("percent", "rate") or is_percent_unit(meta.unit)) and abs(
            points - published) <= max(tol, 0.5 * 10.0**-max(dec, 0)) + hn + hd + FLOAT_SLACK
        off = abs(recomputed - published) > tol + spread + FLOAT_SLACK
        if off and in_points:
            out.append((order, Finding(
                check="ratio_in_points", severity=CHECKS["ratio_in_points"],
                recomputed=points, tolerance=None,
                message=f"{who}: published ratio {what} = {_fmt(published)} is the change in "
                f"points, {_fmt(num)} - {_fmt(den)} = {_fmt(round(points, 10))}, not a ratio "
                f"({recomputed:.2f}%): not checked as a ratio.", **common)))
        elif off and not any(
                abs(r - published) <= tol + sp + FLOAT_SLACK
                for r, sp in (_ratio_and_spread(n, m, hn, hd, published)
                              for n, m in others)):
            # at the published precision, half away from zero: to the nearest 10% for a ratio
            # printed in times with one decimal (1,0 lần is 100%, not the 101 of .0f)
            shown = f"{float(round_half_up(recomputed, dec)):.{max(dec, 0)}f}"
            # 1.0885 beside 108.85%: a ratio written in times (lần) where percent is read
            # (the figures' rounding spread on the side the times reading lies, in percent)
            times_spread = _ratio_and_spread(num, den, hn, hd, 100.0 * published)[1]
            in_times = (abs(100.0 * published - recomputed)
                        <= 100.0 * tol + times_spread + FLOAT_SLACK)
            times_hint = (f" It reads as the ratio in times (lần): in percent it is "
                          f"{_fmt(round(100.0 * published, 10))}%; a ratios table gives "
                          "'published' in percent." if in_times else "")
            out.append(
                (
                    order,
                    Finding(
                        check="ratio_mismatch",
                        severity=CHECKS["ratio_mismatch"],
                        recomputed=recomputed,
                        tolerance=tol + spread,
                        message=f"{who}: published ratio {what} is {_fmt(published)}%, but "
                        f"{_fmt(num)} / {_fmt(den)} gives {shown}% ({recomputed:.4f}; "
                        f"the published figure may be up to {tol + spread:.2g} "
                        f"{'above' if published > recomputed else 'below'} it: {tol:g} for the "
                        "ratio's "
                        f"{_precision(dec)}, {spread:.2g} for the rounding of the two "
                        "figures)." + times_hint,
                        **common,
                    ),
                )
            )
    return out


def _precision(dec: int) -> str:
    """How a ratio in percent was printed: ``2 printed decimal(s)``, or for a ratio printed in
    times with fewer than two decimals, ``printing to the nearest 10%``."""
    return f"{dec} printed decimal(s)" if dec >= 0 else f"printing to the nearest {10**-dec}%"


def _check_compositions(data: _Data) -> list[tuple[Any, Finding]]:
    children: dict[tuple[str, str], list[str]] = {}
    # groups of the glossary of which the table has some shares only: they may sum to less
    # than 100 (agriculture, industry and services without product taxes: about 93), not more
    partial: dict[tuple[str, str], list[str]] = {}
    for (region, iid), rec in data.meta.items():
        parent = rec.parent_id
        known = _KNOWN_PARENT.get(iid, "")
        # the glossary's group, for a share the table gives no parent, none of the group's
        # shares under another parent
        if not parent and known and all(
                data.meta[(region, k)].parent_id in ("", known)
                for k in KNOWN_COMPOSITIONS[known] if (region, k) in data.meta):
            parent = known
            absent = [k for k in KNOWN_COMPOSITIONS[known] if (region, k) not in data.meta]
            if absent:
                partial[(region, known)] = absent
        if parent:
            children.setdefault((region, parent), []).append(iid)
    # a known group under its own id (the parser's parent_id) with some of its shares only:
    # three sectors under economic_structure sum to about 94 without taxes, no error
    for (region, parent), kids in children.items():
        known_kids = KNOWN_COMPOSITIONS.get(parent, ())
        absent = [k for k in known_kids if (region, k) not in data.meta]
        if absent and set(kids) <= set(known_kids):
            partial[(region, parent)] = absent
    out: list[tuple[Any, Finding]] = []
    for (region, parent), kids in children.items():
        if (region, parent) in data.meta and not _prints_the_total(data, region, parent):
            # the parent has values of its own: its sub-rows are no composition, unless they
            # make one with its figures (a share's lost name line). A heading that prints
            # the total, 100 in every column, heads a composition as a value-less one does.
            out += _header_figures(data, region, parent, kids)
            continue
        if len(kids) < 2 or not _are_shares(data, region, kids):
            continue
        sums = _complete_years(data, region, kids)
        if (region, parent) in partial:
            # over 100 an error in any year; a year lacking some of those it has, if not over
            # 100, not summed
            for (year, kind), shares in sums.items():
                over = _sum_over_100(data, region, parent, kids, year, kind, shares,
                                     partial[(region, parent)])
                out += [over] if over else []
            out += _incomplete_years(data, region, parent, kids, set(sums))
            continue
        if not any(abs(math.fsum(v) - 100.0) <= COMPOSITION_PLAUSIBLE for v in sums.values()):
            continue  # no year sums to anything near 100: not a composition
        # Each share's printed precision: its own where the table gives it, else from all its
        # series' figures (a year whose shares happen to be whole, 23,00, is printed to the
        # same decimals as the others).
        digits = {yk: [data.digits(region, k, *yk) for k in kids] for yk in sums}
        tols = {yk: math.fsum(0.5 * 10.0**-d for d in ds) for yk, ds in digits.items()}
        exact = {yk: abs(math.fsum(v) - 100.0) <= tols[yk] + FLOAT_SLACK
                 for yk, v in sums.items()}
        # rows whose directions were only guessed from their plans are shares only if the
        # heading says "cơ cấu" or some year sums to 100 (urban and rural rates do not)
        if any(data.meta[(region, k)].direction_guessed for k in kids) and not (
                _names_a_structure(as_name(parent)) or any(exact.values())):
            continue
        names, where, order_base = _group_label(data, region, kids)
        out += _incomplete_years(data, region, parent, kids, set(sums))
        for (year, kind), shares in sums.items():
            total = math.fsum(shares)
            tol = tols[(year, kind)]
            ds = digits[(year, kind)]
            d = str(ds[0]) if len(set(ds)) == 1 else f"{min(ds)}-{max(ds)}"
            if exact[(year, kind)]:
                continue
            parts = " + ".join(_fmt(v) for v in shares)
            who = f"shares under {parent}{where}"
            out.append(
                (
                    (order_base, year, _KIND_RANK[kind]),
                    Finding(
                        check="composition_sum",
                        severity=CHECKS["composition_sum"],
                        region=region,
                        indicator_id=parent,
                        name_vi=names,
                        year=year,
                        kind=kind,
                        published=100.0,
                        recomputed=total,
                        tolerance=tol,
                        unit=data.meta[(region, kids[0])].unit,
                        message=f"{who} ({names}): the {year} {kind} shares {parts} sum to "
                        f"{_fmt(round(total, 10))}, not 100 (tolerance ±{tol:g} for "
                        f"{len(shares)} shares printed to {d} decimal(s)).",
                    ),
                )
            )
    return out


def _sum_over_100(data: _Data, region: str, parent: str, ids: list[str], year: int, kind: str,
                  shares: list[float], absent: list[str]) -> tuple[Any, Finding] | None:
    """``composition_sum`` where the shares ``ids`` given in a (year, kind), without the
    shares ``absent`` (ids or quoted names), sum to more than 100 beyond their rounding: a part
    of a whole cannot, whatever the absent shares are (None otherwise)."""
    ds = [data.digits(region, k, year, kind) for k in ids]
    tol = math.fsum(0.5 * 10.0**-d for d in ds)
    total = math.fsum(shares)
    if total <= 100.0 + tol + FLOAT_SLACK:
        return None
    names, where, order_base = _group_label(data, region, ids)
    d = str(ds[0]) if len(set(ds)) == 1 else f"{min(ds)}-{max(ds)}"
    return ((order_base, year, _KIND_RANK[kind]), Finding(
        check="composition_sum", severity=CHECKS["composition_sum"], region=region,
        indicator_id=parent, name_vi=names, year=year, kind=kind, published=100.0,
        recomputed=total, tolerance=tol, unit=data.meta[(region, ids[0])].unit,
        message=f"shares of {parent}{where} ({names}): the {year} {kind} shares "
        f"{' + '.join(_fmt(v) for v in shares)} sum to {_fmt(round(total, 10))}, over 100 "
        f"(tolerance ±{tol:g} for {len(shares)} shares printed to {d} decimal(s)); without "
        f"{', '.join(absent)} they may sum to less than 100, not more."))


def _group_label(data: _Data, region: str, ids: list[str]) -> tuple[str, str, Any]:
    """How findings on the shares ``ids`` name them (``"A + B"``), their region where the
    table has several (``", Sơn La"``), and where they sort (the first share's place)."""
    return (" + ".join(data.name(region, k) for k in ids),
            f", {region}" if region and len(data.region_order) > 1 else "",
            min(data.order[(region, k)] for k in ids))


def _incomplete_years(data: _Data, region: str, parent: str, kids: list[str],
                      complete: set[tuple[int, str]]) -> list[tuple[Any, Finding]]:
    """``composition_incomplete``: each (year, kind) in which some of the shares ``kids`` have
    a figure and others none (``complete``: those in which all have one); ``composition_sum``
    instead where those given already sum to more than 100."""
    names, where, order_base = _group_label(data, region, kids)
    given = {yk for k in kids for yk in data.by_series.get((region, k), {})}
    out: list[tuple[Any, Finding]] = []
    for year, kind in sorted(given - complete, key=lambda yk: (yk[0], _KIND_RANK[yk[1]])):
        # quoted: a share's name may hold commas ("Nông, lâm nghiệp, thủy sản")
        missing = [f"“{data.name(region, k)}”" for k in kids
                   if data.value(region, k, year, kind) is None]
        # those given summing to more than 100 are wrong whatever the others are
        given_values = {k: v for k in kids
                        if (v := data.value(region, k, year, kind)) is not None}
        over = _sum_over_100(data, region, parent, list(given_values), year, kind,
                             list(given_values.values()), missing) \
            if len(given_values) > 1 else None
        if over:
            out.append(over)
            continue
        out.append(((order_base, year, _KIND_RANK[kind]), Finding(
            check="composition_incomplete", severity=CHECKS["composition_incomplete"],
            region=region, indicator_id=parent, name_vi=names, year=year, kind=kind,
            published=None, recomputed=None, tolerance=None,
            unit=data.meta[(region, kids[0])].unit,
            message=f"shares under {parent}{where} ({names}): the {year} {kind} gives "
            f"{len(kids) - len(missing)} of the {len(kids)} shares (none for "
            f"{', '.join(missing)}): not summed.")))
    return out


def _prints_the_total(data: _Data, region: str, parent: str) -> bool:
    """Whether a heading in % prints 100 for every figure it has (within its rounding): the
    total of its shares ("Cơ cấu kinh tế (%)  100  100  100"), not figures of its own."""
    head = data.meta[(region, parent)]
    figures = data.by_series.get((region, parent), {})
    return "%" in head.unit and bool(figures) and all(
        v == v and abs(v - 100.0) <= 0.5 * 10.0 ** -data.digits(region, parent, *yk)
        + FLOAT_SLACK for yk, v in figures.items())


def _are_shares(data: _Data, region: str, ids: list[str]) -> bool:
    """Whether rows may be a composition's shares: all in %, none with a ``higher`` or
    ``lower`` direction (rates with a direction, urban 99.5%, rural 93.2%, are no shares),
    other than one guessed from the target or by default, which says nothing of the row."""
    recs = [data.meta[(region, k)] for k in ids]
    return all("%" in r.unit for r in recs) and not any(
        r.direction in ("higher", "lower") and not r.direction_guessed for r in recs)


def _complete_years(data: _Data, region: str,
                    ids: list[str]) -> dict[tuple[int, str], list[float]]:
    """The figures of ``ids``, in that order, for each (year, kind) that has them all (an
    incomplete composition cannot be summed), by year then kind."""
    keys = sorted({yk for k in ids for yk in data.by_series.get((region, k), {})},
                  key=lambda yk: (yk[0], _KIND_RANK[yk[1]]))
    out: dict[tuple[int, str], list[float]] = {}
    for year, kind in keys:
        vals = [data.value(region, k, year, kind) for k in ids]
        if all(v is not None for v in vals):
            out[(year, kind)] = [float(v) for v in vals if v is not None]
    return out


def _header_figures(data: _Data, region: str, parent: str,
                    kids: list[str]) -> list[tuple[Any, Finding]]:
    """``header_figures``: the header's figures complete its % children to 100 in every year
    they are all given, and the children alone do not (one finding for the header)."""
    head = data.meta[(region, parent)]
    # a structure's heading ("Cơ cấu kinh tế (%)", a group the glossary knows): a rate with
    # sub-rows that happen to complete it (agricultural labour, then industry and services)
    # is no lost share
    name = " ".join(fold(head.name_vi).split())
    if not ("co cau" in name or parent in KNOWN_COMPOSITIONS):
        return []  # "Tỷ trọng ..." may be one share (agricultural labour), not a structure
    if "%" not in head.unit or not _are_shares(data, region, kids):
        return []
    series = [parent, *kids]
    # year, kind, the head's figure, the sum with it and without it, the rounding allowed
    full = [(year, kind, shares[0], math.fsum(shares), math.fsum(shares[1:]),
             math.fsum(0.5 * 10.0 ** -data.digits(region, k, year, kind) for k in series))
            for (year, kind), shares in _complete_years(data, region, series).items()]
    if not full or not all(abs(w - 100.0) <= t + FLOAT_SLACK for *_, w, _, t in full):
        return []
    if all(abs(wo - 100.0) <= t + FLOAT_SLACK for *_, wo, t in full):
        return []  # the children are a composition by themselves
    year, kind, head_value, _, without, _ = full[0]
    who = data.label(region, parent)
    return [((data.order[(region, parent)], year), Finding(
        check="header_figures", severity=CHECKS["header_figures"], region=region,
        indicator_id=parent, name_vi=head.name_vi or parent, year=year, kind=kind,
        published=100.0, recomputed=without, tolerance=None, unit=head.unit,
        message=f"{who}: the header has figures of its own ({_fmt(head_value)} for the "
        f"{year} {kind}), and its {len(kids)} sub-rows' shares sum to 100 only with them "
        f"({_fmt(round(without, 10))} without), in every year: most likely a share's name line "
        "is missing, so its figures were read as the header's."))]


def _check_targets(data: _Data) -> list[tuple[Any, Finding]]:
    """``target_below_current``, ``rate_below_current`` and ``against_trend`` findings."""
    out: list[tuple[Any, Finding]] = []
    for (region, iid), rec in data.meta.items():
        obs = data.observations(region, iid)
        who = data.label(region, iid)
        for year, plan in data.plans(region, iid):
            before = [o for o in obs if o[0] < year]
            if not before:
                continue
            ly, lk, latest = before[-1]
            order = (data.order[(region, iid)], year)
            common: dict[str, Any] = {
                "region": region,
                "indicator_id": iid,
                "name_vi": rec.name_vi or iid,
                "year": year,
                "kind": "plan",
                "published": plan,
                "recomputed": latest,
                "tolerance": None,
                "compared_year": ly,
                "compared_kind": lk,
                "unit": rec.unit,
            }
            direction = rec.direction
            # A direction guessed from the plans themselves says nothing about which way is
            # better: no finding rests on it (as for the shares of a composition).
            worse = (direction == "higher" and plan < latest) or (
                direction == "lower" and plan > latest)
            if worse and not rec.direction_guessed:
                side = "below" if direction == "higher" else "above"
                message = (f"{who}: the {year} plan of {_fmt(plan)} is {side} the {ly} {lk} "
                           f"of {_fmt(latest)}, although {direction} is better.")
                check = "target_below_current"
                # A growth rate is a new figure each year: a slower (faster) pace planned is
                # not a level given up, unless a higher-is-better rate is planned at or below 0.
                if rec.scale == "rate" and not (direction == "higher" and plan <= 0):
                    check = "rate_below_current"
                    pace = "slower" if direction == "higher" else "faster"
                    message = (f"{who}: the {year} plan of {_fmt(plan)} is {side} the {ly} "
                               f"{lk} of {_fmt(latest)}: a growth rate is a new figure each "
                               f"year, so this plans a {pace} pace than in {ly}, not a fall "
                               f"from a level already reached ({direction} is better).")
                out.append((order, Finding(check=check, severity=CHECKS[check],
                                           message=message, **common)))
            # A growth rate's step from one year to the next is no trend to go against (rates
            # revert); rate_below_current reports a slower pace planned.
            if len(before) < 2 or rec.scale == "rate":
                continue
            py, pk, prev = before[-2]
            step, last_step = np.sign(plan - latest), np.sign(latest - prev)
            if step != 0 and last_step != 0 and step != last_step:
                verb = "rises" if step > 0 else "falls"
                was = "fell" if last_step < 0 else "rose"
                out.append(
                    (
                        order,
                        Finding(
                            check="against_trend",
                            severity=CHECKS["against_trend"],
                            message=f"{who}: the {year} plan of {_fmt(plan)} {verb} from the "
                            f"{ly} {lk} of {_fmt(latest)}, which {was} from {_fmt(prev)} "
                            f"({py} {pk}).",
                            **common,
                        ),
                    )
                )
    return out


def _check_jumps(data: _Data) -> list[tuple[Any, Finding]]:
    """``large_jump``: consecutive observations, and each plan against the latest observation
    before it, further apart than :data:`JUMP_POINTS` points a year (percentages) or
    :data:`JUMP_FACTOR` times a year (other positive figures), or, for a growth rate (scale
    ``rate``, when the table says so), further apart than :data:`JUMP_RATE_POINTS` points."""
    out: list[tuple[Any, Finding]] = []
    for (region, iid), rec in data.meta.items():
        obs = data.observations(region, iid)
        steps = list(itertools.pairwise(obs))
        seen = {o[0] for o in obs}
        for year, plan in data.plans(region, iid):
            before = [o for o in obs if o[0] < year]
            if before and year not in seen:  # a plan with an outcome: the outcome's step counts
                steps.append((before[-1], (year, "plan", plan)))
        rate = rec.scale == "rate"  # a growth rate swings: only a jump of tens of points
        percent = rec.scale == "percent" if rec.scale else is_percent_unit(rec.unit)
        who = data.label(region, iid)
        for (y0, k0, v0), (y1, k1, v1) in steps:
            n = y1 - y0
            # how many times apart a year, either way (1 unless both figures are positive)
            times = max(v1 / v0, v0 / v1) ** (1.0 / n) if v0 > 0 and v1 > 0 else 1.0
            decimal = False  # a small percentage off by a factor (0.817 for 8.17)
            if rate:
                big = abs(v1 - v0) > JUMP_RATE_POINTS
                how = f"{v1 - v0:+.4g} points"
            elif percent:
                decimal = (times > JUMP_PERCENT_FACTOR
                           and abs(v1 - v0) / n >= JUMP_PERCENT_MIN_POINTS)
                big = abs(v1 - v0) / n > JUMP_POINTS or decimal
                how = (f"{v1 - v0:+.4g} points" + (f" ({v1 / v0:.3g} times)" if decimal else "")
                       + f" in {n} year{'s' if n > 1 else ''}")
            else:
                big = times > JUMP_FACTOR
                how = f"{v1 / v0:.3g} times in {n} year{'s' if n > 1 else ''}" if big else ""
            if not big:
                continue
            why = ("a misplaced decimal, or an index (previous year = 100) written for a growth "
                   "rate?" if rate else
                   "a misplaced decimal, or a change of definition?" if decimal else
                   "a change of definition, or a figure in another unit?")
            out.append((
                (data.order[(region, iid)], y1),
                Finding(check="large_jump", severity=CHECKS["large_jump"],
                        message=f"{who}: the {y1} {k1} of {_fmt(v1)} is {how} from the {y0} "
                        f"{k0} of {_fmt(v0)}: {why}", region=region, indicator_id=iid,
                        name_vi=rec.name_vi or iid,
                        year=y1, kind=k1, published=v1, recomputed=v0, tolerance=None,
                        compared_year=y0, compared_kind=k0, unit=rec.unit)))
    return out


def _unit_spelling(unit: str) -> str:
    """A unit as compared for its spelling: NFC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFC", unit).casefold().split())


def _unit_letters(unit: str) -> str:
    """A unit's spelling without its accent marks (``đ`` as ``d``)."""
    bare = unicodedata.normalize("NFD", _unit_spelling(unit)).replace("đ", "d")
    return "".join(c for c in bare if not unicodedata.combining(c))


#: Units that differ only in accent marks and may both be meant: households and lakes (hộ,
#: hồ), villages and tables (bản, bàn); spellings as compared (:func:`_unit_spelling`). Two of
#: these are never taken for a typo of each other.
_DISTINCT_UNITS = frozenset({"hộ", "hồ", "bản", "bàn"})


def _check_units(data: _Data) -> list[tuple[Any, Finding]]:
    """``unit_spelling``: units that differ from another indicator's only in accent marks."""
    spellings: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for rk, rec in data.meta.items():
        if rec.unit.strip():
            spellings.setdefault(_unit_letters(rec.unit), {}).setdefault(
                _unit_spelling(rec.unit), []).append(rk)
    out: list[tuple[Any, Finding]] = []
    for by_spelling in spellings.values():
        if len(by_spelling) < 2:
            continue
        most = max(len(v) for v in by_spelling.values())
        for spelling, series in by_spelling.items():
            if len(series) == most and sum(len(v) == most for v in by_spelling.values()) == 1:
                continue  # the common spelling
            others = [v for k, v in by_spelling.items() if k != spelling
                      and not {k, spelling} <= _DISTINCT_UNITS]
            if not others:
                continue  # two real words, not a typo
            other = max(others, key=len)  # the commonest other spelling
            shown = data.meta[other[0]].unit.strip()
            for region, iid in series:
                rec = data.meta[(region, iid)]
                n = len({i for _, i in other})  # indicators, not their regions' series
                out.append((
                    (data.order[(region, iid)], rec.year),
                    Finding(check="unit_spelling", severity=CHECKS["unit_spelling"],
                            message=f"{data.label(region, iid)}: the unit “{rec.unit.strip()}” "
                            f"differs only in its accents from “{shown}”, the unit of {n} "
                            f"other indicator{'s' if n > 1 else ''}: a typo?",
                            region=region, indicator_id=iid, name_vi=rec.name_vi or iid,
                            year=rec.year, kind=rec.kind, published=None, recomputed=None,
                            tolerance=None, unit=rec.unit)))
    return out


def audit(table: pd.DataFrame, ratios: pd.DataFrame | None = None,
          earlier: pd.DataFrame | None = None) -> AuditReport:
    """Check a resolution's own arithmetic: ratios, composition sums and odd targets.

    Parameters
    ----------
    table : pandas.DataFrame
        The tidy table (``DATA_FORMAT.md``): ``indicator_id``, ``year``, ``kind``, ``value``
        and, used when present, ``region`` (absent: one region), ``unit`` (a composition's
        children must be in %), ``name_vi``, ``direction`` (``higher``/``lower``/``band``;
        rows without one, or with one guessed from the plans (``direction_source`` ``plan``
        or ``default``), skip ``target_below_current``), ``scale`` (``rate``: a growth rate,
        checked by ``rate_below_current`` and not by ``against_trend`` or ``large_jump``;
        ``count``: exact figures, no rounding allowed for in a ratio), ``parent_id``
        (composition), ``line`` (document order; else the order of first appearance) and
        ``decimals`` (the digits each figure was printed with after the decimal mark, as
        ``sonla-forecast parse`` writes them; else each figure is taken at its series'
        precision, below).
    ratios : pandas.DataFrame, optional
        Published ratios, as :attr:`~sonla_forecast.io.resolution.ParsedResolution.ratios`:
        ``indicator_id``, ``numerator_year``, ``numerator_kind``, ``denominator_year``,
        ``denominator_kind``, ``published`` (percent), ``decimals`` (printed) and optionally
        ``name_vi`` and ``region``. Without it the ratio checks are skipped.
    earlier : pandas.DataFrame, optional
        Earlier versions of revised figures (``region``, ``indicator_id``, ``year``, ``kind``,
        ``value``, ``source``; :attr:`~sonla_forecast.IndicatorTable.dropped`): a published
        ratio that follows from versions of its two figures in force together on some
        source's date is consistent (it was printed with them).

    Returns
    -------
    AuditReport
        Findings ordered by check (as in :data:`CHECKS`), then document order, then year.

    Raises
    ------
    InputError
        If a required column is missing, a cell is not a number, a kind is unknown, the
        table has two rows for one (region, indicator_id, year, kind), or a published ratio
        is for an indicator the table does not have.

    Notes
    -----
    ``ratio_mismatch``: with :math:`d` the decimals printed (the ratios' ``decimals``, never
    fewer than the published figure needs: 101.01 has 2), flag when
    :math:`|100\\,x_{num}/x_{den} - p| > 0.5 \\cdot 10^{-d} + s + 10^{-9}`, where :math:`s`
    is how far the ratio can move when each figure moves by half a unit of its printed
    precision, :math:`u_{num}` and :math:`u_{den}` (the figure's own ``decimals`` where the
    table gives them, else the most decimals needed to write any of the indicator's figures;
    0 for a count, which is exact):
    on the side the published ratio lies, :math:`s = r_{hi} - r` for :math:`p \\ge r` and
    :math:`s = r - r_{lo}` below it, :math:`r` the recomputed ratio and
    :math:`r_{hi}`, :math:`r_{lo}` the largest and smallest ratio over
    :math:`[x_{num} \\pm u_{num}] \\times [x_{den} \\pm u_{den}]` (for a positive numerator,
    :math:`100 (x_{num} + u_{num})/(x_{den} - u_{den})` and
    :math:`100 (x_{num} - u_{num})/(x_{den} + u_{den})`: 2 and 3 printed whole allow 100% to
    233%, so 99 is flagged where the larger side would have let it pass);
    :math:`s = \\infty` when :math:`x_{den} \\le u_{den}`.

    ``composition_sum``: for the :math:`n` % children of a value-less header, per year and
    kind with every child present, flag when :math:`|\\sum x_i - 100| > \\sum_i 0.5 \\cdot
    10^{-d_i}`, :math:`d_i` the decimals share :math:`i` was printed with (its ``decimals``,
    else the most decimals needed to write any of that child's figures, any year, any kind).
    A group is skipped
    when a child has a ``higher`` or ``lower`` direction, or when no year sums to within
    :data:`COMPOSITION_PLAUSIBLE` points of 100 (rates by area, not shares).

    ``target_below_current`` (``rate_below_current`` for a growth rate) and ``against_trend``
    compare a plan for year :math:`Y` with the
    latest actual or estimate before :math:`Y` (an actual wins over an estimate of the same
    year), and ``against_trend`` the sign of that step with the sign of the latest observed
    change (not for a growth rate). Equal values are never flagged. ``large_jump`` flags
    :math:`|x_1 - x_0| / n >`
    :data:`JUMP_POINTS` for a percentage, else :math:`\\max(x_1/x_0, x_0/x_1)^{1/n} >`
    :data:`JUMP_FACTOR` for positive figures, :math:`n` years apart.

    Examples
    --------
    >>> import pandas as pd
    >>> from sonla_forecast.audit import audit
    >>> t = pd.DataFrame({
    ...     "indicator_id": ["investment_total"] * 3,
    ...     "year": [2023, 2024, 2025], "kind": ["actual", "estimate", "plan"],
    ...     "value": [20967.0, 21130.0, 23000.0], "unit": "Tỷ đồng",
    ...     "name_vi": "Tổng vốn đầu tư toàn xã hội", "direction": "higher"})
    >>> r = pd.DataFrame({
    ...     "indicator_id": ["investment_total"], "numerator_year": [2024],
    ...     "numerator_kind": ["estimate"], "denominator_year": [2023],
    ...     "denominator_kind": ["actual"], "published": [101.01], "decimals": [2]})
    >>> report = audit(t, r)
    >>> report
    AuditReport(findings=1, error=1, warning=0, info=0)
    >>> f = report.findings[0]
    >>> f.check, f.published, round(f.recomputed, 2)
    ('ratio_mismatch', 101.01, 100.78)
    """
    data = _Data(table)
    versions: dict[tuple[str, str, int, str], list[tuple[float, str]]] = {}
    sources: dict[tuple[str, str, int, str], str] = {}
    if earlier is not None and len(earlier) and ratios is not None:
        for key, value, src in _keyed(earlier):
            if not pd.isna(value):
                versions.setdefault(key, []).append((float(value), src))
        if "source" in table.columns:
            sources = {key: src for key, _, src in _keyed(table)}
    groups: dict[str, list[tuple[Any, Finding]]] = {c: [] for c in CHECKS}
    found = [*(_check_ratios(data, ratios, versions, sources) if ratios is not None else []),
             *_check_compositions(data), *_check_targets(data), *_check_jumps(data),
             *_check_units(data)]
    for order, f in found:
        groups[f.check].append((order, f))
    findings: list[Finding] = []
    for check in CHECKS:
        findings += [f for _, f in sorted(groups[check], key=lambda of: of[0])]
    return AuditReport(findings=tuple(findings), ratios_checked=ratios is not None)
