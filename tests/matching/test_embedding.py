"""The embedding registry, the hashing embedder used by fast tests, and ``language_of``."""

from __future__ import annotations

import numpy as np
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.matching.embedding import (
    DEFAULT_EMBEDDER,
    Embedder,
    HashingEmbedder,
    available_embedders,
    get_embedder,
    language_of,
    register_embedder,
)


def test_hashing_embedder_rows_are_normalised_float32_and_deterministic() -> None:
    texts = ["锂离子电池正极材料", "lithium-ion battery cathode", "", "  "]
    first = HashingEmbedder().embed_passages(texts)
    second = HashingEmbedder().embed_queries(texts)
    assert first.dtype == np.float32 and first.shape == (4, 256)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(np.linalg.norm(first[:2], axis=1), 1.0, rtol=1e-6)
    assert not first[2].any()  # nothing to hash: a zero row, not NaN


def test_hashing_embedder_puts_texts_sharing_bigrams_closer() -> None:
    vectors = HashingEmbedder().embed_queries(
        ["锂电池正极材料", "锂电池负极材料", "风力发电机叶片"]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_hashing_embedder_reports_progress_and_rejects_a_bare_string() -> None:
    seen: list[tuple[int, int]] = []
    HashingEmbedder(dim=64).embed_passages(
        ["a", "b", "c"], progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(3, 3)]
    with pytest.raises(InvalidInput):
        HashingEmbedder().embed_queries("not a list")  # type: ignore[arg-type]


def test_registry_returns_one_instance_per_name_without_loading_weights() -> None:
    from xinzhi.matching.e5.embedder import E5SmallEmbedder

    default = get_embedder()
    assert DEFAULT_EMBEDDER == "e5-small" and isinstance(default, E5SmallEmbedder)
    assert default is get_embedder("e5-small")
    assert default.dim == 384 and default.name == "e5-small"
    hashing = get_embedder("hashing")
    assert isinstance(hashing, Embedder) and hashing.dim == 256
    assert {"e5-small", "hashing"} <= set(available_embedders())
    with pytest.raises(InvalidInput):
        get_embedder("no-such-model")


def test_register_embedder_makes_a_drop_in_model_available() -> None:
    register_embedder("hashing-64", lambda: HashingEmbedder(dim=64))
    assert get_embedder("hashing-64").embed_queries(["x"]).shape == (1, 64)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("一种锂离子电池正极材料及其制备方法", "zh"),
        ("机器学习 machine learning", "zh"),
        ("基于BERT的专利分类", "zh"),
        ("Deep learning for battery state-of-charge estimation", "en"),
        ("Using 深度学习 for battery state estimation", "en"),
        ("café au lait", "en"),
        ("Привет мир", "other"),
        ("12345 %%", "other"),
        ("", "other"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language
