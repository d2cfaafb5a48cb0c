"""Background jobs of the matching engine.

- ``matching.index``: bring the index in line with the catalog (``service.update_index``) with
  progress; parameters ``{full: bool, entity_types: [...], dask: "tcp://host:port" | ""}``.
- Batch embedding of a large corpus: :func:`embed_batch` is the one job function; it runs in
  process, or on an existing Dask cluster through :func:`embed_corpus` (``client.map`` over
  chunks — Dask does the distribution, we add none of our own). A cluster started for tests or
  on one machine must listen on loopback: ``LocalCluster(host="127.0.0.1")``.
- ``matching.update``: the small incremental update queued by catalog changes (``live.py``);
  parameters ``{entity_types: [...]}``, re-read when the job starts so changes that joined the
  queued job are included. It then tells owners about new matches (``notify.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from xinzhi.core.jobs import JobContext, job_kind
from xinzhi.matching.types import ENTITY_TYPES

CHUNK = 2_000


def embed_batch(texts: Sequence[str], model: str) -> npt.NDArray[np.float32]:
    """Passage embeddings of ``texts`` with ``model`` (the unit of work of every path)."""
    from xinzhi.matching.embedding import get_embedder

    return get_embedder(model).embed_passages(list(texts), batch_size=64)


def embed_corpus(
    texts: Sequence[str], model: str, *, dask: str | Any = "", chunk: int = CHUNK
) -> npt.NDArray[np.float32]:
    """Embed ``texts`` in chunks, on the Dask cluster at ``dask`` (address or Client) if given."""
    chunks = [list(texts[i : i + chunk]) for i in range(0, len(texts), chunk)]
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32)
    if not dask:
        return np.concatenate([embed_batch(c, model) for c in chunks])
    from distributed import Client

    client = dask if isinstance(dask, Client) else Client(dask)  # type: ignore[no-untyped-call]
    try:
        futures = client.map(embed_batch, chunks, model=model, pure=False)
        return np.concatenate(client.gather(futures))  # type: ignore[no-untyped-call]
    finally:
        if client is not dask:
            client.close()  # type: ignore[no-untyped-call]


@job_kind("matching.index")
def run_index(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.matching.service import update_index

    params = ctx.params
    types = tuple(params.get("entity_types") or ENTITY_TYPES)
    model = ctx.settings.matching_model
    address = str(params.get("dask") or "")

    def embed(texts: list[str]) -> npt.NDArray[np.float32]:
        return embed_corpus(texts, model, dask=address)

    with ctx.db.read() as session:
        report = update_index(
            session,
            ctx.settings,
            entity_types=types,
            full=bool(params.get("full", False)),
            progress=lambda done, total: ctx.progress(done, total, "embedding"),
            embed=embed if address else None,
        )
    return report.to_dict()


@job_kind("matching.update")
def run_update(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.core.models import Job
    from xinzhi.matching.service import update_index

    with ctx.db.read() as session:
        job = session.get(Job, ctx.job_id)  # joined changes may have widened the types
        params = dict(job.params) if job is not None else ctx.params
        types = tuple(t for t in ENTITY_TYPES if t in (params.get("entity_types") or ENTITY_TYPES))
        report = update_index(session, ctx.settings, entity_types=types)
    result = report.to_dict()
    if report.changed_keys and ctx.settings.matching_notify:
        from xinzhi.matching.notify import notify_new_matches

        result["notices"] = notify_new_matches(ctx.db, ctx.settings, report.changed_keys)
    return result
