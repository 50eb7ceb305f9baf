"""Parse the indicator annex of a provincial resolution (Nghị quyết HĐND) into tidy frames.

The resolutions that set a province's annual socio-economic plan carry an annex
("PHỤ LỤC 01: CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025") with one row per indicator:
last year's actual, this year's plan and year-end estimate, next year's plan and, for some
rows, the ratios between them. Extracted to text, the table comes one cell per line. This
module reads that layout back into the tidy table of ``DATA_FORMAT.md`` without knowing the
rows in advance:

* the value columns and their (year, kind) come from the header text, so the annex of any
  year parses ("Thực hiện năm 2024", "Năm 2025" / "Kế hoạch" / "Ước TH cả năm", ...);
* rows follow a small grammar: ``[STT] name [unit] cell*`` where the next row's STT may
  directly follow the last cell; the expected STT sequence and the column count tell them
  apart, and anything that still has two readings is an error, never a guess;
* names map to stable ids through the glossary shipped beside this module
  (``io/glossary.csv``); unknown names get a slug id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from statistics import median
from types import MappingProxyType
from typing import Any

import pandas as pd

from sonla_forecast.errors import InputError
from sonla_forecast.io.numbers import decimals, is_vn_number, parse_vn_number
from sonla_forecast.table import _latest_date, infer_scale, read_utf8
from sonla_forecast.table import fold as _fold

__all__ = [
    "GLOSSARY_COLUMNS",
    "MISSING_CELLS",
    "RATIO_COLUMNS",
    "TABLE_COLUMNS",
    "ParsedResolution",
    "load_glossary",
    "normalise_name",
    "parse_resolution",
    "read_resolution_file",
    "slugify",
]

#: Columns of :attr:`ParsedResolution.table`, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "region",
    "indicator_id",
    "year",
    "kind",
    "value",
    "unit",
    "name_vi",
    "name_en",
    "direction",
    "scale",
    "section",
    "parent_id",
    "source",
    "decimals",
    "line",
)

#: Columns of :attr:`ParsedResolution.ratios`, in order.
RATIO_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "name_vi",
    "numerator_year",
    "numerator_kind",
    "denominator_year",
    "denominator_kind",
    "published",
    "decimals",
    "line",
)

_KIND_ORDER = {"actual": 0, "estimate": 1, "plan": 2}

#: Cells printed like this mean "no figure".
MISSING_CELLS: frozenset[str] = frozenset({"-", "–", "—", "x", ""})


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ParsedResolution:
    """The indicator annex of a resolution, as tidy frames.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (indicator, year, kind) printed in the annex, in document order then
        year and kind (actual, estimate, plan). Columns:

        ``region`` (str)
            The ``region`` passed to the parser.
        ``indicator_id`` (str)
            Glossary id (``poverty_rate``) or, for a name not in the glossary, a slug of the
            Vietnamese name.
        ``year`` (int), ``kind`` (str)
            From the column header: ``actual`` ("Thực hiện", "TH"), ``estimate`` ("Ước TH",
            "Ước thực hiện", "UTH", "Ước đạt", "Dự kiến thực hiện") or ``plan`` ("Kế hoạch",
            "KH", "KH giao", "Mục tiêu"). A "Thực hiện" column for a
            year that had not ended by the resolution's date (``source``) is an ``estimate``:
            a figure printed before its year closed can only be one.
        ``value`` (float)
            The cell, in the row's unit.
        ``unit`` (str)
            As printed: the row's own unit cell, else a trailing "(...)" of its name, else
            its group header's unit, else (for a ``"- "`` or ``"TĐ:"`` sub-row) its
            parent's.
        ``name_vi`` (str)
            The name as printed, without a leading ``"- "`` or ``"TĐ: "``.
        ``name_en`` (str)
            From the glossary; ``""`` for unknown names.
        ``direction`` (str)
            ``higher``, ``lower`` or ``band`` from the glossary; ``""`` for unknown names
            (the table layer infers it).
        ``scale`` (str)
            ``percent``, ``level``, ``rate`` or ``count``: from the glossary, else inferred
            from the unit (a count unit with a fraction among its figures, such as a score of
            64,5 in "Điểm", is a ``level``).
        ``section`` (str)
            ``economic``, ``social``, ``environmental`` or a slug of the section title.
        ``parent_id`` (str)
            For a sub-row, the id of its group header or preceding main row (for a ``TĐ:``
            row under a sub-row with figures, that sub-row's); else ``""``.
        ``source`` (str)
            E.g. ``420/NQ-HĐND 2024-12-05``.
        ``decimals`` (int)
            Digits printed after the figure's decimal comma (``8,7`` 1, ``48,00`` 2, ``20.967``
            0): the precision the audit allows each figure's rounding (a float has lost the
            trailing zeros of ``48,00``, and one column may print fewer decimals than another).
        ``line`` (int)
            1-based line of the row's name in the text.

        Indexed by ``value_line``, the 1-based line of each figure in the text, so that
        :func:`~sonla_forecast.read_table` of this frame names that line in its errors.
    ratios : pandas.DataFrame
        One row per printed ratio cell ("UTH 2024 so với thực hiện 2023 (%)"). Columns:
        ``indicator_id``, ``name_vi``, ``numerator_year`` (int), ``numerator_kind``,
        ``denominator_year`` (int), ``denominator_kind``, ``published`` (float, percent),
        ``decimals`` (int, digits printed after the comma) and ``line`` (int, the line of
        the ratio cell itself). A ratio printed in times (a heading in ``(lần)``, or under
        ``So sánh (lần)``) is given in percent: ``1,0885`` is 108.85 with 2 decimals.
    source : str
        Document number and date, e.g. ``420/NQ-HĐND 2024-12-05``; ``""`` if not found.
    title : str
        The annex title, e.g. ``CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025``.
    """

    table: pd.DataFrame
    ratios: pd.DataFrame
    source: str
    title: str

    def __repr__(self) -> str:
        """One line: source, title and sizes."""
        n_ind = self.table["indicator_id"].nunique() if len(self.table) else 0
        return (
            f"ParsedResolution(source={self.source!r}, title={self.title!r}, "
            f"rows={len(self.table)}, indicators={n_ind}, ratios={len(self.ratios)})"
        )


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


_SUB_PREFIX = re.compile(r"^\s*(?:[-–—+•*]\s*)+(?=\S)")
#: A lettered part: "a) Nông nghiệp", "(a) ...", "(1) ..." or "(ii) ..." (inline), or "a)" /
#: "a." / "a" alone on the line before it.
_LETTER_PREFIX = re.compile(r"^\s*(?:[a-zđ][).]|\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\))\s+(?=\S)")
_LETTER_ALONE = re.compile(r"[a-zđ][).]?")
_PAREN_MARK_ALONE = re.compile(r"\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\)")
#: "Trong đó:" ("of which"), "Chia ra:", "Bao gồm:" alone on a line, before the parts of the
#: row above.
_OF_WHICH_LINE = re.compile(r"\s*(?:trong\s+đó|chia\s+ra|bao\s+gồm|gồm)\s*:?\s*", re.IGNORECASE)
#: A figure with a qualifier, a range or parentheses ("≥ 95", "Khoảng 4.500", "5,5-6",
#: "(8,17)", "Giảm 3%"): a cell, never a name, and not a number the parser can read. Not with
#: words after the figure ("Giảm 3% trở lên"), which a notes column ("Ghi chú") may hold.
_QUALIFIED_FIGURE = re.compile(
    r"(?:[≥≤<>~]=?|khoảng|từ|trên|dưới|tối thiểu|tối đa|giảm|tăng|đạt|ít nhất|không quá|"
    r"không dưới|hơn|gần|xấp xỉ)?\s*\(?\s*[-+−]?\d[\d.,]*\s*%?\s*\)?"
    r"(?:\s*(?:[-–]|đến)\s*\d[\d.,]*\s*%?)?", re.IGNORECASE)
#: A figure with a bound after it ("10,0 trở lên"): a notes column may hold it, so it is read
#: as text; where a row's cells stop at it, it is named as the figure the parser cannot read.
_FIGURE_AND_BOUND = re.compile(r"\s*(?:[≥≤<>~]=?\s*)?[-+]?\d[\d.,]*\s*%?\s+"
                               r"(?:trở\s+lên|trở\s+xuống|trở\s+lại)\s*", re.IGNORECASE)
_OF_WHICH_PREFIX = re.compile(r"^\s*(?:TĐ|T\.Đ|Tđ|trong\s+đó)\s*:\s*", re.IGNORECASE)
_TRAILING_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
#: Spaces that do not break (text copied from a word processor): read as spaces.
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))
#: A word ending in oa, oe or uy with its tone mark on the second vowel (NFD), the newer
#: placement (hoà, thuỷ): moved to the first (hòa, thủy), so both placements name one thing
#: (not in quy, whose u belongs to the qu: quý).
_NEW_TONE = re.compile(r"(o)([ae])([\u0300\u0301\u0303\u0309\u0323])(?!\w)"
                       r"|(?<!q)(u)(y)([\u0300\u0301\u0303\u0309\u0323])(?!\w)")
#: A period ("2021-2025", the second line of a wrapped name), not a range of figures.
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}")


#: A figure with a letter O or l typed for a digit ("23.0O0"): two digits or more, and only
#: digits, the number's marks and those letters.
_MISTYPED_FIGURE = re.compile(r"(?=(?:[^\d]*\d){2})[\d.,]*[OoIl][\d.,OoIl]*")


#: A figure with a footnote mark ("23.000(1)", "23.000 (*)", "23.000*", "23.000¹"), two digits
#: or more, or with a stray letter after a decimal or thousands mark ("20.967x", "14,1x"): not
#: a name such as "5G", "10G" or "12A", which has no such mark.
_MARKED_FIGURE = re.compile(r"[-+]?(?:\d[\d.,]*\d\s*%?(?:\s*\(\s*(?:\d{1,2}|\*{1,3}|[a-zđ])\s*\)"
                            r"|\s*\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)|\d+[.,][\d.,]*\d[a-zđ])", re.IGNORECASE)


#: Words an office types in a figure's cell (ASCII-folded), read as a name they would turn
#: the row's figures into a part's ("Không" under row 2): for no figure, which names no part,
_NO_DATA_WORDS = frozenset({
    "khong", "chua co", "chua co so lieu", "khong co", "khong co so lieu", "dang cap nhat",
    "chua cap nhat", "kxd", "khong xac dinh", "n/a", "n.a",
})  # not "na": the custard apple, among fruit trees
#: ... and verdicts, which may name parts ("Tăng" / "Giảm" under "Biến động số hộ nghèo").
_VERDICT_WORDS = frozenset({
    "dat", "khong dat", "chua dat", "hoan thanh", "chua hoan thanh", "khong hoan thanh",
    "duy tri", "tang", "giam", "khong doi", "vuot",
})
#: A name that starts with a verdict ("giam", "giam*", "giam do sap nhap"), ASCII-folded.
_VERDICT_START = re.compile(
    rf"(?:{'|'.join(sorted(_VERDICT_WORDS, key=len, reverse=True))})(?![a-z0-9])")
#: A figure with a word for its magnitude ("26 nghìn", "4,5 triệu"), ASCII-folded.
_FIGURE_IN_WORDS = re.compile(r"[\d.,]*\d\s*(?:nghin|ngan|trieu|ty)")


def _folded_words(text: str) -> str:
    """``text`` ASCII-folded, its spaces single, without stops or colons at its ends."""
    return re.sub(r"\s+", " ", _fold(text)).strip(" .:;")


def _is_no_figure(text: str, *, verdicts: bool = True) -> bool:
    """Text typed where a figure belongs: a word for none ("Không", "Đang cập nhật"), a figure
    in words ("26 nghìn") or, with ``verdicts``, a verdict ("Đạt", "Tăng")."""
    f = _folded_words(text)
    return (f in _NO_DATA_WORDS or (verdicts and f in _VERDICT_WORDS)
            or bool(_FIGURE_IN_WORDS.fullmatch(f)))


def _is_qualified_figure(text: str) -> bool:
    """A figure with a qualifier, a range or parentheses, with a letter typed for a digit, or
    with a footnote mark or a stray letter, which no cell may hold."""
    s = text.strip()
    return (bool(_QUALIFIED_FIGURE.fullmatch(text)) and not _YEAR_SPAN.fullmatch(s)) \
        or bool(_MISTYPED_FIGURE.fullmatch(s)) or bool(_MARKED_FIGURE.fullmatch(s))


def _not_a_number(tok: _Tok, where: str = "", **at: Any) -> InputError:
    """The error for a qualified figure (``where``: its line, when ``at`` names a row)."""
    return InputError(
        f"{tok.text!r}{where} is not a number: a cell holds one figure, printed as 20.967 or "
        "0,75 (digits only, no letter O for a zero; no '≥', '>', 'khoảng', 'giảm', 'trở lên', "
        "'trở xuống', range, parentheses or footnote mark such as '(1)' or '*'; '-' for none); "
        "put a qualifier in the indicator's name",
        row=tok.line,
        value=tok.text, **at)


def _strip_prefix(name: str) -> tuple[str, str]:
    """Split a leading ``"- "``, ``"TĐ:"`` or ``"a) "`` off a row name: ``(prefix_kind, rest)``."""
    s = unicodedata.normalize("NFC", name).strip()
    m = _OF_WHICH_PREFIX.match(s)
    if m:
        return "of_which", s[m.end() :].strip()
    m = _SUB_PREFIX.match(s)
    if m:
        rest = s[m.end() :].strip()
        of_which = _OF_WHICH_PREFIX.match(rest)  # "+ Trong đó: Du lịch": a part of the row above
        return ("of_which", rest[of_which.end() :].strip()) if of_which else ("dash", rest)
    m = _LETTER_PREFIX.match(s)
    if m:
        return "letter", s[m.end() :].strip()
    return "", s


def normalise_name(name: str) -> str:
    """Normalise an indicator name for glossary matching.

    NFC, lowercase, straight quotes and hyphens, collapsed whitespace, invisible characters
    dropped (a zero-width space read as a space), one placement of the tone mark in a word
    ending in oa, oe or uy (``thuỷ`` is ``thủy``, ``hoá`` is ``hóa``), a leading ``"- "`` or
    ``"TĐ:"`` and a trailing ``"(...)"`` (a unit or qualifier) removed.

    Parameters
    ----------
    name : str
        The name as printed.

    Returns
    -------
    str
        The matching key.

    Examples
    --------
    >>> from sonla_forecast.io.resolution import normalise_name
    >>> normalise_name("  - Cơ cấu kinh tế theo giá hiện hành (%)")
    'cơ cấu kinh tế theo giá hiện hành'
    >>> normalise_name("TĐ: Tỷ lệ lao động  có bằng cấp chứng chỉ")
    'tỷ lệ lao động có bằng cấp chứng chỉ'
    >>> normalise_name("Nông, lâm nghiệp và thuỷ sản")
    'nông, lâm nghiệp và thủy sản'
    """
    _, s = _strip_prefix(name.replace("\u200b", " "))
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    s = unicodedata.normalize("NFD", s.lower())
    s = unicodedata.normalize("NFC", _NEW_TONE.sub(
        lambda m: "".join(g for g in (m[1], m[3], m[2]) if g) if m[1] else m[4] + m[6] + m[5], s))
    s = s.translate(_QUOTES).translate(_DASHES)
    s = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", s)).strip()  # "giường bệnh/ 10.000 dân"
    while True:
        stripped = _TRAILING_PARENS.sub("", s)
        if stripped == s or not stripped:
            break
        s = stripped
    return unicodedata.normalize("NFC", s.rstrip(" :;,.").lower())


def slugify(name: str, *, max_length: int = 40) -> str:
    """Snake-case ASCII id for a Vietnamese name (``đ`` -> ``d``, diacritics dropped).

    Parameters
    ----------
    name : str
        The name as printed.
    max_length : int, default 40
        Longest id; longer slugs are cut at a word boundary.

    Returns
    -------
    str
        ``[a-z0-9_]+``, starting with a letter.

    Examples
    --------
    >>> from sonla_forecast.io.resolution import slugify
    >>> slugify("Tỷ lệ hộ được dùng điện lưới quốc gia (%)")
    'ty_le_ho_duoc_dung_dien_luoi_quoc_gia'
    >>> slugify("Số doanh nghiệp thành lập mới trong năm trên địa bàn tỉnh Sơn La")
    'so_doanh_nghiep_thanh_lap_moi_trong_nam'
    """
    words = re.findall(r"[a-z0-9]+", _fold(normalise_name(name)))
    slug = ""
    for w in words:
        candidate = f"{slug}_{w}" if slug else w
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug:
        slug = "_".join(words)[:max_length] or "indicator"
    if not slug[0].isalpha():
        slug = f"i_{slug}"[:max_length]
    return slug


# --------------------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------------------

GLOSSARY_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "name_vi",
    "name_en",
    "direction",
    "scale",
    "section",
)


@dataclass(frozen=True)
class _GlossaryEntry:
    indicator_id: str
    name_en: str
    direction: str
    scale: str
    section: str


@lru_cache(maxsize=1)
def _default_glossary() -> pd.DataFrame:
    path = resources.files("sonla_forecast.io").joinpath("glossary.csv")
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def load_glossary() -> pd.DataFrame:
    """The glossary of known indicator names shipped with the package.

    Returns
    -------
    pandas.DataFrame
        One row per known name (an indicator may have several alias rows). Columns:
        ``indicator_id``, ``name_vi`` (as printed in some resolution), ``name_en``,
        ``direction`` (``higher``/``lower``/``band``), ``scale``
        (``percent``/``level``/``rate``/``count``) and ``section``.

    Examples
    --------
    >>> from sonla_forecast.io.resolution import load_glossary
    >>> g = load_glossary()
    >>> g.loc[g["indicator_id"] == "poverty_rate", "direction"].iloc[0]
    'lower'
    """
    return _default_glossary().copy()


def _glossary_index(glossary: pd.DataFrame) -> dict[str, _GlossaryEntry]:
    missing = [c for c in GLOSSARY_COLUMNS if c not in glossary.columns]
    if missing:
        raise InputError(
            f"glossary lacks columns {missing} (expected {list(GLOSSARY_COLUMNS)}, got "
            f"{list(glossary.columns)})",
            column=missing[0],
        )
    first: dict[str, _GlossaryEntry] = {}
    index: dict[str, _GlossaryEntry] = {}
    for pos, rec in enumerate(glossary.loc[:, list(GLOSSARY_COLUMNS)].itertuples(index=False)):
        iid, name_vi, name_en, direction, scale, section = (str(x) for x in rec)
        entry = first.setdefault(iid, _GlossaryEntry(iid, name_en, direction, scale, section))
        key = normalise_name(name_vi)
        other = index.get(key)
        if other is not None and other.indicator_id != iid:
            raise InputError(
                f"glossary name {name_vi!r} maps to both {other.indicator_id!r} and {iid!r}",
                row=pos + 2,
                column="name_vi",
                value=name_vi,
            )
        # The id's first row gives its direction, scale and section; each alias keeps its own
        # English name (the poverty rate "giai đoạn 2021-2025" names its period, the bare one
        # does not).
        index[key] = entry if name_en == entry.name_en else replace(entry, name_en=name_en)
    return index


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

_ROMAN = re.compile(r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUMERIC_LOOKING = re.compile(r"[-+−–—]?[0-9.,\s]*[0-9][0-9.,\s%]*")
#: Marks typed in a cell for a figure not known, and a figure with an exponent: cells the
#: parser cannot read (an error naming the cell), not row names ("n/a" had started a row).
#: Not "NA" or "Không", which may name a row (na, the custard apple, among fruit trees).
_CELL_MARK = re.compile(r"n/a|kxđ|k\.x\.đ|\.{2,}|…|\*+|[-+]?\d[\d.,]*e[-+]?\d+",
                        re.IGNORECASE)


#: Figures (or '-' marks) spaced out by tabs, runs of spaces or pipes at the end of a line: a whole
#: row on one line, as a PDF's text layer gives it, when there are three or more of them and
#: two or more are figures (not a period spaced out, "giai đoạn 2021  -  2025", nor two
#: footnote marks).
_SPACED_ITEM = re.compile(r"(?:\t|\s{2,}|\s*\|\s*)([-–—x]|-?\d[\d.,]*)")
#: The same with single spaces ("% 0,75 7,49 6,30 5,50"): taken for a row only with three
#: figures or more, two of them printed the Vietnamese way with a decimal comma or dots between
#: thousands, as no name ends so ("phiên bản 2.0 3.0 4.0" does not).
_VN_FORMATTED = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)")
_SINGLE_SPACED = re.compile(r"(?:\s([-–—x]|-?\d[\d.,]*)){3,}\s*$")
_ROW_ON_ONE_LINE = re.compile(rf"(?:{_SPACED_ITEM.pattern}){{3,}}\s*$")


def _row_on_one_line(text: str) -> bool:
    m = _ROW_ON_ONE_LINE.search(text)
    if m:
        items = _SPACED_ITEM.findall(m.group(0))
        return sum(any(c.isdigit() for c in it) for it in items) >= 2
    m = _SINGLE_SPACED.search(text)
    if not m:
        return False
    items = re.findall(r"\S+", m.group(0))  # (a range in a name, "1,5 - 2,0", has two)
    return (sum(any(c.isdigit() for c in it) for it in items) >= 3
            and sum(bool(_VN_FORMATTED.fullmatch(it)) for it in items) >= 2)


#: A row number and the row's name on one line ("6. Tỷ lệ hộ nghèo", "6.Tỷ lệ hộ nghèo"; not
#: "1.1 ..." nor "3.000 ha").
_NUMBERED_NAME = re.compile(r"([0-9]{1,3}\.)(?:\s+(\S.*)|([^\d\s.,].*))")


def _roman_value(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


@dataclass(frozen=True)
class _Tok:
    kind: str  # blank | missing | number | badnum | stt | text
    text: str
    line: int
    number: int | None = None  # the integer an STT candidate stands for
    joined: str = ""  # a number split off its name's line ("6. Tỷ lệ ..."): the line as written

    @property
    def is_cell(self) -> bool:
        return self.kind in ("blank", "missing", "number", "badnum")

    @property
    def roman(self) -> bool:
        """A Roman number ("II", "IV."): a section's, or a main row's."""
        return bool(_ROMAN.fullmatch(self.text.rstrip(".")))

    @property
    def arabic_number(self) -> bool:
        """A row's number in digits, on its own line ("4.") or on a name's ("4. Thuế ...")."""
        return bool(self.joined) or (self.kind == "stt" and not self.roman)

    @property
    def int_like(self) -> bool:
        return self.kind == "number" and self.number is not None


#: Characters of no width (and the byte-order mark) that text copied from a document may
#: carry at a line's ends.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _visible(line: str) -> str:
    """``line`` without the spaces and characters of no width at its ends ("20.967\u200b" is
    a figure)."""
    return line.strip().strip(_ZERO_WIDTH).strip()


def _tokenize(lines: list[tuple[int, str]]) -> list[_Tok]:
    toks: list[_Tok] = []
    for lineno, raw in lines:
        s = _visible(raw)
        if s == "":
            toks.append(_Tok("blank", s, lineno))
        elif s == "X" or s in MISSING_CELLS:
            # "X" is a placeholder, or section ten when a section title follows (below).
            toks.append(_Tok("missing", s, lineno))
        elif re.fullmatch(r"[0-9]+\.", s):
            toks.append(_Tok("stt", s, lineno, int(s[:-1])))
        elif (m := _NUMBERED_NAME.fullmatch(s)) and any(c.isalpha() for c in m[2] or m[3]):
            # "6. Tỷ lệ hộ nghèo": the row number printed on the name's line, read as the
            # number on a line of its own (it had stayed in the name, and the row unnumbered)
            toks.append(_Tok("stt", m[1], lineno, int(m[1][:-1]), joined=s))
            toks.append(_Tok("text", m[2] or m[3], lineno))
        elif _ROMAN.fullmatch(s.rstrip(".")) and s.rstrip(".") != "":
            toks.append(_Tok("stt", s, lineno, _roman_value(s.rstrip("."))))
        elif is_vn_number(s):
            num = int(s) if re.fullmatch(r"[0-9]+", s) else None
            toks.append(_Tok("number", s, lineno, num))
        elif _NUMERIC_LOOKING.fullmatch(s) or _CELL_MARK.fullmatch(s):
            toks.append(_Tok("badnum", s, lineno))
        else:
            toks.append(_Tok("text", s, lineno))
    # An "X" directly before a section title is section ten, not a placeholder.
    for i, t in enumerate(toks):
        if t.kind == "missing" and t.text == "X":
            j = _next_nonblank(toks, i + 1)
            if j < len(toks) and _looks_like_section(toks, j):
                toks[i] = _Tok("stt", "X", t.line, 10)
    if _numbered_apart(toks):
        # Rows numbered on lines of their own (Sơn La's layout, or Roman main rows): a number
        # on a name's line is a part's ("1. Nông, lâm nghiệp") or a note's, read as written.
        merged: list[_Tok] = []
        for t in toks:
            if merged and merged[-1].joined:
                merged[-1] = _Tok("text", merged[-1].joined, merged[-1].line)
                continue
            merged.append(t)
        toks = merged
    return toks


def _numbered_apart(toks: list[_Tok]) -> bool:
    """Whether the table numbers its rows on lines of their own: rows 1 and 2 so numbered
    ("1" or "1." before a name), or two Roman numbers before names that are no section
    titles."""
    bare: list[int] = []
    roman = 0
    for i, t in enumerate(toks):
        if t.joined or not (t.kind == "stt" or t.int_like):
            continue
        j = _next_nonblank(toks, i + 1)
        if j < len(toks) and toks[j].joined and toks[j].number == t.number:
            bare.append(t.number or 0)  # "7" then "7. Tỷ lệ ...": printed twice, apart too
            continue
        if j >= len(toks) or toks[j].kind != "text" or _strip_prefix(toks[j].text)[0] \
                or _looks_like_section(toks, j):
            continue
        if t.roman:
            roman += 1
        elif t.number is not None:
            bare.append(t.number)
    return {1, 2} <= set(bare) or roman >= 2


def _next_nonblank(toks: list[_Tok], i: int) -> int:
    while i < len(toks) and toks[i].kind == "blank":
        i += 1
    return i


def _is_all_caps_title(text: str) -> bool:
    prefix, rest = _strip_prefix(text)
    if prefix:
        return False
    letters = [c for c in rest if c.isalpha()]
    words = [w for w in rest.split() if any(c.isalpha() for c in w)]
    return bool(letters) and all(c.isupper() for c in letters) and len(words) >= 2


def _looks_like_section(toks: list[_Tok], i: int) -> bool:
    """An ALL-CAPS title not followed by cells (a row named in capitals would be), or a known
    section title in any case ("Chỉ tiêu xã hội") followed by a numbered row (a group heading
    or a row named so is followed by its parts or its unit)."""
    t = toks[i]
    if t.kind != "text":
        return False
    caps = _is_all_caps_title(t.text)
    if not caps and _section_key(t.text) not in _SECTION_SLUGS:
        return False
    j = _next_nonblank(toks, i + 1)
    if j >= len(toks):
        return caps
    nxt = toks[j]
    if nxt.kind == "text":
        return caps and not _is_unit_text(nxt.text)  # a row named in capitals, then its unit
    if nxt.kind == "stt":
        return True
    if nxt.int_like:
        k = _next_nonblank(toks, j + 1)
        return k < len(toks) and (toks[k].kind == "text" or bool(toks[k].joined))
    return False


_SECTION_SLUGS = {
    "kinh te": "economic",
    "xa hoi": "social",
    "van hoa - xa hoi": "social",
    "van hoa xa hoi": "social",
    "moi truong": "environmental",
    "tai nguyen va moi truong": "environmental",
    "tai nguyen - moi truong": "environmental",
}


def _section_key(title: str) -> str:
    """A section title's topic, folded: "I. CÁC CHỈ TIÊU VỀ XÃ HỘI" -> "xa hoi"."""
    # a number printed on the title's line: a Roman numeral in capitals or digits ("c)" is a
    # part's letter)
    title = re.sub(r"^\s*(?:[IVXLC]+|\d+)[.)]\s+", "", title)
    f = re.sub(r"\s+", " ", _fold(title).translate(_DASHES)).strip()
    f = re.sub(r"^(?:(?:cac|nhom) )?chi tieu (?:ve )?(?:linh vuc )?", "", f)
    return re.sub(r"^(?:ve|linh vuc) ", "", f).strip(" :.")


def _section_slug(title: str) -> str:
    f = _section_key(title)
    return _SECTION_SLUGS.get(f) or slugify(f or title)


# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------

#: First words (ASCII-folded) that make a short cell a unit.
_UNIT_WORDS = frozenset(
    """
    % %o ‰ ty trieu nghin ngan dong vnd usd luot nguoi xa phuong huyen ban thon ho
    bac giuong ha km km2 m m2 m3 tan kg kwh mw gwh con cai chiec truong lop hoc phong
    ngay thang nam gio lan diem du cong tram benh hecta
    """.split()
)


def _is_unit_text(text: str) -> bool:
    prefix, rest = _strip_prefix(text)
    if prefix or not rest or len(rest) > 30 or len(rest.split()) > 5:
        return False
    first = re.split(r"[\s/]+", _fold(rest))[0]
    return "%" in rest or first in _UNIT_WORDS


def _unit_from_name(name: str) -> str:
    m = _TRAILING_PARENS.search(name)
    if m and (_is_unit_text(m.group(1).strip()) or "%" in m.group(1)):
        return m.group(1).strip()
    return ""


# --------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------

_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("estimate", re.compile(
        r"\b(?:uoc thuc hien|uoc th|uth|uoc tinh|uoc dat|uoc|du kien thuc hien|du kien th|"
        r"dkth)\b")),
    ("plan", re.compile(r"\b(?:ke hoach giao|kh giao|ke hoach|kh|muc tieu)\b")),
    ("actual", re.compile(r"\b(?:thuc hien|th|thuc te)\b")),
)
_YEAR = re.compile(r"\b((?:19|20)[0-9]{2})\b")
_FILLER = frozenset({"nam", "ca", "cua", "%"})


@dataclass(frozen=True)
class _ValueCol:
    year: int
    kind: str
    label: str
    line: int


@dataclass(frozen=True)
class _RatioCol:
    numerator: tuple[int, str]
    denominator: tuple[int, str]
    label: str
    line: int
    times: bool = False  # printed in times ("lần": 1,09), not in percent (109)


@dataclass
class _Columns:
    values: list[_ValueCol]
    ratios: list[_RatioCol]
    has_unit_column: bool = False

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.values] + [c.label for c in self.ratios]


#: The side of a ratio heading "so với cùng kỳ" / "so với năm trước": the actual or the
#: estimate of the year before, whichever the table prints.
_PREVIOUS = "previous"
_SIDE_WORDS = {_PREVIOUS: "actual or estimate"}


def _kind_year(text: str) -> tuple[str | None, int | None, list[str]]:
    """Kind word, year and the leftover words of a header phrase."""
    f = _fold(re.sub(r"\([^()]*\)", " ", text)).translate(_DASHES)
    f = re.sub(r"\s+", " ", re.sub(r"[:,.;]", " ", f))  # "Kế  hoạch", a no-break space
    kind = None
    for k, pat in _KIND_PATTERNS:
        m = pat.search(f)
        if m:
            kind = k
            f = f[: m.start()] + " " + f[m.end() :]
            break
    years = _YEAR.findall(f)
    year = int(years[0]) if len(years) == 1 else None
    if len(years) > 1:
        return kind, None, ["<several years>"]
    f = _YEAR.sub(" ", f)
    rest = [w for w in f.split() if w not in _FILLER]
    return kind, year, rest


@dataclass
class _Group:
    kind: str  # leaf | year | compare | ratio
    label: str
    line: int
    year: int | None = None
    value_kind: str | None = None
    children: list[_Group] = field(default_factory=list)
    sides: tuple[tuple[str | None, int | None], tuple[str | None, int | None]] | None = None


_MARKERS = {
    "stt": {"stt", "tt", "so tt", "so thu tu"},
    "name": {"chi tieu", "cac chi tieu", "chi tieu chu yeu", "ten chi tieu", "noi dung"},
    "unit": {"don vi", "don vi tinh", "dvt"},
}


def _classify_header_line(text: str, line: int) -> _Group | str | None:
    """A header item, a marker (``"stt"``, ``"name"``, ``"unit"``), ``"skip"`` or ``None`` (end)."""
    s = text.strip()
    f = re.sub(r"\s+", " ", _fold(s)).strip(" :.")
    if not s or s.startswith("("):
        return "skip"
    for marker, words in _MARKERS.items():
        if f in words:
            return marker
    if " so voi " in f" {f} ":
        parts = re.split(r"\bso với\b|\bso voi\b", s, flags=re.IGNORECASE)
        if len(parts) != 2:
            parts = re.split(r"\bso voi\b", _fold(s))
        if len(parts) != 2:
            return None
        # "Ước TH 2024 (% so với cùng kỳ)": the unit's bracket splits in two
        a, b = parts
        if a.count("(") == b.count(")") > a.count(")") == b.count("(") == 0:
            a, b = a.replace("(", " "), b.replace(")", " ")
        left, right = _kind_year(a), _kind_year(b)
        if left[1] is not None and right[0] is None and right[2] and set(right[2]) <= {
                "cung", "ky", "truoc"} and right[2][:2] in (["cung", "ky"], ["truoc"]):
            # "so với cùng kỳ", "so với năm trước": the outcome of the year before (or of
            # the year it names, "cùng kỳ năm 2023")
            right = (_PREVIOUS, right[1] if right[1] is not None else left[1] - 1, [])
        if left[2] or right[2] or (left[0] is None and left[1] is None):
            raise InputError(
                f"ratio heading {s!r} does not say which columns it compares (expected e.g. "
                "'UTH 2024 so với thực hiện 2023 (%)')",
                row=line,
                column="header",
                value=s,
            )
        return _Group("ratio", s, line, sides=((left[0], left[1]), (right[0], right[1])))
    if re.fullmatch(r"(?:ty le )?so sanh(?: \(?(?:%|lan)\)?)?", f):
        return _Group("compare", s, line)
    bare = re.sub(r"\([^()]*\)", " ", s)
    if bare.count("/") == 1:  # "KH 2025/UTH 2024 (%)": a ratio written with a slash
        left, right = (_kind_year(part) for part in bare.split("/"))
        if all(k is not None and y is not None and not rest for k, y, rest in (left, right)):
            return _Group("ratio", s, line, sides=((left[0], left[1]), (right[0], right[1])))
    kind, year, rest = _kind_year(s)
    # "Ước TH 11 tháng": outside parentheses, not the day of a date ("ngày 05 tháng 12"), and
    # with nothing else left over (a row named "... vốn 6 tháng" is not a heading)
    months = re.search(r"(?<!ngay )\b(\d{1,2}) thang\b", _fold(bare))
    left_over = [w for w in rest if w not in ("thang", "dau", "nam") and not w.isdigit()]
    if months and kind is not None and 1 <= int(months[1]) <= 11 and not left_over:
        raise InputError(
            f"heading {s!r} is a figure for the first {months[1]} months: the parser reads "
            f"full-year columns only; give these figures in a table with period "
            f"'M{int(months[1])}' (docs/user_guide_nowcast.md)",
            row=line, column="header", value=s)
    if rest or (kind is None and year is None):
        return None
    if kind is not None and year is not None:
        return _Group("leaf", s, line, year=year, value_kind=kind)
    if year is not None:
        return _Group("year", s, line, year=year)
    return _Group("leaf", s, line, value_kind=kind)


def _heading_alone(tok: _Tok) -> _Group | str | None:
    """A header line read on its own (None where it reads as no heading, or raises)."""
    try:
        return _classify_header_line(tok.text, tok.line)
    except InputError:
        return None


def _goes_on(line: _Tok, nxt: _Tok) -> bool:
    """Whether ``nxt``, in lower case, goes on with the heading of ``line``: it is no heading
    alone ("cả năm"), or a year to a kind ("Kế hoạch" / "năm 2025"), or the rest of a ratio
    heading that breaks before a side's year; not a kind alone ("kế hoạch" under "Năm 2024"),
    nor a ratio heading of its own after a kind ("Ước TH cả năm" / "kh 2025 so với uth 2024")."""
    after = _heading_alone(nxt)
    if not isinstance(after, _Group):
        return True
    if after.kind == "leaf" and after.year is None:
        return False  # a kind alone: a heading of the second row
    before = _heading_alone(line)
    if not isinstance(before, _Group):
        return True
    if before.kind == "ratio":  # broken before a side's year ("KH 2025 so với UTH" / "năm 2024")
        return any(year is None for _, year in before.sides or ())
    return before.kind == "leaf" and before.year is None and after.kind == "year"


def _lower_first(text: str) -> bool:
    """Whether the first letter of ``text`` is a lower-case one ("năm 2025")."""
    first = next((c for c in text if c.isalpha()), "")
    return first.islower()


def _is_row_start(tok: _Tok, toks: list[_Tok], i: int) -> bool:
    if tok.kind == "stt" or tok.int_like:
        return True
    return _looks_like_section(toks, i)


def _parse_header(toks: list[_Tok], start: int, annex_line: int) -> tuple[_Columns, int]:
    """Read the column headings from ``toks[start:]``; return columns and the data start."""
    items: list[_Group] = []
    markers: set[str] = set()
    i = start
    while i < len(toks):
        t = toks[i]
        if t.kind != "text" and t.kind != "blank":
            break
        got = _classify_header_line(t.text, t.line) if t.kind == "text" else "skip"
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.kind == "text" and nxt is not None and (
                (nxt.kind == "text" and _lower_first(nxt.text) and _goes_on(t, nxt))
                or (_YEAR.fullmatch(nxt.text.strip()) and not _YEAR.search(t.text))):
            # a heading wrapped over two lines ("Kế hoạch" / "năm 2025", "Năm" / "2024"): the
            # second goes on in lower case, or is the year alone, where a heading of its own
            # starts with a capital ("Năm 2025")
            whole = _classify_header_line(f"{t.text.strip()} {nxt.text.strip()}", t.line)
            if isinstance(whole, _Group):
                got = whole
                i += 1
        # A heading in capitals ("KH 2025/UTH 2024 (%)") is a heading, not a section title.
        if got is None or (t.kind == "text" and not isinstance(got, _Group)
                           and _is_row_start(t, toks, i)):
            break
        if isinstance(got, _Group):
            items.append(got)
        else:
            markers.add(got)
        i += 1
    seen = [g.label for g in items]
    # Top-level items in order; year-less kind leaves and (under "So sánh") ratio headings
    # are the second header row.
    top: list[_Group] = []
    sub_kinds: list[_Group] = []
    compare: _Group | None = None
    for g in items:
        if g.kind == "leaf" and g.year is None:
            sub_kinds.append(g)
        elif g.kind == "ratio" and compare is not None:
            compare.children.append(g)
        else:
            if g.kind == "compare":
                if compare is not None:
                    raise InputError(
                        f"two comparison headings ({compare.label!r} on line {compare.line} "
                        f"and {g.label!r})",
                        row=g.line,
                        column="header",
                        value=g.label,
                    )
                compare = g
            top.append(g)
    year_groups = [g for g in top if g.kind == "year"]
    for g in sub_kinds:
        if not year_groups:
            raise InputError(
                f"column heading {g.label!r} has no year and no 'Năm YYYY' heading above it "
                f"(headings seen: {seen})",
                row=g.line,
                column="header",
                value=g.label,
            )
    # The kind headings under the years come either after every heading of the first row (the
    # header read row by row) or each right after its year (column by column); one before a
    # later heading of the first row, among kinds after them, is a heading wrapped over two
    # lines ("Kế hoạch" / "Năm 2025"), which would shift every column after it.
    place = {id(g): k for k, g in enumerate(items)}
    # (a ratio heading with no "So sánh" above it may be printed after the kinds)
    last_top = max((place[id(g)] for g in top if g.kind != "ratio"), default=-1)
    by_row = all(place[id(g)] > last_top for g in sub_kinds)
    # column by column: each kind right after its year or after another kind
    def after_a_year(g: _Group) -> bool:
        before = items[place[id(g)] - 1] if place[id(g)] > 0 else None
        return before is not None and (before.kind == "year" or (
            before.kind == "leaf" and before.year is None))

    stray = [g for g in sub_kinds if not after_a_year(g)]
    if sub_kinds and not by_row and stray:
        g = next(g for g in sub_kinds if place[id(g)] < last_top)
        raise InputError(
            f"cannot tell which year column heading {g.label!r} belongs to: it comes before "
            f"the heading {items[place[id(g)] + 1].label!r}, but other kind headings come after "
            "all the year headings; a heading wrapped over two lines? Write it on one line "
            f"('Kế hoạch năm 2025') (headings seen: {seen})",
            row=g.line, column="header", value=g.label)
    gi = 0
    for g in sub_kinds:
        if not by_row:
            # column by column, a kind is its nearest year's (above, each follows its year)
            near = next((items[k] for k in range(place[id(g)] - 1, -1, -1)
                         if items[k].kind == "year"), None)
            if near is None:
                raise InputError(
                    f"cannot tell which year column heading {g.label!r} belongs to: no year "
                    f"heading comes before it (headings seen: {seen})",
                    row=g.line, column="header", value=g.label)
            near.children.append(g)
            continue
        current = year_groups[gi]
        if any(c.value_kind == g.value_kind for c in current.children):
            gi += 1
            if gi >= len(year_groups):
                raise InputError(
                    f"cannot tell which year column heading {g.label!r} belongs to "
                    f"(headings seen: {seen})",
                    row=g.line,
                    column="header",
                    value=g.label,
                )
            current = year_groups[gi]
        current.children.append(g)
    for yg in year_groups:
        if not yg.children:
            raise InputError(
                f"year heading {yg.label!r} has no sub-columns (expected e.g. 'Kế hoạch' and "
                f"'Ước TH cả năm' below it; headings seen: {seen})",
                row=yg.line,
                column="header",
                value=yg.label,
            )
    values: list[_ValueCol] = []
    ratio_groups: list[_Group] = []
    times: dict[int, bool] = {}  # a ratio heading under "So sánh (lần)" is in times
    c: _Group | _ValueCol  # a sub-heading below, a value column in the duplicate check
    for g in top:
        if g.kind in ("leaf", "year") and ratio_groups:
            raise InputError(
                f"value column {g.label!r} comes after a ratio column; expected the "
                "ratio columns last",
                row=g.line,
                column="header",
                value=g.label,
            )
        if g.kind == "leaf":
            values.append(_ValueCol(int(g.year or 0), str(g.value_kind), g.label, g.line))
        elif g.kind == "year":
            for c in g.children:
                label = f"{g.label} / {c.label}"
                values.append(_ValueCol(int(g.year or 0), str(c.value_kind), label, c.line))
        elif g.kind == "compare":
            ratio_groups.extend(g.children)
            times.update((id(c), _in_times(c.label) or (_in_times(g.label)
                                                        and "%" not in c.label))
                         for c in g.children)
        else:
            ratio_groups.append(g)
    if not values:
        line = toks[start].line if start < len(toks) else annex_line
        last = toks[i - 1].line if i > start else line
        raise InputError(
            f"the annex header (lines {line}-{last}) has no column with a recognisable year "
            "and kind (expected "
            "headings such as 'Thực hiện năm 2023', 'Năm 2024' + 'Kế hoạch' / 'Ước TH cả năm', "
            f"'Kế hoạch năm 2025'; headings seen: {seen})",
            row=line,
            column="header",
        )
    keys = [(c.year, c.kind) for c in values]
    for c in values:
        if keys.count((c.year, c.kind)) > 1:
            raise InputError(
                f"two columns are {c.kind} {c.year} (headings seen: {seen})",
                row=c.line,
                column="header",
                value=c.label,
            )
    ratios = [replace(_resolve_ratio(g, values), times=times.get(id(g), _in_times(g.label)))
              for g in ratio_groups]
    return _Columns(values, ratios, "unit" in markers), i


def _unfinished_years_estimated(cols: _Columns, date: tuple[int, int, int] | None) -> _Columns:
    """Read a "Thực hiện" (actual) column for a year that had not ended by the resolution's
    date as an estimate: a figure printed before its year closed can only be one."""
    if date is None:
        return cols

    def kind(year: int, k: str) -> str:
        # the year of the date has not ended on any of its days, 31 December included
        return "estimate" if k == "actual" and year >= date[0] else k

    values = [replace(c, kind=kind(c.year, c.kind)) for c in cols.values]
    for j, c in enumerate(values):
        # the header's own check refused twins as printed: a twin now comes of the reading
        twin = next((o for o in values[:j] if (o.year, o.kind) == (c.year, c.kind)), None)
        if twin is not None:
            raise InputError(
                f"columns {twin.label!r} (line {twin.line}) and {c.label!r} (line {c.line}) "
                f"both give the {c.kind} for {c.year}: a 'Thực hiện' column for a year not "
                f"ended by the resolution's date ({date[0]}-{date[1]:02d}-{date[2]:02d}) is "
                "an estimate",
                row=c.line, column="header", value=c.label)
    return _Columns(
        values=values,
        ratios=[replace(r, numerator=(r.numerator[0], kind(*r.numerator)),
                        denominator=(r.denominator[0], kind(*r.denominator)))
                for r in cols.ratios],
        has_unit_column=cols.has_unit_column)


def _in_times(label: str) -> bool:
    """Is a ratio heading's unit "lần" (times: 1,09 for 109%)?"""
    return re.search(r"\(\s*lan\s*\)|\blan\s*$", _fold(label).strip()) is not None


def _resolve_ratio(g: _Group, values: list[_ValueCol]) -> _RatioCol:
    ends: list[tuple[int, str]] = []
    for kind, year in g.sides or ():
        hits = [
            c
            for c in values
            if (kind is None or c.kind == kind
                or (kind == _PREVIOUS and c.kind in ("actual", "estimate")))
            and (year is None or c.year == year)
        ]
        if len(hits) == 1:
            ends.append((hits[0].year, hits[0].kind))
        elif kind not in (None, _PREVIOUS) and year is not None:
            ends.append((year, kind))  # compares with a column not printed; audit says so
        else:
            raise InputError(
                f"ratio heading {g.label!r}: cannot tell which column "
                f"'{_SIDE_WORDS.get(kind or '?', kind or '?')} {year or '?'}' is (value columns: "
                f"{[f'{c.kind} {c.year}' for c in values]})",
                row=g.line,
                column="header",
                value=g.label,
            )
    return _RatioCol(ends[0], ends[1], g.label, g.line)


# --------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------


@dataclass
class _Row:
    name: str
    prefix: str
    line: int
    stt: _Tok | None
    unit: str
    cells: list[_Tok]
    section: str
    parent: _Row | None = None
    is_main: bool = False
    indicator_id: str = ""

    @property
    def is_header(self) -> bool:
        return not self.cells


def _fits(n: int, cols: _Columns) -> bool:
    return n in (0, len(cols.values), len(cols.values) + len(cols.ratios))


def _choose_cells(
    row_name: str,
    row_line: int,
    run: list[_Tok],
    nxt: _Tok | None,
    nxt_is_section: bool,
    expected_main: int,
    expected_section: int,
    has_unit: bool,
    cols: _Columns,
    nxt_with_cells: bool = False,
) -> tuple[list[_Tok], bool, bool]:
    """Split a run of cell lines into this row's cells and, maybe, the next row's STT
    (``nxt_with_cells``: :func:`_cells_with_word` of the line after the run)."""
    leads = [0, 1] if (not has_unit and run and run[0].kind == "blank") else [0]
    # (the next row's name, or its number printed again on the name's line: "7" then "7. ...")
    can_trail = bool(run) and run[-1].int_like and nxt is not None and (
        nxt.kind == "text" or bool(nxt.joined))
    expected = expected_section if nxt_is_section else expected_main
    # (lead, trail, suspicious): a reading that leaves the next row's expected number as
    # this row's last cell, and the next row unnumbered, is kept only if nothing else fits.
    options: list[tuple[int, int, bool]] = []
    for lead in leads:
        for trail in (0, 1) if can_trail else (0,):
            n = len(run) - lead - trail
            if n < 0 or not _fits(n, cols):
                continue
            suspicious = False
            if trail:
                if run[-1].number != expected:
                    continue
            elif can_trail and run[-1].number == expected and n > 0 and nxt is not None:
                # (a next row numbered on its name's line is numbered: "7" is a cell then)
                suspicious = (not nxt.joined and not _strip_prefix(nxt.text)[0]
                              and not nxt_is_section)
            options.append((lead, trail, suspicious))
    nv, nr = len(cols.values), len(cols.ratios)
    clean = [o for o in options if not o[2]]
    if nxt is not None and nxt.kind == "text" and _is_no_figure(nxt.text) and (
            (run and not clean) or (not run and has_unit and nxt_with_cells)):
        # a word in a figure's cell ("Không"): among the row's cells (too few without it), or
        # as its first after its unit, the figures after it a row's cells with it and the next
        # row after them, which the rows would read as a part named so holding the row's
        # figures (after a row whose cells are complete, with a unit of its own, or beside
        # other parts, a part may be named so: "Tăng" / "Giảm" under "Biến động số hộ
        # nghèo")
        pos = min(len(run), len(cols.labels) - 1)
        raise InputError(
            f"{nxt.text!r} (line {nxt.line}) is not a figure: a cell holds one figure, printed "
            "as 20.967 or 0,75, or '-' for none; a verdict or a remark goes in the indicator's "
            f"name or a note, not in a cell (if it names a part of this row, write '- "
            f"{nxt.text.strip()}')",
            row=nxt.line, row_name=row_name,
            column=cols.labels[pos] if pos >= 0 else None, value=nxt.text)
    if len(clean) == 1:
        lead, trail, _ = clean[0]
        return run[lead : len(run) - trail], bool(trail), bool(lead)
    if nxt is not None and nxt.kind == "text" and (
            _is_qualified_figure(nxt.text) or _FIGURE_AND_BOUND.fullmatch(nxt.text)):
        # the row's cells stopped at a figure the parser cannot read, not at a missing cell
        pos = min(len(run), len(cols.labels) - 1)
        raise _not_a_number(nxt, f" (line {nxt.line})", row_name=row_name,
                            column=cols.labels[pos] if pos >= 0 else None)
    first = run[0].line if run else row_line
    last = run[-1].line if run else row_line
    if len(clean) > 1:
        readings = "; ".join(
            f"{len(run) - lead - trail} cell(s)"
            + (" after an empty unit" if lead else "")
            + (f", then the next row's number {run[-1].text}" if trail else "")
            for lead, trail, _ in clean
        )
        raise InputError(
            f"the {len(run)} cell line(s) {first}-{last} can be read more than one way "
            f"({readings}); print '-' for each missing cell so the count is unambiguous",
            row=row_line,
            row_name=row_name,
            column=cols.labels[-1] if cols.labels else None,
            value=[t.text for t in run],
        )
    if options:
        lead = options[0][0]
        k = len(run) - lead
        raise InputError(
            f"line {last} ({run[-1].text!r}) is either this row's cell {k} of {k} (and the "
            f"next row, {nxt.text if nxt else ''!r}, has no number) or the next row's number "
            f"{expected} (and this row has only {k - 1} cells): cannot tell which; print '-' "
            "for each missing cell so the count is unambiguous",
            row=row_line,
            row_name=row_name,
            column=cols.labels[k - 1],
            value=[t.text for t in run],
        )
    n = len(run)
    if can_trail and run[-1].number == expected:
        n -= 1
    if n < nv:
        ambiguous = [c.label for c in cols.values]
        what = f"{n} cell(s) for {nv} value columns"
    elif n < nv + nr:
        ambiguous = [c.label for c in cols.ratios]
        what = f"{n} cell(s): {nv} value columns plus {n - nv} of {nr} ratio columns"
    else:
        ambiguous = []
        what = f"{n} cells, more than the {nv + nr} columns"
    which = (
        f"cannot tell which of {ambiguous} {'is' if len(ambiguous) == 1 else 'are'} missing"
        if ambiguous
        else "cannot tell where this row ends"
    )
    raise InputError(
        f"lines {first}-{last} hold {what}: {which}; expected {nv} cells, or {nv + nr} with "
        "the ratios, with '-' printed for a missing cell",
        row=row_line,
        row_name=row_name,
        column=", ".join(ambiguous) if ambiguous else None,
        value=[t.text for t in run],
    )


#: The kinds of a cell line that hold a figure, or the mark of a missing one.
_FIGURE_KINDS = ("number", "badnum", "missing")


def _run_end(toks: list[_Tok], i: int) -> int:
    """The index after the run of cell lines that starts at ``toks[i]``."""
    while i < len(toks) and toks[i].is_cell:
        i += 1
    return i


def _cells_with_word(toks: list[_Tok], k: int, cols: _Columns,
                     next_numbers: tuple[int, int]) -> bool:
    """Whether the cells after the line ``toks[k]`` are, with it, one row's cells, not followed
    by another part of the row above (:func:`_another_part`; the next row's number after them,
    one of ``next_numbers``, says they are)."""
    j = _run_end(toks, k + 1)
    cells = toks[k + 1 : j]
    if not cells or cells[0].kind not in _FIGURE_KINDS:
        return False
    # the next row's number, printed on a line of its own
    numbered = cells[-1].int_like and cells[-1].number in next_numbers
    fits = _fits(1 + len(cells), cols) or (numbered and _fits(len(cells), cols))
    # a word for no figure names no part; a verdict ("Tăng") may, where other parts follow
    return fits and (numbered or _is_no_figure(toks[k].text, verdicts=False)
                     or not _another_part(toks, j, cols))


def _another_part(toks: list[_Tok], j: int, cols: _Columns) -> bool:
    """Whether ``toks[j]`` starts another verdict part of a row: a name that starts with a
    verdict (marked or not, maybe wrapped, maybe with its unit) followed by a row's cells
    ("Giảm" after "Tăng" and its figures); not a part of the row of another kind ("- Trong đó:
    xã nâng cao", a child of the row), a note or a page's foot before the next row's number, a
    numbered row or a section."""
    if j >= len(toks) or toks[j].kind != "text" or toks[j].joined \
            or _looks_like_section(toks, j):
        return False
    name = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-zđ]\)|\(\w{1,4}\))\s*", "",
                  _strip_prefix(toks[j].text)[1])  # numbered or lettered ("2.2. Giảm", "b)")
    if not _VERDICT_START.match(_folded_words(name)):
        return False  # ("Giảm*", "Giảm(*)", "Giảm/sáp nhập" too)
    k = j + 1
    while k < min(j + 4, len(toks)) and toks[k].kind == "text":  # more name lines, a unit
        k += 1
    if k < len(toks) and toks[k].kind == "blank":  # an empty unit
        k += 1
    m = _run_end(toks, k)
    n_cells = m - k
    if not n_cells or toks[k].kind not in _FIGURE_KINDS:
        return False
    trailing_number = toks[m - 1].int_like  # (the next row's number after the part's cells)
    return _fits(n_cells, cols) or (trailing_number and n_cells > 1
                                    and _fits(n_cells - 1, cols))


def _check_ratio_figures(cells: list[_Tok], cols: _Columns, name: str, line: int) -> None:
    """Refuse a printed ratio whose two figures are not both printed: the cells were most
    likely shifted by blank lines (a page break in extracted text), which would move figures
    into the ratio columns and drop a target without a word."""
    nv = len(cols.values)
    at = {(c.year, c.kind): k for k, c in enumerate(cols.values)}
    has_blank = any(c.kind == "blank" for c in cells)
    for r, col in enumerate(cols.ratios):
        if nv + r >= len(cells) or cells[nv + r].kind not in ("number", "badnum"):
            continue
        # a cell printed '-' is missing on purpose; a blank one may be a shifted cell
        gone = [cols.values[at[key]].label for key in (col.numerator, col.denominator)
                if key in at and cells[at[key]].kind == "blank"]
        if gone:
            raise InputError(
                f"the ratio {cells[nv + r].text!r} (line {cells[nv + r].line}) is printed but "
                f"not the figure(s) it compares ({', '.join(map(repr, gone))}): blank lines (a "
                "page break?) may have shifted the cells into the ratio columns; print '-' for "
                "a missing cell and remove the stray blank lines",
                row=line, row_name=name, column=col.label, value=cells[nv + r].text)
        # A figure shifted into a ratio column by blank lines (5,50 read as the ratio of
        # 7,49 to 0,75, which is 999%) is off by a factor no misprint of a ratio comes near.
        # Only in a row with a blank cell: a row without one may print differences in points,
        # an index or a count added in its comparison columns, which the audit reports.
        num, den = (cells[at[key]] if key in at else None
                    for key in (col.numerator, col.denominator))
        ratio = cells[nv + r]
        if (num is None or den is None or ratio.kind != "number"
                or num.kind != "number" or den.kind != "number" or not has_blank):
            continue
        x, y = parse_vn_number(num.text), parse_vn_number(den.text)
        p = parse_vn_number(ratio.text) * (100.0 if col.times else 1.0)
        if x > 0 and y > 0 and p > 0 and max(p / (100.0 * x / y), 100.0 * x / y / p) > 3.0:
            raise InputError(
                f"the ratio {ratio.text!r} (line {ratio.line}) is more than 3 times off its "
                f"figures ({num.text} / {den.text} = {100.0 * x / y:.4g}%) in a row with "
                "blank cells: blank lines (a page break?) may have shifted the figures into "
                "other columns; check the row in the text, print '-' for a missing cell and "
                "remove the stray blank lines",
                row=line, row_name=name, column=col.label, value=ratio.text)


def _mark_alone(toks: list[_Tok], i: int) -> int | None:
    """If ``toks[i]`` is a part mark on its own line ("a)", "a", "(1)") before a name, the
    index of that name; else None."""
    t = toks[i]
    if t.kind != "text" or not (_LETTER_ALONE.fullmatch(t.text)
                                or _PAREN_MARK_ALONE.fullmatch(t.text)):
        return None
    j = _next_nonblank(toks, i + 1)
    if (j < len(toks) and toks[j].kind == "text" and not _looks_like_section(toks, j)
            and not _PAREN_MARK_ALONE.fullmatch(toks[j].text)):
        return j
    return None


def _marked_part_follows(toks: list[_Tok], i: int) -> bool:
    """Whether the next row from ``toks[i]`` is a marked part ("- X", "TĐ: X", "a) X", or a
    mark alone before its name, as the row reader takes it: :func:`_mark_alone`)."""
    j = _next_nonblank(toks, i)
    if j >= len(toks) or toks[j].kind != "text":
        return False
    return bool(_strip_prefix(toks[j].text)[0]) or _mark_alone(toks, j) is not None


def _continues_name(name: str, toks: list[_Tok], i: int, known: Collection[str],
                    cols: _Columns | None = None, next_number: int | None = None) -> bool:
    """Whether text token ``i`` goes on the row name ``name`` (a name wrapped over two lines)
    rather than starting a sub-row.

    Yes when the two lines together are a known indicator name and the first alone is not;
    else when the line is a qualifier in parentheses (``(theo giá so sánh 2010)``) or a period
    (``2021-2025``), or starts in lower case (``giai đoạn 2021-2025``) after a name that does
    not end in a qualifier (``... (%)``) and the row it would start is not followed by another
    unmarked row (``ở đô thị`` then ``ở nông thôn`` are two parts of a header). Never for a
    unit, a marked part or a section title.
    """
    t = toks[i]
    if (t.kind != "text" or _looks_like_section(toks, i) or _strip_prefix(t.text)[0]
            or _LETTER_ALONE.fullmatch(t.text) or _is_unit_text(t.text)):
        return False
    after = _next_nonblank(toks, i + 1)
    if after < len(toks) and toks[after].is_cell and len(t.text.split()) <= 3 \
            and len(t.text) <= 20:
        return False  # the unit, as the row reads it ("căn hộ" before the figures)
    if normalise_name(f"{name} {t.text}") in known and normalise_name(name) not in known:
        return True
    if (_PAREN_MARK_ALONE.fullmatch(t.text.strip()) and after < len(toks)
            and toks[after].kind == "text" and not _is_unit_text(toks[after].text)):
        return False  # "(1)" before a name marks a part; before the unit it is a footnote
    if re.fullmatch(r"\([^()]*\)", t.text.strip()) or _YEAR_SPAN.fullmatch(t.text.strip()):
        return True  # a qualifier in parentheses, or a period ("2021-2025")
    if (not t.text.lstrip()[:1].islower() or _TRAILING_PARENS.search(name)
            or normalise_name(t.text) in known):
        return False  # a complete name ("... (%)"), or a known indicator's on its own
    # The row this line would start: its unit line, its cells, then what follows.
    j = after
    if j < len(toks) and toks[j].kind == "text" and not _looks_like_section(toks, j):
        j = _next_nonblank(toks, j + 1)
    start, j = j, _run_end(toks, j)
    run = toks[start:j]
    j = _next_nonblank(toks, j)
    # The run's last cell is the next row's number (a bare "7" on its own line) when it is
    # that number and the cells fit the columns only without it: the row after is numbered,
    # not a header's part.
    leads = (0, 1) if run and run[0].kind == "blank" else (0,)  # an empty unit cell first
    numbered = cols is not None and bool(run) and run[-1].int_like and (
        next_number is None or run[-1].number == next_number) and not any(
        _fits(len(run) - lead, cols) for lead in leads) and any(
        _fits(len(run) - 1 - lead, cols) for lead in leads)
    # an unmarked row after it (of any case) makes it one of a header's parts
    sibling = (j < len(toks) and toks[j].kind == "text" and not _looks_like_section(toks, j)
               and not _strip_prefix(toks[j].text)[0] and not numbered)
    return not sibling


def _number_recurs(toks: list[_Tok], i: int, number: int) -> bool:
    """Whether a row numbered ``number`` comes again from token ``i`` on, before a section
    title (a number on a name's line, or one on its own line before a name): then the line
    that had it is a part numbered like the rows ("4. Thuế ..." before row 4)."""
    while i < len(toks):
        t = toks[i]
        if t.kind == "text" and _looks_like_section(toks, i):
            # the next section numbers its rows from 1 again (the parts' number is the
            # stronger clue) or goes on from ``number`` (a row of it): a part; from
            # ``number + 1``: ``number`` was this section's last row
            nxt = next((u for u in toks[i + 1:] if u.arabic_number), None)
            return nxt is not None and nxt.number in (1, number)
        if t.arabic_number:
            if t.number == number:
                return True
            if t.number is not None and t.number < number:
                return False  # other parts, or rows numbered again from 1
        i += 1
    return False


def _cells_follow(toks: list[_Tok], i: int) -> bool:
    """Whether the name at token ``i`` is followed by cells (after its unit line, if any): a
    row with figures, not a title or a note."""
    j = _next_nonblank(toks, i + 1)
    if j < len(toks) and toks[j].kind == "text" and not _looks_like_section(toks, j):
        j = _next_nonblank(toks, j + 1)  # the unit line, whatever its word
    if j >= len(toks) or not toks[j].is_cell:
        return False
    k = _next_nonblank(toks, j + 1)  # a number before a name is the next row's, no cell
    return not (toks[j].int_like and k < len(toks) and toks[k].kind == "text")


def _parse_rows(toks: list[_Tok], cols: _Columns, known: Collection[str] = ()) -> list[_Row]:
    """The rows of the annex; ``known``: the glossary's normalised names (for a name wrapped
    over two lines, :func:`_continues_name`)."""
    toks = list(toks)  # a number split off a line that is no row is joined back (below)
    rows: list[_Row] = []
    n = len(toks)
    sections = 0
    section = ""
    last_main = 0
    pending: _Tok | None = None
    letter: _Tok | None = None  # a lettered part's "a)" line, before its name
    current_main: _Row | None = None
    current_group: _Row | None = None
    part_number = -1  # the last number on a name's line read as a part's, under the main row
    section_start = True
    i = 0
    while True:
        i = _next_nonblank(toks, i)
        if i >= n:
            break
        t = toks[i]
        if t.joined:
            # A number on a name's line: the row's number where it continues the rows'
            # sequence; a part's where it continues its parts' ("1. Nông, lâm nghiệp" under
            # row 3; when the number is both, a part if a row of that number follows); the
            # line as written otherwise (notes under the table, "1. Chỉ tiêu GRDP tính theo
            # giá so sánh"), and the row's number printed twice loses the copy on the name's
            # line. A number past the next row's, on a row with figures, is a missing row.
            k = t.number or 0
            main = k == last_main + 1 or (k == 1 and section_start)
            part = pending is None and k == part_number + 1 and (
                not main or _number_recurs(toks, i + 2, k))
            if pending is None and not part and not main and k > last_main + 1 \
                    and _cells_follow(toks, i + 1):
                raise InputError(
                    f"row number {k} follows {last_main}: expected {last_main + 1} (a missing "
                    "row number would turn a main row into a sub-row)",
                    row=t.line, value=t.joined)
            if pending is not None or part or not main:
                j = i + 1
                twice = pending is not None and pending.number == k
                if pending is None:
                    part_number = k
                toks[j] = _Tok("text", toks[j].text if twice else t.joined, t.line)
                i = j
                continue
        if t.kind == "stt" or t.int_like:
            j = _next_nonblank(toks, i + 1)
            if j < n and (toks[j].kind == "text" or (toks[j].joined and t.int_like
                                                     and toks[j].number == t.number)):
                if pending is not None:
                    raise InputError(
                        f"two row numbers in a row ({pending.text!r} on line {pending.line} "
                        f"and {t.text!r}); expected a name after a row number",
                        row=t.line,
                        value=t.text,
                    )
                pending = t
                i = j
                continue
        if t.kind == "text" and _OF_WHICH_LINE.fullmatch(t.text):
            # "Trong đó:" / "Chia ra:" alone: the parts below belong to the row just above it
            current_group = rows[-1] if rows else None
            i += 1
            continue
        named = _mark_alone(toks, i) if pending is None and letter is None else None
        if named is not None:
            # "a)" or "(1)" on its own line marks the name below as a part
            letter = t
            i = named
            continue
        if t.kind == "text" and _is_qualified_figure(t.text):
            raise _not_a_number(t)
        if t.kind != "text":
            raise InputError(
                f"{t.text!r} is not part of any row: expected a row number, a section title or "
                "an indicator name before the cells",
                row=t.line,
                value=t.text,
            )
        if _looks_like_section(toks, i):
            sections = pending.number if pending and pending.number else sections + 1
            section = _section_slug(t.text)
            pending = letter = None
            current_main = current_group = None
            section_start = True
            i += 1
            continue
        if _row_on_one_line(t.text):
            raise InputError(
                f"this line holds a whole row, its figures spaced out on the name's line "
                f"({t.text[:60]!r}...): the parser reads the annex's table with one cell per line "
                "(row number, name, unit, then each figure on a line of its own), as the text of "
                "a table copied from the resolution reads; put each cell on its own line",
                row=t.line,
                value=t.text,
            )
        prefix, name = _strip_prefix(t.text)
        if letter is not None:
            prefix, letter = prefix or "letter", None
        stt, pending = pending, None
        if stt is not None and (m := _NUMBERED_NAME.fullmatch(name)) and \
                int(m[1][:-1]) == stt.number:
            name = m[2] or m[3]  # the row's number printed again on its name's line
        after_name = _next_nonblank(toks, i + 1)
        own = stt.number if stt is not None and not prefix and not stt.roman else None
        next_number = (own if own is not None else last_main) + 1
        while after_name < n and _continues_name(name, toks, after_name, known, cols,
                                                 next_number):
            # a name wrapped over lines: one row, not an empty row and a sub-row holding
            # the figures under a slug of the second line
            name = f"{name} {toks[after_name].text.strip()}"
            i = after_name
            after_name = _next_nonblank(toks, i + 1)
        if not any(c.isalpha() for c in name) or (
            _is_unit_text(name)
            and len(name.split()) <= 3
            and after_name < n
            and toks[after_name].is_cell
        ):
            raise InputError(
                f"{t.text!r} looks like a unit, not an indicator name: expected the row's name "
                "before its unit (is the name line missing?)",
                row=t.line,
                value=t.text,
            )
        i += 1
        unit = ""
        has_unit = False
        if i < n and toks[i].kind == "text" and not _looks_like_section(toks, i):
            cand = toks[i]
            after = _next_nonblank(toks, i + 1)
            followed_by_cells = after < n and toks[after].is_cell
            no_parens = not _TRAILING_PARENS.search(name)
            if _is_unit_text(cand.text) or (
                followed_by_cells
                and no_parens
                and not _strip_prefix(cand.text)[0]
                and len(cand.text.split()) <= 3
                and len(cand.text) <= 20
            ):
                # a unit line in parentheses, "(Tỷ đồng)", is the unit inside them
                unit, has_unit = re.sub(r"^\((.+)\)$", r"\1", cand.text.strip()), True
                i += 1
        k = _run_end(toks, i)
        run = toks[i:k]
        nxt = toks[k] if k < n else None
        nxt_is_section = nxt is not None and _looks_like_section(toks, k)
        is_main = stt is not None and not prefix
        this_main = None
        if is_main and stt is not None and not stt.roman:
            this_main = stt.number
        expected_main = (this_main if this_main is not None else last_main) + 1
        cells, trailing, blank_unit = _choose_cells(
            name,
            t.line,
            run,
            nxt,
            nxt_is_section,
            expected_main,
            sections + 1,
            has_unit,
            cols,
            _cells_with_word(toks, k, cols, (expected_main, sections + 1)),
        )
        for c in cells:
            if c.kind == "badnum":
                idx = cells.index(c)
                label = cols.labels[idx]
                parse_vn_number(c.text, row=c.line, column=label, row_name=name)
        _check_ratio_figures(cells, cols, name, t.line)
        row = _Row(
            name=name,
            prefix=prefix,
            line=t.line,
            stt=stt,
            unit=unit,
            cells=cells,
            section=section,
            is_main=is_main,
        )
        if is_main:
            if this_main is not None:
                restart = this_main == 1 and section_start
                if this_main != last_main + 1 and not restart and stt is not None:
                    raise InputError(
                        f"row number {this_main} follows {last_main}: expected {last_main + 1} "
                        "(a missing row number would turn a main row into a sub-row)",
                        row=stt.line,
                        row_name=name,
                        value=stt.text,
                    )
                last_main = this_main
            section_start = False
            current_main = row
            current_group = None
            part_number = -1
        else:
            row.parent = current_group or current_main
            above = rows[-1] if rows else None
            if prefix == "of_which" and above is not None and not above.is_header and (
                    above.parent is not None and above is not row.parent):
                # "TĐ: Du lịch" under "- Dịch vụ": a part of the row just above (a share of a
                # structure), not another share of its group; under a part of its own, a
                # sibling of it
                row.parent = above.parent if above.prefix == "of_which" else above
        if row.is_header:
            if not row.unit:
                row.unit = _unit_from_name(name)
            # A value-less line with no number and no marker heads a group only if it has a
            # unit ("Cơ cấu vốn đầu tư (%)") or marked parts follow; else it is a stray line (a
            # note such as "Số liệu sơ bộ"), and the rows after it keep their parent.
            if stt is not None or prefix or row.unit or _marked_part_follows(toks, k):
                current_group = row
        elif not row.unit:
            # A sub-row shares its parent's unit if it hangs under a group header or is
            # marked as a part ("- ", "TĐ:"); an unmarked, unnumbered row needs its own.
            inherited = ""
            if row.parent is not None and (row.parent.is_header or row.prefix):
                inherited = row.parent.unit
            row.unit = _unit_from_name(name) or inherited
            if not row.unit and cols.has_unit_column and not blank_unit:
                raise InputError(
                    "has values but no unit: expected a unit cell (e.g. '%', 'Tỷ đồng') after "
                    "the name, an empty line for none, or the unit in '(...)' at the end of "
                    "the name",
                    row=t.line,
                    row_name=name,
                    column="unit",
                )
        rows.append(row)
        if trailing:
            pending = run[-1]
        i = k
    if pending is not None:
        raise InputError(
            f"row number {pending.text!r} is not followed by a row",
            row=pending.line,
            value=pending.text,
        )
    return rows


# --------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------

_ANNEX = re.compile(rf"^[\s{_ZERO_WIDTH}]*PHỤ\s+LỤC\b", re.IGNORECASE)
#: A council's or people's committee's name, alone on a line, and its place.
_COUNCIL_LINE = re.compile(r"(?:HĐND|HỘI ĐỒNG NHÂN DÂN|UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)"
                           r"\s+(?:TỈNH|THÀNH PHỐ|TP\.?)\s+(\S.*)", re.IGNORECASE)
_NUMBER = re.compile(r"Số\s*:\s*([0-9]+/[^\s,;()]+)")
_DATE_LINE = re.compile(
    r"^\s*[^\d,]{2,60},\s*ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})",
    re.IGNORECASE,
)
_ANNEX_REF = re.compile(
    r"số\s+([0-9]+/[^\s,;()]+)\s+ngày\s+([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.IGNORECASE
)


# The council's heading starts its line ("HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA"); the annex reference
# names it in parentheses ("(Kèm theo Nghị quyết số ... của HĐND tỉnh Sơn La)"). A sentence of
# the text that mentions the council is neither.
_COUNCIL = re.compile(
    r"^(?:\(.*\bcủa\s+)?H(?:ỘI\s+ĐỒNG\s+NHÂN\s+DÂN|ĐND)\s+(TỈNH|THÀNH\s+PHỐ)\s+"
    r"([^\d,;:()]{2,40}?)(?:\s+KHÓA\b.*|\s*[-–_.]{2,}.*|[.\s)]*)$",
    re.IGNORECASE,
)
_COUNCIL_ALONE = re.compile(r"H(?:ỘI\s+ĐỒNG\s+NHÂN\s+DÂN|ĐND)", re.IGNORECASE)
_PLACE = re.compile(r"^\s*(?:(?:TP|Tp)\.\s*|Thành\s+phố\s+)?([^\d,]{2,60}),\s*ngày\s",
                    re.IGNORECASE)


#: The centrally-run cities (thành phố trực thuộc trung ương), councils of province rank: their
#: region is the bare name, as a province's is. Any other city council keeps "Thành phố".
_PROVINCE_RANK_CITIES = frozenset(
    unicodedata.normalize("NFC", c).casefold()
    for c in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
)


def _capitalised(name: str) -> bool:
    """A place name is capitalised word by word ("Bà Rịa - Vũng Tàu"); a sentence is not."""
    return all(w[0].isupper() or w in "-–" for w in name.split())


def _find_region(lines: list[str]) -> str:
    """The province (or city) of the council that passed the resolution, or "" if not named.

    The council's heading (``HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA``, on one line or two, its term
    ``KHÓA XV`` and any rule of dashes dropped) or the annex reference
    ``(... của HĐND tỉnh Sơn La)`` decides; its capitals are written as the place of the date
    line (``Sơn La, ngày ...``) when the two agree, else title-cased. Without either, the place
    of the date line. A sentence that mentions the council, or a date line whose "place" is
    not capitalised word by word, is neither. A city council other than a centrally-run city
    (:data:`_PROVINCE_RANK_CITIES`) gives "Thành phố <name>", so that the city's table is not
    read as its province's.
    """
    council = place = ""
    city = False
    for i, s in enumerate(lines):
        head = s.strip()
        if _COUNCIL_ALONE.fullmatch(head) and i + 1 < len(lines):
            head = f"{head} {lines[i + 1].strip()}"  # the heading set on two lines
        m = None if council else _COUNCIL.match(head)
        if m and _capitalised(m.group(2)):
            council = " ".join(m.group(2).split())
            city = " ".join(m.group(1).split()).casefold() == "thành phố"
        if not place and (m := _PLACE.match(s)) and _capitalised(m.group(1)):
            place = " ".join(m.group(1).split())
    if council:
        if place and place.casefold() == council.casefold():
            name = place
        else:
            name = council.title() if council.isupper() else council
        if city and unicodedata.normalize("NFC", name).casefold() not in _PROVINCE_RANK_CITIES:
            return f"Thành phố {name}"  # a city inside a province: not the province itself
        return name
    return place


def _find_source(lines: list[str], annex_lines: Iterable[str]) -> str:
    number = ""
    date = ""
    for s in lines:
        if not number:
            m = _NUMBER.search(s)
            if m:
                number = m.group(1)
        if not date:
            m = _DATE_LINE.match(s)
            if m:
                d, mo, y = (int(x) for x in m.groups())
                date = f"{y:04d}-{mo:02d}-{d:02d}"
        if number and date:
            break
    if not number or not date:
        for s in annex_lines:
            m = _ANNEX_REF.search(s)
            if m:
                number = number or m.group(1)
                d, mo, y = (int(x) for x in m.groups()[1:])
                date = date or f"{y:04d}-{mo:02d}-{d:02d}"
                break
    return " ".join(x for x in (number, date) if x)


def _council_places(lines: Iterable[str], region: str = "") -> set[str]:
    """The places (folded) whose council or committee ``lines`` name on a line of its own, and
    ``region`` (the text's own, :func:`_find_region`: a heading over two lines, a date line)."""
    places = {_fold(m[1]).strip() for s in lines if (m := _COUNCIL_LINE.fullmatch(s.strip()))}
    if region:
        places.add(re.sub(r"^(?:tinh|thanh pho)\s+", "", _fold(region).strip()))
    return places


def _is_council_line(text: str, places: Collection[str]) -> bool:
    """Whether ``text`` is, in capitals, the name of a council or committee of one of
    ``places`` ("HĐND TỈNH SƠN LA" in a text headed "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA"); not a
    section's title that starts so ("UBND CÁC HUYỆN", "HĐND TỈNH GIAO ...")."""
    s = text.strip()
    m = _COUNCIL_LINE.fullmatch(s)
    return s == s.upper() and m is not None and _fold(m[1]).strip() in places


def _annex_number(line: str) -> str | None:
    """The number of a ``PHỤ LỤC`` line ("01" of "PHỤ LỤC 01: ...", "II" of "Phụ lục số II"),
    without leading zeros; None when it has none."""
    m = re.match(r"(?:số\s*)?([0-9]+(?:[.\-][0-9A-Z]+)*[A-Z]?|[IVX]+)\b",
                 _ANNEX.sub("", line).strip(), re.IGNORECASE)
    return (m[1].lstrip("0") or "0").upper() if m else None  # "1.1" is not "1.2", nor "1"


def _continues_annex(line: str, number: str | None) -> bool:
    """Whether a ``PHỤ LỤC`` line inside the annex is its page heading, the annex going on
    ("PHỤ LỤC 01 (tiếp theo)", or its own number again), not the next annex."""
    f = re.sub(r"\s+", " ", _fold(line)).strip()
    if re.search(r"\(\s*tiep(?: theo)?\s*\)", f) or re.fullmatch(
            r"phu luc(?: so)?\s*[0-9a-z.\-]*\s*[:.\-]?\s*tiep(?: theo)?", f):
        return True  # "(tiếp theo)", "(tiếp)", "PHỤ LỤC 01 tiếp theo": not "chuyển tiếp"
    # its number again, alone or before a title of targets in capitals: not a sentence that
    # names the annex ("Phụ lục 01 nêu trên gồm 28 chỉ tiêu"), nor another annex numbered so
    # by a slip ("PHỤ LỤC 01: DANH MỤC DỰ ÁN"), which end it
    rest = re.sub(r"^(?:số\s*)?[0-9A-Z.\-]+\s*[:.\-–]?\s*", "",
                  _ANNEX.sub("", line).strip(), flags=re.IGNORECASE)
    return (number is not None and _annex_number(line) == number
            and (not rest or (rest == rest.upper() and "chi tieu" in _fold(rest))))


def _find_annex(lines: list[str]) -> tuple[int, int, str, int]:
    """(index of the annex heading, index after the title, title, index of the annex end)."""
    for idx, s in enumerate(lines):
        if not _ANNEX.match(s):
            continue
        same = _ANNEX.sub("", s).strip()
        same = re.sub(r"^(?:số\s*)?[0-9IVX]+\b\s*[:.\-–]?\s*", "", same, flags=re.IGNORECASE)
        if "CHỈ TIÊU" in same:
            title, after = same, idx + 1
        else:
            title, after = "", idx + 1
            for j in range(idx + 1, min(idx + 4, len(lines))):
                if "CHỈ TIÊU" in lines[j]:
                    title, after = lines[j].strip(), j + 1
                    break
        if not title:
            continue
        end = len(lines)
        number = _annex_number(s)
        for j in range(after, len(lines)):
            if _ANNEX.match(lines[j]) and not _continues_annex(lines[j], number):
                end = j
                break
        return idx, after, title, end
    raise InputError(
        "no indicator annex found: expected a line starting with 'PHỤ LỤC' followed by a title "
        f"containing 'CHỈ TIÊU' (e.g. 'PHỤ LỤC 01' / 'CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM "
        f"2025'); the text has {len(lines)} lines and no such heading",
        row=1,
    )


def parse_resolution(
    text: str,
    *,
    source: str | None = None,
    region: str | None = None,
    glossary: pd.DataFrame | None = None,
) -> ParsedResolution:
    """Parse the indicator annex of a resolution text into a tidy table and its ratios.

    Parameters
    ----------
    text : str
        The whole resolution as text, the annex table one cell per line (as extracted from
        the published document). Any line ending; a leading BOM is ignored; normalised to NFC.
    source : str, optional
        Value of the ``source`` column. Default: the document number and date read from the
        ``Số: 420/NQ-HĐND`` and ``..., ngày 05 tháng 12 năm 2024`` lines (falling back to the
        annex's "(Kèm theo Nghị quyết số ... ngày dd/mm/yyyy ...)" line), e.g.
        ``"420/NQ-HĐND 2024-12-05"``.
    region : str, optional
        Value of the ``region`` column. Default: the province (or city) whose council passed
        the resolution, read from the text before the annex and the annex's first lines: the
        ``HỘI ĐỒNG NHÂN DÂN TỈNH ...`` or ``HĐND tỉnh ...`` heading (written as in the
        ``Sơn La, ngày ...`` date line when the two agree), else the date line's place, else
        ``""`` (one unnamed region).
    glossary : pandas.DataFrame, optional
        Known names, with the columns of :func:`load_glossary` (the default).

    Returns
    -------
    ParsedResolution
        ``table`` (tidy, one row per printed value), ``ratios`` (one row per printed ratio),
        ``source`` and ``title``; the columns are documented in :class:`ParsedResolution`.

    Raises
    ------
    InputError
        With the line number as ``row``: no annex; a header without recognisable years; an
        unparseable number (``column`` names the column heading); a row whose cell count
        does not fit the columns, or can be read two ways (``column`` names the candidate
        columns); a row number out of sequence (which would silently turn a main row into a
        sub-row); a unit where a name is expected; a row with values but no unit when the
        header has a "Đơn vị" column; a word in a figure's cell (``Không``, ``Đạt``,
        ``Đang cập nhật``, ``26 nghìn``) among a row's cells, or first after its unit with the
        rest of the row's cells after it (a verdict, ``Đạt``, ``Tăng``, only where no other
        verdict part of the row, ``- Giảm`` with a row's cells, follows them), which would
        start a sub-row of that name. Missing cells must be printed as ``-``, ``–``, ``—``,
        ``x`` or an empty line.

    See Also
    --------
    read_resolution_file : Read and parse a file.
    sonla_forecast.audit.audit : Check the resolution's arithmetic.

    Notes
    -----
    The annex starts at a line beginning with ``PHỤ LỤC`` whose title (same or next lines)
    contains ``CHỈ TIÊU``, and ends at the next ``PHỤ LỤC`` or the end of the text; a page's
    head or foot inside it is skipped and the annex goes on: its own heading again
    (``PHỤ LỤC 01 (tiếp theo)``, or its number alone or before a title naming ``CHỈ TIÊU``),
    its title printed again, the name in capitals of the council the text is headed by
    (``HĐND TỈNH SƠN LA``). Its header
    lines give the columns: ``Thực hiện`` is ``actual``, ``Kế hoạch`` is ``plan``, ``Ước TH``,
    ``Ước thực hiện`` and ``UTH`` are ``estimate``; a ``Năm YYYY`` heading takes the year-less
    kind headings that follow it; ``X so với Y (%)`` is a ratio column (in ``(lần)``, times,
    read in percent); ``X so với cùng kỳ`` or ``so với năm trước`` compares with the actual or
    estimate of the year before X's. A heading wrapped over two lines is one heading where its
    second line goes on in lower case (a year after a kind, ``Kế hoạch`` / ``năm 2025``; the
    other side of a ratio heading broken after ``so với``; words that are no heading alone,
    ``Ước TH`` / ``cả năm``) or is the year alone (``Năm`` / ``2024``); a kind alone in lower
    case (``kế hoạch`` under ``Năm 2024``) or a ratio heading of its own is a heading of its
    own. The kind headings come either all after the first row's (read row by row, each year
    taking them in turn) or each right after its year (column by column); a wrap whose second
    line starts with a capital (``Kế hoạch`` / ``Năm 2025``) reads as two headings, and the
    parser raises where that leaves the kind headings in neither order.

    Each row is ``[STT] name [unit] cells``. An STT is an integer or a Roman numeral; an STT
    followed by an ALL-CAPS title starts a section. A row's cells are the value columns,
    optionally followed by the ratio columns. When the last number of a run could be the next
    row's STT, the expected STT (previous main row + 1, or the next section number) and the
    column count decide; if both readings fit, the parser raises. A name starting with
    ``-`` or ``TĐ:``, or without STT, is a sub-row: its ``parent_id`` is the preceding
    value-less group header if there is one since the last main row, else the last main row;
    a ``TĐ:`` / ``Trong đó:`` row (also after ``+ ``) right under a sub-row with figures is a
    part of that sub-row (``Du lịch`` under the services share), not another part of its
    group.

    Examples
    --------
    >>> from sonla_forecast.io.resolution import parse_resolution
    >>> text = '''Số: 7/NQ-HĐND
    ... Sơn La, ngày 05 tháng 12 năm 2024
    ... PHỤ LỤC 01
    ... CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
    ... STT
    ... Chỉ tiêu
    ... Đơn vị
    ... Thực hiện năm 2023
    ... Năm 2024
    ... Kế hoạch năm 2025
    ... Kế hoạch
    ... Ước TH cả năm
    ... 1
    ... Tỷ lệ hộ nghèo
    ... %
    ... 14,17
    ... 11,41
    ... 11,17
    ... 8,17
    ... 2
    ... Tổng vốn đầu tư toàn xã hội
    ... Tỷ đồng
    ... 20.967
    ... -
    ... 21.130
    ... 23.000'''
    >>> res = parse_resolution(text)
    >>> res.source
    '7/NQ-HĐND 2024-12-05'
    >>> res.table[["indicator_id", "year", "kind", "value"]].head(4)  # index: line of figure
                indicator_id  year      kind  value
    value_line
    16          poverty_rate  2023    actual  14.17
    18          poverty_rate  2024  estimate  11.17
    17          poverty_rate  2024      plan  11.41
    19          poverty_rate  2025      plan   8.17
    >>> len(res.table)  # the plan 2024 investment cell is missing ("-")
    7
    """
    if not isinstance(text, str):
        raise InputError(
            f"expected the resolution as str, got {type(text).__name__}", value=type(text)
        )
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff")).translate(_SPACES)
    lines = text.splitlines()
    head_idx, after_title, title, end = _find_annex(lines)
    number = _annex_number(lines[head_idx])
    places = _council_places(lines[:head_idx], _find_region(lines[:head_idx]))
    # A page's head or foot is no row: the annex's heading ("PHỤ LỤC 01 (tiếp theo)"), its
    # title printed again, the name of the council the text is headed by, in capitals ("HĐND
    # TỈNH SƠN LA", which would read as a section's title)
    heading = {j for j in range(after_title, end)
               if (_ANNEX.match(lines[j]) and _continues_annex(lines[j], number))
               or _visible(lines[j]) == title or _is_council_line(_visible(lines[j]), places)}
    annex = [(j + 1, lines[j]) for j in range(after_title, end) if j not in heading]
    first_lines = lines[after_title:min(end, after_title + 10)]  # the source, the region
    # Trailing blank lines close the annex; they are not empty cells.
    while annex and not annex[-1][1].strip():
        annex.pop()
    toks = _tokenize(annex)
    cols, data_start = _parse_header(toks, 0, head_idx + 1)
    index = _glossary_index(load_glossary() if glossary is None else glossary)
    rows = _parse_rows(toks[data_start:], cols, index.keys())
    src = (
        source if source is not None else _find_source(lines[:head_idx], first_lines)
    )
    date = _latest_date(src)
    if date is not None and date[0] < max(c.year for c in cols.values) - 1:
        # A resolution is dated at most a year before its last column (December 2024 for the
        # 2025 plan): an older date is a law the text cites, not the resolution's.
        date = None
    cols = _unfinished_years_estimated(cols, date)
    where = region if region is not None else _find_region(
        lines[:head_idx] + first_lines)
    return _build(rows, cols, index, src, where, title)


#: Shares the packaged glossary knows as the parts of one composition, by its group id: the
#: audit checks them together when the table gives them no ``parent_id``, and the parser does
#: not take a row for one of them under a heading of another structure
#: (:data:`OTHER_STRUCTURE_WORDS`: the same names under "Cơ cấu lao động" are the labour
#: structure's, not the GRDP's).
KNOWN_COMPOSITIONS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "economic_structure": ("structure_agri", "structure_industry", "structure_services",
                           "structure_taxes"),
})
_GROUP_OF = {k: g for g, kids in KNOWN_COMPOSITIONS.items() for k in kids}
#: Words (ASCII-folded) of a heading whose sub-rows named like the economic shares are shares
#: of something else: labour, jobs, human resources, investment capital, credit.
OTHER_STRUCTURE_WORDS = ("lao dong", "viec lam", "nhan luc", "von", "dau tu", "tin dung")


def _build(
    rows: list[_Row],
    cols: _Columns,
    index: dict[str, _GlossaryEntry],
    source: str,
    region: str,
    title: str,
) -> ParsedResolution:
    used: set[str] = set()
    meta: dict[int, _GlossaryEntry | None] = {}
    for r in rows:
        entry = index.get(normalise_name(r.name))
        if entry and entry.indicator_id in _GROUP_OF and r.parent is not None:
            head = index.get(normalise_name(r.parent.name))
            words = set(re.findall(r"[a-z0-9]+", _fold(r.parent.name)))  # "động(%)" too
            other = any(set(w.split()) <= words for w in OTHER_STRUCTURE_WORDS)
            if other and not (head and head.indicator_id == _GROUP_OF[entry.indicator_id]):
                entry = None  # a share of another structure (labour): not the glossary's
        base = entry.indicator_id if entry else slugify(r.name)
        iid, k = base, 2
        while iid in used:
            iid, k = f"{base}_{k}", k + 1
        used.add(iid)
        r.indicator_id = iid
        meta[id(r)] = entry
    nv = len(cols.values)
    records = []
    ratio_records = []
    for r in rows:
        entry = meta[id(r)]
        section = r.section or (entry.section if entry else "")
        figures = [parse_vn_number(c.text) for c in r.cells[:nv] if c.kind == "number"]
        scale = (entry.scale if entry and entry.scale
                 else infer_scale(r.indicator_id, r.unit, r.name,
                                  typical=median(figures) if figures else float("nan")))
        if (scale == "count" and not (entry and entry.scale)
                and any(not x.is_integer() for x in figures)):
            # A unit such as "Điểm" names a count of places or a score; a fraction (PCI
            # 64,5; not 74,00) says a score, which is no count.
            scale = "level"
        common = {
            "region": region,
            "indicator_id": r.indicator_id,
            "unit": r.unit,
            "name_vi": r.name,
            "name_en": entry.name_en if entry else "",
            "direction": entry.direction if entry else "",
            "scale": scale,
            "section": section,
            "parent_id": r.parent.indicator_id if r.parent else "",
            "source": source,
            "line": r.line,
        }
        for pos, cell in enumerate(r.cells):
            if cell.kind in ("missing", "blank"):
                continue
            label = cols.labels[pos]
            value = parse_vn_number(cell.text, row=cell.line, column=label, row_name=r.name)
            # A figure in % (a share or a growth rate; not a ratio column, where a tenfold
            # rise prints 1.000% and the audit judges it) of a thousand or more: in a number
            # parse_vn_number has read, a dot can only group thousands (5.500, 1.020,5).
            text = cell.text.strip()
            if pos < nv and "%" in r.unit and "." in text:
                meant = (f"; most likely {text.replace('.', ',')!r} typed with a dot"
                         if "," not in text else "")
                raise InputError(
                    f"{text!r} reads as {value:g}% (a dot groups thousands in Vietnamese), "
                    f"far beyond a share or a growth rate{meant}: correct the text",
                    row=cell.line, column=label, row_name=r.name, value=text)
            if pos < nv:
                col = cols.values[pos]
                records.append(common | {"year": col.year, "kind": col.kind, "value": value,
                                         # beyond 10 a float holds no more digits that count
                                         "decimals": min(decimals(cell.text), 10),
                                         "value_line": cell.line})
            else:
                rc = cols.ratios[pos - nv]
                # in percent, as the ratios table holds them: 1,0885 lần is 108.85% (2 decimals)
                shift = 2 if rc.times else 0
                dec = decimals(cell.text) - shift
                ratio_records.append(
                    {
                        "indicator_id": r.indicator_id,
                        "name_vi": r.name,
                        "numerator_year": rc.numerator[0],
                        "numerator_kind": rc.numerator[1],
                        "denominator_year": rc.denominator[0],
                        "denominator_kind": rc.denominator[1],
                        "published": round(value * 10.0**shift, max(dec, 0)),
                        "decimals": dec,
                        "line": cell.line,
                    }
                )
    table = pd.DataFrame.from_records(records, columns=[*TABLE_COLUMNS, "value_line"])
    table = table.astype({"year": "int64", "value": "float64", "decimals": "int64",
                          "line": "int64", "value_line": "int64"})
    if len(table):
        order = table["kind"].map(_KIND_ORDER)
        table = (
            table.assign(_k=order)
            .sort_values(["line", "year", "_k"], kind="stable")
            .drop(columns="_k")
        )
    table = table.set_index("value_line")
    ratios = pd.DataFrame.from_records(ratio_records, columns=list(RATIO_COLUMNS))
    ratios = ratios.astype(
        {
            "indicator_id": str,
            "name_vi": str,
            "numerator_kind": str,
            "denominator_kind": str,
            "numerator_year": "int64",
            "denominator_year": "int64",
            "published": "float64",
            "decimals": "int64",
            "line": "int64",
        }
    )
    return ParsedResolution(table=table, ratios=ratios, source=source, title=title)


def read_resolution_file(
    path: str | Path,
    *,
    source: str | None = None,
    region: str | None = None,
    glossary: pd.DataFrame | None = None,
) -> ParsedResolution:
    """Read a resolution text file (UTF-8, BOM tolerated) and parse its indicator annex.

    Parameters
    ----------
    path : str or pathlib.Path
        The text file.
    source, region, glossary
        As in :func:`parse_resolution`.

    Returns
    -------
    ParsedResolution
        See :func:`parse_resolution`.

    Raises
    ------
    InputError
        If the file is not UTF-8, or as in :func:`parse_resolution`.
    OSError
        If the file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sonla_forecast.io.resolution import read_resolution_file
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "nq.txt")
    ...     _ = p.write_text("PHỤ LỤC 01\\nCÁC CHỈ TIÊU\\nThực hiện năm 2023\\n"
    ...                      "1\\nTỷ lệ hộ nghèo\\n%\\n14,17\\n", encoding="utf-8-sig")
    ...     read_resolution_file(p).table["value"].tolist()
    [14.17]
    """
    text = read_utf8(Path(path))
    return parse_resolution(text, source=source, region=region, glossary=glossary)
