"""The vectors each worker process holds: exact nearest claims, kept up to date."""

import numpy as np
import pytest

from claims.linking.suggestions.embeddings import (
    EMBEDDING_MODEL,
    claim_vectors_ensure,
    vector_to_bytes,
)
from claims.linking.suggestions.neighbours import VectorIndex, vector_index
from claims.models import ClaimVector

from .conftest import claims_in_source


def _unit(values) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_nearest_is_exact_best_first_and_leaves_out_the_claim_itself():
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((500, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex()
    index.add({claim_id: matrix[claim_id] for claim_id in range(500)})

    found = index.nearest(matrix[7], k=10, exclude=7)

    expected = [i for i in np.argsort(-(matrix @ matrix[7])) if i != 7][:10]
    assert [claim_id for claim_id, _ in found] == expected
    assert [c for c, _ in index.nearest_many({7: matrix[7]}, k=10)[7]] == expected


def test_a_replaced_vector_replaces_the_old_one():
    index = VectorIndex()
    index.add({1: _unit([1] + [0] * 383), 2: _unit([0, 1] + [0] * 382)})
    index.add({2: _unit([1, 0.1] + [0] * 382)})
    assert len(index) == 2
    assert index.nearest(_unit([1] + [0] * 383), k=2)[1][0] == 2
    assert index.cosines(_unit([1] + [0] * 383), [2])[2] > 0.99


@pytest.mark.django_db
def test_claims_stored_by_another_process_are_picked_up():
    first, second = claims_in_source("Almaty hosted the trade fair.", "Bishkek cut fuel taxes.")
    claim_vectors_ensure(claim_ids=[first.pk])
    assert len(vector_index()) == 1
    # Another worker stores the second claim's vector.
    ClaimVector.objects.create(
        claim=second, model=EMBEDDING_MODEL, vector=vector_to_bytes(_unit([1] * 384))
    )
    index = vector_index()
    assert len(index) == 2
    assert np.allclose(index.vector_of(second.pk), _unit([1] * 384))


def test_many_claims_at_once_find_what_each_finds_alone():
    rng = np.random.default_rng(5)
    matrix = rng.standard_normal((300, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex()
    index.add({claim_id: matrix[claim_id] for claim_id in range(300)})

    together = index.nearest_many({c: matrix[c] for c in range(150)}, k=5)  # several passes

    assert len(together) == 150
    for claim_id in (0, 70, 149):
        alone = index.nearest(matrix[claim_id], k=5, exclude=claim_id)
        assert [c for c, _ in together[claim_id]] == [c for c, _ in alone]
        assert [s for _, s in together[claim_id]] == pytest.approx([s for _, s in alone])


def test_the_first_load_takes_every_stored_vector_in_chunks_even_beyond_its_count():
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((12_000, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex()
    # More rows than counted (claims stored meanwhile), over several chunks.
    index.load(((c + 1, vector_to_bytes(matrix[c])) for c in range(12_000)), count=10_000)

    assert len(index) == 12_000
    assert np.array_equal(index.vector_of(12_000), matrix[11_999])
    assert index.nearest(matrix[4_999], k=1)[0][0] == 5_000
    index.add({12_001: matrix[0]})  # and it grows as claims come
    assert len(index) == 12_001
