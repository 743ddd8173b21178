"""Each node's indexer reports how far it has applied the change log; the log is pruned behind
the slowest node, with a margin, and a node that stopped reporting stops holding pruning back."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.selectors import DocumentFilters, document_search
from gongkai.publishing.tests import factories
from gongkai.search.documents import SearchRequest
from gongkai.search.indexer import Indexer
from gongkai.search.models import IndexNode, SearchChange
from gongkai.search.nodes import node_health, nodes_health, prune_change_log
from gongkai.search.query import parse_query
from gongkai.search.registry import backend, node_name
from gongkai.search.services import search_touch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _holes_settle_at_once(monkeypatch):
    """PostgreSQL's sequences do not start again with each test: the ids earlier tests took are
    holes here, which the cursor would wait five minutes to pass."""
    from gongkai.search import indexer

    monkeypatch.setattr(indexer, "GAP_TIMEOUT", 0.0)


def _age(days: float) -> None:
    """Make every change in the log `days` old."""
    SearchChange.objects.update(created_at=timezone.now() - timedelta(days=days))


def _other_node(checkpoint: int, silent_for: timedelta = timedelta(seconds=5)) -> IndexNode:
    return IndexNode.objects.create(
        name="node-2:/srv/gongkai/var/search",
        checkpoint=checkpoint,
        newest=checkpoint,
        heartbeat_at=timezone.now() - silent_for,
    )


def _changes(n: int) -> list[int]:
    search_touch(entity="document", ids=range(1000, 1000 + n))
    return list(SearchChange.objects.order_by("id").values_list("id", flat=True))


def test_the_indexer_reports_where_it_stands(district, index_now):
    factories.document(district.education, actor=district.users["office"], title="公开指南")
    index_now()
    node = IndexNode.objects.get(name=node_name())
    newest = SearchChange.objects.latest("id").id
    assert node.checkpoint == node.newest == backend().checkpoint() == newest
    assert timezone.now() - node.heartbeat_at < timedelta(seconds=5)


def test_the_log_is_pruned_once_every_node_has_applied_it_and_the_margin_passed(index_now):
    ids = _changes(6)
    index_now()  # this node applies all six
    _other_node(checkpoint=ids[3])  # another node has applied four
    _age(days=2)
    assert prune_change_log(timezone.now()) == 4
    assert list(SearchChange.objects.values_list("id", flat=True)) == ids[4:]


def test_recent_changes_are_kept_even_when_applied_everywhere(index_now):
    _changes(3)
    index_now()
    assert prune_change_log(timezone.now()) == 0
    assert SearchChange.objects.count() == 3


def test_a_node_silent_for_a_day_no_longer_holds_pruning_back(index_now):
    ids = _changes(5)
    index_now()
    _other_node(checkpoint=0, silent_for=timedelta(days=1, minutes=1))
    _age(days=2)
    assert prune_change_log(timezone.now()) == 5
    assert list(IndexNode.objects.values_list("name", flat=True)) == [node_name()]
    assert ids and not SearchChange.objects.exists()


def test_the_indexer_prunes_as_it_runs(index_now):
    _changes(4)
    index_now()
    _age(days=2)
    index_now()
    assert not SearchChange.objects.exists()


def test_a_forgotten_node_rebuilds_its_index_when_it_comes_back(district, index_now):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, title="政务公开工作要点")
    index_now()
    # The node stops for a few days; meanwhile the document is withdrawn, the others forget
    # this node and prune the change that says so.
    IndexNode.objects.filter(name=node_name()).delete()
    services.document_withdraw(actor=office, document=doc, reason="测试")
    SearchChange.objects.all().delete()
    index_now()  # finds itself forgotten: asks for a rebuild
    index_now()
    assert document_search(q="政务公开", filters=DocumentFilters()).items == []
    assert IndexNode.objects.filter(name=node_name()).exists()


def test_each_nodes_lag_in_entries_and_seconds_is_visible(index_now):
    ids = _changes(2)
    index_now()
    _other_node(checkpoint=ids[0], silent_for=timedelta(seconds=30))
    SearchChange.objects.filter(id=ids[1]).update(created_at=timezone.now() - timedelta(seconds=90))
    now = timezone.now()
    health = {h.name: h for h in nodes_health(now)}
    here, there = health[node_name()], health["node-2:/srv/gongkai/var/search"]
    assert (here.lag_entries, here.lag_seconds) == (0, 0)
    assert there.lag_entries == 1 and 89 <= there.lag_seconds <= 91
    assert 29 <= there.heartbeat_age <= 31
    assert node_health(node_name(), now) == here
    assert node_health("nowhere", now) is None

    out = StringIO()
    call_command("indexer", "--status", stdout=out)
    text = out.getvalue()
    assert "node-2:/srv/gongkai/var/search" in text and node_name() in text
    assert "change log: 2 entries" in text


def test_a_hole_a_rolled_back_transaction_left_is_not_lag(index_now):
    ids = _changes(3)
    index_now()
    # The indexer applied every change but waits out a hole below them before it moves its
    # checkpoint: the change log is kept for it, but the node is not behind.
    IndexNode.objects.filter(name=node_name()).update(checkpoint=ids[0] - 1)
    SearchChange.objects.update(created_at=timezone.now() - timedelta(minutes=4))
    health = node_health(node_name(), timezone.now())
    assert (health.lag_entries, health.lag_seconds) == (0, 0)
    _age(days=2)
    assert prune_change_log(timezone.now()) == 0


def test_the_margin_outlasts_what_a_rebuild_applies_again(settings, index_now):
    from gongkai.search import indexer, nodes

    assert nodes.MIN_KEEP.total_seconds() > indexer.GAP_TIMEOUT
    settings.SEARCH_LOG_KEEP_HOURS = 0
    _changes(2)
    index_now()
    SearchChange.objects.update(created_at=timezone.now() - timedelta(seconds=indexer.GAP_TIMEOUT))
    assert prune_change_log(timezone.now()) == 0


def test_a_change_made_while_a_new_node_builds_its_index_is_kept_for_it(district, monkeypatch):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, title="政务公开工作要点")
    read_the_database = Indexer._all_batches

    def long_rebuild(self):
        yield from read_the_database(self)
        # Once the new node has read the document, it is withdrawn; the rebuild lasts long
        # enough for another node, which applied the withdrawal, to prune the log behind it.
        services.document_withdraw(actor=office, document=doc, reason="测试")
        _other_node(checkpoint=SearchChange.objects.latest("id").id)
        _age(days=2)
        prune_change_log(timezone.now())

    monkeypatch.setattr(Indexer, "_all_batches", long_rebuild)
    Indexer().run_once()  # a new node: builds its index, then applies what changed meanwhile
    terms = parse_query("政务公开").terms
    assert backend().search(SearchRequest(terms=terms)).total == 0
