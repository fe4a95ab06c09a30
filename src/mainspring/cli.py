"""The ``mainspring`` command: demo, serve, worker, manage, import, backup, restore."""

from __future__ import annotations

import argparse
import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mainspring.factory.cli import cmd_import_costs
from mainspring.impact.cli import add_impact_parser
from mainspring.reports.cli import add_report_parser

EXIT_BAD_INPUT = 2
MIN_DEMO_PEOPLE, MAX_DEMO_PEOPLE = 200, 100_000
PROGRESS_EVERY_SECONDS = 0.5


def _setup_django(mode: str | None = None) -> None:
    if mode:
        os.environ.setdefault("MAINSPRING_ENV", mode)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainspring.settings")
    import django  # noqa: PLC0415  (settings must be chosen before Django loads)

    django.setup()


def _call(*args: str) -> None:
    from django.core.management import call_command  # noqa: PLC0415

    call_command(*args)


def _say(message: str) -> None:
    print(message, flush=True)


def _progress_printer(label: str) -> Any:
    last = [0.0]
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < PROGRESS_EVERY_SECONDS:
            return
        last[0] = now
        pct = 100 * done // total if total else 100
        line = f"{label}: {done:,}/{total:,} ({pct}%)"
        if tty:
            sys.stderr.write("\r" + line + ("\n" if done >= total else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    return show


# ----------------------------------------------------------------------------- demo


def cmd_demo(args: argparse.Namespace) -> int:
    """Set up the demo company in the data folder and serve it."""
    os.environ.setdefault("MAINSPRING_ENV", "demo")
    from mainspring.envconfig import env_str  # noqa: PLC0415

    home = Path(env_str("MAINSPRING_HOME", "mainspring-data")).expanduser().resolve()
    if args.reset:
        if os.environ.get("DATABASE_URL"):
            _say(
                "--reset only clears the embedded database; with DATABASE_URL set, "
                "drop and recreate the database yourself."
            )
            return EXIT_BAD_INPUT
        for suffix in ("", "-wal", "-shm"):
            (home / f"mainspring.sqlite3{suffix}").unlink(missing_ok=True)
        _say(f"Cleared the demo database in {home}")
    if not MIN_DEMO_PEOPLE <= args.people <= MAX_DEMO_PEOPLE:
        _say("--people must be between 200 and 100,000.")
        return EXIT_BAD_INPUT
    _setup_django()
    _say(f"Data folder: {home}")
    _call("migrate", "--verbosity", "0")
    from mainspring.demo import seed  # noqa: PLC0415

    if seed.is_seeded():
        _say("The demo company is already there; reusing it (use --reset to start over).")
    else:
        _say(f"Creating the demo company, Northwind Freight, with {args.people:,} people...")
        started = time.monotonic()
        counts = seed.seed_demo(people=args.people, progress=_progress_printer("Seeding"))
        _say(
            f"  done in {time.monotonic() - started:.1f}s: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )
    logins = seed.ensure_demo_logins()
    url = f"http://{args.host}:{args.port}/"
    _say("")
    _say(f"Mainspring demo: {url}")
    _say(f"Sign in as any of these (password for all: {logins[0].password if logins else 'n/a'}):")
    for login in logins:
        _say(f"  {login.username:<12} {login.role:<22} {login.who}")
    _say("")
    if args.no_serve:
        return 0
    _say("Press Ctrl+C to stop.")
    return _run_processes(
        _web_command(f"{args.host}:{args.port}", workers=2, demo=True), with_worker=True
    )


# ----------------------------------------------------------------------------- serve


def _web_command(bind: str, workers: int, *, demo: bool = False) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "mainspring.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--timeout",
        "120",
        "--graceful-timeout",
        "20",
    ]
    if demo:
        cmd += ["--log-level", "warning"]
    else:
        cmd += [
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("MAINSPRING_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
    return cmd


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "mainspring.cli", "worker"]


def _run_processes(web: list[str], *, with_worker: bool) -> int:
    env = dict(os.environ)
    procs = [subprocess.Popen(web, env=env)]  # noqa: S603  (our own command line)
    if with_worker:
        procs.append(subprocess.Popen(_worker_command(), env=env))  # noqa: S603
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    try:
        while True:
            for proc in procs:
                ret = proc.poll()
                if ret is not None:
                    if not stopping:
                        _say(f"A server process ended (exit {ret}); stopping.")
                        stop(0, None)
                    code = code or (0 if stopping and ret in (0, -15) else ret)
            if all(p.poll() is not None for p in procs):
                return 0 if stopping else code or 1
            time.sleep(0.3)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the production web server (gunicorn), with a background worker."""
    _setup_django("production")
    if not args.no_setup:
        _call("migrate", "--verbosity", "1")
        _call("collectstatic", "--noinput", "--verbosity", "0")
    workers = (
        args.workers
        or int(os.environ.get("MAINSPRING_WEB_WORKERS", "0"))
        or (2 * (os.cpu_count() or 1) + 1)
    )
    bind = args.bind or os.environ.get("MAINSPRING_BIND", "0.0.0.0:8000")
    _say(
        f"Serving Mainspring on {bind} with {workers} web workers"
        + ("" if args.no_worker else " and a background worker")
    )
    return _run_processes(_web_command(bind, workers), with_worker=not args.no_worker)


def cmd_worker(_args: argparse.Namespace) -> int:
    """Run the background worker that processes imports and other long jobs."""
    _setup_django()
    _call("db_worker", "--interval", "0.5")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    """Run any Django management command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainspring.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["mainspring manage", *args.rest])
    return 0


# ----------------------------------------------------------------------------- import


def _parse_map(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip():
            raise ValueError(f"--map takes FIELD=COLUMN, not {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _read_mapped(
    path: Path, map_pairs: Sequence[str], fields: Sequence[Any]
) -> tuple[Any, dict[str, str]] | None:
    """Read an import file and match its columns to ``fields`` (``--map`` wins over guesses).

    Returns the table and the mapping, or ``None`` after telling the user what is wrong.
    """
    from mainspring.org import imports  # noqa: PLC0415  (Django is set up by the caller)

    if not path.is_file():
        _say(f"{path}: no such file.")
        return None
    try:
        table = imports.read_table(path, path.name)
        overrides = _parse_map(map_pairs)
    except (imports.ImportFileError, ValueError) as error:
        _say(f"{path}: {error}")
        return None
    known = {f.name for f in fields}
    unknown = sorted(set(overrides) - known)
    if unknown:
        _say(f"Unknown field(s) in --map: {', '.join(unknown)}. Fields: {', '.join(sorted(known))}")
        return None
    mapping = {**imports.guess_mapping(table.headers, fields), **overrides}
    problems = imports.check_mapping(table.headers, mapping, fields)
    if problems:
        _say(f"{path}: the columns do not fit:")
        for problem in problems:
            _say(f"  {problem}")
        _say(f"The file's columns are: {', '.join(table.headers)}. Use --map FIELD=COLUMN.")
        return None
    _say("Columns: " + ", ".join(f"{k} ← '{v}'" for k, v in mapping.items()))
    return table, mapping


def cmd_import(args: argparse.Namespace) -> int:
    """Import people, org units or KPI observations from CSV or XLSX (all or nothing)."""
    if args.what == "costs":
        return cmd_import_costs(args)
    if args.what in ("catalog", "skills", "completions"):
        learning = cmd_import_completions if args.what == "completions" else cmd_import_learning
        return learning(args)
    _setup_django()
    from mainspring.org import actions, imports  # noqa: PLC0415
    from mainspring.org.models import UnitKind  # noqa: PLC0415
    from mainspring.strategy import actions as strategy_actions  # noqa: PLC0415
    from mainspring.strategy import imports as strategy_imports  # noqa: PLC0415

    path = Path(args.file)
    fields = {
        "people": imports.PEOPLE_FIELDS,
        "org-units": imports.ORG_UNIT_FIELDS,
        "kpi-observations": strategy_imports.OBSERVATION_FIELDS,
    }[args.what]
    read = _read_mapped(path, args.map, fields)
    if read is None:
        return EXIT_BAD_INPUT
    table, mapping = read
    plan: imports.PeoplePlan | imports.UnitPlan | strategy_imports.ObservationPlan
    if args.what == "people":
        options = imports.PeopleOptions(
            deactivate_missing=not args.keep_missing, date_format=args.date_format
        )
        plan = imports.plan_people_import(
            table, mapping, actions.existing_people(), options, _progress_printer("Checking")
        )
    elif args.what == "kpi-observations":
        existing = strategy_actions.existing_observations(
            strategy_imports.kpi_codes_in(table, mapping)
        )
        plan = strategy_imports.plan_observation_import(
            table, mapping, existing, _progress_printer("Checking")
        )
    else:
        plan = imports.plan_unit_import(
            table, mapping, actions.existing_units(), [k.value for k in UnitKind]
        )
    counts = plan.counts()
    if plan.errors:
        _report_errors(path, plan.errors, args.errors_csv)
        if not args.valid_only:
            _say(
                f"Nothing was imported: {counts['invalid_rows']:,} of {counts['rows']:,} rows "
                "have errors. Fix them, or use --valid-only to import the other rows."
            )
            return EXIT_BAD_INPUT
    _say(_counts_line(counts, "Would change" if args.dry_run else "Changes"))
    if args.dry_run:
        return 0
    _apply_plan(plan, f"Command-line import of {path.name}", valid_only=args.valid_only)
    _say("Imported.")
    return 0


def _apply_plan(plan: Any, reason: str, *, valid_only: bool) -> None:
    from mainspring.org import actions, imports  # noqa: PLC0415
    from mainspring.strategy import actions as strategy_actions  # noqa: PLC0415
    from mainspring.strategy import imports as strategy_imports  # noqa: PLC0415

    writing = _progress_printer("Writing")
    if isinstance(plan, imports.PeoplePlan):
        actions.apply_people_plan(
            plan, actor=None, reason=reason, allow_errors=valid_only, progress=writing
        )
    elif isinstance(plan, strategy_imports.ObservationPlan):
        strategy_actions.apply_observation_plan(
            plan, actor=None, reason=reason, allow_errors=valid_only, progress=writing
        )
    else:
        if valid_only:
            plan.errors = []
        actions.apply_unit_plan(plan, actor=None, reason=reason)


def _counts_line(counts: dict[str, int], label: str) -> str:
    parts = [
        f"{counts['created']:,} created",
        f"{counts['updated']:,} updated",
        f"{counts['unchanged']:,} unchanged",
    ]
    if counts.get("deactivated") or "new_roles" in counts:  # people imports say it always
        parts.append(f"{counts['deactivated']:,} deactivated")
    if counts.get("invalid_rows"):
        parts.append(f"{counts['invalid_rows']:,} rows skipped for errors")
    return f"{label}: " + ", ".join(parts)


def _report_errors(path: Path, errors: Sequence[Any], errors_csv: str | None) -> None:
    shown = 50
    _say(f"{path}: {len(errors):,} error(s):")
    for error in errors[:shown]:
        _say(f"  {error.as_text()}")
    if len(errors) > shown:
        _say(
            f"  ... and {len(errors) - shown:,} more"
            + ("" if errors_csv else " (use --errors-csv FILE to get them all)")
        )
    if errors_csv:
        with Path(errors_csv).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "column", "value", "message"])
            for error in errors:
                writer.writerow([error.row, error.column, error.value, error.message])
        _say(f"All errors written to {errors_csv}")


def cmd_import_learning(
    args: argparse.Namespace,
) -> int:
    """Import a catalogue into a library, or a skills framework (all or nothing)."""
    _setup_django()
    from mainspring.experiences import catalog_imports, skills_imports  # noqa: PLC0415
    from mainspring.experiences.actions import Error, catalogue  # noqa: PLC0415
    from mainspring.experiences.models import Library  # noqa: PLC0415

    path = Path(args.file)
    fields = (
        catalog_imports.CATALOG_FIELDS if args.what == "catalog" else skills_imports.SKILL_FIELDS
    )
    read = _read_mapped(path, args.map, fields)
    if read is None:
        return EXIT_BAD_INPUT
    table, mapping = read
    library_name = (args.library or path.stem).strip()
    library = Library.objects.filter(name__iexact=library_name).first()
    plan: catalog_imports.CatalogPlan | skills_imports.SkillPlan
    if args.what == "catalog":
        _say(f"Library: {library.name if library else library_name + ' (new)'}")
        plan = catalog_imports.plan_catalog_import(
            table,
            mapping,
            catalogue.existing_catalog(library) if library else catalog_imports.ExistingCatalog(),
            deactivate_missing=args.deactivate_missing,
            progress=_progress_printer("Checking"),
        )
    else:
        plan = skills_imports.plan_skill_import(table, mapping, catalogue.existing_skills())
    counts = plan.counts()
    if plan.errors:
        _report_errors(path, plan.errors, args.errors_csv)
        if not args.valid_only:
            _say(
                f"Nothing was imported: {counts['invalid_rows']:,} of {counts['rows']:,} rows "
                "have errors. Fix them, or use --valid-only to import the other rows."
            )
            return EXIT_BAD_INPUT
    _say(_counts_line(counts, "Would change" if args.dry_run else "Changes"))
    if args.dry_run:
        return 0
    try:
        if isinstance(plan, catalog_imports.CatalogPlan):
            target = library or catalogue.library_named(actor=None, name=library_name)
            catalogue.apply_catalog_plan(
                plan,
                actor=None,
                library=target,
                allow_errors=args.valid_only,
                progress=_progress_printer("Writing"),
            )
        else:
            catalogue.apply_skill_plan(
                plan,
                actor=None,
                reason=f"Command-line import of {path.name}",
                allow_errors=args.valid_only,
            )
    except Error as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    _say("Imported.")
    return 0


def cmd_import_completions(args: argparse.Namespace) -> int:
    """Import LMS completions: people's progress on the steps of their paths."""
    _setup_django()
    from django.utils import timezone  # noqa: PLC0415

    from mainspring.experiences import completion_imports  # noqa: PLC0415
    from mainspring.experiences.actions import Error, enrolments  # noqa: PLC0415

    path = Path(args.file)
    read = _read_mapped(path, args.map, completion_imports.COMPLETION_FIELDS)
    if read is None:
        return EXIT_BAD_INPUT
    table, mapping = read
    plan = completion_imports.plan_completion_import(
        table,
        mapping,
        enrolments.existing_completions(),
        today=timezone.localdate(),
        date_format=args.date_format,
        progress=_progress_printer("Checking"),
    )
    counts = plan.counts()
    if plan.errors:
        _report_errors(path, plan.errors, args.errors_csv)
        if not args.valid_only:
            _say(
                f"Nothing was imported: {counts['invalid_rows']:,} of {counts['rows']:,} rows "
                "have errors. Fix them, or use --valid-only to import the other rows."
            )
            return EXIT_BAD_INPUT
    label = "Would record" if args.dry_run else "Recording"
    _say(f"{label} progress on {counts['progress']:,} steps for {counts['people']:,} people.")
    if args.dry_run:
        return 0
    try:
        done = enrolments.apply_completion_plan(
            plan,
            actor=None,
            reason=f"Command-line import of {path.name}",
            allow_errors=args.valid_only,
        )
    except Error as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    _say(
        f"Imported: {done['created']:,} new, {done['updated']:,} updated, {done['kept']:,} kept "
        f"(already done), {done['enrolments_changed']:,} enrolments completed or reopened."
    )
    return 0


# ----------------------------------------------------------------------------- backups


def _sqlite_path() -> Path | None:
    from django.conf import settings  # noqa: PLC0415

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return None
    return Path(db["NAME"])


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the embedded database to FILE, consistently, while it is in use."""
    _setup_django()
    source = _sqlite_path()
    if source is None:
        _say(
            "This installation runs on PostgreSQL: back it up with pg_dump "
            "(see docs/admin-guide.md)."
        )
        return EXIT_BAD_INPUT
    target = Path(args.file)
    if target.exists() and not args.force:
        _say(f"{target} exists; use --force to overwrite it.")
        return EXIT_BAD_INPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    # SQLite's online backup copies a consistent snapshot even while the server writes.
    with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
        src.backup(dst)
    tmp.replace(target)
    _say(f"Backed up {source} to {target} ({target.stat().st_size / 1e6:.1f} MB).")
    return 0


def _check_backup_file(path: Path) -> str | None:
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return "is not a Mainspring backup (not an SQLite database)."
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "is damaged (SQLite integrity check failed)."
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"org_person", "django_migrations"} <= tables:
        return "is an SQLite database, but not a Mainspring one."
    return None


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the embedded database with a backup made by ``mainspring backup``."""
    _setup_django()
    target = _sqlite_path()
    if target is None:
        _say(
            "This installation runs on PostgreSQL: restore with pg_restore "
            "(see docs/admin-guide.md)."
        )
        return EXIT_BAD_INPUT
    source = Path(args.file)
    if not source.is_file():
        _say(f"{source}: no such file.")
        return EXIT_BAD_INPUT
    problem = _check_backup_file(source)
    if problem:
        _say(f"{source} {problem} Nothing was changed.")
        return EXIT_BAD_INPUT
    if not args.yes:
        if not sys.stdin.isatty():
            _say("Restoring replaces all current data; add --yes to confirm.")
            return EXIT_BAD_INPUT
        answer = input(f"Replace all data in {target} with {source}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            _say("Nothing was changed.")
            return 1
    from django.db import connections  # noqa: PLC0415

    connections.close_all()
    with sqlite3.connect(source) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst)
    _say(f"Restored {target} from {source}.")
    _call("migrate", "--verbosity", "0")
    return 0


# ----------------------------------------------------------------------------- export


def _size(nbytes: int) -> str:
    return f"{nbytes / 1024:,.1f} KB" if nbytes < 1024 * 1024 else f"{nbytes / 2**20:,.1f} MB"


def cmd_export(args: argparse.Namespace) -> int:
    """Write the strategy (or its one-page summary) to a DOCX, PDF or Markdown file."""
    _setup_django()
    from mainspring.strategy import export_actions, exports  # noqa: PLC0415
    from mainspring.strategy.models import StrategyVersion  # noqa: PLC0415

    out = Path(args.out)
    if not out.parent.is_dir():
        _say(f"{out.parent}: no such folder.")
        return EXIT_BAD_INPUT
    if args.version is None:
        version = export_actions.default_version()
        if version is None:
            _say("There is no strategy yet: start one on the Strategy page first.")
            return EXIT_BAD_INPUT
    else:
        version = StrategyVersion.objects.filter(number=args.version).first()
        if version is None:
            numbers = list(
                StrategyVersion.objects.order_by("number").values_list("number", flat=True)
            )
            known = ", ".join(str(n) for n in numbers) or "none yet"
            _say(f"There is no version {args.version} of the strategy (versions: {known}).")
            return EXIT_BAD_INPUT
    kind = "executive summary" if args.summary else "strategy"
    _say(f"Exporting the {kind}, version {version.number} ({version.get_status_display()}).")

    def show(percent: int, message: str) -> None:
        sys.stderr.write(f"{percent:3d}% {message}\n")
        sys.stderr.flush()

    try:
        rendered = export_actions.run_now(
            actor=None, version=version, format=args.format, summary=args.summary, progress=show
        )
    except exports.ExportError as error:
        _say(str(error))
        return 1
    out.write_bytes(rendered.content)
    pages = f", {rendered.pages} page{'s' if rendered.pages != 1 else ''}" if rendered.pages else ""
    _say(f"Wrote {out} ({_size(len(rendered.content))}{pages}).")
    return 0


# ----------------------------------------------------------------------------- lrs


def cmd_lrs_create_client(args: argparse.Namespace) -> int:
    """Create an LRS client and print its key and secret (the secret is shown only now)."""
    _setup_django()
    from mainspring.records.http import ClientError, create_client  # noqa: PLC0415

    try:
        client, secret = create_client(actor=None, name=args.name, scopes=args.scope)
    except ClientError as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    _say(f"Created LRS client {client.name!r} with scopes: {', '.join(client.scopes)}.")
    _say(f"Key:    {client.key}")
    _say(f"Secret: {secret}")
    _say("Keep the secret now: it is stored only as a hash and cannot be shown again.")
    return 0


def cmd_lrs_relink(args: argparse.Namespace) -> int:
    """Link every stored statement again, chunk by chunk, and bring progress up to date."""
    if args.chunk < 1:
        _say("--chunk must be at least 1.")
        return EXIT_BAD_INPUT
    _setup_django()
    from mainspring.records.actions import link_statements  # noqa: PLC0415
    from mainspring.records.models import Statement  # noqa: PLC0415

    # A learner's statements together, so each of their steps is recomputed once.
    ids = list(Statement.objects.order_by("actor_key", "stored", "id").values_list("id", flat=True))
    if not ids:
        _say("The LRS holds no statements; nothing to relink.")
        return 0
    show, written = _progress_printer("Relinking"), 0
    for start in range(0, len(ids), args.chunk):
        written += link_statements(ids[start : start + args.chunk])
        show(min(start + args.chunk, len(ids)), len(ids))
    _say(f"Relinked {len(ids):,} statements: {written:,} progress rows changed.")
    return 0


# ----------------------------------------------------------------------------- parser


def _add_lrs_parser(sub: Any) -> None:
    """The ``lrs`` subcommands (kept apart so build_parser stays readable)."""
    lrs = sub.add_parser("lrs", help="manage the xAPI Learning Record Store")
    lrs_sub = lrs.add_subparsers(dest="lrs_command", required=True)
    create_client = lrs_sub.add_parser(
        "create-client", help="create credentials for an LMS or content to send statements"
    )
    create_client.add_argument("name", help="what the client is, e.g. 'Moodle'")
    create_client.add_argument(
        "--scope",
        action="append",
        default=[],
        help="an xAPI scope, repeatable (default: statements/write and statements/read/mine)",
    )
    create_client.set_defaults(func=cmd_lrs_create_client)
    relink = lrs_sub.add_parser(
        "relink",
        help="link every stored statement to people and steps again and update progress "
        "(after restoring a backup or changing mappings in bulk; safe to repeat)",
    )
    relink.add_argument(
        "--chunk", type=int, default=5000, help="statements linked between progress reports"
    )
    relink.set_defaults(func=cmd_lrs_relink)


def _add_import_parser(sub: Any) -> None:
    """Add ``mainspring import WHAT FILE`` (people, org units, KPIs, learning, costs)."""
    imp = sub.add_parser("import", help="import a CSV or XLSX file")
    imp.add_argument(
        "what",
        choices=[
            "people",
            "org-units",
            "kpi-observations",
            "catalog",
            "skills",
            "completions",
            "costs",
        ],
    )
    imp.add_argument("file")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="which column feeds a field, e.g. --map hris_id='Employee No'",
    )
    imp.add_argument(
        "--valid-only", action="store_true", help="import the valid rows even if others have errors"
    )
    imp.add_argument(
        "--keep-missing",
        action="store_true",
        help="people: do not deactivate people missing from the file",
    )
    imp.add_argument("--date-format", help="people, completions: date format, e.g. %%d/%%m/%%Y")
    imp.add_argument(
        "--library", help="catalog: the library to import into (default: the file's name)"
    )
    imp.add_argument(
        "--deactivate-missing",
        action="store_true",
        help="catalog: retire the library's items that the file no longer lists",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
    imp.add_argument("--errors-csv", metavar="FILE", help="write every error to this CSV file")
    imp.set_defaults(func=cmd_import)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``mainspring`` command."""
    parser = argparse.ArgumentParser(
        prog="mainspring",
        description="Mainspring: run the learning function like a business.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="set up the demo company and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument(
        "--people",
        type=int,
        default=2000,
        help="size of the demo company (200 to 100,000; default 2,000)",
    )
    demo.add_argument("--reset", action="store_true", help="start again from an empty database")
    demo.add_argument("--no-serve", action="store_true", help="set up only; do not serve")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run the production server (gunicorn)")
    serve.add_argument("--bind", help="address:port (default MAINSPRING_BIND or 0.0.0.0:8000)")
    serve.add_argument("--workers", type=int, help="web worker processes")
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start a background worker (run 'mainspring worker' elsewhere)",
    )
    serve.add_argument(
        "--no-setup", action="store_true", help="skip migrate and collectstatic before starting"
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background worker")
    worker.set_defaults(func=cmd_worker)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    _add_import_parser(sub)

    backup = sub.add_parser("backup", help="back up the embedded database to FILE")
    backup.add_argument("file")
    backup.add_argument("--force", action="store_true", help="overwrite FILE")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="restore the embedded database from FILE")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore)

    export = sub.add_parser("export", help="write the strategy to a DOCX, PDF or Markdown file")
    export.add_argument("what", choices=["strategy"])
    export.add_argument(
        "--version", type=int, help="version number (default: latest approved, else the draft)"
    )
    export.add_argument("--format", required=True, choices=["docx", "pdf", "md"])
    export.add_argument("--summary", action="store_true", help="the one-page executive summary")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
    export.set_defaults(func=cmd_export)
    _add_lrs_parser(sub)
    add_impact_parser(sub)
    add_report_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mainspring`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        # Everything after "manage" belongs to Django, --help included.
        return cmd_manage(argparse.Namespace(rest=argv[1:]))
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
