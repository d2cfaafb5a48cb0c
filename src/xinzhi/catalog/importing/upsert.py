"""The write side of an import: owners resolved, rows planned, the plan carried out.

Runs inside the unit of work the caller opens: a write unit for an import, a read unit for a
dry run (``write=False`` plans and counts, and creates nothing).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.catalog.importing import plan as planning
from xinzhi.catalog.importing.orgs import create_organisations, lookup_organisations, name_key
from xinzhi.catalog.importing.prepare import Prepared
from xinzhi.catalog.importing.report import ImportReport
from xinzhi.catalog.importing.write import (
    Progress,
    citation_categories,
    insert_records,
    update_records,
    write_citations,
)


def apply_plan(
    session: Session, prepared: Prepared, report: ImportReport, progress: Progress, *, write: bool
) -> None:
    """Resolve owners, plan every row and (when ``write``) carry the plan out."""
    entity, rows = prepared.entity, prepared.rows
    _resolve_owners(session, prepared, report, progress, write=write)
    plan = planning.plan_rows(session, entity, rows, prepared.provided, progress)
    counts = report.counts
    counts.created, counts.updated = len(plan.inserts), len(plan.changes)
    counts.unchanged = len(plan.unchanged)
    if not write:
        return
    ids = insert_records(session, entity, plan.inserts, progress)
    update_records(session, entity, plan.changes, progress)
    if entity.name == "patents" and (plan.inserts or plan.changes):
        _citations(session, plan, ids, prepared.provided, progress)


def _resolve_owners(
    session: Session, prepared: Prepared, report: ImportReport, progress: Progress, *, write: bool
) -> None:
    names = [row.owner for row in prepared.rows if row.owner]
    if not names:
        return
    found = lookup_organisations(session, names)
    missing = {name_key(n): n for n in names if name_key(n) not in found}
    report.counts.organisations_matched = len(found)
    report.counts.organisations_created = len(missing)
    if write and missing:
        found.update(create_organisations(session, missing.values(), prepared.source, progress))
    planning.assign_owners(prepared.entity, prepared.rows, found)
    for row in prepared.rows:
        if row.owner:
            row.key = planning.record_key(prepared.entity, row)


def _citations(
    session: Session,
    plan: planning.Plan,
    ids: dict[int, int],
    provided: frozenset[str],
    progress: Progress,
) -> None:
    progress(0, 0, "linking citations")
    cites = {ids[item.row]: list(item.values.get("cites") or []) for item in plan.inserts}
    kinds = {ids[item.row]: citation_categories(item.values.get("extra")) for item in plan.inserts}
    replaced: list[int] = []
    if "cites" in provided:
        replaced = [change.id for change in plan.changes]
        cites.update({change.id: list(change.values.get("cites") or []) for change in plan.changes})
        kinds.update({c.id: citation_categories(c.values.get("extra")) for c in plan.changes})
    write_citations(session, {pid: c for pid, c in cites.items() if c}, replaced, kinds)
