"""Print a user's API token, creating it if needed: ``manage.py issue_token USERNAME``.

For operators; each reader can also issue their own at /accounts/token/ (access/tokens.py).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from access.roles import is_editor, is_researcher
from access.tokens import api_token_issue


class Command(BaseCommand):
    help = (
        "Print USERNAME's API token (Authorization: Token <key>), creating one if the user "
        "has none. --reset replaces an existing token, which stops the old one working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Replace the existing token.")

    def handle(self, *args, username: str, reset: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is inactive; activate the account first.")
        if not is_researcher(user):
            raise CommandError(
                f"{username!r} is neither an editor nor a researcher; add them to a group first."
            )
        token, created = api_token_issue(user=user, reset=reset)
        role = "editor" if is_editor(user) else "researcher"
        verb = "New" if created else "Existing"
        self.stderr.write(f"{verb} token for {username} ({role}):")
        self.stdout.write(token.key)
