"""Prepare the demo: an editor and a researcher account, the demo corpus ingested,
and the claim pairs demo/README.md lists linked as an editor would link them, after
accepting both claims of each pair (the rest stay proposed, for review)."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from access.roles import EDITORS, RESEARCHERS
from claims.linking import services
from claims.models import Claim, ClaimLink
from claims.review.services import claims_review

DEMO = Path(settings.BASE_DIR) / "demo"
ACCOUNTS = [
    # username, password, group; both may sign in, researchers only to look.
    ("editor", "demo-editor-password", EDITORS),
    ("researcher", "demo-researcher-password", RESEARCHERS),
]
# A numbered pair in demo/README.md: 3. 01: "quote" ↔ 07: "quote" (comment)
PAIR = re.compile(r'^\d+\.\s+\d\d:\s+"(?P<a>[^"]+)"\s+↔\s+\d\d:\s+"(?P<b>[^"]+)"(?P<rest>.*)$')
# The last pairs of each list stay suggested, for the review queue.
LEFT_SUGGESTED = 2


def readme_pairs(text: str) -> list[tuple[str, str, str, str]]:
    """(relation, quote a, quote b, note) for each pair under AGREE: and CONFLICT:."""
    pairs, relation = [], None
    for line in text.splitlines():
        if line.strip() in {"AGREE:", "CONFLICT:"}:
            relation = line.strip().rstrip(":").lower()
        elif relation and (match := PAIR.match(line.strip())):
            note = match.group("rest").strip(" ()")
            pairs.append((relation, match.group("a"), match.group("b"), note))
    return pairs


class Command(BaseCommand):
    help = "Create the demo accounts, ingest the demo corpus and link its claim pairs (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, password, group in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group))
        try:
            # --wait: with a broker, the workers must have proposed the claims
            # before they can be linked; in-process they already have.
            call_command(
                "ingest", str(DEMO / "corpus"), "--wait", stdout=self.stdout, stderr=self.stderr
            )
        except CommandError as exc:
            raise CommandError(f"The demo corpus did not ingest cleanly: {exc}") from exc
        self.link_pairs(User.objects.get(username="editor"))
        for username, password, group in ACCOUNTS:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {group[:-1].lower()}: username {username!r}, password {password!r}"
                )
            )

    def link_pairs(self, editor) -> None:
        pairs = readme_pairs((DEMO / "README.md").read_text(encoding="utf-8"))
        made = from_machine = 0
        for relation, quote_a, quote_b, note in pairs:
            claim_a = Claim.objects.filter(text__contains=quote_a).order_by("pk").first()
            claim_b = Claim.objects.filter(text__contains=quote_b).order_by("pk").first()
            if claim_a is None or claim_b is None:
                self.stderr.write(f"not linked (claim not proposed): {quote_a!r} / {quote_b!r}")
                continue
            # An editor reads a claim before vouching for a link: the pair is accepted first.
            claims_review(claims=[claim_a, claim_b], status=Claim.Status.ACCEPTED, user=editor)
            same_relation = [p for p in pairs if p[0] == relation]
            suggested = (
                same_relation.index((relation, quote_a, quote_b, note))
                >= len(same_relation) - LEFT_SUGGESTED
            )
            try:
                services.claim_link_create(
                    claim_a=claim_a,
                    claim_b=claim_b,
                    relation=relation,
                    status=ClaimLink.Status.SUGGESTED if suggested else ClaimLink.Status.CONFIRMED,
                    note=note,
                    created_by=editor,
                )
            except services.LinkExistsError as exists:
                # The machine suggested this pair already: the editor decides on it.
                link = exists.existing
                if (
                    link.origin != ClaimLink.Origin.AUTOMATIC
                    or link.status != link.Status.SUGGESTED
                ):
                    continue
                from_machine += 1
                if not suggested:
                    services.claim_link_update(
                        link=link,
                        user=editor,
                        relation=relation,
                        note=note,
                        status=ClaimLink.Status.CONFIRMED,
                    )
            made += 1
        self.stdout.write(
            f"{made} demo links made, {from_machine} of them on the machine's suggestions "
            f"({ClaimLink.objects.count()} links in all)."
        )
