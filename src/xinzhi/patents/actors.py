"""Who files and from where: applicant types from the name, and the province of a patent.

Applicant types (申请人类型) are read from the name by ordered rules, the first that matches
wins (the usual categories of Chinese patent-analysis reports, e.g. CNIPA's 专利统计简报 and
the 申请人类型 column of commercial exports such as incoPat, which says 科研机构 where we say
科研院所):

1. 企业 company: 公司, 集团, 厂, 株式会社, 有限责任, 合作社, 商行, 工作室, or Latin company forms
   (Co., Ltd, Inc, Corp, GmbH, AG, S.A., LLC, Limited, Company, B.V., plc, Kabushiki Kaisha…).
   Checked first, so 研究院有限公司 and 大学资产经营有限公司 are companies.
2. 高校 university: 大学, 学院 (but not 科学院/研究院 forms), 学校, 高等专科, University,
   College, Institute of Technology.
3. 科研院所 research institute: 研究院, 研究所, 科学院, 研究中心, 实验室, 设计院, Institute,
   Academy, Laboratory, Research.
4. 机关团体 government and associations: 局, 委员会, 政府, 厅, 部队, 协会, 学会, 联合会,
   办公室, 管理处, 管理站, a name ending in 中心, 站 or 部 (public service units), 医院.
5. 个人 individual: two to four Han characters, a transliterated name with middle dots
   (F-J·许克尔), or a short Latin personal name (two to four words, no organisation word).
6. 其他 other: anything else (documented so it can be counted and reviewed).

Province (省份): the stored province (as its short name when it is one of the 31 mainland
divisions, else as stored, e.g. 香港); when nothing is stored, the
GB/T 2260 region code (its first two digits); else the address: a leading postal code is
skipped and the address must begin with a province name (江苏省…, 北京市…, 内蒙古…). Addresses
in Hong Kong, Macao or Taiwan (中国台湾…) and abroad (日本东京都) are classed by
:func:`origin_of` and get no province. Province names and codes are those of
:mod:`xinzhi.common.regions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from xinzhi.common.regions import BY_CODE, PROVINCES, region_code

APPLICANT_TYPES = ("企业", "高校", "科研院所", "机关团体", "个人", "其他")
APPLICANT_TYPES_EN = {
    "企业": "company",
    "高校": "university",
    "科研院所": "research institute",
    "机关团体": "government or association",
    "个人": "individual",
    "其他": "other",
}

_COMPANY = re.compile(
    r"公司|集团|[^学]厂$|工厂|株式会社|有限责任|合作社|商行|工作室|事务所|"
    r"\b(co\b|co\.|ltd|inc\b|inc\.|corp|gmbh|ag\b|s\.a\.|llc|limited|company|b\.v\.|plc|kk\b|kaisha|kabushiki|s\.p\.a)",
    re.IGNORECASE,
)
_UNIVERSITY = re.compile(
    r"大学|(?<!科)(?<!研究)学院|学校|高等专科|universit|college|institute of technology",
    re.IGNORECASE,
)
_INSTITUTE = re.compile(
    r"研究院|研究所|科学院|研究中心|实验室|设计院|institute|academy|laborator|research",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(
    r"局$|委员会|政府|厅$|部队|协会|学会|联合会|办公室|管理处|管理站|中心$|医院|站$|部$"
)
# A Han name, or a transliterated foreign name with middle dots (F-J·许克尔, 约翰·史密斯).
_HAN_PERSON = re.compile(
    r"^[\u4e00-\u9fff]{2,4}$|^[A-Za-z\u4e00-\u9fff.\-]{1,8}([·•][\u4e00-\u9fff]{1,8})+$"
)
_LATIN_PERSON = re.compile(r"^[A-Za-z][A-Za-z.'\-]*(,? [A-Za-z][A-Za-z.'\-]*){1,3}$")


def applicant_type(name: str) -> str:
    """The type of one applicant by the rules of the module docstring (first match wins)."""
    text = name.strip()
    if not text:
        return "其他"
    if _COMPANY.search(text):
        return "企业"
    if _UNIVERSITY.search(text):
        return "高校"
    if _INSTITUTE.search(text):
        return "科研院所"
    if _GOVERNMENT.search(text):
        return "机关团体"
    if _HAN_PERSON.match(text) or _LATIN_PERSON.match(text):
        return "个人"
    return "其他"


def applicant_types(names: Iterable[str]) -> dict[str, str]:
    """Type of each distinct name (for a table of names and their types)."""
    return {n: applicant_type(n) for n in dict.fromkeys(names)}


# Names an address may begin with, longest first so 内蒙古自治区 wins over 内蒙古.
_PREFIXES: list[tuple[str, str]] = sorted(
    ((spelling, p.code) for p in PROVINCES for spelling in (p.name, p.short)),
    key=lambda item: -len(item[0]),
)
_LEADING = re.compile(r"^[\s\d\u3000,，-]*(中国|中华人民共和国)?\s*")
_GREATER_CHINA = ("香港", "澳门", "台湾")
_ABROAD = re.compile(
    r"^(日本|美国|韩国|德国|法国|英国|瑞士|瑞典|丹麦|荷兰|意大利|西班牙|芬兰|挪威|奥地利|比利时|"
    r"加拿大|澳大利亚|新加坡|以色列|印度|俄罗斯|巴西|爱尔兰|卢森堡|新西兰|波兰|捷克|葡萄牙|"
    r"南非|墨西哥|沙特|阿联酋|土耳其|马来西亚|泰国|越南|印度尼西亚|菲律宾|列支敦士登|开曼|"
    r"英属|百慕大|匈牙利|希腊|冰岛|斯洛文尼亚|乌克兰|白俄罗斯|伊朗|埃及|智利|阿根廷)"
)


def province_from_address(address: str) -> str | None:
    """GB/T 2260 code of the province an address begins with (after a postal code), or None."""
    text = _LEADING.sub("", address or "")
    for spelling, code in _PREFIXES:
        if text.startswith(spelling):
            return code
    return None


def origin_of(address: str) -> str:
    """境内 (mainland province found), 港澳台, 国外, or 未知 for an address."""
    if province_from_address(address):
        return "境内"
    text = _LEADING.sub("", address or "")
    if text.startswith(_GREATER_CHINA):
        return "港澳台"
    if _ABROAD.match(text):
        return "国外"
    return "未知"


def provinces_of(
    stored: pd.Series, codes: pd.Series, addresses: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Short province names ("" when unknown) and where each came from (stored / code /
    address / "") for columns of stored provinces, region codes and addresses.

    Each distinct (stored, code, address) triple is read once.
    """
    keys = pd.DataFrame(
        {
            "stored": stored.fillna("").astype(str),
            "code": codes.fillna("").astype(str),
            "address": addresses.fillna("").astype(str),
        }
    )
    codes_of, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    names, sources = [], []
    for s, c, a in uniques:
        found = region_code(s) if s else None
        source = "stored" if found else ""
        if not found and c[:2] + "0000" in BY_CODE:
            found, source = c[:2] + "0000", "code"
        if not found:
            found = province_from_address(a)
            source = "address" if found else ""
        if not found and s:  # stored but not one of the 31 (e.g. 香港): kept as stored
            names.append(s)
            sources.append("stored")
            continue
        names.append(BY_CODE[found].short if found else "")
        sources.append(source)
    index = stored.index
    return (
        pd.Series(np.asarray(names, dtype=object)[codes_of], index=index),
        pd.Series(np.asarray(sources, dtype=object)[codes_of], index=index),
    )
