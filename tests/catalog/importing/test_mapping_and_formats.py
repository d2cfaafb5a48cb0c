"""Column mapping (aliases, overrides, extra), JSON input, owners and the upload preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.catalog.importing.helpers import audit_count, count, run, write_csv
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing import preview_file
from xinzhi.catalog.importing.mapping import (
    known_headers,
    load_mapping_file,
    normalise_header,
    parse_map_options,
    resolve_columns,
)
from xinzhi.catalog.models import Achievement, Demand, Organisation, Patent, Person
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput


def test_headers_match_whatever_their_width_and_spacing() -> None:
    assert normalise_header(" 公开（公告）号 ") == normalise_header("公开(公告)号")
    assert normalise_header("需求 名称*") == normalise_header("需求名称")
    headers = ["公开 (公告) 号", "名称", "申请（专利权）人", "IPC 主分类号", "ＣＰＣ"]
    columns = resolve_columns("patents", headers)
    fields = ["pub_no", "title", "applicants", "ipc_main", "cpc"]
    assert columns.as_report() == dict(zip(headers, fields, strict=True))


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_every_schema_title_maps_back_to_its_field(entity: str) -> None:
    """Exports use the titles as headers; each must import into the field it came from."""
    known = known_headers(entity)
    for name, info in ENTITIES[entity].create.model_fields.items():
        if name != "extra" and info.title:
            assert known[normalise_header(info.title)] in (name, "owner"), info.title


def test_unmapped_columns_are_kept_in_extra_and_listed(db: Database, tmp_path: Path) -> None:
    text = "需求名称,对接部门,备注\n储能系统,技术部,急需\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text))
    assert report.extra_columns == ["对接部门", "备注"]
    with db.read() as session:
        extra = session.scalar(select(Demand.extra))
    assert extra == {"对接部门": "技术部", "备注": "急需"}


def test_contact_columns_land_in_their_fields(db: Database, tmp_path: Path) -> None:
    text = "需求名称,联系人,联系电话,电子邮箱\n储能系统,王工,0571-88886666,wang@example.cn\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text))
    assert report.extra_columns == []
    with db.read() as session:
        row = session.execute(
            select(Demand.contact_name, Demand.contact_phone, Demand.contact_email)
        ).one()
    assert tuple(row) == ("王工", "0571-88886666", "wang@example.cn")


def test_repeated_unmapped_headers_keep_both_columns(db: Database, tmp_path: Path) -> None:
    text = "需求名称,备注,备注\n储能系统,一,二\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text))
    assert report.counts.created == 1
    with db.read() as session:
        assert session.scalar(select(Demand.extra)) == {"备注": "一", "备注 (3)": "二"}


def test_map_options_and_mapping_file_override_aliases(db: Database, tmp_path: Path) -> None:
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text("项目: title\n说明: detail\n", encoding="utf-8")
    mapping = load_mapping_file(mapping_file)
    mapping.update(parse_map_options(["说明=extra", "行业=所属领域"]))
    text = "项目,说明,行业\n储能系统,一段说明,新能源\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text), mapping=mapping)
    assert report.mapping == {"项目": "title", "说明": None, "行业": "field"}
    with db.read() as session:
        demand = session.scalar(select(Demand))
        assert demand is not None
        assert (demand.title, demand.field, demand.extra) == (
            "储能系统",
            "新能源",
            {"说明": "一段说明"},
        )


def test_bad_mappings_are_clear_errors(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", "需求名称,需求标题\na,b\n")
    with pytest.raises(InvalidInput, match="both map to 需求名称"):
        run(db, "demands", path)
    with pytest.raises(InvalidInput, match="not a field of demands"):
        run(db, "demands", path, mapping={"需求标题": "colour"})
    with pytest.raises(InvalidInput, match="HEADER=field"):
        parse_map_options(["no equals sign"])


def test_json_list_and_records_object_are_accepted(db: Database, tmp_path: Path) -> None:
    records = [
        {"公开号": "CN1234567A", "名称": "一种储能装置", "发明人": ["张三", "李四"], "页数": 12},
        {"公开号": "CN7654321B", "名称": "一种热泵", "申请日": "2019年3月5日"},
    ]
    plain = tmp_path / "patents.json"
    plain.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    report = run(db, "patents", plain)
    assert (report.format, report.counts.created) == ("json", 2)
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"records": records}, ensure_ascii=False), encoding="utf-8")
    assert run(db, "patents", wrapped).counts.unchanged == 2
    with db.read() as session:
        patent = session.scalar(select(Patent).where(Patent.pub_no == "CN1234567A"))
        assert patent is not None
        assert patent.inventors == ["张三", "李四"] and patent.extra == {"页数": 12}


def test_json_that_is_not_records_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    for text, message in (("{not json", "not valid JSON"), ('{"a": 1}', "list of objects")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidInput, match=message):
            run(db, "demands", path)


def test_owner_names_match_existing_organisations_or_create_them(
    db: Database, tmp_path: Path
) -> None:
    run(db, "organisations", write_csv(tmp_path / "o.csv", "单位名称\n华北电力大学\n"))
    text = "成果名称,完成单位\n柔性直流输电控制,华北电力大学 \n储能电池管理,新源科技有限公司\n"
    report = run(db, "achievements", write_csv(tmp_path / "a.csv", text))
    counts = report.counts
    assert (counts.created, counts.organisations_matched, counts.organisations_created) == (2, 1, 1)
    with db.read() as session:
        owners = {
            title: name
            for title, name in session.execute(
                select(Achievement.title, Organisation.name).join(
                    Organisation, Organisation.id == Achievement.owner_org_id
                )
            )
        }
    assert owners == {"柔性直流输电控制": "华北电力大学", "储能电池管理": "新源科技有限公司"}
    assert count(db, Organisation) == 2 and audit_count(db, "organisations", "create") == 2
    again = run(db, "achievements", write_csv(tmp_path / "a.csv", text))
    assert (again.counts.unchanged, again.counts.organisations_created) == (2, 0)


def test_experts_link_to_their_organisation(db: Database, tmp_path: Path) -> None:
    text = "姓名,职称,工作单位,研究方向\n王磊,教授,清华大学,储能；电力电子\n"
    run(db, "experts", write_csv(tmp_path / "e.csv", text))
    with db.read() as session:
        person = session.scalar(select(Person))
        assert person is not None and person.organisation is not None
        assert person.organisation.name == "清华大学" and person.fields == ["储能", "电力电子"]


def test_readiness_levels_without_a_scale_are_read_as_gbt(db: Database, tmp_path: Path) -> None:
    text = "成果名称,技术成熟度,转化方式\n柔性直流输电控制,TRL6,许可\n储能电池管理,7级,转让\n"
    report = run(db, "achievements", write_csv(tmp_path / "a.csv", text))
    assert any("GB/T 22900" in note for note in report.notes)
    with db.read() as session:
        levels = {
            (t, s) for t, s in session.execute(select(Achievement.trl, Achievement.trl_scale))
        }
    assert levels == {(6, "gbt"), (7, "gbt")}


def test_preview_suggests_a_mapping_and_shows_first_rows(demands_csv: Path) -> None:
    preview = preview_file(demands_csv, "demands")
    assert preview["headers"][:2] == ["demand_id", "demand_title"]
    assert preview["suggested_mapping"]["demand_title"] == "title"
    assert preview["required_missing"] == [] and len(preview["rows"]) == 10
    assert preview["total_rows"] == 607
    renamed = preview_file(demands_csv, "demands", {"demand_title": "extra"})
    assert renamed["required_missing"] == ["title"]


def test_bare_budget_numbers_are_wan_when_the_header_says_so(db: Database, tmp_path: Path) -> None:
    text = "需求名称,预算（万元）\n储能系统,50\n热泵,约二十万\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text))
    assert report.counts.created == 2
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (
        3,
        "预算（万元）",
    ) and "not understood" in warning.reason
    with db.read() as session:
        budgets = {
            t: (lo, hi, raw)
            for t, lo, hi, raw in session.execute(
                select(
                    Demand.title, Demand.budget_min_wan, Demand.budget_max_wan, Demand.budget_text
                )
            )
        }
    assert budgets == {"储能系统": (50, 50, "50"), "热泵": (None, None, "约二十万")}
