"""What the measures are computed from, read from the database into plain frames once.

One query per record type over the chain's placements, so the weak-link table of a province
is a few group-bys in memory (goal < 1 s at 82,823 patents). Confidential achievements and
demands are counted only for those who may see them (the catalog's visibility rule);
challenges (揭榜挂帅, through ``hooks.SOURCES``) by the challenges domain's own rule (drafts are
staff-only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, aliased

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import (
    Achievement,
    Demand,
    DemandStatus,
    Organisation,
    OrgKind,
    Patent,
    Person,
)
from xinzhi.catalog.service import visibility
from xinzhi.chains.hooks import SOURCES
from xinzhi.chains.models import Chain, Placement
from xinzhi.core.models import as_utc
from xinzhi.core.security import Principal

CHALLENGE_COLS = ["entity_id", "node_key", "title", "region_code", "open"]
RESEARCH_KINDS = (OrgKind.UNIVERSITY.value, OrgKind.INSTITUTE.value)


@dataclass
class Facts:
    """The chain's placed records as frames, plus the denominators of LQ and RTA."""

    patents: pd.DataFrame  # entity_id, node_key, weight, province, year, applicant
    patent_totals: pd.DataFrame  # province, year, n (every patent in the catalog)
    organisations: pd.DataFrame  # entity_id, node_key, name, kind, region_code, tiers
    enterprise_totals: pd.DataFrame  # region_code, n (every enterprise)
    achievements: pd.DataFrame  # entity_id, node_key, title, region_code, trl
    experts: pd.DataFrame  # entity_id, node_key, name, region_code
    demands: pd.DataFrame  # entity_id, node_key, title, region_code, status
    placed_at: dt.datetime | None
    patents_date: dt.date | None
    catalog_changed_at: dt.datetime | None = None
    challenges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHALLENGE_COLS))

    @property
    def stale(self) -> bool:
        """Whether the catalog changed after the placement (``chains.refresh`` re-places)."""
        if self.placed_at is None:
            return True
        if self.catalog_changed_at is None:
            return False
        return as_utc(self.catalog_changed_at) > as_utc(self.placed_at)


PLACED_TYPES = (Patent, Organisation, Achievement, Person, Demand)


def catalog_changed_at(session: Session) -> dt.datetime | None:
    """The latest change to any record type the chains place."""
    times = [session.scalar(select(func.max(m.updated_at))) for m in PLACED_TYPES]
    times += [source.changed_at(session) for source in SOURCES.values()]
    found = [as_utc(t) for t in times if t is not None]
    return max(found) if found else None


def _frame(session: Session, query: Any, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in session.execute(query)], columns=columns)


def _placed(chain_id: int, entity_type: str) -> Any:
    return (Placement.chain_id == chain_id) & (Placement.entity_type == entity_type)


def tiers_of(extra: Any) -> list[str]:
    """Tiers an import recorded in an organisation's ``extra`` (``tiers`` or ``资质``)."""
    if not isinstance(extra, dict):
        return []
    raw = extra.get("tiers") or extra.get("资质") or []
    if isinstance(raw, str):
        raw = [t for t in raw.replace("，", ",").replace("、", ",").split(",")]
    return [str(t).strip() for t in raw if str(t).strip()]


def load(session: Session, chain: Chain, principal: Principal) -> Facts:
    owner = aliased(Organisation)
    patents = _frame(
        session,
        select(
            Placement.entity_id, Placement.node_key, Patent.province,
            extract("year", Patent.app_date), Patent.applicants[0].as_string(),
        ).join(Patent, Patent.id == Placement.entity_id).where(_placed(chain.id, "patent")),
        ["entity_id", "node_key", "province", "year", "applicant"],
    )  # fmt: skip
    patents["weight"] = 1.0 / patents.groupby("entity_id")["node_key"].transform("count")
    patents["year"] = pd.to_numeric(patents["year"], errors="coerce")
    patents["applicant"] = patents["applicant"].fillna("").astype(str).str.strip()
    totals = _frame(
        session,
        select(Patent.province, extract("year", Patent.app_date), func.count())
        .group_by(Patent.province, extract("year", Patent.app_date)),
        ["province", "year", "n"],
    )  # fmt: skip
    totals["year"] = pd.to_numeric(totals["year"], errors="coerce")
    orgs = _frame(
        session,
        select(
            Placement.entity_id, Placement.node_key, Organisation.name, Organisation.kind,
            Organisation.region_code, Organisation.extra,
        ).join(Organisation, Organisation.id == Placement.entity_id)
        .where(_placed(chain.id, "organisation")),
        ["entity_id", "node_key", "name", "kind", "region_code", "extra"],
    )  # fmt: skip
    orgs["tiers"] = orgs["extra"].map(tiers_of)
    enterprises = _frame(
        session,
        select(Organisation.region_code, func.count())
        .where(Organisation.kind == OrgKind.ENTERPRISE.value)
        .group_by(Organisation.region_code),
        ["region_code", "n"],
    )  # fmt: skip
    achievements = _frame(
        session,
        select(
            Placement.entity_id, Placement.node_key, Achievement.title,
            func.coalesce(Achievement.region_code, owner.region_code), Achievement.trl,
        ).join(Achievement, Achievement.id == Placement.entity_id)
        .outerjoin(owner, owner.id == Achievement.owner_org_id)
        .where(_placed(chain.id, "achievement"), visibility(ENTITIES["achievements"], principal)),
        ["entity_id", "node_key", "title", "region_code", "trl"],
    )  # fmt: skip
    experts = _frame(
        session,
        select(Placement.entity_id, Placement.node_key, Person.name, owner.region_code)
        .join(Person, Person.id == Placement.entity_id)
        .outerjoin(owner, owner.id == Person.organisation_id)
        .where(_placed(chain.id, "expert")),
        ["entity_id", "node_key", "name", "region_code"],
    )  # fmt: skip
    demands = _frame(
        session,
        select(
            Placement.entity_id, Placement.node_key, Demand.title,
            func.coalesce(Demand.region_code, owner.region_code), Demand.status,
        ).join(Demand, Demand.id == Placement.entity_id)
        .outerjoin(owner, owner.id == Demand.owner_org_id)
        .where(_placed(chain.id, "demand"), visibility(ENTITIES["demands"], principal)),
        ["entity_id", "node_key", "title", "region_code", "status"],
    )  # fmt: skip
    demands["open"] = demands["status"] == DemandStatus.OPEN.value
    return Facts(
        patents,
        totals,
        orgs.drop(columns=["extra"]),
        enterprises,
        achievements,
        experts,
        demands,
        chain.placed_at,
        session.scalar(select(func.max(Patent.app_date))),
        catalog_changed_at(session),
        challenges(session, chain, principal),
    )


def challenges(session: Session, chain: Chain, principal: Principal) -> pd.DataFrame:
    """Challenges placed on the chain that ``principal`` may see (empty when no challenges
    domain is registered)."""
    source = SOURCES.get("challenge")
    if source is None:
        return pd.DataFrame(columns=CHALLENGE_COLS)
    seen = {int(r[0]): r for r in source.visible(session, principal)}
    placed = session.execute(
        select(Placement.entity_id, Placement.node_key).where(_placed(chain.id, "challenge"))
    )
    rows = [
        (cid, node, seen[cid][1], seen[cid][2], bool(seen[cid][3]))
        for cid, node in placed
        if cid in seen
    ]
    return pd.DataFrame(rows, columns=CHALLENGE_COLS)
