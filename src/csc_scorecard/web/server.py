"""`scorecard serve`: run the dashboard with uvicorn, logging nothing child-level.

uvicorn's own access log is off (it prints the full path with its query string); the app logs
one line per request with the route template instead (`web/app.py`).

uvicorn's own proxy-header handling is off too: it believes X-Forwarded-For from any loopback
peer, so a client on this computer (or a local proxy passing the header on) could pick the
address that login throttling counts and the audit log records. The app believes the header
only from the `--trusted-proxy` addresses (none by default).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from csc_scorecard.issues import UserError

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "csc_scorecard": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    store: Path,
    host: str,
    port: int,
    config: Path | None,
    max_upload_mb: int,
    secure_cookies: bool,
    la_code: str | None,
    console: Console,
    trusted_proxies: Sequence[str] = (),
) -> None:
    import uvicorn

    from csc_scorecard.web.app import create_app

    app = create_app(
        store, config, max_upload_bytes=max_upload_mb * 1024 * 1024, secure_cookies=secure_cookies, la_code=la_code,
        trusted_proxies=trusted_proxies,
    )
    if host not in LOOPBACK and not secure_cookies:
        console.print(
            f"[yellow]warning:[/] serving on {host} over plain http: put it behind HTTPS and pass --secure-cookies, "
            "so that passwords and child-level pages are encrypted on the network"
        )
    console.print(f"Serving the dashboard for store {store} at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=LOG_CONFIG, server_header=False, proxy_headers=False)


def check_trusted_proxies(values: Sequence[str]) -> list[str]:
    """The `--trusted-proxy` values, each an IP address or network (10.0.0.5, 10.0.0.0/24, ::1)."""
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise UserError(f"--trusted-proxy {value!r} is not an IP address or network: give e.g. 10.0.0.5 or 10.0.0.0/24") from None
    return list(values)
