"""Export links: the records the user may see, in a file the importer reads back."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.world import (
    CONFIDENTIAL_TITLE,
    PUBLIC_DEMAND_TITLE,
    World,
    log_in,
)


def test_export_links_are_for_logged_in_users(client: TestClient, world: World) -> None:
    assert "export.xlsx" not in client.get("/demands").text
    assert client.get("/demands/export.csv").status_code == 401
    log_in(client, world, "other")
    assert (
        'href="/demands/export.xlsx?q=%E5%87%8F%E9%80%9F%E5%99%A8"'
        in client.get("/demands", params={"q": "减速器"}).text
    )


def test_csv_export_holds_only_what_the_user_may_see(client: TestClient, world: World) -> None:
    log_in(client, world, "other")
    response = client.get("/demands/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    assert "需求名称" in text.splitlines()[0]  # headers are the Chinese field titles
    assert PUBLIC_DEMAND_TITLE in text and CONFIDENTIAL_TITLE not in text


def test_xlsx_export_for_the_owner_includes_the_confidential_demand(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "owner")
    response = client.get("/demands/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    titles = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert CONFIDENTIAL_TITLE in titles and PUBLIC_DEMAND_TITLE in titles
