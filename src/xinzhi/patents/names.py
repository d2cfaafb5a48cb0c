"""Applicant names: a display form and a comparison key that joins spellings of one applicant.

Patent exports spell one applicant many ways: full-width and half-width characters
(``华为技术（深圳）有限公司`` / ``华为技术(深圳)有限公司``), stray spaces, the legal form
(有限公司, 有限责任公司, 股份有限公司, 股份公司, 集团, 集团有限公司 …), and in Latin script
case, punctuation and the company suffix (``International Business Machines Corporation`` /
``INTERNATIONAL BUSINESS MACHINES CORP``; ``Samsung Electronics Co., Ltd.``). The key:

1. NFKC (full-width → half-width, ``（）`` → ``()``), lower case;
2. brackets removed, their content kept (``华为技术(深圳)`` → ``华为技术深圳``);
3. whitespace and punctuation removed (``&`` becomes ``and`` first);
4. legal forms removed from the end, repeatedly: the Chinese ones in ``ZH_LEGAL_FORMS``
   (longest first) and the Latin ones in ``LATIN_LEGAL_FORMS`` (as whole words), and
   ``株式会社`` at either end;
5. if nothing is left (a name that is only a legal form), the key of step 3.

The key deliberately joins a group with its listed company (``中国石油化工集团有限公司`` and
``中国石油化工股份有限公司``): for a landscape they are one applicant. Where that is wrong, an
alias (``xinzhi patents aliases add``) gives the name its own canonical form; see
:mod:`xinzhi.patents.aliases`. The rules follow the usual applicant clean-up of patent
analysis practice (e.g. the legal-form stripping of the OECD HAN database and of Magerman,
Van Looy & Song 2006, "Data production methods for harmonized patent statistics: patentee
name harmonization", Eurostat/KU Leuven), reduced to what is needed for Chinese exports.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZH_LEGAL_FORMS: tuple[str, ...] = tuple(
    sorted(
        (
            "集团股份有限公司",
            "集团有限责任公司",
            "集团有限公司",
            "股份有限公司",
            "有限责任公司",
            "股份公司",
            "有限公司",
            "集团公司",
            "总公司",
            "集团",
            "公司",
            "株式会社",
        ),
        key=len,
        reverse=True,
    )
)
LATIN_LEGAL_FORMS: frozenset[str] = frozenset(
    """
    co corp corporation company companies inc incorporated ltd limited llc llp lp plc
    gmbh ag kg ohg mbh se sa sas sarl srl spa bv nv ab as oy kk kabushiki kaisha
    pty pte holdings holding group the
    """.split()
)
_SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"[()\[\]{}<>【】〔〕《》]")
_PUNCT = re.compile(r"[^\w]", re.UNICODE)
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")  # s.a. k.k. s.p.a. n.v.
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def clean_name(name: str) -> str:
    """Display form: NFKC, whitespace collapsed, none next to a Chinese character.

    ``华为技术 （深圳） 有限公司`` → ``华为技术(深圳)有限公司``; Latin names keep their case.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    text = _SPACE_NEAR_CJK.sub("", text)
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=200_000)
def applicant_key(name: str) -> str:
    """The comparison key of an applicant name (see the module docstring); ``""`` for blanks."""
    text = unicodedata.normalize("NFKC", name).lower().replace("&", " and ")
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _BRACKETS.sub(" ", text)
    words = _LATIN_WORD.findall(text)
    if words and len("".join(words)) == len(_PUNCT.sub("", text)):
        return _latin_key(words)
    flat = _PUNCT.sub("", text).replace("_", "")
    return _strip_zh(flat) or flat


def _latin_key(words: list[str]) -> str:
    """Latin-script names: drop legal-form words from the end (and a leading 'the')."""
    core = list(words)
    while len(core) > 1 and core[-1] in LATIN_LEGAL_FORMS:
        core.pop()
    if len(core) > 1 and core[0] == "the":
        core.pop(0)
    return "".join(core)


def _strip_zh(text: str) -> str:
    """Remove Chinese legal forms from the end (repeatedly) and 株式会社 from the start."""
    if text.startswith("株式会社"):
        text = text[len("株式会社") :]
    changed = True
    while changed:
        changed = False
        for form in ZH_LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)]
                changed = True
                break
    return text
