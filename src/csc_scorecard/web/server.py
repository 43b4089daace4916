"""`scorecard serve`: run the dashboard with uvicorn, logging nothing child-level.

uvicorn's own access log is off (it prints the full path with its query string); the app logs
one line per request with the route template instead (`web/app.py`).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

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
) -> None:
    import uvicorn

    from csc_scorecard.web.app import create_app

    app = create_app(
        store, config, max_upload_bytes=max_upload_mb * 1024 * 1024, secure_cookies=secure_cookies, la_code=la_code
    )
    if host not in LOOPBACK and not secure_cookies:
        console.print(
            f"[yellow]warning:[/] serving on {host} over plain http: put it behind HTTPS and pass --secure-cookies, "
            "so that passwords and child-level pages are encrypted on the network"
        )
    console.print(f"Serving the dashboard for store {store} at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=LOG_CONFIG, server_header=False)
