import pytest

from gongkai.search.query import QueryError, parse_query
from gongkai.search.segment import domain_words, index_tokens, query_terms


@pytest.mark.parametrize("word", ["依申请公开", "政务公开", "政策解读", "一网通办", "营商环境"])
def test_domain_words_stay_one_token(word):
    assert query_terms(f"关于{word}的规定") == ["关于", word, "规定"]
    assert word in index_tokens(f"进一步做好{word}工作")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Search mode also yields the parts of a long word, so a two-character query finds it.
        ("推进政务公开工作", {"政务", "公开", "政务公开"}),
        ("做好政策解读", {"政策", "解读", "政策解读"}),
        ("依申请公开", {"申请", "公开", "依申请公开"}),
    ],
)
def test_index_tokens_include_sub_words(text, expected):
    assert expected <= set(index_tokens(text))


def test_full_width_and_case_are_folded():
    assert query_terms("ＡＢＣ１２３") == query_terms("abc123")


def test_particles_and_punctuation_are_dropped():
    assert query_terms("政务公开的，要点！") == ["政务公开", "要点"]


def test_dictionary_file_is_read():
    words = domain_words()
    assert "依申请公开" in words and all(not w.startswith("#") for w in words)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "请输入检索词"),
        ("", "请输入检索词"),
        ("   \t ", "请输入检索词"),
        ("政" * 101, "检索词过长"),
        ("！！！@@@###", "没有可检索的文字"),
        ("的", "过于常见"),
    ],
)
def test_bad_queries_get_a_message(raw, message):
    with pytest.raises(QueryError) as error:
        parse_query(raw)
    assert message in str(error.value)


def test_a_good_query_keeps_its_terms_in_order():
    parsed = parse_query("  政务公开\x00  政策解读 ")
    assert parsed.text == "政务公开 政策解读"
    assert parsed.terms == ("政务公开", "政策解读")
