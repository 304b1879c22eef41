"""The one matcher: evasions folded away, every match mapped back to the characters it covers."""

import pytest

from news.compliance.matcher import Entry, Matcher, current_matcher, leftmost_longest
from news.models import WordEntry, WordList
from tests.factories import make_word

Level = WordEntry.Level


def matcher_of(*words, level=Level.BLOCK):
    return Matcher(Entry(n, word, level, "", "测试") for n, word in enumerate(words, start=1))


def found(matcher, text):
    """[(listed word, the text it covers)] in order."""
    return [(match.entries[0].word, text[match.start : match.end]) for match in matcher.find(text)]


@pytest.mark.parametrize(
    "text, covered",
    [
        ("这段话里有敏感两个字", "敏感"),
        ("这段话里有敏 感两个字", "敏 感"),
        ("这段话里有敏　　感两个字", "敏　　感"),  # ideographic spaces
        ("这段话里有敏\u200b感两个字", "敏\u200b感"),  # zero-width space
        ("这段话里有敏\u200d\ufeff感两个字", "敏\u200d\ufeff感"),  # joiner, BOM
        ("这段话里有敏\u00ad感两个字", "敏\u00ad感"),  # soft hyphen
        ("这段话里有敏.感两个字", "敏.感"),
        ("这段话里有敏，感两个字", "敏，感"),
        ("这段话里有敏*-*感两个字", "敏*-*感"),
        ("这段话里有敏😀感两个字", "敏😀感"),
        ("这段话里有敏\u3164感两个字", "敏\u3164感"),  # Hangul filler, an invisible letter
    ],
)
def test_separators_inside_a_word_are_skipped_and_kept_in_the_span(text, covered):
    assert found(matcher_of("敏感"), text) == [("敏感", covered)]


def test_full_width_and_case_fold_both_ways():
    matcher = matcher_of("VPN", "ｗｉｆｉ")
    assert found(matcher, "翻墙用ＶＰＮ") == [("VPN", "ＶＰＮ")]
    assert found(matcher, "翻墙用vpn") == [("VPN", "vpn")]
    assert found(matcher, "连上WiFi了") == [("ｗｉｆｉ", "WiFi")]
    assert found(matcher_of("六四"), "不相关") == []
    assert found(matcher_of("64"), "数字６４出现") == [("64", "６４")]


def test_traditional_and_simplified_forms_match_each_other():
    assert found(matcher_of("敏感词"), "這是敏感詞彙") == [("敏感词", "敏感詞")]
    assert found(matcher_of("發票"), "开发票") == [("發票", "发票")]
    assert found(matcher_of("台湾"), "臺灣新聞") == [("台湾", "臺灣")]


def test_every_evasion_at_once_in_a_longer_text():
    text = "前面有一些无关的文字。然后是：ＳＥＮＳＩＴＩＶＥ敏\u200b 感詞，之后还有。"
    matcher = matcher_of("sensitive敏感词")
    [match] = matcher.find(text)
    assert text[match.start : match.end] == "ＳＥＮＳＩＴＩＶＥ敏\u200b 感詞"
    assert (match.start, match.end) == (text.index("Ｓ"), text.index("詞") + 1)


def test_a_latin_word_is_found_only_on_its_own():
    matcher = matcher_of("ass")
    assert found(matcher, "a class of its own") == []
    assert found(matcher, "the ass ran") == [("ass", "ass")]
    assert found(matcher, "spelled a.s.s here") == [("ass", "a.s.s")]
    assert found(matcher, "中文里的ass字样") == [("ass", "ass")]


def test_overlapping_words_are_all_found_and_a_rewrite_takes_the_longest():
    matcher = matcher_of("敏感", "敏感词", "词汇")
    matches = matcher.find("一个敏感词汇")
    assert [(m.start, m.end) for m in matches] == [(2, 5), (2, 4), (4, 6)]  # by start, longest first
    assert [(m.start, m.end) for m in leftmost_longest(matches)] == [(2, 5)]


def test_a_word_listed_twice_reports_the_strictest_level_first():
    matcher = Matcher([Entry(1, "园区", Level.LINK, "", "内链"), Entry(2, "园 区", Level.REVIEW, "", "审核")])
    [match] = matcher.find("开发园区")
    assert [entry.level for entry in match.entries] == [Level.REVIEW, Level.LINK]
    assert match.entry(Level.LINK).list_name == "内链"


def test_words_of_only_punctuation_are_never_listed_and_empty_text_is_fine():
    matcher = matcher_of("。。", "  ")
    assert matcher.size == 0
    assert matcher.find("。。") == []
    assert matcher_of("敏感").find("") == []


@pytest.mark.django_db
def test_the_process_matcher_is_built_once_and_again_after_a_change():
    entry = make_word("敏感")
    first = current_matcher()
    assert current_matcher() is first
    assert [m.entries[0].level for m in first.find("敏感")] == [Level.BLOCK]

    entry.level = Level.REVIEW
    entry.save()
    second = current_matcher()
    assert second is not first
    assert [m.entries[0].level for m in second.find("敏感")] == [Level.REVIEW]

    WordList.objects.update(is_enabled=False)
    assert current_matcher().find("敏感") == []
    WordList.objects.update(is_enabled=True)
    entry.delete()
    assert current_matcher().find("敏感") == []


@pytest.mark.django_db
def test_an_entry_moved_to_another_list_changes_both():
    entry = make_word("敏感")
    other = WordList.objects.create(name="停用的词表", is_enabled=False)
    assert current_matcher().find("敏感")
    entry.word_list = other
    entry.save()
    assert current_matcher().find("敏感") == []
