"""专题: building one in the admin, publishing it, what its sections show, and what readers get."""

import pytest
from django.urls import reverse

from news.models import Topic, TopicArticle
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def make_topic(title="氢能专题", slug="hydrogen", published=True, **fields):
    topic = Topic.objects.create(title=title, slug=slug, lead="一段导语。", **fields)
    if published:
        topic.publish()
    return topic


def pick(section, *articles):
    for position, article in enumerate(articles):
        TopicArticle.objects.create(section=section, article=article, position=position)


def titles(section):
    return [article.title for article in section.article_list()]


def test_hand_picked_articles_come_first_in_their_order_then_the_rule_newest_first():
    hydrogen = make_category("氢能", "h2")
    other = make_category("其他", "other")
    first = make_article("手选甲", category=other)
    second = make_article("手选乙", category=other)
    newest = make_article("规则最新", category=hydrogen)
    older = make_article("规则较早", category=hydrogen)
    make_article("规则第三", category=hydrogen)
    section = make_topic().sections.create(heading="动态", rule_category=hydrogen, rule_limit=2)
    pick(section, second, first)
    assert titles(section) == ["手选乙", "手选甲", newest.title, older.title]


def test_a_tag_rule_and_a_category_rule_together_take_articles_matching_both():
    energy = make_category("能源", "energy")
    tagged_energy = make_article("能源储能", category=energy)
    tagged_energy.tags.add("储能")
    make_article("能源其他", category=energy)
    elsewhere = make_article("别处储能")
    elsewhere.tags.add("储能")
    topic = make_topic()
    tag = tagged_energy.tags.get()
    assert titles(topic.sections.create(heading="储能", rule_tag=tag)) == ["能源储能", "别处储能"]
    assert titles(topic.sections.create(heading="能源储能", rule_tag=tag, rule_category=energy)) == ["能源储能"]


def test_a_category_rule_takes_sub_categories_and_never_drafts_or_scheduled_articles():
    from datetime import timedelta

    parent = make_category("园区", "parks")
    child = make_category("开发区", "devzone", parent=parent)
    make_article("子栏目新闻", category=child)
    make_article("草稿", category=parent, published=False)
    make_article("定时", category=parent, when=timedelta(hours=2))
    picked_draft = make_article("手选草稿", published=False)
    section = make_topic().sections.create(heading="园区", rule_category=parent)
    pick(section, picked_draft)
    assert titles(section) == ["子栏目新闻"]


def test_the_topic_page_shows_its_sections_in_the_site_frame(client):
    article = make_article("电堆产线投产")
    topic = make_topic(title="氢能产业链观察")
    pick(topic.sections.create(heading="重点项目", position=1), article)
    topic.sections.create(heading="空栏目", position=2)
    page = client.get("/special/hydrogen/").content.decode()
    assert "<h1>氢能产业链观察</h1>" in page
    assert "重点项目" in page and article.get_absolute_url() in page
    # A section with nothing to show is left out.
    assert "空栏目" not in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert '<link rel="canonical" href="http://testserver/special/hydrogen/">' in page


def test_an_article_in_a_published_topic_links_back_to_it(client):
    category = make_category("氢能", "h2")
    by_rule = make_article("规则选入", category=category)
    by_hand = make_article("手选入")
    outside = make_article("不在专题")
    topic = make_topic(title="氢能产业链观察")
    pick(topic.sections.create(heading="重点"), by_hand)
    topic.sections.create(heading="动态", rule_category=category)
    draft_topic = make_topic(title="草稿专题", slug="draft", published=False)
    pick(draft_topic.sections.create(heading="重点"), by_hand)
    for article in (by_rule, by_hand):
        page = client.get(article.get_absolute_url()).content.decode()
        assert '收入专题：</span><a href="/special/hydrogen/">氢能产业链观察</a>' in page
        assert "草稿专题" not in page
    assert "收入专题" not in client.get(outside.get_absolute_url()).content.decode()


def test_an_article_beyond_the_rule_limit_is_not_in_the_topic(client):
    category = make_category("氢能", "h2")
    make_article("最新", category=category)
    older = make_article("较早", category=category)
    make_topic().sections.create(heading="动态", rule_category=category, rule_limit=1)
    assert "收入专题" not in client.get(older.get_absolute_url()).content.decode()


def test_a_draft_topic_is_not_found_and_a_withdrawn_one_is_gone(client):
    make_topic(slug="draft", published=False)
    assert client.get("/special/draft/").status_code == 404
    topic = make_topic()
    assert client.get("/special/hydrogen/").status_code == 200
    topic.withdraw()
    response = client.get("/special/hydrogen/")
    assert response.status_code == 410
    assert "专题已撤下" in response.content.decode()
    assert client.get("/special/nothing/").status_code == 404


def test_a_withdrawn_topic_leaves_the_index_the_sitemap_and_the_article_pages(client):
    article = make_article()
    topic = make_topic(title="将撤下的专题")
    pick(topic.sections.create(heading="重点"), article)
    assert "将撤下的专题" in client.get("/special/").content.decode()
    assert "/special/hydrogen/" in client.get("/sitemap-topics.xml").content.decode()
    assert "将撤下的专题" in client.get(article.get_absolute_url()).content.decode()
    topic.withdraw()
    assert "将撤下的专题" not in client.get("/special/").content.decode()
    assert "/special/hydrogen/" not in client.get("/sitemap-topics.xml").content.decode()
    assert "将撤下的专题" not in client.get(article.get_absolute_url()).content.decode()


def test_staff_preview_a_draft_topic(client, editor):
    make_topic(slug="draft", title="草稿专题", published=False)
    client.force_login(editor)
    page = client.get("/special/draft/").content.decode()
    assert "预览：这个专题还没有发布" in page and '<meta name="robots" content="noindex">' in page


def test_the_index_lists_published_topics_newest_first(client):
    make_topic(title="较早专题", slug="older")
    make_topic(title="较新专题", slug="newer")
    make_topic(title="未发布专题", slug="draft", published=False)
    page = client.get(reverse("news:topics")).content.decode()
    assert page.index("较新专题") < page.index("较早专题")
    assert "未发布专题" not in page


def test_an_editor_builds_a_topic_but_cannot_publish_it(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_topic_add"),
        {
            "title": "新专题",
            "slug": "new-topic",
            "lead": "导语",
            "banner_alt": "",
            "status": "published",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-heading": "第一部分",
            "sections-0-position": "10",
            "sections-0-rule_limit": "8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="new-topic")
    # The crafted status field is not a field of the form.
    assert topic.status == "draft" and [s.heading for s in topic.sections.all()] == ["第一部分"]
    client.post(reverse("admin:news_topic_changelist"), {"action": "publish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status == "draft"
    assert client.get("/special/new-topic/").status_code == 200  # staff preview
    client.logout()
    assert client.get("/special/new-topic/").status_code == 404


def test_a_chief_editor_publishes_and_withdraws_with_the_actions(client, chief_editor):
    topic = make_topic(published=False)
    client.force_login(chief_editor)
    changelist = reverse("admin:news_topic_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [topic.pk]})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.is_published() and topic.published_at
    client.logout()
    assert client.get("/special/hydrogen/").status_code == 200
    client.force_login(chief_editor)
    client.post(changelist, {"action": "withdraw", "_selected_action": [topic.pk]})
    client.logout()
    assert client.get("/special/hydrogen/").status_code == 410


def test_a_section_page_picks_articles_by_autocomplete(client, editor):
    article = make_article("可选文章")
    section = make_topic().sections.create(heading="重点")
    client.force_login(editor)
    page = client.get(reverse("admin:news_topicsection_change", args=[section.pk])).content.decode()
    assert "admin-autocomplete" in page and "手选文章" in page
    response = client.post(
        reverse("admin:news_topicsection_change", args=[section.pk]),
        {
            "topic": section.topic_id,
            "heading": "重点",
            "position": "100",
            "rule_limit": "8",
            "picks-TOTAL_FORMS": "1",
            "picks-INITIAL_FORMS": "0",
            "picks-0-article": article.pk,
            "picks-0-position": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert titles(section) == ["可选文章"]
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "可选", "app_label": "news", "model_name": "topicarticle", "field_name": "article"},
    ).json()
    assert [result["text"] for result in found["results"]] == ["可选文章"]


def test_a_rule_skips_articles_an_earlier_section_shows(client):
    category = make_category("氢能", "h2")
    featured = make_article("重点文章", category=category)
    make_article("其他文章", category=category)
    topic = make_topic()
    pick(topic.sections.create(heading="重点", position=1), featured)
    topic.sections.create(heading="动态", position=2, rule_category=category)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert page.count(featured.get_absolute_url()) == 1
    assert [[a.title for a in articles] for _s, articles in topic.section_lists()] == [["重点文章"], ["其他文章"]]
