"""Patent landscape over a table of patents (one row per patent), independent of the database.

Input columns: ``id``, ``app_year``, ``pub_year`` (integers, missing as NA), ``applicants``,
``inventors``, ``ipc`` (lists of strings), ``province`` and ``kind`` (strings); ``title`` is
needed only for keyword bursts, ``pub_no`` only to name the most cited patents. The service
(:mod:`xinzhi.patents.service`) builds this frame from the catalog; the benchmark builds it in
memory. Concentration is the Herfindahl–Hirschman index HHI = Σ s_i² over the shares s_i
(Hirschman 1964; US DoJ/FTC Horizontal Merger Guidelines 2023 read it on the 0–10,000 scale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.regions import BY_CODE, region_code
from xinzhi.common.results import Explained
from xinzhi.patents.items import distinct, items_of, list_counts
from xinzhi.patents.network import coclassification

PUBLICATION_LAG = (
    "publication lag: applications are published about 18 months after filing, so counts by "
    "application year for the last one to two years are incomplete"
)
# CN kind codes (WIPO ST.16 as used by CNIPA): A/B/C invention, U/Y utility model, S/D design.
KINDS = {"A": "invention", "B": "invention", "C": "invention", "U": "utility", "Y": "utility"}
KINDS |= {"S": "design", "D": "design"}


def kind_of(pub_no: str) -> str:
    """invention / utility / design from the kind code at the end of a CN publication number."""
    code = pub_no.rstrip("0123456789")[-1:].upper()
    return KINDS.get(code, "unknown")


def hhi(counts: pd.Series) -> float:
    """Σ s_i² with s_i = count_i / Σ counts (0 for an empty series); 1 = one holder of all."""
    total = float(counts.sum())
    return float(((counts / total) ** 2).sum()) if total > 0 else 0.0


def concentration_ratio(counts: pd.Series, k: int = 4) -> float:
    """CR_k = Σ of the k largest shares (Bain 1951; CR4 > 0.4 reads as concentrated in
    common industrial-organisation practice); 0 for an empty series."""
    total = float(counts.sum())
    top = np.sort(np.asarray(counts, dtype=np.float64))[::-1][:k]
    return float(top.sum() / total) if total > 0 else 0.0


def yearly(frame: pd.DataFrame) -> pd.DataFrame:
    """Patents per application year and per publication year on one year index."""
    apps = frame["app_year"].dropna().astype(int).value_counts()
    pubs = frame["pub_year"].dropna().astype(int).value_counts()
    table = pd.DataFrame({"applications": apps, "publications": pubs}).fillna(0).astype(int)
    if table.empty:
        return table
    full = range(int(table.index.min()), int(table.index.max()) + 1)
    return table.reindex(full, fill_value=0).rename_axis("year")


def ipc_subclass(code: str) -> str:
    """The IPC subclass (first four characters, e.g. H02S) of an IPC code."""
    return code.replace(" ", "")[:4].upper()


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
    applicant_types: dict[str, int]
    regions: dict[str, dict[str, int]]
    coclassification: list[dict[str, Any]]
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
    provinces = frame["province"].replace("", np.nan).dropna().map(canonical_province)
    provinces = provinces.value_counts()
    ipc = list_counts(frame["ipc"], ipc_subclass)
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
            "cr4_applicants": concentration_ratio(applicants),
            "cr4_provinces": concentration_ratio(provinces),
            "cr4_ipc": concentration_ratio(ipc),
        },
        citations=citation_summary(frame, citations, top),
        applicant_types=type_counts(frame),
        regions=region_counts(frame, provinces),
        coclassification=top_pairs(frame, top),
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
    if "pub_no" in frame:  # name the most cited by publication number, not by internal id
        forward.index = forward.index.map(dict(zip(frame["id"], frame["pub_no"], strict=True)))
    return {
        "links": len(inside),
        "citing_patents": int(inside["citing_id"].nunique()),
        "cited_patents": int(forward.size),
        "mean_backward": float(len(inside) / max(len(frame), 1)),
        "most_cited": {str(k): int(v) for k, v in forward.head(top).items()},
    }


def type_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Patents per applicant type (:mod:`xinzhi.patents.actors`); a patent filed by a company
    and a university counts once for each type. Types are read once per distinct name."""
    from xinzhi.patents.actors import APPLICANT_TYPES, applicant_type

    found = items_of(frame["applicants"])
    if not len(found.rows):
        return {}
    kinds = {t: i for i, t in enumerate(APPLICANT_TYPES)}
    type_of = np.asarray([kinds[applicant_type(str(n))] for n in found.names], dtype=np.int64)
    pairs = distinct(found.rows * len(kinds) + type_of[found.codes])
    counts = np.bincount(pairs % len(kinds), minlength=len(kinds))
    return {k: int(counts[i]) for k, i in kinds.items() if counts[i]}


def canonical_province(name: str) -> str:
    """One name per province (江苏 and 江苏省 both count as 江苏省); unknown names stay as given."""
    code = region_code(name)
    return BY_CODE[code].name if code is not None else name


def region_counts(frame: pd.DataFrame, provinces: pd.Series) -> dict[str, dict[str, int]]:
    """Patents per macro-region (东部/中部/西部/东北, NBS 2011) of their province, and per
    origin (境内/港澳台/国外/未知) when the table has one (the service reads it from addresses)."""
    from xinzhi.common.regions import macro_region

    macro: dict[str, int] = {}
    for name, count in provinces.items():
        code = region_code(name)
        if code is not None:
            key = macro_region(code)
            macro[key] = macro.get(key, 0) + int(count)
    regions = {"macro_regions": dict(sorted(macro.items(), key=lambda kv: -kv[1]))}
    if "origin" in frame:
        regions["origins"] = _top(frame["origin"].value_counts(), 10)
    return regions


def top_pairs(frame: pd.DataFrame, top: int) -> list[dict[str, Any]]:
    """The ``top`` most frequent co-occurring IPC subclass pairs (see
    :mod:`xinzhi.patents.network` for the full table and its association strengths)."""
    pairs = coclassification(frame, level="subclass", top=top).pairs
    return [
        {str(k): (float(v) if isinstance(v, float) else v) for k, v in row.items()}
        for row in pairs.to_dict("records")
    ]
