"""The placement kernel: which nodes of a chain a text and its IPC codes belong to, and why.

Two public kinds of evidence, combined as CNIPA's 战略性新兴产业分类与国际专利分类参照关系表
(2021, 国知办函规字〔2021〕121号) pairs them — IPC codes together with keyword phrases and
exclusions — because IPC alone is not enough for these industries:

- **IPC code matched**: a record's IPC code lies under a node's code (``H01M10/0525`` under
  ``H01M10/05``; a main group such as ``H01M4`` covers ``H01M4/13`` but not ``H01M40``). The
  main IPC gives 0.9, another IPC 0.8.
- **Terms matched**: the node's keywords found in the text, leftmost-longest (so 太阳能电池组件
  is one term of 组件, not 太阳能电池 + 组件); a node's ``exclude`` phrase in the text drops its
  term match. Confidence grows with the longest term's length and the number of terms
  (0.45 + 0.04·len + 0.1·(n − 1), at most 0.85): long phrases are specific, two-character ones
  are not.
- Both: 1 − (1 − a)(1 − b).

Only the best-scoring nodes are kept (those within ``keep_ratio`` of the best), since a record
usually belongs to one step; several IPC-matched nodes are all kept. Pure functions, no
database: the service feeds rows in and writes placements out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xinzhi.chains.spec import normalise_ipc

IPC_MAIN = 0.9
IPC_OTHER = 0.8
TERM_BASE, TERM_PER_CHAR, TERM_PER_EXTRA, TERM_CAP = 0.45, 0.04, 0.1, 0.85
KEEP_RATIO = 0.999
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class NodeRule:
    key: str
    ipc: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass
class Hit:
    """One node a record is placed on, with the evidence in words a person can check."""

    node_key: str
    confidence: float
    method: str
    ipc: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def reasons(self) -> list[str]:
        out = list(self.notes)
        if self.ipc:
            out.append("IPC 分类号匹配：" + "、".join(self.ipc))
        if self.terms:
            out.append("关键词匹配：" + "、".join(self.terms))
        return out


def ipc_under(code: str, pattern: str) -> bool:
    """Whether IPC ``code`` lies under ``pattern`` (both normalised, e.g. H01M10/0525, H01M10)."""
    if not code.startswith(pattern):
        return False
    if len(code) == len(pattern) or "/" in pattern or len(pattern) == 4:
        return True
    return code[len(pattern)] == "/"  # H01M4 covers H01M4/13, not H01M40/…


def term_confidence(terms: Sequence[str]) -> float:
    if not terms:
        return 0.0
    longest = max(len(t) for t in terms)
    value = TERM_BASE + TERM_PER_CHAR * longest + TERM_PER_EXTRA * (len(set(terms)) - 1)
    return round(min(TERM_CAP, value), 4)


def combine(a: float, b: float) -> float:
    return round(1 - (1 - a) * (1 - b), 4)


class Placer:
    """Compiled rules of one chain: one regular expression over every keyword, longest first."""

    def __init__(
        self, rules: Iterable[NodeRule], *, keep_ratio: float = KEEP_RATIO,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:  # fmt: skip
        self.rules = list(rules)
        self.keep_ratio, self.min_confidence = keep_ratio, min_confidence
        self.term_nodes: dict[str, list[str]] = {}
        for rule in self.rules:
            for word in rule.keywords:
                self.term_nodes.setdefault(word.casefold(), []).append(rule.key)
        words = sorted(self.term_nodes, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
        )
        self.excludes = {r.key: tuple(e.casefold() for e in r.exclude) for r in self.rules}
        self.ipc_rules = [(r.key, [normalise_ipc(c) for c in r.ipc]) for r in self.rules if r.ipc]

    def terms(self, text: str) -> dict[str, list[str]]:
        """Node key → the keywords found in ``text`` (leftmost-longest, exclusions applied)."""
        found: dict[str, list[str]] = {}
        if self.pattern is None or not text:
            return found
        folded = text.casefold()
        for match in self.pattern.finditer(text):
            word = match.group(0).casefold()
            for key in self.term_nodes.get(word, ()):
                if any(e in folded for e in self.excludes[key]):
                    continue
                bucket = found.setdefault(key, [])
                if match.group(0) not in bucket:
                    bucket.append(match.group(0))
        return found

    def ipc_hits(self, codes: Sequence[str], main: str = "") -> dict[str, tuple[float, list[str]]]:
        hits: dict[str, tuple[float, list[str]]] = {}
        if not codes and not main:
            return hits
        main_n = normalise_ipc(main) if main else ""
        all_codes = list(dict.fromkeys([main_n, *(normalise_ipc(c) for c in codes)]))
        for key, patterns in self.ipc_rules:
            matched = [c for c in all_codes if c and any(ipc_under(c, p) for p in patterns)]
            if matched:
                score = IPC_MAIN if main_n and main_n in matched else IPC_OTHER
                hits[key] = (score, matched)
        return hits

    def place(self, text: str, codes: Sequence[str] = (), main: str = "") -> list[Hit]:
        """The nodes ``text`` with IPC ``codes`` (``main`` first) belongs to, best first."""
        by_ipc = self.ipc_hits(codes, main)
        by_terms = self.terms(text)
        hits: list[Hit] = []
        for key in dict.fromkeys([*by_ipc, *by_terms]):
            ipc_score, ipc_codes = by_ipc.get(key, (0.0, []))
            terms = by_terms.get(key, [])
            term_score = term_confidence(terms)
            if ipc_score and term_score:
                hit = Hit(key, combine(ipc_score, term_score), "ipc+terms", ipc_codes, terms)
            elif ipc_score:
                hit = Hit(key, ipc_score, "ipc", ipc_codes)
            else:
                hit = Hit(key, term_score, "terms", terms=terms)
            if hit.confidence >= self.min_confidence:
                hits.append(hit)
        if not hits:
            return []
        best = max(h.confidence for h in hits)
        kept = [h for h in hits if h.ipc or h.confidence >= best * self.keep_ratio]
        return sorted(kept, key=lambda h: (-h.confidence, h.node_key))
