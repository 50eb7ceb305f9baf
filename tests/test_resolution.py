"""Tests for :mod:`sonla_forecast.io.resolution` (the annex parser).

The seed is resolution 420/NQ-HĐND of 5 Dec 2024 (Sơn La People's Council), copied to
``tests/fixtures/``; its annex "PHỤ LỤC 01" is on lines 46-312, one table cell per line. The
other fixtures are small handwritten variants of the same layout.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import sonla_forecast as sf
from sonla_forecast.errors import InputError
from sonla_forecast.io.resolution import (
    RATIO_COLUMNS,
    TABLE_COLUMNS,
    load_glossary,
    normalise_name,
    parse_resolution,
    read_resolution_file,
    slugify,
)
from sonla_reference import SONLA_2025_IDS

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "nq-420-2024-sonla-ke-hoach-2025.txt"
DATA = Path(__file__).resolve().parents[1] / "data"

#: Columns of the seed's value cells, in printed order (header lines 52-57 of the seed).
SEED_COLUMNS = [(2023, "actual"), (2024, "plan"), (2024, "estimate"), (2025, "plan")]

#: The ids the brief fixes for the seed, in document order (they match ../shared/data/*.csv).
SEED_IDS = SONLA_2025_IDS


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str):
    return parse_resolution(seed_text)


def _value(table: pd.DataFrame, iid: str, year: int, kind: str) -> float:
    hit = table[(table.indicator_id == iid) & (table.year == year) & (table.kind == kind)]
    assert len(hit) == 1, (iid, year, kind)
    return float(hit["value"].iloc[0])


def _replace_line(text: str, lineno: int, new: str | None) -> str:
    lines = text.split("\n")
    if new is None:
        del lines[lineno - 1]
    else:
        lines[lineno - 1] = new
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# The seed
# --------------------------------------------------------------------------------------


def test_seed_shape(seed) -> None:
    assert list(seed.table.columns) == list(TABLE_COLUMNS)
    assert list(seed.ratios.columns) == list(RATIO_COLUMNS)
    assert len(seed.table) == 136  # 34 value rows x 4 value columns
    assert len(seed.ratios) == 18  # 9 rows x 2 ratio columns
    assert seed.table["indicator_id"].nunique() == 34
    assert list(dict.fromkeys(seed.table["indicator_id"])) == SEED_IDS
    assert seed.source == "420/NQ-HĐND 2024-12-05"
    assert seed.title == "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025"
    assert (seed.table["region"] == "Sơn La").all()
    assert (seed.table["source"] == "420/NQ-HĐND 2024-12-05").all()
    counts = seed.table.groupby(["year", "kind"]).size().to_dict()
    assert counts == dict.fromkeys(SEED_COLUMNS, 34)
    assert seed.table["year"].dtype == "int64"
    assert seed.table["value"].dtype == "float64"
    assert "ParsedResolution(source='420/NQ-HĐND 2024-12-05'" in repr(seed)


@pytest.mark.parametrize(
    ("iid", "year", "kind", "expected"),
    [
        ("investment_total", 2023, "actual", 20967.0),  # seed line 101 "20.967"
        ("investment_total", 2024, "estimate", 21130.0),  # line 103 "21.130"
        ("grdp_growth", 2023, "actual", 0.75),  # line 65 "0,75"
        ("export_value", 2023, "actual", 186.6),  # line 110 "186,6"
        ("budget_revenue", 2023, "actual", 4291.0),  # line 119 "4.291"
        ("poverty_rate", 2025, "plan", 8.17),  # line 184 "8,17"
        ("nrd_communes", 2024, "estimate", 74.0),  # line 215 "74,00"
        ("nrd_communes", 2025, "plan", 83.0),  # line 216 "83,00"
        ("trained_labour_rate", 2023, "actual", 61.0),  # line 161 "61" (no decimals)
        ("forest_cover", 2025, "plan", 48.5),  # line 310, last value of the annex
    ],
)
def test_seed_spot_values(seed, iid: str, year: int, kind: str, expected: float) -> None:
    assert _value(seed.table, iid, year, kind) == expected


def test_seed_metadata(seed) -> None:
    t = seed.table.drop_duplicates("indicator_id").set_index("indicator_id")
    assert t.loc["tourism_revenue", "unit"] == "Tý đồng"  # the seed's typo is kept
    assert t.loc["grdp_per_capita", "unit"] == "Triệu đồng/người/ năm"
    assert t.loc["doctors_per_10k", "unit"] == "Bác sĩ"
    assert t.loc["nrd_communes", "unit"] == "xã"
    # Group header "Cơ cấu kinh tế theo giá hiện hành (%)": no rows of its own, parent of
    # the four shares, which inherit its "(%)".
    assert "economic_structure" not in t.index
    for iid in ("structure_agri", "structure_industry", "structure_services", "structure_taxes"):
        assert t.loc[iid, "parent_id"] == "economic_structure"
        assert t.loc[iid, "unit"] == "%"
        assert t.loc[iid, "direction"] == "band"
        assert t.loc[iid, "scale"] == "percent"
    assert t.loc["structure_agri", "name_vi"] == "Nông, lâm nghiệp, thủy sản"  # "- " stripped
    assert t.loc["tourism_revenue", "parent_id"] == "tourist_arrivals"
    assert t.loc["certified_labour_rate", "parent_id"] == "trained_labour_rate"
    assert t.loc["certified_labour_rate", "name_vi"] == "Tỷ lệ lao động có bằng cấp chứng chỉ"
    assert t.loc["security_safe_communes_rate", "parent_id"] == "security_safe_agencies_rate"
    assert t.loc["poverty_rate", "parent_id"] == ""
    assert t.loc["grdp_growth", "scale"] == "rate"
    assert t.loc["nrd_communes", "scale"] == "count"
    assert t.loc["doctors_per_10k", "scale"] == "level"
    assert t.loc["beds_per_10k", "scale"] == "level"
    for iid in ("agri_labour_share", "urban_unemployment", "poverty_rate"):
        assert t.loc[iid, "direction"] == "lower"
    others = set(SEED_IDS) - {"agri_labour_share", "urban_unemployment", "poverty_rate"}
    others -= {"structure_agri", "structure_industry", "structure_services", "structure_taxes"}
    assert set(t.loc[sorted(others), "direction"]) == {"higher"}
    assert (t["name_en"] != "").all()
    sections = t["section"].to_dict()
    assert sections["grdp_growth"] == sections["tourism_revenue"] == "economic"
    assert sections["agri_labour_share"] == sections["cultural_families_rate"] == "social"
    assert sections["rural_hygienic_water_rate"] == sections["forest_cover"] == "environmental"
    assert t.loc["grdp_growth", "line"] == 63
    assert t.loc["forest_cover", "line"] == 305
    assert all(unicodedata.is_normalized("NFC", s) for s in seed.table["name_vi"])


def test_seed_ratios(seed) -> None:
    r = seed.ratios
    assert r["indicator_id"].drop_duplicates().tolist() == [
        "investment_total",
        "export_value",
        "budget_revenue",
        "tourist_arrivals",
        "tourism_revenue",
        "doctors_per_10k",
        "beds_per_10k",
        "nrd_communes",
        "forest_cover",
    ]
    first = r.iloc[0]  # line 105 "101,01" under "UTH 2024 so với thực hiện 2023 (%)"
    assert (first.numerator_year, first.numerator_kind) == (2024, "estimate")
    assert (first.denominator_year, first.denominator_kind) == (2023, "actual")
    assert first.published == 101.01 and first.decimals == 2 and first.line == 105
    second = r.iloc[1]  # line 106 "108,85" under "Kế hoạch 2025 so với ước thực hiện 2024 (%)"
    assert (second.numerator_year, second.numerator_kind) == (2025, "plan")
    assert (second.denominator_year, second.denominator_kind) == (2024, "estimate")
    export = r[r.indicator_id == "export_value"]
    assert export["published"].tolist() == [106.1, 108.6]
    assert export["decimals"].tolist() == [1, 1]  # printed "106,1", "108,6"


def _annex_numbers(lines: list[str]) -> list[float]:
    """The numbers printed in the annex, in order, without the STT cells.

    Built independently of the parser: a cell is a number if it matches the Vietnamese
    pattern; an integer cell directly followed by a non-number line is a row number (STT).
    """
    pattern = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not pattern.match(s):
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if re.fullmatch(r"\d+", s) and not pattern.match(nxt):
            continue  # an STT: "1" before "CHỈ TIÊU KINH TẾ", "2" before "GRDP bình quân"
        out.append(float(s.replace(".", "").replace(",", ".")))
    return out


def test_every_printed_number_is_parsed_exactly(seed, seed_text: str) -> None:
    lines = seed_text.split("\n")
    assert lines[45] == "PHỤ LỤC 01" and lines[312] == "PHỤ LỤC 02"
    expected = _annex_numbers(lines[59:312])  # data lines 60-312
    assert len(expected) == 136 + 18
    col = {yk: i for i, yk in enumerate(SEED_COLUMNS)}
    t = seed.table
    cells = [
        (line, col[(y, k)], v)
        for line, y, k, v in zip(t.line, t.year, t.kind, t.value, strict=True)
    ]
    # ratio cells sit after the row's value cells; their own line orders them
    row_line = dict(zip(t.indicator_id, t.line, strict=True))
    r = seed.ratios
    cells += [
        (row_line[i], 10 + ln, v)
        for i, ln, v in zip(r.indicator_id, r.line, r.published, strict=True)
    ]
    got = [v for _, _, v in sorted(cells)]
    assert got == expected  # float-exact, in printed order


def test_shipped_csv_matches_reparse(seed) -> None:
    shipped = pd.read_csv(DATA / "sonla_2025.csv", keep_default_na=False, encoding="utf-8")
    expected = seed.table.drop(columns=["line"]).reset_index(drop=True)
    assert list(shipped.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(shipped, expected, check_dtype=False, check_exact=True)
    shipped_r = pd.read_csv(DATA / "sonla_2025_ratios.csv", keep_default_na=False)
    expected_r = seed.ratios.drop(columns=["line"])
    pd.testing.assert_frame_equal(shipped_r, expected_r, check_dtype=False, check_exact=True)


def test_read_file_with_bom_and_crlf(tmp_path: Path, seed_text: str, seed) -> None:
    p = tmp_path / "nq.txt"
    p.write_bytes(b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8"))
    res = read_resolution_file(p)
    pd.testing.assert_frame_equal(res.table, seed.table)
    pd.testing.assert_frame_equal(res.ratios, seed.ratios)


def test_read_file_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "nq.txt"
    p.write_bytes("PHỤ LỤC 01\nCÁC CHỈ TIÊU\n".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_resolution_file(p)


def test_nfd_text_is_normalised(seed_text: str, seed) -> None:
    res = parse_resolution(unicodedata.normalize("NFD", seed_text))
    pd.testing.assert_frame_equal(res.table, seed.table)


def test_source_and_region_arguments(seed_text: str) -> None:
    res = parse_resolution(seed_text, source="my source", region="Tỉnh X")
    assert res.source == "my source"
    assert set(res.table["source"]) == {"my source"}
    assert set(res.table["region"]) == {"Tỉnh X"}


@pytest.mark.parametrize(
    ("edit", "region"),
    [
        ({}, "Sơn La"),  # the council's heading, written as in the date line
        ({2: "Lai Châu, ngày 05 tháng 12 năm 2024", 5: "HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN"},
         "Điện Biên"),  # the council decides; its capitals title-cased
        ({5: "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI", 2: "Hà Nội, ngày 05 tháng 12 năm 2024"},
         "Hà Nội"),
        ({5: "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ SƠN LA", 2: "TP. Sơn La, ngày 05 tháng 12 năm 2024"},
         "Thành phố Sơn La"),  # a city inside the province is not the province
        ({5: "", 48: "(Kèm theo Nghị quyết số 420/NQ-HĐND ngày 05/12/2024 của HĐND thành phố "
          "Điện Biên Phủ)"}, "Thành phố Điện Biên Phủ"),
        ({5: "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"}, "Hồ Chí Minh"),
        ({5: "HỘI ĐỒNG NHÂN DÂN", 6: "TỈNH LAI CHÂU", 2: "Lai Châu, ngày 05 tháng 12 năm 2024"},
         "Lai Châu"),  # the heading on two lines
        ({5: "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA KHÓA XV, KỲ HỌP THỨ 10."}, "Sơn La"),  # the term
        ({5: "HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN ----", 2: "TP. Điện Biên Phủ, ngày 5 tháng 12"},
         "Điện Biên"),  # a rule of dashes; the date line's place is another name
        ({5: "", 48: "", 2: "TP. Sơn La, ngày 05 tháng 12 năm 2024",
          3: "Nghị quyết này được HĐND tỉnh Điện Biên Khóa XV thông qua"},
         "Sơn La"),  # a sentence naming a council is no heading; "TP." is no part of a name
        ({5: "", 2: "Sơn La, ngày 05 tháng 12 năm 2024",
          48: "(Kèm theo Nghị quyết số 420/NQ-HĐND ngày 05/12/2024)"},
         "Sơn La"),  # no council heading: the date line's place
        ({5: "", 48: ""}, "Sơn La"),  # the annex's "(Kèm theo ... của HĐND tỉnh Sơn La)"
        ({5: "", 2: "ngày 05 tháng 12 năm 2024", 48: ""}, ""),  # none: one unnamed region
    ],
)
def test_region_is_read_from_the_text(seed_text: str, edit: dict[int, str], region: str) -> None:
    text = seed_text
    for lineno, line in edit.items():
        text = _replace_line(text, lineno, line)
    assert set(parse_resolution(text).table["region"]) == {region}


def test_region_from_the_annex_reference_line() -> None:
    text = ("PHỤ LỤC 01\nCÁC CHỈ TIÊU CHỦ YẾU NĂM 2027\n"
            "(Kèm theo Nghị quyết số 99/NQ-HĐND ngày 10/12/2026 của HĐND tỉnh Điện Biên)\n"
            "STT\nChỉ tiêu\nĐơn vị\nThực hiện năm 2025\n1\nTỷ lệ hộ nghèo\n%\n14,17\n")
    res = parse_resolution(text)
    assert set(res.table["region"]) == {"Điện Biên"}
    assert res.source == "99/NQ-HĐND 2026-12-10"


def test_source_falls_back_to_annex_reference(seed_text: str) -> None:
    text = _replace_line(_replace_line(seed_text, 2, "Sơn La"), 1, "")
    assert parse_resolution(text).source == "420/NQ-HĐND 2024-12-05"  # from annex line 48


# --------------------------------------------------------------------------------------
# Handwritten variants
# --------------------------------------------------------------------------------------


def test_variant_other_year_and_roman_sections() -> None:
    # 2026 plan: columns "Thực hiện năm 2024", "Năm 2025" (Kế hoạch, Ước TH cả năm),
    # "Kế hoạch năm 2026"; sections numbered "I", "II".
    res = read_resolution_file(FIXTURES / "nq-variant-2026.txt")
    t = res.table
    assert res.source == "512/NQ-HĐND 2025-12-10"
    assert len(t) == 8 * 4 and len(res.ratios) == 4
    columns = {(2024, "actual"), (2025, "plan"), (2025, "estimate"), (2026, "plan")}
    assert set(zip(t.year, t.kind, strict=True)) == columns
    assert _value(t, "investment_total", 2024, "actual") == 21130.0
    assert _value(t, "investment_total", 2025, "plan") == 23000.0
    assert _value(t, "investment_total", 2025, "estimate") == 24150.0
    assert _value(t, "poverty_rate", 2026, "plan") == 6.2
    sections = dict(zip(t.indicator_id, t.section, strict=True))
    assert sections["grdp_growth"] == "economic" and sections["nrd_communes"] == "social"
    assert set(t.loc[t.indicator_id.str.startswith("structure_"), "parent_id"]) == {
        "economic_structure"
    }
    r = res.ratios.iloc[0]
    assert (r.numerator_year, r.numerator_kind, r.denominator_year, r.denominator_kind) == (
        2025,
        "estimate",
        2024,
        "actual",
    )
    r = res.ratios.iloc[3]
    assert (r.numerator_year, r.numerator_kind, r.denominator_year, r.denominator_kind) == (
        2026,
        "plan",
        2025,
        "estimate",
    )
    assert r.published == 113.10 and r.decimals == 2


def test_a_change_in_percentage_points_is_a_rate() -> None:
    # a review (another province's resolution): "Mức giảm tỷ lệ hộ nghèo" in 'điểm %', 3.4
    # then a plan of 3.0, was a level "met already" (P 0.98) beside the poverty rate's 0.19
    text = (FIXTURES / "nq-variant-2026.txt").read_text(encoding="utf-8").replace(
        "5\nXã đạt chuẩn nông thôn mới",
        "5\nMức giảm tỷ lệ hộ nghèo\nđiểm %\n3,10\n3,00\n3,40\n3,00\n"
        "6\nXã đạt chuẩn nông thôn mới")
    res = parse_resolution(text)
    fall = res.table[res.table["name_vi"] == "Mức giảm tỷ lệ hộ nghèo"]
    assert set(fall["scale"]) == {"rate"} and len(fall) == 4
    row = sf.assess(res.table, target_year=2026).to_frame().set_index("indicator_id").loc[
        fall["indicator_id"].iat[0]]
    assert row["status"] != "met already" and 0.3 < row["probability"] < 0.8


def test_variant_missing_cells() -> None:
    # "-", "x", "–", "—" and an empty line are missing cells: no row for them.
    res = read_resolution_file(FIXTURES / "nq-variant-missing.txt")
    t = res.table
    assert len(t) == 13  # 16 value cells, 3 missing
    keys = set(zip(t.indicator_id, t.year, t.kind, strict=True))
    assert ("investment_total", 2024, "plan") not in keys  # "-"
    assert ("budget_revenue", 2024, "plan") not in keys  # "x"
    assert ("tourist_arrivals", 2023, "actual") not in keys  # "—"
    assert _value(t, "investment_total", 2024, "estimate") == 21130.0
    assert _value(t, "urbanization_rate", 2025, "plan") == 20.6
    # ratios: investment's first is "–", tourists' first is an empty line
    assert res.ratios[["indicator_id", "published"]].values.tolist() == [
        ["investment_total", 108.85],
        ["tourist_arrivals", 106.12],
    ]
    assert (res.ratios["numerator_year"] == 2025).all()


def test_variant_unknown_names_get_slugs() -> None:
    res = read_resolution_file(FIXTURES / "nq-variant-unknown.txt", region="Điện Biên")
    t = res.table.drop_duplicates("indicator_id").set_index("indicator_id")
    assert list(t.index) == [
        "so_doanh_nghiep_thanh_lap_moi_trong_nam",
        "san_luong_luong_thuc_co_hat",
        "so_xa_co_duong_o_to_den_trung_tam",
        "khu_vuc_thanh_thi",
        "khu_vuc_nong_thon",
        "investment_total",
        "khu_vuc_nong_thon_2",  # same name again: made unique
    ]
    assert (t.index.str.len() <= 40).all()
    unknown = t.drop(index="investment_total")
    assert (unknown["name_en"] == "").all() and (unknown["direction"] == "").all()
    assert t.loc["so_doanh_nghiep_thanh_lap_moi_trong_nam", "unit"] == "Doanh nghiệp"
    assert t.loc["so_doanh_nghiep_thanh_lap_moi_trong_nam", "scale"] == "count"
    assert t.loc["san_luong_luong_thuc_co_hat", "scale"] == "level"
    assert t.loc["so_xa_co_duong_o_to_den_trung_tam", "scale"] == "count"
    assert t.loc["khu_vuc_thanh_thi", "scale"] == "percent"
    # value-less header "Tỷ lệ hộ được dùng điện lưới quốc gia (%)": parent, unit from "(%)"
    assert t.loc["khu_vuc_thanh_thi", "parent_id"] == "ty_le_ho_duoc_dung_dien_luoi_quoc_gia"
    assert t.loc["khu_vuc_thanh_thi", "unit"] == "%"
    assert t.loc["khu_vuc_nong_thon_2", "parent_id"] == "investment_total"
    assert t.loc["khu_vuc_nong_thon", "section"] == "quoc_phong_an_ninh"
    assert set(res.table["region"]) == {"Điện Biên"}
    assert res.source == "77/NQ-HĐND 2024-12-08"
    assert len(res.ratios) == 0 and list(res.ratios.columns) == list(RATIO_COLUMNS)


def test_section_numbered_roman_in_seed(seed_text: str, seed) -> None:
    # The seed numbers its first section "1"; numbering it "I" changes nothing.
    res = parse_resolution(_replace_line(seed_text, 60, "I"))
    pd.testing.assert_frame_equal(res.table, seed.table)


def test_stt_with_trailing_dot(seed_text: str, seed) -> None:
    res = parse_resolution(_replace_line(seed_text, 69, "2."))
    pd.testing.assert_frame_equal(res.table, seed.table)


def test_sections_numbered_with_integers(seed_text: str, seed) -> None:
    # "2" directly after the last cell of row 8's sub-row is the next section's number.
    text = _replace_line(_replace_line(seed_text, 149, "2"), 260, "3")
    res = parse_resolution(text)
    pd.testing.assert_frame_equal(res.table, seed.table)
    pd.testing.assert_frame_equal(res.ratios, seed.ratios)


def test_empty_unit_cell(seed_text: str, seed) -> None:
    # An empty line where the unit goes is an empty unit, not a missing value.
    res = parse_resolution(_replace_line(seed_text, 64, ""))
    assert len(res.table) == 136
    assert set(res.table.loc[res.table.indicator_id == "grdp_growth", "unit"]) == {""}
    pd.testing.assert_frame_equal(
        res.table.drop(columns="unit"), seed.table.drop(columns="unit"), check_exact=True
    )


def test_capitalised_row_name_is_not_a_section(seed_text: str) -> None:
    res = parse_resolution(_replace_line(seed_text, 126, "TỶ LỆ ĐÔ THỊ HÓA"))
    t = res.table[res.table.line == 126]
    assert len(t) == 4 and set(t.unit) == {"%"}
    assert set(t.section) == {"economic"}


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


def test_bad_number_names_the_line(seed_text: str) -> None:
    text = _replace_line(seed_text, 101, "20,9.67")
    with pytest.raises(
        InputError, match=r"row 101 \(Tổng vốn đầu tư toàn xã hội\), column 'Thực hiện năm 2023'"
    ) as info:
        parse_resolution(text)
    assert info.value.value == "20,9.67"


def test_bad_number_in_ratio_column(seed_text: str) -> None:
    text = _replace_line(seed_text, 105, "101.01")  # a dot is never a decimal point
    with pytest.raises(InputError, match=r"row 105 .*column 'UTH 2024 so với thực hiện 2023"):
        parse_resolution(text)


@pytest.mark.parametrize(("text", "read"), [("5.500", "5500%"), ("6.300,5", "6300.5%")])
def test_a_percentage_with_thousands_is_refused(seed_text: str, text: str, read: str) -> None:
    # "5.500" for the 2025 GRDP growth plan (line 68, 5,50) had read as 5500% without a word;
    # only the audit's large-jump finding showed it.
    with pytest.raises(InputError, match=rf"row 68 .*column 'Kế hoạch năm 2025'.*reads as "
                                         rf"{re.escape(read)}") as info:
        parse_resolution(_replace_line(seed_text, 68, text))
    assert info.value.value == text
    # A level may group thousands (GRDP per capita 60,30 on line 75, in million VND).
    table = parse_resolution(_replace_line(seed_text, 75, "1.020")).table
    assert _value(table, "grdp_per_capita", 2025, "plan") == 1020.0


def test_missing_ratio_cell_is_ambiguous(seed_text: str) -> None:
    # Drop "106,12" (line 140): 5 cells could be 4 values + either ratio.
    text = _replace_line(seed_text, 140, None)
    with pytest.raises(InputError, match=r"row 133 \(Tổng lượt khách du lịch\), column 'UTH") as e:
        parse_resolution(text)
    assert "cannot tell which of" in str(e.value)
    assert "Kế hoạch 2025 so với ước thực hiện 2024 (%)" in str(e.value)


def test_missing_value_cell_is_ambiguous(seed_text: str) -> None:
    # Drop "7,49" (line 66): "0,75 6,30 5,50 2" is 4 cells, or 3 cells + STT 2.
    text = _replace_line(seed_text, 66, None)
    with pytest.raises(InputError, match=r"row 63 \(Tốc độ tăng .*GRDP\).*cannot tell which"):
        parse_resolution(text)


def test_too_many_cells(seed_text: str) -> None:
    # An extra value in the last row: 7 cells and no next row.
    text = seed_text.replace("101,05\n101,04\n", "101,05\n101,04\n99,9\n")
    with pytest.raises(InputError, match=r"row 305 \(Tỷ lệ che phủ rừng ổn định\).*7 cells"):
        parse_resolution(text)


def test_missing_row_number_raises(seed_text: str) -> None:
    # Without "8" (line 132) "Tổng lượt khách du lịch" would become a sub-row of row 7.
    with pytest.raises(InputError, match=r"row 150 \(Tỷ lệ lao động nông nghiệp.*\).*9 follows 7"):
        parse_resolution(_replace_line(seed_text, 132, None))


def test_missing_name_raises(seed_text: str) -> None:
    # Without its name (line 99) the row would be called "Tỷ đồng".
    with pytest.raises(InputError, match=r"row 99: 'Tỷ đồng' looks like a unit"):
        parse_resolution(_replace_line(seed_text, 99, None))


def test_missing_unit_raises(seed_text: str) -> None:
    with pytest.raises(InputError, match=r"row 126 \(Tỷ lệ đô thị hóa\), column 'unit'"):
        parse_resolution(_replace_line(seed_text, 127, None))


def test_no_annex(seed_text: str) -> None:
    text = seed_text.replace("PHỤ LỤC", "BẢNG")
    with pytest.raises(InputError, match="no indicator annex found"):
        parse_resolution(text)


def test_header_without_years(seed_text: str) -> None:
    lines = seed_text.split("\n")
    text = "\n".join(lines[:51] + lines[59:])  # drop the header lines 52-59
    with pytest.raises(InputError, match=r"row 48, column 'header': .*\(lines 48-51\).*year"):
        parse_resolution(text)


def test_year_heading_without_subcolumns(seed_text: str) -> None:
    text = _replace_line(_replace_line(seed_text, 57, ""), 56, "")
    with pytest.raises(InputError, match=r"row 53, column 'header': .*'Năm 2024' has no sub"):
        parse_resolution(text)


def test_cells_before_any_row() -> None:
    text = "PHỤ LỤC 01\nCÁC CHỈ TIÊU\nThực hiện năm 2023\n12,5\n1\nTỷ lệ hộ nghèo\n%\n14,17\n"
    with pytest.raises(InputError, match=r"row 4: '12,5' is not part of any row"):
        parse_resolution(text)


def test_not_a_string() -> None:
    with pytest.raises(InputError, match="expected the resolution as str"):
        parse_resolution(b"PHU LUC")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Names and glossary
# --------------------------------------------------------------------------------------


def test_normalise_name() -> None:
    assert normalise_name("- Nông, lâm nghiệp,  thủy sản") == "nông, lâm nghiệp, thủy sản"
    assert normalise_name("TĐ: Tỷ lệ lao động có bằng cấp chứng chỉ") == (
        "tỷ lệ lao động có bằng cấp chứng chỉ"
    )
    assert normalise_name("Cơ cấu kinh tế theo giá hiện hành (%)") == (
        "cơ cấu kinh tế theo giá hiện hành"
    )
    assert normalise_name("Tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa”") == normalise_name(
        'Tỷ lệ gia đình đạt danh hiệu "Gia đình văn hóa"'
    )


def test_slugify() -> None:
    assert slugify("Đường đến trung tâm xã") == "duong_den_trung_tam_xa"
    assert slugify("2 chỉ tiêu") == "i_2_chi_tieu"
    assert len(slugify("Tỷ lệ " * 30)) <= 40


def test_glossary_ids_are_consistent() -> None:
    g = load_glossary()
    assert set(SEED_IDS) <= set(g["indicator_id"])
    per_id = g.groupby("indicator_id")[["direction", "scale", "section"]].nunique()
    assert (per_id == 1).all().all()  # aliases agree on everything but the names
    # an English name may follow its alias: only the alias that names a period names it
    poverty = g[g["indicator_id"] == "poverty_rate"].set_index("name_vi")["name_en"]
    assert poverty["Tỷ lệ hộ nghèo"] == "Poverty rate (multidimensional standard)"
    assert poverty["Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025"].endswith("2021-2025)")
    assert set(g["direction"]) <= {"higher", "lower", "band"}
    assert set(g["scale"]) <= {"percent", "level", "rate", "count"}
    assert not g["name_vi"].map(normalise_name).duplicated().any()


def test_custom_glossary(seed_text: str) -> None:
    g = pd.DataFrame(
        {
            "indicator_id": ["poor"],
            "name_vi": ["Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025"],
            "name_en": ["Poverty"],
            "direction": ["lower"],
            "scale": ["percent"],
            "section": ["social"],
        }
    )
    res = parse_resolution(seed_text, glossary=g)
    assert "poor" in set(res.table.indicator_id)
    assert "grdp_growth" not in set(res.table.indicator_id)  # now a slug
    with pytest.raises(InputError, match="glossary lacks columns"):
        parse_resolution(seed_text, glossary=g.drop(columns="scale"))


def test_unknown_rows_get_the_table_scale_rules() -> None:
    # One rule for scales (sonla_forecast.table.infer_scale): a "%" growth rate is `rate`, a
    # unit counting households is `count` whatever its case and diacritics.
    lines = (FIXTURES / "nq-variant-unknown.txt").read_text(encoding="utf-8").splitlines()
    head = lines[: lines.index("CHỈ TIÊU KINH TẾ") + 1]
    rows = ["1", "Tốc độ tăng thu nhập bình quân đầu người", "%", "6,1", "6,5", "6,4", "7,0",
            "2", "Số hộ thoát nghèo", "Hộ", "5.210", "5.000", "5.300", "5.500"]
    t = parse_resolution("\n".join(head + rows)).table.set_index("indicator_id")
    scale = t.groupby(level=0)["scale"].first()
    assert scale.loc["toc_do_tang_thu_nhap_binh_quan_dau_nguoi"] == "rate"
    assert scale.loc["so_ho_thoat_ngheo"] == "count"


def test_an_input_error_in_a_resolution_names_the_line_of_the_figure(
    tmp_path: Path, seed_text: str
) -> None:
    # Line 101 of the text is the 2023 actual of total investment, 20.967.
    lines = seed_text.splitlines()
    assert lines[100].strip() == "20.967"
    lines[100] = "-20.967"
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="negative") as e:
        sf.read_resolution(path)
    assert e.value.row == 101 and e.value.column == "value"


def test_read_table_of_a_parsed_table_names_the_line_of_the_figure(seed_text: str) -> None:
    lines = seed_text.splitlines()
    lines[100] = "-20.967"
    parsed = parse_resolution("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="negative") as e:
        sf.read_table(parsed.table)
    assert e.value.row == 101


@pytest.mark.parametrize(("printed", "wrapped", "iid"), [
    # a qualifier in parentheses, a lower-case continuation, a capitalised one that completes a
    # known name
    ("Tốc độ tăng tổng sản phẩm trên địa bàn GRDP",
     "Tốc độ tăng tổng sản phẩm trên địa bàn GRDP\n(theo giá so sánh 2010)", "grdp_growth"),
    ("Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025",
     "Tỷ lệ hộ nghèo theo chuẩn nghèo\ngiai đoạn 2021-2025", "poverty_rate"),
    ("Tốc độ tăng tổng sản phẩm trên địa bàn GRDP",
     "Tốc độ tăng tổng sản phẩm trên địa bàn\nGRDP", "grdp_growth"),
])
def test_a_name_wrapped_over_two_lines_is_one_row(seed_text: str, seed, printed: str,
                                                   wrapped: str, iid: str) -> None:
    # It became an empty row and a sub-row holding the figures under a slug of the second line
    # (grdp_growth as 'theo_gia_so_sanh_2010', scale percent, direction inferred 'lower').
    assert seed_text.count(printed + "\n") == 1
    got = parse_resolution(seed_text.replace(printed + "\n", wrapped + "\n")).table
    ref = seed.table
    assert list(got["indicator_id"]) == list(ref["indicator_id"])
    cols = ["indicator_id", "year", "kind", "value", "unit", "scale", "direction", "parent_id"]
    # the same rows and figures (each figure's line, the index, moves down one)
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  ref[cols].reset_index(drop=True))
    assert got.loc[got.indicator_id == iid, "name_vi"].iloc[0] == " ".join(wrapped.split("\n"))


@pytest.mark.parametrize(("printed", "wrapped"), [
    ("Tỷ lệ người sử dụng internet\n%", "Tỷ lệ người dân sử dụng\ninternet\n%"),
    ("Tốc độ tăng tổng sản phẩm trên địa bàn GRDP\n%",
     "Tốc độ tăng tổng sản phẩm trên\nđịa bàn (GRDP)\n%"),
])
def test_an_unknown_name_wrapped_before_a_bare_row_number_is_one_row(
        seed_text: str, printed: str, wrapped: str) -> None:
    # A lower-case second line of a name the glossary does not know, in a row followed by the
    # next row's bare number ("20" on its own line): the number was taken for a cell, the next
    # row's name for an unmarked sibling, and the wrapped name split into an empty header and
    # a sub-row holding the figures ('internet', 'dia_ban' as a percentage meant to fall).
    assert seed_text.count(printed + "\n") == 1
    got = parse_resolution(seed_text.replace(printed + "\n", wrapped + "\n")).table
    name = " ".join(wrapped.split("\n")[:2])
    rows = got[got["name_vi"] == name]
    assert len(rows) == 4 and (rows["parent_id"] == "").all(), got["name_vi"].unique()
    assert not got["name_vi"].isin(wrapped.split("\n")[:2]).any()


@pytest.mark.parametrize("sign", ["\u2212", "\u2013"])
def test_a_typographic_minus_in_a_cell_is_named_with_its_row_and_column(
        seed_text: str, sign: str) -> None:
    # Word's minus sign had "not a Vietnamese number" with no word of the sign, and an en dash
    # "looks like a unit, not an indicator name" (a parser review)
    row = "14,17\n11,41\n11,17\n8,17\n"
    assert seed_text.count(row) == 1
    with pytest.raises(InputError, match=rf"its sign '{sign}' is a typographic minus or dash, "
                       r"not the ASCII '-': write -14,17") as e:
        parse_resolution(seed_text.replace(row, f"{sign}14,17\n11,41\n11,17\n8,17\n"))
    assert "Tỷ lệ hộ nghèo" in str(e.value) and e.value.column


@pytest.mark.parametrize("gap", ["   ", "\t", " | ", "|", " "])
def test_a_whole_row_on_one_line_is_refused_with_how_to_mend_it(seed_text: str, gap: str) -> None:
    # A PDF's text layer puts a row on one line: it had been read as a name with no cells
    # ("the table has no rows", or a count of cells that named no line; a parser review)
    block = "Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025\n%\n14,17\n11,41\n11,17\n8,17\n"
    assert seed_text.count(block) == 1
    line = gap.join(["Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025", "%", "14,17",
                     "11,41", "11,17", "8,17"])
    with pytest.raises(InputError, match="this line holds a whole row, its figures spaced out "
                       r"on the name's line .*one cell per line") as e:
        parse_resolution(seed_text.replace(block, line + "\n"))
    assert e.value.row == 1 + seed_text[: seed_text.index(block)].count("\n")


def _annex_edit(text: str, old: str, new: str) -> str:
    assert text.count(f"\n{old}\n") == 1, old
    return text.replace(f"\n{old}\n", f"\n{new}\n")


@pytest.mark.parametrize("edit", [
    # numbered notes under the table (before the next annex)
    lambda t: t.replace("\nPHỤ LỤC 02", "\nGhi chú:\n1. Chỉ tiêu GRDP tính theo giá so sánh "
                        "2010.\n2. Số liệu năm 2024 là số ước thực hiện.\nPHỤ LỤC 02", 1),
    # the economic structure's parts numbered 1. to 4. (4 is also the next row's number)
    lambda t: _annex_edit(_annex_edit(_annex_edit(_annex_edit(
        t, "- Nông, lâm nghiệp, thủy sản", "1. Nông, lâm nghiệp, thủy sản"),
        "- CN - XD", "2. CN - XD"), "- Dịch vụ", "3. Dịch vụ"),
        "- Thuế sản phẩm trừ trợ cấp sp", "4. Thuế sản phẩm trừ trợ cấp sp"),
    # a period spaced out in a name
    lambda t: t.replace("giai đoạn 2021-2025", "giai đoạn 2021  -  2025"),
])
def test_numbers_on_a_line_that_is_no_numbered_row_read_as_before(seed_text: str, seed,
                                                                   edit) -> None:
    # A regression review: after the row number on the name's line was read as the row's
    # number, these valid texts were refused ("row number 1 follows 28", "this line holds a
    # whole row"); they read as before, the notes dropped and the parts as parts.
    got = parse_resolution(edit(seed_text)).table
    cols = ["year", "kind", "value", "unit"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  seed.table[cols].reset_index(drop=True))
    assert list(got["parent_id"] != "") == list(seed.table["parent_id"] != "")


@pytest.mark.parametrize(("old", "new"), [
    ("Tỷ lệ đô thị hóa", "7. Tỷ lệ đô thị hóa"),
    # the first row of a section: the section title had become an empty row and every social
    # indicator was filed under the economic section (a second regression review)
    ("Tỷ lệ lao động nông nghiệp trong tổng lao động xã hội",
     "9. Tỷ lệ lao động nông nghiệp trong tổng lao động xã hội"),
    ("Tỷ lệ dân số nông thôn được dùng nước sinh hoạt hợp vệ sinh",
     "22.Tỷ lệ dân số nông thôn được dùng nước sinh hoạt hợp vệ sinh"),
])
def test_a_row_number_printed_twice_is_one_number(seed_text: str, seed, old: str,
                                                  new: str) -> None:
    # "7" on its own line, then "7. Tỷ lệ đô thị hóa": the bare number was taken for the
    # revenue row's seventh cell (a regression review); it is the row's number, once
    got = parse_resolution(_annex_edit(seed_text, old, new)).table
    pd.testing.assert_frame_equal(got.reset_index(drop=True), seed.table.reset_index(drop=True))


def _inline_numbers(text: str, sep: str = ". ") -> str:
    """The annex with every main row's number on its name's line ("12. Tỷ lệ ...")."""
    head, annex = text.split("\nCHỈ TIÊU KINH TẾ\n", 1)
    annex, tail = annex.split("\nPHỤ LỤC 02", 1)
    annex = re.sub(r"(?m)^(\d{1,2})\n(?=[A-ZĐÀ-Ỹa-zà-ỹ])", rf"\1.{sep[1:]}", annex)
    return head + "\nCHỈ TIÊU KINH TẾ\n" + annex + "\nPHỤ LỤC 02" + tail


@pytest.mark.parametrize("sep", [". ", ".", ".\t"])
def test_inline_numbers_read_as_the_bare_ones(seed_text: str, seed, sep: str) -> None:
    # "12. Tỷ lệ hộ nghèo ...": the number had stayed in the name and the id, the rows were
    # unnumbered, and the rows after the economic structure hung under it as shares (which
    # hid a share sum of 103 in a parser review)
    inline = _inline_numbers(seed_text, sep)
    assert f"\n12{sep}Tỷ lệ hộ nghèo" in inline
    pd.testing.assert_frame_equal(  # each figure's line moves up as the numbers join a line
        parse_resolution(inline).table.drop(columns="line").reset_index(drop=True),
        seed.table.drop(columns="line").reset_index(drop=True))
    if sep != ". ":
        return
    # with the sections numbered on lines of their own ("1", "CHỈ TIÊU KINH TẾ"), the rows'
    # numbers on their names' lines are still the rows' (a fifth regression review: the
    # section numbers passed for rows numbered apart, and the rows lost their numbers)
    assert inline.count("\n1\nCHỈ TIÊU KINH TẾ\n") == 1
    pd.testing.assert_frame_equal(
        parse_resolution(inline.replace("\nII\nCHỈ TIÊU XÃ HỘI\n", "\n2\nCHỈ TIÊU XÃ HỘI\n"))
        .table.drop(columns="line").reset_index(drop=True),
        seed.table.drop(columns="line").reset_index(drop=True))
    # a row missing among inline numbers is refused as among bare ones (its successors had
    # been hung under the row before the gap, silently)
    gap = re.sub(r"(?s)\n12\. Tỷ lệ hộ nghèo.*?(?=\n13\. )", "", inline)
    with pytest.raises(InputError, match="row number 13 follows 11"):
        parse_resolution(gap)
    # a row whose number matches its parts' next ("3. Cơ cấu" with parts "1." to "3.", then
    # "4. Tổng vốn"): row 4, not a fourth part (every later row had become a part)
    parts = inline
    for k, part in enumerate(("Nông, lâm nghiệp, thủy sản", "CN - XD", "Dịch vụ"), start=1):
        parts = parts.replace(f"\n- {part}\n", f"\n{k}. {part}\n")
    got = parse_resolution(parts).table
    invest = got[got["indicator_id"] == "investment_total"]
    assert len(invest) == 4 and (invest["parent_id"] == "").all()
    # four parts: "4. Thuế" is the fourth part, as row 4 follows (a third regression review:
    # a part numbered like the next row had become a main row, the rows after it its shares)
    taxes = "Thuế sản phẩm trừ trợ cấp sp"
    four = parts.replace(f"\n- {taxes}\n", f"\n4. {taxes}\n")
    got = parse_resolution(four).table
    assert (got.loc[got["name_vi"].str.contains("Thuế sản phẩm"), "parent_id"]
            == "economic_structure").all()
    assert (got.loc[got["indicator_id"] == "investment_total", "parent_id"] == "").all()
    # the same with the rows' numbers on lines of their own (it had been refused)
    bare = seed_text
    for k, part in enumerate(("Nông, lâm nghiệp, thủy sản", "CN - XD", "Dịch vụ",
                              "Thuế sản phẩm trừ trợ cấp sp"), start=1):
        bare = bare.replace(f"\n- {part}\n", f"\n{k}. {part}\n")
    got = parse_resolution(bare).table
    assert (got.loc[got["indicator_id"] == "investment_total", "parent_id"] == "").all()
    assert (got["parent_id"] == "economic_structure").sum() == 16
    # a numbered note between rows, numbered past them, is no missing row
    note = seed_text.replace("\n4\nTổng vốn đầu tư", "\n9. Số liệu sơ bộ của Cục Thống kê tỉnh"
                             "\n4\nTổng vốn đầu tư", 1)
    pd.testing.assert_frame_equal(parse_resolution(note).table.drop(columns="line")
                                  .reset_index(drop=True),
                                  seed.table.drop(columns="line").reset_index(drop=True))


def test_a_capitalised_second_line_of_an_unknown_name_stays_a_sub_row(seed_text: str) -> None:
    # Without the glossary to say the two lines are one name, a capitalised line after a
    # value-less row is a part of it (as "Doanh thu từ hoạt động du lịch" is a part of row 8).
    text = seed_text.replace("Cơ cấu kinh tế theo giá hiện hành (%)\n- Nông, lâm nghiệp",
                             "Cơ cấu kinh tế theo giá hiện hành (%)\nNông, lâm nghiệp")
    got = parse_resolution(text).table
    agri = got[got.indicator_id == "structure_agri"]
    assert (agri["parent_id"] == "economic_structure").all()


def test_blank_lines_that_shift_figures_into_the_ratio_columns_are_refused(
        seed_text: str) -> None:
    # Two blank lines inside the poverty row (a page break in extracted text) made 6 cells:
    # read as 4 values and 2 ratios, the 2025 target 8.17 was dropped and became a "ratio".
    row = "14,17\n11,41\n11,17\n8,17\n"
    assert seed_text.count(row) == 1
    with pytest.raises(InputError, match=r"the ratio '11,17' \(line \d+\) is printed but not "
                       r"the figure\(s\) it compares") as e:
        parse_resolution(seed_text.replace(row, "14,17\n11,41\n\n\n11,17\n8,17\n"))
    assert e.value.column == "UTH 2024 so với thực hiện 2023 (%)"


def test_a_thuc_hien_column_for_a_year_not_ended_is_an_estimate(seed_text: str, seed) -> None:
    # Headed "Thực hiện" in a resolution dated 5 December 2024, the 2024 column was read as
    # actuals, before 2024 had ended; the ratio that compares it follows.
    assert seed_text.count("\nƯớc TH cả năm\n") == 1
    got = parse_resolution(seed_text.replace("\nƯớc TH cả năm\n", "\nThực hiện\n"))
    pd.testing.assert_frame_equal(got.table, seed.table)
    pd.testing.assert_frame_equal(got.ratios, seed.ratios)
    # a year already ended keeps its actuals
    assert (got.table.loc[got.table.year == 2023, "kind"] == "actual").all()


def test_a_score_in_diem_with_a_fraction_is_a_level_not_a_count(seed_text: str) -> None:
    # "Điểm" counts places or scores points; PCI 64,5 refused the whole file as "not a whole
    # number, but the indicator is a count", with no way to set the scale of a parsed text.
    anchor = "II\nCHỈ TIÊU XÃ HỘI\n"
    assert seed_text.count(anchor) == 1
    pci = ("Chỉ số năng lực cạnh tranh cấp tỉnh PCI\nĐiểm\n64,5\n65\n65,2\n66\n"
           "Số điểm du lịch được công nhận\nĐiểm\n12\n14\n14,00\n16\n")
    got = parse_resolution(seed_text.replace(anchor, pci + anchor)).table
    scale = dict(zip(got["name_vi"], got["scale"], strict=False))
    assert scale["Chỉ số năng lực cạnh tranh cấp tỉnh PCI"] == "level"
    assert scale["Số điểm du lịch được công nhận"] == "count"  # whole figures (14,00 is 14)
    assert sf.read_table(got) is not None


def test_an_index_or_a_ratio_to_another_figure_in_percent_may_pass_100(
        seed_text: str, tmp_path: Path) -> None:
    # annexes print a CPI or revenue against the budget with a bare '%': 103,25 refused the
    # whole text as "outside [0, 100] for a percentage", with no scale column to set (a
    # review). On such a name, figures over 100 make the row a level; a share over 100 is
    # still refused, and a satisfaction index in % that stays under 100 is a percentage.
    anchor = "II\nCHỈ TIÊU XÃ HỘI\n"
    assert seed_text.count(anchor) == 1
    rows = ("Chỉ số giá tiêu dùng (CPI) so với năm trước\n%\n103,25\n104,0\n103,5\n104,0\n"
            "Thu ngân sách so với dự toán Trung ương giao\n%\n112,5\n100\n104,2\n100\n"
            "Chỉ số hài lòng của người dân (SIPAS)\n%\n84,5\n85\n85,6\n86\n"
            "Chỉ số sản xuất công nghiệp (IIP) tăng\n%\n108,5\n110\n109,6\n110\n"
            "Chỉ số giá tiêu dùng (CPI) tăng\n%\n-0,5\n4\n3,6\n4\n")
    got = parse_resolution(seed_text.replace(anchor, rows + anchor)).table
    scale = dict(zip(got["name_vi"], got["scale"], strict=False))
    assert scale["Chỉ số giá tiêu dùng (CPI) so với năm trước"] == "level"
    assert scale["Thu ngân sách so với dự toán Trung ương giao"] == "level"
    assert scale["Chỉ số hài lòng của người dân (SIPAS)"] == "percent"
    # a change word alone leaves the index itself (108,5); with a negative figure (a year of
    # deflation) the row is the change, a growth rate (a fifth regression review)
    assert scale["Chỉ số sản xuất công nghiệp (IIP) tăng"] == "level"
    assert scale["Chỉ số giá tiêu dùng (CPI) tăng"] == "rate"
    assert sf.audit(sf.read_table(got)) is not None
    over = tmp_path / "over.txt"
    over.write_text(seed_text.replace(
        anchor, "Tỷ lệ hộ được dùng điện\n%\n99\n100\n101\n100\n" + anchor), encoding="utf-8")
    with pytest.raises(InputError, match=r"101 is outside \[0, 100\] for a percentage.*"
                       r"`sonla-forecast parse` writes"):
        sf.read_resolution(over)


@pytest.mark.parametrize("style", ["inline", "alone", "bare", "number alone"])
def test_lettered_parts_are_parts_of_their_header(seed_text: str, seed, style: str) -> None:
    # "a) Nông, lâm nghiệp ..." (or "a)" / "a" on the line before the name) took the letter
    # for a value-less group header: the parts got parent_id 'a', 'b', ...
    parts = ["Nông, lâm nghiệp, thủy sản", "CN - XD", "Dịch vụ",
             "Thuế sản phẩm trừ trợ cấp sp"]
    text = seed_text
    for letter, part in zip("abcd", parts, strict=True):
        assert text.count(f"\n- {part}\n") == 1
        new = {"inline": f"{letter}) {part}", "alone": f"{letter})\n{part}",
               "bare": f"{letter}\n{part}",
               "number alone": f"({'abcd'.index(letter) + 1})\n{part}"}[style]
        text = text.replace(f"\n- {part}\n", f"\n{new}\n")
    got = parse_resolution(text).table
    cols = ["indicator_id", "year", "kind", "value", "unit", "scale", "parent_id", "name_vi"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  seed.table[cols].reset_index(drop=True))


@pytest.mark.parametrize("cell", ["≥ 8,17", "> 8", "5,5-6", "5,5 – 6", "Từ 5,5 đến 6", "(8,17)",
                                  "Khoảng 8,17", "Giảm 3%", "Không quá 8,17",
                                  "Đạt 8,17"])
def test_a_qualified_figure_is_named_as_not_a_number(seed_text: str, cell: str) -> None:
    # It was reported as a missing cell ("3 cell(s) for 4 value columns: cannot tell which of
    # [...] are missing").
    row = "14,17\n11,41\n11,17\n8,17\n"
    assert seed_text.count(row) == 1
    text = seed_text.replace(row, f"14,17\n11,41\n11,17\n{cell}\n")
    line = text.split("\n").index(cell) + 1
    with pytest.raises(InputError, match=re.escape(f"{cell!r} (line {line}) is not a number")) \
            as e:
        parse_resolution(text)
    assert e.value.row == line and e.value.column == "Kế hoạch năm 2025"


@pytest.mark.parametrize(("printed", "variant"), [
    ("Kế hoạch năm 2025", "Kế  hoạch năm 2025"),  # two spaces
    ("Kế hoạch năm 2025", "Kế\u00a0hoạch năm 2025"),  # a no-break space
    ("Kế hoạch năm 2025", "KH giao năm 2025"),
    ("Kế hoạch năm 2025", "Mục tiêu năm 2025"),
    ("Kế hoạch 2025 so với ước thực hiện 2024 (%)", "KH 2025/UTH 2024 (%)"),
    # "Dự kiến TH" (expected to be achieved) is the estimate, as "Dự kiến thực hiện" was
    # (a parser review: the header ended there without a word)
    ("Ước TH cả năm", "Dự kiến TH cả năm"),
    ("Ước TH cả năm", "DKTH cả năm"),
])
def test_header_variants_read_the_same_columns(seed_text: str, seed, printed: str,
                                               variant: str) -> None:
    # Each ended the header without a word; the error came at the first row ("4 cells, more
    # than the 3 columns") or named another heading.
    assert seed_text.count(f"\n{printed}\n") == 1
    got = parse_resolution(seed_text.replace(f"\n{printed}\n", f"\n{variant}\n"))
    pd.testing.assert_frame_equal(got.table, seed.table)
    cols = [c for c in RATIO_COLUMNS if c != "line"]
    pd.testing.assert_frame_equal(got.ratios[cols], seed.ratios[cols])


def test_a_lower_case_unit_is_not_taken_for_a_wrapped_name(seed_text: str) -> None:
    # "căn hộ" (not a known unit word) starts in lower case like a name's second line, but it
    # stands right before the figures, where the unit goes.
    printed = "Tổng lượt khách du lịch\nNghìn lượt\n"
    assert seed_text.count(printed) == 1
    got = parse_resolution(seed_text.replace(printed, "Tổng lượt khách du lịch\ncăn hộ\n")).table
    row = got[got.indicator_id == "tourist_arrivals"]
    assert set(row["unit"]) == {"căn hộ"} and len(row) == 4


def test_a_stray_line_does_not_become_the_parent_of_the_next_row(seed_text: str, seed) -> None:
    # A note line with no number, marker or figures (left by a "Ghi chú" column) was taken for
    # a group header: the tourism revenue row got parent_id 'so_lieu_so_bo'.
    printed = "\nDoanh thu từ hoạt động du lịch\n"
    assert seed_text.count(printed) == 1
    got = parse_resolution(seed_text.replace(printed, "\nSố liệu sơ bộ" + printed)).table
    pd.testing.assert_frame_equal(got.reset_index(drop=True)[["indicator_id", "parent_id"]],
                                  seed.table.reset_index(drop=True)[["indicator_id", "parent_id"]])
    # a value-less line followed by marked parts still heads them
    assert (seed.table.loc[seed.table.indicator_id == "structure_agri", "parent_id"]
            == "economic_structure").all()


def test_a_group_header_with_a_lower_case_unit_keeps_it(seed_text: str) -> None:
    # "tỷ đồng" under a value-less header was joined onto its name, and its parts lost their
    # unit (the whole file was refused).
    printed = ("Tổng vốn đầu tư toàn xã hội\nTỷ đồng\n20.967\n26.000\n21.130\n23.000\n101,01\n"
               "108,85\n")
    assert seed_text.count(printed) == 1
    grouped = ("Tổng vốn đầu tư toàn xã hội\ntỷ đồng\n- Vốn nhà nước\n8.000\n9.000\n8.500\n"
               "9.500\n- Vốn ngoài nhà nước\n12.967\n17.000\n12.630\n13.500\n")
    got = parse_resolution(seed_text.replace(printed, grouped)).table
    parts = got[got["parent_id"] == "investment_total"]
    assert parts["name_vi"].unique().tolist() == ["Vốn nhà nước", "Vốn ngoài nhà nước"]
    assert set(parts["unit"]) == {"tỷ đồng"} and len(parts) == 8


@pytest.mark.parametrize("marker", ["(1) ", "a) ", "(a) "])
def test_numbered_or_lettered_parts_in_line_are_parts(seed_text: str, seed, marker: str) -> None:
    # "(1) Nông, lâm nghiệp, thủy sản" was joined onto its header's name ("(" as a qualifier);
    # "(a) X" kept its marker in the name. A unit line in parentheses is the unit inside them.
    text = seed_text.replace("Tổng vốn đầu tư toàn xã hội\nTỷ đồng\n",
                             "Tổng vốn đầu tư toàn xã hội\n(Tỷ đồng)\n")
    for k, part in enumerate(["Nông, lâm nghiệp, thủy sản", "CN - XD", "Dịch vụ",
                              "Thuế sản phẩm trừ trợ cấp sp"], start=1):
        mark = {"(1) ": f"({k}) ", "a) ": f"{'abcd'[k - 1]}) ",
                "(a) ": f"({'abcd'[k - 1]}) "}[marker]
        text = text.replace(f"\n- {part}\n", f"\n{mark}{part}\n")
    got = parse_resolution(text).table
    cols = ["indicator_id", "year", "kind", "value", "unit", "parent_id", "name_vi"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  seed.table[cols].reset_index(drop=True))


def test_lower_case_parts_of_a_header_are_not_joined_to_it(seed_text: str) -> None:
    # "ở đô thị" then "ở nông thôn" under a value-less header are two parts; the first was
    # joined onto the header's name.
    printed = ("Tỷ lệ chất thải rắn sinh hoạt ở đô thị được thu gom\n%\n58\n92,00\n92,00\n92,50\n"
               "26\nTỷ lệ chất thải rắn sinh hoạt ở nông thôn được thu gom\n%\n84\n86,00\n86,00\n"
               "88,00\n")
    assert seed_text.count(printed) == 1
    grouped = ("Tỷ lệ chất thải rắn sinh hoạt được thu gom\nở đô thị\n%\n58\n92,00\n92,00\n"
               "92,50\nở nông thôn\n%\n84\n86,00\n86,00\n88,00\n")
    text = seed_text.replace(printed, grouped)
    # the rows after it move up one number (27, 28 -> 26, 27)
    for old, new in (("\n27\nTỷ lệ chất thải rắn sinh hoạt ở đô thị được xử lý\n",
                      "\n26\nTỷ lệ chất thải rắn sinh hoạt ở đô thị được xử lý\n"),
                     ("\n28\nTỷ lệ che phủ rừng ổn định\n", "\n27\nTỷ lệ che phủ rừng ổn định\n")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    got = parse_resolution(text).table
    parts = got[got["name_vi"].isin(["ở đô thị", "ở nông thôn"])]
    assert parts["name_vi"].unique().tolist() == ["ở đô thị", "ở nông thôn"]
    assert parts["parent_id"].nunique() == 1 and len(parts) == 8


def test_a_letter_before_a_section_title_is_not_a_part_marker(seed_text: str, seed) -> None:
    # "b)" and "c)" numbering the section titles left a pending letter that turned the next
    # numbered row into a part.
    text = seed_text.replace("\nII\nCHỈ TIÊU XÃ HỘI\n", "\nb)\nCHỈ TIÊU XÃ HỘI\n")
    assert text != seed_text
    got = parse_resolution(text).table
    pd.testing.assert_frame_equal(got.drop(columns="section"), seed.table.drop(columns="section"))


def test_thuc_hien_beside_an_estimate_of_the_same_open_year_is_refused(seed_text: str) -> None:
    # Read as an estimate, a "Thực hiện" 2024 column beside "Ước TH cả năm" 2024 gave two
    # 2024 estimates per indicator, refused only later as duplicate rows.
    old = "\nNăm 2024\nKế hoạch năm 2025\nSo sánh\nKế hoạch\nƯớc TH cả năm\n"
    assert seed_text.count(old) == 1
    text = seed_text.replace(old, old.replace("\nKế hoạch\nƯớc TH", "\nThực hiện\nƯớc TH"))
    with pytest.raises(InputError, match=r"both give the estimate for 2024: a 'Thực hiện' column "
                       r"for a year not ended by the resolution's date \(2024-12-05\)"):
        parse_resolution(text)


def test_a_resolution_dated_31_december_has_not_ended_its_year(seed_text: str, seed) -> None:
    text = seed_text.replace("\nƯớc TH cả năm\n", "\nThực hiện\n").replace(
        "ngày 05/12/2024", "ngày 31/12/2024").replace("ngày 05 tháng 12 năm 2024",
                                                      "ngày 31 tháng 12 năm 2024")
    got = parse_resolution(text)
    assert got.source.endswith("2024-12-31")
    assert (got.table.loc[got.table.year == 2024, "kind"] != "actual").all()
    assert (got.table.loc[got.table.year == 2023, "kind"] == "actual").all()


def test_a_period_on_the_second_line_of_a_name_is_not_called_a_bad_number(
        seed_text: str) -> None:
    printed = "Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025\n"
    assert seed_text.count(printed) == 1
    text = seed_text.replace(printed, "Tỷ lệ hộ cận nghèo giai đoạn\n2021-2025\n")
    got = parse_resolution(text).table  # it was "'2021-2025' is not a number" at first
    assert "Tỷ lệ hộ cận nghèo giai đoạn 2021-2025" in set(got["name_vi"])
    assert len(got) == 136


def test_lower_case_parts_with_units_after_a_header_ending_in_a_unit(seed_text: str,
                                                                     seed) -> None:
    # "nông, lâm nghiệp, thủy sản" after "Cơ cấu kinh tế ... (%)" was joined onto the header's
    # name (the next part, "CN - XD", is not in lower case, so it was not seen as a sibling).
    text = seed_text
    for part in ["Nông, lâm nghiệp, thủy sản", "CN - XD", "Dịch vụ",
                 "Thuế sản phẩm trừ trợ cấp sp"]:
        new = (part[0].lower() + part[1:]) if part != "CN - XD" else part
        text = text.replace(f"\n- {part}\n", f"\n{new}\n%\n")
    got = parse_resolution(text).table
    parts = got[got["parent_id"] == "economic_structure"]
    assert parts["indicator_id"].nunique() == 4 and len(parts) == 16
    assert "structure_agri" in set(parts["indicator_id"])


@pytest.mark.parametrize("line", ["Trong đó", "Trong đó:", "Chia ra:"])
def test_an_of_which_line_hands_its_parts_to_the_row_above(seed_text: str, line: str) -> None:
    # "Trong đó" became a value-less header and the parent of the parts ('trong_do'); with a
    # colon it was "looks like a unit".
    row = ("Tổng vốn đầu tư toàn xã hội\nTỷ đồng\n20.967\n26.000\n21.130\n23.000\n101,01\n"
           "108,85\n")
    assert seed_text.count(row) == 1
    text = seed_text.replace(row, row + f"{line}\n- Vốn nhà nước\nTỷ đồng\n8.000\n9.000\n8.500\n"
                                        "9.500\n")
    got = parse_resolution(text).table
    part = got[got["name_vi"] == "Vốn nhà nước"]
    assert len(part) == 4 and set(part["parent_id"]) == {"investment_total"}


def test_a_law_cited_with_an_old_date_does_not_turn_actuals_into_estimates(
        seed_text: str, seed) -> None:
    # The number and the date on one line (a pdftotext layout) left only the date of a law the
    # text cites (2015) to be found: every 2023 actual became an estimate.
    text = seed_text.replace(" Số: 420/NQ-HĐND\nSơn La, ngày 05 tháng 12 năm 2024\n",
                             "Số: 420/NQ-HĐND          Sơn La, ngày 05 tháng 12 năm 2024\n")
    text = text.replace("địa phương ngày 19", "địa phương, ngày 19")
    assert text != seed_text
    got = parse_resolution(text).table
    assert (got.loc[got.year == 2023, "kind"] == "actual").all()


def test_a_bare_du_kien_heading_is_not_read_as_an_estimate(seed_text: str) -> None:
    # "Dự kiến năm 2025" (projected) over the 2025 targets was read as estimates of a year not
    # yet begun; now the heading is not read, and the header says so.
    text = seed_text.replace("\nKế hoạch năm 2025\n", "\nDự kiến năm 2025\n")
    with pytest.raises(InputError):
        parse_resolution(text)


def test_a_known_name_wrapped_after_a_slash_is_found(seed_text: str) -> None:
    got = parse_resolution(seed_text.replace("Số giường bệnh/10.000 dân\n",
                                             "Số giường bệnh/\n10.000 dân\n")).table
    assert "beds_per_10k" in set(got["indicator_id"])


def test_a_known_name_in_lower_case_under_a_header_is_not_joined_to_it(seed_text: str) -> None:
    # The last row's part, "tỷ lệ che phủ rừng ổn định" under a value-less "Rừng", was joined
    # into "Rừng tỷ lệ che phủ rừng ổn định" and lost its glossary id.
    text = seed_text.replace("28\nTỷ lệ che phủ rừng ổn định\n",
                             "28\nRừng\ntỷ lệ che phủ rừng ổn định\n")
    assert text != seed_text
    got = parse_resolution(text).table
    assert "forest_cover" in set(got["indicator_id"])


@pytest.mark.parametrize("header", ["Cơ cấu vốn đầu tư (%)\n", "Cơ cấu vốn đầu tư\n%\n"])
@pytest.mark.parametrize("unit_line", ["", "\n"])
def test_an_unnumbered_header_with_a_unit_heads_its_unmarked_parts(
        seed_text: str, header: str, unit_line: str) -> None:
    # The parts lost the header's unit (refused, or '' with empty unit lines).
    after = "101,01\n108,85\n"
    assert seed_text.count(after) == 1
    parts = (f"Vốn nhà nước\n{unit_line}30,00\n28,00\n29,00\n30,00\n"
             f"Vốn ngoài nhà nước\n{unit_line}70,00\n72,00\n71,00\n70,00\n")
    got = parse_resolution(seed_text.replace(after, after + header + parts)).table
    rows = got[got["name_vi"].isin(["Vốn nhà nước", "Vốn ngoài nhà nước"])]
    assert len(rows) == 8 and set(rows["unit"]) == {"%"}
    assert set(rows["parent_id"]) == {"co_cau_von_dau_tu"}


def test_a_cell_printed_as_a_dash_beside_a_printed_ratio_is_missing(seed_text: str) -> None:
    # A '-' is missing on purpose (not a cell shifted by blank lines): the figure is left out
    # and the ratio kept for the audit to report as unverifiable.
    got = parse_resolution(seed_text.replace("20.967\n26.000", "-\n26.000"))
    inv = got.table[got.table.indicator_id == "investment_total"]
    assert len(inv) == 3 and 2023 not in set(inv["year"])
    assert len(got.ratios[got.ratios.indicator_id == "investment_total"]) == 2


def test_an_of_which_line_after_a_part_hands_the_next_parts_to_that_part(seed_text: str) -> None:
    # "Trong đó:" after "Doanh thu từ hoạt động du lịch" sent the parts to row 8 (tourist
    # arrivals, unit 'Nghìn lượt') instead of the revenue just above.
    after = "106,90\n"
    assert seed_text.count(after) == 1
    got = parse_resolution(seed_text.replace(
        after, after + "Trong đó:\n- Doanh thu từ khách quốc tế\n500\n600\n650\n700\n")).table
    part = got[got["name_vi"] == "Doanh thu từ khách quốc tế"]
    revenue = got.loc[got["name_vi"] == "Doanh thu từ hoạt động du lịch", "indicator_id"].iloc[0]
    assert set(part["parent_id"]) == {revenue} and set(part["unit"]) == {"Tý đồng"}


@pytest.mark.parametrize("style", ["mixed case", "number on the line"])
def test_section_titles_in_mixed_case_or_with_their_number(seed_text: str, seed,
                                                           style: str) -> None:
    # "Chỉ tiêu xã hội" (not in capitals) was not a section: every row stayed 'economic';
    # "II. CHỈ TIÊU XÃ HỘI" gave the section 'ii_chi_tieu_xa_hoi'.
    text = seed_text
    for num, title in (("II", "CHỈ TIÊU XÃ HỘI"), ("III", "CHỈ TIÊU MÔI TRƯỜNG")):
        old = f"\n{num}\n{title}\n"
        assert text.count(old) == 1
        new = (f"\n{num}\n{title.capitalize()}\n" if style == "mixed case"
               else f"\n{num}. {title}\n")
        text = text.replace(old, new)
    got = parse_resolution(text).table
    cols = ["indicator_id", "year", "kind", "value", "section", "parent_id"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  seed.table[cols].reset_index(drop=True))


def test_a_partial_year_heading_is_named(seed_text: str) -> None:
    # "Ước TH 11 tháng" ended the header without a word; the error came at the first row.
    text = seed_text.replace("\nƯớc TH cả năm\n", "\nƯớc TH 11 tháng\n")
    assert text != seed_text
    with pytest.raises(InputError, match=r"'Ước TH 11 tháng' is a figure for the first 11 "
                       r"months.*period 'M11'") as e:
        parse_resolution(text)
    assert e.value.column == "header"


def test_a_footnote_mark_between_a_name_and_its_unit_stays_on_the_name(seed_text: str) -> None:
    # "(1)" before the unit is a footnote on the name; before a name it marks a part.
    printed = "Tổng vốn đầu tư toàn xã hội\nTỷ đồng\n"
    assert seed_text.count(printed) == 1
    got = parse_resolution(seed_text.replace(printed,
                                             "Tổng vốn đầu tư toàn xã hội\n(1)\nTỷ đồng\n"))
    inv = got.table[got.table.indicator_id == "investment_total"]
    assert len(inv) == 4 and set(inv["unit"]) == {"Tỷ đồng"}


@pytest.mark.parametrize("heading", ["Văn hóa - xã hội", "c) Môi trường"])
def test_a_group_heading_named_like_a_section_is_not_a_section(seed_text: str, seed,
                                                               heading: str) -> None:
    # Followed by its part, not by a numbered row: it stayed a group heading before the
    # mixed-case section titles, and must stay one (rows 4-8 had become 'social').
    row4 = "4\nTổng vốn đầu tư toàn xã hội\n"
    assert seed_text.count(row4) == 1
    text = seed_text.replace(
        row4, f"{heading}\n- Chi sự nghiệp\nTỷ đồng\n1\n2\n3\n4\n{row4}")
    got = parse_resolution(text).table
    untouched = got[got["name_vi"] != "Chi sự nghiệp"].reset_index(drop=True)
    cols = ["indicator_id", "year", "kind", "value", "section"]
    pd.testing.assert_frame_equal(untouched[cols], seed.table[cols].reset_index(drop=True))
    assert (got.loc[got["name_vi"] == "Chi sự nghiệp", "parent_id"] != "").all()


@pytest.mark.parametrize(("printed", "variant"), [
    ("Ước TH cả năm", "Ước TH cả năm (trên cơ sở số liệu 10 tháng)"),
    ("Kế hoạch năm 2025", "Kế hoạch năm 2025 (Nghị quyết ngày 05 tháng 12 năm 2024)"),
    ("Kế hoạch năm 2025", "Kế hoạch năm 2025 (NQ số 15/NQ-HĐND ngày 8 tháng 12 năm 2023)"),
])
def test_months_or_a_slash_inside_a_headings_parentheses_are_not_read(
        seed_text: str, seed, printed: str, variant: str) -> None:
    # They were read as a partial-year figure ("the first 05 months") or crashed the slash
    # ratio reading with a plain ValueError.
    assert seed_text.count(f"\n{printed}\n") == 1
    got = parse_resolution(seed_text.replace(f"\n{printed}\n", f"\n{variant}\n"))
    pd.testing.assert_frame_equal(got.table, seed.table)


def test_two_figures_in_parentheses_are_not_taken_for_part_marks(seed_text: str) -> None:
    text = seed_text.replace("107,5\n106,12\nDoanh thu", "(7)\n(6)\nDoanh thu")
    assert text != seed_text
    with pytest.raises(InputError):
        parse_resolution(text)


def _in_times(seed_text: str, seed, *, group: bool) -> str:
    """The seed with its ratio columns printed in times ("lần": 1,0101 for 101,01%): in each
    ratio heading, or once in a "So sánh (lần)" heading above headings with no unit."""
    lines = seed_text.split("\n")
    for line, value, dec in seed.ratios[["line", "published", "decimals"]].itertuples(
            index=False):
        lines[line - 1] = f"{value / 100:.{dec + 2}f}".replace(".", ",")
    text = "\n".join(lines)
    for heading in ("UTH 2024 so với thực hiện 2023", "Kế hoạch 2025 so với ước thực hiện 2024"):
        text = text.replace(f"{heading} (%)", heading if group else f"{heading} (lần)")
    return text.replace("\nSo sánh\n", "\nSo sánh (lần)\n") if group else text


@pytest.mark.parametrize("group", [False, True])
def test_ratios_printed_in_times_are_read_in_percent(seed_text: str, seed, group: bool) -> None:
    text = _in_times(seed_text, seed, group=group)
    assert "\n1,0101\n1,0885\n" in text  # investment: 101,01% and 108,85%
    parsed = parse_resolution(text)
    pd.testing.assert_frame_equal(parsed.ratios, seed.ratios)
    assert [f.message for f in sf.audit(parsed.table, parsed.ratios)] == \
        [f.message for f in sf.audit(seed.table, seed.ratios)]


def test_a_ratio_in_times_with_one_decimal_is_checked_to_the_nearest_ten_percent(
        seed_text: str, seed) -> None:
    # investment 21,130 / 20,967 = 100.78%: "1,0" lần (100%, to the nearest 10) agrees with
    # it, "1,1" (110%) does not
    text = _in_times(seed_text, seed, group=False)
    for printed, published, found in (("1,0", 100.0, False), ("1,1", 110.0, True)):
        parsed = parse_resolution(text.replace("\n1,0101\n", f"\n{printed}\n", 1))
        first = parsed.ratios.iloc[0]
        assert (first.indicator_id, first.published, first.decimals) == (
            "investment_total", published, -1)
        mismatch = [f for f in sf.audit(parsed.table, parsed.ratios)
                    if f.check == "ratio_mismatch" and f.year == 2024]
        assert bool(mismatch) is found
        if found:
            assert "5 for the ratio's printing to the nearest 10%" in mismatch[0].message


@pytest.mark.parametrize("marks", [("a)", "b)"), ("(1)", "(2)"), ("a", "b")])
def test_parts_marked_on_their_own_line_hang_under_an_unnumbered_header(
        seed_text: str, marks: tuple[str, str]) -> None:
    # rows 25 and 26 (waste collected in towns, in the countryside) printed as two parts of a
    # header line with no number, no unit and no figures
    old = ("\n25\nTỷ lệ chất thải rắn sinh hoạt ở đô thị được thu gom\n%\n58\n92,00\n92,00\n"
           "92,50\n26\nTỷ lệ chất thải rắn sinh hoạt ở nông thôn được thu gom\n%\n84\n86,00\n"
           "86,00\n88,00\n27\n")
    new = (f"\nTỷ lệ chất thải rắn sinh hoạt được thu gom\n{marks[0]}\nỞ đô thị\n%\n58\n92,00\n"
           f"92,00\n92,50\n{marks[1]}\nỞ nông thôn\n%\n84\n86,00\n86,00\n88,00\n25\n")
    assert seed_text.count(old) == 1 and seed_text.count("\n28\nTỷ lệ che phủ") == 1
    text = seed_text.replace(old, new).replace("\n28\nTỷ lệ che phủ", "\n26\nTỷ lệ che phủ")
    got = parse_resolution(text).table
    parent = dict(zip(got["name_vi"], got["parent_id"], strict=False))
    header = parent["Ở đô thị"]
    assert header and parent["Ở nông thôn"] == header
    assert header not in set(got["indicator_id"])  # the header has no figures of its own
    assert parent["Tỷ lệ dân số đô thị được sử dụng nước sạch"] == ""


@pytest.mark.parametrize("cell", ["23.0O0", "23.00O", "2l.130"])
def test_a_letter_typed_for_a_digit_is_named_as_not_a_number(seed_text: str, cell: str) -> None:
    # It was reported as a missing cell: "lines 101-103 hold 3 cell(s) for 4 value columns"
    row = "\n20.967\n26.000\n21.130\n23.000\n"
    assert seed_text.count(row) == 1
    printed = {"23.0O0": "23.000", "23.00O": "23.000", "2l.130": "21.130"}[cell]
    text = seed_text.replace(row, row.replace(f"\n{printed}\n", f"\n{cell}\n"))
    line = text.split("\n").index(cell) + 1
    with pytest.raises(InputError, match=re.escape(f"{cell!r} (line {line}) is not a number")):
        parse_resolution(text)


@pytest.mark.parametrize("cell", ["23.000(1)", "23.000 (*)", "23.000*", "23.000¹", "23.00x"])
def test_a_figure_with_a_footnote_mark_is_named_as_not_a_number(
    seed_text: str, cell: str
) -> None:
    # It was reported as a missing cell of lines 101-103 (bad-input review), the bad line
    # never named; footnote marks are common in resolution annexes.
    row = "\n20.967\n26.000\n21.130\n23.000\n"
    assert seed_text.count(row) == 1
    text = seed_text.replace(row, row.replace("\n23.000\n", f"\n{cell}\n"))
    line = text.split("\n").index(cell) + 1
    with pytest.raises(InputError, match=re.escape(f"{cell!r} (line {line}) is not a number")):
        parse_resolution(text)


def test_a_percentage_with_a_footnote_mark_is_not_read_as_a_name(seed_text: str) -> None:
    # "14,17*" had been taken for a unit line: "looks like a unit, not an indicator name"
    assert seed_text.count("\n14,17\n") == 1
    with pytest.raises(InputError, match=re.escape("'14,17*' is not a number")):
        parse_resolution(seed_text.replace("\n14,17\n", "\n14,17*\n"))


def test_a_figure_shifted_into_a_ratio_column_is_refused(seed_text: str) -> None:
    # Two stray blank lines in the GRDP row (a page break): the plan 5,50 had become a
    # "published ratio" of 7,49 / 0,75 and the 2025 plan 6,3, without a word.
    lines = seed_text.split("\n")
    assert lines[64] == "0,75" and lines[67] == "5,50"  # lines 65 and 68 of the text
    shifted = "\n".join([*lines[:65], "", *lines[65:68], "", *lines[68:]])
    with pytest.raises(InputError, match=r"the ratio '5,50' .* more than 3 times off its "
                       r"figures \(7,49 / 0,75 = 998\.7%\)") as err:
        parse_resolution(shifted)
    assert "so với" in str(err.value.column)
    # without blank cells a comparison column may hold differences in points, an index or a
    # count added: the row is read, and the audit judges its ratios (forest cover 47,5 ->
    # 48,00 compared as +0,50 points)
    points = seed_text.replace("101,05\n", "0,50\n", 1)
    assert points != seed_text
    parse_resolution(points)


def test_the_ratios_handed_out_are_a_copy() -> None:
    # Writing into the ratios read from a resolution changed what the audit then checked
    # (the investment ratio's error disappeared): the resolution is frozen, its ratios too.
    res = sf.datasets.load_sonla_2025_resolution()
    mine = res.ratios
    mine.loc[:, "published"] = 100.0
    assert sf.audit(res).count("error") == 1
    assert (res.ratios["published"] != 100.0).any()
    given = sf.datasets.load_sonla_2025_resolution().ratios
    kept = sf.Resolution(table=res.table, ratios=given, source="x")
    given.loc[:, "published"] = 100.0
    assert (kept.ratios["published"] != 100.0).any()
    # still a dataclass with a ratios field (a private field broke replace and asdict)
    import dataclasses

    assert [f.name for f in dataclasses.fields(res)] == ["table", "ratios", "source", "title"]
    assert dataclasses.replace(res, title="x").ratios.equals(res.ratios)


def test_parse_writes_each_figures_decimals_as_a_whole_number(tmp_path: Path) -> None:
    # data_format.md: decimals is an int; parse wrote 2.0
    out = tmp_path / "t.csv"
    from sonla_forecast.cli import main

    assert main(["parse", str(sf.datasets.data_path("nq-420-2024-sonla-ke-hoach-2025.txt")),
                 "-o", str(out)]) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)["decimals"]
    assert written.str.fullmatch(r"\d*").all() and (written != "").any()
    back = sf.read_table(out).to_frame()["decimals"]
    assert str(back.dtype) == "Int64"


def test_the_shares_of_another_structure_are_not_the_economic_ones() -> None:
    # A handwritten Lai Châu-style annex (a review's) with "Cơ cấu kinh tế" and then "Cơ cấu
    # lao động", whose three rows have the economic shares' names: the parser took them for
    # structure_agri_2 ... "Share of agriculture, forestry and fisheries in GRDP".
    t = read_resolution_file(FIXTURES / "nq-variant-labour.txt").table
    ind = t.drop_duplicates("indicator_id").set_index("indicator_id")
    for iid in ("structure_agri", "structure_industry", "structure_services"):
        assert "in GRDP" in ind.loc[iid, "name_en"]
        assert f"{iid}_2" not in ind.index
    labour = ind[ind["name_vi"] == "Dịch vụ"].drop("structure_services")
    [(iid, row)] = list(labour.iterrows())
    assert iid == "dich_vu" and row["name_en"] == "" and row["parent_id"] != "economic_structure"
    assert _value(t, "dich_vu", 2026, "plan") == 22.5


@pytest.mark.parametrize("heading", ["Cơ cấu GRDP theo giá hiện hành (%)",
                                     "Cơ cấu các ngành kinh tế trong GRDP (%)",
                                     "Cơ cấu kinh tế năm 2025 (%)"])
def test_the_economic_shares_keep_their_ids_under_another_wording_of_their_heading(
        seed_text: str, heading: str) -> None:
    # the first version kept the glossary's ids only under the glossary's two headings: these
    # gave nong_lam_nghiep_thuy_san, cn_xd, ... without English names or the band direction
    text = seed_text.replace("Cơ cấu kinh tế theo giá hiện hành (%)", heading)
    ids = set(parse_resolution(text).table["indicator_id"])
    assert {"structure_agri", "structure_industry", "structure_services",
            "structure_taxes"} <= ids



@pytest.mark.parametrize("heading", ["Cơ cấu lao động(%)", "Cơ cấu lao động: (%)",
                                     "Cơ cấu sử dụng nhân lực (%)"])
def test_a_labour_heading_with_its_punctuation_keeps_its_own_rows(heading: str) -> None:
    # "động(%)" and "động:" were no word "động": the labour shares took the GRDP's ids again
    text = (FIXTURES / "nq-variant-labour.txt").read_text(encoding="utf-8")
    assert "Cơ cấu lao động (%)" in text
    ids = list(parse_resolution(text.replace("Cơ cấu lao động (%)", heading)).table[
        "indicator_id"].drop_duplicates())
    assert "structure_agri_2" not in ids and "dich_vu" in ids


@pytest.mark.parametrize("edit", [
    # the newer placement of a tone mark (thuỷ, hoá) beside the glossary's older one
    lambda t: t.replace("thủy", "thuỷ").replace("hóa", "hoá").replace("Hóa", "Hoá"),
    # a zero-width space inside a name, and non-breaking spaces (text from a word processor)
    lambda t: t.replace("Thu ngân sách trên", "Thu ngân\u200b sách trên"),
    lambda t: (t.replace("CÁC CHỈ TIÊU", "CÁC\u00a0CHỈ\u00a0TIÊU")
               .replace("Tỷ lệ hộ", "Tỷ\u00a0lệ hộ")),
])
def test_spelling_variants_of_a_known_name_keep_its_id(seed_text: str, seed, edit) -> None:
    # structure_agri, export_value, urbanization_rate and cultural_families_rate lost their
    # ids (and structure_agri its band direction) with thuỷ/hoá; the annex was not found with
    # non-breaking spaces in its title
    text = edit(seed_text)
    assert text != seed_text
    got = parse_resolution(text).table
    cols = ["indicator_id", "year", "kind", "value", "direction", "scale"]
    pd.testing.assert_frame_equal(got[cols], seed.table[cols])


@pytest.mark.parametrize(("mark", "hint"), [("n/a", "a figure not known is printed '-'"),
                                            ("N/A", "printed '-'"), ("KXĐ", "printed '-'"),
                                            ("...", "printed '-'"), ("*", "printed '-'"),
                                            ("1e400", "no exponent")])
def test_a_mark_typed_in_a_cell_is_named_as_not_a_number(seed_text: str, mark: str,
                                                         hint: str) -> None:
    # "n/a" for the 2023 investment figure started a row of its own: the error named the row
    # "n/a" and a count of cells four lines further down
    lines = seed_text.splitlines()
    assert lines[100] == "20.967"  # line 101
    lines[100] = mark
    with pytest.raises(InputError, match=hint) as err:
        parse_resolution("\n".join(lines))
    assert err.value.row == 101 and err.value.column == "Thực hiện năm 2023"
    assert err.value.row_name == "Tổng vốn đầu tư toàn xã hội"


def test_a_row_named_na_or_khong_is_still_a_row(seed_text: str) -> None:
    # 'Na' (custard apple) among fruit trees, and a sub-row 'Không', are names, not marks
    lines = seed_text.splitlines()
    i = lines.index("Giá trị hàng hóa tham gia xuất khẩu")
    for name in ("Na", "NA", "Không"):
        changed = [*lines[:i], name, *lines[i + 1:]]
        got = parse_resolution("\n".join(changed)).table
        assert name in set(got["name_vi"])


@pytest.mark.parametrize(("first", "second"), [
    ("UTH 2024 so với cùng kỳ (%)", "Kế hoạch 2025 so với năm trước (%)"),
    ("Ước TH 2024 (% so với cùng kỳ)", "KH 2025 (% so với cùng kỳ)"),
    ("UTH 2024 so với cùng kỳ năm 2023 (%)", "Kế hoạch 2025 (% so với ước thực hiện 2024)"),
    ("UTH 2024 so với cùng kỳ năm trước (%)", "Kế hoạch 2025 so với ước thực hiện 2024 (%)"),
])
def test_a_ratio_against_the_same_period_compares_with_the_year_before_s_outcome(
        seed_text: str, seed, first: str, second: str) -> None:
    # "so với cùng kỳ" / "so với năm trước": the actual or estimate of the year before the
    # left side's, as the seed's own headings name them (2023 actual, 2024 estimate)
    text = seed_text.replace("UTH 2024 so với thực hiện 2023 (%)", first).replace(
        "Kế hoạch 2025 so với ước thực hiện 2024 (%)", second)
    assert text.count(first) == 1 and text.count(second) == 1
    pd.testing.assert_frame_equal(parse_resolution(text).ratios, seed.ratios)


@pytest.mark.parametrize("heading", ["UTH 2024 so với kỳ (%)", "UTH so với cùng kỳ (%)",
                                     "UTH 2024 so với trước cùng (%)"])
def test_a_same_period_heading_without_its_year_is_refused(seed_text: str, heading: str) -> None:
    text = seed_text.replace("UTH 2024 so với thực hiện 2023 (%)", heading)
    with pytest.raises(InputError, match="does not say which columns it compares"):
        parse_resolution(text)


def test_a_same_period_heading_with_no_outcome_of_the_year_before_names_it(
        seed_text: str) -> None:
    text = seed_text.replace("UTH 2024 so với thực hiện 2023 (%)",
                             "UTH 2024 so với cùng kỳ năm 2021 (%)")
    with pytest.raises(InputError, match="cannot tell which column 'actual or estimate 2021'"):
        parse_resolution(text)


@pytest.mark.parametrize("cell", ["21.130 trở lên", "21.130 Trở lên", "≥ 21.130 trở lên",
                                  "21.130 trở xuống"])
def test_a_figure_with_a_bound_where_a_cell_stops_is_named_with_its_line(
        seed_text: str, cell: str) -> None:
    # read as text (a notes column may hold it), it left the row two cells short and the
    # error spoke of missing cells without naming the figure (carried since 949c5da)
    text = seed_text.replace("\n21.130\n", f"\n{cell}\n", 1)
    with pytest.raises(InputError, match=f"'{cell}' \\(line 103\\) is not a number") as e:
        parse_resolution(text)
    assert e.value.column == "Năm 2024 / Ước TH cả năm"


@pytest.mark.parametrize(("printed", "typed", "quoted", "whole"), [
    ("20.967", "20,967", "20,967 (read as 20.967) is 1097 times", "20967, print it with a dot "
     "between thousands, 20.967"),
    # quoted with its printed decimals: "4,5" had been quoted as "4,500", not in the text
    ("4.500", "4,5", "4,5 (read as 4.5) is ", "4500, print it with a dot between thousands, "
     "4.500"),
])
def test_a_thousands_figure_with_a_comma_is_explained_in_the_texts_notation(
    tmp_path: Path, seed_text: str, printed: str, typed: str, quoted: str, whole: str
) -> None:
    # "20,967" in the text reads as 20.967 (a comma is its decimal mark); the message had
    # shown 20.967 and advised that "table files use a dot only as the decimal point"
    assert seed_text.count(f"\n{printed}\n") == 1
    p = tmp_path / "nq.txt"
    p.write_text(seed_text.replace(f"\n{printed}\n", f"\n{typed}\n"), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(quoted)) as e:
        sf.read_resolution(p)
    assert f"a comma is the text's decimal mark; if the figure is {whole}" in str(e.value)
    assert "table files" not in str(e.value)


@pytest.mark.parametrize("name", ["10G", "12A", "2025a"])
def test_a_name_of_digits_and_a_letter_is_still_a_name(seed_text: str, name: str) -> None:
    # the footnote-mark rule had refused these name lines as "not a number" (regression
    # review): a stray letter is a slip only after a decimal or thousands mark
    assert seed_text.count("\nTỷ lệ đô thị hóa\n") == 1
    got = parse_resolution(seed_text.replace("\nTỷ lệ đô thị hóa\n", f"\n{name}\n")).table
    assert name in set(got["name_vi"])


_HEADER_BLOCK = (
    "STT\nChỉ tiêu\nĐơn vị\nThực hiện năm 2023\nNăm 2024\nKế hoạch năm 2025\nSo sánh\n"
    "Kế hoạch\nƯớc TH cả năm\nUTH 2024 so với thực hiện 2023 (%)\n"
    "Kế hoạch 2025 so với ước thực hiện 2024 (%)"
)


@pytest.mark.parametrize("page_heading", [
    "PHỤ LỤC 01 (tiếp theo)",
    "Phụ lục 01 (Tiếp)",
    "PHỤ LỤC 1",  # its own number again
    # and the title, and the header, printed again on the new page
    "PHỤ LỤC 01 (tiếp theo)\nCÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025\n" + _HEADER_BLOCK,
])
def test_a_page_heading_of_the_annex_does_not_end_it(seed_text: str, seed,
                                                     page_heading: str) -> None:
    # before section II: every row after it was lost (parsed 48 figures of 136)
    text = _annex_edit(seed_text, "II", f"{page_heading}\nII")
    pd.testing.assert_frame_equal(_figures(parse_resolution(text).table), _figures(seed.table))


def test_the_next_annex_still_ends_it(seed_text: str, seed) -> None:
    text = _annex_edit(seed_text, "II", "PHỤ LỤC 02\nCÁC NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\nII")
    table = parse_resolution(text).table
    assert 0 < len(table) < len(seed.table)
    assert set(table["section"]) == {seed.table["section"].iloc[0]}


_ONE_RATIO_ANNEX = """PHỤ LỤC 01
CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025
STT
Chỉ tiêu
Đơn vị
Thực hiện năm 2023
Năm 2024
Kế hoạch năm 2025
So sánh
Kế hoạch
Ước TH cả năm
Kế hoạch 2025 so với ước thực hiện 2024 (%)
I
CHỈ TIÊU KINH TẾ
1
Tỷ lệ đô thị hóa
%
18,02
18,5
18,6
20,6
2
Tổng vốn đầu tư toàn xã hội
Tỷ đồng
20.967
26.000
21.130
23.000
108,85
"""


def _one_ratio_annex_with_row(row: str) -> str:
    """:data:`_ONE_RATIO_ANNEX` with ``row`` in place of its second row's name, unit and cells."""
    old = "Tổng vốn đầu tư toàn xã hội\nTỷ đồng\n20.967\n26.000\n21.130\n23.000\n108,85\n"
    assert _ONE_RATIO_ANNEX.count(old) == 1
    return _ONE_RATIO_ANNEX.replace(old, row)


@pytest.mark.parametrize("word", ["Không", "Đạt", "Không đạt", "Hoàn thành", "Chưa có số liệu",
                                  "Đang cập nhật", "Duy trì", "Tăng", "26 nghìn"])
@pytest.mark.parametrize("annex", ["seed", "one ratio column"])
def test_a_word_in_a_figure_s_cell_is_named_as_not_a_figure(seed_text: str, word: str,
                                                            annex: str) -> None:
    # With one ratio column, 'Không' for the 2023 investment figure read as a part of the row
    # named 'Không', holding the row's figures one column to the left (its 2024 plan as a 2023
    # actual, its published ratio as the 2025 plan), with no error
    lines = (seed_text if annex == "seed" else _ONE_RATIO_ANNEX).splitlines()
    at = lines.index("20.967")
    lines[at] = word
    with pytest.raises(InputError, match="is not a figure") as err:
        parse_resolution("\n".join(lines))
    assert err.value.row == at + 1
    assert err.value.column == "Thực hiện năm 2023"
    assert err.value.row_name == "Tổng vốn đầu tư toàn xã hội"


def test_an_unmarked_part_named_na_is_still_a_row(seed_text: str) -> None:
    # na, the custard apple: a name, not a mark, also without a number or a '-'
    text = _annex_edit(seed_text, "- Dịch vụ", "Na")
    assert "Na" in set(parse_resolution(text).table["name_vi"])


def _figures(table: pd.DataFrame) -> pd.DataFrame:
    """A parsed table without its line numbers (which move when lines are added)."""
    return table.drop(columns="line").reset_index(drop=True)


def _after_the_last_row(text: str, rows: str) -> str:
    """The seed's text with ``rows`` (lines ending in a newline) after its annex's last row."""
    assert text.count("\nPHỤ LỤC 02\n") == 1
    return text.replace("\nPHỤ LỤC 02\n", f"\n{rows}PHỤ LỤC 02\n")


@pytest.mark.parametrize(("heading", "wrapped"), [
    ("Kế hoạch năm 2025", "Kế hoạch\nnăm 2025"),
    ("Thực hiện năm 2023", "Thực hiện\nnăm 2023"),
    ("Ước TH cả năm", "Ước TH\ncả năm"),
    ("Năm 2024", "Năm\n2024"),
    ("UTH 2024 so với thực hiện 2023 (%)", "UTH 2024 so với\nthực hiện 2023 (%)"),
    ("Kế hoạch 2025 so với ước thực hiện 2024 (%)",
     "Kế hoạch 2025\nso với ước thực hiện 2024 (%)"),
])
def test_a_heading_wrapped_over_two_lines_is_one_heading(seed_text: str, seed, heading: str,
                                                         wrapped: str) -> None:
    # "Kế hoạch" / "năm 2025" read as a kind under 'Năm 2024' and a year of its own: every
    # 2024 estimate became a 2025 plan and every 2025 plan a 2025 estimate, with no error
    got = parse_resolution(_annex_edit(seed_text, heading, wrapped))
    pd.testing.assert_frame_equal(_figures(got.table), _figures(seed.table))
    pd.testing.assert_frame_equal(got.ratios.drop(columns="line"),
                                  seed.ratios.drop(columns="line"))


def test_a_wrapped_heading_that_cannot_be_told_from_two_is_refused(seed_text: str) -> None:
    # its second line in capitals, as a heading of its own would be: no guess
    text = _annex_edit(seed_text, "Kế hoạch năm 2025", "Kế hoạch\nNăm 2025")
    with pytest.raises(InputError, match=r"cannot tell which year column heading 'Kế hoạch'"
                       r".*wrapped over two lines") as err:
        parse_resolution(text)
    assert err.value.row == 54 and err.value.column == "header"


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u2060", "\ufeff"])
def test_a_zero_width_character_at_a_line_s_end_is_not_read(seed_text: str, seed,
                                                           mark: str) -> None:
    # "20.967\u200b" (copied from a document) was refused as a unit where a name belongs
    text = _annex_edit(seed_text, "20.967", f"20.967{mark}")
    pd.testing.assert_frame_equal(parse_resolution(text).table, seed.table)


@pytest.mark.parametrize("page_line", ["HĐND TỈNH SƠN LA", "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA",
                                       "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025"])
def test_a_page_s_head_or_foot_inside_the_annex_is_no_section(seed_text: str, seed,
                                                             page_line: str) -> None:
    # the council's name in capitals, or the title again, before row 6: read as a section's
    # title, it renamed the section of every row after it
    row = "\n6\nThu ngân sách trên địa bàn\n"
    assert seed_text.count(row) == 1
    text = seed_text.replace(row, f"\n{page_line}{row}")
    pd.testing.assert_frame_equal(_figures(parse_resolution(text).table), _figures(seed.table))


_SEED_HEADINGS = ("Thực hiện năm 2023\nNăm 2024\nKế hoạch năm 2025\nSo sánh\nKế hoạch\n"
                  "Ước TH cả năm\n")


@pytest.mark.parametrize("headings", [
    # column by column, the kinds in lower case: 'Năm 2024' + 'kế hoạch' is no wrapped heading
    "Thực hiện năm 2023\nNăm 2024\nkế hoạch\nƯớc thực hiện\nNăm 2025\nKế hoạch\nSo sánh\n",
    "Thực hiện năm 2023\nNăm 2024\nkế hoạch\nước TH cả năm\nKế hoạch năm 2025\nSo sánh\n",
    "Thực hiện năm 2023\nNăm 2024\nKế hoạch\nƯớc TH cả năm\nNăm 2025\nKế hoạch\nSo sánh\n",
    # row by row, two years, the kinds in lower case, no 'So sánh' (the ratios after them)
    "Thực hiện năm 2023\nNăm 2024\nNăm 2025\nkế hoạch\nước thực hiện\nkế hoạch\n",
    "Thực hiện năm 2023\nNăm 2024\nKế hoạch năm 2025\nkế hoạch\nƯớc TH cả năm\n",
])
def test_kind_headings_in_lower_case_are_headings_of_their_own(seed_text: str, seed,
                                                              headings: str) -> None:
    # a regression review of the wrapped-heading rule: joined to the year above ('Năm 2024
    # kế hoạch'), they turned every 2024 estimate into a 2025 estimate, or swapped the 2024
    # plan and estimate, with no error; or were refused
    assert seed_text.count(_SEED_HEADINGS) == 1
    got = parse_resolution(seed_text.replace(_SEED_HEADINGS, headings))
    pd.testing.assert_frame_equal(_figures(got.table), _figures(seed.table))


@pytest.mark.parametrize("after", [
    "PHỤ LỤC 02: DANH MỤC DỰ ÁN CHUYỂN TIẾP NĂM 2025",  # not a continuation: "chuyển tiếp"
    "Phụ lục 01 nêu trên gồm 28 chỉ tiêu; chi tiết vốn như sau:",  # a sentence naming it
    "PHỤ LỤC 1.2: CÁC CHỈ TIÊU XÃ HỘI",  # a sub-annex of another number
])
def test_a_line_that_only_names_an_annex_still_ends_it(seed_text: str, seed, after: str) -> None:
    text = _after_the_last_row(seed_text, f"{after}\n1\nVốn ngân sách tỉnh\nTỷ đồng\n"
                               "1.000\n1.100\n1.200\n1.300\n")
    if "1.2" in after:
        text = text.replace("\nPHỤ LỤC 01\n", "\nPHỤ LỤC 1.1\n", 1)
    pd.testing.assert_frame_equal(_figures(parse_resolution(text).table), _figures(seed.table))


def test_a_page_heading_after_a_zero_width_character_does_not_end_the_annex(
        seed_text: str, seed) -> None:
    text = _annex_edit(seed_text, "II", "\u200bPHỤ LỤC 01 (tiếp theo)\n"
                       "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025\nII")
    pd.testing.assert_frame_equal(_figures(parse_resolution(text).table), _figures(seed.table))


@pytest.mark.parametrize(("parts", "names"), [
    # parts with a unit of their own, under a row without one
    ("29\nBiến động số hộ nghèo\nTăng\nHộ\n1.200\n1.100\n1.000\n900\n"
     "Giảm\nHộ\n5.000\n4.800\n4.600\n4.500\n", {"Tăng", "Giảm"}),
    # a part after a row whose cells are all there
    ("29\nXã đạt chuẩn nông thôn mới\nXã\n60\n65\n66\n70\nĐạt\nXã\n55\n60\n61\n65\n", {"Đạt"}),
])
def test_a_part_named_like_a_verdict_is_still_a_row(seed_text: str, parts: str,
                                                   names: set[str]) -> None:
    text = _after_the_last_row(seed_text, parts)
    assert names <= set(parse_resolution(text).table["name_vi"])


@pytest.mark.parametrize("name", ["Giảm tỷ lệ hộ nghèo bình quân 1,5 - 2,0",
                                  "Chỉ số PCI phiên bản 2.0 3.0 4.0"])
def test_a_name_ending_with_figures_is_no_whole_row(seed_text: str, name: str) -> None:
    text = _after_the_last_row(seed_text, f"29\n{name}\n%\n1,5\n1,6\n1,7\n1,8\n")
    assert name in set(parse_resolution(text).table["name_vi"])


@pytest.mark.parametrize("headings", [
    # ratio headings in lower case after the kinds, no 'So sánh' (glued to 'Ước TH cả năm')
    "Thực hiện năm 2023\nNăm 2024\nKế hoạch năm 2025\nKế hoạch\nƯớc TH cả năm\n"
    "uth 2024 so với thực hiện 2023 (%)\nkh 2025 so với ước thực hiện 2024 (%)\n",
    # column by column, three years, a year's first kind one the year before lacks
    "Năm 2023\nThực hiện\nNăm 2024\nKế hoạch\nƯớc TH cả năm\nNăm 2025\nKế hoạch\nSo sánh\n",
])
def test_headers_a_second_regression_review_found_refused(seed_text: str, seed,
                                                          headings: str) -> None:
    ratios = "UTH 2024 so với thực hiện 2023 (%)\nKế hoạch 2025 so với ước thực hiện 2024 (%)\n"
    text = seed_text.replace(_SEED_HEADINGS, headings)
    if "uth 2024" in headings:
        text = text.replace(ratios, "", 1)
    got = parse_resolution(text)
    pd.testing.assert_frame_equal(_figures(got.table), _figures(seed.table))
    pd.testing.assert_frame_equal(got.ratios.drop(columns="line"),
                                  seed.ratios.drop(columns="line"))


def test_parts_named_like_verdicts_under_a_group_with_a_unit_are_rows(seed_text: str) -> None:
    # 'Tăng' first after the group's unit, with figures after it: the next part ('Giảm'), not
    # the next row, follows them, so they are the part's
    parts = ("29\nBiến động số hộ nghèo\nHộ\nTăng\n100\n200\n300\n400\n"
             "Giảm\n500\n600\n700\n800\n")
    table = parse_resolution(_after_the_last_row(seed_text, parts)).table
    tang = table[table["name_vi"] == "Tăng"]
    assert dict(zip(zip(tang["year"], tang["kind"], strict=True), tang["value"], strict=True)) == {
        (2023, "actual"): 100, (2024, "plan"): 200, (2024, "estimate"): 300,
        (2025, "plan"): 400}
    assert set(tang["parent_id"]) == {"bien_dong_so_ho_ngheo"}


def test_a_section_title_that_starts_with_a_council_s_name_is_a_section(seed_text: str,
                                                                       seed) -> None:
    # only the name of the council the text is headed by is a page's head or foot
    text = _annex_edit(seed_text, "CHỈ TIÊU XÃ HỘI", "UBND TỈNH GIAO CHỈ TIÊU XÃ HỘI")
    cols = ["indicator_id", "year", "kind", "value"]
    got = parse_resolution(text).table
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True),
                                  seed.table[cols].reset_index(drop=True))


@pytest.mark.parametrize("after", ["Ghi chú: (*) số liệu ước thực hiện.",
                                   "CHỦ TỊCH\nNguyễn Văn A",
                                   "- Vốn nhà nước\n1.000\n1.100\n1.200\n1.300"])
def test_a_word_first_in_the_last_row_is_refused_whatever_follows(after: str) -> None:
    # a third regression review: before a note, a signature or a marked part (anything but
    # the end, a numbered row or a section), 'Không' read again as a part holding the row's
    # figures, its published ratio as the 2025 plan
    text = _ONE_RATIO_ANNEX.replace("20.967", "Không") + after + "\n"
    with pytest.raises(InputError, match=r"'Không' .* is not a figure") as err:
        parse_resolution(text)
    assert err.value.column == "Thực hiện năm 2023"


def test_a_ratio_heading_broken_before_its_second_year_is_one_heading(seed_text: str,
                                                                      seed) -> None:
    text = _annex_edit(seed_text, "Kế hoạch 2025 so với ước thực hiện 2024 (%)",
                       "Kế hoạch 2025 so với ước thực hiện\nnăm 2024 (%)")
    got = parse_resolution(text)
    pd.testing.assert_frame_equal(_figures(got.table), _figures(seed.table))
    pd.testing.assert_frame_equal(got.ratios.drop(columns="line"),
                                  seed.ratios.drop(columns="line"))


def test_a_council_named_over_two_lines_at_the_head_is_a_page_foot_too(seed_text: str,
                                                                       seed) -> None:
    head = _annex_edit(seed_text, "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA",
                       "HỘI ĐỒNG NHÂN DÂN\nTỈNH SƠN LA")
    row = "\n6\nThu ngân sách trên địa bàn\n"
    text = head.replace(row, f"\nHĐND TỈNH SƠN LA{row}")
    pd.testing.assert_frame_equal(_figures(parse_resolution(text).table), _figures(seed.table))


def test_a_word_first_then_a_note_before_the_next_row_is_refused() -> None:
    # a fourth regression review: a note's line, then the next row's bare number, read as a
    # part with figures after 'Không', so the word and the row's figures passed as a part
    tail = "Trang 2/3\n3\nTỷ lệ hộ nghèo\n%\n1\n2\n3\n4\n133,33\n"
    with pytest.raises(InputError, match=r"'Không' .* is not a figure"):
        parse_resolution(_ONE_RATIO_ANNEX.replace("20.967", "Không") + tail)


@pytest.mark.parametrize("second", ["- Giảm", "+ Giảm", "Giảm do sáp nhập\nđơn vị hành chính"])
def test_verdict_parts_before_other_parts_are_rows(second: str) -> None:
    # 'Tăng' and its figures before another part, marked or with its name wrapped, are a
    # part (refused by 62b5b12)
    text = _one_ratio_annex_with_row(
        f"Số xã đạt chuẩn\nXã\nTăng\n26\n21\n23\n24\n{second}\n1\n2\n3\n4\n")
    table = parse_resolution(text).table
    assert {"Tăng"} <= set(table["name_vi"])
    assert table.loc[table["name_vi"] == "Tăng", "value"].sort_values().tolist() == [21, 23,
                                                                                     24, 26]


@pytest.mark.parametrize("child", ["- Trong đó: xã nâng cao\nXã", "a) Xã đạt chuẩn kiểu mẫu\nXã",
                                   "+ Xã đạt chuẩn nâng cao\nXã"])
def test_a_verdict_first_before_a_part_of_another_kind_is_refused(child: str) -> None:
    # a fifth regression review: 'Đạt' and the row's figures before a child of the row read
    # as a part 'Đạt' holding them (its published ratio as the 2025 plan), the child under it
    text = _one_ratio_annex_with_row(
        f"Số xã đạt chuẩn nông thôn mới\nXã\nĐạt\n26\n21\n23\n109,52\n{child}\n1\n2\n3\n4\n")
    with pytest.raises(InputError, match=r"'Đạt' .* is not a figure") as err:
        parse_resolution(text)
    assert err.value.column == "Thực hiện năm 2023"


@pytest.mark.parametrize(("first", "second"), [
    ("Tăng", "2.2. Giảm\nXã"), ("Tăng", "Giảm*"), ("Tăng", "Giảm(*)"), ("Tăng", "Giảm/sáp nhập"),
    ("Hoàn thành", "Không hoàn thành"), ("Tăng", "Không đổi")])
def test_a_verdict_part_before_another_is_a_part(first: str, second: str) -> None:
    # a sixth regression review: a footnote mark or a slash after the second verdict, or a
    # verdict missing from the list, made the first part refused (f2232d8 read them)
    text = _one_ratio_annex_with_row(
        f"Số xã đạt chuẩn\nXã\n{first}\n26\n21\n23\n24\n{second}\n1\n2\n3\n4\n")
    assert first in set(parse_resolution(text).table["name_vi"])
