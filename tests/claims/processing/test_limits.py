"""Hostile but accepted texts: the work one source causes is bounded, and the source says
what was set aside. Real pipeline, real database."""

import pytest

from claims.models import Claim, Entity, Mention
from claims.nlp.extract import CandidateClaim, CandidateMention
from claims.processing.store import claims_replace_proposed
from claims.processing.tasks import process_source
from sources.models import Source
from sources.services import source_create
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

HEADLINE = "Russia and China in Central Asia"
PARAGRAPH = (
    "Russia sent 2,000 paratroopers to Kazakhstan in January 2022. "
    "China signed gas agreements with Uzbekistan in May 2023, officials in Tashkent said."
)

# Enough English first that the text is read as English, whatever follows.
INTRO = (
    f"{PARAGRAPH} The delegations met for three days in the capital, and the talks covered "
    "trade, energy, water and the security of the borders with Afghanistan. The ministers "
    "agreed to meet again in the autumn, and the host promised a larger forum next year, "
    "with more delegates from the region and from abroad. Most of the delegates were "
    "officials from the ministries of trade and of foreign affairs; a few came from banks "
    "and from the largest companies of the region. The list of those who attended, which "
    "the organisers published on the last day of the forum, follows. It names every "
    "delegate who signed the final declaration of the forum, in the order in which they "
    "signed it, and it was read out at the closing session by the secretary of the forum."
)


def processed(content: str) -> Source:
    source = source_create(content=content)
    process_source.delay(source.pk)  # as the worker does once the source is committed
    source.refresh_from_db()
    return source


def made_up_names(count: int) -> list[str]:
    syllables = [o + v for o in "bdgklmnprstvz" for v in "aeiou"]
    names = [(a + b + "n").capitalize() for a in syllables for b in syllables if a != b]
    return names[::7][:count]


def assert_spans_exact(source: Source) -> None:
    for claim in Claim.objects.filter(source=source):
        assert source.body[claim.start : claim.end] == claim.text
    for mention in Mention.objects.filter(claim__source=source):
        assert source.body[mention.start : mention.end] == mention.text


def test_a_288000_character_sentence_is_set_aside_and_the_rest_is_read(researcher_api):
    # Decimals give it the full stops of ordinary prose, yet none of them ends a sentence.
    clause = "Russia told Kazakhstan that China would pay 3.5 billion dollars for 2.4 km, "
    run_on = "Ministers said that " + clause * 3800
    source = processed(f"{HEADLINE}\n\n{PARAGRAPH}\n\n{run_on}in all.\n\n{PARAGRAPH}")

    assert source.status == Source.Status.DONE
    assert len(source.body) > 288_000
    texts = list(Claim.objects.filter(source=source).values_list("text", flat=True))
    assert "Russia sent 2,000 paratroopers to Kazakhstan in January 2022." in texts
    assert max(len(text) for text in texts) < 200
    assert_spans_exact(source)
    note = (
        "1 passage(s) longer than 1,500 characters without a sentence end were not read "
        f"for claims (the longest: {len(run_on) + len('in all.'):,} characters, from character "
    )
    assert source.processing_note.startswith(note)
    assert researcher_api.get(f"/api/sources/{source.pk}/").json()["processing_note"] == (
        source.processing_note
    )


def test_a_sentence_over_the_limit_is_not_a_claim(settings):
    settings.CLAIMS_MAX_SENTENCE_CHARS = 120
    long = (
        "Russia sent 2,000 paratroopers to Kazakhstan in January 2022, and China signed gas "
        "agreements with Uzbekistan in May 2023, officials in Tashkent said."
    )
    source = processed(f"{HEADLINE}\n\n{long} Tokayev thanked Putin for the help.")
    texts = list(Claim.objects.filter(source=source).values_list("text", flat=True))
    assert long not in texts
    assert "Tokayev thanked Putin for the help." in texts
    assert "1 passage(s) longer than 120 characters" in source.processing_note


def test_names_past_the_limits_are_not_read_nor_recorded(settings, editor_client):
    settings.CLAIMS_MAX_MENTIONS = 60
    settings.CLAIMS_MAX_NEW_ENTITIES = 25
    names = made_up_names(400)
    sentences = [
        f"{', '.join(names[i : i + 3])} and {names[i + 3]} met ministers from Russia in Astana."
        for i in range(0, len(names), 4)
    ]
    entities_before = Entity.objects.count()
    source = processed(f"{HEADLINE}\n\n{INTRO}\n\n" + " ".join(sentences))

    assert source.status == Source.Status.DONE, source.error
    assert Mention.objects.filter(claim__source=source).count() <= 60
    assert Entity.objects.count() - entities_before <= 25
    assert Claim.objects.filter(source=source).exists()
    assert_spans_exact(source)
    assert "The source names more than 60 people, places and organisations: claims were " in (
        source.processing_note
    )
    assert "more than 25 people, places and organisations never seen before" in (
        source.processing_note
    )
    # The note is on the source's admin page too.
    page = editor_client.get(f"/admin/sources/source/{source.pk}/change/")
    assert "never seen before" in page.content.decode()
    # And nothing of it stays behind once the source is deleted.
    Source.objects.get(pk=source.pk).delete()
    assert Entity.objects.count() == entities_before


def test_an_ordinary_article_gets_no_note():
    source = processed(f"{HEADLINE}\n\n{PARAGRAPH}")
    assert source.status == Source.Status.DONE
    assert source.processing_note == ""
    assert Claim.objects.filter(source=source).count() >= 2


def test_claims_naming_only_unrecorded_names_are_not_proposed():
    names = made_up_names(5)
    body = " ".join(f"{name} signed the declaration." for name in names)
    source = SourceFactory(body=body)
    candidates = []
    for name in names:
        start = body.index(name)
        end = body.index(".", start) + 1
        mention = CandidateMention(
            text=name, label="PERSON", start=start, end=start + len(name),
            key=name.casefold(), name=name,
        )  # fmt: skip
        candidates.append(
            CandidateClaim(
                text=body[start:end],
                start=start,
                end=end,
                score=0.5,
                reasons=(),
                mentions=(mention,),
            )  # fmt: skip
        )

    result = claims_replace_proposed(
        source=source, candidates=candidates, pipeline_version="test", max_new_entities=2
    )

    assert (result.created, result.deleted) == (2, 0)
    assert [c.text for c in Claim.objects.filter(source=source)] == [
        f"{name} signed the declaration." for name in names[:2]
    ]
    assert result.note == (
        "The source names more than 2 people, places and organisations never seen before: "
        "3 further names were not recorded as entities, and 3 claims naming only them were "
        "not proposed."
    )
