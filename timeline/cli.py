"""The ``timeline`` command: argument parsing only; every error leaves as one line.

Each command is declared beside its handler (``_<command>(sub)``: its parser, its own
options and its handler); the options several commands share are declared once, as
parent parsers (``DB``, ``INPUTS``, ``FORCE``). ``build_parser`` lists the commands.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TypeAlias

from timeline import __version__, config, safefile
from timeline.errors import TimelineError, UsageError, shown
from timeline.model import EVENT_TYPES, KINDS

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _option(*flags: str, **kwargs: object) -> argparse.ArgumentParser:
    """A parent parser of one option, declared once for every command that lists it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*flags, **kwargs)  # type: ignore[arg-type]
    return parent


#: ``--db``: every command that reads or writes the store takes it, with this help.
DB = _option("--db", help="store file (default: $TIMELINE_DB or data/timeline.db)")
#: ``--force`` of the commands that write one FILE.
FORCE = _option("--force", action="store_true", help="overwrite FILE if it exists")
#: The articles to read (``ingest``, ``extract``).
INPUTS = argparse.ArgumentParser(add_help=False)
INPUTS.add_argument("paths", nargs="+", help="article files or folders (.txt .html .htm .json .jsonl)")
INPUTS.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for every input")
INPUTS.add_argument("--lang", choices=("ar", "en"), help="language of every input (default: detected)")


def _published(value: str | None):
    if value is None:
        return None
    from timeline.readers import parse_published
    return parse_published(value, None)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day as YYYY-MM-DD: {value!r}") from None


# -- ingest ------------------------------------------------------------------------------
def _ingest(sub: Commands) -> None:
    sp = sub.add_parser("ingest", parents=[INPUTS, DB],
                        help="extract events from articles into the store")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.add_argument("--workers", type=int, default=1, metavar="N",
                    help="extract in N processes (0: one per core; default 1); the store "
                    "is written by this process alone, with the same result")
    sp.add_argument("--dask", metavar="ADDRESS|local",
                    help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or "
                    "'local' for a local cluster of --workers processes (2 by default) on "
                    "127.0.0.1; needs dask[distributed]")
    sp.set_defaults(func=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    from timeline.ingest import ingest
    from timeline.store import Store
    published = _published(args.published)  # a bad date is refused before the store is touched
    store = Store(config.default_db(args.db))
    from timeline.parallel import default_workers
    workers = args.workers if args.workers > 0 else default_workers()
    summary = ingest(args.paths, store, published=published, lang=args.lang,
                     quiet=args.quiet, report=lambda line: print(line, file=sys.stderr),
                     workers=workers, dask=args.dask)
    for line in summary.lines():
        print(line)
    return 1 if summary.failed else 0


# -- parquet -----------------------------------------------------------------------------
def _parquet(sub: Commands) -> None:
    sp = sub.add_parser("parquet", help="write the events to a Parquet dataset partitioned by "
                        "year (for DuckDB, Dask, Spark), or describe one")
    psub = sp.add_subparsers(dest="action", required=True)
    pw = psub.add_parser("write", parents=[DB],
                         help="write the events shown on the dashboard to DIR")
    pw.add_argument("dir", metavar="DIR")
    pw.add_argument("--force", action="store_true",
                    help="replace DIR if it holds a dataset written by this command")
    pi = psub.add_parser("info", help="events and articles in DIR, events per year")
    pi.add_argument("dir", metavar="DIR")
    sp.set_defaults(func=cmd_parquet)


def cmd_parquet(args: argparse.Namespace) -> int:
    from timeline import parquet
    if args.action == "write":
        from timeline.store import Store
        store = Store(config.default_db(args.db), create=False)
        print(parquet.write(store, Path(args.dir), force=args.force).line(Path(args.dir)))
        return 0
    print("\n".join(parquet.ParquetEvents(args.dir).lines()))
    return 0


# -- extract -----------------------------------------------------------------------------
def _extract(sub: Commands) -> None:
    sp = sub.add_parser("extract", parents=[INPUTS],
                        help="write the events of articles as JSON lines (no store)")
    sp.add_argument("--out", required=True, help="output file (JSON lines, EVENTS.md form)")
    sp.set_defaults(func=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    from timeline.ingest import write_events
    out = safefile.check_target(args.out, True)  # before any reading
    count, failed = write_events(args.paths, out, published=_published(args.published),
                                 lang=args.lang, report=lambda line: print(line, file=sys.stderr))
    print(f"{count} events written to {out}" + (f"; {failed} input(s) failed" if failed else ""))
    return 1 if failed else 0


# -- serve -------------------------------------------------------------------------------
def _serve(sub: Commands) -> None:
    sp = sub.add_parser("serve", parents=[DB], help="serve the dashboard")
    sp.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    sp.add_argument("--debug", action="store_true", help="Dash's development server, debug mode "
                    "and in-browser debugger")
    sp.add_argument("--verbose", action="store_true", help="log every request to stderr")
    sp.set_defaults(func=cmd_serve)


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


# -- evaluate, train ---------------------------------------------------------------------
def _evaluate(sub: Commands) -> None:
    sp = sub.add_parser("evaluate", help="extract a gold folder (or a peer suite) and score it")
    sp.add_argument("gold", nargs="?", help="folder of annotated articles (default: "
                    "../shared/gold/dev beside the project, if there)")
    sp.add_argument("--peer", help="a peer suite of sentences (JSON lines) instead")
    sp.add_argument("--show-errors", action="store_true", help="list missed and spurious events")
    sp.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from timeline.evaluate import evaluate
    return evaluate(args.gold or config.default_gold(), peer=args.peer,
                    show_errors=args.show_errors)


def _train(sub: Commands) -> None:
    sp = sub.add_parser("train", help="fit the weights that keep or drop the rules' events "
                        "(needs the train extra)")
    sp.add_argument("folders", nargs="+", help="folders of annotated articles (gold format)")
    sp.add_argument("--out", help="model file (default data/models/keep.json)")
    sp.add_argument("-C", dest="c", type=float, default=0.5,
                    help="inverse regularisation (default 0.5)")
    sp.set_defaults(func=cmd_train)


def cmd_train(args: argparse.Namespace) -> int:
    from timeline.train import fit, summary, write
    model = fit([Path(f) for f in args.folders], c=args.c)
    out = Path(args.out) if args.out else config.DATA_DIR / "models" / "keep.json"
    write(model, out)
    print(f"{out}: {summary(model)}")
    return 0


# -- export ------------------------------------------------------------------------------
def _export(sub: Commands) -> None:
    sp = sub.add_parser("export", parents=[FORCE, DB],
                        help="write a chart or the filtered events to a file")
    what = sp.add_mutually_exclusive_group(required=True)
    what.add_argument("--chart", choices=("timeline", "counts", "matrix"),
                      help="the dashboard chart to draw")
    what.add_argument("--data", choices=("csv", "jsonl", "xlsx", "timelinejs"),
                      help="write the filtered events in this format")
    sp.add_argument("--format", choices=("png", "svg", "pdf", "html"),
                    help="chart format (default: from the --out suffix)")
    sp.add_argument("--out", required=True, metavar="FILE", help="file to write")
    _filter_options(sp)
    sp.add_argument("--lanes", choices=("actor", "type"), default="actor",
                    help="timeline lanes: one per source actor (default) or per type")
    sp.add_argument("--period", choices=("auto", "day", "week", "month", "year"),
                    default="auto", help="counts chart: events per day, week, month or year "
                    "(default auto: suited to the dates covered)")
    sp.add_argument("--ui", choices=("en", "ar"), default="en",
                    help="language of the chart's titles, captions and labels (default en)")
    sp.set_defaults(func=cmd_export)


def _filter_options(sp: argparse.ArgumentParser) -> None:
    """The filters of ``export``, named as ``filters.FIELDS`` reads them."""
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


def cmd_export(args: argparse.Namespace) -> int:
    from timeline import directory, export
    from timeline.filters import Filters
    from timeline.store import Store
    out = Path(args.out)
    fmt = export.target_format(out, chart=args.chart, data=args.data, fmt=args.format,
                               force=args.force)  # before the store is read
    db = config.default_db(args.db)
    store = Store(db, create=False)
    try:  # any name or alias of an actor, in either script
        actors = [directory.load(db).selection(a) for a in args.actor or []]
    except TimelineError as err:
        raise UsageError(f"--actor: {err.message}") from None
    filters = Filters.from_mapping({**vars(args), "actor": actors})
    df = filters.apply(store.events_frame())
    what = export.write_file(df, filters, out, fmt, kind=args.chart, force=args.force,
                             lanes=args.lanes, period=args.period, ui=args.ui)
    print(f"{what} of {len(df):,} event{'s' if len(df) != 1 else ''} "
          f"({filters.describe()}) written to {out}")
    return 0


# -- corrections -------------------------------------------------------------------------
def _corrections(sub: Commands) -> None:
    sp = sub.add_parser("corrections", help="export, import or list the analysts' corrections")
    csub = sp.add_subparsers(dest="action", required=True)
    c = csub.add_parser("export", parents=[FORCE, DB],
                        help="write every correction to FILE (JSON lines)")
    c.add_argument("file", metavar="FILE")
    c = csub.add_parser("import", parents=[DB], help="add the corrections of FILE (JSON "
                        "lines); those already kept are skipped")
    c.add_argument("file", metavar="FILE")
    csub.add_parser("list", parents=[DB], help="one line per correction: when, who, what")
    sp.set_defaults(func=cmd_corrections)


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


# -- actors ------------------------------------------------------------------------------
def _actors(sub: Commands) -> None:
    sp = sub.add_parser("actors", help="add actors and aliases to the user file beside the store")
    asub = sp.add_subparsers(dest="action", required=True)
    a = asub.add_parser("add", parents=[DB], help="add a person, group, organisation or state")
    a.add_argument("--name", required=True, help="canonical name (also an alias)")
    a.add_argument("--code", required=True, help="code it counts for (RUS, UN, HAMAS, ...)")
    a.add_argument("--kind", required=True, choices=KINDS, help="kind of actor")
    a.add_argument("--alias", action="append", help="another name in articles; repeatable")
    a.add_argument("--lang", action="append", choices=("ar", "en"),
                   help="language of the --alias at the same place (default: from its script)")
    a.add_argument("--id", help="actor id (default: made from the name)")
    a = asub.add_parser("alias", parents=[DB], help="add an alias of a known actor")
    a.add_argument("actor", metavar="ACTOR", help="the actor: its id (see 'timeline actors "
                   "find'), its code (RUS: the state) or any of its names")
    a.add_argument("alias", metavar="ALIAS")
    a.add_argument("--lang", choices=("ar", "en"), help="language (default: from its script)")
    a.add_argument("--form", default="variant",
                   help="name, variant (default), abbr, demonym, capital, seat or surname")
    a = asub.add_parser("find", parents=[DB], help="actors whose id, code or a name matches "
                        "TEXT (either script): id, code, kind and names")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    for name, func in (("add", cmd_actors_add), ("alias", cmd_actors_alias),
                       ("find", cmd_actors_find)):
        asub.choices[name].set_defaults(func=func)


def cmd_actors_add(args: argparse.Namespace) -> int:
    from timeline import userdata
    db = config.default_db(args.db)
    langs = args.lang or []
    pairs = [(a, langs[i] if i < len(langs) else None) for i, a in enumerate(args.alias or [])]
    actor_id = userdata.add_actor(db, args.name, args.code, args.kind, pairs, args.id)
    print(f"actor {actor_id} added to {userdata.actors_file(db)}; "
          "'timeline reextract' applies it to stored articles")
    return 0


def cmd_actors_find(args: argparse.Namespace) -> int:
    from timeline import directory
    actors = directory.load(config.default_db(args.db))
    found = actors.find(args.text, limit=args.limit)
    if not found:
        print(f"no actor matches {args.text!r}" + actors.suggest(args.text))
        return 1
    print("id\tcode\tkind\tnames")
    for entry in found:
        print(entry.line())
    return 0


def cmd_actors_alias(args: argparse.Namespace) -> int:
    from timeline import directory, userdata
    db = config.default_db(args.db)
    try:
        entry = directory.load(db).resolve(args.actor)
    except TimelineError as err:
        raise UsageError(err.message) from None
    added = userdata.add_alias(db, entry.id, args.alias, args.lang, form=args.form)
    where = userdata.aliases_file(db, args.lang or userdata.script_lang(args.alias))
    print(f"alias {args.alias!r} of {entry.id} ({entry.name}, {entry.code}) "
          + (f"added to {where}" if added else "was there already"))
    return 0


# -- reextract ---------------------------------------------------------------------------
def _reextract(sub: Commands) -> None:
    sp = sub.add_parser("reextract", parents=[DB], help="extract every stored article again "
                        "(data/ and the user file), keeping corrections")
    sp.set_defaults(func=cmd_reextract)


def cmd_reextract(args: argparse.Namespace) -> int:
    from timeline import userdata
    from timeline.store import Store
    db = config.default_db(args.db)
    store = Store(db, create=False)
    result = userdata.reextract(store, db)
    print(result.line())
    return 1 if result.failed else 0


#: Every command, in the order ``timeline --help`` lists them.
COMMANDS = (_ingest, _parquet, _extract, _serve, _evaluate, _train, _export, _corrections,
            _actors, _reextract)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="timeline", description="Dated diplomatic events from "
                                "Arabic and English articles, on a local dashboard.")
    p.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command(sub)
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
