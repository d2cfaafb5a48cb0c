"""A user's query as full-text match expressions, with substring and synonym matching.

A query becomes *units* that must all match (AND). A unit is a query word (jieba precise mode)
or a term of the synonym list found in the query on word boundaries. A unit matches a record
when one of its *alternatives* does: the unit itself or one of its synonyms, each either as
index words (all of its words) or as a substring (the phrase of its character bigrams, stored in
the ``grams`` column of ``search_entries``). So 氢能 finds 氢能源 (jieba cuts it 氢 + 能源)
through the bigram 氢能, and 锂电池 finds 锂离子电池 through the synonym list.

The same units render as an FTS5 expression (SQLite) and a ``tsquery`` (PostgreSQL), so the
matching set is the same on both backends. User text only ever reaches the engines quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import rjieba

from xinzhi.core.text import STOPWORDS, normalise

# CJK Unified Ideographs (with extension A) and compatibility ideographs.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_UNITS = 24  # a pasted paragraph is cut to its first words instead of a huge expression
# Substring matching for units of 2 or 3 characters: a longer unit is found by its words
# (jieba search mode indexes the sub-words of long words), and the phrase of its bigrams was
# the costliest part of a query (position lists of common bigrams) for little recall.
SUBSTRING_LENGTHS = range(2, 4)


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of Chinese characters in ``text``, in order."""
    out: list[str] = []
    for run in CJK_RUN.findall(normalise(text)):
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    return out


@dataclass(frozen=True)
class Alternative:
    """One way a unit can match: all of ``words`` as index words, or ``grams`` as a substring."""

    words: tuple[str, ...]
    grams: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    text: str
    alternatives: tuple[Alternative, ...]


class Thesaurus:
    """Equivalent terms (``a = b = c``) and narrower terms (``a > b c``) from dictionary lines."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.equivalents: dict[str, set[str]] = {}
        self.narrower: dict[str, set[str]] = {}
        for raw in lines:
            line = raw.split("#", 1)[0].strip()
            if "=" in line:
                group = {normalise(t) for t in line.split("=") if t.strip()}
                for term in group:
                    self.equivalents.setdefault(term, set()).update(group - {term})
            elif ">" in line:
                head, _, rest = line.partition(">")
                self.narrower.setdefault(normalise(head), set()).update(
                    normalise(t) for t in rest.split()
                )
        self.terms = set(self.equivalents) | set(self.narrower)
        for more in self.narrower.values():
            self.terms |= more
        self.lengths = sorted({len(t) for t in self.terms}, reverse=True)

    def alternatives(self, term: str) -> list[str]:
        """``term``, its equivalents, and the narrower terms of any of them (one level)."""
        same = [term, *sorted(self.equivalents.get(term, ()))]
        out = dict.fromkeys(same)
        for head in same:
            out.update(dict.fromkeys(sorted(self.narrower.get(head, ()))))
        return list(out)


def bundled_synonym_lines() -> list[str]:
    path = resources.files("xinzhi.core").joinpath("data/synonyms.txt")
    return path.read_text("utf-8").splitlines()


@lru_cache(maxsize=4)
def thesaurus(extra: str | None = None) -> Thesaurus:
    """The bundled synonym list plus the deployment's own file (setting ``search_synonyms``)."""
    lines = bundled_synonym_lines()
    if extra:
        lines += Path(extra).read_text("utf-8").splitlines()
    return Thesaurus(lines)


def _is_word(token: str) -> bool:
    return bool(token.strip()) and token not in STOPWORDS and any(c.isalnum() for c in token)


def _alternative(text: str, *, substring: bool) -> Alternative | None:
    words = tuple(dict.fromkeys(t for t in (s.strip() for s in rjieba.cut(text)) if _is_word(t)))
    cjk = substring and CJK_RUN.fullmatch(text) is not None and len(text) in SUBSTRING_LENGTHS
    grams = tuple(bigrams(text)) if cjk else ()
    return Alternative(words, grams) if words or grams else None


def _unit(text: str, words: Thesaurus) -> Unit | None:
    """The unit of a query word or term: itself as words or substring, its synonyms as words
    (curated terms; their substrings would add cost and false hits, not recall)."""
    texts = words.alternatives(text)
    found = [_alternative(text, substring=True)]
    found += [_alternative(t, substring=False) for t in texts[1:]]
    alternatives = tuple(a for a in found if a is not None)
    return Unit(text, alternatives) if alternatives else None


def parse(query: str, words: Thesaurus) -> tuple[Unit, ...]:
    """The units of ``query``; empty when it has nothing searchable (punctuation, stopwords)."""
    units: dict[str, Unit] = {}
    for text, is_term in _segments(normalise(query), words):
        if (is_term or _is_word(text)) and text not in units:
            unit = _unit(text, words)
            if unit is not None:
                units[text] = unit
    return tuple(units.values())[:MAX_UNITS]


def _segments(text: str, words: Thesaurus) -> list[tuple[str, bool]]:
    """``(text, is_term)``: synonym-list terms on word boundaries, and the other words.

    A single Chinese character jieba leaves alone (丝网印 → 丝网 + 印) is joined with the
    Chinese words around it, so the run is looked for as one substring (丝网印刷 contains it).
    """
    starts, pos = [], 0
    for piece in rjieba.cut(text):
        starts.append((pos, piece))
        pos += len(piece)
    ends = {start + len(piece) for start, piece in starts}
    out: list[tuple[str, bool]] = []
    covered_until = 0
    for start, piece in starts:
        if start < covered_until:
            continue
        term = next(
            (
                text[start : start + n]
                for n in words.lengths
                if start + n in ends and text[start : start + n] in words.terms
            ),
            None,
        )
        covered_until = start + len(term or piece)
        out.append((term, True) if term else (piece.strip(), False))
    return _join_single_characters(out)


def _join_single_characters(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    run: list[str] = []

    def flush() -> None:
        if any(len(p) == 1 for p in run) and len(run) > 1:
            out.append(("".join(run), False))
        else:
            out.extend((p, False) for p in run)
        run.clear()

    for text, is_term in segments:
        if not is_term and CJK_RUN.fullmatch(text) and text not in STOPWORDS:
            run.append(text)
            continue
        flush()
        out.append((text, is_term))
    flush()
    return out


def _fts_phrase(column: str, tokens: Iterable[str]) -> str:
    return f'{column} : "' + " ".join(tokens).replace('"', '""') + '"'


def fts5_expression(units: tuple[Unit, ...], entity_type: str | None = None) -> str:
    """An FTS5 MATCH expression over the columns ``entity_type``, ``tokens``, ``grams``.

    With ``entity_type`` the index itself keeps to one record type: right for counting, but
    bm25 then computes the IDF of that phrase (every entry of the type) on each query, so ranking
    queries leave it out and filter the type on ``search_entries`` instead.
    """
    parts = [_fts_phrase("entity_type", [entity_type])] if entity_type else []
    for unit in units:
        options = []
        for alt in unit.alternatives:
            if alt.words:
                options.append(" AND ".join(_fts_phrase("tokens", [w]) for w in alt.words))
            if alt.grams:
                options.append(_fts_phrase("grams", alt.grams))
        parts.append("(" + " OR ".join(f"({o})" for o in options) + ")")
    return " AND ".join(parts)


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_conditions(units: tuple[Unit, ...]) -> tuple[str, dict[str, str]]:
    """SQL over ``e.tsv`` (words) and ``e.tsv_grams`` (bigrams) and its ``to_tsquery`` texts.

    Each unit is ``(tsv @@ words OR tsv_grams @@ phrase)``, units joined by AND: GIN answers
    each side; the bind values ``rank_words``/``rank_grams`` are every word and bigram (OR) for
    ``ts_rank``.
    """
    clauses, params = [], {}
    words_all: dict[str, None] = {}
    grams_all: dict[str, None] = {}
    for i, unit in enumerate(units):
        words = [" & ".join(map(_lexeme, a.words)) for a in unit.alternatives if a.words]
        phrases = [" <-> ".join(map(_lexeme, a.grams)) for a in unit.alternatives if a.grams]
        sides = []
        if words:
            params[f"w{i}"] = " | ".join(f"({w})" for w in words)
            sides.append(f"e.tsv @@ to_tsquery('simple', :w{i})")
        if phrases:
            params[f"g{i}"] = " | ".join(f"({p})" for p in phrases)
            sides.append(f"e.tsv_grams @@ to_tsquery('simple', :g{i})")
        clauses.append("(" + " OR ".join(sides) + ")")
        for alt in unit.alternatives:
            words_all.update(dict.fromkeys(alt.words))
            grams_all.update(dict.fromkeys(alt.grams))
    params["rank_words"] = " | ".join(map(_lexeme, words_all))
    params["rank_grams"] = " | ".join(map(_lexeme, grams_all))
    return " AND ".join(clauses), params
