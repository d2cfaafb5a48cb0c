"""User strings of 评价指数 (evaluation indices), in Chinese (first) and English.

Registered by :func:`xinzhi.app.install` from ``xinzhi.indices.domain``; the machinery and the
choice of Python modules over gettext files are explained in :mod:`xinzhi.common.web.i18n`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "indices.title": "评价指数",
        "indices.lead": (
            "选择指标体系，上传省份 × 年份面板数据，选定赋权、零值处理、得分与耦合协调的"
            "方法变体后计算；结果保存并可下载 Excel 与 Word 报告。"
        ),
        "indices.system": "指标体系",
        "indices.panel": "面板数据",
        "indices.panel_hint": (
            "CSV 或 xlsx；宽表（地区、年份、各指标列）或长表（地区、年份、指标、数值），"
            "省份名称自动规范为 GB/T 2260 代码。"
        ),
        "indices.option.weighting": "赋权方法",
        "indices.option.zero": "零值处理",
        "indices.option.mode": "熵值模式（全局 / 逐年）",
        "indices.option.scoring": "得分方法",
        "indices.option.topsis_variant": "TOPSIS 变体",
        "indices.option.coupling_form": "耦合度形式",
        "indices.option.scheme": "协调等级方案",
        "indices.option.fill": "缺失值处理",
        "indices.option.kde_rule": "核密度带宽规则",
        "indices.run": "计算",
        "indices.structures": "仅有结构的指标体系（尚不能计算）",
        "indices.unverified": "未核实",
        "indices.runs": "最近的计算",
        "indices.parameters": "参数",
        "indices.created": "时间",
        "indices.no_runs": "尚无计算记录。",
        "indices.run_title": "计算 #{id}",
        "indices.filled": "有 {n} 个缺失值按地区线性插值补齐，详见报告。",
        "indices.download_xlsx": "下载 Excel",
        "indices.download_docx": "下载 Word 报告",
        "indices.chart_ranking": "{year} 年综合得分排名",
        "indices.chart_density": "综合得分核密度（各年）",
        "indices.chart_obstacles": "{year} 年主要障碍因子（平均障碍度）",
        "indices.ranking": "{year} 年得分、耦合协调度与排名",
        "indices.rank": "排名",
        "indices.region": "地区",
        "indices.score": "综合得分",
        "indices.level": "协调等级",
        "indices.weights": "指标与权重",
        "indices.dimension": "维度",
        "indices.indicator": "指标",
        "indices.unit": "单位",
        "indices.weight": "权重",
        "indices.spearman": "与已发表指数的比较（Spearman）",
        "indices.failed": "无法计算：{reason}",
        "nav.indices": "评价指数",
    },
    "en": {
        "indices.title": "Evaluation indices",
        "indices.lead": (
            "Pick an index system, upload a province × year panel and choose the weighting, zero "
            "handling, scoring and coupling variants; the run is stored and its Excel and Word "
            "reports can be downloaded."
        ),
        "indices.system": "Index system",
        "indices.panel": "Panel data",
        "indices.panel_hint": (
            "CSV or xlsx; wide (region, year, one column per indicator) or long (region, year, "
            "indicator, value); province names are normalised to GB/T 2260 codes."
        ),
        "indices.option.weighting": "Weighting method",
        "indices.option.zero": "Zero handling",
        "indices.option.mode": "Entropy mode (global / per year)",
        "indices.option.scoring": "Scoring method",
        "indices.option.topsis_variant": "TOPSIS variant",
        "indices.option.coupling_form": "Coupling form",
        "indices.option.scheme": "Coordination scheme",
        "indices.option.fill": "Missing values",
        "indices.option.kde_rule": "Kernel density bandwidth rule",
        "indices.run": "Compute",
        "indices.structures": "Structure-only index systems (cannot be computed yet)",
        "indices.unverified": "unverified",
        "indices.runs": "Recent runs",
        "indices.parameters": "Parameters",
        "indices.created": "Time",
        "indices.no_runs": "No runs yet.",
        "indices.run_title": "Run #{id}",
        "indices.filled": (
            "{n} missing value(s) were interpolated within their region; see the report."
        ),
        "indices.download_xlsx": "Download Excel",
        "indices.download_docx": "Download Word report",
        "indices.chart_ranking": "Composite score ranking, {year}",
        "indices.chart_density": "Kernel density of the composite score by year",
        "indices.chart_obstacles": "Main obstacle factors, {year} (mean obstacle degree)",
        "indices.ranking": "Scores, coupling coordination and ranks, {year}",
        "indices.rank": "Rank",
        "indices.region": "Region",
        "indices.score": "Composite score",
        "indices.level": "Coordination level",
        "indices.weights": "Indicators and weights",
        "indices.dimension": "Dimension",
        "indices.indicator": "Indicator",
        "indices.unit": "Unit",
        "indices.weight": "Weight",
        "indices.spearman": "Comparison with a published index (Spearman)",
        "indices.failed": "Cannot compute: {reason}",
        "nav.indices": "Indices",
    },
}
