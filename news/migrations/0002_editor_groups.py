from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "编辑"
CHIEF_EDITOR = "主编"

# (app_label, codename) pairs. Editors write and keep drafts; chief editors also
# publish, delete and run the site-wide settings.
EDITOR_PERMISSIONS = [
    ("news", "add_article"), ("news", "change_article"), ("news", "view_article"),
    ("news", "view_category"), ("news", "view_source"),
    ("taggit", "add_tag"), ("taggit", "change_tag"), ("taggit", "view_tag"),
]
CHIEF_EDITOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("news", "publish_article"), ("news", "delete_article"),
    ("news", "add_category"), ("news", "change_category"), ("news", "delete_category"),
    ("news", "add_source"), ("news", "change_source"), ("news", "delete_source"),
    ("taggit", "delete_tag"),
    ("portal", "view_sitesettings"), ("portal", "change_sitesettings"),
    ("portal", "add_promotion"), ("portal", "change_promotion"), ("portal", "delete_promotion"),
    ("portal", "view_promotion"),
    ("portal", "add_footerpage"), ("portal", "change_footerpage"), ("portal", "view_footerpage"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups
    # need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in [(EDITOR, EDITOR_PERMISSIONS), (CHIEF_EDITOR, CHIEF_EDITOR_PERMISSIONS)]:
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, CHIEF_EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("portal", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
