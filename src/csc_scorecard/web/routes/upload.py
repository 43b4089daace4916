"""Upload of an Annex A workbook (analyst and admin), in two steps (issue 16). First the file is
read and checked and compared with the extract before it (`load_preview`): rows per list,
children in both, the figures that would move; nothing is stored. The check asks for every
confirmation the load needs (a date other than the file name's or not a month end, a partial
workbook, a fall in rows) and the user confirms or cancels. Both steps use the same reader and
loader as `scorecard load` (`read_annex_a`, `load_annex_a`, run in a worker process with a
memory and time limit by `isolated_load`), so a file is checked exactly as the command line
checks it. The checked file waits in a private temporary folder named in the session, for at
most STAGED_HOURS. Folders left behind by a server stopped mid-upload are
removed when the server starts (`clear_stale_uploads`). A folder's name carries a tag of the
store, so a server starting never clears the folders of another store's server on the same
computer while they are in use. Every upload is audited with the client address, refused ones
too (a file too large, 413, or an unexpected error, 500).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from datetime import date
from functools import partial as partial_call
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from csc_scorecard.ingest.detect import KIND_LABELS, WORKBOOK_SUFFIXES, detect_kind
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Severity, UserError
from csc_scorecard.dates import is_month_end, month_end, months_back, scorecard_month
from csc_scorecard.ingest.file_dates import as_at_in_file_name
from csc_scorecard.isolated_load import load_in_worker, preview_in_worker
from csc_scorecard.load_preview import ShownRow
from csc_scorecard.loading import store_reference_file
from csc_scorecard.store.extracts import LoadOutcome
from csc_scorecard.store.signoff import current as current_sign_off
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.forms import BadForm, BodyTooLarge, read_form, read_upload, size_text
from csc_scorecard.web.pages import render
from csc_scorecard.web.audit_events import audited
from csc_scorecard.web.security import Analyst, CsrfFailed, client_address
from csc_scorecard.web.upload_progress import check_steps, load_steps

router = APIRouter()
log = logging.getLogger("csc_scorecard.web.upload")

UPLOAD_FOLDER_PREFIX = "scorecard-upload-"

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


STAGED_HOURS = 2  # a checked upload not confirmed or cancelled within this is removed
SESSION_KEY = "staged_upload"
CONFIRMATIONS = ("date", "partial", "accept_drop")  # what a check may ask the user to confirm


def _form(request: Request, user: User, status: int = 200, **result):
    settings = request.app.state.settings
    context = {"error": None, "as_at_text": "", "period_start_text": ""}
    context.update(result)
    return render(request, "upload.html", status, user=user, limit=size_text(settings.max_upload_bytes),
                  max_bytes=settings.max_upload_bytes,
                  suffixes=", ".join(sorted(WORKBOOK_SUFFIXES)), lists=load_schema().lists, **context)


@router.get("/upload")
async def upload_page(request: Request, user: User = Analyst):
    return _form(request, user)


@router.post("/upload")
async def upload(request: Request, user: User = Analyst):
    """Step 1: read and check the workbook, compare it with the extract before; nothing stored."""
    return await _audited(request, user, _check)


@router.post("/upload/confirm")
async def confirm(request: Request, user: User = Analyst):
    """Step 2: load the checked workbook, with the confirmations its check asked for."""
    return await _audited(request, user, _confirm)


@router.get("/upload/progress/{token}.json")
async def progress(request: Request, token: str, user: User = Analyst):
    """What the check or load sent with `token` (by this user) has done so far, for the page's progress bar."""
    status = request.app.state.settings.upload_progress.status(user.name, token)
    if status is None:
        return JSONResponse({"error": "no upload of yours under way with this token"}, status_code=404)
    return JSONResponse(status)


@router.post("/upload/cancel")
async def cancel(request: Request, user: User = Analyst):
    await read_form(request)
    staged = request.session.pop(SESSION_KEY, None)
    if staged:
        _remove_staged(request, staged)
        await audited(request.app.state.settings.store, user.name, "upload", staged["file"], "cancelled after the check",
                     client=client_address(request))
    return _form(request, user, note="The upload was cancelled: nothing was stored.")


async def _audited(request: Request, user: User, step):
    settings, client = request.app.state.settings, client_address(request)
    try:
        return await step(request, user, client)
    except Exception as error:  # audited, then answered by the app's error pages
        if isinstance(error, BodyTooLarge):
            reason = f"larger than {size_text(error.limit)} (413)"
        elif isinstance(error, (CsrfFailed, BadForm)):
            reason = f"form not accepted: {type(error).__name__} ({403 if isinstance(error, CsrfFailed) else 400})"
        else:
            reason = f"server error: {type(error).__name__} (500)"
        await audited(settings.store, user.name, "upload", None, f"refused: {reason}", client=client)
        raise


async def _check(request: Request, user: User, client: str):
    settings = request.app.state.settings
    form = await read_upload(request, settings.max_upload_bytes)
    as_at_text, period_text = form.fields.get("as_at", "").strip(), form.fields.get("period_start", "").strip()
    keep = {"as_at_text": as_at_text, "period_start_text": period_text}
    if form.file is None or not form.file.filename:
        return _form(request, user, 400, error="Choose an Annex A workbook to upload.", **keep)
    name = _safe_name(form.file.filename)
    if Path(name).suffix.lower() == ".csv":
        return await _reference_csv(request, user, client, form, name)
    if Path(name).suffix.lower() not in WORKBOOK_SUFFIXES:
        await form.file.close()
        error = (f"{name} is not an Annex A workbook or a CSV input: upload a {', '.join(sorted(WORKBOOK_SUFFIXES))} "
                 "or .csv file.")
        return _form(request, user, 400, error=error, **keep)
    named = as_at_in_file_name(name)
    try:
        typed = _date(as_at_text, "as-at date")
        period_start = _date(period_text, "period start")
    except UserError as error:
        await form.file.close()
        return _form(request, user, 400, error=str(error), **keep)
    as_at = typed or (named.as_at if named else None)
    if as_at is None:
        await form.file.close()
        return _form(request, user, 400, error=(
            f"Give the extract's as-at date: the date its lists were exported for, e.g. 2023-12-31. The file name "
            f"{name} has no date in it."), **keep)
    date_notes = _date_notes(as_at, named, typed)
    prefix = upload_folder_prefix(settings.store.path)
    clear_stale_uploads(time.time() - STAGED_HOURS * 3600, prefix)
    previous = request.session.pop(SESSION_KEY, None)
    if previous:
        _remove_staged(request, previous)
    folder = Path(tempfile.mkdtemp(prefix=prefix))  # readable by this user only
    staged = False
    try:
        path = folder / name
        with path.open("wb") as handle:
            await run_in_threadpool(shutil.copyfileobj, form.file.file, handle)
        await form.file.close()
        tracker = settings.upload_progress.start(user.name, form.fields.get("progress"), f"Checking {name}", check_steps())
        tracker.step(f"Received {name} ({size_text(path.stat().st_size)})")
        rows = [ShownRow(row.id, row.label, row.decimals) for section in settings.config.sections for row in section.rows]
        try:
            # In a worker process with a memory and time limit: no file can stall the dashboard.
            preview = await run_in_threadpool(
                partial_call(preview_in_worker, settings.store.path, path, as_at, settings.la_code, period_start, rows,
                             on_step=tracker.step))
        except UserError as error:
            tracker.finish("Stopped: the file could not be read, nothing was stored")
            message = str(error).replace(str(path), name)  # the user's file name, not the temporary path
            await audited(settings.store, user.name, "upload", name, f"refused: {message}"[:500], client=client)
            return _form(request, user, 400, error=message, **keep)
        errors, warnings = _severities(preview.issues)
        summary = f"as at {as_at.isoformat()}: {len(errors)} errors, {len(warnings)} warnings"
        tracker.finish(f"Checked: {len(errors):,} errors, {len(warnings):,} warnings")
        if preview.refused:
            await audited(settings.store, user.name, "upload", name, f"refused {summary}", client=client)
            return _check_page(request, user, preview, None, date_notes, status=400)
        checks = preview.checks
        if checks.same_file_as_at is not None:
            if checks.same_file_as_at == as_at:
                message = f"{name} is already loaded as the extract at {as_at:%d %B %Y}: nothing to do."
            else:
                message = (f"{name} is already loaded as the extract at {checks.same_file_as_at:%d %B %Y}; it cannot also be "
                           f"the extract at {as_at:%d %B %Y}. Withdraw that extract first if its date was wrong.")
            await audited(settings.store, user.name, "upload", name, f"not loaded {summary}: {message}"[:500], client=client)
            if checks.same_file_as_at == as_at:
                return _form(request, user, note=message, **keep)
            return _form(request, user, 400, error=message, **keep)
        needs = (["date"] if date_notes else []) + sorted(checks.needs)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token, "folder": folder.name, "file": name, "as_at": as_at.isoformat(),
            "period_start": period_start.isoformat() if period_start else None, "needs": needs,
        }
        staged = True
        await audited(settings.store, user.name, "upload_check", name, f"checked {summary}", client=client)
        return _check_page(request, user, preview, token, date_notes)
    finally:
        if not staged:
            shutil.rmtree(folder, ignore_errors=True)


async def _reference_csv(request: Request, user: User, client: str, form, name: str):
    """A CSV input (manual indicators, regional figures, population estimates, own benchmark values), read and stored
    as `scorecard load` does (`loading.store_reference_file`): it replaces the values of the
    same kind, so there is no comparison step; its kind is told by its headers."""
    settings = request.app.state.settings
    folder = Path(tempfile.mkdtemp(prefix=upload_folder_prefix(settings.store.path)))
    try:
        path = folder / name
        with path.open("wb") as handle:
            await run_in_threadpool(shutil.copyfileobj, form.file.file, handle)
        await form.file.close()
        try:
            kind = detect_kind(path)
            message = await run_in_threadpool(store_reference_file, settings.store, path, kind, settings.la_code)
        except UserError as error:
            message = str(error).replace(str(path), name)
            await audited(settings.store, user.name, "upload", name, f"refused: {message}"[:500], client=client)
            return _form(request, user, 400, error=message)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    await audited(settings.store, user.name, "upload", name, f"{KIND_LABELS[kind]}: {message}"[:500], client=client)
    return _form(request, user, note=f"{name} ({KIND_LABELS[kind]}): {message}.")


def _check_page(request: Request, user: User, preview, token: str | None, date_notes: list[str], status: int = 200):
    settings = request.app.state.settings
    errors, warnings = _severities(preview.issues)
    return render(
        request, "upload_check.html", status, user=user, preview=preview, token=token, date_notes=date_notes,
        errors=errors, warnings=warnings, groups=views.issue_groups(preview.issues), lists=load_schema().lists,
        signed=current_sign_off(settings.store, settings.la_code, preview.month),
    )


async def _confirm(request: Request, user: User, client: str):
    settings = request.app.state.settings
    form = await read_form(request)
    staged = request.session.get(SESSION_KEY)
    if not staged or form.get("upload", "") != staged["token"]:
        return _form(request, user, 400, error=(
            "This check is no longer open (it was confirmed, cancelled, replaced by a newer upload or has expired): "
            "nothing was stored. Upload the file again."))
    missing = [need for need in staged["needs"] if form.get(f"confirm_{need}") != "yes"]
    if missing:
        return _form(request, user, 400, error=(
            "Nothing was stored: the check asked you to confirm " + " and ".join(CONFIRMATION_TEXT[m] for m in missing)
            + ". Upload the file again and tick the boxes if you are sure."))
    request.session.pop(SESSION_KEY, None)
    folder = _staged_folder(request, staged)
    name, as_at = staged["file"], date.fromisoformat(staged["as_at"])
    period_start = date.fromisoformat(staged["period_start"]) if staged["period_start"] else None
    try:
        if folder is None or not (folder / name).is_file():
            return _form(request, user, 400, error="The checked file is no longer on the server (the server restarted or the check expired): upload it again.")
        tracker = settings.upload_progress.start(user.name, form.get("progress"), f"Loading {name}", load_steps())
        try:
            outcome = await run_in_threadpool(
                partial_call(load_in_worker, settings.store.path, folder / name, as_at, settings.la_code, period_start,
                             partial="partial" in staged["needs"], accept_drop="accept_drop" in staged["needs"],
                             loaded_by=user.name, on_step=tracker.step))
        except UserError as error:
            tracker.finish("Stopped: nothing was stored")
            message = str(error).replace(str(folder / name), name)
            await audited(settings.store, user.name, "upload", name, f"refused: {message}"[:500], client=client)
            return _form(request, user, 400, error=message)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    tracker.finish(f"{outcome.status.capitalize()}")
    await audited(settings.store, user.name, "upload", name, _summary(outcome, as_at), client=client)
    month = scorecard_month(as_at)
    months = views.available_months(settings.store, settings.la_code)
    errors, warnings = _severities(outcome.issues)
    return render(
        request, "upload_done.html", 400 if outcome.status == "refused" else 200, user=user, outcome=outcome, as_at=as_at,
        month=month if month in months else None, errors=errors, warnings=warnings,
        groups=views.issue_groups(outcome.issues), signed=current_sign_off(settings.store, settings.la_code, month),
    )


CONFIRMATION_TEXT = {
    "date": "the as-at date",
    "partial": "that the workbook is partial on purpose",
    "accept_drop": "that the fall in rows is real",
}


def _date_notes(as_at: date, named, typed: date | None) -> list[str]:
    """Why the as-at date needs the user's explicit word: it differs from the file name's, or it
    is not a month end (its extract then feeds the month before, and no month of its own)."""
    notes = []
    if named is not None and typed is not None and named.as_at != typed:
        notes.append(f"The file name ({named.text}) says {named.as_at:%d %B %Y}, but you gave {typed:%d %B %Y}.")
    if not is_month_end(as_at):
        before = months_back(month_end(as_at), 1)
        notes.append(
            f"{as_at:%d %B %Y} is not a month end: the scorecard describes months, so this extract would not make a "
            f"month of its own; it would count toward {before:%B %Y} and later months' figures.")
    return notes


def _severities(issues) -> tuple[list, list]:
    return ([i for i in issues if i.severity is Severity.ERROR], [i for i in issues if i.severity is Severity.WARNING])


def _staged_folder(request: Request, staged: dict) -> Path | None:
    """The staged upload's folder, only if it is one of this store's upload folders."""
    prefix = upload_folder_prefix(request.app.state.settings.store.path)
    name = staged.get("folder", "")
    if not name.startswith(prefix) or "/" in name or name in (".", ".."):
        return None
    return Path(tempfile.gettempdir()) / name


def _remove_staged(request: Request, staged: dict) -> None:
    folder = _staged_folder(request, staged)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def upload_folder_prefix(store_path: Path) -> str:
    """`scorecard-upload-`, a tag of the store (8 hex digits of the SHA-256 of its path) and `-`."""
    tag = hashlib.sha256(str(Path(store_path).resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{UPLOAD_FOLDER_PREFIX}{tag}-"


def clear_stale_uploads(started: float, prefix: str, folder: Path | None = None) -> int:
    """Remove upload folders (`prefix`* in the temporary folder) that this user owns and that
    were last changed before `started` (the server's start): a server stopped mid-upload leaves
    its folder behind. Returns how many were removed; logs the count, never a name."""
    folder = Path(folder or tempfile.gettempdir())
    removed = 0
    for path in folder.glob(prefix + "*"):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < started:
            shutil.rmtree(path, ignore_errors=True)
            removed += not path.exists()
    if removed:
        log.info("removed %d upload folders left by a server stopped mid-upload", removed)
    return removed


def _safe_name(file_name: str) -> str:
    """The file's own name (no folders), with characters a file system may refuse replaced."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "upload"
    return cleaned[-120:]


def _date(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"the {what} '{text}' is not a date: expected YYYY-MM-DD, e.g. 2023-12-31") from None


def _summary(outcome: LoadOutcome, as_at: date) -> str:
    errors, warnings = _severities(outcome.issues)
    return f"{outcome.status} as at {as_at.isoformat()}: {len(errors)} errors, {len(warnings)} warnings"

