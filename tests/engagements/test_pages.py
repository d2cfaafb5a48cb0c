"""对接 pages for every role: list (table and board), detail with its forms, 加入对接 from a
match, 响应 on a demand's page, the workbench and the statistics export. Each page is asked by
admin, broker, the demand's enterprise, another enterprise, the candidate's researcher, a
reviewer and the anonymous public; a confidential demand's engagement leaks to nobody else."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.clients import web_client
from tests.engagements.conftest import CONTRACT, World, advance, create
from tests.factories import PASSWORD

PAGE_ROLES = ("admin", "broker", "enterprise", "enterprise2", "researcher", "reviewer", "anonymous")
SEES = {"admin", "broker", "enterprise", "researcher"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
Pages = Callable[[str], TestClient]
TITLE = "寻求钙钛矿电池封装技术"
SECRET = "保密需求：电解液配方"


@pytest.fixture
def pages(client: TestClient) -> Iterator[Pages]:
    """``pages(who)``: a browser-like client of the same app, logged in as ``who``."""
    with ExitStack() as stack:

        def _pages(who: str) -> TestClient:
            c = stack.enter_context(web_client(client.app))  # type: ignore[arg-type]
            if who != "anonymous":
                r = c.post(
                    "/login",
                    data={"username": who, "password": PASSWORD, "csrf_token": token(c)},
                    follow_redirects=False,
                )
                assert r.status_code == 303, r.text
            return c

        yield _pages


def token(c: TestClient, path: str = "/login") -> str:
    found = CSRF.search(c.get(path).text)
    assert found, path
    return found.group(1)


def post(c: TestClient, path: str, data: dict[str, object], page: str) -> object:
    return c.post(path, data={**data, "csrf_token": token(c, page)}, follow_redirects=False)


def listed(html: str) -> int:
    """Rows of the engagement table."""
    return html.count('data-testid="engagement-row"')


def _engagement(client: TestClient, world: World, **body: object) -> int:
    r = create(client, world, **body)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_list_and_board_show_each_role_only_its_engagements(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    advance(client, world, eid, "contacted")
    for who in PAGE_ROLES:
        r = pages(who).get("/engagements")
        if who == "anonymous":
            assert r.status_code == 401, who
            continue
        assert r.status_code == 200, who
        assert listed(r.text) == (1 if who in SEES else 0), who
        board = pages(who).get("/engagements?view=board")
        count = re.search(r'data-testid="board-count-contacted">(\d+)<', board.text)
        assert count and count.group(1) == ("1" if who in SEES else "0"), who


def test_list_filters_by_stage_and_overdue(client: TestClient, world: World, pages: Pages) -> None:
    eid = _engagement(client, world)
    broker = pages("broker")
    assert listed(broker.get("/engagements?stage=recommended").text) == 1
    assert listed(broker.get("/engagements?stage=signed").text) == 0
    assert listed(broker.get("/engagements?overdue=1").text) == 0
    contact = {
        "date": "2026-01-05",
        "channel": "phone",
        "summary": "电话",
        "next_follow_up": "2026-01-06",
    }
    assert (
        post(broker, f"/engagements/{eid}/contacts", contact, f"/engagements/{eid}").status_code
        == 303
    )
    assert listed(broker.get("/engagements?overdue=1").text) == 1


def test_detail_page_for_every_role(client: TestClient, world: World, pages: Pages) -> None:
    eid = _engagement(client, world, score=0.81, reasons=["同一领域", "共同术语：钙钛矿"])
    for who in PAGE_ROLES:
        r = pages(who).get(f"/engagements/{eid}")
        expected = 401 if who == "anonymous" else 200 if who in SEES else 404
        assert r.status_code == expected, who
        if expected == 200:
            assert (
                "钙钛矿柔性封装方法" in r.text
                and "0.8100" in r.text
                and "共同术语：钙钛矿" in r.text
            )
            assert "推进到「已联系」" in r.text
        else:
            assert TITLE not in r.text


def test_confidential_demand_engagement_leaks_to_nobody_else(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world, demand_id=world.ids["secret_demand"])
    for who in PAGE_ROLES:
        c = pages(who)
        detail = c.get(f"/engagements/{eid}")
        sees = who in {"admin", "broker", "enterprise"}
        assert detail.status_code == (401 if who == "anonymous" else 200 if sees else 404), who
        if who == "anonymous":
            continue
        for path in ("/engagements", "/engagements?view=board"):
            assert (SECRET in c.get(path).text) is sees, (who, path)
        # the owner's workbench lists its own demands; nobody else's shows it
        assert (SECRET in c.get("/workbench").text) is (who == "enterprise"), who


def test_stage_moves_one_step_and_a_skip_is_refused_in_chinese(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    broker = pages("broker")
    page = f"/engagements/{eid}"
    r = post(broker, f"{page}/stage", {"stage": "signed"}, page)
    assert r.status_code == 409
    assert "不能从「推荐」直接变更为「已签约」：下一阶段只能是「已联系」" in r.text
    r = post(broker, f"{page}/stage", {"stage": "contacted"}, page)
    assert r.status_code == 303
    shown = broker.get(page).text
    assert "阶段已更新" in shown and "推进到「有意向」" in shown
    r = post(broker, f"{page}/stage", {"stage": "terminated", "reason": "other", "note": ""}, page)
    assert r.status_code == 422 and "其他" in r.text and 'id="err-note"' in r.text
    r = post(broker, f"{page}/stage", {"stage": "terminated", "reason": "price", "note": ""}, page)
    assert r.status_code == 303
    assert "对接已结束" in broker.get(page).text


def test_contact_form_keeps_what_was_typed_and_names_the_field(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    researcher = pages("researcher")
    page = f"/engagements/{eid}"
    typed = {
        "date": "2026-03-01",
        "channel": "meeting",
        "participants": "王工、李教授",
        "summary": "",
    }
    r = post(researcher, f"{page}/contacts", typed, page)
    assert r.status_code == 422
    assert 'id="err-summary"' in r.text and "此项为必填项" in r.text and "王工、李教授" in r.text
    bad = {**typed, "summary": "现场考察", "next_follow_up": "2026-02-01"}
    r = post(researcher, f"{page}/contacts", bad, page)
    assert r.status_code == 422 and 'id="err-next_follow_up"' in r.text
    assert "下次跟进日期不能早于联系日期" in r.text and "(next follow-up" not in r.text
    r = post(researcher, f"{page}/contacts", {**bad, "next_follow_up": "2026-03-08"}, page)
    assert r.status_code == 303
    assert "现场考察" in researcher.get(page).text


def test_contract_form_opens_at_signed_and_records_milestones(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    broker = pages("broker")
    page = f"/engagements/{eid}"
    assert "对接进入「已签约」阶段后可登记技术合同" in broker.get(page).text
    advance(client, world, eid, "contacted", "interested", "negotiating", "signed")
    form = {
        "type": "transfer",
        "amount_wan": "120",
        "non_tech_amount_wan": "20",
        "signed_on": "2026-03-02",
        "ms_due_on": ["2026-04-01", ""],
        "ms_amount_wan": ["abc", ""],
        "ms_paid": ["0", "0"],
    }
    r = post(broker, f"{page}/contract", form, page)
    assert r.status_code == 422
    assert 'id="err-ms_amount_wan_0"' in r.text and 'value="abc"' in r.text
    form.update(ms_amount_wan=["60", ""])
    r = post(broker, f"{page}/contract", form, page)
    assert r.status_code == 422 and "预计新增投入" in r.text  # 技术转让 needs them
    form.update(expected_investment_wan="500", expected_output_wan="3000")
    r = post(broker, f"{page}/contract", form, page)
    assert r.status_code == 303, r.text
    shown = broker.get(page).text
    assert "技术转让" in shown and "2026-04-01" in shown and "技术合同已登记" in shown
    r = client.get(f"/api/v1/engagements/{eid}", headers=world.headers("admin")).json()
    assert r["contract"]["tech_amount_wan"] == 100.0 and len(r["contract"]["milestones"]) == 1


def test_posts_without_the_csrf_token_are_refused(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    r = pages("broker").post(f"/engagements/{eid}/stage", data={"stage": "contacted"})
    assert r.status_code == 403


def test_add_from_match_for_staff_and_the_demand_owner_only(
    client: TestClient, world: World, pages: Pages
) -> None:
    form = {
        "demand_id": world.ids["demand"],
        "candidate_type": "achievement",
        "candidate_id": world.ids["achievement"],
        "score": "0.7342",
        "reasons": ["同一领域", "共同术语：钙钛矿"],
    }
    expected = {"admin": 303, "broker": 303, "enterprise": 303, "enterprise2": 403,
                "researcher": 403, "reviewer": 403}  # fmt: skip
    for who, status in expected.items():
        c = pages(who)
        r = post(c, "/engagements/from-match", form, "/login")
        assert r.status_code == status, who
        if status == 303:
            target = r.headers["location"]
            assert re.fullmatch(r"/engagements/\d+", target)
            shown = c.get(target).text
            assert "0.7342" in shown and "共同术语：钙钛矿" in shown
    ids = {
        e["id"]
        for e in client.get("/api/v1/engagements", headers=world.headers("admin")).json()["items"]
    }
    assert len(ids) == 1  # the second and third posts found the open engagement


def test_respond_form_on_a_public_demand_for_researchers(
    client: TestClient, world: World, pages: Pages
) -> None:
    demand = world.ids["demand"]
    for who in PAGE_ROLES:
        shown = pages(who).get(f"/demands/{demand}").text
        assert ("响应该需求" in shown) is (who in {"researcher", "enterprise2"}), who
    researcher = pages("researcher")
    r = post(
        researcher,
        f"/demands/{demand}/responses",
        {"proposal": "", "achievement_id": str(world.ids["achievement2"])},
        f"/demands/{demand}",
    )
    assert r.status_code == 422 and 'id="err-proposal"' in r.text
    assert f'value="{world.ids["achievement2"]}" selected' in r.text
    form = {
        "proposal": "我们的柔性封装可满足要求",
        "achievement_id": str(world.ids["achievement2"]),
    }
    r = post(researcher, f"/demands/{demand}/responses", form, f"/demands/{demand}")
    assert r.status_code == 303
    shown = researcher.get(r.headers["location"]).text
    assert "我们的柔性封装可满足要求" in shown and "钙钛矿阻水膜" in shown
    assert "本单位已响应过该需求" in researcher.get(f"/demands/{demand}").text
    secret = pages("researcher").get(f"/demands/{world.ids['secret_demand']}")
    assert secret.status_code == 404 and "响应该需求" not in secret.text


def test_home_sends_a_signed_in_user_to_the_workbench(pages: Pages, world: World) -> None:
    anonymous = pages("anonymous").get("/", follow_redirects=False)
    assert anonymous.status_code == 200
    r = pages("researcher").get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/workbench"
    assert pages("researcher").get("/?overview=1").status_code == 200


def test_workbench_for_every_role(client: TestClient, world: World, pages: Pages) -> None:
    eid = _engagement(client, world)
    advance(client, world, eid, "contacted", "interested", "negotiating", "signed")
    contract = {**CONTRACT, "signed_on": dt.date.today().isoformat()}
    r = client.post(
        f"/api/v1/engagements/{eid}/contract", json=contract, headers=world.headers("broker")
    )
    assert r.status_code == 201, r.text
    expect = {
        "admin": [
            'data-testid="funnel-signed">1<',
            "合同成交额（按地区，万元）",
            "/engagements/stats.xlsx",
        ],
        "broker": ['data-testid="pipeline-signed">1<', "本月签订的技术合同", TITLE],
        "enterprise": [TITLE, f"/match/demands/{world.ids['demand']}", "/inbox", "已签约 1"],
        "enterprise2": ["本单位尚未发布需求"],
        "researcher": ["钙钛矿柔性封装方法", "收到的关注", TITLE],
        "reviewer": ["浏览企业技术需求"],
    }
    for who, texts in expect.items():
        shown = pages(who).get("/workbench")
        assert shown.status_code == 200, who
        for text in texts:
            assert text in shown.text, (who, text)
    assert pages("anonymous").get("/workbench").status_code == 401


def test_stats_export_is_a_chinese_workbook_for_staff(
    client: TestClient, world: World, pages: Pages
) -> None:
    eid = _engagement(client, world)
    advance(client, world, eid, "contacted")
    r = pages("admin").get("/engagements/stats.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[:2] == ["对接漏斗", "各阶段停留天数（中位数）"]
    rows = list(book["对接漏斗"].values)
    assert rows[0] == ("环节", "数量", "转化率") and rows[3][:2] == ("已联系", 1)
    for who in ("enterprise", "researcher", "reviewer"):
        assert pages(who).get("/engagements/stats.xlsx").status_code == 403, who


def test_pages_follow_the_language_toggle(client: TestClient, world: World, pages: Pages) -> None:
    eid = _engagement(client, world)
    broker = pages("broker")
    broker.get("/lang/en?next=/")
    shown = broker.get(f"/engagements/{eid}").text
    assert "Stage timeline" in shown and "Move to “Contacted”" in shown.replace(
        "contacted", "Contacted"
    )
    assert "eng." not in re.sub(r"<[^>]+>", "", shown)
