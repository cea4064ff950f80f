"""Reads of sources the admin, the API and the commands share.

A source's claims are read through the reverse relation ``claims`` that the
claims app declares on Source, so this module imports nothing from ``claims``.
"""

from django.db.models import OuterRef, QuerySet

from common.db import count_of

from .models import Source


def _claims(**filters) -> QuerySet:
    claim_model = Source._meta.get_field("claims").related_model
    return claim_model.objects.filter(source=OuterRef("pk"), **filters)


def source_list() -> QuerySet[Source]:
    """Sources with their claim counts by status; the raw input and body are left unread.

    ``claim_count``, ``proposed_count``, ``accepted_count``, ``rejected_count``:
    one correlated count each, so filters that join other tables cannot inflate them.
    """
    return Source.objects.defer("raw", "body").annotate(
        claim_count=count_of(_claims()),
        proposed_count=count_of(_claims(status="proposed")),
        accepted_count=count_of(_claims(status="accepted")),
        rejected_count=count_of(_claims(status="rejected")),
    )


def source_detail() -> QuerySet[Source]:
    """``source_list`` with the body, which claims' offsets point into (the raw input stays unread)."""
    return source_list().defer(None).defer("raw")
