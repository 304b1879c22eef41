"""The word lists in the admin: 主编 keep them; 编辑 cannot reach them by any way in."""

import pytest
from django.urls import reverse

from news.compliance import check
from news.models import WordEntry, WordList
from tests.factories import make_word

pytestmark = pytest.mark.django_db
Level = WordEntry.Level


def entry_form(word_list, **overrides):
    return {"word_list": word_list.pk, "word": "敏感", "level": Level.BLOCK, "target": "", **overrides}


def test_chief_editor_adds_a_list_and_an_entry_that_the_next_check_sees(client, chief_editor):
    client.force_login(chief_editor)
    response = client.post(
        reverse("admin:news_wordlist_add"), {"name": "本站禁用词", "description": "", "is_enabled": "on"}
    )
    assert response.status_code == 302
    word_list = WordList.objects.get(name="本站禁用词")
    assert check({"title": "敏感"}) == []
    response = client.post(reverse("admin:news_wordentry_add"), entry_form(word_list))
    assert response.status_code == 302
    assert [hit.word for hit in check({"title": "敏 感"})] == ["敏感"]

    entry = WordEntry.objects.get()
    response = client.post(
        reverse("admin:news_wordentry_change", args=[entry.pk]), entry_form(word_list, level=Level.REVIEW)
    )
    assert response.status_code == 302
    assert [hit.level for hit in check({"title": "敏感"})] == [Level.REVIEW]

    response = client.post(
        reverse("admin:news_wordentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert check({"title": "敏感"}) == []


def test_the_list_page_counts_entries_and_links_to_them(client, chief_editor):
    make_word("敏感")
    make_word("坏词", Level.REPLACE)
    client.force_login(chief_editor)
    page = client.get(reverse("admin:news_wordlist_changelist")).content.decode()
    assert "2 条" in page
    assert reverse("admin:news_wordentry_changelist") + "?word_list__id__exact=" in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"level": Level.LINK, "target": "javascript:alert(1)"}, "内链应为 https:// 开头的网址"),
        ({"level": Level.LINK, "target": "//evil.example/"}, "内链应为 https:// 开头的网址"),
        ({"level": Level.BLOCK, "target": "＊＊"}, "禁用词和审核词不需要"),
        ({"word": "！！"}, "无法匹配"),
    ],
)
def test_a_bad_entry_is_refused_with_the_reason(client, chief_editor, overrides, message):
    client.force_login(chief_editor)
    word_list = WordList.objects.create(name="本站")
    response = client.post(reverse("admin:news_wordentry_add"), entry_form(word_list, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WordEntry.objects.exists()


def test_the_same_word_twice_in_a_list_is_refused(client, chief_editor):
    entry = make_word("敏感")
    client.force_login(chief_editor)
    response = client.post(reverse("admin:news_wordentry_add"), entry_form(entry.word_list))
    assert response.status_code == 200
    assert WordEntry.objects.count() == 1


def test_editors_cannot_see_or_change_word_lists(client, editor):
    entry = make_word("敏感")
    client.force_login(editor)
    assert "词表" not in client.get(reverse("admin:index")).content.decode()
    for url in [
        reverse("admin:news_wordlist_changelist"),
        reverse("admin:news_wordentry_changelist"),
        reverse("admin:news_wordentry_add"),
        reverse("admin:news_wordentry_change", args=[entry.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    # Crafted POSTs: add, change, the bulk delete.
    assert client.post(reverse("admin:news_wordlist_add"), {"name": "偷加的"}).status_code == 403
    response = client.post(reverse("admin:news_wordentry_add"), entry_form(entry.word_list, word="新词"))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:news_wordentry_change", args=[entry.pk]), entry_form(entry.word_list, level=Level.LINK)
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:news_wordentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert list(WordEntry.objects.values_list("word", "level")) == [("敏感", Level.BLOCK)]
    assert list(WordList.objects.values_list("name", flat=True)) == ["测试词表"]


def test_deleting_a_list_counts_its_entries_and_the_check_forgets_them(client, chief_editor):
    entry = make_word("敏感")
    make_word("坏词", Level.REPLACE)
    client.force_login(chief_editor)
    url = reverse("admin:news_wordlist_delete", args=[entry.word_list.pk])
    page = client.get(url).content.decode()
    assert "<li>词条: 2</li>" in page
    assert "敏感（禁用）" not in page
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not WordEntry.objects.exists()
    assert check({"title": "敏感"}) == []
