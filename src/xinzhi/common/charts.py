"""Chart plumbing every report shares: matplotlib's object API (``Figure`` renders through Agg
on ``savefig``; no pyplot, so no global backend or figure state) with a CJK font.

Chinese labels need a CJK font: Noto Sans CJK (Debian ``fonts-noto-cjk``) when installed, else
other common CJK fonts; without one the charts are still drawn (glyphs may show as boxes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
)
DPI = 150


def cjk_font() -> str | None:
    """The first installed CJK font family, or ``None``."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def style() -> dict[Any, Any]:
    """rcParams for ``matplotlib.rc_context``: the CJK font and an ASCII minus sign."""
    font = cjk_font()
    params: dict[Any, Any] = {"axes.unicode_minus": False}
    if font:
        params["font.family"] = [font, "DejaVu Sans"]
    return params


def save(fig: Figure, path: Path) -> Path:
    """Lay out and write ``fig`` as a PNG at the shared resolution."""
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    return path
