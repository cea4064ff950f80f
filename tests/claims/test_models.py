"""The database itself guards the data: each constraint refuses its violation."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimLink, EntityAlias
from sources.models import Source
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    EntityAliasFactory,
    EntityFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_same_content_hash_twice_is_refused():
    source = SourceFactory()
    assert refused(
        lambda: Source.objects.create(body="other", raw="other", content_hash=source.content_hash)
    )


def test_same_url_twice_is_refused_but_many_sources_may_have_none():
    SourceFactory(url="https://example.org/a")
    assert refused(lambda: SourceFactory(url="https://example.org/a"))
    SourceFactory(url=None)
    SourceFactory(url=None)
    assert Source.objects.filter(url__isnull=True).count() == 2


def test_claim_linked_to_itself_is_refused():
    claim = ClaimFactory()
    assert refused(lambda: ClaimLink.objects.create(claim_a=claim, claim_b=claim, relation="agree"))


def test_second_link_for_the_same_pair_is_refused_in_either_order():
    link = ClaimLinkFactory()
    assert refused(
        lambda: ClaimLink.objects.create(
            claim_a=link.claim_a, claim_b=link.claim_b, relation="agree"
        )
    )
    # The reversed order is refused by the canonical-order check.
    assert refused(
        lambda: ClaimLink.objects.create(
            claim_a=link.claim_b, claim_b=link.claim_a, relation="agree"
        )
    )
    assert ClaimLink.objects.count() == 1


def test_empty_or_reversed_claim_span_is_refused():
    source = SourceFactory()
    assert refused(lambda: Claim.objects.create(source=source, text="", start=5, end=5))
    assert refused(lambda: Claim.objects.create(source=source, text="x", start=6, end=5))


def test_one_claim_per_span_of_a_source():
    claim = ClaimFactory()
    assert refused(
        lambda: Claim.objects.create(
            source=claim.source, text=claim.text, start=claim.start, end=claim.end
        )
    )


def test_one_alias_key_names_one_entity():
    alias = EntityAliasFactory(normalized="volga strategy group")
    other = EntityFactory(name="Volga Strategy Group (Kazan)")
    assert refused(
        lambda: EntityAlias.objects.create(
            entity=other, text="Volga Strategy Group", normalized="volga strategy group"
        )
    )
    assert alias.entity.aliases.count() == 1
