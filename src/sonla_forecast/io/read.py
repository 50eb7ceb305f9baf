"""Reading a resolution text into a validated :class:`Resolution`."""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..table import IndicatorTable, read_table

__all__ = ["Resolution", "read_resolution"]


@dataclass(frozen=True)
class Resolution:
    """A plan resolution's annex of main indicators.

    Attributes
    ----------
    table : IndicatorTable
        The tidy table (actuals, estimates and plans of every row).
    ratios : DataFrame
        The published "% of previous year" cells, one row each: ``indicator_id, name_vi,
        numerator_year, numerator_kind, denominator_year, denominator_kind, published,
        decimals`` and, when parsed from a resolution's text, ``line``.
    source : str
        E.g. ``"420/NQ-HĐND 2024-12-05"``.
    title : str
        The annex title as printed.
    """

    table: IndicatorTable
    ratios: pd.DataFrame
    source: str = ""
    title: str = ""

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
        :func:`~sonla_forecast.io.resolution.parse_resolution` does (the council's province).

    Returns
    -------
    Resolution

    Raises
    ------
    InputError
        With the line number, if the annex cannot be found or a cell cannot be read.

    Examples
    --------
    >>> from sonla_forecast.datasets import data_path
    >>> res = read_resolution(data_path("nq-420-2024-sonla-ke-hoach-2025.txt"))
    >>> len(res.table), len(res.ratios)
    (136, 18)
    """
    from .resolution import parse_resolution

    p = Path(path)
    if not p.is_file():
        raise InputError(f"resolution file not found: {str(p)!r}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{str(p)!r} is not UTF-8 text ({exc.reason})") from exc
    parsed = parse_resolution(text, region=region)
    return Resolution(
        # Indexed by the line of each figure, so that an input error names the text's line.
        table=read_table(parsed.table.drop(columns=["line", "value_line"])
                         .set_axis(parsed.table["value_line"].to_numpy(), axis=0)),
        ratios=parsed.ratios.reset_index(drop=True),
        source=parsed.source,
        title=parsed.title,
    )
