"""Extraction on a two-worker local Dask cluster stores what one process stores."""
from __future__ import annotations

import os

import pytest

from tests.test_parallel import SAMPLES, dump, inputs
from timeline import parallel
from timeline.ingest import ingest
from timeline.store import Store

pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.slow


def _listening(pids: list[int]) -> set[str]:
    import psutil
    hosts = set()
    for pid in pids:
        for conn in psutil.Process(pid).net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                hosts.add(conn.laddr.ip)
    return hosts


def test_dask_local_cluster_binds_loopback_only():
    client = parallel.dask_client("local", 2)
    try:
        assert len(client.scheduler_info()["workers"]) == 2
        pids = [os.getpid(), *client.run(os.getpid).values()]
        assert _listening(pids) == {"127.0.0.1"}
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()


def test_dask_two_worker_cluster_stores_the_same_as_one_process(tmp_path, monkeypatch):
    folder = inputs(tmp_path)
    monkeypatch.setattr(parallel, "DASK_BATCH", 5)  # several batches in flight, out of step
    one, cluster = Store(tmp_path / "one.db"), Store(tmp_path / "dask.db")
    s1 = ingest([folder], one, quiet=True)
    s2 = ingest([folder], cluster, quiet=True, dask="local", workers=2)
    assert s1.new > 20
    assert (s1.new, s1.failed, s1.events, s1.errors) == (s2.new, s2.failed, s2.events, s2.errors)
    assert dump(one) == dump(cluster)


def test_dask_unreachable_scheduler_is_one_line_error(monkeypatch):
    from timeline.errors import TimelineError
    monkeypatch.setattr(parallel, "DASK_TIMEOUT", "2s")
    with pytest.raises(TimelineError, match="cannot reach the Dask scheduler"):
        list(parallel.extract_all([SAMPLES], dask="tcp://127.0.0.1:9"))
