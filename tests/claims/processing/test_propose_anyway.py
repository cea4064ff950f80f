"""A readability note withholds proposals; an editor's "propose anyway" overrides it.

Real processing (spaCy, the store) on the test database; tasks run in-process.
"""

import pytest
from django.core.exceptions import ValidationError

from sources.models import Source
from sources.services import source_create, source_propose_anyway, source_requeue

pytestmark = pytest.mark.django_db

# Mostly short headline-like lines: the readability check calls it a list of links.
LISTY = (
    "Central Asia this week\n"
    "Kazakhstan grain exports\n"
    "Kyrgyz border talks\n"
    "Uzbek gas deal\n"
    "Tajik dam project\n"
    "Turkmen pipeline plans\n"
    "Caspian ferry routes\n"
    "Russia sent troops to Kazakhstan in January 2022, the Kremlin said on Friday.\n"
    "China overtook Russia as the largest trading partner of Kazakhstan in 2022, "
    "officials in Astana said.\n"
)
READABLE = (
    "Astana turns east\n\n"
    "Kazakhstan signed a gas agreement with China in March 2023, officials in Astana said."
)


@pytest.fixture
def processed(django_capture_on_commit_callbacks):
    """Run ``action`` and the processing it queues, as after a real commit."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    return run


@pytest.fixture
def withheld(processed) -> Source:
    source = processed(lambda: source_create(content=LISTY, input_format="text"))
    source.refresh_from_db()
    return source


def test_a_readability_note_withholds_proposals_and_says_so(withheld):
    assert withheld.status == Source.Status.DONE
    assert withheld.proposals_withheld is True
    assert "list of links or headlines" in withheld.processing_note
    assert withheld.claims.count() == 0


def test_propose_anyway_proposes_claims_and_keeps_the_note(withheld, processed):
    note = withheld.processing_note
    processed(lambda: source_propose_anyway(source=withheld))
    withheld.refresh_from_db()
    assert withheld.status == Source.Status.DONE
    assert withheld.propose_anyway is True
    assert withheld.proposals_withheld is False
    assert withheld.processing_note.startswith(note)
    texts = list(withheld.claims.values_list("text", flat=True))
    assert any(text.startswith("Russia sent troops to Kazakhstan") for text in texts)
    for claim in withheld.claims.all():
        assert withheld.body[claim.start : claim.end] == claim.text


def test_processing_again_keeps_proposing_once_an_editor_asked(withheld, processed):
    processed(lambda: source_propose_anyway(source=withheld))
    processed(lambda: source_requeue(source=withheld))
    withheld.refresh_from_db()
    assert withheld.proposals_withheld is False
    assert withheld.claims.exists()


def test_a_source_with_nothing_withheld_cannot_be_overridden(processed):
    source = processed(lambda: source_create(content=READABLE))
    source.refresh_from_db()
    assert source.proposals_withheld is False
    with pytest.raises(ValidationError) as error:
        source_propose_anyway(source=source)
    assert error.value.code == "not_withheld"
    source.refresh_from_db()
    assert source.propose_anyway is False
