"""Editors' actions on a claim: accept or reject (in bulk), edit its structure or span.

A reviewed or edited claim is kept as it is by re-processing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Claim, ClaimVector
from ..processing.signals import claims_stored

EDITABLE_CLAIM_FIELDS = {
    "subject", "predicate", "object", "is_negated", "is_hedged", "speaker", "quantities", "dates",
}  # fmt: skip


def claims_review(*, claims, status: str, user=None) -> int:
    """Accept or reject claims (bulk); returns how many changed. History records who."""
    if status not in Claim.Status.values:
        raise ValidationError("Unknown claim status %(status)s.", params={"status": status})
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for claim in claims:
            if claim.status == status:
                continue
            claim.status = status
            claim.reviewed_by = user
            claim.reviewed_at = now
            claim._history_user = user
            claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
            changed += 1
    return changed


def claim_update(
    *, claim: Claim, user=None, start: int | None = None, end: int | None = None, **fields
) -> Claim:
    """Edit a claim's structure or span; the claim is then marked edited (kept by re-processing).

    A new span must lie inside the source body; ``text`` follows from it.
    """
    unknown = set(fields) - EDITABLE_CLAIM_FIELDS
    if unknown:
        raise ValidationError(
            "These claim fields cannot be edited: %(f)s.", params={"f": ", ".join(sorted(unknown))}
        )
    text_before = claim.text
    for name, value in fields.items():
        setattr(claim, name, value)
    if start is not None or end is not None:
        body = claim.source.body
        start = claim.start if start is None else start
        end = claim.end if end is None else end
        if not 0 <= start < end <= len(body):
            raise ValidationError(
                "The span %(start)s–%(end)s is not inside the article.",
                params={"start": start, "end": end},
            )
        claim.start, claim.end, claim.text = start, end, body[start:end]
    claim.is_edited = True
    claim.reviewed_by = user
    claim.reviewed_at = timezone.now()
    claim._history_user = user
    claim.full_clean(exclude=["source", "claim_set", "reviewed_by"], validate_unique=False)
    with transaction.atomic():
        if claim.text != text_before:
            ClaimVector.objects.filter(claim=claim).delete()  # made again for the new text
        claim.save()
    # Its links are suggested again (claims/linking/suggestions/handlers.py).
    claims_stored.send(sender=Claim, claim_ids=[claim.pk])
    return claim
