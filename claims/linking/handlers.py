"""A deleted source's claim sets are reshaped: connected in ``ClaimsConfig.ready()``."""

from django.db.models import Q

from ..models import Claim, ClaimLink, ClaimSet
from .claim_sets import claim_sets_refresh

# Deleting a source (the admin, a shell) deletes its claims and their links by
# cascade; the claim sets those links held must follow, as they do when one
# link is deleted. Before the delete: note the claims on the other end of each
# confirmed link and the sets involved. After it: reshape the sets around
# those claims and remove sets left with no claim.


def note_claim_sets_of_source(sender, instance, **kwargs) -> None:
    own = Claim.objects.filter(source_id=instance.pk)
    links = ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED).filter(
        Q(claim_a__in=own) | Q(claim_b__in=own)
    )
    own_ids = set(own.values_list("pk", flat=True))
    ends = {end for pair in links.values_list("claim_a_id", "claim_b_id") for end in pair}
    instance._claim_sets_to_refresh = (
        ends - own_ids,
        set(own.exclude(claim_set=None).values_list("claim_set_id", flat=True)),
    )


def refresh_claim_sets_of_source(sender, instance, **kwargs) -> None:
    others, set_ids = getattr(instance, "_claim_sets_to_refresh", (set(), set()))
    if others:
        claim_sets_refresh(claim_ids=others)
    if set_ids:
        # Each deleted set leaves a history record: the API's tombstone.
        ClaimSet.objects.filter(pk__in=set_ids, claims__isnull=True).delete()
