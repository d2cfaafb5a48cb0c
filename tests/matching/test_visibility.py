"""Nothing of a confidential record reaches a match for someone who may not read it: not its
title, not the words an expert's profile borrowed from it, not a count (issue #12)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import ADMIN, make, make_matching_catalog
from xinzhi.catalog.links import create_link
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.matching import service

SECRET_TITLE = "石墨烯量子点钝化胶膜配方"
SECRET_TERMS = ("石墨烯", "量子点", "钝化")
QUERY = {"text": "石墨烯量子点钝化胶膜", "targets": ["person", "achievement"], "k": 20}


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


@pytest.fixture
def records(db: Database) -> dict[str, int]:
    """The matching catalog, with an expert who developed a confidential achievement."""
    ids = make_matching_catalog(db, expert=True)
    ids["secret"] = make(
        db,
        "achievements",
        title=SECRET_TITLE,
        summary="保密配方",
        field="能源",
        confidentiality="confidential",
        owner_org_id=ids["uni"],
    )
    link = LinkCreate(
        source_type="achievements",
        source_id=ids["secret"],
        target_type="experts",
        target_id=ids["expert"],
        relation="developed_by",
    )
    with db.write(actor="test") as session:
        create_link(session, ADMIN, link)
    return ids


def _leaks(groups: dict[str, list[dict[str, Any]]], records: dict[str, int]) -> list[str]:
    found = []
    for group, items in groups.items():
        for item in items:
            if group == "achievement" and item["id"] == records["secret"]:
                found.append(f"the confidential achievement itself: {item['title']}")
            text = str(item)
            found += [
                f"{term!r} in a {group} match: {text[:200]}"
                for term in SECRET_TERMS
                if term in text
            ]
    return found


@pytest.mark.parametrize("who", ["anonymous", "public", "other-org"])
def test_outsiders_get_nothing_of_a_confidential_work(
    api: TestClient, login: Any, records: dict[str, int], who: str
) -> None:
    if who == "public":
        login(Role.PUBLIC)
    elif who == "other-org":
        login(Role.ENTERPRISE, records["org"])
    response = api.post("/api/v1/match/text", json=QUERY)
    assert response.status_code == 200, response.text
    assert _leaks(response.json()["groups"], records) == []
    # nor through the expert's own page of matches (a demand of the other organisation)
    response = api.get(f"/api/v1/match/demand/{records['demand']}", params={"target": "person"})
    assert response.status_code == 200, response.text
    assert _leaks(response.json()["groups"], records) == []


@pytest.mark.parametrize("who", ["owner", "broker", "admin"])
def test_readers_of_the_work_still_find_it(
    api: TestClient, login: Any, records: dict[str, int], who: str
) -> None:
    roles = {"owner": (Role.RESEARCHER, records["uni"]), "broker": (Role.BROKER, None)}
    role, org = roles.get(who, (Role.ADMIN, None))
    login(role, org)
    groups = api.post("/api/v1/match/text", json=QUERY).json()["groups"]
    assert records["secret"] in {i["id"] for i in groups["achievement"]}
    # the expert's profile is one public document: it does not carry the confidential title
    for item in groups["person"]:
        assert not set(item["explanation"]["matched_terms"]) & set(SECRET_TERMS)
