"""Editors' actions on a claim: accept or reject (in bulk), edit its structure or span;
add a claim the machine missed, trim or split one, clear proposals off page furniture.

A reviewed or edited claim is kept as it is by re-processing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.text import lines_matching
from sources.models import Source

from ..models import Claim, ClaimVector, Mention
from ..processing.signals import claims_stored
from ..processing.store import protected_claims

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


# --- Editors' fixes: a claim the machine missed, a span too long or too wide --------------


def claim_span_check(*, source: Source, start: int, end: int, claim: Claim | None = None):
    """The span ``body[start:end]`` trimmed of surrounding whitespace, as (start, end).

    Raises ValidationError with the reason when it is outside the body, empty
    once trimmed, or the span of another claim of the source (the database's
    ``claim_span_unique``); ``claim`` is the claim being changed, whose own
    span does not count.
    """
    body = source.body
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start <= end <= len(body):
        raise ValidationError(
            "The span %(start)s–%(end)s is not inside the article (0–%(length)s).",
            code="outside",
            params={"start": start, "end": end, "length": len(body)},
        )
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The span holds no text.", code="empty")
    same = Claim.objects.filter(source=source, start=start, end=end)
    if claim is not None:
        same = same.exclude(pk=claim.pk)
    existing = same.first()
    if existing is not None:
        raise ValidationError(
            "Claim %(id)s (%(status)s) already has exactly this text.",
            code="duplicate",
            params={"id": existing.pk, "status": existing.get_status_display().lower()},
        )
    return start, end


def _mentions_found_in(*, source: Source, start: int, end: int, exclude: set) -> list[Mention]:
    """Mentions the pipeline found inside ``body[start:end]`` for any claim of the source,
    one per span: the entity resolution already done there, reused."""
    found = {}
    for mention in Mention.objects.filter(
        claim__source=source, start__gte=start, end__lte=end
    ).order_by("claim_id", "start"):
        span = (mention.start, mention.end)
        if span not in exclude and span not in found:
            found[span] = mention
    return list(found.values())


def _mentions_copy(*, claim: Claim, mentions: list[Mention]) -> None:
    Mention.objects.bulk_create(
        [
            Mention(
                claim=claim,
                entity_id=m.entity_id,
                text=m.text,
                start=m.start,
                end=m.end,
                label=m.label,
            )
            for m in mentions
        ]
    )


def claim_create(*, source: Source, start: int, end: int, user=None) -> Claim:
    """Add a claim an editor selected in the source body (``origin`` editor, accepted).

    The span is trimmed of surrounding whitespace (see ``claim_span_check``) and
    ``text == body[start:end]``. Selecting it is the editor's judgement, so it
    is accepted and reviewed by them; re-processing never touches it. It names
    the entities the pipeline already found inside the span (in any of the
    source's claims); others are left for the editor.
    """
    with transaction.atomic():
        source = Source.objects.select_for_update().defer("raw").get(pk=source.pk)
        start, end = claim_span_check(source=source, start=start, end=end)
        claim = Claim(
            source=source,
            start=start,
            end=end,
            text=source.body[start:end],
            status=Claim.Status.ACCEPTED,
            origin=Claim.Origin.EDITOR,
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
        claim._history_user = user
        claim.save()
        _mentions_copy(
            claim=claim,
            mentions=_mentions_found_in(source=source, start=start, end=end, exclude=set()),
        )
    # Its links are suggested like a processed claim's (claims/linking/suggestions/).
    claims_stored.send(sender=Claim, claim_ids=[claim.pk])
    return claim


def claim_trim(*, claim: Claim, start: int, end: int, user=None) -> Claim:
    """Give a claim a new span of its source body; its text follows the offsets.

    The claim is marked edited (re-processing keeps it as it is). Its mentions
    outside the new span go; the entities the pipeline found inside it are
    added. The structure fields are left for the editor to correct.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("source").get(pk=claim.pk)
        source = claim.source
        start, end = claim_span_check(source=source, start=start, end=end, claim=claim)
        claim.start, claim.end, claim.text = start, end, source.body[start:end]
        _mark_edited(claim, user)
        ClaimVector.objects.filter(claim=claim).delete()  # made again for the new text
        claim.save()
        claim.mentions.exclude(start__gte=start, end__lte=end).delete()
        kept = set(claim.mentions.values_list("start", "end"))
        _mentions_copy(
            claim=claim,
            mentions=_mentions_found_in(source=source, start=start, end=end, exclude=kept),
        )
    claims_stored.send(sender=Claim, claim_ids=[claim.pk])
    return claim


def claim_split(*, claim: Claim, at: int, user=None) -> tuple[Claim, Claim]:
    """Split a claim at body offset ``at`` into two claims, both marked edited.

    The first part keeps the claim's id, and with it its status, structure,
    links and claim set (a link was drawn to what the claim said; the editor
    moves it if it concerns the second part). The second part is a new claim
    with the same status, origin and score and no structure. Each part is
    trimmed of whitespace and keeps the mentions inside it; a mention across
    ``at`` is dropped.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("source").get(pk=claim.pk)
        source = claim.source
        if not (isinstance(at, int) and claim.start < at < claim.end):
            raise ValidationError(
                "Split at a position inside the claim (%(start)s–%(end)s), not %(at)s.",
                code="outside",
                params={"start": claim.start + 1, "end": claim.end - 1, "at": at},
            )
        try:
            first = claim_span_check(source=source, start=claim.start, end=at, claim=claim)
            second = claim_span_check(source=source, start=at, end=claim.end)
        except ValidationError as error:
            raise ValidationError(
                "Both parts of a split need text of their own: %(reason)s",
                code="split",
                params={"reason": " ".join(error.messages)},
            ) from error
        claim.start, claim.end = first
        claim.text = source.body[claim.start : claim.end]
        _mark_edited(claim, user)
        ClaimVector.objects.filter(claim=claim).delete()  # made again for the new text
        claim.save()
        part = Claim(
            source=source,
            start=second[0],
            end=second[1],
            text=source.body[second[0] : second[1]],
            status=claim.status,
            origin=claim.origin,
            score=claim.score,
            score_reasons=claim.score_reasons,
            pipeline_version=claim.pipeline_version,
        )
        _mark_edited(part, user)
        part.save()
        claim.mentions.filter(start__gte=part.start, end__lte=part.end).update(claim=part)
        claim.mentions.exclude(start__gte=claim.start, end__lte=claim.end).delete()
    claims_stored.send(sender=Claim, claim_ids=[claim.pk, part.pk])
    return claim, part


def _mark_edited(claim: Claim, user) -> None:
    claim.is_edited = True
    claim.reviewed_by = user
    claim.reviewed_at = timezone.now()
    claim._history_user = user


def furniture_proposals_delete(*, source: Source, user=None) -> int:
    """Remove the source's proposals that lie inside a line marked as page furniture.

    Only what re-processing would replace goes: a claim an editor reviewed,
    edited, added or linked stays (``protected_claims``). Returns how many.
    """
    lines = lines_matching(source.body, source.furniture)
    if not lines:
        return 0
    on_furniture = Q()
    for first, last in lines:
        on_furniture |= Q(start__gte=first, end__lte=last)
    doomed = (
        Claim.objects.filter(source=source)
        .filter(on_furniture)
        .exclude(pk__in=protected_claims([source]).values("pk"))
    )
    removed = 0
    for claim in doomed:
        claim._history_user = user
        claim.delete()  # one by one, so history records each removal
        removed += 1
    return removed
