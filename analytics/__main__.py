"""The command line: `python -m analytics COMMAND ...` (see ../shared/spec/cli.md).

Exit status 0 on success, 2 on bad input or arguments (with a message naming
the problem and nothing written), 1 on an internal error. With ``--json`` the
only thing on standard output is one JSON document; messages go to stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path

from . import alert_runs, festivals, queries, risk_cli
from .auth import add_account
from .db import Database, create_database
from .demo import DemoConfig
from .demo import prepare as prepare_demo
from .exports import to_csv_bytes
from .health import check as check_database
from .i18n import t
from .ledger import ConfirmationNeeded, ImportRejected, import_file, masked_said
from .ledger.conflicts import said as said_conflict
from .ledger.formats import KINDS
from .ledger.mapping import MappingProblem
from .ledger.mapping import load as load_mapping
from .ledger.recognise import mostly_ignored
from .ledger.templates import write_all as write_templates
from .privacy import ensure_key
from .problems import Problem, UsageError
from .roles import ROLES, SYSTEM, PermissionDenied
from .schema import SCHEMA_VERSION
from .scoring import as_json as scoring_json
from .scoring import save as save_scores
from .scoring import score_matters
from .settings import CHECKOUT, ROOT, default_db_path, default_language, private_files, rejects_folder


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="Risk Radar 风险雷达")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language of messages (default: RISK_LANG, then zh)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create a database, optionally with the demo street")
    _db_option(init)
    init.add_argument("--demo", action="store_true", help="fill it with the built-in demo street")
    init.add_argument("--seed", type=int, default=42, help="random seed of the demo street (default 42)")
    init.add_argument("--scale", type=_positive, default=1, help="build this many streets (benchmarks)")
    init.add_argument("--end", type=_date, default=None, help="last day of the demo history (default today)")
    init.add_argument("--force", action="store_true", help="replace a database that holds ledgers")
    init.add_argument(
        "--no-model",
        action="store_true",
        help="with --demo: do not train the escalation model (it is trained for a single street)",
    )
    init.set_defaults(run=cmd_init)

    summary = commands.add_parser("summary", help="what the database holds")
    _db_option(summary)
    summary.add_argument("--json", action="store_true", help="print one JSON document")
    summary.set_defaults(run=cmd_summary)
    load = commands.add_parser("import", help="import a ledger file (.csv or .xlsx)")
    load.add_argument("kind", choices=KINDS, nargs="?", help="which ledger (left out: recognised from the headers)")
    load.add_argument("file", type=Path, help="the file")
    _db_option(load)
    load.add_argument("--mapping", type=Path, help="a mapping file (TOML) for a file in another shape")
    load.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows, write the rest to a rejects file"
    )
    load.add_argument("--rejects", type=Path, help="where the rejects go (default: <input name>.rejects.csv here)")
    load.add_argument(
        "--from-records",
        choices=("petitions", "screenings"),
        help="with areas: build the areas from the places a petitions or screenings file names",
    )
    load.add_argument("--sheet", help="the sheet of an .xlsx file (default: the first)")
    load.add_argument(
        "--no-alerts",
        action="store_true",
        help="do not run the detectors after the import (a bulk load followed by `alerts`)",
    )
    load.add_argument(
        "--yes",
        action="store_true",
        help="areas: go ahead with large changes (households or population by more than half, new "
        "communities) without asking",
    )
    load.add_argument("--json", action="store_true", help="print one JSON document")
    load.set_defaults(run=cmd_import)

    _as_of_command(commands, "score", "risk score and grade of every open risk item as of a day", cmd_score)
    _as_of_command(commands, "alerts", "run every detector as of a day and list the alerts open then", cmd_alerts)

    replayed = commands.add_parser(
        "backtest",
        help="replay the weekly run: every detector as of each week's last day, and the alerts it would have raised",
    )
    _db_option(replayed)
    replayed.add_argument("--since", type=_date, required=True, help="first day replayed")
    replayed.add_argument("--until", type=_date, default=None, help="last run day (default today)")
    replayed.add_argument("--every", type=int, default=7, help="days between runs (default 7)")
    replayed.add_argument("--workers", type=int, default=1, help="processes sharing the weeks (default 1)")
    replayed.add_argument("--json", action="store_true", help="print one JSON document")
    replayed.set_defaults(run=cmd_backtest)

    saved = commands.add_parser("backup", help="a consistent snapshot: Parquet per table, manifest with checksums")
    _db_option(saved)
    saved.add_argument("--out", type=Path, required=True, help="a new folder for the backup")
    saved.add_argument("--json", action="store_true", help="print one JSON document")
    saved.set_defaults(run=cmd_backup)
    restored = commands.add_parser("restore", help="verify a backup and rebuild the database from it")
    restored.add_argument("folder", type=Path, help="the backup's folder")
    _db_option(restored)
    restored.add_argument("--force", action="store_true", help="replace the database file if it exists")
    restored.add_argument(
        "--accept-unsigned",
        action="store_true",
        help="restore a backup taken before backups were signed (its stored models are left out)",
    )
    restored.add_argument("--json", action="store_true", help="print one JSON document")
    restored.set_defaults(run=cmd_restore)

    health = commands.add_parser("check", help="self-check: schema version, references, vocabularies")
    _db_option(health)
    health.add_argument("--json", action="store_true", help="print one JSON document")
    health.set_defaults(run=cmd_check)

    templates = commands.add_parser("templates", help="write empty ledger templates (.xlsx, Chinese headers)")
    templates.add_argument("--out", type=Path, default=Path("data/templates"), help="folder (default data/templates)")
    templates.add_argument(
        "--db", help="take the handling units for the unit drop-down from this database (default: RISK_DB if it exists)"
    )
    templates.set_defaults(run=cmd_templates)

    brief = commands.add_parser("brief", help="the weekly review brief (.docx or .xlsx)")
    brief.add_argument("--week", type=_date, required=True, help="a day of the week (the week runs Monday to Sunday)")
    brief.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.xlsx")
    brief.add_argument("--no-charts", action="store_true", help="leave the charts out (faster)")
    _db_option(brief)
    brief.set_defaults(run=cmd_brief)

    daily = commands.add_parser("daily", help="the sensitive-period daily report (日报 / 零报告), .docx or .xlsx")
    daily.add_argument("--date", type=_date, required=True, help="the day reported on")
    daily.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.xlsx")
    _db_option(daily)
    daily.set_defaults(run=cmd_daily)

    bulletin = commands.add_parser(
        "bulletin", help="the internal monthly or quarterly 通报: communities and units ranked, change, commentary"
    )
    bulletin.add_argument("--month", default=None, help="YYYY-MM, e.g. 2026-11")
    bulletin.add_argument("--quarter", default=None, help="YYYYQn, e.g. 2026Q4")
    bulletin.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.xlsx")
    _db_option(bulletin)
    bulletin.set_defaults(run=cmd_bulletin)

    report = commands.add_parser("report", help="the public report: aggregates only, small counts hidden")
    report.add_argument("--month", default=None, help="YYYY-MM, e.g. 2026-11")
    report.add_argument("--quarter", default=None, help="YYYYQN, e.g. 2026Q3")
    # refused with a message: whole months and quarters only (overlapping spans could be subtracted)
    report.add_argument("--from", dest="start", type=_date, default=None, help=argparse.SUPPRESS)
    report.add_argument("--to", dest="end", type=_date, default=None, help=argparse.SUPPRESS)
    report.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.xlsx")
    _db_option(report)
    report.set_defaults(run=cmd_report)

    shapes = commands.add_parser("boundaries", help="import group boundaries (GeoJSON) for the offline map")
    shapes.add_argument(
        "file", type=Path, help="a GeoJSON FeatureCollection; features name group_id, or community and group"
    )
    _db_option(shapes)
    shapes.set_defaults(run=cmd_boundaries)

    evaluate = commands.add_parser(
        "evaluate", help="how well the detectors work: simulations, demo streets, Boston heat complaints"
    )
    evaluate.add_argument("--quick", action="store_true", help="a small version (about a minute)")
    evaluate.add_argument("--out", type=Path, default=None, help="write the report as Markdown to this file")
    evaluate.add_argument("--json", action="store_true", help="print one JSON document")
    evaluate.add_argument(
        "--peers",
        action="store_true",
        help="only the peer table: every weekly method of R surveillance beside ours at equal false alerts (needs R)",
    )
    evaluate.add_argument(
        "--review-load",
        action="store_true",
        help="only the review load: open items a week through a year on demo streets, and their events raised",
    )
    evaluate.add_argument(
        "--verdicts",
        action="store_true",
        help="only the office's own verdicts: each detector's precision from the alerts closed in --db",
    )
    _db_option(evaluate)
    evaluate.add_argument(
        "--replicates", type=int, default=None, help="series per scenario for --peers (default 200; 30 with --quick)"
    )
    evaluate.set_defaults(run=cmd_evaluate)

    model = commands.add_parser("model", help="the escalation model: train it, backtest it against baselines")
    model_commands = model.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    fit = model_commands.add_parser("train", help="fit on the history up to a day and store the model")
    _db_option(fit)
    fit.add_argument("--as-of", type=_date, default=None, help="use only records up to this day (default today)")
    fit.set_defaults(run=cmd_model_train)
    backtest = model_commands.add_parser("evaluate", help="rolling-origin backtest against the baselines")
    _db_option(backtest)
    backtest.add_argument("--as-of", type=_date, default=None, help="use only records up to this day (default today)")
    backtest.add_argument("--json", action="store_true", help="print one JSON document")
    backtest.set_defaults(run=cmd_model_evaluate)

    risk_cli.add_commands(commands, _db_option, _date, _existing_db)

    user = commands.add_parser("user", help="accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="create an account (password from the terminal or RISK_PASSWORD)")
    add.add_argument("name", help="user name")
    add.add_argument("--role", required=True, choices=ROLES)
    _db_option(add)
    add.set_defaults(run=cmd_user_add)
    return parser


def _as_of_command(commands, name: str, help_text: str, run) -> None:
    """A command that reads the database as of a day: --db, --as-of, --json."""
    command = commands.add_parser(name, help=help_text)
    _db_option(command)
    command.add_argument("--as-of", type=_date, default=None, help="use only records up to this day (default today)")
    command.add_argument("--json", action="store_true", help="print one JSON document")
    command.set_defaults(run=run)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="database file (default: RISK_DB, then data/risk.duckdb)")


def _existing_db(args) -> Database:
    path = args.db or default_db_path()
    if not Path(path).exists():
        raise UsageError("cli.db.missing", path=path)
    return Database(path)


def _rejects_place(ledger: Path) -> Path:
    """The rejects' default place: ``<input name>.rejects.csv`` in the current directory (cli.md), unless that
    is inside the project's checkout, whose working tree never receives rows of real ledgers."""
    here = Path.cwd().resolve()
    folder = rejects_folder() if CHECKOUT and here.is_relative_to(ROOT) else here
    return folder / f"{ledger.name}.rejects.csv"


def cmd_init(args) -> int:
    path = Path(args.db or default_db_path())
    with create_database(path, replace_ledgers=args.force) as db:
        ensure_key(path)
        if args.demo:
            trained, ran = prepare_demo(
                db, DemoConfig(seed=args.seed, end=args.end, scale=args.scale), model=not args.no_model
            )
            counts = queries.summary(db)
            print(
                t("cli.init.demo", args.lang, petitions=counts["petitions"], screenings=counts["screenings"]),
                file=sys.stderr,
            )
            if trained is not None:
                print(trained.said(args.lang), file=sys.stderr)
            if ran is not None:
                print(ran.said(args.lang), file=sys.stderr)
        else:  # the standing sensitive periods of this year and the next, for the office to correct
            today = date.today()
            periods = festivals.calendar_frame(today.replace(month=1, day=1), today.year + 1, one_off=False)
            db.insert_frame("calendar", periods)
            print(
                t("cli.init.calendar", args.lang, count=len(periods), first=today.year, last=today.year + 1),
                file=sys.stderr,
            )
    print(t("cli.init.done", args.lang, path=path, version=SCHEMA_VERSION), file=sys.stderr)
    return 0


def cmd_summary(args) -> int:
    with _existing_db(args) as db:
        counts = queries.summary(db)
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
    else:
        width = max(len(t(f"summary.{key}", args.lang)) for key in counts)
        for key, value in counts.items():
            print(f"{t(f'summary.{key}', args.lang):<{width}}  {value:>12,}")
    return 0


def cmd_import(args) -> int:
    if not args.file.exists():
        raise UsageError("cli.import.no_file", path=args.file)
    if args.kind is None:
        args.kind = _recognised_kind(args)
    if args.rejects and not args.skip_invalid:
        raise UsageError("cli.import.rejects_needs_skip")
    if args.from_records and args.kind != "areas":
        raise UsageError("cli.import.from_records_areas")
    mapping = None
    if args.mapping:
        try:
            mapping = load_mapping(args.mapping, args.from_records or args.kind)
        except MappingProblem as problem:
            problem.where = str(args.mapping)
            raise
    with _existing_db(args) as db:  # a refused import (ImportRejected, ConfirmationNeeded) is reported by main()
        result = import_file(
            db,
            SYSTEM,
            args.kind,
            args.file,
            mapping=mapping,
            skip_invalid=args.skip_invalid,
            lang=args.lang,
            sheet=args.sheet,
            from_records=args.from_records,
            confirmed=args.yes,
        )
        if result.rows_imported and not args.no_alerts:  # early warning follows every import that commits records
            result.alert_run = alert_runs.run(db, trigger="import", lang=args.lang)[0]
    if result.rejects is not None:
        target = args.rejects or _rejects_place(args.file)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # raw names: for the clerk alone
        with os.fdopen(fd, "wb") as handle:
            handle.write(to_csv_bytes(result.rejects))
        print(t("cli.import.rejects_written", args.lang, path=target, rows=result.rows_rejected), file=sys.stderr)
    _report_import(result, args)
    return 0


def _recognised_kind(args) -> str:
    """The ledger the file's headers are (said on standard error), or a usage error proposing none."""
    from .ledger.reader import FileProblem, read
    from .ledger.recognise import propose

    try:
        raw = read(args.file, sheet=args.sheet)
    except FileProblem as problem:
        problem.where = str(args.file)
        raise
    try:
        kind = propose(raw.headers)
    finally:
        raw.close()
    if kind is None:
        raise UsageError("cli.import.kind_unknown", file=args.file)
    print(
        t(
            "cli.import.kind_recognised",
            args.lang,
            file=args.file.name,
            kind=kind,
            ledger=t(f"ledger.{kind}", args.lang),
        ),
        file=sys.stderr,
    )
    return kind


def _report_area_changes(result, args) -> None:
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, default=str))
    for change in result.area_changes[:200]:
        print(f"{result.file}: {_area_change(change, args.lang)}", file=sys.stderr)
    print(t("cli.import.confirm", args.lang, file=result.file, count=len(result.area_changes)), file=sys.stderr)


def _area_change(change: dict, lang: str) -> str:
    if change["field"] == "community":
        return t("import.change.community", lang, community=change["community"])
    return t(
        "import.change.count",
        lang,
        community=change["community"],
        group=change["group"],
        field=t(f"summary.{change['field']}", lang),
        old=change["old"],
        new=change["new"],
    )


def _report_import(result, args) -> None:
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, default=str))
        return
    for error in result.errors[:200]:
        where = (
            ""
            if not error.get("row")
            else t("cli.import.header", args.lang)
            if error.get("column") is None
            else t("cli.import.where", args.lang, row=error["row"], column=error["column"])
        )
        print(f"{result.file}: {where}{error['reason']}", file=sys.stderr)
    if len(result.errors) > 200:
        print(t("cli.import.more_errors", args.lang, count=len(result.errors) - 200), file=sys.stderr)
    if result.ignored_columns:
        print(t("cli.import.ignored", args.lang, columns=", ".join(result.ignored_columns)), file=sys.stderr)
        if result.written and mostly_ignored(result.headers, result.ignored_columns):
            print(
                t(
                    "import.mostly_ignored",
                    args.lang,
                    ignored=len(result.ignored_columns),
                    total=len([h for h in result.headers if h]),
                ),
                file=sys.stderr,
            )
    masked = masked_said(result.masked, args.lang)
    if masked:
        print(masked, file=sys.stderr)
    if result.proposed_kind:
        print(t("cli.import.use_kind", args.lang, file=result.file, kind=result.proposed_kind), file=sys.stderr)
    key = (
        "cli.import.done"
        if result.written
        else "cli.import.wrong_kind"
        if result.proposed_kind
        else "cli.import.nothing"
    )
    print(
        t(
            key,
            args.lang,
            file=result.file,
            read=result.rows_read,
            imported=result.rows_imported,
            updated=result.rows_updated,
            unchanged=result.rows_unchanged,
            rejected=result.rows_rejected,
        ),
        file=sys.stderr,
    )
    if result.conflicts:
        print(t("conflict.summary", args.lang, count=len(result.conflicts)), file=sys.stderr)
        for conflict in result.conflicts:
            print(f"{result.file}: {said_conflict(conflict, args.lang)}", file=sys.stderr)
    for reopened in result.reopened:
        print(
            t("risk.reopened_by", args.lang, matter=reopened["matter_id"], records="、".join(reopened["records"])),
            file=sys.stderr,
        )
    if result.alert_run is not None:
        print(result.alert_run.said(args.lang), file=sys.stderr)


def cmd_score(args) -> int:
    as_of = args.as_of or date.today()
    with _existing_db(args) as db:
        scored = score_matters(db, as_of)
        save_scores(db, as_of, scored)
    if args.json:
        print(json.dumps(scoring_json(scored), ensure_ascii=False))
        return 0
    print(t("cli.score.header", args.lang, as_of=as_of.isoformat(), count=len(scored)), file=sys.stderr)
    for row in scoring_json(scored):
        print(
            f"{row['grade']:<7} {row['score']:>6.1f}  {row['matter_id']:<20} {row['community']} "
            f"{row['group'] or ''} {row['category']}"
        )
    return 0


def cmd_alerts(args) -> int:
    as_of = args.as_of or date.today()
    with _existing_db(args) as db:
        found = alert_runs.run(db, as_of, trigger="command", lang=args.lang)[1]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, default=str))
        return 0
    print(t("cli.alerts.header", args.lang, as_of=as_of.isoformat(), count=len(found)), file=sys.stderr)
    for alert in found:
        place = " ".join(filter(None, [alert["community"], ", ".join(alert["groups"])]))
        print(f"{alert['grade']:<7} {alert['detected_on']}  {alert['kind']:<16} {place}  {alert['summary']}")
    return 0


def cmd_backtest(args) -> int:
    import time

    from .detect.backtest import replay, weekly

    until = args.until or date.today()
    if args.since > until or args.every < 1 or args.workers < 1:
        raise UsageError("cli.backtest.order")
    started = time.perf_counter()
    with _existing_db(args) as db:
        found = replay(db, args.since, until, args.every, workers=args.workers)
    weeks = weekly(found)
    if args.json:
        print(
            json.dumps(
                {"since": str(args.since), "until": str(until), "every_days": args.every, "weeks": weeks},
                ensure_ascii=False,
            )
        )
        return 0
    print(
        t(
            "cli.backtest.header",
            args.lang,
            since=args.since,
            until=until,
            weeks=len(weeks),
            new=int(found["new"].sum()),
            seconds=time.perf_counter() - started,
        ),
        file=sys.stderr,
    )
    for week in weeks:
        kinds = ", ".join(f"{t('kind.' + k, args.lang)} {n}" for k, n in week["new_by_kind"].items())
        print(
            t("cli.backtest.week", args.lang, as_of=week["as_of"], new=week["new"], firing=week["firing"], kinds=kinds)
        )
    return 0


def cmd_backup(args) -> int:
    from . import backup

    with _existing_db(args) as db:
        taken = backup.take_recorded(db, SYSTEM, args.out)
    rows = sum(taken.tables.values())
    if args.json:
        print(
            json.dumps(
                {
                    "folder": str(taken.folder),
                    "schema_version": taken.schema_version,
                    "tables": taken.tables,
                    "rows": rows,
                    "seconds": round(taken.seconds, 2),
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            t(
                "backup.done",
                args.lang,
                folder=taken.folder,
                tables=len(taken.tables),
                rows=rows,
                version=taken.schema_version,
                seconds=taken.seconds,
            ),
            file=sys.stderr,
        )
    return 0


def cmd_restore(args) -> int:
    from . import backup

    path = args.db or default_db_path()
    counts = backup.restore(args.folder, path, force=args.force, accept_unsigned=args.accept_unsigned)
    if args.json:
        print(json.dumps({"database": str(path), "tables": counts, "rows": sum(counts.values())}, ensure_ascii=False))
    else:
        print(
            t(
                "backup.restored",
                args.lang,
                path=path,
                folder=args.folder,
                tables=len(counts),
                rows=sum(counts.values()),
            ),
            file=sys.stderr,
        )
    return 0


def _record_paper(db, what: str, out: Path) -> None:
    """A paper made from the command line is in the audit log as the pages' downloads are: who, what, where."""
    from . import audit

    audit.record(db, SYSTEM.username, "export", what, {"file": out.name})


def cmd_brief(args) -> int:
    from . import brief

    if args.out.suffix.lower() not in (".docx", ".xlsx"):
        raise UsageError("cli.brief.suffix", path=args.out)
    if brief.week_of(args.week)[0] > date.today():
        raise UsageError("cli.brief.future", day=args.week.isoformat())
    with _existing_db(args) as db:
        alert_runs.run(db, brief.counted_to(args.week), trigger="command", lang=args.lang)  # the list as of then
        brief.write(db, args.week, args.out, args.lang, charts=not args.no_charts)
        _record_paper(db, "weekly_brief", args.out)
    print(
        t("cli.brief.done", args.lang, monday=brief.week_of(args.week)[0].isoformat(), path=args.out), file=sys.stderr
    )
    return 0


def cmd_daily(args) -> int:
    from . import daily

    if args.out.suffix.lower() not in (".docx", ".xlsx"):
        raise UsageError("cli.daily.suffix", path=args.out)
    with _existing_db(args) as db:
        made = daily.build(db, args.date, args.lang, user=SYSTEM)
        _record_paper(db, "daily_report", args.out)
    content = daily.to_xlsx(made) if args.out.suffix.lower() == ".xlsx" else daily.to_docx(made)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(t("cli.daily.done", args.lang, day=args.date.isoformat(), path=args.out), file=sys.stderr)
    return 0


def cmd_bulletin(args) -> int:
    from . import bulletin

    if args.out.suffix.lower() not in (".docx", ".xlsx"):
        raise UsageError("cli.daily.suffix", path=args.out)
    start, end, kind = bulletin.period_of(args.month, args.quarter)
    with _existing_db(args) as db:
        made = bulletin.build(db, start, end, kind, args.lang)
        _record_paper(db, "bulletin", args.out)
    content = bulletin.to_xlsx(made) if args.out.suffix.lower() == ".xlsx" else bulletin.to_docx(made)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(
        t("cli.bulletin.done", args.lang, start=start.isoformat(), end=end.isoformat(), path=args.out), file=sys.stderr
    )
    return 0


def cmd_report(args) -> int:
    from . import public_report

    if args.out.suffix.lower() not in (".docx", ".xlsx"):
        raise UsageError("cli.report.suffix", path=args.out)
    from .bulletin import period_of

    if args.start is not None or args.end is not None or (args.month is None) == (args.quarter is None):
        raise UsageError("cli.report.period")
    start, end, _ = period_of(args.month, args.quarter)
    if not public_report.ended(end):
        raise UsageError("cli.report.not_ended", end=end.isoformat())
    with _existing_db(args) as db:
        made = public_report.build(db, start, end, args.lang)
        _record_paper(db, "public_report", args.out)
    content = public_report.to_xlsx(made) if args.out.suffix.lower() == ".xlsx" else public_report.to_docx(made)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(t("cli.report.done", args.lang, start=start, end=end, path=args.out), file=sys.stderr)
    return 0


def cmd_boundaries(args) -> int:
    from .geo import import_boundaries

    if not args.file.exists():
        raise UsageError("cli.import.no_file", path=args.file)
    with _existing_db(args) as db:
        count = import_boundaries(db, SYSTEM, args.file)
    print(t("cli.boundaries.done", args.lang, file=args.file.name, count=count), file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    from .evaluation import report

    log = lambda text: print(text, file=sys.stderr)  # noqa: E731
    if args.verdicts:
        with _existing_db(args) as db:
            results = report.run_verdicts(db)
        text = report.verdicts_markdown(results)
    elif args.review_load:
        results = report.run_review_load(args.quick, log=log)
        text = report.review_load_markdown(results)
    elif args.peers:
        results = report.run_peers(args.replicates or (30 if args.quick else 200), args.quick, log=log)
        text = report.peer_markdown(results)
    else:
        results = report.run(quick=args.quick, log=log)
        text = report.markdown(results)
    if args.out:  # the table, and its numbers beside it as JSON (FILE.json), so that both come from one run
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        args.out.with_suffix(".json").write_text(
            json.dumps(report.as_json(results), ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
    if args.json:
        print(json.dumps(report.as_json(results), ensure_ascii=False, default=str))
    elif not args.out:
        print(text)
    return 0


def cmd_check(args) -> int:
    with _existing_db(args) as db:
        report = check_database(db, args.lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for problem in report["problems"]:
            print(f"- {problem['message']}")
        key = "check.healthy" if report["healthy"] else "check.unhealthy"
        print(
            t(key, args.lang, path=db.path, version=report["schema_version"], count=len(report["problems"])),
            file=sys.stderr,
        )
    return 0 if report["healthy"] else 1


def cmd_model_train(args) -> int:
    from . import model

    with _existing_db(args) as db:
        trained = model.train_recorded(db, SYSTEM, args.as_of or date.today())
    print(trained.said(args.lang), file=sys.stderr)
    return 0


def cmd_model_evaluate(args) -> int:
    from . import model

    with _existing_db(args) as db:
        result = model.evaluate(db, args.as_of or date.today())
    found = model.as_json(result)
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    print(
        t(
            "cli.model.evaluated",
            args.lang,
            rows=result.rows,
            escalations=result.escalations,
            origins=result.origins,
            start=found["period"]["from"],
            end=found["period"]["to"],
        ),
        file=sys.stderr,
    )
    print(f"{'':<22}{'AUPR':>8}{'Brier skill':>13}")
    print(f"{t('cli.model.the_model', args.lang):<22}{result.aupr:>8.3f}{result.brier_skill:>13.3f}")
    for name, scores in result.baselines.items():
        print(f"{t('baseline.' + name, args.lang):<22}{scores['aupr']:>8.3f}{scores['brier_skill']:>13.3f}")
    return 0


def cmd_templates(args) -> int:
    units = None
    path = Path(args.db or default_db_path())
    if args.db or path.exists():
        with _existing_db(args) as db:
            units = queries.unit_names(db) or None
    for path in write_templates(args.out, units):
        print(path, file=sys.stderr)
    return 0


def cmd_user_add(args) -> int:
    _existing_db(args).close()  # the database is there before a password is asked for
    password = os.environ.get("RISK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("cli.user.no_password")
        password = getpass.getpass(t("cli.user.password_prompt", args.lang, name=args.name))
        if getpass.getpass(t("cli.user.password_again", args.lang)) != password:
            raise UsageError("cli.user.password_mismatch")
    with _existing_db(args) as db:
        add_account(db, SYSTEM, args.name, args.role, password)
    print(t("cli.user.added", args.lang, name=args.name, role=args.role), file=sys.stderr)
    return 0


def _record_refusal(args, refused) -> None:
    """A refusal raised inside analytics (``--as USER`` acting beyond their role) goes to the audit log."""
    from . import audit

    path = Path(getattr(args, "db", None) or default_db_path())
    if not path.exists():
        return
    try:
        with Database(path) as db:
            audit.record(db, refused.user.username, "access_denied", refused.what, {"role": refused.user.role})
    except Exception:  # the refusal was said; a database that cannot take the note does not change that
        logging.exception("could not record the refusal")


def main(argv: list[str] | None = None) -> int:
    private_files()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for chatty in ("kaleido", "choreographer", "logistro"):  # chart rendering for the brief talks a lot
        logging.getLogger(chatty).setLevel(logging.WARNING)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # bad arguments (2) or --help (0), as argparse decided
        return int(stop.code or 0)
    args.lang = args.lang or default_language()
    try:
        return args.run(args)
    except ConfirmationNeeded as asked:  # nothing written: the large changes to the areas, to confirm with --yes
        _report_area_changes(asked.result, args)
        return 2
    except ImportRejected as rejected:  # nothing written: why, row by row
        _report_import(rejected.result, args)
        return 2
    except Problem as problem:  # every other expected failure: its message, in the user's language
        print(f"error: {problem.said(args.lang)}", file=sys.stderr)
        if isinstance(problem, PermissionDenied):
            _record_refusal(args, problem)
        return 2
    except Exception:  # an internal error: say so, with the trace for the report
        logging.exception("internal error")
        return 1


if __name__ == "__main__":
    sys.exit(main())
