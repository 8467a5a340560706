"""Events to a Parquet dataset partitioned by year and back, read by pyarrow and DuckDB."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from timeline import parquet
from timeline.errors import TimelineError
from timeline.ingest import ingest
from timeline.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("pq") / "t.db")
    ingest([SAMPLES], store, quiet=True)
    return store


def test_parquet_round_trip_gives_the_store_frame(filled, tmp_path):
    out = tmp_path / "events"
    written = parquet.write(filled, out)
    frame = filled.events_frame()
    assert written.events == len(frame) > 50
    pd.testing.assert_frame_equal(parquet.read_frame(out), frame)


def test_parquet_partitions_by_year_read_by_pyarrow(filled, tmp_path):
    out = tmp_path / "events"
    parquet.write(filled, out)
    frame = filled.events_frame()
    years = {int(p.name.split("=")[1]) for p in out.iterdir() if "DEFAULT" not in p.name}
    assert years == set(frame["date"].dropna().dt.year)
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert sorted(table["id"].to_pylist()) == sorted(frame["id"])
    undated = table.filter(ds.field("year").is_null())
    assert undated.num_rows == frame["date"].isna().sum()
    one = parquet.read_frame(out, years=[2021])
    assert len(one) == (frame["date"].dt.year == 2021).sum() > 0
    info = parquet.ParquetEvents(out)
    assert sum(info.years().values()) == info.counts()["events"] == len(frame)
    assert info.counts()["articles"] == frame["article_id"].nunique()


def test_parquet_read_by_duckdb(filled, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "events"
    parquet.write(filled, out)
    frame = filled.events_frame()
    con = duckdb.connect()
    rows = con.execute(
        "SELECT id, type, date, year FROM read_parquet(?, hive_partitioning = true)",
        [str(out / "*" / "*.parquet")]).fetchall()
    assert sorted(r[0] for r in rows) == sorted(frame["id"])
    assert all((r[3] is None) == (r[2] is None) and (r[2] is None or r[2].year == r[3])
               for r in rows)
    rus = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)"
                      " WHERE source_codes LIKE '%|RUS|%'", [str(out / "*" / "*.parquet")]
                      ).fetchone()[0]
    assert rus == frame["source_codes"].str.contains("|RUS|", regex=False).sum() > 0


def test_parquet_refuses_to_replace_what_it_did_not_write(filled, tmp_path):
    out = tmp_path / "events"
    parquet.write(filled, out)
    with pytest.raises(TimelineError, match="--force"):
        parquet.write(filled, out)
    parquet.write(filled, out, force=True)  # its own dataset: replaced whole
    assert not (tmp_path / "events.part").exists() and not (tmp_path / "events.old").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TimelineError, match="not replaced"):
        parquet.write(filled, other, force=True)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_parquet_cli_write_and_info(filled, tmp_path, capsys):
    from timeline.cli import main
    out = tmp_path / "events"
    assert main(["parquet", "write", str(out), "--db", str(filled.path)]) == 0
    assert "events written to" in capsys.readouterr().out
    assert main(["parquet", "info", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2021" in text and "undated" in text
    assert main(["parquet", "info", str(tmp_path / "nothing")]) == 1
