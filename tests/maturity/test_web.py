"""The TRL API and the assessment page: a researcher answers with evidence, a reviewer approves,
the achievement page shows the TRL with its scale and links to the history."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.world import World, csrf_token, log_in


def test_api_scales_convert_and_prior_are_public(client: TestClient, world: World) -> None:
    scales = client.get("/api/v1/maturity/scales").json()
    assert {s["id"] for s in scales["scales"]} == {"nasa", "eu", "gbt"}
    assert len(scales["mapping"]["rows"]) == 9
    conv = client.get("/api/v1/maturity/convert", params={"level": 9, "from": "nasa", "to": "eu"})
    assert conv.json()["approximate"] is True and conv.json()["level"] == 9
    bad = client.get("/api/v1/maturity/convert", params={"level": 3, "from": "api", "to": "eu"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    ach = world.records["achievement"]
    prior = client.get(f"/api/v1/maturity/achievements/{ach}/prior").json()
    assert prior["scale"] == "gbt" and prior["reasons"]


def test_api_gate_end_to_end(client: TestClient, world: World) -> None:
    ach = world.records["achievement"]
    log_in(client, world, "researcher")
    created = client.post(
        f"/api/v1/maturity/achievements/{ach}/assessments",
        json={"scale": "nasa", "track": "hardware"},
    )
    assert created.status_code == 201, created.text
    aid = created.json()["id"]
    put = client.put(
        f"/api/v1/maturity/assessments/{aid}/answers/nasa.1.hw.1",
        json={"answer": "met", "note": "论文"},
    )
    assert put.status_code == 200, put.text
    up = client.post(
        f"/api/v1/maturity/assessments/{aid}/answers/nasa.1.hw.1/evidence",
        files={"file": ("paper.pdf", b"%PDF-1.4 x", "application/pdf")},
    )
    assert up.status_code == 201, up.text
    assert client.get(f"/api/v1/maturity/evidence/{up.json()['id']}").content == b"%PDF-1.4 x"
    refused = client.post(f"/api/v1/maturity/assessments/{aid}/levels/1/approve", json={})
    assert refused.status_code == 403
    log_in(client, world, "reviewer")
    approved = client.post(
        f"/api/v1/maturity/assessments/{aid}/levels/1/approve", json={"note": "ok"}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["achieved_level"] == 1
    blocked = client.post(f"/api/v1/maturity/assessments/{aid}/levels/2/approve", json={})
    assert blocked.status_code == 422 and blocked.json()["error"]["details"]
    decided = client.post(
        f"/api/v1/maturity/assessments/{aid}/prior", json={"level": 2, "reason": "仅有方案"}
    )
    assert decided.json()["prior_decision"] == "overridden"
    history = client.get(f"/api/v1/maturity/achievements/{ach}/assessments").json()
    assert [h["approved_levels"] for h in history] == [[1]]
    record = client.get(f"/api/v1/achievements/{ach}").json()
    assert (record["trl"], record["trl_scale"]) == (1, "nasa")
    track = client.get("/api/v1/maturity/track", params={"q": "电池回收", "scale": "gbt"}).json()
    assert track["with_trl"] == 1 and track["evidence_backed"] == 1


def test_page_answer_with_upload_then_approve(client: TestClient, world: World) -> None:
    ach = world.records["achievement"]
    detail = client.get(f"/achievements/{ach}")
    assert 'data-testid="trl-panel"' in detail.text and "TRL 6" in detail.text
    assert f'href="/maturity/achievements/{ach}"' in detail.text
    log_in(client, world, "researcher")
    page_path = f"/maturity/achievements/{ach}"
    token = csrf_token(client, page_path)
    started = client.post(
        f"{page_path}/assess",
        data={"scale": "gbt", "track": "software", "carry_over": "on", "csrf_token": token},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    page = client.get(page_path).text
    assert 'data-testid="criterion-gbt.1.sw.1"' in page and 'data-testid="prior"' in page
    aid = client.get(f"/api/v1/maturity/achievements/{ach}/assessments").json()[0]["id"]
    for criterion in ("gbt.1.sw.1", "gbt.1.sw.2"):
        answered = client.post(
            f"/maturity/assessments/{aid}/answer",
            data={
                "criterion_id": criterion,
                "answer": "met",
                "note": "见附件",
                "csrf_token": token,
            },
            files={
                "file": (f"{criterion}.pdf", b"evidence " + criterion.encode(), "application/pdf")
            },
            follow_redirects=False,
        )
        assert answered.status_code == 303, answered.text
    not_reviewer = client.post(
        f"/maturity/assessments/{aid}/approve", data={"level": "1", "csrf_token": token}
    )
    assert not_reviewer.status_code == 403
    client.post("/logout", data={"csrf_token": token})
    log_in(client, world, "reviewer")
    token = csrf_token(client, page_path)
    assert 'data-testid="approve-1"' in client.get(page_path).text
    too_early = client.post(
        f"/maturity/assessments/{aid}/approve", data={"level": "2", "csrf_token": token}
    )
    assert too_early.status_code == 422 and 'data-testid="maturity-error"' in too_early.text
    ok = client.post(
        f"/maturity/assessments/{aid}/approve",
        data={"level": "1", "csrf_token": token},
        follow_redirects=True,
    )
    assert ok.status_code == 200 and 'data-testid="approved-1"' in ok.text
    assert "TRL 1" in ok.text
    detail = client.get(f"/achievements/{ach}").text
    assert "TRL 1" in detail
