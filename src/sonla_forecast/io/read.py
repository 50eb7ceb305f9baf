"""Reading a resolution text into a validated :class:`Resolution`."""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..table import (
    IndicatorTable,
    _clean_header,
    _parse_numbers,
    _read_csv,
    _read_table,
    read_utf8,
)

__all__ = ["Resolution", "read_ratios", "read_resolution"]


@dataclass(frozen=True, eq=False)
class Resolution:
    """A plan resolution's annex of main indicators.

    Attributes
    ----------
    table : IndicatorTable
        The tidy table (actuals, estimates and plans of every row).
    ratios : DataFrame
        The published "% of previous year" cells, one row each: ``indicator_id, name_vi,
        numerator_year, numerator_kind, denominator_year, denominator_kind, published,
        decimals`` and, when parsed from a resolution's text, ``line``. The resolution keeps a
        copy of the frame it is given and hands out copies of it: changing one changes neither
        the resolution nor what :func:`sonla_forecast.audit` checks.
    source : str
        E.g. ``"420/NQ-HĐND 2024-12-05"``.
    title : str
        The annex title as printed.
    """

    table: IndicatorTable
    ratios: pd.DataFrame
    source: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratios", pd.DataFrame(self.ratios).copy())

    def __getattribute__(self, name: str) -> Any:
        # a frozen dataclass cannot freeze a DataFrame: its ratios are handed out as copies
        # (dataclasses.replace and asdict read them here too)
        value = object.__getattribute__(self, name)
        return value.copy() if name == "ratios" else value

    def __repr__(self) -> str:
        return (f"Resolution(source={self.source!r}, rows={len(self.table)}, "
                f"ratios={len(self.ratios)})")


def read_resolution(path: str | PathLike[str], *, region: str | None = None) -> Resolution:
    """Parse a provincial plan resolution (text) into its tidy table and published ratios.

    Parameters
    ----------
    path : path
        A UTF-8 text file with one table cell per line in the annex, like
        ``420/NQ-HĐND`` of Sơn La.
    region : str, optional
        Region written into the table. Default: read from the text, as
        :func:`~sonla_forecast.io.resolution.parse_resolution` does (the council's province,
        or "Thành phố <name>" for a city council other than a centrally-run city).

    Returns
    -------
    Resolution

    Raises
    ------
    InputError
        With the line number, if the file is not UTF-8, the annex cannot be found or a cell
        cannot be read.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.datasets import data_path
    >>> res = sf.read_resolution(data_path("nq-420-2024-sonla-ke-hoach-2025.txt"))
    >>> len(res.table), len(res.ratios)
    (136, 18)
    """
    from .resolution import parse_resolution

    p = Path(path)
    if not p.exists():
        raise InputError(f"resolution file not found: {str(p)!r}")
    if not p.is_file():
        raise InputError(f"{str(p)!r} is not a file (a directory or a device): give the "
                         "resolution's text file")
    parsed = parse_resolution(read_utf8(p), region=region)
    return Resolution(
        # parsed.table is indexed by the line of each figure: input errors name the text's line.
        table=_read_table(parsed.table.drop(columns=["line"]), from_resolution=True),
        ratios=parsed.ratios.reset_index(drop=True),
        source=parsed.source,
        title=parsed.title,
    )


def read_ratios(path: str | PathLike[str]) -> pd.DataFrame:
    """Read the published "% of previous year" ratios of a resolution from a CSV file.

    The file is what ``sonla-forecast parse --ratios`` writes (and ``data/sonla_2025_ratios.csv``
    is), read with :func:`~sonla_forecast.read_table`'s strict CSV reader and checked as
    :func:`~sonla_forecast.audit` checks ratios.

    Parameters
    ----------
    path : path
        A UTF-8 CSV file with the columns ``indicator_id, numerator_year, numerator_kind,
        denominator_year, denominator_kind, published, decimals`` (``name_vi``, ``line`` and
        ``region`` optional).

    Returns
    -------
    DataFrame
        One row per ratio, indexed by its line in the file: the years and ``decimals`` as
        integers, the kinds in lower case, ``published`` (percent) as a float. Pass it to
        :func:`~sonla_forecast.audit` as ``ratios=``.

    Raises
    ------
    InputError
        Naming the line and column: a file that is missing, not UTF-8 or empty, a missing
        column, a number that cannot be read, a year outside 1900-2200, an unknown kind,
        ``decimals`` outside -2 to 10.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> from sonla_forecast.datasets import data_path
    >>> ratios = sf.read_ratios(data_path("sonla_2025_ratios.csv"))
    >>> report = sf.audit(sf.load_sonla_2025(), ratios=ratios)
    >>> [f.indicator_id for f in report if f.check == "ratio_mismatch"]
    ['investment_total']
    """
    from ..audit import _RATIO_REQUIRED, ratio_fields

    p = Path(path)
    if not p.is_file():
        raise InputError(f"ratios file not found: {str(p)!r}")
    df = _read_csv(p)
    df.columns = [_clean_header(c) for c in df.columns]
    missing = [c for c in _RATIO_REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"the ratios file lacks column(s) {missing}; it needs "
                         f"{list(_RATIO_REQUIRED)} (as sonla-forecast parse --ratios writes)",
                         row=1, column=missing[0])
    fields = [ratio_fields({str(k): v for k, v in d.items()}, d["row"])
              for d in df.to_dict("records")]
    cols = ("numerator_year", "numerator_kind", "denominator_year", "denominator_kind",
            "published", "decimals")
    for j, col in enumerate(cols):
        df[col] = [f[j] for f in fields]
    if "line" in df.columns:
        df["line"] = _parse_numbers(df, "line").astype("int64")
    # text as text, one dtype (pandas' default string dtype), as the parser's ratios have it
    for col in ("region", "indicator_id", "name_vi", "numerator_kind", "denominator_kind"):
        if col in df.columns:
            df[col] = df[col].astype(str)
    return df.set_index("row").rename_axis(None)
