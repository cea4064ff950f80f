"""process_source: status transitions, failures, idempotent reruns, editors' work kept."""

from dataclasses import replace

import pytest
from django.db import OperationalError
from django.utils import timezone

from claims.models import Claim, ClaimLink, Entity, Mention
from claims.processing import pipeline, tasks
from claims.processing.tasks import process_source
from sources.models import Source
from sources.services import source_create, source_requeue

pytestmark = pytest.mark.django_db

FIRST = (
    "Russia is reclaiming Central Asia\n\n"
    "Russia sent 2,000 paratroopers to Kazakhstan in January 2022 under the Collective "
    "Security Treaty Organization (CSTO). The CSTO force left Kazakhstan within two weeks. "
    "President Kassym-Jomart Tokayev thanked Vladimir Putin for the help. "
    "Kazakhstan bought 14 Russian helicopters in 2022, officials in Astana said."
)
SECOND = (
    "Russia is losing Central Asia\n\n"
    "China overtook RUSSIA as Kazakhstan's largest trading partner in 2022, analysts said. "
    "Tokayev told Putin in St Petersburg that Kazakhstan would not recognise the breakaway republics."
)


def create(text):
    """A queued source whose processing has not run yet."""
    return source_create(content=text)


def claim_rows(source):
    return list(
        source.claims.order_by("start").values_list("id", "start", "end", "text", "status", "score")
    )


def test_processing_moves_the_source_from_queued_through_processing_to_done(monkeypatch):
    source = create(FIRST)
    seen = []
    real_extract = pipeline.extract_claims

    def spy(parsed):
        seen.append(Source.objects.get(pk=source.pk).status)
        return real_extract(parsed)

    monkeypatch.setattr(pipeline, "extract_claims", spy)
    assert source.status == Source.Status.QUEUED
    process_source.delay(source.pk)
    source.refresh_from_db()
    assert seen == [Source.Status.PROCESSING]
    assert source.status == Source.Status.DONE
    assert source.attempts == 1
    assert source.processed_at is not None
    assert "extractor-" in source.pipeline_version
    assert source.error == ""
    for claim in source.claims.all():
        assert source.body[claim.start : claim.end] == claim.text
        assert claim.status == Claim.Status.PROPOSED


def test_failure_is_recorded_with_its_reason(settings):
    source = create(FIRST)
    settings.SPACY_MODEL = "no_such_pipeline"
    process_source.delay(source.pk)
    source.refresh_from_db()
    assert source.status == Source.Status.FAILED
    assert "no_such_pipeline" in source.error
    assert source.claims.count() == 0


def test_failure_keeps_the_claims_it_had(settings):
    source = create(FIRST)
    process_source.delay(source.pk)
    before = claim_rows(source)
    settings.SPACY_MODEL = "no_such_pipeline"
    source_requeue(source=source)
    process_source.delay(source.pk)
    source.refresh_from_db()
    assert source.status == Source.Status.FAILED
    assert claim_rows(source) == before


def test_transient_database_error_in_process_is_recorded_at_once(monkeypatch):
    """Without a broker there is nothing to retry through; the source says why it failed."""
    source = create(FIRST)

    def database_down(*, source_id, **options):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks, "processing_run", database_down)
    process_source.delay(source.pk)
    source.refresh_from_db()
    assert source.status == Source.Status.FAILED
    assert source.error == "Database unavailable after 0 retries: connection refused"


def test_missing_source_is_not_an_error():
    process_source.delay(987654)
    assert Source.objects.count() == 0


def test_a_second_delivery_of_the_same_task_is_skipped():
    source = create(FIRST)
    process_source.delay(source.pk)
    first = claim_rows(source)
    process_source.delay(source.pk)  # acks_late redelivers a task whose worker was lost
    source.refresh_from_db()
    assert source.attempts == 1
    assert claim_rows(source) == first


def test_processing_again_gives_the_same_claims_and_no_duplicates():
    source = create(FIRST)
    process_source.delay(source.pk)
    first = claim_rows(source)
    mentions = Mention.objects.count()
    entities = Entity.objects.count()
    source_requeue(source=source)  # what `manage.py process --source ID` does
    process_source.delay(source.pk)
    assert first
    assert claim_rows(source) == first  # same ids too: API clients keep their references
    assert Mention.objects.count() == mentions
    assert Entity.objects.count() == entities
    source.refresh_from_db()
    assert source.attempts == 2


def test_a_worker_reads_queued_sources_in_one_batch():
    sources = [create(text) for text in (FIRST, SECOND)]
    result = pipeline.processing_run(source_id=sources[0].pk, queued_extra=7)
    assert result is not None
    for source in sources:
        source.refresh_from_db()
        assert source.status == Source.Status.DONE
        assert source.claims.exists()
    # The second source's own task, arriving later, finds it done and skips it.
    process_source.delay(sources[1].pk)
    sources[1].refresh_from_db()
    assert sources[1].attempts == 1


def test_reprocessing_keeps_reviewed_claims_and_their_links(editor_user, monkeypatch):
    source = create(FIRST)
    process_source.delay(source.pk)
    accepted, rejected, edited, linked, partner = source.claims.order_by("start")[:5]
    accepted.status = Claim.Status.ACCEPTED
    accepted.save()
    rejected.status = Claim.Status.REJECTED
    rejected.save()
    edited.speaker = "an editor's correction"
    edited.is_edited = True
    edited.save()
    other = create(SECOND)
    process_source.delay(other.pk)
    link = ClaimLink.objects.create(
        claim_a=linked, claim_b=other.claims.first(), relation="conflict", created_by=editor_user
    )
    kept = {c.pk: (c.text, c.status, c.speaker) for c in (accepted, rejected, edited, linked)}

    # A new pipeline that proposes nothing at all for this source.
    monkeypatch.setattr(pipeline, "extract_claims", lambda parsed: [])
    source_requeue(source=source)
    process_source.delay(source.pk)

    remaining = {c.pk: (c.text, c.status, c.speaker) for c in source.claims.all()}
    assert remaining == kept
    assert not Claim.objects.filter(pk=partner.pk).exists()
    assert ClaimLink.objects.get(pk=link.pk).claim_a_id == linked.pk


def test_new_proposals_do_not_duplicate_a_reviewed_claim():
    source = create(FIRST)
    process_source.delay(source.pk)
    claim = source.claims.order_by("start").first()
    claim.status = Claim.Status.ACCEPTED
    claim.save()
    count = source.claims.count()
    source_requeue(source=source)
    process_source.delay(source.pk)
    assert source.claims.count() == count
    assert source.claims.filter(start=claim.start).count() == 1


def test_entities_are_shared_across_articles_whatever_the_case():
    for text in (FIRST, SECOND):
        process_source.delay(create(text).pk)
    russia = Entity.objects.get(aliases__normalized="russia")
    sources_naming_russia = {m.claim.source_id for m in russia.mentions.select_related("claim")}
    assert len(sources_naming_russia) == 2
    assert russia.mentions.filter(text="RUSSIA").exists()
    # "Tokayev" alone in the second article is the person named in full in the first.
    tokayev = Entity.objects.get(aliases__normalized="kassym jomart tokayev")
    assert tokayev.name == "Kassym-Jomart Tokayev"
    assert tokayev.mentions.filter(text="Tokayev").exists()
    assert Entity.objects.filter(aliases__normalized="tokayev").get() == tokayev


def test_a_source_that_spoils_its_batch_fails_alone(monkeypatch):
    good, spoiled = create(FIRST), create(SECOND)
    real_extract = pipeline.extract_claims

    def extract_while_an_editor_changes_a_body(parsed):
        # The second article's body changes while the batch is being read.
        Source.objects.filter(pk=spoiled.pk).update(body=SECOND + " Corrected.")
        return real_extract(parsed)

    monkeypatch.setattr(pipeline, "extract_claims", extract_while_an_editor_changes_a_body)
    pipeline.processing_run(source_id=good.pk, queued_extra=7)
    good.refresh_from_db()
    spoiled.refresh_from_db()
    assert good.status == Source.Status.DONE and good.claims.exists()
    assert spoiled.status == Source.Status.FAILED
    assert "changed while it was being processed" in spoiled.error
    assert not spoiled.claims.exists()


def test_reprocessing_marks_changed_only_the_claims_whose_entities_changed(
    monkeypatch, researcher_api
):
    source = create(FIRST)
    process_source.delay(source.pk)
    stamps = dict(source.claims.values_list("pk", "updated_at"))

    # The same reading again: nothing for sync clients to fetch.
    source_requeue(source=source)
    process_source.delay(source.pk)
    assert dict(source.claims.values_list("pk", "updated_at")) == stamps

    # A pipeline that no longer sees the first entity of one claim.
    changed = source.claims.filter(mentions__isnull=False).order_by("start").first()
    real_extract = pipeline.extract_claims

    def without_one_mention(parsed):
        return [
            replace(c, mentions=c.mentions[1:]) if c.start == changed.start else c
            for c in real_extract(parsed)
        ]

    monkeypatch.setattr(pipeline, "extract_claims", without_one_mention)
    since = timezone.now().isoformat()
    source_requeue(source=source)
    process_source.delay(source.pk)
    after = dict(source.claims.values_list("pk", "updated_at"))
    assert after.keys() == stamps.keys()  # updated in place: the ids survive
    assert [pk for pk in after if after[pk] != stamps[pk]] == [changed.pk]
    synced = researcher_api.get("/api/claims/", {"updated_since": since, "source": source.pk})
    assert [row["id"] for row in synced.json()["results"]] == [changed.pk]
