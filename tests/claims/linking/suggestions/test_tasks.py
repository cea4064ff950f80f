"""When suggestions are made: after processing and after an edit, on commit, on the links queue."""

import numpy as np
import pytest
from django.conf import settings
from django.test import override_settings

from claims.linking.suggestions import tasks
from claims.linking.suggestions.embeddings import claim_vectors, claim_vectors_ensure, embed_texts
from claims.models import Claim, ClaimVector
from claims.nlp.extract import CandidateClaim
from claims.processing.signals import claims_stored
from claims.processing.store import claims_replace_proposed
from claims.review.services import claim_update
from sources.services import source_create
from tracker.celery import app as celery_app
from tracker.celery import worker_command

from .conftest import claims_in_source

ARTICLE = (
    "Dushanbe looks north\n\n"
    "Tajikistan agreed to host two more Russian battalions in 2022, the defence ministry said. "
    "The Rogun dam will double the country's electricity output by 2030, officials in "
    "Dushanbe said."
)


@pytest.fixture
def suggested_for(monkeypatch):
    """The claim ids of each suggest_links run, as the task received them (it still runs)."""
    runs = []
    make = tasks.suggestions_make

    def recording(*, claim_ids):
        runs.append(sorted(claim_ids))
        return make(claim_ids=claim_ids)

    monkeypatch.setattr(tasks, "suggestions_make", recording)
    return runs


def test_the_task_is_routed_to_the_links_queue_and_every_worker_command_consumes_it():
    route = celery_app.amqp.router.route({}, "claims.tasks.suggest_links")
    assert route["queue"].name == settings.LINK_SUGGESTIONS_QUEUE == "links"
    retrain = celery_app.amqp.router.route({}, "claims.tasks.retrain_link_model")
    assert retrain["queue"].name == settings.LINK_SUGGESTIONS_QUEUE
    assert celery_app.amqp.router.route({}, "claims.tasks.process_source")["queue"].name == (
        settings.CELERY_TASK_DEFAULT_QUEUE
    )
    command = worker_command(queue="tracker")
    assert command[command.index("--queues") + 1].split(",") == ["tracker", "links"]
    # `celery -A tracker worker` with no --queues consumes both.
    assert {q.name for q in celery_app.conf.task_queues} == {
        settings.CELERY_TASK_DEFAULT_QUEUE,
        "links",
    }


@pytest.mark.django_db
@override_settings(LINK_VECTORS_IN_PROCESSING=True)
def test_processing_stores_vectors_then_suggests_once_the_claims_are_committed(
    suggested_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = source_create(content=ARTICLE)
    claim_ids = sorted(source.claims.values_list("pk", flat=True))
    assert len(claim_ids) >= 2
    assert suggested_for == [claim_ids]
    assert sorted(ClaimVector.objects.values_list("claim_id", flat=True)) == claim_ids


@pytest.mark.django_db
@override_settings(LINK_VECTORS_IN_PROCESSING=True)
def test_suggesting_waits_for_the_commit(suggested_for, django_capture_on_commit_callbacks):
    (claim,) = claims_in_source("Kyrgyzstan closed two border crossings in April.")
    with django_capture_on_commit_callbacks() as callbacks:
        claims_stored.send(sender=Claim, claim_ids=[claim.pk], compute_vectors=True)
    assert suggested_for == []  # not before the commit
    assert ClaimVector.objects.filter(claim=claim).exists()  # made in the batch
    for callback in callbacks:
        callback()
    assert suggested_for == [[claim.pk]]


@pytest.mark.django_db
def test_editing_a_claims_text_recomputes_its_vector_and_suggests_again(
    suggested_for, django_capture_on_commit_callbacks
):
    sentences = ["Turkmenistan sold more gas to China in 2023.", "Prices fell by a third."]
    claim, _ = claims_in_source(*sentences)
    with django_capture_on_commit_callbacks(execute=True):
        claims_stored.send(sender=Claim, claim_ids=[claim.pk], compute_vectors=True)
    first_vector = claim_vectors([claim.pk])[claim.pk]

    with django_capture_on_commit_callbacks(execute=True):
        claim_update(claim=claim, is_hedged=True)  # structure only: the vector stays
    assert np.array_equal(claim_vectors([claim.pk])[claim.pk], first_vector)

    with django_capture_on_commit_callbacks(execute=True):
        claim_update(claim=claim, end=claim.end + 1 + len(sentences[1]))
    claim.refresh_from_db()
    assert claim.text == " ".join(sentences)
    assert ClaimVector.objects.filter(claim=claim).count() == 1
    assert np.allclose(claim_vectors([claim.pk])[claim.pk], embed_texts([claim.text])[0], atol=1e-5)
    assert suggested_for == [[claim.pk]] * 3


@pytest.mark.django_db
def test_reprocessing_that_changes_a_claims_text_drops_its_stale_vector():
    same, changed = "Astana hosted the summit.", "Tashkent cut gas prices."
    kept_claim, changed_claim = claims_in_source(same, changed)
    claim_vectors_ensure(claim_ids=[kept_claim.pk, changed_claim.pk])

    def candidate(claim, text):
        return CandidateClaim(text=text, start=claim.start, end=claim.end, score=0.5, reasons=())

    claims_replace_proposed(
        source=kept_claim.source,
        candidates=[
            candidate(kept_claim, same),
            candidate(changed_claim, "Tashkent cut oil prices."),
        ],
        pipeline_version="test",
    )
    assert set(ClaimVector.objects.values_list("claim_id", flat=True)) == {kept_claim.pk}


@pytest.mark.django_db
def test_by_default_vectors_are_left_to_the_links_queue(
    suggested_for, django_capture_on_commit_callbacks
):
    (claim,) = claims_in_source("Kyrgyzstan closed two border crossings in April.")
    with django_capture_on_commit_callbacks() as callbacks:
        claims_stored.send(sender=Claim, claim_ids=[claim.pk], compute_vectors=True)
    assert not ClaimVector.objects.exists()  # processing did not spend time on it
    for callback in callbacks:
        callback()
    assert suggested_for == [[claim.pk]]
    assert ClaimVector.objects.filter(claim=claim).exists()  # the task made it


@pytest.mark.django_db
def test_claims_are_stored_and_their_source_done_before_suggesting_starts(
    monkeypatch, django_capture_on_commit_callbacks
):
    from sources.models import Source

    seen = []

    def looking(*, claim_ids):
        # What a researcher would see at the moment suggesting starts.
        source = Source.objects.get(claims__pk=claim_ids[0])
        seen.append((source.status, source.claims.count(), len(claim_ids)))
        raise RuntimeError("the suggestion step broke")

    monkeypatch.setattr(tasks, "suggestions_make", looking)
    with django_capture_on_commit_callbacks(execute=True):
        source = source_create(content=ARTICLE)

    source.refresh_from_db()
    count = source.claims.count()
    assert count >= 2
    assert seen == [(Source.Status.DONE, count, count)]
    # A failure of suggesting takes nothing from the claims or their source.
    assert source.status == Source.Status.DONE
    assert source.claims.count() == count
