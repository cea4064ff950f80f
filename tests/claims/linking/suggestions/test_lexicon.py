"""The antonym lexicon: seeded from WordNet and the team's list, extended by editors' decisions."""

import pytest

from claims.linking import services
from claims.linking.suggestions.lexicon import antonym_lexicon_load, are_antonyms
from claims.models import AntonymPair, ClaimLink
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_seed_lexicon_holds_wordnet_and_news_oppositions():
    antonym_lexicon_load()  # transactional tests flush the migration's rows
    assert are_antonyms("win", "lose")  # WordNet
    assert are_antonyms("reclaim", "lose")  # the team's list
    assert are_antonyms("fall", "rise")
    assert not are_antonyms("win", "reclaim")


def conflict(predicate_a, predicate_b, *, negated_b=False) -> ClaimLink:
    a = ClaimFactory(predicate=predicate_a)
    b = ClaimFactory(predicate=predicate_b, is_negated=negated_b)
    return services.claim_link_create(
        claim_a=a,
        claim_b=b,
        relation=ClaimLink.Relation.CONFLICT,
        origin=ClaimLink.Origin.AUTOMATIC,
    )


def test_confirming_a_conflict_between_different_verbs_learns_the_pair(editor_user):
    link = conflict("outmanoeuvre", "trail")
    assert not are_antonyms("outmanoeuvre", "trail")
    services.claim_link_confirm(link=link, user=editor_user)
    pair = AntonymPair.objects.get(lemma_a="outmanoeuvre", lemma_b="trail")
    assert pair.origin == AntonymPair.Origin.LEARNED
    assert are_antonyms("trail", "outmanoeuvre")


def test_a_conflict_of_negation_or_of_light_verbs_teaches_nothing(editor_user):
    services.claim_link_confirm(
        link=conflict("outmanoeuvre", "trail", negated_b=True), user=editor_user
    )
    services.claim_link_confirm(link=conflict("be", "trail"), user=editor_user)
    assert not AntonymPair.objects.filter(origin=AntonymPair.Origin.LEARNED).exists()


def test_rejecting_a_conflict_teaches_nothing(editor_user):
    services.claim_link_reject(link=conflict("outmanoeuvre", "trail"), user=editor_user)
    assert not AntonymPair.objects.filter(lemma_a="outmanoeuvre").exists()
    assert not are_antonyms("outmanoeuvre", "trail")


def test_an_editor_adds_a_pair_in_the_admin_in_canonical_order(editor_client):
    response = editor_client.post(
        "/admin/claims/antonympair/add/", {"lemma_a": "Snub", "lemma_b": "embrace"}
    )
    assert response.status_code == 302
    pair = AntonymPair.objects.get(lemma_a="embrace", lemma_b="snub")
    assert pair.origin == AntonymPair.Origin.EDITOR
    assert are_antonyms("snub", "embrace")
