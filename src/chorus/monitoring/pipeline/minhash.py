"""Near-duplicate (copy) detection: MinHash signatures, LSH band keys and an in-memory index.

Copies are the same text published again: a syndicated wire story with another outlet's
boilerplate, an updated version with a new headline and an "Updated at" line. They share most
of their word 3-grams, so the Jaccard similarity of the 3-gram sets is high (above 0.6), while
two outlets' own reports of one event share few 3-grams (below 0.2).

Everything here is deterministic across processes, machines and library versions (no
Python `hash()`, no NumPy random streams), so signatures and band keys can be stored in a
database: a table `(band_key BIGINT, article_id)` with an index on `band_key` answers "which
stored articles may be copies of this one" with one `WHERE band_key IN (…)` query, and the
stored signatures then give the estimated Jaccard similarity.

Must never: reach the network, or read settings.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from chorus.monitoring.pipeline.text import shingles

NUM_PERM = 60
"""Signature length. 60 values estimate a Jaccard similarity of 0.6 to within ±0.06 (1 s.d.)."""
BANDS = 20
ROWS = 3
"""20 bands of 3 rows: pairs with Jaccard 0.5 become candidates with probability 0.93,
0.6 with 0.99, while unrelated articles (Jaccard below 0.1) almost never collide (0.02)."""
COPY_THRESHOLD = 0.6
"""Estimated Jaccard from which two texts count as copies of each other."""
EMPTY = 0xFFFFFFFF
"""The value of every signature slot of a text with no words; such texts never match."""

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _constants(label: str, count: int) -> npt.NDArray[np.uint64]:
    """Fixed pseudo-random 64-bit constants derived from a label (stable forever)."""
    values = [
        int.from_bytes(hashlib.blake2b(f"{label}-{i}".encode(), digest_size=8).digest(), "big")
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


# Multiply-shift hashing: h_i(x) = (a_i * x + b_i) mod 2**64 >> 32, with odd a_i.
_A = _constants("chorus-minhash-a", NUM_PERM) | np.uint64(1)
_B = _constants("chorus-minhash-b", NUM_PERM)
_BAND_SEEDS = _constants("chorus-lsh-band", BANDS)


def _shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    return np.fromiter((zlib.crc32(s.encode()) for s in shingles(text)), dtype=np.uint64, count=-1)


def signature_array(text: str) -> npt.NDArray[np.uint32]:
    """The MinHash signature of a text's word 3-grams as a NumPy array of NUM_PERM uint32."""
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) >> np.uint64(32)
    return permuted.min(axis=1).astype(np.uint32)


def minhash_signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of a text: NUM_PERM ints in [0, 2**32), stable across runs."""
    return tuple(int(v) for v in signature_array(text))


def _mix(z: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The SplitMix64 finaliser: a fast, well-spread 64-bit mixing function."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def band_keys_array(signatures: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Band keys of many signatures at once: shape (n, NUM_PERM) → (n, BANDS) int64."""
    sigs = np.asarray(signatures, dtype=np.uint64).reshape(-1, NUM_PERM)
    bands = sigs[:, : BANDS * ROWS].reshape(-1, BANDS, ROWS)
    keys = np.broadcast_to(_BAND_SEEDS, bands.shape[:2]).copy()
    for row in range(ROWS):
        keys = _mix(keys ^ bands[:, :, row])
    return (keys & _MASK64).view(np.int64)


def lsh_band_keys(signature: Sequence[int] | npt.NDArray[np.uint32]) -> list[int]:
    """The BANDS band keys of a signature, as signed 64-bit ints (a database BIGINT).

    Two texts are candidate copies when they share at least one key. The band number is
    mixed into the key, so all keys of all bands can live in one indexed column. A text with
    no words has no keys.
    """
    sig = np.asarray(signature, dtype=np.uint64)
    if sig.shape != (NUM_PERM,):
        raise ValueError(f"a signature has {NUM_PERM} values, not {sig.size}")
    if bool((sig == EMPTY).all()):
        return []
    return [int(k) for k in band_keys_array(sig)[0]]


def estimated_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The share of equal signature slots: an unbiased estimate of the Jaccard similarity."""
    left = np.asarray(a, dtype=np.uint32)
    right = np.asarray(b, dtype=np.uint32)
    if bool((left == EMPTY).all()) or bool((right == EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(left == right)) / NUM_PERM


class NearDuplicateIndex:
    """Finds stored articles whose text is a near copy of a given text, in well under 1 ms.

    Band keys live in one sorted NumPy array (binary search for all of a query's keys at
    once) plus a small dict of recent additions, merged into the array when it grows past an
    eighth of it, so adding stays cheap on average. Signatures live in one uint32 matrix.
    Each article takes 240 bytes of band keys and 240 bytes of signature (about 0.5 GB
    for a million).
    Not thread-safe; ids are never removed (build a new index for a new time window).
    """

    def __init__(self, threshold: float = COPY_THRESHOLD) -> None:
        self.threshold = threshold
        self._ids: list[str] = []
        self._signatures = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._keys = np.empty(0, dtype=np.int64)  # sorted
        self._rows = np.empty(0, dtype=np.int32)  # row of each key in _signatures
        self._pending: dict[int, list[int]] = {}
        self._pending_count = 0

    def __len__(self) -> int:
        return len(self._ids)

    @staticmethod
    def _signature(text_or_signature: str | Sequence[int]) -> npt.NDArray[np.uint32]:
        if isinstance(text_or_signature, str):
            return signature_array(text_or_signature)
        sig = np.asarray(text_or_signature, dtype=np.uint32)
        if sig.shape != (NUM_PERM,):
            raise ValueError(f"a signature has {NUM_PERM} values, not {sig.size}")
        return sig

    def _grow(self, needed: int) -> None:
        if needed > len(self._signatures):
            capacity = max(needed, 2 * len(self._signatures))
            grown = np.empty((capacity, NUM_PERM), dtype=np.uint32)
            grown[: len(self._ids)] = self._signatures[: len(self._ids)]
            self._signatures = grown

    def add(self, article_id: str, text_or_signature: str | Sequence[int]) -> None:
        sig = self._signature(text_or_signature)
        row = len(self._ids)
        self._grow(row + 1)
        self._signatures[row] = sig
        self._ids.append(article_id)
        for key in lsh_band_keys(sig):
            self._pending.setdefault(key, []).append(row)
            self._pending_count += 1
        if self._pending_count > max(4096, len(self._keys) // 8):
            self._merge()

    def add_many(
        self, article_ids: Sequence[str], signatures: npt.ArrayLike | Iterable[Sequence[int]]
    ) -> None:
        """Add many signatures at once (vectorised: a million take a few seconds)."""
        sigs = np.asarray(signatures, dtype=np.uint32).reshape(-1, NUM_PERM)
        if len(sigs) != len(article_ids):
            raise ValueError("one signature per id")
        first = len(self._ids)
        self._grow(first + len(sigs))
        self._signatures[first : first + len(sigs)] = sigs
        self._ids.extend(article_ids)
        keys = band_keys_array(sigs)
        rows = np.repeat(np.arange(first, first + len(sigs), dtype=np.int32), BANDS)
        keep = ~(sigs == EMPTY).all(axis=1).repeat(BANDS)
        self._merge(keys.reshape(-1)[keep], rows[keep])

    def _merge(
        self,
        extra_keys: npt.NDArray[np.int64] | None = None,
        extra_rows: npt.NDArray[np.int32] | None = None,
    ) -> None:
        parts_k = [self._keys]
        parts_r = [self._rows]
        if self._pending:
            pk = [k for k, rows in self._pending.items() for _ in rows]
            pr = [r for rows in self._pending.values() for r in rows]
            parts_k.append(np.array(pk, dtype=np.int64))
            parts_r.append(np.array(pr, dtype=np.int32))
        if extra_keys is not None and extra_rows is not None:
            parts_k.append(extra_keys)
            parts_r.append(extra_rows)
        keys = np.concatenate(parts_k)
        rows = np.concatenate(parts_r)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._rows = rows[order]
        self._pending = {}
        self._pending_count = 0

    def candidates(self, text_or_signature: str | Sequence[int]) -> list[int]:
        """Rows sharing at least one band key with the text (no similarity check)."""
        return sorted(self._candidate_rows(self._signature(text_or_signature)))

    def _candidate_rows(self, sig: npt.NDArray[np.uint32]) -> set[int]:
        if bool((sig == EMPTY).all()):
            return set()
        query_keys = band_keys_array(sig)[0]
        rows: set[int] = set()
        if len(self._keys):
            starts = np.searchsorted(self._keys, query_keys, side="left")
            ends = np.searchsorted(self._keys, query_keys, side="right")
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
                if end > start:
                    rows.update(self._rows[start:end].tolist())
        if self._pending:
            for key in query_keys.tolist():
                rows.update(self._pending.get(key, ()))
        return rows

    def query(
        self, text_or_signature: str | Sequence[int], threshold: float | None = None
    ) -> list[tuple[str, float]]:
        """Stored (id, estimated Jaccard) pairs at or above the threshold, best first."""
        sig = self._signature(text_or_signature)
        rows = self._candidate_rows(sig)
        if not rows:
            return []
        limit = self.threshold if threshold is None else threshold
        row_array = np.fromiter(rows, dtype=np.int64, count=len(rows))
        similarity = (self._signatures[row_array] == sig).sum(axis=1) / NUM_PERM
        keep = similarity >= limit
        found = [
            (self._ids[int(r)], float(s))
            for r, s in zip(row_array[keep], similarity[keep], strict=True)
        ]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found
