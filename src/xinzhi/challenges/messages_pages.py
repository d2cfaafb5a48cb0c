"""Page texts of the 揭榜挂帅 pages: key → (中文, English)."""

from __future__ import annotations

PAGES: dict[str, tuple[str, str]] = {
    "chl.title": ("揭榜挂帅", "Open challenges"),
}
