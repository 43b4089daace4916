"""Reading posted forms with limits, and their CSRF check.

Bodies are read as a stream and refused as soon as they pass their limit, so a huge request
never fills memory or disk: small forms (login, analysis, sign-off) are limited to
`FORM_LIMIT`; an upload to the configured file limit plus a little for the other fields. A
Content-Length over the limit is refused before reading anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from csc_scorecard.web.security import CSRF_FIELD, check_csrf

FORM_LIMIT = 64 * 1024  # an analysis text is at most 4,000 characters
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, headers and the small fields of the upload form


class BodyTooLarge(Exception):
    """The request body passed its limit; `limit` is the user-facing one (the file's)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"body larger than {limit} bytes")
        self.limit = limit


class BadForm(Exception):
    """The body is not the form the page sends."""


@dataclass
class Upload:
    fields: dict[str, str]
    file: UploadFile | None


def size_text(size: int) -> str:
    """A limit as people say it: `20 MB`, `512 KB`, `1,000 bytes` (1 MB = 1,048,576 bytes)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale:,} {unit}"
    return f"{size:,} bytes"


def _declared_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


async def _limited(request: Request, hard_limit: int, reported_limit: int) -> AsyncIterator[bytes]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > hard_limit:
            raise BodyTooLarge(reported_limit)
        yield chunk


async def read_form(request: Request, limit: int = FORM_LIMIT) -> dict[str, str]:
    """A url-encoded form's fields (the last value of a repeated name), after its CSRF check.

    A body of another type has no fields, so it fails the CSRF check (403) like any forged form.
    """
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        check_csrf(request, None)
    declared = _declared_length(request)
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    body = b"".join([chunk async for chunk in _limited(request, limit, limit)])
    try:
        fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise BadForm("the form is not UTF-8 text") from None
    check_csrf(request, fields.get(CSRF_FIELD))
    return fields


async def read_upload(request: Request, file_limit: int) -> Upload:
    """A multipart form with at most one file of at most `file_limit` bytes, after its CSRF check."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        check_csrf(request, None)
    hard_limit = file_limit + MULTIPART_OVERHEAD
    declared = _declared_length(request)
    if declared is not None and declared > hard_limit:
        raise BodyTooLarge(file_limit)
    parser = MultiPartParser(
        request.headers, _limited(request, hard_limit, file_limit), max_files=1, max_fields=10, max_part_size=FORM_LIMIT
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise BadForm(str(error)) from None
    fields = {name: value for name, value in form.multi_items() if isinstance(value, str)}
    files = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
    upload = Upload(fields, files[0] if files else None)
    try:
        check_csrf(request, fields.get(CSRF_FIELD))
        if upload.file is not None and (upload.file.size or 0) > file_limit:
            raise BodyTooLarge(file_limit)
    except BaseException:
        await form.close()
        raise
    return upload
