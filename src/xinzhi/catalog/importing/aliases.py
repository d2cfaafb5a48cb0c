"""Built-in column aliases: the headers real Chinese files use for each field.

Besides these, every field's own name and its Chinese title in ``catalog/schemas.py`` are
recognised (see :func:`xinzhi.catalog.importing.mapping.known_headers`). Sources: the platform's
own demand listings (``demand_id, demand_title, category, poster_type, create_date,
budget_range, demand_detail``), CSL (``title, abstract, keywords, category, discipline``), the
energy patent export (``pub_no, app_no, …, cites_patents, province_guess``) and the column
names of Chinese commercial patent databases (公开（公告）号, 申请（专利权）人, IPC主分类号…).
"""

from __future__ import annotations

OWNER = "owner"
ORG_FIELD = {
    "achievements": "owner_org_id",
    "demands": "owner_org_id",
    "experts": "organisation_id",
}
_OWNER_ALIASES = ("owner", "organisation", "organization", "单位名称", "企业名称", "所属单位")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "demands": {
        "title": ("需求名称", "需求标题", "demand_title", "标题", "名称"),
        "field": ("所属领域", "行业领域", "技术领域", "category", "领域"),
        "budget_text": (
            "预算",
            "预算金额",
            "投入预算",
            "预算(万元)",
            "预算金额(万元)",
            "投入预算(万元)",
            "budget_range",
            "budget",
        ),
        "detail": ("需求描述", "需求详情", "需求内容", "demand_detail", "详情"),
        "external_id": ("需求编号", "demand_id", "编号"),
        "published_on": ("发布日期", "发布时间", "create_date"),
        "deadline": ("截止日期", "截止时间"),
        "keywords": ("关键词", "关键字"),
        OWNER: (*_OWNER_ALIASES, "需求单位", "发布单位"),
    },
    "achievements": {
        "title": ("成果名称", "项目名称", "名称", "标题"),
        "summary": ("成果简介", "abstract", "摘要", "简介", "成果介绍"),
        "keywords": ("关键词", "关键字"),
        "field": ("技术领域", "所属领域", "category", "行业领域"),
        "discipline": ("学科", "学科领域"),
        "trl": ("技术成熟度", "成熟度", "trl等级"),
        "transfer_mode": ("转化方式", "合作方式", "交易方式"),
        "external_id": ("成果编号", "编号"),
        OWNER: (*_OWNER_ALIASES, "完成单位", "持有单位", "第一完成单位"),
    },
    "patents": {
        "pub_no": ("公开号", "公开（公告）号", "公告号", "公开公告号"),
        "app_no": ("申请号",),
        "app_date": ("申请日",),
        "pub_date": ("公开日", "公开（公告）日", "公告日"),
        "grant_date": ("授权日", "授权公告日"),
        "title": ("名称", "专利名称", "标题", "发明名称"),
        "abstract": ("摘要",),
        "applicants": ("申请人", "申请（专利权）人", "专利权人"),
        "inventors": ("发明人", "发明（设计）人"),
        "ipc_main": ("主分类号", "ipc主分类号"),
        "ipc": ("分类号", "ipc", "ipc分类号"),
        "cpc": ("cpc", "cpc分类号"),
        "legal_status": ("法律状态", "当前法律状态"),
        "cites": ("引证", "引证专利", "cites_patents"),
        "address": ("地址", "申请人地址"),
        "province": ("province_guess", "省份", "申请人省份"),
    },
    "experts": {
        "name": ("姓名", "专家姓名"),
        "title": ("职称",),
        "fields": ("研究领域", "研究方向", "专业领域"),
        "email": ("邮箱", "电子邮箱", "e-mail"),
        "phone": ("电话", "联系电话", "手机"),
        "bio": ("简介", "个人简介"),
        "external_id": ("专家编号", "编号"),
        OWNER: (*_OWNER_ALIASES, "所在单位", "工作单位", "单位"),
    },
    "organisations": {
        "name": ("单位名称", "企业名称", "机构名称", "名称"),
        "kind": ("单位类型", "机构类型"),
        "credit_code": ("统一社会信用代码", "信用代码"),
        "region_code": ("行政区划代码",),
        "address": ("地址", "注册地址"),
        "website": ("网址", "官网"),
        "description": ("简介", "企业简介", "机构简介"),
    },
    "policies": {
        "title": ("政策名称", "标题", "名称"),
        "issuer": ("发文机关", "发布机构", "发文单位"),
        "doc_number": ("文号", "发文字号"),
        "effective_from": ("生效日期", "施行日期", "发布日期"),
        "effective_to": ("失效日期",),
        "text": ("政策原文", "正文", "内容"),
        "url": ("链接", "原文链接", "网址"),
        "level": ("层级", "政策层级"),
    },
}
