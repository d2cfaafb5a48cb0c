"""Enterprise services API: tier assessment, stored profiles, risk warning, policy matching."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Response

from xinzhi.common.permissions import require
from xinzhi.common.web.deps import DbDep, PrincipalDep, UserDep, unit_kwargs
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise import access, service
from xinzhi.enterprise.assessment import assess
from xinzhi.enterprise.policies.matching import MatchReport, automatic_list, match_all
from xinzhi.enterprise.policies.service import matchable, save_policy
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.risk.indicators import RiskReport, assess_risk
from xinzhi.enterprise.risk.portfolio import Portfolio, portfolio, to_xlsx
from xinzhi.enterprise.rules.describe import as_dict
from xinzhi.enterprise.rules.packs import all_pack_ids, load_pack, rule_sets
from xinzhi.enterprise.rules.result import Assessment
from xinzhi.enterprise.schemas import (
    AssessOptions,
    AssessRequest,
    PolicyIn,
    ProfileRead,
    ProfileSummary,
)

router = APIRouter(prefix="/enterprise", tags=["enterprise"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/rules")
def rules() -> dict[str, Any]:
    """Rule sets and packs with their documents, versions and effective dates."""
    packs = [load_pack(p) for p in all_pack_ids()]
    return {
        "sets": {k: v.model_dump() for k, v in rule_sets().items()},
        "packs": [p.model_dump(mode="json", include={"id", "tier", "name", "document", "url",
                  "version", "issued_on", "effective_from", "effective_to", "applies_to", "notes"})
                  for p in packs],
    }  # fmt: skip


@router.get("/rules/{pack_id}")
def rule_pack(pack_id: str) -> dict[str, Any]:
    """One pack: its documents (number, 印发/实施 dates) and every threshold with its source."""
    return as_dict(load_pack(pack_id))


@router.post("/assess")
def assess_profile(body: AssessRequest) -> Assessment:
    """Assess a profile sent in the request (nothing is stored)."""
    options = body.model_dump(exclude={"profile"})
    return assess(body.profile, **options)


@router.get("/profiles")
def list_profiles(db: DbDep, principal: UserDep, region: str | None = None) -> list[ProfileSummary]:
    require(principal, access.PROFILE_LIST)
    with db.read() as session:
        rows = access.visible_profiles(principal, service.list_profiles(session, region))
        return [ProfileSummary(id=r.id, organisation_id=r.organisation_id, name=r.name,
                               region_code=r.region_code, years=[y.year for y in r.years])
                for r in rows]  # fmt: skip


@router.put("/profiles")
def save(body: EnterpriseProfile, db: DbDep, principal: UserDep) -> ProfileRead:
    """Create or update the profile of ``body``'s organisation (audited)."""
    require(principal, access.PROFILE_WRITE_OWN)
    with db.write(**unit_kwargs(principal)) as session:
        row = service.save_profile(session, body)
        access.require_edit_profile(principal, row.organisation_id)
        return ProfileRead(id=row.id, organisation_id=row.organisation_id,
                           profile=service.to_profile(row))  # fmt: skip


@router.get("/profiles/{profile_id}")
def get(profile_id: int, db: DbDep, principal: UserDep) -> ProfileRead:
    with db.read() as session:
        row = service.get_row(session, profile_id)
        access.require_read_profile(principal, row.organisation_id)
        return ProfileRead(id=row.id, organisation_id=row.organisation_id,
                           profile=service.to_profile(row))  # fmt: skip


@router.delete("/profiles/{profile_id}", status_code=204)
def delete(profile_id: int, db: DbDep, principal: UserDep) -> Response:
    require(principal, access.PROFILE_DELETE)
    with db.write(**unit_kwargs(principal)) as session:
        service.delete_profile(session, profile_id)
    return Response(status_code=204)


@router.post("/profiles/{profile_id}/assess")
def assess_stored(
    profile_id: int, body: AssessOptions, db: DbDep, principal: UserDep
) -> Assessment:
    """Assess a stored profile and keep the result with its rule set and parameters."""
    with db.write(**unit_kwargs(principal)) as session:
        row = service.get_row(session, profile_id)
        access.require_read_profile(principal, row.organisation_id)
        result = assess(service.to_profile(row), **body.model_dump())
        service.store_assessment(session, profile_id, result, principal)
        return result


@router.get("/profiles/{profile_id}/risk")
def risk(
    profile_id: int, db: DbDep, principal: UserDep, as_of: dt.date | None = None
) -> RiskReport:
    with db.read() as session:
        row = service.get_row(session, profile_id)
        access.require_read_profile(principal, row.organisation_id)
        return assess_risk(service.to_profile(row), as_of=as_of)


@router.get("/profiles/{profile_id}/policies")
def policies(
    profile_id: int, db: DbDep, principal: UserDep, as_of: dt.date | None = None
) -> MatchReport:
    with db.read() as session:
        row = service.get_row(session, profile_id)
        access.require_read_profile(principal, row.organisation_id)
        return match_all(service.to_profile(row), matchable(session), as_of=as_of)


@router.post("/policies", status_code=201)
def add_policy(body: PolicyIn, db: DbDep, principal: UserDep) -> dict[str, Any]:
    """Operators add local policies; conditions are validated against the matcher's schema."""
    require(principal, access.POLICY_MANAGE)
    with db.write(**unit_kwargs(principal)) as session:
        row = save_policy(session, body.model_dump(), source="web")
        return {"id": row.id, "title": row.title}


@router.get("/automatic")
def automatic(
    db: DbDep, principal: UserDep, region: str | None = None, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """免申即享: firms that qualify for a policy from data alone."""
    require(principal, access.PORTFOLIO)
    with db.read() as session:
        profiles = [service.to_profile(r) for r in service.list_profiles(session, region)]
        return automatic_list(profiles, matchable(session), as_of=as_of)


def _years(text: str) -> list[int]:
    """``2023,2024`` → [2023, 2024]; anything else is a 422 naming the parameter."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in parts if not (p.isascii() and p.isdigit() and 1000 <= int(p) <= 9999)]
    if bad:
        raise InvalidInput(
            f"years 应为以逗号分隔的四位年份，如 2023,2024 (years must be four-digit years): "
            f"{bad[0][:20]!r}",
            details=[{"field": "years", "reason": "应为四位年份 (a four-digit year)"}],
        )
    return [int(p) for p in parts]


def _portfolio(db: Any, region: str | None, years: str, as_of: dt.date | None) -> Portfolio:
    day = as_of or dt.date.today()
    wanted = _years(years) or [day.year - 1]
    with db.read() as session:
        profiles = [service.to_profile(r) for r in service.list_profiles(session, region)]
    return portfolio(profiles, wanted, as_of=day)


@router.get("/portfolio")
def portfolio_view(
    db: DbDep, principal: UserDep, region: str | None = None,
    years: str = Query("", description="e.g. 2023,2024,2025"), as_of: dt.date | None = None,
) -> Portfolio:  # fmt: skip
    require(principal, access.PORTFOLIO)
    return _portfolio(db, region, years, as_of)


@router.get("/portfolio.xlsx")
def portfolio_xlsx(
    db: DbDep, principal: UserDep, region: str | None = None, years: str = "",
    as_of: dt.date | None = None,
) -> Response:  # fmt: skip
    require(principal, access.PORTFOLIO)
    body = to_xlsx(_portfolio(db, region, years, as_of))
    headers = {"Content-Disposition": 'attachment; filename="risk-portfolio.xlsx"'}
    return Response(body, media_type=XLSX, headers=headers)


__all__ = ["PrincipalDep", "router"]
