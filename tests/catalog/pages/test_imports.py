"""Upload → preview (editable mapping) → confirm → background job → report, through the pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.clients import ClientAs, web_client
from tests.world import World, csrf_token, form_values, log_in
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

DEMANDS_CSV = (
    "需求名称,所属领域,预算,需求单位,技术难点\n"
    "氢燃料电池金属双极板涂层寿命提升,新能源,100万元,绿能电池科技有限公司,涂层在酸性环境下三千小时后脱落\n"
    "海水淡化反渗透膜抗污染改性,环保,50-80万元,蓝海水务有限公司,膜通量衰减快\n"
    ",新能源,30万元,某某公司,这一行没有需求名称\n"
)


def _upload(client: TestClient, content: str | bytes, name: str = "需求.csv") -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    response = client.post(
        "/import",
        data={"entity": "demands", "csrf_token": csrf_token(client, "/import")},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/import/[0-9a-f]{32}", location)
    return location


def _confirm(client: TestClient, preview_url: str, **changes: str) -> tuple[str, str]:
    """Submit the preview form as shown, with ``changes`` applied; returns the job page URL."""
    html = client.get(preview_url).text
    values = form_values(html, "preview-form") | changes
    response = client.post(f"{preview_url}/run", data=values, follow_redirects=False)
    assert response.status_code == 303, response.text
    job_url = response.headers["location"]
    return job_url, client.get(job_url).text


def _count(html: str, name: str) -> int:
    match = re.search(rf'data-count="{name}">(\d+)<', html)
    assert match, name
    return int(match.group(1))


def test_csv_import_end_to_end_with_skipped_invalid_row(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    preview_url = _upload(client, DEMANDS_CSV)
    preview = client.get(preview_url).text
    assert 'data-testid="total-rows">3<' in preview
    suggested = form_values(preview, "preview-form")
    assert suggested["source-0"] == "需求名称" and suggested["target-0"] == "title"
    assert suggested["target-3"] == "owner"
    assert suggested["target-4"] == "extra"  # 技术难点 has no field of its own

    job_url, job_page = _confirm(client, preview_url, skip_invalid="on", **{"target-4": "detail"})
    assert re.fullmatch(r"/jobs/\d+", job_url)
    assert 'data-status="succeeded"' in job_page
    assert _count(job_page, "total_rows") == 3
    assert _count(job_page, "created") == 2
    assert _count(job_page, "rejected") == 1
    errors = re.search(r'data-testid="report-errors">(.*?)</table>', job_page, re.S)
    assert errors and ">4<" in errors.group(1) and "需求名称" in errors.group(1)

    rejects = client.get(re.search(r'href="(/jobs/\d+/rejects)"', job_page).group(1))  # type: ignore[union-attr]
    assert rejects.status_code == 200 and "这一行没有需求名称" in rejects.content.decode(
        "utf-8-sig"
    )

    found = client.get("/search", params={"q": "双极板 涂层"}).text
    assert "氢燃料电池金属双极板涂层寿命提升" in found
    demand = re.search(r'href="(/demands/\d+)">氢燃料电池金属双极板', found).group(1)  # type: ignore[union-attr]
    detail = client.get(demand).text
    assert "涂层在酸性环境下三千小时后脱落" in detail  # the column remapped to 需求描述
    assert "绿能电池科技有限公司" in detail  # matched to the existing organisation


def test_invalid_rows_fail_the_whole_import_and_the_report_still_shows(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "admin")
    job_url, job_page = _confirm(client, _upload(client, DEMANDS_CSV))
    assert 'data-status="failed"' in job_page
    assert _count(job_page, "rejected") == 1 and _count(job_page, "created") == 0
    assert "海水淡化反渗透膜抗污染改性" not in client.get("/demands").text
    assert f'action="{job_url}/retry"' in job_page

    jobs_list = client.get("/jobs").text
    assert f'href="{job_url}"' in jobs_list and "失败" in jobs_list
    token = csrf_token(client, job_url)
    retried = client.post(f"{job_url}/retry", data={"csrf_token": token}, follow_redirects=False)
    assert retried.status_code == 303
    again = client.get(job_url).text
    assert 'data-status="failed"' in again
    assert re.search(r"运行次数</dt><dd>2<", again)


def test_dry_run_writes_nothing(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    _, job_page = _confirm(client, _upload(client, DEMANDS_CSV), skip_invalid="on", dry_run="on")
    assert "试运行" in job_page
    assert "海水淡化反渗透膜抗污染改性" not in client.get("/demands").text


def test_mapping_two_columns_to_one_field_is_refused_before_the_job(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    preview_url = _upload(client, DEMANDS_CSV)
    values = form_values(client.get(preview_url).text, "preview-form") | {"target-4": "title"}
    refreshed = client.post(f"{preview_url}/preview", data=values)
    assert refreshed.status_code == 200
    assert 'data-testid="mapping-problems"' in refreshed.text and "技术难点" in refreshed.text
    run = client.post(f"{preview_url}/run", data=values, follow_redirects=False)
    assert run.status_code == 422
    assert "/jobs/" not in run.headers.get("location", "")


def test_missing_required_column_is_reported_in_the_preview(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    preview_url = _upload(client, "领域,预算\n新能源,10万\n")
    html = client.get(preview_url).text
    assert 'data-testid="mapping-problems"' in html and "需求名称" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("demands.txt", "需求名称\n一\n", "不支持的文件类型"),
        ("demands.csv", "", "上传的文件是空的"),
        ("demands.xlsx", "not really a workbook", ""),
    ],
)
def test_bad_uploads_are_explained(
    client: TestClient, world: World, name: str, content: str, message: str
) -> None:
    log_in(client, world, "broker")
    response = client.post(
        "/import",
        data={"entity": "demands", "csrf_token": csrf_token(client, "/import")},
        files={"file": (name, content.encode(), "application/octet-stream")},
    )
    if message:
        assert response.status_code == 422 and message in response.text
    else:  # accepted as a file, refused when read: the upload page explains why
        assert response.status_code == 422 and 'id="upload-error"' in response.text


def test_oversize_upload_is_refused(settings: Settings, db: object, world: World) -> None:
    small = create_app(settings.model_copy(update={"import_max_upload_mb": 1}))
    with web_client(small) as client:
        log_in(client, world, "admin")
        big = b"\xe9\x9c\x80\xe6\xb1\x82\n" + b"x" * (2 << 20)
        response = client.post(
            "/import",
            data={"entity": "demands", "csrf_token": csrf_token(client, "/import")},
            files={"file": ("big.csv", big, "text/csv")},
        )
        assert response.status_code == 413 and "文件过大" in response.text
        assert not any(p.suffix == ".csv" for p in (settings.data_dir / "uploads").glob("*"))


@pytest.mark.parametrize("who", ["owner", "researcher", "reviewer", "public", None])
def test_only_brokers_and_admins_may_import(
    client: TestClient, world: World, who: str | None
) -> None:
    if who:
        log_in(client, world, who)
    response = client.get("/import")
    assert response.status_code == (403 if who else 401)


def test_uploads_and_jobs_are_private_to_their_owner(
    client: TestClient, client_as: ClientAs, world: World
) -> None:
    log_in(client, world, "broker")
    preview_url = _upload(client, DEMANDS_CSV)
    job_url, _ = _confirm(client, preview_url, skip_invalid="on", dry_run="on")
    other = client_as("owner")
    assert other.get(job_url).status_code == 404
    assert other.get(preview_url).status_code == 403
    assert job_url not in other.get("/jobs").text


def test_job_status_fragment_stops_polling_when_finished(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    job_url, _ = _confirm(client, _upload(client, DEMANDS_CSV), skip_invalid="on")
    fragment = client.get(f"{job_url}/status").text
    assert fragment.lstrip().startswith('<div id="job-status"')
    assert "hx-trigger" not in fragment and "<html" not in fragment
