"""Prepare the demo: an editor account and the demo corpus ingested."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

CORPUS = Path(settings.BASE_DIR) / "demo" / "corpus"


class Command(BaseCommand):
    help = "Create the demo editor account and ingest the demo corpus (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="demo-editor-password")

    def handle(self, *args, **options):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=options["username"])
        # The demo editor may do everything in the admin.
        user.is_staff = user.is_superuser = True
        user.set_password(options["password"])
        user.save()
        try:
            call_command("ingest", str(CORPUS), stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            raise CommandError(f"The demo corpus did not ingest cleanly: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor: username {options['username']!r}, password {options['password']!r}"
            )
        )
