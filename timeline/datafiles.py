"""Filtered events written as data files: CSV, JSON lines, Excel and TimelineJS JSON.

Rows of the events frame (``eventframe.FRAME_COLUMNS``) in, file bytes out; the
command line and the dashboard's downloads both write them through ``export``. Text
that a spreadsheet would run as a formula is kept as text (xlsx) or prefixed with
``'`` (csv).
"""
from __future__ import annotations

import html
import io
import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from timeline import __version__
from timeline.errors import TimelineError

DATA_FORMATS = ("csv", "jsonl", "xlsx", "timelinejs")
#: Columns of the CSV and Excel files, in order.
TABLE_COLUMNS = ["id", "date", "end_date", "precision", "type", "status", "source", "target",
                 "source_codes", "target_codes", "evidence", "confidence", "lang", "outlet",
                 "title", "url", "published", "article_id", "start", "end", "trigger",
                 "date_note"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def date_range(df: pd.DataFrame) -> tuple[str, str] | None:
    """First and last day covered by the dated events of ``df`` (ISO), or None.

    A month- or year-precise event covers its whole month or year.
    """
    dated = df[df["date"].notna()]
    if dated.empty:
        return None
    last = dated["date"].where(dated["precision"] != "month",
                               dated["date"] + pd.offsets.MonthEnd(0))
    last = last.where(dated["precision"] != "year", dated["date"] + pd.offsets.YearEnd(0))
    last = dated["end_date"].where(dated["end_date"].notna() & (dated["end_date"] > last), last)
    return f"{dated['date'].min():%Y-%m-%d}", f"{last.max():%Y-%m-%d}"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def data_bytes(df: pd.DataFrame, fmt: str, *, caption: str = "") -> bytes:
    """Frame rows as csv, jsonl, xlsx or timelinejs bytes (see ``write_data``)."""
    if fmt == "csv":
        return _csv(df)
    if fmt == "jsonl":
        return "".join(json.dumps(rec, ensure_ascii=False) + "\n"
                       for rec in event_records(df)).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(df, caption)
    if fmt == "timelinejs":
        return json.dumps(timelinejs(df, caption), ensure_ascii=False, indent=1).encode("utf-8")
    raise TimelineError(f"unknown data format {fmt!r} (one of {', '.join(DATA_FORMATS)})")


def _day(value: Any) -> str | None:
    return None if pd.isna(value) else f"{value:%Y-%m-%d}"


def _codes(value: str) -> str:
    return "; ".join(c for c in str(value).split("|") if c)


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV and Excel files show it (TABLE_COLUMNS, dates as ISO text)."""
    out = pd.DataFrame({
        "id": df["id"], "date": df["date"].dt.strftime("%Y-%m-%d"),
        "end_date": df["end_date"].dt.strftime("%Y-%m-%d"), "precision": df["precision"],
        "type": df["type"], "status": df["status"], "source": df["source_names"],
        "target": df["target_names"], "source_codes": df["source_codes"].map(_codes),
        "target_codes": df["target_codes"].map(_codes), "evidence": df["evidence"],
        "confidence": df["confidence"].round(3), "lang": df["lang"], "outlet": df["outlet"],
        "title": df["title"], "url": df["url"], "published": df["published"],
        "article_id": df["article_id"], "start": df["start"], "end": df["end"],
        "trigger": df["trigger"], "date_note": df["date_note"]}, columns=TABLE_COLUMNS)
    return out.reset_index(drop=True)


def _csv(df: pd.DataFrame) -> bytes:
    t = table(df)
    for col in t.columns:  # every text cell, whatever its column: ids and codes too
        if pd.api.types.is_numeric_dtype(t[col]):
            continue  # numbers, written as numbers
        cells = t[col]
        text = cells.map(lambda v: v if isinstance(v, str) else "")
        risky = text.str.startswith(_FORMULA_START)
        t[col] = text.mask(risky, "'" + text).where(cells.map(lambda v: isinstance(v, str)), cells)
    buf = io.StringIO()
    t.to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _xlsx(df: pd.DataFrame, caption: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Events")
    ws.freeze_panes = "A2"
    t = table(df)
    widths = {"id": 18, "date": 11, "end_date": 11, "evidence": 80, "source": 28,
              "target": 28, "title": 40, "url": 30}
    for i, col in enumerate(TABLE_COLUMNS):
        ws.column_dimensions[_column_letter(i)].width = widths.get(col, 12)
    ws.append(TABLE_COLUMNS)
    columns = []
    for col in TABLE_COLUMNS:
        values = _values(t[col])
        values = [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v
                  for v in values]  # every text cell, whatever its column
        columns.append(values)
    for row in zip(*columns):
        ws.append(row)
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    span = date_range(df)
    for key, value in (("Title", "Diplomatic events"),
                       ("Filters", caption or "all events"),
                       ("Events", len(df)),
                       ("Undated", int(df["date"].isna().sum())),
                       ("Dates", f"{span[0]} to {span[1]}" if span else "no dated events"),
                       ("Exported at", datetime.now(UTC).isoformat(timespec="seconds")),
                       ("Exported by", f"timeline {__version__}")):
        about.append([key, _text_cell(about, value) if isinstance(value, str) else value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _values(series: pd.Series) -> list[Any]:
    """A column as plain Python values, None where missing."""
    return series.astype(object).where(series.notna(), None).tolist()


def _text_cell(ws: Any, value: str) -> Any:
    """A cell that holds ``value`` as text, even if it starts with ``=``."""
    from openpyxl.cell import WriteOnlyCell
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


def event_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row as an event in the EVENTS.md form (plus ``date_note``, ``trigger``, ``id``).

    Records with the same actors share their ``source``/``target`` lists: serialise
    them, do not change them.
    """
    cols = ["article_id", "type", "source", "target", "date", "precision", "end_date", "status",
            "evidence", "start", "end", "confidence", "date_note", "trigger", "id"]
    if df.empty:
        return []
    values = {c: _values(df[c]) for c in cols}
    values["date"] = _values(df["date"].dt.strftime("%Y-%m-%d"))
    values["end_date"] = _values(df["end_date"].dt.strftime("%Y-%m-%d"))
    values["confidence"] = [round(float(c), 3) for c in df["confidence"].tolist()]
    actors: dict[str, Any] = {}  # parsed once per distinct list (events share them)

    def parse(text: str | None) -> Any:
        text = text or "[]"
        if text not in actors:
            actors[text] = json.loads(text)
        return actors[text]

    records = []
    for row in zip(*(values[c] for c in cols)):
        rec = dict(zip(cols, row))
        rec["source"], rec["target"] = parse(rec["source"]), parse(rec["target"])
        rec["start"], rec["end"] = int(rec["start"]), int(rec["end"])
        rec["date_note"], rec["trigger"] = rec["date_note"] or "", rec["trigger"] or ""
        records.append(rec)
    return records


def _tl_date(year: int, month: int, day: int, precision: str) -> dict[str, str]:
    """A TimelineJS date: month and day left out when the date is not known to them."""
    out = {"year": str(year)}
    if precision != "year":
        out["month"] = str(month)
        if precision != "month":
            out["day"] = str(day)
    return out


def timelinejs(df: pd.DataFrame, caption: str = "") -> dict[str, Any]:
    """A TimelineJS 3 story of the dated events; every text HTML-escaped.

    TimelineJS needs a date on every slide, so undated events are left out and the
    title slide says how many.
    """
    dated = df[df["date"].notna()]
    n_undated = len(df) - len(dated)
    start = [_tl_date(y, m, d, p) for y, m, d, p in zip(
        dated["date"].dt.year.tolist(), dated["date"].dt.month.tolist(),
        dated["date"].dt.day.tolist(), dated["precision"].tolist())]
    multi = (dated["end_date"].notna() & (dated["end_date"] != dated["date"])).tolist()
    end = dated["end_date"].where(dated["end_date"].notna(), dated["date"])
    ends = zip(end.dt.year.tolist(), end.dt.month.tolist(), end.dt.day.tolist())
    events = []
    for first, (y, m, d), has_end, typ, src, tgt, evidence, eid in zip(
            start, ends, multi, *(dated[c].tolist() for c in (
                "type", "source_names", "target_names", "evidence", "id"))):
        event: dict[str, Any] = {
            "start_date": first,
            "text": {"headline": html.escape(f"{typ}: {src or '?'} → {tgt or '?'}"),
                     "text": html.escape(evidence or "")},
            "group": html.escape(typ), "unique_id": str(eid)}
        if has_end:
            event["end_date"] = _tl_date(y, m, d, "day")
        events.append(event)
    span = date_range(df)
    lines = [f"{plural(len(events), 'dated event')}"
             + (f", {span[0]} to {span[1]}" if span else ""), caption or "all events"]
    if n_undated:
        lines.append(f"{plural(n_undated, 'undated event')} left out "
                     "(a timeline slide needs a date).")
    return {"title": {"text": {"headline": "Diplomatic events",
                               "text": "<br>".join(html.escape(line) for line in lines)}},
            "events": events}
