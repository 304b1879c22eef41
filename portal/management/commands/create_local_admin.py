from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create a local superuser admin/admin when no superuser exists. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a well-known admin account with DEBUG off.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        User.objects.create_superuser(USERNAME, "admin@example.com", PASSWORD)
        self.stdout.write(
            self.style.WARNING(f"Created local superuser {USERNAME!r} with password {PASSWORD!r} (for local use only).")
        )
