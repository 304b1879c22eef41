from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITOR = "主编"
# Only 主编 keep the word lists; 编辑 neither see nor change them.
WORD_LIST_PERMISSIONS = [
    f"{action}_{model}" for model in ("wordlist", "wordentry") for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the group
    # needs them now (as in 0002_editor_groups).
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=CHIEF_EDITOR)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="news", codename__in=WORD_LIST_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=CHIEF_EDITOR):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="news", codename__in=WORD_LIST_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_word_lists"),
        ("news", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
