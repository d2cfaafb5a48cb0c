"""The applicant alias table and the one function analyses read applicant names through.

``canonical_applicant(name, names)`` applies the normaliser
(:func:`xinzhi.patents.names.applicant_key`) and then the alias table: a name whose key has an
alias becomes the alias's canonical name; a name whose key is the key of some canonical name
becomes that canonical name; any other name becomes the most frequent spelling of its key
among the names the analysis saw (ties: the shorter, then the first in sort order), so
``华为技术(深圳)有限公司`` and ``华为技术（深圳）股份有限公司`` count as one applicant under one
readable name.

:func:`load_applicant_names` reads the alias table once per analysis; ``ApplicantNames.apply``
maps every patent's applicant list (each canonical name counted once per patent).

The service functions take a session and flush, never commit; the boundary owns the unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Patent
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.patents.models import AliasSource, ApplicantAlias
from xinzhi.patents.names import applicant_key, clean_name

NAME_CHARS = 256


@dataclass
class ApplicantNames:
    """Normaliser + alias table, loaded once per analysis."""

    aliases: dict[str, str] = field(default_factory=dict)  # key → canonical name
    spellings: dict[str, str] = field(default_factory=dict)  # key → most frequent spelling

    def learn(self, names: Iterable[str]) -> None:
        """Choose each key's display spelling from the names an analysis reads."""
        counts: dict[str, Counter[str]] = {}
        for name in names:
            if not name:
                continue
            key = applicant_key(name)
            if key and key not in self.aliases:
                counts.setdefault(key, Counter())[clean_name(name)] += 1
        for key, spelled in counts.items():
            self.spellings[key] = min(spelled.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[
                0
            ]

    def canonical(self, name: str) -> str:
        key = applicant_key(name)
        if not key:
            return ""
        return self.aliases.get(key) or self.spellings.get(key) or clean_name(name)

    def apply(self, lists: Iterable[Sequence[str] | None]) -> list[list[str]]:
        """Each patent's applicants as canonical names, once each, in their first order."""
        lists = list(lists)
        self.learn(name for names in lists for name in names or ())
        memo: dict[str, str] = {}
        out: list[list[str]] = []
        for names in lists:
            mapped: dict[str, None] = {}
            for name in names or ():
                canonical = memo.get(name)
                if canonical is None:
                    canonical = memo[name] = self.canonical(name)
                if canonical:
                    mapped[canonical] = None
            out.append(list(mapped))
        return out


def canonical_applicant(name: str, names: ApplicantNames) -> str:
    """The canonical form of one applicant name: normaliser, then the alias table."""
    return names.canonical(name)


def load_applicant_names(session: Session) -> ApplicantNames:
    """The alias table as key → canonical name, plus each canonical name's own key."""
    rows = session.execute(select(ApplicantAlias.alias_key, ApplicantAlias.canonical)).all()
    aliases = {key: canonical for key, canonical in rows}
    for canonical in {c for _, c in rows}:
        aliases.setdefault(applicant_key(canonical), canonical)
    return ApplicantNames(aliases=aliases)


# --- the table -------------------------------------------------------------------------------


def _checked(text: str, what: str) -> str:
    value = clean_name(text or "")
    if not value:
        raise InvalidInput(f"{what}不能为空 ({what} is empty)")
    if len(value) > NAME_CHARS:
        raise InvalidInput(f"{what}超过 {NAME_CHARS} 个字符 (longer than {NAME_CHARS} characters)")
    return value


def list_aliases(session: Session, q: str = "", limit: int = 500) -> list[ApplicantAlias]:
    """Aliases in canonical-name order, optionally those whose alias or canonical contains q."""
    stmt = select(ApplicantAlias).order_by(ApplicantAlias.canonical, ApplicantAlias.alias)
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(ApplicantAlias.alias.like(like), ApplicantAlias.canonical.like(like)))
    return list(session.scalars(stmt.limit(limit)))


def add_alias(
    session: Session,
    alias: str,
    canonical: str,
    *,
    actor: str,
    source: AliasSource | str = AliasSource.MANUAL,
    note: str = "",
) -> ApplicantAlias:
    """Record that ``alias`` (and every spelling with its key) stands for ``canonical``.

    Refuses an alias whose key already has an alias (remove it first), an alias equal to its
    canonical name, and chains (a canonical name that is itself an alias of another name).
    """
    alias = _checked(alias, "别名 alias")
    canonical = _checked(canonical, "规范名称 canonical name")
    source = AliasSource(source)
    key = applicant_key(alias)
    if not key:
        raise InvalidInput(f"别名 {alias!r} 没有可比较的字符 (alias has no comparable characters)")
    existing = session.scalar(select(ApplicantAlias).where(ApplicantAlias.alias_key == key))
    if existing is not None:
        raise Conflict(
            f"别名已存在：{existing.alias} → {existing.canonical}；请先删除 "
            f"(an alias with this key already exists: {existing.alias} → {existing.canonical})"
        )
    if applicant_key(canonical) == key and alias == canonical:
        raise InvalidInput("别名与规范名称相同 (the alias is its own canonical name)")
    chained = session.scalar(
        select(ApplicantAlias).where(ApplicantAlias.alias_key == applicant_key(canonical))
    )
    if chained is not None and chained.canonical != canonical:
        raise InvalidInput(
            f"规范名称 {canonical} 本身是 {chained.canonical} 的别名；"
            f"请直接指向 {chained.canonical} "
            f"(the canonical name is itself an alias of {chained.canonical})"
        )
    row = ApplicantAlias(
        alias=alias,
        alias_key=key,
        canonical=canonical,
        source=source.value,
        created_by=actor[:128],
        note=note,
    )
    session.add(row)
    session.flush()
    return row


def get_alias(session: Session, ref: str | int) -> ApplicantAlias:
    """An alias by id or by any spelling of its name."""
    row: ApplicantAlias | None
    if isinstance(ref, int) or str(ref).isdigit():
        row = session.get(ApplicantAlias, int(ref))
    else:
        row = session.scalar(
            select(ApplicantAlias).where(ApplicantAlias.alias_key == applicant_key(str(ref)))
        )
    if row is None:
        raise NotFound(f"没有这个别名 (no such alias): {ref}")
    return row


def remove_alias(session: Session, ref: str | int) -> ApplicantAlias:
    row = get_alias(session, ref)
    session.delete(row)
    session.flush()
    return row


def alias_dict(row: ApplicantAlias) -> dict[str, Any]:
    return {
        "id": row.id,
        "alias": row.alias,
        "alias_key": row.alias_key,
        "canonical": row.canonical,
        "source": row.source,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "note": row.note,
    }


# --- suggestions ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """Raw applicant names sharing one key: the suggested canonical is the most frequent."""

    key: str
    canonical: str
    names: list[tuple[str, int]]  # (raw name, patents), most frequent first
    aliased: list[str]  # names already in the alias table

    @property
    def patents(self) -> int:
        return sum(n for _, n in self.names)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "canonical": self.canonical,
            "patents": self.patents,
            "names": [{"name": n, "patents": c} for n, c in self.names],
            "aliased": self.aliased,
        }


def applicant_counts(session: Session) -> Counter[str]:
    """Raw applicant name → number of patents naming it (exactly as stored)."""
    counts: Counter[str] = Counter()
    stmt = select(Patent.applicants)
    for (names,) in session.execute(stmt.execution_options(yield_per=5000)):
        counts.update({n for n in names or () if n})
    return counts


def suggest(session: Session, min_names: int = 2, limit: int = 200) -> list[Suggestion]:
    """Groups of raw applicant names that normalise to one key, biggest first, for review.

    A group is listed while some of its spellings are not yet aliases of one canonical name.
    """
    groups: dict[str, Counter[str]] = {}
    for name, count in applicant_counts(session).items():
        key = applicant_key(name)
        if key:
            groups.setdefault(key, Counter())[name] += count
    known = {row.alias_key: row.canonical for row in session.scalars(select(ApplicantAlias)).all()}
    out: list[Suggestion] = []
    for key, names in groups.items():
        if len(names) < min_names:
            continue
        ordered = sorted(names.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
        canonical = known.get(key) or clean_name(ordered[0][0])
        aliased = [n for n, _ in ordered if applicant_key(n) in known]
        out.append(Suggestion(key, canonical, ordered, aliased))
    out.sort(key=lambda s: (-s.patents, s.key))
    return out[:limit]


def accept(
    session: Session, suggestions: Iterable[Suggestion], *, actor: str
) -> list[ApplicantAlias]:
    """Store accepted suggestions: one ``auto`` alias per group, key → suggested canonical.

    Every spelling in the group shares the key, so one row covers the whole group; groups
    whose key already has an alias are left as they are.
    """
    rows = []
    for suggestion in suggestions:
        exists = session.scalar(
            select(ApplicantAlias.id).where(ApplicantAlias.alias_key == suggestion.key)
        )
        if exists is None:
            alias = next((n for n, _ in suggestion.names if clean_name(n) != suggestion.canonical),
                         suggestion.names[0][0])  # fmt: skip
            row = ApplicantAlias(
                alias=clean_name(alias)[:NAME_CHARS],
                alias_key=suggestion.key,
                canonical=suggestion.canonical[:NAME_CHARS],
                source=AliasSource.AUTO.value,
                created_by=actor[:128],
                note=f"{len(suggestion.names)} spellings, {suggestion.patents} patents",
            )
            session.add(row)
            rows.append(row)
    session.flush()
    return rows


def canonical_lists(session: Session, lists: Iterable[Sequence[str] | None]) -> list[list[str]]:
    """Every patent's applicants through :func:`canonical_applicant`, aliases loaded once."""
    return load_applicant_names(session).apply(lists)
