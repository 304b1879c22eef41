import unicodedata

from news.search.highlight import highlight, snippet
from news.search.segment import MAX_QUERY_TERMS, document_words, normalize, query_terms


def test_chinese_is_split_into_words():
    assert query_terms("开发区氢能产业园") == ["开发区", "氢能", "产业园"]


def test_the_index_holds_the_parts_of_long_words():
    assert {"燃料电池", "燃料", "电池"} <= set(document_words("燃料电池项目"))
    assert {"中华人民共和国", "共和国", "人民"} <= set(document_words("中华人民共和国"))


def test_parts_of_words_the_dictionary_does_not_know_are_indexed():
    assert {"托育室", "托育"} <= set(document_words("托育室开放"))


def test_parts_never_cross_word_boundaries():
    assert "研究生" not in document_words("研究生命起源")


def test_mixed_query_keeps_latin_words_and_numbers():
    assert query_terms("2024年GDP增长") == ["2024", "年", "gdp", "增长"]


def test_full_width_letters_and_digits_are_normalised():
    assert query_terms("ＧＤＰ１２３") == query_terms("gdp123")


def test_normalising_is_nfkc_and_lower_case_whatever_the_mix():
    # normalize() treats full-width runs apart from the rest: the result must still be NFKC of the whole.
    texts = [
        "园区（第１２号）：ＧＤＰ增长……　下一步",
        "Ａ\u0301ｂ，é\u0327",  # combining marks after a full-width letter and after Latin text
        "\uf900豈\u2460①ﬁ²㈱",  # compatibility ideographs and symbols outside the full-width block
        "ｶﾞ\u3099か\u3099，",  # half-width kana and a combining sound mark after full-width punctuation
        "",
    ]
    for text in texts:
        assert normalize(text) == unicodedata.normalize("NFKC", text).lower()


def test_punctuation_emoji_and_operators_are_not_words():
    assert query_terms('"*:()😀，。!!') == []
    assert query_terms("氢能 OR NEAR") == ["氢能", "or", "near"]


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert query_terms("的开发区") == ["开发区"]
    assert query_terms("的") == ["的"]


def test_long_queries_are_cut():
    assert len(query_terms("氢能产业园开发区" * 200)) <= MAX_QUERY_TERMS


def test_highlight_escapes_and_marks():
    assert highlight("<b>氢能</b>", ["氢能"]) == "&lt;b&gt;<mark>氢能</mark>&lt;/b&gt;"


def test_highlight_matches_full_width_text_but_keeps_it():
    assert highlight("全年ＧＤＰ增长", ["gdp"]) == "全年<mark>ＧＤＰ</mark>增长"


def test_snippet_is_cut_around_the_first_match():
    text = "前文" * 100 + "氢能" + "后文" * 100
    result = snippet(text, ["氢能"], length=40)
    assert "<mark>氢能</mark>" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result.replace("<mark>", "").replace("</mark>", "")) <= 42
