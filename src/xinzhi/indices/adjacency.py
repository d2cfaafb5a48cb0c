"""Land-border contiguity of the 31 provinces, for spatial weights (Moran's I).

Compiled from the administrative map of China. Hainan has no land border; it is linked to
Guangdong, the convention in provincial spatial-econometrics papers, so that no region is an
island. Check it against your own W before publishing.
"""

from __future__ import annotations

import numpy as np

from xinzhi.common.regions import PROVINCES
from xinzhi.indices._inputs import FloatArray

_NEIGHBOURS = {
    "北京": "天津 河北",
    "天津": "北京 河北",
    "河北": "北京 天津 山西 内蒙古 辽宁 山东 河南",
    "山西": "河北 内蒙古 陕西 河南",
    "内蒙古": "黑龙江 吉林 辽宁 河北 山西 陕西 宁夏 甘肃",
    "辽宁": "吉林 内蒙古 河北",
    "吉林": "黑龙江 辽宁 内蒙古",
    "黑龙江": "吉林 内蒙古",
    "上海": "江苏 浙江",
    "江苏": "上海 浙江 安徽 山东",
    "浙江": "上海 江苏 安徽 江西 福建",
    "安徽": "江苏 浙江 江西 湖北 河南 山东",
    "福建": "浙江 江西 广东",
    "江西": "浙江 安徽 湖北 湖南 广东 福建",
    "山东": "河北 河南 安徽 江苏",
    "河南": "河北 山西 陕西 湖北 安徽 山东",
    "湖北": "河南 安徽 江西 湖南 重庆 陕西",
    "湖南": "湖北 江西 广东 广西 贵州 重庆",
    "广东": "福建 江西 湖南 广西 海南",
    "广西": "广东 湖南 贵州 云南",
    "海南": "广东",
    "重庆": "四川 贵州 湖南 湖北 陕西",
    "四川": "重庆 贵州 云南 西藏 青海 甘肃 陕西",
    "贵州": "四川 重庆 湖南 广西 云南",
    "云南": "四川 贵州 广西 西藏",
    "西藏": "新疆 青海 四川 云南",
    "陕西": "山西 河南 湖北 重庆 四川 甘肃 宁夏 内蒙古",
    "甘肃": "陕西 四川 青海 新疆 内蒙古 宁夏",
    "青海": "甘肃 新疆 西藏 四川",
    "宁夏": "内蒙古 陕西 甘肃",
    "新疆": "甘肃 青海 西藏",
}


def neighbours() -> dict[str, list[str]]:
    """Province code → codes of its neighbours."""
    code = {p.short: p.code for p in PROVINCES}
    return {code[name]: [code[n] for n in others.split()] for name, others in _NEIGHBOURS.items()}


def contiguity(codes: list[str]) -> FloatArray:
    """Binary contiguity matrix for ``codes`` (in that order); regions not listed are dropped."""
    table = neighbours()
    position = {c: i for i, c in enumerate(codes)}
    w = np.zeros((len(codes), len(codes)))
    for c in codes:
        for other in table.get(c, []):
            if other in position:
                w[position[c], position[other]] = 1.0
    return w
