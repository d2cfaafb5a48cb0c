"""``chains.place``: place the catalog on a chain, with progress (parameters ``{chain_id}``)."""

from __future__ import annotations

from typing import Any

from xinzhi.core.jobs import JobContext, job_kind

KIND = "chains.place"


@job_kind(KIND)
def run_place(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.chains import service

    with ctx.db.write(actor=ctx.actor, user_id=ctx.user_id) as session:
        chain = service.get_chain(session, int(ctx.params["chain_id"]))
        summary = service.place_chain(
            session, chain, progress=lambda done, total: ctx.progress(done, total, "placing")
        )
        return {"chain_id": chain.id, **summary}
