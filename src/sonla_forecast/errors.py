"""Exceptions raised by :mod:`sonla_forecast`.

Every input problem is an :class:`InputError`, which subclasses :class:`ValueError` so that
``except ValueError`` keeps working. It carries the location of the bad cell (``row``,
``column``) and the offending ``value``, and its message says what was expected, what came in
and where.
"""

from __future__ import annotations

import decimal
import math
import numbers
from typing import Any

__all__ = [
    "InputError",
    "ModelError",
    "SonlaError",
    "real_option",
]


class SonlaError(Exception):
    """Base class of the errors the library raises on purpose.

    Three follow Python's conventions instead: ``KeyError`` from indexing a result by an unknown
    indicator, ``ImportError`` from plotting without matplotlib, and ``TypeError`` from writing
    into a result's read-only data.
    """


class InputError(SonlaError, ValueError):
    """Bad input: a table, a file, a resolution text or an argument.

    Parameters
    ----------
    message : str
        What was expected and what came in.
    row : int or str, optional
        The offending row: a 1-based line number in a file (header is line 1), a row label
        of a DataFrame, or a description such as ``"poverty_rate 2024 estimate"``.
    row_name : str, optional
        A human-readable name of the row (the indicator's Vietnamese name, say).
    column : str, optional
        The offending column.
    value : object, optional
        The offending value as it came in.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> err = sf.InputError("'20,9.67' is not a number", row=12, column="value", value="20,9.67")
    >>> str(err)
    "row 12, column 'value': '20,9.67' is not a number"
    >>> isinstance(err, ValueError)
    True
    >>> str(sf.InputError("needs a file", column="--ratios"))  # a command-line option
    "option '--ratios': needs a file"
    """

    def __init__(
        self,
        message: str,
        *,
        row: int | str | None = None,
        row_name: str | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        # Plain Python values (a numpy int64 row label is an int), so that they serialise.
        if row is not None and not isinstance(row, (int, str)) and hasattr(row, "item"):
            row = row.item()
        value = value.item() if hasattr(value, "item") and getattr(value, "ndim", 1) == 0 \
            else value
        self.row = row
        self.row_name = row_name
        self.column = column
        self.value = value
        self.message = message
        where = []
        if row is not None:
            where.append(f"row {row}" + (f" ({row_name})" if row_name else ""))
        if column is not None:  # a command-line option is named as one
            where.append(f"{'option' if column.startswith('--') else 'column'} {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class ModelError(SonlaError, RuntimeError):
    """A model could not be fitted or used (for instance, no history at all)."""


def real_option(value: Any, column: str, expected: str) -> float:
    """An option given as a number, as a finite float.

    Parameters
    ----------
    value : Any
        What the caller passed (an int, a float, a Decimal, a numpy number or 0-d array).
    column : str
        The option's name, for the message.
    expected : str
        What it must be ("a whole number >= 2"), for the message.

    Returns
    -------
    float

    Raises
    ------
    InputError
        If ``value`` is not a real number (a string, a bool, None) or is not finite.

    Examples
    --------
    >>> from sonla_forecast.errors import real_option
    >>> real_option(3, "window", "a whole number >= 2")
    3.0
    >>> real_option("1", "band_tolerance", "a number >= 0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sonla_forecast.errors.InputError: ...band_tolerance must be a number >= 0, got '1'
    """
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()  # a 0-d numpy array
    try:
        number = float(value) if not isinstance(value, (bool, str, bytes)) and isinstance(
            value, (numbers.Real, decimal.Decimal)) else math.nan
    except (OverflowError, ValueError):  # an int beyond the largest double, Decimal("sNaN")
        number = math.inf
    if not math.isfinite(number):
        raise InputError(f"{column} must be {expected}, got {value!r}", column=column,
                         value=value)
    return number
