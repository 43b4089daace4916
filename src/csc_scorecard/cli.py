"""The `scorecard` command line: thin Typer commands that parse, call the library and print.

Exit codes (spec/scorecard.md): 0 success, 1 a user error with a clear message (never a
traceback), 2 a usage error (Typer's own).
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from csc_scorecard.issues import UserError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold child-level rows: never print them
    help="Children's social care performance scorecard from Annex A lists and DfE statistics.",
)
console = Console(soft_wrap=True)  # messages name files and places: never break them mid-line
errors = Console(stderr=True, soft_wrap=True)

StrictOption = Annotated[bool, typer.Option("--strict", help="Refuse a file for any error, also one in a row (by default a row's error is reported and the row kept, the cell blank).")]
StoreOption = Annotated[Optional[Path], typer.Option("--store", help="Store directory (default: $SCORECARD_STORE or ./scorecard-data); its records are an SQLite file in it, or on PostgreSQL: see $SCORECARD_DATABASE_URL in the README.", show_default=False)]
LaOption = Annotated[Optional[str], typer.Option("--la", help="DfE 3-digit LA code (default: the config's LA).", show_default=False)]


def user_errors(command):
    """Print a UserError as one line and exit 1, so no user mistake ever shows a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UserError as error:
            errors.print("[bold red]error:[/] " + escape(str(error)), highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def parse_iso_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r} is not a date: expected YYYY-MM-DD, e.g. 2023-12-31") from None


@app.command()
@user_errors
def load(
    files: Annotated[list[Path], typer.Argument(help="Annex A workbooks and CSV inputs.", show_default=False)],
    as_at: Annotated[Optional[str], typer.Option("--as-at", help="As-at date of every workbook (else the ISO date in each file name).")] = None,
    period_start: Annotated[Optional[str], typer.Option("--period-start", help="First day the flow lists are complete from (else inferred).")] = None,
    la: LaOption = None,
    store: StoreOption = None,
    partial: Annotated[bool, typer.Option("--partial", help="Allow a workbook that lacks a list of the extract it replaces.")] = False,
    accept_drop: Annotated[bool, typer.Option("--accept-drop", help="Allow a list's rows to fall by more than half against the extract before.")] = False,
    strict: StrictOption = False,
) -> None:
    """Validate and load files into the store, all or nothing per file."""
    from csc_scorecard.loading import load_files

    ok = load_files(
        files, parse_iso_date(as_at, "--as-at"), parse_iso_date(period_start, "--period-start"), la, store, console,
        partial=partial, accept_drop=accept_drop, strict=strict,
    )
    raise typer.Exit(0 if ok else 1)


@app.command()
@user_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="Annex A workbooks and CSV inputs.", show_default=False)],
    as_at: Annotated[Optional[str], typer.Option("--as-at", help="As-at date (else the ISO date in each file name).")] = None,
    strict: StrictOption = False,
) -> None:
    """The checks of `load`, without loading; exit 1 if `load` would refuse a file."""
    from csc_scorecard.loading import validate_files

    ok = validate_files(files, parse_iso_date(as_at, "--as-at"), console, strict)
    raise typer.Exit(0 if ok else 1)


@app.command()
@user_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo's workbooks, store and outputs.")] = Path("scorecard-demo"),
    store: StoreOption = None,
) -> None:
    """Generate the synthetic demo LA, load it and build the scorecard outputs."""
    from csc_scorecard.demo import run_demo

    run_demo(out, store, console)


@app.command()
@user_errors
def build(
    as_at: Annotated[str, typer.Option("--as-at", help="The month end the scorecard describes (YYYY-MM-DD).", show_default=False)],
    config: Annotated[Optional[Path], typer.Option("--config", help="scorecard.yaml (default: the shipped reference layout).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: html,pdf,xlsx,docx,json.")] = "html,pdf,xlsx,docx,json",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("."),
    publication: Annotated[bool, typer.Option("--publication", help="Suppress small numbers (counts 1-5) for publication.")] = False,
    allow_missing: Annotated[bool, typer.Option("--allow-missing", help="Build a month with no extract of its own (one as at its month end, or later before the next).")] = False,
    la: LaOption = None,
    store: StoreOption = None,
) -> None:
    """Compute the scorecard for a month end and render it."""
    from csc_scorecard.render import parse_formats
    from csc_scorecard.render.pdf_worker import PdfPrinter

    # Started before the figures' modules load, so that WeasyPrint's import overlaps them too.
    printer = PdfPrinter.start() if "pdf" in parse_formats(formats) else None
    try:
        from csc_scorecard.outputs import build_outputs
        from csc_scorecard.scorecard.figures_cache import one_month_only

        with one_month_only():  # the combined extracts are let go before rendering
            paths = build_outputs(parse_iso_date(as_at, "--as-at"), config, formats, out, publication, la, store, console,
                                  allow_missing, pdf_printer=printer)
    finally:
        if printer is not None:
            printer.close()
    for kind, path in paths.items():
        console.print(f"{kind:>5}: {escape(str(path))}")


@app.command()
@user_errors
def series(
    measure: Annotated[str, typer.Argument(help="Measure id, e.g. referrals_rate.", show_default=False)],
    months: Annotated[int, typer.Option("--months", help="Window length in months (ignored by snapshots).", min=1, max=120)] = 12,
    start: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.", show_default=False)] = ...,
    end: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.", show_default=False)] = ...,
    output: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    la: LaOption = None,
    store: StoreOption = None,
) -> None:
    """The monthly series of one measure, to standard output."""
    from csc_scorecard.outputs import series_output

    print(series_output(measure, months, start, end, output, la, store), end="")


@app.command()
@user_errors
def export(
    start: Annotated[str, typer.Option("--from", help="First month end, YYYY-MM.", show_default=False)],
    end: Annotated[str, typer.Option("--to", help="Last month end, YYYY-MM.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the tables into.", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", help="csv, parquet or xlsx (one workbook, a sheet per table).")] = "csv",
    layout: Annotated[Optional[Path], typer.Option("--layout", help="scorecard.yaml whose measures to export (default: the shipped layout).", show_default=False)] = None,
    la: LaOption = None,
    store: StoreOption = None,
) -> None:
    """Tidy tables for Power BI and Excel: figures, measures, benchmarks, las (no child-level data)."""
    from csc_scorecard.outputs import export_outputs

    for path in export_outputs(start, end, layout, output_format, out, la, store, console):
        console.print(f"wrote {escape(str(path))}", highlight=False)


benchmarks_app = typer.Typer(
    help="Published benchmarks of any LA: value, SN mean, region, England, Q1/Q3 and band.",
    invoke_without_command=True,
)
app.add_typer(benchmarks_app, name="benchmarks")


@benchmarks_app.callback(invoke_without_command=True)
@user_errors
def benchmarks(
    ctx: typer.Context,
    la: Annotated[Optional[str], typer.Option("--la", help="DfE 3-digit LA code, e.g. 343.", show_default=False)] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Reporting year: 2023 = year ending 31 March 2023.", show_default=False)] = None,
    release: Annotated[Optional[str], typer.Option("--release", help="Published release: 2023 or 2025 (default: the config's).", show_default=False)] = None,
    sn_list: Annotated[Optional[str], typer.Option("--sn-list", help="Statistical-neighbour list: 2021 or 2025 (default: the config's).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    own_values: Annotated[Optional[Path], typer.Option("--own-values", help="CSV indicator_id,year,area,value for measures no shipped file covers.", show_default=False)] = None,
) -> None:
    """The published benchmark table of an LA (or `benchmarks import` to rebuild the data)."""
    if ctx.invoked_subcommand is not None:
        return
    if la is None or year is None:
        raise typer.BadParameter("--la and --year are required, e.g. --la 343 --year 2023", param_hint="--la/--year")
    if output_format not in ("table", "json"):
        raise typer.BadParameter(f"'{output_format}' is not table or json", param_hint="--format")
    from csc_scorecard.benchmarks.console import rich_table
    from csc_scorecard.benchmarks.own_values import read_own_values
    from csc_scorecard.benchmarks.table import benchmark_table

    from csc_scorecard.config import default_config

    chosen = default_config().benchmarks
    own = read_own_values(own_values) if own_values is not None else None
    table = benchmark_table(la, year, release or chosen.release, sn_list or chosen.sn_list, own)
    if output_format == "json":
        import json

        typer.echo(json.dumps(table.to_json(), indent=2))
    else:
        console.print(rich_table(table))


@benchmarks_app.command("import")
@user_errors
def benchmarks_import(
    files: Annotated[list[Path], typer.Argument(help="EES CSVs, the ONS population CSV, the LAIT parquet, SN lists.", show_default=False)],
    release: Annotated[str, typer.Option("--release", help="The release the files are from, e.g. 2023.", show_default=False)],
    out: Annotated[Optional[Path], typer.Option("--out", help="Data folder to write (default: the package's shipped data).", show_default=False)] = None,
) -> None:
    """Build the compact benchmark data of one release from DfE/ONS/LAIT/SN files."""
    from csc_scorecard.benchmarks.importer import import_release

    for line in import_release(files, release, out):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


users_app = typer.Typer(help="Web dashboard users: viewer < analyst < admin.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _open(store: Path | None):
    from csc_scorecard.store.db import open_store, store_path

    return open_store(store_path(str(store) if store else None))


def _read_password(password_stdin: bool) -> str:
    import sys

    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


NameArgument = Annotated[str, typer.Argument(help="User name.", show_default=False)]
PasswordStdinOption = Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")]


@users_app.command("add")
@user_errors
def users_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits and . _ @ -).", show_default=False)],
    role: Annotated[str, typer.Option("--role", help="viewer, analyst or admin.", show_default=False)],
    password_stdin: PasswordStdinOption = False,
    store: StoreOption = None,
) -> None:
    """Add a web user; the password is stored hashed (argon2id), never as written."""
    from csc_scorecard.store.users import add_user, check_role

    check_role(role)
    password = _read_password(password_stdin)
    opened = _open(store)
    try:
        user = add_user(opened, name, password, role, actor=command_line_actor(), client=COMMAND_LINE)
    finally:
        opened.dispose()
    console.print(f"added user {escape(user.name)} with the {user.role} role to the store {escape(str(opened.path))}")


@app.command()
@user_errors
def measures(
    list_number: Annotated[Optional[int], typer.Option("--list", help="Only the measures on this Annex A list (1-11).", show_default=False)] = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The catalogue of measures: the reference 23 and the library, with what each reads."""
    import json

    from rich.table import Table

    from csc_scorecard.measures.catalogue import catalogue

    if output not in ("table", "json"):
        raise UserError(f"--format {output!r}: choose table or json")
    entries = catalogue(list_number)
    if output == "json":
        console.print_json(json.dumps(entries))
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for heading in ("No", "Id", "Title", "Unit", "Polarity", "List", "Benchmark"):
        table.add_column(heading, justify="right" if heading == "No" else "left")
    for entry in entries:
        where = ", ".join(str(e["list"]["number"]) for e in (entry, *entry["also_reads"])) if entry["list"] else "manual"
        table.add_row(str(entry["number"]), entry["id"], entry["title"], entry["unit"], entry["polarity"], where, entry["benchmark"] or "-")
    console.print(table)


config_app = typer.Typer(help="Scorecard layouts (YAML): check one before building with it.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("check")
@user_errors
def config_check(
    file: Annotated[Path, typer.Argument(help="A scorecard layout (YAML), e.g. a copy of the shipped scorecard.yaml.", show_default=False)],
) -> None:
    """Validate a layout: every error names its line; exit 1 if any."""
    from csc_scorecard.config import read_config

    config = read_config(file)
    rows = [row for section in config.sections for row in section.rows]
    console.print(f"{escape(str(file))}: a valid layout: {len(config.sections)} section(s), {len(rows)} row(s)")


@users_app.command("list")
@user_errors
def users_list(store: StoreOption = None) -> None:
    """Every user: name, role, enabled or disabled, when added (UTC)."""
    from csc_scorecard.store.users import list_users

    opened = _open(store)
    try:
        users = list_users(opened)
    finally:
        opened.dispose()
    if not users:
        console.print(f"no users in the store {escape(str(opened.path))}: add one with scorecard users add NAME --role admin")
    for user in users:
        status = "disabled" if user.disabled else "enabled"
        console.print(f"{escape(user.name)}  {user.role}  {status}  added {user.created_at:%Y-%m-%d %H:%M}", highlight=False)


COMMAND_LINE = "command line"  # the audit log's client for commands run at this computer


def _user_change(store: Path | None, change, done) -> None:
    """Run `change(opened_store, actor, client)` on the store and print the line `done(its result)`."""
    opened = _open(store)
    try:
        result = change(opened, command_line_actor(), COMMAND_LINE)
    finally:
        opened.dispose()
    console.print(escape(done(result)), highlight=False)


@users_app.command("disable")
@user_errors
def users_disable(name: NameArgument, store: StoreOption = None) -> None:
    """Stop a user signing in; their open sessions end at once."""
    from csc_scorecard.store.users import set_disabled

    _user_change(store, lambda s, a, c: set_disabled(s, name, True, actor=a, client=c), lambda user: f"disabled user {user.name}: their sessions have ended")


@users_app.command("enable")
@user_errors
def users_enable(name: NameArgument, store: StoreOption = None) -> None:
    """Let a disabled user sign in again."""
    from csc_scorecard.store.users import set_disabled

    _user_change(store, lambda s, a, c: set_disabled(s, name, False, actor=a, client=c), lambda user: f"enabled user {user.name}: they can sign in again")


@users_app.command("remove")
@user_errors
def users_remove(name: NameArgument, store: StoreOption = None) -> None:
    """Delete a user (the audit log keeps their name); their open sessions end at once."""
    from csc_scorecard.store.users import remove_user

    _user_change(store, lambda s, a, c: remove_user(s, name, actor=a, client=c), lambda user: f"removed user {user.name}: their sessions have ended")


@users_app.command("set-role")
@user_errors
def users_set_role(
    name: NameArgument,
    role: Annotated[str, typer.Argument(help="viewer, analyst or admin.", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Give a user another role; they sign in again to use it."""
    from csc_scorecard.store.users import set_role

    _user_change(store, lambda s, a, c: set_role(s, name, role, actor=a, client=c), lambda user: f"user {user.name} now has the {user.role} role: their sessions have ended")


@users_app.command("set-password")
@user_errors
def users_set_password(name: NameArgument, password_stdin: PasswordStdinOption = False, store: StoreOption = None) -> None:
    """Give a user a new password (12 characters or more, not easy to guess); their sessions end."""
    from csc_scorecard.store.users import set_password

    password = _read_password(password_stdin)
    _user_change(
        store, lambda s, a, c: set_password(s, name, password, actor=a, client=c),
        lambda user: f"set a new password for user {user.name}: their sessions have ended",
    )


@users_app.command("unlock")
@user_errors
def users_unlock(name: NameArgument, store: StoreOption = None) -> None:
    """Forget a user name's failed sign-ins, so that a locked-out person can sign in at once."""
    from csc_scorecard.store.login_attempts import unlock
    from csc_scorecard.store.users import normalise_name

    _user_change(store, lambda s, a, c: unlock(s, name, actor=a, client=c), lambda cleared: f"unlocked {normalise_name(name)}: {cleared} failed sign-ins forgotten")


audit_app = typer.Typer(help="The audit log of the web dashboard and user changes.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
@user_errors
def audit_verify(store: StoreOption = None) -> None:
    """Check the audit log's hash chain: exit 0 when intact, 1 naming the first broken entry."""
    from csc_scorecard.store.audit import verify
    from csc_scorecard.store.db import open_store, store_path

    opened = open_store(store_path(str(store) if store else None), create=False)
    try:
        check = verify(opened)
    finally:
        opened.dispose()
    if not check.intact:
        raise UserError(f"the audit log's chain is broken at {check.problem} ({check.entries} entries before it are intact)")
    console.print(f"{check.entries} entries, chain intact (last hash {check.last_hash})", highlight=False)


def command_line_actor() -> str:
    """Who the audit log names for a command run at this computer: the operating system's user."""
    import getpass

    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):  # a user id with no name and no $USER (a bare container): still audit, never a traceback
        return "unnamed user (command line)"


@app.command()
@user_errors
def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Copy the store's database to FILE, consistently, even while the dashboard or a load runs."""
    from csc_scorecard.store.backup import backup as take_backup
    from csc_scorecard.store.db import open_store, store_path

    opened = open_store(store_path(str(store) if store else None), create=False)
    try:
        size = take_backup(opened, file, command_line_actor())
    finally:
        opened.dispose()
    console.print(f"backed up the store {escape(str(opened.path))} to {escape(str(file))} ({size:,} bytes, readable by you only)")


@app.command()
@user_errors
def restore(
    file: Annotated[Path, typer.Argument(help="A backup written by `scorecard backup`.", show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="Replace a store that already holds extracts.")] = False,
    store: StoreOption = None,
) -> None:
    """Replace the store's database with a backup (stop the dashboard first)."""
    from csc_scorecard.store.backup import restore as restore_backup
    from csc_scorecard.store.db import store_path

    restored = restore_backup(store_path(str(store) if store else None), file, command_line_actor(), replace)
    restored.dispose()
    console.print(f"restored {escape(str(file))} into the store {escape(str(restored.path))}")


@app.command()
@user_errors
def purge(
    before: Annotated[str, typer.Option("--before", help="Remove the child-level rows of extracts dated before this day (YYYY-MM-DD).", show_default=False)],
    la: Annotated[Optional[str], typer.Option("--la", help="Only this LA's extracts (default: every LA in the store).", show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """Remove the child-level rows of old extracts (retention); signed-off scorecards are kept."""
    from csc_scorecard.store.db import open_store, store_path
    from csc_scorecard.store.retention import purge as purge_rows

    day = parse_iso_date(before, "--before")
    opened = open_store(store_path(str(store) if store else None), create=False)
    try:
        extracts, rows = purge_rows(opened, day, command_line_actor(), la)
    finally:
        opened.dispose()
    console.print(f"purged {extracts} extract(s) dated before {day}: {rows:,} child-level rows removed; their months now show as not covered")


@app.command()
@user_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this computer only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    config: Annotated[Optional[Path], typer.Option("--config", help="Scorecard config (default: the shipped one).", show_default=False)] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="Largest workbook the upload page accepts, in MB.", min=1)] = 20,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="Mark the session cookie Secure (when served over HTTPS).")] = False,
    trusted_proxy: Annotated[Optional[list[str]], typer.Option("--trusted-proxy", help="Address or network (repeatable) of a reverse proxy whose X-Forwarded-For is believed; default none.", show_default=False)] = None,
    la: LaOption = None,
    store: StoreOption = None,
) -> None:
    """Run the web dashboard (log in with a user from `scorecard users add`)."""
    from csc_scorecard.store.db import store_path
    from csc_scorecard.web.server import check_trusted_proxies
    from csc_scorecard.web.server import serve as run_server

    proxies = check_trusted_proxies(trusted_proxy or [])
    run_server(store_path(str(store) if store else None), host, port, config, max_upload_mb, secure_cookies, la, console, proxies)


def main() -> None:
    import sys

    from csc_scorecard.allocator import settle_for_command

    settle_for_command(sys.argv[1] if len(sys.argv) > 1 else None)  # before polars is imported
    app()
