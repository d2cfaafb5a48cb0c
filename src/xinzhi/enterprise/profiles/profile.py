"""The enterprise profile every rule pack, risk indicator and policy condition reads.

Money is in 万元 (as in the catalog), shares in percent, dates ISO. A field left out is *unknown*,
never zero: rules that need it report ``missing_data`` and name the field. Yearly figures are one
:class:`YearData` per fiscal year; ``上年度`` in the MIIT texts is the assessment's reference year.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Wan = Annotated[float | None, Field(description="万元")]
Count = Annotated[int | None, Field(ge=0)]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class IpKind(enum.StrEnum):
    """IP kinds of 63号/115号/2016 高企 rules; the class (Ⅰ/Ⅱ) follows from the kind."""

    INVENTION = "invention"
    DEFENSE_PATENT = "defense_patent"
    PLANT_VARIETY = "plant_variety"
    CROP_VARIETY = "crop_variety"
    NEW_DRUG = "new_drug"
    TCM_PROTECTION = "tcm_protection"
    IC_LAYOUT = "ic_layout"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    SOFTWARE = "software"


CLASS_I = frozenset(
    {
        IpKind.INVENTION,
        IpKind.DEFENSE_PATENT,
        IpKind.PLANT_VARIETY,
        IpKind.CROP_VARIETY,
        IpKind.NEW_DRUG,
        IpKind.TCM_PROTECTION,
        IpKind.IC_LAYOUT,
    }
)


class Ownership(enum.StrEnum):
    OWN = "own"  # 自主研发
    TRANSFERRED = "transferred"  # 受让、受赠、并购
    LICENSED = "licensed"


class IpItem(Shape):
    """One valid IP right. ``high_value`` is 63号's Ⅰ类高价值 (overseas family, >10 years, …)."""

    kind: IpKind = Field(title="知识产权类别")
    number: str = Field("", title="编号")
    ownership: Ownership = Field(Ownership.OWN, title="获得方式")
    granted_on: dt.date | None = Field(None, title="授权日")
    acquired_on: dt.date | None = Field(None, title="受让日", description="transfers only")
    expires_on: dt.date | None = Field(None, title="到期日")
    high_value: bool = Field(False, title="Ⅰ类高价值")
    main_product: bool = Field(True, title="与主导产品相关")
    applied: bool | None = Field(None, title="已应用并产生效益")
    holder_rank: int | None = Field(None, ge=1, title="权利人排名")

    @property
    def ip_class(self) -> str:
        return "I" if self.kind in CLASS_I else "II"


class AwardLevel(enum.StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"  # 省部级
    MUNICIPAL = "municipal"


class AwardKind(enum.StrEnum):
    SCI_TECH = "sci_tech"  # 科学技术奖
    CHINA_PATENT = "china_patent"
    QUALITY = "quality"  # 质量奖
    MAKERS_CHINA = "makers_china"  # 创客中国大赛


class Award(Shape):
    kind: AwardKind = Field(AwardKind.SCI_TECH, title="奖项类别")
    level: AwardLevel = Field(title="级别")
    year: int = Field(title="年份")
    rank: int | None = Field(None, ge=1, title="排名")
    top: int | None = Field(None, ge=1, title="创客中国名次段", description="500 or 50")


class TitleKind(enum.StrEnum):
    HIGH_TECH = "high_tech"  # 高新技术企业
    TECH_INNOVATIVE = "tech_innovative_sme"  # 科技和创新型中小企业 (2026)
    INNOVATIVE = "innovative_sme"  # 创新型中小企业
    TECH_SME = "tech_sme"  # 科技型中小企业
    SPECIALISED = "specialised_sme"  # 专精特新中小企业
    LITTLE_GIANT = "little_giant"  # 专精特新"小巨人"
    SINGLE_CHAMPION = "single_champion"  # 制造业单项冠军
    INNOVATION_DEMO = "innovation_demo"  # 国家级技术创新示范企业
    IP_ADVANTAGE = "ip_advantage"  # 知识产权优势企业
    IP_DEMO = "ip_demo"  # 知识产权示范企业


class Title(Shape):
    kind: TitleKind = Field(title="称号")
    issued_on: dt.date | None = Field(None, title="认定日期")
    expires_on: dt.date | None = Field(None, title="有效期至")

    def valid_on(self, day: dt.date) -> bool:
        started = self.issued_on is None or self.issued_on <= day
        return started and (self.expires_on is None or day <= self.expires_on)


class InstitutionLevel(enum.StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"  # 省部级
    MUNICIPAL = "municipal"
    BELOW = "below"


LEVEL_ORDER = {"national": 4, "provincial": 3, "municipal": 2, "below": 1}


class RdInstitution(Shape):
    name: str = Field("", title="研发机构名称")
    level: InstitutionLevel = Field(title="级别")
    joint: bool = Field(False, title="联合共建")


class Standard(Shape):
    level: str = Field(
        title="标准级别",
        description="international, national, industry, group, test_method (检测方法), "
        "technical_spec (技术规范)",
    )
    year: int = Field(title="年份")
    lead: bool = Field(True, title="主导制定")


class FieldCategory(enum.StrEnum):
    """63号 附件2 indicator 4: the main product's field."""

    KEY_CHAIN = "key_chain"  # 补短板、锻长板、填空白 with real results
    SIX_BASICS = "six_basics"  # 工业六基 / 中华老字号 / serves a chain leader
    OTHER = "other"


class YearData(Shape):
    """One fiscal year's figures (万元 unless noted)."""

    year: int = Field(ge=1990, le=2100, title="年度")
    revenue: Wan = Field(None, title="营业收入")
    main_revenue: Wan = Field(None, title="主营业务收入")
    high_tech_revenue: Wan = Field(None, title="高新技术产品收入")
    total_income: Wan = Field(
        None,
        title="收入总额",
        description="企业所得税法第六条的收入总额（高企总收入 = 收入总额 − 不征税收入）",
    )
    non_taxable_income: Wan = Field(
        None, title="不征税收入", description="企业所得税法第七条的不征税收入；没有则填 0"
    )
    rd_expense: Wan = Field(None, title="研发费用")
    rd_expense_domestic: Wan = Field(None, title="境内研发费用")
    cost_total: Wan = Field(None, title="成本费用总额")
    employees: Count = Field(None, title="职工总数")
    rd_staff: Count = Field(None, title="研发人员数")
    tech_staff: Count = Field(None, title="科技人员数")
    total_assets: Wan = Field(None, title="资产总额")
    total_liabilities: Wan = Field(None, title="负债总额")
    current_assets: Wan = Field(None, title="流动资产")
    current_liabilities: Wan = Field(None, title="流动负债")
    net_profit: Wan = Field(None, title="净利润")
    equity_financing: Wan = Field(None, title="新增股权融资", description="合格机构投资者实缴额")
    top_customer_share: float | None = Field(None, ge=0, le=100, title="前五大客户收入占比%")
    conversions: Count = Field(None, title="科技成果转化数")
    platform_score: float | None = Field(None, ge=0, le=100, title="专精特新发展评价得分")


class Declarations(Shape):
    """Facts the firm declares and the authorities verify; no figure can stand in for them."""

    resident: bool | None = Field(None, title="境内注册居民企业")
    not_restricted: bool | None = Field(None, title="产品不属于限制/淘汰类")
    no_major_accident: bool | None = Field(None, title="无重大安全/质量/环境事故")
    no_incident_3y: bool | None = Field(
        None,
        title="近三年无重大事故及偷漏税等违法违规行为",
        description=(
            "近三年未发生重大安全（含网络安全、数据安全）、质量、环境污染等事故以及偷漏税等"
            "违法违规行为（工信部企业〔2022〕63号）。否 = 发生过；不填 = 未回答（缺少数据）"
        ),
    )
    no_research_misconduct: bool | None = Field(
        None,
        title="未发生科研严重失信行为",
        description="上一年度至评价当年未发生科研严重失信行为（国科发政〔2017〕115号第六条（四））",
    )
    no_dishonesty: bool | None = Field(None, title="未列入严重失信名单")
    supported_field: bool | None = Field(None, title="属于国家重点支持的高新技术领域")
    core_ip_support: bool | None = Field(None, title="知识产权对主要产品起核心支持作用")
    key_chain_link: bool | None = Field(None, title="位于产业链关键环节")
    priority_field: bool | None = Field(None, title="属于六基/制造强国/网络强国重点领域")
    info_system: bool | None = Field(None, title="核心业务采用信息系统支撑")
    own_brand: bool | None = Field(None, title="拥有自主品牌")
    mgmt_certified: bool | None = Field(None, title="管理体系认证或发达国家产品认证")
    iso9001: bool | None = Field(None, title="质量管理体系认证")


class EnterpriseProfile(Shape):
    """Everything the assessments read about one enterprise."""

    name: str = Field(min_length=1, max_length=256, title="企业名称")
    credit_code: str | None = Field(None, max_length=18, title="统一社会信用代码")
    region_code: str | None = Field(None, title="行政区划代码")
    industry: str = Field("", title="国民经济行业")
    registered_on: dt.date | None = Field(None, title="成立日期")
    niche_since: int | None = Field(None, ge=1900, title="进入细分市场年份")
    strategic_emerging: bool | None = Field(None, title="属于战略性新兴产业")
    field_category: FieldCategory | None = Field(None, title="主导产品所属领域")
    digital_level: int | None = Field(None, ge=0, le=6, title="数字化水平等级")
    market_share: float | None = Field(None, ge=0, le=100, title="细分市场占有率%")
    market_rank: int | None = Field(None, ge=1, title="细分市场排名")
    local_feature_points: float | None = Field(None, ge=0, le=15, title="地方特色指标得分")
    rd_ratio_basis: str | None = Field(
        None, title="科技型研发投入口径", description="revenue, cost or higher (择高)"
    )
    listed_ic_or_machine_tool: bool | None = Field(None, title="集成电路/工业母机企业清单内")
    last_data_update: dt.date | None = Field(None, title="最近数据更新日期")
    years: list[YearData] = Field(default_factory=list, title="年度数据")
    ip: list[IpItem] = Field(default_factory=list, title="知识产权")
    awards: list[Award] = Field(default_factory=list, title="奖励")
    titles: list[Title] = Field(default_factory=list, title="称号证书")
    rd_institutions: list[RdInstitution] = Field(default_factory=list, title="研发机构")
    standards: list[Standard] = Field(default_factory=list, title="标准")
    declarations: Declarations = Field(default_factory=Declarations, title="声明事项")
    expert_scores: dict[str, float] = Field(
        default_factory=dict,
        title="专家评分",
        description="points an expert gave for an indicator that cannot be computed, by its id",
    )

    def year(self, year: int) -> YearData | None:
        return next((y for y in self.years if y.year == year), None)

    @property
    def latest_year(self) -> int | None:
        return max((y.year for y in self.years), default=None)
