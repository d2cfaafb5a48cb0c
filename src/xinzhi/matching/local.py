"""The embedded retrieval backend: files beside the database, no server.

Layout of an index directory (no pickle anywhere; NumPy arrays are loaded with
``allow_pickle=False`` and memory-mapped where they are large):

- ``manifest.json``: format version, model, dimension, tokenizer, counts, build times;
- ``docs.parquet``: one row per stored document (key, title, tokens, metadata, alive flag);
- ``vectors.npy``: float16 embeddings, row ``i`` is document ``i``;
- ``bm25/``: the bm25s index of the *base* rows (documents present at the last build);
- ``ivf.faiss``: an IVF index with int8 (or float16) codes (faiss) when the corpus is large.

Writes are incremental: a changed document's old row is marked dead and the new one appended.
Rows appended since the last build form a small *delta* scored by its own BM25 index (rebuilt in
memory when needed) and by exact dense search; ``compact()`` folds the delta in and drops dead rows
(the matching index job runs it when the delta or the dead rows pass 20% of the base). BM25 of the
delta uses each token's IDF over base and delta together (``local_scoring.delta_bm25``).

The document table and its filter masks are in :mod:`xinzhi.matching.local_columns`, the BM25,
top-k and IVF kernels in :mod:`xinzhi.matching.local_scoring`; this module owns the files, the
caches and the base/delta bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from xinzhi.core.errors import InvalidInput
from xinzhi.matching.local_columns import ColumnArrays, Columns
from xinzhi.matching.local_scoring import bm25_scores, build_bm25, build_ivf, delta_bm25, top_k
from xinzhi.matching.types import Candidates, Filters, FloatMatrix, IndexStats, MatchDoc

FORMAT = 2
ANN_MIN_DOCS = 50_000  # below this, exact dense search is both exact and fast enough
EXACT_FALLBACK = 5_000  # a filter admitting at most this many rows is searched exactly


class LocalBackend:
    """BM25 (bm25s) + dense (exact NumPy, or faiss IVF when large) over files in ``directory``."""

    name = "local"

    def __init__(
        self,
        directory: Path,
        *,
        dim: int,
        model: str = "",
        ann: str = "auto",
        quantize: str = "i8",
        nprobe: int = 32,
    ) -> None:
        self.directory = Path(directory)
        self.dim = dim
        self.model = model
        self.ann = ann  # "auto" | "ivf" | "exact"
        self.nprobe = nprobe
        self.exact_fallback = EXACT_FALLBACK
        self.quantize = quantize  # IVF code: "i8" | "f16"
        self.cols = Columns()
        self.vectors = np.zeros((0, dim), dtype=np.float16)
        self._pending: list[FloatMatrix] = []
        self.positions: dict[str, int] = {}
        self.base_n = 0
        self.base_bm25: bm25s.BM25 | None = None
        self.ann_index: Any = None
        self._delta_bm25: bm25s.BM25 | None = None
        self._delta_dirty = True
        self._arrays: ColumnArrays | None = None
        self._masks: dict[Filters, npt.NDArray[np.bool_]] = {}
        self._bitmaps: dict[int, tuple[npt.NDArray[np.bool_], npt.NDArray[np.uint8]]] = {}
        self.build_seconds: dict[str, float] = {}
        self._seen_mtime: int | None = None
        self._recover_interrupted_save()
        if (self.directory / "manifest.json").exists():
            self._load()

    def _recover_interrupted_save(self) -> None:
        """A save killed between its two renames left the previous index in ``.old`` and none
        in place: put the previous one back (the half-written ``.tmp`` is discarded by the
        next save)."""
        old = self.directory.with_name(self.directory.name + ".old")
        if not (self.directory / "manifest.json").exists() and (old / "manifest.json").exists():
            if self.directory.exists():
                shutil.rmtree(self.directory)
            old.rename(self.directory)

    # -- writes ---------------------------------------------------------------------------
    def upsert(self, docs: Sequence[MatchDoc], vectors: FloatMatrix) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(docs), self.dim):
            raise InvalidInput(f"需要 {len(docs)}×{self.dim} 的向量，收到 {vectors.shape}")
        self.delete([d.key for d in docs])
        for doc in docs:
            self.positions[doc.key] = len(self.cols.keys)
            self.cols.append(doc)
        self._pending.append(vectors.astype(np.float16))
        self._changed()

    def delete(self, keys: Sequence[str]) -> None:
        for key in keys:
            i = self.positions.pop(key, None)
            if i is not None:
                self.cols.alive[i] = False
        self._changed()

    def _changed(self) -> None:
        self._arrays = None
        self._masks.clear()
        self._bitmaps.clear()
        self._delta_dirty = True

    def _all_vectors(self) -> npt.NDArray[np.float16]:
        if self._pending:
            self.vectors = np.concatenate([np.asarray(self.vectors), *self._pending])
            self._pending = []
        return self.vectors

    def build(self) -> None:
        """(Re)build the base indexes over every live row; dead rows are dropped."""
        live = [i for i, a in enumerate(self.cols.alive) if a]
        vectors = self._all_vectors()
        if len(live) != len(self.cols.keys):
            table = self.cols.table().take(pa.array(live, pa.int64()))
            self.cols = Columns.from_table(table)
            self.vectors = np.ascontiguousarray(vectors[live])
            self.positions = {k: i for i, k in enumerate(self.cols.keys)}
        t0 = time.perf_counter()
        self.base_bm25 = build_bm25(self.cols.tokens)
        t1 = time.perf_counter()
        self.ann_index = None
        if self._use_ann(len(self.cols.keys)):
            self.ann_index = build_ivf(self.vectors, self.dim, self.quantize)
        t2 = time.perf_counter()
        self.build_seconds = {"bm25": round(t1 - t0, 3), "ann": round(t2 - t1, 3)}
        self.base_n = len(self.cols.keys)
        self._changed()

    compact = build

    def _use_ann(self, n: int) -> bool:
        return self.ann == "ivf" or (self.ann == "auto" and n >= ANN_MIN_DOCS)

    def flush(self) -> None:
        self.save()

    def needs_compaction(self) -> bool:
        n = len(self.cols.keys)
        dead = n - len(self.positions)
        return n - self.base_n > 0.2 * max(self.base_n, 1) or dead > 0.2 * max(n, 1)

    # -- persistence ----------------------------------------------------------------------
    def save(self) -> None:
        """Write the index atomically: a new directory is filled, then swapped in. A kill at
        any point leaves the previous index usable: before the swap it is untouched, between
        the two renames it waits in ``.old`` and the next open puts it back."""
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        pq.write_table(self.cols.table(), tmp / "docs.parquet")
        np.save(tmp / "vectors.npy", np.asarray(self._all_vectors()), allow_pickle=False)
        if self.base_bm25 is not None:
            self.base_bm25.save(str(tmp / "bm25"), show_progress=False)
        if self.ann_index is not None:
            import faiss

            faiss.write_index(self.ann_index, str(tmp / "ivf.faiss"))
        manifest = {
            "format": FORMAT,
            "backend": self.name,
            "model": self.model,
            "dim": self.dim,
            "quantize": self.quantize,
            "base_n": self.base_n,
            "documents": len(self.positions),
            "rows": len(self.cols.keys),
            "build_seconds": self.build_seconds,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        old = self.directory.with_name(self.directory.name + ".old")
        if self.directory.exists():
            if old.exists():
                shutil.rmtree(old)
            self.directory.rename(old)
        tmp.rename(self.directory)
        if old.exists():
            shutil.rmtree(old)
        self._seen_mtime = self._manifest_mtime()

    def _manifest_mtime(self) -> int | None:
        path = self.directory / "manifest.json"
        return path.stat().st_mtime_ns if path.exists() else None

    def changed_on_disk(self) -> bool:
        """Whether the files were saved by someone else since this object loaded or saved them."""
        return self._manifest_mtime() != self._seen_mtime

    def _load(self) -> None:
        d = self.directory
        self._seen_mtime = self._manifest_mtime()
        manifest = json.loads((d / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            raise InvalidInput(f"索引格式 {manifest.get('format')} 不受支持，请重建索引: {d}")
        if manifest["dim"] != self.dim:
            raise InvalidInput(
                f"索引维度 {manifest['dim']} 与模型维度 {self.dim} 不一致，请重建索引: {d}"
            )
        self.model = manifest.get("model", self.model)
        self.quantize = manifest.get("quantize", self.quantize)
        self.cols = Columns.from_table(pq.read_table(d / "docs.parquet"))
        self.vectors = np.load(d / "vectors.npy", mmap_mode="r", allow_pickle=False)
        self.positions = {
            k: i for i, (k, a) in enumerate(zip(self.cols.keys, self.cols.alive, strict=True)) if a
        }
        self.base_n = manifest["base_n"]
        self.build_seconds = manifest.get("build_seconds", {})
        if (d / "bm25").exists():
            self.base_bm25 = bm25s.BM25.load(str(d / "bm25"), mmap=True, show_progress=False)
        if (d / "ivf.faiss").exists():
            import faiss

            self.ann_index = faiss.read_index(str(d / "ivf.faiss"), faiss.IO_FLAG_MMAP)

    # -- reads ----------------------------------------------------------------------------
    def _mask(self, filters: Filters) -> npt.NDArray[np.bool_]:
        mask = self._masks.get(filters)
        if mask is None:
            if self._arrays is None:
                self._arrays = ColumnArrays(self.cols)
            mask = self._arrays.mask(filters, self.positions)
            if len(self._masks) > 64:
                self._masks.clear()
            self._masks[filters] = mask
        return mask

    def lexical(self, tokens: Sequence[str], filters: Filters, k: int) -> Candidates:
        n = len(self.cols.keys)
        scores = np.zeros(n, dtype=np.float32)
        if self.base_bm25 is not None and self.base_n:
            scores[: self.base_n] = bm25_scores(self.base_bm25, tokens, self.base_n)
        if n > self.base_n:
            if self._delta_dirty:
                self._delta_bm25 = build_bm25(self.cols.tokens[self.base_n :])
                self._delta_dirty = False
            if self._delta_bm25 is not None:
                scores[self.base_n :] = delta_bm25(
                    self._delta_bm25, self.base_bm25, tokens, n - self.base_n, self.base_n
                )
        np.multiply(scores, self._mask(filters), out=scores)
        # Rank only the documents that share a token with the query (usually a small part).
        matched = np.flatnonzero(scores)
        top = matched[top_k(scores[matched], k)]
        return Candidates([self.cols.keys[i] for i in top], [float(scores[i]) for i in top])

    def dense(self, vector: FloatMatrix, filters: Filters, k: int) -> Candidates:
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        mask = self._mask(filters)
        vectors = self._all_vectors()
        admitted = int(mask.sum())
        if admitted == 0:
            return Candidates([], [])
        if self.ann_index is None or admitted <= self.exact_fallback:
            rows = np.flatnonzero(mask)
            sims = np.asarray(vectors[rows], dtype=np.float32) @ q
            top = top_k(sims, k)
            return Candidates([self.cols.keys[rows[i]] for i in top], [float(sims[i]) for i in top])
        return self._ann(q, mask, k, vectors)

    def _bitmap(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint8]:
        """The base rows of ``mask`` packed for faiss's IDSelectorBitmap (kept with the mask)."""
        key = id(mask)
        cached = self._bitmaps.get(key)
        if cached is None or cached[0] is not mask:
            cached = (mask, np.packbits(mask[: self.base_n], bitorder="little"))
            if len(self._bitmaps) > 64:
                self._bitmaps.clear()
            self._bitmaps[key] = cached
        return cached[1]

    def _ann(
        self, q: FloatMatrix, mask: npt.NDArray[np.bool_], k: int, vectors: npt.NDArray[Any]
    ) -> Candidates:
        """IVF over the base rows, restricted by a bitmap of admitted rows, plus exact delta."""
        import faiss

        bitmap = self._bitmap(mask)
        params = faiss.SearchParametersIVF()
        params.sel = faiss.IDSelectorBitmap(self.base_n, faiss.swig_ptr(bitmap))
        params.nprobe = self.nprobe
        sims_, rows_ = self.ann_index.search(q[None, :], k, params=params)
        keep = rows_[0] >= 0
        keys = rows_[0][keep].tolist()
        sims = sims_[0][keep].tolist()
        if len(self.cols.keys) > self.base_n:
            delta = np.flatnonzero(mask[self.base_n :]) + self.base_n
            keys += delta.tolist()
            sims += (np.asarray(vectors[delta], dtype=np.float32) @ q).tolist()
        arr = np.asarray(sims, dtype=np.float32)
        top = top_k(arr, k)
        return Candidates([self.cols.keys[keys[i]] for i in top], [float(arr[i]) for i in top])

    def get(self, keys: Sequence[str]) -> list[MatchDoc | None]:
        return [self.cols.doc(self.positions[k]) if k in self.positions else None for k in keys]

    def hashes(self) -> dict[str, str]:
        """Key → content hash of every live document (to skip unchanged records on update)."""
        return {k: self.cols.content_hash[i] for k, i in self.positions.items()}

    def vector_of(self, key: str) -> FloatMatrix | None:
        i = self.positions.get(key)
        if i is None:
            return None
        return np.asarray(self._all_vectors()[i], dtype=np.float32)

    def stats(self) -> IndexStats:
        return IndexStats(
            backend=self.name,
            documents=len(self.positions),
            deleted=len(self.cols.keys) - len(self.positions),
            dim=self.dim,
            model=self.model,
            details={
                "base_rows": self.base_n,
                "delta_rows": len(self.cols.keys) - self.base_n,
                "ann": self.ann_index is not None,
                "quantize": self.quantize,
                "build_seconds": self.build_seconds,
            },
        )

    def close(self) -> None:
        self.ann_index = None
