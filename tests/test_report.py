"""Tests of the HTML report (:func:`sonla_forecast.report.render_html`) and ``sonla-forecast
report``.

The page is parsed with the standard library's :class:`html.parser.HTMLParser`; the numbers
it shows are parsed back and compared with :meth:`Assessment.to_frame`. The image tests need
matplotlib (installed by the ``test`` extra) and fail, not skip, when it is missing.
"""

from __future__ import annotations

import base64
import html
import itertools
import math
import re
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import sonla_forecast as sf
from sonla_forecast.cli import main
from sonla_forecast.datasets import load_sonla_2025_resolution
from sonla_forecast.report import (
    PLOT_EXTRA_HINT,
    STATUS_LABELS,
    expected_count,
    format_number,
    render_html,
    status_label,
)

FIXTURES = Path(__file__).parent / "fixtures"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """What the tests read from a report: target rows, headline, images, links."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, Any]] = []
        self.urls: list[str] = []
        self.images: list[str] = []
        self.tags: list[str] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.audit_rows: list[dict[str, str]] = []
        self.text: list[str] = []
        self._row: dict[str, Any] | None = None
        self._cell: str | None = None
        self._capture: str | None = None
        self._audit: dict[str, str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        for key in ("src", "href"):
            if key in a:
                self.urls.append(a[key])
        if tag == "img":
            self.images.append(a.get("src", ""))
        if "id" in a:
            self.ids[a["id"]] = a
        if a.get("id") == "expected-met":
            self._capture = "expected"
            self.expected_text = ""
        if tag == "tr" and "data-id" in a:
            self._row = {
                "id": a["data-id"],
                "region": a.get("data-region", ""),
                "status": a.get("data-status", ""),
                "name": "",
                "p": "",
                "status_text": "",
            }
        if tag == "tr" and "data-check" in a:
            self._audit = dict(a)
        if self._row is not None and tag == "td":
            self._cell = a.get("class", "")
        if self._row is not None and tag == "span" and a.get("class") == "pv":
            self._cell = "pv"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        if tag == "tr" and self._audit is not None:
            self.audit_rows.append(self._audit)
            self._audit = None
        if tag == "span" and self._capture == "expected":
            self._capture = None
        if tag in ("td", "span") and self._cell == "pv":
            self._cell = "p"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._capture == "expected":
            self.expected_text += data
        if self._row is not None and self._cell == "name" and not self._row["name"]:
            self._row["name"] = data.strip()
        if self._row is not None and self._cell == "pv":
            self._row["p"] += data
        if self._row is not None and self._cell == "status":
            self._row["status_text"] += data


def parse_number(text: str, lang: str) -> float:
    """Inverse of :func:`format_number`."""
    s = text.strip().rstrip("%")
    if lang == "vi":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    return float(s)


@pytest.fixture(scope="module")
def table(sonla_table: sf.IndicatorTable) -> sf.IndicatorTable:
    return sonla_table


@pytest.fixture(scope="module")
def res(sonla: sf.Assessment) -> sf.Assessment:
    return sonla


@pytest.fixture(scope="module")
def audit_report() -> sf.AuditReport:
    return sf.audit(load_sonla_2025_resolution())


@pytest.fixture(scope="module")
def pages(
    res: sf.Assessment, table: sf.IndicatorTable, audit_report: sf.AuditReport
) -> dict[str, str]:
    # Charts in the Vietnamese page only, at dpi 40, to keep the suite fast; the English
    # charts differ only in their labels (tests/test_plot.py draws one).
    return {
        lang: render_html(
            res, table=table, audit_report=audit_report, lang=lang, dpi=40, charts=lang == "vi"
        )
        for lang in ("vi", "en")
    }


@pytest.fixture(scope="module")
def parsed(pages: dict[str, str]) -> dict[str, Page]:
    return {lang: Page(text) for lang, text in pages.items()}


# ------------------------------------------------------------------ content vs to_frame()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_target_has_one_row_with_its_name(
    res: sf.Assessment, parsed: dict[str, Page], lang: str
) -> None:
    frame = res.to_frame()
    rows = parsed[lang].rows
    assert sorted(r["id"] for r in rows) == sorted(frame["indicator_id"])
    col = "name_vi" if lang == "vi" else "name_en"
    for rec in frame.to_dict("records"):
        want = rec[col] or rec["indicator_id"]
        if lang == "vi" and rec["indicator_id"].startswith("structure_"):
            # a share printed under its group's heading is named with it ("Dịch vụ" alone
            # read as another indicator; a planner's review)
            want = f"Cơ cấu kinh tế: {want}"
        row = next(r for r in rows if r["id"] == rec["indicator_id"])
        assert row["name"] == want


def test_a_large_jump_in_vietnamese_keeps_a_slip_visible_and_a_symbol_as_printed() -> None:
    # 21,130 then 2.1 (a decimal slip) read "chỉ bằng 0,0%", and the unit "Mbps" became
    # "mbps" (review of this session's commits).
    from sonla_forecast.audit import Finding
    from sonla_forecast.report import _finding_text_vi

    def jump(published: float, recomputed: float, unit: str) -> str:
        return _finding_text_vi(Finding(
            check="large_jump", severity="warning", region="", indicator_id="x", name_vi="X",
            year=2024, kind="estimate", published=published, recomputed=recomputed,
            tolerance=None, message="", compared_year=2023, compared_kind="actual", unit=unit))

    assert "là 2,1 tỷ đồng, chỉ bằng 0,0099% so với thực hiện năm 2023 (21.130 tỷ đồng)" in \
        jump(2.1, 21130.0, "Tỷ đồng")
    assert "là 40 Mbps, gấp 8,0 lần so với thực hiện năm 2023 (5 Mbps)" in jump(40, 5, "Mbps")
    assert "(5 triệu USD)" in jump(40, 5, "Triệu USD") and "(5) trong" in jump(40, 5, "")
    # Vietnamese unit words are lowercased in a sentence, ASCII ones too; symbols are not
    for unit, shown in (("Doanh nghiệp", "doanh nghiệp"), ("Ha", "ha"), ("Con", "con"),
                        ("Ωm", "Ωm"), ("USD", "USD")):
        assert f"là 40 {shown}," in jump(40, 5, unit), unit
    # a change in points (the audit says "+43.8 points") in points too, whatever the spelling
    # (a regression review: 'pp (%)' read "gấp 37,5 lần")
    for unit in ("pp (%)", "điểm %", "% points"):
        assert ("là 45 điểm %, tăng 43,8 điểm phần trăm so với thực hiện năm 2023 (1,2 điểm %)"
                in jump(45.0, 1.2, unit)), unit


def test_a_ratio_mismatch_in_vietnamese_names_the_side_of_its_tolerance() -> None:
    # the tolerance is one-sided (the rounding of the two figures allows more one way): it
    # was printed "±"
    from sonla_forecast.audit import Finding
    from sonla_forecast.report import _finding_text_vi

    def mismatch(published: float) -> str:
        return _finding_text_vi(Finding(
            check="ratio_mismatch", severity="error", region="", indicator_id="x",
            name_vi="X", year=2024, kind="estimate", published=published, recomputed=101.69,
            tolerance=0.164, message="", compared_year=2023, compared_kind="actual",
            unit="Tỷ đồng"))

    assert "được phép thấp hơn số tính lại tối đa 0,16 điểm phần trăm" in mismatch(101.5)
    assert "được phép cao hơn số tính lại tối đa 0,16 điểm phần trăm" in mismatch(101.9)
    assert "±" not in mismatch(101.5)


def test_a_ratio_without_a_published_figure_reads_in_vietnamese() -> None:
    # a ratio row left blank is reported as not checked (its published figure is None)
    from sonla_forecast.audit import Finding
    from sonla_forecast.report import _finding_text_vi

    f = Finding(check="ratio_unverifiable", severity="info", region="", indicator_id="x",
                name_vi="X", year=2024, kind="estimate", published=None, recomputed=None,
                tolerance=None, message="", compared_year=2023, compared_kind="actual",
                unit="Tỷ đồng")
    assert _finding_text_vi(f) == ("X: tỷ lệ ước thực hiện năm 2024 so với thực hiện năm 2023 "
                                   "không có số liệu công bố, nên không được kiểm tra.")
    # as the audit stores a blank cell (NaN), and a denominator that is not > 0: the table has
    # the figure, it is just no base for a ratio (read "bảng thiếu số liệu" before)
    assert _finding_text_vi(replace(f, published=math.nan)) == _finding_text_vi(f)
    t = sf.read_table(pd.DataFrame({"indicator_id": "g", "name_vi": "G", "unit": "%",
                                    "scale": "rate", "year": [2023, 2024],
                                    "kind": ["actual", "estimate"], "value": [-2.5, 3.0]}))
    ratios = pd.DataFrame({"indicator_id": ["g"], "numerator_year": [2024],
                           "numerator_kind": ["estimate"], "denominator_year": [2023],
                           "denominator_kind": ["actual"], "published": [-120.0],
                           "decimals": [0]})
    [g] = sf.audit(t, ratios=ratios).findings
    assert _finding_text_vi(g) == ("G: tỷ lệ ước thực hiện năm 2024 so với thực hiện năm 2023 "
                                   "công bố là -120% nhưng không tính lại được: thực hiện năm "
                                   "2023 là -2,5%, không lớn hơn 0.")


def test_english_notes_are_sentences_without_capitalising_a_parameter() -> None:
    # "window=3 applies ..." had become "Window=3 applies ..." (review of this session's commits)
    table = sf.datasets.load_sonla_five_year()
    res = sf.assess(table, target_year=2025, window=3)
    (note,) = [n for n in res.notes if n.startswith("window=3 applies")]
    page = html.unescape(sf.render_html(res, table=table, lang="en", charts=False))
    assert f"<li>{note.rstrip('.')}.</li>" in page and "Window=3" not in page


def test_vietnamese_findings_read_for_a_lower_is_better_rate_and_name_a_share_s_group(
        pages: dict[str, str]) -> None:
    # A CPI growth planned above the latest read "... tăng nhanh hơn năm 2024, không phải quy
    # mô giảm đi", which says nothing of why it is worse; the shares' findings named "Dịch vụ"
    # alone (a planner's second reading).
    from sonla_forecast.audit import Finding
    from sonla_forecast.report import _finding_text_vi, _probability

    cpi = Finding(check="rate_below_current", severity="info", region="", indicator_id="cpi",
                  name_vi="Chỉ số giá tiêu dùng", year=2025, kind="plan", published=4.5,
                  recomputed=3.5, tolerance=None, message="", compared_year=2024,
                  compared_kind="estimate", unit="%")
    assert _finding_text_vi(cpi) == (
        "Chỉ số giá tiêu dùng: kế hoạch năm 2025 là 4,5%, cao hơn ước thực hiện năm 2024 "
        "(3,5%), dù chỉ tiêu càng thấp càng tốt. Tốc độ tăng tính riêng cho từng năm, nên đây "
        "là kế hoạch tăng nhanh hơn năm 2024.")
    assert "Cơ cấu kinh tế: Dịch vụ: kế hoạch năm 2025 là 41%" in html.unescape(pages["vi"])
    # a probability that rounds to 0 or 1 is not shown as a certainty
    assert [_probability(p, "vi") for p in (0.003, 0.9961, 1.0, 0.0, 0.5)] == [
        "<1%", ">99%", "100%", "0%", "50%"]


def test_a_share_is_named_with_its_own_group_once() -> None:
    # The prefix went by the share's id: labour shares given the economic ids under "Cơ cấu lao
    # động" read "Cơ cấu kinh tế: Dịch vụ"; a name with two spaces or another "Cơ cấu" got it
    # twice (review of this session's commits).
    from sonla_forecast.report import indicator_label

    def label(name: str, parent: str) -> str:
        return indicator_label({"indicator_id": "structure_services", "name_vi": name,
                                "parent_id": parent, "region": ""}, "vi", False)

    assert label("Dịch vụ", "economic_structure") == "Cơ cấu kinh tế: Dịch vụ"
    assert label("Dịch vụ", "co_cau_lao_dong") == "Dịch vụ"
    # no parent given (a table without parent_id, a chart without its table): the group the
    # glossary knows the id in, as the audit groups the shares (review of the last fixes)
    assert label("Dịch vụ", "") == "Cơ cấu kinh tế: Dịch vụ"
    from sonla_forecast.plot import plot_target

    res = sf.assess(sf.load_sonla_2025(), target_year=2025)
    assert plot_target(res, "structure_services", lang="vi").axes[0].get_title(
        loc="left") == "Cơ cấu kinh tế: Dịch vụ"
    for named in ("Cơ cấu  kinh tế: Dịch vụ", "Cơ cấu\u00a0kinh tế: Dịch vụ",
                  "Cơ cấu GRDP: Dịch vụ"):
        assert label(named, "economic_structure") == named
    assert indicator_label({"indicator_id": "structure_services", "name_en": "Services",
                            "parent_id": "economic_structure", "region": ""}, "en",
                           False) == "Services"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_probability_shown_matches_frame(
    res: sf.Assessment, parsed: dict[str, Page], lang: str
) -> None:
    frame = res.to_frame().set_index("indicator_id")
    for row in parsed[lang].rows:
        p = float(frame.loc[row["id"], "probability"])
        assert row["p"].endswith("%")
        if row["p"] in (">99%", "<1%"):  # not certain, though it rounds to it
            assert (0.995 <= p < 1.0) if row["p"] == ">99%" else (0.0 < p < 0.005), row
            continue
        # Shown as a whole percent: within half a point (plus float slack).
        assert abs(parse_number(row["p"], lang) / 100.0 - p) <= 0.005 + 1e-9, row


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rows_sorted_by_probability_lowest_first(
    res: sf.Assessment, parsed: dict[str, Page], lang: str
) -> None:
    frame = res.to_frame().set_index("indicator_id")
    p = [float(frame.loc[r["id"], "probability"]) for r in parsed[lang].rows]
    assert p == sorted(p)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_statuses_translated(res: sf.Assessment, parsed: dict[str, Page], lang: str) -> None:
    for row in parsed[lang].rows:
        assert row["status_text"] == STATUS_LABELS[lang][row["status"]]
    want = res.to_frame().set_index("indicator_id")["status"].to_dict()
    assert {r["id"]: r["status"] for r in parsed[lang].rows} == want


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_headline_is_sum_of_probabilities(
    res: sf.Assessment, parsed: dict[str, Page], lang: str
) -> None:
    page = parsed[lang]
    total = float(np.nansum(res.to_frame()["probability"]))
    # Printed with one decimal.
    assert abs(parse_number(page.expected_text, lang) - total) <= 0.05 + 1e-9
    _, lo, hi = expected_count(res.to_frame()["probability"], 0.8)
    assert page.ids["count-interval"]["data-lower"] == str(lo)
    assert page.ids["count-interval"]["data-upper"] == str(hi)
    assert lo <= total <= hi


def test_vietnamese_labels_and_numbers(pages: dict[str, str]) -> None:
    vi, en = pages["vi"], pages["en"]
    for label in ("Xác suất đạt", "Chỉ tiêu", "Thay đổi cần đạt/năm", "Thay đổi đã đạt/năm",
                  "Trạng thái"):
        assert label in vi
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    # investment_total: baseline 21130 and target 23000, printed Vietnamese- and English-style.
    assert "21.130" in vi and "23.000" in vi and "8,17" in vi
    assert "21,130" in en and "23,000" in en and "8.17" in en


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_audit_findings_listed(
    audit_report: sf.AuditReport, parsed: dict[str, Page], lang: str
) -> None:
    rows = parsed[lang].audit_rows
    assert [(r["data-check"], r["data-severity"]) for r in rows] == [
        (f.check, f.severity) for f in audit_report
    ]


def test_audit_in_vietnamese(pages: dict[str, str]) -> None:
    vi = pages["vi"]
    assert "1 lỗi, 7 cảnh báo, 10 thông tin." in vi  # counts of the bundled audit (README)
    # GRDP growth planned below 2024's: a slower rise, not a step back. Every figure is named
    # by its kind and year, with its unit (a planner's review: "mức đã đạt 6,3" had no year).
    assert ("kế hoạch năm 2025 là 5,5%, thấp hơn ước thực hiện năm 2024 (6,3%). Tốc độ tăng "
            "tính riêng cho từng năm, nên đây là kế hoạch tăng chậm hơn năm 2024") in vi
    assert ("ước thực hiện năm 2024 là 92%, tăng 34 điểm phần trăm so với thực hiện năm 2023 "
            "(58%) trong 1 năm. Có thể do thay đổi cách tính hoặc đơn vị?") in vi
    assert ("kế hoạch năm 2024 là 96,1%, thấp hơn thực hiện năm 2023 (98,3%), dù chỉ tiêu "
            "càng cao càng tốt") in vi
    assert ("Thu ngân sách trên địa bàn: kế hoạch năm 2025 là 4.500 tỷ đồng, tăng so với ước "
            "thực hiện năm 2024 (4.100 tỷ đồng), trong khi trước đó số liệu đang giảm từ 4.291 "
            "tỷ đồng (thực hiện năm 2023).") in vi  # the earlier figure, as in English
    # ratio_mismatch of investment_total: published 101.01%, recomputed 100.78% (audit.py),
    # naming which ratio
    assert ("tỷ lệ ước thực hiện năm 2024 so với thực hiện năm 2023 công bố là 101,01%, nhưng "
            "tính lại từ số liệu được 100,78%") in vi
    # the check's name is neutral: a lower-is-better plan above the current level is worse
    assert "Kế hoạch kém hơn mức đã đạt" in vi and "Kế hoạch thấp hơn mức đã đạt" not in vi
    # no English message left in a tooltip of the Vietnamese page
    audit = vi.split('<section id="audit">', 1)[1].split("</section>", 1)[0]
    assert "title=" not in audit and "published ratio" not in audit
    # tourism revenue's unit, "Tý đồng" beside the "Tỷ đồng" of investment and budget revenue
    assert ("Doanh thu từ hoạt động du lịch: đơn vị “Tý đồng” chỉ khác dấu so với “Tỷ đồng”, "
            "đơn vị của 2 chỉ tiêu khác: có thể viết nhầm?") in html.unescape(vi)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_caveats_in_the_notes(pages: dict[str, str], lang: str) -> None:
    from sonla_forecast.report import _T as TEXTS  # the page's own texts

    notes = pages[lang].split('<section id="notes">', 1)[1].split("</section>", 1)[0]
    for key in ("caveat_measures", "caveat_transfer"):
        assert html.escape(TEXTS[lang][key], quote=True) in notes, key
    # the history caveat states the table's own median length (Sơn La 2025: two points)
    assert html.escape(TEXTS[lang]["caveat_history"].format(n=2, years="years"),
                       quote=True) in notes
    # 34 targets, not the resolution's "28 chỉ tiêu": four shares and three sub-rows
    assert html.escape(TEXTS[lang]["caveat_parts"].format(year=2025, k=7, n=34),
                       quote=True) in notes


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_long_history_is_not_called_short(lang: str) -> None:
    # a review (another province, seven years of figures): "The past series are short (a
    # median of 7 years ...)" was printed whatever the length
    from sonla_forecast.report import _T as TEXTS

    rows = [{"indicator_id": "rev", "unit": "Tỷ đồng", "name_vi": "Thu ngân sách",
             "year": y, "kind": "actual", "value": 1000.0 + 80 * (y - 2017) + (y % 3) * 15}
            for y in range(2017, 2025)]
    rows.append({**rows[-1], "year": 2025, "kind": "plan", "value": 1700.0})
    table = sf.read_table(pd.DataFrame(rows))
    page = sf.render_html(sf.assess(table, target_year=2025), table=table, lang=lang,
                          charts=False)
    notes = html.unescape(page.split('<section id="notes">', 1)[1].split("</section>", 1)[0])
    assert TEXTS[lang]["caveat_history_long"].format(n=8) in notes
    assert TEXTS[lang]["caveat_history"].split("(")[0] not in notes


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_note_of_the_assessment_reaches_the_report(lang: str) -> None:
    # The Vietnamese page kept only the plan-record and untargeted notes: the ets fallback,
    # the outcomes already in the table for the target year and the peers the model was
    # fitted to were dropped. The M3 caveat is for the models whose constants come from M3.
    from sonla_forecast.report import _T as TEXTS

    table = sf.load_sonla_2025()
    for model, year, words in (
            ("ets", 2025, "Mô hình 'ets': 34/34 chuỗi có ít hơn 6 quan sát liên tiếp"),
            ("drift", 2024, "34 chỉ tiêu đã có số liệu cả năm 2024 trong bảng")):
        res = sf.assess(table, target_year=year, model=model)
        page = html.unescape(sf.render_html(res, table=table, lang=lang, charts=False))
        notes = page.split('<section id="notes">', 1)[1].split("</section>", 1)[0]
        items = notes.count("<li>")
        english = [n for n in res.notes if not n.startswith("direction of ")]
        assert items >= len(english) + 2  # the caveats, then every note
        if lang == "vi":
            assert words in notes
            assert "(tiếng Anh)" not in notes  # these have Vietnamese wording
        else:
            # each a sentence: capitalised, with its full stop ("plan record: 27 of 34 ...")
            assert all(f"<li>{n[0].upper()}{n[1:].rstrip('.')}.</li>" in notes for n in english)
        assert (TEXTS[lang]["caveat_transfer"] in notes) is (model == "drift")


def test_english_audit_names_rows_in_english() -> None:
    resolution = sf.datasets.load_sonla_2025_resolution()
    res = sf.assess(resolution.table, target_year=2025)
    page = sf.render_html(res, table=resolution.table, audit_report=sf.audit(resolution),
                          lang="en", charts=False)
    audit = page.split('<section id="audit">', 1)[1].split("</section>", 1)[0]
    assert "Total social investment (investment_total): published ratio" in audit
    assert "Tổng vốn đầu tư" not in audit
    # figures grouped in thousands as in the page's tables (21,130, not 21130)
    assert "but 21,130 / 20,967 gives 100.78%" in audit
    assert "the 2025 plan of 4,500 rises from the 2024 estimate of 4,100" in audit


# ------------------------------------------------------------------ self-contained, images


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_external_resources(parsed: dict[str, Page], pages: dict[str, str], lang: str) -> None:
    for url in parsed[lang].urls:
        assert url.startswith(("#", "data:image/png;base64,")), url[:60]
    assert "script" not in parsed[lang].tags and "link" not in parsed[lang].tags
    assert "http://" not in pages[lang] and "https://" not in pages[lang]
    assert "@import" not in pages[lang] and "url(" not in pages[lang]


@pytest.mark.parametrize("lang", ["vi"])
def test_one_png_per_target(res: sf.Assessment, parsed: dict[str, Page], lang: str) -> None:
    import matplotlib  # noqa: F401  # must be installed (test extra): fail, don't skip

    images = parsed[lang].images
    assert len(images) == len(res)
    for src in images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(PNG_SIGNATURE)
    # Each row links to its chart.
    for row in parsed[lang].rows:
        assert f"chart-{row['id']}" in parsed[lang].ids


def test_without_matplotlib_tables_and_notice(
    res: sf.Assessment, table: sf.IndicatorTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    page = Page(render_html(res, table=table, lang="en"))
    assert page.images == []
    assert "charts-missing" in page.ids
    assert PLOT_EXTRA_HINT in "".join(page.text)
    assert len(page.rows) == len(res)
    # no link to a chart that is not drawn (34 dead '#chart-...' links before)
    assert not [u for u in page.urls if u.startswith("#chart-")]


def test_charts_false_leaves_charts_out(res: sf.Assessment, table: sf.IndicatorTable) -> None:
    page = Page(render_html(res, table=table, lang="vi", charts=False))
    assert page.images == [] and "charts" not in page.ids and len(page.rows) == len(res)
    assert not [u for u in page.urls if u.startswith("#chart-")]


# ------------------------------------------------------------------ escaping, determinism


def small_assessment() -> tuple[sf.Assessment, sf.IndicatorTable]:
    evil = '<script>alert("x")</script> & co'
    frame = pd.DataFrame(
        {
            "indicator_id": ["evil"] * 3 + ["plain"] * 3,
            "year": [2022, 2023, 2024] * 2,
            "kind": ["actual", "estimate", "plan"] * 2,
            "value": [10.0, 12.0, 15.0, 50.0, 52.0, 53.0],
            "unit": ["Tỷ đồng"] * 3 + ["%"] * 3,
            "name_vi": [evil] * 3 + ["Tỷ lệ <thường>"] * 3,
            "name_en": [evil] * 3 + [""] * 3,
            "direction": ["higher"] * 6,
        }
    )
    table = sf.read_table(frame)
    return sf.assess(table, target_year=2024), table


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_is_escaped(lang: str) -> None:
    res, table = small_assessment()
    text = render_html(res, table=table, lang=lang, dpi=30, title="A <b>title</b>")
    assert "<script>" not in text and "<b>title</b>" not in text
    assert "&lt;script&gt;" in text and "A &lt;b&gt;title&lt;/b&gt;" in text
    page = Page(text)
    names = {r["id"]: r["name"] for r in page.rows}
    assert names["evil"] == '<script>alert("x")</script> & co'  # round-trips when parsed
    # English falls back to the id when name_en is empty.
    assert names["plain"] == ("Tỷ lệ <thường>" if lang == "vi" else "plain")


def test_same_input_same_page() -> None:
    res, table = small_assessment()
    a = render_html(res, table=table, lang="vi", dpi=30)
    b = render_html(res, table=table, lang="vi", dpi=30)
    assert a == b
    c = render_html(res, table=table, lang="vi", dpi=30, generated="2025-01-02")
    assert "Ngày lập: 02/01/2025" in c and "02/01/2025" not in a  # as a Vietnamese reader dates
    e = render_html(res, table=table, lang="en", dpi=30, generated="2025-01-02")
    assert "Generated: 2025-01-02" in e


def test_the_vietnamese_page_names_a_resolution_and_a_tolerance_as_a_reader_would() -> None:
    resolution = sf.datasets.load_sonla_2025_resolution()
    html = render_html(sf.assess(resolution.table, target_year=2025), table=resolution.table,
                       audit_report=sf.audit(resolution), lang="vi", charts=False)
    assert "nguồn số liệu: Nghị quyết số 420/NQ-HĐND ngày 05/12/2024" in html
    assert "được phép cao hơn số tính lại tối đa 0,0098 điểm phần trăm" in html  # not 0,009788


def test_bad_lang() -> None:
    res, table = small_assessment()
    with pytest.raises(sf.InputError, match=r"lang must be one of \['vi', 'en'\], got 'fr'"):
        render_html(res, table=table, lang="fr")  # type: ignore[arg-type]


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "sign", "want"),
    [
        (21130, "vi", None, False, "21.130"),  # the resolution prints 21.130 for 21130
        (8.17, "vi", None, False, "8,17"),
        (21130, "en", None, False, "21,130"),
        (1234567.891, "vi", 2, False, "1.234.567,89"),
        (-3.0, "vi", 2, True, "-3,00"),
        (0.4, "en", 1, True, "+0.4"),
        (-0.0001, "en", 2, True, "0.00"),  # no "-0.00"
        (float("nan"), "vi", None, False, "–"),
        (None, "en", 2, False, "–"),
    ],
)
def test_format_number(x: Any, lang: str, decimals: int | None, sign: bool, want: str) -> None:
    assert format_number(x, lang, decimals, sign=sign) == want


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("x", [0.0, 1.5, -2.25, 999.99, 20967.0, -1234567.5])
def test_format_number_round_trip(x: float, lang: str) -> None:
    assert parse_number(format_number(x, lang, 2), lang) == pytest.approx(x, abs=5e-3)


def test_status_label() -> None:
    assert status_label("met already", "vi") == "Hiện đã đạt chỉ tiêu"
    assert status_label("cannot assess", "vi") == "Không đủ dữ liệu"
    assert status_label("something new", "vi") == "something new"


def _brute_force_pmf(p: list[float]) -> np.ndarray:
    pmf = np.zeros(len(p) + 1)
    for outcome in itertools.product([0, 1], repeat=len(p)):
        pmf[sum(outcome)] += math.prod(
            pi if o else 1 - pi for pi, o in zip(p, outcome, strict=True)
        )
    return pmf


def _quantile(pmf: np.ndarray, q: float) -> int:
    return int(np.searchsorted(np.cumsum(pmf), q - 1e-12))


@pytest.mark.parametrize(
    "p", [[0.1, 0.5, 0.9], [0.3] * 6, [0.05, 0.2, 0.55, 0.7, 0.99, 1.0], [0.0, 0.0]]
)
def test_expected_count_matches_enumeration(p: list[float]) -> None:
    pmf = _brute_force_pmf(p)  # all 2^n outcomes: independent of the recursion
    expected, lo, hi = expected_count(p, 0.8)
    assert expected == pytest.approx(sum(p), abs=1e-12)
    assert (lo, hi) == (_quantile(pmf, 0.1), _quantile(pmf, 0.9))
    assert pmf[lo : hi + 1].sum() >= 0.8 - 1e-12


def test_expected_count_equal_probabilities_is_binomial() -> None:
    # scipy: binom.ppf([0.1, 0.9], 34, 0.37) for 34 equal probabilities.
    lo, hi = stats.binom.ppf([0.1, 0.9], 34, 0.37)
    assert expected_count([0.37] * 34, 0.8)[1:] == (int(lo), int(hi))


def test_expected_count_bad_level() -> None:
    with pytest.raises(sf.InputError, match="level must be in"):
        expected_count([0.5], 1.5)


# ------------------------------------------------------------------ command line


def test_cli_report_with_data(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code = main(
        [
            "report",
            "--data",
            str(FIXTURES / "table_small.csv"),
            "--target-year",
            "2025",
            "--lang",
            "en",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    page = Page(out.read_text(encoding="utf-8"))
    want = sf.assess(sf.read_table(FIXTURES / "table_small.csv"), target_year=2025)
    assert sorted(r["id"] for r in page.rows) == sorted(want.to_frame()["indicator_id"])
    assert "audit" in page.ids


def test_cli_report_without_charts_is_render_html_without_charts(tmp_path: Path) -> None:
    # 63 provinces' charts took a panel review 200 s and 51 MB; the command line had no way
    # to leave them out
    out = tmp_path / "r.html"
    data = FIXTURES / "table_small.csv"
    argv = ["report", "--data", str(data), "--target-year", "2025", "--no-charts", "-o", str(out)]
    assert main(argv) == 0
    table = sf.read_table(data)
    want = sf.render_html(sf.assess(table, target_year=2025), table=table,
                          audit_report=sf.audit(table), charts=False)
    assert out.read_text(encoding="utf-8") == want
    assert 'id="charts"' not in want


def test_cli_report_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    code = main(["report", "--data", str(FIXTURES / "table_bad_number.csv"), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sonla-forecast: error: row 7")
    assert not out.exists()
    assert main(["report", "--target-year", "1999", "-o", str(out)]) == 1
    assert main(["report"]) == 2  # -o is required (argparse usage error)


def test_report_shows_the_70_percent_targets_and_the_revisions() -> None:
    # The "target with a 70% chance" table carries targets_for_probability's numbers, and the
    # revised GRDP target lists both resolutions with the one in force in bold.
    import re

    table = sf.load_sonla_2025(revised=True)
    res = sf.assess(table, target_year=2025)
    page = sf.render_html(res, table=table, lang="en", charts=False)
    expected = sf.targets_for_probability(table, 2025, 0.7).set_index("indicator_id")
    rows = re.findall(r'<tr data-p70-id="([^"]+)"[^>]*>(.*?)</tr>', page, re.S)
    assert len(rows) == int(expected["target_at_probability"].notna().sum())
    assert "* Behind the 2024 value" in page
    for ind, cells in rows:
        shown = re.findall(r'<td class="n">([^<]*)</td>', cells)[1].replace(",", "")
        value = expected.loc[ind, "target_at_probability"]
        # a target behind the current value is starred, and only such a target
        assert shown.endswith("*") == bool(expected.loc[ind, "note"])
        shown = shown.rstrip("*")
        # the page rounds to the decimals it prints: within half a unit of the last one
        decimals = len(shown.split(".")[1]) if "." in shown else 0
        assert float(shown) == pytest.approx(value, abs=0.5 * 10.0**-decimals + 1e-9)
    section = page[page.index('id="revisions"') : page.index('id="p70"')]
    assert "5.5 (420/NQ-HĐND 2024-12-05)" in section
    assert "<b>8 (457/NQ-HĐND 2025-02)</b>" in section
    vi = sf.render_html(res, table=table, lang="vi", charts=False)
    assert "5,5 (420/NQ-HĐND 2024-12-05)" in vi  # the Vietnamese page writes 5,5


def test_vietnamese_audit_findings_name_the_region_of_a_many_region_table() -> None:
    # Two provinces with the same plan below the current level: each finding must say whose.
    rows = []
    for region, plan in (("Sơn La", 5.5), ("Điện Biên", 4.95)):
        rows += [(region, "grdp_growth", 2023, "actual", 0.75), (region, "grdp_growth", 2024,
                 "estimate", 6.3), (region, "grdp_growth", 2025, "plan", plan)]
    frame = pd.DataFrame(rows, columns=["region", "indicator_id", "year", "kind", "value"])
    table = sf.read_table(frame.assign(unit="%", direction="higher"))
    res = sf.assess(table, target_year=2025)
    text = render_html(res, table=table, audit_report=sf.audit(table), lang="vi", charts=False)
    audit = text.split('id="audit"', 1)[1]
    assert "– Sơn La: kế hoạch năm 2025 là 5,5" in html.unescape(audit)
    assert "– Điện Biên: kế hoạch năm 2025 là 4,95" in html.unescape(audit)


def test_a_counts_fractional_change_per_year_keeps_a_decimal() -> None:
    # 48 -> 61 communes in two years is 6.5 a year; a count's values print whole, its change
    # per year is not rounded to 6 (nor to 7).
    df = pd.DataFrame({
        "indicator_id": ["xa"] * 4, "year": [2023, 2024, 2025, 2026],
        "kind": ["actual", "actual", "actual", "plan"], "value": [48.0, 55.0, 61.0, 68.0],
        "unit": ["xã"] * 4, "scale": ["count"] * 4, "direction": ["higher"] * 4})
    res = sf.assess(df, target_year=2026)
    page = sf.render_html(res, table=sf.read_table(df), lang="en", charts=False)
    row = re.search(r'<tr data-id="xa".*?</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r'<td class="n"[^>]*>([^<]*)</td>', row.group(0))
    assert cells[:4] == ["61", "68", "+7", "+6.5"]


def test_reasons_are_shown_where_a_number_is_missing() -> None:
    # The feasibility ratio of a target whose history moved away carries the reason as hover
    # text; a target that cannot be assessed says why beside its name.
    df = sf.load_sonla_2025().to_frame()
    one = df[(df["indicator_id"] == "poverty_rate") & (df["year"] == 2024)
             & (df["kind"] == "estimate")].index
    table = sf.read_table(df.drop(index=one))  # poverty rate: one observation left
    res = sf.assess(table, target_year=2025)
    for lang, why in (("en", "history moved away from the target"),
                      ("vi", "các năm trước diễn biến ngược chiều chỉ tiêu")):
        page = sf.render_html(res, table=table, lang=lang, charts=False)
        assert f'title="{why}' in page
        row = re.search(r'<tr data-id="poverty_rate".*?</tr>', page, re.S)
        assert row is not None and 'class="why"' in row.group(0)


def test_the_70_percent_section_explains_a_plan_conditioned_model() -> None:
    history = sf.datasets.load_sonla_history()
    res = sf.assess(history, target_year=2025, model="plan_record")
    for lang, text in (("vi", "không tính được mức chỉ tiêu có xác suất đạt 70%"),
                       ("en", "gives no 70% target")):
        page = sf.render_html(res, table=history, lang=lang, charts=False)
        section = page.split('<section id="p70">', 1)[1].split("</section>", 1)[0]
        assert text in section and "column 'model'" not in section


def test_every_reason_of_assess_reads_in_vietnamese() -> None:
    # The reasons a Vietnamese page shows (hover texts, "cannot assess") are translated:
    # multi-year targets, partial-year figures, growth rates, short histories, ets' stand-in.
    from sonla_forecast.report import _reason_part_vi

    revenue = pd.DataFrame({
        "indicator_id": "rev", "year": [2021, 2022, 2023, 2024, 2025, 2025, 2025],
        "kind": ["actual"] * 4 + ["plan", "actual", "actual"],
        "period": ["", "", "", "", "", "M9", ""], "unit": "Tỷ đồng",
        "value": [3900.0, 4250.0, 4636.0, 4291.0, 4500.0, 3300.0, float("nan")]}).dropna()
    poverty = revenue.assign(indicator_id="pov", unit="%", period=["", "", "", "", "", "M6"],
                             value=[20.0, 18.0, 16.0, 14.0, 12.0, 13.0])
    edges = pd.DataFrame({  # a level at 0; percentages at 100, and at 100 beside 99.995
        "indicator_id": ["zero"] * 3 + ["full"] * 3 + ["near"] * 3,
        "year": [2023, 2024, 2025] * 3, "kind": ["actual", "actual", "plan"] * 3,
        "unit": ["Tỷ đồng"] * 3 + ["%"] * 6,
        "value": [0.0, 5.0, 8.0, 99.0, 100.0, 100.0, 99.995, 100.0, 100.0]})
    edges = pd.concat([edges, pd.DataFrame({  # a first observation of 0
        "indicator_id": "parks", "year": [2023, 2024, 2025], "kind": ["actual", "actual", "plan"],
        "unit": "parks", "value": [0.0, 5.0, 9.0], "scale": "count"})])
    # totals met already, out of reach, reached while falling; averages out of bounds
    cols = ["indicator_id", "year", "kind", "value", "aggregate", "of", "start_year"]
    totals = pd.DataFrame(
        [("inv", y, "actual", v, "", "", "") for y, v in ((2021, 100.0), (2022, 110.0),
                                                          (2023, 121.0), (2024, 133.0))]
        + [("small", 2025, "plan", 300.0, "sum", "inv", "2021"),
           ("huge", 2025, "plan", 1e6, "sum", "inv", "2021"),
           ("fall", 2025, "plan", 480.0, "sum", "inv", "2021"),
           ("low", 2025, "plan", 1.0, "mean", "inv", "2021"),
           ("cap_sum", 2025, "plan", 1000.0, "sum", "inv", "2021"),
           ("tiny", 2025, "plan", 465.0, "sum", "inv", "2021")], columns=cols
    ).assign(unit="Tỷ đồng", direction=["higher"] * 7 + ["lower", "lower", "higher"])
    shares = pd.DataFrame([("x", 2023, "actual", 12.0, "", "", ""),
                           ("x", 2024, "actual", 10.0, "", "", ""),
                           ("hi", 2025, "plan", 70.0, "mean", "x", "2023")], columns=cols
                          ).assign(unit="%", direction="higher")
    # flows whose figure so far already meets a 'higher' target or passes a 'lower' one
    past = pd.concat([revenue.assign(indicator_id="ahead", value=[3900.0, 4250.0, 4636.0,
                                                                  4291.0, 4500.0, 4600.0]),
                      revenue.assign(indicator_id="over", direction="lower", flow="yes",
                                     value=[3900.0, 4250.0, 4636.0, 4291.0, 4500.0, 4700.0])])
    tables = {"sonla": sf.load_sonla_2025(), "five_year": sf.datasets.load_sonla_five_year(),
              "partial": sf.read_table(pd.concat([revenue, poverty])),
              "past": sf.read_table(past),
              "edges": sf.read_table(edges), "totals": sf.read_table(totals),
              "shares": sf.read_table(shares)}
    parts = set()
    for table in tables.values():
        for model in ("drift", "ets"):
            frame = sf.assess(table, target_year=2025, model=model).to_frame()
            parts |= {p for r in frame["reason"] for p in str(r).split("; ") if p}
    assert any(p.startswith("updated with M9") for p in parts)  # a flow, projected
    assert any(p.startswith("updated with M6") for p in parts)  # a point in the year
    assert any(p.startswith("cumulative target") for p in parts)
    for start in ("the years so far already add up", "even at +1,000% a year",
                  "no growth is needed", "the first observation, the 2023 actual",
                  "it cannot be met",
                  "no fall is needed", "even if inv falls by 99% a year",
                  "the M9 figure 4,600 already meets", "the M9 figure 4,700 already passes"):
        assert any(p.startswith(start) for p in parts), start
    assert any("(impossible below 0)" in p for p in parts)
    assert any("(impossible above 100)" in p for p in parts)
    assert sum(p.startswith(("a level of 0", "a percentage at 0", "the history has a"))
               for p in parts) == 3
    untranslated = sorted(p for p in parts if _reason_part_vi(p) == p)
    assert untranslated == []
    assert _reason_part_vi("updated with M9 (9 months, weight 0.75): projected full year "
                           "21,600 = figure / 0.750 of the year") == (
        "cập nhật theo số liệu 9 tháng (trọng số 0,75): ước cả năm 21.600 = số liệu / 0,750 "
        "của năm")  # figures as the reader writes them; years untouched:
    assert _reason_part_vi("'g' has no observation before 2022, inside the period 2021-2025") \
        == "'g' không có số liệu trước năm 2022, trong giai đoạn 2021-2025"


def test_english_audit_names_an_indicator_without_a_target_this_year_in_english() -> None:
    # The audit finds g's 2025 plan below its 2024 level; the page assesses 2026, where only
    # h has a target: g is still named in English.
    df = pd.DataFrame({
        "indicator_id": ["g"] * 3 + ["h"] * 3, "year": [2023, 2024, 2025, 2024, 2025, 2026],
        "kind": ["actual", "actual", "plan", "actual", "actual", "plan"],
        "value": [10.0, 12.0, 11.0, 5.0, 6.0, 7.0], "unit": "Tỷ đồng", "direction": "higher",
        "name_vi": ["Thu ngân sách"] * 3 + ["Xuất khẩu"] * 3,
        "name_en": ["Budget revenue"] * 3 + ["Exports"] * 3})
    table = sf.read_table(df)
    page = sf.render_html(sf.assess(table, target_year=2026), table=table,
                          audit_report=sf.audit(table), lang="en", charts=False)
    audit = html.unescape(page.split('<section id="audit">', 1)[1].split("</section>", 1)[0])
    assert "Budget revenue (g): the 2025 plan of 11 is below" in audit
    assert "Thu ngân sách" not in audit


def test_baseline_and_target_print_with_the_same_decimals() -> None:
    df = pd.DataFrame({"indicator_id": "bs", "year": [2024, 2025, 2026],
                       "kind": ["actual", "estimate", "plan"], "value": [10.5, 11.0, 11.5],
                       "unit": "Bác sĩ", "direction": "higher"})
    page = sf.render_html(sf.assess(df, target_year=2026), table=sf.read_table(df), lang="vi",
                          charts=False)
    row = re.search(r'<tr data-id="bs".*?</tr>', page, re.S)
    assert row is not None
    assert re.findall(r'<td class="n"[^>]*>([^<]*)</td>', row.group(0))[:2] == ["11,0", "11,5"]


def test_figures_print_with_the_decimals_the_source_printed(pages: dict[str, str]) -> None:
    # Urbanisation was printed 18,02 (2023), 18,5 and 20,6: the page shows 18,50 -> 20,60 and a
    # change of +0,48 a year, so that 2,10 / 0,48 checks the feasibility ratio (4,38), not
    # +0,5 (2,1 / 0,5 = 4,2). The industry share printed 32,00 / 30,00 keeps them. Communes
    # printed 74,00 stay whole. The 70% target of the certified-workers rate is 27,98, behind
    # the 2024 figure of 28: not shown as "28,0*".
    def cells(page: str, key: str, ind: str) -> list[str]:
        row = re.search(rf'<tr {key}="{ind}".*?</tr>', page, re.S)
        assert row is not None
        return re.findall(r'<td class="n"[^>]*>([^<]*)</td>', row.group(0))

    vi, en = pages["vi"], pages["en"]
    assert cells(vi, "data-id", "urbanization_rate")[:5] == [
        "18,50", "20,60", "+2,10", "+0,48", "4,38"]
    assert cells(en, "data-id", "structure_industry")[:2] == ["32.00", "30.00"]
    communes = cells(en, "data-id", "nrd_communes")
    assert communes[:4] == ["74", "83", "+9", "+9"]
    assert re.fullmatch(r"\d+ – \d+", html.unescape(communes[6]))
    assert cells(en, "data-p70-id", "certified_labour_rate")[1] == "27.98*"


def test_without_printed_decimals_the_figures_print_as_written() -> None:
    # A table without the decimals column: the fewest decimals that write the figures.
    df = sf.load_sonla_2025().to_frame().drop(columns="decimals")
    table = sf.read_table(df)
    page = sf.render_html(sf.assess(table, target_year=2025), table=table, lang="en",
                          charts=False)
    row = re.search(r'<tr data-id="urbanization_rate".*?</tr>', page, re.S)
    assert row is not None
    assert re.findall(r'<td class="n"[^>]*>([^<]*)</td>', row.group(0))[:4] == [
        "18.5", "20.6", "+2.1", "+0.5"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_column_reading_says_what_a_growth_rate_s_past_change_is(
        pages: dict[str, str], lang: str) -> None:
    # "+5,55" beside GRDP growth is the change of the rate (0,75 -> 6,3), not growth achieved.
    said = {"en": "the change of the rate itself, in points, not the growth achieved",
            "vi": "mức thay đổi của chính tốc độ tăng, tính bằng điểm phần trăm, không phải "
                  "tốc độ tăng đã đạt"}[lang]
    assert said in html.unescape(pages[lang])


def test_the_70_percent_section_names_the_targets_it_leaves_out() -> None:
    table = sf.datasets.load_sonla_five_year()
    page = sf.render_html(sf.assess(table, target_year=2025), table=table, lang="en",
                          charts=False)
    note = re.search(r'id="p70-left-out">(.*?)</p>', page)
    assert note is not None
    listed = set(re.findall(r'<tr data-p70-id="([^"]+)"[^>]*>', page))
    expected = sf.targets_for_probability(table, 2025, 0.7)
    missing = expected.loc[expected["target_at_probability"].isna(), "indicator_id"]
    assert set(missing).isdisjoint(listed) and len(missing) >= 2
    for name in ("Total social investment 2021-2025", "Average GRDP growth 2021-2025"):
        assert name in html.unescape(note.group(1))


def test_a_dataframe_table_that_needs_an_option_still_gives_a_page() -> None:
    # A revised plan: the assessment is made from read_table(df, duplicates="latest_source");
    # the DataFrame itself, read with the defaults, is refused, and the page says so in its
    # 70% section instead of failing.
    df = pd.DataFrame({
        "indicator_id": "x", "year": [2023, 2024, 2025, 2025],
        "kind": ["actual", "estimate", "plan", "plan"], "value": [10.0, 11.0, 12.0, 12.5],
        "unit": "Tỷ đồng", "source": ["a", "b", "NQ 2024-12-05", "NQ 2025-06-30"]})
    res = sf.assess(sf.read_table(df, duplicates="latest_source"), target_year=2025)
    page = sf.render_html(res, table=df, lang="en", charts=False)
    assert '<tr data-id="x"' in page and "duplicates row" in html.unescape(page)


def test_a_partial_year_update_is_named_on_the_page() -> None:
    df = pd.DataFrame({
        "indicator_id": "rev", "year": [2022, 2023, 2024, 2025, 2025],
        "kind": ["actual", "actual", "actual", "plan", "actual"],
        "period": ["", "", "", "", "M9"], "value": [3900.0, 4250.0, 4100.0, 4500.0, 3420.5],
        "unit": "Tỷ đồng", "direction": "higher", "name_vi": "Thu ngân sách"})
    res = sf.assess(df, target_year=2025)
    vi = html.unescape(sf.render_html(res, table=sf.read_table(df), lang="vi", charts=False))
    # "9 tháng", as a Vietnamese report names the period (it printed the code M9)
    assert ("Đã dùng số liệu thực hiện một phần năm 2025 (kỳ và số liệu): "
            "Thu ngân sách: 9 tháng 3.420,5.") in vi
    en = html.unescape(sf.render_html(res, table=sf.read_table(df), lang="en", charts=False))
    assert "rev: M9 3,420.5." in en  # no English name: the id
    plain = sf.render_html(sf.assess(df[df["period"] == ""], target_year=2025), lang="en",
                           table=None, charts=False)
    assert 'id="partials"' not in plain


def test_misused_arguments_are_named(res: sf.Assessment, table: sf.IndicatorTable,
                                     tmp_path: Path) -> None:
    # Each used to fail deep inside (AttributeError, TypeError).
    with pytest.raises(sf.InputError, match=r"column 'assessment': expected an Assessment"):
        render_html(table, table=None)  # type: ignore[arg-type]
    with pytest.raises(sf.InputError, match=r"column 'table': .*got int"):
        render_html(res, table=5)  # type: ignore[arg-type]
    with pytest.raises(sf.InputError, match=r"column 'audit_report'.*got Resolution"):
        render_html(res, table=None,
                    audit_report=load_sonla_2025_resolution())  # type: ignore[arg-type]
    # A CSV path is a table, as everywhere else.
    path = tmp_path / "sonla.csv"
    table.to_frame().to_csv(path, index=False)
    assert render_html(res, table=str(path), charts=False) == render_html(res, table=table,
                                                                           charts=False)


def test_a_many_region_report_names_the_regions_and_counts_each() -> None:
    t = sf.load_sonla_2025().to_frame()
    both = sf.read_table(pd.concat([t, t.assign(region="Điện Biên")], ignore_index=True))
    res = sf.assess(both, target_year=2025)
    frame = res.to_frame()
    for lang, word in (("vi", "Theo địa phương"), ("en", "By region")):
        page = html.unescape(render_html(res, table=both, lang=lang, charts=False))
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title.endswith("– Sơn La, Điện Biên")
        line = page.split('id="by-region">', 1)[1].split("</p>", 1)[0]
        assert line.startswith(word)
        for region in ("Sơn La", "Điện Biên"):
            p = frame.loc[frame["region"] == region, "probability"]
            want = format_number(float(p.sum()), lang, 1)
            assert f"{region}: {want}/{int(p.notna().sum())}" in line


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_says_what_was_not_checked_or_not_targeted(lang: str,
                                                              mistyped_plan_table) -> None:
    table = mistyped_plan_table
    res = sf.assess(table, target_year=2026)
    page = sf.render_html(res, table=table, audit_report=sf.audit(table), lang=lang)
    expected = {
        "vi": ("Không có các tỷ lệ (%) so với năm trước đã công bố",
               "Không có chỉ tiêu kế hoạch năm 2026 cho 1 chỉ tiêu có kế hoạch của năm khác: "
               "nrd_communes (kế hoạch gần nhất: 2025)."),
        "en": ("No published ratios were given",
               "No target for 2026 in the table for 1 indicator(s) with plans for other years: "
               "nrd_communes (latest plan: 2025).")}[lang]
    for text in expected:
        assert html.escape(text) in page


def test_the_vietnamese_note_counts_the_untargeted_indicators_past_the_first_five() -> None:
    t = sf.load_sonla_2025().to_frame()
    moved = t["indicator_id"].isin(t["indicator_id"].unique()[:7]) & (t["kind"] == "plan") \
        & (t["year"] == 2025)
    t.loc[moved, "year"] = 2026
    table = sf.read_table(t)
    res = sf.assess(table, target_year=2025)
    (note,) = [n for n in res.notes if n.startswith("no target for 2025")]
    assert note.endswith(" and 2 more")
    page = html.unescape(sf.render_html(res, table=table, lang="vi", charts=False))
    line = page.split("Không có chỉ tiêu kế hoạch năm 2025 cho 7 chỉ tiêu", 1)[1].split("</li>")[0]
    assert line.count("kế hoạch gần nhất: 2026") == 5
    assert line.endswith(" và 2 chỉ tiêu khác.") and " and " not in line and "more" not in line


def test_the_older_baseline_note_is_in_vietnamese() -> None:
    def page_without(frame: pd.DataFrame, ind: str, region: str | None = None) -> str:
        """The Vietnamese page of the table without that indicator's 2024 estimate."""
        gone = (frame["indicator_id"] == ind) & (frame["year"] == 2024) \
            & (frame["kind"] == "estimate")
        if region is not None:
            gone &= frame["region"] == region
        table = sf.read_table(frame[~gone])
        return html.unescape(sf.render_html(sf.assess(table, target_year=2025), table=table,
                                            lang="vi", charts=False))

    t = sf.load_sonla_2025().to_frame()
    page = page_without(t, "urbanization_rate")
    assert ("1 chỉ tiêu không có số thực hiện hoặc ước thực hiện năm 2024, nên được tính từ số "
            "liệu của năm gần nhất có số liệu (“Tỷ lệ đô thị hóa”: năm 2023): mức thay đổi cần "
            "đạt mỗi năm và dự báo được tính cho cả khoảng từ năm đó đến năm kế hoạch.") in page
    assert "older figure" not in page
    every = t[(t["kind"] == "plan") | (t["year"] != 2024)]
    assert ("Mọi chỉ tiêu có số liệu trước năm 2025 đều được tính từ số liệu năm 2023, sớm hơn "
            "năm 2025 từ 2 năm trở lên (bảng không có số thực hiện hoặc ước thực hiện năm "
            "2024)") in page_without(every, "none")
    # several regions: the region after the name (its id was left raw; a regression review)
    two = pd.concat([t.assign(region="Sơn La"), t.assign(region="Lai Châu")],
                    ignore_index=True)
    assert "(“Tỷ lệ đô thị hóa” (Lai Châu): năm 2023)" in page_without(
        two, "urbanization_rate", "Lai Châu")
    # an id with a hyphen and a region with parentheses are named too (a fourth review)
    odd = two.assign(region=two["region"].replace("Lai Châu", "Lai Châu (tỉnh)"),
                     indicator_id=two["indicator_id"].replace("urbanization_rate", "do-thi-hoa"))
    assert "(“Tỷ lệ đô thị hóa” (Lai Châu (tỉnh)): năm 2023)" in page_without(
        odd, "do-thi-hoa", "Lai Châu (tỉnh)")


def test_targets_the_past_pace_would_reach_but_called_unlikely_are_named() -> None:
    # poverty needs exactly its past pace (feasibility 1.00) and gets P = 0.12: a planner
    # reading one column missed the other, and every review has asked why; the note names
    # such targets, in both languages, for the damped models only
    t = sf.load_sonla_2025()
    res = sf.assess(t, target_year=2025)
    [note] = [n for n in res.notes if "past pace would reach" in n]
    f = res.to_frame()
    hit = f[(f.feasibility_ratio > 0) & (f.feasibility_ratio <= 1) & (f.status == "unlikely")]
    assert note.startswith(f"{len(hit)} target(s) that the past pace would reach")
    assert "poverty_rate (ratio 1.00, P = 0.12)" in note
    assert all(f"{i} (ratio" in note for i in hit.indicator_id)
    page = html.unescape(sf.render_html(res, table=t, lang="vi", charts=False))
    assert ("“Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025” (tỷ số 1,00; xác suất 0,12)"
            in page)
    assert "past pace" not in page
    assert not any("past pace" in n for n in sf.assess(t, target_year=2025,
                                                        model="naive").notes)
    # nor a target a year-to-date figure moved or settled: its P is no damping's (a regression
    # review: a flow past its lower target, P = 0 for certain, was listed as understated)
    df = t.to_frame()
    ytd = df[(df.indicator_id == "poverty_rate") & (df.kind == "estimate")].assign(
        year=2025, kind="actual", period="M9", value=10.9)
    moved = sf.assess(pd.concat([df, ytd], ignore_index=True), target_year=2025)
    assert moved["poverty_rate"].status == "unlikely"
    [note] = [n for n in moved.notes if "past pace would reach" in n]
    assert "poverty_rate" not in note


def test_the_reason_of_a_target_read_at_the_models_bound_is_in_vietnamese() -> None:
    df = pd.DataFrame({"indicator_id": "water", "year": [2021, 2022, 2023, 2024, 2025],
                       "kind": ["actual"] * 4 + ["plan"], "unit": "%",
                       "value": [99.98, 100.0, 100.0, 100.0, 100.0]})
    table = sf.read_table(df)
    res = sf.assess(table, target_year=2025)
    page = html.unescape(sf.render_html(res, table=table, lang="vi", charts=False))
    assert ("khi tính xác suất đạt, mục tiêu được lấy ở mức 99,99 (mức mô hình dùng thay cho "
            "tỷ lệ 100%), không phải ở mức 99,995 (từ đó trở đi làm tròn thành mục tiêu)") in page
    assert "the value at which the model" not in page


def test_a_note_without_vietnamese_wording_is_shown_in_english() -> None:
    import dataclasses

    table = sf.load_sonla_2025()
    note = "model 'mine': a note of a model of one's own"
    res = dataclasses.replace(sf.assess(table, target_year=2025), notes=(note,))
    page = html.unescape(sf.render_html(res, table=table, lang="vi", charts=False))
    assert f"Ghi chú của mô hình (tiếng Anh): {note}" in page


def test_the_report_refuses_a_table_other_than_the_one_assessed(tmp_path) -> None:
    # The 2025 assessment with the history table: its 70% targets were computed from the other
    # table (poverty: 9.92 beside P = 12%, where the assessed table gives 10.89)
    table = sf.load_sonla_2025()
    res = sf.assess(table, target_year=2025)
    assert res.table is table
    with pytest.raises(sf.InputError, match="not the table the assessment was made from") as e:
        sf.render_html(res, table=sf.datasets.load_sonla_history(), charts=False)
    assert e.value.column == "table"
    # and the message says where they differ
    with pytest.raises(sf.InputError, match="'direction' of poverty_rate 2023 actual is "
                       "'higher' here, 'lower' in the assessed table"):
        sf.render_html(res, table=table.with_direction({"poverty_rate": "higher"}),
                       charts=False)
    # the same table in another form is the same table
    path = tmp_path / "t.csv"
    table.to_frame().to_csv(path, index=False)
    again = sf.assess(path, target_year=2025)
    for same in (path, table.to_frame(), sf.read_table(path)):
        assert "<html" in sf.render_html(again, table=same, charts=False)


def test_chart_anchors_of_regions_that_differ_only_in_accents_differ() -> None:
    # "Tân Hòa" and "Tân Hóa" both became chart-T_n_H_a-...: the table's links of one region
    # led to the other's charts
    from sonla_forecast.report import _anchor

    ids = {_anchor({"region": r, "indicator_id": "poverty_rate"}, True)
           for r in ("Tân Hòa", "Tân Hóa", "Tan Hoa", "Tân_Hòa")}
    assert len(ids) == 4
    assert all(re.fullmatch(r"chart-[A-Za-z0-9._-]+", a) for a in ids)
    assert _anchor({"region": "Sơn La", "indicator_id": "grdp"}, False) == "chart-grdp"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_report_with_no_probability_says_so_in_its_headline(lang: str) -> None:
    # 2024 has one observation before it for every indicator: the headline read "0,0/0" and
    # "with probability 80% between 0 and 0"
    from sonla_forecast.report import _T as TEXTS

    table = sf.load_sonla_2025()
    res = sf.assess(table, target_year=2024)
    assert res.to_frame()["probability"].isna().all()
    page = sf.render_html(res, table=table, lang=lang, charts=False)
    assert html.escape(TEXTS[lang]["headline_none"]) in page
    assert 'id="count-interval"' not in page and 'id="expected-met"' not in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_notes_say_how_a_band_is_met_and_why_a_lone_growth_rate_sits_low(lang: str) -> None:
    # a newcomer found a 0.8-point planned shift of a share "met already" and a 4.5% GRDP
    # growth recommended by the 70% table, with no word on the page about either
    from sonla_forecast.report import _T as TEXTS

    table = sf.load_sonla_2025()
    res = sf.assess(table, target_year=2025)
    notes = html.unescape(sf.render_html(res, table=table, lang=lang, charts=False)).split(
        '<section id="notes">', 1)[1]
    unit = {"vi": "1 điểm phần trăm", "en": "1 pp"}[lang]
    assert TEXTS[lang]["caveat_band"].format(tol=unit) in notes
    assert TEXTS[lang]["caveat_rate"] in notes
    naive = sf.assess(table, target_year=2025, model="naive")  # no M3 level there
    notes = html.unescape(sf.render_html(naive, table=table, lang=lang, charts=False))
    assert TEXTS[lang]["caveat_rate"] not in notes


def test_chart_anchors_keep_region_and_id_apart() -> None:
    from sonla_forecast.report import _anchor

    a = _anchor({"region": "Bắc-Nam", "indicator_id": "gdp"}, True)
    b = _anchor({"region": "Bắc", "indicator_id": "Nam-gdp"}, True)
    assert a != b


def test_the_english_page_names_a_composition_s_shares_in_english() -> None:
    # the finding kept "Nông, lâm nghiệp, thủy sản + CN - XD + ..." on the English page
    frame = sf.load_sonla_2025().to_frame()
    frame.loc[(frame["indicator_id"] == "structure_taxes") & (frame["year"] == 2025),
              "value"] = 5.0
    table = sf.read_table(frame)
    res = sf.assess(table, target_year=2025)
    en = html.unescape(sf.render_html(res, table=table, audit_report=sf.audit(table),
                                      lang="en", charts=False))
    line = en.split("shares under economic_structure (", 1)[1].split(")", 1)[0]
    assert line.startswith("Share of agriculture, forestry and fisheries in GRDP + Share of "
                           "industry and construction in GRDP") and "Nông" not in line


def test_a_refused_table_with_missing_cells_is_named_not_a_type_error() -> None:
    # pd.NA in start_year made the comparison raise "boolean value of NA is ambiguous"
    df = pd.DataFrame({
        "indicator_id": "rev", "year": [2022, 2023, 2024, 2025, 2025],
        "kind": ["actual", "actual", "actual", "plan", "actual"],
        "period": ["", "", "", "", "M6"], "value": [3900.0, 4250.0, 4100.0, 4500.0, 2000.0],
        "unit": "Tỷ đồng", "direction": "higher"})
    res = sf.assess(df, target_year=2025)
    other = df.assign(period=["", "", "", "", "M9"])
    with pytest.raises(sf.InputError, match="'period' of rev 2025 actual is 'M9' here, 'M6'"):
        sf.render_html(res, table=other, charts=False)


def test_two_groups_with_a_share_of_the_same_name_keep_their_english_names() -> None:
    # "Nông nghiệp" and "Dịch vụ" of a GRDP and a labour structure: the labour shares were
    # named as GRDP shares on the English page
    rows = []
    for iid, parent, vi, en, vals in (
            ("grdp_agri", "grdp_struct", "Nông nghiệp", "GRDP share: agriculture", [30, 29, 28]),
            ("grdp_serv", "grdp_struct", "Dịch vụ", "GRDP share: services", [70, 71, 75]),
            ("lab_agri", "lab_struct", "Nông nghiệp", "Labour share: agriculture", [60, 58, 56]),
            ("lab_serv", "lab_struct", "Dịch vụ", "Labour share: services", [40, 42, 47])):
        rows += [dict(indicator_id=iid, year=y, kind=k, value=float(v), unit="%", name_vi=vi,
                      name_en=en, parent_id=parent, direction="band")
                 for y, k, v in ((2022, "actual", vals[0]), (2023, "actual", vals[1]),
                                 (2024, "actual", vals[2]), (2025, "plan", vals[2]))]
    t = sf.read_table(pd.DataFrame(rows))
    page = html.unescape(sf.render_html(sf.assess(t, target_year=2025), table=t,
                                        audit_report=sf.audit(t), lang="en", charts=False))
    found = set(re.findall(r"shares under (\w+) \(([^)]*)\)", page))
    assert ("lab_struct", "Labour share: agriculture + Labour share: services") in found
    assert ("grdp_struct", "GRDP share: agriculture + GRDP share: services") in found


def test_a_table_without_regions_has_a_title_without_a_dash() -> None:
    # the title ended in a dangling "– " (no region named, and "<= 4" of them)
    t = sf.load_sonla_2025().to_frame().drop(columns="region")
    table = sf.read_table(t)
    res = sf.assess(table, target_year=2025)
    for lang in ("vi", "en"):
        page = html.unescape(render_html(res, table=table, lang=lang, charts=False))
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "2025" in title and not title.rstrip().endswith("–"), title


@given(st.floats(-1e15, 1e15, allow_nan=False))
def test_the_earlier_figure_of_a_trend_finding_is_read_back_as_written(x: float) -> None:
    from sonla_forecast.audit import _fmt
    from sonla_forecast.report import _AGAINST_TREND

    written = _fmt(x)
    m = _AGAINST_TREND.search(f"a plan of 3 rises from the 2024 estimate of 2, which fell from "
                              f"{written} (2023 actual).")
    assert m is not None and float(m["prev"].replace(",", "")) == float(written.replace(",", ""))


def test_a_guessed_direction_says_how_to_correct_it_in_vietnamese_too() -> None:
    # the English note said "give the table a direction column"; the Vietnamese one did not
    df = pd.DataFrame({"indicator_id": ["dropout"] * 3, "year": [2023, 2024, 2025],
                       "kind": ["actual", "estimate", "plan"], "value": [0.9, 0.8, 1.0],
                       "unit": "%", "name_vi": "Tỷ lệ học sinh bỏ học"})
    table = sf.read_table(df)
    page = html.unescape(render_html(sf.assess(table, target_year=2025), table=table,
                                     lang="vi", charts=False))
    assert ("Hướng của chỉ tiêu “Tỷ lệ học sinh bỏ học” được suy ra là" in page
            and "(từ tên chỉ tiêu); nếu sai, hãy thêm cột direction vào bảng số liệu" in page)


@pytest.mark.parametrize("model", ["combination", "refclass", "plan_record"])
def test_the_other_models_notes_are_in_vietnamese(model: str) -> None:
    # their notes were shown in English ("Ghi chú của mô hình (tiếng Anh): model 'refclass'...")
    table = sf.load_sonla_2025()
    res = sf.assess(table, target_year=2025, model=model)
    assert any(n.startswith(f"model '{'refclass' if model == 'combination' else model}'")
               for n in res.notes)
    page = html.unescape(render_html(res, table=table, lang="vi", charts=False))
    assert "tiếng Anh" not in page and "Mô hình '" in page


def test_every_wording_of_the_plan_record_note_is_in_vietnamese() -> None:
    from sonla_forecast.models.base import Panel
    from sonla_forecast.report import _MODEL_NOTES_VI

    panel = Panel(values=np.array([[100.0, 104.0], [50.0, 52.0]]), years=np.array([2023, 2024]),
                  scale=["level", "level"], plans=np.array([[np.nan, 104.0], [np.nan, 51.0]]),
                  target=np.array([110.0, 55.0]))
    for spec in (sf.models.PlanRecord(), sf.models.PlanRecord(point_mass=False)):
        note = spec.fit(panel).note
        for suffix in ("", " (weight 0.15 in the combination)"):
            rendered = [render(m) for pattern, render in _MODEL_NOTES_VI
                        if (m := pattern.fullmatch(note + suffix))]
            assert len(rendered) == 1, note
            assert "phân phối tiên nghiệm yếu" in rendered[0]
            assert ("trọng số 0,15" in rendered[0]) == bool(suffix)


def test_the_new_reasons_are_in_vietnamese() -> None:
    # a January figure after Januaries of 0 ("1 month", an even pace), a total that needs no
    # growth, one that needs the base to stop falling: their reasons stayed in English
    from sonla_forecast.report import _reason_part_vi

    rows = []
    for y, full in [(2021, 300.0), (2022, 500.0), (2023, 400.0), (2024, 600.0)]:
        rows += [dict(indicator_id="fdi", year=y, kind="actual", value=full, period=""),
                 dict(indicator_id="fdi", year=y, kind="actual", value=0.0, period="M1")]
    rows += [dict(indicator_id="fdi", year=2025, kind="plan", value=700.0, period=""),
             dict(indicator_id="fdi", year=2025, kind="actual", value=60.0, period="M1")]
    fdi = pd.DataFrame(rows).assign(unit="Tỷ đồng", direction="higher")
    inv = [dict(indicator_id="inv", year=2019 + i, kind="actual", value=v, unit="Tỷ đồng",
                direction="higher") for i, v in enumerate([26000, 25000, 24000, 23000, 22000])]
    totals = [dict(indicator_id="inv_total", year=2025, kind="plan", value=t, unit="Tỷ đồng",
                   direction="higher", aggregate="sum", of="inv", start_year=2021)
              for t in (113000.0,)]
    reasons = [sf.assess(fdi, target_year=2025)["fdi"].reason,
               sf.assess(pd.DataFrame(inv + totals), target_year=2025)["inv_total"].reason]
    parts = [p for r in reasons for p in r.split("; ")]
    assert any("earlier M1 figures were 0" in p for p in parts)
    assert any("stays at its latest level or grows" in p for p in parts)
    for part in parts:
        if part.startswith(("updated with", "the total")):
            assert _reason_part_vi(part) != part, part


def test_the_figure_not_used_reasons_are_in_vietnamese() -> None:
    from sonla_forecast.report import _reason_part_vi

    assert _reason_part_vi("M1 figure 0 not used: a level of 0 has no logarithm, so the "
                           "forecast is not updated").startswith(
                               "số liệu 1 tháng (0) không được dùng")
    assert _reason_part_vi("the H1 figure 6 is not used: no forecast of the year to update") == (
        "số liệu 6 tháng (6) không được dùng: không có dự báo của năm để cập nhật")


def test_a_component_left_out_of_the_combination_reads_in_vietnamese() -> None:
    # the combination's note on a component it could not fit had no Vietnamese wording and
    # was shown in English, and it hid the next note from the translation (regression review)
    rows = []
    for ind, vals, unit in (("budget", [3500, 3700, 3900], "Tỷ đồng"),
                            ("exports", [172, 185, 198], "Triệu USD")):
        rows += [(ind, 2022 + k, "actual", float(v), unit) for k, v in enumerate(vals)]
        rows.append((ind, 2025, "plan", vals[-1] * 1.05, unit))
    table = sf.read_table(pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value",
                                                      "unit"]))
    res = sf.assess(table, target_year=2025, model="combination")
    assert any(n.startswith("model 'refclass' was left out of the combination") for n in
               res.notes)
    page = render_html(res, table=table, lang="vi", charts=False)
    notes = page.split('<section id="notes">', 1)[1].split("</section>", 1)[0]
    assert ("Mô hình lớp tham chiếu (refclass) không được dùng trong mô hình kết hợp vì không "
            "ước lượng được trên bảng này (toàn bộ các chuỗi chỉ có 4 bước thay đổi một năm, "
            "tức 4 cặp năm liền nhau có số liệu; mô hình lớp tham chiếu cần ít nhất 10).") in notes
    assert "tiếng Anh" not in notes and "the panel has" not in notes


def test_structure_shares_known_by_their_ids_count_as_sub_rows() -> None:
    # The page names them under their structure ("Cơ cấu kinh tế: ..."), but without a
    # parent_id in the table the caveat counted none of them (a review: "3 of the 26").
    from sonla_forecast.report import _T as TEXTS

    table = sf.load_sonla_2025().to_frame()
    table["parent_id"] = ""
    res = sf.assess(table, target_year=2025)
    page = sf.render_html(res, table=sf.read_table(table), lang="en", charts=False)
    notes = page.split('<section id="notes">', 1)[1].split("</section>", 1)[0]
    assert html.escape(TEXTS["en"]["caveat_parts"].format(year=2025, k=4, n=34),
                       quote=True) in notes


@pytest.mark.parametrize("source", ["457/NQ-HĐND 2025-02 (NQ 420 -> NQ 457)",
                                    "NQ 457 (điều chỉnh) -> 2025-02"])
def test_a_revision_whose_source_holds_an_arrow_is_one_version(source: str) -> None:
    # The revisions column joins "value (source)" with " -> "; a source written with an arrow
    # ("NQ 420 -> NQ 457 draft") must not split one version in two on the page.
    base = sf.load_sonla_2025().to_frame().drop(columns=["direction_source", "months"])
    grdp = base[(base["indicator_id"] == "grdp_growth") & (base["kind"] == "plan")
                & (base["year"] == 2025)]
    revised = grdp.assign(value=8.0, source=source)
    table = sf.read_table(pd.concat([base, revised], ignore_index=True),
                          duplicates="latest_source")
    res = sf.assess(table, target_year=2025)
    page = sf.render_html(res, table=table, lang="en", charts=False)
    section = page[page.index('id="revisions"') : page.index('id="p70"')]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == 1
    assert items[0].count("→") == 1, items[0]
    assert f"<b>8 ({html.escape(source)})</b>" in items[0]
