"""The indices page and API: pick a system, upload a panel, run, read tables and download."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.world import World, csrf_token, log_in

PANEL = ("yearbook_panel", "panel_wide_2012_2022_complete_vars.csv")


def test_systems_api_lists_structures_with_their_verified_flags(client: TestClient) -> None:
    systems = {s["id"]: s for s in client.get("/api/v1/indices/systems").json()}
    assert systems["sci_ind_fusion"]["runnable"] is True
    assert systems["nqpf_han_2024"]["verified"] is False
    assert client.get("/api/v1/indices/systems/..").status_code == 404


def test_indices_page_needs_a_login(client: TestClient) -> None:
    assert client.get("/indices", follow_redirects=False).status_code in (302, 303, 401)


def test_upload_run_view_and_download(client: TestClient, world: World, shared_data: Path) -> None:
    log_in(client, world, "researcher")
    page = client.get("/indices")
    assert page.status_code == 200 and 'name="zero"' in page.text
    form = {
        "csrf_token": csrf_token(client, "/indices"),
        "system": "sci_ind_fusion",
        "fill": "interpolate",
        "zero": "limit",
    }
    with shared_data.joinpath(*PANEL).open("rb") as panel:
        files = {"panel": ("panel.csv", panel, "text/csv")}
        response = client.post("/indices", data=form, files=files, follow_redirects=False)
    assert response.status_code == 303, response.text
    run_url = response.headers["location"]
    shown = client.get(run_url)
    assert shown.status_code == 200
    assert "广东" in shown.text and "zero=limit" in shown.text and "data-charts" in shown.text
    workbook = client.get(f"{run_url}/xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    run_id = int(run_url.rsplit("/", 1)[1])
    api = client.get(f"/api/v1/indices/runs/{run_id}").json()
    assert api["params"]["zero"] == "limit" and len(api["results"]["scores"]) == 341


def test_missing_values_are_explained_on_the_form(
    client: TestClient, world: World, shared_data: Path
) -> None:
    log_in(client, world, "researcher")
    form = {"csrf_token": csrf_token(client, "/indices"), "system": "sci_ind_fusion"}
    with shared_data.joinpath(*PANEL).open("rb") as panel:
        files = {"panel": ("panel.csv", panel, "text/csv")}
        response = client.post("/indices", data=form, files=files)
    assert response.status_code == 422
    assert "interpolate" in response.text and "110000 2012" in response.text
