from django.db import migrations

from portal.defaults import ensure_footer_pages


def create_defaults(apps, schema_editor):
    ensure_footer_pages(apps.get_model("portal", "FooterPage"))
    apps.get_model("portal", "SiteSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
