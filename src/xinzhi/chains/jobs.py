"""``chains.place``: place the catalog on a chain, with progress (parameters ``{chain_id}``);
``chains.refresh`` (hourly): re-place the latest version of every chain whose placement is
older than the last catalog change, so a map never shows figures staler than an hour."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xinzhi.core.jobs import JobContext, job_kind, periodic

if TYPE_CHECKING:
    from huey import Huey

    from xinzhi.core.db import Database

KIND = "chains.place"
SCHEDULER = "scheduler:chains.refresh"


@job_kind(KIND)
def run_place(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.chains import service

    with ctx.db.write(actor=ctx.actor, user_id=ctx.user_id) as session:
        chain = service.get_chain(session, int(ctx.params["chain_id"]))
        summary = service.place_chain(
            session, chain, progress=lambda done, total: ctx.progress(done, total, "placing")
        )
        return {"chain_id": chain.id, **summary}


@periodic("chains.refresh", minute="23")
def refresh_stale(db: Database, huey: Huey) -> int:
    """Re-place every chain (latest version per name) placed before the last catalog change."""
    from xinzhi.chains import service
    from xinzhi.chains.facts import catalog_changed_at
    from xinzhi.chains.models import Chain
    from xinzhi.core.models import as_utc

    refreshed = 0
    with db.write(actor=SCHEDULER) as session:
        changed = catalog_changed_at(session)
        latest: dict[str, Chain] = {}
        for chain in service.list_chains(session):  # newest version first per name
            latest.setdefault(chain.name, chain)
        for chain in latest.values():
            placed = chain.placed_at
            if changed is not None and (placed is None or as_utc(placed) < changed):
                service.place_chain(session, chain)
                refreshed += 1
    return refreshed
