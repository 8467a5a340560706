"""The plotly.js that the dashboard's page loads: the installed bundle, cut to the
trace types the dashboard draws and shaped so that the browser compiles it while it
downloads.

plotly.py ships the whole of plotly.js (4.7 MB: some fifty trace types, a map engine,
WebGL 3D). Run as shipped, it is one main-thread task of 1.5-4 s in headless Chromium on
a 2-core machine, blocking the page until it ends. Two things make it so:

- the bundle's last statement registers every trace type, which runs the modules of all
  of them (their attributes, their dependencies);
- the bundle's factory is passed as an argument, not written as a function in brackets,
  so V8 leaves its body for the main thread to compile when it is called, instead of
  compiling it in the background as the script streams in.

``bundle()`` reads the installed file and changes just these two places: the register
call keeps the modules of ``TRACES`` (plotly's core adds ``scatter`` itself; the others
stay in the file, never run), and the factory becomes a function in brackets called at
once. That is done only for the plotly.js version whose register list is known
(``MODULES``); any other version is served as it is installed. ``register(app)`` serves
it where Dash's page asks for plotly.js, and has the page start its download at once.

(Each chart drawn in a task of its own, ``Plotly.react`` made to wait for a new task,
halved the longest task of a page load at 100,000 events but made every step 0.2-0.5 s
slower: the browser lays out and paints the page between two charts. Not done.)
"""
from __future__ import annotations

import functools
import pkgutil
import re
from typing import Any

from dash import Dash
from flask import Response, request

#: Where Dash's page loads plotly.js from (the renderer's own path, serve_locally).
PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
#: The trace types the dashboard draws, besides scatter (always there).
TRACES = frozenset({"bar", "heatmap", "choropleth", "scattergl"})
#: The modules that plotly.js registers, in its own order, by version.
MODULES = {
    "4.1.1": (
        "bar", "box", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
        "contour", "scatterternary", "violin", "funnel", "waterfall", "image", "pie",
        "sunburst", "treemap", "icicle", "funnelarea", "scatter3d", "surface",
        "isosurface", "volume", "mesh3d", "cone", "streamtube", "scattergeo", "choropleth",
        "scattergl", "splom", "parcoords", "parcats", "scattermap", "choroplethmap",
        "densitymap", "sankey", "indicator", "table", "carpet", "scattercarpet",
        "contourcarpet", "ohlc", "candlestick", "scatterpolar", "scatterpolargl",
        "barpolar", "scattersmith", "quiver", "calendars"),
}
_VERSION = re.compile(r"\* plotly\.js v(\d+\.\d+\.\d+)")
_REGISTER = re.compile(r"(\w+)\.register\(\[((?:[\w$]+\(\),)*[\w$]+\(\))\]\)")
_HEAD = '} (typeof self !== "undefined" ? self : this, () => {\n'
_TAIL = "window.Plotly = Plotly;\nreturn Plotly;\n}));"


def installed() -> str:
    """The plotly.js bundle that plotly.py installed."""
    data = pkgutil.get_data("plotly", "package_data/plotly.min.js")
    if data is None:
        raise FileNotFoundError("plotly.min.js")
    return data.decode("utf-8")


def cut(source: str, traces: frozenset[str] = TRACES) -> str | None:
    """``source`` registering only ``traces`` and compiled as it streams in; None when
    ``source`` is not a bundle whose layout is known here."""
    version = _VERSION.search(source[:500])
    names = MODULES.get(version.group(1)) if version else None
    calls = list(_REGISTER.finditer(source))
    if names is None or len(calls) != 1 or source.count(_HEAD) != 1 \
            or source.count(_TAIL) != 1:
        return None
    call = calls[0]
    modules = call.group(2).split(",")
    if len(modules) != len(names):
        return None
    kept = ",".join(m for m, name in zip(modules, names) if name in traces)
    source = f"{source[:call.start(2)]}{kept}{source[call.end(2):]}"
    # the factory, called at once as a function in brackets: V8 compiles it while the
    # script streams in (the UMD wrapper only ever set window.Plotly in a page)
    head = source.index(_HEAD)
    wrapper = source.rindex("(\n", 0, head)
    return (source[:wrapper] + "(function () {\n" + source[head + len(_HEAD):source.index(_TAIL)]
            + "window.Plotly = Plotly;\n})();\n")


@functools.cache
def bundle() -> bytes:
    """What the page gets for plotly.js: ``cut`` of the installed bundle, or the bundle
    itself."""
    source = installed()
    return (cut(source) or source).encode("utf-8")


def register(app: Dash) -> None:
    """Serve ``bundle()`` at ``PATH`` (before Dash's own route for it), and have the page
    fetch it with its first scripts rather than once the first chart is mounted."""
    def serve() -> Any:
        response = Response(bundle(), mimetype="text/javascript")
        response.add_etag()
        return response.make_conditional(request)

    app.server.add_url_rule(PATH, "plotlyjs", serve)
    preload = f'<link rel="preload" as="script" href="{PATH}">'
    app.index_string = app.index_string.replace("{%css%}", "{%css%}\n        " + preload, 1)
