"""Command line: ``sonla-forecast assess | audit | backtest | targets | parse | report``.

A thin adapter over :func:`sonla_forecast.assess`, :func:`sonla_forecast.audit`,
:func:`sonla_forecast.backtest`, :func:`sonla_forecast.targets_for_probability` and
:func:`sonla_forecast.read_resolution`. Exit codes: 0 success, 1 bad input (one line on
stderr naming the row and column), 2 bad usage (argparse), 3 an audit with ``--fail-on``
whose findings reach that severity, 130 on Ctrl-C, 141 when the reader of the output closed it
early (``| head``). Output is UTF-8 whatever the locale (a Windows pipe's code page
cannot write "Sơn La").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SonlaError
from .table import as_name, find_name

if TYPE_CHECKING:
    import pandas as pd

    from .audit import AuditReport
    from .io.read import Resolution
    from .results import BacktestResult
    from .table import IndicatorTable

__all__ = ["EXIT_FINDINGS", "main"]

#: Exit code of ``audit --fail-on LEVEL`` when a finding reaches LEVEL (1 is bad input).
EXIT_FINDINGS = 3


def _write(text: str, output: str | None, bom: bool = False, csv: bool = True) -> None:
    from .errors import InputError

    if bom and not (output and csv):
        # JSON must not start with a byte-order mark (RFC 8259); a terminal does not need one.
        raise InputError("--bom is for CSV written to a file: use it with --output FILE"
                         + ("" if csv else " and --format csv"), column="--bom")
    # One ending whatever the destination: a file holds what the terminal shows.
    text = text if text.endswith("\n") else text + "\n"
    if output:
        # A byte-order mark lets Excel on Windows read UTF-8 (the diacritics of "Sơn La").
        Path(output).write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    else:
        sys.stdout.write(text)


def _write_result(result: AuditReport | BacktestResult, args: argparse.Namespace) -> None:
    """A result in the ``--format`` asked for (its ``to_dict()`` as JSON, its ``to_frame()`` as
    CSV, its ``summary()`` as text), to ``--output`` or stdout."""
    if args.format == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    elif args.format == "csv":
        text = result.to_frame().to_csv(index=False, lineterminator="\n")
    else:
        text = result.summary()
    _write(text, args.output, args.bom, csv=args.format == "csv")


def _check_outputs(*options: tuple[str, str | None],
                   inputs: tuple[str | None, ...] = ()) -> None:
    """Refuse, before any work, an output file that cannot be written (its folder is missing,
    or it is a folder) or that would overwrite an input file or another output."""
    from .errors import InputError

    def same(a: str, b: str) -> bool:
        pa, pb = Path(a), Path(b)
        if pa.exists() and not pa.is_file():
            return False  # /dev/null, /dev/stdout: nothing there to destroy
        return pa.resolve() == pb.resolve() or (pa.exists() and pb.exists()
                                                 and pa.samefile(pb))

    written: list[tuple[str, str]] = []
    for option, out in options:
        if not out:
            continue
        if Path(out).is_dir():
            raise InputError(f"{out!r} is a folder: give a file name", column=option, value=out)
        if not Path(out).parent.is_dir():  # "sub/../x.csv" needs sub, as the OS does
            raise InputError(f"no folder {str(Path(out).parent)!r} to write {out!r} in",
                             column=option, value=out)
        for given in inputs:
            if given and same(out, given):
                raise InputError(f"{out!r} is the input file: writing it would destroy it; give "
                                 "another file name", column=option, value=out)
        for other, path in written:
            if same(out, path):
                raise InputError(f"{out!r} is also given to {other}: one would overwrite the "
                                 "other", column=option, value=out)
        written.append((option, out))


def _target_year(args: argparse.Namespace, table: IndicatorTable) -> int:
    """``--target-year``, else :meth:`IndicatorTable.default_target_year`; said on stderr when
    the table leaves a choice (several open plan years, or none)."""
    if args.target_year is not None:
        return int(args.target_year)
    year = table.default_target_year()
    years = table.plan_years()
    if len(years) > 1 and len(table.open_plan_years()) != 1:
        print(f"sonla-forecast: assessing the targets for {year} (plans for "
              f"{', '.join(map(str, years))}; --target-year chooses another)", file=sys.stderr)
    return year


def _read_ratios(path: str | None) -> pd.DataFrame | None:
    """A published-ratios CSV as ``parse --ratios`` writes it (None without a path)."""
    from .io.read import read_ratios

    return None if path is None else read_ratios(path)


def _check_duplicates_option(args: argparse.Namespace, table_given: bool) -> None:
    """Refuse ``--duplicates latest_source`` where no table file is read: it would be ignored."""
    from .errors import InputError

    if args.duplicates != "error" and not table_given:
        raise InputError("it applies to a table file (a CSV given with it); the bundled table "
                         "and a resolution's text have no duplicated rows to choose from",
                         column="--duplicates", value=args.duplicates)


@contextmanager
def _options_named(**option_of: str) -> Iterator[None]:
    """An :class:`~sonla_forecast.errors.InputError` about a library parameter (its column,
    ``sort_by``) names the command-line option typed instead (``sort_by="--sort"``)."""
    from .errors import InputError

    try:
        yield
    except InputError as exc:
        option = option_of.get(str(exc.column))
        if option is None:
            raise
        raise InputError(exc.message, column=option, value=exc.value) from None


def _input_table(args: argparse.Namespace, bundled: Callable[[], IndicatorTable]
                 ) -> IndicatorTable:
    """The table of ``--data`` (read with ``--duplicates``), else the ``bundled`` one, after
    refusing an ``--output`` that cannot be written or would overwrite it."""
    from .table import read_table

    _check_outputs(("--output", args.output), inputs=(args.data,))
    _check_duplicates_option(args, bool(args.data))
    return read_table(args.data, duplicates=args.duplicates) if args.data else bundled()


def _cmd_assess(args: argparse.Namespace) -> int:
    from .assess import assess
    from .datasets import load_sonla_2025
    from .errors import InputError

    table = _input_table(args, load_sonla_2025)
    if args.sort is not None and args.format == "json":
        raise InputError("--sort orders the table and CSV output; JSON keeps the table order "
                         "(sort its 'targets' by a key in the tool that reads it)",
                         column="--sort", value=args.sort)
    res = assess(table, target_year=_target_year(args, table), model=args.model)
    with _options_named(sort_by="--sort"):
        if args.format == "json":
            text = json.dumps(res.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        elif args.format == "csv":
            text = res.to_frame(sort_by=args.sort).to_csv(index=False, lineterminator="\n")
        else:
            text = (res.summary(sort_by=args.sort) + "\n"
                    + _audit_line(args.data, table, args.duplicates))
    _write(text, args.output, args.bom, csv=args.format == "csv")
    return 0


def _audit_line(data: str | None, table: IndicatorTable, duplicates: str) -> str:
    """One line for the assessment's text: what ``sonla-forecast audit`` finds in the same
    figures (the bundled resolution with its published ratios, or the table given), so that a
    reader of the probabilities learns that the figures they rest on have findings."""
    from .assess import audit
    from .datasets import load_sonla_2025_resolution
    from .errors import InputError

    try:
        report = audit(table if data else load_sonla_2025_resolution())
    except InputError as exc:  # the assessment stands; say why there is no count
        return f"Audit of the figures assessed: not run ({exc})."
    path = f"./{data}" if data and data.startswith("-") else data  # not read as an option
    command = "sonla-forecast audit" + (f" {shlex.quote(path)}" if path else "")
    if duplicates != "error":
        command += f" --duplicates {duplicates}"
    if not report.findings:
        found = "no findings"
    else:
        found = f"{report.tally()} (`{command}` lists them)"
    unchecked = "" if report.ratios_checked else "; published ratios not checked"
    return f"Audit of the figures assessed: {found}{unchecked}."


def _is_table_file(path: str) -> bool:
    """A tidy table rather than a resolution's text: a ``.csv`` name, or a first non-blank
    line that is a table's header (``indicator_id,...``), whatever the name
    (``dienbien_2026``)."""
    if Path(path).suffix.lower() == ".csv":
        return True
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            head = next((line for line in fh if line.strip()), "")
    except OSError:
        return False  # the reader names the file's problem
    # any separator: read_table then says what is wrong with a tab- or semicolon-separated one
    return "indicator_id" in [c.strip().strip('"').lower() for c in re.split(r"[,;\t]", head)]


def _cmd_audit(args: argparse.Namespace) -> int:
    import pandas as pd

    from .assess import audit
    from .datasets import load_sonla_2025_resolution
    from .errors import InputError
    from .io.read import read_resolution
    from .table import read_table

    _check_outputs(("--output", args.output), inputs=(args.file, args.ratios))
    table_file = bool(args.file) and _is_table_file(args.file)
    _check_duplicates_option(args, table_file)
    source: Resolution | IndicatorTable
    other_regions: list[str] = []  # the table's regions that --region leaves out
    if not args.file:
        for option, given in (("--ratios", args.ratios), ("--region", args.region)):
            if given:  # else the bundled resolution would be audited, silently
                raise InputError("give a table or resolution file with it (without one, the "
                                 "bundled resolution is audited, which has its own)",
                                 column=option, value=given)
        source = load_sonla_2025_resolution()
    elif table_file:
        # a tidy table: every check but the published ratios (unless --ratios gives them)
        source = read_table(args.file, duplicates=args.duplicates)
        if args.region is not None:  # that region's rows only
            regions = source.regions()
            args.region = find_name(args.region, regions)  # "Hoà Bình" finds "Hòa Bình"
            if args.region not in regions:
                raise InputError(f"the table has no region {args.region!r}; it has "
                                 f"{', '.join(map(repr, regions))}", column="--region",
                                 value=args.region)
            other_regions = [r for r in regions if r != args.region]
            # with the earlier versions of its revised rows, which the ratio check weighs
            frame, dropped = source.to_frame(), source.dropped
            mine = [frame[frame["region"] == args.region]]
            if len(dropped):
                mine.append(dropped[dropped["region"] == args.region])
            source = read_table(pd.concat(mine, ignore_index=True), duplicates=args.duplicates)
    else:
        source = read_resolution(args.file, region=args.region)
    ratios = _read_ratios(args.ratios)
    if ratios is not None and args.region is not None and "region" in ratios.columns:
        # the region's ratios only, its name spelt as the table stores names (NFC, stripped: a
        # ratio of "Điện Biên " is Điện Biên's, not dropped); each keeps its line in the file,
        # which the audit's messages name
        names = ratios["region"].map(lambda v: "" if pd.isna(v) else as_name(str(v)))
        if other_regions and (names == "").any():  # whose? not silently the region's, nor gone
            row = names.index[names == ""][0]
            raise InputError(f"ratios: the row names no region, and the table has "
                             f"{len(other_regions) + 1}; name the region of every ratio",
                             row=row, column="region", value="")
        # a blank region, beside a table of one region, is that region's (as the audit reads it)
        ratios = ratios[((names == args.region) | (names == "")).to_numpy()]
    report = audit(source, ratios=ratios)
    _write_result(report, args)
    if args.fail_on is not None:
        # the findings are written first; the status tells a script that some reached the level
        levels = ("error",) if args.fail_on == "error" else ("error", "warning")
        if any(report.count(level) for level in levels):
            return EXIT_FINDINGS
    return 0


def _cmd_parse(args: argparse.Namespace) -> int:
    from .io.read import read_resolution

    _check_outputs(("--output", args.output), ("--ratios", args.ratios),
                   inputs=(args.resolution,))
    from .audit import audit

    res = read_resolution(args.resolution, region=args.region)
    text = res.table.to_frame().to_csv(index=False, lineterminator="\n")
    _write(text, args.output, args.bom)
    if args.ratios:
        res.ratios.to_csv(args.ratios, index=False, encoding="utf-8-sig" if args.bom else "utf-8")
    # A cell lost or shifted in the text is read as a figure of another column; its row's
    # arithmetic then fails the audit, which says so before the table is assessed.
    frame = res.table.to_frame()
    head = audit(frame, res.ratios).summary().partition("\n")[0].rstrip(".")
    print(f"sonla-forecast: parsed {len(res.table)} figures; {head[0].lower()}{head[1:]} "
          f"(details: sonla-forecast audit {args.resolution})", file=sys.stderr)
    # Two rows of one name under one heading, or one under the other, get ids x and x_2:
    # most often a row repeated in the text (without its number, a sub-row of itself).
    rows = frame.drop_duplicates("indicator_id")
    # one item in two units (Tỷ đồng, then %) is two rows meant: grouped by name and unit
    twice = rows[rows.duplicated(["name_vi", "unit"], keep=False)]
    for (name, _), same in twice.groupby(["name_vi", "unit"], sort=False):
        ids, parents = same["indicator_id"].tolist(), same["parent_id"].tolist()
        if len(set(parents)) < len(parents) or set(ids) & set(parents):
            print(f"sonla-forecast: {len(ids)} rows are named {name!r} (ids {', '.join(ids)}), "
                  "under one heading or one under the other: a row repeated in the text?",
                  file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .assess import assess, audit
    from .datasets import load_sonla_2025_resolution
    from .errors import InputError
    from .report import PLOT_EXTRA_HINT, _have_matplotlib, render_html
    from .table import read_table

    _check_outputs(("--output", args.output), inputs=(args.data, args.ratios))
    _check_duplicates_option(args, bool(args.data))
    if args.data:
        table = read_table(args.data, duplicates=args.duplicates)
        findings = audit(table, ratios=_read_ratios(args.ratios))
    elif args.ratios:
        raise InputError("--ratios goes with --data (the bundled resolution has its own)",
                         column="--ratios")
    else:
        resolution = load_sonla_2025_resolution()
        table = resolution.table
        findings = audit(resolution)
    res = assess(table, target_year=_target_year(args, table), model=args.model)
    page = render_html(res, table=table, audit_report=findings, lang=args.lang,
                       charts=not args.no_charts)
    Path(args.output).write_text(page, encoding="utf-8")
    if not args.no_charts and not _have_matplotlib():
        print(f"sonla-forecast: the report has no charts: they need matplotlib "
              f"({PLOT_EXTRA_HINT}); --no-charts leaves them out without this notice",
              file=sys.stderr)
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    from .assess import backtest
    from .datasets import load_sonla_history

    table = _input_table(args, load_sonla_history)
    # "year" is the years asked for when --target-years gives them, else the table's column
    years = {"year": "--target-years"} if args.target_years is not None else {}
    with _options_named(pairs="--pairs", model="--model", target_years="--target-years",
                        compare="--compare", **years):
        result = backtest(table, target_years=args.target_years, model=args.model,
                          compare=tuple(args.compare), pairs=args.pairs)
    if not args.by:
        _write_result(result, args)
        return 0
    with _options_named(by="--by"):
        by_scores = result.scores_by(args.by)
    if args.format == "json":
        from .results import _jsonable

        data = result.to_dict()
        data["scores_by"] = {"by": list(args.by),
                             "scores": [{k: _jsonable(v) for k, v in r.items()}
                                        for r in by_scores.to_dict("records")]}
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    elif args.format == "csv":
        text = by_scores.to_csv(index=False, lineterminator="\n")
    else:
        text = result.summary(by=args.by)
    _write(text, args.output, args.bom, csv=args.format == "csv")
    return 0


def _cmd_targets(args: argparse.Namespace) -> int:
    import pandas as pd

    from .datasets import load_sonla_2025
    from .results import SCHEMA_VERSION, _jsonable, library_version
    from .targets import TARGETS_COLUMNS, targets_for_probability

    table = _input_table(args, load_sonla_2025)
    year = _target_year(args, table)
    with _options_named(probability="--probability", model="--model"):
        frame = targets_for_probability(table, year, args.probability, model=args.model)
    if args.format == "json":
        text = json.dumps({
            "schema_version": SCHEMA_VERSION, "target_year": year,
            "requested_probability": args.probability, "model": args.model,
            "columns": dict(TARGETS_COLUMNS),
            "targets": [{k: None if pd.isna(v) else _jsonable(v) for k, v in r.items()}
                        for r in frame.to_dict("records")],
            "library_version": library_version()}, ensure_ascii=False, indent=2, allow_nan=False)
    elif args.format == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        ind = table.indicators()
        counts = set(zip(ind.loc[ind["scale"] == "count", "region"],
                         ind.loc[ind["scale"] == "count", "indicator_id"], strict=True))
        text = _targets_text(frame, year, args.probability, args.model, counts)
    _write(text, args.output, args.bom, csv=args.format == "csv")
    return 0


def _targets_text(frame: pd.DataFrame, year: int, probability: float, model: str,
                  counts: set[tuple[str, str]]) -> str:
    """``targets``' table: per indicator its baseline, plan, the target met with the
    probability asked for and the plan's probability, then the rows' reasons and notes
    (``counts``: the (region, indicator_id) of counts, whose values print whole)."""
    from .results import _fmt, _text_table

    several = frame["region"].nunique() > 1
    columns = ([("region", "region", 14)] if several else []) + [
        ("indicator_id", "indicator", 28), ("unit", "unit", 9), ("baseline", "baseline", 9),
        ("plan", "plan", 9), ("target_at_probability", "target", 9),
        ("probability_of_plan", "P(plan)", 7)]
    records = frame.to_dict("records")
    lines = [f"Targets for {year} met with probability {probability:g}; model {model!r}"]
    lines += _text_table(
        records, columns,
        lambda r, c, w: _fmt(r[c], w, fixed=c == "probability_of_plan",
                             as_typed=c in ("baseline", "plan"),
                             whole=(r["region"], r["indicator_id"]) in counts),
        left=("region", "indicator_id"))
    notes = []
    for r in records:
        why = "; ".join(x for x in (r["reason"], r["note"]) if x)
        if why:
            where = f"{r['region']}/" if several else ""
            notes.append(f"{where}{r['indicator_id']}: {why}")
    lines += ["", f"target: the {year} value met with probability {probability:g} "
              "(- where none: the note says why); P(plan): the probability of meeting the "
              "plan, as assess gives it (- for a multi-year target: sonla-forecast assess "
              "gives its probability)."]
    lines += [f"Note: {n}" for n in notes]
    return "\n".join(lines)


_YEAR_HELP = ("year whose targets are assessed (default: the first plan year in which at least "
              "half of the plans have no outcome yet, else the last plan year; 2025 for the "
              "bundled data)")
_DUPLICATES_HELP = ("two rows for the same key: 'error' (default) or 'latest_source', which keeps "
                    "the row with the latest dated source (a revised target)")
_BOM_HELP = ("write the CSV file of --output as UTF-8 with a byte-order mark, so that Excel "
             "shows Vietnamese diacritics")


def _add_data(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--data", metavar="FILE.csv", help=help)


def _add_model(p: argparse.ArgumentParser, what: str = "trajectory model") -> None:
    from .models import DEFAULT_MODEL, MODELS

    p.add_argument("--model", default=DEFAULT_MODEL, choices=sorted(MODELS),
                   help=f"{what} (default {DEFAULT_MODEL})")


def _add_target_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--target-year", type=int, default=None, metavar="YEAR", help=_YEAR_HELP)


def _add_duplicates(p: argparse.ArgumentParser, scope: str = "; for --data") -> None:
    p.add_argument("--duplicates", choices=["error", "latest_source"], default="error",
                   help=_DUPLICATES_HELP + scope)


def _add_outputs(p: argparse.ArgumentParser, format_help: str | None = None) -> None:
    """``--format`` (table, csv, json), ``--output`` and ``--bom``, the same for every command
    that writes a result."""
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help=format_help or "table (default), csv or json")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--bom", action="store_true", help=_BOM_HELP)


def _parser() -> argparse.ArgumentParser:
    from .models import MODELS
    from .results import _SCORES_BY_COLUMNS

    p = argparse.ArgumentParser(
        prog="sonla-forecast",
        description="How likely is each plan target to be met, and what growth it takes.",
    )
    from . import __version__

    p.add_argument("--version", action="version", version=f"sonla-forecast {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    bundled = "indicator table (tidy CSV); default: bundled Sơn La 2025 data"

    a = sub.add_parser("assess", help="assess every target of a table for one year")
    _add_data(a, bundled)
    _add_target_year(a)
    _add_model(a)
    _add_outputs(a)
    a.add_argument("--sort", default=None, metavar="COLUMN",
                   help="sort the table or CSV output by a column, e.g. probability")
    _add_duplicates(a, "")
    a.set_defaults(func=_cmd_assess)

    u = sub.add_parser("audit", help="check a resolution's own arithmetic")
    u.add_argument("file", nargs="?", metavar="RESOLUTION.txt|TABLE.csv",
                   help="resolution text, or a tidy table (.csv, or any file whose first line "
                   "is a table's header: no published ratios to check unless --ratios gives "
                   "them); default: the bundled 420/NQ-HĐND")
    _add_outputs(u)
    u.add_argument("--region", default=None, metavar="NAME",
                   help="region of a resolution text (default: read from the text); for a "
                   "table, audit that region's rows only")
    u.add_argument("--ratios", metavar="ratios.csv",
                   help="published ratios to check (as parse --ratios writes them); default: "
                   "those of a resolution text, none for a table")
    _add_duplicates(u, "; for a table file")
    u.add_argument("--fail-on", choices=["error", "warning"], default=None,
                   help=f"exit with code {EXIT_FINDINGS} (after writing the findings) when a "
                   "finding has this severity or a higher one (default: exit 0 whatever "
                   "the audit finds)")
    u.set_defaults(func=_cmd_audit)

    b = sub.add_parser("backtest", help="score the models and baselines on past years' "
                       "targets and outcomes")
    _add_data(b, "indicator table (tidy CSV) with plans and outcomes of past years; "
              "default: bundled Sơn La history with the 2025 resolution")
    b.add_argument("--target-years", type=int, nargs="+", default=None, metavar="YEAR",
                   help="years to score (default: every year with a plan, an outcome and "
                   "earlier history)")
    _add_model(b, "model under test")
    b.add_argument("--compare", nargs="*", default=["naive", "ets"], metavar="NAME",
                   choices=sorted(MODELS),
                   help="other models scored in the same run (default: naive "
                   "ets; --compare alone: none); the baselines are always scored")
    b.add_argument("--pairs", choices=["common", "each"], default="common",
                   help="'common' (default): the targets every method could predict; 'each': "
                   "every method on the targets it could predict")
    b.add_argument("--by", nargs="+", default=None, metavar="COLUMN",
                   choices=_SCORES_BY_COLUMNS,
                   help="also score within each group of targets: one or more of "
                   f"{', '.join(_SCORES_BY_COLUMNS)} (table: a second table; csv: the grouped "
                   "scores instead of the predictions; json: a 'scores_by' block)")
    _add_outputs(b, "table: the scores; csv: the per-target predictions; json: both")
    _add_duplicates(b)
    b.set_defaults(func=_cmd_backtest)

    t = sub.add_parser("targets", help="the target each indicator meets with a given "
                       "probability")
    _add_data(t, bundled)
    _add_target_year(t)
    t.add_argument("--probability", type=float, default=0.7, metavar="P",
                   help="probability of meeting the target (default 0.7)")
    _add_model(t)
    _add_outputs(t)
    _add_duplicates(t)
    t.set_defaults(func=_cmd_targets)

    r = sub.add_parser("parse", help="extract a resolution's annex into a tidy CSV")
    r.add_argument("resolution", metavar="RESOLUTION.txt",
                   help="the resolution's text, its annex with one cell per line")
    r.add_argument("--output", "-o", metavar="table.csv", help="default: stdout")
    r.add_argument("--ratios", metavar="ratios.csv", help="also write the published ratios")
    r.add_argument("--region", default=None, metavar="NAME",
                   help="region column of the table; default: read from the resolution's text")
    r.add_argument("--bom", action="store_true",
                   help=_BOM_HELP.replace("file of --output", "files of --output and --ratios"))
    r.set_defaults(func=_cmd_parse)

    h = sub.add_parser("report", help="write a self-contained HTML report (charts need "
                       "matplotlib: pip install -e '.[plot]')")
    _add_data(h, bundled + " and its published ratios")
    _add_duplicates(h)
    h.add_argument("--ratios", metavar="ratios.csv",
                   help="published ratios of --data to audit (as parse --ratios writes them)")
    _add_target_year(h)
    h.add_argument("--lang", choices=["vi", "en"], default="vi",
                   help="language of the report (default vi)")
    _add_model(h)
    h.add_argument("--no-charts", action="store_true",
                   help="leave out the fan charts (one per target: for a table of many "
                   "regions they make the page slow to write and large)")
    h.add_argument("--output", "-o", metavar="report.html", required=True,
                   help="the HTML file to write")
    h.set_defaults(func=_cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (``["assess", "--target-year", "2025"]``);
        default: ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success (and for ``--help``); 1 after a library error or a file error (the
        message goes to stderr); 2 for bad usage (argparse's message); 3 for ``audit
        --fail-on LEVEL`` when a finding reaches LEVEL (:data:`EXIT_FINDINGS`); 141 when the
        reader closes the output pipe; 130 when interrupted (Ctrl-C).

    Examples
    --------
    >>> from sonla_forecast.cli import main
    >>> main(["assess", "--target-year", "1999"])
    1
    """
    _utf8_streams()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2, message already printed)
        return int(exc.code or 0)
    if getattr(args, "region", None) is not None:  # as the table stores it (NFD from macOS)
        args.region = as_name(args.region)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader left (``| head``): no traceback, and no second error when Python flushes
        # stdout at exit (the Python documentation's recipe, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except SonlaError as exc:
        print(f"sonla-forecast: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"sonla-forecast: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the shell's code for SIGINT, without a traceback
        print("sonla-forecast: interrupted", file=sys.stderr)
        return 130


def _utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 when the locale says otherwise (a Windows pipe is in
    the ANSI code page, which has no "ơ"): JSON and CSV are UTF-8 (RFC 8259), and a message
    naming "Sơn La" must not fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
