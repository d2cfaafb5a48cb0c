"""Profiles in the database: save (create or update), read, list, and store assessments.

Services take ``*, session`` and flush; the caller (API endpoint, CLI command) owns the unit of
work. A profile is found by its organisation: by 统一社会信用代码 when given, else by name; a
missing organisation is created in the catalog (kind ``enterprise``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Organisation, OrgKind
from xinzhi.catalog.service import content_hash, reindex
from xinzhi.core.errors import NotFound
from xinzhi.core.security import Principal
from xinzhi.enterprise.models import (
    COUNT_COLUMNS,
    YEAR_COLUMNS,
    EnterpriseAssessmentRow,
    EnterpriseProfileRow,
    EnterpriseYearRow,
)
from xinzhi.enterprise.profiles.profile import EnterpriseProfile, YearData
from xinzhi.enterprise.rules.result import Assessment

ROW_FIELDS = {"name", "region_code", "industry", "years"}


def _organisation(session: Session, profile: EnterpriseProfile) -> Organisation:
    query = select(Organisation)
    if profile.credit_code:
        query = query.where(Organisation.credit_code == profile.credit_code)
    else:
        query = query.where(Organisation.name == profile.name)
    found = session.scalars(query.limit(1)).first()
    if found is not None:
        return found
    values: dict[str, Any] = {"name": profile.name, "kind": OrgKind.ENTERPRISE.value,
                              "credit_code": profile.credit_code,
                              "region_code": profile.region_code}  # fmt: skip
    entity = ENTITIES["organisations"]
    org = Organisation(**values, natural_key=entity.natural_key(values),
                       content_hash=content_hash(values), source="enterprise")  # fmt: skip
    session.add(org)
    session.flush()
    reindex(session, entity, [org])
    return org


def save_profile(session: Session, profile: EnterpriseProfile) -> EnterpriseProfileRow:
    """Create or replace the stored profile of ``profile``'s organisation (audited)."""
    org = _organisation(session, profile)
    row = session.scalars(
        select(EnterpriseProfileRow)
        .where(EnterpriseProfileRow.organisation_id == org.id)
        .options(selectinload(EnterpriseProfileRow.years))
    ).first()
    if row is None:
        row = EnterpriseProfileRow(organisation_id=org.id, years=[])
        session.add(row)
    row.name = profile.name
    row.region_code = profile.region_code
    row.industry = profile.industry
    row.details = profile.model_dump(mode="json", exclude=ROW_FIELDS)
    _sync_years(session, row, profile.years)
    session.flush()
    return row


def _sync_years(session: Session, row: EnterpriseProfileRow, years: list[YearData]) -> None:
    by_year = {y.year: y for y in row.years}
    wanted = {y.year for y in years}
    for old in [y for y in row.years if y.year not in wanted]:
        row.years.remove(old)
        session.delete(old)  # explicit, so the audit hook sees the deletion
    for data in years:
        target = by_year.get(data.year)
        if target is None:
            target = EnterpriseYearRow(year=data.year)
            row.years.append(target)
        for column in (*YEAR_COLUMNS, *COUNT_COLUMNS):
            value = getattr(data, column)
            if getattr(target, column) != value:
                setattr(target, column, value)


def to_profile(row: EnterpriseProfileRow) -> EnterpriseProfile:
    years = [
        {"year": y.year, **{c: getattr(y, c) for c in (*YEAR_COLUMNS, *COUNT_COLUMNS)}}
        for y in row.years
    ]
    data = {**row.details, "name": row.name, "region_code": row.region_code,
            "industry": row.industry, "years": years}  # fmt: skip
    return EnterpriseProfile.model_validate(data)


def get_row(session: Session, profile_id: int) -> EnterpriseProfileRow:
    row = session.get(
        EnterpriseProfileRow, profile_id, options=[selectinload(EnterpriseProfileRow.years)]
    )
    if row is None:
        raise NotFound(f"enterprise profile {profile_id} not found")
    return row


def get_profile(session: Session, profile_id: int) -> EnterpriseProfile:
    return to_profile(get_row(session, profile_id))


def list_profiles(session: Session, region: str | None = None) -> list[EnterpriseProfileRow]:
    query = select(EnterpriseProfileRow).options(selectinload(EnterpriseProfileRow.years))
    if region:
        query = query.where(EnterpriseProfileRow.region_code.startswith(region.rstrip("0")))
    return list(session.scalars(query.order_by(EnterpriseProfileRow.name)))


def delete_profile(session: Session, profile_id: int) -> None:
    session.delete(get_row(session, profile_id))
    session.flush()


def store_assessment(
    session: Session, profile_id: int, result: Assessment, principal: Principal
) -> EnterpriseAssessmentRow:
    """Keep an assessment with its rule set and parameters, so it can be reproduced."""
    row = EnterpriseAssessmentRow(
        profile_id=profile_id, rule_set=result.rule_set, mode=result.mode, year=result.year,
        parameters=result.parameters, result=result.model_dump(mode="json"),
        actor=principal.actor,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row
