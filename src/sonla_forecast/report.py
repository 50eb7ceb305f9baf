"""A self-contained HTML report of an assessment, in Vietnamese or English.

:func:`render_html` turns an :class:`~sonla_forecast.results.Assessment` (and optionally an
:class:`~sonla_forecast.audit.AuditReport`) into one HTML page for planning staff and council
members: a headline (how many targets are expected to be met), a table of every target
sorted by probability and coloured by status, a fan chart per indicator, and the audit of the
resolution's own figures. The page needs no network: the CSS is inline and the charts are
PNG images embedded as ``data:`` URIs. Charts need matplotlib (``pip install -e '.[plot]'``
in a clone, or ``pip install matplotlib``); without it the page is rendered with the tables and
says so.

The same inputs give the same page, byte for byte (no timestamp unless one is passed in).

This module formats; the numbers come from the assessment. The one computation here is the
interval of the number of targets met (:func:`expected_count`), quantiles of the
Poisson-binomial distribution of :func:`sonla_forecast.portfolio.poisson_binomial_pmf`.
"""

from __future__ import annotations

import base64
import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from .audit import _KNOWN_PARENT, KNOWN_COMPOSITIONS
from .errors import InputError, ModelError
from .io.numbers import printed_decimals, round_half_up
from .results import expected_by_region
from .table import PERIOD_MONTHS, is_percent_unit, is_points_unit
from .table import fold as _fold

if TYPE_CHECKING:  # pragma: no cover
    from .audit import AuditReport, Finding
    from .results import Assessment
    from .table import IndicatorTable

__all__ = [
    "LANGS",
    "PLOT_EXTRA_HINT",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "expected_count",
    "format_number",
    "render_html",
    "status_label",
]

Lang = Literal["vi", "en"]

#: Languages of the report.
LANGS: tuple[str, ...] = ("vi", "en")

#: What to install for the charts; the report prints it when matplotlib is missing.
PLOT_EXTRA_HINT = "pip install matplotlib (in a clone: pip install -e '.[plot]')"

#: A median history shorter than this many years of figures is called short in the notes
#: (the longest history the default model is validated on: M3 with K = 6 points).
SHORT_HISTORY_YEARS = 6

#: Statuses from :func:`sonla_forecast.assess`, best first.
STATUS_ORDER: tuple[str, ...] = (
    "met already",
    "on track",
    "at risk",
    "needs acceleration",
    "unlikely",
    "cannot assess",
)

#: Plain-word status in each language.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "met already": "Hiện đã đạt chỉ tiêu",
        "on track": "Nhiều khả năng đạt",
        "at risk": "Đang đạt, có nguy cơ không giữ được",
        "needs acceleration": "Cần nỗ lực thêm",
        "unlikely": "Khó đạt",
        "cannot assess": "Không đủ dữ liệu",
    },
    "en": {
        "met already": "Met already",
        "on track": "On track",
        "at risk": "At risk",
        "needs acceleration": "Needs acceleration",
        "unlikely": "Unlikely",
        "cannot assess": "Cannot assess",
    },
}

#: Colour of each status (text on white and chart annotations); backgrounds are lighter tints.
STATUS_COLOURS: dict[str, str] = {
    "met already": "#1a7f37",
    "on track": "#2e8b57",
    "at risk": "#c26a00",
    "needs acceleration": "#9a7d00",
    "unlikely": "#b2182b",
    "cannot assess": "#6e6e6e",
}

_STATUS_BACKGROUNDS: dict[str, str] = {
    "met already": "#d8f0dd",
    "on track": "#e3f4e8",
    "at risk": "#fde6cc",
    "needs acceleration": "#fbf1c7",
    "unlikely": "#f9d9dc",
    "cannot assess": "#ececec",
}

_SEVERITY_COLOURS = {"error": "#b2182b", "warning": "#c26a00", "info": "#3b6ea5"}

# ----------------------------------------------------------------------------------------
# Text in both languages
# ----------------------------------------------------------------------------------------

_T: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Đánh giá khả năng hoàn thành các chỉ tiêu kế hoạch kinh tế - xã hội năm {year}",
        "meta": "Năm kế hoạch {year} · mô hình dự báo: {model} · nguồn số liệu: {source}",
        "headline": "Số chỉ tiêu dự kiến đạt (giá trị kỳ vọng): {expected}/{n}",
        "headline_none": "Chưa tính được xác suất đạt cho chỉ tiêu nào (thường vì cần ít nhất "
                         "hai năm số liệu trước năm kế hoạch; lý do của từng chỉ tiêu ở cột "
                         "cuối bảng).",
        "headline_interval": "Với xác suất 80%, số chỉ tiêu đạt nằm trong khoảng {lo}–{hi}.",
        "headline_note": (
            "Số dự kiến là tổng các xác suất đạt. Khoảng 80% tính theo phân phối "
            "Poisson–nhị thức, coi các chỉ tiêu độc lập với nhau; nếu các chỉ tiêu cùng "
            "tốt lên hoặc cùng xấu đi, khoảng thực tế rộng hơn."
        ),
        "not_assessed": "{k} chỉ tiêu không đủ dữ liệu để tính xác suất.",
        "by_region": "Theo địa phương: {parts}.",
        "table_heading": "Các chỉ tiêu, từ khó đạt nhất đến dễ đạt nhất",
        "partials": ("Đã dùng số liệu thực hiện một phần năm {year} (kỳ và số liệu): "
                     "{items}."),
        "p70_heading": "Mức chỉ tiêu có xác suất đạt 70%",
        "p70_explain": ("Mức chỉ tiêu năm {year} mà mô hình cho xác suất đạt 70%, so với chỉ "
                        "tiêu đã được thông qua; để tham khảo khi xây dựng kế hoạch."),
        "col_p70": "Mức chỉ tiêu có xác suất đạt 70%",
        "col_plan_p": "Xác suất đạt chỉ tiêu đã thông qua",
        "p70_missing": "Không tính được mức chỉ tiêu có xác suất đạt 70% với mô hình này: {why}",
        "p70_plan": ("Mô hình {model} dự báo khả năng đạt một mục tiêu đã đặt, không dự báo giá "
                     "trị của chỉ tiêu, nên không tính được mức chỉ tiêu có xác suất đạt 70%; "
                     "hãy dùng mô hình mặc định (drift)."),
        "plan_record_note": ("Kết quả thực hiện kế hoạch năm {year}: {met}/{n} chỉ tiêu đạt và "
                             "vượt kế hoạch theo số liệu đã báo cáo"),
        "plan_record_equal": (" (trong đó {equal} chỉ tiêu có số thực hiện hoặc ước thực hiện "
                              "đúng bằng kế hoạch, điều thường gặp ở số ước cuối năm)"),
        "p70_left_out": ("Không tính mức chỉ tiêu có xác suất đạt 70% cho các chỉ tiêu sau (chỉ "
                         "tiêu nhiều năm, chỉ tiêu cơ cấu càng gần mục tiêu càng tốt, hoặc không "
                         "dự báo được: chưa đủ số liệu, hoặc có giá trị bằng 0): {names}."),
        "p70_behind": ("* Kém hơn số liệu năm {year} (thấp hơn, hoặc cao hơn với chỉ tiêu càng "
                       "thấp càng tốt): lấy mức này là chấp nhận chỉ tiêu đi lùi."),
        "rev_heading": "Chỉ tiêu đã được điều chỉnh",
        "rev_explain": "Các phiên bản của mục tiêu, cũ trước mới sau; báo cáo đánh giá theo phiên "
                       "bản đang có hiệu lực (in đậm).",
        "col_name": "Chỉ tiêu",
        "col_versions": "Các phiên bản",
        "col_unit": "Đơn vị",
        "col_baseline": "Số liệu gần nhất",
        "col_target": "KH {year}",
        "col_need": "Thay đổi cần đạt/năm",
        "col_past": "Thay đổi đã đạt/năm",
        "col_feas": "Tỷ số khả thi",
        "col_rate": "Tốc độ tăng (giảm) tương đối cần đạt, %/năm",
        "col_interval": "Khoảng dự báo 80%",
        "col_prob": "Xác suất đạt",
        "col_status": "Trạng thái",
        "explain": (
            "<b>Thay đổi cần đạt/năm</b>: mức thay đổi mỗi năm cần có để đạt mục tiêu (điểm "
            "phần trăm với chỉ tiêu tính bằng %); với chỉ tiêu càng cao (hoặc càng thấp) càng "
            "tốt đã đạt mục tiêu, đây là khoảng dư: mức có thể đi ngược mỗi năm mà vẫn đạt. "
            "<b>Thay đổi đã đạt/năm</b>: mức thay đổi "
            "bình quân mỗi năm trong các năm đã qua (với chỉ tiêu tốc độ tăng như tăng "
            "trưởng GRDP, đây là mức thay đổi của chính tốc độ tăng, tính bằng điểm phần "
            "trăm, không phải tốc độ tăng đã đạt). <b>Tỷ số khả thi</b>: thay đổi cần đạt "
            "chia cho thay đổi đã đạt, theo hướng của mục tiêu: 1 là giữ nhịp độ cũ, lớn hơn 1 "
            "là phải nhanh hơn trước, 0 là đã đạt; “–” khi số liệu quá khứ đi ngược mục tiêu "
            "hoặc đứng yên, và với chỉ tiêu tốc độ tăng (như tăng trưởng GRDP). Xác suất đạt "
            "còn tính đến mức dao động của số liệu và xu hướng thường chậm lại, nên có thể thấp "
            "dù tỷ số khả thi bằng 1. <b>Tốc độ tăng (giảm) tương đối cần đạt</b>: tốc độ tăng "
            "bình quân năm (%) của chính chỉ tiêu cần để đạt mục tiêu (với chỉ tiêu tính bằng %, "
            "đây là % của tỷ lệ, không phải điểm phần trăm). "
            "<b>Khoảng dự báo 80%</b>: kết quả năm {year} nằm trong khoảng này với xác suất "
            "80%. <b>Xác suất đạt</b>: xác suất kết quả năm {year} đạt mục tiêu."
        ),
        "charts_heading": "Biểu đồ dự báo từng chỉ tiêu",
        "charts_explain": (
            "Đường đen: số thực hiện và ước thực hiện; ô vuông: kế hoạch các năm; đường "
            "đỏ nét đứt: chỉ tiêu KH {year}; vùng xanh đậm: khoảng dự báo 50%, vùng xanh nhạt: "
            "khoảng dự báo 80%; hình thoi: trung vị dự báo; vùng đỏ nhạt quanh chỉ tiêu của một "
            "tỷ trọng (cơ cấu): khoảng sai lệch vẫn tính là đạt. Dải nối từ năm có số liệu "
            "gần nhất sang năm {year} chỉ để dễ nhìn; mô hình chỉ dự báo giá trị năm {year}."
        ),
        "charts_missing": "Biểu đồ cần cài thêm matplotlib: pip install matplotlib (trong thư "
                          "mục mã nguồn: pip install -e '.[plot]')",
        "no_forecast": "Không có dự báo cho chỉ tiêu này.",
        "audit_heading": "Kiểm tra số liệu của nghị quyết",
        "audit_counts": "{e} lỗi, {w} cảnh báo, {i} thông tin.",
        "audit_none": "Không phát hiện vấn đề nào.",
        "audit_missing": "Không có kết quả kiểm tra số liệu.",
        "audit_no_ratios": "Không có các tỷ lệ (%) so với năm trước đã công bố, nên chưa kiểm "
                           "tra được các tỷ lệ đó.",
        "untargeted_note": "Không có chỉ tiêu kế hoạch năm {year} cho {n} chỉ tiêu có kế hoạch "
                           "của năm khác: {items}.",
        "latest_plan": "kế hoạch gần nhất: {year}",
        "untargeted_more": " và {n} chỉ tiêu khác",
        "earlier_ytd_note": "Số liệu từ đầu năm của các năm trước không được dùng ({items}): "
                            "số liệu này chỉ cập nhật dự báo của chính năm đó, còn chuỗi số liệu "
                            "quá khứ cần số liệu cả năm (ước thực hiện: loại 'estimate', không "
                            "có kỳ).",
        "older_baseline_note": "{n} chỉ tiêu không có số thực hiện hoặc ước thực hiện năm "
                               "{year}, nên được tính từ số liệu của năm gần nhất có số liệu "
                               "({items}): mức thay đổi cần đạt mỗi năm và dự báo được tính cho "
                               "cả khoảng từ năm đó đến năm kế hoạch.",
        "past_pace_note": "{n} chỉ tiêu sẽ đạt nếu giữ được nhịp độ đã qua (tỷ số khả thi "
                          "không quá 1) nhưng mô hình đánh giá là khó đạt (xác suất dưới 0,3): "
                          "{items}. Mô hình không kéo dài nhịp độ đã qua với toàn bộ mức của "
                          "nó, và với các chỉ tiêu có xu hướng đều đặn, mô hình đã đánh giá "
                          "thấp các xác suất như vậy (xem phần phương pháp).",
        "all_older_baseline_note": "Mọi chỉ tiêu có số liệu trước năm {target2} đều được tính "
                                   "từ số liệu năm {span}, sớm hơn "
                                   "năm {target} từ {h} năm trở lên (bảng không có số thực hiện "
                                   "hoặc ước thực hiện năm {year}): mức thay đổi cần đạt mỗi năm "
                                   "và dự báo được tính cho cả khoảng từ năm đó đến năm kế "
                                   "hoạch.",
        "outcome_known_note": "{n} chỉ tiêu đã có số liệu cả năm {year} trong bảng ({items}): "
                              "đó là kết quả thực tế; dự báo, lập như trước khi năm bắt đầu, "
                              "không dùng số liệu này.",
        "settings_note": "Mô hình '{model}' với tham số {settings}.",
        "ets_note": "Mô hình 'ets': {k}/{n} chuỗi có ít hơn {min_obs} quan sát liên tiếp nên "
                    "dùng mô hình 'naive' thay thế.",
        "peers_note": "Mô hình được ước lượng trên {total} chuỗi: {k} chuỗi có chỉ tiêu kế "
                      "hoạch và {m} chuỗi khác của bảng có từ hai quan sát trở lên, làm chuỗi "
                      "tham chiếu (không tính xác suất cho các chuỗi này).",
        "region_spelling_note": "Tên địa phương {names} chỉ khác nhau ở dấu: công cụ tính "
                                "thành {n} địa phương khác nhau; nếu có tên gõ nhầm, hãy sửa "
                                "lại cho thống nhất.",
        "region_spelling_peers_note": "Tên địa phương {names} chỉ khác nhau ở dấu: công cụ tính "
                                      "thành {n} địa phương khác nhau; nếu có tên gõ nhầm, hãy "
                                      "sửa lại cho thống nhất ({idle} không có chỉ tiêu năm "
                                      "{year}: số liệu ghi dưới tên này không được tính vào "
                                      "chuỗi số liệu của tên kia).",
        "english_note": "Ghi chú của mô hình (tiếng Anh): {note}",
        "col_severity": "Mức độ",
        "col_check": "Kiểm tra",
        "col_year": "Năm",
        "col_message": "Nội dung",
        "notes_heading": "Lưu ý khi đọc",
        "caveat_history": (
            "Chuỗi số liệu quá khứ ngắn (phần lớn chỉ tiêu có khoảng {n} năm số liệu), nên "
            "khoảng dự báo rộng."
        ),
        "caveat_history_long": "Phần lớn chỉ tiêu có khoảng {n} năm số liệu quá khứ.",
        "caveat_parts": (
            "Mỗi chỉ tiêu có kế hoạch năm {year} được tính là một chỉ tiêu, kể cả chỉ tiêu con "
            "và tỷ trọng của một cơ cấu ({k} trong số {n}), nên số chỉ tiêu ở đây có thể lớn "
            "hơn số chỉ tiêu chủ yếu nghị quyết nêu."
        ),
        "caveat_measures": (
            "Xác suất dựa trên diễn biến số liệu đã qua; mô hình chưa tính đến các giải pháp "
            "mới sẽ triển khai trong năm kế hoạch."
        ),
        "caveat_transfer": (
            "Các tham số của mô hình được ước lượng trên các chuỗi số liệu kinh tế và doanh "
            "nghiệp của nhiều nước (bộ số liệu của cuộc thi dự báo M3), không phải số liệu của "
            "tỉnh; với chỉ "
            "tiêu có xu hướng đều đặn (tỷ lệ hộ nghèo, nước sạch, lao động qua đào tạo), xác "
            "suất đạt nhiều khả năng bị đánh giá thấp hơn thực tế."
        ),
        "caveat_band": "Chỉ tiêu cơ cấu (càng gần mục tiêu càng tốt) được coi là đạt nếu kết quả "
                       "lệch mục tiêu không quá ±{tol}; một mức chuyển dịch kế hoạch nhỏ hơn "
                       "khoảng này được tính là đạt ở mức hiện tại (trạng thái “Hiện đã "
                       "đạt chỉ tiêu” hoặc, khi xác suất giữ được dưới 70%, “Đang đạt, có "
                       "nguy cơ không giữ được”).",
        "caveat_rate": "Chỉ tiêu tốc độ tăng (như tăng trưởng GRDP) được dự báo có xu hướng "
                       "trở về mức thông thường; khi không có chỉ tiêu cùng loại của địa phương "
                       "khác để so sánh, mức này lấy từ số liệu M3 (khoảng 3%/năm), nên dự báo "
                       "và mức chỉ tiêu có xác suất đạt 70% có thể thấp hơn nhịp tăng của tỉnh.",
        "direction_note": "Hướng của chỉ tiêu “{name}” được suy ra là “{direction}” ({how}); "
                          "nếu sai, hãy thêm cột direction vào bảng số liệu, vì hướng quyết "
                          "định xác suất.",
        "footer": "Lập bằng công cụ sonla_forecast, phiên bản {version}.",
        "generated": "Ngày lập: {when}.",
        "status_summary": "Theo trạng thái",
    },
    "en": {
        "title": "How likely are the {year} socio-economic targets to be met",
        "meta": "Target year {year} · forecasting model “{model}” · data: {source}",
        "headline": "Expected number of targets met: {expected} of {n}",
        "headline_none": "No target has a probability (most often a probability needs two "
                         "years of figures before the target year; each target's reason is in "
                         "the table).",
        "headline_interval": "80% interval: {lo} to {hi} targets met.",
        "headline_note": (
            "The expected number is the sum of the probabilities. The 80% interval is from "
            "the Poisson-binomial distribution, treating the targets as independent; if "
            "targets tend to rise or fall together, the real interval is wider."
        ),
        "not_assessed": "{k} targets have too little data for a probability.",
        "by_region": "By region: {parts}.",
        "table_heading": "Targets, least likely to be met first",
        "partials": "Figures for part of {year} used (period and figure): {items}.",
        "p70_heading": "A target with a 70% chance",
        "p70_explain": ("The value the {year} outcome reaches with probability 70% under the "
                        "model, beside the adopted target: a guide for drafting the plan."),
        "col_p70": "Target with a 70% chance",
        "col_plan_p": "P(adopted target met)",
        "p70_missing": "No 70% target with this model: {why}",
        "p70_plan": ("Model {model} forecasts whether a set target is met, not the indicator's "
                     "value, so it gives no 70% target; use the default model (drift)."),
        "plan_record_note": "",  # the English page shows the assessment's note itself
        "plan_record_equal": "",
        "p70_left_out": ("Not listed (multi-year or band targets, or no forecast: too little "
                         "history, or a level at 0): {names}."),
        "p70_behind": ("* Behind the {year} value (below it, or above it where lower is "
                       "better): such a target lets the indicator move the wrong way."),
        "rev_heading": "Revised targets",
        "rev_explain": "The versions of each target, oldest first; the report assesses the one in "
                       "force (in bold).",
        "col_versions": "Versions",
        "col_name": "Indicator",
        "col_unit": "Unit",
        "col_baseline": "Current",
        "col_target": "Target {year}",
        "col_need": "Needed/yr",
        "col_past": "Achieved/yr",
        "col_feas": "Feasibility ratio",
        "col_rate": "Required rate/yr",
        "col_interval": "80% outcome interval",
        "col_prob": "Probability met",
        "col_status": "Status",
        "explain": (
            "<b>Needed/yr</b>: the change per year the target needs (percentage points for "
            "indicators in %); for a higher- or lower-is-better target already met, the "
            "room: how far a year could go the other way and still meet it. "
            "<b>Achieved/yr</b>: the average change per year over the past "
            "years (for a growth rate such as GRDP growth, the change of the rate itself, "
            "in points, not the growth achieved). <b>Feasibility ratio</b>: needed over "
            "achieved, in the target's direction: 1 keeps the past pace, above 1 needs a "
            "faster pace, 0 means already "
            "met; “–” where history moved away from the target or was flat, and for a growth "
            "rate such as GRDP growth. The probability also weighs how much the figures "
            "fluctuate and that trends usually slow down, so it can be low at a ratio of 1. "
            "<b>Required rate/yr</b>: the compound annual growth rate (%) of the "
            "indicator itself that the target needs (for an indicator in %, a % of the "
            "rate, not points). "
            "<b>80% outcome interval</b>: the {year} outcome falls in this range with "
            "probability 80%. "
            "<b>Probability met</b>: the probability that the {year} outcome meets the target."
        ),
        "charts_heading": "Forecast chart of each target",
        "charts_explain": (
            "Black line: actuals and estimates; squares: plans; red dashed line: the {year} "
            "target; dark blue: 50% outcome interval, light blue: 80% interval; diamond: "
            "median forecast; pale red band around a share's target (a structure): the "
            "distance still counted as met. The fan between the current year and {year} is "
            "drawn for reading only: the model predicts {year}."
        ),
        "charts_missing": "Charts need matplotlib: {hint}",
        "no_forecast": "No forecast for this target.",
        "audit_heading": "Checks on the resolution's own figures",
        "audit_counts": "{e} error{es}, {w} warning{ws}, {i} info.",
        "audit_none": "No findings.",
        "audit_missing": "No audit was run.",
        "audit_no_ratios": "No published ratios were given, so the '% of previous year' cells "
                           "were not checked.",
        "untargeted_note": "",
        "latest_plan": "",
        "untargeted_more": "",
        "older_baseline_note": "",
        "past_pace_note": "",
        "all_older_baseline_note": "",
        "outcome_known_note": "",
        "earlier_ytd_note": "",
        "settings_note": "",
        "ets_note": "",
        "peers_note": "",
        "region_spelling_note": "",
        "region_spelling_peers_note": "",
        "english_note": "",
        "col_severity": "Severity",
        "col_check": "Check",
        "col_year": "Year",
        "col_message": "Finding",
        "notes_heading": "Before reading",
        "caveat_history": (
            "The past series are short (a median of {n} {years} of figures per indicator), so "
            "the intervals are wide."
        ),
        "caveat_history_long": "The past series have a median of {n} years of figures per "
                               "indicator.",
        "caveat_parts": (
            "Every indicator with a plan for {year} counts as one target, a sub-row or a share "
            "of a structure included ({k} of the {n}), so the count here can exceed the number "
            "of main indicators the resolution names."
        ),
        "caveat_measures": (
            "Probabilities extrapolate the past figures; the model does not know the new "
            "measures planned for the year."
        ),
        "caveat_transfer": (
            "The model's constants were estimated on international business and economic "
            "series (M3), not on provincial data; for indicators that follow a steady trend "
            "(poverty rate, clean water, trained workers) the probability of meeting a target "
            "is probably understated."
        ),
        "caveat_band": "A composition share (closer to the target is better) counts as met "
                       "when the outcome is "
                       "within ±{tol} of the target: a planned shift smaller than that is met "
                       "at the current figure (status “Met already”, or “At risk” when "
                       "the probability of staying within it is below 70%).",
        "caveat_rate": "A growth rate (such as GRDP growth) is forecast to revert toward a "
                       "typical level; with no other region's growth rate to pool with, that "
                       "level is M3's (about 3% a year), so its forecast and its 70% target may "
                       "sit below a fast-growing province's pace.",
        "direction_note": "Direction of “{name}” inferred as “{direction}” ({how}).",
        "footer": "Made with sonla_forecast {version}.",
        "generated": "Generated: {when}.",
        "status_summary": "By status",
    },
}

_SEVERITY_LABELS = {
    "vi": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"},
    "en": {"error": "Error", "warning": "Warning", "info": "Info"},
}

_CHECK_LABELS = {
    "vi": {
        "ratio_mismatch": "Tỷ lệ so sánh không khớp",
        "ratio_unverifiable": "Không kiểm tra được tỷ lệ",
        "ratio_in_points": "Tỷ lệ ghi bằng điểm phần trăm",
        "composition_sum": "Tổng cơ cấu khác 100%",
        "composition_incomplete": "Cơ cấu thiếu tỷ trọng",
        "header_figures": "Dòng tiêu đề có số liệu",
        "target_below_current": "Kế hoạch kém hơn mức đã đạt",
        "rate_below_current": "Kế hoạch tốc độ tăng kém hơn năm trước",
        "against_trend": "Kế hoạch ngược xu hướng",
        "large_jump": "Thay đổi bất thường",
        "unit_spelling": "Đơn vị viết khác",
    },
    "en": {
        "ratio_mismatch": "Ratio mismatch",
        "ratio_unverifiable": "Ratio not verifiable",
        "ratio_in_points": "Ratio printed as a change in points",
        "composition_sum": "Shares do not sum to 100",
        "composition_incomplete": "Shares missing in a year",
        "header_figures": "Header with figures",
        "target_below_current": "Plan worse than current level",
        "rate_below_current": "Growth-rate plan behind the latest rate",
        "against_trend": "Plan against the trend",
        "large_jump": "Unusually large change",
        "unit_spelling": "Unit spelt differently",
    },
}

_KIND_VI = {"actual": "thực hiện", "estimate": "ước thực hiện", "plan": "kế hoạch"}
_DIRECTION_VI = {"higher": "càng cao càng tốt", "lower": "càng thấp càng tốt",
                 "band": "càng gần mục tiêu càng tốt"}
_HOW_VI = {"plan": "từ chiều của kế hoạch", "default": "mặc định", "name": "từ tên chỉ tiêu"}

#: Row ``reason`` texts of :func:`sonla_forecast.assess`, in Vietnamese.
_REASONS_VI = {
    "no Eurostat, ESCAP or UNSD ratio: they judge a level to reach, not a total or an "
    "average over years":
        "không có tỷ số Eurostat, ESCAP, UNSD: các tỷ số này đánh giá một mức cần đạt, không "
        "phải tổng hay bình quân nhiều năm",
    "the full year is at least the figure so far":
        "kết quả cả năm không thấp hơn số liệu đã đạt đến kỳ",
    "target already met at the baseline: no further progress is needed":
        "số liệu gần nhất đã đạt chỉ tiêu: không cần cải thiện thêm",
    "history is flat: no past progress to compare the required pace with":
        "số liệu quá khứ đứng yên: không có nhịp độ cũ để so sánh",
    "history moved away from the target: the required pace has no past match":
        "các năm trước diễn biến ngược chiều chỉ tiêu",
    "no actual or estimate before the target year":
        "không có số thực hiện hoặc ước thực hiện trước năm mục tiêu",
    "one observation only: no historical change": "chỉ có một năm số liệu",
    "target < 0: growth rates undefined": "mục tiêu < 0: không tính được tốc độ tăng",
    "probability needs at least two observations": "cần ít nhất hai năm số liệu để tính xác suất",
    "a forecast needs at least two observations": "cần ít nhất hai năm số liệu để dự báo",
    # reasons are joined with "; ", and so split: a reason holding one is two entries
    "a growth rate (scale 'rate') is a new figure each year, not a level reached at a pace: "
    "its relative change, compound rates, feasibility ratio and UNSD ratio are not computed "
    "(P(met) compares the target with the year's forecast)":
        "chỉ tiêu tốc độ tăng: mỗi năm là một số mới, không cộng dồn, nên không tính thay "
        "đổi tương đối, tốc độ tăng bình quân và các tỷ số khả thi (xác suất đạt so sánh chỉ "
        "tiêu với dự báo của năm)",
    "changes are in points": "mức thay đổi tính bằng điểm phần trăm",
    "a level of 0 has no logarithm: give the indicator scale 'rate' or 'count' to model it":
        "giá trị 0 không có logarit: khai báo chỉ tiêu là tốc độ tăng hoặc số đếm (cột scale: "
        "'rate' hoặc 'count') để dự báo",
    "the average of a growth rate is its average annual rate: the geometric mean of the yearly "
    "growth factors, as the statistics office computes it":
        "bình quân của tốc độ tăng là tốc độ tăng bình quân năm: trung bình nhân của các chỉ số "
        "phát triển hằng năm, như cách tính của cơ quan thống kê",
    "a year of -100% or below so far: the average annual rate is -100 whatever the years to "
    "come":
        "đã có một năm tăng từ -100% trở xuống: tốc độ tăng bình quân năm là -100, dù các năm "
        "tới thế nào",
    "required_change is that average minus the baseline":
        "mức thay đổi cần đạt là mức bình quân đó trừ giá trị hiện tại",
    "feasibility compares it with the historical annual rate":
        "tỷ số khả thi so sánh tốc độ đó với tốc độ tăng bình quân đã đạt",
    "history fell by 100% a year to float precision: no ESCAP ratio":
        "số liệu quá khứ giảm 100% mỗi năm (theo độ chính xác của máy tính): không có tỷ số "
        "ESCAP",
    "it is met whatever the years to come": "chỉ tiêu chắc chắn đạt, dù các năm tới thế nào",
    "the 80% interval reaches below -100%, a fall no growth rate can have: growth rates are "
    "modelled on an unbounded scale, so read its lower end as a collapse":
        "khoảng dự báo 80% xuống dưới -100%, mức giảm mà không tốc độ tăng nào có thể có: tốc độ "
        "tăng được mô hình hóa trên thang không giới hạn, nên hiểu cận dưới là mức sụt giảm rất "
        "sâu",
    "it cannot be met": "chỉ tiêu không thể đạt",
}

#: Row ``reason`` texts that carry figures or names, as (pattern, Vietnamese template); the
#: template's ``{name}`` fields take the pattern's groups, numbers written the Vietnamese way.
_REASON_PATTERNS_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template) for pattern, template in (
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?, weight (?P<w>[\d.]+)\): projected "
         r"full year (?P<x>\S+) = figure / (?P<f>[\d.]+) of the year",
         "cập nhật theo số liệu {period} (trọng số {w}): ước cả năm {x} = số liệu / "
         "{f} của năm"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?, weight (?P<w>[\d.]+)\): projected "
         r"full year (?P<x>\S+) = figure / (?P<f>[\d.]+) of the year \(an even pace through the "
         r"year: no earlier (?P<p2>.+) figure to learn the season from\)",
         "cập nhật theo số liệu {period} (trọng số {w}): ước cả năm {x} = số liệu / "
         "{f} của năm (giả định đều trong năm: chưa có số liệu {p2} của các năm trước để biết "
         "tính mùa vụ)"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?, weight (?P<w>[\d.]+)\): projected "
         r"full year (?P<x>\S+) = figure / (?P<f>[\d.]+) of the year \(an even pace through the "
         r"year: earlier (?P<p2>.+) figures were 0, no share of the year to learn\)",
         "cập nhật theo số liệu {period} (trọng số {w}): ước cả năm {x} = số liệu / "
         "{f} của năm (giả định đều trong năm: số liệu {p2} của các năm trước đều bằng 0, không "
         "học được tỷ trọng đã đạt đến kỳ)"),
        (r"the probability reads the target at (?P<x>\S+), the value at which the model "
         r"holds a figure of (?P<bound>0|100)%, not at the threshold (?P<c>\S+)",
         "khi tính xác suất đạt, mục tiêu được lấy ở mức {x} (mức mô hình dùng thay cho tỷ lệ "
         "{bound}%), không phải ở mức {c} (từ đó trở đi làm tròn thành mục tiêu)"),
        (r"(?P<period>\S+) figure (?P<x>\S+) not used: a percentage at its bound beside a "
         r"history within (?P<c>[\d.]+) pp of it, whose order the logit cannot keep, so the "
         r"forecast is not updated",
         "số liệu {period} ({x}) không được dùng: tỷ lệ nằm đúng ở biên, bên cạnh số liệu quá khứ "
         "cách biên đó chưa đến {c} điểm phần trăm, mà hàm logit không giữ được thứ tự, nên dự "
         "báo không được cập nhật"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?, weight (?P<w>[\d.]+)\): "
         r"year-to-date figure (?P<x>\S+), read at (?P<b>\S+) as the history's figure at that "
         r"bound is",
         "cập nhật theo số liệu {period} (trọng số {w}): số liệu đến kỳ {x}, được "
         "tính bằng {b} như số liệu quá khứ ở biên đó"),
        (r"a figure read at a point of the year: the year ends at it plus the rest of the "
         r"year's expected change \(from (?P<y>\d{4})'s (?P<x>\S+)\)",
         "chỉ tiêu thời điểm: cuối năm bằng số liệu này cộng mức thay đổi dự kiến của những "
         "tháng còn lại (theo nhịp dự báo tính từ mức {x} năm {y})"),
        (r"(?P<x>\S+)% of the simulated paths have a year at or below -100% \(the forecast's "
         r"spread for this series reaches it\): their average annual rate is -100",
         "{x}% số đường mô phỏng có một năm tăng từ -100% trở xuống (độ phân tán của dự báo "
         "chuỗi này chạm mức đó): tốc độ tăng bình quân năm của các đường này là -100"),
        (r"the figure is (?P<x>\S+)% below (?P<y>\d{4})'s, near the share of the year its "
         r"months are: if the indicator adds up over the year, give it flow 'yes'",
         "số liệu này thấp hơn {x}% so với năm {y}, gần bằng phần của năm đã qua: nếu chỉ tiêu "
         "cộng dồn trong năm, hãy ghi cột flow là 'yes'"),
        (r"the projection passes (?P<x>\S+), the most the indicator can reach, which bounds "
         r"the outcome",
         "ước cả năm vượt {x}, mức tối đa chỉ tiêu có thể đạt, nên kết quả dừng ở mức này"),
        (r"the (?P<period>\S+) figure (?P<x>\S+) is below the (?P<p2>\S+) figure (?P<c>\S+) "
         r"of the same year \(row (?P<row>.+)\), although a year-to-date total does not fall: "
         r"check them",
         "số liệu {period} ({x}) thấp hơn số liệu {p2} ({c}) của cùng năm (dòng {row}), trong "
         "khi số cộng dồn từ đầu năm không thể giảm: cần kiểm tra lại"),
        (r"(?P<period>\S+) figure (?P<x>\S+) not used: a level of 0 has no logarithm, so the "
         r"forecast is not updated",
         "số liệu {period} ({x}) không được dùng: chỉ tiêu bằng 0 không lấy được logarit, nên dự "
         "báo không được cập nhật"),
        (r"the (?P<period>\S+) figure (?P<x>\S+) already meets the target, and a year-to-date "
         r"total is not taken back: it is met",
         "số liệu {period} ({x}) đã đạt mục tiêu, và số cộng dồn từ đầu năm không giảm đi: chỉ "
         "tiêu chắc chắn đạt"),
        (r"the (?P<period>\S+) figure (?P<x>\S+) already passes the target, and a year-to-date "
         r"total is not taken back: it cannot be met",
         "số liệu {period} ({x}) đã vượt mức trần của chỉ tiêu, và số cộng dồn từ đầu năm không "
         "giảm đi: chỉ tiêu không thể đạt"),
        (r"the (?P<period>\S+) figure (?P<x>\S+) is not used: no forecast of the year to update",
         "số liệu {period} ({x}) không được dùng: không có dự báo của năm để cập nhật"),
        (r"(?P<period>\S+) figure (?P<x>\S+) not used to move the forecast: its median is 0, "
         r"which has no logarithm",
         "số liệu {period} ({x}) không dùng để điều chỉnh dự báo: trung vị của dự báo bằng 0, "
         "không lấy được logarit"),
        (r"the total is reached only if (?P<of>.+) stays at its latest level or grows, but it "
         r"fell by (?P<c>\S+)% a year: no feasibility ratio",
         "tổng chỉ đạt nếu {of} giữ mức gần nhất hoặc tăng, nhưng {of} đã giảm {c}% mỗi năm: "
         "không có tỷ số khả thi"),
        (r"the total stays within the target only if (?P<of>.+) stays at its latest level or "
         r"falls, but it grew by (?P<c>\S+)% a year: no feasibility ratio",
         "tổng chỉ trong giới hạn mục tiêu nếu {of} giữ mức gần nhất hoặc giảm, nhưng {of} đã "
         "tăng {c}% mỗi năm: không có tỷ số khả thi"),
        (r"no growth is needed: the total is reached if (?P<of>.+) stays at its latest level",
         "không cần tăng trưởng: tổng đạt nếu {of} giữ mức gần nhất"),
        (r"no fall is needed: the total stays within the target if (?P<of>.+) stays at its "
         r"latest level",
         "không cần giảm: tổng vẫn trong giới hạn mục tiêu nếu {of} giữ mức gần nhất"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?, weight (?P<w>[\d.]+)\): "
         r"year-to-date figure (?P<x>\S+)",
         "cập nhật theo số liệu {period} (trọng số {w}): số liệu đến kỳ {x}"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?\): year-to-date figure (?P<x>\S+), "
         r"read at (?P<b>\S+) as the history's figure at that bound is",
         "cập nhật theo số liệu {period}: số liệu đến kỳ {x}, được tính bằng {b} "
         "như số liệu quá khứ ở biên đó"),
        (r"updated with (?P<period>.+) \((?P<m>\d+) months?\): year-to-date figure (?P<x>\S+)",
         "cập nhật theo số liệu {period}: số liệu đến kỳ {x}"),
        (r"a percentage at 0 or 100 beside a value within (?P<c>[\d.]+) pp of the same bound: "
         r"the logit cannot keep their order",
         "tỷ lệ bằng 0 hoặc 100 bên cạnh một giá trị cách biên đó chưa đến {c} điểm phần trăm: "
         "hàm logit không giữ được thứ tự của chúng"),
        (r"the history has a percentage at 0 or 100, taken (?P<c>[\d.]+) pp inside the bound "
         r"for the logit: the forecast, and any change to or from the bound, rest on that choice",
         "số liệu quá khứ có tỷ lệ bằng 0 hoặc 100, được lấy lùi vào trong {c} điểm phần trăm "
         "để tính logit: dự báo, và mọi thay đổi đến hoặc từ biên, phụ thuộc vào lựa chọn đó"),
        (r"cumulative target: required_annual_rate is the constant growth of (?P<of>.+) that "
         r"reaches it",
         "chỉ tiêu cộng dồn: tốc độ tăng cần đạt là tốc độ tăng đều hằng năm của {of} để đạt "
         "tổng"),
        (r"already within ±(?P<x>\S+) pp of the target: no change is needed",
         "đã nằm trong khoảng ±{x} điểm phần trăm quanh mục tiêu: không cần thay đổi thêm"),
        (r"already within ±(?P<x>\S+) of the target: no change is needed",
         "đã nằm trong khoảng ±{x} quanh mục tiêu: không cần thay đổi thêm"),
        (r"average target: the remaining years must average (?P<x>\S+)",
         "chỉ tiêu bình quân: các năm còn lại phải đạt bình quân {x}"),
        (r"average target: the remaining years must average (?P<x>\S+) \(impossible below "
         r"(?P<c>\S+)\)",
         "chỉ tiêu bình quân: các năm còn lại phải đạt bình quân {x} (không thể thấp hơn {c})"),
        (r"average target: the remaining years must average (?P<x>\S+) \(impossible above "
         r"(?P<c>\S+)\)",
         "chỉ tiêu bình quân: các năm còn lại phải đạt bình quân {x} (không thể cao hơn {c})"),
        (r"the years so far already add up to (?P<x>\S+), at or above the target: it is met "
         r"whatever the years to come",
         "các năm đã qua đã cộng dồn được {x}, bằng hoặc vượt mục tiêu: chỉ tiêu chắc chắn đạt, "
         "dù các năm tới thế nào"),
        (r"the years so far already add up to (?P<x>\S+), above the target: it cannot be met",
         "các năm đã qua đã cộng dồn được {x}, vượt mục tiêu: chỉ tiêu không thể đạt"),
        (r"no growth rate from a baseline of (?P<x>\S+)",
         "không tính được tốc độ tăng từ mức {x}"),
        (r"even at \+1,000% a year (?P<of>.+) would add up to (?P<x>\S+), below the target",
         "dù tăng 1.000% mỗi năm, {of} cũng chỉ cộng dồn được {x}, thấp hơn mục tiêu"),
        (r"even at \+1,000% a year (?P<of>.+) would add up to (?P<x>\S+), within the target",
         "dù tăng 1.000% mỗi năm, {of} cũng chỉ cộng dồn được {x}, trong giới hạn mục tiêu"),
        (r"even if (?P<of>.+) falls by 99% a year the total is (?P<x>\S+), above the target",
         "dù {of} giảm 99% mỗi năm, tổng vẫn là {x}, cao hơn mục tiêu"),
        (r"even if (?P<of>.+) falls by 99% a year the total is (?P<x>\S+), over the target",
         "dù {of} giảm 99% mỗi năm, tổng vẫn là {x}, vượt giới hạn mục tiêu"),
        (r"no fall is needed: the total stays within the target even if (?P<of>.+) grows by up "
         r"to (?P<x>\S+)% a year",
         "không cần giảm: tổng vẫn trong giới hạn mục tiêu dù {of} tăng tới {x}% mỗi năm"),
        (r"the total is reached only if (?P<of>.+) falls by at most (?P<x>\S+)% a year, but "
         r"it fell by (?P<c>\S+)% a year: no feasibility ratio",
         "tổng chỉ đạt nếu {of} giảm không quá {x}% mỗi năm, nhưng {of} đã giảm {c}% mỗi năm: "
         "không có tỷ số khả thi"),
        (r"the total stays within the target only if (?P<of>.+) grows by at most (?P<x>\S+)% a "
         r"year, but it grew by (?P<c>\S+)% a year: no feasibility ratio",
         "tổng chỉ trong giới hạn mục tiêu nếu {of} tăng không quá {x}% mỗi năm, nhưng {of} đã "
         "tăng {c}% mỗi năm: không có tỷ số khả thi"),
        (r"no growth is needed: the total is reached even if (?P<of>.+) falls by up to "
         r"(?P<x>\S+)% a year",
         "không cần tăng trưởng: tổng vẫn đạt dù {of} giảm tới {x}% mỗi năm"),
        (r"sum of (?P<of>.+) over (?P<s>\d{4})-(?P<t>\d{4})", "tổng {of} giai đoạn {s}-{t}"),
        (r"sum of (?P<of>.+) over (?P<s>\d{4})-(?P<t>\d{4}) \((?P<s2>\d{4})-(?P<t2>\d{4}) so "
         r"far: (?P<x>\S+)\)",
         "tổng {of} giai đoạn {s}-{t} (đã thực hiện {s2}-{t2}: {x})"),
        (r"mean of (?P<of>.+) over (?P<s>\d{4})-(?P<t>\d{4})",
         "bình quân {of} giai đoạn {s}-{t}"),
        (r"mean of (?P<of>.+) over (?P<s>\d{4})-(?P<t>\d{4}) \((?P<s2>\d{4})-(?P<t2>\d{4}) so "
         r"far: (?P<x>\S+)\)",
         "bình quân {of} giai đoạn {s}-{t} (đã thực hiện {s2}-{t2}: {x})"),
        (r"missing past years \[(?P<y>[\d, ]+)\] interpolated linearly",
         "các năm thiếu số liệu [{y}] được nội suy tuyến tính"),
        (r"the table has no indicator (?P<of>.+) to aggregate in (?P<r>.+) \(only in "
         r"(?P<o>.+)\)",
         "bảng không có chỉ tiêu {of} của {r} để tổng hợp (chỉ có ở {o})"),
        (r"the table has no indicator (?P<of>.+) to aggregate",
         "bảng không có chỉ tiêu {of} để tổng hợp"),
        (r"(?P<of>.+) needs at least two observations before (?P<y>\d{4})",
         "{of} cần ít nhất hai năm số liệu trước năm {y}"),
        (r"(?P<of>.+) has no observation before (?P<y>\d{4}), inside the period "
         r"(?P<s>\d{4})-(?P<t>\d{4})",
         "{of} không có số liệu trước năm {y}, trong giai đoạn {s}-{t}"),
        (r"model (?P<m>.+) forecasts whether a plan is met, not the indicator's path: a "
         r"multi-year target needs a trajectory model \(e\.g\. the default\)",
         "mô hình {m} dự báo khả năng hoàn thành kế hoạch, không dự báo diễn biến của chỉ "
         "tiêu: chỉ tiêu nhiều năm cần một mô hình quỹ đạo (ví dụ mô hình mặc định)"),
        (r"the first observation, the (?P<y>\d{4}) actual \(row (?P<r>.+), column 'value'\), "
         r"is 0: no historical growth rate, so no Eurostat or ESCAP ratio",
         "số liệu năm đầu (số thực hiện năm {y}, dòng {r}, cột 'value') bằng 0: không tính được "
         "tốc độ tăng đã đạt, nên không có tỷ số Eurostat và ESCAP"),
        (r"the first observation, the (?P<y>\d{4}) estimate \(row (?P<r>.+), column 'value'\), "
         r"is 0: no historical growth rate, so no Eurostat or ESCAP ratio",
         "số liệu năm đầu (số ước thực hiện năm {y}, dòng {r}, cột 'value') bằng 0: không tính "
         "được tốc độ tăng đã đạt, nên không có tỷ số Eurostat và ESCAP"),
        (r"the baseline, the (?P<y>\d{4}) actual \(row (?P<r>.+), column 'value'\), is 0: "
         r"growth rates from it are undefined",
         "giá trị hiện tại (số thực hiện năm {y}, dòng {r}, cột 'value') bằng 0: không tính "
         "được tốc độ tăng"),
        (r"the baseline, the (?P<y>\d{4}) estimate \(row (?P<r>.+), column 'value'\), is 0: "
         r"growth rates from it are undefined",
         "giá trị hiện tại (số ước thực hiện năm {y}, dòng {r}, cột 'value') bằng 0: không "
         "tính được tốc độ tăng"),
        (r"model (?P<m>.+) cannot be fitted to the base series of the multi-year targets: "
         r"(?P<e>.+)",
         "mô hình {m} không ước lượng được trên các chuỗi gốc của chỉ tiêu nhiều năm: {e}"),
        (r"model '(?P<m>[^']+)' was left out of the combination for the base series of the "
         r"multi-year targets: it could not be fitted \((?P<e>.+)\)",
         "mô hình {m} không được dùng trong mô hình kết hợp cho các chuỗi gốc của chỉ tiêu "
         "nhiều năm vì không ước lượng được ({e})"),
        (r"ets needs (?P<k>\d+) contiguous observations: the naive model stands in for this "
         r"series",
         "ets cần {k} năm số liệu liên tiếp: dùng mô hình naive thay cho chuỗi này"),
    ))

_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.(\d+))?|-?\d+(?:\.(\d+))?")


#: The groups of :data:`_REASON_PATTERNS_VI` that hold figures (not years or counts).
_FIGURE_GROUPS = frozenset({"x", "w", "f", "c"})


def _vi_figure(text: str) -> str:
    """An English-written figure of a reason (``21,600``, ``0.750``) as a Vietnamese reader
    writes it (``21.600``, ``0,750``), with the same decimals; other text unchanged."""
    m = _NUMBER.fullmatch(text)
    if not m:
        return text
    decimals = len(m.group(1) or m.group(2) or "")
    return format_number(float(text.replace(",", "")), "vi", decimals)


def _reason_part_vi(part: str) -> str:
    """One ``; ``-separated part of a row reason in Vietnamese (unchanged if unknown)."""
    if part in _REASONS_VI:
        return _REASONS_VI[part]
    for pattern, template in _REASON_PATTERNS_VI:
        m = pattern.fullmatch(part)
        if m:
            # figures (x, w, f, c) as the reader writes them; years, counts and names as given
            fields = {k: _vi_figure(v) if k in _FIGURE_GROUPS else
                      f"{PERIOD_MONTHS[v]} tháng" if k in ("period", "p2") and v in PERIOD_MONTHS
                      else _why_vi(v) if k == "e" and v
                      else _model_vi(v) if k == "m" and v in _MODEL_VI
                      else v for k, v in m.groupdict().items()}
            return template.format(**fields)
    return part


# ----------------------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------------------


#: The models in a Vietnamese sentence: what each does, then its name as the library knows it.
_MODEL_VI = {
    "drift": "xu hướng, ước lượng chung theo nhóm chỉ tiêu",
    "naive": "xu hướng đơn giản",
    "ets": "san bằng mũ",
    "refclass": "lớp tham chiếu",
    "combination": "kết hợp xu hướng và lớp tham chiếu",
    "plan_record": "kết quả thực hiện kế hoạch các năm trước",
}


def _model_vi(name: str) -> str:
    """A model in a Vietnamese sentence: what it does, its name in brackets
    (:func:`_model_name`); a model it does not know, quoted."""
    return _model_name(name, "vi") if name in _MODEL_VI else f"'{name}'"


#: Why a model could not be fitted (a ModelError's message), in Vietnamese where known.
_WHY_VI = (
    (re.compile(r"the panel has (?P<k>\d+) one-year step\(s\) \(pairs of consecutive observed "
                r"years\) over all series[,;] the reference-class model needs at least "
                r"(?P<min>\d+)"),
     "toàn bộ các chuỗi chỉ có {k} bước thay đổi một năm, tức {k} cặp năm liền nhau có số liệu; "
     "mô hình lớp tham chiếu cần ít nhất {min}"),
)


def _why_vi(text: str) -> str:
    """A model's failure in Vietnamese (unchanged if its wording is not known)."""
    for pattern, template in _WHY_VI:
        m = pattern.fullmatch(text)
        if m:
            return template.format(**m.groupdict())
    return text


def _model_name(model: str, lang: str) -> str:
    """``drift`` on the English page; ``xu hướng, … (drift)`` on the Vietnamese one."""
    what = _MODEL_VI.get(model) if lang == "vi" else None
    return f"{what} ({model})" if what else model


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InputError(f"lang must be one of {list(LANGS)}, got {lang!r}",
                         column="lang", value=lang)


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


#: Enough digits to round any float at any decimals (the default context has 28).
_WIDE = Context(prec=400)


def format_number(x: Any, lang: str = "vi", decimals: int | None = None, *,
                  sign: bool = False) -> str:
    """A number as the reader expects it: ``21.130`` and ``8,17`` in Vietnamese,
    ``21,130`` and ``8.17`` in English.

    Parameters
    ----------
    x : float or None
        The number; ``None`` or NaN gives ``"–"``.
    lang : {"vi", "en"}, default "vi"
        Vietnamese: thousands separated by ``.``, decimal comma. English: thousands ``,``,
        decimal point.
    decimals : int, optional
        Digits after the decimal mark; default 0 from 1000 up, 1 from 100 up, else 2.
    sign : bool, default False
        Write ``+`` before positive numbers (for changes).

    Returns
    -------
    str

    Examples
    --------
    >>> from sonla_forecast.report import format_number
    >>> format_number(21130, "vi"), format_number(8.17, "vi"), format_number(21130.4, "en")
    ('21.130', '8,17', '21,130')
    >>> format_number(-3.0, "vi", 1, sign=True), format_number(float("nan"))
    ('-3,0', '–')
    >>> format_number(6.3 - 0.75, "vi", 1)  # half up as written: 5.55, not 5.5499...
    '5,6'
    >>> format_number(float("inf"), "en")
    '∞'
    """
    if _missing(x):
        return "–"
    v = float(x)
    if decimals is None:
        a = abs(v)
        decimals = 0 if a >= 1000 else 1 if a >= 100 else 2
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    # Half up on the number as written (6.3 - 0.75 is 5.55, stored as 5.54999...: 5,6 as a
    # reader rounds it, not 5,5).
    v = float(Decimal(repr(v)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                                        context=_WIDE))
    s = f"{v:{'+' if sign else ''},.{decimals}f}"
    if s.lstrip("+-").strip("0.,") == "":  # -0.00 -> 0.00
        s = s.lstrip("+-")
    if lang == "vi":
        swap: dict[str, str | int | None] = {",": ".", ".": ","}
        s = s.translate(str.maketrans(swap))
    return s


def _decimals_of(*values: Any, cap: int = 2) -> int:
    """Fewest decimals (at most ``cap``) that print every value as given (21.9 -> 1)."""
    present = [float(x) for x in values if not _missing(x)]
    if not present:
        return 0
    return int(printed_decimals(np.array(present), max_decimals=cap).max())


def _pair_decimals(row: dict[str, Any]) -> int:
    """Decimals for a row's baseline and target: as the source printed the indicator's figures
    (the table's ``decimals``, 32,00 and not 32), else the fewest that write both (11,0 beside
    11,5, not 11). A count is whole, however its figures were printed (74,00 communes)."""
    printed = row.get("printed_decimals")
    if printed is None or _missing(printed) or row.get("scale") == "count":
        printed = 0
    return max(_decimals_of(row["baseline"], row["target"]), int(printed))


def _row_decimals(row: dict[str, Any]) -> int:
    """Decimals for a row's changes and interval: as printed, at least one below 1000."""
    d = _pair_decimals(row)
    big = max(abs(float(x)) for x in (row["baseline"], row["target"]) if not _missing(x)) \
        if not (_missing(row["baseline"]) and _missing(row["target"])) else 0.0
    if d == 0 and big < 1000 and row.get("scale") != "count":
        d = 1
    return d


def _change_decimals(row: dict[str, Any], value: Any, decimals: int) -> int:
    """Decimals for a change per year: a count's (whole values) can be fractional, (61 - 48) / 2
    = 6.5, and keeps one decimal then."""
    if row.get("scale") == "count" and not _missing(value) and not float(value).is_integer():
        return max(decimals, 1)
    return decimals


def _percent(p: Any, lang: str, decimals: int = 0, *, sign: bool = False) -> str:
    if _missing(p):
        return "–"
    # rounded as the status reads it (round_half_up on p: 0.145 is 15%, as "0.15" prints)
    v = float(round_half_up(float(p), 2 + decimals)) * 100.0
    return format_number(v, lang, decimals, sign=sign) + "%"


def _probability(p: Any, lang: str) -> str:
    """A probability as a whole percent, with ``<1%`` and ``>99%`` for one that is not 0 or 1
    but rounds to it (a forecast is no certainty)."""
    if not _missing(p) and 0.0 < float(p) < 1.0:
        if round_half_up(float(p), 2) == 0:
            return "<" + format_number(1, lang, 0) + "%"
        if round_half_up(float(p), 2) == 1:
            return ">" + format_number(99, lang, 0) + "%"
    return _percent(p, lang)


def status_label(status: str, lang: str = "vi") -> str:
    """The status of :func:`sonla_forecast.assess` in the reader's language.

    Parameters
    ----------
    status : str
        A status of the assessment (``on track``, ``needs acceleration``, ``unlikely``,
        ``met already``, ``at risk``, ``cannot assess``); any other text is returned as it is.
    lang : {"vi", "en"}, default "vi"
        Language of the label; another value gives the English one.

    Returns
    -------
    str

    Examples
    --------
    >>> from sonla_forecast.report import status_label
    >>> status_label("unlikely", "vi"), status_label("at risk", "en")
    ('Khó đạt', 'At risk')
    """
    return STATUS_LABELS.get(lang, STATUS_LABELS["en"]).get(status, status)


def expected_count(
    probabilities: Iterable[float], level: float = 0.8
) -> tuple[float, int, int]:
    """Expected number of targets met and a central interval for it.

    Parameters
    ----------
    probabilities : iterable of float
        Probability that each target is met (0-1); NaN entries (targets not assessed) are
        left out.
    level : float, default 0.8
        Coverage of the interval.

    Returns
    -------
    expected : float
        :math:`\\sum_i p_i`.
    lower, upper : int
        The :math:`(1 - \\text{level})/2` and :math:`(1 + \\text{level})/2` quantiles of
        the number met :math:`K = \\sum_i B_i`, :math:`B_i \\sim \\text{Bernoulli}(p_i)`
        independent (Poisson-binomial distribution); :math:`P(\\text{lower} \\le K \\le
        \\text{upper}) \\ge \\text{level}`.

    Notes
    -----
    The distribution is :func:`sonla_forecast.portfolio.poisson_binomial_pmf` (the recursion
    :math:`P_i(k) = P_{i-1}(k)(1 - p_i) + P_{i-1}(k - 1) p_i`). Independence is an
    assumption: targets that move together (a bad year hurts many) make the real interval
    wider; :mod:`sonla_forecast.portfolio` models that dependence.

    Examples
    --------
    >>> from sonla_forecast.report import expected_count
    >>> expected_count([0.5, 0.5])
    (1.0, 0, 2)
    >>> expected_count([1.0, 1.0, 0.0, float("nan")])
    (2.0, 2, 2)
    """
    p = np.asarray(list(probabilities), dtype=np.float64)
    p = np.clip(p[~np.isnan(p)], 0.0, 1.0)
    if not 0.0 < level < 1.0:
        raise InputError(f"level must be in (0, 1), got {level!r}", column="level",
                         value=level)
    from .portfolio import count_interval as pmf_interval
    from .portfolio import poisson_binomial_pmf

    lower, upper = pmf_interval(poisson_binomial_pmf(p), level)
    return float(p.sum()), lower, upper


# ----------------------------------------------------------------------------------------
# HTML pieces
# ----------------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
margin:0 auto;max-width:1280px;padding:16px 20px 40px;color:#1f2328;line-height:1.45;
background:#fff}
h1{font-size:1.6em;margin:.2em 0 .1em}
h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid #e1e4e8;padding-bottom:.2em}
.meta{color:#57606a;margin:0 0 1em}
.headline{display:flex;flex-wrap:wrap;gap:18px;align-items:center;background:#f6f8fa;
border-radius:8px;padding:14px 18px}
.headline .big{font-size:1.7em;font-weight:700}
.headline .big .num{font-size:1.4em;color:#0b4f8a}
.headline p{margin:.25em 0}
.small{font-size:.85em;color:#57606a}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:.4em 0}
.chip{display:inline-block;border-radius:12px;padding:2px 10px;font-size:.9em;
font-weight:600;white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{padding:5px 7px;border-bottom:1px solid #e1e4e8;vertical-align:top}
th{background:#f6f8fa;text-align:left;position:sticky;top:0}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
th.n{text-align:right}
td.name{min-width:13em}
td.name a{color:inherit;text-decoration:none}
td.name a:hover{text-decoration:underline}
td.name .why{display:block;font-size:.85em;color:#57606a}
td.p{min-width:110px}
.bar{height:7px;background:#e1e4e8;border-radius:4px;margin-top:3px}
.bar span{display:block;height:7px;border-radius:4px}
.explain{font-size:.85em;color:#444;margin:.6em 0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:14px}
figure{margin:0;border:1px solid #e1e4e8;border-radius:6px;padding:6px;background:#fff;
border-top-width:5px}
figure img{width:100%;height:auto;display:block}
figcaption{font-size:.85em;margin-top:4px}
.notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
ul.notes{padding-left:1.2em}
footer{margin-top:2em;color:#57606a;font-size:.85em}
@page{size:A4 landscape;margin:10mm}
@media print{body{max-width:none;padding:0}table{font-size:.72em}th,td{padding:3px 4px}
th{position:static}.grid{grid-template-columns:1fr 1fr}figure{break-inside:avoid}
tr{break-inside:avoid}}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _group_names_vi() -> dict[str, str]:
    """Each known composition's group id -> its shortest Vietnamese name in the glossary
    (``economic_structure`` -> ``Cơ cấu kinh tế``)."""
    from .io.resolution import load_glossary

    glossary = load_glossary()
    out = {}
    for group in KNOWN_COMPOSITIONS:
        names = glossary.loc[glossary["indicator_id"] == group, "name_vi"].astype(str)
        if len(names):
            out[group] = min(names, key=len)
    return out


_GROUP_VI = _group_names_vi()


def _parent_ids(rows: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """``(region, indicator_id) -> parent_id`` of an indicator table's rows (its
    ``to_frame()``; empty for None)."""
    if rows is None:
        return {}
    f = rows.drop_duplicates(["region", "indicator_id"])
    return {(str(r), str(i)): str(p) for r, i, p in
            zip(f["region"], f["indicator_id"], f["parent_id"].fillna(""), strict=True)}


#: The most decimals a figure is shown with on the page, whatever the source printed.
_MAX_PRINTED_DECIMALS = 4


def _printed_decimals(rows: pd.DataFrame | None) -> dict[tuple[str, str], int]:
    """``(region, indicator_id) -> `` the most decimals the source printed any of the
    indicator's figures with (the optional ``decimals`` column of the table's rows, its
    ``to_frame()``; empty without it), so that the page shows 18,02 -> 18,50 and a change of
    +0,48, from which its feasibility ratio can be checked, not 18,0 -> 18,5 and +0,5."""
    if rows is None or "decimals" not in rows.columns:
        return {}
    f = rows[rows["decimals"].notna()]
    most = f.groupby(["region", "indicator_id"], sort=False)["decimals"].max().reset_index()
    return {(str(r), str(i)): min(int(d), _MAX_PRINTED_DECIMALS) for r, i, d in
            zip(most["region"], most["indicator_id"], most["decimals"], strict=True)}


def _group_of(parent_id: Any, indicator_id: Any) -> str:
    """A row's group: its parent in the table, else (no parent given) the group the glossary
    knows its id in, as the audit groups the shares ('' for none)."""
    return str(parent_id or "") or _KNOWN_PARENT.get(str(indicator_id), "")


def indicator_label(row: dict[str, Any], lang: str, multi_region: bool) -> str:
    """The indicator's name in ``lang`` (else its id), with `` – region`` in a table of
    several regions: the one label of a target in the report and the charts."""
    col = "name_vi" if lang == "vi" else "name_en"
    name = str(row.get(col) or "").strip() or str(row["indicator_id"])
    parent = _group_of(row.get("parent_id"), row["indicator_id"])
    group = _GROUP_VI.get(parent) if lang == "vi" else None
    if group and not " ".join(_fold(name).split()).startswith("co cau"):
        # a share printed under its group's heading ("Dịch vụ" under "Cơ cấu kinh tế") reads
        # as another indicator without it
        name = f"{group}: {name}"
    if multi_region and row.get("region"):
        name = f"{name} – {row['region']}"
    return name


def named_regions(frame: pd.DataFrame) -> list[str]:
    """The distinct non-blank regions of an assessment frame, in order of appearance."""
    return [r for r in dict.fromkeys(frame["region"].astype(str)) if r]


def _anchor(row: dict[str, Any], multi_region: bool) -> str:
    region = str(row.get("region") or "") if multi_region else ""
    raw = [region, str(row["indicator_id"])] if region else [str(row["indicator_id"])]
    # ASCII letters, digits and "_" as they are, any other character (a "-" too) as
    # ".<code point>.", and "-" between region and id: one to one ("Tân Hòa" and "Tân Hóa",
    # or "Bắc-Nam"/"gdp" and "Bắc"/"Nam-gdp", get different anchors)
    def safe(s: str) -> str:
        return "".join(c if c.isascii() and (c.isalnum() or c == "_") else f".{ord(c):x}."
                       for c in s)
    return "chart-" + "-".join(safe(part) for part in raw)


def _reason(text: Any, lang: str) -> str:
    # _missing() is for numbers (any text counts as missing there); a reason is text.
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)) \
            or not str(text):
        return ""
    parts = [p for p in str(text).split("; ") if p]
    if lang == "vi":
        parts = [_reason_part_vi(p) for p in parts]
    return "; ".join(parts)


def _chip(status: str, lang: str, count: int | None = None) -> str:
    label = status_label(status, lang) + (f": {count}" if count is not None else "")
    return (f'<span class="chip" data-status="{_e(status)}" style="color:'
            f'{STATUS_COLOURS.get(status, "#444")};background:'
            f'{_STATUS_BACKGROUNDS.get(status, "#eee")}">{_e(label)}</span>')


def _headline(frame: pd.DataFrame, lang: str, t: dict[str, str]) -> str:
    p = frame["probability"].to_numpy(dtype=np.float64)
    expected, lo, hi = expected_count(p, 0.8)
    n_assessed = int((~np.isnan(p)).sum())
    n_missing = len(p) - n_assessed
    counts = frame["status"].value_counts()
    order = [s for s in STATUS_ORDER if s in counts] + [
        s for s in counts.index if s not in STATUS_ORDER]
    chips = "".join(_chip(s, lang, int(counts[s])) for s in order)
    exp_txt = (f'<span class="num" id="expected-met">{_e(format_number(expected, lang, 1))}'
               "</span>")
    head = t["headline"].format(expected="\x00", n=n_assessed)
    head = _e(head).replace("\x00", exp_txt)
    out = [
        '<section class="headline" id="headline"><div>',
        f'<p class="big">{head}</p>',
        f'<p id="count-interval" data-lower="{lo}" data-upper="{hi}">'
        f"{_e(t['headline_interval'].format(lo=lo, hi=hi))}</p>",
        f'<p class="small">{_e(t["headline_note"])}</p>',
    ] if n_assessed else [  # no "0.0 of 0" and no interval "0 to 0"
        '<section class="headline" id="headline"><div>',
        f'<p class="big">{_e(t["headline_none"])}</p>',
    ]
    if n_missing:
        out.append(f'<p class="small">{_e(t["not_assessed"].format(k=n_missing))}</p>')
    by_region = expected_by_region(frame)
    if len(by_region) > 1:  # the expected count of each region, beside the total
        parts = [f"{region}: {format_number(e_r, lang, 1)}/{n_r}"
                 for region, e_r, n_r in by_region]
        out.append(f'<p class="small" id="by-region">'
                   f'{_e(t["by_region"].format(parts="; ".join(parts)))}</p>')
    out.append(f'</div><div><p class="small">{_e(t["status_summary"])}</p>'
               f'<div class="chips">{chips}</div></div></section>')
    return "\n".join(out)


def _sorted_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    f = frame.reset_index(drop=True).copy()
    f["_pos"] = np.arange(len(f))
    f = f.sort_values(["probability", "_pos"], kind="stable", na_position="last")
    return cast("list[dict[str, Any]]", f.to_dict("records"))


def _partials(rows: list[dict[str, Any]], lang: str, t: dict[str, str], year: int,
              multi_region: bool) -> str:
    """A visible line naming the targets whose partial-year figure was used, to update the
    forecast or to settle the target (its details are in the row's hover text; a printed page
    has no hover)."""
    items = []
    for r in rows:
        period = str(r.get("partial_period") or "")
        if period and not _missing(r.get("partial_value")):
            value = format_number(r["partial_value"], lang,
                                  max(_row_decimals(r), _decimals_of(r["partial_value"])))
            months = PERIOD_MONTHS.get(period, 0)  # "9 tháng" to a Vietnamese reader, not Q3
            shown = f"{months} tháng" if lang == "vi" and months else period
            items.append(f"{indicator_label(r, lang, multi_region)}: {shown} {value}")
    if not items:
        return ""
    return (f'<p class="explain" id="partials">'
            f'{_e(t["partials"].format(year=year, items="; ".join(items)))}</p>')


def _target_table(rows: list[dict[str, Any]], lang: str, t: dict[str, str], year: int,
                  multi_region: bool, linked: bool = True) -> str:
    """The table of targets; ``linked``: each name links to its chart (drawn below)."""
    years = {int(r["baseline_year"]) for r in rows if not _missing(r["baseline_year"])}
    baseline_year = years.pop() if len(years) == 1 else None
    base_head = t["col_baseline"] + (f" ({baseline_year})" if baseline_year else "")
    heads = [
        ("name", t["col_name"]), ("unit", t["col_unit"]), ("n", base_head),
        ("n", t["col_target"].format(year=year)), ("n", t["col_need"]),
        ("n", t["col_past"]), ("n", t["col_feas"]), ("n", t["col_rate"]),
        ("n", t["col_interval"]), ("p", t["col_prob"]), ("status", t["col_status"]),
    ]
    out = ['<table id="targets-table">', "<thead><tr>"]
    out += [f'<th class="{c}" scope="col">{_e(h)}</th>' for c, h in heads]
    out.append("</tr></thead><tbody>")
    for r in rows:
        status = str(r["status"])
        colour = STATUS_COLOURS.get(status, "#444")
        d = _row_decimals(r)
        reason = _reason(r.get("reason"), lang)
        name = indicator_label(r, lang, multi_region)
        why = f'<span class="why">{_e(reason)}</span>' if status == "cannot assess" and reason \
            else ""
        by = r["baseline_year"]
        pair = _pair_decimals(r)
        base = format_number(r["baseline"], lang, pair)
        if not _missing(by) and baseline_year is None:
            base += f' <span class="small">({int(by)})</span>'
        interval = "–" if _missing(r["outcome_p10"]) else (
            f"{format_number(r['outcome_p10'], lang, d)} – "
            f"{format_number(r['outcome_p90'], lang, d)}")
        p = r["probability"]
        bar = "" if _missing(p) else (
            f'<div class="bar"><span style="width:{100 * float(p):.1f}%;'
            f'background:{colour}"></span></div>')
        feas_title = f' title="{_e(reason)}"' if reason else ""
        need, past = r["required_change_per_year"], r["historical_change_per_year"]
        shown_name = (f'<a href="#{_anchor(r, multi_region)}">{_e(name)}</a>' if linked
                      else _e(name))
        out.append(
            f'<tr data-id="{_e(r["indicator_id"])}" data-region="{_e(r.get("region", ""))}" '
            f'data-status="{_e(status)}" style="border-left:6px solid {colour}">'
            f'<td class="name">{shown_name}{why}</td>'
            f'<td class="unit">{_e(r["unit"])}</td>'
            f'<td class="n">{base}</td>'
            f'<td class="n">{_e(format_number(r["target"], lang, pair))}</td>'
            f'<td class="n">'
            f"{_e(format_number(need, lang, _change_decimals(r, need, d), sign=True))}</td>"
            f'<td class="n">'
            f"{_e(format_number(past, lang, _change_decimals(r, past, d), sign=True))}</td>"
            f'<td class="n"{feas_title}>{_e(format_number(r["feasibility_ratio"], lang, 2))}</td>'
            f'<td class="n">{_e(_percent(r["required_annual_rate"], lang, 1, sign=True))}</td>'
            f'<td class="n">{_e(interval)}</td>'
            f'<td class="p"><span class="pv">{_e(_probability(p, lang))}</span>{bar}</td>'
            f'<td class="status" style="background:{_STATUS_BACKGROUNDS.get(status, "#eee")};'
            f'color:{colour};font-weight:600">{_e(status_label(status, lang))}</td>'
            "</tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _have_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _charts(assessment: Assessment, rows: list[dict[str, Any]], table_frame: Any,
            lang: str, t: dict[str, str], multi_region: bool, dpi: int) -> str:
    year = assessment.target_year
    out = [f'<section id="charts"><h2>{_e(t["charts_heading"])}</h2>']
    if not _have_matplotlib():
        out.append(f'<p class="notice" id="charts-missing">'
                   f'{_e(t["charts_missing"].format(hint=PLOT_EXTRA_HINT))}</p></section>')
        return "\n".join(out)
    from .plot import _fan_data, _render_png, fan_quantiles

    quantiles = fan_quantiles(assessment)
    out.append(f'<p class="explain">{_e(t["charts_explain"].format(year=year))}</p>')
    out.append('<div class="grid">')
    for r in rows:
        key: str | tuple[str, str] = ((str(r["region"]), str(r["indicator_id"]))
                                      if multi_region else str(r["indicator_id"]))
        status = str(r["status"])
        png = _render_png(_fan_data(assessment, key, table_frame, quantiles), lang, dpi,
                          (5.0, 3.2))
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        name = indicator_label(r, lang, multi_region)
        caption = f"{_e(name)} · {_e(t['col_prob'])}: {_e(_probability(r['probability'], lang))} "
        caption += _chip(status, lang)
        if _missing(r["probability"]):
            caption += f' <span class="small">{_e(t["no_forecast"])}</span>'
        out.append(
            f'<figure id="{_anchor(r, multi_region)}" style="border-top-color:'
            f'{STATUS_COLOURS.get(status, "#444")}"><img src="{uri}" alt="{_e(name)}">'
            f"<figcaption>{caption}</figcaption></figure>")
    out.append("</div></section>")
    return "\n".join(out)


def _seventy(assessment: Assessment, table: Any, rows: list[dict[str, Any]], lang: str,
             t: dict[str, str], multi_region: bool) -> str:
    """The section "a target with a 70% chance" (sonla_forecast.targets)."""
    from .io.read import Resolution
    from .targets import targets_for_probability

    year = int(assessment.target_year)
    out = [f'<section id="p70"><h2>{_e(t["p70_heading"])}</h2>',
           f'<p class="explain">{_e(t["p70_explain"].format(year=year))}</p>']
    if isinstance(table, Resolution):
        table = table.table
    if table is None:
        return ""
    from .models import get_model, plan_conditioned

    if plan_conditioned(get_model(assessment.model)):
        out.append(f'<p class="notice">{_e(t["p70_plan"].format(model=assessment.model))}</p>'
                   "</section>")
        return "\n".join(out)
    try:
        tf = targets_for_probability(table, year, 0.7, model=assessment.model)
    except (InputError, ModelError) as exc:
        out.append(f'<p class="notice">{_e(t["p70_missing"].format(why=exc))}</p></section>')
        return "\n".join(out)
    by_key = {(str(r["region"]), str(r["indicator_id"])): r for r in tf.to_dict("records")}
    out.append('<table id="p70-table"><thead><tr>'
               f'<th class="name">{_e(t["col_name"])}</th><th class="unit">{_e(t["col_unit"])}'
               f'</th><th class="n">{_e(t["col_target"].format(year=year))}</th>'
               f'<th class="n">{_e(t["col_p70"])}</th><th class="p">{_e(t["col_plan_p"])}</th>'
               "</tr></thead><tbody>")
    left_out = []
    for r in rows:
        rec = by_key.get((str(r["region"]), str(r["indicator_id"])))
        if rec is None or _missing(rec.get("target_at_probability")):
            left_out.append(indicator_label(r, lang, multi_region))
            continue
        d = _row_decimals(r)
        out.append(
            f'<tr data-p70-id="{_e(r["indicator_id"])}" '
            f'data-region="{_e(r.get("region", ""))}"><td class="name">'
            f"{_e(indicator_label(r, lang, multi_region))}</td>"
            f"<td class=\"unit\">{_e(r['unit'])}</td>"
            f'<td class="n">'
            f'{_e(format_number(r["target"], lang, _pair_decimals(r)))}'
            f'</td><td class="n">{_e(format_number(rec["target_at_probability"], lang, d))}'
            f'{"*" if rec.get("note") else ""}</td>'
            f'<td class="p">{_e(_probability(r["probability"], lang))}</td></tr>')
    out.append("</tbody></table>")
    behind = [int(rec["baseline_year"]) for rec in by_key.values() if rec.get("note")]
    if behind:
        out.append(f'<p class="explain">{_e(t["p70_behind"].format(year=max(behind)))}</p>')
    if left_out:
        out.append(f'<p class="explain" id="p70-left-out">'
                   f'{_e(t["p70_left_out"].format(names="; ".join(left_out)))}</p>')
    out.append("</section>")
    return "\n".join(out)


#: The separator between two versions of a revised target in the ``revisions`` column: after a
#: version's closing bracket, before the next version's number and its opening bracket
#: ("5.5 (420/NQ-HĐND) -> 8 (457/NQ-HĐND)"), not an arrow inside a source.
_VERSION_SEP = re.compile(r"(?<=\)) -> (?=[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)? \()")


def _revisions(rows: list[dict[str, Any]], lang: str, t: dict[str, str],
               multi_region: bool) -> str:
    """The section listing targets revised during the year (the ``revisions`` column)."""
    revised = [r for r in rows if str(r.get("revisions", "") or "")]
    if not revised:
        return ""
    out = [f'<section id="revisions"><h2>{_e(t["rev_heading"])}</h2>',
           f'<p class="explain">{_e(t["rev_explain"])}</p><ul class="notes">']
    def local(version: str) -> str:
        """The version's leading number written as the reader expects (5,5 in Vietnamese)."""
        m = re.match(r"(-?\d+(?:\.(\d+))?)(.*)", version, re.S)
        if not m:
            return version
        return format_number(float(m.group(1)), lang, len(m.group(2) or "")) + m.group(3)

    for r in revised:
        # Versions are "value (source)" joined by " -> "; a source may itself hold " -> ".
        versions = [local(v) for v in _VERSION_SEP.split(str(r["revisions"]))]
        # The version assessed is the one whose source is the target's source.
        shown = [f"<b>{_e(v)}</b>" if f"({r['source']})" in v else _e(v) for v in versions]
        out.append(f"<li>{_e(indicator_label(r, lang, multi_region))}: {' → '.join(shown)}</li>")
    out.append("</ul></section>")
    return "\n".join(out)


#: How many of a composition's shares a year gives, and the missing ones' names (audit's
#: wording of ``composition_incomplete``).
_INCOMPLETE = re.compile(r"gives (?P<k>\d+) of the (?P<n>\d+) shares \(none for "
                         r"(?P<missing>.+)\): not summed\.$")
_UNIT_SPELLING = re.compile(r"the unit “(?P<unit>.+)” differs only in its accents from "
                            r"“(?P<other>.+)”, the unit of (?P<n>\d+) other indicators?: a typo\?$")


#: A figure of an audit message, as ``audit._fmt`` writes it (``21,130``, ``-2.5``, ``1e-05``).
_AUDIT_FIGURE = r"[-+]?[\d,]*\.?\d+(?:e[-+]\d+)?"

#: The earlier figure of an ``against_trend`` message (audit's English wording).
_AGAINST_TREND = re.compile(rf"which (?:fell|rose) from (?P<prev>{_AUDIT_FIGURE}) "
                            r"\((?P<year>\d{4}) (?P<kind>actual|estimate|plan)\)\.$")

#: The heading's own figure in a ``header_figures`` message (audit's wording).
_HEADER_FIGURE = re.compile(rf"the header has figures of its own \((?P<head>{_AUDIT_FIGURE}) "
                            r"for the ")

#: The denominator of a ``ratio_unverifiable`` message that is not > 0 (audit's wording).
_NOT_POSITIVE = re.compile(r"the denominator \((?:actual|estimate|plan) \d{4}\) is "
                           rf"(?P<den>{_AUDIT_FIGURE}), not > 0\.$")


def _audit_number(text: str) -> float:
    """A figure of an audit message (:data:`_AUDIT_FIGURE`) as a number."""
    return float(text.replace(",", ""))

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_text(text: str, lang: str) -> str:
    """An ISO date (2024-12-05) as a Vietnamese reader writes it (05/12/2024); else as given."""
    m = _ISO_DATE.fullmatch(text.strip())
    return f"{m[3]}/{m[2]}/{m[1]}" if m and lang == "vi" else text


def _source_text(source: str, lang: str) -> str:
    """A source as the table writes it, ``420/NQ-HĐND 2024-12-05`` (or ``2025-02``), as a
    Vietnamese reader names it, ``Nghị quyết số 420/NQ-HĐND ngày 05/12/2024`` (``tháng
    02/2025``); another source as given."""
    m = re.fullmatch(r"(\S+/NQ-\S+) (\d{4})-(\d{2})(?:-(\d{2}))?", source.strip())
    if not m or lang != "vi":
        return source
    return (f"Nghị quyết số {m[1]} ngày {_date_text(f'{m[2]}-{m[3]}-{m[4]}', lang)}" if m[4]
            else f"Nghị quyết số {m[1]} tháng {m[3]}/{m[2]}")


def _two_digits(x: float, at_least: int = 0) -> int:
    """Decimals that write a positive ``x`` to two significant digits (0,0098), at least
    ``at_least``."""
    return max(at_least, 1 - math.floor(math.log10(x)))


def _above(f: Finding) -> bool:
    """Whether a ratio's published figure is above the recomputed one: its tolerance is on
    that side (the rounding of the two figures allows more one way than the other)."""
    return f.published is not None and f.recomputed is not None and f.published > f.recomputed


def _tolerance_vi(x: float | None) -> str:
    """A tolerance to two significant digits (±0,0098, not ±0,009788)."""
    if x is None or not math.isfinite(x) or x <= 0:
        return format_number(x, "vi", 2)
    return format_number(x, "vi", _two_digits(x))


#: Vietnamese unit words written in ASCII, lowercased inside a sentence ("5.000 ha"); other
#: ASCII units are symbols kept as printed (USD, Mbps).
_UNIT_WORDS = frozenset({"ha", "con", "km", "kg", "lit", "cai", "chiec", "bo"})


def _finding_text_vi(f: Finding, multi_region: bool = False, parent: str = "") -> str:
    """A finding in Vietnamese: the figures in Vietnamese number format, each with its year,
    its kind and its unit (``ước thực hiện năm 2024 (97,29%)``); a share is named with its
    group (``parent``: the row's ``parent_id``), as the table of targets names it."""
    name = f.name_vi or f.indicator_id
    if f.check not in ("composition_sum", "composition_incomplete"):
        name = indicator_label({"indicator_id": f.indicator_id, "name_vi": name,
                                "parent_id": parent}, "vi", False)
    if multi_region and f.region:
        name = f"{name} – {f.region}"  # as the English message names it
    unit = f.unit.strip()
    percent = is_percent_unit(unit)  # "Tỷ lệ (%)" too: 94,1%, not "94,1 tỷ lệ (%)"
    points = is_points_unit(unit)  # "pp (%)", "% points": a change of a percentage

    def n(x: float | None) -> str:
        return format_number(x, "vi", _decimals_of(x, cap=4))

    def fig(x: float | None) -> str:
        """A figure with its unit: ``97,29%``, ``4.500 tỷ đồng``, ``1,2 điểm %``."""
        if points:
            return f"{n(x)} điểm %"
        if percent or not unit:
            return f"{n(x)}%" if percent else n(x)
        # inside a sentence: "4.500 tỷ đồng" (a Vietnamese word printed "Tỷ đồng"), not a
        # symbol ("USD", "Mbps")
        word = unit.split()[0]
        vietnamese = not unit.isascii() or word.casefold() in _UNIT_WORDS  # "Doanh nghiệp"
        latin = unicodedata.name(unit[0], "").startswith("LATIN")  # not "Ωm"
        lead = unit[0].lower() if vietnamese and latin and word[1:].islower() else unit[0]
        return f"{n(x)} {lead}{unit[1:]}"

    kind = _KIND_VI.get(f.kind, f.kind)
    this = f"{kind} năm {f.year}"
    other = (f"{_KIND_VI.get(f.compared_kind, f.compared_kind)} năm {f.compared_year}"
             if f.compared_year is not None else "mức đã đạt")
    if f.check == "ratio_mismatch":
        return (f"{name}: tỷ lệ {this} so với {other} công bố là {n(f.published)}%, nhưng "
                f"tính lại từ số liệu được {format_number(f.recomputed, 'vi', 2)}% (số công bố "
                f"được phép {'cao' if _above(f) else 'thấp'} hơn số tính lại tối đa "
                f"{_tolerance_vi(f.tolerance)} điểm phần trăm)."
                + (f" Số công bố có vẻ là tỷ lệ tính bằng lần: tính theo phần trăm là "
                   f"{n(round(100.0 * (f.published or 0.0), 10))}%; bảng tỷ lệ ghi cột 'published' "
                   "theo phần trăm." if "in times (lần)" in f.message else ""))
    if f.check == "ratio_unverifiable" and (f.published is None or math.isnan(f.published)):
        return (f"{name}: tỷ lệ {this} so với {other} không có số liệu công bố, nên không được "
                "kiểm tra.")
    m = _NOT_POSITIVE.search(f.message) if f.check == "ratio_unverifiable" else None
    if m:
        return (f"{name}: tỷ lệ {this} so với {other} công bố là {n(f.published)}% nhưng không "
                f"tính lại được: {other} là {fig(_audit_number(m['den']))}, không lớn "
                "hơn 0.")
    if f.check == "ratio_unverifiable":
        return (f"{name}: tỷ lệ {this} so với {other} công bố là {n(f.published)}% nhưng "
                "bảng thiếu số liệu để tính lại.")
    if f.check == "ratio_in_points" and f.recomputed is not None:
        return (f"{name}: ô tỷ lệ {this} so với {other} ghi {n(f.published)}, là mức thay đổi "
                f"tính bằng điểm ({'tăng' if f.recomputed >= 0 else 'giảm'} "
                f"{n(abs(f.recomputed))} điểm), không phải tỷ lệ phần trăm, nên không được "
                "kiểm tra như một tỷ lệ.")
    if f.check == "composition_sum" and ", over 100 (" in f.message:  # some shares only
        return (f"{name}: tổng các tỷ trọng {this} là {n(f.recomputed)}%, vượt quá 100% (sai số "
                f"cho phép ±{_tolerance_vi(f.tolerance)} điểm phần trăm): bảng không có đủ các "
                "tỷ trọng nên tổng có thể nhỏ hơn 100%, nhưng không thể lớn hơn.")
    if f.check == "composition_sum":
        return (f"{name}: tổng các tỷ trọng {this} là {n(f.recomputed)}%, khác 100% (sai số "
                f"cho phép ±{_tolerance_vi(f.tolerance)} điểm phần trăm).")
    m = _INCOMPLETE.search(f.message) if f.check == "composition_incomplete" else None
    if m:
        return (f"{name}: {this} chỉ có số liệu của {m['k']}/{m['n']} tỷ trọng (thiếu "
                f"{m['missing']}), nên không cộng để kiểm tra tổng 100%.")
    m = _HEADER_FIGURE.search(f.message) if f.check == "header_figures" else None
    if m:
        return (f"{name}: dòng tiêu đề có số liệu riêng ({fig(_audit_number(m['head']))} "
                f"ở {this}), và chỉ khi cộng thêm số liệu "
                f"này thì tổng các tỷ trọng ở các dòng con mới bằng 100% ({n(f.recomputed)}% nếu "
                "không cộng): nhiều khả năng dòng tên của một tỷ trọng bị mất, nên số liệu của "
                "nó bị đọc thành số liệu của dòng tiêu đề.")
    if f.check == "target_below_current" and f.published is not None \
            and f.recomputed is not None:
        worse = "thấp hơn" if f.published < f.recomputed else "cao hơn"
        better = "cao" if f.published < f.recomputed else "thấp"
        return (f"{name}: kế hoạch năm {f.year} là {fig(f.published)}, {worse} {other} "
                f"({fig(f.recomputed)}), dù chỉ tiêu càng {better} càng tốt.")
    if f.check == "rate_below_current" and f.published is not None \
            and f.recomputed is not None:
        if f.published < f.recomputed:  # higher is better: a slower pace
            return (f"{name}: kế hoạch năm {f.year} là {fig(f.published)}, thấp hơn {other} "
                    f"({fig(f.recomputed)}). Tốc độ tăng tính riêng cho từng năm, nên đây là "
                    f"kế hoạch tăng chậm hơn năm {f.compared_year}, không phải quy mô giảm đi.")
        return (f"{name}: kế hoạch năm {f.year} là {fig(f.published)}, cao hơn {other} "
                f"({fig(f.recomputed)}), dù chỉ tiêu càng thấp càng tốt. Tốc độ tăng tính riêng "
                f"cho từng năm, nên đây là kế hoạch tăng nhanh hơn năm {f.compared_year}.")
    if f.check == "against_trend" and f.published is not None and f.recomputed is not None:
        up = f.published > f.recomputed
        m = _AGAINST_TREND.search(f.message)
        before = (f" từ {fig(_audit_number(m['prev']))} "
                  f"({_KIND_VI[m['kind']]} năm {m['year']})" if m else "")
        return (f"{name}: kế hoạch năm {f.year} là {fig(f.published)}, "
                f"{'tăng' if up else 'giảm'} so với {other} ({fig(f.recomputed)}), trong khi "
                f"trước đó số liệu đang {'giảm' if up else 'tăng'}{before}.")
    if f.check == "large_jump" and f.published is not None and f.recomputed is not None:
        years = (f.year - f.compared_year) if f.compared_year is not None else 1
        if percent or points:  # in points, as the audit's own message gives it
            how = (f"{'tăng' if f.published > f.recomputed else 'giảm'} "
                   f"{n(abs(f.published - f.recomputed))} điểm phần trăm")
        elif f.recomputed > 0 and f.published > 0:
            factor = f.published / f.recomputed
            share = 100.0 * factor  # to two significant digits: a slip of 1,000 times shows
            how = (f"gấp {format_number(factor, 'vi', 1)} lần" if factor >= 1 else
                   f"chỉ bằng {format_number(share, 'vi', _two_digits(share, 1))}%")
        else:
            how = "thay đổi rất lớn"
        why = ("Có thể đã gõ nhầm dấu thập phân, hoặc đã ghi chỉ số phát triển (năm trước = "
               "100%) thay cho tốc độ tăng?" if "index (previous year = 100)" in f.message else
               "Có thể đã gõ nhầm dấu thập phân, hoặc do thay đổi cách tính?"
               if "misplaced decimal" in f.message else
               "Có thể do thay đổi cách tính hoặc đơn vị?")
        return (f"{name}: {this} là {fig(f.published)}, {how} so với {other} "
                f"({fig(f.recomputed)}) trong {years} năm. {why}")
    m = _UNIT_SPELLING.search(f.message) if f.check == "unit_spelling" else None
    if m:
        return (f"{name}: đơn vị “{m['unit']}” chỉ khác dấu so với “{m['other']}”, đơn vị của "
                f"{m['n']} chỉ tiêu khác: có thể viết nhầm?")
    return f.message


def _audit(audit_report: AuditReport | None, lang: str, t: dict[str, str],
           multi_region: bool = False, names_en: dict[tuple[str, str], str] | None = None,
           share_en: dict[tuple[str, str, str], str] | None = None,
           parents: dict[tuple[str, str], str] | None = None) -> str:
    out = [f'<section id="audit"><h2>{_e(t["audit_heading"])}</h2>']
    if audit_report is None:
        out.append(f'<p>{_e(t["audit_missing"])}</p></section>')
        return "\n".join(out)
    if not audit_report.ratios_checked:
        out.append(f'<p class="audit-no-ratios">{_e(t["audit_no_ratios"])}</p>')
    if len(audit_report) == 0:
        out.append(f'<p>{_e(t["audit_none"])}</p></section>')
        return "\n".join(out)
    e, w = audit_report.count("error"), audit_report.count("warning")
    counts = t["audit_counts"].format(e=e, w=w, i=audit_report.count("info"),
                                      es="" if e == 1 else "s", ws="" if w == 1 else "s")
    out.append(f"<p>{_e(counts)}</p>")
    out.append('<table id="audit-table"><thead><tr>')
    for h in (t["col_severity"], t["col_check"], t["col_year"], t["col_message"]):
        out.append(f'<th scope="col">{_e(h)}</th>')
    out.append("</tr></thead><tbody>")
    sev_labels = _SEVERITY_LABELS[lang]
    check_labels = _CHECK_LABELS[lang]
    for f in audit_report:
        colour = _SEVERITY_COLOURS.get(f.severity, "#444")
        parent = (parents or {}).get((f.region, f.indicator_id), "")
        text = _finding_text_vi(f, multi_region, parent) if lang == "vi" else f.message
        key = (f.region if multi_region else "", f.indicator_id)
        english = (names_en or {}).get(key)
        if lang == "en" and english and f.name_vi and f.check != "composition_sum":
            text = text.replace(f.name_vi, english, 1)  # the English page names rows in English
        if lang == "en" and f.check == "composition_sum" and f.name_vi:
            shares = f.name_vi.split(" + ")
            shown = [(share_en or {}).get((key[0], f.indicator_id, s), s) for s in shares]
            text = text.replace(f.name_vi, " + ".join(shown), 1)
        out.append(
            f'<tr data-check="{_e(f.check)}" data-severity="{_e(f.severity)}" '
            f'data-audit-id="{_e(f.indicator_id)}" data-region="{_e(f.region)}">'
            f'<td style="color:{colour};font-weight:600">'
            f"{_e(sev_labels.get(f.severity, f.severity))}</td>"
            f"<td>{_e(check_labels.get(f.check, f.check))}</td>"
            f'<td class="n">{int(f.year)}</td><td>{_e(text)}</td></tr>')
    out.append("</tbody></table></section>")
    return "\n".join(out)


#: The plan-record note of :func:`sonla_forecast.assess` (English), for the Vietnamese page.
#: The assessment's English notes that the Vietnamese page words in Vietnamese: pattern, text.
_NOTES_VI = (
    (re.compile(r"(?P<n>\d+) target\(s\) have a full-year figure for (?P<year>\d{4}) in the "
                r"table \((?P<items>.*)\): that is the outcome; the forecast, made as before "
                r"the year, does not use it \(compare with backtest\)"), "outcome_known_note"),
    (re.compile(r"(?P<n>\d+) target\(s\) have no actual or estimate for (?P<year>\d{4}) and "
                r"start from an older figure \((?P<items>.*)\): their need per year and their "
                r"forecast run over the years since"), "older_baseline_note"),
    (re.compile(r"(?P<n>\d+) target\(s\) that the past pace would reach \(feasibility ratio "
                r"at most 1\) are unlikely by the model \(P below 0\.3\): (?P<items>.*): the "
                r"model does not extend a past pace at full strength, and on steady indicators "
                r"it has understated such probabilities \(methods, 'Why a target that the past "
                r"pace would reach can still be unlikely'\)"), "past_pace_note"),
    (re.compile(r"every target with a figure before (?P<target2>\d{4}) starts from a figure of "
                r"(?P<span>\d{4}(?:-\d{4})?), (?P<h>\d+) "
                r"year\(s\) or more before (?P<target>\d{4}) \(the table has no actual or "
                r"estimate for (?P<year>\d{4})\): the need per year and the forecasts run over "
                r"the years since"), "all_older_baseline_note"),
    (re.compile(r"year-to-date figures of earlier years are not used \((?P<items>.*)\): such "
                r"a figure updates only the forecast of its own year, and the history needs the "
                r"year's full figure \(its estimate: kind 'estimate', no period\)"),
     "earlier_ytd_note"),
    (re.compile(r"model '(?P<model>[^']+)' with (?P<settings>.+)"), "settings_note"),
    (re.compile(r"model 'ets': (?P<k>\d+) of (?P<n>\d+) series have fewer than "
                r"(?P<min_obs>\d+) contiguous observations; the naive model stands in for them"),
     "ets_note"),
    (re.compile(r"the model was fitted to (?P<total>\d+) series: the (?P<k>\d+) "
                r"(?:targets'|target's) and "
                r"(?P<m>\d+) other series of the table with two or more observations, as peers "
                r"\(they get no probability\)"), "peers_note"),
    (re.compile(r"regions (?P<names>.+) differ only in their diacritics: (?P<n>\d+) regions to "
                r"the library; if one is a typo, correct it"), "region_spelling_note"),
    (re.compile(r"regions (?P<names>.+) differ only in their diacritics: (?P<n>\d+) regions to "
                r"the library; if one is a typo, correct it \((?P<idle>.+) without a target for "
                r"(?P<year>\d{4}): the figures under (?:that name|those names) are not in the "
                r"other spelling's series\)"),
     "region_spelling_peers_note"),
)

#: A scale's name in a Vietnamese note (the unit-across-regions note).
_SCALE_VI = {"percent": "tỷ lệ (%)", "count": "số đếm", "level": "giá trị tuyệt đối"}
#: The note naming indicators written on other scales or units across regions (its ids are
#: shown with their Vietnamese names on the Vietnamese page: ``_named_ids``).
_UNITS_NOTE = re.compile(
    r"(?P<k>\d+) indicator\(s\) written on more than one (?P<what>unit|scale) across regions: "
    r"(?P<items>.+): the model (?:pools its regions' yearly changes, which are unlike on "
    r"different scales|compares its regions' levels, which a unit of another magnitude "
    r"moves); write each in one (?:unit|scale) in every region")


def _named_ids(text: str, names: dict[str, str]) -> str:
    """``id (`` in a note as ``“Vietnamese name” (id: ``, for the ids ``names`` knows."""
    return re.sub(r"(?<![\w“])(\w+) \((?=\S)",
                  lambda w: f"“{names[w[1]]}” ({w[1]}: " if names.get(w[1]) else w[0], text)


#: An indicator id in a note's list of items, and its region in brackets where it has one
#: (``urbanization_rate``, ``do-thi-hoa (Lai Châu (tỉnh))``).
_ITEM_ID = r"(?<![\w“.-])([\w.-]+)( \((?:[^()]|\([^()]*\))+\))?"


def _items_named(text: str, names: dict[str, str], tail: str,
                 render: Callable[[re.Match[str]], str]) -> str:
    """Each ``id (region)`` of a note's items followed by ``tail`` (a pattern, whose groups
    are numbered from 3) as ``“Vietnamese name” (region)`` for the ids ``names`` knows, and
    the tail as ``render`` writes it from the match."""
    return re.sub(_ITEM_ID + tail, lambda w: (
        (f"“{names[w[1]]}”" if names.get(w[1]) else w[1]) + (w[2] or "") + render(w)), text)


def _few_vi(items: str, noun: str) -> str:
    """A list of a note as :func:`sonla_forecast._text.first_few` writes it ("a, b and 4
    more"), its tail in Vietnamese ("a, b và 4 chuỗi khác", ``noun`` naming what they are)."""
    return re.sub(r" and (\d+) more$", rf" và \1 {noun} khác", items)


def _refclass_note_vi(m: re.Match[str]) -> str:
    parts = []
    if m["one"]:
        parts.append(f"{m['one']} chuỗi lấy các chỉ tiêu khác cùng thang đo trong bảng làm nhóm "
                     "tham chiếu (không có địa phương khác)")
    if m["pooled"]:
        ids = f" ({_few_vi(m['ids'], 'chuỗi')})" if m["ids"] else ""
        parts.append(f"{m['pooled']} chuỗi{ids} có ít hơn {m['min']} bước thay đổi một năm "
                     "trong nhóm tham chiếu nên dùng các bước của mọi chỉ tiêu cùng họ thang đo "
                     "(hoặc của tất cả)")
    return (f"Mô hình 'refclass' (trên {m['n']} chuỗi số liệu): " + "; ".join(parts)
            + ", nên khoảng dự báo của chúng phản ánh mức khác nhau trong biến động của các chỉ "
            "tiêu đó" + _weight_vi(m) + ".")


def _plan_record_model_note_vi(m: re.Match[str]) -> str:
    split = (f"{m['k']} lần đạt đúng kế hoạch, {m['m']} lần hụt hoặc vượt" if m["k"] else
             "không tách riêng các lần đạt đúng kế hoạch")
    text = (f"Mô hình 'plan_record': học từ {m['n']} cặp (kế hoạch, kết quả) của {m['s']} chuỗi "
            f"số liệu ({split})")
    if m["weak"]:
        text += ("; vì có ít lần lệch khỏi kế hoạch, độ phân tán chủ yếu dựa vào phân phối tiên "
                 "nghiệm yếu")
    if m["mixed"]:
        text += (f"; {m['mixed']} chuỗi lấy độ phân tán từ toàn bộ các chuỗi gộp lại (tốc độ "
                 "tăng tính bằng điểm cùng với các chỉ tiêu thang log, mỗi nhóm tính theo mức "
                 "thay đổi hằng năm của chính nó), là phương án cuối cùng")
    return text + _weight_vi(m) + "."


def _weight_vi(m: re.Match[str]) -> str:
    return f" (trọng số {m['w'].replace('.', ',')} trong mô hình kết hợp)" if m["w"] else ""


#: A component's note in the combination ends with its weight.
_WEIGHT = r"(?: \(weight (?P<w>[\d.]+) in the combination\))?"

#: Notes of the non-default models, rendered in Vietnamese by a function of the match.
_MODEL_NOTES_VI: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"model 'refclass' \(of (?P<n>\d+) series\): "
                r"(?:(?P<one>\d+) series have as peers the table's other indicators of their "
                r"scale \(no other region\))?(?:; )?"
                r"(?:(?P<pooled>\d+) series (?:\((?P<ids>.+?)\) )?have fewer than (?P<min>\d+) "
                r"one-year steps among "
                r"their peers and take the steps of every indicator of their scale family "
                r"\(or of all\))?, so their intervals span how differently those indicators "
                r"moved" + _WEIGHT), _refclass_note_vi),
    (re.compile(r"model 'plan_record': learnt from (?P<n>\d+) \(plan, outcome\) pairs of "
                r"(?P<s>\d+) series \((?:(?P<k>\d+) met exactly, (?P<m>\d+) missed or beaten|"
                r"exact hits not told apart)\)"
                r"(?P<weak>; with so few misses its spread rests mostly on its weak prior)?"
                r"(?:; (?P<mixed>\d+) series (?:takes its|take their) spread from all series "
                r"pooled, growth rates \(points\) with log-scale indicators, each in units of "
                r"its own yearly change, a last resort)?"
                + _WEIGHT), _plan_record_model_note_vi),
    (re.compile(r"each indicator is pooled with the same indicator in the table's other "
                r"regions \((?P<n>\d+) regions? with targets\): a region's probabilities depend "
                r"on the regions the table holds \(methods\.md, peer groups\)"),
     lambda m: (f"Mỗi chỉ tiêu được ước lượng chung với cùng chỉ tiêu đó ở các địa phương khác "
                f"trong bảng ({m['n']} địa phương có chỉ tiêu kế hoạch), nên xác suất đạt của "
                "mỗi địa phương phụ thuộc vào việc bảng gồm những địa phương nào.")),
    (re.compile(r"(?P<n>\d+) indicator\(s\) have series in one region only \((?P<ids>.+)\): "
                r"no other region's series of them to pool with \(methods\.md, peer groups\)"),
     lambda m: (f"{m['n']} chỉ tiêu chỉ có số liệu ở một địa phương ("
                + _few_vi(m["ids"], "chỉ tiêu")
                + "): không có chuỗi số liệu của địa phương khác để ước lượng chung.")),
    (_UNITS_NOTE,
     lambda m: (f"Có {m['k']} chỉ tiêu được ghi theo "
                + ("đơn vị tính" if m["what"] == "unit" else "thang đo")
                + " khác nhau giữa các địa phương: "
                + _few_vi(re.sub(
                    r"(?:\b(percent|count|level) )?\bin (?=\S)",
                    lambda w: (_SCALE_VI[w[1]] + " " if w[1] else "") + "ở ", m["items"]),
                    "chỉ tiêu")
                + ". "
                + ("Mô hình so sánh giá trị của chỉ tiêu giữa các địa phương, mà đơn vị lớn nhỏ "
                   "khác nhau (như tỷ đồng và triệu đồng) làm giá trị chênh nhau nhiều lần; hãy "
                   "ghi mỗi chỉ tiêu theo cùng một đơn vị tính" if m["what"] == "unit" else
                   "Mô hình gộp mức thay đổi hằng năm của chỉ tiêu ở các địa phương, mà mức thay "
                   "đổi trên các thang đo khác nhau thì không so sánh được với nhau; hãy ghi mỗi "
                   "chỉ tiêu theo cùng một thang đo")
                + " ở mọi địa phương.")),
    (re.compile(r"regions (?P<names>.+) differ only in an administrative word \(huyện, thành "
                r"phố, \.\.\.\)(?P<marks> and their diacritics)?: (?P<n>\d+) regions to the "
                r"library, and the figures of one are "
                r"not in the other's series \(no figure before (?P<y1>\d{4}): (?P<nofig>[^;]+)"
                r"(?:; no target for (?P<y2>\d{4}): (?P<notgt>.+))?\); if they are one place, "
                r"write one name"),
     lambda m: (f"Các tên địa phương {m['names']} chỉ khác nhau ở từ chỉ loại đơn vị hành chính "
                "(huyện, thành phố, thị xã… hoặc viết tắt như H., TP.)"
                + (" và ở dấu" if m["marks"] else "") + ": công cụ coi đây là "
                f"{m['n']} địa phương khác nhau, số liệu ghi dưới tên nào chỉ được tính vào chuỗi "
                f"số liệu của tên đó ({m['nofig']} không có số liệu trước năm {m['y1']}"
                + (f"; {m['notgt']} không có chỉ tiêu kế hoạch năm {m['y2']}" if m["notgt"]
                   else "")
                + "). Nếu đây là cùng một địa phương, hãy ghi thống nhất một tên.")),
    (re.compile(r"model '(?P<name>[^']+)' was left out of the combination: it could not be "
                r"fitted \((?P<why>.*)\)", re.S),
     lambda m: (f"Mô hình {_model_vi(m['name'])} không được dùng trong mô hình kết hợp vì "
                f"không ước lượng được trên bảng này ({_why_vi(m['why'])}).")),
)


_PLAN_RECORD_NOTE = re.compile(
    r"plan record: (?P<met>\d+) of (?P<n>\d+) targets for (?P<year>\d{4}) met by the reported "
    r"outcome(?: \((?P<equal>\d+) outcomes? equal to the plan, as year-end estimates often "
    r"are\))?")


#: The note of :func:`sonla_forecast.assess` on indicators without a target that year.
_UNTARGETED_NOTE = re.compile(
    r"no target for (?P<year>\d{4}) in the table for (?P<n>\d+) indicator\(s\) with plans "
    r"for other years: (?P<items>.+?)(?: and (?P<more>\d+) more)?")


def _notes(assessment: Assessment, frame: pd.DataFrame, lang: str, t: dict[str, str],
           multi_region: bool, parents: dict[tuple[str, str], str]) -> str:
    """The section "before reading"; ``parents``: :func:`_parent_ids` of the table."""
    n_hist = pd.to_numeric(frame["n_history"], errors="coerce").dropna()
    items = []
    # each indicator's Vietnamese name, for the notes that name its id
    vi_names = {str(i): str(n) for i, n in zip(frame["indicator_id"], frame["name_vi"],
                                               strict=True) if isinstance(n, str) and n}
    if len(n_hist):
        med = float(n_hist.median())
        # short: fewer years than the longest history the default is validated on (M3, K = 6)
        items.append(t["caveat_history" if med < SHORT_HISTORY_YEARS else "caveat_history_long"]
                     .format(
            n=format_number(med, lang, 0 if med.is_integer() else 1),
            years="year" if med == 1 else "years"))
    # a sub-row: a parent in the table, or a share of a structure known by its id (named on the
    # page under its structure, "Cơ cấu kinh tế: ...", though the table gives no parent)
    parts = sum(bool(_group_of(parents.get((str(r), str(i))), i)) for r, i in
                zip(frame["region"], frame["indicator_id"], strict=True))
    if parts:
        items.append(t["caveat_parts"].format(year=int(assessment.target_year), k=parts,
                                              n=len(frame)))
    items.append(t["caveat_measures"])
    if assessment.model in ("drift", "combination"):  # the models with constants from M3
        items.append(t["caveat_transfer"])
        rate = (frame["scale"] == "rate").to_numpy() & frame["probability"].notna().to_numpy()
        several = frame.loc[frame["scale"] == "rate", "region"].nunique() > 1
        if rate.any() and not several:  # a lone growth rate takes M3's level
            items.append(t["caveat_rate"])
    band = frame[(frame["direction"] == "band") & frame["probability"].notna()]
    if len(band):
        tols = sorted({float(x) for x in band["tolerance"]})
        pct = (band["scale"] == "percent").all()
        shown = "; ".join(format_number(x, lang, _decimals_of(x)) for x in tols)
        unit = (" điểm phần trăm" if lang == "vi" else " pp") if pct else ""
        items.append(t["caveat_band"].format(tol=shown + unit))
    if lang == "vi":
        for r in cast("list[dict[str, Any]]", frame.to_dict("records")):
            if r.get("direction_source") in ("plan", "default", "name"):
                items.append(t["direction_note"].format(
                    name=indicator_label(r, lang, multi_region),
                    direction=_DIRECTION_VI.get(str(r["direction"]), str(r["direction"])),
                    how=_HOW_VI.get(str(r["direction_source"]), str(r["direction_source"]))
                    + (" hoặc tên nhóm (cơ cấu)" if r["direction"] == "band"
                       and r["direction_source"] == "name" else "")))
        for note in assessment.notes:
            record = _PLAN_RECORD_NOTE.fullmatch(note)
            untargeted = _UNTARGETED_NOTE.fullmatch(note)
            if record:
                items.append(t["plan_record_note"].format(**record.groupdict()) + (
                    t["plan_record_equal"].format(equal=record["equal"]) if record["equal"]
                    else "") + ".")
                continue
            if untargeted:
                shown = re.sub(r"\(latest plan: (\d{4})\)",
                               lambda y: "(" + t["latest_plan"].format(year=y[1]) + ")",
                               untargeted["items"])
                if untargeted["more"]:
                    shown += t["untargeted_more"].format(n=untargeted["more"])
                items.append(t["untargeted_note"].format(year=untargeted["year"],
                                                         n=untargeted["n"], items=shown))
                continue
            if note.startswith("direction of "):
                continue  # said above, from the table's rows
            for pattern, key in _NOTES_VI:
                found = pattern.fullmatch(note)
                if found:
                    text = t[key].format(**found.groupdict())
                    if key == "older_baseline_note":  # “name” (region): năm 2023
                        text = _items_named(text, vi_names, r" \((\d{4})\)",
                                            lambda w: f": năm {w[3]}")
                    if key == "past_pace_note":  # “name” (region) (tỷ số 1,00; xác suất 0,12)
                        text = _items_named(
                            text, vi_names, r" \(ratio (\d+\.\d+), P = (\d+\.\d+)\)",
                            lambda w: f" (tỷ số {w[3].replace('.', ',')}; xác suất "
                                      f"{w[4].replace('.', ',')})")
                    items.append(text)
                    break
            else:
                # several notes of a combination's models come joined by "; model '..."
                for one in re.split(r"; (?=model ')", note):
                    found_vi = next(((m, render) for pattern, render in _MODEL_NOTES_VI
                                     if (m := pattern.fullmatch(one))), None)
                    # a note with no Vietnamese wording yet is shown, not dropped
                    text = (found_vi[1](found_vi[0]) if found_vi else
                            t["english_note"].format(note=one))
                    if found_vi and found_vi[0].re is _UNITS_NOTE:
                        text = _named_ids(text, vi_names)
                    items.append(text)
    else:
        # the assessment's notes are clauses ("plan record: 27 of 34 ..."): shown as sentences,
        # capitalised where they start with a word (not "window=3 applies ...")
        items.extend((n[:1].upper() + n[1:] if n.split()[0].isalpha() else n)
                     + ("" if n.endswith(".") else ".") for n in assessment.notes if n.strip())
    lis = "".join(f"<li>{_e(x)}</li>" for x in items)
    return f'<section id="notes"><h2>{_e(t["notes_heading"])}</h2><ul class="notes">{lis}' \
           "</ul></section>"


def render_html(
    assessment: Assessment,
    *,
    table: IndicatorTable | pd.DataFrame | str | PathLike[str] | None,
    audit_report: AuditReport | None = None,
    lang: Lang = "vi",
    title: str | None = None,
    charts: bool = True,
    dpi: int = 96,
    generated: str | None = None,
) -> str:
    """One self-contained HTML page reporting an assessment, for readers of Vietnamese or
    English.

    Parameters
    ----------
    assessment : Assessment
        From :func:`sonla_forecast.assess`.
    table : IndicatorTable, DataFrame, CSV path or None
        The table the assessment was made from (a :class:`~sonla_forecast.Resolution` works
        too): the charts draw its history and past plans, and the 70% targets are computed
        from it. Another table is refused (an :class:`InputError`), when the assessment knows
        its own (:attr:`Assessment.table`). ``None``: the charts show only the baseline, the
        target and the forecast.
    audit_report : AuditReport, optional
        From :func:`sonla_forecast.audit`; its findings close the page.
    lang : {"vi", "en"}, default "vi"
        Language of every label, status and indicator name (``name_vi`` or ``name_en``,
        falling back to the id), and of number formatting (``21.130``/``8,17`` in
        Vietnamese, ``21,130``/``8.17`` in English).
    title : str, optional
        Page title; default "Đánh giá khả năng hoàn thành các chỉ tiêu kế hoạch kinh tế - xã
        hội năm {year}" (or its English), followed by the region, or the regions when the
        table has two to four.
    charts : bool, default True
        Draw the fan charts (needs matplotlib). ``False`` leaves them out.
    dpi : int, default 96
        Resolution of the charts (each 5 x 3.2 inches).
    generated : str, optional
        A date or time to print in the footer. The page has none by default, so that the
        same inputs give the same page.

    Returns
    -------
    str
        The HTML document (UTF-8 text). Sections, in order: ``#headline`` (expected number
        met, ``#expected-met``, and its 80% interval, ``#count-interval``; neither when no
        target has a probability), ``#targets``
        (table ``#targets-table``, one ``<tr data-id=... data-region=...>`` per target,
        sorted by probability, lowest first; ``#partials`` when a year-to-date figure was
        used), ``#revisions`` (targets revised during the year, if any), ``#p70`` (the
        targets with a 70% chance, ``<tr data-p70-id=... data-region=...>``), ``#charts``
        (one ``<figure>`` per target with an embedded PNG; a notice ``#charts-missing`` if
        matplotlib is not installed), ``#audit`` (``<tr data-check=... data-severity=...
        data-audit-id=... data-region=...>`` per finding) and ``#notes``.

    Raises
    ------
    InputError
        If ``lang`` is not ``"vi"`` or ``"en"``, or an argument is not of its kind (an
        assessment that is not an :class:`Assessment`, a table that cannot be read).

    Notes
    -----
    The expected number of targets met is :math:`\\sum_i p_i` over the targets with a
    probability; its interval is from :func:`expected_count` (independent targets).
    Every text is escaped with :func:`html.escape`; the page loads nothing from the network.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> table = sf.load_sonla_2025()
    >>> res = sf.assess(table, target_year=2025)
    >>> page = sf.render_html(res, table=table, lang="en", charts=False)
    >>> page.startswith("<!DOCTYPE html>"), "Poverty rate" in page
    (True, True)
    """
    from .audit import AuditReport
    from .plot import require_assessment

    _check_lang(lang)
    require_assessment(assessment)
    if audit_report is not None and not isinstance(audit_report, AuditReport):
        raise InputError(f"audit_report must be an AuditReport (sf.audit(...)), got "
                         f"{type(audit_report).__name__}", column="audit_report")
    if int(dpi) != dpi or dpi < 20:
        raise InputError(f"dpi must be a whole number >= 20, got {dpi!r}", column="dpi",
                         value=dpi)
    t = _T[lang]
    frame = assessment.to_frame()
    year = int(assessment.target_year)
    regions = named_regions(frame)
    multi_region = len(regions) > 1
    if title is None:
        title = t["title"].format(year=year)
        if 1 <= len(regions) <= 4:  # none named: a table without regions
            title += f" – {', '.join(regions)}"
    sources = ", ".join(dict.fromkeys(_source_text(str(s), lang) for s in frame["source"]
                                      if str(s))) or "–"
    rows = _sorted_rows(frame)
    table_rows = None if assessment.table is None else assessment.table.to_frame()
    parents = _parent_ids(table_rows)  # a share is named with its group (Vietnamese)
    printed = _printed_decimals(table_rows)
    for r in rows:
        r["parent_id"] = parents.get((str(r["region"]), str(r["indicator_id"])), "")
        r["printed_decimals"] = printed.get((str(r["region"]), str(r["indicator_id"])))
    meta = t["meta"].format(year=year, source=sources, model=_model_name(assessment.model, lang))

    from . import __version__ as pkg_version

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(meta)}'
        "</p></header>",
        _headline(frame, lang, t),
        f'<section id="targets"><h2>{_e(t["table_heading"])}</h2>',
        # a name links to its chart only where the charts are drawn
        _target_table(rows, lang, t, year, multi_region, charts and _have_matplotlib()),
        _partials(rows, lang, t, year, multi_region),
        f'<p class="explain">{t["explain"].format(year=year)}</p></section>',
    ]
    from .plot import _table_frame, require_assessed_table

    # The table's frame, read once for the charts and the English names. A DataFrame that
    # read_table refuses as given (a revised target, say) leaves the charts unable to draw (the
    # error is raised there) and the names to the rows; the 70% section says why itself.
    try:
        table_frame, unread = _table_frame(table), None
    except InputError as exc:
        table_frame, unread = None, exc
    # its history would be charted, and its 70% targets computed, beside these rows
    require_assessed_table(assessment, table, table_frame, "render_html")
    parts.append(_revisions(rows, lang, t, multi_region))
    parts.append(_seventy(assessment, table, rows, lang, t, multi_region))
    if charts:
        if unread is not None:
            raise unread
        parts.append(_charts(assessment, rows, table_frame, lang, t, multi_region, int(dpi)))
    # English names of every indicator of the table (an audit finding may concern one without
    # a target this year, such as the yearly indicator of a multi-year target), then the rows'.
    named: list[dict[str, Any]] = list(rows)
    if table_frame is not None:
        first = table_frame.drop_duplicates(["region", "indicator_id"])
        named = cast("list[dict[str, Any]]", first.to_dict("records")) + named
    names_en = {(str(r.get("region") or "") if multi_region else "", str(r["indicator_id"])):
                str(r.get("name_en") or "").strip()
                for r in named if str(r.get("name_en") or "").strip()}
    # a composition's finding names its shares by their Vietnamese names, joined by " + ":
    # looked up under the group (two groups may both have a share called "Dịch vụ")
    share_en = {(str(r.get("region") or "") if multi_region else "",
                 _group_of(r.get("parent_id"), r["indicator_id"]),
                 str(r.get("name_vi"))): str(r.get("name_en") or "").strip()
                for r in named if str(r.get("name_en") or "").strip() and r.get("name_vi")}
    parts.append(_audit(audit_report, lang, t, multi_region, names_en, share_en, parents))
    parts.append(_notes(assessment, frame, lang, t, multi_region, parents))
    footer = t["footer"].format(version=pkg_version)
    if generated is not None:
        footer += " " + t["generated"].format(when=_date_text(generated, lang))
    parts.append(f"<footer>{_e(footer)}</footer>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)
