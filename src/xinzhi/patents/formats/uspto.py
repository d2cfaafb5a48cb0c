"""USPTO full-text XML (grants and applications, ST.36 "v4.x", 2005 on) read as a table.

USPTO's weekly bulk files (``ipgYYMMDD.xml``, ``ipaYYMMDD.xml``, usually zipped) are many XML
documents written one after another, each with its own ``<?xml …?>`` declaration; a file is
cut at those declarations and each document parsed on its own with the standard library
(``xml.etree.ElementTree``'s pull parser, stopping after the abstract: the description and
claims are not needed), so one broken document is one rejected row, not a lost file. A
``.zip`` is read member by member (its ``.xml`` members).

Per document (``us-patent-grant`` or ``us-patent-application``, DTD versions v4.0 2004 to
v4.7): publication number = country + number without leading zeros + kind
(``US08930553`` B2 → ``US8930553B2``, the form citations and Lens use), application number,
dates, title, abstract, IPC (``classifications-ipcr``, or the older ``classification-ipc``)
with the first as main, CPC (``main-cpc`` then ``further-cpc``), applicants = the assignees
(the owners) or, without any, the applicants, inventors, and the patent citations with who
cited them: ``cited by examiner`` → ``examiner``, ``cited by applicant`` → ``applicant``,
``cited by other`` → ``other``, ``cited by third party`` → ``third party`` (stored in
``patent_citations.category``). Non-patent citations are counted (``npl_citations``), the
US classification kept (``uspc``).

Not read: the pre-2005 formats (SGML/ST.32 ``PATDOC`` and ``patent-application-publication``
v1.x, the APS "greenbook" text) and XML4IP file-wrapper documents (claims, description or
abstract of one application, without bibliographic data); a document of those kinds is a row
error naming its type.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree as ET

from xinzhi.catalog.importing.readers import read_bytes
from xinzhi.catalog.importing.table import IsHeader, Table
from xinzhi.core.errors import InvalidInput

HEADERS = [
    "pub_no", "app_no", "app_date", "pub_date", "grant_date", "title", "abstract",
    "applicants", "inventors", "ipc_main", "ipc", "cpc", "address", "cites",
    "document_type", "kind", "uspc", "npl_citations", "citation_categories", "applicant_names",
]  # fmt: skip
ROOTS = {"us-patent-grant": "grant", "us-patent-application": "application"}
CATEGORIES = {
    "cited by examiner": "examiner",
    "cited by applicant": "applicant",
    "cited by other": "other",
    "cited by third party": "third party",
}
FEED = 1 << 16
STOP_AFTER = frozenset({"abstract", "description", "claims", "drawings"})
UNSUPPORTED = {
    "ClaimsDocument": "an XML4IP file-wrapper document (claims of one application, no "
    "bibliographic data: no publication number, title or dates)",
    "SpecificationDocument": "an XML4IP file-wrapper document (description or abstract of one "
    "application, no bibliographic data: no publication number, title or dates)",
    "PATDOC": "a 2001–2004 grant in the SGML-derived ST.32 format, not read",
    "patent-application-publication": "a 2001–2004 application in the v1.x format, not read",
}
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_OLD_IPC = re.compile(r"^([A-H])\s*(\d\d)\s*([A-Z])\s*0*(\d+)\s*/\s*(\d+)")


def read_uspto_xml(path: Path, is_header: IsHeader) -> Table:
    """Every grant or application document of ``path`` (XML, concatenated XML, or a .zip)."""
    del is_header
    table = Table(headers=list(HEADERS), rows=[], header_row=0, format="uspto-xml")
    table.encoding = "utf-8"
    for number, document in enumerate(_documents(path), start=1):
        try:
            cells = document_row(document)
        except (ET.ParseError, ValueError) as exc:
            table.cell_errors[(number, 0)] = f"document {number} not read: {exc}"
            cells = [None] * len(HEADERS)
        table.rows.append((number, cells))
    if not table.rows:
        raise InvalidInput(f"{path.name}: no XML documents found")
    return table


def _documents(path: Path) -> Iterator[bytes]:
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, FileNotFoundError) as exc:
            raise InvalidInput(f"{path.name}: not a readable zip file ({exc})") from None
        with archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".xml")]
            if not members:
                raise InvalidInput(f"{path.name}: the zip file holds no .xml files")
            for member in sorted(members):
                yield from split_documents(archive.read(member))
        return
    yield from split_documents(read_bytes(path, path.name.lower().endswith(".gz")))


def split_documents(raw: bytes) -> Iterator[bytes]:
    """The XML documents of a file, cut at each ``<?xml`` declaration."""
    starts = [m.start() for m in _DECLARATION.finditer(raw)]
    if not starts or raw[: starts[0]].strip():
        starts = [0, *starts]
    for begin, end in zip(starts, [*starts[1:], len(raw)], strict=True):
        chunk = raw[begin:end].strip()
        if chunk:
            yield chunk


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _child_text(element: ET.Element | None, path: str) -> str:
    return _text(element.find(path)) if element is not None else ""


def _date(value: str) -> str | None:
    """``20150106`` → ``2015-01-06``; a day or month of 00 (citation dates) → None."""
    if len(value) == 8 and value.isdigit() and value[4:6] != "00" and value[6:] != "00":
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def number(country: str, doc_number: str, kind: str = "", *, zeros: bool = False) -> str:
    """A publication number in the corpus's form: ``US`` + number without zeros + kind.

    ``zeros`` keeps leading zeros (application numbers: ``09832323``, series code 09).
    """
    digits = doc_number.replace("/", "").replace(",", "").replace(" ", "").upper()
    match = re.match(r"^([A-Z]*)0*(\d.*)$", digits)
    if match is not None and not zeros:
        digits = match.group(1) + match.group(2)
    return f"{country.strip().upper()}{digits}{kind.strip().upper()}"


def _classification(element: ET.Element) -> str:
    """An IPCR/CPC element as ``G06F15/16``."""
    parts = [_child_text(element, tag) for tag in ("section", "class", "subclass")]
    group, subgroup = _child_text(element, "main-group"), _child_text(element, "subgroup")
    return f"{''.join(parts)}{group}/{subgroup}" if group else "".join(parts)


def _old_ipc(text: str) -> str:
    """The v4.0 form ``G06F015/00`` (or ``G06F 15/00``) as ``G06F15/00``."""
    match = _OLD_IPC.match(text.strip())
    if match is None:
        return _SPACES.sub("", text)
    section, cls, sub, group, subgroup = match.groups()
    return f"{section}{cls}{sub}{int(group)}/{subgroup}"


def _party_name(party: ET.Element) -> str:
    book = party.find("addressbook")
    if book is None:
        book = party
    org = _child_text(book, "orgname")
    if org:
        return org
    first, last = _child_text(book, "first-name"), _child_text(book, "last-name")
    return " ".join(p for p in (first, last) if p) or _child_text(book, "name")


def _address(party: ET.Element | None) -> str:
    if party is None:
        return ""
    address = party.find("addressbook/address")
    parts = [_child_text(address, t) for t in ("city", "state", "country")]
    return ", ".join(p for p in parts if p)


def _parties(bib: ET.Element) -> tuple[list[ET.Element], list[ET.Element], list[ET.Element]]:
    """(applicants, inventors, assignees) in any of the v4.x layouts."""
    applicants = bib.findall("us-parties/us-applicants/us-applicant") or bib.findall(
        "parties/applicants/applicant"
    )
    inventors = bib.findall("us-parties/inventors/inventor") or bib.findall(
        "parties/inventors/inventor"
    )
    if not inventors:
        inventors = [a for a in applicants if "inventor" in a.get("app-type", "")]
    assignees = bib.findall("assignees/assignee")
    return applicants, inventors, assignees


def _head(raw: bytes) -> ET.Element:
    """The document's root with its children up to the abstract: parsing stops there, so the
    description and claims (most of a document's bytes) are never built."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    for start in range(0, len(raw), FEED):
        parser.feed(raw[start : start + FEED])
        for event, element in cast(Iterator[tuple[str, Any]], parser.read_events()):
            if not isinstance(element, ET.Element):
                continue
            if root is None and event == "start":
                root = element
            elif event == "end" and element.tag in STOP_AFTER and root is not None:
                return root
    parser.close()
    if root is None:
        raise ValueError("empty document")
    return root


def document_row(raw: bytes) -> list[Any]:
    """One document's cells in :data:`HEADERS` order."""
    root = _head(raw)
    kind_of_document = ROOTS.get(root.tag)
    if kind_of_document is None:
        tag = _local(root.tag)
        what = UNSUPPORTED.get(tag, "not a USPTO grant or application document")
        raise ValueError(f"unsupported document type <{tag}>: {what}")
    bib = root.find("us-bibliographic-data-grant")
    if bib is None:
        bib = root.find("us-bibliographic-data-application")
    if bib is None:
        raise ValueError("no bibliographic data")
    pub = bib.find("publication-reference/document-id")
    app = bib.find("application-reference/document-id")
    country = _child_text(pub, "country") or "US"
    kind = _child_text(pub, "kind")
    pub_no = number(country, _child_text(pub, "doc-number"), kind)
    pub_date = _date(_child_text(pub, "date"))
    app_no = number(
        _child_text(app, "country") or country, _child_text(app, "doc-number"), zeros=True
    )

    ipc = [_classification(c) for c in bib.findall("classifications-ipcr/classification-ipcr")]
    if not ipc:
        old = bib.find("classification-ipc")
        if old is not None:
            ipc = [_old_ipc(_child_text(old, "main-classification"))]
            ipc += [_old_ipc(_text(e)) for e in old.findall("further-classification")]
    ipc = [c for c in dict.fromkeys(ipc) if c]
    cpc = [
        _classification(c)
        for path in ("main-cpc", "further-cpc")
        for c in bib.findall(f"classifications-cpc/{path}/classification-cpc")
    ]

    applicants, inventors, assignees = _parties(bib)
    owners = [_party_name(a) for a in assignees]
    applicant_names = [_party_name(a) for a in applicants]
    named = [n for n in dict.fromkeys(owners or applicant_names) if n]
    first_party = assignees[0] if assignees else (applicants[0] if applicants else None)

    cites: list[str] = []
    categories: dict[str, str] = {}
    npl = 0
    for citation in bib.findall("us-references-cited/us-citation") + bib.findall(
        "references-cited/citation"
    ):
        category = CATEGORIES.get(_child_text(citation, "category").lower(), "")
        doc = citation.find("patcit/document-id")
        if doc is None:
            npl += citation.find("nplcit") is not None
            continue
        cited = number(
            _child_text(doc, "country"), _child_text(doc, "doc-number"), _child_text(doc, "kind")
        )
        if cited and len(cited) <= 32 and cited not in categories:
            cites.append(cited)
            categories[cited] = category

    return [
        pub_no,
        app_no,
        _date(_child_text(app, "date")),
        pub_date,
        pub_date if kind_of_document == "grant" else None,
        _child_text(bib, "invention-title"),
        _text(root.find("abstract")),
        named,
        [n for n in dict.fromkeys(_party_name(i) for i in inventors) if n],
        ipc[0] if ipc else "",
        ipc,
        [c for c in dict.fromkeys(cpc) if c],
        _address(first_party),
        cites,
        kind_of_document,
        kind,
        _child_text(bib, "classification-national/main-classification"),
        npl,
        categories,
        applicant_names,
    ]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_documents(raw: bytes) -> list[list[Any]]:
    """Rows of every document in ``raw`` (for tests and scripts)."""
    return [document_row(d) for d in split_documents(raw)]
