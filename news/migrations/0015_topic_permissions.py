from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "编辑"
CHIEF_EDITOR = "主编"
# Editors build 专题; only 主编 publish, withdraw and delete them.
MODELS = ("topic", "topicsection", "topicarticle")
EDITOR_PERMISSIONS = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
CHIEF_EDITOR_PERMISSIONS = [*EDITOR_PERMISSIONS, *(f"delete_{model}" for model in MODELS), "publish_topic"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups
    # need them now (as in 0002_editor_groups).
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(EDITOR, EDITOR_PERMISSIONS), (CHIEF_EDITOR, CHIEF_EDITOR_PERMISSIONS)]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=[EDITOR, CHIEF_EDITOR]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="news", codename__in=CHIEF_EDITOR_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0014_topics"),
        ("news", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
