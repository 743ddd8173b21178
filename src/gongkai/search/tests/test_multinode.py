"""Several app nodes on one PostgreSQL, each with its own var/ and search index: a document
published through one node is searchable on every node within seconds, a node started on an
empty var/ builds its index from the database, and a withdrawal reaches every index.

The indexers are real `gongkai indexer` processes, as systemd runs them on each node."""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection, connections

from gongkai.conftest import database_url
from gongkai.publishing import services
from gongkai.publishing.tests import factories
from gongkai.search.backend import TantivyBackend
from gongkai.search.documents import SearchRequest
from gongkai.search.models import IndexNode, SearchChange
from gongkai.search.query import parse_query
from gongkai.search.registry import node_name

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 15.0  # seconds a node may take to follow the database
POLL = 0.2  # each indexer's poll interval here (production: SEARCH_POLL_SECONDS)


class Node:
    """One app node: its own var/ and its `gongkai indexer` process."""

    def __init__(self, var: Path) -> None:
        self.var = var
        self.index_dir = (var / "search").resolve()
        self.name = node_name(self.index_dir)
        self.index = TantivyBackend(self.index_dir, reload_seconds=0)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"GONGKAI_SECRET_KEY", "GONGKAI_SEARCH_DIR"}
        }
        env |= {"GONGKAI_VAR": str(var), "DATABASE_URL": database_url()}
        var.mkdir(parents=True)
        self.log = (var / "indexer.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "indexer", "--poll", str(POLL)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def finds(self, q: str) -> bool:
        """Whether this node's index (not the database) has a document for the query."""
        return self.index.search(SearchRequest(terms=parse_query(q).terms)).total > 0

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def output(self) -> str:
        return (self.var / "indexer.log").read_text()


@pytest.fixture
def start_node(tmp_path) -> Iterator[Callable[[str], Node]]:
    if connection.vendor != "postgresql":
        pytest.skip("multi-node layout: DATABASE_URL is not PostgreSQL (see make test)")
    started: list[Node] = []

    def start(name: str) -> Node:
        connections.close_all()  # nothing of this process's connection goes to the child
        node = Node(tmp_path / name)
        started.append(node)
        return node

    yield start
    codes = {node.name: node.stop() for node in started}
    assert all(code == 0 for code in codes.values()), (codes, [n.output() for n in started])


def wait_until(condition: Callable[[], bool], what: str, nodes: list[Node]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        for node in nodes:
            assert node.process.poll() is None, f"{node.name} exited:\n{node.output()}"
        assert time.monotonic() < deadline, f"not within {WAIT}s: {what}"
        time.sleep(0.1)


def test_every_node_follows_the_database_and_a_new_node_builds_its_index_from_it(
    district, start_node
):
    a, b = start_node("node-a"), start_node("node-b")
    # Each builds its (empty) index, then registers with the table of nodes and follows the log.
    wait_until(
        lambda: IndexNode.objects.filter(name__in=[a.name, b.name]).count() == 2,
        "both nodes registered",
        [a, b],
    )

    office = district.users["office"]
    doc = factories.document(district.education, actor=office, title="关于推进数字乡村建设的通知")
    wait_until(lambda: a.finds("数字乡村") and b.finds("数字乡村"), "found on both", [a, b])

    # A day later the log has been pruned: a node that joins now has only the database.
    SearchChange.objects.all().delete()
    c = start_node("node-c")
    wait_until(lambda: c.finds("数字乡村"), "found on the new node", [a, b, c])
    assert "indexer started" in c.output() and "search index rebuilt: 1 records" in c.output()

    services.document_withdraw(actor=office, document=doc, reason="内容有误")
    nodes = [a, b, c]
    wait_until(lambda: not any(n.finds("数字乡村") for n in nodes), "gone everywhere", nodes)
    assert set(IndexNode.objects.values_list("name", flat=True)) == {n.name for n in nodes}
