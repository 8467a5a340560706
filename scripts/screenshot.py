"""Make the README screenshot: the dashboard on the sample corpus, in headless Chromium.

    python scripts/screenshot.py [--db STORE] [--out docs/screenshot.png] [--query "?..."]

Without ``--db``, a temporary store is filled with ``timeline ingest data/samples``;
if that yields no events (or the command fails), the hand-made demo corpus of the
tests is used instead, and the script says so. Needs Debian's ``chromium``.
"""
from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.dashboard import create_app
from timeline.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic"]
WIDTH, HEIGHT = 1400, 1000


def sample_store(folder: Path) -> tuple[Store, str]:
    """A store of the sample corpus, else of the demo corpus; and where it came from."""
    db = folder / "samples.db"
    cmd = [sys.executable, "-m", "timeline", "ingest", str(ROOT / "data" / "samples"),
           "--db", str(db)]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                              check=False)
        if done.returncode != 0:
            print(f"ingest exited with {done.returncode}: {done.stderr.strip()[-300:]}",
                  file=sys.stderr)
    except (OSError, subprocess.TimeoutExpired) as err:
        print(f"ingest failed: {err}", file=sys.stderr)
    store = Store(db)
    if store.counts()["events"]:
        return store, "data/samples"
    from tests.fixtures.demo import fill_demo_store
    print("no events from data/samples; using the demo corpus of the tests", file=sys.stderr)
    return fill_demo_store(folder / "demo.db"), "demo corpus"


def shoot(store: Store, out: Path, query: str = "", full_page: bool = False) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, create_app(store).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(f"http://127.0.0.1:{server.server_port}/{query}")
            page.wait_for_function(
                "() => /\\d/.test(document.getElementById('event-count')?.textContent || '')",
                timeout=30_000)
            page.wait_for_selector("#timeline .main-svg", timeout=30_000)
            point = page.locator("#timeline .scatterlayer .point").first
            if point.count():  # show an event in the detail panel
                box = point.bounding_box()
                if box:
                    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                    page.wait_for_selector("#detail mark", timeout=10_000)
            page.mouse.move(5, 5)
            page.wait_for_timeout(800)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=full_page)
            browser.close()
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to show (default: the samples, ingested)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--query", default="?lanes=type",
                    help="URL query of the view (default '?lanes=type'), e.g. '?actors=RUS'")
    ap.add_argument("--full-page", action="store_true", help="the whole page, not 1400x1000")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            store, source = Store(args.db, create=False), str(args.db)
        else:
            store, source = sample_store(Path(tmp))
        shoot(store, args.out, args.query, args.full_page)
        store.close()
    size = "full page" if args.full_page else f"{WIDTH}x{HEIGHT}"
    print(f"wrote {args.out} ({size}, {source})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
