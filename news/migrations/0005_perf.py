"""Indexes for the reader pages at 100k+ articles (bench/results/latest.md).

article_pub_cat_idx: a category page with sub-categories filters on
`category_id IN (...)`; with this index the database walks the publication
order and reads the category from the index instead of every table row.

taggit's TaggedItem has no index that starts with the tag and holds the
object id: a tag page read every tagged item of the content type, or joined
every article to its tags. This one answers "the article ids of tag T" from the
index alone (ArticleQuerySet.tagged). The table is taggit's, so the index is
plain SQL (the same on SQLite and PostgreSQL), not part of any model's state.
"""

from django.db import migrations, models

INDEX = "taggit_taggeditem_tag_object_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_search"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-published_at", "-id", "category"], name="article_pub_cat_idx"),
        ),
        migrations.RunSQL(
            f'CREATE INDEX "{INDEX}" ON "taggit_taggeditem" ("tag_id", "content_type_id", "object_id")',
            f'DROP INDEX "{INDEX}"',
            elidable=False,
        ),
    ]
