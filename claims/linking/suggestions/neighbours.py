"""Nearest claims by embedding: exact search with numpy over every stored vector.

Each process holds one matrix of all claims' vectors, loaded on first use and
then refreshed incrementally (claims added since, and every minute vectors
recomputed since). At 100,000 claims it is 100,000 x 384 float32 = 150 MB per
process and a search costs one matrix-vector product (about 25 ms on a busy
2-core machine; a batch shares one pass). Float16 or int8 copies were measured
slower: numpy has no fast kernel for their products, and converting them to
float32 costs more than the memory they save. Beyond several hundred thousand
claims, an approximate index in the database (pgvector with HNSW) or FAISS
should take its place.
"""

import threading
import time
from collections.abc import Iterable
from datetime import timedelta
from itertools import islice

import numpy as np
from django.utils import timezone

from ...models import ClaimVector
from .embeddings import DIMENSIONS, EMBEDDING_MODEL, vector_from_bytes

# How often vectors recomputed in other processes (an edited claim) are picked up.
RESCAN_SECONDS = 60
# Rows committed late (a long transaction) are still seen: each rescan looks back this far.
RESCAN_OVERLAP = timedelta(minutes=5)
# Vectors read from the database and added at a time on the first load.
LOAD_CHUNK = 5000
# Claims searched together in one pass (at 100,000 claims, 64 columns of scores are 25 MB).
NEAREST_MANY_CHUNK = 64


class VectorIndex:
    """All claims' vectors in one matrix, with the row of each claim id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._ids = np.zeros(0, dtype=np.int64)
        self._matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._size = 0
        self._row_of: dict[int, int] = {}
        self._max_id = 0
        self._rescanned_at = None  # the database time of the last full look at changes
        self._rescanned_clock = 0.0

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: dict[int, np.ndarray]) -> None:
        """Put (or replace) these claims' vectors."""
        with self._lock:
            self._add(vectors)

    def _add(self, vectors: dict[int, np.ndarray]) -> None:
        new = [claim_id for claim_id in vectors if claim_id not in self._row_of]
        needed = self._size + len(new)
        if needed > len(self._ids):
            # Grow by half again, so adding claims one by one stays cheap.
            self._reserve(max(needed, int(len(self._ids) * 1.5), 1024))
        for claim_id, vector in vectors.items():
            row = self._row_of.get(claim_id)
            if row is None:
                row = self._size
                self._size += 1
                self._row_of[claim_id] = row
                self._ids[row] = claim_id
            self._matrix[row] = vector
        if vectors:
            self._max_id = max(self._max_id, max(vectors))

    def refresh(self) -> None:
        """Read the vectors stored since the last look: new claims at every call, and
        recomputed vectors of older claims every RESCAN_SECONDS."""
        with self._lock:
            rows = ClaimVector.objects.filter(model=EMBEDDING_MODEL).values_list(
                "claim_id", "vector"
            )
            if self._rescanned_at is None:
                self._rescanned_at, self._rescanned_clock = timezone.now(), time.monotonic()
                self._load(rows.iterator(chunk_size=LOAD_CHUNK), count=rows.count())
                return
            if time.monotonic() - self._rescanned_clock > RESCAN_SECONDS:
                since = self._rescanned_at - RESCAN_OVERLAP
                self._rescanned_at, self._rescanned_clock = timezone.now(), time.monotonic()
                rows = rows.filter(created_at__gte=since)
            else:
                rows = rows.filter(claim_id__gt=self._max_id)
            self._add({claim_id: vector_from_bytes(data) for claim_id, data in rows})

    def load(self, rows: Iterable[tuple[int, bytes]], *, count: int) -> None:
        """Put these (claim id, stored vector) rows, about ``count`` of them: what the first
        ``refresh`` does with every stored vector."""
        with self._lock:
            self._load(rows, count=count)

    def _load(self, rows: Iterable[tuple[int, bytes]], *, count: int) -> None:
        # Into a matrix sized for them all, a chunk at a time: a dict of every vector
        # first would stay with the process (the allocator keeps what the small arrays
        # took: 160 MB more at 100,000 claims). Numpy's large zeroed arrays take memory
        # only as rows are written, so a quarter spare costs nothing until it is used.
        self._reserve(count + count // 4)
        rows = iter(rows)
        while chunk := list(islice(rows, LOAD_CHUNK)):
            self._add({claim_id: vector_from_bytes(data) for claim_id, data in chunk})

    def _reserve(self, capacity: int) -> None:
        if capacity > len(self._ids):
            ids = np.zeros(capacity, dtype=np.int64)
            matrix = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
            ids[: self._size] = self._ids[: self._size]
            matrix[: self._size] = self._matrix[: self._size]
            self._ids, self._matrix = ids, matrix

    def nearest(self, vector: np.ndarray, *, k: int, exclude: int | None = None):
        """The ``k`` claim ids whose vectors are closest to ``vector``, with their cosines,
        best first."""
        with self._lock:
            size = self._size
            if not size or k <= 0:
                return []
            scores = self._matrix[:size] @ vector
            ids = self._ids[:size]
        if exclude is not None and exclude in self._row_of:
            scores[self._row_of[exclude]] = -np.inf
        k = min(k, size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    def nearest_many(self, vectors: dict[int, np.ndarray], *, k: int):
        """``nearest`` for several claims at once (each excluding itself): one pass over the
        matrix for all of them, which is what a batch costs rather than one pass each."""
        claim_ids = list(vectors)
        result = {}
        # A bounded number of claims per pass: the scores take claims x vectors floats.
        for first in range(0, len(claim_ids), NEAREST_MANY_CHUNK):
            chunk = claim_ids[first : first + NEAREST_MANY_CHUNK]
            result.update(self._nearest_chunk({c: vectors[c] for c in chunk}, k=k))
        return result

    def _nearest_chunk(self, vectors: dict[int, np.ndarray], *, k: int):
        claim_ids = list(vectors)
        with self._lock:
            size = self._size
            if not size or k <= 0:
                return {claim_id: [] for claim_id in claim_ids}
            scores = self._matrix[:size] @ np.stack([vectors[c] for c in claim_ids]).T
            ids = self._ids[:size]
            rows = [self._row_of.get(c) for c in claim_ids]
        k = min(k, size)
        result = {}
        for column, (claim_id, row) in enumerate(zip(claim_ids, rows, strict=True)):
            column_scores = scores[:, column]
            if row is not None:
                column_scores[row] = -np.inf
            top = np.argpartition(-column_scores, k - 1)[:k]
            top = top[np.argsort(-column_scores[top])]
            result[claim_id] = [
                (int(ids[i]), float(column_scores[i])) for i in top if np.isfinite(column_scores[i])
            ]
        return result

    def cosines(self, vector: np.ndarray, claim_ids) -> dict[int, float]:
        """The cosine of ``vector`` with each of these claims' vectors (absent: no vector)."""
        with self._lock:
            rows = [(c, self._row_of[c]) for c in claim_ids if c in self._row_of]
            if not rows:
                return {}
            values = self._matrix[[row for _, row in rows]] @ vector
        return {claim_id: float(value) for (claim_id, _), value in zip(rows, values, strict=True)}

    def vector_of(self, claim_id: int) -> np.ndarray | None:
        with self._lock:
            row = self._row_of.get(claim_id)
            return None if row is None else self._matrix[row].copy()


_index = VectorIndex()


def vector_index(*, refresh: bool = True) -> VectorIndex:
    """This process's index, up to date with the database (``refresh=False``: as it is,
    for a caller that has just refreshed it)."""
    if refresh:
        _index.refresh()
    return _index


def vector_index_reset() -> None:
    """Forget every vector held (the next use loads them again): for tests and benchmarks."""
    _index.reset()
