"""Prepare the demo: an editor and a researcher account, and the demo corpus ingested."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS, RESEARCHERS

CORPUS = Path(settings.BASE_DIR) / "demo" / "corpus"
ACCOUNTS = [
    # username, password, group; both may sign in to the admin, researchers only to look.
    ("editor", "demo-editor-password", EDITORS),
    ("researcher", "demo-researcher-password", RESEARCHERS),
]


class Command(BaseCommand):
    help = "Create the demo accounts and ingest the demo corpus (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, password, group in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group))
        try:
            call_command("ingest", str(CORPUS), stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            raise CommandError(f"The demo corpus did not ingest cleanly: {exc}") from exc
        for username, password, group in ACCOUNTS:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {group[:-1].lower()}: username {username!r}, password {password!r}"
                )
            )
