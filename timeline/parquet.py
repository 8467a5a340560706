"""The events as a Parquet dataset partitioned by year, for Dask, Spark or DuckDB.

``write(store, DIR)`` writes the events the dashboard shows (corrections applied), one
row per event, in the columns of ``eventframe.FRAME_COLUMNS``, under ``DIR/year=YYYY/``
(Hive partitioning; undated events under ``year=__HIVE_DEFAULT_PARTITION__``, which
the engines read as a null year). ``date``, ``end_date`` are Parquet dates; actor
columns are as in the dashboard's frame: ``source_codes`` ``"|RUS|TUR|"``,
``source_names``, ``source`` (JSON list of ``{name, code, kind}``), the same for
``target``, and ``actor_keys``. Files are zstd-compressed, 100,000 rows per group.

Read it back with ``read_frame(DIR)`` (the same DataFrame as ``Store.events_frame()``),
``ParquetEvents(DIR)`` (the read side of a ``Store``), or directly::

    pyarrow.dataset.dataset(DIR, partitioning="hive")
    duckdb.sql("SELECT type, count(*) FROM read_parquet('DIR/*/*.parquet', "
               "hive_partitioning = true) WHERE source_codes LIKE '%|RUS|%' GROUP BY type")
    dask.dataframe.read_parquet(DIR)      spark.read.parquet(DIR)
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from timeline.errors import TimelineError
from timeline.eventframe import FRAME_COLUMNS

PARTITION = "year"
ROWS_PER_GROUP = 100_000
_DATES = ("date", "end_date")


@dataclass(frozen=True)
class Written:
    events: int
    years: int    # partitions written (the undated events count as one)
    files: int
    bytes: int

    def line(self, path: Path) -> str:
        return (f"{self.events:,} event{'s' if self.events != 1 else ''} written to {path} "
                f"({self.years} year partition{'s' if self.years != 1 else ''}, {self.files} "
                f"file{'s' if self.files != 1 else ''}, {self.bytes / 1e6:.1f} MB)")


def to_table(frame: pd.DataFrame) -> pa.Table:
    """The events frame as an Arrow table with Parquet dates and the ``year`` column."""
    table = pa.Table.from_pandas(frame[FRAME_COLUMNS], preserve_index=False)
    for name in _DATES:
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, pc.cast(table[name], pa.date32()))
    return table.append_column(PARTITION, pc.cast(pc.year(table["date"]), pa.int16()))


def _is_dataset(path: Path) -> bool:
    """A folder this module wrote (only ``year=...`` folders in it), or an empty one."""
    return path.is_dir() and all(p.is_dir() and p.name.startswith(f"{PARTITION}=")
                                 for p in path.iterdir())


def write(store: Any, path: str | Path, *, force: bool = False) -> Written:
    """Write the events of ``store`` (anything with ``events_frame()``) to ``path``.

    An existing folder is replaced only with ``force`` and only when it holds nothing
    but a dataset written here; the new dataset is written beside it and swapped in,
    so a failure leaves the old one whole.
    """
    path = Path(path)
    occupied = any(path.iterdir()) if path.is_dir() else path.exists()
    if occupied:
        if not force:
            raise TimelineError("folder exists and is not empty (use --force to replace it)",
                                str(path))
        if not _is_dataset(path):
            raise TimelineError("not a Parquet dataset written by this tool: not replaced",
                                str(path))
    table = to_table(store.events_frame())
    tmp = path.with_name(path.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    options = ds.ParquetFileFormat().make_write_options(compression="zstd")
    try:
        ds.write_dataset(table, tmp, format="parquet", file_options=options,
                         partitioning=ds.partitioning(pa.schema([(PARTITION, pa.int16())]),
                                                      flavor="hive"),
                         basename_template="part-{i}.parquet",
                         max_rows_per_group=ROWS_PER_GROUP, min_rows_per_group=0,
                         existing_data_behavior="error")
        if path.exists():
            old = path.with_name(path.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            path.rename(old)
            tmp.rename(path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.rename(path)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise TimelineError(f"cannot write the dataset: {err.strerror or err}", str(path)) from err
    files = sorted(path.rglob("*.parquet"))
    return Written(table.num_rows, len({f.parent for f in files}), len(files),
                   sum(f.stat().st_size for f in files))


def dataset(path: str | Path) -> ds.Dataset:
    """The dataset at ``path`` (Hive partitioning by year)."""
    path = Path(path)
    if not path.is_dir():
        raise TimelineError("no Parquet dataset here (run 'timeline parquet write' first)",
                            str(path))
    return ds.dataset(path, format="parquet", partitioning="hive")


def read_frame(path: str | Path, *, years: list[int] | None = None) -> pd.DataFrame:
    """The events of the dataset at ``path`` as ``Store.events_frame()`` gives them
    (same columns, types and order); ``years`` reads only those partitions."""
    data = dataset(path)
    flt = ds.field(PARTITION).isin(years) if years else None
    table = data.to_table(filter=flt).drop_columns([PARTITION])
    df = table.to_pandas()
    for name in _DATES:
        df[name] = pd.to_datetime(df[name]).astype("datetime64[us]")
    return df[FRAME_COLUMNS].sort_values(["date", "id"], na_position="last") \
        .reset_index(drop=True)


class ParquetEvents:
    """The read side of a ``Store`` over a Parquet dataset: ``events_frame()``,
    ``counts()`` and ``years()`` (the frame is read once and kept)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data = dataset(self.path)
        self._frame: pd.DataFrame | None = None

    def events_frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = read_frame(self.path)
        return self._frame

    def data_version(self) -> int:
        return 0

    def counts(self) -> dict[str, int]:
        return {"events": self._data.count_rows(),
                "articles": len(pc.unique(self._data.to_table(columns=["article_id"])
                                          ["article_id"]))}

    def lines(self) -> list[str]:
        """What ``timeline parquet info`` prints: events and articles, events per year."""
        counts = self.counts()
        return [f"{self.path}: {counts['events']:,} events of {counts['articles']:,} articles"] \
            + [f"  {year if year is not None else 'undated'}: {n:,}"
               for year, n in self.years().items()]

    def years(self) -> dict[int | None, int]:
        """Events per year partition (None: undated), from the files' metadata."""
        out: dict[int | None, int] = {}
        for frag in self._data.get_fragments():
            year = ds.get_partition_keys(frag.partition_expression).get(PARTITION)
            out[year] = out.get(year, 0) + pq.ParquetFile(frag.path).metadata.num_rows
        return dict(sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
