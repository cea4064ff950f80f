"""The demo corpus: every headline and every claim the demo README invites linking is proposed,
and nothing from page furniture is."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from claims.models import Claim
from claims.processing import pipeline
from sources.models import Source
from sources.services import source_create

DEMO = Path(settings.BASE_DIR) / "demo"
FURNITURE = re.compile(
    r"Share this|Subscribe|Also read|Advertisement|Cookie|Sign in|All rights reserved|©"
)


@pytest.fixture(scope="module")
def demo_claims(django_db_setup, django_db_blocker):
    """The demo corpus ingested and processed once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        sources = {}
        for path in sorted((DEMO / "corpus").iterdir()):
            source = source_create(content=path.read_bytes(), filename=path.name)
            pipeline.processing_run(source_id=source.pk)  # what the task runs
            sources[path.name[:2]] = source
        claims = {
            number: list(Claim.objects.filter(source=source).order_by("start"))
            for number, source in sources.items()
        }
        titles = dict(Source.objects.values_list("pk", "title"))
        yield sources, claims, titles
        transaction.set_rollback(True)


def test_every_headline_is_proposed_first(demo_claims):
    sources, claims, titles = demo_claims
    assert len(sources) == 10
    for number, source in sources.items():
        assert claims[number][0].text == titles[source.pk], number


def test_every_claim_the_readme_invites_linking_is_proposed(demo_claims):
    _, claims, _ = demo_claims
    quotes = re.findall(r'(\d\d): "([^"]+)"', (DEMO / "README.md").read_text(encoding="utf-8"))
    assert len(quotes) >= 30
    missing = [
        (number, quote)
        for number, quote in quotes
        if not any(quote in claim.text for claim in claims[number])
    ]
    assert missing == []


def test_nothing_from_page_furniture_is_proposed(demo_claims):
    _, claims, _ = demo_claims
    proposed = [claim.text for article in claims.values() for claim in article]
    assert [text for text in proposed if FURNITURE.search(text)] == []
