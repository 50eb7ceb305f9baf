"""Tests of the command line (:func:`sonla_forecast.cli.main`, ``sonla-forecast``).

``main(argv)`` is called in-process with ``capsys``; one test runs the installed console
script in a subprocess. ``tests/fixtures/table_small.csv`` is a synthetic province with
made-up figures; ``table_bad_number.csv`` is the same file with the Vietnamese-formatted
``"-1,2"`` on line 7 (row of ``toc_do_tang_grdp`` 2023), which a table file must not contain.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import runpy
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sonla_forecast as sf
from sonla_forecast.cli import main
from sonla_forecast.results import ASSESSMENT_COLUMNS
from sonla_forecast.targets import TARGETS_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
RESOLUTION = ROOT / "data" / "nq-420-2024-sonla-ke-hoach-2025.txt"

SMALL_IDS = ["ty_le_ho_ngheo", "toc_do_tang_grdp", "xa_nong_thon_moi", "thu_ngan_sach"]


@pytest.fixture(scope="module")
def sonla_ids() -> list[str]:
    return sf.load_sonla_2025().targets(2025)["indicator_id"].tolist()


def assert_json_close(got: Any, want: Any, path: str = "$") -> None:
    """Parsed JSON equality: numbers within rel 1e-9, everything else exact."""
    if isinstance(want, dict):
        assert list(got) == list(want), path
        for k in want:
            assert_json_close(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_json_close(g, w, f"{path}[{i}]")
    elif isinstance(want, float):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{path}: {got} != {want}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


# --------------------------------------------------------------------------------------------
# assess


def test_assess_table_lists_every_target(
    capsys: pytest.CaptureFixture[str], sonla_ids: list[str]
) -> None:
    assert main(["assess"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert len(sonla_ids) == 34
    missing = [i for i in sonla_ids if i not in out]
    assert missing == []


def test_assess_json_equals_to_dict(capsys: pytest.CaptureFixture[str]) -> None:
    data = FIXTURES / "table_small.csv"
    assert main(["assess", "--data", str(data), "--format", "json"]) == 0
    out = capsys.readouterr().out
    got = json.loads(out)
    want = json.loads(json.dumps(sf.assess(data, target_year=2025).to_dict(), allow_nan=False))
    assert_json_close(got, want)
    assert [t["indicator_id"] for t in got["targets"]] == SMALL_IDS
    assert "NaN" not in out
    assert "Tỉnh Mẫu" in out  # UTF-8 text, not \u escapes


def test_assess_csv_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "assessment.csv"
    assert main(["assess", "--format", "csv", "--output", str(out_file)]) == 0
    assert capsys.readouterr().out == ""  # written to the file, not to stdout
    frame = pd.read_csv(out_file, encoding="utf-8")
    assert len(frame) == 34
    assert list(frame.columns) == list(ASSESSMENT_COLUMNS)
    assert "Tỷ lệ hộ nghèo theo chuẩn nghèo giai đoạn 2021-2025" in set(frame["name_vi"])


@pytest.mark.parametrize("command", [["assess", "--format", "csv"],
                                     ["audit", "--format", "csv"], ["parse"]])
def test_csv_lines_end_once_where_the_platform_writes_crlf(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pandas ends CSV lines with os.linesep, and a text-mode write on Windows turns each "\n"
    # into "\r\n" again: "\r\r\n", a blank row after every row in Python's csv reader
    # (a review, simulated as here). The CLI writes "\n" and lets the platform translate it.
    monkeypatch.setattr(os, "linesep", "\r\n")
    out = tmp_path / "out.csv"
    args = [*command, *([str(RESOLUTION)] if command == ["parse"] else []), "-o", str(out)]
    assert main(args) in (0, 3)
    data = out.read_bytes()
    assert data.count(b"\n") > 10
    assert b"\r" not in data


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_file_holds_what_stdout_shows(fmt: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # byte for byte, final newline included (json and table files lacked it)
    assert main(["assess", "--format", fmt]) == 0
    shown = capsys.readouterr().out
    out_file = tmp_path / f"a.{fmt}"
    assert main(["assess", "--format", fmt, "-o", str(out_file)]) == 0
    assert out_file.read_text(encoding="utf-8") == shown and shown.endswith("\n")


def test_assess_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "assess",
        "--data",
        str(FIXTURES / "table_small.csv"),
        "--target-year",
        "2025",
        "--format",
        "csv",
    ]
    assert main(argv) == 0
    frame = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert frame["indicator_id"].tolist() == SMALL_IDS
    assert set(frame["region"]) == {"Tỉnh Mẫu"}
    row = frame.set_index("indicator_id").loc["thu_ngan_sach"]
    assert row["required_change"] == pytest.approx(400.0)  # 4500 - 4100 (made-up figures)
    assert row["historical_change_per_year"] == pytest.approx(100.0)  # (4100 - 3900) / 2


def test_assess_text_ends_with_what_the_audit_finds_in_the_same_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The probabilities rest on figures the audit may question (Sơn La's 2024 urban waste
    # collection jumps 34 points); the text output says what `audit` finds in them and how to
    # list it, counted as the audit command counts (the bundled resolution, with its ratios).
    assert main(["assess"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert main(["audit"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    counts = head.removeprefix("Audit of the resolution's own figures: ").rstrip(".")
    assert counts == "1 error, 7 warnings, 10 info"
    assert last == (f"Audit of the figures assessed: {counts} (`sonla-forecast audit` lists "
                    "them).")
    # a table file: its own audit, the command that lists it (the path quoted for a shell),
    # and that no published ratios were checked
    table = sf.load_sonla_2025().to_frame()
    path = tmp_path / "my table.csv"
    table.to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    n = sf.audit(sf.read_table(path))
    assert n.count("error") == 0 and n.count("warning") == 7  # no ratios: no ratio error
    assert last == (f"Audit of the figures assessed: 0 errors, 7 warnings, {n.count('info')} "
                    f"info (`sonla-forecast audit '{path}'` lists them); published ratios not "
                    "checked.")
    # a table with nothing to find
    clean = pd.DataFrame({"indicator_id": ["forest_cover"] * 3, "year": [2023, 2024, 2025],
                          "kind": ["actual", "actual", "plan"], "value": [47.5, 48.0, 48.5],
                          "unit": ["%"] * 3})
    clean.to_csv(tmp_path / "clean.csv", index=False)
    assert main(["assess", "--data", str(tmp_path / "clean.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Audit of the figures assessed: no findings; published ratios not checked.")
    # the CSV and JSON outputs are unchanged: no line added to a format a tool parses
    for fmt in ("csv", "json"):
        assert main(["assess", "--format", fmt]) == 0
        assert "Audit of" not in capsys.readouterr().out


def test_assess_text_names_a_path_that_starts_with_a_dash_as_a_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    sf.load_sonla_2025().to_frame().to_csv(tmp_path / "-five.csv", index=False)
    assert main(["assess", "--data=-five.csv"]) == 0
    assert "`sonla-forecast audit ./-five.csv` lists them" in capsys.readouterr().out
    assert main(["audit", "./-five.csv"]) == 0  # as it says


def _revised_table_file(tmp_path: Path) -> Path:
    """The bundled table with its revised 2025 targets and the versions they replaced, as a
    CSV file (read it with --duplicates latest_source)."""
    revised = sf.load_sonla_2025(revised=True)
    table = pd.concat([revised.to_frame().drop(columns=["direction_source", "months"]),
                       revised.dropped], ignore_index=True)
    path = tmp_path / "revised.csv"
    table.to_csv(path, index=False)
    return path


def test_assess_text_names_the_duplicates_option_in_the_audit_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _revised_table_file(tmp_path)
    assert main(["assess", "--data", str(path), "--duplicates", "latest_source"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert f"`sonla-forecast audit {path} --duplicates latest_source` lists them" in last
    assert main(["audit", str(path), "--duplicates", "latest_source"]) == 0  # as it says


def test_assess_text_says_why_the_audit_did_not_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # An audit that refuses the figures does not take the assessment down with it.
    def refuse(*args: object, **kwargs: object) -> None:
        raise sf.InputError("made-up refusal", column="value")

    monkeypatch.setattr(sys.modules["sonla_forecast.assess"], "audit", refuse)
    assert main(["assess"]) == 0
    out = capsys.readouterr().out
    assert "Expected number of targets met" in out
    assert out.splitlines()[-1].startswith("Audit of the figures assessed: not run (")
    assert "made-up refusal" in out.splitlines()[-1]


def test_assess_data_file_sorted_table(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["assess", "--data", str(FIXTURES / "table_small.csv"), "--sort", "probability"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert all(i in out for i in SMALL_IDS)


@pytest.mark.parametrize("key", ["probability", "P(met)"])
def test_assess_sort_by_column_or_printed_title(
    key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", "--sort", key]) == 0
    out = capsys.readouterr().out
    expected = sf.assess(sf.datasets.load_sonla_2025(), target_year=2025).to_frame().sort_values(
        "probability", kind="stable")["indicator_id"].tolist()
    printed = [line.split()[0] for line in out.splitlines()[3:3 + len(expected)]]
    assert printed == expected


def test_assess_sort_by_unknown_column_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["assess", "--sort", "nonexistent"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "'nonexistent'" in err and "probability" in err and "P(met)" in err


def test_assess_table_names_the_region_when_there_are_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.csv"
    rows = ["region,indicator_id,year,kind,value,unit"]
    for region, vals in (("Điện Biên", (20.1, 17.5, 15.0)), ("Lai Châu", (25.1, 22.5, 19.0))):
        for (year, kind), v in zip(((2023, "actual"), (2024, "estimate"), (2025, "plan")), vals,
                                   strict=True):
            rows.append(f"{region},poverty_rate,{year},{kind},{v},%")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["assess", "--data", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:2] == ["region", "indicator"]
    assert lines[3].startswith("Điện Biên poverty_rate")
    assert lines[4].startswith("Lai Châu  poverty_rate")


def test_assess_bad_number_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["assess", "--data", str(FIXTURES / "table_bad_number.csv")])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert "row 7" in lines[0]
    assert "column 'value'" in lines[0]
    assert "-1,2" in lines[0]


def test_assess_year_without_plan_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["assess", "--data", str(FIXTURES / "table_small.csv"), "--target-year", "2031"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "2031" in err and "2025" in err


def test_assess_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["assess", "--data", str(tmp_path / "nope.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "nope.csv" in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    # main() returns the exit code (argparse's usage error is 2) instead of raising SystemExit.
    assert main(["assess", "--format", "xml"]) == 2
    assert "xml" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# audit and parse


def test_audit_reports_the_investment_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    # Annex 01 prints 101.01% for the 2024 estimate over the 2023 actual of total social
    # investment, but 21,130 / 20,967 = 100.78%.
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "ratio_mismatch" in x)
    assert "investment_total" in line
    assert "101.01" in line and "100.78" in line


@pytest.mark.parametrize(("argv", "code"), [
    (["audit", "--fail-on", "error"], 3),  # the resolution's ratio error
    (["audit", "--fail-on", "warning"], 3),
    (["audit", "data/sonla_2025.csv", "--fail-on", "error"], 0),  # no ratios: no error
    (["audit", "data/sonla_2025.csv", "--fail-on", "warning"], 3),
])
def test_audit_fail_on_sets_the_exit_code_after_writing_the_findings(
        argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).parents[1]
    argv = [str(root / a) if a.startswith("data/") else a for a in argv]
    assert main([*argv, "--format", "json"]) == code
    out, err = capsys.readouterr()
    assert json.loads(out)["findings"] and err == ""


def test_audit_of_a_tidy_table(capsys: pytest.CaptureFixture[str]) -> None:
    # A CSV has no published ratio columns: the other checks run, the ratio error cannot.
    assert main(["audit", str(Path(sf.datasets.data_path("sonla_2025.csv")))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Audit of the resolution's own figures: 0 errors, 7 warnings")
    assert "target_below_current" in out and "] ratio_mismatch" not in out
    assert out.splitlines()[-1].startswith("No published ratios were given")


def test_audit_options_without_a_file_are_refused(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    # Without a file the bundled resolution is audited: ratios or a region given for another
    # table must not be checked against it silently.
    ratios = tmp_path / "r.csv"
    ratios.write_text("indicator_id,numerator_year,numerator_kind,denominator_year,"
                      "denominator_kind,published,decimals\nx,2025,plan,2024,estimate,101,0\n",
                      encoding="utf-8")
    assert main(["audit", "--ratios", str(ratios)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "option '--ratios': give a table or resolution file with it" in err
    assert main(["audit", "--region", "Lai Châu"]) == 1
    assert "option '--region'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["audit"], ["audit", "data/nq-420-2024-sonla-ke-hoach-2025.txt"], ["assess"],
    ["report", "-o", "x.html"],
])
def test_duplicates_without_a_table_file_is_refused(argv: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # It was ignored without a word (exit 0) where no table file is read.
    root = Path(__file__).parents[1]
    argv = [str(root / a) if a.startswith("data/") else
            str(tmp_path / a) if a.endswith(".html") else a for a in argv]
    assert main([*argv, "--duplicates", "latest_source"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "option '--duplicates': it applies to a table file" in err


def test_audit_of_one_region_of_a_table(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    t = sf.load_sonla_2025().to_frame()
    both = pd.concat([t, t.assign(region="Điện Biên")], ignore_index=True)
    path = tmp_path / "two.csv"
    both.to_csv(path, index=False)
    assert main(["audit", str(path), "--region", "Điện Biên", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert found and {f["region"] for f in found} == {"Điện Biên"}
    # typed in NFD (macOS), the name finds the region stored in NFC
    nfd = unicodedata.normalize("NFD", "Điện Biên")
    assert main(["audit", str(path), "--region", nfd, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == found
    # another spelling the reader takes for the same name finds it (it was refused)
    assert main(["audit", str(path), "--region", "điện biên", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == found
    assert main(["audit", str(path), "--region", "Lai Châu"]) == 1
    err = capsys.readouterr().err
    assert "no region 'Lai Châu'" in err and "'Sơn La', 'Điện Biên'" in err
    # the ratios of the other region are left out too (not reported as unverifiable)
    ratios = sf.datasets.load_sonla_2025_resolution().ratios
    both_ratios = pd.concat([ratios.assign(region="Sơn La"), ratios.assign(region="Điện Biên")])
    rpath = tmp_path / "ratios.csv"
    both_ratios.to_csv(rpath, index=False)
    assert main(["audit", str(path), "--region", "Điện Biên", "--ratios", str(rpath),
                 "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert {f["region"] for f in found} == {"Điện Biên"}
    assert not [f for f in found if f["check"] == "ratio_unverifiable"]
    assert [f["indicator_id"] for f in found if f["check"] == "ratio_mismatch"] == [
        "investment_total"]
    # a region's revised target keeps its earlier version: the ratio printed with it is no
    # error (re-reading the region's rows had dropped it; review of the last fixes)
    revised = both[(both.region == "Điện Biên") & (both.indicator_id == "investment_total")
                   & (both.year == 2025)].assign(value=25000.0, source="457/NQ-HĐND 2025-02")
    rev_path = tmp_path / "revised.csv"
    pd.concat([both, revised], ignore_index=True).to_csv(rev_path, index=False)
    assert main(["audit", str(rev_path), "--region", "Điện Biên", "--ratios", str(rpath),
                 "--duplicates", "latest_source", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["indicator_id"], f["year"]) for f in found if f["check"] == "ratio_mismatch"] == [
        ("investment_total", 2024)]

    def mismatched(ratio_rows: pd.DataFrame) -> list[str]:
        """Điện Biên's audit against these ratios, --fail-on error: the ratio errors' ids."""
        ratio_rows.to_csv(rpath, index=False)
        assert main(["audit", str(path), "--region", "Điện Biên", "--ratios", str(rpath),
                     "--fail-on", "error", "--format", "json"]) == 3
        found = json.loads(capsys.readouterr().out)["findings"]
        return [f["indicator_id"] for f in found if f["check"] == "ratio_mismatch"]

    # the ratios' region spelt in NFD or with a trailing space is still the region's: its
    # error was dropped, and --fail-on error passed (audit review)
    for spelt in (nfd, "Điện Biên "):
        assert mismatched(pd.concat([ratios.assign(region="Sơn La"),
                                     ratios.assign(region=spelt)])) == ["investment_total"]
    # a ratio naming no region, in a table of two: whose? an error, not dropped
    pd.concat([ratios.assign(region="Sơn La"), ratios.assign(region="")]).to_csv(
        rpath, index=False)
    assert main(["audit", str(path), "--region", "Điện Biên", "--ratios", str(rpath)]) == 1
    assert "column 'region': ratios: the row names no region" in capsys.readouterr().err
    # ratios of a region the table does not have are left out with the others (as before), and
    # an error names the line of the file, not the place among the region's rows
    third = pd.concat([ratios.assign(region="Lai Châu"), ratios.assign(region="Điện Biên")])
    assert mismatched(third) == ["investment_total"]
    # beside a table of one region, a ratio's blank region is that region's, --region or not
    # (the filter had dropped it: --fail-on error passed; final regression review)
    one = tmp_path / "one.csv"
    both[both.region == "Điện Biên"].to_csv(one, index=False)
    ratios.assign(region="").to_csv(rpath, index=False)
    for region in ([], ["--region", "Điện Biên"]):
        assert main(["audit", str(one), "--ratios", str(rpath), *region,
                     "--fail-on", "error"]) == 3
        assert "investment_total" in capsys.readouterr().out
    typo = third.copy()
    typo.iloc[len(ratios) + 1, typo.columns.get_loc("indicator_id")] = "investmnet_total"
    typo.to_csv(rpath, index=False)
    assert main(["audit", str(path), "--region", "Điện Biên", "--ratios", str(rpath)]) == 1
    assert f"row {len(ratios) + 3}, column 'indicator_id'" in capsys.readouterr().err


def test_parse_names_a_row_repeated_in_the_text(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # The investment row (lines 99-106) repeated without its number became a sub-row of
    # itself, 'investment_total_2', without a word.
    lines = RESOLUTION.read_text(encoding="utf-8").split("\n")
    text = tmp_path / "twice.txt"
    text.write_text("\n".join(lines[:106] + lines[98:106] + lines[106:]), encoding="utf-8")
    assert main(["parse", str(text), "-o", str(tmp_path / "t.csv")]) == 0
    err = capsys.readouterr().err
    assert ("2 rows are named 'Tổng vốn đầu tư toàn xã hội' (ids investment_total, "
            "investment_total_2), under one heading or one under the other") in err
    assert main(["parse", str(RESOLUTION), "-o", str(tmp_path / "t.csv")]) == 0
    assert "rows are named" not in capsys.readouterr().err
    # one item given twice in two units (Tỷ đồng, then %) is two rows meant
    twice_units = [*lines[:106], lines[98], "%", "10,5", "11", "12", "13", *lines[106:]]
    text.write_text("\n".join(twice_units), encoding="utf-8")
    assert main(["parse", str(text), "-o", str(tmp_path / "t.csv")]) == 0
    assert "rows are named" not in capsys.readouterr().err
    # ... but a third row of the name in another unit does not hide a repeated row
    three = [*lines[:106], *lines[98:106], lines[98], "%", "10,5", "11", "12", "13",
             *lines[106:]]
    text.write_text("\n".join(three), encoding="utf-8")
    assert main(["parse", str(text), "-o", str(tmp_path / "t.csv")]) == 0
    assert "2 rows are named 'Tổng vốn đầu tư toàn xã hội' (ids investment_total, " \
        "investment_total_2)" in capsys.readouterr().err


def test_an_output_that_would_overwrite_an_input_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # parse -o t.csv --ratios t.csv wrote the ratios over the table; parse nq.txt -o nq.txt
    # and report --data t.csv -o t.csv destroyed their input (CLI review).
    table = tmp_path / "t.csv"
    table.write_text(sf.load_sonla_2025().to_frame().to_csv(index=False), encoding="utf-8")
    text = tmp_path / "nq.txt"
    text.write_bytes(RESOLUTION.read_bytes())
    before = (table.read_bytes(), text.read_bytes())
    for argv, option, why in (
            (["parse", str(text), "-o", str(tmp_path / "a.csv"), "--ratios",
              str(tmp_path / "a.csv")], "--ratios", "is also given to --output"),
            (["parse", str(text), "-o", str(text)], "--output", "is the input file"),
            (["report", "--data", str(table), "-o", str(table)], "--output", "is the input file"),
            (["assess", "--data", str(table), "-o", str(tmp_path / "." / "t.csv")], "--output",
             "is the input file"),
            (["audit", str(table), "-o", str(table)], "--output", "is the input file")):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert f"option '{option}'" in err and why in err, (argv, err)
    assert (table.read_bytes(), text.read_bytes()) == before
    assert not (tmp_path / "a.csv").exists()
    # a device is nothing to destroy: both outputs may go to it
    if Path(os.devnull).exists():
        assert main(["parse", str(text), "-o", os.devnull, "--ratios", os.devnull]) == 0


def test_audit_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(RESOLUTION), "--format", "json"]) == 0
    text = json.dumps(json.loads(capsys.readouterr().out))
    assert "investment_total" in text


def test_parse_writes_the_tidy_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "table.csv"
    ratios = tmp_path / "ratios.csv"
    assert main(["parse", str(RESOLUTION), "-o", str(out_file), "--ratios", str(ratios)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    # what the audit finds, before the table is assessed: a cell lost or shifted in the text
    # shows there, not in the table
    assert "parsed 136 figures; audit of the resolution's own figures: 1 error, 7 warnings" \
        in captured.err
    frame = pd.read_csv(out_file, encoding="utf-8")
    assert len(frame) == 136  # 34 indicators x (2023 actual, 2024 plan, 2024 estimate, 2025 plan)
    assert len(pd.read_csv(ratios)) == 18
    # The written file is a valid table with the bundled figures.
    table = sf.read_table(out_file)
    key = ["indicator_id", "year", "kind"]
    got = table.to_frame().set_index(key)["value"].sort_index()
    want = sf.load_sonla_2025().to_frame().set_index(key)["value"].sort_index()
    pd.testing.assert_series_equal(got, want)


def test_parse_then_audit_with_the_ratios_keeps_the_ratio_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, ratios = tmp_path / "t.csv", tmp_path / "r.csv"
    assert main(["parse", str(RESOLUTION), "-o", str(table), "--ratios", str(ratios)]) == 0
    assert main(["audit", str(table)]) == 0
    out = capsys.readouterr().out
    assert "] ratio_mismatch" not in out and "No published ratios" in out  # none alone
    assert main(["audit", str(table), "--ratios", str(ratios)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Audit of the resolution's own figures: 1 error")
    assert main(["report", "--data", str(table), "--ratios", str(ratios),
                 "-o", str(tmp_path / "r.html")]) == 0
    assert "ratio_mismatch" in (tmp_path / "r.html").read_text(encoding="utf-8")
    # a file that is not a ratios table is refused naming the missing columns
    assert main(["audit", str(table), "--ratios", str(table)]) == 1
    assert "the ratios file lacks column(s)" in capsys.readouterr().err


def test_audit_json_describes_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert list(d["columns"]) == list(d["findings"][0])
    assert "the plan" in d["columns"]["published"]


def test_bom_for_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain, marked = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["assess", "--format", "csv", "-o", str(plain)]) == 0
    assert main(["assess", "--format", "csv", "-o", str(marked), "--bom"]) == 0
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    pd.testing.assert_frame_equal(pd.read_csv(marked, encoding="utf-8-sig"), pd.read_csv(plain))
    # not for JSON (RFC 8259 forbids the mark) nor for a terminal
    for argv in (["assess", "--format", "json", "-o", str(tmp_path / "a.json"), "--bom"],
                 ["audit", "--format", "csv", "--bom"]):
        assert main(argv) == 1
        assert "--bom is for CSV written to a file" in capsys.readouterr().err
    assert not (tmp_path / "a.json").exists()


def test_target_year_defaults_to_the_first_plan_year_without_an_outcome(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(FIXTURES / "table_small.csv", dtype=str)
    later = frame.copy()
    later["year"] = (later["year"].astype(int) + 2).astype(str)
    path = tmp_path / "t.csv"
    later.to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Targets for 2027:") and out.err == ""
    # a far plan (2030) beside this year's: this year's plans are assessed, and it is said
    far = pd.concat([later, later.iloc[[-1]].assign(year="2030")], ignore_index=True)
    far.to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Targets for 2027:")
    assert "assessing the targets for 2027 (plans for 2027, 2030" in out.err
    # one early estimate of this year's outcome does not close the year
    plan_rows = later[later["kind"] == "plan"]
    early = pd.concat([far, plan_rows.iloc[[0]].assign(kind="estimate")], ignore_index=True)
    early.to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Targets for 2027:")
    # nor does one missing outcome among an old year's plans keep that year open: plans for
    # 2026 (three of four with a 2026 estimate) and 2027
    old = later[later["kind"] == "plan"].assign(year="2026")
    gap = later.index[(later["year"] == "2026")][:1]
    pd.concat([later.drop(index=gap), old], ignore_index=True).to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Targets for 2027:") and out.err == ""
    no_plan = later[later["kind"] != "plan"]
    no_plan.to_csv(path, index=False)
    assert main(["assess", "--data", str(path)]) == 1
    assert "no plan rows" in capsys.readouterr().err


def test_ratios_files_are_read_strictly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty, latin = tmp_path / "e.csv", tmp_path / "l.csv"
    empty.write_text("", encoding="utf-8")
    latin.write_bytes("indicator_id,name_vi\nx,Café\n".encode("latin-1"))
    for bad, msg in ((empty, "is empty"), (latin, "is not UTF-8 text")):
        assert main(["audit", str(sf.datasets.data_path("sonla_2025.csv")),
                     "--ratios", str(bad)]) == 1
        assert msg in capsys.readouterr().err
    assert main(["report", "--ratios", str(empty), "-o", str(tmp_path / "r.html")]) == 1
    assert "--ratios goes with --data" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sonla-forecast {sf.__version__}"
    # importlib.metadata's helpers do not leak into the namespace (sf.version("numpy") was one)
    assert not hasattr(sf, "version") and not hasattr(sf, "PackageNotFoundError")


def test_parse_and_audit_take_the_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RESOLUTION.read_text(encoding="utf-8").replace("TỈNH SƠN LA", "TỈNH ĐIỆN BIÊN")
    other = tmp_path / "nq.txt"
    other.write_text(text, encoding="utf-8")
    assert main(["parse", str(other)]) == 0
    assert set(pd.read_csv(io.StringIO(capsys.readouterr().out))["region"]) == {"Điện Biên"}
    assert main(["parse", str(other), "--region", "Lai Châu"]) == 0
    assert set(pd.read_csv(io.StringIO(capsys.readouterr().out))["region"]) == {"Lai Châu"}
    assert main(["audit", str(other), "--format", "csv", "--region", "Lai Châu"]) == 0
    regions = set(pd.read_csv(io.StringIO(capsys.readouterr().out))["region"].dropna())
    assert regions == {"Lai Châu"}


def test_parse_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(RESOLUTION)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 137  # header + 136 rows


# --------------------------------------------------------------------------------------------
# Entry points


def test_python_dash_m(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # ``python -m sonla_forecast`` runs src/sonla_forecast/__main__.py.
    monkeypatch.setattr(sys, "argv", ["sonla_forecast", "audit"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("sonla_forecast", run_name="__main__")
    assert info.value.code == 0
    assert "ratio_mismatch" in capsys.readouterr().out


def test_console_script_subprocess(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("sonla-forecast")
    assert script.exists(), f"console script not installed next to {sys.executable}"
    proc = subprocess.run(
        [str(script), "assess", "--data", str(FIXTURES / "table_bad_number.csv")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "row 7" in proc.stderr and "column 'value'" in proc.stderr


def test_revised_targets_from_the_command_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _revised_table_file(tmp_path)
    assert main(["assess", "--data", str(path), "--target-year", "2025"]) == 1
    assert "--duplicates latest_source" in capsys.readouterr().err
    assert main(["assess", "--data", str(path), "--target-year", "2025",
                 "--duplicates", "latest_source", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    grdp = next(t for t in d["targets"] if t["indicator_id"] == "grdp_growth")
    assert grdp["target"] == 8.0 and "5.5" in grdp["revisions"]
    with pytest.raises(sf.InputError, match=r"is an option of sf\.read_table"):
        sf.assess(path, target_year=2025, duplicates="latest_source")


def test_output_is_utf8_in_a_non_utf8_locale(tmp_path: Path) -> None:
    # A Windows pipe writes in the ANSI code page (cp1252 here), which has no "ơ": the JSON
    # and the error messages are UTF-8 all the same, with no traceback.
    env = {"PYTHONIOENCODING": "cp1252", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "sonla_forecast", "assess", "--format", "json"],
                          capture_output=True, timeout=120, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert {t["region"] for t in doc["targets"]} == {"Sơn La"}
    bad = tmp_path / "bad.csv"
    bad.write_text("region,indicator_id,name_vi,unit,year,kind,value\n"
                   "Sơn La,x,Tỷ lệ,%,2024,actual,abc\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sonla_forecast", "assess", "--data", str(bad)],
                          capture_output=True, timeout=120, cwd=tmp_path, env=env)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "Traceback" not in err and len(err.splitlines()) == 1, err


def test_reader_closing_the_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-m", "sonla_forecast", "assess", "--format", "json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # as ``| head`` does once it has its lines
        err = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=120) == 141
    assert err == ""


def test_ctrl_c_is_exit_130_without_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import sonla_forecast.cli as cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_audit", interrupted)
    assert main(["audit"]) == 130
    assert capsys.readouterr().err == "sonla-forecast: interrupted\n"


def test_assess_csv_sorted_and_json_refuses_sort(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--format", "csv", "--sort", "status"]) == 0
    got = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    want = sf.assess(sf.load_sonla_2025(), target_year=2025).to_frame(sort_by="status")
    assert got["indicator_id"].tolist() == want["indicator_id"].tolist()
    assert got["status"].iloc[0] == "met already" and got["status"].iloc[-1] == "unlikely"
    assert main(["assess", "--format", "json", "--sort", "status"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--sort" in err and len(err.splitlines()) == 1


def test_parse_checks_both_output_paths_before_writing(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    missing = tmp_path / "no_such_folder" / "ratios.csv"
    assert main(["parse", str(RESOLUTION), "--ratios", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--ratios" in err and "no folder" in err


def test_a_resolution_path_that_is_not_a_file_is_named_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "none.txt")]) == 1
    assert "resolution file not found" in capsys.readouterr().err
    assert main(["audit", str(tmp_path)]) == 1  # a directory exists: it was "not found"
    assert "is not a file (a directory or a device)" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["assess"], ["audit"], ["report"]])
def test_every_command_checks_its_output_path_before_any_work(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]) -> None:
    # report and assess wrote a raw "[Errno 2] No such file or directory" after the whole run
    for out, words in ((tmp_path / "no_such_folder" / "x.out", "no folder"),
                       (tmp_path, "is a folder")):
        assert main([*command, "-o", str(out)]) == 1
        _, err = capsys.readouterr()
        assert "option '--output'" in err and words in err and "Errno" not in err


def test_an_unknown_sort_column_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--sort", "no_such_column"]) == 1
    _, err = capsys.readouterr()
    assert "option '--sort'" in err and "sort_by" not in err and "probability" in err


def test_an_output_through_a_missing_folder_is_refused_before_the_run(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # "sub/../x.csv" with no sub: resolve() dropped the "..", and the run ended in a raw Errno
    out = tmp_path / "sub" / ".." / "x.csv"
    assert main(["assess", "-o", str(out)]) == 1
    _, err = capsys.readouterr()
    assert "option '--output'" in err and "no folder" in err and "Errno" not in err


def test_a_ratios_file_given_as_the_table_gets_the_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(sf.datasets.data_path("sonla_2025_ratios.csv"))]) == 1
    assert "looks like a file of published ratios: give it with --ratios" in \
        capsys.readouterr().err


def test_audit_reads_a_table_file_without_the_csv_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a table saved as "dienbien_2026" was parsed as a resolution's text: "no indicator annex"
    root = Path(__file__).parents[1]
    table = tmp_path / "sonla_2025"
    table.write_bytes((root / "data" / "sonla_2025.csv").read_bytes())
    assert main(["audit", str(table)]) == 0
    assert capsys.readouterr().out.startswith(
        "Audit of the resolution's own figures: 0 errors, 7 warnings")
    # tab-separated, after a blank line: read_table's hint, not "no indicator annex found"
    tabbed = tmp_path / "tabbed"
    tabbed.write_text("\n" + (root / "data" / "sonla_2025.csv").read_text(encoding="utf-8")
                      .replace(",", "\t"), encoding="utf-8")
    assert main(["audit", str(tabbed)]) == 1
    assert "annex" not in capsys.readouterr().err
    text = tmp_path / "nq"
    text.write_bytes((root / "data" / "nq-420-2024-sonla-ke-hoach-2025.txt").read_bytes())
    assert main(["audit", str(text)]) == 0  # a resolution's text is still read as one
    assert capsys.readouterr().out.startswith("Audit of the resolution's own figures: 1 error")


# --------------------------------------------------------------------------------------------
# backtest and targets


def test_backtest_prints_the_scores_of_the_bundled_history(
        capsys: pytest.CaptureFixture[str]) -> None:
    want = sf.backtest(sf.datasets.load_sonla_history())
    assert main(["backtest"]) == 0
    assert capsys.readouterr().out == want.summary() + "\n"
    assert main(["backtest", "--format", "json", "--compare"]) == 0
    got = json.loads(capsys.readouterr().out)
    alone = sf.backtest(sf.datasets.load_sonla_history(), compare=())
    assert_json_close(got, json.loads(json.dumps(alone.to_dict(), allow_nan=False)))
    assert [s["method"] for s in got["scores"]] == ["drift", "every_plan_met",
                                                    "plan_hit_rate", "trend"]


def test_backtest_csv_is_the_predictions(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bt.csv"
    argv = ["backtest", "--target-years", "2024", "--model", "naive", "--compare", "ets",
            "--pairs", "each", "--format", "csv", "-o", str(out)]
    assert main(argv) == 0 and capsys.readouterr().out == ""
    want = sf.backtest(sf.datasets.load_sonla_history(), target_years=[2024], model="naive",
                       compare="ets", pairs="each").to_frame()
    got = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert list(got.columns) == list(want.columns) and len(got) == len(want)
    assert set(got["method"]) == {"naive", "ets", "every_plan_met", "plan_hit_rate", "trend"}
    assert main(["backtest", "--target-years", "2019"]) == 1
    assert "2019: no plan" in capsys.readouterr().err


def test_backtest_by_scores_within_groups_in_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bt = sf.backtest(sf.datasets.load_sonla_history())
    assert main(["backtest", "--by", "scale"]) == 0
    assert capsys.readouterr().out == bt.summary(by="scale") + "\n"
    out = tmp_path / "by.csv"
    assert main(["backtest", "--by", "region", "scale", "--format", "csv", "-o", str(out)]) == 0
    got = pd.read_csv(out, keep_default_na=False, na_values=[""])
    want = bt.scores_by(["region", "scale"])
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_series_equal(got["brier"], want["brier"], check_exact=False)
    assert main(["backtest", "--by", "indicator_id", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scores_by"]["by"] == ["indicator_id"]
    assert len(data["scores_by"]["scores"]) == len(bt.scores_by("indicator_id"))
    assert main(["backtest", "--by", "scale", "scale"]) == 1
    assert capsys.readouterr().err.startswith("sonla-forecast: error: option '--by': ")


def test_backtest_errors_name_the_option_typed(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # A model under test that predicts nothing is blamed on --model, as the command line
    # spells it, not on the Python keyword.
    rows = [("x", y, "actual", v) for y, v in ((2018, 9), (2019, 10), (2020, 11), (2021, 12.5),
                                              (2022, 13))]
    rows += [("x", 2021, "plan", 12), ("x", 2022, "plan", 14)]
    data = tmp_path / "t.csv"
    pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value"]).assign(
        unit="Tỷ đồng", direction="higher").to_csv(data, index=False)
    assert main(["backtest", "--data", str(data), "--model", "refclass"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sonla-forecast: error: option '--model': nothing to backtest"), err
    assert main(["backtest", "--data", str(data), "--target-years", "2030"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sonla-forecast: error: option '--target-years': nothing to "
                          "backtest"), err


def test_targets_prints_the_target_met_with_the_probability(
        capsys: pytest.CaptureFixture[str]) -> None:
    want = sf.targets_for_probability(sf.load_sonla_2025(), 2025, 0.8).set_index(
        "indicator_id")
    assert main(["targets", "--probability", "0.8"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Targets for 2025 met with probability 0.8; model 'drift'\n")
    pov = next(line for line in out.splitlines() if line.startswith("poverty_rate "))
    assert pov.split()[1:] == ["%", "11.17", "8.17",
                               f"{want.at['poverty_rate', 'target_at_probability']:.2f}",
                               f"{want.at['poverty_rate', 'probability_of_plan']:.2f}"]
    nrd = next(line for line in out.splitlines() if line.startswith("nrd_communes "))
    nrd_target = want.at["nrd_communes", "target_at_probability"]
    assert nrd.split()[2:5] == ["74", "83", f"{nrd_target:.0f}"]
    assert "Note: structure_agri: band target" in out
    assert main(["targets", "--probability", "0.8", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert (got["target_year"], got["requested_probability"], got["model"]) == (2025, 0.8,
                                                                                "drift")
    assert list(got["columns"]) == list(TARGETS_COLUMNS)
    assert [t["indicator_id"] for t in got["targets"]] == list(want.index)
    assert got["targets"][0]["baseline_year"] == 2024
    assert got["targets"][2]["target_at_probability"] is None  # a band: none
    assert main(["targets", "--probability", "1.5"]) == 1
    assert "option '--probability': probability must be a number from 1e-06" in \
        capsys.readouterr().err
    assert main(["targets", "--model", "plan_record"]) == 1
    assert "option '--model': model 'plan_record' builds" in capsys.readouterr().err


def test_commands_share_their_output_options() -> None:
    """assess, audit, backtest and targets write a result with the same --format, --output and
    --bom, and the commands that read a table take the same --duplicates choices."""
    from sonla_forecast.cli import _parser

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    seen: dict[str, set[tuple[object, ...]]] = {}
    for name in ("assess", "audit", "backtest", "targets"):
        for act in sub.choices[name]._actions:
            if act.dest in ("output", "bom", "duplicates") or act.dest == "format":
                key = (tuple(act.option_strings), tuple(act.choices or ()), act.default)
                if act.dest in ("output", "bom"):
                    key += (act.help,)
                seen.setdefault(act.dest, set()).add(key)
    assert set(seen) == {"format", "output", "bom", "duplicates"}
    assert all(len(v) == 1 for v in seen.values()), seen


def test_a_report_without_matplotlib_says_so_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sonla_forecast import report

    monkeypatch.setattr(report, "_have_matplotlib", lambda: False)
    assert main(["report", "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "the report has no charts: they need matplotlib (pip install matplotlib" in err
    assert main(["report", "--no-charts", "-o", str(tmp_path / "r.html")]) == 0
    assert "matplotlib" not in capsys.readouterr().err
