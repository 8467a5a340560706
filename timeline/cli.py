"""The ``timeline`` command: argument parsing only; every error leaves as one line."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from timeline import __version__, config, safefile
from timeline.errors import TimelineError, UsageError, shown
from timeline.model import EVENT_TYPES, KINDS


def _published(value: str | None):
    if value is None:
        return None
    from timeline.readers import parse_published
    return parse_published(value, None)


def cmd_ingest(args: argparse.Namespace) -> int:
    from timeline.ingest import ingest
    from timeline.store import Store
    published = _published(args.published)  # a bad date is refused before the store is touched
    store = Store(config.default_db(args.db))
    workers = args.workers if args.workers > 0 else _cores()
    summary = ingest(args.paths, store, published=published, lang=args.lang,
                     quiet=args.quiet, report=lambda line: print(line, file=sys.stderr),
                     workers=workers, dask=args.dask)
    for line in summary.lines():
        print(line)
    return 1 if summary.failed else 0


def _cores() -> int:
    from timeline.parallel import default_workers
    return default_workers()


def cmd_parquet(args: argparse.Namespace) -> int:
    from timeline import parquet
    if args.action == "write":
        from timeline.store import Store
        store = Store(config.default_db(args.db), create=False)
        print(parquet.write(store, Path(args.dir), force=args.force).line(Path(args.dir)))
        return 0
    events = parquet.ParquetEvents(args.dir)
    counts = events.counts()
    print(f"{args.dir}: {counts['events']:,} events of {counts['articles']:,} articles")
    for year, n in events.years().items():
        print(f"  {year if year is not None else 'undated'}: {n:,}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from timeline.ingest import extract_all
    out = safefile.check_target(args.out, True)  # before any reading
    failed = 0
    count = 0

    def fail(err: TimelineError) -> None:
        nonlocal failed
        failed += 1
        print(str(err), file=sys.stderr)

    with safefile.replacing(out) as fh:  # an existing events file is replaced
        for _article, events in extract_all(args.paths, published=_published(args.published),
                                            lang=args.lang, on_error=fail):
            for ev in events:
                fh.write(ev.to_json_line() + "\n")
                count += 1
    print(f"{count} events written to {out}" + (f"; {failed} input(s) failed" if failed else ""))
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from timeline.dashboard import create_app
    from timeline.store import Store
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: anyone who can reach this machine can read the "
              "store", file=sys.stderr)
    store = Store(config.default_db(args.db), create=False)  # a mistyped --db creates nothing
    from timeline import server
    app = create_app(store, debug=args.debug, host=args.host, warm=True)
    print(f"Dashboard at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.run(app, args.host, args.port, debug=args.debug, verbose=args.verbose)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from timeline.evaluate import evaluate
    return evaluate(args.gold or config.default_gold(), peer=args.peer,
                    show_errors=args.show_errors)


def cmd_train(args: argparse.Namespace) -> int:
    from timeline.train import fit, write
    model = fit([Path(f) for f in args.folders], c=args.c)
    out = Path(args.out) if args.out else config.DATA_DIR / "models" / "keep.json"
    write(model, out)
    info, oof = model["fitted_on"], model["out_of_fold_type_actor_f1"]
    print(f"{out}: {len(model['weights'])} weights, threshold {model['threshold']}; "
          f"{info['events_proposed']} events proposed, {info['events_right']} right, "
          f"{info['annotated']} annotated; type+actor F1 out of fold {oof['rules']} -> {oof['with_model']}")
    return 0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day as YYYY-MM-DD: {value!r}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from timeline import export
    from timeline.filters import Filters
    from timeline.store import Store
    out = Path(args.out)
    fmt = args.format
    if args.chart and fmt is None:
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in export.CHART_FORMATS:
            raise TimelineError("give --format png|svg|pdf|html (or an --out ending in one)")
    if args.data and args.format:
        raise TimelineError("--format is for charts; --data names the data format")
    safefile.check_target(out, args.force)  # before the store is read: a folder, a device ...
    db = config.default_db(args.db)
    store = Store(db, create=False)
    filters = Filters.from_mapping({
        "actors": [_actor_selection(a, db) for a in args.actor or []], "role": args.role, "types": args.type,
        "date_from": args.date_from, "date_to": args.date_to, "langs": args.lang})
    df = filters.apply(store.events_frame())
    if args.chart:
        fig = export.chart(args.chart, df, filters, lanes=args.lanes, period=args.period,
                           ui=args.ui)
        export.write_chart(fig, fmt, out, force=args.force)
        what = f"{args.chart} chart ({fmt})"
    else:
        export.write_data(df, args.data, out, force=args.force, caption=filters.describe())
        what = f"{args.data} data"
    print(f"{what} of {len(df):,} event{'s' if len(df) != 1 else ''} "
          f"({filters.describe()}) written to {out}")
    return 0


def _actor_selection(text: str, db: Path) -> str:
    """An --actor value as a filter selection: a code (a state, organisation or group with
    everyone acting for it) or a ``CODE|kind|Name`` key (one person or body). Any name or
    alias in either script resolves; one that names nothing is an error naming the closest."""
    from timeline import directory
    text = text.strip()
    if "|" in text:
        return text
    actors = directory.load(db)
    if text.isupper() and actors.for_code(text):
        return text
    try:
        entry = actors.resolve(text)
    except TimelineError as err:
        raise UsageError(f"--actor: {err.message}") from None
    primary = actors.for_code(entry.code)
    if entry.kind != "person" and primary and primary[0].id == entry.id:
        return entry.code
    return f"{entry.code}|{entry.kind}|{entry.name}"


def cmd_corrections(args: argparse.Namespace) -> int:
    from timeline import corrections
    from timeline.store import Store
    store = Store(config.default_db(args.db), create=False)
    if args.action == "export":
        n = corrections.write_jsonl(store.corrections(), Path(args.file), force=args.force)
        print(f"{n} correction{'s' if n != 1 else ''} written to {args.file}")
    elif args.action == "import":
        items = corrections.read_jsonl(Path(args.file))
        added = store.add_corrections(items)
        print(f"{added} correction{'s' if added != 1 else ''} imported, "
              f"{len(items) - added} already in the store")
    else:
        items = store.corrections()
        for c in items:
            print(corrections.describe(c))
        if not items:
            print(f"no corrections in {store.path}")
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from timeline import userdata
    db = config.default_db(args.db)
    if args.action == "add":
        langs = args.lang or []
        pairs = [(a, langs[i] if i < len(langs) else None) for i, a in enumerate(args.alias or [])]
        actor_id = userdata.add_actor(db, args.name, args.code, args.kind, pairs, args.id)
        print(f"actor {actor_id} added to {userdata.actors_file(db)}; "
              "'timeline reextract' applies it to stored articles")
    elif args.action == "find":
        from timeline import directory
        found = directory.load(db).find(args.text, limit=args.limit)
        if not found:
            print(f"no actor matches {args.text!r}" + directory.load(db).suggest(args.text))
            return 1
        print("id\tcode\tkind\tnames")
        for entry in found:
            print(entry.line())
    else:
        from timeline import directory
        try:
            entry = directory.load(db).resolve(args.actor)
        except TimelineError as err:
            raise UsageError(err.message) from None
        added = userdata.add_alias(db, entry.id, args.alias, args.lang, form=args.form)
        where = userdata.aliases_file(db, args.lang or userdata.script_lang(args.alias))
        print(f"alias {args.alias!r} of {entry.id} ({entry.name}, {entry.code}) "
              + (f"added to {where}" if added else "was there already"))
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    from timeline import userdata
    from timeline.store import Store
    db = config.default_db(args.db)
    store = Store(db, create=False)
    result = userdata.reextract(store, db)
    print(result.line())
    return 1 if result.failed else 0


def _db_option(sp: argparse.ArgumentParser) -> None:
    """``--db``: every command that reads or writes the store takes it, with this help."""
    sp.add_argument("--db", help="store file (default: $TIMELINE_DB or data/timeline.db)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="timeline", description="Dated diplomatic events from "
                                "Arabic and English articles, on a local dashboard.")
    p.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def inputs(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("paths", nargs="+", help="article files or folders (.txt .html .htm .json .jsonl)")
        sp.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for every input")
        sp.add_argument("--lang", choices=("ar", "en"), help="language of every input (default: detected)")

    sp = sub.add_parser("ingest", help="extract events from articles into the store")
    inputs(sp)
    _db_option(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.add_argument("--workers", type=int, default=1, metavar="N",
                    help="extract in N processes (0: one per core; default 1); the store "
                    "is written by this process alone, with the same result")
    sp.add_argument("--dask", metavar="ADDRESS|local",
                    help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or "
                    "'local' for a local cluster of --workers processes (2 by default) on "
                    "127.0.0.1; needs dask[distributed]")
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("parquet", help="write the events to a Parquet dataset partitioned by "
                        "year (for DuckDB, Dask, Spark), or describe one")
    psub = sp.add_subparsers(dest="action", required=True)
    pw = psub.add_parser("write", help="write the events shown on the dashboard to DIR")
    pw.add_argument("dir", metavar="DIR")
    _db_option(pw)
    pw.add_argument("--force", action="store_true",
                    help="replace DIR if it holds a dataset written by this command")
    pi = psub.add_parser("info", help="events and articles in DIR, events per year")
    pi.add_argument("dir", metavar="DIR")
    sp.set_defaults(func=cmd_parquet)

    sp = sub.add_parser("extract", help="write the events of articles as JSON lines (no store)")
    inputs(sp)
    sp.add_argument("--out", required=True, help="output file (JSON lines, EVENTS.md form)")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("serve", help="serve the dashboard")
    _db_option(sp)
    sp.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    sp.add_argument("--debug", action="store_true", help="Dash's development server, debug mode "
                    "and in-browser debugger")
    sp.add_argument("--verbose", action="store_true", help="log every request to stderr")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("evaluate", help="extract a gold folder (or a peer suite) and score it")
    sp.add_argument("gold", nargs="?", help="folder of annotated articles (default: "
                    "../shared/gold/dev beside the project, if there)")
    sp.add_argument("--peer", help="a peer suite of sentences (JSON lines) instead")
    sp.add_argument("--show-errors", action="store_true", help="list missed and spurious events")
    sp.set_defaults(func=cmd_evaluate)

    sp = sub.add_parser("train", help="fit the weights that keep or drop the rules' events "
                        "(needs the train extra)")
    sp.add_argument("folders", nargs="+", help="folders of annotated articles (gold format)")
    sp.add_argument("--out", help="model file (default data/models/keep.json)")
    sp.add_argument("-C", dest="c", type=float, default=0.5, help="inverse regularisation (default 0.5)")
    sp.set_defaults(func=cmd_train)

    sp = sub.add_parser("export", help="write a chart or the filtered events to a file")
    what = sp.add_mutually_exclusive_group(required=True)
    what.add_argument("--chart", choices=("timeline", "counts", "matrix"),
                      help="the dashboard chart to draw")
    what.add_argument("--data", choices=("csv", "jsonl", "xlsx", "timelinejs"),
                      help="write the filtered events in this format")
    sp.add_argument("--format", choices=("png", "svg", "pdf", "html"),
                    help="chart format (default: from the --out suffix)")
    sp.add_argument("--out", required=True, metavar="FILE", help="file to write")
    sp.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _db_option(sp)
    sp.add_argument("--actor", action="append", metavar="ACTOR",
                    help="an actor by code (RUS), any name or alias in either script (Russia, "
                    "موسكو, Lavrov) or key (RUS|person|Sergey Lavrov); repeatable")
    sp.add_argument("--country", action="append", metavar="CODE", dest="actor",
                    help="a country code (same as --actor CODE); repeatable")
    sp.add_argument("--role", choices=("either", "source", "target"), default="either",
                    help="the actors as source, target or either (default)")
    sp.add_argument("--type", action="append", choices=EVENT_TYPES, metavar="TYPE",
                    help="event type (" + ", ".join(EVENT_TYPES) + "); repeatable")
    sp.add_argument("--from", dest="date_from", type=_day, metavar="YYYY-MM-DD",
                    help="events overlapping this day or later")
    sp.add_argument("--to", dest="date_to", type=_day, metavar="YYYY-MM-DD",
                    help="events starting on this day or earlier")
    sp.add_argument("--lang", action="append", choices=("ar", "en"),
                    help="article language; repeatable")
    sp.add_argument("--lanes", choices=("actor", "type"), default="actor",
                    help="timeline lanes: one per source actor (default) or per type")
    sp.add_argument("--period", choices=("auto", "day", "week", "month", "year"),
                    default="auto", help="counts chart: events per day, week, month or year "
                    "(default auto: suited to the dates covered)")
    sp.add_argument("--ui", choices=("en", "ar"), default="en",
                    help="language of the chart's titles, captions and labels (default en)")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("corrections", help="export, import or list the analysts' corrections")
    csub = sp.add_subparsers(dest="action", required=True)
    c = csub.add_parser("export", help="write every correction to FILE (JSON lines)")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _db_option(c)
    c = csub.add_parser("import", help="add the corrections of FILE (JSON lines); "
                        "those already kept are skipped")
    c.add_argument("file", metavar="FILE")
    _db_option(c)
    c = csub.add_parser("list", help="one line per correction: when, who, what")
    _db_option(c)
    sp.set_defaults(func=cmd_corrections)

    sp = sub.add_parser("actors", help="add actors and aliases to the user file beside the store")
    asub = sp.add_subparsers(dest="action", required=True)
    a = asub.add_parser("add", help="add a person, group, organisation or state")
    a.add_argument("--name", required=True, help="canonical name (also an alias)")
    a.add_argument("--code", required=True, help="code it counts for (RUS, UN, HAMAS, ...)")
    a.add_argument("--kind", required=True, choices=KINDS, help="kind of actor")
    a.add_argument("--alias", action="append", help="another name in articles; repeatable")
    a.add_argument("--lang", action="append", choices=("ar", "en"),
                   help="language of the --alias at the same place (default: from its script)")
    a.add_argument("--id", help="actor id (default: made from the name)")
    _db_option(a)
    a = asub.add_parser("alias", help="add an alias of a known actor")
    a.add_argument("actor", metavar="ACTOR", help="the actor: its id (see 'timeline actors "
                   "find'), its code (RUS: the state) or any of its names")
    a.add_argument("alias", metavar="ALIAS")
    a.add_argument("--lang", choices=("ar", "en"), help="language (default: from its script)")
    a.add_argument("--form", default="variant",
                   help="name, variant (default), abbr, demonym, capital, seat or surname")
    _db_option(a)
    a = asub.add_parser("find", help="actors whose id, code or a name matches TEXT (either "
                        "script): id, code, kind and names")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    _db_option(a)
    sp.set_defaults(func=cmd_actors)

    sp = sub.add_parser("reextract", help="extract every stored article again (data/ and the "
                        "user file), keeping corrections")
    _db_option(sp)
    sp.set_defaults(func=cmd_reextract)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TimelineError as err:
        print(f"timeline: {err}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 1
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        print(f"timeline: {shown(str(getattr(err, 'filename', '') or ''))}: "
              f"{shown(str(err.strerror or err))}", file=sys.stderr)
        return 1
