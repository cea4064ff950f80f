"""Link a few of the demo corpus's claims so claim sets exist (for the demo and CI's API check).

Run after ``demo_setup``. Pairs claims from different sources that name the
same entities (``selectors.related_claims``) through ``claim_link_create``,
as an editor would: confirmed conflicts and agreements, and a few suggestions
left for review. Idempotent: a pair already linked is left as it is.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import selectors, services
from claims.models import Claim, ClaimLink

# (relation, status) for the successive pairs: mostly confirmed, some suggested.
PLAN = [
    (ClaimLink.Relation.CONFLICT, ClaimLink.Status.CONFIRMED),
    (ClaimLink.Relation.AGREE, ClaimLink.Status.CONFIRMED),
    (ClaimLink.Relation.CONFLICT, ClaimLink.Status.SUGGESTED),
]


class Command(BaseCommand):
    help = "Link demo claims that share entities, so there are claim sets to look at."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=9, help="How many links (default 9).")
        parser.add_argument("--editor", default="editor", help="Who makes them (default editor).")

    def handle(self, *args, count: int, editor: str, **options):
        user = get_user_model().objects.filter(username=editor).first()
        if user is None:
            raise CommandError(f"No user named {editor!r}; run demo_setup first.")
        made = 0
        claims = selectors.claim_list().exclude(status=Claim.Status.REJECTED).order_by("id")
        for claim in claims:
            if made >= count:
                break
            partner = next(iter(selectors.related_claims(claim, limit=1)), None)
            if partner is None:
                continue
            relation, status = PLAN[made % len(PLAN)]
            try:
                services.claim_link_create(
                    claim_a=claim,
                    claim_b=partner,
                    relation=relation,
                    status=status,
                    created_by=user,
                    note="Linked by seed_demo_links.",
                )
            except services.LinkExistsError:
                continue
            made += 1
        self.stdout.write(f"{made} links made; {ClaimLink.objects.count()} in all.")
