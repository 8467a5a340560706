"""Serving the dashboard: waitress (a production WSGI server, pure Python), quiet unless asked.

``--debug`` alone uses Dash's own development server, for its in-browser debugger.
``--verbose`` logs one line per request to stderr: method, path, status, time taken.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import dash

THREADS = 8


def request_log(app: Callable, write: Callable[[str], Any] = sys.stderr.write) -> Callable:
    """``app`` wrapped so that each request writes ``METHOD /path?query STATUS 12 ms``."""
    def logged(environ: dict, start_response: Callable) -> Iterable[bytes]:
        began = time.perf_counter()
        seen: dict[str, str] = {}

        def start(status: str, headers: list, exc_info: Any = None) -> Any:
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return app(environ, start)
        finally:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            took = (time.perf_counter() - began) * 1000
            write(f"{environ.get('REQUEST_METHOD', '')} {path} {seen.get('status', '-')} "
                  f"{took:.0f} ms\n")
    return logged


def serve_wsgi(app: Callable, host: str, port: int) -> None:
    """Serve a WSGI app with waitress until interrupted."""
    import waitress
    waitress.serve(app, host=host, port=port, threads=THREADS, ident="timeline",
                   _quiet=True)


def run(app: dash.Dash, host: str, port: int, *, debug: bool = False,
        verbose: bool = False) -> None:
    """Serve the dashboard ``app`` on ``host:port``."""
    if debug:
        app.run(host=host, port=port, debug=True, dev_tools_ui=True, dev_tools_hot_reload=False)
        return
    logging.getLogger("waitress").setLevel(logging.INFO if verbose else logging.ERROR)
    wsgi = app.server
    serve_wsgi(request_log(wsgi) if verbose else wsgi, host, port)
