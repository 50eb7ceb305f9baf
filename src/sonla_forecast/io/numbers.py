"""Strict parsing of numbers written the Vietnamese way.

In Vietnamese official documents ``.`` groups thousands and ``,`` marks the decimals:
``20.967`` is twenty thousand nine hundred and sixty-seven, ``0,75`` is three quarters.
Parsing is strict: a dot must always be followed by exactly three digits (so ``20.96`` is an
error, never 20.96), there is no locale guessing, and every failure is an
:class:`~sonla_forecast.errors.InputError` that says what was expected, what came in and where.

The grammar, with ``d`` a digit::

    number   := ["-"] integer ["," d+]
    integer  := "0" | [1-9] d*                      (no grouping: 61, 2024, 20967)
              | [1-9] d? d? ("." d d d)+            (grouped: 20.967, 1.234.567)

Surrounding whitespace is ignored; whitespace inside the number is not.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from sonla_forecast.errors import InputError

__all__ = ["decimals", "is_vn_number", "parse_vn_number", "printed_decimals", "round_half_up"]

_VN_NUMBER = re.compile(
    r"""
    (?P<sign>-)?
    (?P<int>0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)
    (?:,(?P<frac>[0-9]+))?
    """,
    re.VERBOSE,
)

_EXPECTED = "expected e.g. 20.967 or 0,75: '.' groups thousands in threes, ',' marks decimals"


def _match(text: str) -> re.Match[str] | None:
    return _VN_NUMBER.fullmatch(text.strip())


def _hint(text: str) -> str:
    """A specific reason why ``text`` is not a Vietnamese number, or ``""``."""
    s = text.strip()
    if not s:
        return "the cell is empty"
    if re.match(r"[−–—]\s*[0-9]", s):
        return (f"its sign '{s[0]}' is a typographic minus or dash, not the ASCII '-': write "
                f"-{s[1:].lstrip()}")
    if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)+", s):
        return "a dot groups thousands and must be followed by exactly three digits"
    if s.count(",") > 1:
        return "there can be only one decimal comma"
    if re.search(r",[0-9]*\.", s):
        return "a thousands dot cannot follow the decimal comma"
    if re.search(r"\s", s):
        return "a number cannot contain spaces"
    if s in ("-", "–", "—"):
        return "a dash marks a figure not known: there is no number to read"
    if not re.search(r"[0-9]", s):
        return "a figure not known is printed '-'"
    if re.search(r"[eE][-+]?[0-9]", s):
        return "a number has no exponent"
    return ""


def is_vn_number(text: str) -> bool:
    """Whether ``text`` is a number in the strict Vietnamese format.

    Parameters
    ----------
    text : str
        The cell as printed. Surrounding whitespace is ignored.

    Returns
    -------
    bool
        ``True`` exactly when :func:`parse_vn_number` would succeed.

    See Also
    --------
    parse_vn_number : Parse the number.

    Examples
    --------
    >>> from sonla_forecast.io.numbers import is_vn_number
    >>> is_vn_number("20.967"), is_vn_number("0,75"), is_vn_number("20.96"), is_vn_number("-")
    (True, True, False, False)
    """
    return isinstance(text, str) and _match(text) is not None


def parse_vn_number(
    text: str,
    *,
    row: int | str | None = None,
    column: str | None = None,
    row_name: str | None = None,
) -> float:
    """Parse a number printed the Vietnamese way (``20.967`` -> 20967.0, ``0,75`` -> 0.75).

    Parameters
    ----------
    text : str
        The cell as printed: ``.`` separates thousands (groups of exactly three digits),
        ``,`` separates decimals, an optional leading ``-``. Surrounding whitespace is ignored.
    row : int or str, optional
        Where the cell comes from (a line number, say), quoted in the error message.
    column : str, optional
        The column the cell belongs to, quoted in the error message.
    row_name : str, optional
        A readable name for ``row`` (the indicator's name), quoted in the error message.

    Returns
    -------
    float
        Exactly ``float()`` of the same number written as a plain decimal literal (the digits
        are rearranged as text and converted once, never multiplied), so ``0,1`` gives the
        same float as the literal ``0.1``.

    Raises
    ------
    InputError
        If ``text`` is not a string or not a number in this format (empty, ``20.96``,
        ``20,9.67``, ``abc``, ...). The message names ``row`` and ``column`` when given.

    See Also
    --------
    decimals : How many decimals the number was printed with.
    is_vn_number : Test without raising.

    Examples
    --------
    >>> from sonla_forecast.io.numbers import parse_vn_number
    >>> parse_vn_number("20.967")
    20967.0
    >>> parse_vn_number("0,75")
    0.75
    >>> parse_vn_number("1.234.567,5")
    1234567.5
    >>> parse_vn_number("-2,5")
    -2.5
    >>> parse_vn_number("20.96", row=12, column="value")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sonla_forecast.errors.InputError: row 12, column 'value': '20.96' is not a Vietnamese number ...
    """
    if not isinstance(text, str):
        raise InputError(
            f"{text!r} is not a Vietnamese number (got {type(text).__name__}; expected a str "
            "such as '20.967' or '0,75')",
            row=row,
            row_name=row_name,
            column=column,
            value=text,
        )
    m = _match(text)
    if m is None:
        hint = _hint(text)
        why = f"{hint}; {_EXPECTED}" if hint else _EXPECTED
        raise InputError(
            f"{text!r} is not a Vietnamese number ({why})",
            row=row,
            row_name=row_name,
            column=column,
            value=text,
        )
    plain = (m["sign"] or "") + m["int"].replace(".", "")
    if m["frac"] is not None:
        plain += "." + m["frac"]
    value = float(plain)
    if math.isinf(value):
        raise InputError(f"{text[:16]!r}... ({len(text)} characters) is too large for a number",
                         row=row, row_name=row_name, column=column, value=text)
    if value == 0 and any(c in "123456789" for c in plain):
        raise InputError(f"{text[:16]!r}... ({len(text)} characters) is too small for a number: "
                         "it would be read as 0", row=row, row_name=row_name, column=column,
                         value=text)
    return value


def decimals(
    text: str,
    *,
    row: int | str | None = None,
    column: str | None = None,
    row_name: str | None = None,
) -> int:
    """Number of digits printed after the decimal comma.

    Parameters
    ----------
    text : str
        A Vietnamese number, as accepted by :func:`parse_vn_number`.
    row, column, row_name : optional
        Location quoted in the error message, as in :func:`parse_vn_number`.

    Returns
    -------
    int
        ``0`` for a whole number (``20.967``), else the count of digits after ``,``
        (``186,6`` -> 1, ``96,10`` -> 2: trailing zeros count, as printed).

    Raises
    ------
    InputError
        If ``text`` is not a Vietnamese number.

    Examples
    --------
    >>> from sonla_forecast.io.numbers import decimals
    >>> decimals("186,6"), decimals("20.967"), decimals("96,10")
    (1, 0, 2)
    """
    parse_vn_number(text, row=row, column=column, row_name=row_name)
    m: Any = _match(text)
    return 0 if m["frac"] is None else len(m["frac"])


#: A value within this fraction of itself (of 1, for a value from 0.1 to 1) of its rounding
#: to some decimals is written exactly with them: far above float noise (about 1e-16), below
#: the 12th significant digit.
EXACT_RTOL = 1e-12


def printed_decimals(x: np.ndarray, max_decimals: int = 6) -> np.ndarray:
    """Fewest decimals that write each value exactly (21.9 -> 1, 8.17 -> 2, 83 -> 0), at most
    ``max_decimals`` after the zeros that lead a value below 0.1 (0.0001234 -> 7, so that a
    figure in a small unit keeps its precision); that cap where none does.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.io.numbers import printed_decimals
    >>> printed_decimals(np.array([21.9, 8.17, 83.0, 0.0001234])).tolist()
    [1, 2, 0, 7]
    >>> printed_decimals(np.array([1 / 3]), max_decimals=2).tolist()
    [2]
    """
    x = np.asarray(x, dtype=np.float64)
    a = np.abs(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.isfinite(a) & (a > 0) & (a < 0.1)
        lead = np.where(small, -np.floor(np.log10(np.where(small, a, 1.0))) - 1, 0)
    cap = max_decimals + lead.astype(np.int64)
    # float noise is about 1e-16 of the value: 1e-12 of it (of 1 from 1 down) is "exact",
    # which tells the 12 significant digits a figure may carry apart (1e-9 took 1234567890.1
    # for a whole number)
    tol = EXACT_RTOL * np.where(a >= 1.0, a, np.where(small, a, 1.0))
    out = cap.copy()
    for d in range(int(cap.max()) if cap.size else max_decimals, -1, -1):
        with np.errstate(invalid="ignore"):  # inf - inf: not exact at any precision
            exact = (d <= cap) & (np.abs(np.round(x, d) - x) <= tol)
        out = np.where(exact, d, out)
    return out


def round_half_up(x: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round half away from zero on the number as written: 0.295 (a float a hair below it) to
    0.30, as a reader and the HTML report round it; numpy's ``round`` gives 0.3 by halving to
    even on the scaled float, and ``f"{0.295:.2f}"`` gives 0.29.

    Examples
    --------
    >>> import numpy as np
    >>> from sonla_forecast.io.numbers import round_half_up
    >>> round_half_up(np.array([0.295, 0.2949, 0.285, -0.285]), 2).tolist()
    [0.3, 0.29, 0.29, -0.29]
    """
    v = np.asarray(x, dtype=np.float64)
    scale = 10.0 ** decimals
    # 1e-9 of a unit of the last decimal: a value written with a 5 there but stored a hair
    # below it rounds up; one truly below (0.2949) does not
    return np.sign(v) * np.floor(np.abs(v) * scale + 0.5 + 1e-9) / scale
