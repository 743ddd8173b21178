"""The generated corpus: deterministic, varied, and valid against the taxonomy (no database)."""

import re
from collections import Counter
from datetime import date, timedelta
from functools import cache

import pytest

from gongkai.demo import corpus
from gongkai.publishing import taxonomy

ISSUERS = [
    "明湖区人民政府",
    "明湖区人民政府办公室",
    "明湖区教育局",
    "明湖区财政局",
    "临江镇人民政府",
]
SENTENCE = re.compile(r"[^。！？；\n]{10,}[。！？；]")


@cache
def sample(n: int = 2000, seed: int = 0) -> tuple[corpus.CorpusDoc, ...]:
    return tuple(corpus.generate(n, issuers=ISSUERS, seed=seed))


def test_same_seed_same_documents_and_prefix_stable():
    assert list(corpus.generate(50, issuers=ISSUERS, seed=7)) == list(
        corpus.generate(50, issuers=ISSUERS, seed=7)
    )
    assert list(corpus.generate(10, issuers=ISSUERS)) == list(sample()[:10])


def test_another_seed_other_documents():
    other = list(corpus.generate(20, issuers=ISSUERS, seed=1))
    assert {d.body for d in other}.isdisjoint(d.body for d in sample()[:20])


def test_many_distinct_sentences_and_none_everywhere():
    docs = sample()
    per_doc = [set(SENTENCE.findall(d.body)) for d in docs]
    counts = Counter(s for sentences in per_doc for s in sentences)
    total = sum(len(s) for s in per_doc)
    assert len(counts) > 20_000
    assert len(counts) / total > 0.5
    sentence, docs_with_it = counts.most_common(1)[0]
    assert docs_with_it / len(docs) < 0.02, sentence


def test_vocabulary_is_broad_and_skewed():
    df = corpus.document_frequencies(list(sample()))
    assert len(df) > 2_500
    shares = sorted(df.values())
    assert shares[-1] > 0.5  # a few words are in most documents (工作, 公开)…
    assert shares[len(shares) // 2] < 0.01  # …while most words are rare


def test_titles_are_varied():
    titles = [d.title for d in sample()]
    assert len(set(titles)) > 0.8 * len(titles)


def test_codes_are_valid():
    topics = {code for code, _ in taxonomy.TOPICS}
    genres = {code for code, _ in taxonomy.GENRES} - {"interpretation"}
    validity = {code for code, _ in taxonomy.VALIDITY}
    catalogue = {code for code, *_ in taxonomy.CATALOGUE} | {
        child for *_, children in taxonomy.CATALOGUE for child, _ in children
    }
    docs = sample()
    for d in docs:
        assert d.topic in topics
        assert d.genre in genres
        assert d.validity in validity
        assert d.catalogue in catalogue
        assert 0 <= d.issuer < len(ISSUERS)
    assert len({d.genre for d in docs}) == len(corpus.GENRE_WEIGHTS)
    assert len({d.topic for d in docs}) > 10
    assert Counter(d.validity for d in docs).most_common(1)[0][0] == "valid"


def test_doc_numbers_unique_per_issuer():
    numbered = [(d.issuer, d.doc_no) for d in sample() if d.doc_no]
    assert len(numbered) > 1000
    assert len(set(numbered)) == len(numbered)
    assert all(re.fullmatch(r".{2,4}[发函]〔\d{4}〕\d+号", no) for _, no in numbered)


def test_dates_in_range_and_aware():
    docs = list(corpus.generate(500, issuers=ISSUERS, first_year=2020, until=date(2022, 12, 31)))
    for d in docs:
        assert date(2020, 1, 1) <= d.written_on <= date(2022, 12, 31)
        assert d.published_at.tzinfo is not None
        assert d.published_at.utcoffset() == timedelta(hours=8)
        assert timedelta(days=1) <= d.published_at.date() - d.written_on <= timedelta(days=10)
        assert d.published_at.date() <= date(2022, 12, 31)
        assert str(d.written_on.year) in d.body  # the signature line carries the date


def test_bodies_have_paragraphs_of_realistic_length():
    lengths = sorted(len(d.body) for d in sample())
    assert lengths[len(lengths) // 10] >= 250
    assert lengths[-len(lengths) // 10] <= 2_500
    assert all("\n" in d.body for d in sample())
    assert not any(ch in d.body for d in sample() for ch in (corpus.AREA, corpus.ISSUER, "{"))


def test_query_words_spread_over_frequencies():
    words = corpus.query_words(60, issuers=ISSUERS, sample=1000)
    assert len(words) == len(set(words)) == 60
    df = corpus.document_frequencies(list(sample(1000)))
    shares = sorted(df[w] for w in words)
    assert shares[0] < 0.01 and shares[-1] > 0.3


def test_no_issuers_is_an_error():
    with pytest.raises(ValueError):
        next(corpus.generate(1, issuers=[]))
