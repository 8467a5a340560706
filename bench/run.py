"""The benchmark (``make bench``): every figure with its target and its ratio to a baseline.

    python bench/run.py [--quick] [--articles N] [--ingest N] [--sizes 10000,100000,1000000]

1. Extraction on one core: the full pipeline (``timeline.pipeline.extract``) over
   synthetic bilingual articles (``bench/corpus.py``), in articles per CPU-second and
   per wall-second, with the process's peak memory; best of five passes over the same
   articles (the first pass, with the per-word caches still filling, is printed too), as
   installed (compiled with mypyc, see ``setup.py``) and as plain Python. Baseline, same
   articles, same run, best of five passes:
   ``dateparser.search.search_dates(text, languages=["ar", "en"])``, the library a user
   would reach for to date events in text. Targets: >= 500 articles/s, >= 10x baseline.
2. Ingest with 2 worker processes against 1 (``timeline ingest --workers``), wall clock
   on the same JSON-lines corpus, language data loaded beforehand; the two stores are
   compared row for row. Target: >= 1.7x.
3. The dashboard at 10,000, 100,000 and 1,000,000 events (stores of ``bench_dashboard``'s
   synthetic events, built once into ``bench/out/``): the server's time per filter change
   (the main callback's work: the frame on screen -> ``views.compute`` -> figures, table
   and undated list encoded as JSON; ``bench_dashboard.scenarios``), p50 and p95; the
   server's memory; and the time from starting the server process to the first view
   being ready. Baseline per size: a cached ``events_frame()`` lookup. Targets at 1M:
   p95 < 300 ms, memory < 2 GB, ready < 5 s. Then how each figure grows from the smallest
   to the largest store, against the growth of the data.

4. With ``--size-sweep``, the size sweep of ``bench/sizes.py`` as well (also runnable alone):
   one file of 0.25 to 4 MB, a 1 MB sentence without punctuation and a page with a tag of
   200,000 attributes, each ingested on its own. Targets: CPU time per MB within 1.5x from
   the smallest to the largest article, no file over 30 s.

Each measurement of 1 and 3 runs in a fresh process, so memory figures are its own.
CPU time is the figure for "one core" because other work on the machine stretches wall
time; the load average is printed with the results.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(REPO), str(HERE)]

TARGET_RATE, TARGET_X = 500.0, 10.0
TARGET_WORKERS = 1.7
TARGET_P95_MS, TARGET_MEM_MB, TARGET_READY_S = 300.0, 2000.0, 5.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- children

PASSES = 5  # passes over the same articles; the best counts (other work on the machine varies)


def _passes(n: int, run) -> dict:
    """Time ``run()`` (one pass over ``n`` articles) ``PASSES`` times: the best pass and
    the first one (the caches that fill as words are first seen, cold)."""
    rates, walls, found = [], [], 0
    for _ in range(PASSES):
        c0, w0 = time.process_time(), time.perf_counter()
        found = run()
        rates.append(n / (time.process_time() - c0))
        walls.append(n / (time.perf_counter() - w0))
    return {"rate": max(rates), "first_rate": rates[0], "wall_rate": max(walls), "found": found}


def child_extract(n: int, seed: int) -> dict:
    import corpus

    from timeline import build
    from timeline.pipeline import extract, resources
    articles = corpus.articles(n, seed)
    for lang in ("ar", "en"):
        resources(lang)
    extract(articles[0])  # warm-up: the first call loads what is loaded once
    got = _passes(n, lambda: sum(len(extract(a)) for a in articles))
    return {**got, "events": got["found"], "peak_mb": _peak_mb(),
            "compiled": build.running_compiled(),
            "chars": sum(len(a.text) for a in articles) / n}


def child_dateparser(n: int, seed: int) -> dict:
    import corpus
    from dateparser.search import search_dates
    articles = corpus.articles(n, seed)
    search_dates(articles[0].text, languages=["ar", "en"])  # warm-up: language data
    got = _passes(n, lambda: sum(len(search_dates(a.text, languages=["ar", "en"]) or [])
                                 for a in articles))
    return {**got, "dates": got["found"], "peak_mb": _peak_mb()}


def child_dashboard(path: str, repeat: int) -> dict:
    """Start the dashboard's server side on ``path`` and time it, as a server would run."""
    import psutil
    started = psutil.Process().create_time()
    from bench_dashboard import _encode, _pct, scenarios

    from timeline.dashboard import create_app, views
    from timeline.dashboard.callbacks import page_state
    from timeline.dashboard.state import on_screen
    from timeline.filters import Filters
    from timeline.labels import labels
    from timeline.store import Store
    store = Store(path, create=False)
    create_app(store)
    lb = labels("en", store.path)
    ui = dict(lb.ui)
    extras = {"ui": "en", "lanes": "actor", "period": "month", "reports": "merged"}
    t = time.perf_counter()
    page_state(store, lb, extras)
    first = views.compute(on_screen(store, True), Filters(), lanes="actor", period="month", ui=ui)
    _encode(first)
    ready = time.time() - started
    load_ms = (time.perf_counter() - t) * 1000
    base = []
    for _ in range(200):
        t = time.perf_counter()
        len(store.events_frame())
        base.append((time.perf_counter() - t) * 1000)
    runs: list[float] = []
    payload = 0
    for _name, filters, extra in scenarios(store.events_frame()) if repeat else ():
        for _ in range(repeat):
            t = time.perf_counter()
            v = views.compute(on_screen(store, True), filters, ui=ui, **extra)
            size = _encode(v)
            runs.append((time.perf_counter() - t) * 1000)
            payload = max(payload, size)
    rss = psutil.Process().memory_info().rss / 2**20
    runs = runs or [0.0]
    return {"events": len(store.events_frame()), "ready_s": ready, "first_view_ms": load_ms,
            "p50": _pct(runs, 50), "p95": _pct(runs, 95), "best": min(runs), "runs": len(runs),
            "base_ms": statistics.median(base), "rss_mb": rss, "peak_mb": _peak_mb(),
            "payload_mb": payload / 1e6}


def _child(*args: str, timeout: float = 3600, env: dict[str, str] | None = None) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         check=False, text=True, timeout=timeout, cwd=REPO,
                         env={**os.environ, **(env or {})})
    if res.returncode != 0:
        raise SystemExit(f"bench child {args[0]} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- parts

def _verdict(ok: bool) -> str:
    return "OK" if ok else "BELOW TARGET"


def extraction(n: int, seed: int) -> dict:
    pipe = _child("extract", str(n), str(seed))
    plain = _child("extract", str(n), str(seed), env={"TIMELINE_PURE_PYTHON": "1"})
    base = _child("dateparser", str(n), str(seed))
    x = pipe["rate"] / base["rate"]
    print(f"\n1. Extraction, one core ({n:,} articles, {pipe['chars']:,.0f} characters each on "
          f"average, {pipe['events'] / n:.1f} events per article; best of {PASSES} passes)")
    form = "compiled" if pipe["compiled"] else "plain Python: not compiled!"
    print(f"   full pipeline ({form}): {pipe['rate']:8.0f} articles/s CPU "
          f"({pipe['wall_rate']:.0f}/s wall; first pass {pipe['first_rate']:.0f}/s), "
          f"peak memory {pipe['peak_mb']:.0f} MB")
    print(f"   same, plain Python:       {plain['rate']:8.0f} articles/s CPU "
          f"(first pass {plain['first_rate']:.0f}/s)")
    print(f"   baseline (dateparser):    {base['rate']:8.1f} articles/s CPU "
          f"({base['wall_rate']:.1f}/s wall), peak memory {base['peak_mb']:.0f} MB")
    print(f"   ratio to baseline:        {x:8.1f}x   target >= {TARGET_X:.0f}x -> "
          f"{_verdict(x >= TARGET_X)}")
    print(f"   throughput target:        >= {TARGET_RATE:.0f} articles/s -> "
          f"{_verdict(pipe['rate'] >= TARGET_RATE)}")
    return {"pipeline": pipe, "plain": plain, "baseline": base, "x": x}


def _dump(store) -> tuple:
    return (store.articles(), [e.to_json() for e in store.iter_events()], store.counts())


def workers(n: int, seed: int) -> dict:
    import corpus

    from timeline.ingest import ingest
    from timeline.parallel import _warm
    from timeline.store import Store
    src = corpus.write_jsonl(corpus.articles(n, seed + 1), OUT / f"ingest-{n}.jsonl")
    _warm()  # both runs start with the language data loaded
    walls: dict[int, float] = {}
    cpu: dict[int, tuple[float, float]] = {}  # (this process, the worker processes)
    stores = {}
    for k in (1, 2) * 3:  # alternated, best of three: other work on the machine varies
        db = OUT / f"ingest-{k}.db"
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        store = Store(db)
        t, c, ch = time.perf_counter(), time.process_time(), os.times()
        summary = ingest([src], store, quiet=True, workers=k)
        wall, ch2 = time.perf_counter() - t, os.times()
        assert summary.failed == 0, summary.errors[:3]
        if wall < walls.get(k, float("inf")):
            walls[k] = wall
            cpu[k] = (time.process_time() - c, ch2.children_user + ch2.children_system
                      - ch.children_user - ch.children_system)
        stores[k] = store
    same = _dump(stores[1]) == _dump(stores[2])
    x = walls[1] / walls[2]
    main_cpu, workers_cpu = cpu[2]
    ceiling = cpu[1][0] / max(main_cpu, workers_cpu / 2)
    print(f"\n2. Ingest into a store ({n:,} articles, JSON lines, {os.cpu_count()} cores)")
    print(f"   1 worker:                 {n / walls[1]:8.0f} articles/s ({walls[1]:.1f} s wall, "
          f"{cpu[1][0]:.1f} s CPU)")
    print(f"   2 workers:                {n / walls[2]:8.0f} articles/s ({walls[2]:.1f} s wall; "
          f"CPU {main_cpu:.1f} s reading and storing, {workers_cpu:.1f} s in the workers)")
    print(f"   speed-up, wall clock:     {x:8.2f}x   target >= {TARGET_WORKERS}x -> "
          f"{_verdict(x >= TARGET_WORKERS)}; stored results identical: {'yes' if same else 'NO'}")
    print(f"   speed-up on 2 idle cores: {ceiling:8.2f}x   (from the CPU time of each process: "
          f"1-worker CPU / max(main, workers / 2)) -> {_verdict(ceiling >= TARGET_WORKERS)}")
    return {"walls": walls, "x": x, "same": same, "ceiling": ceiling}


def dashboard(sizes: list[int], repeat: int) -> dict:
    import shutil

    import corpus

    from timeline import snapshot
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    print("\n3. Dashboard server (per filter change: the main callback's work and its JSON;"
          " ready: from\n   process start to the first view, the first start after a store"
          " change / the next ones)")
    print(f"   {'events':>10} {'p50 ms':>8} {'p95 ms':>8} {'best ms':>8} {'memory MB':>10} "
          f"{'ready s':>13} {'payload MB':>11} {'baseline ms':>12}")
    print("   (memory: the server's peak; on the first start after a change, building the "
          "frames,\n   it peaks higher, shown in brackets)")
    for n in sizes:
        path = OUT / f"bench-{n}.db"
        if not path.exists():
            t = time.perf_counter()
            corpus.build_store(path, n).close()
            print(f"   (built {path.name} in {time.perf_counter() - t:.0f} s)")
        shutil.rmtree(snapshot.folder(path), ignore_errors=True)  # as after an ingest
        cold = _child("dashboard", str(path), "0")
        r = results[n] = _child("dashboard", str(path), str(repeat))
        r["cold_s"], r["cold_peak_mb"] = cold["ready_s"], cold["peak_mb"]
        ready = f"{r['cold_s']:.1f} / {r['ready_s']:.1f}"
        mem = f"{r['peak_mb']:.0f} ({r['cold_peak_mb']:.0f})"
        print(f"   {r['events']:>10,} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['best']:>8.0f} "
              f"{mem:>12} {ready:>11} {r['payload_mb']:>11.2f} {r['base_ms']:>12.4f}")
    top = results[max(sizes)]
    print(f"   at {max(sizes):,} events: p95 {top['p95']:.0f} ms (target < {TARGET_P95_MS:.0f}) -> "
          f"{_verdict(top['p95'] < TARGET_P95_MS)}; memory {top['peak_mb']:.0f} MB (target < "
          f"{TARGET_MEM_MB:.0f}) -> {_verdict(top['peak_mb'] < TARGET_MEM_MB)}; ready "
          f"{top['ready_s']:.1f} s (target < {TARGET_READY_S:.0f}) -> "
          f"{_verdict(top['ready_s'] < TARGET_READY_S)}, {top['cold_s']:.1f} s on the first "
          "start after a change")
    print(f"   ratio p50 / baseline at {max(sizes):,}: {top['p50'] / top['base_ms']:,.0f}x "
          "(a filter change against a cache hit of the events frame)")
    return results


def growth(results: dict[int, dict]) -> None:
    lo, hi = min(results), max(results)
    if lo == hi:
        return
    data = hi / lo
    print(f"\n4. Growth from {lo:,} to {hi:,} events (data x{data:,.0f})")
    for key, name in (("p50", "filter change p50"), ("p95", "filter change p95"),
                      ("peak_mb", "server memory"), ("cold_peak_mb", "memory, first start"),
                      ("ready_s", "ready time"),
                      ("cold_s", "ready, first start"),
                      ("payload_mb", "largest payload")):
        a, b = results[lo][key], results[hi][key]
        f = b / a if a else float("inf")
        how = "sub-linear" if f < data * 0.8 else "roughly linear" if f <= data * 1.25 \
            else "SUPER-LINEAR"
        print(f"   {name:<20} {a:10.1f} -> {b:10.1f}   x{f:8.1f}   {how}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smaller runs (under a minute): 150 articles, 300 to ingest, "
                    "stores of 10,000 and 100,000 events")
    ap.add_argument("--articles", type=int, help="articles for extraction (default 600)")
    ap.add_argument("--ingest", type=int, help="articles for the ingest run (default 1500)")
    ap.add_argument("--sizes", help="store sizes, comma-separated (default 10000,100000,1000000)")
    ap.add_argument("--repeat", type=int, help="runs per dashboard scenario (default 3)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--size-sweep", action="store_true",
                    help="also the size sweep of bench/sizes.py (about two minutes)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        fn = {"extract": lambda: child_extract(int(rest[0]), int(rest[1])),
              "dateparser": lambda: child_dateparser(int(rest[0]), int(rest[1])),
              "dashboard": lambda: child_dashboard(rest[0], int(rest[1]))}[kind]
        print(json.dumps(fn()))
        return 0
    n = args.articles or (150 if args.quick else 600)
    m = args.ingest or (300 if args.quick else 1500)
    sizes = [int(s) for s in (args.sizes or ("10000,100000" if args.quick
                                             else "10000,100000,1000000")).split(",")]
    repeat = args.repeat or (2 if args.quick else 3)
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    print(f"timeline benchmark: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}, Python {sys.version.split()[0]}")
    extraction(n, args.seed)
    workers(m, args.seed)
    growth(dashboard(sizes, repeat))
    if args.size_sweep:
        print("\nSize sweep (bench/sizes.py):", flush=True)
        subprocess.run([sys.executable, str(HERE / "sizes.py")], check=False)
    print(f"\n(benchmark took {time.perf_counter() - t0:.0f} s; load average now "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
