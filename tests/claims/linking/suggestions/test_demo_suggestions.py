"""The demo corpus, ingested without demo_setup's hand-made links: how many of the pairs
demo/README.md lists does the machine suggest on its own, with the right relation?

The shipped model was trained on eval/links/pairs.tsv, which holds none of the
README's pairs (they are eval/links/held_out_demo_pairs.tsv): these figures are
held out. Done when 7 of the 9 conflicts and 9 of the 11 agreements are among
the top 5 suggestions of one of their claims; the test pins what the model
reaches today and marks the target as not yet met.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q

from claims.linking.suggestions.services import suggestions_make
from claims.management.commands.demo_setup import readme_pairs
from claims.models import Claim, ClaimLink
from claims.processing import pipeline
from sources.services import source_create

DEMO = Path(settings.BASE_DIR) / "demo"
TOP = 5
# The tests read the module fixture's data; the mark tells pytest-django this module needs
# the test database even when it runs alone.
pytestmark = pytest.mark.django_db


def demo_found() -> dict[str, tuple[int, int]]:
    """Per relation: (README pairs among their claims' top suggestions, README pairs);
    and the number of links stored, and of those without a reason."""
    for path in sorted((DEMO / "corpus").iterdir()):
        source = source_create(content=path.read_bytes(), filename=path.name)
        pipeline.processing_run(source_id=source.pk)
    assert not ClaimLink.objects.exists()  # no hand-made links: the machine alone
    suggestions_make(claim_ids=list(Claim.objects.values_list("pk", flat=True)))

    def top(claim: Claim) -> list[ClaimLink]:
        links = ClaimLink.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        return list(links.filter(origin=ClaimLink.Origin.AUTOMATIC).order_by("-score")[:TOP])

    found = {"agree": [0, 0], "conflict": [0, 0]}
    for relation, quote_a, quote_b, _ in readme_pairs((DEMO / "README.md").read_text("utf-8")):
        a = Claim.objects.filter(text__contains=quote_a).order_by("pk").first()
        b = Claim.objects.filter(text__contains=quote_b).order_by("pk").first()
        assert a is not None and b is not None, (quote_a, quote_b)
        found[relation][1] += 1
        found[relation][0] += any(
            {link.claim_a_id, link.claim_b_id} == {a.pk, b.pk} and link.relation == relation
            for link in top(a) + top(b)
        )
    without_reason = sum(
        not reasons for reasons in ClaimLink.objects.values_list("reasons", flat=True)
    )
    return {relation: tuple(counts) for relation, counts in found.items()} | {
        "links": ClaimLink.objects.count(),
        "without_reason": without_reason,
    }


@pytest.fixture(scope="module")
def found(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_found()
        transaction.set_rollback(True)


def test_the_machine_suggests_most_demo_agreements(found):
    hits, total = found["agree"]
    assert total == 11
    assert hits >= 6, found  # held out: 6 of 11 when measured (7 before pooled training)


def test_the_machine_suggests_some_demo_conflicts(found):
    hits, total = found["conflict"]
    assert total == 9
    assert hits >= 4, found  # held out: 4 of 9 (2 before reasons counted only for their relation)


def test_every_demo_suggestion_carries_a_reason(found):
    assert found["links"] > 100 and found["without_reason"] == 0, found


@pytest.mark.xfail(strict=False, reason="held out, the model finds 6 of 11, not yet 9")
def test_done_when_nine_of_eleven_agreements(found):
    assert found["agree"][0] >= 9, found


@pytest.mark.xfail(
    strict=False,
    reason="held out, the model finds 4 of 9 demo conflicts; four are not even candidates",
)
def test_done_when_seven_of_nine_conflicts(found):
    assert found["conflict"][1] == 9
    assert found["conflict"][0] >= 7, found
