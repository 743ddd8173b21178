"""The path from a published document to a search hit: change log → indexer → tantivy."""

import shutil

import pytest
from django.core.management import call_command

from gongkai.publishing import services
from gongkai.publishing.models import Document
from gongkai.publishing.selectors import DocumentFilters, document_search
from gongkai.publishing.tests import factories
from gongkai.search.indexer import Indexer, WriterLock
from gongkai.search.registry import backend

pytestmark = pytest.mark.django_db


def titles(q, **filters):
    results = document_search(q=q, filters=DocumentFilters(**filters))
    assert results.error is None
    return [i.document.title for i in results.items]


def test_published_documents_become_searchable_and_withdrawn_ones_disappear(district, index_now):
    office = district.users["office"]
    draft = factories.document(
        district.education, actor=office, publish=False, title="关于做好政务公开工作的通知"
    )
    index_now()
    assert titles("政务公开") == []  # drafts are never in the public index
    services.document_import(actor=office, document=draft)
    index_now()
    assert titles("政务公开") == ["关于做好政务公开工作的通知"]
    assert titles("政务") == ["关于做好政务公开工作的通知"]  # two-character sub-word
    services.document_withdraw(actor=office, document=draft, reason="测试")
    index_now()
    assert titles("政务公开") == []


def test_edits_are_reflected(district, index_now):
    office = district.users["office"]
    doc = factories.document(
        district.education, actor=district.users["editor"], title="旧标题", body="营商环境"
    )
    index_now()
    doc = services.document_withdraw(actor=office, document=doc, reason="更正")
    # The editor changes it: whoever changes the text does not approve it (the office does).
    editor = district.users["editor"]
    doc = services.document_update(actor=editor, document=doc, title="新标题", body="一网通办")
    factories.through_the_chain(district, doc)
    index_now()
    assert titles("营商环境") == []
    assert titles("一网通办") == ["新标题"]


def test_bm25_ranks_the_document_about_the_query_first(district, index_now):
    office = district.users["office"]
    factories.document(
        district.education,
        actor=office,
        title="年度工作总结",
        body="本年度完成多项工作。其中涉及政策解读一次。" + "其他工作内容。" * 40,
    )
    factories.document(
        district.education,
        actor=office,
        title="关于加强政策解读工作的意见",
        body="政策解读是政务公开的重要内容，要做好政策解读和回应关切。",
    )
    factories.document(district.finance, actor=office, title="财政预算公开", body="预算信息。")
    index_now()
    assert titles("政策解读 工作") == ["关于加强政策解读工作的意见", "年度工作总结"]


def test_filters_narrow_the_results(district, index_now):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="教育局公开通知", topic="11")
    factories.document(
        district.finance, actor=office, title="财政局公开通知", topic="04", validity="expired"
    )
    index_now()
    assert titles("公开", issuer=district.finance.pk) == ["财政局公开通知"]
    assert titles("公开", topic="11") == ["教育局公开通知"]
    assert titles("公开", validity="expired") == ["财政局公开通知"]
    assert titles("公开", genre="letter") == []


def test_a_query_with_no_full_match_is_broadened(district, index_now):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="义务教育招生")
    index_now()
    results = document_search(q="义务教育 不存在的词语", filters=DocumentFilters())
    assert results.broadened and [i.document.title for i in results.items] == ["义务教育招生"]


def test_attachment_text_is_searchable(district, index_now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing.tests.test_services import _docx

    office = district.users["office"]
    doc = factories.document(district.education, actor=office, title="附件测试", publish=False)
    services.attachment_add(
        actor=office, document=doc, upload=SimpleUploadedFile("a.docx", _docx("数字乡村建设"))
    )
    services.document_import(actor=office, document=doc)
    index_now()
    assert titles("数字乡村") == ["附件测试"]


def test_a_lost_index_is_rebuilt_from_the_database(district, index_now, settings):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="政务公开要点")
    index_now()
    backend().close_writer()
    shutil.rmtree(settings.SEARCH_INDEX_DIR)  # a new node, or a disk that was wiped
    from gongkai.search import registry

    registry._backend_at.cache_clear()
    index_now()
    assert titles("政务公开") == ["政务公开要点"]


def test_a_restarted_indexer_resumes_from_its_checkpoint(district, index_now):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="第一份公开文件")
    assert index_now() >= 2  # created + published (and nothing is lost on a re-run)
    restarted = Indexer()
    assert restarted.cursor.checkpoint == backend().checkpoint()
    factories.document(district.education, actor=office, title="第二份公开文件")
    assert restarted.run_once() >= 2
    assert sorted(titles("公开文件")) == ["第一份公开文件", "第二份公开文件"]


def test_reindex_command_rebuilds(district, index_now, capsys):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="重建测试")
    call_command("reindex")
    assert "1 records" in capsys.readouterr().out
    assert titles("重建") == ["重建测试"]


def test_only_one_writer_holds_the_lock(settings):
    first, second = WriterLock(settings.SEARCH_INDEX_DIR), WriterLock(settings.SEARCH_INDEX_DIR)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_reindex_defers_to_a_running_indexer(settings, capsys, db):
    holder = WriterLock(settings.SEARCH_INDEX_DIR)
    assert holder.acquire()
    try:
        call_command("reindex")
        assert "will rebuild" in capsys.readouterr().out
        assert backend().needs_rebuild()
    finally:
        holder.release()


@pytest.mark.django_db(transaction=True)
def test_the_indexer_thread_makes_a_publication_searchable_within_seconds(district):
    import time

    from gongkai.search.indexer import IndexerThread

    thread = IndexerThread(poll=0.1)
    try:
        factories.document(district.education, actor=district.users["office"], title="线程索引测试")
        deadline = time.monotonic() + 10
        while not titles("线程索引") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert titles("线程索引") == ["线程索引测试"]
    finally:
        thread.stop()


def test_a_large_rebuild_segments_in_parallel_and_loses_nothing(district):
    from gongkai.demo import corpus
    from gongkai.demo.loader import bulk_publish

    units = [district.education, district.finance]
    count = bulk_publish(corpus.generate(1500, issuers=[u.name for u in units], seed=7), units)
    assert Indexer().rebuild() == count == 1500
    assert backend().num_docs() == 1500
    # A document's full title is always found: the query's words are among the title's tokens.
    for some in Document.objects.order_by("pk")[::300]:
        found = document_search(q=some.title, filters=DocumentFilters(), size=100)
        assert some.pk in {i.document.pk for i in found.items}, some.title
