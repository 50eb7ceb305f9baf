"""The indicator table: reading, validating and querying the tidy format.

Every input is one tidy table (see ``docs/data_format.md``): one row per observed or planned
value, keyed by (``region``, ``indicator_id``, ``year``, ``kind``). :func:`read_table` reads a
CSV file or a DataFrame, checks every cell, fills the optional columns and returns a read-only
:class:`IndicatorTable`. Any problem is an :class:`~sonla_forecast.errors.InputError` naming the
row and the column.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from ._typing import DIRECTIONS, KINDS, SCALES
from .errors import InputError
from .io.numbers import EXACT_RTOL, is_vn_number, parse_vn_number, printed_decimals

__all__ = [
    "COUNT_UNITS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "IndicatorTable",
    "fold",
    "infer_direction",
    "infer_scale",
    "is_percent_unit",
    "is_points_unit",
    "read_table",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("indicator_id", "year", "kind", "value", "unit")
#: Optional columns the library understands; any other column is kept as it is.
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "name_vi",
    "name_en",
    "direction",
    "region",
    "source",
    "scale",
    "cap",
    "section",
    "parent_id",
    "aggregate",
    "of",
    "start_year",
    "period",
    "flow",
)

#: Partial-year periods (cumulative from January) and their number of months. A full year is
#: an empty ``period`` (``M12`` and ``Q4`` are read as the full year).
PERIOD_MONTHS: dict[str, int] = {
    **{f"M{m}": m for m in range(1, 13)},
    "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12,
}

#: Values of the optional ``aggregate`` column: a multi-year target on another indicator's
#: yearly values (``of``) over ``start_year`` .. ``year``: their average or their sum.
AGGREGATES: tuple[str, ...] = ("mean", "sum")

DuplicatePolicy = Literal["error", "latest_source"]

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_VN_LOOKING = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
# Not inside a longer run of digits: "2021-2025" is a period, not the month 20 of 2021.
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")

#: Words in a Vietnamese indicator name that mark a lower-is-better indicator.
_LOWER_WORDS = ("nghèo", "thất nghiệp", "thiếu việc làm", "lao động nông nghiệp", "tử vong",
                "suy dinh dưỡng", "tai nạn", "ô nhiễm", "bỏ học", "lạm phát",
                "chỉ số giá tiêu dùng", "cpi", "nợ xấu", "nợ đọng")
#: What turns a name with a lower-is-better word into a measure of what is done about the bad
#: thing, which more of is better: an action on it ("thoát nghèo", "giảm nghèo", "xử lý",
#: "hỗ trợ", insurance against it, ...) or a reduction given as an amount ("Mức giảm tỷ lệ hộ
#: nghèo", "... giảm bình quân mỗi năm", "... giảm so với năm trước"; not "giảm (xuống) còn ..."
#: or "giảm dưới 10%", which give the level to reach). Not in a programme's name ("Chương trình
#: ... giảm nghèo bền vững").
_COUNTER = re.compile(r"thoát(?! nước)|vượt chuẩn nghèo|giảm nghèo|xử lý|khắc phục|hỗ trợ|"
                      r"thu hồi nợ|thu nợ|"
                      r"phòng,? chống|giải quyết|tạo việc làm|(?<!thiếu )việc làm mới|"
                      r"bảo hiểm|\bxóa\b|\bxoá\b|"
                      r"ra khỏi (?:danh sách|diện|tình trạng|chuẩn (?:cận )?nghèo|(?:cảnh )?nghèo|"
                      r"(?:huyện|xã|hộ) nghèo|khu vực (?:lao động )?nông nghiệp|ngành nông nghiệp|"
                      r"vùng (?:ô nhiễm|nguy hiểm|thiên tai|sạt lở))")
#: A reduction given as an amount: "Mức giảm ...", "Tỷ lệ giảm hộ nghèo", "Kéo giảm tai nạn",
#: "... giảm bình quân mỗi năm", "... giảm so với năm trước", "... giảm 3%/năm" (a figure per
#: year), "Số hộ nghèo giảm" (but not "... được (kéo) giảm" at the end, a passive that says
#: the figure itself is brought down).
_REDUCTION = re.compile(r"^(?:mức |tốc độ |tỷ lệ |kéo )?giảm\b|\bgiảm\s*[/(]|"
                        r"(?<!được )(?<!được kéo )\bgiảm$|"
                        r"giảm (?:bình quân|trung bình|hằng năm|hàng năm|mỗi năm|trong năm|"
                        r"so với)|"
                        r"giảm (?:số |tỷ lệ )?(?:hộ |người )nghèo|"
                        r"giảm (?:từ |trên |khoảng )?\d[\d.,]*(?:\s*-\s*\d[\d.,]*)?\s*(?:%|‰)?"
                        r"\s*/\s*năm")
#: "giảm" and a figure without "per year": the size of the fall, or the level written into the
#: name ("giảm 0,2%"); the name decides nothing then.
_REDUCTION_BY = re.compile(r"\bgiảm (?:từ |trên |khoảng |ít nhất |tối thiểu )?\d")
_LEVEL_TO_REACH = re.compile(r"\b(?:còn|xuống)\b|(?:dưới|không quá|không vượt quá|tối đa) "
                             r"\d[\d.,]*\s*(?:%|‰)")
#: A negation ("chưa", "không", "thiếu"; not "không khí", air, "không quá 3%", a ceiling, nor
#: "thiếu việc làm"): what it turns over cannot be told by words ("chưa được xử lý" is worse,
#: "không gây ô nhiễm" better; "hộ nghèo chưa có nhà ở được hỗ trợ" counts the support, "hộ
#: nghèo không vay được vốn hỗ trợ" the lack of it), so a name with one decides nothing. A
#: relapse ("tái nghèo", "tái phát") alone is worse ("Tỷ lệ hộ tái nghèo"); beside an action
#: it decides nothing either ("hộ tái nghèo được hỗ trợ thoát nghèo", "thoát nghèo nhưng tái
#: nghèo").
_NEGATION = re.compile(r"\b(?:chưa|không)\b(?! khí| (?:vượt )?quá \d)|\bthiếu\b(?! việc làm)")
_RELAPSE = re.compile(r"\btái (?:nghèo|phát)")
#: A programme's name says nothing of what is measured ("giải ngân vốn Chương trình mục tiêu
#: quốc gia giảm nghèo bền vững" is disbursement): read without it.
_PROGRAMME = re.compile(r"chương trình[^,;()]*?giảm nghèo(?: bền vững)?")
#: A passive whose verb may say what is done about the bad thing ("hộ nghèo được vay vốn") or
#: about something else ("hộ nghèo ở các xã được đầu tư"), and words of a measure of the
#: people concerned rather than of the bad thing (their income, loans, jobs, productivity,
#: training): the name decides nothing then. Not the verbs that say the figure is held or
#: falls ("được kiềm chế dưới 4%", "được kéo giảm"), which leave it lower-is-better.
_PASSIVE = re.compile(r"được (?!giảm|kéo giảm|hạ|giữ|kiềm chế|khống chế|kiểm soát|hạn chế|"
                      r"đẩy lùi|ngăn chặn|duy trì|quy định|xác định)")
_MEASURE_OF_PEOPLE = ("thu nhập", "năng suất", "dư nợ", "cho vay", "có việc làm",
                      "chuyển sang", "qua đào tạo", "sử dụng", "tiếp cận", "nhà ở")
#: Monitoring of a bad thing: its stations (more is better) or its findings (less is better)
#: ("Số trạm quan trắc ô nhiễm", "Tỷ lệ mẫu quan trắc ô nhiễm vượt quy chuẩn"): the name
#: decides nothing.
_MONITORING = ("quan trắc", "giám sát")
_GROUP_WORDS = ("nghèo", "lao động nông nghiệp")
#: Words that mark an indicator more of which is better, jobs found or created and businesses
#: founded ("Số lao động được giải quyết việc làm mới", "Số doanh nghiệp thành lập mới"): with
#: no direction given, a plan below the latest figure had read them as lower-is-better. Not
#: beside a negation, nor beside businesses that stop ("... thành lập mới ngừng hoạt động").
_HIGHER_WORDS = ("giải quyết việc làm", "tạo việc làm", "việc làm mới", "thành lập mới")
_STOPPED = re.compile(r"ngừng|giải thể|phá sản|dừng|rút lui|rút khỏi|đóng cửa|chấm dứt")
#: A remark in brackets ("(không kể xuất khẩu lao động)"): what is left out of the count, not
#: a negation of the measure.
_BRACKETED = re.compile(r"[(（\[][^()（）\[\]]*[)）\]]")
#: Words that mark a composition share (held near its target), unless a verb: "cơ cấu lại",
#: "tái cơ cấu" (restructure) are no shares.
_BAND_WORDS = ("cơ cấu",)
_NOT_BAND_WORDS = ("cơ cấu lại", "tái cơ cấu")
#: Words that mark a growth rate (can be negative, identity scale).
_RATE_WORDS = ("tốc độ tăng", "tăng trưởng")
#: A name that starts by stating growth ("Tốc độ tăng trưởng ...", "Tăng trưởng ...", "Tốc độ
#: tăng ...", "Mức tăng ..."), not one that names growth as a qualifier ("Cường độ phát thải
#: ... theo Chiến lược tăng trưởng xanh").
_GROWTH_START = re.compile(r"\s*(?:tốc độ |mức |tỷ lệ )?(?:tăng trưởng|tăng)\b")
#: What growth of is progress: output, value added, revenue, investment, trade, sales,
#: tourism, production, productivity, income, enterprises. Growth of such a thing is
#: higher-is-better by its name (a plan below last year's fast growth is a slower pace
#: planned, not a wish for less; the plan rule had read it as lower-is-better).
_GROWTH_OF = re.compile(
    r"tổng sản phẩm|\bgrdp\b|\bgdp\b|kinh tế|giá trị|sản xuất|thu ngân sách|thu nội địa|"
    r"\bthu ngân\b|vốn đầu tư|đầu tư|năng suất|xuất khẩu|doanh thu|bán lẻ|du lịch|"
    r"sản lượng|thu nhập|doanh nghiệp|công nghiệp|nông nghiệp|dịch vụ|thương mại|"
    r"xuất nhập khẩu")
#: Growth of what is not progress, or not plainly: prices and inflation, population, costs,
#: spending, debt and credit, imports (not trade both ways, "xuất nhập khẩu"), emissions and
#: waste, energy use, crime, drugs, disease, accidents, degradation (and businesses that stop,
#: :data:`_STOPPED`). The name decides nothing then.
_NOT_GROWTH_OF = re.compile(
    r"\bgiá\b(?! trị| so sánh| ss\b| hiện hành| hh\b| thực tế| cố định| (?:năm )?\d{4})|"
    r"lạm phát|dân số|chi phí|\bchi\b|\bnợ\b|tín dụng|(?<!xuất )nhập khẩu|nhập siêu|"
    r"phát thải|chất thải|ô nhiễm|tiêu hao|tội phạm|phạm tội|phạm pháp|vi phạm|buôn lậu|"
    r"gian lận|hàng giả|ma túy|ma tuý|nghiện|nhiễm|bệnh|tai nạn|tử vong|thoái hóa|thoái hoá|"
    r"thất nghiệp|nghèo")
#: A remark of what a figure leaves out ("không kể thu tiền sử dụng đất", "chưa kể ...",
#: "không bao gồm ...", "không tính ..."), to the end of the name: no negation of the measure.
_LEFT_OUT = re.compile(r"\b(?:không|chưa) (?:kể|bao gồm|tính)\b.*")
#: A floor written into a growth name ("Tốc độ tăng trưởng GRDP không dưới 8%"): the pace
#: planned at least, no negation of the growth.
_AT_LEAST = re.compile(r"\bkhông (?:dưới|thấp hơn|ít hơn) \d")
#: Units (ASCII-folded, whole) that count whole things: :func:`infer_scale` gives them ``count``.
COUNT_UNITS = frozenset({
    "xa", "phuong", "huyen", "don vi", "ban", "thon", "ho", "nguoi", "truong", "lop", "lang",
    "cai", "chiec", "con", "diem", "tram", "du an", "doanh nghiep", "hop tac xa", "co so",
    "cong trinh", "benh vien", "san pham",
})


#: Kinds written in the resolutions' words, or other English ones, and the kind each means.
_KIND_WORDS = {"thuc hien": "actual", "th": "actual", "uoc thuc hien": "estimate",
               "uoc th": "estimate", "uoc tinh": "estimate", "uoc": "estimate",
               "ke hoach": "plan", "kh": "plan", "muc tieu": "plan", "chi tieu": "plan",
               "target": "plan", "goal": "plan", "actuals": "actual", "outcome": "actual",
               "observed": "actual", "estimated": "estimate", "plans": "plan"}
#: Required columns under their Vietnamese names (ASCII-folded): "Năm" is ``year``.
_VI_HEADERS = {"nam": "year", "loai": "kind", "gia tri": "value", "so lieu": "value",
               "don vi": "unit", "don vi tinh": "unit", "dvt": "unit",
               "ma chi tieu": "indicator_id", "ma": "indicator_id"}
#: A header naming a year (``2023``, ``TH 2023``, ``KH2025``): a wide table's column.
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: What to do with a figure not known, said where a value is missing (not a cap's).
_DROP_ROW = " (drop the row if the figure is not known)"
#: Numeric columns a row may leave empty (a cap another row of the indicator gives, or none;
#: the decimals read from the figures).
_OPTIONAL = ("cap", "decimals")
#: Digits grouped by thousands with spaces, ordinary, thin or non-breaking ("1 680", "12 345.5").
_SPACED_THOUSANDS = re.compile(r"-?\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?")


def fold(text: str) -> str:
    """ASCII-fold Vietnamese text: drop diacritics, ``đ`` -> ``d``, lowercase.

    Parameters
    ----------
    text : str
        Any text (a non-string is converted with ``str``).

    Returns
    -------
    str

    Examples
    --------
    >>> from sonla_forecast.table import fold
    >>> fold("Xã đạt chuẩn")
    'xa dat chuan'
    """
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def _folded(name: str) -> str:
    """A name without diacritics, case or repeated spaces: what two spellings of one place (or
    unit) share ("Điện Biên", "Điên Biên", "dien  bien"; "Tỷ đồng", "Tý đồng")."""
    return " ".join(fold(name).split())


def _as_ty(text: str) -> str:
    """``text`` with the word "Tỉ" written "Tỷ", as the glossary writes it: one word (billion,
    and the "tỷ" of "tỷ lệ") spelt two ways."""
    return re.sub(r"\b([Tt])ỉ\b", r"\1ỷ", text)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).lower().split())


@cache
def _glossary_by_name() -> dict[str, dict[str, str]]:
    """Normalised Vietnamese name -> metadata of the glossary's indicator of that name (the
    glossary gives each name one id)."""
    from .io.resolution import load_glossary, normalise_name

    out: dict[str, dict[str, str]] = {}
    for rec in cast("list[dict[str, str]]", load_glossary().to_dict("records")):
        out.setdefault(normalise_name(rec["name_vi"]), _glossary()[rec["indicator_id"]])
    return out


def _known_by_name(name_vi: str) -> dict[str, str] | None:
    """The glossary's entry for a Vietnamese name it knows (a province's own id for "Tỷ lệ che
    phủ rừng" is still the forest cover), not for a share of a structure, whose bare name
    ("Dịch vụ") says which structure only under its heading, nor for a name with the name
    rules' words (a lower-is-better word, "cơ cấu"), which they decide or leave open ("Tỷ lệ
    hộ nghèo (giảm 1,5%)": the size of a fall or a level, not the poverty rate)."""
    if not str(name_vi).strip():
        return None
    words = _norm(name_vi).replace("tỉ", "tỷ")
    if any(w in words for w in (*_LOWER_WORDS, *_BAND_WORDS)):
        return None  # the name rules' words, decided or left open on purpose by them
    from .io.resolution import normalise_name

    # the glossary writes "Tỷ"; "Tỉ" is the same word
    g = _glossary_by_name().get(normalise_name(_as_ty(str(name_vi))))
    return g if g is not None and g.get("direction") in ("higher", "lower") else None


@cache
def _glossary() -> dict[str, dict[str, str]]:
    """indicator_id -> metadata from the packaged glossary (first alias row wins)."""
    from .io.resolution import load_glossary

    out: dict[str, dict[str, str]] = {}
    for rec in cast("list[dict[str, str]]", load_glossary().to_dict("records")):
        out.setdefault(rec["indicator_id"], rec)
    return out


def infer_scale(indicator_id: str, unit: str, name_vi: str = "", whole: bool = True,
                typical: float = float("nan")) -> str:
    """Infer the scale (``percent``, ``level``, ``rate`` or ``count``) of an indicator.

    Rules, first match wins: the packaged glossary entry for ``indicator_id``; a percentage unit
    (:func:`is_percent_unit`: ``%...``, ``Tỷ lệ (%)``, ``Phần trăm``) on a growth-rate name
    ("tốc độ tăng", "tăng trưởng", or ``growth`` in the id), or one per year (``%/năm``) or
    naming a rise (``Tăng (%)``) -> ``rate``; a percentage unit on the name of a price or
    production index or of a ratio to another year or to the budget ("Chỉ số giá tiêu dùng",
    "CPI", "IIP", "so với năm trước", "so với cùng kỳ", "so với dự toán"; not "so với kế
    hoạch") -> ``level``, which may pass 100 (the index or the ratio itself: 103.2, 108.5),
    except a name that states a change ("CPI tăng dưới 4%", "giảm so với năm trước"; not
    "giá trị tăng thêm", value added) whose typical figure is below 50 (``typical``: 3.5, a
    rise; not 103.5, the index after it) -> ``rate``; any other percentage unit ->
    ``percent``; a unit in percentage points (``điểm %``, ``điểm phần trăm``, ``pp``), a
    change of a percentage, -> ``rate``; a unit
    counting whole things (``xã``, ``huyện``, ``hộ``, ... :data:`COUNT_UNITS`, compared without
    diacritics) -> ``count``, except ``Điểm`` with a fraction among its figures (``whole``
    False: PCI 63.12), a score in points -> ``level``; otherwise ``level``. The resolution
    parser uses the same rules (and reads a fraction on any count unit as a ``level``: its
    figures are printed, with no thousands to mistake).

    Parameters
    ----------
    indicator_id : str
        Stable snake_case id, looked up in the packaged glossary.
    unit : str
        Unit as printed (``%``, ``Tỷ đồng``, ``xã``).
    name_vi : str, default ""
        Vietnamese name, searched for a growth-rate phrase or an index.
    whole : bool, default True
        Whether the indicator's figures are whole numbers: points (``Điểm``) with a fraction
        score (PCI 63.12); whole, they count places (tourist sites).
    typical : float, default NaN
        The series' typical figure (NaN: not known): an index or a ratio whose name states a
        change is the index or ratio itself where it is 50 or more (103.5), else the change
        (3.5), a growth rate. :func:`read_table` passes the median of the series' full-year
        figures (where it has none, of its year-to-date figures, a ratio to the year's budget
        at its pace over the year).

    Returns
    -------
    str
        ``percent``, ``level``, ``rate`` or ``count``.

    Examples
    --------
    >>> from sonla_forecast.table import infer_scale
    >>> infer_scale("x", "%", "Tỷ lệ hộ nghèo")
    'percent'
    >>> infer_scale("x", "%", "Tốc độ tăng tổng sản phẩm")
    'rate'
    >>> infer_scale("x", "xã", "Xã đạt chuẩn nông thôn mới")
    'count'
    >>> infer_scale("x", "Tỷ đồng")
    'level'
    >>> infer_scale("x", "%", "Chỉ số giá tiêu dùng (CPI) so với năm trước")
    'level'
    >>> infer_scale("x", "điểm %", "Mức giảm tỷ lệ hộ nghèo")
    'rate'
    """
    g = _glossary().get(indicator_id)
    if g and g.get("scale") in SCALES:
        return g["scale"]
    # None and pd.NA are not known, as NaN is (a review: they raised TypeError)
    return _scale_of(str(unit), str(name_vi), "growth" in indicator_id,
                     True if whole is None or whole is pd.NA else bool(whole),
                     typical is not None and not pd.isna(typical)
                     and bool(typical >= _INDEX_FORM_MIN))


# Cached: read_table asks once per series, and series mostly share a few units and names.
@lru_cache(maxsize=4096)
def _scale_of(unit: str, name_vi: str, growth_id: bool, whole: bool, index_form: bool) -> str:
    """:func:`infer_scale` after the glossary: ``index_form``, whether the typical figure is
    that of an index (50 or more)."""
    scale = _scale_from_text(unit, name_vi, growth_id)
    name = _norm(name_vi)
    if scale == "percent" and (_INDEX_NAME.search(name) or _RATIO_NAME.search(name)):
        # an index or a ratio to another figure is never a share. A name stating a change
        # ("CPI tăng dưới 4%") may mean the change (3.5; a fall in points, 0 some year) or the
        # index after it (103.5): its figures tell, an index or a ratio to a year before
        # sitting near 100, a change near 0
        return "rate" if _CHANGE_WORD.search(name) and not index_form else "level"
    if (scale == "count" and not whole and fold(_norm(unit)) in _SCORE_UNITS
            and not (name.startswith("số ") and not _SCORE_NAME.match(name))):
        return "level"
    return scale


#: Count units (ASCII-folded) that also score points: with a fraction, a score, a ``level``
#: (not on a name that counts, "Số điểm truy cập ...": its fraction is a thousands slip).
_SCORE_UNITS = frozenset({"diem"})
#: A name starting "Số điểm" that is a score, not a count of places: of an index or a rank
#: ("Số điểm chỉ số PCI"; not "Số điểm quan trắc chỉ số chất lượng không khí", sites).
_SCORE_NAME = re.compile(r"số điểm (?:của )?(?:chỉ số|pci|par|papi|sipas|ict|xếp hạng|"
                         r"năng lực cạnh tranh)\b")


#: "Percent" in words, as a whole unit (compared without diacritics).
_PERCENT_WORDS = frozenset({"phan tram", "ty le phan tram", "percent", "percentage", "pct"})
#: A unit with a % inside, not first, that is no percentage and may pass 100: an index ("Chỉ
#: số (%)", "CPI (%)", "Năm trước = 100%", "So với cùng kỳ (%)", "Tốc độ phát triển (%)"), a
#: plan or budget achieved ("Tỷ lệ hoàn thành KH (%)", "Đạt (%) KH", "Tỷ lệ thực hiện (%)"),
#: points ("điểm %"), times ("Lần (%)"), a figure with a % ("tăng 5%").
_NOT_PERCENT = re.compile(r"=|chỉ số|\bcpi\b|điểm|\blần\b|\d\s*%|\bkh\b(?!&)|kế hoạch|dự toán|"
                          r"thực hiện|phát triển|so (?:với )?(?:cùng kỳ|năm trước|kỳ trước)")


#: A heading id (ASCII-folded, words joined by ``_``) that names a structure, whose rows are
#: shares (``co_cau_lao_dong``, ``economic_structure``), not a restructuring
#: (``tai_co_cau_nganh``, ``co_cau_lai_doanh_nghiep``) nor ``infrastructure``.
_STRUCTURE_ID = re.compile(r"(?:^|_)(?<!tai_)co_cau(?!_lai)|(?:^|_)structures?(?:_|$)")


def _names_a_structure(heading_id: str) -> bool:
    """Whether a heading's id names a structure whose rows are shares (``co_cau_kinh_te``,
    ``economic_structure``, ``Co-cau-lao-dong``; not ``infrastructure`` or ``tai_co_cau``)."""
    return bool(_STRUCTURE_ID.search(re.sub(r"[^a-z0-9]+", "_", fold(str(heading_id)))))


#: The name of a price or production index, which a unit in % does not make a share
#: (:func:`infer_scale`): a ``level``, which may pass 100 (103.25).
_INDEX_NAME = re.compile(r"chỉ số (?:giá|sản xuất|phát triển)|\bcpi\b|\biip\b|\bppi\b")
#: The name of a ratio to another year or to the budget, which a unit in % does not make a
#: share either. Not a rate against a plan ("giải ngân so với kế hoạch") or a satisfaction
#: index: a figure of theirs over 100 is a slip, refused.
_RATIO_NAME = re.compile(r"so với (?:cùng kỳ|năm trước|kỳ trước|dự toán)")
#: A ratio to the year's budget, whose year-to-date figure is a part of the year's.
_BUDGET_RATIO = re.compile(r"so với dự toán")
#: The least typical figure of an index or a ratio in % whose name states a change that reads
#: as the index or ratio itself (103.5, 98.2); below it, the change (3.5, -0.5):
#: :func:`infer_scale`.
_INDEX_FORM_MIN = 50.0
#: A word that states a change ("tăng", "giảm") rather than a level or a ratio; not "tăng
#: thêm" (of "giá trị tăng thêm", value added, a noun).
_CHANGE_WORD = re.compile(r"\b(?:tăng|giảm)\b(?!\s+thêm\b)")


#: A unit that names a rise ("Tốc độ tăng (%)", "Tăng (%)", "Tỷ lệ tăng dân số (%)"): a growth
#: rate in %, which may be negative.
_RISE = re.compile(r"\btăng\b")


def is_percent_unit(unit: str) -> bool:
    """Is a unit a percentage: one starting with ``%`` (``%``, ``%/năm``, ``% GRDP``, the
    full-width ``％``; not ``%o``, per mille), one with a ``%`` inside (``(%)``, ``Tỷ lệ
    (%)``, ``Tỷ trọng %``, ``Tốc độ tăng (%)``) or ``Phần trăm`` / ``percent`` alone?

    An index with a % inside (``Chỉ số (%)``, ``CPI (%)``, ``Năm trước = 100%``), a plan
    achieved (``Tỷ lệ hoàn thành KH (%)``), percentage points (``điểm %``) and times (``Lần
    (%)``) are not percentages: they may pass 100.

    Examples
    --------
    >>> from sonla_forecast.table import is_percent_unit
    >>> [is_percent_unit(u) for u in ["%", "(%)", "Tỷ lệ (%)", "Phần trăm", "Chỉ số (%)",
    ...                               "Tỷ đồng"]]
    [True, True, True, True, False, False]
    """
    u = _norm(unicodedata.normalize("NFKC", str(unit)))
    if is_points_unit(u):  # "% points": a change of a percentage
        return False
    if u.startswith("%"):  # '%', '%/năm', '% GRDP', '% so với cùng kỳ'
        return not u.startswith("%o")
    if "%" in u:  # '(%)', 'Tỷ lệ (%)', 'Tốc độ tăng (%)', not 'Chỉ số (%)'
        return bool(_RISE.search(u)) or not _NOT_PERCENT.search(u)
    return re.sub(r"[\s()]+", " ", fold(u)).strip() in _PERCENT_WORDS


# Cached: a table's series mostly share a handful of units and names.
@lru_cache(maxsize=4096)
def _scale_from_text(unit: str, name_vi: str, growth_id: bool) -> str:
    u = _norm(unit)
    n = _norm(name_vi)
    if is_points_unit(u):  # before a percentage: "pp (%)" is points
        return "rate"
    if is_percent_unit(u):
        if "/" in u or any(w in n for w in _RATE_WORDS) or _RISE.search(u) or growth_id:
            return "rate"
        return "percent"
    if fold(u) in COUNT_UNITS:
        return "count"
    return "level"


#: A unit in percentage points (ASCII-folded, spaces collapsed, outer brackets off), per year
#: or not: a change of a percentage (:func:`is_points_unit`); not "Điểm (%)", a score.
_POINTS_CORE = (r"(?:diem ?%|diem phan tram|percentage (?:points?|pts?)|%[- ]?(?:points?|pts?)"
                r"|(?:ppts?|pp\.?)(?: ?%)?|p\.p\.?)")
_POINTS_PER = (r"(?:(?: ?binh quan)?(?:/(?:1 ?|mot )?(?:nam|year|yr)"
               r"| (?:per|moi|mot|a) (?:nam|year|yr|annum)))")
_POINTS_ALIAS = rf"(?:\((?:{_POINTS_CORE}|%|tang|giam){_POINTS_PER}?\))"
_POINTS_UNIT = re.compile(
    # the change or the rate named before its points: "Giảm (điểm %)", "Tỷ lệ (điểm %)"
    rf"(?:(?:muc )?(?:tang|giam)(?:(?:[,/] ?| )(?:tang|giam))?(?: binh quan)?,? ?|ty le ?)?"
    rf"(?:{_POINTS_CORE}|\({_POINTS_CORE}{_POINTS_PER}?\))"
    rf"{_POINTS_ALIAS}?{_POINTS_PER}?{_POINTS_ALIAS}?"
    rf"|diem(?:\(%{_POINTS_PER}\)|\(%\){_POINTS_PER})")  # "điểm (%/năm)"; "Điểm (%)", a score


def is_points_unit(unit: str) -> bool:
    """Is a unit in percentage points (``điểm %``, ``điểm phần trăm``, ``pp``, ``% points``,
    per year or not, the change it names or not: ``Giảm (điểm %)``; not ``ppt``, parts per
    thousand)? Such a figure is a change of a percentage, new each year, that may be 0 or
    negative (a fall in the poverty rate of 3.4 points): a ``rate``, averaged arithmetically
    over years.

    Parameters
    ----------
    unit : str
        The unit as written (any case, NFC or NFD, the full-width ``％``).

    Returns
    -------
    bool

    Examples
    --------
    >>> from sonla_forecast.table import is_points_unit
    >>> [is_points_unit(u) for u in ["điểm %", "Điểm %/năm", "(pp)", "Giảm (điểm %)",
    ...                              "% points", "pp/yr", "Điểm (%)", "%"]]
    [True, True, True, True, True, True, False, False]
    """
    u = _unit_form(unit)
    # "ppt" alone is parts per thousand (of salinity); "ppts", "Giảm ppt", "ppt/năm" are points
    return u != "ppt" and bool(_POINTS_UNIT.fullmatch(u))


def _unit_form(unit: str) -> str:
    """A unit as :data:`_POINTS_UNIT` reads it: NFKC, ASCII-folded, spaces collapsed, outer
    brackets off, no spaces around brackets and slashes (``"điểm % ( pp )"`` ->
    ``"diem %(pp)"``)."""
    u = re.sub(r"\s+", " ", fold(_norm(unicodedata.normalize("NFKC", str(unit))))).strip()
    if u.startswith("(") and u.endswith(")"):
        u = u[1:-1].strip()
    return re.sub(r" ?([()/]) ?", r"\1", u)


def infer_direction(
    indicator_id: str, name_vi: str = "", plan_minus_latest: float | None = None
) -> tuple[str, str]:
    """Infer whether more is better for an indicator, and say how.

    Rules, first match wins:

    1. ``glossary``: the packaged glossary knows the indicator id;
    2. ``name``: the Vietnamese name has a lower-is-better word ("nghèo", "thất nghiệp",
       "lao động nông nghiệp", "ô nhiễm", "bỏ học", ...) -> ``lower``, unless it says what
       is done about it -> ``higher`` ("Số hộ thoát nghèo", "cơ sở gây ô nhiễm được xử lý",
       "Tỷ lệ giảm nghèo", "Mức giảm tỷ lệ hộ nghèo"; "Giảm tỷ lệ hộ nghèo xuống còn dưới 10%"
       and "... được kiềm chế dưới 4%" still fall), or a passive that may be about something
       else ("hộ nghèo ở các xã được đầu tư", "hộ nghèo được vay vốn"), which the name then
       does not decide; a composition word ("cơ cấu", not the verb "cơ cấu lại") -> ``band``;
       jobs found or created, businesses founded ("giải quyết việc làm", "việc làm mới",
       "thành lập mới"; not beside a negation or businesses that stop) -> ``higher``;
       where the words decide nothing, ``glossary`` again if the glossary knows the name
       (as :func:`~sonla_forecast.io.resolution.normalise_name` compares names) of an
       indicator meant to rise or fall ("Tỷ lệ che phủ rừng"; not a structure's share);
       then ``name`` for a name that starts by stating growth of output, revenue,
       investment, trade, tourism, productivity or income ("Tốc độ tăng trưởng GRDP", "Tăng
       trưởng kinh tế"; not of prices, population, spending, debt, credit, imports,
       emissions, crime or disease, nor beside a negation) -> ``higher``;
    3. ``plan``: the sign of (target - latest observation): a target below the latest value ->
       ``lower``, otherwise ``higher``;
    4. ``default``: ``higher``.

    Parameters
    ----------
    indicator_id : str
        Stable snake_case id, looked up in the packaged glossary.
    name_vi : str, default ""
        Vietnamese name, searched for lower-is-better and composition words.
    plan_minus_latest : float, optional
        Target minus the latest observation, in the indicator's unit; None or NaN skips the
        ``plan`` rule.

    Returns
    -------
    direction : str
    how : str
        Which rule decided: ``glossary``, ``name``, ``plan`` or ``default``.

    Examples
    --------
    >>> from sonla_forecast.table import infer_direction
    >>> infer_direction("poverty_rate")
    ('lower', 'glossary')
    >>> infer_direction("x1", "Tỷ lệ hộ nghèo đa chiều")
    ('lower', 'name')
    >>> infer_direction("x3", "Số hộ thoát nghèo trong năm")
    ('higher', 'name')
    >>> infer_direction("x2", "Something", plan_minus_latest=-1.0)
    ('lower', 'plan')
    """
    g = _glossary().get(indicator_id)
    if g and g.get("direction") in DIRECTIONS:
        return g["direction"], "glossary"
    by_name = _direction_by_name(str(name_vi))
    if by_name:
        return by_name
    if plan_minus_latest is not None and not math.isnan(plan_minus_latest):
        return ("lower" if plan_minus_latest < 0 else "higher"), "plan"
    return "higher", "default"


# Cached: read_table asks once per series, and series mostly share a few names.
@lru_cache(maxsize=4096)
def _direction_by_name(name_vi: str) -> tuple[str, str] | None:
    """:func:`infer_direction`'s rules on the name (its words, the glossary by name, a name
    stating growth): ``(direction, how)``, or None where the name decides nothing."""
    by_name = _direction_from_name(name_vi)
    if by_name:
        return by_name, "name"
    g = _known_by_name(name_vi)
    if g:
        return g["direction"], "glossary"
    if _growth_from_name(name_vi):
        return "higher", "name"
    return None


@lru_cache(maxsize=4096)
def _direction_from_name(name_vi: str) -> str:
    """``lower``, ``higher`` (what is done about a lower-is-better thing) or ``band`` when the
    name says so, else ``""``."""
    n = _PROGRAMME.sub("chương trình", _norm(name_vi).replace("tỉ", "tỷ"))
    # without remarks in brackets, which say what is left out of the measure ("(không kể lao
    # động hưởng bảo hiểm thất nghiệp)"): their negations and actions say nothing of it (a
    # fall written in brackets, "(giảm bình quân mỗi năm)", still does)
    bare = _unbracketed(n)
    if any(w in n for w in _LOWER_WORDS):
        acted = bool(_COUNTER.search(bare)) or bool(
            _REDUCTION.search(n) and not _LEVEL_TO_REACH.search(n))
        if _NEGATION.search(bare) or (_RELAPSE.search(n) and acted):
            return ""  # the words cannot tell what the negation or the relapse turns over
        if _RELAPSE.search(n):
            return "lower"
        if acted:
            return "higher"
        if _REDUCTION_BY.search(n) and not _LEVEL_TO_REACH.search(n):
            return ""
        # a measure of the poor or of farm workers (their income, training), not of an event
        # such as unemployment among the trained
        of_people = any(w in n for w in _MEASURE_OF_PEOPLE) and not any(
            w in n for w in _LOWER_WORDS if w not in _GROUP_WORDS)
        if _PASSIVE.search(n) or of_people or any(w in n for w in _MONITORING):
            return ""
        return "lower"
    if any(w in n for w in _BAND_WORDS) and not any(w in n for w in _NOT_BAND_WORDS):
        return "band"
    if any(w in bare for w in _HIGHER_WORDS) and not (_NEGATION.search(bare)
                                                      or _STOPPED.search(bare)):
        return "higher"
    return ""


def _unbracketed(text: str) -> str:
    """``text`` without its remarks in brackets, nested ones too."""
    bare, before = text, ""
    while bare != before:
        before, bare = bare, _BRACKETED.sub(" ", bare)
    return bare


def _growth_from_name(name_vi: str) -> str:
    """``higher`` for a name that states the growth of output, revenue, investment, trade,
    tourism, productivity or income ("Tốc độ tăng trưởng GRDP theo giá so sánh 2010", "Tăng
    trưởng kinh tế", "Tốc độ tăng thu ngân sách"), else ``""``: the name must start with the
    growth words and hold one of :data:`_GROWTH_OF` and none of :data:`_NOT_GROWTH_OF`, nor a
    negation outside a remark of what is left out ("không kể thu tiền sử dụng đất") or a
    floor ("không dưới 8%")."""
    n = _norm(name_vi).replace("tỉ", "tỷ")
    bare = _unbracketed(n)
    if (not _GROWTH_START.match(bare) or not _GROWTH_OF.search(n) or _NOT_GROWTH_OF.search(n)
            or _STOPPED.search(n)):
        return ""
    if _NEGATION.search(_AT_LEAST.sub(" ", _LEFT_OUT.sub(" ", bare))):
        return ""
    return "higher"


def _latest_date(source: str) -> tuple[int, int, int] | None:
    """The latest ISO date (YYYY-MM or YYYY-MM-DD) in a source text; a YYYY-MM whose month is
    over 12 is a period written short ("2021-25"), not a date."""
    dates = [(int(y), int(m), int(d or 0)) for y, m, d in _ISO_DATE.findall(source or "")
             if d or 1 <= int(m) <= 12]
    return max(dates) if dates else None


@dataclass(frozen=True, eq=False)  # compared and hashed as one object, as the results are
class IndicatorTable:
    """A validated, read-only indicator table.

    Build it with :func:`read_table`. Its rows (``frame``, a copy: the table cannot be changed
    past its checks) have every required and optional column filled, plus ``direction_source``
    (how the direction was decided), ``scale_source`` (``given`` or ``inferred``) and ``row``
    (where the row came from: the line number in a file, header = line 1, or the index label
    of a DataFrame). :meth:`to_frame` leaves ``row`` out: the form :func:`read_table` takes
    back. ``dropped`` (a copy too) holds the versions of revised targets that
    ``duplicates="latest_source"`` set aside.

    Examples
    --------
    >>> import pandas as pd
    >>> import sonla_forecast as sf
    >>> t = sf.read_table(pd.DataFrame({"indicator_id": ["poverty_rate"] * 2, "year": [2024, 2025],
    ...     "kind": ["estimate", "plan"], "value": [11.17, 8.17], "unit": ["%", "%"]}))
    >>> t.indicators()[["indicator_id", "direction", "scale"]].to_dict("records")
    [{'indicator_id': 'poverty_rate', 'direction': 'lower', 'scale': 'percent'}]
    """

    _frame: pd.DataFrame = field(repr=False)
    _dropped: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def __post_init__(self) -> None:
        f = self._frame.copy()
        f.flags.allows_duplicate_labels = True  # type: ignore[attr-defined]  # not in the stubs
        object.__setattr__(self, "_frame", f)
        object.__setattr__(self, "_dropped", self._dropped.copy())

    @property
    def frame(self) -> pd.DataFrame:
        """The validated rows, with ``row`` (a copy: changing it does not change the table)."""
        return self._frame.copy()

    @property
    def dropped(self) -> pd.DataFrame:
        """Versions set aside by ``duplicates="latest_source"`` (a copy)."""
        return self._dropped.copy()

    def __len__(self) -> int:
        return len(self._frame)

    def __repr__(self) -> str:
        n_ind = self._frame[["region", "indicator_id"]].drop_duplicates().shape[0]
        years = sorted(self._frame["year"].unique().tolist())
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"IndicatorTable(rows={len(self._frame)}, indicators={n_ind}, years={span})"

    def to_frame(self) -> pd.DataFrame:
        """A copy of the validated table (without the internal ``row`` column)."""
        return self._frame.drop(columns=["row"]).copy()

    def indicators(self) -> pd.DataFrame:
        """One row per (region, indicator_id) with its metadata, in table order."""
        cols = ["region", "indicator_id", "name_vi", "name_en", "unit", "direction",
                "direction_source", "scale", "scale_source", "cap", "section", "parent_id",
                "flow"]
        return self._frame[cols].iloc[self._first_rows].reset_index(drop=True)

    def targets(self, year: int) -> pd.DataFrame:
        """The plan rows for ``year`` (one per region and indicator).

        Parameters
        ----------
        year : int
            Target year (calendar year of the plan rows).

        Returns
        -------
        pandas.DataFrame
            The rows of :attr:`frame` with ``kind == "plan"`` and that ``year``, in the order
            of :meth:`indicators` (a series' first appearance in the table: a revised plan
            kept from a later row stays in its series' place), with a fresh 0..n-1 index;
            empty when the year has no plan.
        """
        f = self._frame
        rows = np.flatnonzero(((f["kind"] == "plan") & (f["year"] == check_year(year))).to_numpy())
        rows = rows[np.argsort(self._series[0][rows], kind="stable")]
        return f.iloc[rows].reset_index(drop=True)

    def observations(self) -> pd.DataFrame:
        """Full-year actuals and estimates (no ``period``), one per (region, indicator_id,
        year), sorted by region, indicator_id and year: an actual wins over an estimate for the
        same year (the table's rule for baselines and outcomes)."""
        f = self._frame
        kind = f["kind"].to_numpy(dtype=object)
        rows = np.flatnonzero((kind != "plan") & (f["period"].to_numpy(dtype=object) == ""))
        return self._latest(rows, by=[f["year"].to_numpy(dtype=np.int64)],
                            then=[(kind == "actual").astype(np.int64)])

    def partials(self, year: int) -> pd.DataFrame:
        """The latest partial-year figure of each series (region, indicator_id) for ``year``
        (most months; an actual wins over an estimate for the same period), with its
        ``months``; sorted by region and indicator_id.

        Parameters
        ----------
        year : int
            Calendar year whose year-to-date figures (rows with a ``period``) are wanted.

        Returns
        -------
        pandas.DataFrame
            One row of :attr:`frame` per series that has a partial-year figure for ``year``
            (none for a series without one), with a fresh 0..n-1 index.
        """
        f = self._frame
        rows = np.flatnonzero((f["period"].to_numpy(dtype=object) != "")
                              & (f["year"].to_numpy() == check_year(year)))
        if not rows.size:  # the usual case: no partial figure at all
            return f.iloc[0:0].reset_index(drop=True)
        return self._latest(rows, by=[], then=[f["months"].to_numpy(dtype=np.int64),
                                              (f["kind"] == "actual").to_numpy(np.int64)])

    def _latest(self, rows: np.ndarray, by: list[np.ndarray], then: list[np.ndarray]
                ) -> pd.DataFrame:
        """Of the ``rows`` (positions), the last per (region, indicator_id, *by) when sorted by
        those keys and then by ``then`` (stable), in that order; arrays are per row of
        ``frame``."""
        region, ind = self._sorted_codes
        keys = [region[rows], ind[rows], *(k[rows] for k in by)]
        order = np.lexsort([*(t[rows] for t in reversed(then)), *reversed(keys)])
        return self._frame.iloc[rows[order[_run_ends(*(k[order] for k in keys))]]].reset_index(
            drop=True)

    def has_series(self, region: Any, indicator_id: Any) -> np.ndarray:
        """Whether each (``region``, ``indicator_id``) asked for is a series of the table.

        Parameters
        ----------
        region : sequence of str
            Region of each series asked for (``""`` in a one-region table).
        indicator_id : sequence of str
            Its ``indicator_id``; the same length as ``region`` (paired element by element).

        Returns
        -------
        ndarray of bool
            One per pair, True where the table has rows of that (region, indicator_id).
        """
        index = self._series[1]
        return np.array([k in index for k in zip(region, indicator_id, strict=True)], dtype=bool)

    def series_max(self, values: np.ndarray, region: Any, indicator_id: Any) -> np.ndarray:
        """The largest of ``values`` (one per row of ``frame``; int64 or float, a NaN makes
        its series' result NaN) over the rows of each series (``region``, ``indicator_id``)
        asked for; a KeyError names a series not in the table.

        Parameters
        ----------
        values : ndarray, shape (len(table),)
            One value per row of :attr:`frame`, in its order (integers or bools are read as
            int64).
        region : sequence of str
            Region of each series asked for (``""`` in a one-region table).
        indicator_id : sequence of str
            Its ``indicator_id``; the same length as ``region`` (paired element by element).

        Returns
        -------
        ndarray
            One maximum per pair asked for, int64 for integer ``values``, else their dtype.

        Raises
        ------
        KeyError
            If a (region, indicator_id) pair is not a series of the table.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> import sonla_forecast as sf
        >>> t = sf.read_table(pd.DataFrame({"indicator_id": ["a", "a", "b"], "year": [2023, 2024,
        ...     2024], "kind": "actual", "value": [1.0, 2.0, 3.0], "unit": "%"}))
        >>> t.series_max(np.array([5, 7, 1]), ["", ""], ["b", "a"]).tolist()
        [1, 7]
        """
        ids, index = self._series
        v = np.asarray(values)
        if v.dtype.kind in "iub":
            v = v.astype(np.int64)
        best = np.full(len(index), np.iinfo(np.int64).min if v.dtype.kind == "i" else -np.inf,
                       dtype=v.dtype)
        with np.errstate(invalid="ignore"):  # a NaN value: its series gets NaN, as documented
            np.maximum.at(best, ids, v)
        return best[[index[k] for k in zip(region, indicator_id, strict=True)]]

    @cached_property
    def _series(self) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
        """Per row its series number (:func:`series_ids`), and each series' number by key."""
        ids = series_ids(self._frame)
        first = np.unique(ids, return_index=True)[1]
        keys = zip(self._frame["region"].to_numpy(dtype=object)[first],
                   self._frame["indicator_id"].to_numpy(dtype=object)[first], strict=True)
        return ids, {k: i for i, k in enumerate(keys)}

    @cached_property
    def _first_rows(self) -> np.ndarray:
        """Each series' first row (position), in series number order (the table's)."""
        return np.unique(self._series[0], return_index=True)[1]

    @cached_property
    def _sorted_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the rank of its region and of its indicator_id in sorted order."""
        return (pd.factorize(self._frame["region"], sort=True)[0],
                pd.factorize(self._frame["indicator_id"], sort=True)[0])

    @property
    def n_series(self) -> int:
        """Number of series (distinct region and indicator_id)."""
        return len(self._series[1])

    @cached_property
    def multi_year_series(self) -> frozenset[tuple[str, str]]:
        """The ``(region, indicator_id)`` of every multi-year target (a row with an
        ``aggregate``): simulated from the series it aggregates, never fitted itself."""
        f = self._frame.loc[self._frame["aggregate"] != "", ["region", "indicator_id"]]
        return frozenset(zip(f["region"], f["indicator_id"], strict=True))

    @property
    def series_numbers(self) -> Mapping[tuple[str, str], int]:
        """Each series' number by ``(region, indicator_id)``, in the order of
        :meth:`indicators` (first appearance in the table); read-only."""
        return MappingProxyType(self._series[1])

    def regions(self) -> list[str]:
        """The regions, in table order."""
        return list(dict.fromkeys(self._frame["region"].tolist()))

    def plan_years(self) -> list[int]:
        """Years that have at least one plan row, ascending."""
        plan = self._frame["kind"].to_numpy(dtype=object) == "plan"
        return [int(y) for y in np.unique(self._frame["year"].to_numpy(dtype=np.int64)[plan])]

    def open_plan_years(self) -> list[int]:
        """Plan years in which at least half of the plans have no outcome (actual or
        estimate) yet, ascending: one early estimate does not close the coming year, nor does
        one missing figure keep an old year open."""
        key = ["region", "indicator_id", "year"]
        plans = self._frame.loc[self._frame["kind"] == "plan", key].drop_duplicates()
        done = plans.merge(self.observations()[key].drop_duplicates(), on=key, how="left",
                           indicator=True)
        share_open = (done["_merge"] == "left_only").groupby(done["year"]).mean()
        return sorted(int(cast(int, y)) for y, share in share_open.items() if share >= 0.5)

    def default_target_year(self) -> int:
        """The year to assess when none is named: the first of :meth:`open_plan_years`, else
        the last plan year (what ``sonla-forecast assess`` does without ``--target-year``).

        Raises
        ------
        InputError
            If the table has no plan rows.

        Examples
        --------
        >>> import sonla_forecast as sf
        >>> sf.load_sonla_2025().default_target_year()
        2025
        """
        years = self.plan_years()
        if not years:
            raise InputError("the table has no plan rows (kind 'plan'): nothing to assess",
                             column="kind")
        open_years = self.open_plan_years()
        return open_years[0] if open_years else years[-1]

    @cached_property
    def value_decimals(self) -> np.ndarray:
        """Per row of ``frame``, the fewest decimals that write its value exactly
        (:func:`sonla_forecast.io.numbers.printed_decimals`): the precision targets are judged
        at."""

        out = printed_decimals(self._frame["value"].to_numpy(dtype=np.float64))
        out.flags.writeable = False
        return out

    def with_direction(self, direction: Mapping[str, str]) -> IndicatorTable:
        """A copy with the direction of some indicators overridden (by ``indicator_id``).

        Parameters
        ----------
        direction : mapping or pandas Series
            ``{indicator_id: "higher" | "lower" | "band"}``, as ``direction`` of
            :func:`read_table`. The overridden indicators get ``direction_source``
            ``override``; the others keep their direction and its ``direction_source``
            (which decides whether the model orients the series), and the versions of a
            revised target (:attr:`dropped`) are kept.

        Returns
        -------
        IndicatorTable
            A new table; this one is unchanged.

        Raises
        ------
        InputError
            If a direction is unknown or an ``indicator_id`` is not in the table.
        """
        f = self.to_frame()
        ind = self.indicators()
        # (region, indicator_id) -> (direction, the rule that decided it)
        meta: dict[tuple[str, str], tuple[str, str]] = {
            (str(r), str(i)): (str(d), str(h)) for r, i, d, h in zip(
                ind["region"], ind["indicator_id"], ind["direction"], ind["direction_source"],
                strict=True)}
        # A multi-year target that took its base's direction and rule (_inherit_direction)
        # takes it again from the base as it now is.
        agg = f.loc[f["aggregate"] != "", ["region", "indicator_id", "of"]]
        inherited = {(str(r), str(i)) for r, i, of in zip(agg["region"], agg["indicator_id"],
                                                          agg["of"], strict=True)
                     if meta[(str(r), str(i))] == meta.get((str(r), str(of)))}
        # An inferred direction is left to be inferred again (so it keeps its rule); an
        # earlier override stays one unless this call overrides it anew.
        again = {k for k, (_, h) in meta.items() if h not in ("given", "override")} | inherited
        carried = {k[1]: d for k, (d, h) in meta.items()
                   if h == "override" and k not in inherited}
        frames = [f.drop(columns=["direction_source", "months"])]
        if len(self._dropped):
            frames.append(self._dropped.drop(columns=["direction_source", "months"],
                                             errors="ignore"))
        rows = pd.concat(frames, ignore_index=True)
        blank = [(str(r), str(i)) in again for r, i in zip(rows["region"], rows["indicator_id"],
                                                           strict=True)]
        rows.loc[np.asarray(blank, dtype=bool), "direction"] = ""
        return read_table(rows, direction={**carried, **_direction_map(direction)},
                          duplicates="latest_source" if len(self._dropped) else "error")


def _direction_map(direction: Any) -> dict[str, str]:
    """``direction`` of :func:`read_table` as a dict (None: empty), refusing anything that is
    not a mapping (a bare ``"higher"`` would be read as a sequence of pairs)."""
    if direction is None:
        return {}
    if isinstance(direction, pd.Series):  # dict-like, as pandas' own methods take it
        twice = direction.index[direction.index.duplicated()]
        if len(twice):
            raise InputError(f"direction names {twice[0]!r} more than once", column="direction",
                             value=twice[0])
        return {str(k): v for k, v in direction.items()}
    if not isinstance(direction, Mapping):
        raise InputError("direction must be a mapping {indicator_id: 'higher' | 'lower' | "
                         f"'band'}}, got {direction!r}", column="direction", value=direction)
    return dict(direction)


def check_year(value: Any, column: str = "year") -> int:
    """A year given as an argument (not a table cell), as an int.

    Raises
    ------
    InputError
        If ``value`` is not a whole number (a bool, NaN, 2024.5, a string), naming ``column``.

    Examples
    --------
    >>> check_year(2025.0)
    2025
    """
    ok = (isinstance(value, (int, np.integer, float, np.floating)) and not isinstance(value, bool)
          and math.isfinite(value) and float(value).is_integer())
    if not ok:
        raise InputError(f"{column} must be a whole year such as 2025, got {value!r}",
                         column=column, value=value)
    return int(value)


def _row_label(df: pd.DataFrame, i: int) -> Any:
    return df["row"].iat[i]


def _name(df: pd.DataFrame, i: int) -> str | None:
    """The row's indicator name (else id) for an error message, with `` – region`` when the
    table has several regions (errors only: it looks at the whole region column)."""
    v: Any
    name = None
    if "name_vi" in df.columns:
        v = df["name_vi"].iat[i]
        if isinstance(v, str) and v:
            name = v
    if name is None:
        v = df["indicator_id"].iat[i] if "indicator_id" in df.columns else None
        name = str(v) if v is not None and v == v else None
    if name is not None and "region" in df.columns:
        name = _with_region(df, name, df["region"].iat[i])
    return name


def _with_region(df: pd.DataFrame, name: str, region: Any) -> str:
    """``name – region`` when the table has several regions, else ``name``."""
    regions = {str(r).strip() for r in df["region"].unique() if isinstance(r, str)}
    if isinstance(region, str) and region.strip() and len(regions - {""}) > 1:
        return f"{name} – {region.strip()}"
    return name


#: Texts that spreadsheets and pandas write for a missing figure (lower case).
#: The text columns the reader cleans (NFC, stripped; '' where absent).
_CLEANED_COLUMNS = ("indicator_id", "kind", "unit", "name_vi", "name_en", "region", "source",
                 "direction", "scale", "section", "parent_id", "aggregate", "of", "period",
                 "flow")
#: Spellings of the optional ``flow`` column's values (any case): ``yes`` (adds up over the
#: year), ``no`` (read at a point), ``average`` (an average of the months so far).
_FLOW_WORDS: dict[str, str] = {"true": "yes", "1": "yes", "1.0": "yes", "có": "yes",
                               "false": "no", "0": "no", "0.0": "no", "không": "no",
                               "trung bình": "average", "bình quân": "average"}
#: ``direction_source`` values of a direction the reader inferred (not given or overridden).
INFERRED_SOURCES = frozenset({"glossary", "name", "plan", "default"})
_MISSING_MARKERS = frozenset({"nan", "na", "n/a", "null", "none", "-", "--", "..."})


def _short(text: str) -> str:
    """A number's text for a message: a very long one is cut, with its length."""
    return text if len(text) <= 16 else f"{text[:12]}... ({len(text)} characters)"


def _parse_value(raw: Any, row: Any, name: str | None, column: str) -> float:
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
        try:
            v = float(raw)
        except OverflowError:
            v = math.inf
        if math.isinf(v):
            raise InputError(f"{_short(str(raw))} is not a finite number", row=row,
                             row_name=name, column=column, value=raw)
        if math.isnan(v):
            raise InputError("is missing (NaN); every row needs a value"
                             + (_DROP_ROW if column == "value" else ""), row=row,
                             row_name=name, column=column, value=raw)
        return v
    text = "" if raw is None or raw is pd.NA or raw is pd.NaT else str(raw).strip()
    if text == "":
        raise InputError("is empty; every row needs a value"
                         + (_DROP_ROW if column == "value" else ""), row=row, row_name=name,
                         column=column, value=raw)
    if text.lower() in _MISSING_MARKERS:
        raise InputError(f"{text!r} marks a missing value; "
                         + ("leave the cell empty instead (the column is optional)"
                            if column in _OPTIONAL else f"every row needs a value{_DROP_ROW}"),
                         row=row, row_name=name,
                         column=column, value=raw)
    if _PLAIN_NUMBER.match(text):
        v = float(text)
        if math.isinf(v):
            raise InputError(f"{_short(text)} is not a finite number", row=row, row_name=name,
                             column=column, value=raw)
        return v
    digits = text.rstrip("%").strip()
    hint = (
        " (write it without the % sign, as a plain decimal such as 15.6; the unit column "
        "says %)" if text.endswith("%") and (_PLAIN_NUMBER.match(digits)
                                             or _VN_LOOKING.match(digits))
        else f" (a comma between digits is a Vietnamese decimal mark ({text} is "
        f"{float(text.replace(',', '.')):g}) or an English thousands separator ({text} is "
        f"{text.replace(',', '')}): table files use neither; write the number plainly)"
        if re.fullmatch(r"-?\d{1,3},\d{3}", text)
        else " (it looks Vietnamese-formatted: table files use plain decimals with a dot, e.g. "
        "20967 or 0.75; only the resolution parser reads 20.967 or 0,75)"
        if _VN_LOOKING.match(text)
        else " (a comma between thousands: write 1234.5, with no separator)"
        if _THOUSANDS_COMMA.match(text)
        else f" (its sign {text[0]!r} is a typographic minus or dash, not the ASCII '-': write "
        f"-{text[1:].strip()})"
        if text[0] in "\u2212\u2013\u2014" and _PLAIN_NUMBER.match(text[1:].strip())
        else f" (its sign {text[0]!r} is a typographic minus or dash, not the ASCII '-', and "
        f"table files use plain decimals with a dot: write "
        f"-{parse_vn_number(text[1:].strip()):.15g})"
        if text[0] in "\u2212\u2013\u2014" and is_vn_number(text[1:].strip())
        else f" (a space between digits, as a thousands separator: write "
        f"{''.join(text.split())}, with no separator)"
        if _SPACED_THOUSANDS.fullmatch(text)
        else " (expected a plain decimal such as 20967 or 0.75)"
    )
    raise InputError(f"{text!r} is not a number{hint}", row=row, row_name=name, column=column,
                     value=raw)


def read_utf8(path: Path) -> str:
    """The text of a UTF-8 file without its byte-order mark(s); an :class:`InputError` naming
    the line of the first byte that is not UTF-8 otherwise."""
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a directory: give the CSV file itself")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
        raise InputError(f"{str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}"
                         + ("; it looks like UTF-16, a spreadsheet's 'Unicode text'" if utf16
                            else "")
                         + "); save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')",
                         row=line) from exc


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV strictly as text: every row must have as many fields as the header."""
    text = read_utf8(path)
    head = text[:4000].upper()
    # A table header (year, kind, value ...) is a table even if its sources cite a resolution.
    first = head.lstrip("\ufeff").partition("\n")[0]
    fields = {f.strip().strip('"') for f in re.split(r"[,;\t]", first)}
    if ("NGHỊ QUYẾT" in unicodedata.normalize("NFC", head) and "INDICATOR_ID" not in head
            and not {"YEAR", "VALUE"} <= fields):
        raise InputError(f"{str(path)!r} looks like the text of a resolution, not a tidy table: "
                         "read it with sonla_forecast.read_resolution (command line: "
                         "sonla-forecast parse, or audit)")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        ended = [(reader.line_num, r) for r in reader]  # the last line of each record
    except csv.Error as exc:
        raise InputError(f"{str(path)!r} is not a readable CSV file: {exc}") from exc
    # the first line of each record: a quoted cell may span lines
    starts = [1] + [end + 1 for end, _ in ended[:-1]] if ended else []
    multi_line = [(a, b, r) for a, (b, r) in zip(starts, ended, strict=True) if b != a]
    if multi_line:
        _check_swallowed_rows(multi_line, len(ended[0][1]))
    numbered = [(a, r) for a, (_, r) in zip(starts, ended, strict=True)
                if r and any(c.strip() for c in r)]
    if not numbered:
        raise InputError(f"{str(path)!r} is empty; expected a header row and data rows")
    header = numbered[0][1]
    hint = re.fullmatch(r"sep=(.?)", ",".join(header).strip().lstrip("\ufeff"), re.IGNORECASE)
    if hint:
        raise InputError(
            f"the first line {','.join(header)!r} is a spreadsheet's separator hint, not the "
            "header; delete it, so that the header (indicator_id, year, ...) is the first line"
            + ("" if hint[1] in (",", "") else
               f", and write the file comma-separated: it says its separator is {hint[1]!r} "
               "(in a spreadsheet: save as 'CSV UTF-8')"),
            row=numbered[0][0])
    if len(header) == 1 and "\t" in header[0]:
        raise InputError(
            f"{str(path)!r} looks tab-separated (header {header[0]!r}); table files are "
            "comma-separated (in a spreadsheet: save as 'CSV UTF-8', not as text)",
            row=numbered[0][0],
        )
    if len(header) == 1 and ";" in header[0]:
        raise InputError(
            f"{str(path)!r} looks semicolon-separated (header {header[0]!r}); table files are "
            "comma-separated with dot decimals (in a spreadsheet: save as 'CSV UTF-8', or "
            "use a '.' decimal separator)",
            row=numbered[0][0],
        )
    # Empty names that a spreadsheet left at the end of the header only: no row fills them.
    named = len(header)
    while named and not str(header[named - 1]).strip():
        named -= 1
    if named < len(header) and all(len(r) <= named or not any(c.strip() for c in r[named:])
                                   for _, r in numbered[1:]):
        numbered = [(i, r[:named]) for i, r in numbered]
        header = numbered[0][1]
    for i, r in numbered[1:]:
        if len(r) != len(header):
            why = ("an unquoted comma, e.g. a Vietnamese decimal such as 0,75? table files use "
                   "0.75" if len(r) > len(header) else
                   f"a cell left out: an empty cell still needs its comma; the first missing "
                   f"column is {header[len(r)]!r}")
            column = header[len(r)] if len(r) < len(header) else header[-1]
            if len(r) == len(header) + 1:
                # one comma too many: blame the column whose cell and the next are the two
                # halves of a decimal (18,2 read as 18 and 2), where there is one
                split = [k for k in range(len(header)) if re.fullmatch(r"-?\d+", r[k].strip())
                         and re.fullmatch(r"\d+", r[k + 1].strip())]
                if split:
                    column = header[split[0]]
            raise InputError(
                f"has {len(r)} fields but the header has {len(header)} ({why})",
                row=i,
                column=column,
            )
    # Columns a spreadsheet leaves at the right of the sheet, with no name and no cell filled,
    # are not columns of the table (three of them read as the column '' three times).
    blank = [k for k, c in enumerate(header)
             if not str(c).strip() and not any(r[k].strip() for _, r in numbered[1:])]
    if blank:
        numbered = [(i, [c for k, c in enumerate(r) if k not in blank]) for i, r in numbered]
        header = numbered[0][1]
    _check_header([str(c) for c in header], 1)
    _check_split_decimals(numbered, [_clean_header(c) for c in header])
    df = pd.DataFrame([r for _, r in numbered[1:]], columns=header, dtype=object)
    df["row"] = [n for n, _ in numbered[1:]]
    return df


def _check_swallowed_rows(spans: list[tuple[int, int, list[str]]], n_columns: int) -> None:
    """``spans``: (first line, last line, fields) of the records that span several lines.

    Refuse a cell whose quotes run over what looks like further rows (a stray ``"``): the
    rows inside it would be lost without a word. A line break in a cell is kept unless a line
    after it looks like a row: about as many comma-separated fields as the header, among them
    a year and a kind (``actual``, ``estimate``, ``plan``)."""

    def row_like(line: str) -> bool:
        parts = [p.strip().strip('"').lower() for p in line.split(",")]
        return (len(parts) >= n_columns - 1
                and any(re.fullmatch(r"(19|20|21)\d\d(\.0*)?", p) for p in parts)
                and any(p in KINDS for p in parts))

    for first, last, fields in spans:
        for cell in fields:
            if "\n" not in cell and "\r" not in cell:
                continue
            if any(row_like(line) for line in cell.splitlines()[1:]):
                raise InputError(
                    f"a quoted cell opened on line {first} runs to line {last}, over what look "
                    "like rows of the table (an unmatched '\"'?); those rows would be lost: "
                    "close the quote, or remove it",
                    row=first, value=cell[:60])


#: Text columns whose cell is never a bare number: one after ``value`` that holds one is the
#: decimals of an unquoted decimal comma (``11,17`` read as 11 and 17).
_TEXT_COLUMNS = ("unit", "name_vi", "name_en", "region", "indicator_id", "direction", "scale",
                 "kind", "period", "aggregate", "of", "flow")
#: Text columns that may hold a bare number (a footnote mark, a section or parent number): one
#: after ``value`` is suspect only where the indicator's other figures have decimals.
_MAYBE_NUMBER_COLUMNS = ("note", "ghi_chu", "ghi chú", "section", "parent_id", "source")
#: Of those, the Vietnamese note columns: not for the rule that every figure of a series is
#: split (footnotes after every figure are theirs; a review).
_VI_NOTE_COLUMNS = ("ghi_chu", "ghi chú")


#: Columns the library reads as numbers besides ``value``: digits there are no split value.
_NUMBER_COLUMNS = ("year", "cap", "start_year")
# The library's number columns a split value can fall into unseen are checked each by its
# own rule: ``decimals`` (``8,5``: 5 decimals, more than the series' other figures have or
# their decimals cells say, plus one; ``48`` with 2, printed ``48,00``, is kept), ``months``
# (recomputed from ``period``: digits that are neither the period's months nor 12) and
# ``line`` (the rule of a column the reader does not know, without the three-digit one).


def _check_split_decimals(numbered: list[tuple[int, list[str]]], header: list[str]) -> None:
    """Refuse ``11,17`` written without quotes where the field count still matches (the row
    lacks an empty trailing cell): a whole ``value`` followed by digits alone in a text column
    (:data:`_TEXT_COLUMNS`); in a column without a name that some rows leave empty (a
    spreadsheet's trailing ``,,,``), always; a group of thousands (``4,620``) whose two halves
    joined sit within a factor 2 of the median of the series' other figures, the first alone
    at least 300 times below it, or, where every figure of the series is split so, whose
    three digits vary from row to row (not after a percentage), in any column but ``line``,
    ``section``, ``parent_id`` and ``source`` (a resolution's number, 420); in another
    column (one that may hold a number, :data:`_MAYBE_NUMBER_COLUMNS`, or one the reader does
    not know: ``comment``), when no other row has digits alone there and the indicator's
    other figures are written with decimals or the digits are three, or, in a column that may
    hold a number or has no name, when every figure of the indicator is split so with digits
    that vary (not a count's, nor in a Vietnamese note column, ``ghi_chu``, where footnotes
    may follow every figure), or, in a column that may hold a number, when the indicator's
    other figures have decimals.
    The library's ``decimals``, ``months`` and ``line`` columns have rules of their own (the
    comment above)."""
    if "value" not in header or header.index("value") + 1 >= len(header):
        return
    at = header.index("value")
    after = header[at + 1]
    if after in _NUMBER_COLUMNS:
        return  # a number of the library's own (a cap on one row, a period's first year)
    ind = header.index("indicator_id") if "indicator_id" in header else None
    # cheap tests first: every row of a large file passes through them
    suspects = [(line, r) for line, r in numbered[1:]
                if "." not in r[at] and r[at + 1].strip().isdigit()
                and r[at].strip().lstrip("+-").isdigit()
                and re.fullmatch(r"[-+]?\d+", r[at].strip())
                and re.fullmatch(r"\d+", r[at + 1].strip())]
    if not suspects:
        return
    if after not in _TEXT_COLUMNS:
        # A series with figures that have decimals elsewhere, or every figure of which is
        # whole and followed by digits that vary (13|43, 11|17, 8|17: a whole file typed with
        # decimal commas; a section number stays the same); or digits that no other row puts
        # in that column, after a series with decimals or as a group of thousands (4|100).
        reg = header.index("region") if "region" in header else None

        def series(r: list[str]) -> tuple[str, str]:
            return (r[reg].strip() if reg is not None else "",
                    r[ind].strip() if ind is not None else "")

        rows = [r for _, r in numbered[1:]]
        dotted = {series(r) for r in rows if re.search(r"\.\d*[1-9]", r[at])}
        if after == "decimals":  # a figure's printed decimals: only more than plausible
            most: dict[tuple[str, str], int] = {}
            for r in rows:
                m = re.search(r"\.(\d*[1-9])", r[at])
                if m:  # its written decimals, or those its decimals cell gives
                    told = r[at + 1].strip()
                    most[series(r)] = max(most.get(series(r), 0), len(m[1]),
                                          int(told) if told.isdigit() else 0)
            suspects = [(line, r) for line, r in suspects if series(r) in most
                        and int(r[at + 1].strip()) > most[series(r)] + 1]
        elif after == "months":  # recomputed from the period: other digits are no months
            per = header.index("period") if "period" in header else None
            suspects = [(line, r) for line, r in suspects
                        if int(r[at + 1].strip()) not in (12, PERIOD_MONTHS.get(
                            r[per].strip().upper(), 12) if per is not None else 12)]
        else:
            tails: dict[tuple[str, str], list[str]] = {}
            for _, r in suspects:
                tails.setdefault(series(r), []).append(r[at + 1].strip())
            # (not a count's: whole things, with footnotes on every row, "50,3" no decimal
            # comma)
            unit = header.index("unit") if "unit" in header else None
            sc = header.index("scale") if "scale" in header else None
            counted = {series(r) for r in rows
                       if (unit is not None and fold(r[unit]).strip() in COUNT_UNITS)
                       or (sc is not None and r[sc].strip().lower() == "count")}
            digits_there = sum(bool(re.fullmatch(r"\d+", r[at + 1].strip())) for r in rows)
            n_rows = Counter(series(r) for r in rows)
            every = {k for k, t in tails.items()
                     if len(t) == n_rows[k] and len(set(t)) > 1
                     and k not in counted and after not in _VI_NOTE_COLUMNS}
            # a column without a name that some rows leave empty (Excel's trailing ",,,")
            # holds nothing of its own: digits there spilled from the value (reviews: 17,5
            # after whole figures was read as 17; so were 45,2, 52,1 and 57,6 on half the rows)
            spilled = after == "" and not all(r[at + 1].strip() for r in rows)
            # a group of thousands (4,620; a review: 4,620 and 4,880 read as 4 and 4) where
            # the two halves joined sit among the series' other figures and the first alone
            # does not (not in a column that may be numbered, nor a source: a resolution's
            # number, 420)
            split = {id(r) for _, r in suspects}
            figures: dict[tuple[str, str], list[float]] = {}
            for r in rows:
                x = _plain_float(r[at]) if id(r) not in split else None
                if x is not None and x > 0:
                    figures.setdefault(series(r), []).append(x)

            def grouped(r: list[str]) -> bool:
                head, tail = r[at].strip().lstrip("+-"), r[at + 1].strip()
                if (len(tail) != 3 or len(head) > 3 or int(head) == 0
                        or after in ("line", "section", "parent_id", "source")):
                    return False
                if series(r) not in figures:
                    # every figure split: groups of thousands where the three digits vary
                    # (4|100 ... 5|600) or are round (21|000 ... 26|000), not a code repeated
                    # on every row (12|101), nor after a percentage, which has no thousands
                    t = tails.get(series(r), [])
                    return (len(t) == n_rows[series(r)] and (len(set(t)) > 1 or t[0] == "000")
                            and all(len(x) == 3 for x in t)
                            and not (unit is not None and is_percent_unit(r[unit])))
                med = float(np.median(figures[series(r)]))
                return med / 2.0 <= float(head + tail) <= 2.0 * med and 300 * int(head) <= med

            suspects = [(line, r) for line, r in suspects
                        if spilled or grouped(r)
                        or ((after in _MAYBE_NUMBER_COLUMNS or after == "")
                            and series(r) in every)
                        or (after in _MAYBE_NUMBER_COLUMNS and series(r) in dotted)
                        or (digits_there == 1 and (series(r) in dotted
                                                   or (len(r[at + 1].strip()) == 3
                                                       and after != "line")))]
    for line, r in suspects[:1]:
        v, nxt = r[at].strip(), r[at + 1].strip()
        fix = (f"table files use plain numbers: {v}{nxt} if the comma separates thousands, "
               f"{v}.{nxt} if it is a decimal comma" if len(nxt) == 3
               else f"table files use a dot ({v}.{nxt})")
        raise InputError(
            f"the value {v!r} is followed by {nxt!r} in column {after!r}: a "
            f"{'comma' if len(nxt) == 3 else 'decimal comma'} without quotes ({v},{nxt}) "
            f"splits the value in two; {fix}" + ("; if that column holds notes, give it a name "
                                                 "in the header (note)" if after == "" else "")
            + (f"; if {nxt} is a code of column {after!r}, write the value with a decimal point "
               f"({v}.0)" if len(nxt) == 3 and after != "" else ""),
            row=line, column="value", value=f"{v},{nxt}")


#: Columns the reader adds itself; an input column of that name would be overwritten (or,
#: for the two it uses on the way, taken for its own and dropped).
_RESERVED_COLUMNS = ("row", "_written", "_written_scale", "_thousands")


def _plain_float(text: str) -> float | None:
    """A cell written as a plain number (``4350``, ``21.5``), else None."""
    return float(text) if re.fullmatch(r"\s*[-+]?\d+(?:\.\d+)?\s*", text) else None


def _clean_header(name: Any) -> str:
    """A column name without surrounding spaces or byte-order marks (a file saved twice)."""
    return str(name).strip().strip("\ufeff").strip()


def _check_header(columns: list[str], row: int | None) -> None:
    """Refuse a repeated column name or a reserved one, naming it."""
    clean = [_clean_header(c) for c in columns]
    for c in clean:
        if clean.count(c) > 1:
            raise InputError(f"the header has the column {c!r} {clean.count(c)} times; "
                             "every column name must be unique", row=row, column=c)
        if c in _RESERVED_COLUMNS:
            raise InputError(f"{c!r} is a column the reader adds itself ("
                             + ("the row of each figure, for error messages" if c == "row"
                                else "on the way, for its checks") + "); rename it",
                             row=row, column=c)
        known = c.lower()
        if c != known and known in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
            # Kept as an unknown column, 'Direction' would be ignored without a word.
            raise InputError(f"{c!r} is the column {known!r} written with capitals; column "
                             "names are lowercase", row=row, column=c)


def read_table(
    data: str | PathLike[str] | pd.DataFrame | IndicatorTable,
    *,
    direction: Mapping[str, str] | None = None,
    duplicates: DuplicatePolicy = "error",
) -> IndicatorTable:
    """Read and validate an indicator table from a CSV file or a DataFrame.

    Parameters
    ----------
    data : path, DataFrame or IndicatorTable
        A UTF-8 CSV file with a header row, or a DataFrame, in the tidy format; a table read
        already is returned as it is (with ``direction`` applied).
    direction : mapping or pandas Series, optional
        ``{indicator_id: "higher" | "lower" | "band"}``, overriding the ``direction`` column
        and the inference (each id once).
    duplicates : {"error", "latest_source"}, default "error"
        What to do with two rows for the same (region, indicator_id, year, kind, period).
        ``"error"`` raises naming both rows. ``"latest_source"`` keeps the row whose ``source``
        carries the latest ISO date (``YYYY-MM`` or ``YYYY-MM-DD``) and records the others in
        ``IndicatorTable.dropped``; it still raises when the sources carry no dates or tie.

    Returns
    -------
    IndicatorTable

    Raises
    ------
    InputError
        Naming the row and column where the problem has them (a file that is not UTF-8 names
        the line only; a resolution's text neither): missing required column, a column name
        given twice or named ``row``, a file that is not UTF-8 or is a resolution's text,
        two spellings of one region or indicator id (case, spaces, tone-mark placement, or
        no accents at all beside accents), a figure of magnitude 1e18 or more, a cap that is
        not a whole number above 0, unknown ``kind``, unparseable number, non-integer year,
        duplicate key, a percentage outside [0, 100] for a ``percent`` indicator, a growth
        rate in % below -100, a negative count or level, a count that is not whole or above
        its ``cap``, a ``cap`` on a non-count, a level or count like ``20.967`` beside values
        near 20967 (Vietnamese thousands), an unknown ``direction`` or ``scale``, a
        ``direction`` override for an indicator the table lacks (the full list: the
        data-format page).

    Notes
    -----
    Optional columns are filled when absent: ``region`` with ``""`` (one region), ``name_vi``
    and ``name_en`` with ``""``, ``scale`` by :func:`infer_scale`, ``direction`` by
    :func:`infer_direction` (the rule used is kept in ``direction_source``; ``given`` when the
    table had it, ``override`` when the caller passed it).

    Examples
    --------
    >>> import pandas as pd
    >>> import sonla_forecast as sf
    >>> df = pd.DataFrame({"indicator_id": ["x", "x"], "year": [2024, 2024],
    ...                    "kind": ["plan", "plan"], "value": [1.0, 2.0], "unit": ["%", "%"]})
    >>> sf.read_table(df)
    Traceback (most recent call last):
    ...
    sonla_forecast.errors.InputError: row 1 (x), column 'kind': duplicates row 0 ...
    """
    return _read_table(data, direction=direction, duplicates=duplicates)


def _read_table(
    data: str | PathLike[str] | pd.DataFrame | IndicatorTable,
    *,
    direction: Mapping[str, str] | None = None,
    duplicates: DuplicatePolicy = "error",
    screen: bool = True,
    from_resolution: bool = False,
) -> IndicatorTable:
    """:func:`read_table`; ``screen=False`` skips the screens that judge a figure against the
    other figures of its series (Vietnamese thousands, a percentage written as a fraction),
    for a cut of a table that passed them whole: the fewer figures of a cut could make a
    figure the whole table vouched for look like a slip. ``from_resolution``: the figures were
    read from a resolution's text, whose decimal mark is a comma (the errors say so)."""
    if isinstance(data, IndicatorTable):  # read already (its duplicates resolved)
        override = _direction_map(direction)  # a Series too, refused if it repeats an id
        return data.with_direction(override) if override else data
    if isinstance(data, pd.DataFrame):
        _check_header([str(c) for c in data.columns], None)
        df = data.copy()
        # Errors name a row by its index label, or by its position when labels repeat.
        df["row"] = (df.index.to_numpy() if isinstance(df.index, pd.RangeIndex)
                     else list(df.index) if df.index.is_unique else np.arange(len(df)))
    elif not isinstance(data, (str, PathLike)):
        raise InputError(f"expected a CSV path, a pandas DataFrame or an IndicatorTable, got "
                         f"{type(data).__name__}", column="data")
    else:
        path = Path(data)
        if not path.exists():
            raise InputError(f"file not found: {str(path)!r}")
        df = _read_csv(path)  # "row" = line number in the file; the header is line 1
    df.columns = [_clean_header(c) for c in df.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        ratios = {"numerator_year", "denominator_year", "published"} <= set(df.columns)
        wide = [str(c) for c in df.columns[:-1] if _YEAR_IN_HEADER.search(str(c))]
        listed = ", ".join(wide[:3]) + (", ..." if len(wide) > 3 else "")
        # a required column under its Vietnamese name ("Năm" for year)
        renamed = [(str(c), _VI_HEADERS[_folded(str(c))]) for c in df.columns[:-1]
                   if _VI_HEADERS.get(_folded(str(c))) in missing]
        raise InputError(
            f"required column(s) {missing} missing; the table has {list(df.columns[:-1])} "
            f"and needs {list(REQUIRED_COLUMNS)}"
            + ("; this looks like a file of published ratios: give it with --ratios "
               "(ratios= in Python) beside the table" if ratios else
               "".join(f"; if the column {a!r} holds the {b}, name it {b!r}" for a, b in renamed)
               + (f"; a table has one row per figure: the columns of years ({listed}) go into "
                  "rows, each with its 'year', 'kind' and 'value' (pandas: DataFrame.melt)"
                  if len(wide) > 1 and "year" in missing else "")),
            row=None if isinstance(data, pd.DataFrame) else 1,  # a file's header is line 1
            column=missing[0],
        )
    if len(df) == 0:
        raise InputError("the table has no rows")

    for col in _CLEANED_COLUMNS:
        df[col] = _clean_text(df[col]) if col in df.columns else ""
    df = df.reset_index(drop=True)
    _first_bad(df, df["indicator_id"] == "", "indicator_id",
               lambda v: "is empty; every row needs an indicator id")
    for col, what in (("region", "region"), ("indicator_id", "indicator id")):
        # "NA" or "-" here is a gap, not a name: read as one, its row would leave the series.
        markers = [v for v in df[col].unique() if str(v).lower() in _MISSING_MARKERS]  # few
        _first_bad(df, df[col].isin(markers), col,
                   lambda v, what=what: f"{v!r} marks a missing value, not a name; every row "
                   f"of a series needs its {what}")
    for col in ("region", "indicator_id"):
        _check_spellings(df, col)
    _check_regions(df)
    _check_units(df)
    kind = df["kind"].str.lower()
    _first_bad(df, ~kind.isin(KINDS), "kind",
               lambda v: f"{v!r} is not a kind; expected one of {KINDS}" + (
                   f": write {_KIND_WORDS[_folded(v)]!r} for {str(v).strip()!r}"
                   if _folded(v) in _KIND_WORDS else ""))
    df["kind"] = kind
    df["year"] = _parse_years(df)
    df["value"] = _ascii_digits(df["value"])
    raw_value = df["value"]
    df["value"] = _parse_numbers(df, "value")
    df["_thousands"] = _like_vn_thousands(raw_value, df["value"].to_numpy(dtype=np.float64))
    if "cap" in df.columns:
        raw = df["cap"]
        blank = _blank_cells(raw)
        caps = np.full(len(df), np.nan)
        if (~blank).any():
            caps[~blank.to_numpy()] = _parse_numbers(df[~blank], "cap")
        df["cap"] = caps
    else:
        df["cap"] = np.nan
    if "decimals" in df.columns:  # a figure's printed decimals (the audit's rounding)
        raw = df["decimals"]
        blank = _blank_cells(raw)
        dec = np.full(len(df), np.nan)
        if (~blank).any():
            dec[~blank.to_numpy()] = _parse_numbers(df[~blank], "decimals")
        with np.errstate(invalid="ignore"):
            odd = ~np.isnan(dec) & ((dec != np.round(dec)) | (dec < 0) | (dec > 10))
        _first_bad(df, odd, "decimals",
                   lambda v: f"{v!r} is not a printed precision: the digits a figure was "
                   "printed with after the decimal mark, a whole number from 0 to 10, or "
                   "empty")
        df["decimals"] = pd.array(dec, dtype="Int64")  # written 2, not 2.0
    for col in ("value", "cap"):
        size = np.abs(df[col].to_numpy(dtype=np.float64))
        _first_bad(df, size >= MAX_MAGNITUDE, col,
                   lambda v, col=col: f"{v} is too large for {_MAGNITUDE_OF[col]} (at least "
                   f"{MAX_MAGNITUDE:.0e}); {_MAGNITUDE_HINT[col]['large']}")
        with np.errstate(invalid="ignore"):
            tiny = (size > 0) & (size < MIN_MAGNITUDE)
        _first_bad(df, tiny, col,
                   lambda v, col=col: f"{v!r} is too small for {_MAGNITUDE_OF[col]} (below "
                   f"{MIN_MAGNITUDE:.0e} but not 0): {_MAGNITUDE_HINT[col]['small']}")
    for col, valid in (("direction", DIRECTIONS), ("scale", SCALES)):
        if not (df[col] != "").any():  # not given (most tables): nothing to read
            continue
        df[col] = df[col].str.lower()  # like kind: "Lower" is "lower"
        _first_bad(df, (df[col] != "") & ~df[col].isin(valid), col,
                   lambda v, valid=valid: f"{v!r} is not valid; expected one of {valid} or empty")
    has_flow = bool((df["flow"] != "").any())
    if has_flow:  # most tables have no flow column: nothing to read then
        flow = df["flow"].str.lower().str.split().str.join(" ").replace(_FLOW_WORDS)
        _first_bad(df, (flow != "") & ~flow.isin(("yes", "no", "average")), "flow",
                   lambda v: f"{v!r} is not valid; expected yes (the figure adds up over the "
                   "year, so a year-to-date figure is a part of it), no (it is read at a point), "
                   "average (a year-to-date figure averages the months so far) or empty (the "
                   "library decides); also true/false, 1/0, có/không, trung bình/bình quân")
        df["flow"] = flow

    _check_aggregates(df)
    _check_periods(df)

    df = _resolve_duplicates(df, duplicates)
    # A table written by IndicatorTable.to_frame() marks the directions it inferred (read from
    # the rows kept: a mask of all rows, taken before, no longer fitted them).
    written_inferred = (_clean_text(df["direction_source"]).str.lower().isin(INFERRED_SOURCES)
                        .to_numpy() if "direction_source" in df.columns
                        else np.zeros(len(df), dtype=bool))
    # ... and the scales it inferred (scale_source 'inferred'), inferred again as well (below,
    # once a series is known to have one): some rules read the figures, so a cut of the table
    # may infer another scale (a backtest)
    scale_inferred = ((_clean_text(df["scale_source"]).str.lower() == "inferred").to_numpy()
                      & (df["scale"] != "").to_numpy() if "scale_source" in df.columns
                      else np.zeros(len(df), dtype=bool))
    flow_given = ((df["flow"] != "").to_numpy() if has_flow
                  else np.zeros(len(df), dtype=bool))
    dropped = df.attrs.pop("dropped", pd.DataFrame()).drop(columns=["_thousands"],
                                                           errors="ignore")
    df = df.reset_index(drop=True)

    # Per-indicator metadata: scale and direction must be one per (region, indicator).
    override = _direction_map(direction)
    for given_dir in override.values():
        if not isinstance(given_dir, str) or given_dir not in DIRECTIONS:  # pd.NA too
            raise InputError(f"{given_dir!r} is not a direction; expected one of {DIRECTIONS}",
                             column="direction", value=given_dir)
    key = ["region", "indicator_id"]
    gid = series_ids(df)
    first_pos = np.unique(gid, return_index=True)[1]  # ids number series by first appearance
    meta = pd.DataFrame({col: df[col].to_numpy(dtype=object)[first_pos] for col in key})
    unknown = sorted(set(override) - set(meta["indicator_id"]))
    if unknown:
        raise InputError(f"a direction is given for {unknown}, which the table does not have; "
                         f"its indicators: {sorted(set(meta['indicator_id']))}",
                         column="direction", value=unknown[0])
    meta["name"] = _first_nonempty(df, "name_vi", gid, len(meta))
    meta["unit"] = _first_nonempty(df, "unit", gid, len(meta))
    # One cap, scale, direction, flow and section per (region, indicator) where given (a
    # second section, a slip, would drop the target from its group in a portfolio).
    given_in = {"cap": ~np.isnan(df["cap"].to_numpy(dtype=np.float64)),
                "scale": (df["scale"] != "").to_numpy(),
                "direction": (df["direction"] != "").to_numpy(),
                "flow": flow_given,
                "section": (df["section"] != "").to_numpy()}
    for col, mask in given_in.items():
        if col != "cap":
            meta[col] = _first_nonempty(df, col, gid, len(meta))
        if not mask.any():  # (most tables give none of these)
            continue
        given = df.loc[mask, [*key, col, "row"]]
        n_distinct = given.groupby(key, sort=False)[col].nunique()
        if (n_distinct > 1).any():
            region, ind = n_distinct[n_distinct > 1].index[0]
            mine = given[(given["region"] == region) & (given["indicator_id"] == ind)]
            values = sorted(set(mine[col]))
            first = mine[col].iloc[0]
            odd = mine[mine[col] != first].iloc[0]  # the first row that disagrees with it
            m = meta[(meta["region"] == region) & (meta["indicator_id"] == ind)].iloc[0]
            def shown(v: Any) -> str:
                return f"{v:.15g}" if isinstance(v, (float, np.floating)) else repr(v)

            raise InputError(f"indicator {ind!r} has several {col}s {values}: {shown(odd[col])} "
                             f"here, {shown(first)} on row {mine['row'].iloc[0]}",
                             row=odd["row"], row_name=_with_region(df, m["name"] or ind, region),
                             column=col, value=odd[col])
    if scale_inferred.any():
        df["_written_scale"] = np.where(scale_inferred, df["scale"].to_numpy(dtype=object), "")
        df.loc[scale_inferred, "scale"] = ""
        meta["scale"] = _first_nonempty(df, "scale", gid, len(meta))
    if written_inferred.any():
        # Inferred again by the same rule, not taken as given, so that the table reads back the
        # same; a direction edited since it was written is kept (below); so is a scale.
        df["_written"] = np.where(written_inferred, df["direction"].to_numpy(dtype=object), "")
        df.loc[written_inferred, "direction"] = ""
        meta["direction"] = _first_nonempty(df, "direction", gid, len(meta))
    # Target minus the latest observation before its year (an actual wins over an estimate of
    # the same year), for the last-resort direction rule: not the plan year's own outcome, nor
    # a later one, which would turn a plan met into a plan "below the latest figure".
    kinds = df["kind"].to_numpy(dtype=object)
    rank = np.select([kinds == "plan", kinds == "estimate"], [0, 1], 2)
    years = df["year"].to_numpy()
    order = np.lexsort((rank, years, gid))
    full_year = df["period"].to_numpy(dtype=object)[order] == ""
    is_plan = kinds[order] == "plan"
    value = df["value"].to_numpy(dtype=np.float64)[order]
    plan_year = _last_by_group(years[order].astype(np.float64), gid[order], is_plan, len(meta))
    before = years[order] < plan_year[gid[order]]  # False where the series has no plan
    delta = (_last_by_group(value, gid[order], is_plan, len(meta))
             - _last_by_group(value, gid[order], ~is_plan & full_year & before, len(meta)))
    # whether an indicator's figures in points are all whole, over every region (points with a
    # fraction score; whole, they may count places), so that one indicator gets one scale
    figures = df["value"].to_numpy(dtype=np.float64)
    whole = np.ones(len(meta), dtype=bool)
    with np.errstate(invalid="ignore"):
        np.logical_and.at(whole, gid, ~np.isfinite(figures) | (figures == np.round(figures)))
    points = _per_distinct(meta["unit"], lambda u: fold(_norm(u)) in _SCORE_UNITS)
    group = pd.factorize(meta["indicator_id"].to_numpy(dtype=object))[0] * 2 + points
    whole = np.bincount(group, weights=~whole)[group] == 0  # all whole, per group
    # the median of each series' full-year figures (a year-to-date figure of a ratio to a
    # year's budget is a part of it), a multi-year target's those of the series it aggregates:
    # an index or ratio whose name states a change is the change where it is not near 100
    # (infer_scale; the median, so that one year of collapse, an index of 35 in 2020, or a
    # slip does not decide)
    def by_series(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return pd.Series(x[rows]).groupby(gid[rows]).median().reindex(
            range(len(meta))).to_numpy(dtype=np.float64)

    full = df["period"].to_numpy(dtype=object) == ""
    typical = by_series(figures, full)
    # a series with year-to-date figures only (a region without a full year): those, a ratio
    # to the year's budget at its pace over the year (48% collected by June reads 96, no
    # change of 48; a ratio or a change against the same months of a year before, as it is)
    to_budget = _per_distinct(meta["name"],
                              lambda nm: bool(_BUDGET_RATIO.search(_norm(str(nm)))))[gid]
    pace = np.where(to_budget, figures * 12.0 / df["months"].to_numpy(dtype=np.float64),
                    figures)
    typical = np.where(np.isnan(typical), by_series(pace, np.ones(len(df), dtype=bool)),
                       typical)
    base = np.arange(len(meta))  # a multi-year target's: the series it aggregates
    of = (_first_nonempty(df, "of", gid, len(meta)) if "of" in df.columns
          else np.zeros(0, dtype=object))
    if (of != "").any():
        where = {(str(r), str(i)): k for k, (r, i) in enumerate(zip(
            meta["region"], meta["indicator_id"], strict=True))}
        base = np.array([where.get((str(r), str(o)), k) if o else k for k, (r, o) in enumerate(
            zip(meta["region"], of, strict=True))], dtype=np.int64)
        typical = typical[base]
    # a share under a structure's heading ("Cơ cấu kinh tế", parent_id economic_structure) whose
    # own name decides nothing ("Dịch vụ") is a share of it: a band, as its heading says (its
    # region's heading row, else any region's that names a structure)
    parent = _first_nonempty(df, "parent_id", gid, len(meta))
    under_structure = [False] * len(meta)
    if (parent != "").any():
        heading = {(str(r), str(i)): _direction_from_name(str(nm)) == "band"
                   for r, i, nm in zip(meta["region"], meta["indicator_id"], meta["name"],
                                       strict=True) if isinstance(nm, str) and nm}
        band_anywhere = {i for (_, i), band in heading.items() if band}
        under_structure = [bool(p) and (_names_a_structure(p) or heading.get(
            (str(r), str(p)), str(p) in band_anywhere)) for r, p in zip(meta["region"], parent,
                                                                        strict=True)]
    written_scale = (_first_nonempty(df, "_written_scale", gid, len(meta)).tolist()
                     if "_written_scale" in df.columns else [""] * len(meta))
    df = df.drop(columns=["_written_scale"], errors="ignore")
    given_scale = meta["scale"].to_numpy(dtype=object).tolist()
    scales = [scale or infer_scale(ind, unit, name, all_whole, median)
              for ind, name, unit, scale, all_whole, median in zip(
                  *(meta[c].to_numpy(dtype=object).tolist()
                    for c in ("indicator_id", "name", "unit")),
                  given_scale, whole.tolist(), typical.tolist(), strict=True)]
    # a multi-year target is in the unit of the yearly figures it aggregates (data_format), so
    # on their scale
    follows = [not given_scale[k] and base[k] != k for k in range(len(meta))]
    scale_hows = ["given" if scale else "inferred" for scale in given_scale]
    for k, written in enumerate(written_scale):
        # a scale edited since the table was written, from the rule's: kept, as given (not a
        # multi-year target's, which follows its base, edited or not: its written scale may
        # be the base's before an edit; one of its own takes scale_source 'given')
        if written and written != scales[k] and not follows[k]:
            scales[k], scale_hows[k] = written, "given"
    scales = [scales[base[k]] if follows[k] else s for k, s in enumerate(scales)]
    dirs, hows = [], []
    for ind, name, given_dir, scale, d, share in zip(
            *(meta[c].to_numpy(dtype=object).tolist()
              for c in ("indicator_id", "name", "direction")),
            scales, delta.tolist(), under_structure, strict=True):
        if ind in override:
            dirn, how = override[ind], "override"
        elif given_dir:
            dirn, how = given_dir, "given"
        else:  # d is NaN when there is no delta
            dirn, how = infer_direction(ind, name, None if d != d else d)
            if share and how in ("plan", "default") and scale == "percent":
                dirn, how = "band", "name"
        dirs.append(dirn)
        hows.append(how)
    _inherit_direction(df, meta, gid, dirs, hows)
    if "_written" in df.columns:
        written = _first_nonempty(df, "_written", gid, len(meta))
        for k, w in enumerate(written.tolist()):
            if w and w != dirs[k] and hows[k] != "override":  # edited after it was written
                dirs[k], hows[k] = w, "given"
        df = df.drop(columns=["_written"])
    glossary = _glossary()
    for col, values in (("scale", scales), ("direction", dirs), ("direction_source", hows),
                        ("scale_source", scale_hows)):
        df[col] = np.asarray(values, dtype=object)[gid]
    if has_flow:
        # on the row that says it (before it is copied to the series' other rows)
        _first_bad(df, (df["flow"] == "yes") & (df["scale"] == "rate"), "flow",
                   lambda v: "yes is not valid for a growth rate (scale 'rate'): a year's rate "
                   "is no sum of its months")
        df["flow"] = meta["flow"].to_numpy(dtype=object)[gid]  # one per series, on all its rows
    for col in ("name_en", "section"):
        have = _first_nonempty(df, col, gid, len(meta))
        fill = np.array([h or glossary.get(i, {}).get(col, "")
                         for h, i in zip(have, meta["indicator_id"], strict=True)], dtype=object)
        if col == "section":  # one per series (checked above), on its every row
            df[col] = fill[gid]
            continue
        any_given = np.zeros(len(meta), dtype=bool)
        any_given[gid[(df[col] != "").to_numpy()]] = True
        df[col] = np.where(any_given[gid], df[col].to_numpy(dtype=object), fill[gid])
    df["name_vi"] = np.where(df["name_vi"] != "", df["name_vi"],
                             meta["name"].to_numpy(dtype=object)[gid])

    if screen:
        _check_thousands(df, gid, from_resolution=from_resolution)
        _check_fraction_percent(df, gid)
    df = df.drop(columns=["_thousands"])
    _check_ranges(df, from_resolution=from_resolution)
    _check_part_within_year(df, gid)
    ordered = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "direction_source", "scale_source",
               "months"]
    extra = [c for c in df.columns if c not in ordered and c != "row"]
    df = df[[*ordered, *extra, "row"]].reset_index(drop=True)
    # One dtype for every text column the reader fills (pandas' default string dtype), whatever
    # route each took: the same table gives the same frame, from a file or a DataFrame.
    for col in (*_CLEANED_COLUMNS, "direction_source", "scale_source"):
        df[col] = df[col].astype(str)
    return IndicatorTable(_frame=df, _dropped=dropped)


def _inherit_direction(df: pd.DataFrame, meta: pd.DataFrame, gid: np.ndarray,
                       dirs: list[str], hows: list[str]) -> None:
    """A multi-year target whose direction the table does not give (nor override) takes that
    of the indicator it aggregates (``of``), and the rule that decided it: an average of the
    poverty rate is meant to fall, whatever its name says (in place)."""
    agg = df["aggregate"].to_numpy(dtype=object) != ""
    if not agg.any():
        return
    where = {(r, i): j for j, (r, i) in enumerate(zip(meta["region"], meta["indicator_id"],
                                                       strict=True))}
    for k in np.unique(gid[agg]).tolist():
        if hows[k] in ("given", "override"):
            continue
        row = int(np.flatnonzero((gid == k) & agg)[0])  # a row that names the base (of)
        base = where.get((df["region"].iat[row], df["of"].iat[row]))
        if base is not None:
            dirs[k], hows[k] = dirs[base], hows[base]


_NUMBER_LIKE = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _check_units(df: pd.DataFrame) -> None:
    """Every row has a unit, and one indicator (per region) has one unit throughout.

    Units are compared ignoring case and repeated spaces (``Tỷ đồng`` = ``tỷ  đồng``). A unit
    that changes within an indicator is most often a sign of shifted columns: an unquoted
    decimal comma (``0,75``) splits the value in two when the row also has an empty trailing
    column, so the field count still matches the header.
    """
    _first_bad(df, df["unit"] == "", "unit",
               lambda v: "is empty; every row needs the unit its value is in, as printed "
               "(e.g. %, Tỷ đồng, xã)")
    # A table has few distinct units: work on those, then map back by code.
    codes, uniques = pd.factorize(df["unit"])
    numeric = np.array([bool(_NUMBER_LIKE.fullmatch(u)) for u in uniques], dtype=bool)
    _first_bad(df, numeric[codes], "unit",
               lambda v: "is a number, not a unit: the columns look shifted (a decimal comma "
               "such as 0,75 without quotes splits the value in two; write 0.75)")
    norm_codes, _ = pd.factorize(np.array([" ".join(u.casefold().split()) for u in uniques],
                                          dtype=object))
    norm = norm_codes[codes]
    gid = series_ids(df)
    first_pos = np.unique(gid, return_index=True)[1][gid]  # each row's series' first row
    bad = norm != norm[first_pos]

    def message(v: str, i: int) -> str:
        j = int(first_pos[i])
        first = df["unit"].iat[j]

        def spelt(u: str) -> str:
            # "Tỉ" and "Tỷ" are one word; "％", "(%)", "Tỷ lệ (%)" one percent sign (not
            # "%/năm", a growth rate, or "% GRDP", a share of something named)
            u = _as_ty(" ".join(u.casefold().split())).replace("％", "%")
            return "%" if re.fullmatch(r"(?:tỷ lệ)?\s*\(?\s*(?:%|phần trăm)\s*\)?", u) else u

        if spelt(v) == spelt(str(first)):
            # '％' or '(%)' beside '%', 'Tỉ đồng' beside 'Tỷ đồng': one unit, two spellings
            return (f"{v!r} is the unit {first!r} of row {df['row'].iat[j]} written another "
                    "way; an indicator has one unit: write one spelling in every row of it "
                    "(its figures need no conversion)")
        if _folded(v) == _folded(str(first)):
            # Tỷ đồng beside the resolution's typo Tý đồng: a spelling, not a magnitude
            return (f"{v!r} differs only in its accents from the unit {first!r} of row "
                    f"{df['row'].iat[j]} for the same indicator; an indicator has one unit: if "
                    "they are one unit spelt two ways, write one spelling in every row of it "
                    "(its figures need no conversion); if two units (tạ and tá), convert its "
                    "figures to one of them")
        return (f"{v!r} differs from the unit {first!r} of row {df['row'].iat[j]} "
                "for the same indicator; an indicator has one unit: convert its figures to one "
                "of them (if the file has a decimal comma such as 0,75 without quotes, the "
                "columns are shifted instead: write 0.75)")

    _first_bad(df, bad, "unit", message, pass_index=True)


def series_ids(df: pd.DataFrame) -> np.ndarray:
    """Per row, the number of its (region, indicator_id), counted in order of first appearance
    (as ``groupby(sort=False).ngroup()``)."""
    region = pd.factorize(df["region"])[0].astype(np.int64)
    ind = pd.factorize(df["indicator_id"])[0].astype(np.int64)
    return pd.factorize(region * (int(ind.max(initial=0)) + 1) + ind)[0]


def _run_ends(*keys: np.ndarray) -> np.ndarray:
    """True at the last element of each run of equal keys (arrays of one length, sorted)."""
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, dtype=bool)
    same_as_next = np.ones(n - 1, dtype=bool)
    for k in keys:
        same_as_next &= k[1:] == k[:-1]
    return np.append(~same_as_next, True)


def _last_by_group(values: np.ndarray, groups: np.ndarray, mask: np.ndarray,
                   n_groups: int) -> np.ndarray:
    """Per group, the last of ``values[mask]`` (NaN if none); ``groups`` sorted ascending."""
    out = np.full(n_groups, np.nan)
    idx = np.flatnonzero(mask)
    last = _run_ends(groups[idx])
    out[groups[idx][last]] = values[idx[last]]
    return out


def _resolve_duplicates(df: pd.DataFrame, policy: DuplicatePolicy) -> pd.DataFrame:
    if policy not in ("error", "latest_source"):
        raise InputError(f"duplicates must be 'error' or 'latest_source', got {policy!r}",
                         column="duplicates", value=policy)
    # By months, not the period's name: M6 and H1 (M3 and Q1, M9 and Q3) are the same figure.
    key = ["region", "indicator_id", "year", "kind", "months"]
    dup = df.duplicated(key, keep=False)
    if not dup.any():
        return df
    drop: list[Any] = []
    for _, grp in df[dup].groupby(key, sort=False):
        first, second = grp.index[0], grp.index[1]
        period = df.at[first, "period"]
        ident = (f"duplicates row {cast('int | str', df.at[first, 'row'])} (same region, "
                 f"indicator_id {df.at[first, 'indicator_id']!r}, year "
                 f"{cast(int, df.at[first, 'year'])}, kind "
                 f"{df.at[first, 'kind']!r}" + (f", period {period!r}" if period else ""))
        other_period = str(df.at[second, "period"])
        if other_period != period:  # M6 beside H1: one figure named two ways
            ident += f" = {other_period!r}"
        # The index is a fresh RangeIndex here (unique), so get_loc gives one position.
        row = cast("int | str", df.at[second, "row"])
        pos = cast(int, df.index.get_loc(second))
        if policy == "error":
            sources = grp["source"].tolist()
            dates = [_latest_date(x) for x in sources]
            how = ("read it with sf.read_table(..., duplicates='latest_source') (command line: "
                   "--duplicates latest_source)")
            hint = ("" if len(set(sources)) < 2 else
                    f" and different sources: to keep the one with the latest dated source, {how}"
                    if None not in dates and len(set(dates)) == len(dates) else
                    f" and different sources {sources}: if one revises the other, give each "
                    f"source a distinct ISO date (YYYY-MM or YYYY-MM-DD) and {how}")
            vals = grp["value"].tolist()
            # every digit (4523456 and 4523457 both read 4.52346e+06 with :g), and all of them
            # where fifteen do not tell the two apart (0.3 and 0.30000000000000004)
            shown = [f"{x:.15g}" for x in vals[:2]]
            if shown[0] == shown[1]:
                shown = [repr(float(x)) for x in vals[:2]]
            what = (f", with the same value {vals[0]:.15g}: delete one of the two rows"
                    if vals[0] == vals[1] else
                    f", with another value ({shown[0]} there, {shown[1]} here): keep the "
                    "right one")
            raise InputError(f"{ident}{hint}){what}", row=row, row_name=_name(df, pos),
                             column="period" if other_period != period else "kind")
        for i, src in zip(grp.index, grp["source"], strict=True):
            for y, m, d in _ISO_DATE.findall(src or ""):
                if not d and int(m) > 12:
                    continue  # "2021-25": a period written short
                try:
                    datetime.date(int(y), int(m), int(d or 1))
                except ValueError:
                    raise InputError(
                        f"{y}-{m}{'-' + d if d else ''} in the source {src!r} is not a date "
                        "(YYYY-MM or YYYY-MM-DD, month before day): latest_source would "
                        "misorder the versions", row=cast("int | str", df.at[i, "row"]),
                        row_name=_name(df, cast(int, df.index.get_loc(i))), column="source",
                        value=src) from None
        dates = [_latest_date(s) for s in grp["source"]]
        if any(d is None for d in dates) or len(set(dates)) < len(dates):
            raise InputError(
                f"{ident}); duplicates='latest_source' needs a distinct ISO date "
                f"(YYYY-MM or YYYY-MM-DD) in each row's source, got {grp['source'].tolist()}",
                row=row, row_name=_name(df, pos), column="source")
        ymd = [cast("tuple[int, int, int]", d) for d in dates]
        top = max(d[:2] for d in ymd)
        last = [j for j, d in enumerate(ymd) if d[:2] == top]
        values = grp["value"].to_numpy()
        # the versions that may be the latest: a month alone, and the latest day of it
        days = [j for j in last if ymd[j][2] > 0]
        may = [j for j in last if ymd[j][2] == 0] + ([max(days, key=lambda j: ymd[j])]
                                                      if days else [])
        if len(may) > 1 and len({float(values[j]) for j in may}) > 1:
            # "2024-12" beside "2024-12-05", the latest month, with other values: either may
            # be the version in force
            raise InputError(
                f"{ident}); duplicates='latest_source' cannot order {top[0]}-{top[1]:02d} (a "
                f"month) and a day of that month in the sources {grp['source'].tolist()}, "
                "whose values differ: give the day (YYYY-MM-DD)", row=row,
                row_name=_name(df, pos), column="source")
        latest = max(range(len(dates)), key=lambda j: ymd[j])  # dates are (y, m, d) tuples
        keep = grp.index[latest]
        drop.extend(i for i in grp.index if i != keep)
    out = df.drop(index=drop)
    out.attrs["dropped"] = df.loc[drop].drop(columns="row").reset_index(drop=True)
    return out


#: Words of a unit that set its magnitude (thousand, million, billion), with their spellings.
_MAGNITUDE_WORDS = {"nghìn": "nghìn", "ngàn": "nghìn", "thousand": "nghìn", "triệu": "triệu",
                    "million": "triệu", "tỷ": "tỷ", "tỉ": "tỷ", "billion": "tỷ"}


def _unit_magnitude(unit: str) -> tuple[str, ...]:
    """A unit's magnitude words (``('nghìn', 'tỷ')`` for ``Nghìn tỷ đồng``, ``('triệu',)``
    for ``Tr.đồng``; ``()`` for an abbreviation it cannot read, ``Tđ``; ``Ng.`` is not read,
    as it abbreviates người, ``Kg/ng.``, as often as nghìn)."""
    text = unicodedata.normalize("NFC", unit).casefold()
    # a rate (tỷ lệ, tỷ suất, tỷ trọng) is no billion, nor a per mille (phần nghìn) a thousand
    text = re.sub(r"\bt[ỷỉ] (?:lệ|suất|trọng|số)\b|phần nghìn", " ", text)
    # the abbreviation of triệu, with its full stop ("Tr.đồng", "Người/tr.dân")
    text = re.sub(r"\btr\.", " triệu ", text)
    words = re.findall(r"\w+", text)
    return tuple(sorted(_MAGNITUDE_WORDS[w] for w in words if w in _MAGNITUDE_WORDS))


def _check_aggregates(df: pd.DataFrame) -> None:
    """Validate the multi-year target columns ``aggregate``, ``of`` and ``start_year``."""
    if "start_year" not in df.columns and not (df["aggregate"] != "").any():
        df["start_year"] = pd.array(np.full(len(df), np.nan), dtype="Int64")
        return
    agg = df["aggregate"].str.lower()
    _first_bad(df, (agg != "") & ~agg.isin(AGGREGATES), "aggregate",
               lambda v: f"{v!r} is not an aggregate; expected one of {AGGREGATES} or empty")
    df["aggregate"] = agg
    has = (agg != "").to_numpy()
    _first_bad(df, has & (df["of"] == "").to_numpy(), "of",
               lambda v: "is empty, but a multi-year ('aggregate') target needs the indicator "
               "whose yearly values it aggregates")
    # 'of' without 'aggregate' would leave a multi-year target read as a one-year one
    _first_bad(df, ~has & (df["of"] != "").to_numpy(), "aggregate",
               lambda v: "is empty, but the row names an indicator it aggregates ('of'): a "
               "multi-year target needs 'mean' or 'sum' here")
    start = np.full(len(df), -1, dtype=np.int64)
    if "start_year" in df.columns:
        missing = "is empty"
        blank = _blank_cells(df["start_year"]).to_numpy()
        if (~blank).any():
            start[~blank] = _parse_years(df[~blank], "start_year")
    else:  # named in the message below, on the first multi-year row
        missing = "is missing (no such column)"
        df["start_year"] = ""
    _first_bad(df, has & (start < 0), "start_year",
               lambda v: f"{missing}, but a multi-year ('aggregate') target needs the first "
               "year of its period")
    # a period's first year without 'aggregate' would leave it read as a one-year target
    _first_bad(df, ~has & (start >= 0), "aggregate",
               lambda v: "is empty, but the row gives the first year of a period "
               "('start_year'): a multi-year target needs 'mean' or 'sum' here")
    year = df["year"].to_numpy()
    # A total in the series of its yearly figures would be read as one of them (the direction
    # inferred from it, 7000 beside 1500 a year); an average is comparable and may stay there.
    _first_bad(df, (agg == "sum").to_numpy() & (df["of"] == df["indicator_id"]).to_numpy(), "of",
               lambda v: f"{v!r} is the row's own indicator: a total ('sum') needs an id of its "
               "own, beside the yearly series it adds up")
    _first_bad(df, has & (start > year), "start_year",
               lambda v, i: f"{int(start[i])} comes after the target's year {int(year[i])}",
               pass_index=True)
    df["start_year"] = pd.array(np.where(start >= 0, start, np.nan), dtype="Int64")
    # An average or a total is in its indicator's kind of unit: a total in % of figures in
    # billion VND (or the reverse) compares the target with figures of another unit.
    # any % in the unit, whatever the scale: 'So với cùng kỳ (%)' growth averaged in '%/năm'
    pct = df["unit"].astype(str).str.contains("%", regex=False).to_numpy()
    region = df["region"].to_numpy(dtype=object)
    base_pct: dict[tuple[Any, Any], bool] = {}
    ids = df["indicator_id"].to_numpy(dtype=object)
    for k, p, a in zip(zip(region, ids, strict=True), pct, has, strict=True):
        if not a:
            base_pct.setdefault(k, bool(p))
    of = df["of"].to_numpy(dtype=object)
    other = np.array([bool(a) and base_pct.get((r, o), bool(p)) != bool(p)
                      for a, r, o, p in zip(has, region, of, pct, strict=True)], dtype=bool)
    _first_bad(df, other, "unit", lambda v, i: (
        f"{v!r} is {'' if pct[i] else 'not '}a percentage, but the indicator it aggregates, "
        f"{of[i]!r}, is {'not ' if pct[i] else ''}in %: an average or a total is in the unit of "
        "the yearly figures"), pass_index=True)
    # Beyond %: a total of 120 'Nghìn tỷ đồng' over figures in 'Tỷ đồng' would be met already.
    # Units compare by their magnitude words alone, so that the many ways of writing one unit
    # ('Tỷ VNĐ', 'tỷ đồng/năm', 'Tỷ đồng (cả giai đoạn)') pass.
    printed = df["unit"].astype(str).tolist()
    unit = [_unit_magnitude(u) for u in printed]
    base_unit: dict[tuple[Any, Any], int] = {}  # -> the base's first row
    for j, (k, a) in enumerate(zip(zip(region, ids, strict=True), has, strict=True)):
        if not a:
            base_unit.setdefault(k, j)
    # both must name a magnitude: an abbreviation not read ('Tđ') is not refused
    differs = np.array([bool(a) and not pct[i] and bool(unit[i])
                        and bool(unit[base_unit.get((r, o), i)])
                        and unit[base_unit.get((r, o), i)] != unit[i]
                        for i, (a, r, o) in enumerate(zip(has, region, of, strict=True))],
                       dtype=bool)
    _first_bad(df, differs, "unit", lambda v, i: (
        f"{v!r} differs from the unit {printed[base_unit[(region[i], of[i])]]!r} of the "
        f"indicator it "
        f"aggregates, {of[i]!r}: an average or a total is in the unit of the yearly figures; "
        "convert the target or the figures to one unit"), pass_index=True)


def _check_periods(df: pd.DataFrame) -> None:
    """Validate ``period`` (partial-year figures, cumulative from January) and add ``months``."""
    if not (df["period"] != "").any():  # full years only, the usual case
        df["period"] = np.full(len(df), "", dtype=object)
        df["months"] = np.full(len(df), 12, dtype=np.int64)
        return
    per = df["period"].str.upper()
    _first_bad(df, (per != "") & ~per.isin(list(PERIOD_MONTHS)), "period",
               lambda v: f"{v!r} is not a period; expected empty (the full year) or one of "
               "M1..M12, Q1..Q4, H1, H2 (cumulative from January)")
    months = per.map(PERIOD_MONTHS).fillna(12).astype(np.int64).to_numpy()
    _first_bad(df, (months < 12) & (df["kind"] == "plan").to_numpy(), "period",
               lambda v: f"{v!r} on a plan row: targets are for the full year; give partial-year "
               "figures as actual or estimate rows")
    df["period"] = np.where(months == 12, "", per.to_numpy(dtype=object))
    df["months"] = months


def _check_part_within_year(df: pd.DataFrame, gid: np.ndarray) -> None:
    """Refuse a year-to-date figure of an indicator given as adding up over the year (``flow``
    ``yes``) that is above the same year's full-year figure (an actual, else an estimate),
    beyond the full figure's printed rounding: part of a year's total cannot exceed it, and
    the share of the year learned from it would end a later year below its figure so far."""
    part = (df["period"].to_numpy(dtype=object) != "") & (df["flow"] == "yes").to_numpy()
    if not part.any():
        return
    kind = df["kind"].to_numpy(dtype=object)
    full = (df["period"].to_numpy(dtype=object) == "") & (kind != "plan")
    years = df["year"].to_numpy(dtype=np.int64)
    value = df["value"].to_numpy(dtype=np.float64)
    # the year's figure as the table reads it: an actual wins over an estimate
    year_of: dict[tuple[int, int], int] = {}
    for i in np.flatnonzero(full):
        key = (int(gid[i]), int(years[i]))
        if key not in year_of or kind[i] == "actual":
            year_of[key] = int(i)
    over = np.zeros(len(df), dtype=bool)
    whole_row = np.full(len(df), -1, dtype=np.int64)
    for i in np.flatnonzero(part):
        j = year_of.get((int(gid[i]), int(years[i])))
        if j is None:
            continue
        half = 0.5 * 10.0 ** -float(printed_decimals(np.array([value[j]]))[0])
        if value[i] > value[j] + half:
            over[i], whole_row[i] = True, j
    _first_bad(df, over, "value", lambda x, i: (
        f"{x:.15g} by {df['period'].iat[i]} is above the {kind[whole_row[i]]} for the whole of "
        f"{years[i]}, {value[whole_row[i]]:.15g} (row {df['row'].iat[int(whole_row[i])]}), but the "
        "indicator adds up over the year (flow 'yes'): a part of a year's total cannot exceed "
        "it. Correct one of the two (an estimate made before this figure is out of date), or "
        "give flow 'no' if the indicator is read at a point"), pass_index=True)


def _ascii_digits(col: pd.Series) -> pd.Series:
    """Text cells whose digits are of another script (full-width ``２１.１３０``, Arabic-Indic
    ``٢٠``) with ASCII digits, and full-width punctuation as ASCII, so that every check reads
    them as typed: ``２１.１３０`` beside 21130 had been read as 21.13, the thousands check
    matching ASCII digits only."""
    if pd.api.types.is_numeric_dtype(col):
        return col

    def ascii_(v: Any) -> Any:
        if not isinstance(v, str) or v.isascii():
            return v
        return "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd"
                       else unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e"
                       else "." if c == "\u066b"  # the Arabic decimal separator
                       else c for c in v)

    return col.map(ascii_)


def _like_vn_thousands(raw: pd.Series, value: np.ndarray) -> np.ndarray:
    """Rows that could be one group of Vietnamese thousands read as a decimal (``20.967``):
    per row, the decimals it was written with (0: no suspect).

    Under 1000 with at most three decimals; for text, also written with a dot and one to
    three digits after it (``20.967``, ``4.100``, and ``21.13``, ``5.6``: 21.130 and 5.600 as
    a spreadsheet in an English locale keeps them, their last zeros dropped; not ``21`` nor
    ``20.9670``). Numbers given as numbers (a DataFrame read by ``pandas.read_csv``, or a
    number among text in an object column, as ``pandas.read_excel`` gives) have lost their
    text and are screened by value only: :data:`_BY_VALUE`.
    """
    cand = _thousandth(value) & (value != 0)
    out = np.zeros(len(value), dtype=np.int8)
    if not cand.any():
        return out
    if pd.api.types.is_numeric_dtype(raw):
        out[cand] = _BY_VALUE
        return out
    cells = raw.to_numpy(dtype=object)[cand]
    typed = [len(m.group(1)) if isinstance(c, str) and (m := _DOTTED.fullmatch(c.strip()))
             else 0 if isinstance(c, str) else _BY_VALUE for c in cells]
    out[cand] = typed
    return out


def _thousandth(value: np.ndarray) -> np.ndarray:
    """Figures under 1000 in size with at most three decimals: what one group of Vietnamese
    thousands read as a decimal can be (20.967, 4.1, 40)."""
    with np.errstate(invalid="ignore"):
        milli = np.abs(value) * 1000.0
        return (np.abs(value) < 1000.0) & (np.abs(milli - np.round(milli)) < 1e-6)


#: A figure written like one group of Vietnamese thousands: ``20.967``, ``21.13``, ``-4.5``.
_DOTTED = re.compile(r"[-+]?[0-9]{1,3}\.([0-9]{1,3})")
#: :func:`_like_vn_thousands` of a number given as a number: a suspect by its value alone.
_BY_VALUE = -1


def _median_of_others(v: np.ndarray, flag: np.ndarray, gid: np.ndarray) -> np.ndarray:
    """Per row, the median of its series' (``gid``) positive values that are not flagged: what
    a suspect figure is compared with (NaN where the series has none)."""
    others = pd.Series(np.where(flag | (v <= 0), np.nan, v)).groupby(gid).median()
    return others.reindex(np.arange(gid.max() + 1)).to_numpy()[gid]


def _full_year_median(v: np.ndarray, flag: np.ndarray, gid: np.ndarray,
                      part: np.ndarray) -> np.ndarray:
    """Per row, the median a figure is compared with: of its series' full-year figures
    (year-to-date ones, monthly rows, pulled it down), of all its figures where it has no
    full-year one (a table of monthly figures and a plan)."""
    full = _median_of_others(v, flag | part, gid)
    if not part.any():  # the same figures again
        return full
    return np.where(np.isnan(full), _median_of_others(v, flag, gid), full)


def _part_of_year(df: pd.DataFrame) -> np.ndarray:
    """Rows of a figure for part of a year (``period`` M1..M11, Q1..Q3, H1)."""
    return (df["months"].to_numpy(dtype=np.int64) < 12) if "months" in df else \
        np.zeros(len(df), dtype=bool)


def _compare_aggregates(df: pd.DataFrame, v: np.ndarray, flag: np.ndarray, med: np.ndarray,
                        kinds: tuple[str, ...]) -> np.ndarray:
    """Set, in place, the median a multi-year row (``aggregate`` in ``kinds``) is compared
    with: its own series has no other figures, so the median of the yearly figures of the
    indicator it aggregates (``of``; times the period's years for a total). Returns the rows
    so compared."""
    if "aggregate" not in df:
        return np.zeros(len(v), dtype=bool)
    agg = df["aggregate"].to_numpy(dtype=object)
    multi = flag & np.isin(agg, kinds)
    if not multi.any():
        return multi
    yearly = (agg == "") & ~flag & (v > 0) & ~_part_of_year(df)
    region = df["region"].to_numpy(dtype=object)
    ind, of = df["indicator_id"].to_numpy(dtype=object), df["of"].to_numpy(dtype=object)
    of_med = {key: float(m) for key, m in pd.Series(v[yearly]).groupby(
        [region[yearly], ind[yearly]]).median().items()}
    years = (df["year"].to_numpy(dtype=np.float64)
             - df["start_year"].to_numpy(dtype=np.float64, na_value=np.nan) + 1.0)
    for i in np.flatnonzero(multi).tolist():
        m = of_med.get((region[i], of[i]))
        if m is not None:
            med[i] = m * (years[i] if agg[i] == "sum" else 1.0)
    return multi


def _thousands(x: float) -> tuple[str, str]:
    """x * 1000 as a whole number, plain and with a dot between thousands (what a figure read
    as x may have been typed for: 1.02 -> ("1020", "1.020"))."""
    return f"{x * 1000:.0f}", f"{x * 1000:,.0f}".replace(",", ".")


def _check_thousands(df: pd.DataFrame, gid: np.ndarray, *,
                     from_resolution: bool = False) -> None:
    """Raise for a level or count written like ``20.967`` beside values near 20967.

    Table files use plain decimals, so ``20.967`` is twenty point nine six seven; beside
    ``21130`` and ``22050.5`` it is almost surely Vietnamese thousands (20967), and reading it
    as written would give a wrong number, not an error. Flagged: the value times 1000 within a
    factor 2 of the median of the indicator's other non-zero values, and the value itself at
    least 300 times below that median. Numbers given as numbers (``_thousands`` is
    :data:`_BY_VALUE`) have lost the text that says "written like 20.967", so there a series
    whose small figures are the majority blames none of them. Percentages and growth rates are
    not checked: their small values are ordinary.
    """
    # A negative level or count is refused as negative (_check_ranges), not as thousands.
    written = df["_thousands"].to_numpy(dtype=np.int8)
    flag = ((written != 0) & df["scale"].isin(["level", "count"]).to_numpy()
            & (df["value"].to_numpy(dtype=np.float64) > 0))
    if not flag.any():
        return
    v = np.abs(df["value"].to_numpy(dtype=np.float64))
    med = _full_year_median(v, flag, gid, _part_of_year(df))
    # a five-year total typed as printed, 110.000 beside yearly figures near 21000, read as
    # 110 had been "met already"
    multi = _compare_aggregates(df, v, flag, med, ("mean", "sum"))
    # A partial-year figure of a flow is a part of the year's: 1.200 for three months (1200)
    # sits near a quarter of the yearly values, so it is compared as a year's pace too.
    pace = 12.0 / df["months"].to_numpy(dtype=np.float64) if "months" in df else 1.0
    with np.errstate(invalid="ignore"):
        near = ((v * 1000.0 >= med / 2.0) & (v * 1000.0 <= med * 2.0)) | (
            (v * pace * 1000.0 >= med / 2.0) & (v * pace * 1000.0 <= med * 2.0))
        bad = flag & near & (v * 300.0 <= med)
    by_value = written == _BY_VALUE
    if by_value.any():
        # Numbers given as numbers are screened by value only, so every small whole figure is
        # a suspect: where suspects outnumber the rest of their series, the odd one out is the
        # large figure, not them (40, 45, 52000 communes), and no row is blamed here. Text
        # written like 20.967 or 21.13 is a suspect however many there are (a review: an old
        # export's lost zeros, 12.5 ... 19.9 beside 21300, are most of their series).
        # (counted by value, as a numeric column's suspects are, whatever the text of the rest)
        small = _thousandth(v) & (v > 0)
        n_flag = np.bincount(gid, weights=small)
        n_rest = np.bincount(gid, weights=~small & (v > 0))
        bad &= ~by_value | (n_flag[gid] <= n_rest[gid])
    # a resolution's figures come with their printed decimals ("4,5": 1); a table's flagged
    # text has three ("18.900")
    printed_with = (df["decimals"].to_numpy(dtype=np.float64, na_value=np.nan)
                    if from_resolution and "decimals" in df.columns
                    else np.full(len(df), np.nan))

    def printed(x: float, i: int) -> str:
        """As it was typed (a resolution's figure with its decimal comma), and as it was read
        where that differs."""
        d = (int(printed_with[i]) if 0 <= printed_with[i] <= 10
             else 3 if written[i] == _BY_VALUE else int(written[i]))
        typed = f"{x:.{d}f}".replace(".", ",") if from_resolution else f"{x:.{d}f}"
        return f"{typed}{f' (read as {x:g})' if typed != f'{x:g}' else ''}"

    _first_bad(df, bad, "value", lambda x, i: (
        f"{printed(x, i)} is {med[i] / v[i]:.0f} times below "
        + (f"the median of the yearly figures of {df['of'].iat[i]!r}"
           + (" times the period's years" if df["aggregate"].iat[i] == "sum" else "")
           if multi[i] else "the median of the indicator's other values")
        + f" ({med[i]:g}): "
        + ("a comma is the text's decimal mark; if the figure is "
           f"{_thousands(v[i])[0]}, print it with a dot between thousands, "
           f"{_thousands(v[i])[1]}" if from_resolution else
           f"if it is Vietnamese-formatted ({_thousands(v[i])[0]} with a dot between "
           "thousands), write it as a plain number; table files use a dot only as the decimal "
           "point" + (f"; if {v[i]:g} is right, write it with four decimals ({v[i]:.4f})"
                      if written[i] > 0 else ""))),
        pass_index=True)


def _check_fraction_percent(df: pd.DataFrame, gid: np.ndarray) -> None:
    """Raise for a percentage written as a fraction (``0.134`` beside values near 13.4).

    Read as written, 0.134% would be a wrong number, not an error: the forecast's interval
    would span from near 0 to the old values; a plan of 0.485 beside 48 would read as met
    already. Flagged: a figure (any kind) of a percentage in (0, 1] whose value times 100 is
    within a factor 1.5 of the median of the indicator's other values, that median at least 5
    for a figure written with three decimals or more (a percentage with one or two, divided by
    100: 0.134) and at least 20 for one written with one or two (0.67 beside 63 and 65, the
    resolution's own style of two decimals), a multi-year average beside the figures of the
    indicator it averages, a year-to-date figure of a flow (``flow`` yes) beside the figures of
    the same period of other years (0.9 by November's end beside 85 and 88 then). Not
    flagged: a whole 1 (a target of 1% is as likely as a slip for 100%); a year-to-date figure
    of a flow without figures of its period in other years (0.1% disbursed by January's end is
    as ordinary as 0.1 for 10% is a slip, and the year's pace says little: investment is
    disbursed late); 0.05 beside 5.5 and 6.0 (a small percentage can be that, and a fall
    from 5% to 0.05% as likely as a slip); growth rates (scale ``rate``), whose values may
    sit near 0; a whole series written as fractions, which cannot be told from small
    percentages.
    """

    v = df["value"].to_numpy(dtype=np.float64)
    flag = (df["scale"] == "percent").to_numpy() & (v > 0) & (v <= 1)
    if not flag.any():
        return
    least = np.full(len(v), np.inf)
    places = printed_decimals(v[flag])
    # a whole 1 is left alone: a target of 1% is as likely as a slip for 100%
    least[flag] = np.where(places >= 3, 5.0, np.where(places >= 1, 20.0, np.inf))
    months = df["months"].to_numpy(dtype=np.float64) if "months" in df else np.full(len(v), 12.0)
    partial = _part_of_year(df)
    flow = df["flow"].to_numpy(dtype=object) if "flow" in df else np.full(len(v), "")
    med = _full_year_median(v, flag, gid, partial)
    # A year-to-date figure of a flow (flow 'yes') is a part of the year's total, which grows
    # through the year at no even pace (investment is disbursed late: 0.85% by January's end,
    # 25% by June): it is compared with the figures of the same period of other years (0.9 by
    # November's end beside 85 and 88 then is a slip for 90%), and not checked without them.
    # A share read at a point of the year (forest cover at June's end) is no smaller for being
    # read early: compared with the same period of other years too where there are some (a
    # table without its flow column: 0.85 beside 0.9 by January's end), else with the full
    # years'.
    ytd = partial & (flow == "yes")
    same = np.full(len(v), np.nan)  # the median of the same period's other figures
    if partial.any():
        # (each beside the others of its period, small ones too: 0.85 and 0.9 by January's
        # end bear each other out)
        period_gid = pd.Series(list(zip(gid, months, strict=True))).factorize()[0]
        for i in np.flatnonzero(flag & partial).tolist():
            mates = np.flatnonzero((period_gid == period_gid[i]) & (v > 0))
            mates = mates[mates != i]
            if mates.size:
                same[i] = float(np.median(v[mates]))
        med = np.where(partial & ~np.isnan(same), same, np.where(ytd, np.nan, med))
    # a multi-year average is compared with the figures of the indicator it averages (0.67
    # for a 2026-2030 average beside 61-65)
    multi = _compare_aggregates(df, v, flag, med, ("mean",))
    with np.errstate(invalid="ignore"):
        bad = flag & (med >= least) & (v * 100.0 >= med / 1.5) & (v * 100.0 <= med * 1.5)
    several = df["region"].nunique() > 1
    _first_bad(df, bad, "value", lambda x, i: (
        f"{x:g} looks like a fraction beside "
        + (f"the indicator's other figures for the first {months[i]:g} months"
           if partial[i] and not np.isnan(same[i]) else
           f"the yearly figures of {df['of'].iat[i]!r}" if multi[i] else
           "the indicator's other values")
        + f" (median {med[i]:g}%): a percentage is written in percent, {100 * v[i]:g} for "
        f"{100 * v[i]:g}%"
        + ("; if it is the share of a yearly total reached so far (investment disbursed), "
           "give the indicator flow 'yes'" + (" in this region" if several else "")
           if partial[i] and flow[i] not in ("yes", "no") else "")),
        pass_index=True)


def _beyond(x: float, lo: float, hi: float) -> str:
    """``x`` written to show why it is outside [lo, hi]: in 15 digits, unless those round it
    onto a bound (100.00000000000001 is not '100')."""
    short = f"{x:.15g}"
    return repr(float(x)) if float(short) in (lo, hi) else short


#: Largest magnitude accepted for a figure: far above any plan figure in its unit (a country's
#: GDP in VND is about 1e16), far below where the model's exp() overflows.
MAX_MAGNITUDE = 1e18
#: Smallest magnitude accepted for a figure other than 0: with MAX_MAGNITUDE, two figures of
#: an indicator are at most 1e30 apart, so every ratio and compound rate between them is finite.
MIN_MAGNITUDE = 1e-12


#: Vietnamese tone marks (grave, acute, tilde, hook above, dot below), as combining characters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "-": "_",
                             # typographic dashes and apostrophes for the typed ones
                             **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "_"),
                             **dict.fromkeys("\u2018\u2019\u02bc\u00b4`", "'")})
#: Characters that show nothing, beyond the format characters (category Cf) and controls (Cc):
#: the combining grapheme joiner, variation selectors, Hangul fillers, the blank Braille cell.
_BLANKS = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800"
                    + "".join(chr(c) for c in range(0xFE00, 0xFE10)))


def _same_name_key(text: str) -> str:
    """A name without case, spaces, full stops, hyphens, underscores or invisible characters,
    with each word's tone mark moved to its end, so that ``Hòa`` and ``Hoà`` (two placements of
    one mark) agree and ``Hòa`` and ``Hóa`` (two names) do not; ``Sơn  La``, ``Sơn La.`` and
    ``poverty\u200b_rate`` are the spellings ``Sơn La`` and ``poverty_rate`` with a slip."""
    words = []
    # A zero-width space stands where a space was meant; other invisible characters go. The
    # Icelandic eth (Ð, ð: a Latin-1 or keyboard slip) stands for Vietnamese Đ, đ, and a hyphen
    # for an underscore (thu-ngan-sach, thu_ngan_sach).
    text = str(text).translate(_LOOKALIKES).replace("_", " ").replace(".", " ")
    for word in text.replace("\u200b", " ").split():
        chars = unicodedata.normalize("NFD", "".join(
            c for c in word if unicodedata.category(c) not in ("Cf", "Cc") and c not in _BLANKS))
        words.append("".join(c for c in chars if c not in _TONES)
                     + "".join(c for c in chars if c in _TONES))
    return "".join(words).casefold()


#: Cyrillic and Greek letters drawn like Latin ones (а, о, р, с; ο, ν, ρ; А, В, Н, Р ...):
#: one of them among Latin letters is a slip. Greek letters used for themselves (Δ, μ, β, Ω)
#: are not among them.
_LOOKALIKES_OF_LATIN = frozenset(
    "аеорсухіјѕԁԛԝүһӏАВЕКМНОРСТУХІЈЅҮӀԜԚ"  # Cyrillic
    "αικνορυχϲϳΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿ")  # Greek


def _check_mixed_script(df: pd.DataFrame, column: str, values: np.ndarray,
                        first: np.ndarray) -> None:
    """Refuse a word mixing Latin letters with a Cyrillic or Greek lookalike of one (``Sơn
    Lа`` with a Cyrillic ``а``): typed or pasted by mistake, which no spelling rule can tie to
    the Latin name, so it would split a series without a word."""
    for v, i in zip(values, first, strict=True):  # distinct names with non-ASCII letters (few)
        for word in re.split(r"[\s._-]+", unicodedata.normalize("NFC", str(v))):
            # a lookalike may carry an accent (Greek ά for á): compared without it
            odd = next((c for c in word if unicodedata.normalize("NFD", c)[0]
                        in _LOOKALIKES_OF_LATIN), None)
            if odd is None or not any(unicodedata.name(c, "").startswith("LATIN")
                                      for c in word):
                continue
            script = unicodedata.name(odd).split()[0].title()
            raise InputError(
                f"{v!r} mixes Latin letters with the {script} letter {odd!r} "
                f"(U+{ord(odd):04X}), a lookalike of a Latin one; write the name in Latin "
                "letters, or the series is split in two",
                row=cast("int | str", df["row"].iat[int(i)]), row_name=_name(df, int(i)),
                column=column, value=v)


#: What a spelling key drops: full stops, underscores, spaces and control characters.
_NOT_IN_KEY = re.compile(r"[._\s\x00-\x1f\x7f]")


def _check_spellings(df: pd.DataFrame, column: str) -> None:
    """Refuse two spellings of one region or indicator id, which would split a series in two:
    ones that differ only in case, spaces, invisible characters or the placement of a tone
    mark, and one written without any accents beside one with them (``Son La``, ``Sơn La``).
    Names that differ in an accent (``Tân Hòa``, ``Tân Hóa``) are different names. A word
    mixing Latin with Cyrillic or Greek letters is refused even alone."""
    values = df[column].to_numpy(dtype=object)
    uniq, first = np.unique(values, return_index=True)
    foreign = np.array([not str(v).isascii() for v in uniq], dtype=bool)
    _check_mixed_script(df, column, uniq[foreign], first[foreign])
    if len(uniq) < 2:
        return
    order = np.argsort(first)  # in the order of the rows
    uniq, first, ascii_ = uniq[order], first[order], ~foreign[order]
    keys = np.array([_NOT_IN_KEY.sub("", str(v).lower().translate(_LOOKALIKES)) for v in uniq],
                    dtype=object)
    keys[~ascii_] = [_same_name_key(v) for v in uniq[~ascii_]]  # few: names with accents
    # Unaccented: no letter carries a mark (an ASCII name, or one with only invisible or
    # non-ASCII space characters).
    plain = ascii_.copy()
    plain[~ascii_] = [fold(k) == k for k in keys[~ascii_]]
    dup = pd.Series(keys).duplicated().to_numpy(copy=True)
    why = ("case, spaces, full stops, hyphens, dashes or underscores, the kind of apostrophe, "
           "invisible or control characters, the placement of a tone mark or a lookalike "
           "letter (Ð for Đ)")
    if not dup.any() and plain.any() and not plain.all():
        # An unaccented spelling of an accented name: the later of the two is refused.
        accented = {fold(k): int(i) for i, k in
                    zip(np.flatnonzero(~plain)[::-1], keys[~plain][::-1], strict=True)}
        for a in np.flatnonzero(plain).tolist():
            b = accented.get(keys[a])
            if b is not None:
                later, earlier = max(a, b), min(a, b)
                dup[later] = True
                keys[later] = keys[earlier]
                why = "accents (one is written without any)"
                break
    if not dup.any():
        return
    j = int(np.flatnonzero(dup)[0])
    k = int(np.flatnonzero(keys == keys[j])[0])
    pos, other = int(first[j]), int(first[k])
    raise InputError(
        f"{values[pos]!r} and {values[other]!r} (row {df['row'].iat[other]}) differ only in "
        f"{why}; write one spelling in every row, or the series is split in two",
        row=cast("int | str", df["row"].iat[pos]), row_name=_name(df, pos), column=column,
        value=values[pos])


def _check_regions(df: pd.DataFrame) -> None:
    """Refuse a blank region beside named ones, and ``Tỉnh X`` beside ``X``: either would
    split a province's series without a word."""
    region = df["region"].to_numpy(dtype=object)
    named = region != ""
    if named.any() and not named.all():
        i = int(np.flatnonzero(~named)[0])
        raise InputError(f"the region is empty, but other rows name regions "
                         f"({', '.join(sorted(set(region[named]))[:3])}); fill it in",
                         row=cast("int | str", df["row"].iat[i]), row_name=_name(df, i),
                         column="region")
    uniq, first = np.unique(region, return_index=True)  # one look per distinct name (few)
    # by spelling key: "TỈNH SƠN LA" is "Tỉnh Sơn La" is "Sơn La"
    names = {_same_name_key(n): n for n in set(uniq) - {""}}
    for j in np.sort(first).tolist():
        # "T. Sơn La" abbreviates "Tỉnh" ("TP." is a city, another region)
        stripped = re.sub(r"^(?:tỉnh\s+|t\.\s*)", "", str(region[j]), flags=re.IGNORECASE)
        bare = names.get(_same_name_key(stripped))
        if stripped != region[j] and bare is not None:
            raise InputError(f"{region[j]!r} and {bare!r} are one province written two ways; "
                             "write one name in every row", row=cast("int | str", df["row"].iat[j]),
                             row_name=_name(df, j), column="region", value=region[j])


#: What a number of each column is, and what to check when it is too large or too small.
_MAGNITUDE_OF = {"value": "an indicator's figure", "cap": "a cap"}
_MAGNITUDE_HINT = {
    "value": {"large": "check the unit (billion VND rather than VND)",
              "small": "a growth rate from it would not be a finite number; check the unit, or "
              "write 0"},
    "cap": {"large": "a cap is the number of units a count can reach (communes, households)",
            "small": "a count's cap is a whole number above 0"},
}


#: Said of a negative figure in %: what a figure that may be negative is.
_RATE_HINT = ("; a change in %, which can be negative (a growth rate, a price index change), "
              "takes scale 'rate' (in a scale column)")
_PPT_HINT = ("; 'ppt' alone is read as parts per thousand (of salinity): a change in percentage "
             "points takes the unit 'điểm %' or 'ppts' (read as scale 'rate')")


def _check_ranges(df: pd.DataFrame, *, from_resolution: bool = False) -> None:
    """Refuse figures and caps out of their ranges, naming the row; and give every row of a
    series the cap given on any of its rows (``df`` is changed in place)."""
    v = df["value"].to_numpy(dtype=np.float64)
    scale = df["scale"].to_numpy(dtype=object)
    cap = df["cap"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad_cap = ~np.isnan(cap) & ((cap <= 0) | (cap != np.round(cap)))
    _first_bad(df, bad_cap, "cap",
               lambda x: f"{x:.15g} is not a cap: a count's cap is a whole number above 0"
               + (f"; if a dot between thousands was meant ({_thousands(x)[1]} for "
                  f"{_thousands(x)[0]}), write it as a plain number"
                  if 1 < x < 1000 and x != round(x) and abs(x * 1000 - round(x * 1000)) < 1e-6
                  else ""))
    _first_bad(df, (scale != "count") & ~np.isnan(cap), "cap",
               lambda x, i: f"{x:.15g} is a cap, but the indicator's scale is "
               f"{scale[i]!r}; only a count has a cap", pass_index=True)
    with np.errstate(invalid="ignore"):
        fraction = np.abs(v - np.round(v)) > EXACT_RTOL * np.maximum(np.abs(v), 1.0)
    _first_bad(df, (scale == "count") & fraction, "value",
               lambda x, i: f"{x:.15g} is not a whole number, but the indicator is a count (unit "
               f"{df['unit'].iat[i]!r}): if it is written with a dot between thousands "
               "(1.020 for 1020), write it as a plain number; if fractions are meant, give it "
               "scale 'level'", pass_index=True)
    if "aggregate" in df.columns:
        # a total of a percentage's yearly figures adds shares: no percentage, no target. The
        # scale is the series' that 'of' names (a total of GRDP growth in '%' whose own name
        # reads as a share is a total of a growth rate), the row's own where there is none.
        sums = np.flatnonzero((df["aggregate"] == "sum").to_numpy(dtype=bool))
        of_pct = np.zeros(len(df), dtype=bool)
        if len(sums):
            of_scale = dict(zip(zip(df["region"].to_numpy(dtype=object),
                                    df["indicator_id"].to_numpy(dtype=object), strict=True),
                                scale, strict=True))
            region, of = df["region"].to_numpy(dtype=object), df["of"].to_numpy(dtype=object)
            of_pct[sums] = [of_scale.get((region[i], of[i]), scale[i]) == "percent"
                            for i in sums]
        _first_bad(df, of_pct,
                   "aggregate", lambda x, i: (
                       f"'sum' of {df['of'].iat[i]!r}, a percentage, adds up shares, which "
                       "is no target: a multi-year target on a percentage is its 'mean'"),
                   pass_index=True)
    _first_bad(df, (scale == "percent") & ~((v >= 0.0) & (v <= 100.0)), "value",
               lambda x, i: f"{_beyond(x, 0.0, 100.0)} is outside [0, 100] for a percentage (unit "
               f"{df['unit'].iat[i]!r})" + (_RATE_HINT
                                           if x < 0 else
                                           "; a ratio to another year (108.5 for '% so với năm "
                                           "trước') takes scale 'rate' or 'level' (in a scale "
                                           "column)"
                                           if x > 100 else "")
               + ("; a resolution's rows take a scale in the table that `sonla-forecast parse` "
                  "writes from it" if from_resolution and (x < 0 or x > 100) else ""),
               pass_index=True)
    _first_bad(df, (scale == "count") & (v < 0), "value", lambda x: f"{x:.15g} is a negative count")
    # a fall of more than the whole: nothing grows at below -100% (a year of -100% itself, all
    # of it lost, can happen and settles a multi-year average)
    below = (scale == "rate") & (v < -100.0)
    below[below] = [is_percent_unit(str(u)) for u in df["unit"].to_numpy(dtype=object)[below]]
    _first_bad(df, below, "value",
               lambda x, i: f"{x:.15g} is below -100%, but a growth rate (unit "
               f"{df['unit'].iat[i]!r}) cannot fall by more than the whole: a slip (a sign, "
               "a shifted column)? A change in percentage points takes the unit 'điểm %' "
               "(read as scale 'rate')",
               pass_index=True)
    # a cap given on one row holds for the series' every row, as a scale or direction does
    # (the cells themselves were judged above, each on its own row; all agree where given)
    if not np.isnan(cap).all():  # (most tables have no cap)
        df["cap"] = df.groupby(["region", "indicator_id"], sort=False)["cap"].transform("first")
        cap = df["cap"].to_numpy(dtype=np.float64)
    _first_bad(df, (scale == "count") & ~np.isnan(cap) & (v > cap), "value",
               lambda x, i: f"{x:.15g} exceeds the cap {cap[i]:.15g}", pass_index=True)
    _first_bad(df, (scale == "level") & (v < 0), "value",
               lambda x, i: f"{x:.15g} is negative, but a level (unit {df['unit'].iat[i]!r}) "
               "cannot be" + (_PPT_HINT if _unit_form(str(df["unit"].iat[i])) == "ppt"
                              else _RATE_HINT if "%" in str(df["unit"].iat[i])  # also 'điểm %'
                              or is_percent_unit(str(df["unit"].iat[i])) else ""),
               pass_index=True)


def as_name(key: Any) -> Any:
    """A name to look up (a region, an indicator id) as the table stores names: NFC-normalised
    and stripped; anything but a string is returned as it is.

    Examples
    --------
    >>> from sonla_forecast.table import as_name
    >>> as_name(" Ho\u0300a Bi\u0300nh") == "Hòa Bình"
    True
    """
    return unicodedata.normalize("NFC", key).strip() if isinstance(key, str) else key


def find_name(key: Any, names: Iterable[str]) -> Any:
    """The one of ``names`` that ``key`` (a region, an indicator id) names: itself as the table
    stores names (:func:`as_name`), else the name it spells another way that the reader takes
    for the same (``Hoà Bình`` for ``Hòa Bình``, ``sơn la`` for ``Sơn La``: one table cannot
    hold both); :func:`as_name` of ``key`` when none, or several, do.

    Examples
    --------
    >>> from sonla_forecast.table import find_name
    >>> find_name("Hoà Bình", ["Sơn La", "Hòa Bình"])
    'Hòa Bình'
    >>> find_name("Hóa Bình", ["Hòa Bình"])  # another name
    'Hóa Bình'
    """
    key = as_name(key)
    pool = dict.fromkeys(names)
    if not isinstance(key, str) or key in pool:
        return key
    same = [n for n in pool if _same_name_key(n) == _same_name_key(key)]
    return same[0] if len(same) == 1 else key


def _clean_text(col: pd.Series) -> pd.Series:
    """Text cells as NFC-normalised, stripped strings ('' for missing)."""
    codes, uniq = pd.factorize(col.to_numpy(dtype=object))  # code -1: missing
    clean = np.array([as_name(str(v)) for v in uniq] + [""], dtype=object)
    return pd.Series(clean[codes], index=col.index, dtype=object)


def _first_bad(
    df: pd.DataFrame,
    bad: Any,
    column: str,
    message: Any,
    *,
    pass_index: bool = False,
) -> None:
    """Raise for the first row where ``bad`` holds, naming its row and column."""
    mask = np.asarray(bad, dtype=bool)
    if not mask.any():
        return
    i = int(np.flatnonzero(mask)[0])
    v = df[column].iat[i]
    if isinstance(v, np.generic):  # a message shows 2026, not np.int64(2026)
        v = v.item()
    text = message(v, i) if pass_index else message(v)
    raise InputError(text, row=cast("int | str", df["row"].iat[i]), row_name=_name(df, i),
                     column=column, value=v)


def _per_distinct(values: pd.Series, test: Callable[[Any], bool]) -> np.ndarray:
    """``test`` of each value as a bool array, called once per distinct value (a table's
    series share a handful of units and names)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    return np.array([test(v) for v in distinct], dtype=bool)[codes]


def _first_nonempty(df: pd.DataFrame, col: str, gid: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the first non-empty value of a text column ('' if none)."""
    out = np.full(n_groups, "", dtype=object)
    text = df[col].to_numpy(dtype=object)
    have = np.flatnonzero(text != "")
    if len(have):
        groups, first = np.unique(gid[have], return_index=True)
        out[groups] = text[have[first]]
    return out


def _cell_text(col: pd.Series) -> pd.Series:
    """Each cell as stripped text (``str``), also where pandas' missing-value test, which
    ``astype(str)`` runs, trips on a ``Decimal('sNaN')``."""
    try:
        return col.astype(str).str.strip()
    except ArithmeticError:
        return pd.Series([str(v) for v in col], index=col.index, dtype=object).str.strip()


def _blank_cells(raw: pd.Series) -> pd.Series:
    """The empty cells of an optional column (missing, or blank text)."""
    text = _cell_text(raw)
    try:
        return raw.isna() | (text == "")
    except ArithmeticError:  # Decimal('sNaN') again: the missing values by their text
        return text.isin(["", "nan", "None", "<NA>"])


def _parse_numbers(df: pd.DataFrame, column: str) -> np.ndarray:
    """Parse a numeric column; the first bad cell raises through :func:`_parse_value`."""
    col = df[column]
    if pd.api.types.is_complex_dtype(col) or pd.api.types.is_datetime64_any_dtype(col) or \
            pd.api.types.is_timedelta64_dtype(col):
        raise InputError(f"is a column of {col.dtype} values; expected plain numbers",
                         column=column)
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        if str(col.dtype).lower() in ("float32", "float16"):  # numpy's and pandas' Float32
            # Through the shortest text of each value: float32 13.43 is 13.43, not
            # 13.430000305175781 (whose decimals would set how a target is judged).
            narrow = np.float16 if "16" in str(col.dtype) else np.float32
            out = np.array([float(str(v)) for v in col.to_numpy(dtype=narrow, na_value=np.nan)],
                           dtype=np.float64)
        else:
            out = col.to_numpy(dtype=np.float64)
        bad = ~np.isfinite(out)
    else:
        text = _cell_text(col)
        ok = text.str.fullmatch(_PLAIN_NUMBER.pattern).fillna(False).to_numpy(dtype=bool)
        numeric = col.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))
                          and not isinstance(v, bool)
                          and (not isinstance(v, int) or abs(v) < 2**1023)  # fits a float
                          ).to_numpy(dtype=bool)
        out = np.full(len(col), np.nan)
        out[ok] = text[ok].astype(np.float64).to_numpy()
        out[numeric] = col[numeric].astype(np.float64).to_numpy()
        bad = ~(ok | numeric) | ~np.isfinite(out)
        # below the smallest double ('1e-400'): read as 0, which the magnitude check passes
        gone = ok & (out == 0) & (text.str.split(r"[eE]", n=1).str[0]
                                  .str.contains("[1-9]").fillna(False).to_numpy(dtype=bool))
        if gone.any():
            i = int(np.flatnonzero(gone)[0])
            what = (f"too small for {_MAGNITUDE_OF[column]} (below {MIN_MAGNITUDE:.0e} but "
                    f"not 0): {_MAGNITUDE_HINT[column]['small']}" if column in _MAGNITUDE_OF
                    else f"not a valid {column} (a number below {MIN_MAGNITUDE:.0e} but not 0)")
            raise InputError(f"{text.iat[i]!r} is {what}",
                             row=cast("int | str", df["row"].iat[i]), row_name=_name(df, i),
                             column=column, value=col.iat[i])
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _parse_value(col.iat[i], df["row"].iat[i], _name(df, i), column)  # raises
        raise InputError("is not a finite number", row=cast("int | str", df["row"].iat[i]),
                         row_name=_name(df, i), column=column, value=col.iat[i])
    return out + 0.0  # -0 is 0 (it would print as -0.00)


def _parse_years(df: pd.DataFrame, column: str = "year") -> np.ndarray:
    """The whole years of ``df[column]`` (1900-2200); an error names ``column``."""
    col = df[column]
    if pd.api.types.is_datetime64_any_dtype(col) or isinstance(col.dtype, pd.PeriodDtype):
        raise InputError("is a column of dates; give the year as a whole number (in pandas: "
                         f"df[{column!r}] = df[{column!r}].dt.year)", column=column)
    try:
        y = _parse_numbers(df, column)
    except InputError as exc:
        raise InputError(f"{exc.value!r} is not a year (expected a whole number such as 2024)",
                         row=exc.row, row_name=exc.row_name, column=column,
                         value=exc.value) from exc
    bad = (y != np.round(y)) | ~((y >= 1900) & (y <= 2200))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        v = col.iat[i]
        shown = repr(v.item() if isinstance(v, np.generic) else v)  # 2024.5, not np.float64(...)
        raise InputError(f"{shown} is not a year (expected a whole number such as 2024)",
                         row=cast("int | str", df["row"].iat[i]), row_name=_name(df, i),
                         column=column, value=v)
    return np.round(y).astype(np.int64)
