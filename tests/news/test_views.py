from datetime import timedelta

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_article_is_shown(client):
    article = make_article("园区新闻")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "园区新闻" in response.content.decode()


@pytest.mark.parametrize("kwargs", [{"published": False}, {"when": timedelta(hours=1)}])
def test_draft_and_scheduled_are_404_for_readers(client, kwargs):
    article = make_article(**kwargs)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_draft_with_banner(client, editor):
    article = make_article(published=False)
    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.content.decode()


def test_unknown_article_is_404(client):
    assert client.get("/news/999999.html").status_code == 404
