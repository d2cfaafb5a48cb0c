"""The scale-out retrieval backend: Milvus through ``pymilvus``, tested against Milvus Lite.

One collection per index. Every :class:`~xinzhi.matching.types.MatchDoc` field is stored, the
lexical tokens (ours: rjieba + domain dictionary, tokenised by the caller) go into a ``tokens``
VARCHAR whose analyzer only splits on whitespace, and a BM25 function turns them into a sparse
vector, so this backend scores exactly the tokens the embedded backend scores. Dense retrieval is
cosine over a FLOAT_VECTOR field (brute force on Milvus Lite, HNSW on a server).

``uri`` chooses the deployment: ``http(s)://host:port`` (or ``tcp://``) is a Milvus server; any
other value is a local directory served by Milvus Lite. For Lite this backend starts its own
in-process gRPC server bound to 127.0.0.1 on a free port and stops it in :meth:`close` (pymilvus'
own ``.db`` handling keeps the server until interpreter exit). See ``docs/matching-milvus.md``.

Two differences from a Milvus server (token encoding, the sign of BM25 distances) are absorbed
by the pure translation layer :mod:`xinzhi.matching.milvus_rows`, which also writes the rows and
the filter expressions.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pymilvus import (  # type: ignore[import-untyped]
    DataType,
    Function,
    FunctionType,
    MilvusClient,
)

from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.matching.milvus_rows import (
    MAX_VARCHAR_BYTES,
    bm25_scores,
    doc_row,
    filter_expression,
    row_doc,
    tokens_field,
)
from xinzhi.matching.types import Candidates, Filters, FloatMatrix, IndexStats, MatchDoc

MAX_TOP_K = 16_384  # Milvus' limit on ``limit`` (topk) per search
BATCH_ROWS = 2_000
HNSW_PARAMS = {"M": 16, "efConstruction": 200}

_SERVER_SCHEMES = ("http://", "https://", "tcp://")
_STORED_FIELDS = [
    "key",
    "title",
    "text",
    "tokens",
    "lang",
    "field",
    "region_code",
    "trl",
    "date",
    "org_kind",
    "owner_org_id",
    "confidential",
    "content_hash",
]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------- Milvus Lite server


class LiteServer:
    """A Milvus Lite gRPC server in this process, bound to 127.0.0.1 on a free port."""

    def __init__(self, data_dir: Path) -> None:
        from milvus_lite.adapter.grpc.server import (  # type: ignore[import-untyped]
            start_server_in_thread,
        )
        from milvus_lite.exceptions import DataDirLockedError  # type: ignore[import-untyped]

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            server, db, port = start_server_in_thread(str(data_dir), host="127.0.0.1", port=0)
        except DataDirLockedError as exc:
            raise Conflict(f"Milvus Lite 数据目录已被占用：{data_dir}") from exc
        self.data_dir = data_dir
        self.port = int(port)
        self._stop: Callable[[], None] = weakref.finalize(self, _stop_lite, server, db)

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stop()


def _stop_lite(server: Any, db: Any) -> None:
    server.stop(grace=1).wait()
    db.close()


# ---------------------------------------------------------------- the backend


class MilvusBackend:
    """:class:`~xinzhi.matching.types.Backend` over one Milvus collection."""

    name = "milvus"

    def __init__(
        self,
        uri: str | Path,
        collection: str,
        dim: int,
        *,
        token: str = "",
        db_name: str = "",
        bm25_k1: float = 1.5,
        bm25_b: float = 0.75,
    ) -> None:
        if dim <= 0:
            raise InvalidInput(f"向量维度必须为正数：{dim}")
        uri = str(uri)
        self.collection = collection
        self.dim = dim
        self.bm25 = {"bm25_k1": float(bm25_k1), "bm25_b": float(bm25_b)}
        self.lite: LiteServer | None = None
        if uri.startswith(_SERVER_SCHEMES):
            self.client = MilvusClient(uri=uri, token=token, db_name=db_name)
        else:
            self.lite = LiteServer(Path(uri).expanduser().resolve())
            self.client = MilvusClient(uri=self.lite.uri)
        try:
            self._open_collection()
        except BaseException:
            self.close()
            raise

    # -- schema

    def _schema(self) -> Any:
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("key", DataType.VARCHAR, max_length=512, is_primary=True)
        for name, length in (
            ("entity_type", 32),
            ("field", 256),
            ("region_code", 64),
            ("lang", 16),
            ("org_kind", 64),
            ("title", 4_096),
            ("content_hash", 128),
            ("text", MAX_VARCHAR_BYTES),
        ):
            schema.add_field(name, DataType.VARCHAR, max_length=length)
        for name in ("trl", "date", "owner_org_id"):
            schema.add_field(name, DataType.INT64)
        schema.add_field("confidential", DataType.BOOL)
        # Lite has no whitespace tokenizer; encoded tokens make "standard" split on spaces only.
        tokenizer = "standard" if self.lite is not None else "whitespace"
        schema.add_field(
            "tokens",
            DataType.VARCHAR,
            max_length=MAX_VARCHAR_BYTES,
            enable_analyzer=True,
            analyzer_params={"tokenizer": tokenizer},
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        schema.add_function(
            Function(
                name="tokens_bm25",
                function_type=FunctionType.BM25,
                input_field_names=["tokens"],
                output_field_names=["sparse"],
            )
        )
        return schema

    def _index_params(self) -> Any:
        params = self.client.prepare_index_params()
        if self.lite is not None:
            params.add_index(field_name="vector", index_type="FLAT", metric_type="COSINE")
        else:
            params.add_index(
                field_name="vector", index_type="HNSW", metric_type="COSINE", params=HNSW_PARAMS
            )
        params.add_index(
            field_name="sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params=dict(self.bm25),
        )
        return params

    def _open_collection(self) -> None:
        if not self.client.has_collection(self.collection):
            self.client.create_collection(
                self.collection, schema=self._schema(), consistency_level="Strong"
            )
            # sync=False skips pymilvus' 0.5 s polling sleep per index; the collection is empty,
            # so there is nothing to build and load_collection below waits for readiness.
            self.client.create_index(self.collection, self._index_params(), sync=False)
            self.client.load_collection(self.collection)
            return
        described = self.client.describe_collection(self.collection)
        dims = [
            int(f.get("params", {}).get("dim", 0))
            for f in described.get("fields", [])
            if f.get("name") == "vector"
        ]
        if dims != [self.dim]:
            raise Conflict(f"集合 {self.collection} 的向量维度为 {dims}，与 {self.dim} 不一致")
        self.client.load_collection(self.collection)

    # -- writes

    def upsert(self, docs: Sequence[MatchDoc], vectors: FloatMatrix) -> None:
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape != (len(docs), self.dim):
            raise InvalidInput(f"向量形状 {matrix.shape} 与 ({len(docs)}, {self.dim}) 不一致")
        latest = {doc.key: i for i, doc in enumerate(docs)}  # a repeated key: the last one wins
        rows = [doc_row(docs[i], matrix[i]) for i in sorted(latest.values())]
        for batch in _chunks(rows, BATCH_ROWS):
            self.client.upsert(self.collection, list(batch))

    def delete(self, keys: Sequence[str]) -> None:
        unique = sorted(set(keys))
        for batch in _chunks(unique, BATCH_ROWS):
            self.client.delete(self.collection, ids=list(batch))

    def flush(self) -> None:
        self.client.flush(self.collection)

    # -- reads

    def lexical(self, tokens: Sequence[str], filters: Filters, k: int) -> Candidates:
        query = tokens_field(tokens)
        if not query or k <= 0:
            return Candidates([], [])
        hits = self._search([query], "sparse", {"metric_type": "BM25"}, filters, k)
        keys = [str(h["entity"]["key"]) for h in hits]
        return Candidates(keys, bm25_scores([h["distance"] for h in hits]))

    def dense(self, vector: FloatMatrix, filters: Filters, k: int) -> Candidates:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape != (self.dim,):
            raise InvalidInput(f"查询向量维度 {query.shape} 与 {self.dim} 不一致")
        if k <= 0:
            return Candidates([], [])
        params = {"metric_type": "COSINE", "params": {"ef": max(64, min(k, MAX_TOP_K))}}
        hits = self._search([query.tolist()], "vector", params, filters, k)
        return Candidates(
            [str(h["entity"]["key"]) for h in hits], [float(h["distance"]) for h in hits]
        )

    def _search(
        self, data: list[Any], field: str, params: dict[str, Any], filters: Filters, k: int
    ) -> list[dict[str, Any]]:
        result = self.client.search(
            self.collection,
            data=data,
            anns_field=field,
            limit=min(k, MAX_TOP_K),
            filter=filter_expression(filters),
            output_fields=["key"],
            search_params=params,
        )
        return list(result[0])

    def get(self, keys: Sequence[str]) -> list[MatchDoc | None]:
        found: dict[str, MatchDoc] = {}
        for batch in _chunks(sorted(set(keys)), BATCH_ROWS):
            for row in self.client.get(
                self.collection, ids=list(batch), output_fields=_STORED_FIELDS
            ):
                doc = row_doc(row)
                found[doc.key] = doc
        return [found.get(key) for key in keys]

    def hashes(self) -> dict[str, str]:
        """Key → content hash of every stored document (lets index updates skip unchanged ones)."""
        out: dict[str, str] = {}
        iterator = self.client.query_iterator(
            self.collection, batch_size=BATCH_ROWS, filter="", output_fields=["content_hash"]
        )
        try:
            while batch := iterator.next():
                out.update({str(r["key"]): str(r["content_hash"]) for r in batch})
        finally:
            iterator.close()
        return out

    def needs_compaction(self) -> bool:
        return False  # Milvus compacts its segments itself

    def compact(self) -> None:
        """Nothing to do: Milvus merges segments and drops deleted rows on its own."""

    def count(self) -> int:
        rows = self.client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"])

    def stats(self) -> IndexStats:
        details: dict[str, Any] = {
            "collection": self.collection,
            "deployment": "milvus-lite" if self.lite is not None else "server",
            "dense_index": "FLAT" if self.lite is not None else "HNSW",
            "metric": "COSINE",
            **self.bm25,
        }
        if self.lite is not None:
            details["lite_data_dir"] = str(self.lite.data_dir)
            details["lite_address"] = f"127.0.0.1:{self.lite.port}"
        return IndexStats(backend=self.name, documents=self.count(), dim=self.dim, details=details)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.lite is not None:
            self.lite.stop()
