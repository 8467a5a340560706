"""The plotly.js the dashboard serves: the installed bundle cut to the traces drawn (#17)."""
from __future__ import annotations

import re

from tests.fixtures.demo import fill_demo_store
from timeline.dashboard import create_app, plotlyjs


def registered(source: str) -> list[str]:
    call = plotlyjs._REGISTER.search(source)
    assert call is not None
    return call.group(2).split(",")


def test_plotlyjs_the_installed_bundle_is_one_whose_modules_are_known():
    """A new plotly.py brings a new plotly.js: its register list must be named in MODULES
    (read it from plotly.js's lib/index.js), or the page gets the whole bundle again."""
    source = plotlyjs.installed()
    version = plotlyjs._VERSION.search(source[:500])
    assert version and version.group(1) in plotlyjs.MODULES
    assert len(registered(source)) == len(plotlyjs.MODULES[version.group(1)])
    assert plotlyjs.cut(source) is not None


def test_plotlyjs_cut_registers_the_dashboards_traces_only():
    source = plotlyjs.installed()
    names = plotlyjs.MODULES[plotlyjs._VERSION.search(source[:500]).group(1)]
    everything = registered(source)
    kept = registered(plotlyjs.cut(source))
    assert kept == [m for m, name in zip(everything, names) if name in plotlyjs.TRACES]
    assert len(kept) == len(plotlyjs.TRACES)


def test_plotlyjs_cut_calls_the_factory_as_a_function_in_brackets():
    cut = plotlyjs.cut(plotlyjs.installed())
    assert cut.startswith("/**\n* plotly.js v")  # the licence header kept
    assert "(function () {\n\"use strict\";var Plotly=" in cut
    assert cut.rstrip().endswith("window.Plotly = Plotly;\n})();")
    assert "module.exports" not in cut[:2000]  # the UMD wrapper is gone


def test_plotlyjs_an_unknown_bundle_is_served_as_it_is():
    assert plotlyjs.cut("/**\n* plotly.js v0.0.1\n*/\nvar Plotly = {};") is None
    source = plotlyjs.installed().replace("plotly.js v", "plotly.js v9", 1)
    assert plotlyjs.cut(source) is None


def test_plotlyjs_served_where_the_page_asks_and_fetched_at_once(tmp_path):
    app = create_app(fill_demo_store(tmp_path / "demo.db"))
    client = app.server.test_client()
    got = client.get(plotlyjs.PATH)
    assert got.status_code == 200 and got.mimetype == "text/javascript"
    assert got.data == plotlyjs.bundle()
    assert client.get(plotlyjs.PATH, headers={"If-None-Match": got.headers["ETag"]}
                      ).status_code == 304
    index = client.get("/").get_data(as_text=True)
    assert re.search(r'<link rel="preload" as="script" href="' + re.escape(plotlyjs.PATH), index)
