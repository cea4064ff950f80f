"""manage.py suggest_links: which claims, queued or made at once, and safe to run again."""

import io

import pytest
from django.core.management import CommandError, call_command

from claims.linking.suggestions import services, tasks
from claims.linking.suggestions.candidates import claims_total_forget
from claims.linking.suggestions.neighbours import vector_index_reset
from claims.models import Claim, ClaimLink
from tests.claims.linking.suggestions.conftest import claims_in_source
from tests.claims.linking.suggestions.test_services import FixedScorer
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_pair_passes(monkeypatch):
    """A scorer that suggests every candidate, and a process holding no vectors yet."""
    vector_index_reset()
    claims_total_forget()
    monkeypatch.setattr(services, "active_scorer", lambda: FixedScorer())
    yield
    vector_index_reset()


@pytest.fixture
def pipeline_claims():
    pipeline = EntityFactory(name="Power of Siberia 2")
    sentences = [
        "Power of Siberia 2 will carry gas from Yamal to China.",
        "China has not signed the price terms of Power of Siberia 2.",
        "Mongolia expects transit fees from Power of Siberia 2.",
    ]
    return [claims_in_source(s, entities={s: [pipeline]})[0] for s in sentences]


def run(*args) -> str:
    out = io.StringIO()
    call_command("suggest_links", *args, stdout=out)
    return out.getvalue()


def test_all_with_wait_makes_the_suggestions_and_says_how_many(pipeline_claims):
    output = run("--all", "--wait")
    assert "3 claim(s)" in output and "3 suggestion(s) created" in output
    assert ClaimLink.objects.filter(origin=ClaimLink.Origin.AUTOMATIC).count() == 3


def test_running_again_changes_nothing(pipeline_claims):
    run("--all", "--wait")
    ids = set(ClaimLink.objects.values_list("pk", flat=True))
    output = run("--all", "--wait")
    assert "0 suggestion(s) created, 0 updated, 0 withdrawn" in output
    assert set(ClaimLink.objects.values_list("pk", flat=True)) == ids


def test_one_claim_or_one_source(pipeline_claims):
    first, second, third = pipeline_claims
    assert "1 claim(s)" in run("--claim", str(first.pk), "--wait")
    assert ClaimLink.objects.count() == 2  # first with each of the others
    run("--source", str(third.source_id), "--wait")
    assert ClaimLink.objects.count() == 3


def test_without_wait_the_claims_are_queued(pipeline_claims, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.suggest_links, "delay", lambda ids: queued.append(ids))
    output = run("--claim", str(pipeline_claims[0].pk), str(pipeline_claims[1].pk))
    assert "2 claim(s) queued" in output
    assert queued == [[pipeline_claims[0].pk, pipeline_claims[1].pk]]
    assert not ClaimLink.objects.exists()


def test_rejected_claims_are_skipped(pipeline_claims):
    Claim.objects.filter(pk=pipeline_claims[0].pk).update(status=Claim.Status.REJECTED)
    assert "0 claim(s)" in run("--claim", str(pipeline_claims[0].pk), "--wait")
    assert not ClaimLink.objects.exists()


def test_unknown_ids_and_no_choice_are_refused(pipeline_claims):
    with pytest.raises(CommandError, match="No claim with id 999999"):
        run("--claim", "999999")
    with pytest.raises(CommandError, match="No source with id 999999"):
        run("--source", "999999")
    with pytest.raises(CommandError, match="one of the arguments"):
        run()
