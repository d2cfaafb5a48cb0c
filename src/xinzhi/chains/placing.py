"""Placing the catalog on a chain: read records in batches, run the kernel, write rows in bulk.

Patents are placed by IPC and text (title and abstract); achievements, demands and experts by
their text (title, summary/detail, keywords, field); an organisation by its own text and by the
patents it holds (its name among a placed patent's applicants: "持有该环节专利 n 件").
Other domains' records (揭榜挂帅 challenges) come through ``hooks.SOURCES``, registered by the
composition root.
Automatic rows are written with a bulk insert (no per-row audit entry, as the catalog's bulk
import); a person's confirm or move goes through the ORM and is audited.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import (
    Achievement,
    Demand,
    Organisation,
    Patent,
    Person,
    PersonKind,
    Policy,
)
from xinzhi.chains.hooks import SOURCES, Row
from xinzhi.chains.models import AUTO, Chain, Placement
from xinzhi.chains.placement import Hit, NodeRule, Placer
from xinzhi.core.models import utcnow

BATCH = 5_000


def placer_of(chain: Chain) -> Placer:
    return Placer(
        NodeRule(n.key, tuple(n.ipc), tuple(n.keywords), tuple(n.exclude)) for n in chain.nodes
    )


def _text(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, list):
            out.extend(str(p) for p in part)
        elif part:
            out.append(str(part))
    return " ".join(out)


def _patents(session: Session) -> Iterator[tuple[Row, list[str]]]:
    query = select(
        Patent.id, Patent.title, Patent.abstract, Patent.ipc, Patent.ipc_main, Patent.applicants
    ).execution_options(yield_per=BATCH)
    for pid, title, abstract, ipc, main, applicants in session.execute(query):
        yield (pid, _text(title, abstract), list(ipc or []), main or ""), list(applicants or [])


def _others(session: Session) -> dict[str, Iterable[Row]]:
    achievements: Iterator[Row] = (
        (i, _text(t, s, k, f), [], "")
        for i, t, s, k, f in session.execute(
            select(
                Achievement.id, Achievement.title, Achievement.summary, Achievement.keywords,
                Achievement.field,
            )
        )
    )  # fmt: skip
    demands: Iterator[Row] = (
        (i, _text(t, d, k, f), [], "")
        for i, t, d, k, f in session.execute(
            select(Demand.id, Demand.title, Demand.detail, Demand.keywords, Demand.field)
        )
    )
    experts: Iterator[Row] = (
        (i, _text(f, t, b), [], "")
        for i, f, t, b in session.execute(
            select(Person.id, Person.fields, Person.title, Person.bio).where(
                Person.kind == PersonKind.EXPERT.value
            )
        )
    )
    policies: Iterator[Row] = (
        (i, _text(t, x), [], "")
        for i, t, x in session.execute(select(Policy.id, Policy.title, Policy.text))
    )
    found: dict[str, Iterable[Row]] = {
        "achievement": achievements,
        "demand": demands,
        "expert": experts,
        "policy": policies,
    }
    for name, source in SOURCES.items():
        found[name] = source.place(session)
    return found


def _row(chain_id: int, entity_type: str, entity_id: int, hit: Hit, now: Any) -> dict[str, Any]:
    return {
        "chain_id": chain_id,
        "node_key": hit.node_key,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "confidence": hit.confidence,
        "method": hit.method,
        "reasons": hit.reasons(),
        "status": AUTO,
        "decided_by": "",
        "created_at": now,
    }


class _Writer:
    def __init__(self, session: Session, chain_id: int) -> None:
        self.session, self.chain_id, self.now = session, chain_id, utcnow()
        self.rows: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()

    def add(self, entity_type: str, entity_id: int, hits: list[Hit]) -> None:
        for hit in hits:
            self.rows.append(_row(self.chain_id, entity_type, entity_id, hit, self.now))
        if hits:
            self.counts[entity_type] += 1
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.session.execute(insert(Placement), self.rows)
            self.rows = []


def place_all(
    session: Session,
    chain: Chain,
    kept: set[tuple[str, int]],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    placer = placer_of(chain)
    writer = _Writer(session, chain.id)
    total = int(session.scalar(select(Patent.id).order_by(Patent.id.desc()).limit(1)) or 0)
    held: dict[str, Counter[str]] = defaultdict(Counter)  # applicant → node → patents
    seen = 0
    for (pid, text, ipc, main), applicants in _patents(session):
        seen += 1
        if ("patent", pid) in kept:
            continue
        hits = placer.place(text, ipc, main)
        writer.add("patent", pid, hits)
        for name in applicants[:1] if hits else ():
            for hit in hits:
                held[name.strip()][hit.node_key] += 1
        if progress and seen % 1000 == 0:
            progress(seen, max(total, seen))
    for entity_type, rows in _others(session).items():
        for entity_id, text, codes, main in rows:
            if (entity_type, entity_id) not in kept:
                writer.add(entity_type, entity_id, placer.place(text, codes, main))
    _place_organisations(session, placer, writer, held, kept)
    writer.flush()
    if progress:
        progress(max(total, seen), max(total, seen))
    return {"placed": dict(writer.counts), "patents_read": seen, "kept": len(kept)}


def _place_organisations(
    session: Session,
    placer: Placer,
    writer: _Writer,
    held: dict[str, Counter[str]],
    kept: set[tuple[str, int]],
) -> None:
    query = select(Organisation.id, Organisation.name, Organisation.description)
    for oid, name, description in session.execute(query):
        if ("organisation", oid) in kept:
            continue
        hits = {h.node_key: h for h in placer.place(_text(name, description))}
        for node, n in held.get(name.strip(), Counter()).items():
            by_patents = round(min(0.95, 0.5 + 0.1 * n), 4)
            note = f"持有该环节专利 {n} 件（申请人名称一致）"
            hit = hits.get(node)
            if hit is None:
                hits[node] = Hit(node, by_patents, "patents", notes=[note])
            else:
                hit.confidence = max(hit.confidence, by_patents)
                hit.method = f"{hit.method}+patents"
                hit.notes.append(note)
        writer.add("organisation", oid, list(hits.values()))
