"""The dashboard as the browser sees it: page load and filter changes to a settled page.

    python bench/bench_browser.py [N] [--db PATH] [--runs 3] [--first-start 1000]

Serves a store of N synthetic events (``bench_dashboard.build_store``; default 100,000,
built in ``bench/out/`` when missing) with ``timeline serve`` in a child process, and
drives Debian's chromium headless through Playwright with the flags of the browser
tests (``tests/browser/conftest.py``). Each run opens a fresh browser context and times,
to a *settled* page (no callback in flight, every chart drawn by plotly, none still
saying it is being drawn, the event count shown):

- page load (the server already running and warm),
- choosing a country (RUS), then a person of RUS, then a type (talks) in the dropdowns,
  as a user does (click, type, click the option),
- opening the page at ``?actors=RUS``.

Also recorded: the longest main-thread task (``PerformanceObserver`` ``longtask``), the
largest response body, and the server's resident memory (now and its peak, from
``/proc``). Printed: min / median / max of the runs. ``--first-start K`` first copies the
store, adds K new synthetic articles (10 events each) as an ingest does, and times the
first start on the copy: from the server's launch to a settled page, noting whether the
page said what it was doing meanwhile.
Targets at 1,000,000 events: page load and filtered URL <= 2.5 s, each filter change
<= 1 s, no task over 500 ms, no response over 500 KB, server RSS under 2 GB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from bench_dashboard import OUT, build_store, synthetic_articles

#: The flags of the browser tests (tests/browser/conftest.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TARGETS = {"page load": 2500, "?actors=RUS": 2500, "country": 1000, "person": 1000,
           "type": 1000}
TASK_MS, RESPONSE_KB, RSS_MB = 500, 500, 2048
GRAPHS = ("timeline", "counts", "matrix", "map")

LONGTASKS = """
window.__longest = 0;
new PerformanceObserver(list => list.getEntries().forEach(e => {
    window.__longest = Math.max(window.__longest, e.duration); }))
  .observe({type: 'longtask', buffered: true});
"""
#: True when every chart is drawn and nothing is being updated.
SETTLED = """(graphs) => {
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    const count = document.getElementById('event-count');
    if (!count || !/\\d/.test(count.textContent)) return false;
    for (const id of graphs) {
        const plot = document.querySelector('#' + id + ' .js-plotly-plot');
        if (!plot || !plot._fullLayout) return false;
        const notes = plot._fullLayout.annotations || [];
        if (notes.some(a => /Drawing the chart|جارٍ رسم/.test(a.text || ''))) return false;
    }
    return true;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of ``pid`` now and at its peak (VmRSS, VmHWM), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


class Server:
    """``timeline serve`` of a store in a child process."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "timeline", "serve", "--db", str(db), "--port",
             str(self.port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_listening(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr
                                       else "server died") from None
                time.sleep(0.05)
        raise TimeoutError("server did not listen")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


class Session:
    """One browser context: times steps to a settled page, watches responses."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.add_init_script(LONGTASKS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(120_000)
        self.base = base
        self.inflight = 0
        self.largest = 0
        self.largest_static = 0
        self.said: set[str] = set()
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._finished)
        self.page.on("requestfailed", self._failed)

    def _started(self, request) -> None:
        self.inflight += 1

    def _failed(self, request) -> None:
        self.inflight -= 1

    def _finished(self, request) -> None:
        from playwright.sync_api import Error
        self.inflight -= 1
        try:
            size = request.sizes()["responseBodySize"]
        except Error:  # a response gone with its page
            size = 0
        if "/_dash-update-component" in request.url or "/_dash-layout" in request.url:
            # what the views send (scripts and styles apart)
            self.largest = max(self.largest, size)
            if os.environ.get("BENCH_VERBOSE"):
                print(f"  {request.url.rsplit('/', 1)[-1][:40]:40} {size / 1024:8.0f} KB "
                      f"{request.timing['responseEnd']:8.0f} ms")
        else:
            self.largest_static = max(self.largest_static, size)

    def settle(self, began: float, timeout: float = 180) -> float:
        """Milliseconds from ``began`` to the first moment the page is settled (and still
        is 300 ms later, so a callback chained after another is waited for)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            seen = self._settled_at(end)
            self.page.wait_for_timeout(300)
            if self.inflight == 0 and self.page.evaluate(SETTLED, list(GRAPHS)):
                return (seen - began) * 1000
        raise TimeoutError("the page never settled")

    def _settled_at(self, end: float) -> float:
        while time.perf_counter() < end:
            self._note_what_it_says()
            if self.inflight == 0 and self.page.evaluate(SETTLED, list(GRAPHS)):
                return time.perf_counter()
            self.page.wait_for_timeout(25)
        raise TimeoutError("the page never settled")

    def _note_what_it_says(self) -> None:
        said = self.page.evaluate(
            "() => (document.getElementById('prepare-progress') || {}).textContent || ''")
        if said:
            self.said.add(said.split(" (")[0])  # the step, without its seconds
        text = self.page.evaluate(
            "() => [...document.querySelectorAll('.annotation-text')].map(a => a.textContent)"
            ".join(' ')")
        if "Drawing the chart" in text:
            self.said.add("drawing")

    def load(self, query: str = "", timeout: float = 180) -> float:
        began = time.perf_counter()
        self.page.goto(self.base + query, wait_until="commit")
        return self.settle(began, timeout)

    def choose(self, dropdown: str, search: str, option: str) -> float:
        """Open a dropdown, type, click the option: ms from the click to settled."""
        self.page.locator(f"#{dropdown}").click()
        self.page.locator(".dash-dropdown-search").fill(search)
        target = self.page.locator(".dash-dropdown-option", has_text=option).first
        target.wait_for()
        began = time.perf_counter()
        target.click()
        ms = self.settle(began)
        self.page.keyboard.press("Escape")
        return ms

    def longest_task(self) -> float:
        return float(self.page.evaluate("() => window.__longest || 0"))

    def close(self) -> None:
        self.context.close()


def a_person(db: Path) -> str:
    """The name of the person of RUS with most events in the store."""
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.name FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
            " WHERE a.code = 'RUS' AND a.kind = 'person' GROUP BY a.name"
            " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def one_run(browser, server: Server, person: str) -> dict[str, float]:
    s = Session(browser, server.url)
    out = {"page load": s.load()}
    out["country"] = s.choose("f-actors", "RUS", "RUS ·")
    out["person"] = s.choose("f-actors", person, person)
    out["type"] = s.choose("f-types", "talks", "talks")
    tasks = s.longest_task()
    s.close()
    s2 = Session(browser, server.url)
    out["?actors=RUS"] = s2.load("?actors=RUS")
    out["longest task"] = max(tasks, s2.longest_task())
    out["largest response KB"] = max(s.largest, s2.largest) / 1024
    s2.close()
    out["server RSS MB"], out["server peak RSS MB"] = rss_mb(server.proc.pid)
    return out


def report(runs: list[dict[str, float]]) -> bool:
    ok = True
    print(f"{'':24}{'min':>9}{'median':>9}{'max':>9}   target")
    for key in runs[0]:
        values = [r[key] for r in runs]
        target = TARGETS.get(key) or {"longest task": TASK_MS, "largest response KB":
                                      RESPONSE_KB, "server peak RSS MB": RSS_MB}.get(key)
        met = "" if target is None else ("ok" if max(values) <= target else "OVER") + \
            f" (<= {target})"
        ok &= not met.startswith("OVER")
        unit = "" if key.endswith(("KB", "MB")) else " ms"
        print(f"{key + unit:24}{min(values):9.0f}{statistics.median(values):9.0f}"
              f"{max(values):9.0f}   {met}")
    return ok


def first_start(browser, db: Path, articles: int) -> None:
    """Copy the store, ingest ``articles`` new ones into the copy, time its first start."""
    from timeline.store import Store
    OUT.mkdir(parents=True, exist_ok=True)  # a store given with --db: the copy goes here still
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / db.name
        shutil.copy(db, copy)
        frames = db.with_name(db.name + ".frames")
        if frames.exists():  # the frames kept for the store as it was
            shutil.copytree(frames, copy.with_name(copy.name + ".frames"))
        store = Store(copy)
        t = time.perf_counter()
        for k, (article, events) in enumerate(synthetic_articles(articles * 10, seed=99)):
            new = f"new-{k:05d}"  # ids the store does not hold yet
            store.save(replace(article, id=new, url=f"https://new.example.org/{k}"),
                       [replace(e, article_id=new) for e in events])
        store.close()
        print(f"first start: {articles:,} new articles saved in {time.perf_counter() - t:.1f} s")
        began = time.perf_counter()
        server = Server(copy)
        try:
            server.wait_listening()
            s = Session(browser, server.url)
            ms = s.load(timeout=900)
            rss, peak = rss_mb(server.proc.pid)
            print(f"first start after the ingest: {(time.perf_counter() - began) * 1000:,.0f} ms"
                  f" from launch to a settled page (page load part {ms:,.0f} ms); the page"
                  f" said: {' / '.join(sorted(s.said)) or 'nothing'}; server RSS {rss:,.0f} MB,"
                  f" peak {peak:,.0f} MB")
            s.close()
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="events (default 100000)")
    ap.add_argument("--db", type=Path, help="store (default bench/out/bench-N.db)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--first-start", type=int, default=0, metavar="K",
                    help="also time the first start after adding K articles (on a copy)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    db = args.db or OUT / f"bench-{args.n}.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        build_store(db, args.n).close()
    print(f"store {db}; load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    person = a_person(db)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=CHROMIUM_ARGS)
        server = Server(db)
        try:
            began = time.perf_counter()
            server.wait_listening()
            warm = Session(browser, server.url)
            ms = warm.load(timeout=900)
            print(f"server start to a settled page (warm-up, not counted): "
                  f"{(time.perf_counter() - began) * 1000:,.0f} ms (page {ms:,.0f} ms)")
            warm.close()
            runs = [one_run(browser, server, person) for _ in range(args.runs)]
        finally:
            server.stop()
        ok = report(runs)
        if args.first_start:
            first_start(browser, db, args.first_start)
        browser.close()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
