"""Tests for :mod:`sonla_forecast.io.numbers` (strict Vietnamese number parsing)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sonla_forecast as sf
from sonla_forecast.errors import InputError
from sonla_forecast.io.numbers import decimals, is_vn_number, parse_vn_number

# Every example of the brief; the expected float is the Python literal of the same number.
EXAMPLES = [
    ("20.967", 20967.0),  # 420/NQ-HĐND: total social investment 2023, billion VND
    ("0,75", 0.75),  # 420/NQ-HĐND: GRDP growth 2023, %
    ("4.291", 4291.0),  # 420/NQ-HĐND: budget revenue 2023
    ("186,6", 186.6),  # 420/NQ-HĐND: exports 2023, million USD
    ("1.234.567,5", 1234567.5),
    ("61", 61.0),  # 420/NQ-HĐND: trained labour 2023, printed without decimals
    ("-2,5", -2.5),
    ("0", 0.0),
    ("2024", 2024.0),  # ungrouped thousands are allowed
    ("96,10", 96.1),
    ("8,17", 8.17),
    ("  14,17 ", 14.17),  # surrounding whitespace is ignored
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_parse_examples(text: str, expected: float) -> None:
    got = parse_vn_number(text)
    assert type(got) is float
    assert got == expected
    assert is_vn_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("186,6", 1), ("20.967", 0), ("96,10", 2), ("0,75", 2), ("1.234.567,5", 1), ("61", 0)],
)
def test_decimals(text: str, expected: int) -> None:
    assert decimals(text) == expected


BAD = [
    "20.96",  # a dot is never a decimal point: groups have exactly 3 digits
    "20.9670",
    "20,9.67",
    "1,2,3",
    "abc",
    "",
    "   ",
    "-",
    "1 234",
    "20.967,",
    ",5",
    "0.750",  # a leading 0 cannot start a thousands group
    "007",
    "12%",
    "+3",
    "1e5",
    "20.967.1",
    "1234.567",  # a leading thousands group has at most three digits
]


@pytest.mark.parametrize(("text", "hint"), [
    ("1,2,3", "only one decimal comma"),
    ("1 234", "cannot contain spaces"),
    ("20.967.1", "exactly three digits"),
    ("20,9.67", "cannot follow the decimal comma"),
])
def test_bad_strings_say_what_is_wrong(text: str, hint: str) -> None:
    with pytest.raises(InputError, match=hint):
        parse_vn_number(text)


@pytest.mark.parametrize("text", BAD)
def test_bad_strings_raise(text: str) -> None:
    assert not is_vn_number(text)
    with pytest.raises(InputError, match=r"expected e\.g\. 20\.967 or 0,75") as info:
        parse_vn_number(text)
    assert info.value.value == text
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", ["20,9.67", "abc", ""])
def test_error_names_row_and_column(text: str) -> None:
    with pytest.raises(InputError, match=r"row 12.*column 'value'") as info:
        parse_vn_number(text, row=12, column="value")
    assert info.value.row == 12
    assert info.value.column == "value"
    assert repr(text) in str(info.value)


def test_error_names_row_name() -> None:
    with pytest.raises(InputError, match=r"row 12 \(Tỷ lệ hộ nghèo\), column 'value'"):
        parse_vn_number("20,9.67", row=12, column="value", row_name="Tỷ lệ hộ nghèo")


def test_dot_error_explains_thousands() -> None:
    with pytest.raises(InputError, match="exactly three digits"):
        parse_vn_number("20.96")


def test_decimals_validates() -> None:
    with pytest.raises(InputError, match=r"row 3, column 'x'"):
        decimals("20.96", row=3, column="x")


@pytest.mark.parametrize("value", [None, 20.967, 5])
def test_non_string_raises(value: object) -> None:
    with pytest.raises(InputError, match="expected a str"):
        parse_vn_number(value)  # type: ignore[arg-type]
    assert not is_vn_number(value)  # type: ignore[arg-type]


def _group(digits: str) -> str:
    """Insert thousands dots: '1234567' -> '1.234.567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


@given(
    whole=st.integers(min_value=0, max_value=10**13),
    frac=st.text(alphabet="0123456789", min_size=0, max_size=8),
    negative=st.booleans(),
    grouped=st.booleans(),
)
def test_round_trip(whole: int, frac: str, negative: bool, grouped: bool) -> None:
    # Vietnamese style: dots every three digits (or none), a comma before the decimals.
    sign = "-" if negative else ""
    digits = str(whole)
    vn = sign + (_group(digits) if grouped else digits) + ("," + frac if frac else "")
    plain = sign + digits + ("." + frac if frac else "")
    assert parse_vn_number(vn) == float(plain)
    assert decimals(vn) == len(frac)


@given(x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), d=st.integers(0, 6))
def test_round_trip_formatted_float(x: float, d: int) -> None:
    # Format a float with d decimals in English style, convert to Vietnamese, parse back.
    plain = f"{x:,.{d}f}"
    vn = plain.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_vn_number(vn) == float(plain.replace(",", ""))


def test_a_number_too_large_for_a_float_is_refused() -> None:
    with pytest.raises(InputError, match="too large for a number") as e:
        parse_vn_number("9" * 400, row=7, column="value")
    assert e.value.row == 7
    # and one too small for a float, which was read as 0
    with pytest.raises(InputError, match="too small for a number") as e:
        parse_vn_number("0," + "0" * 400 + "1", row=8, column="value")
    assert e.value.row == 8
    assert parse_vn_number("0,000") == 0.0


@pytest.mark.parametrize(("text", "hint"), [("n/a", "a figure not known is printed '-'"),
                                            ("-", "a dash marks a figure not known"),
                                            ("1e5", "a number has no exponent"),
                                            ("\u22121,5", "its sign '\u2212' is a typographic "
                                             "minus or dash, not the ASCII '-': write -1,5"),
                                            ("\u2013 20.967", "its sign '\u2013' is a "
                                             "typographic minus or dash, not the ASCII '-': "
                                             "write -20.967")])
def test_a_cell_that_is_no_number_says_why(text: str, hint: str) -> None:
    with pytest.raises(InputError, match=hint):
        parse_vn_number(text)


def test_a_small_figure_keeps_its_precision_and_a_tiny_one_is_not_whole() -> None:
    # 0.0001234 was capped at 6 decimals (judged to +/- 5e-7, 0.4% of it) and 1e-9 read as a
    # whole number: a target moved by 0.5 and P = 1 for a fourfold jump, whatever the unit
    from sonla_forecast.io.numbers import printed_decimals

    x = np.array([0.0001234, 1.2e-9, 0.05, 0.125, 26.470000000000002, 0.1 + 0.2, 0.0])
    assert printed_decimals(x).tolist() == [7, 10, 2, 3, 2, 1, 0]
    assert printed_decimals(np.array([1 / 3, 1 / 3000])).tolist() == [6, 9]  # the cap
    hist = {2021: 1.0e-9, 2022: 1.1e-9, 2023: 1.2e-9}
    rows = [dict(indicator_id="x", year=y, kind="actual", value=v, unit="tỷ đồng",
                 direction="higher") for y, v in hist.items()]
    rows.append(dict(indicator_id="x", year=2024, kind="plan", value=5e-9, unit="tỷ đồng",
                     direction="higher"))
    small = sf.assess(pd.DataFrame(rows), target_year=2024)["x"].probability
    big = sf.assess(pd.DataFrame(rows).assign(value=lambda f: f["value"] * 1e9),
                    target_year=2024)["x"].probability
    assert small == pytest.approx(big, abs=1e-9) and small < 0.01


def test_round_half_up_rounds_a_written_half_stored_a_hair_below_it_up() -> None:
    # 1.005 is stored as 1.00499999999999989..., so 1.005 * 100 is 100.49999999999999 and a
    # plain floor(x * 100 + 0.5) gives 1.00; written as 1,005 it rounds half up to 1,01.
    # 0.285 (28.499999999999996) likewise. A value truly below the half (1.0049) stays down.
    from sonla_forecast.io.numbers import round_half_up

    x = np.array([1.005, -1.005, 0.285, 1.0049, 2.5, 0.0])
    assert round_half_up(x, 2).tolist() == [1.01, -1.01, 0.29, 1.0, 2.5, 0.0]
    assert round_half_up(np.array([2.5, -2.5, 0.5]), 0).tolist() == [3.0, -3.0, 1.0]


def test_a_figure_of_ten_or_more_significant_digits_keeps_its_decimals() -> None:
    # 1e-9 of the value was taken for float noise: 1234567890.1 read as whole, so a target
    # 0.3 above a baseline of 1234567890.1 was "already met at the baseline" (fuzzing review)
    from sonla_forecast.io.numbers import printed_decimals

    assert printed_decimals(np.array([1234567890.1, 123456789.12, 123456789.0,
                                      99999999999.5])).tolist() == [1, 2, 0, 1]
    rows = [(2022, "actual", 1234567889.0), (2023, "actual", 1234567890.1),
            (2024, "plan", 1234567890.4)]
    df = pd.DataFrame(rows, columns=["year", "kind", "value"]).assign(
        indicator_id="gdp", unit="Triệu đồng", direction="higher")
    row = sf.assess(df, target_year=2024).to_frame().iloc[0]
    assert row["required_change"] == pytest.approx(0.3, abs=1e-6)
    assert row["historical_change_per_year"] == pytest.approx(1.1, abs=1e-6)
    assert row["threshold"] == pytest.approx(1234567890.35, abs=1e-6)
    assert "met at the baseline" not in row["reason"] and row["probability"] < 1.0
