"""Patent landscape over a table of patents (one row per patent), independent of the database.

Input columns: ``id``, ``app_year``, ``pub_year`` (integers, missing as NA), ``applicants``,
``inventors``, ``ipc`` (lists of strings), ``province`` and ``kind`` (strings). The service
(:mod:`xinzhi.patents.service`) builds this frame from the catalog; the benchmark builds it in
memory. Concentration is the Herfindahl–Hirschman index HHI = Σ s_i² over the shares s_i
(Hirschman 1964; US DoJ/FTC Horizontal Merger Guidelines 2023 read it on the 0–10,000 scale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.indices.result import Explained

PUBLICATION_LAG = (
    "publication lag: applications are published about 18 months after filing, so counts by "
    "application year for the last one to two years are incomplete"
)
# CN kind codes (WIPO ST.16 as used by CNIPA): A/B/C invention, U/Y utility model, S/D design.
KINDS = {"A": "invention", "B": "invention", "C": "invention", "U": "utility", "Y": "utility"}
KINDS |= {"S": "design", "D": "design"}


# Placeholders CNIPA prints instead of a name; they are not a person or an organisation.
PLACEHOLDERS = frozenset({"不公告发明人", "不公告发明人姓名", "不公告"})


def kind_of(pub_no: str) -> str:
    """invention / utility / design from the kind code at the end of a CN publication number."""
    code = pub_no.rstrip("0123456789")[-1:].upper()
    return KINDS.get(code, "unknown")


def hhi(counts: pd.Series) -> float:
    """Σ s_i² with s_i = count_i / Σ counts (0 for an empty series); 1 = one holder of all."""
    total = float(counts.sum())
    return float(((counts / total) ** 2).sum()) if total > 0 else 0.0


def list_counts(column: pd.Series) -> pd.Series:
    """Patents per list item (a name listed twice on one patent counts once)."""
    items = column.reset_index(drop=True).explode().dropna()
    items = items[(items != "") & ~items.isin(PLACEHOLDERS)]
    pairs = pd.DataFrame({"row": items.index, "item": items.to_numpy()}).drop_duplicates()
    return pairs["item"].value_counts()


def yearly(frame: pd.DataFrame) -> pd.DataFrame:
    """Patents per application year and per publication year on one year index."""
    apps = frame["app_year"].dropna().astype(int).value_counts()
    pubs = frame["pub_year"].dropna().astype(int).value_counts()
    table = pd.DataFrame({"applications": apps, "publications": pubs}).fillna(0).astype(int)
    if table.empty:
        return table
    full = range(int(table.index.min()), int(table.index.max()) + 1)
    return table.reindex(full, fill_value=0).rename_axis("year")


def ipc_subclass(codes: Any) -> list[str]:
    """IPC subclasses (first four characters, e.g. H02S) of a patent's codes, de-duplicated."""
    if not isinstance(codes, list | tuple | np.ndarray):
        return []
    return sorted({str(c).replace(" ", "")[:4].upper() for c in codes if str(c).strip()})


@dataclass(frozen=True)
class Landscape(Explained):
    """Counts, top holders, concentration and in-corpus citations of a set of patents."""

    total: int
    by_year: pd.DataFrame
    top_applicants: dict[str, int]
    top_inventors: dict[str, int]
    provinces: dict[str, int]
    ipc: dict[str, int]
    kinds: dict[str, int]
    concentration: dict[str, float]
    citations: dict[str, Any]
    top: int
    caveats: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.by_year


def _top(counts: pd.Series, top: int) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.head(top).items()}


def landscape(
    frame: pd.DataFrame, citations: pd.DataFrame | None = None, *, top: int = 10
) -> Landscape:
    """The landscape of ``frame``; ``citations`` holds (citing_id, cited_id) within the corpus."""
    applicants = list_counts(frame["applicants"])
    inventors = list_counts(frame["inventors"])
    provinces = frame["province"].replace("", np.nan).dropna().value_counts()
    ipc = list_counts(frame["ipc"].map(ipc_subclass))
    caveats = [PUBLICATION_LAG]
    if applicants.empty:
        caveats.append("no applicant names in these records: applicant figures are empty")
    if ipc.empty:
        caveats.append("no IPC codes in these records: the IPC distribution is empty")
    return Landscape(
        total=len(frame),
        by_year=yearly(frame),
        top_applicants=_top(applicants, top),
        top_inventors=_top(inventors, top),
        provinces=_top(provinces, len(provinces)),
        ipc=_top(ipc, top),
        kinds=_top(frame["kind"].value_counts(), 5),
        concentration={
            "hhi_applicants": hhi(applicants),
            "hhi_provinces": hhi(provinces),
            "hhi_ipc": hhi(ipc),
        },
        citations=citation_summary(frame, citations, top),
        top=top,
        caveats=caveats,
    )


def citation_summary(
    frame: pd.DataFrame, citations: pd.DataFrame | None, top: int
) -> dict[str, Any]:
    """Forward (cited by) and backward (cites) counts within the corpus, and the most cited."""
    if citations is None or citations.empty:
        return {"links": 0, "citing_patents": 0, "cited_patents": 0, "most_cited": {}}
    ids = set(frame["id"].tolist())
    inside = citations[citations["citing_id"].isin(ids) & citations["cited_id"].isin(ids)]
    forward = inside["cited_id"].value_counts()
    return {
        "links": len(inside),
        "citing_patents": int(inside["citing_id"].nunique()),
        "cited_patents": int(forward.size),
        "mean_backward": float(len(inside) / max(len(frame), 1)),
        "most_cited": {str(k): int(v) for k, v in forward.head(top).items()},
    }
