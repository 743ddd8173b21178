import pytest

from gongkai.search.highlight import fragments, snippet_html


def test_terms_are_marked_and_everything_else_escaped():
    html = snippet_html("<b>推进</b>政务公开，加强政策解读。", ["政务公开", "解读"])
    assert html == "&lt;b&gt;推进&lt;/b&gt;<mark>政务公开</mark>，加强政策<mark>解读</mark>。"


def test_the_longest_term_wins():
    parts = fragments("政务公开", ["政务", "政务公开"])
    assert [(f.text, f.match) for f in parts] == [("政务公开", True)]


def test_the_window_moves_to_where_the_terms_are():
    text = "甲" * 300 + "依申请公开" + "乙" * 300
    parts = fragments(text, ["依申请公开"], width=40)
    assert parts[0].text == "…" and parts[-1].text == "…"
    assert any(f.match and f.text == "依申请公开" for f in parts)
    assert sum(len(f.text) for f in parts if f.text != "…") == 40


def test_the_densest_window_is_chosen():
    text = "解读" + "。" * 200 + "政务 公开 政务 公开" + "。" * 200
    parts = fragments(text, ["政务", "公开"], width=30)
    assert sum(f.match for f in parts) == 4


@pytest.mark.parametrize("text", ["", "没有命中"])
def test_no_match_gives_the_start_of_the_text(text):
    assert "".join(f.text for f in fragments(text, ["政务"])) == text


def test_full_width_letters_in_the_text_still_match():
    parts = fragments("ＡＢＣ改革", ["abc"])
    assert [(f.text, f.match) for f in parts] == [("ＡＢＣ", True), ("改革", False)]
