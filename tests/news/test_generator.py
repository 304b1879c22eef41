import pytest
from django.core.management import call_command

from news.models import Article
from news.signals import articles_changed

pytestmark = pytest.mark.django_db


def test_generate_articles_inserts_published_tagged_articles():
    received = []

    def receiver(sender, ids, **kwargs):
        received.extend(ids)

    articles_changed.connect(receiver)
    try:
        call_command("generate_articles", "120", "--batch-size", "50", verbosity=0)
    finally:
        articles_changed.disconnect(receiver)
    assert Article.objects.published().count() == 120
    assert sorted(received) == sorted(Article.objects.values_list("pk", flat=True))
    article = Article.objects.order_by("pk").first()
    assert article.title and "<p>" in article.body and article.summary
    assert article.tags.count() >= 1
