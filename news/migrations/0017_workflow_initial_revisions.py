"""The default review step (主编), its permissions, and one initial revision of every article.

Statuses keep their values (草稿 stays draft, 已发布 stays published), so
every article keeps its visibility.
"""

from django.contrib.auth.management import create_permissions
from django.core import serializers
from django.db import migrations

NOT_VERSIONED = {"view_count", "updated_at", "edit_version", "pending_revision", "revision_state", "review_step"}
CHIEF_EDITOR_PERMISSIONS = [
    "add_reviewstep", "change_reviewstep", "delete_reviewstep", "view_reviewstep", "view_articleevent",
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ReviewStep = apps.get_model("news", "ReviewStep")
    chief, _created = Group.objects.get_or_create(name="主编")
    for codename in CHIEF_EDITOR_PERMISSIONS:
        chief.permissions.add(Permission.objects.get(content_type__app_label="news", codename=codename))
    if not ReviewStep.objects.exists():
        ReviewStep.objects.create(name="主编审核", position=1, group=chief)

    Article = apps.get_model("news", "Article")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    RevisionInfo = apps.get_model("news", "RevisionInfo")
    content_type, _created = ContentType.objects.get_or_create(app_label="news", model="article")
    fields = [f.name for f in Article._meta.concrete_fields if f.name not in NOT_VERSIONED and not f.primary_key]
    db = schema_editor.connection.alias
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    tags = {}
    for object_id, name in TaggedItem.objects.using(db).filter(content_type=content_type).order_by("pk").values_list(
        "object_id", "tag__name"
    ):
        tags.setdefault(object_id, []).append(name)
    articles = Article.objects.using(db).order_by("pk")
    for start in range(0, articles.count(), 500):
        for article in articles[start : start + 500]:
            revision = Revision.objects.using(db).create(comment="初始版本", date_created=article.updated_at)
            Version.objects.using(db).create(
                revision=revision,
                object_id=str(article.pk),
                content_type=content_type,
                db=db,
                format="json",
                serialized_data=serializers.serialize("json", [article], fields=fields),
                object_repr=article.title[:191],
            )
            RevisionInfo.objects.using(db).create(
                revision=revision, article=article, kind="save", tags=", ".join(tags.get(article.pk, []))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_editorial_workflow"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
