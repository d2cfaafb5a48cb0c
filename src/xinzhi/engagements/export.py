"""Contracts as .xlsx with the fields of the 技术合同认定登记表 (JJ-001; ANCHORS.md §H2):
registration number, project name, validity, signing date, buyer and seller with country code
(3 digits, ISO 3166 numeric; 156 = China) and region code (GB/T 2260), both amounts, and the
expected new investment and output that 技术转让 contracts must give."""

from __future__ import annotations

from typing import Any, BinaryIO

from openpyxl import Workbook

from xinzhi.catalog.models import Demand
from xinzhi.common.office import safe_cell
from xinzhi.engagements.messages import (
    CONTRACT_TYPES,
    PAYMENT_FORMS,
    TRANSFER_MODES,
    zh,
)
from xinzhi.engagements.models import Engagement, TechContract
from xinzhi.engagements.stats import GROUP_OF

CHINA = "156"
HEADERS: tuple[str, ...] = (
    "登记号",
    "项目名称",
    "合同类型",
    "转化方式",
    "统计分组",
    "签订日期",
    "有效期至",
    "卖方（登记方）名称",
    "卖方国别代码",
    "卖方地区代码",
    "买方名称",
    "买方国别代码",
    "买方地区代码",
    "合同成交额（万元）",
    "非技术性款项（万元）",
    "技术交易额（万元）",
    "支付方式",
    "预计新增投入（万元）",
    "预计新增产值（万元）",
    "登记申请截止日",
    "认定审查期限（日）",
    "登记规则版本",
    "技术领域",
    "对接编号",
)


def _row(c: TechContract, e: Engagement, d: Demand) -> list[Any]:
    review = f"{c.review_days}{'个工作日' if c.review_working_days else '日'}"
    return [
        c.registration_no or "",
        c.project_name,
        zh(CONTRACT_TYPES, c.contract_type),
        zh(TRANSFER_MODES, c.transfer_mode),
        "转让/许可/作价投资"
        if GROUP_OF[c.contract_type].startswith("transfer")
        else "开发/咨询/服务",
        c.signed_on,
        c.valid_until,
        c.seller_name,
        CHINA,
        c.seller_region_code or "",
        c.buyer_name,
        CHINA,
        c.buyer_region_code or "",
        c.amount_wan,
        c.non_tech_amount_wan,
        c.tech_amount_wan,
        zh(PAYMENT_FORMS, c.payment_form),
        c.expected_investment_wan,
        c.expected_output_wan,
        c.registration_deadline,
        review,
        c.rule_version,
        d.field,
        e.id,
    ]


def _clean(value: Any) -> Any:
    return "" if value is None else safe_cell(value)


def write_contracts(rows: list[tuple[TechContract, Engagement, Demand]], out: BinaryIO) -> int:
    """Write the contracts to ``out`` as one 技术合同 sheet; returns the number of rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "技术合同"
    sheet.append(list(HEADERS))
    for c, e, d in rows:
        sheet.append([_clean(v) for v in _row(c, e, d)])
    for column in ("F", "G", "T"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    book.save(out)
    return len(rows)
