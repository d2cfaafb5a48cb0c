"""The registry of catalog entities: one parameterised path instead of five copies.

An :class:`Entity` names the ORM model, the API shapes, the natural key used for idempotent
imports, the text that is indexed for search and the filters a list accepts. API routes, CLI
commands, importers, exporters and pages are all generated from this table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from xinzhi.catalog import models as m
from xinzhi.catalog import schemas as s
from xinzhi.core.errors import NotFound
from xinzhi.core.text import normalise, title_key


def _digest(*parts: object) -> str:
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _key_from(prefix: str, data: dict[str, Any], *fields: str) -> str:
    if data.get("external_id"):
        return f"{prefix}:id:{normalise(str(data['external_id']))}"
    return f"{prefix}:h:{_digest(*(title_key(str(data.get(f) or '')) for f in fields))}"


@dataclass(frozen=True)
class Entity:
    name: str
    label_zh: str
    label_en: str
    model: type[Any]
    create: type[s.Shape]
    title_field: str
    text_fields: tuple[str, ...]
    natural_key: Callable[[dict[str, Any]], str]
    filters: tuple[str, ...] = ()
    owned: bool = False
    list_columns: tuple[str, ...] = ()
    update: type[s.Shape] = field(init=False)
    read: type[BaseModel] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "update", s.update_shape(self.create))
        object.__setattr__(self, "read", s.read_shape(self.create))

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def search_parts(self, obj: Any) -> list[Any]:
        return [getattr(obj, f) for f in self.text_fields]

    def search_parts_from_dict(self, data: dict[str, Any]) -> list[Any]:
        return [data.get(f) for f in self.text_fields]


def _org_key(d: dict[str, Any]) -> str:
    if d.get("credit_code"):
        return f"org:cc:{d['credit_code']}"
    if d.get("external_id"):
        return f"org:id:{normalise(str(d['external_id']))}"
    return f"org:name:{title_key(str(d.get('name') or ''))}"


def _person_key(d: dict[str, Any]) -> str:
    if d.get("external_id"):
        return f"person:id:{normalise(str(d['external_id']))}"
    name, email = normalise(d.get("name") or ""), normalise(d.get("email") or "")
    return f"person:h:{_digest(name, d.get('organisation_id'), email)}"


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            name="organisations",
            label_zh="机构",
            label_en="Organisations",
            model=m.Organisation,
            create=s.OrganisationCreate,
            title_field="name",
            text_fields=("name", "description", "address"),
            natural_key=_org_key,
            filters=("kind", "region_code"),
            list_columns=("name", "kind", "region_code", "credit_code"),
        ),
        Entity(
            name="experts",
            label_zh="专家",
            label_en="Experts",
            model=m.Person,
            create=s.PersonCreate,
            title_field="name",
            text_fields=("name", "title", "fields", "bio"),
            natural_key=_person_key,
            filters=("kind", "organisation_id"),
            list_columns=("name", "kind", "title", "fields"),
        ),
        Entity(
            name="achievements",
            label_zh="科技成果",
            label_en="Achievements",
            model=m.Achievement,
            create=s.AchievementCreate,
            title_field="title",
            text_fields=("title", "keywords", "summary", "field", "discipline"),
            natural_key=lambda d: _key_from("ach", d, "title", "owner_org_id"),
            filters=(
                "field",
                "discipline",
                "trl",
                "owner_org_id",
                "region_code",
                "confidentiality",
            ),
            owned=True,
            list_columns=("title", "field", "discipline", "trl"),
        ),
        Entity(
            name="demands",
            label_zh="技术需求",
            label_en="Demands",
            model=m.Demand,
            create=s.DemandCreate,
            title_field="title",
            text_fields=("title", "keywords", "detail", "field"),
            natural_key=lambda d: _key_from("dem", d, "title", "owner_org_id"),
            filters=("field", "owner_org_id", "region_code", "status", "confidentiality"),
            owned=True,
            list_columns=("title", "field", "budget_text", "published_on"),
        ),
        Entity(
            name="patents",
            label_zh="专利",
            label_en="Patents",
            model=m.Patent,
            create=s.PatentCreate,
            title_field="title",
            text_fields=("title", "abstract", "applicants", "ipc_main"),
            natural_key=lambda d: f"pat:{normalise(str(d.get('pub_no') or '')).upper()}",
            filters=("province", "ipc_main", "legal_status"),
            list_columns=("pub_no", "title", "app_date", "province"),
        ),
        Entity(
            name="policies",
            label_zh="政策",
            label_en="Policies",
            model=m.Policy,
            create=s.PolicyCreate,
            title_field="title",
            text_fields=("title", "issuer", "doc_number", "text"),
            natural_key=lambda d: _key_from("pol", d, "title", "doc_number"),
            filters=("level", "region_code"),
            list_columns=("title", "issuer", "doc_number", "effective_from"),
        ),
    )
}

IMPORTABLE = ("achievements", "demands", "experts", "organisations", "patents", "policies")


def get_entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise NotFound(
            f"unknown record type {name!r}; choose one of: {', '.join(ENTITIES)}"
        ) from None


def entity_for_table(table: str) -> Entity | None:
    for entity in ENTITIES.values():
        if entity.model.__tablename__ == table:
            return entity
    return None


# The order record types appear in navigation: what users come for first.
NAV_ORDER = ("achievements", "demands", "patents", "experts", "organisations", "policies")


def nav_entities() -> list[Entity]:
    known = [ENTITIES[n] for n in NAV_ORDER if n in ENTITIES]
    return known + [e for n, e in ENTITIES.items() if n not in NAV_ORDER]
