"""The run as a Word report (python-docx): data and parameters, method with sources, weights,
rankings, coupling coordination, obstacles, regional inequality and the outside comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Cm

from xinzhi.common import office
from xinzhi.indices import tables
from xinzhi.indices.levels import SCHEME_SOURCES
from xinzhi.indices.run import RunResult

WIDTH = Cm(15)
METHOD_SOURCES = {
    "entropy": "熵权法（DOMAIN.md §4.2）：p = x'/Σx'，e = −(1/ln m)Σp ln p，w = (1−e)/Σ(1−e)",
    "critic": "CRITIC（Diakoulaki 等 1995, Computers & OR 22(7):763–770）",
    "std": "标准差法（Jahan & Edwards 2013, Materials & Design 49:1000–1008）",
}


def _parameters(doc: Any, result: RunResult) -> None:
    o = result.options
    doc.add_heading("一、数据与参数", level=1)
    doc.add_paragraph(
        f"面板：{result.panel.source}（SHA-256 {result.panel.sha256[:16]}…），"
        f"{len(result.panel.codes)} 个省级地区，{min(result.years)}–{max(result.years)} 年。"
    )
    if result.filled:
        cells = "；".join(f"{c['code']} {c['year']} {c['indicator']}" for c in result.filled)
        doc.add_paragraph(f"缺失值按地区线性插值补齐：{cells}。")
    weighting = METHOD_SOURCES[o.weighting]
    zero = f"零值处理 {o.zero}（平移 {o.shift}，区间 {list(o.bounds)}；DOMAIN.md §4.1）"
    doc.add_paragraph(f"赋权：{weighting}；{zero}；模式 {o.mode}（global 为全局熵值法）。")
    scoring = (
        "加权求和 S = Σ w·x'" if o.scoring == "weighted_sum" else f"TOPSIS（{o.topsis_variant}）"
    )
    doc.add_paragraph(
        f"得分：{scoring}。耦合协调：{o.coupling_form} 形式，D = √(C·T)，分级方案 {o.scheme} 级"
        f"（{SCHEME_SOURCES[o.scheme]}）。核密度：高斯核，{o.kde_rule} 带宽。"
        f"Moran's I：省域邻接矩阵（行标准化），{o.permutations} 次置换，种子 {o.seed}。"
    )


def _ranking(doc: Any, result: RunResult, charts: dict[str, Path]) -> None:
    latest = max(result.years)
    doc.add_heading("三、综合得分与排名", level=1)
    frame = tables.scores_table(result)
    part = frame[frame["year"] == latest].sort_values("rank")
    keep = ["rank", "region", "score", *result.subsystems, "D", "level"]
    office.add_table(doc, part[[c for c in keep if c in part.columns]])
    doc.add_picture(str(charts["ranking"]), width=WIDTH)
    doc.add_picture(str(charts["time_series"]), width=WIDTH)


def _coupling_and_obstacles(doc: Any, result: RunResult, charts: dict[str, Path]) -> None:
    latest = max(result.years)
    doc.add_heading("四、耦合协调度", level=1)
    levels = tables.scores_table(result)
    counts = levels[levels["year"] == latest]["level"].value_counts()
    summary = "，".join(f"{name} {n} 个" for name, n in counts.items())
    doc.add_paragraph(f"{latest} 年各省耦合协调等级：{summary}。")
    doc.add_picture(str(charts["coupling"]), width=WIDTH)
    doc.add_heading("五、障碍因子", level=1)
    dims = tables.dimension_table(result)
    doc.add_paragraph(
        "维度层障碍度（%，各年各省平均）："
        + "，".join(f"{d} {dims[d].mean():.1f}" for d in result.subsystems)
    )
    doc.add_picture(str(charts["obstacles"]), width=WIDTH)


def _dynamics(doc: Any, result: RunResult, charts: dict[str, Path]) -> None:
    doc.add_heading("六、区域差异、分布动态与空间相关", level=1)
    doc.add_paragraph("Dagum 基尼系数按东部、中部、西部、东北四大区域分解（Dagum 1997）：")
    office.add_table(doc, tables.dagum_table(result).reset_index(names="year"))
    doc.add_picture(str(charts["density"]), width=WIDTH)
    doc.add_paragraph("全局 Moran's I（综合得分）：")
    office.add_table(doc, tables.moran_table(result).reset_index(names="year"))


def _reference(doc: Any, result: RunResult) -> None:
    doc.add_heading("七、与已发表指数的比较", level=1)
    if not result.reference:
        doc.add_paragraph("本次未提供参照指数。")
        return
    pooled = result.reference["pooled"]
    doc.add_paragraph(
        f"参照：{result.reference['citation']}。该指数以 GTFP/LSTM 构建，与本指数口径不同，"
        f"相关系数仅作合理性参考。全样本 Spearman ρ = {pooled['rho']:.3f}（n = {pooled['n']}）。"
    )
    office.add_table(doc, tables.reference_table(result).reset_index(names="year"), 3)


def write_report(result: RunResult, charts: dict[str, Path], path: Path) -> Path:
    doc = Document()
    office.use_cjk_font(doc)
    doc.add_heading(f"{result.system.name} 评价报告", level=0)
    if not result.system.verified:
        doc.add_paragraph("注意：该指标体系标记为未核实（verified: false）。")
    _parameters(doc, result)
    doc.add_heading("二、指标体系与权重", level=1)
    weights = tables.weights_table(result)
    office.add_table(doc, weights.drop(columns=["id", "column"]))
    _ranking(doc, result, charts)
    _coupling_and_obstacles(doc, result, charts)
    _dynamics(doc, result, charts)
    _reference(doc, result)
    doc.save(str(path))
    return path
