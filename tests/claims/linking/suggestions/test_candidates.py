"""Which claims a claim is compared with: rare shared entities, full text, embeddings."""

import pytest
from django.db import connection
from django.test import override_settings

from claims.linking.suggestions.candidates import candidates_for
from claims.linking.suggestions.embeddings import claim_vectors_ensure
from claims.models import Claim
from tests.factories import EntityFactory

from .conftest import claims_in_source

pytestmark = pytest.mark.django_db

# An entity named by more than three claims is a hub in these tests.
hub_only = override_settings(LINK_HUB_MIN_CLAIMS=3, LINK_HUB_SHARE=0.0)


def _vectors_for_all():
    claim_vectors_ensure(claim_ids=Claim.objects.values_list("pk", flat=True))


@hub_only
def test_a_rare_shared_entity_makes_a_candidate_and_a_hub_alone_does_not():
    russia, kant = EntityFactory(name="Russia"), EntityFactory(name="Kant")
    sentence = "Russia doubled the aircraft stationed at Kant."
    (claim,) = claims_in_source(sentence, entities={sentence: [russia, kant]})
    (same_base,) = claims_in_source(
        "Kant hosts the only foreign air wing in the republic.",
        entities={"Kant hosts the only foreign air wing in the republic.": [kant, russia]},
    )
    hub_only_claims = claims_in_source(
        "Russia exported more wheat than ever.", "Russia held a ballet festival in June.",
        entities={
            "Russia exported more wheat than ever.": [russia],
            "Russia held a ballet festival in June.": [russia],
        },
    )  # fmt: skip
    _vectors_for_all()

    found = {c.other_id: c for c in candidates_for(claim)}

    assert same_base.pk in found
    assert {c.pk for c in hub_only_claims}.isdisjoint(found)
    assert dict(found[same_base.pk].shared_entities)[kant.pk] == 2


@hub_only
def test_claims_of_the_same_source_come_after_those_of_other_sources():
    kant = EntityFactory(name="Kant")
    sentences = [
        "Kant received four new helicopters.",
        "Kant will get a second runway next year.",
    ]
    claim, neighbour = claims_in_source(*sentences, entities={s: [kant] for s in sentences})
    (elsewhere,) = claims_in_source(
        "Kant saw its busiest year of flights.",
        entities={"Kant saw its busiest year of flights.": [kant]},
    )
    _vectors_for_all()

    found = candidates_for(claim)

    assert [c.other_id for c in found] == [elsewhere.pk, neighbour.pk]
    assert [c.same_source for c in found] == [False, True]
    assert candidates_for(claim, limit=1)[0].other_id == elsewhere.pk


def test_a_claim_saying_the_same_in_other_words_is_found_without_shared_entities():
    (claim,) = claims_in_source(
        "Moscow is winning back its influence over the region with drills and arms sales."
    )
    (paraphrase,) = claims_in_source(
        "Russia is regaining influence in the region through military drills and weapons sales."
    )
    (unrelated,) = claims_in_source("The village bakery sells rye bread every Sunday morning.")
    _vectors_for_all()

    found = {c.other_id: c for c in candidates_for(claim)}

    assert paraphrase.pk in found and unrelated.pk not in found
    assert found[paraphrase.pk].cosine > 0.6
    if connection.vendor == "postgresql":
        # "influence", "region", "drill", "sale" are shared stems.
        assert found[paraphrase.pk].text_rank > 0


def test_rejected_claims_are_never_candidates():
    sentence = "The dam on the Vakhsh river will be finished in 2029."
    (claim,) = claims_in_source(sentence)
    (rejected,) = claims_in_source(sentence)
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)
    (kept,) = claims_in_source(sentence)
    _vectors_for_all()

    found = [c.other_id for c in candidates_for(claim)]

    assert found == [kept.pk]


@hub_only
def test_finding_candidates_costs_the_same_few_queries_however_many_are_found(
    django_assert_max_num_queries,
):
    kant = EntityFactory(name="Kant")
    sentence = "Kant received four new helicopters."
    (claim,) = claims_in_source(sentence, entities={sentence: [kant]})
    others = [f"Kant airfield story number {n}." for n in range(3)]
    claims_in_source(*others, entities={s: [kant] for s in others})
    _vectors_for_all()
    candidates_for(claim)  # the process's vectors loaded

    with django_assert_max_num_queries(9):
        assert len(candidates_for(claim)) == 3


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text and the one-trip read are PostgreSQL's"
)


@postgresql_only
def test_on_postgresql_the_database_is_read_in_one_round_trip(django_assert_num_queries):
    kant = EntityFactory(name="Kant")
    sentence = "Kant received four new helicopters from the ministry."
    (claim,) = claims_in_source(sentence, entities={sentence: [kant]})
    others = [f"Kant airfield story number {n}." for n in range(3)]
    claims_in_source(*others, entities={s: [kant] for s in others})
    _vectors_for_all()
    claim = Claim.objects.prefetch_related("mentions").get(pk=claim.pk)
    candidates_for(claim)  # the process's vectors and the common word stems read once

    with django_assert_num_queries(2):  # the index's look for new vectors, then one read
        assert len(candidates_for(claim)) == 3


@postgresql_only
def test_a_claim_sharing_rare_words_is_found_by_full_text_alone():
    (claim,) = claims_in_source("The Rogun reservoir flooded O'Neill's orchards near Nurek.")
    (wording,) = claims_in_source("Orchards around Nurek were lost when the reservoir rose.")
    claims_in_source("Bishkek cut fuel taxes for farmers.")

    found = candidates_for(claim)

    assert [c.other_id for c in found] == [wording.pk]
    assert found[0].text_rank > 0
    assert found[0].cosine == 0.0  # no vectors stored: the words alone found it


@postgresql_only
@hub_only
def test_one_round_trip_finds_what_several_queries_find():
    from claims.linking.suggestions.candidates import _one_trip, _several_trips

    kant, osh, hub = (EntityFactory(name=n) for n in ("Kant", "Osh", "Russia"))
    sentence = "Kant and Osh signed a water deal, Russia said."
    (claim,) = claims_in_source(sentence, entities={sentence: [kant, osh, hub]})
    others = {
        "Kant built a new runway.": [kant, hub],
        "Osh water deal criticised by farmers.": [osh],
        "Russia held drills.": [hub],
        "Russia sold wheat.": [hub],
        "Russia closed a port.": [hub],
    }
    claims_in_source(*others, entities=others)
    (rejected,) = claims_in_source("Osh signed nothing.", entities={"Osh signed nothing.": [osh]})
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)
    entity_ids = sorted({kant.pk, osh.pk, hub.pk})

    one = _one_trip(claim, entity_ids, [rejected.pk], limit=50)
    several = _several_trips(claim, entity_ids, [rejected.pk], limit=50)

    assert one[0] == several[0]  # the counts, the hub's included
    assert {k: (s, sorted(e)) for k, (s, _, e) in one[1].items()} == {
        k: (s, sorted(e)) for k, (s, _, e) in several[1].items()
    }
    assert {k: r for k, (_, r, _) in one[1].items()} == pytest.approx(
        {k: r for k, (_, r, _) in several[1].items()}
    )


def test_an_opposing_quote_in_the_same_article_is_a_candidate_without_anything_shared():
    claim, reply = claims_in_source(
        "The harbour authority said the new pier was finished on time.",
        "A dockworkers' spokesman called that account fiction.",
    )
    _vectors_for_all()

    found = {c.other_id: c for c in candidates_for(claim)}

    assert reply.pk in found
    assert found[reply.pk].same_source
    assert found[reply.pk].shared_entities == []


def test_claims_of_a_long_article_are_candidates_nearest_in_the_text_first():
    from claims.linking.suggestions.candidates import SAME_SOURCE_LIMIT, _by_source

    sentences = [f"Paragraph {n} reports figure number {n} of the ledger." for n in range(40)]
    claims = claims_in_source(*sentences)
    middle = claims[20]

    found = [c.other_id for c in candidates_for(middle) if c.same_source]

    nearest = sorted(
        (c for c in claims if c.pk != middle.pk), key=lambda c: (abs(c.start - middle.start), c.pk)
    )
    # Full text may find more of them (PostgreSQL); the source alone finds the nearest ones.
    assert {c.pk for c in nearest[:SAME_SOURCE_LIMIT]} <= set(found)
    assert set(_by_source(middle)) == {c.pk for c in nearest[:SAME_SOURCE_LIMIT]}


@postgresql_only
def test_one_round_trip_finds_the_same_claims_of_the_own_source_as_several_queries():
    from claims.linking.suggestions.candidates import _one_trip, _several_trips

    sentences = [f"Clause {n} of the charter was amended in session {n}." for n in range(35)]
    claims = claims_in_source(*sentences)
    Claim.objects.filter(pk=claims[3].pk).update(status=Claim.Status.REJECTED)

    one = _one_trip(claims[10], [], [], limit=50)
    several = _several_trips(claims[10], [], [], limit=50)

    assert set(one[1]) == set(several[1])
    assert claims[3].pk not in one[1]
