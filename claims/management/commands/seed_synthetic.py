"""Fill an empty database with a large synthetic corpus, for measuring pages at scale.

``manage.py seed_synthetic --sources 10000 --claims-per-source 10`` makes 100,000
claims naming about 5,000 entities (Russia named by a fifth of them), 250,000
mentions, 20,000 links of every status, relation and origin, and 3,000 claim sets
(the largest above 200 claims), then checks the claim sets against the confirmed
links and prints what it made. See claims/synthetic/corpus.py.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from claims.synthetic.corpus import claim_sets_check, synthetic_corpus_create
from sources.models import Source


class Command(BaseCommand):
    help = "Fill an empty database with a large synthetic corpus (sources, claims, links, sets)."

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, required=True)
        parser.add_argument("--claims-per-source", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0, help="The same seed, the same corpus.")
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that holds sources already."
        )

    def handle(self, *args, **options):
        sources, per_source = options["sources"], options["claims_per_source"]
        if sources < 1 or per_source < 1:
            raise CommandError("--sources and --claims-per-source must be at least 1.")
        if sources * per_source < 20:
            raise CommandError("Make at least 20 claims (sources × claims per source).")
        if not options["force"] and (Source.objects.exists() or Claim.objects.exists()):
            raise CommandError(
                f"The database holds {Source.objects.count():,} sources and "
                f"{Claim.objects.count():,} claims already; use an empty one, or --force to add."
            )
        users = get_user_model().objects
        editor = (
            users.filter(username="editor").first()
            or users.filter(is_superuser=True).order_by("pk").first()
        )
        made = synthetic_corpus_create(
            sources=sources,
            claims_per_source=per_source,
            seed=options["seed"],
            editor=editor,
            progress=lambda message: self.stdout.write(message),
        )
        self.report(made)
        problems = claim_sets_check()
        if problems:
            raise CommandError(
                "The claim sets do not match the confirmed links:\n" + "\n".join(problems[:20])
            )
        self.stdout.write(self.style.SUCCESS("Claim sets match the confirmed links."))

    def report(self, made) -> None:
        claims = Claim.objects.count()
        by_status = dict(Claim.objects.values_list("status").annotate(n=Count("pk")).order_by())
        hub_claims = Mention.objects.filter(entity=made.hub).values("claim").distinct().count()
        links = ClaimLink.objects.values_list("status", "relation", "origin").annotate(
            n=Count("pk")
        )
        sets = ClaimSet.objects.aggregate(
            n=Count("pk"),
            conflict=Count("pk", filter=Q(has_conflict=True)),
            inconsistent=Count("pk", filter=Q(is_inconsistent=True)),
        )
        lines = [
            f"{Source.objects.count():,} sources, {claims:,} claims ("
            + ", ".join(f"{n:,} {status}" for status, n in sorted(by_status.items()))
            + ")",
            f"{Entity.objects.count():,} entities, {Mention.objects.count():,} mentions; "
            f"hub entity {made.hub.name!r} (id {made.hub.pk}) named by {hub_claims:,} claims "
            f"({hub_claims / max(claims, 1):.0%})",
            f"{ClaimLink.objects.count():,} links: "
            + ", ".join(
                f"{n:,} {status} {relation} ({origin})"
                for status, relation, origin, n in sorted(links.order_by())
            ),
            f"{sets['n']:,} claim sets ({sets['conflict']:,} with a conflict, "
            f"{sets['inconsistent']:,} inconsistent); largest: id {made.largest_set.pk}, "
            f"{made.largest_set_size:,} claims",
            "seconds: " + ", ".join(f"{name} {s:.1f}" for name, s in made.seconds.items()),
        ]
        for line in lines:
            self.stdout.write(line)
