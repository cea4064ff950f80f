"""Texts the pipeline cannot read are noted, and get no proposals."""

import pytest

from claims.nlp.readability import assess_readability
from claims.processing.tasks import process_source
from sources.models import Source
from sources.services import source_create


class TestReadability:
    def test_english_article_reads_well(self):
        assert (
            assess_readability(
                "Russia sent troops to Kazakhstan.\n\nIt was a first.", language="en"
            )
            == ""
        )

    def test_other_language_is_noted(self):
        note = assess_readability("El gobierno anunció un plan.", language="es")
        assert "Spanish" in note

    def test_list_of_links_is_noted(self):
        body = "Climate\n\n" + "\n\n".join(f"Headline number {n} about floods" for n in range(12))
        assert "list of links" in assess_readability(body, language="en")

    def test_transcript_without_punctuation_is_noted(self):
        body = " ".join(["and then the minister said that russia would send more troops"] * 20)
        assert "no punctuation" in assess_readability(body, language="en")

    @pytest.mark.django_db
    def test_unreadable_source_gets_a_note_and_no_proposals(self):
        source = source_create(
            content="México anuncia un plan\n\nEl gobierno de México anunció este lunes un "
            "nuevo plan económico para la región, según fuentes oficiales."
        )
        process_source.delay(source.pk)
        source.refresh_from_db()
        assert source.language == "es"
        assert source.status == Source.Status.DONE
        assert "Spanish" in source.processing_note
        assert source.claims.count() == 0
