"""Exported cells cannot run as formulas and never crash the .xlsx writer (OWASP CSV
injection; issue #12). One function, ``common.office.safe_cell``, serves every exporter."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from xinzhi.common.office import safe_cell, unneutralise, workbook_bytes

DANGEROUS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", DANGEROUS, ids=["eq", "plus", "minus", "at", "tab", "cr", "link"])
def test_formula_like_text_is_neutralised_and_reads_back(text: str) -> None:
    cell = safe_cell(text)
    assert cell == "'" + text
    assert unneutralise(cell) == text


def test_plain_values_pass_and_control_characters_go() -> None:
    assert safe_cell("氢能 储能") == "氢能 储能"
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell("a\x00b\x07c\x1fd\te\nf") == "abcd\te\nf"
    assert safe_cell("\x01=1+1") == "'=1+1"  # a control character cannot hide a formula
    assert unneutralise("'plain") == "'plain"


def test_a_workbook_of_frames_holds_text_not_formulas() -> None:
    frame = pd.DataFrame({"名称": ["=1+1", "ok\x0b"], "数": [1, -2]})
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"表\x00": frame})))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("名称", "数"), ("'=1+1", 1), ("ok", -2)]
