"""A confidential demand is seen only by its organisation's users, brokers and admins.

Checked from every role through the API (list, detail, search) and the pages (list, detail,
search, home counts): for anyone else it appears nowhere and its detail is a plain 404.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.world import (
    CONFIDENTIAL_QUERY,
    CONFIDENTIAL_TITLE,
    PUBLIC_DEMAND_TITLE,
    World,
    log_in,
)

SEES = {
    "admin": True,
    "broker": True,
    "owner": True,
    "other": False,
    "researcher": False,
    "reviewer": False,
    "public": False,
    None: False,  # anonymous
}
ROLES = list(SEES)


def _client_as(client: TestClient, world: World, who: str | None) -> None:
    if who is not None:
        log_in(client, world, who)


@pytest.mark.parametrize("who", ROLES)
def test_confidential_demand_is_visible_only_to_its_organisation_brokers_and_admins(
    client: TestClient, world: World, who: str | None
) -> None:
    """One login per role, then every way a record can show: API, pages, counts, edit form."""
    _client_as(client, world, who)
    _check_api(client, world, SEES[who])
    _check_pages(client, world, SEES[who])
    _check_edit_form(client, world, SEES[who])


def _check_api(api: TestClient, world: World, sees: bool) -> None:
    secret = world.records["secret_demand"]

    listing = api.get("/api/v1/demands", headers={"Accept": "application/json"}).json()
    titles = [d["title"] for d in listing["items"]]
    assert (CONFIDENTIAL_TITLE in titles) is sees
    assert PUBLIC_DEMAND_TITLE in titles
    assert listing["total"] == (2 if sees else 1)

    filtered = api.get("/api/v1/demands", params={"confidentiality": "confidential"}).json()
    assert filtered["total"] == (1 if sees else 0)

    detail = api.get(f"/api/v1/demands/{secret}", headers={"Accept": "application/json"})
    assert detail.status_code == (200 if sees else 404)
    if not sees:
        assert CONFIDENTIAL_TITLE not in detail.text

    found = api.get("/api/v1/search", params={"q": CONFIDENTIAL_QUERY}).json()
    hits = [h["title"] for h in found["results"]["demands"]["items"]]
    assert (CONFIDENTIAL_TITLE in hits) is sees
    assert found["results"]["demands"]["total"] == (1 if sees else 0)


def _check_pages(browser: TestClient, world: World, sees: bool) -> None:
    secret = world.records["secret_demand"]

    listing = browser.get("/demands").text
    assert (CONFIDENTIAL_TITLE in listing) is sees
    assert PUBLIC_DEMAND_TITLE in listing
    assert ("共 2 条" if sees else "共 1 条") in listing

    filtered = browser.get("/demands", params={"confidentiality": "confidential"}).text
    assert (CONFIDENTIAL_TITLE in filtered) is sees

    detail = browser.get(f"/demands/{secret}")
    assert detail.status_code == (200 if sees else 404)
    assert (CONFIDENTIAL_TITLE in detail.text) is sees
    if not sees:
        assert detail.text == browser.get("/demands/999999").text.replace("999999", str(secret))

    found = browser.get("/search", params={"q": CONFIDENTIAL_QUERY}).text
    assert (CONFIDENTIAL_TITLE in found) is sees

    home = browser.get("/?overview=1").text  # signed in, / goes to the workbench
    count = re.search(r'data-testid="count-demands">(\d+)<', home)
    assert count and int(count.group(1)) == (2 if sees else 1)

    org_page = browser.get(f"/organisations/{world.orgs['owner']}").text
    assert (CONFIDENTIAL_TITLE in org_page) is sees

    linked = browser.get(f"/achievements/{world.records['achievement']}").text
    assert (CONFIDENTIAL_TITLE in linked) is sees
    assert ("可解答需求" in linked) is sees


def _check_edit_form(browser: TestClient, world: World, sees: bool) -> None:
    response = browser.get(f"/demands/{world.records['secret_demand']}/edit")
    assert response.status_code == (200 if sees else 404)
    assert (CONFIDENTIAL_TITLE in response.text) is sees


def test_audit_history_is_shown_to_staff_only(client: TestClient, world: World) -> None:
    page = f"/demands/{world.records['public_demand']}"
    assert 'data-testid="history"' not in client.get(page).text
    log_in(client, world, "owner")
    assert 'data-testid="history"' not in client.get(page).text
    log_in(client, world, "broker")
    assert 'data-testid="history"' in client.get(page).text
