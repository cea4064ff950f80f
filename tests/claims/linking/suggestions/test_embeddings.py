"""Claims' sentence vectors: computed by the packaged model, stored once per claim."""

import numpy as np
import pytest

from claims.linking.suggestions.embeddings import (
    DIMENSIONS,
    EMBEDDING_MODEL,
    claim_vectors,
    claim_vectors_ensure,
    embed_texts,
)
from claims.models import ClaimVector

from .conftest import claims_in_source


def test_vectors_are_unit_length_and_close_for_sentences_that_say_the_same():
    vectors = embed_texts(
        [
            "Moscow is winning back its influence over Central Asia with drills and arms sales.",
            "Russia is regaining influence in Central Asia through military exercises and weapons deals.",
            "The village bakery sells rye bread every Sunday morning.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    same, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert same > 0.6 > 0.2 > unrelated


def test_a_batch_gives_each_text_the_vector_it_gets_alone():
    texts = ["Short claim.", "A much longer claim about pipelines, tariffs and the gas price."]
    together = embed_texts(texts)
    for row, text in enumerate(texts):
        assert np.allclose(together[row], embed_texts([text])[0], atol=1e-4)


def test_blank_text_gets_a_zero_vector_and_no_text_an_empty_matrix():
    assert not embed_texts(["  "]).any()
    assert embed_texts([]).shape == (0, DIMENSIONS)


@pytest.mark.django_db
def test_vectors_are_stored_once_per_claim():
    first, second = claims_in_source(
        "Kazakhstan raised its oil output in 2022.", "Uzbekistan opened a new rail line."
    )
    made = claim_vectors_ensure(claim_ids=[first.pk, second.pk])
    assert set(made) == {first.pk, second.pk}
    stored = ClaimVector.objects.get(claim=first)
    assert stored.model == EMBEDDING_MODEL and len(bytes(stored.vector)) == DIMENSIONS * 4
    assert np.allclose(claim_vectors([first.pk])[first.pk], made[first.pk])
    assert claim_vectors_ensure(claim_ids=[first.pk, second.pk]) == {}
    assert ClaimVector.objects.count() == 2
