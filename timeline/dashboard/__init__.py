"""The interactive dashboard: ``create_app(store)`` returns a ready Dash app.

Everything is served locally (Dash's own scripts, Bootstrap CSS and the Arabic
font from ``assets/``), so the dashboard works with no network.
"""
from __future__ import annotations

import dash

from timeline import config
from timeline.dashboard import callbacks, guard, plotlyjs, prepare
from timeline.store import Store

TITLE = "Diplomatic event timeline"


def create_app(store: Store, *, debug: bool = False, host: str = "127.0.0.1",
               warm: bool = False) -> dash.Dash:
    """A Dash app showing the events of ``store``; debug mode only when asked for.
    Requests are answered only for a local host name or ``host`` (what ``serve --host``
    binds), and callback values are checked (``guard``).

    The layout is a function and every callback reads ``store.events_frame()``, so
    events ingested while the server runs show on the next filter change or reload.
    With ``warm`` (``timeline serve``), the events are prepared in a thread from the
    start, and until the first page is built it says which step runs (``prepare``).
    """
    app = dash.Dash(
        __name__, title=TITLE, assets_folder=str(config.ASSETS_DIR), serve_locally=True,
        external_stylesheets=[], external_scripts=[], suppress_callback_exceptions=True,
        update_title="", meta_tags=[{"name": "viewport",
                                       "content": "width=device-width, initial-scale=1"}],
    )
    progress = prepare.start(store) if warm else None
    app.layout = prepare.first_layout(store, progress)
    guard.protect(app.server, hosts=[host])
    plotlyjs.register(app)
    callbacks.register(app, store)
    prepare.register(app, store, progress)
    if debug:
        app.enable_dev_tools(debug=True, dev_tools_hot_reload=False)
    return app
