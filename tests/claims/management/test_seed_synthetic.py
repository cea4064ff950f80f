"""seed_synthetic: a corpus whose claim sets are what the linking services make of its links."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from claims.linking.claim_sets import claim_sets_refresh
from claims.models import Claim, ClaimLink, ClaimSet, Mention
from claims.synthetic.corpus import claim_sets_check, corpus_plan
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(editor_user):
    out = io.StringIO()
    call_command("seed_synthetic", "--sources", "50", "--claims-per-source", "10", stdout=out)
    return out.getvalue()


def test_seed_makes_the_corpus_it_reports(seeded):
    assert Source.objects.count() == 50
    assert Claim.objects.count() == 500
    assert "50 sources, 500 claims" in seeded
    assert "Claim sets match the confirmed links." in seeded
    # Every claim and every mention points at its own words in its source.
    for claim in Claim.objects.select_related("source"):
        assert claim.source.body[claim.start : claim.end] == claim.text
    for mention in Mention.objects.select_related("claim__source"):
        assert mention.claim.source.body[mention.start : mention.end] == mention.text
        assert mention.claim.start <= mention.start < mention.end <= mention.claim.end
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert len(set(Source.objects.values_list("published_on__year", flat=True))) > 3


def test_hub_entity_is_named_by_about_a_fifth_of_the_claims(seeded):
    named = (
        Mention.objects.values("entity__name", "entity")
        .annotate(n=Count("claim", distinct=True))
        .order_by("-n")
    )
    hub, runner_up = named[0], named[1]
    assert hub["entity__name"] == "Russia"
    assert 0.15 <= hub["n"] / Claim.objects.count() <= 0.25
    assert runner_up["n"] < hub["n"]
    assert f"hub entity 'Russia' (id {hub['entity']})" in seeded


def test_links_of_every_kind_between_existing_claims(seeded):
    links = ClaimLink.objects.all()
    assert links.count() == 100
    assert {(link.status, link.relation) for link in links} == {
        (status, relation)
        for status in ClaimLink.Status.values
        for relation in ClaimLink.Relation.values
    }
    assert {ClaimLink.Origin.EDITOR, ClaimLink.Origin.AUTOMATIC} <= {link.origin for link in links}
    claims = set(Claim.objects.values_list("pk", flat=True))
    for link in links:
        assert link.claim_a_id < link.claim_b_id
        assert {link.claim_a_id, link.claim_b_id} <= claims
        if link.status != ClaimLink.Status.SUGGESTED:
            assert link.reviewed_by is not None
        if link.origin == ClaimLink.Origin.AUTOMATIC:
            assert link.reasons and link.model_version


def test_claim_sets_are_what_the_linking_services_make_of_the_links(seeded):
    in_sets = Claim.objects.filter(claim_set__isnull=False)
    assert not in_sets.filter(side__isnull=True).exists()
    assert not Claim.objects.filter(claim_set__isnull=True, side__isnull=False).exists()
    confirmed = ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED)
    linked = set(confirmed.values_list("claim_a_id", flat=True)) | set(
        confirmed.values_list("claim_b_id", flat=True)
    )
    assert set(in_sets.values_list("pk", flat=True)) == linked
    sizes = sorted(ClaimSet.objects.annotate(n=Count("claims")).values_list("n", flat=True))
    assert ClaimSet.objects.count() == 15 and sizes[0] >= 2 and sizes[-1] >= 6
    assert claim_sets_check() == []

    # The service itself, asked to refresh every set, changes nothing.
    before = set(in_sets.values_list("pk", "claim_set_id", "side"))
    flags = set(ClaimSet.objects.values_list("pk", "has_conflict", "is_inconsistent"))
    claim_sets_refresh(claim_ids=[pk for pk, _, _ in before])
    assert set(in_sets.values_list("pk", "claim_set_id", "side")) == before
    assert set(ClaimSet.objects.values_list("pk", "has_conflict", "is_inconsistent")) == flags


def test_check_finds_a_claim_moved_to_the_wrong_side(seeded):
    claim = Claim.objects.filter(claim_set__isnull=False).first()
    Claim.objects.filter(pk=claim.pk).update(side=1 - claim.side)
    assert any(f"claim set {claim.claim_set_id}: sides" in p for p in claim_sets_check())


def test_same_seed_same_plan(db):
    first = corpus_plan(sources=20, claims_per_source=5, seed=7)
    again = corpus_plan(sources=20, claims_per_source=5, seed=7)
    other = corpus_plan(sources=20, claims_per_source=5, seed=8)
    assert first.claim_entities == again.claim_entities and first.links == again.links
    assert first.claim_entities != other.claim_entities


def test_refuses_a_database_with_sources_unless_forced(seeded):
    with pytest.raises(CommandError, match="holds 50 sources"):
        call_command("seed_synthetic", "--sources", "5", stdout=io.StringIO())
    call_command("seed_synthetic", "--sources", "5", "--seed", "3", "--force", stdout=io.StringIO())
    assert Source.objects.count() == 55
    assert claim_sets_check() == []


def test_refuses_a_corpus_too_small_to_shape(db):
    with pytest.raises(CommandError, match="at least 20 claims"):
        call_command("seed_synthetic", "--sources", "1", "--claims-per-source", "3")
