"""The 专利导航 Word report, in the order of GB/T 39551.1-2020《专利导航指南 第1部分：总则》:
一、需求分析 → 二、信息检索 → 三、数据处理 → 四、分析评估 → 五、结论与建议, then an appendix
with every parameter.

Reproducible: the parameters (:class:`~xinzhi.patents.navigation.NavigationParams`, with the
filter), the software version and the computation time are stored in the appendix table (one
row per parameter and the row ``params_json`` with all of them as JSON) and in the document's
core properties (``category`` is :data:`CATEGORY`, ``version`` the software version,
``identifier`` the SHA-256 of the JSON, ``comments`` the JSON when it fits Word's 255
characters). :func:`stored_params` reads the JSON back and checks its hash, so ``xinzhi patents
report --rerun old.docx`` computes the same analysis again on the catalog as it is now.

The conclusions are read from the numbers by fixed rules (stage, leading holders, concentration,
bursts still running at the last year); they say so, and are a draft for the analyst.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.shared import Cm

from xinzhi.common import office
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.analysis import Lifecycle
from xinzhi.patents.landscape import PUBLICATION_LAG
from xinzhi.patents.navigation import FIELD_ZH, Navigation, NavigationParams, tables
from xinzhi.patents.plots import draw_charts

CATEGORY = "xinzhi.patents.report"
SECTIONS = ("一、需求分析", "二、信息检索", "三、数据处理", "四、分析评估", "五、结论与建议")
APPENDIX = "附录 A 分析参数"
PARAMS_ROW = "params_json"
WIDTH = Cm(15)
LEVEL_ZH = {"subclass": "小类", "group": "大组", "full": "完整分类号"}


def _scope(params: NavigationParams) -> str:
    parts = [f"检索式“{params.q}”" if params.q else "全部入库专利"]
    if params.province:
        parts.append(f"省份 {params.province}")
    if params.year_from or params.year_to:
        parts.append(f"申请年 {params.year_from or '…'}–{params.year_to or '…'}")
    return "，".join(parts)


def _demand(doc: Any, nav: Navigation) -> None:
    doc.add_heading(SECTIONS[0], level=1)
    doc.add_paragraph(
        f"导航对象：{_scope(nav.params)}。导航目的：掌握该技术领域的专利申请趋势、主要创新主体"
        "及其类型与地域分布、技术构成与技术交叉、技术生命周期阶段、新兴热点（突发）与合作网络，"
        "为技术研发方向、合作对象与布局决策提供依据。"
    )


def _retrieval(doc: Any, nav: Navigation) -> None:
    land = nav.landscape
    doc.add_heading(SECTIONS[1], level=1)
    years = land.by_year.index
    span = f"{years.min()}–{years.max()}" if len(years) else "—"
    doc.add_paragraph(
        f"数据来源：新质平台专利库（由用户导入的专利数据）。检索范围：{_scope(nav.params)}。"
        f"检索结果 {land.total} 件专利，年份跨度 {span}；检索与计算时间 {nav.computed_at}（UTC）。"
        "关键词检索经平台全文检索（中文分词）执行。"
    )
    doc.add_paragraph(
        "注意：专利申请一般在申请后约 18 个月公开，最近一至两年的申请量不完整"
        f"（{PUBLICATION_LAG}）。"
    )


def _processing(doc: Any, nav: Navigation) -> None:
    p = nav.params
    doc.add_heading(SECTIONS[2], level=1)
    items = [
        "申请人名称经规范化（全角/半角、公司组织形式）与别名表合并；",
        "申请人类型按名称规则判定（企业、高校、科研院所、机关团体、个人、其他；"
        "规则见 xinzhi.patents.actors）；",
        "省份取著录项省份，缺失时取行政区划代码（GB/T 2260），再缺失时取地址开头的省名；",
        f"IPC 按{LEVEL_ZH[p.ipc_level]}统计，一件专利的同一分类只计一次；",
        "CNIPA 占位名（如“不公告发明人”）不计为发明人；",
        f"生命周期拟合不使用最后 {p.censored_years} 个申请年（公开滞后）。",
    ]
    for item in items:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph(f"数据注意事项：{'；'.join(nav.landscape.caveats)}。")


def _analysis(
    doc: Any, nav: Navigation, charts: dict[str, Path], t: dict[str, pd.DataFrame]
) -> None:
    doc.add_heading(SECTIONS[3], level=1)
    doc.add_heading("4.1 申请趋势", level=2)
    doc.add_picture(str(charts["trend"]), width=WIDTH)
    office.add_table(doc, t["年度趋势 by year"])
    doc.add_heading("4.2 创新主体", level=2)
    doc.add_paragraph("主要申请人（件数，类型）：")
    office.add_table(doc, t["申请人 applicants"][["applicant", "patents", "type"]])
    doc.add_paragraph("主要发明人：")
    office.add_table(doc, t["发明人 inventors"])
    doc.add_paragraph("申请人类型：")
    office.add_table(doc, t["申请人类型 types"][["type", "patents"]])
    doc.add_heading("4.3 地域分布", level=2)
    if "provinces" in charts:
        doc.add_picture(str(charts["provinces"]), width=WIDTH)
    office.add_table(doc, t["省份 provinces"])
    if len(t["来源地 origins"]):
        doc.add_paragraph("申请人来源地（按地址）：")
        office.add_table(doc, t["来源地 origins"])
    doc.add_heading("4.4 技术构成与共分类", level=2)
    if "ipc" in charts:
        doc.add_picture(str(charts["ipc"]), width=WIDTH)
    if len(t["共分类 co-classification"]):
        doc.add_paragraph(
            "共现分类对（关联强度 = N·c/(sᵢsⱼ)，van Eck & Waltman 2009；1 表示与随机共现相当）："
        )
        office.add_table(doc, t["共分类 co-classification"], 3)
    else:
        doc.add_paragraph("所选专利无 IPC 分类号，未做共分类分析。")
    doc.add_heading("4.5 集中度", level=2)
    doc.add_paragraph("HHI = Σsᵢ²（Hirschman 1964）；CR4 = 前四名份额之和（Bain 1951）。")
    office.add_table(doc, t["集中度 concentration"])
    doc.add_heading("4.6 技术生命周期", level=2)
    if isinstance(nav.lifecycle, Lifecycle):
        doc.add_picture(str(charts["s_curves"]), width=WIDTH)
        curves = t["S曲线 S-curves"]
        keep = [
            c
            for c in (
                "model",
                "K",
                "K_ci_low",
                "K_ci_high",
                "aic",
                "r_squared",
                "maturity",
                "stage_zh",
                "best_by_aic",
            )
            if c in curves
        ]
        office.add_table(doc, curves[keep], 3)
        doc.add_picture(str(charts["lifecycle"]), width=WIDTH)
        for note in nav.lifecycle.notes:
            doc.add_paragraph(f"说明：{note}")
    else:
        doc.add_paragraph(f"未能拟合生命周期：{nav.lifecycle}")
    doc.add_heading("4.7 技术突发", level=2)
    doc.add_paragraph(
        f"Kleinberg 批量两态自动机（s = {nav.params.s}，γ = {nav.params.gamma}，"
        f"最少 {nav.params.min_total} 件，最短 {nav.params.min_duration} 年）。"
    )
    doc.add_picture(str(charts["bursts"]), width=WIDTH)
    office.add_table(doc, t["技术突发 bursts"][["field_zh", "term", "start", "end", "weight"]], 2)
    doc.add_heading("4.8 合作网络与引证网络", level=2)
    net = nav.coinventors
    q = "—" if net.modularity is None else f"{net.modularity:.3f}"
    doc.add_paragraph(
        f"发明人合作网络：全体 {net.actors_total} 人、{net.links_total} 条合作关系；"
        f"取专利数最多的 {len(net.nodes)} 人（至少 {net.min_patents} 件）划分社群"
        f"（{'Louvain' if net.method == 'louvain' else '贪心模块度'}，种子 {net.seed}），"
        f"得 {len(net.communities)} 个社群，模块度 Q = {q}。"
    )
    doc.add_picture(str(charts["network"]), width=WIDTH)
    office.add_table(doc, t["合作社群 communities"])
    cites = nav.citations
    doc.add_paragraph(
        f"库内引证网络：{cites.links} 条引证，{cites.citing_patents} 件施引、"
        f"{cites.cited_patents} 件被引，{cites.components} 个弱连通分量（最大 "
        f"{cites.largest_component} 件）。被引最多："
    )
    office.add_table(
        doc, t["引证 citations"][["pub_no", "title", "app_year", "forward", "backward"]]
    )


def conclusions(nav: Navigation) -> list[str]:
    """Statements read from the numbers by fixed rules (a draft for the analyst)."""
    land = nav.landscape
    out = []
    if isinstance(nav.lifecycle, Lifecycle):
        best = nav.lifecycle.best
        curve = nav.lifecycle.curves.get(best) if best else None
        if curve is not None and not isinstance(curve, str):
            flag = "（拐点之前，K 不可靠）" if curve.before_inflection else ""
            out.append(
                f"生命周期：按 AIC 选 {best} 模型，累计量已达饱和量的 {curve.maturity:.0%}，"
                f"处于{curve.stage_zh}{flag}；生命周期图读为{nav.lifecycle.chart.stage_zh}。"
            )
    if land.top_applicants:
        name, count = next(iter(land.top_applicants.items()))
        out.append(f"主要申请人为 {name}（{count} 件）。")
    elif land.top_inventors:
        name, count = next(iter(land.top_inventors.items()))
        out.append(f"数据无申请人；最活跃的发明人为 {name}（{count} 件）。")
    if land.provinces:
        top3 = "、".join(list(land.provinces)[:3])
        out.append(f"地域上以 {top3} 为主。")
    of = "申请人" if land.top_applicants else "省份"
    hhi = land.concentration["hhi_applicants" if land.top_applicants else "hhi_provinces"]
    reading = "高度集中" if hhi > 0.18 else "中度集中" if hhi >= 0.10 else "分散"
    out.append(
        f"{of}集中度：HHI {hhi:.3f}"
        f"（0–1 标度；按美国 2023 年并购指南 0.10/0.18 分界读为{reading}）。"
    )
    last = int(land.by_year.index.max()) if len(land.by_year) else None
    running = [
        f"{FIELD_ZH[name]}“{r['term']}”"
        for name, frame in nav.bursts.items()
        for r in frame.to_dict("records")
        if last is not None and int(r["end"]) >= last - nav.params.censored_years
    ]
    if running:
        out.append(f"近期仍在突发的对象：{'、'.join(running[:8])}，建议重点跟踪。")
    if nav.coinventors.communities:
        big = nav.coinventors.communities[0]
        out.append(
            f"最大的发明人合作社群 {big.size} 人（{big.patents} 件），核心成员 "
            f"{'、'.join(big.top_members[:3])}，可作为合作或人才引进对象。"
        )
    out.append("以上结论由规则自动生成，需经分析人员复核。")
    return out


def _appendix(doc: Any, nav: Navigation, t: dict[str, pd.DataFrame]) -> None:
    doc.add_heading(APPENDIX, level=1)
    doc.add_paragraph(
        "以下参数完整记录本报告的计算条件；`xinzhi patents report --rerun 本文件.docx` "
        "按相同参数重新计算。"
    )
    rows = pd.concat(
        [t["参数 parameters"], pd.DataFrame([{"parameter": PARAMS_ROW, "value": params_json(nav)}])]
    )
    office.add_table(doc, rows)


def params_json(nav: Navigation) -> str:
    """The stored parameters: filter and analysis parameters, software and time, as JSON."""
    return json.dumps(
        {"params": nav.params.to_dict(), "software": nav.software, "computed_at": nav.computed_at},
        ensure_ascii=False,
        sort_keys=True,
    )


def write_report(nav: Navigation, path: Path) -> Path:
    """The report of ``nav`` as a .docx at ``path`` (charts drawn in a temporary folder)."""
    t = tables(nav, top=nav.params.top)
    doc = Document()
    office.use_cjk_font(doc)
    props = doc.core_properties
    props.title = f"专利导航报告：{_scope(nav.params)}"
    props.subject = "专利导航（GB/T 39551）"
    props.category = CATEGORY
    props.keywords = nav.params.q
    props.version = nav.software
    stored = params_json(nav)
    props.identifier = f"sha256:{hashlib.sha256(stored.encode()).hexdigest()}"
    props.comments = stored if len(stored) <= 255 else "参数见附录 A（params_json）"
    doc.add_heading(props.title, level=0)
    with tempfile.TemporaryDirectory() as tmp:
        charts = draw_charts(nav, Path(tmp))
        _demand(doc, nav)
        _retrieval(doc, nav)
        _processing(doc, nav)
        _analysis(doc, nav, charts, t)
        doc.add_heading(SECTIONS[4], level=1)
        for line in conclusions(nav):
            doc.add_paragraph(line, style="List Number")
        _appendix(doc, nav, t)
        doc.save(str(path))
    return path


def stored_params(path: Path) -> NavigationParams:
    """The parameters a report was computed with, read from its core properties."""
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several types for a non-docx file
        raise InvalidInput(f"{path.name} is not a Word (.docx) file") from exc
    props = doc.core_properties
    if props.category != CATEGORY:
        raise InvalidInput(f"{path.name} is not a xinzhi patent report (no stored parameters)")
    text = next(
        (
            row.cells[1].text
            for table in doc.tables
            for row in table.rows
            if len(row.cells) == 2 and row.cells[0].text == PARAMS_ROW
        ),
        "",
    )
    digest = f"sha256:{hashlib.sha256(text.encode()).hexdigest()}"
    if not text or digest != props.identifier:
        raise InvalidInput(f"the stored parameters of {path.name} are missing or were edited")
    return NavigationParams.from_dict(json.loads(text)["params"])
