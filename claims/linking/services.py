"""Links between two claims (agree or conflict), each written once for every face.

``claim_link_check`` validates a new pair (the admin's form calls it too);
``claim_link_create`` / ``_update`` / ``_confirm`` / ``_reject`` / ``_delete``
change links, and the claim sets follow at once (``claim_sets``).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Claim, ClaimLink
from .claim_sets import claim_sets_refresh
from .suggestions.lexicon import antonym_pair_learn


class LinkExistsError(ValidationError):
    """The two claims are already linked; ``existing`` is that link."""

    def __init__(self, existing: ClaimLink):
        self.existing = existing
        super().__init__(
            "These claims are already linked (link #%(id)s, %(relation)s, %(status)s).",
            code="duplicate",
            params={"id": existing.pk, "relation": existing.relation, "status": existing.status},
        )


def claim_link_check(
    *, claim_a: Claim, claim_b: Claim, status: str = ClaimLink.Status.SUGGESTED
) -> tuple[Claim, Claim]:
    """The pair in canonical order (lower id first), if it may be linked with ``status``.

    Raises ValidationError for a claim linked to itself or a new link that is
    already rejected, and LinkExistsError when the pair is linked (in either order).
    """
    if claim_a.pk == claim_b.pk:
        raise ValidationError("A claim cannot be linked to itself.", code="self_link")
    if status == ClaimLink.Status.REJECTED:
        raise ValidationError(
            {"status": "A new link is suggested or confirmed."}, code="invalid_status"
        )
    first, second = sorted([claim_a, claim_b], key=lambda c: c.pk)
    existing = ClaimLink.objects.filter(claim_a=first, claim_b=second).first()
    if existing:
        raise LinkExistsError(existing)
    return first, second


def claim_link_create(
    *,
    claim_a: Claim,
    claim_b: Claim,
    relation: str,
    status: str = ClaimLink.Status.SUGGESTED,
    note: str = "",
    origin: str = ClaimLink.Origin.EDITOR,
    created_by=None,
    score: float | None = None,
    rationale: str = "",
    take_over_suggestion: bool = False,
) -> ClaimLink:
    """Link two different claims as agreeing or conflicting, in either order.

    A confirmed link joins the claims' sets at once. Raises ValidationError for
    a claim linked to itself or an unknown relation or status, and
    LinkExistsError when the pair is already linked (in either order) — unless
    ``take_over_suggestion`` and the link there is the machine's open
    suggestion: the editor's relation, status and note then decide it.
    """
    decide = {"user": created_by, "relation": relation, "status": status, "note": note}
    try:
        first, second = claim_link_check(claim_a=claim_a, claim_b=claim_b, status=status)
    except LinkExistsError as exists:
        if take_over_suggestion and _is_open_suggestion(exists.existing):
            return claim_link_update(link=exists.existing, **decide)
        raise
    link = ClaimLink(
        claim_a=first,
        claim_b=second,
        relation=relation,
        status=status,
        origin=origin,
        note=note,
        score=score,
        rationale=rationale,
        created_by=created_by,
    )
    if status == ClaimLink.Status.CONFIRMED:
        link.reviewed_by = created_by
        link.reviewed_at = timezone.now()
    _validate(link, user=created_by)
    try:
        with transaction.atomic():
            link.save()
            if status == ClaimLink.Status.CONFIRMED:
                claim_sets_refresh(claim_ids=[first.pk, second.pk])
    except IntegrityError:
        existing = ClaimLink.objects.filter(claim_a=first, claim_b=second).first()
        if existing is None:
            raise
        if take_over_suggestion and _is_open_suggestion(existing):
            return claim_link_update(link=existing, **decide)
        raise LinkExistsError(existing) from None
    if status == ClaimLink.Status.CONFIRMED:
        antonym_pair_learn(link=link)
    return link


def _is_open_suggestion(link: ClaimLink) -> bool:
    return link.origin == ClaimLink.Origin.AUTOMATIC and link.status == ClaimLink.Status.SUGGESTED


def _validate(link: ClaimLink, *, user) -> None:
    """Check the link's own fields (relation, status, note, score) and record who acts.

    The pair's rules are ``claim_link_check``'s; the database's constraints back them.
    """
    link.full_clean(
        exclude=["claim_a", "claim_b", "created_by", "reviewed_by"],
        validate_constraints=False,
        validate_unique=False,
    )
    link._history_user = user


def claim_link_update(
    *,
    link: ClaimLink,
    user=None,
    relation: str | None = None,
    note: str | None = None,
    status: str | None = None,
) -> ClaimLink:
    """Change a link's relation, note or status; claim sets follow at once."""
    before = (link.status, link.relation)
    if relation is not None:
        link.relation = relation
    if note is not None:
        link.note = note
    if status is not None and status != link.status:
        link.status = status
        link.reviewed_by = user
        link.reviewed_at = timezone.now()
    _validate(link, user=user)
    with transaction.atomic():
        link.save()
        confirmed = ClaimLink.Status.CONFIRMED
        if (before[0] == confirmed or link.status == confirmed) and before != (
            link.status,
            link.relation,
        ):
            claim_sets_refresh(claim_ids=[link.claim_a_id, link.claim_b_id])
        if link.status == confirmed and before != (link.status, link.relation):
            # A confirmed conflict between opposite verbs teaches the lexicon the pair.
            antonym_pair_learn(link=link)
    return link


def claim_link_confirm(*, link: ClaimLink, user=None) -> ClaimLink:
    return claim_link_update(link=link, user=user, status=ClaimLink.Status.CONFIRMED)


def claim_link_reject(*, link: ClaimLink, user=None) -> ClaimLink:
    return claim_link_update(link=link, user=user, status=ClaimLink.Status.REJECTED)


def claim_link_delete(*, link: ClaimLink, user=None) -> None:
    """Delete a link; a set it held together splits (the largest part keeps the id)."""
    claim_ids = [link.claim_a_id, link.claim_b_id]
    was_confirmed = link.status == ClaimLink.Status.CONFIRMED
    link._history_user = user
    with transaction.atomic():
        link.delete()
        if was_confirmed:
            claim_sets_refresh(claim_ids=claim_ids)


def claim_link_undo(*, link: ClaimLink, user=None) -> ClaimLink.Status | None:
    """Take back what an editor just did to a link, in one step; claim sets follow.

    A machine's suggestion that was decided goes back to the suggestions, with
    the relation the machine suggested (returns ``SUGGESTED``); a link an
    editor or a program made is deleted (returns None).
    """
    if link.origin == ClaimLink.Origin.AUTOMATIC:
        if link.status == ClaimLink.Status.SUGGESTED:
            return ClaimLink.Status.SUGGESTED
        was_confirmed = link.status == ClaimLink.Status.CONFIRMED
        link.status = ClaimLink.Status.SUGGESTED
        link.relation = link.suggested_relation or link.relation
        link.reviewed_by = None
        link.reviewed_at = None
        _validate(link, user=user)
        with transaction.atomic():
            link.save(
                update_fields=["status", "relation", "reviewed_by", "reviewed_at", "updated_at"]
            )
            if was_confirmed:
                claim_sets_refresh(claim_ids=[link.claim_a_id, link.claim_b_id])
        return ClaimLink.Status.SUGGESTED
    claim_link_delete(link=link, user=user)
    return None
