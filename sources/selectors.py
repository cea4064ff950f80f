"""Reads of sources the admin, the API and the commands share.

A source's claims are read through the reverse relation ``claims`` that the
claims app declares on Source, so this module imports nothing from ``claims``.
"""

import operator
from functools import reduce

from django.db.models import OuterRef, Q, QuerySet

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


def metadata_unknown(field: str | None = None) -> Q:
    """Sources whose ``field`` (one of ``Source.METADATA_FIELDS``) is unknown; without a
    field, those with any of them unknown (the admin's "metadata missing")."""
    if field is None:
        return reduce(operator.or_, (metadata_unknown(name) for name in Source.METADATA_FIELDS))
    if field not in Source.METADATA_FIELDS:
        raise ValueError(f"{field} is not a metadata field")
    if field == "published_on":
        return Q(published_on__isnull=True)
    return Q(**{field: ""})
