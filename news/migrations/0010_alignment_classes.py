"""Bodies saved before alignment became a class keep their inline text-align,
which the Content-Security-Policy blocks: clean them again so it shows."""

from django.db import migrations

from news.sanitizer import clean_html


def restyle(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    for article in Article.objects.filter(body__contains="text-align").only("pk", "body").iterator():
        Article.objects.filter(pk=article.pk).update(body=clean_html(article.body))


class Migration(migrations.Migration):
    dependencies = [("news", "0009_chief_editor_word_lists")]

    operations = [migrations.RunPython(restyle, migrations.RunPython.noop, elidable=True)]
