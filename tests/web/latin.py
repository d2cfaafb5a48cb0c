"""Latin words in what a page shows: the language walk's check that the Chinese interface is
Chinese. Units, standard and method names that Chinese documents write in Latin letters are
allowed; anything else (an enum code, ``True``, ``None``, an English message) is reported."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Written in Latin letters in Chinese documents too: standards, methods, units, formats, names,
# and GB/T 7714 document-type marks ([J] journal, [M] book, [R] report).
ALLOWED = frozenset(
    """
    GB GB/T T TRL IPC CPC PCT ISO GDP R D RD SME AI IT IC TOPSIS CRITIC BM25 CSV TSV JSON XLSX
    XLS Excel Word PDF PNG SVG NASA EU MIIT API ID URL HTTP HTTPS CO SO NO PM WIPO USPTO EPO CN
    US JP KR EP WO DE FR GB KB MB GB kWh kW MW GW Wh mAh V A Ah nm mm cm m km kg g t h s min MPa
    Pa Li Na Si Ga N O H C Fe Ni Co Mn xinzhi DII Dagum Gini Moran Kernel ECharts S Logistic
    Pearl Gompertz Kleinberg LNG LED OLED SiC GaN BMS MES ERP PLC CNC UV PVDF PET PE PP PLA PHA
    CAR T CAR-T mRNA DNA RNA PCR CT MRI PET-CT AIGC GPU CPU FPGA SoC MEMS IoT ICT VR AR XR LiDAR
    Ⅰ Ⅱ I II III IV V VI VII VIII IX A B C D E F J M R Z Silverman Scott SciPy
    xlsx csv tsv json docx UTF-8 GB18030 GBK
    """.split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")
SKIP = {"script", "style", "template", "noscript", "code", "pre"}


class _Text(HTMLParser):
    """The text a person reads: element text and the labels read aloud (title, aria-label,
    placeholder, alt), without scripts, styles, templates or code samples."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)
        if tag in ("input", "option") and ("type", "submit") in attrs:
            self.parts.extend(v or "" for n, v in attrs if n == "value")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def latin_words(text: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """Latin words of ``text`` that are not on the allowed list, in order, once each."""
    found: dict[str, None] = {}
    for word in WORD.findall(text):
        parts = re.split(r"[-/]", word)
        if word in allowed or all(p in allowed or p.isdigit() for p in parts):
            continue
        if any(c.isdigit() for c in word):  # codes: CN112345678A, G06F, 5G, credit codes
            continue
        found[word] = None
    return list(found)
