"""Upload of an Annex A workbook (analyst and admin): the same reader and loader as
`scorecard load` (`loading.resolve_as_at`, `read_annex_a`, `load_annex_a`, run in a worker
process with a memory and time limit by `isolated_load`), so a file is checked exactly as the
command line checks it. The data-quality report is shown. The file is held in a private
temporary folder only while it is read; folders left behind by a server stopped mid-upload are
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
import shutil
import stat
import tempfile
from datetime import date
from functools import partial as partial_call
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from csc_scorecard.ingest.detect import WORKBOOK_SUFFIXES
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Severity, UserError
from csc_scorecard.loading import resolve_as_at
from csc_scorecard.store import audit
from csc_scorecard.isolated_load import load_in_worker
from csc_scorecard.store.extracts import LoadOutcome
from csc_scorecard.store.signoff import current as current_sign_off
from csc_scorecard.store.users import User
from csc_scorecard.web.forms import BadForm, BodyTooLarge, read_upload, size_text
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Analyst, CsrfFailed, client_address

router = APIRouter()
log = logging.getLogger("csc_scorecard.web.upload")

UPLOAD_FOLDER_PREFIX = "scorecard-upload-"

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


def _form(request: Request, user: User, status: int = 200, **result):
    settings = request.app.state.settings
    context = {"outcome": None, "error": None, "note": None, "signed": None, "as_at_text": "", "period_start_text": ""}
    context.update(result)
    return render(request, "upload.html", status, user=user, limit=size_text(settings.max_upload_bytes),
                  suffixes=", ".join(sorted(WORKBOOK_SUFFIXES)), lists=load_schema().lists, **context)


@router.get("/upload")
async def upload_page(request: Request, user: User = Analyst):
    return _form(request, user)


@router.post("/upload")
async def upload(request: Request, user: User = Analyst):
    settings, client = request.app.state.settings, client_address(request)
    try:
        return await _upload(request, user, client)
    except Exception as error:  # audited, then answered by the app's error pages
        if isinstance(error, BodyTooLarge):
            reason = f"larger than {size_text(error.limit)} (413)"
        elif isinstance(error, (CsrfFailed, BadForm)):
            reason = f"form not accepted: {type(error).__name__} ({403 if isinstance(error, CsrfFailed) else 400})"
        else:
            reason = f"server error: {type(error).__name__} (500)"
        audit.append(settings.store, user.name, "upload", None, f"refused: {reason}", client=client)
        raise


async def _upload(request: Request, user: User, client: str):
    settings = request.app.state.settings
    form = await read_upload(request, settings.max_upload_bytes)
    as_at_text, period_text = form.fields.get("as_at", "").strip(), form.fields.get("period_start", "").strip()
    keep = {"as_at_text": as_at_text, "period_start_text": period_text}
    if form.file is None or not form.file.filename:
        return _form(request, user, 400, error="Choose an Annex A workbook to upload.", **keep)
    if not as_at_text:
        await form.file.close()
        return _form(request, user, 400, error="Give the extract's as-at date: the date its lists were exported for, e.g. 2023-12-31.", **keep)
    name = _safe_name(form.file.filename)
    if Path(name).suffix.lower() not in WORKBOOK_SUFFIXES:
        await form.file.close()
        error = f"{name} is not an Annex A workbook: upload a {', '.join(sorted(WORKBOOK_SUFFIXES))} file."
        return _form(request, user, 400, error=error, **keep)
    folder = Path(tempfile.mkdtemp(prefix=upload_folder_prefix(settings.store.path)))  # readable by this user only
    try:
        path = folder / name
        with path.open("wb") as handle:
            await run_in_threadpool(shutil.copyfileobj, form.file.file, handle)
        await form.file.close()
        try:
            plan = resolve_as_at(path, _date(as_at_text, "as-at date"))
            period_start = _date(period_text, "period start")
            # In a worker process with a memory and time limit: no file can stall the dashboard.
            outcome = await run_in_threadpool(
                partial_call(load_in_worker, settings.store.path, path, plan.as_at, settings.la_code, period_start,
                             partial=form.fields.get("partial") == "yes", accept_drop=form.fields.get("accept_drop") == "yes")
            )
        except UserError as error:
            message = str(error).replace(str(path), name)  # the user's file name, not the temporary path
            audit.append(settings.store, user.name, "upload", name, f"refused: {message}"[:500], client=client)
            return _form(request, user, 400, error=message, **keep)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    audit.append(settings.store, user.name, "upload", name, _summary(outcome, plan.as_at), client=client)
    signed = current_sign_off(settings.store, settings.la_code, plan.as_at)
    status = 400 if outcome.status == "refused" else 200
    return _form(request, user, status, outcome=outcome, note=plan.note, signed=signed, as_at=plan.as_at, **keep)


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
    errors = sum(1 for i in outcome.issues if i.severity is Severity.ERROR)
    warnings = sum(1 for i in outcome.issues if i.severity is Severity.WARNING)
    return f"{outcome.status} as at {as_at.isoformat()}: {errors} errors, {warnings} warnings"
